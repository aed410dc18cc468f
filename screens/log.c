/* log.c - the change log of a person or a household, newest first, from
 * the audit table: when, by whom, what kind, and what changed. */
#include "screens/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/codes.h"
#include "core/fields.h"
#include "core/text.h"
#include "store/search.h"

#define MAX_LOG 200

struct logscr {
    char household[24], pid[40];
    struct pd_log_row rows[MAX_LOG];
    int n;
    struct pd_list list;
};

/* ---- changed values in words: labels from core/fields.h, codes by name --- */

/* Keys the store keeps for itself: not what the clerk changed. */
static bool internal_key(const char *k)
{
    return strcmp(k, "pid") == 0 || strcmp(k, "initials") == 0 || strcmp(k, "wcba") == 0;
}

static const struct pd_field *field_for(const char *type, const char *entity, const char *key)
{
    const struct pd_event_type *t = pd_event_type_find(type);
    const struct pd_fieldset *first = strcmp(entity, "household") == 0 ? &pd_household_fields
                                                                        : &pd_person_fields;
    const struct pd_fieldset *second = first == &pd_person_fields ? &pd_household_fields
                                                                  : &pd_person_fields;
    const struct pd_field *f = NULL;
    if (t && t->own)
        f = pd_field_find(t->own, key);
    if (!f)
        f = pd_field_find(first, key);
    if (!f)
        f = pd_field_find(second, key);
    return f;
}

static const char *label_for(const struct pd_field *f, const char *key)
{
    if (f)
        return pd_field_label(f, pd_i18n_lang());
    if (strcmp(key, "status") == 0)
        return pd_tr(S_STATUS);
    if (strcmp(key, "end_date") == 0)
        return pd_tr(S_END_DATE);
    if (strcmp(key, "household") == 0)
        return pd_tr(S_HOUSEHOLD);
    if (strcmp(key, "migrant") == 0)
        return pd_tr(S_MIGRANT_MARK);
    /* columns the store keeps beside the field table */
    static const struct { const char *k; enum pd_str s; } more[] = {
        { "father", S_FATHER }, { "mother", S_MOTHER }, { "contra_method", S_CONTRA },
        { "contra_start", S_CONTRA_START }, { "disability_grade", S_DISABILITY },
        { "pregnant_expected", S_EXPECTED },
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        if (strcmp(key, more[i].k) == 0)
            return pd_tr(more[i].s);
    return key;
}

static void value_words(const struct pd_field *f, const char *key, const json_t *v, char *buf,
                        size_t size)
{
    buf[0] = '\0';
    if (!v || json_is_null(v) || (json_is_string(v) && !json_string_value(v)[0])) {
        pd_strlcpy(buf, pd_tr(S_EMPTY), size);
    } else if (f) {
        pd_ui_value(f, v, buf, size);
        /* a choice word shown as stored ("reject"): in words */
        if (json_is_string(v) && (!buf[0] || strcmp(buf, json_string_value(v)) == 0))
            pd_strlcpy(buf, pd_tr_word(json_string_value(v)), size);
    } else if (strcmp(key, "contra_method") == 0 && json_is_string(v) &&
               pd_code_word(PD_CODES_CONTRACEPTION, json_string_value(v))) {
        pd_strlcpy(buf, pd_code_word(PD_CODES_CONTRACEPTION, json_string_value(v)), size);
    } else if (json_is_boolean(v) || (json_is_integer(v) && strcmp(key, "migrant") == 0)) {
        pd_strlcpy(buf, pd_tr(json_is_true(v) || json_integer_value(v) ? S_YES : S_NO), size);
    } else if (json_is_string(v)) {
        const char *t = json_string_value(v);
        pd_strlcpy(buf, strcmp(key, "status") == 0 ? pd_status_word(t) : pd_tr_word(t), size);
    } else {
        char *d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        pd_strlcpy(buf, d ? d : "", size);
        free(d);
    }
}

static void append(char *buf, size_t size, size_t *len, const char *s)
{
    if (*len + 1 >= size)
        return;
    int n = snprintf(buf + *len, size - *len, "%s", s);
    if (n > 0)
        *len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
}

void pd_log_words(const char *type, const char *entity, const char *before, const char *after,
                  const char *data, bool arrows, char *buf, size_t size)
{
    buf[0] = '\0';
    json_error_t je;
    json_t *a = json_loads(after, 0, &je);
    json_t *b = before && before[0] ? json_loads(before, 0, &je) : NULL;
    if (!json_is_object(a)) {
        /* cut short by the store (a very long record): the text as it is */
        pd_strlcpy(buf, after, size);
        json_decref(a);
        json_decref(b);
        return;
    }
    if (json_object_size(a) == 0 && data && data[0]) {
        /* nothing in the tables changed: say what the event recorded */
        json_decref(a);
        json_decref(b);
        b = NULL;
        a = json_loads(data, 0, &je);
        arrows = false;
        if (!json_is_object(a)) {
            pd_strlcpy(buf, data, size);
            json_decref(a);
            return;
        }
    }
    /* in the order of the field table (name first), then the rest */
    const char *keys_in[64];
    int nk = 0, rank[64];
    const struct pd_fieldset *fs = strcmp(entity, "household") == 0 ? &pd_household_fields
                                                                    : &pd_person_fields;
    const char *key;
    json_t *v;
    json_object_foreach(a, key, v) {
        if (internal_key(key) || nk >= 64)
            continue;
        int r = 1000 + nk;
        for (int i = 0; i < fs->n; i++)
            if (strcmp(fs->fields[i].key, key) == 0) {
                r = i;
                break;
            }
        int j = nk++;
        while (j > 0 && rank[j - 1] > r) {
            keys_in[j] = keys_in[j - 1];
            rank[j] = rank[j - 1];
            j--;
        }
        keys_in[j] = key;
        rank[j] = r;
    }
    size_t len = 0;
    for (int i = 0; i < nk; i++) {
        key = keys_in[i];
        v = json_object_get(a, key);
        const struct pd_field *f = field_for(type, entity, key);
        char val[300], old[300], item[800];
        value_words(f, key, v, val, sizeof val);
        if (arrows && json_is_object(b)) {
            value_words(f, key, json_object_get(b, key), old, sizeof old);
            snprintf(item, sizeof item, "%s%s: %s → %s", len ? "; " : "", label_for(f, key), old, val);
        } else {
            snprintf(item, sizeof item, "%s%s: %s", len ? "; " : "", label_for(f, key), val);
        }
        append(buf, size, &len, item);
    }
    json_decref(a);
    json_decref(b);
}

static const enum pd_action keys[] = { ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_BACK };

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct logscr *G = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = G->pid[0] ? pd_log_person(ui->db, G->pid, 0, G->rows, MAX_LOG, &G->n, &err)
                          : pd_log_household(ui->db, G->household, 0, G->rows, MAX_LOG, &G->n, &err);
    if (rc != PD_OK) {
        G->n = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    }
    G->list.n = G->n;
    pd_list_fix(&G->list);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct logscr *G = s->st;
    G->list.rows = ui->height - 8;
    pd_list_fix(&G->list);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct logscr *G = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char head[200];
    snprintf(head, sizeof head, "%s  %s", pd_tr(S_CHANGE_LOG), G->pid[0] ? G->pid : G->household);
    pd_put(y, x, w, head, R_HEADER);
    int cw = 16, cu = 10, ct = 16, cs = 6;
    int cd = w - cw - cu - ct - cs - 4, cx = x;
    cx += pd_put(y + 1, cx, cs, "#", R_HEADER) + 1;
    cx += pd_put(y + 1, cx, cw, pd_tr(S_WHEN), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, cu, pd_tr(S_WHO), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, ct, pd_tr(S_WHAT), R_HEADER) + 1;
    pd_put(y + 1, cx, cd, pd_tr(S_DETAIL), R_HEADER);
    for (int i = 0; i < G->list.rows && G->list.first + i < G->n; i++) {
        int r = G->list.first + i, ry = y + 2 + i;
        const struct pd_log_row *L = &G->rows[r];
        enum pd_role_id role = r == G->list.sel ? R_SELECTED : R_NORMAL;
        char seq[24], at[20];
        snprintf(seq, sizeof seq, "%lld", L->seq);
        pd_strlcpy(at, L->at, sizeof at);
        if (strlen(at) > 10)
            at[10] = ' ';
        at[16] = '\0';
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put_right(ry, cx, cs, seq, role) + 1;
        cx += pd_put(ry, cx, cw, at, role) + 1;
        cx += pd_put(ry, cx, cu, L->user, role) + 1;
        cx += pd_put(ry, cx, ct, pd_event_word(L->type), role) + 1;
        char words[1200];
        pd_log_words(L->type, L->entity, L->before, L->after, L->data, false, words, sizeof words);
        pd_put(ry, cx, cd, words, role);
    }
    if (G->n > 0) {
        const struct pd_log_row *L = &G->rows[G->list.sel];
        int by = ui->top + ui->height - 5;
        pd_hline(by, x, w);
        char words[2400], line[2500];
        pd_log_words(L->type, L->entity, L->before, L->after, L->data, true, words, sizeof words);
        char at[20];
        pd_strlcpy(at, L->at, sizeof at);
        if (strlen(at) > 10)
            at[10] = ' ';
        snprintf(line, sizeof line, "%lld  %s  %s  %s  %s", L->seq, at, L->user,
                 pd_event_word(L->type), L->entity_id);
        pd_put(by + 1, x, w, line, R_DIM);
        /* before -> after over two lines, cut by display width */
        const char *m = words;
        for (int k = 0; k < 2 && *m; k++) {
            size_t n = pd_text_fit(m, w);
            if (n == 0)
                break;
            char part[2400];
            memcpy(part, m, n);
            part[n] = '\0';
            pd_put(by + 2 + k, x, w, part, R_NORMAL);
            m += n;
        }
    } else {
        pd_put(y + 2, x, w, pd_tr(S_NOTHING_FOUND), R_DIM);
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct logscr *G = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a == ACT_BACK)
        return PD_R_POP;
    (void)ui;
    return pd_list_move(&G->list, a) ? PD_R_DRAW : PD_R_NONE;
}

static const struct pd_screen_ops ops = { "log", enter, key, layout, draw, NULL };

struct pd_screen *pd_scr_log(struct pd_ui *ui, const char *household, const char *pid)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct logscr));
    if (!s)
        return NULL;
    struct logscr *G = s->st;
    pd_strlcpy(G->household, household ? household : "", sizeof G->household);
    pd_strlcpy(G->pid, pid ? pid : "", sizeof G->pid);
    pd_strlcpy(s->title, pd_tr(S_CHANGE_LOG), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_LOG;
    return s;
}
