/* main.c - popdesk's entry: global options, then one subcommand, or the
 * screens when there is none.  Commands live in one table so the help text
 * and the dispatch cannot disagree. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/i18n.h"
#include "app/signin.h"

typedef int (*cmd_fn)(struct pd_app *, int, char **);

static const struct command {
    const char *name;
    cmd_fn fn;
    const char *args;
    const char *summary;
    enum pd_need need;   /* least role (signin.h); refined per sub-action in access_rules */
} commands[] = {
    { "init",   pd_cmd_init,   "--station CODE --admin USER [--password-file F]", "create a register", PD_NEED_NONE },
    { "demo",   pd_cmd_demo,   "[--persons N] [--seed S] [--force]", "build a demo register (a synthetic community)", PD_NEED_NONE },
    { "import", pd_cmd_import, "FILE.csv [--encoding utf-8|gb18030] [--dry-run]", "load households and persons from a CSV", PD_NEED_CLERK },
    { "export", pd_cmd_export, "persons|households|events [--format csv|jsonl] [--output F]", "write the register out", PD_NEED_CLERK },
    { "id",     pd_cmd_id,     "NUMBER...", "check resident ID numbers; say why a bad one is bad", PD_NEED_NONE },
    { "status", pd_cmd_status, "", "register counts, outbox pending/sent/rejected, sent back, last success", PD_NEED_NONE },
    { "audit",  pd_cmd_audit,  "verify", "check the audit log's hash chain; name the first broken row", PD_NEED_NONE },
    { "backup", pd_cmd_backup, "[DIR]", "write a checked copy of the register (safe while in use)", PD_NEED_CLERK },
    { "restore", pd_cmd_restore, "FILE", "replace the register with a backup of the same station", PD_NEED_ADMIN },
    { "sync",   pd_cmd_sync,   "[--loop] [--verbose] [--push-only|--pull-only]", "push the outbox to the district, then pull its updates (cron/systemd: exits 0 when all done)", PD_NEED_NONE },
    { "updates", pd_cmd_updates, "[list [--all]|show ID|answer ID --text T|confirm ID --household CODE|dismiss ID]", "what the district sent back: cross-checks, transfers-in, policy updates, messages", PD_NEED_CLERK },
    { "subsidy", pd_cmd_subsidy, "list|check|decide --programme reward|special|onechild ...",
      "subsidy eligibility, the annual confirmation and its public notice, decisions", PD_NEED_SUPERVISOR },
    { "check",  pd_cmd_check,  "[--format text|csv] [--output F] [--limit N]", "data-quality check of every record; exit 1 when errors exist", PD_NEED_VIEWER },
    { "report", pd_cmd_report, "indicators|births|contraception|monthly|women|migrants [--period P] [--group NN]\n"
      "               [--format text|csv|pdf] [--output F] [--print]", "the statistics reports", PD_NEED_VIEWER },
    { "dashboard", pd_cmd_dashboard, "[--period P] [--group NN] [--format text|csv|pdf] [--print]", "each district target and this register's value", PD_NEED_VIEWER },
    { "spotcheck", pd_cmd_spotcheck, "export --group NN [--period P] | enter FILE",
      "a surveyor's form and the statistics error rate", PD_NEED_CLERK },
    { "case",   pd_cmd_case,   "second-child|certificate|visit|pregnancy|overdue|fee|risk|guidance|health|benefit ...",
      "second-child applications, certificates, pregnancy follow-up, fees, high-risk archives, health services, benefits", PD_NEED_CLERK },
    { "reconcile", pd_cmd_reconcile, "FILE.csv --source police|hospital|civil [--all] | show | decide --key K ...",
      "hold another department's list against the register; record decisions (exit 1: differences)", PD_NEED_CLERK },
    { "user",   pd_cmd_user,   "add|passwd|lock|unlock|list ...", "manage the accounts that sign changes", PD_NEED_ADMIN },
};

/* Sub-actions whose role differs from their command's (signin.h): the rule
 * with the most matching leading words wins.  Reading and printing is a
 * viewer's, entering and correcting a clerk's; decisions, review steps and
 * managing clerks a supervisor's; users, config and restore an admin's.
 * docs/ACCOUNTS.md explains each choice. */
static const struct pd_access_rule access_rules[] = {
    { "subsidy", "list", PD_NEED_VIEWER },
    { "subsidy", "check", PD_NEED_VIEWER },
    { "subsidy", "decide", PD_NEED_SUPERVISOR },
    { "updates", "", PD_NEED_VIEWER },        /* no action: list */
    { "updates", "list", PD_NEED_VIEWER },
    { "updates", "show", PD_NEED_VIEWER },
    { "updates", "answer", PD_NEED_CLERK },
    { "updates", "confirm", PD_NEED_CLERK },
    { "updates", "dismiss", PD_NEED_CLERK },
    { "spotcheck", "export", PD_NEED_VIEWER },
    { "reconcile", "show", PD_NEED_VIEWER },
    { "spotcheck", "enter", PD_NEED_CLERK },
    { "case", "second-child check", PD_NEED_VIEWER },
    { "case", "second-child show", PD_NEED_VIEWER },
    { "case", "second-child list", PD_NEED_VIEWER },
    { "case", "second-child print", PD_NEED_VIEWER },
    /* `case second-child review` keeps the command's clerk: the village
     * review is the community clerk's; the town and county steps need a
     * supervisor, checked per step by the store (pd_sc_may in
     * store/cases.h) for the screens and the command line alike */
    { "case", "pregnancy", PD_NEED_VIEWER },
    { "case", "overdue", PD_NEED_VIEWER },
    { "case", "fee show", PD_NEED_VIEWER },
    { "case", "fee list", PD_NEED_VIEWER },
    { "case", "certificate print", PD_NEED_VIEWER },
    /* the service kinds (cmd_service.c): archive, close, guidance, health
     * record, benefit apply and pay keep the clerk */
    { "case", "risk show", PD_NEED_VIEWER },
    { "case", "risk list", PD_NEED_VIEWER },
    { "case", "risk coverage", PD_NEED_VIEWER },
    { "case", "health list", PD_NEED_VIEWER },
    { "case", "benefit check", PD_NEED_VIEWER },
    { "case", "benefit show", PD_NEED_VIEWER },
    { "case", "benefit list", PD_NEED_VIEWER },
    { "case", "benefit review", PD_NEED_SUPERVISOR },   /* a subsidy decision */
    /* a supervisor manages clerks and viewers (cmd_user.c checks the
     * account's role); anyone changes their own password */
    { "user", "add", PD_NEED_SUPERVISOR },
    { "user", "lock", PD_NEED_SUPERVISOR },
    { "user", "unlock", PD_NEED_SUPERVISOR },
    { "user", "passwd", PD_NEED_VIEWER },
    { "user", "list", PD_NEED_SUPERVISOR },
};
#define NRULES (sizeof access_rules / sizeof access_rules[0])

static bool help_word(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: popdesk [--config FILE] [--db FILE] [--user NAME] [--password-file F]\n"
            "               [COMMAND [ARGS]]\n"
            "\n"
            "popdesk keeps a community's population and family-planning register.\n"
            "With no command it opens the screens.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char role[400];
        pd_access_describe(commands[i].name, commands[i].need, access_rules, NRULES, role, sizeof role);
        fprintf(out, "  %s %s\n        %s\n        role: %s\n", commands[i].name, commands[i].args,
                commands[i].summary, role);
    }
    fprintf(out,
            "\n"
            "options:\n"
            "  --config FILE   read this config file (else $POPDESK_CONFIG,\n"
            "                  $XDG_CONFIG_HOME/popdesk/popdesk.ini, /etc/popdesk/popdesk.ini)\n"
            "  --db FILE       use this register file\n"
            "  --user NAME     sign in as NAME (else $POPDESK_USER, else the login name)\n"
            "  --password-file F  the password, first line of F, a file of yours alone\n"
            "                  (else $POPDESK_PASSWORD_FILE, else asked on the terminal)\n"
            "  --help-config   list every config key\n"
            "  --help-events   describe every change event and its fields (Markdown)\n"
            "  -h, --help      this help;  popdesk COMMAND --help for a command's\n"
            "  -V, --version   print the version\n"
            "\n"
            "A command with a role signs the user in first and runs only for that role\n"
            "or a higher one (viewer < clerk < supervisor < admin); see docs/ACCOUNTS.md.\n"
            "\n"
            "exit status: 0 ok, 1 bad input or refused, 2 usage, 3 config, 4 database, 5 network\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* the command line's messages: English unless the locale asks for
     * Chinese (the screens switch to [ui] language in pd_cmd_tui) */
    pd_i18n_set(pd_i18n_locale_lang());
    struct pd_app app = { .prog = "popdesk" };
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "db", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { "help-config", no_argument, NULL, 'H' },
        { "help-events", no_argument, NULL, 'E' },
        { "version", no_argument, NULL, 'V' },
        { "user", required_argument, NULL, 'u' },
        { "password-file", required_argument, NULL, 'p' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    /* '+' stops at the first non-option: the command's own options follow. */
    while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
        switch (c) {
        case 'c': app.config_path = optarg; break;
        case 'd': app.db_override = optarg; break;
        case 'u': app.user_opt = optarg; break;
        case 'p': app.password_file = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'H': pd_config_describe(stdout); return 0;
        case 'E': pd_describe_events(stdout); return 0;
        case 'V': printf("popdesk %s\n", POPDESK_VERSION); return 0;
        default:
            fprintf(stderr, "Try 'popdesk --help'.\n");
            return 2;
        }
    }
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_config_load(&app.cfg, app.config_path, &err) != PD_OK)
        return pd_app_fail(&app, &err);

    if (optind >= argc)
        return pd_cmd_tui(&app, 0, NULL);
    const char *name = argv[optind];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0) {
            int idx = optind;
            char label[160];
            enum pd_need need = pd_access_need(commands[i].need, access_rules, NRULES, argc - idx,
                                               argv + idx, label, sizeof label);
            /* restore onto a machine with no register yet (the old PC died):
             * there is nobody to sign in and nothing here to protect */
            if (commands[i].fn == pd_cmd_restore && access(pd_app_db_path(&app), F_OK) != 0)
                need = PD_NEED_NONE;
            /* the first account of a register that has none is the only
             * unsigned user add (cmd_user.c allows it only as an admin) */
            bool bootstrap = commands[i].fn == pd_cmd_user && argc - idx > 1 &&
                             strcmp(argv[idx + 1], "add") == 0;
            if (need != PD_NEED_NONE && !help_word(argc - idx, argv + idx)) {
                int rc = pd_app_signin(&app, need, label, bootstrap);
                if (rc)
                    return rc;
            }
            optind = 0;   /* glibc: restart getopt for the command's own options */
            return commands[i].fn(&app, argc - idx, argv + idx);
        }
    fprintf(stderr, "popdesk: unknown command '%s'\nTry 'popdesk --help'.\n", name);
    return 2;
}
