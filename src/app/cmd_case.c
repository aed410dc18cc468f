/* cmd_case.c - `popdesk case ...`: second-child applications, pregnancy
 * follow-up and the overdue list, social maintenance fee cases, from the
 * command line (docs/CASES.md).  The screens call the same store
 * (store/cases.h) and report (report/case_report.h) functions. */
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/case_common.h"
#include "app/cmd_service.h"
#include "app/policy_load.h"
#include "app/policy_update.h"
#include "report/case_report.h"
#include "report/print.h"
#include "store/cases.h"
#include "store/events.h"
#include "store/users.h"

static void case_help(void)
{
    printf("usage: popdesk case second-child apply PERSON --item ITEM --date D [--documents LIST] [--note TEXT]\n"
           "       popdesk case second-child check PERSON --item ITEM [--documents LIST]\n"
           "       popdesk case second-child review CASE --step village|town|county --approve|--refuse --date D\n"
           "                                       [--reviewer NAME] [--reason TEXT] [--certificate NO]\n"
           "                                       [--documents LIST]\n"
           "       popdesk case second-child show CASE [OUTPUT]\n"
           "       popdesk case second-child print CASE [OUTPUT]\n"
           "       popdesk case second-child list [--state applied|village|town|approved|refused] [OUTPUT]\n"
           "       popdesk case visit PERSON --date D --week N [--findings TEXT] [--next D] [--pregnancy N]\n"
           "       popdesk case pregnancy PERSON [OUTPUT]\n"
           "       popdesk case overdue [--date D] [OUTPUT]\n"
           "       popdesk case fee levy PERSON --kind extra|unmarried [--extra N] [--multiple M] --date D\n"
           "                             [--child PERSON] [--father PERSON] [--birth-date D]\n"
           "       popdesk case fee pay CASE --amount YUAN --date D [--receipt NO]\n"
           "       popdesk case fee show CASE [OUTPUT]\n"
           "       popdesk case fee list [--open] [OUTPUT]\n"
           "       popdesk case certificate print first_child|second_child|onechild NUMBER [OUTPUT]\n"
           "\n"
           "OUTPUT: [--format text|csv|pdf] [--output FILE] [--print] [--encoding utf-8|gb18030]\n"
           "        [--page-lines N]; a PDF needs --output (or --print, which names the file).\n"
           "Changes are signed by --user NAME, else $POPDESK_USER, else the login name.\n"
           "\n"
           "second-child  再生育申请: ITEM is one of only_children, rural_daughter, minority,\n"
           "        remarriage, disabled_child, miner_daughter, other (other needs --note).\n"
           "        LIST: documents checked, comma-separated: marriage_cert, hukou, id_cards,\n"
           "        onechild_cert, child_birth_cert, divorce_papers, disability_assessment,\n"
           "        mining_proof, other.  apply records the application with the conditions the\n"
           "        register can check, each in words; check shows them without saving.  Steps go\n"
           "        village -> town -> county; a refusal (any step) needs --reason; the county\n"
           "        approval needs --certificate and issues the second-child certificate.\n"
           "        Who signs: the application and the village step a clerk, supervisor or\n"
           "        administrator; the town and county steps a supervisor or administrator.\n"
           "        print: the application form to sign (再生育申请审批表) and, once approved,\n"
           "        the certificate stub (存根).\n"
           "certificate print  the stub of a certificate in the register: first_child\n"
           "        一孩生育证明, second_child 第二个子女生育证明, onechild 独生子女父母光荣证.\n"
           "visit   a follow-up visit on her registered pregnancy (woman.pregnancy_visit).\n"
           "pregnancy  her pregnancy file (孕情档案), every pregnancy with its visits.\n"
           "overdue    pregnancies whose expected date is before --date (default today) with no\n"
           "        outcome recorded.\n"
           "fee     社会抚养费: levy computes base x multiple for each spouse from the policy\n"
           "        file's [fee] section; pay records a payment (never above the balance); list\n"
           "        --open shows the cases with a balance outstanding.\n");
}

struct copts {
    const char *item, *date, *documents, *note, *step, *reviewer, *reason, *certificate, *state;
    const char *findings, *next, *kind, *child, *father, *birth_date, *receipt;
    struct pd_case_out io;
    int approve;            /* -1 not given, 0 refuse, 1 approve */
    bool open;
    long week, pregnancy, extra, multiple, amount;
};

/* A subcommand with actions: false (and *rc set) when there is none, or
 * when the first word asks for help. */
static bool want_action(struct pd_app *app, const char *cmd, const char *which,
                        int argc, char **argv, int *rc)
{
    if (argc >= 1 && strcmp(argv[0], "--help") != 0 && strcmp(argv[0], "-h") != 0)
        return true;
    if (argc >= 1) {
        case_help();
        *rc = 0;
    } else {
        *rc = pd_app_usage(app, cmd, "%s", which);
    }
    return false;
}

#define C_TEXT(name, f) { name, PD_CASE_TEXT, offsetof(struct copts, f), 0, 0, NULL }
#define C_LONG(name, f, lo, hi, must) { name, PD_CASE_LONG, offsetof(struct copts, f), lo, hi, must }
static const struct pd_case_opt copt_table[] = {
    C_TEXT("item", item), C_TEXT("date", date), C_TEXT("documents", documents), C_TEXT("note", note),
    C_TEXT("step", step), C_TEXT("reviewer", reviewer), C_TEXT("reason", reason),
    C_TEXT("certificate", certificate), C_TEXT("state", state), C_TEXT("findings", findings),
    C_TEXT("next", next), C_TEXT("kind", kind), C_TEXT("child", child), C_TEXT("father", father),
    C_TEXT("birth-date", birth_date), C_TEXT("receipt", receipt),
    { "approve", PD_CASE_SET, offsetof(struct copts, approve), 1, 0, NULL },
    { "refuse", PD_CASE_SET, offsetof(struct copts, approve), 0, 0, NULL },
    { "open", PD_CASE_TRUE, offsetof(struct copts, open), 0, 0, NULL },
    C_LONG("week", week, 1, 45, "a week of pregnancy from 1 to 45"),
    C_LONG("pregnancy", pregnancy, 1, 2000000000, "a record number"),
    C_LONG("extra", extra, 1, 10, "from 1 to 10"),
    C_LONG("multiple", multiple, 1, 20, "from 1 to 20"),
    C_LONG("amount", amount, 1, 1000000000, "a whole number of yuan above 0"),
};
PD_CASE_TABLE_FITS(copt_table);

/* Parses every option any action takes; the action checks what it needs.
 * Returns 0, or the usage exit status. */
static int parse(struct pd_app *app, const char *cmd, int argc, char **argv, struct copts *o,
                 bool *help)
{
    memset(o, 0, sizeof *o);
    o->approve = -1;
    o->io.fmt = PD_FMT_TEXT;
    int rc = pd_case_parse(app, cmd, argc, argv, copt_table, (int)(sizeof copt_table / sizeof copt_table[0]), o,
                           &o->io, case_help, help);
    if (rc != 0 || *help)
        return rc;
    const char *const dates[] = { o->date, o->next, o->birth_date };
    const char *const names[] = { "--date", "--next", "--birth-date" };
    return pd_case_check_dates(app, cmd, dates, names, 3);
}

/* The start of a subcommand with actions: the action (argv[0]) wanted,
 * the options parsed, the words after them in *pos.  False (and *rc set)
 * when there is nothing more to do. */
static bool start(struct pd_app *app, const char *cmd, const char *which, int argc, char **argv,
                  struct copts *o, int *npos, char ***pos, int *rc)
{
    bool help = false;
    if (!want_action(app, cmd, which, argc, argv, rc))
        return false;
    *rc = parse(app, cmd, argc, argv, o, &help);
    *npos = argc - optind;
    *pos = argv + optind;
    return !*rc && !help;
}

struct role_find { const char *name; enum pd_role role; bool found; };

static int role_cb(void *ctx, const struct pd_user_info *u)
{
    struct role_find *f = ctx;
    if (strcmp(u->name, f->name) != 0)
        return 0;
    f->role = u->role;
    f->found = !u->disabled;
    return 1;
}

/* The role the signer holds, for the store's rule (pd_sc_may): the
 * command line's one check point.  Signed in (app/signin.h): the signed-in
 * user's role, and a --user after the command must name the same user.
 * Otherwise (a command run without sign-in) the named account's role as
 * recorded; a name that is no account, or a locked one, records nothing. */
static pd_err case_role(const struct pd_app *app, struct pd_db *db, const char *user, enum pd_role *role,
                        struct pd_error *err)
{
    if (app->signed_in) {
        if (strcmp(user, app->user) != 0)
            return pd_fail(err, PD_EDENIED, "user", "--user %s is not the signed-in user %s", user, app->user);
        *role = (enum pd_role)app->role;
        return PD_OK;
    }
    struct role_find f = { user, PD_ROLE_VIEWER, false };
    pd_err rc = pd_user_each(db, role_cb, &f, err);
    if (rc != PD_OK)
        return rc;
    if (!f.found)
        return pd_fail(err, PD_EDENIED, "user", "%s is not an account of this register (or is locked): "
                       "case steps are signed by an account (popdesk user add)", user);
    *role = f.role;
    return PD_OK;
}

/* ---- second-child ------------------------------------------------------ */

static int print_checks(const struct pd_a19_result *r)
{
    for (int i = 0; i < r->n; i++)
        printf("  [%s] %s\n", pd_chk_words(r->c[i].state), r->c[i].words);
    if (r->docs_missing) {
        char d[512];
        printf("  missing documents: %s\n", pd_a19_docs_format(r->docs_missing, d, sizeof d));
    }
    printf("  %s\n", r->blocked ? "the county cannot approve until every condition is met and every document checked"
                                : "nothing stands in the way of approval as far as the register tells");
    return 0;
}

static int sc_main(struct pd_app *app, int argc, char **argv)
{
    struct copts o;
    int rc, npos;
    char **pos;
    if (!start(app, "case second-child", "apply, check, review, show, print or list?", argc, argv, &o, &npos, &pos, &rc))
        return rc;
    const char *action = argv[0];
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_db *db;
    char off[400];
    pd_case_office(app, off, sizeof off);

    if (strcmp(action, "apply") == 0 || strcmp(action, "check") == 0) {
        bool save = action[0] == 'a';
        if (npos != 1)
            return pd_app_usage(app, "case second-child", "%s: give one person id (the wife)", action);
        if (!o.item)
            return pd_app_usage(app, "case second-child", "--item is required (%s)", PD_A19_CHOICES);
        enum pd_a19_item item;
        unsigned docs = 0;
        if (pd_a19_parse(o.item, &item, "item", &err) != PD_OK ||
            pd_a19_docs_parse(o.documents, &docs, "documents", &err) != PD_OK)
            return pd_app_usage(app, "case second-child", "%s", err.msg);
        if (save && !o.date)
            return pd_app_usage(app, "case second-child", "apply: --date is required");
        if ((rc = pd_app_open(app, save ? 0 : PD_DB_READONLY, &db)))
            return rc;
        if (!save) {
            struct pd_a19_facts f;
            struct pd_a19_result r;
            pd_err e = pd_sc_facts(db, pos[0], &f, &err);
            pd_db_close(&db);
            if (e != PD_OK)
                return pd_app_fail(app, &err);
            pd_a19_check(item, &f, docs, &r);
            printf("%s (%s), %s:\n", f.wife.name, pos[0], pd_a19_en(item));
            return print_checks(&r);
        }
        struct pd_sc_apply_opts ao = { pos[0], item, o.date, docs, o.note };
        long long id = 0;
        enum pd_role role;
        pd_err e = case_role(app, db, pd_case_signer(&o.io), &role, &err);
        if (e == PD_OK)
            e = pd_sc_apply(db, &ao, pd_case_signer(&o.io), role, &id, &err);
        if (e != PD_OK) {
            pd_db_close(&db);
            return pd_app_fail(app, &err);
        }
        struct pd_sc_case *c = malloc(sizeof *c);
        struct pd_a19_result r;
        if (c && pd_sc_get(db, id, c, &err) == PD_OK && pd_sc_check_now(db, c, &r, &err) == PD_OK) {
            printf("application %lld saved for %s (%s): %s\n", id, c->name, c->person, pd_a19_en(item));
            print_checks(&r);
        } else {
            printf("application %lld saved\n", id);
        }
        free(c);
        pd_db_close(&db);
        return 0;
    }
    if (strcmp(action, "review") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            return pd_app_usage(app, "case second-child", "review: give one application number");
        if (!o.step || o.approve < 0 || !o.date)
            return pd_app_usage(app, "case second-child", "review: --step, --approve or --refuse, and --date are required");
        unsigned docs = 0;
        if (pd_a19_docs_parse(o.documents, &docs, "documents", &err) != PD_OK)
            return pd_app_usage(app, "case second-child", "%s", err.msg);
        if ((rc = pd_app_open(app, 0, &db)))
            return rc;
        struct pd_sc_review_opts ro = { id, o.step, o.approve == 1, o.date, o.reviewer, o.reason,
                                        o.certificate, docs };
        enum pd_role role;
        pd_err e = case_role(app, db, pd_case_signer(&o.io), &role, &err);
        if (e == PD_OK)
            e = pd_sc_review(db, &ro, pd_case_signer(&o.io), role, &err);
        pd_db_close(&db);
        if (e != PD_OK)
            return pd_app_fail(app, &err);
        if (o.approve && strcmp(o.step, "county") == 0)
            printf("application %lld approved by the county; second-child certificate %s issued\n", id, o.certificate);
        else
            printf("application %lld: %s step %s\n", id, o.step, o.approve ? "approved" : "refused");
        return 0;
    }
    if (strcmp(action, "show") == 0 || strcmp(action, "print") == 0) {
        /* print: the application form to sign and, once approved, the
         * certificate's stub; show: the case as it stands */
        bool form = action[0] == 'p';
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            return pd_app_usage(app, "case second-child", "%s: give one application number", action);
        if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
            return rc;
        struct pd_sc_case *c = malloc(sizeof *c);
        struct pd_a19_result r;
        pd_err e = c ? pd_sc_get(db, id, c, &err) : pd_fail(&err, PD_ENOMEM, NULL, "out of memory");
        if (e == PD_OK)
            e = pd_sc_check_now(db, c, &r, &err);
        pd_db_close(&db);
        struct pd_report *rep = e != PD_OK ? NULL : form ? pd_sc_form_report(c, &r, off, &err)
                                                         : pd_sc_case_report(c, &r, off, &err);
        free(c);
        if (!rep)
            return pd_app_fail(app, &err);
        char name[64];
        snprintf(name, sizeof name, "second-child-%s%lld", form ? "form-" : "", id);
        return pd_case_emit(app, rep, &o.io, name);
    }
    if (strcmp(action, "list") == 0) {
        enum pd_case_state s;
        if (o.state && pd_case_state_parse(o.state, &s, &err) != PD_OK)
            return pd_app_usage(app, "case second-child", "%s (applied, village, town, approved, refused)", err.msg);
        if (npos)
            return pd_app_usage(app, "case second-child", "unexpected argument '%s'", pos[0]);
        if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
            return rc;
        struct pd_report *rep = pd_sc_list_report(db, o.state, off, &err);
        pd_db_close(&db);
        if (!rep)
            return pd_app_fail(app, &err);
        return pd_case_emit(app, rep, &o.io, "second-child-list");
    }
    return pd_app_usage(app, "case second-child", "unknown action '%s' (apply, check, review, show, print, list)", action);
}

/* ---- pregnancy --------------------------------------------------------- */

static int visit_main(struct pd_app *app, int argc, char **argv)
{
    struct copts o;
    bool help;
    int rc = parse(app, "case visit", argc, argv, &o, &help);
    if (rc || help)
        return rc;
    if (argc - optind != 1)
        return pd_app_usage(app, "case visit", "give one person id");
    if (!o.date || !o.week)
        return pd_app_usage(app, "case visit", "--date and --week are required");
    json_t *d = json_pack("{s:s, s:i}", "date", o.date, "week", (int)o.week);
    if (o.findings)
        json_object_set_new(d, "findings", json_string(o.findings));
    if (o.next)
        json_object_set_new(d, "next", json_string(o.next));
    if (o.pregnancy)
        json_object_set_new(d, "pregnancy", json_integer(o.pregnancy));
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_event ev;
    if (pd_event_init(&ev, "woman.pregnancy_visit", NULL, argv[optind], d, &err) != PD_OK)
        return pd_app_fail(app, &err);
    struct pd_db *db;
    if ((rc = pd_app_open(app, 0, &db))) {
        pd_event_done(&ev);
        return rc;
    }
    pd_err e = pd_event_save(db, &ev, pd_case_signer(&o.io), &err);
    pd_db_close(&db);
    if (e == PD_OK)
        printf("visit saved (event %lld) on pregnancy %lld\n", ev.seq,
               (long long)json_integer_value(json_object_get(ev.data, "pregnancy")));
    pd_event_done(&ev);
    return e == PD_OK ? 0 : pd_app_fail(app, &err);
}

static int pregnancy_main(struct pd_app *app, int argc, char **argv)
{
    struct copts o;
    bool help;
    int rc = parse(app, "case pregnancy", argc, argv, &o, &help);
    if (rc || help)
        return rc;
    if (argc - optind != 1)
        return pd_app_usage(app, "case pregnancy", "give one person id");
    struct pd_db *db;
    if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
        return rc;
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_preg_file *f;
    pd_err e = pd_preg_file_load(db, argv[optind], &f, &err);
    pd_db_close(&db);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    char off[400], name[80];
    pd_case_office(app, off, sizeof off);
    struct pd_report *rep = pd_preg_file_report(f, off, &err);
    snprintf(name, sizeof name, "pregnancy-%s", f->person);
    pd_preg_file_free(&f);
    if (!rep)
        return pd_app_fail(app, &err);
    return pd_case_emit(app, rep, &o.io, name);
}

static int overdue_main(struct pd_app *app, int argc, char **argv)
{
    struct copts o;
    bool help;
    int rc = parse(app, "case overdue", argc, argv, &o, &help);
    if (rc || help)
        return rc;
    if (argc - optind != 0)
        return pd_app_usage(app, "case overdue", "unexpected argument '%s'", argv[optind]);
    struct pd_date on = pd_date_today();
    if (o.date)
        pd_date_parse(o.date, &on, "date", NULL);
    struct pd_db *db;
    if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
        return rc;
    struct pd_error err;
    pd_error_clear(&err);
    char off[400];
    pd_case_office(app, off, sizeof off);
    struct pd_report *rep = pd_overdue_report(db, on, off, &err);
    pd_db_close(&db);
    if (!rep)
        return pd_app_fail(app, &err);
    return pd_case_emit(app, rep, &o.io, "overdue");
}

/* ---- fee --------------------------------------------------------------- */

static int fee_main(struct pd_app *app, int argc, char **argv)
{
    struct copts o;
    int rc, npos;
    char **pos;
    if (!start(app, "case fee", "levy, pay, show or list?", argc, argv, &o, &npos, &pos, &rc))
        return rc;
    const char *action = argv[0];
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_db *db;
    char off[400];
    pd_case_office(app, off, sizeof off);
    if (strcmp(action, "levy") == 0) {
        if (npos != 1)
            return pd_app_usage(app, "case fee", "levy: give one person id (the mother)");
        enum pd_fee_kind kind;
        if (!o.kind || pd_fee_kind_parse(o.kind, &kind, &err) != PD_OK)
            return pd_app_usage(app, "case fee", "levy: --kind extra|unmarried is required");
        if (kind == PD_FEE_EXTRA && !o.extra)
            return pd_app_usage(app, "case fee", "levy: --extra N (children beyond policy) is required for --kind extra");
        if (!o.date)
            return pd_app_usage(app, "case fee", "levy: --date (the decision's) is required");
        struct pd_policy policy;
        if (pd_app_load_policy(app, &policy, &err) != PD_OK)
            return pd_app_fail(app, &err);
        if ((rc = pd_app_open(app, 0, &db)))
            return rc;
        struct pd_fee_levy_opts lo = { pos[0], o.father, o.child, o.birth_date, kind, (int)o.extra,
                                       (int)o.multiple, o.date };
        long long id = 0;
        struct pd_fee_result r;
        pd_err e = pd_fee_levy(db, &policy, &lo, pd_case_signer(&o.io), &id, &r, &err);
        pd_db_close(&db);
        if (e != PD_OK)
            return pd_app_fail(app, &err);
        printf("fee case %lld: %s\n", id, r.words);
        return 0;
    }
    if (strcmp(action, "pay") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            return pd_app_usage(app, "case fee", "pay: give one case number");
        if (!o.amount || !o.date)
            return pd_app_usage(app, "case fee", "pay: --amount and --date are required");
        if ((rc = pd_app_open(app, 0, &db)))
            return rc;
        pd_err e = pd_fee_pay(db, id, o.amount, o.date, o.receipt, pd_case_signer(&o.io), &err);
        struct pd_fee_case c;
        if (e == PD_OK)
            e = pd_fee_get(db, id, &c, &err);
        pd_db_close(&db);
        if (e != PD_OK)
            return pd_app_fail(app, &err);
        printf("fee case %lld: paid %ld of %ld yuan, %ld outstanding\n", id, c.paid, c.amount, c.outstanding);
        return 0;
    }
    if (strcmp(action, "show") == 0) {
        long long id;
        if (npos != 1 || !pd_case_number(pos[0], &id))
            return pd_app_usage(app, "case fee", "show: give one case number");
        if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
            return rc;
        struct pd_fee_case c;
        pd_err e = pd_fee_get(db, id, &c, &err);
        pd_db_close(&db);
        struct pd_report *rep = e == PD_OK ? pd_fee_case_report(&c, off, &err) : NULL;
        if (!rep)
            return pd_app_fail(app, &err);
        char name[64];
        snprintf(name, sizeof name, "fee-%lld", id);
        return pd_case_emit(app, rep, &o.io, name);
    }
    if (strcmp(action, "list") == 0) {
        if (npos)
            return pd_app_usage(app, "case fee", "unexpected argument '%s'", pos[0]);
        if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
            return rc;
        struct pd_report *rep = pd_fee_list_report(db, o.open, off, &err);
        pd_db_close(&db);
        if (!rep)
            return pd_app_fail(app, &err);
        return pd_case_emit(app, rep, &o.io, o.open ? "fee-open" : "fee-list");
    }
    return pd_app_usage(app, "case fee", "unknown action '%s' (levy, pay, show, list)", action);
}

/* ---- certificates: the printed stub ---------------------------------------- */

static int cert_main(struct pd_app *app, int argc, char **argv)
{
    struct copts o;
    int rc, npos;
    char **pos;
    if (!start(app, "case certificate", "print?", argc, argv, &o, &npos, &pos, &rc))
        return rc;
    const char *action = argv[0];
    if (strcmp(action, "print") != 0)
        return pd_app_usage(app, "case certificate", "unknown action '%s' (print)", action);
    if (npos != 2)
        return pd_app_usage(app, "case certificate", "print: give the kind (first_child, second_child, "
                            "onechild) and the certificate number");
    const char *kind = pos[0], *number = pos[1];
    if (!pd_cert_kind_zh(kind))
        return pd_app_usage(app, "case certificate", "unknown certificate kind '%s' (first_child, second_child, "
                            "onechild)", kind);
    struct pd_db *db;
    if ((rc = pd_app_open(app, PD_DB_READONLY, &db)))
        return rc;
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_cert_info ci;
    pd_err e = pd_cert_get(db, kind, number, &ci, &err);
    pd_db_close(&db);
    char off[400];
    pd_case_office(app, off, sizeof off);
    struct pd_report *rep = e == PD_OK ? pd_cert_stub_report(&ci, off, &err) : NULL;
    if (!rep)
        return pd_app_fail(app, &err);
    char name[96];
    snprintf(name, sizeof name, "certificate-%s", kind);
    return pd_case_emit(app, rep, &o.io, name);
}

int pd_cmd_case(struct pd_app *app, int argc, char **argv)
{
    if (argc < 2)
        return pd_app_usage(app, "case", "second-child, visit, pregnancy, overdue, fee or certificate?");
    const char *what = argv[1];
    if (strcmp(what, "--help") == 0 || strcmp(what, "-h") == 0) {
        case_help();
        printf("\nservices and other benefits (popdesk case risk|guidance|health|benefit --help):\n");
        pd_cmd_service_help();
        return 0;
    }
    if (strcmp(what, "second-child") == 0)
        return sc_main(app, argc - 2, argv + 2);
    if (strcmp(what, "fee") == 0)
        return fee_main(app, argc - 2, argv + 2);
    if (strcmp(what, "visit") == 0)
        return visit_main(app, argc - 1, argv + 1);
    if (strcmp(what, "pregnancy") == 0)
        return pregnancy_main(app, argc - 1, argv + 1);
    if (strcmp(what, "overdue") == 0)
        return overdue_main(app, argc - 1, argv + 1);
    if (strcmp(what, "certificate") == 0)
        return cert_main(app, argc - 2, argv + 2);
    if (pd_cmd_service_is(what))     /* risk, guidance, health, benefit: cmd_service.c */
        return pd_cmd_service(app, argc - 1, argv + 1);
    return pd_app_usage(app, "case", "unknown case command '%s' (second-child, visit, pregnancy, overdue, fee, certificate)", what);
}
