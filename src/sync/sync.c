/* sync.c - the push state machine (see sync.h and docs/SYNC.md). */
#include "sync/sync.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/outbox.h"
#include "sync/gzip.h"
#include "sync/http.h"
#include "sync/reply.h"

#define MAX_GAPS_PER_PASS 8        /* 409s in one pass before giving up */
#define MAX_413_PER_PASS 64
#define GROW_AFTER 16              /* good batches before a halved cap doubles again */

#include "sync/sync_internal.h"

void pd_sync_conf_defaults(struct pd_sync_conf *c)
{
    memset(c, 0, sizeof *c);
    c->connect_timeout = 10;
    c->timeout = 60;
    c->batch_max_events = 200;
    c->batch_max_bytes = 262144;
    c->retry_max_seconds = 600;
    c->first_retry_ms = 5000;
    c->idle_ms = 30000;
    c->pull_limit = 100;
}

const char *pd_sync_outcome_name(enum pd_sync_outcome o)
{
    static const char *const names[] = {
        "done", "failed", "wait", "refused", "stuck", "busy", "stopped", "local",
    };
    return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

/* ---- configuration checks ----------------------------------------------- */

static bool loopback_host(const char *host)
{
    if (strcasecmp(host, "localhost") == 0 || strcasecmp(host, "localhost.") == 0)
        return true;
    unsigned char a[16];
    if (inet_pton(AF_INET, host, a) == 1)
        return a[0] == 127;
    struct in6_addr a6;
    if (inet_pton(AF_INET6, host, &a6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&a6);
    return false;
}

pd_err pd_sync_check_url(const char *url, struct pd_error *err)
{
    const char *F = "district.url";
    if (!url || !*url)
        return pd_fail(err, PD_ECONFIG, F, "no district to push to: set [district] url in the config file");
    bool tls;
    const char *p;
    if (strncasecmp(url, "https://", 8) == 0) {
        tls = true;
        p = url + 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        tls = false;
        p = url + 7;
    } else {
        return pd_fail(err, PD_ECONFIG, F, "[district] url '%s' must start with https://", url);
    }
    size_t alen = strcspn(p, "/?#");
    char auth[300];
    if (alen == 0 || alen >= sizeof auth)
        return pd_fail(err, PD_ECONFIG, F, "[district] url '%s' has no host", url);
    memcpy(auth, p, alen);
    auth[alen] = '\0';
    if (strchr(auth, '@'))
        return pd_fail(err, PD_ECONFIG, F, "[district] url must not carry a user name or password; "
                       "the station token goes in [district] token_file");
    for (const char *q = url; *q; q++)
        if ((unsigned char)*q <= 0x20 || *q == 0x7f)
            return pd_fail(err, PD_ECONFIG, F, "[district] url has a space or control character in it");
    char host[300];
    if (auth[0] == '[') {
        char *close = strchr(auth, ']');
        if (!close || (close[1] && close[1] != ':'))
            return pd_fail(err, PD_ECONFIG, F, "[district] url '%s' has a malformed [IPv6] host", url);
        size_t hl = (size_t)(close - auth - 1);
        memcpy(host, auth + 1, hl);
        host[hl] = '\0';
    } else {
        size_t hl = strcspn(auth, ":");
        memcpy(host, auth, hl);
        host[hl] = '\0';
    }
    if (!host[0])
        return pd_fail(err, PD_ECONFIG, F, "[district] url '%s' has no host", url);
    if (!tls && !loopback_host(host))
        return pd_fail(err, PD_ECONFIG, F, "[district] url '%s': plain http:// is allowed only to this "
                       "machine (127.0.0.1, ::1, localhost); the district must be reached over https://",
                       url);
    return PD_OK;
}

/* A file that must be the user's alone (token, private key). */
static pd_err private_file(const char *path, const char *key, const char *what,
                           struct pd_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return pd_fail(err, PD_ECONFIG, key, "cannot read %s %s ([%s]): %s", what, path, key,
                       strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return pd_fail(err, PD_ECONFIG, key, "%s %s is not a file", what, path);
    if (sb.st_mode & (S_IRWXG | S_IRWXO))
        return pd_fail(err, PD_ECONFIG, key, "%s %s can be read by other users (mode %03o); it must be "
                       "yours alone: chmod 600 '%s'", what, path, (unsigned)(sb.st_mode & 0777), path);
    return PD_OK;
}

pd_err pd_sync_read_token(const char *path, char *buf, size_t size, struct pd_error *err)
{
    const char *K = "district.token_file";
    if (size)
        buf[0] = '\0';
    if (!path || !*path)
        return pd_fail(err, PD_ECONFIG, K, "no station token: set [district] token_file in the config file");
    pd_err rc = private_file(path, K, "the station token file", err);
    if (rc != PD_OK)
        return rc;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pd_fail(err, PD_ECONFIG, K, "cannot read the station token file %s: %s", path, strerror(errno));
    char raw[1100];
    ssize_t n = read(fd, raw, sizeof raw - 1);
    close(fd);
    if (n < 0)
        return pd_fail(err, PD_ECONFIG, K, "cannot read the station token file %s: %s", path, strerror(errno));
    raw[n] = '\0';
    size_t len = strcspn(raw, "\r\n");
    raw[len] = '\0';
    while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
        raw[--len] = '\0';
    rc = PD_OK;
    if (len == 0)
        rc = pd_fail(err, PD_ECONFIG, K, "the station token file %s is empty", path);
    else if (len >= size || len > 1024)
        rc = pd_fail(err, PD_ECONFIG, K, "the station token in %s is too long", path);
    for (size_t i = 0; rc == PD_OK && i < len; i++)
        if ((unsigned char)raw[i] <= 0x20 || (unsigned char)raw[i] >= 0x7f)
            rc = pd_fail(err, PD_ECONFIG, K, "the station token in %s has a character that is not "
                         "printable ASCII (character %zu)", path, i + 1);
    if (rc == PD_OK)
        memcpy(buf, raw, len + 1);
    explicit_bzero(raw, sizeof raw);
    return rc;
}

pd_err pd_sync_check_conf(const struct pd_sync_conf *c, struct pd_error *err)
{
    pd_err rc = pd_sync_check_url(c->url, err);
    if (rc != PD_OK)
        return rc;
    bool tls = strncasecmp(c->url, "https://", 8) == 0;
    if (tls) {
        if (!c->ca_file[0])
            return pd_fail(err, PD_ECONFIG, "district.ca_file", "[district] ca_file is required: the "
                           "district's certificate is always checked against it");
        if (access(c->ca_file, R_OK) != 0)
            return pd_fail(err, PD_ECONFIG, "district.ca_file", "cannot read [district] ca_file %s: %s",
                           c->ca_file, strerror(errno));
    }
    if (!!c->client_cert[0] != !!c->client_key[0])
        return pd_fail(err, PD_ECONFIG, "district.client_key", "[district] client_cert and client_key "
                       "go together");
    if (c->client_cert[0]) {
        if (access(c->client_cert, R_OK) != 0)
            return pd_fail(err, PD_ECONFIG, "district.client_cert", "cannot read [district] client_cert "
                           "%s: %s", c->client_cert, strerror(errno));
        if ((rc = private_file(c->client_key, "district.client_key", "the client key", err)) != PD_OK)
            return rc;
    }
    if (c->batch_max_events < 1 || c->batch_max_bytes < 1024 || c->connect_timeout < 1 ||
        c->timeout < 1 || c->retry_max_seconds < 1)
        return pd_fail(err, PD_ECONFIG, NULL, "[district] batch and timeout settings out of range");
    char tok[1100];
    rc = pd_sync_read_token(c->token_file, tok, sizeof tok, err);
    explicit_bzero(tok, sizeof tok);
    return rc;
}

long pd_sync_backoff_ms(const struct pd_sync_conf *c, int failures, unsigned rnd)
{
    long long cap = (long long)c->retry_max_seconds * 1000;
    long long d = c->first_retry_ms > 0 ? c->first_retry_ms : 5000;
    for (int i = 1; i < failures && d < cap; i++)
        d *= 2;
    if (d > cap)
        d = cap;
    /* jitter in [0.8, 1.2): stations that failed together do not retry together */
    long long j = d * (800 + (long long)(rnd % 400)) / 1000;
    if (j > cap)
        j = cap;
    return (long)(j < 1 ? 1 : j);
}

/* ---- the pusher --------------------------------------------------------- */

pd_err pd_sync_new(const struct pd_sync_conf *c, struct pd_transport *t,
                   struct pd_sync **out, struct pd_error *err)
{
    *out = NULL;
    struct pd_sync *s = calloc(1, sizeof *s);
    if (!s) {
        if (t)
            t->free(t);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    s->c = *c;
    s->cap_events = (int)(c->batch_max_events > 0 ? c->batch_max_events : 200);
    if (!t) {
        pd_err rc = pd_sync_check_conf(c, err);
        char tok[1100];
        if (rc == PD_OK)
            rc = pd_sync_read_token(c->token_file, tok, sizeof tok, err);
        if (rc == PD_OK)
            rc = pd_http_transport_new(c, tok, &t, err);
        explicit_bzero(tok, sizeof tok);
        if (rc != PD_OK) {
            free(s);
            return rc;
        }
    }
    s->t = t;
    t->stop = &s->stop;
    *out = s;
    return PD_OK;
}

void pd_sync_free(struct pd_sync **sp)
{
    struct pd_sync *s = sp ? *sp : NULL;
    if (!s)
        return;
    if (s->t)
        s->t->free(s->t);
    pd_gzip_done(&s->gz);
    free(s);
    *sp = NULL;
}

void pd_sync_set_log(struct pd_sync *s, pd_sync_log_fn fn, void *ctx)
{
    s->log = fn;
    s->log_ctx = ctx;
}

void pd_sync_stop(struct pd_sync *s)
{
    s->stop = 1;
}

void pd_sync_logf(struct pd_sync *s, int level, const char *fmt, ...)
{
    if (!s->log)
        return;
    char line[PD_MSG_MAX + 128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->log(s->log_ctx, level, line);
}

static long long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000LL + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The error text of a refused request ({"error": "..."}), cleaned, or "". */
static void answer_words(const struct pd_http_answer *a, char *out, size_t size)
{
    out[0] = '\0';
    if (!a->len || a->len > 65536)
        return;
    json_t *doc = json_loadb(a->body, a->len, 0, NULL);
    const json_t *e = json_object_get(doc, "error");
    if (json_is_string(e)) {
        char w[160];
        pd_reply_clean_text(w, json_string_value(e), sizeof w);
        snprintf(out, size, ": \"%s\"", w);
    }
    json_decref(doc);
}

/* Prefixes err->msg with the batch it concerns. */
static void about_batch(struct pd_error *err, const struct pd_outbox_batch *b, const char *tail)
{
    if (!err)
        return;
    char m[PD_MSG_MAX + 200];
    snprintf(m, sizeof m, "batch %.40s (seq %lld-%lld): %s%s", b->batch_id, b->first, b->last,
             err->msg, tail);
    pd_strlcpy(err->msg, m, sizeof err->msg);
}

static void fmt_clock(long long epoch, char *buf, size_t size)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, size, "%H:%M:%S", &tm);
}

/* Handles one answer.  Returns PD_OK to go on with the next batch. */
static pd_err on_answer(struct pd_sync *s, struct pd_db *db, const struct pd_outbox_batch *b,
                        const struct pd_http_answer *a, struct pd_sync_result *res,
                        int *gaps, int *toolarge, long long took_ms, size_t gzlen,
                        struct pd_error *err)
{
    pd_err rc;
    char words[200];
    res->http_status = a->status;
    switch (a->status) {
    case 200: {
        struct pd_reply r;
        rc = pd_reply_parse(a->body, a->len, b->batch_id, b->first, b->last, &r, err);
        if (rc != PD_OK) {
            about_batch(err, b, "; nothing acknowledged (HTTP 200)");
            return rc;
        }
        if (r.n == 0) {
            pd_reply_done(&r);
            return pd_fail(err, PD_EPROTO, NULL, "batch %s (seq %lld-%lld): the district acknowledged "
                           "none of its events (HTTP 200); will retry", b->batch_id, b->first, b->last);
        }
        /* The transaction stays open: run() picks the next batch inside it
         * and commits both at once (one disk sync per batch, not two). */
        rc = pd_db_begin(db, err);
        if (rc == PD_OK) {
            rc = pd_outbox_ack(db, b, r.acks, r.n, err);
            if (rc != PD_OK)
                pd_db_rollback(db);
        }
        if (rc == PD_OK) {
            res->batches++;
            res->applied += r.applied;
            res->duplicate += r.duplicate;
            res->rejected += r.rejected;
            res->standins += b->standins;
            pd_sync_logf(s, 0, "batch %s: seq %lld-%lld, %d events, %zu -> %zu bytes: %d applied, %d duplicate, "
                  "%d rejected%s (%lld ms)", b->batch_id, b->first, b->last, b->n, b->len, gzlen,
                  r.applied, r.duplicate, r.rejected, r.n < b->n ? ", some not answered" : "", took_ms);
            if (s->cap_events < s->c.batch_max_events && ++s->good_streak >= GROW_AFTER) {
                s->cap_events = s->cap_events * 2 > s->c.batch_max_events ? (int)s->c.batch_max_events
                                                                           : s->cap_events * 2;
                s->good_streak = 0;
            }
        }
        pd_reply_done(&r);
        return rc;
    }
    case 409: {
        long long want;
        rc = pd_reply_parse_gap(a->body, a->len, &want, err);
        if (rc != PD_OK) {
            about_batch(err, b, "; nothing acknowledged");
            return rc;
        }
        if (++*gaps > MAX_GAPS_PER_PASS)
            return pd_fail(err, PD_EPROTO, NULL, "the district keeps reporting missing events (HTTP 409, "
                           "expected seq %lld) although they were sent again; will retry later", want);
        if (want > b->first)
            return pd_fail(err, PD_EPROTO, NULL, "batch %s (seq %lld-%lld): the district reports a gap "
                           "but expects seq %lld, after this batch's first; nothing acknowledged",
                           b->batch_id, b->first, b->last, want);
        if (want == b->first) {
            pd_sync_logf(s, 0, "batch %s: the district expects seq %lld, the batch's first; sending it again",
                  b->batch_id, want);
            return PD_OK;   /* still in flight: the same batch goes again */
        }
        pd_sync_logf(s, 0, "batch %s: the district misses seq %lld-%lld (HTTP 409); sending them again",
              b->batch_id, want, b->first - 1);
        rc = pd_outbox_resend_from(db, want, b->first, err);
        if (rc == PD_ENOTFOUND) {
            res->outcome = PD_SYNC_STUCK;
            return PD_EPROTO;
        }
        return rc;
    }
    case 413:
        if (++*toolarge > MAX_413_PER_PASS)
            return pd_fail(err, PD_EPROTO, NULL, "the district keeps refusing batches as too large "
                           "(HTTP 413)");
        if (b->n > 1) {
            s->cap_events = b->n / 2;
            s->good_streak = 0;
            pd_sync_logf(s, 0, "batch %s: too large for the district (HTTP 413, %zu bytes); halving to %d events",
                  b->batch_id, b->len, s->cap_events);
            return pd_outbox_abandon(db, err);
        }
        if (b->standins)
            return pd_fail(err, PD_EPROTO, NULL, "the district refused even the event.oversize stand-in "
                           "for seq %lld as too large (HTTP 413); nothing acknowledged", b->first);
        {
            char reason[PD_ACK_MSG_MAX];
            snprintf(reason, sizeof reason, "the district refused it as too large (HTTP 413, %zu bytes): "
                     "it got an event.oversize stand-in, the full record stays here", b->len);
            pd_sync_logf(s, 0, "seq %lld: too large for the district even alone; sending a stand-in", b->first);
            s->cap_events = 1;
            return pd_outbox_mark_oversize(db, b->first, reason, err);
        }
    case 401:
    case 403:
        res->outcome = PD_SYNC_REFUSED;
        answer_words(a, words, sizeof words);
        return pd_fail(err, PD_ECONFIG, NULL, "the district refused this station's credentials (HTTP %ld%s): "
                       "check [district] token_file and client_cert with the district; nothing was lost, "
                       "every event stays in the outbox", a->status, words);
    case 429:
    case 503:
        if (a->retry_after > 0) {
            long long until = (long long)time(NULL) + a->retry_after;
            char hhmm[16];
            fmt_clock(until, hhmm, sizeof hhmm);
            pd_outbox_set_not_before(db, until, NULL);
            res->outcome = PD_SYNC_WAIT;
            res->wait_seconds = a->retry_after;
            return pd_fail(err, PD_ENET, NULL, "the district is busy (HTTP %ld) and asked to wait %ld s; "
                           "nothing acknowledged, next try after %s", a->status, a->retry_after, hhmm);
        }
        /* without Retry-After it is any other failure */
        __attribute__((fallthrough));
    default:
        answer_words(a, words, sizeof words);
        return pd_fail(err, a->status >= 500 ? PD_ENET : PD_EPROTO, NULL,
                       "batch %s (seq %lld-%lld): the district answered HTTP %ld%s; nothing acknowledged, "
                       "will retry", b->batch_id, b->first, b->last, a->status, words);
    }
}

static pd_err run(struct pd_sync *s, struct pd_db *db, struct pd_sync_result *res,
                  struct pd_error *err)
{
    long long nb = pd_outbox_not_before(db), now = (long long)time(NULL);
    if (nb > now) {
        char hhmm[16];
        fmt_clock(nb, hhmm, sizeof hhmm);
        res->outcome = PD_SYNC_WAIT;
        res->wait_seconds = nb - now > 86400 ? 86400 : (long)(nb - now);
        return pd_fail(err, PD_ENET, NULL, "the district asked for a pause (Retry-After); next try after %s",
                       hhmm);
    }
    if (nb)
        pd_outbox_set_not_before(db, 0, NULL);
    int gaps = 0, toolarge = 0;
    bool tried = false;
    for (;;) {
        struct pd_outbox_batch b;
        int cap = s->cap_events < s->c.batch_max_events ? s->cap_events : (int)s->c.batch_max_events;
        bool acks_open = pd_db_in_tx(db);   /* the last answer's acknowledgements */
        pd_err rc = PD_ENOTFOUND;
        if (!s->stop)
            rc = pd_outbox_next(db, cap, (size_t)s->c.batch_max_bytes, &b, err);
        if (acks_open) {
            if (rc == PD_OK || rc == PD_ENOTFOUND) {
                pd_err crc = pd_db_commit(db, err);
                if (crc != PD_OK) {
                    if (rc == PD_OK)
                        pd_outbox_batch_done(&b);
                    res->outcome = PD_SYNC_LOCAL;
                    return crc;
                }
            } else {
                pd_db_rollback(db);   /* lost acknowledgements only mean a resend */
            }
        }
        if (s->stop) {
            if (rc == PD_OK)
                pd_outbox_batch_done(&b);
            res->outcome = PD_SYNC_STOPPED;
            return pd_fail(err, PD_ENET, NULL, "push stopped; nothing lost");
        }
        if (rc == PD_ENOTFOUND) {
            res->outcome = PD_SYNC_DONE;
            return PD_OK;
        }
        if (rc != PD_OK) {
            /* busy: a long save holds the register; try again later */
            res->outcome = rc == PD_EBUSY ? PD_SYNC_FAILED : PD_SYNC_LOCAL;
            return rc;
        }
        const unsigned char *gz;
        size_t gzlen;
        rc = pd_gzip_run(&s->gz, b.json, b.len, &gz, &gzlen, err);
        if (rc != PD_OK) {
            pd_outbox_batch_done(&b);
            res->outcome = PD_SYNC_LOCAL;
            return rc;
        }
        res->raw_bytes += (long long)b.len;
        res->gz_bytes += (long long)gzlen;
        if (!tried) {
            /* noted only when there is something to send: an idle loop
             * writes nothing */
            pd_outbox_note_try(db, NULL);
            tried = true;
        }
        if (b.resumed)
            pd_sync_logf(s, 0, "batch %s: sending again (it was in flight when the last push ended)", b.batch_id);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct pd_http_answer a;
        rc = s->t->post_batch(s->t, b.batch_id, gz, gzlen, &a, err);
        if (rc != PD_OK) {
            res->net = a.fail;
            res->outcome = a.fail == PD_NET_LOCAL ? PD_SYNC_LOCAL
                         : a.fail == PD_NET_STOPPED ? PD_SYNC_STOPPED : PD_SYNC_FAILED;
            about_batch(err, &b, a.fail == PD_NET_TLS || a.fail == PD_NET_LOCAL ? ""
                                 : "; nothing acknowledged, will retry");
            pd_outbox_batch_done(&b);
            return rc;
        }
        res->outcome = PD_SYNC_FAILED;
        rc = on_answer(s, db, &b, &a, res, &gaps, &toolarge, ms_since(&t0), gzlen, err);
        pd_outbox_batch_done(&b);
        if (rc != PD_OK)
            return rc;
    }
}

pd_err pd_sync_pass(struct pd_sync *s, struct pd_db *db, struct pd_sync_result *res,
                    struct pd_error *err)
{
    memset(res, 0, sizeof *res);
    res->outcome = PD_SYNC_FAILED;
    int fd = -1;
    pd_err rc = pd_outbox_lock(db, &fd, err);
    if (rc != PD_OK) {
        res->outcome = rc == PD_EBUSY ? PD_SYNC_BUSY : PD_SYNC_LOCAL;
        res->pending = pd_outbox_pending(db);
        return rc;
    }
    struct pd_error local;
    if (!err)
        err = &local;
    pd_error_clear(err);
    rc = run(s, db, res, err);
    char last[8];
    if (rc != PD_OK && res->outcome != PD_SYNC_STOPPED)
        pd_outbox_note_error(db, err->msg, NULL);
    else if (rc == PD_OK && pd_db_meta_get(db, "sync_last_error", last, sizeof last) == PD_OK && last[0])
        pd_outbox_note_error(db, "", NULL);   /* written only when it changes */
    res->pending = pd_outbox_pending(db);
    pd_outbox_unlock(&fd);
    return rc;
}

/* Sleeps ms, waking early when asked to stop. */
static void nap(struct pd_sync *s, long ms)
{
    while (ms > 0 && !s->stop) {
        long step = ms > 100 ? 100 : ms;
        struct timespec ts = { step / 1000, (step % 1000) * 1000000L };
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

static unsigned rnd(void)
{
    unsigned r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
        r = (unsigned)time(NULL) ^ (unsigned)getpid();
    return r;
}

pd_err pd_sync_loop(struct pd_sync *s, struct pd_db *db, struct pd_error *err)
{
    int failures = 0;
    bool continue_after_pull = false;
    while (!s->stop) {
        struct pd_sync_result res;
        struct pd_error e;
        pd_error_clear(&e);
        pd_err rc = pd_sync_pass(s, db, &res, &e);
        long wait = s->c.idle_ms > 0 ? s->c.idle_ms : 30000;
        switch (res.outcome) {
        case PD_SYNC_DONE:
            if (res.batches)
                pd_sync_logf(s, 1, "sent: %lld applied, %lld duplicate, %lld rejected in %d batches",
                      res.applied, res.duplicate, res.rejected, res.batches);
            failures = 0;
            if (s->pull) {
                /* the pull fails like a push: same outcomes, same waits */
                struct pd_pull_result pr;
                pd_error_clear(&e);
                rc = pd_sync_pull(s, db, &pr, &e);
                if (pr.received)
                    pd_sync_logf(s, 1, "pulled %lld new update%s from the district", pr.received,
                                 pr.received == 1 ? "" : "s");
                /* also with nothing new: a policy update left by a crash is done again */
                if (rc == PD_OK && s->after_pull)
                    s->after_pull(s->after_pull_ctx, db, &pr);
                if (rc != PD_OK) {
                    res.outcome = pr.outcome;
                    res.wait_seconds = pr.wait_seconds;
                    continue_after_pull = true;
                }
            }
            if (!continue_after_pull)
                break;
            continue_after_pull = false;
            switch (res.outcome) {
            case PD_SYNC_STOPPED:
                return PD_OK;
            case PD_SYNC_REFUSED:
            case PD_SYNC_LOCAL:
                if (err)
                    *err = e;
                return rc;
            case PD_SYNC_WAIT:
                failures++;
                wait = res.wait_seconds * 1000L + (long)(rnd() % (unsigned)(res.wait_seconds * 100 + 1));
                pd_sync_logf(s, 1, "%s", e.msg);
                break;
            case PD_SYNC_BUSY:
                break;
            default:
                failures++;
                wait = pd_sync_backoff_ms(&s->c, failures, rnd());
                pd_sync_logf(s, 1, "%s (retry %d in %ld s)", e.msg, failures, (wait + 999) / 1000);
                break;
            }
            break;
        case PD_SYNC_BUSY:
            break;
        case PD_SYNC_STOPPED:
            return PD_OK;
        case PD_SYNC_REFUSED:
        case PD_SYNC_STUCK:
        case PD_SYNC_LOCAL:
            if (err)
                *err = e;
            return rc;
        case PD_SYNC_WAIT:
            failures++;
            /* at least what the district asked, plus up to 10% so stations spread out */
            wait = res.wait_seconds * 1000L + (long)(rnd() % (unsigned)(res.wait_seconds * 100 + 1));
            pd_sync_logf(s, 1, "%s", e.msg);
            break;
        case PD_SYNC_FAILED:
            failures++;
            wait = pd_sync_backoff_ms(&s->c, failures, rnd());
            pd_sync_logf(s, 1, "%s (retry %d in %ld s)", e.msg, failures, (wait + 999) / 1000);
            break;
        }
        nap(s, wait);
    }
    return PD_OK;
}
