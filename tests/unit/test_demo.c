/* test_demo.c - `popdesk demo` and the generator behind it (core/demo.h,
 * app/cmd_demo.c): a small community built in a real register file, then
 * read back with plain SQL: ID numbers valid and unique, counts as
 * reported, one outbox row and one audit row per event with gapless seqs,
 * the same seed giving the same people, and the cases the lists need
 * (migrants, pregnancies, subsidy cases) present. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "core/demo.h"
#include "core/idnum.h"
#include "store/query.h"
#include "store/users.h"

#define PERSONS "300"
#define SEED "7"

static char dir[1024];
static char path_a[1200], path_b[1200], path_c[1200];
static char out_a[4096];          /* what the build of path_a printed */

/* ---- helpers ------------------------------------------------------------ */

/* Runs pd_cmd_demo on `path` with the given arguments (after "demo"),
 * capturing what it prints on stdout and stderr into out. */
static int run_demo(const char *path, const char *const *args, char *out, size_t size)
{
    struct pd_app app;
    memset(&app, 0, sizeof app);
    pd_config_defaults(&app.cfg);
    app.db_override = path;
    app.prog = "popdesk";
    char *argv[16];
    int argc = 0;
    argv[argc++] = (char *)"demo";
    for (int i = 0; args && args[i] && argc < 15; i++)
        argv[argc++] = (char *)args[i];
    argv[argc] = NULL;

    fflush(stdout);
    fflush(stderr);
    FILE *cap = tmpfile();
    assert_non_null(cap);
    int o1 = dup(1), o2 = dup(2);
    dup2(fileno(cap), 1);
    dup2(fileno(cap), 2);
    optind = 0;
    int rc = pd_cmd_demo(&app, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(o1, 1);
    dup2(o2, 2);
    close(o1);
    close(o2);
    rewind(cap);
    size_t n = fread(out, 1, size - 1, cap);
    out[n] = '\0';
    fclose(cap);
    return rc;
}

/* The number printed after `label` at the start of a line of out. */
static long reported(const char *out, const char *label)
{
    const char *p = strstr(out, label);
    if (!p)
        fail_msg("'%s' not in the summary:\n%s", label, out);
    return strtol(p + strlen(label), NULL, 10);
}

static sqlite3 *open_ro(const char *path)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fail_msg("cannot open %s: %s", path, sqlite3_errmsg(h));
    return h;
}

static long long q1(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static void remove_db(const char *path)
{
    char p[1400];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* ---- fixtures --------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "");
    const char *base = getenv("POPDESK_TEST_TMP");
    snprintf(dir, sizeof dir, "%s/test_demo.%ld", base && *base ? base : "/tmp", (long)getpid());
    mkdir(dir, 0700);
    snprintf(path_a, sizeof path_a, "%s/a.db", dir);
    snprintf(path_b, sizeof path_b, "%s/b.db", dir);
    snprintf(path_c, sizeof path_c, "%s/c.db", dir);
    static const char *const args[] = { "--persons", PERSONS, "--seed", SEED, NULL };
    int rc = run_demo(path_a, args, out_a, sizeof out_a);
    if (rc != 0) {
        fprintf(stderr, "demo build failed (%d):\n%s\n", rc, out_a);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    remove_db(path_a);
    remove_db(path_b);
    remove_db(path_c);
    rmdir(dir);
    return 0;
}

/* ---- tests -------------------------------------------------------------------- */

static void test_ids_valid_and_unique(void **state)
{
    (void)state;
    sqlite3 *h = open_ro(path_a);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT id_number, sex, birth_date, name FROM persons",
                                        -1, &st, NULL), SQLITE_OK);
    struct pd_date today = pd_date_today();
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        const char *sex = (const char *)sqlite3_column_text(st, 1);
        const char *birth = (const char *)sqlite3_column_text(st, 2);
        assert_non_null(id);
        struct pd_idinfo info;
        struct pd_error err;
        if (pd_id_parse(id, today, &info, &err) != PD_OK)
            fail_msg("%s has an invalid ID number %s: %s", sqlite3_column_text(st, 3), id, err.msg);
        assert_string_equal(info.number, id);
        struct pd_date b;
        assert_int_equal(pd_date_parse(birth, &b, "birth_date", NULL), PD_OK);
        if (pd_id_agrees(&info, sex[0] - '0', b, &err) != PD_OK)
            fail_msg("%s: %s", id, err.msg);
        n++;
    }
    sqlite3_finalize(st);
    assert_int_equal(n, atoi(PERSONS));
    /* unique among the living, and here even among all */
    assert_int_equal(q1(h, "SELECT count(*) FROM (SELECT id_number FROM persons WHERE status='active'"
                           " GROUP BY id_number HAVING count(*) > 1)"), 0);
    assert_int_equal(q1(h, "SELECT count(DISTINCT id_number) FROM persons"), n);
    /* local people carry the station's county code; migrants their home county's */
    assert_int_equal(q1(h, "SELECT count(*) FROM persons WHERE migrant=0 AND id_number NOT LIKE '330205%'"), 0);
    sqlite3_close(h);
}

static void test_counts_as_reported(void **state)
{
    (void)state;
    sqlite3 *h = open_ro(path_a);
    assert_int_equal(reported(out_a, "persons"), atoi(PERSONS));
    assert_int_equal(q1(h, "SELECT count(*) FROM persons"), atoi(PERSONS));
    long hh = reported(out_a, "households");
    assert_true(hh > 50 && hh < 200);
    assert_int_equal(q1(h, "SELECT count(*) FROM households"), hh);
    /* households of 1 to 6 persons, codes of station + group + serial */
    assert_int_equal(q1(h, "SELECT count(*) FROM (SELECT household FROM persons WHERE household IS NOT NULL"
                           " GROUP BY household HAVING count(*) > 6)"), 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM households h WHERE NOT EXISTS"
                           " (SELECT 1 FROM persons p WHERE p.household = h.code)"), 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM households WHERE length(code) <> 18"
                           " OR substr(code, 1, 12) <> '330205001001' OR substr(code, 13, 2) NOT BETWEEN '01' AND '99'"
                           " OR substr(code, 15) = '0000'"), 0);
    /* every household has a head (or a migrant has none) */
    assert_int_equal(q1(h, "SELECT count(*) FROM households h WHERE NOT EXISTS"
                           " (SELECT 1 FROM persons p WHERE p.household = h.code AND p.relation IN ('02'))"), 0);
    sqlite3_close(h);
}

static void test_outbox_and_audit_one_per_event(void **state)
{
    (void)state;
    sqlite3 *h = open_ro(path_a);
    long events = reported(out_a, "events");
    assert_true(events > atoi(PERSONS));
    assert_int_equal(q1(h, "SELECT count(*) FROM outbox"), events);
    assert_int_equal(q1(h, "SELECT min(seq) FROM outbox"), 1);
    assert_int_equal(q1(h, "SELECT max(seq) FROM outbox"), events);   /* count = max, min 1: gapless */
    assert_int_equal(q1(h, "SELECT count(*) FROM audit"), events);
    assert_int_equal(q1(h, "SELECT count(DISTINCT seq) FROM audit"), events);
    assert_int_equal(q1(h, "SELECT count(*) FROM outbox o WHERE NOT EXISTS"
                           " (SELECT 1 FROM audit a WHERE a.seq = o.seq AND a.type = json_extract(o.body, '$.type'))"), 0);
    /* signed by the demo clerk, chained */
    assert_int_equal(q1(h, "SELECT count(*) FROM audit WHERE user <> 'demo'"), 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM outbox WHERE json_extract(body, '$.user') <> 'demo'"), 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM audit a JOIN audit b ON b.id = a.id + 1"
                           " WHERE b.prev_hash <> a.hash"), 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM outbox WHERE state <> 0"), 0);
    sqlite3_close(h);
}

static void test_cases_present(void **state)
{
    (void)state;
    sqlite3 *h = open_ro(path_a);
    assert_true(reported(out_a, "migrant certs") >= 0);
    assert_true(q1(h, "SELECT count(*) FROM persons WHERE migrant=1 AND status='active'") > 0);
    assert_true(q1(h, "SELECT count(*) FROM migrant_certs WHERE number IS NOT NULL") > 0);
    assert_true(q1(h, "SELECT count(*) FROM pregnancies WHERE outcome IS NULL") > 0);
    assert_true(q1(h, "SELECT count(*) FROM contraception") > 0);
    assert_true(q1(h, "SELECT count(*) FROM certificates WHERE kind='onechild'") > 0);
    assert_true(q1(h, "SELECT count(*) FROM persons WHERE marital IN ('21','22') AND sex='2'"
                      " AND first_marriage_date IS NOT NULL") > 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM persons WHERE marital IN ('21','22') AND sex='2'"
                           " AND first_marriage_date IS NULL"), 0);
    /* subsidy cases: rural parents 60+ whose children are recorded, some
     * with exactly one living child, two daughters, or a dead child */
    /* "elsewhere N children recorded; M subsidy cases" */
    assert_int_equal(q1(h, "SELECT count(*) FROM children WHERE child IS NULL"), reported(out_a, "elsewhere"));
    const char *p = strstr(out_a, "children recorded; ");
    assert_non_null(p);
    long cases = strtol(p + strlen("children recorded; "), NULL, 10);
    assert_true(cases > 0);
    long long one_child = q1(h,
        "SELECT count(*) FROM persons p WHERE p.reg_type='2' AND p.status='active'"
        " AND p.birth_date <= date('now','-60 years') AND p.birth_date >= '1933-01-01'"
        " AND (SELECT count(*) FROM children c WHERE c.parent=p.pid AND c.alive=1) = 1"
        " AND (SELECT count(*) FROM children c WHERE c.parent=p.pid) = 1");
    long long two_daughters = q1(h,
        "SELECT count(*) FROM persons p WHERE p.reg_type='2' AND p.status='active'"
        " AND p.birth_date <= date('now','-60 years')"
        " AND (SELECT count(*) FROM children c WHERE c.parent=p.pid AND c.sex='2') = 2"
        " AND (SELECT count(*) FROM children c WHERE c.parent=p.pid) = 2");
    long long dead_child = q1(h,
        "SELECT count(*) FROM persons p WHERE p.birth_date <= date('now','-60 years')"
        " AND EXISTS (SELECT 1 FROM children c WHERE c.parent=p.pid AND c.alive=0 AND c.death_date IS NOT NULL)");
    assert_true(one_child + two_daughters + dead_child > 0);
    assert_true(one_child > 0);
    /* births went through person.birth: every born-here child has its
     * mother's children row, with the right birth order */
    assert_true(q1(h, "SELECT count(*) FROM persons WHERE mother IS NOT NULL") > 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM persons p WHERE p.mother IS NOT NULL AND NOT EXISTS"
                           " (SELECT 1 FROM children c WHERE c.parent=p.mother AND c.child=p.pid)"), 0);
    assert_int_equal(q1(h, "SELECT count(*) FROM children c WHERE c.child IS NOT NULL AND c.birth_order <>"
                           " 1 + (SELECT count(*) FROM children o WHERE o.parent=c.parent AND o.adopted=0"
                           " AND o.birth_date < c.birth_date)"), 0);
    /* a few deaths, and the dead are not in the childbearing-age register */
    assert_int_equal(q1(h, "SELECT count(*) FROM persons WHERE status='dead'"), reported(out_a, "born here, "));
    assert_int_equal(q1(h, "SELECT count(*) FROM persons WHERE status='dead' AND wcba=1"), 0);
    sqlite3_close(h);
}

static void test_accounts_and_mark(void **state)
{
    (void)state;
    struct pd_db *db;
    struct pd_error err;
    assert_int_equal(pd_db_open(path_a, 0, &db, &err), PD_OK);
    char mark[8] = "";
    assert_int_equal(pd_db_meta_get(db, "demo", mark, sizeof mark), PD_OK);
    assert_string_equal(mark, "1");
    assert_int_equal(pd_db_meta_get(db, "demo_seed", mark, sizeof mark), PD_OK);
    assert_string_equal(mark, SEED);
    assert_string_equal(pd_db_station(db), "330205001001");
    enum pd_role role = PD_ROLE_VIEWER;
    assert_int_equal(pd_user_login(db, "demo", "demo1234", 5, 10, &role, &err), PD_OK);
    assert_int_equal(role, PD_ROLE_CLERK);
    assert_int_equal(pd_user_login(db, "admin", "admin1234", 5, 10, &role, &err), PD_OK);
    assert_int_equal(role, PD_ROLE_ADMIN);
    pd_db_close(&db);
}

/* Persons and events of a register as text, without event ids and times. */
static int collect_row(void *ctx, json_t *row)
{
    json_object_del(row, "id");
    json_object_del(row, "at");
    char *s = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
    FILE *f = ctx;
    fprintf(f, "%s\n", s);
    free(s);
    return 0;
}

static char *dump_register(const char *path)
{
    struct pd_db *db;
    struct pd_error err;
    if (pd_db_open(path, PD_DB_READONLY, &db, &err) != PD_OK)
        fail_msg("%s", err.msg);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(pd_export_each(db, PD_EXPORT_HOUSEHOLDS, collect_row, f, &err), PD_OK);
    assert_int_equal(pd_export_each(db, PD_EXPORT_PERSONS, collect_row, f, &err), PD_OK);
    assert_int_equal(pd_export_each(db, PD_EXPORT_EVENTS, collect_row, f, &err), PD_OK);
    fclose(f);
    pd_db_close(&db);
    return buf;
}

static void test_same_seed_same_community(void **state)
{
    (void)state;
    char out[4096];
    static const char *const same[] = { "--persons", PERSONS, "--seed", SEED, NULL };
    assert_int_equal(run_demo(path_b, same, out, sizeof out), 0);
    static const char *const other[] = { "--persons", PERSONS, "--seed", "8", NULL };
    assert_int_equal(run_demo(path_c, other, out, sizeof out), 0);
    char *a = dump_register(path_a), *b = dump_register(path_b), *c = dump_register(path_c);
    assert_true(strlen(a) > 10000);
    assert_true(strstr(a, "\"name\":\"") != NULL);
    if (strcmp(a, b) != 0)
        fail_msg("two builds with seed %s differ", SEED);
    assert_string_not_equal(a, c);
    free(a);
    free(b);
    free(c);
}

static void test_refuses_to_overwrite(void **state)
{
    (void)state;
    char out[4096];
    struct stat before, after;
    assert_int_equal(stat(path_a, &before), 0);
    static const char *const args[] = { "--persons", "20", NULL };
    assert_int_equal(run_demo(path_a, args, out, sizeof out), 1);
    assert_non_null(strstr(out, "already exists"));
    assert_non_null(strstr(out, "--force"));
    assert_int_equal(stat(path_a, &after), 0);
    assert_int_equal(before.st_size, after.st_size);
    assert_int_equal(before.st_ino, after.st_ino);

    /* a register without the demo mark is never replaced, even with --force */
    char real[1300];
    snprintf(real, sizeof real, "%s/real.db", dir);
    struct pd_db *db;
    struct pd_error err;
    assert_int_equal(pd_db_open(real, PD_DB_CREATE, &db, &err), PD_OK);
    assert_int_equal(pd_db_set_station(db, "330205001002", &err), PD_OK);
    pd_db_close(&db);
    static const char *const force[] = { "--persons", "20", "--force", NULL };
    assert_int_equal(run_demo(real, force, out, sizeof out), 1);
    assert_non_null(strstr(out, "real register"));
    assert_non_null(strstr(out, "never overwrites"));
    assert_int_equal(pd_db_open(real, PD_DB_READONLY, &db, &err), PD_OK);
    assert_string_equal(pd_db_station(db), "330205001002");
    pd_db_close(&db);
    remove_db(real);

    /* a file that is no register at all is not touched either */
    snprintf(real, sizeof real, "%s/notes.db", dir);
    int fd = open(real, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "家庭账本\n", 13), 13);
    close(fd);
    assert_int_equal(run_demo(real, force, out, sizeof out), 1);
    assert_non_null(strstr(out, "demo mark"));
    assert_int_equal(stat(real, &after), 0);
    assert_int_equal(after.st_size, 13);
    unlink(real);

    /* --force on a demo register rebuilds it */
    assert_int_equal(run_demo(path_c, force, out, sizeof out), 0);
    assert_int_equal(reported(out, "persons"), 20);
    sqlite3 *h = open_ro(path_c);
    assert_int_equal(q1(h, "SELECT count(*) FROM persons"), 20);
    sqlite3_close(h);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    char out[4096];
    static const char *const bad[][3] = {
        { "--persons", "0", NULL }, { "--persons", "-5", NULL }, { "--persons", "abc", NULL },
        { "--persons", "99999999999", NULL }, { "--persons", "12x", NULL }, { "--persons", "", NULL },
        { "--persons", "2000001", NULL },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(run_demo(path_b, bad[i], out, sizeof out), 2);
        assert_non_null(strstr(out, "--persons must be a whole number from 1 to 2000000"));
    }
    static const char *const seed[] = { "--seed", "-1", NULL };
    assert_int_equal(run_demo(path_b, seed, out, sizeof out), 2);
    assert_non_null(strstr(out, "--seed"));
    static const char *const extra[] = { "村", NULL };
    assert_int_equal(run_demo(path_b, extra, out, sizeof out), 2);
    assert_non_null(strstr(out, "unexpected argument"));
}

/* The generator on its own: a sink that refuses the 25th event stops it
 * there with a message naming the event. */
struct failing { int n, fail_at; };

static pd_err failing_sink(void *ctx, struct pd_event *ev, struct pd_error *err)
{
    struct failing *f = ctx;
    if (++f->n == f->fail_at)
        return pd_fail(err, PD_EINVAL, "name", "姓名 is too long");
    if (ev->type->target == PD_EVT_NEW_PERSON)
        snprintf(ev->person, sizeof ev->person, "330205001001P%07d", f->n);
    return PD_OK;
}

static void test_generator_stops_at_refusal(void **state)
{
    (void)state;
    struct pd_demo_opts o;
    memset(&o, 0, sizeof o);
    o.persons = 100;
    o.seed = 3;
    pd_strlcpy(o.station, "330205001001", sizeof o.station);
    o.today = (struct pd_date){ 2012, 10, 1 };
    struct failing f = { 0, 25 };
    struct pd_demo_stats st;
    struct pd_error err;
    pd_error_clear(&err);
    assert_int_equal(pd_demo_generate(&o, failing_sink, &f, &st, &err), PD_EINVAL);
    assert_int_equal(st.events, 24);
    assert_non_null(strstr(err.msg, "demo event"));
    assert_non_null(strstr(err.msg, "姓名 is too long"));
    assert_string_equal(err.field, "name");

    /* run to the end: every date at or before "today" */
    f = (struct failing){ 0, -1 };
    assert_int_equal(pd_demo_generate(&o, failing_sink, &f, &st, &err), PD_OK);
    assert_int_equal(st.persons, 100);
    assert_int_equal(st.events, f.n);

    o.persons = 0;
    assert_int_equal(pd_demo_generate(&o, failing_sink, &f, &st, &err), PD_EUSAGE);
    assert_non_null(strstr(err.msg, "--persons"));
    o.persons = 10;
    pd_strlcpy(o.station, "3302050010", sizeof o.station);
    assert_int_equal(pd_demo_check(&o, &err), PD_EINVAL);
    assert_non_null(strstr(err.msg, "12 digits"));
}

static void test_names_and_rng(void **state)
{
    (void)state;
    struct pd_demo_rng a, b;
    pd_demo_rng_seed(&a, 42);
    pd_demo_rng_seed(&b, 42);
    for (int i = 0; i < 100; i++)
        assert_true(pd_demo_rng_next(&a) == pd_demo_rng_next(&b));
    for (int i = 0; i < 1000; i++) {
        long v = pd_demo_rng_range(&a, 3, 5);
        assert_true(v >= 3 && v <= 5);
    }
    char name[64];
    for (int i = 0; i < 200; i++) {
        pd_demo_name(&a, 1 + i % 2, 1950 + i % 70, NULL, name, sizeof name);
        size_t n = strlen(name);
        /* 2 to 4 CJK characters of 3 bytes each */
        assert_true(n >= 6 && n <= 12 && n % 3 == 0);
    }
    pd_demo_name(&a, 2, 1990, "诸葛", name, sizeof name);
    assert_memory_equal(name, "诸葛", 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_valid_and_unique),
        cmocka_unit_test(test_counts_as_reported),
        cmocka_unit_test(test_outbox_and_audit_one_per_event),
        cmocka_unit_test(test_cases_present),
        cmocka_unit_test(test_accounts_and_mark),
        cmocka_unit_test(test_same_seed_same_community),
        cmocka_unit_test(test_refuses_to_overwrite),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_generator_stops_at_refusal),
        cmocka_unit_test(test_names_and_rng),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
