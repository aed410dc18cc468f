/* lock.c - the idle lock ([ui] idle_lock_minutes): covers whatever was on
 * screen (nothing of the register shows) and asks the logged-in user's
 * password again.  Checked by pd_user_login, so wrong tries count as login
 * failures and lock the account like the login screen does.  F10 logs out
 * (the screens below, an unsaved form too, are closed); Enter with the right
 * password goes back to where the clerk was, typing kept. */
#include "screens/screens.h"

#include <string.h>

#include "core/text.h"
#include "report/table.h"
#include "store/users.h"
#include "tui/form.h"

struct lock {
    struct pd_fedit pass;
};

static const enum pd_action keys[] = { ACT_UNLOCK, ACT_F10_LOGOUT };

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    (void)s;
    char hint[PD_MSG_MAX];
    pd_trf(hint, sizeof hint, S_LOCKED_HINT, ui->app->cfg.idle_lock_minutes, ui->user);
    if (!ui->status_error || !ui->status[0])
        pd_ui_say(ui, false, "%s", hint);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct lock *L = s->st;
    int w = 50, h = 7;
    int y = ui->top + (ui->height - h) / 2, x = (ui->cols - w) / 2;
    pd_box(y, x, h, w);
    pd_put_text(y, x + 2, w - 4, pd_tr(S_LOCKED), R_HEADER);
    pd_put(y + 2, x + 3, 10, pd_tr(S_USER), R_LABEL);
    pd_put(y + 2, x + 14, 30, ui->user, R_NORMAL);
    pd_put(y + 4, x + 3, 10, pd_tr(S_PASSWORD), R_LABEL);
    char stars[64];
    size_t n = L->pass.len < 30 ? L->pass.len : 30;
    memset(stars, '*', n);
    stars[n] = '\0';
    pd_put(y + 4, x + 14, 30, stars, R_FOCUS);
    ui->cursor = true;
    ui->cy = y + 4;
    ui->cx = x + 14 + (int)n;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct lock *L = s->st;
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        pd_fedit_insert(&L->pass, k->ch);
        return PD_R_DRAW;
    }
    if (pd_key_is(k, ACT_F10_LOGOUT))
        return PD_R_LOGOUT;
    static const enum pd_action acts[] = { ACT_UNLOCK, ACT_BKSP, ACT_CLEAR };
    switch (pd_key_action(k, acts, sizeof acts / sizeof acts[0])) {
    case ACT_BKSP: pd_fedit_backspace(&L->pass); return PD_R_DRAW;
    case ACT_CLEAR: pd_fedit_clear(&L->pass); return PD_R_DRAW;
    case ACT_UNLOCK: {
        if (!L->pass.buf[0])
            return PD_R_NONE;
        struct pd_error err;
        pd_error_clear(&err);
        enum pd_role role;
        const struct pd_config *cfg = &ui->app->cfg;
        pd_err rc = pd_user_login(ui->db, ui->user, L->pass.buf, (int)cfg->max_failures,
                                  (int)cfg->lock_minutes, &role, &err);
        explicit_bzero(L->pass.buf, sizeof L->pass.buf);
        pd_fedit_clear(&L->pass);
        if (rc != PD_OK) {
            pd_ui_say(ui, true, "%s", err.msg);
            return PD_R_DRAW;
        }
        ui->role = role;   /* an administrator may have changed it meanwhile */
        pd_report_mask_ids(role == PD_ROLE_VIEWER);
        ui->status[0] = '\0';
        return PD_R_POP;
    }
    default:
        return PD_R_NONE;
    }
}

static void leave(struct pd_screen *s)
{
    struct lock *L = s->st;
    explicit_bzero(L->pass.buf, sizeof L->pass.buf);
}

static const struct pd_screen_ops ops = { "lock", enter, key, NULL, draw, leave };

struct pd_screen *pd_scr_lock(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct lock));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_LOCKED), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_LOCK;
    s->text_entry = true;
    return s;
}
