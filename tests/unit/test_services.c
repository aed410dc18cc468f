/* test_services.c - the service and benefit cases (docs/CASES.md): the
 * benefit sections of the policy file, every benefit condition at its
 * boundary, quarters, the guidance coverage rate and the free basic public
 * service rate worked out by hand, the supervisor role on decisions, and
 * the new events' own checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/policy_load.h"
#include "core/indicators.h"
#include "core/services.h"
#include "store/services.h"
#include "store/stats.h"
#include "store/users.h"
#include "testutil.h"
#include "fixture.h"

static char shipped[1200];
static char *shipped_text;

static int setup(void **state)
{
    (void)state;
    snprintf(shipped, sizeof shipped, "%s/conf/policy/zhejiang-2012.ini", fx_top());
    shipped_text = fx_read_file(shipped, NULL);
    return shipped_text ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(shipped_text);
    return 0;
}

static struct pd_date D(int y, int m, int d) { return (struct pd_date){ y, m, d }; }

/* ---- the policy file ------------------------------------------------------------ */

/* The shipped file with `from` replaced by `to` (from NULL: `to` appended). */
static pd_err load_variant(const char *from, const char *to, struct pd_policy *p, struct pd_error *err)
{
    char path[600];
    snprintf(path, sizeof path, "%s/svc-policy-%d.ini", fx_tmpdir(), (int)getpid());
    fx_write_variant(shipped_text, from, to, path);
    pd_error_clear(err);
    pd_err rc = pd_policy_load(path, p, err);
    unlink(path);
    return rc;
}

static void refused(const char *from, const char *to, const char *words, const char *field)
{
    struct pd_policy *p = malloc(sizeof *p);
    struct pd_error err;
    pd_err rc = load_variant(from, to, p, &err);
    free(p);
    if (rc != PD_ECONFIG)
        fail_msg("'%s' -> '%s' was not refused (rc %d)", from ? from : "", to, rc);
    if (!strstr(err.msg, words))
        fail_msg("message '%s' lacks '%s'", err.msg, words);
    if (field && strcmp(err.field, field) != 0)
        fail_msg("field '%s', wanted '%s' (%s)", err.field, field, err.msg);
}

static void policy_sections(void **state)
{
    (void)state;
    struct pd_policy *p = malloc(sizeof *p);
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_policy_load(shipped, p, &err), PD_OK);
    const struct pd_benefit_policy *h = &p->benefit[PD_BEN_HARDSHIP];
    assert_true(h->configured);
    assert_string_equal(h->title, "独生子女困难家庭帮扶");
    assert_int_equal(h->times_per_year, 1);
    assert_int_equal(h->education_child_max_age, 22);
    assert_int_equal(h->poverty_income_max, 6000);
    assert_int_equal(h->illness_cost_min, 20000);
    const struct pd_benefit_period *per = pd_benefit_period(h, 2012);
    assert_non_null(per);
    assert_int_equal(per->amount[0], 1000);
    assert_int_equal(per->amount[2], 3000);
    assert_null(pd_benefit_period(h, 2011));
    assert_non_null(pd_benefit_period(h, 2030));      /* open-ended */
    assert_int_equal(p->benefit[PD_BEN_MIGRANT].min_months_here, 6);
    assert_int_equal(p->benefit[PD_BEN_MIGRANT].apply_within_days, 180);
    assert_int_equal(pd_benefit_period(&p->benefit[PD_BEN_MIGRANT], 2012)->amount[0], 300);
    assert_int_equal(pd_benefit_period(&p->benefit[PD_BEN_WELFARE], 2012)->amount[0], 5000);
    free(p);
}

static void policy_without_sections(void **state)
{
    (void)state;
    /* a file written before the benefits loads; the programmes are off */
    const char *at = strstr(shipped_text, "\n[hardship]");
    assert_non_null(at);
    char path[600];
    snprintf(path, sizeof path, "%s/svc-old-%d.ini", fx_tmpdir(), (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fwrite(shipped_text, 1, (size_t)(at - shipped_text) + 1, f);
    fclose(f);
    struct pd_policy *p = malloc(sizeof *p);
    struct pd_error err;
    assert_int_equal(pd_policy_load(path, p, &err), PD_OK);
    unlink(path);
    assert_false(p->benefit[PD_BEN_HARDSHIP].configured);
    assert_false(p->benefit[PD_BEN_WELFARE].configured);
    struct pd_benefit_request q = { PD_BEN_HARDSHIP, 1, D(2012, 6, 1), 100, -1, 0, { 0, 0, 0 } };
    struct pd_benefit_facts fx = { .active = true, .onechild_cert = true };
    struct pd_benefit_result r;
    pd_benefit_assess(&p->benefit[PD_BEN_HARDSHIP], &q, &fx, &r);
    assert_int_equal(r.n, 1);
    assert_true(r.blocked);
    assert_non_null(strstr(r.c[0].words, "no [hardship] section"));
    free(p);
}

static void policy_refused(void **state)
{
    (void)state;
    refused("poverty_1 = 1000\n", "poverty_1 = abc\n", "[hardship] poverty_1: 'abc' is not a whole number of yuan",
            "hardship.poverty_1");
    refused("poverty_1 = 1000\n", "poverty_1 = 0\n", "out of range", "hardship.poverty_1");
    refused("poverty_1 = 1000\n", "", "[hardship] poverty_1: missing", "hardship.poverty_1");
    refused("apply_within_days = 180\n", "", "[migrant_birth] apply_within_days: missing", NULL);
    refused("min_months_here = 6\n", "min_months_here = 6\nbonus = 3\n", "[migrant_birth] bonus: unknown key", NULL);
    refused("max_1 = 5000\n", "max_1 = 5000\npoverty_1 = 5\n", "[welfare_fund] poverty_1: unknown key", NULL);
    refused("times_per_year = 1\nmax_1", "times_per_year = 13\nmax_1", "13 is out of range (1 to 12)", NULL);
    refused("amount_1 = 300\nvalid_from_1 = 2012-01-01\n", "amount_1 = 300\nvalid_from_1 = 2012-03-01\n",
            "must be a 1 January", NULL);
    refused(NULL, "\n[hardship]\namount_3 = 5\n", "[hardship] amount_3: unknown key", NULL);
    /* a gap in the periods, and an open period followed by another */
    refused("max_1 = 5000\nvalid_from_1 = 2012-01-01\nvalid_to_1 =\n",
            "max_1 = 5000\nvalid_from_1 = 2012-01-01\nvalid_to_1 =\nmax_3 = 1\nvalid_from_3 = 2014-01-01\nvalid_to_3 =\n",
            "period 3 is given but period 2 is missing", NULL);
    refused("max_1 = 5000\nvalid_from_1 = 2012-01-01\nvalid_to_1 =\n",
            "max_1 = 5000\nvalid_from_1 = 2012-01-01\nvalid_to_1 =\nmax_2 = 1\nvalid_from_2 = 2014-01-01\nvalid_to_2 =\n",
            "only the last period may be open", NULL);
    /* two periods in order load, and the amount follows the year */
    struct pd_policy *p = malloc(sizeof *p);
    struct pd_error err;
    assert_int_equal(load_variant("amount_1 = 300\nvalid_from_1 = 2012-01-01\nvalid_to_1 =\n",
                                  "amount_1 = 300\nvalid_from_1 = 2012-01-01\nvalid_to_1 = 2013-12-31\n"
                                  "amount_2 = 500\nvalid_from_2 = 2014-01-01\nvalid_to_2 =\n", p, &err), PD_OK);
    assert_int_equal(pd_benefit_period(&p->benefit[PD_BEN_MIGRANT], 2013)->amount[0], 300);
    assert_int_equal(pd_benefit_period(&p->benefit[PD_BEN_MIGRANT], 2014)->amount[0], 500);
    free(p);
}

/* ---- the conditions, each at its boundary ------------------------------------------ */

static struct pd_policy *pol;

static int setup_pol(void **state)
{
    if (setup(state))
        return -1;
    pol = malloc(sizeof *pol);
    struct pd_error err;
    return pol && pd_policy_load(shipped, pol, &err) == PD_OK ? 0 : -1;
}

static int teardown_pol(void **state)
{
    free(pol);
    return teardown(state);
}

/* The state of the first condition whose words contain `words`; fails when none. */
static enum pd_chk cond_of(const struct pd_benefit_result *r, const char *words)
{
    for (int i = 0; i < r->n; i++)
        if (strstr(r->c[i].words, words))
            return r->c[i].state;
    char all[2000] = "";
    for (int i = 0; i < r->n; i++) {
        size_t l = strlen(all);
        snprintf(all + l, sizeof all - l, " | %s", r->c[i].words);
    }
    fail_msg("no condition '%s' in%s", words, all);
    return PD_CHK_UNKNOWN;
}

static struct pd_benefit_facts onechild_family(void)
{
    struct pd_benefit_facts f;
    memset(&f, 0, sizeof f);
    f.active = true;
    f.sex = '2';
    f.married = true;
    f.onechild_cert = true;
    snprintf(f.onechild_number, sizeof f.onechild_number, "甬独2009-0012");
    f.child_known = true;
    f.child_birth = D(1990, 9, 1);
    f.child_alive = true;
    f.living_children = 1;
    f.daughters_living = 1;
    return f;
}

static void assess(enum pd_benefit_prog prog, int cat, struct pd_date on, long income, long cost, long amount,
                   const struct pd_benefit_facts *f, struct pd_benefit_result *r)
{
    struct pd_benefit_request q = { prog, cat, on, income, cost, amount, { 0, 0, 0 } };
    pd_benefit_assess(&pol->benefit[prog], &q, f, r);
}

static void hardship_boundaries(void **state)
{
    (void)state;
    struct pd_benefit_facts f = onechild_family();
    struct pd_benefit_result r;
    /* education: the child born 1990 is 22 in 2012 (the maximum), 23 in 2013 */
    assess(PD_BEN_HARDSHIP, 0, D(2012, 9, 1), -1, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "education: child aged 22 in 2012, at most 22"), PD_CHK_MET);
    assert_int_equal(cond_of(&r, "enrolment proof"), PD_CHK_UNKNOWN);
    assert_int_equal(cond_of(&r, "1000 yuan in 2012"), PD_CHK_MET);
    assert_false(r.blocked);
    assert_int_equal(r.amount, 1000);
    assess(PD_BEN_HARDSHIP, 0, D(2013, 1, 2), -1, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "education: child aged 23 in 2013, above 22"), PD_CHK_NOT_MET);
    assert_true(r.blocked);
    f.child_alive = false;
    assess(PD_BEN_HARDSHIP, 0, D(2012, 9, 1), -1, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "has died"), PD_CHK_NOT_MET);
    f = onechild_family();
    /* poverty: 6000 a head is the line itself */
    assess(PD_BEN_HARDSHIP, 1, D(2012, 6, 1), 6000, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "poverty: income 6000 yuan per head, at most 6000"), PD_CHK_MET);
    assert_false(r.blocked);
    assess(PD_BEN_HARDSHIP, 1, D(2012, 6, 1), 6001, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "poverty: income 6001 yuan per head, above 6000"), PD_CHK_NOT_MET);
    assess(PD_BEN_HARDSHIP, 1, D(2012, 6, 1), -1, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "income per head is not stated"), PD_CHK_NOT_MET);
    /* illness: 20000 of own costs is enough, 19999 is not */
    assess(PD_BEN_HARDSHIP, 2, D(2012, 6, 1), -1, 20000, 0, &f, &r);
    assert_int_equal(cond_of(&r, "own costs 20000 yuan, at least 20000"), PD_CHK_MET);
    assert_int_equal(r.amount, 3000);
    assess(PD_BEN_HARDSHIP, 2, D(2012, 6, 1), -1, 19999, 0, &f, &r);
    assert_int_equal(cond_of(&r, "own costs 19999 yuan, under 20000"), PD_CHK_NOT_MET);
    /* no certificate; once a year; no amount before 2012; not registered */
    f.onechild_cert = false;
    assess(PD_BEN_HARDSHIP, 1, D(2012, 6, 1), 100, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "no one-child parents' certificate"), PD_CHK_NOT_MET);
    f = onechild_family();
    f.grants_this_year = 1;
    assess(PD_BEN_HARDSHIP, 1, D(2012, 6, 1), 100, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "already 1 grant(s) in 2012: at most 1 a year"), PD_CHK_NOT_MET);
    f.grants_this_year = 0;
    assess(PD_BEN_HARDSHIP, 1, D(2011, 12, 31), 100, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "no amount in force for 2011"), PD_CHK_NOT_MET);
    assert_int_equal(r.amount, 0);
    f.active = false;
    snprintf(f.status, sizeof f.status, "dead");
    assess(PD_BEN_HARDSHIP, 1, D(2012, 6, 1), 100, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "not registered here (dead)"), PD_CHK_NOT_MET);
}

static struct pd_benefit_facts migrant_mother(void)
{
    struct pd_benefit_facts f;
    memset(&f, 0, sizeof f);
    f.active = true;
    f.migrant = true;
    f.sex = '2';
    f.married = true;
    f.arrived = D(2011, 10, 10);
    snprintf(f.mcert_number, sizeof f.mcert_number, "皖婚育2011-0456");
    f.mcert_expiry = D(2014, 7, 31);
    return f;
}

static void migrant_boundaries(void **state)
{
    (void)state;
    struct pd_benefit_facts f = migrant_mother();
    struct pd_benefit_result r;
    struct pd_benefit_request q = { PD_BEN_MIGRANT, 0, D(2012, 10, 7), -1, -1, 0, D(2012, 4, 10) };
    const struct pd_benefit_policy *mp = &pol->benefit[PD_BEN_MIGRANT];
    /* arrived exactly 6 months before the birth; applied on day 180 */
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "arrived 2011-10-10, 6 months or more before the birth on 2012-04-10"), PD_CHK_MET);
    assert_int_equal(cond_of(&r, "applied 180 days after the birth, within 180"), PD_CHK_MET);
    assert_int_equal(cond_of(&r, "within policy: first child, married"), PD_CHK_MET);
    assert_false(r.blocked);
    assert_int_equal(r.amount, 300);
    /* a day later on either side */
    f.arrived = D(2011, 10, 11);
    q.date = D(2012, 10, 8);
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "less than 6 months before the birth"), PD_CHK_NOT_MET);
    assert_int_equal(cond_of(&r, "applied 181 days after the birth, more than 180"), PD_CHK_NOT_MET);
    /* month end: 6 months before 2012-08-31 is 2012-02-29 (leap year) */
    q.birth = D(2012, 8, 31);
    q.date = D(2012, 9, 1);
    f.arrived = D(2012, 2, 29);
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "arrived 2012-02-29"), PD_CHK_MET);
    f.arrived = D(2012, 3, 1);
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "arrived 2012-03-01"), PD_CHK_NOT_MET);
    /* applied before the birth; certificate expired before it; none */
    f = migrant_mother();
    q.birth = D(2012, 4, 10);
    q.date = D(2012, 4, 9);
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "applied before the birth"), PD_CHK_NOT_MET);
    q.date = D(2012, 5, 1);
    f.mcert_expiry = D(2012, 4, 9);
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "expired 2012-04-09, before the birth"), PD_CHK_NOT_MET);
    f.mcert_expiry = D(2012, 4, 10);    /* valid on the day of the birth */
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "marriage-and-childbearing certificate 皖婚育2011-0456"), PD_CHK_MET);
    f.mcert_number[0] = '\0';
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "no marriage-and-childbearing certificate"), PD_CHK_NOT_MET);
    /* birth order and the second-child certificate; not married */
    f = migrant_mother();
    f.earlier_children = 1;
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "child number 2 without a certificate"), PD_CHK_NOT_MET);
    f.second_child_cert = true;
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "second child with a second-child certificate"), PD_CHK_MET);
    f.earlier_children = 2;
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "child number 3"), PD_CHK_NOT_MET);
    f = migrant_mother();
    f.married = false;
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "not recorded as married"), PD_CHK_NOT_MET);
    /* a registered resident, and no birth given */
    f = migrant_mother();
    f.migrant = false;
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "not in the migrant register"), PD_CHK_NOT_MET);
    q.birth = D(0, 0, 0);
    pd_benefit_assess(mp, &q, &f, &r);
    assert_int_equal(cond_of(&r, "date of the birth is not given"), PD_CHK_NOT_MET);
}

static void welfare_boundaries(void **state)
{
    (void)state;
    struct pd_benefit_facts f = onechild_family();
    struct pd_benefit_result r;
    assess(PD_BEN_WELFARE, 0, D(2012, 7, 1), -1, -1, 5000, &f, &r);
    assert_int_equal(cond_of(&r, "5000 yuan asked, within the ceiling of 5000"), PD_CHK_MET);
    assert_int_equal(cond_of(&r, "one-child parents' certificate 甬独2009-0012"), PD_CHK_MET);
    assert_int_equal(r.amount, 5000);
    assert_false(r.blocked);
    assess(PD_BEN_WELFARE, 0, D(2012, 7, 1), -1, -1, 5001, &f, &r);
    assert_int_equal(cond_of(&r, "5001 yuan asked, above the ceiling of 5000"), PD_CHK_NOT_MET);
    assert_int_equal(r.amount, 0);
    assess(PD_BEN_WELFARE, 0, D(2012, 7, 1), -1, -1, 0, &f, &r);
    assert_int_equal(cond_of(&r, "the amount asked is not given"), PD_CHK_NOT_MET);
    /* the family-planning family: sterilisation, two daughters, neither */
    memset(&f, 0, sizeof f);
    f.active = true;
    f.sterilised = true;
    assess(PD_BEN_WELFARE, 0, D(2012, 7, 1), -1, -1, 100, &f, &r);
    assert_int_equal(cond_of(&r, "sterilisation on record"), PD_CHK_MET);
    f.sterilised = false;
    f.living_children = 2;
    f.daughters_living = 2;
    assess(PD_BEN_WELFARE, 0, D(2012, 7, 1), -1, -1, 100, &f, &r);
    assert_int_equal(cond_of(&r, "family-planning family: two daughters"), PD_CHK_MET);
    f.living_children = 3;
    assess(PD_BEN_WELFARE, 0, D(2012, 7, 1), -1, -1, 100, &f, &r);
    assert_int_equal(cond_of(&r, "not a family-planning family"), PD_CHK_NOT_MET);
    assert_true(r.blocked);
}

static void quarters_and_codes(void **state)
{
    (void)state;
    char q[8];
    pd_quarter_of(D(2012, 3, 31), q);
    assert_string_equal(q, "2012Q1");
    pd_quarter_of(D(2012, 4, 1), q);
    assert_string_equal(q, "2012Q2");
    pd_quarter_of(D(2012, 12, 31), q);
    assert_string_equal(q, "2012Q4");
    int y, n;
    struct pd_error err;
    assert_int_equal(pd_quarter_parse("2012q3", &y, &n, "quarter", &err), PD_OK);
    assert_int_equal(y * 10 + n, 20123);
    assert_int_equal(pd_quarter_parse("2012Q0", &y, &n, "quarter", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "not a quarter like 2012Q3"));
    assert_int_equal(pd_quarter_parse("12Q1", &y, &n, "quarter", &err), PD_EINVAL);
    struct pd_date a, b;
    pd_quarter_range(2012, 1, &a, &b);
    assert_int_equal(b.m * 100 + b.d, 331);
    pd_quarter_range(2012, 4, &a, &b);
    assert_int_equal(a.m * 100 + a.d, 1001);
    assert_int_equal(b.m * 100 + b.d, 1231);
    assert_int_equal(pd_svc_code_check(PD_SVC_RISK, "genetic", "group", &err), PD_OK);
    assert_int_equal(pd_svc_code_check(PD_SVC_RISK, "twins", "group", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown high-risk group 'twins'"));
    assert_string_equal(err.field, "group");
    assert_string_equal(pd_svc_zh(PD_SVC_HEALTH, "cervical"), "宫颈癌筛查");
    int cat;
    assert_int_equal(pd_benefit_cat_parse(PD_BEN_HARDSHIP, "relief", &cat, "category", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "not one of hardship's (education, poverty, illness)"));
    struct pd_svc_rate rt;
    char t[64];
    pd_svc_rate_make(2, 3, &rt);
    pd_svc_rate_text(&rt, t, sizeof t);
    assert_string_equal(t, "66.7% (2/3)");
    pd_svc_rate_make(0, 0, &rt);
    assert_false(rt.valid);
    pd_svc_rate_text(&rt, t, sizeof t);
    assert_string_equal(t, "- (0/0)");
}

/* ---- the store: rates by hand, roles, event checks --------------------------------- */

static void hh(struct pd_db *db, const char *code)
{
    char json[200];
    struct pd_error err;
    snprintf(json, sizeof json, "{\"code\":\"%s\",\"address\":\"甬江街道示范村\",\"reg_type\":\"2\"}", code);
    if (test_save(db, "household.add", code, "", json, NULL, &err) != PD_OK)
        fail_msg("household: %s", err.msg);
}

static void woman(struct pd_db *db, const char *code, const char *name, const char *birth, char pid[40])
{
    char json[300];
    struct pd_error err;
    snprintf(json, sizeof json, "{\"name\":\"%s\",\"sex\":\"2\",\"birth_date\":\"%s\",\"reg_type\":\"2\","
             "\"ethnicity\":\"01\",\"relation\":\"02\",\"marital\":\"21\",\"marital_date\":\"2005-01-01\"}",
             name, birth);
    if (test_save(db, "person.add", code, "", json, pid, &err) != PD_OK)
        fail_msg("person: %s", err.msg);
}

static void ev(struct pd_db *db, const char *type, const char *person, const char *json)
{
    struct pd_error err;
    if (test_save(db, type, "", person, json, NULL, &err) != PD_OK)
        fail_msg("%s: %s", type, err.msg);
}

static void coverage_by_hand(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("svc-coverage");
    const char *H1 = "330205001001010001", *H2 = "330205001001010002", *H3 = "330205001001010003",
               *H4 = "330205001001010004";
    char a[40], b[40], c[40], d[40], e[40];
    hh(db, H1); hh(db, H2); hh(db, H3); hh(db, H4);
    woman(db, H1, "李秀英", "1982-07-20", a);
    woman(db, H1, "王秀兰", "1960-01-01", b);     /* same household as 李秀英 */
    woman(db, H2, "张桂芳", "1983-11-11", c);
    woman(db, H3, "孙兰英", "1977-09-09", d);
    woman(db, H4, "刘翠花", "1988-02-14", e);
    ev(db, "risk.archive", a, "{\"group\":\"disabled_child\",\"date\":\"2012-01-10\",\"planning\":true}");
    ev(db, "risk.archive", b, "{\"group\":\"genetic\",\"date\":\"2012-02-01\"}");
    ev(db, "risk.archive", c, "{\"group\":\"screening_positive\",\"date\":\"2012-03-01\"}");
    ev(db, "risk.archive", d, "{\"group\":\"advanced_age\",\"date\":\"2011-05-01\"}");
    ev(db, "risk.archive", e, "{\"group\":\"chronic_disease\",\"date\":\"2012-05-20\"}");
    /* guidance: H1 through 王秀兰's archive (2), H2 in 2011? no: 2012-03-05;
     * 孙兰英's archive (4) guided in 2011 only, then closed 2012-01-31 */
    ev(db, "risk.guidance", b, "{\"date\":\"2012-02-15\",\"kind\":\"genetic_counselling\",\"by\":\"陈医生\"}");
    ev(db, "risk.guidance", c, "{\"date\":\"2012-03-05\",\"kind\":\"home_visit\",\"by\":\"王护士\"}");
    ev(db, "risk.guidance", d, "{\"date\":\"2011-06-01\",\"kind\":\"counselling\",\"by\":\"陈医生\"}");
    ev(db, "risk.close", d, "{\"case\":4,\"date\":\"2012-01-31\",\"reason\":\"已过育龄\"}");
    struct pd_svc_rate r;
    struct pd_error err;
    /* 2012: families H1 (archives 1, 2), H2, H3 (open until 01-31), H4;
     * guided in 2012: H1 (02-15), H2 (03-05) -> 2 / 4 = 50% */
    assert_int_equal(pd_risk_coverage(db, D(2012, 1, 1), D(2012, 12, 31), &r, &err), PD_OK);
    assert_int_equal(r.den, 4);
    assert_int_equal(r.num, 2);
    assert_true(r.percent > 49.99 && r.percent < 50.01);
    /* 2012-02: H1; H3 closed 01-31, H2 from 03-01, H4 from 05-20: 1 family, guided -> 1/1 */
    assert_int_equal(pd_risk_coverage(db, D(2012, 2, 1), D(2012, 2, 29), &r, &err), PD_OK);
    assert_int_equal(r.den, 1);
    assert_int_equal(r.num, 1);
    /* 2011: only H3 (archived 2011-05-01), guided 2011-06-01 -> 1/1 */
    assert_int_equal(pd_risk_coverage(db, D(2011, 1, 1), D(2011, 12, 31), &r, &err), PD_OK);
    assert_int_equal(r.den * 10 + r.num, 11);
    /* January 2012: H1 (archive 1 from 01-10) and H3 (closing 01-31): none guided in January */
    assert_int_equal(pd_risk_coverage(db, D(2012, 1, 1), D(2012, 1, 31), &r, &err), PD_OK);
    assert_int_equal(r.den, 2);
    assert_int_equal(r.num, 0);
    /* refused steps: guidance before the archive, on a closed one, closing twice */
    assert_int_equal(test_save(db, "risk.guidance", "", c, "{\"date\":\"2012-02-01\",\"kind\":\"counselling\",\"by\":\"陈医生\"}",
                               NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "before the archive was opened (2012-03-01)"));
    assert_int_equal(test_save(db, "risk.guidance", "", d, "{\"case\":4,\"date\":\"2012-02-01\",\"kind\":\"counselling\",\"by\":\"陈医生\"}",
                               NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "was closed on 2012-01-31"));
    assert_int_equal(test_save(db, "risk.close", "", a, "{\"case\":4,\"date\":\"2012-02-01\",\"reason\":\"x\"}",
                               NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "is "));
    assert_string_equal(err.field, "case");
    assert_int_equal(test_count(db, "SELECT count(*) FROM outbox WHERE body LIKE '%risk.%'"), 9);
    test_db_close(&db);
}

static void public_service_rate_by_hand(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("svc-psr");
    const char *H1 = "330205001001010001";
    char a[40], b[40], c[40], d[40], old[40];
    hh(db, H1);
    woman(db, H1, "李秀英", "1982-07-20", a);
    woman(db, H1, "张桂芳", "1983-11-11", b);
    woman(db, H1, "孙兰英", "1977-09-09", c);
    woman(db, H1, "赵丽华", "1990-01-01", d);
    woman(db, H1, "周老太", "1950-01-01", old);  /* 62: not a woman to be served */
    /* 李秀英: a free check in Q2; 张桂芳: a paid breast screening only;
     * 孙兰英: free supplies in 2011 only; 周老太: free counselling (not counted:
     * not 15-49); 赵丽华: nothing */
    ev(db, "health.service", a, "{\"kind\":\"check\",\"date\":\"2012-05-03\"}");
    ev(db, "health.service", b, "{\"kind\":\"breast\",\"date\":\"2012-05-04\",\"free\":false}");
    ev(db, "health.service", c, "{\"kind\":\"supplies\",\"date\":\"2011-12-30\",\"items\":\"避孕套\",\"quantity\":20}");
    ev(db, "health.service", old, "{\"kind\":\"counselling\",\"date\":\"2012-05-04\"}");
    struct pd_stats_query q;
    memset(&q, 0, sizeof q);
    q.statyear = PD_STATYEAR_DEFAULT;
    pd_period_year(2012, &q.period);
    struct pd_counts cn;
    struct pd_error err;
    /* married women 15-49 on 2012-12-31: 李秀英, 张桂芳, 孙兰英, 赵丽华 = 4; served free
     * in 2012: 李秀英 = 1 -> 25% */
    assert_int_equal(pd_stats_count(db, &q, &cn, &err), PD_OK);
    assert_int_equal(cn.women_to_serve, 4);
    assert_int_equal(cn.women_served, 1);
    struct pd_indicator ind[PD_IND__COUNT];
    pd_indicators_compute(&cn, &pol->targets, ind);
    assert_true(ind[PD_IND_PUBLIC_SERVICE].value > 24.99 && ind[PD_IND_PUBLIC_SERVICE].value < 25.01);
    assert_int_equal(ind[PD_IND_PUBLIC_SERVICE].status, PD_IND_MISSED);
    /* the statistics year 2012 (2011-10-01..2012-09-30) also has 孙兰英's supplies: 2/4 */
    pd_period_statyear(2012, PD_STATYEAR_DEFAULT, &q.period);
    assert_int_equal(pd_stats_count(db, &q, &cn, &err), PD_OK);
    assert_int_equal(cn.women_served, 2);
    /* a check is once a quarter; a quarter only on checks; women only */
    assert_int_equal(test_save(db, "health.service", "", a, "{\"kind\":\"check\",\"date\":\"2012-06-14\"}", NULL, &err),
                     PD_EEXIST);
    assert_non_null(strstr(err.msg, "the check for 2012Q2 is already recorded"));
    assert_int_equal(test_save(db, "health.service", "", a, "{\"kind\":\"check\",\"date\":\"2012-06-14\",\"quarter\":\"2012Q3\"}",
                               NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "health.service", "", a, "{\"kind\":\"cervical\",\"date\":\"2012-06-14\",\"quarter\":\"2012Q3\"}",
                               NULL, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "only a pregnancy/IUD check"));
    assert_int_equal(test_save(db, "health.service", "", a, "{\"kind\":\"check\",\"date\":\"2012-06-14\",\"quarter\":\"2012Q9\"}",
                               NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "quarter");
    assert_int_equal(test_count(db, "SELECT quarter FROM health_services WHERE id=1"), 2012);  /* "2012Q2" as a number */
    test_db_close(&db);
}

/* Saves an event signed by `user`. */
static pd_err save_as(struct pd_db *db, const char *user, const char *type, const char *person, const char *json,
                      struct pd_error *err)
{
    struct pd_event e;
    pd_error_clear(err);
    pd_err rc = pd_event_init(&e, type, NULL, person, json_loads(json, 0, NULL), err);
    if (rc == PD_OK)
        rc = pd_event_save(db, &e, user, err);
    pd_event_done(&e);
    return rc;
}

static void benefit_ledger_and_roles(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("svc-benefit");
    struct pd_error err;
    assert_int_equal(pd_user_add(db, "clerk01", PD_ROLE_CLERK, "Secret-pass1", 8, &err), PD_OK);
    assert_int_equal(pd_user_add(db, "sup01", PD_ROLE_SUPERVISOR, "Secret-pass1", 8, &err), PD_OK);
    const char *H1 = "330205001001010001";
    char a[40], kid[40];
    hh(db, H1);
    woman(db, H1, "李秀英", "1982-07-20", a);
    char json[300];
    snprintf(json, sizeof json, "{\"name\":\"王小梅\",\"sex\":\"2\",\"birth_date\":\"2008-03-02\",\"mother\":\"%s\","
             "\"relation\":\"30\"}", a);
    assert_int_equal(test_save(db, "person.birth", H1, "", json, kid, &err), PD_OK);
    snprintf(json, sizeof json, "{\"kind\":\"onechild\",\"number\":\"甬独2009-0012\",\"date\":\"2009-05-01\",\"child\":\"%s\"}", kid);
    ev(db, "certificate.issue", a, json);
    struct pd_benefit_apply_opts o = { a, PD_BEN_HARDSHIP, 2, "2012-06-01", 0, -1, 25000, NULL, NULL, "大病" };
    long long id = 0;
    struct pd_benefit_result r;
    assert_int_equal(pd_benefit_apply(db, pol, &o, "clerk01", &id, &r, &err), PD_OK);
    assert_int_equal(id, 1);
    assert_false(r.blocked);
    assert_int_equal(r.amount, 3000);
    assert_int_equal(test_count(db, "SELECT amount FROM benefit_cases WHERE id=1"), 3000);
    /* the role is checked by the store, whoever saves the event */
    assert_int_equal(save_as(db, "clerk01", "benefit.decide", a, "{\"case\":1,\"decision\":\"approve\",\"date\":\"2012-06-05\"}",
                             &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "signed by a supervisor; clerk01 is clerk"));
    assert_int_equal(save_as(db, "nobody", "benefit.decide", a, "{\"case\":1,\"decision\":\"approve\",\"date\":\"2012-06-05\"}",
                             &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "not an account of this register"));
    assert_int_equal(pd_svc_require_role(db, "sup01", "x", &err), PD_OK);
    assert_int_equal(pd_svc_require_role(db, "admin-less", "x", &err), PD_EDENIED);
    /* a refusal needs a reason (the event's own check) */
    assert_int_equal(save_as(db, "sup01", "benefit.decide", a, "{\"case\":1,\"decision\":\"refuse\",\"date\":\"2012-06-05\"}",
                             &err), PD_EINVAL);
    assert_string_equal(err.field, "reason");
    /* payment before approval refused */
    assert_int_equal(pd_benefit_pay(db, 1, 100, "2012-06-06", NULL, "clerk01", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "not decided yet"));
    struct pd_benefit_decide_opts d = { 1, true, "2012-06-05", NULL, "张主任", 0 };
    assert_int_equal(pd_benefit_decide(db, pol, &d, "sup01", &err), PD_OK);
    assert_int_equal(pd_benefit_pay(db, 1, 3001, "2012-06-06", NULL, "clerk01", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "more than the 3000 yuan outstanding"));
    assert_int_equal(pd_benefit_pay(db, 1, 3000, "2012-06-06", "R1", "clerk01", &err), PD_OK);
    struct pd_benefit_case *c = malloc(sizeof *c);
    assert_int_equal(pd_benefit_get(db, 1, c, &err), PD_OK);
    assert_string_equal(c->state, "paid");
    assert_int_equal(c->paid, 3000);
    assert_int_equal(c->npayments, 1);
    assert_string_equal(c->decided_by, "sup01");
    assert_non_null(strstr(c->checks, "[met] serious illness: own costs 25000 yuan"));
    /* a second illness grant in 2012 is saved with the condition not met,
     * and cannot be approved */
    assert_int_equal(pd_benefit_apply(db, pol, &o, "clerk01", &id, &r, &err), PD_OK);
    assert_int_equal(id, 2);
    assert_true(r.blocked);
    d.id = 2;
    assert_int_equal(pd_benefit_decide(db, pol, &d, "sup01", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "cannot be approved: already 1 grant(s) in 2012"));
    /* the store holds the line whatever saves the decision (a generic form) */
    assert_int_equal(save_as(db, "sup01", "benefit.decide", a, "{\"case\":2,\"decision\":\"approve\",\"date\":\"2012-06-05\"}",
                             &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "was made with a condition not met"));
    assert_int_equal(save_as(db, "clerk01", "benefit.apply", a,
                             "{\"programme\":\"welfare_fund\",\"category\":\"relief\",\"date\":\"2012-06-01\",\"amount\":100}",
                             &err), PD_EINVAL);
    assert_string_equal(err.field, "checks");
    /* another programme's category is refused by the event check */
    assert_int_equal(test_save(db, "benefit.apply", "", a, "{\"programme\":\"hardship\",\"category\":\"birth\",\"date\":\"2012-06-01\"}",
                               NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "category");
    /* a programme the policy does not configure */
    struct pd_policy *bare = malloc(sizeof *bare);
    *bare = *pol;
    bare->benefit[PD_BEN_WELFARE].configured = false;
    struct pd_benefit_apply_opts w = { a, PD_BEN_WELFARE, 0, "2012-06-01", 100, -1, -1, NULL, NULL, NULL };
    assert_int_equal(pd_benefit_apply(db, bare, &w, "clerk01", &id, &r, &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "no [welfare_fund] section"));
    free(bare);
    /* each step reached the outbox: apply, decide, payment, apply */
    assert_int_equal(test_count(db, "SELECT count(*) FROM outbox WHERE body LIKE '%\"benefit.%'"), 4);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE type LIKE 'benefit.%'"), 4);
    free(c);
    test_db_close(&db);
}

static void archive_event_checks(void **state)
{
    (void)state;
    struct pd_db *db = test_db_open("svc-events");
    const char *H1 = "330205001001010001";
    char a[40];
    hh(db, H1);
    woman(db, H1, "李秀英", "1982-07-20", a);
    struct pd_error err;
    assert_int_equal(test_save(db, "risk.archive", "", a, "{\"group\":\"other\",\"date\":\"2012-01-10\"}", NULL, &err),
                     PD_EINVAL);
    assert_string_equal(err.field, "note");
    assert_int_equal(test_save(db, "risk.archive", "", a, "{\"group\":\"twins\",\"date\":\"2012-01-10\"}", NULL, &err),
                     PD_EINVAL);
    assert_string_equal(err.field, "group");
    assert_int_equal(test_save(db, "risk.archive", "", a, "{\"group\":\"other\",\"date\":\"2012-01-10\",\"note\":\"双胎史\"}",
                               NULL, &err), PD_OK);
    assert_int_equal(test_save(db, "risk.archive", "", a, "{\"group\":\"other\",\"date\":\"2012-01-11\",\"note\":\"再次\"}",
                               NULL, &err), PD_EEXIST);
    assert_non_null(strstr(err.msg, "already has an open archive"));
    assert_int_equal(test_save(db, "risk.guidance", "", a, "{\"date\":\"2012-02-01\",\"kind\":\"counselling\"}", NULL, &err),
                     PD_EINVAL);
    assert_string_equal(err.field, "by");
    /* a future date is refused (today is 2012-06-15 in the tests) */
    assert_int_equal(test_save(db, "risk.guidance", "", a, "{\"date\":\"2012-07-01\",\"kind\":\"counselling\",\"by\":\"陈医生\"}",
                               NULL, &err), PD_EINVAL);
    assert_string_equal(err.field, "date");
    test_db_close(&db);
}

int main(void)
{
    const struct CMUnitTest policy_tests[] = {
        cmocka_unit_test(policy_sections),
        cmocka_unit_test(policy_without_sections),
        cmocka_unit_test(policy_refused),
    };
    const struct CMUnitTest rule_tests[] = {
        cmocka_unit_test(hardship_boundaries),
        cmocka_unit_test(migrant_boundaries),
        cmocka_unit_test(welfare_boundaries),
        cmocka_unit_test(quarters_and_codes),
        cmocka_unit_test(coverage_by_hand),
        cmocka_unit_test(public_service_rate_by_hand),
        cmocka_unit_test(benefit_ledger_and_roles),
        cmocka_unit_test(archive_event_checks),
    };
    int rc = cmocka_run_group_tests(policy_tests, setup, teardown);
    return rc + cmocka_run_group_tests(rule_tests, setup_pol, teardown_pol);
}
