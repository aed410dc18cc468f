/* subsidy_store.h - the annual confirmation (资格确认) of a subsidy
 * programme, and the supervisor's decisions.
 *
 * pd_confirmation_build() assesses every candidate with the engine
 * (core/subsidy.h) on facts from the register (store/policy_facts.h) and
 * compares the eligible set with last year's recipients (the persons whose
 * latest decision for the previous year is "approve"):
 *   new         eligible now, not a recipient last year;
 *   continuing  eligible now and a recipient last year;
 *   leaving     a recipient last year, not eligible now (the failing
 *               conditions are the reason).
 * It also attaches this year's latest decision to each row.
 *
 * pd_subsidy_decide() records one decision as a subsidy.decision event
 * (pd_event_save: audit row, outbox row, sent to the district like any
 * change); only an account with the supervisor or admin role may sign it.
 * pd_subsidy_decide_all() approves every new and continuing row and stops
 * every leaving one, in one transaction, skipping rows already decided so.
 *
 * Ownership: pd_confirmation_build() fills the caller's struct; its rows
 * are freed by pd_confirmation_done().
 */
#ifndef PD_STORE_SUBSIDY_STORE_H
#define PD_STORE_SUBSIDY_STORE_H

#include <stdbool.h>
#include "core/policy.h"
#include "core/subsidy.h"
#include "store/db.h"

enum pd_confirm_status { PD_CONFIRM_NEW, PD_CONFIRM_CONTINUING, PD_CONFIRM_LEAVING, PD_CONFIRM__COUNT };

/* "新增" / "续发" / "退出" (lang "zh"), "new" / "continuing" / "leaving" ("en"). */
const char *pd_confirm_status_words(enum pd_confirm_status s, const char *lang);
/* The key used in event data: "new", "continuing", "leaving". */
const char *pd_confirm_status_key(enum pd_confirm_status s);
/* The key of a category in event data ("one_child", ...; "" for none). */
const char *pd_subsidy_category_key(enum pd_subsidy_category c);

struct pd_confirm_row {
    struct pd_person_facts facts;
    struct pd_subsidy_result result;
    enum pd_confirm_status status;
    long last_amount;              /* last year's approved yearly amount (continuing, leaving) */
    /* this year's latest decision, if any */
    char decision[8];              /* "", "approve" or "reject" */
    char decided_by[33];
    char decided_on[PD_DATE_STRLEN];
};

struct pd_confirmation {
    enum pd_programme prog;
    int year;
    int nrows;
    struct pd_confirm_row *rows;   /* new, then continuing, then leaving; each by household, person */
    int count[PD_CONFIRM__COUNT];
    long amount[PD_CONFIRM__COUNT];   /* yuan: this year's for new and continuing, last year's for leaving */
    int approved, rejected, undecided;   /* this year's decisions over the rows */
};

pd_err pd_confirmation_build(struct pd_db *db, const struct pd_policy *policy,
                             enum pd_programme prog, int year, struct pd_confirmation *out,
                             struct pd_error *err);
void pd_confirmation_done(struct pd_confirmation *c);

struct pd_decision {
    const char *pid;
    enum pd_programme prog;
    int year;
    bool approve;
    const char *reason;                 /* required to reject; may be NULL to approve */
    enum pd_subsidy_category category;  /* PD_CAT_NONE: not stated */
    int status;                         /* enum pd_confirm_status, or -1: not stated */
    long amount;                        /* yearly yuan, or -1: not stated */
    struct pd_date date;                /* the day decided */
};

/* Records one decision signed by `user`; *seq (may be NULL) gets the
 * event's seq.  Refusals: an unknown person, approving someone who died or
 * moved away, a user who is not a supervisor or admin, a reject without a
 * reason. */
pd_err pd_subsidy_decide(struct pd_db *db, const struct pd_decision *d, const char *user,
                         long long *seq, struct pd_error *err);

/* Approves every new and continuing row and rejects every leaving row with
 * its reasons in words, in one transaction; a row whose latest decision is
 * already that one is skipped.  *saved gets the number of decisions saved.
 * On any refusal nothing is saved. */
pd_err pd_subsidy_decide_all(struct pd_db *db, const struct pd_confirmation *c, const char *user,
                             struct pd_date date, int *saved, struct pd_error *err);

#endif
