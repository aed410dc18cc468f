/* reports.c - the statistics reports on screen: a menu of the six reports,
 * and one report as the text `popdesk report` prints, to scroll (up/down,
 * pages, sideways for wide rosters), made for another period or group,
 * printed (a PDF sent through report/print.h: the file is kept) or
 * exported (CSV), both into the printouts folder beside the register
 * (pd_printout, screens/common.h).
 *
 * The report is built once by report/stats_report.c (the same builder as
 * the command line) and shown line by line with pd_report_text_line(), so
 * the screen and the printout cannot differ.  A long roster keeps its rows
 * in the report's temporary file, not in memory. */
#include "screens/statsui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ---- the menu -------------------------------------------------------------- */

static const struct { enum pd_stats_report kind; enum pd_str word; } menu_items[] = {
    { PD_SR_INDICATORS, S_REP_INDICATORS }, { PD_SR_BIRTHS, S_REP_BIRTHS },
    { PD_SR_CONTRACEPTION, S_REP_CONTRA }, { PD_SR_MONTHLY, S_REP_MONTHLY },
    { PD_SR_WOMEN, S_REP_WOMEN }, { PD_SR_MIGRANTS, S_REP_MIGRANTS },
};
#define NITEMS ((int)(sizeof menu_items / sizeof menu_items[0]))

struct menu {
    struct pd_list list;
};

static const enum pd_action menu_keys[] = { ACT_OPEN, ACT_BACK };

static void menu_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct menu *M = s->st;
    (void)ui;
    M->list.n = NITEMS;
    pd_list_fix(&M->list);
}

static void menu_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct menu *M = s->st;
    pd_list_show(&M->list, ui->height - 2);
}

static void menu_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct menu *M = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    pd_put(y, x, w, pd_tr(S_REPORTS), R_HEADER);
    for (int i = 0; i < NITEMS && i < M->list.rows; i++) {
        char line[300];
        snprintf(line, sizeof line, " %d  %-14s %s", i + 1, pd_stats_report_name(menu_items[i].kind),
                 pd_tr(menu_items[i].word));
        enum pd_role_id role = i == M->list.sel ? R_SELECTED : R_NORMAL;
        pd_fill(y + 2 + i, x, w, role);
        pd_put(y + 2 + i, x, w, line, role);
    }
}

static struct pd_screen *report_screen(struct pd_ui *ui, enum pd_stats_report kind);

static enum pd_reaction menu_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct menu *M = s->st;
    if (k->type == PD_KEY_CHAR && k->ch >= '1' && k->ch < '1' + NITEMS) {
        M->list.sel = (int)(k->ch - '1');
        return pd_ui_push(ui, report_screen(ui, menu_items[M->list.sel].kind));
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: return pd_ui_push(ui, report_screen(ui, menu_items[M->list.sel].kind));
    default: return pd_list_move(&M->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops menu_ops = { "reports", menu_enter, menu_key, menu_layout,
                                               menu_draw, NULL };

struct pd_screen *pd_scr_reports(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&menu_ops, sizeof(struct menu));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_REPORTS), sizeof s->title);
    PD_SCREEN_KEYS(s, menu_keys);
    s->help = S_HELP_REPORTS;
    return s;
}

/* ---- one report ------------------------------------------------------------ */

struct view {
    enum pd_stats_report kind;
    struct pd_statsel sel;
    struct pd_report *rep;
    bool built;
    int nlines;
    int first;           /* first line shown */
    int hx;              /* columns scrolled sideways */
    int rows;            /* lines shown */
    int width;           /* the widest line: the table's width or a longer heading */
};

static const enum pd_action view_keys[] = { ACT_PRINT, ACT_EXPORT, ACT_PERIOD, ACT_PERIOD_PREV,
                                            ACT_PERIOD_NEXT, ACT_DATES, ACT_GROUP, ACT_BACK };

static void build(struct pd_screen *s, struct pd_ui *ui)
{
    struct view *V = s->st;
    pd_report_free(&V->rep);
    V->built = false;
    V->nlines = 0;
    V->first = V->hx = 0;
    struct pd_stats_report_info info;
    pd_statsel_info(&V->sel, ui, &info);
    struct pd_error err;
    pd_error_clear(&err);
    V->rep = pd_stats_report_build(ui->db, V->kind, &V->sel.q, &info, &err);
    if (!V->rep) {
        pd_ui_say(ui, true, "%s", err.msg);
        return;
    }
    V->nlines = pd_report_text_lines(V->rep);
    V->width = pd_report_width(V->rep);
    for (int i = 0; i < V->rep->nhead; i++) {
        int hw = pd_text_width(V->rep->head[i]);
        if (hw > V->width)
            V->width = hw;
    }
    for (int i = 0; i < V->rep->nfoot; i++) {
        int fw = pd_text_width(V->rep->foot[i]);
        if (fw > V->width)
            V->width = fw;
    }
    V->built = true;
}

static void view_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct view *V = s->st;
    if (!V->built)
        build(s, ui);
}

static void view_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct view *V = s->st;
    V->rows = ui->height - 2;
    if (V->rows < 1)
        V->rows = 1;
}

/* The part of a line from display column `from`, as many columns as fit. */
static const char *skip_cols(const char *s, int from, bool *cut)
{
    int col = 0;
    size_t len = strlen(s);
    *cut = false;
    while (*s && col < from) {
        uint32_t cp;
        size_t n = pd_utf8_decode(s, len, &cp);
        if (!n)
            break;
        col += pd_cp_width(cp);
        s += n;
        len -= n;
    }
    *cut = col > from;   /* a wide character straddled the edge */
    return s;
}

static void view_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct view *V = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char head[600], count[120];
    pd_statsel_line(&V->sel, head, sizeof head);
    int last = V->first + V->rows < V->nlines ? V->first + V->rows : V->nlines;
    pd_trf(count, sizeof count, S_REP_LINES, V->nlines, V->nlines ? V->first + 1 : 0, last);
    int cw = pd_text_width(count);
    pd_put(y, x, w - cw - 1, head, R_HEADER);
    pd_put_right(y, x + w - cw, cw, count, R_DIM);
    if (!V->built) {
        pd_statsel_draw_prompt(&V->sel, ui, ui->top + ui->height - 1);
        return;
    }
    struct pd_error err;
    pd_error_clear(&err);
    for (int i = 0; i < V->rows && V->first + i < V->nlines; i++) {
        char line[8192];
        if (pd_report_text_line(V->rep, V->first + i, line, sizeof line, &err) != PD_OK) {
            pd_ui_say(ui, true, "%s", err.msg);
            break;
        }
        bool cut;
        const char *part = skip_cols(line, V->hx, &cut);
        int ry = y + 1 + i;
        /* the title line is the report's title: bold, as on paper */
        enum pd_role_id role = V->first + i == 0 ? R_HEADER : R_NORMAL;
        if (cut)
            pd_put(ry, x, 1, " ", role);
        pd_put(ry, x + (cut ? 1 : 0), w - (cut ? 1 : 0), part, role);
    }
    pd_statsel_draw_prompt(&V->sel, ui, ui->top + ui->height - 1);
}

/* Printed (PDF, sent to the printer) or exported (CSV) as a printout
 * (pd_printout: the printouts folder beside the register), named as the
 * command line names it: report-women-stat-2012-g01.pdf. */
static enum pd_reaction write_out(struct view *V, struct pd_ui *ui, enum pd_report_format fmt)
{
    char name[200], title[128];
    snprintf(name, sizeof name, "report-%s-%s%s%s", pd_stats_report_name(V->kind), V->sel.q.period.label,
             V->sel.q.group[0] ? "-g" : "", V->sel.q.group);
    snprintf(title, sizeof title, "popdesk %s %s", pd_stats_report_name(V->kind), V->sel.q.period.label);
    pd_printout(ui, V->rep, fmt, name, title, NULL);
    return PD_R_DRAW;
}

static enum pd_reaction view_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct view *V = s->st;
    bool changed;
    enum pd_reaction r;
    if (pd_statsel_key(&V->sel, s, ui, k, &changed, &r)) {
        if (changed)
            build(s, ui);
        return r;
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_PRINT, ACT_EXPORT, ACT_UP, ACT_DOWN,
                                           ACT_PGUP, ACT_PGDN, ACT_LEFT, ACT_RIGHT, ACT_LINE_HOME,
                                           ACT_LINE_END };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a != ACT_NONE && a != ACT_BACK)
        ui->status[0] = '\0';
    int max_first = V->nlines - V->rows > 0 ? V->nlines - V->rows : 0;
    int old_first = V->first, old_hx = V->hx;
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_PRINT: return V->built ? write_out(V, ui, PD_FMT_PDF) : PD_R_NONE;
    case ACT_EXPORT: return V->built ? write_out(V, ui, PD_FMT_CSV) : PD_R_NONE;
    case ACT_UP: V->first--; break;
    case ACT_DOWN: V->first++; break;
    case ACT_PGUP: V->first -= V->rows - 1 > 0 ? V->rows - 1 : 1; break;
    case ACT_PGDN: V->first += V->rows - 1 > 0 ? V->rows - 1 : 1; break;
    case ACT_LINE_HOME: V->first = 0; V->hx = 0; break;
    case ACT_LINE_END: V->first = max_first; break;
    case ACT_LEFT: V->hx -= 8; break;
    case ACT_RIGHT: V->hx += 8; break;
    default: return a == ACT_NONE ? PD_R_NONE : PD_R_DRAW;
    }
    if (V->first > max_first)
        V->first = max_first;
    if (V->first < 0)
        V->first = 0;
    int max_hx = V->width - (ui->cols - 2) > 0 ? V->width - (ui->cols - 2) : 0;
    if (V->hx > max_hx)
        V->hx = max_hx;
    if (V->hx < 0)
        V->hx = 0;
    return V->first != old_first || V->hx != old_hx ? PD_R_DRAW : PD_R_NONE;
}

static void view_leave(struct pd_screen *s)
{
    struct view *V = s->st;
    pd_report_free(&V->rep);
    V->built = false;
}

static const struct pd_screen_ops view_ops = { "report", view_enter, view_key, view_layout,
                                               view_draw, view_leave };

static struct pd_screen *report_screen(struct pd_ui *ui, enum pd_stats_report kind)
{
    struct pd_screen *s = pd_screen_new(&view_ops, sizeof(struct view));
    if (!s)
        return NULL;
    struct view *V = s->st;
    V->kind = kind;
    pd_statsel_init(&V->sel, ui, kind);
    for (int i = 0; i < NITEMS; i++)
        if (menu_items[i].kind == kind)
            pd_strlcpy(s->title, pd_tr(menu_items[i].word), sizeof s->title);
    PD_SCREEN_KEYS(s, view_keys);
    s->help = S_HELP_REPORT;
    return s;
}
