/* pullparse.c - the district's answer to a pull, read defensively (see
 * pd_pull_parse in sync.h).  Pure: no I/O, so the fuzzer can drive it
 * (tests/fuzz/fuzz_pull.c). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/updates.h"
#include "sync/reply.h"
#include "sync/sync.h"

/* 1..max printable ASCII (the cursor goes into a URL). */
static bool ascii_token(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

/* 1..max bytes, no control characters (UTF-8 allowed: jansson checked it). */
static bool plain_text(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

void pd_pull_page_done(struct pd_pull_page *p)
{
    if (p->data)
        for (int i = 0; i < p->n; i++)
            free(p->data[i]);
    free(p->data);
    free(p->u);
    json_decref(p->doc);
    memset(p, 0, sizeof *p);
}

pd_err pd_pull_parse(const char *buf, size_t len, const char *after, struct pd_pull_page *out,
                     struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > PD_REPLY_MAX)
        return pd_fail(err, PD_EPROTO, NULL, "the district's updates answer is larger than %u bytes",
                       PD_REPLY_MAX);
    json_error_t je;
    json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return pd_fail(err, PD_EPROTO, NULL, "the district's updates answer is not JSON (%.60s)", je.text);
    out->doc = doc;
    pd_err rc = PD_OK;
    const json_t *cur = json_object_get(doc, "cursor"), *more = json_object_get(doc, "more"),
                 *ups = json_object_get(doc, "updates");
    if (!json_is_object(doc))
        rc = pd_fail(err, PD_EPROTO, NULL, "the district's updates answer is not a JSON object");
    else if (!json_is_string(cur) || !ascii_token(json_string_value(cur), sizeof out->cursor - 1))
        rc = pd_fail(err, PD_EPROTO, "cursor", "the district's updates answer has no usable cursor "
                     "(a string of 1-128 printable characters)");
    else if (more && !json_is_boolean(more))
        rc = pd_fail(err, PD_EPROTO, "more", "the district's updates answer: more is not true or false");
    else if (!json_is_array(ups))
        rc = pd_fail(err, PD_EPROTO, "updates", "the district's updates answer has no list of updates");
    if (rc != PD_OK) {
        pd_pull_page_done(out);
        return rc;
    }
    pd_strlcpy(out->cursor, json_string_value(cur), sizeof out->cursor);
    out->more = json_is_true(more);
    size_t n = json_array_size(ups);
    if (n) {
        out->u = calloc(n, sizeof *out->u);
        out->data = calloc(n, sizeof *out->data);
        if (!out->u || !out->data) {
            pd_pull_page_done(out);
            return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the district's updates");
        }
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(ups, i);
        const json_t *id = json_object_get(o, "id"), *type = json_object_get(o, "type"),
                     *at = json_object_get(o, "at"), *data = json_object_get(o, "data");
        if (!json_is_object(o))
            rc = pd_fail(err, PD_EPROTO, "updates", "update %zu of the district's answer is not an object",
                         i + 1);
        else if (!json_is_string(id) || !plain_text(json_string_value(id), PD_UPDATE_ID_MAX - 1))
            rc = pd_fail(err, PD_EPROTO, "id", "update %zu of the district's answer has no usable id "
                         "(a string of 1-%d bytes)", i + 1, PD_UPDATE_ID_MAX - 1);
        else if (!json_is_string(type) || !plain_text(json_string_value(type), PD_UPDATE_TYPE_MAX - 1))
            rc = pd_fail(err, PD_EPROTO, "type", "update %s: no usable type", json_string_value(id));
        else if (at && !json_is_null(at) && (!json_is_string(at) || !plain_text(json_string_value(at), 39)))
            rc = pd_fail(err, PD_EPROTO, "at", "update %s: at is not a time", json_string_value(id));
        if (rc != PD_OK)
            break;
        /* data of any shape is kept as it came: what is not understood is
         * shown, never dropped */
        out->data[i] = data ? json_dumps(data, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("{}");
        if (!out->data[i]) {
            rc = pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the district's updates");
            break;
        }
        out->n = (int)i + 1;
        out->u[i].id = json_string_value(id);
        out->u[i].type = json_string_value(type);
        out->u[i].at = json_is_string(at) ? json_string_value(at) : NULL;
        out->u[i].data = out->data[i];
    }
    if (rc == PD_OK && out->more && out->n == 0 && after && strcmp(after, out->cursor) == 0)
        rc = pd_fail(err, PD_EPROTO, "more", "the district says more updates wait but sends none and "
                     "keeps cursor %s", out->cursor);
    if (rc != PD_OK)
        pd_pull_page_done(out);
    return rc;
}
