/* subsidy.h - the eligibility engine for the three subsidy programmes
 * (DOMAIN.md "Subsidy programmes"): the rural family-planning reward (奖扶),
 * special assistance (特扶) and the one-child parents' reward.
 *
 * Pure: the store gathers a person's facts (src/store/policy_facts.c), the
 * policy comes from the policy file (core/policy.h), and pd_subsidy_assess()
 * says for one person, programme and year: eligible or not, the category,
 * the yearly amount, and one condition per rule with its outcome.  The
 * words are made only when asked (pd_subsidy_cond_words), so assessing a
 * whole register stays cheap; they exist in Chinese (lists, notices) and
 * English (the command line in English).  docs/POLICY.md lists every rule
 * and which are popdesk's documented defaults.
 *
 * Ownership: plain structs, no pointers; nothing allocates.
 */
#ifndef PD_CORE_SUBSIDY_H
#define PD_CORE_SUBSIDY_H

#include <stdbool.h>
#include <stddef.h>
#include "core/date.h"
#include "core/policy.h"

#define PD_FACTS_CHILDREN 16
#define PD_FACTS_REF 40
#define PD_FACTS_NAME 96

struct pd_child_facts {
    char sex;                  /* '1' male, '2' female, else unknown */
    struct pd_date birth;
    bool alive;
    struct pd_date death;      /* may be empty for a dead child */
    bool adopted;
    int disability_grade;      /* 1..4 from a certificate; 0 none known */
    int within_policy;         /* 1 within, 0 out of policy, -1 not known */
};

enum pd_person_status { PD_PS_ACTIVE, PD_PS_DEAD, PD_PS_MOVED_OUT, PD_PS_LEFT };

struct pd_person_facts {
    char pid[PD_FACTS_REF];
    char household[PD_FACTS_REF];
    char name[PD_FACTS_NAME];
    char id_number[20];
    char sex;                  /* '1' / '2' */
    struct pd_date birth;
    char reg_type;             /* '1' non-agricultural, '2' agricultural, '9' other, 0 unknown */
    enum pd_person_status status;
    struct pd_date end_date;   /* death, move out */
    bool migrant;              /* in the migrant register: not registered here */
    bool urban_pension;
    /* spouse: from the spouse's record when linked, else the stored name */
    char spouse_name[PD_FACTS_NAME];
    char spouse_sex;           /* 0 when no spouse is known */
    struct pd_date spouse_birth;
    bool spouse_alive;
    /* children from the children table (own rows, else the spouse's) */
    int nchildren;             /* may exceed PD_FACTS_CHILDREN; the rest are not detailed */
    struct pd_child_facts children[PD_FACTS_CHILDREN];
    /* one-child parents' certificate (certificates kind onechild) */
    bool onechild_cert;
    char onechild_number[48];
    struct pd_date onechild_date;
    int onechild_child;        /* index into children of the certificate's child, -1 unknown */
};

/* Categories: what the person qualifies as (or would). */
enum pd_subsidy_category {
    PD_CAT_NONE,
    PD_CAT_ONE_CHILD,       /* reward: exactly one living child */
    PD_CAT_TWO_DAUGHTERS,   /* reward: two daughters */
    PD_CAT_ALL_DIED,        /* reward: all children died */
    PD_CAT_CHILD_DIED,      /* special: the only child died */
    PD_CAT_CHILD_DISABLED,  /* special: the only child disabled, grade 1..max */
    PD_CAT_CERTIFICATE,     /* onechild: certificate holder */
};
/* Short words for lists: "独生子女" / "one child", ... */
const char *pd_subsidy_category_words(enum pd_subsidy_category c, const char *lang);

/* The conditions the engine checks, each one rule of DOMAIN.md. */
enum pd_cond_kind {
    PD_C_REGISTERED,    /* alive and registered here */
    PD_C_RURAL,         /* agricultural registration */
    PD_C_BORN_AFTER,    /* born on or after the policy date */
    PD_C_AGE,           /* aged min_age or more in the year */
    PD_C_NO_OOP,        /* no out-of-policy birth since the policy date */
    PD_C_CHILDREN,      /* reward: one living child / two daughters / all died */
    PD_C_NO_PENSION,    /* not drawing the urban employee pension */
    PD_C_MOTHER_AGE,    /* special: the mother (or single parent) aged 49+ */
    PD_C_ONE_CHILD,     /* special / onechild: had or adopted exactly one child */
    PD_C_CHILD_STATE,   /* special: the child died or is disabled grade 1..max */
    PD_C_CERTIFICATE,   /* onechild: holds a one-child certificate issued by the year */
    PD_C_CHILD_AGE,     /* onechild: the child's age in the year below the limit */
    PD_C_NOT_TWINS,     /* onechild: not twins */
    PD_C_IN_FORCE,      /* an amount is in force for the year */
};

/* One condition and what the words need; `detail` says which branch. */
struct pd_cond {
    enum pd_cond_kind kind;
    bool ok;
    int detail;             /* kind-specific (see subsidy.c) */
    int n1, n2, n3;         /* numbers for the words (ages, counts, years, grades) */
    struct pd_date date;    /* a date for the words (birth, death, certificate) */
};

#define PD_SUBSIDY_CONDS 10

struct pd_subsidy_result {
    enum pd_programme prog;
    int year;
    bool eligible;                      /* every condition ok */
    enum pd_subsidy_category category;
    long yearly;                        /* yuan for the year when eligible, else 0 */
    int ncond;
    struct pd_cond cond[PD_SUBSIDY_CONDS];
};

/* Assesses one person for one programme and year.  Never fails: facts
 * that are missing make the condition fail with words saying so. */
void pd_subsidy_assess(const struct pd_policy *policy, enum pd_programme prog, int year,
                       const struct pd_person_facts *f, struct pd_subsidy_result *out);

/* One condition in words ("aged 61 in 2012", "out-of-policy birth 1985: not
 * eligible"), in "zh" or "en".  Returns buf. */
const char *pd_subsidy_cond_words(const struct pd_cond *c, const char *lang,
                                  char *buf, size_t size);
/* Every condition, joined with "; " (or only the failing ones when
 * failing_only), into buf.  Returns buf. */
const char *pd_subsidy_reasons(const struct pd_subsidy_result *r, const char *lang,
                               bool failing_only, char *buf, size_t size);

/* "1女", "2女", "1子1女", "0(1子已故)": living children by sex for lists. */
const char *pd_subsidy_children_words(const struct pd_person_facts *f, char *buf, size_t size);

/* The year's age: the age a person reaches in `year` (year - birth year);
 * -1 when the birth date is unknown.  DOMAIN.md's "aged 60 in the year". */
int pd_age_in_year(struct pd_date birth, int year);

#endif
