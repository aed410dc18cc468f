/* internal.h - what the store's own files share; never included above store/. */
#ifndef PD_STORE_INTERNAL_H
#define PD_STORE_INTERNAL_H

#include <sqlite3.h>
#include "store/db.h"

#define PD_COLORDER_MAX 80

struct pd_db {
    sqlite3 *h;
    char path[4096];
    char station[16];
    struct pd_date today;
    int tx_depth;
    unsigned flags;
    struct { const char *sql; sqlite3_stmt *st; } cache[128];
    int ncache;
    /* What the event save (store/events.c) wrote last in the open
     * transaction: the transaction holds the write lock, so no one else can
     * have moved them.  Valid only while tx_known; every begin, commit and
     * rollback clears it, so nothing carries over between transactions. */
    bool tx_known;
    long long tx_seq;        /* seq of the last event saved */
    char tx_head[65];        /* hash of the last audit row ("" if none) */
    /* meta next_person as the open transaction has moved it (0: not read
     * yet); pd_db_commit writes it before committing, so it is saved in the
     * same transaction as the persons it numbered */
    long long tx_next_person;
    bool tx_next_person_dirty;
    bool bulk;               /* between pd_db_bulk_begin and _end (store/bulk.h) */
    /* a bulk load has no rollback journal: a transaction that changed rows
     * and was rolled back leaves the file unusable, and no later save or
     * pd_db_bulk_end is allowed on it (store/db.c pd_db_rollback) */
    bool bulk_spoiled;
    long long tx_changes;    /* sqlite3_total_changes64 when the transaction began */
    /* persons' and households' columns in name order, for the audit row's
     * JSON (store/events.c builds it straight from the row) */
    struct pd_colorder {
        int n;               /* columns of SELECT *; 0: not known yet */
        const char *name[PD_COLORDER_MAX];   /* by column index, into names */
        int order[PD_COLORDER_MAX];          /* column indexes in name order */
        char names[PD_COLORDER_MAX * 24];
        /* persons only: where each column's value comes from when
         * insert_person writes a new row, so that the audit row's "after"
         * is made from the values written instead of reading the row back
         * (store/events.c snap_new_person).  Worked out with the names. */
        int newrow;                              /* 0 not yet, 1 usable, -1 read back */
        char aff[PD_COLORDER_MAX];               /* 'T' text, 'I' integer/numeric, 'R' real, 'B' none */
        short src[PD_COLORDER_MAX];              /* <0 a fixed column, >=0 a person field, SHRT_MIN default */
        signed char dkind[PD_COLORDER_MAX];      /* the default: 0 NULL, 1 integer, 2 text */
        long long dint[PD_COLORDER_MAX];
        const char *dtext[PD_COLORDER_MAX];      /* into dtexts */
        char dtexts[512];
    } colorder[2];
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
