/* test_search.c - the screens' queries (store/search.h) on a small register
 * built through pd_event_save, as the screens and the command line build it:
 * the search box (ID full and last digits, name prefix, pinyin initials,
 * household code, address), members, one person's record, change logs,
 * rosters and reminders. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/event.h"
#include "store/db.h"
#include "store/events.h"
#include "store/search.h"

#define STATION "330205001001"
#define HH1 "330205001001010001"
#define HH2 "330205001001010002"

struct fx {
    struct pd_db *db;
    char path[512];
    char zs[40], lm[40], zshun[40], mig[40];
};

static void save(struct pd_db *db, const char *type, const char *hh, const char *person,
                 const char *json, char *pid_out)
{
    struct pd_event ev;
    struct pd_error err;
    json_error_t je;
    json_t *data = json_loads(json, 0, &je);
    assert_non_null(data);
    assert_int_equal(pd_event_init(&ev, type, hh, person, data, &err), PD_OK);
    pd_err rc = pd_event_save(db, &ev, "clerk1", &err);
    if (rc != PD_OK)
        fail_msg("%s: %s", type, err.msg);
    if (pid_out)
        snprintf(pid_out, 40, "%s", ev.person);   /* every fixture id buffer is char[40] */
    pd_event_done(&ev);
}

static int setup(void **state)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct fx *f = calloc(1, sizeof *f);
    const char *tmp = getenv("POPDESK_TEST_TMP");
    snprintf(f->path, sizeof f->path, "%s/search-%d.db", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    unlink(f->path);
    struct pd_error err;
    assert_int_equal(pd_db_open(f->path, PD_DB_CREATE, &f->db, &err), PD_OK);
    assert_int_equal(pd_db_set_station(f->db, STATION, &err), PD_OK);
    pd_db_set_today(f->db, (struct pd_date){ 2012, 6, 10 });
    save(f->db, "household.add", HH1, NULL,
         "{\"code\":\"" HH1 "\",\"address\":\"江北区中马街道白沙路12号\",\"reg_type\":\"1\"}", NULL);
    save(f->db, "household.add", HH2, NULL,
         "{\"code\":\"" HH2 "\",\"address\":\"江北区庄桥街道天合村5号\",\"reg_type\":\"2\"}", NULL);
    save(f->db, "person.add", HH1, NULL,
         "{\"name\":\"张三\",\"id_number\":\"330205198503150015\",\"sex\":\"1\","
         "\"birth_date\":\"1985-03-15\",\"relation\":\"02\",\"marital\":\"20\"}", f->zs);
    save(f->db, "person.add", HH1, NULL,
         "{\"name\":\"李梅\",\"id_number\":\"330205198706200027\",\"sex\":\"2\","
         "\"birth_date\":\"1987-06-20\",\"relation\":\"12\",\"marital\":\"20\"}", f->lm);
    save(f->db, "person.add", HH2, NULL,
         "{\"name\":\"张顺\",\"sex\":\"1\",\"birth_date\":\"1960-01-02\",\"relation\":\"02\"}", f->zshun);
    /* a woman turning 15 this month (June 1997) */
    save(f->db, "person.add", HH2, NULL,
         "{\"name\":\"王小红\",\"sex\":\"2\",\"birth_date\":\"1997-06-20\",\"relation\":\"30\"}", NULL);
    save(f->db, "migrant.arrive", "", NULL,
         "{\"name\":\"赵丽\",\"sex\":\"2\",\"birth_date\":\"1990-02-03\",\"date\":\"2012-05-01\","
         "\"cert_number\":\"HY001\",\"cert_expiry\":\"2012-06-30\",\"cur_address\":\"白沙路8号\"}", f->mig);
    save(f->db, "woman.pregnancy", "", f->lm,
         "{\"registered\":\"2011-10-01\",\"expected\":\"2012-06-05\"}", NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    pd_db_close(&f->db);
    unlink(f->path);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->path);
    unlink(side);
    free(f);
    return 0;
}

static int find(struct fx *f, const char *q, struct pd_person_row *rows, enum pd_search_how *how)
{
    int n = -1;
    struct pd_error err;
    assert_int_equal(pd_search(f->db, q, rows, 50, &n, how, &err), PD_OK);
    return n;
}

static bool has(const struct pd_person_row *rows, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].name, name) == 0)
            return true;
    return false;
}

static void test_search_pinyin_initials(void **state)
{
    struct fx *f = *state;
    struct pd_person_row r[50];
    enum pd_search_how how;
    int n = find(f, "zs", r, &how);
    assert_int_equal(how, PD_SEARCH_INITIALS);
    assert_int_equal(n, 2);
    assert_true(has(r, n, "张三") && has(r, n, "张顺"));
    n = find(f, "ZS", r, &how);               /* case does not matter */
    assert_int_equal(n, 2);
    n = find(f, "lm", r, &how);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].name, "李梅");
    assert_string_equal(r[0].address, "江北区中马街道白沙路12号");
    assert_int_equal(find(f, "qq", r, &how), 0);
}

static void test_search_id_full_and_tail(void **state)
{
    struct fx *f = *state;
    struct pd_person_row r[50];
    enum pd_search_how how;
    int n = find(f, "330205198706200027", r, &how);
    assert_int_equal(how, PD_SEARCH_ID);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].name, "李梅");
    n = find(f, "0027", r, &how);
    assert_int_equal(how, PD_SEARCH_ID_TAIL);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].pid, f->lm);
    n = find(f, "150015", r, &how);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].name, "张三");
    assert_int_equal(find(f, "9999", r, &how), 0);
    assert_int_equal(find(f, "27", r, &how), 0);     /* too few digits to mean anything */
    assert_int_equal(how, PD_SEARCH_NONE);
    /* full-width digits as an input method may give them */
    n = find(f, "０２７", r, &how);
    assert_int_equal(how, PD_SEARCH_NONE);
}

static void test_search_name_household_address(void **state)
{
    struct fx *f = *state;
    struct pd_person_row r[50];
    enum pd_search_how how;
    int n = find(f, "张", r, &how);
    assert_int_equal(how, PD_SEARCH_NAME);
    assert_int_equal(n, 2);
    n = find(f, "张三", r, &how);
    assert_int_equal(n, 1);
    n = find(f, HH2, r, &how);
    assert_int_equal(how, PD_SEARCH_HOUSEHOLD);
    assert_int_equal(n, 2);
    assert_true(has(r, n, "张顺") && has(r, n, "王小红"));
    n = find(f, "@天合村", r, &how);
    assert_int_equal(how, PD_SEARCH_ADDRESS);
    assert_int_equal(n, 2);
    n = find(f, "白沙路", r, &how);           /* no such name: tried as an address */
    assert_int_equal(how, PD_SEARCH_ADDRESS);
    assert_int_equal(n, 2);
    n = find(f, "@100%", r, &how);            /* % is a character, not a wildcard */
    assert_int_equal(n, 0);
    assert_int_equal(find(f, "   ", r, &how), 0);
    assert_int_equal(how, PD_SEARCH_NONE);
}

static void test_members_and_records(void **state)
{
    struct fx *f = *state;
    struct pd_person_row r[10];
    int n;
    struct pd_error err;
    assert_int_equal(pd_household_members(f->db, HH1, r, 10, &n, &err), PD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].name, "张三");   /* the head first */
    assert_string_equal(r[1].relation, "12");
    struct pd_household_row h;
    assert_int_equal(pd_household_get(f->db, HH2, &h, &err), PD_OK);
    assert_string_equal(h.address, "江北区庄桥街道天合村5号");
    assert_int_equal(pd_household_get(f->db, "330205001001019999", &h, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "330205001001019999"));
    json_t *p = pd_person_get(f->db, f->lm, &err);
    assert_non_null(p);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "李梅");
    assert_string_equal(json_string_value(json_object_get(p, "pregnant_expected")), "2012-06-05");
    assert_true(json_is_true(json_object_get(p, "wcba")));
    assert_null(json_object_get(p, "initials"));
    json_decref(p);
    assert_null(pd_person_get(f->db, "330205001001P9999999", &err));
    assert_int_equal(err.code, PD_ENOTFOUND);
}

static void test_change_logs(void **state)
{
    struct fx *f = *state;
    struct pd_log_row rows[20];
    int n;
    struct pd_error err;
    assert_int_equal(pd_log_person(f->db, f->lm, 0, rows, 20, &n, &err), PD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].type, "woman.pregnancy");      /* newest first */
    assert_string_equal(rows[1].type, "person.add");
    assert_string_equal(rows[1].user, "clerk1");
    assert_non_null(strstr(rows[1].after, "李梅"));
    assert_int_equal(pd_log_household(f->db, HH1, 0, rows, 20, &n, &err), PD_OK);
    assert_int_equal(n, 4);    /* the household, two members, the pregnancy */
    assert_string_equal(rows[n - 1].type, "household.add");
    assert_int_equal(pd_log_household(f->db, HH1, 3, rows, 20, &n, &err), PD_OK);
    assert_int_equal(n, 1);
    /* each row carries its event's data (from the outbox): what a change
     * that altered no column recorded can still be shown */
    assert_int_equal(pd_log_person(f->db, f->lm, 0, rows, 20, &n, &err), PD_OK);
    assert_non_null(strstr(rows[0].data, "\"expected\":\"2012-06-05\""));
    assert_non_null(strstr(rows[1].data, "李梅"));
    /* unknown person: no rows, no error */
    assert_int_equal(pd_log_person(f->db, "330205001001P9999999", 0, rows, 20, &n, &err), PD_OK);
    assert_int_equal(n, 0);
}

static void test_rosters(void **state)
{
    struct fx *f = *state;
    struct pd_person_row r[20];
    int n;
    struct pd_error err;
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_WCBA, 0, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 2);                                   /* 李梅, 赵丽 (王小红 is 14) */
    assert_true(has(r, n, "李梅") && has(r, n, "赵丽"));
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_WCBA_PREGNANT, 0, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].extra, "2012-06-05");
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_WCBA_MARRIED, 0, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_MIGRANT, 0, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].extra, "2012-06-30");
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_MIGRANT_EXPIRING, 0, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_MIGRANT_EXPIRED, 0, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 0);
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_MIGRANT_NO_CERT, 0, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 0);
    assert_int_equal(pd_roster_page(f->db, PD_ROSTER_WCBA, 1, r, 20, &n, &err), PD_OK);
    assert_int_equal(n, 1);                                   /* paging */
}

static void test_reminders(void **state)
{
    struct fx *f = *state;
    struct pd_reminder rem[10];
    long counts[PD_REMIND__COUNT] = { 0 };
    int n;
    struct pd_error err;
    assert_int_equal(pd_reminders(f->db, rem, 10, &n, counts, &err), PD_OK);
    assert_int_equal(counts[PD_REMIND_CERT_EXPIRING], 1);
    assert_int_equal(counts[PD_REMIND_AGE15], 1);
    assert_int_equal(counts[PD_REMIND_AGE50], 0);
    assert_int_equal(counts[PD_REMIND_PREGNANCY_DUE], 1);
    assert_int_equal(n, 3);
    bool saw15 = false;
    for (int i = 0; i < n; i++)
        if (rem[i].kind == PD_REMIND_AGE15) {
            saw15 = true;
            assert_string_equal(rem[i].name, "王小红");
            assert_string_equal(rem[i].date, "1997-06-20");
        }
    assert_true(saw15);
    /* a month later nobody turns 15 and the certificate has expired */
    pd_db_set_today(f->db, (struct pd_date){ 2012, 7, 10 });
    assert_int_equal(pd_reminders(f->db, rem, 10, &n, counts, &err), PD_OK);
    assert_int_equal(counts[PD_REMIND_AGE15], 0);
    assert_int_equal(counts[PD_REMIND_CERT_EXPIRING], 0);
    pd_db_set_today(f->db, (struct pd_date){ 2012, 6, 10 });
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_pinyin_initials),
        cmocka_unit_test(test_search_id_full_and_tail),
        cmocka_unit_test(test_search_name_household_address),
        cmocka_unit_test(test_members_and_records),
        cmocka_unit_test(test_change_logs),
        cmocka_unit_test(test_rosters),
        cmocka_unit_test(test_reminders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
