/* outbox.c - batches, acknowledgements and the pusher lock (see outbox.h).
 *
 * The batch body is built by pasting the stored envelopes together, never
 * re-encoding them: what the district receives for a seq is byte for byte
 * what was written when the change was saved.
 */
#include "store/outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "store/events.h"
#include "store/internal.h"

#define META_INFLIGHT "sync_inflight"
#define META_BATCH_NEXT "sync_batch_next"
#define CODE_OVERSIZE "oversize"

/* ---- the lock ---------------------------------------------------------- */

pd_err pd_outbox_lock(struct pd_db *db, int *fd, struct pd_error *err)
{
    char path[sizeof db->path + 16];
    snprintf(path, sizeof path, "%s.sync.lock", db->path);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (*fd < 0)
        return pd_fail(err, PD_EIO, NULL, "cannot open the push lock %s: %s", path, strerror(errno));
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(*fd);
        *fd = -1;
        if (e == EWOULDBLOCK)
            return pd_fail(err, PD_EBUSY, NULL,
                           "another push of this register is running; it will send the outbox");
        return pd_fail(err, PD_EIO, NULL, "cannot take the push lock %s: %s", path, strerror(e));
    }
    return PD_OK;
}

void pd_outbox_unlock(int *fd)
{
    if (fd && *fd >= 0) {
        flock(*fd, LOCK_UN);
        close(*fd);
        *fd = -1;
    }
}

void pd_outbox_small_cache(struct pd_db *db)
{
    pd_db_exec(db, "PRAGMA cache_size=-256", NULL);
}

/* ---- a growing byte buffer -------------------------------------------- */

struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* ---- small helpers ----------------------------------------------------- */

static pd_err step_done(struct pd_db *db, sqlite3_stmt *st, const char *what,
                        struct pd_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PD_OK : pd_db_fail(db, what, err);
}

static pd_err forget_inflight(struct pd_db *db, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "DELETE FROM meta WHERE key='" META_INFLIGHT "'", err);
    return st ? step_done(db, st, "clearing the batch in flight", err) : PD_EDB;
}

/* Ends the transaction this function began (if it began one): commit on
 * success, else roll back.  Returns the body's result. */
static pd_err in_tx(struct pd_db *db, pd_err rc_of_body, bool began, struct pd_error *err)
{
    if (!began)
        return rc_of_body;
    if (rc_of_body == PD_OK)
        return pd_db_commit(db, err);
    pd_db_rollback(db);
    return rc_of_body;
}

/* The stand-in sent for an event too big to send: same seq, id, time, user
 * and records; data says what it stands for. */
static char *standin_body(const char *body, struct pd_error *err)
{
    json_error_t jerr;
    json_t *orig = json_loads(body, 0, &jerr);
    if (!json_is_object(orig)) {
        json_decref(orig);
        pd_fail(err, PD_EDB, NULL, "an outbox row is not valid JSON (%s)", jerr.text);
        return NULL;
    }
    json_t *hh = json_object_get(orig, "household"), *pe = json_object_get(orig, "person");
    json_t *s = json_pack("{s:O, s:O, s:s, s:O, s:O, s:O, s:O, s:{s:O, s:I}}",
                          "seq", json_object_get(orig, "seq"),
                          "id", json_object_get(orig, "id"),
                          "type", "event.oversize",
                          "at", json_object_get(orig, "at"),
                          "user", json_object_get(orig, "user"),
                          "household", hh ? hh : json_null(),
                          "person", pe ? pe : json_null(),
                          "data", "type", json_object_get(orig, "type"),
                          "bytes", (json_int_t)strlen(body));
    json_decref(orig);
    char *out = s ? json_dumps(s, JSON_COMPACT) : NULL;
    json_decref(s);
    if (!out)
        pd_fail(err, PD_EDB, NULL, "an outbox row lacks the envelope fields (seq, id, type, at, user)");
    return out;
}

static pd_err chain_head(struct pd_db *db, long long last, char out[65], struct pd_error *err)
{
    out[0] = '\0';
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT hash FROM audit WHERE seq<=? ORDER BY seq DESC, id DESC LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int64(st, 1, last);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        pd_col_text(st, 0, out, 65);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PD_OK : pd_db_fail(db, "reading the audit chain", err);
}

static pd_err next_batch_id(struct pd_db *db, char out[PD_BATCH_ID_MAX], struct pd_error *err)
{
    char buf[32];
    long long n = 1;
    if (pd_db_meta_get(db, META_BATCH_NEXT, buf, sizeof buf) == PD_OK)
        n = atoll(buf);
    if (n < 1 || n > 99999999)
        n = 1;   /* eight digits wrap after 10^8 batches; ids need only be unique per resend */
    snprintf(out, PD_BATCH_ID_MAX, "%s-%08lld", db->station, n);
    snprintf(buf, sizeof buf, "%lld", n + 1);
    return pd_db_meta_set(db, META_BATCH_NEXT, buf, err);
}

static bool parse_inflight(const char *s, char id[PD_BATCH_ID_MAX], long long *first, long long *last)
{
    char tmp[PD_BATCH_ID_MAX];
    if (sscanf(s, "%39s %lld %lld", tmp, first, last) != 3 || *first < 1 || *last < *first)
        return false;
    pd_strlcpy(id, tmp, PD_BATCH_ID_MAX);
    return true;
}

/* ---- building a batch -------------------------------------------------- */

/* Appends one event; a stand-in when the row is marked oversize. */
static pd_err add_event(struct sbuf *sb, int n, const char *body, size_t blen, bool standin,
                        struct pd_error *err)
{
    if (n)
        sb_put(sb, ",", 1);
    if (standin) {
        char *s = standin_body(body, err);
        if (!s)
            return PD_EDB;
        sb_str(sb, s);
        free(s);
    } else {
        sb_put(sb, body, blen);
    }
    return PD_OK;
}

static void start_body(struct sbuf *sb, struct pd_db *db, const char *batch_id)
{
    sb_str(sb, "{\"protocol\":1,\"station\":\"");
    sb_str(sb, db->station);
    sb_str(sb, "\",\"batch_id\":\"");
    sb_str(sb, batch_id);
    sb_str(sb, "\",\"events\":[");
}

/* Closes the body; chain_head goes last so the events could be streamed in. */
static void end_body(struct sbuf *sb, const char *head)
{
    sb_str(sb, "],\"chain_head\":");
    if (head[0]) {
        sb_str(sb, "\"");
        sb_str(sb, head);
        sb_str(sb, "\"}");
    } else {
        sb_str(sb, "null}");
    }
}

/* Bytes the body takes around its events ("],\"chain_head\":\"<64>\"}" included). */
static size_t frame_bytes(struct pd_db *db, const char *batch_id)
{
    return strlen("{\"protocol\":1,\"station\":\"\",\"batch_id\":\"\",\"events\":[") +
           strlen(db->station) + strlen(batch_id) + strlen("],\"chain_head\":\"\"}") + 64;
}

static bool is_oversize_code(sqlite3_stmt *st, int col)
{
    const unsigned char *c = sqlite3_column_text(st, col);
    return c && strcmp((const char *)c, CODE_OVERSIZE) == 0;
}

/* Rebuilds the recorded batch: same id, same seqs, same bodies.  Returns
 * PD_ENOTFOUND when the record no longer matches the outbox (then the
 * caller starts afresh). */
static pd_err rebuild(struct pd_db *db, const char *id, long long first, long long last,
                      struct pd_outbox_batch *b, struct sbuf *sb, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT seq, body, code, state FROM outbox "
                                  "WHERE seq BETWEEN ? AND ? ORDER BY seq", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, last);
    start_body(sb, db, id);
    long long want = first;
    pd_err rc = PD_OK;
    int s = SQLITE_DONE;
    while (rc == PD_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_int64(st, 0) != want || sqlite3_column_int(st, 3) != PD_OUTBOX_PENDING) {
            rc = PD_ENOTFOUND;
            break;
        }
        bool standin = is_oversize_code(st, 2);
        rc = add_event(sb, b->n, (const char *)sqlite3_column_text(st, 1),
                       (size_t)sqlite3_column_bytes(st, 1), standin, err);
        b->n++;
        b->standins += standin;
        want++;
    }
    if (rc == PD_OK && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the outbox", err);
    sqlite3_reset(st);
    if (rc == PD_OK && want != last + 1)
        rc = PD_ENOTFOUND;
    if (rc != PD_OK)
        return rc;
    pd_strlcpy(b->batch_id, id, sizeof b->batch_id);
    b->first = first;
    b->last = last;
    b->resumed = true;
    return PD_OK;
}

static pd_err mark_oversize_row(struct pd_db *db, long long seq, const char *reason,
                                struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "UPDATE outbox SET code='" CODE_OVERSIZE "', message=? "
                                  "WHERE seq=? AND state=0", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seq);
    return step_done(db, st, "marking an oversize event", err);
}

/* A new batch from the lowest pending seqs. */
static pd_err fresh(struct pd_db *db, int max_events, size_t max_bytes,
                    struct pd_outbox_batch *b, struct sbuf *sb, struct pd_error *err)
{
    char id[PD_BATCH_ID_MAX];
    /* Peek before spending a batch id. */
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT seq, body, code FROM outbox "
                                  "WHERE state<>1 AND state=0 ORDER BY seq LIMIT ?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int(st, 1, max_events);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        return s == SQLITE_DONE ? PD_ENOTFOUND : pd_db_fail(db, "reading the outbox", err);
    }
    /* The id is needed for the frame; allocating it does not disturb the
     * running SELECT (different table). */
    pd_err rc = next_batch_id(db, id, err);
    if (rc != PD_OK) {
        sqlite3_reset(st);
        return rc;
    }
    size_t frame = frame_bytes(db, id);
    start_body(sb, db, id);
    long long prev = 0;
    size_t bytes = frame;
    long long oversize_seq = 0;
    size_t oversize_len = 0;
    for (; s == SQLITE_ROW && rc == PD_OK; s = sqlite3_step(st)) {
        long long seq = sqlite3_column_int64(st, 0);
        const char *body = (const char *)sqlite3_column_text(st, 1);
        size_t blen = (size_t)sqlite3_column_bytes(st, 1);
        bool standin = is_oversize_code(st, 2);
        if (b->n && seq != prev + 1)
            break;                   /* a batch is consecutive seqs only */
        size_t add = standin ? 400 : blen;   /* a stand-in envelope is small */
        if (b->n && bytes + 1 + add > max_bytes)
            break;
        if (!b->n && !standin && frame + blen > max_bytes) {
            /* Alone it cannot go: it keeps its seq and goes as a stand-in. */
            oversize_seq = seq;
            oversize_len = blen;
            standin = true;
        }
        size_t before = sb->len;
        rc = add_event(sb, b->n, body, blen, standin, err);
        bytes += sb->len - before;
        if (!b->n)
            b->first = seq;
        b->last = prev = seq;
        b->n++;
        b->standins += standin;
    }
    if (rc == PD_OK && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the outbox", err);
    sqlite3_reset(st);
    if (rc != PD_OK)
        return rc;
    if (oversize_seq) {
        char reason[PD_ACK_MSG_MAX];
        snprintf(reason, sizeof reason,
                 "too big to send (%zu bytes; a batch may hold %zu): the district got an "
                 "event.oversize stand-in, the full record stays here", oversize_len, max_bytes);
        if ((rc = mark_oversize_row(db, oversize_seq, reason, err)) != PD_OK)
            return rc;
    }
    pd_strlcpy(b->batch_id, id, sizeof b->batch_id);
    b->resumed = false;
    return PD_OK;
}

pd_err pd_outbox_next(struct pd_db *db, int max_events, size_t max_bytes,
                      struct pd_outbox_batch *b, struct pd_error *err)
{
    memset(b, 0, sizeof *b);
    if (!db->station[0])
        return pd_fail(err, PD_ECONFIG, NULL, "this register has no station code yet (run `popdesk init`)");
    if (max_events < 1)
        max_events = 1;
    struct sbuf sb = { 0 };
    bool began = !pd_db_in_tx(db);
    pd_err rc = began ? pd_db_begin(db, err) : PD_OK;
    if (rc != PD_OK)
        return rc;

    char rec[128], id[PD_BATCH_ID_MAX];
    long long first, last;
    rc = PD_ENOTFOUND;
    if (pd_db_meta_get(db, META_INFLIGHT, rec, sizeof rec) == PD_OK) {
        if (parse_inflight(rec, id, &first, &last))
            rc = rebuild(db, id, first, last, b, &sb, err);
        if (rc == PD_ENOTFOUND) {
            /* The record does not match the outbox any more (someone
             * restored an older file?): start afresh, new id. */
            memset(b, 0, sizeof *b);
            free(sb.p);
            memset(&sb, 0, sizeof sb);
            rc = forget_inflight(db, err);
            if (rc == PD_OK)
                rc = PD_ENOTFOUND;
        }
    }
    if (rc == PD_ENOTFOUND) {
        rc = fresh(db, max_events, max_bytes, b, &sb, err);
        if (rc == PD_OK) {
            snprintf(rec, sizeof rec, "%s %lld %lld", b->batch_id, b->first, b->last);
            rc = pd_db_meta_set(db, META_INFLIGHT, rec, err);
        }
    }
    if (rc == PD_OK)
        rc = chain_head(db, b->last, b->chain_head, err);
    if (rc == PD_OK) {
        end_body(&sb, b->chain_head);
        if (sb.oom)
            rc = pd_fail(err, PD_ENOMEM, NULL, "out of memory building a batch");
    }
    /* nothing pending is no failure: a stale in-flight record forgotten
     * above stays forgotten */
    bool none = rc == PD_ENOTFOUND;
    rc = in_tx(db, none ? PD_OK : rc, began, err);
    if (rc == PD_OK && none)
        rc = PD_ENOTFOUND;
    if (rc != PD_OK) {
        free(sb.p);
        memset(b, 0, sizeof *b);
        return rc;
    }
    b->json = sb.p;
    b->len = sb.len;
    return PD_OK;
}

void pd_outbox_batch_done(struct pd_outbox_batch *b)
{
    if (b) {
        free(b->json);
        b->json = NULL;
        b->len = 0;
    }
}

/* ---- acknowledgements ---------------------------------------------------- */

pd_err pd_outbox_ack(struct pd_db *db, const struct pd_outbox_batch *b,
                     const struct pd_ack *acks, int nacks, struct pd_error *err)
{
    char now[PD_EV_AT_MAX];
    pd_now_iso(now);
    bool began = !pd_db_in_tx(db);
    pd_err rc = began ? pd_db_begin(db, err) : PD_OK;
    if (rc != PD_OK)
        return rc;
    /* Runs of consecutive accepted seqs (the usual answer: all of them) go
     * in one statement each; rejections one by one. */
    sqlite3_stmt *ok = pd_db_stmt(db,
        "UPDATE outbox SET state=CASE WHEN code='" CODE_OVERSIZE "' THEN 3 ELSE 1 END, "
        "batch_id=?1, acked_at=?2 WHERE seq BETWEEN ?3 AND ?4 AND state=0", err);
    sqlite3_stmt *no = ok ? pd_db_stmt(db,
        "UPDATE outbox SET state=2, batch_id=?1, acked_at=?2, code=?4, "
        "message=CASE WHEN code='" CODE_OVERSIZE "' THEN ?5 || ' (it went as an event.oversize "
        "stand-in: ' || coalesce(message, '') || ')' ELSE ?5 END "
        "WHERE seq=?3 AND state=0", err) : NULL;
    if (!ok || !no)
        rc = PD_EDB;
    long long run_from = 0, run_to = 0;
    for (int i = 0; i <= nacks && rc == PD_OK; i++) {
        const struct pd_ack *a = i < nacks ? &acks[i] : NULL;
        if (a && (a->seq < b->first || a->seq > b->last)) {
            rc = pd_fail(err, PD_EPROTO, NULL, "acknowledgement for seq %lld, not in batch %s (%lld-%lld)",
                         a->seq, b->batch_id, b->first, b->last);
            break;
        }
        bool accepted = a && a->status != PD_ACK_REJECTED;
        if (accepted && run_from && a->seq == run_to + 1) {
            run_to = a->seq;
            continue;
        }
        if (run_from) {
            sqlite3_reset(ok);
            sqlite3_bind_text(ok, 1, b->batch_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(ok, 2, now, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ok, 3, run_from);
            sqlite3_bind_int64(ok, 4, run_to);
            rc = step_done(db, ok, "writing acknowledgements", err);
            run_from = 0;
        }
        if (accepted) {
            run_from = run_to = a->seq;
        } else if (a && rc == PD_OK) {
            sqlite3_reset(no);
            sqlite3_bind_text(no, 1, b->batch_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(no, 2, now, -1, SQLITE_STATIC);
            sqlite3_bind_int64(no, 3, a->seq);
            sqlite3_bind_text(no, 4, a->code && a->code[0] ? a->code : "rejected", -1, SQLITE_STATIC);
            sqlite3_bind_text(no, 5, a->message ? a->message : "", -1, SQLITE_STATIC);
            rc = step_done(db, no, "writing a rejection", err);
        }
    }
    if (rc == PD_OK)
        rc = forget_inflight(db, err);
    if (rc == PD_OK)
        rc = pd_db_meta_set(db, "sync_last_ok", now, err);
    return in_tx(db, rc, began, err);
}

pd_err pd_outbox_abandon(struct pd_db *db, struct pd_error *err)
{
    return forget_inflight(db, err);
}

pd_err pd_outbox_mark_oversize(struct pd_db *db, long long seq, const char *reason,
                               struct pd_error *err)
{
    bool began = !pd_db_in_tx(db);
    pd_err rc = began ? pd_db_begin(db, err) : PD_OK;
    if (rc != PD_OK)
        return rc;
    rc = mark_oversize_row(db, seq, reason, err);
    if (rc == PD_OK)
        rc = forget_inflight(db, err);
    return in_tx(db, rc, began, err);
}

static long long one_int(struct pd_db *db, sqlite3_stmt *st, long long a, long long b, int nbind)
{
    if (!st)
        return -1;
    if (nbind > 0)
        sqlite3_bind_int64(st, 1, a);
    if (nbind > 1)
        sqlite3_bind_int64(st, 2, b);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    (void)db;
    return v;
}

pd_err pd_outbox_resend_from(struct pd_db *db, long long from, long long before,
                             struct pd_error *err)
{
    if (from < 1 || from >= before)
        return pd_fail(err, PD_EPROTO, NULL, "the district asked to resend from seq %lld, "
                       "which makes no sense before seq %lld", from, before);
    bool began = !pd_db_in_tx(db);
    pd_err rc = began ? pd_db_begin(db, err) : PD_OK;
    if (rc != PD_OK)
        return rc;
    long long held = one_int(db, pd_db_stmt(db, "SELECT count(*) FROM outbox WHERE seq>=? AND seq<?", err),
                             from, before, 2);
    if (held < 0) {
        rc = PD_EDB;
    } else if (held != before - from) {
        long long missing = from;
        /* the first seq in the range this register lacks */
        sqlite3_stmt *st = pd_db_stmt(db, "SELECT seq FROM outbox WHERE seq>=? AND seq<? ORDER BY seq", err);
        if (st) {
            sqlite3_bind_int64(st, 1, from);
            sqlite3_bind_int64(st, 2, before);
            while (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == missing)
                missing++;
            sqlite3_reset(st);
        }
        long long low = one_int(db, pd_db_stmt(db, "SELECT min(seq) FROM outbox WHERE seq>?", err),
                                missing, 0, 1);
        char next[64] = "";
        if (low > 0)
            snprintf(next, sizeof next, " (the next one held is %lld)", low);
        rc = pd_fail(err, PD_ENOTFOUND, NULL,
                     "THE DISTRICT IS MISSING EVENTS THIS REGISTER NO LONGER HOLDS: it asks for this "
                     "station's events from seq %lld, but seq %lld is not in the outbox%s. "
                     "popdesk never renumbers events; nothing was sent. Tell the district's "
                     "administrator (they may restore the events from their own backup)",
                     from, missing, next);
    } else {
        sqlite3_stmt *st = pd_db_stmt(db,
            "UPDATE outbox SET state=0, batch_id=NULL, acked_at=NULL, "
            "message=CASE WHEN code='" CODE_OVERSIZE "' THEN message ELSE NULL END, "
            "code=CASE WHEN code='" CODE_OVERSIZE "' THEN code ELSE NULL END "
            "WHERE seq>=? AND seq<?", err);
        if (!st) {
            rc = PD_EDB;
        } else {
            sqlite3_bind_int64(st, 1, from);
            sqlite3_bind_int64(st, 2, before);
            rc = step_done(db, st, "putting events back to send again", err);
        }
        if (rc == PD_OK)
            rc = forget_inflight(db, err);
    }
    return in_tx(db, rc, began, err);
}

/* ---- what the district sent back ----------------------------------------- */

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

pd_err pd_outbox_each_returned(struct pd_db *db,
                               int (*cb)(void *ctx, const struct pd_outbox_returned *row),
                               void *ctx, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db,
        "SELECT seq, state, json_extract(body,'$.id'), json_extract(body,'$.type'), "
        "json_extract(body,'$.at'), json_extract(body,'$.user'), json_extract(body,'$.household'), "
        "json_extract(body,'$.person'), code, message, batch_id, acked_at FROM outbox "
        "WHERE state<>1 AND (state IN (2,3) OR code='" CODE_OVERSIZE "') ORDER BY seq", &st, err);
    if (rc != PD_OK)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_outbox_returned r = {
            .seq = sqlite3_column_int64(st, 0),
            .state = (enum pd_outbox_state)sqlite3_column_int(st, 1),
            .id = col(st, 2), .type = col(st, 3), .at = col(st, 4), .user = col(st, 5),
            .household = col(st, 6), .person = col(st, 7), .code = col(st, 8),
            .message = col(st, 9), .batch_id = col(st, 10), .acked_at = col(st, 11),
        };
        if (cb(ctx, &r))
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the outbox", err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- sync state ----------------------------------------------------------- */

pd_err pd_outbox_note_try(struct pd_db *db, struct pd_error *err)
{
    char now[PD_EV_AT_MAX];
    pd_now_iso(now);
    return pd_db_meta_set(db, "sync_last_try", now, err);
}

pd_err pd_outbox_note_error(struct pd_db *db, const char *words, struct pd_error *err)
{
    return pd_db_meta_set(db, "sync_last_error", words ? words : "", err);
}

pd_err pd_outbox_set_not_before(struct pd_db *db, long long epoch, struct pd_error *err)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", epoch > 0 ? epoch : 0);
    return pd_db_meta_set(db, "sync_not_before", buf, err);
}

long long pd_outbox_not_before(struct pd_db *db)
{
    char buf[24];
    if (pd_db_meta_get(db, "sync_not_before", buf, sizeof buf) != PD_OK)
        return 0;
    return atoll(buf);
}

long long pd_outbox_pending(struct pd_db *db)
{
    return one_int(db, pd_db_stmt(db, "SELECT count(*) FROM outbox WHERE state<>1 AND state=0", NULL),
                   0, 0, 0);
}
