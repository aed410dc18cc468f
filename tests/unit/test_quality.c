/* test_quality.c - the data-quality checks: a clean register shows no
 * problem; the same register with one planted error of each kind shows
 * each exactly once, naming the person, the field and the reason; likely
 * duplicates are merged with person.merge.
 *
 * Errors the store refuses to save (a wrong check character, a sex that
 * disagrees with the ID, an ID held twice...) are planted with SQL on a
 * second connection: the checks exist for data that came in before these
 * rules or around them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"
#include "core/fields.h"
#include "core/idnum.h"
#include "core/quality.h"
#include "store/quality_store.h"

#define H1 "330205001001010001"
#define H2 "330205001001010002"
#define H3 "330205001001020001"
#define ADDR "浙江省宁波市江北区庄桥街道李家村"

struct fx {
    struct pd_db *db;
    int serial;
    /* clean */
    char husband[40], wife[40], baby[40], migrant[40];
    /* one of each kind of problem, once planted */
    char no_marital[40], no_first_marriage[40], no_start[40], dup_a[40], dup_b[40], bad_id[40],
         bad_sex[40], bad_birth[40], old_mother[40], early_child[40], two_hh_a[40], two_hh_b[40],
         same_id_a[40], same_id_b[40], dead[40], expired[40];
};

static void test_exec(struct pd_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void test_exec(struct pd_db *db, const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(pd_db_path(db), &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(h);
}

static void mkid(struct fx *f, const char *birth, int sex, char out[19])
{
    int seq = (++f->serial * 2 + (sex == 1 ? 1 : 0)) % 1000;
    char first[32];
    snprintf(first, sizeof first, "330205%.4s%.2s%.2s%03d", birth, birth + 5, birth + 8, seq);
    snprintf(out, 19, "%.17s%c", first, pd_id_check_char(first));
}

static void save(struct fx *f, const char *type, const char *hh, const char *person, const char *json,
                 char *out)
{
    struct pd_error err;
    if (test_save(f->db, type, hh, person, json, out, &err) != PD_OK)
        fail_msg("%s %s: %s (%s)", type, json, err.msg, err.field);
}

/* A person with every core field but those `drop` names ("id", "marital",
 * "reg_address"); marital may be NULL for a child. */
static void person(struct fx *f, const char *hh, const char *name, int sex, const char *birth,
                   const char *marital, const char *extra, const char *drop, char *out)
{
    char id[19], idpart[64] = "", json[1024];
    mkid(f, birth, sex, id);
    if (!drop || !strstr(drop, "id"))
        snprintf(idpart, sizeof idpart, ",\"id_number\":\"%s\"", id);
    snprintf(json, sizeof json,
             "{\"name\":\"%s\"%s,\"sex\":\"%d\",\"birth_date\":\"%s\",\"ethnicity\":\"01\","
             "\"relation\":\"02\",\"reg_type\":\"2\"%s,\"cur_address\":\"" ADDR "\"%s%s%s%s}",
             name, idpart, sex, birth,
             drop && strstr(drop, "reg_address") ? "" : ",\"reg_address\":\"" ADDR "\"",
             marital ? ",\"marital\":\"" : "", marital ? marital : "", marital ? "\"" : "",
             extra ? extra : "");
    save(f, "person.add", hh, "", json, out);
}

static void event(struct fx *f, const char *type, const char *person, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void event(struct fx *f, const char *type, const char *person, const char *fmt, ...)
{
    char json[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(json, sizeof json, fmt, ap);
    va_end(ap);
    save(f, type, "", person, json, NULL);
}

static void migrant(struct fx *f, const char *name, const char *birth, const char *expiry, char *out)
{
    char id[19], json[1024];
    mkid(f, birth, 2, id);
    snprintf(json, sizeof json,
             "{\"date\":\"2011-03-01\",\"from\":\"安徽省阜阳市\",\"cert_number\":\"341200%.4s0001\","
             "\"cert_authority\":\"阜阳市人口计生委\",\"cert_issue\":\"2009-01-01\",\"cert_expiry\":\"%s\","
             "\"name\":\"%s\",\"id_number\":\"%s\",\"sex\":\"2\",\"birth_date\":\"%s\",\"ethnicity\":\"01\","
             "\"reg_type\":\"2\",\"reg_address\":\"安徽省阜阳市颍州区\",\"cur_address\":\"" ADDR "\","
             "\"marital\":\"10\"}", birth, expiry, name, id, birth);
    save(f, "migrant.arrive", "", "", json, out);
}

/* The clean village: a couple with a baby and a method, a migrant woman
 * with a valid certificate, and the persons the errors will be planted on,
 * still right. */
static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->db = test_db_open("quality");
    const char *hh[] = { H1, H2, H3 };
    for (int i = 0; i < 3; i++) {
        char json[256];
        snprintf(json, sizeof json, "{\"code\":\"%s\",\"address\":\"" ADDR "%d号\",\"reg_type\":\"2\"}", hh[i], i + 1);
        save(f, "household.add", "", "", json, NULL);
    }
    person(f, H1, "李建华", 1, "1980-03-12", "21", NULL, NULL, f->husband);
    person(f, H1, "王美玲", 2, "1983-07-21", "21", ",\"first_marriage_date\":\"2008-10-01\"", NULL, f->wife);
    {
        char id[19], json[1024];
        mkid(f, "2010-02-02", 1, id);
        snprintf(json, sizeof json,
                 "{\"mother\":\"%s\",\"father\":\"%s\",\"name\":\"李小明\",\"id_number\":\"%s\",\"sex\":\"1\","
                 "\"birth_date\":\"2010-02-02\",\"ethnicity\":\"01\",\"relation\":\"20\",\"reg_type\":\"2\","
                 "\"reg_address\":\"" ADDR "\",\"cur_address\":\"" ADDR "\"}", f->wife, f->husband, id);
        save(f, "person.birth", H1, "", json, f->baby);
    }
    event(f, "woman.contraception", f->wife, "{\"method\":\"3\",\"start\":\"2010-06-01\"}");
    migrant(f, "张小燕", "1990-02-14", "2014-01-01", f->migrant);

    /* the persons errors will be planted on, right for now */
    person(f, H2, "钱进", 1, "1980-01-01", "10", NULL, NULL, f->no_marital);
    person(f, H2, "孙丽", 2, "1985-05-05", "21", ",\"first_marriage_date\":\"2009-01-01\"", NULL, f->no_first_marriage);
    person(f, H2, "李娜", 2, "1982-02-02", "21", ",\"first_marriage_date\":\"2006-06-06\"", NULL, f->no_start);
    event(f, "woman.contraception", f->no_start, "{\"method\":\"4\",\"start\":\"2011-01-01\"}");
    person(f, H1, "王芳", 2, "1990-09-09", "10", NULL, NULL, f->dup_a);
    person(f, H3, "赵刚", 1, "1975-05-15", "21", NULL, NULL, f->bad_id);
    person(f, H3, "周老汉", 1, "1950-10-10", "30", NULL, NULL, f->bad_sex);
    person(f, H3, "吴明", 1, "1970-07-07", "21", NULL, NULL, f->bad_birth);
    person(f, H3, "郑婆", 2, "1950-01-01", "21", NULL, NULL, f->old_mother);
    event(f, "person.child", f->old_mother, "{\"name\":\"郑小妹\",\"sex\":\"2\",\"birth_date\":\"1985-01-01\"}");
    person(f, H3, "陈静", 2, "1984-04-04", "21", ",\"first_marriage_date\":\"2008-08-08\"", NULL, f->early_child);
    event(f, "person.child", f->early_child, "{\"name\":\"陈小乐\",\"sex\":\"1\",\"birth_date\":\"2009-01-01\",\"within_policy\":true}");
    person(f, H1, "冯军", 1, "1978-08-18", "10", NULL, NULL, f->two_hh_a);
    person(f, H2, "黄伟", 1, "1988-01-20", "10", NULL, NULL, f->same_id_a);
    person(f, H3, "林芳", 2, "1986-06-16", "21", ",\"first_marriage_date\":\"2010-10-10\"", NULL, f->dead);
    migrant(f, "马丽", "1991-03-03", "2013-01-01", f->expired);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_db_close(&f->db);
    free(f);
    return 0;
}

struct found { struct pd_problem p[64]; int n; };

static void collect(void *ctx, const struct pd_problem *p)
{
    struct found *x = ctx;
    if (x->n < 64)
        x->p[x->n++] = *p;
}

static void run(struct fx *f, struct found *x, struct pd_quality_summary *s)
{
    struct pd_error err;
    x->n = 0;
    if (pd_quality_run(f->db, true, collect, x, s, &err) != PD_OK)
        fail_msg("check: %s", err.msg);
}

static void dump(const struct found *x)
{
    for (int i = 0; i < x->n; i++)
        fprintf(stderr, "  %s %s %s %s: %s\n", pd_qkind_def(x->p[i].kind)->key, x->p[i].person,
                x->p[i].name, x->p[i].field, x->p[i].reason);
}

/* Each planted error: the kind, the person it names, the field, words of
 * the reason. */
static void plant(struct fx *f)
{
    char id[19], json[1024];
    /* completeness */
    test_exec(f->db, "UPDATE persons SET marital=NULL WHERE pid='%s'", f->no_marital);
    test_exec(f->db, "UPDATE persons SET first_marriage_date=NULL WHERE pid='%s'", f->no_first_marriage);
    test_exec(f->db, "UPDATE persons SET contra_start=NULL WHERE pid='%s'", f->no_start);
    /* a likely duplicate of 王芳 in another household, saved without an ID
     * number: that missing ID is the planted "core field missing" */
    person(f, H2, "王芳", 2, "1990-09-09", "10", NULL, "id", f->dup_b);
    /* ID number logic */
    test_exec(f->db, "UPDATE persons SET id_number=substr(id_number,1,17)||"
              "CASE substr(id_number,18) WHEN '1' THEN '2' ELSE '1' END WHERE pid='%s'", f->bad_id);
    test_exec(f->db, "UPDATE persons SET sex='2' WHERE pid='%s'", f->bad_sex);
    test_exec(f->db, "UPDATE persons SET birth_date='1970-07-08' WHERE pid='%s'", f->bad_birth);
    /* a mother of 35 at 1985-01-01 becomes one of 58 */
    test_exec(f->db, "UPDATE children SET birth_date='2008-01-01' WHERE parent='%s'", f->old_mother);
    /* a child born before the mother's marriage, recorded within policy */
    test_exec(f->db, "UPDATE children SET birth_date='2007-01-01' WHERE parent='%s'", f->early_child);
    /* one person in two households; the same ID twice in one household */
    person(f, H3, "冯军", 1, "1978-08-18", "10", NULL, "id", f->two_hh_b);
    test_exec(f->db, "UPDATE persons SET id_number=(SELECT id_number FROM persons WHERE pid='%s') WHERE pid='%s'",
              f->two_hh_a, f->two_hh_b);
    person(f, H2, "黄伟", 1, "1988-01-20", "10", NULL, "id", f->same_id_b);
    test_exec(f->db, "UPDATE persons SET id_number=(SELECT id_number FROM persons WHERE pid='%s') WHERE pid='%s'",
              f->same_id_a, f->same_id_b);
    /* a method started after the death date (the death was recorded late) */
    event(f, "woman.contraception", f->dead, "{\"method\":\"6\",\"start\":\"2012-04-10\"}");
    event(f, "person.death", f->dead, "{\"date\":\"2012-03-01\"}");
    /* 马丽's certificate expired on 2012-01-01 (today is 2012-06-15) */
    test_exec(f->db, "UPDATE migrant_certs SET expiry='2012-01-01' WHERE person='%s'", f->expired);
    (void)id;
    (void)json;
}

static void test_clean_register_has_no_problem(void **state)
{
    struct fx *f = *state;
    struct found x;
    struct pd_quality_summary s;
    run(f, &x, &s);
    if (x.n)
        dump(&x);
    assert_int_equal(x.n, 0);
    assert_int_equal(s.problems, 0);
    assert_int_equal(s.errors, 0);
    /* the family of 3, the migrant 张小燕, and the 13 errors will be planted on */
    assert_int_equal(s.population, 17);
    assert_int_equal(s.persons_with_problems, 0);
}

static const struct pd_problem *only(const struct found *x, enum pd_qkind k)
{
    const struct pd_problem *p = NULL;
    int n = 0;
    for (int i = 0; i < x->n; i++)
        if (x->p[i].kind == k) {
            p = &x->p[i];
            n++;
        }
    if (n != 1) {
        dump(x);
        fail_msg("%s found %d times", pd_qkind_def(k)->key, n);
    }
    return p;
}

static void expect(const struct found *x, enum pd_qkind k, const char *person, const char *field,
                   const char *words)
{
    const struct pd_problem *p = only(x, k);
    if (strcmp(p->person, person) != 0 || strcmp(p->field, field) != 0 || !strstr(p->reason, words))
        fail_msg("%s: person %s field %s reason '%s'; wanted %s, %s, '%s'", pd_qkind_def(k)->key,
                 p->person, p->field, p->reason, person, field, words);
}

static void test_each_planted_error_found_once(void **state)
{
    struct fx *f = *state;
    plant(f);
    struct found x;
    struct pd_quality_summary s;
    run(f, &x, &s);
    if (x.n != PD_Q__COUNT)
        dump(&x);
    assert_int_equal(x.n, PD_Q__COUNT);
    assert_int_equal(s.problems, PD_Q__COUNT);
    for (int k = 0; k < PD_Q__COUNT; k++)
        assert_int_equal(s.by_kind[k], 1);
    expect(&x, PD_Q_MARITAL_MISSING, f->no_marital, "marital", "is 32");
    expect(&x, PD_Q_FIRST_MARRIAGE, f->no_first_marriage, "first_marriage_date", "married woman of 27");
    expect(&x, PD_Q_CONTRA_START, f->no_start, "contra_start", "no start date");
    expect(&x, PD_Q_CORE_MISSING, f->dup_b, "id_number", "core field");
    expect(&x, PD_Q_ID_INVALID, f->bad_id, "id_number", "check character");
    expect(&x, PD_Q_ID_SEX, f->bad_sex, "sex", "recorded as female");
    expect(&x, PD_Q_ID_BIRTH, f->bad_birth, "birth_date", "gives 1970-07-07");
    expect(&x, PD_Q_MOTHER_AGE, f->old_mother, "birth_date", "was 58");
    expect(&x, PD_Q_BEFORE_MARRIAGE, f->early_child, "within_policy", "before the mother's first marriage (2008-08-08)");
    expect(&x, PD_Q_TWO_HOUSEHOLDS, f->two_hh_b, "household", H1);
    assert_string_equal(only(&x, PD_Q_TWO_HOUSEHOLDS)->other, f->two_hh_a);
    expect(&x, PD_Q_SAME_ID, f->same_id_b, "id_number", "2 records");
    expect(&x, PD_Q_DEAD_LATER, f->dead, "contra_start", "2012-04-10");
    expect(&x, PD_Q_CERT_EXPIRED, f->expired, "cert_expiry", "expired on 2012-01-01");
    expect(&x, PD_Q_LIKELY_DUPLICATE, f->dup_b, "name", "merge");
    assert_string_equal(only(&x, PD_Q_LIKELY_DUPLICATE)->other, f->dup_a);
    /* errors and warnings; three records were added and the dead woman is
     * no longer in the population */
    assert_int_equal(s.errors, 8);
    assert_int_equal(s.warnings, 6);
    assert_int_equal(s.population, 17 + 3 - 1);
    /* 12 persons present carry the 13 problems of the living (the duplicate
     * 王芳 carries two) */
    assert_int_equal(s.persons_with_problems, 12);

    /* kept for the dashboard and the screens */
    struct pd_quality_summary last;
    struct pd_error err;
    assert_int_equal(pd_quality_last(f->db, &last, &err), PD_OK);
    assert_int_equal(last.problems, PD_Q__COUNT);
    assert_int_equal(last.by_kind[PD_Q_SAME_ID], 1);
    struct found saved = { .n = 0 };
    assert_int_equal(pd_quality_saved_each(f->db, NULL, -1, collect, &saved, &err), PD_OK);
    assert_int_equal(saved.n, PD_Q__COUNT);
    /* errors first */
    assert_int_equal(pd_qkind_def(saved.p[0].kind)->severity, PD_Q_ERROR);
    saved.n = 0;
    assert_int_equal(pd_quality_saved_each(f->db, "02", -1, collect, &saved, &err), PD_OK);
    /* group 02: 赵刚, 周老汉, 吴明, 郑婆, 陈静, the second 冯军 (林芳 is dead: her
     * problem stays, filed under her household) */
    assert_int_equal(saved.n, 7);
    saved.n = 0;
    assert_int_equal(pd_quality_saved_each(f->db, NULL, PD_Q_CERT_EXPIRED, collect, &saved, &err), PD_OK);
    assert_int_equal(saved.n, 1);
    long long pop, bad;
    assert_int_equal(pd_quality_group_rate(f->db, "01", &pop, &bad, &err), PD_OK);
    /* group 01 (H1 and H2): 李建华 王美玲 李小明 王芳 冯军, 钱进 孙丽 李娜 黄伟 and
     * the second 王芳 and 黄伟 = 11; with problems: 钱进 孙丽 李娜 and the two
     * planted records = 5 */
    assert_int_equal(pop, 11);
    assert_int_equal(bad, 5);

    /* the screens read windows of the list, in the same order */
    struct found page = { .n = 0 };
    long long total = 0;
    saved.n = 0;
    assert_int_equal(pd_quality_saved_each(f->db, NULL, -1, collect, &saved, &err), PD_OK);
    for (int off = 0; off < PD_Q__COUNT; off += 5) {
        page.n = 0;
        assert_int_equal(pd_quality_saved_page(f->db, NULL, off, 5, collect, &page, &total, &err), PD_OK);
        assert_int_equal(total, PD_Q__COUNT);
        assert_int_equal(page.n, off + 5 <= PD_Q__COUNT ? 5 : PD_Q__COUNT - off);
        for (int i = 0; i < page.n; i++) {
            assert_int_equal(page.p[i].kind, saved.p[off + i].kind);
            assert_string_equal(page.p[i].person, saved.p[off + i].person);
        }
    }
    page.n = 0;
    assert_int_equal(pd_quality_saved_page(f->db, NULL, PD_Q__COUNT, 5, collect, &page, &total, &err), PD_OK);
    assert_int_equal(page.n, 0);
    /* the duplicates' kinds only */
    page.n = 0;
    assert_int_equal(pd_quality_saved_page(f->db, "likely_duplicate,same_id,two_households", 0, 50, collect,
                                           &page, &total, &err), PD_OK);
    assert_int_equal(total, 3);
    assert_int_equal(page.n, 3);
    for (int i = 0; i < page.n; i++)
        assert_true(page.p[i].kind == PD_Q_LIKELY_DUPLICATE || page.p[i].kind == PD_Q_SAME_ID ||
                    page.p[i].kind == PD_Q_TWO_HOUSEHOLDS);
    /* a kind name that is a prefix of another is not taken for it */
    assert_int_equal(pd_quality_saved_page(f->db, "same", 0, 50, collect, &page, &total, &err), PD_OK);
    assert_int_equal(total, 0);
    /* a merged record's problems are forgotten, and those naming it */
    assert_int_equal(pd_quality_forget(f->db, f->dup_a, &err), PD_OK);
    assert_int_equal(pd_quality_saved_page(f->db, "likely_duplicate", 0, 50, collect, &page, &total, &err), PD_OK);
    assert_int_equal(total, 0);
    assert_int_equal(pd_quality_forget(f->db, f->dup_b, &err), PD_OK);
    assert_int_equal(pd_quality_saved_page(f->db, NULL, 0, 50, collect, &page, &total, &err), PD_OK);
    assert_int_equal(total, PD_Q__COUNT - 2);   /* dup_b's missing ID and the duplicate pair */
}

/* The rules on their own, with the words a clerk reads. */
/* Records whose ids are out of the order rows were written in (a file
 * edited by hand) still have their children checked. */
static void test_mothers_out_of_order(void **state)
{
    struct fx *f = *state;
    plant(f);
    test_exec(f->db, "UPDATE children SET parent='330205001001P0000000' WHERE parent='%s'", f->old_mother);
    test_exec(f->db, "UPDATE persons SET pid='330205001001P0000000' WHERE pid='%s'", f->old_mother);
    test_exec(f->db, "UPDATE children SET parent='330205001001P00000001' WHERE parent='%s'", f->early_child);
    test_exec(f->db, "UPDATE persons SET pid='330205001001P00000001' WHERE pid='%s'", f->early_child);
    struct found x;
    struct pd_quality_summary s;
    run(f, &x, &s);
    assert_int_equal(x.n, PD_Q__COUNT);
    expect(&x, PD_Q_MOTHER_AGE, "330205001001P0000000", "birth_date", "was 58");
    expect(&x, PD_Q_BEFORE_MARRIAGE, "330205001001P00000001", "within_policy", "陈小乐");
}

/* Every core field of the field table is checked: each one emptied gives
 * one problem naming it. */
static void test_every_core_field(void **state)
{
    (void)state;
    const struct pd_qperson full = {
        .rowid = 1, .pid = "P1", .household = "330205001001010001", .name = "张三",
        .id_number = "11010519491231002X", .sex = "2", .birth_date = "1949-12-31", .ethnicity = "01",
        .relation = "02", .reg_type = "1", .reg_address = ADDR, .cur_address = ADDR, .marital = "30",
        .first_marriage_date = "", .contra_method = "", .contra_start = "", .status = "active", .end_date = "",
    };
    struct pd_date today = { 2012, 6, 15 };
    struct found x = { .n = 0 };
    pd_quality_person(&full, today, collect, &x);
    assert_int_equal(x.n, 0);
    int checked = 0;
    for (int i = 0; i < pd_person_fields.n; i++) {
        const struct pd_field *fl = &pd_person_fields.fields[i];
        if (!(fl->flags & PD_FF_CORE) || strcmp(fl->key, "marital") == 0)
            continue;
        struct pd_qperson p = full;
        const char **slot = NULL;
        if (!strcmp(fl->key, "name")) slot = &p.name;
        else if (!strcmp(fl->key, "id_number")) slot = &p.id_number;
        else if (!strcmp(fl->key, "sex")) slot = &p.sex;
        else if (!strcmp(fl->key, "birth_date")) slot = &p.birth_date;
        else if (!strcmp(fl->key, "ethnicity")) slot = &p.ethnicity;
        else if (!strcmp(fl->key, "relation")) slot = &p.relation;
        else if (!strcmp(fl->key, "reg_type")) slot = &p.reg_type;
        else if (!strcmp(fl->key, "reg_address")) slot = &p.reg_address;
        else if (!strcmp(fl->key, "cur_address")) slot = &p.cur_address;
        if (!slot)
            fail_msg("core field %s has no place in struct pd_qperson", fl->key);
        *slot = "";
        x.n = 0;
        pd_quality_person(&p, today, collect, &x);
        int mine = 0;
        for (int k = 0; k < x.n; k++)
            if (x.p[k].kind == PD_Q_CORE_MISSING && strcmp(x.p[k].field, fl->key) == 0)
                mine++;
        if (mine != 1)
            fail_msg("emptying %s gave %d core-field problems", fl->key, mine);
        checked++;
    }
    assert_int_equal(checked, 9);
}

static void test_rules_directly(void **state)
{
    (void)state;
    struct found x = { .n = 0 };
    struct pd_qperson p = {
        .rowid = 7, .pid = "330205001001P0000007", .household = "330205001001010001", .name = "张三",
        .id_number = "11010519491231002X", .sex = "1", .birth_date = "1949-12-31", .ethnicity = "01",
        .relation = "02", .reg_type = "1", .reg_address = ADDR, .cur_address = ADDR, .marital = "20",
        .first_marriage_date = "", .contra_method = "", .contra_start = "", .status = "active", .end_date = "",
    };
    struct pd_date today = { 2012, 6, 15 };
    pd_quality_person(&p, today, collect, &x);
    /* the number is a woman's (sequence 002 is even) */
    assert_int_equal(x.n, 1);
    assert_int_equal(x.p[0].kind, PD_Q_ID_SEX);
    assert_non_null(strstr(x.p[0].reason, "even"));
    assert_int_equal(x.p[0].rowid, 7);
    /* a 15-character number stored as such */
    x.n = 0;
    p.sex = "2";
    p.marital = "10";
    p.id_number = "441900890101221";
    p.birth_date = "1989-01-01";
    pd_quality_person(&p, today, collect, &x);
    assert_int_equal(x.n, 1);
    assert_int_equal(x.p[0].kind, PD_Q_ID_INVALID);
    assert_non_null(strstr(x.p[0].reason, "441900198901012219"));
    /* a migrant without a household needs no relation; 14-year-olds no marital status */
    x.n = 0;
    struct pd_qperson child = p;
    child.id_number = "";
    child.household = "";
    child.relation = "";
    child.marital = "";
    child.birth_date = "1998-01-01";
    child.migrant = true;
    pd_quality_person(&child, today, collect, &x);
    assert_int_equal(x.n, 1);
    assert_string_equal(x.p[0].field, "id_number");
    /* the 15th birthday makes the marital status due */
    x.n = 0;
    child.birth_date = "1997-06-15";
    pd_quality_person(&child, today, collect, &x);
    assert_int_equal(x.n, 2);
    assert_int_equal(x.p[0].kind, PD_Q_MARITAL_MISSING);
    /* a father's child may come up to 300 days after his death */
    struct pd_qperson dead = p;
    dead.status = "dead";
    dead.end_date = "2012-01-01";
    x.n = 0;
    assert_false(pd_quality_dead_later(&dead, "child born", "child", "2012-10-01", 300, collect, &x));
    assert_true(pd_quality_dead_later(&dead, "child born", "child", "2012-10-28", 300, collect, &x));
    assert_non_null(strstr(x.p[0].reason, "died on 2012-01-01"));
    /* a migrant's certificate matters from 18 to 49 */
    struct pd_qperson m = p;
    m.migrant = true;
    m.birth_date = "1995-01-01";   /* 17 */
    x.n = 0;
    pd_quality_certificate(&m, "N1", "2012-01-01", today, collect, &x);
    assert_int_equal(x.n, 0);
    m.birth_date = "1990-01-01";
    pd_quality_certificate(&m, "N1", "2012-06-15", today, collect, &x);
    assert_int_equal(x.n, 0);   /* valid through today */
    pd_quality_certificate(&m, "N1", "2012-06-14", today, collect, &x);
    assert_int_equal(x.n, 1);
    assert_int_equal(pd_qkind_find("likely_duplicate")->kind, PD_Q_LIKELY_DUPLICATE);
    assert_null(pd_qkind_find("nonsense"));
}

static void test_merge_duplicates(void **state)
{
    struct fx *f = *state;
    plant(f);
    struct pd_error err;
    char json[256];
    /* refusals: into itself, across sexes, into a dead person; nothing saved */
    long long events = test_count(f->db, "SELECT count(*) FROM outbox");
    snprintf(json, sizeof json, "{\"into\":\"%s\",\"reason\":\"重复登记\"}", f->dup_b);
    assert_int_equal(test_save(f->db, "person.merge", "", f->dup_b, json, NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "itself"));
    snprintf(json, sizeof json, "{\"into\":\"%s\",\"reason\":\"重复登记\"}", f->husband);
    assert_int_equal(test_save(f->db, "person.merge", "", f->dup_b, json, NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "different sexes"));
    assert_string_equal(err.field, "into");
    snprintf(json, sizeof json, "{\"into\":\"%s\",\"reason\":\"重复登记\"}", f->dead);
    assert_int_equal(test_save(f->db, "person.merge", "", f->dup_b, json, NULL, &err), PD_EDENIED);
    snprintf(json, sizeof json, "{\"into\":\"%s\",\"reason\":\"重复登记\"}", f->wife);
    assert_int_equal(test_save(f->db, "person.merge", "", f->dup_b, json, NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "was born"));
    snprintf(json, sizeof json, "{\"into\":\"%s\"}", f->dup_a);
    assert_int_equal(test_save(f->db, "person.merge", "", f->dup_b, json, NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "reason");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM outbox"), events);

    /* the duplicate 王芳 goes into the first: gone from persons, its id kept */
    snprintf(json, sizeof json, "{\"into\":\"%s\",\"reason\":\"同一人在两户重复登记\"}", f->dup_a);
    assert_int_equal(test_save(f->db, "person.merge", "", f->dup_b, json, NULL, &err), PD_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM persons WHERE pid='%s'", f->dup_b);
    assert_int_equal(test_count(f->db, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM merged_persons WHERE pid='%s' AND into_pid='%s'", f->dup_b, f->dup_a);
    assert_int_equal(test_count(f->db, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE type='person.merge' AND entity_id='%s'"
             " AND before LIKE '%%王芳%%'", f->dup_b);
    assert_int_equal(test_count(f->db, sql), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM outbox WHERE body LIKE '%person.merge%'"), 1);
    /* the same ID twice: the second 黄伟 (no fields of its own) merges in,
     * and the first keeps its record */
    snprintf(json, sizeof json, "{\"into\":\"%s\",\"reason\":\"重复登记\"}", f->same_id_a);
    assert_int_equal(test_save(f->db, "person.merge", "", f->same_id_b, json, NULL, &err), PD_OK);

    struct found x;
    struct pd_quality_summary s;
    run(f, &x, &s);
    /* the duplicate's two problems and the same-ID problem are gone */
    assert_int_equal(x.n, PD_Q__COUNT - 3);
    assert_int_equal(s.by_kind[PD_Q_LIKELY_DUPLICATE], 0);
    assert_int_equal(s.by_kind[PD_Q_CORE_MISSING], 0);
    assert_int_equal(s.by_kind[PD_Q_SAME_ID], 0);
    /* a merged record takes no more changes */
    assert_int_equal(test_save(f->db, "person.death", "", f->dup_b, "{\"date\":\"2012-05-01\"}", NULL, &err),
                     PD_ENOTFOUND);
}

/* A mother who is merged keeps her children, methods and pregnancies on the
 * record kept, and a field the kept record lacked is filled in. */
static void test_merge_moves_records(void **state)
{
    struct fx *f = *state;
    char dup[40], json[512];
    /* 王美玲 registered again in H2, without her ID but with her phone-less
     * employer, her child and a pregnancy */
    person(f, H2, "王美玲", 2, "1983-07-21", "21", ",\"first_marriage_date\":\"2008-10-01\",\"employer\":\"宁波纺织厂\"",
           "id", dup);
    event(f, "person.child", dup, "{\"name\":\"李小明\",\"sex\":\"1\",\"birth_date\":\"2010-02-02\"}");
    event(f, "person.child", dup, "{\"name\":\"李小红\",\"sex\":\"2\",\"birth_date\":\"2012-01-01\"}");
    event(f, "woman.pregnancy", dup, "{\"registered\":\"2012-05-01\",\"expected\":\"2012-12-01\"}");
    struct pd_error err;
    snprintf(json, sizeof json, "{\"into\":\"%s\",\"reason\":\"重复登记\"}", f->wife);
    assert_int_equal(test_save(f->db, "person.merge", "", dup, json, NULL, &err), PD_OK);
    char sql[256];
    /* 李小明 was on both: once; 李小红 moves over */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM children WHERE parent='%s'", f->wife);
    assert_int_equal(test_count(f->db, sql), 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pregnancies WHERE person='%s' AND outcome IS NULL", f->wife);
    assert_int_equal(test_count(f->db, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM persons WHERE pid='%s' AND employer='宁波纺织厂'"
             " AND pregnant_expected='2012-12-01' AND id_number IS NOT NULL", f->wife);
    assert_int_equal(test_count(f->db, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM children WHERE parent='%s'", dup);
    assert_int_equal(test_count(f->db, sql), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_clean_register_has_no_problem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_planted_error_found_once, setup, teardown),
        cmocka_unit_test(test_rules_directly),
        cmocka_unit_test(test_every_core_field),
        cmocka_unit_test_setup_teardown(test_mothers_out_of_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_moves_records, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
