/* users.c - accounts, password hashing and lock-out (see users.h). */
#include "store/users.h"

#include <crypt.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "store/internal.h"

static const char *const role_names[] = { "viewer", "clerk", "supervisor", "admin" };

const char *pd_role_name(enum pd_role r)
{
    return (unsigned)r < 4 ? role_names[r] : "?";
}

pd_err pd_role_parse(const char *s, enum pd_role *out, struct pd_error *err)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, role_names[i]) == 0) {
            *out = (enum pd_role)i;
            return PD_OK;
        }
    return pd_fail(err, PD_EINVAL, "role", "unknown role '%s' (admin, supervisor, clerk or viewer)", s);
}

pd_err pd_user_name_check(const char *name, struct pd_error *err)
{
    size_t n = strlen(name);
    if (n == 0 || n > PD_USER_MAX)
        return pd_fail(err, PD_EINVAL, "user", PD_MSG("用户名应为1到%d个字符", "a user name has 1 to %d characters"), PD_USER_MAX);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
            return pd_fail(err, PD_EINVAL, "user",
                           PD_MSG("用户名“%s”只能用字母、数字和“.”“_”“-”",
                                  "user name '%s': only letters, digits, '.', '_' and '-' are allowed"), name);
    return PD_OK;
}

static pd_err hash_password(const char *password, int min_len, char *out, size_t size,
                            struct pd_error *err)
{
    if ((int)strlen(password) < min_len)
        return pd_fail(err, PD_EINVAL, "password", PD_MSG("密码至少要%d个字符", "the password must have at least %d characters"), min_len);
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$y$", 0, NULL, 0, setting, sizeof setting))
        return pd_fail(err, PD_EIO, "password", "cannot make a password salt");
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    const char *h = crypt_rn(password, setting, cd, sizeof *cd);
    pd_err rc = PD_OK;
    if (!h || h[0] == '*')
        rc = pd_fail(err, PD_EIO, "password", "cannot hash the password");
    else
        pd_strlcpy(out, h, size);
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return rc;
}

pd_err pd_user_add(struct pd_db *db, const char *name, enum pd_role role,
                   const char *password, int min_len, struct pd_error *err)
{
    pd_err rc = pd_user_name_check(name, err);
    if (rc != PD_OK)
        return rc;
    char hash[CRYPT_OUTPUT_SIZE];
    if ((rc = hash_password(password, min_len, hash, sizeof hash, err)) != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db, "INSERT INTO users(name, role, pwhash, created) "
                                  "VALUES(?,?,?,datetime('now'))", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pd_role_name(role), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_CONSTRAINT || (s & 0xff) == SQLITE_CONSTRAINT)
        return pd_fail(err, PD_EEXIST, "user", PD_MSG("用户“%s”已存在", "user '%s' already exists"), name);
    if (s != SQLITE_DONE)
        return pd_db_fail(db, "saving the user", err);
    return PD_OK;
}

pd_err pd_user_set_password(struct pd_db *db, const char *name, const char *password,
                            int min_len, struct pd_error *err)
{
    char hash[CRYPT_OUTPUT_SIZE];
    pd_err rc = hash_password(password, min_len, hash, sizeof hash, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db, "UPDATE users SET pwhash=?, failures=0, locked_until=NULL "
                                  "WHERE name=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return pd_db_fail(db, "saving the password", err);
    if (sqlite3_changes(db->h) == 0)
        return pd_fail(err, PD_ENOTFOUND, "user", PD_MSG("没有用户“%s”", "no user '%s'"), name);
    return PD_OK;
}

pd_err pd_user_login(struct pd_db *db, const char *name, const char *password,
                     int max_failures, int lock_minutes, enum pd_role *role,
                     struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT role, pwhash, failures, coalesce(locked_until,0), disabled "
                                  "FROM users WHERE name=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        /* Same words as a wrong password: do not tell which names exist. */
        return pd_fail(err, PD_EDENIED, "password", PD_MSG("用户名或密码不对", "wrong user name or password"));
    }
    char rname[16], hash[CRYPT_OUTPUT_SIZE];
    pd_col_text(st, 0, rname, sizeof rname);
    pd_col_text(st, 1, hash, sizeof hash);
    int failures = sqlite3_column_int(st, 2);
    long long locked_until = sqlite3_column_int64(st, 3);
    int disabled = sqlite3_column_int(st, 4);
    sqlite3_reset(st);
    long long now = (long long)time(NULL);
    if (disabled)
        return pd_fail(err, PD_EDENIED, "user", PD_MSG("账号“%s”已被管理员停用", "account '%s' is locked by an administrator"), name);
    if (locked_until > now)
        return pd_fail(err, PD_EDENIED, "user", PD_MSG("密码错误次数太多：账号“%s”已锁定，请%lld分钟后再试",
                                              "too many wrong passwords: account '%s' is locked for %lld more minute(s)"),
                       name, (locked_until - now + 59) / 60);

    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    const char *h = crypt_rn(password, hash, cd, sizeof *cd);
    bool ok = h && h[0] != '*' && strcmp(h, hash) == 0;
    explicit_bzero(cd, sizeof *cd);
    free(cd);

    st = pd_db_stmt(db, "UPDATE users SET failures=?, locked_until=? WHERE name=?", err);
    if (!st)
        return PD_EDB;
    long long until = 0;   /* this wrong try locks the account until then */
    if (ok) {
        sqlite3_bind_int(st, 1, 0);
        sqlite3_bind_null(st, 2);
    } else {
        failures++;
        if (failures % max_failures == 0) {
            int locks = failures / max_failures;
            long long minutes = (long long)lock_minutes << (locks > 10 ? 10 : locks - 1);
            until = now + minutes * 60;
        }
        sqlite3_bind_int(st, 1, failures);
        if (until)
            sqlite3_bind_int64(st, 2, until);
        else
            sqlite3_bind_null(st, 2);
    }
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    /* a wrong password that cannot be counted (disk full, read-only file)
     * must not become a free guess: refuse with the store's reason.  A
     * right one still signs in; the stale count only shortens a later
     * lock-out's grace */
    pd_err counted = rc == SQLITE_DONE ? PD_OK : pd_db_fail(db, "counting the failed sign-in", ok ? NULL : err);
    sqlite3_reset(st);
    if (!ok && counted != PD_OK)
        return counted;
    if (!ok && until)   /* say so now, not only at the next try */
        return pd_fail(err, PD_EDENIED, "password",
                       PD_MSG("用户名或密码不对；错误次数太多，账号“%s”已锁定%lld分钟",
                              "wrong user name or password; too many wrong tries: account '%s' is locked for %lld minute(s)"),
                       name, (until - now + 59) / 60);
    if (!ok)
        return pd_fail(err, PD_EDENIED, "password", PD_MSG("用户名或密码不对", "wrong user name or password"));
    pd_role_parse(rname, role, NULL);
    return PD_OK;
}

int pd_user_count(struct pd_db *db)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT count(*) FROM users", NULL);
    int n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    if (st)
        sqlite3_reset(st);
    return n;
}

pd_err pd_user_set_disabled(struct pd_db *db, const char *name, bool disabled,
                            struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "UPDATE users SET disabled=?, "
                                  "failures=CASE WHEN ?1 THEN failures ELSE 0 END, "
                                  "locked_until=CASE WHEN ?1 THEN locked_until ELSE NULL END "
                                  "WHERE name=?2", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int(st, 1, disabled);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return pd_db_fail(db, "saving the account", err);
    if (sqlite3_changes(db->h) == 0)
        return pd_fail(err, PD_ENOTFOUND, "user", PD_MSG("没有用户“%s”", "no user '%s'"), name);
    return PD_OK;
}

pd_err pd_user_each(struct pd_db *db, int (*cb)(void *ctx, const struct pd_user_info *u),
                    void *ctx, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT name, role, failures, coalesce(locked_until,0), disabled, created "
                                  "FROM users ORDER BY name", err);
    if (!st)
        return PD_EDB;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_user_info u;
        char role[16];
        pd_col_text(st, 0, u.name, sizeof u.name);
        pd_col_text(st, 1, role, sizeof role);
        u.role = PD_ROLE_VIEWER;
        pd_role_parse(role, &u.role, NULL);
        u.failures = sqlite3_column_int(st, 2);
        u.locked_until = sqlite3_column_int64(st, 3);
        u.disabled = sqlite3_column_int(st, 4) != 0;
        pd_col_text(st, 5, u.created, sizeof u.created);
        if (cb(ctx, &u))
            break;
    }
    sqlite3_reset(st);
    return s == SQLITE_ROW || s == SQLITE_DONE ? PD_OK : pd_db_fail(db, "reading accounts", err);
}
