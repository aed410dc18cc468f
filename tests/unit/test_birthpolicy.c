/* test_birthpolicy.c - the within-policy birth check (core/birthpolicy.h):
 * every branch of DOMAIN.md's default rule, with its words; and the facts
 * the store gathers for a birth recorded in a register
 * (store/policy_facts.h pd_birth_facts_of_child). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/birthpolicy.h"
#include "store/policy_facts.h"
#include "testutil.h"

static bool check(struct pd_birth_facts f, const char *words)
{
    char reason[128] = "";
    bool ok = pd_birth_within_policy(&f, reason, sizeof reason);
    if (!strstr(reason, words))
        fail_msg("reason '%s' lacks '%s'", reason, words);
    return ok;
}

static void first_child_married(void **state)
{
    (void)state;
    assert_true(check((struct pd_birth_facts){ .order = 1, .married_on_birth = true }, "first child, parents married"));
}

static void first_child_unmarried(void **state)
{
    (void)state;
    assert_false(check((struct pd_birth_facts){ .order = 1 }, "not married on the birth date: out of policy"));
}

static void second_child_with_certificate(void **state)
{
    (void)state;
    assert_true(check((struct pd_birth_facts){ .order = 2, .married_on_birth = true, .second_cert_before = true },
                      "second child with an approved certificate"));
}

static void second_child_without_certificate(void **state)
{
    (void)state;
    assert_false(check((struct pd_birth_facts){ .order = 2, .married_on_birth = true },
                       "second child without an approved certificate: out of policy"));
}

static void third_child_even_with_certificate(void **state)
{
    (void)state;
    /* a second-child certificate does not cover a third child */
    assert_false(check((struct pd_birth_facts){ .order = 3, .married_on_birth = true, .second_cert_before = true },
                       "child number 3 without an approval: out of policy"));
}

static void approval_covers_any_birth(void **state)
{
    (void)state;
    assert_true(check((struct pd_birth_facts){ .order = 3, .approval_covers = true }, "covered by an approval"));
    assert_true(check((struct pd_birth_facts){ .order = 1, .approval_covers = true }, "covered by an approval"));
}

static void adoption_within_policy(void **state)
{
    (void)state;
    assert_true(check((struct pd_birth_facts){ .order = 4, .adopted = true }, "legal adoption"));
}

static void unknown_order_and_null(void **state)
{
    (void)state;
    assert_false(check((struct pd_birth_facts){ .order = 0, .married_on_birth = true }, "birth order unknown"));
    char reason[64];
    assert_false(pd_birth_within_policy(NULL, reason, sizeof reason));
    assert_non_null(strstr(reason, "no facts"));
    /* reason may be NULL */
    struct pd_birth_facts f = { .order = 1, .married_on_birth = true };
    assert_true(pd_birth_within_policy(&f, NULL, 0));
}

/* ---- facts from a register -------------------------------------------- */

#define HH "330205001001010001"

static void register_facts(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("birthpolicy");
    struct pd_error err;
    char mother[40], father[40], first[40], second[40], third[40];
    assert_int_equal(test_save(db, "household.add", HH, NULL,
                               "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区1号\"}", NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", HH, NULL,
                               "{\"name\":\"林美华\",\"sex\":\"2\",\"birth_date\":\"1980-02-02\"}", mother, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", HH, NULL,
                               "{\"name\":\"黄建国\",\"sex\":\"1\",\"birth_date\":\"1978-03-03\"}", father, &err), PD_OK);
    char json[512];
    snprintf(json, sizeof json, "{\"change\":\"first\",\"date\":\"2005-05-01\",\"spouse\":\"%s\"}", father);
    assert_int_equal(test_save(db, "person.marriage", NULL, mother, json, NULL, &err), PD_OK);

    /* first child after the marriage: within policy */
    snprintf(json, sizeof json, "{\"name\":\"黄小一\",\"sex\":\"1\",\"birth_date\":\"2006-06-06\",\"mother\":\"%s\",\"father\":\"%s\"}",
             mother, father);
    assert_int_equal(test_save(db, "person.birth", HH, NULL, json, first, &err), PD_OK);
    struct pd_birth_facts f;
    bool complete = false;
    assert_int_equal(pd_birth_facts_of_child(db, first, &f, &complete, &err), PD_OK);
    assert_int_equal(f.order, 1);
    assert_true(f.married_on_birth);
    assert_true(complete);
    assert_false(f.second_cert_before);
    assert_true(pd_birth_within_policy(&f, NULL, 0));

    /* second child without a certificate: out of policy */
    snprintf(json, sizeof json, "{\"name\":\"黄小二\",\"sex\":\"2\",\"birth_date\":\"2009-09-09\",\"mother\":\"%s\"}", mother);
    assert_int_equal(test_save(db, "person.birth", HH, NULL, json, second, &err), PD_OK);
    assert_int_equal(pd_birth_facts_of_child(db, second, &f, NULL, &err), PD_OK);
    assert_int_equal(f.order, 2);
    assert_false(f.second_cert_before);
    assert_false(pd_birth_within_policy(&f, NULL, 0));

    /* a second-child certificate dated before the third birth's date, but it
     * is the third birth: still out; a certificate naming the child covers */
    assert_int_equal(test_save(db, "certificate.issue", NULL, mother,
                               "{\"kind\":\"second_child\",\"number\":\"EH-2010-7\",\"date\":\"2010-01-10\","
                               "\"reason\":\"农村独女户\"}", NULL, &err), PD_OK);
    snprintf(json, sizeof json, "{\"name\":\"黄小三\",\"sex\":\"2\",\"birth_date\":\"2011-11-11\",\"mother\":\"%s\"}", mother);
    assert_int_equal(test_save(db, "person.birth", HH, NULL, json, third, &err), PD_OK);
    assert_int_equal(pd_birth_facts_of_child(db, third, &f, NULL, &err), PD_OK);
    assert_int_equal(f.order, 3);
    assert_true(f.second_cert_before);
    assert_false(f.approval_covers);
    assert_false(pd_birth_within_policy(&f, NULL, 0));
    snprintf(json, sizeof json, "{\"kind\":\"second_child\",\"number\":\"EH-2012-1\",\"date\":\"2012-01-05\","
             "\"reason\":\"再婚\",\"child\":\"%s\"}", third);
    assert_int_equal(test_save(db, "certificate.issue", NULL, mother, json, NULL, &err), PD_OK);
    assert_int_equal(pd_birth_facts_of_child(db, third, &f, NULL, &err), PD_OK);
    assert_true(f.approval_covers);
    assert_true(pd_birth_within_policy(&f, NULL, 0));

    /* the second child: the certificate is dated after its birth */
    assert_int_equal(pd_birth_facts_of_child(db, second, &f, NULL, &err), PD_OK);
    assert_false(f.second_cert_before);

    /* unknown child; a person with no mother link */
    assert_int_equal(pd_birth_facts_of_child(db, "330205001001P9999999", &f, NULL, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "no person"));
    assert_int_equal(pd_birth_facts_of_child(db, mother, &f, NULL, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "mother"));
    test_db_close(&db);
}

static void unmarried_mother_and_twins(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("birthpolicy2");
    struct pd_error err;
    char mother[40], a[40], b[40];
    assert_int_equal(test_save(db, "household.add", HH, NULL,
                               "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区2号\"}", NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", HH, NULL,
                               "{\"name\":\"陈晓燕\",\"sex\":\"2\",\"birth_date\":\"1985-04-04\",\"marital\":\"10\"}",
                               mother, &err), PD_OK);
    char json[256];
    snprintf(json, sizeof json, "{\"name\":\"陈一\",\"sex\":\"1\",\"birth_date\":\"2008-08-08\",\"mother\":\"%s\"}", mother);
    assert_int_equal(test_save(db, "person.birth", HH, NULL, json, a, &err), PD_OK);
    snprintf(json, sizeof json, "{\"name\":\"陈二\",\"sex\":\"1\",\"birth_date\":\"2008-08-08\",\"mother\":\"%s\"}", mother);
    assert_int_equal(test_save(db, "person.birth", HH, NULL, json, b, &err), PD_OK);
    struct pd_birth_facts f;
    bool complete = true;
    /* twins born the same day are one birth: both order 1 (default) */
    assert_int_equal(pd_birth_facts_of_child(db, b, &f, &complete, &err), PD_OK);
    assert_int_equal(f.order, 1);
    assert_false(f.married_on_birth);
    assert_false(complete);   /* no marriage date recorded */
    char reason[128];
    assert_false(pd_birth_within_policy(&f, reason, sizeof reason));
    assert_non_null(strstr(reason, "not married"));
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_child_married),
        cmocka_unit_test(first_child_unmarried),
        cmocka_unit_test(second_child_with_certificate),
        cmocka_unit_test(second_child_without_certificate),
        cmocka_unit_test(third_child_even_with_certificate),
        cmocka_unit_test(approval_covers_any_birth),
        cmocka_unit_test(adoption_within_policy),
        cmocka_unit_test(unknown_order_and_null),
        cmocka_unit_test(register_facts),
        cmocka_unit_test(unmarried_mother_and_twins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
