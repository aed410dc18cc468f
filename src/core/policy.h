/* policy.h - the policy file (conf/policy/NAME.ini) as a struct: the district's
 * targets, the statistics year, and the subsidy programmes with their
 * conditions and amounts by period.
 *
 * Amounts, ages and dates change by year and by province, so they live in
 * the file, never in code (DOMAIN.md).  This module is pure: the app layer
 * (src/app/policy_load.c) reads the file with iniparser and hands every
 * section/key/value to pd_policy_set(), which checks it; pd_policy_finish()
 * then checks that nothing required is missing and that the periods make
 * sense together.  Messages name the section and key ("[reward] amount_2:
 * 'abc' is not a whole number of yuan"); err->field is "section.key".
 *
 * Amounts are whole yuan.  A period runs whole calendar years (valid_from
 * is a 1 January, valid_to a 31 December or empty for "until changed"), so
 * the amount for a year is never split.  docs/POLICY.md lists every key.
 *
 * Ownership: struct pd_policy is plain data, no pointers; copy it freely.
 */
#ifndef PD_CORE_POLICY_H
#define PD_CORE_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include "core/benefitpol.h"
#include "core/date.h"
#include "core/err.h"

enum pd_programme {
    PD_PROG_REWARD,     /* 农村部分计划生育家庭奖励扶助 (奖扶), per person per year */
    PD_PROG_SPECIAL,    /* 计划生育家庭特别扶助 (特扶), per person per month */
    PD_PROG_ONECHILD,   /* 独生子女父母奖励费, per certificate holder per year */
    PD_PROG__COUNT
};

/* "reward", "special", "onechild" (the command line and event data). */
const char *pd_programme_key(enum pd_programme p);
/* Short Chinese name for lists: "奖扶", "特扶", "独生子女奖励". */
const char *pd_programme_short(enum pd_programme p);
/* Parses a key; PD_EINVAL naming `field` when unknown. */
pd_err pd_programme_parse(const char *s, enum pd_programme *out, const char *field,
                          struct pd_error *err);

#define PD_POLICY_PERIODS 8
#define PD_POLICY_TEXT 128

struct pd_policy_period {
    long amount;            /* yuan: reward and onechild per year; special per month, child died */
    long amount_disabled;   /* special only: yuan per month, child disabled */
    struct pd_date from;    /* a 1 January */
    struct pd_date to;      /* a 31 December, or empty: until changed */
};

struct pd_programme_policy {
    char title[PD_POLICY_TEXT];        /* full Chinese name, printed on notices */
    struct pd_date born_on_or_after;   /* reward, special */
    int min_age;                       /* reward: age reached in the year assessed */
    struct pd_date no_oop_since;       /* reward: no out-of-policy birth on or after */
    int mother_min_age;                /* special: the mother's age reached in the year */
    int max_disability_grade;          /* special: grades 1..this qualify */
    int child_max_age;                 /* onechild: paid while the child's age in the year is below */
    int nperiods;
    struct pd_policy_period periods[PD_POLICY_PERIODS];   /* in date order */
};

/* X(key, min, max): the district targets, all required, as numbers. */
#define PD_POLICY_TARGETS(X)                                  \
    X(registered_births_max, 0, 10000000)                     \
    X(natural_growth_rate_max_permille, -1000, 1000)          \
    X(planned_birth_rate_min_percent, 0, 100)                 \
    X(sex_ratio_min, 0, 1000)                                 \
    X(sex_ratio_max, 0, 1000)                                 \
    X(premarital_check_rate_min_percent, 0, 100)              \
    X(prepregnancy_check_rate_min_percent, 0, 100)            \
    X(migrant_coverage_min_percent, 0, 100)                   \
    X(management_rate_min_percent, 0, 100)                    \
    X(statistics_error_rate_max_percent, 0, 100)              \
    X(public_service_rate_min_percent, 0, 100)

struct pd_policy_targets {
#define PD_X(key, min, max) double key;
    PD_POLICY_TARGETS(PD_X)
#undef PD_X
};

/* [fee] (social maintenance fee, 社会抚养费; docs/CASES.md): optional, so
 * policy files written before it still load; when the section is present
 * every key below is required.  Bases are yuan a year (the county's
 * per-capita urban disposable income / rural net income published for the
 * year before), by period of whole years like the programmes. */
struct pd_fee_period {
    long urban;             /* base for a non-agricultural spouse */
    long rural;             /* base for an agricultural spouse */
    struct pd_date from;    /* a 1 January */
    struct pd_date to;      /* a 31 December, or empty: until changed */
};
struct pd_fee_policy {
    bool configured;                   /* the file has a [fee] section */
    char title[PD_POLICY_TEXT];
    int multiple_unmarried;            /* a first child born outside marriage: base x this */
    int multiple_extra_min;            /* each child beyond policy: base x a multiple in min..max */
    int multiple_extra_max;
    int nperiods;
    struct pd_fee_period periods[PD_POLICY_PERIODS];
    unsigned seen_;                    /* internal to policy.c */
    uint8_t period_seen_[PD_POLICY_PERIODS];
};

struct pd_policy {
    /* [policy] */
    char name[64];
    int version;
    char province[64];
    char regulation[PD_POLICY_TEXT * 2];
    /* [targets] */
    struct pd_policy_targets targets;
    /* [statistics] */
    int year_start_month, year_start_day;
    /* [reward], [special], [onechild] */
    struct pd_programme_policy prog[PD_PROG__COUNT];
    /* [notice] */
    int notice_min_days;
    /* [fee] */
    struct pd_fee_policy fee;
    /* [hardship], [migrant_birth], [welfare_fund] (core/benefitpol.h; optional) */
    struct pd_benefit_policy benefit[PD_BEN__COUNT];
    /* internal to policy.c: which keys were set, for pd_policy_finish() */
    uint64_t seen_;
    uint8_t period_seen_[PD_PROG__COUNT][PD_POLICY_PERIODS];
};

/* Empties *p before the first pd_policy_set(). */
void pd_policy_init(struct pd_policy *p);
/* True when `section` is one the policy file may have. */
bool pd_policy_section_known(const char *section);
/* Checks one value and stores it.  Unknown section or key, a bad value, an
 * out-of-range number or a bad date fail with PD_ECONFIG. */
pd_err pd_policy_set(struct pd_policy *p, const char *section, const char *key,
                     const char *value, struct pd_error *err);
/* After the last pd_policy_set(): every required key present, periods
 * numbered 1..n without gaps, each from <= to, in order, not overlapping,
 * only the last open-ended; sex_ratio_min <= sex_ratio_max. */
pd_err pd_policy_finish(struct pd_policy *p, struct pd_error *err);
/* PD_ECONFIG "[section] key: what", the field "section.key": how every
 * refusal of a policy value reads (the policy file's own sections and the
 * ones other modules check, e.g. core/services.c's benefits). */
pd_err pd_policy_bad(struct pd_error *err, const char *section, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The [fee] base period in force for `year`, or NULL when none. */
const struct pd_fee_period *pd_policy_fee_period(const struct pd_policy *p, int year);

/* The period in force for `year` (whole years), or NULL when none. */
const struct pd_policy_period *pd_policy_period(const struct pd_policy *p,
                                                enum pd_programme prog, int year);

#endif
