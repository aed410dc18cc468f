/* bulk.h - loading a brand-new register in bulk (popdesk demo; an import
 * into an empty register).
 *
 * Keeping a dozen secondary indexes in step row by row is most of what a
 * million-person load costs: every row lands on a random page of each.
 * Between pd_db_bulk_begin() and pd_db_bulk_end() the indexes that no save
 * looks anything up by (name lists, date lists, the dashboard's covering
 * indexes) are absent and are built once at the end, sorted, which is many
 * times cheaper.  The unique indexes and every index the save path checks
 * through (person id, ID number, household code, certificate number, a
 * mother's children, a person's methods, pregnancies and certificates) stay,
 * so every event is checked exactly as in normal use, and every event still
 * gets its audit row and its outbox row in its transaction.
 *
 * The load writes without a journal and without syncing until the end:
 * a page goes to the file once.  So the file is sound only once
 * pd_db_bulk_end() has returned PD_OK.  A transaction that changed rows
 * and is rolled back (an event refused part-way, a failed commit) cannot
 * be undone: the load is spoiled, and every later begin and
 * pd_db_bulk_end() is refused with a message saying so.  A kill or power
 * cut during the load spoils the file the same way.  Hence the rule: load
 * in bulk only into a scratch file that is thrown away unless the load
 * finishes (popdesk demo builds beside the target and renames it into
 * place).  A load stopped between transactions (its indexes' SQL is kept
 * in meta, bulk_indexes) has its indexes built when the file is next
 * opened.  No constraint is ever missing while loading.
 */
#ifndef PD_STORE_BULK_H
#define PD_STORE_BULK_H

#include "core/err.h"
#include "core/event.h"
#include "store/db.h"

/* Starts a bulk load.  Refused (PD_EDENIED) unless the register holds no
 * person and no event yet, and outside a transaction. */
pd_err pd_db_bulk_begin(struct pd_db *db, struct pd_error *err);

/* Builds the deferred indexes; the register is then as if loaded event by
 * event.  Call it outside a transaction.  Does nothing if no load is
 * pending. */
pd_err pd_db_bulk_end(struct pd_db *db, struct pd_error *err);

/* pd_event_save (store/events.h) in its two halves, so that a bulk load can
 * check events on one core while another writes them (app/cmd_demo.c):
 *
 * pd_event_check() is everything that needs no register: the event checked
 * on its own as of `today` (pd_event_validate), signed by user, stamped
 * with the time and its id.  It touches no database and may run in any
 * thread.
 *
 * pd_event_save_checked() is the rest, exactly as pd_event_save does it:
 * checked against the register, applied, its audit row and outbox row
 * written with the next seq, in one transaction (joining the caller's).
 * It refuses an event that pd_event_check did not pass (no id or user) or
 * that was checked for another day than the register's today (checked_on).
 * Events get their seq in the order they are saved. */
pd_err pd_event_check(struct pd_event *ev, struct pd_date today, const char *user,
                      struct pd_error *err);
pd_err pd_event_save_checked(struct pd_db *db, struct pd_event *ev, struct pd_date checked_on,
                             struct pd_error *err);

#endif
