/* test_codes.c - the national code tables and the resolving of codes,
 * names and the words offices write (core/codes.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/codes.h"

static int setup_locale(void **state)
{
    (void)state;
    setlocale(LC_ALL, "");
    return 0;
}

/* Resolves `in` in `set`, expecting `code`; returns was_word. */
static bool resolves(enum pd_codeset set, const char *in, const char *code)
{
    char out[8] = "zz";
    bool was_word = false;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_code_resolve(set, in, out, sizeof out, &was_word, "列", &err);
    if (rc != PD_OK)
        fail_msg("%s '%s' refused: %s", pd_codeset_name(set), in, err.msg);
    if (strcmp(out, code) != 0)
        fail_msg("%s '%s' gave %s, expected %s", pd_codeset_name(set), in,
                 out, code);
    return was_word;
}

/* Expects a refusal naming the field, with the words given (NULL to skip). */
static void unknown(enum pd_codeset set, const char *in, const char *w1,
                    const char *w2)
{
    char out[8] = "zz";
    bool was_word = true;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_code_resolve(set, in, out, sizeof out, &was_word, "民族列", &err);
    if (rc == PD_OK)
        fail_msg("%s '%s' accepted as %s", pd_codeset_name(set), in, out);
    assert_int_equal(rc, PD_EINVAL);
    assert_string_equal(err.field, "民族列");
    assert_string_equal(out, "");
    assert_false(was_word);
    if (!strstr(err.msg, "民族列"))
        fail_msg("message does not name the field: %s", err.msg);
    if (w1 && !strstr(err.msg, w1))
        fail_msg("message for '%s' lacks \"%s\": %s", in, w1, err.msg);
    if (w2 && !strstr(err.msg, w2))
        fail_msg("message for '%s' lacks \"%s\": %s", in, w2, err.msg);
}

/* ---- the tables ---- */

static void test_set_names(void **state)
{
    (void)state;
    static const char *names[] = { "sex", "marital", "relation", "ethnicity",
                                    "education", "registration", "contraception" };
    static const char *titles[] = { "性别", "婚姻状况", "与户主关系", "民族",
                                    "文化程度", "户口性质", "避孕方法" };
    for (int s = 0; s < PD_CODES__COUNT; s++) {
        assert_string_equal(pd_codeset_name((enum pd_codeset)s), names[s]);
        assert_string_equal(pd_codeset_title((enum pd_codeset)s), titles[s]);
    }
    assert_string_equal(pd_codeset_name(PD_CODES__COUNT), "");
    assert_string_equal(pd_codeset_title((enum pd_codeset)-1), "");
}

static void test_counts(void **state)
{
    (void)state;
    static const int want[] = { 4, 8, 84, 58, 8, 3, 9 };
    for (int s = 0; s < PD_CODES__COUNT; s++) {
        int n = -1;
        assert_non_null(pd_codes((enum pd_codeset)s, &n));
        assert_int_equal(n, want[s]);
    }
    int n = 7;
    assert_null(pd_codes(PD_CODES__COUNT, &n));
    assert_int_equal(n, 0);
    assert_non_null(pd_codes(PD_CODES_SEX, NULL));
}

static void test_entries_complete_and_unique(void **state)
{
    (void)state;
    for (int s = 0; s < PD_CODES__COUNT; s++) {
        int n;
        const struct pd_code *c = pd_codes((enum pd_codeset)s, &n);
        for (int i = 0; i < n; i++) {
            assert_true(c[i].code[0] && c[i].name[0] && c[i].en[0]);
            assert_true(strlen(c[i].code) <= 3);     /* fits out[4] */
            for (const char *p = c[i].code; *p; p++)
                assert_true(*p >= '0' && *p <= '9');
            for (int j = 0; j < i; j++) {
                assert_string_not_equal(c[i].code, c[j].code);
                assert_string_not_equal(c[i].name, c[j].name);
                assert_int_not_equal(strcasecmp(c[i].en, c[j].en), 0);
            }
        }
    }
}

static void test_known_entries(void **state)
{
    (void)state;
    const struct pd_code *c = pd_code_find(PD_CODES_ETHNICITY, "01");
    assert_non_null(c);
    assert_string_equal(c->name, "汉族");
    assert_string_equal(c->en, "Han");
    c = pd_code_find(PD_CODES_ETHNICITY, "56");
    assert_string_equal(c->name, "基诺族");
    assert_string_equal(pd_code_name(PD_CODES_SEX, "2"), "女");
    assert_string_equal(pd_code_name(PD_CODES_MARITAL, "23"), "复婚");
    assert_string_equal(pd_code_name(PD_CODES_RELATION, "02"), "户主");
    assert_string_equal(pd_code_name(PD_CODES_RELATION, "99"), "非亲属");
    assert_string_equal(pd_code_name(PD_CODES_EDUCATION, "60"), "普通高级中学教育");
    assert_string_equal(pd_code_name(PD_CODES_REGISTRATION, "2"), "农业户口");
    assert_string_equal(pd_code_name(PD_CODES_CONTRACEPTION, "3"), "宫内节育器");
    assert_string_equal(pd_code_find(PD_CODES_CONTRACEPTION, "3")->en, "IUD");
    assert_string_equal(pd_code_find(PD_CODES_SEX, "1")->en, "male");
}

static void test_find_misses(void **state)
{
    (void)state;
    assert_null(pd_code_find(PD_CODES_ETHNICITY, "1"));     /* exact only */
    assert_null(pd_code_find(PD_CODES_ETHNICITY, "57"));
    assert_null(pd_code_find(PD_CODES_SEX, "3"));
    assert_null(pd_code_find(PD_CODES_SEX, NULL));
    assert_null(pd_code_find(PD_CODES__COUNT, "1"));
    assert_null(pd_code_name(PD_CODES_RELATION, "98"));
    assert_null(pd_code_name(PD_CODES_MARITAL, ""));
}

/* The compiled tables match data/codes (skipped when not run from the
 * source tree): catches a TSV changed without running gen-codes.py. */
static void test_tables_match_tsv(void **state)
{
    (void)state;
    static const char *stems[] = { "sex", "marital", "relation", "ethnicity",
                                   "education", "registration", "contraception" };
    char path[128], line[512];
    FILE *f = fopen("data/codes/sex.tsv", "r");
    if (!f)
        skip();
    fclose(f);
    for (int s = 0; s < PD_CODES__COUNT; s++) {
        int n, i = 0;
        const struct pd_code *c = pd_codes((enum pd_codeset)s, &n);
        snprintf(path, sizeof path, "data/codes/%s.tsv", stems[s]);
        f = fopen(path, "r");
        assert_non_null(f);
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] == '#' || line[0] == '\0')
                continue;
            char *tab = strchr(line, '\t');
            assert_non_null(tab);
            *tab = '\0';
            assert_true(i < n);
            assert_string_equal(c[i].code, line);
            assert_string_equal(c[i].name, tab + 1);
            i++;
        }
        fclose(f);
        assert_int_equal(i, n);
    }
}

/* ---- resolving: codes ---- */

static void test_resolve_every_code_and_name(void **state)
{
    (void)state;
    for (int s = 0; s < PD_CODES__COUNT; s++) {
        int n;
        const struct pd_code *c = pd_codes((enum pd_codeset)s, &n);
        for (int i = 0; i < n; i++) {
            char upper[96];
            assert_false(resolves((enum pd_codeset)s, c[i].code, c[i].code));
            assert_true(resolves((enum pd_codeset)s, c[i].name, c[i].code));
            size_t k;
            for (k = 0; c[i].en[k] && k + 1 < sizeof upper; k++)
                upper[k] = (char)(c[i].en[k] >= 'a' && c[i].en[k] <= 'z'
                                  ? c[i].en[k] - 'a' + 'A' : c[i].en[k]);
            upper[k] = '\0';
            assert_true(resolves((enum pd_codeset)s, upper, c[i].code));
        }
    }
}

static void test_resolve_leading_zero(void **state)
{
    (void)state;
    assert_true(resolves(PD_CODES_ETHNICITY, "1", "01"));
    assert_true(resolves(PD_CODES_ETHNICITY, "9", "09"));
    assert_true(resolves(PD_CODES_RELATION, "1", "01"));
    assert_true(resolves(PD_CODES_RELATION, "2", "02"));
    assert_true(resolves(PD_CODES_ETHNICITY, "１", "01"));
    /* Sets whose 2-digit codes never start with 0 get no zero added. */
    unknown(PD_CODES_MARITAL, "2", "'2'", "20 已婚");
    unknown(PD_CODES_RELATION, "3", "'3'", NULL);              /* no 03 */
    unknown(PD_CODES_ETHNICITY, "001", NULL, NULL);
}

static void test_resolve_trims_and_was_word(void **state)
{
    (void)state;
    assert_false(resolves(PD_CODES_ETHNICITY, "01", "01"));
    assert_false(resolves(PD_CODES_ETHNICITY, "  01\t", "01"));
    assert_true(resolves(PD_CODES_ETHNICITY, "０１", "01"));     /* full width */
    assert_true(resolves(PD_CODES_ETHNICITY, "\xE3\x80\x80汉族\xE3\x80\x80", "01"));
    assert_true(resolves(PD_CODES_SEX, " 男 ", "1"));
    assert_false(resolves(PD_CODES_REGISTRATION, "2", "2"));
}

/* ---- resolving: words ---- */

static void test_resolve_sex(void **state)
{
    (void)state;
    assert_true(resolves(PD_CODES_SEX, "男", "1"));
    assert_true(resolves(PD_CODES_SEX, "女", "2"));
    assert_true(resolves(PD_CODES_SEX, "男性", "1"));
    assert_true(resolves(PD_CODES_SEX, "女性", "2"));
    assert_true(resolves(PD_CODES_SEX, "M", "1"));
    assert_true(resolves(PD_CODES_SEX, "F", "2"));
    assert_true(resolves(PD_CODES_SEX, "m", "1"));
    assert_true(resolves(PD_CODES_SEX, "f", "2"));
    assert_true(resolves(PD_CODES_SEX, "Ｍ", "1"));
    assert_true(resolves(PD_CODES_SEX, "male", "1"));
    assert_true(resolves(PD_CODES_SEX, "Female", "2"));
    assert_true(resolves(PD_CODES_SEX, "未知", "0"));
    assert_true(resolves(PD_CODES_SEX, "未说明", "9"));
    assert_false(resolves(PD_CODES_SEX, "0", "0"));
    unknown(PD_CODES_SEX, "男女", "'男女'", "1 男, 2 女");
    unknown(PD_CODES_SEX, "3", "性别", NULL);
}

static void test_resolve_ethnicity(void **state)
{
    (void)state;
    assert_true(resolves(PD_CODES_ETHNICITY, "汉", "01"));
    assert_true(resolves(PD_CODES_ETHNICITY, "汉族", "01"));
    assert_true(resolves(PD_CODES_ETHNICITY, "回", "03"));
    assert_true(resolves(PD_CODES_ETHNICITY, "蒙古", "02"));
    assert_true(resolves(PD_CODES_ETHNICITY, "维吾尔", "05"));
    assert_true(resolves(PD_CODES_ETHNICITY, "高山", "23"));
    assert_true(resolves(PD_CODES_ETHNICITY, "高山族", "23"));
    assert_true(resolves(PD_CODES_ETHNICITY, "土", "30"));
    assert_true(resolves(PD_CODES_ETHNICITY, "土家", "15"));
    assert_true(resolves(PD_CODES_ETHNICITY, "土家族", "15"));
    assert_true(resolves(PD_CODES_ETHNICITY, "畲", "22"));
    assert_true(resolves(PD_CODES_ETHNICITY, "俄罗斯", "44"));
    assert_true(resolves(PD_CODES_ETHNICITY, "维族", "05"));
    assert_true(resolves(PD_CODES_ETHNICITY, "蒙族", "02"));
    assert_true(resolves(PD_CODES_ETHNICITY, "其它", "97"));
    assert_true(resolves(PD_CODES_ETHNICITY, "外国血统", "98"));
    assert_true(resolves(PD_CODES_ETHNICITY, "han", "01"));
    unknown(PD_CODES_ETHNICITY, "族", "'族'", "01 汉族");
    unknown(PD_CODES_ETHNICITY, "汉人", "民族列 (民族) '汉人' is not a code or name",
            "01 汉族, 03 回族, 11 满族");
    unknown(PD_CODES_ETHNICITY, "高", NULL, NULL);
    unknown(PD_CODES_ETHNICITY, "汉族族", NULL, NULL);
}

static void test_resolve_registration(void **state)
{
    (void)state;
    const char *agri[] = { "农业", "农业户口", "农村", "农村户口" };
    const char *nonagri[] = { "非农业", "非农", "城镇", "非农业户口", "非农户口",
                              "城镇户口" };
    for (size_t i = 0; i < sizeof agri / sizeof agri[0]; i++)
        assert_true(resolves(PD_CODES_REGISTRATION, agri[i], "2"));
    for (size_t i = 0; i < sizeof nonagri / sizeof nonagri[0]; i++)
        assert_true(resolves(PD_CODES_REGISTRATION, nonagri[i], "1"));
    assert_true(resolves(PD_CODES_REGISTRATION, "其他", "9"));
    assert_true(resolves(PD_CODES_REGISTRATION, "其它", "9"));
    unknown(PD_CODES_REGISTRATION, "居民户口", "1 非农业户口, 2 农业户口", "户口性质");
}

static void test_resolve_relation(void **state)
{
    (void)state;
    static const struct { const char *w, *code; } rel[] = {
        { "户主", "02" }, { "本人", "01" }, { "妻", "12" }, { "妻子", "12" },
        { "夫", "11" }, { "丈夫", "11" }, { "配偶", "10" }, { "长子", "22" },
        { "次子", "23" }, { "二子", "23" }, { "长女", "32" }, { "次女", "33" },
        { "二女", "33" }, { "儿子", "20" }, { "子", "20" }, { "女儿", "30" },
        { "女", "30" }, { "父亲", "51" }, { "母亲", "52" }, { "孙子", "41" },
        { "孙女", "42" }, { "儿媳", "38" }, { "儿媳妇", "38" }, { "女婿", "28" },
        { "独生子", "21" }, { "独子", "21" }, { "独生女", "31" }, { "独女", "31" },
        { "大儿子", "22" }, { "二儿子", "23" }, { "三儿子", "24" },
        { "大女儿", "32" }, { "二女儿", "33" }, { "三女儿", "34" },
        { "养子", "27" }, { "继子", "27" }, { "养女", "37" }, { "继女", "37" },
        { "外孙", "43" }, { "外孙子", "43" }, { "外孙女", "44" },
        { "孙媳", "45" }, { "孙媳妇", "45" }, { "外孙媳妇", "45" },
        { "孙女婿", "46" }, { "外孙女婿", "46" }, { "曾孙", "47" },
        { "曾孙女", "48" }, { "父", "51" }, { "爸爸", "51" }, { "母", "52" },
        { "妈妈", "52" }, { "公公", "53" }, { "婆婆", "54" }, { "岳父", "55" },
        { "岳母", "56" }, { "继父", "57" }, { "养父", "57" }, { "继母", "58" },
        { "养母", "58" }, { "爷爷", "61" }, { "祖父", "61" }, { "奶奶", "62" },
        { "外公", "63" }, { "外婆", "64" }, { "哥哥", "71" }, { "兄", "71" },
        { "嫂子", "72" }, { "弟弟", "73" }, { "弟媳妇", "74" }, { "姐", "75" },
        { "姐姐", "75" }, { "妹", "77" }, { "妹妹", "77" }, { "伯伯", "81" },
        { "叔叔", "83" }, { "婶婶", "84" }, { "舅舅", "85" }, { "舅妈", "86" },
        { "姨妈", "88" }, { "姑姑", "90" }, { "姑妈", "90" }, { "侄儿", "93" },
        { "侄子", "93" }, { "其他", "80" }, { "其它", "80" }, { "非亲属", "99" },
        { "wife", "12" }, { "Household Head", "02" },
    };
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++)
        assert_true(resolves(PD_CODES_RELATION, rel[i].w, rel[i].code));
    /* 媳妇 is a wife in some places and a daughter-in-law in others. */
    unknown(PD_CODES_RELATION, "媳妇", "'媳妇'", "02 户主, 12 妻, 22 长子");
    unknown(PD_CODES_RELATION, "老公", "与户主关系", NULL);
}

static void test_resolve_marital(void **state)
{
    (void)state;
    assert_true(resolves(PD_CODES_MARITAL, "未婚", "10"));
    assert_true(resolves(PD_CODES_MARITAL, "已婚", "20"));
    assert_true(resolves(PD_CODES_MARITAL, "初婚", "21"));
    assert_true(resolves(PD_CODES_MARITAL, "再婚", "22"));
    assert_true(resolves(PD_CODES_MARITAL, "复婚", "23"));
    assert_true(resolves(PD_CODES_MARITAL, "丧偶", "30"));
    assert_true(resolves(PD_CODES_MARITAL, "离婚", "40"));
    assert_true(resolves(PD_CODES_MARITAL, "离异", "40"));
    assert_true(resolves(PD_CODES_MARITAL, "有配偶", "20"));
    assert_true(resolves(PD_CODES_MARITAL, "未说明", "90"));
    assert_true(resolves(PD_CODES_MARITAL, "Widowed", "30"));
    unknown(PD_CODES_MARITAL, "单身", "'单身'", "10 未婚, 20 已婚, 40 离婚");
}

static void test_resolve_education(void **state)
{
    (void)state;
    static const struct { const char *w, *code; } edu[] = {
        { "研究生", "10" }, { "博士", "10" }, { "硕士", "10" }, { "本科", "20" },
        { "大学本科", "20" }, { "大专", "30" }, { "专科", "30" },
        { "大学专科", "30" }, { "中专", "40" }, { "中职", "40" }, { "职高", "40" },
        { "技校", "40" }, { "高中", "60" }, { "初中", "70" }, { "小学", "80" },
        { "文盲", "90" }, { "半文盲", "90" }, { "其它", "90" },
        { "初级中学教育", "70" },
    };
    for (size_t i = 0; i < sizeof edu / sizeof edu[0]; i++)
        assert_true(resolves(PD_CODES_EDUCATION, edu[i].w, edu[i].code));
    unknown(PD_CODES_EDUCATION, "大学", "'大学'", "文化程度");   /* 本科 or 专科? */
}

static void test_resolve_contraception(void **state)
{
    (void)state;
    static const struct { const char *w, *code; } con[] = {
        { "男性绝育", "1" }, { "男扎", "1" }, { "男性结扎", "1" },
        { "输精管结扎", "1" }, { "女性绝育", "2" }, { "女扎", "2" },
        { "女性结扎", "2" }, { "输卵管结扎", "2" }, { "宫内节育器", "3" },
        { "上环", "3" }, { "放环", "3" }, { "节育环", "3" }, { "环", "3" },
        { "iud", "3" }, { "皮下埋植", "4" }, { "皮埋", "4" }, { "埋植", "4" },
        { "口服及注射避孕药", "5" }, { "口服药", "5" }, { "口服避孕药", "5" },
        { "避孕针", "5" }, { "注射避孕针", "5" }, { "避孕套", "6" },
        { "安全套", "6" }, { "外用避孕药", "7" }, { "外用药", "7" },
        { "其他", "8" }, { "其它", "8" }, { "未避孕", "9" }, { "无", "9" },
        { "未采取措施", "9" }, { "Condom", "6" },
    };
    for (size_t i = 0; i < sizeof con / sizeof con[0]; i++)
        assert_true(resolves(PD_CODES_CONTRACEPTION, con[i].w, con[i].code));
    unknown(PD_CODES_CONTRACEPTION, "安全期", "'安全期'", "3 宫内节育器, 6 避孕套, 9 未避孕");
}

/* ---- refusals ---- */

static void test_resolve_empty(void **state)
{
    (void)state;
    unknown(PD_CODES_ETHNICITY, "", "is empty", "01 汉族");
    unknown(PD_CODES_ETHNICITY, "  \xE3\x80\x80", "is empty", NULL);
    unknown(PD_CODES_ETHNICITY, NULL, "is empty", NULL);
}

static void test_resolve_quotes_safely(void **state)
{
    (void)state;
    unknown(PD_CODES_SEX, "男\x01", "'男?'", NULL);
    unknown(PD_CODES_SEX, "\xFF", "'?'", NULL);
    char big[300];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    unknown(PD_CODES_SEX, big, "too long", "...");
}

static void test_resolve_field_default(void **state)
{
    (void)state;
    char out[4];
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_code_resolve(PD_CODES_ETHNICITY, "汉人", out, sizeof out,
                                     NULL, NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "ethnicity");
    assert_non_null(strstr(err.msg, "民族 '汉人' is not a code or name"));
    /* No error struct, no was_word: still works. */
    assert_int_equal(pd_code_resolve(PD_CODES_ETHNICITY, "汉", out, sizeof out,
                                     NULL, NULL, NULL), PD_OK);
    assert_string_equal(out, "01");
}

static void test_resolve_bad_arguments(void **state)
{
    (void)state;
    char out[2];
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_code_resolve(PD_CODES_ETHNICITY, "汉", out, sizeof out,
                                     NULL, "民族", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "no room"));
    assert_int_equal(pd_code_resolve(PD_CODES_SEX, "男", out, sizeof out, NULL,
                                     "性别", &err), PD_OK);
    assert_string_equal(out, "1");
    assert_int_equal(pd_code_resolve(PD_CODES_SEX, "男", NULL, 0, NULL, "性别",
                                     &err), PD_EINVAL);
    assert_int_equal(pd_code_resolve(PD_CODES__COUNT, "1", out, sizeof out,
                                     NULL, "x", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown code table"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_names),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_entries_complete_and_unique),
        cmocka_unit_test(test_known_entries),
        cmocka_unit_test(test_find_misses),
        cmocka_unit_test(test_tables_match_tsv),
        cmocka_unit_test(test_resolve_every_code_and_name),
        cmocka_unit_test(test_resolve_leading_zero),
        cmocka_unit_test(test_resolve_trims_and_was_word),
        cmocka_unit_test(test_resolve_sex),
        cmocka_unit_test(test_resolve_ethnicity),
        cmocka_unit_test(test_resolve_registration),
        cmocka_unit_test(test_resolve_relation),
        cmocka_unit_test(test_resolve_marital),
        cmocka_unit_test(test_resolve_education),
        cmocka_unit_test(test_resolve_contraception),
        cmocka_unit_test(test_resolve_empty),
        cmocka_unit_test(test_resolve_quotes_safely),
        cmocka_unit_test(test_resolve_field_default),
        cmocka_unit_test(test_resolve_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup_locale, NULL);
}
