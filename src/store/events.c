/* events.c - applying change events to the register (see events.h).
 *
 * Each type has an apply function that checks the event against what the
 * register holds and changes the records.  Around it, save_in_tx() numbers
 * the event, snapshots the record before and after for the audit row, and
 * writes the outbox row, so no type can forget either.
 */
#include "store/events.h"
#include "core/i18n.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/idnum.h"
#include "core/pinyin.h"
#include "store/audit.h"
#include "store/bulk.h"
#include "store/cases.h"
#include "store/services.h"
#include "store/internal.h"

struct apply_ctx {
    struct pd_db *db;
    struct pd_event *ev;
    struct pd_date today;
    const char *entity;      /* "person" or "household" */
    char entity_id[PD_EV_REF_MAX];
    char head[65];           /* the hash of the audit row written */
    /* a new person's row as written (insert_person): the audit row's
     * "after" without reading the row back; made_ok only when complete */
    struct snap *made;
    bool made_ok;
};

/* ---- small helpers ---------------------------------------------------- */

static const char *dstr(const json_t *data, const char *key)
{
    const json_t *v = json_object_get(data, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static int bind_json(sqlite3_stmt *st, int i, const json_t *v)
{
    if (!v || json_is_null(v))
        return sqlite3_bind_null(st, i);
    if (json_is_boolean(v))
        return sqlite3_bind_int(st, i, json_is_true(v));
    if (json_is_integer(v))
        return sqlite3_bind_int64(st, i, json_integer_value(v));
    if (json_is_string(v))
        return pd_bind_text(st, i, json_string_value(v));
    return sqlite3_bind_null(st, i);
}

static pd_err step_done(struct pd_db *db, sqlite3_stmt *st, const char *what,
                        struct pd_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, what, err);
    return PD_OK;
}

void pd_now_iso(char buf[PD_EV_AT_MAX])
{
    /* The same second as the last call: the same text (a bulk load saves
     * thousands of events a second).  Per thread, so no lock. */
    static __thread time_t last_t = (time_t)-1;
    static __thread char last[PD_EV_AT_MAX];
    time_t t = time(NULL);
    if (t == last_t) {
        memcpy(buf, last, PD_EV_AT_MAX);
        return;
    }
    struct tm tm;
    localtime_r(&t, &tm);
    char z[8];
    strftime(buf, PD_EV_AT_MAX, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(z, sizeof z, "%z", &tm);   /* +0800 */
    size_t n = strlen(buf);
    if (strlen(z) == 5)
        snprintf(buf + n, PD_EV_AT_MAX - n, "%.3s:%.2s", z, z + 3);
    memcpy(last, buf, PD_EV_AT_MAX);
    last_t = t;
}

/* Random bytes come from the kernel a few kilobytes at a time (a system
 * call per event was a few percent of a bulk load).  Locked because a
 * background push thread may save too; emptied in a forked child, which
 * must never hand out its parent's next ids. */
static struct {
    pthread_mutex_t lock;
    unsigned char buf[4096];
    size_t left;
} rnd = { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0 };

static void rnd_lock(void) { pthread_mutex_lock(&rnd.lock); }
static void rnd_unlock(void) { pthread_mutex_unlock(&rnd.lock); }
static void rnd_child(void)
{
    rnd.left = 0;
    pthread_mutex_unlock(&rnd.lock);
}
static void rnd_init(void) { pthread_atfork(rnd_lock, rnd_unlock, rnd_child); }

static void random_bytes(unsigned char *b, size_t size)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, rnd_init);
    pthread_mutex_lock(&rnd.lock);
    if (rnd.left < size) {
        size_t got = 0;
        while (got < sizeof rnd.buf) {
            ssize_t n = getrandom(rnd.buf + got, sizeof rnd.buf - got, 0);
            if (n > 0)
                got += (size_t)n;
        }
        rnd.left = sizeof rnd.buf;
    }
    memcpy(b, rnd.buf + sizeof rnd.buf - rnd.left, size);
    memset(rnd.buf + sizeof rnd.buf - rnd.left, 0, size);
    rnd.left -= size;
    pthread_mutex_unlock(&rnd.lock);
}

static void make_uuid(char out[PD_UUID_LEN])
{
    unsigned char b[16];
    random_bytes(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, PD_UUID_LEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
             b[12], b[13], b[14], b[15]);
}

/* The record as JSON: every non-NULL column but the rowid. */
static json_t *row_json(struct pd_db *db, const char *entity, const char *id)
{
    static const char sql_p[] = "SELECT * FROM persons WHERE pid=?";
    static const char sql_h[] = "SELECT * FROM households WHERE code=?";
    sqlite3_stmt *st = pd_db_stmt(db, strcmp(entity, "person") == 0 ? sql_p : sql_h, NULL);
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        o = json_object();
        int n = sqlite3_column_count(st);
        for (int i = 0; i < n; i++) {
            const char *col = sqlite3_column_name(st, i);
            if (strcmp(col, "id") == 0)
                continue;
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_INTEGER:
                json_object_set_new(o, col, json_integer(sqlite3_column_int64(st, i)));
                break;
            case SQLITE_NULL:
                break;
            default:
                json_object_set_new(o, col, json_string((const char *)sqlite3_column_text(st, i)));
            }
        }
    }
    sqlite3_reset(st);
    return o;
}

/* ---- the audit row's before and after ----------------------------------
 *
 * The audit row holds the record as JSON: the whole record when it is
 * created, else only what changed (before: the old values, after: the new;
 * null for a value that appeared or went).  Keys in name order, compact,
 * exactly as json_dumps(JSON_COMPACT | JSON_SORT_KEYS) would write the
 * objects row_json() builds - but straight from the row's values: building
 * two jansson objects per event, diffing and dumping them was a tenth of a
 * bulk load.
 */

/* One record: its non-NULL columns but the rowid, in name order. */
struct snap {
    bool found;
    int n;
    const char *key[PD_COLORDER_MAX];
    bool isint[PD_COLORDER_MAX];
    long long iv[PD_COLORDER_MAX];
    const char *sv[PD_COLORDER_MAX];        /* into text */
    size_t len[PD_COLORDER_MAX];
    char *text;
    size_t used, cap;
};

static void snap_free(struct snap *s)
{
    free(s->text);
    s->text = NULL;
}

/* The statement's columns in name order, worked out once per handle. */
static const struct pd_colorder *col_order(struct pd_db *db, int which, sqlite3_stmt *st)
{
    struct pd_colorder *o = &db->colorder[which];
    int n = sqlite3_column_count(st);
    bool same = o->n == n;
    for (int i = 0; same && i < n; i++)
        same = strcmp(o->name[i], sqlite3_column_name(st, i)) == 0;
    if (same)
        return o;
    o->newrow = 0;
    if (n > PD_COLORDER_MAX)
        return NULL;
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = sqlite3_column_name(st, i);
        size_t len = strlen(nm) + 1;
        if (used + len > sizeof o->names) {
            o->n = 0;
            return NULL;
        }
        memcpy(o->names + used, nm, len);
        o->name[i] = o->names + used;
        used += len;
        /* insertion sort: a few dozen names, once */
        int k = i;
        while (k > 0 && strcmp(o->name[o->order[k - 1]], o->name[i]) > 0) {
            o->order[k] = o->order[k - 1];
            k--;
        }
        o->order[k] = i;
    }
    o->n = n;
    return o;
}

/* Reads the record into s; s->found false if there is none.  False only
 * when out of memory or the table has more columns than we keep. */
static bool snap_read(struct pd_db *db, const char *entity, const char *id, struct snap *s)
{
    static const char sql_p[] = "SELECT * FROM persons WHERE pid=?";
    static const char sql_h[] = "SELECT * FROM households WHERE code=?";
    int which = strcmp(entity, "person") == 0 ? 0 : 1;
    s->found = false;
    s->n = 0;
    s->used = 0;
    sqlite3_stmt *st = pd_db_stmt(db, which == 0 ? sql_p : sql_h, NULL);
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    bool ok = true;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const struct pd_colorder *o = col_order(db, which, st);
        s->found = true;
        /* texts first, pointers after: the buffer may move while filling */
        size_t off[PD_COLORDER_MAX];
        for (int k = 0; ok && o && k < o->n; k++) {
            int i = o->order[k];
            int type = sqlite3_column_type(st, i);
            if (type == SQLITE_NULL || strcmp(o->name[i], "id") == 0)
                continue;
            s->key[s->n] = o->name[i];
            s->isint[s->n] = type == SQLITE_INTEGER;
            if (type == SQLITE_INTEGER) {
                s->iv[s->n] = sqlite3_column_int64(st, i);
            } else {
                const char *t = (const char *)sqlite3_column_text(st, i);
                size_t len = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
                if (s->used + len + 1 > s->cap) {
                    size_t cap = s->cap ? s->cap : 2048;
                    while (cap < s->used + len + 1)
                        cap *= 2;
                    char *p = realloc(s->text, cap);
                    if (!p) {
                        ok = false;
                        break;
                    }
                    s->text = p;
                    s->cap = cap;
                }
                if (len)
                    memcpy(s->text + s->used, t, len);
                s->text[s->used + len] = '\0';
                off[s->n] = s->used;
                s->len[s->n] = len;
                s->used += len + 1;
            }
            s->n++;
        }
        if (!o)
            ok = false;
        for (int k = 0; ok && k < s->n; k++)
            if (!s->isint[k])
                s->sv[k] = s->text + off[k];
    }
    sqlite3_reset(st);
    return ok;
}

/* Appends one value to s (texts copied; pointers fixed by snap_fix). */
static bool snap_add(struct snap *s, const char *key, bool isint, long long iv, const char *t,
                     size_t *off)
{
    s->key[s->n] = key;
    s->isint[s->n] = isint;
    if (isint) {
        s->iv[s->n] = iv;
    } else {
        size_t len = strlen(t);
        if (s->used + len + 1 > s->cap) {
            size_t cap = s->cap ? s->cap : 2048;
            while (cap < s->used + len + 1)
                cap *= 2;
            char *p = realloc(s->text, cap);
            if (!p)
                return false;
            s->text = p;
            s->cap = cap;
        }
        memcpy(s->text + s->used, t, len + 1);
        off[s->n] = s->used;
        s->len[s->n] = len;
        s->used += len + 1;
    }
    s->n++;
    return true;
}

/* The affinity SQLite gives a declared column type. */
static char affinity(const char *decl)
{
    char up[64];
    size_t i = 0;
    for (; decl && decl[i] && i < sizeof up - 1; i++)
        up[i] = (char)(decl[i] >= 'a' && decl[i] <= 'z' ? decl[i] - 32 : decl[i]);
    up[i] = '\0';
    if (strstr(up, "INT"))
        return 'I';
    if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
        return 'T';
    if (!up[0] || strstr(up, "BLOB"))
        return 'B';
    if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
        return 'R';
    return 'I';      /* NUMERIC: an integer stays one, like INTEGER */
}

static const char *const fixed_cols[] = { "pid", "household", "migrant", "wcba", "mother", "father",
                                          "initials" };
#define NFIXED ((int)(sizeof fixed_cols / sizeof fixed_cols[0]))

/* Works out, once per handle, where each column of persons gets its value
 * from when insert_person writes a row; newrow -1 when some column's value
 * cannot be told for sure (a default that is not a plain constant). */
static const struct pd_colorder *newrow_plan(struct pd_db *db)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT * FROM persons WHERE pid=?", NULL);
    struct pd_colorder *o = st ? (struct pd_colorder *)col_order(db, 0, st) : NULL;
    if (!o || o->newrow)
        return o;
    o->newrow = -1;
    size_t used = 0;
    for (int i = 0; i < o->n; i++) {
        const char *decl = sqlite3_column_decltype(st, i);
        o->aff[i] = affinity(decl);
        o->src[i] = SHRT_MIN;
        for (int k = 0; k < NFIXED; k++)
            if (strcmp(o->name[i], fixed_cols[k]) == 0)
                o->src[i] = (short)(-1 - k);
        for (int k = 0; o->src[i] == SHRT_MIN && k < pd_person_fields.n; k++)
            if (strcmp(o->name[i], pd_person_fields.fields[k].key) == 0)
                o->src[i] = (short)k;
        o->dkind[i] = 0;
    }
    /* the defaults of the columns insert_person does not name */
    sqlite3_stmt *ti = pd_db_stmt(db, "SELECT name, dflt_value FROM pragma_table_info('persons')", NULL);
    if (!ti)
        return o;
    bool ok = true;
    while (ok && sqlite3_step(ti) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(ti, 0);
        const char *dv = (const char *)sqlite3_column_text(ti, 1);
        int i = 0;
        while (i < o->n && strcmp(o->name[i], name ? name : "") != 0)
            i++;
        if (i == o->n) {
            ok = false;
            break;
        }
        if (o->src[i] != SHRT_MIN || !dv || strcmp(dv, "NULL") == 0)
            continue;
        size_t len = strlen(dv);
        char *end;
        long long v = strtoll(dv, &end, 10);
        if (len && *end == '\0' && (dv[0] == '-' || (dv[0] >= '0' && dv[0] <= '9')) &&
            (o->aff[i] == 'I' || o->aff[i] == 'B')) {
            o->dkind[i] = 1;
            o->dint[i] = v;
        } else if (len >= 2 && dv[0] == '\'' && dv[len - 1] == '\'' && !memchr(dv + 1, '\'', len - 2) &&
                   (o->aff[i] == 'T' || o->aff[i] == 'B') && used + len - 1 <= sizeof o->dtexts) {
            memcpy(o->dtexts + used, dv + 1, len - 2);
            o->dtexts[used + len - 2] = '\0';
            o->dtext[i] = o->dtexts + used;
            o->dkind[i] = 2;
            used += len - 1;
        } else {
            ok = false;
        }
    }
    sqlite3_reset(ti);
    if (ok)
        o->newrow = 1;
    return o;
}

/* The row insert_person just wrote, made from the values it bound (see
 * newrow_plan): what snap_read would read back.  False when that cannot be
 * told for sure (a value the column's affinity would convert); the row is
 * then read back. */
static bool snap_new_person(struct pd_db *db, const json_t *const *vals, const char *const fixed[NFIXED],
                            const long long fixed_int[NFIXED], struct snap *s)
{
    const struct pd_colorder *o = newrow_plan(db);
    if (!o || o->newrow != 1)
        return false;
    s->found = true;
    s->n = 0;
    s->used = 0;
    size_t off[PD_COLORDER_MAX];
    for (int k = 0; k < o->n; k++) {
        int i = o->order[k];
        if (strcmp(o->name[i], "id") == 0)
            continue;
        bool isint = false, null = false;
        long long iv = 0;
        const char *t = NULL;
        if (o->src[i] == SHRT_MIN) {
            null = o->dkind[i] == 0;
            isint = o->dkind[i] == 1;
            iv = o->dint[i];
            t = o->dtext[i];
        } else if (o->src[i] < 0) {
            int f = -1 - o->src[i];
            if (f == 2 || f == 3) {   /* migrant, wcba */
                isint = true;
                iv = fixed_int[f];
            } else {
                t = fixed[f];
                null = !t || !*t;     /* pd_bind_text: NULL and "" are NULL */
            }
        } else {
            /* as bind_json binds it */
            const json_t *v = vals[o->src[i]];
            if (json_is_boolean(v)) {
                isint = true;
                iv = json_is_true(v);
            } else if (json_is_integer(v)) {
                isint = true;
                iv = json_integer_value(v);
            } else if (json_is_string(v)) {
                t = json_string_value(v);
                null = !*t;
            } else {
                null = true;
            }
        }
        if (null)
            continue;
        /* a value the column would convert: read the row back instead */
        if (isint ? (o->aff[i] != 'I' && o->aff[i] != 'B') : (o->aff[i] != 'T' && o->aff[i] != 'B'))
            return false;
        if (!snap_add(s, o->name[i], isint, iv, t, off))
            return false;
    }
    for (int k = 0; k < s->n; k++)
        if (!s->isint[k])
            s->sv[k] = s->text + off[k];
    return true;
}

/* A growing JSON text. */
struct jtext {
    char *p;
    size_t len, cap;
    bool oom;
};

static void jt_put(struct jtext *j, const char *s, size_t n)
{
    if (j->oom)
        return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 1024;
        while (cap < j->len + n + 1)
            cap *= 2;
        char *p = realloc(j->p, cap);
        if (!p) {
            j->oom = true;
            return;
        }
        j->p = p;
        j->cap = cap;
    }
    memcpy(j->p + j->len, s, n);
    j->len += n;
    j->p[j->len] = '\0';
}

/* A JSON string as jansson writes it (no ASCII-only, no slash escape). */
static void jt_str(struct jtext *j, const char *s, size_t n)
{
    jt_put(j, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        jt_put(j, s + run, i - run);
        run = i + 1;
        char esc[8];
        switch (ch) {
        case '"':  jt_put(j, "\\\"", 2); break;
        case '\\': jt_put(j, "\\\\", 2); break;
        case '\b': jt_put(j, "\\b", 2); break;
        case '\f': jt_put(j, "\\f", 2); break;
        case '\n': jt_put(j, "\\n", 2); break;
        case '\r': jt_put(j, "\\r", 2); break;
        case '\t': jt_put(j, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", ch);
            jt_put(j, esc, 6);
        }
    }
    jt_put(j, s + run, n - run);
    jt_put(j, "\"", 1);
}

/* ,"key":value of column k of s (null when s is NULL) */
static void jt_member(struct jtext *j, const char *key, const struct snap *s, int k)
{
    jt_put(j, j->len > 1 ? "," : "", j->len > 1);
    jt_str(j, key, strlen(key));
    jt_put(j, ":", 1);
    if (!s) {
        jt_put(j, "null", 4);
    } else if (s->isint[k]) {
        char num[24];
        int len = snprintf(num, sizeof num, "%lld", s->iv[k]);
        jt_put(j, num, (size_t)len);
    } else {
        jt_str(j, s->sv[k], s->len[k]);
    }
}

static bool same_value(const struct snap *a, int i, const struct snap *b, int k)
{
    if (a->isint[i] != b->isint[k])
        return false;
    if (a->isint[i])
        return a->iv[i] == b->iv[k];
    return a->len[i] == b->len[k] && memcmp(a->sv[i], b->sv[k], a->len[i]) == 0;
}

/* The audit row's before and after texts (malloc'd; NULL for none):
 * with no record before, after is the whole record; else both hold only
 * the keys that changed.  False when out of memory. */
static bool audit_texts(const struct snap *before, const struct snap *after, char **b_out, char **a_out)
{
    struct jtext b = { 0 }, a = { 0 };
    *b_out = *a_out = NULL;
    if (!before->found && !after->found)
        return true;
    jt_put(&a, "{", 1);
    if (!before->found) {
        for (int k = 0; k < after->n; k++)
            jt_member(&a, after->key[k], after, k);
    } else {
        jt_put(&b, "{", 1);
        /* both lists are in name order: merge them */
        int i = 0, k = 0, na = after->found ? after->n : 0;
        while (i < before->n || k < na) {
            int c = i >= before->n ? 1 : k >= na ? -1 : strcmp(before->key[i], after->key[k]);
            if (c < 0) {            /* went */
                jt_member(&b, before->key[i], before, i);
                jt_member(&a, before->key[i], NULL, 0);
                i++;
            } else if (c > 0) {     /* appeared */
                jt_member(&b, after->key[k], NULL, 0);
                jt_member(&a, after->key[k], after, k);
                k++;
            } else {
                if (!same_value(before, i, after, k)) {
                    jt_member(&b, before->key[i], before, i);
                    jt_member(&a, after->key[k], after, k);
                }
                i++;
                k++;
            }
        }
        jt_put(&b, "}", 1);
    }
    jt_put(&a, "}", 1);
    if (a.oom || b.oom) {
        free(a.p);
        free(b.p);
        return false;
    }
    *b_out = b.p;
    *a_out = a.p;
    return true;
}

/* ---- look-ups --------------------------------------------------------- */

struct person_row {
    char pid[PD_EV_REF_MAX];
    char name[96];
    char sex[4];
    char birth_date[PD_DATE_STRLEN];
    char status[16];
    char end_date[PD_DATE_STRLEN];
    char household[PD_EV_REF_MAX];
    char moved_date[PD_DATE_STRLEN];
    int migrant;
    int wcba;
};

static pd_err find_person(struct pd_db *db, const char *pid, struct person_row *p,
                          const char *field, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT pid, name, sex, birth_date, status, end_date, household, migrant, wcba, moved_date "
        "FROM persons WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    pd_err rc = PD_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_col_text(st, 0, p->pid, sizeof p->pid);
        pd_col_text(st, 1, p->name, sizeof p->name);
        pd_col_text(st, 2, p->sex, sizeof p->sex);
        pd_col_text(st, 3, p->birth_date, sizeof p->birth_date);
        pd_col_text(st, 4, p->status, sizeof p->status);
        pd_col_text(st, 5, p->end_date, sizeof p->end_date);
        pd_col_text(st, 6, p->household, sizeof p->household);
        p->migrant = sqlite3_column_int(st, 7);
        p->wcba = sqlite3_column_int(st, 8);
        pd_col_text(st, 9, p->moved_date, sizeof p->moved_date);
    } else {
        rc = pd_fail(err, PD_ENOTFOUND, field, PD_MSG("台账里没有人员%s",
                "no person %s in the register"), pid);
    }
    sqlite3_reset(st);
    return rc;
}

static const char *status_words(const char *status)
{
    if (strcmp(status, "dead") == 0)
        return PD_MSG("已登记死亡",
                "recorded as dead");
    if (strcmp(status, "moved_out") == 0)
        return PD_MSG("已登记迁出",
                "recorded as moved out");
    if (strcmp(status, "left") == 0)
        return PD_MSG("已登记离开",
                "recorded as having left");
    return status;
}

static pd_err require_active(const struct person_row *p, const char *field,
                             struct pd_error *err)
{
    if (strcmp(p->status, "active") != 0)
        return pd_fail(err, PD_EDENIED, field, PD_MSG("%s（%s）%s（%s），之后不能再登记变动",
                "%s (%s) is %s since %s; no later change can be saved"),
                       p->name, p->pid, status_words(p->status), p->end_date);
    return PD_OK;
}

static pd_err require_female(const struct person_row *p, const char *what,
                             struct pd_error *err)
{
    if (strcmp(p->sex, "2") != 0)
        return pd_fail(err, PD_EINVAL, "person", PD_MSG("%s只能是女性；%s（%s）登记的性别不是女",
                "%s is for women; %s (%s) is not recorded as female"),
                       what, p->name, p->pid);
    return PD_OK;
}

static pd_err require_not_before_birth(const struct person_row *p, const char *date,
                                       const char *field, struct pd_error *err)
{
    if (p->birth_date[0] && date[0] && strcmp(date, p->birth_date) < 0)
        return pd_fail(err, PD_EINVAL, field, PD_MSG("%.0s所填日期“%s”早于%s的出生日期（%s）",
                "%s %s is before %s's birth (%s)"),
                       field, date, p->name, p->birth_date);
    return PD_OK;
}

static pd_err household_active(struct pd_db *db, const char *code, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT status FROM households WHERE code=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    pd_err rc = PD_OK;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = pd_fail(err, PD_ENOTFOUND, "household", PD_MSG("台账里没有户%s",
                "no household %s in the register"), code);
    sqlite3_reset(st);
    return rc;
}

static pd_err id_number_free(struct pd_db *db, const char *id, const char *self,
                             const char *field, struct pd_error *err)
{
    if (!id[0])
        return PD_OK;
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT pid, name, household FROM persons WHERE id_number=? AND +status='active' AND pid<>?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, self ? self : "", -1, SQLITE_STATIC);
    pd_err rc = PD_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = pd_fail(err, PD_EEXIST, field, PD_MSG("身份证号%s已登记给%s（%s，户%s）",
                "ID number %s is already registered to %s (%s, household %s)"),
                     id, (const char *)sqlite3_column_text(st, 1),
                     (const char *)sqlite3_column_text(st, 0),
                     sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "none");
    sqlite3_reset(st);
    return rc;
}

static pd_err next_person_id(struct pd_db *db, char out[PD_EV_REF_MAX], struct pd_error *err)
{
    /* Read once a transaction; the new value is written by pd_db_commit
     * (store/db.c), in the same transaction, not once per person. */
    if (db->tx_depth == 0)
        return pd_fail(err, PD_EDB, NULL, "a person id is given only inside a save");
    if (!db->tx_next_person) {
        char buf[32];
        long long n = 1;
        if (pd_db_meta_get(db, "next_person", buf, sizeof buf) == PD_OK)
            n = atoll(buf);
        db->tx_next_person = n > 0 ? n : 1;
    }
    snprintf(out, PD_EV_REF_MAX, "%sP%07lld", db->station, db->tx_next_person);
    db->tx_next_person++;
    db->tx_next_person_dirty = true;
    return PD_OK;
}

/* ---- person creation -------------------------------------------------- */

static const char *person_insert_sql(void)
{
    static char sql[2048];
    if (sql[0])
        return sql;
    size_t n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO persons(pid, household, migrant, wcba, "
                                "mother, father, initials");
    for (int i = 0; i < pd_person_fields.n; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", pd_person_fields.fields[i].key);
    n += (size_t)snprintf(sql + n, sizeof sql - n, ") VALUES(?,?,?,?,?,?,?");
    for (int i = 0; i < pd_person_fields.n; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, ",?");
    snprintf(sql + n, sizeof sql - n, ")");
    return sql;
}

static bool childbearing_age(const char *sex, const char *birth, struct pd_date on)
{
    struct pd_date b;
    if (strcmp(sex, "2") != 0 || pd_date_parse(birth, &b, "birth_date", NULL) != PD_OK ||
        pd_date_is_empty(b))
        return false;
    int age = pd_age_on(b, on);
    return age >= 15 && age <= 49;
}

static pd_err insert_person(struct apply_ctx *c, bool migrant, const char *mother,
                            const char *father, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    pd_err rc = id_number_free(db, dstr(d, "id_number"), NULL, "id_number", err);
    if (rc != PD_OK)
        return rc;
    rc = next_person_id(db, c->ev->person, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db, person_insert_sql(), err);
    if (!st)
        return PD_EDB;
    char initials[64];
    pd_pinyin_initials(dstr(d, "name"), initials, sizeof initials);
    bool wcba = childbearing_age(dstr(d, "sex"), dstr(d, "birth_date"), c->today);
    sqlite3_bind_text(st, 1, c->ev->person, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, c->ev->household);
    sqlite3_bind_int(st, 3, migrant);
    sqlite3_bind_int(st, 4, wcba);
    pd_bind_text(st, 5, mother);
    pd_bind_text(st, 6, father);
    pd_bind_text(st, 7, initials);
    const json_t *vals[PD_COLORDER_MAX];
    if (pd_person_fields.n > PD_COLORDER_MAX)
        c->made = NULL;      /* cannot happen: persons has fewer columns */
    for (int i = 0; i < pd_person_fields.n; i++) {
        const json_t *v = json_object_get(d, pd_person_fields.fields[i].key);
        if (i < PD_COLORDER_MAX)
            vals[i] = v;
        bind_json(st, 8 + i, v);
    }
    rc = step_done(db, st, "saving the person", err);
    pd_strlcpy(c->entity_id, c->ev->person, sizeof c->entity_id);
    /* The audit row's "after" from the values just written (the order of
     * fixed_cols).  Every caller writes nothing more to this row in its
     * apply; one that did would have to clear c->made_ok after it. */
    if (rc == PD_OK && c->made) {
        const char *fixed[NFIXED] = { c->ev->person, c->ev->household, NULL, NULL, mother, father,
                                      initials };
        const long long fixed_int[NFIXED] = { 0, 0, migrant, wcba, 0, 0, 0 };
        c->made_ok = snap_new_person(db, vals, fixed, fixed_int, c->made);
    }
    return rc;
}

static pd_err apply_person_add(struct apply_ctx *c, struct pd_error *err)
{
    pd_err rc = household_active(c->db, c->ev->household, err);
    return rc != PD_OK ? rc : insert_person(c, false, NULL, NULL, err);
}

static pd_err apply_move_in(struct apply_ctx *c, struct pd_error *err)
{
    json_t *d = c->ev->data;
    pd_err rc = household_active(c->db, c->ev->household, err);
    if (rc != PD_OK)
        return rc;
    if (strcmp(dstr(d, "date"), dstr(d, "birth_date")) < 0)
        return pd_fail(err, PD_EINVAL, "date", PD_MSG("迁入日期“%s”早于出生日期（%s）",
                "moved in (%s) before being born (%s)"),
                       dstr(d, "date"), dstr(d, "birth_date"));
    /* The event's date is the person's moved_date unless given apart. */
    if (!json_object_get(d, "moved_date"))
        json_object_set_new(d, "moved_date", json_string(dstr(d, "date")));
    return insert_person(c, false, NULL, NULL, err);
}

static pd_err apply_birth(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    struct person_row mother, father;
    pd_err rc = household_active(db, c->ev->household, err);
    if (rc == PD_OK)
        rc = find_person(db, dstr(d, "mother"), &mother, "mother", err);
    if (rc == PD_OK)
        rc = require_female(&mother, PD_MSG("出生登记的母亲",
                "the mother of a birth"), err);
    if (rc == PD_OK)
        rc = require_active(&mother, "mother", err);
    if (rc != PD_OK)
        return rc;
    const char *birth = dstr(d, "birth_date");
    struct pd_date mb, bd;
    pd_date_parse(mother.birth_date, &mb, "birth_date", NULL);
    pd_date_parse(birth, &bd, "birth_date", NULL);
    if (!pd_date_is_empty(mb)) {
        int age = pd_age_on(mb, bd);
        if (age < 10 || age > 65)
            return pd_fail(err, PD_EINVAL, "mother", PD_MSG("按所填日期，母亲%s生育时%d岁，请核对日期",
                "the mother %s would be %d at this birth; check the dates"),
                           mother.name, age);
    }
    const char *fpid = dstr(d, "father");
    if (fpid[0]) {
        rc = find_person(db, fpid, &father, "father", err);
        if (rc != PD_OK)
            return rc;
        if (strcmp(father.sex, "1") != 0)
            return pd_fail(err, PD_EINVAL, "father", PD_MSG("父亲%s登记的性别不是男",
                "the father %s is not recorded as male"), father.name);
    }
    /* birth order: the mother's live births so far, this one included */
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT count(*) FROM children WHERE parent=? AND adopted=0 "
                                  "AND birth_date<=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, mother.pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, birth, -1, SQLITE_STATIC);
    int order = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) + 1 : 1;
    sqlite3_reset(st);
    if (!json_object_get(d, "birth_order"))
        json_object_set_new(d, "birth_order", json_integer(order));

    /* insert_person() binds person fields only; the event's own keys stay. */
    rc = insert_person(c, false, mother.pid, fpid, err);
    if (rc != PD_OK)
        return rc;
    st = pd_db_stmt(db, "INSERT INTO children(parent, name, sex, birth_date, adopted, birth_order, child, seq) "
                    "VALUES(?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    const char *parents[2] = { mother.pid, fpid };
    for (int i = 0; i < 2 && rc == PD_OK; i++) {
        if (!parents[i][0])
            continue;
        sqlite3_bind_text(st, 1, parents[i], -1, SQLITE_STATIC);
        pd_bind_text(st, 2, dstr(d, "name"));
        pd_bind_text(st, 3, dstr(d, "sex"));
        pd_bind_text(st, 4, birth);
        sqlite3_bind_int(st, 5, json_is_true(json_object_get(d, "adopted")));
        sqlite3_bind_int64(st, 6, json_integer_value(json_object_get(d, "birth_order")));
        sqlite3_bind_text(st, 7, c->ev->person, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, c->ev->seq);
        rc = step_done(db, st, "saving the child", err);
    }
    return rc;
}

static pd_err apply_migrant_arrive(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    pd_err rc = PD_OK;
    if (c->ev->household[0])
        rc = household_active(db, c->ev->household, err);
    if (rc != PD_OK)
        return rc;
    if (!json_object_get(d, "flow_in"))
        json_object_set_new(d, "flow_in", json_true());
    if (!json_object_get(d, "moved_date"))
        json_object_set_new(d, "moved_date", json_string(dstr(d, "date")));
    rc = insert_person(c, true, NULL, NULL, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db,
        "INSERT INTO migrant_certs(person, arrived, from_place, number, authority, issue, expiry, presented, seq) "
        "VALUES(?,?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, c->ev->person, -1, SQLITE_STATIC);
    static const char *keys[] = { "date", "from", "cert_number", "cert_authority", "cert_issue",
                                  "cert_expiry", "cert_presented" };
    for (int i = 0; i < 7; i++)
        pd_bind_text(st, 2 + i, dstr(d, keys[i]));
    sqlite3_bind_int64(st, 9, c->ev->seq);
    return step_done(db, st, "saving the migrant certificate", err);
}

/* ---- changes to an existing person ------------------------------------ */

static pd_err end_person(struct apply_ctx *c, const struct person_row *p,
                         const char *status, struct pd_error *err)
{
    const char *date = dstr(c->ev->data, "date");
    pd_err rc = require_not_before_birth(p, date, "date", err);
    if (rc != PD_OK)
        return rc;
    if (p->moved_date[0] && strcmp(date, p->moved_date) < 0)
        return pd_fail(err, PD_EINVAL, "date", PD_MSG("%.0s所填日期“%s”早于%s迁入的日期（%s）",
                "%s %s is before %s moved here (%s)"),
                       "date", date, p->name, p->moved_date);
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE persons SET status=?, end_date=?, wcba=0, "
                                  "pregnant_expected=NULL WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the change", err);
}

static pd_err apply_death(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    pd_err rc = end_person(c, p, "dead", err);
    if (rc != PD_OK)
        return rc;
    /* The parents' lists of children follow. */
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE children SET alive=0, death_date=? WHERE child=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, dstr(c->ev->data, "date"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the death", err);
}

static pd_err apply_migrant_leave(struct apply_ctx *c, const struct person_row *p,
                                  struct pd_error *err)
{
    if (!p->migrant)
        return pd_fail(err, PD_EINVAL, "person", PD_MSG("%s不在流动人口名册里；户籍人口请登记迁出",
                "%s is not in the migrant register; use move out"),
                       p->name);
    pd_err rc = end_person(c, p, "left", err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE migrant_certs SET left_date=?, to_place=? "
                                  "WHERE person=? AND left_date IS NULL", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, dstr(c->ev->data, "date"), -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(c->ev->data, "to"));
    sqlite3_bind_text(st, 3, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the departure", err);
}

static pd_err apply_marriage(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    const char *date = dstr(d, "date");
    pd_err rc = require_not_before_birth(p, date, "date", err);
    if (rc != PD_OK)
        return rc;
    struct pd_date b, on;
    pd_date_parse(p->birth_date, &b, "birth_date", NULL);
    pd_date_parse(date, &on, "date", NULL);
    if (!pd_date_is_empty(b) && pd_age_on(b, on) < 16)
        return pd_fail(err, PD_EINVAL, "date", PD_MSG("按所填日期，%s办理婚姻变动时%d岁，请核对日期",
                "%s would be %d at this marriage change; check the dates"),
                       p->name, pd_age_on(b, on));
    const char *change = dstr(d, "change");
    const char *code = pd_marriage_change_code(change);
    bool ends = strcmp(change, "divorce") == 0 || strcmp(change, "widowed") == 0;
    sqlite3_stmt *st = pd_db_stmt(c->db,
        "UPDATE persons SET marital=?, marital_date=?,"
        " first_marriage_date=CASE WHEN ?1='21' AND sex='2' AND first_marriage_date IS NULL"
        "   THEN ?2 ELSE first_marriage_date END,"
        " spouse_name=CASE WHEN ?3 THEN NULL ELSE coalesce(?4, spouse_name) END,"
        " spouse_id_number=CASE WHEN ?3 THEN NULL ELSE coalesce(?5, spouse_id_number) END,"
        " spouse=CASE WHEN ?3 THEN NULL ELSE coalesce(?6, spouse) END"
        " WHERE pid=?7", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, ends);
    pd_bind_text(st, 4, dstr(d, "spouse_name"));
    pd_bind_text(st, 5, dstr(d, "spouse_id_number"));
    pd_bind_text(st, 6, dstr(d, "spouse"));
    sqlite3_bind_text(st, 7, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the marriage change", err);
}

static pd_err apply_child(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    pd_err rc = require_not_before_birth(p, dstr(d, "birth_date"), "birth_date", err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(c->db,
        "INSERT INTO children(parent, name, sex, birth_date, alive, death_date, adopted,"
        " disability_grade, within_policy, child, seq) VALUES(?,?,?,?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    json_t *alive = json_object_get(d, "alive");
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "name"));
    pd_bind_text(st, 3, dstr(d, "sex"));
    pd_bind_text(st, 4, dstr(d, "birth_date"));
    sqlite3_bind_int(st, 5, alive ? json_is_true(alive) : !dstr(d, "death_date")[0]);
    pd_bind_text(st, 6, dstr(d, "death_date"));
    sqlite3_bind_int(st, 7, json_is_true(json_object_get(d, "adopted")));
    bind_json(st, 8, json_object_get(d, "disability_grade"));
    bind_json(st, 9, json_object_get(d, "within_policy"));
    pd_bind_text(st, 10, dstr(d, "child"));
    sqlite3_bind_int64(st, 11, c->ev->seq);
    return step_done(c->db, st, "saving the child", err);
}

static pd_err apply_wcba(struct apply_ctx *c, const struct person_row *p, bool enter,
                         struct pd_error *err)
{
    pd_err rc = require_female(p, PD_MSG("育龄妇女名册",
                "the childbearing-age register"), err);
    if (rc != PD_OK)
        return rc;
    if (enter == (p->wcba != 0))
        return pd_fail(err, PD_EINVAL, "person", PD_MSG("%s%s育龄妇女名册",
                "%s is %s the childbearing-age register"),
                       p->name, enter ? PD_MSG("已在",
                "already in") : PD_MSG("不在",
                "not in"));
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE persons SET wcba=? WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int(st, 1, enter);
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the change", err);
}

static pd_err apply_contraception(struct apply_ctx *c, const struct person_row *p,
                                  struct pd_error *err)
{
    json_t *d = c->ev->data;
    /* contraception is recorded for women, and for men's sterilisation/condom use */
    pd_err rc = require_not_before_birth(p, dstr(d, "start"), "start", err);
    if (rc != PD_OK)
        return rc;
    const char *start = dstr(d, "start");
    sqlite3_stmt *st = pd_db_stmt(c->db, "UPDATE contraception SET end_date=? "
                                  "WHERE person=? AND end_date IS NULL", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, start, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    if ((rc = step_done(c->db, st, "closing the previous method", err)) != PD_OK)
        return rc;
    st = pd_db_stmt(c->db, "INSERT INTO contraception(person, method, start_date, end_date, provider, seq) "
                    "VALUES(?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "method"));
    pd_bind_text(st, 3, start);
    pd_bind_text(st, 4, dstr(d, "end"));
    pd_bind_text(st, 5, dstr(d, "provider"));
    sqlite3_bind_int64(st, 6, c->ev->seq);
    if ((rc = step_done(c->db, st, "saving the method", err)) != PD_OK)
        return rc;
    bool current = !dstr(d, "end")[0];
    st = pd_db_stmt(c->db, "UPDATE persons SET contra_method=?, contra_start=? WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    pd_bind_text(st, 1, current ? dstr(d, "method") : NULL);
    pd_bind_text(st, 2, current ? start : NULL);
    sqlite3_bind_text(st, 3, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the method", err);
}

static pd_err apply_pregnancy(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    pd_err rc = require_female(p, PD_MSG("怀孕登记",
                "a pregnancy"), err);
    if (rc != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(c->db, "SELECT id, expected FROM pregnancies "
                                  "WHERE person=? AND outcome IS NULL", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        rc = pd_fail(err, PD_EEXIST, "registered",
                     PD_MSG("%s已有一次怀孕登记（预产期%s）还没有登记结果；请先登记那次的结果",
                "%s already has a registered pregnancy (expected %s) with no outcome; record its outcome first"),
                     p->name, (const char *)sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(c->db, "INSERT INTO pregnancies(person, registered, expected, certificate, seq) "
                    "VALUES(?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "registered"));
    pd_bind_text(st, 3, dstr(d, "expected"));
    pd_bind_text(st, 4, dstr(d, "certificate"));
    sqlite3_bind_int64(st, 5, c->ev->seq);
    if ((rc = step_done(c->db, st, "saving the pregnancy", err)) != PD_OK)
        return rc;
    st = pd_db_stmt(c->db, "UPDATE persons SET pregnant_expected=? WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    pd_bind_text(st, 1, dstr(d, "expected"));
    sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the pregnancy", err);
}

static pd_err apply_outcome(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    json_t *d = c->ev->data;
    json_int_t want = json_integer_value(json_object_get(d, "pregnancy"));
    sqlite3_stmt *st = pd_db_stmt(c->db, "SELECT id, registered FROM pregnancies WHERE person=? "
                                  "AND outcome IS NULL AND (?2=0 OR id=?2)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, want);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOTFOUND, "pregnancy", PD_MSG("%s没有待登记结果的怀孕登记",
                "%s has no registered pregnancy awaiting an outcome"),
                       p->name);
    }
    long long id = sqlite3_column_int64(st, 0);
    char registered[PD_DATE_STRLEN];
    pd_col_text(st, 1, registered, sizeof registered);
    sqlite3_reset(st);
    if (strcmp(dstr(d, "date"), registered) < 0)
        return pd_fail(err, PD_EINVAL, "date", PD_MSG("结果日期“%s”早于怀孕登记日期（%s）",
                "the outcome date %s is before the pregnancy was registered (%s)"),
                       dstr(d, "date"), registered);
    if (!json_object_get(d, "pregnancy"))
        json_object_set_new(d, "pregnancy", json_integer(id));
    st = pd_db_stmt(c->db, "UPDATE pregnancies SET outcome=?, outcome_date=? WHERE id=?", err);
    if (!st)
        return PD_EDB;
    pd_bind_text(st, 1, dstr(d, "outcome"));
    pd_bind_text(st, 2, dstr(d, "date"));
    sqlite3_bind_int64(st, 3, id);
    pd_err rc = step_done(c->db, st, "saving the outcome", err);
    if (rc != PD_OK)
        return rc;
    st = pd_db_stmt(c->db, "UPDATE persons SET pregnant_expected=NULL WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    return step_done(c->db, st, "saving the outcome", err);
}

static pd_err apply_certificate(struct apply_ctx *c, const struct person_row *p,
                                struct pd_error *err)
{
    json_t *d = c->ev->data;
    sqlite3_stmt *st = pd_db_stmt(c->db, "SELECT person FROM certificates WHERE kind=? AND number=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, dstr(d, "kind"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dstr(d, "number"), -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_err rc = pd_fail(err, PD_EEXIST, "number", PD_MSG("证件编号%s已经发过（给%s）",
                "certificate number %s is already issued (to %s)"),
                            dstr(d, "number"), (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(c->db, "INSERT INTO certificates(person, kind, number, date, reason, child, seq) "
                    "VALUES(?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "kind"));
    pd_bind_text(st, 3, dstr(d, "number"));
    pd_bind_text(st, 4, dstr(d, "date"));
    pd_bind_text(st, 5, dstr(d, "reason"));
    pd_bind_text(st, 6, dstr(d, "child"));
    sqlite3_bind_int64(st, 7, c->ev->seq);
    return step_done(c->db, st, "saving the certificate", err);
}

/* A correction rewrites named fields; the whole record must still agree. */
static pd_err apply_correct(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    bool person = c->ev->person[0] != '\0';
    const struct pd_fieldset *fs = person ? &pd_person_fields : &pd_household_fields;
    const char *id = person ? c->ev->person : c->ev->household;
    json_t *fields = json_object_get(c->ev->data, "fields");
    pd_err rc;
    if (person) {
        struct person_row p;
        if ((rc = find_person(db, id, &p, "person", err)) != PD_OK)
            return rc;
        /* a dead person's record can still be corrected */
        json_t *row = row_json(db, "person", id);
        json_t *merged = json_deep_copy(row);
        json_decref(row);
        json_object_update(merged, fields);
        const char *idn = dstr(merged, "id_number");
        if (idn[0]) {
            struct pd_idinfo info;
            struct pd_date b;
            const char *sex = dstr(merged, "sex");
            pd_date_parse(dstr(merged, "birth_date"), &b, "birth_date", NULL);
            rc = pd_id_parse(idn, c->today, &info, err);
            if (rc == PD_OK)
                rc = pd_id_agrees(&info, sex[0] ? sex[0] - '0' : 0, b, err);
        }
        if (rc == PD_OK)
            rc = id_number_free(db, idn, id, "id_number", err);
        json_decref(merged);
        if (rc != PD_OK)
            return rc;
    } else if ((rc = household_active(db, id, err)) != PD_OK) {
        return rc;
    }

    char sql[1024];
    size_t n = (size_t)snprintf(sql, sizeof sql, "UPDATE %s SET ", person ? "persons" : "households");
    const char *key;
    json_t *v;
    int i = 0;
    json_object_foreach(fields, key, v) {
        const struct pd_field *f = pd_field_find(fs, key);   /* checked: known keys only */
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s=?", i++ ? ", " : "", f->key);
    }
    if (person && json_object_get(fields, "name"))
        n += (size_t)snprintf(sql + n, sizeof sql - n, ", initials=?");
    snprintf(sql + n, sizeof sql - n, " WHERE %s=?", person ? "pid" : "code");
    sqlite3_stmt *st;
    if ((rc = pd_db_prepare(db, sql, &st, err)) != PD_OK)
        return rc;
    i = 1;
    json_object_foreach(fields, key, v)
        bind_json(st, i++, v);
    if (person && json_object_get(fields, "name")) {
        char initials[64];
        pd_pinyin_initials(dstr(fields, "name"), initials, sizeof initials);
        pd_bind_text(st, i++, initials);
    }
    sqlite3_bind_text(st, i, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? PD_OK : pd_db_fail(db, "saving the correction", err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- person.merge ----------------------------------------------------- */

/* Fills the kept record's empty fields from the duplicate: every person
 * field plus the links and summary columns events keep. */
static const char *merge_fill_sql(void)
{
    static char sql[4096];
    if (sql[0])
        return sql;
    static const char *const extra[] = { "mother", "father", "spouse", "contra_method",
                                         "contra_start", "pregnant_expected" };
    size_t n = (size_t)snprintf(sql, sizeof sql, "UPDATE persons SET wcba=max(wcba,"
                                "(SELECT wcba FROM persons WHERE pid=?2))");
    for (int i = 0; i < pd_person_fields.n + 6; i++) {
        const char *col = i < pd_person_fields.n ? pd_person_fields.fields[i].key
                                                 : extra[i - pd_person_fields.n];
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              ", %s=coalesce(nullif(%s,''),(SELECT %s FROM persons WHERE pid=?2))",
                              col, col, col);
    }
    snprintf(sql + n, sizeof sql - n, " WHERE pid=?1");
    return sql;
}

/* Runs one statement binding ?1 = kept record, ?2 = duplicate. */
static pd_err merge_step(struct pd_db *db, const char *sql, const char *keep, const char *dup,
                         struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, keep, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dup, -1, SQLITE_STATIC);
    return step_done(db, st, "merging the records", err);
}

/* The duplicate (p) is retired into `into`: both must be the same person as
 * far as the records tell (sex, birth date and ID number agree where both
 * have them).  Rows already on the kept record are not copied twice; the
 * duplicate's row is deleted (the audit row keeps it whole) and its id is
 * remembered in merged_persons. */
static pd_err apply_merge(struct apply_ctx *c, const struct person_row *p, struct pd_error *err)
{
    struct pd_db *db = c->db;
    const char *into = dstr(c->ev->data, "into");
    struct person_row k;
    pd_err rc = find_person(db, into, &k, "into", err);
    if (rc == PD_OK)
        rc = require_active(&k, "into", err);
    if (rc != PD_OK)
        return rc;
    if (p->sex[0] && k.sex[0] && strcmp(p->sex, k.sex) != 0)
        return pd_fail(err, PD_EINVAL, "into", PD_MSG("%s（%s）和%s（%s）登记的性别不同；请先更正其中一份档案再合并",
                "%s (%s) and %s (%s) are recorded with different sexes; "
                       "correct one record before merging"), p->name, p->pid, k.name, k.pid);
    if (p->birth_date[0] && k.birth_date[0] && strcmp(p->birth_date, k.birth_date) != 0)
        return pd_fail(err, PD_EINVAL, "into", PD_MSG("%s（%s）出生于%s，而%s（%s）出生于%s；请先更正其中一份档案再合并",
                "%s (%s) was born %s but %s (%s) %s; "
                       "correct one record before merging"), p->name, p->pid, p->birth_date,
                       k.name, k.pid, k.birth_date);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT a.id_number, b.id_number, "
        "(SELECT count(*) FROM pregnancies WHERE person=a.pid AND outcome IS NULL), "
        "(SELECT count(*) FROM pregnancies WHERE person=b.pid AND outcome IS NULL) "
        "FROM persons a, persons b WHERE a.pid=?1 AND b.pid=?2", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k.pid, -1, SQLITE_STATIC);
    char ida[24] = "", idb[24] = "";
    int open_a = 0, open_b = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_col_text(st, 0, ida, sizeof ida);
        pd_col_text(st, 1, idb, sizeof idb);
        open_a = sqlite3_column_int(st, 2);
        open_b = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (ida[0] && idb[0] && strcmp(ida, idb) != 0)
        return pd_fail(err, PD_EINVAL, "into", PD_MSG("%s（%s）的身份证号是%s，而%s（%s）的是%s；除非有一个号码登错（请先更正），这是两个人",
                "%s (%s) has ID number %s but %s (%s) has %s; "
                       "these are different people unless one number is wrong (correct it first)"),
                       p->name, p->pid, ida, k.name, k.pid, idb);

    /* Exact copies on the duplicate go first, so nothing is held twice. */
    static const char del_children[] =
        "DELETE FROM children WHERE parent=?2 AND EXISTS (SELECT 1 FROM children k WHERE k.parent=?1"
        " AND k.birth_date=children.birth_date AND k.sex=children.sex"
        " AND (k.child=children.child OR coalesce(k.name,'')=coalesce(children.name,'')))";
    static const char del_contra[] =
        "DELETE FROM contraception WHERE person=?2 AND EXISTS (SELECT 1 FROM contraception k"
        " WHERE k.person=?1 AND k.method=contraception.method AND k.start_date=contraception.start_date)";
    static const char del_preg[] =
        "DELETE FROM pregnancies WHERE person=?2 AND EXISTS (SELECT 1 FROM pregnancies k"
        " WHERE k.person=?1 AND k.registered=pregnancies.registered AND k.expected=pregnancies.expected)";
    static const char del_certs[] =
        "DELETE FROM certificates WHERE person=?2 AND EXISTS (SELECT 1 FROM certificates k"
        " WHERE k.person=?1 AND k.kind=certificates.kind AND k.number=certificates.number)";
    static const char del_mcerts[] =
        "DELETE FROM migrant_certs WHERE person=?2 AND EXISTS (SELECT 1 FROM migrant_certs k"
        " WHERE k.person=?1 AND k.arrived=migrant_certs.arrived AND coalesce(k.number,'')=coalesce(migrant_certs.number,''))";
    static const char *const steps[] = {
        del_children, del_contra, del_preg, del_certs, del_mcerts,
        "UPDATE children SET parent=?1 WHERE parent=?2",
        "UPDATE children SET child=?1 WHERE child=?2",
        "UPDATE contraception SET person=?1 WHERE person=?2",
        "UPDATE pregnancies SET person=?1 WHERE person=?2",
        "UPDATE migrant_certs SET person=?1 WHERE person=?2",
        "UPDATE certificates SET person=?1 WHERE person=?2",
        "UPDATE certificates SET child=?1 WHERE child=?2",
        /* links to the duplicate: only its children and spouse can hold one
         * (looked up through the moved children rows: no scan of persons) */
        "UPDATE persons SET mother=?1 WHERE mother=?2 AND pid IN"
        " (SELECT child FROM children WHERE parent=?1 AND child IS NOT NULL)",
        "UPDATE persons SET father=?1 WHERE father=?2 AND pid IN"
        " (SELECT child FROM children WHERE parent=?1 AND child IS NOT NULL)",
        "UPDATE persons SET spouse=?1 WHERE spouse=?2 AND pid IN"
        " (SELECT spouse FROM persons WHERE pid IN (?1, ?2) AND spouse IS NOT NULL)",
        /* a method still open on both records: the older one ended when the newer began */
        "UPDATE contraception SET end_date=(SELECT max(start_date) FROM contraception o"
        " WHERE o.person=?1 AND o.end_date IS NULL) WHERE person=?1 AND end_date IS NULL"
        " AND start_date<(SELECT max(start_date) FROM contraception o WHERE o.person=?1 AND o.end_date IS NULL)",
        "UPDATE merged_persons SET into_pid=?1 WHERE into_pid=?2",
        /* casework and subsidy decisions follow the person too */
        "UPDATE subsidy_decisions SET person=?1 WHERE person=?2",
        "UPDATE sc_cases SET person=?1 WHERE person=?2",
        "UPDATE sc_cases SET spouse=?1 WHERE spouse=?2",
        "UPDATE pregnancy_visits SET person=?1 WHERE person=?2",
        "UPDATE fee_cases SET person=?1 WHERE person=?2",
        "UPDATE fee_cases SET father=?1 WHERE father=?2",
        "UPDATE fee_cases SET child=?1 WHERE child=?2",
    };
    if (open_a && open_b) {
        /* both records have a pregnancy awaiting its outcome: same one? */
        st = pd_db_stmt(db, "SELECT count(*) FROM pregnancies a, pregnancies b WHERE a.person=?2"
                        " AND b.person=?1 AND a.outcome IS NULL AND b.outcome IS NULL"
                        " AND a.registered=b.registered AND a.expected=b.expected", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, k.pid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, p->pid, -1, SQLITE_STATIC);
        int same = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        if (!same)
            return pd_fail(err, PD_EINVAL, "into", PD_MSG("%s（%s）和%s（%s）各有一次待登记结果的怀孕登记，且不是同一次；请先登记错的那次的结果",
                "%s (%s) and %s (%s) each have a different pregnancy "
                           "awaiting its outcome; record the outcome of the wrong one first"),
                           p->name, p->pid, k.name, k.pid);
    }
    rc = merge_step(db, merge_fill_sql(), k.pid, p->pid, err);
    for (size_t i = 0; rc == PD_OK && i < sizeof steps / sizeof steps[0]; i++)
        rc = merge_step(db, steps[i], k.pid, p->pid, err);
    if (rc != PD_OK)
        return rc;
    st = pd_db_stmt(db, "INSERT INTO merged_persons(pid, into_pid, seq) VALUES(?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k.pid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->ev->seq);
    if ((rc = step_done(db, st, "recording the merge", err)) != PD_OK)
        return rc;
    st = pd_db_stmt(db, "DELETE FROM persons WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p->pid, -1, SQLITE_STATIC);
    return step_done(db, st, "retiring the duplicate", err);
}

static pd_err apply_household_add(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    json_t *d = c->ev->data;
    const char *code = dstr(d, "code");
    if (db->station[0] && strncmp(code, db->station, 12) != 0)
        return pd_fail(err, PD_EINVAL, "code",
                       PD_MSG("户编号%s必须以本站的村居代码%s开头",
                "household code %s must begin with this station's village code %s"), code, db->station);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT 1 FROM households WHERE code=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    bool exists = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (exists)
        return pd_fail(err, PD_EEXIST, "code", PD_MSG("户%s已在台账里",
                "household %s is already in the register"), code);
    st = pd_db_stmt(db, "INSERT INTO households(code, police_no, address, phone, reg_type) VALUES(?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    static const char *keys[] = { "code", "police_no", "address", "phone", "reg_type" };
    for (int i = 0; i < 5; i++)
        pd_bind_text(st, i + 1, dstr(d, keys[i]));
    pd_strlcpy(c->ev->household, code, sizeof c->ev->household);
    c->entity = "household";
    pd_strlcpy(c->entity_id, code, sizeof c->entity_id);
    return step_done(db, st, "saving the household", err);
}

/* ---- subsidy.decision ------------------------------------------------- */

/* A supervisor's decision (docs/POLICY.md).  Allowed on a person who died
 * or moved out, so payments can be stopped; approving needs a person who is
 * still active.  Only a supervisor or an administrator signs one. */
static pd_err apply_subsidy_decision(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_db *db = c->db;
    struct pd_event *ev = c->ev;
    json_t *d = ev->data;
    struct person_row p;
    pd_err rc = find_person(db, ev->person, &p, "person", err);
    if (rc != PD_OK)
        return rc;
    if (!ev->household[0])
        pd_strlcpy(ev->household, p.household, sizeof ev->household);
    if (strcmp(dstr(d, "decision"), "approve") == 0 && (rc = require_active(&p, "person", err)) != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT role FROM users WHERE name=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, ev->user, -1, SQLITE_STATIC);
    char role[16] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, role, sizeof role);
    sqlite3_reset(st);
    if (strcmp(role, "supervisor") != 0 && strcmp(role, "admin") != 0)
        return pd_fail(err, PD_EDENIED, "user", "subsidy decisions are signed by a supervisor; %s is %s",
                       ev->user, role[0] ? role : "not an account of this register");
    st = pd_db_stmt(db, "INSERT INTO subsidy_decisions(person, programme, year, decision, category,"
                    " status, amount, reason, date, user, seq) VALUES(?,?,?,?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, p.pid, -1, SQLITE_STATIC);
    pd_bind_text(st, 2, dstr(d, "programme"));
    bind_json(st, 3, json_object_get(d, "year"));
    pd_bind_text(st, 4, dstr(d, "decision"));
    pd_bind_text(st, 5, dstr(d, "category"));
    pd_bind_text(st, 6, dstr(d, "status"));
    bind_json(st, 7, json_object_get(d, "amount"));
    pd_bind_text(st, 8, dstr(d, "reason"));
    pd_bind_text(st, 9, dstr(d, "date"));
    sqlite3_bind_text(st, 10, ev->user, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, ev->seq);
    return step_done(db, st, "saving the decision", err);
}

static pd_err apply(struct apply_ctx *c, struct pd_error *err)
{
    struct pd_event *ev = c->ev;
    enum pd_event_kind k = ev->type->kind;
    c->entity = "person";
    pd_strlcpy(c->entity_id, ev->person, sizeof c->entity_id);
    switch (k) {
    case PD_EV_HOUSEHOLD_ADD:   return apply_household_add(c, err);
    case PD_EV_PERSON_ADD:      return apply_person_add(c, err);
    case PD_EV_PERSON_BIRTH:    return apply_birth(c, err);
    case PD_EV_PERSON_MOVE_IN:  return apply_move_in(c, err);
    case PD_EV_MIGRANT_ARRIVE:  return apply_migrant_arrive(c, err);
    case PD_EV_SUBSIDY_DECISION: return apply_subsidy_decision(c, err);
    case PD_EV_CROSSCHECK_ANSWER:
        /* changes no record: the answer travels by the outbox; the audit
         * row names the district's update (store/updates.c marks it) */
        c->entity = "update";
        pd_strlcpy(c->entity_id, dstr(ev->data, "update"), sizeof c->entity_id);
        return PD_OK;
    case PD_EV_CORRECT:
        if (!ev->person[0]) {
            c->entity = "household";
            pd_strlcpy(c->entity_id, ev->household, sizeof c->entity_id);
        }
        return apply_correct(c, err);
    default:
        break;
    }
    struct person_row p;
    pd_err rc = find_person(c->db, ev->person, &p, "person", err);
    if (rc != PD_OK)
        return rc;
    if (!ev->household[0])
        pd_strlcpy(ev->household, p.household, sizeof ev->household);
    if ((rc = require_active(&p, "person", err)) != PD_OK)
        return rc;
    switch (k) {
    case PD_EV_PERSON_DEATH:    return apply_death(c, &p, err);
    case PD_EV_PERSON_MOVE_OUT:
        if (p.migrant)
            return pd_fail(err, PD_EINVAL, "person", PD_MSG("%s在流动人口名册里；请登记流动人口离开",
                "%s is in the migrant register; record that the migrant leaves"),
                           p.name);
        return end_person(c, &p, "moved_out", err);
    case PD_EV_MIGRANT_LEAVE:   return apply_migrant_leave(c, &p, err);
    case PD_EV_PERSON_MARRIAGE: return apply_marriage(c, &p, err);
    case PD_EV_PERSON_CHILD:    return apply_child(c, &p, err);
    case PD_EV_WOMAN_ENTER:     return apply_wcba(c, &p, true, err);
    case PD_EV_WOMAN_LEAVE:     return apply_wcba(c, &p, false, err);
    case PD_EV_CONTRACEPTION:   return apply_contraception(c, &p, err);
    case PD_EV_PREGNANCY:       return apply_pregnancy(c, &p, err);
    case PD_EV_PREG_OUTCOME:    return apply_outcome(c, &p, err);
    case PD_EV_CERTIFICATE:     return apply_certificate(c, &p, err);
    case PD_EV_PERSON_MERGE:    return apply_merge(c, &p, err);
    case PD_EV_SC_APPLY:
    case PD_EV_SC_REVIEW:
    case PD_EV_PREG_VISIT:
    case PD_EV_FEE_LEVY:
    case PD_EV_FEE_PAYMENT:     return pd_cases_apply(c->db, ev, err);
    case PD_EV_RISK_ARCHIVE:
    case PD_EV_RISK_GUIDANCE:
    case PD_EV_RISK_CLOSE:
    case PD_EV_HEALTH_SERVICE:
    case PD_EV_BENEFIT_APPLY:
    case PD_EV_BENEFIT_DECIDE:
    case PD_EV_BENEFIT_PAYMENT: return pd_services_apply(c->db, ev, err);
    default:
        return pd_fail(err, PD_EINVAL, "type", PD_MSG("这里不能保存%s这种变动",
                "event type %s cannot be saved here"), ev->type->name);
    }
}

/* ---- audit and outbox -------------------------------------------------- */

static pd_err write_audit(struct apply_ctx *c, const struct snap *before, const struct snap *after,
                          struct pd_error *err)
{
    struct pd_db *db = c->db;
    struct pd_event *ev = c->ev;
    char prev[65] = "";
    sqlite3_stmt *st;
    if (db->tx_known) {
        pd_strlcpy(prev, db->tx_head, sizeof prev);
    } else {
        st = pd_db_stmt(db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", err);
        if (!st)
            return PD_EDB;
        if (sqlite3_step(st) == SQLITE_ROW)
            pd_col_text(st, 0, prev, sizeof prev);
        sqlite3_reset(st);
    }

    /* a record deleted (person.merge retires the duplicate) diffs against {} */
    char *b = NULL, *a = NULL;
    if (!audit_texts(before, after, &b, &a))
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory writing the audit log");
    char hash[65];
    pd_audit_hash(prev, ev->seq, ev->at, ev->user, ev->type->name, c->entity, c->entity_id,
                  b, a, hash);
    pd_err rc = PD_EDB;
    st = pd_db_stmt(db, "INSERT INTO audit(seq, at, user, type, entity, entity_id, before, after, "
                    "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?)", err);
    if (st) {
        sqlite3_bind_int64(st, 1, ev->seq);
        sqlite3_bind_text(st, 2, ev->at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, ev->user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, ev->type->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, c->entity, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, c->entity_id, -1, SQLITE_STATIC);
        pd_bind_text(st, 7, b);
        pd_bind_text(st, 8, a);
        sqlite3_bind_text(st, 9, prev, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, hash, -1, SQLITE_STATIC);
        rc = step_done(db, st, "writing the audit log", err);
    }
    /* kept for the next event of this transaction (save_in_tx) */
    pd_strlcpy(c->head, hash, sizeof c->head);
    free(b);
    free(a);
    return rc;
}

/* One JSON value as json_dumps(JSON_COMPACT) writes it: objects in their
 * keys' insertion order.  A real number (no event carries one) goes through
 * jansson itself, so its digits are jansson's. */
static void jt_value(struct jtext *j, const json_t *v)
{
    char num[32];
    int len;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *m;
        bool first = true;
        jt_put(j, "{", 1);
        json_object_foreach((json_t *)v, k, m) {
            if (!first)
                jt_put(j, ",", 1);
            first = false;
            jt_str(j, k, strlen(k));
            jt_put(j, ":", 1);
            jt_value(j, m);
        }
        jt_put(j, "}", 1);
        break;
    }
    case JSON_ARRAY:
        jt_put(j, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                jt_put(j, ",", 1);
            jt_value(j, json_array_get(v, i));
        }
        jt_put(j, "]", 1);
        break;
    case JSON_STRING:
        jt_str(j, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        len = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        jt_put(j, num, (size_t)len);
        break;
    case JSON_TRUE:  jt_put(j, "true", 4); break;
    case JSON_FALSE: jt_put(j, "false", 5); break;
    case JSON_NULL:  jt_put(j, "null", 4); break;
    default: {
        char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (t)
            jt_put(j, t, strlen(t));
        else
            j->oom = true;
        free(t);
    }
    }
}

/* ,"key":"text" or ,"key":null when text is "" */
static void jt_field(struct jtext *j, const char *key, const char *text)
{
    jt_put(j, ",\"", 2);
    jt_put(j, key, strlen(key));
    jt_put(j, "\":", 2);
    if (text && *text)
        jt_str(j, text, strlen(text));
    else
        jt_put(j, "null", 4);
}

/* The outbox body: pd_event_envelope() as json_dumps(JSON_COMPACT) writes
 * it, written straight from the event (building the envelope object and
 * dumping it was a tenth of a bulk load). */
static char *outbox_body(const struct pd_event *ev)
{
    struct jtext j = { 0 };
    char num[40];
    int len = snprintf(num, sizeof num, "{\"seq\":%lld", ev->seq);
    jt_put(&j, num, (size_t)len);
    jt_field(&j, "id", ev->id);
    jt_field(&j, "type", ev->type->name);
    jt_field(&j, "at", ev->at);
    jt_field(&j, "user", ev->user);
    jt_field(&j, "household", ev->household);
    jt_field(&j, "person", ev->person);
    jt_put(&j, ",\"data\":", 8);
    if (ev->data)
        jt_value(&j, ev->data);
    else
        jt_put(&j, "null", 4);
    jt_put(&j, "}", 1);
    if (j.oom) {
        free(j.p);
        return NULL;
    }
#ifdef PD_SELF_CHECK   /* the sanitizer build: the direct encoding equals jansson's */
    json_t *env = pd_event_envelope(ev);
    char *want = env ? json_dumps(env, JSON_COMPACT) : NULL;
    json_decref(env);
    if (!want || strcmp(want, j.p) != 0) {
        fprintf(stderr, "outbox body differs:\n%s\n%s\n", want ? want : "(null)", j.p);
        abort();
    }
    free(want);
#endif
    return j.p;
}

static pd_err write_outbox(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    char *body = outbox_body(ev);
    if (!body)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory writing the outbox");
    pd_err rc = PD_EDB;
    sqlite3_stmt *st = pd_db_stmt(db, "INSERT INTO outbox(seq, state, body) VALUES(?, 0, ?)", err);
    if (st) {
        sqlite3_bind_int64(st, 1, ev->seq);
        sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
        rc = step_done(db, st, "writing the outbox", err);
    }
    free(body);
    return rc;
}

static pd_err next_seq(struct pd_db *db, long long *seq, struct pd_error *err)
{
    /* A later event in the same transaction follows the one before it:
     * no one else can have written meanwhile (store/internal.h). */
    if (db->tx_known) {
        *seq = db->tx_seq + 1;
        return PD_OK;
    }
    /* seq never goes back: the high-water mark in meta survives a restore
     * of an older outbox (see docs/SYNC.md). */
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT max(coalesce((SELECT max(seq) FROM outbox), 0),"
        " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key='seq_floor'), 0))", err);
    if (!st)
        return PD_EDB;
    *seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 1;
    sqlite3_reset(st);
    return PD_OK;
}

static pd_err save_in_tx(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    struct apply_ctx c = { .db = db, .ev = ev, .today = db->today };
    pd_err rc = next_seq(db, &ev->seq, err);
    if (rc != PD_OK)
        return rc;

    struct snap *before = calloc(2, sizeof *before), *after = before + 1;
    if (!before)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    bool ok = true;
    if (ev->type->target == PD_EVT_PERSON && ev->person[0])
        ok = snap_read(db, "person", ev->person, before);
    else if (ev->type->kind == PD_EV_CORRECT)
        ok = snap_read(db, ev->person[0] ? "person" : "household",
                       ev->person[0] ? ev->person : ev->household, before);

    c.made = after;
    rc = ok ? apply(&c, err) : pd_fail(err, PD_ENOMEM, NULL, "cannot read the record for the audit log "
                                                 "(out of memory, or more than %d columns)", PD_COLORDER_MAX);
    /* a new person's row is known as written (insert_person) */
    bool made = c.made_ok && strcmp(c.entity ? c.entity : "", "person") == 0 &&
                strcmp(c.entity_id, ev->person) == 0;
#ifdef PD_SELF_CHECK   /* the sanitizer build: the row as written equals the row read back */
    if (rc == PD_OK && made) {
        struct snap chk = { 0 };
        if (!snap_read(db, c.entity, c.entity_id, &chk) || chk.n != after->n)
            abort();
        for (int k = 0; k < chk.n; k++)
            if (strcmp(chk.key[k], after->key[k]) != 0 || !same_value(&chk, k, after, k)) {
                fprintf(stderr, "snap differs at %s\n", chk.key[k]);
                abort();
            }
        snap_free(&chk);
    }
#endif
    if (rc == PD_OK) {
        rc = made || snap_read(db, c.entity, c.entity_id, after) ? write_audit(&c, before, after, err)
                                                          : pd_fail(err, PD_ENOMEM, NULL, "cannot read the record for the audit log "
                                                 "(out of memory, or more than %d columns)", PD_COLORDER_MAX);
    }
    snap_free(before);
    snap_free(after);
    free(before);
    if (rc == PD_OK)
        rc = write_outbox(db, ev, err);
    /* Only a whole save moves what the handle knows; after a failure the
     * caller rolls back and the next save asks the database again. */
    db->tx_known = rc == PD_OK;
    if (rc == PD_OK) {
        db->tx_seq = ev->seq;
        pd_strlcpy(db->tx_head, c.head, sizeof db->tx_head);
    }
    return rc;
}

static pd_err no_station(struct pd_error *err)
{
    return pd_fail(err, PD_EDENIED, NULL, PD_MSG("台账还没有站点代码（请先运行 popdesk init）",
                "this register has no station code yet (run `popdesk init`)"));
}

/* The first half of pd_event_save: what needs no register (store/bulk.h). */
pd_err pd_event_check(struct pd_event *ev, struct pd_date today, const char *user,
                      struct pd_error *err)
{
    pd_err rc = pd_event_validate(ev, today, err);
    if (rc != PD_OK)
        return rc;
    if (!user || !*user || strlen(user) >= sizeof ev->user)
        return pd_fail(err, PD_EINVAL, "user", PD_MSG("变动必须由用户签名（用户名最多%zu字节）",
                "a change must be signed by a user name (at most %zu bytes)"),
                       sizeof ev->user - 1);
    pd_strlcpy(ev->user, user, sizeof ev->user);
    pd_now_iso(ev->at);
    make_uuid(ev->id);
    return PD_OK;
}

pd_err pd_event_save(struct pd_db *db, struct pd_event *ev, const char *user,
                     struct pd_error *err)
{
    if (!db->station[0])
        return no_station(err);
    pd_err rc = pd_event_check(ev, db->today, user, err);
    return rc != PD_OK ? rc : pd_event_save_checked(db, ev, db->today, err);
}

/* The second half: everything against the register, in one transaction. */
pd_err pd_event_save_checked(struct pd_db *db, struct pd_event *ev, struct pd_date checked_on,
                             struct pd_error *err)
{
    if (!db->station[0])
        return no_station(err);
    /* only an event pd_event_check passed, on the register's own today */
    if (!ev->id[0] || !ev->user[0] || pd_date_cmp(checked_on, db->today) != 0)
        return pd_fail(err, PD_EINVAL, NULL, "event %s was not checked for %s before its save",
                       ev->type ? ev->type->name : "?", db->path);
    pd_err rc;
    bool own_tx = !pd_db_in_tx(db);
    if (own_tx && (rc = pd_db_begin(db, err)) != PD_OK)
        return rc;
    rc = save_in_tx(db, ev, err);
    if (own_tx) {
        if (rc == PD_OK)
            rc = pd_db_commit(db, err);
        else
            pd_db_rollback(db);
    }
    if (rc != PD_OK)
        ev->seq = 0;
    return rc;
}
