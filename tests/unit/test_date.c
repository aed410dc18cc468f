/* test_date.c - calendar rules, parsing the forms offices write, day
 * arithmetic and ages (core/date.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "core/date.h"

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

static void assert_date(struct pd_date got, int y, int m, int d)
{
    assert_int_equal(got.y, y);
    assert_int_equal(got.m, m);
    assert_int_equal(got.d, d);
}

/* Parses s, expecting success with y-m-d. */
static void parses(const char *s, int y, int m, int d)
{
    struct pd_date out = { 9, 9, 9 };
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_date_parse(s, &out, "出生日期", &err);
    if (rc != PD_OK)
        fail_msg("'%s' refused: %s", s, err.msg);
    assert_date(out, y, m, d);
}

/* Parses s, expecting a refusal whose message holds each of the words. */
static void refuses(const char *s, const char *w1, const char *w2)
{
    struct pd_date out = { 9, 9, 9 };
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_date_parse(s, &out, "出生日期", &err);
    if (rc == PD_OK)
        fail_msg("'%s' accepted as %d-%d-%d", s, out.y, out.m, out.d);
    assert_int_equal(rc, PD_EINVAL);
    assert_int_equal(err.code, PD_EINVAL);
    assert_string_equal(err.field, "出生日期");
    if (!strstr(err.msg, "出生日期"))
        fail_msg("message for '%s' does not name the field: %s", s, err.msg);
    if (w1 && !strstr(err.msg, w1))
        fail_msg("message for '%s' lacks \"%s\": %s", s, w1, err.msg);
    if (w2 && !strstr(err.msg, w2))
        fail_msg("message for '%s' lacks \"%s\": %s", s, w2, err.msg);
    assert_true(pd_date_is_empty(out));       /* nothing half-filled */
}

/* ---- calendar ---- */

static void test_leap_years(void **state)
{
    (void)state;
    assert_true(pd_leap_year(2000));
    assert_true(pd_leap_year(2012));
    assert_true(pd_leap_year(1988));
    assert_false(pd_leap_year(1900));
    assert_false(pd_leap_year(2100));
    assert_false(pd_leap_year(2011));
}

static void test_days_in_month(void **state)
{
    (void)state;
    assert_int_equal(pd_days_in_month(2012, 2), 29);
    assert_int_equal(pd_days_in_month(2011, 2), 28);
    assert_int_equal(pd_days_in_month(1900, 2), 28);
    assert_int_equal(pd_days_in_month(1985, 1), 31);
    assert_int_equal(pd_days_in_month(1985, 4), 30);
    assert_int_equal(pd_days_in_month(1985, 6), 30);
    assert_int_equal(pd_days_in_month(1985, 12), 31);
    assert_int_equal(pd_days_in_month(1985, 0), 0);
    assert_int_equal(pd_days_in_month(1985, 13), 0);
}

static void test_valid_and_empty(void **state)
{
    (void)state;
    assert_true(pd_date_is_empty(D(0, 0, 0)));
    assert_false(pd_date_is_empty(D(1985, 6, 15)));
    assert_true(pd_date_valid(D(1985, 6, 15)));
    assert_true(pd_date_valid(D(1850, 1, 1)));
    assert_true(pd_date_valid(D(2200, 12, 31)));
    assert_true(pd_date_valid(D(2012, 2, 29)));
    assert_false(pd_date_valid(D(2011, 2, 29)));
    assert_false(pd_date_valid(D(1985, 2, 30)));
    assert_false(pd_date_valid(D(1849, 12, 31)));
    assert_false(pd_date_valid(D(2201, 1, 1)));
    assert_false(pd_date_valid(D(1985, 13, 1)));
    assert_false(pd_date_valid(D(1985, 0, 1)));
    assert_false(pd_date_valid(D(1985, 1, 0)));
    assert_false(pd_date_valid(D(0, 0, 0)));
}

/* ---- parsing ---- */

static void test_parse_forms(void **state)
{
    (void)state;
    parses("1985-06-15", 1985, 6, 15);
    parses("1985-6-15", 1985, 6, 15);
    parses("1985/06/15", 1985, 6, 15);
    parses("1985/6/5", 1985, 6, 5);
    parses("1985.6.15", 1985, 6, 15);
    parses("1985.06.15", 1985, 6, 15);
    parses("19850615", 1985, 6, 15);
    parses("1985年6月15日", 1985, 6, 15);
    parses("1985年06月15日", 1985, 6, 15);
    parses("1985年6月15号", 1985, 6, 15);
    parses("1985年6月15", 1985, 6, 15);
    parses("2012-02-29", 2012, 2, 29);
    parses("2000-2-29", 2000, 2, 29);
    parses("1850-01-01", 1850, 1, 1);
    parses("2200-12-31", 2200, 12, 31);
}

static void test_parse_full_width_and_spaces(void **state)
{
    (void)state;
    parses("１９８５年６月１５日", 1985, 6, 15);
    parses("１９８５－０６－１５", 1985, 6, 15);
    parses("１９８５．６．１５", 1985, 6, 15);
    parses("１９８５０６１５", 1985, 6, 15);
    parses("  1985-06-15  ", 1985, 6, 15);
    parses("\t1985/6/15\r\n", 1985, 6, 15);
    parses("\xE3\x80\x80" "1985年6月15日" "\xE3\x80\x80", 1985, 6, 15);
}

static void test_parse_spreadsheet_midnight(void **state)
{
    (void)state;
    parses("1985/6/15 0:00", 1985, 6, 15);
    parses("1985-06-15 00:00:00", 1985, 6, 15);
    refuses("1985-06-15 08:30", "not a date", "'1985-06-15 08:30'");
    refuses("1985-06-15 00", "not a date", NULL);
    refuses("1985-06-15x", "not a date", NULL);
}

static void test_parse_empty(void **state)
{
    (void)state;
    struct pd_date out = { 1, 2, 3 };
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_date_parse("", &out, "出生日期", &err), PD_OK);
    assert_true(pd_date_is_empty(out));
    out = D(1, 2, 3);
    assert_int_equal(pd_date_parse("   \xE3\x80\x80 ", &out, "出生日期", &err), PD_OK);
    assert_true(pd_date_is_empty(out));
    out = D(1, 2, 3);
    assert_int_equal(pd_date_parse(NULL, &out, "出生日期", &err), PD_OK);
    assert_true(pd_date_is_empty(out));
    assert_int_equal(err.code, PD_OK);
}

static void test_parse_not_real(void **state)
{
    (void)state;
    refuses("1985-02-30", "'1985-02-30' is not a real date", "February 1985 has 28 days");
    refuses("2011-02-29", "'2011-02-29' is not a real date", "2011 is not a leap year");
    refuses("1900-02-29", "1900 is not a leap year", NULL);
    refuses("1985-04-31", "not a real date", "April 1985 has 30 days");
    refuses("1985-13-01", "'1985-13-01' is not a real date", "no month 13");
    refuses("1985-00-10", "no month 0", NULL);
    refuses("1985-06-00", "no day 0", NULL);
    refuses("19851301", "no month 13", NULL);
    refuses("1985年2月30日", "'1985年2月30日'", "February 1985 has 28 days");
    refuses("１９８５－０２－３０", "'1985-02-30'", "not a real date");
}

static void test_parse_year_range(void **state)
{
    (void)state;
    refuses("1849-12-31", "year 1849 is outside 1850 to 2200", "'1849-12-31'");
    refuses("2201-01-01", "year 2201", "outside");
    refuses("0000-01-01", "year 0", NULL);
}

static void test_parse_garbage(void **state)
{
    (void)state;
    refuses("abc", "'abc' is not a date", "1985-06-15");
    refuses("张三", "'张三' is not a date", NULL);
    refuses("1985-06", "not a date", NULL);
    refuses("1985-06-15-01", "not a date", NULL);
    refuses("1985-06/15", "not a date", NULL);          /* mixed separators */
    refuses("1985--6-15", "not a date", NULL);
    refuses("1985-006-15", "not a date", NULL);
    refuses("15/06/1985", "not a date", "year, month, day");
    refuses("1985 6 15", "not a date", NULL);
    refuses("198506150", "not a date", NULL);           /* 9 digits */
    refuses("1985年6月", "not a date", NULL);
    refuses("-1985-06-15", "not a date", NULL);
    refuses("1985-06-15\x01", "not a date", "?");       /* control quoted as ? */
}

static void test_parse_short_year(void **state)
{
    (void)state;
    refuses("85-6-15", "'85-6-15'", "four digits");
    refuses("85年6月15日", "four digits", NULL);
}

static void test_parse_spreadsheet_serial(void **state)
{
    (void)state;
    refuses("31213", "'31213'", "spreadsheet day number");
    refuses("850615", "not a date", NULL);             /* 6 digits: no */
}

static void test_parse_too_long(void **state)
{
    (void)state;
    char big[300];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    refuses(big, "too long", "...");
}

static void test_parse_null_field_and_err(void **state)
{
    (void)state;
    struct pd_date out;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_date_parse("1985-02-30", &out, NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "");
    assert_non_null(strstr(err.msg, "date '1985-02-30'"));
    /* No error struct, no output: still just a return code. */
    assert_int_equal(pd_date_parse("1985-02-30", NULL, "x", NULL), PD_EINVAL);
    assert_int_equal(pd_date_parse("1985-02-28", NULL, "x", NULL), PD_OK);
}

/* ---- format, compare ---- */

static void test_format(void **state)
{
    (void)state;
    char buf[PD_DATE_STRLEN];
    pd_date_format(D(1985, 6, 15), buf);
    assert_string_equal(buf, "1985-06-15");
    pd_date_format(D(1850, 1, 1), buf);
    assert_string_equal(buf, "1850-01-01");
    pd_date_format(D(0, 0, 0), buf);
    assert_string_equal(buf, "");
    pd_date_format(D(123456, 1, 1), buf);       /* cannot be shown: nothing */
    assert_string_equal(buf, "");
    pd_date_format(D(-5, 1, 1), buf);
    assert_string_equal(buf, "");

    struct pd_date back;
    pd_date_format(D(2012, 2, 29), buf);
    assert_int_equal(pd_date_parse(buf, &back, "d", NULL), PD_OK);
    assert_date(back, 2012, 2, 29);
}

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(pd_date_cmp(D(1985, 6, 15), D(1985, 6, 15)), 0);
    assert_true(pd_date_cmp(D(1985, 6, 15), D(1985, 6, 16)) < 0);
    assert_true(pd_date_cmp(D(1985, 7, 1), D(1985, 6, 30)) > 0);
    assert_true(pd_date_cmp(D(1984, 12, 31), D(1985, 1, 1)) < 0);
    assert_true(pd_date_cmp(D(0, 0, 0), D(1850, 1, 1)) < 0);
}

/* ---- day numbers ---- */

static void test_days_known(void **state)
{
    (void)state;
    assert_int_equal(pd_date_to_days(D(1970, 1, 1)), 0);
    assert_int_equal(pd_date_to_days(D(1970, 1, 2)), 1);
    assert_int_equal(pd_date_to_days(D(1969, 12, 31)), -1);
    assert_int_equal(pd_date_to_days(D(2000, 3, 1)), 11017);
    assert_int_equal(pd_date_to_days(D(2012, 1, 1)), 15340);
    assert_int_equal(pd_date_to_days(D(1850, 1, 1)), -43829);
    assert_int_equal(pd_date_to_days(D(2012, 3, 1)) - pd_date_to_days(D(2012, 2, 28)), 2);
    assert_int_equal(pd_date_to_days(D(2011, 3, 1)) - pd_date_to_days(D(2011, 2, 28)), 1);
    assert_int_equal(pd_date_to_days(D(1985, 13, 1)), 0);    /* junk month */
    assert_date(pd_date_from_days(0), 1970, 1, 1);
    assert_date(pd_date_from_days(-1), 1969, 12, 31);
    assert_date(pd_date_from_days(11016), 2000, 2, 29);
}

static void test_days_round_trip(void **state)
{
    (void)state;
    long first = pd_date_to_days(D(1850, 1, 1));
    long last = pd_date_to_days(D(2200, 12, 31));
    struct pd_date prev = pd_date_from_days(first - 1);
    assert_date(prev, 1849, 12, 31);
    for (long n = first; n <= last; n++) {
        struct pd_date d = pd_date_from_days(n);
        assert_true(pd_date_valid(d));
        assert_int_equal(pd_date_to_days(d), n);
        assert_true(pd_date_cmp(prev, d) < 0);
        prev = d;
    }
    assert_date(prev, 2200, 12, 31);
}

static void test_days_far_out(void **state)
{
    (void)state;
    assert_true(pd_date_is_empty(pd_date_from_days(200000000L)));
    assert_true(pd_date_is_empty(pd_date_from_days(-200000000L)));
    struct pd_date d = pd_date_from_days(pd_date_to_days(D(-400, 3, 1)));
    assert_date(d, -400, 3, 1);
}

static void test_add_days(void **state)
{
    (void)state;
    assert_date(pd_date_add_days(D(2012, 2, 28), 1), 2012, 2, 29);
    assert_date(pd_date_add_days(D(2011, 2, 28), 1), 2011, 3, 1);
    assert_date(pd_date_add_days(D(2012, 12, 31), 1), 2013, 1, 1);
    assert_date(pd_date_add_days(D(2013, 1, 1), -1), 2012, 12, 31);
    /* 公示 seven days from 2012-09-28 */
    assert_date(pd_date_add_days(D(2012, 9, 28), 7), 2012, 10, 5);
    assert_date(pd_date_add_days(D(2012, 1, 1), 366), 2013, 1, 1);
    assert_true(pd_date_is_empty(pd_date_add_days(D(0, 0, 0), 5)));
    assert_true(pd_date_is_empty(pd_date_add_days(D(2012, 1, 1), 900000000L)));
}

/* ---- ages ---- */

static void test_age_exact_at_birthday(void **state)
{
    (void)state;
    struct pd_date b = D(1985, 6, 15);
    assert_int_equal(pd_age_on(b, D(1985, 6, 15)), 0);
    assert_int_equal(pd_age_on(b, D(2000, 6, 14)), 14);
    assert_int_equal(pd_age_on(b, D(2000, 6, 15)), 15);
    assert_int_equal(pd_age_on(b, D(2035, 6, 14)), 49);
    assert_int_equal(pd_age_on(b, D(2035, 6, 15)), 50);
    assert_int_equal(pd_age_on(b, D(2012, 12, 31)), 27);
    assert_int_equal(pd_age_on(b, D(2012, 1, 1)), 26);
    /* 奖扶: born 1933-01-01, 60 in 1993 */
    assert_int_equal(pd_age_on(D(1933, 1, 1), D(1992, 12, 31)), 59);
    assert_int_equal(pd_age_on(D(1933, 1, 1), D(1993, 1, 1)), 60);
}

static void test_age_feb29(void **state)
{
    (void)state;
    struct pd_date b = D(1988, 2, 29);
    assert_int_equal(pd_age_on(b, D(2003, 2, 28)), 14);   /* common year */
    assert_int_equal(pd_age_on(b, D(2003, 3, 1)), 15);
    assert_int_equal(pd_age_on(b, D(2004, 2, 28)), 15);   /* leap year */
    assert_int_equal(pd_age_on(b, D(2004, 2, 29)), 16);
    assert_int_equal(pd_age_on(b, D(2004, 3, 1)), 16);
    assert_int_equal(pd_age_on(b, D(1989, 2, 28)), 0);
    assert_int_equal(pd_age_on(b, D(1989, 3, 1)), 1);
}

static void test_age_edge(void **state)
{
    (void)state;
    assert_int_equal(pd_age_on(D(1985, 6, 15), D(1985, 6, 14)), -1);
    assert_int_equal(pd_age_on(D(0, 0, 0), D(2012, 1, 1)), -1);
    assert_int_equal(pd_age_on(D(1985, 6, 15), D(0, 0, 0)), -1);
}

static void test_today(void **state)
{
    (void)state;
    struct pd_date t = pd_date_today();
    assert_true(pd_date_valid(t));
    assert_true(t.y >= 2012);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_valid_and_empty),
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_full_width_and_spaces),
        cmocka_unit_test(test_parse_spreadsheet_midnight),
        cmocka_unit_test(test_parse_empty),
        cmocka_unit_test(test_parse_not_real),
        cmocka_unit_test(test_parse_year_range),
        cmocka_unit_test(test_parse_garbage),
        cmocka_unit_test(test_parse_short_year),
        cmocka_unit_test(test_parse_spreadsheet_serial),
        cmocka_unit_test(test_parse_too_long),
        cmocka_unit_test(test_parse_null_field_and_err),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_days_known),
        cmocka_unit_test(test_days_round_trip),
        cmocka_unit_test(test_days_far_out),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_age_exact_at_birthday),
        cmocka_unit_test(test_age_feb29),
        cmocka_unit_test(test_age_edge),
        cmocka_unit_test(test_today),
    };
    return cmocka_run_group_tests(tests, setup_locale, NULL);
}
