/* test_backup.c - when the home screen reminds of a backup
 * (pd_backup_overdue, pd_backup_reminder), and the store's words for a full
 * disk: a save that meets SQLITE_FULL (hit honestly with PRAGMA
 * max_page_count, no root needed) says the disk is full and what to do,
 * leaves the register whole, and works again once there is room. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "store/audit.h"
#include "store/internal.h"

#define HH "330205001001010001"

static long long at(const char *local)
{
    struct tm tm = { 0 };
    strptime(local, "%Y-%m-%dT%H:%M:%S", &tm);
    tm.tm_isdst = -1;
    return (long long)mktime(&tm);
}

static void test_overdue(void **state)
{
    (void)state;
    long long now = at("2026-11-29T10:00:00");
    long days = 99;
    /* 7 days and 1 hour ago: due with remind_days 7, not with 8 */
    assert_true(pd_backup_overdue("2026-11-22T09:00:00", now, 7, true, &days));
    assert_int_equal(days, 7);
    assert_false(pd_backup_overdue("2026-11-22T09:00:00", now, 8, true, &days));
    /* 6 days 23 hours: not yet */
    assert_false(pd_backup_overdue("2026-11-22T11:00:00", now, 7, true, &days));
    assert_int_equal(days, 6);
    /* 0 turns it off, even for a register never backed up */
    assert_false(pd_backup_overdue("2026-01-01T00:00:00", now, 0, true, &days));
    assert_false(pd_backup_overdue("", now, 0, true, &days));
    /* never: reminds only once there are records */
    assert_true(pd_backup_overdue("", now, 7, true, &days));
    assert_int_equal(days, -1);
    assert_false(pd_backup_overdue("", now, 7, false, &days));
    assert_false(pd_backup_overdue(NULL, now, 7, false, NULL));
    /* an unreadable mark counts as never */
    assert_true(pd_backup_overdue("昨天", now, 7, true, &days));
    assert_int_equal(days, -1);
    assert_true(pd_backup_overdue("2026-11-22T09:00:00junk", now, 7, true, &days));
    /* a clock set back: no negative age */
    assert_false(pd_backup_overdue("2026-12-05T00:00:00", now, 7, true, &days));
    assert_int_equal(days, 0);
}

static void test_reminder_on_register(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("backup-remind");
    struct pd_error err;
    long days = 99;
    long long now = (long long)time(NULL);
    assert_false(pd_backup_reminder(db, now, 7, &days));   /* empty: nothing to lose */
    assert_int_equal(test_save(db, "household.add", "", "",
        "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区1幢101室\",\"reg_type\":\"2\"}",
        NULL, &err), PD_OK);
    assert_true(pd_backup_reminder(db, now, 7, &days));    /* records, never backed up */
    assert_int_equal(days, -1);
    char dir[600];
    snprintf(dir, sizeof dir, "%s.bk", pd_db_path(db));
    char out[800];
    assert_int_equal(pd_backup(db, dir, out, sizeof out, &err), PD_OK);
    /* the mark is the second the backup finished, which may be after `now` */
    long long after = (long long)time(NULL);
    assert_false(pd_backup_reminder(db, after, 7, &days));   /* pd_backup wrote the mark */
    assert_int_equal(days, 0);
    assert_true(pd_backup_reminder(db, after + 8 * 86400, 7, &days));
    assert_int_equal(days, 8);
    unlink(out);
    rmdir(dir);
    test_db_close(&db);
}

/* Backups in quick succession (a restore keeps the register aside right
 * after a backup): each its own file, none replaced, none left .partial. */
static void test_backups_same_second(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("backup-same-second");
    struct pd_error err;
    assert_int_equal(test_save(db, "household.add", "", "",
        "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区1幢101室\",\"reg_type\":\"2\"}",
        NULL, &err), PD_OK);
    char dir[600];
    snprintf(dir, sizeof dir, "%s.bk3", pd_db_path(db));
    char out[3][800];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pd_backup(db, dir, out[i], sizeof out[i], &err), PD_OK);
    for (int i = 0; i < 3; i++) {
        struct stat sb;
        assert_int_equal(stat(out[i], &sb), 0);
        assert_int_equal(sb.st_mode & 0777, 0600);
        assert_null(strstr(out[i], ".partial"));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(out[i], out[j]);
    }
    for (int i = 0; i < 3; i++)
        unlink(out[i]);
    rmdir(dir);   /* fails (and the test with it, below) if anything else was left */
    struct stat sd;
    assert_int_not_equal(stat(dir, &sd), 0);
    test_db_close(&db);
}

static long long one(struct pd_db *db, const char *sql)
{
    sqlite3_stmt *st;
    long long n = -1;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n;
}

static void test_disk_full_save(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("backup-full");
    struct pd_error err;
    assert_int_equal(test_save(db, "household.add", "", "",
        "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区1幢101室\",\"reg_type\":\"2\"}",
        NULL, &err), PD_OK);
    long long outbox = one(db, "SELECT count(*) FROM outbox");
    long long audit = one(db, "SELECT count(*) FROM audit");
    long long persons = one(db, "SELECT count(*) FROM persons");
    /* the file may not grow by a page: what a full disk does to SQLite */
    char sql[80];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count=%lld", one(db, "PRAGMA page_count"));
    assert_int_equal(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
    /* enough rows that the new pages cannot fit in the free ones */
    pd_err rc = PD_OK;
    char name[64], pid[40];
    for (int i = 0; i < 400 && rc == PD_OK; i++) {
        char json[400];
        snprintf(name, sizeof name, "王%d号", i);
        snprintf(json, sizeof json, "{\"name\":\"%s\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\","
                 "\"relation\":\"20\",\"ethnicity\":\"01\",\"cur_address\":\"江北区甬江街道%0150d号\"}", name, i);
        rc = test_save(db, "person.add", HH, "", json, pid, &err);
        if (rc == PD_OK)
            persons++, outbox++;
    }
    assert_int_equal(rc, PD_EIO);
    assert_non_null(strstr(err.msg, "the disk is full; nothing was saved"));
    assert_non_null(strstr(err.msg, "Free some space on the disk holding"));
    assert_non_null(strstr(err.msg, "try again"));
    /* whole: the refused event left no row anywhere, the chain verifies */
    assert_int_equal(one(db, "SELECT count(*) FROM persons"), persons);
    assert_int_equal(one(db, "SELECT count(*) FROM outbox"), outbox);
    assert_int_equal(one(db, "SELECT count(*) FROM outbox WHERE seq NOT IN (SELECT seq FROM audit)"), 0);
    assert_true(one(db, "SELECT count(*) FROM audit") >= audit);
    struct pd_audit_report rep;
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_OK);
    assert_int_equal(rep.bad_id, 0);
    /* room again: the same event saves */
    assert_int_equal(sqlite3_exec(db->h, "PRAGMA max_page_count=1073741823", NULL, NULL, NULL), SQLITE_OK);
    char json[400];
    snprintf(json, sizeof json, "{\"name\":\"%s\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\","
             "\"relation\":\"20\",\"ethnicity\":\"01\"}", name);
    assert_int_equal(test_save(db, "person.add", HH, "", json, pid, &err), PD_OK);
    assert_int_equal(one(db, "SELECT count(*) FROM persons"), persons + 1);
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_OK);
    test_db_close(&db);
}

/* The audit chain: a row edited, deleted in the middle, or cut from the end
 * (which leaves a whole chain behind) is found and named. */
static void test_audit_verify_tamper(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("audit-tamper");
    struct pd_error err;
    struct pd_audit_report rep;
    assert_int_equal(test_save(db, "household.add", "", "",
        "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区1幢101室\",\"reg_type\":\"2\"}",
        NULL, &err), PD_OK);
    char pid[40];
    for (int i = 0; i < 4; i++) {
        char json[300];
        snprintf(json, sizeof json, "{\"name\":\"李秀英%d\",\"sex\":\"2\",\"birth_date\":\"1985-06-0%d\","
                 "\"relation\":\"10\",\"ethnicity\":\"01\"}", i, i + 1);
        assert_int_equal(test_save(db, "person.add", HH, "", json, pid, &err), PD_OK);
    }
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_OK);
    assert_int_equal(rep.rows, 5);
    assert_int_equal(rep.bad_id, 0);
    /* the last row deleted: the chain left behind is whole, the outbox is not */
    assert_int_equal(sqlite3_exec(db->h, "CREATE TABLE keep AS SELECT * FROM audit WHERE id=5;"
                                  "DELETE FROM audit WHERE id=5", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_EINVAL);
    assert_int_equal(rep.bad_id, 5);
    assert_int_equal(rep.bad_seq, 5);
    assert_non_null(strstr(err.msg, "broken at row 5 (event seq 5)"));
    assert_non_null(strstr(err.msg, "rows at the end of the log were deleted"));
    assert_int_equal(sqlite3_exec(db->h, "INSERT INTO audit SELECT * FROM keep", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_OK);
    /* a row edited */
    assert_int_equal(sqlite3_exec(db->h, "UPDATE audit SET user='张伟' WHERE id=3", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_EINVAL);
    assert_int_equal(rep.bad_id, 3);
    assert_non_null(strstr(err.msg, "the row was edited"));
    /* a row deleted in the middle: the one after it is named */
    assert_int_equal(sqlite3_exec(db->h, "UPDATE audit SET user=(SELECT user FROM keep) WHERE id=3;"
                                  "DELETE FROM audit WHERE id=2", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_EINVAL);
    assert_int_equal(rep.bad_id, 3);
    assert_non_null(strstr(err.msg, "a row was deleted or inserted"));
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overdue),
        cmocka_unit_test(test_reminder_on_register),
        cmocka_unit_test(test_backups_same_second),
        cmocka_unit_test(test_disk_full_save),
        cmocka_unit_test(test_audit_verify_tamper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
