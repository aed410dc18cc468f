/* fuzz_reply.c - libFuzzer harness for the district's answers
 * (sync/reply.h): whatever the bytes, the parser returns without a crash,
 * a leak or a read past the buffer, and when it accepts an answer every
 * acknowledgement lies within the batch sent, once, with clean text.
 *
 * The input is the body of a 200 answer to batch 330205001001-00000042
 * carrying seqs 1017-1216; the same bytes also go through the 409 parser.
 * Seeds: tests/fuzz/corpus/reply/.  Built and run by scripts/fuzz.sh.
 * fuzz-sources: src/sync/reply.c src/core/err.c
 * fuzz-libs: -ljansson
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/reply.h"

#define FIRST 1017
#define LAST 1216

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pd_reply r;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_reply_parse((const char *)data, size, "330205001001-00000042", FIRST, LAST, &r, &err) == PD_OK) {
        unsigned char seen[LAST - FIRST + 1] = { 0 };
        if (r.n < 0 || r.n > LAST - FIRST + 1 || r.applied + r.duplicate + r.rejected != r.n)
            abort();
        for (int i = 0; i < r.n; i++) {
            const struct pd_ack *a = &r.acks[i];
            if (a->seq < FIRST || a->seq > LAST || seen[a->seq - FIRST]++)
                abort();
            if (a->status == PD_ACK_REJECTED) {
                if (!a->code || !a->message || !a->code[0] || strlen(a->code) >= PD_REPLY_CODE_MAX ||
                    strlen(a->message) >= PD_ACK_MSG_MAX)
                    abort();
                for (const unsigned char *p = (const unsigned char *)a->message; *p; p++)
                    if (*p < 0x20 || *p == 0x7f)
                        abort();
            } else if (a->code || a->message) {
                abort();
            }
        }
        pd_reply_done(&r);
    } else if (r.acks || r.n || !err.msg[0]) {
        abort();
    }
    long long want;
    pd_error_clear(&err);
    if (pd_reply_parse_gap((const char *)data, size, &want, &err) == PD_OK) {
        if (want < 1)
            abort();
    } else if (want != 0 || !err.msg[0]) {
        abort();
    }
    return 0;
}
