/* idnum.h - resident identity numbers (GB 11643-1999).
 *
 * 18 characters: 6-digit address code, birth date YYYYMMDD, 3-digit sequence
 * (odd male, even female), check character from ISO 7064 MOD 11-2.
 * Old 15-digit numbers (YYMMDD, no check) convert by inserting "19" and
 * computing the check character.  Input is normalised first: full-width
 * digits and Ｘ, lowercase x, spaces inside are accepted.  Numbers mangled
 * by a spreadsheet (3.30205E+17) are refused with a word about the column.
 * Pure functions; "today" is passed in.
 */
#ifndef PD_CORE_IDNUM_H
#define PD_CORE_IDNUM_H

#include <stdbool.h>
#include "core/date.h"
#include "core/err.h"

#define PD_ID_LEN 18
#define PD_ID_BUFSZ 19

struct pd_idinfo {
    char number[PD_ID_BUFSZ];   /* normalised 18-character number */
    char address[7];            /* 6-digit address code */
    struct pd_date birth;
    int sex;                    /* 1 male, 2 female (GB/T 2261.1) */
    bool converted15;           /* input was an old 15-digit number */
    bool normalised;            /* input needed normalising (spaces, full width, x) */
};

/* The check character for the first 17 digits ('0'..'9' or 'X'); '\0' if
 * first17 is NULL or its first 17 characters are not all digits. */
char pd_id_check_char(const char *first17);

/* Normalises and validates `in`: length, characters, a real date not after
 * `today`, the check character.  On success fills *out.  On failure the
 * message says exactly why (wrong check character: expected 'X', got '3'),
 * err->field is "id_number", and *out is left untouched.  An empty or
 * invalid `today` skips the not-in-the-future check.  out may be NULL. */
pd_err pd_id_parse(const char *in, struct pd_date today, struct pd_idinfo *out,
                   struct pd_error *err);

/* Agreement with the person's stored fields; sex 0/9 and empty birth are not
 * compared.  Fails naming the field that disagrees. */
pd_err pd_id_agrees(const struct pd_idinfo *id, int sex, struct pd_date birth,
                    struct pd_error *err);

/* Masks for public notices: first 6 and last 4 shown, the rest '*'.
 * buf must hold PD_ID_BUFSZ bytes.  A 15-character number keeps the same
 * ends; text of 10 characters or fewer, longer than 18, or not ASCII is all
 * '*' (at most 18). */
void pd_id_mask(const char *number, char buf[PD_ID_BUFSZ]);

#endif
