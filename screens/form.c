/* form.c - every form of the screens, built from the field tables: a new
 * household, a correction (of a person or a household, with its reason),
 * and one form per change event, its fields taken from the event's own
 * pd_fieldset (core/event.c) plus the person fields for events that create
 * a person.  The form model is tui/form.c (pure, unit-tested); this file
 * lays it out, offers code lists (type to filter), pre-fills from the
 * household/person the form starts from, and saves through pd_event_save
 * signed by the logged-in user.  Leaving with unsaved changes asks. */
#include "screens/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/text.h"
#include "store/events.h"
#include "store/search.h"
#include "tui/form.h"

#define MAX_CHOICES 128
#define MAX_MEMBERS 60

struct fscreen {
    const struct pd_event_type *type;
    char household[24];
    char pid[40];
    char target[200];               /* who/what the form is for, in words */
    struct pd_form fm;
    int first, rows;                /* field rows shown */
    int labelw, boxx, boxw, restw;
    bool confirm;                   /* asking about unsaved changes */
    bool pick;                      /* the choice list is open */
    struct pd_fedit pf;             /* what was typed to filter the list */
    struct pd_choice ch[MAX_CHOICES];
    struct pd_list pl;
    /* household members offered for person references */
    struct pd_choice members[MAX_MEMBERS], women[MAX_MEMBERS], men[MAX_MEMBERS];
    int nmembers, nwomen, nmen;
};

static const enum pd_action keys[] = { ACT_SAVE, ACT_NEXT, ACT_PREV, ACT_PICK, ACT_BACK };

/* The person fields a birth form asks for; other person-creating events
 * ask for all of them. */
static const char *const birth_keys[] = { "name", "id_number", "sex", "birth_date", "ethnicity",
                                          "relation", "reg_type", "reg_address", "cur_address", NULL };

static bool in_list(const char *const *list, const char *key)
{
    for (; *list; list++)
        if (strcmp(*list, key) == 0)
            return true;
    return false;
}

static void load_members(struct pd_ui *ui, struct fscreen *F)
{
    static struct pd_person_row rows[MAX_MEMBERS];
    int n = 0;
    struct pd_error err;
    if (!F->household[0] || pd_household_members(ui->db, F->household, rows, MAX_MEMBERS, &n, &err) != PD_OK)
        return;
    for (int i = 0; i < n; i++) {
        if (strcmp(rows[i].status, "active") != 0)
            continue;
        struct pd_choice c;
        pd_strlcpy(c.value, rows[i].pid, sizeof c.value);
        snprintf(c.label, sizeof c.label, "%s %s %s", rows[i].name, pd_sex_word(rows[i].sex),
                 rows[i].birth_date);
        F->members[F->nmembers++] = c;
        if (strcmp(rows[i].sex, "2") == 0)
            F->women[F->nwomen++] = c;
        else if (strcmp(rows[i].sex, "1") == 0)
            F->men[F->nmen++] = c;
    }
}

static void offer(struct fscreen *F, const char *key, const struct pd_choice *c, int n)
{
    int i = pd_form_find(&F->fm, key);
    if (i >= 0 && n > 0) {
        F->fm.fields[i].extra = c;
        F->fm.fields[i].nextra = n;
    }
}

/* Fills field `key` from a record's value, in the form's text. */
static void fill_from(struct fscreen *F, const char *key, const json_t *rec, const char *col)
{
    int i = pd_form_find(&F->fm, key);
    const json_t *v = json_object_get(rec, col ? col : key);
    if (i < 0 || !v || json_is_null(v))
        return;
    char buf[PD_FEDIT_MAX];
    pd_field_format(F->fm.fields[i].f, v, false, buf, sizeof buf);
    pd_form_fill(&F->fm, key, buf);
}

static void add_set(struct fscreen *F, const struct pd_fieldset *fs, const char *const *only,
                    bool skip_noedit)
{
    for (int i = 0; i < fs->n; i++) {
        const struct pd_field *f = &fs->fields[i];
        if (!f->key[0] || (only && !in_list(only, f->key)) || (skip_noedit && (f->flags & PD_FF_NOEDIT)))
            continue;
        pd_form_add(&F->fm, f, NULL);
    }
}

static void build(struct pd_ui *ui, struct fscreen *F)
{
    const struct pd_event_type *t = F->type;
    struct pd_error err;
    pd_error_clear(&err);
    json_t *person = F->pid[0] ? pd_person_get(ui->db, F->pid, &err) : NULL;
    json_t *hh = F->household[0] ? pd_household_json(ui->db, F->household, &err) : NULL;
    const char *lang = pd_i18n_lang();
    const char *who = person ? json_string_value(json_object_get(person, "name")) : NULL;

    if (t->kind == PD_EV_HOUSEHOLD_ADD) {
        add_set(F, &pd_household_fields, NULL, false);
        pd_form_fill(&F->fm, "code", pd_db_station(ui->db));
        pd_strlcpy(F->target, pd_tr(S_NEW_HOUSEHOLD), sizeof F->target);
    } else if (t->kind == PD_EV_CORRECT) {
        add_set(F, t->own, NULL, false);
        if (person) {
            add_set(F, &pd_person_fields, NULL, true);
            for (int i = 1; i < F->fm.n; i++)
                fill_from(F, F->fm.fields[i].f->key, person, NULL);
            snprintf(F->target, sizeof F->target, "%s %s", who ? who : "", F->pid);
        } else {
            add_set(F, &pd_household_fields, NULL, true);
            for (int i = 1; i < F->fm.n; i++)
                fill_from(F, F->fm.fields[i].f->key, hh, NULL);
            snprintf(F->target, sizeof F->target, "%s %s", pd_tr(S_HOUSEHOLD), F->household);
        }
    } else {
        add_set(F, t->own, NULL, false);
        if (t->person_fields) {
            add_set(F, &pd_person_fields, t->kind == PD_EV_PERSON_BIRTH ? birth_keys : NULL, false);
            if (hh) {
                fill_from(F, "reg_address", hh, "address");
                fill_from(F, "cur_address", hh, "address");
                fill_from(F, "reg_type", hh, NULL);
            }
            snprintf(F->target, sizeof F->target, "%s %s", pd_tr(S_HOUSEHOLD), F->household);
        } else {
            snprintf(F->target, sizeof F->target, "%s %s", who ? who : "", F->pid);
        }
        load_members(ui, F);
        offer(F, "mother", F->women, F->nwomen);
        offer(F, "father", F->men, F->nmen);
        offer(F, "spouse", F->members, F->nmembers);
        offer(F, "child", F->members, F->nmembers);
        if (t->kind == PD_EV_PERSON_BIRTH && person) {
            const char *sex = json_string_value(json_object_get(person, "sex"));
            if (sex && strcmp(sex, "2") == 0) {
                pd_form_fill(&F->fm, "mother", F->pid);
                fill_from(F, "ethnicity", person, NULL);
                fill_from(F, "reg_type", person, NULL);
            }
        }
        if (t->kind == PD_EV_PERSON_MARRIAGE && person) {
            fill_from(F, "spouse_name", person, NULL);
            fill_from(F, "spouse_id_number", person, NULL);
        }
        if (t->kind == PD_EV_PREGNANCY) {
            char d[PD_DATE_STRLEN];
            pd_date_format(pd_db_today(ui->db), d);
            pd_form_fill(&F->fm, "registered", d);
        }
    }
    (void)lang;
    json_decref(person);
    json_decref(hh);
    F->fm.cur = 0;
    while (F->fm.cur < F->fm.n - 1 && F->fm.fields[F->fm.cur].readonly)
        F->fm.cur++;
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct fscreen *F = s->st;
    int lw = 8;
    for (int i = 0; i < F->fm.n; i++) {
        int w = pd_text_width(pd_field_label(F->fm.fields[i].f, pd_i18n_lang()));
        if (w > lw)
            lw = w;
    }
    F->labelw = lw > 20 ? 20 : lw;
    F->boxx = 1 + 2 + F->labelw + 1;
    F->boxw = ui->cols >= 120 ? 42 : 28;
    F->restw = ui->cols - (F->boxx + F->boxw + 1) - 1;
    F->rows = ui->height - 4;
    if (F->rows < 1)
        F->rows = 1;
    F->pl.rows = ui->height - 6;
    pd_list_fix(&F->pl);
}

static void fix_scroll(struct fscreen *F)
{
    if (F->fm.cur < F->first)
        F->first = F->fm.cur;
    if (F->fm.cur >= F->first + F->rows)
        F->first = F->fm.cur - F->rows + 1;
    if (F->first < 0)
        F->first = 0;
}

static void draw_picker(struct fscreen *F, struct pd_ui *ui, int fy)
{
    int w = ui->cols - F->boxx - 2;
    if (w > 50)
        w = 50;
    int h = F->pl.n + 3;
    if (h > ui->height - 2)
        h = ui->height - 2;
    if (h < 4)
        h = 4;
    int y = fy + 1;
    if (y + h > ui->top + ui->height)
        y = ui->top + ui->height - h;
    int x = F->boxx;
    pd_box(y, x, h, w);
    char head[200];
    snprintf(head, sizeof head, "%s: %.100s", pd_tr(S_CHOOSE), F->pf.buf);
    pd_put(y, x + 1, w - 2, head, R_HEADER);
    F->pl.rows = h - 2;
    pd_list_fix(&F->pl);
    for (int i = 0; i < F->pl.rows && F->pl.first + i < F->pl.n; i++) {
        int r = F->pl.first + i;
        pd_put(y + 1 + i, x + 1, w - 2, F->ch[r].label, r == F->pl.sel ? R_SELECTED : R_NORMAL);
    }
    if (F->pl.n == 0)
        pd_put(y + 1, x + 1, w - 2, pd_tr(S_NOTHING_FOUND), R_DIM);
    ui->cursor = false;
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct fscreen *F = s->st;
    struct pd_form *fm = &F->fm;
    const char *lang = pd_i18n_lang();
    char head[300];
    snprintf(head, sizeof head, "%s  %s", pd_i18n_en() ? F->type->en : F->type->zh, F->target);
    pd_put(ui->top, 1, ui->cols - 2, head, R_HEADER);
    fix_scroll(F);
    int y0 = ui->top + 2, cur_y = y0;
    for (int r = 0; r < F->rows && F->first + r < fm->n; r++) {
        int i = F->first + r, y = y0 + r;
        const struct pd_form_field *ff = &fm->fields[i];
        bool req = ff->required || (ff->f->flags & PD_FF_REQUIRED);
        bool focus = i == fm->cur;
        pd_put(y, 1, 2, req ? "*" : (pd_form_field_dirty(ff) ? "+" : ""), R_WARN);
        pd_put(y, 3, F->labelw, pd_field_label(ff->f, lang), focus ? R_HEADER : R_LABEL);
        size_t start = focus ? pd_fedit_view_start(&ff->ed, F->boxw) : 0;
        pd_put(y, F->boxx, F->boxw, ff->ed.buf + start, focus ? R_FOCUS : R_FIELD);
        if (ff->err[0]) {
            /* beside the field the reason only: core messages quote the
             * input first ("ID number '3302...': wrong check character",
             * "身份证号“3302...”校验位不对"); the whole message is on the
             * message line */
            const char *why = strstr(ff->err, "': ");
            if (why && why[3]) {
                why += 3;
            } else if (strstr(ff->err, "“") && (why = strstr(ff->err, "”")) != NULL) {
                why += strlen("”");
                if (strncmp(why, "：", strlen("：")) == 0)
                    why += strlen("：");
                if (!why[0])
                    why = NULL;
            }
            char e[PD_FORM_ERR_MAX + 4];
            snprintf(e, sizeof e, "! %s", why ? why : ff->err);
            pd_put(y, F->boxx + F->boxw + 1, F->restw, e, R_ERROR);
        } else {
            char name[160];
            pd_form_value_name(fm, i, name, sizeof name);
            if (!name[0] && pd_form_has_choices(fm, i) && focus)
                pd_strlcpy(name, "F4 ...", sizeof name);
            pd_put(y, F->boxx + F->boxw + 1, F->restw, name, R_DIM);
        }
        if (focus) {
            cur_y = y;
            ui->cursor = true;
            ui->cy = y;
            ui->cx = F->boxx + pd_fedit_cursor_col(&ff->ed) - pd_text_width(ff->ed.buf) +
                     pd_text_width(ff->ed.buf + start);
        }
    }
    if (fm->n > F->rows) {
        char more[32];
        snprintf(more, sizeof more, "%d/%d", fm->cur + 1, fm->n);
        pd_put_right(ui->top, ui->cols - 10, 9, more, R_DIM);
    }
    int last = ui->top + ui->height - 1;
    if (fm->msg[0])
        pd_put(last, 1, ui->cols - 2, fm->msg, R_ERROR);
    if (F->confirm) {
        pd_put(last, 1, ui->cols - 2, pd_tr(S_UNSAVED), R_WARN);
        ui->cursor = false;
    }
    /* the current field's whole error on the message line, where it fits */
    if (!F->confirm && !ui->status[0] && fm->n && fm->fields[fm->cur].err[0])
        pd_ui_say(ui, true, "%s: %s", pd_field_label(fm->fields[fm->cur].f, lang),
                  fm->fields[fm->cur].err);
    if (F->pick)
        draw_picker(F, ui, cur_y);
}

static void refilter(struct fscreen *F)
{
    F->pl.n = pd_form_choices(&F->fm, F->fm.cur, F->pf.buf, F->ch, MAX_CHOICES);
    F->pl.sel = 0;
    F->pl.first = 0;
    const char *now = F->fm.fields[F->fm.cur].ed.buf;
    for (int i = 0; i < F->pl.n; i++)
        if (strcmp(F->ch[i].value, now) == 0)
            F->pl.sel = i;
    pd_list_fix(&F->pl);
}

static enum pd_reaction picker_key(struct fscreen *F, const struct pd_key *k)
{
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        pd_fedit_insert(&F->pf, k->ch);
        refilter(F);
        return PD_R_DRAW;
    }
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PGUP,
                                           ACT_PGDN, ACT_BKSP, ACT_CLEAR };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    switch (a) {
    case ACT_BACK:
        F->pick = false;
        return PD_R_DRAW;
    case ACT_OPEN:
        if (F->pl.n > 0) {
            pd_form_set_current(&F->fm, F->ch[F->pl.sel].value);
            F->pick = false;
            pd_form_next(&F->fm);
        }
        return PD_R_DRAW;
    case ACT_BKSP:
        pd_fedit_backspace(&F->pf);
        refilter(F);
        return PD_R_DRAW;
    case ACT_CLEAR:
        pd_fedit_clear(&F->pf);
        refilter(F);
        return PD_R_DRAW;
    default:
        return pd_list_move(&F->pl, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static void open_picker(struct fscreen *F)
{
    if (!pd_form_has_choices(&F->fm, F->fm.cur))
        return;
    pd_fedit_clear(&F->pf);
    F->pick = true;
    refilter(F);
}

static enum pd_reaction save(struct pd_ui *ui, struct fscreen *F)
{
    struct pd_form *fm = &F->fm;
    ui->status[0] = '\0';
    int bad = pd_form_validate(fm);
    if (bad > 0) {
        char msg[200];
        pd_trf(msg, sizeof msg, S_FIX_ERRORS, bad);
        pd_ui_say(ui, true, "%s", msg);
        return PD_R_DRAW;
    }
    const struct pd_event_type *t = F->type;
    json_t *data;
    const char *hh = F->household, *pid = NULL;
    if (t->kind == PD_EV_CORRECT) {
        json_t *fields = pd_form_json(fm, true);
        json_object_del(fields, "reason");
        if (json_object_size(fields) == 0) {
            json_decref(fields);
            pd_ui_say(ui, false, "%s", pd_tr(S_NO_CHANGES));
            return PD_R_DRAW;
        }
        data = json_pack("{s:s, s:o}", "reason", pd_form_text(fm, "reason"), "fields", fields);
        if (F->pid[0]) {
            pid = F->pid;
            hh = "";
        }
    } else {
        data = pd_form_json(fm, false);
        if (t->kind == PD_EV_HOUSEHOLD_ADD)
            hh = pd_form_text(fm, "code");
        else if (t->target == PD_EVT_PERSON)
            pid = F->pid;
    }
    struct pd_event ev;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_event_init(&ev, t->name, hh, pid, data, &err);
    if (rc == PD_OK)
        rc = pd_event_save(ui->db, &ev, ui->user, &err);
    if (rc != PD_OK) {
        pd_form_set_error(fm, err.field, err.msg);
        pd_ui_say(ui, true, "%s%s", pd_tr(S_NOT_SAVED), err.msg);
        pd_event_done(&ev);
        F->confirm = false;
        return PD_R_DRAW;
    }
    char msg[200];
    pd_trf(msg, sizeof msg, S_SAVED, ev.seq);
    ui->push.soon = true;   /* the background push takes it at once */
    pd_ui_say(ui, false, "%s", msg);
    pd_form_mark_clean(fm);
    char code[PD_EV_REF_MAX];
    pd_strlcpy(code, ev.household, sizeof code);
    pd_event_done(&ev);
    if (t->kind == PD_EV_HOUSEHOLD_ADD) {
        ui->next = pd_scr_household(ui, code);
        return ui->next ? PD_R_REPLACE : PD_R_POP;
    }
    return PD_R_POP;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct fscreen *F = s->st;
    struct pd_form *fm = &F->fm;
    if (F->pick)
        return picker_key(F, k);
    if (F->confirm) {
        static const enum pd_action acts[] = { ACT_SAVE, ACT_DISCARD, ACT_BACK };
        switch (pd_key_action(k, acts, 3)) {
        case ACT_SAVE: return save(ui, F);
        case ACT_DISCARD: ui->status[0] = '\0'; return PD_R_POP;
        case ACT_BACK: F->confirm = false; return PD_R_DRAW;
        default: return PD_R_NONE;
        }
    }
    if (k->type == PD_KEY_CHAR && k->ch >= 0x20 && k->ch != 0x7f) {
        ui->status[0] = '\0';
        pd_form_insert(fm, k->ch);
        return PD_R_DRAW;
    }
    static const enum pd_action acts[] = { ACT_SAVE, ACT_BACK, ACT_NEXT, ACT_PREV, ACT_PICK, ACT_OPEN,
                                           ACT_BKSP, ACT_DEL, ACT_LEFT, ACT_RIGHT, ACT_LINE_HOME,
                                           ACT_LINE_END, ACT_CLEAR, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a != ACT_NONE && a != ACT_SAVE)
        ui->status[0] = '\0';
    struct pd_fedit *e = fm->n ? &fm->fields[fm->cur].ed : NULL;
    switch (a) {
    case ACT_SAVE: return save(ui, F);
    case ACT_BACK:
        if (pd_form_dirty(fm)) {
            F->confirm = true;
            return PD_R_DRAW;
        }
        return PD_R_POP;
    case ACT_NEXT: pd_form_next(fm); return PD_R_DRAW;
    case ACT_PREV: pd_form_prev(fm); return PD_R_DRAW;
    case ACT_PGDN: for (int i = 0; i < F->rows; i++) pd_form_next(fm); return PD_R_DRAW;
    case ACT_PGUP: for (int i = 0; i < F->rows; i++) pd_form_prev(fm); return PD_R_DRAW;
    case ACT_PICK: open_picker(F); return PD_R_DRAW;
    case ACT_OPEN:
        if (pd_form_has_choices(fm, fm->cur) && !fm->fields[fm->cur].ed.buf[0])
            open_picker(F);
        else
            pd_form_next(fm);
        return PD_R_DRAW;
    case ACT_BKSP: pd_form_backspace(fm); return PD_R_DRAW;
    case ACT_DEL: pd_form_delete(fm); return PD_R_DRAW;
    case ACT_CLEAR:
        while (pd_form_backspace(fm))
            ;
        while (pd_form_delete(fm))
            ;
        return PD_R_DRAW;
    case ACT_LEFT: if (e) pd_fedit_left(e); return PD_R_DRAW;
    case ACT_RIGHT: if (e) pd_fedit_right(e); return PD_R_DRAW;
    case ACT_LINE_HOME: if (e) pd_fedit_home(e); return PD_R_DRAW;
    case ACT_LINE_END: if (e) pd_fedit_end(e); return PD_R_DRAW;
    default:
        return PD_R_NONE;
    }
}

static void leave(struct pd_screen *s)
{
    struct fscreen *F = s->st;
    pd_form_done(&F->fm);
}

static const struct pd_screen_ops ops = { "form", NULL, key, layout, draw, leave };

struct pd_screen *pd_scr_form(struct pd_ui *ui, const char *type, const char *household,
                              const char *pid)
{
    /* the one gate every change passes: a viewer records nothing */
    if (!pd_ui_may_change(ui))
        return NULL;
    const struct pd_event_type *t = pd_event_type_find(type);
    if (!t)
        return NULL;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct fscreen));
    if (!s)
        return NULL;
    struct fscreen *F = s->st;
    F->type = t;
    pd_strlcpy(F->household, household ? household : "", sizeof F->household);
    pd_strlcpy(F->pid, pid ? pid : "", sizeof F->pid);
    pd_form_init(&F->fm, pd_db_today(ui->db), pd_i18n_lang());
    build(ui, F);
    snprintf(s->title, sizeof s->title, "%s", pd_i18n_en() ? t->en : t->zh);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_FORM;
    s->text_entry = true;
    return s;
}

struct pd_screen *pd_scr_form_prefilled(struct pd_ui *ui, const char *type, const char *household,
                                        const char *pid, const json_t *values)
{
    struct pd_screen *s = pd_scr_form(ui, type, household, pid);
    if (!s || !values)
        return s;
    struct fscreen *F = s->st;
    const char *k;
    json_t *v;
    /* what another department's list says, over what the form starts with */
    json_object_foreach((json_t *)values, k, v)
        if (json_is_string(v) && json_string_value(v)[0])
            pd_form_fill(&F->fm, k, json_string_value(v));
    return s;
}
