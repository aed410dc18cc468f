/* test_report_spill.c - a report too long for memory (report/table.h): its
 * rows go to a temporary file and come back the same, in order and out of
 * order; the widths are known without a pass; the text, CSV and the
 * screens' lines agree; a GB18030 file written in pieces is the same as the
 * UTF-8 text converted whole; bad row and line numbers are refused in
 * words. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/table.h"

static char tmpdir[512];

static int setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "");
    const char *d = getenv("POPDESK_TEST_TMP");
    snprintf(tmpdir, sizeof tmpdir, "%s/spill-%d", d && *d ? d : "/tmp", (int)getpid());
    if (mkdir(tmpdir, 0700) != 0)
        return -1;
    setenv("TMPDIR", tmpdir, 1);   /* the spill file is made here, and unlinked */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[600];
    static const char *const files[] = { "a.txt", "b.csv", "c.txt" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, files[i]);
        unlink(p);
    }
    rmdir(tmpdir);
    return 0;
}

#define ROWS 60000   /* about 6 MB of cells: more than the 4 MB kept in memory */

static void cells_of(int i, char *no, char *name, char *id, char *note)
{
    static const char *const names[] = { "王秀英", "李娜", "欧阳小明", "张伟" };
    snprintf(no, 16, "%d", i + 1);
    snprintf(name, 32, "%s%d", names[i % 4], i % 97);
    snprintf(id, 24, "3302051985%08d", i);
    snprintf(note, 96, "第%d行的备注，记录在案的说明文字比较长一些以便占用更多空间", i);
}

static struct pd_report *long_report(void)
{
    struct pd_report *r = pd_report_new("已婚育龄妇女避孕节育花名册");
    struct pd_error err;
    assert_non_null(r);
    assert_int_equal(pd_report_add_col(r, "序号", PD_ALIGN_RIGHT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "姓名", PD_ALIGN_LEFT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "身份证号", PD_ALIGN_LEFT, 0, true, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "说明", PD_ALIGN_LEFT, 30, false, &err), PD_OK);
    assert_int_equal(pd_report_add_head(r, "单位: 示范社区", &err), PD_OK);
    for (int i = 0; i < ROWS; i++) {
        if (i % 20000 == 0) {
            char sec[64];
            snprintf(sec, sizeof sec, "第%d段", i / 20000 + 1);
            assert_int_equal(pd_report_add_section(r, sec, &err), PD_OK);
        }
        char no[16], name[32], id[24], note[96];
        cells_of(i, no, name, id, note);
        const char *cells[] = { no, name, id, note };
        assert_int_equal(pd_report_add_row(r, cells, &err), PD_OK);
    }
    assert_int_equal(pd_report_add_foot(r, "共 60000 人", &err), PD_OK);
    return r;
}

static void rows_come_back(void **state)
{
    (void)state;
    struct pd_report *r = long_report();
    struct pd_error err;
    assert_int_equal(r->nrows, ROWS + 3);
    assert_int_equal(pd_report_data_rows(r), ROWS);
    /* widths known from the cells as they were added, the cap applied */
    pd_report_layout(r);
    assert_int_equal(r->cols[0].width, 5);        /* "60000" */
    assert_int_equal(r->cols[2].width, 18);
    assert_int_equal(r->cols[3].width, 30);
    assert_true(r->cols[3].natural > 30);
    /* in order, then jumping about (the screens scroll both ways) */
    struct pd_report_row row;
    int data = 0;
    for (int i = 0; i < r->nrows; i++) {
        assert_int_equal(pd_report_row_get(r, i, &row, &err), PD_OK);
        if (row.section)
            continue;
        char no[16], name[32], id[24], note[96];
        cells_of(data, no, name, id, note);
        assert_string_equal(row.cells[0], no);
        assert_string_equal(row.cells[1], name);
        assert_string_equal(row.cells[3], note);
        data++;
    }
    assert_int_equal(data, ROWS);
    int picks[] = { 50001, 0, 20001, 60002, 1, 40002 };
    for (size_t k = 0; k < sizeof picks / sizeof picks[0]; k++) {
        assert_int_equal(pd_report_row_get(r, picks[k], &row, &err), PD_OK);
        if (picks[k] == 0 || picks[k] == 20001 || picks[k] == 40002) {
            assert_true(row.section);
        } else {
            char id[24];
            int i = picks[k] - 1 - picks[k] / 20001;
            snprintf(id, sizeof id, "3302051985%08d", i);
            assert_string_equal(row.cells[2], id);
        }
    }
    assert_int_equal(pd_report_row_get(r, r->nrows, &row, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "of a report of"));
    assert_int_equal(pd_report_row_get(r, -1, &row, &err), PD_EINVAL);
    /* the temporary file is unlinked at once: nothing in TMPDIR to read */
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    struct dirent *e;
    int entries = 0;
    while ((e = readdir(d)))
        entries += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(entries, 0);
    pd_report_free(&r);
    assert_null(r);
}

/* The text file equals the lines the screens show, one by one. */
static void text_equals_screen_lines(void **state)
{
    (void)state;
    struct pd_report *r = long_report();
    struct pd_error err;
    char path[600];
    snprintf(path, sizeof path, "%s/a.txt", tmpdir);
    assert_int_equal(pd_report_write_file(r, PD_FMT_TEXT, path, NULL, &err), PD_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int n = pd_report_text_lines(r);
    assert_int_equal(n, 1 + 1 + 1 + 2 + ROWS + 3 + 2);
    char *line = NULL;
    size_t cap = 0;
    for (int i = 0; i < n; i++) {
        ssize_t len = getline(&line, &cap, f);
        assert_true(len >= 0);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        char shown[4096];
        assert_int_equal(pd_report_text_line(r, i, shown, sizeof shown, &err), PD_OK);
        if (strcmp(shown, line) != 0)
            fail_msg("line %d: file '%s', screen '%s'", i + 1, line, shown);
    }
    assert_int_equal(getline(&line, &cap, f), -1);
    fclose(f);
    free(line);
    char shown[64];
    assert_int_equal(pd_report_text_line(r, 2, shown, sizeof shown, &err), PD_OK);
    assert_string_equal(shown, "");                       /* the blank after the heading */
    assert_int_equal(pd_report_text_line(r, 5, shown, sizeof shown, &err), PD_OK);
    assert_string_equal(shown, "第1段");
    /* a line cut to a small buffer ends on a whole character */
    char small[8];
    assert_int_equal(pd_report_text_line(r, 7, small, sizeof small, &err), PD_OK);
    assert_true(strlen(small) < sizeof small);
    assert_int_equal(pd_report_text_line(r, n, shown, sizeof shown, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "line"));
    pd_report_free(&r);
}

/* CSV in pieces: one BOM, every row once; GB18030 text in pieces is the
 * UTF-8 text converted whole. */
static void csv_and_gb18030_in_pieces(void **state)
{
    (void)state;
    struct pd_report *r = long_report();
    struct pd_error err;
    char path[600];
    snprintf(path, sizeof path, "%s/b.csv", tmpdir);
    assert_int_equal(pd_report_write_file(r, PD_FMT_CSV, path, NULL, &err), PD_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    int lines = 0, boms = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lines++;
        if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            boms++;
    }
    fclose(f);
    assert_int_equal(lines, ROWS + 1);
    assert_int_equal(boms, 1);

    snprintf(path, sizeof path, "%s/c.txt", tmpdir);
    struct pd_report_opts gb = { "gb18030", 0 };
    assert_int_equal(pd_report_write_file(r, PD_FMT_TEXT, path, &gb, &err), PD_OK);
    char *utf = NULL;
    size_t ulen = 0;
    FILE *m = open_memstream(&utf, &ulen);
    assert_int_equal(pd_report_write_text(r, m, NULL, &err), PD_OK);
    fclose(m);
    size_t glen;
    char *whole = pd_report_recode(utf, ulen, "gb18030", &glen, &err);
    assert_non_null(whole);
    f = fopen(path, "rb");
    assert_non_null(f);
    char *got = malloc(glen + 16);
    assert_non_null(got);
    size_t n = fread(got, 1, glen + 16, f);
    fclose(f);
    assert_int_equal(n, glen);
    assert_memory_equal(got, whole, glen);
    free(got);
    free(whole);
    free(utf);
    free(line);
    pd_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_come_back),
        cmocka_unit_test(text_equals_screen_lines),
        cmocka_unit_test(csv_and_gb18030_in_pieces),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
