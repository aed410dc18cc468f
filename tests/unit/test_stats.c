/* test_stats.c - counting the register for the statistics, on a small
 * village built event by event in the order a clerk would have saved it
 * (each event's audit `at` set to the day it was "recorded").  Every
 * expected figure is worked out by hand in the comments of the fixture and
 * of each test: births across the statistics year's edges, a baby who died
 * the day it was born, a late-found birth, twins, a migrant mother.
 *
 * Statistics year 2012 ("stat-2012") = 2011-10-01 .. 2012-09-30; the
 * register's "today" is 2012-12-31, so the year has ended. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "testutil.h"
#include "core/idnum.h"
#include "core/indicators.h"
#include "store/quality_store.h"
#include "store/stats.h"

#define H1 "330205001001010001"   /* group 01: 王建国 陈丽 */
#define H2 "330205001001010002"   /* group 01: 刘强 赵敏, the old 刘 couple */
#define H4 "330205001001010003"   /* group 01: 孙梅 */
#define H3 "330205001001020001"   /* group 02: 周军 吴红 */
#define H6 "330205001001020002"   /* group 02: 何静, 郑雪 */
#define H5 "330205001001020003"   /* group 02: the migrant 马兰 rents here */
#define ADDR "浙江省宁波市江北区甬江街道示范社区"

struct fx {
    struct pd_db *db;
    long long marked;             /* audit rows up to this seq have their day */
    int serial;
    char p1[40], p2[40], p3[40], p4[40], p5[40], p6[40], p7[40], p9[40], p10[40], p11[40], p12[40];
    char m1[40], m2[40];
    char b_p10[40], b_p11a[40], b_p11b[40], b_p12[40], b_p7[40], twin1[40], twin2[40], b_p2[40], b_m1[40];
};

/* Runs SQL on a second connection (the tests' way to set what the clock
 * would have said when an event was saved). */
static void test_exec(struct pd_db *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(pd_db_path(db), &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(h);
}

/* Every event saved since the last call was recorded on `day`. */
static void recorded_on(struct fx *f, const char *day)
{
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE audit SET at='%sT10:00:00+08:00' WHERE seq>%lld", day, f->marked);
    test_exec(f->db, sql);
    f->marked = test_count(f->db, "SELECT max(seq) FROM audit");
}

/* A valid resident ID for a birth date and sex (GB 11643). */
static void mkid(struct fx *f, const char *area, const char *birth, int sex, char out[19])
{
    int seq = (++f->serial * 2 + (sex == 1 ? 1 : 0)) % 1000;
    char first[32];
    snprintf(first, sizeof first, "%.6s%.4s%.2s%.2s%03d", area, birth, birth + 5, birth + 8, seq);
    snprintf(out, 19, "%.17s%c", first, pd_id_check_char(first));
}

static void save(struct fx *f, const char *type, const char *hh, const char *person, const char *json,
                 char *out)
{
    struct pd_error err;
    if (test_save(f->db, type, hh, person, json, out, &err) != PD_OK)
        fail_msg("%s %s: %s (%s)", type, json, err.msg, err.field);
}

/* A person with every core field; `extra` adds keys (",\"k\":v"). */
static void person(struct fx *f, const char *hh, const char *name, int sex, const char *birth,
                   const char *relation, const char *marital, const char *extra, char *out)
{
    char id[19], json[1024];
    mkid(f, "330205", birth, sex, id);
    snprintf(json, sizeof json,
             "{\"name\":\"%s\",\"id_number\":\"%s\",\"sex\":\"%d\",\"birth_date\":\"%s\","
             "\"ethnicity\":\"01\",\"relation\":\"%s\",\"reg_type\":\"1\",\"reg_address\":\"" ADDR "\","
             "\"cur_address\":\"" ADDR "\"%s%s%s%s}",
             name, id, sex, birth, relation, marital ? ",\"marital\":\"" : "", marital ? marital : "",
             marital ? "\"" : "", extra ? extra : "");
    save(f, "person.add", hh, "", json, out);
}

static void birth(struct fx *f, const char *hh, const char *mother, const char *father, const char *name,
                  int sex, const char *date, char *out)
{
    char id[19], json[1024];
    mkid(f, "330205", date, sex, id);
    snprintf(json, sizeof json,
             "{\"mother\":\"%s\"%s%s%s,\"name\":\"%s\",\"id_number\":\"%s\",\"sex\":\"%d\",\"birth_date\":\"%s\","
             "\"ethnicity\":\"01\",\"relation\":\"%s\",\"reg_type\":\"1\",\"reg_address\":\"" ADDR "\","
             "\"cur_address\":\"" ADDR "\"}",
             mother, father ? ",\"father\":\"" : "", father ? father : "", father ? "\"" : "",
             name, id, sex, date, sex == 1 ? "20" : "30");
    save(f, "person.birth", hh, "", json, out);
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

static void household(struct fx *f, const char *code)
{
    char json[256];
    snprintf(json, sizeof json, "{\"code\":\"%s\",\"address\":\"" ADDR "%.4s号\",\"reg_type\":\"1\"}",
             code, code + 14);
    save(f, "household.add", "", "", json, NULL);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->db = test_db_open("stats");
    pd_db_set_today(f->db, (struct pd_date){ 2012, 12, 31 });

    /* ---- 2010-01-01: the register is set up ---- */
    household(f, H1); household(f, H2); household(f, H4);
    household(f, H3); household(f, H6); household(f, H5);
    person(f, H1, "王建国", 1, "1975-02-10", "02", NULL, ",\"prepregnancy_check\":true", f->p1);
    person(f, H1, "陈丽", 2, "1978-05-20", "10", NULL, ",\"last_check_date\":\"2012-04-01\"", f->p2);
    event(f, "person.marriage", f->p2, "{\"change\":\"first\",\"date\":\"2000-05-01\",\"spouse\":\"%s\"}", f->p1);
    event(f, "person.marriage", f->p1, "{\"change\":\"first\",\"date\":\"2000-05-01\",\"spouse\":\"%s\"}", f->p2);
    event(f, "person.child", f->p2, "{\"name\":\"王小龙\",\"sex\":\"1\",\"birth_date\":\"2002-03-03\",\"within_policy\":true}");
    event(f, "woman.contraception", f->p1, "{\"method\":\"6\",\"start\":\"2003-01-01\"}");
    person(f, H2, "刘强", 1, "1985-01-01", "02", "10", ",\"premarital_check\":true", f->p3);
    person(f, H2, "赵敏", 2, "1987-03-03", "10", "10", ",\"premarital_check\":false,\"prepregnancy_check\":true", f->p4);
    person(f, H2, "刘福", 1, "1930-01-01", "51", "30", NULL, f->p5);
    person(f, H2, "张秀", 2, "1932-01-01", "52", "30", NULL, f->p6);
    person(f, H4, "孙梅", 2, "1990-06-06", "02", "21", ",\"first_marriage_date\":\"2010-01-01\"", f->p7);
    person(f, H3, "周军", 1, "1982-08-08", "02", "21", NULL, f->p9);
    person(f, H3, "吴红", 2, "1984-04-04", "10", "21", ",\"first_marriage_date\":\"2005-05-05\"", f->p10);
    person(f, H6, "何静", 2, "1986-11-11", "02", "21", ",\"first_marriage_date\":\"2009-09-09\"", f->p11);
    event(f, "person.child", f->p11, "{\"name\":\"何小宝\",\"sex\":\"2\",\"birth_date\":\"2010-05-05\",\"within_policy\":true}");
    person(f, H6, "郑雪", 2, "1980-12-12", "99", "22", ",\"first_marriage_date\":\"2001-01-01\"", f->p12);
    event(f, "person.child", f->p12, "{\"name\":\"郑一\",\"sex\":\"1\",\"birth_date\":\"2002-02-02\",\"within_policy\":true}");
    event(f, "person.child", f->p12, "{\"name\":\"郑二\",\"sex\":\"2\",\"birth_date\":\"2004-04-04\",\"within_policy\":false}");
    recorded_on(f, "2010-01-01");

    /* ---- 2011: the migrant arrives; births and a death before the year ---- */
    {
        char id[19], json[1024];
        mkid(f, "510123", "1988-08-08", 2, id);
        snprintf(json, sizeof json,
                 "{\"date\":\"2011-05-01\",\"from\":\"四川省成都市温江区\",\"cert_number\":\"5101232011000001\","
                 "\"cert_authority\":\"温江区人口计生局\",\"cert_issue\":\"2011-04-01\",\"cert_expiry\":\"2014-04-01\","
                 "\"name\":\"马兰\",\"id_number\":\"%s\",\"sex\":\"2\",\"birth_date\":\"1988-08-08\","
                 "\"ethnicity\":\"01\",\"relation\":\"02\",\"reg_type\":\"2\",\"reg_address\":\"四川省成都市温江区\","
                 "\"cur_address\":\"" ADDR "\",\"marital\":\"21\",\"first_marriage_date\":\"2010-10-10\","
                 "\"spouse_name\":\"马强\"}", id);
        save(f, "migrant.arrive", H5, "", json, f->m1);
    }
    recorded_on(f, "2011-05-01");
    birth(f, H3, f->p10, f->p9, "周一", 1, "2011-09-30", f->b_p10);   /* the day before stat-2012 */
    event(f, "person.death", f->p6, "{\"date\":\"2011-09-30\"}");
    recorded_on(f, "2011-09-30");
    birth(f, H6, f->p11, NULL, "何二宝", 1, "2011-10-01", f->b_p11a);  /* its first day; 2nd child, no certificate */
    recorded_on(f, "2011-10-01");
    event(f, "certificate.issue", f->p2, "{\"kind\":\"second_child\",\"number\":\"浙甬二孩2011-008\",\"date\":\"2011-12-01\",\"reason\":\"双方均为独生子女\"}");
    event(f, "woman.contraception", f->p10, "{\"method\":\"4\",\"start\":\"2011-12-01\"}");
    recorded_on(f, "2011-12-01");

    /* ---- 2012 ---- */
    {
        char id[19], json[1024];
        mkid(f, "420102", "1990-10-10", 2, id);
        snprintf(json, sizeof json,
                 "{\"date\":\"2012-01-01\",\"from\":\"湖北省武汉市\",\"name\":\"牛芳\",\"id_number\":\"%s\","
                 "\"sex\":\"2\",\"birth_date\":\"1990-10-10\",\"ethnicity\":\"01\",\"reg_type\":\"2\","
                 "\"reg_address\":\"湖北省武汉市江岸区\",\"cur_address\":\"" ADDR "\",\"marital\":\"21\","
                 "\"first_marriage_date\":\"2011-11-11\"}", id);
        save(f, "migrant.arrive", "", "", json, f->m2);
    }
    event(f, "woman.contraception", f->p12, "{\"method\":\"9\",\"start\":\"2012-01-01\"}");
    event(f, "certificate.issue", f->p10, "{\"kind\":\"onechild\",\"number\":\"浙甬独2012-001\",\"date\":\"2012-01-01\"}");
    recorded_on(f, "2012-01-01");
    event(f, "person.death", f->p5, "{\"date\":\"2012-01-15\"}");
    recorded_on(f, "2012-01-15");
    event(f, "person.marriage", f->p3, "{\"change\":\"first\",\"date\":\"2012-02-14\",\"spouse\":\"%s\"}", f->p4);
    event(f, "person.marriage", f->p4, "{\"change\":\"first\",\"date\":\"2012-02-14\",\"spouse\":\"%s\"}", f->p3);
    recorded_on(f, "2012-02-14");
    event(f, "certificate.issue", f->p4, "{\"kind\":\"first_child\",\"number\":\"浙甬一孩2012-015\",\"date\":\"2012-03-01\"}");
    recorded_on(f, "2012-03-01");
    /* found late: born in stat-2011, recorded after that year ended */
    birth(f, H6, f->p12, NULL, "郑三", 1, "2011-09-20", f->b_p12);
    recorded_on(f, "2012-03-05");
    birth(f, H4, f->p7, NULL, "孙小", 2, "2012-03-10", f->b_p7);
    event(f, "person.death", f->b_p7, "{\"date\":\"2012-03-10\",\"cause\":\"新生儿窒息\"}");
    recorded_on(f, "2012-03-10");
    birth(f, H5, f->m1, NULL, "马小", 2, "2012-04-01", f->b_m1);      /* migrant mother */
    recorded_on(f, "2012-04-01");
    event(f, "woman.contraception", f->m1, "{\"method\":\"6\",\"start\":\"2012-05-01\"}");
    recorded_on(f, "2012-05-01");
    birth(f, H2, f->p4, f->p3, "刘一", 1, "2012-05-05", f->twin1);    /* twins */
    birth(f, H2, f->p4, f->p3, "刘二", 2, "2012-05-05", f->twin2);
    recorded_on(f, "2012-05-05");
    event(f, "woman.contraception", f->p4, "{\"method\":\"3\",\"start\":\"2012-07-01\",\"provider\":\"甬江街道计生服务站\"}");
    recorded_on(f, "2012-07-01");
    event(f, "woman.pregnancy", f->p7, "{\"registered\":\"2012-08-01\",\"expected\":\"2013-03-01\",\"certificate\":\"浙甬二孩2012-020\"}");
    recorded_on(f, "2012-08-01");
    birth(f, H1, f->p2, f->p1, "王小虎", 1, "2012-09-30", f->b_p2);   /* the last day, second child with certificate */
    recorded_on(f, "2012-09-30");
    /* born on the year's second-last day but recorded after it ended: late */
    birth(f, H6, f->p11, NULL, "何三宝", 1, "2012-09-29", f->b_p11b);
    recorded_on(f, "2012-10-05");
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

static void query(struct pd_stats_query *q, const char *period, const char *group)
{
    memset(q, 0, sizeof *q);
    q->statyear = PD_STATYEAR_DEFAULT;
    struct pd_error err;
    if (pd_period_parse(period, q->statyear, &q->period, &err) != PD_OK)
        fail_msg("%s: %s", period, err.msg);
    if (group)
        snprintf(q->group, sizeof q->group, "%s", group);
}

static void count(struct fx *f, const char *period, const char *group, struct pd_counts *c)
{
    struct pd_stats_query q;
    query(&q, period, group);
    struct pd_error err;
    if (pd_stats_count(f->db, &q, c, &err) != PD_OK)
        fail_msg("count %s: %s", period, err.msg);
}

/* stat-2012, the whole register:
 * births (registered mothers, counted in the year):
 *   1 王小虎 2012-09-30 M, 2nd child, second-child certificate 2011-12-01: within
 *   2 刘一   2012-05-05 M  twins, first birth (a multiple birth counts once): within
 *   3 刘二   2012-05-05 F  twins: within
 *   4 孙小   2012-03-10 F  died that day: a birth and a death; 1st child, married: within
 *   5 何二宝 2011-10-01 M  2nd child without certificate: out
 *   6 郑三   2011-09-20 M  late-found (recorded 2012-03-05), 3rd child: out
 *   not: 周一 2011-09-30 (stat-2011), 何三宝 2012-09-29 (recorded 2012-10-05:
 *   counts in stat-2013), 马小 (migrant mother: the memo line)
 *   => births 6, late 1, male 4, female 2, within 4; order 1: 3 (3 within),
 *      order 2: 2 (1), order 3+: 1 (0)
 * deaths: 刘福 2012-01-15, 孙小 2012-03-10 (张秀 died 2011-09-30: before) => 2
 * population at the end of 2011-09-30: adults 王建国 陈丽 刘强 赵敏 刘福 孙梅 周军
 *   吴红 何静 郑雪 = 10 (张秀 died that day) + 周一 + 郑三 (born 09-20) = 12
 * at the end of 2012-09-30: adults 10 - 刘福 = 9, babies 周一 郑三 何二宝 刘一 刘二
 *   王小虎 何三宝 马小 = 8 (孙小 died) => 17;  average 14.5
 * married women 15-49 on 2012-09-30: 陈丽 赵敏 孙梅 吴红 何静 郑雪 = 6; 孙梅 is
 *   pregnant => able 5; using: 陈丽 (husband's condom), 赵敏 (IUD), 吴红 (implant)
 *   = 3 (何静 none, 郑雪 "9 none") => 60%
 * marriages in the year: 刘强 (checked), 赵敏 (not) => 2, 1
 * planning: 陈丽 (second-child certificate; her husband checked), 赵敏 (first-child
 *   certificate; checked), 孙梅 (pregnancy under a certificate; not) => 3, 2
 * migrant married women: 马兰 complete, 牛芳 (no certificate, no spouse) => 2, 1
 * served: 陈丽 (check 2012-04-01), 赵敏 (IUD 07-01), 吴红 (implant 2011-12-01) of 6
 * one-child certificate: 吴红 => 1 */
static void test_stat_year_counts(void **state)
{
    struct fx *f = *state;
    struct pd_counts c;
    count(f, "stat-2012", NULL, &c);
    assert_int_equal(c.births, 6);
    assert_int_equal(c.births_late, 1);
    assert_int_equal(c.births_male, 4);
    assert_int_equal(c.births_female, 2);
    assert_int_equal(c.births_within_policy, 4);
    assert_int_equal(c.births_policy_unknown, 0);
    assert_int_equal(c.births_by_order[0], 3);
    assert_int_equal(c.births_by_order_policy[0], 3);
    assert_int_equal(c.births_by_order[1], 2);
    assert_int_equal(c.births_by_order_policy[1], 1);
    assert_int_equal(c.births_by_order[2], 1);
    assert_int_equal(c.births_by_order_policy[2], 0);
    assert_int_equal(c.births_migrant, 1);
    assert_int_equal(c.deaths, 2);
    assert_int_equal(c.pop_start, 12);
    assert_int_equal(c.pop_end, 17);
    assert_int_equal(c.married_women, 6);
    assert_int_equal(c.married_women_able, 5);
    assert_int_equal(c.married_women_using, 3);
    assert_int_equal(c.marriages, 2);
    assert_int_equal(c.marriages_checked, 1);
    assert_int_equal(c.planning, 3);
    assert_int_equal(c.planning_checked, 2);
    assert_int_equal(c.migrant_women, 2);
    assert_int_equal(c.migrant_women_complete, 1);
    assert_int_equal(c.women_to_serve, 6);
    assert_int_equal(c.women_served, 3);
    struct pd_stats_query q;
    query(&q, "stat-2012", NULL);
    long long holders = 0;
    struct pd_error err;
    assert_int_equal(pd_stats_onechild(f->db, &q, &holders, &err), PD_OK);
    assert_int_equal(holders, 1);
    assert_false(c.have_quality);
    assert_false(c.have_spotcheck);
}

static const struct pd_policy_targets targets = {
    .registered_births_max = 3500, .natural_growth_rate_max_permille = 5,
    .planned_birth_rate_min_percent = 97, .sex_ratio_min = 103, .sex_ratio_max = 107,
    .premarital_check_rate_min_percent = 70, .prepregnancy_check_rate_min_percent = 80,
    .migrant_coverage_min_percent = 85, .management_rate_min_percent = 90,
    .statistics_error_rate_max_percent = 2, .public_service_rate_min_percent = 95,
};

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* Every indicator of the table on the register above, after a quality
 * check and a spot check:
 *   births 6 (<= 3500: met); birth rate 6 / 14.5 x 1000 = 413.79‰;
 *   death rate 2 / 14.5 x 1000; growth 4 / 14.5 x 1000 = 275.86‰ (> 5: missed);
 *   planned 4 / 6 = 66.67% (missed); sex ratio 4 / 2 x 100 = 200 (outside 103-107);
 *   contraception 3 / 5 = 60%; premarital 1 / 2 = 50% (missed);
 *   pre-pregnancy 2 / 3 (missed); migrant coverage 1 / 2 (missed);
 *   management: persons present now = the 17 registered of the year's end
 *   + 马兰 + 牛芳 = 19, and the only problem is 周军's missing ethnicity
 *   (planted below) => 18 / 19 = 94.74% (met);
 *   statistics error: the spot check's worst item, contraception |8-7|/8 = 12.5%;
 *   public service 3 / 6 = 50% (missed). */
static void test_every_indicator(void **state)
{
    struct fx *f = *state;
    test_exec(f->db, "UPDATE persons SET ethnicity=NULL WHERE name='周军'");
    struct pd_quality_summary qs;
    struct pd_error err;
    assert_int_equal(pd_quality_run(f->db, true, NULL, NULL, &qs, &err), PD_OK);
    assert_int_equal(qs.population, 19);
    assert_int_equal(qs.problems, 1);
    assert_int_equal(qs.by_kind[PD_Q_CORE_MISSING], 1);
    struct pd_spot_result spot = { .at = "2012-11-20T10:00:00+08:00", .group = "", .period = "stat-2012",
                                   .households = 3,
                                   .surveyed = { 50, 3, 1, 10, 8 }, .reported = { 49, 3, 1, 10, 7 } };
    assert_int_equal(pd_stats_spot_save(f->db, &spot, &err), PD_OK);

    struct pd_counts c;
    count(f, "stat-2012", NULL, &c);
    assert_true(c.have_quality);
    assert_int_equal(c.population_actual, 19);
    assert_int_equal(c.persons_managed, 18);
    assert_true(c.have_spotcheck);
    assert_string_equal(c.spot_indicator, "contraception");

    struct pd_indicator ind[PD_IND__COUNT];
    pd_indicators_compute(&c, &targets, ind);
    NEAR(ind[PD_IND_BIRTHS].value, 6);
    assert_int_equal(ind[PD_IND_BIRTHS].status, PD_IND_MET);
    NEAR(ind[PD_IND_BIRTH_RATE].num, 6);
    NEAR(ind[PD_IND_BIRTH_RATE].den, 14.5);
    NEAR(ind[PD_IND_BIRTH_RATE].value, 6 / 14.5 * 1000);
    NEAR(ind[PD_IND_DEATH_RATE].value, 2 / 14.5 * 1000);
    NEAR(ind[PD_IND_GROWTH_RATE].value, 4 / 14.5 * 1000);
    assert_int_equal(ind[PD_IND_GROWTH_RATE].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_PLANNED].value, 4.0 / 6 * 100);
    assert_int_equal(ind[PD_IND_PLANNED].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_SEX_RATIO].value, 200);
    assert_int_equal(ind[PD_IND_SEX_RATIO].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_CONTRACEPTION].value, 60);
    assert_int_equal(ind[PD_IND_CONTRACEPTION].status, PD_IND_NO_TARGET);
    NEAR(ind[PD_IND_PREMARITAL].value, 50);
    NEAR(ind[PD_IND_PREPREGNANCY].value, 2.0 / 3 * 100);
    NEAR(ind[PD_IND_MIGRANT].value, 50);
    NEAR(ind[PD_IND_MANAGEMENT].value, 18.0 / 19 * 100);
    assert_int_equal(ind[PD_IND_MANAGEMENT].status, PD_IND_MET);
    NEAR(ind[PD_IND_STAT_ERROR].value, 12.5);
    NEAR(ind[PD_IND_STAT_ERROR].num, 1);
    NEAR(ind[PD_IND_STAT_ERROR].den, 8);
    assert_int_equal(ind[PD_IND_STAT_ERROR].status, PD_IND_MISSED);
    NEAR(ind[PD_IND_PUBLIC_SERVICE].value, 50);
    char buf[32];
    pd_indicator_value_text(&ind[PD_IND_BIRTH_RATE], buf, sizeof buf);
    assert_string_equal(buf, "413.79‰");
}

/* The edges: each birth counts in exactly one statistics year.
 *   stat-2011: 周一 (2011-09-30, recorded that day) = 1; 郑三 (born 2011-09-20)
 *     was recorded after stat-2011 ended, so it is not here but in stat-2012
 *   stat-2013 (2012-10-01..2013-09-30, counted to today 2012-12-31):
 *     何三宝, born 2012-09-29, recorded 2012-10-05: 1, late
 *   calendar 2012: 孙小, 刘一, 刘二, 王小虎 (born in 2012) + 郑三 (counted
 *     2012-03-05) + 何三宝 (counted 2012-10-05) = 6
 *   2012-05: the twins = 2;  one day 2011-10-01: 何二宝 = 1
 *   2012-03: 郑三 (counted 03-05) and 孙小 = 2, one late */
static void test_period_edges(void **state)
{
    struct fx *f = *state;
    struct pd_counts c;
    count(f, "stat-2011", NULL, &c);
    assert_int_equal(c.births, 1);
    assert_int_equal(c.births_late, 0);
    /* 张秀 died on the year's last day */
    assert_int_equal(c.deaths, 1);
    count(f, "stat-2013", NULL, &c);
    assert_int_equal(c.births, 1);
    assert_int_equal(c.births_late, 1);
    assert_int_equal(c.births_by_order[2], 1);
    count(f, "2012", NULL, &c);
    assert_int_equal(c.births, 6);
    assert_int_equal(c.births_late, 2);
    count(f, "2012-05", NULL, &c);
    assert_int_equal(c.births, 2);
    assert_int_equal(c.births_by_order[0], 2);
    count(f, "2011-10-01..2011-10-01", NULL, &c);
    assert_int_equal(c.births, 1);
    count(f, "2012-03", NULL, &c);
    assert_int_equal(c.births, 2);
    assert_int_equal(c.births_late, 1);
    assert_int_equal(c.deaths, 1);
    /* the sum over the months of stat-2012 is the year's */
    long long sum = 0;
    for (int m = 0; m < 12; m++) {
        char p[16];
        snprintf(p, sizeof p, "%04d-%02d", m < 3 ? 2011 : 2012, (m + 9) % 12 + 1);
        count(f, p, NULL, &c);
        sum += c.births;
    }
    assert_int_equal(sum, 6);
}

/* Groups 01 and 02 split the register:
 *   01: 王小虎, 刘一, 刘二, 孙小 = 4 births; deaths 刘福, 孙小 = 2;
 *       married women 陈丽 赵敏 孙梅 = 3
 *   02: 何二宝, 郑三 = 2 (马小's mother is a migrant); no deaths;
 *       married women 吴红 何静 郑雪 = 3; migrant 马兰 rents in group 02,
 *       牛芳 has no household: in no group */
static void test_groups(void **state)
{
    struct fx *f = *state;
    struct pd_counts c;
    count(f, "stat-2012", "01", &c);
    /* start: 王建国 陈丽 刘强 赵敏 刘福 孙梅; end: less 刘福, plus 王小虎 刘一 刘二 */
    assert_int_equal(c.pop_start, 6);
    assert_int_equal(c.pop_end, 8);
    assert_int_equal(c.births, 4);
    assert_int_equal(c.deaths, 2);
    assert_int_equal(c.married_women, 3);
    assert_int_equal(c.migrant_women, 0);
    count(f, "stat-2012", "02", &c);
    /* start: 周军 吴红 周一 何静 郑雪 郑三; end: plus 何二宝 何三宝 and 马小
     * (a baby born here is registered here, whatever its mother) */
    assert_int_equal(c.pop_start, 6);
    assert_int_equal(c.pop_end, 9);
    assert_int_equal(c.births, 2);
    assert_int_equal(c.births_late, 1);
    assert_int_equal(c.deaths, 0);
    assert_int_equal(c.married_women, 3);
    assert_int_equal(c.migrant_women, 1);
    assert_int_equal(c.migrant_women_complete, 1);
    count(f, "stat-2012", "07", &c);
    assert_int_equal(c.births, 0);
    assert_int_equal(c.pop_end, 0);
    struct pd_error err;
    assert_int_equal(pd_stats_group_check("1", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "two digits"));
    assert_int_equal(pd_stats_group_check("0a", &err), PD_EINVAL);
    assert_int_equal(pd_stats_group_check("02", &err), PD_OK);
    /* the register has groups 01 and 02: 07 is refused as unknown (the
     * commands and screens check this before counting zeros), naming them */
    assert_int_equal(pd_stats_group_known(f->db, "01", &err), PD_OK);
    assert_int_equal(pd_stats_group_known(f->db, "02", &err), PD_OK);
    assert_int_equal(pd_stats_group_known(f->db, "07", &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "group 07 has no households"));
    assert_non_null(strstr(err.msg, "groups here: 01 02"));
    assert_int_equal(pd_stats_group_known(f->db, "7", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "two digits"));
}

struct list { struct pd_birth_rec r[16]; int n; };

static int collect(void *ctx, const struct pd_birth_rec *b)
{
    struct list *l = ctx;
    if (l->n < 16)
        l->r[l->n++] = *b;
    return 0;
}

static const struct pd_birth_rec *find_birth(const struct list *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->r[i].name, name) == 0)
            return &l->r[i];
    fail_msg("no birth of %s in the list", name);
    return NULL;
}

static void test_birth_list(void **state)
{
    struct fx *f = *state;
    struct pd_stats_query q;
    query(&q, "stat-2012", NULL);
    struct list l = { .n = 0 };
    struct pd_error err;
    assert_int_equal(pd_stats_births_each(f->db, &q, true, collect, &l, &err), PD_OK);
    assert_int_equal(l.n, 7);   /* 6 + the migrant mother's */
    const struct pd_birth_rec *b = find_birth(&l, "刘一");
    assert_int_equal(b->order, 1);
    assert_int_equal(b->within_policy, 1);
    assert_string_equal(b->mother_name, "赵敏");
    assert_string_equal(b->father_name, "刘强");
    assert_string_equal(b->certificate, "浙甬一孩2012-015");
    assert_int_equal(find_birth(&l, "刘二")->order, 1);
    b = find_birth(&l, "孙小");
    assert_false(b->alive);
    assert_string_equal(b->death_date, "2012-03-10");
    b = find_birth(&l, "郑三");
    assert_true(b->late);
    assert_string_equal(b->counted_on, "2012-03-05");
    assert_string_equal(b->birth_date, "2011-09-20");
    assert_int_equal(b->order, 3);
    assert_int_equal(b->within_policy, 0);
    assert_non_null(strstr(b->policy_reason, "out of policy"));
    b = find_birth(&l, "王小虎");
    assert_int_equal(b->order, 2);
    assert_int_equal(b->within_policy, 1);
    assert_string_equal(b->certificate, "浙甬二孩2011-008");
    b = find_birth(&l, "何二宝");
    assert_int_equal(b->within_policy, 0);
    assert_non_null(strstr(b->policy_reason, "second child without"));
    b = find_birth(&l, "马小");
    assert_true(b->migrant_mother);
    /* the memo rows only when asked */
    l.n = 0;
    assert_int_equal(pd_stats_births_each(f->db, &q, false, collect, &l, &err), PD_OK);
    assert_int_equal(l.n, 6);
}

/* The birth list's certificate number is the one that covers the birth: a
 * second-child certificate 郑雪 was given in 2003 (before her second child
 * 郑二, 2004-04-04) covers 郑二, not her third child 郑三 (2011-09-20) although
 * it is of the "second_child" kind and dated before that birth too. */
static void test_certificate_of_third_birth(void **state)
{
    struct fx *f = *state;
    event(f, "certificate.issue", f->p12,
          "{\"kind\":\"second_child\",\"number\":\"浙甬二孩2003-001\",\"date\":\"2003-01-01\",\"reason\":\"双方均为独生子女\"}");
    struct pd_stats_query q;
    query(&q, "stat-2012", NULL);
    struct list l = { .n = 0 };
    struct pd_error err;
    assert_int_equal(pd_stats_births_each(f->db, &q, false, collect, &l, &err), PD_OK);
    const struct pd_birth_rec *b = find_birth(&l, "郑三");
    assert_int_equal(b->order, 3);
    assert_string_equal(b->certificate, "");
    /* the second child it was given for: 2004 */
    query(&q, "2004", NULL);
    l.n = 0;
    assert_int_equal(pd_stats_births_each(f->db, &q, false, collect, &l, &err), PD_OK);
    b = find_birth(&l, "郑二");
    assert_int_equal(b->order, 2);
    assert_string_equal(b->certificate, "浙甬二孩2003-001");
}

/* The married women on a past day come from the histories, on or after
 * today from the current columns: the same women and methods either way
 * (nothing changed on 2012-12-31). */
static void test_past_and_current_agree(void **state)
{
    struct fx *f = *state;
    struct pd_counts past, now;
    count(f, "2012-01-01..2012-12-30", NULL, &past);
    count(f, "2012-01-01..2012-12-31", NULL, &now);
    assert_int_equal(past.married_women, 6);
    assert_int_equal(now.married_women, past.married_women);
    assert_int_equal(now.married_women_able, past.married_women_able);
    assert_int_equal(now.married_women_using, past.married_women_using);
    assert_int_equal(now.women_served, past.women_served);
    /* and a period that has not ended counts as of today */
    pd_db_set_today(f->db, (struct pd_date){ 2012, 9, 1 });
    count(f, "stat-2012", NULL, &now);
    /* 王小虎 (09-30) and 何三宝 are "not yet born" on 09-01 as far as the
     * population goes; the births are counted from the records */
    assert_int_equal(now.married_women, 6);
    pd_db_set_today(f->db, (struct pd_date){ 2012, 12, 31 });
}

/* stat-2012, 统2表: methods in use on 2012-09-30: 陈丽 6 (husband's), 赵敏 3,
 * 吴红 4, 郑雪 9; 孙梅 and 何静 none recorded; 孙梅 pregnant.  Surgeries in
 * the year: IUD 赵敏 2012-07-01, implant 吴红 2011-12-01. */
static void test_contraception_report(void **state)
{
    struct fx *f = *state;
    struct pd_stats_query q;
    query(&q, "stat-2012", NULL);
    struct pd_contra_stats s;
    struct pd_error err;
    assert_int_equal(pd_stats_contraception(f->db, &q, &s, &err), PD_OK);
    assert_int_equal(s.married_women, 6);
    assert_int_equal(s.by_method[6], 1);
    assert_int_equal(s.by_method[3], 1);
    assert_int_equal(s.by_method[4], 1);
    assert_int_equal(s.by_method[9], 1);
    assert_int_equal(s.by_method[1], 0);
    assert_int_equal(s.no_method, 2);
    assert_int_equal(s.pregnant, 1);
    assert_int_equal(s.iud_insert, 1);
    assert_int_equal(s.implant, 1);
    assert_int_equal(s.iud_remove, 0);
    assert_int_equal(s.female_steril + s.male_steril + s.induced_abortion, 0);
}

/* March 2012: births 郑三 (counted 03-05) and 孙小; deaths 孙小. */
static void test_monthly(void **state)
{
    struct fx *f = *state;
    struct pd_stats_query q;
    query(&q, "2012-03", NULL);
    struct pd_monthly m;
    struct pd_error err;
    assert_int_equal(pd_stats_monthly(f->db, &q, &m, &err), PD_OK);
    assert_int_equal(m.births, 2);
    assert_int_equal(m.deaths, 1);
    assert_int_equal(m.marriages, 0);
    query(&q, "2012-02", NULL);
    assert_int_equal(pd_stats_monthly(f->db, &q, &m, &err), PD_OK);
    assert_int_equal(m.marriages, 2);
    query(&q, "2012-08", NULL);
    assert_int_equal(pd_stats_monthly(f->db, &q, &m, &err), PD_OK);
    assert_int_equal(m.pregnancies, 1);
    query(&q, "2012-07", NULL);
    assert_int_equal(pd_stats_monthly(f->db, &q, &m, &err), PD_OK);
    assert_int_equal(m.surgeries, 1);
}

struct women { int n; char first_method[4]; char last_method[4]; bool husband_seen; };

static int women_cb(void *ctx, const struct pd_woman_rec *w)
{
    struct women *x = ctx;
    if (x->n++ == 0)
        snprintf(x->first_method, sizeof x->first_method, "%s", w->method);
    snprintf(x->last_method, sizeof x->last_method, "%s", w->method);
    if (w->husband_method && strcmp(w->name, "陈丽") == 0)
        x->husband_seen = true;
    return 0;
}

struct migrants { int n, complete, expired, missing; };

static int migrants_cb(void *ctx, const struct pd_migrant_rec *m)
{
    struct migrants *x = ctx;
    x->n++;
    x->complete += m->complete;
    x->expired += m->state == PD_CERT_EXPIRED;
    /* 牛芳 has no certificate, no spouse and nothing on contraception; the
     * roster prints what she lacks in Chinese, in this order */
    if (m->state == PD_CERT_MISSING && strcmp(m->name, "牛芳") == 0 &&
        strcmp(m->missing, "有效婚育证明、发证机关和发证日期、配偶、避孕或怀孕记录") == 0)
        x->missing++;
    /* 马兰's record is complete: nothing listed */
    if (strcmp(m->name, "马兰") == 0 && m->complete && m->missing[0])
        x->missing += 100;
    return 0;
}

static void test_rosters(void **state)
{
    struct fx *f = *state;
    struct pd_stats_query q;
    query(&q, "stat-2012", NULL);
    struct women w = { 0 };
    struct pd_error err;
    assert_int_equal(pd_stats_women_each(f->db, &q, women_cb, &w, &err), PD_OK);
    assert_int_equal(w.n, 6);
    assert_string_equal(w.first_method, "3");   /* by method: 3, 4, 6, 9, then none */
    assert_string_equal(w.last_method, "");
    assert_true(w.husband_seen);
    struct migrants m = { 0 };
    assert_int_equal(pd_stats_migrants_each(f->db, &q, migrants_cb, &m, &err), PD_OK);
    assert_int_equal(m.n, 2);
    assert_int_equal(m.complete, 1);
    assert_int_equal(m.missing, 1);
    /* on 2014-05-01 马兰's certificate (valid to 2014-04-01) has expired */
    pd_db_set_today(f->db, (struct pd_date){ 2014, 5, 1 });
    query(&q, "2014-04-02..2014-05-01", NULL);
    memset(&m, 0, sizeof m);
    assert_int_equal(pd_stats_migrants_each(f->db, &q, migrants_cb, &m, &err), PD_OK);
    assert_int_equal(m.expired, 1);
    pd_db_set_today(f->db, (struct pd_date){ 2012, 12, 31 });
}

struct spot { int n; struct pd_spot_household h[8]; };

static int spot_cb(void *ctx, const struct pd_spot_household *h)
{
    struct spot *s = ctx;
    if (s->n < 8)
        s->h[s->n++] = *h;
    return 0;
}

/* Group 01 in stat-2012, household by household:
 *   010001 王建国: persons 王建国 陈丽 王小虎 = 3, births 1, deaths 0, married women 1, using 1
 *   010002 刘强: 刘强 赵敏 刘一 刘二 = 4 (刘福 died in the year, 张秀 before), births 2,
 *          deaths 1, married women 1, using 1
 *   010003 孙梅: 孙梅 = 1, births 1, deaths 1 (the baby), married women 1, using 0 */
static void test_spot_households(void **state)
{
    struct fx *f = *state;
    struct pd_stats_query q;
    query(&q, "stat-2012", "01");
    struct spot s = { 0 };
    struct pd_error err;
    assert_int_equal(pd_stats_spot_households(f->db, &q, spot_cb, &s, &err), PD_OK);
    assert_int_equal(s.n, 3);
    long long want[3][PD_SPOT__COUNT] = { { 3, 1, 0, 1, 1 }, { 4, 2, 1, 1, 1 }, { 1, 1, 1, 1, 0 } };
    const char *heads[3] = { "王建国", "刘强", "孙梅" };
    for (int i = 0; i < 3; i++) {
        assert_string_equal(s.h[i].head, heads[i]);
        for (int k = 0; k < PD_SPOT__COUNT; k++)
            if (s.h[i].reported[k] != want[i][k])
                fail_msg("household %s item %s: %lld, wanted %lld", s.h[i].code,
                         pd_spot_key((enum pd_spot_item)k), s.h[i].reported[k], want[i][k]);
    }
    /* a group is required */
    query(&q, "stat-2012", NULL);
    assert_int_equal(pd_stats_spot_households(f->db, &q, spot_cb, &s, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "two digits"));
    /* the saved result reads back */
    struct pd_spot_result r = { .at = "2012-11-20T10:00:00+08:00", .group = "01", .period = "stat-2012",
                                .households = 3, .surveyed = { 8, 4, 2, 3, 2 }, .reported = { 8, 4, 2, 3, 2 } };
    assert_int_equal(pd_stats_spot_save(f->db, &r, &err), PD_OK);
    struct pd_spot_result back;
    assert_int_equal(pd_stats_spot_last(f->db, &back, &err), PD_OK);
    assert_string_equal(back.group, "01");
    assert_int_equal(back.surveyed[PD_SPOT_BIRTHS], 4);
    assert_int_equal(back.reported[PD_SPOT_CONTRACEPTION], 2);
    /* the group's dashboard sees it; another group's does not */
    struct pd_counts c;
    count(f, "stat-2012", "01", &c);
    assert_true(c.have_spotcheck);
    count(f, "stat-2012", "02", &c);
    assert_false(c.have_spotcheck);
}

/* A baby recorded only on the mother's record, who died the day it was
 * born: a birth and a death of stat-2013 (its order 2: 周一 came first; no
 * flag recorded: not judged).  A grown child living elsewhere who died is
 * neither. */
static void test_infant_recorded_on_mother(void **state)
{
    struct fx *f = *state;
    struct pd_counts before, after;
    count(f, "stat-2013", NULL, &before);
    assert_int_equal(before.births, 1);
    assert_int_equal(before.deaths, 0);
    event(f, "person.child", f->p10, "{\"name\":\"吴小\",\"sex\":\"2\",\"birth_date\":\"2012-11-01\","
          "\"alive\":false,\"death_date\":\"2012-11-01\"}");
    event(f, "person.child", f->p12, "{\"name\":\"郑大\",\"sex\":\"1\",\"birth_date\":\"2000-01-01\","
          "\"alive\":false,\"death_date\":\"2012-11-05\"}");
    recorded_on(f, "2012-11-06");
    count(f, "stat-2013", NULL, &after);
    assert_int_equal(after.births, 2);
    assert_int_equal(after.deaths, 1);
    assert_int_equal(after.births_female, 1);
    assert_int_equal(after.births_policy_unknown, 1);
    assert_int_equal(after.births_by_order[1], 1);
    /* still nothing in stat-2012 */
    count(f, "stat-2012", NULL, &after);
    assert_int_equal(after.births, 6);
    assert_int_equal(after.deaths, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stat_year_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_indicator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_period_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_birth_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_certificate_of_third_birth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_past_and_current_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contraception_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monthly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rosters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spot_households, setup, teardown),
        cmocka_unit_test_setup_teardown(test_infant_recorded_on_mother, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
