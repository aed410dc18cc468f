/* test_sync.c - the push state machine (sync/sync.h) against a fake
 * district behind the transport interface: every class of answer (200,
 * rejected, 409, 413, 401/403, 429/503 with Retry-After, 5xx, 3xx/4xx, no
 * answer, answers that are not what was asked), the configuration checks
 * (URL, token file), back-off, and the background pusher. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/event.h"
#include "store/db.h"
#include "store/events.h"
#include "store/outbox.h"
#include "sync/background.h"
#include "sync/sync.h"
#include "fixture.h"

#define STATION "330205001001"
#define MAXSEQ 512

/* ---- a fake district ------------------------------------------------------ */

enum bad_kind { BAD_NONE, BAD_NOT_JSON, BAD_TRUNCATED, BAD_WRONG_SEQS, BAD_WRONG_ID, BAD_EMPTY };

struct fake {
    struct pd_transport t;
    /* what the district holds */
    long long max_seq;
    char *ids[MAXSEQ];
    char types[MAXSEQ][32];
    bool rejected[MAXSEQ];
    /* faults; counted ones fire that many times */
    int net_fail, fail_500, drop_after_store, bad_reply;
    enum bad_kind bad_kind;
    long status_once;                 /* answer this status once */
    int retry_after_n, retry_after_s;
    int gap_once;                     /* 409 expecting first - gap_once */
    long long gap_expect;             /* 409 with this expected_seq once (if set) */
    int max_events;                   /* 413 above */
    size_t max_bytes;                 /* 413 above (before gzip) */
    char reject_type[32];
    /* what was seen */
    int posts;
    char last_id[PD_BATCH_ID_MAX];
    long long last_first;
    int last_n;
    char *last_body;
    char *bodies[16];                 /* the first requests, before gzip */
    int sizes[256];
    char answer[1 << 16];
};

static char *gunzip(const void *gz, size_t len, size_t *outlen)
{
    size_t cap = 1 << 20;
    char *out = malloc(cap);
    z_stream z = { 0 };
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)gz;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap - 1;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    *outlen = z.total_out;
    out[z.total_out] = '\0';
    inflateEnd(&z);
    return out;
}

static pd_err answer(struct fake *f, long status, const char *body, struct pd_http_answer *a)
{
    pd_strlcpy(f->answer, body, sizeof f->answer);
    a->status = status;
    a->body = f->answer;
    a->len = strlen(f->answer);
    return PD_OK;
}

static pd_err fake_post(struct pd_transport *t, const char *batch_id, const void *gz, size_t gzlen,
                        struct pd_http_answer *a, struct pd_error *err)
{
    struct fake *f = (struct fake *)t;
    memset(a, 0, sizeof *a);
    a->retry_after = -1;
    size_t rawlen;
    char *raw = gunzip(gz, gzlen, &rawlen);
    json_error_t jerr;
    json_t *doc = json_loadb(raw, rawlen, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        fail_msg("the batch is not JSON: %s", jerr.text);
    assert_string_equal(json_string_value(json_object_get(doc, "batch_id")), batch_id);
    assert_int_equal(json_integer_value(json_object_get(doc, "protocol")), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "station")), STATION);
    json_t *evs = json_object_get(doc, "events");
    int n = (int)json_array_size(evs);
    assert_true(n > 0);
    long long first = json_integer_value(json_object_get(json_array_get(evs, 0), "seq"));
    for (int i = 0; i < n; i++)   /* consecutive, rising */
        assert_int_equal(json_integer_value(json_object_get(json_array_get(evs, i), "seq")), first + i);
    if (f->posts < 256)
        f->sizes[f->posts] = n;
    if (f->posts < 16)
        f->bodies[f->posts] = strdup(raw);
    f->posts++;
    pd_strlcpy(f->last_id, batch_id, sizeof f->last_id);
    f->last_first = first;
    f->last_n = n;
    free(f->last_body);
    f->last_body = raw;

    pd_err rc = PD_OK;
    if (f->net_fail > 0) {
        f->net_fail--;
        a->fail = PD_NET_BROKEN;
        rc = pd_fail(err, PD_ENET, NULL, "the connection to the district broke (fake)");
    } else if (f->status_once) {
        char b[128];
        snprintf(b, sizeof b, "{\"error\":\"status %ld for you\"}", f->status_once);
        answer(f, f->status_once, b, a);
        f->status_once = 0;
    } else if (f->retry_after_n > 0) {
        f->retry_after_n--;
        a->retry_after = f->retry_after_s;
        answer(f, 503, "{\"error\":\"busy\"}", a);
    } else if (f->fail_500 > 0) {
        f->fail_500--;
        answer(f, 500, "{\"error\":\"failure\"}", a);
    } else if ((f->max_events && n > f->max_events) || (f->max_bytes && rawlen > f->max_bytes)) {
        answer(f, 413, "{\"error\":\"too large\"}", a);
    } else if (first > f->max_seq + 1 || f->gap_once || f->gap_expect) {
        long long want = f->gap_expect ? f->gap_expect
                       : f->gap_once ? (first - f->gap_once > 1 ? first - f->gap_once : 1) : f->max_seq + 1;
        f->gap_once = 0;
        f->gap_expect = 0;
        char b[64];
        snprintf(b, sizeof b, "{\"expected_seq\":%lld}", want);
        answer(f, 409, b, a);
    } else {
        json_t *res = json_array();
        for (int i = 0; i < n; i++) {
            json_t *e = json_array_get(evs, i);
            long long seq = first + i;
            assert_true(seq < MAXSEQ);
            const char *id = json_string_value(json_object_get(e, "id"));
            const char *type = json_string_value(json_object_get(e, "type"));
            assert_non_null(id);
            json_t *r;
            if (f->ids[seq]) {
                if (strcmp(f->ids[seq], id) != 0)
                    r = json_pack("{s:I, s:s, s:s, s:s}", "seq", (json_int_t)seq, "status", "rejected",
                                  "code", "seq_conflict", "message", "seq reused");
                else if (f->rejected[seq])
                    r = json_pack("{s:I, s:s, s:s, s:s}", "seq", (json_int_t)seq, "status", "rejected",
                                  "code", "rejected_type", "message", "不收此类事件");
                else
                    r = json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "status", "duplicate");
            } else {
                f->ids[seq] = strdup(id);
                pd_strlcpy(f->types[seq], type, sizeof f->types[seq]);
                if (f->reject_type[0] && strcmp(type, f->reject_type) == 0) {
                    f->rejected[seq] = true;
                    r = json_pack("{s:I, s:s, s:s, s:s}", "seq", (json_int_t)seq, "status", "rejected",
                                  "code", "rejected_type", "message", "不收此类事件");
                } else {
                    r = json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "status", "applied");
                }
            }
            json_array_append_new(res, r);
        }
        if (first + n - 1 > f->max_seq)
            f->max_seq = first + n - 1;
        json_t *reply = json_pack("{s:s, s:o}", "batch_id", batch_id, "results", res);
        char *s = json_dumps(reply, JSON_COMPACT);
        json_decref(reply);
        if (f->drop_after_store > 0) {
            f->drop_after_store--;
            a->fail = PD_NET_BROKEN;
            rc = pd_fail(err, PD_ENET, NULL, "the connection to the district broke (fake)");
        } else if (f->bad_reply > 0) {
            f->bad_reply--;
            switch (f->bad_kind) {
            case BAD_NOT_JSON:
                answer(f, 200, "<html><body>Service temporarily unavailable</body></html>", a);
                break;
            case BAD_TRUNCATED:
                s[strlen(s) / 2] = '\0';
                answer(f, 200, s, a);
                break;
            case BAD_WRONG_SEQS: {
                char b[128];
                snprintf(b, sizeof b, "{\"batch_id\":\"%s\",\"results\":[{\"seq\":%lld,\"status\":\"applied\"}]}",
                         batch_id, first + n);
                answer(f, 200, b, a);
                break;
            }
            case BAD_WRONG_ID: {
                char b[128];
                snprintf(b, sizeof b, "{\"batch_id\":\"%s-x\",\"results\":[]}", batch_id);
                answer(f, 200, b, a);
                break;
            }
            default: {
                char b[128];
                snprintf(b, sizeof b, "{\"batch_id\":\"%s\",\"results\":[]}", batch_id);
                answer(f, 200, b, a);
                break;
            }
            }
        } else {
            answer(f, 200, s, a);
        }
        free(s);
    }
    json_decref(doc);
    return rc;
}

static void fake_free(struct pd_transport *t)
{
    (void)t;   /* the test owns the fake */
}

/* The district forgets everything above seq `keep` (restored from backup). */
static void fake_forget(struct fake *f, long long keep)
{
    for (long long s = keep + 1; s < MAXSEQ; s++) {
        free(f->ids[s]);
        f->ids[s] = NULL;
        f->rejected[s] = false;
    }
    f->max_seq = keep;
}

static int fake_count(struct fake *f)
{
    int n = 0;
    for (int s = 0; s < MAXSEQ; s++)
        n += f->ids[s] != NULL;
    return n;
}

/* ---- fixture --------------------------------------------------------------- */

struct fx {
    char path[512];
    struct pd_db *db;
    struct fake *f;
    struct pd_sync *s;
    struct pd_sync_conf c;
};

/* Saves events from..from+n-1 (fx_add_event); with big_last the last one, if
 * a person, has an address of about 200 bytes. */
static void add_events(struct pd_db *db, int from, int n, bool big_last)
{
    for (int i = from; i < from + n; i++)
        fx_add_event(db, STATION, i, big_last && i == from + n - 1 && i % 5 ? "甬" : NULL);
}

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    x->db = fx_new_db("sync", STATION, x->path, sizeof x->path);
    struct pd_error err;
    pd_error_clear(&err);
    x->f = calloc(1, sizeof *x->f);
    x->f->t.post_batch = fake_post;
    x->f->t.free = fake_free;
    pd_sync_conf_defaults(&x->c);
    pd_strlcpy(x->c.url, "https://district.example", sizeof x->c.url);
    x->c.batch_max_events = 10;
    assert_int_equal(pd_sync_new(&x->c, &x->f->t, &x->s, &err), PD_OK);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    pd_sync_free(&x->s);
    fake_forget(x->f, 0);
    free(x->f->last_body);
    for (int i = 0; i < 16; i++)
        free(x->f->bodies[i]);
    free(x->f);
    fx_close_db(&x->db, x->path);
    free(x);
    return 0;
}

static long long count(struct fx *x, const char *where)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE %s", where);
    return fx_sql_int(x->path, sql);
}

static pd_err pass(struct fx *x, struct pd_sync_result *r, struct pd_error *err)
{
    pd_error_clear(err);
    return pd_sync_pass(x->s, x->db, r, err);
}

static void has(const char *msg, const char *w)
{
    if (!strstr(msg, w))
        fail_msg("message lacks '%s': %s", w, msg);
}

/* Every seq held once by the fake district with the outbox's own id. */
static void district_agrees(struct fx *x, long long n)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(x->path, &h), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT seq, json_extract(body,'$.id') FROM outbox ORDER BY seq",
                                        -1, &st, NULL), SQLITE_OK);
    long long seen = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long seq = sqlite3_column_int64(st, 0);
        if (!x->f->ids[seq])
            fail_msg("the district lacks seq %lld", seq);
        assert_string_equal(x->f->ids[seq], (const char *)sqlite3_column_text(st, 1));
        seen++;
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    assert_int_equal(seen, n);
    assert_int_equal(fake_count(x->f), n);
}

/* ---- answers ---------------------------------------------------------------- */

static void all_applied(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 25, false);
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.outcome, PD_SYNC_DONE);
    assert_int_equal(r.batches, 3);
    assert_int_equal(r.applied, 25);
    assert_int_equal(r.pending, 0);
    assert_int_equal(r.http_status, 200);
    assert_true(r.gz_bytes > 0 && r.gz_bytes < r.raw_bytes);
    assert_int_equal(x->f->posts, 3);
    assert_int_equal(count(x, "state=1"), 25);
    district_agrees(x, 25);
    char buf[64] = "";
    pd_db_meta_get(x->db, "sync_last_error", buf, sizeof buf);
    assert_string_equal(buf, "");
    assert_int_equal(pd_db_meta_get(x->db, "sync_last_try", buf, sizeof buf), PD_OK);
    assert_int_equal(pd_db_meta_get(x->db, "sync_last_ok", buf, sizeof buf), PD_OK);
    /* nothing more to send: no request at all, nothing written */
    assert_int_equal(pd_db_meta_set(x->db, "sync_last_try", "before", &err), PD_OK);
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(x->f->posts, 3);
    assert_int_equal(r.batches, 0);
    assert_int_equal(pd_db_meta_get(x->db, "sync_last_try", buf, sizeof buf), PD_OK);
    assert_string_equal(buf, "before");
}

static void rejected_kept_and_queue_goes_on(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 15, false);
    pd_strlcpy(x->f->reject_type, "household.add", sizeof x->f->reject_type);
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.outcome, PD_SYNC_DONE);
    assert_int_equal(r.rejected, 3);
    assert_int_equal(r.applied, 12);
    assert_int_equal(count(x, "state=2 AND code='rejected_type' AND message='不收此类事件'"), 3);
    assert_int_equal(count(x, "state=1"), 12);
    assert_int_equal(count(x, "state=0"), 0);
}

static void server_error_acks_nothing_then_same_batch(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 15, false);
    x->f->fail_500 = 1;
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_ENET);
    assert_int_equal(r.outcome, PD_SYNC_FAILED);
    assert_int_equal(r.http_status, 500);
    assert_int_equal(r.pending, 15);
    has(err.msg, "HTTP 500");
    has(err.msg, "nothing acknowledged");
    has(err.msg, "\"failure\"");
    char buf[512];
    assert_int_equal(pd_db_meta_get(x->db, "sync_last_error", buf, sizeof buf), PD_OK);
    has(buf, "HTTP 500");
    assert_int_equal(count(x, "state<>0"), 0);
    assert_string_equal(x->f->last_id, STATION "-00000001");
    /* the next pass sends the very same batch again, byte for byte */
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(x->f->posts, 3);
    assert_int_equal(x->f->sizes[1], 10);
    assert_string_equal(x->f->bodies[0], x->f->bodies[1]);
    assert_non_null(strstr(x->f->bodies[1], "\"batch_id\":\"" STATION "-00000001\""));
    assert_int_equal(r.applied, 15);
    district_agrees(x, 15);
    /* success clears the error kept for `popdesk status` */
    assert_int_equal(pd_db_meta_get(x->db, "sync_last_error", buf, sizeof buf), PD_OK);
    assert_string_equal(buf, "");
}

static void no_answer_then_resent_same(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 12, false);
    x->f->net_fail = 1;
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_ENET);
    assert_int_equal(r.outcome, PD_SYNC_FAILED);
    assert_int_equal(r.net, PD_NET_BROKEN);
    has(err.msg, "broke");
    has(err.msg, "batch " STATION "-00000001 (seq 1-10)");
    /* stored, then the connection dropped: the resend is answered duplicate */
    x->f->drop_after_store = 1;
    assert_int_equal(pass(x, &r, &err), PD_ENET);
    assert_int_equal(count(x, "state<>0"), 0);
    assert_int_equal(fake_count(x->f), 10);
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_string_equal(x->f->bodies[0], x->f->bodies[1]);
    assert_string_equal(x->f->bodies[1], x->f->bodies[2]);
    assert_int_equal(r.duplicate, 10);
    assert_int_equal(r.applied, 2);
    district_agrees(x, 12);
}

static void credentials_refused(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 5, false);
    long codes[] = { 401, 403 };
    for (int i = 0; i < 2; i++) {
        x->f->status_once = codes[i];
        struct pd_sync_result r;
        struct pd_error err;
        assert_int_equal(pass(x, &r, &err), PD_ECONFIG);
        assert_int_equal(r.outcome, PD_SYNC_REFUSED);
        has(err.msg, "the district refused this station's credentials");
        has(err.msg, codes[i] == 401 ? "HTTP 401" : "HTTP 403");
        assert_int_equal(r.pending, 5);
        assert_int_equal(count(x, "state<>0"), 0);
    }
}

static void retry_after(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 5, false);
    x->f->retry_after_n = 1;
    x->f->retry_after_s = 30;
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_ENET);
    assert_int_equal(r.outcome, PD_SYNC_WAIT);
    assert_int_equal(r.wait_seconds, 30);
    has(err.msg, "HTTP 503");
    has(err.msg, "asked to wait 30 s");
    long long nb = pd_outbox_not_before(x->db);
    assert_true(nb >= (long long)time(NULL) + 28 && nb <= (long long)time(NULL) + 31);
    /* before that time no pass contacts the district */
    assert_int_equal(pass(x, &r, &err), PD_ENET);
    assert_int_equal(r.outcome, PD_SYNC_WAIT);
    assert_true(r.wait_seconds >= 28);
    assert_int_equal(x->f->posts, 1);
    /* once it has passed, pushing goes on */
    assert_int_equal(pd_outbox_set_not_before(x->db, (long long)time(NULL) - 1, &err), PD_OK);
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.applied, 5);
    assert_int_equal(pd_outbox_not_before(x->db), 0);

    /* 429 without Retry-After: an ordinary failure */
    add_events(x->db, 5, 2, false);
    x->f->status_once = 429;
    assert_int_equal(pass(x, &r, &err), PD_EPROTO);
    assert_int_equal(r.outcome, PD_SYNC_FAILED);
    has(err.msg, "HTTP 429");
}

static void too_large_halves(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 20, false);
    x->f->max_events = 3;
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.applied, 20);
    assert_int_equal(r.standins, 0);
    /* 10 refused, 5 refused, then batches of 2 */
    assert_int_equal(x->f->sizes[0], 10);
    assert_int_equal(x->f->sizes[1], 5);
    assert_int_equal(x->f->sizes[2], 2);
    district_agrees(x, 20);
}

static void too_large_alone_goes_as_standin(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 8, true);   /* seq 8 is big */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(x->path, &h), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(h, "SELECT length(CAST(body AS BLOB)) FROM outbox WHERE seq=8", -1, &st, NULL);
    sqlite3_step(st);
    long long big = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    x->f->max_bytes = (size_t)big;   /* the big one alone is over; the others pass */
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.standins, 1);
    assert_int_equal(count(x, "state=3 AND seq=8 AND code='oversize' AND message LIKE '%HTTP 413%'"), 1);
    assert_int_equal(count(x, "state=1"), 7);
    assert_string_equal(x->f->types[8], "event.oversize");
    district_agrees(x, 8);
}

static void gap_resends_from_expected(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 10, false);
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    /* the district restored an older backup: it holds up to seq 4 */
    fake_forget(x->f, 4);
    add_events(x->db, 10, 5, false);
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.outcome, PD_SYNC_DONE);
    assert_int_equal(count(x, "state=1"), 15);
    district_agrees(x, 15);
    /* a forced gap inside what the district holds: answered duplicate */
    add_events(x->db, 15, 3, false);
    x->f->gap_once = 6;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.duplicate, 6);
    assert_int_equal(r.applied, 3);
    district_agrees(x, 18);
}

static void gap_not_held_is_loud(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 10, false);
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    fake_forget(x->f, 2);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(x->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "DELETE FROM outbox WHERE seq IN (3,4)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    add_events(x->db, 10, 2, false);
    assert_int_equal(pass(x, &r, &err), PD_EPROTO);
    assert_int_equal(r.outcome, PD_SYNC_STUCK);
    has(err.msg, "NO LONGER HOLDS");
    has(err.msg, "seq 3");
    has(err.msg, "never renumbers");
    assert_int_equal(count(x, "state=0"), 2);   /* nothing renumbered, nothing acked */
}

static void gap_answers_that_make_no_sense(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 4, false);
    x->f->gap_expect = 3;   /* after the batch's first seq */
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_EPROTO);
    has(err.msg, "expects seq 3");
    assert_int_equal(count(x, "state<>0"), 0);
    /* expected_seq = the batch's first: the same batch again, then fine */
    x->f->gap_expect = 1;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.applied, 4);
    assert_string_equal(x->f->last_id, STATION "-00000001");
}

static void bad_replies_ack_nothing(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 6, false);
    static const struct { enum bad_kind k; const char *w; } kinds[] = {
        { BAD_NOT_JSON, "not JSON" }, { BAD_TRUNCATED, "not JSON" },
        { BAD_WRONG_SEQS, "not sent" }, { BAD_WRONG_ID, "not the batch sent" },
        { BAD_EMPTY, "none of its events" },
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        x->f->bad_reply = 1;
        x->f->bad_kind = kinds[i].k;
        struct pd_sync_result r;
        struct pd_error err;
        assert_int_equal(pass(x, &r, &err) == PD_OK, 0);
        assert_int_equal(r.outcome, PD_SYNC_FAILED);
        has(err.msg, kinds[i].w);
        assert_int_equal(count(x, "state<>0"), 0);
        assert_string_equal(x->f->last_id, STATION "-00000001");
    }
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err), PD_OK);
    assert_int_equal(r.duplicate, 6);   /* stored the first time round */
    district_agrees(x, 6);
}

static void other_statuses_fail(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 3, false);
    long codes[] = { 301, 302, 400, 404, 415, 502, 504 };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        x->f->status_once = codes[i];
        struct pd_sync_result r;
        struct pd_error err;
        pd_err rc = pass(x, &r, &err);
        assert_true(rc == PD_ENET || rc == PD_EPROTO);
        assert_int_equal(r.outcome, PD_SYNC_FAILED);
        assert_int_equal(r.http_status, codes[i]);
        char w[32];
        snprintf(w, sizeof w, "HTTP %ld", codes[i]);
        has(err.msg, w);
        has(err.msg, "status");     /* the district's own words */
        assert_int_equal(count(x, "state<>0"), 0);
    }
}

static void busy_when_locked(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 3, false);
    int fd;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_lock(x->db, &fd, &err), PD_OK);
    struct pd_sync_result r;
    assert_int_equal(pass(x, &r, &err), PD_EBUSY);
    assert_int_equal(r.outcome, PD_SYNC_BUSY);
    assert_int_equal(r.pending, 3);
    assert_int_equal(x->f->posts, 0);
    pd_outbox_unlock(&fd);
    assert_int_equal(pass(x, &r, &err), PD_OK);
}

static void stopped(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 3, false);
    pd_sync_stop(x->s);
    struct pd_sync_result r;
    struct pd_error err;
    assert_int_equal(pass(x, &r, &err) == PD_OK, 0);
    assert_int_equal(r.outcome, PD_SYNC_STOPPED);
    assert_int_equal(x->f->posts, 0);
}

/* ---- configuration ------------------------------------------------------------ */

static void urls(void **state)
{
    (void)state;
    static const char *const good[] = {
        "https://district.example", "https://10.1.2.3:8443/intake", "http://127.0.0.1:8080",
        "http://127.9.9.9", "http://[::1]:8443", "http://localhost:80", "http://LOCALHOST",
        "https://[2001:db8::1]:443",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct pd_error err;
        pd_error_clear(&err);
        if (pd_sync_check_url(good[i], &err) != PD_OK)
            fail_msg("%s refused: %s", good[i], err.msg);
    }
    static const struct { const char *u, *w; } bad[] = {
        { "", "set [district] url" },
        { "http://district.example", "only to this machine" },
        { "http://10.0.0.1:8080", "only to this machine" },
        { "http://127.0.0.1.evil.example", "only to this machine" },
        { "http://localhost.evil.example", "only to this machine" },
        { "http://[::2]:80", "only to this machine" },
        { "http://user@127.0.0.1", "user name or password" },
        { "https://admin:secret@district.example", "user name or password" },
        { "ftp://district.example", "must start with https://" },
        { "district.example", "must start with https://" },
        { "https://", "no host" },
        { "https://[::1", "malformed" },
        { "https://dis trict.example", "space" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct pd_error err;
        pd_error_clear(&err);
        if (pd_sync_check_url(bad[i].u, &err) != PD_ECONFIG)
            fail_msg("%s accepted", bad[i].u);
        has(err.msg, bad[i].w);
        assert_string_equal(err.field, "district.url");
    }
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(chmod(path, mode), 0);
}

static void token_file(void **state)
{
    (void)state;
    char path[600], buf[256];
    snprintf(path, sizeof path, "%s/token-%d", fx_tmpdir(), (int)getpid());
    struct pd_error err;
    pd_error_clear(&err);

    write_file(path, "s3cr3t-T0ken_for.330205\n", 0600);
    assert_int_equal(pd_sync_read_token(path, buf, sizeof buf, &err), PD_OK);
    assert_string_equal(buf, "s3cr3t-T0ken_for.330205");

    mode_t modes[] = { 0644, 0640, 0604, 0660, 0620 };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        write_file(path, "s3cr3t-T0ken\n", modes[i]);
        pd_error_clear(&err);
        assert_int_equal(pd_sync_read_token(path, buf, sizeof buf, &err), PD_ECONFIG);
        has(err.msg, "chmod 600");
        has(err.msg, "other users");
        assert_null(strstr(err.msg, "s3cr3t"));
        assert_string_equal(buf, "");
    }
    static const char *const bad[] = { "", "\n", "two words\n", "tab\there\n", "ctl\x01x\n" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, bad[i], 0600);
        pd_error_clear(&err);
        assert_int_equal(pd_sync_read_token(path, buf, sizeof buf, &err), PD_ECONFIG);
        assert_string_equal(err.field, "district.token_file");
        assert_null(strstr(err.msg, "words"));
        assert_null(strstr(err.msg, "here"));
    }
    pd_error_clear(&err);
    assert_int_equal(pd_sync_read_token("/nonexistent/token", buf, sizeof buf, &err), PD_ECONFIG);
    has(err.msg, "/nonexistent/token");
    pd_error_clear(&err);
    assert_int_equal(pd_sync_read_token("", buf, sizeof buf, &err), PD_ECONFIG);
    has(err.msg, "token_file");
    unlink(path);
}

static void whole_conf(void **state)
{
    (void)state;
    char tok[600], key[600];
    snprintf(tok, sizeof tok, "%s/tok-%d", fx_tmpdir(), (int)getpid());
    snprintf(key, sizeof key, "%s/key-%d", fx_tmpdir(), (int)getpid());
    write_file(tok, "abc\n", 0600);
    write_file(key, "-----BEGIN PRIVATE KEY-----\n", 0644);
    struct pd_sync_conf c;
    pd_sync_conf_defaults(&c);
    struct pd_error err;
    pd_strlcpy(c.url, "https://district.example", sizeof c.url);
    pd_strlcpy(c.token_file, tok, sizeof c.token_file);
    pd_error_clear(&err);
    assert_int_equal(pd_sync_check_conf(&c, &err), PD_ECONFIG);
    has(err.msg, "ca_file is required");
    pd_strlcpy(c.ca_file, "/nonexistent/ca.pem", sizeof c.ca_file);
    pd_error_clear(&err);
    assert_int_equal(pd_sync_check_conf(&c, &err), PD_ECONFIG);
    has(err.msg, "/nonexistent/ca.pem");
    pd_strlcpy(c.ca_file, tok, sizeof c.ca_file);
    pd_error_clear(&err);
    assert_int_equal(pd_sync_check_conf(&c, &err), PD_OK);
    pd_strlcpy(c.client_cert, tok, sizeof c.client_cert);
    pd_error_clear(&err);
    assert_int_equal(pd_sync_check_conf(&c, &err), PD_ECONFIG);
    has(err.msg, "go together");
    pd_strlcpy(c.client_key, key, sizeof c.client_key);
    pd_error_clear(&err);
    assert_int_equal(pd_sync_check_conf(&c, &err), PD_ECONFIG);
    has(err.msg, "chmod 600");
    chmod(key, 0600);
    pd_error_clear(&err);
    assert_int_equal(pd_sync_check_conf(&c, &err), PD_OK);
    /* plain http to loopback needs no CA file */
    pd_sync_conf_defaults(&c);
    pd_strlcpy(c.url, "http://127.0.0.1:8080", sizeof c.url);
    pd_strlcpy(c.token_file, tok, sizeof c.token_file);
    pd_error_clear(&err);
    assert_int_equal(pd_sync_check_conf(&c, &err), PD_OK);
    /* a pusher cannot be made from a bad conf */
    pd_strlcpy(c.url, "http://district.example", sizeof c.url);
    struct pd_sync *s = NULL;
    pd_error_clear(&err);
    assert_int_equal(pd_sync_new(&c, NULL, &s, &err), PD_ECONFIG);
    assert_null(s);
    unlink(tok);
    unlink(key);
}

static void backoff(void **state)
{
    (void)state;
    struct pd_sync_conf c;
    pd_sync_conf_defaults(&c);
    /* first about 5 s, doubling, never past retry_max_seconds */
    for (unsigned r = 0; r < 400; r += 37) {
        long b1 = pd_sync_backoff_ms(&c, 1, r);
        assert_true(b1 >= 4000 && b1 < 6000);
        long b2 = pd_sync_backoff_ms(&c, 2, r);
        assert_true(b2 >= 8000 && b2 < 12000);
        long b5 = pd_sync_backoff_ms(&c, 5, r);
        assert_true(b5 >= 64000 && b5 < 96000);
        assert_true(pd_sync_backoff_ms(&c, 30, r) <= 600000);
        assert_true(pd_sync_backoff_ms(&c, 30, r) >= 480000);
        assert_true(pd_sync_backoff_ms(&c, 1000, r) <= 600000);
    }
    /* jitter: not every station waits the same */
    assert_true(pd_sync_backoff_ms(&c, 3, 0) != pd_sync_backoff_ms(&c, 3, 399));
    c.retry_max_seconds = 7;
    assert_true(pd_sync_backoff_ms(&c, 2, 399) <= 7000);
}

static void background_pass(void **state)
{
    struct fx *x = *state;
    add_events(x->db, 0, 23, false);
    struct pd_sync_bg *bg;
    struct pd_error err;
    pd_error_clear(&err);
    /* its own fake: the fixture's pusher owns x->f */
    struct fake *f = calloc(1, sizeof *f);
    f->t.post_batch = fake_post;
    f->t.free = fake_free;
    assert_int_equal(pd_sync_bg_start(x->path, &x->c, &f->t, &bg, &err), PD_OK);
    struct pollfd p = { pd_sync_bg_fd(bg), POLLIN, 0 };
    struct pd_sync_result r;
    pd_err rc = PD_EIO;
    bool done = false;
    for (int i = 0; i < 100 && !done; i++) {
        poll(&p, 1, 100);
        done = pd_sync_bg_done(bg, &r, &rc, &err);
    }
    assert_true(done);
    assert_int_equal(rc, PD_OK);
    assert_int_equal(r.outcome, PD_SYNC_DONE);
    assert_int_equal(r.applied, 23);
    assert_int_equal(count(x, "state=1"), 23);
    pd_sync_bg_free(&bg);
    assert_null(bg);
    for (int s = 0; s < MAXSEQ; s++)
        free(f->ids[s]);
    for (int i = 0; i < 16; i++)
        free(f->bodies[i]);
    free(f->last_body);
    free(f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(all_applied),
        T(rejected_kept_and_queue_goes_on),
        T(server_error_acks_nothing_then_same_batch),
        T(no_answer_then_resent_same),
        T(credentials_refused),
        T(retry_after),
        T(too_large_halves),
        T(too_large_alone_goes_as_standin),
        T(gap_resends_from_expected),
        T(gap_not_held_is_loud),
        T(gap_answers_that_make_no_sense),
        T(bad_replies_ack_nothing),
        T(other_statuses_fail),
        T(busy_when_locked),
        T(stopped),
        cmocka_unit_test(urls),
        cmocka_unit_test(token_file),
        cmocka_unit_test(whole_conf),
        cmocka_unit_test(backoff),
        T(background_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
