/* fuzz_import.c - libFuzzer harness for the import's reading and checking:
 * any bytes through csvread (libcsv plus row numbering, blank rows, caps)
 * and import (header mapping, normalising, grouping, duplicates), with a
 * small register behind the callbacks.  Crashes, leaks and undefined
 * behaviour are what it looks for; refusals are fine.
 * Built and run by scripts/fuzz.sh.
 * fuzz-sources: src/core (a folder: all its .c files; or files)
 * fuzz-libs: -ljansson -lcsv -lm
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/csvread.h"
#include "core/import.h"

static bool hh_exists(void *ctx, const char *code)
{
    (void)ctx;
    return strcmp(code, "330205001001010009") == 0;
}

static bool id_taken(void *ctx, const char *id, char *who, size_t size)
{
    (void)ctx;
    if (strcmp(id, "330205198506150117") != 0)
        return false;
    snprintf(who, size, "张伟 (330205001001P0000001, household 330205001001010009)");
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pd_csv *csv = NULL;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_csv_read((const char *)data, size, &csv, &err) != PD_OK)
        return 0;
    struct pd_import_ctx ctx = {
        .station = "330205001001", .today = { 2013, 1, 1 },
        .household_exists = hh_exists, .id_registered = id_taken,
    };
    struct pd_import *imp = NULL;
    pd_import_build(csv, &ctx, &imp, &err);
    pd_csv_free(&csv);
    if (imp) {
        char buf[8192];
        for (int i = 0; i < imp->nproblems; i++)
            pd_import_problem_text(&imp->problems[i], buf, sizeof buf);
        pd_import_norm_text(imp, buf, sizeof buf);
        for (int i = 0; i < imp->nitems; i++)
            pd_import_column(imp, imp->items[i].type, "date");
        pd_import_free(&imp);
    }
    return 0;
}
