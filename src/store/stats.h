/* stats.h - counting the register for the statistics: births, deaths,
 * population, married women, contraception, checks, migrants, for one
 * period and optionally one group (组: digits 13-14 of the household code).
 *
 * What counts as what is defined once, here and in docs/STATISTICS.md
 * ("Counting"); core/indicators.c turns the counts into indicators.  The
 * rosters and lists the reports print come from the same queries, so a
 * list and its total cannot disagree.  Whether a birth is within policy is
 * core/birthpolicy.c's rule on the facts store/policy_facts.c gathers.
 *
 * Births, in short: a children row of a woman (not adopted) whose mother
 * belonged to the registered population on the birth date; counted on its
 * birth date, except a late-found birth (recorded by person.birth after the
 * statistics year of its birth had ended, and after the register's set-up
 * day), which counts on the day it was recorded (the audit row's `at`).
 *
 * Ownership: rows passed to callbacks are borrowed for the call; callbacks
 * return non-zero to stop (not an error).
 */
#ifndef PD_STORE_STATS_H
#define PD_STORE_STATS_H

#include <stdbool.h>
#include "core/indicators.h"
#include "store/db.h"

struct pd_stats_query {
    struct pd_period period;
    char group[3];                /* "" for the whole register, else "01".."99" */
    struct pd_statyear statyear;  /* the policy's statistics year (late-found births) */
};

/* Checks a group argument: two digits 01-99. */
pd_err pd_stats_group_check(const char *group, struct pd_error *err);
/* Checks the group is two digits and that the register has a household in
 * it (of any status); an unknown group fails PD_ENOTFOUND naming the
 * groups there are, so a typo is not counted as a group of zeros. */
pd_err pd_stats_group_known(struct pd_db *db, const char *group, struct pd_error *err);

/* Every count of struct pd_counts, including the last quality check's
 * management figures and the last spot check's worst indicator. */
pd_err pd_stats_count(struct pd_db *db, const struct pd_stats_query *q, struct pd_counts *out,
                      struct pd_error *err);

/* Persons of the registered population present on the period's last day
 * (or today) holding a one-child parents' certificate dated by then (the
 * births report; not part of pd_stats_count, which the dashboard runs). */
pd_err pd_stats_onechild(struct pd_db *db, const struct pd_stats_query *q, long long *holders,
                         struct pd_error *err);

/* ---- births --------------------------------------------------------------- */

struct pd_birth_rec {
    char child[40];               /* person id of the baby, or "" (recorded on the mother only) */
    char name[96];
    char sex[4];                  /* "1", "2" or "" */
    char birth_date[PD_DATE_STRLEN];
    char counted_on[PD_DATE_STRLEN]; /* the birth date, or for a late-found birth the day recorded */
    bool late;
    bool alive;
    char death_date[PD_DATE_STRLEN];
    char mother[40], mother_name[96], mother_id[20];
    char father_name[96];
    char household[24];
    int order;                    /* 1, 2, ... (twins on one day share it); 0 unknown */
    int within_policy;            /* 1, 0, or -1 not judged (facts missing) */
    char policy_reason[128];
    char certificate[48];         /* the birth certificate (生育证) number, if any */
    bool migrant_mother;          /* memo rows: not in the registered births */
};

/* The births counted in the period (registered mothers), in counting order;
 * with memo, also births here to migrant mothers (migrant_mother set). */
pd_err pd_stats_births_each(struct pd_db *db, const struct pd_stats_query *q, bool memo,
                            int (*cb)(void *ctx, const struct pd_birth_rec *b), void *ctx,
                            struct pd_error *err);

/* ---- contraception (国人口统2表) ------------------------------------------ */

#define PD_STATS_METHODS 10       /* codes 1..9; [0] unused */

struct pd_contra_stats {
    long long married_women;              /* married women 15-49 on `to` */
    long long by_method[PD_STATS_METHODS];/* of them by the method in use (hers or husband's; 9 none) */
    long long no_method;                  /* no method recorded */
    long long pregnant;                   /* pregnant on `to` */
    /* surgeries in the period */
    long long iud_insert, iud_remove, female_steril, male_steril, implant, induced_abortion;
};

pd_err pd_stats_contraception(struct pd_db *db, const struct pd_stats_query *q,
                              struct pd_contra_stats *out, struct pd_error *err);

/* ---- the monthly village report ----------------------------------------- */

struct pd_monthly {
    long long births, deaths, marriages, pregnancies, surgeries;
};
pd_err pd_stats_monthly(struct pd_db *db, const struct pd_stats_query *q, struct pd_monthly *out,
                        struct pd_error *err);

/* ---- rosters ------------------------------------------------------------- */

struct pd_woman_rec {
    char pid[40], name[96], id_number[20], household[24], birth_date[PD_DATE_STRLEN];
    int age;
    char spouse_name[96];
    char method[4];               /* the method in use on `to` ("" none recorded) */
    bool husband_method;          /* the method is on the husband's record */
    char method_start[PD_DATE_STRLEN];
    bool pregnant;
    char expected[PD_DATE_STRLEN];
    int children;                 /* living children recorded */
};
/* Married women 15-49 of the registered population on `to`, by method then
 * household. */
pd_err pd_stats_women_each(struct pd_db *db, const struct pd_stats_query *q,
                           int (*cb)(void *ctx, const struct pd_woman_rec *w), void *ctx,
                           struct pd_error *err);

enum pd_cert_state { PD_CERT_VALID, PD_CERT_EXPIRING, PD_CERT_EXPIRED, PD_CERT_MISSING };

struct pd_migrant_rec {
    char pid[40], name[96], id_number[20], household[24], birth_date[PD_DATE_STRLEN];
    int age;
    char marital[4], from_place[200], arrived[PD_DATE_STRLEN];
    char cert_number[48], cert_authority[100], cert_issue[PD_DATE_STRLEN],
         cert_expiry[PD_DATE_STRLEN], cert_presented[PD_DATE_STRLEN];
    enum pd_cert_state state;     /* on `to`; expiring = within 30 days */
    bool complete;                /* counts for the coverage rate (married only) */
    char missing[160];            /* what keeps the record incomplete, in Chinese words
                                     ("配偶、避孕或怀孕记录") */
};
/* Migrant women 15-49 present on `to`, by certificate expiry. */
pd_err pd_stats_migrants_each(struct pd_db *db, const struct pd_stats_query *q,
                              int (*cb)(void *ctx, const struct pd_migrant_rec *m), void *ctx,
                              struct pd_error *err);

/* ---- spot check (统计误差率) ---------------------------------------------- */

/* X(id, key, zh) - what a surveyor counts per household. */
#define PD_SPOT_TABLE(X)                                   \
    X(PERSONS, "persons", "户籍人口")                      \
    X(BIRTHS, "births", "出生")                            \
    X(DEATHS, "deaths", "死亡")                            \
    X(MARRIED_WOMEN, "married_women", "已婚育龄妇女")      \
    X(CONTRACEPTION, "contraception", "落实避孕措施")

enum pd_spot_item {
#define PD_X(id, key, zh) PD_SPOT_##id,
    PD_SPOT_TABLE(PD_X)
#undef PD_X
    PD_SPOT__COUNT
};
const char *pd_spot_key(enum pd_spot_item i);
const char *pd_spot_zh(enum pd_spot_item i);

struct pd_spot_household {
    char code[24], address[200], head[96];
    long long reported[PD_SPOT__COUNT];
};
/* The households of q->group (required) with the register's figures for
 * the period: persons present on `to`, births and deaths counted in the
 * period, married women 15-49 on `to` and of them using a method. */
pd_err pd_stats_spot_households(struct pd_db *db, const struct pd_stats_query *q,
                                int (*cb)(void *ctx, const struct pd_spot_household *h), void *ctx,
                                struct pd_error *err);

struct pd_spot_result {
    char at[40], group[3], period[32];
    long long households;
    long long surveyed[PD_SPOT__COUNT], reported[PD_SPOT__COUNT];
};
/* Keeps the last spot check for the dashboard (meta "spotcheck_last"). */
pd_err pd_stats_spot_save(struct pd_db *db, const struct pd_spot_result *r, struct pd_error *err);
pd_err pd_stats_spot_last(struct pd_db *db, struct pd_spot_result *r, struct pd_error *err);

#endif
