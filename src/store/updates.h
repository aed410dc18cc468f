/* updates.h - what the district sends back by the pull (shared SYNC.md
 * "Pull", docs/SYNC.md): the queue of updates and the pull cursor.
 *
 * Every update the district sends is kept, one row per update id, whatever
 * its type: an id seen before is ignored, an update nobody here understands
 * stays in the queue to be shown, never dropped.  The cursor (meta
 * pull_cursor) is written in the SAME transaction as the rows a page
 * brought, so a crash at any moment repeats a pull and never skips one.
 *
 * Types popdesk acts on (docs/SYNC.md lists their data):
 *   crosscheck.request   a clerk answers: a crosscheck.answer event (pushed)
 *   person.transfer_in   a clerk confirms it into a household: person.move_in
 *                        with the pre-filled fields
 *   policy.update        checked and put in force by src/app/policy_update.c
 *   message              shown until a clerk dismisses it
 * Anything else is shown like a message.
 *
 * States: new (waiting), answered, confirmed, applied, refused (a policy
 * update that failed its check: note says why), dismissed.
 *
 * Ownership: struct pd_update owns its data (pd_update_done()); rows handed
 * to pd_updates_each() callbacks are borrowed for the call only.
 */
#ifndef PD_STORE_UPDATES_H
#define PD_STORE_UPDATES_H

#include <jansson.h>
#include <stdbool.h>
#include "core/err.h"
#include "store/db.h"

#define PD_UPDATE_ID_MAX 65         /* the district's update id, at most 64 bytes */
#define PD_UPDATE_TYPE_MAX 65
#define PD_UPDATE_CURSOR_MAX 129
#define PD_UPDATE_NOTE_MAX 2048

/* One update as the pull read it (all borrowed).  data is compact JSON. */
struct pd_update_in {
    const char *id, *type, *at, *data;
};

/* Stores a page: every update not seen before (by id) as state new, and
 * the new cursor, in ONE transaction.  *added (may be NULL) = rows new. */
pd_err pd_updates_store(struct pd_db *db, const char *cursor, const struct pd_update_in *u,
                        int n, int *added, struct pd_error *err);
/* The cursor stored by the last pull ("" before the first). */
void pd_updates_cursor(struct pd_db *db, char *buf, size_t size);

struct pd_update {
    long long num;                  /* arrival order */
    char uid[PD_UPDATE_ID_MAX];
    char type[PD_UPDATE_TYPE_MAX];
    char at[40];                    /* the district's time, "" when none */
    char received[40];
    char state[16];
    char note[PD_UPDATE_NOTE_MAX];  /* answer given, why refused, what was applied */
    long long seq;                  /* the event that settled it, 0 when none */
    char person[40];                /* transfer-in: the person created */
    char done_at[40], done_by[40];
    json_t *data;                   /* owned (pd_update_get) or borrowed (each) */
};

/* Fills u from the row of update id uid; PD_ENOTFOUND with a message. */
pd_err pd_updates_get(struct pd_db *db, const char *uid, struct pd_update *u,
                      struct pd_error *err);
void   pd_update_done(struct pd_update *u);

enum pd_updates_filter {
    PD_UPD_OPEN,        /* new and refused: what a clerk should look at */
    PD_UPD_ALL,
    PD_UPD_NEW_POLICY,  /* policy.update rows still new (for the policy check) */
};
/* Calls cb for each row in arrival order; cb returns non-zero to stop. */
pd_err pd_updates_each(struct pd_db *db, enum pd_updates_filter f,
                       int (*cb)(void *ctx, const struct pd_update *u), void *ctx,
                       struct pd_error *err);
/* Rows in state new (the screens' "waiting" count). */
long long pd_updates_waiting(struct pd_db *db);

/* Answers a crosscheck.request: saves a crosscheck.answer event (data:
 * update, id_number when the request gave a valid one, answer, found) and
 * marks the row answered with that seq, in one transaction.  *seq (may be
 * NULL) gets the event's seq. */
pd_err pd_updates_answer(struct pd_db *db, const char *uid, const char *answer, bool found,
                         const char *user, long long *seq, struct pd_error *err);

/* Confirms a person.transfer_in into household: saves person.move_in with
 * the pre-filled fields (data.person), data.date (else today) and data.from,
 * with `extra` (may be NULL; keys of the person fields, e.g. relation)
 * added over them, and marks the row confirmed, in one transaction.
 * person (size 40, may be NULL) gets the new person's id.  A refused event
 * changes nothing; err says why (err->field names the key). */
pd_err pd_updates_confirm(struct pd_db *db, const char *uid, const char *household,
                          const json_t *extra, const char *user, char *person,
                          struct pd_error *err);

/* Marks an open row dismissed (seen; nothing to do), with an optional note. */
pd_err pd_updates_dismiss(struct pd_db *db, const char *uid, const char *note,
                          const char *user, struct pd_error *err);

/* For the policy check: marks a new policy.update row applied or refused
 * with note.  Joins the caller's transaction when one is open. */
pd_err pd_updates_settle_policy(struct pd_db *db, const char *uid, bool applied,
                                const char *note, struct pd_error *err);

#endif
