/* services.c - the service and benefit cases on screen (docs/CASES.md):
 * three lists, Tab to switch: the open high-risk archives with this year's
 * guidance coverage rate, this year's women's health services, the benefit
 * ledger.  Enter opens the person, whose change menu (E) has the entry
 * forms of risk.archive, risk.guidance, risk.close and health.service; a
 * supervisor approves a benefit application with Y (the conditions are
 * decided again first, as on the command line) or refuses it with N and a
 * reason.  Applications themselves
 * are made with `popdesk case benefit apply`, which decides the conditions
 * from the policy file.  The lists come from store/services.h. */
#include "screens/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/services.h"
#include "core/text.h"
#include "tui/form.h"
#include "store/services.h"

#define MAXROWS 1000

enum { TAB_RISK, TAB_HEALTH, TAB_BENEFIT, NTABS };

struct row {
    long long id;
    char pid[PD_EV_REF_MAX], name[96], idno[20];
    char kind[96], date[PD_DATE_STRLEN], state[40], extra[220];
    bool pending;           /* a benefit application awaiting a decision */
};

struct svc {
    int tab;
    struct row *rows;       /* MAXROWS, owned */
    int n;
    bool more;
    char head[200];
    struct pd_list list;
    bool asking;            /* typing the reason for a refusal */
    long long asking_id;
    struct pd_fedit reason;
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_NEXT, ACT_APPROVE, ACT_REJECT, ACT_BACK };
static const enum pd_str tab_names[NTABS] = { S_SVC_RISK, S_SVC_HEALTH, S_SVC_BENEFIT };

static struct row *add(struct svc *S)
{
    if (S->n >= MAXROWS) {
        S->more = true;
        return NULL;
    }
    struct row *r = &S->rows[S->n++];
    memset(r, 0, sizeof *r);
    return r;
}

static int risk_cb(void *ctx, const struct pd_risk_case *c)
{
    struct row *r = add(ctx);
    if (!r)
        return 1;
    r->id = c->id;
    pd_strlcpy(r->pid, c->person, sizeof r->pid);
    pd_strlcpy(r->name, c->name, sizeof r->name);
    pd_strlcpy(r->idno, c->id_number, sizeof r->idno);
    const struct pd_svc_code *g = pd_svc_code_find(PD_SVC_RISK, c->group);
    pd_strlcpy(r->kind, g ? (pd_i18n_en() ? g->en : g->zh) : c->group, sizeof r->kind);
    pd_strlcpy(r->date, c->date, sizeof r->date);
    snprintf(r->state, sizeof r->state, "%d", c->nguidance);
    pd_strlcpy(r->extra, c->last_guidance, sizeof r->extra);
    return 0;
}

static int health_cb(void *ctx, const struct pd_health_rec *h)
{
    struct row *r = add(ctx);
    if (!r)
        return 1;
    r->id = h->id;
    pd_strlcpy(r->pid, h->person, sizeof r->pid);
    pd_strlcpy(r->name, h->name, sizeof r->name);
    pd_strlcpy(r->idno, h->id_number, sizeof r->idno);
    const struct pd_svc_code *c = pd_svc_code_find(PD_SVC_HEALTH, h->kind);
    pd_strlcpy(r->kind, c ? (pd_i18n_en() ? c->en : c->zh) : h->kind, sizeof r->kind);
    pd_strlcpy(r->date, h->date, sizeof r->date);
    pd_strlcpy(r->state, h->quarter, sizeof r->state);
    snprintf(r->extra, sizeof r->extra, "%s%s%s", h->result, h->result[0] && h->items[0] ? " " : "", h->items);
    return 0;
}

static int benefit_cb(void *ctx, const struct pd_benefit_case *c)
{
    struct row *r = add(ctx);
    if (!r)
        return 1;
    r->id = c->id;
    pd_strlcpy(r->pid, c->person, sizeof r->pid);
    pd_strlcpy(r->name, c->name, sizeof r->name);
    pd_strlcpy(r->idno, c->id_number, sizeof r->idno);
    snprintf(r->kind, sizeof r->kind, "%s/%s", pd_benefit_prog_key(c->prog), pd_benefit_cat_zh(c->prog, c->category));
    pd_strlcpy(r->date, c->applied, sizeof r->date);
    static const char *const words[4][3] = { { "applied", "待审批", "pending" }, { "approved", "已批准", "approved" },
                                             { "refused", "不予批准", "refused" }, { "paid", "已发放", "paid" } };
    pd_strlcpy(r->state, c->state, sizeof r->state);
    for (int i = 0; i < 4; i++)
        if (strcmp(c->state, words[i][0]) == 0)
            pd_strlcpy(r->state, words[i][pd_i18n_en() ? 2 : 1], sizeof r->state);
    snprintf(r->extra, sizeof r->extra, "%ld / %ld", c->paid, c->amount);
    r->pending = strcmp(c->state, "applied") == 0;
    return 0;
}

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct svc *S = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    S->n = 0;
    S->more = false;
    pd_err rc = PD_OK;
    struct pd_date today = pd_db_today(ui->db);
    struct pd_date from = { today.y, 1, 1 }, to = { today.y, 12, 31 };
    S->head[0] = '\0';
    if (S->tab == TAB_RISK) {
        rc = pd_risk_each(ui->db, true, risk_cb, S, &err);
        struct pd_svc_rate rate;
        if (rc == PD_OK)
            rc = pd_risk_coverage(ui->db, from, to, &rate, &err);
        if (rc == PD_OK) {
            char t[64];
            pd_svc_rate_text(&rate, t, sizeof t);
            snprintf(S->head, sizeof S->head, "%s %d: %s", pd_tr(S_SVC_COVERAGE), today.y, t);
        }
    } else if (S->tab == TAB_HEALTH) {
        struct pd_health_filter f = { NULL, NULL, NULL, from, to };
        rc = pd_health_each(ui->db, &f, health_cb, S, &err);
    } else {
        rc = pd_benefit_each(ui->db, -1, NULL, benefit_cb, S, &err);
    }
    if (rc != PD_OK) {
        S->n = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    } else {
        char msg[100];
        pd_trf(msg, sizeof msg, S->more ? S_FOUND_MORE : S_FOUND, S->n);
        pd_ui_say(ui, false, "%s", msg);
    }
    S->list.n = S->n;
    pd_list_fix(&S->list);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct svc *S = s->st;
    S->list.rows = ui->height - 4;
    pd_list_fix(&S->list);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct svc *S = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char head[300];
    int l = 0;
    for (int t = 0; t < NTABS && l >= 0 && (size_t)l < sizeof head; t++)
        l += snprintf(head + l, sizeof head - (size_t)l, t == S->tab ? "[%s]  " : " %s   ", pd_tr(tab_names[t]));
    pd_put(y, x, w, head, R_HEADER);
    pd_put(y + 1, x, w, S->head, R_NORMAL);
    int cid = 5, cn = 10, ci = 18, ck = 22, cd = 10, cs = 9;
    int ce = w - cid - cn - ci - ck - cd - cs - 6, cx = x;
    static const enum pd_str third[NTABS] = { S_SVC_COL_GUIDED, S_SVC_COL_QUARTER, S_COL_STATE };
    cx += pd_put(y + 2, cx, cid, "No.", R_HEADER) + 1;
    cx += pd_put(y + 2, cx, cn, pd_tr(S_NAME), R_HEADER) + 1;
    cx += pd_put(y + 2, cx, ci, pd_tr(S_IDNO), R_HEADER) + 1;
    cx += pd_put(y + 2, cx, ck, pd_tr(S_CATEGORY), R_HEADER) + 1;
    cx += pd_put(y + 2, cx, cd, pd_tr(S_SVC_COL_DATE), R_HEADER) + 1;
    cx += pd_put(y + 2, cx, cs, pd_tr(third[S->tab]), R_HEADER) + 1;
    pd_put(y + 2, cx, ce, pd_tr(S->tab == TAB_BENEFIT ? S_SVC_COL_PAID : S_SVC_COL_NOTE), R_HEADER);
    for (int i = 0; i < S->list.rows && S->list.first + i < S->n; i++) {
        int r = S->list.first + i, ry = y + 3 + i;
        const struct row *p = &S->rows[r];
        enum pd_role_id role = r == S->list.sel ? R_SELECTED : R_NORMAL;
        char num[24];
        snprintf(num, sizeof num, "%lld", p->id);
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put_right(ry, cx, cid, num, role) + 1;
        cx += pd_put(ry, cx, cn, p->name, role) + 1;
        cx += pd_put(ry, cx, ci, p->idno, role) + 1;
        cx += pd_put(ry, cx, ck, p->kind, role) + 1;
        cx += pd_put(ry, cx, cd, p->date, role) + 1;
        cx += pd_put(ry, cx, cs, p->state, role) + 1;
        pd_put(ry, cx, ce, p->extra, role);
    }
    if (S->asking) {
        int by = ui->top + ui->height - 1;
        const char *prompt = pd_tr(S_REJECT_REASON);
        int pw = pd_text_width(prompt);
        if (pw > w - 20)
            pw = w - 20;
        pd_fill(by, x, w, R_NORMAL);
        pd_put(by, x, pw, prompt, R_LABEL);
        size_t start = pd_fedit_view_start(&S->reason, w - pw - 1);
        pd_put(by, x + pw, w - pw, S->reason.buf + start, R_FOCUS);
        ui->cursor = true;
        ui->cy = by;
        ui->cx = x + pw + pd_fedit_cursor_col(&S->reason) - pd_text_width(S->reason.buf) +
                 pd_text_width(S->reason.buf + start);
    }
}

/* The selected pending application, or NULL with the reason said. */
static const struct row *pending_row(struct svc *S, struct pd_ui *ui)
{
    const struct row *p = S->n ? &S->rows[S->list.sel] : NULL;
    if (S->tab != TAB_BENEFIT || !p)
        return NULL;
    if (!p->pending) {
        pd_ui_say(ui, true, "%s", pd_tr(S_SVC_NOT_PENDING));
        return NULL;
    }
    return pd_ui_may_change(ui) ? p : NULL;
}

/* Approves (reason NULL) or refuses application id; the store checks the
 * role and, for an approval, the conditions. */
static enum pd_reaction decide(struct pd_ui *ui, long long id, const char *reason)
{
    const struct pd_policy *pol = pd_ui_policy(ui);
    if (!pol) {
        pd_ui_say(ui, true, "%s", ui->policy_err);
        return PD_R_DRAW;
    }
    char today[PD_DATE_STRLEN];
    pd_date_format(pd_db_today(ui->db), today);
    struct pd_benefit_decide_opts d = { id, reason == NULL, today, reason, NULL, 0 };
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_benefit_decide(ui->db, pol, &d, ui->user, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        return PD_R_DRAW;
    }
    ui->push.soon = true;
    char msg[120];
    pd_trf(msg, sizeof msg, reason ? S_SVC_REFUSED : S_SVC_APPROVED, id);
    pd_ui_say(ui, false, "%s", msg);
    return PD_R_DRAW;
}

/* After a decision saved: the list again, the message kept. */
static void reload(struct pd_screen *s, struct pd_ui *ui)
{
    if (ui->status_error)
        return;
    char keep[PD_MSG_MAX];
    pd_strlcpy(keep, ui->status, sizeof keep);
    enter(s, ui);
    pd_ui_say(ui, false, "%s", keep);
}

static enum pd_reaction reason_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct svc *S = s->st;
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        pd_fedit_insert(&S->reason, k->ch);
        return PD_R_DRAW;
    }
    static const enum pd_action racts[] = { ACT_OPEN, ACT_SAVE, ACT_BACK, ACT_BKSP, ACT_DEL, ACT_LEFT,
                                            ACT_RIGHT, ACT_LINE_HOME, ACT_LINE_END, ACT_CLEAR };
    switch (pd_key_action(k, racts, sizeof racts / sizeof racts[0])) {
    case ACT_OPEN: case ACT_SAVE: {
        if (!S->reason.buf[0]) {
            pd_ui_say(ui, true, "%s", pd_tr(S_REASON_NEEDED));
            return PD_R_DRAW;
        }
        S->asking = false;
        s->text_entry = false;
        enum pd_reaction r = decide(ui, S->asking_id, S->reason.buf);
        reload(s, ui);
        return r;
    }
    case ACT_BACK:
        S->asking = false;
        s->text_entry = false;
        ui->status[0] = '\0';
        return PD_R_DRAW;
    case ACT_BKSP: pd_fedit_backspace(&S->reason); return PD_R_DRAW;
    case ACT_DEL: pd_fedit_delete(&S->reason); return PD_R_DRAW;
    case ACT_LEFT: pd_fedit_left(&S->reason); return PD_R_DRAW;
    case ACT_RIGHT: pd_fedit_right(&S->reason); return PD_R_DRAW;
    case ACT_LINE_HOME: pd_fedit_home(&S->reason); return PD_R_DRAW;
    case ACT_LINE_END: pd_fedit_end(&S->reason); return PD_R_DRAW;
    case ACT_CLEAR: pd_fedit_clear(&S->reason); return PD_R_DRAW;
    default: return PD_R_NONE;
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct svc *S = s->st;
    if (S->asking)
        return reason_key(s, ui, k);
    /* the arrows first: ACT_NEXT is also bound to Down (for forms) */
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN,
                                           ACT_NEXT, ACT_APPROVE, ACT_REJECT };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    const struct row *sel = S->n ? &S->rows[S->list.sel] : NULL;
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: return sel ? pd_ui_push(ui, pd_scr_person(ui, sel->pid)) : PD_R_NONE;
    case ACT_NEXT:
        S->tab = (S->tab + 1) % NTABS;
        S->list.sel = S->list.first = 0;
        enter(s, ui);
        return PD_R_DRAW;
    case ACT_APPROVE: {
        const struct row *p = pending_row(S, ui);
        if (!p)
            return PD_R_DRAW;
        enum pd_reaction r = decide(ui, p->id, NULL);
        reload(s, ui);
        return r;
    }
    case ACT_REJECT: {
        const struct row *p = pending_row(S, ui);
        if (!p)
            return PD_R_DRAW;
        S->asking = true;
        S->asking_id = p->id;
        pd_fedit_clear(&S->reason);
        s->text_entry = true;
        return PD_R_DRAW;
    }
    default:
        return pd_list_move(&S->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static void leave(struct pd_screen *s)
{
    struct svc *S = s->st;
    free(S->rows);
    S->rows = NULL;
}

static const struct pd_screen_ops ops = { "services", enter, key, layout, draw, leave };

struct pd_screen *pd_scr_services(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct svc));
    if (!s)
        return NULL;
    struct svc *S = s->st;
    S->rows = calloc(MAXROWS, sizeof *S->rows);
    if (!S->rows) {
        free(s->st);
        free(s);
        return NULL;
    }
    pd_strlcpy(s->title, pd_tr(S_SVC_TITLE), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_SERVICES;
    return s;
}
