/* test_idnum.c - resident ID numbers: check character, normalising,
 * spreadsheet damage, 15-digit conversion, agreement, masking
 * (core/idnum.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "core/idnum.h"

static const struct pd_date today = { 2012, 10, 1 };

static struct pd_date D(int y, int m, int d)
{
    struct pd_date r = { y, m, d };
    return r;
}

static int setup_locale(void **state)
{
    (void)state;
    setlocale(LC_ALL, "");
    return 0;
}

static struct pd_idinfo parse_ok(const char *in)
{
    struct pd_idinfo id;
    struct pd_error err;
    pd_error_clear(&err);
    memset(&id, 0, sizeof id);
    if (pd_id_parse(in, today, &id, &err) != PD_OK)
        fail_msg("'%s' refused: %s", in, err.msg);
    return id;
}

/* Expects a refusal whose message holds each given word (NULL to skip). */
static void refused(const char *in, const char *w1, const char *w2,
                    const char *w3)
{
    struct pd_idinfo id;
    struct pd_error err;
    pd_error_clear(&err);
    memset(&id, 0x5A, sizeof id);
    pd_err rc = pd_id_parse(in, today, &id, &err);
    if (rc == PD_OK)
        fail_msg("'%s' accepted as %s", in, id.number);
    assert_int_equal(rc, PD_EINVAL);
    assert_int_equal(err.code, PD_EINVAL);
    assert_string_equal(err.field, "id_number");
    const char *w[3] = { w1, w2, w3 };
    for (int i = 0; i < 3; i++)
        if (w[i] && !strstr(err.msg, w[i]))
            fail_msg("message for '%s' lacks \"%s\": %s", in, w[i], err.msg);
    /* The caller's struct is left alone on failure. */
    for (size_t i = 0; i < sizeof id; i++)
        assert_int_equal(((unsigned char *)&id)[i], 0x5A);
}

/* ---- check character ---- */

static void test_check_char(void **state)
{
    (void)state;
    assert_int_equal(pd_id_check_char("11010519491231002"), 'X');
    assert_int_equal(pd_id_check_char("44190019890101221"), '9');
    assert_int_equal(pd_id_check_char("33020519850615001"), '0');
    assert_int_equal(pd_id_check_char("33020519850615002"), '9');
    assert_int_equal(pd_id_check_char("33020519880229002"), '6');
    assert_int_equal(pd_id_check_char("33020519850615000"), '2');
    /* Not 17 digits: no answer. */
    assert_int_equal(pd_id_check_char("3302051985061500A"), '\0');
    assert_int_equal(pd_id_check_char("3302051985"), '\0');
    assert_int_equal(pd_id_check_char(NULL), '\0');
}

/* ---- valid numbers ---- */

static void test_parse_valid_18(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("11010519491231002X");
    assert_string_equal(id.number, "11010519491231002X");
    assert_string_equal(id.address, "110105");
    assert_int_equal(id.birth.y, 1949);
    assert_int_equal(id.birth.m, 12);
    assert_int_equal(id.birth.d, 31);
    assert_int_equal(id.sex, 2);              /* 17th digit 2: even */
    assert_false(id.converted15);
    assert_false(id.normalised);
}

static void test_sex_from_17th_digit(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("330205198506150010").sex, 1);
    assert_int_equal(parse_ok("330205198506150029").sex, 2);
    assert_int_equal(parse_ok("330205198802290026").sex, 2);
    assert_int_equal(parse_ok("441900890101221").sex, 1);
}

static void test_parse_feb29(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("330205198802290026");
    assert_int_equal(id.birth.y, 1988);
    assert_int_equal(id.birth.m, 2);
    assert_int_equal(id.birth.d, 29);
}

static void test_parse_15_digit(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("441900890101221");
    assert_string_equal(id.number, "441900198901012219");
    assert_string_equal(id.address, "441900");
    assert_int_equal(id.birth.y, 1989);
    assert_int_equal(id.birth.m, 1);
    assert_int_equal(id.birth.d, 1);
    assert_true(id.converted15);
    assert_false(id.normalised);
}

static void test_parse_born_today(void **state)
{
    (void)state;
    struct pd_idinfo id;
    assert_int_equal(pd_id_parse("330205201203010015", D(2012, 3, 1), &id, NULL), PD_OK);
    assert_int_equal(pd_id_parse("330205201203010015", D(2012, 2, 29), &id, NULL), PD_EINVAL);
    /* No today: the future check is skipped. */
    assert_int_equal(pd_id_parse("330205203001010016", D(0, 0, 0), &id, NULL), PD_OK);
    /* Output optional. */
    assert_int_equal(pd_id_parse("330205198506150010", today, NULL, NULL), PD_OK);
}

/* ---- normalising ---- */

static void test_normalise_full_width(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("１１０１０５１９４９１２３１００２Ｘ");
    assert_string_equal(id.number, "11010519491231002X");
    assert_true(id.normalised);
    id = parse_ok("３３０２０５198506150010");
    assert_string_equal(id.number, "330205198506150010");
    assert_true(id.normalised);
}

static void test_normalise_lowercase_x(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("11010519491231002x");
    assert_string_equal(id.number, "11010519491231002X");
    assert_true(id.normalised);
    id = parse_ok("11010519491231002ｘ");          /* full-width small x */
    assert_string_equal(id.number, "11010519491231002X");
}

static void test_normalise_spaces(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("330205 19850615 0010");
    assert_string_equal(id.number, "330205198506150010");
    assert_true(id.normalised);
    id = parse_ok("  330205198506150010\t");
    assert_string_equal(id.number, "330205198506150010");
    assert_true(id.normalised);
    id = parse_ok("330205\xE3\x80\x80" "198506150010");   /* U+3000 inside */
    assert_string_equal(id.number, "330205198506150010");
    assert_true(id.normalised);
    id = parse_ok("441900 890101 221");
    assert_string_equal(id.number, "441900198901012219");
    assert_true(id.normalised);
    assert_true(id.converted15);
}

/* ---- spreadsheet damage ---- */

static void test_scientific_notation(void **state)
{
    (void)state;
    const char *forms[] = { "3.30205E+17", "3.30205e17", "3.30205E17",
                            "3,30205E+17", "3E+17", " 3.30205199E+17 ",
                            "３．３０２０５Ｅ＋１７" };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        refused(forms[i], "spreadsheet turned the ID number into a number",
                "must be formatted as text", "'3");
}

static void test_trailing_000(void **state)
{
    (void)state;
    refused("330205198506150000", "expected '2', got '0'", "ends in 000",
            "formatted as text");
    refused("110105194912310000", "wrong check character", "000", "spreadsheet");
}

/* ---- refusals ---- */

static void test_wrong_check(void **state)
{
    (void)state;
    refused("110105194912310023", "wrong check character", "expected 'X', got '3'",
            "'110105194912310023'");
    refused("330205198506150013", "expected '0', got '3'", "mistyped", NULL);
    refused("330205198506150019", "expected '0', got '9'", NULL, NULL);
}

static void test_wrong_length(void **state)
{
    (void)state;
    refused("3302051985061500", "has 16 characters", "18", "15");
    refused("3302051985061500101", "has 19 characters", NULL, NULL);
    refused("12345", "'12345' has 5 characters", NULL, NULL);
    refused("44190089010122", "has 14 characters", NULL, NULL);
    refused("3302 0519 8506", "has 12 characters", NULL, NULL);   /* spaces do not count */
}

static void test_empty(void **state)
{
    (void)state;
    refused("", "empty", NULL, NULL);
    refused("  \xE3\x80\x80 ", "empty", NULL, NULL);
    refused(NULL, "empty", NULL, NULL);
}

static void test_too_long(void **state)
{
    (void)state;
    char big[200];
    memset(big, '3', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    refused(big, "too long", "18", NULL);
}

static void test_bad_character(void **state)
{
    (void)state;
    refused("33020519850615001A", "character 18 is 'A'", "only digits", NULL);
    refused("330205张三198506150", "character 7 is '张'", NULL, NULL);
    refused("330205-19850615-0010", "character 7 is '-'", NULL, NULL);
    refused("3302051985X6150010", "character 11 is 'X'", "last character", NULL);
    refused("44190089010122X", "character 15 is 'X'", "18-character", NULL);
    refused("X30205198506150010", "character 1 is 'X'", NULL, NULL);
    refused("33020519850615001\x01", "character 18 is '?'", NULL, NULL);
    refused("33020519850615001\xFF", "character 18 is '?'", NULL, NULL);
    refused("3.302051985E", "character 2 is '.'", NULL, NULL);
}

static void test_date_not_real(void **state)
{
    (void)state;
    refused("330205198502300018", "19850230", "not a real date", NULL);
    refused("441900890230221", "19890230", "not a real date", NULL);
    refused("330205198513010010", "19851301", "not a real date", NULL);
    refused("330205184912310010", "18491231", "not a real date", NULL);
}

static void test_date_in_future(void **state)
{
    (void)state;
    refused("330205203001010016", "2030-01-01", "after today (2012-10-01)",
            "'330205203001010016'");
}

static void test_message_quotes_input_as_given(void **state)
{
    (void)state;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_id_parse("  3302051985061500１３ ", today, NULL, &err), PD_EINVAL);
    /* Full width shown folded, surrounding spaces dropped. */
    assert_non_null(strstr(err.msg, "'33020519850615001" "3'"));
}

/* ---- agreement ---- */

static void test_agrees(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("330205198506150029");    /* female */
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_id_agrees(&id, 2, D(1985, 6, 15), &err), PD_OK);
    assert_int_equal(pd_id_agrees(&id, 0, D(1985, 6, 15), &err), PD_OK);
    assert_int_equal(pd_id_agrees(&id, 9, D(0, 0, 0), &err), PD_OK);
    assert_int_equal(err.code, PD_OK);
}

static void test_agrees_sex_mismatch(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("330205198506150029");    /* female */
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_id_agrees(&id, 1, D(1985, 6, 15), &err), PD_EINVAL);
    assert_string_equal(err.field, "sex");
    assert_non_null(strstr(err.msg, "sex is recorded as male (男)"));
    assert_non_null(strstr(err.msg, "330205198506150029 says female (女)"));
    assert_non_null(strstr(err.msg, "even"));

    id = parse_ok("330205198506150010");                     /* male */
    assert_int_equal(pd_id_agrees(&id, 2, D(0, 0, 0), &err), PD_EINVAL);
    assert_string_equal(err.field, "sex");
    assert_non_null(strstr(err.msg, "recorded as female"));
    assert_non_null(strstr(err.msg, "says male"));
}

static void test_agrees_birth_mismatch(void **state)
{
    (void)state;
    struct pd_idinfo id = parse_ok("330205198506150010");
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_id_agrees(&id, 1, D(1985, 6, 16), &err), PD_EINVAL);
    assert_string_equal(err.field, "birth_date");
    assert_non_null(strstr(err.msg, "birth date is recorded as 1985-06-16"));
    assert_non_null(strstr(err.msg, "says 1985-06-15"));
    /* Sex unknown: the birth date is still compared. */
    assert_int_equal(pd_id_agrees(&id, 0, D(1986, 6, 15), &err), PD_EINVAL);
    assert_string_equal(err.field, "birth_date");
    assert_int_equal(pd_id_agrees(NULL, 1, D(1985, 6, 15), &err), PD_EINVAL);
}

/* ---- mask ---- */

static void test_mask(void **state)
{
    (void)state;
    char buf[PD_ID_BUFSZ];
    pd_id_mask("330205198506150010", buf);
    assert_string_equal(buf, "330205********0010");
    pd_id_mask("11010519491231002X", buf);
    assert_string_equal(buf, "110105********002X");
    pd_id_mask("441900890101221", buf);
    assert_string_equal(buf, "441900*****1221");
    pd_id_mask("12345", buf);                      /* too short to show any */
    assert_string_equal(buf, "*****");
    pd_id_mask("张三李四王五赵六", buf);            /* not an ID: hide all */
    assert_string_equal(buf, "******************");
    pd_id_mask("3302051985061500101234", buf);
    assert_string_equal(buf, "******************");
    pd_id_mask("", buf);
    assert_string_equal(buf, "");
    pd_id_mask(NULL, buf);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_char),
        cmocka_unit_test(test_parse_valid_18),
        cmocka_unit_test(test_sex_from_17th_digit),
        cmocka_unit_test(test_parse_feb29),
        cmocka_unit_test(test_parse_15_digit),
        cmocka_unit_test(test_parse_born_today),
        cmocka_unit_test(test_normalise_full_width),
        cmocka_unit_test(test_normalise_lowercase_x),
        cmocka_unit_test(test_normalise_spaces),
        cmocka_unit_test(test_scientific_notation),
        cmocka_unit_test(test_trailing_000),
        cmocka_unit_test(test_wrong_check),
        cmocka_unit_test(test_wrong_length),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_bad_character),
        cmocka_unit_test(test_date_not_real),
        cmocka_unit_test(test_date_in_future),
        cmocka_unit_test(test_message_quotes_input_as_given),
        cmocka_unit_test(test_agrees),
        cmocka_unit_test(test_agrees_sex_mismatch),
        cmocka_unit_test(test_agrees_birth_mismatch),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, setup_locale, NULL);
}
