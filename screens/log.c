/* log.c - the change log of a person or a household, newest first, from
 * the audit table: when, by whom, what kind, and what changed. */
#include "screens/screens.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "store/search.h"

#define MAX_LOG 200

struct logscr {
    char household[24], pid[40];
    struct pd_log_row rows[MAX_LOG];
    int n;
    struct pd_list list;
};

static const enum pd_action keys[] = { ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_BACK };

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct logscr *G = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = G->pid[0] ? pd_log_person(ui->db, G->pid, 0, G->rows, MAX_LOG, &G->n, &err)
                          : pd_log_household(ui->db, G->household, 0, G->rows, MAX_LOG, &G->n, &err);
    if (rc != PD_OK) {
        G->n = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    }
    G->list.n = G->n;
    pd_list_fix(&G->list);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct logscr *G = s->st;
    G->list.rows = ui->height - 7;
    pd_list_fix(&G->list);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct logscr *G = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char head[200];
    snprintf(head, sizeof head, "%s  %s", pd_tr(S_CHANGE_LOG), G->pid[0] ? G->pid : G->household);
    pd_put(y, x, w, head, R_HEADER);
    int cw = 16, cu = 10, ct = 16, cs = 6;
    int cd = w - cw - cu - ct - cs - 4, cx = x;
    cx += pd_put(y + 1, cx, cs, "#", R_HEADER) + 1;
    cx += pd_put(y + 1, cx, cw, pd_tr(S_WHEN), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, cu, pd_tr(S_WHO), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, ct, pd_tr(S_WHAT), R_HEADER) + 1;
    pd_put(y + 1, cx, cd, pd_tr(S_DETAIL), R_HEADER);
    for (int i = 0; i < G->list.rows && G->list.first + i < G->n; i++) {
        int r = G->list.first + i, ry = y + 2 + i;
        const struct pd_log_row *L = &G->rows[r];
        enum pd_role_id role = r == G->list.sel ? R_SELECTED : R_NORMAL;
        char seq[24], at[20];
        snprintf(seq, sizeof seq, "%lld", L->seq);
        pd_strlcpy(at, L->at, sizeof at);
        if (strlen(at) > 10)
            at[10] = ' ';
        at[16] = '\0';
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put_right(ry, cx, cs, seq, role) + 1;
        cx += pd_put(ry, cx, cw, at, role) + 1;
        cx += pd_put(ry, cx, cu, L->user, role) + 1;
        cx += pd_put(ry, cx, ct, pd_event_word(L->type), role) + 1;
        pd_put(ry, cx, cd, L->after, role);
    }
    if (G->n > 0) {
        const struct pd_log_row *L = &G->rows[G->list.sel];
        int by = ui->top + ui->height - 4;
        pd_hline(by, x, w);
        char line[700];
        snprintf(line, sizeof line, "%s %s", L->entity_id, L->before[0] ? L->before : "");
        pd_put(by + 1, x, w, line, R_DIM);
        pd_put(by + 2, x, w, L->after, R_NORMAL);
    } else {
        pd_put(y + 2, x, w, pd_tr(S_NOTHING_FOUND), R_DIM);
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct logscr *G = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a == ACT_BACK)
        return PD_R_POP;
    (void)ui;
    return pd_list_move(&G->list, a) ? PD_R_DRAW : PD_R_NONE;
}

static const struct pd_screen_ops ops = { "log", enter, key, layout, draw, NULL };

struct pd_screen *pd_scr_log(struct pd_ui *ui, const char *household, const char *pid)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct logscr));
    if (!s)
        return NULL;
    struct logscr *G = s->st;
    pd_strlcpy(G->household, household ? household : "", sizeof G->household);
    pd_strlcpy(G->pid, pid ? pid : "", sizeof G->pid);
    pd_strlcpy(s->title, pd_tr(S_CHANGE_LOG), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_LOG;
    return s;
}
