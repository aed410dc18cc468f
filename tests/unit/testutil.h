/* testutil.h - helpers shared by the unit tests: a fresh register in the
 * scratch folder, saving an event from a JSON literal, counting rows. */
#ifndef PD_TESTUTIL_H
#define PD_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "core/event.h"
#include "store/db.h"
#include "store/events.h"

#define TEST_STATION "330205001001"

/* A new register file (removed first) with the station set and today fixed
 * at 2012-06-15 so the tests' dates never drift. */
static inline struct pd_db *test_db_open(const char *name)
{
    const char *dir = getenv("POPDESK_TEST_TMP");
    char path[512];
    snprintf(path, sizeof path, "%s/%s-%d.db", dir && *dir ? dir : "/tmp", name, (int)getpid());
    char side[600];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    struct pd_db *db = NULL;
    struct pd_error err;
    if (pd_db_open(path, PD_DB_CREATE, &db, &err) != PD_OK) {
        fprintf(stderr, "cannot open %s: %s\n", path, err.msg);
        abort();
    }
    if (pd_db_set_station(db, TEST_STATION, &err) != PD_OK)
        abort();
    pd_db_set_today(db, (struct pd_date){ 2012, 6, 15 });
    return db;
}

static inline void test_db_close(struct pd_db **db)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", pd_db_path(*db));
    pd_db_close(db);
    unlink(path);
}

/* Saves an event whose data is a JSON literal; returns the pd_err and fills
 * err; *person (if not NULL, size 40) gets the person id. */
static inline pd_err test_save(struct pd_db *db, const char *type, const char *household,
                               const char *person, const char *json, char *person_out,
                               struct pd_error *err)
{
    json_error_t je;
    json_t *data = json_loads(json, 0, &je);
    if (!data) {
        fprintf(stderr, "bad test JSON: %s: %s\n", json, je.text);
        abort();
    }
    struct pd_event ev;
    pd_error_clear(err);
    pd_err rc = pd_event_init(&ev, type, household, person, data, err);
    if (rc == PD_OK)
        rc = pd_event_save(db, &ev, "clerk01", err);
    if (rc == PD_OK && person_out)
        snprintf(person_out, 40, "%s", ev.person);
    pd_event_done(&ev);
    return rc;
}

/* Runs a one-number query on the register's file (a second connection). */
static inline long long test_count(struct pd_db *db, const char *sql)
{
    sqlite3 *h;
    long long n = -1;
    if (sqlite3_open_v2(pd_db_path(db), &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(h);
    return n;
}

#endif
