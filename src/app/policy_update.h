/* policy_update.h - putting a district policy update (SYNC.md pull, type
 * policy.update) in force, and finding the policy file in force.
 *
 * A policy.update's data is {"name": N, "version": V, "ini": <the whole
 * policy file>}.  It is checked exactly like the policy file
 * (pd_policy_load on a private temporary file), and must say the same name
 * and version in its [policy] section; a file of the same name as the one
 * in force must have a higher version.  Then it is kept as
 * <register folder>/policy/<name>-v<version>.ini (mode 0600, written to a
 * temporary name, synced, renamed) and meta policy_file names it: that is
 * the policy in force from then on.  Older files are never deleted, so a
 * supervisor can see what was in force when.  A bad update is refused with
 * the check's message (kept on the update, shown by `popdesk updates`) and
 * the old policy stays in force.  A crash between the rename and the
 * register's commit leaves the update new: the next run does it again, to
 * the same file name.
 *
 * Ownership: nothing is kept after a call.
 */
#ifndef PD_APP_POLICY_UPDATE_H
#define PD_APP_POLICY_UPDATE_H

#include <stddef.h>
#include "core/err.h"
#include "core/policy.h"
#include "store/db.h"

/* The policy file in force: meta policy_file when set and readable, else
 * config_file ([policy] file).  Returns buf. */
const char *pd_policy_in_force(struct pd_db *db, const char *config_file, char *buf, size_t size);

struct pd_app;
/* The same for the command line, opening the register read-only for a
 * moment (any trouble: [policy] file).  For the commands that load the
 * policy before they open the register (cmd_stats.c, cmd_subsidy.c). */
const char *pd_app_policy_file(struct pd_app *app, char *buf, size_t size);
/* Loads the policy in force (see pd_app_policy_file) into *p: what every
 * command and screen that applies rules must use. */
pd_err pd_app_load_policy(struct pd_app *app, struct pd_policy *p, struct pd_error *err);

/* Checks and applies every new policy.update in arrival order.  *applied
 * and *refused count them; for each one cb (may be NULL) gets the update id,
 * whether it was applied, and the words (the new file, or why refused). */
pd_err pd_policy_updates_apply(struct pd_db *db, const char *config_file, int *applied,
                               int *refused,
                               void (*cb)(void *ctx, const char *uid, bool ok, const char *words),
                               void *ctx, struct pd_error *err);

#endif
