/* cases.h - the register's case files (docs/CASES.md): second-child
 * applications and their review steps, pregnancy follow-up visits and the
 * overdue list, social maintenance fee levies and payments.
 *
 * Every change is an event saved by pd_event_save() (audit + outbox in one
 * transaction); the functions here build those events and read the tables
 * they fill.  The command line (src/app/cmd_case.c) and the screens use the
 * same functions.  The rules themselves are in the core (core/approval.h,
 * core/casefee.h); this module gathers the facts and keeps the records.
 *
 * Ownership: results are written into the caller's structs; a
 * pd_preg_file from pd_preg_file_load() is freed with pd_preg_file_free().
 */
#ifndef PD_STORE_CASES_H
#define PD_STORE_CASES_H

#include <stdbool.h>
#include "core/approval.h"
#include "core/casefee.h"
#include "core/event.h"
#include "core/policy.h"
#include "store/db.h"
#include "store/users.h"

/* ---- applying the case events (called by store/events.c) -------------- */

/* second_child.apply, second_child.review, woman.pregnancy_visit, fee.levy,
 * fee.payment on an existing active person (events.c has checked that);
 * adds the derived keys to ev->data (case, checks, pregnancy). */
pd_err pd_cases_apply(struct pd_db *db, struct pd_event *ev, struct pd_error *err);

/* ---- second-child applications ---------------------------------------- */

/* The Article 19 facts of a wife and her linked husband.  PD_ENOTFOUND
 * when the person is unknown, PD_EINVAL when she is not a woman. */
pd_err pd_sc_facts(struct pd_db *db, const char *wife, struct pd_a19_facts *out,
                   struct pd_error *err);

#define PD_SC_STEPS 8

struct pd_sc_step {
    char step[12];          /* village, town, county */
    char decision[12];      /* approve, refuse */
    char date[PD_DATE_STRLEN];
    char user[PD_EV_USER_MAX];
    char reviewer[72];
    char reason[208];
    char certificate[48];
    long long seq;
};

struct pd_sc_case {
    long long id;
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX];
    char spouse[PD_EV_REF_MAX], spouse_name[96], spouse_id_number[20];
    enum pd_a19_item item;
    char applied[PD_DATE_STRLEN];
    unsigned documents;     /* pd_a19_doc bits */
    char note[208];
    char checks[2048];      /* the automatic checks as found when applying */
    enum pd_case_state state;
    char certificate[48];
    char reason[208];       /* why refused */
    long long seq;
    int nsteps;
    struct pd_sc_step steps[PD_SC_STEPS];
};

/* Who may record what on an application (docs/CASES.md, "Who signs"):
 * the application and the village review (村/居审核, the community's own
 * review, kept by its clerk) need a clerk, supervisor or administrator;
 * the town check and the county decision (made above the community, by the
 * street/town office) need a supervisor or administrator; a viewer records
 * nothing.  `what` is "apply" or a step ("village", "town", "county").
 * PD_EDENIED naming the user, the role and who may; PD_EINVAL for an
 * unknown `what`.  pd_sc_apply and pd_sc_review call it first, so the
 * screens and the command line are held to the same rule. */
pd_err pd_sc_may(enum pd_role role, const char *what, const char *user, struct pd_error *err);

struct pd_sc_apply_opts {
    const char *wife;               /* person id */
    enum pd_a19_item item;
    const char *date;               /* YYYY-MM-DD */
    unsigned documents;
    const char *note;               /* required for PD_A19_OTHER */
};
/* Saves a second_child.apply event signed by `user` holding `role`
 * (pd_sc_may); *id gets the application number. */
pd_err pd_sc_apply(struct pd_db *db, const struct pd_sc_apply_opts *o, const char *user,
                   enum pd_role role, long long *id, struct pd_error *err);

struct pd_sc_review_opts {
    long long id;
    const char *step;               /* village, town, county */
    bool approve;
    const char *date;
    const char *reviewer;           /* the official's name (may be NULL) */
    const char *reason;             /* required to refuse */
    const char *certificate;        /* required for the county approval */
    unsigned documents;             /* documents checked at this step (added to the case's) */
};
/* Saves a second_child.review event and, for the county approval, the
 * certificate.issue (kind second_child) in the same transaction.  The
 * county approval is refused while an automatic condition is not met or a
 * required document is missing (the message lists them).  `role` is the
 * signer's (pd_sc_may: the town and county steps need a supervisor). */
pd_err pd_sc_review(struct pd_db *db, const struct pd_sc_review_opts *o, const char *user,
                    enum pd_role role, struct pd_error *err);
/* The step due next on a case in `state` ("village", "town", "county"),
 * NULL when the case is finished (approved or refused). */
const char *pd_sc_next_step(enum pd_case_state state);

pd_err pd_sc_get(struct pd_db *db, long long id, struct pd_sc_case *out, struct pd_error *err);
/* The conditions as the register stands now. */
pd_err pd_sc_check_now(struct pd_db *db, const struct pd_sc_case *c, struct pd_a19_result *out,
                       struct pd_error *err);
/* Every application (state NULL: all; else "applied", "approved", ...) in
 * number order; the case is borrowed for the call (steps not loaded).  cb
 * returns non-zero to stop. */
pd_err pd_sc_each(struct pd_db *db, const char *state,
                  int (*cb)(void *ctx, const struct pd_sc_case *c), void *ctx,
                  struct pd_error *err);

/* ---- pregnancy file ---------------------------------------------------- */

struct pd_preg_visit {
    char date[PD_DATE_STRLEN];
    int week;
    char findings[208];
    char next[PD_DATE_STRLEN];
    char user[PD_EV_USER_MAX];
};

#define PD_PREG_VISITS 40
#define PD_PREG_MAX 12

struct pd_preg_rec {
    long long id;
    char registered[PD_DATE_STRLEN], expected[PD_DATE_STRLEN];
    char certificate[48];
    char outcome[24], outcome_date[PD_DATE_STRLEN];
    int nvisits;            /* may exceed PD_PREG_VISITS: the latest are kept */
    struct pd_preg_visit visits[PD_PREG_VISITS];
};

struct pd_preg_file {
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX];
    char birth_date[PD_DATE_STRLEN], cur_address[208], spouse_name[96];
    int npreg;              /* newest first; may exceed PD_PREG_MAX */
    struct pd_preg_rec preg[PD_PREG_MAX];
};

/* One woman's pregnancies with their visits.  PD_ENOTFOUND when unknown. */
pd_err pd_preg_file_load(struct pd_db *db, const char *pid, struct pd_preg_file **out,
                         struct pd_error *err);
void pd_preg_file_free(struct pd_preg_file **f);

struct pd_overdue_row {
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX];
    char registered[PD_DATE_STRLEN], expected[PD_DATE_STRLEN];
    long long pregnancy;
    int days_over;          /* days past the expected date on `on`; negative: days to go */
    char last_visit[PD_DATE_STRLEN], next_visit[PD_DATE_STRLEN];
    int last_week;
    int nvisits;
    char certificate[48];
};
/* Registered pregnancies of active women whose expected date is before
 * `on` and which have no outcome, the longest overdue first. */
pd_err pd_overdue_each(struct pd_db *db, struct pd_date on,
                       int (*cb)(void *ctx, const struct pd_overdue_row *r), void *ctx,
                       struct pd_error *err);
/* Every pregnancy of an active woman awaiting its outcome (the pregnancy
 * file's open cases), earliest expected date first; overdue_only: only
 * those whose expected date is before `on` (pd_overdue_each). */
pd_err pd_preg_open_each(struct pd_db *db, struct pd_date on, bool overdue_only,
                         int (*cb)(void *ctx, const struct pd_overdue_row *r), void *ctx,
                         struct pd_error *err);

/* ---- social maintenance fee -------------------------------------------- */

struct pd_fee_levy_opts {
    const char *mother;             /* person id */
    const char *father;             /* NULL: her linked spouse, else the child's father */
    const char *child;              /* may be NULL */
    const char *birth_date;         /* NULL: the child's */
    enum pd_fee_kind kind;
    int extra;                      /* PD_FEE_EXTRA */
    int multiple;                   /* 0: the policy minimum */
    const char *date;               /* decision date */
};
/* Computes the levy from the policy (core/casefee.h) and saves a fee.levy
 * event; *id gets the case number, *res (may be NULL) the computation. */
pd_err pd_fee_levy(struct pd_db *db, const struct pd_policy *p, const struct pd_fee_levy_opts *o,
                   const char *user, long long *id, struct pd_fee_result *res,
                   struct pd_error *err);
/* What pd_fee_levy would record for o, nothing saved (the levy form's
 * live preview): *res the computation, birth (PD_DATE_STRLEN, may be NULL)
 * the birth date used (o's, else the child's).  The same refusals in words
 * as pd_fee_levy (field named): no [fee] section or base, a multiple out
 * of the policy's range, a mother not found or not female, no birth date. */
pd_err pd_fee_levy_preview(struct pd_db *db, const struct pd_policy *p, const struct pd_fee_levy_opts *o,
                           struct pd_fee_result *res, char *birth, struct pd_error *err);
/* Saves a fee.payment; more than the outstanding balance is refused. */
pd_err pd_fee_pay(struct pd_db *db, long long id, long amount, const char *date,
                  const char *receipt, const char *user, struct pd_error *err);

#define PD_FEE_PAYMENTS 24

/* One payment of a ledger (fees, benefits), oldest first. */
struct pd_case_payment {
    long amount;
    char date[PD_DATE_STRLEN];
    char receipt[48];
    char user[PD_EV_USER_MAX];
};

struct pd_fee_case {
    long long id;
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX];
    char father[PD_EV_REF_MAX], father_name[96], child[PD_EV_REF_MAX];
    char kind[12], birth_date[PD_DATE_STRLEN], date[PD_DATE_STRLEN];
    int extra, multiple, base_year;
    long mother_amount, father_amount, amount, paid, outstanding;
    char basis[408];
    int npayments;          /* pd_fee_get only; may exceed PD_FEE_PAYMENTS */
    struct pd_case_payment payments[PD_FEE_PAYMENTS];
};
pd_err pd_fee_get(struct pd_db *db, long long id, struct pd_fee_case *out, struct pd_error *err);
/* Every levy (open_only: with a balance outstanding) in number order;
 * payments not loaded. */
pd_err pd_fee_each(struct pd_db *db, bool open_only,
                   int (*cb)(void *ctx, const struct pd_fee_case *c), void *ctx,
                   struct pd_error *err);

/* ---- one person's cases (the person screen's panel) ---------------------- */

#define PD_PC_MAX 8

struct pd_person_cases {
    int nsc;                /* may exceed PD_PC_MAX: the newest are kept */
    struct { long long id; enum pd_case_state state; enum pd_a19_item item;
             char applied[PD_DATE_STRLEN]; char certificate[48]; } sc[PD_PC_MAX];
    int npreg;              /* registered pregnancies awaiting an outcome */
    struct { long long id; char registered[PD_DATE_STRLEN], expected[PD_DATE_STRLEN]; int nvisits; }
        preg[PD_PC_MAX];
    int nfee;
    struct { long long id; long amount, paid, outstanding; char birth_date[PD_DATE_STRLEN]; }
        fee[PD_PC_MAX];
    int ncert;              /* certificates held (first-child, second-child, one-child) */
    struct { char kind[16], number[48], date[PD_DATE_STRLEN]; } cert[PD_PC_MAX];
};
/* The cases of one person, newest first.  An unknown person has none. */
pd_err pd_person_cases_load(struct pd_db *db, const char *pid, struct pd_person_cases *out,
                            struct pd_error *err);

/* ---- certificates as issued (for the printed stub) ------------------------ */

struct pd_cert_info {
    char kind[16], number[48], date[PD_DATE_STRLEN], reason[208];
    char person[PD_EV_REF_MAX], name[96], id_number[20], household[PD_EV_REF_MAX], address[208];
    char marital_date[PD_DATE_STRLEN];
    char spouse_name[96], spouse_id_number[20];
    char child[PD_EV_REF_MAX], child_name[96], child_sex[4], child_birth[PD_DATE_STRLEN];
    char user[PD_EV_USER_MAX];  /* who recorded the issue */
};
/* The certificate `number` of `kind` ("first_child", "second_child",
 * "onechild") with its holder, the spouse and the child named in the
 * register.  PD_ENOTFOUND naming the number when there is none. */
pd_err pd_cert_get(struct pd_db *db, const char *kind, const char *number, struct pd_cert_info *out,
                   struct pd_error *err);
/* "first_child" -> "一孩生育证明" (and English); NULL for an unknown kind. */
const char *pd_cert_kind_zh(const char *kind);
const char *pd_cert_kind_en(const char *kind);

#endif
