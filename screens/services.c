/* services.c - the service and benefit cases on screen (docs/CASES.md):
 * three lists, Tab to switch: the open high-risk archives with this year's
 * guidance coverage rate, this year's women's health services, the benefit
 * ledger.  Enter opens the person, whose change menu (E) has the entry
 * forms of risk.archive, risk.guidance, risk.close and health.service; a
 * supervisor approves a benefit application with Y (the conditions are
 * decided again first, as on the command line) or refuses it with N and a
 * reason.  On the ledger A makes a new application (the applicant looked up
 * as for a second-child application, then the programme, category and the
 * fields that programme needs, the conditions of pd_benefit_check redrawn
 * after every change, saved through pd_benefit_apply), G records a payment
 * on an approved one (the payment form the fee list uses, screens/common.h)
 * and V opens one application with its conditions, decision and payments,
 * P printing it.  The lists come from store/services.h. */
#include "screens/cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/services.h"
#include "core/text.h"
#include "tui/form.h"
#include "report/service_report.h"
#include "store/search.h"
#include "store/services.h"

#define MAXROWS 1000

enum { TAB_RISK, TAB_HEALTH, TAB_BENEFIT, NTABS };

struct row {
    long long id;
    char pid[PD_EV_REF_MAX], name[96], idno[20];
    char kind[96], date[PD_DATE_STRLEN], state[40], extra[220];
    bool pending;           /* a benefit application awaiting a decision */
    bool approved;          /* a benefit application approved (payments go on it) */
    long amount, paid;      /* benefit: yuan approved/applied for, paid */
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
    struct pd_prompt who;       /* A: the applicant */
    struct pd_payform pay;      /* G: a payment under the ledger */
    long long select;           /* an application just made: selected on the next load */
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_NEXT, ACT_APPROVE, ACT_REJECT, ACT_BACK };
/* the ledger's own: Y/N/Tab/Enter as before, A new, G pay, V view */
static const enum pd_action ben_keys[] = { ACT_OPEN, ACT_NEXT, ACT_BEN_NEW, ACT_APPROVE, ACT_REJECT, ACT_BEN_PAY,
                                           ACT_VIEW, ACT_BACK };

static struct pd_screen *benefit_new_screen(struct pd_ui *ui, const char *pid, long long *select);
static struct pd_screen *benefit_case_screen(struct pd_ui *ui, long long id);

static void keys_for_tab(struct pd_screen *s)
{
    struct svc *S = s->st;
    if (S->tab == TAB_BENEFIT)
        PD_SCREEN_KEYS(s, ben_keys);
    else
        PD_SCREEN_KEYS(s, keys);
}
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

/* An application's state in the UI language (the stored word when unknown). */
static const char *ben_state_word(const char *state)
{
    static const char *const words[4][3] = { { "applied", "待审批", "pending" }, { "approved", "已批准", "approved" },
                                             { "refused", "不予批准", "refused" }, { "paid", "已发放", "paid" } };
    for (int i = 0; i < 4; i++)
        if (strcmp(state, words[i][0]) == 0)
            return words[i][pd_i18n_en() ? 2 : 1];
    return state;
}

static int benefit_cb(void *ctx, const struct pd_benefit_case *c)
{
    struct row *r = add(ctx, c->id, c->person, c->name, c->id_number);
    if (!r)
        return 1;
    snprintf(r->kind, sizeof r->kind, "%s/%s", pd_benefit_prog_key(c->prog), pd_benefit_cat_zh(c->prog, c->category));
    pd_strlcpy(r->date, c->applied, sizeof r->date);
    pd_strlcpy(r->state, ben_state_word(c->state), sizeof r->state);
    snprintf(r->extra, sizeof r->extra, "%ld / %ld", c->paid, c->amount);
    r->pending = strcmp(c->state, "applied") == 0;
    r->approved = strcmp(c->state, "approved") == 0;
    r->amount = c->amount;
    r->paid = c->paid;
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
    } else if (S->select && ui->status[0]) {
        /* back from a new application: its message stays */
    } else {
        char msg[100];
        pd_trf(msg, sizeof msg, S->more ? S_FOUND_MORE : S_FOUND, S->n);
        pd_ui_say(ui, false, "%s", msg);
    }
    S->list.n = S->n;
    if (S->select) {
        for (int i = 0; i < S->n; i++)
            if (S->rows[i].id == S->select)
                S->list.sel = i;
        S->select = 0;
    }
    pd_list_fix(&S->list);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct svc *S = s->st;
    pd_list_show(&S->list, ui->height - 4 - (S->pay.on ? 4 : 0));   /* the payment form under the list */
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
    pd_prompt_draw(&S->who, ui, ui->top + ui->height - 1);
    pd_payform_draw(&S->pay, ui, ui->top + ui->height - 5);
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

/* A payment on application pay.id, through pd_benefit_pay (never above what
 * remains, only on an approved application). */
static enum pd_reaction pay_save(struct pd_screen *s, struct pd_ui *ui)
{
    struct svc *S = s->st;
    long long id = S->pay.id;
    if (!pd_payform_save(&S->pay, s, ui, pd_benefit_pay))
        return PD_R_DRAW;
    layout(s, ui);
    S->select = id;
    enter(s, ui);
    char msg[PD_MSG_MAX];
    for (int i = 0; i < S->n; i++)
        if (S->rows[i].id == id) {
            pd_trf(msg, sizeof msg, S_BEN_PAID, id, S->rows[i].paid, S->rows[i].amount - S->rows[i].paid);
            pd_ui_say(ui, false, "%s", msg);
        }
    return PD_R_DRAW;
}

static enum pd_reaction pay_open(struct pd_screen *s, struct pd_ui *ui, const struct row *r)
{
    struct svc *S = s->st;
    if (!r->approved) {
        pd_ui_say(ui, true, "%s", pd_tr(S_BEN_NOT_APPROVED));
        return PD_R_DRAW;
    }
    char title[240];
    pd_trf(title, sizeof title, S_BEN_PAY_TITLE, r->id, r->name, r->amount - r->paid);
    if (!pd_payform_open(&S->pay, s, ui, "benefit.payment", r->id, r->amount - r->paid, title))
        pd_ui_say(ui, true, "out of memory");
    layout(s, ui);
    return PD_R_DRAW;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct svc *S = s->st;
    if (S->reason.on) {
        const char *why = pd_prompt_take(&S->reason, s, ui, k);
        return why ? decide_row(s, ui, S->asking_id, why) : PD_R_DRAW;
    }
    if (S->who.on) {
        const char *q = pd_prompt_take(&S->who, s, ui, k);
        char pid[PD_EV_REF_MAX];
        if (!q || !pd_ui_find_person(ui, q, false, pid, sizeof pid))
            return PD_R_DRAW;
        return pd_ui_push(ui, benefit_new_screen(ui, pid, &S->select));
    }
    if (S->pay.on) {
        enum pd_pay_step st = pd_payform_key(&S->pay, s, ui, k);
        if (st == PD_PAY_CANCEL)
            layout(s, ui);
        return st == PD_PAY_SAVE ? pay_save(s, ui) : PD_R_DRAW;
    }
    /* the arrows first: ACT_NEXT is also bound to Down (for forms) */
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN,
                                           ACT_NEXT, ACT_APPROVE, ACT_REJECT, ACT_BEN_NEW, ACT_BEN_PAY, ACT_VIEW };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    const struct row *sel = S->n ? &S->rows[S->list.sel] : NULL;
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: return sel ? pd_ui_push(ui, pd_scr_person(ui, sel->pid)) : PD_R_NONE;
    case ACT_NEXT:
        S->tab = (S->tab + 1) % NTABS;
        S->list.sel = S->list.first = 0;
        keys_for_tab(s);
        enter(s, ui);
        return PD_R_DRAW;
    case ACT_BEN_NEW:
        if (S->tab != TAB_BENEFIT || !pd_ui_may_change(ui))
            return PD_R_DRAW;
        pd_prompt_start(&S->who, s, 0, S_BEN_ASK_WHO, NULL, pd_prompt_keys, 2);
        return PD_R_DRAW;
    case ACT_BEN_PAY:
        if (S->tab != TAB_BENEFIT || !sel || !pd_ui_may_change(ui))
            return PD_R_DRAW;
        return pay_open(s, ui, sel);
    case ACT_VIEW:
        if (S->tab != TAB_BENEFIT || !sel)
            return PD_R_NONE;
        return pd_ui_push(ui, benefit_case_screen(ui, sel->id));
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
    pd_payform_close(&S->pay, s);
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
        return pd_screen_drop(s);
    }
    pd_strlcpy(s->title, pd_tr(S_SVC_TITLE), sizeof s->title);
    PD_SCREEN_KEYS(s, keys);
    s->help = S_HELP_SERVICES;
    return s;
}

/* ---- a new benefit application ---------------------------------------------- */

/* The rows: programme and category from lists, then the typed fields the
 * programme needs (docs/CASES.md "Other benefits"). */
enum { BN_PROG, BN_CAT, BN_DATE, BN_INCOME, BN_COST, BN_AMOUNT, BN_BIRTH, BN_CHILD, BN_REASON, BN__COUNT };

/* The child may be typed as an ID number (looked up), so not the event's
 * person-id field. */
static const struct pd_field bn_child = { "child", "子女（身份证号或档案号）", "child (ID number or person id)",
                                          PD_F_TEXT, 0, 0, 40, 0, NULL, NULL };

struct benew {
    struct pd_case_person applicant;
    long long *select;          /* the ledger's: the application saved is selected there */
    int progs[PD_BEN__COUNT], nprogs, pi;   /* the programmes the policy file has */
    int cat;
    struct pd_rowform rf;       /* the rows; rf.ok: the conditions allow saving */
    struct pd_benefit_result res;
};

static const enum pd_action bn_keys[] = { ACT_SAVE, ACT_NEXT, ACT_CHOOSE, ACT_BACK };
/* each row's name in the store's errors, the typed ones benefit.apply's fields */
static const char *const bn_rows[BN__COUNT] = { "programme", "category", "date", "income", "cost", "amount",
                                                "birth_date", "child", "reason" };

static enum pd_benefit_prog bn_prog(const struct benew *B)
{
    return B->nprogs ? (enum pd_benefit_prog)B->progs[B->pi] : PD_BEN_HARDSHIP;
}

static bool bn_cat_is(const struct benew *B, const char *cat)
{
    return strcmp(pd_benefit_cat_key(bn_prog(B), B->cat), cat) == 0;
}

/* Which rows this programme and category ask for. */
static bool bn_row_used(const void *st, int row)
{
    const struct benew *B = st;
    enum pd_benefit_prog p = bn_prog(B);
    switch (row) {
    case BN_INCOME: return p == PD_BEN_HARDSHIP && bn_cat_is(B, "poverty");
    case BN_COST: return p == PD_BEN_HARDSHIP && bn_cat_is(B, "illness");
    case BN_AMOUNT: return p == PD_BEN_WELFARE;
    case BN_BIRTH: return p == PD_BEN_MIGRANT;
    case BN_CHILD: return p == PD_BEN_MIGRANT || (p == PD_BEN_HARDSHIP && bn_cat_is(B, "education"));
    default: return true;
    }
}

static long bn_number(const struct benew *B, const char *key, long none)
{
    const char *t = pd_form_text(&B->rf.fm, key);
    return *t ? strtol(t, NULL, 10) : none;
}

/* The options as typed; false (why filled) when the child is not found. */
static bool bn_opts(struct pd_ui *ui, struct benew *B, struct pd_benefit_apply_opts *o, char *child, size_t csize)
{
    memset(o, 0, sizeof *o);
    o->person = B->applicant.pid;
    o->prog = bn_prog(B);
    o->category = B->cat;
    o->date = pd_form_text(&B->rf.fm, "date");
    o->amount = bn_row_used(B, BN_AMOUNT) ? bn_number(B, "amount", 0) : 0;
    o->income = bn_row_used(B, BN_INCOME) ? bn_number(B, "income", -1) : -1;
    o->cost = bn_row_used(B, BN_COST) ? bn_number(B, "cost", -1) : -1;
    const char *t = pd_form_text(&B->rf.fm, "birth_date");
    o->birth_date = bn_row_used(B, BN_BIRTH) && *t ? t : NULL;
    t = pd_form_text(&B->rf.fm, "reason");
    o->reason = *t ? t : NULL;
    if (!pd_rowform_person(&B->rf, ui, BN_CHILD, child, csize))
        return false;
    o->child = child[0] ? child : NULL;
    return true;
}

/* The conditions decided again (pd_benefit_check, as `case benefit check`). */
static void bn_recheck(struct pd_ui *ui, struct benew *B)
{
    const struct pd_policy *pol = pd_rowform_recheck(&B->rf, ui, "programme");
    if (!pol)
        return;
    if (!B->nprogs) {
        pd_fail(&B->rf.why, PD_ECONFIG, "programme", "%s", pd_tr(S_BEN_NO_PROG));
        return;
    }
    struct pd_benefit_apply_opts o;
    char child[PD_EV_REF_MAX];
    if (!bn_opts(ui, B, &o, child, sizeof child))
        return;
    if (pd_benefit_check(ui->db, pol, &o, 0, &B->res, &B->rf.why) == PD_OK)
        B->rf.ok = true;
    else
        B->rf.why_row = pd_rowform_row_of(&B->rf, B->rf.why.field);
}

static void bn_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct benew *B = s->st;
    ui->status[0] = '\0';   /* the list's count is not this form's */
    pd_case_person_load(ui, s, &B->applicant, S_BEN_NEW_TITLE);
    bn_recheck(ui, B);
}

static void prog_title(struct pd_ui *ui, enum pd_benefit_prog p, char *buf, size_t size)
{
    const struct pd_policy *pol = pd_ui_policy(ui);
    const char *t = pol && pol->benefit[p].title[0] ? pol->benefit[p].title : pd_benefit_prog_zh(p);
    if (pd_i18n_en())
        snprintf(buf, size, "%s (%s)", pd_benefit_prog_key(p), t);
    else
        pd_strlcpy(buf, t, size);
}

static void bn_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct benew *B = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top, bottom = ui->top + ui->height - 1;
    char line[600], word[300];
    pd_case_person_draw(&B->applicant, y, x, w, S_BEN_APPLICANT);
    static const enum pd_str labels[BN__COUNT] = { S_BEN_PROG, S_CATEGORY, S_BEN_DATE, S_BEN_INCOME, S_BEN_COST,
                                                   S_BEN_AMOUNT, S_BEN_BIRTH, S_BEN_CHILD, S_BEN_REASON };
    int lw = 18, bw = 30, ry = y + 2;
    enum pd_benefit_prog p = bn_prog(B);
    for (int r = 0; r < BN__COUNT; r++) {
        if (!bn_row_used(B, r))
            continue;
        if (r == BN_PROG)
            prog_title(ui, p, word, sizeof word);
        else if (r == BN_CAT)
            snprintf(word, sizeof word, "%s", pd_i18n_en() ? pd_benefit_cat_key(p, B->cat)
                                                           : pd_benefit_cat_zh(p, B->cat));
        pd_rowform_row(&B->rf, ui, r, ry++, x, w, lw, bw, pd_tr(labels[r]), B->nprogs ? word : "-");
    }
    /* the conditions, after every change */
    ry++;
    pd_put(ry++, x, w, pd_tr(S_BEN_CONDS), R_HEADER);
    if (!B->rf.ok) {
        pd_trf(line, sizeof line, S_BEN_CANNOT, B->rf.why.msg);
        pd_put(ry++, x + 1, w - 1, line, R_ERROR);
        return;
    }
    for (int i = 0; i < B->res.n && ry < bottom - 1; i++, ry++) {
        enum pd_chk st = B->res.c[i].state;
        enum pd_role_id role = st == PD_CHK_MET ? R_GOOD : st == PD_CHK_NOT_MET ? R_ERROR : R_WARN;
        pd_benefit_words_text(B->res.c[i].words, NULL, word, sizeof word);
        pd_put(ry, x + 1, 8, pd_chk_word(st), role);
        pd_put(ry, x + 10, w - 10, word, R_NORMAL);
        if (pd_text_width(word) > w - 10 && ry + 1 < bottom - 1)   /* the rest of long words below */
            pd_put(++ry, x + 10, w - 10, word + pd_text_fit(word, w - 11), R_NORMAL);
    }
    if (ry <= bottom) {
        if (B->res.blocked)
            pd_put(ry, x + 1, w - 1, pd_tr(S_BEN_BLOCKED), R_WARN);
        else {
            pd_trf(line, sizeof line, S_BEN_CLEAR, B->res.amount);
            pd_put(ry, x + 1, w - 1, line, R_GOOD);
        }
    }
}

static enum pd_reaction bn_save(struct pd_screen *s, struct pd_ui *ui)
{
    struct benew *B = s->st;
    if (!pd_ui_may_change(ui) || !pd_rowform_valid(&B->rf, ui))
        return PD_R_DRAW;
    bn_recheck(ui, B);
    const struct pd_policy *pol = pd_ui_policy(ui);
    struct pd_benefit_apply_opts o;
    char child[PD_EV_REF_MAX];
    if (!B->rf.ok || !pol || !bn_opts(ui, B, &o, child, sizeof child)) {
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), B->rf.why.msg);
        return PD_R_DRAW;
    }
    struct pd_error err;
    pd_error_clear(&err);
    long long id = 0;
    struct pd_benefit_result r;
    if (pd_benefit_apply(ui->db, pol, &o, ui->user, &id, &r, &err) != PD_OK) {
        B->rf.why = err;
        B->rf.why_row = pd_rowform_row_of(&B->rf, err.field);
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        return PD_R_DRAW;
    }
    ui->push.soon = true;
    if (B->select)
        *B->select = id;
    char msg[PD_MSG_MAX];
    pd_trf(msg, sizeof msg, S_BEN_SAVED, id, o.prog == PD_BEN_WELFARE ? o.amount : r.amount);
    pd_ui_say(ui, false, "%s", msg);
    return PD_R_POP;
}

static enum pd_reaction bn_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct benew *B = s->st;
    switch (pd_rowform_key(&B->rf, ui, k)) {
    case ACT_SAVE: return bn_save(s, ui);
    case ACT_BACK: return PD_R_POP;
    case ACT_CHOOSE: {
        int d = pd_key_is(k, ACT_LEFT) ? -1 : 1;
        if (B->rf.row == BN_PROG && B->nprogs) {
            B->pi = (B->pi + d + B->nprogs) % B->nprogs;
            B->cat = 0;
        } else if (B->rf.row == BN_CAT) {
            int n = pd_benefit_ncats(bn_prog(B));
            B->cat = (B->cat + d + n) % n;
        }
        break;
    }
    default: break;
    }
    bn_recheck(ui, B);
    return PD_R_DRAW;
}

static void bn_leave(struct pd_screen *s)
{
    struct benew *B = s->st;
    pd_form_done(&B->rf.fm);
}

static const struct pd_screen_ops bn_ops = { "benefit-new", bn_enter, bn_key, NULL, bn_draw, bn_leave };

static struct pd_screen *benefit_new_screen(struct pd_ui *ui, const char *pid, long long *select)
{
    if (!pd_ui_may_change(ui))
        return NULL;
    struct pd_screen *s = pd_screen_new(&bn_ops, sizeof(struct benew));
    if (!s)
        return NULL;
    struct benew *B = s->st;
    pd_strlcpy(B->applicant.pid, pid, sizeof B->applicant.pid);
    B->select = select;
    const struct pd_policy *pol = pd_ui_policy(ui);
    for (int p = 0; pol && p < PD_BEN__COUNT; p++)
        if (pol->benefit[p].configured)
            B->progs[B->nprogs++] = p;
    pd_rowform_init(&B->rf, ui, BN__COUNT, bn_rows, bn_row_used, B);
    char today[PD_DATE_STRLEN];
    pd_date_format(pd_db_today(ui->db), today);
    bool fail = false;
    for (int r = BN_DATE; r < BN__COUNT; r++) {
        const struct pd_field *f = r == BN_CHILD ? &bn_child : pd_ui_event_field("benefit.apply", bn_rows[r]);
        if (!pd_rowform_add(&B->rf, r, f, r == BN_DATE ? today : NULL))
            fail = true;
    }
    if (fail) {
        pd_form_done(&B->rf.fm);
        return pd_screen_drop(s);
    }
    pd_strlcpy(s->title, pd_tr(S_SVC_BENEFIT), sizeof s->title);
    PD_SCREEN_KEYS(s, bn_keys);
    s->text_entry = true;
    s->help = S_HELP_BEN_NEW;
    return s;
}

/* ---- one application ---------------------------------------------------------- */

struct bencase {
    long long id;
    struct pd_benefit_case *c;  /* owned */
};

static const enum pd_action bc_keys[] = { ACT_PRINT, ACT_BACK };

static void bc_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct bencase *C = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    if (!C->c)
        C->c = malloc(sizeof *C->c);
    if (!C->c) {
        pd_ui_say(ui, true, "out of memory");
        return;
    }
    if (pd_benefit_get(ui->db, C->id, C->c, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        free(C->c);
        C->c = NULL;
        return;
    }
    char t[200];
    pd_trf(t, sizeof t, S_BEN_CASE_TITLE, C->id, C->c->name);
    pd_strlcpy(s->title, t, sizeof s->title);
}

static void bc_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct bencase *C = s->st;
    const struct pd_benefit_case *c = C->c;
    if (!c)
        return;
    int x = 1, w = ui->cols - 2, y = ui->top, bottom = ui->top + ui->height - 1;
    char line[2400], word[300];
    snprintf(line, sizeof line, "%lld  %s %s  %s %s", c->id, c->name, c->id_number, pd_tr(S_HOUSEHOLD), c->household);
    pd_put(y++, x, w, line, R_HEADER);
    prog_title(ui, c->prog, word, sizeof word);
    snprintf(line, sizeof line, "%s: %s / %s", pd_tr(S_BEN_PROG), word,
             pd_i18n_en() ? pd_benefit_cat_key(c->prog, c->category) : pd_benefit_cat_zh(c->prog, c->category));
    pd_put(y++, x, w, line, R_NORMAL);
    snprintf(line, sizeof line, "%s: %s   %s: %s", pd_tr(S_BEN_DATE), c->applied, pd_tr(S_COL_STATE),
             ben_state_word(c->state));
    pd_put(y++, x, w, line, R_NORMAL);
    pd_trf(line, sizeof line, S_BEN_MONEY, c->amount, c->paid, c->amount - c->paid);
    int l = (int)strlen(line);
    if (c->income >= 0 && l < (int)sizeof line)
        l += snprintf(line + l, sizeof line - (size_t)l, "   %s %ld", pd_tr(S_BEN_INCOME), c->income);
    if (c->cost >= 0 && l >= 0 && l < (int)sizeof line)
        l += snprintf(line + l, sizeof line - (size_t)l, "   %s %ld", pd_tr(S_BEN_COST), c->cost);
    if (c->birth_date[0] && l >= 0 && l < (int)sizeof line)
        snprintf(line + l, sizeof line - (size_t)l, "   %s %s", pd_tr(S_BEN_BIRTH), c->birth_date);
    pd_put(y++, x, w, line, R_NORMAL);
    if (c->reason[0]) {
        snprintf(line, sizeof line, "%s: %s", pd_tr(S_BEN_REASON), c->reason);
        pd_put(y++, x, w, line, R_DIM);
    }
    /* the conditions as decided when applied, one a row */
    pd_put(y++, x, w, pd_tr(S_BEN_CONDS_SAVED), R_HEADER);
    pd_benefit_words_text(c->checks, NULL, line, sizeof line);
    for (char *p = line; *p && y < bottom - 4;) {
        char *semi = strstr(p, "；"), *en = strstr(p, "; ");
        char *end = semi && (!en || semi < en) ? semi : en;
        size_t skip = end && end == semi ? strlen("；") : 2;
        if (end)
            *end = '\0';
        bool no = strstr(p, pd_tr(S_CHK_NOT)) != NULL || strstr(p, "NOT MET") != NULL;
        pd_put(y++, x + 1, w - 1, p, no ? R_ERROR : R_NORMAL);
        if (!end)
            break;
        p = end + skip;
    }
    /* the decision */
    pd_put(y++, x, w, pd_tr(S_BEN_DECISION), R_HEADER);
    if (c->decided[0])
        snprintf(line, sizeof line, "%s  %s  %s%s%s  %s", ben_state_word(strcmp(c->state, "refused") == 0 ? "refused"
                                                                                                       : "approved"),
                 c->decided, c->decided_by, c->reviewer[0] ? " / " : "", c->reviewer, c->decision_reason);
    else
        pd_strlcpy(line, pd_tr(S_BEN_UNDECIDED), sizeof line);
    pd_put(y++, x + 1, w - 1, line, R_NORMAL);
    /* the payments */
    pd_put(y++, x, w, pd_tr(S_BEN_PAYMENTS), R_HEADER);
    if (c->npayments == 0)
        pd_put(y++, x + 1, w - 1, pd_tr(S_BEN_NO_PAYMENTS), R_DIM);
    for (int i = 0; i < c->npayments && i < PD_BEN_PAYMENTS && y <= bottom; i++, y++) {
        const struct pd_case_payment *p = &c->payments[i];
        snprintf(line, sizeof line, "%s  %ld  %s  %s", p->date, p->amount, p->receipt, p->user);
        pd_put(y, x + 1, w - 1, line, R_NORMAL);
    }
}

static enum pd_reaction bc_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct bencase *C = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_PRINT };
    switch (PD_UI_ACTION(ui, k, acts)) {
    case ACT_BACK: return PD_R_POP;
    case ACT_PRINT: {
        if (!C->c)
            return PD_R_NONE;
        char name[64];
        struct pd_case_job j;
        pd_case_job_start(ui, &j);
        snprintf(name, sizeof name, "benefit-%lld", C->id);
        /* the titles from the policy file when there is one, as the command line */
        pd_case_print(ui, pd_benefit_case_report(C->c, pd_ui_policy(ui), j.office, &j.err), name, &j);
        return PD_R_DRAW;
    }
    default: return PD_R_NONE;
    }
}

static void bc_leave(struct pd_screen *s)
{
    struct bencase *C = s->st;
    free(C->c);
    C->c = NULL;
}

static const struct pd_screen_ops bc_ops = { "benefit-case", bc_enter, bc_key, NULL, bc_draw, bc_leave };

static struct pd_screen *benefit_case_screen(struct pd_ui *ui, long long id)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&bc_ops, sizeof(struct bencase));
    if (!s)
        return NULL;
    struct bencase *C = s->st;
    C->id = id;
    snprintf(s->title, sizeof s->title, "%s %lld", pd_tr(S_SVC_BENEFIT), id);
    PD_SCREEN_KEYS(s, bc_keys);
    s->help = S_HELP_BEN_CASE;
    return s;
}
