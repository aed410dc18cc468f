/* casefee.c - computing the social maintenance fee (see casefee.h). */
#include "core/casefee.h"

#include <stdio.h>
#include <string.h>

const char *pd_fee_kind_key(enum pd_fee_kind k)
{
    return k == PD_FEE_UNMARRIED ? "unmarried" : "extra";
}

pd_err pd_fee_kind_parse(const char *s, enum pd_fee_kind *out, struct pd_error *err)
{
    if (s && strcmp(s, "extra") == 0)
        *out = PD_FEE_EXTRA;
    else if (s && strcmp(s, "unmarried") == 0)
        *out = PD_FEE_UNMARRIED;
    else
        return pd_fail(err, PD_EINVAL, "kind", "unknown fee kind '%s' (extra or unmarried)", s ? s : "");
    return PD_OK;
}

static pd_err base_of(const struct pd_fee_period *per, char reg, const char *who, long *base,
                      const char **words, struct pd_error *err)
{
    if (reg == '2') {
        *base = per->rural;
        *words = "rural";
    } else if (reg == '1' || reg == '9') {
        *base = per->urban;
        *words = "urban";
    } else {
        return pd_fail(err, PD_EINVAL, who, "the %s's registration type is not in the register: "
                       "it decides the base (urban or rural); correct the record first", who);
    }
    return PD_OK;
}

pd_err pd_fee_compute(const struct pd_policy *p, const struct pd_fee_input *in,
                      struct pd_fee_result *out, struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    const struct pd_fee_policy *f = &p->fee;
    if (!f->configured)
        return pd_fail(err, PD_ECONFIG, "fee", "the policy file has no [fee] section: "
                       "the social maintenance fee cannot be computed (docs/CASES.md)");
    const struct pd_fee_period *per = pd_policy_fee_period(p, in->birth_year);
    if (!per)
        return pd_fail(err, PD_ECONFIG, "fee", "[fee] has no base in force for %d", in->birth_year);
    int m;
    if (in->kind == PD_FEE_UNMARRIED) {
        m = f->multiple_unmarried;
    } else {
        if (in->extra < 1 || in->extra > 10)
            return pd_fail(err, PD_EINVAL, "extra", "children beyond policy must be 1 to 10, not %d", in->extra);
        int chosen = in->multiple ? in->multiple : f->multiple_extra_min;
        if (chosen < f->multiple_extra_min || chosen > f->multiple_extra_max)
            return pd_fail(err, PD_EINVAL, "multiple", "multiple %d is outside the policy's range %d to %d",
                           chosen, f->multiple_extra_min, f->multiple_extra_max);
        m = chosen * in->extra;
    }
    const char *mw = "", *fw = "";
    pd_err rc = base_of(per, in->mother_reg, "mother", &out->base_mother, &mw, err);
    if (rc == PD_OK && in->father_known)
        rc = base_of(per, in->father_reg, "father", &out->base_father, &fw, err);
    if (rc != PD_OK)
        return rc;
    out->base_year = per->from.y;
    out->multiple = m;
    out->mother = out->base_mother * m;
    out->father = in->father_known ? out->base_father * m : 0;
    out->total = out->mother + out->father;
    char fpart[160];
    if (in->father_known)
        snprintf(fpart, sizeof fpart, "father: %s base %ld x %d = %ld", fw, out->base_father, m, out->father);
    else
        snprintf(fpart, sizeof fpart, "father: not in the register, not charged here");
    snprintf(out->words, sizeof out->words, "%s; mother: %s base %ld x %d = %ld; %s; total %ld yuan",
             in->kind == PD_FEE_UNMARRIED ? "first child outside marriage"
                                          : (in->extra == 1 ? "one child beyond policy" : "children beyond policy"),
             mw, out->base_mother, m, out->mother, fpart, out->total);
    return PD_OK;
}
