/* query.c - counts and record walks (see query.h). */
#include "store/query.h"

#include <string.h>

#include "core/fields.h"
#include "store/internal.h"

static long long count(struct pd_db *db, const char *sql)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, NULL);
    long long n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (st)
        sqlite3_reset(st);
    return n;
}

pd_err pd_status_read(struct pd_db *db, struct pd_status *s, struct pd_error *err)
{
    memset(s, 0, sizeof *s);
    s->households = count(db, "SELECT count(*) FROM households WHERE status='active'");
    s->persons = count(db, "SELECT count(*) FROM persons WHERE status='active' AND migrant=0");
    s->migrants = count(db, "SELECT count(*) FROM persons WHERE status='active' AND migrant=1");
    s->women_wcba = count(db, "SELECT count(*) FROM persons WHERE status='active' AND wcba=1");
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT state, count(*) FROM outbox WHERE state<>1 GROUP BY state", err);
    if (!st)
        return PD_EDB;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long n = sqlite3_column_int64(st, 1);
        switch (sqlite3_column_int(st, 0)) {
        case 0: s->outbox_pending = n; break;
        case 2: s->outbox_rejected = n; break;
        case 3: s->outbox_oversize = n; break;
        }
    }
    sqlite3_reset(st);
    s->last_seq = count(db, "SELECT coalesce(max(seq),0) FROM outbox");
    s->outbox_sent = s->last_seq ? count(db, "SELECT count(*) FROM outbox") - s->outbox_pending -
                                   s->outbox_rejected - s->outbox_oversize : 0;
    pd_db_meta_get(db, "sync_last_ok", s->last_sync_ok, sizeof s->last_sync_ok);
    pd_db_meta_get(db, "sync_last_try", s->last_sync_try, sizeof s->last_sync_try);
    pd_db_meta_get(db, "sync_last_error", s->last_sync_error, sizeof s->last_sync_error);
    return PD_OK;
}

static json_t *column_value(sqlite3_stmt *st, int i, const struct pd_field *f)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL:
        return NULL;
    case SQLITE_INTEGER:
        if (f && f->kind == PD_F_FLAG)
            return json_boolean(sqlite3_column_int(st, i));
        return json_integer(sqlite3_column_int64(st, i));
    default:
        return json_string((const char *)sqlite3_column_text(st, i));
    }
}

pd_err pd_export_each(struct pd_db *db, enum pd_export_what what,
                      int (*cb)(void *ctx, json_t *row), void *ctx,
                      struct pd_error *err)
{
    const char *sql;
    const struct pd_fieldset *fs = NULL;
    switch (what) {
    case PD_EXPORT_PERSONS:
        /* with the household's own fields, so an export imports back whole */
        sql = "SELECT p.*, h.police_no AS police_no, h.address AS address, h.phone AS phone,"
              " h.reg_type AS household_reg_type"
              " FROM persons p LEFT JOIN households h ON h.code = p.household ORDER BY p.id";
        fs = &pd_person_fields;
        break;
    case PD_EXPORT_HOUSEHOLDS:
        sql = "SELECT * FROM households ORDER BY id";
        fs = &pd_household_fields;
        break;
    default:
        sql = "SELECT state, body, code, message FROM outbox ORDER BY seq";
        break;
    }
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, sql, &st, err);
    if (rc != PD_OK)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *row;
        if (what == PD_EXPORT_EVENTS) {
            row = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
            if (!row) {
                rc = pd_fail(err, PD_EDB, NULL, "an outbox row is not valid JSON");
                break;
            }
            static const char *states[] = { "pending", "sent", "rejected", "oversize" };
            int state = sqlite3_column_int(st, 0);
            json_object_set_new(row, "state", json_string(state >= 0 && state < 4 ? states[state] : "?"));
            if (sqlite3_column_type(st, 2) != SQLITE_NULL)
                json_object_set_new(row, "reject_code", json_string((const char *)sqlite3_column_text(st, 2)));
            if (sqlite3_column_type(st, 3) != SQLITE_NULL)
                json_object_set_new(row, "reject_message", json_string((const char *)sqlite3_column_text(st, 3)));
        } else {
            row = json_object();
            int n = sqlite3_column_count(st);
            for (int i = 0; i < n; i++) {
                const char *col = sqlite3_column_name(st, i);
                if (strcmp(col, "id") == 0 || strcmp(col, "initials") == 0)
                    continue;
                json_t *v = column_value(st, i, pd_field_find(fs, col));
                if (v)
                    json_object_set_new(row, col, v);
            }
        }
        int stop = cb(ctx, row);
        json_decref(row);
        if (stop)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the register", err);
    sqlite3_finalize(st);
    return rc;
}
