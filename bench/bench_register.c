/* bench_register.c - `make bench`: what the register costs at 100 000 and
 * 1 000 000 persons, each figure beside raw SQLite doing the same work on
 * the same file, so the store's own overhead shows as a ratio.
 *
 * For each size: the demo build (popdesk demo, every record an event) and a
 * raw copy of the same rows into an empty file with the same schema, the
 * same pragmas and the same 5 000 rows a transaction (once with every index
 * in place, once with the indexes built after the copy, as the demo's bulk
 * load builds its list indexes); one event save
 * (woman.contraception, its own transaction at synchronous=FULL) against
 * raw SQLite writing the same rows (method, person, audit, outbox) and a
 * single INSERT into a copy table; search by ID number and by name prefix
 * (first page of 20) against the same SQL prepared directly; database
 * size; peak RSS of the build and of the event-save run.  Each phase runs
 * in a child process so its peak RSS (ru_maxrss) is its own.
 *
 * Prints medians and 95th percentiles; asserts nothing about time.
 * usage: bench_register --dir DIR [--sizes "100000 1000000"] [--saves N]
 *        [--lookups N] [--seed S] [--existing REGISTER] [--keep]
 * --existing: only the saves and searches, on a register built before (a
 * 1M demo takes long on a busy machine); one size, the file is kept.
 * --keep: leave each DIR/demo-N.db (with the benchmark's saves in it) for
 * the benchmarks scripts/bench.sh runs next, instead of building it again.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "bench/benchutil.h"
#include "core/date.h"
#include "store/events.h"
#include "store/search.h"

/* The search statements, as src/store/search.c prepares them. */
#define COLS "p.pid, p.name, p.sex, p.birth_date, p.id_number, p.household, p.relation," \
             " p.status, coalesce(h.address, p.cur_address), p.migrant, p.wcba"
#define FROM " FROM persons p LEFT JOIN households h ON h.code = p.household "
const char *bench_name = "bench_register";

static const char raw_sql_id[] = "SELECT " COLS FROM "WHERE p.id_number = ?1 LIMIT ?2";
static const char raw_sql_name[] = "SELECT " COLS FROM
    "WHERE p.name >= ?1 AND p.name < ?2 ORDER BY p.name LIMIT ?3";

static const char *dir;
static const char *existing;     /* --existing FILE: a register already built */
static bool keep;                /* --keep: leave DIR/demo-N.db for the benchmarks after this one */
static int nsaves = 2000, nlookups = 1000;
static unsigned long long seed = 1;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

struct stats { double median, p95; int n; };

static struct stats summarise(double *v, int n)
{
    struct stats s = { 0, 0, n };
    if (n == 0)
        return s;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    int k = (int)(0.95 * (n - 1) + 0.5);
    s.p95 = v[k];
    return s;
}

/* ---- child processes ------------------------------------------------------ */

/* Results a child hands back: a few numbers in a file. */
static void put_result(const char *name, const double *v, int n)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s.res", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        die(path, strerror(errno));
    for (int i = 0; i < n; i++)
        fprintf(f, "%.9f\n", v[i]);
    fclose(f);
}

static int get_result(const char *name, double *v, int max)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s.res", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int n = 0;
    while (n < max && fscanf(f, "%lf", &v[n]) == 1)
        n++;
    fclose(f);
    unlink(path);
    return n;
}

static void remove_db(const char *path)
{
    char p[2100];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static long long file_size(const char *path)
{
    struct stat sb;
    char p[2100];
    long long n = stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
    snprintf(p, sizeof p, "%s-wal", path);
    if (stat(p, &sb) == 0)
        n += (long long)sb.st_size;
    return n;
}

static sqlite3 *raw_open(const char *path, int flags, const char *sync)
{
    sqlite3 *h;
    if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK)
        die(path, sqlite3_errmsg(h));
    sqlite3_busy_timeout(h, 10000);
    /* the store's pragmas (src/store/db.c), so only the work differs; the
     * page size counts only for a new file (the copy) */
    char sql[200];
    snprintf(sql, sizeof sql, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; ", sync);
    if (!(flags & SQLITE_OPEN_READONLY) && sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        die(path, sqlite3_errmsg(h));
    if (sqlite3_exec(h, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-8000; PRAGMA temp_store=MEMORY",
                     NULL, NULL, NULL) != SQLITE_OK)
        die(path, sqlite3_errmsg(h));
    return h;
}

static sqlite3_stmt *prep(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql, sqlite3_errmsg(h));
    return st;
}

static void exec(sqlite3 *h, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        die(sql, msg ? msg : sqlite3_errmsg(h));
}

static long long count_rows(const char *path)
{
    sqlite3 *h = raw_open(path, SQLITE_OPEN_READONLY, "FULL");
    sqlite3_stmt *st = prep(h, "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%'");
    long long total = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", (const char *)sqlite3_column_text(st, 0));
        sqlite3_stmt *c = prep(h, sql);
        if (sqlite3_step(c) == SQLITE_ROW)
            total += sqlite3_column_int64(c, 0);
        sqlite3_finalize(c);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return total;
}

/* ---- phase: the demo build ------------------------------------------------ */

struct build_arg { const char *path; long persons; };

static int child_build(void *p)
{
    struct build_arg *a = p;
    char out[2048], persons[32], seeds[32];
    snprintf(out, sizeof out, "%s/build.out", dir);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return 4;
    dup2(fd, 1);
    close(fd);
    struct pd_app app;
    memset(&app, 0, sizeof app);
    pd_config_defaults(&app.cfg);
    app.db_override = a->path;
    app.prog = "popdesk";
    snprintf(persons, sizeof persons, "%ld", a->persons);
    snprintf(seeds, sizeof seeds, "%llu", seed);
    char *argv[] = { "demo", "--persons", persons, "--seed", seeds, NULL };
    optind = 0;
    int rc = pd_cmd_demo(&app, 5, argv);
    fflush(stdout);
    return rc;
}

static long build_events(void)
{
    char out[2048], line[512];
    snprintf(out, sizeof out, "%s/build.out", dir);
    FILE *f = fopen(out, "r");
    long events = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "events", 6) == 0)
            events = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    unlink(out);
    return events;
}

/* The same rows, copied by plain SQLite into an empty file with the same
 * schema: one prepared INSERT a table, 5 000 rows a transaction, WAL with
 * synchronous=NORMAL as the demo build has. */
struct raw_arg { const char *src, *dst; bool indexes_after; };

static int child_raw_build(void *p)
{
    struct raw_arg *a = p;
    sqlite3 *h = raw_open(a->dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "NORMAL");
    char sql[4200];
    snprintf(sql, sizeof sql, "ATTACH '%s' AS src", a->src);
    exec(h, sql);
    exec(h, "PRAGMA foreign_keys=OFF");   /* rows arrive table by table */
    exec(h, "BEGIN");
    sqlite3_stmt *sch = prep(h, "SELECT type, name, sql FROM src.sqlite_schema "
                             "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
    while (sqlite3_step(sch) == SQLITE_ROW)
        if (!a->indexes_after || strcmp((const char *)sqlite3_column_text(sch, 0), "index") != 0)
            exec(h, (const char *)sqlite3_column_text(sch, 2));
    sqlite3_finalize(sch);
    exec(h, "COMMIT");
    sqlite3_stmt *tabs = prep(h, "SELECT name FROM src.sqlite_schema WHERE type='table' "
                              "AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
    long in_tx = 0;
    exec(h, "BEGIN");
    while (sqlite3_step(tabs) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(tabs, 0);
        snprintf(sql, sizeof sql, "SELECT * FROM src.\"%s\"", t);
        sqlite3_stmt *rd = prep(h, sql);
        int ncol = sqlite3_column_count(rd);
        size_t n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO main.\"%s\" VALUES(", t);
        for (int i = 0; i < ncol && n < sizeof sql - 4; i++)
            n += (size_t)snprintf(sql + n, sizeof sql - n, "%s?", i ? "," : "");
        snprintf(sql + n, sizeof sql - n, ")");
        sqlite3_stmt *wr = prep(h, sql);
        while (sqlite3_step(rd) == SQLITE_ROW) {
            for (int i = 0; i < ncol; i++)
                sqlite3_bind_value(wr, i + 1, sqlite3_column_value(rd, i));
            if (sqlite3_step(wr) != SQLITE_DONE)
                die("raw insert", sqlite3_errmsg(h));
            sqlite3_reset(wr);
            if (++in_tx >= 5000) {
                exec(h, "COMMIT");
                exec(h, "BEGIN");
                in_tx = 0;
            }
        }
        sqlite3_finalize(rd);
        sqlite3_finalize(wr);
    }
    sqlite3_finalize(tabs);
    exec(h, "COMMIT");
    if (a->indexes_after) {
        /* the way a bulk load builds them: sorted, once, at the end */
        exec(h, "PRAGMA temp_store=FILE");
        exec(h, "BEGIN");
        sch = prep(h, "SELECT sql FROM src.sqlite_schema WHERE type='index' AND sql IS NOT NULL ORDER BY rowid");
        while (sqlite3_step(sch) == SQLITE_ROW)
            exec(h, (const char *)sqlite3_column_text(sch, 0));
        sqlite3_finalize(sch);
        exec(h, "COMMIT");
    }
    exec(h, "DETACH src");
    sqlite3_close(h);
    return 0;
}

/* ---- phase: one event save -------------------------------------------------- */

/* Living women 15-49 to record a method for, spread over the register. */
static char (*pick_women(const char *path, int n, int *got))[40]
{
    char (*pids)[40] = calloc((size_t)n, sizeof *pids);
    sqlite3 *h = raw_open(path, SQLITE_OPEN_READONLY, "FULL");
    sqlite3_stmt *c = prep(h, "SELECT count(*) FROM persons WHERE wcba=1 AND status='active'");
    long long total = sqlite3_step(c) == SQLITE_ROW ? sqlite3_column_int64(c, 0) : 0;
    sqlite3_finalize(c);
    long long step = total / n > 1 ? total / n : 1;
    sqlite3_stmt *st = prep(h, "SELECT pid FROM persons WHERE wcba=1 AND status='active' ORDER BY id");
    long long i = 0;
    *got = 0;
    while (*got < n && sqlite3_step(st) == SQLITE_ROW)
        if (i++ % step == 0)
            snprintf(pids[(*got)++], 40, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return pids;
}

struct save_arg { const char *path; char (*pids)[40]; int n; };

static int child_event_save(void *p)
{
    struct save_arg *a = p;
    struct pd_db *db;
    struct pd_error err;
    if (pd_db_open(a->path, 0, &db, &err) != PD_OK)   /* synchronous=FULL */
        die(a->path, err.msg);
    char today[PD_DATE_STRLEN];
    pd_date_format(pd_db_today(db), today);
    double *t = calloc((size_t)a->n, sizeof *t);
    for (int i = 0; i < a->n; i++) {
        struct pd_event ev;
        json_t *d = json_pack("{s:s, s:s, s:s}", "method", i % 2 ? "6" : "3", "start", today,
                              "provider", "庄桥街道社区卫生服务中心");
        if (pd_event_init(&ev, "woman.contraception", NULL, a->pids[i], d, &err) != PD_OK)
            die("event", err.msg);
        double t0 = now();
        if (pd_event_save(db, &ev, "bench", &err) != PD_OK)
            die("pd_event_save", err.msg);
        t[i] = now() - t0;
        pd_event_done(&ev);
    }
    pd_db_close(&db);
    put_result("save", t, a->n);
    free(t);
    return 0;
}

/* Raw SQLite writing what one contraception event writes: the method row
 * (closing the previous one), the person's summary columns, an audit row
 * and an outbox row of the same sizes, in one transaction at FULL. */
static int child_raw_save(void *p)
{
    struct save_arg *a = p;
    sqlite3 *h = raw_open(a->path, SQLITE_OPEN_READWRITE, "FULL");
    sqlite3_stmt *c = prep(h, "SELECT coalesce(max(seq), 0) FROM outbox");
    long long seq = sqlite3_step(c) == SQLITE_ROW ? sqlite3_column_int64(c, 0) : 0;
    sqlite3_finalize(c);
    sqlite3_stmt *begin = prep(h, "BEGIN IMMEDIATE"), *commit = prep(h, "COMMIT");
    sqlite3_stmt *close_m = prep(h, "UPDATE contraception SET end_date=?1 WHERE person=?2 AND end_date IS NULL");
    sqlite3_stmt *ins_m = prep(h, "INSERT INTO contraception(person, method, start_date, provider, seq) "
                               "VALUES(?1, '6', ?2, '庄桥街道社区卫生服务中心', ?3)");
    sqlite3_stmt *upd_p = prep(h, "UPDATE persons SET contra_method='6', contra_start=?2 WHERE pid=?1");
    sqlite3_stmt *ins_a = prep(h, "INSERT INTO audit(seq, at, user, type, entity, entity_id, before, after,"
                               " prev_hash, hash) VALUES(?1, '2026-11-29T10:00:00+08:00', 'bench',"
                               " 'woman.contraception', 'person', ?2,"
                               " '{\"contra_method\":\"3\",\"contra_start\":\"2026-11-29\"}',"
                               " '{\"contra_method\":\"6\",\"contra_start\":\"2026-11-29\"}',"
                               " printf('%064d', ?1 - 1), printf('%064d', ?1))");
    sqlite3_stmt *ins_o = prep(h, "INSERT INTO outbox(seq, state, body) VALUES(?1, 0, json_object("
                               "'seq', ?1, 'id', '2f1c7a0e-8d3b-4c55-9a61-0b6f6a1d2e3f', 'type',"
                               " 'woman.contraception', 'at', '2026-11-29T10:00:00+08:00', 'user', 'bench',"
                               " 'person', ?2, 'data', json_object('method', '6', 'start', '2026-11-29',"
                               " 'provider', '庄桥街道社区卫生服务中心')))");
    double *t = calloc((size_t)a->n, sizeof *t);
    for (int i = 0; i < a->n; i++) {
        double t0 = now();
        seq++;
        sqlite3_step(begin);
        sqlite3_reset(begin);
        sqlite3_bind_text(close_m, 1, "2026-11-29", -1, SQLITE_STATIC);
        sqlite3_bind_text(close_m, 2, a->pids[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_m, 1, a->pids[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_m, 2, "2026-11-29", -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins_m, 3, seq);
        sqlite3_bind_text(upd_p, 1, a->pids[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(upd_p, 2, "2026-11-29", -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins_a, 1, seq);
        sqlite3_bind_text(ins_a, 2, a->pids[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins_o, 1, seq);
        sqlite3_bind_text(ins_o, 2, a->pids[i], -1, SQLITE_STATIC);
        sqlite3_stmt *w[] = { close_m, ins_m, upd_p, ins_a, ins_o };
        for (int k = 0; k < 5; k++) {
            if (sqlite3_step(w[k]) != SQLITE_DONE)
                die("raw save", sqlite3_errmsg(h));
            sqlite3_reset(w[k]);
        }
        if (sqlite3_step(commit) != SQLITE_DONE)
            die("raw commit", sqlite3_errmsg(h));
        sqlite3_reset(commit);
        t[i] = now() - t0;
    }
    sqlite3_stmt *all[] = { begin, commit, close_m, ins_m, upd_p, ins_a, ins_o };
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        sqlite3_finalize(all[k]);
    sqlite3_close(h);
    put_result("rawsave", t, a->n);
    free(t);
    return 0;
}

/* The floor: one INSERT of the method row into a copy table, its own
 * transaction at FULL. */
static int child_raw_insert(void *p)
{
    struct save_arg *a = p;
    sqlite3 *h = raw_open(a->path, SQLITE_OPEN_READWRITE, "FULL");
    exec(h, "CREATE TABLE IF NOT EXISTS bench_contraception AS SELECT * FROM contraception WHERE 0");
    sqlite3_stmt *ins = prep(h, "INSERT INTO bench_contraception(person, method, start_date, provider, seq)"
                             " VALUES(?1, '6', '2026-11-29', '庄桥街道社区卫生服务中心', ?2)");
    double *t = calloc((size_t)a->n, sizeof *t);
    for (int i = 0; i < a->n; i++) {
        double t0 = now();
        exec(h, "BEGIN IMMEDIATE");
        sqlite3_bind_text(ins, 1, a->pids[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 2, i);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("raw insert", sqlite3_errmsg(h));
        sqlite3_reset(ins);
        exec(h, "COMMIT");
        t[i] = now() - t0;
    }
    sqlite3_finalize(ins);
    exec(h, "DROP TABLE bench_contraception");
    sqlite3_close(h);
    put_result("rawinsert", t, a->n);
    free(t);
    return 0;
}

/* ---- phase: searches ---------------------------------------------------------- */

/* ID numbers and 2-character name prefixes of persons spread over the file. */
static void pick_queries(const char *path, int n, char (*ids)[24], char (*names)[16])
{
    sqlite3 *h = raw_open(path, SQLITE_OPEN_READONLY, "FULL");
    sqlite3_stmt *c = prep(h, "SELECT max(id) FROM persons");
    long long max = sqlite3_step(c) == SQLITE_ROW ? sqlite3_column_int64(c, 0) : 1;
    sqlite3_finalize(c);
    sqlite3_stmt *st = prep(h, "SELECT id_number, name FROM persons WHERE id >= ? ORDER BY id LIMIT 1");
    for (int i = 0; i < n; i++) {
        sqlite3_bind_int64(st, 1, 1 + (long long)((double)max * i / n));
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(ids[i], 24, "%s", (const char *)sqlite3_column_text(st, 0));
            const char *nm = (const char *)sqlite3_column_text(st, 1);
            /* the first two characters (UTF-8) */
            size_t k = 0;
            for (int ch = 0; ch < 2 && nm[k]; ch++)
                do k++; while (((unsigned char)nm[k] & 0xC0) == 0x80);
            snprintf(names[i], 16, "%.*s", (int)k, nm);
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static struct stats time_search(struct pd_db *db, char (*q)[24], char (*qn)[16], int n, int *rows)
{
    struct pd_person_row out[20];
    double *t = calloc((size_t)n, sizeof *t);
    struct pd_error err;
    long total = 0;
    for (int pass = 0; pass < 2; pass++)          /* the first pass warms the cache */
        for (int i = 0; i < n; i++) {
            int got = 0;
            enum pd_search_how how;
            double t0 = now();
            if (pd_search(db, q ? q[i] : qn[i], out, 20, &got, &how, &err) != PD_OK)
                die("pd_search", err.msg);
            t[i] = now() - t0;
            total += got;
        }
    *rows = (int)(total / 2);
    struct stats s = summarise(t, n);
    free(t);
    return s;
}

static struct stats time_raw(sqlite3 *h, const char *sql, char (*q)[24], char (*qn)[16], int n, int *rows)
{
    sqlite3_stmt *st = prep(h, sql);
    double *t = calloc((size_t)n, sizeof *t);
    long total = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            double t0 = now();
            if (q) {
                sqlite3_bind_text(st, 1, q[i], -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(st, 2, 20);
            } else {
                char hi[32];
                snprintf(hi, sizeof hi, "%s\xff", qn[i]);
                sqlite3_bind_text(st, 1, qn[i], -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(st, 3, 20);
            }
            /* read the row as the store does: every column, as text */
            while (sqlite3_step(st) == SQLITE_ROW) {
                for (int c = 0; c < sqlite3_column_count(st); c++)
                    (void)sqlite3_column_text(st, c);
                total++;
            }
            sqlite3_reset(st);
            t[i] = now() - t0;
        }
    sqlite3_finalize(st);
    *rows = (int)(total / 2);
    struct stats s = summarise(t, n);
    free(t);
    return s;
}

/* ---- printing -------------------------------------------------------------------- */

static void row(const char *what, const char *unit, double popdesk, double raw)
{
    if (raw > 0)
        printf("  %-38s %12.3f %12.3f %8.1fx  %s\n", what, popdesk, raw, popdesk / raw, unit);
    else
        printf("  %-38s %12.3f %12s %9s  %s\n", what, popdesk, "-", "", unit);
}

static void bench_size(long persons)
{
    char path[2048], rawpath[2048];
    snprintf(path, sizeof path, "%s/demo-%ld.db", dir, persons);
    snprintf(rawpath, sizeof rawpath, "%s/raw-%ld.db", dir, persons);
    if (existing) {
        /* the saves and searches on a register built before (it gets the
         * benchmark's events; it is not removed) */
        snprintf(path, sizeof path, "%s", existing);
        printf("\n%s (built before)\n", existing);
        printf("  %-38s %12s %12s %9s\n", "", "popdesk", "raw sqlite3", "ratio");
        row("database size (MB)", "", (double)file_size(path) / 1048576, 0);
        goto saves;
    }
    remove_db(path);
    remove_db(rawpath);
    printf("\n%ld persons (seed %llu; files in %s)\n", persons, seed, dir);
    printf("  %-38s %12s %12s %9s\n", "", "popdesk", "raw sqlite3", "ratio");

    struct build_arg ba = { path, persons };
    struct run b = in_child(child_build, &ba);
    if (b.status != 0) {
        printf("  demo build failed (exit %d)\n", b.status);
        return;
    }
    long events = build_events();
    long long rows = count_rows(path);
    struct raw_arg ra = { path, rawpath, false };
    struct run rb = in_child(child_raw_build, &ra);
    row("demo build (s, wall)", "", b.wall, rb.status == 0 ? rb.wall : 0);
    row("demo build (s, cpu user+sys)", "", b.cpu, rb.status == 0 ? rb.cpu : 0);
    /* popdesk demo builds the list indexes at the end (store/bulk.h): raw
     * SQLite doing the same, so the ratio does not flatter the trick */
    remove_db(rawpath);
    struct raw_arg ra2 = { path, rawpath, true };
    struct run rb2 = in_child(child_raw_build, &ra2);
    row("  vs raw, indexes built after (s, wall)", "", b.wall, rb2.status == 0 ? rb2.wall : 0);
    row("  vs raw, indexes built after (s, cpu)", "", b.cpu, rb2.status == 0 ? rb2.cpu : 0);
    printf("  %-38s %12ld %12lld             events saved / rows copied\n", "  work", events, rows);
    /* raw: the rows of one event, on average */
    row("  per event (us, wall)", "", b.wall * 1e6 / (double)(events ? events : 1),
        rb.status == 0 ? rb.wall * 1e6 / (double)(events ? events : 1) : 0);
    row("  per event (us, cpu)", "", b.cpu * 1e6 / (double)(events ? events : 1),
        rb.status == 0 ? rb.cpu * 1e6 / (double)(events ? events : 1) : 0);
    row("  peak RSS (MB)", "", (double)b.maxrss_kb / 1024, (double)rb.maxrss_kb / 1024);
    row("database size (MB)", "", (double)file_size(path) / 1048576,
        (double)file_size(rawpath) / 1048576);
    remove_db(rawpath);

saves:;
    int n = 0;
    char (*pids)[40] = pick_women(path, nsaves, &n);
    struct save_arg sa = { path, pids, n };
    struct run s = in_child(child_event_save, &sa);
    double *v = calloc((size_t)(n ? n : 1), sizeof *v);
    double *w = calloc((size_t)(n ? n : 1), sizeof *w);
    int k = get_result("save", v, n);
    struct stats ps = summarise(v, k);
    struct run rs = in_child(child_raw_save, &sa);
    int kr = get_result("rawsave", w, n);
    struct stats rss = summarise(w, kr);
    struct run ri = in_child(child_raw_insert, &sa);
    int ki = get_result("rawinsert", v, n);
    struct stats ris = summarise(v, ki);
    printf("  %-38s %12d events, each its own transaction at synchronous=FULL\n",
           "event save (woman.contraception)", k);
    row("  median (ms)", "vs the same rows", ps.median * 1e3, rss.median * 1e3);
    row("  p95 (ms)", "vs the same rows", ps.p95 * 1e3, rss.p95 * 1e3);
    row("  median (ms)", "vs one INSERT", ps.median * 1e3, ris.median * 1e3);
    row("  p95 (ms)", "vs one INSERT", ps.p95 * 1e3, ris.p95 * 1e3);
    /* the processor time of a save, which the machine's load and the
     * disk's flush time do not blur: what the store itself adds */
    row("  cpu per save (ms, user+sys)", "vs the same rows", s.cpu * 1e3 / (k ? k : 1),
        rs.cpu * 1e3 / (kr ? kr : 1));
    row("  peak RSS (MB)", "vs the same rows", (double)s.maxrss_kb / 1024, (double)rs.maxrss_kb / 1024);
    if (s.status || rs.status || ri.status)
        printf("  (a save run failed: exit %d / %d / %d)\n", s.status, rs.status, ri.status);
    free(v);
    free(w);
    free(pids);

    char (*ids)[24] = calloc((size_t)nlookups, sizeof *ids);
    char (*names)[16] = calloc((size_t)nlookups, sizeof *names);
    pick_queries(path, nlookups, ids, names);
    struct pd_db *db;
    struct pd_error err;
    if (pd_db_open(path, PD_DB_READONLY, &db, &err) != PD_OK)
        die(path, err.msg);
    sqlite3 *h = raw_open(path, SQLITE_OPEN_READONLY, "FULL");
    int r1, r2, r3, r4;
    struct stats si = time_search(db, ids, NULL, nlookups, &r1);
    struct stats ri2 = time_raw(h, raw_sql_id, ids, NULL, nlookups, &r2);
    struct stats sn = time_search(db, NULL, names, nlookups, &r3);
    struct stats rn = time_raw(h, raw_sql_name, NULL, names, nlookups, &r4);
    printf("  %-38s %12d queries each\n", "search", nlookups);
    row("  by ID number, median (us)", "", si.median * 1e6, ri2.median * 1e6);
    row("  by ID number, p95 (us)", "", si.p95 * 1e6, ri2.p95 * 1e6);
    row("  by name prefix, page 1, median (us)", "", sn.median * 1e6, rn.median * 1e6);
    row("  by name prefix, page 1, p95 (us)", "", sn.p95 * 1e6, rn.p95 * 1e6);
    printf("  %-38s %12.1f %12.1f             rows a query\n", "  rows found (name prefix)",
           (double)r3 / nlookups, (double)r4 / nlookups);
    (void)r1;
    (void)r2;
    sqlite3_close(h);
    pd_db_close(&db);
    free(ids);
    free(names);
    if (!existing && !keep)
        remove_db(path);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "sizes", required_argument, NULL, 'n' },
        { "saves", required_argument, NULL, 's' },
        { "lookups", required_argument, NULL, 'l' },
        { "seed", required_argument, NULL, 'S' },
        { "existing", required_argument, NULL, 'e' },
        { "keep", no_argument, NULL, 'k' },
        { NULL, 0, NULL, 0 },
    };
    const char *sizes = "100000 1000000";
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'n': sizes = optarg; break;
        case 's': nsaves = atoi(optarg); break;
        case 'l': nlookups = atoi(optarg); break;
        case 'S': seed = strtoull(optarg, NULL, 10); break;
        case 'e': existing = optarg; break;
        case 'k': keep = true; break;
        default:
            fprintf(stderr, "usage: bench_register --dir DIR [--sizes \"N ...\"] [--saves N] "
                    "[--lookups N] [--seed S] [--existing REGISTER] [--keep]\n");
            return 2;
        }
    }
    if (!dir || nsaves < 1 || nlookups < 1) {
        fprintf(stderr, "bench_register: --dir DIR is required; --saves and --lookups at least 1\n");
        return 2;
    }
    printf("popdesk register benchmark (SQLite %s)\n", sqlite3_libversion());
    for (const char *p = sizes; *p;) {
        char *end;
        long n = strtol(p, &end, 10);
        if (end == p) {
            fprintf(stderr, "bench_register: bad size in '%s'\n", sizes);
            return 2;
        }
        if (n > 0)
            bench_size(n);
        if (existing)
            break;
        p = end;
        while (*p == ' ' || *p == ',')
            p++;
    }
    return 0;
}
