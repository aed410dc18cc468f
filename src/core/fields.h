/* fields.h - the fields of each record, described once.
 *
 * One table per record kind (household, person, woman, migrant certificate)
 * and per event's own data.  The same description drives validation of event
 * data, the database columns written for it, CSV import headers (Chinese and
 * English), export columns and the forms on screen, so they cannot drift
 * apart.  Pure data and pure functions; values travel as jansson json_t.
 */
#ifndef PD_CORE_FIELDS_H
#define PD_CORE_FIELDS_H

#include <stdbool.h>
#include <jansson.h>
#include "core/codes.h"
#include "core/date.h"
#include "core/err.h"

enum pd_fkind {
    PD_F_TEXT,   /* UTF-8 text, at most maxlen bytes */
    PD_F_ID,     /* resident ID number, 18 characters, checked */
    PD_F_CODE,   /* a code of `codes` */
    PD_F_DATE,   /* "YYYY-MM-DD" */
    PD_F_FLAG,   /* JSON true/false */
    PD_F_INT,    /* integer in [min, max] */
    PD_F_ENUM,   /* one of the words in `choices` ("a|b|c") */
    PD_F_REF,    /* a record id (person or household), text */
    PD_F_HHCODE, /* household code: 18 digits, village code of 12 first */
    PD_F_PHONE,  /* digits, '-', '+', spaces; 5..20 characters */
};

enum {
    PD_FF_REQUIRED = 1 << 0,  /* must be present and not empty */
    PD_FF_CORE     = 1 << 1,  /* counts for the information management rate */
    PD_FF_NOEDIT   = 1 << 2,  /* set by events only, not by a correction */
    PD_FF_FUTURE   = 1 << 3,  /* a date that may lie ahead (expected, expiry) */
};

struct pd_field {
    const char *key;        /* JSON key and database column */
    const char *zh;         /* label in Chinese */
    const char *en;         /* label in English */
    enum pd_fkind kind;
    enum pd_codeset codes;  /* PD_F_CODE */
    unsigned flags;
    int maxlen;             /* PD_F_TEXT: bytes; PD_F_INT: max */
    int min;                /* PD_F_INT: min */
    const char *choices;    /* PD_F_ENUM: "a|b|c" */
    const char *aliases;    /* other CSV header names, '|' separated */
};

struct pd_fieldset {
    const char *name;               /* "person", "household", ... */
    const struct pd_field *fields;
    int n;
};

extern const struct pd_fieldset pd_household_fields;
extern const struct pd_fieldset pd_person_fields;

const struct pd_field *pd_field_find(const struct pd_fieldset *fs, const char *key);
/* Finds a field by key, Chinese or English label, or alias (CSV headers). */
const struct pd_field *pd_field_by_header(const struct pd_fieldset *fs, const char *header);
/* Label in the UI language ("zh" or "en"). */
const char *pd_field_label(const struct pd_field *f, const char *lang);

/* Checks one value (strict: the stored form).  json null and "" are empty:
 * an error only for a required field.  `today` bounds dates and ID numbers. */
pd_err pd_field_check(const struct pd_field *f, const json_t *v,
                      struct pd_date today, struct pd_error *err);

/* Checks every key of obj against fs: unknown keys are refused, each value is
 * checked, and if `complete` every required field must be present.  Keys in
 * `extra` (NULL-terminated, may be NULL) are skipped: the caller checks them. */
pd_err pd_fields_check(const struct pd_fieldset *fs, const json_t *obj,
                       bool complete, const char *const *extra,
                       struct pd_date today, struct pd_error *err);

/* Turns what a person typed or a spreadsheet held into the stored form:
 * dates in any accepted way, codes as words, full-width digits, ID numbers
 * with spaces or lowercase x.  Returns a new json value (caller decrefs) or
 * NULL with err set.  *changed tells whether normalising did anything. */
json_t *pd_field_normalise(const struct pd_field *f, const char *text,
                           struct pd_date today, bool *changed,
                           struct pd_error *err);

/* The stored value as display text into buf ("" when empty). Codes are shown
 * as their name when `names`. */
void pd_field_format(const struct pd_field *f, const json_t *v, bool names,
                     char *buf, size_t size);

#endif
