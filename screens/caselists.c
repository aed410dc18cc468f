/* caselists.c - the case screens, part two (docs/CASES.md): the pregnancy
 * file's open pregnancies and the overdue list (a visit and the outcome are
 * recorded with the event forms of screens/form.c), the social maintenance
 * fee cases with levy, paid and balance (a payment through pd_fee_pay, its
 * fields checked as the fee.payment event's), and one person's cases, opened
 * from the person screen. */
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
    bool paying;                /* the payment form is open */
    long long pay_case;
    struct pd_form fm;          /* amount, date, receipt: the fee.payment fields */
};

static const enum pd_action fee_keys[] = { ACT_PAY, ACT_FILTER, ACT_PRINT, ACT_BACK };
static const enum pd_action pay_keys[] = { ACT_SAVE, ACT_NEXT, ACT_BACK };

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
    if (!F->paying)
        return;
    /* the payment form under the list */
    int fy = ui->top + ui->height - 4;
    const struct pd_fee_case *c = NULL;
    for (int i = 0; i < F->n; i++)
        if (F->rows[i].id == F->pay_case)
            c = &F->rows[i];
    pd_hline(fy - 1, x, w);
    pd_trf(line, sizeof line, S_PAY_TITLE, F->pay_case, c ? c->name : "", c ? c->outstanding : 0L);
    pd_put(fy - 1, x + 2, w - 4, line, R_HEADER);
    static const enum pd_str labels[3] = { S_PAY_AMOUNT, S_PAY_DATE, S_PAY_RECEIPT };
    for (int i = 0; i < F->fm.n && i < 3; i++) {
        const struct pd_form_field *ff = &F->fm.fields[i];
        bool foc = i == F->fm.cur;
        int ry = fy + i, bx = x + 16, bw = 24;
        pd_put(ry, x, 15, pd_tr(labels[i]), R_LABEL);
        size_t start = foc ? pd_fedit_view_start(&ff->ed, bw) : 0;
        pd_fill(ry, bx, bw, foc ? R_FOCUS : R_FIELD);
        pd_put(ry, bx, bw, ff->ed.buf + start, foc ? R_FOCUS : R_FIELD);
        if (ff->err[0])
            pd_put(ry, bx + bw + 1, w - bw - 17, ff->err, R_ERROR);
        if (foc) {
            ui->cursor = true;
            ui->cy = ry;
            ui->cx = bx + pd_fedit_cursor_col(&ff->ed) - pd_text_width(ff->ed.buf) + pd_text_width(ff->ed.buf + start);
        }
    }
}

static void pay_close(struct pd_screen *s)
{
    struct feelist *F = s->st;
    F->paying = false;
    pd_form_done(&F->fm);
    PD_SCREEN_KEYS(s, fee_keys);
    s->text_entry = false;
}

static bool pay_open(struct pd_screen *s, struct pd_ui *ui, const struct pd_fee_case *c)
{
    struct feelist *F = s->st;
    const struct pd_event_type *t = pd_event_type_find("fee.payment");
    if (!t)
        return false;
    pd_form_init(&F->fm, pd_db_today(ui->db), pd_i18n_lang());
    static const char *const keys[3] = { "amount", "date", "receipt" };
    char today[PD_DATE_STRLEN], amount[24];
    pd_date_format(pd_db_today(ui->db), today);
    snprintf(amount, sizeof amount, "%ld", c->outstanding);
    const char *start[3] = { amount, today, NULL };
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < t->own->n; i++)
            if (strcmp(t->own->fields[i].key, keys[k]) == 0 && pd_form_add(&F->fm, &t->own->fields[i], start[k]) < 0) {
                pd_form_done(&F->fm);
                return false;
            }
    F->fm.cur = 0;
    F->paying = true;
    F->pay_case = c->id;
    PD_SCREEN_KEYS(s, pay_keys);
    s->text_entry = true;
    return true;
}

static enum pd_reaction pay_save(struct pd_screen *s, struct pd_ui *ui)
{
    struct feelist *F = s->st;
    int bad = pd_form_validate(&F->fm);
    if (bad > 0) {
        char msg[200];
        pd_trf(msg, sizeof msg, S_FIX_ERRORS, bad);
        pd_ui_say(ui, true, "%s", msg);
        return PD_R_DRAW;
    }
    long amount = strtol(pd_form_text(&F->fm, "amount"), NULL, 10);
    const char *receipt = pd_form_text(&F->fm, "receipt");
    struct pd_error err;
    pd_error_clear(&err);
    long long id = F->pay_case;
    if (pd_fee_pay(ui->db, id, amount, pd_form_text(&F->fm, "date"), *receipt ? receipt : NULL, ui->user,
                   &err) != PD_OK) {
        pd_form_set_error(&F->fm, err.field, err.msg);
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        return PD_R_DRAW;
    }
    ui->push.soon = true;
    pay_close(s);
    fee_enter(s, ui);
    struct pd_fee_case c;
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
    if (F->paying) {
        if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
            pd_form_insert(&F->fm, k->ch);
            return PD_R_DRAW;
        }
        static const enum pd_action facts[] = { ACT_SAVE, ACT_BACK, ACT_NEXT, ACT_PREV, ACT_BKSP, ACT_DEL,
                                                ACT_LEFT, ACT_RIGHT, ACT_LINE_HOME, ACT_LINE_END, ACT_CLEAR };
        struct pd_fedit *ed = &F->fm.fields[F->fm.cur].ed;
        switch (pd_key_action(k, facts, sizeof facts / sizeof facts[0])) {
        case ACT_SAVE: return pay_save(s, ui);
        case ACT_BACK: pay_close(s); ui->status[0] = '\0'; return PD_R_DRAW;
        case ACT_NEXT: pd_form_check(&F->fm, F->fm.cur); pd_form_next(&F->fm); return PD_R_DRAW;
        case ACT_PREV: pd_form_check(&F->fm, F->fm.cur); pd_form_prev(&F->fm); return PD_R_DRAW;
        case ACT_BKSP: pd_form_backspace(&F->fm); return PD_R_DRAW;
        case ACT_DEL: pd_form_delete(&F->fm); return PD_R_DRAW;
        case ACT_LEFT: pd_fedit_left(ed); return PD_R_DRAW;
        case ACT_RIGHT: pd_fedit_right(ed); return PD_R_DRAW;
        case ACT_LINE_HOME: pd_fedit_home(ed); return PD_R_DRAW;
        case ACT_LINE_END: pd_fedit_end(ed); return PD_R_DRAW;
        case ACT_CLEAR: pd_fedit_clear(ed); return PD_R_DRAW;
        default: return PD_R_NONE;
        }
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_PAY, ACT_FILTER, ACT_PRINT, ACT_UP, ACT_DOWN,
                                           ACT_PGUP, ACT_PGDN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_FILTER:
        F->open_only = !F->open_only;
        F->list.sel = F->list.first = 0;
        fee_enter(s, ui);
        return PD_R_DRAW;
    case ACT_PAY:
        if (F->n == 0 || !pd_ui_may_change(ui))
            return PD_R_DRAW;
        if (!pay_open(s, ui, &F->rows[F->list.sel]))
            pd_ui_say(ui, true, "out of memory");
        return PD_R_DRAW;
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
    if (F->paying)
        pd_form_done(&F->fm);
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

/* ---- one person's cases ------------------------------------------------------ */

enum { PC_SC, PC_PREG, PC_FEE, PC_CERT };

struct pcases {
    char pid[40], household[24], name[96];
    struct pd_person_cases pc;
    struct { int kind, i; } rows[4 * PD_PC_MAX];
    int n;
    struct pd_list list;
};

static const enum pd_action pc_keys[] = { ACT_OPEN, ACT_SC_NEW, ACT_VISIT, ACT_OUTCOME, ACT_PRINT, ACT_BACK };

static void pc_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct pcases *C = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    json_t *p = pd_person_get(ui->db, C->pid, &err);
    if (p) {
        const char *v = json_string_value(json_object_get(p, "household"));
        pd_strlcpy(C->household, v ? v : "", sizeof C->household);
        v = json_string_value(json_object_get(p, "name"));
        pd_strlcpy(C->name, v ? v : "", sizeof C->name);
        json_decref(p);
    }
    if (pd_person_cases_load(ui->db, C->pid, &C->pc, &err) != PD_OK)
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
    char t[200];
    pd_trf(t, sizeof t, S_PC_TITLE, C->name[0] ? C->name : C->pid);
    pd_strlcpy(s->title, t, sizeof s->title);
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
        return pd_ui_push(ui, pd_scr_sc_new(ui, C->pid));
    case ACT_VISIT: case ACT_OUTCOME:
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        return pd_ui_push(ui, pd_scr_form(ui, a == ACT_VISIT ? "woman.pregnancy_visit" : "woman.pregnancy_outcome",
                                          C->household, C->pid));
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
            if (pd_preg_file_load(ui->db, C->pid, &f, &j.err) != PD_OK) {
                pd_ui_say(ui, true, "%s", j.err.msg);
                return PD_R_DRAW;
            }
            snprintf(name, sizeof name, "pregnancy-%s", C->pid);
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
    pd_strlcpy(C->pid, pid, sizeof C->pid);
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
