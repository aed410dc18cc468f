/* login.c - the login screen: user name and password, the demo account
 * shown only on a demo register (meta demo=1).  Wrong passwords are counted
 * by the store (pd_user_login) and lock the account for a while. */
#include "screens/screens.h"

#include <string.h>

#include "core/text.h"
#include "store/db.h"
#include "report/table.h"
#include "store/users.h"
#include "tui/form.h"

struct login {
    struct pd_fedit user, pass;
    int focus;          /* 0 user, 1 password */
    bool demo;
    int y0, x0, w;
};

static const enum pd_action keys[] = { ACT_NEXT, ACT_OPEN, ACT_QUIT };

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct login *L = s->st;
    char v[8];
    L->demo = pd_db_meta_get(ui->db, "demo", v, sizeof v) == PD_OK && strcmp(v, "1") == 0;
    if (!ui->status[0])
        pd_ui_say(ui, false, "%s", pd_tr(S_LOGIN_HINT));
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct login *L = s->st;
    /* wide enough for the demo account's line, whatever the language */
    L->w = pd_text_width(pd_tr(S_DEMO_HINT)) + 6;
    if (L->w < 50)
        L->w = 50;
    if (L->w > ui->cols - 2)
        L->w = ui->cols - 2;
    L->y0 = ui->top + (ui->height - 9) / 2;
    L->x0 = (ui->cols - L->w) / 2;
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct login *L = s->st;
    int y = L->y0, x = L->x0;
    pd_box(y, x, 9, L->w);
    pd_put_text(y, x + 2, L->w - 4, pd_tr(S_LOGIN), R_HEADER);
    pd_put(y + 2, x + 3, 10, pd_tr(S_USER), R_LABEL);
    pd_put(y + 4, x + 3, 10, pd_tr(S_PASSWORD), R_LABEL);
    size_t start = pd_fedit_view_start(&L->user, 30);
    pd_put(y + 2, x + 14, 30, L->user.buf + start, L->focus == 0 ? R_FOCUS : R_FIELD);
    char stars[64];
    size_t n = L->pass.len < 30 ? L->pass.len : 30;
    memset(stars, '*', n);
    stars[n] = '\0';
    pd_put(y + 4, x + 14, 30, stars, L->focus == 1 ? R_FOCUS : R_FIELD);
    if (L->demo)
        pd_put_text(y + 6, x + 3, L->w - 5, pd_tr(S_DEMO_HINT), R_DIM);
    ui->cursor = true;
    ui->cy = L->focus == 0 ? y + 2 : y + 4;
    ui->cx = x + 14 + (L->focus == 0 ? pd_fedit_cursor_col(&L->user) - pd_text_width(L->user.buf) +
                                        pd_text_width(L->user.buf + start)
                                     : (int)n);
}

static enum pd_reaction try_login(struct pd_ui *ui, struct login *L)
{
    if (!L->user.buf[0] || !L->pass.buf[0]) {
        pd_ui_say(ui, true, "%s", pd_tr(S_LOGIN_NEED));
        return PD_R_DRAW;
    }
    struct pd_error err;
    pd_error_clear(&err);
    enum pd_role role;
    const struct pd_config *cfg = &ui->app->cfg;
    pd_err rc = pd_user_login(ui->db, L->user.buf, L->pass.buf, (int)cfg->max_failures,
                              (int)cfg->lock_minutes, &role, &err);
    explicit_bzero(L->pass.buf, sizeof L->pass.buf);
    pd_fedit_clear(&L->pass);
    if (rc != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        L->focus = 1;
        return PD_R_DRAW;
    }
    pd_strlcpy(ui->user, L->user.buf, sizeof ui->user);
    ui->role = role;
    pd_report_mask_ids(role == PD_ROLE_VIEWER);   /* a viewer's printouts: IDs masked */
    pd_trf(ui->status, sizeof ui->status, S_LOGGED_IN, ui->user);
    ui->status_error = false;
    ui->next = pd_scr_home(ui);
    return ui->next ? PD_R_REPLACE : PD_R_DRAW;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct login *L = s->st;
    struct pd_fedit *e = L->focus == 0 ? &L->user : &L->pass;
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        pd_fedit_insert(e, k->ch);
        return PD_R_DRAW;
    }
    static const enum pd_action acts[] = { ACT_QUIT, ACT_NEXT, ACT_PREV, ACT_OPEN, ACT_BKSP,
                                           ACT_DEL, ACT_LEFT, ACT_RIGHT, ACT_LINE_HOME,
                                           ACT_LINE_END, ACT_CLEAR, ACT_BACK };
    switch (pd_key_action(k, acts, sizeof acts / sizeof acts[0])) {
    case ACT_QUIT:
        return k->type == PD_KEY_FUNC ? PD_R_QUIT : PD_R_NONE;
    case ACT_BACK:
        return PD_R_QUIT;
    case ACT_NEXT: case ACT_PREV:
        L->focus = !L->focus;
        return PD_R_DRAW;
    case ACT_OPEN:
        if (L->focus == 0) {
            L->focus = 1;
            return PD_R_DRAW;
        }
        return try_login(ui, L);
    case ACT_BKSP: pd_fedit_backspace(e); return PD_R_DRAW;
    case ACT_DEL: pd_fedit_delete(e); return PD_R_DRAW;
    case ACT_LEFT: pd_fedit_left(e); return PD_R_DRAW;
    case ACT_RIGHT: pd_fedit_right(e); return PD_R_DRAW;
    case ACT_LINE_HOME: pd_fedit_home(e); return PD_R_DRAW;
    case ACT_LINE_END: pd_fedit_end(e); return PD_R_DRAW;
    case ACT_CLEAR: pd_fedit_clear(e); return PD_R_DRAW;
    default:
        return PD_R_NONE;
    }
}

static void leave(struct pd_screen *s)
{
    struct login *L = s->st;
    explicit_bzero(L->pass.buf, sizeof L->pass.buf);
}

static const struct pd_screen_ops ops = { "login", enter, key, layout, draw, leave };

struct pd_screen *pd_scr_login(struct pd_ui *ui)
{
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct login));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_LOGIN), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_LOGIN;
    s->text_entry = true;
    return s;
}
