/* reconcile_run.h - one reconciliation run: another department's CSV list
 * read (any encoding recode.h knows), checked row by row, every row matched
 * against the register and compared (core/reconcile.h), the persons of the
 * list's scope no row named found, and the results saved as the source's
 * last run (store/reconcile_store.h) in one transaction.  What `popdesk
 * reconcile` and the reconcile screen share.
 *
 * A bad row stops the run: every bad row is listed (row, column, reason)
 * and nothing is saved, so the last run's results stay as they were.  A
 * list that cannot be a list of this source (no header, a required column
 * missing, a column twice) fails the same way with one message.
 *
 * The file is read whole (at most PD_REC_FILE_MAX) but parsed in pieces of
 * whole rows, and the register is asked row by row through its indexes, so
 * memory stays small whatever the sizes.
 *
 * Ownership: the outcome's problems are malloc'd; pd_rec_outcome_free().
 */
#ifndef PD_APP_RECONCILE_RUN_H
#define PD_APP_RECONCILE_RUN_H

#include "app/recode.h"
#include "core/reconcile.h"
#include "store/reconcile_store.h"

#define PD_REC_FILE_MAX (200L * 1024 * 1024)
#define PD_REC_PROBLEMS_MAX 1000     /* bad rows listed; more are counted */

struct pd_rec_outcome {
    struct pd_rec_run_info info;     /* counts of the run (saved as the last run) */
    long long decided;               /* results already decided in an earlier run */
    long long id15;                  /* old 15-digit ID numbers converted */
    char ignored[512];               /* the list's columns this source does not read */
    enum pd_encoding used;
    bool bom;
    struct pd_rec_problem *problems; /* bad rows (the run saved nothing) */
    int nproblems, unlisted, bad_rows;
};

/* Runs the reconciliation.  PD_OK: results saved.  PD_EINVAL with
 * out->nproblems > 0: bad rows listed, nothing saved (err says how many
 * rows).  Other failures: err filled, nothing saved. */
pd_err pd_reconcile_run(struct pd_db *db, const char *path, enum pd_rec_source source,
                        enum pd_encoding enc, const char *user, struct pd_rec_outcome *out,
                        struct pd_error *err);
void pd_rec_outcome_free(struct pd_rec_outcome *out);

/* "row 12, column 身份证号: <reason>" */
void pd_rec_problem_text(const struct pd_rec_problem *p, char *buf, size_t size);

#endif
