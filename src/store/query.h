/* query.h - reading the register: counts for the status line and the home
 * screen, and walking records for export.
 *
 * Rows handed to callbacks are borrowed: valid only during the call.
 */
#ifndef PD_STORE_QUERY_H
#define PD_STORE_QUERY_H

#include <jansson.h>
#include "store/db.h"

struct pd_status {
    long long households;
    long long persons;          /* living, registered here (not migrants) */
    long long migrants;         /* migrants present */
    long long women_wcba;       /* in the childbearing-age register */
    long long outbox_pending;
    long long outbox_sent;
    long long outbox_rejected;
    long long outbox_oversize;
    long long last_seq;
    char last_sync_ok[40];      /* "" if never */
    char last_sync_try[40];
    char last_sync_error[256];
};

pd_err pd_status_read(struct pd_db *db, struct pd_status *st, struct pd_error *err);

enum pd_export_what { PD_EXPORT_PERSONS, PD_EXPORT_HOUSEHOLDS, PD_EXPORT_EVENTS };

/* Calls cb for every record, in a stable order.  Persons and households come
 * as objects keyed by field key (plus "pid", "household", "status",
 * "end_date", "migrant", and the household's "police_no", "address",
 * "phone", "household_reg_type" for persons); events as their outbox envelope plus
 * "state".  cb returns non-zero to stop. */
pd_err pd_export_each(struct pd_db *db, enum pd_export_what what,
                      int (*cb)(void *ctx, json_t *row), void *ctx,
                      struct pd_error *err);

#endif
