/* import.h - a register spreadsheet (read by csvread.h) turned into the
 * events that load it: one row = one person, with the columns of the
 * person's household on the same row.
 *
 * Pure and all-or-nothing: every row is normalised (dates, codes as words,
 * full-width digits, ID numbers as spreadsheets mangle them) and checked
 * (pd_event_validate, duplicate ID numbers in the file, one head per
 * household, household columns agreeing between the rows of a household,
 * what the register already holds through the callbacks in
 * struct pd_import_ctx).  Every bad row is listed with its row number as a
 * spreadsheet shows it and the column as the file names it; events are
 * produced only when there is no problem at all.  docs/IMPORT.md is the
 * clerk's description of all this; keep the two together.
 *
 * Ownership: pd_import_build() gives a struct the caller frees with
 * pd_import_free(&imp); items' data, problems' messages and notes belong
 * to it.  The struct does not point into the csv table, which may be freed
 * first.
 */
#ifndef PD_CORE_IMPORT_H
#define PD_CORE_IMPORT_H

#include <stdbool.h>
#include <jansson.h>
#include "core/csvread.h"
#include "core/date.h"
#include "core/err.h"
#include "core/event.h"

#define PD_IMPORT_PROBLEMS_MAX 100000   /* listed; more are counted only */
#define PD_IMPORT_CELL_MAX 511          /* bytes in one cell of a known column */

struct pd_import_problem {
    int row;                        /* spreadsheet row; 0: the file as a whole */
    char column[PD_FIELD_MAX];      /* column as the file names it ("" if none) */
    char *msg;
};

/* One event to save, in order.  A follow-up (a person recorded as dead or
 * moved out) names the item whose saved event created the person. */
struct pd_import_item {
    int row;
    const char *type;               /* event type name (static) */
    char household[PD_EV_REF_MAX];  /* "" for a migrant without a household */
    int person_of;                  /* index of the creating item, or -1 */
    json_t *data;
};

enum pd_import_norm {
    PD_NORM_DATE,           /* dates rewritten to YYYY-MM-DD */
    PD_NORM_CODE,           /* codes given as words (男, 汉族, 户主 ...) */
    PD_NORM_ID,             /* ID numbers with full-width characters, spaces, lowercase x */
    PD_NORM_ID15,           /* old 15-digit ID numbers converted to 18 */
    PD_NORM_TEXT,           /* cells trimmed, full-width letters and digits made plain */
    PD_NORM_SEX_FROM_ID,    /* empty 性别 taken from the ID number */
    PD_NORM_BIRTH_FROM_ID,  /* empty 出生日期 taken from the ID number */
    PD_NORM_ADDRESS,        /* household address taken from a member's 现住址 */
    PD_NORM_NEWLINE,        /* line breaks inside a one-line cell made spaces */
    PD_NORM__COUNT
};

struct pd_import {
    struct pd_import_item *items;
    int nitems;
    struct pd_import_problem *problems;
    int nproblems;
    int problems_unlisted;          /* beyond PD_IMPORT_PROBLEMS_MAX */
    char **notes;                   /* things done that are worth a word */
    int nnotes;
    int norm[PD_NORM__COUNT];
    int persons;                    /* rows of persons */
    int migrants;                   /* of which migrants */
    int ended;                      /* of which recorded as dead, moved out, left */
    int households;                 /* distinct households named */
    int households_new;             /* of which created by the import */
    /* private: the column map, to name a column in a store's refusal */
    int ncols;
    struct pd_import_col *cols;
    int cap_items, cap_problems;
};

/* What the register holds, asked while checking (both may be NULL). */
struct pd_import_ctx {
    const char *station;            /* 12 digits household codes begin with; "" skips */
    struct pd_date today;
    bool (*household_exists)(void *ctx, const char *code);
    /* A living person of the register holding this ID number: writes who
     * ("张三 (330205001001P0000001, household ...)") into who. */
    bool (*id_registered)(void *ctx, const char *id, char *who, size_t size);
    void *ctx;
};

/* Builds the events for the table.  PD_OK: no problem, items ready.
 * PD_EINVAL: imp->problems lists every problem found and there are no items.
 * Other codes (out of memory) leave *out NULL with err filled. */
pd_err pd_import_build(const struct pd_csv *csv, const struct pd_import_ctx *ctx,
                       struct pd_import **out, struct pd_error *err);
void pd_import_free(struct pd_import **imp);

/* Adds a problem (the app reports a store's refusal this way). */
void pd_import_problem(struct pd_import *imp, int row, const char *column,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The column, as the file names it, that fed data key `key` of an event of
 * type `type`; the field's Chinese label when no column did. */
const char *pd_import_column(const struct pd_import *imp, const char *type,
                             const char *key);

/* "row 12, column 身份证号: <msg>" (or just the message for row 0). */
void pd_import_problem_text(const struct pd_import_problem *p, char *buf, size_t size);

/* "23 dates rewritten to YYYY-MM-DD, 5 codes given as words", "" if none. */
void pd_import_norm_text(const struct pd_import *imp, char *buf, size_t size);

/* Every accepted column name, for the message about an unknown column. */
void pd_import_columns_text(char *buf, size_t size);

#endif
