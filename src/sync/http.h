/* http.h - the HTTPS transport: libcurl, confined to http.c.
 *
 * TLS always verifies the district's certificate against the configured CA
 * file only (no system store, no switch to turn it off), host name
 * included; TLS 1.2 at least; a client certificate when configured; the
 * bearer token in the Authorization header only.  Redirects are not
 * followed (a 3xx is a failure).  One connection is kept alive across the
 * batches of a pass.  Answers larger than PD_REPLY_MAX are not read.
 *
 * SIGPIPE: libcurl is told not to touch signals (threads); a process using
 * this transport must ignore SIGPIPE or block it in the pushing thread.
 */
#ifndef PD_SYNC_HTTP_H
#define PD_SYNC_HTTP_H

#include "sync/sync.h"
#include "sync/transport.h"

/* Call before the first transport, while no other thread runs: opens libcurl
 * (dlopen: it is not linked, see http.c) and runs its global init, once;
 * later calls return at once.  pd_http_transport_new calls it too and says
 * in words when the library cannot be loaded. */
void pd_http_global_init(void);

/* A transport for conf (already checked by pd_sync_check_conf) sending
 * token.  The token is copied; the caller should wipe its own copy. */
pd_err pd_http_transport_new(const struct pd_sync_conf *c, const char *token,
                             struct pd_transport **out, struct pd_error *err);

#endif
