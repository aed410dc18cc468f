/* quality.h - the data-quality checks of DOMAIN.md ("Data quality"): what
 * is wrong with a record, in words, with the person and the field.
 *
 * The district audits the statistics error rate, so a register must find
 * its own mistakes.  Every kind of problem is one row of PD_QUALITY_TABLE:
 * completeness (marital status empty at 15 or more, a married woman of
 * 15-49 without her first-marriage date, a contraceptive method without its
 * start date, core fields missing), logic (ID check character wrong, sex
 * or birth date disagreeing with the ID, a mother under 15 or over 55 at a
 * birth, a child born before the mother's marriage recorded as within
 * policy, one person in two households, the same ID twice, a dead person
 * with later records, a migrant's certificate expired) and likely
 * duplicates for a clerk to merge (person.merge).
 *
 * The store reads the register and hands each record to these functions
 * (src/store/quality_store.c); the rules and their words live here.  Pure:
 * no I/O.  Problems go to the caller's callback, borrowed for the call.
 */
#ifndef PD_CORE_QUALITY_H
#define PD_CORE_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include "core/date.h"

enum pd_qseverity { PD_Q_ERROR, PD_Q_WARNING };

/* X(id, key, severity, zh, en) */
#define PD_QUALITY_TABLE(X)                                                                    \
    X(MARITAL_MISSING,  "marital_missing",  PD_Q_WARNING, "婚姻状况空缺",       "marital status empty at 15 or more") \
    X(FIRST_MARRIAGE,   "first_marriage_missing", PD_Q_WARNING, "缺初婚日期",   "married woman 15-49 without first-marriage date") \
    X(CONTRA_START,     "contraception_start_missing", PD_Q_WARNING, "避孕措施缺开始日期", "contraceptive method without start date") \
    X(CORE_MISSING,     "core_field_missing", PD_Q_WARNING, "核心项缺失",       "core field missing")                 \
    X(ID_INVALID,       "id_invalid",       PD_Q_ERROR,   "身份证号错误",       "ID number wrong (check character or format)") \
    X(ID_SEX,           "id_sex",           PD_Q_ERROR,   "性别与身份证号不符", "sex disagrees with the ID number")  \
    X(ID_BIRTH,         "id_birth",         PD_Q_ERROR,   "出生日期与身份证号不符", "birth date disagrees with the ID number") \
    X(MOTHER_AGE,       "mother_age",       PD_Q_ERROR,   "生育年龄异常",       "mother under 15 or over 55 at a birth") \
    X(BEFORE_MARRIAGE,  "policy_before_marriage", PD_Q_ERROR, "婚前生育记为政策内", "child born before the mother's marriage recorded as within policy") \
    X(TWO_HOUSEHOLDS,   "two_households",   PD_Q_ERROR,   "一人两户",           "one person in two households")      \
    X(SAME_ID,          "same_id",          PD_Q_ERROR,   "身份证号重复",       "the same ID number twice")          \
    X(DEAD_LATER,       "dead_later",       PD_Q_ERROR,   "死亡后仍有记录",     "dead person with later records")    \
    X(CERT_EXPIRED,     "certificate_expired", PD_Q_WARNING, "婚育证明过期",    "migrant certificate expired")       \
    X(LIKELY_DUPLICATE, "likely_duplicate", PD_Q_WARNING, "疑似重复",           "likely duplicate (same name, birth date and sex in two households)")

enum pd_qkind {
#define PD_X(id, key, sev, zh, en) PD_Q_##id,
    PD_QUALITY_TABLE(PD_X)
#undef PD_X
    PD_Q__COUNT
};

struct pd_qkind_def {
    enum pd_qkind kind;
    const char *key;
    enum pd_qseverity severity;
    const char *zh, *en;
};

const struct pd_qkind_def *pd_qkind_def(enum pd_qkind kind);
const struct pd_qkind_def *pd_qkind_find(const char *key);
const char *pd_qseverity_key(enum pd_qseverity s);   /* "error" / "warning" */

#define PD_Q_REF 40
#define PD_Q_NAME 96
#define PD_Q_REASON 320

/* One problem: the person (and household), the field at fault, the reason
 * in words, and for duplicates the other record. */
struct pd_problem {
    enum pd_qkind kind;
    long long rowid;              /* the person's row (store-internal), 0 if none */
    char person[PD_Q_REF];
    char household[PD_Q_REF];
    char name[PD_Q_NAME];
    char field[64];
    char reason[PD_Q_REASON];
    char other[PD_Q_REF];         /* the other record of a pair, or "" */
};

typedef void (*pd_problem_fn)(void *ctx, const struct pd_problem *p);

/* A person as the checks see it: text as stored ("" when empty). */
struct pd_qperson {
    long long rowid;
    const char *pid, *household, *name, *id_number, *sex, *birth_date, *ethnicity,
               *relation, *reg_type, *reg_address, *cur_address, *marital,
               *first_marriage_date, *contra_method, *contra_start;
    bool migrant;
    const char *status, *end_date;   /* "active", "dead", ... */
};

/* Completeness and the ID number of one living person present ("active"):
 * marital status at 15+, first-marriage date of a married woman 15-49,
 * method start, each missing core field (name, ID number, sex, birth date,
 * ethnicity, current and registered address, registration type, relation
 * to the head for a member of a household; marital status is its own
 * rule), ID check character and format, sex and birth date against the ID.
 * `today` sets ages and bounds the ID's date. */
void pd_quality_person(const struct pd_qperson *p, struct pd_date today,
                       pd_problem_fn fn, void *ctx);

/* One child of a woman (a children row): the mother's age at the birth
 * (under 15 or over 55: adopted children excepted), and a child recorded
 * within policy although born before the mother's first marriage (or to a
 * mother recorded as never married). */
struct pd_qbirth {
    const struct pd_qperson *mother;
    const char *child_name;       /* "" when the row has none */
    const char *birth_date;
    bool adopted;
    int within_policy;            /* as recorded: 1, 0, or -1 not recorded */
};
void pd_quality_birth(const struct pd_qbirth *b, pd_problem_fn fn, void *ctx);

/* Records present ("active") sharing one ID number, n >= 2: one problem
 * for the group - in two (or more) households, else the same ID twice. */
void pd_quality_same_id(const struct pd_qperson *const *recs, int n,
                        pd_problem_fn fn, void *ctx);

/* Records present sharing name, birth date and sex, n >= 2.  A pair is a
 * likely duplicate when the two are in different households (or one has
 * none) and their ID numbers do not tell them apart (one or both missing;
 * the same number is the same-ID problem instead).  One problem per pair,
 * on the later record, naming the earlier as `other`. */
void pd_quality_duplicates(const struct pd_qperson *const *recs, int n,
                           pd_problem_fn fn, void *ctx);

/* A dead person's record dated after the death: `what` says which record
 * ("contraception started", "pregnancy registered", "child born" ...),
 * `field` the column, `date` its date.  Reported when date > the death
 * date; for a father's child `grace_days` (300) allows a posthumous birth.
 * Returns true if it reported. */
bool pd_quality_dead_later(const struct pd_qperson *p, const char *what, const char *field,
                           const char *date, int grace_days, pd_problem_fn fn, void *ctx);

/* A migrant woman present, 18-49 on `today` (she must hold the marriage
 * and childbearing certificate): her latest certificate's expiry has
 * passed.  An empty expiry is not this problem (the coverage rate counts
 * incomplete records). */
void pd_quality_certificate(const struct pd_qperson *p, const char *number, const char *expiry,
                            struct pd_date today, pd_problem_fn fn, void *ctx);

#endif
