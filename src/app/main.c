/* main.c - popdesk's entry: global options, then one subcommand, or the
 * screens when there is none.  Commands live in one table so the help text
 * and the dispatch cannot disagree. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

typedef int (*cmd_fn)(struct pd_app *, int, char **);

static const struct command {
    const char *name;
    cmd_fn fn;
    const char *args;
    const char *summary;
} commands[] = {
    { "init",   pd_cmd_init,   "--station CODE --admin USER [--password-file F]", "create a register" },
    { "demo",   pd_cmd_demo,   "[--persons N] [--seed S] [--force]", "build a demo register (a synthetic community)" },
    { "import", pd_cmd_import, "FILE.csv [--encoding utf-8|gb18030] [--dry-run]", "load households and persons from a CSV" },
    { "export", pd_cmd_export, "persons|households|events [--format csv|jsonl] [--output F]", "write the register out" },
    { "id",     pd_cmd_id,     "NUMBER...", "check resident ID numbers; say why a bad one is bad" },
    { "status", pd_cmd_status, "", "register counts, outbox pending/sent/rejected, last sync" },
    { "audit",  pd_cmd_audit,  "verify", "check the audit log's hash chain; name the first broken row" },
    { "backup", pd_cmd_backup, "[DIR]", "write a checked copy of the register (safe while in use)" },
    { "restore", pd_cmd_restore, "FILE", "replace the register with a backup of the same station" },
    { "sync",   pd_cmd_sync,   "[--loop] [--verbose] [--push-only|--pull-only]", "push the outbox to the district, then pull its updates (cron/systemd: exits 0 when all done)" },
    { "updates", pd_cmd_updates, "[list [--all]|show ID|answer ID --text T|confirm ID --household CODE|dismiss ID]", "what the district sent back: cross-checks, transfers-in, policy updates, messages" },
    { "subsidy", pd_cmd_subsidy, "list|check|decide --programme reward|special|onechild ...",
      "subsidy eligibility, the annual confirmation and its public notice, decisions" },
    { "check",  pd_cmd_check,  "[--format text|csv] [--output F] [--limit N]", "data-quality check of every record; exit 1 when errors exist" },
    { "report", pd_cmd_report, "indicators|births|contraception|monthly|women|migrants [--period P] [--group NN]\n"
      "               [--format text|csv|pdf] [--output F] [--print]", "the statistics reports" },
    { "dashboard", pd_cmd_dashboard, "[--period P] [--group NN]", "each district target and this register's value" },
    { "spotcheck", pd_cmd_spotcheck, "export --group NN [--period P] | enter FILE",
      "a surveyor's form and the statistics error rate" },
    { "case",   pd_cmd_case,   "second-child|visit|pregnancy|overdue|fee ...", "second-child applications, pregnancy follow-up, social maintenance fee" },
    { "user",   pd_cmd_user,   "add|passwd|lock|unlock|list ...", "manage the accounts that sign changes" },
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: popdesk [--config FILE] [--db FILE] [COMMAND [ARGS]]\n"
            "\n"
            "popdesk keeps a community's population and family-planning register.\n"
            "With no command it opens the screens.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %s %s\n        %s\n", commands[i].name, commands[i].args,
                commands[i].summary);
    fprintf(out,
            "\n"
            "options:\n"
            "  --config FILE   read this config file (else $POPDESK_CONFIG,\n"
            "                  $XDG_CONFIG_HOME/popdesk/popdesk.ini, /etc/popdesk/popdesk.ini)\n"
            "  --db FILE       use this register file\n"
            "  --help-config   list every config key\n"
            "  --help-events   describe every change event and its fields (Markdown)\n"
            "  -h, --help      this help;  popdesk COMMAND --help for a command's\n"
            "  -V, --version   print the version\n"
            "\n"
            "exit status: 0 ok, 1 bad input or refused, 2 usage, 3 config, 4 database, 5 network\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    struct pd_app app = { .prog = "popdesk" };
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "db", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { "help-config", no_argument, NULL, 'H' },
        { "help-events", no_argument, NULL, 'E' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    /* '+' stops at the first non-option: the command's own options follow. */
    while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
        switch (c) {
        case 'c': app.config_path = optarg; break;
        case 'd': app.db_override = optarg; break;
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
            optind = 0;   /* glibc: restart getopt for the command's own options */
            return commands[i].fn(&app, argc - idx, argv + idx);
        }
    fprintf(stderr, "popdesk: unknown command '%s'\nTry 'popdesk --help'.\n", name);
    return 2;
}
