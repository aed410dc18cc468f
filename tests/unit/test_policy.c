/* test_policy.c - the policy file: core/policy.h's checks of every key and
 * app/policy_load.h reading conf/policy/NAME.ini with iniparser; each bad
 * file is refused with a message naming the file, section and key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/policy_load.h"
#include "core/policy.h"
#include "fixture.h"

static char top[1024];
static char shipped[1200];
static char *shipped_text;

static int setup(void **state)
{
    (void)state;
    snprintf(top, sizeof top, "%s", fx_top());
    snprintf(shipped, sizeof shipped, "%s/conf/policy/zhejiang-2012.ini", top);
    shipped_text = fx_read_file(shipped, NULL);
    return shipped_text ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(shipped_text);
    return 0;
}

/* The shipped file with `from` (a whole line's text) replaced by `to`;
 * loads it and returns the result, the message in err. */
static pd_err load_variant(const char *from, const char *to, struct pd_policy *p,
                           struct pd_error *err, char *path, size_t pathsz)
{
    snprintf(path, pathsz, "%s/policy-%d.ini", fx_tmpdir(), (int)getpid());
    fx_write_variant(shipped_text, from, to, path);
    pd_error_clear(err);
    pd_err rc = pd_policy_load(path, p, err);
    return rc;
}

static void expect_refused(const char *from, const char *to, const char *words, const char *field)
{
    struct pd_policy p;
    struct pd_error err;
    char path[600];
    pd_err rc = load_variant(from, to, &p, &err, path, sizeof path);
    unlink(path);
    if (rc != PD_ECONFIG)
        fail_msg("'%s' -> '%s' was not refused (rc %d)", from ? from : "", to, rc);
    if (!strstr(err.msg, words))
        fail_msg("message '%s' lacks '%s'", err.msg, words);
    if (!strstr(err.msg, path))
        fail_msg("message '%s' does not name the file", err.msg);
    if (field && strcmp(err.field, field) != 0)
        fail_msg("field '%s', wanted '%s' (%s)", err.field, field, err.msg);
}

static void shipped_file_loads(void **state)
{
    (void)state;
    struct pd_policy p;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_policy_load(shipped, &p, &err), PD_OK);
    assert_string_equal(p.name, "zhejiang-2012");
    assert_string_equal(p.province, "浙江省");
    assert_int_equal(p.targets.registered_births_max, 3500);
    assert_true(p.targets.planned_birth_rate_min_percent == 97.0);
    assert_true(p.targets.sex_ratio_min == 103.0 && p.targets.sex_ratio_max == 107.0);
    assert_int_equal(p.year_start_month, 10);
    const struct pd_programme_policy *r = &p.prog[PD_PROG_REWARD];
    assert_string_equal(r->title, "农村部分计划生育家庭奖励扶助");
    assert_int_equal(r->min_age, 60);
    assert_int_equal(r->born_on_or_after.y, 1933);
    assert_int_equal(r->no_oop_since.y, 1973);
    assert_int_equal(r->nperiods, 2);
    assert_int_equal(pd_policy_period(&p, PD_PROG_REWARD, 2011)->amount, 720);
    assert_int_equal(pd_policy_period(&p, PD_PROG_REWARD, 2009)->amount, 720);
    assert_int_equal(pd_policy_period(&p, PD_PROG_REWARD, 2012)->amount, 960);
    assert_int_equal(pd_policy_period(&p, PD_PROG_REWARD, 2030)->amount, 960);
    assert_null(pd_policy_period(&p, PD_PROG_REWARD, 2008));
    const struct pd_policy_period *sp = pd_policy_period(&p, PD_PROG_SPECIAL, 2012);
    assert_non_null(sp);
    assert_int_equal(sp->amount, 135);
    assert_int_equal(sp->amount_disabled, 110);
    assert_null(pd_policy_period(&p, PD_PROG_SPECIAL, 2011));
    assert_int_equal(p.prog[PD_PROG_SPECIAL].mother_min_age, 49);
    assert_int_equal(p.prog[PD_PROG_SPECIAL].max_disability_grade, 3);
    assert_int_equal(p.prog[PD_PROG_ONECHILD].child_max_age, 14);
    assert_int_equal(pd_policy_period(&p, PD_PROG_ONECHILD, 2012)->amount, 100);
    assert_int_equal(p.notice_min_days, 7);
}

static void every_policy_file_loads(void **state)
{
    (void)state;
    char pattern[1100];
    snprintf(pattern, sizeof pattern, "%s/conf/policy/*.ini", top);
    glob_t g;
    assert_int_equal(glob(pattern, 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 1);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        struct pd_policy p;
        struct pd_error err;
        pd_error_clear(&err);
        if (pd_policy_load(g.gl_pathv[i], &p, &err) != PD_OK)
            fail_msg("%s", err.msg);
    }
    globfree(&g);
}

static void unknown_key_and_section(void **state)
{
    (void)state;
    expect_refused("amount_2 = 960", "amonut_2 = 960", "[reward] amonut_2: unknown key", "reward.amonut_2");
    expect_refused("min_age = 60", "min_age = 60\nmax_age = 99", "[reward] max_age: unknown key", NULL);
    expect_refused(NULL, "\n[rewards]\nmin_age = 60\n", "[rewards]: unknown section", "rewards");
    expect_refused("valid_to_1 =\n\n[onechild]", "valid_to_1 =\nvalid_from_disabled = 2012-01-01\n\n[onechild]",
                   "[special] valid_from_disabled: unknown key", NULL);
    expect_refused("amount_2 = 960", "amount_9 = 960", "[reward] amount_9: period number 9 is out of range", NULL);
}

static void bad_values(void **state)
{
    (void)state;
    expect_refused("amount_2 = 960", "amount_2 = 九百六", "[reward] amount_2: '九百六' is not a whole number of yuan",
                   "reward.amount_2");
    expect_refused("amount_2 = 960", "amount_2 = -5", "out of range", "reward.amount_2");
    expect_refused("min_age = 60", "min_age = 200", "[reward] min_age: 200 is out of range (40 to 100)", NULL);
    expect_refused("born_on_or_after = 1933-01-01\nmin_age", "born_on_or_after = 1933.1.1\nmin_age",
                   "[reward] born_on_or_after: '1933.1.1' is not a date YYYY-MM-DD", NULL);
    expect_refused("valid_from_2 = 2012-01-01", "valid_from_2 = 2012-02-30", "is not a date", NULL);
    expect_refused("planned_birth_rate_min_percent = 97", "planned_birth_rate_min_percent = 97%",
                   "[targets] planned_birth_rate_min_percent: '97%' is not a number", NULL);
    expect_refused("planned_birth_rate_min_percent = 97", "planned_birth_rate_min_percent = 197",
                   "out of range (0 to 100)", NULL);
    expect_refused("title = 计划生育家庭特别扶助", "title =", "[special] title: must not be empty", NULL);
    expect_refused("max_disability_grade = 3", "max_disability_grade = 5", "[special] max_disability_grade", NULL);
}

static void missing_keys(void **state)
{
    (void)state;
    expect_refused("mother_min_age = 49\n", "", "[special] mother_min_age: missing", "special.mother_min_age");
    expect_refused("sex_ratio_max = 107\n", "", "[targets] sex_ratio_max: missing", NULL);
    expect_refused("monthly_child_disabled_1 = 110\n", "", "[special] monthly_child_disabled_1: missing", NULL);
    expect_refused("yearly_1 = 100\n", "", "[onechild] yearly_1: missing", NULL);
    expect_refused("min_days = 7\n", "", "[notice] min_days: missing", NULL);
}

static void periods(void **state)
{
    (void)state;
    expect_refused("valid_from_2 = 2012-01-01", "valid_from_2 = 2012-07-01",
                   "2012-07-01 must be a 1 January", "reward.valid_from_2");
    expect_refused("valid_to_1 = 2011-12-31", "valid_to_1 = 2011-06-30", "must be a 31 December", NULL);
    expect_refused("valid_to_1 = 2011-12-31", "valid_to_1 = 2012-12-31", "period 2 (from 2012) overlaps", NULL);
    expect_refused("valid_to_1 = 2011-12-31", "valid_to_1 =", "only the last period may run until changed", NULL);
    expect_refused("valid_to_1 = 2011-12-31", "valid_to_1 = 2008-12-31", "is before valid_from_1", NULL);
    /* periods numbered with a gap */
    expect_refused("amount_2 = 960\nvalid_from_2 = 2012-01-01\nvalid_to_2 =",
                   "amount_3 = 960\nvalid_from_3 = 2012-01-01\nvalid_to_3 =",
                   "[reward] period 3 is given but period 2 is missing", NULL);
}

static void targets_together_and_syntax(void **state)
{
    (void)state;
    expect_refused("sex_ratio_min = 103", "sex_ratio_min = 110", "sex_ratio_min (110) is above sex_ratio_max (107)", NULL);
    expect_refused("[targets]", "[targets", "not a valid policy file", NULL);
    struct pd_policy p;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_policy_load("/nonexistent/policy.ini", &p, &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "cannot read policy file /nonexistent/policy.ini"));
}

static void pure_set(void **state)
{
    (void)state;
    struct pd_policy p;
    struct pd_error err;
    pd_policy_init(&p);
    assert_int_equal(pd_policy_set(&p, "reward", "amount_1", "720", &err), PD_OK);
    assert_int_equal(p.prog[PD_PROG_REWARD].periods[0].amount, 720);
    assert_int_equal(pd_policy_set(&p, "bonus", "amount_1", "720", &err), PD_ECONFIG);
    assert_string_equal(err.msg, "[bonus]: unknown section");
    assert_int_equal(pd_policy_set(&p, "reward", "amount_01", "720", &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "unknown key"));
    /* nothing set: the first key of the table is missing */
    pd_policy_init(&p);
    assert_int_equal(pd_policy_finish(&p, &err), PD_ECONFIG);
    assert_string_equal(err.msg, "[policy] name: missing (required)");
    enum pd_programme g;
    assert_int_equal(pd_programme_parse("special", &g, "programme", &err), PD_OK);
    assert_int_equal(g, PD_PROG_SPECIAL);
    assert_int_equal(pd_programme_parse("pension", &g, "programme", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown programme 'pension'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_file_loads),
        cmocka_unit_test(every_policy_file_loads),
        cmocka_unit_test(unknown_key_and_section),
        cmocka_unit_test(bad_values),
        cmocka_unit_test(missing_keys),
        cmocka_unit_test(periods),
        cmocka_unit_test(targets_together_and_syntax),
        cmocka_unit_test(pure_set),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
