/* test_form.c - the pure field/form model (tui/form.h): editing over wide
 * characters, checking through pd_field_normalise, the ID number checked as
 * typed and filling sex and birth date, choices with filtering, dirty
 * tracking and the JSON handed to an event. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "core/event.h"
#include "core/fields.h"
#include "core/i18n.h"
#include "screens/screens.h"
#include "tui/form.h"
#include "tui/keys.h"

static const struct pd_date today = { 2012, 6, 1 };

static int setup_locale(void **state)
{
    (void)state;
    const char *loc = setlocale(LC_ALL, "");
    if (!loc || (!strstr(loc, "UTF-8") && !strstr(loc, "utf8")))
        setlocale(LC_ALL, "C.UTF-8");
    pd_i18n_set("zh");
    return 0;
}

static void type(struct pd_form *fm, const char *s)
{
    /* decode UTF-8 as a terminal would deliver it: one code point a key */
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        uint32_t cp;
        int n;
        if (*u < 0x80) { cp = *u; n = 1; }
        else if (*u < 0xE0) { cp = *u & 0x1F; n = 2; }
        else if (*u < 0xF0) { cp = *u & 0x0F; n = 3; }
        else { cp = *u & 0x07; n = 4; }
        for (int i = 1; i < n; i++)
            cp = (cp << 6) | (u[i] & 0x3F);
        u += n;
        pd_form_insert(fm, cp);
    }
}

static void person_form(struct pd_form *fm)
{
    pd_form_init(fm, today, "zh");
    for (int i = 0; i < pd_person_fields.n; i++)
        assert_true(pd_form_add(fm, &pd_person_fields.fields[i], NULL) >= 0);
}

/* ---- pd_fedit ---- */

static void test_fedit_cjk_insert_backspace_cursor(void **state)
{
    (void)state;
    struct pd_fedit e;
    pd_fedit_set(&e, "");
    assert_true(pd_fedit_insert(&e, 0x5F20));   /* 张 */
    assert_true(pd_fedit_insert(&e, 0x4E09));   /* 三 */
    assert_string_equal(e.buf, "张三");
    assert_int_equal(pd_fedit_cursor_col(&e), 4);
    assert_true(pd_fedit_left(&e));
    assert_int_equal(pd_fedit_cursor_col(&e), 2);
    assert_int_equal(e.cur, 3);                  /* on a character boundary */
    assert_true(pd_fedit_insert(&e, 'A'));
    assert_string_equal(e.buf, "张A三");
    assert_int_equal(pd_fedit_cursor_col(&e), 3);
    assert_true(pd_fedit_backspace(&e));         /* removes A */
    assert_true(pd_fedit_backspace(&e));         /* removes 张 whole */
    assert_string_equal(e.buf, "三");
    assert_int_equal(e.cur, 0);
    assert_false(pd_fedit_backspace(&e));
    assert_true(pd_fedit_delete(&e));
    assert_string_equal(e.buf, "");
    assert_false(pd_fedit_delete(&e));
}

static void test_fedit_refuses_controls_and_overflow(void **state)
{
    (void)state;
    struct pd_fedit e;
    pd_fedit_set(&e, "x");
    assert_false(pd_fedit_insert(&e, '\n'));
    assert_false(pd_fedit_insert(&e, 0x7f));
    assert_false(pd_fedit_insert(&e, 0xD800));   /* a surrogate is no character */
    assert_string_equal(e.buf, "x");
    pd_fedit_clear(&e);
    int n = 0;
    while (pd_fedit_insert(&e, 0x4E2D))          /* 中, 3 bytes each */
        n++;
    assert_int_equal(n, (PD_FEDIT_MAX - 1) / 3);
    assert_true(strlen(e.buf) < PD_FEDIT_MAX);
}

static void test_fedit_view_keeps_cursor_visible(void **state)
{
    (void)state;
    struct pd_fedit e;
    pd_fedit_set(&e, "浙江省宁波市江北区中马街道白沙路");   /* 16 characters, 32 columns */
    size_t start = pd_fedit_view_start(&e, 10);
    /* what is shown from start to the cursor fits in 9 columns, and start
     * is on a character boundary */
    assert_true(((unsigned char)e.buf[start] & 0xC0) != 0x80);
    assert_true(pd_fedit_cursor_col(&e) - 0 > 9);
    struct pd_fedit tail;
    pd_fedit_set(&tail, e.buf + start);
    assert_true(pd_fedit_cursor_col(&tail) <= 9);
    pd_fedit_home(&e);
    assert_int_equal(pd_fedit_view_start(&e, 10), 0);
}

/* ---- the form ---- */

static void test_bad_id_error_as_typed_then_fills_sex_and_birth(void **state)
{
    (void)state;
    struct pd_form fm;
    person_form(&fm);
    fm.cur = pd_form_find(&fm, "id_number");
    type(&fm, "33020519850315");
    assert_string_equal(fm.fields[fm.cur].err, "");          /* not judged while short */
    type(&fm, "0010");                                       /* wrong check character */
    /* the Chinese screens get core's messages in Chinese (core/i18n.h PD_MSG) */
    assert_non_null(strstr(fm.fields[fm.cur].err, "校验位"));
    assert_string_equal(pd_form_text(&fm, "sex"), "");
    pd_form_backspace(&fm);
    type(&fm, "5");                                          /* 330205198503150015 */
    assert_string_equal(fm.fields[fm.cur].err, "");
    assert_string_equal(pd_form_text(&fm, "sex"), "1");
    assert_string_equal(pd_form_text(&fm, "birth_date"), "1985-03-15");
    type(&fm, "A");                                          /* a letter is wrong at once */
    assert_true(fm.fields[fm.cur].err[0] != '\0');
    pd_form_done(&fm);
}

static void test_autofill_leaves_typed_fields_alone(void **state)
{
    (void)state;
    struct pd_form fm;
    person_form(&fm);
    fm.cur = pd_form_find(&fm, "sex");
    type(&fm, "2");
    fm.cur = pd_form_find(&fm, "id_number");
    type(&fm, "330205198503150015");
    assert_string_equal(pd_form_text(&fm, "sex"), "2");      /* typed: kept */
    assert_string_equal(pd_form_text(&fm, "birth_date"), "1985-03-15");
    /* and the whole form then says they disagree, beside the field */
    fm.cur = pd_form_find(&fm, "name");
    type(&fm, "张三");
    assert_true(pd_form_validate(&fm) > 0);
    int s = pd_form_find(&fm, "sex"), i = pd_form_find(&fm, "id_number");
    assert_true(fm.fields[s].err[0] || fm.fields[i].err[0]);
    pd_form_done(&fm);
}

static void test_normalise_dates_and_codes_on_leaving(void **state)
{
    (void)state;
    struct pd_form fm;
    person_form(&fm);
    fm.cur = pd_form_find(&fm, "birth_date");
    type(&fm, "19850615");
    pd_form_next(&fm);
    assert_string_equal(pd_form_text(&fm, "birth_date"), "1985-06-15");
    fm.cur = pd_form_find(&fm, "sex");
    type(&fm, "女");
    assert_true(pd_form_check(&fm, fm.cur));
    assert_string_equal(pd_form_text(&fm, "sex"), "2");
    char name[64];
    pd_form_value_name(&fm, fm.cur, name, sizeof name);
    assert_string_equal(name, "女");
    fm.cur = pd_form_find(&fm, "birth_date");
    while (pd_form_backspace(&fm))
        ;
    type(&fm, "1985-02-30");
    assert_false(pd_form_check(&fm, fm.cur));
    assert_non_null(strstr(fm.fields[fm.cur].err, "1985-02-30"));
    fm.cur = pd_form_find(&fm, "birth_date");
    while (pd_form_backspace(&fm))
        ;
    type(&fm, "2030-01-01");
    assert_false(pd_form_check(&fm, fm.cur));
    assert_non_null(strstr(fm.fields[fm.cur].err, "晚于今天"));
    pd_form_done(&fm);
}

static void test_validate_required_and_moves_to_first_error(void **state)
{
    (void)state;
    struct pd_form fm;
    person_form(&fm);
    fm.cur = pd_form_find(&fm, "ethnicity");
    int bad = pd_form_validate(&fm);
    assert_int_equal(bad, 3);   /* name, sex, birth date */
    assert_int_equal(fm.cur, pd_form_find(&fm, "name"));
    assert_string_equal(fm.fields[fm.cur].err, pd_tr(S_REQUIRED));
    pd_form_done(&fm);
}

static void test_dirty_tracking_and_json(void **state)
{
    (void)state;
    struct pd_form fm;
    person_form(&fm);
    pd_form_fill(&fm, "name", "李梅");
    pd_form_fill(&fm, "reg_address", "江北区中马街道白沙路12号");
    assert_false(pd_form_dirty(&fm));
    fm.cur = pd_form_find(&fm, "name");
    type(&fm, "花");
    assert_true(pd_form_dirty(&fm));
    pd_form_backspace(&fm);
    assert_false(pd_form_dirty(&fm));          /* back to what it was */
    fm.cur = pd_form_find(&fm, "reg_address");
    while (pd_form_backspace(&fm))
        ;
    fm.cur = pd_form_find(&fm, "away");
    type(&fm, "是");
    json_t *changed = pd_form_json(&fm, true);
    assert_int_equal(json_object_size(changed), 2);
    assert_true(json_is_null(json_object_get(changed, "reg_address")));   /* emptied */
    assert_true(json_is_true(json_object_get(changed, "away")));
    json_decref(changed);
    json_t *all = pd_form_json(&fm, false);
    assert_string_equal(json_string_value(json_object_get(all, "name")), "李梅");
    assert_null(json_object_get(all, "reg_address"));
    json_decref(all);
    pd_form_mark_clean(&fm);
    assert_false(pd_form_dirty(&fm));
    pd_form_done(&fm);
}

static void test_choices_filter_by_code_name_and_initials(void **state)
{
    (void)state;
    struct pd_form fm;
    person_form(&fm);
    int rel = pd_form_find(&fm, "relation");
    struct pd_choice ch[128];
    int all = pd_form_choices(&fm, rel, "", ch, 128);
    assert_true(all > 40);
    int n = pd_form_choices(&fm, rel, "妻", ch, 128);
    assert_true(n >= 1);
    assert_string_equal(ch[0].value, "12");
    n = pd_form_choices(&fm, rel, "02", ch, 128);
    assert_int_equal(n, 1);
    assert_non_null(strstr(ch[0].label, "户主"));
    n = pd_form_choices(&fm, pd_form_find(&fm, "ethnicity"), "hz", ch, 128);
    assert_true(n >= 1);
    assert_string_equal(ch[0].value, "01");                 /* 汉族 by initials */
    assert_int_equal(pd_form_choices(&fm, pd_form_find(&fm, "name"), "", ch, 128), 0);
    assert_false(pd_form_has_choices(&fm, pd_form_find(&fm, "name")));
    pd_form_done(&fm);
}

static void test_event_enum_choices_and_store_error_placement(void **state)
{
    (void)state;
    const struct pd_event_type *t = pd_event_type_find("person.marriage");
    struct pd_form fm;
    pd_form_init(&fm, today, "zh");
    for (int i = 0; i < t->own->n; i++)
        pd_form_add(&fm, &t->own->fields[i], NULL);
    struct pd_choice ch[16];
    int n = pd_form_choices(&fm, pd_form_find(&fm, "change"), "离", ch, 16);
    assert_int_equal(n, 1);
    assert_string_equal(ch[0].value, "divorce");
    fm.cur = pd_form_find(&fm, "change");
    pd_form_set_current(&fm, "divorce");
    assert_string_equal(pd_form_text(&fm, "change"), "divorce");
    pd_form_set_error(&fm, "date", "date 2001-01-01 is before 张三's birth");
    assert_int_equal(fm.cur, pd_form_find(&fm, "date"));
    assert_non_null(strstr(fm.fields[fm.cur].err, "before"));
    pd_form_set_error(&fm, "person", "张三 is recorded as dead");
    assert_non_null(strstr(fm.msg, "dead"));
    pd_form_clear_errors(&fm);
    assert_string_equal(fm.msg, "");
    pd_form_done(&fm);
}

static void test_reference_must_be_offered(void **state)
{
    (void)state;
    const struct pd_event_type *t = pd_event_type_find("person.birth");
    struct pd_form fm;
    pd_form_init(&fm, today, "zh");
    for (int i = 0; i < t->own->n; i++)
        pd_form_add(&fm, &t->own->fields[i], NULL);
    static const struct pd_choice women[] = { { "330205001001P0000002", "李梅 女 1987-06-20" } };
    int m = pd_form_find(&fm, "mother");
    fm.fields[m].extra = women;
    fm.fields[m].nextra = 1;
    fm.cur = m;
    type(&fm, "330205001001P0000009");
    assert_false(pd_form_check(&fm, m));
    struct pd_choice ch[4];
    assert_int_equal(pd_form_choices(&fm, m, "李", ch, 4), 1);
    pd_form_set_current(&fm, ch[0].value);
    assert_true(pd_form_check(&fm, m));
    char name[128];
    pd_form_value_name(&fm, m, name, sizeof name);
    assert_non_null(strstr(name, "李梅"));
    pd_form_done(&fm);
}

static void test_i18n_formats_agree(void **state)
{
    (void)state;
    /* each string's conversions are the same in both languages */
    for (int id = 0; id < S__COUNT; id++) {
        char zc[16] = "", ec[16] = "";
        int zn = 0, en = 0;
        pd_i18n_set("zh");
        for (const char *p = pd_tr((enum pd_str)id); *p && zn < 15; p++)
            if (*p == '%' && p[1]) {
                while (p[1] == 'l')
                    p++;
                zc[zn++] = *++p;
            }
        pd_i18n_set("en");
        for (const char *p = pd_tr((enum pd_str)id); *p && en < 15; p++)
            if (*p == '%' && p[1]) {
                while (p[1] == 'l')
                    p++;
                ec[en++] = *++p;
            }
        assert_string_equal(zc, ec);
    }
    pd_i18n_set("en");
    char buf[64];
    pd_trf(buf, sizeof buf, S_FOUND, 7);
    assert_string_equal(buf, "7 found");
    assert_string_equal(pd_tr_word("divorce"), "divorce");
    pd_i18n_set("zh");
    assert_string_equal(pd_tr_word("divorce"), "离婚");
    assert_string_equal(pd_tr_word("no-such-word"), "no-such-word");
}


/* The change log's values in words: labels from the field table, codes by
 * name, old -> new, the event's data when no column changed, raw text when
 * the store cut the JSON, English labels and code names in English. */
static void test_log_words(void **state)
{
    (void)state;
    char buf[600];
    pd_i18n_set("zh");
    pd_log_words("record.correct", "person", "{\"ethnicity\":null}", "{\"ethnicity\":\"01\"}", "",
                 true, buf, sizeof buf);
    assert_string_equal(buf, "民族: （空） → 汉族");
    pd_log_words("record.correct", "person", "{\"ethnicity\":null}", "{\"ethnicity\":\"01\"}", "",
                 false, buf, sizeof buf);
    assert_string_equal(buf, "民族: 汉族");
    /* a new person: the name first (field table order), internal keys left out */
    pd_log_words("person.add", "person", "",
                 "{\"birth_date\":\"1985-03-15\",\"initials\":\"zs\",\"name\":\"张三\","
                 "\"pid\":\"330205001001P0000001\",\"sex\":\"1\",\"status\":\"active\"}",
                 "", false, buf, sizeof buf);
    assert_string_equal(buf, "姓名: 张三; 性别: 男; 出生日期: 1985-03-15; 状态: 在册");
    assert_null(strstr(buf, "zs"));
    /* a death: status and end date in words */
    pd_log_words("person.death", "person", "{\"end_date\":null,\"status\":\"active\"}",
                 "{\"end_date\":\"2012-03-01\",\"status\":\"dead\"}", "", true, buf, sizeof buf);
    assert_non_null(strstr(buf, "注销日期: （空） → 2012-03-01"));
    assert_non_null(strstr(buf, "状态: 在册 → 死亡"));
    /* no column changed: the event's own data, choice words translated */
    pd_log_words("subsidy.decision", "person", "{}", "{}",
                 "{\"programme\":\"reward\",\"year\":2012,\"decision\":\"reject\","
                 "\"reason\":\"非农业户口\"}", true, buf, sizeof buf);
    assert_non_null(strstr(buf, "奖扶"));
    assert_non_null(strstr(buf, "不批准"));
    assert_non_null(strstr(buf, "2012"));
    assert_non_null(strstr(buf, "非农业户口"));
    assert_null(strstr(buf, "→"));
    /* JSON the store cut short: shown as it is, not lost */
    pd_log_words("person.add", "person", "", "{\"name\":\"张三\",\"addr", "", false, buf, sizeof buf);
    assert_string_equal(buf, "{\"name\":\"张三\",\"addr");
    /* English: labels and code names */
    pd_i18n_set("en");
    pd_log_words("record.correct", "person", "{\"sex\":\"1\"}", "{\"sex\":\"2\"}", "", true, buf,
                 sizeof buf);
    assert_null(strstr(buf, "性别"));
    assert_null(strstr(buf, "女"));
    assert_non_null(strstr(buf, "→"));
    assert_non_null(strstr(buf, "female"));
    /* a small buffer is cut, never overrun */
    char small[12];
    pd_log_words("record.correct", "person", "{\"sex\":\"1\"}", "{\"sex\":\"2\"}", "", true, small,
                 sizeof small);
    assert_true(strlen(small) < sizeof small);
    pd_i18n_set("zh");
}

/* Keys: change actions are marked (hidden from viewers), the year keys are
 * -/+ and the arrows, and a subsidy decision is Y / N. */
static void test_keys_for_roles_and_subsidies(void **state)
{
    (void)state;
    assert_true(pd_key_is_change(ACT_NEW_HH));
    assert_true(pd_key_is_change(ACT_CORRECT));
    assert_true(pd_key_is_change(ACT_APPROVE));
    assert_false(pd_key_is_change(ACT_FIND));
    assert_false(pd_key_is_change(ACT_LOGOUT));
    struct pd_key minus = { PD_KEY_CHAR, '-', 0 }, plus = { PD_KEY_CHAR, '+', 0 },
                  y = { PD_KEY_CHAR, 'Y', 0 }, n = { PD_KEY_CHAR, 'n', 0 }, x = { PD_KEY_CHAR, 'x', 0 };
    static const enum pd_action acts[] = { ACT_YEAR_PREV, ACT_YEAR_NEXT, ACT_APPROVE, ACT_REJECT,
                                           ACT_LOGOUT };
    assert_int_equal(pd_key_action(&minus, acts, 5), ACT_YEAR_PREV);
    assert_int_equal(pd_key_action(&plus, acts, 5), ACT_YEAR_NEXT);
    assert_int_equal(pd_key_action(&y, acts, 5), ACT_APPROVE);
    assert_int_equal(pd_key_action(&n, acts, 5), ACT_REJECT);
    assert_int_equal(pd_key_action(&x, acts, 5), ACT_LOGOUT);
    /* the lock screen takes typing: a letter never logs out there */
    static const enum pd_action lock[] = { ACT_UNLOCK, ACT_F10_LOGOUT };
    assert_int_equal(pd_key_action(&x, lock, 2), ACT_NONE);
    assert_string_equal(pd_key_name(ACT_F10_LOGOUT), "F10");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fedit_cjk_insert_backspace_cursor),
        cmocka_unit_test(test_fedit_refuses_controls_and_overflow),
        cmocka_unit_test(test_fedit_view_keeps_cursor_visible),
        cmocka_unit_test(test_bad_id_error_as_typed_then_fills_sex_and_birth),
        cmocka_unit_test(test_autofill_leaves_typed_fields_alone),
        cmocka_unit_test(test_normalise_dates_and_codes_on_leaving),
        cmocka_unit_test(test_validate_required_and_moves_to_first_error),
        cmocka_unit_test(test_dirty_tracking_and_json),
        cmocka_unit_test(test_choices_filter_by_code_name_and_initials),
        cmocka_unit_test(test_event_enum_choices_and_store_error_placement),
        cmocka_unit_test(test_reference_must_be_offered),
        cmocka_unit_test(test_i18n_formats_agree),
        cmocka_unit_test(test_log_words),
        cmocka_unit_test(test_keys_for_roles_and_subsidies),
    };
    return cmocka_run_group_tests(tests, setup_locale, NULL);
}
