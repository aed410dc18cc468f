/* statsui.c - the period and group of the statistics screens (see
 * statsui.h).  The periods themselves are core/indicators.c's
 * (pd_period_of_kind, pd_period_shift, pd_period_parse): here only which
 * key does what and the line the user types. */
#include "screens/statsui.h"

#include <stdio.h>
#include <string.h>

#include "core/policy.h"
#include "core/text.h"
#include "store/db.h"

const enum pd_action pd_statsel_actions[5] = { ACT_PERIOD, ACT_PERIOD_PREV, ACT_PERIOD_NEXT,
                                               ACT_DATES, ACT_GROUP };

static const enum pd_action typing_keys[] = { ACT_OPEN, ACT_BACK };

static struct pd_statyear statyear_of(struct pd_ui *ui)
{
    const struct pd_policy *pol = pd_ui_policy(ui);
    struct pd_statyear sy = pol ? (struct pd_statyear){ pol->year_start_month, pol->year_start_day }
                                : PD_STATYEAR_DEFAULT;
    if (pd_statyear_check(sy, NULL) != PD_OK)
        sy = PD_STATYEAR_DEFAULT;
    return sy;
}

void pd_statsel_init(struct pd_statsel *sel, struct pd_ui *ui, enum pd_stats_report kind)
{
    memset(sel, 0, sizeof *sel);
    sel->today = pd_db_today(ui->db);
    sel->q.statyear = statyear_of(ui);
    pd_stats_report_default_period(kind, sel->today, sel->q.statyear, &sel->q.period);
    const struct pd_config *c = &ui->app->cfg;
    snprintf(sel->place, sizeof sel->place, "%s%s%s%s%s", c->district_name,
             c->district_name[0] && c->township[0] ? " " : "", c->township,
             (c->district_name[0] || c->township[0]) && c->station_name[0] ? " " : "",
             c->station_name);
}

void pd_statsel_info(struct pd_statsel *sel, struct pd_ui *ui, struct pd_stats_report_info *info)
{
    const struct pd_policy *pol = pd_ui_policy(ui);
    info->place = sel->place;
    info->targets = pol ? &pol->targets : NULL;
    info->today = sel->today;
}

static enum pd_str kind_word(enum pd_period_kind k)
{
    switch (k) {
    case PD_PERIOD_STATYEAR: return S_PK_STATYEAR;
    case PD_PERIOD_YEAR:     return S_PK_YEAR;
    case PD_PERIOD_MONTH:    return S_PK_MONTH;
    default:                 return S_PK_RANGE;
    }
}

void pd_statsel_line(const struct pd_statsel *sel, char *buf, size_t size)
{
    char period[160], group[40];
    pd_period_describe(&sel->q.period, period, sizeof period);
    if (sel->q.group[0])
        pd_trf(group, sizeof group, S_GROUP_N, sel->q.group);
    else
        pd_strlcpy(group, pd_tr(S_F_ALL), sizeof group);
    snprintf(buf, size, "%s: %s [%s]  %s: %s%s%s", pd_tr(S_PERIOD), period,
             pd_tr(kind_word(sel->q.period.kind)), pd_tr(S_GROUP), group,
             pd_date_cmp(sel->q.period.to, sel->today) > 0 ? "  " : "",
             pd_date_cmp(sel->q.period.to, sel->today) > 0 ? pd_tr(S_PERIOD_OPEN) : "");
}

static void start_typing(struct pd_statsel *sel, struct pd_screen *s, enum pd_statsel_ask what)
{
    char t[64];
    if (what == PD_ASK_DATES) {
        char a[PD_DATE_STRLEN], b[PD_DATE_STRLEN];
        pd_date_format(sel->q.period.from, a);
        pd_date_format(sel->q.period.to, b);
        snprintf(t, sizeof t, "%s..%s", a, b);
    } else {
        pd_strlcpy(t, sel->q.group, sizeof t);
    }
    sel->asking = what;
    pd_prompt_start(&sel->line, s, what, what == PD_ASK_DATES ? S_ASK_DATES : S_ASK_GROUP, t, typing_keys,
                    (int)(sizeof typing_keys / sizeof typing_keys[0]));
}

/* Enter on the typed line: the dates or the group, checked. */
static bool accept(struct pd_statsel *sel, struct pd_ui *ui)
{
    struct pd_error err;
    pd_error_clear(&err);
    char text[128];
    pd_strlcpy(text, sel->line.ed.buf, sizeof text);
    pd_text_normalise(text);
    if (sel->asking == PD_ASK_GROUP) {
        if (!text[0]) {
            sel->q.group[0] = '\0';
            return true;
        }
        if (strlen(text) == 1 && text[0] >= '1' && text[0] <= '9') {
            /* "3" is group 03, as a clerk would say it */
            text[2] = '\0';
            text[1] = text[0];
            text[0] = '0';
        }
        if (pd_stats_group_check(text, &err) != PD_OK) {
            pd_ui_say(ui, true, "%s", pd_tr(S_GROUP_BAD));
            return false;
        }
        /* a group the register lacks would show a dashboard of zeros as
         * if it were real: refuse it (a database error says itself) */
        if (pd_stats_group_known(ui->db, text, &err) != PD_OK) {
            if (err.code == PD_ENOTFOUND) {
                char m[160];
                pd_trf(m, sizeof m, S_GROUP_UNKNOWN, text);
                pd_ui_say(ui, true, "%s", m);
            } else {
                pd_ui_say(ui, true, "%s", err.msg);
            }
            return false;
        }
        pd_strlcpy(sel->q.group, text, sizeof sel->q.group);
        return true;
    }
    struct pd_period p;
    if (pd_period_parse(text, sel->q.statyear, &p, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", pd_tr(S_DATES_BAD));
        return false;
    }
    sel->q.period = p;
    return true;
}

bool pd_statsel_key(struct pd_statsel *sel, struct pd_screen *s, struct pd_ui *ui,
                    const struct pd_key *k, bool *changed, enum pd_reaction *r)
{
    *changed = false;
    *r = PD_R_DRAW;
    if (sel->asking) {
        if (pd_prompt_key(&sel->line, s, ui, k) == PD_PROMPT_DONE && accept(sel, ui)) {
            pd_prompt_stop(&sel->line, s);
            ui->status[0] = '\0';
            *changed = true;
        }
        if (!sel->line.on)
            sel->asking = PD_ASK_NONE;
        return true;
    }
    enum pd_action a = pd_key_action(k, pd_statsel_actions, 5);
    switch (a) {
    case ACT_PERIOD: {
        /* statistics year -> calendar year -> month -> custom dates -> ... */
        enum pd_period_kind next = (enum pd_period_kind)((sel->q.period.kind + 1) % 4);
        struct pd_date anchor = pd_date_cmp(sel->q.period.to, sel->today) > 0 ? sel->today : sel->q.period.to;
        pd_period_of_kind(next, anchor, sel->q.statyear, &sel->q.period);
        ui->status[0] = '\0';
        *changed = true;
        if (next == PD_PERIOD_RANGE)
            start_typing(sel, s, PD_ASK_DATES);
        return true;
    }
    case ACT_PERIOD_PREV: case ACT_PERIOD_NEXT: {
        struct pd_period p;
        pd_period_shift(&sel->q.period, a == ACT_PERIOD_NEXT ? 1 : -1, sel->q.statyear, &p);
        if (p.from.y < 1949 || p.to.y > 2100)
            return true;
        sel->q.period = p;
        ui->status[0] = '\0';
        *changed = true;
        return true;
    }
    case ACT_DATES:
        start_typing(sel, s, PD_ASK_DATES);
        return true;
    case ACT_GROUP:
        start_typing(sel, s, PD_ASK_GROUP);
        return true;
    default:
        return false;
    }
}

void pd_statsel_draw_prompt(struct pd_statsel *sel, struct pd_ui *ui, int y)
{
    pd_prompt_draw(&sel->line, ui, y);
}
