/* policy_facts.c - gathering the facts the policy rules need (see
 * policy_facts.h).  Statements that run once per person are cached
 * (pd_db_stmt); the walk over all persons has its own statement, so the
 * cache can never finalise it under our feet. */
#include "store/policy_facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

/* ---- small helpers ---------------------------------------------------- */

static struct pd_date col_date(sqlite3_stmt *st, int i)
{
    struct pd_date d = { 0, 0, 0 };
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (s && *s)
        pd_date_parse(s, &d, "date", NULL);
    return d;
}

static char col_char(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s && s[0] && !s[1] ? s[0] : 0;
}

static enum pd_person_status status_of(const char *s)
{
    if (!s)
        return PD_PS_ACTIVE;
    if (strcmp(s, "dead") == 0)
        return PD_PS_DEAD;
    if (strcmp(s, "moved_out") == 0)
        return PD_PS_MOVED_OUT;
    if (strcmp(s, "left") == 0)
        return PD_PS_LEFT;
    return PD_PS_ACTIVE;
}

/* What the marriage check needs besides the person facts. */
struct marriage {
    struct pd_date first;      /* first-marriage date */
    struct pd_date changed;    /* date of the last marital change */
    char status[4];            /* GB/T 2261.2 code */
};

static bool married_like(const char *code)
{
    return code[0] == '2';
}

/* Married on day d as far as the register tells; *known false when no
 * marriage date is recorded at all. */
static bool married_on(const struct marriage *m, struct pd_date d, bool *known)
{
    bool have_first = pd_date_valid(m->first), have_changed = pd_date_valid(m->changed);
    *known = have_first || (have_changed && (married_like(m->status) || m->status[0] == '3' ||
                                             m->status[0] == '4'));
    if (married_like(m->status))
        return (have_changed && pd_date_cmp(m->changed, d) <= 0) ||
               (have_first && pd_date_cmp(m->first, d) <= 0);
    if (m->status[0] == '3' || m->status[0] == '4')   /* widowed, divorced on `changed` */
        return have_first && pd_date_cmp(m->first, d) <= 0 &&
               (!have_changed || pd_date_cmp(d, m->changed) < 0);
    if (!m->status[0])
        return have_first && pd_date_cmp(m->first, d) <= 0;
    return false;   /* unmarried */
}

/* ---- one birth -------------------------------------------------------- */

static pd_err birth_facts(struct pd_db *db, const char *mother, const char *spouse,
                          const struct marriage *m, struct pd_date birth, const char *child,
                          bool adopted, struct pd_birth_facts *out, bool *complete,
                          struct pd_error *err)
{
    char bd[PD_DATE_STRLEN];
    pd_date_format(birth, bd);
    memset(out, 0, sizeof *out);
    out->adopted = adopted;
    bool known = false;
    out->married_on_birth = married_on(m, birth, &known);
    if (complete)
        *complete = known;

    sqlite3_stmt *st = pd_db_stmt(db, "SELECT count(DISTINCT birth_date) FROM children "
                                  "WHERE parent=? AND adopted=0 AND birth_date<?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, mother, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, bd, -1, SQLITE_STATIC);
    out->order = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) + 1 : 1;
    sqlite3_reset(st);

    st = pd_db_stmt(db, "SELECT 1 FROM certificates WHERE person IN (?1, ?2) "
                    "AND kind='second_child' AND date<?3 LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, mother, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, spouse ? spouse : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, bd, -1, SQLITE_STATIC);
    out->second_cert_before = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);

    if (child && *child) {
        st = pd_db_stmt(db, "SELECT 1 FROM certificates WHERE child=? "
                        "AND kind IN ('first_child','second_child') LIMIT 1", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, child, -1, SQLITE_STATIC);
        out->approval_covers = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
    }
    return PD_OK;
}

pd_err pd_birth_facts_of_child(struct pd_db *db, const char *child, struct pd_birth_facts *out,
                               bool *complete, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT k.mother, k.birth_date, m.first_marriage_date, m.marital_date, m.marital, m.spouse,"
        " (SELECT adopted FROM children WHERE parent=k.mother AND child=k.pid LIMIT 1)"
        " FROM persons k LEFT JOIN persons m ON m.pid=k.mother WHERE k.pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, child, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOTFOUND, "child", "no person %s in the register", child);
    }
    char mother[PD_FACTS_REF], spouse[PD_FACTS_REF];
    pd_col_text(st, 0, mother, sizeof mother);
    struct pd_date birth = col_date(st, 1);
    struct marriage m = { col_date(st, 2), col_date(st, 3), "" };
    pd_col_text(st, 4, m.status, sizeof m.status);
    pd_col_text(st, 5, spouse, sizeof spouse);
    bool adopted = sqlite3_column_int(st, 6) != 0;
    sqlite3_reset(st);
    if (!mother[0])
        return pd_fail(err, PD_ENOTFOUND, "mother", "the register does not say who %s's mother is", child);
    return birth_facts(db, mother, spouse, &m, birth, child, adopted, out, complete, err);
}

/* ---- one person ------------------------------------------------------- */

#define PERSON_SQL(where)                                                               \
    "SELECT p.pid, p.household, p.name, p.id_number, p.sex, p.birth_date, p.reg_type,"  \
    " p.status, p.end_date, p.migrant, p.urban_pension, p.spouse_name, p.spouse,"       \
    " s.sex, s.birth_date, s.status, s.name"                                            \
    " FROM persons p LEFT JOIN persons s ON s.pid=p.spouse " where

static void read_person(sqlite3_stmt *st, struct pd_person_facts *f, char spouse[PD_FACTS_REF])
{
    memset(f, 0, sizeof *f);
    pd_col_text(st, 0, f->pid, sizeof f->pid);
    pd_col_text(st, 1, f->household, sizeof f->household);
    pd_col_text(st, 2, f->name, sizeof f->name);
    pd_col_text(st, 3, f->id_number, sizeof f->id_number);
    f->sex = col_char(st, 4);
    f->birth = col_date(st, 5);
    f->reg_type = col_char(st, 6);
    f->status = status_of((const char *)sqlite3_column_text(st, 7));
    f->end_date = col_date(st, 8);
    f->migrant = sqlite3_column_int(st, 9) != 0;
    f->urban_pension = sqlite3_column_int(st, 10) != 0;
    pd_col_text(st, 11, f->spouse_name, sizeof f->spouse_name);
    pd_col_text(st, 12, spouse, PD_FACTS_REF);
    if (spouse[0] && sqlite3_column_type(st, 13) != SQLITE_NULL) {
        f->spouse_sex = col_char(st, 13);
        f->spouse_birth = col_date(st, 14);
        const char *ss = (const char *)sqlite3_column_text(st, 15);
        f->spouse_alive = !ss || strcmp(ss, "dead") != 0;
        if (!f->spouse_name[0])
            pd_col_text(st, 16, f->spouse_name, sizeof f->spouse_name);
    }
}

/* The children rows of `parent` into f; returns how many rows it had. */
static pd_err load_children(struct pd_db *db, const char *parent, struct pd_person_facts *f,
                            char kids[PD_FACTS_CHILDREN][PD_FACTS_REF], int *computed,
                            struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT c.sex, c.birth_date, c.alive AND coalesce(k.status,'active')<>'dead',"
        " coalesce(c.death_date, CASE WHEN k.status='dead' THEN k.end_date END),"
        " c.adopted, coalesce(c.disability_grade, k.disability_grade, 0), c.within_policy,"
        " c.birth_order IS NOT NULL AND c.child IS NOT NULL, c.child"
        " FROM children c LEFT JOIN persons k ON k.pid=c.child"
        " WHERE c.parent=? ORDER BY c.birth_date, c.id", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, parent, -1, SQLITE_STATIC);
    int rc, n = 0;
    *computed = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n < PD_FACTS_CHILDREN) {
            struct pd_child_facts *ch = &f->children[n];
            ch->sex = col_char(st, 0);
            ch->birth = col_date(st, 1);
            ch->alive = sqlite3_column_int(st, 2) != 0;
            ch->death = col_date(st, 3);
            ch->adopted = sqlite3_column_int(st, 4) != 0;
            ch->disability_grade = sqlite3_column_int(st, 5);
            if (sqlite3_column_type(st, 6) != SQLITE_NULL)
                ch->within_policy = sqlite3_column_int(st, 6) != 0;
            else if (sqlite3_column_int(st, 7))
                ch->within_policy = 2;   /* a birth recorded here: computed below */
            else
                ch->within_policy = -1;
            pd_col_text(st, 8, kids[n], PD_FACTS_REF);
            if (ch->within_policy == 2)
                (*computed)++;
        }
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pd_db_fail(db, "reading the children", err);
    f->nchildren = n;
    return PD_OK;
}

static pd_err complete_person(struct pd_db *db, struct pd_person_facts *f, const char *spouse,
                              struct pd_error *err)
{
    char kids[PD_FACTS_CHILDREN][PD_FACTS_REF];
    int computed = 0;
    pd_err rc = load_children(db, f->pid, f, kids, &computed, err);
    if (rc == PD_OK && f->nchildren == 0 && spouse[0])
        rc = load_children(db, spouse, f, kids, &computed, err);
    if (rc != PD_OK)
        return rc;
    int n = f->nchildren < PD_FACTS_CHILDREN ? f->nchildren : PD_FACTS_CHILDREN;
    for (int i = 0; i < n && computed; i++) {
        if (f->children[i].within_policy != 2)
            continue;
        struct pd_birth_facts bf;
        bool complete = false;
        rc = pd_birth_facts_of_child(db, kids[i], &bf, &complete, err);
        if (rc == PD_ENOTFOUND) {
            f->children[i].within_policy = -1;
            continue;
        }
        if (rc != PD_OK)
            return rc;
        bool ok = pd_birth_within_policy(&bf, NULL, 0);
        /* a first birth whose parents' marriage date is not recorded is not
         * judged: out of policy only on evidence */
        f->children[i].within_policy = ok ? 1 : (!complete && bf.order == 1) ? -1 : 0;
    }

    f->onechild_child = -1;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT number, date, child FROM certificates "
                                  "WHERE person=? AND kind='onechild' ORDER BY date DESC, id DESC LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, f->pid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        f->onechild_cert = true;
        pd_col_text(st, 0, f->onechild_number, sizeof f->onechild_number);
        f->onechild_date = col_date(st, 1);
        char child[PD_FACTS_REF];
        pd_col_text(st, 2, child, sizeof child);
        for (int i = 0; i < n && child[0]; i++)
            if (strcmp(kids[i], child) == 0)
                f->onechild_child = i;
    }
    sqlite3_reset(st);
    return PD_OK;
}

pd_err pd_person_facts_get(struct pd_db *db, const char *pid, struct pd_person_facts *out,
                           struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, PERSON_SQL("WHERE p.pid=?"), err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOTFOUND, "person", "no person %s in the register", pid);
    }
    char spouse[PD_FACTS_REF];
    read_person(st, out, spouse);
    sqlite3_reset(st);
    return complete_person(db, out, spouse, err);
}

pd_err pd_person_facts_each(struct pd_db *db, const struct pd_facts_filter *filter,
                            int (*cb)(void *ctx, const struct pd_person_facts *f), void *ctx,
                            struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, PERSON_SQL(
        "WHERE p.status='active' AND p.migrant=0"
        " AND (?1 IS NULL OR p.birth_date<=?1)"
        " AND (?2=0 OR EXISTS (SELECT 1 FROM certificates c WHERE c.person=p.pid AND c.kind='onechild'))"
        " ORDER BY p.pid"), &st, err);
    if (rc != PD_OK)
        return rc;
    char by[PD_DATE_STRLEN] = "";
    if (filter && pd_date_valid(filter->born_by))
        pd_date_format(filter->born_by, by);
    pd_bind_text(st, 1, by);
    sqlite3_bind_int(st, 2, filter && filter->onechild_holders);
    struct pd_person_facts *f = malloc(sizeof *f);
    if (!f) {
        sqlite3_finalize(st);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the register");
    }
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char spouse[PD_FACTS_REF];
        read_person(st, f, spouse);
        if ((rc = complete_person(db, f, spouse, err)) != PD_OK)
            break;
        if (cb(ctx, f))
            break;
    }
    if (rc == PD_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the persons", err);
    free(f);
    sqlite3_finalize(st);
    return rc;
}
