/* outbox.h - the outbox seen from the pusher: batches of unsent events,
 * acknowledgements, the in-flight batch, the one-pusher lock.
 *
 * Every saved change has an outbox row (events.c writes it in the change's
 * own transaction): seq, state, body (the SYNC.md envelope as compact JSON).
 * States: 0 pending, 1 sent (the district acknowledged it), 2 rejected by
 * the district (code + message kept for the clerk), 3 sent as an
 * event.oversize stand-in (the original is kept; code "oversize", message the
 * reason).  A pending row whose code is "oversize" goes out as a stand-in.
 *
 * Exactly once across crashes: pd_outbox_next() writes the batch's id and
 * seq range to meta (sync_inflight) in the same transaction that picks it;
 * until pd_outbox_ack() (or _abandon, _mark_oversize, _resend_from) clears
 * it, every later call rebuilds that same batch, same id, same events.
 *
 * Ownership: struct pd_outbox_batch owns its json (pd_outbox_batch_done()
 * frees it).  Rows handed to callbacks are borrowed for the call only.
 */
#ifndef PD_STORE_OUTBOX_H
#define PD_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

enum pd_outbox_state {
    PD_OUTBOX_PENDING = 0,
    PD_OUTBOX_SENT = 1,
    PD_OUTBOX_REJECTED = 2,
    PD_OUTBOX_OVERSIZE = 3,
};

#define PD_BATCH_ID_MAX 40          /* "<12-digit station>-<8 digits>" + room */
#define PD_ACK_MSG_MAX 512          /* longest reason kept for a clerk */

struct pd_outbox_batch {
    char batch_id[PD_BATCH_ID_MAX];
    long long first, last;          /* seq range, consecutive */
    int n;                          /* events: last - first + 1 */
    int standins;                   /* of which sent as event.oversize */
    bool resumed;                   /* the in-flight batch of an earlier run */
    char chain_head[65];            /* audit hash at the batch's last seq, "" if none */
    char *json;                     /* the whole request body before gzip (owned) */
    size_t len;
};

/* The district's answer for one seq.  code and message are borrowed (the
 * reply parser owns them); set for rejected only, else NULL. */
enum pd_ack_status { PD_ACK_APPLIED, PD_ACK_DUPLICATE, PD_ACK_REJECTED };
struct pd_ack {
    long long seq;
    enum pd_ack_status status;
    const char *code;
    const char *message;
};

/* ---- the one-pusher lock ---------------------------------------------- */

/* Takes the lock "only one pusher at a time for this register": flock(2)
 * on "<db path>.sync.lock" (created 0600), so a killed pusher never leaves
 * it behind.  PD_EBUSY (message says so) when another process holds it.
 * *fd is -1 on failure.  The lock belongs to the open file: take it in the
 * process that pushes (after fork, not before). */
pd_err pd_outbox_lock(struct pd_db *db, int *fd, struct pd_error *err);
void   pd_outbox_unlock(int *fd);

/* ---- batches ---------------------------------------------------------- */

/* Lowers this connection's page cache: a pusher reads the outbox once, in
 * order, and gains nothing from a big cache (keeps its memory small). */
void pd_outbox_small_cache(struct pd_db *db);

/* The next batch to send, or PD_ENOTFOUND when nothing is pending.
 * Rebuilds the recorded in-flight batch when there is one; else takes the
 * lowest pending seqs, consecutive, at most max_events events and max_bytes
 * bytes of request body, gives it the next batch id and records it in
 * flight.  A lone event too big for max_bytes is marked to go as a stand-in.
 * The caller must hold the pusher lock. */
pd_err pd_outbox_next(struct pd_db *db, int max_events, size_t max_bytes,
                      struct pd_outbox_batch *b, struct pd_error *err);
void   pd_outbox_batch_done(struct pd_outbox_batch *b);

/* Writes the district's answers for batch b in ONE transaction: applied and
 * duplicate become sent (3 for a stand-in), rejected keeps code and message;
 * clears the in-flight record and sets sync_last_ok.  acks must lie within
 * the batch (the reply parser checks).  Seqs not in acks stay pending. */
pd_err pd_outbox_ack(struct pd_db *db, const struct pd_outbox_batch *b,
                     const struct pd_ack *acks, int nacks, struct pd_error *err);

/* Forgets the in-flight batch without acknowledging anything (the district
 * refused it whole with 413: its events go again in a new, smaller batch). */
pd_err pd_outbox_abandon(struct pd_db *db, struct pd_error *err);

/* Marks pending seq to go as an event.oversize stand-in from now on (code
 * "oversize", message = reason), and forgets the in-flight batch. */
pd_err pd_outbox_mark_oversize(struct pd_db *db, long long seq, const char *reason,
                               struct pd_error *err);

/* 409: the district misses seqs from `from` up to the batch's first.  Puts
 * them back to pending (stand-ins stay stand-ins) and forgets the in-flight
 * batch.  PD_ENOTFOUND, with a message that says so plainly, when this
 * register no longer holds every one of them; nothing is changed then (a
 * seq is never renumbered). */
pd_err pd_outbox_resend_from(struct pd_db *db, long long from, long long before,
                             struct pd_error *err);

/* ---- what the district sent back --------------------------------------- */

struct pd_outbox_returned {
    long long seq;
    enum pd_outbox_state state;     /* REJECTED or OVERSIZE (or PENDING with code oversize) */
    const char *id, *type, *at, *user, *household, *person;   /* "" if none */
    const char *code, *message, *batch_id, *acked_at;         /* "" if none */
};

/* Calls cb for every rejected event and every event sent as a stand-in (or
 * waiting to be), in seq order: the "sent back by the district" list.  cb
 * returns non-zero to stop. */
pd_err pd_outbox_each_returned(struct pd_db *db,
                               int (*cb)(void *ctx, const struct pd_outbox_returned *row),
                               void *ctx, struct pd_error *err);

/* ---- sync state for `popdesk status` ----------------------------------- */

/* meta sync_last_try = now. */
pd_err pd_outbox_note_try(struct pd_db *db, struct pd_error *err);
/* meta sync_last_error = words ("" clears it).  Never put a secret in it. */
pd_err pd_outbox_note_error(struct pd_db *db, const char *words, struct pd_error *err);
/* meta sync_not_before: epoch seconds before which no push should contact
 * the district (Retry-After).  0 clears.  get returns 0 when unset. */
pd_err pd_outbox_set_not_before(struct pd_db *db, long long epoch, struct pd_error *err);
long long pd_outbox_not_before(struct pd_db *db);

/* Pending events (state 0). */
long long pd_outbox_pending(struct pd_db *db);

#endif
