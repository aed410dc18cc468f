/* quality_store.h - running the data-quality checks (core/quality.h) over
 * the register, and keeping what the last whole-register run found.
 *
 * pd_quality_run() reads every person once, then the children of living
 * mothers, the ID numbers and the name/birth/sex groups held more than once
 * (through indexes), dead persons' later records and migrants' expired
 * certificates, and hands each problem to the caller.  With `save` the
 * problems replace those of the previous run (table quality_problems) and
 * the summary is kept in meta, so the dashboard's management rate and the
 * screens' problem list need no new run.  Memory stays flat: one bit per
 * person row to count persons with problems.
 *
 * Ownership: problems passed to callbacks are borrowed for the call.
 */
#ifndef PD_STORE_QUALITY_STORE_H
#define PD_STORE_QUALITY_STORE_H

#include <stdbool.h>
#include "core/quality.h"
#include "store/db.h"

struct pd_quality_summary {
    char at[40];                     /* when the run ended, local time ISO 8601 */
    char today[PD_DATE_STRLEN];      /* the day ages and expiry were reckoned on */
    long long population;            /* persons present: registered + migrants ("active") */
    long long persons_with_problems; /* of them, with at least one problem */
    long long problems, errors, warnings;
    long long by_kind[PD_Q__COUNT];
};

/* Runs every check on the register as of pd_db_today().  fn may be NULL.
 * With save, the run's problems and summary replace the last ones (one
 * write transaction: the register must be open for writing). */
pd_err pd_quality_run(struct pd_db *db, bool save, pd_problem_fn fn, void *ctx,
                      struct pd_quality_summary *sum, struct pd_error *err);

/* The summary of the last saved run; PD_ENOTFOUND (no message) if none. */
pd_err pd_quality_last(struct pd_db *db, struct pd_quality_summary *sum, struct pd_error *err);

/* The saved problems of the last run, errors first then by person; group
 * ("01".."99", digits 13-14 of the household code) or NULL for all; kind
 * < 0 for every kind. */
pd_err pd_quality_saved_each(struct pd_db *db, const char *group, int kind, pd_problem_fn fn,
                             void *ctx, struct pd_error *err);

/* A page of the saved problems in the same order: those whose kind key is
 * in `kinds` (a comma-separated list such as "likely_duplicate,same_id";
 * NULL or "" for every kind), skipping `offset`, at most `limit`; *total
 * (may be NULL) gets how many there are in all.  For the screens, which
 * show a window of a long list. */
pd_err pd_quality_saved_page(struct pd_db *db, const char *kinds, long long offset, int limit,
                             pd_problem_fn fn, void *ctx, long long *total, struct pd_error *err);

/* Forgets the saved problems of a person (and those naming it as the other
 * record), after it was merged away: the list stays true until the next run. */
pd_err pd_quality_forget(struct pd_db *db, const char *pid, struct pd_error *err);

/* Persons present in `group` (NULL: all) now, and of them those with a
 * saved problem of the last run: the management rate for a group. */
pd_err pd_quality_group_rate(struct pd_db *db, const char *group, long long *population,
                             long long *with_problems, struct pd_error *err);

#endif
