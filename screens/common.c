/* common.c - what several screens share: allocation, the message line,
 * list scrolling, loading and columns, the line typed on the bottom row,
 * the yes/no question, words for codes in lists, the person a new case is
 * for, a new case typed as rows, the payment form (screens.h, common.h). */
#include "screens/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/text.h"
#include "core/date.h"
#include "core/fields.h"
#include "app/policy_load.h"
#include "app/policy_update.h"
#include "core/policy.h"
#include "store/db.h"
#include "store/search.h"
#include "core/event.h"

struct pd_screen *pd_screen_new(const struct pd_screen_ops *ops, size_t size)
{
    struct pd_screen *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->st = calloc(1, size ? size : 1);
    if (!s->st) {
        free(s);
        return NULL;
    }
    s->ops = ops;
    return s;
}

struct pd_screen *pd_screen_drop(struct pd_screen *s)
{
    if (s) {
        free(s->st);
        free(s);
    }
    return NULL;
}

void pd_ui_say(struct pd_ui *ui, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->status, sizeof ui->status, fmt, ap);
    va_end(ap);
    ui->status_error = error;
}

enum pd_reaction pd_ui_push(struct pd_ui *ui, struct pd_screen *s)
{
    if (!s) {
        if (!ui->status[0])
            pd_ui_say(ui, true, "out of memory");
        return PD_R_DRAW;
    }
    ui->next = s;
    return PD_R_PUSH;
}

void pd_list_fix(struct pd_list *l)
{
    if (l->rows < 1)
        l->rows = 1;
    if (l->sel >= l->n)
        l->sel = l->n - 1;
    if (l->sel < 0)
        l->sel = 0;
    if (l->first > l->sel)
        l->first = l->sel;
    if (l->sel >= l->first + l->rows)
        l->first = l->sel - l->rows + 1;
    if (l->first < 0)
        l->first = 0;
}

enum pd_action pd_ui_action(struct pd_ui *ui, const struct pd_key *k, const enum pd_action *acts, int n)
{
    enum pd_action a = pd_key_action(k, acts, n);
    if (a != ACT_NONE)
        ui->status[0] = '\0';
    return a;
}

void pd_list_show(struct pd_list *l, int rows)
{
    l->rows = rows;
    pd_list_fix(l);
}

int pd_rows_push(void **rows, int *n, int *cap, bool *oom, const void *item, size_t size)
{
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 32;
        void *r = realloc(*rows, (size_t)c * size);
        if (!r) {
            *oom = true;
            return 1;
        }
        *rows = r;
        *cap = c;
    }
    memcpy((char *)*rows + (size_t)*n * size, item, size);
    (*n)++;
    return 0;
}

void pd_list_loaded(struct pd_ui *ui, struct pd_list *l, int n, pd_err rc, const struct pd_error *err,
                    bool oom)
{
    if (rc != PD_OK)
        pd_ui_say(ui, true, "%s", err->msg);
    else if (oom)
        pd_ui_say(ui, true, "out of memory");
    l->n = n;
    pd_list_fix(l);
}

void pd_cols_put(int y, int x, const struct pd_col *cols, int n, const char *const *cells,
                 enum pd_role_id role)
{
    for (int i = 0; i < n; i++) {
        const char *t = cells[i] ? cells[i] : "";
        x += (cols[i].right ? pd_put_right(y, x, cols[i].w, t, role) : pd_put(y, x, cols[i].w, t, role)) + 1;
    }
}

void pd_cols_head(int y, int x, int w, const struct pd_col *cols, int n, const enum pd_str *words, bool empty)
{
    const char *cells[16];
    for (int i = 0; i < n && i < 16; i++)
        cells[i] = pd_tr(words[i]);
    pd_cols_put(y, x, cols, n < 16 ? n : 16, cells, R_HEADER);
    if (empty)
        pd_put(y + 1, x, w, pd_tr(S_NOTHING_FOUND), R_DIM);
}

const enum pd_action pd_prompt_keys[2] = { ACT_SAVE, ACT_BACK };

void pd_prompt_start(struct pd_prompt *p, struct pd_screen *s, int what, enum pd_str label, const char *text,
                     const enum pd_action *keys, int nkeys)
{
    p->on = true;
    p->what = what;
    p->label = label;
    pd_fedit_set(&p->ed, text ? text : "");
    p->keys = s->keys;
    p->nkeys = s->nkeys;
    if (keys) {
        s->keys = keys;
        s->nkeys = nkeys;
    }
    s->text_entry = true;
}

void pd_prompt_stop(struct pd_prompt *p, struct pd_screen *s)
{
    if (!p->on)
        return;
    p->on = false;
    s->keys = p->keys;
    s->nkeys = p->nkeys;
    s->text_entry = false;
}

enum pd_prompt_result pd_prompt_key(struct pd_prompt *p, struct pd_screen *s, struct pd_ui *ui,
                                    const struct pd_key *k)
{
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        pd_fedit_insert(&p->ed, k->ch);
        return PD_PROMPT_MORE;
    }
    static const enum pd_action acts[] = { ACT_OPEN, ACT_SAVE, ACT_BACK, ACT_BKSP, ACT_DEL, ACT_LEFT,
                                           ACT_RIGHT, ACT_LINE_HOME, ACT_LINE_END, ACT_CLEAR };
    switch (pd_key_action(k, acts, sizeof acts / sizeof acts[0])) {
    case ACT_OPEN: case ACT_SAVE:
        if (p->need && !p->ed.buf[0]) {
            pd_ui_say(ui, true, "%s", pd_tr(S_REASON_NEEDED));
            return PD_PROMPT_MORE;
        }
        return PD_PROMPT_DONE;
    case ACT_BACK:
        pd_prompt_stop(p, s);
        ui->status[0] = '\0';
        return PD_PROMPT_CANCEL;
    case ACT_BKSP: pd_fedit_backspace(&p->ed); break;
    case ACT_DEL: pd_fedit_delete(&p->ed); break;
    case ACT_LEFT: pd_fedit_left(&p->ed); break;
    case ACT_RIGHT: pd_fedit_right(&p->ed); break;
    case ACT_LINE_HOME: pd_fedit_home(&p->ed); break;
    case ACT_LINE_END: pd_fedit_end(&p->ed); break;
    case ACT_CLEAR: pd_fedit_clear(&p->ed); break;
    default: break;
    }
    return PD_PROMPT_MORE;
}

const char *pd_prompt_take(struct pd_prompt *p, struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    if (pd_prompt_key(p, s, ui, k) != PD_PROMPT_DONE)
        return NULL;
    pd_prompt_stop(p, s);
    return p->ed.buf;
}

void pd_prompt_draw(struct pd_prompt *p, struct pd_ui *ui, int y)
{
    if (!p->on)
        return;
    int x = 1, w = ui->cols - 2;
    const char *label = pd_tr(p->label);
    int lw = pd_text_width(label);
    if (lw > w - 20)
        lw = w - 20;
    pd_fill(y, x, w, R_NORMAL);
    pd_put(y, x, lw, label, R_LABEL);
    int bw = w - lw - 1;
    size_t start = pd_fedit_view_start(&p->ed, bw);
    pd_fill(y, x + lw, bw, R_FOCUS);
    pd_put(y, x + lw, bw, p->ed.buf + start, R_FOCUS);
    ui->cursor = true;
    ui->cy = y;
    ui->cx = x + lw + pd_fedit_cursor_col(&p->ed) - pd_text_width(p->ed.buf) + pd_text_width(p->ed.buf + start);
}

void pd_question_ask(bool *pending, struct pd_ui *ui, const char *msg)
{
    *pending = true;
    pd_ui_say(ui, true, "%s", msg);
}

enum pd_answer pd_question_answer(bool *pending, struct pd_ui *ui, enum pd_action a)
{
    if (!*pending)
        return PD_ANSWER_NONE;
    *pending = false;
    ui->status[0] = '\0';
    return a == ACT_APPROVE ? PD_ANSWER_YES : PD_ANSWER_NO;
}

bool pd_list_move(struct pd_list *l, enum pd_action a)
{
    int old = l->sel;
    switch (a) {
    case ACT_UP: case ACT_PREV: l->sel--; break;
    case ACT_DOWN: case ACT_NEXT: l->sel++; break;
    case ACT_PGUP: l->sel -= l->rows; break;
    case ACT_PGDN: l->sel += l->rows; break;
    default: return false;
    }
    pd_list_fix(l);
    return l->sel != old;
}

const char *pd_sex_word(const char *code)
{
    if (strcmp(code, "1") == 0)
        return pd_i18n_en() ? "M" : "男";
    if (strcmp(code, "2") == 0)
        return pd_i18n_en() ? "F" : "女";
    return "";
}

const char *pd_status_word(const char *status)
{
    if (strcmp(status, "active") == 0)
        return pd_tr(S_ST_ACTIVE);
    if (strcmp(status, "dead") == 0)
        return pd_tr(S_ST_DEAD);
    if (strcmp(status, "moved_out") == 0)
        return pd_tr(S_ST_MOVED);
    if (strcmp(status, "left") == 0)
        return pd_tr(S_ST_LEFT);
    return status;
}

void pd_age_text(struct pd_ui *ui, const char *birth, char *buf, size_t size)
{
    struct pd_date b;
    buf[0] = '\0';
    if (pd_date_parse(birth, &b, "birth_date", NULL) != PD_OK || pd_date_is_empty(b))
        return;
    int age = pd_age_on(b, pd_db_today(ui->db));
    if (age >= 0)
        snprintf(buf, size, "%d", age);
}

const char *pd_event_word(const char *type)
{
    const struct pd_event_type *t = pd_event_type_find(type);
    if (!t)
        return type;
    return pd_i18n_en() ? t->en : t->zh;
}

const struct pd_policy *pd_ui_policy(struct pd_ui *ui)
{
    if (ui->policy_tried)
        return ui->policy;
    ui->policy_tried = true;
    /* the policy in force: a district policy update replaces [policy] file */
    char buf[4096];
    const char *path = pd_policy_in_force(ui->db, ui->app->cfg.policy_file, buf, sizeof buf);
    if (!path[0]) {
        pd_strlcpy(ui->policy_err, pd_tr(S_POLICY_NONE), sizeof ui->policy_err);
        return NULL;
    }
    struct pd_policy *p = malloc(sizeof *p);
    struct pd_error err;
    pd_error_clear(&err);
    if (!p) {
        pd_strlcpy(ui->policy_err, "out of memory", sizeof ui->policy_err);
        return NULL;
    }
    if (pd_policy_load(path, p, &err) != PD_OK) {
        pd_strlcpy(ui->policy_err, err.msg, sizeof ui->policy_err);
        free(p);
        return NULL;
    }
    ui->policy = p;
    return p;
}

const char *pd_programme_word(int prog)
{
    switch (prog) {
    case PD_PROG_REWARD: return pd_tr(S_PROG_REWARD);
    case PD_PROG_SPECIAL: return pd_tr(S_PROG_SPECIAL);
    case PD_PROG_ONECHILD: return pd_tr(S_PROG_ONECHILD);
    default: return "?";
    }
}

bool pd_ui_may_change(struct pd_ui *ui)
{
    if (ui->role != PD_ROLE_VIEWER)
        return true;
    pd_ui_say(ui, true, "%s", pd_tr(S_VIEWER_NO));
    return false;
}

const char *pd_code_word(int set, const char *code)
{
    const struct pd_code *c = pd_code_find((enum pd_codeset)set, code);
    if (!c)
        return NULL;
    return pd_i18n_en() && c->en && c->en[0] ? c->en : c->name;
}

void pd_ui_value(const struct pd_field *f, const json_t *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (json_is_boolean(v)) {
        pd_strlcpy(buf, pd_tr(json_is_true(v) ? S_YES : S_NO), size);
        return;
    }
    if (f->kind == PD_F_CODE && json_is_string(v)) {
        const char *w = pd_code_word((int)f->codes, json_string_value(v));
        if (w) {
            pd_strlcpy(buf, w, size);
            return;
        }
    }
    pd_field_format(f, v, true, buf, size);
}

/* ---- the person a new case is for ----------------------------------------- */

/* pd_ui_find_person without the message line: false with err filled
 * (empty q: false, err empty). */
static bool find_person(struct pd_db *db, const char *q, bool woman, char *pid, size_t size, struct pd_error *err)
{
    pd_error_clear(err);
    if (!q || !*q)
        return false;
    json_t *p = pd_person_get(db, q, err);
    if (p) {
        /* typed exactly: that person, whoever it is (the store refuses a
         * wrong one in words) */
        const char *v = json_string_value(json_object_get(p, "pid"));
        pd_strlcpy(pid, v ? v : q, size);
        json_decref(p);
        return true;
    }
    pd_error_clear(err);
    struct pd_person_row rows[20];
    int n = 0;
    enum pd_search_how how;
    if (pd_search(db, q, rows, 20, &n, &how, err) != PD_OK)
        return false;
    for (int i = 0; i < n; i++)
        if ((!woman || strcmp(rows[i].sex, "2") == 0) && strcmp(rows[i].status, "active") == 0) {
            pd_strlcpy(pid, rows[i].pid, size);
            return true;
        }
    char msg[PD_MSG_MAX];
    pd_trf(msg, sizeof msg, S_SC_WHO_NONE, q);
    pd_fail(err, PD_ENOTFOUND, "person", "%s", msg);
    return false;
}

bool pd_ui_find_person(struct pd_ui *ui, const char *q, bool woman, char *pid, size_t size)
{
    struct pd_error err;
    if (find_person(ui->db, q, woman, pid, size, &err))
        return true;
    if (err.msg[0])
        pd_ui_say(ui, true, "%s", err.msg);
    return false;
}

static void json_text(const json_t *o, const char *key, char *buf, size_t size)
{
    const char *v = json_string_value(json_object_get(o, key));
    pd_strlcpy(buf, v ? v : "", size);
}

void pd_case_person_load(struct pd_ui *ui, struct pd_screen *s, struct pd_case_person *P, enum pd_str title)
{
    struct pd_error err;
    pd_error_clear(&err);
    json_t *p = pd_person_get(ui->db, P->pid, &err);
    if (p) {
        json_text(p, "name", P->name, sizeof P->name);
        json_text(p, "id_number", P->idno, sizeof P->idno);
        json_text(p, "household", P->household, sizeof P->household);
        json_decref(p);
    }
    char t[200];
    pd_trf(t, sizeof t, title, P->name[0] ? P->name : P->pid);
    pd_strlcpy(s->title, t, sizeof s->title);
}

void pd_case_person_draw(const struct pd_case_person *P, int y, int x, int w, enum pd_str label)
{
    char line[300];
    snprintf(line, sizeof line, "%s %s  %s", pd_tr(label), P->name, P->idno);
    pd_put(y, x, w, line, R_HEADER);
}

const struct pd_field *pd_ui_event_field(const char *type, const char *key)
{
    const struct pd_event_type *t = pd_event_type_find(type);
    return t ? pd_field_find(t->own, key) : NULL;
}

/* ---- one field of a form as a row ------------------------------------------- */

/* Field ff on row y: the label in lw columns from x, the box bw wide, its
 * error beside it (within w columns from x), the cursor when focus. */
static void form_row(struct pd_ui *ui, int y, int x, int w, int lw, int bw, const char *label,
                 const struct pd_form_field *ff, bool focus)
{
    int bx = x + lw;
    pd_put(y, x, lw - 1, label, R_LABEL);
    size_t start = focus ? pd_fedit_view_start(&ff->ed, bw) : 0;
    pd_fill(y, bx, bw, focus ? R_FOCUS : R_FIELD);
    pd_put(y, bx, bw, ff->ed.buf + start, focus ? R_FOCUS : R_FIELD);
    if (ff->err[0] && w - lw - bw - 1 > 0)
        pd_put(y, bx + bw + 1, w - lw - bw - 1, ff->err, R_ERROR);
    if (focus) {
        ui->cursor = true;
        ui->cy = y;
        ui->cx = bx + pd_fedit_cursor_col(&ff->ed) - pd_text_width(ff->ed.buf) + pd_text_width(ff->ed.buf + start);
    }
}

/* Typing into fm's current field: a character or an editing key is
 * applied (ACT_NONE returned); any other key's action (F2, Esc, Tab,
 * Shift-Tab among them) is returned for the screen to act on. */
static enum pd_action form_edit_key(struct pd_form *fm, const struct pd_key *k)
{
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        pd_form_insert(fm, k->ch);
        return ACT_NONE;
    }
    static const enum pd_action acts[] = { ACT_SAVE, ACT_BACK, ACT_NEXT, ACT_PREV, ACT_BKSP, ACT_DEL,
                                           ACT_LEFT, ACT_RIGHT, ACT_LINE_HOME, ACT_LINE_END, ACT_CLEAR };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    struct pd_fedit *ed = fm->n > 0 ? &fm->fields[fm->cur].ed : NULL;
    if (!ed)
        return a;
    switch (a) {
    case ACT_BKSP: pd_form_backspace(fm); return ACT_NONE;
    case ACT_DEL: pd_form_delete(fm); return ACT_NONE;
    case ACT_LEFT: pd_fedit_left(ed); return ACT_NONE;
    case ACT_RIGHT: pd_fedit_right(ed); return ACT_NONE;
    case ACT_LINE_HOME: pd_fedit_home(ed); return ACT_NONE;
    case ACT_LINE_END: pd_fedit_end(ed); return ACT_NONE;
    case ACT_CLEAR: pd_fedit_clear(ed); return ACT_NONE;
    default: return a;
    }
}

/* ---- a new case typed as rows ------------------------------------------------ */

void pd_rowform_init(struct pd_rowform *R, struct pd_ui *ui, int n, const char *const *keys,
                     bool (*used)(const void *st, int row), const void *st)
{
    pd_form_init(&R->fm, pd_db_today(ui->db), pd_i18n_lang());
    R->n = n < PD_ROWFORM_MAX ? n : PD_ROWFORM_MAX;
    for (int r = 0; r < PD_ROWFORM_MAX; r++)
        R->f[r] = -1;
    R->keys = keys;
    R->row = 0;
    R->used = used;
    R->st = st;
    R->ok = false;
    pd_error_clear(&R->why);
    R->why_row = -1;
}

bool pd_rowform_add(struct pd_rowform *R, int row, const struct pd_field *f, const char *text)
{
    return f && (R->f[row] = pd_form_add(&R->fm, f, text)) >= 0;
}

const struct pd_policy *pd_rowform_recheck(struct pd_rowform *R, struct pd_ui *ui, const char *field)
{
    R->ok = false;
    R->why_row = -1;
    pd_error_clear(&R->why);
    const struct pd_policy *pol = pd_ui_policy(ui);
    if (!pol)
        pd_fail(&R->why, PD_ECONFIG, field, "%s", ui->policy_err);
    return pol;
}

int pd_rowform_row_of(const struct pd_rowform *R, const char *field)
{
    for (int r = 0; r < R->n; r++)
        if (field && strcmp(field, R->keys[r]) == 0)
            return r;
    return -1;
}

bool pd_rowform_person(struct pd_rowform *R, struct pd_ui *ui, int row, char *pid, size_t size)
{
    pid[0] = '\0';
    const char *t = pd_form_text(&R->fm, R->keys[row]);
    if (R->used(R->st, row) && *t && !find_person(ui->db, t, false, pid, size, &R->why)) {
        R->why_row = row;
        return false;
    }
    return true;
}

bool pd_rowform_valid(struct pd_rowform *R, struct pd_ui *ui)
{
    int bad = 0;
    for (int r = 0; r < R->n; r++)
        if (R->f[r] >= 0 && R->used(R->st, r) && !pd_form_check(&R->fm, R->f[r]))
            bad++;
    if (bad == 0)
        return true;
    char msg[200];
    pd_trf(msg, sizeof msg, S_FIX_ERRORS, bad);
    pd_ui_say(ui, true, "%s", msg);
    return false;
}

/* The focus d rows on (-1 back), round the rows asked for; the field left
 * is checked. */
static void rowform_move(struct pd_rowform *R, int d)
{
    int r = R->row;
    do
        r = (r + d + R->n) % R->n;
    while (!R->used(R->st, r));
    if (R->f[R->row] >= 0)
        pd_form_check(&R->fm, R->f[R->row]);
    R->row = r;
    if (R->f[r] >= 0)
        R->fm.cur = R->f[r];
}

enum pd_action pd_rowform_key(struct pd_rowform *R, struct pd_ui *ui, const struct pd_key *k)
{
    enum pd_action a;
    if (R->f[R->row] < 0) {
        static const enum pd_action acts[] = { ACT_SAVE, ACT_BACK, ACT_NEXT, ACT_PREV, ACT_CHOOSE };
        a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    } else {
        R->fm.cur = R->f[R->row];
        a = form_edit_key(&R->fm, k);
    }
    if (a != ACT_NONE)
        ui->status[0] = '\0';
    if (a == ACT_NEXT || a == ACT_PREV)
        rowform_move(R, a == ACT_NEXT ? 1 : -1);
    return a;
}

bool pd_rowform_row(struct pd_rowform *R, struct pd_ui *ui, int r, int y, int x, int w, int lw, int bw,
                    const char *label, const char *choice)
{
    bool foc = r == R->row;
    if (R->f[r] < 0) {
        char line[600];
        snprintf(line, sizeof line, "< %s >", choice);
        /* a long choice (a programme's title) takes the whole row */
        int cw = pd_text_width(line) > bw ? w - lw : bw;
        pd_put(y, x, lw - 1, label, R_LABEL);
        pd_fill(y, x + lw, cw, foc ? R_FOCUS : R_FIELD);
        pd_put(y, x + lw, cw, line, foc ? R_FOCUS : R_FIELD);
    } else {
        form_row(ui, y, x, w, lw, bw, label, &R->fm.fields[R->f[r]], foc);
        if (R->fm.fields[R->f[r]].err[0])
            return false;
    }
    if (r != R->why_row)
        return true;
    pd_put(y, x + lw + bw + 1, w - lw - bw - 1, R->why.msg, R_ERROR);
    return false;
}

/* ---- a payment typed under a ledger ------------------------------------------- */

const enum pd_action pd_pay_keys[3] = { ACT_SAVE, ACT_NEXT, ACT_BACK };

bool pd_payform_open(struct pd_payform *p, struct pd_screen *s, struct pd_ui *ui, const char *type, long long id,
                     long outstanding, const char *title)
{
    if (!pd_event_type_find(type))
        return false;
    if (p->on)
        pd_payform_close(p, s);
    pd_form_init(&p->fm, pd_db_today(ui->db), pd_i18n_lang());
    static const char *const keys[3] = { "amount", "date", "receipt" };
    char today[PD_DATE_STRLEN], amount[24];
    pd_date_format(pd_db_today(ui->db), today);
    snprintf(amount, sizeof amount, "%ld", outstanding);
    const char *start[3] = { amount, today, NULL };
    for (int k = 0; k < 3; k++) {
        const struct pd_field *f = pd_ui_event_field(type, keys[k]);
        if (f && pd_form_add(&p->fm, f, start[k]) < 0) {
            pd_form_done(&p->fm);
            return false;
        }
    }
    p->fm.cur = 0;
    p->on = true;
    p->id = id;
    pd_strlcpy(p->title, title, sizeof p->title);
    p->keys = s->keys;
    p->nkeys = s->nkeys;
    PD_SCREEN_KEYS(s, pd_pay_keys);
    s->text_entry = true;
    return true;
}

void pd_payform_close(struct pd_payform *p, struct pd_screen *s)
{
    if (!p->on)
        return;
    p->on = false;
    pd_form_done(&p->fm);
    s->keys = p->keys;
    s->nkeys = p->nkeys;
    s->text_entry = false;
}

void pd_payform_draw(struct pd_payform *p, struct pd_ui *ui, int y)
{
    if (!p->on)
        return;
    int x = 1, w = ui->cols - 2;
    pd_hline(y, x, w);
    pd_put(y, x + 2, w - 4, p->title, R_HEADER);
    static const enum pd_str labels[3] = { S_PAY_AMOUNT, S_PAY_DATE, S_PAY_RECEIPT };
    for (int i = 0; i < p->fm.n && i < 3; i++)
        form_row(ui, y + 1 + i, x, w, 16, 24, pd_tr(labels[i]), &p->fm.fields[i], i == p->fm.cur);
}

enum pd_pay_step pd_payform_key(struct pd_payform *p, struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    switch (form_edit_key(&p->fm, k)) {
    case ACT_SAVE: {
        int bad = pd_form_validate(&p->fm);
        if (bad > 0) {
            char msg[200];
            pd_trf(msg, sizeof msg, S_FIX_ERRORS, bad);
            pd_ui_say(ui, true, "%s", msg);
            return PD_PAY_MORE;
        }
        return PD_PAY_SAVE;
    }
    case ACT_BACK:
        pd_payform_close(p, s);
        ui->status[0] = '\0';
        return PD_PAY_CANCEL;
    case ACT_NEXT: pd_form_check(&p->fm, p->fm.cur); pd_form_next(&p->fm); return PD_PAY_MORE;
    case ACT_PREV: pd_form_check(&p->fm, p->fm.cur); pd_form_prev(&p->fm); return PD_PAY_MORE;
    default: return PD_PAY_MORE;
    }
}

bool pd_payform_save(struct pd_payform *p, struct pd_screen *s, struct pd_ui *ui,
                     pd_err (*pay)(struct pd_db *db, long long id, long amount, const char *date,
                                   const char *receipt, const char *user, struct pd_error *err))
{
    long amount = strtol(pd_form_text(&p->fm, "amount"), NULL, 10);
    const char *receipt = pd_form_text(&p->fm, "receipt");
    struct pd_error err;
    pd_error_clear(&err);
    const char *date = pd_form_text(&p->fm, "date");
    if (pay(ui->db, p->id, amount, date, *receipt ? receipt : NULL, ui->user, &err) != PD_OK) {
        pd_form_set_error(&p->fm, err.field, err.msg);
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        return false;
    }
    ui->push.soon = true;
    pd_payform_close(p, s);
    return true;
}
