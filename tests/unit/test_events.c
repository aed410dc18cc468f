/* test_events.c - saving change events: each type changes the register,
 * every refusal names its field and changes nothing, and the audit log and
 * outbox stay one row per event with gapless seq and a linked hash chain. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#define HH "330205001001010001"
#define ZHANG "330205198003120135"   /* male 1980-03-12 */
#define LI "330205198307210244"      /* female 1983-07-21 */

struct fx {
    struct pd_db *db;
    char husband[40], wife[40];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->db = test_db_open("events");
    struct pd_error err;
    assert_int_equal(test_save(f->db, "household.add", "", "",
        "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区1幢101室\",\"reg_type\":\"2\"}",
        NULL, &err), PD_OK);
    assert_int_equal(test_save(f->db, "person.add", HH, "",
        "{\"name\":\"张伟\",\"id_number\":\"" ZHANG "\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\","
        "\"relation\":\"02\",\"ethnicity\":\"01\",\"marital\":\"21\"}", f->husband, &err), PD_OK);
    assert_int_equal(test_save(f->db, "person.add", HH, "",
        "{\"name\":\"李芳\",\"id_number\":\"" LI "\",\"sex\":\"2\",\"birth_date\":\"1983-07-21\","
        "\"relation\":\"12\",\"marital\":\"21\",\"first_marriage_date\":\"2008-10-01\"}", f->wife, &err), PD_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_close(&f->db);
    free(f);
    return 0;
}

static long long n_outbox(struct fx *f) { return test_count(f->db, "SELECT count(*) FROM outbox"); }

/* A refused event: the expected message and field, and nothing saved. */
static void refused(struct fx *f, const char *type, const char *hh, const char *person,
                    const char *json, const char *field, const char *words)
{
    long long before = n_outbox(f);
    long long persons = test_count(f->db, "SELECT count(*) FROM persons");
    long long audit = test_count(f->db, "SELECT count(*) FROM audit");
    struct pd_error err;
    pd_err rc = test_save(f->db, type, hh, person, json, NULL, &err);
    if (rc == PD_OK || strstr(err.msg, words) == NULL || strcmp(err.field, field) != 0)
        fail_msg("%s %s: rc %d field '%s' msg '%s' (wanted field '%s' and '%s')",
                 type, json, rc, err.field, err.msg, field, words);
    assert_int_equal(n_outbox(f), before);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM persons"), persons);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), audit);
}

static void test_person_add_saved_with_ids(void **state)
{
    struct fx *f = *state;
    assert_string_equal(f->husband, TEST_STATION "P0000001");
    assert_string_equal(f->wife, TEST_STATION "P0000002");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM persons WHERE household='" HH "'"), 2);
    /* the wife is 28: in the childbearing-age register */
    assert_int_equal(test_count(f->db, "SELECT wcba FROM persons WHERE pid='" TEST_STATION "P0000002'"), 1);
    assert_int_equal(test_count(f->db, "SELECT wcba FROM persons WHERE pid='" TEST_STATION "P0000001'"), 0);
}

static void test_bad_id_refused(void **state)
{
    struct fx *f = *state;
    refused(f, "person.add", HH, "",
            "{\"name\":\"王五\",\"id_number\":\"330205198003120136\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\"}",
            "id_number", "check character");
    refused(f, "person.add", HH, "",
            "{\"name\":\"王五\",\"id_number\":\"33020519800312013\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\"}",
            "id_number", "17");
}

static void test_id_disagrees_refused(void **state)
{
    struct fx *f = *state;
    /* the ID says female (sequence 038 is even), the form says male */
    refused(f, "person.add", HH, "",
            "{\"name\":\"王芳\",\"id_number\":\"330205199009090381\",\"sex\":\"1\",\"birth_date\":\"1990-09-09\"}",
            "sex", "");
    refused(f, "person.add", HH, "",
            "{\"name\":\"王芳\",\"id_number\":\"330205199009090381\",\"sex\":\"2\",\"birth_date\":\"1990-09-10\"}",
            "birth_date", "");
}

static void test_bad_values_refused(void **state)
{
    struct fx *f = *state;
    refused(f, "person.add", HH, "", "{\"name\":\"王五\",\"sex\":\"3\",\"birth_date\":\"1990-09-09\"}",
            "sex", "not a");
    refused(f, "person.add", HH, "", "{\"name\":\"王五\",\"sex\":\"1\",\"birth_date\":\"1990-02-30\"}",
            "birth_date", "not a real date");
    refused(f, "person.add", HH, "", "{\"name\":\"王五\",\"sex\":\"1\",\"birth_date\":\"2013-01-01\"}",
            "birth_date", "future");
    refused(f, "person.add", HH, "", "{\"name\":\"王五\",\"sex\":\"1\",\"birth_date\":\"1990-09-09\",\"shoe\":\"42\"}",
            "shoe", "unknown");
    refused(f, "person.add", HH, "", "{\"sex\":\"1\",\"birth_date\":\"1990-09-09\"}",
            "name", "required");
    refused(f, "person.add", HH, "", "{\"name\":\"王五\",\"sex\":\"1\",\"birth_date\":\"1990/09/09\"}",
            "birth_date", "YYYY-MM-DD");
    refused(f, "person.add", HH, "", "{\"name\":\"王五\",\"sex\":\"1\",\"birth_date\":\"1990-09-09\",\"ethnicity\":\"57\"}",
            "ethnicity", "not a");
    refused(f, "person.add", "330205001001019999", "", "{\"name\":\"王五\",\"sex\":\"1\",\"birth_date\":\"1990-09-09\"}",
            "household", "no household");
}

static void test_id_taken_refused(void **state)
{
    struct fx *f = *state;
    refused(f, "person.add", HH, "",
            "{\"name\":\"张伟\",\"id_number\":\"" ZHANG "\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\"}",
            "id_number", "already registered to 张伟");
}

static void test_household_rules(void **state)
{
    struct fx *f = *state;
    refused(f, "household.add", "", "", "{\"code\":\"" HH "\",\"address\":\"又一处\"}", "code", "already");
    refused(f, "household.add", "", "", "{\"code\":\"330205001002010001\",\"address\":\"别村\"}",
            "code", "must begin with this station");
    refused(f, "household.add", "", "", "{\"code\":\"33020500100101001\",\"address\":\"短\"}", "code", "18 digits");
}

static void test_birth_and_order(void **state)
{
    struct fx *f = *state;
    char baby[40], baby2[40], json[512];
    struct pd_error err;
    snprintf(json, sizeof json, "{\"name\":\"张小明\",\"sex\":\"1\",\"birth_date\":\"2010-04-02\","
             "\"relation\":\"20\",\"mother\":\"%s\",\"father\":\"%s\"}", f->wife, f->husband);
    assert_int_equal(test_save(f->db, "person.birth", HH, "", json, baby, &err), PD_OK);
    snprintf(json, sizeof json, "{\"name\":\"张小红\",\"sex\":\"2\",\"birth_date\":\"2012-05-01\","
             "\"relation\":\"30\",\"mother\":\"%s\"}", f->wife);
    assert_int_equal(test_save(f->db, "person.birth", HH, "", json, baby2, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT birth_order FROM children WHERE child='" TEST_STATION "P0000004' "
                                       "AND parent='" TEST_STATION "P0000002'"), 2);
    /* the father's list has the first child only */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM children WHERE parent='" TEST_STATION "P0000001'"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM persons WHERE mother='" TEST_STATION "P0000002'"), 2);
    /* a man cannot be the mother */
    snprintf(json, sizeof json, "{\"name\":\"某\",\"sex\":\"1\",\"birth_date\":\"2012-05-02\",\"mother\":\"%s\"}",
             f->husband);
    refused(f, "person.birth", HH, "", json, "person", "for women");
}

static void test_death_ends_changes(void **state)
{
    struct fx *f = *state;
    struct pd_error err;
    refused(f, "person.death", HH, f->husband, "{\"date\":\"1979-01-01\"}", "date", "before");
    assert_int_equal(test_save(f->db, "person.death", "", f->husband, "{\"date\":\"2012-01-05\"}", NULL, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM persons WHERE status='dead' AND end_date='2012-01-05'"), 1);
    refused(f, "person.move_out", "", f->husband, "{\"date\":\"2012-02-01\"}", "person", "recorded as dead");
    /* a correction of a dead person's record is still possible */
    assert_int_equal(test_save(f->db, "record.correct", "", f->husband,
                               "{\"reason\":\"户口本核对\",\"fields\":{\"education\":\"70\"}}", NULL, &err), PD_OK);
}

static void test_marriage_contraception_pregnancy(void **state)
{
    struct fx *f = *state;
    struct pd_error err;
    assert_int_equal(test_save(f->db, "woman.contraception", "", f->wife,
                               "{\"method\":\"3\",\"start\":\"2011-03-01\",\"provider\":\"街道计生服务站\"}", NULL, &err), PD_OK);
    assert_int_equal(test_save(f->db, "woman.contraception", "", f->wife,
                               "{\"method\":\"6\",\"start\":\"2012-01-10\"}", NULL, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM contraception WHERE end_date='2012-01-10'"), 1);
    assert_int_equal(test_count(f->db, "SELECT contra_method FROM persons WHERE pid='" TEST_STATION "P0000002'"), 6);
    refused(f, "woman.contraception", "", f->wife, "{\"method\":\"6\",\"start\":\"2012-02-10\",\"end\":\"2012-02-01\"}",
            "end", "before");
    refused(f, "woman.contraception", "", f->wife, "{\"method\":\"12\",\"start\":\"2012-02-10\"}", "method", "not a");

    assert_int_equal(test_save(f->db, "woman.pregnancy", "", f->wife,
                               "{\"registered\":\"2012-03-01\",\"expected\":\"2012-11-20\"}", NULL, &err), PD_OK);
    refused(f, "woman.pregnancy", "", f->wife, "{\"registered\":\"2012-03-02\",\"expected\":\"2012-11-20\"}",
            "registered", "already has a registered pregnancy");
    refused(f, "woman.pregnancy", "", f->husband, "{\"registered\":\"2012-03-02\",\"expected\":\"2012-11-20\"}",
            "person", "for women");
    refused(f, "woman.pregnancy_outcome", "", f->wife, "{\"outcome\":\"born\",\"date\":\"2012-05-01\"}",
            "outcome", "not one of");
    assert_int_equal(test_save(f->db, "woman.pregnancy_outcome", "", f->wife,
                               "{\"outcome\":\"spontaneous_abortion\",\"date\":\"2012-05-01\"}", NULL, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM persons WHERE pregnant_expected IS NOT NULL"), 0);

    assert_int_equal(test_save(f->db, "person.marriage", "", f->husband,
                               "{\"change\":\"divorce\",\"date\":\"2012-06-01\"}", NULL, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT marital FROM persons WHERE pid='" TEST_STATION "P0000001'"), 40);
    refused(f, "person.marriage", "", f->husband, "{\"change\":\"elope\",\"date\":\"2012-06-01\"}", "change", "not one of");
}

static void test_migrant_without_household(void **state)
{
    struct fx *f = *state;
    struct pd_error err;
    char m[40];
    assert_int_equal(test_save(f->db, "migrant.arrive", "", "",
        "{\"name\":\"刘敏\",\"id_number\":\"330205199211110462\",\"sex\":\"2\",\"birth_date\":\"1992-11-11\","
        "\"date\":\"2012-04-01\",\"from\":\"安徽省阜阳市\",\"cert_number\":\"皖阜2011-0345\","
        "\"cert_issue\":\"2011-01-05\",\"cert_expiry\":\"2014-01-04\"}", m, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT migrant FROM persons WHERE id_number='330205199211110462'"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM migrant_certs WHERE expiry='2014-01-04'"), 1);
    refused(f, "person.move_out", "", m, "{\"date\":\"2012-05-01\"}", "person", "migrant register");
    refused(f, "migrant.leave", "", m, "{\"date\":\"2012-03-01\"}", "date", "before");
    refused(f, "migrant.leave", "", f->wife, "{\"date\":\"2012-05-01\"}", "person", "not in the migrant register");
    assert_int_equal(test_save(f->db, "migrant.leave", "", m, "{\"date\":\"2012-06-01\",\"to\":\"杭州\"}", NULL, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM migrant_certs WHERE left_date='2012-06-01'"), 1);
}

static void test_correction_audited(void **state)
{
    struct fx *f = *state;
    struct pd_error err;
    assert_int_equal(test_save(f->db, "record.correct", "", f->wife,
                               "{\"reason\":\"姓名录入错误\",\"fields\":{\"name\":\"李芳芳\"}}", NULL, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE type='record.correct' AND "
                                       "json_extract(before,'$.name')='李芳' AND json_extract(after,'$.name')='李芳芳' "
                                       "AND json_extract(after,'$.sex') IS NULL"), 1);
    /* a correction must keep the ID agreeing with sex */
    refused(f, "record.correct", "", f->wife, "{\"reason\":\"x\",\"fields\":{\"sex\":\"1\"}}", "sex", "");
    refused(f, "record.correct", "", f->wife, "{\"fields\":{\"name\":\"李\"}}", "reason", "required");
    refused(f, "record.correct", "", f->wife, "{\"reason\":\"x\",\"fields\":{}}", "fields", "name the fields");
    refused(f, "record.correct", HH, "", "{\"reason\":\"x\",\"fields\":{\"code\":\"330205001001010002\"}}",
            "code", "cannot be corrected");
    assert_int_equal(test_save(f->db, "record.correct", HH, "",
                               "{\"reason\":\"门牌变更\",\"fields\":{\"address\":\"1幢102室\"}}", NULL, &err), PD_OK);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM households WHERE address='1幢102室'"), 1);
}

static void test_unknown_type_and_missing_targets(void **state)
{
    struct fx *f = *state;
    struct pd_event ev;
    struct pd_error err;
    assert_int_equal(pd_event_init(&ev, "person.teleport", "", "", NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown event type"));
    pd_event_done(&ev);
    refused(f, "person.death", "", "", "{\"date\":\"2012-01-01\"}", "person", "needs a person");
    refused(f, "person.death", "", TEST_STATION "P0099999", "{\"date\":\"2012-01-01\"}", "person", "no person");
}

/* After everything above, in one register: one audit row and one outbox
 * row per event, seq 1..N without a gap, each audit row linked to the last. */
static void test_outbox_audit_consistent(void **state)
{
    struct fx *f = *state;
    test_birth_and_order(state);
    test_marriage_contraception_pregnancy(state);
    test_correction_audited(state);
    long long n = n_outbox(f);
    assert_true(n >= 10);
    assert_int_equal(test_count(f->db, "SELECT max(seq) FROM outbox"), n);
    assert_int_equal(test_count(f->db, "SELECT min(seq) FROM outbox"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), n);
    assert_int_equal(test_count(f->db, "SELECT count(DISTINCT seq) FROM audit"), n);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit a JOIN audit b ON b.id=a.id+1 "
                                       "WHERE b.prev_hash<>a.hash"), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE id=1 AND prev_hash=''"), 1);
    /* the envelope carries what SYNC.md asks for */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM outbox WHERE json_extract(body,'$.seq')=seq "
                                       "AND length(json_extract(body,'$.id'))=36 AND json_extract(body,'$.user')='clerk01' "
                                       "AND json_extract(body,'$.at') LIKE '20__-__-__T__:__:__+08:00'"), n);
    assert_int_equal(test_count(f->db, "SELECT count(DISTINCT json_extract(body,'$.id')) FROM outbox"), n);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM outbox WHERE state=0"), n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_person_add_saved_with_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_id_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_disagrees_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_values_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_taken_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_household_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_birth_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_death_ends_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marriage_contraception_pregnancy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrant_without_household, setup, teardown),
        cmocka_unit_test_setup_teardown(test_correction_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_type_and_missing_targets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outbox_audit_consistent, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
