/* birthpolicy.c - is a birth within policy (see birthpolicy.h).
 *
 * The order of the tests follows DOMAIN.md's default rule: adoption first
 * (always within policy), then the first and second child rules, and last
 * an approval on file, which can cover any birth the rules refuse.  Every
 * outcome has its own words so a list can say why, not only whether.
 */
#include "core/birthpolicy.h"

#include <stdio.h>

static bool verdict(bool ok, const char *words, char *reason, size_t size)
{
    if (reason && size)
        snprintf(reason, size, "%s", words);
    return ok;
}

bool pd_birth_within_policy(const struct pd_birth_facts *f, char *reason, size_t size)
{
    if (!f)
        return verdict(false, "no facts about the birth: out of policy", reason, size);
    if (f->adopted)
        return verdict(true, "legal adoption: within policy", reason, size);
    if (f->order == 1 && f->married_on_birth)
        return verdict(true, "first child, parents married", reason, size);
    if (f->order == 2 && f->second_cert_before)
        return verdict(true, "second child with an approved certificate", reason, size);
    if (f->approval_covers)
        return verdict(true, "covered by an approval on file", reason, size);
    if (f->order < 1)
        return verdict(false, "birth order unknown: out of policy", reason, size);
    if (f->order == 1)
        return verdict(false, "first child, parents not married on the birth date: out of policy",
                       reason, size);
    if (f->order == 2)
        return verdict(false, "second child without an approved certificate: out of policy",
                       reason, size);
    char buf[96];
    snprintf(buf, sizeof buf, "child number %d without an approval: out of policy", f->order);
    return verdict(false, buf, reason, size);
}
