/* test_report.c - the output machinery (report/table.h, print.h) and the
 * subsidy lists built on it (report/subsidy_list.h): layout by display
 * width, text pages, GB18030, CSV quoting, a PDF with the font embedded,
 * printing through a stand-in lp (no shell), and the notice's content. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/policy_load.h"
#include "core/idnum.h"
#include "core/text.h"
#include "report/print.h"
#include "report/subsidy_list.h"
#include "report/table.h"
#include "fixture.h"

static char tmpdir[512];

/* fontconfig 2.14 (Debian 12) leaks 288 bytes in FcInit() itself, whoever
 * calls it; LeakSanitizer asks the program for suppressions through this
 * hook (used only in the sanitizer build). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static int setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "");
    const char *d = getenv("POPDESK_TEST_TMP");
    snprintf(tmpdir, sizeof tmpdir, "%s/report-%d", d && *d ? d : "/tmp", (int)getpid());
    return mkdir(tmpdir, 0700);
}

static int teardown(void **state)
{
    (void)state;
    rmdir(tmpdir);
    return 0;
}

static struct pd_report *sample(void)
{
    struct pd_report *r = pd_report_new("示范社区名单");
    struct pd_error err;
    assert_int_equal(pd_report_add_col(r, "序号", PD_ALIGN_RIGHT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "姓名", PD_ALIGN_LEFT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "身份证号", PD_ALIGN_LEFT, 0, true, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "备注", PD_ALIGN_LEFT, 10, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "金额", PD_ALIGN_RIGHT, 0, false, &err), PD_OK);
    const char *a[] = { "1", "王大伯", "11010519491231002X", "续发", "960" };
    const char *b[] = { "2", "欧阳小明", "330205195212310046", "含,逗号和\"引号\"", "12345" };
    const char *c[] = { "3", "Li Lei", "", "=SUM(A1)", "0" };
    assert_int_equal(pd_report_add_section(r, "一、新增对象(3人)", &err), PD_OK);
    assert_int_equal(pd_report_add_row(r, a, &err), PD_OK);
    assert_int_equal(pd_report_add_row(r, b, &err), PD_OK);
    assert_int_equal(pd_report_add_row(r, c, &err), PD_OK);
    assert_int_equal(pd_report_add_head(r, "年度: 2012", &err), PD_OK);
    assert_int_equal(pd_report_add_foot(r, "公示地点: 社区公示栏", &err), PD_OK);
    return r;
}

/* Display column where `needle` starts in `line`. */
static int col_of(const char *line, const char *needle)
{
    const char *at = strstr(line, needle);
    assert_non_null(at);
    char head[1024];
    size_t n = (size_t)(at - line);
    memcpy(head, line, n);
    head[n] = '\0';
    return pd_text_width(head);
}

static const char *line_with(char *text, const char *needle, char *out, size_t size)
{
    char *at = strstr(text, needle);
    assert_non_null(at);
    char *start = at;
    while (start > text && start[-1] != '\n')
        start--;
    size_t n = strcspn(start, "\n");
    assert_true(n < size);
    memcpy(out, start, n);
    out[n] = '\0';
    return out;
}

static void layout_by_display_width(void **state)
{
    (void)state;
    struct pd_report *r = sample();
    pd_report_layout(r);
    assert_int_equal(r->cols[0].width, 4);    /* 序号 */
    assert_int_equal(r->cols[1].width, 8);    /* 欧阳小明: 4 characters, 8 columns */
    assert_int_equal(r->cols[2].width, 18);
    assert_int_equal(r->cols[3].width, 10);   /* capped */
    assert_int_equal(pd_report_width(r), 4 + 8 + 18 + 10 + 5 + 4 * 2);
    assert_int_equal(pd_report_data_rows(r), 3);
    /* columns only before rows */
    struct pd_error err;
    assert_int_equal(pd_report_add_col(r, "迟到", PD_ALIGN_LEFT, 0, false, &err), PD_EINVAL);
    pd_report_free(&r);
    assert_null(r);
}

static void text_fixed_columns(void **state)
{
    (void)state;
    struct pd_report *r = sample();
    char *t = fx_report_text(r, "utf-8", 0, NULL);
    char l1[512], l2[512], l3[512];
    line_with(t, "王大伯", l1, sizeof l1);
    line_with(t, "欧阳小明", l2, sizeof l2);
    line_with(t, "Li Lei", l3, sizeof l3);
    /* the ID numbers start in the same display column whatever the name */
    assert_int_equal(col_of(l1, "11010519491231002X"), col_of(l2, "330205195212310046"));
    /* amounts right aligned: they end in the same column */
    assert_int_equal(col_of(l1, "960") + 3, col_of(l2, "12345") + 5);
    assert_int_equal(pd_text_width(l1), pd_text_width(l2));
    /* the long note is cut to 10 columns with a mark */
    assert_non_null(strstr(l2, "含,逗号和~"));
    assert_null(strstr(t, "引号"));
    /* title centred, head, section, foot; no page numbers without pages */
    fx_has_all(t, "示范社区名单\n年度: 2012\n", "\n一、新增对象(3人)\n",
               "\n公示地点: 社区公示栏\n");
    assert_null(strstr(t, "第 1 页"));
    assert_null(strstr(t, " \n"));   /* no trailing spaces */
    free(t);
    pd_report_free(&r);
}

static void text_pages(void **state)
{
    (void)state;
    struct pd_report *r = pd_report_new("长名单");
    struct pd_error err;
    pd_report_add_col(r, "序号", PD_ALIGN_RIGHT, 0, false, &err);
    pd_report_add_col(r, "姓名", PD_ALIGN_LEFT, 0, false, &err);
    for (int i = 1; i <= 25; i++) {
        char n[12];
        snprintf(n, sizeof n, "%d", i);
        const char *cells[] = { n, "张三丰" };
        assert_int_equal(pd_report_add_row(r, cells, &err), PD_OK);
    }
    pd_report_add_foot(r, "经办人(签字):", &err);
    char *t = fx_report_text(r, NULL, 20, NULL);
    /* 20 lines a page, 5 fixed: 15 body lines; 25 rows + blank + foot = 27 -> 2 pages */
    assert_non_null(strstr(t, "第 1 页 共 2 页"));
    assert_non_null(strstr(t, "第 2 页 共 2 页"));
    char *ff = strchr(t, '\f');
    assert_non_null(ff);
    int lines = 0;
    for (char *p = t; p < ff; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 20);
    /* the column header repeats on page 2, the foot is on the last page */
    assert_non_null(strstr(ff, "序号  姓名"));
    assert_non_null(strstr(ff, "经办人(签字):"));
    assert_null(strstr(t, "经办人") < ff ? strstr(t, "经办人") : NULL);
    free(t);
    /* too few lines for a page */
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    struct pd_report_opts o = { NULL, 5 };
    assert_int_equal(pd_report_write_text(r, m, &o, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "5 lines per page"));
    fclose(m);
    free(buf);
    pd_report_free(&r);
}

static void text_gb18030(void **state)
{
    (void)state;
    struct pd_report *r = sample();
    size_t n;
    char *t = fx_report_text(r, "gb18030", 0, &n);
    /* 王 is CD F5 in GB18030; no UTF-8 (E7 8E 8B) left */
    assert_non_null(memmem(t, n, "\xCD\xF5", 2));
    assert_null(memmem(t, n, "\xE7\x8E\x8B", 3));
    free(t);
    /* invalid UTF-8 cannot be converted: the message quotes the line */
    struct pd_error err;
    size_t outlen;
    assert_null(pd_report_recode("好\n坏\xFF行\n", 9, "gb18030", &outlen, &err));
    assert_non_null(strstr(err.msg, "cannot write this text in GB18030"));
    assert_non_null(strstr(err.msg, "坏"));
    assert_null(pd_report_recode("x", 1, "big5", &outlen, &err));
    assert_non_null(strstr(err.msg, "unknown encoding 'big5'"));
    pd_report_free(&r);
}

static void csv_for_spreadsheets(void **state)
{
    (void)state;
    struct pd_report *r = sample();
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    struct pd_error err;
    assert_int_equal(pd_report_write_csv(r, m, NULL, &err), PD_OK);
    fclose(m);
    assert_memory_equal(buf, "\xEF\xBB\xBF序号,姓名,身份证号,备注,金额\r\n", strlen("\xEF\xBB\xBF序号,姓名,身份证号,备注,金额\r\n"));
    assert_non_null(strstr(buf, "\r\n1,王大伯,\"=\"\"11010519491231002X\"\"\",续发,960\r\n"));
    assert_non_null(strstr(buf, "\r\n2,欧阳小明,\"=\"\"330205195212310046\"\"\",\"含,逗号和\"\"引号\"\"\",12345\r\n"));
    /* a formula from the data is quoted as text; an empty cell stays empty */
    assert_non_null(strstr(buf, "\r\n3,Li Lei,,\"'=SUM(A1)\",0\r\n"));
    /* no title, head, section or foot in a CSV */
    assert_null(strstr(buf, "新增对象"));
    assert_null(strstr(buf, "公示地点"));
    free(buf);
    /* GB18030: no BOM */
    buf = NULL;
    m = open_memstream(&buf, &n);
    struct pd_report_opts o = { "gb18030", 0 };
    assert_int_equal(pd_report_write_csv(r, m, &o, &err), PD_OK);
    fclose(m);
    assert_memory_equal(buf, "\xD0\xF2\xBA\xC5,", 5);   /* 序号, */
    free(buf);
    pd_report_free(&r);
}

static int count_pages(const char *pdf, size_t n)
{
    int pages = 0;
    for (const char *p = pdf; (p = memmem(p, n - (size_t)(p - pdf), "/Type /Page", 11)); p += 11)
        if (p[11] != 's')
            pages++;
    return pages;
}

static void pdf_written(void **state)
{
    (void)state;
    struct pd_report *r = sample();
    char path[600];
    snprintf(path, sizeof path, "%s/list.pdf", tmpdir);
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_report_write_file(r, PD_FMT_PDF, path, NULL, &err), PD_OK);
    size_t n;
    char *pdf = fx_read_file(path, &n);
    assert_non_null(pdf);
    assert_memory_equal(pdf, "%PDF-", 5);
    assert_non_null(memmem(pdf, n, "WenQuanYi", 9));      /* the font, by name */
    assert_non_null(memmem(pdf, n, "/FontFile2", 10));    /* ... embedded */
    assert_int_equal(count_pages(pdf, n), 1);
    free(pdf);
    unlink(path);
    pd_report_free(&r);

    /* 300 rows: several pages */
    r = pd_report_new("长名单");
    pd_report_add_col(r, "序号", PD_ALIGN_RIGHT, 0, false, &err);
    pd_report_add_col(r, "姓名", PD_ALIGN_LEFT, 0, false, &err);
    for (int i = 0; i < 300; i++) {
        char num[12];
        snprintf(num, sizeof num, "%d", i + 1);
        const char *cells[] = { num, "司马相如" };
        pd_report_add_row(r, cells, &err);
    }
    assert_int_equal(pd_report_write_pdf(r, path, &err), PD_OK);
    pdf = fx_read_file(path, &n);
    assert_true(count_pages(pdf, n) >= 5);
    free(pdf);
    unlink(path);

    /* a PDF to standard output, or into a missing folder */
    assert_int_equal(pd_report_write_file(r, PD_FMT_PDF, "-", NULL, &err), PD_EUSAGE);
    assert_non_null(strstr(err.msg, "needs a file name"));
    assert_int_equal(pd_report_write_pdf(r, "/nonexistent/dir/x.pdf", &err), PD_EIO);
    assert_non_null(strstr(err.msg, "cannot write the PDF /nonexistent/dir/x.pdf"));
    pd_report_free(&r);
}

static void text_and_csv_files(void **state)
{
    (void)state;
    struct pd_report *r = sample();
    char path[600];
    snprintf(path, sizeof path, "%s/list.csv", tmpdir);
    struct pd_error err;
    assert_int_equal(pd_report_write_file(r, PD_FMT_CSV, path, NULL, &err), PD_OK);
    size_t n;
    char *b = fx_read_file(path, &n);
    assert_memory_equal(b, "\xEF\xBB\xBF", 3);
    free(b);
    unlink(path);
    assert_int_equal(pd_report_write_file(r, PD_FMT_TEXT, "/nonexistent/x.txt", NULL, &err), PD_EIO);
    assert_non_null(strstr(err.msg, "cannot write /nonexistent/x.txt"));
    enum pd_report_format f;
    assert_int_equal(pd_report_format_parse("pdf", &f, &err), PD_OK);
    assert_int_equal(f, PD_FMT_PDF);
    assert_int_equal(pd_report_format_parse("xls", &f, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown format 'xls'"));
    pd_report_free(&r);
}

/* ---- printing ----------------------------------------------------------- */

static void write_script(const char *path, const char *body)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(path, 0700);
}

static void print_through_lp(void **state)
{
    (void)state;
    char file[600], lp[600], args[600], body[1400];
    snprintf(file, sizeof file, "%s/notice.txt", tmpdir);
    snprintf(lp, sizeof lp, "%s/lp", tmpdir);
    snprintf(args, sizeof args, "%s/args", tmpdir);
    FILE *f = fopen(file, "w");
    fputs("公示\n", f);
    fclose(f);
    /* a stand-in lp that records its arguments, one per line */
    snprintf(body, sizeof body, "for a in \"$@\"; do printf '%%s\\n' \"$a\"; done > '%s'\n"
             "echo 'request id is office-7 (1 file(s))'", args);
    write_script(lp, body);
    struct pd_print_opts o = { .printer = "office; touch /tmp/pwned", .title = "奖扶 2012", .raw = true, .lp = lp };
    char job[128];
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_print_file(file, &o, job, sizeof job, &err), PD_OK);
    assert_string_equal(job, "request id is office-7 (1 file(s))");
    size_t n;
    char *a = fx_read_file(args, &n);
    char want[1200];
    snprintf(want, sizeof want, "-d\noffice; touch /tmp/pwned\n-t\n奖扶 2012\n-o\nraw\n%s\n", file);
    assert_string_equal(a, want);   /* no shell: the name is one argument */
    free(a);
    unlink(args);

    /* the spooler refuses: lp's words, a hint, and the file kept */
    write_script(lp, "echo 'lp: Error - no default destination available.' >&2; exit 1");
    o.printer = NULL;
    o.raw = false;
    assert_int_equal(pd_print_file(file, &o, NULL, 0, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "the print spooler refused the job: lp: Error - no default destination available."));
    assert_non_null(strstr(err.msg, "[print] printer"));
    assert_non_null(strstr(err.msg, "the file is kept at"));
    assert_int_equal(access(file, F_OK), 0);

    /* no lp at all */
    o.lp = "/nonexistent/bin/lp";
    assert_int_equal(pd_print_file(file, &o, NULL, 0, &err), PD_EIO);
    assert_non_null(strstr(err.msg, "cannot run /nonexistent/bin/lp"));
    assert_non_null(strstr(err.msg, "cups-client"));
    assert_non_null(strstr(err.msg, file));
    assert_int_equal(access(file, F_OK), 0);

    /* an lp that hangs is given up on */
    write_script(lp, "exec sleep 30");
    o.lp = lp;
    o.timeout_seconds = 1;
    assert_int_equal(pd_print_file(file, &o, NULL, 0, &err), PD_EIO);
    assert_non_null(strstr(err.msg, "did not answer within 1 seconds"));

    /* nothing to print */
    assert_int_equal(pd_print_file("/nonexistent/notice.pdf", &o, NULL, 0, &err), PD_EIO);
    assert_non_null(strstr(err.msg, "nothing to print"));
    unlink(lp);
    unlink(file);
}

/* ---- the subsidy notice ------------------------------------------------- */

static void notice_content(void **state)
{
    (void)state;
    const char *top = getenv("POPDESK_TOP");
    char path[1024];
    snprintf(path, sizeof path, "%s/conf/policy/zhejiang-2012.ini", top && *top ? top : ".");
    struct pd_policy policy;
    struct pd_error err;
    assert_int_equal(pd_policy_load(path, &policy, &err), PD_OK);

    struct pd_confirm_row rows[2];
    memset(rows, 0, sizeof rows);
    struct pd_person_facts *f = &rows[0].facts;
    snprintf(f->pid, sizeof f->pid, "330205001001P0000002");
    snprintf(f->name, sizeof f->name, "李阿婆");
    snprintf(f->id_number, sizeof f->id_number, "330205195212310046");
    snprintf(f->spouse_name, sizeof f->spouse_name, "王大伯");
    f->sex = '2';
    f->birth = (struct pd_date){ 1952, 12, 31 };
    f->reg_type = '2';
    f->nchildren = 2;
    f->children[0] = (struct pd_child_facts){ .sex = '2', .birth = { 1976, 1, 1 }, .alive = true, .within_policy = 1 };
    f->children[1] = (struct pd_child_facts){ .sex = '2', .birth = { 1979, 2, 2 }, .alive = true, .within_policy = 1 };
    pd_subsidy_assess(&policy, PD_PROG_REWARD, 2012, f, &rows[0].result);
    rows[0].status = PD_CONFIRM_NEW;
    rows[1] = rows[0];
    f = &rows[1].facts;
    snprintf(f->name, sizeof f->name, "钱老汉");
    snprintf(f->id_number, sizeof f->id_number, "330205194804040233");
    f->sex = '1';
    f->status = PD_PS_DEAD;
    f->end_date = (struct pd_date){ 2012, 3, 1 };
    pd_subsidy_assess(&policy, PD_PROG_REWARD, 2012, f, &rows[1].result);
    rows[1].status = PD_CONFIRM_LEAVING;
    rows[1].last_amount = 720;
    struct pd_confirmation c = { .prog = PD_PROG_REWARD, .year = 2012, .nrows = 2, .rows = rows,
                                 .count = { 1, 0, 1 }, .amount = { 960, 0, 720 } };
    struct pd_notice_info info = {
        .district = "江北区", .township = "甬江街道", .village = "示范社区", .days = 7,
        .start = { 2012, 6, 15 }, .phone_village = "0574-87000001", .phone_town = "0574-87000002",
        .phone_county = "0574-87000003", .place = "社区公示栏",
    };
    struct pd_report *r = pd_subsidy_notice(&c, &policy, &info, &err);
    assert_non_null(r);
    assert_string_equal(r->title, "江北区甬江街道示范社区2012年度农村部分计划生育家庭奖励扶助对象公示名单");
    assert_int_equal(r->ncols, 13);
    assert_string_equal(r->cols[6].title, "身份证号");
    char *t = fx_report_text(r, "utf-8", 0, NULL);
    assert_non_null(strstr(t, "330205********0046"));
    assert_null(strstr(t, "330205195212310046"));
    assert_non_null(strstr(t, "一、新增对象(1人)"));
    assert_non_null(strstr(t, "三、退出对象(1人)"));
    assert_null(strstr(t, "二、续发对象"));
    assert_non_null(strstr(t, "奖扶·双女"));
    assert_non_null(strstr(t, "2女"));
    assert_non_null(strstr(t, "王大伯"));   /* spouse */
    fx_has_all(t, "退出:已死亡(2012-03-01)", "公示期: 2012年6月15日至2012年6月21日(7天)",
               "村(社区) 0574-87000001   街道(乡镇) 0574-87000002   区(县) 0574-87000003",
               "公示地点: 社区公示栏", "经办人(签字)", "合计: 扶助 1 人, 年金额 960 元");
    free(t);
    pd_report_free(&r);

    /* the work list shows the full number and the failing condition */
    r = pd_subsidy_worklist(&c, &policy, &info, &err);
    t = fx_report_text(r, "utf-8", 0, NULL);
    fx_has_all(t, "330205195212310046", "资格确认名单", "已死亡(2012-03-01)", "待审批");
    free(t);
    pd_report_free(&r);
    char d[40];
    pd_date_zh((struct pd_date){ 2012, 6, 5 }, d, sizeof d);
    assert_string_equal(d, "2012年6月5日");
}

/* A viewer's lists: every 身份证号 column and item/content row masked while
 * masking is on; other columns (the 18-digit household code) untouched;
 * full numbers again once it is off. */
static void ids_masked_for_viewers(void **state)
{
    (void)state;
    struct pd_error err;
    pd_report_mask_ids(true);
    struct pd_report *r = pd_report_new("育龄妇女名册");
    assert_int_equal(pd_report_add_col(r, "姓名", PD_ALIGN_LEFT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "身份证号", PD_ALIGN_LEFT, 0, true, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "户编号", PD_ALIGN_LEFT, 0, true, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "配偶身份证号", PD_ALIGN_LEFT, 0, true, &err), PD_OK);
    const char *row[4] = { "王秀兰", "33020519850612002X", "330205001001010001", "330205198301150031" };
    assert_int_equal(pd_report_add_row(r, row, &err), PD_OK);
    const char *empty[4] = { "李娜", "", "330205001001010002", NULL };
    assert_int_equal(pd_report_add_row(r, empty, &err), PD_OK);
    struct pd_report_row got;
    assert_int_equal(pd_report_row_get(r, 0, &got, &err), PD_OK);
    assert_string_equal(got.cells[1], "330205********002X");
    assert_string_equal(got.cells[2], "330205001001010001");
    assert_string_equal(got.cells[3], "330205********0031");
    assert_int_equal(pd_report_row_get(r, 1, &got, &err), PD_OK);
    assert_string_equal(got.cells[1], "");
    pd_report_free(&r);
    /* a printed record: item and content */
    r = pd_report_new("再生育审批表");
    assert_int_equal(pd_report_add_col(r, "项目", PD_ALIGN_LEFT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "内容", PD_ALIGN_LEFT, 0, false, &err), PD_OK);
    const char *kv1[2] = { "女方身份证号", "33020519850612002X" };
    const char *kv2[2] = { "女方姓名", "王秀兰" };
    assert_int_equal(pd_report_add_row(r, kv1, &err), PD_OK);
    assert_int_equal(pd_report_add_row(r, kv2, &err), PD_OK);
    assert_int_equal(pd_report_row_get(r, 0, &got, &err), PD_OK);
    assert_string_equal(got.cells[1], "330205********002X");
    assert_int_equal(pd_report_row_get(r, 1, &got, &err), PD_OK);
    assert_string_equal(got.cells[1], "王秀兰");
    char b[PD_ID_BUFSZ];
    assert_string_equal(pd_report_id_shown("33020519850612002X", b, sizeof b), "330205********002X");
    pd_report_free(&r);
    /* off: the full number */
    pd_report_mask_ids(false);
    r = pd_report_new("再生育审批表");
    assert_int_equal(pd_report_add_col(r, "项目", PD_ALIGN_LEFT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_col(r, "内容", PD_ALIGN_LEFT, 0, false, &err), PD_OK);
    assert_int_equal(pd_report_add_row(r, kv1, &err), PD_OK);
    assert_int_equal(pd_report_row_get(r, 0, &got, &err), PD_OK);
    assert_string_equal(got.cells[1], "33020519850612002X");
    assert_string_equal(pd_report_id_shown("33020519850612002X", b, sizeof b), "33020519850612002X");
    pd_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout_by_display_width),
        cmocka_unit_test(text_fixed_columns),
        cmocka_unit_test(text_pages),
        cmocka_unit_test(text_gb18030),
        cmocka_unit_test(csv_for_spreadsheets),
        cmocka_unit_test(pdf_written),
        cmocka_unit_test(text_and_csv_files),
        cmocka_unit_test(print_through_lp),
        cmocka_unit_test(notice_content),
        cmocka_unit_test(ids_masked_for_viewers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
