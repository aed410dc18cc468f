/* signin.c - roles of the command-line commands and signing in for them
 * (see signin.h). */
#include "app/signin.h"
#include "report/table.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Process-wide: pd_app_user() has no app to look at, and every command
 * (those being written now included) signs with it. */
static char signed_user[PD_USER_MAX + 1];

const char *pd_app_signed_user(void)
{
    return signed_user[0] ? signed_user : NULL;
}

const char *pd_need_name(enum pd_need need)
{
    switch (need) {
    case PD_NEED_NONE: return "none";
    case PD_NEED_VIEWER: return "viewer";
    case PD_NEED_CLERK: return "clerk";
    case PD_NEED_SUPERVISOR: return "supervisor";
    case PD_NEED_ADMIN:
    case PD_NEED_UNSET: break;
    }
    return "admin";
}

bool pd_role_meets(enum pd_role have, enum pd_need need)
{
    switch (need) {
    case PD_NEED_NONE: return true;
    case PD_NEED_VIEWER: return have >= PD_ROLE_VIEWER;
    case PD_NEED_CLERK: return have >= PD_ROLE_CLERK;
    case PD_NEED_SUPERVISOR: return have >= PD_ROLE_SUPERVISOR;
    case PD_NEED_ADMIN:
    case PD_NEED_UNSET: break;
    }
    return have == PD_ROLE_ADMIN;
}

/* How many of the rule's words lead argv[1..]; 0 when one differs.  Empty
 * words stand for "no action given" (nothing, or only options, follow). */
static int match_words(const char *words, int argc, char **argv)
{
    if (!*words)
        return argc < 2 || argv[1][0] == '-' ? 1 : 0;
    int n = 0;
    const char *p = words;
    while (*p) {
        size_t len = strcspn(p, " ");
        if (n + 1 >= argc || strlen(argv[n + 1]) != len || strncmp(argv[n + 1], p, len) != 0)
            return 0;
        n++;
        p += len;
        while (*p == ' ')
            p++;
    }
    return n;
}

enum pd_need pd_access_need(enum pd_need cmd_need, const struct pd_access_rule *rules,
                            size_t nrules, int argc, char **argv, char *label, size_t size)
{
    enum pd_need need = cmd_need == PD_NEED_UNSET ? PD_NEED_ADMIN : cmd_need;
    const char *cmd = argc > 0 ? argv[0] : "";
    int best = 0;
    const char *words = NULL;
    for (size_t i = 0; i < nrules; i++) {
        if (strcmp(rules[i].cmd, cmd) != 0)
            continue;
        int n = match_words(rules[i].words, argc, argv);
        if (n > best) {
            best = n;
            words = rules[i].words;
            need = rules[i].need == PD_NEED_UNSET ? PD_NEED_ADMIN : rules[i].need;
        }
    }
    if (label && size) {
        if (words && *words)
            snprintf(label, size, "%s %s", cmd, words);
        else
            snprintf(label, size, "%s", cmd);
    }
    return need;
}

void pd_access_describe(const char *cmd, enum pd_need cmd_need, const struct pd_access_rule *rules,
                        size_t nrules, char *buf, size_t size)
{
    if (!size)
        return;
    enum pd_need own = cmd_need == PD_NEED_UNSET ? PD_NEED_ADMIN : cmd_need;
    size_t len = (size_t)snprintf(buf, size, "%s", own == PD_NEED_NONE ? "no sign-in" : pd_need_name(own));
    for (int n = PD_NEED_NONE; n <= PD_NEED_ADMIN && len < size; n++) {
        if (n == (int)own)
            continue;
        bool first = true;
        for (size_t i = 0; i < nrules && len < size; i++) {
            if (strcmp(rules[i].cmd, cmd) != 0 || rules[i].need != (enum pd_need)n)
                continue;
            if (first)
                len += (size_t)snprintf(buf + len, size - len, "; %s: %s",
                                        n == PD_NEED_NONE ? "no sign-in" : pd_need_name((enum pd_need)n),
                                        *rules[i].words ? rules[i].words : "(no action)");
            else
                len += (size_t)snprintf(buf + len, size - len, ", %s",
                                        *rules[i].words ? rules[i].words : "(no action)");
            first = false;
        }
    }
}

pd_err pd_user_may_manage(enum pd_role actor_role, const char *actor, const char *what,
                          const char *target, enum pd_role target_role, struct pd_error *err)
{
    if (actor_role == PD_ROLE_ADMIN)
        return PD_OK;
    if (strcmp(what, "passwd") == 0 && strcmp(actor, target) == 0)
        return PD_OK;
    if (actor_role == PD_ROLE_SUPERVISOR && target_role <= PD_ROLE_CLERK)
        return PD_OK;
    if (actor_role == PD_ROLE_SUPERVISOR)
        return pd_fail(err, PD_EDENIED, "role", "`popdesk user %s` of %s account %s needs the admin role; "
                       "%s is a supervisor (a supervisor manages clerks and viewers)", what,
                       target_role == PD_ROLE_ADMIN ? "an admin" : "a supervisor", target, actor);
    return pd_fail(err, PD_EDENIED, "role", "`popdesk user %s` of another account (%s) needs the supervisor "
                   "role; %s is a %s (everyone may change their own password)", what, target, actor,
                   pd_role_name(actor_role));
}

pd_err pd_password_file_check(const char *path, struct pd_error *err)
{
    if (strcmp(path, "-") == 0)
        return PD_OK;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return pd_fail(err, PD_EINVAL, "password-file", "cannot read the password file %s: %s",
                       path, strerror(errno));
    if (S_ISREG(sb.st_mode) && (sb.st_mode & (S_IRWXG | S_IRWXO)))
        return pd_fail(err, PD_EDENIED, "password-file",
                       "the password file %s can be read by other users (mode %03o); it must be "
                       "yours alone: chmod 600 '%s'", path, (unsigned)(sb.st_mode & 0777), path);
    return PD_OK;
}

static const char *login_name(void)
{
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_name : "unknown";
}

/* Prints "popdesk LABEL: MESSAGE" and returns the status. */
static int refuse(const char *label, const struct pd_error *err)
{
    fprintf(stderr, "popdesk %s: %s\n", label, err->msg[0] ? err->msg : pd_strerror(err->code));
    return pd_err_exit(err->code);
}

int pd_app_signin(struct pd_app *app, enum pd_need need, const char *label, bool bootstrap)
{
    if (need == PD_NEED_NONE)
        return 0;
    struct pd_error err;
    pd_error_clear(&err);
    const char *user = app->user_opt;
    if (!user || !*user)
        user = getenv("POPDESK_USER");
    if (!user || !*user)
        user = login_name();
    const char *pwfile = app->password_file;
    if (!pwfile || !*pwfile)
        pwfile = getenv("POPDESK_PASSWORD_FILE");
    if (pwfile && !*pwfile)
        pwfile = NULL;
    if (pwfile && pd_password_file_check(pwfile, &err) != PD_OK)
        return refuse(label, &err);

    struct pd_db *db;
    int rc = pd_app_open(app, 0, &db);
    if (rc)
        return rc;
    if (pd_user_count(db) == 0) {
        pd_db_close(&db);
        if (bootstrap)
            return 0;
        pd_fail(&err, PD_EDENIED, "user", "this register has no accounts, so nobody can sign in; "
                "create the first administrator with `popdesk user add NAME --role admin`");
        return refuse(label, &err);
    }
    char prompt[PD_USER_MAX + 64];
    snprintf(prompt, sizeof prompt, "Password for %s: ", user);
    char pw[256];
    enum pd_role role = PD_ROLE_VIEWER;
    pd_err e = pd_app_read_password(pwfile, prompt, false, pw, sizeof pw, &err);
    if (e == PD_OK)
        e = pd_user_login(db, user, pw, (int)app->cfg.max_failures, (int)app->cfg.lock_minutes,
                          &role, &err);
    explicit_bzero(pw, sizeof pw);
    pd_db_close(&db);
    if (e != PD_OK) {
        char m[PD_MSG_MAX + 64];
        snprintf(m, sizeof m, "sign-in as %.32s refused: %s", user, err.msg);
        pd_strlcpy(err.msg, m, sizeof err.msg);
        return refuse(label, &err);
    }
    if (!pd_role_meets(role, need)) {
        pd_fail(&err, PD_EDENIED, "role", "`popdesk %s` needs the %s role; %s is %s %s", label,
                pd_need_name(need), user, role == PD_ROLE_ADMIN ? "an" : "a", pd_role_name(role));
        return refuse(label, &err);
    }
    app->signed_in = true;
    app->role = (int)role;
    /* a viewer's printed lists show ID numbers masked (report/table.h) */
    pd_report_mask_ids(role == PD_ROLE_VIEWER);
    pd_strlcpy(app->user, user, sizeof app->user);
    pd_strlcpy(signed_user, user, sizeof signed_user);
    return 0;
}
