/* stats.c - the counting queries of the statistics (see stats.h and
 * docs/STATISTICS.md, "Counting").
 *
 * Every statement here is prepared and finalised by its function (not the
 * handle's cache): the births walk calls store/policy_facts.c, which uses
 * the cache, in the middle of its own rows.  Parameters are bound by number
 * and mean the same in every statement:
 *   ?1 the day before the period, ?2 its first day, ?3 its last day,
 *   ?4 the group (NULL for all), ?5 the latest birth date of a 15-year-old
 *   on ?3, ?6 the latest birth date of a 50-year-old on ?3.
 */
#include "store/stats.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/birthpolicy.h"
#include "store/internal.h"
#include "store/policy_facts.h"
#include "store/quality_store.h"

/* ---- shared pieces of SQL ------------------------------------------------ */

/* p is in the registered population at the end of day D. */
#define PRESENT(D)                                                                   \
    "(p.birth_date IS NULL OR p.birth_date<=" D ") AND (p.moved_date IS NULL OR p.moved_date<=" D ")" \
    " AND (p.status='active' OR p.end_date>" D ")"
#define IN_GROUP "(?4 IS NULL OR substr(p.household,13,2)=?4)"
#define MARRIED_CODES "('20','21','22','23')"
/* a married woman of 15-49 of the registered population on ?3, the terms
 * that reject most persons first (a scan tests them in this order) */
#define MARRIED_WOMAN_TERMS                                                          \
    "p.sex='2' AND p.marital IN " MARRIED_CODES " AND p.birth_date>?6 AND p.birth_date<=?5" \
    " AND p.migrant=0 AND " PRESENT("?3") " AND (p.marital_date IS NULL OR p.marital_date<=?3)"
#define MARRIED_WOMAN MARRIED_WOMAN_TERMS " AND " IN_GROUP
/* In the statements that read many persons, "@P" and "@G" are replaced
 * when prepared: the whole register scans the table once (NOT INDEXED: an
 * index on a column it tests would only add a look-up per row), a group
 * reads its households' persons through persons_household (?9..?10). */
#define SCAN_P "@P"
#define SCAN_G "@G"
/* the married women: their own index (covering the rates) or the group's */
#define SCAN_W "@W"

/* The married women with what the rate, the roster and the spot check need:
 * 0 pid, 1 name, 2 id_number, 3 household, 4 birth_date, 5 spouse_name,
 * 6 own method, 7 its start, 8 husband's method, 9 its start, 10 expected
 * date of a pregnancy on ?3 (NULL: not pregnant), 11 served in the period,
 * 12 living children.
 * Two forms with the same meaning: on a past day the histories
 * (contraception, pregnancies); on or after today the current columns the
 * events keep on the person, which need no look-up per woman. */
#define WOMEN_HEAD "SELECT p.pid, p.name, p.id_number, p.household, p.birth_date, p.spouse_name, "
/* served free in the period: a pregnancy/IUD check, or a method started
 * (the methods started are few: SQLite gathers them once, through
 * contraception(start_date), and looks each woman up in that list) */
#define SERVED "(p.last_check_date BETWEEN ?2 AND ?3 OR p.pid IN (SELECT x.person FROM contraception x" \
               " WHERE x.start_date BETWEEN ?2 AND ?3 AND x.method<>'9')"                           \
               " OR p.pid IN (SELECT s.person FROM health_services s"                                 \
               " WHERE s.date BETWEEN ?2 AND ?3 AND s.free=1))"
#define WOMEN_TAIL                                                                     \
    ", " SERVED ","                                                                    \
    " (SELECT count(*) FROM children k WHERE k.parent=p.pid AND k.alive=1)"            \
    " FROM " SCAN_W " WHERE " MARRIED_WOMAN_TERMS SCAN_G
/* a method in use on ?3 on person P's record: real methods before "9 none" */
#define METHOD_ON(P, COL)                                                              \
    "(SELECT " COL " FROM contraception c WHERE c.person=" P " AND c.start_date<=?3"    \
    " AND (c.end_date IS NULL OR c.end_date>?3) ORDER BY c.method='9', c.start_date DESC, c.id DESC LIMIT 1)"
static const char women_past_sql[] =
    WOMEN_HEAD METHOD_ON("p.pid", "method") " own_m, " METHOD_ON("p.pid", "start_date") ", "
    METHOD_ON("p.spouse", "method") " hus_m, " METHOD_ON("p.spouse", "start_date") ","
    " (SELECT expected FROM pregnancies g WHERE g.person=p.pid AND g.registered<=?3"
    "  AND (g.outcome_date IS NULL OR g.outcome_date>?3) ORDER BY g.registered DESC LIMIT 1)"
    WOMEN_TAIL;
static const char women_now_sql[] =
    WOMEN_HEAD "CASE WHEN p.contra_start<=?3 THEN p.contra_method END own_m,"
    " CASE WHEN p.contra_start<=?3 THEN p.contra_start END,"
    " CASE WHEN p.spouse IS NOT NULL AND (p.contra_method IS NULL OR p.contra_method='9')"
    "  THEN (SELECT h.contra_method FROM persons h WHERE h.pid=p.spouse AND h.contra_start<=?3) END hus_m,"
    " CASE WHEN p.spouse IS NOT NULL AND (p.contra_method IS NULL OR p.contra_method='9')"
    "  THEN (SELECT h.contra_start FROM persons h WHERE h.pid=p.spouse AND h.contra_start<=?3) END,"
    " p.pregnant_expected"
    WOMEN_TAIL;

/* ---- small helpers ------------------------------------------------------- */

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

struct params {
    struct pd_date asof;          /* the period's end, or today if that is earlier */
    char eve[PD_DATE_STRLEN], from[PD_DATE_STRLEN], to[PD_DATE_STRLEN];
    char b15[PD_DATE_STRLEN], b50[PD_DATE_STRLEN];
    char today[PD_DATE_STRLEN];
    const char *group;            /* NULL for all */
    char hh_lo[24], hh_hi[24];    /* the group's household codes */
    bool current;                 /* the period ends today or later */
};

/* A period not yet ended is counted as of today: who is present, aged
 * 15-49, using a method or holding a valid certificate "on the last day"
 * is known for today, not for a day still to come. */
static struct pd_date asof_of(struct pd_db *db, const struct pd_stats_query *q)
{
    struct pd_date today = pd_db_today(db);
    return pd_date_cmp(q->period.to, today) > 0 ? today : q->period.to;
}

static void params_of(struct pd_db *db, const struct pd_stats_query *q, struct params *p)
{
    struct pd_date today = pd_db_today(db);
    p->asof = asof_of(db, q);
    pd_date_format(pd_date_add_days(q->period.from, -1), p->eve);
    pd_date_format(q->period.from, p->from);
    pd_date_format(p->asof, p->to);
    pd_date_format(pd_age_bound(p->asof, 15), p->b15);
    pd_date_format(pd_age_bound(p->asof, 50), p->b50);
    pd_date_format(today, p->today);
    p->group = q->group[0] ? q->group : NULL;
    snprintf(p->hh_lo, sizeof p->hh_lo, "%.12s%.2s0000", pd_db_station(db), q->group);
    snprintf(p->hh_hi, sizeof p->hh_hi, "%.12s%.2s9999", pd_db_station(db), q->group);
    p->current = pd_date_cmp(p->asof, today) >= 0;
}

/* Prepares sql (with @P and @G filled in) and binds the shared parameters
 * it uses. */
static pd_err prep(struct pd_db *db, const char *sql, const struct params *p, sqlite3_stmt **st,
                   struct pd_error *err)
{
    static const char g_group[] = " AND p.household BETWEEN ?9 AND ?10";
    static const char p_all[] = "persons p NOT INDEXED", p_group[] = "persons p INDEXED BY persons_household",
                      w_all[] = "persons p INDEXED BY persons_married_women";
    char buf[16384];
    size_t n = 0;
    if (strlen(sql) + 256 > sizeof buf)   /* a programming error: say so, never cut a statement */
        return pd_fail(err, PD_EDB, NULL, "a statistics query is too long to prepare");
    for (const char *s = sql; *s && n < sizeof buf - 64; s++) {
        const char *put = NULL;
        if (s[0] == '@' && s[1] == 'P')
            put = p->group ? p_group : p_all;
        else if (s[0] == '@' && s[1] == 'W')
            put = p->group ? p_group : w_all;
        else if (s[0] == '@' && s[1] == 'G')
            put = p->group ? g_group : "";
        if (put) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", put);
            s++;
        } else {
            buf[n++] = *s;
        }
    }
    buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
    pd_err rc = pd_db_prepare(db, buf, st, err);
    if (rc != PD_OK)
        return rc;
    int np = sqlite3_bind_parameter_count(*st);
    const char *vals[] = { p->eve, p->from, p->to, p->group, p->b15, p->b50 };
    for (int i = 1; i <= np && i <= 6; i++)
        pd_bind_text(*st, i, vals[i - 1]);
    if (p->group && np >= 10) {
        pd_bind_text(*st, 9, p->hh_lo);
        pd_bind_text(*st, 10, p->hh_hi);
    }
    return PD_OK;
}

static pd_err done(struct pd_db *db, sqlite3_stmt *st, int s, const char *what, struct pd_error *err)
{
    pd_err rc = (s == SQLITE_DONE || s == SQLITE_ROW) ? PD_OK : pd_db_fail(db, what, err);
    sqlite3_finalize(st);
    return rc;
}

pd_err pd_stats_group_check(const char *group, struct pd_error *err)
{
    if (!group || strlen(group) != 2 || !isdigit((unsigned char)group[0]) ||
        !isdigit((unsigned char)group[1]))
        return pd_fail(err, PD_EINVAL, "group",
                       "group '%.20s' must be two digits (digits 13-14 of the household code, e.g. 01)",
                       group ? group : "");
    return PD_OK;
}

pd_err pd_stats_group_known(struct pd_db *db, const char *group, struct pd_error *err)
{
    pd_err rc = pd_stats_group_check(group, err);
    if (rc != PD_OK)
        return rc;
    /* households of any status: a group whose households have all gone
     * still has its past periods to count */
    char lo[32], hi[32];
    snprintf(lo, sizeof lo, "%.12s%.2s0000", pd_db_station(db), group);
    snprintf(hi, sizeof hi, "%.12s%.2s9999", pd_db_station(db), group);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT EXISTS(SELECT 1 FROM households WHERE code BETWEEN ? AND ?)", err);
    if (!st)
        return err ? err->code : PD_EDB;
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    bool known = s == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    if (s != SQLITE_ROW)
        return pd_db_fail(db, "looking up the group's households", err);
    if (known)
        return PD_OK;
    /* name the groups there are, so the user can pick one (only on this
     * error path: it reads every household code) */
    char have[160] = "";
    size_t n = 0;
    int count = 0;
    sqlite3_stmt *gs = pd_db_stmt(db, "SELECT DISTINCT substr(code,13,2) FROM households WHERE code BETWEEN ? AND ? "
                                      "ORDER BY 1", err);
    if (gs) {
        snprintf(lo, sizeof lo, "%.12s", pd_db_station(db));
        snprintf(hi, sizeof hi, "%.12s~", pd_db_station(db));
        sqlite3_bind_text(gs, 1, lo, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(gs, 2, hi, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(gs) == SQLITE_ROW && n < sizeof have - 8) {
            if (++count > 20) {
                n += (size_t)snprintf(have + n, sizeof have - n, " ...");
                break;
            }
            n += (size_t)snprintf(have + n, sizeof have - n, "%s%s", n ? " " : "",
                                  (const char *)sqlite3_column_text(gs, 0));
        }
        sqlite3_reset(gs);
    }
    if (!have[0])
        return pd_fail(err, PD_ENOTFOUND, "group", "group %s has no households in this register (it has none yet)",
                       group);
    return pd_fail(err, PD_ENOTFOUND, "group", "group %s has no households in this register (groups here: %s)",
                   group, have);
}

static bool date_of(const char *s, struct pd_date *d)
{
    *d = (struct pd_date){ 0, 0, 0 };
    return s && s[0] && pd_date_parse(s, d, "date", NULL) == PD_OK && !pd_date_is_empty(*d);
}

/* ---- births ----------------------------------------------------------------- */

/* The columns of a children row with its mother, the baby's own record and
 * the audit row of the event that recorded it. */
#define BIRTH_SELECT                                                                     \
    "SELECT c.id, c.child, coalesce(c.name, k.name), c.sex, c.birth_date,"                \
    " c.alive AND coalesce(k.status,'active')<>'dead',"                                   \
    " coalesce(c.death_date, CASE WHEN k.status='dead' THEN k.end_date END),"             \
    " c.within_policy, m.pid, m.name, m.id_number, m.household, m.migrant, m.moved_date,"  \
    " m.status, m.end_date, substr(a.at,1,10), a.type, f.name, m.spouse, c.seq"             \
    " FROM children c JOIN persons m ON m.pid=c.parent"                                    \
    " LEFT JOIN persons k ON k.pid=c.child LEFT JOIN persons f ON f.pid=k.father"          \
    " LEFT JOIN audit a ON a.seq=c.seq"                                                    \
    " WHERE c.adopted=0 AND m.sex='2' AND (?4 IS NULL OR substr(m.household,13,2)=?4)"

static const char births_on_time_sql[] =
    BIRTH_SELECT " AND c.birth_date BETWEEN ?2 AND ?3 ORDER BY c.birth_date, c.id";
static const char births_found_sql[] =
    BIRTH_SELECT " AND c.seq>=?7 AND c.birth_date<?2 ORDER BY c.seq, c.id";

struct births_walk {
    struct pd_db *db;
    const struct pd_stats_query *q;
    bool memo;
    char setup_day[PD_DATE_STRLEN];   /* the day of the register's first event */
    int (*cb)(void *, const struct pd_birth_rec *);
    void *ctx;
    bool stop;
};

/* The first seq recorded on or after `day`, by a binary search over the
 * audit log (its rows are written in time order); 0 when there is none. */
static pd_err first_seq_from(struct pd_db *db, const char *day, long long *seq, struct pd_error *err)
{
    sqlite3_stmt *bounds, *at;
    *seq = 0;
    pd_err rc = pd_db_prepare(db, "SELECT (SELECT min(id) FROM audit), (SELECT max(id) FROM audit)", &bounds, err);
    if (rc != PD_OK)
        return rc;
    long long lo = 0, hi = -1;
    if (sqlite3_step(bounds) == SQLITE_ROW && sqlite3_column_type(bounds, 0) != SQLITE_NULL) {
        lo = sqlite3_column_int64(bounds, 0);
        hi = sqlite3_column_int64(bounds, 1);
    }
    sqlite3_finalize(bounds);
    if (hi < lo)
        return PD_OK;
    if ((rc = pd_db_prepare(db, "SELECT substr(at,1,10), seq, id FROM audit WHERE id>=? ORDER BY id LIMIT 1",
                            &at, err)) != PD_OK)
        return rc;
    long long found = 0;
    hi++;                                   /* [lo, hi): answer is the first row with at >= day */
    while (lo < hi) {
        long long mid = lo + (hi - lo) / 2;
        sqlite3_bind_int64(at, 1, mid);
        if (sqlite3_step(at) != SQLITE_ROW) {
            sqlite3_reset(at);
            hi = mid;
            continue;
        }
        long long id = sqlite3_column_int64(at, 2);
        if (strcmp(col(at, 0), day) >= 0) {
            found = sqlite3_column_int64(at, 1);
            hi = mid;
        } else {
            lo = id + 1;
        }
        sqlite3_reset(at);
    }
    sqlite3_finalize(at);
    *seq = found;
    return PD_OK;
}

/* The birth-certificate number (生育证) covering this birth: one naming the
 * child, else the mother's or her husband's first- or second-child
 * certificate of the birth's order issued on or before the birth and after
 * her previous birth (the certificate of her second child does not cover a
 * third). */
static void certificate_of(struct pd_db *db, sqlite3_stmt *st, const struct pd_birth_rec *b,
                           const char *spouse, char *out, size_t size)
{
    out[0] = '\0';
    sqlite3_bind_text(st, 1, b->child, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b->mother, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, spouse, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, b->birth_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, b->order == 1 ? "first_child" : "second_child", -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_strlcpy(out, col(st, 0), size);
    sqlite3_reset(st);
    (void)db;
}

/* Order and within policy.  A baby with its own record and a mother link:
 * policy_facts + birthpolicy (a flag recorded on the row wins, as for the
 * subsidies).  A child recorded on the mother only: the same order rule
 * (1 + earlier birth days, a multiple birth counted once, adoptions not)
 * and the flag as recorded. */
static pd_err judge(struct pd_db *db, sqlite3_stmt *order_st, struct pd_birth_rec *b, int recorded,
                    struct pd_error *err)
{
    b->within_policy = -1;
    b->order = 0;
    if (b->child[0]) {
        struct pd_birth_facts f;
        bool complete = true;
        struct pd_error e;
        pd_err rc = pd_birth_facts_of_child(db, b->child, &f, &complete, &e);
        if (rc == PD_OK) {
            b->order = f.order;
            bool ok = pd_birth_within_policy(&f, b->policy_reason, sizeof b->policy_reason);
            b->within_policy = ok ? 1 : (!complete && f.order == 1) ? -1 : 0;
            if (b->within_policy < 0)
                snprintf(b->policy_reason, sizeof b->policy_reason, "%s",
                         "first child, the mother's marriage date is not recorded: not judged");
            if (recorded >= 0) {
                b->within_policy = recorded;
                snprintf(b->policy_reason, sizeof b->policy_reason, "%s",
                         recorded ? "recorded as within policy" : "recorded as out of policy");
            }
            return PD_OK;
        }
        if (rc != PD_ENOTFOUND) {
            if (err)
                *err = e;
            return rc;
        }
    }
    sqlite3_bind_text(order_st, 1, b->mother, -1, SQLITE_STATIC);
    sqlite3_bind_text(order_st, 2, b->birth_date, -1, SQLITE_STATIC);
    b->order = sqlite3_step(order_st) == SQLITE_ROW ? sqlite3_column_int(order_st, 0) + 1 : 1;
    sqlite3_reset(order_st);
    b->within_policy = recorded;
    snprintf(b->policy_reason, sizeof b->policy_reason, "%s",
             recorded > 0 ? "recorded as within policy" :
             recorded == 0 ? "recorded as out of policy" : "not recorded: not judged");
    return PD_OK;
}

static pd_err walk_births(struct births_walk *w, sqlite3_stmt *st, bool found_pass,
                          sqlite3_stmt *order_st, sqlite3_stmt *cert_st, struct pd_error *err)
{
    const struct pd_period *P = &w->q->period;
    int s = SQLITE_DONE;
    long long last_id = -1;
    while (!w->stop && (s = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        if (id == last_id)
            continue;       /* a row joined twice (two audit rows with one seq after a restore) */
        last_id = id;
        struct pd_birth_rec b;
        memset(&b, 0, sizeof b);
        pd_strlcpy(b.child, col(st, 1), sizeof b.child);
        pd_strlcpy(b.name, col(st, 2), sizeof b.name);
        pd_strlcpy(b.sex, col(st, 3), sizeof b.sex);
        pd_strlcpy(b.birth_date, col(st, 4), sizeof b.birth_date);
        b.alive = sqlite3_column_int(st, 5) != 0;
        pd_strlcpy(b.death_date, col(st, 6), sizeof b.death_date);
        int recorded = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7) != 0;
        pd_strlcpy(b.mother, col(st, 8), sizeof b.mother);
        pd_strlcpy(b.mother_name, col(st, 9), sizeof b.mother_name);
        pd_strlcpy(b.mother_id, col(st, 10), sizeof b.mother_id);
        pd_strlcpy(b.household, col(st, 11), sizeof b.household);
        bool migrant = sqlite3_column_int(st, 12) != 0;
        const char *moved = col(st, 13), *status = col(st, 14), *end = col(st, 15);
        const char *found = col(st, 16), *type = col(st, 17);
        pd_strlcpy(b.father_name, col(st, 18), sizeof b.father_name);
        char spouse[40];
        pd_strlcpy(spouse, col(st, 19), sizeof spouse);

        struct pd_date bd, fd;
        if (!date_of(b.birth_date, &bd))
            continue;
        /* the mother lived here (registered or as a migrant) on the birth date */
        if ((moved[0] && strcmp(moved, b.birth_date) > 0) ||
            (strcmp(status, "active") != 0 && (!end[0] || strcmp(end, b.birth_date) < 0)))
            continue;
        if (migrant && !w->memo)
            continue;
        /* late-found: recorded by a birth registration after the statistics
         * year of the birth had ended, and not on the set-up day */
        bool late = false;
        if (date_of(found, &fd) && strcmp(type, "person.birth") == 0 &&
            strcmp(found, w->setup_day) > 0) {
            struct pd_period year;
            pd_period_statyear_of(bd, w->q->statyear, &year);
            late = pd_date_cmp(fd, year.to) > 0;
        }
        struct pd_date counted = late ? fd : bd;
        if (found_pass && !late)
            continue;
        if (!pd_period_contains(P, counted))
            continue;
        b.late = late;
        pd_date_format(counted, b.counted_on);
        b.migrant_mother = migrant;
        pd_err rc = judge(w->db, order_st, &b, recorded, err);
        if (rc != PD_OK) {
            sqlite3_finalize(st);
            return rc;
        }
        certificate_of(w->db, cert_st, &b, spouse, b.certificate, sizeof b.certificate);
        if (w->cb(w->ctx, &b))
            w->stop = true;
    }
    return done(w->db, st, w->stop ? SQLITE_DONE : s, "reading the births", err);
}

pd_err pd_stats_births_each(struct pd_db *db, const struct pd_stats_query *q, bool memo,
                            int (*cb)(void *ctx, const struct pd_birth_rec *b), void *ctx,
                            struct pd_error *err)
{
    struct params p;
    params_of(db, q, &p);
    struct births_walk w = { .db = db, .q = q, .memo = memo, .cb = cb, .ctx = ctx };
    sqlite3_stmt *st, *order_st = NULL, *cert_st = NULL;
    pd_err rc = pd_db_prepare(db, "SELECT substr(at,1,10) FROM audit ORDER BY id LIMIT 1", &st, err);
    if (rc != PD_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_strlcpy(w.setup_day, col(st, 0), sizeof w.setup_day);
    sqlite3_finalize(st);
    /* late-found candidates: recorded in or after the period, and after the
     * set-up day (whose events are history, never late) */
    long long seqlo = 0, after_setup = 0;
    if ((rc = first_seq_from(db, p.from, &seqlo, err)) != PD_OK)
        return rc;
    if (w.setup_day[0] && seqlo) {
        struct pd_date sd;
        char next[PD_DATE_STRLEN];
        if (date_of(w.setup_day, &sd)) {
            pd_date_format(pd_date_add_days(sd, 1), next);
            if ((rc = first_seq_from(db, next, &after_setup, err)) != PD_OK)
                return rc;
        }
        seqlo = after_setup == 0 ? 0 : seqlo > after_setup ? seqlo : after_setup;
    }
    if ((rc = pd_db_prepare(db, "SELECT count(DISTINCT birth_date) FROM children"
                            " WHERE parent=? AND adopted=0 AND birth_date<?", &order_st, err)) != PD_OK)
        return rc;
    if ((rc = pd_db_prepare(db,
            "SELECT number FROM certificates WHERE kind IN ('first_child','second_child')"
            " AND ((?1<>'' AND child=?1) OR (person IN (?2, ?3) AND date<=?4 AND kind=?5"
            "  AND date>coalesce((SELECT max(birth_date) FROM children"
            "                     WHERE parent=?2 AND adopted=0 AND birth_date<?4), '')))"
            " ORDER BY child IS NULL, date DESC, id DESC LIMIT 1", &cert_st, err)) != PD_OK)
        goto out;
    if ((rc = prep(db, births_on_time_sql, &p, &st, err)) != PD_OK)
        goto out;
    if ((rc = walk_births(&w, st, false, order_st, cert_st, err)) != PD_OK || w.stop || seqlo == 0)
        goto out;
    if ((rc = prep(db, births_found_sql, &p, &st, err)) != PD_OK)
        goto out;
    sqlite3_bind_int64(st, 7, seqlo);
    rc = walk_births(&w, st, true, order_st, cert_st, err);
out:
    sqlite3_finalize(order_st);
    sqlite3_finalize(cert_st);
    return rc;
}

static int count_birth(void *ctx, const struct pd_birth_rec *b)
{
    struct pd_counts *c = ctx;
    if (b->migrant_mother) {
        c->births_migrant++;
        return 0;
    }
    c->births++;
    if (b->late)
        c->births_late++;
    if (strcmp(b->sex, "1") == 0)
        c->births_male++;
    else if (strcmp(b->sex, "2") == 0)
        c->births_female++;
    int o = b->order >= 3 ? 2 : b->order >= 1 ? b->order - 1 : 0;
    c->births_by_order[o]++;
    if (b->within_policy == 1) {
        c->births_within_policy++;
        c->births_by_order_policy[o]++;
    } else if (b->within_policy < 0) {
        c->births_policy_unknown++;
    }
    return 0;
}

/* ---- married women ------------------------------------------------------------ */

struct woman_row {
    struct pd_woman_rec w;
    bool using;                   /* a real method (not 9 "none") on `to` */
    bool served;
};

static void read_woman(sqlite3_stmt *st, struct pd_date to, struct woman_row *r)
{
    memset(r, 0, sizeof *r);
    struct pd_woman_rec *w = &r->w;
    pd_strlcpy(w->pid, col(st, 0), sizeof w->pid);
    pd_strlcpy(w->name, col(st, 1), sizeof w->name);
    pd_strlcpy(w->id_number, col(st, 2), sizeof w->id_number);
    pd_strlcpy(w->household, col(st, 3), sizeof w->household);
    pd_strlcpy(w->birth_date, col(st, 4), sizeof w->birth_date);
    pd_strlcpy(w->spouse_name, col(st, 5), sizeof w->spouse_name);
    struct pd_date b;
    w->age = date_of(w->birth_date, &b) ? pd_age_on(b, to) : -1;
    const char *own = col(st, 6), *hus = col(st, 8);
    if (own[0] && strcmp(own, "9") != 0) {
        pd_strlcpy(w->method, own, sizeof w->method);
        pd_strlcpy(w->method_start, col(st, 7), sizeof w->method_start);
    } else if (hus[0] && strcmp(hus, "9") != 0) {
        pd_strlcpy(w->method, hus, sizeof w->method);
        pd_strlcpy(w->method_start, col(st, 9), sizeof w->method_start);
        w->husband_method = true;
    } else if (own[0] || hus[0]) {
        pd_strlcpy(w->method, "9", sizeof w->method);
    }
    r->using = w->method[0] && strcmp(w->method, "9") != 0;
    w->pregnant = sqlite3_column_type(st, 10) != SQLITE_NULL;
    pd_strlcpy(w->expected, col(st, 10), sizeof w->expected);
    r->served = sqlite3_column_int(st, 11) != 0;
    w->children = sqlite3_column_int(st, 12);
}

typedef int (*woman_fn)(void *ctx, const struct woman_row *r);

static pd_err women_walk(struct pd_db *db, const struct pd_stats_query *q, const char *order_by,
                         woman_fn fn, void *ctx, struct pd_error *err)
{
    struct params p;
    params_of(db, q, &p);
    char sql[sizeof women_past_sql + sizeof women_now_sql + 128];
    snprintf(sql, sizeof sql, "%s%s", p.current ? women_now_sql : women_past_sql, order_by ? order_by : "");
    sqlite3_stmt *st;
    pd_err rc = prep(db, sql, &p, &st, err);
    if (rc != PD_OK)
        return rc;
    int s = SQLITE_DONE;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct woman_row r;
        read_woman(st, p.asof, &r);
        if (fn(ctx, &r))
            break;
    }
    return done(db, st, s, "reading the married women", err);
}

/* ---- migrant women ------------------------------------------------------------ */

/* migrant women 15-49 through their own small index (persons_migrant_women) */
#define MIGRANTS_SQL                                                                                \
    "SELECT p.pid, p.name, p.id_number, p.household, p.birth_date, p.marital, p.cur_address,"     \
    " p.reg_address, p.spouse_name, p.contra_method, p.pregnant_expected,"                        \
    " m.from_place, m.arrived, m.number, m.authority, m.issue, m.expiry, m.presented"             \
    " FROM persons p INDEXED BY persons_migrant_women"                                            \
    " LEFT JOIN migrant_certs m ON m.id=(SELECT max(id) FROM migrant_certs x WHERE x.person=p.pid)" \
    " WHERE p.migrant=1 AND p.sex='2' AND p.birth_date>?6 AND p.birth_date<=?5 AND " PRESENT("?3") \
    " AND " IN_GROUP
static const char migrants_count_sql[] = MIGRANTS_SQL;
static const char migrants_sql[] =
    MIGRANTS_SQL
    " ORDER BY m.expiry IS NULL, m.expiry, p.household, p.pid";

static bool married_code(const char *c)
{
    return strcmp(c, "20") == 0 || strcmp(c, "21") == 0 || strcmp(c, "22") == 0 || strcmp(c, "23") == 0;
}

static void migrant_of(sqlite3_stmt *st, struct pd_date to, struct pd_migrant_rec *m)
{
    memset(m, 0, sizeof *m);
    pd_strlcpy(m->pid, col(st, 0), sizeof m->pid);
    pd_strlcpy(m->name, col(st, 1), sizeof m->name);
    pd_strlcpy(m->id_number, col(st, 2), sizeof m->id_number);
    pd_strlcpy(m->household, col(st, 3), sizeof m->household);
    pd_strlcpy(m->birth_date, col(st, 4), sizeof m->birth_date);
    pd_strlcpy(m->marital, col(st, 5), sizeof m->marital);
    struct pd_date b, exp;
    m->age = date_of(m->birth_date, &b) ? pd_age_on(b, to) : -1;
    pd_strlcpy(m->from_place, col(st, 11), sizeof m->from_place);
    pd_strlcpy(m->arrived, col(st, 12), sizeof m->arrived);
    pd_strlcpy(m->cert_number, col(st, 13), sizeof m->cert_number);
    pd_strlcpy(m->cert_authority, col(st, 14), sizeof m->cert_authority);
    pd_strlcpy(m->cert_issue, col(st, 15), sizeof m->cert_issue);
    pd_strlcpy(m->cert_expiry, col(st, 16), sizeof m->cert_expiry);
    pd_strlcpy(m->cert_presented, col(st, 17), sizeof m->cert_presented);
    if (!m->cert_number[0] || !date_of(m->cert_expiry, &exp))
        m->state = PD_CERT_MISSING;
    else if (pd_date_cmp(exp, to) < 0)
        m->state = PD_CERT_EXPIRED;
    else if (pd_date_cmp(exp, pd_date_add_days(to, 30)) <= 0)
        m->state = PD_CERT_EXPIRING;
    else
        m->state = PD_CERT_VALID;
    /* complete (default): ID number, both addresses, a valid certificate
     * with number, authority and dates, the spouse, and contraception or a
     * pregnancy on record */
    bool married = married_code(m->marital);
    /* in the words of the roster it is printed on (the migrants report,
     * in Chinese like every statistics report) */
    struct { bool ok; const char *what; } need[] = {
        { col(st, 2)[0] != '\0', "身份证号" },
        { col(st, 6)[0] != '\0', "现住址" },
        { col(st, 7)[0] != '\0', "户籍地址" },
        { m->state == PD_CERT_VALID || m->state == PD_CERT_EXPIRING, "有效婚育证明" },
        { m->cert_authority[0] != '\0' && m->cert_issue[0] != '\0', "发证机关和发证日期" },
        { !married || col(st, 8)[0] != '\0', "配偶" },
        { !married || col(st, 9)[0] != '\0' || col(st, 10)[0] != '\0', "避孕或怀孕记录" },
    };
    size_t n = 0;
    m->complete = true;
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!need[i].ok) {
            m->complete = false;
            n += (size_t)snprintf(m->missing + n, n < sizeof m->missing ? sizeof m->missing - n : 0,
                                  "%s%s", n ? "、" : "", need[i].what);
            if (n >= sizeof m->missing)
                n = sizeof m->missing - 1;
        }
}

static pd_err migrants_walk(struct pd_db *db, const struct pd_stats_query *q, bool ordered,
                            int (*cb)(void *ctx, const struct pd_migrant_rec *m), void *ctx,
                            struct pd_error *err)
{
    struct params p;
    params_of(db, q, &p);
    sqlite3_stmt *st;
    pd_err rc = prep(db, ordered ? migrants_sql : migrants_count_sql, &p, &st, err);
    if (rc != PD_OK)
        return rc;
    int s = SQLITE_DONE;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        struct pd_migrant_rec m;
        migrant_of(st, p.asof, &m);
        if (cb(ctx, &m))
            break;
    }
    return done(db, st, s, "reading the migrant women", err);
}

pd_err pd_stats_migrants_each(struct pd_db *db, const struct pd_stats_query *q,
                              int (*cb)(void *ctx, const struct pd_migrant_rec *m), void *ctx,
                              struct pd_error *err)
{
    return migrants_walk(db, q, true, cb, ctx, err);
}

static int count_migrant(void *ctx, const struct pd_migrant_rec *m)
{
    struct pd_counts *c = ctx;
    if (married_code(m->marital)) {
        c->migrant_women++;
        if (m->complete)
            c->migrant_women_complete++;
    }
    return 0;
}

/* ---- the whole count ------------------------------------------------------------ */

/* The population on a day without reading every person: the registered
 * persons active now, less those born or moved in after the day, plus
 * those who died or left after it (PRESENT, term by term; each term reads
 * an index range: births, moves and ends after the day are few for a
 * recent day).  "+p.col" keeps SQLite from using an index on that column
 * where another is the narrow one. */
#define ACTIVE_NOW "+p.status='active' AND +p.migrant=0" SCAN_G
#define BORN_AFTER(D) "(SELECT count(*) FROM persons p WHERE p.birth_date>" D " AND " ACTIVE_NOW ")"
#define MOVED_AFTER(D) "(SELECT count(*) FROM persons p WHERE p.moved_date>" D                     \
    " AND (+p.birth_date IS NULL OR +p.birth_date<=" D ") AND " ACTIVE_NOW ")"
#define ENDED_AFTER(D) "(SELECT count(*) FROM persons p WHERE p.end_date>" D " AND +p.status<>'active'" \
    " AND +p.migrant=0 AND (+p.birth_date IS NULL OR +p.birth_date<=" D ")"                          \
    " AND (+p.moved_date IS NULL OR +p.moved_date<=" D ")" SCAN_G ")"
#define MARRIED_IN_PERIOD "p.marital_date BETWEEN ?2 AND ?3 AND +p.migrant=0 AND +p.marital IN " MARRIED_CODES SCAN_G
static const char population_sql[] =
    "SELECT (SELECT count(*) FROM persons p WHERE p.status='active' AND p.migrant=0" SCAN_G "),"
    " " BORN_AFTER("?1") ", " MOVED_AFTER("?1") ", " ENDED_AFTER("?1") ","
    " " BORN_AFTER("?3") ", " MOVED_AFTER("?3") ", " ENDED_AFTER("?3") ","
    " (SELECT count(*) FROM persons p WHERE p.end_date BETWEEN ?2 AND ?3 AND +p.status='dead'"
    "   AND +p.migrant=0" SCAN_G "),"
    " (SELECT count(*) FROM persons p WHERE " MARRIED_IN_PERIOD "),"
    " (SELECT count(*) FROM persons p WHERE " MARRIED_IN_PERIOD " AND p.premarital_check=1)";

/* The married women's rates in one pass: the same expressions women_walk()
 * reads per row (OWN_*, HUS_*, PREG_*), summed. */
#define OWN_PAST METHOD_ON("p.pid", "method")
#define HUS_PAST METHOD_ON("p.spouse", "method")
#define PREG_PAST "EXISTS (SELECT 1 FROM pregnancies g WHERE g.person=p.pid AND g.registered<=?3" \
                  " AND (g.outcome_date IS NULL OR g.outcome_date>?3))"
#define OWN_NOW "(CASE WHEN p.contra_start<=?3 THEN p.contra_method END)"
#define HUS_NOW "(SELECT h.contra_method FROM persons h WHERE h.pid=p.spouse AND h.contra_start<=?3)"
#define PREG_NOW "(p.pregnant_expected IS NOT NULL)"
/* a real method (not 9 "none") on her record, else on her husband's */
#define USING(OWN, HUS) "(coalesce(" OWN ",'9')<>'9' OR (p.spouse IS NOT NULL AND coalesce(" HUS ",'9')<>'9'))"
#define WOMEN_RATES_SQL(OWN, HUS, PREG)                                                             \
    "SELECT count(*), coalesce(sum(NOT " PREG "), 0),"                                               \
    " coalesce(sum(CASE WHEN NOT " PREG " THEN " USING(OWN, HUS) " END), 0),"                        \
    " coalesce(sum(" SERVED "), 0)"                                                                  \
    " FROM " SCAN_W " WHERE " MARRIED_WOMAN_TERMS SCAN_G
static const char women_rates_past_sql[] = WOMEN_RATES_SQL(OWN_PAST, HUS_PAST, PREG_PAST);
static const char women_rates_now_sql[] = WOMEN_RATES_SQL(OWN_NOW, HUS_NOW, PREG_NOW);

static pd_err population(struct pd_db *db, const struct params *p, long long v[9], struct pd_error *err);

/* a baby recorded on its registered mother only, who died before the first
 * birthday: a death of the registered population as well as a birth */
static const char infant_deaths_sql[] =
    "SELECT count(*) FROM children c JOIN persons p ON p.pid=c.parent"
    " WHERE c.death_date BETWEEN ?2 AND ?3 AND c.child IS NULL AND c.alive=0"  /* children_died_unregistered */
    " AND c.adopted=0"
    " AND c.death_date<date(c.birth_date,'+1 year') AND p.sex='2' AND p.migrant=0"
    " AND (p.moved_date IS NULL OR p.moved_date<=c.birth_date)"
    " AND (p.status='active' OR p.end_date>=c.birth_date) AND " IN_GROUP;

/* couples planning a within-policy pregnancy (default): married women
 * 15-49 issued a first- or second-child certificate in the period (theirs
 * or the husband's), or with a pregnancy registered in the period under a
 * birth-certificate number; checked: her or his pre-pregnancy check */
static const char planning_sql[] =
    "SELECT count(*), coalesce(sum(p.prepregnancy_check=1 OR coalesce((SELECT h.prepregnancy_check"
    "  FROM persons h WHERE h.pid=p.spouse), 0)=1), 0)"
    " FROM persons p WHERE " MARRIED_WOMAN " AND p.pid IN ("
    "  SELECT c.person FROM certificates c WHERE c.kind IN ('first_child','second_child')"
    "   AND c.date BETWEEN ?2 AND ?3"
    "  UNION SELECT s.spouse FROM certificates c JOIN persons s ON s.pid=c.person"
    "   WHERE c.kind IN ('first_child','second_child') AND c.date BETWEEN ?2 AND ?3"
    "   AND s.spouse IS NOT NULL"
    "  UNION SELECT g.person FROM pregnancies g WHERE g.registered BETWEEN ?2 AND ?3"
    "   AND g.certificate IS NOT NULL)";

static const char onechild_sql[] =
    "SELECT count(DISTINCT c.person) FROM certificates c JOIN persons p ON p.pid=c.person"
    " WHERE c.kind='onechild' AND c.date<=?3 AND p.migrant=0 AND " PRESENT("?3") " AND " IN_GROUP;

static pd_err one_row(struct pd_db *db, const char *sql, const struct params *p, long long *out,
                      int n, const char *what, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = prep(db, sql, p, &st, err);
    if (rc != PD_OK)
        return rc;
    int s = sqlite3_step(st);
    for (int i = 0; i < n; i++)
        out[i] = s == SQLITE_ROW ? sqlite3_column_int64(st, i) : 0;
    return done(db, st, s, what, err);
}

/* v: population at the start and the end, deaths, marriages, of them
 * checked, married women, able, using, served. */
static pd_err population(struct pd_db *db, const struct params *p, long long v[9], struct pd_error *err)
{
    long long t[10], w[4];
    pd_err rc = one_row(db, population_sql, p, t, 10, "counting the population", err);
    if (rc == PD_OK)
        rc = one_row(db, p->current ? women_rates_now_sql : women_rates_past_sql, p, w, 4,
                     "counting the married women", err);
    if (rc != PD_OK)
        return rc;
    v[0] = t[0] - t[1] - t[2] + t[3];
    v[1] = t[0] - t[4] - t[5] + t[6];
    v[2] = t[7];
    v[3] = t[8];
    v[4] = t[9];
    for (int i = 0; i < 4; i++)
        v[5 + i] = w[i];
    return PD_OK;
}

static void spot_worst(const struct pd_spot_result *r, struct pd_counts *c)
{
    double worst = -1;
    for (int i = 0; i < PD_SPOT__COUNT; i++) {
        double rate;
        bool ok = pd_stat_error_rate(r->surveyed[i], r->reported[i], &rate);
        if (!ok)
            rate = 1e9;    /* reported where nothing was found: the worst there is */
        if (rate > worst) {
            worst = rate;
            snprintf(c->spot_indicator, sizeof c->spot_indicator, "%s", pd_spot_key((enum pd_spot_item)i));
            c->spot_surveyed = r->surveyed[i];
            c->spot_reported = r->reported[i];
        }
    }
}

pd_err pd_stats_count(struct pd_db *db, const struct pd_stats_query *q, struct pd_counts *c,
                      struct pd_error *err)
{
    memset(c, 0, sizeof *c);
    struct params p;
    params_of(db, q, &p);
    long long v[9];
    pd_err rc = population(db, &p, v, err);
    if (rc != PD_OK)
        return rc;
    c->pop_start = v[0];
    c->pop_end = v[1];
    c->deaths = v[2];
    c->marriages = v[3];
    c->marriages_checked = v[4];
    c->married_women = c->women_to_serve = v[5];
    c->married_women_able = v[6];
    c->married_women_using = v[7];
    c->women_served = v[8];
    if ((rc = one_row(db, infant_deaths_sql, &p, v, 1, "counting the infant deaths", err)) != PD_OK)
        return rc;
    c->deaths += v[0];
    if ((rc = one_row(db, planning_sql, &p, v, 2, "counting the couples planning a pregnancy", err)) != PD_OK)
        return rc;
    c->planning = v[0];
    c->planning_checked = v[1];
    if ((rc = pd_stats_births_each(db, q, true, count_birth, c, err)) != PD_OK)
        return rc;
    if ((rc = migrants_walk(db, q, false, count_migrant, c, err)) != PD_OK)
        return rc;

    struct pd_quality_summary qs;
    rc = pd_quality_last(db, &qs, err);
    if (rc == PD_OK) {
        c->have_quality = true;
        pd_strlcpy(c->quality_at, qs.at, sizeof c->quality_at);
        if (q->group[0]) {
            long long pop = 0, bad = 0;
            if ((rc = pd_quality_group_rate(db, q->group, &pop, &bad, err)) != PD_OK)
                return rc;
            c->population_actual = pop;
            c->persons_managed = pop - bad;
        } else {
            c->population_actual = qs.population;
            c->persons_managed = qs.population - qs.persons_with_problems;
        }
    } else if (rc != PD_ENOTFOUND) {
        return rc;
    }
    struct pd_spot_result spot;
    rc = pd_stats_spot_last(db, &spot, err);
    if (rc == PD_OK && (!q->group[0] || strcmp(spot.group, q->group) == 0)) {
        c->have_spotcheck = true;
        pd_strlcpy(c->spot_at, spot.at, sizeof c->spot_at);
        spot_worst(&spot, c);
    } else if (rc != PD_OK && rc != PD_ENOTFOUND) {
        return rc;
    }
    return PD_OK;
}

pd_err pd_stats_onechild(struct pd_db *db, const struct pd_stats_query *q, long long *holders,
                         struct pd_error *err)
{
    struct params p;
    params_of(db, q, &p);
    return one_row(db, onechild_sql, &p, holders, 1, "counting the one-child certificates", err);
}

/* ---- contraception report ------------------------------------------------------- */

static int contra_woman(void *ctx, const struct woman_row *r)
{
    struct pd_contra_stats *c = ctx;
    c->married_women++;
    if (r->w.pregnant)
        c->pregnant++;
    int m = r->w.method[0] ? atoi(r->w.method) : 0;
    if (m >= 1 && m < PD_STATS_METHODS)
        c->by_method[m]++;
    else
        c->no_method++;
    return 0;
}

static const char surgeries_sql[] =
    "SELECT"
    " coalesce(sum(c.method='3' AND c.start_date BETWEEN ?2 AND ?3), 0),"
    " coalesce(sum(c.method='3' AND c.end_date BETWEEN ?2 AND ?3), 0),"
    " coalesce(sum(c.method='2' AND c.start_date BETWEEN ?2 AND ?3), 0),"
    " coalesce(sum(c.method='1' AND c.start_date BETWEEN ?2 AND ?3), 0),"
    " coalesce(sum(c.method='4' AND c.start_date BETWEEN ?2 AND ?3), 0)"
    " FROM contraception c JOIN persons p ON p.pid=c.person"
    " WHERE p.migrant=0 AND c.method IN ('1','2','3','4')"
    " AND (c.start_date BETWEEN ?2 AND ?3 OR c.end_date BETWEEN ?2 AND ?3) AND " IN_GROUP;
static const char abortions_sql[] =
    "SELECT count(*) FROM pregnancies g JOIN persons p ON p.pid=g.person"
    " WHERE g.outcome='induced_abortion' AND g.outcome_date BETWEEN ?2 AND ?3 AND p.migrant=0 AND " IN_GROUP;

pd_err pd_stats_contraception(struct pd_db *db, const struct pd_stats_query *q,
                              struct pd_contra_stats *out, struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    struct params p;
    params_of(db, q, &p);
    pd_err rc = women_walk(db, q, NULL, contra_woman, out, err);
    long long v[5];
    if (rc == PD_OK)
        rc = one_row(db, surgeries_sql, &p, v, 5, "counting the surgeries", err);
    if (rc != PD_OK)
        return rc;
    out->iud_insert = v[0];
    out->iud_remove = v[1];
    out->female_steril = v[2];
    out->male_steril = v[3];
    out->implant = v[4];
    rc = one_row(db, abortions_sql, &p, v, 1, "counting the abortions", err);
    out->induced_abortion = v[0];
    return rc;
}

/* ---- monthly ------------------------------------------------------------------- */

static int count_plain_birth(void *ctx, const struct pd_birth_rec *b)
{
    (void)b;
    ((struct pd_monthly *)ctx)->births++;
    return 0;
}

static const char pregnancies_sql[] =
    "SELECT count(*) FROM pregnancies g JOIN persons p ON p.pid=g.person"
    " WHERE g.registered BETWEEN ?2 AND ?3 AND p.migrant=0 AND " IN_GROUP;

pd_err pd_stats_monthly(struct pd_db *db, const struct pd_stats_query *q, struct pd_monthly *out,
                        struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    struct params p;
    params_of(db, q, &p);
    long long v[9];
    pd_err rc = pd_stats_births_each(db, q, false, count_plain_birth, out, err);
    if (rc == PD_OK)
        rc = population(db, &p, v, err);
    if (rc != PD_OK)
        return rc;
    out->deaths = v[2];
    out->marriages = v[3];
    if ((rc = one_row(db, infant_deaths_sql, &p, v, 1, "counting the infant deaths", err)) != PD_OK)
        return rc;
    out->deaths += v[0];
    if ((rc = one_row(db, pregnancies_sql, &p, v, 1, "counting the pregnancies", err)) != PD_OK)
        return rc;
    out->pregnancies = v[0];
    struct pd_contra_stats cs;
    memset(&cs, 0, sizeof cs);
    if ((rc = one_row(db, surgeries_sql, &p, v, 5, "counting the surgeries", err)) != PD_OK)
        return rc;
    out->surgeries = v[0] + v[1] + v[2] + v[3] + v[4];
    if ((rc = one_row(db, abortions_sql, &p, v, 1, "counting the abortions", err)) != PD_OK)
        return rc;
    out->surgeries += v[0];
    return PD_OK;
}

/* ---- women roster ---------------------------------------------------------------- */

struct women_cb {
    int (*cb)(void *, const struct pd_woman_rec *);
    void *ctx;
};

static int roster_woman(void *ctx, const struct woman_row *r)
{
    struct women_cb *w = ctx;
    return w->cb(w->ctx, &r->w);
}

pd_err pd_stats_women_each(struct pd_db *db, const struct pd_stats_query *q,
                           int (*cb)(void *ctx, const struct pd_woman_rec *w), void *ctx,
                           struct pd_error *err)
{
    struct women_cb w = { cb, ctx };
    /* by method (none last), then household and person: no index gives this
     * order, so SQLite sorts; its sorter keeps a few megabytes in memory and
     * the rest in temporary files, which the register's temp_store=MEMORY
     * would keep in memory too (some 16 MB for the 170 000 women of a
     * million persons), so the roster sorts with file-backed temporary
     * storage (unlinked files, as the report's own rows) */
    struct pd_error ignore;
    /* best effort: if SQLite will not switch, the sort is only bigger */
    bool to_file = pd_db_exec(db, "PRAGMA temp_store=FILE", &ignore) == PD_OK;
    pd_err rc = women_walk(db, q, " ORDER BY coalesce(nullif(own_m,'9'), nullif(hus_m,'9'), own_m, hus_m, 'z'),"
                           " p.household, p.pid", roster_woman, &w, err);
    if (to_file)
        pd_db_exec(db, "PRAGMA temp_store=MEMORY", &ignore);
    return rc;
}

/* ---- spot check ------------------------------------------------------------------- */

static const struct { const char *key, *zh; } spot_items[PD_SPOT__COUNT] = {
#define PD_X(id, key, zh) { key, zh },
    PD_SPOT_TABLE(PD_X)
#undef PD_X
};

const char *pd_spot_key(enum pd_spot_item i)
{
    return (unsigned)i < PD_SPOT__COUNT ? spot_items[i].key : "";
}

const char *pd_spot_zh(enum pd_spot_item i)
{
    return (unsigned)i < PD_SPOT__COUNT ? spot_items[i].zh : "";
}

/* Per-household tallies kept sorted by code (a group has a few thousand
 * households at most). */
struct tally {
    struct { char code[24]; long long n[PD_SPOT__COUNT]; } *v;
    size_t n, cap;
};

static long long *tally_at(struct tally *t, const char *code)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(t->v[mid].code, code);
        if (c == 0)
            return t->v[mid].n;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        void *nv = realloc(t->v, cap * sizeof t->v[0]);
        if (!nv)
            return NULL;
        t->v = nv;
        t->cap = cap;
    }
    memmove(&t->v[lo + 1], &t->v[lo], (t->n - lo) * sizeof t->v[0]);
    memset(&t->v[lo], 0, sizeof t->v[0]);
    pd_strlcpy(t->v[lo].code, code, sizeof t->v[lo].code);
    t->n++;
    return t->v[lo].n;
}

static int spot_birth(void *ctx, const struct pd_birth_rec *b)
{
    long long *n = tally_at(ctx, b->household);
    if (!n)
        return 1;
    n[PD_SPOT_BIRTHS]++;
    return 0;
}

static int spot_woman(void *ctx, const struct woman_row *r)
{
    long long *n = tally_at(ctx, r->w.household);
    if (!n)
        return 1;
    n[PD_SPOT_MARRIED_WOMEN]++;
    if (r->using)
        n[PD_SPOT_CONTRACEPTION]++;
    return 0;
}

pd_err pd_stats_spot_households(struct pd_db *db, const struct pd_stats_query *q,
                                int (*cb)(void *ctx, const struct pd_spot_household *h), void *ctx,
                                struct pd_error *err)
{
    pd_err rc = pd_stats_group_check(q->group, err);
    if (rc != PD_OK)
        return rc;
    struct params p;
    params_of(db, q, &p);
    struct tally t = { 0 };
    rc = pd_stats_births_each(db, q, false, spot_birth, &t, err);
    if (rc == PD_OK)
        rc = women_walk(db, q, NULL, spot_woman, &t, err);
    sqlite3_stmt *hh = NULL, *pp = NULL;
    if (rc == PD_OK)
        rc = pd_db_prepare(db,
            "SELECT h.code, h.address, (SELECT name FROM persons x WHERE x.household=h.code"
            "  AND x.relation IN ('01','02') AND x.status='active' ORDER BY x.id LIMIT 1)"
            " FROM households h WHERE h.status='active' AND h.code BETWEEN ?1 AND ?2 ORDER BY h.code",
            &hh, err);
    if (rc == PD_OK)
        rc = prep(db,
            "SELECT coalesce(sum(" PRESENT("?3") "), 0),"
            " coalesce(sum(p.status='dead' AND p.end_date BETWEEN ?2 AND ?3), 0)"
            " FROM persons p WHERE p.migrant=0 AND p.household=?7 AND " IN_GROUP, &p, &pp, err);
    if (rc != PD_OK)
        goto out;
    char lo[24], hi[24];
    snprintf(lo, sizeof lo, "%s%s0000", pd_db_station(db), q->group);
    snprintf(hi, sizeof hi, "%s%s9999", pd_db_station(db), q->group);
    sqlite3_bind_text(hh, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(hh, 2, hi, -1, SQLITE_TRANSIENT);
    int s = SQLITE_DONE;
    while ((s = sqlite3_step(hh)) == SQLITE_ROW) {
        struct pd_spot_household h;
        memset(&h, 0, sizeof h);
        pd_strlcpy(h.code, col(hh, 0), sizeof h.code);
        pd_strlcpy(h.address, col(hh, 1), sizeof h.address);
        pd_strlcpy(h.head, col(hh, 2), sizeof h.head);
        sqlite3_bind_text(pp, 7, h.code, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(pp) == SQLITE_ROW) {
            h.reported[PD_SPOT_PERSONS] = sqlite3_column_int64(pp, 0);
            h.reported[PD_SPOT_DEATHS] = sqlite3_column_int64(pp, 1);
        }
        sqlite3_reset(pp);
        long long *n = tally_at(&t, h.code);
        if (!n) {
            rc = pd_fail(err, PD_ENOMEM, NULL, "out of memory for the spot check");
            break;
        }
        h.reported[PD_SPOT_BIRTHS] = n[PD_SPOT_BIRTHS];
        h.reported[PD_SPOT_MARRIED_WOMEN] = n[PD_SPOT_MARRIED_WOMEN];
        h.reported[PD_SPOT_CONTRACEPTION] = n[PD_SPOT_CONTRACEPTION];
        if (cb(ctx, &h))
            break;
    }
    if (rc == PD_OK && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the households", err);
out:
    sqlite3_finalize(hh);
    sqlite3_finalize(pp);
    free(t.v);
    return rc;
}

pd_err pd_stats_spot_save(struct pd_db *db, const struct pd_spot_result *r, struct pd_error *err)
{
    json_t *items = json_object();
    for (int i = 0; i < PD_SPOT__COUNT; i++)
        json_object_set_new(items, spot_items[i].key,
                            json_pack("{s:I, s:I}", "surveyed", (json_int_t)r->surveyed[i],
                                      "reported", (json_int_t)r->reported[i]));
    json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:o}", "at", r->at, "group", r->group,
                          "period", r->period, "households", (json_int_t)r->households, "items", items);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory saving the spot check");
    pd_err rc = pd_db_meta_set(db, "spotcheck_last", text, err);
    free(text);
    return rc;
}

pd_err pd_stats_spot_last(struct pd_db *db, struct pd_spot_result *r, struct pd_error *err)
{
    memset(r, 0, sizeof *r);
    char buf[2048];
    if (pd_db_meta_get(db, "spotcheck_last", buf, sizeof buf) != PD_OK)
        return PD_ENOTFOUND;
    json_t *o = json_loads(buf, 0, NULL);
    json_t *items = json_object_get(o, "items");
    if (!json_is_object(items)) {
        json_decref(o);
        return pd_fail(err, PD_EDB, "spotcheck_last", "the saved spot check is damaged; enter it again");
    }
    const char *s;
    if ((s = json_string_value(json_object_get(o, "at"))))
        pd_strlcpy(r->at, s, sizeof r->at);
    if ((s = json_string_value(json_object_get(o, "group"))))
        pd_strlcpy(r->group, s, sizeof r->group);
    if ((s = json_string_value(json_object_get(o, "period"))))
        pd_strlcpy(r->period, s, sizeof r->period);
    r->households = json_integer_value(json_object_get(o, "households"));
    for (int i = 0; i < PD_SPOT__COUNT; i++) {
        json_t *it = json_object_get(items, spot_items[i].key);
        r->surveyed[i] = json_integer_value(json_object_get(it, "surveyed"));
        r->reported[i] = json_integer_value(json_object_get(it, "reported"));
    }
    json_decref(o);
    return PD_OK;
}
