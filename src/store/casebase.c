/* casebase.c - the helpers the case and service stores share (see
 * casebase.h): one place for how an event's data is read, how an event is
 * saved and how a case row is looked up, walked and written. */
#include "store/casebase.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store/events.h"

const char *pd_dstr(const json_t *data, const char *key)
{
    const json_t *v = json_object_get(data, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

long long pd_dint(const json_t *data, const char *key)
{
    return (long long)json_integer_value(json_object_get(data, key));
}

void pd_set_str(json_t *data, const char *key, const char *v)
{
    if (v && *v)
        json_object_set_new(data, key, json_string(v));
}

/* Steps st (a cached statement) once and resets it: PD_OK when it is done,
 * else the SQLite error naming `what`. */
static pd_err step_done(struct pd_db *db, sqlite3_stmt *st, const char *what, struct pd_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PD_OK : pd_db_fail(db, what, err);
}

pd_err pd_next_id(struct pd_db *db, const char *sql, long long *id, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, err);
    if (!st)
        return PD_EDB;
    *id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
    sqlite3_reset(st);
    return PD_OK;
}

pd_err pd_case_row(struct pd_db *db, const char *sql, long long id, const char *what,
                   sqlite3_stmt **st, struct pd_error *err)
{
    if (!(*st = pd_db_stmt(db, sql, err)))
        return PD_EDB;
    sqlite3_bind_int64(*st, 1, id);
    if (sqlite3_step(*st) == SQLITE_ROW)
        return PD_OK;
    sqlite3_reset(*st);
    return pd_fail(err, PD_ENOTFOUND, "case", "no %s number %lld", what, id);
}

long long pd_find_id(struct pd_db *db, const char *sql, const char *a, const char *b,
                     struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

pd_err pd_event_row(struct pd_db *db, const struct pd_event *ev, const char *sql, const char *what,
                    struct pd_error *err, const char *spec, ...)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, err);
    if (!st)
        return PD_EDB;
    va_list ap;
    va_start(ap, spec);
    for (int i = 1; *spec; spec++, i++) {
        const char *key = strchr("kKO", *spec) ? va_arg(ap, const char *) : NULL;
        switch (*spec) {
        case 'p': sqlite3_bind_text(st, i, ev->person, -1, SQLITE_STATIC); break;
        case 'u': pd_bind_text(st, i, ev->user); break;
        case 'q': sqlite3_bind_int64(st, i, ev->seq); break;
        case 't': pd_bind_text(st, i, va_arg(ap, const char *)); break;
        case 'n': sqlite3_bind_int64(st, i, va_arg(ap, long long)); break;
        case 'k': pd_bind_text(st, i, pd_dstr(ev->data, key)); break;
        case 'O':
            if (!json_object_get(ev->data, key))
                break;
            /* fall through */
        case 'K': sqlite3_bind_int64(st, i, pd_dint(ev->data, key)); break;
        }
    }
    va_end(ap);
    return step_done(db, st, what, err);
}

pd_err pd_case_save(struct pd_db *db, const char *type, const char *person, json_t *data,
                    const char *user, const char *key, long long *out, struct pd_error *err)
{
    if (!data)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory building the event");
    struct pd_event ev;
    pd_err rc = pd_event_init(&ev, type, NULL, person, data, err);
    if (rc == PD_OK)
        rc = pd_event_save(db, &ev, user, err);
    if (rc == PD_OK && key && out)
        *out = pd_dint(ev.data, key);
    pd_event_done(&ev);
    return rc;
}

pd_err pd_rows_walk(struct pd_db *db, sqlite3_stmt *st, size_t rowsize,
                    int (*visit)(sqlite3_stmt *st, void *row, void *walk), void *walk,
                    const char *what, struct pd_error *err)
{
    void *row = malloc(rowsize);
    if (!row) {
        sqlite3_finalize(st);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    pd_err rc = PD_OK;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW)
        if (visit(st, row, walk))
            break;
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, what, err);
    free(row);
    sqlite3_finalize(st);
    return rc;
}

pd_err pd_case_payments(struct pd_db *db, const char *sql, long long id, struct pd_case_payment *p,
                        int max, int *n, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int64(st, 1, id);
    *n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*n < max) {
            struct pd_case_payment *q = &p[*n];
            q->amount = (long)sqlite3_column_int64(st, 0);
            pd_col_text(st, 1, q->date, sizeof q->date);
            pd_col_text(st, 2, q->receipt, sizeof q->receipt);
            pd_col_text(st, 3, q->user, sizeof q->user);
        }
        (*n)++;
    }
    sqlite3_reset(st);
    return PD_OK;
}
