/* users.h - accounts that sign every change.
 *
 * Passwords are hashed with yescrypt (libxcrypt's crypt(3), memory-hard,
 * per-user random salt); the plain password is never stored or logged.
 * Roles: admin, supervisor, clerk, viewer.  Repeated wrong passwords lock
 * the account for a while, doubling each time.
 */
#ifndef PD_STORE_USERS_H
#define PD_STORE_USERS_H

#include <stdbool.h>
#include "store/db.h"

#define PD_USER_MAX 32

enum pd_role { PD_ROLE_VIEWER, PD_ROLE_CLERK, PD_ROLE_SUPERVISOR, PD_ROLE_ADMIN };

const char *pd_role_name(enum pd_role r);
pd_err pd_role_parse(const char *s, enum pd_role *out, struct pd_error *err);

/* User names: 1-32 ASCII letters, digits, '.', '_', '-'. */
pd_err pd_user_name_check(const char *name, struct pd_error *err);
pd_err pd_user_add(struct pd_db *db, const char *name, enum pd_role role,
                   const char *password, int min_len, struct pd_error *err);
pd_err pd_user_set_password(struct pd_db *db, const char *name, const char *password,
                            int min_len, struct pd_error *err);

/* Checks a login.  Counts failures; after max_failures the account locks for
 * lock_minutes, doubled for each further lock.  On success *role is set. */
pd_err pd_user_login(struct pd_db *db, const char *name, const char *password,
                     int max_failures, int lock_minutes, enum pd_role *role,
                     struct pd_error *err);
int pd_user_count(struct pd_db *db);

/* Locks (disabled=1) or unlocks an account; unlocking also clears failures. */
pd_err pd_user_set_disabled(struct pd_db *db, const char *name, bool disabled,
                            struct pd_error *err);

struct pd_user_info {
    char name[PD_USER_MAX + 1];
    enum pd_role role;
    int failures;
    long long locked_until;     /* unix time, 0 if not locked out */
    bool disabled;
    char created[32];
};
/* Calls cb for every account in name order; cb returns non-zero to stop. */
pd_err pd_user_each(struct pd_db *db, int (*cb)(void *ctx, const struct pd_user_info *u),
                    void *ctx, struct pd_error *err);

#endif
