/* indicators.h - the statistics of DOMAIN.md's indicator table, made from
 * counts, and the periods they are made for.
 *
 * The store counts (src/store/stats.c: what is a birth, a death, a married
 * woman of 15-49 on a date...); this module turns the counts into the
 * indicators, each keeping its numerator and denominator so a report can
 * show how the figure was made, and compares them with the district targets
 * of the policy file.  Formulas DOMAIN.md marks **default** carry
 * `is_default` and are documented as such in docs/STATISTICS.md.
 *
 * Periods: the statistics year (from the policy's [statistics] start, by
 * default 1 October to 30 September, named by the year it ends in:
 * "stat-2012" = 2011-10-01..2012-09-30), a calendar year ("2012"), a month
 * ("2012-05") or any dates ("2012-01-01..2012-06-30"), both ends included.
 *
 * Pure: no I/O.  Ownership: plain structs, no pointers to free; `def`
 * points into a static table.
 */
#ifndef PD_CORE_INDICATORS_H
#define PD_CORE_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>
#include "core/date.h"
#include "core/err.h"
#include "core/policy.h"

/* ---- periods ------------------------------------------------------------ */

enum pd_period_kind {
    PD_PERIOD_STATYEAR,   /* "stat-2012" */
    PD_PERIOD_YEAR,       /* "2012" */
    PD_PERIOD_MONTH,      /* "2012-05" */
    PD_PERIOD_RANGE,      /* "2012-01-01..2012-06-30" */
};

struct pd_period {
    enum pd_period_kind kind;
    struct pd_date from, to;   /* both days included */
    char label[32];            /* the text form above; parses back to the same period */
};

/* First day of the statistics year (policy [statistics] year_start_*). */
struct pd_statyear { int month, day; };
#define PD_STATYEAR_DEFAULT ((struct pd_statyear){ 10, 1 })

/* Checks a start day (a real day of a common year; 29 February refused). */
pd_err pd_statyear_check(struct pd_statyear sy, struct pd_error *err);

/* Parses the forms above.  A bad text fails naming field "period" with the
 * forms that are accepted. */
pd_err pd_period_parse(const char *text, struct pd_statyear sy, struct pd_period *out,
                       struct pd_error *err);
/* The statistics year named `year` (the one ending in it, or, when the year
 * starts on 1 January, that calendar year). */
void pd_period_statyear(int year, struct pd_statyear sy, struct pd_period *out);
void pd_period_year(int year, struct pd_period *out);
void pd_period_month(int year, int month, struct pd_period *out);
/* Any dates; from must not be after to. */
pd_err pd_period_range(struct pd_date from, struct pd_date to, struct pd_period *out,
                       struct pd_error *err);
/* The statistics year that contains d. */
void pd_period_statyear_of(struct pd_date d, struct pd_statyear sy, struct pd_period *out);
bool pd_period_contains(const struct pd_period *p, struct pd_date d);
/* The period of `kind` that contains d (a statistics year, a calendar year,
 * a month); for PD_PERIOD_RANGE, the month of d (the screens start a
 * range from there and the user types the dates). */
void pd_period_of_kind(enum pd_period_kind kind, struct pd_date d, struct pd_statyear sy,
                       struct pd_period *out);
/* The period `delta` steps before (< 0) or after p: years, statistics years
 * or months; a range moves by its own length in days.  Keeps p's kind. */
void pd_period_shift(const struct pd_period *p, int delta, struct pd_statyear sy,
                     struct pd_period *out);
/* "2012统计年度 (2011-10-01 至 2012-09-30)" and the like, for report titles. */
void pd_period_describe(const struct pd_period *p, char *buf, size_t size);

/* The latest birth date of a person who is `years` or older on `on`
 * (pd_age_on's rule: a 29 February birthday is reached on 1 March).  Age
 * 15-49 on D is: born after pd_age_bound(D, 50) and on or before
 * pd_age_bound(D, 15). */
struct pd_date pd_age_bound(struct pd_date on, int years);

/* ---- counts --------------------------------------------------------------- */

/* What the store counts for one period (and optionally one group).  The
 * definitions behind every field are in docs/STATISTICS.md, "Counting". */
struct pd_counts {
    /* registered population (户籍人口; migrants are not in it) */
    long long pop_start;            /* present at the end of the day before `from` */
    long long pop_end;              /* present at the end of `to` */
    /* live births to registered mothers, counted in the period */
    long long births;
    long long births_late;          /* of which late-found: counted when recorded */
    long long births_male, births_female;
    long long births_within_policy;
    long long births_policy_unknown;    /* of the births not within policy: not judged (facts missing) */
    long long births_by_order[3];       /* first, second, third and higher */
    long long births_by_order_policy[3];/* of which within policy */
    long long births_migrant;       /* memo: births here to migrant mothers (not in `births`) */
    long long deaths;
    /* married women 15-49 of the registered population on `to` */
    long long married_women;
    long long married_women_able;   /* of whom able to conceive (default: not pregnant) */
    long long married_women_using;  /* of those, using a method (hers or her husband's) */
    /* persons whose marriage was registered in the period, and of them checked */
    long long marriages, marriages_checked;
    /* couples planning a within-policy pregnancy (default) and of them checked */
    long long planning, planning_checked;
    /* migrant married women 15-49 present on `to`, and of them with a complete record */
    long long migrant_women, migrant_women_complete;
    /* married women 15-49 to be served, and of them served free in the period (default) */
    long long women_to_serve, women_served;
    /* actual population now (registered + migrants present) and, of them,
     * persons with no problem in the last quality check */
    bool have_quality;
    char quality_at[32];            /* when that check ran */
    long long population_actual, persons_managed;
    /* the last spot check: the indicator with the largest error */
    bool have_spotcheck;
    char spot_at[32];
    char spot_indicator[48];
    long long spot_surveyed, spot_reported;
};

/* ---- indicators ----------------------------------------------------------- */

enum pd_unit { PD_UNIT_COUNT, PD_UNIT_PERMILLE, PD_UNIT_PERCENT, PD_UNIT_RATIO };
enum pd_target_kind { PD_TARGET_NONE, PD_TARGET_MAX, PD_TARGET_MIN, PD_TARGET_RANGE };

/* X(id, key, zh, en, unit, is_default, formula) */
#define PD_INDICATOR_TABLE(X)                                                                         \
    X(BIRTHS,         "births",                 "户籍人口出生数",     "registered births",          PD_UNIT_COUNT,    false, \
      "live births of the registered population in the period")                                      \
    X(BIRTH_RATE,     "birth_rate",             "出生率",             "birth rate",                 PD_UNIT_PERMILLE, false, \
      "births / average population x 1000; average population = (start + end) / 2")                 \
    X(DEATH_RATE,     "death_rate",             "死亡率",             "death rate",                 PD_UNIT_PERMILLE, false, \
      "deaths / average population x 1000")                                                          \
    X(GROWTH_RATE,    "natural_growth_rate",    "人口自然增长率",     "natural growth rate",        PD_UNIT_PERMILLE, false, \
      "(births - deaths) / average population x 1000")                                               \
    X(PLANNED,        "planned_birth_rate",     "计划生育率",         "planned-birth rate",         PD_UNIT_PERCENT,  false, \
      "births within policy / all births x 100%")                                                    \
    X(SEX_RATIO,      "sex_ratio",              "出生人口性别比",     "sex ratio at birth",         PD_UNIT_RATIO,    false, \
      "male births / female births x 100 (normal 103-107)")                                          \
    X(CONTRACEPTION,  "contraceptive_rate",     "综合避孕率",         "contraceptive-use rate",     PD_UNIT_PERCENT,  false, \
      "married women 15-49 using a method / married women 15-49 able to conceive")                   \
    X(PREMARITAL,     "premarital_check_rate",  "婚前医学检查率",     "premarital check rate",      PD_UNIT_PERCENT,  false, \
      "people with a premarital check / people registering a marriage")                              \
    X(PREPREGNANCY,   "prepregnancy_check_rate","免费孕前优生健康检查率", "free pre-pregnancy check rate", PD_UNIT_PERCENT, false, \
      "couples checked / couples planning a within-policy pregnancy")                                \
    X(MIGRANT,        "migrant_coverage",       "流动人口已婚育龄妇女信息覆盖率", "migrant married women information coverage", PD_UNIT_PERCENT, true, \
      "married migrant women 15-49 with a complete record / all known present")                      \
    X(MANAGEMENT,     "management_rate",        "全员人口信息管理率", "whole-population information management rate", PD_UNIT_PERCENT, true, \
      "persons whose core fields are complete and pass checks / actual population")                  \
    X(STAT_ERROR,     "statistics_error_rate",  "统计误差率",         "statistics error rate",      PD_UNIT_PERCENT,  true,  \
      "abs(surveyed - reported) / surveyed x 100%, per indicator, from a spot check")                \
    X(PUBLIC_SERVICE, "public_service_rate",    "免费基本公共服务率", "free basic public service rate", PD_UNIT_PERCENT, true, \
      "married women served free at least once / married women to be served")

enum pd_indicator_id {
#define PD_X(id, key, zh, en, unit, dflt, formula) PD_IND_##id,
    PD_INDICATOR_TABLE(PD_X)
#undef PD_X
    PD_IND__COUNT
};

struct pd_indicator_def {
    enum pd_indicator_id id;
    const char *key;        /* "birth_rate": CSV and the command line */
    const char *zh, *en;
    enum pd_unit unit;
    bool is_default;        /* DOMAIN.md marks the formula **default** */
    const char *formula;    /* in words (English), for reports and docs */
};

const struct pd_indicator_def *pd_indicator_def(enum pd_indicator_id id);
const struct pd_indicator_def *pd_indicator_find(const char *key);

enum pd_ind_status {
    PD_IND_NA,          /* the denominator is 0: no value */
    PD_IND_NO_TARGET,   /* a value, no target to compare */
    PD_IND_MET,
    PD_IND_MISSED,      /* outside the target (for the sex ratio: outside 103-107) */
};

struct pd_indicator {
    const struct pd_indicator_def *def;
    double num, den;        /* as counted; den 0 for a plain count */
    bool defined;           /* a value exists (a count always; a rate when den > 0) */
    double value;           /* in the unit: count, per mille, percent, or x100 ratio */
    enum pd_target_kind target;
    double tmin, tmax;      /* MIN uses tmin, MAX tmax, RANGE both */
    enum pd_ind_status status;
};

/* Every indicator from the counts.  targets may be NULL (no comparison).
 * The management rate and the statistics error rate are NA when the counts
 * carry no quality check or spot check. */
void pd_indicators_compute(const struct pd_counts *c, const struct pd_policy_targets *targets,
                           struct pd_indicator out[PD_IND__COUNT]);

/* |surveyed - reported| / surveyed x 100; false (no value) when surveyed is 0
 * and reported is not 0; 0 when both are 0. */
bool pd_stat_error_rate(long long surveyed, long long reported, double *rate);

/* The value with its unit ("12.35‰", "97.50%", "105.26", "3") or "-" when
 * there is none. */
void pd_indicator_value_text(const struct pd_indicator *ind, char *buf, size_t size);
/* The target ("≤ 3500", "≥ 97%", "103-107") or "" when there is none. */
void pd_indicator_target_text(const struct pd_indicator *ind, char *buf, size_t size);
/* "达标" / "未达标" / "无数据" / "" (no target); en: "met" / "missed" / "no data".
 * A range target missed (the sex ratio outside 103-107) is "！超出范围" /
 * "out of range": the flag DOMAIN.md asks for, on every report and screen. */
const char *pd_indicator_status_text(const struct pd_indicator *ind, const char *lang);

#endif
