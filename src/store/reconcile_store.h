/* reconcile_store.h - what reconciling another department's list asks of
 * the register (core/reconcile.h has the rules, app/reconcile_run.h the
 * run): finding the person a row names through indexes (ID number; name,
 * birth date and sex; a mother's child born that day), walking the persons
 * of a source's scope, keeping the last run's results per source, and the
 * clerks' decisions.
 *
 * Tables (schema.c): recon_runs (one row per source: the last run's file,
 * time, user and counts), recon_police / recon_hospital / recon_civil (the
 * last run's results of that source, one table each so a new run empties
 * its source's results at once), recon_decisions (source + key: decision,
 * note, user, time; kept for good, so a matter decided once stays decided
 * in every later run that finds it again).
 *
 * Memory stays flat: nothing here loads the register; results are written
 * as they come and read back a row at a time.
 *
 * Ownership: structs are the caller's; rows passed to callbacks are
 * borrowed for the call.
 */
#ifndef PD_STORE_RECONCILE_STORE_H
#define PD_STORE_RECONCILE_STORE_H

#include <stdbool.h>
#include "core/reconcile.h"
#include "store/db.h"

/* ---- finding persons ---- */

/* What a look-up fills beyond the person's own row (asked only when a
 * source compares it): the household's address and police number, the
 * mother's ID number. */
enum { PD_REC_NEED_HOUSEHOLD = 1, PD_REC_NEED_MOTHER = 2 };

/* The person holding this ID number (a living one first, else the latest
 * record); *found false when none. */
pd_err pd_rec_find_id(struct pd_db *db, const char *id, unsigned need, struct pd_rec_person *p,
                      bool *found, struct pd_error *err);
/* A person by name, birth date and sex (a living one first). */
pd_err pd_rec_find_name(struct pd_db *db, const char *name, const char *birth, const char *sex,
                        unsigned need, struct pd_rec_person *p, bool *found, struct pd_error *err);
/* The mother's child (recorded as a person) born on `birth` with `sex`. */
pd_err pd_rec_find_child(struct pd_db *db, const char *mother_pid, const char *birth,
                         const char *sex, unsigned need, struct pd_rec_person *p, bool *found,
                         struct pd_error *err);

/* The household a police list's 户口簿号 names, for adding a person the
 * police have and this register lacks: its 18-digit code into code[size].
 * PD_ENOTFOUND when no active household has that number, PD_EEXIST when
 * several have it (err names the number either way). */
pd_err pd_rec_household_of(struct pd_db *db, const char *police_no, char *code, size_t size,
                           struct pd_error *err);

/* ---- the scope of "here, unknown there" (docs/RECONCILE.md) ---- */

enum pd_rec_scope {
    PD_REC_SCOPE_REGISTERED,   /* living registered persons (not migrants) */
    PD_REC_SCOPE_BIRTH,        /* registered persons born from..to */
    PD_REC_SCOPE_DEATH,        /* persons recorded dead from..to */
    PD_REC_SCOPE_MARRIAGE,     /* registered persons whose marital status changed from..to */
};

/* ---- a run's results ---- */

struct pd_rec_run_info {
    enum pd_rec_source source;
    char file[512];
    char at[40];                     /* when the run ended, local ISO 8601 */
    char user[64];
    char scope[256];                 /* the scope in words */
    long long rows;                  /* data rows of the list */
    long long count[PD_REC__GROUPS];
    long long undecided[PD_REC__GROUPS];   /* consistent: always 0 */
};

/* Begins the write transaction and empties the source's last results. */
pd_err pd_rec_results_begin(struct pd_db *db, enum pd_rec_source source, struct pd_error *err);
/* Adds one result, number `num` of the run (1, 2, ...: the order results
 * are listed in within their group; row NULL for "unknown there": then only p->rowid is
 * read and kept; p NULL when nothing matched).  *decided tells whether a decision is already filed under its
 * key (looked up only when `lookup`: pd_rec_any_decision() false means
 * none can be). */
pd_err pd_rec_results_add(struct pd_db *db, enum pd_rec_source source, const struct pd_rec_row *row,
                          const struct pd_rec_person *p, const struct pd_rec_result *res,
                          long long num, bool lookup, bool *decided, struct pd_error *err);
/* Whether any decision is filed for the source. */
bool pd_rec_any_decision(struct pd_db *db, enum pd_rec_source source);
/* Adds a result "unknown there" for each person of the scope whose row id
 * is not in matched[0..n) (sorted), in one statement over the scope's
 * index; *added gets how many. */
pd_err pd_rec_results_unknown(struct pd_db *db, enum pd_rec_source source, enum pd_rec_scope scope,
                              const char *from, const char *to, const long long *matched, size_t n,
                              long long *added, struct pd_error *err);
/* Results of a group of the run being saved with no decision filed. */
pd_err pd_rec_undecided(struct pd_db *db, enum pd_rec_source source, enum pd_rec_group group,
                        long long *n, struct pd_error *err);
/* Writes the run's row (info->at set to now when empty) and commits. */
pd_err pd_rec_results_end(struct pd_db *db, struct pd_rec_run_info *info, struct pd_error *err);

/* The last run of a source; PD_ENOTFOUND (no message) when there is none. */
pd_err pd_rec_last(struct pd_db *db, enum pd_rec_source source, struct pd_rec_run_info *info,
                   struct pd_error *err);

/* One stored result, with its decision if any. */
struct pd_rec_item {
    long long num;                   /* order in the run */
    enum pd_rec_group group;
    char key[20];
    int row;                         /* their row, 0 for "unknown there" */
    char kind[24];
    char person[40];                 /* the register's person, "" if none */
    char name[PD_REC_NAME], id_number[20], sex[4], birth[12];
    char diffs[2048];                /* JSON [{"field","ours","theirs"}...] */
    char event[32], ev_household[24], ev_pid[40];
    char prefill[1024];              /* JSON object */
    char note[256];
    char decision[16], decision_note[256], decided_by[64], decided_at[40];
};

/* The last run's results of a source, group by group in run order;
 * group < 0 for every group; decided ones only when `all`.  fn returns non-zero to stop. */
pd_err pd_rec_each(struct pd_db *db, enum pd_rec_source source, int group, bool all,
                   int (*fn)(void *ctx, const struct pd_rec_item *it), void *ctx,
                   struct pd_error *err);

/* Files a decision ("fixed", "explained", "ignored", "event") for the key
 * of the source's last run, replacing an earlier one, and updates the run's
 * undecided counts.  Refuses a key the last run did not give, naming it. */
pd_err pd_rec_decide(struct pd_db *db, enum pd_rec_source source, const char *key,
                     const char *decision, const char *note, const char *user,
                     struct pd_error *err);

/* The data-quality report's lines: one per source that has a last run,
 * with its counts per group and how many results are undecided.  Returns
 * the number of lines written (at most max). */
#define PD_REC_LINE 400
int pd_rec_summary_lines(struct pd_db *db, char (*lines)[PD_REC_LINE], int max);

#endif
