/* test_bulk.c - bulk loading a brand-new register (store/bulk.h) and the
 * audit row's JSON written straight from the record (store/events.c): the
 * checks still refuse during a load, the deferred indexes come back exactly
 * as the schema defines them (also after a load that was killed), a used
 * register is refused, and the audit texts are what jansson would write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "store/audit.h"
#include "store/bulk.h"
#include "testutil.h"

#define HH TEST_STATION "001001"

static const char *const person_json =
    "{\"name\":\"王建国\",\"sex\":\"1\",\"birth_date\":\"1970-03-07\","
    "\"id_number\":\"330205197003070014\",\"ethnicity\":\"01\",\"relation\":\"02\","
    "\"reg_type\":\"1\"}";

/* Every index of the register as "name|sql" lines, in name order. */
static char *index_list(struct pd_db *db)
{
    sqlite3 *h;
    static char out[65536];
    out[0] = '\0';
    size_t n = 0;
    assert_int_equal(sqlite3_open_v2(pd_db_path(db), &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT name, coalesce(sql,'') FROM sqlite_schema "
                                        "WHERE type='index' ORDER BY name", -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW && n < sizeof out - 1)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s|%s\n", sqlite3_column_text(st, 0),
                              sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return strdup(out);
}

/* PD_OK expected; the message shown when not */
#define SAVE_OK(call)                                        \
    do {                                                     \
        pd_err rc_ = (call);                                 \
        if (rc_ != PD_OK)                                    \
            fprintf(stderr, "refused: %s\n", err.msg);       \
        assert_int_equal(rc_, PD_OK);                        \
    } while (0)

static bool has_index(struct pd_db *db, const char *name)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema WHERE type='index' AND name='%s'", name);
    return test_count(db, sql) == 1;
}

static void test_load_keeps_checks_and_restores_indexes(void **state)
{
    (void)state;
    struct pd_db *plain = test_db_open("bulk-plain");
    char *want = index_list(plain);
    test_db_close(&plain);

    struct pd_db *db = test_db_open("bulk");
    struct pd_error err;
    assert_int_equal(pd_db_bulk_begin(db, &err), PD_OK);
    assert_false(has_index(db, "persons_birth"));
    assert_false(has_index(db, "audit_entity"));
    assert_true(has_index(db, "audit_seq"));      /* an append: kept */
    /* the indexes the checks look things up by stay */
    assert_true(has_index(db, "persons_id_number"));
    assert_true(has_index(db, "certificates_number"));
    assert_true(has_index(db, "children_mother"));

    SAVE_OK(test_save(db, "household.add", HH, NULL,
                               "{\"code\":\"" HH "\",\"address\":\"庄桥街道示范村1号\",\"reg_type\":\"1\"}",
                               NULL, &err));
    char pid[40];
    SAVE_OK(test_save(db, "person.add", HH, NULL, person_json, pid, &err));
    /* the duplicate check works during the load */
    assert_int_equal(test_save(db, "person.add", HH, NULL, person_json, NULL, &err), PD_EEXIST);
    assert_non_null(strstr(err.msg, "already registered"));
    assert_int_equal(test_count(db, "SELECT count(*) FROM persons"), 1);

    assert_int_equal(pd_db_bulk_end(db, &err), PD_OK);
    char *got = index_list(db);
    assert_string_equal(got, want);
    assert_int_equal(test_count(db, "SELECT count(*) FROM meta WHERE key='bulk_indexes'"), 0);
    /* one audit row and one outbox row an event, gapless, chain whole */
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), 2);
    assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), 2);
    assert_int_equal(test_count(db, "SELECT max(seq) FROM outbox"), 2);
    struct pd_audit_report rep;
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_OK);
    assert_int_equal(rep.rows, 2);
    /* back in WAL for normal use */
    assert_int_equal(test_count(db, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode='wal'"), 1);
    /* a second load is refused: the register holds records now */
    assert_int_equal(pd_db_bulk_begin(db, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "brand-new"));
    free(got);
    free(want);
    test_db_close(&db);
}

static void test_killed_load_finishes_on_open(void **state)
{
    (void)state;
    struct pd_db *plain = test_db_open("bulk-plain2");
    char *want = index_list(plain);
    test_db_close(&plain);

    struct pd_db *db = test_db_open("bulk-killed");
    struct pd_error err;
    char path[1024];
    snprintf(path, sizeof path, "%s", pd_db_path(db));
    assert_int_equal(pd_db_bulk_begin(db, &err), PD_OK);
    SAVE_OK(test_save(db, "household.add", HH, NULL,
                               "{\"code\":\"" HH "\",\"address\":\"示范村2号\",\"reg_type\":\"1\"}",
                               NULL, &err));
    pd_db_close(&db);               /* never ended: as if killed */
    assert_int_equal(pd_db_open(path, 0, &db, &err), PD_OK);
    char *got = index_list(db);
    assert_string_equal(got, want);
    assert_int_equal(test_count(db, "SELECT count(*) FROM meta WHERE key='bulk_indexes'"), 0);
    assert_int_equal(test_count(db, "SELECT count(*) FROM households"), 1);
    free(got);
    free(want);
    test_db_close(&db);
}

static void test_refused_inside_transaction(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("bulk-tx");
    struct pd_error err;
    assert_int_equal(pd_db_begin(db, &err), PD_OK);
    assert_int_equal(pd_db_bulk_begin(db, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "transaction"));
    pd_db_rollback(db);
    assert_true(has_index(db, "persons_birth"));
    test_db_close(&db);
}

/* A load has no journal: a transaction that changed rows and is rolled
 * back spoils it, and every later save and the end are refused in words;
 * one rolled back before it changed anything (a refused event) does not. */
static void test_rollback_after_changes_spoils_the_load(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("bulk-spoil");
    struct pd_error err;
    assert_int_equal(pd_db_bulk_begin(db, &err), PD_OK);
    /* a refusal before any change: the load goes on */
    assert_int_equal(test_save(db, "household.add", HH, NULL, "{\"code\":\"" HH "\",\"reg_type\":\"9\"}",
                               NULL, &err), PD_EINVAL);
    SAVE_OK(test_save(db, "household.add", HH, NULL,
                      "{\"code\":\"" HH "\",\"address\":\"示范村3号\",\"reg_type\":\"1\"}", NULL, &err));
    /* changes made in a transaction, then rolled back */
    assert_int_equal(pd_db_begin(db, &err), PD_OK);
    SAVE_OK(test_save(db, "person.add", HH, NULL, person_json, NULL, &err));
    pd_db_rollback(db);
    pd_error_clear(&err);
    assert_int_equal(test_save(db, "person.add", HH, NULL, person_json, NULL, &err), PD_EDB);
    assert_non_null(strstr(err.msg, "failed part-way"));
    assert_non_null(strstr(err.msg, "thrown away"));
    pd_error_clear(&err);
    assert_int_equal(pd_db_bulk_end(db, &err), PD_EDB);
    assert_non_null(strstr(err.msg, "failed part-way"));
    test_db_close(&db);
}

/* Every audit text is exactly what json_dumps(COMPACT|SORT_KEYS) writes
 * for it, including escapes; a change holds only what changed, with null
 * for a value that appeared. */
static void test_audit_texts_as_jansson_writes_them(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("bulk-json");
    struct pd_error err;
    SAVE_OK(test_save(db, "household.add", HH, NULL,
                               "{\"code\":\"" HH "\",\"address\":\"示范村\\\"东\\\\头\\\"3号\","
                               "\"reg_type\":\"1\"}", NULL, &err));
    char pid[40];
    SAVE_OK(test_save(db, "person.add", HH, NULL, person_json, pid, &err));
    char sql[400];
    SAVE_OK(test_save(db, "record.correct", HH, pid,
                               "{\"fields\":{\"employer\":\"宁波\\\"港\\\"集团\"},\"reason\":\"登记时漏填\"}",
                               NULL, &err));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE type='record.correct' AND "
             "before='{\"employer\":null}' AND after='{\"employer\":\"宁波\\\"港\\\"集团\"}'");
    assert_int_equal(test_count(db, sql), 1);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE type='person.add' AND before IS NULL "
                                    "AND json_extract(after,'$.name')='王建国' AND json_extract(after,'$.migrant')=0"), 1);

    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(pd_db_path(db), &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT before FROM audit UNION ALL SELECT after FROM audit",
                                        -1, &st, NULL), SQLITE_OK);
    int checked = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (!t)
            continue;
        json_error_t je;
        json_t *o = json_loads(t, 0, &je);
        assert_non_null(o);
        char *again = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        assert_string_equal(again, t);
        free(again);
        json_decref(o);
        checked++;
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    assert_true(checked >= 4);
    struct pd_audit_report rep;
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_OK);
    test_db_close(&db);
}

/* The two halves of a save (bulk.h): an event pd_event_check did not pass,
 * or checked for another day, is refused and leaves nothing behind; a
 * checked one gets its record, audit row and outbox row like any save. */
static void test_save_checked_refuses_unchecked(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("bulk-checked");
    struct pd_error err;
    SAVE_OK(test_save(db, "household.add", HH, NULL,
                      "{\"code\":\"" HH "\",\"address\":\"示范村3号\",\"reg_type\":\"1\"}", NULL, &err));
    struct pd_date today = pd_db_today(db);
    json_error_t je;
    struct pd_event ev;

    /* never checked: no id, no signer */
    assert_int_equal(pd_event_init(&ev, "person.add", HH, NULL, json_loads(person_json, 0, &je), &err), PD_OK);
    assert_int_not_equal(pd_event_save_checked(db, &ev, today, &err), PD_OK);
    assert_non_null(strstr(err.msg, "not checked"));
    pd_event_done(&ev);
    assert_int_equal(test_count(db, "SELECT count(*) FROM persons"), 0);

    /* checked, but for another day than the register's */
    assert_int_equal(pd_event_init(&ev, "person.add", HH, NULL, json_loads(person_json, 0, &je), &err), PD_OK);
    assert_int_equal(pd_event_check(&ev, today, "clerk01", &err), PD_OK);
    pd_error_clear(&err);
    assert_int_not_equal(pd_event_save_checked(db, &ev, pd_date_add_days(today, -1), &err), PD_OK);
    assert_true(err.msg[0] != '\0');
    pd_event_done(&ev);
    assert_int_equal(test_count(db, "SELECT count(*) FROM persons"), 0);
    assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), 1);

    /* checked for today: saved with its audit and outbox rows */
    assert_int_equal(pd_event_init(&ev, "person.add", HH, NULL, json_loads(person_json, 0, &je), &err), PD_OK);
    assert_int_equal(pd_event_check(&ev, today, "clerk01", &err), PD_OK);
    SAVE_OK(pd_event_save_checked(db, &ev, today, &err));
    pd_event_done(&ev);
    assert_int_equal(test_count(db, "SELECT count(*) FROM persons WHERE name='王建国'"), 1);
    assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), 2);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit a JOIN outbox o ON o.seq=a.seq "
                                    "WHERE a.type='person.add' AND a.user='clerk01'"), 1);
    struct pd_audit_report rep;
    assert_int_equal(pd_audit_verify(db, &rep, &err), PD_OK);
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_keeps_checks_and_restores_indexes),
        cmocka_unit_test(test_killed_load_finishes_on_open),
        cmocka_unit_test(test_refused_inside_transaction),
        cmocka_unit_test(test_rollback_after_changes_spoils_the_load),
        cmocka_unit_test(test_audit_texts_as_jansson_writes_them),
        cmocka_unit_test(test_save_checked_refuses_unchecked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
