/* policy_facts.h - what the policy rules need to know, read from the
 * register: the facts of one birth for the within-policy check
 * (core/birthpolicy.h) and the facts of one person for the subsidy engine
 * (core/subsidy.h).  The rules themselves stay in the core; this module
 * only gathers, and says where a fact is missing.
 *
 * Where the facts come from (docs/POLICY.md, "Facts from the register"):
 * - a person's children: the children table (person.birth and person.child
 *   events), the person's own rows, else the linked spouse's; a child with
 *   a record of its own gives its death and disability grade when the row
 *   lacks them;
 * - a child's within-policy flag: as recorded (person.child within_policy);
 *   for a birth recorded by person.birth without a flag, the check of
 *   core/birthpolicy.c on the facts below; else not known (-1);
 * - birth order: 1 + the mother's earlier births (a multiple birth on one
 *   day counts once: default), adopted children not counted;
 * - married on the birth date: the first-marriage date (or the date of the
 *   current marriage) on or before the birth, and no divorce or widowhood
 *   recorded before it;
 * - an approved second-child certificate dated before the birth: the
 *   certificates table, kind second_child, of the mother or her spouse;
 * - an approval covering the birth: a first_child or second_child
 *   certificate naming the child;
 * - the one-child parents' certificate: certificates kind onechild.
 *
 * Ownership: results are written into the caller's structs; nothing is kept.
 */
#ifndef PD_STORE_POLICY_FACTS_H
#define PD_STORE_POLICY_FACTS_H

#include <stdbool.h>
#include "core/birthpolicy.h"
#include "core/subsidy.h"
#include "store/db.h"

/* The facts of the birth of `child` (a person with a mother link, as
 * person.birth records).  *complete (may be NULL) is false when the
 * mother's marriage date is not in the register, so married_on_birth is a
 * guess (false).  PD_ENOTFOUND when the child or the mother is unknown. */
pd_err pd_birth_facts_of_child(struct pd_db *db, const char *child, struct pd_birth_facts *out,
                               bool *complete, struct pd_error *err);

/* The facts of one person (any status).  PD_ENOTFOUND when unknown. */
pd_err pd_person_facts_get(struct pd_db *db, const char *pid, struct pd_person_facts *out,
                           struct pd_error *err);

/* Which persons pd_person_facts_each() walks: active persons registered
 * here (not migrants), optionally only those born on or before a date, or
 * only holders of a one-child certificate. */
struct pd_facts_filter {
    struct pd_date born_by;      /* empty: any */
    bool onechild_holders;
};

/* Calls cb for each person in person-id order; the facts are borrowed for
 * the call.  cb returns non-zero to stop (not an error). */
pd_err pd_person_facts_each(struct pd_db *db, const struct pd_facts_filter *filter,
                            int (*cb)(void *ctx, const struct pd_person_facts *f), void *ctx,
                            struct pd_error *err);

#endif
