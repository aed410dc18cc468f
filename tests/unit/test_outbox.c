/* test_outbox.c - the outbox seen from the pusher (store/outbox.h): batches
 * in seq order within the limits, the batch id counter, the in-flight batch
 * rebuilt the same after a crash, acknowledgements in one transaction,
 * stand-ins for oversize events, resending after a gap, the one-pusher
 * lock, the list of events the district sent back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/event.h"
#include "store/db.h"
#include "store/events.h"
#include "store/outbox.h"
#include "fixture.h"

#define STATION "330205001001"

struct fx {
    char path[512];
    struct pd_db *db;
};

/* Saves one event; households every 5th, persons otherwise.  With a long
 * address the envelope is about 1 KB. */
static long long add_event(struct pd_db *db, int i, bool big)
{
    return fx_add_event(db, STATION, i, big ? "浙" : NULL);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->db = fx_new_db("outbox", STATION, f->path, sizeof f->path);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    fx_close_db(&f->db, f->path);
    free(f);
    return 0;
}

static void add_n(struct fx *f, int n)
{
    for (int i = 0; i < n; i++)
        add_event(f->db, i, false);
}

/* A second connection to the same file, for looking behind the API. */
static long long sql_int(struct fx *f, const char *sql)
{
    return fx_sql_int(f->path, sql);
}

static char *sql_text(struct fx *f, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static void sql_exec(struct fx *f, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(h);
}

static struct pd_ack ack(long long seq, enum pd_ack_status s)
{
    struct pd_ack a = { seq, s, NULL, NULL };
    return a;
}

static void ack_all(struct fx *f, const struct pd_outbox_batch *b)
{
    struct pd_ack *a = calloc((size_t)b->n, sizeof *a);
    for (int i = 0; i < b->n; i++)
        a[i] = ack(b->first + i, PD_ACK_APPLIED);
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_ack(f->db, b, a, b->n, &err), PD_OK);
    free(a);
}

/* ---- tests ---------------------------------------------------------------- */

static void empty_outbox(void **state)
{
    struct fx *f = *state;
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_ENOTFOUND);
    assert_null(b.json);
    assert_int_equal(pd_outbox_pending(f->db), 0);
}

static void batch_body(void **state)
{
    struct fx *f = *state;
    add_n(f, 12);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 5, 262144, &b, &err), PD_OK);
    assert_string_equal(b.batch_id, STATION "-00000001");
    assert_int_equal(b.first, 1);
    assert_int_equal(b.last, 5);
    assert_int_equal(b.n, 5);
    assert_false(b.resumed);
    assert_int_equal(strlen(b.json), b.len);

    json_error_t jerr;
    json_t *doc = json_loadb(b.json, b.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        fail_msg("batch body is not JSON: %s: %s", jerr.text, b.json);
    assert_int_equal(json_integer_value(json_object_get(doc, "protocol")), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "station")), STATION);
    assert_string_equal(json_string_value(json_object_get(doc, "batch_id")), b.batch_id);
    /* chain_head: the audit hash at the batch's last seq */
    char *head = sql_text(f, "SELECT hash FROM audit WHERE seq<=5 ORDER BY id DESC LIMIT 1");
    assert_string_equal(json_string_value(json_object_get(doc, "chain_head")), head);
    assert_string_equal(b.chain_head, head);
    free(head);
    json_t *evs = json_object_get(doc, "events");
    assert_int_equal(json_array_size(evs), 5);
    for (size_t i = 0; i < 5; i++) {
        json_t *e = json_array_get(evs, i);
        assert_int_equal(json_integer_value(json_object_get(e, "seq")), (long long)i + 1);
    }
    assert_string_equal(json_string_value(json_object_get(json_array_get(evs, 1), "type")), "person.add");
    assert_non_null(strstr(b.json, "王小红") ? b.json : strstr(b.json, "李建国"));
    /* bodies pasted as stored, byte for byte */
    char *body = sql_text(f, "SELECT body FROM outbox WHERE seq=3");
    assert_non_null(strstr(b.json, body));
    free(body);
    json_decref(doc);
    pd_outbox_batch_done(&b);
    assert_null(b.json);

    /* in flight: recorded in meta */
    char rec[128];
    assert_int_equal(pd_db_meta_get(f->db, "sync_inflight", rec, sizeof rec), PD_OK);
    assert_string_equal(rec, STATION "-00000001 1 5");
}

static void byte_limit(void **state)
{
    struct fx *f = *state;
    add_n(f, 20);
    long long one = sql_int(f, "SELECT max(length(CAST(body AS BLOB))) FROM outbox");
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    /* room for the frame and about three events */
    size_t limit = 200 + (size_t)one * 3;
    assert_int_equal(pd_outbox_next(f->db, 200, limit, &b, &err), PD_OK);
    assert_true(b.n >= 2 && b.n <= 4);
    assert_true(b.len <= limit);
    assert_int_equal(b.standins, 0);
    pd_outbox_batch_done(&b);
}

static void inflight_rebuilt_same(void **state)
{
    struct fx *f = *state;
    add_n(f, 10);
    struct pd_outbox_batch a, b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 4, 262144, &a, &err), PD_OK);
    /* the process dies; a new connection, other limits: the same batch */
    pd_db_close(&f->db);
    assert_int_equal(pd_db_open(f->path, 0, &f->db, &err), PD_OK);
    add_event(f->db, 10, false);
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_OK);
    assert_true(b.resumed);
    assert_string_equal(a.batch_id, b.batch_id);
    assert_int_equal(a.first, b.first);
    assert_int_equal(a.last, b.last);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.json, b.json, a.len);
    ack_all(f, &b);
    pd_outbox_batch_done(&a);
    pd_outbox_batch_done(&b);
    /* after the acknowledgement: a new id, from seq 5 */
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_OK);
    assert_false(b.resumed);
    assert_string_equal(b.batch_id, STATION "-00000002");
    assert_int_equal(b.first, 5);
    assert_int_equal(b.last, 11);
    pd_outbox_batch_done(&b);
}

static void inflight_record_stale(void **state)
{
    struct fx *f = *state;
    add_n(f, 6);
    struct pd_error err;
    pd_error_clear(&err);
    /* a record that no longer matches the outbox (seqs not pending) */
    assert_int_equal(pd_db_meta_set(f->db, "sync_inflight", STATION "-00000009 50 60", &err), PD_OK);
    struct pd_outbox_batch b;
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_OK);
    assert_false(b.resumed);
    assert_int_equal(b.first, 1);
    assert_int_equal(b.last, 6);
    pd_outbox_batch_done(&b);
    assert_int_equal(pd_db_meta_set(f->db, "sync_inflight", "garbage", &err), PD_OK);
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_OK);
    assert_int_equal(b.first, 1);
    ack_all(f, &b);
    pd_outbox_batch_done(&b);
    /* nothing pending: the stale record is dropped all the same */
    assert_int_equal(pd_db_meta_set(f->db, "sync_inflight", STATION "-00000009 2 3", &err), PD_OK);
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_ENOTFOUND);
    char rec[64];
    assert_int_equal(pd_db_meta_get(f->db, "sync_inflight", rec, sizeof rec), PD_ENOTFOUND);
}

static void acknowledgements(void **state)
{
    struct fx *f = *state;
    add_n(f, 8);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 6, 262144, &b, &err), PD_OK);
    struct pd_ack a[5] = {
        ack(1, PD_ACK_APPLIED), ack(2, PD_ACK_DUPLICATE), ack(3, PD_ACK_REJECTED),
        ack(5, PD_ACK_APPLIED), ack(6, PD_ACK_APPLIED),
    };
    a[2].code = "bad_id_number";
    a[2].message = "身份证号校验位错误";
    assert_int_equal(pd_outbox_ack(f->db, &b, a, 5, &err), PD_OK);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE state=1"), 4);
    assert_int_equal(sql_int(f, "SELECT state FROM outbox WHERE seq=3"), 2);
    char *code = sql_text(f, "SELECT code || '|' || message || '|' || batch_id FROM outbox WHERE seq=3");
    assert_string_equal(code, "bad_id_number|身份证号校验位错误|" STATION "-00000001");
    free(code);
    assert_int_equal(sql_int(f, "SELECT state FROM outbox WHERE seq=4"), 0);   /* not answered */
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE acked_at IS NOT NULL"), 5);
    char rec[128];
    assert_int_equal(pd_db_meta_get(f->db, "sync_inflight", rec, sizeof rec), PD_ENOTFOUND);
    assert_int_equal(pd_db_meta_get(f->db, "sync_last_ok", rec, sizeof rec), PD_OK);
    pd_outbox_batch_done(&b);

    /* the rejection never blocks: next comes the unanswered seq 4 alone
     * (a batch is consecutive seqs), then 7-8 */
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_OK);
    assert_int_equal(b.first, 4);
    assert_int_equal(b.last, 4);
    ack_all(f, &b);
    pd_outbox_batch_done(&b);
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_OK);
    assert_int_equal(b.first, 7);
    assert_int_equal(b.last, 8);
    ack_all(f, &b);
    pd_outbox_batch_done(&b);
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_ENOTFOUND);
    assert_int_equal(pd_outbox_pending(f->db), 0);
}

static void ack_outside_batch(void **state)
{
    struct fx *f = *state;
    add_n(f, 4);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 2, 262144, &b, &err), PD_OK);
    struct pd_ack a[2] = { ack(1, PD_ACK_APPLIED), ack(3, PD_ACK_APPLIED) };
    assert_int_equal(pd_outbox_ack(f->db, &b, a, 2, &err), PD_EPROTO);
    assert_non_null(strstr(err.msg, "seq 3"));
    /* one transaction: seq 1 was not marked either */
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE state<>0"), 0);
    char rec[128];
    assert_int_equal(pd_db_meta_get(f->db, "sync_inflight", rec, sizeof rec), PD_OK);
    pd_outbox_batch_done(&b);
}

static void oversize_by_own_limit(void **state)
{
    struct fx *f = *state;
    add_event(f->db, 0, false);
    add_event(f->db, 1, true);      /* ~1 KB */
    add_event(f->db, 2, false);
    long long big = sql_int(f, "SELECT length(CAST(body AS BLOB)) FROM outbox WHERE seq=2");
    if (big < 600)
        fail_msg("the big event is only %lld bytes", big);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    size_t limit = (size_t)big;   /* the small ones fit with the frame, the big one not */
    assert_int_equal(pd_outbox_next(f->db, 200, limit, &b, &err), PD_OK);
    assert_int_equal(b.first, 1);
    assert_int_equal(b.last, 1);    /* the big one does not fit after it */
    ack_all(f, &b);
    pd_outbox_batch_done(&b);

    assert_int_equal(pd_outbox_next(f->db, 200, limit, &b, &err), PD_OK);
    assert_int_equal(b.first, 2);
    assert_int_equal(b.standins, 1);
    json_t *doc = json_loadb(b.json, b.len, 0, NULL);
    json_t *e = json_array_get(json_object_get(doc, "events"), 0);
    char *orig = sql_text(f, "SELECT body FROM outbox WHERE seq=2");
    json_t *o = json_loads(orig, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(e, "type")), "event.oversize");
    assert_int_equal(json_integer_value(json_object_get(e, "seq")), 2);
    assert_string_equal(json_string_value(json_object_get(e, "id")), json_string_value(json_object_get(o, "id")));
    assert_string_equal(json_string_value(json_object_get(e, "at")), json_string_value(json_object_get(o, "at")));
    json_t *d = json_object_get(e, "data");
    assert_string_equal(json_string_value(json_object_get(d, "type")), "person.add");
    assert_int_equal(json_integer_value(json_object_get(d, "bytes")), big);
    assert_null(strstr(b.json, "浙浙浙"));     /* the original's data does not go */
    json_decref(o);
    json_decref(doc);
    free(orig);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE seq=2 AND code='oversize'"), 1);
    ack_all(f, &b);
    pd_outbox_batch_done(&b);
    /* acknowledged: state 3, reason kept, the original body untouched */
    assert_int_equal(sql_int(f, "SELECT state FROM outbox WHERE seq=2"), 3);
    char *msg = sql_text(f, "SELECT message FROM outbox WHERE seq=2");
    assert_non_null(strstr(msg, "too big"));
    assert_non_null(strstr(msg, "stand-in"));
    free(msg);
    assert_int_equal(sql_int(f, "SELECT length(CAST(body AS BLOB)) FROM outbox WHERE seq=2"), big);
    assert_int_equal(pd_outbox_next(f->db, 200, limit, &b, &err), PD_OK);
    assert_int_equal(b.first, 3);
    assert_int_equal(b.standins, 0);
    pd_outbox_batch_done(&b);
}

static void oversize_marked_and_abandon(void **state)
{
    struct fx *f = *state;
    add_n(f, 4);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 4, 262144, &b, &err), PD_OK);
    char first_id[PD_BATCH_ID_MAX];
    pd_strlcpy(first_id, b.batch_id, sizeof first_id);
    pd_outbox_batch_done(&b);
    /* 413: the batch is abandoned; the next one has a new id */
    assert_int_equal(pd_outbox_abandon(f->db, &err), PD_OK);
    assert_int_equal(pd_outbox_next(f->db, 1, 262144, &b, &err), PD_OK);
    assert_string_not_equal(b.batch_id, first_id);
    assert_int_equal(b.first, 1);
    assert_int_equal(b.n, 1);
    pd_outbox_batch_done(&b);
    /* 413 for it alone: a stand-in from now on, under yet another id */
    assert_int_equal(pd_outbox_mark_oversize(f->db, 1, "the district refused it as too large (HTTP 413)",
                                             &err), PD_OK);
    assert_int_equal(pd_outbox_next(f->db, 1, 262144, &b, &err), PD_OK);
    assert_string_equal(b.batch_id, STATION "-00000003");
    assert_int_equal(b.standins, 1);
    assert_non_null(strstr(b.json, "\"event.oversize\""));
    assert_non_null(strstr(b.json, "\"household.add\""));   /* data.type */
    struct pd_ack r = ack(1, PD_ACK_REJECTED);
    r.code = "unknown_type";
    r.message = "unknown event type";
    assert_int_equal(pd_outbox_ack(f->db, &b, &r, 1, &err), PD_OK);
    pd_outbox_batch_done(&b);
    /* a rejected stand-in keeps both reasons */
    char *msg = sql_text(f, "SELECT code || '|' || message FROM outbox WHERE seq=1");
    assert_non_null(strstr(msg, "unknown_type|unknown event type"));
    assert_non_null(strstr(msg, "HTTP 413"));
    free(msg);
}

static void resend_from_gap(void **state)
{
    struct fx *f = *state;
    add_n(f, 12);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 10, 262144, &b, &err), PD_OK);
    struct pd_ack a[10];
    for (int i = 0; i < 10; i++)
        a[i] = ack(i + 1, i == 6 ? PD_ACK_REJECTED : PD_ACK_APPLIED);
    a[6].code = "bad";
    a[6].message = "坏";
    assert_int_equal(pd_outbox_ack(f->db, &b, a, 10, &err), PD_OK);
    pd_outbox_batch_done(&b);
    assert_int_equal(pd_outbox_mark_oversize(f->db, 11, "too big", &err), PD_OK);
    sql_exec(f, "UPDATE outbox SET state=3 WHERE seq=9; UPDATE outbox SET code='oversize', message='too big' WHERE seq=9");
    assert_int_equal(pd_outbox_next(f->db, 10, 262144, &b, &err), PD_OK);
    assert_int_equal(b.first, 11);
    pd_outbox_batch_done(&b);
    /* 409 expected_seq 5 for the batch at 11: 5-10 go back to pending */
    assert_int_equal(pd_outbox_resend_from(f->db, 5, 11, &err), PD_OK);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE state=0"), 8);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE state=1"), 4);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE code='oversize'"), 2);   /* 9 and 11 */
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE seq=7 AND code IS NULL"), 1);
    char rec[128];
    assert_int_equal(pd_db_meta_get(f->db, "sync_inflight", rec, sizeof rec), PD_ENOTFOUND);
    assert_int_equal(pd_outbox_next(f->db, 200, 262144, &b, &err), PD_OK);
    assert_int_equal(b.first, 5);
    assert_int_equal(b.last, 12);
    assert_int_equal(b.standins, 2);
    pd_outbox_batch_done(&b);
    /* nonsense ranges */
    assert_int_equal(pd_outbox_resend_from(f->db, 0, 5, &err), PD_EPROTO);
    assert_int_equal(pd_outbox_resend_from(f->db, 6, 6, &err), PD_EPROTO);
}

static void resend_from_not_held(void **state)
{
    struct fx *f = *state;
    add_n(f, 8);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 6, 262144, &b, &err), PD_OK);
    ack_all(f, &b);
    pd_outbox_batch_done(&b);
    sql_exec(f, "DELETE FROM outbox WHERE seq IN (3,4)");
    assert_int_equal(pd_outbox_next(f->db, 6, 262144, &b, &err), PD_OK);
    assert_int_equal(b.first, 7);
    pd_outbox_batch_done(&b);
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_resend_from(f->db, 2, 7, &err), PD_ENOTFOUND);
    assert_non_null(strstr(err.msg, "NO LONGER HOLDS"));
    assert_non_null(strstr(err.msg, "seq 3"));
    assert_non_null(strstr(err.msg, "never renumbers"));
    assert_non_null(strstr(err.msg, "next one held is 5"));
    /* nothing changed, the batch in flight still stands */
    assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE state=1"), 4);
    char rec[128];
    assert_int_equal(pd_db_meta_get(f->db, "sync_inflight", rec, sizeof rec), PD_OK);
}

static void the_lock(void **state)
{
    struct fx *f = *state;
    int a = -1, b = -1;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_lock(f->db, &a, &err), PD_OK);
    assert_true(a >= 0);
    assert_int_equal(pd_outbox_lock(f->db, &b, &err), PD_EBUSY);
    assert_int_equal(b, -1);
    assert_non_null(strstr(err.msg, "another push"));
    pd_outbox_unlock(&a);
    assert_int_equal(a, -1);
    assert_int_equal(pd_outbox_lock(f->db, &b, &err), PD_OK);
    pd_outbox_unlock(&b);

    /* a pusher killed with the lock held does not leave it behind */
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t pid = fork();
    if (pid == 0) {
        struct pd_db *db;
        int fd;
        if (pd_db_open(f->path, 0, &db, NULL) != PD_OK || pd_outbox_lock(db, &fd, NULL) != PD_OK)
            _exit(1);
        char c = 1;
        if (write(go[1], &c, 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char c;
    assert_int_equal(read(go[0], &c, 1), 1);
    assert_int_equal(pd_outbox_lock(f->db, &a, &err), PD_EBUSY);
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    assert_int_equal(pd_outbox_lock(f->db, &a, &err), PD_OK);
    pd_outbox_unlock(&a);
    close(go[0]);
    close(go[1]);
}

struct seen {
    int n;
    long long seq[8];
    enum pd_outbox_state state[8];
    char code[8][32];
    char type[8][32];
    char person[8][32];
};

static int collect(void *ctx, const struct pd_outbox_returned *r)
{
    struct seen *s = ctx;
    if (s->n < 8) {
        s->seq[s->n] = r->seq;
        s->state[s->n] = r->state;
        pd_strlcpy(s->code[s->n], r->code, sizeof s->code[0]);
        pd_strlcpy(s->type[s->n], r->type, sizeof s->type[0]);
        pd_strlcpy(s->person[s->n], r->person, sizeof s->person[0]);
    }
    s->n++;
    return 0;
}

static void returned_list(void **state)
{
    struct fx *f = *state;
    add_n(f, 6);
    struct pd_outbox_batch b;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_next(f->db, 6, 262144, &b, &err), PD_OK);
    struct pd_ack a[6];
    for (int i = 0; i < 6; i++)
        a[i] = ack(i + 1, PD_ACK_APPLIED);
    a[3].status = PD_ACK_REJECTED;
    a[3].code = "bad_id_number";
    a[3].message = "身份证号错误";
    assert_int_equal(pd_outbox_ack(f->db, &b, a, 6, &err), PD_OK);
    pd_outbox_batch_done(&b);
    sql_exec(f, "UPDATE outbox SET state=3, code='oversize', message='too big' WHERE seq=5");
    struct seen s = { 0 };
    assert_int_equal(pd_outbox_each_returned(f->db, collect, &s, &err), PD_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.seq[0], 4);
    assert_int_equal(s.state[0], PD_OUTBOX_REJECTED);
    assert_string_equal(s.code[0], "bad_id_number");
    assert_string_equal(s.type[0], "person.add");
    assert_string_equal(s.person[0], STATION "P0000003");
    assert_int_equal(s.seq[1], 5);
    assert_int_equal(s.state[1], PD_OUTBOX_OVERSIZE);
}

static void sync_state_keys(void **state)
{
    struct fx *f = *state;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_outbox_not_before(f->db), 0);
    assert_int_equal(pd_outbox_set_not_before(f->db, 1700000000, &err), PD_OK);
    assert_int_equal(pd_outbox_not_before(f->db), 1700000000);
    assert_int_equal(pd_outbox_note_error(f->db, "the district answered HTTP 500", &err), PD_OK);
    assert_int_equal(pd_outbox_note_try(f->db, &err), PD_OK);
    char buf[128];
    assert_int_equal(pd_db_meta_get(f->db, "sync_last_error", buf, sizeof buf), PD_OK);
    assert_string_equal(buf, "the district answered HTTP 500");
    assert_int_equal(pd_db_meta_get(f->db, "sync_last_try", buf, sizeof buf), PD_OK);
    assert_int_equal(strlen(buf), 25);   /* 2012-05-31T10:22:00+08:00 */
}

static void batch_ids_count_up(void **state)
{
    struct fx *f = *state;
    add_n(f, 3);
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_outbox_batch b;
    for (int i = 1; i <= 3; i++) {
        char want[40];
        snprintf(want, sizeof want, STATION "-%08d", i);
        assert_int_equal(pd_outbox_next(f->db, 1, 262144, &b, &err), PD_OK);
        assert_string_equal(b.batch_id, want);
        ack_all(f, &b);
        pd_outbox_batch_done(&b);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(empty_outbox),
        T(batch_body),
        T(byte_limit),
        T(inflight_rebuilt_same),
        T(inflight_record_stale),
        T(acknowledgements),
        T(ack_outside_batch),
        T(oversize_by_own_limit),
        T(oversize_marked_and_abandon),
        T(resend_from_gap),
        T(resend_from_not_held),
        T(the_lock),
        T(returned_list),
        T(sync_state_keys),
        T(batch_ids_count_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
