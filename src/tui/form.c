/* form.c - the pure field/form model (see form.h). */
#include "tui/form.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/pinyin.h"
#include "core/text.h"

/* ---- one line of text ------------------------------------------------- */

void pd_fedit_set(struct pd_fedit *e, const char *s)
{
    e->len = pd_strlcpy(e->buf, s ? s : "", sizeof e->buf);
    if (e->len >= sizeof e->buf)
        e->len = strlen(e->buf);
    e->cur = e->len;
}

void pd_fedit_clear(struct pd_fedit *e)
{
    e->buf[0] = '\0';
    e->len = e->cur = 0;
}

bool pd_fedit_insert(struct pd_fedit *e, uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
    char enc[4];
    size_t n = pd_utf8_encode(cp, enc);
    if (n == 0 || e->len + n >= sizeof e->buf)
        return false;
    memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
    memcpy(e->buf + e->cur, enc, n);
    e->len += n;
    e->cur += n;
    return true;
}

static size_t prev_boundary(const struct pd_fedit *e, size_t at)
{
    if (at == 0)
        return 0;
    size_t i = at - 1;
    while (i > 0 && ((unsigned char)e->buf[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static size_t next_boundary(const struct pd_fedit *e, size_t at)
{
    if (at >= e->len)
        return e->len;
    uint32_t cp;
    size_t n = pd_utf8_decode(e->buf + at, e->len - at, &cp);
    return at + (n ? n : 1);
}

bool pd_fedit_backspace(struct pd_fedit *e)
{
    if (e->cur == 0)
        return false;
    size_t p = prev_boundary(e, e->cur);
    memmove(e->buf + p, e->buf + e->cur, e->len - e->cur + 1);
    e->len -= e->cur - p;
    e->cur = p;
    return true;
}

bool pd_fedit_delete(struct pd_fedit *e)
{
    if (e->cur >= e->len)
        return false;
    size_t n = next_boundary(e, e->cur);
    memmove(e->buf + e->cur, e->buf + n, e->len - n + 1);
    e->len -= n - e->cur;
    return true;
}

bool pd_fedit_left(struct pd_fedit *e)
{
    if (e->cur == 0)
        return false;
    e->cur = prev_boundary(e, e->cur);
    return true;
}

bool pd_fedit_right(struct pd_fedit *e)
{
    if (e->cur >= e->len)
        return false;
    e->cur = next_boundary(e, e->cur);
    return true;
}

void pd_fedit_home(struct pd_fedit *e) { e->cur = 0; }
void pd_fedit_end(struct pd_fedit *e) { e->cur = e->len; }

/* Display columns of the n first bytes of s. */
static int width_n(const char *s, size_t n)
{
    char tmp[PD_FEDIT_MAX];
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return pd_text_width(tmp);
}

int pd_fedit_cursor_col(const struct pd_fedit *e)
{
    return width_n(e->buf, e->cur);
}

size_t pd_fedit_view_start(const struct pd_fedit *e, int cols)
{
    if (cols < 2)
        return e->cur;
    size_t start = 0;
    /* keep one column for the cursor itself after the text */
    while (start < e->cur && width_n(e->buf + start, e->cur - start) > cols - 1)
        start = next_boundary(e, start);
    return start;
}

/* ---- the form --------------------------------------------------------- */

void pd_form_init(struct pd_form *fm, struct pd_date today, const char *lang)
{
    memset(fm, 0, sizeof *fm);
    fm->today = today;
    fm->lang = lang && strcmp(lang, "en") == 0 ? "en" : "zh";
}

void pd_form_done(struct pd_form *fm)
{
    free(fm->fields);
    fm->fields = NULL;
    fm->n = fm->cap = 0;
}

int pd_form_add(struct pd_form *fm, const struct pd_field *f, const char *text)
{
    if (fm->n == fm->cap) {
        int cap = fm->cap ? fm->cap * 2 : 16;
        struct pd_form_field *nf = realloc(fm->fields, (size_t)cap * sizeof *nf);
        if (!nf)
            return -1;
        fm->fields = nf;
        fm->cap = cap;
    }
    struct pd_form_field *ff = &fm->fields[fm->n];
    memset(ff, 0, sizeof *ff);
    ff->f = f;
    pd_fedit_set(&ff->ed, text);
    pd_strlcpy(ff->orig, ff->ed.buf, sizeof ff->orig);
    return fm->n++;
}

int pd_form_find(const struct pd_form *fm, const char *key)
{
    for (int i = 0; i < fm->n; i++)
        if (strcmp(fm->fields[i].f->key, key) == 0)
            return i;
    return -1;
}

void pd_form_fill(struct pd_form *fm, const char *key, const char *text)
{
    int i = pd_form_find(fm, key);
    if (i < 0)
        return;
    pd_fedit_set(&fm->fields[i].ed, text);
    pd_strlcpy(fm->fields[i].orig, fm->fields[i].ed.buf, sizeof fm->fields[i].orig);
    fm->fields[i].err[0] = '\0';
}

const char *pd_form_text(const struct pd_form *fm, const char *key)
{
    int i = pd_form_find(fm, key);
    return i < 0 ? "" : fm->fields[i].ed.buf;
}

static void move_to(struct pd_form *fm, int step)
{
    if (fm->n == 0)
        return;
    int i = fm->cur;
    for (int tries = 0; tries < fm->n; tries++) {
        i = (i + step + fm->n) % fm->n;
        if (!fm->fields[i].readonly) {
            fm->cur = i;
            return;
        }
    }
}

void pd_form_next(struct pd_form *fm)
{
    if (fm->n)
        pd_form_check(fm, fm->cur);
    move_to(fm, 1);
}

void pd_form_prev(struct pd_form *fm)
{
    if (fm->n)
        pd_form_check(fm, fm->cur);
    move_to(fm, -1);
}

static bool is_required(const struct pd_form_field *ff)
{
    return ff->required || (ff->f->flags & PD_FF_REQUIRED);
}

/* The ID number, once valid, fills sex and birth date unless typed. */
static void autofill_from_id(struct pd_form *fm, const struct pd_idinfo *id)
{
    int s = pd_form_find(fm, "sex"), b = pd_form_find(fm, "birth_date");
    if (s >= 0 && !fm->fields[s].touched && !fm->fields[s].readonly) {
        pd_fedit_set(&fm->fields[s].ed, id->sex == 1 ? "1" : "2");
        fm->fields[s].err[0] = '\0';
    }
    if (b >= 0 && !fm->fields[b].touched && !fm->fields[b].readonly) {
        char d[PD_DATE_STRLEN];
        pd_date_format(id->birth, d);
        pd_fedit_set(&fm->fields[b].ed, d);
        fm->fields[b].err[0] = '\0';
    }
}

/* While typing an ID number: wrong characters at once, the rest when the
 * number is complete. */
static void check_id_as_typed(struct pd_form *fm, int i)
{
    struct pd_form_field *ff = &fm->fields[i];
    char t[PD_FEDIT_MAX];
    pd_strlcpy(t, ff->ed.buf, sizeof t);
    pd_text_normalise(t);
    pd_text_strip_spaces(t);
    size_t n = strlen(t);
    ff->err[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)t[k];
        bool ok = isdigit(c) || ((c == 'x' || c == 'X') && (k == 17 || k == n - 1));
        if (!ok) {
            struct pd_error e;
            pd_id_parse(t, fm->today, NULL, &e);
            pd_strlcpy(ff->err, e.msg, sizeof ff->err);
            return;
        }
    }
    if (n < 18)
        return;
    struct pd_idinfo id;
    struct pd_error e;
    if (pd_id_parse(t, fm->today, &id, &e) != PD_OK) {
        pd_strlcpy(ff->err, e.msg, sizeof ff->err);
        return;
    }
    if (strcmp(ff->f->key, "id_number") == 0)
        autofill_from_id(fm, &id);
}

static void edited(struct pd_form *fm)
{
    struct pd_form_field *ff = &fm->fields[fm->cur];
    ff->touched = true;
    fm->msg[0] = '\0';
    if (ff->f->kind == PD_F_ID)
        check_id_as_typed(fm, fm->cur);
    else
        ff->err[0] = '\0';   /* judged again when the clerk leaves the field */
}

bool pd_form_insert(struct pd_form *fm, uint32_t cp)
{
    if (fm->n == 0 || fm->fields[fm->cur].readonly)
        return false;
    if (!pd_fedit_insert(&fm->fields[fm->cur].ed, cp))
        return false;
    edited(fm);
    return true;
}

bool pd_form_backspace(struct pd_form *fm)
{
    if (fm->n == 0 || fm->fields[fm->cur].readonly ||
        !pd_fedit_backspace(&fm->fields[fm->cur].ed))
        return false;
    edited(fm);
    return true;
}

bool pd_form_delete(struct pd_form *fm)
{
    if (fm->n == 0 || fm->fields[fm->cur].readonly ||
        !pd_fedit_delete(&fm->fields[fm->cur].ed))
        return false;
    edited(fm);
    return true;
}

void pd_form_set_current(struct pd_form *fm, const char *text)
{
    if (fm->n == 0 || fm->fields[fm->cur].readonly)
        return;
    pd_fedit_set(&fm->fields[fm->cur].ed, text);
    edited(fm);
    pd_form_check(fm, fm->cur);
}

static bool extra_has(const struct pd_form_field *ff, const char *v)
{
    for (int k = 0; k < ff->nextra; k++)
        if (strcmp(ff->extra[k].value, v) == 0)
            return true;
    return false;
}

bool pd_form_check(struct pd_form *fm, int i)
{
    if (i < 0 || i >= fm->n)
        return true;
    struct pd_form_field *ff = &fm->fields[i];
    ff->err[0] = '\0';
    char t[PD_FEDIT_MAX];
    pd_strlcpy(t, ff->ed.buf, sizeof t);
    pd_text_normalise(t);
    if (t[0] == '\0') {
        if (is_required(ff)) {
            pd_strlcpy(ff->err, pd_tr(S_REQUIRED), sizeof ff->err);
            return false;
        }
        if (ff->ed.buf[0])
            pd_fedit_clear(&ff->ed);
        return true;
    }
    struct pd_error e;
    pd_error_clear(&e);
    json_t *v = pd_field_normalise(ff->f, t, fm->today, NULL, &e);
    if (!v) {
        pd_strlcpy(ff->err, e.msg[0] ? e.msg : "?", sizeof ff->err);
        return false;
    }
    if (ff->f->kind == PD_F_REF && ff->nextra > 0 && !extra_has(ff, t)) {
        /* a reference must name one of the records offered */
        snprintf(ff->err, sizeof ff->err, "%s: '%.60s' ?", pd_field_label(ff->f, fm->lang), t);
        json_decref(v);
        return false;
    }
    char back[PD_FEDIT_MAX];
    pd_field_format(ff->f, v, false, back, sizeof back);
    json_decref(v);
    if (strcmp(back, ff->ed.buf) != 0)
        pd_fedit_set(&ff->ed, back);
    if (ff->f->kind == PD_F_ID && strcmp(ff->f->key, "id_number") == 0) {
        struct pd_idinfo id;
        if (pd_id_parse(back, fm->today, &id, NULL) == PD_OK)
            autofill_from_id(fm, &id);
    }
    return true;
}

/* ID number agreeing with the sex and birth date on the same form. */
static bool check_agreement(struct pd_form *fm)
{
    int ii = pd_form_find(fm, "id_number");
    if (ii < 0 || fm->fields[ii].err[0] || !fm->fields[ii].ed.buf[0])
        return true;
    struct pd_idinfo id;
    if (pd_id_parse(fm->fields[ii].ed.buf, fm->today, &id, NULL) != PD_OK)
        return true;
    const char *sex = pd_form_text(fm, "sex");
    struct pd_date b = { 0, 0, 0 };
    pd_date_parse(pd_form_text(fm, "birth_date"), &b, "birth_date", NULL);
    struct pd_error e;
    pd_error_clear(&e);
    if (pd_id_agrees(&id, sex[0] && !sex[1] ? sex[0] - '0' : 0, b, &e) == PD_OK)
        return true;
    int at = pd_form_find(fm, e.field[0] ? e.field : "id_number");
    if (at < 0)
        at = ii;
    pd_strlcpy(fm->fields[at].err, e.msg, sizeof fm->fields[at].err);
    return false;
}

int pd_form_validate(struct pd_form *fm)
{
    int bad = 0, first = -1;
    fm->msg[0] = '\0';
    for (int i = 0; i < fm->n; i++)
        if (!fm->fields[i].readonly && !pd_form_check(fm, i)) {
            bad++;
            if (first < 0)
                first = i;
        }
    if (!check_agreement(fm)) {
        bad++;
        for (int i = 0; i < fm->n; i++)
            if (fm->fields[i].err[0] && (first < 0 || i < first))
                first = i;
    }
    if (first >= 0)
        fm->cur = first;
    return bad;
}

void pd_form_set_error(struct pd_form *fm, const char *field, const char *msg)
{
    int i = field && field[0] ? pd_form_find(fm, field) : -1;
    if (i < 0) {
        pd_strlcpy(fm->msg, msg, sizeof fm->msg);
        return;
    }
    pd_strlcpy(fm->fields[i].err, msg, sizeof fm->fields[i].err);
    fm->cur = i;
}

void pd_form_clear_errors(struct pd_form *fm)
{
    fm->msg[0] = '\0';
    for (int i = 0; i < fm->n; i++)
        fm->fields[i].err[0] = '\0';
}

bool pd_form_field_dirty(const struct pd_form_field *ff)
{
    return strcmp(ff->ed.buf, ff->orig) != 0;
}

bool pd_form_dirty(const struct pd_form *fm)
{
    for (int i = 0; i < fm->n; i++)
        if (pd_form_field_dirty(&fm->fields[i]))
            return true;
    return false;
}

void pd_form_mark_clean(struct pd_form *fm)
{
    for (int i = 0; i < fm->n; i++) {
        pd_strlcpy(fm->fields[i].orig, fm->fields[i].ed.buf, sizeof fm->fields[i].orig);
        fm->fields[i].touched = false;
    }
}

json_t *pd_form_json(const struct pd_form *fm, bool changed_only)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (int i = 0; i < fm->n; i++) {
        const struct pd_form_field *ff = &fm->fields[i];
        if (changed_only && !pd_form_field_dirty(ff))
            continue;
        json_t *v = pd_field_normalise(ff->f, ff->ed.buf, fm->today, NULL, NULL);
        if (!v)
            continue;
        if (json_is_null(v) && !changed_only) {
            json_decref(v);
            continue;
        }
        json_object_set_new(o, ff->f->key, v);
    }
    return o;
}

/* ---- choices ---------------------------------------------------------- */

bool pd_form_has_choices(const struct pd_form *fm, int i)
{
    if (i < 0 || i >= fm->n)
        return false;
    const struct pd_form_field *ff = &fm->fields[i];
    return ff->nextra > 0 || ff->f->kind == PD_F_CODE || ff->f->kind == PD_F_ENUM ||
           ff->f->kind == PD_F_FLAG;
}

static bool ascii_lower_prefix(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
    return true;
}

/* Does a choice with this value and name match what was typed? */
static bool matches(const char *filter, const char *value, const char *name, const char *en)
{
    if (!filter[0])
        return true;
    if (ascii_lower_prefix(value, filter) || strstr(name, filter))
        return true;
    if (en && strcasestr(en, filter))
        return true;
    char ini[64];
    pd_pinyin_initials(name, ini, sizeof ini);
    return ini[0] && ascii_lower_prefix(ini, filter);
}

static int add_choice(struct pd_choice *out, int n, int max, const char *value, const char *label)
{
    if (n >= max)
        return n;
    pd_strlcpy(out[n].value, value, sizeof out[n].value);
    pd_strlcpy(out[n].label, label, sizeof out[n].label);
    return n + 1;
}

int pd_form_choices(const struct pd_form *fm, int i, const char *filter,
                    struct pd_choice *out, int max)
{
    if (!pd_form_has_choices(fm, i))
        return 0;
    const struct pd_form_field *ff = &fm->fields[i];
    bool en = strcmp(fm->lang, "en") == 0;
    char flt[PD_FEDIT_MAX];
    pd_strlcpy(flt, filter ? filter : "", sizeof flt);
    pd_text_normalise(flt);
    int n = 0;
    char label[160];
    if (ff->nextra > 0) {
        for (int k = 0; k < ff->nextra; k++)
            if (matches(flt, ff->extra[k].value, ff->extra[k].label, NULL))
                n = add_choice(out, n, max, ff->extra[k].value, ff->extra[k].label);
        return n;
    }
    switch (ff->f->kind) {
    case PD_F_CODE: {
        int cnt = 0;
        const struct pd_code *c = pd_codes(ff->f->codes, &cnt);
        for (int k = 0; k < cnt; k++)
            if (matches(flt, c[k].code, c[k].name, c[k].en)) {
                snprintf(label, sizeof label, "%s %s", c[k].code, en ? c[k].en : c[k].name);
                n = add_choice(out, n, max, c[k].code, label);
            }
        break;
    }
    case PD_F_ENUM: {
        const char *p = ff->f->choices;
        while (p && *p) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            char w[48];
            if (len >= sizeof w)
                len = sizeof w - 1;
            memcpy(w, p, len);
            w[len] = '\0';
            const char *name = pd_tr_word(w);
            if (matches(flt, w, name, NULL))
                n = add_choice(out, n, max, w, name);
            p = bar ? bar + 1 : NULL;
        }
        break;
    }
    case PD_F_FLAG:
        if (matches(flt, "是", "是", "yes"))
            n = add_choice(out, n, max, "是", pd_tr(S_YES));
        if (matches(flt, "否", "否", "no"))
            n = add_choice(out, n, max, "否", pd_tr(S_NO));
        break;
    default:
        break;
    }
    return n;
}

void pd_form_value_name(const struct pd_form *fm, int i, char *buf, size_t size)
{
    buf[0] = '\0';
    if (i < 0 || i >= fm->n)
        return;
    const struct pd_form_field *ff = &fm->fields[i];
    const char *t = ff->ed.buf;
    if (!t[0])
        return;
    if (ff->nextra > 0) {
        for (int k = 0; k < ff->nextra; k++)
            if (strcmp(ff->extra[k].value, t) == 0) {
                pd_strlcpy(buf, ff->extra[k].label, size);
                return;
            }
        return;
    }
    if (ff->f->kind == PD_F_CODE) {
        const struct pd_code *c = pd_code_find(ff->f->codes, t);
        if (c)
            pd_strlcpy(buf, strcmp(fm->lang, "en") == 0 ? c->en : c->name, size);
    } else if (ff->f->kind == PD_F_ENUM) {
        const char *w = pd_tr_word(t);
        if (w != t)
            pd_strlcpy(buf, w, size);
    }
}
