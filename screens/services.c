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
#include "screens/common.h"

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
    struct pd_prompt reason;    /* typing the reason for a refusal */
    long long asking_id;        /* of this application (the list may reload meanwhile) */
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_NEXT, ACT_APPROVE, ACT_REJECT, ACT_BACK };
static const enum pd_str tab_names[NTABS] = { S_SVC_RISK, S_SVC_HEALTH, S_SVC_BENEFIT };

/* The next row with what every list has: the case and the person. */
static struct row *add(struct svc *S, long long id, const char *pid, const char *name, const char *idno)
{
    if (S->n >= MAXROWS) {
        S->more = true;
        return NULL;
    }
    struct row *r = &S->rows[S->n++];
    memset(r, 0, sizeof *r);
    r->id = id;
    pd_strlcpy(r->pid, pid, sizeof r->pid);
    pd_strlcpy(r->name, name, sizeof r->name);
    pd_strlcpy(r->idno, idno, sizeof r->idno);
    return r;
}

/* A service code's name in the UI language, the code when unknown. */
static void svc_word(char *buf, size_t size, enum pd_svc_list set, const char *code)
{
    const struct pd_svc_code *c = pd_svc_code_find(set, code);
    pd_strlcpy(buf, c ? (pd_i18n_en() ? c->en : c->zh) : code, size);
}

static int risk_cb(void *ctx, const struct pd_risk_case *c)
{
    struct row *r = add(ctx, c->id, c->person, c->name, c->id_number);
    if (!r)
        return 1;
    svc_word(r->kind, sizeof r->kind, PD_SVC_RISK, c->group);
    pd_strlcpy(r->date, c->date, sizeof r->date);
    snprintf(r->state, sizeof r->state, "%d", c->nguidance);
    pd_strlcpy(r->extra, c->last_guidance, sizeof r->extra);
    return 0;
}

static int health_cb(void *ctx, const struct pd_health_rec *h)
{
    struct row *r = add(ctx, h->id, h->person, h->name, h->id_number);
    if (!r)
        return 1;
    svc_word(r->kind, sizeof r->kind, PD_SVC_HEALTH, h->kind);
    pd_strlcpy(r->date, h->date, sizeof r->date);
    pd_strlcpy(r->state, h->quarter, sizeof r->state);
    snprintf(r->extra, sizeof r->extra, "%s%s%s", h->result, h->result[0] && h->items[0] ? " " : "", h->items);
    return 0;
}

static int benefit_cb(void *ctx, const struct pd_benefit_case *c)
{
    struct row *r = add(ctx, c->id, c->person, c->name, c->id_number);
    if (!r)
        return 1;
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
    pd_list_show(&S->list, ui->height - 4);
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
    /* the number's column is headed "No." in both languages, as before */
    struct pd_col cols[7] = { { 5, false }, { 10, false }, { 18, false }, { 22, false }, { 10, false },
                              { 9, false }, { w - 5 - 10 - 18 - 22 - 10 - 9 - 6, false } };
    static const enum pd_str third[NTABS] = { S_SVC_COL_GUIDED, S_SVC_COL_QUARTER, S_COL_STATE };
    const char *heading[7] = { "No.", pd_tr(S_NAME), pd_tr(S_IDNO), pd_tr(S_CATEGORY), pd_tr(S_SVC_COL_DATE),
                               pd_tr(third[S->tab]),
                               pd_tr(S->tab == TAB_BENEFIT ? S_SVC_COL_PAID : S_SVC_COL_NOTE) };
    pd_cols_put(y + 2, x, cols, 7, heading, R_HEADER);
    cols[0].right = true;   /* the numbers themselves to the right */
    for (int i = 0; i < S->list.rows && S->list.first + i < S->n; i++) {
        int r = S->list.first + i, ry = y + 3 + i;
        const struct row *p = &S->rows[r];
        enum pd_role_id role = r == S->list.sel ? R_SELECTED : R_NORMAL;
        char num[24];
        snprintf(num, sizeof num, "%lld", p->id);
        const char *cells[7] = { num, p->name, p->idno, p->kind, p->date, p->state, p->extra };
        pd_fill(ry, x, w, role);
        pd_cols_put(ry, x, cols, 7, cells, role);
    }
    pd_prompt_draw(&S->reason, ui, ui->top + ui->height - 1);
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

/* decide, then the list again with the message kept. */
static enum pd_reaction decide_row(struct pd_screen *s, struct pd_ui *ui, long long id, const char *reason)
{
    enum pd_reaction r = decide(ui, id, reason);
    reload(s, ui);
    return r;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct svc *S = s->st;
    if (S->reason.on) {
        const char *why = pd_prompt_take(&S->reason, s, ui, k);
        return why ? decide_row(s, ui, S->asking_id, why) : PD_R_DRAW;
    }
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
    case ACT_APPROVE:
        return pending_row(S, ui) ? decide_row(s, ui, sel->id, NULL) : PD_R_DRAW;
    case ACT_REJECT:
        if (!pending_row(S, ui))
            return PD_R_DRAW;
        S->asking_id = sel->id;
        pd_prompt_start(&S->reason, s, 0, S_REJECT_REASON, NULL, NULL, 0);
        S->reason.need = true;
        return PD_R_DRAW;
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
    PD_SCREEN_KEYS(s, keys);
    s->help = S_HELP_SERVICES;
    return s;
}
