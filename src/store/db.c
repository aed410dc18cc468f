/* db.c - opening the register, pragmas, migrations, transactions, meta. */
#include "store/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/bulk.h"
#include "store/schema.h"

#define BUSY_TIMEOUT_MS 10000
#define PD_PAGE_SIZE "16384"   /* a new register's page size (pd_db_open) */
#define META_BULK "bulk_indexes"

/* Once per process, before SQLite starts: no memory statistics (nothing
 * reads them), so an allocation takes no global lock - once the demo runs
 * its writer thread, every lock is a real one.  Refused harmlessly
 * (SQLITE_MISUSE) if SQLite was started before. */
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

pd_err pd_db_fail(struct pd_db *db, const char *what, struct pd_error *err)
{
    int rc = db && db->h ? sqlite3_extended_errcode(db->h) : SQLITE_ERROR;
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : "no database";
    pd_err code = PD_EDB;
    /* SQLite reports a full disk as SQLITE_FULL, or as an I/O error whose
     * errno is ENOSPC/EDQUOT (growing the WAL or its index): the clerk
     * needs the same words for both, and what to do.  A failed write
     * rolls its transaction back, so nothing half-saved stays behind. */
    int sys = db && db->h ? sqlite3_system_errno(db->h) : 0;
    const char *file = db && db->h ? sqlite3_db_filename(db->h, "main") : NULL;
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        code = PD_EBUSY;
    else if ((rc & 0xff) == SQLITE_FULL ||
             ((rc & 0xff) == SQLITE_IOERR && (sys == ENOSPC || sys == EDQUOT)))
        return pd_fail(err, PD_EIO, NULL, "%s: the disk is full; nothing was saved and the register is "
                       "as it was. Free some space on the disk holding %s (old backups, exports, "
                       "printouts) and try again", what, file && *file ? file : "the register");
    else if ((rc & 0xff) == SQLITE_IOERR)
        return pd_fail(err, PD_EIO, NULL, "%s: the disk could not be read or written (%s%s%s); "
                       "nothing was saved. Check the disk (it may be failing or removed) and try "
                       "again", what, msg, sys ? ": " : "", sys ? strerror(sys) : "");
    else if ((rc & 0xff) == SQLITE_CONSTRAINT)
        code = PD_EINVAL;
    return pd_fail(err, code, NULL, "%s: %s", what, msg);
}

pd_err pd_db_prepare(struct pd_db *db, const char *sql, sqlite3_stmt **st,
                     struct pd_error *err)
{
    if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return pd_db_fail(db, "preparing a query", err);
    }
    return PD_OK;
}

sqlite3_stmt *pd_db_stmt(struct pd_db *db, const char *sql, struct pd_error *err)
{
    for (int i = 0; i < db->ncache; i++)
        if (db->cache[i].sql == sql) {
            sqlite3_reset(db->cache[i].st);
            sqlite3_clear_bindings(db->cache[i].st);
            return db->cache[i].st;
        }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        pd_db_fail(db, "preparing a query", err);
        return NULL;
    }
    if (db->ncache < (int)(sizeof db->cache / sizeof db->cache[0])) {
        db->cache[db->ncache].sql = sql;
        db->cache[db->ncache].st = st;
        db->ncache++;
        return st;
    }
    /* Cache full (more distinct statements than slots): replace the first
     * one that is not being stepped right now, never one a caller holds. */
    for (int i = 0; i < db->ncache; i++)
        if (!sqlite3_stmt_busy(db->cache[i].st)) {
            sqlite3_finalize(db->cache[i].st);
            db->cache[i].sql = sql;
            db->cache[i].st = st;
            return st;
        }
    sqlite3_finalize(st);
    pd_fail(err, PD_EDB, NULL, "too many queries open at once (statement cache full)");
    return NULL;
}

pd_err pd_db_exec(struct pd_db *db, const char *sql, struct pd_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        pd_err rc = pd_db_fail(db, "database", err);
        sqlite3_free(msg);
        return rc;
    }
    return PD_OK;
}

int pd_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (!s || !*s)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void pd_col_text(sqlite3_stmt *st, int i, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    pd_strlcpy(buf, t ? (const char *)t : "", size);
}

static pd_err check_mode(const char *path, struct pd_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return PD_OK;
    if (sb.st_mode & (S_IRWXG | S_IRWXO))
        return pd_fail(err, PD_EDENIED, NULL,
                       "the register %s can be read by other users (mode %03o); it holds personal data. "
                       "Fix it with: chmod 600 '%s'",
                       path, (unsigned)(sb.st_mode & 0777), path);
    return PD_OK;
}

static pd_err migrate(struct pd_db *db, struct pd_error *err)
{
    sqlite3_stmt *st;
    if (pd_db_prepare(db, "PRAGMA user_version", &st, err) != PD_OK)
        return PD_EDB;
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    int want = pd_schema_count();
    if (version > want)
        return pd_fail(err, PD_EDB, NULL,
                       "the register %s was written by a newer popdesk (schema %d, this one knows %d); "
                       "install the newer version", db->path, version, want);
    if (version == want)
        return PD_OK;
    if (db->flags & PD_DB_READONLY) {
        /* A reading command on a register from an older popdesk: upgrade it
         * through a short writing connection, then read on. */
        struct pd_db *rw;
        pd_err rc = pd_db_open(db->path, db->flags & ~(unsigned)PD_DB_READONLY, &rw, err);
        pd_db_close(&rw);
        return rc;
    }
    if (pd_db_exec(db, "BEGIN IMMEDIATE", err) != PD_OK)
        return err ? err->code : PD_EDB;
    for (int i = version; i < want; i++) {
        if (pd_db_exec(db, pd_schema_migration(i), err) != PD_OK)
            goto fail;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", want);
    if (pd_db_exec(db, sql, err) != PD_OK || pd_db_exec(db, "COMMIT", err) != PD_OK)
        goto fail;
    return PD_OK;
fail:
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return err ? err->code : PD_EDB;
}

pd_err pd_db_open(const char *path, unsigned flags, struct pd_db **out,
                  struct pd_error *err)
{
    *out = NULL;
    pd_err rc = PD_OK;
    if (!path || !*path)
        return pd_fail(err, PD_EUSAGE, NULL, "no register file given");
    struct pd_db *db = calloc(1, sizeof *db);
    if (!db)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    pd_strlcpy(db->path, path, sizeof db->path);
    db->flags = flags;
    db->today = pd_date_today();

    bool created = false;
    if (access(path, F_OK) != 0) {
        if (!(flags & PD_DB_CREATE)) {
            rc = pd_fail(err, PD_EDB, NULL,
                         "no register at %s (create one with `popdesk init` or `popdesk demo`)", path);
            goto fail;
        }
        /* Create the file ourselves so it is 0600 from the first byte. */
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            rc = pd_fail(err, PD_EIO, NULL, "cannot create %s: %s", path, strerror(errno));
            goto fail;
        }
        if (fd >= 0) {
            close(fd);
            created = true;
        }
    }
    rc = check_mode(path, err);
    if (rc != PD_OK)
        goto fail;

    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup);
    int oflags = (flags & PD_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = pd_db_fail(db, path, err);
        goto fail;
    }
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->h, 1);
    if (!(flags & PD_DB_READONLY)) {
        /* A new register gets 16 KiB pages (fixed for good once it holds a
         * table, and a register already made keeps its own): a million-person
         * register is a few gigabytes of audit and outbox rows, and bigger
         * pages are a quarter of the page reads, writes and B-tree levels for
         * a scan, a bulk load or an index build, for a little more written
         * per save.  Figures: docs/ARCHITECTURE.md ("The register"). */
        if (created)
            rc = pd_db_exec(db, "PRAGMA page_size=" PD_PAGE_SIZE, err);
        /* WAL so readers (the screens) never wait for a writer (cron sync). */
        if (rc == PD_OK)
            rc = pd_db_exec(db, "PRAGMA journal_mode=WAL", err);
        if (rc != PD_OK)
            goto fail;
    }
    rc = pd_db_exec(db, (flags & PD_DB_FAST) ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL", err);
    if (rc == PD_OK)
        rc = pd_db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-8000; PRAGMA temp_store=MEMORY", err);
    if (rc != PD_OK)
        goto fail;
    /* Quick sanity read: a file that is not a database fails here. */
    rc = migrate(db, err);
    if (rc != PD_OK)
        goto fail;
    char st[16];
    if (pd_db_meta_get(db, "station", st, sizeof st) == PD_OK)
        pd_strlcpy(db->station, st, sizeof db->station);
    /* A bulk load that never finished: its indexes come back first. */
    if (!(flags & PD_DB_READONLY) && pd_db_meta_get(db, META_BULK, st, sizeof st) != PD_ENOTFOUND &&
        (rc = pd_db_bulk_end(db, err)) != PD_OK)
        goto fail;
    *out = db;
    return PD_OK;
fail:
    pd_db_close(&db);
    return rc;
}

void pd_db_close(struct pd_db **dbp)
{
    struct pd_db *db = dbp ? *dbp : NULL;
    if (!db)
        return;
    for (int i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].st);
    if (db->h)
        sqlite3_close(db->h);
    free(db);
    *dbp = NULL;
}

const char *pd_db_station(const struct pd_db *db) { return db->station; }
const char *pd_db_path(const struct pd_db *db) { return db->path; }
struct pd_date pd_db_today(const struct pd_db *db) { return db->today; }
void pd_db_set_today(struct pd_db *db, struct pd_date today) { db->today = today; }
int pd_db_schema_version(void) { return pd_schema_count(); }
bool pd_db_in_tx(const struct pd_db *db) { return db->tx_depth > 0; }

pd_err pd_db_set_station(struct pd_db *db, const char *station, struct pd_error *err)
{
    if (db->station[0] && strcmp(db->station, station) != 0)
        return pd_fail(err, PD_EDENIED, "station",
                       "this register belongs to station %s; it cannot become %s",
                       db->station, station);
    pd_err rc = pd_db_meta_set(db, "station", station, err);
    if (rc == PD_OK)
        pd_strlcpy(db->station, station, sizeof db->station);
    return rc;
}

static pd_err bulk_spoiled(const struct pd_db *db, struct pd_error *err)
{
    return pd_fail(err, PD_EDB, NULL, "the bulk load into %s failed part-way and cannot be finished; "
                   "the file must be thrown away and the load started again", db->path);
}

pd_err pd_db_begin(struct pd_db *db, struct pd_error *err)
{
    if (db->bulk_spoiled)
        return bulk_spoiled(db, err);
    if (db->tx_depth++ > 0)
        return PD_OK;
    db->tx_changes = sqlite3_total_changes64(db->h);
    db->tx_known = false;
    db->tx_next_person = 0;
    db->tx_next_person_dirty = false;
    sqlite3_stmt *st = pd_db_stmt(db, "BEGIN IMMEDIATE", err);
    if (!st || sqlite3_step(st) != SQLITE_DONE) {
        db->tx_depth = 0;
        return st ? pd_db_fail(db, "starting a save", err) : PD_EDB;
    }
    return PD_OK;
}

pd_err pd_db_commit(struct pd_db *db, struct pd_error *err)
{
    if (db->tx_depth == 0)
        return PD_OK;
    if (--db->tx_depth > 0)
        return PD_OK;
    db->tx_known = false;
    if (db->tx_next_person_dirty) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", db->tx_next_person);
        pd_err rc = pd_db_meta_set(db, "next_person", buf, err);
        db->tx_next_person = 0;
        db->tx_next_person_dirty = false;
        if (rc != PD_OK) {
            pd_db_rollback(db);
            return rc;
        }
    }
    db->tx_next_person = 0;
    sqlite3_stmt *st = pd_db_stmt(db, "COMMIT", err);
    if (!st || sqlite3_step(st) != SQLITE_DONE) {
        pd_err rc = st ? pd_db_fail(db, "saving", err) : PD_EDB;
        pd_db_rollback(db);
        return rc;
    }
    return PD_OK;
}

void pd_db_rollback(struct pd_db *db)
{
    /* without a journal (a bulk load) nothing can be undone: rows already
     * changed may be in the file, so the load is over */
    if (db->bulk && db->tx_depth && sqlite3_total_changes64(db->h) != db->tx_changes)
        db->bulk_spoiled = true;
    db->tx_depth = 0;
    db->tx_known = false;
    db->tx_next_person = 0;
    db->tx_next_person_dirty = false;
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

pd_err pd_db_meta_get(struct pd_db *db, const char *key, char *buf, size_t size)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT value FROM meta WHERE key=?", NULL);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    pd_err rc = PD_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_col_text(st, 0, buf, size);
        rc = PD_OK;
    }
    sqlite3_reset(st);
    return rc;
}

pd_err pd_db_meta_set(struct pd_db *db, const char *key, const char *value,
                      struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "INSERT INTO meta(key,value) VALUES(?,?) "
                                  "ON CONFLICT(key) DO UPDATE SET value=excluded.value", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    pd_err rc = sqlite3_step(st) == SQLITE_DONE ? PD_OK : pd_db_fail(db, "saving a setting", err);
    sqlite3_reset(st);
    return rc;
}

pd_err pd_mkdirs(const char *path, unsigned mode, struct pd_error *err)
{
    char dir[4096];
    if (strlen(path) >= sizeof dir)
        return pd_fail(err, PD_EIO, NULL, "folder name too long");
    pd_strlcpy(dir, path, sizeof dir);
    for (char *p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, (mode_t)mode) != 0 && errno != EEXIST)
                return pd_fail(err, PD_EIO, NULL, "cannot create folder %s: %s", dir, strerror(errno));
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    return PD_OK;
}

/* ---- bulk loading (see bulk.h) ------------------------------------------ */

/* The indexes no save path looks anything up by: lists, reports and the
 * dashboard read them.  Any index not named here (unique ones, and those the
 * checks use: persons_id_number, children_mother, children_child,
 * contraception_person, pregnancies_person, migrant_certs_person,
 * certificates_number) stays during a bulk load.  A new index is kept
 * unless it is added here, so forgetting one costs speed, never a check.
 * audit_seq and outbox_unsent stay too although nothing checks through
 * them: their keys arrive in order (seq; state 0 and seq), so keeping
 * them is an append, cheaper than reading the two biggest tables again
 * at the end. */
static const char *const deferrable[] = {
    "persons_initials", "persons_dup", "persons_moved", "persons_end",
    "persons_marital_date", "persons_migrant_women", "persons_married_women",
    "persons_id_tail", "persons_birth", "persons_pregnant", "persons_wcba_name",
    "persons_migrant_name", "persons_household", "persons_active",
    "children_birth_date", "children_seq", "children_died_unregistered",
    "certificates_person", "certificates_child", "audit_entity",
    "contraception_start", "pregnancies_registered", "pregnancies_open",
    "migrant_certs_expiry", "persons_registered",
};

#define BULK_SQL_MAX 32768
#define BULK_CACHE "PRAGMA cache_size=-8000"

pd_err pd_db_bulk_begin(struct pd_db *db, struct pd_error *err)
{
    if (db->tx_depth)
        return pd_fail(err, PD_EINVAL, NULL, "a bulk load cannot start inside a transaction");
    pd_err rc = pd_db_begin(db, err);
    if (rc != PD_OK)
        return rc;
    char *buf = calloc(1, BULK_SQL_MAX);
    if (!buf) {
        pd_db_rollback(db);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    size_t n = 0;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT EXISTS (SELECT 1 FROM persons) OR EXISTS (SELECT 1 FROM outbox)"
                                  " OR EXISTS (SELECT 1 FROM meta WHERE key='" META_BULK "')", err);
    if (!st) {
        rc = PD_EDB;
        goto done;
    }
    int used = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    sqlite3_reset(st);
    if (used) {
        rc = pd_fail(err, PD_EDENIED, NULL, "a bulk load is only for a brand-new register; %s already holds "
                     "records (or an unfinished load)", db->path);
        goto done;
    }
    st = pd_db_stmt(db, "SELECT sql FROM sqlite_schema WHERE type='index' AND name=? AND sql IS NOT NULL", err);
    for (size_t i = 0; st && rc == PD_OK && i < sizeof deferrable / sizeof deferrable[0]; i++) {
        sqlite3_bind_text(st, 1, deferrable[i], -1, SQLITE_STATIC);
        const unsigned char *sql = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
        if (sql) {
            size_t len = strlen((const char *)sql);
            if (n + len + 3 >= BULK_SQL_MAX) {
                rc = pd_fail(err, PD_EDB, NULL, "the deferred indexes' definitions are too long");
            } else {
                memcpy(buf + n, sql, len);
                n += len;
                memcpy(buf + n, ";\n", 3);
                n += 2;
            }
        }
        sqlite3_reset(st);
        if (sql && rc == PD_OK) {
            /* the name is one of the constants above, never input */
            char drop[96];
            snprintf(drop, sizeof drop, "DROP INDEX \"%s\"", deferrable[i]);
            rc = pd_db_exec(db, drop, err);
        }
    }
    if (!st)
        rc = PD_EDB;
    if (rc == PD_OK)
        rc = pd_db_meta_set(db, META_BULK, buf, err);
done:
    free(buf);
    if (rc != PD_OK) {
        pd_db_rollback(db);
        return rc;
    }
    if ((rc = pd_db_commit(db, err)) == PD_OK) {
        db->bulk = true;
        /* No journal while loading: a page is written once, straight to
         * the file, not to the WAL (or a rollback journal) as well - a
         * tenth of what a million-person load writes.  The price is that a
         * transaction cannot be undone: a rollback after changes spoils
         * the load (pd_db_rollback), and so would a crash, which is why a
         * bulk load is only for a scratch file thrown away unless
         * pd_db_bulk_end finishes it (store/bulk.h).  pd_db_open() always
         * sets WAL again. */
        pd_db_exec(db, "PRAGMA journal_mode=OFF", NULL);
        /* Nothing is forced to the disk until the end, where one sync
         * makes the whole load durable (pd_db_bulk_end). */
        pd_db_exec(db, "PRAGMA synchronous=OFF", NULL);
        /* the ID-number index takes rows in random order: more of it in
         * the cache.  14 MB: the demo's peak RSS at 1M persons is 28.7 MB
         * (the budget is 32); 12 MB was 26.7 MB and a tenth slower */
        pd_db_exec(db, "PRAGMA cache_size=-14000", NULL);
    }
    return rc;
}

pd_err pd_db_bulk_end(struct pd_db *db, struct pd_error *err)
{
    if (db->bulk_spoiled)
        return bulk_spoiled(db, err);
    if (db->tx_depth)
        return pd_fail(err, PD_EINVAL, NULL, "a bulk load cannot end inside a transaction");
    char *buf = malloc(BULK_SQL_MAX);
    if (!buf)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    pd_err rc = pd_db_meta_get(db, META_BULK, buf, BULK_SQL_MAX);
    if (rc != PD_OK) {
        free(buf);
        db->bulk = false;
        return PD_OK;
    }
    /* The sort behind each index spills to a temporary file, not to memory
     * (temp_store=MEMORY would hold a million keys in RAM), and gets a
     * smaller page cache: sorter and cache share the memory budget. */
    pd_db_exec(db, "PRAGMA temp_store=FILE; PRAGMA cache_size=-4000", NULL);
    rc = pd_db_begin(db, err);
    for (char *p = buf, *end; rc == PD_OK && *p; p = end) {
        end = strstr(p, ";\n");
        if (!end)
            break;
        *end = '\0';
        end += 2;
        /* idempotent: an interrupted rebuild may have built some of them */
        static const char pre[] = "CREATE INDEX ";
        char sql[4096];
        if (strncmp(p, pre, sizeof pre - 1) != 0 ||
            (size_t)snprintf(sql, sizeof sql, "CREATE INDEX IF NOT EXISTS %s", p + sizeof pre - 1) >= sizeof sql) {
            rc = pd_fail(err, PD_EDB, NULL, "a deferred index definition is not understood: %.60s", p);
            break;
        }
        rc = pd_db_exec(db, sql, err);
    }
    if (rc == PD_OK)
        rc = pd_db_commit(db, err);
    else
        pd_db_rollback(db);
    pd_db_exec(db, "PRAGMA temp_store=MEMORY; " BULK_CACHE, NULL);
    /* Back to normal use: WAL and the durability the register was opened
     * with.  The load is finished by a last small transaction through the
     * WAL, and the checkpoint after it syncs the database file - and with
     * it every page the load wrote unsynced - before anyone sees the
     * register complete. */
    if (rc == PD_OK)
        rc = pd_db_exec(db, (db->flags & PD_DB_FAST) ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
                                                     : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", err);
    if (rc == PD_OK && (rc = pd_db_begin(db, err)) == PD_OK) {
        sqlite3_stmt *st = pd_db_stmt(db, "DELETE FROM meta WHERE key='" META_BULK "'", err);
        rc = !st ? PD_EDB : sqlite3_step(st) == SQLITE_DONE ? PD_OK : pd_db_fail(db, "finishing the load", err);
        if (st)
            sqlite3_reset(st);
        if (rc == PD_OK)
            rc = pd_db_commit(db, err);
        else
            pd_db_rollback(db);
    }
    if (rc == PD_OK)
        rc = pd_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", err);
    free(buf);
    if (rc == PD_OK)
        db->bulk = false;
    return rc;
}
