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

#include "core/idnum.h"
#include "core/text.h"

#define PD_REPORT_CELL_MAX 4096   /* bytes per cell, longer text is cut */

#define PD_REPORT_MEM (4u << 20)   /* row bytes kept in memory before they go to a file */

struct pd_report_store {
    char *mem;                  /* the rows' bytes while they fit in PD_REPORT_MEM */
    size_t len, cap;
    FILE *file;                 /* the rows' bytes once they outgrew memory */
    bool writing;               /* the file's last operation was a write */
    unsigned long long size;    /* bytes stored */
    unsigned long long pos;     /* the file position for reading */
    unsigned long long *off;    /* off[i]: where row i starts; off[nrows] = size */
    int capoff;
    char *buf;                  /* one row read back from the file */
    size_t bufcap;
    char **cells;               /* the row's cells, into buf or mem */
};

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

/* Bytes of a cell as stored: cut like dup_text. */
static size_t cell_len(const char *s)
{
    size_t n = strlen(s);
    return n > PD_REPORT_CELL_MAX ? pd_text_fit(s, PD_REPORT_CELL_MAX / 2) : n;
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
    r->store = calloc(1, sizeof *r->store);
    if (!r->title || !r->store) {
        free(r->title);
        free(r->store);
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
    struct pd_report_store *st = r->store;
    if (st) {
        if (st->file)
            fclose(st->file);
        free(st->mem);
        free(st->off);
        free(st->buf);
        free(st->cells);
        free(st);
    }
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
    char **cells = realloc(r->store->cells, (size_t)(r->ncols + 1) * sizeof *cells);
    if (!cells)
        return oom(r, err);
    r->store->cells = cells;
    c = &r->cols[r->ncols];
    memset(c, 0, sizeof *c);
    c->title = dup_text(title);
    if (!c->title)
        return oom(r, err);
    c->align = align;
    c->max_width = max_width;
    c->keep_text = keep_text;
    c->natural = pd_text_width(c->title);
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

/* ---- the row log ---------------------------------------------------------- */

/* A temporary file nobody else can open: created 0600 and unlinked at once
 * (the rows are personal data). */
static FILE *spill_file(struct pd_error *err)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/popdesk-report-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0 && (!dir || strcmp(dir, "/tmp") != 0)) {
        snprintf(path, sizeof path, "/tmp/popdesk-report-XXXXXX");
        fd = mkostemp(path, O_CLOEXEC);
    }
    if (fd < 0) {
        pd_fail(err, PD_EIO, NULL, "cannot make a temporary file for a long report: %s", strerror(errno));
        return NULL;
    }
    unlink(path);
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        close(fd);
        pd_fail(err, PD_EIO, NULL, "cannot make a temporary file for a long report: %s", strerror(errno));
    }
    return f;
}

/* Appends one encoded row (n bytes) and its index entry. */
static pd_err store_append(struct pd_report *r, const char *bytes, size_t n, struct pd_error *err)
{
    struct pd_report_store *st = r->store;
    if (r->nrows + 2 > st->capoff) {
        int cap = st->capoff ? st->capoff * 2 : 64;
        unsigned long long *o = realloc(st->off, (size_t)cap * sizeof *o);
        if (!o)
            return oom(r, err);
        st->off = o;
        st->capoff = cap;
    }
    if (!st->file && st->len + n > PD_REPORT_MEM) {
        st->file = spill_file(err);
        if (!st->file)
            return err ? err->code : PD_EIO;
        st->writing = true;
        if (st->len && fwrite(st->mem, 1, st->len, st->file) != st->len)
            return pd_fail(err, PD_EIO, NULL, "cannot write the report's temporary file: %s", strerror(errno));
        free(st->mem);
        st->mem = NULL;
        st->len = st->cap = 0;
    }
    if (st->file) {
        if (!st->writing) {
            if (fseeko(st->file, 0, SEEK_END) != 0)
                return pd_fail(err, PD_EIO, NULL, "cannot write the report's temporary file: %s", strerror(errno));
            st->writing = true;
        }
        if (fwrite(bytes, 1, n, st->file) != n)
            return pd_fail(err, PD_EIO, NULL, "cannot write the report's temporary file: %s", strerror(errno));
    } else {
        if (st->len + n > st->cap) {
            size_t cap = st->cap ? st->cap : 4096;
            while (cap < st->len + n)
                cap *= 2;
            char *m = realloc(st->mem, cap);
            if (!m)
                return oom(r, err);
            st->mem = m;
            st->cap = cap;
        }
        memcpy(st->mem + st->len, bytes, n);
        st->len += n;
    }
    st->off[r->nrows] = st->size;
    st->size += n;
    st->off[r->nrows + 1] = st->size;
    r->nrows++;
    return PD_OK;
}

/* A row is stored as 'D' or 'S' then its cells, each ending in NUL. */
static pd_err add_encoded(struct pd_report *r, bool section, const char *const *cells, int n,
                          struct pd_error *err)
{
    size_t total = 1;
    for (int i = 0; i < n; i++)
        total += cell_len(cells[i] ? cells[i] : "") + 1;
    char small[2048];
    char *b = total <= sizeof small ? small : malloc(total);
    if (!b)
        return oom(r, err);
    size_t k = 0;
    b[k++] = section ? 'S' : 'D';
    for (int i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        size_t len = cell_len(c);
        memcpy(b + k, c, len);
        k += len;
        b[k++] = '\0';
        if (!section) {
            int w = pd_text_width(b + k - len - 1);
            if (w > r->cols[i].natural)
                r->cols[i].natural = w;
        }
    }
    pd_err rc = store_append(r, b, k, err);
    if (b != small)
        free(b);
    return rc;
}

static bool mask_ids;

void pd_report_mask_ids(bool on)
{
    mask_ids = on;
}

bool pd_report_masking_ids(void)
{
    return mask_ids;
}

const char *pd_report_id_shown(const char *id, char *buf, size_t size)
{
    if (!mask_ids || !id || !*id || size < PD_ID_BUFSZ)
        return id;
    pd_id_mask(id, buf);
    return buf;
}

static bool id_title(const char *t)
{
    static const char tail[] = "身份证号";
    size_t n = t ? strlen(t) : 0, k = sizeof tail - 1;
    return n >= k && memcmp(t + n - k, tail, k) == 0;
}

pd_err pd_report_add_row(struct pd_report *r, const char *const *cells, struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    if (!r->ncols)
        return pd_fail(err, PD_EINVAL, NULL, "a report needs its columns before rows");
    const char *const *v = cells;
    char **blank = NULL;
    if (!cells || mask_ids) {
        /* a copy of the pointers: blank cells, or masked ID numbers in
         * the buffers after them */
        blank = calloc((size_t)r->ncols, sizeof *blank + PD_ID_BUFSZ);
        if (!blank)
            return oom(r, err);
        char *masked = (char *)(blank + r->ncols);
        for (int i = 0; cells && i < r->ncols; i++) {
            blank[i] = (char *)cells[i];
            bool id = id_title(r->cols[i].title) || (r->ncols == 2 && i == 1 && id_title(cells[0]));
            if (id && cells[i] && *cells[i])
                blank[i] = (char *)pd_report_id_shown(cells[i], masked + (size_t)i * PD_ID_BUFSZ, PD_ID_BUFSZ);
        }
        v = (const char *const *)blank;
    }
    pd_err rc = add_encoded(r, false, v, r->ncols, err);
    free(blank);
    if (rc == PD_OK) {
        r->ndata++;
        r->laid_out = false;
    }
    return rc;
}

pd_err pd_report_add_section(struct pd_report *r, const char *text, struct pd_error *err)
{
    if (r->oom)
        return oom(r, err);
    if (!r->store->cells && !(r->store->cells = calloc(1, sizeof *r->store->cells)))
        return oom(r, err);
    const char *cells[1] = { text };
    return add_encoded(r, true, cells, 1, err);
}

pd_err pd_report_row_get(struct pd_report *r, int i, struct pd_report_row *out, struct pd_error *err)
{
    struct pd_report_store *st = r->store;
    if (i < 0 || i >= r->nrows)
        return pd_fail(err, PD_EINVAL, NULL, "row %d of a report of %d rows", i + 1, r->nrows);
    size_t n = (size_t)(st->off[i + 1] - st->off[i]);
    char *p;
    if (!st->file) {
        p = st->mem + st->off[i];
    } else {
        if (n + 1 > st->bufcap) {
            size_t cap = st->bufcap ? st->bufcap : 1024;
            while (cap < n + 1)
                cap *= 2;
            char *b = realloc(st->buf, cap);
            if (!b)
                return oom(r, err);
            st->buf = b;
            st->bufcap = cap;
        }
        if (st->writing) {
            if (fflush(st->file) != 0)
                return pd_fail(err, PD_EIO, NULL, "cannot write the report's temporary file: %s", strerror(errno));
            st->writing = false;
            st->pos = ~0ULL;
        }
        /* the writers read in order: no seek then, the stream's buffer serves */
        if (st->pos != st->off[i] && fseeko(st->file, (off_t)st->off[i], SEEK_SET) != 0)
            return pd_fail(err, PD_EIO, NULL, "cannot read the report's temporary file: %s", strerror(errno));
        if (fread(st->buf, 1, n, st->file) != n) {
            st->pos = ~0ULL;
            return pd_fail(err, PD_EIO, NULL, "cannot read the report's temporary file: %s",
                           ferror(st->file) ? strerror(errno) : "it is shorter than written");
        }
        st->pos = st->off[i + 1];
        p = st->buf;
    }
    out->section = p[0] == 'S';
    int ncells = out->section ? 1 : r->ncols;
    char *c = p + 1;
    for (int k = 0; k < ncells; k++) {
        st->cells[k] = c;
        c += strlen(c) + 1;
    }
    out->cells = st->cells;
    return PD_OK;
}

void pd_report_layout(struct pd_report *r)
{
    if (r->laid_out)
        return;
    for (int c = 0; c < r->ncols; c++) {
        r->cols[c].width = r->cols[c].natural;
        if (r->cols[c].max_width > 0 && r->cols[c].width > r->cols[c].max_width)
            r->cols[c].width = r->cols[c].max_width;
    }
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
    return r->ndata;
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

/* Output in pieces: the text is made in UTF-8 in a memory stream, and every
 * 256 KB converted and written, so a long list never sits whole in memory. */
struct chunks {
    FILE *m;
    char *buf;
    size_t len;
    FILE *out;
    const char *enc;
    const char *bom;      /* written before the first piece (UTF-8 only) */
};

static pd_err emit(const char *buf, size_t len, FILE *out, const char *enc, const char *bom,
                   struct pd_error *err);

static pd_err chunks_open(struct chunks *c, FILE *out, const char *enc, const char *bom,
                          struct pd_error *err)
{
    c->out = out;
    c->enc = enc;
    c->bom = bom;
    c->buf = NULL;
    c->len = 0;
    c->m = open_memstream(&c->buf, &c->len);
    return c->m ? PD_OK : pd_fail(err, PD_ENOMEM, NULL, "out of memory writing the report");
}

/* Writes what has gathered; with `last` the stream is closed, else reopened. */
static pd_err chunks_flush(struct chunks *c, bool last, struct pd_error *err)
{
    if (!c->m)
        return PD_OK;
    fclose(c->m);
    c->m = NULL;
    pd_err rc = PD_OK;
    if (c->len || c->bom)
        rc = emit(c->buf, c->len, c->out, c->enc, c->bom, err);
    c->bom = NULL;
    free(c->buf);
    c->buf = NULL;
    c->len = 0;
    if (rc == PD_OK && !last)
        rc = chunks_open(c, c->out, c->enc, NULL, err);
    return rc;
}

static pd_err chunks_maybe(struct chunks *c, struct pd_error *err)
{
    return ftell(c->m) >= (256 << 10) ? chunks_flush(c, false, err) : PD_OK;
}

/* The unpaged text's line count and the index of its first row line. */
static bool text_has_header(const struct pd_report *r)
{
    return r->nrows > 0 || r->nfoot == 0;
}

static int text_first_row(const struct pd_report *r)
{
    return 1 + r->nhead + 1 + (text_has_header(r) ? 2 : 0);
}

int pd_report_text_lines(struct pd_report *r)
{
    return text_first_row(r) + r->nrows + (r->nfoot ? r->nfoot + 1 : 0);
}

/* Line i of the unpaged text, with its newline, to f. */
static pd_err text_line_to(FILE *f, struct pd_report *r, int i, struct pd_error *err)
{
    pd_report_layout(r);
    int width = pd_report_width(r), first = text_first_row(r);
    if (i == 0) {
        put_centered(f, r->title, width);
    } else if (i <= r->nhead) {
        fprintf(f, "%s\n", r->head[i - 1]);
    } else if (i == r->nhead + 1) {
        fputc('\n', f);
    } else if (i < first) {
        if (i == r->nhead + 2)
            put_row(f, r, NULL);
        else
            put_rule(f, width, '-');
    } else if (i < first + r->nrows) {
        struct pd_report_row row;
        pd_err rc = pd_report_row_get(r, i - first, &row, err);
        if (rc != PD_OK)
            return rc;
        put_row(f, r, &row);
    } else if (i == first + r->nrows) {
        fputc('\n', f);
    } else if (i < pd_report_text_lines(r)) {
        fprintf(f, "%s\n", r->foot[i - first - r->nrows - 1]);
    } else {
        return pd_fail(err, PD_EINVAL, NULL, "line %d of a report of %d lines", i + 1, pd_report_text_lines(r));
    }
    return PD_OK;
}

pd_err pd_report_text_line(struct pd_report *r, int i, char *buf, size_t size, struct pd_error *err)
{
    if (size)
        buf[0] = '\0';
    if (r->oom)
        return oom(r, err);
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m)
        return oom(r, err);
    pd_err rc = text_line_to(m, r, i, err);
    fclose(m);
    if (rc == PD_OK && size) {
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        size_t n = len;
        if (n >= size) {
            /* cut short, never inside a character */
            n = size - 1;
            while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(buf, line, n);
        buf[n] = '\0';
    }
    free(line);
    return rc;
}

static pd_err text_utf8(struct pd_report *r, struct chunks *out, int page_lines, struct pd_error *err)
{
    pd_report_layout(r);
    if (page_lines <= 0) {
        /* one page: the same lines the screens show */
        int n = pd_report_text_lines(r);
        for (int i = 0; i < n; i++) {
            pd_err rc = text_line_to(out->m, r, i, err);
            if (rc == PD_OK)
                rc = chunks_maybe(out, err);
            if (rc != PD_OK)
                return rc;
        }
        return PD_OK;
    }
    int width = pd_report_width(r);
    int fixed = 1 + r->nhead + 1 + 2 + 2;   /* title, heads, blank, header + rule, blank + page no. */
    int body = r->nrows + (r->nfoot ? r->nfoot + 1 : 0);
    int per = page_lines - fixed;
    if (per < 1)
        return pd_fail(err, PD_EINVAL, "page-lines", "%d lines per page leave no room for the table "
                       "(at least %d needed)", page_lines, fixed + 1);
    int pages = body ? (body + per - 1) / per : 1;
    int line = 0;   /* index into the body: rows, then a blank and the foot */
    for (int p = 1; p <= pages; p++) {
        FILE *f = out->m;
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
            if (line < r->nrows) {
                struct pd_report_row row;
                pd_err rc = pd_report_row_get(r, line, &row, err);
                if (rc != PD_OK)
                    return rc;
                put_row(f, r, &row);
            } else if (line == r->nrows) {
                fputc('\n', f);
            } else {
                fprintf(f, "%s\n", r->foot[line - r->nrows - 1]);
            }
        }
        /* the page number on the page's last line */
        for (; printed < page_lines - 1; printed++)
            fputc('\n', f);
        char pn[64];
        snprintf(pn, sizeof pn, "第 %d 页 共 %d 页", p, pages);
        put_centered(f, pn, width);
        pd_err rc = chunks_maybe(out, err);
        if (rc != PD_OK)
            return rc;
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
    struct chunks c;
    if (chunks_open(&c, out, o ? o->encoding : NULL, NULL, err) != PD_OK)
        return oom(r, err);
    pd_err rc = text_utf8(r, &c, o ? o->page_lines : 0, err);
    if (rc == PD_OK)
        rc = chunks_flush(&c, true, err);
    if (c.m)
        fclose(c.m);
    free(c.buf);
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
    struct chunks ch;
    if (chunks_open(&ch, out, o ? o->encoding : NULL, "\xEF\xBB\xBF", err) != PD_OK)
        return oom(r, err);
    for (int c = 0; c < r->ncols; c++) {
        if (c)
            fputc(',', ch.m);
        csv_cell(ch.m, r->cols[c].title, false);
    }
    fputs("\r\n", ch.m);
    pd_err rc = PD_OK;
    for (int i = 0; i < r->nrows && rc == PD_OK; i++) {
        struct pd_report_row row;
        rc = pd_report_row_get(r, i, &row, err);
        if (rc != PD_OK || row.section)
            continue;
        for (int c = 0; c < r->ncols; c++) {
            if (c)
                fputc(',', ch.m);
            csv_cell(ch.m, row.cells[c], r->cols[c].keep_text);
        }
        fputs("\r\n", ch.m);
        rc = chunks_maybe(&ch, err);
    }
    if (rc == PD_OK)
        rc = chunks_flush(&ch, true, err);
    if (ch.m)
        fclose(ch.m);
    free(ch.buf);
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
