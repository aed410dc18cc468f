/* app.c - shared plumbing of the subcommands (see app.h). */
#include "app/app.h"
#include "app/signin.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

const char *pd_app_db_path(const struct pd_app *app)
{
    return app->db_override && *app->db_override ? app->db_override : app->cfg.db_path;
}

int pd_app_fail(const struct pd_app *app, const struct pd_error *err)
{
    (void)app;
    fprintf(stderr, "popdesk: %s\n", err->msg[0] ? err->msg : pd_strerror(err->code));
    return pd_err_exit(err->code);
}

int pd_app_usage(const struct pd_app *app, const char *cmd, const char *fmt, ...)
{
    (void)app;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "popdesk %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'popdesk %s --help'.\n", cmd);
    return 2;
}

/* The register's folder, private to the user. */
static pd_err make_parent(const char *path, struct pd_error *err)
{
    char dir[PD_PATH_MAX];
    pd_strlcpy(dir, path, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return PD_OK;
    *slash = '\0';
    return pd_mkdirs(dir, 0700, err);
}

int pd_app_open(struct pd_app *app, unsigned flags, struct pd_db **db)
{
    struct pd_error err;
    pd_error_clear(&err);
    const char *path = pd_app_db_path(app);
    if ((flags & PD_DB_CREATE) && make_parent(path, &err) != PD_OK)
        return pd_app_fail(app, &err);
    if (pd_db_open(path, flags, db, &err) != PD_OK)
        return pd_app_fail(app, &err);
    const char *st = pd_db_station(*db);
    if (app->cfg.station[0] && st[0] && strcmp(app->cfg.station, st) != 0) {
        pd_fail(&err, PD_ECONFIG, "station.code",
                "%s: [station] code %s differs from the register's station %s (%s)",
                app->cfg.source, app->cfg.station, st, path);
        pd_db_close(db);
        return pd_app_fail(app, &err);
    }
    return 0;
}

static pd_err read_line(FILE *f, char *buf, size_t size, struct pd_error *err)
{
    if (!fgets(buf, (int)size, f))
        return pd_fail(err, PD_EINVAL, "password", "no password given");
    size_t n = strlen(buf);
    if (n == size - 1 && buf[n - 1] != '\n')
        return pd_fail(err, PD_EINVAL, "password", "the password is too long");
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return PD_OK;
}

static pd_err ask(const char *prompt, char *buf, size_t size, struct pd_error *err)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return pd_fail(err, PD_EUSAGE, "password", "no terminal to ask for a password; use --password-file");
    struct termios old, quiet;
    int fd = fileno(tty);
    bool restore = tcgetattr(fd, &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    fputs(prompt, tty);
    fflush(tty);
    pd_err rc = read_line(tty, buf, size, err);
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    return rc;
}

pd_err pd_app_read_password(const char *file, const char *prompt, bool confirm,
                            char *buf, size_t size, struct pd_error *err)
{
    if (file) {
        FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
        if (!f)
            return pd_fail(err, PD_EINVAL, "password-file", "cannot read %s: %s", file, strerror(errno));
        pd_err rc = read_line(f, buf, size, err);
        if (f != stdin)
            fclose(f);
        return rc;
    }
    pd_err rc = ask(prompt, buf, size, err);
    if (rc != PD_OK || !confirm)
        return rc;
    char again[256];
    rc = ask("Again: ", again, sizeof again, err);
    if (rc == PD_OK && strcmp(again, buf) != 0)
        rc = pd_fail(err, PD_EINVAL, "password", "the two passwords differ");
    explicit_bzero(again, sizeof again);
    return rc;
}

const char *pd_app_user(void)
{
    const char *u = pd_app_signed_user();
    if (u)
        return u;
    u = getenv("POPDESK_USER");
    if (u && *u)
        return u;
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_name : "unknown";
}
