/* sync.h - pushing the outbox to the district (shared SYNC.md, protocol 1).
 *
 * One push pass takes the register's pusher lock, sends batches of pending
 * events until the outbox is empty or something fails, writes each answer's
 * acknowledgements in one transaction, and leaves the lock.  What each
 * answer does (docs/SYNC.md has the table):
 *   200            acknowledgements written; next batch
 *   409            events put back from the district's expected_seq; resend
 *   413            the batch halved; a lone event goes as a stand-in
 *   401, 403       stop: the station's credentials were refused
 *   429/503 + Retry-After   stop; nobody pushes before that time
 *   anything else  (3xx, 4xx, 5xx, a 200 not as expected, no answer at all)
 *                  stop; nothing acknowledged; retried later
 * The loop (pd_sync_loop) repeats passes with back-off and jitter.  The
 * screens push without waiting through background.h.
 *
 * Ownership: struct pd_sync owns its transport and a copy of the conf; the
 * token is held only inside the transport and never logged.
 */
#ifndef PD_SYNC_SYNC_H
#define PD_SYNC_SYNC_H

#include <stdbool.h>
#include "core/err.h"
#include "store/db.h"
#include "sync/transport.h"

#define PD_SYNC_PATH_MAX 1024

struct pd_sync_conf {
    char url[512];                       /* district base URL, no trailing '/' */
    char ca_file[PD_SYNC_PATH_MAX];      /* CA that verifies the district (https) */
    char client_cert[PD_SYNC_PATH_MAX];  /* optional, with client_key */
    char client_key[PD_SYNC_PATH_MAX];
    char token_file[PD_SYNC_PATH_MAX];   /* one line: the bearer token; mode 0600 */
    long connect_timeout;                /* seconds */
    long timeout;                        /* seconds, whole request */
    long batch_max_events;
    long batch_max_bytes;                /* request body before gzip */
    long retry_max_seconds;              /* longest back-off wait */
    long first_retry_ms;                 /* first back-off wait (5000) */
    long idle_ms;                        /* loop: look for new events this often */
    long pull_limit;                     /* updates asked for per pull request (100) */
};

/* Defaults as in SYNC.md (10 s / 60 s, 200 events, 256 KiB, 600 s, 5 s). */
void pd_sync_conf_defaults(struct pd_sync_conf *c);

/* Checks the URL: https://, or http:// to a loopback host only (127.0.0.0/8,
 * ::1, localhost); no user name or password in it. */
pd_err pd_sync_check_url(const char *url, struct pd_error *err);

/* Checks the whole conf without the network: URL, CA file (https), client
 * certificate and key (both or neither; the key private), token file. */
pd_err pd_sync_check_conf(const struct pd_sync_conf *c, struct pd_error *err);

/* Reads the bearer token: the file must be the user's alone (no group or
 * other permission bits: the message says chmod 600) and hold one line of
 * printable characters.  Messages never contain the token. */
pd_err pd_sync_read_token(const char *path, char *buf, size_t size, struct pd_error *err);

/* The wait before retry number `failures` (1 = first): first_retry_ms
 * doubling, capped at retry_max_seconds, times a jitter factor from rnd in
 * [0.8, 1.2) (never past the cap). */
long pd_sync_backoff_ms(const struct pd_sync_conf *c, int failures, unsigned rnd);

/* level 0: detail (one line per batch); 1: notice (failures, summaries). */
typedef void (*pd_sync_log_fn)(void *ctx, int level, const char *line);

struct pd_sync;

/* A pusher.  With t NULL it builds the HTTPS transport (http.c) from the
 * conf, reading the token file.  Takes ownership of t (also on failure). */
pd_err pd_sync_new(const struct pd_sync_conf *c, struct pd_transport *t,
                   struct pd_sync **out, struct pd_error *err);
void   pd_sync_free(struct pd_sync **s);
/* Lines for --verbose (one per batch and per failure); no secrets in them. */
void   pd_sync_set_log(struct pd_sync *s, pd_sync_log_fn fn, void *ctx);
/* Asks a pass or loop in progress to stop soon (safe from a signal handler
 * or another thread): the request in flight is abandoned, nothing is lost. */
void   pd_sync_stop(struct pd_sync *s);

enum pd_sync_outcome {
    PD_SYNC_DONE,        /* the outbox is empty (rejected events are final) */
    PD_SYNC_FAILED,      /* network or district failure; retry later */
    PD_SYNC_WAIT,        /* the district asked for a pause (Retry-After) */
    PD_SYNC_REFUSED,     /* 401/403: credentials refused; no point retrying */
    PD_SYNC_STUCK,       /* the district misses seqs this register no longer holds */
    PD_SYNC_BUSY,        /* another pusher holds the lock */
    PD_SYNC_STOPPED,     /* pd_sync_stop */
    PD_SYNC_LOCAL,       /* our side: config, certificate files, database */
};

struct pd_sync_result {
    enum pd_sync_outcome outcome;
    int batches;                 /* answered 200 */
    long long applied, duplicate, rejected, standins;
    long long pending;           /* left after the pass */
    long long raw_bytes;         /* request bodies before gzip */
    long long gz_bytes;          /* request bodies on the wire */
    long http_status;            /* last HTTP status, 0 when none */
    long wait_seconds;           /* PD_SYNC_WAIT: the pause asked for */
    enum pd_net_fail net;        /* why no answer came, if none did */
};

/* One push pass (see the top of this file).  PD_OK when the outbox was
 * emptied; else err says what happened in words for the clerk (also kept
 * in meta sync_last_error).  res is filled in either case. */
pd_err pd_sync_pass(struct pd_sync *s, struct pd_db *db, struct pd_sync_result *res,
                    struct pd_error *err);

/* Passes until stopped: idle_ms apart while all is sent, with back-off
 * after failures, honouring Retry-After.  Returns (with err) only on a
 * failure no retry can mend (credentials refused, seqs no longer held,
 * local set-up), or PD_OK when stopped. */
pd_err pd_sync_loop(struct pd_sync *s, struct pd_db *db, struct pd_error *err);

const char *pd_sync_outcome_name(enum pd_sync_outcome o);

/* ---- the pull (SYNC.md "Pull"; src/sync/pull.c) -------------------------
 * GET /api/v1/updates after the stored cursor; each page's new updates and
 * the new cursor stored in ONE transaction (store/updates.h), so a crash
 * repeats a pull and never skips or doubles one; `more: true` pulls again
 * at once.  Same lock, transport, Retry-After pause and failure words as
 * the push: 401/403 refused, 429/503 + Retry-After wait, anything else
 * (or a 200 that is not the JSON of the contract) a failure, nothing
 * stored. */
struct pd_pull_result {
    enum pd_sync_outcome outcome;
    int pages;                   /* answered 200 and stored */
    long long received;          /* updates new to this register */
    long long ignored;           /* updates whose id was seen before */
    long http_status;
    long wait_seconds;
    enum pd_net_fail net;
};

/* Pulls until the district has nothing more (or a failure).  PD_OK when
 * all was pulled; else err says what happened (kept in meta
 * sync_last_error like the push's). */
pd_err pd_sync_pull(struct pd_sync *s, struct pd_db *db, struct pd_pull_result *res,
                    struct pd_error *err);

/* pd_sync_loop pulls after each push that emptied the outbox (off by
 * default), and calls fn (may be NULL) after each pull that succeeded,
 * e.g. to put a policy update in force. */
typedef void (*pd_sync_after_pull_fn)(void *ctx, struct pd_db *db, const struct pd_pull_result *r);
void pd_sync_set_pull(struct pd_sync *s, bool on, pd_sync_after_pull_fn fn, void *ctx);

/* A pull answer read defensively (pure; for pull.c and the tests): a JSON
 * object with cursor (a string of 1-128 printable ASCII characters), more
 * (true/false, absent = false) and updates (a list of objects, each with
 * id: 1-64 printable characters, type: 1-64, at: optional string, data:
 * any JSON, absent = {}).  more with no update and the cursor unchanged is
 * refused (it would pull forever).  Ownership: the page owns everything;
 * pd_pull_page_done() frees it. */
struct pd_update_in;
struct pd_pull_page {
    char cursor[129];
    bool more;
    int n;
    struct pd_update_in *u;      /* n entries, strings owned by the page */
    char **data;                 /* compact JSON texts behind u[i].data */
    void *doc;                   /* the parsed answer */
};
pd_err pd_pull_parse(const char *buf, size_t len, const char *after, struct pd_pull_page *out,
                     struct pd_error *err);
void pd_pull_page_done(struct pd_pull_page *p);

#endif
