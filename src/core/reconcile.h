/* reconcile.h - another department's list (police household register,
 * hospital births, civil affairs deaths and marriages) held against the
 * register: the rules, in one place (docs/RECONCILE.md is the clerk's
 * description of them; keep the two together).
 *
 * What lives here, pure (no I/O): the columns each source's list may have
 * (Chinese and English header names), turning a CSV row into normalised
 * values or into problems that name the row, the column and the reason,
 * comparing one row with the register's person it matched (or with nobody)
 * to put it in one of four groups, the stable key ("fingerprint") a
 * clerk's decision is filed under, the values an event form starts with,
 * and cutting a big file into pieces of whole rows so it is never parsed
 * all at once.  The store finds the persons (store/reconcile_store.h); the
 * run itself is app/reconcile_run.h.
 *
 * Ownership: every struct here is the caller's; no function keeps a
 * pointer it was given.  Strings are copied (cut to their buffers).
 */
#ifndef PD_CORE_RECONCILE_H
#define PD_CORE_RECONCILE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "core/csvread.h"
#include "core/date.h"
#include "core/err.h"

enum pd_rec_source { PD_REC_POLICE, PD_REC_HOSPITAL, PD_REC_CIVIL, PD_REC__SOURCES };

enum pd_rec_group {
    PD_REC_CONSISTENT,     /* matched, and every compared value agrees */
    PD_REC_MISSING,        /* in their list, missing here */
    PD_REC_CONTRADICTED,   /* here, but their list says otherwise */
    PD_REC_UNKNOWN,        /* here, in the list's scope, not in their list */
    PD_REC__GROUPS
};

/* "police" / "hospital" / "civil" and their words. */
const char *pd_rec_source_key(enum pd_rec_source s);
const char *pd_rec_source_word(enum pd_rec_source s, bool en);
pd_err pd_rec_source_parse(const char *s, enum pd_rec_source *out, struct pd_error *err);
/* "consistent" / "missing" / "contradicted" / "unknown" and their words. */
const char *pd_rec_group_key(enum pd_rec_group g);
const char *pd_rec_group_word(enum pd_rec_group g, bool en);

/* Decisions a clerk records on a result. */
#define PD_REC_DECISIONS "fixed|explained|ignored|event"
bool pd_rec_decision_ok(const char *d);
const char *pd_rec_decision_word(const char *d, bool en);

/* ---- columns ---------------------------------------------------------------- */

enum pd_rec_col {
    RC_NAME, RC_ID, RC_SEX, RC_BIRTH, RC_STATUS, RC_ADDRESS, RC_POLICE_NO, RC_MARITAL,
    RC_KIND, RC_DATE, RC_MOTHER_NAME, RC_MOTHER_ID, RC_FATHER_NAME, RC_CERT,
    RC_SPOUSE_NAME, RC_SPOUSE_ID, RC__COUNT
};

struct pd_rec_coldef {
    enum pd_rec_col col;
    const char *key;       /* English header name */
    const char *zh;        /* Chinese header name */
    const char *aliases;   /* other header names, '|' separated */
    unsigned sources;      /* 1 << source: the lists it belongs to */
    unsigned required;     /* 1 << source: the lists that must have it */
};

/* The column table (n set to its length). */
const struct pd_rec_coldef *pd_rec_columns(int *n);

/* The header row's columns: map[i] is the column of cell i, or -1 when the
 * list's own column is not one this source reads (ignored, named in
 * `ignored`).  */
struct pd_rec_header {
    enum pd_rec_source source;
    int header;                 /* index in the csv's rows of the header */
    int ncols;
    int map[PD_CSV_COLS_MAX];
    int cell_of[RC__COUNT];     /* cell index of each column, -1 absent */
    char colname[RC__COUNT][64];/* each column as the file names it */
    char ignored[512];          /* "民族, 电话" */
};

/* Finds the header among the first rows (title rows above it are skipped)
 * and maps it.  Fails naming the column: a column given twice, a required
 * column missing, no header at all (with the names that are accepted). */
pd_err pd_rec_header_read(const struct pd_csv *csv, enum pd_rec_source source,
                          struct pd_rec_header *out, struct pd_error *err);

/* ---- one row of their list ------------------------------------------------ */

#define PD_REC_NAME 96
#define PD_REC_TEXT 256

struct pd_rec_row {
    int row;                        /* as a spreadsheet shows it */
    char name[PD_REC_NAME];
    char id[20];                    /* 18 characters, or "" */
    bool id15;                      /* given as an old 15-digit number */
    char sex[4];                    /* "1" / "2" / "" */
    char birth[12];                 /* YYYY-MM-DD or "" */
    char status[12];                /* police: active / dead / moved_out */
    char address[PD_REC_TEXT];
    char police_no[64];
    char marital[4];                /* a code of GB/T 2261.2 or "" */
    char kind[12];                  /* civil: death / marriage / remarriage / divorce / reunite / widowed */
    char date[12];                  /* police: date of the status; civil: of the matter */
    char mother_name[PD_REC_NAME], mother_id[20];
    char father_name[PD_REC_NAME];
    char cert[64];
    char spouse_name[PD_REC_NAME], spouse_id[20];
};

/* A problem with a row: the column as the file names it and why. */
struct pd_rec_problem {
    int row;
    char column[64];
    char msg[PD_MSG_MAX];
};

/* Normalises and checks one data row (dates, codes as words, full-width
 * characters, 15-digit ID numbers; an empty sex or birth date taken from
 * the ID number).  Returns the number of problems written to probs (at
 * most maxp; *more counts those beyond).  A row with no problem is filled
 * in *out.  `today` bounds dates. */
int pd_rec_row_read(const struct pd_rec_header *h, const struct pd_csv_row *r,
                    struct pd_date today, struct pd_rec_row *out,
                    struct pd_rec_problem *probs, int maxp, int *more);

/* ---- the register's side ----------------------------------------------------- */

struct pd_rec_person {
    long long rowid;
    char pid[40], household[24];
    char name[PD_REC_NAME], id[20], sex[4], birth[12];
    char status[12], end_date[12];
    char reg_address[PD_REC_TEXT], hh_address[PD_REC_TEXT], police_no[64];
    char marital[4], marital_date[12];
    char mother_pid[40], mother_id[20];
};

/* How a row was matched. */
enum pd_rec_match { PD_REC_BY_NONE, PD_REC_BY_ID, PD_REC_BY_NAME, PD_REC_BY_MOTHER };

#define PD_REC_DIFFS 8

struct pd_rec_diff {
    char field[24];          /* name, sex, birth_date, status, address, household, marital, death_date, marital_date, mother */
    char ours[PD_REC_TEXT];  /* as stored: codes as codes */
    char theirs[PD_REC_TEXT];
};

struct pd_rec_result {
    enum pd_rec_group group;
    char kind[24];           /* missing: person/birth/death/marriage; unknown: registered/birth/death/marriage */
    struct pd_rec_diff diffs[PD_REC_DIFFS];
    int ndiffs;
    char event[32];          /* the event a clerk may start, or "" */
    char ev_household[24];   /* the form starts from this household / person */
    char ev_pid[40];
    json_t *prefill;         /* the form's values (owned; pd_rec_result_done) */
    char note[32];           /* a word for the clerk, as a code (pd_rec_note_word) */
    char key[20];            /* the fingerprint */
};

void pd_rec_result_done(struct pd_rec_result *res);

/* Compares their row with the person it matched (p NULL: nobody matched).
 * mother: the register's person holding the row's mother's ID number
 * (hospital lists; NULL when none).  Fills *res (group, differences,
 * event, key). */
void pd_rec_compare(enum pd_rec_source source, const struct pd_rec_row *row,
                    const struct pd_rec_person *p, enum pd_rec_match how,
                    const struct pd_rec_person *mother, struct pd_rec_result *res);

/* A person of the source's scope that no row named ("unknown there"):
 * only p->rowid is read (the key is the person's record, so the scope is
 * walked on an index without reading a million persons rows); scope_kind:
 * "registered", "birth", "death" or "marriage". */
void pd_rec_unknown(enum pd_rec_source source, const struct pd_rec_person *p,
                    const char *scope_kind, struct pd_rec_result *res);

/* The fingerprint of a matter: 16 hex digits of a 64-bit FNV-1a over the
 * parts, in order.  Stable across runs and versions: never change it. */
void pd_rec_key(const char *const *parts, int n, char out[20]);

/* A difference's field in words, and a stored value in words
 * (codes by name, statuses in words). */
const char *pd_rec_field_word(const char *field, bool en);
void pd_rec_value_word(const char *field, const char *value, bool en, char *buf, size_t size);

/* A result's note code in words ("no_record", "mother_elsewhere", ...). */
const char *pd_rec_note_word(const char *code, bool en);

/* A stored result's differences (JSON [{"field","ours","theirs"}...]) in
 * words: "人员状态：本地 在册，对方 死亡；..." ("" when none). */
void pd_rec_diffs_text(const char *diffs_json, bool en, char *buf, size_t size);

/* ---- big files in pieces ------------------------------------------------------- */

/* The end (exclusive) of the piece of buf starting at `from` that holds at
 * most maxrows whole rows (a quoted cell may span lines: newlines inside
 * quotes do not end a row; CRLF is one ending).  *rows gets the rows in
 * it, counted the way pd_csv_read numbers them. */
size_t pd_rec_piece(const char *buf, size_t len, size_t from, int maxrows, int *rows);

#endif
