/* subsidy.c - the subsidy screens (issue 5): the annual confirmation of one
 * programme and year (pd_confirmation_build: new, continuing, leaving, with
 * this year's decisions), filtered; and one person's assessment with every
 * condition in words (pd_subsidy_assess + pd_subsidy_cond_words), where a
 * supervisor or administrator records the decision (pd_subsidy_decide: a
 * subsidy.decision event, signed, audited, pushed to the district). */
#include "screens/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "core/subsidy.h"
#include "core/text.h"
#include "store/db.h"
#include "store/policy_facts.h"
#include "store/subsidy_store.h"
#include "tui/form.h"

enum { F_ALL, F_NEW, F_CONT, F_LEAVE, F_UNDECIDED, F__COUNT };

struct sublist {
    int prog, year, filter;
    struct pd_confirmation conf;
    bool built;
    int *idx;          /* rows shown (the filter) */
    int nidx;
    struct pd_list list;
};

static const enum pd_action list_keys[] = { ACT_OPEN, ACT_FILTER, ACT_PROG, ACT_YEAR_PREV,
                                            ACT_YEAR_NEXT, ACT_BACK };

static const char *lang(void) { return pd_i18n_lang(); }

static const char *filter_word(int f)
{
    switch (f) {
    case F_NEW: return pd_confirm_status_words(PD_CONFIRM_NEW, lang());
    case F_CONT: return pd_confirm_status_words(PD_CONFIRM_CONTINUING, lang());
    case F_LEAVE: return pd_confirm_status_words(PD_CONFIRM_LEAVING, lang());
    case F_UNDECIDED: return pd_tr(S_SF_UNDECIDED);
    default: return pd_tr(S_F_ALL);
    }
}

static const char *decision_word(const char *d)
{
    if (strcmp(d, "approve") == 0)
        return pd_tr(S_D_APPROVE);
    if (strcmp(d, "reject") == 0)
        return pd_tr(S_D_REJECT);
    return "";
}

static void refilter(struct sublist *S)
{
    S->nidx = 0;
    for (int i = 0; S->built && i < S->conf.nrows; i++) {
        const struct pd_confirm_row *r = &S->conf.rows[i];
        bool keep = S->filter == F_ALL ||
                    (S->filter == F_NEW && r->status == PD_CONFIRM_NEW) ||
                    (S->filter == F_CONT && r->status == PD_CONFIRM_CONTINUING) ||
                    (S->filter == F_LEAVE && r->status == PD_CONFIRM_LEAVING) ||
                    (S->filter == F_UNDECIDED && !r->decision[0]);
        if (keep)
            S->idx[S->nidx++] = i;
    }
    S->list.n = S->nidx;
    pd_list_fix(&S->list);
}

static void title(struct pd_screen *s)
{
    struct sublist *S = s->st;
    snprintf(s->title, sizeof s->title, "%s: %s %d", pd_tr(S_SUBSIDIES), pd_programme_word(S->prog),
             S->year);
}

/* Frees the confirmation and its filter (leave, and before building anew). */
static void list_leave(struct pd_screen *s)
{
    struct sublist *S = s->st;
    if (S->built)
        pd_confirmation_done(&S->conf);
    S->built = false;
    free(S->idx);
    S->idx = NULL;
}

static void build(struct pd_screen *s, struct pd_ui *ui)
{
    struct sublist *S = s->st;
    list_leave(s);
    S->nidx = 0;
    S->list.n = 0;
    title(s);
    const struct pd_policy *pol = pd_ui_policy(ui);
    if (!pol) {
        pd_ui_say(ui, true, "%s", ui->policy_err);
        return;
    }
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_confirmation_build(ui->db, pol, (enum pd_programme)S->prog, S->year, &S->conf, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return;
    }
    S->built = true;
    S->idx = calloc((size_t)(S->conf.nrows > 0 ? S->conf.nrows : 1), sizeof *S->idx);
    if (!S->idx) {
        pd_confirmation_done(&S->conf);
        S->built = false;
        pd_ui_say(ui, true, "out of memory");
        return;
    }
    refilter(S);
}

static void list_enter(struct pd_screen *s, struct pd_ui *ui)
{
    build(s, ui);
}

static void list_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct sublist *S = s->st;
    pd_list_show(&S->list, ui->height - 4);
}

static void list_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct sublist *S = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char line[600];
    if (!S->built) {
        pd_put(y, x, w, pd_programme_word(S->prog), R_HEADER);
        return;
    }
    const struct pd_confirmation *c = &S->conf;
    pd_trf(line, sizeof line, S_SUB_HEAD, pd_programme_word(S->prog), S->year,
           c->count[PD_CONFIRM_NEW], c->count[PD_CONFIRM_CONTINUING], c->count[PD_CONFIRM_LEAVING],
           c->approved, c->rejected, c->undecided);
    pd_put(y, x, w, line, R_HEADER);
    char amt[300];
    pd_trf(amt, sizeof amt, S_SUB_AMOUNTS, c->amount[PD_CONFIRM_NEW], c->amount[PD_CONFIRM_CONTINUING],
           c->amount[PD_CONFIRM_LEAVING]);
    snprintf(line, sizeof line, "%s   %s: %s", amt, pd_tr(S_FILTER), filter_word(S->filter));
    pd_put(y + 1, x, w, line, R_NORMAL);
    /* columns: group, name, age, children, category, amount, decision, reason */
    int ck = ui->cols >= 120 ? 14 : 10;
    const struct pd_col cols[8] = { { 6, false }, { 10, false }, { 5, true }, { 8, false }, { ck, false },
                                    { 8, true }, { 8, false }, { w - 6 - 10 - 5 - 8 - ck - 8 - 8 - 7, false } };
    static const enum pd_str head[8] = { S_GROUP, S_NAME, S_AGE, S_CHILDREN, S_CATEGORY, S_AMOUNT,
                                         S_DECISION, S_FAILING };
    pd_cols_head(y + 2, x, w, cols, 8, head, S->nidx == 0);
    for (int i = 0; i < S->list.rows && S->list.first + i < S->nidx; i++) {
        int k = S->list.first + i, ry = y + 3 + i;
        const struct pd_confirm_row *r = &c->rows[S->idx[k]];
        enum pd_role_id role = k == S->list.sel ? R_SELECTED : R_NORMAL;
        char age[16], kids[64], money[24], why[400];
        int a = pd_age_in_year(r->facts.birth, S->year);
        snprintf(age, sizeof age, a >= 0 ? "%d" : "", a);
        if (pd_i18n_en())
            snprintf(kids, sizeof kids, "%d", r->facts.nchildren);
        else
            pd_subsidy_children_words(&r->facts, kids, sizeof kids);
        long yuan = r->status == PD_CONFIRM_LEAVING ? r->last_amount : r->result.yearly;
        snprintf(money, sizeof money, "%ld", yuan);
        if (r->status == PD_CONFIRM_LEAVING)
            pd_subsidy_reasons(&r->result, lang(), true, why, sizeof why);
        else
            why[0] = '\0';
        const char *cells[8] = { pd_confirm_status_words(r->status, lang()), r->facts.name, age, kids,
                                 pd_subsidy_category_words(r->result.category, lang()), money,
                                 decision_word(r->decision), why };
        pd_fill(ry, x, w, role);
        pd_cols_put(ry, x, cols, 8, cells, role);
    }
}

static struct pd_screen *person_screen(struct pd_ui *ui, const struct pd_confirm_row *row, int prog,
                                       int year);

static enum pd_reaction list_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct sublist *S = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_FILTER, ACT_PROG, ACT_YEAR_PREV,
                                           ACT_YEAR_NEXT, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_FILTER:
        S->filter = (S->filter + 1) % F__COUNT;
        S->list.sel = S->list.first = 0;
        refilter(S);
        return PD_R_DRAW;
    case ACT_PROG:
        S->prog = (S->prog + 1) % PD_PROG__COUNT;
        S->list.sel = S->list.first = 0;
        build(s, ui);
        return PD_R_DRAW;
    case ACT_YEAR_PREV: case ACT_YEAR_NEXT:
        S->year += a == ACT_YEAR_NEXT ? 1 : -1;
        if (S->year < 1990)
            S->year = 1990;
        if (S->year > 2100)
            S->year = 2100;
        S->list.sel = S->list.first = 0;
        build(s, ui);
        return PD_R_DRAW;
    case ACT_OPEN:
        if (S->nidx == 0)
            return PD_R_NONE;
        return pd_ui_push(ui, person_screen(ui, &S->conf.rows[S->idx[S->list.sel]], S->prog, S->year));
    default:
        return pd_list_move(&S->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops list_ops = { "subsidy", list_enter, list_key, list_layout,
                                               list_draw, list_leave };

struct pd_screen *pd_scr_subsidy(struct pd_ui *ui, int prog, int year)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&list_ops, sizeof(struct sublist));
    if (!s)
        return NULL;
    struct sublist *S = s->st;
    S->prog = prog >= 0 && prog < PD_PROG__COUNT ? prog : PD_PROG_REWARD;
    S->year = year;
    title(s);
    PD_SCREEN_KEYS(s, list_keys);
    s->help = S_HELP_SUBSIDY;
    return s;
}

/* ---- one person: every condition, and the decision ---------------------- */

struct subperson {
    struct pd_confirm_row row;       /* as the list had it (group, last year, decision) */
    int prog, year;
    struct pd_subsidy_result res;    /* assessed again from the register now */
    bool have;
    bool confirm_approve;            /* Y pressed on someone not eligible */
    struct pd_prompt reason;         /* typing the reason for a rejection */
};

static const enum pd_action sup_keys[] = { ACT_APPROVE, ACT_REJECT, ACT_BACK };
static const enum pd_action view_keys[] = { ACT_BACK };

static void person_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct subperson *P = s->st;
    const struct pd_policy *pol = pd_ui_policy(ui);
    struct pd_error err;
    pd_error_clear(&err);
    P->have = false;
    if (!pol) {
        pd_ui_say(ui, true, "%s", ui->policy_err);
        return;
    }
    struct pd_person_facts f;
    if (pd_person_facts_get(ui->db, P->row.facts.pid, &f, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return;
    }
    P->row.facts = f;
    pd_subsidy_assess(pol, (enum pd_programme)P->prog, P->year, &f, &P->res);
    P->have = true;
}

static void person_layout(struct pd_screen *s, struct pd_ui *ui)
{
    (void)s;
    (void)ui;
}

static void person_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct subperson *P = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    const struct pd_person_facts *f = &P->row.facts;
    char line[700], buf[400];
    snprintf(line, sizeof line, "%s  %s  %s  %s %d  %s", f->name, f->id_number, f->pid,
             pd_programme_word(P->prog), P->year,
             pd_confirm_status_words(P->row.status, lang()));
    pd_put(y, x, w, line, R_HEADER);
    if (!P->have)
        return;
    if (P->res.eligible)
        pd_trf(line, sizeof line, S_ELIGIBLE, pd_subsidy_category_words(P->res.category, lang()),
               P->res.yearly);
    else
        pd_strlcpy(line, pd_tr(S_NOT_ELIGIBLE), sizeof line);
    if (P->row.last_amount > 0) {
        pd_trf(buf, sizeof buf, S_LAST_YEAR_AMT, P->row.last_amount);
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, "; %s", buf);
    }
    pd_put(y + 2, x, w, line, P->res.eligible ? R_GOOD : R_ERROR);
    int cy = y + 4;
    for (int i = 0; i < P->res.ncond && cy < ui->top + ui->height - 4; i++, cy++) {
        const struct pd_cond *c = &P->res.cond[i];
        pd_put(cy, x + 1, 6, pd_tr(c->ok ? S_COND_OK : S_COND_FAIL), c->ok ? R_GOOD : R_ERROR);
        pd_put(cy, x + 8, w - 8, pd_subsidy_cond_words(c, lang(), buf, sizeof buf), R_NORMAL);
    }
    int by = ui->top + ui->height - 3;
    pd_hline(by, x, w);
    if (P->row.decision[0]) {
        pd_trf(line, sizeof line, S_DECIDED, decision_word(P->row.decision), P->row.decided_by,
               P->row.decided_on);
        pd_put(by + 1, x, w, line, strcmp(P->row.decision, "approve") == 0 ? R_GOOD : R_WARN);
    } else {
        pd_put(by + 1, x, w, pd_tr(S_NO_DECISION), R_DIM);
    }
    pd_prompt_draw(&P->reason, ui, by + 2);
}

static bool may_decide(struct pd_ui *ui)
{
    if (ui->role == PD_ROLE_SUPERVISOR || ui->role == PD_ROLE_ADMIN)
        return true;
    pd_ui_say(ui, true, "%s", pd_tr(S_NOT_SUPERVISOR));
    return false;
}

static enum pd_reaction decide(struct pd_ui *ui, struct subperson *P, bool approve)
{
    struct pd_decision d = {
        .pid = P->row.facts.pid, .prog = (enum pd_programme)P->prog, .year = P->year,
        .approve = approve, .reason = approve ? NULL : P->reason.ed.buf,
        .category = P->res.category, .status = (int)P->row.status,
        .amount = approve ? P->res.yearly : 0, .date = pd_db_today(ui->db),
    };
    struct pd_error err;
    pd_error_clear(&err);
    long long seq = 0;
    if (pd_subsidy_decide(ui->db, &d, ui->user, &seq, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        return PD_R_DRAW;
    }
    pd_strlcpy(P->row.decision, approve ? "approve" : "reject", sizeof P->row.decision);
    pd_strlcpy(P->row.decided_by, ui->user, sizeof P->row.decided_by);
    pd_date_format(d.date, P->row.decided_on);
    char msg[200];
    pd_trf(msg, sizeof msg, S_DECISION_SAVED, seq);
    pd_ui_say(ui, false, "%s", msg);
    ui->push.soon = true;
    return PD_R_DRAW;
}

static enum pd_reaction person_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct subperson *P = s->st;
    if (P->reason.on)
        return pd_prompt_take(&P->reason, s, ui, k) ? decide(ui, P, false) : PD_R_DRAW;
    static const enum pd_action acts[] = { ACT_BACK, ACT_APPROVE, ACT_REJECT };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    enum pd_answer ans = pd_question_answer(&P->confirm_approve, ui, a);
    if (ans == PD_ANSWER_NO)
        return PD_R_DRAW;
    bool confirming = ans == PD_ANSWER_YES;
    if (a == ACT_NONE)
        return PD_R_NONE;
    ui->status[0] = '\0';
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_APPROVE:
        if (!P->have || !may_decide(ui))
            return PD_R_DRAW;
        if (!P->res.eligible && !confirming) {
            pd_question_ask(&P->confirm_approve, ui, pd_tr(S_APPROVE_ANYWAY));
            return PD_R_DRAW;
        }
        return decide(ui, P, true);
    case ACT_REJECT: {
        if (!P->have || !may_decide(ui))
            return PD_R_DRAW;
        /* start from the failing conditions: the usual reason */
        char why[400] = "";
        if (!P->res.eligible)
            pd_subsidy_reasons(&P->res, lang(), true, why, sizeof why);
        pd_prompt_start(&P->reason, s, 0, S_REJECT_REASON, why, pd_prompt_keys, 2);
        P->reason.need = true;
        return PD_R_DRAW;
    }
    default:
        return PD_R_NONE;
    }
}

static const struct pd_screen_ops person_ops = { "subsidy-person", person_enter, person_key,
                                                 person_layout, person_draw, NULL };

static struct pd_screen *person_screen(struct pd_ui *ui, const struct pd_confirm_row *row, int prog,
                                       int year)
{
    struct pd_screen *s = pd_screen_new(&person_ops, sizeof(struct subperson));
    if (!s)
        return NULL;
    struct subperson *P = s->st;
    P->row = *row;
    P->prog = prog;
    P->year = year;
    snprintf(s->title, sizeof s->title, "%s %s", pd_programme_word(prog), row->facts.name);
    bool sup = ui->role == PD_ROLE_SUPERVISOR || ui->role == PD_ROLE_ADMIN;
    if (sup)
        PD_SCREEN_KEYS(s, sup_keys);
    else
        PD_SCREEN_KEYS(s, view_keys);
    s->help = S_HELP_SUBSIDY_P;
    return s;
}
