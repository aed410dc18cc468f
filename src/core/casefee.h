/* casefee.h - the social maintenance fee (社会抚养费) of a birth out of
 * policy: base x multiple, for each spouse, from the policy file's [fee]
 * section (docs/CASES.md).  Pure: the caller gives the facts (birth year,
 * which rule, the spouses' registration types) and gets the amounts and the
 * computation in words, which the levy event records as it was made.
 *
 * Rules (default, docs/CASES.md): a first child born outside marriage:
 * base x multiple_unmarried; N children beyond policy: base x the chosen
 * multiple (multiple_extra_min..max, default the minimum) x N.  The base is
 * the period in force for the birth year: rural for an agricultural
 * spouse, urban otherwise.  A father not known to the register is not
 * charged here (the words say so).
 *
 * Ownership: plain data.
 */
#ifndef PD_CORE_CASEFEE_H
#define PD_CORE_CASEFEE_H

#include <stdbool.h>
#include "core/err.h"
#include "core/policy.h"

enum pd_fee_kind { PD_FEE_EXTRA, PD_FEE_UNMARRIED };
#define PD_FEE_KINDS "extra|unmarried"
const char *pd_fee_kind_key(enum pd_fee_kind k);   /* "extra", "unmarried" */
pd_err pd_fee_kind_parse(const char *s, enum pd_fee_kind *out, struct pd_error *err);

struct pd_fee_input {
    int birth_year;
    enum pd_fee_kind kind;
    int extra;             /* PD_FEE_EXTRA: children beyond policy, 1.. */
    int multiple;          /* PD_FEE_EXTRA: the county's choice; 0 = the policy minimum */
    char mother_reg;       /* '1' non-agricultural, '2' agricultural, '9' other, 0 unknown */
    bool father_known;
    char father_reg;
};

struct pd_fee_result {
    int base_year;          /* first year of the period used */
    long base_mother, base_father;
    int multiple;           /* times the base, per spouse (extra children included) */
    long mother, father, total;
    char words[400];        /* "mother: rural base 16518 x 2 = 33036; father: ...", always
                             * English: the levy event keeps it as it was made */
};

/* PD_ECONFIG when the policy has no [fee] section or no base for the year;
 * PD_EINVAL (field named) for a multiple outside the policy's range, a
 * number of extra children below 1, or a registration type not known. */
pd_err pd_fee_compute(const struct pd_policy *p, const struct pd_fee_input *in,
                      struct pd_fee_result *out, struct pd_error *err);
/* A basis (words above, or typed by hand) in `lang` ("zh", "en"; NULL: the
 * UI language); words no pair made are kept.  Returns the length the whole
 * would have. */
size_t pd_fee_basis_text(const char *basis, const char *lang, char *buf, size_t size);

#endif
