/* test_reply.c - the district's answers parsed defensively (sync/reply.h):
 * good answers, and every kind of bad one refused whole, with a message
 * that says what was wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/reply.h"

#define BID "330205001001-00000042"

static pd_err parse(const char *s, long long first, long long last, struct pd_reply *r,
                    struct pd_error *err)
{
    pd_error_clear(err);
    return pd_reply_parse(s, strlen(s), BID, first, last, r, err);
}

/* Expects the answer refused, nothing returned, the message holding w. */
static void refused(const char *s, const char *w)
{
    struct pd_reply r;
    struct pd_error err;
    pd_err rc = parse(s, 1017, 1019, &r, &err);
    if (rc == PD_OK)
        fail_msg("accepted: %s", s);
    assert_int_equal(rc, PD_EPROTO);
    assert_null(r.acks);
    assert_int_equal(r.n, 0);
    if (!strstr(err.msg, w))
        fail_msg("message for %s lacks '%s': %s", s, w, err.msg);
}

static void good_answer(void **state)
{
    (void)state;
    struct pd_reply r;
    struct pd_error err;
    const char *s = "{\"batch_id\":\"" BID "\",\"results\":["
                    "{\"seq\":1017,\"status\":\"applied\"},"
                    "{\"seq\":1018,\"status\":\"duplicate\"},"
                    "{\"seq\":1019,\"status\":\"rejected\",\"code\":\"bad_id_number\","
                    "\"message\":\"身份证号 330205******1234 校验位错误\"}],\"extra\":true}";
    assert_int_equal(parse(s, 1017, 1019, &r, &err), PD_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.applied, 1);
    assert_int_equal(r.duplicate, 1);
    assert_int_equal(r.rejected, 1);
    assert_int_equal(r.acks[0].seq, 1017);
    assert_int_equal(r.acks[0].status, PD_ACK_APPLIED);
    assert_null(r.acks[0].code);
    assert_int_equal(r.acks[1].status, PD_ACK_DUPLICATE);
    assert_int_equal(r.acks[2].status, PD_ACK_REJECTED);
    assert_string_equal(r.acks[2].code, "bad_id_number");
    assert_string_equal(r.acks[2].message, "身份证号 330205******1234 校验位错误");
    pd_reply_done(&r);
    assert_null(r.acks);
}

static void some_results_missing(void **state)
{
    (void)state;
    struct pd_reply r;
    struct pd_error err;
    /* a seq missing from results is simply not acknowledged */
    assert_int_equal(parse("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1019,\"status\":\"applied\"}]}",
                           1017, 1019, &r, &err), PD_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.acks[0].seq, 1019);
    pd_reply_done(&r);
    assert_int_equal(parse("{\"batch_id\":\"" BID "\",\"results\":[]}", 1017, 1019, &r, &err), PD_OK);
    assert_int_equal(r.n, 0);
    pd_reply_done(&r);
}

static void not_json(void **state)
{
    (void)state;
    refused("<html><body>Service temporarily unavailable</body></html>", "not JSON");
    refused("", "empty");
    refused("[1,2,3]", "not a JSON object");
    refused("\"applied\"", "not JSON");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"applied\"},{\"seq\":10",
            "not JSON");
    refused("{\"batch_id\":\"" BID "\",\"batch_id\":\"" BID "\",\"results\":[]}", "not JSON");
    struct pd_reply r;
    struct pd_error err;
    pd_error_clear(&err);
    /* a NUL inside the body is not JSON either */
    assert_int_equal(pd_reply_parse("{\"batch_id\":\0}", 15, BID, 1, 2, &r, &err), PD_EPROTO);
    assert_int_equal(pd_reply_parse(NULL, 0, BID, 1, 2, &r, &err), PD_EPROTO);
}

static void truncated(void **state)
{
    (void)state;
    const char *full = "{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"applied\"},"
                       "{\"seq\":1018,\"status\":\"applied\"},{\"seq\":1019,\"status\":\"applied\"}]}";
    size_t n = strlen(full);
    for (size_t cut = 0; cut < n; cut++) {
        struct pd_reply r;
        struct pd_error err;
        pd_error_clear(&err);
        if (pd_reply_parse(full, cut, BID, 1017, 1019, &r, &err) == PD_OK)
            fail_msg("a reply cut at %zu of %zu bytes was accepted", cut, n);
        assert_null(r.acks);
    }
}

static void wrong_batch(void **state)
{
    (void)state;
    refused("{\"batch_id\":\"" BID "-x\",\"results\":[{\"seq\":1017,\"status\":\"applied\"}]}",
            "not the batch sent");
    refused("{\"results\":[{\"seq\":1017,\"status\":\"applied\"}]}", "no batch_id");
    refused("{\"batch_id\":42,\"results\":[]}", "no batch_id");
    refused("{\"batch_id\":\"" BID "\"}", "no results");
    refused("{\"batch_id\":\"" BID "\",\"results\":{\"seq\":1017}}", "no results");
}

static void seqs_not_sent(void **state)
{
    (void)state;
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1020,\"status\":\"applied\"}]}", "not sent");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1016,\"status\":\"applied\"}]}", "not sent");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":-1,\"status\":\"applied\"}]}", "not sent");
    /* one good, one outside: the whole answer goes */
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"applied\"},"
            "{\"seq\":2017,\"status\":\"applied\"}]}", "seq 2017");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"applied\"},"
            "{\"seq\":1017,\"status\":\"duplicate\"}]}", "twice");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"applied\"},"
            "{\"seq\":1018,\"status\":\"applied\"},{\"seq\":1019,\"status\":\"applied\"},"
            "{\"seq\":1019,\"status\":\"applied\"}]}", "4 results");
}

static void bad_results(void **state)
{
    (void)state;
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017.0,\"status\":\"applied\"}]}", "whole-number");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":\"1017\",\"status\":\"applied\"}]}", "whole-number");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017}]}", "status");
    refused("{\"batch_id\":\"" BID "\",\"results\":[1017]}", "status");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"stored\"}]}", "unknown status");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"rejected\",\"code\":7}]}",
            "not text");
    refused("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,\"status\":\"rejected\","
            "\"code\":\"x\",\"message\":[]}]}", "not text");
}

static void huge(void **state)
{
    (void)state;
    size_t n = PD_REPLY_MAX + 10;
    char *big = malloc(n + 1);
    assert_non_null(big);
    const char *head = "{\"batch_id\":\"" BID "\",\"results\":[],\"padding\":\"";
    memset(big, 'x', n);
    memcpy(big, head, strlen(head));
    memcpy(big + n - 2, "\"}", 2);
    big[n] = '\0';
    struct pd_reply r;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_reply_parse(big, n, BID, 1, 2, &r, &err), PD_EPROTO);
    assert_non_null(strstr(err.msg, "too large"));
    free(big);
}

static void rejection_text_cleaned(void **state)
{
    (void)state;
    struct pd_reply r;
    struct pd_error err;
    /* control characters (an escape sequence for the terminal) become spaces;
     * a missing code becomes "rejected" */
    assert_int_equal(parse("{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1018,\"status\":\"rejected\","
                           "\"message\":\"张三\\u001b[2J户口\\n重复\"}]}", 1017, 1019, &r, &err), PD_OK);
    assert_string_equal(r.acks[0].code, "rejected");
    assert_string_equal(r.acks[0].message, "张三 [2J户口 重复");
    pd_reply_done(&r);

    /* a long Chinese message is cut on a character boundary */
    char s[8192];
    int n = snprintf(s, sizeof s, "{\"batch_id\":\"" BID "\",\"results\":[{\"seq\":1017,"
                     "\"status\":\"rejected\",\"code\":\"bad\",\"message\":\"");
    for (int i = 0; i < 400; i++)
        n += snprintf(s + n, sizeof s - (size_t)n, "错");
    snprintf(s + n, sizeof s - (size_t)n, "\"}]}");
    assert_int_equal(parse(s, 1017, 1019, &r, &err), PD_OK);
    size_t len = strlen(r.acks[0].message);
    assert_true(len < PD_ACK_MSG_MAX);
    assert_int_equal(len % 3, 0);
    pd_reply_done(&r);
}

static void gap_answer(void **state)
{
    (void)state;
    long long want = -1;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_reply_parse_gap("{\"expected_seq\":812}", 20, &want, &err), PD_OK);
    assert_int_equal(want, 812);
    static const char *const bad[] = {
        "{\"expected_seq\":0}", "{\"expected_seq\":-5}", "{\"expected_seq\":\"812\"}",
        "{\"expected\":812}", "{\"expected_seq\":8.5}", "812", "not json",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pd_error_clear(&err);
        assert_int_equal(pd_reply_parse_gap(bad[i], strlen(bad[i]), &want, &err), PD_EPROTO);
        assert_int_equal(want, 0);
        assert_true(err.msg[0] != '\0');
    }
    pd_error_clear(&err);
    pd_reply_parse_gap("{\"expected_seq\":\"x\"}", 20, &want, &err);
    assert_non_null(strstr(err.msg, "expected_seq"));
}

static void clean_text(void **state)
{
    (void)state;
    char buf[8];
    pd_reply_clean_text(buf, "a\tb\x7f" "c", sizeof buf);
    assert_string_equal(buf, "a b c");
    pd_reply_clean_text(buf, NULL, sizeof buf);
    assert_string_equal(buf, "");
    pd_reply_clean_text(buf, "王小红", sizeof buf);   /* 9 bytes: cut to 2 characters */
    assert_string_equal(buf, "王小");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_answer),
        cmocka_unit_test(some_results_missing),
        cmocka_unit_test(not_json),
        cmocka_unit_test(truncated),
        cmocka_unit_test(wrong_batch),
        cmocka_unit_test(seqs_not_sent),
        cmocka_unit_test(bad_results),
        cmocka_unit_test(huge),
        cmocka_unit_test(rejection_text_cleaned),
        cmocka_unit_test(gap_answer),
        cmocka_unit_test(clean_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
