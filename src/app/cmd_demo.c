/* cmd_demo.c - `popdesk demo`: builds a demo register, a synthetic community
 * (core/demo.c) saved event by event through the store, so the demo has
 * the audit log and the outbox a real register would have.  It uses both
 * cores: one thread generates and checks the events, another saves them in
 * order (see struct build below).
 *
 * The register is built in a scratch file beside the target and renamed
 * into place only when complete: a failed or interrupted build leaves the
 * old file as it was.  An existing register is replaced only with --force
 * and only when it carries the demo mark (meta demo=1), so a real register
 * can never be overwritten by a demo.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "core/demo.h"
#include "store/bulk.h"
#include "store/events.h"
#include "store/users.h"

/* Events per transaction.  The load runs with a rollback journal (store/
 * bulk.h), which keeps the old content of every page a transaction
 * changes: the ID-number index takes its rows in random order, so a
 * transaction of a few thousand events journals much of it again.  Large
 * transactions journal each page far fewer times (a fifth less CPU at 300k
 * persons than 5000 a transaction); the journal stays within the size of
 * what the transaction touched. */
#ifndef DEMO_BATCH
#define DEMO_BATCH 100000
#endif
#define DEMO_PROGRESS 100000
/* Events handed between the threads at a time, and batches in flight: a
 * few hundred events' JSON, well inside the memory budget. */
#define QUEUE_BATCH 128
#define QUEUE_DEPTH 4

/* The build runs on both cores: this thread generates the events and
 * checks each on its own (pd_event_check: fields, codes, dates, ID
 * numbers), a writer thread saves them in the same order through the rest
 * of the one event path (pd_event_save_checked: the checks against the
 * register, the records, the audit row, the outbox row).  The writer is the
 * only one to touch the database; seq follows the order of saving, which
 * is the order of generating. */
struct item {
    struct pd_event ev;
    char expect[PD_EV_REF_MAX];   /* the id a new person must be given, or "" */
};

struct batch {
    int n;
    struct item it[QUEUE_BATCH];
};

struct build {
    struct pd_db *db;
    struct pd_date today;        /* the day events are checked for */
    long persons;
    bool progress;               /* stderr is a terminal */
    double start;
    /* the generating side */
    char station[16];            /* the register's, which begins every person id */
    long long next_person;       /* the number the store gives the next new person */
    struct batch *fill;          /* the batch being filled, or NULL */
    /* the queue: ring[head..head+count) are the writer's */
    pthread_mutex_t lock;
    pthread_cond_t more, room;
    struct batch ring[QUEUE_DEPTH];
    int head, count;
    bool done;                   /* nothing more will come */
    bool cancel;                 /* the generating side failed: save nothing more */
    bool failed;                 /* the writer refused an event: werr says why */
    struct pd_error werr;
    pd_err wrc;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The writer's failure, in the words the generator uses for a refusal. */
static void writer_fail(struct build *b, const struct item *it, pd_err rc, const struct pd_error *e)
{
    const struct pd_event *ev = &it->ev;
    pd_error_clear(&b->werr);
    pd_fail(&b->werr, rc, e->field[0] ? e->field : NULL, "demo event %s (household %s%s%s) refused: %s",
            ev->type->name, ev->household[0] ? ev->household : "none", ev->person[0] ? ", person " : "",
            ev->person, e->msg);
    b->wrc = rc;
}

/* Saves one batch, many events to a transaction; false once one is refused. */
static bool write_batch(struct build *b, struct batch *q, long *in_tx, bool stop)
{
    struct pd_error e;
    pd_error_clear(&e);
    for (int i = 0; i < q->n; i++) {
        struct item *it = &q->it[i];
        pd_err rc = PD_OK;
        if (!stop) {
            if (!pd_db_in_tx(b->db))
                rc = pd_db_begin(b->db, &e);
            if (rc == PD_OK)
                rc = pd_event_save_checked(b->db, &it->ev, b->today, &e);
            if (rc == PD_OK && strcmp(it->ev.person, it->expect) != 0 && it->expect[0])
                rc = pd_fail(&e, PD_EDB, NULL, "the register numbered the new person %s, not %s as "
                             "expected: it was not empty", it->ev.person, it->expect);
            if (rc == PD_OK && ++*in_tx >= DEMO_BATCH) {
                *in_tx = 0;
                rc = pd_db_commit(b->db, &e);
            }
            if (rc != PD_OK) {
                writer_fail(b, it, rc, &e);
                stop = true;
            }
        }
    }
    /* the events are freed by the generating thread when it fills the
     * batch again (queue_slot): their memory is its own */
    return !stop;
}

static void *writer(void *arg)
{
    struct build *b = arg;
    long in_tx = 0;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        while (b->count == 0 && !b->done)
            pthread_cond_wait(&b->more, &b->lock);
        if (b->count == 0)
            break;
        struct batch *q = &b->ring[b->head];
        bool stop = b->failed || b->cancel;
        pthread_mutex_unlock(&b->lock);
        bool ok = write_batch(b, q, &in_tx, stop);
        pthread_mutex_lock(&b->lock);
        if (!ok)
            b->failed = true;
        b->head = (b->head + 1) % QUEUE_DEPTH;
        b->count--;
        pthread_cond_signal(&b->room);
    }
    bool commit = !b->failed && !b->cancel;
    pthread_mutex_unlock(&b->lock);
    /* the last transaction: committed when all went well */
    if (commit) {
        struct pd_error e;
        pd_error_clear(&e);
        pd_err rc = pd_db_commit(b->db, &e);
        if (rc != PD_OK) {
            pthread_mutex_lock(&b->lock);
            b->werr = e;
            b->wrc = rc;
            b->failed = true;
            pthread_mutex_unlock(&b->lock);
            commit = false;
        }
    }
    if (!commit)
        pd_db_rollback(b->db);
    return NULL;
}

/* Frees a batch's events: the writer is done with them, or never got them. */
static void batch_free(struct batch *q)
{
    for (int i = 0; i < q->n; i++)
        pd_event_done(&q->it[i].ev);
    q->n = 0;
}

/* Hands the batch being filled to the writer. */
static void queue_push(struct build *b)
{
    pthread_mutex_lock(&b->lock);
    b->count++;
    pthread_cond_signal(&b->more);
    pthread_mutex_unlock(&b->lock);
    b->fill = NULL;
}

/* The next free batch to fill (waits while the writer is behind); NULL
 * once the writer has failed. */
static struct batch *queue_slot(struct build *b)
{
    pthread_mutex_lock(&b->lock);
    while (b->count == QUEUE_DEPTH && !b->failed)
        pthread_cond_wait(&b->room, &b->lock);
    struct batch *q = b->failed ? NULL : &b->ring[(b->head + b->count) % QUEUE_DEPTH];
    pthread_mutex_unlock(&b->lock);
    if (q)
        batch_free(q);
    return q;
}

static bool writer_failed(struct build *b)
{
    pthread_mutex_lock(&b->lock);
    bool f = b->failed;
    pthread_mutex_unlock(&b->lock);
    return f;
}

/* The generator's sink: checks the event, tells the generator the id its
 * new person will get, and queues it for the writer. */
static pd_err save_event(void *ctx, struct pd_event *ev, struct pd_error *err)
{
    struct build *b = ctx;
    pd_err rc = pd_event_check(ev, b->today, "demo", err);
    if (rc != PD_OK)
        return rc;
    if (!b->fill && !(b->fill = queue_slot(b)))
        return pd_fail(err, PD_EDB, NULL, "the writer stopped");   /* its own error is reported */
    struct item *it = &b->fill->it[b->fill->n++];
    it->ev = *ev;
    ev->data = NULL;                 /* the writer's now; pd_event_done skips NULL */
    it->expect[0] = '\0';
    if (ev->type->target == PD_EVT_NEW_PERSON) {
        snprintf(it->expect, sizeof it->expect, "%sP%07lld", b->station, b->next_person++);
        pd_strlcpy(ev->person, it->expect, sizeof ev->person);
        if (++b->persons % DEMO_PROGRESS == 0 && b->progress)
            fprintf(stderr, "popdesk demo: %ld persons (%.0f s)\n", b->persons, now_seconds() - b->start);
    }
    if (b->fill->n == QUEUE_BATCH)
        queue_push(b);
    /* a refusal stops the generator soon, not at the end */
    if ((b->persons & 1023) == 0 && writer_failed(b))
        return pd_fail(err, PD_EDB, NULL, "the writer stopped");
    return PD_OK;
}

/* Whole number in [lo, hi], nothing else. */
static bool parse_long(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_seed(const char *s, unsigned long long *out)
{
    if (!s || !*s || strspn(s, "0123456789") != strlen(s))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

static void remove_db_files(const char *path)
{
    char p[PD_PATH_MAX + 64];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    /* the bulk load's rollback journal (store/bulk.h): one left by a
     * killed build must never be played back into the next one */
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
}

/* Refuses unless the register at path carries the demo mark. */
static pd_err check_demo_mark(const char *path, struct pd_error *err)
{
    struct pd_db *db;
    struct pd_error e;
    pd_error_clear(&e);
    if (pd_db_open(path, PD_DB_READONLY, &db, &e) != PD_OK)
        return pd_fail(err, PD_EDENIED, NULL,
                       "%s exists and cannot be checked for the demo mark (%s); "
                       "popdesk demo --force replaces only demo registers", path, e.msg);
    char mark[8] = "";
    pd_err rc = pd_db_meta_get(db, "demo", mark, sizeof mark);
    pd_db_close(&db);
    if (rc != PD_OK || strcmp(mark, "1") != 0)
        return pd_fail(err, PD_EDENIED, NULL,
                       "%s is a real register, not a demo one; popdesk demo never overwrites it, "
                       "even with --force", path);
    return PD_OK;
}

/* Station, accounts and the demo mark, in one transaction. */
static pd_err set_up(struct pd_db *db, const char *station, const struct pd_demo_opts *o,
                     struct pd_error *err)
{
    char buf[32];
    pd_err rc = pd_db_begin(db, err);
    if (rc != PD_OK)
        return rc;
    rc = pd_db_set_station(db, station, err);
    /* Known passwords on purpose: this register holds no real person. */
    if (rc == PD_OK)
        rc = pd_user_add(db, "demo", PD_ROLE_CLERK, "demo1234", 0, err);
    if (rc == PD_OK)
        rc = pd_user_add(db, "admin", PD_ROLE_ADMIN, "admin1234", 0, err);
    if (rc == PD_OK)
        rc = pd_db_meta_set(db, "demo", "1", err);
    snprintf(buf, sizeof buf, "%llu", o->seed);
    if (rc == PD_OK)
        rc = pd_db_meta_set(db, "demo_seed", buf, err);
    snprintf(buf, sizeof buf, "%ld", o->persons);
    if (rc == PD_OK)
        rc = pd_db_meta_set(db, "demo_persons", buf, err);
    if (rc == PD_OK)
        rc = pd_db_commit(db, err);
    else
        pd_db_rollback(db);
    return rc;
}

/* Generates and saves the community: this thread generates and checks,
 * the writer thread saves (see struct build). */
static pd_err generate(struct build *b, const struct pd_demo_opts *o, struct pd_demo_stats *st,
                       struct pd_error *err)
{
    char buf[32];
    pd_strlcpy(b->station, o->station, sizeof b->station);
    b->today = pd_db_today(b->db);
    b->next_person = 1;
    if (pd_db_meta_get(b->db, "next_person", buf, sizeof buf) == PD_OK && atoll(buf) > 0)
        b->next_person = atoll(buf);
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->more, NULL);
    pthread_cond_init(&b->room, NULL);
    pthread_t t;
    int e = pthread_create(&t, NULL, writer, b);
    if (e != 0)
        return pd_fail(err, PD_ENOMEM, NULL, "cannot start the writer thread: %s", strerror(e));
    pthread_setname_np(t, "popdesk-writer");   /* told apart in top and perf */
    pd_err rc = pd_demo_generate(o, save_event, b, st, err);
    if (rc == PD_OK && b->fill && b->fill->n)
        queue_push(b);
    pthread_mutex_lock(&b->lock);
    b->done = true;
    b->cancel = rc != PD_OK;
    pthread_cond_signal(&b->more);
    pthread_mutex_unlock(&b->lock);
    pthread_join(t, NULL);
    /* what the writer saved or never got */
    for (int i = 0; i < QUEUE_DEPTH; i++)
        batch_free(&b->ring[i]);
    if (b->failed) {
        *err = b->werr;
        rc = b->wrc != PD_OK ? b->wrc : PD_EDB;
    }
    pthread_cond_destroy(&b->room);
    pthread_cond_destroy(&b->more);
    pthread_mutex_destroy(&b->lock);
    return rc;
}

static void usage_text(void)
{
    printf("usage: popdesk demo [--persons N] [--seed S] [--force]\n\n"
           "Builds a demo register (a synthetic community: households, couples and\n"
           "their children, elderly parents, migrants, contraception, pregnancies,\n"
           "certificates) at the register path (--db FILE).  Every record is saved as\n"
           "an event, with its audit row and outbox row, signed by user demo.\n\n"
           "  --persons N  persons to create, 1 to %ld (default %ld)\n"
           "  --seed S     random seed, a whole number (default 1): the same seed and\n"
           "               size give the same community\n"
           "  --force      replace an existing register if it is itself a demo register;\n"
           "               a real register is never replaced\n\n"
           "Accounts: demo / demo1234 (clerk), admin / admin1234 (administrator).\n",
           PD_DEMO_MAX_PERSONS, PD_DEMO_DEFAULT_PERSONS);
}

int pd_cmd_demo(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "persons", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "force", no_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct pd_demo_opts o;
    memset(&o, 0, sizeof o);
    o.persons = PD_DEMO_DEFAULT_PERSONS;
    o.seed = 1;
    bool force = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (!parse_long(optarg, 1, PD_DEMO_MAX_PERSONS, &o.persons))
                return pd_app_usage(app, "demo", "--persons must be a whole number from 1 to %ld, not '%s'",
                                    PD_DEMO_MAX_PERSONS, optarg);
            break;
        case 's':
            if (!parse_seed(optarg, &o.seed))
                return pd_app_usage(app, "demo", "--seed must be a whole number from 0 to %llu, not '%s'",
                                    (unsigned long long)-1, optarg);
            break;
        case 'f': force = true; break;
        case 'h': usage_text(); return 0;
        default:
            return pd_app_usage(app, "demo", "bad option");
        }
    }
    if (optind < argc)
        return pd_app_usage(app, "demo", "unexpected argument '%s'", argv[optind]);

    struct pd_error err;
    pd_error_clear(&err);
    const char *path = pd_app_db_path(app);
    if (access(path, F_OK) == 0) {
        if (!force) {
            pd_fail(&err, PD_EEXIST, NULL,
                    "a register already exists at %s; popdesk demo never overwrites one "
                    "(--force replaces a demo register)", path);
            return pd_app_fail(app, &err);
        }
        if (check_demo_mark(path, &err) != PD_OK)
            return pd_app_fail(app, &err);
    }
    const char *station = app->cfg.station[0] ? app->cfg.station : PD_DEMO_DEFAULT_STATION;
    pd_strlcpy(o.station, station, sizeof o.station);
    /* The place begins every address, which holds at most 200 bytes. */
    char place[512];
    snprintf(place, sizeof place, "%s%s%s", app->cfg.district_name,
             app->cfg.township[0] ? app->cfg.township : "庄桥街道",
             app->cfg.station_name[0] ? app->cfg.station_name : "示范村");
    pd_strlcpy(o.place, place, sizeof o.place);
    o.today = pd_date_today();
    if (pd_demo_check(&o, &err) != PD_OK)
        return pd_app_fail(app, &err);

    /* Build beside the target, then rename: never a half-built register. */
    char tmp[PD_PATH_MAX + 32];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.demo-build", path) >= sizeof tmp) {
        pd_fail(&err, PD_EINVAL, NULL, "register path too long: %s", path);
        return pd_app_fail(app, &err);
    }
    remove_db_files(tmp);
    struct pd_app scratch = *app;
    scratch.db_override = tmp;
    /* static: the queue is a few hundred kilobytes */
    static struct build b;
    memset(&b, 0, sizeof b);
    b.progress = isatty(STDERR_FILENO) != 0;
    b.start = now_seconds();
    int status = pd_app_open(&scratch, PD_DB_CREATE | PD_DB_FAST, &b.db);
    if (status)
        return status;
    o.today = pd_db_today(b.db);

    struct pd_demo_stats st;
    memset(&st, 0, sizeof st);
    pd_err rc = set_up(b.db, station, &o, &err);
    /* A brand-new file: the list indexes are built once at the end
     * (store/bulk.h); every event is still checked, audited and queued. */
    if (rc == PD_OK)
        rc = pd_db_bulk_begin(b.db, &err);
    if (rc == PD_OK)
        rc = generate(&b, &o, &st, &err);
    if (rc == PD_OK) {
        /* the indexes take a while at a million persons, with nothing else
         * to show: say what is going on */
        double saved = now_seconds();
        if (b.progress)
            fprintf(stderr, "popdesk demo: %ld events saved (%.0f s); building the indexes\n", st.events,
                    saved - b.start);
        rc = pd_db_bulk_end(b.db, &err);
        if (rc == PD_OK && b.progress)
            fprintf(stderr, "popdesk demo: indexes built (%.1f s)\n", now_seconds() - saved);
    }
    pd_db_close(&b.db);
    if (rc != PD_OK) {
        remove_db_files(tmp);
        return pd_app_fail(app, &err);
    }

    char twal[PD_PATH_MAX + 40], pwal[PD_PATH_MAX + 8], pshm[PD_PATH_MAX + 8];
    snprintf(twal, sizeof twal, "%s-wal", tmp);
    snprintf(pwal, sizeof pwal, "%s-wal", path);
    snprintf(pshm, sizeof pshm, "%s-shm", path);
    int r;
    if (force) {
        /* The old demo's WAL must go with it: left beside the new file,
         * SQLite would replay it into the new register. */
        unlink(pwal);
        unlink(pshm);
        r = rename(tmp, path);
    } else {
        /* Not over a register that appeared meanwhile. */
        r = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
    }
    if (r == 0 && access(twal, F_OK) == 0)
        r = rename(twal, pwal);
    if (r != 0) {
        pd_fail(&err, PD_EIO, NULL, "cannot move the demo register into place at %s: %s",
                path, strerror(errno));
        remove_db_files(tmp);
        return pd_app_fail(app, &err);
    }

    double secs = now_seconds() - b.start;
    printf("demo register %s (station %s, seed %llu)\n", path, station, o.seed);
    printf("households    %ld\n", st.households);
    printf("persons       %ld (%ld migrants, %ld born here, %ld died)\n", st.persons, st.migrants,
           st.births, st.deaths);
    printf("couples       %ld, contraception %ld, pregnancies %ld (%ld overdue)\n", st.couples,
           st.contraception, st.pregnancies, st.pregnancies_overdue);
    printf("elsewhere     %ld children recorded; %ld subsidy cases; %ld certificates\n",
           st.children_elsewhere, st.subsidy_cases, st.certificates);
    printf("migrant certs %ld expired, %ld expiring within 30 days\n", st.migrant_certs_expired,
           st.migrant_certs_expiring);
    printf("events        %ld in %.1f s\n", st.events, secs);
    printf("log in as demo / demo1234 (clerk) or admin / admin1234 (administrator)\n");
    return 0;
}
