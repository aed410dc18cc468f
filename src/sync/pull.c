/* pull.c - the district's return channel: GET /api/v1/updates (see sync.h
 * "the pull" and docs/SYNC.md). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/outbox.h"
#include "store/updates.h"
#include "sync/reply.h"
#include "sync/sync_internal.h"

#define MAX_PAGES_PER_PULL 10000   /* `more` forever is a district bug: stop somewhere */

/* %XX for everything but RFC 3986's unreserved characters. */
static void url_encode(const char *in, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 4 < size; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

static void answer_error(const struct pd_http_answer *a, char *out, size_t size)
{
    out[0] = '\0';
    if (!a->len || a->len > 65536)
        return;
    json_t *doc = json_loadb(a->body, a->len, 0, NULL);
    const json_t *e = json_object_get(doc, "error");
    if (json_is_string(e)) {
        char w[160];
        pd_reply_clean_text(w, json_string_value(e), sizeof w);
        snprintf(out, size, ": \"%s\"", w);
    }
    json_decref(doc);
}

static pd_err run(struct pd_sync *s, struct pd_db *db, struct pd_pull_result *res,
                  struct pd_error *err)
{
    long long nb = pd_outbox_not_before(db), now = (long long)time(NULL);
    if (nb > now) {
        res->outcome = PD_SYNC_WAIT;
        res->wait_seconds = nb - now > 86400 ? 86400 : (long)(nb - now);
        return pd_fail(err, PD_ENET, NULL, "the district asked for a pause (Retry-After); no pull for "
                       "%ld s", res->wait_seconds);
    }
    const char *station = pd_db_station(db);
    long limit = s->c.pull_limit > 0 && s->c.pull_limit <= 1000 ? s->c.pull_limit : 100;
    for (int page = 0; page < MAX_PAGES_PER_PULL; page++) {
        if (s->stop) {
            res->outcome = PD_SYNC_STOPPED;
            return pd_fail(err, PD_ENET, NULL, "pull stopped; nothing lost");
        }
        char cursor[PD_UPDATE_CURSOR_MAX], enc[3 * PD_UPDATE_CURSOR_MAX + 1], query[600];
        pd_updates_cursor(db, cursor, sizeof cursor);
        url_encode(cursor, enc, sizeof enc);
        snprintf(query, sizeof query, "station=%s&after=%s&limit=%ld", station, enc, limit);
        struct pd_http_answer a;
        res->outcome = PD_SYNC_FAILED;
        pd_err rc = s->t->get_updates(s->t, query, &a, err);
        if (rc != PD_OK) {
            res->net = a.fail;
            res->outcome = a.fail == PD_NET_LOCAL ? PD_SYNC_LOCAL
                         : a.fail == PD_NET_STOPPED ? PD_SYNC_STOPPED : PD_SYNC_FAILED;
            return rc;
        }
        res->http_status = a.status;
        char words[200];
        switch (a.status) {
        case 200:
            break;
        case 401:
        case 403:
            res->outcome = PD_SYNC_REFUSED;
            answer_error(&a, words, sizeof words);
            return pd_fail(err, PD_ECONFIG, NULL, "the district refused this station's credentials for "
                           "the pull (HTTP %ld%s): check [district] token_file and client_cert with the "
                           "district", a.status, words);
        case 429:
        case 503:
            if (a.retry_after > 0) {
                pd_outbox_set_not_before(db, (long long)time(NULL) + a.retry_after, NULL);
                res->outcome = PD_SYNC_WAIT;
                res->wait_seconds = a.retry_after;
                return pd_fail(err, PD_ENET, NULL, "the district is busy (HTTP %ld) and asked to wait "
                               "%ld s; nothing pulled", a.status, a.retry_after);
            }
            __attribute__((fallthrough));
        default:
            answer_error(&a, words, sizeof words);
            return pd_fail(err, a.status >= 500 ? PD_ENET : PD_EPROTO, NULL, "pulling updates after "
                           "cursor '%s': the district answered HTTP %ld%s; nothing stored, will retry",
                           cursor, a.status, words);
        }
        struct pd_pull_page p;
        rc = pd_pull_parse(a.body, a.len, cursor, &p, err);
        if (rc != PD_OK) {
            char m[PD_MSG_MAX + 256];
            snprintf(m, sizeof m, "pulling updates after cursor '%s': %s; nothing stored, will retry",
                     cursor, err ? err->msg : "");
            if (err)
                pd_strlcpy(err->msg, m, sizeof err->msg);
            return PD_EPROTO;
        }
        int added = 0;
        rc = pd_updates_store(db, p.cursor, p.u, p.n, &added, err);
        if (rc != PD_OK) {
            pd_pull_page_done(&p);
            res->outcome = rc == PD_EBUSY ? PD_SYNC_FAILED : PD_SYNC_LOCAL;
            return rc;
        }
        res->pages++;
        res->received += added;
        res->ignored += p.n - added;
        pd_sync_logf(s, 0, "pull after '%s': %d update%s (%d new), cursor now %s%s", cursor, p.n,
                     p.n == 1 ? "" : "s", added, p.cursor, p.more ? ", more waiting" : "");
        bool more = p.more;
        pd_pull_page_done(&p);
        if (!more) {
            res->outcome = PD_SYNC_DONE;
            return PD_OK;
        }
    }
    return pd_fail(err, PD_EPROTO, NULL, "the district kept saying more updates wait after %d pulls; "
                   "stopped, will go on next time", MAX_PAGES_PER_PULL);
}

pd_err pd_sync_pull(struct pd_sync *s, struct pd_db *db, struct pd_pull_result *res,
                    struct pd_error *err)
{
    memset(res, 0, sizeof *res);
    res->outcome = PD_SYNC_FAILED;
    struct pd_error local;
    if (!err)
        err = &local;
    pd_error_clear(err);
    if (!s->t->get_updates) {
        res->outcome = PD_SYNC_LOCAL;
        return pd_fail(err, PD_ECONFIG, NULL, "this transport cannot pull");
    }
    int fd = -1;
    pd_err rc = pd_outbox_lock(db, &fd, err);
    if (rc != PD_OK) {
        res->outcome = rc == PD_EBUSY ? PD_SYNC_BUSY : PD_SYNC_LOCAL;
        return rc;
    }
    rc = run(s, db, res, err);
    if (rc != PD_OK && res->outcome != PD_SYNC_STOPPED)
        pd_outbox_note_error(db, err->msg, NULL);
    pd_outbox_unlock(&fd);
    return rc;
}

void pd_sync_set_pull(struct pd_sync *s, bool on, pd_sync_after_pull_fn fn, void *ctx)
{
    s->pull = on;
    s->after_pull = fn;
    s->after_pull_ctx = ctx;
}
