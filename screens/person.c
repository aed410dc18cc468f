/* person.c - one person's full record, read-only; from here a change is
 * recorded (E), corrected (C), the change log (L) or the household (H)
 * opened.  Every field comes from the person field table (core/fields.c). */
#include "screens/screens.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/policy.h"
#include "core/subsidy.h"
#include "core/text.h"
#include "store/db.h"
#include "store/policy_facts.h"
#include "store/search.h"

struct person {
    char pid[40];
    json_t *rec;
    int year;
    bool assessed;
    char prog_line[PD_PROG__COUNT][400];   /* one line a programme */
    bool prog_ok[PD_PROG__COUNT];
    char cases_line[600];                  /* the person's cases in one line (A opens them) */
    int first, rows, percol, ncols;
};

static const enum pd_action keys[] = { ACT_EVENT, ACT_BIRTH, ACT_CORRECT, ACT_LOG, ACT_HOUSEHOLD,
                                       ACT_CASES, ACT_DOWN, ACT_BACK };

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The person's programmes this year, one line each: eligible (category,
 * amount) or the first failing condition in words. */
static void assess(struct person *P, struct pd_ui *ui)
{
    P->assessed = false;
    const struct pd_policy *pol = pd_ui_policy(ui);
    if (!pol || !P->rec)
        return;
    struct pd_person_facts f;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_person_facts_get(ui->db, P->pid, &f, &err) != PD_OK)
        return;
    P->year = pd_db_today(ui->db).y;
    const char *lang = pd_i18n_lang();
    for (int p = 0; p < PD_PROG__COUNT; p++) {
        struct pd_subsidy_result r;
        pd_subsidy_assess(pol, (enum pd_programme)p, P->year, &f, &r);
        char what[300];
        if (r.eligible) {
            pd_trf(what, sizeof what, S_ELIGIBLE, pd_subsidy_category_words(r.category, lang), r.yearly);
        } else {
            char w[200] = "";
            for (int i = 0; i < r.ncond; i++)
                if (!r.cond[i].ok) {
                    pd_subsidy_cond_words(&r.cond[i], lang, w, sizeof w);
                    break;
                }
            pd_trf(what, sizeof what, S_NOT_ELIGIBLE_WHY, w);
        }
        snprintf(P->prog_line[p], sizeof P->prog_line[p], "%s  %s", pd_programme_word(p), what);
        P->prog_ok[p] = r.eligible;
    }
    P->assessed = true;
}

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct person *P = s->st;
    json_decref(P->rec);
    struct pd_error err;
    pd_error_clear(&err);
    P->rec = pd_person_get(ui->db, P->pid, &err);
    if (!P->rec)
        pd_ui_say(ui, true, "%s", err.msg);
    else
        snprintf(s->title, sizeof s->title, "%s %s", pd_tr(S_PERSON), str(P->rec, "name"));
    assess(P, ui);
    pd_person_cases_line(ui, P->pid, P->cases_line, sizeof P->cases_line);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct person *P = s->st;
    P->rows = ui->height - 3 - (1 + PD_PROG__COUNT);
    P->ncols = ui->cols >= 120 ? 2 : 1;
    P->percol = P->rows;
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct person *P = s->st;
    if (!P->rec)
        return;
    const char *lang = pd_i18n_lang();
    char head[400];
    const char *hh = str(P->rec, "household");
    snprintf(head, sizeof head, "%s  %s  %s %s  %s%s%s", str(P->rec, "name"), P->pid,
             pd_tr(S_HOUSEHOLD), hh, pd_status_word(str(P->rec, "status")),
             json_is_true(json_object_get(P->rec, "migrant")) ? "  " : "",
             json_is_true(json_object_get(P->rec, "migrant")) ? pd_tr(S_MIGRANT_MARK) : "");
    pd_put(ui->top, 1, ui->cols - 2, head, R_HEADER);
    pd_put(ui->top + 1, 1, ui->cols - 2, P->cases_line, R_DIM);
    const struct pd_fieldset *fs = &pd_person_fields;
    int colw = (ui->cols - 2) / P->ncols, lw = 20;
    int shown = P->rows * P->ncols;
    if (P->first > fs->n - 1)
        P->first = fs->n - 1;
    if (P->first < 0)
        P->first = 0;
    for (int k = 0; k < shown && P->first + k < fs->n; k++) {
        const struct pd_field *f = &fs->fields[P->first + k];
        int y = ui->top + 2 + k % P->rows, x = 1 + (k / P->rows) * colw;
        char val[300];
        pd_ui_value(f, json_object_get(P->rec, f->key), val, sizeof val);
        pd_put(y, x, lw, pd_field_label(f, lang), R_LABEL);
        pd_put(y, x + lw + 1, colw - lw - 2, val, R_NORMAL);
    }
    if (P->assessed) {
        int by = ui->top + 2 + P->rows;
        char ph[80];
        pd_trf(ph, sizeof ph, S_PROGRAMMES, P->year);
        pd_put(by, 1, ui->cols - 2, ph, R_HEADER);
        for (int p = 0; p < PD_PROG__COUNT; p++)
            pd_put(by + 1 + p, 1, ui->cols - 2, P->prog_line[p], P->prog_ok[p] ? R_GOOD : R_DIM);
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct person *P = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_EVENT, ACT_BIRTH, ACT_CORRECT, ACT_LOG,
                                           ACT_HOUSEHOLD, ACT_CASES, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a != ACT_NONE)
        ui->status[0] = '\0';
    if (!P->rec && a != ACT_BACK)
        return PD_R_NONE;
    const char *hh = P->rec ? str(P->rec, "household") : "";
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_EVENT: return pd_ui_push(ui, pd_scr_events(ui, hh, P->pid));
    case ACT_BIRTH:
        return hh[0] ? pd_ui_push(ui, pd_scr_form(ui, "person.birth", hh, P->pid)) : PD_R_NONE;
    case ACT_CORRECT: return pd_ui_push(ui, pd_scr_form(ui, "record.correct", hh, P->pid));
    case ACT_LOG: return pd_ui_push(ui, pd_scr_log(ui, NULL, P->pid));
    case ACT_CASES: return pd_ui_push(ui, pd_scr_person_cases(ui, P->pid));
    case ACT_HOUSEHOLD: return hh[0] ? pd_ui_push(ui, pd_scr_household(ui, hh)) : PD_R_NONE;
    case ACT_DOWN: case ACT_PGDN:
        if (P->first + P->rows * P->ncols < pd_person_fields.n) {
            P->first += a == ACT_DOWN ? 1 : P->rows;
            return PD_R_DRAW;
        }
        return PD_R_NONE;
    case ACT_UP: case ACT_PGUP:
        if (P->first > 0) {
            P->first -= a == ACT_UP ? 1 : P->rows;
            return PD_R_DRAW;
        }
        return PD_R_NONE;
    default:
        return PD_R_NONE;
    }
}

static void leave(struct pd_screen *s)
{
    struct person *P = s->st;
    json_decref(P->rec);
    P->rec = NULL;
}

static const struct pd_screen_ops ops = { "person", enter, key, layout, draw, leave };

struct pd_screen *pd_scr_person(struct pd_ui *ui, const char *pid)
{
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct person));
    if (!s)
        return NULL;
    struct person *P = s->st;
    pd_strlcpy(P->pid, pid, sizeof P->pid);
    snprintf(s->title, sizeof s->title, "%s %s", pd_tr(S_PERSON), pid);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_PERSON;
    return s;
}
