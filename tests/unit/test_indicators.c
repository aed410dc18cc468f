/* test_indicators.c - periods and the indicators of DOMAIN.md from counts:
 * each formula on numbers worked out by hand, numerators and denominators
 * kept, targets met and missed, no value where the denominator is 0, and
 * the periods' edges (statistics year, leap days, bad input). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/indicators.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void date_is(struct pd_date d, int y, int m, int day)
{
    if (d.y != y || d.m != m || d.d != day)
        fail_msg("date %04d-%02d-%02d, wanted %04d-%02d-%02d", d.y, d.m, d.d, y, m, day);
}

static void test_period_forms(void **state)
{
    (void)state;
    struct pd_period p;
    struct pd_error err;
    assert_int_equal(pd_period_parse("stat-2012", PD_STATYEAR_DEFAULT, &p, &err), PD_OK);
    assert_int_equal(p.kind, PD_PERIOD_STATYEAR);
    date_is(p.from, 2011, 10, 1);
    date_is(p.to, 2012, 9, 30);
    assert_string_equal(p.label, "stat-2012");
    assert_int_equal(pd_period_parse("2012", PD_STATYEAR_DEFAULT, &p, &err), PD_OK);
    date_is(p.from, 2012, 1, 1);
    date_is(p.to, 2012, 12, 31);
    assert_int_equal(pd_period_parse("2012-02", PD_STATYEAR_DEFAULT, &p, &err), PD_OK);
    date_is(p.to, 2012, 2, 29);
    assert_int_equal(pd_period_parse("2011-02", PD_STATYEAR_DEFAULT, &p, &err), PD_OK);
    date_is(p.to, 2011, 2, 28);
    assert_int_equal(pd_period_parse("2012-01-01..2012-06-30", PD_STATYEAR_DEFAULT, &p, &err), PD_OK);
    assert_int_equal(p.kind, PD_PERIOD_RANGE);
    date_is(p.to, 2012, 6, 30);
    assert_string_equal(p.label, "2012-01-01..2012-06-30");
    /* the label parses back to the same period */
    struct pd_period back;
    assert_int_equal(pd_period_parse(p.label, PD_STATYEAR_DEFAULT, &back, &err), PD_OK);
    assert_int_equal(pd_date_cmp(back.from, p.from), 0);
    /* office date forms on either side */
    assert_int_equal(pd_period_parse("2012.1.1..2012年6月30日", PD_STATYEAR_DEFAULT, &p, &err), PD_OK);
    date_is(p.to, 2012, 6, 30);
    char buf[128];
    pd_period_parse("stat-2012", PD_STATYEAR_DEFAULT, &p, &err);
    pd_period_describe(&p, buf, sizeof buf);
    assert_string_equal(buf, "2012统计年度 (2011-10-01 至 2012-09-30)");
}

static void test_period_errors(void **state)
{
    (void)state;
    struct pd_period p;
    struct pd_error err;
    const char *bad[] = { "", "stat-12", "2012-13", "12", "2012-1", "stat-2012x", "1800", "2012-06-31..2012-07-01",
                          "2012-07-01..", "..2012-07-01", "next year" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (pd_period_parse(bad[i], PD_STATYEAR_DEFAULT, &p, &err) != PD_EINVAL)
            fail_msg("'%s' accepted", bad[i]);
        assert_string_equal(err.field, "period");
    }
    pd_period_parse("next year", PD_STATYEAR_DEFAULT, &p, &err);
    assert_non_null(strstr(err.msg, "stat-2012 (statistics year)"));
    pd_period_parse("2012-06-31..2012-07-01", PD_STATYEAR_DEFAULT, &p, &err);
    assert_non_null(strstr(err.msg, "not a real date"));
    assert_int_equal(pd_period_parse("2012-07-01..2012-06-30", PD_STATYEAR_DEFAULT, &p, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "after it ends"));
    /* a statistics year that cannot start */
    assert_int_equal(pd_period_parse("stat-2012", (struct pd_statyear){ 2, 29 }, &p, &err), PD_ECONFIG);
    assert_int_equal(pd_period_parse("stat-2012", (struct pd_statyear){ 13, 1 }, &p, &err), PD_ECONFIG);
}

static void test_statyear(void **state)
{
    (void)state;
    struct pd_period p;
    /* which statistics year a day falls in */
    pd_period_statyear_of((struct pd_date){ 2012, 9, 30 }, PD_STATYEAR_DEFAULT, &p);
    assert_string_equal(p.label, "stat-2012");
    pd_period_statyear_of((struct pd_date){ 2012, 10, 1 }, PD_STATYEAR_DEFAULT, &p);
    assert_string_equal(p.label, "stat-2013");
    date_is(p.from, 2012, 10, 1);
    date_is(p.to, 2013, 9, 30);
    pd_period_statyear_of((struct pd_date){ 2012, 1, 1 }, PD_STATYEAR_DEFAULT, &p);
    assert_string_equal(p.label, "stat-2012");
    /* a province whose statistics year is the calendar year */
    pd_period_statyear_of((struct pd_date){ 2012, 12, 31 }, (struct pd_statyear){ 1, 1 }, &p);
    assert_string_equal(p.label, "stat-2012");
    date_is(p.from, 2012, 1, 1);
    date_is(p.to, 2012, 12, 31);
    /* one starting 16 November */
    pd_period_statyear(2012, (struct pd_statyear){ 11, 16 }, &p);
    date_is(p.from, 2011, 11, 16);
    date_is(p.to, 2012, 11, 15);
    assert_true(pd_period_contains(&p, (struct pd_date){ 2012, 11, 15 }));
    assert_false(pd_period_contains(&p, (struct pd_date){ 2012, 11, 16 }));
    assert_false(pd_period_contains(&p, (struct pd_date){ 0, 0, 0 }));
}

/* The screens' period keys: the period of a kind around a day, and the
 * one before or after it. */
static void test_period_switch(void **state)
{
    (void)state;
    struct pd_period p, q;
    struct pd_date day = { 2012, 10, 15 };
    pd_period_of_kind(PD_PERIOD_STATYEAR, day, PD_STATYEAR_DEFAULT, &p);
    assert_string_equal(p.label, "stat-2013");          /* 15 October is in the next year */
    date_is(p.from, 2012, 10, 1);
    pd_period_shift(&p, -1, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "stat-2012");
    date_is(q.from, 2011, 10, 1);
    date_is(q.to, 2012, 9, 30);
    pd_period_shift(&q, 2, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "stat-2014");
    /* a statistics year that starts on 1 January is the calendar year */
    struct pd_statyear jan = { 1, 1 };
    pd_period_of_kind(PD_PERIOD_STATYEAR, day, jan, &p);
    assert_string_equal(p.label, "stat-2012");
    pd_period_shift(&p, 1, jan, &q);
    assert_string_equal(q.label, "stat-2013");
    date_is(q.from, 2013, 1, 1);

    pd_period_of_kind(PD_PERIOD_YEAR, day, PD_STATYEAR_DEFAULT, &p);
    assert_string_equal(p.label, "2012");
    pd_period_shift(&p, -1, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "2011");
    date_is(q.to, 2011, 12, 31);

    /* months across the year's edge, and February's length */
    pd_period_of_kind(PD_PERIOD_MONTH, (struct pd_date){ 2012, 1, 31 }, PD_STATYEAR_DEFAULT, &p);
    assert_string_equal(p.label, "2012-01");
    pd_period_shift(&p, -1, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "2011-12");
    date_is(q.to, 2011, 12, 31);
    pd_period_shift(&p, 1, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "2012-02");
    date_is(q.to, 2012, 2, 29);
    pd_period_shift(&p, 23, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "2013-12");

    /* a range starts as the month of the day and moves by its own length */
    pd_period_of_kind(PD_PERIOD_RANGE, day, PD_STATYEAR_DEFAULT, &p);
    assert_int_equal(p.kind, PD_PERIOD_RANGE);
    assert_string_equal(p.label, "2012-10-01..2012-10-31");
    struct pd_error err;
    assert_int_equal(pd_period_parse("2012-01-01..2012-01-10", PD_STATYEAR_DEFAULT, &p, &err), PD_OK);
    pd_period_shift(&p, 1, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "2012-01-11..2012-01-20");
    pd_period_shift(&p, -1, PD_STATYEAR_DEFAULT, &q);
    assert_string_equal(q.label, "2011-12-22..2011-12-31");
    assert_int_equal(q.kind, PD_PERIOD_RANGE);
}

static void test_age_bound(void **state)
{
    (void)state;
    /* 15 on 2012-09-30: born on or before 1997-09-30 */
    date_is(pd_age_bound((struct pd_date){ 2012, 9, 30 }, 15), 1997, 9, 30);
    /* a bound on 29 February in a year without one: the 28th */
    struct pd_date b = pd_age_bound((struct pd_date){ 2012, 2, 29 }, 15);
    date_is(b, 1997, 2, 28);
    /* and pd_age_on agrees at the edge: born on the bound is 15, a day later 14 */
    assert_int_equal(pd_age_on(b, (struct pd_date){ 2012, 2, 29 }), 15);
    assert_int_equal(pd_age_on((struct pd_date){ 1997, 3, 1 }, (struct pd_date){ 2012, 2, 29 }), 14);
    /* a 29 February birthday is reached on 1 March in a common year */
    b = pd_age_bound((struct pd_date){ 2011, 2, 28 }, 15);
    date_is(b, 1996, 2, 28);
    assert_int_equal(pd_age_on((struct pd_date){ 1996, 2, 29 }, (struct pd_date){ 2011, 2, 28 }), 14);
}

static const struct pd_policy_targets targets = {
    .registered_births_max = 3500, .natural_growth_rate_max_permille = 5,
    .planned_birth_rate_min_percent = 97, .sex_ratio_min = 103, .sex_ratio_max = 107,
    .premarital_check_rate_min_percent = 70, .prepregnancy_check_rate_min_percent = 80,
    .migrant_coverage_min_percent = 85, .management_rate_min_percent = 90,
    .statistics_error_rate_max_percent = 2, .public_service_rate_min_percent = 95,
};

/* A village of about 2 000 over a statistics year:
 *   population 1 990 at the start, 2 010 at the end: average 2 000
 *   births 21 (male 11, female 10), 20 within policy; deaths 12
 *   birth rate 21 / 2000 x 1000 = 10.5‰; death rate 6‰; growth 9 / 2000 = 4.5‰ (<= 5: met)
 *   planned 20 / 21 = 95.238% (< 97: missed); sex ratio 110 (> 107: missed)
 *   contraception 290 / 320 = 90.625%; premarital 15 / 20 = 75% (met)
 *   pre-pregnancy 8 / 10 = 80% (met, on the line); migrant 34 / 40 = 85% (met)
 *   management 1 820 / 2 100 = 86.67% (missed); spot check |98-100| / 98 = 2.04% (missed)
 *   public service 380 / 400 = 95% (met) */
static void test_every_formula(void **state)
{
    (void)state;
    struct pd_counts c = {
        .pop_start = 1990, .pop_end = 2010, .births = 21, .births_male = 11, .births_female = 10,
        .births_within_policy = 20, .deaths = 12, .married_women = 330, .married_women_able = 320,
        .married_women_using = 290, .marriages = 20, .marriages_checked = 15, .planning = 10,
        .planning_checked = 8, .migrant_women = 40, .migrant_women_complete = 34,
        .women_to_serve = 400, .women_served = 380, .have_quality = true,
        .population_actual = 2100, .persons_managed = 1820, .have_spotcheck = true,
        .spot_surveyed = 98, .spot_reported = 100,
    };
    struct pd_indicator ind[PD_IND__COUNT];
    pd_indicators_compute(&c, &targets, ind);
    NEAR(ind[PD_IND_BIRTHS].value, 21);
    assert_int_equal(ind[PD_IND_BIRTHS].status, PD_IND_MET);
    NEAR(ind[PD_IND_BIRTH_RATE].den, 2000);
    NEAR(ind[PD_IND_BIRTH_RATE].value, 10.5);
    NEAR(ind[PD_IND_DEATH_RATE].value, 6);
    NEAR(ind[PD_IND_GROWTH_RATE].num, 9);
    NEAR(ind[PD_IND_GROWTH_RATE].value, 4.5);
    assert_int_equal(ind[PD_IND_GROWTH_RATE].status, PD_IND_MET);
    NEAR(ind[PD_IND_PLANNED].value, 20.0 / 21 * 100);
    assert_int_equal(ind[PD_IND_PLANNED].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_SEX_RATIO].value, 110);
    assert_int_equal(ind[PD_IND_SEX_RATIO].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_CONTRACEPTION].value, 90.625);
    assert_int_equal(ind[PD_IND_CONTRACEPTION].status, PD_IND_NO_TARGET);
    NEAR(ind[PD_IND_PREMARITAL].value, 75);
    assert_int_equal(ind[PD_IND_PREMARITAL].status, PD_IND_MET);
    NEAR(ind[PD_IND_PREPREGNANCY].value, 80);
    assert_int_equal(ind[PD_IND_PREPREGNANCY].status, PD_IND_MET);
    NEAR(ind[PD_IND_MIGRANT].value, 85);
    assert_int_equal(ind[PD_IND_MIGRANT].status, PD_IND_MET);
    NEAR(ind[PD_IND_MANAGEMENT].num, 1820);
    NEAR(ind[PD_IND_MANAGEMENT].den, 2100);
    assert_int_equal(ind[PD_IND_MANAGEMENT].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_STAT_ERROR].value, 2.0 / 98 * 100);
    NEAR(ind[PD_IND_STAT_ERROR].num, 2);
    assert_int_equal(ind[PD_IND_STAT_ERROR].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_PUBLIC_SERVICE].value, 95);
    assert_int_equal(ind[PD_IND_PUBLIC_SERVICE].status, PD_IND_MET);
    /* the defaults DOMAIN.md marks */
    assert_true(ind[PD_IND_MIGRANT].def->is_default);
    assert_true(ind[PD_IND_MANAGEMENT].def->is_default);
    assert_true(ind[PD_IND_STAT_ERROR].def->is_default);
    assert_true(ind[PD_IND_PUBLIC_SERVICE].def->is_default);
    assert_false(ind[PD_IND_BIRTH_RATE].def->is_default);
    /* the words */
    char v[32], t[32];
    pd_indicator_value_text(&ind[PD_IND_GROWTH_RATE], v, sizeof v);
    assert_string_equal(v, "4.50‰");
    pd_indicator_target_text(&ind[PD_IND_GROWTH_RATE], t, sizeof t);
    assert_string_equal(t, "≤ 5‰");
    pd_indicator_value_text(&ind[PD_IND_PLANNED], v, sizeof v);
    assert_string_equal(v, "95.24%");
    pd_indicator_target_text(&ind[PD_IND_PLANNED], t, sizeof t);
    assert_string_equal(t, "≥ 97%");
    pd_indicator_target_text(&ind[PD_IND_SEX_RATIO], t, sizeof t);
    assert_string_equal(t, "103-107");
    pd_indicator_value_text(&ind[PD_IND_BIRTHS], v, sizeof v);
    assert_string_equal(v, "21");
    assert_string_equal(pd_indicator_status_text(&ind[PD_IND_PLANNED], "zh"), "未达标");
    assert_string_equal(pd_indicator_status_text(&ind[PD_IND_PREMARITAL], "en"), "met");
    /* the sex ratio (110) is flagged as outside its normal band, not "missed" */
    assert_string_equal(pd_indicator_status_text(&ind[PD_IND_SEX_RATIO], "zh"), "！超出范围");
    assert_string_equal(pd_indicator_status_text(&ind[PD_IND_SEX_RATIO], "en"), "out of range");
}

/* Nothing to divide by: no value, no verdict. */
static void test_empty_register(void **state)
{
    (void)state;
    struct pd_counts c;
    memset(&c, 0, sizeof c);
    struct pd_indicator ind[PD_IND__COUNT];
    pd_indicators_compute(&c, &targets, ind);
    assert_true(ind[PD_IND_BIRTHS].defined);          /* 0 births is a count */
    assert_int_equal(ind[PD_IND_BIRTHS].status, PD_IND_MET);
    for (int i = PD_IND_BIRTH_RATE; i < PD_IND__COUNT; i++) {
        if (ind[i].defined)
            fail_msg("%s has a value with nothing counted", ind[i].def->key);
        assert_int_equal(ind[i].status, PD_IND_NA);
    }
    char v[32];
    pd_indicator_value_text(&ind[PD_IND_PLANNED], v, sizeof v);
    assert_string_equal(v, "-");
    assert_string_equal(pd_indicator_status_text(&ind[PD_IND_PLANNED], "zh"), "无数据");
    /* a spot check that found nothing where nothing was reported: 0% */
    c.have_spotcheck = true;
    pd_indicators_compute(&c, &targets, ind);
    assert_true(ind[PD_IND_STAT_ERROR].defined);
    NEAR(ind[PD_IND_STAT_ERROR].value, 0);
    /* no targets: values only */
    c.births = 3;
    c.pop_start = c.pop_end = 100;
    pd_indicators_compute(&c, NULL, ind);
    assert_int_equal(ind[PD_IND_BIRTHS].status, PD_IND_NO_TARGET);
    NEAR(ind[PD_IND_BIRTH_RATE].value, 30);
}

static void test_error_rate_and_table(void **state)
{
    (void)state;
    double r;
    assert_true(pd_stat_error_rate(200, 196, &r));
    NEAR(r, 2);
    assert_true(pd_stat_error_rate(200, 204, &r));
    NEAR(r, 2);
    assert_true(pd_stat_error_rate(0, 0, &r));
    NEAR(r, 0);
    assert_false(pd_stat_error_rate(0, 3, &r));
    /* the table: every key found, each in its place */
    for (int i = 0; i < PD_IND__COUNT; i++) {
        const struct pd_indicator_def *d = pd_indicator_def((enum pd_indicator_id)i);
        assert_int_equal(d->id, i);
        assert_ptr_equal(pd_indicator_find(d->key), d);
        assert_true(strlen(d->formula) > 10);
    }
    assert_null(pd_indicator_find("happiness"));
    assert_null(pd_indicator_def(PD_IND__COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_forms),
        cmocka_unit_test(test_period_errors),
        cmocka_unit_test(test_statyear),
        cmocka_unit_test(test_period_switch),
        cmocka_unit_test(test_age_bound),
        cmocka_unit_test(test_every_formula),
        cmocka_unit_test(test_empty_register),
        cmocka_unit_test(test_error_rate_and_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
