/* csvread.h - a CSV file's bytes as rows of cells, the way a spreadsheet
 * shows them, and finding the header row under any title rows.
 *
 * The parsing itself is libcsv's (strict mode: a stray quote or a quoted
 * field never closed is an error, not a guess).  Around it: a UTF-8
 * byte-order mark is skipped, CRLF, LF and CR all end a row, a blank line is
 * a row (so row numbers match what a spreadsheet shows: a record whose
 * quoted cell spans three lines is still one row), trailing blank cells and
 * trailing blank rows are dropped, and every cell and row is capped.
 *
 * The input must already be UTF-8 (app/recode.h turns GB18030 into UTF-8).
 * Pure: no I/O.
 *
 * Ownership: pd_csv_read() gives a table the caller frees with
 * pd_csv_free(&csv); every string in it lives as long as the table.
 */
#ifndef PD_CORE_CSVREAD_H
#define PD_CORE_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include "core/err.h"

#define PD_CSV_CELL_MAX   4096      /* bytes in one cell */
#define PD_CSV_COLS_MAX   256       /* cells in one row */
#define PD_CSV_ROWS_MAX   1000000   /* rows in one file */
#define PD_CSV_TITLE_MAX  10        /* non-blank rows looked at for the header */

struct pd_csv_row {
    int row;        /* row number as a spreadsheet shows it: 1 is the first */
    int n;          /* cells, trailing empty ones dropped (0: a blank row) */
    char **cells;   /* n NUL-terminated strings */
};

struct pd_csv {
    struct pd_csv_row *rows;   /* every row, blank ones in the middle too */
    int nrows;                 /* trailing blank rows are not counted */
    bool bom;                  /* a UTF-8 byte-order mark was skipped */
};

/* Reads len bytes of UTF-8 CSV text.  Fails (naming the row and column) on
 * broken quoting, a NUL byte, a cell longer than PD_CSV_CELL_MAX, a row with
 * more than PD_CSV_COLS_MAX cells or more than PD_CSV_ROWS_MAX rows. */
pd_err pd_csv_read(const char *buf, size_t len, struct pd_csv **out,
                   struct pd_error *err);
void pd_csv_free(struct pd_csv **csv);

/* A cell holding nothing but white space (ASCII, U+3000, NBSP) is blank. */
bool pd_csv_cell_blank(const char *cell);
/* True when every cell of the row is blank. */
bool pd_csv_row_blank(const struct pd_csv_row *r);

struct pd_csv_layout {
    int header;     /* index in rows[] of the header row */
    int ncols;      /* header cells up to the last non-blank one */
    int titles;     /* non-blank rows above the header (merged titles...) */
};

/* Finds the header: the first row among the first PD_CSV_TITLE_MAX non-blank
 * rows with at least min_known cells for which known(cell, ctx) is true.
 * Returns PD_ENOTFOUND (err filled) when there is none. */
pd_err pd_csv_find_header(const struct pd_csv *csv,
                          bool (*known)(const char *cell, void *ctx), void *ctx,
                          int min_known, struct pd_csv_layout *out,
                          struct pd_error *err);

/* Index of the first non-blank cell of r at or beyond ncols, or -1: a row
 * with more fields than the header names. */
int pd_csv_row_overflow(const struct pd_csv_row *r, int ncols);

#endif
