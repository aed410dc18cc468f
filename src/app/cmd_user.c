/* cmd_user.c - `popdesk user add|passwd|lock|unlock|list`: the accounts that
 * sign changes. */
#include <getopt.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/signin.h"
#include "store/users.h"

struct find_ctx {
    const char *name;
    bool found;
    enum pd_role role;
};

static int find_user(void *ctx, const struct pd_user_info *u)
{
    struct find_ctx *f = ctx;
    if (strcmp(u->name, f->name) != 0)
        return 0;
    f->found = true;
    f->role = u->role;
    return 1;
}

/* Whether the signed-in user may act on `name` (main.c signed them in with
 * the action's least role; here the account's own role decides the rest). */
static pd_err may_manage(struct pd_app *app, struct pd_db *db, const char *what, const char *name,
                         enum pd_role new_role, struct pd_error *err)
{
    if (!app->signed_in) {
        /* main.c let an unsigned `user add` through only for a register
         * with no accounts: the first one must be an admin */
        if (strcmp(what, "add") == 0 && new_role == PD_ROLE_ADMIN && pd_user_count(db) == 0)
            return PD_OK;
        return pd_fail(err, PD_EDENIED, "user", "this register has no accounts; the first one must be an "
                       "admin: popdesk user add NAME --role admin");
    }
    enum pd_role target = new_role;
    if (strcmp(what, "add") != 0) {
        struct find_ctx f = { name, false, PD_ROLE_VIEWER };
        pd_err e = pd_user_each(db, find_user, &f, err);
        if (e != PD_OK)
            return e;
        if (!f.found)
            return pd_fail(err, PD_ENOTFOUND, "user", "no user '%s'", name);
        target = f.role;
    }
    return pd_user_may_manage((enum pd_role)app->role, app->user, what, name, target, err);
}

/* `user lock` never leaves the register without a way back: nobody locks
 * their own account (they could not unlock it).  Locking another admin
 * takes an admin, who stays unlocked. */
static pd_err lock_not_self(const struct pd_app *app, const char *name, struct pd_error *err)
{
    if (app->signed_in && strcmp(app->user, name) == 0)
        return pd_fail(err, PD_EDENIED, "user", "you cannot lock your own account %s: you could not "
                       "unlock it again; ask another administrator", name);
    return PD_OK;
}

static int print_user(void *ctx, const struct pd_user_info *u)
{
    (void)ctx;
    const char *state = "active";
    char buf[64];
    if (u->disabled)
        state = "locked by an administrator";
    else if (u->locked_until > (long long)time(NULL)) {
        time_t t = (time_t)u->locked_until;
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(buf, sizeof buf, "locked out until %Y-%m-%d %H:%M", &tm);
        state = buf;
    }
    printf("%-20s %-10s %s\n", u->name, pd_role_name(u->role), state);
    return 0;
}

static void user_help(void)
{
    printf("usage: popdesk user add NAME --role admin|supervisor|clerk|viewer [--password-file F]\n"
           "       popdesk user passwd NAME [--password-file F]\n"
           "       popdesk user lock NAME | unlock NAME\n"
           "       popdesk user list\n\n"
           "Passwords are read from F (first line; '-' for standard input) or asked on\n"
           "the terminal, and stored only as a yescrypt hash.  `unlock` also clears a\n"
           "lock-out after wrong passwords.\n\n"
           "Who may: an admin any account; a supervisor adds, locks, unlocks and sets the\n"
           "password of clerks and viewers; everyone changes their own password; `list`\n"
           "a supervisor's too.  The one signed in (popdesk --user NAME [--password-file F]\n"
           "user ..., or $POPDESK_USER, $POPDESK_PASSWORD_FILE) is checked; on a register\n"
           "with no account at all, `user add NAME --role admin` makes the first admin.\n");
}

int pd_cmd_user(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "role", required_argument, NULL, 'r' },
        { "password-file", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *role_s = NULL, *pwfile = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': role_s = optarg; break;
        case 'p': pwfile = optarg; break;
        case 'h': user_help(); return 0;
        default: return pd_app_usage(app, "user", "bad option");
        }
    }
    if (optind >= argc)
        return pd_app_usage(app, "user", "say what to do: add, passwd, lock, unlock or list");
    const char *what = argv[optind];
    const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (optind + 2 < argc)
        return pd_app_usage(app, "user", "unexpected argument '%s'", argv[optind + 2]);
    bool list = strcmp(what, "list") == 0;
    if (strcmp(what, "add") && strcmp(what, "passwd") && strcmp(what, "lock") &&
        strcmp(what, "unlock") && !list)
        return pd_app_usage(app, "user", "unknown action '%s' (add, passwd, lock, unlock or list)", what);
    if (!list && !name)
        return pd_app_usage(app, "user", "%s needs a user name", what);
    if (list && name)
        return pd_app_usage(app, "user", "unexpected argument '%s'", name);

    struct pd_error err;
    pd_error_clear(&err);
    enum pd_role role = PD_ROLE_CLERK;
    if (strcmp(what, "add") == 0) {
        if (!role_s)
            return pd_app_usage(app, "user", "add needs --role admin|supervisor|clerk|viewer");
        if (pd_role_parse(role_s, &role, &err) != PD_OK || pd_user_name_check(name, &err) != PD_OK)
            return pd_app_fail(app, &err);
    }
    struct pd_db *db;
    int rc = pd_app_open(app, list ? PD_DB_READONLY : 0, &db);
    if (rc)
        return rc;
    pd_err e = list ? PD_OK : may_manage(app, db, what, name, role, &err);
    if (e == PD_OK && strcmp(what, "lock") == 0)
        e = lock_not_self(app, name, &err);
    char pw[256] = "";
    if (e != PD_OK) {
        /* refused: nothing done */
    } else if (list) {
        e = pd_user_each(db, print_user, NULL, &err);
    } else if (strcmp(what, "lock") == 0 || strcmp(what, "unlock") == 0) {
        e = pd_user_set_disabled(db, name, what[0] == 'l', &err);
        if (e == PD_OK)
            printf("%s %s\n", name, what[0] == 'l' ? "locked" : "unlocked");
    } else {
        e = pd_app_read_password(pwfile, "New password: ", true, pw, sizeof pw, &err);
        if (e == PD_OK && strcmp(what, "add") == 0)
            e = pd_user_add(db, name, role, pw, (int)app->cfg.min_password_length, &err);
        else if (e == PD_OK)
            e = pd_user_set_password(db, name, pw, (int)app->cfg.min_password_length, &err);
        explicit_bzero(pw, sizeof pw);
        if (e == PD_OK)
            printf("%s %s\n", what[0] == 'a' ? "added" : "password changed for", name);
    }
    pd_db_close(&db);
    return e == PD_OK ? 0 : pd_app_fail(app, &err);
}
