/* birthpolicy.h - is a birth within policy (Zhejiang regulation as revised
 * 2007, in force in 2012; DOMAIN.md "Is a birth within policy").
 *
 * Default check, documented as such in docs/POLICY.md: order 1 and the
 * couple legally married on the birth date; or order 2 and an approved
 * second-child certificate dated before the birth; otherwise out of policy
 * unless an approval on file covers it.  Legal adoption counts as within
 * policy.  Pure: the store gathers the facts (src/store/policy_facts.c).
 * Used by the subsidy engine and by the statistics: written once, here.
 */
#ifndef PD_CORE_BIRTHPOLICY_H
#define PD_CORE_BIRTHPOLICY_H

#include <stdbool.h>
#include <stddef.h>

struct pd_birth_facts {
    int order;                /* the mother's live births so far, this one included */
    bool married_on_birth;    /* the mother legally married on the birth date */
    bool second_cert_before;  /* approved second-child certificate dated before the birth */
    bool approval_covers;     /* another approval on file covers this birth */
    bool adopted;             /* legal adoption */
};

/* True when within policy; reason (may be NULL) gets the rule in words,
 * e.g. "first child, parents married" or "second child without an approved
 * certificate: out of policy". */
bool pd_birth_within_policy(const struct pd_birth_facts *f, char *reason, size_t size);

#endif
