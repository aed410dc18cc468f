/* test_approval.c - second-child applications (core/approval.h): every
 * condition the register can decide, at its boundaries, with its words;
 * the documents; the review steps; and the store's facts and events
 * (store/cases.h) on a small register. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/approval.h"
#include "store/cases.h"
#include "store/users.h"
#include "store/policy_facts.h"
#include "testutil.h"

/* A married rural Han couple, both linked, with one daughter born 2008-03-02. */
static struct pd_a19_facts base(void)
{
    struct pd_a19_facts f;
    memset(&f, 0, sizeof f);
    struct pd_a19_spouse *s[2] = { &f.wife, &f.husband };
    const char *names[2] = { "李秀英", "王建国" };
    for (int i = 0; i < 2; i++) {
        s[i]->known = true;
        pd_strlcpy(s[i]->name, names[i], sizeof s[i]->name);
        pd_strlcpy(s[i]->ethnicity, "01", sizeof s[i]->ethnicity);
        pd_strlcpy(s[i]->reg_type, "2", sizeof s[i]->reg_type);
        pd_strlcpy(s[i]->marital, "21", sizeof s[i]->marital);
        s[i]->marital_date = (struct pd_date){ 2006, 10, 1 };
        s[i]->parents_children = -1;
        s[i]->prior_children = 0;
    }
    f.nchildren = 1;
    f.children[0] = (struct pd_a19_child){ .sex = '2', .birth = { 2008, 3, 2 }, .alive = true };
    return f;
}

static const unsigned ALL_DOCS = (1u << PD_DOC__COUNT) - 1;

/* The state of the first condition whose words contain `words`. */
static enum pd_chk cond(enum pd_a19_item it, const struct pd_a19_facts *f, const char *words)
{
    struct pd_a19_result r;
    pd_a19_check(it, f, ALL_DOCS, &r);
    for (int i = 0; i < r.n; i++)
        if (strstr(r.c[i].words, words))
            return r.c[i].state;
    char all[2048];
    fail_msg("no condition with '%s' in: %s", words, pd_a19_result_words(&r, all, sizeof all));
    return PD_CHK_UNKNOWN;
}

static void married_condition(void **state)
{
    (void)state;
    struct pd_a19_facts f = base();
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "married: 李秀英 (初婚 2006-10-01), husband 王建国"), PD_CHK_MET);
    f.husband.known = false;
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "husband is not linked"), PD_CHK_UNKNOWN);
    f = base();
    pd_strlcpy(f.wife.marital, "40", sizeof f.wife.marital);
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "recorded as 离婚, not married"), PD_CHK_NOT_MET);
}

static void only_children(void **state)
{
    (void)state;
    struct pd_a19_facts f = base();
    f.wife.parents_children = 1;
    f.husband.parents_children = 1;
    assert_int_equal(cond(PD_A19_ONLY_CHILDREN, &f, "husband's parents have one child in the register"), PD_CHK_MET);
    assert_int_equal(cond(PD_A19_ONLY_CHILDREN, &f, "wife's parents have one child in the register"), PD_CHK_MET);
    f.husband.parents_children = 2;   /* boundary: a second child of his parents */
    assert_int_equal(cond(PD_A19_ONLY_CHILDREN, &f, "husband's parents have 2 children"), PD_CHK_NOT_MET);
    f.husband.parents_children = -1;  /* parents not in the register */
    assert_int_equal(cond(PD_A19_ONLY_CHILDREN, &f, "husband's parents are not in the register"), PD_CHK_UNKNOWN);
    f.husband.parents_onechild_cert = true;   /* the certificate settles it */
    pd_strlcpy(f.husband.onechild_number, "甬独1985-0042", sizeof f.husband.onechild_number);
    assert_int_equal(cond(PD_A19_ONLY_CHILDREN, &f, "one-child certificate 甬独1985-0042"), PD_CHK_MET);
    struct pd_a19_result r;
    f.wife.parents_children = 1;
    pd_a19_check(PD_A19_ONLY_CHILDREN, &f, ALL_DOCS, &r);
    assert_false(r.blocked);
    f.wife.parents_children = 3;
    pd_a19_check(PD_A19_ONLY_CHILDREN, &f, ALL_DOCS, &r);
    assert_true(r.blocked);
}

static void one_child_counts(void **state)
{
    (void)state;
    struct pd_a19_facts f = base();
    assert_int_equal(cond(PD_A19_ONLY_CHILDREN, &f, "one child: the couple's only living child is a girl born 2008-03-02"),
                     PD_CHK_MET);
    f.nchildren = 0;
    assert_int_equal(cond(PD_A19_ONLY_CHILDREN, &f, "a first child needs no approval"), PD_CHK_NOT_MET);
    f = base();
    f.nchildren = 2;
    f.children[1] = (struct pd_a19_child){ .sex = '1', .birth = { 2010, 1, 1 }, .alive = true };
    assert_int_equal(cond(PD_A19_MINORITY, &f, "has 2 living children"), PD_CHK_NOT_MET);
    f.children[1].alive = false;   /* a child who died does not count */
    assert_int_equal(cond(PD_A19_MINORITY, &f, "only living child is a girl"), PD_CHK_MET);
}

static void rural_daughter(void **state)
{
    (void)state;
    struct pd_a19_facts f = base();
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "rural couple: both agricultural registration"), PD_CHK_MET);
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "one daughter: the couple's only living child is a girl born 2008-03-02"),
                     PD_CHK_MET);
    pd_strlcpy(f.husband.reg_type, "1", sizeof f.husband.reg_type);
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "husband has 非农业户口 registration"), PD_CHK_NOT_MET);
    f = base();
    f.wife.reg_type[0] = '\0';
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "wife's registration type is not in the register"), PD_CHK_UNKNOWN);
    f = base();
    f.children[0].sex = '1';
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "only living child is a boy born 2008-03-02"), PD_CHK_NOT_MET);
    f = base();   /* twin girls: two children, not one daughter */
    f.nchildren = 2;
    f.children[1] = f.children[0];
    assert_int_equal(cond(PD_A19_RURAL_DAUGHTER, &f, "has 2 living children"), PD_CHK_NOT_MET);
}

static void minority(void **state)
{
    (void)state;
    struct pd_a19_facts f = base();
    pd_strlcpy(f.wife.ethnicity, "03", sizeof f.wife.ethnicity);     /* 回族 */
    pd_strlcpy(f.husband.ethnicity, "03", sizeof f.husband.ethnicity);
    assert_int_equal(cond(PD_A19_MINORITY, &f, "ethnic minority: wife 回族, husband 回族"), PD_CHK_MET);
    pd_strlcpy(f.husband.ethnicity, "01", sizeof f.husband.ethnicity);
    assert_int_equal(cond(PD_A19_MINORITY, &f, "ethnic minority: husband 汉族"), PD_CHK_NOT_MET);
    f.husband.ethnicity[0] = '\0';
    assert_int_equal(cond(PD_A19_MINORITY, &f, "husband's ethnicity is not in the register"), PD_CHK_UNKNOWN);
}

static void remarriage(void **state)
{
    (void)state;
    struct pd_a19_facts f = base();
    pd_strlcpy(f.wife.marital, "22", sizeof f.wife.marital);
    f.wife.marital_date = (struct pd_date){ 2010, 5, 1 };
    f.wife.prior_children = 0;
    f.husband.prior_children = 1;
    f.nchildren = 1;   /* his child from before */
    assert_int_equal(cond(PD_A19_REMARRIAGE, &f, "wife remarried 2010-05-01"), PD_CHK_MET);
    assert_int_equal(cond(PD_A19_REMARRIAGE, &f, "husband has one child from before, wife none"), PD_CHK_MET);
    assert_int_equal(cond(PD_A19_REMARRIAGE, &f, "no child together since the remarriage"), PD_CHK_MET);
    f.wife.prior_children = 1;   /* boundary: both had a child before */
    f.nchildren = 2;
    assert_int_equal(cond(PD_A19_REMARRIAGE, &f, "wife has 1, husband 1"), PD_CHK_NOT_MET);
    f.wife.prior_children = 0;
    f.nchildren = 2;   /* one of his, one together */
    assert_int_equal(cond(PD_A19_REMARRIAGE, &f, "has 1 child(ren) together"), PD_CHK_NOT_MET);
    f = base();   /* first marriage for both */
    assert_int_equal(cond(PD_A19_REMARRIAGE, &f, "neither spouse is recorded as remarried"), PD_CHK_NOT_MET);
    f.husband.known = false;
    assert_int_equal(cond(PD_A19_REMARRIAGE, &f, "children before: not known for the husband"), PD_CHK_UNKNOWN);
}

static void disabled_and_miner(void **state)
{
    (void)state;
    struct pd_a19_facts f = base();
    assert_int_equal(cond(PD_A19_DISABLED_CHILD, &f, "the city-level assessment decides"), PD_CHK_UNKNOWN);
    f.children[0].disability_grade = 2;
    assert_int_equal(cond(PD_A19_DISABLED_CHILD, &f, "disability grade 2 recorded"), PD_CHK_MET);
    assert_int_equal(cond(PD_A19_MINER_DAUGHTER, &f, "one daughter: the couple's only living child is a girl"), PD_CHK_MET);
    assert_int_equal(cond(PD_A19_MINER_DAUGHTER, &f, "the employer's proof decides"), PD_CHK_UNKNOWN);
    f.children[0].sex = '1';
    assert_int_equal(cond(PD_A19_MINER_DAUGHTER, &f, "only living child is a boy"), PD_CHK_NOT_MET);
}

static void documents(void **state)
{
    (void)state;
    struct pd_error err;
    unsigned m = 0;
    assert_int_equal(pd_a19_docs_parse("marriage_cert, hukou,id_cards", &m, "documents", &err), PD_OK);
    assert_int_equal(m, 7u);
    char buf[1024];
    assert_string_equal(pd_a19_docs_format(m, buf, sizeof buf), "marriage_cert,hukou,id_cards");
    assert_int_equal(pd_a19_docs_parse("hukou,passport", &m, "documents", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown document 'passport'"));
    assert_string_equal(err.field, "documents");
    assert_int_equal(pd_a19_docs_parse("hukou,hukou", &m, "documents", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "listed twice"));
    assert_int_equal(pd_a19_docs_parse("", &m, "documents", &err), PD_OK);
    assert_int_equal(m, 0u);
    struct pd_a19_facts f = base();
    struct pd_a19_result r;
    pd_a19_check(PD_A19_DISABLED_CHILD, &f, 7u, &r);
    assert_true(r.blocked);
    assert_int_equal(r.docs_missing, 1u << PD_DOC_DISABILITY);
    assert_non_null(strstr(pd_a19_result_words(&r, buf, sizeof buf), "missing documents: disability_assessment"));
    pd_a19_check(PD_A19_RURAL_DAUGHTER, &f, 7u, &r);
    assert_false(r.blocked);
}

static void steps(void **state)
{
    (void)state;
    struct pd_error err;
    enum pd_case_state s;
    assert_int_equal(pd_case_next(PD_CASE_APPLIED, "village", true, &s, &err), PD_OK);
    assert_int_equal(s, PD_CASE_VILLAGE);
    assert_int_equal(pd_case_next(PD_CASE_VILLAGE, "town", true, &s, &err), PD_OK);
    assert_int_equal(s, PD_CASE_TOWN);
    assert_int_equal(pd_case_next(PD_CASE_TOWN, "county", true, &s, &err), PD_OK);
    assert_int_equal(s, PD_CASE_APPROVED);
    assert_int_equal(pd_case_next(PD_CASE_VILLAGE, "town", false, &s, &err), PD_OK);
    assert_int_equal(s, PD_CASE_REFUSED);
    assert_int_equal(pd_case_next(PD_CASE_APPLIED, "county", true, &s, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "the village review comes next, not the county approval"));
    assert_int_equal(pd_case_next(PD_CASE_APPROVED, "county", true, &s, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "already approved"));
    assert_int_equal(pd_case_next(PD_CASE_REFUSED, "village", true, &s, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "already refused"));
    assert_int_equal(pd_case_next(PD_CASE_APPLIED, "province", true, &s, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown step 'province'"));
}

/* ---- the store: facts, events, certificate ------------------------------ */

static void store_flow(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("approval");
    struct pd_error err;
    char hus[40], wife[40], girl[40];
    const char *hh = "330205001001010001";
    assert_int_equal(test_save(db, "household.add", hh, NULL,
                               "{\"code\":\"330205001001010001\",\"address\":\"示范村1组8号\"}", NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", hh, NULL,
                               "{\"name\":\"马建华\",\"sex\":\"1\",\"birth_date\":\"1980-01-01\",\"reg_type\":\"2\",\"ethnicity\":\"03\"}",
                               hus, &err), PD_OK);
    assert_int_equal(test_save(db, "person.add", hh, NULL,
                               "{\"name\":\"白玉兰\",\"sex\":\"2\",\"birth_date\":\"1982-02-02\",\"reg_type\":\"2\",\"ethnicity\":\"03\"}",
                               wife, &err), PD_OK);
    char js[256];
    snprintf(js, sizeof js, "{\"change\":\"first\",\"date\":\"2006-01-01\",\"spouse\":\"%s\"}", hus);
    assert_int_equal(test_save(db, "person.marriage", NULL, wife, js, NULL, &err), PD_OK);
    snprintf(js, sizeof js, "{\"name\":\"马小花\",\"sex\":\"2\",\"birth_date\":\"2008-03-02\",\"mother\":\"%s\",\"father\":\"%s\"}",
             wife, hus);
    assert_int_equal(test_save(db, "person.birth", hh, NULL, js, girl, &err), PD_OK);

    struct pd_a19_facts f;
    assert_int_equal(pd_sc_facts(db, wife, &f, &err), PD_OK);
    assert_true(f.husband.known);
    assert_int_equal(f.nchildren, 1);   /* the same child through both parents counts once */
    assert_int_equal(f.wife.prior_children, 0);
    assert_int_equal(f.husband.prior_children, 0);
    assert_int_equal(pd_sc_facts(db, hus, &f, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "not recorded as female"));

    struct pd_sc_apply_opts ao = { wife, PD_A19_MINORITY, "2012-03-01", 7u, NULL };
    long long id = 0;
    assert_int_equal(pd_sc_apply(db, &ao, "clerk01", PD_ROLE_CLERK, &id, &err), PD_OK);
    assert_int_equal(id, 1);
    struct pd_sc_case c;
    assert_int_equal(pd_sc_get(db, id, &c, &err), PD_OK);
    assert_non_null(strstr(c.checks, "[met] ethnic minority: wife 回族, husband 回族"));
    assert_int_equal(c.state, PD_CASE_APPLIED);

    assert_int_equal(pd_user_add(db, "zhou", PD_ROLE_SUPERVISOR, "Secret-pass1", 8, &err), PD_OK);
    const char *steps3[3] = { "village", "town", "county" };
    for (int i = 0; i < 3; i++) {
        struct pd_sc_review_opts ro = { id, steps3[i], true, "2012-03-10", "周主任", NULL,
                                        i == 2 ? "浙二孩2012-0007" : NULL, 0 };
        assert_int_equal(pd_sc_review(db, &ro, "zhou", PD_ROLE_SUPERVISOR, &err), PD_OK);
    }
    assert_int_equal(pd_sc_get(db, id, &c, &err), PD_OK);
    assert_int_equal(c.state, PD_CASE_APPROVED);
    assert_int_equal(c.nsteps, 3);
    assert_string_equal(c.certificate, "浙二孩2012-0007");
    /* the within-policy check sees the certificate: a second birth after it */
    snprintf(js, sizeof js, "{\"name\":\"马小龙\",\"sex\":\"1\",\"birth_date\":\"2012-05-01\",\"mother\":\"%s\",\"father\":\"%s\"}",
             wife, hus);
    char boy[40];
    assert_int_equal(test_save(db, "person.birth", hh, NULL, js, boy, &err), PD_OK);
    struct pd_birth_facts bf;
    assert_int_equal(pd_birth_facts_of_child(db, boy, &bf, NULL, &err), PD_OK);
    assert_int_equal(bf.order, 2);
    assert_true(bf.second_cert_before);
    assert_true(pd_birth_within_policy(&bf, NULL, 0));
    /* a date before the application is refused */
    struct pd_sc_apply_opts ao2 = { wife, PD_A19_MINORITY, "2012-03-01", 7u, NULL };
    assert_int_equal(pd_sc_apply(db, &ao2, "clerk01", PD_ROLE_CLERK, &id, &err), PD_EEXIST);
    assert_non_null(strstr(err.msg, "already has an approved"));
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(married_condition),
        cmocka_unit_test(only_children),
        cmocka_unit_test(one_child_counts),
        cmocka_unit_test(rural_daughter),
        cmocka_unit_test(minority),
        cmocka_unit_test(remarriage),
        cmocka_unit_test(disabled_and_miner),
        cmocka_unit_test(documents),
        cmocka_unit_test(steps),
        cmocka_unit_test(store_flow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
