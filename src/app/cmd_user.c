/* cmd_user.c - `popdesk user add|passwd|lock|unlock|list`: the accounts that
 * sign changes. */
#include <getopt.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "store/users.h"

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
           "lock-out after wrong passwords.\n");
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
    if (!list && !name)
        return pd_app_usage(app, "user", "%s needs a user name", what);
    if (strcmp(what, "add") && strcmp(what, "passwd") && strcmp(what, "lock") &&
        strcmp(what, "unlock") && !list)
        return pd_app_usage(app, "user", "unknown action '%s'", what);

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
    pd_err e = PD_OK;
    char pw[256] = "";
    if (list) {
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
