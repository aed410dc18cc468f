/* test_subsidy.c - the eligibility engine (core/subsidy.h) at every
 * condition's boundary, with the reasons in words; the facts gathered from
 * a register (store/policy_facts.h); the annual confirmation and the
 * supervisor's decisions (store/subsidy_store.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "app/policy_load.h"
#include "core/subsidy.h"
#include "store/policy_facts.h"
#include "store/subsidy_store.h"
#include "store/users.h"
#include "testutil.h"

static struct pd_policy policy;

static int setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "");
    const char *top = getenv("POPDESK_TOP");
    char path[1024];
    snprintf(path, sizeof path, "%s/conf/policy/zhejiang-2012.ini", top && *top ? top : ".");
    struct pd_error err;
    if (pd_policy_load(path, &policy, &err) != PD_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static struct pd_date D(int y, int m, int d)
{
    return (struct pd_date){ y, m, d };
}

static struct pd_child_facts kid(char sex, struct pd_date birth)
{
    return (struct pd_child_facts){ .sex = sex, .birth = birth, .alive = true, .within_policy = 1 };
}

/* A rural father of 62 with one living son, within policy. */
static struct pd_person_facts base(void)
{
    struct pd_person_facts f;
    memset(&f, 0, sizeof f);
    snprintf(f.pid, sizeof f.pid, "330205001001P0000001");
    snprintf(f.name, sizeof f.name, "王大伯");
    f.sex = '1';
    f.birth = D(1950, 3, 2);
    f.reg_type = '2';
    f.nchildren = 1;
    f.children[0] = kid('1', D(1975, 6, 1));
    f.onechild_child = -1;
    return f;
}

static struct pd_subsidy_result assess(enum pd_programme p, int year, const struct pd_person_facts *f)
{
    struct pd_subsidy_result r;
    pd_subsidy_assess(&policy, p, year, f, &r);
    return r;
}

/* The condition of `kind` holds (or not) and says `words` in English (and
 * `zh` in Chinese when given). */
static void cond(const struct pd_subsidy_result *r, enum pd_cond_kind kind, bool ok,
                 const char *words, const char *zh)
{
    for (int i = 0; i < r->ncond; i++) {
        if (r->cond[i].kind != kind)
            continue;
        char w[200];
        pd_subsidy_cond_words(&r->cond[i], "en", w, sizeof w);
        if (r->cond[i].ok != ok)
            fail_msg("condition '%s' is %s, wanted %s", w, r->cond[i].ok ? "ok" : "failing", ok ? "ok" : "failing");
        if (!strstr(w, words))
            fail_msg("words '%s' lack '%s'", w, words);
        if (zh) {
            pd_subsidy_cond_words(&r->cond[i], "zh", w, sizeof w);
            if (!strstr(w, zh))
                fail_msg("words '%s' lack '%s'", w, zh);
        }
        return;
    }
    fail_msg("no condition of kind %d", kind);
}

static bool has_cond(const struct pd_subsidy_result *r, enum pd_cond_kind kind)
{
    for (int i = 0; i < r->ncond; i++)
        if (r->cond[i].kind == kind)
            return true;
    return false;
}

/* ---- reward (奖扶) ------------------------------------------------------ */

static void reward_eligible_one_child(void **state)
{
    (void)state;
    struct pd_person_facts f = base();
    struct pd_subsidy_result r = assess(PD_PROG_REWARD, 2012, &f);
    assert_true(r.eligible);
    assert_int_equal(r.category, PD_CAT_ONE_CHILD);
    assert_int_equal(r.yearly, 960);
    cond(&r, PD_C_REGISTERED, true, "alive and registered here", NULL);
    cond(&r, PD_C_RURAL, true, "agricultural registration", "农业户口");
    cond(&r, PD_C_BORN_AFTER, true, "born 1950-03-02", NULL);
    cond(&r, PD_C_AGE, true, "aged 62 in 2012", "2012年62周岁");
    cond(&r, PD_C_NO_OOP, true, "no out-of-policy birth since 1973", NULL);
    cond(&r, PD_C_CHILDREN, true, "one living child (a son)", "现有一个子女(子)");
    cond(&r, PD_C_NO_PENSION, true, "no urban employee pension", NULL);
    cond(&r, PD_C_IN_FORCE, true, "960 yuan in 2012", "2012年度960元");
    /* the 2011 amount from the earlier period */
    r = assess(PD_PROG_REWARD, 2011, &f);
    assert_int_equal(r.yearly, 720);
    /* no period covers 2008 */
    r = assess(PD_PROG_REWARD, 2008, &f);
    assert_false(r.eligible);
    assert_int_equal(r.yearly, 0);
    cond(&r, PD_C_IN_FORCE, false, "no amount in force for 2008", NULL);
}

static void reward_age_59_60(void **state)
{
    (void)state;
    struct pd_person_facts f = base();
    f.birth = D(1953, 1, 1);   /* 59 in 2012 */
    struct pd_subsidy_result r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_AGE, false, "aged 59 in 2012: under 60", "2012年59周岁,不满60周岁");
    f.birth = D(1952, 12, 31);   /* 60 in 2012, even before the birthday */
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_AGE, true, "aged 60 in 2012", NULL);
    /* the same person is 59 in 2011 */
    r = assess(PD_PROG_REWARD, 2011, &f);
    cond(&r, PD_C_AGE, false, "aged 59 in 2011", NULL);
    f.birth = D(0, 0, 0);
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_AGE, false, "date of birth not recorded", NULL);
    cond(&r, PD_C_BORN_AFTER, false, "date of birth not recorded", NULL);
}

static void reward_born_1932_1933(void **state)
{
    (void)state;
    struct pd_person_facts f = base();
    f.birth = D(1932, 12, 31);
    struct pd_subsidy_result r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_BORN_AFTER, false, "born 1932-12-31, before 1933-01-01", "1932-12-31出生,早于1933-01-01");
    f.birth = D(1933, 1, 1);
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_BORN_AFTER, true, "born 1933-01-01", NULL);
}

static void reward_children(void **state)
{
    (void)state;
    struct pd_person_facts f = base();
    /* two daughters */
    f.nchildren = 2;
    f.children[0] = kid('2', D(1976, 1, 1));
    f.children[1] = kid('2', D(1979, 2, 2));
    struct pd_subsidy_result r = assess(PD_PROG_REWARD, 2012, &f);
    assert_true(r.eligible);
    assert_int_equal(r.category, PD_CAT_TWO_DAUGHTERS);
    cond(&r, PD_C_CHILDREN, true, "two daughters", "两个女孩");
    /* a son and a daughter */
    f.children[0].sex = '1';
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    assert_int_equal(r.category, PD_CAT_NONE);
    cond(&r, PD_C_CHILDREN, false, "a son and a daughter: not eligible", "一子一女,不符合");
    /* two sons */
    f.children[1].sex = '1';
    r = assess(PD_PROG_REWARD, 2012, &f);
    cond(&r, PD_C_CHILDREN, false, "two sons: not eligible", NULL);
    /* a son and a daughter, the son died: one living child */
    f.children[1].sex = '2';
    f.children[0].alive = false;
    f.children[0].death = D(1999, 9, 9);
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_CHILDREN, true, "one living child (a daughter)", NULL);
    /* both died */
    f.children[1].alive = false;
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_true(r.eligible);
    assert_int_equal(r.category, PD_CAT_ALL_DIED);
    cond(&r, PD_C_CHILDREN, true, "all children died (2)", "子女均已死亡(2个)");
    /* three daughters */
    f.nchildren = 3;
    for (int i = 0; i < 3; i++)
        f.children[i] = kid('2', D(1975 + i, 1, 1));
    r = assess(PD_PROG_REWARD, 2012, &f);
    cond(&r, PD_C_CHILDREN, false, "3 living children (0 sons, 3 daughters)", "现有3个子女(0子3女)");
    /* none */
    f.nchildren = 0;
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_CHILDREN, false, "no children: not eligible", "无子女");
}

static void reward_out_of_policy_1972_1973(void **state)
{
    (void)state;
    struct pd_person_facts f = base();
    f.children[0].within_policy = 0;
    f.children[0].birth = D(1972, 12, 31);
    struct pd_subsidy_result r = assess(PD_PROG_REWARD, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_NO_OOP, true, "the one in 1972 is before", NULL);
    f.children[0].birth = D(1973, 1, 1);
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_NO_OOP, false, "out-of-policy birth 1973: not eligible", "1973年政策外生育,不符合");
    /* 1985, the brief's example, among within-policy siblings */
    f.nchildren = 2;
    f.children[0] = kid('2', D(1978, 1, 1));
    f.children[1] = kid('2', D(1985, 5, 5));
    f.children[1].within_policy = 0;
    r = assess(PD_PROG_REWARD, 2012, &f);
    cond(&r, PD_C_NO_OOP, false, "out-of-policy birth 1985: not eligible", NULL);
    /* not known: not counted against (default) */
    f.children[1].within_policy = -1;
    r = assess(PD_PROG_REWARD, 2012, &f);
    cond(&r, PD_C_NO_OOP, true, "no out-of-policy birth since 1973", NULL);
}

static void reward_registration_pension_status(void **state)
{
    (void)state;
    struct pd_person_facts f = base();
    f.reg_type = '1';
    struct pd_subsidy_result r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_RURAL, false, "non-agricultural registration: not rural", "非农业户口");
    f = base();
    f.urban_pension = true;
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_NO_PENSION, false, "draws the urban employee pension", NULL);
    f = base();
    f.status = PD_PS_DEAD;
    f.end_date = D(2012, 3, 1);
    r = assess(PD_PROG_REWARD, 2012, &f);
    assert_false(r.eligible);
    assert_int_equal(r.yearly, 0);
    cond(&r, PD_C_REGISTERED, false, "died 2012-03-01", "已死亡(2012-03-01)");
    f.status = PD_PS_MOVED_OUT;
    r = assess(PD_PROG_REWARD, 2012, &f);
    cond(&r, PD_C_REGISTERED, false, "moved out 2012-03-01", NULL);
    f = base();
    f.migrant = true;
    r = assess(PD_PROG_REWARD, 2012, &f);
    cond(&r, PD_C_REGISTERED, false, "migrant, registered elsewhere", NULL);
    /* all the failing reasons at once, one per condition */
    f = base();
    f.birth = D(1953, 1, 1);
    f.reg_type = '1';
    r = assess(PD_PROG_REWARD, 2012, &f);
    char why[400];
    pd_subsidy_reasons(&r, "en", true, why, sizeof why);
    assert_string_equal(why, "non-agricultural registration: not rural; aged 59 in 2012: under 60");
}

/* ---- special assistance (特扶) ---------------------------------------- */

static struct pd_person_facts special_base(void)
{
    struct pd_person_facts f = base();
    f.sex = '2';
    f.birth = D(1963, 5, 5);   /* 49 in 2012 */
    f.children[0].disability_grade = 2;
    return f;
}

static void special_mother_48_49(void **state)
{
    (void)state;
    struct pd_person_facts f = special_base();
    struct pd_subsidy_result r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_true(r.eligible);
    assert_int_equal(r.category, PD_CAT_CHILD_DISABLED);
    assert_int_equal(r.yearly, 110 * 12);
    cond(&r, PD_C_MOTHER_AGE, true, "mother aged 49 in 2012, at least 49", "本人2012年49周岁,满49周岁");
    f.birth = D(1964, 1, 1);   /* 48 */
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_MOTHER_AGE, false, "mother aged 48 in 2012: under 49", NULL);
    /* a father: his wife's age counts */
    f = special_base();
    f.sex = '1';
    f.birth = D(1958, 1, 1);
    f.spouse_sex = '2';
    snprintf(f.spouse_name, sizeof f.spouse_name, "刘桂英");
    f.spouse_birth = D(1964, 2, 2);
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_MOTHER_AGE, false, "wife (the mother) aged 48 in 2012", "女方2012年48周岁");
    f.spouse_birth = D(1963, 12, 31);
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_true(r.eligible);
    /* a wife known by name only: her age cannot be checked */
    f.spouse_sex = 0;
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_MOTHER_AGE, false, "the mother's date of birth is not in the register", NULL);
    /* a single father: his own age */
    f.spouse_name[0] = '\0';
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_MOTHER_AGE, true, "single parent aged 54 in 2012", NULL);
}

static void special_disability_3_4(void **state)
{
    (void)state;
    struct pd_person_facts f = special_base();
    f.children[0].disability_grade = 3;
    struct pd_subsidy_result r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_CHILD_STATE, true, "child disabled, grade 3", "子女3级残疾");
    f.children[0].disability_grade = 4;
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_false(r.eligible);
    assert_int_equal(r.yearly, 0);
    cond(&r, PD_C_CHILD_STATE, false, "child's disability grade 4: needs grade 1-3", NULL);
    f.children[0].disability_grade = 0;
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    cond(&r, PD_C_CHILD_STATE, false, "child alive, no qualifying disability", NULL);
}

static void special_child_died(void **state)
{
    (void)state;
    struct pd_person_facts f = special_base();
    f.children[0].disability_grade = 0;
    f.children[0].alive = false;
    f.children[0].death = D(2005, 7, 1);
    struct pd_subsidy_result r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_true(r.eligible);
    assert_int_equal(r.category, PD_CAT_CHILD_DIED);
    assert_int_equal(r.yearly, 135 * 12);
    cond(&r, PD_C_CHILD_STATE, true, "child died 2005-07-01", "子女2005-07-01死亡");
    cond(&r, PD_C_ONE_CHILD, true, "one child", NULL);
    /* adopted, then died */
    f.children[0].adopted = true;
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_ONE_CHILD, true, "one adopted child", "合法收养一个子女");
    /* a new birth after the death: two children, no longer */
    f.nchildren = 2;
    f.children[1] = kid('2', D(2011, 1, 1));
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_ONE_CHILD, false, "2 children: needs exactly one", NULL);
    assert_false(has_cond(&r, PD_C_CHILD_STATE));
    /* before 2012 no special-assistance amount is in the shipped policy */
    f.nchildren = 1;
    r = assess(PD_PROG_SPECIAL, 2011, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_IN_FORCE, false, "no amount in force for 2011", NULL);
    /* born 1932-12-31 */
    f.birth = D(1932, 12, 31);
    r = assess(PD_PROG_SPECIAL, 2012, &f);
    cond(&r, PD_C_BORN_AFTER, false, "before 1933-01-01", NULL);
}

/* ---- one-child parents' reward ------------------------------------------ */

static struct pd_person_facts onechild_base(void)
{
    struct pd_person_facts f = base();
    f.birth = D(1975, 11, 11);
    f.children[0] = kid('2', D(1999, 1, 15));   /* 13 in 2012 */
    f.onechild_cert = true;
    f.onechild_date = D(2001, 5, 1);
    snprintf(f.onechild_number, sizeof f.onechild_number, "ZJ2001-0123");
    return f;
}

static void onechild_age_13_14(void **state)
{
    (void)state;
    struct pd_person_facts f = onechild_base();
    struct pd_subsidy_result r = assess(PD_PROG_ONECHILD, 2012, &f);
    assert_true(r.eligible);
    assert_int_equal(r.yearly, 100);
    assert_int_equal(r.category, PD_CAT_CERTIFICATE);
    cond(&r, PD_C_CERTIFICATE, true, "one-child certificate issued 2001-05-01", NULL);
    cond(&r, PD_C_CHILD_AGE, true, "child aged 13 in 2012", "子女2012年13周岁");
    cond(&r, PD_C_NOT_TWINS, true, "not twins", NULL);
    f.children[0].birth = D(1998, 12, 31);   /* turns 14 in 2012 */
    r = assess(PD_PROG_ONECHILD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_CHILD_AGE, false, "child aged 14 in 2012: paid until 14", NULL);
}

static void onechild_certificate_and_twins(void **state)
{
    (void)state;
    struct pd_person_facts f = onechild_base();
    f.onechild_date = D(2013, 1, 2);
    struct pd_subsidy_result r = assess(PD_PROG_ONECHILD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_CERTIFICATE, false, "certificate issued 2013-01-02, after 2012", NULL);
    /* paid from the year of issue */
    r = assess(PD_PROG_ONECHILD, 2013, &f);
    cond(&r, PD_C_CERTIFICATE, true, "issued 2013-01-02", NULL);
    f.onechild_cert = false;
    r = assess(PD_PROG_ONECHILD, 2012, &f);
    cond(&r, PD_C_CERTIFICATE, false, "no one-child parents' certificate", "未领取独生子女父母光荣证");
    f = onechild_base();
    f.nchildren = 2;
    f.children[1] = kid('1', D(1999, 1, 15));
    r = assess(PD_PROG_ONECHILD, 2012, &f);
    assert_false(r.eligible);
    cond(&r, PD_C_NOT_TWINS, false, "twins (born 1999-01-15): not for twins", NULL);
    /* the certificate names its child: a later sibling is not a twin */
    f.children[1].birth = D(2005, 1, 1);
    f.onechild_child = 0;
    r = assess(PD_PROG_ONECHILD, 2012, &f);
    cond(&r, PD_C_NOT_TWINS, true, "not twins", NULL);
    cond(&r, PD_C_CHILD_AGE, true, "child aged 13", NULL);
    /* two children and no named child: whose age? */
    f.onechild_child = -1;
    r = assess(PD_PROG_ONECHILD, 2012, &f);
    cond(&r, PD_C_CHILD_AGE, false, "the certificate's child is not known", NULL);
}

static void words_for_lists(void **state)
{
    (void)state;
    struct pd_person_facts f = base();
    char buf[64];
    assert_string_equal(pd_subsidy_children_words(&f, buf, sizeof buf), "1子");
    f.nchildren = 3;
    f.children[1] = kid('2', D(1978, 1, 1));
    f.children[2] = kid('2', D(1980, 1, 1));
    f.children[2].alive = false;
    assert_string_equal(pd_subsidy_children_words(&f, buf, sizeof buf), "1子1女(已故1)");
    f.children[0].alive = false;
    f.children[1].alive = false;
    assert_string_equal(pd_subsidy_children_words(&f, buf, sizeof buf), "0(已故3)");
    assert_string_equal(pd_subsidy_category_words(PD_CAT_TWO_DAUGHTERS, "zh"), "双女");
    assert_string_equal(pd_subsidy_category_words(PD_CAT_CHILD_DISABLED, "en"), "only child disabled");
    assert_int_equal(pd_age_in_year(D(1952, 12, 31), 2012), 60);
    assert_int_equal(pd_age_in_year(D(0, 0, 0), 2012), -1);
}

/* ---- facts from the register and the confirmation ---------------------- */

#define HH1 "330205001001010001"
#define HH2 "330205001001010002"

static void save_ok(struct pd_db *db, const char *type, const char *hh, const char *person,
                    const char *json, char *out)
{
    struct pd_error err;
    if (test_save(db, type, hh, person, json, out, &err) != PD_OK)
        fail_msg("%s %s: %s", type, json, err.msg);
}

static void add_person(struct pd_db *db, const char *hh, const char *name, const char *sex,
                       const char *birth, const char *reg, char *out)
{
    char json[256];
    snprintf(json, sizeof json, "{\"name\":\"%s\",\"sex\":\"%s\",\"birth_date\":\"%s\",\"reg_type\":\"%s\"}",
             name, sex, birth, reg);
    save_ok(db, "person.add", hh, NULL, json, out);
}

struct family {
    char wang[40], li[40], wu[40], qian[40], husband[40], wife[40], zheng[40];
};

static struct pd_db *family_register(const char *name, struct family *fam)
{
    struct pd_db *db = test_db_open(name);
    struct pd_error err;
    if (pd_user_add(db, "sup01", PD_ROLE_SUPERVISOR, "Secret-pass1", 8, &err) != PD_OK ||
        pd_user_add(db, "clerk01", PD_ROLE_CLERK, "Secret-pass1", 8, &err) != PD_OK)
        fail_msg("%s", err.msg);
    save_ok(db, "household.add", HH1, NULL, "{\"code\":\"" HH1 "\",\"address\":\"甬江街道示范社区一组1号\"}", NULL);
    save_ok(db, "household.add", HH2, NULL, "{\"code\":\"" HH2 "\",\"address\":\"甬江街道示范社区一组2号\"}", NULL);
    add_person(db, HH1, "王大伯", "1", "1950-03-02", "2", fam->wang);
    save_ok(db, "person.child", NULL, fam->wang, "{\"name\":\"王小明\",\"sex\":\"1\",\"birth_date\":\"1975-06-01\",\"within_policy\":true}", NULL);
    add_person(db, HH1, "李阿婆", "2", "1952-12-31", "2", fam->li);
    save_ok(db, "person.child", NULL, fam->li, "{\"sex\":\"2\",\"birth_date\":\"1976-01-01\",\"within_policy\":true}", NULL);
    save_ok(db, "person.child", NULL, fam->li, "{\"sex\":\"2\",\"birth_date\":\"1979-02-02\",\"within_policy\":true}", NULL);
    add_person(db, HH1, "吴伯", "1", "1950-09-09", "2", fam->wu);
    save_ok(db, "person.child", NULL, fam->wu, "{\"sex\":\"1\",\"birth_date\":\"1976-09-09\"}", NULL);
    add_person(db, HH2, "钱老汉", "1", "1948-04-04", "2", fam->qian);
    save_ok(db, "person.child", NULL, fam->qian, "{\"sex\":\"2\",\"birth_date\":\"1974-04-04\"}", NULL);
    /* a couple: the children recorded on the wife only; one died */
    add_person(db, HH2, "黄老伯", "1", "1949-01-01", "2", fam->husband);
    add_person(db, HH2, "黄阿姨", "2", "1951-01-01", "2", fam->wife);
    char json[256];
    snprintf(json, sizeof json, "{\"change\":\"first\",\"date\":\"1972-05-01\",\"spouse\":\"%s\"}", fam->wife);
    save_ok(db, "person.marriage", NULL, fam->husband, json, NULL);
    save_ok(db, "person.child", NULL, fam->wife, "{\"sex\":\"1\",\"birth_date\":\"1973-03-03\",\"alive\":false,"
            "\"death_date\":\"2003-03-03\",\"disability_grade\":1}", NULL);
    /* special assistance: a mother whose only son is disabled (grade 2) */
    add_person(db, HH2, "郑女士", "2", "1960-10-10", "1", fam->zheng);
    save_ok(db, "person.child", NULL, fam->zheng, "{\"sex\":\"1\",\"birth_date\":\"1985-10-10\",\"disability_grade\":2}", NULL);
    return db;
}

static void facts_from_register(void **state)
{
    (void)state;
    struct family fam;
    struct pd_db *db = family_register("subsidy-facts", &fam);
    struct pd_error err;
    struct pd_person_facts f;
    assert_int_equal(pd_person_facts_get(db, fam.li, &f, &err), PD_OK);
    assert_string_equal(f.name, "李阿婆");
    assert_int_equal(f.sex, '2');
    assert_int_equal(f.reg_type, '2');
    assert_int_equal(f.nchildren, 2);
    assert_int_equal(f.children[0].sex, '2');
    assert_int_equal(f.children[0].within_policy, 1);
    assert_int_equal(f.status, PD_PS_ACTIVE);
    /* a child recorded without the flag: not known */
    assert_int_equal(pd_person_facts_get(db, fam.wu, &f, &err), PD_OK);
    assert_int_equal(f.children[0].within_policy, -1);
    /* the husband has no rows of his own: the wife's count for him; the
     * marriage linked them, so he knows her sex and birth date */
    assert_int_equal(pd_person_facts_get(db, fam.husband, &f, &err), PD_OK);
    assert_int_equal(f.nchildren, 1);
    assert_false(f.children[0].alive);
    assert_int_equal(f.children[0].death.y, 2003);
    assert_int_equal(f.spouse_sex, '2');
    assert_int_equal(f.spouse_birth.y, 1951);
    assert_string_equal(f.spouse_name, "黄阿姨");
    struct pd_subsidy_result r = assess(PD_PROG_SPECIAL, 2012, &f);
    assert_true(r.eligible);
    cond(&r, PD_C_MOTHER_AGE, true, "wife (the mother) aged 61 in 2012", NULL);
    assert_int_equal(pd_person_facts_get(db, "330205001001P9999999", &f, &err), PD_ENOTFOUND);

    /* a death and a correction show in the facts */
    save_ok(db, "person.death", NULL, fam.qian, "{\"date\":\"2012-03-01\"}", NULL);
    assert_int_equal(pd_person_facts_get(db, fam.qian, &f, &err), PD_OK);
    assert_int_equal(f.status, PD_PS_DEAD);
    assert_int_equal(f.end_date.m, 3);
    save_ok(db, "record.correct", NULL, fam.wu, "{\"reason\":\"户口性质变更\",\"fields\":{\"reg_type\":\"1\",\"urban_pension\":true}}", NULL);
    assert_int_equal(pd_person_facts_get(db, fam.wu, &f, &err), PD_OK);
    assert_int_equal(f.reg_type, '1');
    assert_true(f.urban_pension);
    test_db_close(&db);
}

static void computed_within_policy(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("subsidy-births");
    char mother[40];
    save_ok(db, "household.add", HH1, NULL, "{\"code\":\"" HH1 "\",\"address\":\"甬江街道示范社区三组8号\"}", NULL);
    add_person(db, HH1, "何秀英", "2", "1980-01-01", "2", mother);
    save_ok(db, "person.marriage", NULL, mother, "{\"change\":\"first\",\"date\":\"2004-04-04\"}", NULL);
    char json[256];
    snprintf(json, sizeof json, "{\"name\":\"何一\",\"sex\":\"2\",\"birth_date\":\"2005-05-05\",\"mother\":\"%s\"}", mother);
    save_ok(db, "person.birth", HH1, NULL, json, NULL);
    snprintf(json, sizeof json, "{\"name\":\"何二\",\"sex\":\"1\",\"birth_date\":\"2010-10-10\",\"mother\":\"%s\"}", mother);
    save_ok(db, "person.birth", HH1, NULL, json, NULL);
    struct pd_person_facts f;
    struct pd_error err;
    assert_int_equal(pd_person_facts_get(db, mother, &f, &err), PD_OK);
    assert_int_equal(f.nchildren, 2);
    assert_int_equal(f.children[0].within_policy, 1);   /* first, married */
    assert_int_equal(f.children[1].within_policy, 0);   /* second, no certificate */
    struct pd_subsidy_result r = assess(PD_PROG_REWARD, 2041, &f);
    cond(&r, PD_C_NO_OOP, false, "out-of-policy birth 2010", NULL);
    test_db_close(&db);
}

static int find_row(const struct pd_confirmation *c, const char *pid)
{
    for (int i = 0; i < c->nrows; i++)
        if (strcmp(c->rows[i].facts.pid, pid) == 0)
            return i;
    return -1;
}

static void confirmation_new_continuing_leaving(void **state)
{
    (void)state;
    struct family fam;
    struct pd_db *db = family_register("subsidy-confirm", &fam);
    struct pd_error err;
    /* last year's recipients: 王, 吴 and 钱 */
    const char *last[] = { fam.wang, fam.wu, fam.qian };
    for (int i = 0; i < 3; i++) {
        struct pd_decision d = { .pid = last[i], .prog = PD_PROG_REWARD, .year = 2011, .approve = true,
                                 .category = PD_CAT_ONE_CHILD, .status = -1, .amount = 720, .date = D(2011, 12, 20) };
        assert_int_equal(pd_subsidy_decide(db, &d, "sup01", NULL, &err), PD_OK);
    }
    /* 吴 was rejected later in 2011: the latest decision stands */
    struct pd_decision rej = { .pid = fam.wu, .prog = PD_PROG_REWARD, .year = 2011, .approve = false,
                               .reason = "复核不符合", .status = -1, .amount = -1, .date = D(2011, 12, 28) };
    assert_int_equal(pd_subsidy_decide(db, &rej, "sup01", NULL, &err), PD_OK);
    save_ok(db, "person.death", NULL, fam.qian, "{\"date\":\"2012-03-01\"}", NULL);

    struct pd_confirmation c;
    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_REWARD, 2012, &c, &err), PD_OK);
    /* new: 李 (two daughters), 黄老伯 and 黄阿姨 (child died), 吴 (rejected
     * last year, eligible now); continuing: 王; leaving: 钱 (died) */
    assert_int_equal(c.count[PD_CONFIRM_NEW], 4);
    assert_int_equal(c.count[PD_CONFIRM_CONTINUING], 1);
    assert_int_equal(c.count[PD_CONFIRM_LEAVING], 1);
    assert_int_equal(c.amount[PD_CONFIRM_NEW], 4 * 960);
    assert_int_equal(c.amount[PD_CONFIRM_CONTINUING], 960);
    assert_int_equal(c.amount[PD_CONFIRM_LEAVING], 720);
    assert_int_equal(c.undecided, 6);
    int i = find_row(&c, fam.wang);
    assert_true(i >= 0);
    assert_int_equal(c.rows[i].status, PD_CONFIRM_CONTINUING);
    assert_int_equal(c.rows[i].last_amount, 720);
    i = find_row(&c, fam.qian);
    assert_int_equal(c.rows[i].status, PD_CONFIRM_LEAVING);
    char why[200];
    pd_subsidy_reasons(&c.rows[i].result, "en", true, why, sizeof why);
    assert_string_equal(why, "died 2012-03-01");
    /* ordered: new, continuing, leaving */
    assert_int_equal(c.rows[0].status, PD_CONFIRM_NEW);
    assert_int_equal(c.rows[c.nrows - 1].status, PD_CONFIRM_LEAVING);
    assert_int_equal(find_row(&c, fam.zheng), -1);   /* 52 and non-agricultural */
    pd_confirmation_done(&c);

    /* 王 changes to non-agricultural registration: leaving with that reason */
    save_ok(db, "record.correct", NULL, fam.wang, "{\"reason\":\"农转非\",\"fields\":{\"reg_type\":\"1\"}}", NULL);
    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_REWARD, 2012, &c, &err), PD_OK);
    i = find_row(&c, fam.wang);
    assert_int_equal(c.rows[i].status, PD_CONFIRM_LEAVING);
    pd_subsidy_reasons(&c.rows[i].result, "zh", true, why, sizeof why);
    assert_string_equal(why, "非农业户口,不符合");
    assert_int_equal(c.count[PD_CONFIRM_LEAVING], 2);
    pd_confirmation_done(&c);

    /* special assistance: 郑 (disabled son) and the 黄 couple (son died) */
    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_SPECIAL, 2012, &c, &err), PD_OK);
    assert_int_equal(c.count[PD_CONFIRM_NEW], 3);
    i = find_row(&c, fam.zheng);
    assert_int_equal(c.rows[i].result.category, PD_CAT_CHILD_DISABLED);
    assert_int_equal(c.rows[i].result.yearly, 1320);
    assert_int_equal(c.amount[PD_CONFIRM_NEW], 1320 + 2 * 1620);
    pd_confirmation_done(&c);

    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_REWARD, 1980, &c, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "year 1980"));
    test_db_close(&db);
}

static void decisions(void **state)
{
    (void)state;
    struct family fam;
    struct pd_db *db = family_register("subsidy-decide", &fam);
    struct pd_error err;
    long long before = test_count(db, "SELECT count(*) FROM outbox");
    struct pd_decision d = { .pid = fam.li, .prog = PD_PROG_REWARD, .year = 2012, .approve = true,
                             .category = PD_CAT_TWO_DAUGHTERS, .status = PD_CONFIRM_NEW, .amount = 960,
                             .date = D(2012, 6, 12) };
    /* a clerk cannot sign */
    assert_int_equal(pd_subsidy_decide(db, &d, "clerk01", NULL, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "signed by a supervisor; clerk01 is clerk"));
    assert_int_equal(pd_subsidy_decide(db, &d, "nobody", NULL, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "not an account"));
    assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), before);
    long long seq = 0;
    assert_int_equal(pd_subsidy_decide(db, &d, "sup01", &seq, &err), PD_OK);
    assert_true(seq > before);
    /* the event went to the outbox, with its data */
    assert_int_equal(test_count(db, "SELECT count(*) FROM outbox WHERE body LIKE '%\"type\":\"subsidy.decision\"%'"
                                    " AND body LIKE '%\"category\":\"two_daughters\"%' AND body LIKE '%\"amount\":960%'"), 1);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE type='subsidy.decision' AND user='sup01'"), 1);
    /* a reject needs its reason */
    d.approve = false;
    assert_int_equal(pd_subsidy_decide(db, &d, "sup01", NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "reason");
    /* the dead cannot be approved, but can be stopped */
    save_ok(db, "person.death", NULL, fam.qian, "{\"date\":\"2012-03-01\"}", NULL);
    d.pid = fam.qian;
    d.approve = true;
    assert_int_equal(pd_subsidy_decide(db, &d, "sup01", NULL, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "recorded as dead"));
    d.approve = false;
    d.reason = "已死亡";
    assert_int_equal(pd_subsidy_decide(db, &d, "sup01", NULL, &err), PD_OK);
    d.pid = "330205001001P9999999";
    assert_int_equal(pd_subsidy_decide(db, &d, "sup01", NULL, &err), PD_ENOTFOUND);

    /* approve everything the confirmation says, once */
    struct pd_confirmation c;
    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_REWARD, 2012, &c, &err), PD_OK);
    int li = find_row(&c, fam.li);
    assert_string_equal(c.rows[li].decision, "approve");
    assert_string_equal(c.rows[li].decided_by, "sup01");
    assert_int_equal(c.approved, 1);
    int saved = -1;
    assert_int_equal(pd_subsidy_decide_all(db, &c, "sup01", D(2012, 6, 14), &saved, &err), PD_OK);
    assert_int_equal(saved, c.nrows - 1);   /* 李 was already approved */
    pd_confirmation_done(&c);
    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_REWARD, 2012, &c, &err), PD_OK);
    assert_int_equal(c.undecided, 0);
    assert_int_equal(c.approved, c.nrows);
    assert_int_equal(pd_subsidy_decide_all(db, &c, "sup01", D(2012, 6, 14), &saved, &err), PD_OK);
    assert_int_equal(saved, 0);
    /* a clerk's bulk decision saves nothing at all */
    pd_confirmation_done(&c);
    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_SPECIAL, 2012, &c, &err), PD_OK);
    long long n = test_count(db, "SELECT count(*) FROM subsidy_decisions");
    assert_int_equal(pd_subsidy_decide_all(db, &c, "clerk01", D(2012, 6, 14), &saved, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "signed by a supervisor"));
    assert_int_equal(test_count(db, "SELECT count(*) FROM subsidy_decisions"), n);
    pd_confirmation_done(&c);

    /* next year: 2012's approvals are the recipients */
    assert_int_equal(pd_confirmation_build(db, &policy, PD_PROG_REWARD, 2013, &c, &err), PD_OK);
    assert_int_equal(c.count[PD_CONFIRM_NEW], 0);
    assert_true(c.count[PD_CONFIRM_CONTINUING] >= 4);
    pd_confirmation_done(&c);
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reward_eligible_one_child),
        cmocka_unit_test(reward_age_59_60),
        cmocka_unit_test(reward_born_1932_1933),
        cmocka_unit_test(reward_children),
        cmocka_unit_test(reward_out_of_policy_1972_1973),
        cmocka_unit_test(reward_registration_pension_status),
        cmocka_unit_test(special_mother_48_49),
        cmocka_unit_test(special_disability_3_4),
        cmocka_unit_test(special_child_died),
        cmocka_unit_test(onechild_age_13_14),
        cmocka_unit_test(onechild_certificate_and_twins),
        cmocka_unit_test(words_for_lists),
        cmocka_unit_test(facts_from_register),
        cmocka_unit_test(computed_within_policy),
        cmocka_unit_test(confirmation_new_continuing_leaving),
        cmocka_unit_test(decisions),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
