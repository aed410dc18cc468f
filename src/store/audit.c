/* audit.c - audit hash chain and backups (see audit.h). */
#include "store/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/internal.h"

pd_err pd_audit_hash(const char *prev, long long seq, const char *at, const char *user,
                     const char *type, const char *entity, const char *entity_id,
                     const char *before, const char *after, char out[PD_HASH_HEX])
{
    /* One context for the process, reused for every row (a bulk load
     * hashes millions); the lock because a background push thread may save
     * an event too.  Uncontended, it costs next to nothing. */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static EVP_MD_CTX *md;
    static EVP_MD *sha256;      /* fetched once: EVP_sha256() fetches it on every init */
    pthread_mutex_lock(&lock);
    if ((!md && !(md = EVP_MD_CTX_new())) || (!sha256 && !(sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL)))) {
        pthread_mutex_unlock(&lock);
        return PD_ENOMEM;
    }
    char seqs[24];
    snprintf(seqs, sizeof seqs, "%lld", seq);
    const char *parts[] = { prev, seqs, at, user, type, entity, entity_id,
                            before ? before : "", after ? after : "" };
    EVP_DigestInit_ex(md, sha256, NULL);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        EVP_DigestUpdate(md, parts[i], strlen(parts[i]));
        EVP_DigestUpdate(md, "\x1f", 1);   /* unit separator: no field can run into the next */
    }
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(md, digest, &len);
    pthread_mutex_unlock(&lock);
    static const char hexd[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hexd[digest[i] >> 4];
        out[2 * i + 1] = hexd[digest[i] & 15];
    }
    out[64] = '\0';
    return PD_OK;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

/* Rows cut from the end of the chain leave a whole chain behind, so the
 * walk cannot see them.  Every saved event writes its audit row and its
 * outbox row (same seq) in one transaction, and the outbox keeps sent rows,
 * so an outbox seq after the last audit row's is an audit row deleted. */
static pd_err audit_tail_check(struct pd_db *db, struct pd_audit_report *rep, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, "SELECT coalesce((SELECT max(id) FROM audit), 0),"
                              " (SELECT min(seq) FROM outbox WHERE seq >"
                              "   coalesce((SELECT seq FROM audit ORDER BY id DESC LIMIT 1), 0))", &st, err);
    if (rc != PD_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = pd_db_fail(db, "reading the audit log", err);
    } else if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
        rep->bad_id = sqlite3_column_int64(st, 0) + 1;
        rep->bad_seq = sqlite3_column_int64(st, 1);
        rc = pd_fail(err, PD_EINVAL, "audit", "audit chain broken at row %lld (event seq %lld): the row is "
                     "missing, though the event is in the outbox (rows at the end of the log were deleted)",
                     rep->bad_id, rep->bad_seq);
    }
    sqlite3_finalize(st);
    return rc;
}

pd_err pd_audit_verify(struct pd_db *db, struct pd_audit_report *rep, struct pd_error *err)
{
    memset(rep, 0, sizeof *rep);
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, "SELECT id, seq, at, user, type, entity, entity_id, before, after, "
                              "prev_hash, hash FROM audit ORDER BY id", &st, err);
    if (rc != PD_OK)
        return rc;
    char prev[PD_HASH_HEX] = "";
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0), seq = sqlite3_column_int64(st, 1);
        rep->rows++;
        char want[PD_HASH_HEX];
        const char *before = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : col(st, 7);
        const char *after = sqlite3_column_type(st, 8) == SQLITE_NULL ? NULL : col(st, 8);
        pd_audit_hash(prev, seq, col(st, 2), col(st, 3), col(st, 4), col(st, 5), col(st, 6),
                      before, after, want);
        const char *why = NULL;
        if (strcmp(col(st, 9), prev) != 0)
            why = "it does not follow the row before it (a row was deleted or inserted)";
        else if (strcmp(col(st, 10), want) != 0)
            why = "its contents do not match its hash (the row was edited)";
        if (why) {
            rep->bad_id = id;
            rep->bad_seq = seq;
            rc = pd_fail(err, PD_EINVAL, "audit", "audit chain broken at row %lld (event seq %lld): %s",
                         id, seq, why);
            break;
        }
        pd_strlcpy(prev, col(st, 10), sizeof prev);
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the audit log", err);
    sqlite3_finalize(st);
    pd_strlcpy(rep->head, prev, sizeof rep->head);
    if (rc == PD_OK)
        rc = audit_tail_check(db, rep, err);
    return rc;
}

pd_err pd_audit_head(struct pd_db *db, long long seq, char out[PD_HASH_HEX], struct pd_error *err)
{
    out[0] = '\0';
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT hash FROM audit WHERE seq<=? ORDER BY id DESC LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int64(st, 1, seq);
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, out, PD_HASH_HEX);
    sqlite3_reset(st);
    return PD_OK;
}

bool pd_backup_overdue(const char *last, long long now, long remind_days, bool has_records,
                       long *days)
{
    long d = -1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = last && *last ? strptime(last, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
    if (end && *end == '\0') {
        tm.tm_isdst = -1;
        time_t t = mktime(&tm);
        if (t != (time_t)-1)
            d = now >= (long long)t ? (long)((now - (long long)t) / 86400) : 0;
    }
    if (days)
        *days = d;
    if (remind_days <= 0)
        return false;
    if (d < 0)
        return has_records;
    return d >= remind_days;
}

bool pd_backup_reminder(struct pd_db *db, long long now, long remind_days, long *days)
{
    char last[40] = "";
    if (pd_db_meta_get(db, "backup_last", last, sizeof last) != PD_OK)
        last[0] = '\0';
    bool has = false;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT EXISTS(SELECT 1 FROM households) OR "
                                  "EXISTS(SELECT 1 FROM persons)", NULL);
    if (st) {
        has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
        sqlite3_reset(st);
    }
    return pd_backup_overdue(last, now, remind_days, has, days);
}

pd_err pd_backup_check(const char *path, const char *station, char station_out[16],
                       long long *last_seq, struct pd_error *err)
{
    sqlite3 *h = NULL;
    pd_err rc = PD_OK;
    if (access(path, R_OK) != 0)
        return pd_fail(err, PD_EINVAL, NULL, "cannot read backup %s: %s", path, strerror(errno));
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = pd_fail(err, PD_EINVAL, NULL, "%s is not a popdesk backup: %s", path, sqlite3_errmsg(h));
        sqlite3_close(h);
        return rc;
    }
    sqlite3_stmt *st = NULL;
    char ok[64] = "";
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, ok, sizeof ok);
    sqlite3_finalize(st);
    st = NULL;
    if (strcmp(ok, "ok") != 0) {
        rc = pd_fail(err, PD_EINVAL, NULL, "backup %s is damaged (integrity check: %s)", path,
                     ok[0] ? ok : "not a database");
        goto done;
    }
    station_out[0] = '\0';
    if (sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key='station'", -1, &st, NULL) != SQLITE_OK) {
        rc = pd_fail(err, PD_EINVAL, NULL, "%s is not a popdesk register", path);
        goto done;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, station_out, 16);
    sqlite3_finalize(st);
    st = NULL;
    if (!station_out[0]) {
        rc = pd_fail(err, PD_EINVAL, NULL, "%s has no station code: not a popdesk register", path);
        goto done;
    }
    if (station && station[0] && strcmp(station, station_out) != 0) {
        rc = pd_fail(err, PD_EDENIED, NULL, "backup %s belongs to station %s, not to this station %s",
                     path, station_out, station);
        goto done;
    }
    *last_seq = 0;
    if (sqlite3_prepare_v2(h, "SELECT coalesce(max(seq),0) FROM outbox", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        *last_seq = sqlite3_column_int64(st, 0);
done:
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rc;
}

/* The words for a backup that met a full disk: the register itself is
 * untouched (a backup only reads it), the half-written copy is removed. */
static pd_err backup_full(const char *out, const char *dir, struct pd_error *err)
{
    return pd_fail(err, PD_EIO, NULL, "the disk is full: backup %s not written (the register is "
                   "unchanged). Free some space in %s (delete old backups) or name another folder: "
                   "popdesk backup DIR", out, dir);
}

pd_err pd_backup(struct pd_db *db, const char *dir, char *out, size_t size, struct pd_error *err)
{
    pd_err mk = pd_mkdirs(dir, 0700, err);
    if (mk != PD_OK)
        return mk;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    /* Written and checked under a ".partial" name, then linked to its own
     * name: a backup killed or cut off by a power failure half way leaves
     * a .partial file, never a file named like a backup that is not one.
     * A second backup within the same second (a restore keeps the register
     * aside just after a backup) is named ...-2, -3 ... */
    char tmp[4200];
    for (int k = 1;; k++) {
        char nth[16] = "";
        if (k > 1)
            snprintf(nth, sizeof nth, "-%d", k);
        int n = snprintf(out, size, "%s/popdesk-%s-%s%s.db", dir, db->station, stamp, nth);
        if (n < 0 || (size_t)n >= size)
            return pd_fail(err, PD_EIO, NULL, "backup path too long");
        n = snprintf(tmp, sizeof tmp, "%s.partial", out);
        if (n < 0 || (size_t)n >= sizeof tmp)
            return pd_fail(err, PD_EIO, NULL, "backup path too long");
        if (access(out, F_OK) != 0 && access(tmp, F_OK) != 0)
            break;
        if (k == 99)
            return pd_fail(err, PD_EIO, NULL, "cannot create %s: %s", out, strerror(EEXIST));
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == ENOSPC || errno == EDQUOT))
        return backup_full(out, dir, err);
    if (fd < 0)
        return pd_fail(err, PD_EIO, NULL, "cannot create %s: %s", tmp, strerror(errno));
    close(fd);
    sqlite3 *dst = NULL;
    pd_err rc = PD_OK;
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = pd_fail(err, PD_EIO, NULL, "cannot open %s: %s", tmp, sqlite3_errmsg(dst));
        goto fail;
    }
    sqlite3_busy_timeout(dst, 10000);
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->h, "main");
    if (!b) {
        rc = pd_fail(err, PD_EIO, NULL, "cannot start the backup: %s", sqlite3_errmsg(dst));
        goto fail;
    }
    int s;
    /* In steps, so writers (the screens, a sync) are held up only briefly. */
    while ((s = sqlite3_backup_step(b, 1024)) == SQLITE_OK || s == SQLITE_BUSY || s == SQLITE_LOCKED)
        if (s != SQLITE_OK)
            sqlite3_sleep(50);
    sqlite3_backup_finish(b);
    if (s != SQLITE_DONE) {
        int sys = sqlite3_system_errno(dst);
        rc = (s & 0xff) == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT
                 ? backup_full(out, dir, err)
                 : pd_fail(err, PD_EIO, NULL, "the backup failed: %s", sqlite3_errstr(s));
        goto fail;
    }
    /* a single file: no WAL beside it */
    sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    int sys = sqlite3_system_errno(dst);
    if (sqlite3_close(dst) != SQLITE_OK) {
        dst = NULL;
        rc = sys == ENOSPC || sys == EDQUOT ? backup_full(out, dir, err)
                                            : pd_fail(err, PD_EIO, NULL, "closing backup %s failed", out);
        goto fail;
    }
    dst = NULL;
    char st_out[16];
    long long last = 0;
    if ((rc = pd_backup_check(tmp, db->station, st_out, &last, err)) != PD_OK)
        goto fail;
    /* link, not rename: never replaces a backup of the same second */
    if (link(tmp, out) != 0) {
        rc = errno == ENOSPC || errno == EDQUOT ? backup_full(out, dir, err)
                                                : pd_fail(err, PD_EIO, NULL, "cannot create %s: %s", out,
                                                          strerror(errno));
        goto fail;
    }
    unlink(tmp);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);   /* the new name survives a power cut */
        close(dfd);
    }
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    pd_db_meta_set(db, "backup_last", when, NULL);
    return PD_OK;
fail:
    if (dst)
        sqlite3_close(dst);
    unlink(tmp);
    return rc;
}

static int page_size(sqlite3 *h)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(h, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

pd_err pd_db_restore_from(struct pd_db *db, const char *path, long long seq_floor,
                          struct pd_error *err)
{
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        pd_err rc = pd_fail(err, PD_EIO, NULL, "cannot open %s: %s", path, sqlite3_errmsg(src));
        sqlite3_close(src);
        return rc;
    }
    /* The cached statements hold no locks between uses, but finalize them:
     * the schema may differ after the copy. */
    for (int i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].st);
    db->ncache = 0;
    /* A copy into a WAL register cannot change its page size (SQLite
     * answers READONLY): a backup of a register made with other pages (an
     * older register's 4 KiB, a newer one's 16 KiB) is copied with the
     * register out of WAL for the moment, which needs nobody else in it. */
    bool wal_off = page_size(src) != page_size(db->h);
    if (wal_off && sqlite3_exec(db->h, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(src);
        return pd_fail(err, PD_EBUSY, NULL, "the backup %s has pages of another size than this register's, and "
                       "copying it needs the register to itself: close the screens and stop `popdesk sync` "
                       "first (%s)", path, sqlite3_errmsg(db->h));
    }
    sqlite3_backup *b = sqlite3_backup_init(db->h, "main", src, "main");
    pd_err rc = PD_OK;
    if (!b) {
        rc = pd_db_fail(db, "starting the restore", err);
    } else {
        int s;
        while ((s = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || s == SQLITE_LOCKED)
            sqlite3_sleep(100);
        sqlite3_backup_finish(b);
        if (s != SQLITE_DONE)
            rc = pd_fail(err, PD_EIO, NULL, "the restore failed: %s", sqlite3_errstr(s));
    }
    sqlite3_close(src);
    if (wal_off && sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK && rc == PD_OK)
        rc = pd_db_fail(db, "putting the restored register back in WAL mode", err);
    if (rc != PD_OK)
        return rc;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", seq_floor);
    rc = pd_db_meta_set(db, "seq_floor", buf, err);
    char st[16];
    if (rc == PD_OK && pd_db_meta_get(db, "station", st, sizeof st) == PD_OK)
        pd_strlcpy(db->station, st, sizeof db->station);
    return rc;
}
