/* cmd_trust.c - `popdesk audit verify`, `popdesk backup [DIR]`,
 * `popdesk restore FILE`: proving who changed what, and never losing the
 * register. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "store/audit.h"

static bool help_asked(int argc, char **argv, const char *text)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(text, stdout);
            return true;
        }
    return false;
}

int pd_cmd_audit(struct pd_app *app, int argc, char **argv)
{
    if (help_asked(argc, argv,
                   "usage: popdesk audit verify\n\n"
                   "Checks the audit log's hash chain: every row must follow the row before it\n"
                   "and match its own hash.  Names the first broken row; exit status 1 if broken.\n"))
        return 0;
    if (argc != 2 || strcmp(argv[1], "verify") != 0)
        return pd_app_usage(app, "audit", "say `popdesk audit verify`");
    struct pd_db *db;
    int rc = pd_app_open(app, PD_DB_READONLY, &db);
    if (rc)
        return rc;
    struct pd_audit_report rep;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err e = pd_audit_verify(db, &rep, &err);
    pd_db_close(&db);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    printf("audit chain whole: %lld rows, head %s\n", rep.rows, rep.head[0] ? rep.head : "(empty)");
    return 0;
}

int pd_cmd_backup(struct pd_app *app, int argc, char **argv)
{
    if (help_asked(argc, argv,
                   "usage: popdesk backup [DIR]\n\n"
                   "Writes a consistent copy of the register (safe while the screens run) into\n"
                   "DIR, default [backup] dir, as popdesk-<station>-<date-time>.db, mode 0600,\n"
                   "and reads it back to check it.\n"))
        return 0;
    if (argc > 2)
        return pd_app_usage(app, "backup", "unexpected argument '%s'", argv[2]);
    const char *dir = argc == 2 ? argv[1] : app->cfg.backup_dir;
    struct pd_db *db;
    int rc = pd_app_open(app, 0, &db);
    if (rc)
        return rc;
    char out[PD_PATH_MAX + 64];
    struct pd_error err;
    pd_error_clear(&err);
    pd_err e = pd_backup(db, dir, out, sizeof out, &err);
    pd_db_close(&db);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    printf("backup written and checked: %s\n", out);
    return 0;
}

int pd_cmd_restore(struct pd_app *app, int argc, char **argv)
{
    if (help_asked(argc, argv,
                   "usage: popdesk restore FILE\n\n"
                   "Replaces the register with a backup of the same station.  The current\n"
                   "register is first kept aside as a backup of its own.  Events numbers never\n"
                   "go back: new changes continue after the highest seq either copy has used,\n"
                   "and events the backup holds unsent are still sent once.\n"))
        return 0;
    if (argc != 2)
        return pd_app_usage(app, "restore", "name one backup file");
    const char *file = argv[1];
    struct pd_error err;
    pd_error_clear(&err);
    char station[16];
    long long backup_seq = 0;
    if (pd_backup_check(file, app->cfg.station, station, &backup_seq, &err) != PD_OK)
        return pd_app_fail(app, &err);

    struct pd_db *db;
    int rc = pd_app_open(app, PD_DB_CREATE, &db);
    if (rc)
        return rc;
    pd_err e = PD_OK;
    const char *cur = pd_db_station(db);
    long long floor = backup_seq;
    char aside[PD_PATH_MAX + 64] = "";
    if (cur[0]) {
        if (strcmp(cur, station) != 0) {
            pd_fail(&err, PD_EDENIED, NULL, "backup %s belongs to station %s; this register is station %s",
                    file, station, cur);
            pd_db_close(&db);
            return pd_app_fail(app, &err);
        }
        char buf[32];
        long long cur_seq = 0;
        if (pd_db_meta_get(db, "seq_floor", buf, sizeof buf) == PD_OK)
            cur_seq = atoll(buf);
        e = pd_backup(db, app->cfg.backup_dir, aside, sizeof aside, &err);
        if (e != PD_OK) {
            pd_db_close(&db);
            return pd_app_fail(app, &err);
        }
        /* the copy just kept aside tells the highest seq this register used */
        long long last = 0;
        char st2[16];
        pd_backup_check(aside, station, st2, &last, NULL);
        if (last > floor)
            floor = last;
        if (cur_seq > floor)
            floor = cur_seq;
    }
    e = pd_db_restore_from(db, file, floor, &err);
    pd_db_close(&db);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    if (aside[0])
        printf("the register as it was is kept in %s\n", aside);
    printf("restored %s; new changes continue after seq %lld\n", file, floor);
    return 0;
}
