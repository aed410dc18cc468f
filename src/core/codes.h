/* codes.h - the national code tables (data/codes in the shared reference):
 * sex GB/T 2261.1, marital status GB/T 2261.2, relation to household head
 * GB/T 4761-2008, ethnicity GB 3304, education GB/T 4658, registration type
 * (户口性质), contraception method (default national report categories),
 * plus the words offices write instead of codes (男, 汉, 农业, 户主, 妻, 长子).
 * Tables are compiled in (codes_data.c); pure look-ups, no I/O.
 */
#ifndef PD_CORE_CODES_H
#define PD_CORE_CODES_H

#include <stdbool.h>
#include "core/err.h"

enum pd_codeset {
    PD_CODES_SEX,
    PD_CODES_MARITAL,
    PD_CODES_RELATION,
    PD_CODES_ETHNICITY,
    PD_CODES_EDUCATION,
    PD_CODES_REGISTRATION,
    PD_CODES_CONTRACEPTION,
    PD_CODES__COUNT
};

struct pd_code {
    const char *code;   /* as stored: "1", "20", "01" */
    const char *name;   /* Chinese name from the standard */
    const char *en;     /* English name */
};

/* Short identifier ("sex", "marital", ...) and title ("性别"). */
const char *pd_codeset_name(enum pd_codeset set);
const char *pd_codeset_title(enum pd_codeset set);
/* All codes of a set, in table order; *n gets the count. */
const struct pd_code *pd_codes(enum pd_codeset set, int *n);
/* The entry for an exact code, or NULL. */
const struct pd_code *pd_code_find(enum pd_codeset set, const char *code);
/* Chinese name of a code, or NULL if unknown. */
const char *pd_code_name(enum pd_codeset set, const char *code);

/* Resolves what a clerk or a spreadsheet wrote: the code itself, a code
 * missing its leading zero ("1" for ethnicity 01), the standard name, or a
 * common word (男/女, 汉, 汉族, 农业, 非农业, 户主, 妻, 长子 ...).  On success
 * writes the code into out (size >= 4) and sets *was_word when the input was
 * not the code itself.  Unknown input fails naming `field`. */
pd_err pd_code_resolve(enum pd_codeset set, const char *in, char *out,
                       size_t outsz, bool *was_word, const char *field,
                       struct pd_error *err);

#endif
