/* reply.h - reading the district's answers (SYNC.md "Response"), trusting
 * nothing in them.
 *
 * A 200 answer must be a JSON object naming the batch sent and giving, per
 * seq of that batch, applied / duplicate / rejected (with code and message).
 * Anything else - not JSON, cut short, over PD_REPLY_MAX bytes, another
 * batch_id, a seq that was not sent or given twice, an unknown status - makes
 * the whole answer unusable: the caller acknowledges nothing.  Pure: no I/O.
 *
 * Ownership: pd_reply owns its acks and their strings; pd_reply_done()
 * frees them.  The input buffer is only read during the call.
 */
#ifndef PD_SYNC_REPLY_H
#define PD_SYNC_REPLY_H

#include <stddef.h>
#include "core/err.h"
#include "store/outbox.h"

/* Largest answer body read at all (the transport stops reading past it). */
#define PD_REPLY_MAX (4u * 1024u * 1024u)
/* Longest rejection code kept. */
#define PD_REPLY_CODE_MAX 64

struct pd_reply {
    struct pd_ack *acks;
    int n;
    int applied, duplicate, rejected;
};

/* Parses a 200 answer to batch_id carrying seqs first..last.  On failure
 * out is empty and err says what was wrong (never quoting more than a few
 * bytes of the answer). */
pd_err pd_reply_parse(const char *buf, size_t len, const char *batch_id,
                      long long first, long long last, struct pd_reply *out,
                      struct pd_error *err);
void pd_reply_done(struct pd_reply *r);

/* Parses a 409 answer {"expected_seq": N} (N >= 1). */
pd_err pd_reply_parse_gap(const char *buf, size_t len, long long *expected,
                          struct pd_error *err);

/* Copies a district's text for a clerk's screen: at most size-1 bytes, cut
 * on a character boundary, control characters turned into spaces. */
void pd_reply_clean_text(char *dst, const char *src, size_t size);

#endif
