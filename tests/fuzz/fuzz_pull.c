/* fuzz_pull.c - libFuzzer harness for the district's answer to a pull
 * (pd_pull_parse, sync.h): whatever the bytes, the parser returns without
 * a crash, a leak or a read past the buffer, and when it accepts a page the
 * cursor and every update's id and type are within their limits and free of
 * control characters, and every update has its data as JSON text.
 * Seeds: tests/fuzz/corpus/pull/.  Built and run by scripts/fuzz.sh.
 * fuzz-sources: src/sync/pullparse.c src/core/err.c
 * fuzz-libs: -ljansson
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/updates.h"
#include "sync/sync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void clean(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        abort();
    for (; *s; s++)
        if ((unsigned char)*s < 0x20)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pd_pull_page p;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_pull_parse((const char *)data, size, "c-000001", &p, &err) == PD_OK) {
        clean(p.cursor, sizeof p.cursor - 1);
        if (p.n < 0 || (p.n && (!p.u || !p.data)))
            abort();
        if (p.more && p.n == 0 && strcmp(p.cursor, "c-000001") == 0)
            abort();
        for (int i = 0; i < p.n; i++) {
            clean(p.u[i].id, PD_UPDATE_ID_MAX - 1);
            clean(p.u[i].type, PD_UPDATE_TYPE_MAX - 1);
            if (!p.u[i].data || p.u[i].data != p.data[i] || !p.u[i].data[0])
                abort();
        }
        pd_pull_page_done(&p);
    } else if (!err.msg[0] || p.doc || p.u || p.n) {
        abort();
    }
    return 0;
}
