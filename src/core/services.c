/* services.c - code lists, quarters, rates, the benefit sections of the
 * policy file and the benefit conditions (see services.h, benefitpol.h). */
#include "core/services.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/policy.h"

/* ---- code lists ---------------------------------------------------------- */

static const struct pd_svc_code risk_codes[] = {
    { "disabled_child", "病残儿家庭计划再生育", "family with a disabled child planning another birth" },
    { "screening_positive", "孕前优生检查阳性", "positive pre-pregnancy screening" },
    { "genetic", "遗传病家族史或近亲婚配", "hereditary disease in the family or consanguineous marriage" },
    { "advanced_age", "高龄(35岁以上)计划怀孕", "planning a pregnancy at 35 or older" },
    { "adverse_history", "不良孕产史", "history of stillbirth, miscarriage or birth defect" },
    { "chronic_disease", "慢性病或长期服药", "chronic disease or long-term medication" },
    { "other", "其他高危情形", "other high-risk situation" },
    { NULL, NULL, NULL },
};
static const struct pd_svc_code guidance_codes[] = {
    { "counselling", "咨询指导", "counselling" },
    { "home_visit", "入户随访", "home visit" },
    { "medical_check", "医学检查", "medical check" },
    { "genetic_counselling", "遗传咨询", "genetic counselling" },
    { "referral", "转诊", "referral" },
    { "other", "其他", "other" },
    { NULL, NULL, NULL },
};
static const struct pd_svc_code health_codes[] = {
    { "check", "孕情环情检查(三查)", "pregnancy/IUD check" },
    { "cervical", "宫颈癌筛查", "cervical cancer screening" },
    { "breast", "乳腺癌筛查", "breast cancer screening" },
    { "supplies", "免费避孕药具发放", "free contraceptive supplies" },
    { "counselling", "生殖健康咨询", "counselling" },
    { NULL, NULL, NULL },
};

static const struct pd_svc_code *list_of(enum pd_svc_list l)
{
    return l == PD_SVC_RISK ? risk_codes : l == PD_SVC_GUIDANCE ? guidance_codes : health_codes;
}

const struct pd_svc_code *pd_svc_code_find(enum pd_svc_list list, const char *key)
{
    for (const struct pd_svc_code *c = list_of(list); key && c->key; c++)
        if (strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

const struct pd_svc_code *pd_svc_code_at(enum pd_svc_list list, int i)
{
    const struct pd_svc_code *c = list_of(list);
    for (int k = 0; k < i; k++)
        if (!c[k].key)
            return NULL;
    return i >= 0 && c[i].key ? &c[i] : NULL;
}

const char *pd_svc_zh(enum pd_svc_list list, const char *key)
{
    const struct pd_svc_code *c = pd_svc_code_find(list, key);
    return c ? c->zh : key ? key : "";
}

pd_err pd_svc_code_check(enum pd_svc_list list, const char *key, const char *field,
                         struct pd_error *err)
{
    if (pd_svc_code_find(list, key))
        return PD_OK;
    static const char *const what[][2] = {
        { "高危人群类别", "high-risk group" }, { "指导服务类别", "kind of guidance" }, { "服务项目", "kind of service" },
    };
    static const char *const words[] = { PD_RISK_GROUPS, PD_GUIDANCE_KINDS, PD_HEALTH_KINDS };
    return pd_fail(err, PD_EINVAL, field, PD_MSG("不认得的%s“%s”（可选：%s）", "unknown %s '%s' (one of %s)"),
                   what[list][pd_msg_zh() ? 0 : 1], key ? key : "",
                   words[list]);
}

/* ---- quarters and rates ---------------------------------------------------- */

void pd_quarter_of(struct pd_date d, char buf[8])
{
    snprintf(buf, 8, "%04uQ%c", (unsigned)d.y % 10000u, (char)('1' + ((unsigned)(d.m - 1) / 3u) % 4u));
}

pd_err pd_quarter_parse(const char *s, int *year, int *quarter, const char *field,
                        struct pd_error *err)
{
    if (!s || strlen(s) != 6 || (s[4] != 'Q' && s[4] != 'q') || s[5] < '1' || s[5] > '4')
        return pd_fail(err, PD_EINVAL, field, PD_MSG("“%s”不是季度（应写成2012Q3这样）", "'%s' is not a quarter like 2012Q3"), s ? s : "");
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return pd_fail(err, PD_EINVAL, field, PD_MSG("“%s”不是季度（应写成2012Q3这样）", "'%s' is not a quarter like 2012Q3"), s);
    int y = atoi(s);
    if (y < 1990 || y > 2100)
        return pd_fail(err, PD_EINVAL, field, PD_MSG("季度“%s”：年份不在1990到2100之间", "quarter '%s': the year is out of range (1990-2100)"), s);
    *year = y;
    *quarter = s[5] - '0';
    return PD_OK;
}

void pd_quarter_range(int year, int quarter, struct pd_date *from, struct pd_date *to)
{
    int m = (quarter - 1) * 3 + 1;
    *from = (struct pd_date){ year, m, 1 };
    *to = (struct pd_date){ year, m + 2, pd_days_in_month(year, m + 2) };
}

void pd_svc_rate_make(long long num, long long den, struct pd_svc_rate *out)
{
    out->num = num;
    out->den = den;
    out->valid = den > 0;
    out->percent = den > 0 ? (double)num * 100.0 / (double)den : 0;
}

void pd_svc_rate_text(const struct pd_svc_rate *r, char *buf, size_t size)
{
    if (r->valid)
        snprintf(buf, size, "%.1f%% (%lld/%lld)", r->percent, r->num, r->den);
    else
        snprintf(buf, size, "- (%lld/%lld)", r->num, r->den);
}

/* ---- the benefit programmes ------------------------------------------------ */

struct prog_def {
    const char *key, *zh;
    int ncats;
    const char *cats[PD_BEN_CATS];      /* category words */
    const char *cats_zh[PD_BEN_CATS];
    const char *amount_keys[PD_BEN_CATS];   /* period key prefixes, by category */
};
static const struct prog_def progs[PD_BEN__COUNT] = {
    { "hardship", "独生子女困难家庭帮扶", 3, { "education", "poverty", "illness" },
      { "助学", "济困", "大病救助" }, { "education_", "poverty_", "illness_" } },
    { "migrant_birth", "流动人口住院分娩补助", 1, { "birth" }, { "住院分娩" }, { "amount_" } },
    { "welfare_fund", "计划生育公益金救助", 1, { "relief" }, { "公益金救助" }, { "max_" } },
};

const char *pd_benefit_prog_key(enum pd_benefit_prog p)
{
    return (unsigned)p < PD_BEN__COUNT ? progs[p].key : "";
}

const char *pd_benefit_prog_zh(enum pd_benefit_prog p)
{
    return (unsigned)p < PD_BEN__COUNT ? progs[p].zh : "";
}

bool pd_benefit_section(const char *section)
{
    enum pd_benefit_prog p;
    return section && pd_benefit_prog_parse(section, &p, NULL, NULL) == PD_OK;
}

pd_err pd_benefit_prog_parse(const char *s, enum pd_benefit_prog *out, const char *field,
                             struct pd_error *err)
{
    for (int i = 0; i < PD_BEN__COUNT; i++)
        if (s && strcmp(s, progs[i].key) == 0) {
            *out = (enum pd_benefit_prog)i;
            return PD_OK;
        }
    return pd_fail(err, PD_EINVAL, field, PD_MSG("不认得的帮扶项目“%s”（hardship、migrant_birth、welfare_fund）",
                                               "unknown benefit programme '%s' (hardship, migrant_birth, welfare_fund)"),
                   s ? s : "");
}

int pd_benefit_ncats(enum pd_benefit_prog p)
{
    return (unsigned)p < PD_BEN__COUNT ? progs[p].ncats : 0;
}

const char *pd_benefit_cat_key(enum pd_benefit_prog p, int cat)
{
    return cat >= 0 && cat < pd_benefit_ncats(p) ? progs[p].cats[cat] : "";
}

const char *pd_benefit_cat_zh(enum pd_benefit_prog p, int cat)
{
    return cat >= 0 && cat < pd_benefit_ncats(p) ? progs[p].cats_zh[cat] : "";
}

pd_err pd_benefit_cat_parse(enum pd_benefit_prog p, const char *s, int *cat, const char *field,
                            struct pd_error *err)
{
    int n = pd_benefit_ncats(p);
    for (int i = 0; i < n; i++)
        if (s && strcmp(s, progs[p].cats[i]) == 0) {
            *cat = i;
            return PD_OK;
        }
    char list[64] = "";
    for (int i = 0; i < n; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", progs[p].cats[i]);
    }
    return pd_fail(err, PD_EINVAL, field, PD_MSG("类别“%s”不是%s的类别（%s）", "category '%s' is not one of %s's (%s)"), s ? s : "",
                   progs[p].key, list);
}

/* ---- the policy file's benefit sections ----------------------------------- */

enum { K_TEXT, K_INT };
struct bkey {
    int prog;               /* -1: every programme */
    const char *key;
    int kind;
    size_t off;
    long min, max;
};
#define OFF(f) offsetof(struct pd_benefit_policy, f)
static const struct bkey bkeys[] = {
    { -1, "title", K_TEXT, OFF(title), 0, 0 },
    { -1, "times_per_year", K_INT, OFF(times_per_year), 1, 12 },
    { PD_BEN_HARDSHIP, "education_child_max_age", K_INT, OFF(education_child_max_age), 6, 40 },
    { PD_BEN_HARDSHIP, "poverty_income_max", K_INT, OFF(poverty_income_max), 1, 1000000 },
    { PD_BEN_HARDSHIP, "illness_cost_min", K_INT, OFF(illness_cost_min), 1, 10000000 },
    { PD_BEN_MIGRANT, "min_months_here", K_INT, OFF(min_months_here), 0, 120 },
    { PD_BEN_MIGRANT, "apply_within_days", K_INT, OFF(apply_within_days), 1, 3650 },
};
#define NBKEYS (sizeof bkeys / sizeof bkeys[0])
#define SEEN_FROM(n) ((uint8_t)(1u << PD_BEN_CATS))
#define SEEN_TO ((uint8_t)(1u << (PD_BEN_CATS + 1)))

static bool whole(const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || v[0] == '+' || (v[0] == '0' && v[1]))
        return false;
    *out = n;
    return true;
}

static bool is_date(const char *v, struct pd_date *d)
{
    return strlen(v) == 10 && pd_date_parse(v, d, "date", NULL) == PD_OK && pd_date_valid(*d);
}

/* A period key: prefix + number, with the period's slot and which part. */
static pd_err period_set(struct pd_benefit_policy *b, enum pd_benefit_prog p, const char *section,
                         const char *key, const char *v, bool *handled, struct pd_error *err)
{
    *handled = false;
    const char *prefixes[PD_BEN_CATS + 2];
    int n = progs[p].ncats;
    for (int i = 0; i < n; i++)
        prefixes[i] = progs[p].amount_keys[i];
    prefixes[n] = "valid_from_";
    prefixes[n + 1] = "valid_to_";
    for (int s = 0; s < n + 2; s++) {
        size_t pl = strlen(prefixes[s]);
        if (strncmp(key, prefixes[s], pl) != 0)
            continue;
        const char *num = key + pl;
        long idx;
        if (!whole(num, &idx) || num[0] == '-')
            continue;
        *handled = true;
        if (idx < 1 || idx > PD_BEN_PERIODS)
            return pd_policy_bad(err, section, key, "period number %s is out of range (1 to %d)", num, PD_BEN_PERIODS);
        struct pd_benefit_period *per = &b->periods[idx - 1];
        uint8_t *seen = &b->period_seen_[idx - 1];
        if (s < n) {
            long a;
            if (!whole(v, &a))
                return pd_policy_bad(err, section, key, "'%s' is not a whole number of yuan", v);
            if (a < 1 || a > 1000000)
                return pd_policy_bad(err, section, key, "%s yuan is out of range (1 to 1000000)", v);
            per->amount[s] = a;
            *seen |= (uint8_t)(1u << s);
        } else if (s == n) {
            if (!is_date(v, &per->from))
                return pd_policy_bad(err, section, key, "'%s' is not a date YYYY-MM-DD", v);
            if (per->from.m != 1 || per->from.d != 1)
                return pd_policy_bad(err, section, key, "%s must be a 1 January: amounts change by whole years", v);
            *seen |= SEEN_FROM(0);
        } else {
            per->to = (struct pd_date){ 0, 0, 0 };
            if (*v && !is_date(v, &per->to))
                return pd_policy_bad(err, section, key, "'%s' is not a date YYYY-MM-DD (or empty: until changed)", v);
            if (*v && (per->to.m != 12 || per->to.d != 31))
                return pd_policy_bad(err, section, key, "%s must be a 31 December: amounts change by whole years", v);
            *seen |= SEEN_TO;
        }
        return PD_OK;
    }
    return PD_OK;
}

pd_err pd_benefit_policy_set(struct pd_benefit_policy b[PD_BEN__COUNT], const char *section,
                             const char *key, const char *value, struct pd_error *err)
{
    enum pd_benefit_prog p;
    if (pd_benefit_prog_parse(section, &p, NULL, NULL) != PD_OK)
        return pd_fail(err, PD_ECONFIG, section, "[%s]: unknown section", section ? section : "");
    struct pd_benefit_policy *bp = &b[p];
    bp->configured = true;
    const char *v = value ? value : "";
    for (size_t i = 0; i < NBKEYS; i++) {
        const struct bkey *k = &bkeys[i];
        if ((k->prog >= 0 && k->prog != (int)p) || strcmp(k->key, key) != 0)
            continue;
        char *dst = (char *)bp + k->off;
        long n;
        if (k->kind == K_TEXT) {
            if (!*v)
                return pd_policy_bad(err, section, key, "must not be empty");
            if (strlen(v) >= sizeof bp->title)
                return pd_policy_bad(err, section, key, "too long (at most %zu bytes)", sizeof bp->title - 1);
            pd_strlcpy(dst, v, sizeof bp->title);
        } else {
            if (!whole(v, &n))
                return pd_policy_bad(err, section, key, "'%s' is not a whole number", v);
            if (n < k->min || n > k->max)
                return pd_policy_bad(err, section, key, "%s is out of range (%ld to %ld)", v, k->min, k->max);
            if (k->off == OFF(poverty_income_max) || k->off == OFF(illness_cost_min))
                *(long *)(void *)dst = n;
            else
                *(int *)(void *)dst = (int)n;
        }
        bp->seen_ |= UINT32_C(1) << i;
        return PD_OK;
    }
    bool handled;
    pd_err rc = period_set(bp, p, section, key, v, &handled, err);
    if (rc != PD_OK || handled)
        return rc;
    return pd_policy_bad(err, section, key, "unknown key (docs/CASES.md lists the keys)");
}

static pd_err bmissing(struct pd_error *err, const char *section, const char *key)
{
    char field[PD_FIELD_MAX];
    snprintf(field, sizeof field, "%s.%s", section, key);
    return pd_fail(err, PD_ECONFIG, field, "[%s] %s: missing (required)", section, key);
}

pd_err pd_benefit_policy_finish(struct pd_benefit_policy b[PD_BEN__COUNT], struct pd_error *err)
{
    for (int p = 0; p < PD_BEN__COUNT; p++) {
        struct pd_benefit_policy *bp = &b[p];
        const char *sec = progs[p].key;
        if (!bp->configured)
            continue;
        for (size_t i = 0; i < NBKEYS; i++)
            if ((bkeys[i].prog < 0 || bkeys[i].prog == p) && !(bp->seen_ & (UINT32_C(1) << i)))
                return bmissing(err, sec, bkeys[i].key);
        int n = 0;
        while (n < PD_BEN_PERIODS && bp->period_seen_[n])
            n++;
        for (int j = n; j < PD_BEN_PERIODS; j++)
            if (bp->period_seen_[j])
                return pd_fail(err, PD_ECONFIG, sec, "[%s] period %d is given but period %d is missing "
                               "(number the periods 1, 2, 3...)", sec, j + 1, n + 1);
        if (n == 0)
            return bmissing(err, sec, "valid_from_1");
        uint8_t all = (uint8_t)(((1u << progs[p].ncats) - 1) | SEEN_FROM(0) | SEEN_TO);
        for (int j = 0; j < n; j++) {
            uint8_t miss = (uint8_t)(all & ~bp->period_seen_[j]);
            if (miss) {
                char key[40];
                for (int s = 0; s < PD_BEN_CATS + 2; s++)
                    if (miss & (1u << s)) {
                        snprintf(key, sizeof key, "%s%d",
                                 s < progs[p].ncats ? progs[p].amount_keys[s]
                                 : s == PD_BEN_CATS ? "valid_from_" : "valid_to_", j + 1);
                        break;
                    }
                return bmissing(err, sec, key);
            }
            const struct pd_benefit_period *per = &bp->periods[j];
            bool open = pd_date_is_empty(per->to);
            if (!open && pd_date_cmp(per->to, per->from) < 0)
                return pd_fail(err, PD_ECONFIG, "valid_to", "[%s] valid_to_%d is before valid_from_%d",
                               sec, j + 1, j + 1);
            if (open && j + 1 < n)
                return pd_fail(err, PD_ECONFIG, "valid_to", "[%s] valid_to_%d is empty but period %d follows: "
                               "only the last period may be open", sec, j + 1, j + 2);
            if (j > 0 && pd_date_cmp(per->from, bp->periods[j - 1].to) <= 0)
                return pd_fail(err, PD_ECONFIG, "valid_from", "[%s] period %d overlaps or precedes period %d; "
                               "periods go in date order", sec, j + 1, j);
        }
        bp->nperiods = n;
    }
    return PD_OK;
}

const struct pd_benefit_period *pd_benefit_period(const struct pd_benefit_policy *b, int year)
{
    for (int i = 0; b && i < b->nperiods; i++) {
        const struct pd_benefit_period *per = &b->periods[i];
        if (per->from.y <= year && (pd_date_is_empty(per->to) || per->to.y >= year))
            return per;
    }
    return NULL;
}

/* ---- the conditions --------------------------------------------------------- */

/* Every condition's words as a pair (Chinese, English), both taking the
 * same arguments in the same order.  The words a result carries are the
 * English: the store saves them in the application (event data `checks`,
 * the case row, which the district receives and the store searches for
 * "[NOT MET]"), and a stored record must not depend on who was signed in.
 * pd_benefit_words_text gives them (or a stored `checks`) in a language
 * for a screen, the command line or a printout. */
#define C_FP_CERT      "计生家庭：持有独生子女父母光荣证%s", "family-planning family: one-child parents' certificate %s"
#define C_FP_STERIL    "计生家庭：有绝育手术记录", "family-planning family: sterilisation on record"
#define C_FP_DAUGHTERS "计生家庭：双女户", "family-planning family: two daughters"
#define C_FP_NOT       "不是计生家庭：没有独生子女证、绝育手术或双女户的记录", \
                       "not a family-planning family: no one-child certificate, sterilisation " \
                       "or two-daughter family on record"
#define C_HS_CERT      "独生子女家庭：光荣证%s", "one-child family: certificate %s"
#define C_HS_NO_CERT   "本人和配偶都没有独生子女父母光荣证", "no one-child parents' certificate for the person or the spouse"
#define C_ED_NO_CHILD  "助学：台账中没有子女", "education: no child in the register"
#define C_ED_DIED      "助学：子女（%s出生）已死亡", "education: the child (born %s) has died"
#define C_ED_OVER      "助学：子女%d周岁（%d年），超过%d周岁", "education: child aged %d in %d, above %d"
#define C_ED_OK        "助学：子女%d周岁（%d年），不超过%d周岁", "education: child aged %d in %d, at most %d"
#define C_ED_PROOF     "助学：学校的在学证明由审批人查验", "education: the school's enrolment proof is checked by the reviewer"
#define C_PV_NONE      "生活困难：未填家庭年人均收入", "poverty: the yearly income per head is not stated"
#define C_PV_OVER      "生活困难：人均收入%ld元，高于%ld元", "poverty: income %ld yuan per head, above %ld"
#define C_PV_OK        "生活困难：人均收入%ld元，不高于%ld元", "poverty: income %ld yuan per head, at most %ld"
#define C_IL_NONE      "大病：未填医疗费用", "serious illness: the medical costs are not stated"
#define C_IL_UNDER     "大病：自付费用%ld元，不足%ld元", "serious illness: own costs %ld yuan, under %ld"
#define C_IL_OK        "大病：自付费用%ld元，不少于%ld元", "serious illness: own costs %ld yuan, at least %ld"
#define C_MG_NOT       "不在流动人口台账中", "not in the migrant register"
#define C_MG_IN        "在流动人口台账中", "in the migrant register"
#define C_MG_MOTHER    "补助对象是产妇本人", "the subsidy is for the mother"
#define C_MG_NO_BIRTH  "未填分娩日期", "the date of the birth is not given"
#define C_MG_NO_ARRIVE "没有来本地的日期记录", "no arrival date on record"
#define C_MG_ARRIVE_OK "%s来本地，早于分娩%d个月以上（分娩日期%s）", \
                       "arrived %s, %d months or more before the birth on %s"
#define C_MG_ARRIVE_NO "%s来本地，早于分娩不足%d个月（分娩日期%s）", \
                       "arrived %s, less than %d months before the birth on %s"
#define C_MG_NO_MCERT  "没有婚育证明记录", "no marriage-and-childbearing certificate on record"
#define C_MG_MCERT_EXP "婚育证明%s于%s到期，早于分娩", \
                       "marriage-and-childbearing certificate %s expired %s, before the birth"
#define C_MG_MCERT     "婚育证明%s", "marriage-and-childbearing certificate %s"
#define C_PL_FIRST     "政策内：第一个孩子，已婚", "within policy: first child, married"
#define C_PL_UNMARRIED "第一个孩子，未登记为已婚：不属政策内", "first child, not recorded as married: not within policy"
#define C_PL_SECOND    "政策内：第二个孩子，持再生育审批证明", "within policy: second child with a second-child certificate"
#define C_PL_OUT       "第%d个孩子，没有审批证明：不属政策内", "child number %d without a certificate: not within policy"
#define C_AP_BEFORE    "在分娩（%s）之前申请", "applied before the birth on %s"
#define C_AP_LATE      "分娩后%ld天申请，超过%d天", "applied %ld days after the birth, more than %d"
#define C_AP_OK        "分娩后%ld天申请，在%d天之内", "applied %ld days after the birth, within %d"
#define C_NO_SECTION   "政策文件没有[%s]一节：%s未配置", "the policy file has no [%s] section: %s is not configured"
#define C_HERE         "本地在册", "registered here"
#define C_NOT_HERE     "不在本地在册（%s）", "not registered here (%s)"
#define C_TIMES_OVER   "已领%d次（%d年）：每年最多%d次", "already %d grant(s) in %d: at most %d a year"
#define C_TIMES_OK     "此前已领%d次（%d年），每年最多%d次", "%d earlier grant(s) in %d, at most %d a year"
#define C_NO_AMOUNT    "%d年没有补助标准", "no amount in force for %d"
#define C_WF_NONE      "未填申请金额（最多%ld元）", "the amount asked is not given (at most %ld yuan)"
#define C_WF_OVER      "申请%ld元，超过上限%ld元（%d年）", "%ld yuan asked, above the ceiling of %ld in %d"
#define C_WF_OK        "申请%ld元，不超过上限%ld元（%d年）", "%ld yuan asked, within the ceiling of %ld in %d"
#define C_AMOUNT       "%ld元（%d年）", "%ld yuan in %d"

#define EN(pair) EN_(pair)
#define EN_(zh, en) en
#define PAIR(pair) PAIR_(pair)
#define PAIR_(zh, en) { zh, en }

/* The most general ones ("marriage-and-childbearing certificate %s",
 * "%ld yuan in %d") last, so they do not take another's words. */
static const char *const cpairs[][2] = {
    PAIR(C_FP_CERT), PAIR(C_FP_STERIL), PAIR(C_FP_DAUGHTERS), PAIR(C_FP_NOT), PAIR(C_HS_CERT),
    PAIR(C_HS_NO_CERT), PAIR(C_ED_NO_CHILD), PAIR(C_ED_DIED), PAIR(C_ED_OVER), PAIR(C_ED_OK),
    PAIR(C_ED_PROOF), PAIR(C_PV_NONE), PAIR(C_PV_OVER), PAIR(C_PV_OK), PAIR(C_IL_NONE), PAIR(C_IL_UNDER),
    PAIR(C_IL_OK), PAIR(C_MG_NOT), PAIR(C_MG_IN), PAIR(C_MG_MOTHER), PAIR(C_MG_NO_BIRTH),
    PAIR(C_MG_NO_ARRIVE), PAIR(C_MG_ARRIVE_OK), PAIR(C_MG_ARRIVE_NO), PAIR(C_MG_NO_MCERT),
    PAIR(C_MG_MCERT_EXP), PAIR(C_PL_FIRST), PAIR(C_PL_UNMARRIED), PAIR(C_PL_SECOND), PAIR(C_PL_OUT),
    PAIR(C_AP_BEFORE), PAIR(C_AP_LATE), PAIR(C_AP_OK), PAIR(C_NO_SECTION), PAIR(C_HERE), PAIR(C_NOT_HERE),
    PAIR(C_TIMES_OVER), PAIR(C_TIMES_OK), PAIR(C_NO_AMOUNT), PAIR(C_WF_NONE), PAIR(C_WF_OVER),
    PAIR(C_WF_OK), PAIR(C_MG_MCERT), PAIR(C_AMOUNT),
};
/* Words that go in as arguments: the register's status words. */
static const char *const cwords[][2] = {
    { "已死亡", "dead" }, { "已迁出", "moved_out" }, { "已离开", "left" }, { "状态不明", "unknown" },
};
static const char *const tags[][2] = { { "符合", "met" }, { "不符合", "NOT MET" }, { "待核实", "to check" } };

/* Benefit words (one condition's, or a stored `checks` "[met] a; [NOT MET]
 * b") in `lang` ("zh", "en"; NULL: the UI language); words no pair made
 * are kept as they are.  Returns the length the whole would have. */
size_t pd_benefit_words_text(const char *words, const char *lang, char *buf, size_t size)
{
    if (!words)
        words = "";
    if (size)
        buf[0] = '\0';
    if (lang ? strcmp(lang, "en") == 0 : !pd_msg_zh())
        return (size_t)snprintf(buf, size, "%s", words);
    /* a stored `checks` ("[met] a; [NOT MET] b") part by part, or one
     * condition's words */
    size_t n = 0;
    const char *p = words;
    do {
        const char *semi = strstr(p, "; [");
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        char part[512], zh[768];
        snprintf(part, sizeof part, "%.*s", (int)(len < sizeof part ? len : sizeof part - 1), p);
        const char *cond = part, *tag = NULL;
        for (size_t t = 0; part[0] == '[' && t < sizeof tags / sizeof tags[0]; t++) {
            size_t tl = strlen(tags[t][1]);
            if (strncmp(part + 1, tags[t][1], tl) == 0 && part[1 + tl] == ']' && part[2 + tl] == ' ') {
                tag = tags[t][0];
                cond = part + 3 + tl;
            }
        }
        pd_msg_convert(cpairs, sizeof cpairs / sizeof cpairs[0], cwords, sizeof cwords / sizeof cwords[0],
                       cond, true, zh, sizeof zh);
        int w = snprintf(buf + (n < size ? n : size), n < size ? size - n : 0, "%s%s%s%s%s",
                         p == words ? "" : "；", tag ? "[" : "", tag ? tag : "", tag ? "] " : "", zh);
        n += w > 0 ? (size_t)w : 0;
        p = semi ? semi + 2 : p + len;
    } while (*p);
    return n;
}

static void cond(struct pd_benefit_result *r, enum pd_chk s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cond(struct pd_benefit_result *r, enum pd_chk s, const char *fmt, ...)
{
    if (r->n >= PD_BEN_CONDS)
        return;
    r->c[r->n].state = s;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->c[r->n].words, sizeof r->c[r->n].words, fmt, ap);
    va_end(ap);
    if (s == PD_CHK_NOT_MET)
        r->blocked = true;
    r->n++;
}

static void fmt_date(struct pd_date d, char buf[PD_DATE_STRLEN])
{
    pd_date_format(d, buf);
}

/* A family-planning family for the welfare fund (default, docs/CASES.md):
 * a one-child certificate, a sterilisation, or a rural family of two
 * daughters. */
static void fp_family(const struct pd_benefit_facts *f, struct pd_benefit_result *r)
{
    if (f->onechild_cert)
        cond(r, PD_CHK_MET, EN(C_FP_CERT), f->onechild_number);
    else if (f->sterilised)
        cond(r, PD_CHK_MET, EN(C_FP_STERIL));
    else if (f->living_children == 2 && f->daughters_living == 2)
        cond(r, PD_CHK_MET, EN(C_FP_DAUGHTERS));
    else
        cond(r, PD_CHK_NOT_MET, EN(C_FP_NOT));
}

static void hardship(const struct pd_benefit_policy *pol, const struct pd_benefit_request *q,
                     const struct pd_benefit_facts *f, struct pd_benefit_result *r)
{
    char d[PD_DATE_STRLEN];
    if (f->onechild_cert)
        cond(r, PD_CHK_MET, EN(C_HS_CERT), f->onechild_number);
    else
        cond(r, PD_CHK_NOT_MET, EN(C_HS_NO_CERT));
    switch (q->category) {
    case 0: {   /* education */
        if (!f->child_known) {
            cond(r, PD_CHK_NOT_MET, EN(C_ED_NO_CHILD));
            break;
        }
        int age = q->date.y - f->child_birth.y;
        fmt_date(f->child_birth, d);
        if (!f->child_alive)
            cond(r, PD_CHK_NOT_MET, EN(C_ED_DIED), d);
        else if (age > pol->education_child_max_age)
            cond(r, PD_CHK_NOT_MET, EN(C_ED_OVER), age, q->date.y,
                 pol->education_child_max_age);
        else
            cond(r, PD_CHK_MET, EN(C_ED_OK), age, q->date.y,
                 pol->education_child_max_age);
        cond(r, PD_CHK_UNKNOWN, EN(C_ED_PROOF));
        break;
    }
    case 1:     /* poverty */
        if (q->income < 0)
            cond(r, PD_CHK_NOT_MET, EN(C_PV_NONE));
        else if (q->income > pol->poverty_income_max)
            cond(r, PD_CHK_NOT_MET, EN(C_PV_OVER), q->income,
                 pol->poverty_income_max);
        else
            cond(r, PD_CHK_MET, EN(C_PV_OK), q->income,
                 pol->poverty_income_max);
        break;
    default:    /* illness */
        if (q->cost < 0)
            cond(r, PD_CHK_NOT_MET, EN(C_IL_NONE));
        else if (q->cost < pol->illness_cost_min)
            cond(r, PD_CHK_NOT_MET, EN(C_IL_UNDER), q->cost,
                 pol->illness_cost_min);
        else
            cond(r, PD_CHK_MET, EN(C_IL_OK), q->cost,
                 pol->illness_cost_min);
        break;
    }
}

static void migrant(const struct pd_benefit_policy *pol, const struct pd_benefit_request *q,
                    const struct pd_benefit_facts *f, struct pd_benefit_result *r)
{
    char d[PD_DATE_STRLEN], b[PD_DATE_STRLEN];
    if (!f->migrant)
        cond(r, PD_CHK_NOT_MET, EN(C_MG_NOT));
    else
        cond(r, PD_CHK_MET, EN(C_MG_IN));
    if (f->sex != '2')
        cond(r, PD_CHK_NOT_MET, EN(C_MG_MOTHER));
    if (pd_date_is_empty(q->birth)) {
        cond(r, PD_CHK_NOT_MET, EN(C_MG_NO_BIRTH));
        return;
    }
    fmt_date(q->birth, b);
    /* lived here min_months before the birth: arrived on or before the birth
     * date moved back by that many months (the day clamped to the month) */
    if (pd_date_is_empty(f->arrived)) {
        cond(r, PD_CHK_NOT_MET, EN(C_MG_NO_ARRIVE));
    } else {
        struct pd_date lim = q->birth;
        int m = lim.m - pol->min_months_here;
        while (m < 1) {
            m += 12;
            lim.y--;
        }
        lim.m = m;
        if (lim.d > pd_days_in_month(lim.y, lim.m))
            lim.d = pd_days_in_month(lim.y, lim.m);
        fmt_date(f->arrived, d);
        if (pd_date_cmp(f->arrived, lim) <= 0)
            cond(r, PD_CHK_MET, EN(C_MG_ARRIVE_OK), d,
                 pol->min_months_here, b);
        else
            cond(r, PD_CHK_NOT_MET, EN(C_MG_ARRIVE_NO), d,
                 pol->min_months_here, b);
    }
    if (!f->mcert_number[0]) {
        cond(r, PD_CHK_NOT_MET, EN(C_MG_NO_MCERT));
    } else if (!pd_date_is_empty(f->mcert_expiry) && pd_date_cmp(f->mcert_expiry, q->birth) < 0) {
        fmt_date(f->mcert_expiry, d);
        cond(r, PD_CHK_NOT_MET, EN(C_MG_MCERT_EXP),
             f->mcert_number, d);
    } else {
        cond(r, PD_CHK_MET, EN(C_MG_MCERT), f->mcert_number);
    }
    int order = f->earlier_children + 1;
    if (order == 1 && f->married)
        cond(r, PD_CHK_MET, EN(C_PL_FIRST));
    else if (order == 1)
        cond(r, PD_CHK_NOT_MET, EN(C_PL_UNMARRIED));
    else if (order == 2 && f->second_child_cert)
        cond(r, PD_CHK_MET, EN(C_PL_SECOND));
    else
        cond(r, PD_CHK_NOT_MET, EN(C_PL_OUT), order);
    long days = pd_date_to_days(q->date) - pd_date_to_days(q->birth);
    if (days < 0)
        cond(r, PD_CHK_NOT_MET, EN(C_AP_BEFORE), b);
    else if (days > pol->apply_within_days)
        cond(r, PD_CHK_NOT_MET, EN(C_AP_LATE), days, pol->apply_within_days);
    else
        cond(r, PD_CHK_MET, EN(C_AP_OK), days, pol->apply_within_days);
}

void pd_benefit_assess(const struct pd_benefit_policy *pol, const struct pd_benefit_request *q,
                       const struct pd_benefit_facts *f, struct pd_benefit_result *r)
{
    memset(r, 0, sizeof *r);
    if (!pol || !pol->configured) {
        cond(r, PD_CHK_NOT_MET, EN(C_NO_SECTION),
             pd_benefit_prog_key(q->prog), pd_benefit_prog_key(q->prog));
        return;
    }
    if (f->active)
        cond(r, PD_CHK_MET, EN(C_HERE));
    else
        cond(r, PD_CHK_NOT_MET, EN(C_NOT_HERE), f->status[0] ? f->status : "unknown");
    switch (q->prog) {
    case PD_BEN_HARDSHIP: hardship(pol, q, f, r); break;
    case PD_BEN_MIGRANT:  migrant(pol, q, f, r); break;
    default:              fp_family(f, r); break;
    }
    if (f->grants_this_year >= pol->times_per_year)
        cond(r, PD_CHK_NOT_MET, EN(C_TIMES_OVER), f->grants_this_year,
             q->date.y, pol->times_per_year);
    else
        cond(r, PD_CHK_MET, EN(C_TIMES_OK), f->grants_this_year,
             q->date.y, pol->times_per_year);
    const struct pd_benefit_period *per = pd_benefit_period(pol, q->date.y);
    if (!per) {
        cond(r, PD_CHK_NOT_MET, EN(C_NO_AMOUNT), q->date.y);
        return;
    }
    long a = per->amount[q->category];
    if (q->prog == PD_BEN_WELFARE) {
        if (q->amount <= 0)
            cond(r, PD_CHK_NOT_MET, EN(C_WF_NONE), a);
        else if (q->amount > a)
            cond(r, PD_CHK_NOT_MET, EN(C_WF_OVER), q->amount, a, q->date.y);
        else
            cond(r, PD_CHK_MET, EN(C_WF_OK), q->amount, a, q->date.y);
        r->amount = q->amount > 0 && q->amount <= a ? q->amount : 0;
    } else {
        cond(r, PD_CHK_MET, EN(C_AMOUNT), a, q->date.y);
        r->amount = a;
    }
}
