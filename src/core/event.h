/* event.h - the change events that keep the register.
 *
 * Every change to the register is an event: a type, the household and person
 * it concerns, and its data (a JSON object whose fields docs/EVENTS.md lists).
 * This module knows every type, which records it needs, and checks an event's
 * data on its own (the store then checks it against the register).  It also
 * writes the envelope sent to the district (SYNC.md).  Pure: no I/O.
 *
 * Ownership: struct pd_event owns `data` (one reference); pd_event_done()
 * drops it.  Strings are fixed buffers inside the struct.
 */
#ifndef PD_CORE_EVENT_H
#define PD_CORE_EVENT_H

#include <stdbool.h>
#include <jansson.h>
#include "core/date.h"
#include "core/err.h"
#include "core/fields.h"

enum pd_ev_target {
    PD_EVT_HOUSEHOLD,      /* needs an existing household; no person */
    PD_EVT_NEW_HOUSEHOLD,  /* creates the household named in data.code */
    PD_EVT_PERSON,         /* needs an existing living person */
    PD_EVT_NEW_PERSON,     /* creates a person (household optional for migrants) */
    PD_EVT_RECORD,         /* a person or a household (corrections) */
    PD_EVT_NONE,           /* station-level (answers to the district) */
};

/* X(id, name, zh, en, target, data fields)  */
#define PD_EVENT_TABLE(X)                                                                    \
    X(HOUSEHOLD_ADD,   "household.add",   "立户",         "new household",        PD_EVT_NEW_HOUSEHOLD) \
    X(PERSON_ADD,      "person.add",      "登记人口",     "person registered",    PD_EVT_NEW_PERSON)    \
    X(PERSON_BIRTH,    "person.birth",    "出生",         "birth",                PD_EVT_NEW_PERSON)    \
    X(PERSON_DEATH,    "person.death",    "死亡",         "death",                PD_EVT_PERSON)        \
    X(PERSON_MOVE_IN,  "person.move_in",  "迁入",         "move in",              PD_EVT_NEW_PERSON)    \
    X(PERSON_MOVE_OUT, "person.move_out", "迁出",         "move out",             PD_EVT_PERSON)        \
    X(PERSON_MARRIAGE, "person.marriage", "婚姻变动",     "marriage change",      PD_EVT_PERSON)        \
    X(PERSON_CHILD,    "person.child",    "子女登记",     "child recorded",       PD_EVT_PERSON)        \
    X(WOMAN_ENTER,     "woman.enter",     "进入育龄妇女", "enters childbearing-age register", PD_EVT_PERSON) \
    X(WOMAN_LEAVE,     "woman.leave",     "退出育龄妇女", "leaves childbearing-age register", PD_EVT_PERSON) \
    X(CONTRACEPTION,   "woman.contraception", "避孕节育", "contraception change", PD_EVT_PERSON)        \
    X(PREGNANCY,       "woman.pregnancy", "怀孕登记",     "pregnancy registered", PD_EVT_PERSON)        \
    X(PREG_OUTCOME,    "woman.pregnancy_outcome", "妊娠结局", "pregnancy outcome", PD_EVT_PERSON)      \
    X(MIGRANT_ARRIVE,  "migrant.arrive",  "流动人口流入", "migrant arrives",      PD_EVT_NEW_PERSON)    \
    X(MIGRANT_LEAVE,   "migrant.leave",   "流动人口离开", "migrant leaves",       PD_EVT_PERSON)        \
    X(CERTIFICATE,     "certificate.issue", "发证",       "certificate issued",   PD_EVT_PERSON)        \
    X(CORRECT,         "record.correct",  "更正",         "correction",           PD_EVT_RECORD)        \
    X(PERSON_MERGE,    "person.merge",    "合并重复档案", "duplicate records merged", PD_EVT_PERSON) \
    X(SUBSIDY_DECISION, "subsidy.decision", "扶助审批",   "subsidy decision",     PD_EVT_PERSON)        \
    X(CROSSCHECK_ANSWER, "crosscheck.answer", "协查回复", "cross-check answer",   PD_EVT_NONE)         \
    X(SC_APPLY,        "second_child.apply", "再生育申请", "second-child application", PD_EVT_PERSON)  \
    X(SC_REVIEW,       "second_child.review", "再生育审批", "second-child review step", PD_EVT_PERSON) \
    X(PREG_VISIT,      "woman.pregnancy_visit", "孕期随访", "pregnancy follow-up visit", PD_EVT_PERSON) \
    X(FEE_LEVY,        "fee.levy",        "社会抚养费征收", "social maintenance fee levied", PD_EVT_PERSON) \
    X(FEE_PAYMENT,     "fee.payment",     "社会抚养费缴纳", "social maintenance fee paid", PD_EVT_PERSON) \
    X(RISK_ARCHIVE,    "risk.archive",    "高危家庭建档", "high-risk family archived", PD_EVT_PERSON)   \
    X(RISK_GUIDANCE,   "risk.guidance",   "高危家庭指导服务", "guidance to a high-risk family", PD_EVT_PERSON) \
    X(RISK_CLOSE,      "risk.close",      "高危档案结案", "high-risk archive closed", PD_EVT_PERSON)    \
    X(HEALTH_SERVICE,  "health.service",  "妇女健康服务", "women's health service", PD_EVT_PERSON)      \
    X(BENEFIT_APPLY,   "benefit.apply",   "帮扶救助申请", "benefit application", PD_EVT_PERSON)         \
    X(BENEFIT_DECIDE,  "benefit.decide",  "帮扶救助审批", "benefit decision", PD_EVT_PERSON)            \
    X(BENEFIT_PAYMENT, "benefit.payment", "帮扶救助发放", "benefit paid", PD_EVT_PERSON)

enum pd_event_kind {
#define PD_X(id, name, zh, en, target) PD_EV_##id,
    PD_EVENT_TABLE(PD_X)
#undef PD_X
    PD_EV__COUNT
};

struct pd_event_type {
    enum pd_event_kind kind;
    const char *name;
    const char *zh;
    const char *en;
    enum pd_ev_target target;
    const struct pd_fieldset *own;   /* the event's own data fields (may be empty) */
    bool person_fields;              /* data may also carry person fields */
};

const struct pd_event_type *pd_event_type_find(const char *name);
const struct pd_event_type *pd_event_type_get(enum pd_event_kind kind);

#define PD_EV_TYPE_MAX 40
#define PD_EV_REF_MAX 40
#define PD_EV_USER_MAX 33
#define PD_EV_AT_MAX 32
#define PD_UUID_LEN 37

struct pd_event {
    const struct pd_event_type *type;
    char household[PD_EV_REF_MAX];  /* household id (the 18-digit code) or "" */
    char person[PD_EV_REF_MAX];     /* person id or ""; set by the store on creation */
    json_t *data;                   /* owned */
    /* filled in by the store when the event is saved */
    long long seq;
    char id[PD_UUID_LEN];
    char at[PD_EV_AT_MAX];
    char user[PD_EV_USER_MAX];
};

/* Takes ownership of data (steals the reference; NULL means {}). */
pd_err pd_event_init(struct pd_event *ev, const char *type, const char *household,
                     const char *person, json_t *data, struct pd_error *err);
void pd_event_done(struct pd_event *ev);

/* Checks the event on its own: targets present, data fields known and valid,
 * dates not in the future, ID agreeing with sex and birth date, and each
 * type's own rules.  err->field names the data key at fault. */
pd_err pd_event_validate(const struct pd_event *ev, struct pd_date today,
                         struct pd_error *err);

/* The SYNC.md envelope as a new JSON object (caller decrefs), with
 * station-independent fields only: seq, id, type, at, user, household,
 * person, data. */
json_t *pd_event_envelope(const struct pd_event *ev);

/* Marital status code after a marriage change word. */
const char *pd_marriage_change_code(const char *change);

#endif
