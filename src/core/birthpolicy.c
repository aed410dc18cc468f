/* birthpolicy.c - is a birth within policy (see birthpolicy.h).
 *
 * The order of the tests follows DOMAIN.md's default rule: adoption first
 * (always within policy), then the first and second child rules, and last
 * an approval on file, which can cover any birth the rules refuse.  Every
 * outcome has its own words so a list can say why, not only whether.
 */
#include "core/birthpolicy.h"

#include <stdio.h>

#include "core/i18n.h"

static bool verdict(bool ok, const char *words, char *reason, size_t size)
{
    if (reason && size)
        snprintf(reason, size, "%s", words);
    return ok;
}

bool pd_birth_within_policy(const struct pd_birth_facts *f, char *reason, size_t size)
{
    if (!f)
        return verdict(false, PD_MSG("没有这次生育的情况：按政策外生育", "no facts about the birth: out of policy"), reason, size);
    if (f->adopted)
        return verdict(true, PD_MSG("依法收养：政策内", "legal adoption: within policy"), reason, size);
    if (f->order == 1 && f->married_on_birth)
        return verdict(true, PD_MSG("第一个孩子，父母已婚", "first child, parents married"), reason, size);
    if (f->order == 2 && f->second_cert_before)
        return verdict(true, PD_MSG("第二个孩子，持再生育审批证明", "second child with an approved certificate"), reason, size);
    if (f->approval_covers)
        return verdict(true, PD_MSG("有审批在案", "covered by an approval on file"), reason, size);
    if (f->order < 1)
        return verdict(false, PD_MSG("孩次不明：按政策外生育", "birth order unknown: out of policy"), reason, size);
    if (f->order == 1)
        return verdict(false, PD_MSG("第一个孩子，出生时父母未办结婚登记：政策外生育", "first child, parents not married on the birth date: out of policy"),
                       reason, size);
    if (f->order == 2)
        return verdict(false, PD_MSG("第二个孩子，未经批准再生育：政策外生育", "second child without an approved certificate: out of policy"),
                       reason, size);
    char buf[96];
    snprintf(buf, sizeof buf, PD_MSG("第%d个孩子，未经批准：政策外生育", "child number %d without an approval: out of policy"),
             f->order);
    return verdict(false, buf, reason, size);
}
