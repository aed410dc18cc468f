/* fuzz_idnum.c - libFuzzer harness for resident ID numbers, dates and the
 * field normaliser: any bytes through pd_id_parse, pd_date_parse and
 * pd_field_normalise for every person field.  A parsed ID must round-trip:
 * its normalised number parses again to the same number.
 * Built and run by scripts/fuzz.sh.
 * fuzz-sources: src/core
 * fuzz-libs: -ljansson -lcsv -lm
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fields.h"
#include "core/idnum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    char buf[513];
    memcpy(buf, data, size);
    buf[size] = '\0';
    struct pd_date today = { 2012, 6, 15 };
    struct pd_idinfo id, again;
    struct pd_error err;
    if (pd_id_parse(buf, today, &id, &err) == PD_OK) {
        if (pd_id_parse(id.number, today, &again, &err) != PD_OK || strcmp(again.number, id.number) != 0)
            abort();
        char masked[PD_ID_BUFSZ];
        pd_id_mask(id.number, masked);
    }
    struct pd_date d;
    pd_date_parse(buf, &d, "date", &err);
    for (int i = 0; i < pd_person_fields.n; i++) {
        bool changed;
        json_t *v = pd_field_normalise(&pd_person_fields.fields[i], buf, today, &changed, &err);
        if (v && !json_is_null(v) && pd_field_check(&pd_person_fields.fields[i], v, today, &err) != PD_OK)
            abort();   /* normalised values must pass the strict check */
        json_decref(v);
    }
    return 0;
}
