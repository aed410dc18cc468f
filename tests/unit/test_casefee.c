/* test_casefee.c - the social maintenance fee (core/casefee.h): base x
 * multiple per spouse from the policy's [fee] section, the base period by
 * birth year, the multiple's range, missing facts; the [fee] keys'
 * validation (core/policy.c); and levy/payment through the store. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/policy_load.h"
#include "core/casefee.h"
#include "store/cases.h"
#include "testutil.h"

static void set(struct pd_policy *p, const char *k, const char *v)
{
    struct pd_error err;
    if (pd_policy_set(p, "fee", k, v, &err) != PD_OK)
        fail_msg("[fee] %s = %s: %s", k, v, err.msg);
}

/* Only the [fee] section: enough for pd_fee_compute. */
static struct pd_policy fee_policy(void)
{
    struct pd_policy p;
    pd_policy_init(&p);
    set(&p, "title", "社会抚养费");
    set(&p, "multiple_unmarried", "1");
    set(&p, "multiple_extra_min", "2");
    set(&p, "multiple_extra_max", "4");
    set(&p, "base_urban_1", "30166");
    set(&p, "base_rural_1", "14261");
    set(&p, "valid_from_1", "2011-01-01");
    set(&p, "valid_to_1", "2011-12-31");
    set(&p, "base_urban_2", "34058");
    set(&p, "base_rural_2", "16518");
    set(&p, "valid_from_2", "2012-01-01");
    set(&p, "valid_to_2", "");
    p.fee.nperiods = 2;   /* what pd_policy_finish sets */
    return p;
}

static void rural_couple_one_extra(void **state)
{
    (void)state;
    struct pd_policy p = fee_policy();
    struct pd_fee_input in = { .birth_year = 2012, .kind = PD_FEE_EXTRA, .extra = 1,
                               .mother_reg = '2', .father_known = true, .father_reg = '2' };
    struct pd_fee_result r;
    struct pd_error err;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_OK);
    assert_int_equal(r.multiple, 2);               /* the policy minimum by default */
    assert_int_equal(r.mother, 16518 * 2);
    assert_int_equal(r.father, 16518 * 2);
    assert_int_equal(r.total, 66072);
    assert_int_equal(r.base_year, 2012);
    assert_non_null(strstr(r.words, "mother: rural base 16518 x 2 = 33036"));
    assert_non_null(strstr(r.words, "total 66072 yuan"));
}

static void mixed_couple_and_multiple(void **state)
{
    (void)state;
    struct pd_policy p = fee_policy();
    struct pd_fee_input in = { .birth_year = 2012, .kind = PD_FEE_EXTRA, .extra = 2, .multiple = 3,
                               .mother_reg = '2', .father_known = true, .father_reg = '1' };
    struct pd_fee_result r;
    struct pd_error err;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_OK);
    assert_int_equal(r.multiple, 6);               /* 3 x 2 children beyond policy */
    assert_int_equal(r.mother, 16518 * 6);
    assert_int_equal(r.father, 34058 * 6);
    assert_non_null(strstr(r.words, "father: urban base 34058 x 6"));
    in.multiple = 4;   /* boundary: the maximum */
    in.extra = 1;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_OK);
    assert_int_equal(r.total, 16518 * 4 + 34058 * 4);
    in.multiple = 5;   /* just above */
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_EINVAL);
    assert_string_equal(err.field, "multiple");
    assert_non_null(strstr(err.msg, "multiple 5 is outside the policy's range 2 to 4"));
    in.multiple = 1;   /* just below */
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_EINVAL);
    in.multiple = 0;
    in.extra = 0;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_EINVAL);
    assert_string_equal(err.field, "extra");
}

static void unmarried_and_father_unknown(void **state)
{
    (void)state;
    struct pd_policy p = fee_policy();
    struct pd_fee_input in = { .birth_year = 2011, .kind = PD_FEE_UNMARRIED, .mother_reg = '1' };
    struct pd_fee_result r;
    struct pd_error err;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_OK);
    assert_int_equal(r.multiple, 1);
    assert_int_equal(r.base_year, 2011);           /* the 2011 period for a 2011 birth */
    assert_int_equal(r.mother, 30166);
    assert_int_equal(r.father, 0);
    assert_int_equal(r.total, 30166);
    assert_non_null(strstr(r.words, "first child outside marriage"));
    assert_non_null(strstr(r.words, "father: not in the register, not charged here"));
}

static void missing_facts_and_periods(void **state)
{
    (void)state;
    struct pd_policy p = fee_policy();
    struct pd_fee_result r;
    struct pd_error err;
    struct pd_fee_input in = { .birth_year = 2010, .kind = PD_FEE_UNMARRIED, .mother_reg = '2' };
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "no base in force for 2010"));
    in.birth_year = 2012;
    in.mother_reg = 0;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_EINVAL);
    assert_string_equal(err.field, "mother");
    assert_non_null(strstr(err.msg, "registration type is not in the register"));
    in.mother_reg = '2';
    in.father_known = true;
    in.father_reg = 0;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_EINVAL);
    assert_string_equal(err.field, "father");
    struct pd_policy none;
    pd_policy_init(&none);
    assert_int_equal(pd_fee_compute(&none, &in, &r, &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "no [fee] section"));
}

static void fee_keys_checked(void **state)
{
    (void)state;
    struct pd_policy p;
    struct pd_error err;
    pd_policy_init(&p);
    assert_int_equal(pd_policy_set(&p, "fee", "multiple_extra", "2", &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "[fee] multiple_extra: unknown key"));
    assert_int_equal(pd_policy_set(&p, "fee", "multiple_extra_min", "0", &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "out of range"));
    assert_int_equal(pd_policy_set(&p, "fee", "base_rural_1", "abc", &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "'abc' is not a whole number of yuan"));
    assert_int_equal(pd_policy_set(&p, "fee", "valid_from_1", "2012-03-01", &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "must be a 1 January"));
    /* the shipped file loads with its [fee] section */
    const char *top = getenv("POPDESK_TOP");
    char path[1024];
    snprintf(path, sizeof path, "%s/conf/policy/zhejiang-2012.ini", top && *top ? top : ".");
    struct pd_policy shipped;
    assert_int_equal(pd_policy_load(path, &shipped, &err), PD_OK);
    assert_true(shipped.fee.configured);
    assert_int_equal(shipped.fee.nperiods, 2);
    assert_int_equal(shipped.fee.multiple_extra_min, 2);
}

static void finish_checks_fee(void **state)
{
    (void)state;
    struct pd_policy p = fee_policy();
    struct pd_error err;
    p.fee.nperiods = 0;
    /* pd_policy_finish checks [fee] first: min above max is named */
    set(&p, "multiple_extra_min", "5");
    assert_int_not_equal(pd_policy_finish(&p, &err), PD_OK);
    assert_non_null(strstr(err.msg, "[fee] multiple_extra_min (5) is above multiple_extra_max (4)"));
}

static void store_levy_and_pay(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("casefee");
    struct pd_error err;
    struct pd_policy p = fee_policy();
    const char *hh = "330205001001010003";
    char mum[40], dad[40];
    assert_int_equal(test_save(db, "household.add", hh, NULL,
                               "{\"code\":\"330205001001010003\",\"address\":\"示范村3组12号\"}", NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", hh, NULL,
                               "{\"name\":\"赵大海\",\"sex\":\"1\",\"birth_date\":\"1975-02-02\",\"reg_type\":\"2\"}",
                               dad, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", hh, NULL,
                               "{\"name\":\"孙兰英\",\"sex\":\"2\",\"birth_date\":\"1977-09-09\",\"reg_type\":\"1\"}",
                               mum, &err), PD_OK);
    struct pd_fee_levy_opts o = { mum, dad, NULL, "2012-02-01", PD_FEE_EXTRA, 1, 0, "2012-06-01" };
    long long id = 0;
    struct pd_fee_result r;
    /* the preview (the levy form's) computes what the levy records, saving nothing */
    struct pd_fee_result pr;
    char birth[PD_DATE_STRLEN] = "";
    assert_int_equal(pd_fee_levy_preview(db, &p, &o, &pr, birth, &err), PD_OK);
    assert_int_equal(pr.total, 34058 * 2 + 16518 * 2);
    assert_int_equal(pr.multiple, 2);
    assert_string_equal(birth, "2012-02-01");
    assert_non_null(strstr(pr.words, "34058 x 2"));
    struct pd_fee_levy_opts o9 = o;
    o9.multiple = 9;
    assert_int_equal(pd_fee_levy_preview(db, &p, &o9, &pr, NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "multiple");
    assert_non_null(strstr(err.msg, "9"));
    struct pd_fee_levy_opts nob = o;
    nob.birth_date = NULL;
    assert_int_equal(pd_fee_levy_preview(db, &p, &nob, &pr, NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "birth_date");
    struct pd_policy nofee = p;
    nofee.fee.configured = false;
    assert_int_equal(pd_fee_levy_preview(db, &nofee, &o, &pr, NULL, &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "[fee]"));
    struct pd_fee_levy_opts man = o;
    man.mother = dad;
    assert_int_equal(pd_fee_levy_preview(db, &p, &man, &pr, NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "not recorded as female"));
    struct pd_fee_case none;
    assert_int_equal(pd_fee_get(db, 1, &none, &err), PD_ENOTFOUND);   /* previews saved nothing */
    assert_int_equal(pd_fee_levy(db, &p, &o, "clerk01", &id, &r, &err), PD_OK);
    assert_int_equal(id, 1);
    assert_int_equal(r.total, 34058 * 2 + 16518 * 2);
    assert_int_equal(pd_fee_pay(db, id, 50000, "2012-06-10", "R001", "clerk01", &err), PD_OK);
    assert_int_equal(pd_fee_pay(db, id, 60000, "2012-06-11", NULL, "clerk01", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "more than the 51152 yuan outstanding"));
    assert_int_equal(pd_fee_pay(db, id, 100, "2012-05-01", NULL, "clerk01", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "before the levy was decided"));
    assert_int_equal(pd_fee_pay(db, 9, 100, "2012-06-11", NULL, "clerk01", &err), PD_ENOTFOUND);
    struct pd_fee_case c;
    assert_int_equal(pd_fee_get(db, id, &c, &err), PD_OK);
    assert_int_equal(c.paid, 50000);
    assert_int_equal(c.outstanding, 51152);
    assert_int_equal(c.npayments, 1);
    assert_string_equal(c.payments[0].receipt, "R001");
    /* a levy recorded on a man is refused */
    struct pd_fee_levy_opts bad = { dad, NULL, NULL, "2012-02-01", PD_FEE_EXTRA, 1, 0, "2012-06-01" };
    assert_int_equal(pd_fee_levy(db, &p, &bad, "clerk01", &id, &r, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "not recorded as female"));
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rural_couple_one_extra),
        cmocka_unit_test(mixed_couple_and_multiple),
        cmocka_unit_test(unmarried_and_father_unknown),
        cmocka_unit_test(missing_facts_and_periods),
        cmocka_unit_test(fee_keys_checked),
        cmocka_unit_test(finish_checks_fee),
        cmocka_unit_test(store_levy_and_pay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
