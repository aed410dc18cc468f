/* benefitpol.h - the policy file's sections for the other benefits of the
 * "reward, exemption, relief, subsidy, support, help" scheme (docs/CASES.md,
 * "Other benefits"): hardship help for one-child families ([hardship]), the
 * migrant childbirth subsidy ([migrant_birth]) and relief from the
 * public-welfare fund ([welfare_fund]).
 *
 * Kept apart from policy.h so struct pd_policy can hold it without the
 * benefit rules (core/services.h).  Each section is optional, like [fee]:
 * a policy file written before it still loads, and an application under a
 * programme the file does not configure is refused with words saying so;
 * when a section is present every key is required and checked.  Amounts are
 * whole yuan by period of whole years, as in docs/POLICY.md.
 *
 * Pure; plain data, no pointers.  Called by core/policy.c.
 */
#ifndef PD_CORE_BENEFITPOL_H
#define PD_CORE_BENEFITPOL_H

#include <stdbool.h>
#include <stdint.h>
#include "core/date.h"
#include "core/err.h"

enum pd_benefit_prog {
    PD_BEN_HARDSHIP,    /* 独生子女困难家庭帮扶: education, poverty, illness */
    PD_BEN_MIGRANT,     /* 流动人口住院分娩补助: birth */
    PD_BEN_WELFARE,     /* 计划生育公益金救助: relief, any amount up to the ceiling */
    PD_BEN__COUNT
};
/* The event data's words for the programmes, in enum order. */
#define PD_BEN_PROG_CHOICES "hardship|migrant_birth|welfare_fund"
/* Every category of every programme (the event data's words). */
#define PD_BEN_CAT_CHOICES "education|poverty|illness|birth|relief"

#define PD_BEN_CATS 3           /* categories of one programme at most */
#define PD_BEN_PERIODS 8

struct pd_benefit_period {
    long amount[PD_BEN_CATS];   /* yuan per grant, by the programme's category;
                                   welfare_fund: the ceiling of one grant */
    struct pd_date from, to;    /* a 1 January; a 31 December or empty */
};

struct pd_benefit_policy {
    bool configured;            /* the section is in the file */
    char title[128];
    int times_per_year;         /* grants per person, category and year */
    int education_child_max_age;/* hardship: the child's age reached in the year, at most */
    long poverty_income_max;    /* hardship: yearly income per head stated, at most (yuan) */
    long illness_cost_min;      /* hardship: the family's own medical costs, at least (yuan) */
    int min_months_here;        /* migrant_birth: months here before the birth, at least */
    int apply_within_days;      /* migrant_birth: days from the birth to the application, at most */
    int nperiods;
    struct pd_benefit_period periods[PD_BEN_PERIODS];
    uint32_t seen_;             /* internal */
    uint8_t period_seen_[PD_BEN_PERIODS];
};

/* "hardship", "migrant_birth", "welfare_fund"; the policy file's section
 * names are the same words. */
const char *pd_benefit_prog_key(enum pd_benefit_prog p);
/* True when `section` names a benefit programme's section. */
bool pd_benefit_section(const char *section);
/* One key of a benefit section; PD_ECONFIG naming "[section] key" when the
 * key is unknown or the value bad.  b is the array of PD_BEN__COUNT. */
pd_err pd_benefit_policy_set(struct pd_benefit_policy b[PD_BEN__COUNT], const char *section,
                             const char *key, const char *value, struct pd_error *err);
/* After the last key: every key of a present section given, periods
 * numbered without gaps, in order, not overlapping, only the last open. */
pd_err pd_benefit_policy_finish(struct pd_benefit_policy b[PD_BEN__COUNT], struct pd_error *err);
/* The period in force for `year`, or NULL. */
const struct pd_benefit_period *pd_benefit_period(const struct pd_benefit_policy *b, int year);

#endif
