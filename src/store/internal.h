/* internal.h - what the store's own files share; never included above store/. */
#ifndef PD_STORE_INTERNAL_H
#define PD_STORE_INTERNAL_H

#include <sqlite3.h>
#include "store/db.h"

struct pd_db {
    sqlite3 *h;
    char path[4096];
    char station[16];
    struct pd_date today;
    int tx_depth;
    unsigned flags;
    struct { const char *sql; sqlite3_stmt *st; } cache[128];
    int ncache;
};

/* A prepared statement for sql, cached for the life of the handle (sql must
 * be a string constant).  Returned reset with bindings cleared; the caller
 * must not finalize it.  NULL with err set on failure. */
sqlite3_stmt *pd_db_stmt(struct pd_db *db, const char *sql, struct pd_error *err);

/* Prepares sql (cached by SQLite's own statement reuse is not available, so
 * callers finalize).  On failure fills err with the SQLite message. */
pd_err pd_db_prepare(struct pd_db *db, const char *sql, sqlite3_stmt **st,
                     struct pd_error *err);
/* Maps the last SQLite error to a pd_err with a message naming `what`. */
pd_err pd_db_fail(struct pd_db *db, const char *what, struct pd_error *err);
/* Runs a statement with no result rows. */
pd_err pd_db_exec(struct pd_db *db, const char *sql, struct pd_error *err);
/* Binds text or NULL when s is NULL or "". */
int pd_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Copies column text into buf ("" for NULL). */
void pd_col_text(sqlite3_stmt *st, int i, char *buf, size_t size);

#endif
