/* gzip.h - compressing batch bodies for Content-Encoding: gzip (zlib).
 *
 * A struct pd_gzip keeps zlib's state and the output buffer from one batch
 * to the next (a pass compresses hundreds of them; setting zlib up afresh
 * each time costs more than compressing a small batch).
 *
 * Ownership: zero-initialise the struct; pd_gzip_done() frees what it
 * holds.  The output stays valid until the next pd_gzip_run or _done.
 */
#ifndef PD_SYNC_GZIP_H
#define PD_SYNC_GZIP_H

#include <stddef.h>
#include "core/err.h"

struct pd_gzip {
    void *z;                     /* z_stream, allocated on first use */
    unsigned char *out;
    size_t cap;
};

/* Compresses in[0..len) as one gzip member. */
pd_err pd_gzip_run(struct pd_gzip *g, const void *in, size_t len,
                   const unsigned char **out, size_t *outlen, struct pd_error *err);
void   pd_gzip_done(struct pd_gzip *g);

#endif
