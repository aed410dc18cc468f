/* db.h - the register: one SQLite file holding everything the office has.
 *
 * Opening applies the pragmas (WAL, foreign keys, synchronous=FULL, a busy
 * timeout so the screens and a cron sync can share the file) and brings the
 * schema up to date (migrations keyed on PRAGMA user_version).  A new file is
 * created mode 0600; an existing one readable by others is refused.
 *
 * Ownership: pd_db_open() gives a handle the caller frees with
 * pd_db_close(&db).  Strings returned by accessors live as long as the handle.
 */
#ifndef PD_STORE_DB_H
#define PD_STORE_DB_H

#include <stdbool.h>
#include "core/date.h"
#include "core/err.h"

struct pd_db;

enum {
    PD_DB_CREATE   = 1 << 0,  /* create the file if missing */
    PD_DB_READONLY = 1 << 1,
    PD_DB_FAST     = 1 << 2,  /* synchronous=NORMAL: bulk builds (demo) only */
};

pd_err pd_db_open(const char *path, unsigned flags, struct pd_db **out,
                  struct pd_error *err);
void   pd_db_close(struct pd_db **db);

/* The station code of this register ("" before `popdesk init`). */
const char *pd_db_station(const struct pd_db *db);
/* Sets the station once; a register keeps its station for life. */
pd_err pd_db_set_station(struct pd_db *db, const char *station, struct pd_error *err);

/* "Today" used for validation; tests may fix it. */
struct pd_date pd_db_today(const struct pd_db *db);
void pd_db_set_today(struct pd_db *db, struct pd_date today);

/* Transactions.  begin takes the write lock at once (BEGIN IMMEDIATE) and
 * waits for it up to the busy timeout. */
pd_err pd_db_begin(struct pd_db *db, struct pd_error *err);
pd_err pd_db_commit(struct pd_db *db, struct pd_error *err);
void   pd_db_rollback(struct pd_db *db);
bool   pd_db_in_tx(const struct pd_db *db);

/* meta key/value.  get copies into buf; returns PD_ENOTFOUND if missing. */
pd_err pd_db_meta_get(struct pd_db *db, const char *key, char *buf, size_t size);
pd_err pd_db_meta_set(struct pd_db *db, const char *key, const char *value,
                      struct pd_error *err);

/* mkdir -p: creates dir and missing parents with `mode` (0700 for the
 * register's and backups' folders). */
pd_err pd_mkdirs(const char *dir, unsigned mode, struct pd_error *err);

/* Schema version this build writes. */
int pd_db_schema_version(void);
const char *pd_db_path(const struct pd_db *db);

#endif
