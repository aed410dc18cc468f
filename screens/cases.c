/* cases.c - the case screens, part one (docs/CASES.md, docs/SCREENS.md):
 * the case menu reached from home (A), and second-child applications: the
 * list with a state filter, one application with every automatic check and
 * its reason and the review steps (who, when), and a new application for a
 * woman (the Article 19 item chosen from a list, the documents ticked, the
 * checks following every change).  Review steps go through pd_sc_review
 * with the signed-in user's role, so the store holds the screens to the
 * same rule as the command line (pd_sc_may).  Printing writes the same
 * report the command line prints (report/case_report.h) as a printout
 * (pd_printout: the printouts folder beside the register) and sends it to
 * the printer.
 * Also the helpers the case screens share (screens/cases.h). */
#include "screens/cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "report/case_report.h"
#include "store/db.h"
#include "store/search.h"

/* ---- shared helpers ------------------------------------------------------- */

const char *pd_case_state_word(enum pd_case_state s)
{
    return pd_i18n_en() ? pd_case_state_key(s) : pd_case_state_zh(s);
}

const char *pd_a19_word(enum pd_a19_item it)
{
    return pd_i18n_en() ? pd_a19_en(it) : pd_a19_zh(it);
}

const char *pd_step_word(const char *step)
{
    if (!step)
        return "";
    if (strcmp(step, "village") == 0)
        return pd_tr(S_STEP_VILLAGE);
    if (strcmp(step, "town") == 0)
        return pd_tr(S_STEP_TOWN);
    return pd_tr(S_STEP_COUNTY);
}

const char *pd_chk_word(enum pd_chk s)
{
    return pd_tr(s == PD_CHK_MET ? S_CHK_MET : s == PD_CHK_NOT_MET ? S_CHK_NOT : S_CHK_UNK);
}

/* A document's name: Chinese, or its key in English mode. */
static const char *doc_word(enum pd_a19_doc d)
{
    return pd_i18n_en() ? pd_a19_doc_key(d) : pd_a19_doc_zh(d);
}

/* Documents as words in the UI language, joined. */
static const char *docs_words(unsigned mask, char *buf, size_t size)
{
    if (!pd_i18n_en())
        return pd_a19_docs_zh(mask, buf, size);
    pd_a19_docs_format(mask, buf, size);
    if (!buf[0])
        pd_strlcpy(buf, "none", size);
    return buf;
}

void pd_case_job_start(struct pd_ui *ui, struct pd_case_job *j)
{
    pd_error_clear(&j->err);
    pd_case_office(ui->app, j->office, sizeof j->office);
}

void pd_case_print(struct pd_ui *ui, struct pd_report *rep, const char *name, const struct pd_case_job *j)
{
    pd_printout(ui, rep, PD_FMT_PDF, name, NULL, &j->err);
    pd_report_free(&rep);
}

static void today_text(struct pd_ui *ui, char *buf)
{
    pd_date_format(pd_db_today(ui->db), buf);
}

/* ---- the case menu ------------------------------------------------------- */

struct cmenu {
    struct pd_list list;
};

static const enum pd_str menu_items[] = { S_CM_SC, S_CM_PREG, S_CM_OVERDUE, S_CM_FEE };
#define NMENU ((int)(sizeof menu_items / sizeof menu_items[0]))

static const enum pd_action menu_keys[] = { ACT_OPEN, ACT_UP, ACT_DOWN, ACT_BACK };

static void menu_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct cmenu *M = s->st;
    M->list.n = NMENU;
    M->list.rows = ui->height - 3;
    pd_list_fix(&M->list);
}

static void menu_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct cmenu *M = s->st;
    pd_put(ui->top, 1, ui->cols - 2, pd_tr(S_CASES), R_HEADER);
    for (int i = 0; i < NMENU; i++) {
        char line[200];
        snprintf(line, sizeof line, " %d  %s", i + 1, pd_tr(menu_items[i]));
        pd_put(ui->top + 2 + i, 2, ui->cols - 4, line, i == M->list.sel ? R_SELECTED : R_NORMAL);
    }
}

static enum pd_reaction menu_open(struct pd_ui *ui, int i)
{
    switch (i) {
    case 0: return pd_ui_push(ui, pd_scr_sc_list(ui));
    case 1: return pd_ui_push(ui, pd_scr_preg_list(ui, false));
    case 2: return pd_ui_push(ui, pd_scr_preg_list(ui, true));
    default: return pd_ui_push(ui, pd_scr_fee_list(ui));
    }
}

static enum pd_reaction menu_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct cmenu *M = s->st;
    if (k->type == PD_KEY_CHAR && k->ch >= '1' && k->ch < '1' + (uint32_t)NMENU) {
        M->list.sel = (int)(k->ch - '1');
        return menu_open(ui, M->list.sel);
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_UP, ACT_DOWN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: return menu_open(ui, M->list.sel);
    default: return pd_list_move(&M->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops menu_ops = { "cases", NULL, menu_key, menu_layout, menu_draw, NULL };

struct pd_screen *pd_scr_cases(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&menu_ops, sizeof(struct cmenu));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_CASES), sizeof s->title);
    PD_SCREEN_KEYS(s, menu_keys);
    s->help = S_HELP_CASES;
    return s;
}

/* ---- second-child applications: the list --------------------------------- */

struct sclist {
    int filter;                 /* 0 all, else state + 1 */
    struct pd_sc_case *rows;    /* steps not loaded */
    int n, cap;
    bool oom;
    struct pd_list list;
    struct pd_prompt who;       /* N: the applicant */
};

static const enum pd_action sclist_keys[] = { ACT_OPEN, ACT_FILTER, ACT_SC_NEW, ACT_PRINT, ACT_BACK };

static int sclist_cb(void *ctx, const struct pd_sc_case *c)
{
    struct sclist *L = ctx;
    return pd_rows_push((void **)&L->rows, &L->n, &L->cap, &L->oom, c, sizeof *c);
}

static void sclist_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct sclist *L = s->st;
    L->n = 0;
    L->oom = false;
    struct pd_error err;
    pd_error_clear(&err);
    const char *state = L->filter ? pd_case_state_key((enum pd_case_state)(L->filter - 1)) : NULL;
    pd_err rc = pd_sc_each(ui->db, state, sclist_cb, L, &err);
    pd_list_loaded(ui, &L->list, L->n, rc, &err, L->oom);
}

static void sclist_layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct sclist *L = s->st;
    pd_list_show(&L->list, ui->height - 4);
}

static const char *filter_word(int f)
{
    return f ? pd_case_state_word((enum pd_case_state)(f - 1)) : pd_tr(S_F_ALL);
}

static void sclist_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct sclist *L = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char line[300];
    pd_trf(line, sizeof line, S_SC_LIST_HEAD, L->n, filter_word(L->filter));
    pd_put(y, x, w, line, R_HEADER);
    int ci = ui->cols >= 120 ? 30 : 16;
    const struct pd_col cols[7] = { { 5, true }, { 10, false }, { 10, false }, { ci, false }, { 10, false },
                                    { 12, false }, { w - 5 - 10 - 10 - ci - 10 - 12 - 6, false } };
    static const enum pd_str head[7] = { S_COL_NO, S_COL_WIFE, S_COL_HUSBAND, S_COL_ITEM, S_COL_APPLIED,
                                         S_COL_STATE, S_COL_CERT };
    pd_cols_head(y + 2, x, w, cols, 7, head, L->n == 0);
    for (int i = 0; i < L->list.rows && L->list.first + i < L->n; i++) {
        int k = L->list.first + i, ry = y + 3 + i;
        const struct pd_sc_case *c = &L->rows[k];
        enum pd_role_id role = k == L->list.sel ? R_SELECTED : R_NORMAL;
        char num[24];
        snprintf(num, sizeof num, "%lld", c->id);
        const char *cells[7] = { num, c->name, c->spouse_name, pd_a19_word(c->item), c->applied,
                                 pd_case_state_word(c->state),
                                 c->state == PD_CASE_REFUSED ? c->reason : c->certificate };
        pd_fill(ry, x, w, role);
        pd_cols_put(ry, x, cols, 7, cells, role);
    }
    pd_prompt_draw(&L->who, ui, ui->top + ui->height - 1);
}

/* The applicant typed as an ID number, a person id, or anything the search
 * box takes: the first woman found (pd_ui_find_person). */
static enum pd_reaction sclist_new_for(struct pd_ui *ui, const char *q)
{
    char pid[PD_EV_REF_MAX];
    if (!pd_ui_find_person(ui, q, true, pid, sizeof pid))
        return PD_R_DRAW;
    return pd_ui_push(ui, pd_scr_sc_new(ui, pid));
}

static enum pd_reaction sclist_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct sclist *L = s->st;
    if (L->who.on) {
        const char *who = pd_prompt_take(&L->who, s, ui, k);
        return who ? sclist_new_for(ui, who) : PD_R_DRAW;
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_FILTER, ACT_SC_NEW, ACT_PRINT,
                                           ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_FILTER:
        L->filter = (L->filter + 1) % (PD_CASE__COUNT + 1);
        L->list.sel = L->list.first = 0;
        sclist_enter(s, ui);
        return PD_R_DRAW;
    case ACT_OPEN:
        if (L->n == 0)
            return PD_R_NONE;
        return pd_ui_push(ui, pd_scr_sc_case(ui, L->rows[L->list.sel].id));
    case ACT_SC_NEW:
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        pd_prompt_start(&L->who, s, 0, S_SC_ASK_WHO, NULL, NULL, 0);
        return PD_R_DRAW;
    case ACT_PRINT: {
        struct pd_case_job j;
        pd_case_job_start(ui, &j);
        const char *state = L->filter ? pd_case_state_key((enum pd_case_state)(L->filter - 1)) : NULL;
        pd_case_print(ui, pd_sc_list_report(ui->db, state, j.office, &j.err), "second-child-list", &j);
        return PD_R_DRAW;
    }
    default:
        return pd_list_move(&L->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static void sclist_leave(struct pd_screen *s)
{
    struct sclist *L = s->st;
    free(L->rows);
    L->rows = NULL;
}

static const struct pd_screen_ops sclist_ops = { "sc-list", sclist_enter, sclist_key, sclist_layout,
                                                 sclist_draw, sclist_leave };

struct pd_screen *pd_scr_sc_list(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&sclist_ops, sizeof(struct sclist));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_CM_SC), sizeof s->title);
    PD_SCREEN_KEYS(s, sclist_keys);
    s->help = S_HELP_SC_LIST;
    return s;
}

/* ---- one application ------------------------------------------------------- */

enum { ASK_CERT = 1, ASK_REASON };

struct sccase {
    long long id;
    struct pd_sc_case c;
    struct pd_a19_result now;
    bool have;
    struct pd_prompt ask;
};

static const enum pd_action sc_keys[] = { ACT_APPROVE, ACT_REJECT, ACT_PRINT, ACT_BACK };
static const enum pd_action sc_view_keys[] = { ACT_PRINT, ACT_BACK };
static void sc_keys_set(struct pd_screen *s, struct pd_ui *ui)
{
    struct sccase *C = s->st;
    if (ui->role == PD_ROLE_VIEWER || !C->have || !pd_sc_next_step(C->c.state))
        PD_SCREEN_KEYS(s, sc_view_keys);
    else
        PD_SCREEN_KEYS(s, sc_keys);
}

static void sc_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct sccase *C = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    C->have = pd_sc_get(ui->db, C->id, &C->c, &err) == PD_OK && pd_sc_check_now(ui->db, &C->c, &C->now, &err) == PD_OK;
    if (!C->have)
        pd_ui_say(ui, true, "%s", err.msg);
    else
        snprintf(s->title, sizeof s->title, "%s %lld %s", pd_tr(S_SC_NEW_TITLE), C->id, C->c.name);
    sc_keys_set(s, ui);
}

static void sc_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct sccase *C = s->st;
    if (!C->have)
        return;
    const struct pd_sc_case *c = &C->c;
    int x = 1, w = ui->cols - 2, y = ui->top, bottom = ui->top + ui->height - 1;
    char line[1400], buf[600];
    snprintf(line, sizeof line, "%lld  %s %s  /  %s %s  %s %s", c->id, c->name, c->id_number,
             c->spouse_name[0] ? c->spouse_name : "-", c->spouse_id_number, pd_tr(S_HOUSEHOLD), c->household);
    pd_put(y++, x, w, line, R_HEADER);
    snprintf(line, sizeof line, "%s: %s   %s: %s   %s: %s", pd_tr(S_COL_ITEM), pd_a19_word(c->item),
             pd_tr(S_COL_APPLIED), c->applied, pd_tr(S_COL_STATE), pd_case_state_word(c->state));
    pd_put(y++, x, w, line, R_NORMAL);
    docs_words(c->documents, buf, sizeof buf);
    snprintf(line, sizeof line, "%s: %s%s%s", pd_tr(S_SC_DOCS_DONE), buf, c->note[0] ? "   " : "", c->note);
    pd_put(y++, x, w, line, R_DIM);
    /* every check with its reason, as the register stands now */
    pd_put(y++, x, w, pd_tr(S_SC_CHECKS), R_HEADER);
    for (int i = 0; i < C->now.n && y < bottom - 6; i++, y++) {
        const struct pd_a19_cond *k = &C->now.c[i];
        enum pd_role_id role = k->state == PD_CHK_MET ? R_GOOD : k->state == PD_CHK_NOT_MET ? R_ERROR : R_WARN;
        pd_put(y, x + 1, 8, pd_chk_word(k->state), role);
        pd_put(y, x + 10, w - 10, k->words, R_NORMAL);
    }
    if (C->now.docs_missing) {
        docs_words(C->now.docs_missing, buf, sizeof buf);
        pd_trf(line, sizeof line, S_SC_MISSING, buf);
        pd_put(y++, x + 1, w - 1, line, R_ERROR);
    }
    if (c->state != PD_CASE_APPROVED && c->state != PD_CASE_REFUSED)
        pd_put(y++, x + 1, w - 1, pd_tr(C->now.blocked ? S_SC_BLOCKED : S_SC_CLEAR),
               C->now.blocked ? R_WARN : R_GOOD);
    /* the steps: who signed, when, the official named */
    pd_put(y++, x, w, pd_tr(S_SC_STEPS), R_HEADER);
    if (c->nsteps == 0)
        pd_put(y++, x + 1, w - 1, pd_tr(S_SC_NO_STEPS), R_DIM);
    for (int i = 0; i < c->nsteps && y < bottom - 1; i++, y++) {
        const struct pd_sc_step *st = &c->steps[i];
        bool ok = strcmp(st->decision, "approve") == 0;
        snprintf(line, sizeof line, "%s  %s  %s  %s%s%s  %s", pd_step_word(st->step),
                 pd_tr(ok ? S_D_AGREE : S_D_DISAGREE), st->date, st->user, st->reviewer[0] ? " / " : "",
                 st->reviewer, st->reason[0] ? st->reason : st->certificate);
        pd_put(y, x + 1, w - 1, line, ok ? R_NORMAL : R_WARN);
    }
    const char *next = pd_sc_next_step(c->state);
    if (c->state == PD_CASE_APPROVED)
        pd_trf(line, sizeof line, S_SC_APPROVED, c->certificate);
    else if (c->state == PD_CASE_REFUSED)
        pd_trf(line, sizeof line, S_SC_REFUSED, c->reason);
    else if (pd_sc_may(ui->role, next, ui->user, NULL) != PD_OK)
        pd_trf(line, sizeof line, S_SC_DUE_SUP, pd_step_word(next));
    else
        pd_trf(line, sizeof line, S_SC_DUE, pd_step_word(next));
    pd_put(bottom - 1, x, w, line, c->state == PD_CASE_APPROVED ? R_GOOD : c->state == PD_CASE_REFUSED ? R_WARN : R_HEADER);
    pd_prompt_draw(&C->ask, ui, bottom);
}

static enum pd_reaction sc_step(struct pd_screen *s, struct pd_ui *ui, bool approve, const char *text)
{
    struct sccase *C = s->st;
    const char *step = pd_sc_next_step(C->c.state);
    char date[PD_DATE_STRLEN];
    today_text(ui, date);
    struct pd_sc_review_opts ro = { C->id, step, approve, date, NULL, approve ? NULL : text,
                                    approve ? text : NULL, 0 };
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_sc_review(ui->db, &ro, ui->user, ui->role, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        return PD_R_DRAW;
    }
    char msg[PD_MSG_MAX];
    pd_trf(msg, sizeof msg, S_SC_STEP_SAVED, pd_step_word(step), pd_tr(approve ? S_D_AGREE : S_D_DISAGREE));
    ui->push.soon = true;   /* the step goes to the district at once */
    sc_enter(s, ui);
    pd_ui_say(ui, false, "%s", msg);
    return PD_R_DRAW;
}

static enum pd_reaction sc_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct sccase *C = s->st;
    if (C->ask.on) {
        const char *text = pd_prompt_take(&C->ask, s, ui, k);
        if (!text)
            return PD_R_DRAW;
        if (!text[0]) {
            pd_ui_say(ui, true, "%s", pd_tr(C->ask.what == ASK_CERT ? S_SC_CERT_NEEDED : S_REASON_NEEDED));
            return PD_R_DRAW;
        }
        return sc_step(s, ui, C->ask.what == ASK_CERT, text);
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_APPROVE, ACT_REJECT, ACT_PRINT, ACT_UP, ACT_DOWN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_PRINT: {
        if (!C->have)
            return PD_R_NONE;
        char name[64];
        struct pd_case_job j;
        pd_case_job_start(ui, &j);
        snprintf(name, sizeof name, "second-child-form-%lld", C->id);
        pd_case_print(ui, pd_sc_form_report(&C->c, &C->now, j.office, &j.err), name, &j);
        return PD_R_DRAW;
    }
    case ACT_APPROVE: case ACT_REJECT: {
        if (!C->have || !pd_ui_may_change(ui))
            return PD_R_DRAW;
        const char *step = pd_sc_next_step(C->c.state);
        if (!step)
            return PD_R_NONE;
        if (pd_sc_may(ui->role, step, ui->user, NULL) != PD_OK) {
            pd_ui_say(ui, true, "%s", pd_tr(S_SC_NEED_SUP));
            return PD_R_DRAW;
        }
        if (a == ACT_REJECT)
            pd_prompt_start(&C->ask, s, ASK_REASON, S_SC_ASK_REASON, NULL, pd_prompt_keys, 2);
        else if (strcmp(step, "county") == 0)
            pd_prompt_start(&C->ask, s, ASK_CERT, S_SC_ASK_CERT, NULL, pd_prompt_keys, 2);
        else
            return sc_step(s, ui, true, NULL);
        return PD_R_DRAW;
    }
    default:
        return PD_R_NONE;
    }
}

static const struct pd_screen_ops sc_ops = { "sc-case", sc_enter, sc_key, NULL, sc_draw, NULL };

struct pd_screen *pd_scr_sc_case(struct pd_ui *ui, long long id)
{
    struct pd_screen *s = pd_screen_new(&sc_ops, sizeof(struct sccase));
    if (!s)
        return NULL;
    struct sccase *C = s->st;
    C->id = id;
    snprintf(s->title, sizeof s->title, "%s %lld", pd_tr(S_SC_NEW_TITLE), id);
    sc_keys_set(s, ui);
    s->help = S_HELP_SC;
    return s;
}

/* ---- a new application ---------------------------------------------------- */

enum { FOC_ITEM, FOC_DOCS, FOC_DATE, FOC_NOTE, FOC__COUNT };

struct scnew {
    char pid[40];
    struct pd_a19_facts facts;
    bool have;
    int item, doc, focus;
    unsigned docs;
    struct pd_a19_result res;
    struct pd_form fm;          /* the date and the note, checked as the event's fields */
    int f_date, f_note;
};

static const enum pd_action new_keys[] = { ACT_SAVE, ACT_NEXT, ACT_TICK, ACT_BACK };

static void new_recheck(struct scnew *N)
{
    if (N->have)
        pd_a19_check((enum pd_a19_item)N->item, &N->facts, N->docs, &N->res);
}

static void new_enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct scnew *N = s->st;
    if (N->have)
        return;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_sc_facts(ui->db, N->pid, &N->facts, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return;
    }
    N->have = true;
    snprintf(s->title, sizeof s->title, "%s: %s", pd_tr(S_SC_NEW_TITLE), N->facts.wife.name);
    new_recheck(N);
}

static void new_draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct scnew *N = s->st;
    if (!N->have)
        return;
    int x = 1, w = ui->cols - 2, y = ui->top, bottom = ui->top + ui->height - 1;
    int half = w / 2;
    char line[600];
    snprintf(line, sizeof line, "%s %s  /  %s %s", pd_tr(S_COL_WIFE), N->facts.wife.name, pd_tr(S_COL_HUSBAND),
             N->facts.husband.known ? N->facts.husband.name : "-");
    pd_put(y, x, w, line, R_HEADER);
    pd_put(y + 1, x, half - 1, pd_tr(S_SC_ITEMS), N->focus == FOC_ITEM ? R_HEADER : R_LABEL);
    for (int i = 0; i < PD_A19__COUNT; i++) {
        bool sel = i == N->item;
        snprintf(line, sizeof line, "%s %s", sel ? "(*)" : "( )", pd_a19_word((enum pd_a19_item)i));
        pd_put(y + 2 + i, x, half - 1, line, sel && N->focus == FOC_ITEM ? R_SELECTED : sel ? R_HEADER : R_NORMAL);
    }
    pd_put(y + 1, x + half, w - half, pd_tr(S_SC_DOCS), N->focus == FOC_DOCS ? R_HEADER : R_LABEL);
    unsigned need = pd_a19_docs_required((enum pd_a19_item)N->item);
    for (int i = 0; i < PD_DOC__COUNT; i++) {
        bool on = N->docs & (1u << i);
        snprintf(line, sizeof line, "[%s] %s%s", on ? "x" : " ", doc_word((enum pd_a19_doc)i),
                 need & (1u << i) ? " *" : "");
        enum pd_role_id role = N->focus == FOC_DOCS && i == N->doc ? R_SELECTED : on ? R_GOOD : R_NORMAL;
        pd_put(y + 2 + i, x + half, w - half, line, role);
    }
    /* the date and the note: boxes as on every form */
    int fy = y + 2 + PD_A19__COUNT;
    const int ids[2] = { N->f_date, N->f_note };
    const enum pd_str labels[2] = { S_SC_DATE, S_SC_NOTE };
    int lw = 0;
    for (int k = 0; k < 2; k++)
        if (pd_text_width(pd_tr(labels[k])) > lw)
            lw = pd_text_width(pd_tr(labels[k]));
    lw = lw + 1 > 16 ? 16 : lw + 1;
    for (int k = 0; k < 2; k++) {
        const struct pd_form_field *ff = &N->fm.fields[ids[k]];
        bool foc = N->focus == (k == 0 ? FOC_DATE : FOC_NOTE);
        int ry = fy + k, bx = x + lw, bw = half - lw - 2;
        pd_put(ry, x, lw - 1, pd_tr(labels[k]), R_LABEL);
        size_t start = foc ? pd_fedit_view_start(&ff->ed, bw) : 0;
        pd_fill(ry, bx, bw, foc ? R_FOCUS : R_FIELD);
        pd_put(ry, bx, bw, ff->ed.buf + start, foc ? R_FOCUS : R_FIELD);
        if (ff->err[0])
            pd_put(ry + 2 - k, x, half - 1, ff->err, R_ERROR);
        if (foc) {
            ui->cursor = true;
            ui->cy = ry;
            ui->cx = bx + pd_fedit_cursor_col(&ff->ed) - pd_text_width(ff->ed.buf) + pd_text_width(ff->ed.buf + start);
        }
    }
    /* the checks, following every change */
    int cy = y + 3 + PD_DOC__COUNT;
    pd_put(cy++, x, w, pd_tr(S_SC_CHECKS), R_HEADER);
    for (int i = 0; i < N->res.n && cy < bottom; i++, cy++) {
        const struct pd_a19_cond *k = &N->res.c[i];
        enum pd_role_id role = k->state == PD_CHK_MET ? R_GOOD : k->state == PD_CHK_NOT_MET ? R_ERROR : R_WARN;
        pd_put(cy, x + 1, 8, pd_chk_word(k->state), role);
        pd_put(cy, x + 10, w - 10, k->words, R_NORMAL);
    }
    if (N->res.docs_missing && cy <= bottom) {
        char buf[400];
        docs_words(N->res.docs_missing, buf, sizeof buf);
        pd_trf(line, sizeof line, S_SC_MISSING, buf);
        pd_put(cy++, x + 1, w - 1, line, R_WARN);
    }
}

static enum pd_reaction new_save(struct pd_screen *s, struct pd_ui *ui)
{
    struct scnew *N = s->st;
    if (!N->have || !pd_ui_may_change(ui))
        return PD_R_DRAW;
    int bad = pd_form_validate(&N->fm);
    if (bad > 0) {
        char msg[200];
        pd_trf(msg, sizeof msg, S_FIX_ERRORS, bad);
        pd_ui_say(ui, true, "%s", msg);
        N->focus = N->fm.cur == N->f_date ? FOC_DATE : FOC_NOTE;
        return PD_R_DRAW;
    }
    const char *note = pd_form_text(&N->fm, "note");
    struct pd_sc_apply_opts ao = { N->pid, (enum pd_a19_item)N->item, pd_form_text(&N->fm, "date"), N->docs,
                                   *note ? note : NULL };
    struct pd_error err;
    pd_error_clear(&err);
    long long id = 0;
    if (pd_sc_apply(ui->db, &ao, ui->user, ui->role, &id, &err) != PD_OK) {
        pd_form_set_error(&N->fm, err.field, err.msg);
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        return PD_R_DRAW;
    }
    char msg[PD_MSG_MAX];
    pd_trf(msg, sizeof msg, S_SC_SAVED, id);
    pd_ui_say(ui, false, "%s", msg);
    ui->push.soon = true;
    ui->next = pd_scr_sc_case(ui, id);
    return ui->next ? PD_R_REPLACE : PD_R_POP;
}

static enum pd_reaction new_key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct scnew *N = s->st;
    bool typing = N->focus == FOC_DATE || N->focus == FOC_NOTE;
    if (typing) {
        N->fm.cur = N->focus == FOC_DATE ? N->f_date : N->f_note;
        if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
            pd_form_insert(&N->fm, k->ch);
            return PD_R_DRAW;
        }
    }
    static const enum pd_action acts[] = { ACT_SAVE, ACT_BACK, ACT_NEXT, ACT_PREV, ACT_TICK, ACT_UP, ACT_DOWN,
                                           ACT_BKSP, ACT_DEL, ACT_LEFT, ACT_RIGHT, ACT_LINE_HOME, ACT_LINE_END,
                                           ACT_CLEAR };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    /* Tab/Shift-Tab move between the parts; the arrows move inside the
     * lists (Tab's table binds Down too, so the lists ask for Up/Down first) */
    if (!typing && k->type == PD_KEY_FUNC && (pd_key_is(k, ACT_UP) || pd_key_is(k, ACT_DOWN)))
        a = pd_key_is(k, ACT_UP) ? ACT_UP : ACT_DOWN;
    if (a != ACT_NONE)
        ui->status[0] = '\0';
    struct pd_form_field *ff = &N->fm.fields[N->fm.cur];
    switch (a) {
    case ACT_SAVE: return new_save(s, ui);
    case ACT_BACK: return PD_R_POP;
    case ACT_NEXT: case ACT_PREV:
        if (typing)
            pd_form_check(&N->fm, N->fm.cur);
        N->focus = (N->focus + (a == ACT_NEXT ? 1 : FOC__COUNT - 1)) % FOC__COUNT;
        s->text_entry = N->focus == FOC_DATE || N->focus == FOC_NOTE;
        return PD_R_DRAW;
    case ACT_UP: case ACT_DOWN: {
        int d = a == ACT_DOWN ? 1 : -1;
        if (N->focus == FOC_ITEM)
            N->item = (N->item + d + PD_A19__COUNT) % PD_A19__COUNT;
        else if (N->focus == FOC_DOCS)
            N->doc = (N->doc + d + PD_DOC__COUNT) % PD_DOC__COUNT;
        else
            return PD_R_NONE;
        new_recheck(N);
        return PD_R_DRAW;
    }
    case ACT_TICK:
        if (N->focus != FOC_DOCS)
            return PD_R_NONE;
        N->docs ^= 1u << N->doc;
        new_recheck(N);
        return PD_R_DRAW;
    case ACT_BKSP: if (typing) pd_form_backspace(&N->fm); return PD_R_DRAW;
    case ACT_DEL: if (typing) pd_form_delete(&N->fm); return PD_R_DRAW;
    case ACT_LEFT: if (typing) pd_fedit_left(&ff->ed); return PD_R_DRAW;
    case ACT_RIGHT: if (typing) pd_fedit_right(&ff->ed); return PD_R_DRAW;
    case ACT_LINE_HOME: if (typing) pd_fedit_home(&ff->ed); return PD_R_DRAW;
    case ACT_LINE_END: if (typing) pd_fedit_end(&ff->ed); return PD_R_DRAW;
    case ACT_CLEAR: if (typing) pd_fedit_clear(&ff->ed); return PD_R_DRAW;
    default: return PD_R_NONE;
    }
}

static void new_leave(struct pd_screen *s)
{
    struct scnew *N = s->st;
    pd_form_done(&N->fm);
}

static const struct pd_screen_ops new_ops = { "sc-new", new_enter, new_key, NULL, new_draw, new_leave };

struct pd_screen *pd_scr_sc_new(struct pd_ui *ui, const char *pid)
{
    if (!pd_ui_may_change(ui))
        return NULL;
    const struct pd_field *fd = pd_ui_event_field("second_child.apply", "date"),
                          *fn = pd_ui_event_field("second_child.apply", "note");
    if (!fd || !fn)
        return NULL;
    struct pd_screen *s = pd_screen_new(&new_ops, sizeof(struct scnew));
    if (!s)
        return NULL;
    struct scnew *N = s->st;
    pd_strlcpy(N->pid, pid, sizeof N->pid);
    N->item = PD_A19_RURAL_DAUGHTER;
    /* the three every item needs are usually on the desk: start unticked,
     * the clerk ticks what she has seen */
    pd_form_init(&N->fm, pd_db_today(ui->db), pd_i18n_lang());
    char d[PD_DATE_STRLEN];
    today_text(ui, d);
    N->f_date = pd_form_add(&N->fm, fd, d);
    N->f_note = pd_form_add(&N->fm, fn, NULL);
    if (N->f_date < 0 || N->f_note < 0) {
        pd_form_done(&N->fm);
        return pd_screen_drop(s);
    }
    N->fm.fields[N->f_date].required = true;
    snprintf(s->title, sizeof s->title, "%s %s", pd_tr(S_SC_NEW_TITLE), pid);
    PD_SCREEN_KEYS(s, new_keys);
    s->help = S_HELP_SC_NEW;
    return s;
}
