/* app.h - what the command-line subcommands share: the loaded config, the
 * options given before the command, opening the register, reading a
 * password, printing an error the same way everywhere.
 */
#ifndef PD_APP_APP_H
#define PD_APP_APP_H

#include <stdio.h>
#include "app/config.h"
#include "core/err.h"
#include "store/db.h"

struct pd_app {
    struct pd_config cfg;
    const char *config_path;   /* --config, or NULL */
    const char *db_override;   /* --db, or NULL */
    const char *prog;          /* "popdesk" */
    /* Command-line sign-in (signin.h): --user and --password-file given
     * before the command, or NULL; then who signed in, if anyone. */
    const char *user_opt;
    const char *password_file;
    bool signed_in;
    char user[33];             /* PD_USER_MAX + 1 */
    int role;                  /* enum pd_role, when signed_in */
};

/* The register's path: --db, else [database] path, else the default. */
const char *pd_app_db_path(const struct pd_app *app);
/* Opens the register (PD_DB_* flags); creating makes the folder (0700).
 * Prints the error and returns its exit status, or 0 with *db set. */
int pd_app_open(struct pd_app *app, unsigned flags, struct pd_db **db);
/* Prints "popdesk: <message>" (with the field when it adds anything) to stderr
 * and returns the exit status for the error. */
int pd_app_fail(const struct pd_app *app, const struct pd_error *err);
/* Prints a usage error and returns 2. */
int pd_app_usage(const struct pd_app *app, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reads a password: from `file` ("-" is standard input; first line), else
 * from the terminal without echo, asked twice when `confirm`. */
pd_err pd_app_read_password(const char *file, const char *prompt, bool confirm,
                            char *buf, size_t size, struct pd_error *err);
/* User name that signs changes from the command line: the signed-in user
 * (signin.h; every command that changes records signs in first), else
 * $POPDESK_USER, else the login name. */
const char *pd_app_user(void);

/* The sync settings from the config ([district] keys, and the test hooks
 * POPDESK_SYNC_FIRST_RETRY_MS, _IDLE_MS, _PULL_LIMIT): what `popdesk sync`
 * and the screens' background push share. */
struct pd_sync_conf;
void pd_sync_conf_from_config(const struct pd_config *cfg, struct pd_sync_conf *c);

/* The event types and their fields as Markdown (docs/EVENTS.md's reference). */
void pd_describe_events(FILE *out);

/* Subcommands: argv[0] is the command name. */
int pd_cmd_init(struct pd_app *app, int argc, char **argv);
int pd_cmd_status(struct pd_app *app, int argc, char **argv);
int pd_cmd_id(struct pd_app *app, int argc, char **argv);
int pd_cmd_export(struct pd_app *app, int argc, char **argv);
int pd_cmd_import(struct pd_app *app, int argc, char **argv);
int pd_cmd_demo(struct pd_app *app, int argc, char **argv);
int pd_cmd_user(struct pd_app *app, int argc, char **argv);
int pd_cmd_audit(struct pd_app *app, int argc, char **argv);
int pd_cmd_backup(struct pd_app *app, int argc, char **argv);
int pd_cmd_restore(struct pd_app *app, int argc, char **argv);
int pd_cmd_sync(struct pd_app *app, int argc, char **argv);
int pd_cmd_updates(struct pd_app *app, int argc, char **argv);
int pd_cmd_subsidy(struct pd_app *app, int argc, char **argv);
int pd_cmd_check(struct pd_app *app, int argc, char **argv);
int pd_cmd_report(struct pd_app *app, int argc, char **argv);
int pd_cmd_dashboard(struct pd_app *app, int argc, char **argv);
int pd_cmd_spotcheck(struct pd_app *app, int argc, char **argv);
int pd_cmd_tui(struct pd_app *app, int argc, char **argv);
int pd_cmd_case(struct pd_app *app, int argc, char **argv);
int pd_cmd_reconcile(struct pd_app *app, int argc, char **argv);

#endif
