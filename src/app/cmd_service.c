/* cmd_service.c - `popdesk case risk|guidance|health|benefit ...` (see
 * cmd_service.h): high-risk archives and guidance, women's health services,
 * benefit applications, decisions and payments.  Same option style and
 * output machinery as the other `popdesk case` commands (cmd_case.c); the
 * screens call the same store (store/services.h) and report
 * (report/service_report.h) functions. */
#include "app/cmd_service.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case_common.h"
#include "app/policy_load.h"
#include "app/policy_update.h"
#include "core/indicators.h"
#include "report/print.h"
#include "report/service_report.h"
#include "store/services.h"

void pd_cmd_service_help(void)
{
    printf("       popdesk case risk archive PERSON --group GROUP --date D [--planning] [--note TEXT]\n"
           "       popdesk case risk close CASE --date D --reason TEXT\n"
           "       popdesk case risk show CASE [OUTPUT]\n"
           "       popdesk case risk list [--open] [--period P] [OUTPUT]\n"
           "       popdesk case risk coverage [--period P]\n"
           "       popdesk case guidance PERSON --date D --kind KIND --by NAME [--notes TEXT] [--case N]\n"
           "       popdesk case health record PERSON --kind KIND --date D [--quarter 2012Q3] [--result TEXT]\n"
           "                                  [--items TEXT] [--quantity N] [--provider TEXT] [--note TEXT] [--paid]\n"
           "       popdesk case health list [--kind KIND] [--quarter Q] [--period P] [--person PERSON] [OUTPUT]\n"
           "       popdesk case benefit apply|check PERSON --programme PROG --category CAT --date D\n"
           "                                  [--amount YUAN] [--income YUAN] [--cost YUAN] [--birth-date D]\n"
           "                                  [--child PERSON] [--reason TEXT]\n"
           "       popdesk case benefit review CASE --approve|--refuse --date D [--amount YUAN] [--reason TEXT]\n"
           "                                  [--reviewer NAME]\n"
           "       popdesk case benefit pay CASE --amount YUAN --date D [--receipt NO]\n"
           "       popdesk case benefit show CASE [OUTPUT]\n"
           "       popdesk case benefit list [--programme PROG] [--state applied|approved|refused|paid] [OUTPUT]\n");
}

static void help_words(void)
{
    printf("risk    高危家庭档案: GROUP is one of " PD_RISK_GROUPS " (other needs --note).\n"
           "        coverage: archived families with a guidance record in the period / archived families.\n"
           "guidance  a guidance service on the person's open archive (--case when she has several);\n"
           "        KIND is one of " PD_GUIDANCE_KINDS "; --by names who gave it.\n"
           "health  妇女健康服务: KIND is one of " PD_HEALTH_KINDS " (check = 三查, once a\n"
           "        quarter; cervical, breast = 两癌).  --paid: not free (does not count for the free basic\n"
           "        public service rate).\n"
           "benefit PROG/CAT: hardship/education|poverty|illness (--income for poverty, --cost for illness),\n"
           "        migrant_birth/birth (--birth-date or --child), welfare_fund/relief (--amount asked);\n"
           "        amounts and conditions from the policy file.  review is signed by a supervisor.\n"
           "P: 2012, stat-2012, 2012-05 or 2012-01-01..2012-06-30 (default: this calendar year).\n");
}

struct sopts {
    const char *group, *date, *note, *reason, *period, *kind, *by, *notes, *quarter, *result, *items;
    const char *provider, *person, *programme, *category, *birth_date, *child, *reviewer, *receipt, *state;
    struct pd_case_out io;
    int approve;            /* -1 not given, 0 refuse, 1 approve */
    bool planning, open, paid;
    long casenum, quantity, amount, income, cost;
};

#define S_TEXT(name, f) { name, PD_CASE_TEXT, offsetof(struct sopts, f), 0, 0, NULL }
#define S_TRUE(name, f) { name, PD_CASE_TRUE, offsetof(struct sopts, f), 0, 0, NULL }
#define S_LONG(name, f, lo, hi, must) { name, PD_CASE_LONG, offsetof(struct sopts, f), lo, hi, must }
static const struct pd_case_opt sopt_table[] = {
    S_TEXT("group", group), S_TEXT("date", date), S_TEXT("note", note), S_TEXT("reason", reason),
    S_TEXT("period", period), S_TEXT("kind", kind), S_TEXT("by", by), S_TEXT("notes", notes),
    S_TEXT("quarter", quarter), S_TEXT("result", result), S_TEXT("items", items),
    S_TEXT("provider", provider), S_TEXT("person", person), S_TEXT("programme", programme),
    S_TEXT("category", category), S_TEXT("birth-date", birth_date), S_TEXT("child", child),
    S_TEXT("reviewer", reviewer), S_TEXT("receipt", receipt), S_TEXT("state", state),
    { "approve", PD_CASE_SET, offsetof(struct sopts, approve), 1, 0, NULL },
    { "refuse", PD_CASE_SET, offsetof(struct sopts, approve), 0, 0, NULL },
    S_TRUE("planning", planning), S_TRUE("open", open), S_TRUE("paid", paid),
    S_LONG("case", casenum, 1, 2000000000, "an archive number"),
    S_LONG("quantity", quantity, 1, 10000, "from 1 to 10000"),
    S_LONG("amount", amount, 1, 1000000, "a whole number of yuan from 1 to 1000000"),
    S_LONG("income", income, 0, 100000000, "a whole number of yuan"),
    S_LONG("cost", cost, 0, 100000000, "a whole number of yuan"),
};
PD_CASE_TABLE_FITS(sopt_table);

static void help_all(void)
{
    pd_cmd_service_help();
    help_words();
}

/* Parses every option any action takes; the action checks what it needs.
 * Returns 0, or the usage exit status. */
static int parse(struct pd_app *app, const char *cmd, int argc, char **argv, struct sopts *o, bool *help)
{
    memset(o, 0, sizeof *o);
    o->approve = -1;
    o->io.fmt = PD_FMT_TEXT;
    o->income = o->cost = -1;
    int rc = pd_case_parse(app, cmd, argc, argv, sopt_table, (int)(sizeof sopt_table / sizeof sopt_table[0]), o,
                           &o->io, help_all, help);
    if (rc != 0 || *help)
        return rc;
    const char *const dates[] = { o->date, o->birth_date };
    const char *const names[] = { "--date", "--birth-date" };
    return pd_case_check_dates(app, cmd, dates, names, 2);
}

/* The period of --period (default: this calendar year); the statistics
 * year's start comes from the policy file. */
static int period_of(struct pd_app *app, const char *cmd, const char *text, struct pd_period *p)
{
    struct pd_error err;
    pd_error_clear(&err);
    if (!text) {
        pd_period_year(pd_date_today().y, p);
        return 0;
    }
    struct pd_statyear sy = PD_STATYEAR_DEFAULT;
    struct pd_policy pol;
    if (pd_app_load_policy(app, &pol, &err) == PD_OK)
        sy = (struct pd_statyear){ pol.year_start_month, pol.year_start_day };
    if (pd_period_parse(text, sy, p, &err) != PD_OK)
        return pd_app_usage(app, cmd, "%s", err.msg);
    return 0;
}

/* The start of a subcommand with actions: the action (argv[0]) given, the
 * options parsed, the words after them in *pos.  False (and *rc set) when
 * there is nothing more to do. */
static bool start(struct pd_app *app, const char *cmd, const char *which, int argc, char **argv,
                  struct sopts *o, int *npos, char ***pos, int *rc)
{
    bool help = false;
    *rc = argc < 1 ? pd_app_usage(app, cmd, "%s", which) : parse(app, cmd, argc, argv, o, &help);
    *npos = argc - optind;
    *pos = argv + optind;
    return !*rc && !help;
}

/* Open the register read-write or read-only; on failure the enclosing
 * action returns pd_app_open's exit status (rc). */
#define OPEN_RW(db) do { if ((rc = pd_app_open(app, 0, &(db)))) return rc; } while (0)
#define OPEN_RO(db) do { if ((rc = pd_app_open(app, PD_DB_READONLY, &(db)))) return rc; } while (0)

/* ---- risk ------------------------------------------------------------------------- */

static int risk_main(struct pd_app *app, int argc, char **argv)
{
    const char *cmd = "case risk";
    struct sopts o;
    int rc, npos;
    char **pos;
    if (!start(app, cmd, "archive, close, show, list or coverage?", argc, argv, &o, &npos, &pos, &rc))
        return rc;
    const char *action = argv[0];
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_db *db;
    char off[400];
    pd_case_office(app, off, sizeof off);
    if (strcmp(action, "archive") == 0) {
        if (npos != 1)
            return pd_app_usage(app, cmd, "archive: give one person id");
        if (!o.group || pd_svc_code_check(PD_SVC_RISK, o.group, "group", &err) != PD_OK)
            return pd_app_usage(app, cmd, "%s", o.group ? err.msg : "archive: --group is required (" PD_RISK_GROUPS ")");
        if (!o.date)
            return pd_app_usage(app, cmd, "archive: --date is required");
        OPEN_RW(db);
        struct pd_risk_opts ro = { pos[0], o.group, o.date, o.planning, o.note };
        long long id = 0;
        pd_err e = pd_risk_archive(db, &ro, pd_case_signer(&o.io), &id, &err);
        pd_db_close(&db);
        if (e != PD_OK)
            return pd_app_fail(app, &err);
        printf("high-risk archive %lld opened for %s: %s\n", id, pos[0], pd_svc_zh(PD_SVC_RISK, o.group));
        return 0;
    }
    if (strcmp(action, "close") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            return pd_app_usage(app, cmd, "close: give one archive number");
        if (!o.date || !o.reason)
            return pd_app_usage(app, cmd, "close: --date and --reason are required");
        OPEN_RW(db);
        pd_err e = pd_risk_close(db, id, o.date, o.reason, pd_case_signer(&o.io), &err);
        pd_db_close(&db);
        if (e != PD_OK)
            return pd_app_fail(app, &err);
        printf("high-risk archive %lld closed\n", id);
        return 0;
    }
    if (strcmp(action, "show") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            return pd_app_usage(app, cmd, "show: give one archive number");
        OPEN_RO(db);
        struct pd_risk_case *c = malloc(sizeof *c);
        pd_err e = c ? pd_risk_get(db, id, c, &err) : pd_fail(&err, PD_ENOMEM, NULL, "out of memory");
        pd_db_close(&db);
        struct pd_report *rep = e == PD_OK ? pd_risk_case_report(c, off, &err) : NULL;
        free(c);
        if (!rep)
            return pd_app_fail(app, &err);
        char name[64];
        snprintf(name, sizeof name, "risk-%lld", id);
        return pd_case_emit(app, rep, &o.io, name);
    }
    if (strcmp(action, "list") == 0 || strcmp(action, "coverage") == 0) {
        if (npos)
            return pd_app_usage(app, cmd, "unexpected argument '%s'", pos[0]);
        struct pd_period per;
        if ((rc = period_of(app, cmd, o.period, &per)))
            return rc;
        OPEN_RO(db);
        if (action[0] == 'c') {
            struct pd_svc_rate r;
            pd_err e = pd_risk_coverage(db, per.from, per.to, &r, &err);
            pd_db_close(&db);
            if (e != PD_OK)
                return pd_app_fail(app, &err);
            char t[64];
            pd_svc_rate_text(&r, t, sizeof t);
            printf("guidance coverage %s: %s\n  archived families with a guidance record in the period: %lld\n"
                   "  archived families: %lld\n", per.label, t, r.num, r.den);
            return 0;
        }
        struct pd_report *rep = pd_risk_list_report(db, o.open, per.from, per.to, off, &err);
        pd_db_close(&db);
        if (!rep)
            return pd_app_fail(app, &err);
        return pd_case_emit(app, rep, &o.io, o.open ? "risk-open" : "risk-list");
    }
    return pd_app_usage(app, cmd, "unknown action '%s' (archive, close, show, list, coverage)", action);
}

static int guidance_main(struct pd_app *app, int argc, char **argv)
{
    const char *cmd = "case guidance";
    struct sopts o;
    bool help;
    int rc = parse(app, cmd, argc, argv, &o, &help);
    if (rc || help)
        return rc;
    struct pd_error err;
    pd_error_clear(&err);
    if (argc - optind != 1)
        return pd_app_usage(app, cmd, "give one person id");
    if (!o.date || !o.kind || !o.by)
        return pd_app_usage(app, cmd, "--date, --kind and --by are required");
    if (pd_svc_code_check(PD_SVC_GUIDANCE, o.kind, "kind", &err) != PD_OK)
        return pd_app_usage(app, cmd, "%s", err.msg);
    struct pd_db *db;
    OPEN_RW(db);
    struct pd_guidance_opts go = { o.casenum, argv[optind], o.date, o.kind, o.notes, o.by };
    long long id = 0;
    pd_err e = pd_risk_guidance(db, &go, pd_case_signer(&o.io), &id, &err);
    pd_db_close(&db);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    printf("guidance saved on high-risk archive %lld\n", id);
    return 0;
}

/* ---- health ----------------------------------------------------------------------- */

static int health_main(struct pd_app *app, int argc, char **argv)
{
    const char *cmd = "case health";
    struct sopts o;
    int rc, npos;
    char **pos;
    if (!start(app, cmd, "record or list?", argc, argv, &o, &npos, &pos, &rc))
        return rc;
    const char *action = argv[0];
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_db *db;
    if (o.kind && pd_svc_code_check(PD_SVC_HEALTH, o.kind, "kind", &err) != PD_OK)
        return pd_app_usage(app, cmd, "%s", err.msg);
    int qy, qq;
    if (o.quarter && pd_quarter_parse(o.quarter, &qy, &qq, "quarter", &err) != PD_OK)
        return pd_app_usage(app, cmd, "--quarter: %s", err.msg);
    if (strcmp(action, "record") == 0) {
        if (npos != 1)
            return pd_app_usage(app, cmd, "record: give one person id");
        if (!o.kind || !o.date)
            return pd_app_usage(app, cmd, "record: --kind and --date are required");
        OPEN_RW(db);
        struct pd_health_opts ho = { pos[0], o.kind, o.date, o.quarter, o.result, o.items, o.provider, o.note,
                                     (int)o.quantity, o.paid };
        long long id = 0;
        pd_err e = pd_health_record(db, &ho, pd_case_signer(&o.io), &id, &err);
        pd_db_close(&db);
        if (e != PD_OK)
            return pd_app_fail(app, &err);
        printf("health service %lld saved for %s: %s%s\n", id, pos[0], pd_svc_zh(PD_SVC_HEALTH, o.kind),
               o.paid ? " (paid)" : " (free)");
        return 0;
    }
    if (strcmp(action, "list") == 0) {
        if (npos)
            return pd_app_usage(app, cmd, "unexpected argument '%s'", pos[0]);
        struct pd_health_filter f = { o.kind, o.person, o.quarter, { 0, 0, 0 }, { 0, 0, 0 } };
        if (o.period) {
            struct pd_period per;
            if ((rc = period_of(app, cmd, o.period, &per)))
                return rc;
            f.from = per.from;
            f.to = per.to;
        }
        OPEN_RO(db);
        char off[400];
        pd_case_office(app, off, sizeof off);
        struct pd_report *rep = pd_health_list_report(db, &f, off, &err);
        pd_db_close(&db);
        if (!rep)
            return pd_app_fail(app, &err);
        return pd_case_emit(app, rep, &o.io, "health-services");
    }
    return pd_app_usage(app, cmd, "unknown action '%s' (record, list)", action);
}

/* ---- benefit ---------------------------------------------------------------------- */

static void print_conditions(const struct pd_benefit_result *r)
{
    for (int i = 0; i < r->n; i++) {
        char w[400];    /* stored in English; printed in the command line's language */
        pd_benefit_words_text(r->c[i].words, NULL, w, sizeof w);
        printf("  [%s] %s\n", pd_chk_words(r->c[i].state), w);
    }
    printf("  %s\n", r->blocked ? "cannot be approved while a condition is not met"
                                : "nothing stands in the way of approval as far as the register tells");
}

static int benefit_main(struct pd_app *app, int argc, char **argv)
{
    const char *cmd = "case benefit";
    struct sopts o;
    int rc, npos;
    char **pos;
    if (!start(app, cmd, "apply, check, review, pay, show or list?", argc, argv, &o, &npos, &pos, &rc))
        return rc;
    const char *action = argv[0];
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_db *db;
    char off[400];
    pd_case_office(app, off, sizeof off);
    struct pd_policy *pol = malloc(sizeof *pol);
    if (!pol)
        return pd_app_fail(app, &(struct pd_error){ .msg = "out of memory" });
    enum pd_benefit_prog prog = PD_BEN_HARDSHIP;
    if (o.programme && pd_benefit_prog_parse(o.programme, &prog, "programme", &err) != PD_OK) {
        free(pol);
        return pd_app_usage(app, cmd, "%s", err.msg);
    }
    /* the policy file is needed for amounts and conditions, and for titles */
    bool have_pol = pd_app_load_policy(app, pol, &err) == PD_OK;
    struct pd_error perr = err;
    pd_error_clear(&err);
    int result = -1;

    if (strcmp(action, "apply") == 0 || strcmp(action, "check") == 0) {
        bool save = action[0] == 'a';
        int cat = 0;
        if (npos != 1)
            result = pd_app_usage(app, cmd, "%s: give one person id (the applicant)", action);
        else if (!o.programme)
            result = pd_app_usage(app, cmd, "%s: --programme is required (hardship, migrant_birth, welfare_fund)", action);
        else if (!o.category && pd_benefit_ncats(prog) > 1)
            result = pd_app_usage(app, cmd, "%s: --category is required for %s", action, o.programme);
        else if (o.category && pd_benefit_cat_parse(prog, o.category, &cat, "category", &err) != PD_OK)
            result = pd_app_usage(app, cmd, "%s", err.msg);
        else if (!o.date)
            result = pd_app_usage(app, cmd, "%s: --date is required", action);
        else if (!have_pol)
            result = pd_app_fail(app, &perr);
        else if ((rc = pd_app_open(app, save ? 0 : PD_DB_READONLY, &db)))
            result = rc;
        else {
            struct pd_benefit_apply_opts ao = { pos[0], prog, cat, o.date, o.amount, o.income, o.cost,
                                                o.birth_date, o.child, o.reason };
            struct pd_benefit_result r;
            long long id = 0;
            pd_err e = save ? pd_benefit_apply(db, pol, &ao, pd_case_signer(&o.io), &id, &r, &err)
                            : pd_benefit_check(db, pol, &ao, 0, &r, &err);
            pd_db_close(&db);
            if (e != PD_OK) {
                result = pd_app_fail(app, &err);
            } else {
                if (save)
                    printf("benefit application %lld saved for %s: %s, %s, %ld yuan\n", id, pos[0],
                           pd_benefit_prog_key(prog), pd_benefit_cat_key(prog, cat), r.amount);
                else
                    printf("%s, %s for %s:\n", pd_benefit_prog_key(prog), pd_benefit_cat_key(prog, cat), pos[0]);
                print_conditions(&r);
                result = 0;
            }
        }
    } else if (strcmp(action, "review") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            result = pd_app_usage(app, cmd, "review: give one application number");
        else if (o.approve < 0 || !o.date)
            result = pd_app_usage(app, cmd, "review: --approve or --refuse, and --date are required");
        else if (o.approve == 0 && !o.reason)
            result = pd_app_usage(app, cmd, "review: --refuse needs --reason");
        else if (!have_pol)
            result = pd_app_fail(app, &perr);
        else if ((rc = pd_app_open(app, 0, &db)))
            result = rc;
        else {
            struct pd_benefit_decide_opts d = { id, o.approve == 1, o.date, o.reason, o.reviewer, o.amount };
            pd_err e = pd_benefit_decide(db, pol, &d, pd_case_signer(&o.io), &err);
            struct pd_benefit_case *c = e == PD_OK ? malloc(sizeof *c) : NULL;
            if (c && pd_benefit_get(db, id, c, &err) == PD_OK)
            {
                if (o.approve)
                    printf("benefit application %lld approved: %ld yuan\n", id, c->amount);
                else
                    printf("benefit application %lld refused\n", id);
            }
            free(c);
            pd_db_close(&db);
            result = e == PD_OK ? 0 : pd_app_fail(app, &err);
        }
    } else if (strcmp(action, "pay") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            result = pd_app_usage(app, cmd, "pay: give one application number");
        else if (!o.amount || !o.date)
            result = pd_app_usage(app, cmd, "pay: --amount and --date are required");
        else if ((rc = pd_app_open(app, 0, &db)))
            result = rc;
        else {
            pd_err e = pd_benefit_pay(db, id, o.amount, o.date, o.receipt, pd_case_signer(&o.io), &err);
            struct pd_benefit_case *c = e == PD_OK ? malloc(sizeof *c) : NULL;
            if (c && pd_benefit_get(db, id, c, &err) == PD_OK)
                printf("benefit application %lld: paid %ld of %ld yuan, %ld outstanding\n", id, c->paid, c->amount,
                       c->amount - c->paid);
            free(c);
            pd_db_close(&db);
            result = e == PD_OK ? 0 : pd_app_fail(app, &err);
        }
    } else if (strcmp(action, "show") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            result = pd_app_usage(app, cmd, "show: give one application number");
        else if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
            result = rc;
        else {
            struct pd_benefit_case *c = malloc(sizeof *c);
            pd_err e = c ? pd_benefit_get(db, id, c, &err) : pd_fail(&err, PD_ENOMEM, NULL, "out of memory");
            pd_db_close(&db);
            struct pd_report *rep = e == PD_OK ? pd_benefit_case_report(c, have_pol ? pol : NULL, off, &err) : NULL;
            free(c);
            char name[64];
            snprintf(name, sizeof name, "benefit-%lld", id);
            result = rep ? pd_case_emit(app, rep, &o.io, name) : pd_app_fail(app, &err);
        }
    } else if (strcmp(action, "list") == 0) {
        static const char *const states[] = { "applied", "approved", "refused", "paid" };
        bool ok = !o.state;
        for (int i = 0; i < 4 && !ok; i++)
            ok = strcmp(o.state, states[i]) == 0;
        if (npos)
            result = pd_app_usage(app, cmd, "unexpected argument '%s'", pos[0]);
        else if (!ok)
            result = pd_app_usage(app, cmd, "--state '%s' is not one of applied, approved, refused, paid", o.state);
        else if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
            result = rc;
        else {
            struct pd_report *rep = pd_benefit_list_report(db, have_pol ? pol : NULL, o.programme ? (int)prog : -1,
                                                           o.state, off, &err);
            pd_db_close(&db);
            char name[64];
            snprintf(name, sizeof name, "benefit-%s", o.programme ? o.programme : "list");
            result = rep ? pd_case_emit(app, rep, &o.io, name) : pd_app_fail(app, &err);
        }
    } else {
        result = pd_app_usage(app, cmd, "unknown action '%s' (apply, check, review, pay, show, list)", action);
    }
    free(pol);
    return result;
}

bool pd_cmd_service_is(const char *what)
{
    return what && (strcmp(what, "risk") == 0 || strcmp(what, "guidance") == 0 || strcmp(what, "health") == 0 ||
                    strcmp(what, "benefit") == 0);
}

int pd_cmd_service(struct pd_app *app, int argc, char **argv)
{
    const char *what = argv[0];
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        pd_cmd_service_help();
        help_words();
        return 0;
    }
    if (strcmp(what, "risk") == 0)
        return risk_main(app, argc - 1, argv + 1);
    if (strcmp(what, "guidance") == 0)
        return guidance_main(app, argc, argv);
    if (strcmp(what, "health") == 0)
        return health_main(app, argc - 1, argv + 1);
    return benefit_main(app, argc - 1, argv + 1);
}
