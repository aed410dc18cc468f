/* services.h - the service and benefit case files (docs/CASES.md): high-risk
 * family archives with their guidance records and the guidance coverage
 * rate; women's health services (三查 by quarter, 两癌 screening, free
 * contraceptive supplies, counselling); the other benefits as application
 * -> approval -> payment ledgers (hardship help for one-child families, the
 * migrant childbirth subsidy, relief from the public-welfare fund).
 *
 * Every change is an event saved by pd_event_save() (audit + outbox in one
 * transaction, so the district receives each step); the functions here
 * build those events and read the tables their apply fills.  The rules are
 * in core/services.h; the command line (src/app/cmd_service.c), the screens
 * (screens/services.c) and the printed lists (report/service_report.h) use
 * these functions.
 *
 * Roles: approving or refusing a benefit is signed by a supervisor or an
 * administrator; the store checks the signer's role when it applies a
 * benefit.decide (pd_svc_require_role), whatever calls it.
 *
 * Ownership: results are written into the caller's structs; a struct passed
 * to a callback is borrowed for the call.
 */
#ifndef PD_STORE_SERVICES_H
#define PD_STORE_SERVICES_H

#include <stdbool.h>
#include "core/event.h"
#include "core/policy.h"
#include "core/services.h"
#include "store/cases.h"     /* struct pd_case_payment */
#include "store/db.h"

/* risk.archive, risk.guidance, risk.close, health.service, benefit.apply,
 * benefit.decide, benefit.payment on an existing active person (events.c
 * has checked that); adds the derived keys (case, record, quarter). */
pd_err pd_services_apply(struct pd_db *db, struct pd_event *ev, struct pd_error *err);

/* PD_EDENIED naming "user" unless `user` is an account of this register
 * with the supervisor or administrator role; `what` says what is signed. */
pd_err pd_svc_require_role(struct pd_db *db, const char *user, const char *what,
                           struct pd_error *err);

/* ---- high-risk archives ------------------------------------------------------ */

struct pd_risk_opts {
    const char *person;
    const char *group;          /* PD_RISK_GROUPS word */
    const char *date;
    bool planning;              /* planning another birth */
    const char *note;           /* required for "other" */
};
/* Saves a risk.archive; *id gets the archive number.  One open archive per
 * person and group. */
pd_err pd_risk_archive(struct pd_db *db, const struct pd_risk_opts *o, const char *user,
                       long long *id, struct pd_error *err);

struct pd_guidance_opts {
    long long id;               /* archive number; 0: the person's only open archive */
    const char *person;         /* needed when id is 0 */
    const char *date, *kind, *notes, *by;
};
/* Saves a risk.guidance on an open archive, dated on or after its opening. */
pd_err pd_risk_guidance(struct pd_db *db, const struct pd_guidance_opts *o, const char *user,
                        long long *id_out, struct pd_error *err);
/* Saves a risk.close. */
pd_err pd_risk_close(struct pd_db *db, long long id, const char *date, const char *reason,
                     const char *user, struct pd_error *err);

#define PD_RISK_GUIDANCE_MAX 32
struct pd_risk_guidance_rec {
    char date[PD_DATE_STRLEN], kind[24], notes[408], by[72], user[PD_EV_USER_MAX];
};
struct pd_risk_case {
    long long id;
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX];
    char group[24], date[PD_DATE_STRLEN], closed[PD_DATE_STRLEN], close_reason[208], note[208];
    bool planning;
    int nguidance;              /* all of them; pd_risk_get loads up to PD_RISK_GUIDANCE_MAX */
    char last_guidance[PD_DATE_STRLEN];
    struct pd_risk_guidance_rec guidance[PD_RISK_GUIDANCE_MAX];
};
pd_err pd_risk_get(struct pd_db *db, long long id, struct pd_risk_case *out, struct pd_error *err);
/* Every archive (open_only: not closed) in number order; guidance not loaded. */
pd_err pd_risk_each(struct pd_db *db, bool open_only,
                    int (*cb)(void *ctx, const struct pd_risk_case *c), void *ctx,
                    struct pd_error *err);

/* The guidance coverage rate for [from, to] (docs/CASES.md): archived
 * families = households (a person without one counts alone) with an
 * archive open at some time in the period (opened on or before `to`, not
 * closed before `from`); covered = those with at least one guidance record
 * dated in the period on such an archive. */
pd_err pd_risk_coverage(struct pd_db *db, struct pd_date from, struct pd_date to,
                        struct pd_svc_rate *out, struct pd_error *err);

/* ---- women's health services ---------------------------------------------- */

struct pd_health_opts {
    const char *person, *kind, *date;
    const char *quarter;        /* checks: NULL = the date's quarter */
    const char *result, *items, *provider, *note;
    int quantity;               /* supplies; 0: not given */
    bool not_free;              /* a paid service: does not count for the public service rate */
};
/* Saves a health.service for a woman; a check (三查) once per quarter. */
pd_err pd_health_record(struct pd_db *db, const struct pd_health_opts *o, const char *user,
                        long long *id, struct pd_error *err);

struct pd_health_rec {
    long long id;
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX];
    char kind[16], date[PD_DATE_STRLEN], quarter[8], result[104], items[104], provider[104];
    char note[208], user[PD_EV_USER_MAX];
    int quantity;
    bool free;
};
struct pd_health_filter {
    const char *kind;           /* NULL: every kind */
    const char *person;         /* NULL: everyone */
    const char *quarter;        /* NULL: any; checks by the quarter they count for, others by date */
    struct pd_date from, to;    /* empty: no bound */
};
pd_err pd_health_each(struct pd_db *db, const struct pd_health_filter *f,
                      int (*cb)(void *ctx, const struct pd_health_rec *r), void *ctx,
                      struct pd_error *err);

/* ---- other benefits -------------------------------------------------------- */

struct pd_benefit_apply_opts {
    const char *person;
    enum pd_benefit_prog prog;
    int category;
    const char *date;
    long amount;                /* welfare_fund: asked; 0 otherwise */
    long income, cost;          /* -1: not stated */
    const char *birth_date;     /* migrant_birth (NULL: the child's) */
    const char *child;          /* person id, may be NULL */
    const char *reason;
};
/* Gathers the facts and decides the conditions (core/services.h). */
pd_err pd_benefit_check(struct pd_db *db, const struct pd_policy *p,
                        const struct pd_benefit_apply_opts *o, long long exclude_case,
                        struct pd_benefit_result *res, struct pd_error *err);
/* Saves a benefit.apply with the amount and the conditions in words; *id
 * gets the application number, *res (may be NULL) the conditions. */
pd_err pd_benefit_apply(struct pd_db *db, const struct pd_policy *p,
                        const struct pd_benefit_apply_opts *o, const char *user, long long *id,
                        struct pd_benefit_result *res, struct pd_error *err);

struct pd_benefit_decide_opts {
    long long id;
    bool approve;
    const char *date, *reason, *reviewer;
    long amount;                /* 0: the amount applied for */
};
/* Saves a benefit.decide.  Approving re-decides the conditions as the
 * register stands now and is refused while one is NOT MET; the signer must
 * be a supervisor or an administrator. */
pd_err pd_benefit_decide(struct pd_db *db, const struct pd_policy *p,
                         const struct pd_benefit_decide_opts *o, const char *user,
                         struct pd_error *err);
/* Saves a benefit.payment on an approved application; never more than the
 * amount outstanding, never before the approval. */
pd_err pd_benefit_pay(struct pd_db *db, long long id, long amount, const char *date,
                      const char *receipt, const char *user, struct pd_error *err);

#define PD_BEN_PAYMENTS 12
struct pd_benefit_case {
    long long id;
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX];
    char sex[4], address[208];
    enum pd_benefit_prog prog;
    int category;
    char applied[PD_DATE_STRLEN], birth_date[PD_DATE_STRLEN], child[PD_EV_REF_MAX];
    int year;
    long amount, paid, income, cost;   /* income/cost -1: not stated */
    char reason[208], checks[2048];
    char state[12];             /* applied, approved, refused, paid */
    char decided[PD_DATE_STRLEN], decided_by[PD_EV_USER_MAX], reviewer[72], decision_reason[208];
    int npayments;              /* pd_benefit_get only */
    struct pd_case_payment payments[PD_BEN_PAYMENTS];
};
pd_err pd_benefit_get(struct pd_db *db, long long id, struct pd_benefit_case *out,
                      struct pd_error *err);
/* Every application (prog < 0: all programmes; state NULL: all) in number
 * order; payments not loaded. */
pd_err pd_benefit_each(struct pd_db *db, int prog, const char *state,
                       int (*cb)(void *ctx, const struct pd_benefit_case *c), void *ctx,
                       struct pd_error *err);

#endif
