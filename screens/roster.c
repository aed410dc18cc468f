/* roster.c - the rosters: women of childbearing age and migrants, each
 * with filters (F cycles), in name order.  A window of PAGE rows is held;
 * moving past either end of it loads the next window, so the whole roster
 * can be walked however long it is. */
#include "screens/screens.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/text.h"
#include "store/search.h"

#define PAGE 500

struct roster {
    bool migrants;
    int filter;                       /* index into the filter list */
    int offset;                       /* roster row of rows[0] */
    struct pd_person_row rows[PAGE];
    int n;
    struct pd_list list;
};

static const struct { enum pd_roster r; enum pd_str word; } wcba_filters[] = {
    { PD_ROSTER_WCBA, S_F_ALL }, { PD_ROSTER_WCBA_MARRIED, S_F_MARRIED },
    { PD_ROSTER_WCBA_PREGNANT, S_F_PREGNANT }, { PD_ROSTER_WCBA_NO_METHOD, S_F_NOCONTRA },
}, mig_filters[] = {
    { PD_ROSTER_MIGRANT, S_F_ALL }, { PD_ROSTER_MIGRANT_EXPIRING, S_F_EXPIRING },
    { PD_ROSTER_MIGRANT_EXPIRED, S_F_EXPIRED }, { PD_ROSTER_MIGRANT_NO_CERT, S_F_NOCERT },
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_FILTER, ACT_HOUSEHOLD, ACT_BACK };

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct roster *R = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    enum pd_roster which = R->migrants ? mig_filters[R->filter].r : wcba_filters[R->filter].r;
    if (pd_roster_page(ui->db, which, R->offset, R->rows, PAGE, &R->n, &err) == PD_OK && R->n == 0 &&
        R->offset > 0) {
        /* the rows past the window went (a change on another screen):
         * back to the start rather than an empty list */
        R->offset = 0;
        R->list.sel = R->list.first = 0;
        pd_roster_page(ui->db, which, 0, R->rows, PAGE, &R->n, &err);
    }
    if (err.code != PD_OK) {
        R->n = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    } else {
        char msg[100];
        if (R->offset == 0 && R->n < PAGE)
            pd_trf(msg, sizeof msg, S_FOUND, R->n);
        else
            pd_trf(msg, sizeof msg, R->n >= PAGE ? S_ROWS_MORE : S_ROWS_LAST, R->offset + 1, R->offset + R->n);
        pd_ui_say(ui, false, "%s", msg);
    }
    R->list.n = R->n;
    pd_list_fix(&R->list);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct roster *R = s->st;
    R->list.rows = ui->height - 3;
    pd_list_fix(&R->list);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct roster *R = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char head[200];
    snprintf(head, sizeof head, "%s  [%s: %s]", R->migrants ? pd_tr(S_ROSTER_MIG) : pd_tr(S_ROSTER_WCBA),
             pd_tr(S_FILTER), pd_tr(R->migrants ? mig_filters[R->filter].word : wcba_filters[R->filter].word));
    pd_put(y, x, w, head, R_HEADER);
    int cn = 12, ca = 4, ci = 18, ce = 12;
    int cad = w - cn - ca - ci - ce - 4, cx = x;
    cx += pd_put(y + 1, cx, cn, pd_tr(S_NAME), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, ca, pd_tr(S_AGE), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, ci, pd_tr(S_IDNO), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, ce, R->migrants ? pd_tr(S_EXPIRY) : pd_tr(S_CONTRA), R_HEADER) + 1;
    pd_put(y + 1, cx, cad, pd_tr(S_ADDRESS), R_HEADER);
    bool pregnant = !R->migrants && wcba_filters[R->filter].r == PD_ROSTER_WCBA_PREGNANT;
    for (int i = 0; i < R->list.rows && R->list.first + i < R->n; i++) {
        int r = R->list.first + i, ry = y + 2 + i;
        const struct pd_person_row *p = &R->rows[r];
        enum pd_role_id role = r == R->list.sel ? R_SELECTED : R_NORMAL;
        char age[8];
        pd_age_text(ui, p->birth_date, age, sizeof age);
        const char *extra = p->extra;
        if (!R->migrants && !pregnant) {
            const char *m = pd_code_word(PD_CODES_CONTRACEPTION, p->extra);
            extra = m ? m : p->extra;
        }
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put(ry, cx, cn, p->name, role) + 1;
        cx += pd_put_right(ry, cx, ca, age, role) + 1;
        cx += pd_put(ry, cx, ci, p->id_number, role) + 1;
        cx += pd_put(ry, cx, ce, extra, role) + 1;
        pd_put(ry, cx, cad, p->address, role);
    }
}

/* Moves the selection; past the end of a full window (or before the start
 * of a later one) loads the window around the row moved to. */
static bool move(struct pd_screen *s, struct pd_ui *ui, enum pd_action a)
{
    struct roster *R = s->st;
    int step = a == ACT_UP ? -1 : a == ACT_DOWN ? 1 : a == ACT_PGUP ? -R->list.rows
             : a == ACT_PGDN ? R->list.rows : 0;
    int to = R->list.sel + step;
    bool more_after = R->n >= PAGE && to >= R->n, more_before = R->offset > 0 && to < 0;
    if (step == 0 || !(more_after || more_before))
        return pd_list_move(&R->list, a);
    int at = R->offset + to;                  /* roster row wanted */
    if (at < 0)
        at = 0;
    int off = at - PAGE / 2;
    R->offset = off < 0 ? 0 : off;
    int top = at - (R->list.sel - R->list.first);  /* keep the selection's place on screen */
    enter(s, ui);
    R->list.sel = at - R->offset;
    R->list.first = top - R->offset;
    pd_list_fix(&R->list);
    if (R->list.first > R->n - R->list.rows)   /* no empty rows below the last */
        R->list.first = R->n > R->list.rows ? R->n - R->list.rows : 0;
    return true;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct roster *R = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_FILTER, ACT_HOUSEHOLD, ACT_UP,
                                           ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    const struct pd_person_row *sel = R->n ? &R->rows[R->list.sel] : NULL;
    /* "N found" belongs to this screen: not on the next one's message line */
    if (a == ACT_BACK || a == ACT_OPEN || a == ACT_HOUSEHOLD)
        ui->status[0] = '\0';
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: return sel ? pd_ui_push(ui, pd_scr_person(ui, sel->pid)) : PD_R_NONE;
    case ACT_HOUSEHOLD:
        return sel && sel->household[0] ? pd_ui_push(ui, pd_scr_household(ui, sel->household)) : PD_R_NONE;
    case ACT_FILTER:
        R->filter = (R->filter + 1) % 4;
        R->list.sel = R->list.first = 0;
        R->offset = 0;
        enter(s, ui);
        return PD_R_DRAW;
    default:
        return move(s, ui, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops ops = { "roster", enter, key, layout, draw, NULL };

struct pd_screen *pd_scr_roster(struct pd_ui *ui, bool migrants)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct roster));
    if (!s)
        return NULL;
    struct roster *R = s->st;
    R->migrants = migrants;
    pd_strlcpy(s->title, migrants ? pd_tr(S_ROSTER_MIG) : pd_tr(S_ROSTER_WCBA), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_ROSTER;
    return s;
}
