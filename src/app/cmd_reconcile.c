/* cmd_reconcile.c - `popdesk reconcile`: another department's list held
 * against the register (docs/RECONCILE.md).
 *
 *   popdesk reconcile FILE.csv --source police|hospital|civil [--encoding E]
 *                     [--format text|csv] [--output F] [--all] [--limit N]
 *   popdesk reconcile show --source S [--format text|csv] [--output F] [--all] [--limit N]
 *   popdesk reconcile decide --source S --key K --decision fixed|explained|ignored|event [--note T]
 *
 * The run is app/reconcile_run.c's, the rules core/reconcile.c's, the
 * tables store/reconcile_store.c's: this file reads options and writes the
 * results out, group by group, from the saved run. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/reconcile_run.h"
#include "core/codes.h"
#include "core/event.h"
#include "core/idnum.h"
#include "core/text.h"
#include "report/table.h"

static void help(void)
{
    printf("usage: popdesk reconcile FILE.csv --source police|hospital|civil [--encoding utf-8|gb18030]\n"
           "                         [--format text|csv] [--output F] [--all] [--limit N]\n"
           "       popdesk reconcile show --source S [--format text|csv] [--output F] [--all] [--limit N]\n"
           "       popdesk reconcile decide --source S --key K --decision fixed|explained|ignored|event\n"
           "                         [--note TEXT]\n\n"
           "Holds another department's list against the register (docs/RECONCILE.md lists\n"
           "each source's columns): the police household register (everyone registered\n"
           "here), a hospital's births, civil affairs' deaths and marriages.  Each row is\n"
           "matched by ID number (15-digit numbers converted), else by name + birth date +\n"
           "sex (a hospital's baby also as the mother's child born that day), and falls in\n"
           "one of four groups: consistent; in their list, missing here; here but\n"
           "contradicted there (each differing value, both sides); here, unknown there\n"
           "(persons of the list's scope no row names).  The run is kept as the source's\n"
           "last one (the screen and `popdesk check` read it).  A bad row stops the run:\n"
           "every bad row is listed and nothing is saved.\n\n"
           "Each result has a key.  `decide` files a decision under it (a note is needed\n"
           "for explained and ignored); decided results are hidden from later runs that\n"
           "find the same matter, unless --all.  Consistent rows are listed only with\n"
           "--all.  Text lists at most --limit N results a group (default 200, 0: all);\n"
           "CSV lists every one.  `show` prints the last run again without the file.\n\n"
           "exit status: 0 every row consistent or every difference decided, 1 undecided\n"
           "differences, 2 usage, 6 the list was refused (bad rows or columns), 4 register\n");
}

struct opts {
    const char *source, *enc, *format, *output, *key, *decision, *note;
    bool all;
    long limit;
};

static int parse(struct pd_app *app, const char *cmd, int argc, char **argv, struct opts *o)
{
    static const struct option lo[] = {
        { "source", required_argument, NULL, 's' },
        { "encoding", required_argument, NULL, 'e' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "all", no_argument, NULL, 'a' },
        { "limit", required_argument, NULL, 'l' },
        { "key", required_argument, NULL, 'k' },
        { "decision", required_argument, NULL, 'd' },
        { "note", required_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    o->limit = 200;
    int c;
    optind = 0;   /* glibc: restart getopt for these options */
    while ((c = getopt_long(argc, argv, "s:e:f:o:al:k:d:n:h", lo, NULL)) != -1) {
        switch (c) {
        case 's': o->source = optarg; break;
        case 'e': o->enc = optarg; break;
        case 'f': o->format = optarg; break;
        case 'o': o->output = optarg; break;
        case 'a': o->all = true; break;
        case 'k': o->key = optarg; break;
        case 'd': o->decision = optarg; break;
        case 'n': o->note = optarg; break;
        case 'l': {
            char *end;
            o->limit = strtol(optarg, &end, 10);
            if (!*optarg || *end || o->limit < 0)
                return pd_app_usage(app, cmd, "--limit must be a whole number (0: list every result)");
            break;
        }
        case 'h': help(); return 0;
        default: return pd_app_usage(app, cmd, "bad option (popdesk reconcile --help)");
        }
    }
    if (!o->source)
        return pd_app_usage(app, cmd, "say which department the list comes from: --source police|hospital|civil");
    if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "csv") != 0)
        return pd_app_usage(app, cmd, "--format is text or csv");
    return -1;
}

/* ---- writing the results ---- */

struct out {
    FILE *f;
    bool csv, all;
    long limit, listed, unlisted;
    enum pd_rec_group group;
};

static void csv_cell(FILE *f, const char *s, bool last)
{
    bool q = strpbrk(s, ",\"\n\r") != NULL;
    if (q) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

static const char *kind_words(const char *kind)
{
    static const struct { const char *k, *w; } kw[] = {
        { "person", "no record here (人员未登记)" },
        { "birth", "birth not recorded (出生未登记)" },
        { "death", "death not recorded (死亡未登记)" },
        { "marriage", "marital change not recorded (婚姻变动未登记)" },
        { "fields", "values differ (信息不符)" },
        { "registered", "registered here, not on their list" },
    };
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
        if (strcmp(kind, kw[i].k) == 0)
            return kw[i].w;
    return kind;
}

static int print_item(void *ctx, const struct pd_rec_item *it)
{
    struct out *o = ctx;
    char diffs[2400];
    pd_rec_diffs_text(it->diffs, false, diffs, sizeof diffs);
    char idb[PD_ID_BUFSZ];   /* a viewer's lists show ID numbers masked */
    const char *id = pd_report_id_shown(it->id_number, idb, sizeof idb);
    if (o->csv) {
        char row[16];
        snprintf(row, sizeof row, "%d", it->row);
        csv_cell(o->f, pd_rec_group_key(it->group), false);
        csv_cell(o->f, it->key, false);
        csv_cell(o->f, it->row ? row : "", false);
        csv_cell(o->f, it->kind, false);
        csv_cell(o->f, it->person, false);
        csv_cell(o->f, it->name, false);
        csv_cell(o->f, id, false);
        csv_cell(o->f, it->sex, false);
        csv_cell(o->f, it->birth, false);
        csv_cell(o->f, diffs, false);
        csv_cell(o->f, it->event, false);
        csv_cell(o->f, pd_rec_note_word(it->note, true), false);
        csv_cell(o->f, it->decision, false);
        csv_cell(o->f, it->decision_note, true);
        return 0;
    }
    if (o->limit > 0 && o->listed >= o->limit)
        return 1;   /* the rest are counted from the run's numbers */
    o->listed++;
    fprintf(o->f, "  [%s]", it->key);
    if (it->row)
        fprintf(o->f, " row %d", it->row);
    const char *sex = it->sex[0] ? pd_code_name(PD_CODES_SEX, it->sex) : NULL;
    fprintf(o->f, " %s %s %s %s", it->name[0] ? it->name : "-", id[0] ? id : "-",
            it->birth[0] ? it->birth : "-", sex ? sex : "-");
    if (it->person[0])
        fprintf(o->f, " (person %s)", it->person);
    if (it->group == PD_REC_MISSING)
        fprintf(o->f, ": %s", kind_words(it->kind));
    else if (it->group == PD_REC_UNKNOWN && strcmp(it->kind, "registered") != 0)
        fprintf(o->f, ": %s recorded here, not on their list", it->kind);
    fputc('\n', o->f);
    if (diffs[0])
        fprintf(o->f, "      %s\n", diffs);
    if (it->event[0])
    {
        const struct pd_event_type *t = pd_event_type_find(it->event);
        fprintf(o->f, "      to record: %s (%s)\n", it->event, t ? t->zh : "");
    }
    else if (it->note[0] && it->group != PD_REC_CONSISTENT)
        fprintf(o->f, "      %s\n", pd_rec_note_word(it->note, true));
    if (it->decision[0])
        fprintf(o->f, "      decided: %s by %s on %.10s%s%s\n", it->decision, it->decided_by,
                it->decided_at, it->decision_note[0] ? ": " : "", it->decision_note);
    return 0;
}

static int write_results(struct pd_app *app, struct pd_db *db, const struct pd_rec_run_info *info,
                         const struct opts *o, const struct pd_rec_outcome *oc)
{
    struct pd_error err;
    pd_error_clear(&err);
    FILE *f = stdout;
    bool csv = o->format && strcmp(o->format, "csv") == 0;
    if (o->output && strcmp(o->output, "-") != 0) {
        int fd = open(o->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || !(f = fdopen(fd, "w"))) {
            if (fd >= 0)
                close(fd);
            pd_fail(&err, PD_EIO, "output", "cannot write %s: %s", o->output, strerror(errno));
            return pd_app_fail(app, &err);
        }
    }
    struct out out = { .f = f, .csv = csv, .all = o->all, .limit = o->limit };
    const char *src = pd_rec_source_key(info->source);
    if (csv) {
        fputs("group,key,row,kind,person,name,id_number,sex,birth_date,differences,event,note,"
              "decision,decision_note\n", f);
    } else {
        fprintf(f, "%s list (%s) %s: %lld rows, run %s by %s\n", src,
                pd_rec_source_word(info->source, false), info->file, info->rows, info->at, info->user);
        if (oc) {
            fprintf(f, "  read as %s%s", pd_encoding_name(oc->used), oc->bom ? " (with a byte-order mark)" : "");
            if (oc->id15)
                fprintf(f, "; %lld old 15-digit ID numbers converted", oc->id15);
            fputc('\n', f);
            if (oc->ignored[0])
                fprintf(f, "  columns not read: %s\n", oc->ignored);
        }
        fprintf(f, "  scope of \"here, unknown there\": %s\n", info->scope);
        for (int g = 0; g < PD_REC__GROUPS; g++) {
            fprintf(f, "  %-13s %-28s %8lld", pd_rec_group_key(g), pd_rec_group_word(g, true), info->count[g]);
            if (g > 0)
                fprintf(f, "  (%lld undecided)", info->undecided[g]);
            fputc('\n', f);
        }
    }
    pd_err rc = PD_OK;
    for (int g = 0; g < PD_REC__GROUPS && rc == PD_OK; g++) {
        if (g == PD_REC_CONSISTENT && !o->all)
            continue;
        long long shown = g == PD_REC_CONSISTENT || o->all ? info->count[g] : info->undecided[g];
        if (!csv) {
            if (shown == 0)
                continue;
            fprintf(f, "\n== %s / %s (%lld) ==\n", pd_rec_group_word(g, false), pd_rec_group_word(g, true), shown);
        }
        out.listed = out.unlisted = 0;
        out.group = (enum pd_rec_group)g;
        rc = pd_rec_each(db, info->source, g, o->all, print_item, &out, &err);
        if (!csv && shown > out.listed)
            out.unlisted = (long)(shown - out.listed);
        if (!csv && out.unlisted)
            fprintf(f, "  ... and %ld more (--limit 0 lists them all)\n", out.unlisted);
    }
    long long hidden = 0;
    for (int g = 1; g < PD_REC__GROUPS; g++)
        hidden += info->count[g] - info->undecided[g];
    if (!csv && hidden && !o->all)
        fprintf(f, "\n%lld result%s decided earlier not shown (--all shows them)\n", hidden, hidden == 1 ? "" : "s");
    if (!csv && !o->all && (info->undecided[1] || info->undecided[2] || info->undecided[3]))
        fprintf(f, "\nrecord a decision: popdesk reconcile decide --source %s --key KEY "
                "--decision fixed|explained|ignored|event --note TEXT\n", src);
    if (f == stdout)
        fflush(stdout);
    else if (fclose(f) != 0 && rc == PD_OK)
        rc = pd_fail(&err, PD_EIO, "output", "writing %s: %s", o->output, strerror(errno));
    if (rc != PD_OK)
        return pd_app_fail(app, &err);
    return info->undecided[1] || info->undecided[2] || info->undecided[3] ? 1 : 0;
}

static int cmd_decide(struct pd_app *app, int argc, char **argv)
{
    struct opts o;
    int r = parse(app, "reconcile decide", argc, argv, &o);
    if (r >= 0)
        return r;
    if (optind < argc)
        return pd_app_usage(app, "reconcile decide", "unexpected argument '%s'", argv[optind]);
    if (!o.key || !o.decision)
        return pd_app_usage(app, "reconcile decide", "give --key K (printed beside each result) and "
                            "--decision fixed|explained|ignored|event");
    struct pd_error err;
    pd_error_clear(&err);
    enum pd_rec_source src;
    if (pd_rec_source_parse(o.source, &src, &err) != PD_OK)
        return pd_app_usage(app, "reconcile decide", "%s", err.msg);
    struct pd_db *db;
    if ((r = pd_app_open(app, 0, &db)))
        return r;
    pd_err rc = pd_rec_decide(db, src, o.key, o.decision, o.note, pd_app_user(), &err);
    pd_db_close(&db);
    if (rc != PD_OK)
        return pd_app_fail(app, &err);
    printf("decision recorded: %s %s %s\n", pd_rec_source_key(src), o.key, o.decision);
    return 0;
}

static int cmd_show(struct pd_app *app, int argc, char **argv)
{
    struct opts o;
    int r = parse(app, "reconcile show", argc, argv, &o);
    if (r >= 0)
        return r;
    if (optind < argc)
        return pd_app_usage(app, "reconcile show", "unexpected argument '%s'", argv[optind]);
    struct pd_error err;
    pd_error_clear(&err);
    enum pd_rec_source src;
    if (pd_rec_source_parse(o.source, &src, &err) != PD_OK)
        return pd_app_usage(app, "reconcile show", "%s", err.msg);
    struct pd_db *db;
    if ((r = pd_app_open(app, PD_DB_READONLY, &db)))
        return r;
    struct pd_rec_run_info info;
    pd_err rc = pd_rec_last(db, src, &info, &err);
    if (rc == PD_ENOTFOUND) {
        pd_db_close(&db);
        pd_fail(&err, PD_ENOTFOUND, "source", "no %s list has been reconciled yet", pd_rec_source_key(src));
        return pd_app_fail(app, &err);
    }
    if (rc != PD_OK) {
        pd_db_close(&db);
        return pd_app_fail(app, &err);
    }
    r = write_results(app, db, &info, &o, NULL);
    pd_db_close(&db);
    return r;
}

int pd_cmd_reconcile(struct pd_app *app, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "decide") == 0)
        return cmd_decide(app, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "show") == 0)
        return cmd_show(app, argc - 1, argv + 1);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            help();
            return 0;
        }
    struct opts o;
    int r = parse(app, "reconcile", argc, argv, &o);
    if (r >= 0)
        return r;
    if (optind != argc - 1)
        return pd_app_usage(app, "reconcile", optind < argc ? "give one file" : "give the CSV file of the list");
    if (o.key || o.decision || o.note)
        return pd_app_usage(app, "reconcile", "--key, --decision and --note belong to `popdesk reconcile decide`");
    const char *path = argv[optind];
    struct pd_error err;
    pd_error_clear(&err);
    enum pd_rec_source src;
    if (pd_rec_source_parse(o.source, &src, &err) != PD_OK)
        return pd_app_usage(app, "reconcile", "%s", err.msg);
    enum pd_encoding enc = PD_ENC_AUTO;
    if (o.enc && pd_encoding_parse(o.enc, &enc, &err) != PD_OK)
        return pd_app_usage(app, "reconcile", "%s", err.msg);
    struct pd_db *db;
    if ((r = pd_app_open(app, 0, &db)))
        return r;
    struct pd_rec_outcome oc;
    pd_err rc = pd_reconcile_run(db, path, src, enc, pd_app_user(), &oc, &err);
    if (rc != PD_OK) {
        char line[PD_MSG_MAX + 200];
        for (int i = 0; i < oc.nproblems; i++) {
            pd_rec_problem_text(&oc.problems[i], line, sizeof line);
            fprintf(stderr, "%s: %s\n", path, line);
        }
        if (oc.unlisted)
            fprintf(stderr, "%s: ... and %d more problems not listed\n", path, oc.unlisted);
        fprintf(stderr, "popdesk: %s: %s\n", path, err.msg);
        pd_rec_outcome_free(&oc);
        pd_db_close(&db);
        return rc == PD_EINVAL ? 6 : pd_err_exit(rc);
    }
    r = write_results(app, db, &oc.info, &o, &oc);
    pd_rec_outcome_free(&oc);
    pd_db_close(&db);
    return r;
}
