/* events.h - saving change events: the only way the register changes.
 *
 * pd_event_save() checks the event (core/event.c), checks it against the
 * register (the person exists and is alive, the ID number is not taken...),
 * updates the records, appends the audit row (who, when, before/after, hash
 * chained to the previous row) and the outbox row (SYNC.md's envelope with
 * the next gapless seq), all in ONE transaction.  A refused event changes
 * nothing and says why in err (err->field names the data key at fault).
 *
 * When the caller already holds a transaction (pd_db_begin: import, demo),
 * the event joins it, and on failure the caller must roll the whole
 * transaction back.  On success ev->seq, ev->id, ev->at, ev->user and, for a
 * new person, ev->person are filled in.
 */
#ifndef PD_STORE_EVENTS_H
#define PD_STORE_EVENTS_H

#include "core/event.h"
#include "store/db.h"

pd_err pd_event_save(struct pd_db *db, struct pd_event *ev, const char *user,
                     struct pd_error *err);

/* Local time with offset, "2012-05-31T10:22:00+08:00". */
void pd_now_iso(char buf[PD_EV_AT_MAX]);

#endif
