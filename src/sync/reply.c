/* reply.c - the district's answers, parsed defensively (see reply.h). */
#include "sync/reply.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void pd_reply_clean_text(char *dst, const char *src, size_t size)
{
    if (!size)
        return;
    pd_strlcpy(dst, src ? src : "", size);
    for (unsigned char *p = (unsigned char *)dst; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            *p = ' ';
}

void pd_reply_done(struct pd_reply *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n; i++) {
        free((char *)r->acks[i].code);
        free((char *)r->acks[i].message);
    }
    free(r->acks);
    memset(r, 0, sizeof *r);
}

static json_t *load(const char *buf, size_t len, struct pd_error *err)
{
    if (!buf || len == 0)
        return pd_fail(err, PD_EPROTO, NULL, "the district's answer is empty"), NULL;
    if (len > PD_REPLY_MAX)
        return pd_fail(err, PD_EPROTO, NULL, "the district's answer is too large (%zu bytes; at most %u read)",
                       len, PD_REPLY_MAX), NULL;
    json_error_t jerr;
    json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        char why[96];
        pd_reply_clean_text(why, jerr.text, sizeof why);
        pd_fail(err, PD_EPROTO, NULL, "the district's answer is not JSON (%s at byte %d)",
                why, jerr.position);
        return NULL;
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        pd_fail(err, PD_EPROTO, NULL, "the district's answer is not a JSON object");
        return NULL;
    }
    return doc;
}

static char *dup_clean(const char *s, size_t cap)
{
    char *out = malloc(cap);
    if (out)
        pd_reply_clean_text(out, s, cap);
    return out;
}

pd_err pd_reply_parse(const char *buf, size_t len, const char *batch_id,
                      long long first, long long last, struct pd_reply *out,
                      struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    if (last < first || last - first >= 1000000)
        return pd_fail(err, PD_EPROTO, NULL, "internal: bad batch range %lld-%lld", first, last);
    json_t *doc = load(buf, len, err);
    if (!doc)
        return PD_EPROTO;
    pd_err rc = PD_OK;
    unsigned char *seen = NULL;
    const json_t *bid = json_object_get(doc, "batch_id");
    const json_t *res = json_object_get(doc, "results");
    size_t span = (size_t)(last - first + 1);
    if (!json_is_string(bid)) {
        rc = pd_fail(err, PD_EPROTO, NULL, "the district's answer has no batch_id");
        goto done;
    }
    if (strcmp(json_string_value(bid), batch_id) != 0) {
        char got[48];
        pd_reply_clean_text(got, json_string_value(bid), sizeof got);
        rc = pd_fail(err, PD_EPROTO, NULL, "the district answered for batch '%s', not the batch sent (%s)",
                     got, batch_id);
        goto done;
    }
    if (!json_is_array(res)) {
        rc = pd_fail(err, PD_EPROTO, NULL, "the district's answer to batch %s has no results list", batch_id);
        goto done;
    }
    size_t n = json_array_size(res);
    if (n > span) {
        rc = pd_fail(err, PD_EPROTO, NULL, "the district gave %zu results for a batch of %zu events",
                     n, span);
        goto done;
    }
    seen = calloc(span, 1);
    out->acks = calloc(n ? n : 1, sizeof *out->acks);
    if (!seen || !out->acks) {
        rc = pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the district's answer");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(res, i);
        const json_t *seq = json_object_get(r, "seq");
        const json_t *st = json_object_get(r, "status");
        if (!json_is_object(r) || !json_is_integer(seq) || !json_is_string(st)) {
            rc = pd_fail(err, PD_EPROTO, NULL, "result %zu of the district's answer lacks a whole-number "
                         "seq or a status", i + 1);
            goto done;
        }
        long long s = json_integer_value(seq);
        if (s < first || s > last) {
            rc = pd_fail(err, PD_EPROTO, NULL, "the district answered for seq %lld, which was not sent "
                         "in batch %s (seq %lld-%lld)", s, batch_id, first, last);
            goto done;
        }
        if (seen[s - first]++) {
            rc = pd_fail(err, PD_EPROTO, NULL, "the district answered twice for seq %lld", s);
            goto done;
        }
        struct pd_ack *a = &out->acks[out->n];
        a->seq = s;
        const char *word = json_string_value(st);
        if (strcmp(word, "applied") == 0) {
            a->status = PD_ACK_APPLIED;
            out->applied++;
        } else if (strcmp(word, "duplicate") == 0) {
            a->status = PD_ACK_DUPLICATE;
            out->duplicate++;
        } else if (strcmp(word, "rejected") == 0) {
            const json_t *code = json_object_get(r, "code");
            const json_t *msg = json_object_get(r, "message");
            if ((code && !json_is_string(code)) || (msg && !json_is_string(msg))) {
                rc = pd_fail(err, PD_EPROTO, NULL, "the rejection of seq %lld has a code or message "
                             "that is not text", s);
                goto done;
            }
            a->status = PD_ACK_REJECTED;
            a->code = dup_clean(code ? json_string_value(code) : "rejected", PD_REPLY_CODE_MAX);
            a->message = dup_clean(msg ? json_string_value(msg) : "", PD_ACK_MSG_MAX);
            out->n++;   /* counted now so pd_reply_done frees the strings */
            if (!a->code || !a->message) {
                rc = pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the district's answer");
                goto done;
            }
            if (!a->code[0]) {
                free((char *)a->code);
                a->code = dup_clean("rejected", PD_REPLY_CODE_MAX);
            }
            out->rejected++;
            continue;
        } else {
            char w[32];
            pd_reply_clean_text(w, word, sizeof w);
            rc = pd_fail(err, PD_EPROTO, NULL, "the district gave seq %lld an unknown status '%s'", s, w);
            goto done;
        }
        out->n++;
    }
done:
    free(seen);
    json_decref(doc);
    if (rc != PD_OK)
        pd_reply_done(out);
    return rc;
}

pd_err pd_reply_parse_gap(const char *buf, size_t len, long long *expected,
                          struct pd_error *err)
{
    *expected = 0;
    json_t *doc = load(buf, len, err);
    if (!doc)
        return PD_EPROTO;
    const json_t *e = json_object_get(doc, "expected_seq");
    pd_err rc = PD_OK;
    if (!json_is_integer(e) || json_integer_value(e) < 1)
        rc = pd_fail(err, PD_EPROTO, NULL, "the district reported a gap (409) without a whole-number "
                     "expected_seq");
    else
        *expected = json_integer_value(e);
    json_decref(doc);
    return rc;
}
