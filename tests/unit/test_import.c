/* test_import.c - register spreadsheet rows into events (core/import.h):
 * each quirk of real registers normalised and counted, each refusal with
 * its row, column and reason, households grouped and checked, the columns
 * of `popdesk export persons`, and all-or-nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvread.h"
#include "core/import.h"

#define ST "330205001001"
#define HH1 "330205001001010001"
#define HH2 "330205001001010002"
/* valid ID numbers (check characters computed) */
#define ID_ZW "330205198506150117"   /* male, 1985-06-15 */
#define ID_LN "330205198703020223"   /* female, 1987-03-02 */
#define ID_XM "330205201001010316"   /* male, 2010-01-01 */
#define ID_WJ "330205196005050418"   /* male, 1960-05-05 */
#define ID_ZX "330205196208080529"   /* female, 1962-08-08 */
#define ID_LQ "33020519700707109X"   /* male, 1970-07-07 */

static const struct pd_date today = { 2013, 1, 1 };

/* The register as the callbacks see it. */
static const char *reg_households[4];
static const char *reg_ids[4];

static bool hh_exists(void *ctx, const char *code)
{
    (void)ctx;
    for (int i = 0; reg_households[i]; i++)
        if (strcmp(reg_households[i], code) == 0)
            return true;
    return false;
}

static bool id_taken(void *ctx, const char *id, char *who, size_t size)
{
    (void)ctx;
    for (int i = 0; reg_ids[i]; i++)
        if (strcmp(reg_ids[i], id) == 0) {
            snprintf(who, size, "王芳 (" ST "P0000009, household " HH2 ")");
            return true;
        }
    return false;
}

static int reset(void **state)
{
    (void)state;
    memset(reg_households, 0, sizeof reg_households);
    memset(reg_ids, 0, sizeof reg_ids);
    return 0;
}

static struct pd_import *build(const char *text, pd_err want)
{
    struct pd_csv *csv = NULL;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_csv_read(text, strlen(text), &csv, &err) != PD_OK)
        fail_msg("csv refused: %s", err.msg);
    struct pd_import_ctx ctx = { ST, today, hh_exists, id_taken, NULL };
    struct pd_import *imp = NULL;
    pd_err rc = pd_import_build(csv, &ctx, &imp, &err);
    pd_csv_free(&csv);
    assert_non_null(imp);
    if (rc != want) {
        char line[2048];
        for (int i = 0; i < imp->nproblems; i++) {
            pd_import_problem_text(&imp->problems[i], line, sizeof line);
            print_message("  %s\n", line);
        }
        fail_msg("pd_import_build gave %d, wanted %d (%s)", rc, want, err.msg);
    }
    if (rc != PD_OK)
        assert_int_equal(imp->nitems, 0);
    return imp;
}

/* The one problem at row/column holding each word (NULL to skip). */
static void expect_problem(const struct pd_import *imp, int row, const char *column,
                           const char *w1, const char *w2)
{
    char line[4096];
    for (int i = 0; i < imp->nproblems; i++) {
        const struct pd_import_problem *p = &imp->problems[i];
        if (p->row != row || (column && strcmp(p->column, column) != 0))
            continue;
        if ((w1 && !strstr(p->msg, w1)) || (w2 && !strstr(p->msg, w2)))
            continue;
        return;
    }
    for (int i = 0; i < imp->nproblems; i++) {
        pd_import_problem_text(&imp->problems[i], line, sizeof line);
        print_message("  %s\n", line);
    }
    fail_msg("no problem at row %d, column %s with \"%s\" and \"%s\"", row,
             column ? column : "(any)", w1 ? w1 : "", w2 ? w2 : "");
}

static const char *dstr(const struct pd_import_item *it, const char *key)
{
    const json_t *v = json_object_get(it->data, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* The item of `type` from spreadsheet row `row`. */
static const struct pd_import_item *item(const struct pd_import *imp, int row, const char *type)
{
    for (int i = 0; i < imp->nitems; i++)
        if (imp->items[i].row == row && strcmp(imp->items[i].type, type) == 0)
            return &imp->items[i];
    fail_msg("no %s item for row %d", type, row);
    return NULL;
}

#define HEAD "户编号,住址,姓名,身份证号,性别,出生日期,民族,与户主关系,户口性质\n"
/* 张伟, the head of HH1, in HEAD's columns */
#define ROW_ZW HH1 ",甬江街道1号,张伟," ID_ZW ",男,1985-06-15,汉,户主,农业\n"

static void test_good_file(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        HH1 ",宁波市江北区甬江街道1号,张伟," ID_ZW ",男,1985-06-15,汉族,户主,农业\n"
        HH1 ",,李娜," ID_LN ",女,1987-03-02,汉族,妻,农业\n"
        HH2 ",宁波市江北区甬江街道2号,王建国," ID_WJ ",男,1960-05-05,汉族,户主,非农业\n", PD_OK);
    assert_int_equal(imp->nproblems, 0);
    assert_int_equal(imp->persons, 3);
    assert_int_equal(imp->households, 2);
    assert_int_equal(imp->households_new, 2);
    assert_int_equal(imp->nitems, 5);
    /* households first, in the order they appear */
    assert_string_equal(imp->items[0].type, "household.add");
    assert_string_equal(imp->items[0].household, HH1);
    assert_string_equal(dstr(&imp->items[0], "code"), HH1);
    assert_string_equal(dstr(&imp->items[0], "address"), "宁波市江北区甬江街道1号");
    assert_string_equal(imp->items[1].type, "household.add");
    assert_string_equal(imp->items[1].household, HH2);
    const struct pd_import_item *ln = &imp->items[3];
    assert_string_equal(ln->type, "person.add");
    assert_int_equal(ln->row, 3);
    assert_string_equal(ln->household, HH1);
    assert_int_equal(ln->person_of, -1);
    assert_string_equal(dstr(ln, "name"), "李娜");
    assert_string_equal(dstr(ln, "sex"), "2");
    assert_string_equal(dstr(ln, "ethnicity"), "01");
    assert_string_equal(dstr(ln, "relation"), "12");
    assert_string_equal(dstr(ln, "reg_type"), "2");
    /* household columns are not person data */
    assert_null(json_object_get(ln->data, "address"));
    assert_null(json_object_get(ln->data, "code"));
    assert_int_equal(imp->norm[PD_NORM_CODE], 12);
    assert_int_equal(imp->norm[PD_NORM_DATE], 0);
    pd_import_free(&imp);
    assert_null(imp);
}

static void test_dates_in_every_office_form(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        HH1 ",甬江街道1号,张伟," ID_ZW ",男,1985.6.15,汉,户主,农业\n"
        HH1 ",,张伟二,330205198506150133,男,1985/06/15,汉,子,农业\n"
        HH1 ",,张伟三,33020519850615015X,男,1985-6-15,汉,子,农业\n"
        HH1 ",,张伟四,330205198506150176,男,1985年6月15日,汉,子,农业\n"
        HH1 ",,张伟五,330205198506150192,男,19850615,汉,子,农业\n", PD_OK);
    for (int row = 2; row <= 6; row++)
        assert_string_equal(dstr(item(imp, row, "person.add"), "birth_date"), "1985-06-15");
    assert_int_equal(imp->norm[PD_NORM_DATE], 5);
    char text[1024];
    pd_import_norm_text(imp, text, sizeof text);
    assert_non_null(strstr(text, "5 dates rewritten to YYYY-MM-DD"));
    pd_import_free(&imp);
}

static void test_id_numbers_cleaned(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        /* full-width digits with a space inside; lowercase x; spaces */
        HH1 ",甬江街道1号,张伟,３３０２０５ １９８５０６１５０１１７,男,1985-06-15,汉,户主,农业\n"
        HH1 ",,刘强,33020519700707109x,男,1970-07-07,汉,兄,农业\n"
        HH1 ",,李娜,330205 19870302 0223,女,1987-03-02,汉,妻,农业\n", PD_OK);
    assert_string_equal(dstr(item(imp, 2, "person.add"), "id_number"), ID_ZW);
    assert_string_equal(dstr(item(imp, 3, "person.add"), "id_number"), ID_LQ);
    assert_string_equal(dstr(item(imp, 4, "person.add"), "id_number"), ID_LN);
    assert_int_equal(imp->norm[PD_NORM_ID], 3);
    pd_import_free(&imp);
}

static void test_old_15_digit_id_converted(void **state)
{
    (void)state;
    /* 330205 850615 011: the 18-digit form is 330205198506150117 */
    struct pd_import *imp = build(
        HEAD HH1 ",甬江街道1号,张伟,330205850615011,男,1985-06-15,汉,户主,农业\n", PD_OK);
    assert_string_equal(dstr(item(imp, 2, "person.add"), "id_number"), ID_ZW);
    assert_int_equal(imp->norm[PD_NORM_ID15], 1);
    pd_import_free(&imp);
}

static void test_codes_given_as_words(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        HH1 ",甬江街道1号,张伟," ID_ZW ",男,1985-06-15,汉,户主,非农业\n"
        HH1 ",,李娜," ID_LN ",女,1987-03-02,汉族,妻,农业\n"
        HH1 ",,张小明," ID_XM ",1,2010-01-01,1,长子,2\n", PD_OK);
    const struct pd_import_item *a = item(imp, 2, "person.add"), *b = item(imp, 3, "person.add"),
                                *c = item(imp, 4, "person.add");
    assert_string_equal(dstr(a, "sex"), "1");
    assert_string_equal(dstr(b, "sex"), "2");
    assert_string_equal(dstr(a, "ethnicity"), "01");
    assert_string_equal(dstr(b, "ethnicity"), "01");
    assert_string_equal(dstr(a, "relation"), "02");
    assert_string_equal(dstr(b, "relation"), "12");
    assert_string_equal(dstr(c, "relation"), "22");
    assert_string_equal(dstr(a, "reg_type"), "1");
    assert_string_equal(dstr(b, "reg_type"), "2");
    /* "1" for ethnicity 01 lacks its leading zero: rewritten, counted */
    assert_string_equal(dstr(c, "ethnicity"), "01");
    /* 男, 汉, 户主, 非农业, 女, 汉族, 妻, 农业, 1 (-> 01), 长子 */
    assert_int_equal(imp->norm[PD_NORM_CODE], 10);
    pd_import_free(&imp);
}

static void test_sex_and_birth_taken_from_id(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD HH1 ",甬江街道1号,李娜," ID_LN ",,,汉,户主,农业\n", PD_OK);
    const struct pd_import_item *p = item(imp, 2, "person.add");
    assert_string_equal(dstr(p, "sex"), "2");
    assert_string_equal(dstr(p, "birth_date"), "1987-03-02");
    assert_int_equal(imp->norm[PD_NORM_SEX_FROM_ID], 1);
    assert_int_equal(imp->norm[PD_NORM_BIRTH_FROM_ID], 1);
    pd_import_free(&imp);
}

static void test_title_rows_blank_rows_and_columns(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        "XX社区人口登记表,,,,,,,,,,\n"
        HH1 "X,,,,,,,,,,\n"   /* a second title row, one cell */
        "户编号,住址,姓名,身份证号,性别,出生日期,民族,与户主关系,户口性质,,\n"
        HH1 ",甬江街道1号,张伟," ID_ZW ",男,1985-06-15,汉,户主,农业,,\n"
        ",,,,,,,,,,\n"
        HH1 ",,李娜," ID_LN ",女,1987-03-02,汉,妻,农业,,\n"
        ",,,,,,,,,,\n,,,,,,,,,,\n", PD_OK);
    /* row numbers count the title rows and the blank row */
    item(imp, 4, "person.add");
    item(imp, 6, "person.add");
    assert_int_equal(imp->persons, 2);
    bool title = false, blank = false;
    for (int i = 0; i < imp->nnotes; i++) {
        title |= strstr(imp->notes[i], "2 title rows") != NULL;
        blank |= strstr(imp->notes[i], "1 blank row") != NULL;
    }
    assert_true(title);
    assert_true(blank);
    pd_import_free(&imp);
}

static void test_line_break_in_cell_joined(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD HH1 ",\"甬江街道1号\n东门\",张伟," ID_ZW ",男,1985-06-15,汉,户主,农业\n", PD_OK);
    assert_string_equal(dstr(item(imp, 2, "household.add"), "address"), "甬江街道1号 东门");
    assert_int_equal(imp->norm[PD_NORM_NEWLINE], 1);
    pd_import_free(&imp);
}

static void test_address_from_members(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        "户编号,姓名,身份证号,与户主关系,现住址\n"
        HH1 ",李娜," ID_LN ",妻,甬江街道1号后门\n"
        HH1 ",张伟," ID_ZW ",户主,甬江街道1号\n", PD_OK);
    /* the head's 现住址, although the head's row comes second */
    assert_string_equal(dstr(item(imp, 2, "household.add"), "address"), "甬江街道1号");
    assert_int_equal(imp->norm[PD_NORM_ADDRESS], 1);
    pd_import_free(&imp);

    imp = build("户编号,姓名,身份证号,与户主关系\n" HH1 ",张伟," ID_ZW ",户主\n", PD_EINVAL);
    expect_problem(imp, 2, "住址", HH1, "no address");
    pd_import_free(&imp);
}

static void test_spreadsheet_numbers_refused(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        HH1 ",甬江街道1号,张伟,3.30205E+17,男,1985-06-15,汉,户主,农业\n"
        HH1 ",,李娜,330205198703020000,女,1987-03-02,汉,妻,农业\n"
        "3.30205E+17,,王建国," ID_WJ ",男,1960-05-05,汉,户主,农业\n", PD_EINVAL);
    expect_problem(imp, 2, "身份证号", "spreadsheet", "text");
    expect_problem(imp, 3, "身份证号", "000", "text");
    expect_problem(imp, 4, "户编号", "spreadsheet", "text");
    pd_import_free(&imp);
}

static void test_each_refusal_names_row_and_column(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        HH1 ",甬江街道1号,张伟," ID_ZW ",男,1985-02-30,汉,户主,农业\n"          /* 2: no such day */
        HH1 ",,李娜," ID_LN ",男,1987-03-02,汉,妻,农业\n"                    /* 3: sex vs ID */
        HH1 ",,张小明," ID_XM ",男,2010-01-01,火星族,子,农业\n"              /* 4: no such code */
        HH1 ",,,330205196208080529,女,1962-08-08,汉,母,农业\n"              /* 5: no name */
        HH1 ",,刘强,33020519700707109 3,男,1970-07-07,汉,兄,农业\n"         /* 6: check char */
        "330205001002010001,甬江街道9号,王建国," ID_WJ ",男,1960-05-05,汉,户主,农业\n"  /* 7 */
        ",,赵秀英," ID_ZX ",女,1962-08-08,汉,户主,农业\n",                  /* 8: no household */
        PD_EINVAL);
    expect_problem(imp, 2, "出生日期", "1985-02-30", NULL);
    expect_problem(imp, 3, "性别", NULL, NULL);
    expect_problem(imp, 4, "民族", "火星族", NULL);
    expect_problem(imp, 5, "姓名", "required", NULL);
    expect_problem(imp, 6, "身份证号", "check", NULL);
    expect_problem(imp, 7, "户编号", "330205001001", "begin");
    expect_problem(imp, 8, "户编号", "required", NULL);
    char line[1024];
    pd_import_problem_text(&imp->problems[0], line, sizeof line);
    assert_true(strncmp(line, "row 2, column 出生日期: ", strlen("row 2, column 出生日期: ")) == 0);
    pd_import_free(&imp);
}

static void test_three_bad_rows_all_listed(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        ROW_ZW
        HH1 ",,李娜," ID_LN ",女,1987-13-02,汉,妻,农业\n"
        HH1 ",,张小明," ID_XM ",男,2010-01-01,汉,子,农民\n"
        HH2 ",甬江街道2号,王建国," ID_WJ ",男,1960-05-05,汉,户主,农业\n"
        HH2 ",,赵秀英,330205196208080528,女,1962-08-08,汉,妻,农业\n", PD_EINVAL);
    expect_problem(imp, 3, "出生日期", NULL, NULL);
    expect_problem(imp, 4, "户口性质", "农民", NULL);
    expect_problem(imp, 6, "身份证号", NULL, NULL);
    assert_int_equal(imp->nproblems, 3);
    assert_int_equal(imp->nitems, 0);
    pd_import_free(&imp);
}

static void test_duplicate_ids_in_file(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        ROW_ZW
        HH1 ",,李娜," ID_LN ",女,1987-03-02,汉,妻,农业\n"
        HH2 ",甬江街道2号,张伟," ID_ZW ",男,1985-06-15,汉,户主,农业\n", PD_EINVAL);
    expect_problem(imp, 2, "身份证号", ID_ZW, "row 4");
    expect_problem(imp, 4, "身份证号", ID_ZW, "row 2");
    assert_int_equal(imp->nproblems, 2);
    pd_import_free(&imp);
}

static void test_id_already_registered(void **state)
{
    (void)state;
    reg_ids[0] = ID_LN;
    struct pd_import *imp = build(
        HEAD
        ROW_ZW
        HH1 ",,李娜," ID_LN ",女,1987-03-02,汉,妻,农业\n", PD_EINVAL);
    expect_problem(imp, 3, "身份证号", "already registered", "王芳");
    assert_int_equal(imp->nproblems, 1);
    pd_import_free(&imp);
}

static void test_household_in_register(void **state)
{
    (void)state;
    reg_households[0] = HH1;
    struct pd_import *imp = build(
        HEAD HH1 ",甬江街道1号,李娜," ID_LN ",女,1987-03-02,汉,妻,农业\n", PD_OK);
    assert_int_equal(imp->nitems, 1);
    assert_string_equal(imp->items[0].type, "person.add");
    assert_string_equal(imp->items[0].household, HH1);
    assert_int_equal(imp->households, 1);
    assert_int_equal(imp->households_new, 0);
    assert_int_equal(imp->nnotes, 1);
    assert_non_null(strstr(imp->notes[0], "already in the register"));
    pd_import_free(&imp);
}

static void test_household_rows_must_agree(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        ROW_ZW
        HH1 ",甬江街道1号,李娜," ID_LN ",女,1987-03-02,汉,妻,农业\n"
        HH1 ",甬江街道7号,张小明," ID_XM ",男,2010-01-01,汉,子,农业\n", PD_EINVAL);
    expect_problem(imp, 4, "住址", "甬江街道7号", "row 2");
    assert_int_equal(imp->nproblems, 1);
    pd_import_free(&imp);
}

static void test_one_head_per_household(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        HEAD
        ROW_ZW
        HH1 ",,李娜," ID_LN ",女,1987-03-02,汉,02,农业\n", PD_EINVAL);
    expect_problem(imp, 3, "与户主关系", "head", "row 2");
    pd_import_free(&imp);
}

static void test_unknown_column_refused(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        "人口登记表\n户编号,住址,姓名,身分证,性别,出生日期\n"
        HH1 ",甬江街道1号,张伟," ID_ZW ",男,1985-06-15\n", PD_EINVAL);
    expect_problem(imp, 2, "身分证", "unknown column", "lose");
    /* the list of accepted names follows */
    expect_problem(imp, 0, NULL, "身份证号/ID number/id_number", "户编号/household code/code");
    pd_import_free(&imp);
}

static void test_column_twice_refused(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        "户编号,住址,姓名,身份证号,id_number\n"
        HH1 ",甬江街道1号,张伟," ID_ZW "," ID_ZW "\n", PD_EINVAL);
    expect_problem(imp, 1, "id_number", "same as column 身份证号", NULL);
    pd_import_free(&imp);
}

static void test_required_columns(void **state)
{
    (void)state;
    struct pd_import *imp = build("姓名,性别,出生日期\n张伟,男,1985-06-15\n", PD_EINVAL);
    expect_problem(imp, 1, NULL, "户编号", "column");
    pd_import_free(&imp);
    imp = build("户编号,姓名\n" HH1 ",张伟\n", PD_EINVAL);
    expect_problem(imp, 1, NULL, "性别", "身份证号");
    expect_problem(imp, 1, NULL, "出生日期", NULL);
    pd_import_free(&imp);
    imp = build("甲,乙\n1,2\n", PD_EINVAL);
    expect_problem(imp, 0, NULL, "no header row", "户编号");
    pd_import_free(&imp);
    imp = build("户编号,姓名,身份证号\n", PD_EINVAL);
    expect_problem(imp, 0, NULL, "no rows", NULL);
    pd_import_free(&imp);
}

static void test_cells_outside_named_columns(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        "户编号,住址,,姓名,身份证号\n"
        HH1 ",甬江街道1号,,张伟," ID_ZW "\n"
        HH1 ",,备注,李娜," ID_LN "\n"
        HH1 ",,,张小明," ID_XM ",多余\n", PD_EINVAL);
    expect_problem(imp, 3, "3 (no name)", "备注", "no name");
    expect_problem(imp, 4, "6 (beyond the header)", "多余", "5 columns");
    assert_int_equal(imp->nproblems, 2);
    pd_import_free(&imp);
}

static void test_cell_too_long(void **state)
{
    (void)state;
    char text[2048];
    char name[PD_IMPORT_CELL_MAX + 20];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    snprintf(text, sizeof text, "户编号,住址,姓名,身份证号\n" HH1 ",甬江街道1号,%s," ID_ZW "\n", name);
    struct pd_import *imp = build(text, PD_EINVAL);
    expect_problem(imp, 2, "姓名", "too long", NULL);
    pd_import_free(&imp);
}

static void test_export_columns(void **state)
{
    (void)state;
    /* what `popdesk export persons --format csv` writes */
    struct pd_import *imp = build(
        "pid,household,status,end_date,migrant,wcba,name,id_number,sex,birth_date,relation,cur_address,moved_date\r\n"
        ST "P0000001," HH1 ",active,,0,0,张伟," ID_ZW ",1,1985-06-15,02,甬江街道1号,\r\n"
        ST "P0000002," HH1 ",dead,2012-03-04,0,0,王建国," ID_WJ ",1,1960-05-05,51,,\r\n"
        ST "P0000003," HH1 ",moved_out,2011-12-01,0,1,李娜," ID_LN ",2,1987-03-02,12,,\r\n"
        ST "P0000004,,active,,1,0,赵秀英," ID_ZX ",2,1962-08-08,,,2012-05-01\r\n", PD_OK);
    assert_int_equal(imp->persons, 4);
    assert_int_equal(imp->ended, 2);
    assert_int_equal(imp->migrants, 1);
    assert_int_equal(imp->households, 1);
    /* household, then the ended persons (each followed by its ending), then the rest */
    assert_int_equal(imp->nitems, 7);
    assert_string_equal(imp->items[0].type, "household.add");
    assert_string_equal(dstr(&imp->items[0], "address"), "甬江街道1号");
    assert_string_equal(imp->items[1].type, "person.add");
    assert_int_equal(imp->items[1].row, 3);
    assert_string_equal(imp->items[2].type, "person.death");
    assert_int_equal(imp->items[2].person_of, 1);
    assert_string_equal(dstr(&imp->items[2], "date"), "2012-03-04");
    assert_string_equal(imp->items[4].type, "person.move_out");
    assert_int_equal(imp->items[4].person_of, 3);
    assert_int_equal(imp->items[5].row, 2);
    const struct pd_import_item *m = &imp->items[6];
    assert_string_equal(m->type, "migrant.arrive");
    assert_string_equal(m->household, "");
    assert_string_equal(dstr(m, "date"), "2012-05-01");
    /* pid and wcba are noted as ignored */
    int ignored = 0;
    for (int i = 0; i < imp->nnotes; i++)
        ignored += strstr(imp->notes[i], "ignored") != NULL;
    assert_int_equal(ignored, 2);
    assert_string_equal(pd_import_column(imp, "person.death", "date"), "end_date");
    assert_string_equal(pd_import_column(imp, "person.add", "id_number"), "id_number");
    assert_string_equal(pd_import_column(imp, "household.add", "code"), "household");
    assert_string_equal(pd_import_column(imp, "household.add", "phone"), "联系电话");
    pd_import_free(&imp);
}

static void test_export_columns_refused(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        "household,status,end_date,migrant,name,id_number,cur_address\n"
        HH1 ",dead,,0,王建国," ID_WJ ",甬江街道1号\n"
        HH1 ",gone,,0,张伟," ID_ZW ",\n"
        HH1 ",left,2012-01-01,0,李娜," ID_LN ",\n"
        ",active,,1,赵秀英," ID_ZX ",\n"
        HH1 ",dead,1950-01-01,0,张小明," ID_XM ",\n"
        HH1 ",active,,2,刘强," ID_LQ ",\n", PD_EINVAL);
    expect_problem(imp, 2, "end_date", "needs the date", NULL);
    expect_problem(imp, 3, "status", "gone", NULL);
    expect_problem(imp, 4, "status", "migrants", NULL);
    expect_problem(imp, 5, "迁移日期", "arrival", NULL);
    expect_problem(imp, 6, "end_date", "before", NULL);
    expect_problem(imp, 7, "migrant", "1 or 0", NULL);
    pd_import_free(&imp);
}

static void test_english_headers_and_aliases(void **state)
{
    (void)state;
    struct pd_import *imp = build(
        "Household Code,ADDRESS,Name,ID Number,Sex,Date of Birth,户口本号,电话\n"
        HH1 ",甬江街道1号,张伟," ID_ZW ",M,1985-06-15,A123,0574-87654321\n", PD_OK);
    const struct pd_import_item *h = item(imp, 2, "household.add");
    assert_string_equal(dstr(h, "police_no"), "A123");
    assert_string_equal(dstr(h, "phone"), "0574-87654321");
    assert_string_equal(dstr(item(imp, 2, "person.add"), "sex"), "1");
    pd_import_free(&imp);
}

static void test_problem_text(void **state)
{
    (void)state;
    struct pd_import_problem p = { 12, "身份证号", (char *)"wrong" };
    char buf[128];
    pd_import_problem_text(&p, buf, sizeof buf);
    assert_string_equal(buf, "row 12, column 身份证号: wrong");
    p.column[0] = '\0';
    pd_import_problem_text(&p, buf, sizeof buf);
    assert_string_equal(buf, "row 12: wrong");
    p.row = 0;
    pd_import_problem_text(&p, buf, sizeof buf);
    assert_string_equal(buf, "wrong");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_good_file, reset),
        cmocka_unit_test_setup(test_dates_in_every_office_form, reset),
        cmocka_unit_test_setup(test_id_numbers_cleaned, reset),
        cmocka_unit_test_setup(test_old_15_digit_id_converted, reset),
        cmocka_unit_test_setup(test_codes_given_as_words, reset),
        cmocka_unit_test_setup(test_sex_and_birth_taken_from_id, reset),
        cmocka_unit_test_setup(test_title_rows_blank_rows_and_columns, reset),
        cmocka_unit_test_setup(test_line_break_in_cell_joined, reset),
        cmocka_unit_test_setup(test_address_from_members, reset),
        cmocka_unit_test_setup(test_spreadsheet_numbers_refused, reset),
        cmocka_unit_test_setup(test_each_refusal_names_row_and_column, reset),
        cmocka_unit_test_setup(test_three_bad_rows_all_listed, reset),
        cmocka_unit_test_setup(test_duplicate_ids_in_file, reset),
        cmocka_unit_test_setup(test_id_already_registered, reset),
        cmocka_unit_test_setup(test_household_in_register, reset),
        cmocka_unit_test_setup(test_household_rows_must_agree, reset),
        cmocka_unit_test_setup(test_one_head_per_household, reset),
        cmocka_unit_test_setup(test_unknown_column_refused, reset),
        cmocka_unit_test_setup(test_column_twice_refused, reset),
        cmocka_unit_test_setup(test_required_columns, reset),
        cmocka_unit_test_setup(test_cells_outside_named_columns, reset),
        cmocka_unit_test_setup(test_cell_too_long, reset),
        cmocka_unit_test_setup(test_export_columns, reset),
        cmocka_unit_test_setup(test_export_columns_refused, reset),
        cmocka_unit_test_setup(test_english_headers_and_aliases, reset),
        cmocka_unit_test_setup(test_problem_text, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
