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

#include "core/approval.h"
#include "core/birthpolicy.h"
#include "core/casefee.h"
#include "core/codes.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/policy.h"
#include "core/services.h"
#include "core/subsidy.h"
#include "store/users.h"

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
    static const char *const words[] = { " is ", " must ", " the ", "not ", "before", "required", "met",
                                         "yuan", "child", "wife", "husband", "base", NULL };
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

/* A married rural Han couple, both linked, one daughter born 2008-03-02. */
static struct pd_a19_facts couple(void)
{
    struct pd_a19_facts f;
    memset(&f, 0, sizeof f);
    struct pd_a19_spouse *sp[2] = { &f.wife, &f.husband };
    const char *names[2] = { "李秀英", "王建国" };
    for (int i = 0; i < 2; i++) {
        sp[i]->known = true;
        pd_strlcpy(sp[i]->name, names[i], sizeof sp[i]->name);
        pd_strlcpy(sp[i]->ethnicity, "01", sizeof sp[i]->ethnicity);
        pd_strlcpy(sp[i]->reg_type, "2", sizeof sp[i]->reg_type);
        pd_strlcpy(sp[i]->marital, "21", sizeof sp[i]->marital);
        sp[i]->marital_date = (struct pd_date){ 2006, 10, 1 };
        sp[i]->parents_children = -1;
    }
    f.nchildren = 1;
    f.children[0] = (struct pd_a19_child){ .sex = '2', .birth = { 2008, 3, 2 }, .alive = true };
    return f;
}

static const char *cond_with(const struct pd_a19_result *r, const char *want)
{
    for (int i = 0; i < r->n; i++)
        if (strstr(r->c[i].words, want))
            return r->c[i].words;
    char all[2048] = "";
    for (int i = 0; i < r->n; i++)
        snprintf(all + strlen(all), sizeof all - strlen(all), " | %s", r->c[i].words);
    fail_msg("no condition with '%s' in:%s", want, all);
    return "";
}

static void test_approval_checks_both_languages(void **state)
{
    (void)state;
    struct pd_a19_facts f = couple();
    struct pd_a19_result r;
    pd_i18n_set("zh");
    pd_a19_check(PD_A19_RURAL_DAUGHTER, &f, 0, &r);
    has(cond_with(&r, "已婚"), "已婚：李秀英（初婚 2006-10-01），丈夫王建国");
    has(cond_with(&r, "农村夫妻"), "农村夫妻：双方均为农业户口");
    has(cond_with(&r, "只有一个女孩"), "只有一个女孩：夫妻唯一健在的子女是女孩，2008-03-02出生");
    for (int i = 0; i < r.n; i++)
        lacks_ascii_words(r.c[i].words);
    pd_strlcpy(f.husband.reg_type, "1", sizeof f.husband.reg_type);
    f.wife.parents_children = 2;
    pd_a19_check(PD_A19_RURAL_DAUGHTER, &f, 0, &r);
    has(cond_with(&r, "农村夫妻"), "农村夫妻：男方是非农业户口");
    pd_a19_check(PD_A19_ONLY_CHILDREN, &f, 0, &r);
    has(cond_with(&r, "独生子女"), "夫妻双方均为独生子女：女方父母在台账中有2个子女");
    has(cond_with(&r, "只有一个子女"), "只有一个子女：夫妻唯一健在的子女是女孩");
    pd_i18n_set("en");
    pd_a19_check(PD_A19_ONLY_CHILDREN, &f, 0, &r);
    has(cond_with(&r, "wife's"), "both spouses only children: wife's parents have 2 children in the register");
    has(cond_with(&r, "married"), "married: 李秀英 (初婚 2006-10-01), husband 王建国");
}

/* The stored form (the application event's `checks`, the case row, the
 * district's copy) is the same English whoever made it, for every kind of
 * condition. */
static void test_approval_stored_words_do_not_follow_language(void **state)
{
    (void)state;
    struct pd_a19_facts fs[8];
    for (int i = 0; i < 8; i++)
        fs[i] = couple();
    fs[1].husband.known = false;
    pd_strlcpy(fs[2].wife.marital, "40", sizeof fs[2].wife.marital);
    fs[3].wife.marital[0] = '\0';
    fs[3].nchildren = 0;
    fs[4].nchildren = 3;
    fs[4].children[1] = (struct pd_a19_child){ .sex = '1', .birth = { 2010, 1, 5 }, .alive = true };
    fs[4].children[2] = (struct pd_a19_child){ .sex = '1', .birth = { 2011, 1, 5 }, .alive = false };
    fs[5].children[0].sex = '1';
    fs[5].children[0].disability_grade = 2;
    fs[5].wife.parents_onechild_cert = true;
    pd_strlcpy(fs[5].wife.onechild_number, "浙独字2001第0123号", sizeof fs[5].wife.onechild_number);
    fs[5].husband.parents_children = 1;
    pd_strlcpy(fs[5].wife.ethnicity, "03", sizeof fs[5].wife.ethnicity);
    pd_strlcpy(fs[5].husband.ethnicity, "05", sizeof fs[5].husband.ethnicity);
    pd_strlcpy(fs[6].husband.marital, "22", sizeof fs[6].husband.marital);
    fs[6].husband.prior_children = 1;
    fs[6].nchildren = 2;
    fs[7].children[0].sex = 0;
    fs[7].wife.reg_type[0] = '\0';
    fs[7].husband.ethnicity[0] = '\0';
    fs[7].wife.prior_children = -1;
    for (int i = 0; i < 8; i++)
        for (int it = 0; it < PD_A19__COUNT; it++) {
            struct pd_a19_result r;
            char zh[2048], en[2048];
            pd_i18n_set("zh");
            pd_a19_check((enum pd_a19_item)it, &fs[i], 5u, &r);
            pd_a19_result_words(&r, zh, sizeof zh);
            pd_i18n_set("en");
            pd_a19_check((enum pd_a19_item)it, &fs[i], 5u, &r);
            pd_a19_result_words(&r, en, sizeof en);
            if (strcmp(zh, en) != 0)
                fail_msg("facts %d item %d: stored '%s' from a Chinese session, '%s' from an English one",
                         i, it, zh, en);
        }
    /* and the review steps' refusals follow the language */
    struct pd_error err;
    enum pd_case_state next;
    pd_i18n_set("zh");
    assert_int_equal(pd_case_next(PD_CASE_APPLIED, "town", true, &next, &err), PD_EINVAL);
    has(err.msg, "下一步是村(居)审核，不是乡镇(街道)审查");
    pd_i18n_set("en");
    assert_int_equal(pd_case_next(PD_CASE_APPLIED, "town", true, &next, &err), PD_EINVAL);
    has(err.msg, "the village review comes next, not the town check");
    /* a Chinese printout from an English session asks for Chinese */
    struct pd_a19_result r;
    char buf[400];
    pd_a19_check(PD_A19_RURAL_DAUGHTER, &fs[0], 5u, &r);
    assert_string_equal(r.c[1].words, "rural couple: both agricultural registration");
    pd_a19_words_text(r.c[1].words, "zh", buf, sizeof buf);
    assert_string_equal(buf, "农村夫妻：双方均为农业户口");
    pd_a19_words_text(buf, "en", buf + 200, 200);
    assert_string_equal(buf + 200, "rural couple: both agricultural registration");
}

static void test_birth_policy_both_languages(void **state)
{
    (void)state;
    struct pd_birth_facts f = { .order = 2 };
    char why[128];
    pd_i18n_set("zh");
    assert_false(pd_birth_within_policy(&f, why, sizeof why));
    has(why, "第二个孩子，未经批准再生育：政策外生育");
    f.order = 3;
    pd_birth_within_policy(&f, why, sizeof why);
    has(why, "第3个孩子");
    lacks_ascii_words(why);
    pd_i18n_set("en");
    f.order = 2;
    pd_birth_within_policy(&f, why, sizeof why);
    has(why, "second child without an approved certificate: out of policy");
}

static void test_subsidy_reasons_both_languages(void **state)
{
    (void)state;
    struct pd_cond c = { .kind = PD_C_AGE, .ok = false, .n1 = 59, .n2 = 60, .n3 = 2012 };
    char buf[160];
    has(pd_subsidy_cond_words(&c, "zh", buf, sizeof buf), "2012年59周岁,不满60周岁");
    has(pd_subsidy_cond_words(&c, "en", buf, sizeof buf), "aged 59 in 2012: under 60");
}

static void test_fee_basis_stored_english_shown_in_language(void **state)
{
    (void)state;
    struct pd_policy p;
    memset(&p, 0, sizeof p);
    p.fee.configured = true;
    p.fee.multiple_unmarried = 2;
    p.fee.multiple_extra_min = 2;
    p.fee.multiple_extra_max = 6;
    p.fee.nperiods = 1;
    p.fee.periods[0] = (struct pd_fee_period){ 34058, 16518, { 2012, 1, 1 }, { 0, 0, 0 } };
    struct pd_fee_input in = { .birth_year = 2012, .kind = PD_FEE_EXTRA, .extra = 1,
                               .mother_reg = '2', .father_known = true, .father_reg = '1' };
    struct pd_fee_result r;
    struct pd_error err;
    char shown[600];
    pd_i18n_set("zh");
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_OK);
    /* the levy event keeps the English whoever computed it */
    assert_string_equal(r.words, "one child beyond policy; mother: rural base 16518 x 2 = 33036; "
                                 "father: urban base 34058 x 2 = 68116; total 101152 yuan");
    pd_fee_basis_text(r.words, NULL, shown, sizeof shown);
    assert_string_equal(shown, "政策外多生育一个子女；母亲：农村基数16518元×2倍=33036元；"
                               "父亲：城镇基数34058元×2倍=68116元；合计101152元");
    lacks_ascii_words(shown);
    in.kind = PD_FEE_UNMARRIED;
    in.father_known = false;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_OK);
    pd_fee_basis_text(r.words, NULL, shown, sizeof shown);
    has(shown, "非婚生育第一个子女；母亲：农村基数16518元×2倍=33036元；父亲：不在本台账，此处不征收；合计33036元");
    /* words it does not know pass unchanged */
    pd_fee_basis_text("手工填写的依据", NULL, shown, sizeof shown);
    assert_string_equal(shown, "手工填写的依据");
    in.mother_reg = 0;
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_EINVAL);
    has(err.msg, "母亲的户口性质未登记");
    lacks_ascii_words(err.msg);
    pd_i18n_set("en");
    assert_int_equal(pd_fee_compute(&p, &in, &r, &err), PD_EINVAL);
    has(err.msg, "the mother's registration type is not in the register");
    pd_fee_basis_text("one child beyond policy; mother: rural base 1 x 2 = 2; father: not in the register, "
                      "not charged here; total 2 yuan", NULL, shown, sizeof shown);
    has(shown, "one child beyond policy; mother: rural base 1 x 2 = 2");
    pd_fee_basis_text("one child beyond policy; mother: rural base 1 x 2 = 2; father: not in the register, "
                      "not charged here; total 2 yuan", "zh", shown, sizeof shown);
    has(shown, "政策外多生育一个子女；母亲：农村基数1元×2倍=2元；父亲：不在本台账");
}

static void test_benefit_words_stored_english_shown_in_language(void **state)
{
    (void)state;
    struct pd_benefit_policy pol;
    memset(&pol, 0, sizeof pol);
    pol.configured = true;
    pol.times_per_year = 1;
    pol.min_months_here = 6;
    pol.apply_within_days = 90;
    pol.nperiods = 1;
    pol.periods[0].amount[0] = 300;
    pol.periods[0].from = (struct pd_date){ 2010, 1, 1 };
    struct pd_benefit_request q = { .prog = PD_BEN_MIGRANT, .date = { 2012, 9, 1 }, .income = -1, .cost = -1,
                                    .birth = { 2012, 3, 1 } };
    struct pd_benefit_facts f;
    memset(&f, 0, sizeof f);
    f.active = true;
    f.migrant = true;
    f.sex = '2';
    f.arrived = (struct pd_date){ 2011, 12, 1 };
    pd_strlcpy(f.mcert_number, "甬流婚2011-0456", sizeof f.mcert_number);
    f.earlier_children = 2;
    f.grants_this_year = 1;
    struct pd_benefit_result r;
    pd_i18n_set("zh");
    pd_benefit_assess(&pol, &q, &f, &r);
    assert_true(r.n >= 7);
    char stored[2000] = "", shown[3000];
    for (int i = 0; i < r.n; i++) {
        /* the result carries the English (the stored form) in any language */
        char one[400];
        pd_benefit_words_text(r.c[i].words, NULL, one, sizeof one);
        lacks_ascii_words(one);
        snprintf(stored + strlen(stored), sizeof stored - strlen(stored), "%s[%s] %s", i ? "; " : "",
                 pd_chk_words(r.c[i].state), r.c[i].words);
    }
    has(stored, "[NOT MET] arrived 2011-12-01, less than 6 months before the birth on 2012-03-01");
    has(stored, "[NOT MET] child number 3 without a certificate: not within policy");
    has(stored, "[NOT MET] applied 184 days after the birth, more than 90");
    pd_benefit_words_text(stored, NULL, shown, sizeof shown);
    has(shown, "[符合] 本地在册；[符合] 在流动人口台账中");
    has(shown, "[不符合] 2011-12-01来本地，早于分娩不足6个月（分娩日期2012-03-01）");
    has(shown, "[符合] 婚育证明甬流婚2011-0456");
    has(shown, "[不符合] 第3个孩子，没有审批证明：不属政策内");
    has(shown, "[不符合] 分娩后184天申请，超过90天");
    has(shown, "[不符合] 已领1次（2012年）：每年最多1次");
    has(shown, "[符合] 300元（2012年）");
    lacks_ascii_words(shown);
    /* not registered: the status word too */
    f.active = false;
    pd_strlcpy(f.status, "moved_out", sizeof f.status);
    pd_benefit_assess(&pol, &q, &f, &r);
    assert_string_equal(r.c[0].words, "not registered here (moved_out)");
    pd_benefit_words_text(r.c[0].words, NULL, shown, sizeof shown);
    assert_string_equal(shown, "不在本地在册（已迁出）");
    pd_i18n_set("en");
    pd_benefit_words_text(stored, NULL, shown, sizeof shown);
    assert_string_equal(shown, stored);
    pd_benefit_words_text(stored, "zh", shown, sizeof shown);
    has(shown, "[不符合] 分娩后184天申请，超过90天");
}

static void test_sign_in_refusals_both_languages(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("messages_signin");
    struct pd_error err;
    enum pd_role role;
    pd_i18n_set("zh");
    assert_int_equal(pd_user_add(db, "wangli", PD_ROLE_CLERK, "mima12345", 8, &err), PD_OK);
    assert_int_equal(pd_user_add(db, "zhaoyun", PD_ROLE_CLERK, "short", 8, &err), PD_EINVAL);
    has(err.msg, "密码至少要8个字符");
    assert_int_equal(pd_user_login(db, "wangli", "cuowu", 3, 10, &role, &err), PD_EDENIED);
    assert_string_equal(err.msg, "用户名或密码不对");
    assert_int_equal(pd_user_login(db, "nobody", "cuowu", 3, 10, &role, &err), PD_EDENIED);
    assert_string_equal(err.msg, "用户名或密码不对");
    assert_int_equal(pd_user_login(db, "wangli", "cuowu", 3, 10, &role, &err), PD_EDENIED);
    assert_string_equal(err.msg, "用户名或密码不对");
    /* the third wrong try locks, and says so at once */
    assert_int_equal(pd_user_login(db, "wangli", "cuowu", 3, 10, &role, &err), PD_EDENIED);
    assert_string_equal(err.msg, "用户名或密码不对；错误次数太多，账号“wangli”已锁定10分钟");
    assert_int_equal(pd_user_login(db, "wangli", "mima12345", 3, 10, &role, &err), PD_EDENIED);
    has(err.msg, "密码错误次数太多：账号“wangli”已锁定，请10分钟后再试");
    pd_i18n_set("en");
    assert_int_equal(pd_user_login(db, "wangli", "mima12345", 3, 10, &role, &err), PD_EDENIED);
    has(err.msg, "too many wrong passwords: account 'wangli' is locked for 10 more minute(s)");
    assert_int_equal(pd_user_login(db, "nobody", "x", 3, 10, &role, &err), PD_EDENIED);
    assert_string_equal(err.msg, "wrong user name or password");
    assert_int_equal(pd_user_set_disabled(db, "wangli", true, &err), PD_OK);
    assert_int_equal(pd_user_login(db, "wangli", "mima12345", 3, 10, &role, &err), PD_EDENIED);
    has(err.msg, "account 'wangli' is locked by an administrator");
    pd_i18n_set("zh");
    assert_int_equal(pd_user_login(db, "wangli", "mima12345", 3, 10, &role, &err), PD_EDENIED);
    has(err.msg, "账号“wangli”已被管理员停用");
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
        cmocka_unit_test_setup(test_approval_checks_both_languages, reset),
        cmocka_unit_test_setup(test_approval_stored_words_do_not_follow_language, reset),
        cmocka_unit_test_setup(test_birth_policy_both_languages, reset),
        cmocka_unit_test_setup(test_subsidy_reasons_both_languages, reset),
        cmocka_unit_test_setup(test_fee_basis_stored_english_shown_in_language, reset),
        cmocka_unit_test_setup(test_benefit_words_stored_english_shown_in_language, reset),
        cmocka_unit_test_setup(test_sign_in_refusals_both_languages, reset),
        cmocka_unit_test(test_command_line_language_from_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
