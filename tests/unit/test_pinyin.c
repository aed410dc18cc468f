/* test_pinyin.c - pinyin initials of Han characters and of names, surname
 * readings, UTF-8 handling and truncation (core/pinyin.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/pinyin.h"

/* pd_pinyin_initials(name) with a roomy buffer must give want. */
static void initials_are(const char *name, const char *want)
{
    char out[64];

    memset(out, 'X', sizeof out);
    size_t n = pd_pinyin_initials(name, out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("'%s' -> '%s', want '%s'", name, out, want);
    assert_int_equal(n, strlen(want));
}

/* With buffer size `size`, the output is want and nothing past it is touched. */
static void truncates_to(const char *name, size_t size, const char *want)
{
    char buf[16];

    assert_true(size < sizeof buf);
    memset(buf, 'X', sizeof buf);
    size_t n = pd_pinyin_initials(name, buf, size);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
    for (size_t i = size; i < sizeof buf; i++)
        assert_int_equal(buf[i], 'X');
}

static void test_single_characters(void **state)
{
    (void)state;
    assert_int_equal(pd_pinyin_initial(0x5F20), 'z');  /* 张 zhāng */
    assert_int_equal(pd_pinyin_initial(0x674E), 'l');  /* 李 lǐ */
    assert_int_equal(pd_pinyin_initial(0x5415), 'l');  /* 吕 lǚ */
    assert_int_equal(pd_pinyin_initial(0x7EFF), 'l');  /* 绿 lǜ */
    assert_int_equal(pd_pinyin_initial(0x7231), 'a');  /* 爱 ài */
    assert_int_equal(pd_pinyin_initial(0x6B27), 'o');  /* 欧 ōu */
    assert_int_equal(pd_pinyin_initial(0x4E00), 'y');  /* 一, first of URO */
    assert_int_equal(pd_pinyin_initial(0x5355), 'd');  /* 单 dān */
    assert_int_equal(pd_pinyin_initial(0x533A), 'q');  /* 区 qū */
}

static void test_no_reading(void **state)
{
    (void)state;
    assert_int_equal(pd_pinyin_initial('a'), 0);
    assert_int_equal(pd_pinyin_initial('Z'), 0);
    assert_int_equal(pd_pinyin_initial('5'), 0);
    assert_int_equal(pd_pinyin_initial(0), 0);
    assert_int_equal(pd_pinyin_initial(0x00E9), 0);    /* é */
    assert_int_equal(pd_pinyin_initial(0x3002), 0);    /* 。 */
    assert_int_equal(pd_pinyin_initial(0x3400 - 1), 0);
    assert_int_equal(pd_pinyin_initial(0x3402), 0);    /* 㐂, no reading */
    assert_int_equal(pd_pinyin_initial(0xAC00), 0);    /* 가 Hangul */
    assert_int_equal(pd_pinyin_initial(0xD800), 0);
    assert_int_equal(pd_pinyin_initial(0x10FFFF), 0);
    assert_int_equal(pd_pinyin_initial(0x110000), 0);
    assert_int_equal(pd_pinyin_initial(UINT32_MAX), 0);
    assert_int_equal(pd_pinyin_surname_initial('a'), 0);
    assert_int_equal(pd_pinyin_surname_initial(UINT32_MAX), 0);
}

static void test_rare_characters(void **state)
{
    (void)state;
    assert_int_equal(pd_pinyin_initial(0x4DAE), 'y');  /* 䶮 yǎn, Ext A */
    assert_int_equal(pd_pinyin_initial(0x3447), 'z');  /* 㑇 zhòu, Ext A */
    assert_int_equal(pd_pinyin_initial(0x20000), 'h'); /* 𠀀 hē, Ext B */
    assert_int_equal(pd_pinyin_initial(0x2A79D), 'd'); /* Ext C, sparse */
    assert_int_equal(pd_pinyin_initial(0x30EDD), 'b'); /* 𰻝 biáng, Ext G */
    assert_int_equal(pd_pinyin_initial(0xF900), 'q');  /* 豈 compat -> 豈 qǐ */
    initials_are("刘䶮", "ly");
    initials_are("𠀀𰻝", "hb");
}

static void test_surname_readings(void **state)
{
    (void)state;
    assert_int_equal(pd_pinyin_surname_initial(0x5355), 's');  /* 单 Shàn */
    assert_int_equal(pd_pinyin_surname_initial(0x66FE), 'z');  /* 曾 Zēng */
    assert_int_equal(pd_pinyin_surname_initial(0x89E3), 'x');  /* 解 Xiè */
    assert_int_equal(pd_pinyin_surname_initial(0x4EC7), 'q');  /* 仇 Qiú */
    assert_int_equal(pd_pinyin_surname_initial(0x533A), 'o');  /* 区 Ōu */
    assert_int_equal(pd_pinyin_surname_initial(0x67E5), 'z');  /* 查 Zhā */
    assert_int_equal(pd_pinyin_surname_initial(0x79D8), 'b');  /* 秘 Bì */
    assert_int_equal(pd_pinyin_surname_initial(0x8983), 'q');  /* 覃 Qín */
    assert_int_equal(pd_pinyin_surname_initial(0x957F), 'c');  /* 长 Cháng */
    assert_int_equal(pd_pinyin_surname_initial(0x961A), 'k');  /* 阚 Kàn */
    assert_int_equal(pd_pinyin_surname_initial(0x4E50), 'y');  /* 乐 Yuè */
    /* no surname reading of its own: the ordinary one */
    assert_int_equal(pd_pinyin_surname_initial(0x5F20), 'z');  /* 张 */
    assert_int_equal(pd_pinyin_surname_initial(0x5415), 'l');  /* 吕 */
    assert_int_equal(pd_pinyin_surname_initial(0x5C09), 'w');  /* 尉 Wèi */
}

static void test_names(void **state)
{
    (void)state;
    initials_are("张三", "zs");
    initials_are("张顺", "zs");
    initials_are("李四", "ls");
    initials_are("张三丰", "zsf");
    initials_are("吕", "l");
    initials_are("欧阳修", "oyx");
    initials_are("曾国藩", "zgf");
    initials_are("解缙", "xj");
    initials_are("仇英", "qy");
    initials_are("单雄信", "sxx");
    initials_are("区", "o");
    initials_are("区国强", "ogq");
    initials_are("查良镛", "zly");
    initials_are("朴槿惠", "pjh");
}

/* Surname readings are for the first character only. */
static void test_surname_only_first(void **state)
{
    (void)state;
    initials_are("王单", "wd");
    initials_are("单单", "sd");
    initials_are("李区", "lq");
    initials_are("张曾", "zc");
    initials_are("Tom单", "tomd");
    /* leading spaces do not move the surname */
    initials_are("  单雄信", "sxx");
    initials_are("\xe3\x80\x80单雄信", "sxx");           /* U+3000 */
}

static void test_compound_surnames(void **state)
{
    (void)state;
    initials_are("尉迟恭", "ycg");
    initials_are("尉缭", "wl");
    initials_are("万俟卨", "mqx");
    initials_are("万里", "wl");
    initials_are("长孙无忌", "zswj");
    initials_are("长江", "cj");
    initials_are("澹台灭明", "ttmm");
    initials_are("王尉迟", "wwc");      /* not at the start: ordinary */
    initials_are("单于飞", "syf");      /* 单 Shàn + 于, not Chányú */
}

static void test_ascii_and_mixed(void **state)
{
    (void)state;
    initials_are("Tom张", "tomz");
    initials_are("ABC", "abc");
    initials_are("张3号", "z3h");
    initials_are("Li Ming", "liming");
    initials_are("张-三·丰", "zsf");
    initials_are("José", "jos");
    initials_are("阿依古丽·买买提", "aygl" "mmt");
    initials_are("", "");
    initials_are("  ", "");
    initials_are("!?", "");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    initials_are("\xff\xfe", "");
    initials_are("\xff" "张三", "zs");
    initials_are("张\x80\x80三", "zs");
    initials_are("\xc0\xae" "a", "a");                 /* overlong '.' */
    initials_are("\xe0\x80\xaf" "b", "b");             /* overlong '/' */
    initials_are("\xed\xa0\x80" "c", "c");             /* surrogate */
    initials_are("\xf4\x90\x80\x80" "d", "d");         /* > U+10FFFF */
    initials_are("\xf8\x88\x80\x80\x80" "e", "e");     /* 5-byte form */
    initials_are("\xe5\xbc" "A", "a");                 /* truncated 张 */
    initials_are("\xe5\xbc", "");                      /* truncated at end */
    initials_are("\xf0\xa0\x80", "");
    /* an invalid byte before the first character leaves the surname alone */
    initials_are("\xff单雄信", "sxx");
    /* a broken second character does not form a compound */
    initials_are("尉\xe8\xbf" "恭", "wg");
}

static void test_truncation(void **state)
{
    (void)state;
    truncates_to("张三丰", 1, "");
    truncates_to("张三丰", 2, "z");
    truncates_to("张三丰", 3, "zs");
    truncates_to("张三丰", 4, "zsf");
    truncates_to("张三丰", 5, "zsf");
    truncates_to("Tom张", 3, "to");
    truncates_to("尉迟恭", 2, "y");
    truncates_to("尉迟恭", 3, "yc");
    truncates_to("", 1, "");

    char buf[4] = "XXX";
    assert_int_equal(pd_pinyin_initials("张三", buf, 0), 0);
    assert_int_equal(buf[0], 'X');
    assert_int_equal(pd_pinyin_initials("张三", NULL, 8), 0);
    assert_int_equal(pd_pinyin_initials(NULL, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

static void test_long_name(void **state)
{
    (void)state;
    char name[3 * 200 + 1];
    char out[300];

    for (int i = 0; i < 200; i++)
        memcpy(name + 3 * i, "张", 3);
    name[3 * 200] = '\0';
    assert_int_equal(pd_pinyin_initials(name, out, sizeof out), 200);
    assert_int_equal(strspn(out, "z"), 200);
    assert_int_equal(pd_pinyin_initials(name, out, 50), 49);
    assert_int_equal(strlen(out), 49);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_characters),
        cmocka_unit_test(test_no_reading),
        cmocka_unit_test(test_rare_characters),
        cmocka_unit_test(test_surname_readings),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_surname_only_first),
        cmocka_unit_test(test_compound_surnames),
        cmocka_unit_test(test_ascii_and_mixed),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_long_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
