/* http.c - the HTTPS transport over libcurl (see http.h).  The only file
 * that includes curl.h. */
#include "sync/http.h"

/* plain prototypes: curl.h's type-checking macros would wrap the calls
 * through L below */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/reply.h"

/* libcurl (with its TLS, HTTP/2, LDAP, SSH, Kerberos... libraries) is not
 * linked: it is opened by the first push or pull, so the screens and the
 * other commands start without loading it (start-up, issue 3) and do not map
 * it.  The functions used are looked up once into L; a missing library is
 * a set-up error in words. */
#define PD_CURL_FUNCS(X) \
    X(curl_easy_cleanup) \
    X(curl_easy_getinfo) \
    X(curl_easy_init) \
    X(curl_easy_perform) \
    X(curl_easy_setopt) \
    X(curl_easy_strerror) \
    X(curl_global_init) \
    X(curl_slist_append) \
    X(curl_slist_free_all)

#define PD_CURL_LIB "libcurl.so.4"
static struct {
#define PD_X(f) __typeof__(f) *f;
    PD_CURL_FUNCS(PD_X)
#undef PD_X
} L;
static char lib_error[256];   /* empty: loaded and initialised */

struct http {
    struct pd_transport t;           /* first: the interface */
    CURL *h;
    char url[600];
    char base[520];                  /* district URL: the pull's address starts so */
    char auth[1100];                 /* "Authorization: Bearer <token>"; wiped on free */
    long timeout;
    int client_cert;                 /* one is configured */
    char errbuf[CURL_ERROR_SIZE];
    char *body;                      /* answer, capped */
    size_t len, cap;
    int too_big;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
    void *lib = dlopen(PD_CURL_LIB, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(lib_error, sizeof lib_error, "sending to the district needs %s (Debian: libcurl4): %s",
                 PD_CURL_LIB, why ? why : "not found");
        return;
    }
#define PD_X(f)                                                                   \
    if (!(L.f = (__typeof__(L.f))dlsym(lib, #f))) {                               \
        snprintf(lib_error, sizeof lib_error, "%s has no %s", PD_CURL_LIB, #f);  \
        return;                                                                   \
    }
    PD_CURL_FUNCS(PD_X)
#undef PD_X
    if (L.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        snprintf(lib_error, sizeof lib_error, "the network library (%s) did not start", PD_CURL_LIB);
}

void pd_http_global_init(void)
{
    pthread_once(&once, global_init);
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    struct http *h = ctx;
    size_t add = size * n;
    if (h->len + add > PD_REPLY_MAX) {
        h->too_big = 1;
        return 0;   /* makes curl stop reading: CURLE_WRITE_ERROR */
    }
    if (h->len + add + 1 > h->cap) {
        size_t cap = h->cap ? h->cap : 16384;
        while (cap < h->len + add + 1)
            cap *= 2;
        char *nb = realloc(h->body, cap);
        if (!nb)
            return 0;
        h->body = nb;
        h->cap = cap;
    }
    memcpy(h->body + h->len, p, add);
    h->len += add;
    h->body[h->len] = '\0';
    return add;
}

static int on_progress(void *ctx, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a; (void)b; (void)c; (void)d;
    struct http *h = ctx;
    return h->t.stop && *h->t.stop ? 1 : 0;
}

/* A curl error in words for a clerk; never mentions the token (curl's own
 * error text holds none: it never quotes request headers). */
static pd_err net_fail(struct http *h, CURLcode cc, struct pd_http_answer *ans,
                       struct pd_error *err)
{
    const char *detail = h->errbuf[0] ? h->errbuf : L.curl_easy_strerror(cc);
    switch (cc) {
    case CURLE_PEER_FAILED_VERIFICATION:
#if LIBCURL_VERSION_NUM < 0x073e00
    case CURLE_SSL_CACERT:
#endif
        ans->fail = PD_NET_TLS;
        return pd_fail(err, PD_ENET, NULL,
                       "the district server's certificate was refused (%s): it is not the server the "
                       "[district] ca_file vouches for at %s; nothing was sent", detail, h->url);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_USE_SSL_FAILED:
        ans->fail = PD_NET_TLS;
        return pd_fail(err, PD_ENET, NULL, "the secure connection to the district failed (%s); "
                       "nothing was sent", detail);
    case CURLE_SSL_CACERT_BADFILE:
        ans->fail = PD_NET_LOCAL;
        return pd_fail(err, PD_ECONFIG, "district.ca_file", "cannot use [district] ca_file (%s)", detail);
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
        ans->fail = PD_NET_LOCAL;
        return pd_fail(err, PD_ECONFIG, "district.client_cert",
                       "cannot use the station's client certificate ([district] client_cert/client_key): %s",
                       detail);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        ans->fail = PD_NET_CONNECT;
        return pd_fail(err, PD_ENET, NULL, "cannot reach the district at %s (%s)", h->url, detail);
    case CURLE_OPERATION_TIMEDOUT:
        ans->fail = PD_NET_TIMEOUT;
        return pd_fail(err, PD_ENET, NULL, "the district did not answer in time (%s; [district] timeout "
                       "is %ld s)", detail, h->timeout);
    case CURLE_WRITE_ERROR:
        if (h->too_big) {
            ans->fail = PD_NET_TOO_BIG;
            return pd_fail(err, PD_EPROTO, NULL, "the district's answer is larger than %u bytes; "
                           "not read", PD_REPLY_MAX);
        }
        ans->fail = PD_NET_LOCAL;
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the district's answer");
    case CURLE_ABORTED_BY_CALLBACK:
        ans->fail = PD_NET_STOPPED;
        return pd_fail(err, PD_ENET, NULL, "push stopped");
    case CURLE_OUT_OF_MEMORY:
        ans->fail = PD_NET_LOCAL;
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory talking to the district");
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        /* TLS 1.3: a server that refuses the client certificate says so
         * with an alert after the handshake, on the first read */
        if (strstr(detail, "certificate required")) {
            ans->fail = PD_NET_TLS;
            return pd_fail(err, PD_ENET, NULL, "the district wants this station's client certificate: "
                           "set [district] client_cert and client_key (%s); nothing acknowledged", detail);
        }
        if (strstr(detail, "alert")) {
            ans->fail = PD_NET_TLS;
            return pd_fail(err, PD_ENET, NULL, "the district refused the secure connection, most likely "
                           "this station's client certificate (%s); nothing acknowledged", detail);
        }
        __attribute__((fallthrough));
    default:
        ans->fail = PD_NET_BROKEN;
        return pd_fail(err, PD_ENET, NULL, "the connection to the district broke before a whole "
                       "answer came (%s)%s", detail, h->client_cert ? "" :
                       "; a district that wants a client certificate ([district] client_cert, "
                       "client_key) can also end it so");
    }
}

/* One request on the handle kept across the pass (same connection, TLS and
 * token): the given headers plus the token's; a POST of body (not copied:
 * it must stay valid until this returns) or, when body is NULL, a GET.
 * PD_OK when an HTTP answer came back, whatever its status; the answer is
 * borrowed from h (see transport.h). */
static pd_err perform(struct http *h, const char *url, const char *const *headers, size_t nheaders,
                      const void *body, size_t len, struct pd_http_answer *ans, struct pd_error *err)
{
    memset(ans, 0, sizeof *ans);
    ans->retry_after = -1;
    h->len = 0;
    h->too_big = 0;
    h->errbuf[0] = '\0';

    struct curl_slist *hd = NULL, *tmp;
    for (size_t i = 0; i <= nheaders; i++) {
        if (!(tmp = L.curl_slist_append(hd, i < nheaders ? headers[i] : h->auth))) {
            L.curl_slist_free_all(hd);
            ans->fail = PD_NET_LOCAL;
            return pd_fail(err, PD_ENOMEM, NULL, "out of memory preparing a request");
        }
        hd = tmp;
    }
    L.curl_easy_setopt(h->h, CURLOPT_URL, url);
    if (body) {
        L.curl_easy_setopt(h->h, CURLOPT_POST, 1L);
        L.curl_easy_setopt(h->h, CURLOPT_POSTFIELDS, body);
        L.curl_easy_setopt(h->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    } else {
        L.curl_easy_setopt(h->h, CURLOPT_HTTPGET, 1L);
    }
    L.curl_easy_setopt(h->h, CURLOPT_HTTPHEADER, hd);
    CURLcode cc = L.curl_easy_perform(h->h);
    L.curl_easy_setopt(h->h, CURLOPT_HTTPHEADER, NULL);
    /* the header list holds a copy of the token: wipe it before it is freed */
    for (tmp = hd; tmp; tmp = tmp->next)
        explicit_bzero(tmp->data, strlen(tmp->data));
    L.curl_slist_free_all(hd);
    if (cc != CURLE_OK)
        return net_fail(h, cc, ans, err);
    L.curl_easy_getinfo(h->h, CURLINFO_RESPONSE_CODE, &ans->status);
    curl_off_t ra = -1;
    /* curl gives 0 both for no header and for "Retry-After: 0" */
    if (L.curl_easy_getinfo(h->h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
        ans->retry_after = ra > 86400 ? 86400 : (long)ra;
    ans->body = h->body ? h->body : "";
    ans->len = h->len;
    return PD_OK;
}

static pd_err post_batch(struct pd_transport *t, const char *batch_id, const void *gz,
                         size_t gzlen, struct pd_http_answer *ans, struct pd_error *err)
{
    struct http *h = (struct http *)t;
    char idem[128];
    snprintf(idem, sizeof idem, "Idempotency-Key: %s", batch_id);
    const char *const headers[] = {
        "Content-Type: application/json",
        "Content-Encoding: gzip",
        "Expect:",            /* no 100-continue round trip: bodies are small */
        "Accept: application/json",
        idem,
    };
    if (!gz) {   /* perform() takes a NULL body for a GET */
        memset(ans, 0, sizeof *ans);
        ans->retry_after = -1;
        ans->fail = PD_NET_LOCAL;
        return pd_fail(err, PD_EINVAL, NULL, "no batch body to send");
    }
    return perform(h, h->url, headers, sizeof headers / sizeof headers[0], gz, gzlen, ans, err);
}

/* The pull: same handle (same connection, TLS and token), a GET. */
static pd_err get_updates(struct pd_transport *t, const char *query, struct pd_http_answer *ans,
                          struct pd_error *err)
{
    struct http *h = (struct http *)t;
    char url[sizeof h->base + 1200];
    if ((size_t)snprintf(url, sizeof url, "%s/api/v1/updates?%s", h->base, query) >= sizeof url) {
        memset(ans, 0, sizeof *ans);
        ans->retry_after = -1;
        ans->fail = PD_NET_LOCAL;
        return pd_fail(err, PD_EINVAL, NULL, "the pull's address is too long");
    }
    const char *const headers[] = { "Accept: application/json" };
    return perform(h, url, headers, sizeof headers / sizeof headers[0], NULL, 0, ans, err);
}

static void http_free(struct pd_transport *t)
{
    struct http *h = (struct http *)t;
    if (!h)
        return;
    if (h->h)
        L.curl_easy_cleanup(h->h);
    explicit_bzero(h->auth, sizeof h->auth);
    free(h->body);
    free(h);
}

pd_err pd_http_transport_new(const struct pd_sync_conf *c, const char *token,
                             struct pd_transport **out, struct pd_error *err)
{
    *out = NULL;
    pd_http_global_init();
    if (lib_error[0])
        return pd_fail(err, PD_ECONFIG, NULL, "%s", lib_error);
    struct http *h = calloc(1, sizeof *h);
    if (!h)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    h->t.post_batch = post_batch;
    h->t.get_updates = get_updates;
    h->t.free = http_free;
    pd_strlcpy(h->base, c->url, sizeof h->base);
    h->timeout = c->timeout;
    snprintf(h->url, sizeof h->url, "%s/api/v1/batches", c->url);
    if ((size_t)snprintf(h->auth, sizeof h->auth, "Authorization: Bearer %s", token) >= sizeof h->auth) {
        http_free(&h->t);
        return pd_fail(err, PD_ECONFIG, "district.token_file", "the station token is too long");
    }
    h->h = L.curl_easy_init();
    if (!h->h) {
        http_free(&h->t);
        return pd_fail(err, PD_ENOMEM, NULL, "cannot start the network library");
    }
    CURL *e = h->h;
    CURLcode cc = CURLE_OK;
#define SET(opt, val) do { if (cc == CURLE_OK) cc = L.curl_easy_setopt(e, opt, val); } while (0)
    SET(CURLOPT_URL, h->url);
    SET(CURLOPT_PROTOCOLS_STR, "https,http");   /* http only passes pd_sync_check_url for loopback */
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_POST, 1L);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_ERRORBUFFER, h->errbuf);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, h);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_XFERINFODATA, h);
    SET(CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
    SET(CURLOPT_TIMEOUT, c->timeout);
    SET(CURLOPT_USERAGENT, "popdesk/" POPDESK_VERSION);
    SET(CURLOPT_TCP_NODELAY, 1L);
    /* TLS: verification always on, against the configured CA file only. */
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (c->ca_file[0])
        SET(CURLOPT_CAINFO, c->ca_file);
    if (cc == CURLE_OK)
        L.curl_easy_setopt(e, CURLOPT_CAPATH, NULL);   /* not the system store */
    if (c->client_cert[0]) {
        h->client_cert = 1;
        SET(CURLOPT_SSLCERT, c->client_cert);
        SET(CURLOPT_SSLKEY, c->client_key);
    }
#undef SET
    if (cc != CURLE_OK) {
        http_free(&h->t);
        return pd_fail(err, PD_ECONFIG, NULL, "the network library refused a setting (%s)",
                       L.curl_easy_strerror(cc));
    }
    *out = &h->t;
    return PD_OK;
}
