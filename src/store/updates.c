/* updates.c - the pulled updates' queue and the pull cursor (see updates.h). */
#include "store/updates.h"

#include <stdio.h>
#include <string.h>

#include "core/event.h"
#include "core/idnum.h"
#include "store/events.h"
#include "store/internal.h"

static pd_err step_done(struct pd_db *db, sqlite3_stmt *st, const char *what,
                        struct pd_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PD_OK : pd_db_fail(db, what, err);
}

pd_err pd_updates_store(struct pd_db *db, const char *cursor, const struct pd_update_in *u,
                        int n, int *added, struct pd_error *err)
{
    if (added)
        *added = 0;
    if (!cursor || !*cursor || strlen(cursor) >= PD_UPDATE_CURSOR_MAX)
        return pd_fail(err, PD_EINVAL, "cursor", "the district's cursor is empty or too long");
    char now[PD_EV_AT_MAX];
    pd_now_iso(now);
    pd_err rc = pd_db_begin(db, err);
    if (rc != PD_OK)
        return rc;
    int count = 0;
    for (int i = 0; i < n && rc == PD_OK; i++) {
        /* an id seen before is ignored: the first copy stands */
        sqlite3_stmt *st = pd_db_stmt(db, "INSERT OR IGNORE INTO district_updates(uid, type, at, data,"
                                      " received) VALUES(?,?,?,?,?)", err);
        if (!st) {
            rc = PD_EDB;
            break;
        }
        sqlite3_bind_text(st, 1, u[i].id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, u[i].type, -1, SQLITE_STATIC);
        pd_bind_text(st, 3, u[i].at);
        sqlite3_bind_text(st, 4, u[i].data ? u[i].data : "{}", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
        rc = step_done(db, st, "saving an update from the district", err);
        if (rc == PD_OK)
            count += sqlite3_changes(db->h);
    }
    if (rc == PD_OK)
        rc = pd_db_meta_set(db, "pull_cursor", cursor, err);
    if (rc == PD_OK)
        rc = pd_db_commit(db, err);
    else
        pd_db_rollback(db);
    if (rc == PD_OK && added)
        *added = count;
    return rc;
}

void pd_updates_cursor(struct pd_db *db, char *buf, size_t size)
{
    if (pd_db_meta_get(db, "pull_cursor", buf, size) != PD_OK)
        buf[0] = '\0';
}

#define COLS "num, uid, type, at, received, state, note, seq, person, done_at, done_by, data"

/* Fills u from a row of COLS; data parsed (a broken one becomes a string). */
static void fill(sqlite3_stmt *st, struct pd_update *u)
{
    memset(u, 0, sizeof *u);
    u->num = sqlite3_column_int64(st, 0);
    pd_col_text(st, 1, u->uid, sizeof u->uid);
    pd_col_text(st, 2, u->type, sizeof u->type);
    pd_col_text(st, 3, u->at, sizeof u->at);
    pd_col_text(st, 4, u->received, sizeof u->received);
    pd_col_text(st, 5, u->state, sizeof u->state);
    pd_col_text(st, 6, u->note, sizeof u->note);
    u->seq = sqlite3_column_int64(st, 7);
    pd_col_text(st, 8, u->person, sizeof u->person);
    pd_col_text(st, 9, u->done_at, sizeof u->done_at);
    pd_col_text(st, 10, u->done_by, sizeof u->done_by);
    const char *d = (const char *)sqlite3_column_text(st, 11);
    u->data = json_loads(d ? d : "{}", JSON_DECODE_ANY, NULL);
    if (!u->data)
        u->data = json_string(d ? d : "");
}

void pd_update_done(struct pd_update *u)
{
    if (u->data)
        json_decref(u->data);
    u->data = NULL;
}

pd_err pd_updates_get(struct pd_db *db, const char *uid, struct pd_update *u,
                      struct pd_error *err)
{
    memset(u, 0, sizeof *u);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT " COLS " FROM district_updates WHERE uid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    pd_err rc = PD_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        fill(st, u);
    else
        rc = pd_fail(err, PD_ENOTFOUND, "update", "no update %s from the district here "
                     "(popdesk updates list --all shows them)", uid);
    sqlite3_reset(st);
    return rc;
}

pd_err pd_updates_each(struct pd_db *db, enum pd_updates_filter f,
                       int (*cb)(void *ctx, const struct pd_update *u), void *ctx,
                       struct pd_error *err)
{
    static const char *const sql[] = {
        [PD_UPD_OPEN] = "SELECT " COLS " FROM district_updates WHERE state IN ('new','refused') ORDER BY num",
        [PD_UPD_ALL] = "SELECT " COLS " FROM district_updates ORDER BY num",
        [PD_UPD_NEW_POLICY] = "SELECT " COLS " FROM district_updates WHERE state='new'"
                              " AND type='policy.update' ORDER BY num",
    };
    /* not the cached statement: the callback may write (settle a row) */
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, sql[f], &st, err);
    if (rc != PD_OK)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_update u;
        fill(st, &u);
        int stop = cb(ctx, &u);
        pd_update_done(&u);
        if (stop)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the district's updates", err);
    sqlite3_finalize(st);
    return rc;
}

long long pd_updates_waiting(struct pd_db *db)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT count(*) FROM district_updates WHERE state='new'", NULL);
    if (!st)
        return 0;
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

/* The row must be of `type` (NULL: any) and still new. */
static pd_err open_row(struct pd_db *db, const char *uid, const char *type, struct pd_update *u,
                       struct pd_error *err)
{
    pd_err rc = pd_updates_get(db, uid, u, err);
    if (rc != PD_OK)
        return rc;
    if (type && strcmp(u->type, type) != 0) {
        rc = pd_fail(err, PD_EINVAL, "update", "update %s is a %s, not a %s", uid, u->type, type);
    } else if (strcmp(u->state, "new") != 0 && !(type == NULL && strcmp(u->state, "refused") == 0)) {
        if (u->seq)
            rc = pd_fail(err, PD_EEXIST, "update", "update %s is already %s (event seq %lld)", uid,
                         u->state, u->seq);
        else
            rc = pd_fail(err, PD_EEXIST, "update", "update %s is already %s", uid, u->state);
    }
    if (rc != PD_OK)
        pd_update_done(u);
    return rc;
}

static pd_err settle(struct pd_db *db, const char *uid, const char *state, const char *note,
                     long long seq, const char *person, const char *user, struct pd_error *err)
{
    char now[PD_EV_AT_MAX];
    pd_now_iso(now);
    sqlite3_stmt *st = pd_db_stmt(db, "UPDATE district_updates SET state=?, note=?, seq=?, person=?,"
                                  " done_at=?, done_by=? WHERE uid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, note);
    if (seq)
        sqlite3_bind_int64(st, 3, seq);
    pd_bind_text(st, 4, person);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    pd_bind_text(st, 6, user);
    sqlite3_bind_text(st, 7, uid, -1, SQLITE_STATIC);
    return step_done(db, st, "marking the update", err);
}

/* Saves ev and settles the row, in one transaction. */
static pd_err save_and_settle(struct pd_db *db, struct pd_event *ev, const char *uid,
                              const char *state, const char *note, const char *user,
                              struct pd_error *err)
{
    pd_err rc = pd_db_begin(db, err);
    if (rc != PD_OK)
        return rc;
    rc = pd_event_save(db, ev, user, err);
    if (rc == PD_OK)
        rc = settle(db, uid, state, note, ev->seq,
                    ev->type->kind == PD_EV_PERSON_MOVE_IN ? ev->person : NULL, user, err);
    if (rc == PD_OK)
        rc = pd_db_commit(db, err);
    else
        pd_db_rollback(db);
    return rc;
}

pd_err pd_updates_answer(struct pd_db *db, const char *uid, const char *answer, bool found,
                         const char *user, long long *seq, struct pd_error *err)
{
    if (!answer || !*answer)
        return pd_fail(err, PD_EINVAL, "answer", "the answer to the district is empty");
    struct pd_update u;
    pd_err rc = open_row(db, uid, "crosscheck.request", &u, err);
    if (rc != PD_OK)
        return rc;
    json_t *data = json_pack("{s:s, s:s, s:b}", "update", uid, "answer", answer, "found", found);
    /* the ID asked about goes back only when it is a valid number: the
     * district refuses an event carrying a bad one */
    const json_t *id = json_object_get(u.data, "id_number");
    struct pd_idinfo info;
    if (json_is_string(id) && pd_id_parse(json_string_value(id), pd_db_today(db), &info, NULL) == PD_OK)
        json_object_set(data, "id_number", (json_t *)id);
    pd_update_done(&u);
    struct pd_event ev;
    rc = pd_event_init(&ev, "crosscheck.answer", NULL, NULL, data, err);
    if (rc == PD_OK)
        rc = save_and_settle(db, &ev, uid, "answered", answer, user, err);
    if (rc == PD_OK && seq)
        *seq = ev.seq;
    pd_event_done(&ev);
    return rc;
}

pd_err pd_updates_confirm(struct pd_db *db, const char *uid, const char *household,
                          const json_t *extra, const char *user, char *person,
                          struct pd_error *err)
{
    if (!household || !*household)
        return pd_fail(err, PD_EINVAL, "household", "name the household the person moves into");
    struct pd_update u;
    pd_err rc = open_row(db, uid, "person.transfer_in", &u, err);
    if (rc != PD_OK)
        return rc;
    const json_t *pre = json_object_get(u.data, "person");
    if (!json_is_object(pre)) {
        pd_update_done(&u);
        return pd_fail(err, PD_EINVAL, "person", "transfer %s carries no pre-filled person record "
                       "(data.person); dismiss it and ask the district", uid);
    }
    json_t *data = json_deep_copy(pre);
    if (extra)
        json_object_update(data, (json_t *)extra);
    const json_t *date = json_object_get(u.data, "date");
    if (json_is_string(date) && !json_object_get(extra, "date")) {
        json_object_set(data, "date", (json_t *)date);
    } else if (!json_object_get(data, "date")) {
        struct pd_date t = pd_db_today(db);
        char buf[16];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.y, t.m, t.d);
        json_object_set_new(data, "date", json_string(buf));
    }
    const json_t *from = json_object_get(u.data, "from");
    if (json_is_string(from) && !json_object_get(data, "from"))
        json_object_set(data, "from", (json_t *)from);
    pd_update_done(&u);
    struct pd_event ev;
    rc = pd_event_init(&ev, "person.move_in", household, NULL, data, err);
    if (rc == PD_OK) {
        char note[PD_UPDATE_NOTE_MAX];
        snprintf(note, sizeof note, "moved into household %s", household);
        rc = save_and_settle(db, &ev, uid, "confirmed", note, user, err);
    }
    if (rc == PD_OK && person)
        pd_strlcpy(person, ev.person, 40);
    pd_event_done(&ev);
    return rc;
}

pd_err pd_updates_dismiss(struct pd_db *db, const char *uid, const char *note,
                          const char *user, struct pd_error *err)
{
    struct pd_update u;
    pd_err rc = open_row(db, uid, NULL, &u, err);
    if (rc != PD_OK)
        return rc;
    /* a refused policy update keeps the reason it was refused */
    char keep[2 * PD_UPDATE_NOTE_MAX + 4];
    snprintf(keep, sizeof keep, "%s%s%s", u.note, u.note[0] && note && *note ? "; " : "",
             note ? note : "");
    pd_update_done(&u);
    return settle(db, uid, "dismissed", keep, 0, NULL, user, err);
}

pd_err pd_updates_settle_policy(struct pd_db *db, const char *uid, bool applied,
                                const char *note, struct pd_error *err)
{
    struct pd_update u;
    pd_err rc = open_row(db, uid, "policy.update", &u, err);
    if (rc != PD_OK)
        return rc;
    pd_update_done(&u);
    return settle(db, uid, applied ? "applied" : "refused", note, 0, NULL, NULL, err);
}
