/* test_case_roles.c - who may record what on a second-child application
 * (pd_sc_may, and pd_sc_apply/pd_sc_review refusing before anything is
 * saved), the case readers the screens use (open pregnancies, one person's
 * cases, a certificate as issued) and the printed form, stub and lists
 * (report/case_report.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/case_report.h"
#include "store/cases.h"
#include "store/users.h"
#include "testutil.h"
#include "fixture.h"

#define H1 "330205001001010001"

struct fam {
    struct pd_db *db;
    char wife[40], husband[40], girl[40];
};

static int setup(void **state)
{
    struct fam *f = calloc(1, sizeof *f);
    struct pd_error err;
    f->db = test_db_open("case-roles");
    assert_int_equal(test_save(f->db, "household.add", H1, NULL,
                               "{\"code\":\"" H1 "\",\"address\":\"甬江街道示范村1组8号\",\"reg_type\":\"2\"}",
                               NULL, &err), PD_OK);
    assert_int_equal(test_save(f->db, "person.add", H1, NULL,
                               "{\"name\":\"王建国\",\"sex\":\"1\",\"birth_date\":\"1980-04-12\",\"reg_type\":\"2\","
                               "\"ethnicity\":\"01\",\"relation\":\"02\"}", f->husband, &err), PD_OK);
    assert_int_equal(test_save(f->db, "person.add", H1, NULL,
                               "{\"name\":\"李秀英\",\"sex\":\"2\",\"birth_date\":\"1982-07-20\",\"reg_type\":\"2\","
                               "\"ethnicity\":\"01\",\"relation\":\"10\"}", f->wife, &err), PD_OK);
    char js[300];
    snprintf(js, sizeof js, "{\"change\":\"first\",\"date\":\"2006-10-01\",\"spouse\":\"%s\"}", f->husband);
    assert_int_equal(test_save(f->db, "person.marriage", NULL, f->wife, js, NULL, &err), PD_OK);
    snprintf(js, sizeof js, "{\"change\":\"first\",\"date\":\"2006-10-01\",\"spouse\":\"%s\"}", f->wife);
    assert_int_equal(test_save(f->db, "person.marriage", NULL, f->husband, js, NULL, &err), PD_OK);
    snprintf(js, sizeof js, "{\"name\":\"王小梅\",\"sex\":\"2\",\"birth_date\":\"2008-03-02\",\"mother\":\"%s\","
             "\"father\":\"%s\",\"relation\":\"30\"}", f->wife, f->husband);
    assert_int_equal(test_save(f->db, "person.birth", H1, NULL, js, f->girl, &err), PD_OK);
    /* the accounts that sign: the store holds every step to its signer's role */
    static const struct { const char *name; enum pd_role role; } acc[] = {
        { "clerk01", PD_ROLE_CLERK }, { "zhou", PD_ROLE_SUPERVISOR }, { "admin", PD_ROLE_ADMIN },
        { "kan", PD_ROLE_VIEWER },
    };
    for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++)
        assert_int_equal(pd_user_add(f->db, acc[i].name, acc[i].role, "Secret-pass1", 8, &err), PD_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fam *f = *state;
    test_db_close(&f->db);
    free(f);
    return 0;
}

static void test_may_table(void **state)
{
    (void)state;
    struct pd_error err;
    /* clerk: the application and the village review, nothing above */
    assert_int_equal(pd_sc_may(PD_ROLE_CLERK, "apply", "clerk01", &err), PD_OK);
    assert_int_equal(pd_sc_may(PD_ROLE_CLERK, "village", "clerk01", &err), PD_OK);
    assert_int_equal(pd_sc_may(PD_ROLE_CLERK, "town", "clerk01", &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "town step"));
    assert_non_null(strstr(err.msg, "supervisor or an administrator"));
    assert_non_null(strstr(err.msg, "clerk01 is clerk"));
    assert_string_equal(err.field, "user");
    assert_int_equal(pd_sc_may(PD_ROLE_CLERK, "county", "clerk01", &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "county step"));
    /* supervisor and admin: everything */
    for (int r = PD_ROLE_SUPERVISOR; r <= PD_ROLE_ADMIN; r++) {
        assert_int_equal(pd_sc_may((enum pd_role)r, "apply", "zhou", &err), PD_OK);
        assert_int_equal(pd_sc_may((enum pd_role)r, "village", "zhou", &err), PD_OK);
        assert_int_equal(pd_sc_may((enum pd_role)r, "town", "zhou", &err), PD_OK);
        assert_int_equal(pd_sc_may((enum pd_role)r, "county", "zhou", &err), PD_OK);
    }
    /* viewer: nothing, in words */
    assert_int_equal(pd_sc_may(PD_ROLE_VIEWER, "apply", "kan", &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "entering a second-child application"));
    assert_non_null(strstr(err.msg, "kan is viewer"));
    assert_int_equal(pd_sc_may(PD_ROLE_VIEWER, "village", "kan", &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "village review"));
    /* an unknown step is not a role question */
    assert_int_equal(pd_sc_may(PD_ROLE_ADMIN, "province", "admin", &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown step 'province'"));
    assert_int_equal(pd_sc_may(PD_ROLE_ADMIN, NULL, "admin", &err), PD_EINVAL);
}

static void test_next_step(void **state)
{
    (void)state;
    assert_string_equal(pd_sc_next_step(PD_CASE_APPLIED), "village");
    assert_string_equal(pd_sc_next_step(PD_CASE_VILLAGE), "town");
    assert_string_equal(pd_sc_next_step(PD_CASE_TOWN), "county");
    assert_null(pd_sc_next_step(PD_CASE_APPROVED));
    assert_null(pd_sc_next_step(PD_CASE_REFUSED));
}

static long long outbox(struct pd_db *db)
{
    return test_count(db, "SELECT count(*) FROM outbox");
}

static void test_store_refuses_by_role(void **state)
{
    struct fam *f = *state;
    struct pd_error err;
    struct pd_sc_apply_opts ao = { f->wife, PD_A19_RURAL_DAUGHTER, "2012-03-01",
                                   1u << PD_DOC_MARRIAGE | 1u << PD_DOC_HUKOU | 1u << PD_DOC_ID_CARDS, NULL };
    long long id = 0, n0 = outbox(f->db);
    assert_int_equal(pd_sc_apply(f->db, &ao, "kan", PD_ROLE_VIEWER, &id, &err), PD_EDENIED);
    assert_int_equal(outbox(f->db), n0);
    assert_int_equal(pd_sc_apply(f->db, &ao, "clerk01", PD_ROLE_CLERK, &id, &err), PD_OK);
    assert_int_equal(id, 1);

    struct pd_sc_review_opts ro = { id, "village", true, "2012-03-05", "周主任", NULL, NULL, 0 };
    assert_int_equal(pd_sc_review(f->db, &ro, "kan", PD_ROLE_VIEWER, &err), PD_EDENIED);
    assert_int_equal(pd_sc_review(f->db, &ro, "clerk01", PD_ROLE_CLERK, &err), PD_OK);
    ro.step = "town";
    ro.date = "2012-03-12";
    long long n1 = outbox(f->db);
    assert_int_equal(pd_sc_review(f->db, &ro, "clerk01", PD_ROLE_CLERK, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "town step"));
    assert_int_equal(outbox(f->db), n1);
    /* the same step saved as a plain event (a generic form, a tool) signed
     * by the clerk: the store looks the signer's role up itself */
    char js[200];
    snprintf(js, sizeof js, "{\"case\":%lld,\"step\":\"town\",\"decision\":\"approve\",\"date\":\"2012-03-12\"}", id);
    assert_int_equal(test_save(f->db, "second_child.review", NULL, f->wife, js, NULL, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "clerk01 is clerk"));
    assert_int_equal(outbox(f->db), n1);
    /* a role claimed above the account's is not believed either */
    assert_int_equal(pd_sc_review(f->db, &ro, "clerk01", PD_ROLE_SUPERVISOR, &err), PD_EDENIED);
    /* nor a signer who is no account */
    assert_int_equal(pd_sc_review(f->db, &ro, "ghost", PD_ROLE_SUPERVISOR, &err), PD_EDENIED);
    assert_non_null(strstr(err.msg, "'ghost' is none"));
    assert_int_equal(pd_sc_review(f->db, &ro, "zhou", PD_ROLE_SUPERVISOR, &err), PD_OK);
    /* a clerk cannot refuse at the county either: the rule is the step's */
    struct pd_sc_review_opts co = { id, "county", false, "2012-03-20", NULL, "不符合", NULL, 0 };
    assert_int_equal(pd_sc_review(f->db, &co, "clerk01", PD_ROLE_CLERK, &err), PD_EDENIED);
    struct pd_sc_review_opts ok = { id, "county", true, "2012-03-20", "县计生局", NULL, "浙二孩2012-0001", 0 };
    assert_int_equal(pd_sc_review(f->db, &ok, "admin", PD_ROLE_ADMIN, &err), PD_OK);
    assert_int_equal(outbox(f->db), n1 + 3);   /* town, county, certificate */

    struct pd_sc_case *c = malloc(sizeof *c);
    assert_int_equal(pd_sc_get(f->db, id, c, &err), PD_OK);
    assert_int_equal(c->state, PD_CASE_APPROVED);
    assert_int_equal(c->nsteps, 3);
    assert_string_equal(c->steps[0].user, "clerk01");
    assert_string_equal(c->steps[1].user, "zhou");
    assert_string_equal(c->steps[2].user, "admin");
    assert_string_equal(c->steps[2].date, "2012-03-20");

    /* the printed form: each step with who and when, the stub once approved */
    struct pd_a19_result now;
    assert_int_equal(pd_sc_check_now(f->db, c, &now, &err), PD_OK);
    struct pd_report *r = pd_sc_form_report(c, &now, "示范社区", &err);
    assert_non_null(r);
    char *buf = fx_report_text(r, "utf-8", 0, NULL);
    fx_has_all(buf, "示范社区再生育申请审批表", "第二个子女生育证明(存根)", "浙二孩2012-0001",
               "周主任 (clerk01)", "2012-03-12", "(zhou)", "农村夫妻只有一个女孩");
    free(buf);
    pd_report_free(&r);

    /* before approval: lines left for the steps to come, no stub */
    c->state = PD_CASE_VILLAGE;
    c->nsteps = 1;
    r = pd_sc_form_report(c, &now, "", &err);
    assert_non_null(r);
    buf = fx_report_text(r, "utf-8", 0, NULL);
    assert_null(strstr(buf, "存根"));
    assert_non_null(strstr(buf, "乡镇(街道)审查"));
    assert_non_null(strstr(buf, "审核人签字"));
    free(buf);
    pd_report_free(&r);
    free(c);

    /* the certificate as issued, and its stub */
    struct pd_cert_info ci;
    assert_int_equal(pd_cert_get(f->db, "second_child", "浙二孩2012-0001", &ci, &err), PD_OK);
    assert_string_equal(ci.name, "李秀英");
    assert_string_equal(ci.spouse_name, "王建国");
    assert_string_equal(ci.date, "2012-03-20");
    assert_string_equal(ci.user, "admin");
    assert_int_equal(pd_cert_get(f->db, "second_child", "浙二孩2099", &ci, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "浙二孩2099"));
    assert_int_equal(pd_cert_get(f->db, "third_child", "x", &ci, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "unknown certificate kind 'third_child'"));

    /* the person's panel */
    struct pd_person_cases pc;
    assert_int_equal(pd_person_cases_load(f->db, f->wife, &pc, &err), PD_OK);
    assert_int_equal(pc.nsc, 1);
    assert_int_equal(pc.sc[0].state, PD_CASE_APPROVED);
    assert_string_equal(pc.sc[0].certificate, "浙二孩2012-0001");
    assert_int_equal(pc.ncert, 1);
    assert_string_equal(pc.cert[0].kind, "second_child");
    assert_int_equal(pd_person_cases_load(f->db, f->husband, &pc, &err), PD_OK);
    assert_int_equal(pc.nsc + pc.npreg + pc.nfee + pc.ncert, 0);
}

static void test_onechild_stub(void **state)
{
    struct fam *f = *state;
    struct pd_error err;
    char js[300];
    snprintf(js, sizeof js, "{\"kind\":\"onechild\",\"number\":\"江北独字0088\",\"date\":\"2009-01-10\","
             "\"child\":\"%s\"}", f->girl);
    assert_int_equal(test_save(f->db, "certificate.issue", NULL, f->wife, js, NULL, &err), PD_OK);
    struct pd_cert_info ci;
    assert_int_equal(pd_cert_get(f->db, "onechild", "江北独字0088", &ci, &err), PD_OK);
    assert_string_equal(ci.child_name, "王小梅");
    assert_string_equal(ci.child_birth, "2008-03-02");
    struct pd_report *r = pd_cert_stub_report(&ci, "示范社区", &err);
    assert_non_null(r);
    char *buf = fx_report_text(r, "utf-8", 0, NULL);
    fx_has_all(buf, "独生子女父母光荣证(存根)", "王小梅  女  2008-03-02", "持证人(父/母)");
    free(buf);
    pd_report_free(&r);
    /* a kind the stub does not know */
    pd_strlcpy(ci.kind, "marriage", sizeof ci.kind);
    assert_null(pd_cert_stub_report(&ci, "", &err));
    assert_non_null(strstr(err.msg, "unknown certificate kind 'marriage'"));
}

static int collect(void *ctx, const struct pd_overdue_row *r)
{
    char *names = ctx;
    size_t n = strlen(names);
    snprintf(names + n, 200 - n, "%s:%d;", r->name, r->days_over);
    return 0;
}

static void test_open_pregnancies(void **state)
{
    struct fam *f = *state;
    struct pd_error err;
    pd_err rc = test_save(f->db, "woman.pregnancy", NULL, f->wife,
                          "{\"registered\":\"2012-04-10\",\"expected\":\"2012-12-20\"}", NULL, &err);
    if (rc != PD_OK)
        fail_msg("pregnancy not saved: %s", err.msg);
    char names[200] = "";
    struct pd_date d = { 2012, 12, 19 };
    assert_int_equal(pd_preg_open_each(f->db, d, false, collect, names, &err), PD_OK);
    assert_string_equal(names, "李秀英:-1;");     /* open, one day to go */
    names[0] = '\0';
    assert_int_equal(pd_preg_open_each(f->db, d, true, collect, names, &err), PD_OK);
    assert_string_equal(names, "");                /* not overdue yet */
    struct pd_date later = { 2012, 12, 31 };
    assert_int_equal(pd_overdue_each(f->db, later, collect, names, &err), PD_OK);
    assert_string_equal(names, "李秀英:11;");
    /* the list report counts them */
    struct pd_report *r = pd_overdue_report(f->db, later, "示范社区", &err);
    assert_non_null(r);
    assert_int_equal(pd_report_data_rows(r), 1);
    assert_string_equal(r->foot[r->nfoot - 1], "共 1 人");
    pd_report_free(&r);
    struct pd_person_cases pc;
    assert_int_equal(pd_person_cases_load(f->db, f->wife, &pc, &err), PD_OK);
    assert_int_equal(pc.npreg, 1);
    assert_string_equal(pc.preg[0].expected, "2012-12-20");
    pd_db_set_today(f->db, (struct pd_date){ 2013, 1, 5 });   /* the outcome is no future date */
    assert_int_equal(test_save(f->db, "woman.pregnancy_outcome", NULL, f->wife,
                               "{\"outcome\":\"live_birth\",\"date\":\"2012-12-28\"}", NULL, &err), PD_OK);
    names[0] = '\0';
    assert_int_equal(pd_preg_open_each(f->db, later, false, collect, names, &err), PD_OK);
    assert_string_equal(names, "");
}

static void test_lists_share_one_builder(void **state)
{
    struct fam *f = *state;
    struct pd_error err;
    struct pd_report *r = pd_sc_list_report(f->db, NULL, "示范社区", &err);
    assert_non_null(r);
    assert_string_equal(r->title, "示范社区再生育申请登记表");
    assert_int_equal(r->ncols, 8);
    assert_int_equal(r->cols[0].align, PD_ALIGN_RIGHT);
    assert_true(r->cols[2].keep_text);
    assert_int_equal(r->cols[4].max_width, 24);
    assert_string_equal(r->foot[r->nfoot - 1], "共 1 件");
    pd_report_free(&r);
    r = pd_fee_list_report(f->db, true, "示范社区", &err);
    assert_non_null(r);
    assert_string_equal(r->title, "示范社区社会抚养费未结案件");
    assert_int_equal(r->cols[8].align, PD_ALIGN_RIGHT);
    assert_int_equal(r->cols[5].align, PD_ALIGN_LEFT);
    assert_string_equal(r->foot[r->nfoot - 1], "共 0 件");
    pd_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_may_table),
        cmocka_unit_test(test_next_step),
        /* in order on one register: each builds on the last */
        cmocka_unit_test(test_store_refuses_by_role),
        cmocka_unit_test(test_onechild_stub),
        cmocka_unit_test(test_open_pregnancies),
        cmocka_unit_test(test_lists_share_one_builder),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
