/* cmd_stats.c - the statistics on the command line: `popdesk check` (data
 * quality), `popdesk report NAME` (the statistics reports), `popdesk
 * dashboard` (each district target and its value) and `popdesk spotcheck`
 * (a surveyor's form out, the counts back in, the statistics error rate).
 *
 * Counting is store/stats.c's, the rules core/indicators.c's and
 * core/quality.c's, the tables report/stats_report.c's: this file only
 * reads options, opens the register and writes what those give. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/policy_load.h"
#include "app/policy_update.h"
#include "app/recode.h"
#include "core/csvread.h"
#include "core/indicators.h"
#include "report/print.h"
#include "report/stats_report.h"
#include "report/table.h"
#include "store/events.h"
#include "store/quality_store.h"
#include "store/reconcile_store.h"
#include "store/stats.h"

#define SPOT_FILE_MAX (16L << 20)

/* ---- shared ----------------------------------------------------------------- */

static void place_of(const struct pd_app *app, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%s%s", app->cfg.district_name,
             app->cfg.district_name[0] && app->cfg.township[0] ? " " : "", app->cfg.township,
             (app->cfg.district_name[0] || app->cfg.township[0]) && app->cfg.station_name[0] ? " " : "",
             app->cfg.station_name);
}

static int load_policy(struct pd_app *app, struct pd_policy *p)
{
    struct pd_error err;
    pd_error_clear(&err);
    /* the policy in force: a district policy update replaces [policy] file */
    if (pd_app_load_policy(app, p, &err) != PD_OK)
        return pd_app_fail(app, &err);
    return 0;
}

/* What report, dashboard and spotcheck export share. */
struct out_opts {
    const char *period, *group, *out, *enc;
    enum pd_report_format fmt;
    bool print;
    int page_lines;
};

static const struct option out_options[] = {
    { "period", required_argument, NULL, 'p' },
    { "group", required_argument, NULL, 'g' },
    { "format", required_argument, NULL, 'f' },
    { "output", required_argument, NULL, 'o' },
    { "print", no_argument, NULL, 'P' },
    { "encoding", required_argument, NULL, 'e' },
    { "page-lines", required_argument, NULL, 'l' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

/* Parses the options; returns -1 to go on, else the exit status (help: 0). */
static int parse_out_opts(struct pd_app *app, const char *cmd, int argc, char **argv,
                          struct out_opts *o, void (*help)(void))
{
    memset(o, 0, sizeof *o);
    o->fmt = PD_FMT_TEXT;
    struct pd_error err;
    int c;
    while ((c = getopt_long(argc, argv, "h", out_options, NULL)) != -1) {
        switch (c) {
        case 'p': o->period = optarg; break;
        case 'g':
            if (pd_stats_group_check(optarg, &err) != PD_OK)
                return pd_app_usage(app, cmd, "%s", err.msg);
            o->group = optarg;
            break;
        case 'f':
            if (pd_report_format_parse(optarg, &o->fmt, &err) != PD_OK)
                return pd_app_usage(app, cmd, "%s", err.msg);
            break;
        case 'o': o->out = optarg; break;
        case 'P': o->print = true; break;
        case 'e':
            if (strcmp(optarg, "utf-8") != 0 && strcmp(optarg, "gb18030") != 0)
                return pd_app_usage(app, cmd, "--encoding must be utf-8 or gb18030, not '%s'", optarg);
            o->enc = optarg;
            break;
        case 'l':
            o->page_lines = atoi(optarg);
            if (o->page_lines < 10 || o->page_lines > 500)
                return pd_app_usage(app, cmd, "--page-lines must be from 10 to 500");
            break;
        case 'h': help(); return 0;
        default: return pd_app_usage(app, cmd, "bad option");
        }
    }
    return -1;
}

/* Builds the query: the period given or the default one. */
static int make_query(struct pd_app *app, const char *cmd, const struct out_opts *o,
                      const struct pd_policy *policy, enum pd_stats_report kind,
                      struct pd_date today, struct pd_stats_query *q)
{
    memset(q, 0, sizeof *q);
    q->statyear = (struct pd_statyear){ policy->year_start_month, policy->year_start_day };
    struct pd_error err;
    if (pd_statyear_check(q->statyear, &err) != PD_OK)
        return pd_app_fail(app, &err);
    if (o->period) {
        if (pd_period_parse(o->period, q->statyear, &q->period, &err) != PD_OK)
            return pd_app_usage(app, cmd, "%s", err.msg);
    } else {
        pd_stats_report_default_period(kind, today, q->statyear, &q->period);
    }
    if (o->group)
        pd_strlcpy(q->group, o->group, sizeof q->group);
    return -1;
}

/* Writes the report where the options say, prints it if asked. */
static int write_out(struct pd_app *app, const char *cmd, struct pd_report *rep, struct out_opts *o,
                     const char *defname, const char *job_title)
{
    struct pd_error err;
    pd_error_clear(&err);
    const char *out = o->out;
    if (!out && (o->fmt == PD_FMT_PDF || o->print))
        out = defname;
    if (o->print && strcmp(out, "-") == 0)
        return pd_app_usage(app, cmd, "--print needs a file (--output FILE), not standard output");
    const char *enc = o->enc ? o->enc : o->fmt == PD_FMT_TEXT && out && strcmp(out, "-") != 0
                                        ? app->cfg.print_encoding : "utf-8";
    struct pd_report_opts ro = { enc, o->page_lines };
    if (pd_report_write_file(rep, o->fmt, out ? out : "-", &ro, &err) != PD_OK)
        return pd_app_fail(app, &err);
    if (out && strcmp(out, "-") != 0)
        printf("wrote %s (%d rows)\n", out, pd_report_data_rows(rep));
    if (o->print) {
        char job[256] = "";
        struct pd_print_opts po = {
            .printer = app->cfg.printer, .title = job_title,
            .raw = o->fmt == PD_FMT_TEXT && strcmp(enc, "gb18030") == 0,
        };
        if (pd_print_file(out, &po, job, sizeof job, &err) != PD_OK)
            return pd_app_fail(app, &err);
        printf("sent to %s: %s\n", app->cfg.printer[0] ? app->cfg.printer : "the default printer", job);
    }
    return 0;
}

/* ---- check ------------------------------------------------------------------- */

static void check_help(void)
{
    printf("usage: popdesk check [--format text|csv] [--output FILE] [--limit N]\n\n"
           "Checks every record of the register (docs/STATISTICS.md, \"Data quality\"):\n"
           "completeness (marital status at 15+, a married woman's first-marriage date,\n"
           "a method's start date, core fields), ID numbers (check character, sex and\n"
           "birth date), a mother under 15 or over 55 at a birth, a child born before\n"
           "the mother's marriage recorded as within policy, one person in two\n"
           "households, the same ID twice, a dead person with later records, expired\n"
           "migrant certificates, and likely duplicates (merge them with person.merge).\n"
           "The problems are kept for the screens and the dashboard's management rate.\n"
           "The report ends with the last reconciliation with each department (popdesk\n"
           "reconcile, docs/RECONCILE.md): its counts per group and the undecided ones.\n"
           "--limit N lists at most N problems (default 10000; 0 lists every one); the\n"
           "counts always cover them all.\n\n"
           "exit status: 0 no errors (warnings may be listed), 1 errors found\n");
}

struct check_ctx {
    struct pd_report *rep;
    long limit, listed, unlisted;
    pd_err rc;
    struct pd_error err;
};

/* A register imported badly can have a problem on every record: the list
 * printed stops at --limit rows (all are saved for the screens), so the
 * check's memory stays small. */
static void check_problem(void *ctx, const struct pd_problem *p)
{
    struct check_ctx *c = ctx;
    if (c->limit > 0 && c->listed >= c->limit) {
        c->unlisted++;
        return;
    }
    c->listed++;
    if (c->rc == PD_OK)
        c->rc = pd_quality_report_add(c->rep, p, &c->err);
}

int pd_cmd_check(struct pd_app *app, int argc, char **argv)
{
    struct out_opts o;
    long limit = 10000;
    /* --limit N is check's own; the shared parser knows the rest */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--limit") == 0 || strncmp(argv[i], "--limit=", 8) == 0) {
            const char *v = argv[i][7] == '=' ? argv[i] + 8 : i + 1 < argc ? argv[i + 1] : "";
            char *end;
            limit = strtol(v, &end, 10);
            if (!*v || *end || limit < 0)
                return pd_app_usage(app, "check", "--limit must be a whole number (0: list every problem)");
            int drop = argv[i][7] == '=' ? 1 : 2;
            for (int j = i; j + drop <= argc; j++)
                argv[j] = argv[j + drop];
            argc -= drop;
            i--;
        }
    int r = parse_out_opts(app, "check", argc, argv, &o, check_help);
    if (r >= 0)
        return r;
    if (optind < argc)
        return pd_app_usage(app, "check", "unexpected argument '%s'", argv[optind]);
    if (o.period || o.group || o.print || o.fmt == PD_FMT_PDF)
        return pd_app_usage(app, "check", "check takes --format text|csv and --output only");
    struct pd_db *db;
    if ((r = pd_app_open(app, 0, &db)))
        return r;
    char place[400];
    place_of(app, place, sizeof place);
    struct pd_stats_report_info info = { place, NULL, pd_db_today(db) };
    struct check_ctx c = { .rc = PD_OK, .limit = limit };
    pd_error_clear(&c.err);
    c.rep = pd_quality_report_new(&info, &c.err);
    if (!c.rep) {
        pd_db_close(&db);
        return pd_app_fail(app, &c.err);
    }
    struct pd_quality_summary sum;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err e = pd_quality_run(db, true, check_problem, &c, &sum, &err);
    /* the last reconciliation with each department (docs/RECONCILE.md) */
    char rec[PD_REC__SOURCES][PD_REC_LINE];
    int nrec = pd_rec_summary_lines(db, rec, PD_REC__SOURCES);
    pd_db_close(&db);
    if (e == PD_OK && c.rc != PD_OK) {
        e = c.rc;
        err = c.err;
    }
    if (e == PD_OK && c.unlisted) {
        char line[256];
        snprintf(line, sizeof line, "另有 %ld 个问题未列出 (--limit %ld); 全部已保存, 可在屏幕上查看, "
                 "或用 --limit 0 列出全部", c.unlisted, c.limit);
        e = pd_report_add_foot(c.rep, line, &err);
    }
    if (e == PD_OK)
        e = pd_report_add_foot(c.rep, nrec ? "与其他部门核对 (reconciliation, 各来源最近一次):"
                               : "与其他部门核对 (reconciliation): 尚未核对 (popdesk reconcile)", &err);
    for (int i = 0; e == PD_OK && i < nrec; i++)
        e = pd_report_add_foot(c.rep, rec[i], &err);
    if (e == PD_OK)
        e = pd_quality_report_finish(c.rep, &sum, &err);
    if (e != PD_OK) {
        pd_report_free(&c.rep);
        return pd_app_fail(app, &err);
    }
    r = write_out(app, "check", c.rep, &o, "check.txt", "popdesk check");
    pd_report_free(&c.rep);
    if (r)
        return r;
    if (o.out && strcmp(o.out, "-") != 0)
        printf("%lld problems (%lld errors, %lld warnings) in %lld persons\n", sum.problems, sum.errors,
               sum.warnings, sum.population);
    return sum.errors > 0 ? 1 : 0;
}

/* ---- report and dashboard -------------------------------------------------------- */

static void report_help(void)
{
    printf("usage: popdesk report indicators|births|contraception|monthly|women|migrants\n"
           "                      [--period stat-2012|2012|2012-05|2012-01-01..2012-06-30]\n"
           "                      [--group NN] [--format text|csv|pdf] [--output FILE] [--print]\n"
           "                      [--encoding utf-8|gb18030] [--page-lines N]\n\n"
           "  indicators     every indicator with numerator, denominator, target and status\n"
           "  births         population and births (国人口统1表 layout)\n"
           "  contraception  methods in use and surgeries (国人口统2表 layout)\n"
           "  monthly        the monthly village report and birth list\n"
           "  women          married women 15-49 by contraceptive method\n"
           "  migrants       migrant women 15-49 with their certificate's expiry\n\n"
           "--period: a statistics year (stat-2012 = 2011-10-01..2012-09-30 by the policy\n"
           "file's [statistics]), a calendar year, a month or any dates; default the\n"
           "statistics year of today (the monthly report: this month).  --group NN: one\n"
           "group (digits 13-14 of the household code).  The report goes to standard\n"
           "output unless --output; a PDF or --print writes report-NAME-PERIOD.EXT.\n"
           "--print sends the file to [print] printer through lp; the file is kept.\n");
}

static void dashboard_help(void)
{
    printf("usage: popdesk dashboard [--period P] [--group NN] [--format text|csv|pdf] [--output FILE] [--print]\n\n"
           "Each district target of the policy file beside this register's value for the\n"
           "period (default the statistics year of today), met or missed.  The management\n"
           "rate comes from the last `popdesk check`, the statistics error rate from the\n"
           "last `popdesk spotcheck enter`.\n");
}

static int run_report(struct pd_app *app, const char *cmd, enum pd_stats_report kind, struct out_opts *o)
{
    struct pd_policy policy;
    int r = load_policy(app, &policy);
    if (r)
        return r;
    struct pd_db *db;
    if ((r = pd_app_open(app, PD_DB_READONLY, &db)))
        return r;
    struct pd_date today = pd_db_today(db);
    struct pd_stats_query q;
    if ((r = make_query(app, cmd, o, &policy, kind, today, &q)) >= 0) {
        pd_db_close(&db);
        return r;
    }
    struct pd_error err;
    pd_error_clear(&err);
    /* a group the register does not have is a typo, not a group of zeros */
    if (q.group[0] && pd_stats_group_known(db, q.group, &err) != PD_OK) {
        pd_db_close(&db);
        return pd_app_fail(app, &err);
    }
    char place[400];
    place_of(app, place, sizeof place);
    struct pd_stats_report_info info = { place, &policy.targets, today };
    struct pd_report *rep = pd_stats_report_build(db, kind, &q, &info, &err);
    pd_db_close(&db);
    if (!rep)
        return pd_app_fail(app, &err);
    char defname[128], title[128];
    snprintf(defname, sizeof defname, "report-%s-%s%s%s.%s", pd_stats_report_name(kind), q.period.label,
             q.group[0] ? "-g" : "", q.group, o->fmt == PD_FMT_PDF ? "pdf" : o->fmt == PD_FMT_CSV ? "csv" : "txt");
    snprintf(title, sizeof title, "popdesk %s %s", pd_stats_report_name(kind), q.period.label);
    r = write_out(app, cmd, rep, o, defname, title);
    pd_report_free(&rep);
    return r;
}

int pd_cmd_report(struct pd_app *app, int argc, char **argv)
{
    struct out_opts o;
    int r = parse_out_opts(app, "report", argc, argv, &o, report_help);
    if (r >= 0)
        return r;
    if (optind >= argc)
        return pd_app_usage(app, "report", "name a report: indicators, births, contraception, monthly, women or migrants");
    if (optind + 1 < argc)
        return pd_app_usage(app, "report", "unexpected argument '%s'", argv[optind + 1]);
    enum pd_stats_report kind;
    struct pd_error err;
    if (pd_stats_report_parse(argv[optind], &kind, &err) != PD_OK || kind == PD_SR_DASHBOARD)
        return pd_app_usage(app, "report", "unknown report '%s': indicators, births, contraception, "
                            "monthly, women or migrants", argv[optind]);
    return run_report(app, "report", kind, &o);
}

int pd_cmd_dashboard(struct pd_app *app, int argc, char **argv)
{
    struct out_opts o;
    int r = parse_out_opts(app, "dashboard", argc, argv, &o, dashboard_help);
    if (r >= 0)
        return r;
    if (optind < argc)
        return pd_app_usage(app, "dashboard", "unexpected argument '%s'", argv[optind]);
    return run_report(app, "dashboard", PD_SR_DASHBOARD, &o);
}

/* ---- spot check ---------------------------------------------------------------- */

static void spotcheck_help(void)
{
    printf("usage: popdesk spotcheck export --group NN [--period P] [--output FILE.csv]\n"
           "       popdesk spotcheck enter FILE.csv [--encoding utf-8|gb18030]\n\n"
           "export writes a form with one row per household of the group for a surveyor\n"
           "to fill in what was found at the door: 户籍人口 (registered persons present at\n"
           "the period's end), 出生 and 死亡 (in the period), 已婚育龄妇女 (married women\n"
           "15-49) and 落实避孕措施 (of them using a method).  The register's own figures\n"
           "are not on the form.  Leave a household's counts all empty if it was not\n"
           "visited.\n\n"
           "enter reads the filled form back, compares each count with the register's\n"
           "and prints the statistics error rate per item: |surveyed - reported| /\n"
           "surveyed x 100%% (default definition; the target is the policy file's\n"
           "statistics_error_rate_max_percent).  The result is kept for the dashboard.\n");
}

/* The form's columns: the first four identify, then one per item. */
static const char *const spot_cols[] = { "户编号", "地址", "户主", "统计期间" };
#define SPOT_ID_COLS 4

struct export_ctx {
    struct pd_report *rep;
    const char *period;
    pd_err rc;
    struct pd_error err;
    long long n;
};

static int export_household(void *ctx, const struct pd_spot_household *h)
{
    struct export_ctx *x = ctx;
    const char *cells[SPOT_ID_COLS + PD_SPOT__COUNT] = { h->code, h->address, h->head, x->period };
    x->rc = pd_report_add_row(x->rep, cells, &x->err);
    x->n++;
    return x->rc != PD_OK;
}

static int spot_export(struct pd_app *app, int argc, char **argv)
{
    struct out_opts o;
    int r = parse_out_opts(app, "spotcheck export", argc, argv, &o, spotcheck_help);
    if (r >= 0)
        return r;
    if (optind < argc)
        return pd_app_usage(app, "spotcheck export", "unexpected argument '%s'", argv[optind]);
    if (!o.group)
        return pd_app_usage(app, "spotcheck export", "--group NN is required (the group to survey)");
    if (o.print || o.fmt == PD_FMT_PDF)
        return pd_app_usage(app, "spotcheck export", "the form is a CSV file to fill in; --format pdf and --print do not apply");
    o.fmt = PD_FMT_CSV;
    struct pd_policy policy;
    if ((r = load_policy(app, &policy)))
        return r;
    struct pd_db *db;
    if ((r = pd_app_open(app, PD_DB_READONLY, &db)))
        return r;
    struct pd_stats_query q;
    if ((r = make_query(app, "spotcheck export", &o, &policy, PD_SR_INDICATORS, pd_db_today(db), &q)) >= 0) {
        pd_db_close(&db);
        return r;
    }
    struct export_ctx x = { .period = q.period.label, .rc = PD_OK };
    pd_error_clear(&x.err);
    char title[96];
    snprintf(title, sizeof title, "统计误差抽查表 第%s组 %s", q.group, q.period.label);
    x.rep = pd_report_new(title);
    for (int i = 0; x.rep && x.rc == PD_OK && i < SPOT_ID_COLS + PD_SPOT__COUNT; i++)
        x.rc = pd_report_add_col(x.rep, i < SPOT_ID_COLS ? spot_cols[i] : pd_spot_zh((enum pd_spot_item)(i - SPOT_ID_COLS)),
                                 PD_ALIGN_LEFT, 0, i == 0, &x.err);
    if (!x.rep)
        pd_fail(&x.err, PD_ENOMEM, NULL, "out of memory for the form");
    pd_err e = x.rep && x.rc == PD_OK ? pd_stats_spot_households(db, &q, export_household, &x, &x.err) : PD_ENOMEM;
    pd_db_close(&db);
    if (e == PD_OK && x.rc != PD_OK)
        e = x.rc;
    if (e == PD_OK && x.n == 0) {
        pd_fail(&x.err, PD_ENOTFOUND, "group", "group %s has no households in this register", q.group);
        e = PD_ENOTFOUND;
    }
    if (e != PD_OK) {
        pd_report_free(&x.rep);
        return pd_app_fail(app, &x.err);
    }
    char defname[96];
    snprintf(defname, sizeof defname, "spotcheck-g%s-%s.csv", q.group, q.period.label);
    if (!o.out)
        o.out = defname;
    r = write_out(app, "spotcheck export", x.rep, &o, defname, title);
    pd_report_free(&x.rep);
    return r;
}

static pd_err read_whole(const char *path, char **out, size_t *len, struct pd_error *err)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pd_fail(err, PD_EINVAL, NULL, "cannot read %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > SPOT_FILE_MAX) {
        close(fd);
        return pd_fail(err, PD_EINVAL, NULL, "%s is not a spot-check form (a CSV file of at most %ld MB)",
                       path, SPOT_FILE_MAX >> 20);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = 0;
    while (buf && n < (size_t)st.st_size) {
        ssize_t k = read(fd, buf + n, (size_t)st.st_size - n);
        if (k <= 0) {
            if (k < 0 && errno == EINTR)
                continue;
            break;
        }
        n += (size_t)k;
    }
    close(fd);
    if (!buf)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading %s", path);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return PD_OK;
}

static bool spot_known(const char *cell, void *ctx)
{
    (void)ctx;
    for (int i = 0; i < SPOT_ID_COLS; i++)
        if (strcmp(cell, spot_cols[i]) == 0)
            return true;
    for (int i = 0; i < PD_SPOT__COUNT; i++)
        if (strcmp(cell, pd_spot_zh((enum pd_spot_item)i)) == 0)
            return true;
    return false;
}

struct surveyed {
    char code[24];
    int row;
    long long n[PD_SPOT__COUNT];
    bool matched;
};

static int cmp_surveyed(const void *a, const void *b)
{
    return strcmp(((const struct surveyed *)a)->code, ((const struct surveyed *)b)->code);
}

struct enter_ctx {
    struct surveyed *v;
    size_t n;
    struct pd_spot_result res;
};

static int enter_household(void *ctx, const struct pd_spot_household *h)
{
    struct enter_ctx *x = ctx;
    struct surveyed key;
    pd_strlcpy(key.code, h->code, sizeof key.code);
    struct surveyed *s = bsearch(&key, x->v, x->n, sizeof *x->v, cmp_surveyed);
    if (s) {
        s->matched = true;
        x->res.households++;
        for (int i = 0; i < PD_SPOT__COUNT; i++) {
            x->res.surveyed[i] += s->n[i];
            x->res.reported[i] += h->reported[i];
        }
    }
    return 0;
}

/* A cell, without the ="..." the CSV writer puts around long digit strings
 * so a spreadsheet keeps them as text. */
static const char *cell_of(const struct pd_csv_row *r, int col)
{
    if (col < 0 || col >= r->n)
        return "";
    char *c = r->cells[col];
    size_t n = strlen(c);
    if (n >= 3 && c[0] == '=' && c[1] == '"' && c[n - 1] == '"') {
        c[n - 1] = '\0';
        memmove(c, c + 2, n - 2);
    }
    return c;
}

/* Reads the filled form into x (rows sorted by code), the period and group. */
static pd_err read_form(const struct pd_csv *csv, struct pd_statyear sy, struct enter_ctx *x,
                        struct pd_stats_query *q, struct pd_error *err)
{
    struct pd_csv_layout lay;
    pd_err rc = pd_csv_find_header(csv, spot_known, NULL, SPOT_ID_COLS + PD_SPOT__COUNT, &lay, err);
    if (rc != PD_OK)
        return pd_fail(err, PD_EINVAL, NULL, "this is not a spot-check form: no header row with %s, %s ... %s",
                       spot_cols[0], spot_cols[3], pd_spot_zh(PD_SPOT__COUNT - 1));
    int col[SPOT_ID_COLS + PD_SPOT__COUNT];
    const struct pd_csv_row *h = &csv->rows[lay.header];
    for (int i = 0; i < SPOT_ID_COLS + PD_SPOT__COUNT; i++) {
        const char *want = i < SPOT_ID_COLS ? spot_cols[i] : pd_spot_zh((enum pd_spot_item)(i - SPOT_ID_COLS));
        col[i] = -1;
        for (int j = 0; j < h->n; j++)
            if (strcmp(h->cells[j], want) == 0)
                col[i] = j;
        if (col[i] < 0 && i != 1 && i != 2)
            return pd_fail(err, PD_EINVAL, want, "the form has no column %s", want);
    }
    x->v = calloc((size_t)csv->nrows + 1, sizeof *x->v);
    if (!x->v)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the form");
    char period[32] = "";
    for (int i = lay.header + 1; i < csv->nrows; i++) {
        const struct pd_csv_row *r = &csv->rows[i];
        if (pd_csv_row_blank(r))
            continue;
        const char *code = cell_of(r, col[0]), *per = cell_of(r, col[3]);
        if (strlen(code) != 18 || strspn(code, "0123456789") != 18)
            return pd_fail(err, PD_EINVAL, spot_cols[0], "row %d: %s '%.30s' is not an 18-digit household code",
                           r->row, spot_cols[0], code);
        if (!period[0]) {
            pd_strlcpy(period, per, sizeof period);
            if (pd_period_parse(period, sy, &q->period, err) != PD_OK)
                return pd_fail(err, PD_EINVAL, spot_cols[3], "row %d: %s", r->row, err ? err->msg : "bad period");
            memcpy(q->group, code + 12, 2);
            q->group[2] = '\0';
        } else if (strcmp(per, period) != 0) {
            return pd_fail(err, PD_EINVAL, spot_cols[3], "row %d: %s '%.30s' differs from the first row's '%s'",
                           r->row, spot_cols[3], per, period);
        }
        if (strncmp(code + 12, q->group, 2) != 0)
            return pd_fail(err, PD_EINVAL, spot_cols[0], "row %d: household %s is not in group %s like the rows above",
                           r->row, code, q->group);
        int filled = 0;
        struct surveyed *s = &x->v[x->n];
        for (int k = 0; k < PD_SPOT__COUNT; k++) {
            const char *v = cell_of(r, col[SPOT_ID_COLS + k]);
            if (pd_csv_cell_blank(v))
                continue;
            char *end;
            errno = 0;
            long long n = strtoll(v, &end, 10);
            while (*end == ' ')
                end++;
            if (end == v || *end || errno || n < 0 || n > 100000)
                return pd_fail(err, PD_EINVAL, pd_spot_zh((enum pd_spot_item)k),
                               "row %d: %s '%.20s' must be a count (a whole number, 0 or more)",
                               r->row, pd_spot_zh((enum pd_spot_item)k), v);
            s->n[k] = n;
            filled++;
        }
        if (filled == 0)
            continue;           /* not visited */
        if (filled < PD_SPOT__COUNT)
            return pd_fail(err, PD_EINVAL, NULL, "row %d: household %s has only %d of the %d counts; "
                           "fill every count (0 where there is none) or leave them all empty",
                           r->row, code, filled, PD_SPOT__COUNT);
        pd_strlcpy(s->code, code, sizeof s->code);
        s->row = r->row;
        x->n++;
    }
    if (x->n == 0)
        return pd_fail(err, PD_EINVAL, NULL, "the form has no household with its counts filled in");
    qsort(x->v, x->n, sizeof *x->v, cmp_surveyed);
    for (size_t i = 1; i < x->n; i++)
        if (strcmp(x->v[i].code, x->v[i - 1].code) == 0)
            return pd_fail(err, PD_EINVAL, spot_cols[0], "row %d: household %s is already on row %d",
                           x->v[i].row, x->v[i].code, x->v[i - 1].row);
    return PD_OK;
}

static int spot_enter(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "encoding", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    enum pd_encoding enc = PD_ENC_AUTO;
    struct pd_error err;
    pd_error_clear(&err);
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (pd_encoding_parse(optarg, &enc, &err) != PD_OK)
                return pd_app_usage(app, "spotcheck enter", "%s", err.msg);
            break;
        case 'h': spotcheck_help(); return 0;
        default: return pd_app_usage(app, "spotcheck enter", "bad option");
        }
    }
    if (optind >= argc)
        return pd_app_usage(app, "spotcheck enter", "name the filled form: popdesk spotcheck enter FILE.csv");
    if (optind + 1 < argc)
        return pd_app_usage(app, "spotcheck enter", "unexpected argument '%s'", argv[optind + 1]);
    const char *path = argv[optind];
    struct pd_policy policy;
    int r = load_policy(app, &policy);
    if (r)
        return r;
    char *raw = NULL, *text = NULL;
    size_t rawlen, textlen;
    enum pd_encoding used;
    struct pd_csv *csv = NULL;
    struct enter_ctx x;
    memset(&x, 0, sizeof x);
    struct pd_stats_query q;
    memset(&q, 0, sizeof q);
    q.statyear = (struct pd_statyear){ policy.year_start_month, policy.year_start_day };
    struct pd_db *db = NULL;
    pd_err e = read_whole(path, &raw, &rawlen, &err);
    if (e == PD_OK)
        e = pd_recode_utf8(raw, rawlen, enc, &text, &textlen, &used, &err);
    if (e == PD_OK)
        e = pd_csv_read(text, textlen, &csv, &err);
    if (e == PD_OK)
        e = read_form(csv, q.statyear, &x, &q, &err);
    free(raw);
    free(text);
    pd_csv_free(&csv);
    if (e != PD_OK) {
        free(x.v);
        if (err.msg[0] && !strstr(err.msg, path)) {
            char m[PD_MSG_MAX + 1100];
            snprintf(m, sizeof m, "%.1000s: %s", path, err.msg);
            pd_strlcpy(err.msg, m, sizeof err.msg);
        }
        return pd_app_fail(app, &err);
    }
    if ((r = pd_app_open(app, 0, &db))) {
        free(x.v);
        return r;
    }
    e = pd_stats_spot_households(db, &q, enter_household, &x, &err);
    for (size_t i = 0; e == PD_OK && i < x.n; i++)
        if (!x.v[i].matched)
            e = pd_fail(&err, PD_EINVAL, spot_cols[0], "%s row %d: household %s is not in the register "
                        "(or has been closed)", path, x.v[i].row, x.v[i].code);
    if (e == PD_OK) {
        pd_now_iso(x.res.at);
        pd_strlcpy(x.res.group, q.group, sizeof x.res.group);
        pd_strlcpy(x.res.period, q.period.label, sizeof x.res.period);
        e = pd_stats_spot_save(db, &x.res, &err);
    }
    struct pd_date today = pd_db_today(db);
    pd_db_close(&db);
    free(x.v);
    if (e != PD_OK)
        return pd_app_fail(app, &err);

    char place[400], title[128];
    place_of(app, place, sizeof place);
    snprintf(title, sizeof title, "统计误差率抽查结果 第%s组", q.group);
    struct pd_report *rep = pd_report_new(title);
    const char *cols[] = { "项目", "调查数", "报表数", "误差率", "目标", "状态" };
    e = rep ? PD_OK : pd_fail(&err, PD_ENOMEM, NULL, "out of memory");
    char line[1024], period[128], d[PD_DATE_STRLEN];
    pd_period_describe(&q.period, period, sizeof period);
    pd_date_format(today, d);
    snprintf(line, sizeof line, "%s%s统计期间: %s  抽查户数: %lld  录入日期: %s", place, place[0] ? "  " : "",
             period, x.res.households, d);
    if (e == PD_OK)
        e = pd_report_add_head(rep, line, &err);
    for (int i = 0; e == PD_OK && i < 6; i++)
        e = pd_report_add_col(rep, cols[i], i ? PD_ALIGN_RIGHT : PD_ALIGN_LEFT, 0, false, &err);
    double worst = 0;
    bool over = false;
    for (int i = 0; e == PD_OK && i < PD_SPOT__COUNT; i++) {
        char sv[32], rv[32], rate[32], target[32];
        double v;
        bool ok = pd_stat_error_rate(x.res.surveyed[i], x.res.reported[i], &v);
        snprintf(sv, sizeof sv, "%lld", x.res.surveyed[i]);
        snprintf(rv, sizeof rv, "%lld", x.res.reported[i]);
        if (ok)
            snprintf(rate, sizeof rate, "%.2f%%", v);
        else
            snprintf(rate, sizeof rate, "-");
        snprintf(target, sizeof target, "≤ %g%%", policy.targets.statistics_error_rate_max_percent);
        bool bad = !ok || v > policy.targets.statistics_error_rate_max_percent;
        if (ok && v > worst)
            worst = v;
        over = over || bad;
        const char *cells[] = { pd_spot_zh((enum pd_spot_item)i), sv, rv, rate, target,
                                !ok ? "调查为0而报表不为0" : bad ? "未达标" : "达标" };
        e = pd_report_add_row(rep, cells, &err);
    }
    if (e == PD_OK)
        e = pd_report_add_foot(rep, "误差率 = |调查数 - 报表数| / 调查数 x 100% (默认口径, docs/STATISTICS.md)", &err);
    if (e != PD_OK) {
        pd_report_free(&rep);
        return pd_app_fail(app, &err);
    }
    struct pd_report_opts ro = { "utf-8", 0 };
    e = pd_report_write_text(rep, stdout, &ro, &err);
    pd_report_free(&rep);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    printf("largest error %.2f%%%s; kept for the dashboard\n", worst, over ? " (over the target)" : "");
    return 0;
}

int pd_cmd_spotcheck(struct pd_app *app, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2)
            return pd_app_usage(app, "spotcheck", "say export or enter");
        spotcheck_help();
        return 0;
    }
    if (strcmp(argv[1], "export") == 0)
        return spot_export(app, argc - 1, argv + 1);
    if (strcmp(argv[1], "enter") == 0)
        return spot_enter(app, argc - 1, argv + 1);
    return pd_app_usage(app, "spotcheck", "unknown action '%s': export or enter", argv[1]);
}
