/* events.c - applying change events to the register (see events.h).
 *
 * Each type has an apply function that checks the event against what the
 * register holds and changes the records.  Around it, save_in_tx() numbers
 * the event, snapshots the record before and after for the audit row, and
 * writes the outbox row, so no type can forget either.
 */
#include "store/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/idnum.h"
#include "core/pinyin.h"
#include "store/audit.h"
#include "store/cases.h"
#include "store/internal.h"

struct apply_ctx {
    struct pd_db *db;
    struct pd_event *ev;
    struct pd_date today;
    const char *entity;      /* "person" or "household" */
    char entity_id[PD_EV_REF_MAX];
};

/* ---- small helpers ---------------------------------------------------- */

static const char *dstr(const json_t *data, const char *key)
{
    const json_t *v = json_object_get(data, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static int bind_json(sqlite3_stmt *st, int i, const json_t *v)
{
    if (!v || json_is_null(v))
        return sqlite3_bind_null(st, i);
    if (json_is_boolean(v))
        return sqlite3_bind_int(st, i, json_is_true(v));
    if (json_is_integer(v))
        return sqlite3_bind_int64(st, i, json_integer_value(v));
    if (json_is_string(v))
        return pd_bind_text(st, i, json_string_value(v));
    return sqlite3_bind_null(st, i);
}

static pd_err step_done(struct pd_db *db, sqlite3_stmt *st, const char *what,
                        struct pd_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, what, err);
    return PD_OK;
}

void pd_now_iso(char buf[PD_EV_AT_MAX])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char z[8];
    strftime(buf, PD_EV_AT_MAX, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(z, sizeof z, "%z", &tm);   /* +0800 */
    size_t n = strlen(buf);
    if (strlen(z) == 5)
        snprintf(buf + n, PD_EV_AT_MAX - n, "%.3s:%.2s", z, z + 3);
}

static void make_uuid(char out[PD_UUID_LEN])
{
    unsigned char b[16];
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);
        if (n > 0)
            got += (size_t)n;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, PD_UUID_LEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
             b[12], b[13], b[14], b[15]);
}

/* The record as JSON: every non-NULL column but the rowid. */
static json_t *row_json(struct pd_db *db, const char *entity, const char *id)
{
    static const char sql_p[] = "SELECT * FROM persons WHERE pid=?";
    static const char sql_h[] = "SELECT * FROM households WHERE code=?";
    sqlite3_stmt *st = pd_db_stmt(db, strcmp(entity, "person") == 0 ? sql_p : sql_h, NULL);
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        o = json_object();
        int n = sqlite3_column_count(st);
        for (int i = 0; i < n; i++) {
            const char *col = sqlite3_column_name(st, i);
            if (strcmp(col, "id") == 0)
                continue;
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_INTEGER:
                json_object_set_new(o, col, json_integer(sqlite3_column_int64(st, i)));
                break;
            case SQLITE_NULL:
                break;
            default:
                json_object_set_new(o, col, json_string((const char *)sqlite3_column_text(st, i)));
            }
        }
    }
    sqlite3_reset(st);
    return o;
}

/* What changed: before keeps the old values of changed keys, after the new. */
static void diff(json_t *before, json_t *after, json_t **b_out, json_t **a_out)
{
    *b_out = json_object();
    *a_out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(after, k, v) {
        json_t *old = json_object_get(before, k);
        if (!old || !json_equal(old, v)) {
            json_object_set(*a_out, k, v);
            json_object_set(*b_out, k, old ? old : json_null());
        }
    }
    json_object_foreach(before, k, v) {
        if (!json_object_get(after, k)) {
            json_object_set(*b_out, k, v);
            json_object_set_new(*a_out, k, json_null());
        }
    }
}

/* ---- look-ups --------------------------------------------------------- */

struct person_row {
    char pid[PD_EV_REF_MAX];
    char name[96];
    char sex[4];
    char birth_date[PD_DATE_STRLEN];
    char status[16];
    char end_date[PD_DATE_STRLEN];
    char household[PD_EV_REF_MAX];
    char moved_date[PD_DATE_STRLEN];
    int migrant;
    int wcba;
};

static pd_err find_person(struct pd_db *db, const char *pid, struct person_row *p,
                          const char *field, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT pid, name, sex, birth_date, status, end_date, household, migrant, wcba, moved_date "
        "FROM persons WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    pd_err rc = PD_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_col_text(st, 0, p->pid, sizeof p->pid);
        pd_col_text(st, 1, p->name, sizeof p->name);
        pd_col_text(st, 2, p->sex, sizeof p->sex);
        pd_col_text(st, 3, p->birth_date, sizeof p->birth_date);
        pd_col_text(st, 4, p->status, sizeof p->status);
        pd_col_text(st, 5, p->end_date, sizeof p->end_date);
        pd_col_text(st, 6, p->household, sizeof p->household);
        p->migrant = sqlite3_column_int(st, 7);
        p->wcba = sqlite3_column_int(st, 8);
        pd_col_text(st, 9, p->moved_date, sizeof p->moved_date);
    } else {
        rc = pd_fail(err, PD_ENOTFOUND, field, "no person %s in the register", pid);
    }
    sqlite3_reset(st);
    return rc;
}

static const char *status_words(const char *status)
{
    if (strcmp(status, "dead") == 0)
        return "recorded as dead";
    if (strcmp(status, "moved_out") == 0)
        return "recorded as moved out";
    if (strcmp(status, "left") == 0)
        return "recorded as having left";
    return status;
}

static pd_err require_active(const struct person_row *p, const char *field,
                             struct pd_error *err)
{
    if (strcmp(p->status, "active") != 0)
        return pd_fail(err, PD_EDENIED, field, "%s (%s) is %s since %s; no later change can be saved",
                       p->name, p->pid, status_words(p->status), p->end_date);
    return PD_OK;
}

static pd_err require_female(const struct person_row *p, const char *what,
                             struct pd_error *err)
{
    if (strcmp(p->sex, "2") != 0)
        return pd_fail(err, PD_EINVAL, "person", "%s is for women; %s (%s) is not recorded as female",
                       what, p->name, p->pid);
    return PD_OK;
}

static pd_err require_not_before_birth(const struct person_row *p, const char *date,
                                       const char *field, struct pd_error *err)
{
    if (p->birth_date[0] && date[0] && strcmp(date, p->birth_date) < 0)
        return pd_fail(err, PD_EINVAL, field, "%s %s is before %s's birth (%s)",
                       field, date, p->name, p->birth_date);
    return PD_OK;
}

static pd_err household_active(struct pd_db *db, const char *code, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT status FROM households WHERE code=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    pd_err rc = PD_OK;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = pd_fail(err, PD_ENOTFOUND, "household", "no household %s in the register", code);
    sqlite3_reset(st);
    return rc;
}

static pd_err id_number_free(struct pd_db *db, const char *id, const char *self,
                             const char *field, struct pd_error *err)
{
    if (!id[0])
        return PD_OK;
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT pid, name, household FROM persons WHERE id_number=? AND +status='active' AND pid<>?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, self ? self : "", -1, SQLITE_STATIC);
    pd_err rc = PD_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = pd_fail(err, PD_EEXIST, field, "ID number %s is already registered to %s (%s, household %s)",
                     id, (const char *)sqlite3_column_text(st, 1),
                     (const char *)sqlite3_column_text(st, 0),
                     sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "none");
    sqlite3_reset(st);
    return rc;
}

static pd_err next_person_id(struct pd_db *db, char out[PD_EV_REF_MAX], struct pd_error *err)
{
    char buf[32];
    long long n = 1;
    if (pd_db_meta_get(db, "next_person", buf, sizeof buf) == PD_OK)
        n = atoll(buf);
    snprintf(out, PD_EV_REF_MAX, "%sP%07lld", db->station, n);
    snprintf(buf, sizeof buf, "%lld", n + 1);
    return pd_db_meta_set(db, "next_person", buf, err);
}

/* ---- person creation -------------------------------------------------- */

static const char *person_insert_sql(void)
{
    static char sql[2048];
    if (sql[0])
        return sql;
    size_t n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO persons(pid, household, migrant, wcba, "
                                "mother, father, initials");
    for (int i = 0; i < pd_person_fields.n; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", pd_person_fields.fields[i].key);
    n += (size_t)snprintf(sql + n, sizeof sql - n, ") VALUES(?,?,?,?,?,?,?");
    for (int i = 0; i < pd_person_fields.n; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, ",?");
    snprintf(sql + n, sizeof sql - n, ")");
    return sql;
}

static bool childbearing_age(const char *sex, const char *birth, struct pd_date on)
{
    struct pd_date b;
    if (strcmp(sex, "2") != 0 || pd_date_parse(birth, &b, "birth_date", NULL) != PD_OK ||
        pd_date_is_empty(b))
        return false;
    int age = pd_age_on(b, on);
    return age >= 15 && age <= 49;
}

static pd_err insert_person(struct apply_ctx *c, bool migrant, const char *mother,
                            const char *father, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    pd_err rc = id_number_free(db, dstr(d, "id_number"), NULL, "id_number", err);
    if (rc != PD_OK)
        return rc;
    rc = next_person_id(db, c->ev->person, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db, person_insert_sql(), err);
    if (!st)
        return PD_EDB;
    char initials[64];
    pd_pinyin_initials(dstr(d, "name"), initials, sizeof initials);
    sqlite3_bind_text(st, 1, c->ev->person, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, c->ev->household);
    sqlite3_bind_int(st, 3, migrant);
    sqlite3_bind_int(st, 4, childbearing_age(dstr(d, "sex"), dstr(d, "birth_date"), c->today));
    pd_bind_text(st, 5, mother);
    pd_bind_text(st, 6, father);
    pd_bind_text(st, 7, initials);
    for (int i = 0; i < pd_person_fields.n; i++)
        bind_json(st, 8 + i, json_object_get(d, pd_person_fields.fields[i].key));
    rc = step_done(db, st, "saving the person", err);
    pd_strlcpy(c->entity_id, c->ev->person, sizeof c->entity_id);
    return rc;
}

static pd_err apply_person_add(struct apply_ctx *c, struct pd_error *err)
{
    pd_err rc = household_active(c->db, c->ev->household, err);
    return rc != PD_OK ? rc : insert_person(c, false, NULL, NULL, err);
}

static pd_err apply_move_in(struct apply_ctx *c, struct pd_error *err)
{
    json_t *d = c->ev->data;
    pd_err rc = household_active(c->db, c->ev->household, err);
    if (rc != PD_OK)
        return rc;
    if (strcmp(dstr(d, "date"), dstr(d, "birth_date")) < 0)
        return pd_fail(err, PD_EINVAL, "date", "moved in (%s) before being born (%s)",
                       dstr(d, "date"), dstr(d, "birth_date"));
    /* The event's date is the person's moved_date unless given apart. */
    if (!json_object_get(d, "moved_date"))
        json_object_set_new(d, "moved_date", json_string(dstr(d, "date")));
    return insert_person(c, false, NULL, NULL, err);
}

static pd_err apply_birth(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    struct person_row mother, father;
    pd_err rc = household_active(db, c->ev->household, err);
    if (rc == PD_OK)
        rc = find_person(db, dstr(d, "mother"), &mother, "mother", err);
    if (rc == PD_OK)
        rc = require_female(&mother, "the mother of a birth", err);
    if (rc == PD_OK)
        rc = require_active(&mother, "mother", err);
    if (rc != PD_OK)
        return rc;
    const char *birth = dstr(d, "birth_date");
    struct pd_date mb, bd;
    pd_date_parse(mother.birth_date, &mb, "birth_date", NULL);
    pd_date_parse(birth, &bd, "birth_date", NULL);
    if (!pd_date_is_empty(mb)) {
        int age = pd_age_on(mb, bd);
        if (age < 10 || age > 65)
            return pd_fail(err, PD_EINVAL, "mother", "the mother %s would be %d at this birth; check the dates",
                           mother.name, age);
    }
    const char *fpid = dstr(d, "father");
    if (fpid[0]) {
        rc = find_person(db, fpid, &father, "father", err);
        if (rc != PD_OK)
            return rc;
        if (strcmp(father.sex, "1") != 0)
            return pd_fail(err, PD_EINVAL, "father", "the father %s is not recorded as male", father.name);
    }
    /* birth order: the mother's live births so far, this one included */
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT count(*) FROM children WHERE parent=? AND adopted=0 "
                                  "AND birth_date<=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, mother.pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, birth, -1, SQLITE_STATIC);
    int order = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) + 1 : 1;
    sqlite3_reset(st);
    if (!json_object_get(d, "birth_order"))
        json_object_set_new(d, "birth_order", json_integer(order));

    /* insert_person() binds person fields only; the event's own keys stay. */
    rc = insert_person(c, false, mother.pid, fpid, err);
    if (rc != PD_OK)
        return rc;
    st = pd_db_stmt(db, "INSERT INTO children(parent, name, sex, birth_date, adopted, birth_order, child, seq) "
                    "VALUES(?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    const char *parents[2] = { mother.pid, fpid };
    for (int i = 0; i < 2 && rc == PD_OK; i++) {
        if (!parents[i][0])
            continue;
        sqlite3_bind_text(st, 1, parents[i], -1, SQLITE_STATIC);
        pd_bind_text(st, 2, dstr(d, "name"));
        pd_bind_text(st, 3, dstr(d, "sex"));
        pd_bind_text(st, 4, birth);
        sqlite3_bind_int(st, 5, json_is_true(json_object_get(d, "adopted")));
        sqlite3_bind_int64(st, 6, json_integer_value(json_object_get(d, "birth_order")));
        sqlite3_bind_text(st, 7, c->ev->person, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, c->ev->seq);
        rc = step_done(db, st, "saving the child", err);
    }
    return rc;
}

static pd_err apply_migrant_arrive(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    pd_err rc = PD_OK;
    if (c->ev->household[0])
        rc = household_active(db, c->ev->household, err);
    if (rc != PD_OK)
        return rc;
    if (!json_object_get(d, "flow_in"))
        json_object_set_new(d, "flow_in", json_true());
    if (!json_object_get(d, "moved_date"))
        json_object_set_new(d, "moved_date", json_string(dstr(d, "date")));
    rc = insert_person(c, true, NULL, NULL, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db,
        "INSERT INTO migrant_certs(person, arrived, from_place, number, authority, issue, expiry, presented, seq) "
        "VALUES(?,?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, c->ev->person, -1, SQLITE_STATIC);
    static const char *keys[] = { "date", "from", "cert_number", "cert_authority", "cert_issue",
                                  "cert_expiry", "cert_presented" };
    for (int i = 0; i < 7; i++)
        pd_bind_text(st, 2 + i, dstr(d, keys[i]));
    sqlite3_bind_int64(st, 9, c->ev->seq);
    return step_done(db, st, "saving the migrant certificate", err);
}

/* ---- changes to an existing person ------------------------------------ */

static pd_err end_person(struct apply_ctx *c, const struct person_row *p,
                         const char *status, struct pd_error *err)
{
    const char *date = dstr(c->ev->data, "date");
    pd_err rc = require_not_before_birth(p, date, "date", err);
    if (rc != PD_OK)
        return rc;
    if (p->moved_date[0] && strcmp(date, p->moved_date) < 0)
        return pd_fail(err, PD_EINVAL, "date", "%s %s is before %s moved here (%s)",
                       "date", date, p->name, p->moved_date);
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE persons SET status=?, end_date=?, wcba=0, "
                                  "pregnant_expected=NULL WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the change", err);
}

static pd_err apply_death(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    pd_err rc = end_person(c, p, "dead", err);
    if (rc != PD_OK)
        return rc;
    /* The parents' lists of children follow. */
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE children SET alive=0, death_date=? WHERE child=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, dstr(c->ev->data, "date"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the death", err);
}

static pd_err apply_migrant_leave(struct apply_ctx *c, const struct person_row *p,
                                  struct pd_error *err)
{
    if (!p->migrant)
        return pd_fail(err, PD_EINVAL, "person", "%s is not in the migrant register; use move out",
                       p->name);
    pd_err rc = end_person(c, p, "left", err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE migrant_certs SET left_date=?, to_place=? "
                                  "WHERE person=? AND left_date IS NULL", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, dstr(c->ev->data, "date"), -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(c->ev->data, "to"));
    sqlite3_bind_text(st, 3, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the departure", err);
}

static pd_err apply_marriage(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    const char *date = dstr(d, "date");
    pd_err rc = require_not_before_birth(p, date, "date", err);
    if (rc != PD_OK)
        return rc;
    struct pd_date b, on;
    pd_date_parse(p->birth_date, &b, "birth_date", NULL);
    pd_date_parse(date, &on, "date", NULL);
    if (!pd_date_is_empty(b) && pd_age_on(b, on) < 16)
        return pd_fail(err, PD_EINVAL, "date", "%s would be %d at this marriage change; check the dates",
                       p->name, pd_age_on(b, on));
    const char *change = dstr(d, "change");
    const char *code = pd_marriage_change_code(change);
    bool ends = strcmp(change, "divorce") == 0 || strcmp(change, "widowed") == 0;
    sqlite3_stmt *st = pd_db_stmt(c->db,
        "UPDATE persons SET marital=?, marital_date=?,"
        " first_marriage_date=CASE WHEN ?1='21' AND sex='2' AND first_marriage_date IS NULL"
        "   THEN ?2 ELSE first_marriage_date END,"
        " spouse_name=CASE WHEN ?3 THEN NULL ELSE coalesce(?4, spouse_name) END,"
        " spouse_id_number=CASE WHEN ?3 THEN NULL ELSE coalesce(?5, spouse_id_number) END,"
        " spouse=CASE WHEN ?3 THEN NULL ELSE coalesce(?6, spouse) END"
        " WHERE pid=?7", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, ends);
    pd_bind_text(st, 4, dstr(d, "spouse_name"));
    pd_bind_text(st, 5, dstr(d, "spouse_id_number"));
    pd_bind_text(st, 6, dstr(d, "spouse"));
    sqlite3_bind_text(st, 7, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the marriage change", err);
}

static pd_err apply_child(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    pd_err rc = require_not_before_birth(p, dstr(d, "birth_date"), "birth_date", err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(c->db,
        "INSERT INTO children(parent, name, sex, birth_date, alive, death_date, adopted,"
        " disability_grade, within_policy, child, seq) VALUES(?,?,?,?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    json_t *alive = json_object_get(d, "alive");
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "name"));
    pd_bind_text(st, 3, dstr(d, "sex"));
    pd_bind_text(st, 4, dstr(d, "birth_date"));
    sqlite3_bind_int(st, 5, alive ? json_is_true(alive) : !dstr(d, "death_date")[0]);
    pd_bind_text(st, 6, dstr(d, "death_date"));
    sqlite3_bind_int(st, 7, json_is_true(json_object_get(d, "adopted")));
    bind_json(st, 8, json_object_get(d, "disability_grade"));
    bind_json(st, 9, json_object_get(d, "within_policy"));
    pd_bind_text(st, 10, dstr(d, "child"));
    sqlite3_bind_int64(st, 11, c->ev->seq);
    return step_done(c->db, st, "saving the child", err);
}

static pd_err apply_wcba(struct apply_ctx *c, const struct person_row *p, bool enter,
                         struct pd_error *err)
{
    pd_err rc = require_female(p, "the childbearing-age register", err);
    if (rc != PD_OK)
        return rc;
    if (enter == (p->wcba != 0))
        return pd_fail(err, PD_EINVAL, "person", "%s is %s the childbearing-age register",
                       p->name, enter ? "already in" : "not in");
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE persons SET wcba=? WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int(st, 1, enter);
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the change", err);
}

static pd_err apply_contraception(struct apply_ctx *c, const struct person_row *p,
                                  struct pd_error *err)
{
    json_t *d = c->ev->data;
    /* contraception is recorded for women, and for men's sterilisation/condom use */
    pd_err rc = require_not_before_birth(p, dstr(d, "start"), "start", err);
    if (rc != PD_OK)
        return rc;
    const char *start = dstr(d, "start");
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE contraception SET end_date=? "
                                  "WHERE person=? AND end_date IS NULL", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, start, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    if ((rc = step_done(c->db, st, "closing the previous method", err)) != PD_OK)
        return rc;
    st = pd_db_stmt(c->db, "INSERT INTO contraception(person, method, start_date, end_date, provider, seq) "
                    "VALUES(?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "method"));
    pd_bind_text(st, 3, start);
    pd_bind_text(st, 4, dstr(d, "end"));
    pd_bind_text(st, 5, dstr(d, "provider"));
    sqlite3_bind_int64(st, 6, c->ev->seq);
    if ((rc = step_done(c->db, st, "saving the method", err)) != PD_OK)
        return rc;
    bool current = !dstr(d, "end")[0];
    st = pd_db_stmt(c->db, "UPDATE persons SET contra_method=?, contra_start=? WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    pd_bind_text(st, 1, current ? dstr(d, "method") : NULL);
    pd_bind_text(st, 2, current ? start : NULL);
    sqlite3_bind_text(st, 3, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the method", err);
}

static pd_err apply_pregnancy(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    pd_err rc = require_female(p, "a pregnancy", err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(c->db, "SELECT id, expected FROM pregnancies "
                                  "WHERE person=? AND outcome IS NULL", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        rc = pd_fail(err, PD_EEXIST, "registered",
                     "%s already has a registered pregnancy (expected %s) with no outcome; record its outcome first",
                     p->name, (const char *)sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(c->db, "INSERT INTO pregnancies(person, registered, expected, certificate, seq) "
                    "VALUES(?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "registered"));
    pd_bind_text(st, 3, dstr(d, "expected"));
    pd_bind_text(st, 4, dstr(d, "certificate"));
    sqlite3_bind_int64(st, 5, c->ev->seq);
    if ((rc = step_done(c->db, st, "saving the pregnancy", err)) != PD_OK)
        return rc;
    st = pd_db_stmt(c->db, "UPDATE persons SET pregnant_expected=? WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    pd_bind_text(st, 1, dstr(d, "expected"));
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the pregnancy", err);
}

static pd_err apply_outcome(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    json_int_t want = json_integer_value(json_object_get(d, "pregnancy"));
    sqlite3_stmt *st = pd_db_stmt(c->db, "SELECT id, registered FROM pregnancies WHERE person=? "
                                  "AND outcome IS NULL AND (?2=0 OR id=?2)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, want);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOTFOUND, "pregnancy", "%s has no registered pregnancy awaiting an outcome",
                       p->name);
    }
    long long id = sqlite3_column_int64(st, 0);
    char registered[PD_DATE_STRLEN];
    pd_col_text(st, 1, registered, sizeof registered);
    sqlite3_reset(st);
    if (strcmp(dstr(d, "date"), registered) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the outcome date %s is before the pregnancy was registered (%s)",
                       dstr(d, "date"), registered);
    if (!json_object_get(d, "pregnancy"))
        json_object_set_new(d, "pregnancy", json_integer(id));
    st = pd_db_stmt(c->db, "UPDATE pregnancies SET outcome=?, outcome_date=? WHERE id=?", err);
    if (!st)
        return PD_EDB;
    pd_bind_text(st, 1, dstr(d, "outcome"));
    pd_bind_text(st, 2, dstr(d, "date"));
    sqlite3_bind_int64(st, 3, id);
    pd_err rc = step_done(c->db, st, "saving the outcome", err);
    if (rc != PD_OK)
        return rc;
    st = pd_db_stmt(c->db, "UPDATE persons SET pregnant_expected=NULL WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the outcome", err);
}

static pd_err apply_certificate(struct apply_ctx *c, const struct person_row *p,
                                struct pd_error *err)
{
    json_t *d = c->ev->data;
    sqlite3_stmt *st = pd_db_stmt(c->db, "SELECT person FROM certificates WHERE kind=? AND number=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, dstr(d, "kind"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dstr(d, "number"), -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_err rc = pd_fail(err, PD_EEXIST, "number", "certificate number %s is already issued (to %s)",
                            dstr(d, "number"), (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(c->db, "INSERT INTO certificates(person, kind, number, date, reason, child, seq) "
                    "VALUES(?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "kind"));
    pd_bind_text(st, 3, dstr(d, "number"));
    pd_bind_text(st, 4, dstr(d, "date"));
    pd_bind_text(st, 5, dstr(d, "reason"));
    pd_bind_text(st, 6, dstr(d, "child"));
    sqlite3_bind_int64(st, 7, c->ev->seq);
    return step_done(c->db, st, "saving the certificate", err);
}

/* A correction rewrites named fields; the whole record must still agree. */
static pd_err apply_correct(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    bool person = c->ev->person[0] != '\0';
    const struct pd_fieldset *fs = person ? &pd_person_fields : &pd_household_fields;
    const char *id = person ? c->ev->person : c->ev->household;
    json_t *fields = json_object_get(c->ev->data, "fields");
    pd_err rc;
    if (person) {
        struct person_row p;
        if ((rc = find_person(db, id, &p, "person", err)) != PD_OK)
            return rc;
        /* a dead person's record can still be corrected */
        json_t *row = row_json(db, "person", id);
        json_t *merged = json_deep_copy(row);
        json_decref(row);
        json_object_update(merged, fields);
        const char *idn = dstr(merged, "id_number");
        if (idn[0]) {
            struct pd_idinfo info;
            struct pd_date b;
            const char *sex = dstr(merged, "sex");
            pd_date_parse(dstr(merged, "birth_date"), &b, "birth_date", NULL);
            rc = pd_id_parse(idn, c->today, &info, err);
            if (rc == PD_OK)
                rc = pd_id_agrees(&info, sex[0] ? sex[0] - '0' : 0, b, err);
        }
        if (rc == PD_OK)
            rc = id_number_free(db, idn, id, "id_number", err);
        json_decref(merged);
        if (rc != PD_OK)
            return rc;
    } else if ((rc = household_active(db, id, err)) != PD_OK) {
        return rc;
    }

    char sql[1024];
    size_t n = (size_t)snprintf(sql, sizeof sql, "UPDATE %s SET ", person ? "persons" : "households");
    const char *key;
    json_t *v;
    int i = 0;
    json_object_foreach(fields, key, v) {
        const struct pd_field *f = pd_field_find(fs, key);   /* checked: known keys only */
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s=?", i++ ? ", " : "", f->key);
    }
    if (person && json_object_get(fields, "name"))
        n += (size_t)snprintf(sql + n, sizeof sql - n, ", initials=?");
    snprintf(sql + n, sizeof sql - n, " WHERE %s=?", person ? "pid" : "code");
    sqlite3_stmt *st;
    if ((rc = pd_db_prepare(db, sql, &st, err)) != PD_OK)
        return rc;
    i = 1;
    json_object_foreach(fields, key, v)
        bind_json(st, i++, v);
    if (person && json_object_get(fields, "name")) {
        char initials[64];
        pd_pinyin_initials(dstr(fields, "name"), initials, sizeof initials);
        pd_bind_text(st, i++, initials);
    }
    sqlite3_bind_text(st, i, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? PD_OK : pd_db_fail(db, "saving the correction", err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- person.merge ----------------------------------------------------- */

/* Fills the kept record's empty fields from the duplicate: every person
 * field plus the links and summary columns events keep. */
static const char *merge_fill_sql(void)
{
    static char sql[4096];
    if (sql[0])
        return sql;
    static const char *const extra[] = { "mother", "father", "spouse", "contra_method",
                                         "contra_start", "pregnant_expected" };
    size_t n = (size_t)snprintf(sql, sizeof sql, "UPDATE persons SET wcba=max(wcba,"
                                "(SELECT wcba FROM persons WHERE pid=?2))");
    for (int i = 0; i < pd_person_fields.n + 6; i++) {
        const char *col = i < pd_person_fields.n ? pd_person_fields.fields[i].key
                                                 : extra[i - pd_person_fields.n];
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              ", %s=coalesce(nullif(%s,''),(SELECT %s FROM persons WHERE pid=?2))",
                              col, col, col);
    }
    snprintf(sql + n, sizeof sql - n, " WHERE pid=?1");
    return sql;
}

/* Runs one statement binding ?1 = kept record, ?2 = duplicate. */
static pd_err merge_step(struct pd_db *db, const char *sql, const char *keep, const char *dup,
                         struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, keep, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dup, -1, SQLITE_STATIC);
    return step_done(db, st, "merging the records", err);
}

/* The duplicate (p) is retired into `into`: both must be the same person as
 * far as the records tell (sex, birth date and ID number agree where both
 * have them).  Rows already on the kept record are not copied twice; the
 * duplicate's row is deleted (the audit row keeps it whole) and its id is
 * remembered in merged_persons. */
static pd_err apply_merge(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    struct pd_db *db = c->db;
    const char *into = dstr(c->ev->data, "into");
    struct person_row k;
    pd_err rc = find_person(db, into, &k, "into", err);
    if (rc == PD_OK)
        rc = require_active(&k, "into", err);
    if (rc != PD_OK)
        return rc;
    if (p->sex[0] && k.sex[0] && strcmp(p->sex, k.sex) != 0)
        return pd_fail(err, PD_EINVAL, "into", "%s (%s) and %s (%s) are recorded with different sexes; "
                       "correct one record before merging", p->name, p->pid, k.name, k.pid);
    if (p->birth_date[0] && k.birth_date[0] && strcmp(p->birth_date, k.birth_date) != 0)
        return pd_fail(err, PD_EINVAL, "into", "%s (%s) was born %s but %s (%s) %s; "
                       "correct one record before merging", p->name, p->pid, p->birth_date,
                       k.name, k.pid, k.birth_date);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT a.id_number, b.id_number, "
        "(SELECT count(*) FROM pregnancies WHERE person=a.pid AND outcome IS NULL), "
        "(SELECT count(*) FROM pregnancies WHERE person=b.pid AND outcome IS NULL) "
        "FROM persons a, persons b WHERE a.pid=?1 AND b.pid=?2", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k.pid, -1, SQLITE_STATIC);
    char ida[24] = "", idb[24] = "";
    int open_a = 0, open_b = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_col_text(st, 0, ida, sizeof ida);
        pd_col_text(st, 1, idb, sizeof idb);
        open_a = sqlite3_column_int(st, 2);
        open_b = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (ida[0] && idb[0] && strcmp(ida, idb) != 0)
        return pd_fail(err, PD_EINVAL, "into", "%s (%s) has ID number %s but %s (%s) has %s; "
                       "these are different people unless one number is wrong (correct it first)",
                       p->name, p->pid, ida, k.name, k.pid, idb);

    /* Exact copies on the duplicate go first, so nothing is held twice. */
    static const char del_children[] =
        "DELETE FROM children WHERE parent=?2 AND EXISTS (SELECT 1 FROM children k WHERE k.parent=?1"
        " AND k.birth_date=children.birth_date AND k.sex=children.sex"
        " AND (k.child=children.child OR coalesce(k.name,'')=coalesce(children.name,'')))";
    static const char del_contra[] =
        "DELETE FROM contraception WHERE person=?2 AND EXISTS (SELECT 1 FROM contraception k"
        " WHERE k.person=?1 AND k.method=contraception.method AND k.start_date=contraception.start_date)";
    static const char del_preg[] =
        "DELETE FROM pregnancies WHERE person=?2 AND EXISTS (SELECT 1 FROM pregnancies k"
        " WHERE k.person=?1 AND k.registered=pregnancies.registered AND k.expected=pregnancies.expected)";
    static const char del_certs[] =
        "DELETE FROM certificates WHERE person=?2 AND EXISTS (SELECT 1 FROM certificates k"
        " WHERE k.person=?1 AND k.kind=certificates.kind AND k.number=certificates.number)";
    static const char del_mcerts[] =
        "DELETE FROM migrant_certs WHERE person=?2 AND EXISTS (SELECT 1 FROM migrant_certs k"
        " WHERE k.person=?1 AND k.arrived=migrant_certs.arrived AND coalesce(k.number,'')=coalesce(migrant_certs.number,''))";
    static const char *const steps[] = {
        del_children, del_contra, del_preg, del_certs, del_mcerts,
        "UPDATE children SET parent=?1 WHERE parent=?2",
        "UPDATE children SET child=?1 WHERE child=?2",
        "UPDATE contraception SET person=?1 WHERE person=?2",
        "UPDATE pregnancies SET person=?1 WHERE person=?2",
        "UPDATE migrant_certs SET person=?1 WHERE person=?2",
        "UPDATE certificates SET person=?1 WHERE person=?2",
        "UPDATE certificates SET child=?1 WHERE child=?2",
        /* links to the duplicate: only its children and spouse can hold one
         * (looked up through the moved children rows: no scan of persons) */
        "UPDATE persons SET mother=?1 WHERE mother=?2 AND pid IN"
        " (SELECT child FROM children WHERE parent=?1 AND child IS NOT NULL)",
        "UPDATE persons SET father=?1 WHERE father=?2 AND pid IN"
        " (SELECT child FROM children WHERE parent=?1 AND child IS NOT NULL)",
        "UPDATE persons SET spouse=?1 WHERE spouse=?2 AND pid IN"
        " (SELECT spouse FROM persons WHERE pid IN (?1, ?2) AND spouse IS NOT NULL)",
        /* a method still open on both records: the older one ended when the newer began */
        "UPDATE contraception SET end_date=(SELECT max(start_date) FROM contraception o"
        " WHERE o.person=?1 AND o.end_date IS NULL) WHERE person=?1 AND end_date IS NULL"
        " AND start_date<(SELECT max(start_date) FROM contraception o WHERE o.person=?1 AND o.end_date IS NULL)",
        "UPDATE merged_persons SET into_pid=?1 WHERE into_pid=?2",
        /* casework and subsidy decisions follow the person too */
        "UPDATE subsidy_decisions SET person=?1 WHERE person=?2",
        "UPDATE sc_cases SET person=?1 WHERE person=?2",
        "UPDATE sc_cases SET spouse=?1 WHERE spouse=?2",
        "UPDATE pregnancy_visits SET person=?1 WHERE person=?2",
        "UPDATE fee_cases SET person=?1 WHERE person=?2",
        "UPDATE fee_cases SET father=?1 WHERE father=?2",
        "UPDATE fee_cases SET child=?1 WHERE child=?2",
    };
    if (open_a && open_b) {
        /* both records have a pregnancy awaiting its outcome: same one? */
        st = pd_db_stmt(db, "SELECT count(*) FROM pregnancies a, pregnancies b WHERE a.person=?2"
                        " AND b.person=?1 AND a.outcome IS NULL AND b.outcome IS NULL"
                        " AND a.registered=b.registered AND a.expected=b.expected", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, k.pid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
        int same = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        if (!same)
            return pd_fail(err, PD_EINVAL, "into", "%s (%s) and %s (%s) each have a different pregnancy "
                           "awaiting its outcome; record the outcome of the wrong one first",
                           p->name, p->pid, k.name, k.pid);
    }
    rc = merge_step(db, merge_fill_sql(), k.pid, p->pid, err);
    for (size_t i = 0; rc == PD_OK && i < sizeof steps / sizeof steps[0]; i++)
        rc = merge_step(db, steps[i], k.pid, p->pid, err);
    if (rc != PD_OK)
        return rc;
    st = pd_db_stmt(db, "INSERT INTO merged_persons(pid, into_pid, seq) VALUES(?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k.pid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->ev->seq);
    if ((rc = step_done(db, st, "recording the merge", err)) != PD_OK)
        return rc;
    st = pd_db_stmt(db, "DELETE FROM persons WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    return step_done(db, st, "retiring the duplicate", err);
}

static pd_err apply_household_add(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    const char *code = dstr(d, "code");
    if (db->station[0] && strncmp(code, db->station, 12) != 0)
        return pd_fail(err, PD_EINVAL, "code",
                       "household code %s must begin with this station's village code %s", code, db->station);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT 1 FROM households WHERE code=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    bool exists = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (exists)
        return pd_fail(err, PD_EEXIST, "code", "household %s is already in the register", code);
    st = pd_db_stmt(db, "INSERT INTO households(code, police_no, address, phone, reg_type) VALUES(?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    static const char *keys[] = { "code", "police_no", "address", "phone", "reg_type" };
    for (int i = 0; i < 5; i++)
        pd_bind_text(st, i + 1, dstr(d, keys[i]));
    pd_strlcpy(c->ev->household, code, sizeof c->ev->household);
    c->entity = "household";
    pd_strlcpy(c->entity_id, code, sizeof c->entity_id);
    return step_done(db, st, "saving the household", err);
}

/* ---- subsidy.decision ------------------------------------------------- */

/* A supervisor's decision (docs/POLICY.md).  Allowed on a person who died
 * or moved out, so payments can be stopped; approving needs a person who is
 * still active.  Only a supervisor or an administrator signs one. */
static pd_err apply_subsidy_decision(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    struct pd_event *ev = c->ev;
    json_t *d = ev->data;
    struct person_row p;
    pd_err rc = find_person(db, ev->person, &p, "person", err);
    if (rc != PD_OK)
        return rc;
    if (!ev->household[0])
        pd_strlcpy(ev->household, p.household, sizeof ev->household);
    if (strcmp(dstr(d, "decision"), "approve") == 0 && (rc = require_active(&p, "person", err)) != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT role FROM users WHERE name=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, ev->user, -1, SQLITE_STATIC);
    char role[16] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, role, sizeof role);
    sqlite3_reset(st);
    if (strcmp(role, "supervisor") != 0 && strcmp(role, "admin") != 0)
        return pd_fail(err, PD_EDENIED, "user", "subsidy decisions are signed by a supervisor; %s is %s",
                       ev->user, role[0] ? role : "not an account of this register");
    st = pd_db_stmt(db, "INSERT INTO subsidy_decisions(person, programme, year, decision, category,"
                    " status, amount, reason, date, user, seq) VALUES(?,?,?,?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p.pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "programme"));
    bind_json(st, 3, json_object_get(d, "year"));
    pd_bind_text(st, 4, dstr(d, "decision"));
    pd_bind_text(st, 5, dstr(d, "category"));
    pd_bind_text(st, 6, dstr(d, "status"));
    bind_json(st, 7, json_object_get(d, "amount"));
    pd_bind_text(st, 8, dstr(d, "reason"));
    pd_bind_text(st, 9, dstr(d, "date"));
    sqlite3_bind_text(st, 10, ev->user, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, ev->seq);
    return step_done(db, st, "saving the decision", err);
}

static pd_err apply(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_event *ev = c->ev;
    enum pd_event_kind k = ev->type->kind;
    c->entity = "person";
    pd_strlcpy(c->entity_id, ev->person, sizeof c->entity_id);
    switch (k) {
    case PD_EV_HOUSEHOLD_ADD:   return apply_household_add(c, err);
    case PD_EV_PERSON_ADD:      return apply_person_add(c, err);
    case PD_EV_PERSON_BIRTH:    return apply_birth(c, err);
    case PD_EV_PERSON_MOVE_IN:  return apply_move_in(c, err);
    case PD_EV_MIGRANT_ARRIVE:  return apply_migrant_arrive(c, err);
    case PD_EV_SUBSIDY_DECISION: return apply_subsidy_decision(c, err);
    case PD_EV_CROSSCHECK_ANSWER:
        /* changes no record: the answer travels by the outbox; the audit
         * row names the district's update (store/updates.c marks it) */
        c->entity = "update";
        pd_strlcpy(c->entity_id, dstr(ev->data, "update"), sizeof c->entity_id);
        return PD_OK;
    case PD_EV_CORRECT:
        if (!ev->person[0]) {
            c->entity = "household";
            pd_strlcpy(c->entity_id, ev->household, sizeof c->entity_id);
        }
        return apply_correct(c, err);
    default:
        break;
    }
    struct person_row p;
    pd_err rc = find_person(c->db, ev->person, &p, "person", err);
    if (rc != PD_OK)
        return rc;
    if (!ev->household[0])
        pd_strlcpy(ev->household, p.household, sizeof ev->household);
    if ((rc = require_active(&p, "person", err)) != PD_OK)
        return rc;
    switch (k) {
    case PD_EV_PERSON_DEATH:    return apply_death(c, &p, err);
    case PD_EV_PERSON_MOVE_OUT:
        if (p.migrant)
            return pd_fail(err, PD_EINVAL, "person", "%s is in the migrant register; record that the migrant leaves",
                           p.name);
        return end_person(c, &p, "moved_out", err);
    case PD_EV_MIGRANT_LEAVE:   return apply_migrant_leave(c, &p, err);
    case PD_EV_PERSON_MARRIAGE: return apply_marriage(c, &p, err);
    case PD_EV_PERSON_CHILD:    return apply_child(c, &p, err);
    case PD_EV_WOMAN_ENTER:     return apply_wcba(c, &p, true, err);
    case PD_EV_WOMAN_LEAVE:     return apply_wcba(c, &p, false, err);
    case PD_EV_CONTRACEPTION:   return apply_contraception(c, &p, err);
    case PD_EV_PREGNANCY:       return apply_pregnancy(c, &p, err);
    case PD_EV_PREG_OUTCOME:    return apply_outcome(c, &p, err);
    case PD_EV_CERTIFICATE:     return apply_certificate(c, &p, err);
    case PD_EV_PERSON_MERGE:    return apply_merge(c, &p, err);
    case PD_EV_SC_APPLY:
    case PD_EV_SC_REVIEW:
    case PD_EV_PREG_VISIT:
    case PD_EV_FEE_LEVY:
    case PD_EV_FEE_PAYMENT:     return pd_cases_apply(c->db, ev, err);
    default:
        return pd_fail(err, PD_EINVAL, "type", "event type %s cannot be saved here", ev->type->name);
    }
}

/* ---- audit and outbox -------------------------------------------------- */

static pd_err write_audit(struct apply_ctx *c, json_t *before, json_t *after, struct pd_error *err)
{
    struct pd_db *db = c->db;
    struct pd_event *ev = c->ev;
    char prev[65] = "";
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", err);
    if (!st)
        return PD_EDB;
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, prev, sizeof prev);
    sqlite3_reset(st);

    char *b = NULL, *a = NULL;
    if (before) {
        json_t *bd, *ad;
        /* a record deleted (person.merge retires the duplicate) diffs against {} */
        json_t *none = after ? NULL : json_object();
        diff(before, after ? after : none, &bd, &ad);
        json_decref(none);
        b = json_dumps(bd, JSON_COMPACT | JSON_SORT_KEYS);
        a = json_dumps(ad, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(bd);
        json_decref(ad);
    } else if (after) {
        a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
    }
    char hash[65];
    pd_audit_hash(prev, ev->seq, ev->at, ev->user, ev->type->name, c->entity, c->entity_id,
                  b, a, hash);
    pd_err rc = PD_EDB;
    st = pd_db_stmt(db, "INSERT INTO audit(seq, at, user, type, entity, entity_id, before, after, "
                    "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?)", err);
    if (st) {
        sqlite3_bind_int64(st, 1, ev->seq);
        sqlite3_bind_text(st, 2, ev->at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, ev->user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, ev->type->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, c->entity, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, c->entity_id, -1, SQLITE_STATIC);
        pd_bind_text(st, 7, b);
        pd_bind_text(st, 8, a);
        sqlite3_bind_text(st, 9, prev, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, hash, -1, SQLITE_STATIC);
        rc = step_done(db, st, "writing the audit log", err);
    }
    free(b);
    free(a);
    return rc;
}

static pd_err write_outbox(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *env = pd_event_envelope(ev);
    char *body = env ? json_dumps(env, JSON_COMPACT) : NULL;
    json_decref(env);
    if (!body)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory writing the outbox");
    pd_err rc = PD_EDB;
    sqlite3_stmt *st = pd_db_stmt(db, "INSERT INTO outbox(seq, state, body) VALUES(?, 0, ?)", err);
    if (st) {
        sqlite3_bind_int64(st, 1, ev->seq);
        sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
        rc = step_done(db, st, "writing the outbox", err);
    }
    free(body);
    return rc;
}

static pd_err next_seq(struct pd_db *db, long long *seq, struct pd_error *err)
{
    /* seq never goes back: the high-water mark in meta survives a restore
     * of an older outbox (see docs/SYNC.md). */
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT max(coalesce((SELECT max(seq) FROM outbox), 0),"
        " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key='seq_floor'), 0))", err);
    if (!st)
        return PD_EDB;
    *seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 1;
    sqlite3_reset(st);
    return PD_OK;
}

static pd_err save_in_tx(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    struct apply_ctx c = { .db = db, .ev = ev, .today = db->today };
    pd_err rc = next_seq(db, &ev->seq, err);
    if (rc != PD_OK)
        return rc;

    json_t *before = NULL;
    if (ev->type->target == PD_EVT_PERSON && ev->person[0])
        before = row_json(db, "person", ev->person);
    else if (ev->type->kind == PD_EV_CORRECT)
        before = row_json(db, ev->person[0] ? "person" : "household",
                          ev->person[0] ? ev->person : ev->household);

    rc = apply(&c, err);
    if (rc == PD_OK) {
        json_t *after = row_json(db, c.entity, c.entity_id);
        rc = write_audit(&c, before, after, err);
        json_decref(after);
    }
    json_decref(before);
    if (rc == PD_OK)
        rc = write_outbox(db, ev, err);
    return rc;
}

pd_err pd_event_save(struct pd_db *db, struct pd_event *ev, const char *user,
                     struct pd_error *err)
{
    if (!db->station[0])
        return pd_fail(err, PD_EDENIED, NULL, "this register has no station code yet (run `popdesk init`)");
    pd_err rc = pd_event_validate(ev, db->today, err);
    if (rc != PD_OK)
        return rc;
    if (!user || !*user || strlen(user) >= sizeof ev->user)
        return pd_fail(err, PD_EINVAL, "user", "a change must be signed by a user name (at most %zu bytes)",
                       sizeof ev->user - 1);
    pd_strlcpy(ev->user, user, sizeof ev->user);
    pd_now_iso(ev->at);
    make_uuid(ev->id);

    bool own_tx = !pd_db_in_tx(db);
    if (own_tx && (rc = pd_db_begin(db, err)) != PD_OK)
        return rc;
    rc = save_in_tx(db, ev, err);
    if (own_tx) {
        if (rc == PD_OK)
            rc = pd_db_commit(db, err);
        else
            pd_db_rollback(db);
    }
    if (rc != PD_OK)
        ev->seq = 0;
    return rc;
}
