/* cmd_import.c - `popdesk import FILE.csv`: load households and persons
 * from a register spreadsheet, all or nothing.
 *
 * Pass 1 reads the whole file (recode.h, csvread.h) and checks every row
 * (import.h) against itself and against what the register holds (ID numbers
 * of living persons, household codes), listing every bad row.  Only a clean
 * file reaches pass 2, which saves the events in ONE transaction: a refusal
 * by the store (something pass 1 could not see) rolls everything back and
 * is reported with its row, and so does a kill at any moment (SQLite's
 * journal).  --dry-run runs pass 2 too and always rolls back.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/recode.h"
#include "core/csvread.h"
#include "core/import.h"
#include "store/events.h"
#include "store/query.h"

#define IMPORT_FILE_MAX (200L * 1024 * 1024)

/* ---- what the register holds ---------------------------------------------- */

struct idrec {
    char *id;
    char *who;
};

struct reg {
    char **codes;
    size_t ncodes, capcodes;
    struct idrec *ids;
    size_t nids, capids;
    bool oom;
};

static const char *rstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static int reg_household(void *ctx, json_t *row)
{
    struct reg *r = ctx;
    if (r->ncodes == r->capcodes) {
        size_t cap = r->capcodes ? r->capcodes * 2 : 256;
        char **c = realloc(r->codes, cap * sizeof *c);
        if (!c) {
            r->oom = true;
            return 1;
        }
        r->codes = c;
        r->capcodes = cap;
    }
    if (!(r->codes[r->ncodes] = strdup(rstr(row, "code")))) {
        r->oom = true;
        return 1;
    }
    r->ncodes++;
    return 0;
}

static int reg_person(void *ctx, json_t *row)
{
    struct reg *r = ctx;
    const char *id = rstr(row, "id_number");
    if (!id[0] || strcmp(rstr(row, "status"), "active") != 0)
        return 0;
    if (r->nids == r->capids) {
        size_t cap = r->capids ? r->capids * 2 : 256;
        struct idrec *n = realloc(r->ids, cap * sizeof *n);
        if (!n) {
            r->oom = true;
            return 1;
        }
        r->ids = n;
        r->capids = cap;
    }
    struct idrec *x = &r->ids[r->nids];
    const char *hh = rstr(row, "household");
    if (asprintf(&x->who, "%s (%s, household %s)", rstr(row, "name"), rstr(row, "pid"),
                 hh[0] ? hh : "none") < 0 || !(x->id = strdup(id))) {
        r->oom = true;
        return 1;
    }
    r->nids++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const struct idrec *)a)->id, ((const struct idrec *)b)->id);
}

static bool reg_has_household(void *ctx, const char *code)
{
    struct reg *r = ctx;
    return r->ncodes && bsearch(&code, r->codes, r->ncodes, sizeof *r->codes, cmp_str);
}

static bool reg_has_id(void *ctx, const char *id, char *who, size_t size)
{
    struct reg *r = ctx;
    struct idrec key = { (char *)id, NULL };
    const struct idrec *x = r->nids ? bsearch(&key, r->ids, r->nids, sizeof *r->ids, cmp_id) : NULL;
    if (x)
        pd_strlcpy(who, x->who, size);
    return x != NULL;
}

static void reg_free(struct reg *r)
{
    for (size_t i = 0; i < r->ncodes; i++)
        free(r->codes[i]);
    free(r->codes);
    for (size_t i = 0; i < r->nids; i++) {
        free(r->ids[i].id);
        free(r->ids[i].who);
    }
    free(r->ids);
}

static pd_err reg_load(struct pd_db *db, struct reg *r, struct pd_error *err)
{
    pd_err rc = pd_export_each(db, PD_EXPORT_HOUSEHOLDS, reg_household, r, err);
    if (rc == PD_OK)
        rc = pd_export_each(db, PD_EXPORT_PERSONS, reg_person, r, err);
    if (rc == PD_OK && r->oom)
        rc = pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the register");
    if (rc == PD_OK) {
        /* an empty register has no arrays: qsort must not be given NULL */
        if (r->ncodes)
            qsort(r->codes, r->ncodes, sizeof *r->codes, cmp_str);
        if (r->nids)
            qsort(r->ids, r->nids, sizeof *r->ids, cmp_id);
    }
    return rc;
}

/* ---- the file ------------------------------------------------------------- */

static pd_err read_file(const char *path, char **out, size_t *len, struct pd_error *err)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pd_fail(err, PD_EINVAL, NULL, "cannot read %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return pd_fail(err, PD_EINVAL, NULL, "%s is a folder, not a CSV file", path);
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > IMPORT_FILE_MAX) {
        close(fd);
        return pd_fail(err, PD_EINVAL, NULL, "%s has %lld MB; the import takes at most %ld MB: "
                       "split the file", path, (long long)(st.st_size >> 20), IMPORT_FILE_MAX >> 20);
    }
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    char *buf = malloc(cap);
    size_t n = 0;
    pd_err rc = PD_OK;
    while (buf) {
        if (n == cap) {
            if (cap > (size_t)IMPORT_FILE_MAX) {
                rc = pd_fail(err, PD_EINVAL, NULL, "%s has more than %ld MB; the import takes at most "
                             "that: split the file", path, IMPORT_FILE_MAX >> 20);
                break;
            }
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = pd_fail(err, PD_EIO, NULL, "reading %s: %s", path, strerror(errno));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (!buf)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading %s", path);
    if (rc != PD_OK) {
        free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return PD_OK;
}

static void print_problems(const char *path, const struct pd_import *imp)
{
    char line[PD_MSG_MAX * 12];
    for (int i = 0; i < imp->nproblems; i++) {
        pd_import_problem_text(&imp->problems[i], line, sizeof line);
        fprintf(stderr, "%s: %s\n", path, line);
    }
    if (imp->problems_unlisted)
        fprintf(stderr, "%s: ... and %d more problems not listed\n", path, imp->problems_unlisted);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Rows with at least one problem. */
static int bad_rows(const struct pd_import *imp)
{
    int *rows = malloc((size_t)(imp->nproblems ? imp->nproblems : 1) * sizeof *rows);
    if (!rows)
        return imp->nproblems;
    for (int i = 0; i < imp->nproblems; i++)
        rows[i] = imp->problems[i].row;
    qsort(rows, (size_t)imp->nproblems, sizeof *rows, cmp_int);
    int n = 0;
    for (int i = 0; i < imp->nproblems; i++)
        if (rows[i] > 0 && (i == 0 || rows[i] != rows[i - 1]))
            n++;
    free(rows);
    return n;
}

/* Pass 2: every event in one transaction.  Returns the first refusal. */
static pd_err save_all(struct pd_db *db, struct pd_import *imp, bool dry_run,
                       struct pd_error *err)
{
    const char *user = pd_app_user();
    char (*pids)[PD_EV_REF_MAX] = calloc((size_t)(imp->nitems ? imp->nitems : 1), sizeof *pids);
    if (!pids)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    pd_err rc = pd_db_begin(db, err);
    for (int i = 0; rc == PD_OK && i < imp->nitems; i++) {
        struct pd_import_item *it = &imp->items[i];
        struct pd_event ev;
        struct pd_error e;
        pd_error_clear(&e);
        const char *person = it->person_of >= 0 ? pids[it->person_of] : "";
        rc = pd_event_init(&ev, it->type, it->household, person, json_incref(it->data), &e);
        if (rc == PD_OK)
            rc = pd_event_save(db, &ev, user, &e);
        if (rc == PD_OK)
            pd_strlcpy(pids[i], ev.person, sizeof pids[i]);
        pd_event_done(&ev);
        if (rc != PD_OK) {
            pd_import_problem(imp, it->row, pd_import_column(imp, it->type, e.field), "%s", e.msg);
            if (rc == PD_EDB || rc == PD_EBUSY || rc == PD_EIO || rc == PD_ENOMEM)
                *err = e;
            else
                pd_fail(err, rc, NULL, "the register refused row %d", it->row);
        }
    }
    free(pids);
    if (rc == PD_OK && !dry_run)
        return pd_db_commit(db, err);
    if (pd_db_in_tx(db))
        pd_db_rollback(db);
    return rc;
}

int pd_cmd_import(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "encoding", required_argument, NULL, 'e' },
        { "dry-run", no_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    enum pd_encoding enc = PD_ENC_AUTO;
    bool dry_run = false;
    struct pd_error err;
    pd_error_clear(&err);
    int c;
    while ((c = getopt_long(argc, argv, "e:nh", opts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (pd_encoding_parse(optarg, &enc, &err) != PD_OK)
                return pd_app_usage(app, "import", "%s", err.msg);
            break;
        case 'n': dry_run = true; break;
        case 'h':
            printf("usage: popdesk import FILE.csv [--encoding utf-8|gb18030] [--dry-run]\n\n"
                   "Loads households and persons from a register spreadsheet saved as CSV:\n"
                   "one row a person, with the household's columns (户编号 required, 住址,\n"
                   "联系电话, 户口簿号, 户别) on the same row.  Columns are named in a header\n"
                   "row, in Chinese or English (docs/IMPORT.md lists them); title rows above\n"
                   "it are skipped.  UTF-8 (with or without BOM) or GB18030 is detected;\n"
                   "--encoding forces one.  Dates, codes written as words, full-width digits\n"
                   "and ID numbers are normalised and counted in the summary.\n\n"
                   "All or nothing: if any row is wrong, every bad row is listed with its\n"
                   "row number and column and nothing is saved (exit status 1).\n"
                   "--dry-run checks everything, the register's own refusals included,\n"
                   "and saves nothing.\n");
            return 0;
        default:
            return pd_app_usage(app, "import", "bad option");
        }
    }
    if (optind != argc - 1)
        return pd_app_usage(app, "import", optind < argc ? "give one file" : "give the CSV file to import");
    const char *path = argv[optind];

    char *raw = NULL, *text = NULL;
    size_t rawlen = 0, textlen = 0;
    enum pd_encoding used = PD_ENC_UTF8;
    struct pd_csv *csv = NULL;
    struct pd_import *imp = NULL;
    struct pd_db *db = NULL;
    struct reg reg = { 0 };
    int status = 1;
    bool bom = false;
    pd_err rc;
    char norm[1024];
    struct pd_import_ctx ctx;

    if (read_file(path, &raw, &rawlen, &err) != PD_OK ||
        pd_recode_utf8(raw, rawlen, enc, &text, &textlen, &used, &err) != PD_OK)
        goto fail;
    free(raw);
    raw = NULL;
    if (pd_csv_read(text, textlen, &csv, &err) != PD_OK)
        goto fail_file;
    bom = csv->bom;
    free(text);
    text = NULL;

    if ((status = pd_app_open(app, 0, &db)) != 0)
        goto out;
    status = 1;
    if (!pd_db_station(db)[0]) {
        pd_fail(&err, PD_EDENIED, NULL, "this register has no station code yet (run `popdesk init`)");
        goto fail;
    }
    if (reg_load(db, &reg, &err) != PD_OK)
        goto fail;
    ctx = (struct pd_import_ctx){
        .station = pd_db_station(db), .today = pd_db_today(db),
        .household_exists = reg_has_household, .id_registered = reg_has_id, .ctx = &reg,
    };
    rc = pd_import_build(csv, &ctx, &imp, &err);
    pd_csv_free(&csv);
    if (rc != PD_OK && !imp)
        goto fail;
    if (rc == PD_OK) {
        rc = save_all(db, imp, dry_run, &err);
        if (rc != PD_OK && imp->nproblems == 0)
            goto fail;
    }
    if (rc != PD_OK) {
        print_problems(path, imp);
        int rows = bad_rows(imp);
        fprintf(stderr, "popdesk: %s: nothing imported", path);
        if (rows)
            fprintf(stderr, ": %d row%s to put right", rows, rows == 1 ? "" : "s");
        fputc('\n', stderr);
        status = pd_err_exit(rc) > 1 ? pd_err_exit(rc) : 1;
        goto out;
    }

    pd_import_norm_text(imp, norm, sizeof norm);
    printf("%s%d person%s in %d household%s; %s%s%s\n",
           dry_run ? "dry run: would import " : "imported ",
           imp->persons, imp->persons == 1 ? "" : "s", imp->households,
           imp->households == 1 ? "" : "s", norm[0] ? "normalised: " : "nothing normalised",
           norm, dry_run ? "; nothing was saved" : "");
    printf("  %d new household%s, %d already in the register", imp->households_new,
           imp->households_new == 1 ? "" : "s", imp->households - imp->households_new);
    if (imp->migrants)
        printf("; %d migrant%s", imp->migrants, imp->migrants == 1 ? "" : "s");
    if (imp->ended)
        printf("; %d recorded as dead, moved out or left", imp->ended);
    printf("; %d event%s\n", imp->nitems, imp->nitems == 1 ? "" : "s");
    printf("  read as %s%s\n", pd_encoding_name(used), bom ? " (with a byte-order mark)" : "");
    for (int i = 0; i < imp->nnotes; i++)
        printf("  %s\n", imp->notes[i]);
    status = 0;
    goto out;

fail_file:
    fprintf(stderr, "popdesk: %s: %s\n", path, err.msg);
    fprintf(stderr, "popdesk: %s: nothing imported\n", path);
    status = pd_err_exit(err.code);
    goto out;
fail:
    status = pd_app_fail(app, &err);
out:
    free(raw);
    free(text);
    pd_csv_free(&csv);
    pd_import_free(&imp);
    reg_free(&reg);
    if (db)
        pd_db_close(&db);
    return status;
}
