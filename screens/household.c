/* household.c - one household: its details and members (relation, age,
 * status); add a member, record a birth or move-in, open a member. */
#include "screens/screens.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/text.h"
#include "store/search.h"

#define MAX_MEMBERS 60

struct hh {
    char code[24];
    struct pd_household_row h;
    bool found;
    struct pd_person_row m[MAX_MEMBERS];
    int n;
    struct pd_list list;
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_ADD_MEMBER, ACT_BIRTH, ACT_MOVE_IN, ACT_EVENT,
                                       ACT_CORRECT, ACT_LOG, ACT_BACK };

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct hh *H = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    H->found = pd_household_get(ui->db, H->code, &H->h, &err) == PD_OK;
    if (!H->found || pd_household_members(ui->db, H->code, H->m, MAX_MEMBERS, &H->n, &err) != PD_OK) {
        H->n = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    }
    H->list.n = H->n;
    pd_list_fix(&H->list);
    snprintf(s->title, sizeof s->title, "%s %s", pd_tr(S_HOUSEHOLD), H->code);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct hh *H = s->st;
    H->list.rows = ui->height - 7;
    pd_list_fix(&H->list);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct hh *H = s->st;
    int y = ui->top + 1, x = 1, w = ui->cols - 2;
    char line[512];
    const char *reg = pd_code_word(PD_CODES_REGISTRATION, H->h.reg_type);
    snprintf(line, sizeof line, "%s %s   %s %s", pd_tr(S_CODE), H->h.code, pd_tr(S_PHONE), H->h.phone);
    pd_put(y, x, w, line, R_HEADER);
    snprintf(line, sizeof line, "%s %s   %s", pd_tr(S_ADDRESS), H->h.address, reg ? reg : "");
    pd_put(y + 1, x, w, line, R_NORMAL);
    pd_put(y + 3, x, w, pd_tr(S_MEMBERS), R_HEADER);
    int cn = 12, cr = 12, cs = 4, ca = 4, cst = 8, ci = 18;
    int hy = y + 4, cx = x;
    cx += pd_put(hy, cx, cn, pd_tr(S_NAME), R_HEADER) + 1;
    cx += pd_put(hy, cx, cr, pd_tr(S_RELATION), R_HEADER) + 1;
    cx += pd_put(hy, cx, cs, pd_tr(S_SEX), R_HEADER) + 1;
    cx += pd_put(hy, cx, ca, pd_tr(S_AGE), R_HEADER) + 1;
    cx += pd_put(hy, cx, cst, pd_tr(S_STATUS), R_HEADER) + 1;
    pd_put(hy, cx, w - (cx - x) < ci ? w - (cx - x) : ci, pd_tr(S_IDNO), R_HEADER);
    for (int i = 0; i < H->list.rows && H->list.first + i < H->n; i++) {
        int r = H->list.first + i, ry = hy + 1 + i;
        const struct pd_person_row *p = &H->m[r];
        enum pd_role_id role = r == H->list.sel ? R_SELECTED
                             : strcmp(p->status, "active") != 0 ? R_DIM : R_NORMAL;
        char age[8], status[64];
        pd_age_text(ui, p->birth_date, age, sizeof age);
        snprintf(status, sizeof status, "%s%s%s", pd_status_word(p->status),
                 p->migrant ? " " : "", p->migrant ? pd_tr(S_MIGRANT_MARK) : "");
        const char *rel = pd_code_word(PD_CODES_RELATION, p->relation);
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put(ry, cx, cn, p->name, role) + 1;
        cx += pd_put(ry, cx, cr, rel ? rel : p->relation, role) + 1;
        cx += pd_put(ry, cx, cs, pd_sex_word(p->sex), role) + 1;
        cx += pd_put_right(ry, cx, ca, age, role) + 1;
        cx += pd_put(ry, cx, cst, status, role) + 1;
        pd_put(ry, cx, w - (cx - x), p->id_number, role);
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct hh *H = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_ADD_MEMBER, ACT_BIRTH, ACT_MOVE_IN,
                                           ACT_EVENT, ACT_CORRECT, ACT_LOG, ACT_UP, ACT_DOWN,
                                           ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a != ACT_NONE)
        ui->status[0] = '\0';
    if (!H->found && a != ACT_BACK)
        return PD_R_NONE;
    const char *sel = H->n ? H->m[H->list.sel].pid : NULL;
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: return sel ? pd_ui_push(ui, pd_scr_person(ui, sel)) : PD_R_NONE;
    case ACT_ADD_MEMBER: return pd_ui_push(ui, pd_scr_form(ui, "person.add", H->code, NULL));
    case ACT_BIRTH: return pd_ui_push(ui, pd_scr_form(ui, "person.birth", H->code, sel));
    case ACT_MOVE_IN: return pd_ui_push(ui, pd_scr_form(ui, "person.move_in", H->code, NULL));
    case ACT_EVENT: return pd_ui_push(ui, pd_scr_events(ui, H->code, NULL));
    case ACT_CORRECT: return pd_ui_push(ui, pd_scr_form(ui, "record.correct", H->code, NULL));
    case ACT_LOG: return pd_ui_push(ui, pd_scr_log(ui, H->code, NULL));
    default:
        return pd_list_move(&H->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops ops = { "household", enter, key, layout, draw, NULL };

struct pd_screen *pd_scr_household(struct pd_ui *ui, const char *code)
{
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct hh));
    if (!s)
        return NULL;
    struct hh *H = s->st;
    pd_strlcpy(H->code, code, sizeof H->code);
    snprintf(s->title, sizeof s->title, "%s %s", pd_tr(S_HOUSEHOLD), code);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_HOUSEHOLD;
    return s;
}
