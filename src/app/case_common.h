/* case_common.h - what the `popdesk case` commands (cmd_case.c,
 * cmd_service.c) share: the signer and output options, their parsing, the
 * number and date checks, and writing (and printing) a finished report. */
#ifndef PD_APP_CASE_COMMON_H
#define PD_APP_CASE_COMMON_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "report/table.h"

/* The options every `popdesk case` action takes (strings point into argv). */
struct pd_case_out {
    const char *user, *out, *enc;
    enum pd_report_format fmt;
    bool print;
    int page_lines;
};

/* Their getopt_long entries, for the end of a command's option table. */
#define PD_CASE_OUT_OPTIONS \
    { "user", required_argument, NULL, 'u' }, { "format", required_argument, NULL, 'T' }, \
    { "output", required_argument, NULL, 'o' }, { "print", no_argument, NULL, 'P' }, \
    { "encoding", required_argument, NULL, 'E' }, { "page-lines", required_argument, NULL, 'l' }

/* One option of a `popdesk case` command for pd_case_parse: where its
 * value goes in the command's own options struct and how it is checked. */
enum pd_case_opt_kind {
    PD_CASE_TEXT,    /* const char * at off: the argument as given */
    PD_CASE_TRUE,    /* bool at off: set true */
    PD_CASE_SET,     /* int at off: set to lo (--approve 1, --refuse 0) */
    PD_CASE_LONG,    /* long at off: a whole number from lo to hi, else
                      * "--NAME 'ARG' must be MUST" */
};
struct pd_case_opt {
    const char *name;
    enum pd_case_opt_kind kind;
    size_t off;
    long lo, hi;
    const char *must;
};
#define PD_CASE_OPTS_MAX 48
#define PD_CASE_TABLE_FITS(tab) \
    _Static_assert(sizeof(tab) / sizeof((tab)[0]) <= PD_CASE_OPTS_MAX, #tab " has too many options")

/* Parses argv (getopt_long, from argv[0]) with the command's n options
 * (at most PD_CASE_OPTS_MAX: PD_CASE_TABLE_FITS checks a table when it is
 * compiled) into the struct at o, PD_CASE_OUT_OPTIONS
 * into *io, and --help (help_fn() called, *help set).  The struct is not
 * cleared: the caller sets its defaults first.  Returns 0, or the usage
 * exit status (a bad value names the option; an unknown option). */
int pd_case_parse(struct pd_app *app, const char *cmd, int argc, char **argv,
                  const struct pd_case_opt *tab, int n, void *o, struct pd_case_out *io,
                  void (*help_fn)(void), bool *help);

/* Takes option c (argument arg), one of PD_CASE_OUT_OPTIONS or none a
 * command knows: 0 taken, else the usage exit status (a bad value, or a
 * bad option). */
int pd_case_out_opt(struct pd_app *app, const char *cmd, int c, const char *arg, struct pd_case_out *o);

/* s as a whole number from lo to hi. */
bool pd_case_long(const char *s, long lo, long hi, long *out);
/* s as a case number (1 and up). */
bool pd_case_number(const char *s, long long *id);
/* s is a real date written YYYY-MM-DD. */
bool pd_case_date_ok(const char *s);

/* 0 when every given dates[i] (NULL: not given) is a date, else the usage
 * exit status naming the option names[i]. */
int pd_case_check_dates(struct pd_app *app, const char *cmd, const char *const dates[],
                        const char *const names[], int n);

/* Who signs: --user, else $POPDESK_USER, else the login name. */
const char *pd_case_signer(const struct pd_case_out *o);
/* The office heading of the forms: district, township and station. */
void pd_case_office(const struct pd_app *app, char *buf, size_t size);
/* Writes (and with --print prints) a finished report, named defname.<ext>
 * when no --output names it; frees it.  Returns the exit status. */
int pd_case_emit(struct pd_app *app, struct pd_report *rep, const struct pd_case_out *o, const char *defname);

#endif
