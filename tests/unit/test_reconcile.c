/* test_reconcile.c - reconciliation with other departments' lists: the
 * columns and rows of each source (core/reconcile.c), matching by ID
 * number, 15-digit numbers, by name + birth date + sex and by the mother's
 * child, each group and each kind of contradiction, decisions hidden on the
 * next run and shown with `all`, bad rows and bad headers with their
 * words, GB18030 files, and the run saving nothing when a row is bad
 * (app/reconcile_run.c, store/reconcile_store.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>

#include "app/reconcile_run.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/reconcile.h"
#include "store/reconcile_store.h"
#include "testutil.h"

#define HH "330205001001010001"
#define HH2 "330205001001010002"

/* ---- helpers ---- */

/* An 18-character ID number: address 330205, birth YYYYMMDD, sequence. */
static void make_id(char out[PD_ID_BUFSZ], const char *birth8, const char *seq3)
{
    char first[18];
    snprintf(first, sizeof first, "330205%s%s", birth8, seq3);
    snprintf(out, PD_ID_BUFSZ, "%s%c", first, pd_id_check_char(first));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("POPDESK_TEST_TMP");
    snprintf(buf, size, "%s/%s-%d.csv", dir && *dir ? dir : "/tmp", name, (int)getpid());
}

static struct pd_csv *csv_of(const char *text)
{
    struct pd_csv *csv = NULL;
    struct pd_error err;
    assert_int_equal(pd_csv_read(text, strlen(text), &csv, &err), PD_OK);
    return csv;
}

/* ---- the register of the tests ---- */

struct reg {
    struct pd_db *db;
    char zs[20], lm[20], ww[20], zl[20], sq[20], zb[20], wj[20], ql[20], fs[20];
    char p_zs[40], p_lm[40], p_zb[40], p_wj[40], p_baby[40], p_sq[40];
};

static struct reg R;

static void add(const char *hh, const char *name, const char *id, const char *sex, const char *birth,
                const char *extra, char *pid)
{
    char js[800];
    snprintf(js, sizeof js, "{\"name\":\"%s\",\"id_number\":\"%s\",\"sex\":\"%s\",\"birth_date\":\"%s\","
             "\"reg_address\":\"江北区甬江街道示范社区%s号\"%s%s}", name, id, sex, birth,
             strcmp(hh, HH) == 0 ? "1" : "2", extra[0] ? "," : "", extra);
    struct pd_error err;
    char p[40];
    if (test_save(R.db, "person.add", hh, NULL, js, p, &err) != PD_OK)
        fail_msg("%s: %s", name, err.msg);
    if (pid)
        snprintf(pid, 40, "%s", p);
}

static int setup(void **state)
{
    (void)state;
    memset(&R, 0, sizeof R);
    R.db = test_db_open("reconcile");
    struct pd_error err;
    assert_int_equal(test_save(R.db, "household.add", HH, NULL,
                               "{\"code\":\"" HH "\",\"address\":\"江北区甬江街道示范社区1号\",\"police_no\":\"A1001\"}",
                               NULL, &err), PD_OK);
    assert_int_equal(test_save(R.db, "household.add", HH2, NULL,
                               "{\"code\":\"" HH2 "\",\"address\":\"江北区甬江街道示范社区2号\",\"police_no\":\"A1002\"}",
                               NULL, &err), PD_OK);
    make_id(R.zs, "19850315", "001");   /* 张三 m */
    make_id(R.lm, "19870620", "002");   /* 李梅 f */
    make_id(R.ww, "19500101", "003");   /* 王五 m */
    make_id(R.zl, "19600505", "005");   /* 赵六 m */
    make_id(R.sq, "19700707", "006");   /* 孙七 f */
    make_id(R.zb, "19450202", "007");   /* 周八 m */
    make_id(R.wj, "19900909", "008");   /* 吴九 f */
    make_id(R.ql, "19300303", "009");   /* 钱老 m, dead */
    make_id(R.fs, "19320404", "011");   /* 冯四 m, dead */
    add(HH, "张三", R.zs, "1", "1985-03-15", "\"relation\":\"02\",\"marital\":\"20\",\"marital_date\":\"2010-01-01\"", R.p_zs);
    add(HH, "李梅", R.lm, "2", "1987-06-20", "\"relation\":\"10\",\"marital\":\"20\",\"marital_date\":\"2010-01-01\"", R.p_lm);
    add(HH, "王五", R.ww, "1", "1950-01-01", "\"relation\":\"50\"", NULL);
    add(HH2, "赵六", R.zl, "1", "1960-05-05", "\"relation\":\"02\"", NULL);
    add(HH2, "孙七", R.sq, "2", "1970-07-07", "\"relation\":\"10\",\"marital\":\"10\"", R.p_sq);
    add(HH2, "周八", R.zb, "1", "1945-02-02", "\"relation\":\"50\"", R.p_zb);
    add(HH2, "吴九", R.wj, "2", "1990-09-09", "\"relation\":\"30\",\"marital\":\"10\"", R.p_wj);
    char ql[40], fs[40];
    add(HH2, "钱老", R.ql, "1", "1930-03-03", "\"relation\":\"60\"", ql);
    add(HH2, "冯四", R.fs, "1", "1932-04-04", "\"relation\":\"60\"", fs);
    assert_int_equal(test_save(R.db, "person.death", HH2, ql, "{\"date\":\"2012-02-01\"}", NULL, &err), PD_OK);
    assert_int_equal(test_save(R.db, "person.death", HH2, fs, "{\"date\":\"2012-02-10\"}", NULL, &err), PD_OK);
    /* 李梅's baby, recorded without an ID number */
    char js[300];
    snprintf(js, sizeof js, "{\"name\":\"张小宝\",\"sex\":\"1\",\"birth_date\":\"2012-03-01\",\"relation\":\"20\","
             "\"mother\":\"%s\"}", R.p_lm);
    if (test_save(R.db, "person.birth", HH, NULL, js, R.p_baby, &err) != PD_OK)
        fail_msg("birth: %s", err.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_db_close(&R.db);
    return 0;
}

/* ---- collecting a run's results ---- */

struct got {
    int n;
    struct pd_rec_item it[32];
};

static int grab(void *ctx, const struct pd_rec_item *it)
{
    struct got *g = ctx;
    if (g->n < 32)
        g->it[g->n++] = *it;
    return 0;
}

static const struct pd_rec_item *find(const struct got *g, const char *name)
{
    for (int i = 0; i < g->n; i++)
        if (strcmp(g->it[i].name, name) == 0)
            return &g->it[i];
    return NULL;
}

static pd_err run_text(const char *name, enum pd_rec_source src, const char *text, struct pd_rec_outcome *oc,
                       struct pd_error *err)
{
    char path[512];
    tmp_path(path, sizeof path, name);
    write_file(path, text);
    pd_error_clear(err);
    pd_err rc = pd_reconcile_run(R.db, path, src, PD_ENC_AUTO, "clerk01", oc, err);
    unlink(path);
    return rc;
}

static char police_list[4096];

static const char *police_text(void)
{
    char zl15[16];
    /* 赵六's number as an old 15-digit one: no century, no check character */
    snprintf(zl15, sizeof zl15, "%.6s%.9s", R.zl, R.zl + 8);
    char stranger[20];
    make_id(stranger, "19991212", "013");
    snprintf(police_list, sizeof police_list,
             "江北区公安分局 户籍人口名单（2012年6月）\n"
             "姓名,身份证号,性别,出生日期,人员状态,户籍地址,户号,婚姻状况,民族\n"
             "张三,%s,男,1985-03-15,正常,江北区甬江街道示范社区1号,A1001,已婚,汉族\n"
             "李梅,%s,女,1987.6.20,正常,江北区甬江街道示范社区1号,A1001,初婚,汉族\n"
             "王五,,男,1950年1月1日,正常,江北区甬江街道 示范社区1号,A1001,,汉族\n"
             "赵六,%s,男,,正常,江北区甬江街道示范社区2号,A1002,,汉族\n"
             "周八,%s,男,1945-02-02,死亡,江北区甬江街道示范社区2号,A1002,,汉族\n"
             "吴九,%s,女,1990-09-09,正常,江北区庄桥街道新村8号,A1009,离婚,汉族\n"
             "陈外,%s,男,1999-12-12,正常,江北区甬江街道示范社区3号,A1003,未婚,汉族\n",
             R.zs, R.lm, zl15, R.zb, R.wj, stranger);
    return police_list;
}

/* ---- pure: columns, rows, keys, pieces ---- */

static void test_header_aliases_and_titles(void **state)
{
    (void)state;
    struct pd_csv *csv = csv_of("名单\n\nName,ID number,Sex,Date of Birth,状态,住址,户口簿号,婚姻,电话\n");
    struct pd_rec_header h;
    struct pd_error err;
    assert_int_equal(pd_rec_header_read(csv, PD_REC_POLICE, &h, &err), PD_OK);
    assert_int_equal(h.header, 2);
    assert_int_equal(h.cell_of[RC_NAME], 0);
    assert_int_equal(h.cell_of[RC_ID], 1);
    assert_int_equal(h.cell_of[RC_BIRTH], 3);
    assert_int_equal(h.cell_of[RC_STATUS], 4);
    assert_int_equal(h.cell_of[RC_ADDRESS], 5);
    assert_int_equal(h.cell_of[RC_POLICE_NO], 6);
    assert_int_equal(h.cell_of[RC_MARITAL], 7);
    assert_non_null(strstr(h.ignored, "电话"));
    pd_csv_free(&csv);
}

static void test_bad_headers(void **state)
{
    (void)state;
    struct pd_rec_header h;
    struct pd_error err;
    struct pd_csv *csv = csv_of("姓名,身份证号,户籍地址,住址\n张三,,,\n");
    assert_int_equal(pd_rec_header_read(csv, PD_REC_POLICE, &h, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "'户籍地址' and '住址' both give"));
    pd_csv_free(&csv);

    csv = csv_of("姓名,身份证号,日期\n张三,,\n");
    assert_int_equal(pd_rec_header_read(csv, PD_REC_CIVIL, &h, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "no column 事项"));

    pd_csv_free(&csv);
    csv = csv_of("姓名,性别\n张三,男\n");
    assert_int_equal(pd_rec_header_read(csv, PD_REC_POLICE, &h, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "needs both 出生日期"));
    pd_csv_free(&csv);

    csv = csv_of("a,b,c\n1,2,3\n");
    assert_int_equal(pd_rec_header_read(csv, PD_REC_HOSPITAL, &h, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "no header row"));
    assert_non_null(strstr(err.msg, "母亲身份证号"));
    pd_csv_free(&csv);

    /* the hospital's list must name the mother */
    csv = csv_of("婴儿姓名,性别,出生日期\n张小宝,男,2012-03-01\n");
    assert_int_equal(pd_rec_header_read(csv, PD_REC_HOSPITAL, &h, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "no column 母亲身份证号"));
    pd_csv_free(&csv);
}

static void test_rows_normalised_and_refused(void **state)
{
    (void)state;
    char zs15[16], bad[20];
    snprintf(zs15, sizeof zs15, "%.6s%.9s", R.zs, R.zs + 8);
    snprintf(bad, sizeof bad, "%.17s%c", R.zs, R.zs[17] == '0' ? '1' : '0');
    char text[1024];
    snprintf(text, sizeof text, "姓名,身份证号,性别,出生日期,人员状态\n"
             "张三,%s,,,\n"                 /* 15 digits: converted, sex and birth from it */
             "张三,%s,男,1985-03-15,正常\n"  /* wrong check character */
             "李四,,男,1985-02-30,在册\n"    /* no such date */
             "王五,,男,1950-01-01,失踪\n"    /* not a status */
             ",%s,女,,\n",                   /* no name; sex disagrees with the ID */
             zs15, bad, R.zs);
    struct pd_csv *csv = csv_of(text);
    struct pd_rec_header h;
    struct pd_error err;
    assert_int_equal(pd_rec_header_read(csv, PD_REC_POLICE, &h, &err), PD_OK);
    struct pd_rec_row row;
    struct pd_rec_problem p[8];
    int more = 0;
    struct pd_date today = { 2012, 6, 15 };
    assert_int_equal(pd_rec_row_read(&h, &csv->rows[1], today, &row, p, 8, &more), 0);
    assert_string_equal(row.id, R.zs);
    assert_true(row.id15);
    assert_string_equal(row.sex, "1");
    assert_string_equal(row.birth, "1985-03-15");
    assert_string_equal(row.status, "active");

    assert_int_equal(pd_rec_row_read(&h, &csv->rows[2], today, &row, p, 8, &more), 1);
    assert_int_equal(p[0].row, 3);
    assert_string_equal(p[0].column, "身份证号");
    assert_non_null(strstr(p[0].msg, "check character"));

    assert_int_equal(pd_rec_row_read(&h, &csv->rows[3], today, &row, p, 8, &more), 1);
    assert_string_equal(p[0].column, "出生日期");

    assert_int_equal(pd_rec_row_read(&h, &csv->rows[4], today, &row, p, 8, &more), 1);
    assert_string_equal(p[0].column, "人员状态");
    assert_non_null(strstr(p[0].msg, "'失踪' is not a status"));

    assert_int_equal(pd_rec_row_read(&h, &csv->rows[5], today, &row, p, 8, &more), 2);
    assert_non_null(strstr(p[0].msg, "name is empty"));
    assert_non_null(strstr(p[1].msg, "disagrees with the ID number"));
    pd_csv_free(&csv);
}

static void test_keys_and_pieces(void **state)
{
    (void)state;
    const char *a[] = { "police", "contradicted", "fields", "x" };
    const char *b[] = { "police", "contradicted", "fields", "y" };
    const char *c[] = { "police", "contradicte", "dfields", "x" };
    char ka[20], kb[20], kc[20], ka2[20];
    pd_rec_key(a, 4, ka);
    pd_rec_key(a, 4, ka2);
    pd_rec_key(b, 4, kb);
    pd_rec_key(c, 4, kc);
    assert_int_equal(strlen(ka), 16);
    assert_string_equal(ka, ka2);
    assert_string_not_equal(ka, kb);
    assert_string_not_equal(ka, kc);

    const char *t = "h1,h2\r\na,\"two\nlines\"\r\nb,c\nd,e";
    size_t len = strlen(t);
    int rows;
    size_t end = pd_rec_piece(t, len, 0, 2, &rows);
    assert_int_equal(rows, 2);
    assert_string_equal(t + end, "b,c\nd,e");
    end = pd_rec_piece(t, len, end, 2, &rows);
    assert_int_equal(rows, 2);
    assert_int_equal(end, len);
}

/* ---- runs ---- */

static void test_police_run_groups(void **state)
{
    (void)state;
    struct pd_rec_outcome oc;
    struct pd_error err;
    pd_err rc = run_text("police", PD_REC_POLICE, police_text(), &oc, &err);
    if (rc != PD_OK)
        fail_msg("%s (%d problems)", err.msg, oc.nproblems);
    assert_int_equal(oc.info.rows, 7);
    assert_int_equal(oc.id15, 1);
    assert_non_null(strstr(oc.ignored, "民族"));
    assert_int_equal(oc.info.count[PD_REC_CONSISTENT], 4);     /* 张三, 李梅, 王五 by name, 赵六 by 15 digits */
    assert_int_equal(oc.info.count[PD_REC_MISSING], 1);        /* 陈外 */
    assert_int_equal(oc.info.count[PD_REC_CONTRADICTED], 2);   /* 周八 dead, 吴九 address+household+marital */
    assert_int_equal(oc.info.count[PD_REC_UNKNOWN], 2);        /* 孙七 and the baby */
    pd_rec_outcome_free(&oc);

    struct got g = { 0 };
    assert_int_equal(pd_rec_each(R.db, PD_REC_POLICE, -1, true, grab, &g, &err), PD_OK);
    const struct pd_rec_item *it = find(&g, "周八");
    assert_non_null(it);
    assert_int_equal(it->group, PD_REC_CONTRADICTED);
    assert_non_null(strstr(it->diffs, "\"field\":\"status\""));
    assert_non_null(strstr(it->diffs, "\"ours\":\"active\""));
    assert_non_null(strstr(it->diffs, "\"theirs\":\"dead\""));
    assert_string_equal(it->event, "person.death");
    assert_string_equal(it->ev_pid, R.p_zb);

    it = find(&g, "吴九");
    assert_non_null(it);
    assert_non_null(strstr(it->diffs, "\"field\":\"address\""));
    assert_non_null(strstr(it->diffs, "江北区庄桥街道新村8号"));
    assert_non_null(strstr(it->diffs, "\"field\":\"household\",\"ours\":\"A1002\",\"theirs\":\"A1009\""));
    assert_non_null(strstr(it->diffs, "\"field\":\"marital\",\"ours\":\"10\",\"theirs\":\"40\""));
    char words[600];
    pd_rec_diffs_text(it->diffs, false, words, sizeof words);
    assert_non_null(strstr(words, "婚姻状况：本地 未婚，对方 离婚"));

    it = find(&g, "王五");
    assert_non_null(it);
    assert_int_equal(it->group, PD_REC_CONSISTENT);   /* spaces in the address do not count */
    it = find(&g, "陈外");
    assert_non_null(it);
    assert_int_equal(it->group, PD_REC_MISSING);
    assert_string_equal(it->kind, "person");
    assert_int_equal(it->row, 9);
    /* the person to add, pre-filled from the police list; the household is
     * found by the list's 户号 when the clerk starts the form */
    assert_string_equal(it->event, "person.add");
    assert_string_equal(it->ev_household, "");
    assert_non_null(strstr(it->prefill, "\"name\":\"陈外\""));
    assert_non_null(strstr(it->prefill, "\"birth_date\":\"1999-12-12\""));
    assert_non_null(strstr(it->prefill, "\"sex\":\"1\""));
    assert_non_null(strstr(it->prefill, "\"marital\":\"10\""));
    assert_non_null(strstr(it->prefill, "\"reg_address\":\"江北区甬江街道示范社区3号\""));
    assert_non_null(strstr(it->prefill, "\"police_no\":\"A1003\""));
    char hh[24];
    assert_int_equal(pd_rec_household_of(R.db, "A1003", hh, sizeof hh, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "A1003"));
    assert_string_equal(hh, "");
    assert_int_equal(pd_rec_household_of(R.db, "", hh, sizeof hh, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "no household number"));
    assert_int_equal(pd_rec_household_of(R.db, "A1002", hh, sizeof hh, &err), PD_OK);
    assert_string_equal(hh, HH2);
    /* a number two households share names no household */
    assert_int_equal(test_save(R.db, "household.add", "330205001001010003", NULL,
                               "{\"code\":\"330205001001010003\",\"address\":\"江北区甬江街道示范社区3号\","
                               "\"police_no\":\"A1002\"}", NULL, &err), PD_OK);
    assert_int_equal(pd_rec_household_of(R.db, "A1002", hh, sizeof hh, &err), PD_EEXIST);
    assert_non_null(strstr(err.msg, "several households"));
    it = find(&g, "孙七");
    assert_non_null(it);
    assert_int_equal(it->group, PD_REC_UNKNOWN);
    assert_string_equal(it->person, R.p_sq);
    assert_null(find(&g, "钱老"));   /* dead: not in the police list's scope */
}

static void test_contradicted_sex_and_birth(void **state)
{
    (void)state;
    /* 李梅's row with a name but no ID number is matched by name; her ID
     * number written by mistake for 孙七's row: sex and birth date differ */
    char text[1024];
    snprintf(text, sizeof text, "姓名,身份证号,性别,出生日期\n孙七,%s,,\n", R.lm);
    struct pd_rec_outcome oc;
    struct pd_error err;
    assert_int_equal(run_text("sexbirth", PD_REC_POLICE, text, &oc, &err), PD_OK);
    pd_rec_outcome_free(&oc);
    struct got g = { 0 };
    assert_int_equal(pd_rec_each(R.db, PD_REC_POLICE, PD_REC_CONTRADICTED, true, grab, &g, &err), PD_OK);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(g.it[0].diffs, "\"field\":\"name\",\"ours\":\"李梅\",\"theirs\":\"孙七\""));
    assert_null(strstr(g.it[0].diffs, "\"field\":\"sex\""));   /* the ID gives her sex: same */
}

static void test_decisions_hidden_then_shown(void **state)
{
    (void)state;
    struct pd_rec_outcome oc;
    struct pd_error err;
    assert_int_equal(run_text("police", PD_REC_POLICE, police_text(), &oc, &err), PD_OK);
    assert_int_equal(oc.info.undecided[PD_REC_CONTRADICTED], 2);
    pd_rec_outcome_free(&oc);
    struct got g = { 0 };
    assert_int_equal(pd_rec_each(R.db, PD_REC_POLICE, PD_REC_CONTRADICTED, false, grab, &g, &err), PD_OK);
    const struct pd_rec_item *wj = find(&g, "吴九");
    assert_non_null(wj);
    char key[20];
    snprintf(key, sizeof key, "%s", wj->key);

    /* refused: no note, unknown key, unknown decision */
    assert_int_equal(pd_rec_decide(R.db, PD_REC_POLICE, key, "explained", "", "clerk01", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "needs a note"));
    assert_int_equal(pd_rec_decide(R.db, PD_REC_POLICE, "0123456789abcdef", "fixed", NULL, "clerk01", &err),
                     PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "no result with key 0123456789abcdef"));
    assert_int_equal(pd_rec_decide(R.db, PD_REC_POLICE, key, "maybe", "x", "clerk01", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "'maybe' is not a decision"));

    assert_int_equal(pd_rec_decide(R.db, PD_REC_POLICE, key, "explained", "已搬到庄桥，户口未迁", "clerk01", &err), PD_OK);
    struct pd_rec_run_info info;
    assert_int_equal(pd_rec_last(R.db, PD_REC_POLICE, &info, &err), PD_OK);
    assert_int_equal(info.undecided[PD_REC_CONTRADICTED], 1);

    /* the next run: the same matter stays decided and hidden */
    assert_int_equal(run_text("police", PD_REC_POLICE, police_text(), &oc, &err), PD_OK);
    assert_int_equal(oc.info.count[PD_REC_CONTRADICTED], 2);
    assert_int_equal(oc.info.undecided[PD_REC_CONTRADICTED], 1);
    assert_int_equal(oc.decided, 1);
    pd_rec_outcome_free(&oc);
    memset(&g, 0, sizeof g);
    assert_int_equal(pd_rec_each(R.db, PD_REC_POLICE, PD_REC_CONTRADICTED, false, grab, &g, &err), PD_OK);
    assert_int_equal(g.n, 1);
    assert_null(find(&g, "吴九"));
    memset(&g, 0, sizeof g);
    assert_int_equal(pd_rec_each(R.db, PD_REC_POLICE, PD_REC_CONTRADICTED, true, grab, &g, &err), PD_OK);
    assert_int_equal(g.n, 2);
    wj = find(&g, "吴九");
    assert_non_null(wj);
    assert_string_equal(wj->decision, "explained");
    assert_string_equal(wj->decision_note, "已搬到庄桥，户口未迁");
    assert_string_equal(wj->decided_by, "clerk01");

    /* a new value there is a new matter: undecided again */
    char text[4096];
    snprintf(text, sizeof text, "%s", police_text());
    char *p = strstr(text, "江北区庄桥街道新村8号");
    assert_non_null(p);
    memcpy(p + strlen("江北区庄桥街道新村"), "9", 1);
    assert_int_equal(run_text("police", PD_REC_POLICE, text, &oc, &err), PD_OK);
    assert_int_equal(oc.info.undecided[PD_REC_CONTRADICTED], 2);
    pd_rec_outcome_free(&oc);
}

static void test_bad_rows_save_nothing(void **state)
{
    (void)state;
    struct pd_rec_outcome oc;
    struct pd_error err;
    assert_int_equal(run_text("police", PD_REC_POLICE, police_text(), &oc, &err), PD_OK);
    pd_rec_outcome_free(&oc);
    struct pd_rec_run_info before;
    assert_int_equal(pd_rec_last(R.db, PD_REC_POLICE, &before, &err), PD_OK);

    char text[1024];
    snprintf(text, sizeof text, "姓名,身份证号,性别,出生日期\n张三,%s,男,1985-03-15\n"
             "李四,33020519850315001,男,1985-03-15\n王五,,男,\n", R.zs);
    pd_err rc = run_text("bad", PD_REC_POLICE, text, &oc, &err);
    assert_int_equal(rc, PD_EINVAL);
    assert_int_equal(oc.bad_rows, 2);
    assert_int_equal(oc.nproblems, 2);
    char line[800];
    pd_rec_problem_text(&oc.problems[0], line, sizeof line);
    assert_non_null(strstr(line, "row 3, column 身份证号"));
    pd_rec_problem_text(&oc.problems[1], line, sizeof line);
    assert_non_null(strstr(line, "row 4, column 出生日期"));
    assert_non_null(strstr(line, "give the birth date"));
    assert_non_null(strstr(err.msg, "2 rows to put right; nothing was compared or saved"));
    pd_rec_outcome_free(&oc);
    struct pd_rec_run_info after;
    assert_int_equal(pd_rec_last(R.db, PD_REC_POLICE, &after, &err), PD_OK);
    assert_string_equal(after.at, before.at);
    assert_int_equal(after.rows, before.rows);
    assert_int_equal(after.count[PD_REC_CONSISTENT], before.count[PD_REC_CONSISTENT]);

    /* a bad header saves nothing either, and says which column */
    rc = run_text("badhead", PD_REC_POLICE, "姓名,身份证号,户籍地址,住址\n张三,,,\n", &oc, &err);
    assert_int_equal(rc, PD_EINVAL);
    assert_non_null(strstr(err.msg, "both give"));
    pd_rec_outcome_free(&oc);
    /* a header and no data */
    rc = run_text("empty", PD_REC_POLICE, "姓名,身份证号\n\n", &oc, &err);
    assert_int_equal(rc, PD_EINVAL);
    assert_non_null(strstr(err.msg, "no data rows"));
    pd_rec_outcome_free(&oc);
}

static void test_gb18030_file(void **state)
{
    (void)state;
    const char *utf8 = police_text();
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char out[8192];
    char *in = (char *)utf8, *o = out;
    size_t inl = strlen(utf8), outl = sizeof out;
    assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
    iconv_close(cd);
    char path[512];
    tmp_path(path, sizeof path, "gb");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(out, 1, sizeof out - outl, f);
    fclose(f);
    struct pd_rec_outcome oc;
    struct pd_error err;
    assert_int_equal(pd_reconcile_run(R.db, path, PD_REC_POLICE, PD_ENC_AUTO, "clerk01", &oc, &err), PD_OK);
    unlink(path);
    assert_int_equal(oc.used, PD_ENC_GB18030);
    assert_int_equal(oc.info.count[PD_REC_CONSISTENT], 4);
    assert_int_equal(oc.info.count[PD_REC_CONTRADICTED], 2);
    pd_rec_outcome_free(&oc);
    struct got g = { 0 };
    assert_int_equal(pd_rec_each(R.db, PD_REC_POLICE, PD_REC_MISSING, true, grab, &g, &err), PD_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.it[0].name, "陈外");
}

static void test_hospital_births(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "新生儿姓名,性别,出生日期,母亲姓名,母亲身份证号,出生医学证明编号\n"
             ",男,2012-03-01,李梅,%s,O330000001\n"            /* the mother's child that day */
             "张二宝,女,2012-04-01,李梅,%s,O330000002\n"        /* not recorded here */
             "外宝,男,2012-03-20,外妈,%s,O330000003\n",         /* mother not registered: 钱老's number... */
             R.lm, R.lm, R.ql);
    struct pd_rec_outcome oc;
    struct pd_error err;
    pd_err rc = run_text("hospital", PD_REC_HOSPITAL, text, &oc, &err);
    if (rc != PD_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(oc.info.count[PD_REC_CONSISTENT], 1);
    assert_int_equal(oc.info.count[PD_REC_MISSING], 2);
    assert_int_equal(oc.info.count[PD_REC_UNKNOWN], 0);   /* born 2012-03-01..04-01: only the baby */
    assert_non_null(strstr(oc.info.scope, "born 2012-03-01 to 2012-04-01"));
    pd_rec_outcome_free(&oc);
    struct got g = { 0 };
    assert_int_equal(pd_rec_each(R.db, PD_REC_HOSPITAL, PD_REC_MISSING, true, grab, &g, &err), PD_OK);
    const struct pd_rec_item *it = find(&g, "张二宝");
    assert_non_null(it);
    assert_string_equal(it->kind, "birth");
    assert_string_equal(it->event, "person.birth");
    assert_string_equal(it->ev_household, HH);
    assert_string_equal(it->ev_pid, R.p_lm);
    assert_non_null(strstr(it->prefill, "\"birth_date\":\"2012-04-01\""));
    assert_non_null(strstr(it->prefill, "\"sex\":\"2\""));
    it = find(&g, "外宝");
    assert_non_null(it);
    assert_string_equal(it->event, "");   /* the mother is dead here: no form to start */
    assert_string_equal(it->note, "mother_elsewhere");
}

static void test_civil_deaths_and_marriages(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "事项,姓名,身份证号,日期,配偶姓名\n"
             "死亡,周八,%s,2012-05-05,\n"        /* alive here: the death is missing */
             "死亡,钱老,%s,2012-02-01,\n"        /* recorded, same day */
             "死亡,冯四,%s,2012-02-11,\n"        /* recorded, another day */
             "结婚登记,孙七,%s,2012-05-01,李强\n" /* unmarried here */
             "结婚,张三,%s,2010-01-01,李梅\n",    /* recorded */
             R.zb, R.ql, R.fs, R.sq, R.zs);
    struct pd_rec_outcome oc;
    struct pd_error err;
    pd_err rc = run_text("civil", PD_REC_CIVIL, text, &oc, &err);
    if (rc != PD_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(oc.info.count[PD_REC_CONSISTENT], 2);
    assert_int_equal(oc.info.count[PD_REC_MISSING], 2);
    assert_int_equal(oc.info.count[PD_REC_CONTRADICTED], 1);
    /* marriages 2010-01-01..2012-05-01 recorded here: 李梅 (2010-01-01) is not on the list */
    assert_int_equal(oc.info.count[PD_REC_UNKNOWN], 1);
    pd_rec_outcome_free(&oc);
    struct got g = { 0 };
    assert_int_equal(pd_rec_each(R.db, PD_REC_CIVIL, -1, true, grab, &g, &err), PD_OK);
    const struct pd_rec_item *it = find(&g, "周八");
    assert_non_null(it);
    assert_int_equal(it->group, PD_REC_MISSING);
    assert_string_equal(it->kind, "death");
    assert_string_equal(it->event, "person.death");
    assert_string_equal(it->prefill, "{\"date\":\"2012-05-05\"}");
    it = find(&g, "冯四");
    assert_non_null(it);
    assert_int_equal(it->group, PD_REC_CONTRADICTED);
    assert_non_null(strstr(it->diffs, "\"field\":\"death_date\",\"ours\":\"2012-02-10\",\"theirs\":\"2012-02-11\""));
    it = find(&g, "孙七");
    assert_non_null(it);
    assert_string_equal(it->kind, "marriage");
    assert_string_equal(it->event, "person.marriage");
    assert_non_null(strstr(it->prefill, "\"change\":\"first\""));
    assert_non_null(strstr(it->prefill, "\"spouse_name\":\"李强\""));
    it = find(&g, "李梅");
    assert_non_null(it);
    assert_int_equal(it->group, PD_REC_UNKNOWN);
    assert_string_equal(it->kind, "marriage");
}

static void test_summary_lines(void **state)
{
    (void)state;
    char lines[PD_REC__SOURCES][PD_REC_LINE];
    int n = pd_rec_summary_lines(R.db, lines, PD_REC__SOURCES);
    assert_int_equal(n, 3);   /* police, hospital and civil have run by now */
    assert_non_null(strstr(lines[0], "公安户籍 (police)"));
    assert_non_null(strstr(lines[0], "未处理"));
    assert_non_null(strstr(lines[2], "民政"));
}

/* the screens speak Chinese: so do the run's words about bad rows */
static void test_messages_in_chinese(void **state)
{
    (void)state;
    pd_i18n_set("zh");
    struct pd_rec_outcome oc;
    struct pd_error err;
    pd_err rc = run_text("zh", PD_REC_POLICE, "姓名,身份证号,性别,出生日期\n,,男,1985-03-15\n", &oc, &err);
    pd_i18n_set("en");
    assert_int_equal(rc, PD_EINVAL);
    assert_int_equal(oc.nproblems, 1);
    assert_non_null(strstr(oc.problems[0].msg, "姓名是空的"));
    assert_non_null(strstr(err.msg, "有 1 行要改正"));
    char line[800];
    pd_i18n_set("zh");
    pd_rec_problem_text(&oc.problems[0], line, sizeof line);
    assert_int_equal(pd_rec_decide(R.db, PD_REC_POLICE, "0123456789abcdef", "fixed", NULL, "clerk01", &err),
                     PD_ENOTFOUND);
    pd_i18n_set("en");
    assert_non_null(strstr(line, "第 2 行“姓名”列：姓名是空的"));
    assert_non_null(strstr(err.msg, "没有编号 0123456789abcdef 的结果"));
    pd_rec_outcome_free(&oc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_aliases_and_titles),
        cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_rows_normalised_and_refused),
        cmocka_unit_test(test_keys_and_pieces),
        cmocka_unit_test(test_police_run_groups),
        cmocka_unit_test(test_contradicted_sex_and_birth),
        cmocka_unit_test(test_decisions_hidden_then_shown),
        cmocka_unit_test(test_bad_rows_save_nothing),
        cmocka_unit_test(test_gb18030_file),
        cmocka_unit_test(test_hospital_births),
        cmocka_unit_test(test_civil_deaths_and_marriages),
        cmocka_unit_test(test_summary_lines),
        cmocka_unit_test(test_messages_in_chinese),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
