/* fixture.h - test fixtures that several unit tests share: the scratch
 * folder, a new register and removing it with its side files, a number
 * from SQL on a second connection, a stream of generated household/person
 * events, a file read whole, a variant of the shipped policy file, words
 * that must all be in a text, and a report rendered as text.  Header-only (static inline) because the
 * Makefile links each tests/unit/test_*.c alone with libpopdesk.a.
 * Include after <cmocka.h>: the helpers fail the running test with
 * cmocka's asserts. */
#ifndef PD_FIXTURE_H
#define PD_FIXTURE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/event.h"
#include "report/table.h"
#include "store/db.h"
#include "store/events.h"

/* The scratch folder: $POPDESK_TEST_TMP, else /tmp. */
static inline const char *fx_tmpdir(void)
{
    const char *t = getenv("POPDESK_TEST_TMP");
    return t && *t ? t : "/tmp";
}

/* The source tree's top ($POPDESK_TOP, else the current folder), where
 * conf/ lives. */
static inline const char *fx_top(void)
{
    const char *t = getenv("POPDESK_TOP");
    return t && *t ? t : ".";
}

/* Removes a register file and what SQLite and the pusher keep beside it. */
static inline void fx_rm_db(const char *path)
{
    static const char *const side[] = { "-wal", "-shm", ".sync.lock" };
    char p[600];
    unlink(path);
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, side[i]);
        unlink(p);
    }
}

/* Opens a new register PREFIX-PID-N.db in the scratch folder (removed
 * first; N counts the calls), fast mode, with `station` set.  Its path goes
 * in path (size bytes) for fx_close_db. */
static inline struct pd_db *fx_new_db(const char *prefix, const char *station, char *path, size_t size)
{
    static int n;
    snprintf(path, size, "%s/%s-%d-%d.db", fx_tmpdir(), prefix, (int)getpid(), n++);
    fx_rm_db(path);
    struct pd_db *db = NULL;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_db_open(path, PD_DB_CREATE | PD_DB_FAST, &db, &err) != PD_OK)
        fail_msg("open %s: %s", path, err.msg);
    assert_int_equal(pd_db_set_station(db, station, &err), PD_OK);
    return db;
}

/* Closes a register from fx_new_db and removes its files. */
static inline void fx_close_db(struct pd_db **db, const char *path)
{
    pd_db_close(db);
    fx_rm_db(path);
}

/* One number from a query on a second connection to the register file at
 * path, for looking behind the API; -1 when the query gives no row. */
static inline long long fx_sql_int(const char *path, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

/* Saves generated event number i of `station`: a household.add every 5th
 * (i % 5 == 0), otherwise a person.add in household i / 5 + 1.  With `fill`
 * (one UTF-8 character) the address is that character repeated to about
 * 200 bytes, so the envelope is about 1 KB.  Returns the event's seq. */
static inline long long fx_add_event(struct pd_db *db, const char *station, int i, const char *fill)
{
    static const char *const names[] = { "王小红", "李建国", "张秀英", "刘志强", "陈桂兰" };
    char hh[32], addr[700], name[64], birth[16];
    snprintf(hh, sizeof hh, "%s%06d", station, i / 5 + 1);
    snprintf(addr, sizeof addr, "宁波市江北区庄桥街道幸福村%d号", i / 5 + 1);
    if (fill) {
        size_t n = 0, w = strlen(fill);
        while (n + w < 198) {
            memcpy(addr + n, fill, w);
            n += w;
        }
        addr[n] = '\0';
    }
    struct pd_event ev;
    struct pd_error err;
    pd_error_clear(&err);
    json_t *d;
    const char *type;
    if (i % 5 == 0) {
        d = json_pack("{s:s, s:s}", "code", hh, "address", addr);
        type = "household.add";
    } else {
        snprintf(name, sizeof name, "%s%d", names[i % 5], i);
        snprintf(birth, sizeof birth, "19%02d-0%d-1%d", 50 + i % 40, 1 + i % 9, i % 10);
        d = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name, "sex", i % 2 ? "1" : "2",
                      "birth_date", birth, "reg_address", addr, "cur_address", addr);
        type = "person.add";
    }
    assert_int_equal(pd_event_init(&ev, type, hh, NULL, d, &err), PD_OK);
    if (pd_event_save(db, &ev, "clerk01", &err) != PD_OK)
        fail_msg("saving event %d: %s", i, err.msg);
    long long seq = ev.seq;
    pd_event_done(&ev);
    return seq;
}

/* The whole of a file in a new NUL-terminated buffer (the caller frees), or
 * NULL when it cannot be read; its length in *len when len is not NULL. */
static inline char *fx_read_file(const char *path, size_t *len)
{
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = calloc(1, (size_t)n + 1);
    size_t got = fread(text, 1, (size_t)n, f);
    fclose(f);
    if (got != (size_t)n) {
        free(text);
        return NULL;
    }
    if (len)
        *len = got;
    return text;
}

/* Writes `text` to `path` with `from` replaced by `to`; from NULL: `to`
 * (if not NULL) appended.  Fails the test when `from` is not in the text. */
static inline void fx_write_variant(const char *text, const char *from, const char *to, const char *path)
{
    const char *at = from ? strstr(text, from) : NULL;
    if (from && !at)
        fail_msg("the shipped file lacks '%s'", from);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    if (at) {
        fwrite(text, 1, (size_t)(at - text), f);
        fputs(to, f);
        fputs(at + strlen(from), f);
    } else {
        fputs(text, f);
        fputs(to ? to : "", f);
    }
    fclose(f);
}

/* fx_has_all(TEXT, WORD...): fails the test unless TEXT holds every WORD
 * (strstr), naming the first one missing and showing TEXT. */
#define fx_has_all(text, ...) fx_has_all_((text), __VA_ARGS__, (const char *)NULL)
static inline void fx_has_all_(const char *text, ...)
{
    assert_non_null(text);
    va_list ap;
    va_start(ap, text);
    for (const char *w = va_arg(ap, const char *); w; w = va_arg(ap, const char *)) {
        if (!strstr(text, w)) {
            va_end(ap);
            fail_msg("no '%s' in:\n%s", w, text);
        }
    }
    va_end(ap);
}

/* A report as text in a new buffer (the caller frees); its length in *len
 * when len is not NULL.  Not inline: inlined, GCC takes the buffer the
 * memory stream filled for a pointer to this function's locals
 * (-Wdangling-pointer). */
static __attribute__((noinline, unused)) char *fx_report_text(struct pd_report *r, const char *enc, int page_lines, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    struct pd_report_opts o = { enc, page_lines };
    struct pd_error err;
    assert_int_equal(pd_report_write_text(r, m, &o, &err), PD_OK);
    fclose(m);
    if (len)
        *len = n;
    return buf;
}

#endif
