/* caselists.c - the case screens, part two (docs/CASES.md): the pregnancy
 * file's open pregnancies and the overdue list (a visit and the outcome are
 * recorded with the event forms of screens/form.c), the social maintenance
 * fee cases with levy, paid and balance (a payment through pd_fee_pay in the
 * payment form of screens/common.h, its fields checked as the fee.payment
 * event's), a new levy (the mother looked up, the levy form with the
 * computation of pd_fee_levy_preview shown as it is typed, saved through
 * pd_fee_levy), and one person's cases, opened from the person screen. */
#include "screens/cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "report/case_report.h"
#include "store/db.h"
#include "store/search.h"

/* ---- open pregnancies and the overdue list -------------------------------- */

struct preglist {
    bool overdue;               /* the filter: only past the expected date */
    struct pd_overdue_row *all; /* every open pregnancy */
    int nall, cap, noverdue;
    bool oom;
    int *idx, nidx;             /* rows shown */
    struct pd_list list;
};

static const enum pd_action preg_keys[] = { ACT_OPEN, ACT_VISIT, ACT_OUTCOME, ACT_FILTER, ACT_PRINT, ACT_BACK };

static int preg_cb(void *ctx, const struct pd_overdue_row *r)
{
    struct preglist *P = ctx;
    if (pd_rows_push((void **)&P->all, &P->nall, &P->cap, &P->oom, r, sizeof *r))
        return 1;
    if (r->days_over > 0)
        P->noverdue++;
    return 0;
}

static void preg_filter(struct preglist *P)
{
    P->nidx = 0;
    for (int i = 0; i < P->nall; i++)
        if (!P->overdue || P->all[i].days_over > 0)
            P->idx[P->nidx++] = i;
    P->list.n = P->nidx;
    pd_list_fix(&P->list);
}

static void preg_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct preglist *P = s->st;
    P->nall = P->noverdue = 0;
    P->oom = false;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_preg_open_each(ui->db, pd_db_today(ui->db), false, preg_cb, P, &err);
    int *ix = realloc(P->idx, (size_t)(P->nall + 1) * sizeof *ix);   /* the filter's index */
    if (ix) {
        P->idx = ix;
    } else {
        P->oom = true;
        P->nall = 0;
    }
    pd_list_loaded(ui, &P->list, 0, rc, &err, P->oom);
    preg_filter(P);
    pd_strlcpy(s->title, pd_tr(P->overdue ? S_CM_OVERDUE : S_CM_PREG), sizeof s->title);
}

static void preg_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct preglist *P = s->st;
    pd_list_show(&P->list, ui->height - 4);
}

static void preg_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct preglist *P = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char line[300];
    pd_trf(line, sizeof line, S_PREG_HEAD, P->nall, P->noverdue, pd_tr(P->overdue ? S_F_OVERDUE : S_F_ALL));
    pd_put(y, x, w, line, R_HEADER);
    int ci = 18, cv = w - 10 - ci - 10 - 10 - 8 - 10 - 4 - 7;
    if (cv < 4)
        ci -= 4 - cv, cv = 4;
    const struct pd_col cols[8] = { { 10, false }, { ci, false }, { 10, false }, { 10, false }, { 8, true },
                                    { 10, false }, { 4, true }, { cv, true } };
    static const enum pd_str head[8] = { S_NAME, S_COL_ID, S_COL_REGISTERED, S_COL_EXPECTED, S_COL_DAYS,
                                         S_COL_LAST_VISIT, S_COL_WEEK, S_COL_VISITS };
    pd_cols_head(y + 2, x, w, cols, 8, head, P->nidx == 0);
    for (int i = 0; i < P->list.rows && P->list.first + i < P->nidx; i++) {
        int k = P->list.first + i, ry = y + 3 + i;
        const struct pd_overdue_row *r = &P->all[P->idx[k]];
        enum pd_role_id role = k == P->list.sel ? R_SELECTED : r->days_over > 0 ? R_WARN : R_NORMAL;
        char days[16], wk[16], nv[16];
        snprintf(days, sizeof days, r->days_over > 0 ? "%d" : "", r->days_over);
        snprintf(wk, sizeof wk, r->last_week ? "%d" : "", r->last_week);
        snprintf(nv, sizeof nv, "%d", r->nvisits);
        const char *cells[8] = { r->name, r->id_number, r->registered, r->expected, days, r->last_visit, wk, nv };
        pd_fill(ry, x, w, role);
        pd_cols_put(ry, x, cols, 8, cells, role);
    }
}

static enum pd_reaction preg_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct preglist *P = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_VISIT, ACT_OUTCOME, ACT_FILTER, ACT_PRINT,
                                           ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    const struct pd_overdue_row *r = P->nidx > 0 ? &P->all[P->idx[P->list.sel]] : NULL;
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_FILTER:
        P->overdue = !P->overdue;
        P->list.sel = P->list.first = 0;
        preg_filter(P);
        pd_strlcpy(s->title, pd_tr(P->overdue ? S_CM_OVERDUE : S_CM_PREG), sizeof s->title);
        return PD_R_DRAW;
    case ACT_OPEN: return r ? pd_ui_push(ui, pd_scr_person(ui, r->person)) : PD_R_NONE;
    case ACT_VISIT: case ACT_OUTCOME:
        if (!r)
            return PD_R_NONE;
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        return pd_ui_push(ui, pd_scr_form(ui, a == ACT_VISIT ? "woman.pregnancy_visit" : "woman.pregnancy_outcome",
                                          r->household, r->person));
    case ACT_PRINT: {
        struct pd_case_job j;
        pd_case_job_start(ui, &j);
        pd_case_print(ui, pd_overdue_report(ui->db, pd_db_today(ui->db), j.office, &j.err), "overdue", &j);
        return PD_R_DRAW;
    }
    default:
        return pd_list_move(&P->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static void preg_leave(struct pd_screen *s)
{
    struct preglist *P = s->st;
    free(P->all);
    free(P->idx);
    P->all = NULL;
    P->idx = NULL;
}

static const struct pd_screen_ops preg_ops = { "pregnancies", preg_enter, preg_key, preg_layout, preg_draw,
                                               preg_leave };

struct pd_screen *pd_scr_preg_list(struct pd_ui *ui, bool overdue)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&preg_ops, sizeof(struct preglist));
    if (!s)
        return NULL;
    struct preglist *P = s->st;
    P->overdue = overdue;
    pd_strlcpy(s->title, pd_tr(overdue ? S_CM_OVERDUE : S_CM_PREG), sizeof s->title);
    PD_SCREEN_KEYS(s, preg_keys);
    s->help = S_HELP_PREG;
    return s;
}

/* ---- social maintenance fee ------------------------------------------------ */

struct feelist {
    bool open_only;
    struct pd_fee_case *rows;   /* payments not loaded */
    int n, cap;
    bool oom;
    struct pd_list list;
    struct pd_payform pay;      /* Y: the payment form under the list */
    struct pd_prompt who;       /* N: the mother */
    long long select;           /* a case just levied: selected on the next load */
};

static const enum pd_action fee_keys[] = { ACT_FEE_NEW, ACT_PAY, ACT_FILTER, ACT_PRINT, ACT_BACK };

static int fee_cb(void *ctx, const struct pd_fee_case *c)
{
    struct feelist *F = ctx;
    return pd_rows_push((void **)&F->rows, &F->n, &F->cap, &F->oom, c, sizeof *c);
}

static void fee_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct feelist *F = s->st;
    F->n = 0;
    F->oom = false;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_fee_each(ui->db, F->open_only, fee_cb, F, &err);
    pd_list_loaded(ui, &F->list, F->n, rc, &err, F->oom);
    if (F->select) {
        for (int i = 0; i < F->n; i++)
            if (F->rows[i].id == F->select)
                F->list.sel = i;
        F->select = 0;
        pd_list_fix(&F->list);
    }
}

static void fee_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct feelist *F = s->st;
    pd_list_show(&F->list, ui->height - 4 - 4);   /* room for the payment form */
}

static void fee_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct feelist *F = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char line[400];
    pd_trf(line, sizeof line, S_FEE_HEAD, F->n, pd_tr(F->open_only ? S_F_OPEN : S_F_ALL));
    pd_put(y, x, w, line, R_HEADER);
    static const struct pd_col cols[7] = { { 5, true }, { 10, false }, { 10, false }, { 10, false },
                                           { 10, true }, { 10, true }, { 10, true } };
    static const enum pd_str head[7] = { S_COL_NO, S_COL_WIFE, S_COL_HUSBAND, S_COL_BIRTH, S_COL_LEVY,
                                         S_COL_PAID, S_COL_BALANCE };
    pd_cols_head(y + 2, x, w, cols, 7, head, F->n == 0);
    for (int i = 0; i < F->list.rows && F->list.first + i < F->n; i++) {
        int k = F->list.first + i, ry = y + 3 + i;
        const struct pd_fee_case *c = &F->rows[k];
        enum pd_role_id role = k == F->list.sel ? R_SELECTED : c->outstanding > 0 ? R_NORMAL : R_DIM;
        char num[24], a[24], p[24], o[24];
        snprintf(num, sizeof num, "%lld", c->id);
        snprintf(a, sizeof a, "%ld", c->amount);
        snprintf(p, sizeof p, "%ld", c->paid);
        snprintf(o, sizeof o, "%ld", c->outstanding);
        const char *cells[7] = { num, c->name, c->father_name, c->birth_date, a, p, o };
        pd_fill(ry, x, w, role);
        pd_cols_put(ry, x, cols, 7, cells, role);
    }
    pd_payform_draw(&F->pay, ui, ui->top + ui->height - 5);
    pd_prompt_draw(&F->who, ui, ui->top + ui->height - 1);
}

static enum pd_reaction pay_save(struct pd_screen *s, struct pd_ui *ui)
{
    struct feelist *F = s->st;
    long long id = F->pay.id;
    if (!pd_payform_save(&F->pay, s, ui, pd_fee_pay))
        return PD_R_DRAW;
    fee_enter(s, ui);
    struct pd_fee_case c;
    struct pd_error err;
    pd_error_clear(&err);
    char msg[PD_MSG_MAX];
    if (pd_fee_get(ui->db, id, &c, &err) == PD_OK)
        pd_trf(msg, sizeof msg, S_PAY_SAVED, c.paid, c.outstanding);
    else
        pd_strlcpy(msg, err.msg, sizeof msg);
    pd_ui_say(ui, false, "%s", msg);
    return PD_R_DRAW;
}

static enum pd_reaction fee_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct feelist *F = s->st;
    if (F->pay.on) {
        switch (pd_payform_key(&F->pay, s, ui, k)) {
        case PD_PAY_SAVE: return pay_save(s, ui);
        default: return PD_R_DRAW;
        }
    }
    if (F->who.on) {
        const char *q = pd_prompt_take(&F->who, s, ui, k);
        char pid[PD_EV_REF_MAX];
        if (!q || !pd_ui_find_person(ui, q, true, pid, sizeof pid))
            return PD_R_DRAW;
        return pd_ui_push(ui, pd_scr_fee_levy(ui, pid, &F->select));
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_FEE_NEW, ACT_PAY, ACT_FILTER, ACT_PRINT, ACT_UP, ACT_DOWN,
                                           ACT_PGUP, ACT_PGDN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_FILTER:
        F->open_only = !F->open_only;
        F->list.sel = F->list.first = 0;
        fee_enter(s, ui);
        return PD_R_DRAW;
    case ACT_FEE_NEW:
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        pd_prompt_start(&F->who, s, 0, S_FEE_ASK_WHO, NULL, pd_prompt_keys, 2);
        return PD_R_DRAW;
    case ACT_PAY: {
        if (F->n == 0 || !pd_ui_may_change(ui))
            return PD_R_DRAW;
        const struct pd_fee_case *c = &F->rows[F->list.sel];
        char title[240];
        pd_trf(title, sizeof title, S_PAY_TITLE, c->id, c->name, c->outstanding);
        if (!pd_payform_open(&F->pay, s, ui, "fee.payment", c->id, c->outstanding, title))
            pd_ui_say(ui, true, "out of memory");
        return PD_R_DRAW;
    }
    case ACT_PRINT: {
        struct pd_case_job j;
        pd_case_job_start(ui, &j);
        pd_case_print(ui, pd_fee_list_report(ui->db, F->open_only, j.office, &j.err),
                      F->open_only ? "fee-open" : "fee-list", &j);
        return PD_R_DRAW;
    }
    default:
        return pd_list_move(&F->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static void fee_leave(struct pd_screen *s)
{
    struct feelist *F = s->st;
    pd_payform_close(&F->pay, s);
    free(F->rows);
    F->rows = NULL;
}

static const struct pd_screen_ops fee_ops = { "fees", fee_enter, fee_key, fee_layout, fee_draw, fee_leave };

struct pd_screen *pd_scr_fee_list(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&fee_ops, sizeof(struct feelist));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_CM_FEE), sizeof s->title);
    PD_SCREEN_KEYS(s, fee_keys);
    s->help = S_HELP_FEE;
    return s;
}

/* ---- a new levy ------------------------------------------------------------ */

/* The form's rows: the kind from a list, then typed fields.  Extra children
 * and the multiple only for a birth beyond policy. */
enum { LV_KIND, LV_EXTRA, LV_MULTIPLE, LV_CHILD, LV_BIRTH, LV_DATE, LV__COUNT };

/* The child and the birth date typed here are not the event's own fields:
 * the child may be given as an ID number (looked up), the birth date may
 * be left for the child's. */
static const struct pd_field lv_child = { "child", "子女（身份证号或档案号，可不填）",
                                          "child (ID number or person id, optional)", PD_F_TEXT, 0, 0, 40, 0,
                                          NULL, NULL };
static const struct pd_field lv_birth = { "birth_date", "出生日期（不填取子女的）",
                                          "date of the birth (empty: the child's)", PD_F_DATE, 0, 0, 0, 0,
                                          NULL, NULL };

struct feenew {
    struct pd_case_person mother;
    long long *select;          /* the fee list's: the case saved is selected there */
    enum pd_fee_kind kind;
    struct pd_rowform rf;       /* the rows; rf.ok: the levy as it would be saved */
    struct pd_fee_result res;
    char birth[PD_DATE_STRLEN];
};

static const enum pd_action lv_keys[] = { ACT_SAVE, ACT_NEXT, ACT_CHOOSE, ACT_BACK };
/* each row's name in the store's errors */
static const char *const lv_rows[LV__COUNT] = { "kind", "extra", "multiple", "child", "birth_date", "date" };

static bool lv_row_used(const void *st, int row)
{
    const struct feenew *L = st;
    return L->kind == PD_FEE_EXTRA || (row != LV_EXTRA && row != LV_MULTIPLE);
}

/* The options as typed (numbers left 0 when not numbers: the form's check
 * says so beside the field). */
static bool lv_opts(struct pd_ui *ui, struct feenew *L, struct pd_fee_levy_opts *o, char *child, size_t csize)
{
    memset(o, 0, sizeof *o);
    o->mother = L->mother.pid;
    o->kind = L->kind;
    const char *t = pd_form_text(&L->rf.fm, "extra");
    o->extra = L->kind == PD_FEE_EXTRA ? (int)strtol(t, NULL, 10) : 0;
    t = pd_form_text(&L->rf.fm, "multiple");
    o->multiple = L->kind == PD_FEE_EXTRA ? (int)strtol(t, NULL, 10) : 0;
    t = pd_form_text(&L->rf.fm, "birth_date");
    o->birth_date = *t ? t : NULL;
    o->date = pd_form_text(&L->rf.fm, "date");
    if (!pd_rowform_person(&L->rf, ui, LV_CHILD, child, csize))
        return false;
    o->child = child[0] ? child : NULL;
    return true;
}

/* The levy computed again (pd_fee_levy_preview: the same computation
 * pd_fee_levy saves), the refusal beside its row. */
static void lv_recheck(struct pd_ui *ui, struct feenew *L)
{
    struct pd_error *why = &L->rf.why;
    const struct pd_policy *pol = pd_rowform_recheck(&L->rf, ui, "fee");
    struct pd_fee_levy_opts o;
    char child[PD_EV_REF_MAX];
    if (!pol || !lv_opts(ui, L, &o, child, sizeof child))
        return;
    if (pd_fee_levy_preview(ui->db, pol, &o, &L->res, L->birth, why) == PD_OK) {
        L->rf.ok = true;
        return;
    }
    /* the store's words name the command line's option: the screen's own */
    if (strcmp(why->field, "birth_date") == 0 && !pd_form_text(&L->rf.fm, "birth_date")[0])
        pd_strlcpy(why->msg, pd_tr(S_LEVY_NEED_BIRTH), sizeof why->msg);
    L->rf.why_row = strcmp(why->field, "fee") == 0 ? LV_KIND : pd_rowform_row_of(&L->rf, why->field);
}

static void lv_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct feenew *L = s->st;
    ui->status[0] = '\0';   /* the list's count is not this form's */
    pd_case_person_load(ui, s, &L->mother, S_LEVY_TITLE);
    lv_recheck(ui, L);
}

static const char *kind_word(enum pd_fee_kind k)
{
    return pd_tr(k == PD_FEE_EXTRA ? S_LEVY_EXTRA : S_LEVY_UNMARRIED);
}

/* The basis in words, one part a line (the parts are "; " or "；" apart). */
static int basis_lines(const char *basis, int y, int x, int w, int last)
{
    char buf[800];
    pd_fee_basis_text(basis, NULL, buf, sizeof buf);
    char *p = buf;
    while (*p && y <= last) {
        char *semi = strstr(p, "；"), *en = strstr(p, "; ");
        char *end = semi && (!en || semi < en) ? semi : en;
        size_t skip = end == semi ? strlen("；") : 2;
        if (end)
            *end = '\0';
        pd_put(y++, x, w, p, R_NORMAL);
        if (!end)
            break;
        p = end + skip;
    }
    return y;
}

static void lv_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct feenew *L = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top, bottom = ui->top + ui->height - 1;
    char line[600];
    pd_case_person_draw(&L->mother, y, x, w, S_LEVY_MOTHER);
    const struct pd_policy *pol = pd_ui_policy(ui);
    if (pol && pol->fee.configured) {
        pd_trf(line, sizeof line, S_LEVY_POLICY, pol->fee.title, pol->fee.multiple_unmarried,
               pol->fee.multiple_extra_min, pol->fee.multiple_extra_max);
        pd_put(y + 1, x, w, line, R_DIM);
    }
    static const enum pd_str labels[LV__COUNT] = { S_LEVY_KIND, S_LEVY_NEXTRA, S_LEVY_MULTIPLE, S_LEVY_CHILD,
                                                   S_LEVY_BIRTH, S_LEVY_DATE };
    int lw = 18, bw = 22, ry = y + 3;
    for (int r = 0; r < LV__COUNT; r++, ry++) {
        if (!lv_row_used(L, r)) {
            pd_put(ry, x, lw - 1, pd_tr(labels[r]), R_DIM);
            pd_put(ry, x + lw, bw, "-", R_DIM);
            continue;
        }
        /* beside the box: its error or the refusal of this row, else a hint */
        if (!pd_rowform_row(&L->rf, ui, r, ry, x, w, lw, bw, pd_tr(labels[r]), kind_word(L->kind)))
            continue;
        int hx = x + lw + bw + 1, hw = w - lw - bw - 1;
        if (r == LV_MULTIPLE && pol && pol->fee.configured) {
            pd_trf(line, sizeof line, S_LEVY_RANGE, pol->fee.multiple_extra_min, pol->fee.multiple_extra_max);
            pd_put(ry, hx, hw, line, R_DIM);
        } else if (r == LV_BIRTH && L->rf.ok && !pd_form_text(&L->rf.fm, "birth_date")[0]) {
            pd_put(ry, hx, hw, L->birth, R_DIM);
        }
    }
    /* the levy as it would be saved */
    ry++;
    if (L->rf.ok) {
        pd_trf(line, sizeof line, S_LEVY_AMOUNT, L->res.total, L->res.mother, L->res.father, L->res.multiple,
               L->res.base_year);
        pd_put(ry++, x, w, line, R_GOOD);
        basis_lines(L->res.words, ry, x + 2, w - 2, bottom);
    } else {
        pd_trf(line, sizeof line, S_LEVY_CANNOT, L->rf.why.msg);
        pd_put(ry++, x, w, line, R_ERROR);
        if (pd_text_width(line) > w)   /* long words: the rest on the next row */
            pd_put(ry, x, w, line + pd_text_fit(line, w - 1), R_ERROR);
    }
}

static enum pd_reaction lv_save(struct pd_screen *s, struct pd_ui *ui)
{
    struct feenew *L = s->st;
    if (!pd_ui_may_change(ui) || !pd_rowform_valid(&L->rf, ui))
        return PD_R_DRAW;
    lv_recheck(ui, L);
    const struct pd_policy *pol = pd_ui_policy(ui);
    if (!L->rf.ok || !pol) {
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), L->rf.why.msg);
        return PD_R_DRAW;
    }
    struct pd_fee_levy_opts o;
    char child[PD_EV_REF_MAX];
    struct pd_error err;
    pd_error_clear(&err);
    long long id = 0;
    struct pd_fee_result r;
    if (!lv_opts(ui, L, &o, child, sizeof child) || pd_fee_levy(ui->db, pol, &o, ui->user, &id, &r, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg[0] ? err.msg : L->rf.why.msg);
        return PD_R_DRAW;
    }
    ui->push.soon = true;
    if (L->select)
        *L->select = id;
    char msg[PD_MSG_MAX];
    pd_trf(msg, sizeof msg, S_LEVY_SAVED, id, r.total);
    pd_ui_say(ui, false, "%s", msg);
    return PD_R_POP;
}

static enum pd_reaction lv_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct feenew *L = s->st;
    switch (pd_rowform_key(&L->rf, ui, k)) {
    case ACT_SAVE: return lv_save(s, ui);
    case ACT_BACK: return PD_R_POP;
    case ACT_CHOOSE:
        L->kind = L->kind == PD_FEE_EXTRA ? PD_FEE_UNMARRIED : PD_FEE_EXTRA;
        break;
    default: break;
    }
    lv_recheck(ui, L);
    return PD_R_DRAW;
}

static void lv_leave(struct pd_screen *s)
{
    struct feenew *L = s->st;
    pd_form_done(&L->rf.fm);
}

static const struct pd_screen_ops lv_ops = { "fee-levy", lv_enter, lv_key, NULL, lv_draw, lv_leave };

struct pd_screen *pd_scr_fee_levy(struct pd_ui *ui, const char *pid, long long *select)
{
    if (!pd_ui_may_change(ui))
        return NULL;
    struct pd_screen *s = pd_screen_new(&lv_ops, sizeof(struct feenew));
    if (!s)
        return NULL;
    struct feenew *L = s->st;
    pd_strlcpy(L->mother.pid, pid, sizeof L->mother.pid);
    L->select = select;
    L->kind = PD_FEE_EXTRA;
    pd_rowform_init(&L->rf, ui, LV__COUNT, lv_rows, lv_row_used, L);
    /* the multiple starts at the policy's minimum, as on the command line */
    const struct pd_policy *pol = pd_ui_policy(ui);
    char mult[16] = "", today[PD_DATE_STRLEN];
    if (pol && pol->fee.configured)
        snprintf(mult, sizeof mult, "%d", pol->fee.multiple_extra_min);
    pd_date_format(pd_db_today(ui->db), today);
    if (!pd_rowform_add(&L->rf, LV_EXTRA, pd_ui_event_field("fee.levy", "extra"), "1") ||
        !pd_rowform_add(&L->rf, LV_MULTIPLE, pd_ui_event_field("fee.levy", "multiple"), mult) ||
        !pd_rowform_add(&L->rf, LV_CHILD, &lv_child, NULL) || !pd_rowform_add(&L->rf, LV_BIRTH, &lv_birth, NULL) ||
        !pd_rowform_add(&L->rf, LV_DATE, pd_ui_event_field("fee.levy", "date"), today)) {
        pd_form_done(&L->rf.fm);
        return pd_screen_drop(s);
    }
    L->rf.fm.fields[L->rf.f[LV_EXTRA]].required = true;
    snprintf(s->title, sizeof s->title, "%s", pd_tr(S_CM_FEE));
    PD_SCREEN_KEYS(s, lv_keys);
    s->text_entry = true;
    s->help = S_HELP_LEVY;
    return s;
}

/* ---- one person's cases ------------------------------------------------------ */

enum { PC_SC, PC_PREG, PC_FEE, PC_CERT };

struct pcases {
    struct pd_case_person who;
    struct pd_person_cases pc;
    struct { int kind, i; } rows[4 * PD_PC_MAX];
    int n;
    struct pd_list list;
};

static const enum pd_action pc_keys[] = { ACT_OPEN, ACT_SC_NEW, ACT_VISIT, ACT_OUTCOME, ACT_PRINT, ACT_BACK };

static void pc_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct pcases *C = s->st;
    pd_case_person_load(ui, s, &C->who, S_PC_TITLE);
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_person_cases_load(ui->db, C->who.pid, &C->pc, &err) != PD_OK)
        pd_ui_say(ui, true, "%s", err.msg);
    C->n = 0;
    const int counts[4] = { C->pc.nsc, C->pc.npreg, C->pc.nfee, C->pc.ncert };
    for (int kind = 0; kind < 4; kind++)
        for (int i = 0; i < counts[kind] && i < PD_PC_MAX; i++) {
            C->rows[C->n].kind = kind;
            C->rows[C->n++].i = i;
        }
    C->list.n = C->n;
    pd_list_fix(&C->list);
}

static void pc_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct pcases *C = s->st;
    pd_list_show(&C->list, ui->height - 3);
}

static void pc_row_text(const struct pcases *C, int r, char *buf, size_t size)
{
    int i = C->rows[r].i;
    const struct pd_person_cases *pc = &C->pc;
    char what[300];
    switch (C->rows[r].kind) {
    case PC_SC:
        pd_trf(what, sizeof what, S_PC_SC, pc->sc[i].id, pd_case_state_word(pc->sc[i].state));
        snprintf(buf, size, "%-10s %s  %s  %s  %s", pd_tr(S_CM_SC), what, pd_a19_word(pc->sc[i].item),
                 pc->sc[i].applied, pc->sc[i].certificate);
        break;
    case PC_PREG:
        pd_trf(what, sizeof what, S_PC_PREG, pc->preg[i].expected, pc->preg[i].nvisits);
        snprintf(buf, size, "%s  %s  %s %s", pd_tr(S_CM_PREG), what, pd_tr(S_COL_REGISTERED), pc->preg[i].registered);
        break;
    case PC_FEE: {
        pd_trf(what, sizeof what, S_PC_FEE, pc->fee[i].id, pc->fee[i].outstanding);
        snprintf(buf, size, "%s  %s  %s %ld  %s %ld", pd_tr(S_CM_FEE), what, pd_tr(S_COL_LEVY), pc->fee[i].amount,
                 pd_tr(S_COL_PAID), pc->fee[i].paid);
        break;
    }
    default: {
        const char *k = pd_i18n_en() ? pd_cert_kind_en(pc->cert[i].kind) : pd_cert_kind_zh(pc->cert[i].kind);
        snprintf(buf, size, "%s  %s  %s  %s", pd_tr(S_PC_CERTS), k ? k : pc->cert[i].kind, pc->cert[i].number,
                 pc->cert[i].date);
        break;
    }
    }
}

static void pc_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct pcases *C = s->st;
    pd_put(ui->top, 1, ui->cols - 2, s->title, R_HEADER);
    if (C->n == 0) {
        pd_put(ui->top + 2, 2, ui->cols - 4, pd_tr(S_PC_NONE), R_DIM);
        return;
    }
    for (int i = 0; i < C->list.rows && C->list.first + i < C->n; i++) {
        int r = C->list.first + i;
        char line[600];
        pc_row_text(C, r, line, sizeof line);
        pd_put(ui->top + 2 + i, 2, ui->cols - 4, line, r == C->list.sel ? R_SELECTED : R_NORMAL);
    }
}

static enum pd_reaction pc_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct pcases *C = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_SC_NEW, ACT_VISIT, ACT_OUTCOME, ACT_PRINT,
                                           ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    int kind = C->n ? C->rows[C->list.sel].kind : -1, i = C->n ? C->rows[C->list.sel].i : 0;
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN:
        if (kind == PC_SC)
            return pd_ui_push(ui, pd_scr_sc_case(ui, C->pc.sc[i].id));
        if (kind == PC_PREG)
            return pd_ui_push(ui, pd_scr_preg_list(ui, false));
        if (kind == PC_FEE)
            return pd_ui_push(ui, pd_scr_fee_list(ui));
        return PD_R_NONE;
    case ACT_SC_NEW:
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        return pd_ui_push(ui, pd_scr_sc_new(ui, C->who.pid));
    case ACT_VISIT: case ACT_OUTCOME:
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        return pd_ui_push(ui, pd_scr_form(ui, a == ACT_VISIT ? "woman.pregnancy_visit" : "woman.pregnancy_outcome",
                                          C->who.household, C->who.pid));
    case ACT_PRINT: {
        char name[96];
        struct pd_case_job j;
        pd_case_job_start(ui, &j);
        if (kind == PC_CERT) {
            struct pd_cert_info ci;
            if (pd_cert_get(ui->db, C->pc.cert[i].kind, C->pc.cert[i].number, &ci, &j.err) != PD_OK) {
                pd_ui_say(ui, true, "%s", j.err.msg);
                return PD_R_DRAW;
            }
            snprintf(name, sizeof name, "certificate-%s-%d", ci.kind, C->list.sel);
            pd_case_print(ui, pd_cert_stub_report(&ci, j.office, &j.err), name, &j);
            return PD_R_DRAW;
        }
        if (kind == PC_SC) {
            struct pd_sc_case *c = malloc(sizeof *c);
            struct pd_a19_result now;
            if (!c || pd_sc_get(ui->db, C->pc.sc[i].id, c, &j.err) != PD_OK ||
                pd_sc_check_now(ui->db, c, &now, &j.err) != PD_OK) {
                pd_ui_say(ui, true, "%s", c ? j.err.msg : "out of memory");
                free(c);
                return PD_R_DRAW;
            }
            snprintf(name, sizeof name, "second-child-form-%lld", c->id);
            pd_case_print(ui, pd_sc_form_report(c, &now, j.office, &j.err), name, &j);
            free(c);
            return PD_R_DRAW;
        }
        if (kind == PC_PREG) {
            struct pd_preg_file *f;
            if (pd_preg_file_load(ui->db, C->who.pid, &f, &j.err) != PD_OK) {
                pd_ui_say(ui, true, "%s", j.err.msg);
                return PD_R_DRAW;
            }
            snprintf(name, sizeof name, "pregnancy-%s", C->who.pid);
            pd_case_print(ui, pd_preg_file_report(f, j.office, &j.err), name, &j);
            pd_preg_file_free(&f);
            return PD_R_DRAW;
        }
        return PD_R_NONE;
    }
    default:
        return pd_list_move(&C->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops pc_ops = { "person-cases", pc_enter, pc_key, pc_layout, pc_draw, NULL };

struct pd_screen *pd_scr_person_cases(struct pd_ui *ui, const char *pid)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&pc_ops, sizeof(struct pcases));
    if (!s)
        return NULL;
    struct pcases *C = s->st;
    pd_strlcpy(C->who.pid, pid, sizeof C->who.pid);
    pd_strlcpy(s->title, pd_tr(S_CASES), sizeof s->title);
    PD_SCREEN_KEYS(s, pc_keys);
    s->help = S_HELP_PCASES;
    return s;
}

void pd_person_cases_line(struct pd_ui *ui, const char *pid, char *buf, size_t size)
{
    struct pd_person_cases pc;
    struct pd_error err;
    pd_error_clear(&err);
    size_t n = (size_t)snprintf(buf, size, "%s", pd_tr(S_PC_LINE));
    if (pd_person_cases_load(ui->db, pid, &pc, &err) != PD_OK) {
        snprintf(buf + (n < size ? n : size), size > n ? size - n : 0, "%s", err.msg);
        return;
    }
    int parts = 0;
    char what[300];
    /* the newest of each kind: the line is a pointer, the A screen the list */
    if (pc.nsc > 0) {
        pd_trf(what, sizeof what, S_PC_SC, pc.sc[0].id, pd_case_state_word(pc.sc[0].state));
        n += (size_t)snprintf(buf + (n < size ? n : size), size > n ? size - n : 0, "%s%s", parts++ ? " · " : "", what);
    }
    if (pc.npreg > 0) {
        pd_trf(what, sizeof what, S_PC_PREG, pc.preg[0].expected, pc.preg[0].nvisits);
        n += (size_t)snprintf(buf + (n < size ? n : size), size > n ? size - n : 0, "%s%s", parts++ ? " · " : "", what);
    }
    for (int i = 0; i < pc.nfee && i < PD_PC_MAX; i++)
        if (pc.fee[i].outstanding > 0) {
            pd_trf(what, sizeof what, S_PC_FEE, pc.fee[i].id, pc.fee[i].outstanding);
            n += (size_t)snprintf(buf + (n < size ? n : size), size > n ? size - n : 0, "%s%s", parts++ ? " · " : "", what);
        }
    for (int i = 0; i < pc.ncert && i < PD_PC_MAX; i++) {
        const char *k = pd_i18n_en() ? pd_cert_kind_en(pc.cert[i].kind) : pd_cert_kind_zh(pc.cert[i].kind);
        n += (size_t)snprintf(buf + (n < size ? n : size), size > n ? size - n : 0, "%s%s %s", parts++ ? " · " : "",
                              k ? k : pc.cert[i].kind, pc.cert[i].number);
    }
    if (!parts)
        snprintf(buf + (n < size ? n : size), size > n ? size - n : 0, "%s", pd_tr(S_PC_NONE));
}
