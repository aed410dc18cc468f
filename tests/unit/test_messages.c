/* test_messages.c - messages from core and store follow the UI language
 * (core/i18n.h PD_MSG): Chinese with the field's Chinese label when the
 * language is zh, the English wording when it is en, English before any
 * language is set (what the other unit tests rely on), and the command
 * line's language from the locale variables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "core/codes.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/i18n.h"
#include "core/idnum.h"

#define HH "330205001001010001"
#define WANG "330205198003120135"   /* male 1980-03-12 */
#define CHEN "330205198307210244"   /* female 1983-07-21 */

static const struct pd_date today = { 2012, 6, 15 };

static void has(const char *msg, const char *want)
{
    if (!strstr(msg, want))
        fail_msg("'%s' not in '%s'", want, msg);
}

static void lacks_ascii_words(const char *msg)
{
    /* a Chinese message keeps codes, dates and numbers but no English words */
    static const char *const words[] = { " is ", " must ", " the ", "not ", "before", "required", NULL };
    for (int i = 0; words[i]; i++)
        if (strstr(msg, words[i]))
            fail_msg("English '%s' in the Chinese message '%s'", words[i], msg);
}

static int reset(void **state)
{
    (void)state;
    pd_i18n_set("zh");
    return 0;
}

static void test_default_is_english_until_set(void **state)
{
    (void)state;
    /* a fresh process: the library default (this test runs first) */
    struct pd_error err;
    assert_int_equal(pd_id_parse("330205198503150010", today, NULL, &err), PD_EINVAL);
    has(err.msg, "wrong check character");
}

static void test_id_number_both_languages(void **state)
{
    (void)state;
    struct pd_error err;
    pd_i18n_set("zh");
    assert_int_equal(pd_id_parse("330205198503150010", today, NULL, &err), PD_EINVAL);
    has(err.msg, "身份证号“330205198503150010”校验位不对");
    has(err.msg, "应为“5”");
    lacks_ascii_words(err.msg);
    assert_int_equal(pd_id_parse("33020519850315", today, NULL, &err), PD_EINVAL);
    has(err.msg, "有14位");
    assert_int_equal(pd_id_parse("3302051985031500a5", today, NULL, &err), PD_EINVAL);
    has(err.msg, "第17位");
    pd_i18n_set("en");
    assert_int_equal(pd_id_parse("330205198503150010", today, NULL, &err), PD_EINVAL);
    has(err.msg, "wrong check character: expected '5'");
    assert_string_equal(err.field, "id_number");
}

static void test_dates_both_languages(void **state)
{
    (void)state;
    struct pd_error err;
    struct pd_date d;
    pd_i18n_set("zh");
    assert_int_equal(pd_date_parse("1985-04-31", &d, "出生日期", &err), PD_EINVAL);
    has(err.msg, "出生日期“1985-04-31”不是有效日期：1985年4月只有30天");
    assert_int_equal(pd_date_parse("1985-02-29", &d, "出生日期", &err), PD_EINVAL);
    has(err.msg, "1985年2月只有28天");
    assert_int_equal(pd_date_parse("85-6-1", &d, NULL, &err), PD_EINVAL);
    has(err.msg, "日期“85-6-1”：年份要写满四位");
    lacks_ascii_words(err.msg);
    pd_i18n_set("en");
    assert_int_equal(pd_date_parse("1985-04-31", &d, "birth date", &err), PD_EINVAL);
    has(err.msg, "is not a real date: April 1985 has 30 days");
}

static void test_fields_use_chinese_labels(void **state)
{
    (void)state;
    struct pd_error err;
    const struct pd_field *sex = pd_field_find(&pd_person_fields, "sex");
    const struct pd_field *birth = pd_field_find(&pd_person_fields, "birth_date");
    assert_non_null(sex);
    assert_non_null(birth);
    pd_i18n_set("zh");
    json_t *v = pd_field_normalise(sex, "男女", today, NULL, &err);
    assert_null(v);
    has(err.msg, "性别“男女”不是认得的代码或名称");
    has(err.msg, "1 男");
    assert_string_equal(err.field, "sex");
    v = pd_field_normalise(birth, "2030-01-01", today, NULL, &err);
    assert_null(v);
    has(err.msg, "出生日期“2030-01-01”晚于今天");
    lacks_ascii_words(err.msg);
    json_t *obj = json_pack("{s:s}", "name", "王小明");
    assert_int_equal(pd_fields_check(&pd_person_fields, obj, true, NULL, today, &err), PD_EINVAL);
    has(err.msg, "请填写");
    lacks_ascii_words(err.msg);
    pd_i18n_set("en");
    assert_int_equal(pd_fields_check(&pd_person_fields, obj, true, NULL, today, &err), PD_EINVAL);
    has(err.msg, "is required");
    json_decref(obj);
}

static void test_store_refusals_both_languages(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("messages");
    struct pd_error err;
    char wang[40], chen[40];
    pd_i18n_set("zh");
    assert_int_equal(test_save(db, "household.add", "", "",
        "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区2幢201室\",\"reg_type\":\"2\"}",
        NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", HH, "",
        "{\"name\":\"王建国\",\"id_number\":\"" WANG "\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\","
        "\"relation\":\"02\",\"ethnicity\":\"01\",\"marital\":\"21\"}", wang, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", HH, "",
        "{\"name\":\"陈秀英\",\"id_number\":\"" CHEN "\",\"sex\":\"2\",\"birth_date\":\"1983-07-21\","
        "\"relation\":\"12\",\"ethnicity\":\"01\",\"marital\":\"21\"}", chen, &err), PD_OK);
    /* the same ID number again */
    assert_int_equal(test_save(db, "person.add", HH, "",
        "{\"name\":\"王建军\",\"id_number\":\"" WANG "\",\"sex\":\"1\",\"birth_date\":\"1980-03-12\","
        "\"relation\":\"20\",\"ethnicity\":\"01\"}", NULL, &err), PD_EEXIST);
    has(err.msg, "身份证号" WANG "已登记给王建国");
    assert_string_equal(err.field, "id_number");
    /* a pregnancy for a man */
    assert_int_equal(test_save(db, "woman.pregnancy", "", wang,
        "{\"registered\":\"2012-05-01\",\"expected\":\"2012-12-01\"}", NULL, &err), PD_EINVAL);
    has(err.msg, "怀孕登记只能是女性");
    lacks_ascii_words(err.msg);
    /* expected before registered: the event's own labels */
    assert_int_equal(test_save(db, "woman.pregnancy", "", chen,
        "{\"registered\":\"2012-05-01\",\"expected\":\"2012-01-01\"}", NULL, &err), PD_EINVAL);
    has(err.msg, "预产期“2012-01-01”早于登记日期（2012-05-01）");
    assert_string_equal(err.field, "expected");
    lacks_ascii_words(err.msg);
    /* a death, then any later change is refused in words */
    assert_int_equal(test_save(db, "person.death", "", wang, "{\"date\":\"2012-06-01\"}", NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "person.move_out", "", wang,
        "{\"date\":\"2012-06-10\",\"to\":\"宁波市海曙区\"}", NULL, &err), PD_EDENIED);
    has(err.msg, "王建国");
    has(err.msg, "已登记死亡（2012-06-01），之后不能再登记变动");
    pd_i18n_set("en");
    assert_int_equal(test_save(db, "person.move_out", "", wang,
        "{\"date\":\"2012-06-10\",\"to\":\"宁波市海曙区\"}", NULL, &err), PD_EDENIED);
    has(err.msg, "is recorded as dead since 2012-06-01");
    test_db_close(&db);
}

static void test_command_line_language_from_locale(void **state)
{
    (void)state;
    const char *keep[3] = { getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG") };
    char saved[3][64];
    for (int i = 0; i < 3; i++)
        snprintf(saved[i], sizeof saved[i], "%s", keep[i] ? keep[i] : "");
    setenv("LC_ALL", "C.UTF-8", 1);
    setenv("LANG", "zh_CN.UTF-8", 1);
    assert_string_equal(pd_i18n_locale_lang(), "en");   /* LC_ALL wins */
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    assert_string_equal(pd_i18n_locale_lang(), "zh");
    setenv("LC_MESSAGES", "zh_TW.UTF-8", 1);
    setenv("LANG", "en_US.UTF-8", 1);
    assert_string_equal(pd_i18n_locale_lang(), "zh");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
    assert_string_equal(pd_i18n_locale_lang(), "en");
    const char *names[3] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++)
        if (saved[i][0])
            setenv(names[i], saved[i], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_is_english_until_set),
        cmocka_unit_test_setup(test_id_number_both_languages, reset),
        cmocka_unit_test_setup(test_dates_both_languages, reset),
        cmocka_unit_test_setup(test_fields_use_chinese_labels, reset),
        cmocka_unit_test_setup(test_store_refusals_both_languages, reset),
        cmocka_unit_test(test_command_line_language_from_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
