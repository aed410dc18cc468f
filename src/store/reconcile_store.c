/* reconcile_store.c - the register's side of reconciliation (see
 * reconcile_store.h).
 *
 * Every look-up goes through an index: persons_id_number for an ID number,
 * persons_dup (name, birth_date, sex) for a name, children_mother (parent,
 * birth_date, ...) for a mother's child, the scope by persons_birth,
 * persons_end or persons_marital_date, and the whole registered population
 * (the police list's scope) by one pass over persons.  Each source's
 * results live in a table of their own, so emptying them before a run is
 * SQLite's truncate, not a row-by-row delete of up to a million rows. */
#include "store/reconcile_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "store/internal.h"

#define PCOLS "SELECT id, pid, coalesce(household,''), name, id_number, sex, birth_date, status," \
              " end_date, reg_address, marital, marital_date, mother FROM persons "

static void person_row(sqlite3_stmt *st, struct pd_rec_person *p)
{
    memset(p, 0, sizeof *p);
    p->rowid = sqlite3_column_int64(st, 0);
    pd_col_text(st, 1, p->pid, sizeof p->pid);
    pd_col_text(st, 2, p->household, sizeof p->household);
    pd_col_text(st, 3, p->name, sizeof p->name);
    pd_col_text(st, 4, p->id, sizeof p->id);
    pd_col_text(st, 5, p->sex, sizeof p->sex);
    pd_col_text(st, 6, p->birth, sizeof p->birth);
    pd_col_text(st, 7, p->status, sizeof p->status);
    pd_col_text(st, 8, p->end_date, sizeof p->end_date);
    pd_col_text(st, 9, p->reg_address, sizeof p->reg_address);
    pd_col_text(st, 10, p->marital, sizeof p->marital);
    pd_col_text(st, 11, p->marital_date, sizeof p->marital_date);
    pd_col_text(st, 12, p->mother_pid, sizeof p->mother_pid);
}

/* The last household read: a police list goes household by household, so
 * its members' rows ask for the same one in turn.  Valid within one run
 * (pd_rec_results_begin forgets it: the register may change between runs). */
struct pd_rec_hhcache {
    const struct pd_db *db;
    char code[24], address[PD_REC_TEXT], police_no[64];
};
static struct pd_rec_hhcache db_hh;

/* What only some sources compare, asked only for them: the household's
 * address and police number, the mother's ID number. */
static pd_err extras(struct pd_db *db, struct pd_rec_person *p, unsigned need, struct pd_error *err)
{
    sqlite3_stmt *st;
    int rc;
    if ((need & PD_REC_NEED_HOUSEHOLD) && p->household[0]) {
        struct pd_rec_hhcache *c = &db_hh;
        if (c->db != db || strcmp(c->code, p->household) != 0) {
            if (!(st = pd_db_stmt(db, "SELECT address, police_no FROM households WHERE code = ?", err)))
                return PD_EDB;
            sqlite3_bind_text(st, 1, p->household, -1, SQLITE_STATIC);
            c->address[0] = c->police_no[0] = '\0';
            if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                pd_col_text(st, 0, c->address, sizeof c->address);
                pd_col_text(st, 1, c->police_no, sizeof c->police_no);
            }
            sqlite3_reset(st);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                c->db = NULL;
                return pd_db_fail(db, "reading a household", err);
            }
            c->db = db;
            pd_strlcpy(c->code, p->household, sizeof c->code);
        }
        pd_strlcpy(p->hh_address, c->address, sizeof p->hh_address);
        pd_strlcpy(p->police_no, c->police_no, sizeof p->police_no);
    }
    if ((need & PD_REC_NEED_MOTHER) && p->mother_pid[0]) {
        if (!(st = pd_db_stmt(db, "SELECT id_number FROM persons WHERE pid = ?", err)))
            return PD_EDB;
        sqlite3_bind_text(st, 1, p->mother_pid, -1, SQLITE_STATIC);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW)
            pd_col_text(st, 0, p->mother_id, sizeof p->mother_id);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return pd_db_fail(db, "reading a mother's record", err);
    }
    return PD_OK;
}

/* The best of the rows st gives: a living person first, else the latest
 * record (no ORDER BY: a sorter per look-up costs more than this loop). */
static pd_err best(struct pd_db *db, sqlite3_stmt *st, unsigned need, struct pd_rec_person *p,
                   bool *found, struct pd_error *err)
{
    struct pd_rec_person cand;
    int rc;
    *found = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        person_row(st, &cand);
        bool active = strcmp(cand.status, "active") == 0;
        if (!*found || (active && strcmp(p->status, "active") != 0) ||
            (active == (strcmp(p->status, "active") == 0) && cand.rowid > p->rowid))
            *p = cand;
        *found = true;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, "looking up a person", err);
    return *found ? extras(db, p, need, err) : PD_OK;
}

pd_err pd_rec_find_id(struct pd_db *db, const char *id, unsigned need, struct pd_rec_person *p,
                      bool *found, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, PCOLS "WHERE id_number = ?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    return best(db, st, need, p, found, err);
}

pd_err pd_rec_find_name(struct pd_db *db, const char *name, const char *birth, const char *sex,
                        unsigned need, struct pd_rec_person *p, bool *found, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, PCOLS "WHERE name = ? AND birth_date = ? AND sex = ?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, birth, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, sex, -1, SQLITE_STATIC);
    return best(db, st, need, p, found, err);
}

pd_err pd_rec_find_child(struct pd_db *db, const char *mother_pid, const char *birth,
                         const char *sex, unsigned need, struct pd_rec_person *p, bool *found,
                         struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, PCOLS "WHERE pid = (SELECT c.child FROM children c WHERE"
                                  " c.parent = ? AND c.birth_date = ? AND c.sex = ? AND c.child IS NOT NULL"
                                  " ORDER BY c.id LIMIT 1)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, mother_pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, birth, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, sex, -1, SQLITE_STATIC);
    return best(db, st, need, p, found, err);
}

pd_err pd_rec_household_of(struct pd_db *db, const char *police_no, char *code, size_t size,
                           struct pd_error *err)
{
    code[0] = '\0';
    if (!police_no || !police_no[0])
        return pd_fail(err, PD_ENOTFOUND, "police_no", "the police list gives no household number "
                       "(户号) for this person: add the person from the household's screen");
    /* no index on police_no: a scan of the households, once, when a clerk asks */
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT code FROM households WHERE police_no = ? AND"
                                  " status = 'active' ORDER BY code LIMIT 2", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, police_no, -1, SQLITE_STATIC);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (n++ == 0)
            pd_col_text(st, 0, code, size);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, "finding a household by its police number", err);
    if (n == 0)
        return pd_fail(err, PD_ENOTFOUND, "police_no", "no household here has the police household "
                       "number (户号) %s: add the household first, or the person from the right "
                       "household's screen", police_no);
    if (n > 1) {
        code[0] = '\0';
        return pd_fail(err, PD_EEXIST, "police_no", "several households here have the police household "
                       "number (户号) %s: add the person from the right household's screen", police_no);
    }
    return PD_OK;
}

/* ---- results ---- */

/* The same statement for each source's table: SQL must be a constant for
 * the statement cache, so one per table. */
#define BY_SOURCE(src, a, b, c) ((src) == PD_REC_POLICE ? (a) : (src) == PD_REC_HOSPITAL ? (b) : (c))
#define T3(pre, post) BY_SOURCE(source, pre "recon_police" post, pre "recon_hospital" post, \
                                pre "recon_civil" post)

pd_err pd_rec_results_begin(struct pd_db *db, enum pd_rec_source source, struct pd_error *err)
{
    memset(&db_hh, 0, sizeof db_hh);
    pd_err rc = pd_db_begin(db, err);
    if (rc != PD_OK)
        return rc;
    /* the last run's pages are taken again by this run's results at once:
     * zeroing each one first (Debian builds SQLite with secure_delete on)
     * would write the whole last run to the journal for nothing */
    sqlite3_stmt *st = pd_db_stmt(db, "PRAGMA secure_delete", err);
    int was = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    if (st)
        sqlite3_reset(st);
    rc = pd_db_exec(db, "PRAGMA secure_delete = FAST", err);
    if (rc == PD_OK)
        rc = pd_db_exec(db, T3("DELETE FROM ", ""), err);
    pd_db_exec(db, was == 0 ? "PRAGMA secure_delete = OFF" : was == 1 ? "PRAGMA secure_delete = ON"
                            : "PRAGMA secure_delete = FAST", NULL);
    if (rc != PD_OK)
        pd_db_rollback(db);
    return rc;
}

static bool decided(struct pd_db *db, enum pd_rec_source source, const char *key)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT 1 FROM recon_decisions WHERE source = ? AND key = ?", NULL);
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    bool yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return yes;
}

static char *diffs_json(const struct pd_rec_result *res)
{
    if (res->ndiffs == 0)
        return NULL;
    json_t *a = json_array();
    for (int i = 0; a && i < res->ndiffs; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "field", res->diffs[i].field,
                                           "ours", res->diffs[i].ours, "theirs", res->diffs[i].theirs));
    char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return s;
}

pd_err pd_rec_results_add(struct pd_db *db, enum pd_rec_source source, const struct pd_rec_row *row,
                          const struct pd_rec_person *p, const struct pd_rec_result *res,
                          long long num, bool lookup, bool *is_decided, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, T3("INSERT INTO ", "(grp, key, row, kind, person, name,"
                                         " id_number, sex, birth_date, diffs, event, ev_household,"
                                         " ev_pid, prefill, note, prow, id)"
                                         " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"), err);
    if (!st)
        return PD_EDB;
    char *dj = diffs_json(res);
    char *pj = res->prefill ? json_dumps(res->prefill, JSON_COMPACT) : NULL;
    sqlite3_bind_int(st, 1, (int)res->group);
    sqlite3_bind_text(st, 2, res->key, -1, SQLITE_STATIC);
    if (row)
        sqlite3_bind_int(st, 3, row->row);
    pd_bind_text(st, 4, res->kind);
    if (row) {
        /* their values; the person's own are read through prow otherwise */
        pd_bind_text(st, 5, p ? p->pid : NULL);
        pd_bind_text(st, 6, row->name[0] ? row->name : p ? p->name : "");
        pd_bind_text(st, 7, row->id);
        pd_bind_text(st, 8, row->sex);
        pd_bind_text(st, 9, row->birth);
    } else {
        sqlite3_bind_int64(st, 16, p->rowid);
    }
    pd_bind_text(st, 10, dj);
    pd_bind_text(st, 11, res->event);
    pd_bind_text(st, 12, res->ev_household);
    pd_bind_text(st, 13, res->ev_pid);
    pd_bind_text(st, 14, pj);
    pd_bind_text(st, 15, res->note);
    sqlite3_bind_int64(st, 17, num);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free(dj);
    free(pj);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, "saving a reconciliation result", err);
    *is_decided = lookup && res->group != PD_REC_CONSISTENT && decided(db, source, res->key);
    return PD_OK;
}

bool pd_rec_any_decision(struct pd_db *db, enum pd_rec_source source)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT 1 FROM recon_decisions WHERE source = ? LIMIT 1", NULL);
    if (!st)
        return true;   /* look each one up, then */
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    bool yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return yes;
}

/* ---- "here, unknown there" in one statement (a slice of row ids at a time) ---- */

#define UNKNOWN_SLICE 20000

/* What the statement's two functions need: the key of a person's record,
 * and whether a row of the list matched the person. */
struct unknown_ctx {
    enum pd_rec_source source;
    const long long *matched;
    size_t n;
};

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static const char *const scope_kinds[] = { "registered", "birth", "death", "marriage" };

/* pd_rec_ukey(source, id, prow): the key of a result "unknown there", which
 * is not stored (a million of them would double the results' size): the
 * scope is id >> 40, the person prow. */
static void fn_ukey(sqlite3_context *c, int argc, sqlite3_value **v)
{
    (void)argc;
    enum pd_rec_source src;
    const char *s = (const char *)sqlite3_value_text(v[0]);
    long long id = sqlite3_value_int64(v[1]);
    if (!s || pd_rec_source_parse(s, &src, NULL) != PD_OK || (id >> 40) < 0 || (id >> 40) > 3) {
        sqlite3_result_null(c);
        return;
    }
    struct pd_rec_person p = { .rowid = sqlite3_value_int64(v[2]) };
    struct pd_rec_result res;
    pd_rec_unknown(src, &p, scope_kinds[id >> 40], &res);
    sqlite3_result_text(c, res.key, -1, SQLITE_TRANSIENT);
    pd_rec_result_done(&res);
}

static pd_err ukey_fn(struct pd_db *db, struct pd_error *err)
{
    if (sqlite3_create_function_v2(db->h, "pd_rec_ukey", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   fn_ukey, NULL, NULL, NULL) != SQLITE_OK)
        return pd_db_fail(db, "preparing the results' keys", err);
    return PD_OK;
}

/* a result's key and kind, stored or (for "unknown there") worked out */
#define KEYX "coalesce(r.key, pd_rec_ukey(?1, r.id, r.prow))"
#define KINDX "coalesce(r.kind, CASE r.id >> 40 WHEN 0 THEN 'registered' WHEN 1 THEN 'birth'" \
              " WHEN 2 THEN 'death' ELSE 'marriage' END)"

static void fn_matched(sqlite3_context *c, int argc, sqlite3_value **v)
{
    (void)argc;
    const struct unknown_ctx *u = sqlite3_user_data(c);
    long long id = sqlite3_value_int64(v[0]);
    sqlite3_result_int(c, u->n && bsearch(&id, u->matched, u->n, sizeof *u->matched, cmp_ll) != NULL);
}

pd_err pd_rec_results_unknown(struct pd_db *db, enum pd_rec_source source, enum pd_rec_scope scope,
                              const char *from, const char *to, const long long *matched, size_t n,
                              long long *added, struct pd_error *err)
{
    static const char *const where[] = {
        [PD_REC_SCOPE_REGISTERED] = "status = 'active' AND migrant = 0",   /* persons_registered */
        [PD_REC_SCOPE_BIRTH] = "birth_date BETWEEN ?1 AND ?2 AND migrant = 0",
        [PD_REC_SCOPE_DEATH] = "end_date BETWEEN ?1 AND ?2 AND status = 'dead'",
        [PD_REC_SCOPE_MARRIAGE] = "marital_date BETWEEN ?1 AND ?2 AND migrant = 0",
    };
    *added = 0;
    struct unknown_ctx u = { source, matched, n };
    sqlite3 *h = db->h;
    if (sqlite3_create_function_v2(h, "pd_rec_matched", 1, SQLITE_UTF8, &u, fn_matched, NULL, NULL, NULL) != SQLITE_OK)
        return pd_db_fail(db, "preparing the scope's look-up", err);
    /* id: the person's row id, apart per scope (civil walks two) so that
     * (grp, id) stays unique; the table name and the condition are
     * constants of this file, the dates bound */
    char sql[700];
    snprintf(sql, sizeof sql, "INSERT INTO %s(grp, id, prow) SELECT %d, %lld + id, id FROM persons"
             " WHERE %s AND id > ?3 AND id <= ?4 AND NOT pd_rec_matched(id)",
             BY_SOURCE(source, "recon_police", "recon_hospital", "recon_civil"), (int)PD_REC_UNKNOWN,
             (long long)scope << 40, where[scope]);
    /* in slices of row ids: one statement over a million rows keeps its
     * statement journal (in memory) for all of them */
    long long maxid = 0;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT max(id) FROM persons", err);
    if (!st)
        return PD_EDB;
    if (sqlite3_step(st) == SQLITE_ROW)
        maxid = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    pd_err rc = pd_db_prepare(db, sql, &st, err);
    for (long long lo = 0; rc == PD_OK && lo < maxid; lo += UNKNOWN_SLICE) {
        if (scope != PD_REC_SCOPE_REGISTERED) {
            sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
        }
        sqlite3_bind_int64(st, 3, lo);
        sqlite3_bind_int64(st, 4, lo + UNKNOWN_SLICE);
        if (sqlite3_step(st) == SQLITE_DONE)
            *added += sqlite3_changes(h);
        else
            rc = pd_db_fail(db, "saving the persons unknown there", err);
        sqlite3_reset(st);
    }
    if (st)
        sqlite3_finalize(st);
    /* the functions point at this frame: gone with it */
    sqlite3_create_function_v2(h, "pd_rec_matched", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
    return rc;
}

pd_err pd_rec_undecided(struct pd_db *db, enum pd_rec_source source, enum pd_rec_group group,
                        long long *n, struct pd_error *err)
{
    if (ukey_fn(db, err) != PD_OK)
        return PD_EDB;
    sqlite3_stmt *st = pd_db_stmt(db, T3("SELECT count(*) FROM ", " r WHERE r.grp = ?2 AND NOT EXISTS"
                                         " (SELECT 1 FROM recon_decisions d WHERE d.source = ?1 AND d.key = " KEYX ")"),
                                  err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)group);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PD_OK : pd_db_fail(db, "counting undecided results", err);
}

static void now_iso(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
}

static pd_err write_run(struct pd_db *db, const struct pd_rec_run_info *in, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "INSERT OR REPLACE INTO recon_runs(source, file, at, user, scope,"
                                  " rows, consistent, missing, contradicted, unknown, undecided_missing,"
                                  " undecided_contradicted, undecided_unknown)"
                                  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pd_rec_source_key(in->source), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, in->file, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, in->at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, in->user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, in->scope, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, in->rows);
    for (int g = 0; g < PD_REC__GROUPS; g++)
        sqlite3_bind_int64(st, 7 + g, in->count[g]);
    for (int g = 1; g < PD_REC__GROUPS; g++)
        sqlite3_bind_int64(st, 10 + g, in->undecided[g]);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PD_OK : pd_db_fail(db, "saving the reconciliation run", err);
}

pd_err pd_rec_results_end(struct pd_db *db, struct pd_rec_run_info *info, struct pd_error *err)
{
    if (!info->at[0])
        now_iso(info->at, sizeof info->at);
    pd_err rc = write_run(db, info, err);
    if (rc == PD_OK)
        return pd_db_commit(db, err);
    pd_db_rollback(db);
    return rc;
}

pd_err pd_rec_last(struct pd_db *db, enum pd_rec_source source, struct pd_rec_run_info *info,
                   struct pd_error *err)
{
    memset(info, 0, sizeof *info);
    info->source = source;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT file, at, user, scope, rows, consistent, missing,"
                                  " contradicted, unknown, undecided_missing, undecided_contradicted,"
                                  " undecided_unknown FROM recon_runs WHERE source = ?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        pd_col_text(st, 0, info->file, sizeof info->file);
        pd_col_text(st, 1, info->at, sizeof info->at);
        pd_col_text(st, 2, info->user, sizeof info->user);
        pd_col_text(st, 3, info->scope, sizeof info->scope);
        info->rows = sqlite3_column_int64(st, 4);
        for (int g = 0; g < PD_REC__GROUPS; g++)
            info->count[g] = sqlite3_column_int64(st, 5 + g);
        for (int g = 1; g < PD_REC__GROUPS; g++)
            info->undecided[g] = sqlite3_column_int64(st, 8 + g);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return PD_OK;
    if (rc == SQLITE_DONE)
        return PD_ENOTFOUND;
    return pd_db_fail(db, "reading the last reconciliation", err);
}

#define RCOLS "r.id, r.grp, " KEYX ", coalesce(r.row, 0), " KINDX ", coalesce(r.person, p.pid)," \
              " coalesce(r.name, p.name), coalesce(r.id_number, p.id_number), coalesce(r.sex, p.sex)," \
              " coalesce(r.birth_date, p.birth_date), r.diffs, r.event, r.ev_household, r.ev_pid," \
              " r.prefill, r.note, d.decision, d.note, d.user, d.at"
#define RJOIN " r LEFT JOIN persons p ON p.id = r.prow" \
              " LEFT JOIN recon_decisions d ON d.source = ?1 AND d.key = " KEYX
/* one group: a range of the key (grp, id); every group: the whole table */
#define RONE RJOIN " WHERE r.grp = ?2 AND (?3 OR r.grp = 0 OR d.decision IS NULL) ORDER BY r.grp, r.id"
#define RALL RJOIN " WHERE ?2 < 0 AND (?3 OR r.grp = 0 OR d.decision IS NULL) ORDER BY r.grp, r.id"

pd_err pd_rec_each(struct pd_db *db, enum pd_rec_source source, int group, bool all,
                   int (*fn)(void *ctx, const struct pd_rec_item *it), void *ctx,
                   struct pd_error *err)
{
    /* consistent rows are listed only with `all` */
    if (ukey_fn(db, err) != PD_OK)
        return PD_EDB;
    sqlite3_stmt *st = group >= 0 ? pd_db_stmt(db, T3("SELECT " RCOLS " FROM ", RONE), err)
                                  : pd_db_stmt(db, T3("SELECT " RCOLS " FROM ", RALL), err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, group);
    sqlite3_bind_int(st, 3, all);
    struct pd_rec_item *it = calloc(1, sizeof *it);
    if (!it) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        it->num = sqlite3_column_int64(st, 0);
        it->group = (enum pd_rec_group)sqlite3_column_int(st, 1);
        if (!all && it->group == PD_REC_CONSISTENT && group != PD_REC_CONSISTENT)
            continue;
        pd_col_text(st, 2, it->key, sizeof it->key);
        it->row = sqlite3_column_int(st, 3);
        pd_col_text(st, 4, it->kind, sizeof it->kind);
        pd_col_text(st, 5, it->person, sizeof it->person);
        pd_col_text(st, 6, it->name, sizeof it->name);
        pd_col_text(st, 7, it->id_number, sizeof it->id_number);
        pd_col_text(st, 8, it->sex, sizeof it->sex);
        pd_col_text(st, 9, it->birth, sizeof it->birth);
        pd_col_text(st, 10, it->diffs, sizeof it->diffs);
        pd_col_text(st, 11, it->event, sizeof it->event);
        pd_col_text(st, 12, it->ev_household, sizeof it->ev_household);
        pd_col_text(st, 13, it->ev_pid, sizeof it->ev_pid);
        pd_col_text(st, 14, it->prefill, sizeof it->prefill);
        pd_col_text(st, 15, it->note, sizeof it->note);
        pd_col_text(st, 16, it->decision, sizeof it->decision);
        pd_col_text(st, 17, it->decision_note, sizeof it->decision_note);
        pd_col_text(st, 18, it->decided_by, sizeof it->decided_by);
        pd_col_text(st, 19, it->decided_at, sizeof it->decided_at);
        if (fn(ctx, it)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    free(it);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, "reading the reconciliation results", err);
    return PD_OK;
}

static pd_err recount(struct pd_db *db, enum pd_rec_source source, struct pd_error *err)
{
    if (ukey_fn(db, err) != PD_OK)
        return PD_EDB;
    sqlite3_stmt *st = pd_db_stmt(db, T3("SELECT r.grp, count(*) FROM ",
                                         " r WHERE r.grp > 0 AND NOT EXISTS (SELECT 1 FROM recon_decisions d"
                                         " WHERE d.source = ?1 AND d.key = " KEYX ") GROUP BY r.grp"), err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    long long und[PD_REC__GROUPS] = { 0 };
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int g = sqlite3_column_int(st, 0);
        if (g > 0 && g < PD_REC__GROUPS)
            und[g] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, "counting undecided results", err);
    st = pd_db_stmt(db, "UPDATE recon_runs SET undecided_missing = ?, undecided_contradicted = ?,"
                    " undecided_unknown = ? WHERE source = ?", err);
    if (!st)
        return PD_EDB;
    for (int g = 1; g < PD_REC__GROUPS; g++)
        sqlite3_bind_int64(st, g, und[g]);
    sqlite3_bind_text(st, 4, pd_rec_source_key(source), -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PD_OK : pd_db_fail(db, "saving the undecided counts", err);
}

pd_err pd_rec_decide(struct pd_db *db, enum pd_rec_source source, const char *key,
                     const char *decision, const char *note, const char *user,
                     struct pd_error *err)
{
    if (!pd_rec_decision_ok(decision))
        return pd_fail(err, PD_EINVAL, "decision", PD_MSG("“%s”不是处理决定：请写 fixed（已更正）、explained（已说明）、ignored（不处理）或 event（已登记变动）",
                       "'%s' is not a decision: say fixed, explained, ignored or event"), decision ? decision : "");
    if (!key || !key[0])
        return pd_fail(err, PD_EINVAL, "key", "%s", PD_MSG("请给出结果的编号（列在结果旁边）",
                                                           "give the key of the result (printed beside it)"));
    if (strcmp(decision, "fixed") != 0 && strcmp(decision, "event") != 0 && (!note || !note[0]))
        return pd_fail(err, PD_EINVAL, "note", PD_MSG("%s必须写明原因%.0s", "a result %.0s%s needs a note saying why"),
                       strcmp(decision, "explained") == 0 ? "“已说明”" : "“不处理”",
                       strcmp(decision, "explained") == 0 ? "explained" : "ignored");
    if (ukey_fn(db, err) != PD_OK)
        return PD_EDB;
    sqlite3_stmt *st = pd_db_stmt(db, T3("SELECT grp FROM ", " r WHERE r.grp > 0 AND " KEYX " = ?2 LIMIT 1"), err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return pd_fail(err, PD_ENOTFOUND, "key", PD_MSG("最近一次%2$s核对里没有编号 %1$s 的结果（一致的不用处理）",
                       "no result with key %s in the last %s run (consistent rows need no decision)"),
                       key, pd_rec_source_key(source));
    if (rc != SQLITE_ROW)
        return pd_db_fail(db, "looking up the result", err);
    pd_err e = pd_db_begin(db, err);
    if (e != PD_OK)
        return e;
    st = pd_db_stmt(db, "INSERT OR REPLACE INTO recon_decisions(source, key, decision, note, user, at)"
                    " VALUES(?,?,?,?,?,?)", err);
    if (!st) {
        pd_db_rollback(db);
        return PD_EDB;
    }
    char at[40];
    now_iso(at, sizeof at);
    sqlite3_bind_text(st, 1, pd_rec_source_key(source), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, decision, -1, SQLITE_STATIC);
    pd_bind_text(st, 4, note);
    sqlite3_bind_text(st, 5, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        e = pd_db_fail(db, "saving the decision", err);
        pd_db_rollback(db);
        return e;
    }
    e = recount(db, source, err);
    if (e != PD_OK) {
        pd_db_rollback(db);
        return e;
    }
    return pd_db_commit(db, err);
}

int pd_rec_summary_lines(struct pd_db *db, char (*lines)[PD_REC_LINE], int max)
{
    int n = 0;
    for (int s = 0; s < PD_REC__SOURCES && n < max; s++) {
        struct pd_rec_run_info in;
        struct pd_error e;
        pd_error_clear(&e);
        if (pd_rec_last(db, (enum pd_rec_source)s, &in, &e) != PD_OK)
            continue;
        long long und = in.undecided[1] + in.undecided[2] + in.undecided[3];
        snprintf(lines[n++], PD_REC_LINE, "  %s (%s) %.10s, %lld 行: 一致 %lld, 对方有本地无 %lld, "
                 "信息不符 %lld, 本地有对方无 %lld; 未处理 %lld (%lld/%lld/%lld)",
                 pd_rec_source_word((enum pd_rec_source)s, false), pd_rec_source_key((enum pd_rec_source)s),
                 in.at, in.rows, in.count[0], in.count[1], in.count[2], in.count[3], und,
                 in.undecided[1], in.undecided[2], in.undecided[3]);
    }
    return n;
}
