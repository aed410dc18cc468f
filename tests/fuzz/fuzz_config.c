/* fuzz_config.c - libFuzzer harness for the config loader: any bytes as
 * popdesk.ini through iniparser and every key's check.  Refusals are fine;
 * crashes, leaks and undefined behaviour are not.
 * Built and run by scripts/fuzz.sh.
 * fuzz-sources: src/core/err.c src/app/config.c
 * fuzz-libs: -liniparser
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/popdesk-fuzz-config-%d.ini", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct pd_config cfg;
    struct pd_error err;
    pd_config_load_file(&cfg, path, &err);
    unlink(path);
    return 0;
}
