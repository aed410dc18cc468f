/* cmd_register.c - init, status, id, export, user: the register's own
 * subcommands. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "core/codes.h"
#include "core/fields.h"
#include "core/idnum.h"
#include "store/outbox.h"
#include "store/query.h"
#include "store/updates.h"
#include "store/users.h"

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static bool valid_station(const char *s)
{
    if (strlen(s) != 12)
        return false;
    for (int i = 0; i < 12; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

int pd_cmd_init(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "station", required_argument, NULL, 's' },
        { "admin", required_argument, NULL, 'a' },
        { "password-file", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *station = app->cfg.station[0] ? app->cfg.station : NULL;
    const char *admin = NULL, *pwfile = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': station = optarg; break;
        case 'a': admin = optarg; break;
        case 'p': pwfile = optarg; break;
        case 'h':
            printf("usage: popdesk init --station CODE --admin USER [--password-file F]\n\n"
                   "Creates a new register for station CODE (the 12-digit village/community\n"
                   "code) with one administrator account.  The password is read from F\n"
                   "(first line; '-' for standard input) or asked on the terminal.\n");
            return 0;
        default:
            return pd_app_usage(app, "init", "bad option");
        }
    }
    if (optind < argc)
        return pd_app_usage(app, "init", "unexpected argument '%s'", argv[optind]);
    if (!station)
        return pd_app_usage(app, "init", "--station CODE is required");
    if (!admin)
        return pd_app_usage(app, "init", "--admin USER is required");
    struct pd_error err;
    pd_error_clear(&err);
    if (!valid_station(station)) {
        pd_fail(&err, PD_EINVAL, "station", "station code '%s' must be 12 digits (county + township + community)", station);
        return pd_app_fail(app, &err);
    }
    if (app->cfg.station[0] && strcmp(app->cfg.station, station) != 0) {
        pd_fail(&err, PD_ECONFIG, "station", "--station %s differs from [station] code %s in %s",
                station, app->cfg.station, app->cfg.source);
        return pd_app_fail(app, &err);
    }
    if (pd_user_name_check(admin, &err) != PD_OK)
        return pd_app_fail(app, &err);
    const char *path = pd_app_db_path(app);
    if (access(path, F_OK) == 0) {
        pd_fail(&err, PD_EEXIST, NULL, "a register already exists at %s; popdesk init never overwrites one", path);
        return pd_app_fail(app, &err);
    }
    char pw[256];
    if (pd_app_read_password(pwfile, "Password for the administrator: ", true, pw, sizeof pw, &err) != PD_OK)
        return pd_app_fail(app, &err);
    if ((int)strlen(pw) < app->cfg.min_password_length) {
        explicit_bzero(pw, sizeof pw);
        pd_fail(&err, PD_EINVAL, "password", "the password must have at least %ld characters",
                app->cfg.min_password_length);
        return pd_app_fail(app, &err);
    }
    struct pd_db *db;
    int rc = pd_app_open(app, PD_DB_CREATE, &db);
    if (rc) {
        explicit_bzero(pw, sizeof pw);
        return rc;
    }
    pd_err e = pd_db_begin(db, &err);
    if (e == PD_OK)
        e = pd_db_set_station(db, station, &err);
    if (e == PD_OK)
        e = pd_user_add(db, admin, PD_ROLE_ADMIN, pw, (int)app->cfg.min_password_length, &err);
    if (e == PD_OK)
        e = pd_db_commit(db, &err);
    else
        pd_db_rollback(db);
    explicit_bzero(pw, sizeof pw);
    pd_db_close(&db);
    if (e != PD_OK) {
        unlink(path);
        return pd_app_fail(app, &err);
    }
    printf("created register %s for station %s, administrator %s\n", path, station, admin);
    return 0;
}

/* The events the district sent back, a line each (at most STATUS_RETURNED_MAX;
 * the screens' R list has them all, with the record a key away). */
enum { STATUS_RETURNED_MAX = 20 };

struct returned_lines {
    int shown;
    long long more;
};

static int print_returned(void *ctx, const struct pd_outbox_returned *r)
{
    struct returned_lines *L = ctx;
    if (L->shown == STATUS_RETURNED_MAX) {
        L->more++;
        return 0;
    }
    L->shown++;
    const char *rec = r->person[0] ? r->person : r->household;
    printf("  seq %lld %s%s%s: %s%s%s\n", r->seq, r->type, rec[0] ? " " : "", rec,
           r->code[0] ? r->code : "oversize",
           r->message[0] ? " - " : "", r->message);
    return 0;
}

int pd_cmd_status(struct pd_app *app, int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: popdesk status\n\nPrints the register's counts and the state of the outbox: what waits,\n"
               "what was sent, the last attempt and the last success, the last error in\n"
               "words, and the events the district sent back with its code and reason.\n");
        return 0;
    }
    if (argc > 1)
        return pd_app_usage(app, "status", "unexpected argument '%s'", argv[1]);
    struct pd_db *db;
    int rc = pd_app_open(app, PD_DB_READONLY, &db);
    if (rc)
        return rc;
    struct pd_status s;
    struct pd_error err;
    if (pd_status_read(db, &s, &err) != PD_OK) {
        pd_db_close(&db);
        return pd_app_fail(app, &err);
    }
    printf("register      %s\n", pd_db_path(db));
    printf("station       %s\n", pd_db_station(db)[0] ? pd_db_station(db) : "(not set)");
    printf("households    %lld\n", s.households);
    printf("persons       %lld\n", s.persons);
    printf("migrants      %lld\n", s.migrants);
    printf("women 15-49   %lld\n", s.women_wcba);
    printf("outbox        %lld pending, %lld sent, %lld rejected", s.outbox_pending, s.outbox_sent,
           s.outbox_rejected);
    if (s.outbox_oversize)
        printf(", %lld oversize", s.outbox_oversize);
    printf(" (last seq %lld)\n", s.last_seq);
    printf("last success  %s\n", s.last_sync_ok[0] ? s.last_sync_ok : "never");
    if (s.last_sync_try[0])
        printf("last attempt  %s\n", s.last_sync_try);
    if (s.last_sync_error[0])
        printf("last error    %s\n", s.last_sync_error);
    if (s.outbox_rejected || s.outbox_oversize) {
        struct returned_lines L = { 0, 0 };
        printf("sent back     (correct the record: the new event goes to the district; screens: R)\n");
        if (pd_outbox_each_returned(db, print_returned, &L, &err) != PD_OK) {
            pd_db_close(&db);
            return pd_app_fail(app, &err);
        }
        if (L.more)
            printf("  ... and %lld more (the screens' R list has them all)\n", L.more);
    }
    char cursor[64];
    pd_updates_cursor(db, cursor, sizeof cursor);
    printf("from district %lld waiting for a clerk (pull cursor %s)\n", pd_updates_waiting(db),
           cursor[0] ? cursor : "none yet");
    pd_db_close(&db);
    return 0;
}

int pd_cmd_id(struct pd_app *app, int argc, char **argv)
{
    if (wants_help(argc, argv) || argc < 2) {
        if (argc < 2)
            return pd_app_usage(app, "id", "give at least one ID number");
        printf("usage: popdesk id NUMBER...\n\n"
               "Checks resident ID numbers (GB 11643-1999): length, characters, birth date,\n"
               "check character.  Old 15-digit numbers are converted.  Exit status 1 if\n"
               "any number is bad.\n");
        return 0;
    }
    int bad = 0;
    struct pd_date today = pd_date_today();
    for (int i = 1; i < argc; i++) {
        struct pd_idinfo info;
        struct pd_error err;
        pd_error_clear(&err);
        if (pd_id_parse(argv[i], today, &info, &err) != PD_OK) {
            printf("BAD  %s: %s\n", argv[i], err.msg);
            bad++;
            continue;
        }
        char birth[PD_DATE_STRLEN];
        pd_date_format(info.birth, birth);
        printf("OK   %s  born %s, %s, address code %s", info.number, birth,
               info.sex == 1 ? "male" : "female", info.address);
        if (info.converted15)
            printf(" (converted from 15 digits)");
        else if (info.normalised)
            printf(" (normalised from '%s')", argv[i]);
        putchar('\n');
    }
    return bad ? 1 : 0;
}

/* ---- export ------------------------------------------------------------ */

struct export_ctx {
    FILE *out;
    bool csv;
    const struct pd_fieldset *fs;
    const char *const *extra;   /* columns after the field table's */
    long long rows;
};

static void csv_cell(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void cell_text(const json_t *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (json_is_string(v))
        pd_strlcpy(buf, json_string_value(v), size);
    else if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_boolean(v))
        pd_strlcpy(buf, json_is_true(v) ? "1" : "0", size);
}

static int export_row(void *vctx, json_t *row)
{
    struct export_ctx *c = vctx;
    c->rows++;
    if (!c->csv) {
        char *s = json_dumps(row, JSON_COMPACT);
        if (s) {
            fputs(s, c->out);
            fputc('\n', c->out);
            free(s);
        }
        return ferror(c->out) ? 1 : 0;
    }
    char buf[1024];
    int col = 0;
    for (const char *const *x = c->extra; x && *x; x++, col++) {
        if (col)
            fputc(',', c->out);
        cell_text(json_object_get(row, *x), buf, sizeof buf);
        csv_cell(c->out, buf);
    }
    for (int i = 0; c->fs && i < c->fs->n; i++, col++) {
        if (col)
            fputc(',', c->out);
        cell_text(json_object_get(row, c->fs->fields[i].key), buf, sizeof buf);
        csv_cell(c->out, buf);
    }
    if (!c->fs) {
        /* events: the data object as JSON text in the last column */
        char *d = json_dumps(json_object_get(row, "data"), JSON_COMPACT);
        fputc(',', c->out);
        csv_cell(c->out, d ? d : "{}");
        free(d);
    }
    fputs("\r\n", c->out);
    return ferror(c->out) ? 1 : 0;
}

int pd_cmd_export(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *format = "csv", *output = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'h':
            printf("usage: popdesk export persons|households|events [--format csv|jsonl] [--output FILE]\n\n"
                   "Writes the register to standard output (or FILE, created mode 0600).\n"
                   "CSV has a header row of field names that `popdesk import` reads back;\n"
                   "events come as their district envelope, one JSON object a line.\n");
            return 0;
        default:
            return pd_app_usage(app, "export", "bad option");
        }
    }
    if (optind != argc - 1)
        return pd_app_usage(app, "export", "say what to export: persons, households or events");
    const char *what = argv[optind];
    struct export_ctx ctx = { .csv = strcmp(format, "csv") == 0 };
    if (!ctx.csv && strcmp(format, "jsonl") != 0)
        return pd_app_usage(app, "export", "unknown format '%s' (csv or jsonl)", format);
    enum pd_export_what w;
    static const char *const person_extra[] = { "pid", "household", "police_no", "address", "phone",
                                                "household_reg_type", "status", "end_date", "migrant",
                                                "wcba", NULL };
    static const char *const event_extra[] = { "seq", "id", "type", "at", "user", "household", "person", "state", NULL };
    if (strcmp(what, "persons") == 0) {
        w = PD_EXPORT_PERSONS;
        ctx.fs = &pd_person_fields;
        ctx.extra = person_extra;
    } else if (strcmp(what, "households") == 0) {
        w = PD_EXPORT_HOUSEHOLDS;
        ctx.fs = &pd_household_fields;
    } else if (strcmp(what, "events") == 0) {
        w = PD_EXPORT_EVENTS;
        ctx.extra = event_extra;
    } else {
        return pd_app_usage(app, "export", "unknown record kind '%s' (persons, households or events)", what);
    }
    struct pd_db *db;
    int rc = pd_app_open(app, PD_DB_READONLY, &db);
    if (rc)
        return rc;
    struct pd_error err;
    pd_error_clear(&err);
    ctx.out = stdout;
    if (output) {
        int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        ctx.out = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!ctx.out) {
            pd_fail(&err, PD_EIO, NULL, "cannot write %s: %s", output, strerror(errno));
            pd_db_close(&db);
            return pd_app_fail(app, &err);
        }
    }
    if (ctx.csv) {
        int col = 0;
        for (const char *const *x = ctx.extra; x && *x; x++)
            fprintf(ctx.out, "%s%s", col++ ? "," : "", *x);
        for (int i = 0; ctx.fs && i < ctx.fs->n; i++)
            fprintf(ctx.out, "%s%s", col++ ? "," : "", ctx.fs->fields[i].key);
        if (w == PD_EXPORT_EVENTS)
            fprintf(ctx.out, ",data");
        fputs("\r\n", ctx.out);
    }
    pd_err e = pd_export_each(db, w, export_row, &ctx, &err);
    bool werr = ferror(ctx.out) != 0;
    if (output && fclose(ctx.out) != 0)
        werr = true;
    else if (!output)
        fflush(stdout);
    pd_db_close(&db);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    if (werr) {
        pd_fail(&err, PD_EIO, NULL, "writing the export failed: %s", strerror(errno));
        return pd_app_fail(app, &err);
    }
    if (output)
        fprintf(stderr, "exported %lld %s to %s\n", ctx.rows, what, output);
    return 0;
}
