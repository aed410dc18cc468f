/* policy_load.h - reading a policy file (conf/policy/NAME.ini) into the core's
 * struct pd_policy.
 *
 * iniparser reads the file; every section and key goes through
 * pd_policy_set() (src/core/policy.c), so an unknown key, a bad value or a
 * missing key is an error naming the file, section and key:
 *   "conf/policy/zhejiang-2012.ini: [reward] amount_2: 'abc' is not a whole
 *    number of yuan"  (err->field "reward.amount_2").
 * A district policy update (SYNC.md policy.update) is checked the same way
 * before it replaces the file: write the text to a file and load it.
 *
 * Ownership: *out is the caller's; nothing is kept after the call.
 */
#ifndef PD_APP_POLICY_LOAD_H
#define PD_APP_POLICY_LOAD_H

#include "core/err.h"
#include "core/policy.h"

pd_err pd_policy_load(const char *path, struct pd_policy *out, struct pd_error *err);

#endif
