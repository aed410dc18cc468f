/* search.c - the screens' queries on the register (see search.h).
 *
 * The search box's queries run on every keystroke, so they are cached
 * statements that walk an index in its own order with a LIMIT: a name prefix
 * is the range name >= 'prefix' AND name < 'prefix' || x'FF' (no LIKE, which
 * would not use the index for CJK text); pinyin initials the same on the
 * indexed initials column; the last digits of an ID number go through
 * substr(id_number, 15) (see docs/SCREENS.md for the index this wants).
 * Less frequent queries (logs, rosters, reminders) are prepared each time,
 * keeping the store's statement cache for the hot path.
 */
#include "store/search.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/fields.h"
#include "core/text.h"
#include "store/internal.h"

#define COLS "p.pid, p.name, p.sex, p.birth_date, p.id_number, p.household, p.relation," \
             " p.status, coalesce(h.address, p.cur_address), p.migrant, p.wcba"
#define NCOLS 11
#define FROM " FROM persons p LEFT JOIN households h ON h.code = p.household "

static const char sql_id[] = "SELECT " COLS FROM "WHERE p.id_number = ?1 LIMIT ?2";
static const char sql_id_tail[] = "SELECT " COLS FROM
    "WHERE substr(p.id_number, 15) = ?1 AND substr(p.id_number, ?2) = ?3 LIMIT ?4";
static const char sql_hh[] = "SELECT " COLS FROM
    "WHERE p.household = ?1 ORDER BY p.relation, p.birth_date LIMIT ?2";
static const char sql_hh_prefix[] = "SELECT " COLS FROM
    "WHERE p.household >= ?1 AND p.household < ?2 ORDER BY p.household LIMIT ?3";
static const char sql_initials[] = "SELECT " COLS FROM
    "WHERE p.initials >= ?1 AND p.initials < ?2 ORDER BY p.initials LIMIT ?3";
static const char sql_name[] = "SELECT " COLS FROM
    "WHERE p.name >= ?1 AND p.name < ?2 ORDER BY p.name LIMIT ?3";
static const char sql_address[] = "SELECT " COLS
    " FROM households h JOIN persons p ON p.household = h.code"
    " WHERE h.address LIKE ?1 ESCAPE '\\' LIMIT ?2";

static void read_row(sqlite3_stmt *st, struct pd_person_row *r)
{
    memset(r, 0, sizeof *r);
    pd_col_text(st, 0, r->pid, sizeof r->pid);
    pd_col_text(st, 1, r->name, sizeof r->name);
    pd_col_text(st, 2, r->sex, sizeof r->sex);
    pd_col_text(st, 3, r->birth_date, sizeof r->birth_date);
    pd_col_text(st, 4, r->id_number, sizeof r->id_number);
    pd_col_text(st, 5, r->household, sizeof r->household);
    pd_col_text(st, 6, r->relation, sizeof r->relation);
    pd_col_text(st, 7, r->status, sizeof r->status);
    pd_col_text(st, 8, r->address, sizeof r->address);
    r->migrant = sqlite3_column_int(st, 9) != 0;
    r->wcba = sqlite3_column_int(st, 10) != 0;
    if (sqlite3_column_count(st) > NCOLS)
        pd_col_text(st, NCOLS, r->extra, sizeof r->extra);
}

/* Steps st, appending rows not already in out[0..*n). */
static pd_err collect(struct pd_db *db, sqlite3_stmt *st, struct pd_person_row *out,
                      int max, int *n, struct pd_error *err)
{
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_person_row r;
        read_row(st, &r);
        bool dup = false;
        for (int i = 0; i < *n && !dup; i++)
            dup = strcmp(out[i].pid, r.pid) == 0;
        if (!dup)
            out[(*n)++] = r;
    }
    if (*n < max && rc != SQLITE_DONE) {
        pd_err e = pd_db_fail(db, "searching", err);
        sqlite3_reset(st);
        return e;
    }
    sqlite3_reset(st);
    return PD_OK;
}

/* The exclusive upper bound of a prefix range: prefix followed by 0xFF,
 * a byte no UTF-8 text contains, so every text starting with prefix sorts
 * below it in SQLite's binary collation. */
static void upper_bound(const char *prefix, char *buf, size_t size)
{
    snprintf(buf, size, "%s\xff", prefix);
}

static bool all_digits(const char *s, size_t n, bool allow_x_last)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c))
            continue;
        if (allow_x_last && i == n - 1 && (c == 'X' || c == 'x'))
            continue;
        return false;
    }
    return true;
}

static bool all_letters(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalpha((unsigned char)*s))
            return false;
    return true;
}

/* An address scan is slow, so a text that finds no name is tried as an
 * address only when it looks like one: a digit, or a word of Chinese
 * addresses.  Anything else needs the explicit '@'. */
static bool looks_like_address(const char *q)
{
    static const char *const words[] = { "路", "街", "村", "号", "弄", "巷", "幢", "室", "楼",
                                         "栋", "组", "区", "镇", "乡", "小区", "社区", NULL };
    for (const char *p = q; *p; p++)
        if (isdigit((unsigned char)*p))
            return true;
    for (int i = 0; words[i]; i++)
        if (strstr(q, words[i]))
            return true;
    return false;
}

static pd_err run_prefix(struct pd_db *db, const char *sql, const char *prefix,
                         struct pd_person_row *out, int max, int *n, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, sql, err);
    if (!st)
        return PD_EDB;
    char hi[256];
    upper_bound(prefix, hi, sizeof hi);
    sqlite3_bind_text(st, 1, prefix, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, max - *n);
    return collect(db, st, out, max, n, err);
}

static pd_err search_address(struct pd_db *db, const char *frag, struct pd_person_row *out,
                             int max, int *n, struct pd_error *err)
{
    char like[300];
    size_t k = 0;
    like[k++] = '%';
    for (const char *p = frag; *p && k < sizeof like - 3; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            like[k++] = '\\';
        like[k++] = *p;
    }
    like[k++] = '%';
    like[k] = '\0';
    sqlite3_stmt *st = pd_db_stmt(db, sql_address, err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, like, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, max - *n);
    return collect(db, st, out, max, n, err);
}

pd_err pd_search(struct pd_db *db, const char *query, struct pd_person_row *out,
                 int max, int *n, enum pd_search_how *how, struct pd_error *err)
{
    char q[200];
    pd_strlcpy(q, query ? query : "", sizeof q);
    pd_text_normalise(q);
    *n = 0;
    *how = PD_SEARCH_NONE;
    if (!q[0] || max <= 0)
        return PD_OK;
    if (q[0] == '@') {
        char *frag = q + 1;
        pd_text_normalise(frag);
        if (!frag[0])
            return PD_OK;
        *how = PD_SEARCH_ADDRESS;
        return search_address(db, frag, out, max, n, err);
    }
    char digits[200];
    pd_strlcpy(digits, q, sizeof digits);
    pd_text_strip_spaces(digits);
    size_t len = strlen(digits);
    pd_err rc = PD_OK;
    if (all_digits(digits, len, true)) {
        if (digits[len - 1] == 'x')
            digits[len - 1] = 'X';
        if (len == 18) {
            *how = PD_SEARCH_ID;
            sqlite3_stmt *st = pd_db_stmt(db, sql_id, err);
            if (!st)
                return PD_EDB;
            sqlite3_bind_text(st, 1, digits, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 2, max);
            rc = collect(db, st, out, max, n, err);
            if (rc == PD_OK && all_digits(digits, len, false)) {
                if (!(st = pd_db_stmt(db, sql_hh, err)))
                    return PD_EDB;
                sqlite3_bind_text(st, 1, digits, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(st, 2, max - *n);
                int before = *n;
                rc = collect(db, st, out, max, n, err);
                if (before == 0 && *n > 0)
                    *how = PD_SEARCH_HOUSEHOLD;
            }
            return rc;
        }
        if (len < 4 || len > 18)
            return PD_OK;
        *how = PD_SEARCH_ID_TAIL;
        sqlite3_stmt *st = pd_db_stmt(db, sql_id_tail, err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, digits + len - 4, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, (int)(19 - len));
        sqlite3_bind_text(st, 3, digits, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, max);
        rc = collect(db, st, out, max, n, err);
        if (rc == PD_OK && len >= 13 && *n == 0 && all_digits(digits, len, false)) {
            *how = PD_SEARCH_HOUSEHOLD;
            rc = run_prefix(db, sql_hh_prefix, digits, out, max, n, err);
        }
        return rc;
    }
    if (all_letters(q)) {
        for (char *p = q; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        *how = PD_SEARCH_INITIALS;
        rc = run_prefix(db, sql_initials, q, out, max, n, err);
        if (rc == PD_OK && *n < max)   /* Latin names, as typed */
            rc = run_prefix(db, sql_name, query, out, max, n, err);
        return rc;
    }
    *how = PD_SEARCH_NAME;
    rc = run_prefix(db, sql_name, q, out, max, n, err);
    if (rc == PD_OK && *n == 0 && looks_like_address(q)) {
        *how = PD_SEARCH_ADDRESS;
        rc = search_address(db, q, out, max, n, err);
    }
    return rc;
}

/* ---- households and persons ------------------------------------------- */

pd_err pd_household_get(struct pd_db *db, const char *code, struct pd_household_row *h,
                        struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT code, police_no, address, phone, reg_type, status "
                                  "FROM households WHERE code=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    pd_err rc = PD_OK;
    memset(h, 0, sizeof *h);
    if (sqlite3_step(st) == SQLITE_ROW) {
        pd_col_text(st, 0, h->code, sizeof h->code);
        pd_col_text(st, 1, h->police_no, sizeof h->police_no);
        pd_col_text(st, 2, h->address, sizeof h->address);
        pd_col_text(st, 3, h->phone, sizeof h->phone);
        pd_col_text(st, 4, h->reg_type, sizeof h->reg_type);
        pd_col_text(st, 5, h->status, sizeof h->status);
    } else {
        rc = pd_fail(err, PD_ENOTFOUND, "household", "no household %s in the register", code);
    }
    sqlite3_reset(st);
    return rc;
}

pd_err pd_household_members(struct pd_db *db, const char *code, struct pd_person_row *out,
                            int max, int *n, struct pd_error *err)
{
    static const char sql[] = "SELECT " COLS FROM "WHERE p.household = ?1 ORDER BY"
        " CASE WHEN p.relation IN ('01','02') THEN 0 ELSE 1 END, p.relation, p.birth_date, p.id";
    *n = 0;
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, sql, &st, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    rc = collect(db, st, out, max, n, err);
    sqlite3_finalize(st);
    return rc;
}

static json_t *row_object(struct pd_db *db, const char *sql, const char *id,
                          const struct pd_fieldset *fs, const char *what, struct pd_error *err)
{
    sqlite3_stmt *st;
    if (pd_db_prepare(db, sql, &st, err) != PD_OK)
        return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        o = json_object();
        int nc = sqlite3_column_count(st);
        for (int i = 0; i < nc; i++) {
            const char *col = sqlite3_column_name(st, i);
            if (strcmp(col, "id") == 0 || strcmp(col, "initials") == 0)
                continue;
            const struct pd_field *f = pd_field_find(fs, col);
            json_t *v = NULL;
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL:
                break;
            case SQLITE_INTEGER:
                if ((f && f->kind == PD_F_FLAG) || strcmp(col, "migrant") == 0 ||
                    strcmp(col, "wcba") == 0)
                    v = json_boolean(sqlite3_column_int(st, i));
                else
                    v = json_integer(sqlite3_column_int64(st, i));
                break;
            default:
                v = json_string((const char *)sqlite3_column_text(st, i));
            }
            if (v)
                json_object_set_new(o, col, v);
        }
    } else {
        pd_fail(err, PD_ENOTFOUND, what, "no %s %s in the register", what, id);
    }
    sqlite3_finalize(st);
    return o;
}

json_t *pd_person_get(struct pd_db *db, const char *pid, struct pd_error *err)
{
    return row_object(db, "SELECT * FROM persons WHERE pid=?", pid, &pd_person_fields,
                      "person", err);
}

json_t *pd_household_json(struct pd_db *db, const char *code, struct pd_error *err)
{
    return row_object(db, "SELECT * FROM households WHERE code=?", code, &pd_household_fields,
                      "household", err);
}

/* ---- change log --------------------------------------------------------- */

static pd_err read_log(struct pd_db *db, sqlite3_stmt *st, struct pd_log_row *out, int max,
                       int *n, struct pd_error *err)
{
    int rc = SQLITE_DONE;
    *n = 0;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_log_row *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->seq = sqlite3_column_int64(st, 0);
        pd_col_text(st, 1, r->at, sizeof r->at);
        pd_col_text(st, 2, r->user, sizeof r->user);
        pd_col_text(st, 3, r->type, sizeof r->type);
        pd_col_text(st, 4, r->entity, sizeof r->entity);
        pd_col_text(st, 5, r->entity_id, sizeof r->entity_id);
        pd_col_text(st, 6, r->before, sizeof r->before);
        pd_col_text(st, 7, r->after, sizeof r->after);
        pd_col_text(st, 8, r->data, sizeof r->data);
    }
    pd_err e = PD_OK;
    if (*n < max && rc != SQLITE_DONE)
        e = pd_db_fail(db, "reading the change log", err);
    sqlite3_finalize(st);
    return e;
}

/* The event's data from its outbox row: what a change that alters no
 * column (a child recorded, a certificate, a decision) said. */
#define LOG_COLS "SELECT seq, at, user, type, entity, entity_id, before, after, " \
                 "(SELECT json_extract(o.body, '$.data') FROM outbox o WHERE o.seq = audit.seq) " \
                 "FROM audit "

pd_err pd_log_person(struct pd_db *db, const char *pid, int offset, struct pd_log_row *out,
                     int max, int *n, struct pd_error *err)
{
    sqlite3_stmt *st;
    *n = 0;
    pd_err rc = pd_db_prepare(db, LOG_COLS "WHERE entity_id=?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                              &st, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, max);
    sqlite3_bind_int(st, 3, offset);
    return read_log(db, st, out, max, n, err);
}

pd_err pd_log_household(struct pd_db *db, const char *code, int offset,
                        struct pd_log_row *out, int max, int *n, struct pd_error *err)
{
    sqlite3_stmt *st;
    *n = 0;
    pd_err rc = pd_db_prepare(db, LOG_COLS "WHERE entity_id=?1 OR entity_id IN "
                              "(SELECT pid FROM persons WHERE household=?1) "
                              "ORDER BY id DESC LIMIT ?2 OFFSET ?3", &st, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, max);
    sqlite3_bind_int(st, 3, offset);
    return read_log(db, st, out, max, n, err);
}

/* ---- rosters ------------------------------------------------------------ */

#define CERT_EXPIRY "(SELECT m.expiry FROM migrant_certs m WHERE m.person = p.pid" \
                    " AND m.left_date IS NULL ORDER BY m.id DESC LIMIT 1)"

static void date_plus(struct pd_date d, long days, char out[PD_DATE_STRLEN])
{
    pd_date_format(pd_date_add_days(d, days), out);
}

/* The day `years` years before d (29 February becomes 28 February). */
static struct pd_date years_before(struct pd_date d, int years)
{
    struct pd_date r = { d.y - years, d.m, d.d };
    if (r.d > pd_days_in_month(r.y, r.m))
        r.d = pd_days_in_month(r.y, r.m);
    return r;
}

pd_err pd_roster_page(struct pd_db *db, enum pd_roster which, int offset,
                      struct pd_person_row *out, int max, int *n, struct pd_error *err)
{
    static const char *const sqls[] = {
        [PD_ROSTER_WCBA] = "SELECT " COLS ", p.contra_method" FROM
            "WHERE p.wcba = 1 AND p.status = 'active' ORDER BY p.name LIMIT ?1 OFFSET ?2",
        [PD_ROSTER_WCBA_MARRIED] = "SELECT " COLS ", p.contra_method" FROM
            "WHERE p.wcba = 1 AND p.status = 'active' AND p.marital LIKE '2%'"
            " ORDER BY p.name LIMIT ?1 OFFSET ?2",
        [PD_ROSTER_WCBA_PREGNANT] = "SELECT " COLS ", p.pregnant_expected" FROM
            "WHERE p.wcba = 1 AND p.status = 'active' AND p.pregnant_expected IS NOT NULL"
            " ORDER BY +p.name LIMIT ?1 OFFSET ?2",
        [PD_ROSTER_WCBA_NO_METHOD] = "SELECT " COLS ", p.contra_method" FROM
            "WHERE p.wcba = 1 AND p.status = 'active' AND p.marital LIKE '2%'"
            " AND (p.contra_method IS NULL OR p.contra_method = '9')"
            " AND p.pregnant_expected IS NULL ORDER BY p.name LIMIT ?1 OFFSET ?2",
        [PD_ROSTER_MIGRANT] = "SELECT " COLS ", " CERT_EXPIRY FROM
            "WHERE p.migrant = 1 AND p.status = 'active' ORDER BY p.name LIMIT ?1 OFFSET ?2",
        [PD_ROSTER_MIGRANT_EXPIRING] = "SELECT " COLS ", " CERT_EXPIRY " AS e" FROM
            "WHERE p.migrant = 1 AND p.status = 'active' AND e >= ?3 AND e <= ?4"
            " ORDER BY +p.name LIMIT ?1 OFFSET ?2",
        [PD_ROSTER_MIGRANT_EXPIRED] = "SELECT " COLS ", " CERT_EXPIRY " AS e" FROM
            "WHERE p.migrant = 1 AND p.status = 'active' AND e < ?3"
            " ORDER BY +p.name LIMIT ?1 OFFSET ?2",
        [PD_ROSTER_MIGRANT_NO_CERT] = "SELECT " COLS ", ''" FROM
            "WHERE p.migrant = 1 AND p.status = 'active' AND p.sex = '2'"
            " AND p.birth_date > ?5 AND p.birth_date <= ?6 AND NOT EXISTS"
            " (SELECT 1 FROM migrant_certs m WHERE m.person = p.pid AND m.number IS NOT NULL"
            "  AND m.left_date IS NULL) ORDER BY p.name LIMIT ?1 OFFSET ?2",
    };
    /* Rare filters sort their few rows (ORDER BY +name: not the name index,
     * which would walk the whole roster to find them). */
    *n = 0;
    if ((unsigned)which >= sizeof sqls / sizeof sqls[0])
        return pd_fail(err, PD_EINVAL, NULL, "unknown roster");
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, sqls[which], &st, err);
    if (rc != PD_OK)
        return rc;
    struct pd_date today = pd_db_today(db);
    char t0[PD_DATE_STRLEN], t30[PD_DATE_STRLEN], b50[PD_DATE_STRLEN], b18[PD_DATE_STRLEN];
    pd_date_format(today, t0);
    date_plus(today, 30, t30);
    pd_date_format(years_before(today, 50), b50);
    pd_date_format(years_before(today, 18), b18);
    sqlite3_bind_int(st, 1, max);
    sqlite3_bind_int(st, 2, offset);
    int np = sqlite3_bind_parameter_count(st);
    if (np >= 3)
        sqlite3_bind_text(st, 3, t0, -1, SQLITE_TRANSIENT);
    if (np >= 4)
        sqlite3_bind_text(st, 4, t30, -1, SQLITE_TRANSIENT);
    if (np >= 6) {
        sqlite3_bind_text(st, 5, b50, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, b18, -1, SQLITE_TRANSIENT);
    }
    rc = collect(db, st, out, max, n, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- reminders ------------------------------------------------------------ */

static pd_err remind(struct pd_db *db, const char *sql, enum pd_reminder_kind kind,
                     const char *a, const char *b, struct pd_reminder *out, int max, int *n,
                     long *count, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, sql, &st, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    int s;
    *count = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n < max) {
            struct pd_reminder *r = &out[(*n)++];
            r->kind = kind;
            pd_col_text(st, 0, r->pid, sizeof r->pid);
            pd_col_text(st, 1, r->name, sizeof r->name);
            pd_col_text(st, 2, r->date, sizeof r->date);
        }
        ++*count;
    }
    if (s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the reminders", err);
    sqlite3_finalize(st);
    return rc;
}

pd_err pd_reminders(struct pd_db *db, struct pd_reminder *out, int max, int *n,
                    long counts[PD_REMIND__COUNT], struct pd_error *err)
{
    struct pd_date today = pd_db_today(db);
    char t0[PD_DATE_STRLEN], t30[PD_DATE_STRLEN];
    pd_date_format(today, t0);
    date_plus(today, 30, t30);
    *n = 0;
    pd_err rc = remind(db,
        "SELECT p.pid, p.name, m.expiry FROM migrant_certs m JOIN persons p ON p.pid = m.person"
        " WHERE m.left_date IS NULL AND p.status = 'active' AND m.expiry >= ?1 AND m.expiry <= ?2"
        " ORDER BY m.expiry LIMIT 999",
        PD_REMIND_CERT_EXPIRING, t0, t30, out, max, n, &counts[PD_REMIND_CERT_EXPIRING], err);
    for (int k = 0; k < 2 && rc == PD_OK; k++) {
        int years = k == 0 ? 15 : 50;
        char lo[PD_DATE_STRLEN], hi[PD_DATE_STRLEN];
        struct pd_date first = { today.y - years, today.m, 1 };
        struct pd_date last = { today.y - years, today.m, pd_days_in_month(today.y - years, today.m) };
        pd_date_format(first, lo);
        pd_date_format(last, hi);
        rc = remind(db,
            "SELECT pid, name, birth_date FROM persons WHERE birth_date >= ?1 AND birth_date <= ?2"
            " AND sex = '2' AND status = 'active' ORDER BY birth_date LIMIT 999",
            k == 0 ? PD_REMIND_AGE15 : PD_REMIND_AGE50, lo, hi, out, max, n,
            &counts[k == 0 ? PD_REMIND_AGE15 : PD_REMIND_AGE50], err);
    }
    if (rc == PD_OK)
        rc = remind(db,
            "SELECT pid, name, pregnant_expected FROM persons WHERE pregnant_expected <= ?1"
            " AND status = 'active' ORDER BY pregnant_expected LIMIT 999",
            PD_REMIND_PREGNANCY_DUE, t0, NULL, out, max, n, &counts[PD_REMIND_PREGNANCY_DUE], err);
    return rc;
}
