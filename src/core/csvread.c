/* csvread.c - CSV bytes into rows with libcsv (see csvread.h).
 *
 * libcsv calls back once per cell and once per row end.  With
 * CSV_REPALL_NL it reports every unquoted CR and LF, so a blank line is a row
 * of its own (as in a spreadsheet); the LF of a CRLF pair is folded into the
 * CR here.  The input is fed in chunks so that a failure found in a callback
 * (a cell too long, too many rows) stops the work early.
 */
#include "core/csvread.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

struct reader {
    struct pd_csv *csv;
    int cap_rows;
    char **cells;          /* the row being read */
    int ncells, cap_cells;
    int last_term;         /* terminator of the previous row end, or 0 */
    pd_err failed;
    struct pd_error *err;
};

bool pd_csv_cell_blank(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)   /* U+3000 */
            p += 3;
        else if (p[0] == 0xC2 && p[1] == 0xA0)                   /* NBSP */
            p += 2;
        else
            return false;
    }
    return true;
}

bool pd_csv_row_blank(const struct pd_csv_row *r)
{
    for (int i = 0; i < r->n; i++)
        if (!pd_csv_cell_blank(r->cells[i]))
            return false;
    return true;
}

static int current_row(const struct reader *rd)
{
    return rd->csv->nrows + 1;
}

static void on_cell(void *s, size_t len, void *data)
{
    struct reader *rd = data;
    if (rd->failed)
        return;
    int row = current_row(rd), col = rd->ncells + 1;
    if (len > PD_CSV_CELL_MAX) {
        rd->failed = pd_fail(rd->err, PD_EINVAL, NULL,
                             "row %d, column %d: a cell of %zu bytes is longer than the %d allowed",
                             row, col, len, PD_CSV_CELL_MAX);
        return;
    }
    if (len && memchr(s, '\0', len)) {
        rd->failed = pd_fail(rd->err, PD_EINVAL, NULL,
                             "row %d, column %d holds a NUL byte: this is not CSV text "
                             "(a UTF-16 file or a workbook?); save it as CSV", row, col);
        return;
    }
    if (rd->ncells >= PD_CSV_COLS_MAX) {
        rd->failed = pd_fail(rd->err, PD_EINVAL, NULL, "row %d has more than %d cells",
                             row, PD_CSV_COLS_MAX);
        return;
    }
    if (rd->ncells == rd->cap_cells) {
        int cap = rd->cap_cells ? rd->cap_cells * 2 : 32;
        char **c = realloc(rd->cells, (size_t)cap * sizeof *c);
        if (!c) {
            rd->failed = pd_fail(rd->err, PD_ENOMEM, NULL, "out of memory reading row %d", row);
            return;
        }
        rd->cells = c;
        rd->cap_cells = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        rd->failed = pd_fail(rd->err, PD_ENOMEM, NULL, "out of memory reading row %d", row);
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    rd->cells[rd->ncells++] = copy;
}

static void on_row(int term, void *data)
{
    struct reader *rd = data;
    if (rd->failed)
        return;
    /* LF right after the CR of the same line end. */
    if (term == '\n' && rd->last_term == '\r' && rd->ncells == 0) {
        rd->last_term = 0;
        return;
    }
    rd->last_term = term;
    struct pd_csv *csv = rd->csv;
    if (csv->nrows >= PD_CSV_ROWS_MAX) {
        rd->failed = pd_fail(rd->err, PD_EINVAL, NULL, "the file has more than %d rows",
                             PD_CSV_ROWS_MAX);
        return;
    }
    if (csv->nrows == rd->cap_rows) {
        int cap = rd->cap_rows ? rd->cap_rows * 2 : 256;
        struct pd_csv_row *r = realloc(csv->rows, (size_t)cap * sizeof *r);
        if (!r) {
            rd->failed = pd_fail(rd->err, PD_ENOMEM, NULL, "out of memory reading row %d",
                                 current_row(rd));
            return;
        }
        csv->rows = r;
        rd->cap_rows = cap;
    }
    /* trailing blank columns */
    while (rd->ncells > 0 && pd_csv_cell_blank(rd->cells[rd->ncells - 1]))
        free(rd->cells[--rd->ncells]);
    struct pd_csv_row *r = &csv->rows[csv->nrows];
    r->row = csv->nrows + 1;
    r->n = rd->ncells;
    r->cells = NULL;
    if (rd->ncells) {
        r->cells = malloc((size_t)rd->ncells * sizeof *r->cells);
        if (!r->cells) {
            rd->failed = pd_fail(rd->err, PD_ENOMEM, NULL, "out of memory reading row %d", r->row);
            return;
        }
        memcpy(r->cells, rd->cells, (size_t)rd->ncells * sizeof *r->cells);
    }
    csv->nrows++;
    rd->ncells = 0;
}

static void free_row(struct pd_csv_row *r)
{
    for (int i = 0; i < r->n; i++)
        free(r->cells[i]);
    free(r->cells);
    r->cells = NULL;
    r->n = 0;
}

void pd_csv_free(struct pd_csv **csv)
{
    if (!csv || !*csv)
        return;
    for (int i = 0; i < (*csv)->nrows; i++)
        free_row(&(*csv)->rows[i]);
    free((*csv)->rows);
    free(*csv);
    *csv = NULL;
}

pd_err pd_csv_read(const char *buf, size_t len, struct pd_csv **out,
                   struct pd_error *err)
{
    *out = NULL;
    struct pd_csv *csv = calloc(1, sizeof *csv);
    if (!csv)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the file");
    struct reader rd = { .csv = csv, .err = err };
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0) {
        free(csv);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory starting the CSV reader");
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        csv->bom = true;
        buf += 3;
        len -= 3;
    }
    size_t off = 0;
    while (off < len && !rd.failed) {
        size_t n = len - off < CHUNK ? len - off : CHUNK;
        size_t used = csv_parse(&p, buf + off, n, on_cell, on_row, &rd);
        if (rd.failed)
            break;
        if (used != n) {
            int e = csv_error(&p);
            if (e == CSV_EPARSE)
                rd.failed = pd_fail(err, PD_EINVAL, NULL,
                                    "row %d, column %d: a quote (\") in the middle of a cell; a cell "
                                    "holding quotes must itself be quoted, with each quote doubled (\"\")",
                                    current_row(&rd), rd.ncells + 1);
            else
                rd.failed = pd_fail(err, PD_ENOMEM, NULL, "reading the CSV failed at row %d: %s",
                                    current_row(&rd), csv_strerror(e));
            break;
        }
        off += n;
    }
    if (!rd.failed && csv_fini(&p, on_cell, on_row, &rd) != 0 && !rd.failed)
        rd.failed = pd_fail(err, PD_EINVAL, NULL,
                            "row %d, column %d: a quoted cell is never closed (a closing \" is missing); "
                            "everything after it would have become one cell",
                            current_row(&rd), rd.ncells + 1);
    csv_free(&p);
    for (int i = 0; i < rd.ncells; i++)
        free(rd.cells[i]);
    free(rd.cells);
    if (rd.failed) {
        pd_csv_free(&csv);
        return rd.failed;
    }
    while (csv->nrows > 0 && pd_csv_row_blank(&csv->rows[csv->nrows - 1]))
        free_row(&csv->rows[--csv->nrows]);
    *out = csv;
    return PD_OK;
}

pd_err pd_csv_find_header(const struct pd_csv *csv,
                          bool (*known)(const char *cell, void *ctx), void *ctx,
                          int min_known, struct pd_csv_layout *out,
                          struct pd_error *err)
{
    int seen = 0;
    for (int i = 0; i < csv->nrows && seen < PD_CSV_TITLE_MAX; i++) {
        const struct pd_csv_row *r = &csv->rows[i];
        if (pd_csv_row_blank(r))
            continue;
        int hits = 0;
        for (int j = 0; j < r->n; j++)
            if (!pd_csv_cell_blank(r->cells[j]) && known(r->cells[j], ctx))
                hits++;
        if (hits >= min_known) {
            out->header = i;
            out->ncols = r->n;
            out->titles = seen;
            return PD_OK;
        }
        seen++;
    }
    if (!seen)
        return pd_fail(err, PD_ENOTFOUND, NULL, "the file is empty");
    return pd_fail(err, PD_ENOTFOUND, NULL,
                   "no header row among the first %d rows that hold anything", seen);
}

int pd_csv_row_overflow(const struct pd_csv_row *r, int ncols)
{
    for (int j = ncols < 0 ? 0 : ncols; j < r->n; j++)
        if (!pd_csv_cell_blank(r->cells[j]))
            return j;
    return -1;
}
