/* test_updates.c - the pull (sync/pull.c) against a fake district behind
 * the transport interface, the queue of updates (store/updates.c) and
 * policy updates (app/policy_update.c): cursor and updates in one
 * transaction, ids seen before ignored, failures storing nothing, answers
 * parsed defensively, cross-check answers and transfer-in confirmations as
 * events, policy updates checked before they replace the policy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/policy_update.h"
#include "store/outbox.h"
#include "store/updates.h"
#include "sync/sync.h"
#include "testutil.h"

/* ---- a fake district: answers from a script ----------------------------- */

struct fake {
    struct pd_transport t;
    long status[8];
    const char *body[8];
    long retry_after[8];
    int n, gets;
    char last_query[600];
};

static pd_err fake_get(struct pd_transport *t, const char *query, struct pd_http_answer *ans,
                       struct pd_error *err)
{
    struct fake *f = (struct fake *)t;
    (void)err;
    memset(ans, 0, sizeof *ans);
    pd_strlcpy(f->last_query, query, sizeof f->last_query);
    int i = f->gets < f->n ? f->gets : f->n - 1;
    f->gets++;
    ans->status = f->status[i];
    ans->retry_after = f->retry_after[i] ? f->retry_after[i] : -1;
    ans->body = f->body[i];
    ans->len = strlen(f->body[i]);
    return PD_OK;
}

static void fake_free(struct pd_transport *t)
{
    (void)t;
}

struct fx {
    struct pd_db *db;
    struct fake f;
    struct pd_sync *s;
};

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    x->db = test_db_open("updates");
    x->f.t.get_updates = fake_get;
    x->f.t.free = fake_free;
    struct pd_sync_conf c;
    pd_sync_conf_defaults(&c);
    pd_strlcpy(c.url, "https://district.example", sizeof c.url);
    struct pd_error err;
    assert_int_equal(pd_sync_new(&c, &x->f.t, &x->s, &err), PD_OK);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    pd_sync_free(&x->s);
    char lock[1100];
    snprintf(lock, sizeof lock, "%s.sync.lock", pd_db_path(x->db));
    unlink(lock);
    test_db_close(&x->db);
    free(x);
    return 0;
}

static void script(struct fake *f, long status, const char *body)
{
    f->status[f->n] = status;
    f->body[f->n] = body;
    f->n++;
}

static long long count(struct pd_db *db, const char *where)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM district_updates WHERE %s", where);
    return test_count(db, sql);
}

static void cursor_is(struct pd_db *db, const char *want)
{
    char c[PD_UPDATE_CURSOR_MAX];
    pd_updates_cursor(db, c, sizeof c);
    assert_string_equal(c, want);
}

/* ---- the pull ------------------------------------------------------------ */

static void pages_followed_and_stored(void **state)
{
    struct fx *x = *state;
    script(&x->f, 200, "{\"cursor\":\"c-2\",\"more\":true,\"updates\":["
           "{\"id\":\"u-1\",\"type\":\"message\",\"data\":{\"text\":\"会议通知\"}},"
           "{\"id\":\"u-2\",\"type\":\"crosscheck.request\",\"at\":\"2012-06-02T09:00:00+08:00\","
           "\"data\":{\"id_number\":\"11010519491231002X\",\"question\":\"是否居住\"}}]}");
    script(&x->f, 200, "{\"cursor\":\"c-3\",\"more\":false,\"updates\":["
           "{\"id\":\"u-2\",\"type\":\"message\",\"data\":{}},"
           "{\"id\":\"u-3\",\"type\":\"brand.new\",\"data\":[1,2]}]}");
    struct pd_pull_result r;
    struct pd_error err;
    assert_int_equal(pd_sync_pull(x->s, x->db, &r, &err), PD_OK);
    assert_int_equal(r.outcome, PD_SYNC_DONE);
    assert_int_equal(r.pages, 2);
    assert_int_equal(r.received, 3);
    assert_int_equal(r.ignored, 1);
    assert_non_null(strstr(x->f.last_query, "station=330205001001&after=c-2&limit=100"));
    cursor_is(x->db, "c-3");
    /* the id seen before kept its first copy */
    assert_int_equal(count(x->db, "uid='u-2' AND type='crosscheck.request'"), 1);
    /* the unknown type is kept, data as it came */
    assert_int_equal(count(x->db, "uid='u-3' AND type='brand.new' AND data='[1,2]' AND state='new'"), 1);
    assert_int_equal(pd_updates_waiting(x->db), 3);
}

static void first_pull_has_empty_after(void **state)
{
    struct fx *x = *state;
    script(&x->f, 200, "{\"cursor\":\"c-000000\",\"more\":false,\"updates\":[]}");
    struct pd_pull_result r;
    assert_int_equal(pd_sync_pull(x->s, x->db, &r, NULL), PD_OK);
    assert_non_null(strstr(x->f.last_query, "&after=&limit="));
    cursor_is(x->db, "c-000000");
}

static void failures_store_nothing(void **state)
{
    struct fx *x = *state;
    static const struct { long status; const char *body; enum pd_sync_outcome o; const char *words; } cases[] = {
        { 500, "{\"error\":\"boom\"}", PD_SYNC_FAILED, "HTTP 500" },
        { 401, "{\"error\":\"bad token\"}", PD_SYNC_REFUSED, "credentials" },
        { 403, "", PD_SYNC_REFUSED, "credentials" },
        { 302, "", PD_SYNC_FAILED, "HTTP 302" },
        { 200, "<html>", PD_SYNC_FAILED, "not JSON" },
        { 200, "{\"more\":false,\"updates\":[]}", PD_SYNC_FAILED, "cursor" },
        { 200, "{\"cursor\":\"c 1\",\"updates\":[]}", PD_SYNC_FAILED, "cursor" },
        { 200, "{\"cursor\":\"c-1\",\"more\":\"yes\",\"updates\":[]}", PD_SYNC_FAILED, "more" },
        { 200, "{\"cursor\":\"c-1\",\"updates\":{}}", PD_SYNC_FAILED, "list of updates" },
        { 200, "{\"cursor\":\"c-1\",\"updates\":[{\"type\":\"message\"}]}", PD_SYNC_FAILED, "no usable id" },
        { 200, "{\"cursor\":\"c-1\",\"updates\":[{\"id\":\"u-1\",\"data\":{}}]}", PD_SYNC_FAILED, "no usable type" },
        { 200, "{\"cursor\":\"c-1\",\"updates\":[{\"id\":\"u\\n1\",\"type\":\"message\"}]}", PD_SYNC_FAILED, "no usable id" },
        { 200, "{\"cursor\":\"c-1\",\"updates\":[{\"id\":\"u-1\",\"type\":\"message\"}, 7]}", PD_SYNC_FAILED, "not an object" },
        /* more with nothing and the same cursor would pull forever */
        { 200, "{\"cursor\":\"c-9\",\"more\":true,\"updates\":[]}", PD_SYNC_FAILED, "sends none" },
    };
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_updates_store(x->db, "c-9", NULL, 0, NULL, &err), PD_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        x->f.n = x->f.gets = 0;
        script(&x->f, cases[i].status, cases[i].body);
        struct pd_pull_result r;
        pd_error_clear(&err);
        assert_int_not_equal(pd_sync_pull(x->s, x->db, &r, &err), PD_OK);
        if (r.outcome != cases[i].o || !strstr(err.msg, cases[i].words))
            fail_msg("case %zu: outcome %d, message %s", i, r.outcome, err.msg);
        assert_int_equal(count(x->db, "1"), 0);
        cursor_is(x->db, "c-9");
    }
    /* the last error is kept for popdesk status */
    char last[PD_MSG_MAX];
    assert_int_equal(pd_db_meta_get(x->db, "sync_last_error", last, sizeof last), PD_OK);
    assert_non_null(strstr(last, "sends none"));
}

static void retry_after_pauses_push_and_pull(void **state)
{
    struct fx *x = *state;
    x->f.status[0] = 503;
    x->f.body[0] = "";
    x->f.retry_after[0] = 120;
    x->f.n = 1;
    struct pd_pull_result r;
    struct pd_error err;
    assert_int_not_equal(pd_sync_pull(x->s, x->db, &r, &err), PD_OK);
    assert_int_equal(r.outcome, PD_SYNC_WAIT);
    assert_int_equal(r.wait_seconds, 120);
    assert_true(pd_outbox_not_before(x->db) > (long long)time(NULL) + 100);
    /* a second pull does not even ask */
    assert_int_not_equal(pd_sync_pull(x->s, x->db, &r, &err), PD_OK);
    assert_int_equal(x->f.gets, 1);
    assert_int_equal(r.outcome, PD_SYNC_WAIT);
}

static void busy_when_another_holds_the_lock(void **state)
{
    struct fx *x = *state;
    script(&x->f, 200, "{\"cursor\":\"c-1\",\"updates\":[]}");
    int fd = -1;
    struct pd_error err;
    assert_int_equal(pd_outbox_lock(x->db, &fd, &err), PD_OK);
    struct pd_pull_result r;
    /* flock is per open file: a second open in this process conflicts too */
    assert_int_not_equal(pd_sync_pull(x->s, x->db, &r, &err), PD_OK);
    assert_int_equal(r.outcome, PD_SYNC_BUSY);
    assert_int_equal(x->f.gets, 0);
    pd_outbox_unlock(&fd);
}

/* ---- the store: one transaction ----------------------------------------- */

static void cursor_and_rows_commit_together(void **state)
{
    struct fx *x = *state;
    struct pd_update_in u[2] = {
        { "u-1", "message", NULL, "{\"text\":\"一\"}" },
        { "u-2", "message", NULL, "{\"text\":\"二\"}" },
    };
    struct pd_error err;
    int added;
    /* a caller's transaction rolled back takes both away: they are one */
    assert_int_equal(pd_db_begin(x->db, &err), PD_OK);
    assert_int_equal(pd_updates_store(x->db, "c-2", u, 2, &added, &err), PD_OK);
    pd_db_rollback(x->db);
    assert_int_equal(count(x->db, "1"), 0);
    cursor_is(x->db, "");
    assert_int_equal(pd_updates_store(x->db, "c-2", u, 2, &added, &err), PD_OK);
    assert_int_equal(added, 2);
    cursor_is(x->db, "c-2");
    /* a bad cursor stores nothing */
    struct pd_update_in u3 = { "u-3", "message", NULL, "{}" };
    assert_int_equal(pd_updates_store(x->db, "", &u3, 1, &added, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "cursor"));
    assert_int_equal(count(x->db, "1"), 2);
}

/* ---- a clerk's actions ---------------------------------------------------- */

static void store_one(struct pd_db *db, const char *id, const char *type, const char *data)
{
    struct pd_update_in u = { id, type, NULL, data };
    struct pd_error err;
    char cur[40];
    snprintf(cur, sizeof cur, "c-%s", id);
    if (pd_updates_store(db, cur, &u, 1, NULL, &err) != PD_OK)
        fail_msg("store: %s", err.msg);
}

static void crosscheck_answered_as_event(void **state)
{
    struct fx *x = *state;
    store_one(x->db, "x-1", "crosscheck.request",
              "{\"id_number\":\"11010519491231002X\",\"question\":\"此人是否在本社区\",\"due\":\"2012-06-09\"}");
    store_one(x->db, "x-2", "crosscheck.request", "{\"id_number\":\"110105194912310021\",\"question\":\"?\"}");
    store_one(x->db, "m-1", "message", "{\"text\":\"通知\"}");
    struct pd_error err;
    long long seq = 0;
    assert_int_equal(pd_updates_answer(x->db, "x-1", "", false, "clerk01", &seq, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "empty"));
    assert_int_equal(pd_updates_answer(x->db, "m-1", "好", false, "clerk01", &seq, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "not a crosscheck.request"));
    assert_int_equal(pd_updates_answer(x->db, "nope", "好", false, "clerk01", &seq, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "nope"));
    assert_int_equal(pd_updates_answer(x->db, "x-1", "查无此人", false, "clerk01", &seq, &err), PD_OK);
    assert_true(seq > 0);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE seq=%lld AND state=0 AND body LIKE "
             "'%%\"type\":\"crosscheck.answer\"%%\"update\":\"x-1\"%%11010519491231002X%%'", seq);
    assert_int_equal(test_count(x->db, sql), 1);
    assert_int_equal(count(x->db, "uid='x-1' AND state='answered' AND note='查无此人'"), 1);
    /* answered once only */
    assert_int_equal(pd_updates_answer(x->db, "x-1", "again", true, "clerk01", &seq, &err), PD_EEXIST);
    assert_non_null(strstr(err.msg, "already answered"));
    /* a bad ID number in the request is not sent back (the district would refuse the event) */
    assert_int_equal(pd_updates_answer(x->db, "x-2", "有此人", true, "clerk01", &seq, &err), PD_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE seq=%lld AND body NOT LIKE '%%id_number%%'"
             " AND body LIKE '%%\"found\":true%%'", seq);
    assert_int_equal(test_count(x->db, sql), 1);
}

static void transfer_confirmed_into_household(void **state)
{
    struct fx *x = *state;
    struct pd_error err;
    assert_int_equal(test_save(x->db, "household.add", "330205001001010001", NULL,
                               "{\"code\":\"330205001001010001\",\"address\":\"宁波市江北区甬江街道1号\"}",
                               NULL, &err), PD_OK);
    store_one(x->db, "t-1", "person.transfer_in",
              "{\"from\":\"宁波市海曙区\",\"date\":\"2012-05-20\",\"person\":{\"name\":\"李娜\","
              "\"id_number\":\"11010519491231002X\",\"sex\":\"2\",\"birth_date\":\"1949-12-31\"}}");
    store_one(x->db, "t-2", "person.transfer_in", "{\"from\":\"某地\"}");
    store_one(x->db, "t-3", "person.transfer_in",
              "{\"person\":{\"name\":\"张伟\",\"sex\":\"1\",\"birth_date\":\"1980-01-01\",\"colour\":\"red\"}}");
    char pid[40] = "";
    assert_int_equal(pd_updates_confirm(x->db, "t-1", "330205001001019999", NULL, "clerk01", pid, &err),
                     PD_ENOTFOUND);
    assert_int_equal(count(x->db, "uid='t-1' AND state='new'"), 1);
    assert_int_equal(test_count(x->db, "SELECT count(*) FROM persons"), 0);
    json_t *extra = json_pack("{s:s}", "relation", "02");
    assert_int_equal(pd_updates_confirm(x->db, "t-1", "330205001001010001", extra, "clerk01", pid, &err),
                     PD_OK);
    json_decref(extra);
    assert_int_equal(test_count(x->db, "SELECT count(*) FROM persons WHERE name='李娜' AND relation='02'"
                                " AND household='330205001001010001' AND moved_date='2012-05-20'"), 1);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM district_updates WHERE uid='t-1' AND state='confirmed'"
             " AND person='%s' AND seq>0", pid);
    assert_int_equal(test_count(x->db, sql), 1);
    assert_int_equal(pd_updates_confirm(x->db, "t-1", "330205001001010001", NULL, "clerk01", pid, &err),
                     PD_EEXIST);
    /* no pre-filled record; a field not known here: refused, nothing changed */
    assert_int_equal(pd_updates_confirm(x->db, "t-2", "330205001001010001", NULL, "clerk01", pid, &err),
                     PD_EINVAL);
    assert_non_null(strstr(err.msg, "data.person"));
    assert_int_not_equal(pd_updates_confirm(x->db, "t-3", "330205001001010001", NULL, "clerk01", pid, &err),
                         PD_OK);
    assert_non_null(strstr(err.msg, "colour"));
    assert_int_equal(count(x->db, "uid IN ('t-2','t-3') AND state='new'"), 2);
}

static void dismiss_keeps_the_row(void **state)
{
    struct fx *x = *state;
    store_one(x->db, "m-1", "message", "{\"text\":\"通知\"}");
    store_one(x->db, "z-1", "something.else", "\"just text\"");
    struct pd_error err;
    assert_int_equal(pd_updates_dismiss(x->db, "z-1", "已阅", "clerk01", &err), PD_OK);
    assert_int_equal(pd_updates_dismiss(x->db, "z-1", NULL, "clerk01", &err), PD_EEXIST);
    struct pd_update u;
    assert_int_equal(pd_updates_get(x->db, "z-1", &u, &err), PD_OK);
    assert_string_equal(u.state, "dismissed");
    assert_string_equal(u.note, "已阅");
    assert_true(json_is_string(u.data));
    pd_update_done(&u);
    assert_int_equal(pd_updates_waiting(x->db), 1);
}

/* ---- policy updates ------------------------------------------------------ */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[200000];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
    return out;
}

static void store_policy(struct pd_db *db, const char *id, const char *name, int version, const char *ini)
{
    json_t *d = json_pack("{s:s, s:i, s:s}", "name", name, "version", version, "ini", ini);
    char *txt = json_dumps(d, JSON_COMPACT);
    store_one(db, id, "policy.update", txt);
    free(txt);
    json_decref(d);
}

static void policy_updates(void **state)
{
    struct fx *x = *state;
    const char *installed = "conf/policy/zhejiang-2012.ini";
    char *orig = slurp(installed);
    if (!orig)
        skip();
    char *v2 = replace(orig, "version = 1", "version = 2");
    char *bad = replace(orig, "version = 1", "version = 3");
    char *bad2 = replace(bad, "registered_births_max = 3500", "registered_births_max = lots");
    store_policy(x->db, "p-2", "zhejiang-2012", 2, v2);
    store_policy(x->db, "p-3", "zhejiang-2012", 3, bad2);
    store_policy(x->db, "p-1", "zhejiang-2012", 1, orig);
    store_policy(x->db, "p-x", "../../etc/passwd", 9, orig);
    store_policy(x->db, "p-5", "zhejiang-2012", 5, v2);
    char cur[4096];
    assert_string_equal(pd_policy_in_force(x->db, installed, cur, sizeof cur), installed);
    int applied = -1, refused = -1;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_policy_updates_apply(x->db, installed, &applied, &refused, NULL, NULL, &err), PD_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(refused, 4);
    pd_policy_in_force(x->db, installed, cur, sizeof cur);
    assert_non_null(strstr(cur, "/policy/zhejiang-2012-v2.ini"));
    assert_int_equal(access(cur, R_OK), 0);
    struct pd_update u;
    assert_int_equal(pd_updates_get(x->db, "p-3", &u, &err), PD_OK);
    assert_string_equal(u.state, "refused");
    assert_non_null(strstr(u.note, "registered_births_max"));
    assert_non_null(strstr(u.note, "old policy stays in force"));
    pd_update_done(&u);
    assert_int_equal(pd_updates_get(x->db, "p-1", &u, &err), PD_OK);
    assert_non_null(strstr(u.note, "already in force"));
    pd_update_done(&u);
    assert_int_equal(pd_updates_get(x->db, "p-x", &u, &err), PD_OK);
    assert_non_null(strstr(u.note, "no usable name"));
    pd_update_done(&u);
    assert_int_equal(pd_updates_get(x->db, "p-5", &u, &err), PD_OK);
    assert_non_null(strstr(u.note, "says zhejiang-2012 version 2"));
    pd_update_done(&u);
    /* a refused update stays listed until a clerk dismisses it */
    assert_int_equal(count(x->db, "state='refused'"), 4);
    /* nothing more to do the second time */
    assert_int_equal(pd_policy_updates_apply(x->db, installed, &applied, &refused, NULL, NULL, &err), PD_OK);
    assert_int_equal(applied + refused, 0);
    unlink(cur);
    free(orig);
    free(v2);
    free(bad);
    free(bad2);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(pages_followed_and_stored),
        T(first_pull_has_empty_after),
        T(failures_store_nothing),
        T(retry_after_pauses_push_and_pull),
        T(busy_when_another_holds_the_lock),
        T(cursor_and_rows_commit_together),
        T(crosscheck_answered_as_event),
        T(transfer_confirmed_into_household),
        T(dismiss_keeps_the_row),
        T(policy_updates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
