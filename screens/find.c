/* find.c - the one search box: ID number (full or last digits), name
 * prefix, pinyin initials, household code, @address.  Results update as the
 * clerk types (pd_search, indexed and bounded). */
#include "screens/screens.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/text.h"
#include "store/search.h"
#include "tui/form.h"

#define MAX_HITS 200

struct find {
    struct pd_fedit q;
    struct pd_person_row hits[MAX_HITS];
    int n;
    enum pd_search_how how;
    struct pd_list list;
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_HOUSEHOLD, ACT_UP, ACT_DOWN, ACT_CLEAR, ACT_BACK };

static void run(struct pd_ui *ui, struct find *F)
{
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_search(ui->db, F->q.buf, F->hits, MAX_HITS, &F->n, &F->how, &err) != PD_OK) {
        F->n = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    } else if (F->how == PD_SEARCH_NONE) {
        pd_ui_say(ui, false, "%s", pd_tr(S_FIND_HINT));
    } else if (F->n == 0) {
        pd_ui_say(ui, false, "%s", pd_tr(S_NOTHING_FOUND));
    } else {
        char msg[200];
        pd_trf(msg, sizeof msg, F->n >= MAX_HITS ? S_FOUND_MORE : S_FOUND, F->n);
        pd_ui_say(ui, false, "%s%s%s", msg, F->how == PD_SEARCH_ADDRESS ? "  " : "",
                  F->how == PD_SEARCH_ADDRESS ? pd_tr(S_FIND_SLOW) : "");
    }
    F->list.n = F->n;
    F->list.sel = 0;
    F->list.first = 0;
    pd_list_fix(&F->list);
}

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    run(ui, s->st);   /* again on coming back: a record may have changed */
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct find *F = s->st;
    F->list.rows = ui->height - 4;
    pd_list_fix(&F->list);
}

/* Column widths for the width at hand: name, sex, age, ID, household, address. */
static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct find *F = s->st;
    int y = ui->top + 1, x = 1, w = ui->cols - 2;
    int pw = pd_text_width(pd_tr(S_FIND_PROMPT));
    pd_put(y, x, pw, pd_tr(S_FIND_PROMPT), R_HEADER);
    int bw = w - pw;
    size_t start = pd_fedit_view_start(&F->q, bw);
    pd_put(y, x + pw, bw, F->q.buf + start, R_FOCUS);
    ui->cursor = true;
    ui->cy = y;
    ui->cx = x + pw + pd_fedit_cursor_col(&F->q) - pd_text_width(F->q.buf) +
             pd_text_width(F->q.buf + start);

    int cn = 12, cs = 4, ca = 4, ci = 19, ch = 19;
    int cad = w - cn - cs - ca - ci - ch - 5;
    if (cad < 8) {
        ch = 0;
        cad = w - cn - cs - ca - ci - 4;
    }
    int hy = y + 2, cx;
    cx = x;
    cx += pd_put(hy, cx, cn, pd_tr(S_NAME), R_HEADER) + 1;
    cx += pd_put(hy, cx, cs, pd_tr(S_SEX), R_HEADER) + 1;
    cx += pd_put(hy, cx, ca, pd_tr(S_AGE), R_HEADER) + 1;
    cx += pd_put(hy, cx, ci, pd_tr(S_IDNO), R_HEADER) + 1;
    if (ch)
        cx += pd_put(hy, cx, ch, pd_tr(S_CODE), R_HEADER) + 1;
    pd_put(hy, cx, cad, pd_tr(S_ADDRESS), R_HEADER);
    for (int i = 0; i < F->list.rows && F->list.first + i < F->n; i++) {
        int r = F->list.first + i, ry = hy + 1 + i;
        const struct pd_person_row *p = &F->hits[r];
        enum pd_role_id role = r == F->list.sel ? R_SELECTED
                             : strcmp(p->status, "active") != 0 ? R_DIM : R_NORMAL;
        char age[8], name[128];
        pd_age_text(ui, p->birth_date, age, sizeof age);
        if (strcmp(p->status, "active") != 0)
            snprintf(name, sizeof name, "%s(%s)", p->name, pd_status_word(p->status));
        else
            pd_strlcpy(name, p->name, sizeof name);
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put(ry, cx, cn, name, role) + 1;
        cx += pd_put(ry, cx, cs, pd_sex_word(p->sex), role) + 1;
        cx += pd_put_right(ry, cx, ca, age, role) + 1;
        cx += pd_put(ry, cx, ci, p->id_number, role) + 1;
        if (ch)
            cx += pd_put(ry, cx, ch, p->household, role) + 1;
        pd_put(ry, cx, cad, p->address, role);
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct find *F = s->st;
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        if (pd_fedit_insert(&F->q, k->ch))
            run(ui, F);
        return PD_R_DRAW;
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_HOUSEHOLD, ACT_UP, ACT_DOWN,
                                           ACT_PGUP, ACT_PGDN, ACT_BKSP, ACT_DEL, ACT_LEFT,
                                           ACT_RIGHT, ACT_LINE_HOME, ACT_LINE_END, ACT_CLEAR };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    const struct pd_person_row *sel = F->n > 0 ? &F->hits[F->list.sel] : NULL;
    /* "N found" belongs to this screen: not on the next one's message line */
    if (a == ACT_BACK || a == ACT_OPEN || a == ACT_HOUSEHOLD)
        ui->status[0] = '\0';
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN:
        return sel ? pd_ui_push(ui, pd_scr_person(ui, sel->pid)) : PD_R_NONE;
    case ACT_HOUSEHOLD:
        return sel && sel->household[0] ? pd_ui_push(ui, pd_scr_household(ui, sel->household))
                                        : PD_R_NONE;
    case ACT_BKSP:
        if (pd_fedit_backspace(&F->q))
            run(ui, F);
        return PD_R_DRAW;
    case ACT_DEL:
        if (pd_fedit_delete(&F->q))
            run(ui, F);
        return PD_R_DRAW;
    case ACT_CLEAR:
        pd_fedit_clear(&F->q);
        run(ui, F);
        return PD_R_DRAW;
    case ACT_LEFT: pd_fedit_left(&F->q); return PD_R_DRAW;
    case ACT_RIGHT: pd_fedit_right(&F->q); return PD_R_DRAW;
    case ACT_LINE_HOME: pd_fedit_home(&F->q); return PD_R_DRAW;
    case ACT_LINE_END: pd_fedit_end(&F->q); return PD_R_DRAW;
    default:
        return pd_list_move(&F->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops ops = { "find", enter, key, layout, draw, NULL };

struct pd_screen *pd_scr_find(struct pd_ui *ui)
{
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct find));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_FIND), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_FIND;
    s->text_entry = true;
    return s;
}
