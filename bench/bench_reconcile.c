/* bench_reconcile.c - `make bench`: `popdesk reconcile` of a police list of
 * --rows rows (default 100 000) against a demo register (the 100 000- and
 * 1 000 000-person registers scripts/bench.sh builds), the way a clerk runs
 * it (the whole command, its text summary written out; once more with every
 * result as CSV), beside raw SQLite
 * looking up the same rows' ID numbers with one prepared statement: the
 * floor any matching by index has.
 *
 * The list is made from the register itself: the registered persons of
 * about every k-th household, household by household as the police list
 * goes (k so the rows spread over the whole register), of whom about 3% with a
 * changed address (contradicted), 5% without their ID number (matched by
 * name, birth date and sex), 1% written as old 15-digit numbers, and 2%
 * extra rows with valid ID numbers nobody here holds (missing here).
 * Everyone else registered is "unknown there", so a 100 000-row list
 * against a million persons also writes ~900 000 results.
 *
 * Each run is a child process, so its peak RSS (ru_maxrss) is its own.
 * Prints the median and each run's time, rows a second, peak RSS; asserts
 * nothing about time.
 * usage: bench_reconcile --db FILE [--persons N] [--rows N] [--runs N] --dir DIR
 *   --db: the register (built as a demo of --persons when missing)
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
#include "core/idnum.h"

const char *bench_name = "bench_reconcile";

static const char *dir, *dbpath;
static long rows = 100000, persons = 100000;
static int runs = 3;

static void app_init(struct pd_app *app)
{
    memset(app, 0, sizeof *app);
    pd_config_defaults(&app->cfg);
    app->db_override = dbpath;
    app->prog = "popdesk";
}

static int to_null(void)
{
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        return -1;
    dup2(fd, 1);
    close(fd);
    return 0;
}

static int build(void *arg)
{
    (void)arg;
    to_null();
    struct pd_app app;
    app_init(&app);
    char n[32];
    snprintf(n, sizeof n, "%ld", persons);
    char *argv[] = { "demo", "--persons", n, NULL };
    optind = 0;
    return pd_cmd_demo(&app, 3, argv);
}

static char listpath[2048], outpath[2048];

/* arg non-NULL: every result written as CSV, else the text a clerk reads */
static int reconcile(void *arg)
{
    to_null();
    struct pd_app app;
    app_init(&app);
    char *argv[] = { "reconcile", listpath, "--source", "police", "--output", outpath,
                     "--format", "csv", NULL };
    optind = 0;
    int rc = pd_cmd_reconcile(&app, arg ? 8 : 6, argv);
    return rc == 1 ? 0 : rc == 0 ? 10 : rc;   /* differences are expected */
}

/* raw SQLite: the same ID numbers, one indexed look-up each */
static int raw_lookups(void *arg)
{
    (void)arg;
    sqlite3 *db;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return 4;
    sqlite3_exec(db, "PRAGMA cache_size=-8000", NULL, NULL, NULL);
    FILE *f = fopen(listpath, "r");
    if (!f)
        return 4;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id, name, sex, birth_date, status FROM persons WHERE id_number=?",
                           -1, &st, NULL) != SQLITE_OK)
        return 4;
    char line[2048];
    long found = 0;
    while (fgets(line, sizeof line, f)) {
        char *a = strchr(line, ','), *b = a ? strchr(a + 1, ',') : NULL;
        if (!a || !b)
            continue;
        *b = '\0';
        sqlite3_bind_text(st, 1, a + 1, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            found++;
        sqlite3_reset(st);
    }
    fclose(f);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return found > 0 ? 0 : 5;
}

static void csv_field(FILE *f, const char *s, char end)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(end, f);
}

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

/* Writes the list; returns its data rows. */
static long make_list(void)
{
    sqlite3 *db;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(dbpath, "cannot open");
    sqlite3_stmt *st;
    long total = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM persons WHERE status='active' AND migrant=0", -1, &st,
                           NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    long want = rows - rows / 50;          /* 2% are extra rows */
    long step = total > want ? (long)((double)total / ((double)want * 1.1)) : 1;
    if (step < 1)
        step = 1;
    if (sqlite3_prepare_v2(db, "SELECT p.name, p.id_number, p.sex, p.birth_date, p.reg_address,"
                           " h.police_no, p.marital, p.household FROM persons p"
                           " LEFT JOIN households h ON h.code = p.household"
                           " WHERE p.status='active' AND p.migrant=0 AND p.id_number IS NOT NULL", -1, &st,
                           NULL) != SQLITE_OK)
        die("select", sqlite3_errmsg(db));
    FILE *f = fopen(listpath, "w");
    if (!f)
        die(listpath, strerror(errno));
    fputs("姓名,身份证号,性别,出生日期,人员状态,户籍地址,户号,婚姻状况\n", f);
    long n = 0;
    while (n < want && sqlite3_step(st) == SQLITE_ROW) {
        /* whole households, in the register's order, as the police list
         * goes household by household */
        unsigned long long hsh = 1469598103934665603ULL;
        for (const char *c = col(st, 7); *c; c++)
            hsh = (hsh ^ (unsigned char)*c) * 1099511628211ULL;
        if (hsh % (unsigned long long)step)
            continue;
        char id[32], addr[400];
        snprintf(id, sizeof id, "%s", col(st, 1));
        snprintf(addr, sizeof addr, "%s", col(st, 4));
        if (n % 33 == 7)
            snprintf(addr, sizeof addr, "江北区洪塘街道新村%ld号", n);
        if (n % 20 == 3 && strlen(id) == 18)
            id[0] = '\0';                       /* matched by name */
        else if (n % 100 == 11 && strlen(id) == 18 && id[6] == '1' && id[7] == '9') {
            memmove(id + 6, id + 8, 9);          /* old 15-digit number */
            id[15] = '\0';
        }
        csv_field(f, col(st, 0), ',');
        csv_field(f, id, ',');
        csv_field(f, col(st, 2), ',');
        csv_field(f, col(st, 3), ',');
        csv_field(f, "正常", ',');
        csv_field(f, addr, ',');
        csv_field(f, col(st, 5), ',');
        csv_field(f, col(st, 6), '\n');
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* rows nobody here holds: address code 110105 (Beijing), valid numbers */
    for (long k = 0; n < rows; k++) {
        char id[20];
        snprintf(id, sizeof id, "11010519%02ld%02ld%02ld%03ld", 60 + k % 40, 1 + k % 12, 1 + k % 28,
                 k % 1000);
        id[17] = pd_id_check_char(id);
        id[18] = '\0';
        fprintf(f, "外地人%ld,%s,%s,19%02ld-%02ld-%02ld,正常,北京市朝阳区%ld号,,\n", k, id,
                (k % 1000) % 2 ? "男" : "女", 60 + k % 40, 1 + k % 12, 1 + k % 28, k);
        n++;
    }
    if (fclose(f) != 0)
        die(listpath, strerror(errno));
    return n;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'b' }, { "persons", required_argument, NULL, 'p' },
        { "rows", required_argument, NULL, 'r' }, { "runs", required_argument, NULL, 'n' },
        { "dir", required_argument, NULL, 'd' }, { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b': dbpath = optarg; break;
        case 'p': persons = atol(optarg); break;
        case 'r': rows = atol(optarg); break;
        case 'n': runs = atoi(optarg); break;
        case 'd': dir = optarg; break;
        default:
            fprintf(stderr, "usage: bench_reconcile --db FILE [--persons N] [--rows N] [--runs N] --dir DIR\n");
            return 2;
        }
    }
    if (!dir || !dbpath || rows < 100 || runs < 1 || runs > 50) {
        fprintf(stderr, "bench_reconcile: --db FILE and --dir DIR are required; --rows at least 100, "
                "--runs 1..50\n");
        return 2;
    }
    /* the command signs in as this user in popdesk proper; in-process the
     * user only names who ran it */
    setenv("POPDESK_USER", "bench", 1);
    struct stat sb;
    if (stat(dbpath, &sb) != 0) {
        printf("  building a demo register of %ld persons at %s\n", persons, dbpath);
        struct run b = in_child(build, NULL);
        if (b.status != 0)
            die("demo", "the build failed");
        printf("  built in %.1f s\n", b.wall);
    }
    snprintf(listpath, sizeof listpath, "%s/police-list.csv", dir);
    snprintf(outpath, sizeof outpath, "%s/police-results.csv", dir);
    long n = make_list();
    stat(listpath, &sb);
    printf("\nreconcile: police list of %ld rows (%.1f MB) against %s\n", n, (double)sb.st_size / 1e6, dbpath);

    double t[50], raw[50], cpu[50], rawcpu[50];
    long rss = 0, rawrss = 0;
    for (int i = 0; i < runs; i++) {
        struct run r = in_child(reconcile, NULL);
        if (r.status != 0) {
            fprintf(stderr, "bench_reconcile: the reconcile run failed (status %d)\n", r.status);
            return 1;
        }
        t[i] = r.wall;
        cpu[i] = r.cpu;
        if (r.maxrss_kb > rss)
            rss = r.maxrss_kb;
        struct run q = in_child(raw_lookups, NULL);
        raw[i] = q.wall;
        rawcpu[i] = q.cpu;
        if (q.maxrss_kb > rawrss)
            rawrss = q.maxrss_kb;
        printf("  run %d: %.2f s, CPU %.2f s (raw look-ups %.2f s, CPU %.2f s)\n", i + 1, r.wall, r.cpu,
               q.wall, q.cpu);
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_d);
    qsort(raw, (size_t)runs, sizeof *raw, cmp_d);
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp_d);
    qsort(rawcpu, (size_t)runs, sizeof *rawcpu, cmp_d);
    double cmed = runs % 2 ? cpu[runs / 2] : (cpu[runs / 2 - 1] + cpu[runs / 2]) / 2;
    double rcmed = runs % 2 ? rawcpu[runs / 2] : (rawcpu[runs / 2 - 1] + rawcpu[runs / 2]) / 2;
    double med = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    double rmed = runs % 2 ? raw[runs / 2] : (raw[runs / 2 - 1] + raw[runs / 2]) / 2;
    printf("  %-40s %10.2f s   (raw SQLite ID look-ups %.2f s, ratio %.1fx)\n", "median of runs", med, rmed,
           med / rmed);
    printf("  %-40s %10.2f s   (raw look-ups %.2f s, ratio %.1fx)\n", "median CPU time (user+system)", cmed,
           rcmed, cmed / rcmed);
    printf("  %-40s %10.0f rows/s\n", "rows a second", (double)n / med);
    printf("  %-40s %10.1f MB  (raw look-ups %.1f MB; limit 32 MB)\n", "peak RSS", (double)rss / 1024,
           (double)rawrss / 1024);
    printf("  %-40s %10s\n", "target: 100 000 rows vs 1M persons", med <= 5.0 ? "<= 5 s: met" : "> 5 s: NOT met");
    /* and once with every result written out as CSV */
    struct run cr = in_child(reconcile, "csv");
    stat(outpath, &sb);
    printf("  %-40s %10.2f s   (%.1f MB of CSV, peak RSS %.1f MB, status %d)\n", "with --format csv (all results)",
           cr.wall, (double)sb.st_size / 1e6, (double)cr.maxrss_kb / 1024, cr.status);
    if (!getenv("BENCH_KEEP_LIST"))
        unlink(listpath);
    unlink(outpath);
    return 0;
}
