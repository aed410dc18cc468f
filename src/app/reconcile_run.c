/* reconcile_run.c - one reconciliation run (see reconcile_run.h).
 *
 * One pass over the list: each piece of rows is parsed, each row checked;
 * while no row is bad, each is matched (ID number, else name + birth date
 * + sex, else for a hospital's baby the mother's child born that day),
 * compared and saved inside the run's transaction.  After the first bad
 * row the rest are only checked, to list them all, and the transaction is
 * rolled back.  The persons a row matched are kept as a sorted array of
 * row ids (8 bytes a row) to tell the scope's persons no row named. */
#include "app/reconcile_run.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/text.h"

#define PIECE_ROWS 2000

void pd_rec_problem_text(const struct pd_rec_problem *p, char *buf, size_t size)
{
    if (p->row > 0 && p->column[0])
        snprintf(buf, size, PD_MSG("第 %d 行“%s”列：%s", "row %d, column %s: %s"), p->row, p->column, p->msg);
    else if (p->row > 0)
        snprintf(buf, size, PD_MSG("第 %d 行：%s", "row %d: %s"), p->row, p->msg);
    else
        snprintf(buf, size, "%s", p->msg);
}

void pd_rec_outcome_free(struct pd_rec_outcome *out)
{
    free(out->problems);
    out->problems = NULL;
    out->nproblems = 0;
}

static pd_err read_file(const char *path, char **out, size_t *len, struct pd_error *err)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pd_fail(err, PD_EINVAL, "file", "cannot read %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return pd_fail(err, PD_EINVAL, "file", "%s is not a file", path);
    }
    if (st.st_size > PD_REC_FILE_MAX) {
        close(fd);
        return pd_fail(err, PD_EINVAL, "file", "%s has %lld MB; a list may have at most %ld MB: split it",
                       path, (long long)(st.st_size >> 20), PD_REC_FILE_MAX >> 20);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        close(fd);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading %s", path);
    }
    size_t n = 0;
    while (n < (size_t)st.st_size) {
        ssize_t got = read(fd, buf + n, (size_t)st.st_size - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            int e = errno;
            close(fd);
            free(buf);
            return pd_fail(err, PD_EIO, "file", "reading %s: %s", path, got < 0 ? strerror(e) : "file shrank");
        }
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return PD_OK;
}

/* csvread numbers the rows of a piece from 1: its message about "row N"
 * is made to name the row of the whole file. */
static void shift_row_number(char *msg, size_t size, int offset)
{
    char *p = strstr(msg, "row ");
    if (!p || offset == 0 || !isdigit((unsigned char)p[4]))
        return;
    char *end;
    long n = strtol(p + 4, &end, 10);
    char rest[PD_MSG_MAX];
    pd_strlcpy(rest, end, sizeof rest);
    snprintf(p, size - (size_t)(p - msg), "row %ld%s", n + offset, rest);
}

struct matched {
    long long *ids;
    size_t n, cap;
};

static bool matched_add(struct matched *m, long long id)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4096;
        long long *x = realloc(m->ids, cap * sizeof *x);
        if (!x)
            return false;
        m->ids = x;
        m->cap = cap;
    }
    m->ids[m->n++] = id;
    return true;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static void range_add(char lo[12], char hi[12], const char *d)
{
    if (!d[0])
        return;
    if (!lo[0] || strcmp(d, lo) < 0)
        pd_strlcpy(lo, d, 12);
    if (!hi[0] || strcmp(d, hi) > 0)
        pd_strlcpy(hi, d, 12);
}

struct run {
    struct pd_db *db;
    enum pd_rec_source source;
    struct pd_rec_outcome *out;
    struct matched m;
    bool decisions;              /* any filed for the source: look each result up */
    long long num;               /* results so far */
    pd_err rc;
    struct pd_error *err;
};

static pd_err save(struct run *R, const struct pd_rec_row *row, const struct pd_rec_person *p,
                   const struct pd_rec_result *res)
{
    bool dec = false;
    pd_err rc = pd_rec_results_add(R->db, R->source, row, p, res, ++R->num, R->decisions, &dec, R->err);
    if (rc != PD_OK)
        return rc;
    R->out->info.count[res->group]++;
    if (res->group != PD_REC_CONSISTENT) {
        if (dec)
            R->out->decided++;
        else
            R->out->info.undecided[res->group]++;
    }
    return PD_OK;
}

static pd_err scope(struct run *R, enum pd_rec_scope sc, const char *from, const char *to)
{
    long long added = 0;
    pd_err rc = pd_rec_results_unknown(R->db, R->source, sc, from, to, R->m.ids, R->m.n, &added, R->err);
    R->out->info.count[PD_REC_UNKNOWN] += added;
    return rc;
}

/* Matches and compares one good row, and saves its result. */
static pd_err one_row(struct run *R, const struct pd_rec_row *row)
{
    struct pd_rec_person p, mother;
    bool found = false, have_mother = false;
    enum pd_rec_match how = PD_REC_BY_NONE;
    pd_err rc = PD_OK;
    unsigned need = R->source == PD_REC_POLICE ? PD_REC_NEED_HOUSEHOLD
                  : R->source == PD_REC_HOSPITAL ? PD_REC_NEED_MOTHER : 0;
    if (row->id[0]) {
        rc = pd_rec_find_id(R->db, row->id, need, &p, &found, R->err);
        how = PD_REC_BY_ID;
    }
    if (rc == PD_OK && !found && row->name[0] && row->birth[0] && row->sex[0]) {
        rc = pd_rec_find_name(R->db, row->name, row->birth, row->sex, need, &p, &found, R->err);
        how = PD_REC_BY_NAME;
    }
    if (rc == PD_OK && R->source == PD_REC_HOSPITAL && row->mother_id[0]) {
        rc = pd_rec_find_id(R->db, row->mother_id, 0, &mother, &have_mother, R->err);
        if (rc == PD_OK && !found && have_mother) {
            rc = pd_rec_find_child(R->db, mother.pid, row->birth, row->sex, need, &p, &found, R->err);
            how = PD_REC_BY_MOTHER;
        }
    }
    if (rc != PD_OK)
        return rc;
    if (found && !matched_add(&R->m, p.rowid))
        return pd_fail(R->err, PD_ENOMEM, NULL, "out of memory");
    struct pd_rec_result res;
    pd_rec_compare(R->source, row, found ? &p : NULL, found ? how : PD_REC_BY_NONE,
                   have_mother ? &mother : NULL, &res);
    rc = save(R, row, found ? &p : NULL, &res);
    pd_rec_result_done(&res);
    return rc;
}

static void add_problem(struct pd_rec_outcome *out, const struct pd_rec_problem *p)
{
    if (out->nproblems >= PD_REC_PROBLEMS_MAX) {
        out->unlisted++;
        return;
    }
    if (!out->problems) {
        out->problems = calloc(PD_REC_PROBLEMS_MAX, sizeof *out->problems);
        if (!out->problems) {
            out->unlisted++;
            return;
        }
    }
    out->problems[out->nproblems++] = *p;
}

pd_err pd_reconcile_run(struct pd_db *db, const char *path, enum pd_rec_source source,
                        enum pd_encoding enc, const char *user, struct pd_rec_outcome *out,
                        struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    out->info.source = source;
    pd_strlcpy(out->info.file, path, sizeof out->info.file);
    pd_strlcpy(out->info.user, user ? user : "", sizeof out->info.user);
    char *raw = NULL, *text = NULL;
    size_t rawlen = 0, len = 0;
    pd_err rc = read_file(path, &raw, &rawlen, err);
    if (rc != PD_OK)
        return rc;
    if (enc != PD_ENC_GB18030 && pd_utf8_valid(raw, rawlen)) {
        /* UTF-8 already (a BOM is csvread's): no second copy of a big file */
        text = raw;
        len = rawlen;
        out->used = PD_ENC_UTF8;
    } else {
        rc = pd_recode_utf8(raw, rawlen, enc, &text, &len, &out->used, err);
        free(raw);
        if (rc != PD_OK)
            return rc;
    }

    struct run R = { .db = db, .source = source, .out = out, .err = err };
    struct pd_rec_header h;
    struct pd_rec_problem probs[16];
    struct pd_date today = pd_db_today(db);
    char blo[12] = "", bhi[12] = "", dlo[12] = "", dhi[12] = "", mlo[12] = "", mhi[12] = "";
    int offset = 0;
    bool started = false, have_header = false;
    size_t pos = 0;

    rc = pd_rec_results_begin(db, source, err);
    started = rc == PD_OK;
    R.decisions = pd_rec_any_decision(db, source);
    while (rc == PD_OK && pos < len) {
        int nrows = 0;
        size_t end = pd_rec_piece(text, len, pos, PIECE_ROWS, &nrows);
        struct pd_csv *csv = NULL;
        rc = pd_csv_read(text + pos, end - pos, &csv, err);
        if (rc != PD_OK) {
            shift_row_number(err->msg, sizeof err->msg, offset);
            break;
        }
        if (pos == 0)
            out->bom = csv->bom;
        for (int i = 0; i < csv->nrows; i++)
            csv->rows[i].row += offset;
        int first = 0;
        if (!have_header) {
            rc = pd_rec_header_read(csv, source, &h, err);
            if (rc != PD_OK) {
                pd_csv_free(&csv);
                break;
            }
            have_header = true;
            first = h.header + 1;
            pd_strlcpy(out->ignored, h.ignored, sizeof out->ignored);
        }
        for (int i = first; rc == PD_OK && i < csv->nrows; i++) {
            const struct pd_csv_row *r = &csv->rows[i];
            if (pd_csv_row_blank(r))
                continue;
            out->info.rows++;
            struct pd_rec_row row;
            int more = 0;
            int n = pd_rec_row_read(&h, r, today, &row, probs, 16, &more);
            if (n > 0 || more) {
                out->bad_rows++;
                for (int k = 0; k < n; k++)
                    add_problem(out, &probs[k]);
                out->unlisted += more;
                continue;
            }
            if (row.id15)
                out->id15++;
            if (out->bad_rows)
                continue;   /* only checking now: nothing will be saved */
            if (source == PD_REC_HOSPITAL)
                range_add(blo, bhi, row.birth);
            else if (source == PD_REC_CIVIL && strcmp(row.kind, "death") == 0)
                range_add(dlo, dhi, row.date);
            else if (source == PD_REC_CIVIL)
                range_add(mlo, mhi, row.date);
            rc = one_row(&R, &row);
        }
        pd_csv_free(&csv);
        offset += nrows;
        pos = end;
    }
    free(text);
    if (rc == PD_OK && !have_header)
        rc = pd_fail(err, PD_EINVAL, "file", PD_MSG("%s 是空的：没有表头也没有数据",
                                                    "%s is empty: no header row and no data"), path);
    if (rc == PD_OK && out->bad_rows)
        rc = pd_fail(err, PD_EINVAL, NULL, PD_MSG("有 %d 行要改正%.0s；没有比对，也没有保存",
                                                  "%d row%s to put right; nothing was compared or saved"),
                     out->bad_rows, out->bad_rows == 1 ? "" : "s");
    if (rc == PD_OK && out->info.rows == 0)
        rc = pd_fail(err, PD_EINVAL, "file", PD_MSG("%s 只有表头，没有数据行：没有可比对的",
                                                    "%s has a header but no data rows: nothing to compare"), path);
    if (rc == PD_OK) {
        qsort(R.m.ids, R.m.n, sizeof *R.m.ids, cmp_ll);
        char *sc = out->info.scope;
        size_t ss = sizeof out->info.scope;
        if (source == PD_REC_POLICE) {
            rc = scope(&R, PD_REC_SCOPE_REGISTERED, NULL, NULL);
            snprintf(sc, ss, "registered persons living here (not migrants)");
        } else if (source == PD_REC_HOSPITAL) {
            rc = scope(&R, PD_REC_SCOPE_BIRTH, blo, bhi);
            snprintf(sc, ss, "registered persons born %s to %s", blo, bhi);
        } else {
            size_t n = 0;
            if (dlo[0]) {
                rc = scope(&R, PD_REC_SCOPE_DEATH, dlo, dhi);
                n += (size_t)snprintf(sc + n, ss - n, "deaths recorded %s to %s", dlo, dhi);
            }
            if (rc == PD_OK && mlo[0]) {
                rc = scope(&R, PD_REC_SCOPE_MARRIAGE, mlo, mhi);
                snprintf(sc + n, ss - n, "%smarital changes recorded %s to %s", n ? "; " : "", mlo, mhi);
            }
        }
    }
    /* undecided "unknown there": all of them, unless decisions are filed */
    long long und = out->info.count[PD_REC_UNKNOWN];
    if (rc == PD_OK && R.decisions)
        rc = pd_rec_undecided(db, source, PD_REC_UNKNOWN, &und, err);
    out->info.undecided[PD_REC_UNKNOWN] = und;
    out->decided += out->info.count[PD_REC_UNKNOWN] - und;
    free(R.m.ids);
    if (rc == PD_OK)
        return pd_rec_results_end(db, &out->info, err);
    if (started && pd_db_in_tx(db))
        pd_db_rollback(db);
    return rc;
}
