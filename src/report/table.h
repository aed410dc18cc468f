/* table.h - a printed table laid out once, written as text, CSV or PDF.
 *
 * A report is a title, heading lines (repeated on every page under the
 * title), columns (title, alignment, width in display columns), rows
 * (plain, or a section row whose text spans the table, e.g. "一、新增对象")
 * and footing lines after the table (notice period, phones, signatures).
 * pd_report_layout() measures every cell once by display width
 * (core/text.h: a CJK character is 2 columns); the writers use that layout:
 *   text  fixed columns by display width, pages of N lines with the title
 *         and column header repeated and "第 N 页 共 M 页", UTF-8 or GB18030;
 *   CSV   the header and data rows (no title, no section rows), CRLF,
 *         RFC 4180 quoting, UTF-8 with a BOM or GB18030, long digit strings
 *         kept as text for spreadsheets;
 *   PDF   A4 (landscape when the table is wide), the font found through
 *         fontconfig ("WenQuanYi Micro Hei") embedded, the title and column
 *         header repeated on each page, "第 N 页 共 M 页" at the foot.
 * Used by the subsidy lists, the case lists and the statistics reports;
 * the statistics screens show a report through pd_report_text_line().
 *
 * Ownership: pd_report_new() gives a report freed by pd_report_free(&r);
 * every string passed in is copied.  Text must be UTF-8.
 */
#ifndef PD_REPORT_TABLE_H
#define PD_REPORT_TABLE_H

#include <stdbool.h>
#include <stdio.h>
#include "core/err.h"

enum pd_align { PD_ALIGN_LEFT, PD_ALIGN_RIGHT, PD_ALIGN_CENTER };

struct pd_report_col {
    char *title;
    enum pd_align align;
    int max_width;      /* cap in display columns (0: none); longer text is cut in text output */
    bool keep_text;     /* digits a spreadsheet must not turn into a number (ID numbers) */
    int width;          /* display columns, set by pd_report_layout() */
    int natural;        /* the widest cell or title, before the cap (kept as rows are added) */
};

/* One row as read back by pd_report_row_get(). */
struct pd_report_row {
    char **cells;       /* ncols strings; a section row has one */
    bool section;
};

struct pd_report_store;  /* the rows (table.c) */

/* The rows are not kept as separate strings: each is appended to one byte
 * log, held in memory up to a few megabytes and then in an unlinked
 * temporary file (mode 0600), so a list of a million rows costs an index
 * entry a row in memory.  Writers and screens read rows back one at a
 * time (pd_report_row_get, pd_report_text_line). */
struct pd_report {
    char *title;
    char **head;
    int nhead;
    char **foot;
    int nfoot;
    struct pd_report_col *cols;
    int ncols;
    int nrows;          /* rows, section rows included */
    int ndata;          /* data rows */
    struct pd_report_store *store;
    bool laid_out;
    bool oom;           /* an allocation failed: every later call fails */
};

struct pd_report *pd_report_new(const char *title);
void pd_report_free(struct pd_report **r);

/* Columns first, then rows.  Each returns PD_ENOMEM (err filled) when memory
 * runs out, PD_EINVAL for a column added after the first row. */
pd_err pd_report_add_col(struct pd_report *r, const char *title, enum pd_align align,
                         int max_width, bool keep_text, struct pd_error *err);
pd_err pd_report_add_head(struct pd_report *r, const char *line, struct pd_error *err);
pd_err pd_report_add_foot(struct pd_report *r, const char *line, struct pd_error *err);
/* cells: r->ncols strings (NULL counts as ""). */
pd_err pd_report_add_row(struct pd_report *r, const char *const *cells, struct pd_error *err);
/* ID numbers on printed lists: while on, every row added masks (pd_id_mask:
 * first 6 and last 4 shown) the cells of a column whose title ends in
 * "身份证号", and the content of a two-column item/content row whose item
 * ends so.  Process-wide, set when a user signs in (command line and
 * screens): on for a viewer, whose work (read and print) never needs the
 * full number; off for the roles that identify people in their work.  The
 * public notices mask always, whatever this says.  Off until set. */
void pd_report_mask_ids(bool on);
bool pd_report_masking_ids(void);
/* An ID number as the lists print it now: masked into buf while masking is
 * on, else id itself.  Returns what to print. */
const char *pd_report_id_shown(const char *id, char *buf, size_t size);
pd_err pd_report_add_section(struct pd_report *r, const char *text, struct pd_error *err);

/* Widths by display width: the widest of the title and the cells, capped.
 * The writers call it when needed; calling it again is free. */
void pd_report_layout(struct pd_report *r);
/* The table's display width: the columns and two spaces between them. */
int pd_report_width(struct pd_report *r);
/* Data rows (not section rows). */
int pd_report_data_rows(const struct pd_report *r);

/* Row i (0 .. nrows-1) read back.  The cells stay valid until the next call
 * on r.  PD_EIO when the temporary file cannot be read, PD_EINVAL for an
 * index out of range. */
pd_err pd_report_row_get(struct pd_report *r, int i, struct pd_report_row *out, struct pd_error *err);

/* The report as the lines of its text output without pages (what
 * pd_report_write_text writes with page_lines 0, in UTF-8): the screens
 * show these, so a report on screen reads as the printout.  Line i is
 * written to buf without its newline. */
int pd_report_text_lines(struct pd_report *r);
pd_err pd_report_text_line(struct pd_report *r, int i, char *buf, size_t size, struct pd_error *err);

enum pd_report_format { PD_FMT_TEXT, PD_FMT_CSV, PD_FMT_PDF };
/* "text", "csv", "pdf". */
pd_err pd_report_format_parse(const char *s, enum pd_report_format *out, struct pd_error *err);

struct pd_report_opts {
    const char *encoding;   /* text and CSV: "utf-8" (default) or "gb18030" */
    int page_lines;         /* text: lines per page, 0 for one page without numbers */
};

/* Text to an open stream. */
pd_err pd_report_write_text(struct pd_report *r, FILE *out, const struct pd_report_opts *o,
                            struct pd_error *err);
/* CSV to an open stream. */
pd_err pd_report_write_csv(struct pd_report *r, FILE *out, const struct pd_report_opts *o,
                           struct pd_error *err);
/* PDF to a file (written whole, then renamed into place). */
pd_err pd_report_write_pdf(struct pd_report *r, const char *path, struct pd_error *err);
/* Any format to a file; "-" is standard output (not for PDF).  A text or
 * CSV file is written to a temporary name and renamed, so a failure never
 * leaves half a file. */
/* Puts a finished temporary file in place of path: renamed over a regular
 * file (or a new one), copied into anything else (a device such as
 * /dev/null, a FIFO), so a device is never replaced.  The result is mode
 * 0600 when popdesk creates it: printouts hold personal data.  tmp is gone
 * afterwards either way. */
pd_err pd_report_commit_file(const char *tmp, const char *path, struct pd_error *err);

pd_err pd_report_write_file(struct pd_report *r, enum pd_report_format fmt, const char *path,
                            const struct pd_report_opts *o, struct pd_error *err);

/* Converts UTF-8 text to `encoding` ("utf-8" copies).  Returns a malloc'd
 * buffer (caller frees) and its length in *outlen; NULL with err set when a
 * character has no equivalent or memory runs out. */
char *pd_report_recode(const char *utf8, size_t len, const char *encoding, size_t *outlen,
                       struct pd_error *err);

#endif
