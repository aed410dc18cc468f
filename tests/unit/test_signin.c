/* test_signin.c - which role a command line needs, whether a role is
 * enough, who may manage which account, the help line, and the password
 * file's privacy check (src/app/signin.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/signin.h"
#include "store/internal.h"
#include "store/users.h"
#include "testutil.h"

static const struct pd_access_rule rules[] = {
    { "subsidy", "list", PD_NEED_VIEWER },
    { "subsidy", "decide", PD_NEED_SUPERVISOR },
    { "case", "second-child list", PD_NEED_VIEWER },
    { "case", "second-child review", PD_NEED_SUPERVISOR },
    { "case", "overdue", PD_NEED_VIEWER },
    { "user", "passwd", PD_NEED_VIEWER },
    { "odd", "x", PD_NEED_UNSET },
    { "updates", "", PD_NEED_VIEWER },
    { "updates", "list", PD_NEED_VIEWER },
};
#define N (sizeof rules / sizeof rules[0])

static enum pd_need need_of(enum pd_need own, const char *line, char *label, size_t size)
{
    char buf[256];
    char *argv[16];
    int argc = 0;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *t = strtok(buf, " "); t && argc < 16; t = strtok(NULL, " "))
        argv[argc++] = t;
    return pd_access_need(own, rules, N, argc, argv, label, size);
}

static void test_need_refined_by_sub_action(void **state)
{
    (void)state;
    char label[64];
    assert_int_equal(need_of(PD_NEED_SUPERVISOR, "subsidy list --programme reward", label, sizeof label),
                     PD_NEED_VIEWER);
    assert_string_equal(label, "subsidy list");
    assert_int_equal(need_of(PD_NEED_SUPERVISOR, "subsidy decide --all", label, sizeof label),
                     PD_NEED_SUPERVISOR);
    assert_string_equal(label, "subsidy decide");
    /* two words: the longer match decides */
    assert_int_equal(need_of(PD_NEED_CLERK, "case second-child review 3 --step town", label, sizeof label),
                     PD_NEED_SUPERVISOR);
    assert_string_equal(label, "case second-child review");
    assert_int_equal(need_of(PD_NEED_CLERK, "case second-child list", NULL, 0), PD_NEED_VIEWER);
    /* an action no rule names keeps the command's own role */
    assert_int_equal(need_of(PD_NEED_CLERK, "case second-child apply 330205001001P0000001", label, sizeof label),
                     PD_NEED_CLERK);
    assert_string_equal(label, "case");
    assert_int_equal(need_of(PD_NEED_CLERK, "case visit P1 --date 2012-06-01", NULL, 0), PD_NEED_CLERK);
}

static void test_need_words_match_whole(void **state)
{
    (void)state;
    /* "listing" is not "list"; an option is not a word of the rule */
    assert_int_equal(need_of(PD_NEED_SUPERVISOR, "subsidy listing", NULL, 0), PD_NEED_SUPERVISOR);
    assert_int_equal(need_of(PD_NEED_SUPERVISOR, "subsidy --help list", NULL, 0), PD_NEED_SUPERVISOR);
    assert_int_equal(need_of(PD_NEED_CLERK, "case second-child", NULL, 0), PD_NEED_CLERK);
    assert_int_equal(need_of(PD_NEED_SUPERVISOR, "subsidy", NULL, 0), PD_NEED_SUPERVISOR);
    /* another command's rule never applies */
    assert_int_equal(need_of(PD_NEED_ADMIN, "restore list", NULL, 0), PD_NEED_ADMIN);
}

static void test_no_action(void **state)
{
    (void)state;
    char label[64];
    /* `updates` alone lists; an action or an unknown word keeps the command's role */
    assert_int_equal(need_of(PD_NEED_CLERK, "updates", label, sizeof label), PD_NEED_VIEWER);
    assert_string_equal(label, "updates");
    assert_int_equal(need_of(PD_NEED_CLERK, "updates --all", NULL, 0), PD_NEED_VIEWER);
    assert_int_equal(need_of(PD_NEED_CLERK, "updates list --all", label, sizeof label), PD_NEED_VIEWER);
    assert_string_equal(label, "updates list");
    assert_int_equal(need_of(PD_NEED_CLERK, "updates dismiss m-1", NULL, 0), PD_NEED_CLERK);
    /* no empty rule: no action keeps the command's role */
    assert_int_equal(need_of(PD_NEED_SUPERVISOR, "subsidy --help", NULL, 0), PD_NEED_SUPERVISOR);
    char buf[100];
    pd_access_describe("updates", PD_NEED_CLERK, rules, N, buf, sizeof buf);
    assert_string_equal(buf, "clerk; viewer: (no action), list");
}

static void test_unset_is_closed(void **state)
{
    (void)state;
    /* a row that forgot its role, or a rule that did, needs an admin */
    assert_int_equal(need_of(PD_NEED_UNSET, "reconcile", NULL, 0), PD_NEED_ADMIN);
    assert_int_equal(need_of(PD_NEED_VIEWER, "odd x", NULL, 0), PD_NEED_ADMIN);
    assert_false(pd_role_meets(PD_ROLE_SUPERVISOR, PD_NEED_UNSET));
    assert_true(pd_role_meets(PD_ROLE_ADMIN, PD_NEED_UNSET));
}

static void test_role_meets(void **state)
{
    (void)state;
    assert_true(pd_role_meets(PD_ROLE_VIEWER, PD_NEED_NONE));
    assert_true(pd_role_meets(PD_ROLE_VIEWER, PD_NEED_VIEWER));
    assert_false(pd_role_meets(PD_ROLE_VIEWER, PD_NEED_CLERK));
    assert_true(pd_role_meets(PD_ROLE_CLERK, PD_NEED_CLERK));
    assert_false(pd_role_meets(PD_ROLE_CLERK, PD_NEED_SUPERVISOR));
    assert_true(pd_role_meets(PD_ROLE_SUPERVISOR, PD_NEED_CLERK));
    assert_false(pd_role_meets(PD_ROLE_SUPERVISOR, PD_NEED_ADMIN));
    assert_true(pd_role_meets(PD_ROLE_ADMIN, PD_NEED_SUPERVISOR));
    assert_string_equal(pd_need_name(PD_NEED_SUPERVISOR), "supervisor");
    assert_string_equal(pd_need_name(PD_NEED_NONE), "none");
}

static void test_describe(void **state)
{
    (void)state;
    char buf[200];
    pd_access_describe("subsidy", PD_NEED_SUPERVISOR, rules, N, buf, sizeof buf);
    assert_string_equal(buf, "supervisor; viewer: list");
    pd_access_describe("case", PD_NEED_CLERK, rules, N, buf, sizeof buf);
    assert_string_equal(buf, "clerk; viewer: second-child list, overdue; supervisor: second-child review");
    pd_access_describe("status", PD_NEED_NONE, rules, N, buf, sizeof buf);
    assert_string_equal(buf, "no sign-in");
    /* a short buffer is cut, never overrun */
    char small[12];
    pd_access_describe("case", PD_NEED_CLERK, rules, N, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

static void test_user_may_manage(void **state)
{
    (void)state;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_user_may_manage(PD_ROLE_ADMIN, "admin", "add", "sup02", PD_ROLE_SUPERVISOR, &err), PD_OK);
    assert_int_equal(pd_user_may_manage(PD_ROLE_SUPERVISOR, "sup01", "add", "clerk02", PD_ROLE_CLERK, &err), PD_OK);
    assert_int_equal(pd_user_may_manage(PD_ROLE_SUPERVISOR, "sup01", "lock", "view01", PD_ROLE_VIEWER, &err), PD_OK);
    assert_int_equal(pd_user_may_manage(PD_ROLE_SUPERVISOR, "sup01", "add", "sup02", PD_ROLE_SUPERVISOR, &err),
                     PD_EDENIED);
    assert_non_null(strstr(err.msg, "needs the admin role"));
    assert_non_null(strstr(err.msg, "sup02"));
    assert_int_equal(pd_user_may_manage(PD_ROLE_SUPERVISOR, "sup01", "unlock", "admin", PD_ROLE_ADMIN, &err),
                     PD_EDENIED);
    assert_non_null(strstr(err.msg, "an admin account"));
    /* a clerk changes their own password, nobody else's */
    assert_int_equal(pd_user_may_manage(PD_ROLE_CLERK, "clerk01", "passwd", "clerk01", PD_ROLE_CLERK, &err), PD_OK);
    assert_int_equal(pd_user_may_manage(PD_ROLE_CLERK, "clerk01", "passwd", "clerk02", PD_ROLE_CLERK, &err),
                     PD_EDENIED);
    assert_non_null(strstr(err.msg, "needs the supervisor role"));
    assert_non_null(strstr(err.msg, "clerk01 is a clerk"));
    assert_int_equal(pd_user_may_manage(PD_ROLE_VIEWER, "view01", "lock", "view01", PD_ROLE_VIEWER, &err),
                     PD_EDENIED);
}

static void test_password_file_check(void **state)
{
    (void)state;
    const char *dir = getenv("POPDESK_TEST_TMP");
    char path[512];
    snprintf(path, sizeof path, "%s/pw-%d", dir && *dir ? dir : "/tmp", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("密码-Secret1\n", f);
    fclose(f);
    struct pd_error err;
    pd_error_clear(&err);
    chmod(path, 0600);
    assert_int_equal(pd_password_file_check(path, &err), PD_OK);
    chmod(path, 0644);
    assert_int_equal(pd_password_file_check(path, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "can be read by other users (mode 644)"));
    assert_non_null(strstr(err.msg, "chmod 600"));
    chmod(path, 0640);
    assert_int_equal(pd_password_file_check(path, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "mode 640"));
    unlink(path);
    assert_int_equal(pd_password_file_check(path, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "cannot read the password file"));
    assert_int_equal(pd_password_file_check("-", &err), PD_OK);
}

/* Minutes left of wangli's lock-out, read from the register. */
static long long lock_left(struct pd_db *db)
{
    sqlite3_stmt *st;
    long long left = -1;
    if (sqlite3_prepare_v2(db->h, "SELECT coalesce(locked_until,0) - strftime('%s','now') FROM users "
                           "WHERE name='wangli'", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            left = (sqlite3_column_int64(st, 0) + 59) / 60;
        sqlite3_finalize(st);
    }
    return left;
}

/* Each lock-out in a row doubles the last (5, 10, 20 minutes); a right
 * password after one has passed starts again at the first; an
 * administrator's unlock clears it. */
static void test_lockout_grows(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("signin-lockout");
    struct pd_error err;
    enum pd_role role;
    assert_int_equal(pd_user_add(db, "wangli", PD_ROLE_CLERK, "mima12345", 8, &err), PD_OK);
    long long want[3] = { 5, 10, 20 };
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 3; i++)
            assert_int_equal(pd_user_login(db, "wangli", "cuowu", 3, 5, &role, &err), PD_EDENIED);
        assert_int_equal(lock_left(db), want[round]);
        assert_int_equal(pd_user_login(db, "wangli", "mima12345", 3, 5, &role, &err), PD_EDENIED);
        assert_non_null(strstr(err.msg, "locked"));
        /* the time passes */
        assert_int_equal(sqlite3_exec(db->h, "UPDATE users SET locked_until=1 WHERE name='wangli'", NULL, NULL,
                                      NULL), SQLITE_OK);
    }
    /* the right password after the lock-out: in, and the count starts over */
    assert_int_equal(pd_user_login(db, "wangli", "mima12345", 3, 5, &role, &err), PD_OK);
    assert_int_equal(role, PD_ROLE_CLERK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(pd_user_login(db, "wangli", "cuowu", 3, 5, &role, &err), PD_EDENIED);
    assert_int_equal(lock_left(db), 5);
    /* unlock lifts a lock-out at once */
    assert_int_equal(pd_user_set_disabled(db, "wangli", false, &err), PD_OK);
    assert_int_equal(pd_user_login(db, "wangli", "mima12345", 3, 5, &role, &err), PD_OK);
    /* a per-user salt: the same password hashes differently */
    assert_int_equal(pd_user_add(db, "zhaoyun", PD_ROLE_VIEWER, "mima12345", 8, &err), PD_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT count(DISTINCT pwhash), min(substr(pwhash,1,3)) FROM users",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "$y$");   /* yescrypt */
    sqlite3_finalize(st);
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_need_refined_by_sub_action),
        cmocka_unit_test(test_need_words_match_whole),
        cmocka_unit_test(test_no_action),
        cmocka_unit_test(test_unset_is_closed),
        cmocka_unit_test(test_role_meets),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_user_may_manage),
        cmocka_unit_test(test_password_file_check),
        cmocka_unit_test(test_lockout_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
