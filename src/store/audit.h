/* audit.h - the audit log's hash chain and backups of the register.
 *
 * Every audit row carries the hash of the row before it (prev_hash) and its
 * own hash over its contents, so a row edited or deleted afterwards breaks
 * the chain at that point.  pd_audit_verify() walks the chain.
 *
 * Backups use SQLite's online backup API: consistent while the screens run,
 * written to a new file mode 0600 and read back to check before it counts.
 */
#ifndef PD_STORE_AUDIT_H
#define PD_STORE_AUDIT_H

#include "store/db.h"

#define PD_HASH_HEX 65

/* SHA-256 (hex) of an audit row's contents chained to prev. */
pd_err pd_audit_hash(const char *prev, long long seq, const char *at, const char *user,
                     const char *type, const char *entity, const char *entity_id,
                     const char *before, const char *after, char out[PD_HASH_HEX]);

struct pd_audit_report {
    long long rows;          /* rows checked */
    long long bad_id;        /* first broken row's id, 0 if the chain is whole */
    long long bad_seq;       /* its event seq */
    char head[PD_HASH_HEX];  /* hash of the last row ("" when empty) */
};
/* Walks the chain; PD_OK with bad_id 0 when whole, else PD_EINVAL with err
 * naming the first broken row and how it is broken. */
pd_err pd_audit_verify(struct pd_db *db, struct pd_audit_report *rep, struct pd_error *err);
/* The hash of the last audit row whose seq <= seq ("" if none). */
pd_err pd_audit_head(struct pd_db *db, long long seq, char out[PD_HASH_HEX], struct pd_error *err);

/* Writes a verified copy of the register into dir (created 0700 if missing)
 * as popdesk-<station>-<YYYYmmdd-HHMMSS>.db; the path goes into out. */
pd_err pd_backup(struct pd_db *db, const char *dir, char *out, size_t size, struct pd_error *err);
/* When the home screen should remind of a backup.  `last` is the meta
 * value pd_backup records ("backup_last", local "YYYY-MM-DDTHH:MM:SS"; ""
 * never).  Reminds when remind_days > 0 and either the last backup is
 * remind_days or more days before `now`, or there was none and the register
 * has records.  *days gets the whole days since the last backup (-1: never
 * or unreadable, which reminds like never). */
bool pd_backup_overdue(const char *last, long long now, long remind_days, bool has_records,
                       long *days);
/* The same for an open register: reads backup_last and whether it holds
 * any household or person. */
bool pd_backup_reminder(struct pd_db *db, long long now, long remind_days, long *days);

/* Checks a backup file: a popdesk register, integrity ok, of `station` (when
 * not ""); its station and last seq are returned. */
pd_err pd_backup_check(const char *path, const char *station, char station_out[16],
                       long long *last_seq, struct pd_error *err);

/* Replaces the open register's contents with the backup at path (SQLite's
 * backup API, so other connections see either the old or the new register)
 * and records seq_floor so new events are numbered after it. */
pd_err pd_db_restore_from(struct pd_db *db, const char *path, long long seq_floor,
                          struct pd_error *err);

#endif
