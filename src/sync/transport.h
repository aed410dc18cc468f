/* transport.h - how a batch reaches the district (and updates come back): one small interface, so
 * the push state machine (sync.c) can be driven by the real HTTPS client
 * (http.c, the only file that knows libcurl) or by a fake in the tests.
 *
 * Ownership: the transport owns itself and the answer body it hands back;
 * the body stays valid until the next post or until the transport is freed.
 */
#ifndef PD_SYNC_TRANSPORT_H
#define PD_SYNC_TRANSPORT_H

#include <stddef.h>
#include "core/err.h"

/* Why no answer came back (PD_NET_NONE when one did). */
enum pd_net_fail {
    PD_NET_NONE = 0,
    PD_NET_CONNECT,      /* refused, unreachable, name not found */
    PD_NET_TLS,          /* the server's certificate failed verification, or the handshake */
    PD_NET_TIMEOUT,      /* connect or total timeout */
    PD_NET_BROKEN,       /* connection dropped before a whole answer */
    PD_NET_TOO_BIG,      /* answer over PD_REPLY_MAX: not read */
    PD_NET_LOCAL,        /* our side: CA file, client certificate, memory */
    PD_NET_STOPPED,      /* asked to stop (pd_sync_stop) */
};

struct pd_http_answer {
    long status;                 /* HTTP status */
    long retry_after;            /* seconds from Retry-After; -1 when absent */
    const char *body;            /* borrowed; not NUL-terminated past len */
    size_t len;
    enum pd_net_fail fail;       /* set when post returned an error */
};

struct pd_transport {
    /* POSTs a gzip'd batch body to {district_url}/api/v1/batches with the
     * batch id as Idempotency-Key.  PD_OK when an HTTP answer came back,
     * whatever its status; else PD_ENET (or PD_ECONFIG for a local set-up
     * problem) with ans->fail and err saying why, in words without secrets. */
    pd_err (*post_batch)(struct pd_transport *t, const char *batch_id,
                         const void *gz, size_t gzlen,
                         struct pd_http_answer *ans, struct pd_error *err);
    /* GETs {district_url}/api/v1/updates?<query> (the pull; query already
     * URL-encoded).  Same answer and failure rules as post_batch.  May be
     * NULL in a transport that only pushes (a test fake): no pull then. */
    pd_err (*get_updates)(struct pd_transport *t, const char *query,
                          struct pd_http_answer *ans, struct pd_error *err);
    void (*free)(struct pd_transport *t);
    /* Set by the owner to abandon a request in progress (may be NULL). */
    volatile int *stop;
};

#endif
