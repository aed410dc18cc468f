/* cmd_subsidy.c - `popdesk subsidy list|check|decide`: the annual
 * confirmation of the subsidy programmes from the command line (the
 * screens call the same store and report functions). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/policy_load.h"
#include "app/policy_update.h"
#include "core/i18n.h"
#include "report/print.h"
#include "report/subsidy_list.h"
#include "store/policy_facts.h"
#include "store/subsidy_store.h"
#include "store/users.h"

static void subsidy_help(void)
{
    printf("usage: popdesk subsidy list --programme reward|special|onechild [--year Y] [--notice]\n"
           "                            [--format text|csv|pdf] [--output FILE] [--print]\n"
           "                            [--encoding utf-8|gb18030] [--date YYYY-MM-DD] [--page-lines N]\n"
           "       popdesk subsidy check PERSON [--year Y] [--lang zh|en]\n"
           "       popdesk subsidy decide --programme P [--year Y] --person PERSON --approve|--reject\n"
           "                              [--reason TEXT] [--date D]\n"
           "       popdesk subsidy decide --programme P [--year Y] --all\n"
           "\n"
           "list    the year's confirmation: new, continuing and leaving recipients (with the\n"
           "        reason), counts and yearly amounts.  --notice gives the public notice (公示)\n"
           "        with ID numbers masked; without it, the office's work list.  Text goes to\n"
           "        standard output unless --output; a PDF needs --output (default name\n"
           "        subsidy-PROGRAMME-YEAR[-notice].pdf with --print).  --print sends the file to\n"
           "        [print] printer through lp; the file is kept.  Text uses [print] encoding\n"
           "        unless --encoding; CSV is UTF-8 with a BOM unless --encoding gb18030.\n"
           "check   every condition of every programme for one person, in words.\n"
           "decide  records a supervisor's decision (a subsidy.decision event, sent to the\n"
           "        district); --all approves every new and continuing recipient and stops\n"
           "        every leaving one.  The signer must be a supervisor or administrator,\n"
           "        signed in before the command: popdesk --user NAME [--password-file F]\n"
           "        subsidy decide ... (or $POPDESK_USER, $POPDESK_PASSWORD_FILE).\n"
           "\n"
           "The year defaults to this year; the policy is the one in force ([policy] file,\n"
           "or a newer one the district sent).\n");
}

static int load_policy(struct pd_app *app, struct pd_policy *p)
{
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_app_load_policy(app, p, &err) != PD_OK)
        return pd_app_fail(app, &err);
    if (app->cfg.notice_days < p->notice_min_days) {
        char in_force[PD_PATH_MAX];   /* the file the policy came from, maybe the district's */
        pd_fail(&err, PD_ECONFIG, "notice.days", "%s: [notice] days = %ld is shorter than the policy's "
                "shortest notice period, %d days (%s)", app->cfg.source[0] ? app->cfg.source : "popdesk.ini",
                app->cfg.notice_days, p->notice_min_days, pd_app_policy_file(app, in_force, sizeof in_force));
        return pd_app_fail(app, &err);
    }
    return 0;
}

static bool parse_year(const char *s, int *year)
{
    char *end;
    errno = 0;
    long y = strtol(s, &end, 10);
    if (!*s || *end || errno || y < 1990 || y > 2100)
        return false;
    *year = (int)y;
    return true;
}

static bool parse_day(const char *s, struct pd_date *d)
{
    return pd_date_parse(s, d, "date", NULL) == PD_OK && pd_date_valid(*d);
}

static void notice_info(const struct pd_app *app, struct pd_date start, struct pd_notice_info *info)
{
    memset(info, 0, sizeof *info);
    info->district = app->cfg.district_name;
    info->township = app->cfg.township;
    info->village = app->cfg.station_name;
    info->days = (int)app->cfg.notice_days;
    info->start = start;
    info->phone_village = app->cfg.phone_village;
    info->phone_town = app->cfg.phone_town;
    info->phone_county = app->cfg.phone_county;
    info->place = app->cfg.notice_place;
}

/* ---- list ------------------------------------------------------------- */

static int cmd_list(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "programme", required_argument, NULL, 'p' },
        { "year", required_argument, NULL, 'y' },
        { "notice", no_argument, NULL, 'n' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "print", no_argument, NULL, 'P' },
        { "encoding", required_argument, NULL, 'e' },
        { "date", required_argument, NULL, 'd' },
        { "page-lines", required_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *prog_s = NULL, *out = NULL, *enc = NULL;
    enum pd_report_format fmt = PD_FMT_TEXT;
    bool notice = false, print = false;
    struct pd_date today = pd_date_today(), start = today;
    int year = today.y, page_lines = 0, c;
    struct pd_error err;
    pd_error_clear(&err);
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': prog_s = optarg; break;
        case 'y':
            if (!parse_year(optarg, &year))
                return pd_app_usage(app, "subsidy list", "--year '%s' must be a year from 1990 to 2100", optarg);
            break;
        case 'n': notice = true; break;
        case 'f':
            if (pd_report_format_parse(optarg, &fmt, &err) != PD_OK)
                return pd_app_usage(app, "subsidy list", "%s", err.msg);
            break;
        case 'o': out = optarg; break;
        case 'P': print = true; break;
        case 'e':
            if (strcmp(optarg, "utf-8") != 0 && strcmp(optarg, "gb18030") != 0)
                return pd_app_usage(app, "subsidy list", "--encoding must be utf-8 or gb18030, not '%s'", optarg);
            enc = optarg;
            break;
        case 'd':
            if (!parse_day(optarg, &start))
                return pd_app_usage(app, "subsidy list", "--date '%s' is not a date", optarg);
            break;
        case 'l':
            page_lines = atoi(optarg);
            if (page_lines < 10 || page_lines > 500)
                return pd_app_usage(app, "subsidy list", "--page-lines must be from 10 to 500");
            break;
        case 'h': subsidy_help(); return 0;
        default: return pd_app_usage(app, "subsidy list", "bad option");
        }
    }
    if (optind < argc)
        return pd_app_usage(app, "subsidy list", "unexpected argument '%s'", argv[optind]);
    if (!prog_s)
        return pd_app_usage(app, "subsidy list", "--programme reward|special|onechild is required");
    enum pd_programme prog;
    if (pd_programme_parse(prog_s, &prog, "programme", &err) != PD_OK)
        return pd_app_usage(app, "subsidy list", "%s", err.msg);
    char defname[128];
    if (!out && (fmt == PD_FMT_PDF || print)) {
        snprintf(defname, sizeof defname, "subsidy-%s-%d%s.%s", prog_s, year, notice ? "-notice" : "",
                 fmt == PD_FMT_PDF ? "pdf" : fmt == PD_FMT_CSV ? "csv" : "txt");
        out = defname;
    }
    if (print && strcmp(out, "-") == 0)
        return pd_app_usage(app, "subsidy list", "--print needs a file (--output FILE), not standard output");
    if (!enc)
        enc = fmt == PD_FMT_TEXT ? app->cfg.print_encoding : "utf-8";

    struct pd_policy policy;
    int rc = load_policy(app, &policy);
    if (rc)
        return rc;
    struct pd_db *db;
    if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
        return rc;
    struct pd_confirmation conf;
    if (pd_confirmation_build(db, &policy, prog, year, &conf, &err) != PD_OK) {
        pd_db_close(&db);
        return pd_app_fail(app, &err);
    }
    pd_db_close(&db);
    struct pd_notice_info info;
    notice_info(app, start, &info);
    struct pd_report *rep = notice ? pd_subsidy_notice(&conf, &policy, &info, &err)
                                   : pd_subsidy_worklist(&conf, &policy, &info, &err);
    int counts[PD_CONFIRM__COUNT];
    long total = conf.amount[PD_CONFIRM_NEW] + conf.amount[PD_CONFIRM_CONTINUING];
    memcpy(counts, conf.count, sizeof counts);
    pd_confirmation_done(&conf);
    if (!rep)
        return pd_app_fail(app, &err);
    struct pd_report_opts ro = { enc, page_lines };
    pd_err e = pd_report_write_file(rep, fmt, out ? out : "-", &ro, &err);
    pd_report_free(&rep);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    if (out && strcmp(out, "-") != 0)
        printf("wrote %s: %d new, %d continuing, %d leaving; %ld yuan a year\n", out,
               counts[PD_CONFIRM_NEW], counts[PD_CONFIRM_CONTINUING], counts[PD_CONFIRM_LEAVING], total);
    if (print) {
        char job[256] = "", title[128];
        snprintf(title, sizeof title, "popdesk %s %d%s", prog_s, year, notice ? " notice" : "");
        struct pd_print_opts po = {
            .printer = app->cfg.printer, .title = title,
            .raw = fmt == PD_FMT_TEXT && strcmp(enc, "gb18030") == 0,
        };
        if (pd_print_file(out, &po, job, sizeof job, &err) != PD_OK)
            return pd_app_fail(app, &err);
        printf("sent to %s: %s\n", app->cfg.printer[0] ? app->cfg.printer : "the default printer", job);
    }
    return 0;
}

/* ---- check ------------------------------------------------------------ */

static int cmd_check(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "year", required_argument, NULL, 'y' },
        { "lang", required_argument, NULL, 'L' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int year = pd_date_today().y, c;
    const char *lang = app->cfg.language[0] ? app->cfg.language : "zh";
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            if (!parse_year(optarg, &year))
                return pd_app_usage(app, "subsidy check", "--year '%s' must be a year from 1990 to 2100", optarg);
            break;
        case 'L':
            if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
                return pd_app_usage(app, "subsidy check", "--lang must be zh or en");
            lang = optarg;
            break;
        case 'h': subsidy_help(); return 0;
        default: return pd_app_usage(app, "subsidy check", "bad option");
        }
    }
    if (optind + 1 != argc)
        return pd_app_usage(app, "subsidy check", "give one person id");
    struct pd_policy policy;
    int rc = load_policy(app, &policy);
    if (rc)
        return rc;
    struct pd_db *db;
    if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
        return rc;
    struct pd_person_facts f;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err e = pd_person_facts_get(db, argv[optind], &f, &err);
    pd_db_close(&db);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    bool en = strcmp(lang, "en") == 0;
    printf("%s (%s), %d\n", f.name, f.pid, year);
    for (int p = 0; p < PD_PROG__COUNT; p++) {
        struct pd_subsidy_result r;
        pd_subsidy_assess(&policy, (enum pd_programme)p, year, &f, &r);
        const char *cat = pd_subsidy_category_words(r.category, lang);
        printf("%s (%s): ", pd_programme_key((enum pd_programme)p), pd_programme_short((enum pd_programme)p));
        if (r.eligible)
            printf(en ? "eligible, %s, %ld yuan a year\n" : "符合, %s, 年%ld元\n", cat, r.yearly);
        else
            printf("%s\n", en ? "not eligible" : "不符合");
        for (int i = 0; i < r.ncond; i++) {
            char w[200];
            printf("  %s %s\n", r.cond[i].ok ? "ok  " : "FAIL", pd_subsidy_cond_words(&r.cond[i], lang, w, sizeof w));
        }
    }
    return 0;
}

/* ---- decide ----------------------------------------------------------- */

static int cmd_decide(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "programme", required_argument, NULL, 'p' },
        { "year", required_argument, NULL, 'y' },
        { "person", required_argument, NULL, 'i' },
        { "approve", no_argument, NULL, 'a' },
        { "reject", no_argument, NULL, 'r' },
        { "reason", required_argument, NULL, 'R' },
        { "all", no_argument, NULL, 'A' },
        { "user", required_argument, NULL, 'u' },
        { "password-file", required_argument, NULL, 'w' },
        { "date", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *prog_s = NULL, *person = NULL, *reason = NULL, *user = NULL, *pwfile = NULL;
    int approve = -1, c;
    bool all = false;
    struct pd_date today = pd_date_today(), date = today;
    int year = today.y;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': prog_s = optarg; break;
        case 'y':
            if (!parse_year(optarg, &year))
                return pd_app_usage(app, "subsidy decide", "--year '%s' must be a year from 1990 to 2100", optarg);
            break;
        case 'i': person = optarg; break;
        case 'a': approve = approve == 0 ? 2 : 1; break;
        case 'r': approve = approve == 1 ? 2 : 0; break;
        case 'R': reason = optarg; break;
        case 'A': all = true; break;
        case 'u': user = optarg; break;
        case 'w': pwfile = optarg; break;
        case 'd':
            if (!parse_day(optarg, &date))
                return pd_app_usage(app, "subsidy decide", "--date '%s' is not a date", optarg);
            break;
        case 'h': subsidy_help(); return 0;
        default: return pd_app_usage(app, "subsidy decide", "bad option");
        }
    }
    if (optind < argc)
        return pd_app_usage(app, "subsidy decide", "unexpected argument '%s'", argv[optind]);
    if (!prog_s)
        return pd_app_usage(app, "subsidy decide", "--programme reward|special|onechild is required");
    if (all == !!person)
        return pd_app_usage(app, "subsidy decide", "give either --person PERSON or --all");
    if (person && (approve < 0 || approve == 2))
        return pd_app_usage(app, "subsidy decide", "say --approve or --reject");
    if (all && approve >= 0)
        return pd_app_usage(app, "subsidy decide", "--all decides by the confirmation; no --approve/--reject");
    struct pd_error err;
    pd_error_clear(&err);
    enum pd_programme prog;
    if (pd_programme_parse(prog_s, &prog, "programme", &err) != PD_OK)
        return pd_app_usage(app, "subsidy decide", "%s", err.msg);
    if (person && approve == 0 && (!reason || !*reason))
        return pd_app_usage(app, "subsidy decide", "--reject needs --reason TEXT (printed on the list, sent to the district)");
    /* main.c signed the supervisor in (signin.h); the old per-command
     * sign-in options now only say where they went */
    if ((user && strcmp(user, pd_app_user()) != 0) || pwfile)
        return pd_app_usage(app, "subsidy decide", "sign in before the command: popdesk --user NAME "
                            "--password-file F subsidy decide ... (or $POPDESK_USER, $POPDESK_PASSWORD_FILE)");
    user = pd_app_user();

    struct pd_policy policy;
    int rc = load_policy(app, &policy);
    if (rc)
        return rc;
    struct pd_db *db;
    if ((rc = pd_app_open(app, 0, &db)))
        return rc;
    pd_err e = PD_OK;
    if (person) {
        /* state the category, status and amount the confirmation gives now */
        struct pd_person_facts f;
        struct pd_subsidy_result r;
        e = pd_person_facts_get(db, person, &f, &err);
        if (e == PD_OK) {
            pd_subsidy_assess(&policy, prog, year, &f, &r);
            struct pd_decision d = {
                .pid = person, .prog = prog, .year = year, .approve = approve == 1, .reason = reason,
                .category = r.category, .status = -1, .amount = approve == 1 ? r.yearly : 0, .date = date,
            };
            if (approve == 1 && !r.eligible) {
                char why[400];
                pd_subsidy_reasons(&r, pd_msg_zh() ? "zh" : "en", true, why, sizeof why);
                fprintf(stderr, "popdesk: note: %s is not eligible by the rules (%s); approved as decided\n",
                        f.name, why);
            }
            long long seq = 0;
            e = pd_subsidy_decide(db, &d, user, &seq, &err);
            if (e == PD_OK)
                printf("recorded: %s %s %s for %d (event %lld)\n", f.name, approve == 1 ? "approved" : "rejected",
                       prog_s, year, seq);
        }
    } else {
        struct pd_confirmation conf;
        e = pd_confirmation_build(db, &policy, prog, year, &conf, &err);
        if (e == PD_OK) {
            int saved = 0;
            e = pd_subsidy_decide_all(db, &conf, user, date, &saved, &err);
            if (e == PD_OK)
                printf("recorded %d decisions for %s %d: %d new and %d continuing approved, %d leaving stopped\n",
                       saved, prog_s, year, conf.count[PD_CONFIRM_NEW], conf.count[PD_CONFIRM_CONTINUING],
                       conf.count[PD_CONFIRM_LEAVING]);
            pd_confirmation_done(&conf);
        }
    }
    pd_db_close(&db);
    return e == PD_OK ? 0 : pd_app_fail(app, &err);
}

int pd_cmd_subsidy(struct pd_app *app, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2)
            return pd_app_usage(app, "subsidy", "say what to do: list, check or decide");
        subsidy_help();
        return 0;
    }
    const char *what = argv[1];
    if (strcmp(what, "list") == 0)
        return cmd_list(app, argc - 1, argv + 1);
    if (strcmp(what, "check") == 0)
        return cmd_check(app, argc - 1, argv + 1);
    if (strcmp(what, "decide") == 0)
        return cmd_decide(app, argc - 1, argv + 1);
    return pd_app_usage(app, "subsidy", "unknown action '%s' (list, check or decide)", what);
}
