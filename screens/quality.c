/* quality.c - the data-quality screen: every problem the last check found
 * (store/quality_store.h keeps them: `popdesk check` or R here), with the
 * person, the field and the reason; Enter opens the person's record (the
 * person screen) to correct it; F filters by kind; the whole-population
 * information management rate at the top.
 *
 * The same screen in "duplicates" mode lists only the likely duplicates
 * and the same ID number held twice, for a clerk to compare; a supervisor
 * or administrator merges one into the record it names (a person.merge
 * event, asked for confirmation first).
 *
 * A register imported badly can have a problem on every record, so the
 * list is read a window at a time (pd_quality_saved_page), never whole. */
#include "screens/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/quality.h"
#include "core/text.h"
#include "store/db.h"
#include "store/events.h"
#include "store/quality_store.h"
#include "store/search.h"

#define WINDOW 400

/* One problem as the list keeps it (the reason is cut to what fits). */
struct qrow {
    enum pd_qkind kind;
    char person[PD_Q_REF], household[PD_Q_REF], name[PD_Q_NAME], field[64], other[PD_Q_REF];
    char reason[PD_Q_REASON];
};

struct quality {
    bool duplicates;
    int filter;                  /* -1 every kind, else a pd_qkind */
    bool have_sum;
    struct pd_quality_summary sum;
    long long total;             /* problems under the filter */
    long long base;              /* the list index of rows[0] */
    struct qrow *rows;           /* the window */
    int n;
    struct pd_list list;         /* over the whole filtered list (n = total) */
    bool confirm_merge;
};

static const enum pd_action check_keys[] = { ACT_OPEN, ACT_FILTER, ACT_RECHECK, ACT_BACK };
static const enum pd_action dup_keys[] = { ACT_OPEN, ACT_MERGE, ACT_FILTER, ACT_RECHECK, ACT_BACK };

/* The kinds the duplicates mode lists. */
static const enum pd_qkind dup_kinds[] = { PD_Q_LIKELY_DUPLICATE, PD_Q_SAME_ID, PD_Q_TWO_HOUSEHOLDS };
#define NDUP ((int)(sizeof dup_kinds / sizeof dup_kinds[0]))

static void kinds_text(const struct quality *Q, char *buf, size_t size)
{
    buf[0] = '\0';
    if (Q->filter >= 0) {
        pd_strlcpy(buf, pd_qkind_def((enum pd_qkind)Q->filter)->key, size);
        return;
    }
    if (!Q->duplicates)
        return;
    size_t n = 0;
    for (int i = 0; i < NDUP && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : "", pd_qkind_def(dup_kinds[i])->key);
}

static void add_row(void *ctx, const struct pd_problem *p)
{
    struct quality *Q = ctx;
    if (Q->n >= WINDOW)
        return;
    struct qrow *r = &Q->rows[Q->n++];
    r->kind = p->kind;
    pd_strlcpy(r->person, p->person, sizeof r->person);
    pd_strlcpy(r->household, p->household, sizeof r->household);
    pd_strlcpy(r->name, p->name, sizeof r->name);
    pd_strlcpy(r->field, p->field, sizeof r->field);
    pd_strlcpy(r->other, p->other, sizeof r->other);
    pd_strlcpy(r->reason, p->reason, sizeof r->reason);
}

/* Reads the window around the selection. */
static void load(struct quality *Q, struct pd_ui *ui)
{
    char kinds[200];
    kinds_text(Q, kinds, sizeof kinds);
    long long base = Q->list.sel - WINDOW / 2;
    if (base < 0)
        base = 0;
    struct pd_error err;
    pd_error_clear(&err);
    Q->n = 0;
    Q->base = base;
    if (pd_quality_saved_page(ui->db, kinds, base, WINDOW, add_row, Q, &Q->total, &err) != PD_OK) {
        Q->total = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    }
    Q->list.n = Q->total > 2000000000LL ? 2000000000 : (int)Q->total;
    pd_list_fix(&Q->list);
}

static const struct qrow *row_at(struct quality *Q, struct pd_ui *ui, int i)
{
    if (i < Q->base || i >= Q->base + Q->n) {
        if (i < 0 || i >= Q->list.n)
            return NULL;
        int keep = Q->list.sel;
        Q->list.sel = i;
        load(Q, ui);
        Q->list.sel = keep;
        pd_list_fix(&Q->list);
        if (i < Q->base || i >= Q->base + Q->n)
            return NULL;
    }
    return &Q->rows[i - Q->base];
}

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct quality *Q = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_quality_last(ui->db, &Q->sum, &err);
    Q->have_sum = rc == PD_OK;
    if (rc != PD_OK && rc != PD_ENOTFOUND)
        pd_ui_say(ui, true, "%s", err.msg);
    load(Q, ui);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct quality *Q = s->st;
    /* two lines under the list keep the chosen problem's whole reason: the
     * column beside each row is a few words wide at 80 columns */
    pd_list_show(&Q->list, ui->height - 7);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct quality *Q = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char line[800];
    if (!Q->have_sum) {
        pd_put(y, x, w, pd_tr(S_Q_NONE_RUN), R_WARN);
    } else {
        char at[40];
        pd_strlcpy(at, Q->sum.at, sizeof at);
        if (strlen(at) > 16 && at[10] == 'T')
            at[10] = ' ', at[16] = '\0';
        pd_trf(line, sizeof line, S_Q_SUMMARY, at, Q->sum.population, Q->sum.persons_with_problems,
               Q->sum.errors, Q->sum.warnings);
        pd_put(y, x, w, line, R_NORMAL);
        long long managed = Q->sum.population - Q->sum.persons_with_problems;
        char rate[32];
        if (Q->sum.population > 0)
            snprintf(rate, sizeof rate, "%.2f%%", (double)managed * 100.0 / (double)Q->sum.population);
        else
            snprintf(rate, sizeof rate, "-");
        pd_trf(line, sizeof line, S_Q_RATE, rate, managed, Q->sum.population);
        pd_put(y + 1, x, w, line, R_HEADER);
    }
    char count[80], filt[200];
    pd_trf(count, sizeof count, S_Q_COUNT, Q->total);
    if (Q->filter >= 0) {
        const struct pd_qkind_def *d = pd_qkind_def((enum pd_qkind)Q->filter);
        snprintf(filt, sizeof filt, "%s", pd_i18n_en() ? d->en : d->zh);
    } else {
        pd_strlcpy(filt, pd_tr(S_F_ALL), sizeof filt);
    }
    snprintf(line, sizeof line, "%s: %s  %s", pd_tr(S_FILTER), filt, count);
    pd_put(y + 2, x, w, line, R_DIM);
    int hy = y + 3;
    /* columns: level, kind, name, person, field, reason (what is left) */
    bool wide = w >= 118;
    int cl = wide ? 6 : 4, ck = wide ? 22 : 12, cn = wide ? 10 : 8, cp = 20, cf = wide ? 14 : 10;
    int cr = w - cl - ck - cn - cp - cf - 5;
    int cx = x;
    cx += pd_put(hy, cx, cl, pd_tr(S_Q_LEVEL), R_HEADER) + 1;
    cx += pd_put(hy, cx, ck, pd_tr(S_Q_KIND), R_HEADER) + 1;
    cx += pd_put(hy, cx, cn, pd_tr(S_NAME), R_HEADER) + 1;
    cx += pd_put(hy, cx, cp, pd_tr(S_PERSON), R_HEADER) + 1;
    cx += pd_put(hy, cx, cf, pd_tr(S_Q_FIELD), R_HEADER) + 1;
    pd_put(hy, cx, cr, pd_tr(S_Q_REASON), R_HEADER);
    if (Q->total == 0) {
        pd_put(hy + 1, x, w, pd_tr(Q->have_sum ? S_Q_NO_PROBLEMS : S_NOTHING_FOUND), R_DIM);
        return;
    }
    for (int i = 0; i < Q->list.rows && Q->list.first + i < Q->list.n; i++) {
        int k = Q->list.first + i, ry = hy + 1 + i;
        const struct qrow *r = row_at(Q, ui, k);
        if (!r)
            break;
        const struct pd_qkind_def *d = pd_qkind_def(r->kind);
        enum pd_role_id role = k == Q->list.sel ? R_SELECTED : R_NORMAL;
        bool error = d->severity == PD_Q_ERROR;
        char reason[PD_Q_REASON + 80];
        if (r->other[0] && !strstr(r->reason, r->other))
            snprintf(reason, sizeof reason, "%s (%s %s)", r->reason, pd_tr(S_Q_OTHER), r->other);
        else
            pd_strlcpy(reason, r->reason, sizeof reason);
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put(ry, cx, cl, pd_tr(error ? S_Q_ERROR : S_Q_WARNING),
                     role == R_SELECTED ? role : error ? R_ERROR : R_NORMAL) + 1;
        cx += pd_put(ry, cx, ck, pd_i18n_en() ? d->en : d->zh, role) + 1;
        cx += pd_put(ry, cx, cn, r->name, role) + 1;
        cx += pd_put(ry, cx, cp, r->person, role) + 1;
        cx += pd_put(ry, cx, cf, r->field, role) + 1;
        pd_put(ry, cx, cr, reason, role);
    }
    /* the chosen problem in full, wrapped over the two lines kept for it */
    const struct qrow *r = row_at(Q, ui, Q->list.sel);
    if (r) {
        char full[PD_Q_NAME + 2 * PD_Q_REF + 64 + PD_Q_REASON + 64];
        if (r->other[0] && !strstr(r->reason, r->other))
            snprintf(full, sizeof full, "%s %s %s: %s (%s %s)", r->name, r->person, r->field, r->reason,
                     pd_tr(S_Q_OTHER), r->other);
        else
            snprintf(full, sizeof full, "%s %s %s: %s", r->name, r->person, r->field, r->reason);
        int dy = ui->top + ui->height - 2;
        size_t first = pd_text_fit(full, w);
        char head[sizeof full];
        memcpy(head, full, first);
        head[first] = '\0';
        pd_put(dy, x, w, head, R_DIM);
        pd_put(dy + 1, x, w, full + first, R_DIM);
    }
}

/* The next kind for F: every kind with problems (duplicates mode: its kinds). */
static void next_filter(struct quality *Q)
{
    if (Q->duplicates) {
        int at = -1;
        for (int i = 0; i < NDUP; i++)
            if ((int)dup_kinds[i] == Q->filter)
                at = i;
        Q->filter = at + 1 < NDUP ? (int)dup_kinds[at + 1] : -1;
        return;
    }
    for (int k = Q->filter + 1; k < PD_Q__COUNT; k++)
        if (!Q->have_sum || Q->sum.by_kind[k]) {
            Q->filter = k;
            return;
        }
    Q->filter = -1;
}

static enum pd_reaction recheck(struct pd_screen *s, struct pd_ui *ui)
{
    struct quality *Q = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_quality_summary sum;
    if (pd_quality_run(ui->db, true, NULL, NULL, &sum, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return PD_R_DRAW;
    }
    Q->list.sel = Q->list.first = 0;
    enter(s, ui);
    char msg[200];
    pd_trf(msg, sizeof msg, S_Q_RAN, sum.problems, sum.errors, sum.warnings);
    pd_ui_say(ui, false, "%s", msg);
    return PD_R_DRAW;
}

static bool may_merge(struct pd_ui *ui)
{
    if (ui->role == PD_ROLE_SUPERVISOR || ui->role == PD_ROLE_ADMIN)
        return true;
    pd_ui_say(ui, true, "%s", pd_tr(S_MERGE_NOT_SUP));
    return false;
}

/* person.merge on the duplicate (the problem's person), into the record it
 * names; the store refuses records that differ in sex, birth date or ID. */
static enum pd_reaction merge(struct quality *Q, struct pd_ui *ui, const struct qrow *r)
{
    char dup[PD_Q_REF], keep[PD_Q_REF];
    pd_strlcpy(dup, r->person, sizeof dup);
    pd_strlcpy(keep, r->other, sizeof keep);
    json_t *data = json_object();
    char reason[200];
    snprintf(reason, sizeof reason, "%s", pd_tr(S_MERGE_REASON));
    json_object_set_new(data, "into", json_string(keep));
    json_object_set_new(data, "reason", json_string(reason));
    struct pd_event ev;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_event_init(&ev, "person.merge", "", dup, data, &err);
    if (rc == PD_OK)
        rc = pd_event_save(ui->db, &ev, ui->user, &err);
    if (rc != PD_OK) {
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        pd_event_done(&ev);
        return PD_R_DRAW;
    }
    long long seq = ev.seq;
    pd_event_done(&ev);
    pd_error_clear(&err);
    if (pd_quality_forget(ui->db, dup, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return PD_R_DRAW;
    }
    ui->push.soon = true;
    load(Q, ui);
    char msg[200];
    pd_trf(msg, sizeof msg, S_MERGED, keep, seq);
    pd_ui_say(ui, false, "%s", msg);
    return PD_R_DRAW;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct quality *Q = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_FILTER, ACT_RECHECK, ACT_MERGE,
                                           ACT_APPROVE, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    switch (pd_question_answer(&Q->confirm_merge, ui, a)) {
    case PD_ANSWER_YES: {   /* Y merges; any other key (Esc too) only cancels the question */
        const struct qrow *r = row_at(Q, ui, Q->list.sel);
        return r && may_merge(ui) ? merge(Q, ui, r) : PD_R_DRAW;
    }
    case PD_ANSWER_NO: return PD_R_DRAW;
    default: break;
    }
    if (a == ACT_NONE || a == ACT_APPROVE)
        return PD_R_NONE;
    ui->status[0] = '\0';
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: {
        const struct qrow *r = Q->total ? row_at(Q, ui, Q->list.sel) : NULL;
        return r ? pd_ui_push(ui, pd_scr_person(ui, r->person)) : PD_R_NONE;
    }
    case ACT_FILTER:
        next_filter(Q);
        Q->list.sel = Q->list.first = 0;
        load(Q, ui);
        return PD_R_DRAW;
    case ACT_RECHECK: return recheck(s, ui);
    case ACT_MERGE: {
        if (!Q->duplicates)
            return PD_R_NONE;
        const struct qrow *r = Q->total ? row_at(Q, ui, Q->list.sel) : NULL;
        if (!r)
            return PD_R_NONE;
        if (!may_merge(ui))
            return PD_R_DRAW;
        if (!r->other[0]) {
            pd_ui_say(ui, true, "%s", pd_tr(S_MERGE_NO_OTHER));
            return PD_R_DRAW;
        }
        /* the record kept, by its own name (the same ID may carry two) */
        char other_name[PD_Q_NAME];
        pd_strlcpy(other_name, r->name, sizeof other_name);
        struct pd_error err;
        pd_error_clear(&err);
        json_t *o = pd_person_get(ui->db, r->other, &err);
        if (!o) {
            pd_ui_say(ui, true, "%s", err.msg);
            return PD_R_DRAW;
        }
        const char *on = json_string_value(json_object_get(o, "name"));
        if (on)
            pd_strlcpy(other_name, on, sizeof other_name);
        json_decref(o);
        char msg[PD_MSG_MAX];
        pd_trf(msg, sizeof msg, S_MERGE_ASK, r->name, r->person, other_name, r->other);
        pd_question_ask(&Q->confirm_merge, ui, msg);
        return PD_R_DRAW;
    }
    default:
        return pd_list_move(&Q->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static void leave(struct pd_screen *s)
{
    struct quality *Q = s->st;
    free(Q->rows);
    Q->rows = NULL;
}

static const struct pd_screen_ops ops = { "quality", enter, key, layout, draw, leave };

struct pd_screen *pd_scr_quality(struct pd_ui *ui, bool duplicates)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct quality));
    if (!s)
        return NULL;
    struct quality *Q = s->st;
    Q->rows = calloc(WINDOW, sizeof *Q->rows);
    if (!Q->rows) {
        return pd_screen_drop(s);
    }
    Q->duplicates = duplicates;
    Q->filter = -1;
    pd_strlcpy(s->title, pd_tr(duplicates ? S_DUPLICATES : S_QUALITY), sizeof s->title);
    if (duplicates)
        PD_SCREEN_KEYS(s, dup_keys);
    else
        PD_SCREEN_KEYS(s, check_keys);
    s->help = duplicates ? S_HELP_DUPLICATES : S_HELP_QUALITY;
    return s;
}
