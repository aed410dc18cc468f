/* signin.h - who may run which command-line command, and signing in for it.
 *
 * Every command states the least role it needs in main.c's command table,
 * refined for sub-actions (`subsidy decide` needs a supervisor where
 * `subsidy list` needs a viewer).  A command that changes records or shows
 * or writes personal data signs the user in before it runs: the name from
 * --user, $POPDESK_USER or the login name; the password from
 * --password-file, $POPDESK_PASSWORD_FILE (a file that is the user's alone)
 * or the terminal, checked by pd_user_login so wrong passwords count
 * towards the same lock-out as the screens.  docs/ACCOUNTS.md has the table.
 *
 * The pure parts (which role a command line needs, whether a role is
 * enough, the help line) touch no register and are unit-tested.
 */
#ifndef PD_APP_SIGNIN_H
#define PD_APP_SIGNIN_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "store/users.h"

/* What a command needs.  UNSET (a table row that forgot to say) is treated
 * as ADMIN: a command nobody classified is closed, not open. */
enum pd_need {
    PD_NEED_UNSET = 0,
    PD_NEED_NONE,        /* no sign-in: no personal data, no change */
    PD_NEED_VIEWER,
    PD_NEED_CLERK,
    PD_NEED_SUPERVISOR,
    PD_NEED_ADMIN,
};

/* A refinement: the command `cmd` whose leading words (argv[1], argv[2],
 * ...) are `words` (space separated) needs `need` instead of the command's
 * own role.  Empty words: the command given no action (nothing or only
 * options after it), for a command whose default action differs. */
struct pd_access_rule {
    const char *cmd;
    const char *words;
    enum pd_need need;
};

/* The role the command line argv[0..argc) needs: the rule of argv[0] with
 * the most matching words wins, else cmd_need.  `label` (may be NULL)
 * receives the command and the words that decided, e.g. "subsidy decide". */
enum pd_need pd_access_need(enum pd_need cmd_need, const struct pd_access_rule *rules,
                            size_t nrules, int argc, char **argv, char *label, size_t size);
/* "none", "viewer", "clerk", "supervisor", "admin". */
const char *pd_need_name(enum pd_need need);
/* True when a user of role `have` may run what needs `need`. */
bool pd_role_meets(enum pd_role have, enum pd_need need);
/* The help line for a command: its role, then the sub-actions that differ,
 * e.g. "clerk; viewer: list, show; supervisor: decide". */
void pd_access_describe(const char *cmd, enum pd_need cmd_need, const struct pd_access_rule *rules,
                        size_t nrules, char *buf, size_t size);

/* Whether the signed-in `actor` (of role `actor_role`) may `what` (add,
 * passwd, lock, unlock) the account `target` of role `target_role`: an
 * admin any account; a supervisor clerks and viewers (managing clerks);
 * everyone their own password.  PD_EDENIED with the reason otherwise. */
pd_err pd_user_may_manage(enum pd_role actor_role, const char *actor, const char *what,
                          const char *target, enum pd_role target_role, struct pd_error *err);

/* A password file must be the user's alone (like the token file): refuses a
 * regular file other users may read or write, naming the chmod that fixes
 * it.  "-" (standard input) and pipes pass. */
pd_err pd_password_file_check(const char *path, struct pd_error *err);

/* Signs the user in for `label` (the command as typed), which needs `need`:
 * reads the password, checks it (lock-out as on the screens) and the role.
 * On success fills app->user/app->role and makes pd_app_user() return the
 * signed-in name.  `bootstrap`: a register with no accounts at all lets this
 * command through unsigned (only `user add` asks, to make the first admin).
 * Prints the refusal and returns its exit status (1), or 0. */
int pd_app_signin(struct pd_app *app, enum pd_need need, const char *label, bool bootstrap);

/* The signed-in user's name, or NULL when nobody signed in. */
const char *pd_app_signed_user(void);

#endif
