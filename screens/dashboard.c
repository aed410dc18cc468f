/* dashboard.c - the target dashboard: every district target of the policy
 * file beside this register's value for a period and group, met / missed /
 * no data, with the numerator and denominator it was made of; the sex ratio
 * at birth flagged outside its normal range (103-107).
 *
 * Counting is store/stats.c's (pd_stats_count: index ranges, well under a
 * second at a million persons), the figures core/indicators.c's; the same
 * figures `popdesk dashboard` prints. */
#include "screens/statsui.h"

#include <stdio.h>
#include <string.h>

#include "core/indicators.h"
#include "core/policy.h"
#include "core/text.h"

struct dash {
    struct pd_statsel sel;
    struct pd_counts c;
    struct pd_indicator ind[PD_IND__COUNT];
    bool have;
    bool targets;        /* a policy file gave targets */
};

static const enum pd_action keys[] = { ACT_PERIOD, ACT_PERIOD_PREV, ACT_PERIOD_NEXT, ACT_DATES,
                                       ACT_GROUP, ACT_BACK };

static void count(struct pd_screen *s, struct pd_ui *ui)
{
    struct dash *D = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    D->have = false;
    if (pd_stats_count(ui->db, &D->sel.q, &D->c, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return;
    }
    const struct pd_policy *pol = pd_ui_policy(ui);
    D->targets = pol != NULL;
    if (!pol)
        pd_ui_say(ui, true, "%s", ui->policy_err);
    pd_indicators_compute(&D->c, pol ? &pol->targets : NULL, D->ind);
    D->have = true;
}

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    count(s, ui);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    (void)s;
    (void)ui;
}

static void num_text(double v, char *buf, size_t size)
{
    if (v == (double)(long long)v)
        snprintf(buf, size, "%lld", (long long)v);
    else
        snprintf(buf, size, "%.1f", v);
}

/* What the figure was made of, as the printed dashboard says it. */
static void basis_text(const struct dash *D, int i, char *buf, size_t size)
{
    const struct pd_indicator *x = &D->ind[i];
    if (x->def->unit == PD_UNIT_COUNT) {
        char n[32];
        num_text(x->num, n, sizeof n);
        snprintf(buf, size, "%s%s%s", n, i == PD_IND_BIRTHS ? "  " : "",
                 i == PD_IND_BIRTHS ? pd_tr(S_DISTRICT_TOTAL) : "");
    } else if (!x->defined && i == PD_IND_MANAGEMENT && !D->c.have_quality) {
        pd_strlcpy(buf, pd_tr(S_NOT_CHECKED), size);
    } else if (!x->defined && i == PD_IND_STAT_ERROR && !D->c.have_spotcheck) {
        pd_strlcpy(buf, pd_tr(S_NO_SPOT), size);
    } else {
        char n[32], d[32];
        num_text(x->num, n, sizeof n);
        num_text(x->den, d, sizeof d);
        snprintf(buf, size, "%s / %s", n, d);
    }
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct dash *D = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char line[600];
    pd_statsel_line(&D->sel, line, sizeof line);
    pd_put(y, x, w, line, R_HEADER);
    if (!D->have) {
        pd_statsel_draw_prompt(&D->sel, ui, ui->top + ui->height - 1);
        return;
    }
    /* wider terminals give the names and the basis the room */
    int cn = w >= 118 ? 44 : w >= 98 ? 34 : 26, ct = 9, cv = 10, cs = w >= 98 ? 16 : 12;
    int cb = w - cn - ct - cv - cs - 4;
    int cx = x;
    cx += pd_put(y + 1, cx, cn, pd_tr(S_IND), R_HEADER) + 1;
    cx += pd_put_right(y + 1, cx, ct, pd_tr(S_TARGET), R_HEADER) + 1;
    cx += pd_put_right(y + 1, cx, cv, pd_tr(S_VALUE), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, cs, pd_tr(S_STATUS), R_HEADER) + 1;
    pd_put(y + 1, cx, cb, pd_tr(S_BASIS), R_HEADER);
    const char *lang = pd_i18n_lang();
    int ry = y + 2;
    for (int i = 0; i < PD_IND__COUNT && ry < ui->top + ui->height - 1; i++, ry++) {
        const struct pd_indicator *ind = &D->ind[i];
        char name[200], v[32], t[32], st[80], basis[160];
        snprintf(name, sizeof name, "%s%s", pd_i18n_en() ? ind->def->en : ind->def->zh,
                 ind->def->is_default ? " *" : "");
        pd_indicator_value_text(ind, v, sizeof v);
        pd_indicator_target_text(ind, t, sizeof t);
        enum pd_role_id role = R_NORMAL;
        const char *word = pd_indicator_status_text(ind, lang);
        if (ind->status == PD_IND_MET) {
            role = R_GOOD;
        } else if (ind->status == PD_IND_MISSED) {
            role = R_ERROR;
        } else if (ind->status == PD_IND_NA) {
            role = R_DIM;
        }
        /* the sex ratio's flag is in the word itself ("！超出范围"), so it
         * fits the status column at 80 columns */
        snprintf(st, sizeof st, "%s", word[0] ? word : "-");
        basis_text(D, i, basis, sizeof basis);
        cx = x;
        cx += pd_put(ry, cx, cn, name, R_NORMAL) + 1;
        cx += pd_put_right(ry, cx, ct, t, R_NORMAL) + 1;
        cx += pd_put_right(ry, cx, cv, v, role == R_ERROR ? R_ERROR : R_NORMAL) + 1;
        cx += pd_put(ry, cx, cs, st, role) + 1;
        pd_put(ry, cx, cb, basis, R_NORMAL);
    }
    /* the notes under the table, as many as fit */
    ry++;
    int last = ui->top + ui->height - (D->sel.asking ? 2 : 1);
    if (ry <= last)
        pd_put(ry++, x, w, pd_tr(S_DEFAULT_MARK), R_DIM);
    if (ry <= last && !D->targets)
        pd_put(ry++, x, w, ui->policy_err, R_WARN);
    if (ry <= last && D->c.have_quality) {
        /* "2012-11-20 10:00", as the data-quality screen writes the time */
        char q[200], at[40];
        pd_strlcpy(at, D->c.quality_at, sizeof at);
        if (strlen(at) >= 16)
            at[10] = ' ', at[16] = '\0';
        snprintf(q, sizeof q, "%s: %s", pd_tr(S_QUALITY), at);
        pd_put(ry++, x, w, q, R_DIM);
    }
    pd_statsel_draw_prompt(&D->sel, ui, ui->top + ui->height - 1);
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct dash *D = s->st;
    bool changed;
    enum pd_reaction r;
    if (pd_statsel_key(&D->sel, s, ui, k, &changed, &r)) {
        if (changed)
            count(s, ui);
        return r;
    }
    static const enum pd_action acts[] = { ACT_BACK };
    if (pd_key_action(k, acts, 1) == ACT_BACK)
        return PD_R_POP;
    return PD_R_NONE;
}

static const struct pd_screen_ops ops = { "dashboard", enter, key, layout, draw, NULL };

struct pd_screen *pd_scr_dashboard(struct pd_ui *ui)
{
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct dash));
    if (!s)
        return NULL;
    struct dash *D = s->st;
    pd_statsel_init(&D->sel, ui, PD_SR_DASHBOARD);
    pd_strlcpy(s->title, pd_tr(S_DASHBOARD), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_DASHBOARD;
    return s;
}
