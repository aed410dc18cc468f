/* background.h - pushing without making anyone wait: for the screens.
 *
 * pd_sync_bg_start() runs ONE push pass (sync.h) in a thread of its own
 * with its own connection to the register, and returns at once.  The
 * screens keep saving: the pass holds the register's write lock only for
 * the milliseconds it takes to pick a batch or write its acknowledgements
 * (WAL: reading never waits), and the pusher lock keeps a `popdesk sync`
 * from cron and the screens from pushing at the same moment (the second
 * one finds PD_SYNC_BUSY and leaves it to the first).
 *
 * Use: start; add pd_sync_bg_fd() to the poll set of the input loop (it
 * becomes readable when the pass ends), or call pd_sync_bg_done() now and
 * then; read the result; free.  Freeing a pass still running stops it
 * (within about a second; nothing is lost: a batch in flight is sent again,
 * same id, by the next pass).  The thread never writes to the terminal.
 *
 * Ownership: the caller owns the handle (pd_sync_bg_free).  The conf and
 * path are copied.  Call from one thread (the screens' loop).
 */
#ifndef PD_SYNC_BACKGROUND_H
#define PD_SYNC_BACKGROUND_H

#include <stdbool.h>
#include "sync/sync.h"

struct pd_sync_bg;

/* Checks the conf and reads the token here (so set-up mistakes come back at
 * once, in err), then starts the pass.  t is for tests (NULL: HTTPS). */
pd_err pd_sync_bg_start(const char *db_path, const struct pd_sync_conf *c,
                        struct pd_transport *t, struct pd_sync_bg **out,
                        struct pd_error *err);
/* Readable (one byte) once the pass has ended. */
int  pd_sync_bg_fd(const struct pd_sync_bg *bg);
/* Never blocks.  true once the pass has ended: *res, *rc and err (when the
 * pass failed) are filled. */
bool pd_sync_bg_done(struct pd_sync_bg *bg, struct pd_sync_result *res, pd_err *rc,
                     struct pd_error *err);
/* Stops the pass if still running, waits for its thread, frees. */
void pd_sync_bg_free(struct pd_sync_bg **bg);

#endif
