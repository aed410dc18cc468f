/* services.h - the rules of the service and benefit cases (docs/CASES.md):
 * high-risk family archives and their guidance records, women's health
 * services, and the other benefits (hardship help for one-child families,
 * the migrant childbirth subsidy, relief from the public-welfare fund) with
 * their conditions and amounts from the policy file (core/benefitpol.h).
 *
 * Pure: the code lists, the quarter of a date, the rates with their
 * numerator and denominator, and the benefit conditions decided from facts
 * the store gathers (src/store/services.c), each condition in words.
 *
 * Ownership: plain data, no pointers; results go into the caller's structs.
 */
#ifndef PD_CORE_SERVICES_H
#define PD_CORE_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include "core/approval.h"      /* enum pd_chk: met, NOT MET, to check */
#include "core/benefitpol.h"
#include "core/date.h"
#include "core/err.h"

/* ---- code lists ---------------------------------------------------------- */

/* One code list: the event data's word, Chinese and English names. */
struct pd_svc_code { const char *key, *zh, *en; };

/* High-risk groups (高危人群) archived: the documented list (docs/CASES.md). */
#define PD_RISK_GROUPS \
    "disabled_child|screening_positive|genetic|advanced_age|adverse_history|chronic_disease|other"
/* Kinds of guidance service given to an archived family. */
#define PD_GUIDANCE_KINDS "counselling|home_visit|medical_check|genetic_counselling|referral|other"
/* Women's health services: 三查 (pregnancy/IUD check), 两癌 (cervical,
 * breast), free contraceptive supplies, counselling. */
#define PD_HEALTH_KINDS "check|cervical|breast|supplies|counselling"

enum pd_svc_list { PD_SVC_RISK, PD_SVC_GUIDANCE, PD_SVC_HEALTH };
/* The entry for `key` in a list, or NULL. */
const struct pd_svc_code *pd_svc_code_find(enum pd_svc_list list, const char *key);
/* Entry i of a list, NULL past the end. */
const struct pd_svc_code *pd_svc_code_at(enum pd_svc_list list, int i);
/* Chinese name of a key, or the key itself when unknown. */
const char *pd_svc_zh(enum pd_svc_list list, const char *key);
/* PD_EINVAL naming `field` and listing the words when key is unknown. */
pd_err pd_svc_code_check(enum pd_svc_list list, const char *key, const char *field,
                         struct pd_error *err);

/* ---- quarters and rates --------------------------------------------------- */

/* "2012Q2" for a day in April-June 2012. */
void pd_quarter_of(struct pd_date d, char buf[8]);
/* "2012Q2" (also "2012q2") into year and quarter 1-4; PD_EINVAL naming field. */
pd_err pd_quarter_parse(const char *s, int *year, int *quarter, const char *field,
                        struct pd_error *err);
/* The first and last day of a quarter. */
void pd_quarter_range(int year, int quarter, struct pd_date *from, struct pd_date *to);

/* A rate kept with its parts: num / den x 100; `valid` false when den is 0. */
struct pd_svc_rate { long long num, den; double percent; bool valid; };
void pd_svc_rate_make(long long num, long long den, struct pd_svc_rate *out);
/* "66.7% (2/3)" or "- (0/0)". */
void pd_svc_rate_text(const struct pd_svc_rate *r, char *buf, size_t size);

/* ---- benefits ------------------------------------------------------------- */

/* Short Chinese name ("独生子女困难家庭帮扶"), the file's title overriding it on lists. */
const char *pd_benefit_prog_zh(enum pd_benefit_prog p);
pd_err pd_benefit_prog_parse(const char *s, enum pd_benefit_prog *out, const char *field,
                             struct pd_error *err);
/* The categories of a programme: "education", "poverty", "illness" for
 * hardship; "birth" for migrant_birth; "relief" for welfare_fund. */
int pd_benefit_ncats(enum pd_benefit_prog p);
const char *pd_benefit_cat_key(enum pd_benefit_prog p, int cat);
const char *pd_benefit_cat_zh(enum pd_benefit_prog p, int cat);
/* A category word of programme p into its index; PD_EINVAL naming `field`
 * and listing the programme's categories otherwise. */
pd_err pd_benefit_cat_parse(enum pd_benefit_prog p, const char *s, int *cat, const char *field,
                            struct pd_error *err);

/* What the register says about the applicant (gathered by the store). */
struct pd_benefit_facts {
    bool active;                    /* alive and registered here (or a migrant present) */
    char status[16];                /* persons.status when not active */
    bool migrant;                   /* in the migrant register */
    char sex;                       /* '1', '2' */
    bool married;                   /* marital status 20-23 */
    /* one-child parents' certificate held by the person or the linked spouse */
    bool onechild_cert;
    char onechild_number[48];
    /* the certificate's child, else the only child */
    bool child_known;
    struct pd_date child_birth;
    bool child_alive;
    /* children in the register (the person's rows) */
    int living_children, daughters_living, sons_living;
    /* the person or the linked spouse sterilised (method 1 or 2 in use) */
    bool sterilised;
    /* migrant_birth: arrival here, the marriage-and-childbearing certificate */
    struct pd_date arrived;
    char mcert_number[48];
    struct pd_date mcert_expiry;
    int earlier_children;           /* her children born before the birth in question */
    bool second_child_cert;         /* a second-child certificate before the birth */
    /* grants in the same programme, category and year not refused, this one excluded */
    int grants_this_year;
};

struct pd_benefit_request {
    enum pd_benefit_prog prog;
    int category;
    struct pd_date date;            /* the application's */
    long income;                    /* hardship poverty: yearly income per head stated (-1: not given) */
    long cost;                      /* hardship illness: own medical costs stated (-1: not given) */
    long amount;                    /* welfare_fund: the amount asked (0: not given) */
    struct pd_date birth;           /* migrant_birth: the birth's date (empty: not given) */
};

#define PD_BEN_CONDS 10
struct pd_benefit_result {
    int n;
    struct { enum pd_chk state; char words[200]; } c[PD_BEN_CONDS];
    bool blocked;                   /* a condition NOT MET: cannot be approved */
    long amount;                    /* yuan granted if approved (0 when no amount in force) */
};

/* Decides the conditions of one application under the programme's policy
 * (`pol` = the programme's section; not configured: one NOT MET condition
 * saying so).  Conditions, each in words (docs/CASES.md has the table):
 * registered; the programme's own; times per year; an amount in force. */
void pd_benefit_assess(const struct pd_benefit_policy *pol, const struct pd_benefit_request *req,
                       const struct pd_benefit_facts *f, struct pd_benefit_result *out);
/* Benefit words (one condition's, or a stored `checks` "[met] a; [NOT MET]
 * b", stored in English) in `lang` ("zh", "en"; NULL: the UI language).
 * Returns the length the whole would have. */
size_t pd_benefit_words_text(const char *words, const char *lang, char *buf, size_t size);

#endif
