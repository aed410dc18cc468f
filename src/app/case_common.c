/* case_common.c - the options and output the `popdesk case` commands share
 * (see case_common.h), in one place so both commands take them alike. */
#include "app/case_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "report/print.h"

int pd_case_out_opt(struct pd_app *app, const char *cmd, int c, const char *arg, struct pd_case_out *o)
{
    struct pd_error err;
    long n;
    switch (c) {
    case 'u':
        /* main.c signed someone in (signin.h): nobody signs as another */
        if (app->signed_in && strcmp(arg, app->user) != 0)
            return pd_app_usage(app, cmd, "--user %s is not the signed-in user %s; sign in as %s "
                                "before the command: popdesk --user %s case ...", arg, app->user, arg, arg);
        o->user = arg;
        return 0;
    case 'o': o->out = arg; return 0;
    case 'P': o->print = true; return 0;
    case 'l':
        if (!pd_case_long(arg, 10, 500, &n))
            return pd_app_usage(app, cmd, "--page-lines must be from 10 to 500");
        o->page_lines = (int)n;
        return 0;
    case 'T':
        if (pd_report_format_parse(arg, &o->fmt, &err) != PD_OK)
            return pd_app_usage(app, cmd, "%s", err.msg);
        return 0;
    case 'E':
        if (strcmp(arg, "utf-8") != 0 && strcmp(arg, "gb18030") != 0)
            return pd_app_usage(app, cmd, "--encoding must be utf-8 or gb18030, not '%s'", arg);
        o->enc = arg;
        return 0;
    default:
        return pd_app_usage(app, cmd, "bad option");
    }
}

int pd_case_parse(struct pd_app *app, const char *cmd, int argc, char **argv,
                  const struct pd_case_opt *tab, int n, void *o, struct pd_case_out *io,
                  void (*help_fn)(void), bool *help)
{
    static const struct option common[] = {
        PD_CASE_OUT_OPTIONS, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
    };
    enum { FIRST = 1000 };   /* table options' getopt values: above any letter */
    struct option opts[PD_CASE_OPTS_MAX + sizeof common / sizeof common[0]];
    for (int i = 0; i < n; i++)
        opts[i] = (struct option){ tab[i].name, tab[i].kind == PD_CASE_TEXT || tab[i].kind == PD_CASE_LONG
                                                    ? required_argument : no_argument, NULL, FIRST + i };
    memcpy(opts + n, common, sizeof common);
    *help = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            *help = true;
            help_fn();
            return 0;
        }
        if (c < FIRST || c >= FIRST + n) {
            int rc = pd_case_out_opt(app, cmd, c, optarg, io);
            if (rc != 0)
                return rc;
            continue;
        }
        const struct pd_case_opt *t = &tab[c - FIRST];
        char *field = (char *)o + t->off;
        switch (t->kind) {
        case PD_CASE_TEXT: *(const char **)(void *)field = optarg; break;
        case PD_CASE_TRUE: *(bool *)(void *)field = true; break;
        case PD_CASE_SET:  *(int *)(void *)field = (int)t->lo; break;
        case PD_CASE_LONG:
            if (!pd_case_long(optarg, t->lo, t->hi, (long *)(void *)field))
                return pd_app_usage(app, cmd, "--%s '%s' must be %s", t->name, optarg, t->must);
            break;
        }
    }
    return 0;
}

bool pd_case_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool pd_case_number(const char *s, long long *id)
{
    long v;
    if (!pd_case_long(s, 1, 2000000000, &v))
        return false;
    *id = v;
    return true;
}

bool pd_case_date_ok(const char *s)
{
    struct pd_date d;
    return s && strlen(s) == 10 && pd_date_parse(s, &d, "date", NULL) == PD_OK && pd_date_valid(d);
}

const char *pd_case_signer(const struct pd_case_out *o)
{
    return o->user && *o->user ? o->user : pd_app_user();
}

void pd_case_office(const struct pd_app *app, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", app->cfg.district_name, app->cfg.township, app->cfg.station_name);
}

int pd_case_emit(struct pd_app *app, struct pd_report *rep, const struct pd_case_out *o, const char *defname)
{
    struct pd_error err;
    pd_error_clear(&err);
    const char *out = o->out;
    char name[160];
    if (!out && (o->fmt == PD_FMT_PDF || o->print)) {
        snprintf(name, sizeof name, "%s.%s", defname,
                 o->fmt == PD_FMT_PDF ? "pdf" : o->fmt == PD_FMT_CSV ? "csv" : "txt");
        out = name;
    }
    if (o->print && strcmp(out, "-") == 0) {
        pd_report_free(&rep);
        return pd_app_usage(app, "case", "--print needs a file (--output FILE), not standard output");
    }
    const char *enc = o->enc ? o->enc : o->fmt == PD_FMT_TEXT ? app->cfg.print_encoding : "utf-8";
    struct pd_report_opts ro = { enc, o->page_lines };
    pd_err e = pd_report_write_file(rep, o->fmt, out ? out : "-", &ro, &err);
    pd_report_free(&rep);
    if (e != PD_OK)
        return pd_app_fail(app, &err);
    if (out && strcmp(out, "-") != 0)
        printf("wrote %s\n", out);
    if (o->print) {
        char job[256] = "";
        struct pd_print_opts po = {
            .printer = app->cfg.printer, .title = defname,
            .raw = o->fmt == PD_FMT_TEXT && strcmp(enc, "gb18030") == 0,
        };
        if (pd_print_file(out, &po, job, sizeof job, &err) != PD_OK)
            return pd_app_fail(app, &err);
        printf("sent to %s: %s\n", app->cfg.printer[0] ? app->cfg.printer : "the default printer", job);
    }
    return 0;
}

int pd_case_check_dates(struct pd_app *app, const char *cmd, const char *const dates[],
                        const char *const names[], int n)
{
    for (int i = 0; i < n; i++)
        if (dates[i] && !pd_case_date_ok(dates[i]))
            return pd_app_usage(app, cmd, "%s '%s' is not a date YYYY-MM-DD", names[i], dates[i]);
    return 0;
}
