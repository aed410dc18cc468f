/* test_csvread.c - CSV bytes into spreadsheet rows (core/csvread.h): quoting,
 * embedded commas and line breaks, BOM, CRLF/LF/CR, blank rows and columns,
 * title rows above the header, rows wider than the header, and refusals
 * with their row and column. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvread.h"

static struct pd_csv *read_ok(const char *s, size_t len)
{
    struct pd_csv *csv = NULL;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_csv_read(s, len, &csv, &err) != PD_OK)
        fail_msg("refused: %s", err.msg);
    assert_non_null(csv);
    return csv;
}

#define READ(lit) read_ok(lit, sizeof lit - 1)

static void refused(const char *s, size_t len, const char *w1, const char *w2)
{
    struct pd_csv *csv = (struct pd_csv *)0x1;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_csv_read(s, len, &csv, &err);
    if (rc == PD_OK)
        fail_msg("accepted: %.*s", (int)(len > 60 ? 60 : len), s);
    assert_null(csv);
    if (w1 && !strstr(err.msg, w1))
        fail_msg("message lacks \"%s\": %s", w1, err.msg);
    if (w2 && !strstr(err.msg, w2))
        fail_msg("message lacks \"%s\": %s", w2, err.msg);
}

#define REFUSED(lit, w1, w2) refused(lit, sizeof lit - 1, w1, w2)

static void test_quotes_commas_newlines(void **state)
{
    (void)state;
    struct pd_csv *csv = READ("姓名,住址,备注\n"
                              "张伟,\"宁波市江北区,1号\",\"第一行\n第二行\"\n"
                              "\"李\"\"娜\"\"\",,\"\"\n");
    assert_int_equal(csv->nrows, 3);
    assert_int_equal(csv->rows[1].n, 3);
    assert_string_equal(csv->rows[1].cells[0], "张伟");
    assert_string_equal(csv->rows[1].cells[1], "宁波市江北区,1号");
    assert_string_equal(csv->rows[1].cells[2], "第一行\n第二行");
    /* doubled quotes inside a quoted cell are one quote */
    assert_string_equal(csv->rows[2].cells[0], "李\"娜\"");
    /* trailing empty cells are dropped */
    assert_int_equal(csv->rows[2].n, 1);
    assert_false(csv->bom);
    pd_csv_free(&csv);
    assert_null(csv);
}

static void test_row_numbers_follow_the_spreadsheet(void **state)
{
    (void)state;
    /* A cell spanning 3 lines is one row; a blank line is a row. */
    struct pd_csv *csv = READ("a,b\n\"x\ny\nz\",1\n\nc,2\n");
    assert_int_equal(csv->nrows, 4);
    assert_int_equal(csv->rows[1].row, 2);
    assert_int_equal(csv->rows[2].row, 3);
    assert_int_equal(csv->rows[2].n, 0);
    assert_true(pd_csv_row_blank(&csv->rows[2]));
    assert_int_equal(csv->rows[3].row, 4);
    assert_string_equal(csv->rows[3].cells[0], "c");
    pd_csv_free(&csv);
}

static void test_bom_skipped(void **state)
{
    (void)state;
    struct pd_csv *csv = READ("\xEF\xBB\xBF户编号,姓名\r\n330205001001010001,张伟\r\n");
    assert_true(csv->bom);
    assert_int_equal(csv->nrows, 2);
    assert_string_equal(csv->rows[0].cells[0], "户编号");
    pd_csv_free(&csv);
}

static void test_crlf_lf_cr(void **state)
{
    (void)state;
    struct pd_csv *crlf = READ("a,b\r\n1,2\r\n\r\n3,4\r\n");
    struct pd_csv *lf = READ("a,b\n1,2\n\n3,4\n");
    struct pd_csv *cr = READ("a,b\r1,2\r\r3,4");
    struct pd_csv *all[3] = { crlf, lf, cr };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(all[i]->nrows, 4);
        assert_int_equal(all[i]->rows[2].n, 0);
        assert_int_equal(all[i]->rows[3].row, 4);
        assert_string_equal(all[i]->rows[3].cells[1], "4");
        pd_csv_free(&all[i]);
    }
    /* CRLF inside a quoted cell stays in the cell */
    struct pd_csv *q = READ("a\r\n\"x\r\ny\"\r\n");
    assert_int_equal(q->nrows, 2);
    assert_string_equal(q->rows[1].cells[0], "x\r\ny");
    pd_csv_free(&q);
}

static void test_trailing_blank_rows_and_columns(void **state)
{
    (void)state;
    struct pd_csv *csv = READ("姓名,性别,,,\n张伟,男,,,\n,,,,\n\n \u3000 ,,\n");
    assert_int_equal(csv->nrows, 2);
    assert_int_equal(csv->rows[0].n, 2);
    assert_int_equal(csv->rows[1].n, 2);
    pd_csv_free(&csv);
    /* a file of nothing but blank rows has no rows */
    csv = READ(",,,\n\n\n");
    assert_int_equal(csv->nrows, 0);
    pd_csv_free(&csv);
    csv = READ("");
    assert_int_equal(csv->nrows, 0);
    pd_csv_free(&csv);
}

static void test_blank_cells(void **state)
{
    (void)state;
    assert_true(pd_csv_cell_blank(""));
    assert_true(pd_csv_cell_blank(" \t"));
    assert_true(pd_csv_cell_blank("\u3000"));
    assert_true(pd_csv_cell_blank("\xC2\xA0"));
    assert_false(pd_csv_cell_blank(" 张 "));
    assert_false(pd_csv_cell_blank("0"));
}

static bool known(const char *cell, void *ctx)
{
    (void)ctx;
    static const char *names[] = { "户编号", "姓名", "性别", "身份证号", NULL };
    for (int i = 0; names[i]; i++)
        if (strcmp(cell, names[i]) == 0)
            return true;
    return false;
}

static void test_title_rows_before_header(void **state)
{
    (void)state;
    struct pd_csv *csv = READ("XX社区人口登记表,,,,\n"
                              "\n"
                              "填报单位：甬江街道,,,日期：2012年6月,\n"
                              "户编号,姓名,性别,身份证号,,\n"
                              "330205001001010001,张伟,男,330205198506150117\n");
    struct pd_csv_layout lay;
    struct pd_error err;
    assert_int_equal(pd_csv_find_header(csv, known, NULL, 2, &lay, &err), PD_OK);
    assert_int_equal(lay.header, 3);
    assert_int_equal(csv->rows[lay.header].row, 4);
    assert_int_equal(lay.titles, 2);
    assert_int_equal(lay.ncols, 4);
    pd_csv_free(&csv);
}

static void test_header_not_found(void **state)
{
    (void)state;
    struct pd_csv *csv = READ("甲,乙,丙\n1,2,3\n");
    struct pd_csv_layout lay;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_csv_find_header(csv, known, NULL, 2, &lay, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "no header row"));
    pd_csv_free(&csv);
    /* only one known name is not enough: a title could hold one */
    csv = READ("姓名,乙\n");
    assert_int_equal(pd_csv_find_header(csv, known, NULL, 2, &lay, &err), PD_ENOTFOUND);
    pd_csv_free(&csv);
    csv = READ("\n\n");
    pd_error_clear(&err);
    assert_int_equal(pd_csv_find_header(csv, known, NULL, 2, &lay, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "empty"));
    pd_csv_free(&csv);
    /* the header is looked for among the first 10 rows that hold anything */
    char big[512];
    size_t len = 0;
    for (int i = 0; i < PD_CSV_TITLE_MAX; i++)
        len += (size_t)snprintf(big + len, sizeof big - len, "标题\n");
    snprintf(big + len, sizeof big - len, "户编号,姓名\n");
    csv = read_ok(big, strlen(big));
    assert_int_equal(pd_csv_find_header(csv, known, NULL, 2, &lay, &err), PD_ENOTFOUND);
    pd_csv_free(&csv);
}

static void test_row_wider_than_header(void **state)
{
    (void)state;
    struct pd_csv *csv = READ("户编号,姓名\n1,张伟,,\n2,李娜,,多余\n");
    assert_int_equal(pd_csv_row_overflow(&csv->rows[1], 2), -1);
    assert_int_equal(pd_csv_row_overflow(&csv->rows[2], 2), 3);
    assert_int_equal(pd_csv_row_overflow(&csv->rows[2], 4), -1);
    pd_csv_free(&csv);
}

static void test_broken_quoting_refused(void **state)
{
    (void)state;
    /* a stray quote in an unquoted cell: row 2, column 2 */
    REFUSED("a,b\n张伟,宁波\"1号\n", "row 2, column 2", "quote");
    /* text after a closing quote */
    REFUSED("a,b\n\"x\"y,1\n", "row 2, column 1", "quote");
    /* a quote never closed would swallow the rest of the file */
    REFUSED("a,b\n1,\"宁波\n2,3\n4,5\n", "row 2, column 2", "never closed");
}

static void test_limits_refused(void **state)
{
    (void)state;
    REFUSED("a,b\n1,x\0y\n", "row 2, column 2", "NUL");
    size_t n = PD_CSV_CELL_MAX + 10;
    char *big = malloc(n + 16);
    memcpy(big, "a\n", 2);
    memset(big + 2, 'x', n);
    memcpy(big + 2 + n, "\n", 1);
    refused(big, n + 3, "row 2, column 1", "longer than");
    free(big);
    size_t wide = (PD_CSV_COLS_MAX + 5) * 2;
    char *w = malloc(wide + 1);
    for (size_t i = 0; i < wide; i += 2) {
        w[i] = 'x';
        w[i + 1] = ',';
    }
    w[wide - 1] = '\n';
    refused(w, wide, "row 1", "more than");
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quotes_commas_newlines),
        cmocka_unit_test(test_row_numbers_follow_the_spreadsheet),
        cmocka_unit_test(test_bom_skipped),
        cmocka_unit_test(test_crlf_lf_cr),
        cmocka_unit_test(test_trailing_blank_rows_and_columns),
        cmocka_unit_test(test_blank_cells),
        cmocka_unit_test(test_title_rows_before_header),
        cmocka_unit_test(test_header_not_found),
        cmocka_unit_test(test_row_wider_than_header),
        cmocka_unit_test(test_broken_quoting_refused),
        cmocka_unit_test(test_limits_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
