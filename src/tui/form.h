/* form.h - the field/form model behind every form on screen, with no curses.
 *
 * A form is a list of fields, each described by a core/fields.h pd_field
 * (the same description that validates events, so a form cannot accept what
 * the store refuses for shape).  Each field holds the text being typed, the
 * text it started with (for dirty tracking) and its current error in words.
 * Editing works on UTF-8 code points, so a CJK character is inserted,
 * deleted and stepped over whole; the cursor's screen column is counted in
 * display columns (a CJK character is 2).  Checking goes through
 * pd_field_normalise(): "19850615" becomes "1985-06-15", "女" becomes "2".
 * The resident ID number is checked as it is typed and, once valid, fills
 * sex and birth date unless the clerk typed those.
 *
 * Ownership: pd_form_init/pd_form_done pair; the form owns its field array.
 * Field descriptions (struct pd_field) are borrowed and must outlive the
 * form (they are static tables).  Pure: no I/O.
 */
#ifndef PD_TUI_FORM_H
#define PD_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "core/date.h"
#include "core/fields.h"

#define PD_FEDIT_MAX 256     /* bytes of one field's text, NUL included */
#define PD_FORM_ERR_MAX 256

/* One line of editable UTF-8 text with a cursor (a byte offset that always
 * sits on a character boundary). */
struct pd_fedit {
    char buf[PD_FEDIT_MAX];
    size_t len;
    size_t cur;
};

void   pd_fedit_set(struct pd_fedit *e, const char *s);   /* cursor at end */
/* Inserts one code point at the cursor; refuses control characters and
 * text that would not fit (returns false, nothing changed). */
bool   pd_fedit_insert(struct pd_fedit *e, uint32_t cp);
bool   pd_fedit_backspace(struct pd_fedit *e);   /* deletes the character before */
bool   pd_fedit_delete(struct pd_fedit *e);      /* deletes the character under */
bool   pd_fedit_left(struct pd_fedit *e);
bool   pd_fedit_right(struct pd_fedit *e);
void   pd_fedit_home(struct pd_fedit *e);
void   pd_fedit_end(struct pd_fedit *e);
void   pd_fedit_clear(struct pd_fedit *e);
/* Display columns before the cursor. */
int    pd_fedit_cursor_col(const struct pd_fedit *e);
/* For a box `cols` wide: the first byte to show so that the cursor stays
 * visible (the box then shows pd_text_fit(buf + start, cols) bytes). */
size_t pd_fedit_view_start(const struct pd_fedit *e, int cols);

struct pd_choice {
    char value[48];     /* what goes into the field ("2", "first", a person id) */
    char label[128];    /* what the list shows ("2 女", "初婚", "张丽 330...") */
};

struct pd_form_field {
    const struct pd_field *f;
    struct pd_fedit ed;
    char orig[PD_FEDIT_MAX];      /* text when the form was filled */
    char err[PD_FORM_ERR_MAX];    /* "" when the value is fine */
    bool readonly;
    bool touched;                 /* the clerk typed here (auto-fill leaves it alone) */
    bool required;                /* required here even if the table says not */
    const struct pd_choice *extra;/* choices the screen supplies (PD_F_REF); borrowed */
    int nextra;
};

struct pd_form {
    struct pd_form_field *fields;
    int n, cap;
    int cur;                      /* field with the cursor */
    struct pd_date today;
    const char *lang;             /* "zh" or "en", for labels and choice names */
    char msg[PD_FORM_ERR_MAX];    /* error not tied to a field */
};

void pd_form_init(struct pd_form *fm, struct pd_date today, const char *lang);
void pd_form_done(struct pd_form *fm);
/* Adds a field with its starting text (NULL = empty).  Returns its index,
 * or -1 when out of memory. */
int  pd_form_add(struct pd_form *fm, const struct pd_field *f, const char *text);
/* Index of the field with this key, or -1. */
int  pd_form_find(const struct pd_form *fm, const char *key);
/* Sets a field's text as if the form were filled with it (not dirty). */
void pd_form_fill(struct pd_form *fm, const char *key, const char *text);
/* The text of a field ("" when missing). */
const char *pd_form_text(const struct pd_form *fm, const char *key);

/* Moving the cursor between fields; skips read-only fields. */
void pd_form_next(struct pd_form *fm);
void pd_form_prev(struct pd_form *fm);

/* Editing the current field.  Each edit re-checks it "as typed" (an ID
 * number only once it is long enough to judge) and applies auto-fill.
 * Returns true if anything changed. */
bool pd_form_insert(struct pd_form *fm, uint32_t cp);
bool pd_form_backspace(struct pd_form *fm);
bool pd_form_delete(struct pd_form *fm);
/* Sets the current field's text (a choice from a list), checks it. */
void pd_form_set_current(struct pd_form *fm, const char *text);

/* Full check of field i: normalises the text into the stored form (written
 * back into the field, e.g. 19850615 -> 1985-06-15, 女 -> 2) and sets or
 * clears its error.  Returns true when the value is fine. */
bool pd_form_check(struct pd_form *fm, int i);
/* Checks every field; returns the number of fields in error, moving the
 * cursor to the first one. */
int  pd_form_validate(struct pd_form *fm);
/* Puts an error from the store beside the field that err->field names;
 * with no such field, into fm->msg. */
void pd_form_set_error(struct pd_form *fm, const char *field, const char *msg);
void pd_form_clear_errors(struct pd_form *fm);

bool pd_form_dirty(const struct pd_form *fm);
bool pd_form_field_dirty(const struct pd_form_field *ff);
/* Marks the current texts as the saved state. */
void pd_form_mark_clean(struct pd_form *fm);

/* The values as a new JSON object (caller decrefs) of stored forms, for the
 * fields that are not empty; only the changed ones when `changed_only`
 * (emptied fields then appear as null).  Fields must have been checked;
 * a field that fails to normalise is left out. */
json_t *pd_form_json(const struct pd_form *fm, bool changed_only);

/* The choices of field i matching `filter` (code or name prefix, name
 * substring, or pinyin initials of the name); up to max into out.  Returns
 * the number written; 0 for a field without a list. */
int  pd_form_choices(const struct pd_form *fm, int i, const char *filter,
                     struct pd_choice *out, int max);
/* True if the field takes its value from a list. */
bool pd_form_has_choices(const struct pd_form *fm, int i);
/* The value shown beside a coded field (its name), or "" if none. */
void pd_form_value_name(const struct pd_form *fm, int i, char *buf, size_t size);

#endif
