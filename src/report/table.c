/* table.c - the table model, its layout, and the text and CSV writers
 * (see table.h).  The PDF writer is in pdf.c. */
#include "report/table.h"

#include <errno.h>
#include <iconv.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"

#define PD_REPORT_CELL_MAX 4096   /* bytes per cell, longer text is cut */

static char *dup_text(const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s);
    if (n > PD_REPORT_CELL_MAX)
        n = pd_text_fit(s, PD_REPORT_CELL_MAX / 2);   /* columns <= bytes: fits */
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static pd_err oom(struct pd_report *r, struct pd_error *err)
{
    if (r)
        r->oom = true;
    return pd_fail(err, PD_ENOMEM, NULL, "out of memory building the report");
}

struct pd_report *pd_report_new(const char *title)
{
    struct pd_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->title = dup_text(title);
    if (!r->title) {
        free(r);
        return NULL;
    }
    return r;
}

static void free_lines(char **l, int n)
{
    for (int i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

void pd_report_free(struct pd_report **rp)
{
    struct pd_report *r = rp ? *rp : NULL;
    if (!r)
        return;
    for (int i = 0; i < r->nrows; i++)
        free_lines(r->rows[i].cells, r->rows[i].section ? 1 : r->ncols);
    free(r->rows);
    for (int i = 0; i < r->ncols; i++)
        free(r->cols[i].title);
    free(r->cols);
    free_lines(r->head, r->nhead);
    free_lines(r->foot, r->nfoot);
    free(r->title);
    free(r);
    *rp = NULL;
}

pd_err pd_report_add_col(struct pd_report *r, const char *title, enum pd_align align,
                         int max_width, bool keep_text, struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    if (r->nrows)
        return pd_fail(err, PD_EINVAL, NULL, "columns must be added before the first row");
    struct pd_report_col *c = realloc(r->cols, (size_t)(r->ncols + 1) * sizeof *c);
    if (!c)
        return oom(r, err);
    r->cols = c;
    c = &r->cols[r->ncols];
    memset(c, 0, sizeof *c);
    c->title = dup_text(title);
    if (!c->title)
        return oom(r, err);
    c->align = align;
    c->max_width = max_width;
    c->keep_text = keep_text;
    r->ncols++;
    r->laid_out = false;
    return PD_OK;
}

static pd_err add_line(struct pd_report *r, char ***lines, int *n, const char *line,
                       struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    char **l = realloc(*lines, (size_t)(*n + 1) * sizeof *l);
    if (!l)
        return oom(r, err);
    *lines = l;
    l[*n] = dup_text(line);
    if (!l[*n])
        return oom(r, err);
    (*n)++;
    return PD_OK;
}

pd_err pd_report_add_head(struct pd_report *r, const char *line, struct pd_error *err)
{
    return add_line(r, &r->head, &r->nhead, line, err);
}

pd_err pd_report_add_foot(struct pd_report *r, const char *line, struct pd_error *err)
{
    return add_line(r, &r->foot, &r->nfoot, line, err);
}

static struct pd_report_row *grow_rows(struct pd_report *r)
{
    if (r->nrows == r->caprows) {
        int cap = r->caprows ? r->caprows * 2 : 64;
        struct pd_report_row *n = realloc(r->rows, (size_t)cap * sizeof *n);
        if (!n)
            return NULL;
        r->rows = n;
        r->caprows = cap;
    }
    return &r->rows[r->nrows];
}

pd_err pd_report_add_row(struct pd_report *r, const char *const *cells, struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    if (!r->ncols)
        return pd_fail(err, PD_EINVAL, NULL, "a report needs its columns before rows");
    struct pd_report_row *row = grow_rows(r);
    if (!row)
        return oom(r, err);
    row->section = false;
    row->cells = calloc((size_t)r->ncols, sizeof *row->cells);
    if (!row->cells)
        return oom(r, err);
    for (int i = 0; i < r->ncols; i++) {
        row->cells[i] = dup_text(cells ? cells[i] : NULL);
        if (!row->cells[i]) {
            free_lines(row->cells, i);
            return oom(r, err);
        }
    }
    r->nrows++;
    r->laid_out = false;
    return PD_OK;
}

pd_err pd_report_add_section(struct pd_report *r, const char *text, struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    struct pd_report_row *row = grow_rows(r);
    if (!row)
        return oom(r, err);
    row->section = true;
    row->cells = calloc(1, sizeof *row->cells);
    if (!row->cells || !(row->cells[0] = dup_text(text))) {
        free(row ? row->cells : NULL);
        return oom(r, err);
    }
    r->nrows++;
    return PD_OK;
}

void pd_report_layout(struct pd_report *r)
{
    if (r->laid_out)
        return;
    for (int c = 0; c < r->ncols; c++)
        r->cols[c].width = pd_text_width(r->cols[c].title);
    for (int i = 0; i < r->nrows; i++) {
        if (r->rows[i].section)
            continue;
        for (int c = 0; c < r->ncols; c++) {
            int w = pd_text_width(r->rows[i].cells[c]);
            if (w > r->cols[c].width)
                r->cols[c].width = w;
        }
    }
    for (int c = 0; c < r->ncols; c++)
        if (r->cols[c].max_width > 0 && r->cols[c].width > r->cols[c].max_width)
            r->cols[c].width = r->cols[c].max_width;
    r->laid_out = true;
}

int pd_report_width(struct pd_report *r)
{
    pd_report_layout(r);
    int w = 0;
    for (int c = 0; c < r->ncols; c++)
        w += r->cols[c].width + (c ? 2 : 0);
    return w;
}

int pd_report_data_rows(const struct pd_report *r)
{
    int n = 0;
    for (int i = 0; i < r->nrows; i++)
        n += !r->rows[i].section;
    return n;
}

pd_err pd_report_format_parse(const char *s, enum pd_report_format *out, struct pd_error *err)
{
    static const char *const names[] = { "text", "csv", "pdf" };
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (enum pd_report_format)i;
            return PD_OK;
        }
    return pd_fail(err, PD_EINVAL, "format", "unknown format '%s' (text, csv or pdf)", s ? s : "");
}

/* ---- encodings -------------------------------------------------------- */

static bool is_utf8(const char *enc)
{
    return !enc || !*enc || strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0;
}

char *pd_report_recode(const char *utf8, size_t len, const char *encoding, size_t *outlen,
                       struct pd_error *err)
{
    if (is_utf8(encoding)) {
        char *c = malloc(len + 1);
        if (!c) {
            pd_fail(err, PD_ENOMEM, NULL, "out of memory");
            return NULL;
        }
        memcpy(c, utf8, len);
        c[len] = '\0';
        *outlen = len;
        return c;
    }
    if (strcasecmp(encoding, "gb18030") != 0) {
        pd_fail(err, PD_EINVAL, "encoding", "unknown encoding '%s' (utf-8 or gb18030)", encoding);
        return NULL;
    }
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1) {
        pd_fail(err, PD_EIO, "encoding", "this system cannot convert to GB18030: %s", strerror(errno));
        return NULL;
    }
    /* GB18030 takes at most 4 bytes for a character UTF-8 writes in 1..4 */
    size_t cap = len * 2 + 16;
    char *out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        pd_fail(err, PD_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    char *in = (char *)utf8, *o = out;
    size_t inleft = len, oleft = cap - 1;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
            /* the line with the bad character, for the message */
            const char *ls = in;
            while (ls > utf8 && ls[-1] != '\n')
                ls--;
            const char *le = strchr(in, '\n');
            char line[96], q[120];
            size_t n = le ? (size_t)(le - ls) : strlen(ls);
            if (n >= sizeof line)
                n = sizeof line - 1;
            memcpy(line, ls, n);
            line[n] = '\0';
            pd_text_quote(q, sizeof q, line);
            pd_fail(err, PD_EINVAL, "encoding", "cannot write this text in GB18030 (%s) in the line '%s'",
                    errno == EILSEQ ? "invalid UTF-8 or a character without an equivalent" : strerror(errno), q);
            free(out);
            iconv_close(cd);
            return NULL;
        }
    }
    iconv_close(cd);
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* ---- text ------------------------------------------------------------- */

/* Appends cell text aligned in `cols` columns to the stream. */
static void put_cell(FILE *f, const char *s, int cols, enum pd_align align, bool cut_mark)
{
    char buf[PD_REPORT_CELL_MAX + 256];
    int w = pd_text_width(s);
    if (w > cols || align == PD_ALIGN_LEFT) {
        pd_text_pad(buf, sizeof buf, s, cols, cut_mark);
    } else if (align == PD_ALIGN_RIGHT) {
        pd_text_pad_right(buf, sizeof buf, s, cols);
    } else {
        int left = (cols - w) / 2;
        int n = snprintf(buf, sizeof buf, "%*s", left, "");
        pd_text_pad(buf + n, sizeof buf - (size_t)n, s, cols - left, false);
    }
    fputs(buf, f);
}

static void put_centered(FILE *f, const char *s, int width)
{
    int w = pd_text_width(s);
    if (w < width)
        fprintf(f, "%*s", (width - w) / 2, "");
    fprintf(f, "%s\n", s);
}

static void put_rule(FILE *f, int width, char ch)
{
    for (int i = 0; i < width; i++)
        fputc(ch, f);
    fputc('\n', f);
}

/* One line of cells (the column titles when row is NULL), without the
 * trailing spaces that are noise on paper and in diffs. */
static void put_row(FILE *f, struct pd_report *r, const struct pd_report_row *row)
{
    if (row && row->section) {
        fprintf(f, "%s\n", row->cells[0]);
        return;
    }
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m)
        return;
    for (int c = 0; c < r->ncols; c++) {
        if (c)
            fputs("  ", m);
        if (row)
            put_cell(m, row->cells[c], r->cols[c].width, r->cols[c].align, true);
        else
            put_cell(m, r->cols[c].title, r->cols[c].width,
                     r->cols[c].align == PD_ALIGN_RIGHT ? PD_ALIGN_RIGHT : PD_ALIGN_LEFT, false);
    }
    fclose(m);
    while (len && line[len - 1] == ' ')
        line[--len] = '\0';
    fprintf(f, "%s\n", line);
    free(line);
}

static pd_err text_utf8(struct pd_report *r, FILE *f, int page_lines, struct pd_error *err)
{
    pd_report_layout(r);
    int width = pd_report_width(r);
    int fixed = 1 + r->nhead + 1 + 2 + 2;   /* title, heads, blank, header + rule, blank + page no. */
    int body = r->nrows + (r->nfoot ? r->nfoot + 1 : 0);
    int per = page_lines > 0 ? page_lines - fixed : body;
    if (page_lines > 0 && per < 1)
        return pd_fail(err, PD_EINVAL, "page-lines", "%d lines per page leave no room for the table "
                       "(at least %d needed)", page_lines, fixed + 1);
    if (per < 1)
        per = 1;
    int pages = body ? (body + per - 1) / per : 1;
    int line = 0;   /* index into the body: rows, then a blank and the foot */
    for (int p = 1; p <= pages; p++) {
        if (p > 1)
            fputc('\f', f);
        int printed = 0;
        put_centered(f, r->title, width);
        printed++;
        for (int i = 0; i < r->nhead; i++, printed++)
            fprintf(f, "%s\n", r->head[i]);
        fputc('\n', f);
        printed++;
        int end = line + per < body ? line + per : body;
        if (line < r->nrows || body == 0) {
            put_row(f, r, NULL);
            put_rule(f, width, '-');
            printed += 2;
        }
        for (; line < end; line++, printed++) {
            if (line < r->nrows)
                put_row(f, r, &r->rows[line]);
            else if (line == r->nrows)
                fputc('\n', f);
            else
                fprintf(f, "%s\n", r->foot[line - r->nrows - 1]);
        }
        if (page_lines > 0) {
            /* the page number on the page's last line */
            for (; printed < page_lines - 1; printed++)
                fputc('\n', f);
            char pn[64];
            snprintf(pn, sizeof pn, "第 %d 页 共 %d 页", p, pages);
            put_centered(f, pn, width);
        }
    }
    return PD_OK;
}

/* Writes a UTF-8 memory buffer to out in the wanted encoding. */
static pd_err emit(const char *buf, size_t len, FILE *out, const char *enc, const char *bom,
                   struct pd_error *err)
{
    size_t n;
    char *conv = pd_report_recode(buf, len, enc, &n, err);
    if (!conv)
        return err ? err->code : PD_EINVAL;
    pd_err rc = PD_OK;
    if ((bom && is_utf8(enc) && fwrite(bom, 1, strlen(bom), out) != strlen(bom)) ||
        fwrite(conv, 1, n, out) != n || fflush(out) != 0)
        rc = pd_fail(err, PD_EIO, NULL, "cannot write the report: %s", strerror(errno));
    free(conv);
    return rc;
}

pd_err pd_report_write_text(struct pd_report *r, FILE *out, const struct pd_report_opts *o,
                            struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return oom(r, err);
    pd_err rc = text_utf8(r, m, o ? o->page_lines : 0, err);
    fclose(m);
    if (rc == PD_OK)
        rc = emit(buf, len, out, o ? o->encoding : NULL, NULL, err);
    free(buf);
    return rc;
}

/* ---- CSV -------------------------------------------------------------- */

static void csv_cell(FILE *f, const char *s, bool keep_text)
{
    size_t n = strlen(s);
    bool digits = keep_text && n >= 11;
    for (size_t i = 0; i < n && digits; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || ((s[i] == 'X' || s[i] == 'x') && i == n - 1)))
            digits = false;
    if (digits) {
        /* ="330205..." keeps an ID number as text in Excel and LibreOffice;
         * written plain it becomes 3.30205E+17 and loses its last digits */
        fprintf(f, "\"=\"\"%s\"\"\"", s);
        return;
    }
    /* a leading = + - @ would be taken as a formula: quote it as text */
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '@' || (s[0] == '-' && s[1] && (s[1] < '0' || s[1] > '9'));
    bool quote = formula || strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

pd_err pd_report_write_csv(struct pd_report *r, FILE *out, const struct pd_report_opts *o,
                           struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return oom(r, err);
    for (int c = 0; c < r->ncols; c++) {
        if (c)
            fputc(',', m);
        csv_cell(m, r->cols[c].title, false);
    }
    fputs("\r\n", m);
    for (int i = 0; i < r->nrows; i++) {
        const struct pd_report_row *row = &r->rows[i];
        if (row->section)
            continue;
        for (int c = 0; c < r->ncols; c++) {
            if (c)
                fputc(',', m);
            csv_cell(m, row->cells[c], r->cols[c].keep_text);
        }
        fputs("\r\n", m);
    }
    fclose(m);
    pd_err rc = emit(buf, len, out, o ? o->encoding : NULL, "\xEF\xBB\xBF", err);
    free(buf);
    return rc;
}

/* ---- files ------------------------------------------------------------ */

pd_err pd_report_write_file(struct pd_report *r, enum pd_report_format fmt, const char *path,
                            const struct pd_report_opts *o, struct pd_error *err)
{
    if (fmt == PD_FMT_PDF) {
        if (strcmp(path, "-") == 0)
            return pd_fail(err, PD_EUSAGE, "output", "a PDF needs a file name (--output FILE)");
        return pd_report_write_pdf(r, path, err);
    }
    if (strcmp(path, "-") == 0)
        return fmt == PD_FMT_CSV ? pd_report_write_csv(r, stdout, o, err)
                                 : pd_report_write_text(r, stdout, o, err);
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return pd_fail(err, PD_EINVAL, "output", "file name too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return pd_fail(err, PD_EIO, "output", "cannot write %s: %s", path, strerror(errno));
    }
    pd_err rc = fmt == PD_FMT_CSV ? pd_report_write_csv(r, f, o, err) : pd_report_write_text(r, f, o, err);
    if (fclose(f) != 0 && rc == PD_OK)
        rc = pd_fail(err, PD_EIO, "output", "cannot write %s: %s", path, strerror(errno));
    if (rc != PD_OK) {
        unlink(tmp);
        return rc;
    }
    return pd_report_commit_file(tmp, path, err);
}

pd_err pd_report_commit_file(const char *tmp, const char *path, struct pd_error *err)
{
    struct stat sb;
    chmod(tmp, 0600);
    if (stat(path, &sb) != 0 || S_ISREG(sb.st_mode)) {
        if (rename(tmp, path) == 0)
            return PD_OK;
        int e = errno;
        unlink(tmp);
        return pd_fail(err, PD_EIO, "output", "cannot write %s: %s", path, strerror(e));
    }
    /* not a regular file: write into it, never replace it */
    pd_err rc = PD_OK;
    int in = open(tmp, O_RDONLY | O_CLOEXEC);
    int out = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (in < 0 || out < 0) {
        rc = pd_fail(err, PD_EIO, "output", "cannot write %s: %s", path, strerror(errno));
    } else {
        char buf[65536];
        ssize_t n;
        while ((n = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n) {
                rc = pd_fail(err, PD_EIO, "output", "cannot write %s: %s", path, strerror(errno));
                break;
            }
    }
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    unlink(tmp);
    return rc;
}
