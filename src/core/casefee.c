/* casefee.c - computing the social maintenance fee (see casefee.h).
 *
 * The computation's words (out->words, the levy event's `basis`) are kept
 * as it was made and go to the district: they are always English, whoever
 * is signed in, so the stored record does not depend on the clerk's
 * language.  pd_fee_basis_text gives them in a language for a screen or
 * a printout, through the pairs below.  Refusals (pd_fail) are shown,
 * never stored, and follow the UI language directly.
 */
#include "core/casefee.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

/* The basis in both languages; the same arguments in the same order. */
#define B_FATHER "%s；母亲：%s基数%ld元×%d倍=%ld元；父亲：%s基数%ld元×%d倍=%ld元；合计%ld元", \
                 "%s; mother: %s base %ld x %d = %ld; father: %s base %ld x %d = %ld; total %ld yuan"
#define B_NO_FATHER "%s；母亲：%s基数%ld元×%d倍=%ld元；父亲：不在本台账，此处不征收；合计%ld元", \
                    "%s; mother: %s base %ld x %d = %ld; father: not in the register, not charged here; total %ld yuan"
#define EN_(zh, en) en
#define EN(pair) EN_(pair)
#define PAIR_(zh, en) { zh, en }
#define PAIR(pair) PAIR_(pair)
static const char *const basis_pairs[][2] = { PAIR(B_FATHER), PAIR(B_NO_FATHER) };
static const char *const basis_words[][2] = {
    { "非婚生育第一个子女", "first child outside marriage" },
    { "政策外多生育一个子女", "one child beyond policy" },
    { "政策外多生育子女", "children beyond policy" },
    { "农村", "rural" },
    { "城镇", "urban" },
};

/* A stored basis in `lang` ("zh", "en"; NULL: the UI language), e.g. for
 * the Chinese printout whatever the session's language; words no pair
 * made are kept as they are.  Returns the length the whole would have. */
size_t pd_fee_basis_text(const char *basis, const char *lang, char *buf, size_t size)
{
    bool zh = lang ? strcmp(lang, "en") != 0 : pd_msg_zh();
    return pd_msg_convert(basis_pairs, sizeof basis_pairs / sizeof basis_pairs[0], basis_words,
                          sizeof basis_words / sizeof basis_words[0], basis ? basis : "", zh, buf, size);
}

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
        return pd_fail(err, PD_EINVAL, "kind", PD_MSG("不认得的征收类别“%s”（extra 或 unmarried）", "unknown fee kind '%s' (extra or unmarried)"),
                         s ? s : "");
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
        return pd_fail(err, PD_EINVAL, who, PD_MSG("%s的户口性质未登记：征收基数（城镇或农村）由它决定；请先更正%.0s人员信息",
                                          "the %s's registration type is not in the register: "
                                          "it decides the base (urban or rural); correct the record first"),
                       pd_msg_zh() ? (strcmp(who, "mother") == 0 ? "母亲" : "父亲") : who, who);
    }
    return PD_OK;
}

pd_err pd_fee_compute(const struct pd_policy *p, const struct pd_fee_input *in,
                      struct pd_fee_result *out, struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    const struct pd_fee_policy *f = &p->fee;
    if (!f->configured)
        return pd_fail(err, PD_ECONFIG, "fee", PD_MSG("政策文件没有[fee]一节：无法计算社会抚养费（见docs/CASES.md）",
                                                   "the policy file has no [fee] section: "
                                                   "the social maintenance fee cannot be computed (docs/CASES.md)"));
    const struct pd_fee_period *per = pd_policy_fee_period(p, in->birth_year);
    if (!per)
        return pd_fail(err, PD_ECONFIG, "fee", PD_MSG("[fee]没有%d年适用的征收基数", "[fee] has no base in force for %d"),
                           in->birth_year);
    int m;
    if (in->kind == PD_FEE_UNMARRIED) {
        m = f->multiple_unmarried;
    } else {
        if (in->extra < 1 || in->extra > 10)
            return pd_fail(err, PD_EINVAL, "extra", PD_MSG("政策外多生育子女数应为1到10，不是%d",
                                                         "children beyond policy must be 1 to 10, not %d"), in->extra);
        int chosen = in->multiple ? in->multiple : f->multiple_extra_min;
        if (chosen < f->multiple_extra_min || chosen > f->multiple_extra_max)
            return pd_fail(err, PD_EINVAL, "multiple", PD_MSG("倍数%d不在政策规定的%d到%d倍之间",
                                                            "multiple %d is outside the policy's range %d to %d"),
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
    const char *kind = in->kind == PD_FEE_UNMARRIED ? "first child outside marriage"
                       : in->extra == 1 ? "one child beyond policy" : "children beyond policy";
    if (in->father_known)
        snprintf(out->words, sizeof out->words, EN(B_FATHER), kind, mw, out->base_mother, m, out->mother,
                 fw, out->base_father, m, out->father, out->total);
    else
        snprintf(out->words, sizeof out->words, EN(B_NO_FATHER), kind, mw, out->base_mother, m, out->mother,
                 out->total);
    return PD_OK;
}
