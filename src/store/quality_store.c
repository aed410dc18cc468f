/* quality_store.c - the data-quality checks over the register (see
 * quality_store.h).  The rules and their words are core/quality.c's; here
 * only the reading, chosen so a million persons take a few seconds and a
 * few megabytes: one pass over persons with the children of each woman
 * read beside it in the same order (no look-up per child), and for the
 * pair rules a pass over an index that only yields the values held more
 * than once. */
#include "store/quality_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/events.h"
#include "store/internal.h"

struct run {
    struct pd_db *db;
    pd_problem_fn fn;
    void *ctx;
    struct pd_quality_summary *sum;
    unsigned char *seen;          /* one bit per persons rowid with a problem */
    long long nseen;
    sqlite3_stmt *insert;         /* when saving */
    pd_err rc;
    struct pd_error *err;
};

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

static void on_problem(void *ctx, const struct pd_problem *p)
{
    struct run *r = ctx;
    const struct pd_qkind_def *def = pd_qkind_def(p->kind);
    r->sum->problems++;
    r->sum->by_kind[p->kind]++;
    if (def->severity == PD_Q_ERROR)
        r->sum->errors++;
    else
        r->sum->warnings++;
    /* a dead person is not in the population the management rate counts */
    if (p->kind != PD_Q_DEAD_LATER && p->rowid > 0 && p->rowid < r->nseen &&
        !(r->seen[p->rowid / 8] & (1u << (p->rowid % 8)))) {
        r->seen[p->rowid / 8] |= (unsigned char)(1u << (p->rowid % 8));
        r->sum->persons_with_problems++;
    }
    if (r->insert && r->rc == PD_OK) {
        sqlite3_stmt *st = r->insert;
        sqlite3_bind_text(st, 1, def->key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, pd_qseverity_key(def->severity), -1, SQLITE_STATIC);
        pd_bind_text(st, 3, p->person);
        pd_bind_text(st, 4, p->household);
        pd_bind_text(st, 5, p->name);
        pd_bind_text(st, 6, p->field);
        sqlite3_bind_text(st, 7, p->reason, -1, SQLITE_STATIC);
        pd_bind_text(st, 8, p->other);
        if (sqlite3_step(st) != SQLITE_DONE)
            r->rc = pd_db_fail(r->db, "saving the problems found", r->err);
        sqlite3_reset(st);
    }
    if (r->fn)
        r->fn(r->ctx, p);
}

/* The columns every pass reads of a person, in this order. */
#define PERSON_COLS \
    "p.id, p.pid, p.household, p.name, p.id_number, p.sex, p.birth_date, p.ethnicity," \
    " p.relation, p.reg_type, p.reg_address, p.cur_address, p.marital," \
    " p.first_marriage_date, p.contra_method, p.contra_start, p.migrant, p.status, p.end_date"
#define PERSON_NCOLS 19

static void read_person(sqlite3_stmt *st, int at, struct pd_qperson *p)
{
    p->rowid = sqlite3_column_int64(st, at);
    p->pid = col(st, at + 1);
    p->household = col(st, at + 2);
    p->name = col(st, at + 3);
    p->id_number = col(st, at + 4);
    p->sex = col(st, at + 5);
    p->birth_date = col(st, at + 6);
    p->ethnicity = col(st, at + 7);
    p->relation = col(st, at + 8);
    p->reg_type = col(st, at + 9);
    p->reg_address = col(st, at + 10);
    p->cur_address = col(st, at + 11);
    p->marital = col(st, at + 12);
    p->first_marriage_date = col(st, at + 13);
    p->contra_method = col(st, at + 14);
    p->contra_start = col(st, at + 15);
    p->migrant = sqlite3_column_int(st, at + 16) != 0;
    p->status = col(st, at + 17);
    p->end_date = col(st, at + 18);
}

/* A copy of a person that outlives its statement row (pair rules). */
struct held {
    struct pd_qperson p;
    char buf[PERSON_NCOLS][200];
};

static void hold(sqlite3_stmt *st, struct held *h)
{
    read_person(st, 0, &h->p);
    const char **f[] = { &h->p.pid, &h->p.household, &h->p.name, &h->p.id_number, &h->p.sex,
                         &h->p.birth_date, &h->p.ethnicity, &h->p.relation, &h->p.reg_type,
                         &h->p.reg_address, &h->p.cur_address, &h->p.marital,
                         &h->p.first_marriage_date, &h->p.contra_method, &h->p.contra_start,
                         &h->p.status, &h->p.end_date };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        pd_strlcpy(h->buf[i], *f[i], sizeof h->buf[i]);
        *f[i] = h->buf[i];
    }
}

static pd_err prepare(struct run *r, const char *sql, sqlite3_stmt **st)
{
    return pd_db_prepare(r->db, sql, st, r->err);
}

static pd_err finish(struct run *r, sqlite3_stmt *st, int rc, const char *what)
{
    pd_err e = PD_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        e = pd_db_fail(r->db, what, r->err);
    sqlite3_finalize(st);
    return e != PD_OK ? e : r->rc;
}

/* A dead person's records dated after the death: the first one found.
 * `dates` reads the dated columns of the person's own row (dead persons
 * are few: the main scan does not carry these columns for everyone). */
static pd_err dead_later(struct run *r, sqlite3_stmt *later, const struct pd_qperson *p,
                         sqlite3_stmt *dates)
{
    static const char *const own[][2] = {
        { "marital_date", "marriage change" }, { "contra_start", "contraception started" },
        { "last_check_date", "pregnancy/IUD check" }, { "moved_date", "moved" },
    };
    sqlite3_bind_int64(dates, 1, p->rowid);
    bool found = false;
    if (sqlite3_step(dates) == SQLITE_ROW)
        for (size_t i = 0; !found && i < sizeof own / sizeof own[0]; i++)
            found = pd_quality_dead_later(p, own[i][1], own[i][0], col(dates, (int)i), 0, on_problem, r);
    sqlite3_reset(dates);
    if (found)
        return r->rc;
    sqlite3_bind_text(later, 1, p->pid, -1, SQLITE_STATIC);
    sqlite3_bind_text(later, 2, p->end_date, -1, SQLITE_STATIC);
    int rc = sqlite3_step(later);
    if (rc == SQLITE_ROW)
        pd_quality_dead_later(p, col(later, 0), col(later, 1), col(later, 2),
                              sqlite3_column_int(later, 3), on_problem, r);
    sqlite3_reset(later);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pd_db_fail(r->db, "reading a dead person's records", r->err);
    return r->rc;
}

/* The children of living mothers, read beside the persons: both in person
 * id order (persons by row, which follows the id the store hands out;
 * children through children_mother), so no child needs a look-up of its
 * mother.  A person who comes out of id order (only a hand-edited file
 * does that) has her children looked up on their own. */
struct kids {
    sqlite3_stmt *st, *name, *one;
    bool more;
    char last[PD_Q_REF];
};

struct count_ctx { int n; };

static void count_only(void *ctx, const struct pd_problem *p)
{
    (void)p;
    ((struct count_ctx *)ctx)->n++;
}

/* One children row (columns parent, birth_date, adopted, within_policy, id). */
static void check_child(struct run *r, struct kids *k, sqlite3_stmt *row, const struct pd_qperson *p)
{
    struct pd_qbirth b = {
        .mother = p, .child_name = "", .birth_date = col(row, 1),
        .adopted = sqlite3_column_int(row, 2) != 0,
        .within_policy = sqlite3_column_type(row, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(row, 3),
    };
    struct count_ctx n = { 0 };
    pd_quality_birth(&b, count_only, &n);
    if (!n.n)
        return;
    /* a problem: read the child's name for the words */
    char name[PD_Q_NAME] = "";
    sqlite3_bind_int64(k->name, 1, sqlite3_column_int64(row, 4));
    if (sqlite3_step(k->name) == SQLITE_ROW)
        pd_strlcpy(name, col(k->name, 0), sizeof name);
    sqlite3_reset(k->name);
    b.child_name = name;
    pd_quality_birth(&b, on_problem, r);
}

static void mother_children(struct run *r, struct kids *k, const struct pd_qperson *p, bool check)
{
    if (k->last[0] && strcmp(p->pid, k->last) <= 0) {
        if (check) {
            sqlite3_bind_text(k->one, 1, p->pid, -1, SQLITE_STATIC);
            while (sqlite3_step(k->one) == SQLITE_ROW)
                check_child(r, k, k->one, p);
            sqlite3_reset(k->one);
        }
        return;
    }
    pd_strlcpy(k->last, p->pid, sizeof k->last);
    while (k->more) {
        int c = strcmp(col(k->st, 0), p->pid);
        if (c > 0)
            break;
        if (c == 0 && check)
            check_child(r, k, k->st, p);
        k->more = sqlite3_step(k->st) == SQLITE_ROW;
    }
}

static pd_err pass_persons(struct run *r, struct pd_date today)
{
    sqlite3_stmt *st, *later = NULL, *dates = NULL;
    struct kids k = { .more = false };
    pd_err rc = prepare(r, "SELECT " PERSON_COLS " FROM persons p NOT INDEXED", &st);
    if (rc != PD_OK)
        return rc;
    if ((rc = prepare(r, "SELECT marital_date, contra_start, last_check_date, moved_date"
                      " FROM persons WHERE id=?", &dates)) != PD_OK) {
        sqlite3_finalize(st);
        return rc;
    }
    /* the first record of a dead person dated after the death (a father's
     * child may be born up to 300 days after) */
    rc = prepare(r,
        "SELECT what, field, d, grace FROM ("
        " SELECT 'contraception started' what, 'contraception' field, start_date d, 0 grace"
        "  FROM contraception WHERE person=?1 AND start_date>?2"
        " UNION ALL SELECT 'pregnancy registered', 'pregnancy', registered, 0"
        "  FROM pregnancies WHERE person=?1 AND registered>?2"
        " UNION ALL SELECT 'certificate issued', 'certificate', date, 0"
        "  FROM certificates WHERE person=?1 AND date>?2"
        " UNION ALL SELECT 'migrant arrived', 'migrant_certificate', arrived, 0"
        "  FROM migrant_certs WHERE person=?1 AND arrived>?2"
        " UNION ALL SELECT 'child born', 'child', c.birth_date,"
        "   CASE WHEN p.sex='1' THEN 300 ELSE 0 END"
        "  FROM children c, persons p WHERE c.parent=?1 AND p.pid=?1 AND c.birth_date>?2"
        "   AND c.adopted=0"
        "   AND (p.sex<>'1' OR c.birth_date>date(?2,'+300 days'))"
        ") ORDER BY d LIMIT 1", &later);
    if (rc == PD_OK)
        rc = prepare(r, "SELECT c.parent, c.birth_date, c.adopted, c.within_policy, c.id"
                     " FROM children c INDEXED BY children_mother ORDER BY c.parent", &k.st);
    if (rc == PD_OK)
        rc = prepare(r, "SELECT name FROM children WHERE id=?", &k.name);
    if (rc == PD_OK)
        rc = prepare(r, "SELECT c.parent, c.birth_date, c.adopted, c.within_policy, c.id"
                     " FROM children c INDEXED BY children_mother WHERE c.parent=?", &k.one);
    if (rc != PD_OK) {
        sqlite3_finalize(st);
        sqlite3_finalize(dates);
        sqlite3_finalize(later);
        sqlite3_finalize(k.st);
        sqlite3_finalize(k.name);
        return rc;
    }
    k.more = sqlite3_step(k.st) == SQLITE_ROW;
    int s = SQLITE_DONE;
    while (r->rc == PD_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_qperson p;
        read_person(st, 0, &p);
        bool active = strcmp(p.status, "active") == 0;
        if (active) {
            r->sum->population++;
            pd_quality_person(&p, today, on_problem, r);
        } else if (strcmp(p.status, "dead") == 0 && p.end_date[0]) {
            pd_err e = dead_later(r, later, &p, dates);
            if (e != PD_OK && r->rc == PD_OK)
                r->rc = e;
        }
        mother_children(r, &k, &p, active && strcmp(p.sex, "2") == 0);
    }
    sqlite3_finalize(dates);
    sqlite3_finalize(later);
    sqlite3_finalize(k.st);
    sqlite3_finalize(k.name);
    sqlite3_finalize(k.one);
    return finish(r, st, r->rc == PD_OK ? s : SQLITE_DONE, "reading the persons");
}

#define GROUP_MAX 64

/* Walks the values of `groups` (an index-only GROUP BY ... HAVING
 * count(*)>1) and hands the living records of each to rule. */
static pd_err pass_pairs(struct run *r, const char *groups, const char *members, int nkeys,
                         void (*rule)(const struct pd_qperson *const *, int, pd_problem_fn, void *),
                         const char *what)
{
    sqlite3_stmt *g, *m;
    pd_err rc = prepare(r, groups, &g);
    if (rc != PD_OK)
        return rc;
    if ((rc = prepare(r, members, &m)) != PD_OK) {
        sqlite3_finalize(g);
        return rc;
    }
    struct held *h = malloc(sizeof *h * GROUP_MAX);
    const struct pd_qperson *ptrs[GROUP_MAX];
    if (!h) {
        sqlite3_finalize(g);
        sqlite3_finalize(m);
        return pd_fail(r->err, PD_ENOMEM, NULL, "out of memory checking %s", what);
    }
    int s = SQLITE_DONE;
    while (r->rc == PD_OK && (s = sqlite3_step(g)) == SQLITE_ROW) {
        for (int i = 0; i < nkeys; i++)
            sqlite3_bind_value(m, i + 1, sqlite3_column_value(g, i));
        int n = 0, ms;
        while ((ms = sqlite3_step(m)) == SQLITE_ROW && n < GROUP_MAX) {
            hold(m, &h[n]);
            ptrs[n] = &h[n].p;
            n++;
        }
        sqlite3_reset(m);
        if (ms != SQLITE_ROW && ms != SQLITE_DONE) {
            s = ms;
            break;
        }
        if (n >= 2)
            rule(ptrs, n, on_problem, r);
    }
    free(h);
    sqlite3_finalize(m);
    return finish(r, g, r->rc == PD_OK ? s : SQLITE_DONE, what);
}

static pd_err pass_certificates(struct run *r, struct pd_date today)
{
    char t[PD_DATE_STRLEN];
    pd_date_format(today, t);
    sqlite3_stmt *st;
    pd_err rc = prepare(r,
        "SELECT " PERSON_COLS ", m.number, m.expiry"
        " FROM migrant_certs m CROSS JOIN persons p ON p.pid=m.person"
        " WHERE m.expiry<? AND m.left_date IS NULL AND p.status='active' AND p.migrant=1"
        " AND p.sex='2' AND m.id=(SELECT max(id) FROM migrant_certs x WHERE x.person=m.person)"
        " ORDER BY p.id", &st);
    if (rc != PD_OK)
        return rc;
    sqlite3_bind_text(st, 1, t, -1, SQLITE_TRANSIENT);
    int s = SQLITE_DONE;
    while (r->rc == PD_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_qperson p;
        read_person(st, 0, &p);
        pd_quality_certificate(&p, col(st, PERSON_NCOLS), col(st, PERSON_NCOLS + 1), today,
                               on_problem, r);
    }
    return finish(r, st, r->rc == PD_OK ? s : SQLITE_DONE, "reading the migrant certificates");
}

static void same_id_rule(const struct pd_qperson *const *recs, int n, pd_problem_fn fn, void *ctx)
{
    pd_quality_same_id(recs, n, fn, ctx);
}

static void dup_rule(const struct pd_qperson *const *recs, int n, pd_problem_fn fn, void *ctx)
{
    pd_quality_duplicates(recs, n, fn, ctx);
}

static pd_err save_summary(struct pd_db *db, const struct pd_quality_summary *s, struct pd_error *err)
{
    json_t *kinds = json_object();
    for (int i = 0; i < PD_Q__COUNT; i++)
        json_object_set_new(kinds, pd_qkind_def((enum pd_qkind)i)->key, json_integer(s->by_kind[i]));
    json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "at", s->at, "today", s->today,
                          "population", (json_int_t)s->population,
                          "persons_with_problems", (json_int_t)s->persons_with_problems,
                          "problems", (json_int_t)s->problems, "errors", (json_int_t)s->errors,
                          "warnings", (json_int_t)s->warnings, "by_kind", kinds);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory saving the check's summary");
    pd_err rc = pd_db_meta_set(db, "quality_last", text, err);
    free(text);
    return rc;
}

pd_err pd_quality_run(struct pd_db *db, bool save, pd_problem_fn fn, void *ctx,
                      struct pd_quality_summary *sum, struct pd_error *err)
{
    struct pd_quality_summary local;
    if (!sum)
        sum = &local;
    memset(sum, 0, sizeof *sum);
    struct pd_date today = pd_db_today(db);
    pd_date_format(today, sum->today);
    struct run r = { .db = db, .fn = fn, .ctx = ctx, .sum = sum, .err = err, .rc = PD_OK };

    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, "SELECT coalesce(max(id), 0) FROM persons", &st, err);
    if (rc != PD_OK)
        return rc;
    long long maxid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    r.nseen = maxid + 1;
    r.seen = calloc((size_t)(r.nseen / 8 + 1), 1);
    if (!r.seen)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory for the check");

    bool tx = false;
    if (save) {
        if ((rc = pd_db_begin(db, err)) != PD_OK)
            goto out;
        tx = true;
        if ((rc = pd_db_exec(db, "DELETE FROM quality_problems", err)) != PD_OK)
            goto out;
        if ((rc = pd_db_prepare(db, "INSERT INTO quality_problems(kind, severity, person, household,"
                                " name, field, reason, other) VALUES(?,?,?,?,?,?,?,?)", &r.insert, err)) != PD_OK)
            goto out;
    }
    rc = pass_persons(&r, today);
    if (rc == PD_OK)
        rc = pass_pairs(&r,
            "SELECT id_number FROM persons INDEXED BY persons_id_number WHERE id_number IS NOT NULL"
            " GROUP BY id_number HAVING count(*)>1",
            "SELECT " PERSON_COLS " FROM persons p WHERE p.id_number=? AND p.status='active' ORDER BY p.id",
            1, same_id_rule, "the ID numbers held twice");
    if (rc == PD_OK)
        rc = pass_pairs(&r,
            "SELECT name, birth_date, sex FROM persons INDEXED BY persons_dup"
            " GROUP BY name, birth_date, sex HAVING count(*)>1",
            "SELECT " PERSON_COLS " FROM persons p WHERE p.name=? AND p.birth_date IS ? AND p.sex IS ?"
            " AND p.status='active' ORDER BY p.id",
            3, dup_rule, "likely duplicates");
    if (rc == PD_OK)
        rc = pass_certificates(&r, today);
    if (rc == PD_OK)
        rc = r.rc;
    pd_now_iso(sum->at);
    if (rc == PD_OK && save)
        rc = save_summary(db, sum, err);
out:
    if (r.insert)
        sqlite3_finalize(r.insert);
    if (tx) {
        if (rc == PD_OK)
            rc = pd_db_commit(db, err);
        else
            pd_db_rollback(db);
    }
    free(r.seen);
    return rc;
}

pd_err pd_quality_last(struct pd_db *db, struct pd_quality_summary *sum, struct pd_error *err)
{
    memset(sum, 0, sizeof *sum);
    char buf[4096];
    if (pd_db_meta_get(db, "quality_last", buf, sizeof buf) != PD_OK)
        return PD_ENOTFOUND;
    json_t *o = json_loads(buf, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return pd_fail(err, PD_EDB, "quality_last", "the saved summary of the last check is damaged; run popdesk check");
    }
    pd_strlcpy(sum->at, json_string_value(json_object_get(o, "at")) ? json_string_value(json_object_get(o, "at")) : "",
               sizeof sum->at);
    const char *t = json_string_value(json_object_get(o, "today"));
    pd_strlcpy(sum->today, t ? t : "", sizeof sum->today);
    sum->population = json_integer_value(json_object_get(o, "population"));
    sum->persons_with_problems = json_integer_value(json_object_get(o, "persons_with_problems"));
    sum->problems = json_integer_value(json_object_get(o, "problems"));
    sum->errors = json_integer_value(json_object_get(o, "errors"));
    sum->warnings = json_integer_value(json_object_get(o, "warnings"));
    json_t *k = json_object_get(o, "by_kind");
    for (int i = 0; i < PD_Q__COUNT; i++)
        sum->by_kind[i] = json_integer_value(json_object_get(k, pd_qkind_def((enum pd_qkind)i)->key));
    json_decref(o);
    return PD_OK;
}

/* Hands each saved problem of st (kind, person, household, name, field,
 * reason, other; finalized here) to fn. */
static pd_err saved_walk(struct pd_db *db, sqlite3_stmt *st, pd_problem_fn fn, void *ctx,
                         struct pd_error *err)
{
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_problem p;
        memset(&p, 0, sizeof p);
        const struct pd_qkind_def *d = pd_qkind_find(col(st, 0));
        if (!d)
            continue;   /* a kind this build no longer knows */
        p.kind = d->kind;
        pd_col_text(st, 1, p.person, sizeof p.person);
        pd_col_text(st, 2, p.household, sizeof p.household);
        pd_col_text(st, 3, p.name, sizeof p.name);
        pd_col_text(st, 4, p.field, sizeof p.field);
        pd_col_text(st, 5, p.reason, sizeof p.reason);
        pd_col_text(st, 6, p.other, sizeof p.other);
        fn(ctx, &p);
    }
    pd_err rc = s == SQLITE_DONE ? PD_OK : pd_db_fail(db, "reading the saved problems", err);
    sqlite3_finalize(st);
    return rc;
}

pd_err pd_quality_saved_each(struct pd_db *db, const char *group, int kind, pd_problem_fn fn,
                             void *ctx, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db,
        "SELECT kind, person, household, name, field, reason, other FROM quality_problems"
        " WHERE (?1 IS NULL OR substr(household,13,2)=?1) AND (?2 IS NULL OR kind=?2)"
        " ORDER BY severity='warning', person, id", &st, err);
    if (rc != PD_OK)
        return rc;
    pd_bind_text(st, 1, group);
    const struct pd_qkind_def *def = kind >= 0 ? pd_qkind_def((enum pd_qkind)kind) : NULL;
    pd_bind_text(st, 2, def ? def->key : NULL);
    return saved_walk(db, st, fn, ctx, err);
}

pd_err pd_quality_saved_page(struct pd_db *db, const char *kinds, long long offset, int limit,
                             pd_problem_fn fn, void *ctx, long long *total, struct pd_error *err)
{
    char list[512];
    snprintf(list, sizeof list, ",%s,", kinds ? kinds : "");
    const char *k = kinds && kinds[0] ? list : NULL;
    sqlite3_stmt *st;
    pd_err rc;
    if (total) {
        rc = pd_db_prepare(db, "SELECT count(*) FROM quality_problems"
                               " WHERE (?1 IS NULL OR instr(?1, ','||kind||',') > 0)", &st, err);
        if (rc != PD_OK)
            return rc;
        pd_bind_text(st, 1, k);
        if (sqlite3_step(st) == SQLITE_ROW)
            *total = sqlite3_column_int64(st, 0);
        else
            rc = pd_db_fail(db, "counting the saved problems", err);
        sqlite3_finalize(st);
        if (rc != PD_OK)
            return rc;
    }
    rc = pd_db_prepare(db,
        "SELECT kind, person, household, name, field, reason, other FROM quality_problems"
        " WHERE (?1 IS NULL OR instr(?1, ','||kind||',') > 0)"
        " ORDER BY severity='warning', person, id LIMIT ?3 OFFSET ?2", &st, err);
    if (rc != PD_OK)
        return rc;
    pd_bind_text(st, 1, k);
    sqlite3_bind_int64(st, 2, offset > 0 ? offset : 0);
    sqlite3_bind_int(st, 3, limit);
    return saved_walk(db, st, fn, ctx, err);
}

pd_err pd_quality_forget(struct pd_db *db, const char *pid, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, "DELETE FROM quality_problems WHERE person=?1 OR other=?1", &st, err);
    if (rc != PD_OK)
        return rc;
    pd_bind_text(st, 1, pid);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = pd_db_fail(db, "forgetting the merged record's problems", err);
    sqlite3_finalize(st);
    return rc;
}

pd_err pd_quality_group_rate(struct pd_db *db, const char *group, long long *population,
                             long long *with_problems, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db,
        "SELECT (SELECT count(*) FROM persons WHERE status='active'"
        "         AND (?1 IS NULL OR substr(household,13,2)=?1)),"
        "       (SELECT count(DISTINCT q.person) FROM quality_problems q JOIN persons p ON p.pid=q.person"
        "         WHERE p.status='active' AND q.kind<>'dead_later'"
        "         AND (?1 IS NULL OR substr(p.household,13,2)=?1))", &st, err);
    if (rc != PD_OK)
        return rc;
    pd_bind_text(st, 1, group);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *population = sqlite3_column_int64(st, 0);
        *with_problems = sqlite3_column_int64(st, 1);
    } else {
        rc = pd_db_fail(db, "counting the management rate", err);
    }
    sqlite3_finalize(st);
    return rc;
}
