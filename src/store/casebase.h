/* casebase.h - what the case and service stores (store/cases.c,
 * store/services.c) share: reading an event's data, saving an event built
 * from options, and the look-up/insert/step patterns of their tables.
 * Store-only, like internal.h; never included above store/. */
#ifndef PD_STORE_CASEBASE_H
#define PD_STORE_CASEBASE_H

#include <jansson.h>
#include <string.h>

#include "core/event.h"
#include "store/cases.h"     /* struct pd_case_payment */
#include "store/internal.h"

/* data[key] as text ("" when absent or not text) and as an integer (0). */
const char *pd_dstr(const json_t *data, const char *key);
long long pd_dint(const json_t *data, const char *key);
/* Sets data[key] = v, unless v is NULL or "". */
void pd_set_str(json_t *data, const char *key, const char *v);

/* The next number of a table: sql (a constant) selects max(id)+1. */
pd_err pd_next_id(struct pd_db *db, const char *sql, long long *id, struct pd_error *err);

/* Steps sql (a constant taking the case number as ?1) to the case's row:
 * PD_OK with *st on the row (the caller reads it, then resets it), else
 * PD_ENOTFOUND "no <what> number <id>" or PD_EDB. */
pd_err pd_case_row(struct pd_db *db, const char *sql, long long id, const char *what,
                   sqlite3_stmt **st, struct pd_error *err);

/* A case's payments: sql (a constant taking the case number as ?1) selects
 * amount, date, receipt, user in order.  Keeps the first max in p; *n is
 * how many there are (may exceed max). */
pd_err pd_case_payments(struct pd_db *db, const char *sql, long long id, struct pd_case_payment *p,
                        int max, int *n, struct pd_error *err);

/* The id in the first row of sql (a constant taking text ?1 and ?2; b may
 * be NULL): 0 when there is none.  -1 with err set on failure. */
long long pd_find_id(struct pd_db *db, const char *sql, const char *a, const char *b,
                     struct pd_error *err);

/* Writes one row for the event being applied: sql (a constant) with its
 * parameters bound in order as spec says, one letter a parameter:
 *   p the event's person, u its user, q its seq,
 *   t a text argument (const char *; NULL or "" binds NULL),
 *   n an integer argument (long long),
 *   k data[key] as text, K data[key] as an integer, O the same or NULL
 *     when data has no key (key: a const char * argument).
 * `what` names the write in a failure. */
pd_err pd_event_row(struct pd_db *db, const struct pd_event *ev, const char *sql, const char *what,
                    struct pd_error *err, const char *spec, ...);

/* Clears *row and reads columns 0-4 of a case list row into it: the number
 * (into row->idf), person, name, id_number, household.  A macro as each
 * kind of case has its own row struct with these members. */
#define PD_CASE_HEAD(st, row, idf) do { \
        memset((row), 0, sizeof *(row)); \
        (row)->idf = sqlite3_column_int64((st), 0); \
        pd_col_text((st), 1, (row)->person, sizeof (row)->person); \
        pd_col_text((st), 2, (row)->name, sizeof (row)->name); \
        pd_col_text((st), 3, (row)->id_number, sizeof (row)->id_number); \
        pd_col_text((st), 4, (row)->household, sizeof (row)->household); \
    } while (0)

/* Saves an event of `type` on `person` with data (stolen; NULL: out of
 * memory); *out gets data[key] as the store left it, when both are given. */
pd_err pd_case_save(struct pd_db *db, const char *type, const char *person, json_t *data,
                    const char *user, const char *key, long long *out, struct pd_error *err);

/* Walks st (the caller's own prepared statement, finalized here): each row
 * goes to visit() with a scratch row of rowsize bytes (allocated here, as
 * the case rows are large) until visit returns non-zero.  A read failure
 * is reported naming `what`. */
pd_err pd_rows_walk(struct pd_db *db, sqlite3_stmt *st, size_t rowsize,
                    int (*visit)(sqlite3_stmt *st, void *row, void *walk), void *walk,
                    const char *what, struct pd_error *err);

#endif
