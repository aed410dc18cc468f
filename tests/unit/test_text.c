/* test_text.c - UTF-8 decoding, display widths, cutting, padding and
 * normalising (core/text.h).  Runs under a UTF-8 locale (LC_ALL=C.UTF-8). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static int setup_locale(void **state)
{
    (void)state;
    const char *loc = setlocale(LC_ALL, "");
    if (!loc || (!strstr(loc, "UTF-8") && !strstr(loc, "utf8")))
        setlocale(LC_ALL, "C.UTF-8");
    return 0;
}

/* ---- decode / encode / valid ---- */

static void test_decode_each_length(void **state)
{
    (void)state;
    uint32_t cp;

    assert_int_equal(pd_utf8_decode("a", 1, &cp), 1);
    assert_int_equal(cp, 'a');
    assert_int_equal(pd_utf8_decode("é", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(pd_utf8_decode("张", 3, &cp), 3);
    assert_int_equal(cp, 0x5F20);
    assert_int_equal(pd_utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);  /* U+20000 𠀀 */
    assert_int_equal(cp, 0x20000);
    assert_int_equal(pd_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
}

static void test_decode_len_zero(void **state)
{
    (void)state;
    uint32_t cp = 123;
    assert_int_equal(pd_utf8_decode("abc", 0, &cp), 0);
}

static void test_decode_invalid(void **state)
{
    (void)state;
    static const struct { const char *s; size_t len; } bad[] = {
        { "\x80", 1 },                 /* lone continuation byte */
        { "\xBF" "abc", 4 },
        { "\xC0\xAF", 2 },             /* overlong '/' */
        { "\xC1\xBF", 2 },
        { "\xE0\x80\xAF", 3 },         /* overlong 3-byte */
        { "\xF0\x80\x80\xAF", 4 },     /* overlong 4-byte */
        { "\xED\xA0\x80", 3 },         /* UTF-16 surrogate D800 */
        { "\xF4\x90\x80\x80", 4 },     /* above U+10FFFF */
        { "\xF5\x80\x80\x80", 4 },
        { "\xFF", 1 },
        { "\xE5\xBC", 2 },             /* 张 cut short */
        { "\xE5\xBC\xA0", 2 },         /* len says the sequence is cut */
        { "\xE5" "a" "\xA0", 3 },      /* ASCII inside a sequence */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp = 0;
        assert_int_equal(pd_utf8_decode(bad[i].s, bad[i].len, &cp), 1);
        assert_int_equal(cp, 0xFFFD);
    }
}

static void test_encode_round_trip(void **state)
{
    (void)state;
    static const uint32_t cps[] = { 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x5F20,
                                    0xFFFD, 0xFFFF, 0x10000, 0x20000,
                                    0x10FFFF };
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        uint32_t back;
        size_t n = pd_utf8_encode(cps[i], buf);
        assert_true(n >= 1 && n <= 4);
        assert_int_equal(pd_utf8_decode(buf, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    char buf[4];
    assert_int_equal(pd_utf8_encode(0x4E09, buf), 3);
    assert_memory_equal(buf, "三", 3);
}

static void test_encode_refuses_non_characters(void **state)
{
    (void)state;
    char buf[4];
    assert_int_equal(pd_utf8_encode(0xD800, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);     /* U+FFFD */
    assert_int_equal(pd_utf8_encode(0x110000, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
}

static void test_valid(void **state)
{
    (void)state;
    const char *ok = "宁波市江北区 abc 😀";
    assert_true(pd_utf8_valid(ok, strlen(ok)));
    assert_true(pd_utf8_valid("", 0));
    assert_true(pd_utf8_valid(NULL, 0));
    assert_false(pd_utf8_valid("张\xFF三", 7));
    assert_false(pd_utf8_valid("张", 2));            /* cut in the middle */
    assert_false(pd_utf8_valid("\xC0\x80", 2));
}

/* ---- widths ---- */

static void test_cp_width(void **state)
{
    (void)state;
    assert_int_equal(pd_cp_width('a'), 1);
    assert_int_equal(pd_cp_width(0x5F20), 2);        /* 张 */
    assert_int_equal(pd_cp_width(0x3000), 2);        /* ideographic space */
    assert_int_equal(pd_cp_width(0xFF21), 2);        /* Ａ */
    assert_int_equal(pd_cp_width(0x0301), 0);        /* combining acute */
    assert_int_equal(pd_cp_width(0x07), 1);          /* control: shown '?' */
    assert_int_equal(pd_cp_width(0x9B), 1);          /* C1 control */
}

static void test_text_width(void **state)
{
    (void)state;
    assert_int_equal(pd_text_width("张三"), 4);
    assert_int_equal(pd_text_width("张a三"), 5);
    assert_int_equal(pd_text_width("宁波市江北区"), 12);
    assert_int_equal(pd_text_width("330205"), 6);
    assert_int_equal(pd_text_width(""), 0);
    assert_int_equal(pd_text_width(NULL), 0);
    assert_int_equal(pd_text_width("e\xCC\x81"), 1);          /* é decomposed */
    assert_int_equal(pd_text_width("a\xFF" "b"), 3);         /* invalid byte: 1 */
    assert_int_equal(pd_text_width("\xE5\xBC"), 2);          /* cut 张: 2 bad bytes */
    assert_int_equal(pd_text_width("a\tb"), 3);              /* tab shown as '?' */
    assert_int_equal(pd_text_width("李\xFF"), 3);
}

static void test_fit(void **state)
{
    (void)state;
    const char *s = "张三丰";
    assert_int_equal(pd_text_fit(s, 6), 9);
    assert_int_equal(pd_text_fit(s, 100), 9);
    assert_int_equal(pd_text_fit(s, 5), 6);          /* never half of 丰 */
    assert_int_equal(pd_text_fit(s, 4), 6);
    assert_int_equal(pd_text_fit(s, 3), 3);
    assert_int_equal(pd_text_fit(s, 1), 0);
    assert_int_equal(pd_text_fit(s, 0), 0);
    assert_int_equal(pd_text_fit(s, -3), 0);
    assert_int_equal(pd_text_fit("张a三", 3), 4);
    assert_int_equal(pd_text_fit(NULL, 5), 0);
    /* A combining mark stays with the letter before it. */
    assert_int_equal(pd_text_fit("e\xCC\x81x", 1), 3);
    assert_int_equal(pd_text_fit("a\xFF" "b", 2), 2);
}

/* Without a UTF-8 locale wcwidth knows nothing beyond ASCII; the built-in
 * table keeps CJK at 2 columns so screens and printouts still line up. */
static void test_width_without_utf8_locale(void **state)
{
    (void)state;
    char *saved = strdup(setlocale(LC_CTYPE, NULL));
    assert_non_null(setlocale(LC_CTYPE, "C"));
    assert_int_equal(pd_text_width("张三"), 4);
    assert_int_equal(pd_text_width("张a三"), 5);
    assert_int_equal(pd_cp_width(0x0301), 0);
    assert_int_equal(pd_cp_width(0xE9), 1);
    assert_int_equal(pd_cp_width(0x07), 1);
    assert_int_equal(pd_cp_width(0x9B), 1);
    char buf[32];
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三丰", 5, false), 5);
    assert_string_equal(buf, "张三 ");
    setlocale(LC_CTYPE, saved);
    free(saved);
    assert_int_equal(pd_text_width("张三"), 4);
}

/* ---- pad ---- */

static void test_pad_cut_wide(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三丰", 5, false), 5);
    assert_string_equal(buf, "张三 ");
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三丰", 6, false), 6);
    assert_string_equal(buf, "张三丰");
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三丰", 1, false), 1);
    assert_string_equal(buf, " ");
}

static void test_pad_short_and_exact(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(pd_text_pad(buf, sizeof buf, "李四", 8, true), 8);
    assert_string_equal(buf, "李四    ");
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三", 4, true), 4);
    assert_string_equal(buf, "张三");            /* fits: no '~' */
    assert_int_equal(pd_text_pad(buf, sizeof buf, "", 3, true), 3);
    assert_string_equal(buf, "   ");
    assert_int_equal(pd_text_pad(buf, sizeof buf, NULL, 2, false), 2);
    assert_string_equal(buf, "  ");
}

static void test_pad_ellipsis(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三丰", 5, true), 5);
    assert_string_equal(buf, "张三~");
    /* Only 张 fits in 3 columns; the '~' stays in the last column. */
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三丰", 4, true), 4);
    assert_string_equal(buf, "张 ~");
    assert_int_equal(pd_text_pad(buf, sizeof buf, "abcdef", 4, true), 4);
    assert_string_equal(buf, "abc~");
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三丰", 1, true), 1);
    assert_string_equal(buf, "~");
}

static void test_pad_every_width_is_whole(void **state)
{
    (void)state;
    const char *names[] = { "张三丰", "欧阳娜娜a", "a张b三c", "宁波市江北区甬江街道" };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        for (int cols = 0; cols <= 24; cols++)
            for (int e = 0; e < 2; e++) {
                char buf[128];
                int got = pd_text_pad(buf, sizeof buf, names[k], cols, e);
                assert_int_equal(got, cols);
                assert_int_equal(pd_text_width(buf), cols);
                assert_true(pd_utf8_valid(buf, strlen(buf)));
            }
}

static void test_pad_replaces_unprintable(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(pd_text_pad(buf, sizeof buf, "王\xFF五", 6, false), 6);
    assert_string_equal(buf, "王?五 ");
    assert_int_equal(pd_text_pad(buf, sizeof buf, "a\x1b[31mb", 4, false), 4);
    assert_string_equal(buf, "a?[3");
    assert_true(pd_utf8_valid(buf, strlen(buf)));
}

static void test_pad_small_buffer(void **state)
{
    (void)state;
    char buf[4];
    /* Room for 张 (3 bytes) and the NUL only: never half of 三. */
    assert_int_equal(pd_text_pad(buf, sizeof buf, "张三", 4, false), 2);
    assert_string_equal(buf, "张");
    char one[1] = { 'x' };
    assert_int_equal(pd_text_pad(one, sizeof one, "张三", 4, false), 0);
    assert_int_equal(one[0], '\0');
    assert_int_equal(pd_text_pad(buf, 0, "张三", 4, false), 0);
    assert_int_equal(pd_text_pad(NULL, 10, "张三", 4, false), 0);
    char b2[8];
    assert_int_equal(pd_text_pad(b2, sizeof b2, "张三", 0, false), 0);
    assert_string_equal(b2, "");
    assert_int_equal(pd_text_pad(b2, sizeof b2, "张三", -2, false), 0);
    assert_string_equal(b2, "");
}

static void test_pad_right(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(pd_text_pad_right(buf, sizeof buf, "960", 6), 6);
    assert_string_equal(buf, "   960");
    assert_int_equal(pd_text_pad_right(buf, sizeof buf, "张三丰", 5), 5);
    assert_string_equal(buf, " 张三");
    assert_int_equal(pd_text_pad_right(buf, sizeof buf, "12345", 3), 3);
    assert_string_equal(buf, "123");
    assert_int_equal(pd_text_pad_right(buf, sizeof buf, "人", 2), 2);
    assert_string_equal(buf, "人");
    assert_int_equal(pd_text_pad_right(buf, sizeof buf, NULL, 2), 2);
    assert_string_equal(buf, "  ");
    assert_int_equal(pd_text_pad_right(buf, sizeof buf, "1", 0), 0);
    assert_string_equal(buf, "");
    assert_int_equal(pd_text_pad_right(buf, sizeof buf, "\x01" "5", 3), 3);
    assert_string_equal(buf, " ?5");
}

/* ---- normalise ---- */

static void test_normalise_full_width(void **state)
{
    (void)state;
    char a[] = "３３０２０５";
    assert_true(pd_text_normalise(a));
    assert_string_equal(a, "330205");
    char b[] = "ＡＢＣ";
    assert_true(pd_text_normalise(b));
    assert_string_equal(b, "ABC");
    char c[] = "１９８５／０６／１５";
    assert_true(pd_text_normalise(c));
    assert_string_equal(c, "1985/06/15");
    char d[] = "１１０１０５１９４９１２３１００２Ｘ";
    assert_true(pd_text_normalise(d));
    assert_string_equal(d, "11010519491231002X");
    char e[] = "！～";                          /* both ends of the range */
    assert_true(pd_text_normalise(e));
    assert_string_equal(e, "!~");
}

static void test_normalise_spaces_and_trim(void **state)
{
    (void)state;
    char a[] = "\xE3\x80\x80张三\xE3\x80\x80";   /* U+3000 both sides */
    assert_true(pd_text_normalise(a));
    assert_string_equal(a, "张三");
    char b[] = "  \t宁波市 江北区\r\n";
    assert_true(pd_text_normalise(b));
    assert_string_equal(b, "宁波市 江北区");
    char c[] = "张\xE3\x80\x80三";               /* inside: becomes a space */
    assert_true(pd_text_normalise(c));
    assert_string_equal(c, "张 三");
    char d[] = "\xC2\xA0李四\xC2\xA0";           /* NBSP */
    assert_true(pd_text_normalise(d));
    assert_string_equal(d, "李四");
    char e[] = " \xE3\x80\x80\t ";
    assert_true(pd_text_normalise(e));
    assert_string_equal(e, "");
}

static void test_normalise_unchanged(void **state)
{
    (void)state;
    char a[] = "张三 abc";
    assert_false(pd_text_normalise(a));
    assert_string_equal(a, "张三 abc");
    char b[] = "";
    assert_false(pd_text_normalise(b));
    char c[] = "a\xFF" "b";                     /* invalid bytes kept as they are */
    assert_false(pd_text_normalise(c));
    assert_string_equal(c, "a\xFF" "b");
    char d[] = "\xEF\xBD";                       /* cut full-width: left alone */
    assert_false(pd_text_normalise(d));
    assert_string_equal(d, "\xEF\xBD");
    assert_false(pd_text_normalise(NULL));
}

static void test_strip_spaces(void **state)
{
    (void)state;
    char a[] = "330205 1985\t0615 0012";
    assert_true(pd_text_strip_spaces(a));
    assert_string_equal(a, "33020519850615" "0012");
    char b[] = "张三";
    assert_false(pd_text_strip_spaces(b));
    assert_string_equal(b, "张三");
    assert_false(pd_text_strip_spaces(NULL));
}

static void test_quote(void **state)
{
    (void)state;
    char q[10];
    assert_int_equal(pd_text_quote(q, sizeof q, "abc"), 3);
    assert_string_equal(q, "abc");
    pd_text_quote(q, sizeof q, "a\nb\x01");
    assert_string_equal(q, "a?b?");
    pd_text_quote(q, sizeof q, "张\xFF");
    assert_string_equal(q, "张?");
    pd_text_quote(q, sizeof q, "张三丰李四");
    assert_string_equal(q, "张三...");
    assert_true(pd_utf8_valid(q, strlen(q)));
    pd_text_quote(q, sizeof q, "123456789");   /* exactly fits */
    assert_string_equal(q, "123456789");
    pd_text_quote(q, sizeof q, "1234567890");
    assert_string_equal(q, "123456...");
    pd_text_quote(q, sizeof q, NULL);
    assert_string_equal(q, "");
    assert_int_equal(pd_text_quote(q, 0, "x"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_each_length),
        cmocka_unit_test(test_decode_len_zero),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_encode_round_trip),
        cmocka_unit_test(test_encode_refuses_non_characters),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_cp_width),
        cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_width_without_utf8_locale),
        cmocka_unit_test(test_pad_cut_wide),
        cmocka_unit_test(test_pad_short_and_exact),
        cmocka_unit_test(test_pad_ellipsis),
        cmocka_unit_test(test_pad_every_width_is_whole),
        cmocka_unit_test(test_pad_replaces_unprintable),
        cmocka_unit_test(test_pad_small_buffer),
        cmocka_unit_test(test_pad_right),
        cmocka_unit_test(test_normalise_full_width),
        cmocka_unit_test(test_normalise_spaces_and_trim),
        cmocka_unit_test(test_normalise_unchanged),
        cmocka_unit_test(test_strip_spaces),
        cmocka_unit_test(test_quote),
    };
    return cmocka_run_group_tests(tests, setup_locale, NULL);
}
