/* policy.c - checking the policy file's keys and values (see policy.h).
 *
 * One table lists every fixed key with its kind, range and place in the
 * struct; the period keys (amount_1, valid_from_1, ...) are matched by
 * prefix and index.  A key is either in the table or refused: a misspelt
 * key must never silently leave a built-in value in force.
 */
#include "core/policy.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const prog_keys[PD_PROG__COUNT] = { "reward", "special", "onechild" };
static const char *const prog_short[PD_PROG__COUNT] = { "奖扶", "特扶", "独生子女奖励" };

const char *pd_programme_key(enum pd_programme p)
{
    return (unsigned)p < PD_PROG__COUNT ? prog_keys[p] : "?";
}

const char *pd_programme_short(enum pd_programme p)
{
    return (unsigned)p < PD_PROG__COUNT ? prog_short[p] : "?";
}

pd_err pd_programme_parse(const char *s, enum pd_programme *out, const char *field,
                          struct pd_error *err)
{
    for (int i = 0; i < PD_PROG__COUNT; i++)
        if (s && strcmp(s, prog_keys[i]) == 0) {
            *out = (enum pd_programme)i;
            return PD_OK;
        }
    return pd_fail(err, PD_EINVAL, field, "unknown programme '%s' (reward, special or onechild)",
                   s ? s : "");
}

enum pkind { P_TEXT, P_INT, P_NUM, P_DATE };

struct pkey {
    const char *section, *key;
    enum pkind kind;
    size_t off, size;
    long min, max;
};

#define TXT(sec, key, fld) { sec, key, P_TEXT, offsetof(struct pd_policy, fld), sizeof ((struct pd_policy *)0)->fld, 0, 0 }
#define INT(sec, key, fld, lo, hi) { sec, key, P_INT, offsetof(struct pd_policy, fld), sizeof(int), lo, hi }
#define DAT(sec, key, fld) { sec, key, P_DATE, offsetof(struct pd_policy, fld), sizeof(struct pd_date), 0, 0 }
#define PROG(i, f) prog[i].f

static const struct pkey keys[] = {
    TXT("policy", "name", name),
    INT("policy", "version", version, 1, 1000000),
    TXT("policy", "province", province),
    TXT("policy", "regulation", regulation),
#define PD_X(k, lo, hi) { "targets", #k, P_NUM, offsetof(struct pd_policy, targets.k), sizeof(double), lo, hi },
    PD_POLICY_TARGETS(PD_X)
#undef PD_X
    INT("statistics", "year_start_month", year_start_month, 1, 12),
    INT("statistics", "year_start_day", year_start_day, 1, 28),
    TXT("reward", "title", PROG(PD_PROG_REWARD, title)),
    DAT("reward", "born_on_or_after", PROG(PD_PROG_REWARD, born_on_or_after)),
    INT("reward", "min_age", PROG(PD_PROG_REWARD, min_age), 40, 100),
    DAT("reward", "no_out_of_policy_birth_since", PROG(PD_PROG_REWARD, no_oop_since)),
    TXT("special", "title", PROG(PD_PROG_SPECIAL, title)),
    DAT("special", "born_on_or_after", PROG(PD_PROG_SPECIAL, born_on_or_after)),
    INT("special", "mother_min_age", PROG(PD_PROG_SPECIAL, mother_min_age), 30, 100),
    INT("special", "max_disability_grade", PROG(PD_PROG_SPECIAL, max_disability_grade), 1, 4),
    TXT("onechild", "title", PROG(PD_PROG_ONECHILD, title)),
    INT("onechild", "child_max_age", PROG(PD_PROG_ONECHILD, child_max_age), 1, 30),
    INT("notice", "min_days", notice_min_days, 1, 60),
};
#define NKEYS (sizeof keys / sizeof keys[0])
_Static_assert(NKEYS <= 64, "seen_ is a 64-bit mask");

/* Period keys: "<prefix><index>" in a programme's section. */
enum pslot { S_AMOUNT, S_DISABLED, S_FROM, S_TO };
struct pperiod {
    enum pd_programme prog;
    const char *prefix;
    enum pslot slot;
    bool required;
};
static const struct pperiod period_keys[] = {
    { PD_PROG_REWARD, "amount_", S_AMOUNT, true },
    { PD_PROG_REWARD, "valid_from_", S_FROM, true },
    { PD_PROG_REWARD, "valid_to_", S_TO, false },
    { PD_PROG_SPECIAL, "monthly_child_died_", S_AMOUNT, true },
    { PD_PROG_SPECIAL, "monthly_child_disabled_", S_DISABLED, true },
    { PD_PROG_SPECIAL, "valid_from_", S_FROM, true },
    { PD_PROG_SPECIAL, "valid_to_", S_TO, false },
    { PD_PROG_ONECHILD, "yearly_", S_AMOUNT, true },
    { PD_PROG_ONECHILD, "valid_from_", S_FROM, true },
    { PD_PROG_ONECHILD, "valid_to_", S_TO, false },
};
#define NPERIODKEYS (sizeof period_keys / sizeof period_keys[0])

static const char *const sections[] = {
    "policy", "targets", "statistics", "reward", "special", "onechild", "notice", "fee",
};

bool pd_policy_section_known(const char *section)
{
    if (pd_benefit_section(section))
        return true;
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (strcmp(section, sections[i]) == 0)
            return true;
    return false;
}

void pd_policy_init(struct pd_policy *p)
{
    memset(p, 0, sizeof *p);
}

pd_err pd_policy_bad(struct pd_error *err, const char *section, const char *key, const char *fmt, ...)
{
    char field[PD_FIELD_MAX], what[256];
    snprintf(field, sizeof field, "%s.%s", section, key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return pd_fail(err, PD_ECONFIG, field, "[%s] %s: %s", section, key, what);
}

static bool parse_long(const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno)
        return false;
    *out = n;
    return true;
}

/* Strict YYYY-MM-DD: the file is written by people who know the form. */
static bool parse_date(const char *v, struct pd_date *out)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            return false;
    struct pd_date d = { atoi(v), atoi(v + 5), atoi(v + 8) };
    if (!pd_date_valid(d))
        return false;
    *out = d;
    return true;
}

static pd_err set_period(struct pd_policy *p, const struct pperiod *pk, int idx,
                         const char *section, const char *key, const char *v,
                         struct pd_error *err)
{
    struct pd_policy_period *per = &p->prog[pk->prog].periods[idx - 1];
    long n;
    switch (pk->slot) {
    case S_AMOUNT:
    case S_DISABLED:
        if (!parse_long(v, &n))
            return pd_policy_bad(err, section, key, "'%s' is not a whole number of yuan", v);
        if (n < 0 || n > 1000000)
            return pd_policy_bad(err, section, key, "%s yuan is out of range (0 to 1000000)", v);
        if (pk->slot == S_AMOUNT)
            per->amount = n;
        else
            per->amount_disabled = n;
        break;
    case S_FROM:
        if (!parse_date(v, &per->from))
            return pd_policy_bad(err, section, key, "'%s' is not a date YYYY-MM-DD", v);
        if (per->from.m != 1 || per->from.d != 1)
            return pd_policy_bad(err, section, key, "%s must be a 1 January: amounts change by whole years", v);
        break;
    case S_TO:
        if (!*v) {
            per->to = (struct pd_date){ 0, 0, 0 };
            break;
        }
        if (!parse_date(v, &per->to))
            return pd_policy_bad(err, section, key, "'%s' is not a date YYYY-MM-DD (or empty: until changed)", v);
        if (per->to.m != 12 || per->to.d != 31)
            return pd_policy_bad(err, section, key, "%s must be a 31 December: amounts change by whole years", v);
        break;
    }
    p->period_seen_[pk->prog][idx - 1] |= (uint8_t)(1u << pk->slot);
    return PD_OK;
}

/* ---- [fee]: the social maintenance fee (optional section) ------------- */

enum { FEE_TITLE, FEE_UNMARRIED, FEE_EXTRA_MIN, FEE_EXTRA_MAX, FEE__KEYS };
static const char *const fee_keys[FEE__KEYS] = {
    "title", "multiple_unmarried", "multiple_extra_min", "multiple_extra_max",
};
enum { FS_URBAN, FS_RURAL, FS_FROM, FS_TO };
static const char *const fee_period_prefix[4] = { "base_urban_", "base_rural_", "valid_from_", "valid_to_" };

static pd_err fee_set(struct pd_policy *p, const char *key, const char *v, struct pd_error *err)
{
    struct pd_fee_policy *f = &p->fee;
    f->configured = true;
    long n;
    for (int i = 0; i < FEE__KEYS; i++) {
        if (strcmp(key, fee_keys[i]) != 0)
            continue;
        if (i == FEE_TITLE) {
            if (!*v)
                return pd_policy_bad(err, "fee", key, "must not be empty");
            if (strlen(v) >= sizeof f->title)
                return pd_policy_bad(err, "fee", key, "too long (at most %zu bytes)", sizeof f->title - 1);
            pd_strlcpy(f->title, v, sizeof f->title);
        } else {
            if (!parse_long(v, &n))
                return pd_policy_bad(err, "fee", key, "'%s' is not a whole number", v);
            if (n < 1 || n > 20)
                return pd_policy_bad(err, "fee", key, "%s is out of range (1 to 20 times the base)", v);
            if (i == FEE_UNMARRIED)
                f->multiple_unmarried = (int)n;
            else if (i == FEE_EXTRA_MIN)
                f->multiple_extra_min = (int)n;
            else
                f->multiple_extra_max = (int)n;
        }
        f->seen_ |= 1u << i;
        return PD_OK;
    }
    for (int s = 0; s < 4; s++) {
        size_t pl = strlen(fee_period_prefix[s]);
        if (strncmp(key, fee_period_prefix[s], pl) != 0)
            continue;
        const char *num = key + pl;
        long idx;
        if (!parse_long(num, &idx) || num[0] == '0' || num[0] == '+' || num[0] == '-')
            continue;
        if (idx < 1 || idx > PD_POLICY_PERIODS)
            return pd_policy_bad(err, "fee", key, "period number %s is out of range (1 to %d)", num, PD_POLICY_PERIODS);
        struct pd_fee_period *per = &f->periods[idx - 1];
        switch (s) {
        case FS_URBAN:
        case FS_RURAL:
            if (!parse_long(v, &n))
                return pd_policy_bad(err, "fee", key, "'%s' is not a whole number of yuan", v);
            if (n < 1 || n > 10000000)
                return pd_policy_bad(err, "fee", key, "%s yuan is out of range (1 to 10000000)", v);
            if (s == FS_URBAN)
                per->urban = n;
            else
                per->rural = n;
            break;
        case FS_FROM:
            if (!parse_date(v, &per->from))
                return pd_policy_bad(err, "fee", key, "'%s' is not a date YYYY-MM-DD", v);
            if (per->from.m != 1 || per->from.d != 1)
                return pd_policy_bad(err, "fee", key, "%s must be a 1 January: bases change by whole years", v);
            break;
        case FS_TO:
            if (!*v) {
                per->to = (struct pd_date){ 0, 0, 0 };
                break;
            }
            if (!parse_date(v, &per->to))
                return pd_policy_bad(err, "fee", key, "'%s' is not a date YYYY-MM-DD (or empty: until changed)", v);
            if (per->to.m != 12 || per->to.d != 31)
                return pd_policy_bad(err, "fee", key, "%s must be a 31 December: bases change by whole years", v);
            break;
        }
        f->period_seen_[idx - 1] |= (uint8_t)(1u << s);
        return PD_OK;
    }
    return pd_policy_bad(err, "fee", key, "unknown key (docs/CASES.md lists the keys)");
}

static pd_err missing(struct pd_error *err, const char *section, const char *key);

static pd_err fee_finish(struct pd_fee_policy *f, struct pd_error *err)
{
    if (!f->configured)
        return PD_OK;
    for (int i = 0; i < FEE__KEYS; i++)
        if (!(f->seen_ & (1u << i)))
            return missing(err, "fee", fee_keys[i]);
    if (f->multiple_extra_min > f->multiple_extra_max)
        return pd_fail(err, PD_ECONFIG, "fee.multiple_extra_min",
                       "[fee] multiple_extra_min (%d) is above multiple_extra_max (%d)",
                       f->multiple_extra_min, f->multiple_extra_max);
    int n = 0;
    while (n < PD_POLICY_PERIODS && f->period_seen_[n])
        n++;
    for (int j = n; j < PD_POLICY_PERIODS; j++)
        if (f->period_seen_[j])
            return pd_fail(err, PD_ECONFIG, "fee", "[fee] period %d is given but period %d is missing "
                           "(number periods 1, 2, 3... without gaps)", j + 1, n + 1);
    if (n == 0)
        return missing(err, "fee", "valid_from_1");
    for (int j = 0; j < n; j++) {
        char key[40];
        for (int s = 0; s < 3; s++)
            if (!(f->period_seen_[j] & (1u << s))) {
                snprintf(key, sizeof key, "%s%d", fee_period_prefix[s], j + 1);
                return missing(err, "fee", key);
            }
        const struct pd_fee_period *per = &f->periods[j];
        if (!pd_date_is_empty(per->to) && pd_date_cmp(per->to, per->from) < 0)
            return pd_fail(err, PD_ECONFIG, "fee.valid_to", "[fee] valid_to_%d (%d-12-31) is before valid_from_%d",
                           j + 1, per->to.y, j + 1);
        if (j + 1 < n) {
            if (pd_date_is_empty(per->to))
                return pd_fail(err, PD_ECONFIG, "fee.valid_to", "[fee] valid_to_%d is empty but period %d follows: "
                               "only the last period may run until changed", j + 1, j + 2);
            if (pd_date_cmp(f->periods[j + 1].from, per->to) <= 0)
                return pd_fail(err, PD_ECONFIG, "fee.valid_from", "[fee] period %d overlaps or precedes period %d; "
                               "periods go in date order", j + 2, j + 1);
        }
    }
    f->nperiods = n;
    return PD_OK;
}

const struct pd_fee_period *pd_policy_fee_period(const struct pd_policy *p, int year)
{
    for (int i = 0; i < p->fee.nperiods; i++) {
        const struct pd_fee_period *per = &p->fee.periods[i];
        if (per->from.y <= year && (pd_date_is_empty(per->to) || per->to.y >= year))
            return per;
    }
    return NULL;
}

pd_err pd_policy_set(struct pd_policy *p, const char *section, const char *key,
                     const char *value, struct pd_error *err)
{
    const char *v = value ? value : "";
    if (!pd_policy_section_known(section))
        return pd_fail(err, PD_ECONFIG, section, "[%s]: unknown section", section);
    if (strcmp(section, "fee") == 0)
        return fee_set(p, key, v, err);
    if (pd_benefit_section(section))
        return pd_benefit_policy_set(p->benefit, section, key, v, err);
    for (size_t i = 0; i < NKEYS; i++) {
        const struct pkey *k = &keys[i];
        if (strcmp(k->section, section) != 0 || strcmp(k->key, key) != 0)
            continue;
        char *dst = (char *)p + k->off;
        long n;
        switch (k->kind) {
        case P_TEXT:
            if (!*v)
                return pd_policy_bad(err, section, key, "must not be empty");
            if (strlen(v) >= k->size)
                return pd_policy_bad(err, section, key, "too long (at most %zu bytes)", k->size - 1);
            pd_strlcpy(dst, v, k->size);
            break;
        case P_INT:
            if (!parse_long(v, &n))
                return pd_policy_bad(err, section, key, "'%s' is not a whole number", v);
            if (n < k->min || n > k->max)
                return pd_policy_bad(err, section, key, "%s is out of range (%ld to %ld)", v, k->min, k->max);
            *(int *)(void *)dst = (int)n;
            break;
        case P_NUM: {
            char *end;
            errno = 0;
            double d = strtod(v, &end);
            if (!*v || *end || errno || !isfinite(d))
                return pd_policy_bad(err, section, key, "'%s' is not a number", v);
            if (d < (double)k->min || d > (double)k->max)
                return pd_policy_bad(err, section, key, "%s is out of range (%ld to %ld)", v, k->min, k->max);
            *(double *)(void *)dst = d;
            break;
        }
        case P_DATE:
            if (!parse_date(v, (struct pd_date *)(void *)dst))
                return pd_policy_bad(err, section, key, "'%s' is not a date YYYY-MM-DD", v);
            break;
        }
        p->seen_ |= UINT64_C(1) << i;
        return PD_OK;
    }
    for (size_t i = 0; i < NPERIODKEYS; i++) {
        const struct pperiod *pk = &period_keys[i];
        size_t pl = strlen(pk->prefix);
        if (strcmp(prog_keys[pk->prog], section) != 0 || strncmp(key, pk->prefix, pl) != 0)
            continue;
        const char *num = key + pl;
        long idx;
        if (!parse_long(num, &idx) || num[0] == '0' || num[0] == '+' || num[0] == '-')
            continue;   /* e.g. valid_from_disabled: an unknown key */
        if (idx < 1 || idx > PD_POLICY_PERIODS)
            return pd_policy_bad(err, section, key, "period number %s is out of range (1 to %d)",
                       num, PD_POLICY_PERIODS);
        return set_period(p, pk, (int)idx, section, key, v, err);
    }
    char field[PD_FIELD_MAX];
    snprintf(field, sizeof field, "%s.%s", section, key);
    return pd_fail(err, PD_ECONFIG, field, "[%s] %s: unknown key (docs/POLICY.md lists the keys)",
                   section, key);
}

static pd_err missing(struct pd_error *err, const char *section, const char *key)
{
    char field[PD_FIELD_MAX];
    snprintf(field, sizeof field, "%s.%s", section, key);
    return pd_fail(err, PD_ECONFIG, field, "[%s] %s: missing (required)", section, key);
}

pd_err pd_policy_finish(struct pd_policy *p, struct pd_error *err)
{
    pd_err frc = fee_finish(&p->fee, err);
    if (frc != PD_OK)
        return frc;
    if ((frc = pd_benefit_policy_finish(p->benefit, err)) != PD_OK)
        return frc;
    for (size_t i = 0; i < NKEYS; i++)
        if (!(p->seen_ & (UINT64_C(1) << i)))
            return missing(err, keys[i].section, keys[i].key);
    if (p->targets.sex_ratio_min > p->targets.sex_ratio_max)
        return pd_fail(err, PD_ECONFIG, "targets.sex_ratio_min",
                       "[targets] sex_ratio_min (%g) is above sex_ratio_max (%g)",
                       p->targets.sex_ratio_min, p->targets.sex_ratio_max);
    for (int g = 0; g < PD_PROG__COUNT; g++) {
        struct pd_programme_policy *pp = &p->prog[g];
        const char *sec = prog_keys[g];
        int n = 0;
        while (n < PD_POLICY_PERIODS && p->period_seen_[g][n])
            n++;
        for (int j = n; j < PD_POLICY_PERIODS; j++)
            if (p->period_seen_[g][j]) {
                char key[32];
                snprintf(key, sizeof key, "valid_from_%d", n + 1);
                return pd_fail(err, PD_ECONFIG, sec, "[%s] period %d is given but period %d is missing "
                               "(number periods 1, 2, 3... without gaps; %s)", sec, j + 1, n + 1, key);
            }
        if (n == 0)
            return missing(err, sec, "valid_from_1");
        for (int j = 0; j < n; j++) {
            char key[40];
            for (size_t k = 0; k < NPERIODKEYS; k++) {
                const struct pperiod *pk = &period_keys[k];
                if (pk->prog != (enum pd_programme)g || !pk->required)
                    continue;
                if (!(p->period_seen_[g][j] & (1u << pk->slot))) {
                    snprintf(key, sizeof key, "%s%d", pk->prefix, j + 1);
                    return missing(err, sec, key);
                }
            }
            const struct pd_policy_period *per = &pp->periods[j];
            snprintf(key, sizeof key, "valid_to_%d", j + 1);
            char field[PD_FIELD_MAX];
            snprintf(field, sizeof field, "%s.%s", sec, key);
            if (!pd_date_is_empty(per->to) && pd_date_cmp(per->to, per->from) < 0)
                return pd_fail(err, PD_ECONFIG, field, "[%s] %s (%d-12-31) is before valid_from_%d (%d-01-01)",
                               sec, key, per->to.y, j + 1, per->from.y);
            if (j + 1 < n) {
                const struct pd_policy_period *next = &pp->periods[j + 1];
                if (pd_date_is_empty(per->to))
                    return pd_fail(err, PD_ECONFIG, field, "[%s] %s is empty but period %d follows: "
                                   "only the last period may run until changed", sec, key, j + 2);
                if (pd_date_cmp(next->from, per->to) <= 0)
                    return pd_fail(err, PD_ECONFIG, field, "[%s] period %d (from %d) overlaps or precedes "
                                   "period %d (to %d-12-31); periods go in date order", sec, j + 2,
                                   next->from.y, j + 1, per->to.y);
            }
        }
        pp->nperiods = n;
    }
    return PD_OK;
}

const struct pd_policy_period *pd_policy_period(const struct pd_policy *p,
                                                enum pd_programme prog, int year)
{
    if ((unsigned)prog >= PD_PROG__COUNT)
        return NULL;
    const struct pd_programme_policy *pp = &p->prog[prog];
    for (int i = 0; i < pp->nperiods; i++) {
        const struct pd_policy_period *per = &pp->periods[i];
        if (per->from.y <= year && (pd_date_is_empty(per->to) || per->to.y >= year))
            return per;
    }
    return NULL;
}
