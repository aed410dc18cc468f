/* subsidy_store.c - annual confirmation and decisions (see subsidy_store.h). */
#include "store/subsidy_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "store/events.h"
#include "store/internal.h"
#include "store/policy_facts.h"

const char *pd_confirm_status_words(enum pd_confirm_status s, const char *lang)
{
    static const char *const w[PD_CONFIRM__COUNT][2] = {
        { "新增", "new" }, { "续发", "continuing" }, { "退出", "leaving" },
    };
    if ((unsigned)s >= PD_CONFIRM__COUNT)
        return "";
    return w[s][lang && strcmp(lang, "en") == 0 ? 1 : 0];
}

const char *pd_confirm_status_key(enum pd_confirm_status s)
{
    static const char *const k[PD_CONFIRM__COUNT] = { "new", "continuing", "leaving" };
    return (unsigned)s < PD_CONFIRM__COUNT ? k[s] : "";
}

const char *pd_subsidy_category_key(enum pd_subsidy_category c)
{
    switch (c) {
    case PD_CAT_ONE_CHILD:      return "one_child";
    case PD_CAT_TWO_DAUGHTERS:  return "two_daughters";
    case PD_CAT_ALL_DIED:       return "all_died";
    case PD_CAT_CHILD_DIED:     return "child_died";
    case PD_CAT_CHILD_DISABLED: return "child_disabled";
    case PD_CAT_CERTIFICATE:    return "certificate";
    default:                    return "";
    }
}

/* ---- last year's recipients -------------------------------------------- */

struct recipient {
    char pid[PD_FACTS_REF];
    long amount;
    bool seen;
};

struct build {
    struct pd_db *db;
    const struct pd_policy *policy;
    struct pd_confirmation *c;
    struct recipient *last;
    int nlast;
    int cap;
    pd_err rc;
    struct pd_error *err;
};

/* The latest decision per person for a programme and year. */
static const char latest_sql[] =
    "SELECT d.person, d.decision, d.amount, d.user, d.date FROM subsidy_decisions d"
    " WHERE d.programme=?1 AND d.year=?2"
    " AND d.seq=(SELECT max(seq) FROM subsidy_decisions e"
    "            WHERE e.person=d.person AND e.programme=?1 AND e.year=?2)"
    " ORDER BY d.person";

static pd_err load_last(struct build *b, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(b->db, latest_sql, &st, err);
    if (rc != PD_OK)
        return rc;
    sqlite3_bind_text(st, 1, pd_programme_key(b->c->prog), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, b->c->year - 1);
    int cap = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (strcmp((const char *)sqlite3_column_text(st, 1), "approve") != 0)
            continue;
        if (b->nlast == cap) {
            cap = cap ? cap * 2 : 64;
            struct recipient *n = realloc(b->last, (size_t)cap * sizeof *n);
            if (!n) {
                sqlite3_finalize(st);
                return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading last year's recipients");
            }
            b->last = n;
        }
        struct recipient *r = &b->last[b->nlast++];
        pd_col_text(st, 0, r->pid, sizeof r->pid);
        r->amount = (long)sqlite3_column_int64(st, 2);
        r->seen = false;
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return pd_db_fail(b->db, "reading last year's recipients", err);
    return PD_OK;
}

static int cmp_recipient(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct recipient *)elem)->pid);
}

static struct recipient *find_last(struct build *b, const char *pid)
{
    return b->nlast ? bsearch(pid, b->last, (size_t)b->nlast, sizeof *b->last, cmp_recipient) : NULL;
}

/* ---- rows ------------------------------------------------------------- */

static struct pd_confirm_row *new_row(struct build *b)
{
    struct pd_confirmation *c = b->c;
    if (c->nrows == b->cap) {
        int cap = b->cap ? b->cap * 2 : 64;
        struct pd_confirm_row *n = realloc(c->rows, (size_t)cap * sizeof *n);
        if (!n)
            return NULL;
        c->rows = n;
        b->cap = cap;
    }
    struct pd_confirm_row *r = &c->rows[c->nrows++];
    memset(r, 0, sizeof *r);
    return r;
}

/* Adds the person if eligible or a recipient last year; returns 0 or -1
 * (out of memory, b->rc set). */
static int consider(struct build *b, const struct pd_person_facts *f)
{
    struct pd_subsidy_result res;
    pd_subsidy_assess(b->policy, b->c->prog, b->c->year, f, &res);
    struct recipient *last = find_last(b, f->pid);
    if (last)
        last->seen = true;
    if (!res.eligible && !last)
        return 0;
    struct pd_confirm_row *r = new_row(b);
    if (!r) {
        b->rc = pd_fail(b->err, PD_ENOMEM, NULL, "out of memory building the list");
        return -1;
    }
    r->facts = *f;
    r->result = res;
    r->status = !res.eligible ? PD_CONFIRM_LEAVING : last ? PD_CONFIRM_CONTINUING : PD_CONFIRM_NEW;
    r->last_amount = last ? last->amount : 0;
    return 0;
}

static int walk_cb(void *ctx, const struct pd_person_facts *f)
{
    return consider(ctx, f);
}

static int cmp_row(const void *a, const void *b)
{
    const struct pd_confirm_row *x = a, *y = b;
    if (x->status != y->status)
        return x->status < y->status ? -1 : 1;
    int c = strcmp(x->facts.household, y->facts.household);
    return c ? c : strcmp(x->facts.pid, y->facts.pid);
}

static pd_err attach_decisions(struct build *b, struct pd_error *err)
{
    struct pd_confirmation *c = b->c;
    sqlite3_stmt *st = pd_db_stmt(b->db,
        "SELECT decision, user, date FROM subsidy_decisions WHERE person=? AND programme=? AND year=?"
        " ORDER BY seq DESC LIMIT 1", err);
    if (!st)
        return PD_EDB;
    for (int i = 0; i < c->nrows; i++) {
        struct pd_confirm_row *r = &c->rows[i];
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, r->facts.pid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, pd_programme_key(c->prog), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, c->year);
        if (sqlite3_step(st) == SQLITE_ROW) {
            pd_col_text(st, 0, r->decision, sizeof r->decision);
            pd_col_text(st, 1, r->decided_by, sizeof r->decided_by);
            pd_col_text(st, 2, r->decided_on, sizeof r->decided_on);
        }
        if (strcmp(r->decision, "approve") == 0)
            c->approved++;
        else if (strcmp(r->decision, "reject") == 0)
            c->rejected++;
        else
            c->undecided++;
        c->count[r->status]++;
        c->amount[r->status] += r->status == PD_CONFIRM_LEAVING ? r->last_amount : r->result.yearly;
    }
    sqlite3_reset(st);
    return PD_OK;
}

pd_err pd_confirmation_build(struct pd_db *db, const struct pd_policy *policy,
                             enum pd_programme prog, int year, struct pd_confirmation *out,
                             struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)prog >= PD_PROG__COUNT)
        return pd_fail(err, PD_EINVAL, "programme", "unknown programme");
    if (year < 1990 || year > 2100)
        return pd_fail(err, PD_EINVAL, "year", "year %d is out of range (1990 to 2100)", year);
    out->prog = prog;
    out->year = year;
    struct build b = { .db = db, .policy = policy, .c = out, .err = err };
    pd_err rc = load_last(&b, err);

    /* Candidates: the filter only skips persons the engine would refuse
     * anyway (too young for the reward, no certificate for the one-child
     * reward); last year's recipients are all looked at below. */
    struct pd_facts_filter filter = { { 0, 0, 0 }, false };
    if (prog == PD_PROG_REWARD)
        filter.born_by = (struct pd_date){ year - policy->prog[prog].min_age, 12, 31 };
    if (prog == PD_PROG_ONECHILD)
        filter.onechild_holders = true;
    if (rc == PD_OK)
        rc = pd_person_facts_each(db, &filter, walk_cb, &b, err);
    if (rc == PD_OK)
        rc = b.rc;

    /* Recipients the walk did not meet: died, moved away, ... */
    struct pd_person_facts *f = rc == PD_OK ? malloc(sizeof *f) : NULL;
    if (rc == PD_OK && !f)
        rc = pd_fail(err, PD_ENOMEM, NULL, "out of memory building the list");
    for (int i = 0; i < b.nlast && rc == PD_OK; i++) {
        if (b.last[i].seen)
            continue;
        rc = pd_person_facts_get(db, b.last[i].pid, f, err);
        if (rc == PD_ENOTFOUND) {
            /* merged or removed: the record is gone, keep the row with the id */
            memset(f, 0, sizeof *f);
            pd_strlcpy(f->pid, b.last[i].pid, sizeof f->pid);
            f->status = PD_PS_LEFT;
            rc = PD_OK;
        }
        if (rc == PD_OK && consider(&b, f) != 0)
            rc = b.rc;
    }
    free(f);
    free(b.last);
    if (rc == PD_OK && out->nrows)
        qsort(out->rows, (size_t)out->nrows, sizeof *out->rows, cmp_row);
    if (rc == PD_OK)
        rc = attach_decisions(&b, err);
    if (rc != PD_OK)
        pd_confirmation_done(out);
    return rc;
}

void pd_confirmation_done(struct pd_confirmation *c)
{
    free(c->rows);
    c->rows = NULL;
    c->nrows = 0;
}

/* ---- decisions -------------------------------------------------------- */

pd_err pd_subsidy_decide(struct pd_db *db, const struct pd_decision *d, const char *user,
                         long long *seq, struct pd_error *err)
{
    if (!d->approve && (!d->reason || !d->reason[0]))
        return pd_fail(err, PD_EINVAL, "reason", "a rejected or stopped subsidy needs the reason");
    char date[PD_DATE_STRLEN];
    pd_date_format(d->date, date);
    json_t *data = json_pack("{s:s, s:i, s:s, s:s}", "programme", pd_programme_key(d->prog),
                             "year", d->year, "decision", d->approve ? "approve" : "reject",
                             "date", date);
    if (!data)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    if (d->reason && d->reason[0]) {
        /* the event keeps at most 200 bytes; cut at a character boundary */
        char reason[201];
        pd_strlcpy(reason, d->reason, sizeof reason);
        json_object_set_new(data, "reason", json_string(reason));
    }
    if (d->category != PD_CAT_NONE && pd_subsidy_category_key(d->category)[0])
        json_object_set_new(data, "category", json_string(pd_subsidy_category_key(d->category)));
    if (d->status >= 0 && d->status < PD_CONFIRM__COUNT)
        json_object_set_new(data, "status", json_string(pd_confirm_status_key((enum pd_confirm_status)d->status)));
    if (d->amount >= 0)
        json_object_set_new(data, "amount", json_integer(d->amount));
    struct pd_event ev;
    pd_err rc = pd_event_init(&ev, "subsidy.decision", NULL, d->pid, data, err);
    if (rc == PD_OK)
        rc = pd_event_save(db, &ev, user, err);
    if (rc == PD_OK && seq)
        *seq = ev.seq;
    pd_event_done(&ev);
    return rc;
}

pd_err pd_subsidy_decide_all(struct pd_db *db, const struct pd_confirmation *c, const char *user,
                             struct pd_date date, int *saved, struct pd_error *err)
{
    *saved = 0;
    pd_err rc = pd_db_begin(db, err);
    if (rc != PD_OK)
        return rc;
    int n = 0;
    for (int i = 0; i < c->nrows && rc == PD_OK; i++) {
        const struct pd_confirm_row *r = &c->rows[i];
        bool approve = r->status != PD_CONFIRM_LEAVING;
        if (strcmp(r->decision, approve ? "approve" : "reject") == 0)
            continue;
        char reason[256] = "";
        if (!approve)
            pd_subsidy_reasons(&r->result, "zh", true, reason, 200);
        struct pd_decision d = {
            .pid = r->facts.pid, .prog = c->prog, .year = c->year, .approve = approve,
            .reason = approve ? NULL : reason, .category = r->result.category,
            .status = (int)r->status, .amount = approve ? r->result.yearly : 0, .date = date,
        };
        if (!approve && !reason[0])
            pd_strlcpy(reason, "不再符合条件", sizeof reason);
        rc = pd_subsidy_decide(db, &d, user, NULL, err);
        if (rc == PD_OK)
            n++;
        else if (err) {
            char msg[PD_MSG_MAX];
            int k = snprintf(msg, sizeof msg, "%s (%s): ", r->facts.name, r->facts.pid);
            if (k > 0 && (size_t)k < sizeof msg)
                pd_strlcpy(msg + k, err->msg, sizeof msg - (size_t)k);
            pd_strlcpy(err->msg, msg, sizeof err->msg);
        }
    }
    if (rc == PD_OK)
        rc = pd_db_commit(db, err);
    else
        pd_db_rollback(db);
    if (rc == PD_OK)
        *saved = n;
    return rc;
}
