/* import.c - register spreadsheet rows into events (see import.h).
 *
 * Three steps.  The header row gives the column map (person fields first,
 * then household fields, then the extra columns `popdesk export persons`
 * writes); an unknown or doubled column stops everything, since its data
 * would be lost or ambiguous.  Then each row on its own: cells normalised
 * through pd_field_normalise (the same rules as the forms), the person's
 * event checked with pd_event_validate.  Then what needs all rows: the rows
 * of one household are grouped (sorting, so 20 000 rows stay fast),
 * household columns must agree, one head each, ID numbers unique.
 *
 * Order of the events: households first (in the order they appear), then
 * persons who have already ended (dead, moved out, left: each recorded and
 * then ended, so an ID number they share with a living person is free again
 * when the living one comes), then everyone else in file order.  The head's
 * row need not come first.
 */
#include "core/import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/idnum.h"
#include "core/text.h"

enum col_kind {
    COL_UNNAMED, COL_UNKNOWN, COL_PERSON, COL_HOUSEHOLD,
    COL_PID, COL_STATUS, COL_END, COL_MIGRANT, COL_WCBA,
};

struct pd_import_col {
    enum col_kind kind;
    const struct pd_field *f;
    char header[PD_FIELD_MAX];
};

/* Columns of `popdesk export persons` that are not fields of a record. */
static const struct { enum col_kind kind; const char *names; } extra_cols[] = {
    { COL_PID,     "pid|人员编号|个人编号" },
    { COL_STATUS,  "status|状态|人员状态" },
    { COL_END,     "end_date|注销日期|终止日期" },
    { COL_MIGRANT, "migrant|流动人口" },
    { COL_WCBA,    "wcba|育龄妇女" },
};

static const struct { const char *status, *words, *event; } statuses[] = {
    { "active",    "active|正常|在册|在籍",  NULL },
    { "dead",      "dead|死亡",              "person.death" },
    { "moved_out", "moved_out|迁出",         "person.move_out" },
    { "left",      "left|离开|流出",         "migrant.leave" },
};

/* One data row, kept whole until the checks across rows are done. */
struct prow {
    int row;
    char code[PD_EV_REF_MAX];
    json_t *hh;              /* household columns of this row, without code */
    json_t *person;          /* the person event's data */
    const char *type;
    json_t *end;             /* follow-up event data, or NULL */
    const char *end_type;
    char id[PD_ID_BUFSZ];
    bool active, head;
    bool hh_bad;             /* a household cell of this row was refused */
};

struct hgroup {
    int first;               /* index in prows of the household's first row */
    int start, n;            /* its rows in the sorted key array */
    bool exists;
    json_t *data;            /* household.add data */
};

struct key {
    const char *s;
    int idx;
};

/* ---- small helpers ---------------------------------------------------- */

static const char *jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static bool names_match(const char *names, const char *h)
{
    size_t hl = strlen(h);
    for (const char *p = names; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == hl && strncasecmp(p, h, n) == 0)
            return true;
        if (!bar)
            break;
        p = bar + 1;
    }
    return false;
}

static void header_clean(const char *in, char *out, size_t size)
{
    pd_strlcpy(out, in, size);
    pd_text_normalise(out);
    pd_text_strip_spaces(out);
}

/* pd_field_by_header, plus English labels written with their spaces
 * ("Date of Birth"): it strips the header's spaces but not the label's. */
static const struct pd_field *by_header(const struct pd_fieldset *fs, const char *header,
                                        const char *clean)
{
    const struct pd_field *f = pd_field_by_header(fs, header);
    for (int i = 0; !f && i < fs->n; i++) {
        char en[128];
        header_clean(fs->fields[i].en, en, sizeof en);
        if (strcasecmp(en, clean) == 0)
            f = &fs->fields[i];
    }
    return f;
}

static enum col_kind classify(const char *header, const struct pd_field **f)
{
    *f = NULL;
    if (pd_csv_cell_blank(header))
        return COL_UNNAMED;
    char h[128];
    header_clean(header, h, sizeof h);
    if ((*f = by_header(&pd_person_fields, header, h)))
        return COL_PERSON;
    if ((*f = by_header(&pd_household_fields, header, h)))
        return COL_HOUSEHOLD;
    for (size_t i = 0; i < sizeof extra_cols / sizeof extra_cols[0]; i++)
        if (names_match(extra_cols[i].names, h))
            return extra_cols[i].kind;
    return COL_UNKNOWN;
}

static bool known_header(const char *cell, void *ctx)
{
    (void)ctx;
    const struct pd_field *f;
    enum col_kind k = classify(cell, &f);
    return k != COL_UNKNOWN && k != COL_UNNAMED;
}

/* A cell quoted in a message: short, no control characters. */
static const char *shown(const char *s, char *buf, size_t size)
{
    pd_text_quote(buf, size, s);
    return buf;
}

static void note(struct pd_import *imp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void note(struct pd_import *imp, const char *fmt, ...)
{
    char buf[PD_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **n = realloc(imp->notes, (size_t)(imp->nnotes + 1) * sizeof *n);
    if (!n)
        return;
    imp->notes = n;
    if ((n[imp->nnotes] = strdup(buf)))
        imp->nnotes++;
}

void pd_import_problem(struct pd_import *imp, int row, const char *column,
                       const char *fmt, ...)
{
    if (imp->nproblems >= PD_IMPORT_PROBLEMS_MAX) {
        imp->problems_unlisted++;
        return;
    }
    if (imp->nproblems == imp->cap_problems) {
        int cap = imp->cap_problems ? imp->cap_problems * 2 : 64;
        struct pd_import_problem *p = realloc(imp->problems, (size_t)cap * sizeof *p);
        if (!p) {
            imp->problems_unlisted++;
            return;
        }
        imp->problems = p;
        imp->cap_problems = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (!msg) {
        imp->problems_unlisted++;
        return;
    }
    struct pd_import_problem *p = &imp->problems[imp->nproblems++];
    p->row = row;
    pd_strlcpy(p->column, column ? column : "", sizeof p->column);
    p->msg = msg;
}

static bool add_item(struct pd_import *imp, int row, const char *type, const char *household,
                     int person_of, json_t *data)
{
    if (imp->nitems == imp->cap_items) {
        int cap = imp->cap_items ? imp->cap_items * 2 : 256;
        struct pd_import_item *it = realloc(imp->items, (size_t)cap * sizeof *it);
        if (!it) {
            json_decref(data);
            return false;
        }
        imp->items = it;
        imp->cap_items = cap;
    }
    struct pd_import_item *it = &imp->items[imp->nitems++];
    it->row = row;
    it->type = type;
    pd_strlcpy(it->household, household ? household : "", sizeof it->household);
    it->person_of = person_of;
    it->data = data;
    return true;
}

void pd_import_free(struct pd_import **imp)
{
    if (!imp || !*imp)
        return;
    struct pd_import *m = *imp;
    for (int i = 0; i < m->nitems; i++)
        json_decref(m->items[i].data);
    free(m->items);
    for (int i = 0; i < m->nproblems; i++)
        free(m->problems[i].msg);
    free(m->problems);
    for (int i = 0; i < m->nnotes; i++)
        free(m->notes[i]);
    free(m->notes);
    free(m->cols);
    free(m);
    *imp = NULL;
}

static const struct pd_import_col *col_of(const struct pd_import *imp, enum col_kind kind,
                                          const char *key)
{
    for (int i = 0; i < imp->ncols; i++) {
        const struct pd_import_col *c = &imp->cols[i];
        if (c->kind == kind && (!key || (c->f && strcmp(c->f->key, key) == 0)))
            return c;
    }
    return NULL;
}

static const char *col_name(const struct pd_import *imp, enum col_kind kind,
                            const char *key, const char *fallback)
{
    const struct pd_import_col *c = col_of(imp, kind, key);
    return c ? c->header : fallback;
}

const char *pd_import_column(const struct pd_import *imp, const char *type,
                             const char *key)
{
    if (!key || !key[0])
        return "";
    const struct pd_field *f;
    if (strcmp(type, "household.add") == 0) {
        f = pd_field_find(&pd_household_fields, key);
        return col_name(imp, COL_HOUSEHOLD, key, f ? f->zh : key);
    }
    if (strcmp(type, "person.add") != 0 && strcmp(type, "migrant.arrive") != 0) {
        /* follow-ups: their one date is end_date */
        if (strcmp(key, "date") == 0)
            return col_name(imp, COL_END, NULL, "end_date");
        if (strcmp(key, "person") == 0)
            return col_name(imp, COL_STATUS, NULL, "status");
        return key;
    }
    if (strcmp(key, "date") == 0)
        return col_name(imp, COL_PERSON, "moved_date", "迁移日期");
    if (strcmp(key, "household") == 0)
        return col_name(imp, COL_HOUSEHOLD, "code", "户编号");
    f = pd_field_find(&pd_person_fields, key);
    return col_name(imp, COL_PERSON, key, f ? f->zh : key);
}

void pd_import_problem_text(const struct pd_import_problem *p, char *buf, size_t size)
{
    if (p->row > 0 && p->column[0])
        snprintf(buf, size, "row %d, column %s: %s", p->row, p->column, p->msg);
    else if (p->row > 0)
        snprintf(buf, size, "row %d: %s", p->row, p->msg);
    else
        snprintf(buf, size, "%s", p->msg);
    pd_strlcpy(buf, buf, size);
}

void pd_import_norm_text(const struct pd_import *imp, char *buf, size_t size)
{
    static const char *const words[PD_NORM__COUNT][2] = {
        [PD_NORM_DATE] = { "date rewritten to YYYY-MM-DD", "dates rewritten to YYYY-MM-DD" },
        [PD_NORM_CODE] = { "code given as a word", "codes given as words" },
        [PD_NORM_ID] = { "ID number cleaned of spaces, full-width characters or lowercase x",
                         "ID numbers cleaned of spaces, full-width characters or lowercase x" },
        [PD_NORM_ID15] = { "old 15-digit ID number converted to 18 digits",
                           "old 15-digit ID numbers converted to 18 digits" },
        [PD_NORM_TEXT] = { "cell trimmed or made plain (full-width letters, digits, spaces)",
                           "cells trimmed or made plain (full-width letters, digits, spaces)" },
        [PD_NORM_SEX_FROM_ID] = { "empty 性别 taken from the ID number",
                                  "empty 性别 taken from the ID numbers" },
        [PD_NORM_BIRTH_FROM_ID] = { "empty 出生日期 taken from the ID number",
                                    "empty 出生日期 taken from the ID numbers" },
        [PD_NORM_ADDRESS] = { "household address taken from a member's 现住址",
                              "household addresses taken from a member's 现住址" },
        [PD_NORM_NEWLINE] = { "cell with line breaks joined into one line",
                              "cells with line breaks joined into one line" },
    };
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < PD_NORM__COUNT; i++) {
        if (!imp->norm[i] || n >= size)
            continue;
        int w = snprintf(buf + n, size - n, "%s%d %s", n ? ", " : "", imp->norm[i],
                         words[i][imp->norm[i] != 1]);
        if (w > 0)
            n += (size_t)w;
    }
    pd_strlcpy(buf, buf, size);
}

void pd_import_columns_text(char *buf, size_t size)
{
    size_t n = 0;
    const struct pd_fieldset *sets[2] = { &pd_household_fields, &pd_person_fields };
    buf[0] = '\0';
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < sets[s]->n && n < size; i++) {
            const struct pd_field *f = &sets[s]->fields[i];
            int w = snprintf(buf + n, size - n, "%s%s/%s/%s", n ? ", " : "", f->zh, f->en, f->key);
            if (w > 0)
                n += (size_t)w;
        }
    for (size_t i = 0; i < sizeof extra_cols / sizeof extra_cols[0] && n < size; i++) {
        int w = snprintf(buf + n, size - n, ", %.*s", (int)strcspn(extra_cols[i].names, "|"),
                         extra_cols[i].names);
        if (w > 0)
            n += (size_t)w;
    }
    pd_strlcpy(buf, buf, size);
}

/* ---- the header -------------------------------------------------------- */

static bool read_header(struct pd_import *imp, const struct pd_csv *csv,
                        const struct pd_csv_layout *lay)
{
    const struct pd_csv_row *h = &csv->rows[lay->header];
    imp->ncols = lay->ncols;
    imp->cols = calloc((size_t)(lay->ncols ? lay->ncols : 1), sizeof *imp->cols);
    if (!imp->cols)
        return false;
    int unknown = 0;
    for (int j = 0; j < lay->ncols; j++) {
        struct pd_import_col *c = &imp->cols[j];
        c->kind = classify(h->cells[j], &c->f);
        char clean[PD_FIELD_MAX];
        pd_strlcpy(clean, h->cells[j], sizeof clean);
        pd_text_normalise(clean);
        pd_text_quote(c->header, sizeof c->header, clean);
        if (c->kind == COL_UNNAMED)
            snprintf(c->header, sizeof c->header, "%d (no name)", j + 1);
        if (c->kind == COL_UNKNOWN) {
            pd_import_problem(imp, h->row, c->header,
                              "unknown column name; rename it to one popdesk knows or delete the "
                              "column (a misspelt column would silently lose its data)");
            unknown++;
        }
        for (int k = 0; k < j; k++) {
            const struct pd_import_col *o = &imp->cols[k];
            if (o->kind != c->kind || c->kind == COL_UNNAMED || c->kind == COL_UNKNOWN)
                continue;
            if (c->f && o->f != c->f)
                continue;
            pd_import_problem(imp, h->row, c->header,
                              "means the same as column %s (%s); keep one of the two",
                              o->header, c->f ? c->f->zh : o->header);
            break;
        }
    }
    if (unknown) {
        char list[4096];
        pd_import_columns_text(list, sizeof list);
        pd_import_problem(imp, 0, NULL, "accepted column names (Chinese, English or key; "
                          "docs/IMPORT.md lists other accepted spellings): %s", list);
    }
    bool has_id = col_of(imp, COL_PERSON, "id_number");
    if (!col_of(imp, COL_HOUSEHOLD, "code") && !col_of(imp, COL_MIGRANT, NULL))
        pd_import_problem(imp, h->row, NULL, "no 户编号 (household code) column: every resident "
                          "belongs to a household");
    if (!col_of(imp, COL_PERSON, "name"))
        pd_import_problem(imp, h->row, NULL, "no 姓名 (name) column");
    if (!has_id && !col_of(imp, COL_PERSON, "sex"))
        pd_import_problem(imp, h->row, NULL, "no 性别 (sex) column, and no 身份证号 to take it from");
    if (!has_id && !col_of(imp, COL_PERSON, "birth_date"))
        pd_import_problem(imp, h->row, NULL,
                          "no 出生日期 (date of birth) column, and no 身份证号 to take it from");
    for (int j = 0; j < lay->ncols; j++) {
        if (imp->cols[j].kind == COL_PID)
            note(imp, "column %s ignored: the register gives each person a new id", imp->cols[j].header);
        if (imp->cols[j].kind == COL_WCBA)
            note(imp, "column %s ignored: the childbearing-age register follows from sex and age",
                 imp->cols[j].header);
    }
    return true;
}

/* ---- one row ------------------------------------------------------------ */

static void count_norm(struct pd_import *imp, const struct pd_field *f, const char *cell,
                       const json_t *v, bool changed, struct pd_date today)
{
    if (!changed || !json_is_string(v))
        return;
    char plain[PD_IMPORT_CELL_MAX + 1];
    pd_strlcpy(plain, cell, sizeof plain);
    pd_text_normalise(plain);
    bool rewritten = strcmp(plain, json_string_value(v)) != 0;
    switch (f->kind) {
    case PD_F_DATE:
        imp->norm[rewritten ? PD_NORM_DATE : PD_NORM_TEXT]++;
        break;
    case PD_F_CODE:
        imp->norm[rewritten ? PD_NORM_CODE : PD_NORM_TEXT]++;
        break;
    case PD_F_ID: {
        struct pd_idinfo info;
        if (pd_id_parse(cell, today, &info, NULL) == PD_OK && info.converted15)
            imp->norm[PD_NORM_ID15]++;
        else
            imp->norm[PD_NORM_ID]++;
        break;
    }
    default:
        imp->norm[PD_NORM_TEXT]++;
    }
}

/* A line break typed inside a cell (Alt+Enter) in a one-line field: the
 * lines joined with one space.  Returns false when there was none. */
static bool join_lines(const char *s, char *out, size_t size)
{
    if (!strpbrk(s, "\r\n\t"))
        return false;
    size_t w = 0;
    bool gap = false;
    for (; *s && w + 1 < size; s++) {
        if (*s == '\r' || *s == '\n' || *s == '\t') {
            gap = true;
            continue;
        }
        if (gap && w > 0 && out[w - 1] != ' ' && *s != ' ')
            out[w++] = ' ';
        gap = false;
        if (w + 1 < size)
            out[w++] = *s;
    }
    out[w] = '\0';
    return true;
}

static bool parse_flag(const char *s, bool *out)
{
    char b[32];
    pd_strlcpy(b, s, sizeof b);
    pd_text_normalise(b);
    if (names_match("1|是|y|yes|true", b))
        *out = true;
    else if (names_match("0|否|n|no|false", b))
        *out = false;
    else
        return false;
    return true;
}

/* "3.30205E+17" or "330205001001010000.0": what a spreadsheet shows once
 * it has stored a code as a number. */
static bool looks_like_number(const char *s)
{
    if (strstr(s, "E+") || strstr(s, "e+"))
        return true;
    bool dot = false;
    for (; *s; s++) {
        if (*s == '.')
            dot = true;
        else if ((*s < '0' || *s > '9') && *s != ' ')
            return false;
    }
    return dot;
}

static void parse_row(struct pd_import *imp, const struct pd_import_ctx *ctx,
                      const struct pd_csv_row *r, struct prow *pr)
{
    int before = imp->nproblems + imp->problems_unlisted;
    char q[80];
    pr->row = r->row;
    pr->person = json_object();
    pr->hh = json_object();
    pr->type = "person.add";
    pr->active = true;
    const char *status = "active";
    int status_i = 0;
    bool migrant = false, code_given = false;
    char end_date[PD_DATE_STRLEN] = "";

    int ov = pd_csv_row_overflow(r, imp->ncols);
    if (ov >= 0) {
        char col[PD_FIELD_MAX];
        snprintf(col, sizeof col, "%d (beyond the header)", ov + 1);
        pd_import_problem(imp, r->row, col, "holds '%s' but the header row names only %d columns",
                          shown(r->cells[ov], q, sizeof q), imp->ncols);
    }
    for (int j = 0; j < imp->ncols && j < r->n; j++) {
        const char *cell = r->cells[j];
        const struct pd_import_col *c = &imp->cols[j];
        if (pd_csv_cell_blank(cell) || c->kind == COL_PID || c->kind == COL_WCBA)
            continue;
        if (c->kind == COL_UNNAMED) {
            pd_import_problem(imp, r->row, c->header,
                              "holds '%s' but the header row gives this column no name",
                              shown(cell, q, sizeof q));
            continue;
        }
        size_t len = strlen(cell);
        if (len > PD_IMPORT_CELL_MAX) {
            pd_import_problem(imp, r->row, c->header, "is too long: %zu bytes, at most %d",
                              len, PD_IMPORT_CELL_MAX);
            continue;
        }
        struct pd_error e;
        pd_error_clear(&e);
        switch (c->kind) {
        case COL_PERSON:
        case COL_HOUSEHOLD: {
            if (c->kind == COL_HOUSEHOLD && strcmp(c->f->key, "code") == 0) {
                code_given = true;
                if (looks_like_number(cell)) {
                    pd_import_problem(imp, r->row, c->header,
                                      "household code '%s': the spreadsheet turned the code into a "
                                      "number; the column must be formatted as text and the codes "
                                      "typed again", shown(cell, q, sizeof q));
                    break;
                }
            }
            bool changed = false;
            char joined[PD_IMPORT_CELL_MAX + 1];
            if (c->f->kind == PD_F_TEXT && join_lines(cell, joined, sizeof joined)) {
                imp->norm[PD_NORM_NEWLINE]++;
                cell = joined;
            }
            json_t *v = pd_field_normalise(c->f, cell, ctx->today, &changed, &e);
            if (!v) {
                pd_import_problem(imp, r->row, c->header, "%s", e.msg);
                if (c->kind == COL_HOUSEHOLD)
                    pr->hh_bad = true;
                break;
            }
            count_norm(imp, c->f, cell, v, changed, ctx->today);
            json_object_set_new(c->kind == COL_PERSON ? pr->person : pr->hh, c->f->key, v);
            break;
        }
        case COL_STATUS: {
            char b[64];
            pd_strlcpy(b, cell, sizeof b);
            pd_text_normalise(b);
            status_i = -1;
            for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
                if (names_match(statuses[i].words, b))
                    status_i = (int)i;
            if (status_i < 0) {
                pd_import_problem(imp, r->row, c->header,
                                  "'%s' is not a status: active (正常), dead (死亡), moved_out (迁出) "
                                  "or left (离开)", shown(cell, q, sizeof q));
                status_i = 0;
            }
            status = statuses[status_i].status;
            break;
        }
        case COL_END: {
            struct pd_date d;
            if (pd_date_parse(cell, &d, c->header, &e) != PD_OK) {
                pd_import_problem(imp, r->row, c->header, "%s", e.msg);
                break;
            }
            pd_date_format(d, end_date);
            char plain[PD_IMPORT_CELL_MAX + 1];
            pd_strlcpy(plain, cell, sizeof plain);
            pd_text_normalise(plain);
            if (strcmp(plain, end_date) != 0)
                imp->norm[PD_NORM_DATE]++;
            break;
        }
        case COL_MIGRANT:
            if (!parse_flag(cell, &migrant))
                pd_import_problem(imp, r->row, c->header, "'%s' must be 1 or 0 (是/否)",
                                  shown(cell, q, sizeof q));
            break;
        default:
            break;
        }
    }
    bool cells_ok = imp->nproblems + imp->problems_unlisted == before;

    /* Sex and birth date are written in the ID number: take them from there
     * when the row leaves them empty (a disagreement is refused below). */
    const char *id = jstr(pr->person, "id_number");
    if (id[0]) {
        struct pd_idinfo info;
        if (pd_id_parse(id, ctx->today, &info, NULL) == PD_OK) {
            pd_strlcpy(pr->id, info.number, sizeof pr->id);
            if (!jstr(pr->person, "sex")[0]) {
                json_object_set_new(pr->person, "sex", json_string(info.sex == 1 ? "1" : "2"));
                imp->norm[PD_NORM_SEX_FROM_ID]++;
            }
            if (!jstr(pr->person, "birth_date")[0]) {
                char b[PD_DATE_STRLEN];
                pd_date_format(info.birth, b);
                json_object_set_new(pr->person, "birth_date", json_string(b));
                imp->norm[PD_NORM_BIRTH_FROM_ID]++;
            }
        }
    }

    json_t *code = json_object_get(pr->hh, "code");
    if (json_is_string(code))
        pd_strlcpy(pr->code, json_string_value(code), sizeof pr->code);
    json_object_del(pr->hh, "code");
    const char *code_col = col_name(imp, COL_HOUSEHOLD, "code", "户编号");
    if (!pr->code[0] && !code_given && !migrant)
        pd_import_problem(imp, r->row, code_col,
                          "户编号 (household code) is required: every resident belongs to a household");
    if (pr->code[0] && ctx->station && ctx->station[0] &&
        strncmp(pr->code, ctx->station, strlen(ctx->station)) != 0) {
        pd_import_problem(imp, r->row, code_col,
                          "household code %s must begin with this station's village code %s",
                          pr->code, ctx->station);
        cells_ok = false;
    }

    imp->persons++;
    pr->active = status_i == 0;
    if (migrant) {
        imp->migrants++;
        pr->type = "migrant.arrive";
        const char *moved = jstr(pr->person, "moved_date");
        if (moved[0])
            json_object_set_new(pr->person, "date", json_string(moved));
        else if (cells_ok) {
            pd_import_problem(imp, r->row, col_name(imp, COL_PERSON, "moved_date", "迁移日期"),
                              "a migrant (migrant = 1) needs the date of arrival in 迁移日期 (moved_date)");
            cells_ok = false;
        }
    }
    if (cells_ok) {
        struct pd_event ev;
        struct pd_error e;
        pd_error_clear(&e);
        pd_err rc = pd_event_init(&ev, pr->type, pr->code, "", json_incref(pr->person), &e);
        if (rc == PD_OK)
            rc = pd_event_validate(&ev, ctx->today, &e);
        pd_event_done(&ev);
        if (rc != PD_OK) {
            pd_import_problem(imp, r->row, pd_import_column(imp, pr->type, e.field), "%s", e.msg);
            cells_ok = false;
        }
    }

    if (!pr->active) {
        imp->ended++;
        const char *end_col = col_name(imp, COL_END, NULL, "end_date");
        pr->end_type = statuses[status_i].event;
        if (strcmp(status, "left") == 0 && !migrant) {
            pd_import_problem(imp, r->row, col_name(imp, COL_STATUS, NULL, "status"),
                              "status left (离开) is for migrants; a resident who left is moved_out (迁出)");
        } else if (!end_date[0]) {
            pd_import_problem(imp, r->row, end_col, "status %s needs the date it happened in end_date",
                              status);
        } else if (cells_ok) {
            const char *birth = jstr(pr->person, "birth_date");
            pr->end = json_pack("{s:s}", "date", end_date);
            struct pd_event ev;
            struct pd_error e;
            pd_error_clear(&e);
            pd_err rc = pd_event_init(&ev, pr->end_type, pr->code, "-", json_incref(pr->end), &e);
            if (rc == PD_OK)
                rc = pd_event_validate(&ev, ctx->today, &e);
            pd_event_done(&ev);
            if (rc != PD_OK)
                pd_import_problem(imp, r->row, end_col, "%s", e.msg);
            else if (birth[0] && strcmp(end_date, birth) < 0)
                pd_import_problem(imp, r->row, end_col, "end_date %s is before the date of birth %s",
                                  end_date, birth);
        }
    }

    if (pr->id[0] && ctx->id_registered) {
        char who[256] = "";
        if (ctx->id_registered(ctx->ctx, pr->id, who, sizeof who))
            pd_import_problem(imp, r->row, col_name(imp, COL_PERSON, "id_number", "身份证号"),
                              "ID number %s is already registered to %s", pr->id, who);
    }
    pr->head = pr->active && strcmp(jstr(pr->person, "relation"), "02") == 0;
}

/* ---- across rows --------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static int group_cmp(const void *a, const void *b)
{
    const struct hgroup *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static void check_duplicate_ids(struct pd_import *imp, struct prow *rows, int n)
{
    struct key *k = malloc((size_t)(n ? n : 1) * sizeof *k);
    if (!k) {
        pd_import_problem(imp, 0, NULL, "out of memory checking ID numbers");
        return;
    }
    int m = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].id[0] && rows[i].active)
            k[m++] = (struct key){ rows[i].id, i };
    qsort(k, (size_t)m, sizeof *k, key_cmp);
    for (int s = 0; s < m;) {
        int e = s + 1;
        while (e < m && strcmp(k[e].s, k[s].s) == 0)
            e++;
        for (int i = s; e - s > 1 && i < e; i++) {
            char others[160] = "";
            size_t len = 0;
            int listed = 0;
            for (int j = s; j < e; j++) {
                if (j == i)
                    continue;
                if (listed == 8) {
                    snprintf(others + len, sizeof others - len, " and %d more", e - s - 1 - listed);
                    break;
                }
                int w = snprintf(others + len, sizeof others - len, "%s%d", listed ? ", " : "",
                                 rows[k[j].idx].row);
                if (w > 0 && (size_t)w < sizeof others - len)
                    len += (size_t)w;
                listed++;
            }
            pd_import_problem(imp, rows[k[i].idx].row, col_name(imp, COL_PERSON, "id_number", "身份证号"),
                              "ID number %s is also on row%s %s: one person, one row",
                              k[i].s, e - s > 2 ? "s" : "", others);
        }
        s = e;
    }
    free(k);
}

/* Merges the household columns of a household's rows; builds its data. */
static void build_household(struct pd_import *imp, const struct pd_import_ctx *ctx,
                            struct prow *rows, const struct key *k, struct hgroup *g)
{
    struct prow *first = &rows[g->first];
    const char *code = first->code;
    imp->households++;
    g->exists = ctx->household_exists && ctx->household_exists(ctx->ctx, code);
    if (g->exists) {
        int given = 0;
        for (int i = g->start; i < g->start + g->n; i++)
            if (json_object_size(rows[k[i].idx].hh))
                given++;
        if (given)
            note(imp, "household %s is already in the register: its household columns on %d row%s "
                 "were not applied (change a household on its own screen)", code, given,
                 given == 1 ? "" : "s");
        return;
    }
    imp->households_new++;
    json_t *data = json_object(), *from = json_object();
    const struct prow *head = NULL;
    const char *addr_from_head = "", *addr_any = "";
    char q1[80], q2[80];
    bool hh_bad = false;
    for (int i = g->start; i < g->start + g->n; i++) {
        struct prow *pr = &rows[k[i].idx];
        hh_bad |= pr->hh_bad;
        const char *key;
        json_t *v;
        json_object_foreach(pr->hh, key, v) {
            json_t *old = json_object_get(data, key);
            if (!old) {
                json_object_set(data, key, v);
                json_object_set_new(from, key, json_integer(pr->row));
            } else if (!json_equal(old, v)) {
                pd_import_problem(imp, pr->row, col_name(imp, COL_HOUSEHOLD, key, key),
                                  "'%s' differs from '%s' on row %d for the same household %s",
                                  shown(jstr(pr->hh, key), q1, sizeof q1),
                                  shown(jstr(data, key), q2, sizeof q2),
                                  (int)json_integer_value(json_object_get(from, key)), code);
            }
        }
        if (pr->head) {
            if (head)
                pd_import_problem(imp, pr->row, col_name(imp, COL_PERSON, "relation", "与户主关系"),
                                  "household %s already has its head (户主) on row %d", code, head->row);
            else
                head = pr;
        }
        const char *cur = jstr(pr->person, "cur_address");
        if (!cur[0])
            cur = jstr(pr->person, "reg_address");
        if (pr->head && cur[0])
            addr_from_head = cur;
        if (!addr_any[0])
            addr_any = cur;
    }
    if (!jstr(data, "address")[0]) {
        const char *a = addr_from_head[0] ? addr_from_head : addr_any;
        if (a[0]) {
            json_object_set_new(data, "address", json_string(a));
            imp->norm[PD_NORM_ADDRESS]++;
        }
    }
    json_object_set_new(data, "code", json_string(code));
    json_decref(from);
    g->data = data;
    if (hh_bad)      /* already reported; the rest would only repeat it */
        return;
    struct pd_event ev;
    struct pd_error e;
    pd_error_clear(&e);
    pd_err rc = pd_event_init(&ev, "household.add", code, "", json_incref(data), &e);
    if (rc == PD_OK)
        rc = pd_event_validate(&ev, ctx->today, &e);
    pd_event_done(&ev);
    if (rc != PD_OK) {
        const char *col = pd_import_column(imp, "household.add", e.field);
        if (strcmp(e.field, "address") == 0)
            pd_import_problem(imp, first->row, col, "household %s has no address: give 住址 (or the "
                              "head's 现住址) on one of its rows", code);
        else
            pd_import_problem(imp, first->row, col, "%s", e.msg);
    }
}

static pd_err group_households(struct pd_import *imp, const struct pd_import_ctx *ctx,
                               struct prow *rows, int n, struct key **kout,
                               struct hgroup **gout, int *ngroups)
{
    struct key *k = malloc((size_t)(n ? n : 1) * sizeof *k);
    struct hgroup *g = calloc((size_t)(n ? n : 1), sizeof *g);
    if (!k || !g) {
        free(k);
        free(g);
        return PD_ENOMEM;
    }
    int m = 0, ng = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].code[0])
            k[m++] = (struct key){ rows[i].code, i };
    qsort(k, (size_t)m, sizeof *k, key_cmp);
    for (int s = 0; s < m;) {
        int e = s + 1;
        while (e < m && strcmp(k[e].s, k[s].s) == 0)
            e++;
        g[ng++] = (struct hgroup){ .first = k[s].idx, .start = s, .n = e - s };
        s = e;
    }
    qsort(g, (size_t)ng, sizeof *g, group_cmp);
    for (int i = 0; i < ng; i++)
        build_household(imp, ctx, rows, k, &g[i]);
    *kout = k;
    *gout = g;
    *ngroups = ng;
    return PD_OK;
}

static bool build_items(struct pd_import *imp, struct prow *rows, int n,
                        struct hgroup *g, int ng)
{
    for (int i = 0; i < ng; i++) {
        if (g[i].exists)
            continue;
        const struct prow *pr = &rows[g[i].first];
        if (!add_item(imp, pr->row, "household.add", pr->code, -1, g[i].data))
            return false;
        g[i].data = NULL;
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            struct prow *pr = &rows[i];
            if (!pr->person || pr->active != (pass == 1))
                continue;
            if (!add_item(imp, pr->row, pr->type, pr->code, -1, pr->person))
                return false;
            pr->person = NULL;
            if (pr->end) {
                if (!add_item(imp, pr->row, pr->end_type, pr->code, imp->nitems - 1, pr->end))
                    return false;
                pr->end = NULL;
            }
        }
    return true;
}

pd_err pd_import_build(const struct pd_csv *csv, const struct pd_import_ctx *ctx,
                       struct pd_import **out, struct pd_error *err)
{
    *out = NULL;
    struct pd_import *imp = calloc(1, sizeof *imp);
    if (!imp)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    struct pd_csv_layout lay;
    struct pd_error e;
    pd_error_clear(&e);
    if (pd_csv_find_header(csv, known_header, NULL, 2, &lay, &e) != PD_OK) {
        char list[4096];
        pd_import_columns_text(list, sizeof list);
        pd_import_problem(imp, 0, NULL, "%s: the header row must name the columns, e.g. "
                          "户编号,姓名,性别,出生日期,身份证号,与户主关系,住址 (accepted names: %s)",
                          e.msg, list);
        *out = imp;
        return pd_fail(err, PD_EINVAL, NULL, "%s", e.msg);
    }
    if (!read_header(imp, csv, &lay)) {
        pd_import_free(&imp);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    if (lay.titles)
        note(imp, "%d title row%s above the header row (row %d) skipped", lay.titles,
             lay.titles == 1 ? "" : "s", csv->rows[lay.header].row);
    *out = imp;
    if (imp->nproblems)
        return pd_fail(err, PD_EINVAL, NULL, "the header row is not right");

    int cap = csv->nrows - lay.header - 1;
    struct prow *rows = calloc((size_t)(cap > 0 ? cap : 1), sizeof *rows);
    if (!rows) {
        pd_import_free(out);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    int n = 0, blank = 0;
    for (int i = lay.header + 1; i < csv->nrows; i++) {
        if (pd_csv_row_blank(&csv->rows[i])) {
            blank++;
            continue;
        }
        parse_row(imp, ctx, &csv->rows[i], &rows[n++]);
    }
    if (blank)
        note(imp, "%d blank row%s skipped", blank, blank == 1 ? "" : "s");
    if (n == 0)
        pd_import_problem(imp, 0, NULL, "the file has a header row but no rows of persons under it");

    check_duplicate_ids(imp, rows, n);
    struct key *k = NULL;
    struct hgroup *g = NULL;
    int ng = 0;
    pd_err rc = group_households(imp, ctx, rows, n, &k, &g, &ng);
    if (rc == PD_OK && imp->nproblems == 0 && imp->problems_unlisted == 0 &&
        !build_items(imp, rows, n, g, ng))
        rc = PD_ENOMEM;
    for (int i = 0; i < ng; i++)
        json_decref(g[i].data);
    for (int i = 0; i < n; i++) {
        json_decref(rows[i].hh);
        json_decref(rows[i].person);
        json_decref(rows[i].end);
    }
    free(rows);
    free(k);
    free(g);
    if (rc != PD_OK) {
        pd_import_free(out);
        return pd_fail(err, rc, NULL, "out of memory");
    }
    if (imp->nproblems || imp->problems_unlisted) {
        for (int i = 0; i < imp->nitems; i++)
            json_decref(imp->items[i].data);
        imp->nitems = 0;
        return pd_fail(err, PD_EINVAL, NULL, "%d problem%s in the file",
                       imp->nproblems + imp->problems_unlisted,
                       imp->nproblems + imp->problems_unlisted == 1 ? "" : "s");
    }
    return PD_OK;
}
