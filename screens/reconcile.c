/* reconcile.c - the last reconciliation with another department's list
 * (docs/RECONCILE.md): one source at a time (S), its four groups as tabs
 * (←/→ or G), the results of the group as a list with the selected one in
 * full below (differences with both values, the change to record, the
 * decision).  Enter opens the person; E opens the missing change's form
 * pre-filled from their list (a death with its date, a baby's birth in the
 * mother's household, a marriage change); D files a decision with a note;
 * L runs a new reconciliation from a file path.  The results come from the
 * saved run (store/reconcile_store.h): the file is not read again.
 *
 * A change started with E and saved is filed as decided ("event") when the
 * screen comes back: the outbox then holds one more event than before. */
#include "screens/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/reconcile_run.h"
#include "core/text.h"
#include "store/query.h"
#include "store/reconcile_store.h"
#include "tui/form.h"

#define MAX_ITEMS 2000

struct ritem {
    int row;
    enum pd_rec_group group;
    char key[20], kind[24], person[40], name[PD_REC_NAME], id[20], birth[12], sex[4];
    char what[400];                  /* differences in words, or the note */
    char event[32], ev_household[24], ev_pid[40], prefill[1024];
    char decision[16], decision_note[160], decided_by[64], decided_at[12];
};

enum mode { M_LIST, M_PICK_DECISION, M_NOTE, M_PATH, M_PICK_SOURCE };

struct rec {
    enum pd_rec_source source;
    enum pd_rec_group group;
    bool all;                        /* decided ones too */
    bool have_run;
    struct pd_rec_run_info info;
    struct ritem *items;
    int n;
    bool more;
    struct pd_list list;
    enum mode mode;
    char decision[16];
    struct pd_prompt edit;           /* the note or the path */
    char path[1024];
    /* a change started with E: filed as decided once it is saved */
    bool pending;
    char pending_key[20], pending_type[32];
    enum pd_rec_source pending_source;
    long long outbox_before;
};

static const enum pd_action keys_list[] = { ACT_OPEN, ACT_EVENT, ACT_DECIDE, ACT_GROUP, ACT_SOURCE,
                                            ACT_FILTER, ACT_LOAD, ACT_BACK };
static const enum pd_action keys_text[] = { ACT_OPEN, ACT_BACK };

static int collect(void *ctx, const struct pd_rec_item *it)
{
    struct rec *R = ctx;
    if (R->n >= MAX_ITEMS) {
        R->more = true;
        return 1;
    }
    struct ritem *o = &R->items[R->n++];
    memset(o, 0, sizeof *o);
    o->row = it->row;
    o->group = it->group;
    pd_strlcpy(o->key, it->key, sizeof o->key);
    pd_strlcpy(o->kind, it->kind, sizeof o->kind);
    pd_strlcpy(o->person, it->person, sizeof o->person);
    pd_strlcpy(o->name, it->name, sizeof o->name);
    pd_strlcpy(o->id, it->id_number, sizeof o->id);
    pd_strlcpy(o->birth, it->birth, sizeof o->birth);
    pd_strlcpy(o->sex, it->sex, sizeof o->sex);
    pd_rec_diffs_text(it->diffs, pd_i18n_en(), o->what, sizeof o->what);
    if (!o->what[0])
        pd_strlcpy(o->what, pd_rec_note_word(it->note, pd_i18n_en()), sizeof o->what);
    pd_strlcpy(o->event, it->event, sizeof o->event);
    pd_strlcpy(o->ev_household, it->ev_household, sizeof o->ev_household);
    pd_strlcpy(o->ev_pid, it->ev_pid, sizeof o->ev_pid);
    pd_strlcpy(o->prefill, it->prefill, sizeof o->prefill);
    pd_strlcpy(o->decision, it->decision, sizeof o->decision);
    pd_strlcpy(o->decision_note, it->decision_note, sizeof o->decision_note);
    pd_strlcpy(o->decided_by, it->decided_by, sizeof o->decided_by);
    pd_strlcpy(o->decided_at, it->decided_at, sizeof o->decided_at);
    return 0;
}

static void load(struct pd_ui *ui, struct rec *R)
{
    struct pd_error err;
    pd_error_clear(&err);
    R->n = 0;
    R->more = false;
    pd_err rc = pd_rec_last(ui->db, R->source, &R->info, &err);
    R->have_run = rc == PD_OK;
    if (rc != PD_OK && rc != PD_ENOTFOUND)
        pd_ui_say(ui, true, "%s", err.msg);
    if (R->have_run && R->items &&
        pd_rec_each(ui->db, R->source, (int)R->group, R->all, collect, R, &err) != PD_OK)
        pd_ui_say(ui, true, "%s", err.msg);
    R->list.n = R->n;
    pd_list_fix(&R->list);
}

static long long outbox_total(struct pd_ui *ui)
{
    struct pd_status st;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_status_read(ui->db, &st, &err) != PD_OK)
        return -1;
    return st.outbox_pending + st.outbox_sent + st.outbox_rejected + st.outbox_oversize;
}

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct rec *R = s->st;
    if (!R->items)
        R->items = calloc(MAX_ITEMS, sizeof *R->items);
    if (!R->items)
        pd_ui_say(ui, true, "out of memory");
    if (R->pending) {
        /* back from the form: saved if the outbox grew */
        R->pending = false;
        long long now = outbox_total(ui);
        if (R->outbox_before >= 0 && now > R->outbox_before) {
            struct pd_error err;
            pd_error_clear(&err);
            if (pd_rec_decide(ui->db, R->pending_source, R->pending_key, "event", R->pending_type,
                              ui->user, &err) == PD_OK)
                pd_ui_say(ui, false, "%s", pd_tr(S_REC_EVENT_DONE));
            else
                pd_ui_say(ui, true, "%s", err.msg);
        }
    }
    load(ui, R);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct rec *R = s->st;
    pd_list_show(&R->list, ui->height - 9);
}

static const enum pd_str group_words[PD_REC__GROUPS] = {
    S_REC_G_CONSISTENT, S_REC_G_MISSING, S_REC_G_CONTRA, S_REC_G_UNKNOWN,
};

static void draw_tabs(struct rec *R, struct pd_ui *ui, int y)
{
    int x = 1;
    for (int g = 0; g < PD_REC__GROUPS; g++) {
        char tab[120];
        if (g == PD_REC_CONSISTENT)
            snprintf(tab, sizeof tab, " %s %lld ", pd_tr(group_words[g]), R->info.count[g]);
        else
            snprintf(tab, sizeof tab, " %s %lld/%lld ", pd_tr(group_words[g]), R->info.undecided[g],
                     R->info.count[g]);
        int w = pd_text_width(tab);
        if (x + w > ui->cols - 1)
            w = ui->cols - 1 - x;
        if (w <= 0)
            break;
        pd_put(y, x, w, tab, g == (int)R->group ? R_SELECTED : R_NORMAL);
        x += w + 1;
    }
}

static void draw_prompt(struct rec *R, struct pd_ui *ui, int y)
{
    int x = 1, w = ui->cols - 2;
    if (R->mode == M_PICK_DECISION) {
        pd_put(y, x, w, pd_tr(S_REC_PICK_DECISION), R_WARN);
    } else if (R->mode == M_PICK_SOURCE) {
        pd_put(y, x, w, pd_tr(S_REC_PICK_SOURCE), R_WARN);
    } else {
        pd_prompt_draw(&R->edit, ui, y);
    }
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct rec *R = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    bool en = pd_i18n_en();
    char line[1200];
    if (!R->have_run) {
        pd_trf(line, sizeof line, S_REC_NONE, pd_rec_source_word(R->source, en));
        pd_put(y, x, w, line, R_HEADER);
        draw_prompt(R, ui, ui->top + ui->height - 1);
        return;
    }
    char at[20];
    pd_strlcpy(at, R->info.at, sizeof at);
    if (strlen(at) > 10 && at[10] == 'T')
        at[10] = ' ';
    at[16] = '\0';
    const char *file = strrchr(R->info.file, '/');
    file = file ? file + 1 : R->info.file;
    pd_trf(line, sizeof line, S_REC_HEAD, pd_rec_source_word(R->source, en), file, at, R->info.user,
           R->info.rows);
    pd_put(y, x, w, line, R_HEADER);
    draw_tabs(R, ui, y + 1);

    /* columns: row, name, ID number, birth date, what */
    int cr = 6, cn = 10, ci = 18, cb = 10;
    int cw = w - cr - cn - ci - cb - 4;
    int hy = y + 2, cx = x;
    cx += pd_put(hy, cx, cr, pd_tr(S_REC_ROW), R_HEADER) + 1;
    cx += pd_put(hy, cx, cn, pd_tr(S_NAME), R_HEADER) + 1;
    cx += pd_put(hy, cx, ci, pd_tr(S_REC_ID), R_HEADER) + 1;
    cx += pd_put(hy, cx, cb, pd_tr(S_REC_BIRTH), R_HEADER) + 1;
    pd_put(hy, cx, cw, pd_tr(S_REC_WHAT), R_HEADER);
    if (R->n == 0) {
        pd_put(hy + 1, x, w, pd_tr(S_REC_EMPTY), R_DIM);
    }
    for (int i = 0; i < R->list.rows && R->list.first + i < R->n; i++) {
        int r = R->list.first + i, ry = hy + 1 + i;
        const struct ritem *o = &R->items[r];
        enum pd_role_id role = r == R->list.sel ? R_SELECTED : o->decision[0] ? R_DIM : R_NORMAL;
        char row[16];
        snprintf(row, sizeof row, "%d", o->row);
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put_right(ry, cx, cr, o->row ? row : "", role) + 1;
        cx += pd_put(ry, cx, cn, o->name, role) + 1;
        cx += pd_put(ry, cx, ci, o->id, role) + 1;
        cx += pd_put(ry, cx, cb, o->birth, role) + 1;
        pd_put(ry, cx, cw, o->what, role);
    }
    /* the selected one in full */
    int by = ui->top + ui->height - 5;
    pd_hline(by, x, w);
    if (R->more) {
        pd_trf(line, sizeof line, S_REC_MORE, MAX_ITEMS);
        pd_put(by, x + 2, w - 4, line, R_DIM);
    }
    if (R->n > 0) {
        const struct ritem *o = &R->items[R->list.sel];
        char k[60];
        pd_trf(k, sizeof k, S_REC_KEY, o->key);
        snprintf(line, sizeof line, "%s  %s %s %s", k, o->name, o->person[0] ? o->person : "",
                 o->person[0] ? "" : pd_tr(S_REC_NO_PERSON));
        pd_put(by + 1, x, w, line, R_HEADER);
        /* the differences over two lines, cut by display width */
        const char *m = o->what;
        for (int kk = 0; kk < 2 && *m; kk++) {
            size_t nb = pd_text_fit(m, w);
            if (nb == 0)
                break;
            char part[600];
            if (nb >= sizeof part)
                nb = sizeof part - 1;
            memcpy(part, m, nb);
            part[nb] = '\0';
            pd_put(by + 2 + kk, x, w, part, o->group == PD_REC_CONTRADICTED ? R_ERROR : R_NORMAL);
            m += nb;
        }
        if (R->mode == M_LIST) {
            if (o->decision[0]) {
                pd_trf(line, sizeof line, S_REC_DECIDED, pd_rec_decision_word(o->decision, en),
                       o->decided_by, o->decided_at, o->decision_note);
                pd_put(by + 4, x, w, line, R_GOOD);
            } else if (o->event[0]) {
                pd_trf(line, sizeof line, S_REC_TO_RECORD, pd_event_word(o->event));
                pd_put(by + 4, x, w, line, R_WARN);
            }
        }
    }
    draw_prompt(R, ui, by + 4);
}

/* A text mode starts typing `text` (the path: the last file). */
static void set_mode(struct pd_screen *s, struct rec *R, enum mode m, const char *text)
{
    R->mode = m;
    pd_prompt_stop(&R->edit, s);
    if (m == M_LIST)
        PD_SCREEN_KEYS(s, keys_list);
    else
        PD_SCREEN_KEYS(s, keys_text);
    if (m == M_NOTE || m == M_PATH)
        pd_prompt_start(&R->edit, s, m, m == M_NOTE ? S_REC_NOTE : S_REC_PATH, text, NULL, 0);
}

static enum pd_reaction run_file(struct pd_screen *s, struct pd_ui *ui, struct rec *R)
{
    struct pd_rec_outcome oc;
    struct pd_error err;
    pd_error_clear(&err);
    set_mode(s, R, M_LIST, NULL);
    pd_err rc = pd_reconcile_run(ui->db, R->path, R->source, PD_ENC_AUTO, ui->user, &oc, &err);
    if (rc != PD_OK && oc.nproblems > 0) {
        char first[PD_MSG_MAX + 100];
        const struct pd_rec_problem *p0 = &oc.problems[0];
        if (p0->row > 0 && p0->column[0])
            pd_trf(first, sizeof first, S_REC_PROBLEM, p0->row, p0->column, p0->msg);
        else
            pd_rec_problem_text(p0, first, sizeof first);
        char msg[PD_MSG_MAX * 2];
        pd_trf(msg, sizeof msg, S_REC_RUN_BAD, oc.bad_rows, first);
        pd_ui_say(ui, true, "%s", msg);
    } else if (rc != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
    } else {
        char msg[200];
        pd_trf(msg, sizeof msg, S_REC_RUN_DONE, oc.info.rows,
               oc.info.undecided[1] + oc.info.undecided[2] + oc.info.undecided[3]);
        pd_ui_say(ui, false, "%s", msg);
        R->group = oc.info.undecided[PD_REC_MISSING] ? PD_REC_MISSING
                 : oc.info.undecided[PD_REC_CONTRADICTED] ? PD_REC_CONTRADICTED
                 : oc.info.undecided[PD_REC_UNKNOWN] ? PD_REC_UNKNOWN : PD_REC_CONSISTENT;
        R->list.sel = R->list.first = 0;
    }
    pd_rec_outcome_free(&oc);
    load(ui, R);
    return PD_R_DRAW;
}

static enum pd_reaction save_decision(struct pd_screen *s, struct pd_ui *ui, struct rec *R)
{
    if (R->n == 0)
        return PD_R_DRAW;
    const struct ritem *o = &R->items[R->list.sel];
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_rec_decide(ui->db, R->source, o->key, R->decision, R->edit.ed.buf, ui->user, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return PD_R_DRAW;   /* stay in the note: it may only lack words */
    }
    set_mode(s, R, M_LIST, NULL);
    pd_ui_say(ui, false, "%s", pd_tr(S_REC_DECISION_SAVED));
    int sel = R->list.sel;
    load(ui, R);
    R->list.sel = sel < R->n ? sel : R->n - 1;
    if (R->list.sel < 0)
        R->list.sel = 0;
    pd_list_fix(&R->list);
    return PD_R_DRAW;
}

static enum pd_reaction text_key(struct pd_screen *s, struct pd_ui *ui, struct rec *R,
                                 const struct pd_key *k)
{
    switch (pd_prompt_key(&R->edit, s, ui, k)) {
    case PD_PROMPT_CANCEL: set_mode(s, R, M_LIST, NULL); return PD_R_DRAW;
    case PD_PROMPT_MORE: return PD_R_DRAW;
    default: break;
    }
    if (R->mode == M_NOTE)
        return save_decision(s, ui, R);
    pd_strlcpy(R->path, R->edit.ed.buf, sizeof R->path);
    if (!R->path[0])
        return PD_R_NONE;
    set_mode(s, R, M_PICK_SOURCE, NULL);
    return PD_R_DRAW;
}

static enum pd_reaction start_event(struct pd_ui *ui, struct rec *R)
{
    if (R->n == 0)
        return PD_R_NONE;
    const struct ritem *o = &R->items[R->list.sel];
    if (!o->event[0]) {
        pd_ui_say(ui, true, "%s", pd_tr(S_REC_NO_EVENT));
        return PD_R_DRAW;
    }
    if (!pd_ui_may_change(ui))
        return PD_R_DRAW;
    json_t *fill = o->prefill[0] ? json_loads(o->prefill, 0, NULL) : NULL;
    char household[24];
    pd_strlcpy(household, o->ev_household, sizeof household);
    if (!household[0]) {
        /* a person the police have and we lack: into the household of their 户号 */
        struct pd_error err;
        pd_error_clear(&err);
        const char *pno = json_string_value(json_object_get(fill, "police_no"));
        pd_err rc = pd_rec_household_of(ui->db, pno, household, sizeof household, &err);
        if (rc != PD_OK) {
            char msg[400];
            if (rc == PD_ENOTFOUND || rc == PD_EEXIST)
                pd_trf(msg, sizeof msg, rc == PD_EEXIST ? S_REC_HOUSEHOLDS : S_REC_NO_HOUSEHOLD,
                       pno ? pno : "");
            else
                pd_strlcpy(msg, err.msg, sizeof msg);
            json_decref(fill);
            pd_ui_say(ui, true, "%s", msg);
            return PD_R_DRAW;
        }
    }
    R->pending = true;
    R->pending_source = R->source;
    pd_strlcpy(R->pending_key, o->key, sizeof R->pending_key);
    pd_strlcpy(R->pending_type, o->event, sizeof R->pending_type);
    R->outbox_before = outbox_total(ui);
    struct pd_screen *f = pd_scr_form_prefilled(ui, o->event, household,
                                                o->ev_pid[0] ? o->ev_pid : NULL, fill);
    json_decref(fill);
    if (!f)
        R->pending = false;
    return pd_ui_push(ui, f);
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct rec *R = s->st;
    if (R->mode == M_NOTE || R->mode == M_PATH)
        return text_key(s, ui, R, k);
    if (R->mode == M_PICK_DECISION || R->mode == M_PICK_SOURCE) {
        static const enum pd_action back[] = { ACT_BACK };
        if (pd_key_action(k, back, 1) == ACT_BACK) {
            set_mode(s, R, M_LIST, NULL);
            return PD_R_DRAW;
        }
        if (k->type != PD_KEY_CHAR || k->ch < '1' || k->ch > (R->mode == M_PICK_SOURCE ? '3' : '4'))
            return PD_R_NONE;
        int i = (int)(k->ch - '1');
        if (R->mode == M_PICK_SOURCE) {
            R->source = (enum pd_rec_source)i;
            return run_file(s, ui, R);
        }
        static const char *const d[] = { "fixed", "explained", "ignored", "event" };
        pd_strlcpy(R->decision, d[i], sizeof R->decision);
        set_mode(s, R, M_NOTE, NULL);
        return PD_R_DRAW;
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_EVENT, ACT_DECIDE, ACT_GROUP,
                                           ACT_SOURCE, ACT_FILTER, ACT_LOAD, ACT_LEFT, ACT_RIGHT,
                                           ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a == ACT_NONE)
        return PD_R_NONE;
    if (a == ACT_BACK)
        return PD_R_POP;
    ui->status[0] = '\0';
    switch (a) {
    case ACT_GROUP:
    case ACT_RIGHT:
        R->group = (enum pd_rec_group)(((int)R->group + 1) % PD_REC__GROUPS);
        R->list.sel = R->list.first = 0;
        load(ui, R);
        return PD_R_DRAW;
    case ACT_LEFT:
        R->group = (enum pd_rec_group)(((int)R->group + PD_REC__GROUPS - 1) % PD_REC__GROUPS);
        R->list.sel = R->list.first = 0;
        load(ui, R);
        return PD_R_DRAW;
    case ACT_SOURCE:
        R->source = (enum pd_rec_source)(((int)R->source + 1) % PD_REC__SOURCES);
        R->list.sel = R->list.first = 0;
        load(ui, R);
        return PD_R_DRAW;
    case ACT_FILTER:
        R->all = !R->all;
        pd_ui_say(ui, false, "%s", pd_tr(R->all ? S_REC_SHOW_ALL : S_REC_SHOW_NEW));
        load(ui, R);
        return PD_R_DRAW;
    case ACT_LOAD:
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        set_mode(s, R, M_PATH, R->info.file);
        return PD_R_DRAW;
    case ACT_OPEN:
        if (R->n == 0)
            return PD_R_NONE;
        if (!R->items[R->list.sel].person[0]) {
            pd_ui_say(ui, true, "%s", pd_tr(S_REC_NO_PERSON));
            return PD_R_DRAW;
        }
        return pd_ui_push(ui, pd_scr_person(ui, R->items[R->list.sel].person));
    case ACT_EVENT:
        return start_event(ui, R);
    case ACT_DECIDE:
        if (R->n == 0 || R->items[R->list.sel].group == PD_REC_CONSISTENT)
            return PD_R_NONE;
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        set_mode(s, R, M_PICK_DECISION, NULL);
        return PD_R_DRAW;
    default:
        return pd_list_move(&R->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static void leave(struct pd_screen *s)
{
    struct rec *R = s->st;
    free(R->items);
    R->items = NULL;
}

static const struct pd_screen_ops ops = { "reconcile", enter, key, layout, draw, leave };

struct pd_screen *pd_scr_reconcile(struct pd_ui *ui)
{
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct rec));
    if (!s)
        return NULL;
    struct rec *R = s->st;
    /* start on the source last run, and on the first group with something to handle */
    struct pd_rec_run_info best = { 0 };
    bool any = false;
    for (int i = 0; i < PD_REC__SOURCES; i++) {
        struct pd_rec_run_info in;
        struct pd_error err;
        pd_error_clear(&err);
        if (pd_rec_last(ui->db, (enum pd_rec_source)i, &in, &err) == PD_OK &&
            (!any || strcmp(in.at, best.at) > 0)) {
            best = in;
            R->source = (enum pd_rec_source)i;
            any = true;
        }
    }
    R->group = best.undecided[PD_REC_MISSING] ? PD_REC_MISSING
             : best.undecided[PD_REC_CONTRADICTED] ? PD_REC_CONTRADICTED
             : best.undecided[PD_REC_UNKNOWN] ? PD_REC_UNKNOWN : PD_REC_CONSISTENT;
    pd_strlcpy(s->title, pd_tr(S_REC_TITLE), sizeof s->title);
    set_mode(s, R, M_LIST, NULL);
    s->help = S_HELP_RECONCILE;
    return s;
}
