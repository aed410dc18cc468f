/* cases.c - second-child applications, pregnancy visits and the overdue
 * list, social maintenance fee cases (see cases.h).  The apply functions
 * run inside pd_event_save()'s transaction; the readers use their own
 * prepared statements when they call back, so a callback may use the store. */
#include "store/cases.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/events.h"
#include "store/casebase.h"

/* what pd_case_row names in "no ... number N" */
#define SC_CASE "second-child application"
#define FEE_CASE "social maintenance fee case"

static int col_int(sqlite3_stmt *st, int i) { return sqlite3_column_int(st, i); }

/* ---- facts ------------------------------------------------------------ */

struct prow {
    bool found;
    char name[96], sex[4], ethnicity[4], reg_type[4], marital[4], marital_date[PD_DATE_STRLEN];
    char spouse[PD_EV_REF_MAX], mother[PD_EV_REF_MAX], father[PD_EV_REF_MAX];
    char birth_date[PD_DATE_STRLEN];
};

static pd_err load_person(struct pd_db *db, const char *pid, struct prow *p, struct pd_error *err)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT name, sex, ethnicity, reg_type, marital, marital_date, spouse,"
                                  " mother, father, birth_date FROM persons WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        p->found = true;
        pd_col_text(st, 0, p->name, sizeof p->name);
        pd_col_text(st, 1, p->sex, sizeof p->sex);
        pd_col_text(st, 2, p->ethnicity, sizeof p->ethnicity);
        pd_col_text(st, 3, p->reg_type, sizeof p->reg_type);
        pd_col_text(st, 4, p->marital, sizeof p->marital);
        pd_col_text(st, 5, p->marital_date, sizeof p->marital_date);
        pd_col_text(st, 6, p->spouse, sizeof p->spouse);
        pd_col_text(st, 7, p->mother, sizeof p->mother);
        pd_col_text(st, 8, p->father, sizeof p->father);
        pd_col_text(st, 9, p->birth_date, sizeof p->birth_date);
    }
    sqlite3_reset(st);
    return PD_OK;
}

static pd_err spouse_facts(struct pd_db *db, const char *pid, const struct prow *p,
                           struct pd_a19_spouse *s, struct pd_error *err)
{
    memset(s, 0, sizeof *s);
    s->known = true;
    s->prior_children = -1;
    pd_strlcpy(s->name, p->name, sizeof s->name);
    pd_strlcpy(s->ethnicity, p->ethnicity, sizeof s->ethnicity);
    pd_strlcpy(s->reg_type, p->reg_type, sizeof s->reg_type);
    pd_strlcpy(s->marital, p->marital, sizeof s->marital);
    if (p->marital_date[0])
        pd_date_parse(p->marital_date, &s->marital_date, "marital_date", NULL);
    s->parents_children = -1;
    const char *parent = p->mother[0] ? p->mother : p->father;
    if (parent[0]) {
        /* default: every child the parent has in the register counts, a
         * child who died included (docs/CASES.md) */
        sqlite3_stmt *st = pd_db_stmt(db, "SELECT count(*) FROM children WHERE parent=?", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, parent, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0)
            s->parents_children = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
    }
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT number FROM certificates WHERE kind='onechild' AND child=? "
                                  "ORDER BY date LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->parents_onechild_cert = true;
        pd_col_text(st, 0, s->onechild_number, sizeof s->onechild_number);
    }
    sqlite3_reset(st);
    return PD_OK;
}

struct kid {
    char child[PD_EV_REF_MAX];
    struct pd_a19_child c;
    bool matched;
};

static pd_err load_kids(struct pd_db *db, const char *parent, struct kid *k, int max, int *n,
                        struct pd_error *err)
{
    *n = 0;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT c.child, c.sex, c.birth_date, c.alive, c.adopted,"
                                  " coalesce(c.disability_grade, p.disability_grade, 0)"
                                  " FROM children c LEFT JOIN persons p ON p.pid=c.child"
                                  " WHERE c.parent=? ORDER BY c.birth_date, c.id", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, parent, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW && *n < max) {
        struct kid *x = &k[(*n)++];
        memset(x, 0, sizeof *x);
        char sex[4], bd[PD_DATE_STRLEN];
        pd_col_text(st, 0, x->child, sizeof x->child);
        pd_col_text(st, 1, sex, sizeof sex);
        pd_col_text(st, 2, bd, sizeof bd);
        x->c.sex = sex[0];
        pd_date_parse(bd, &x->c.birth, "birth_date", NULL);
        x->c.alive = col_int(st, 3) != 0;
        x->c.adopted = col_int(st, 4) != 0;
        x->c.disability_grade = col_int(st, 5);
    }
    sqlite3_reset(st);
    return PD_OK;
}

static bool same_kid(const struct kid *a, const struct kid *b)
{
    if (a->child[0] && b->child[0])
        return strcmp(a->child, b->child) == 0;
    return a->c.sex == b->c.sex && pd_date_cmp(a->c.birth, b->c.birth) == 0;
}

pd_err pd_sc_facts(struct pd_db *db, const char *wife, struct pd_a19_facts *out,
                   struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    struct prow w, h;
    pd_err rc = load_person(db, wife, &w, err);
    if (rc != PD_OK)
        return rc;
    if (!w.found)
        return pd_fail(err, PD_ENOTFOUND, "person", "no person %s in the register", wife);
    if (strcmp(w.sex, "2") != 0)
        return pd_fail(err, PD_EINVAL, "person", "a second-child application is made by the wife; "
                       "%s (%s) is not recorded as female", w.name, wife);
    if ((rc = spouse_facts(db, wife, &w, &out->wife, err)) != PD_OK)
        return rc;
    h.found = false;
    if (w.spouse[0] && (rc = load_person(db, w.spouse, &h, err)) != PD_OK)
        return rc;
    if (h.found && (rc = spouse_facts(db, w.spouse, &h, &out->husband, err)) != PD_OK)
        return rc;

    enum { MAXK = 24 };
    struct kid wk[MAXK], hk[MAXK];
    int nw = 0, nh = 0;
    if ((rc = load_kids(db, wife, wk, MAXK, &nw, err)) != PD_OK)
        return rc;
    if (h.found && (rc = load_kids(db, w.spouse, hk, MAXK, &nh, err)) != PD_OK)
        return rc;
    int common = 0;
    for (int i = 0; i < nw; i++)
        for (int j = 0; j < nh; j++)
            if (!hk[j].matched && same_kid(&wk[i], &hk[j])) {
                wk[i].matched = hk[j].matched = true;
                common++;
                break;
            }
    if (h.found) {
        out->wife.prior_children = nw - common;
        out->husband.prior_children = nh - common;
    }
    /* the couple's children: hers, and his not already among hers */
    int n = 0;
    for (int i = 0; i < nw; i++, n++)
        if (n < PD_A19_CHILDREN)
            out->children[n] = wk[i].c;
    for (int j = 0; j < nh; j++)
        if (!hk[j].matched) {
            if (n < PD_A19_CHILDREN)
                out->children[n] = hk[j].c;
            n++;
        }
    out->nchildren = n;
    return PD_OK;
}

/* ---- applying the events ---------------------------------------------- */

static pd_err load_case_state(struct pd_db *db, long long id, char *person, size_t psz,
                              enum pd_case_state *state, char *item, size_t isz, unsigned *docs,
                              char *applied, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, "SELECT person, state, item, documents, applied FROM sc_cases WHERE id=?", id,
                            SC_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    char s[16], d[512];
    pd_col_text(st, 0, person, psz);
    pd_col_text(st, 1, s, sizeof s);
    pd_col_text(st, 2, item, isz);
    pd_col_text(st, 3, d, sizeof d);
    pd_col_text(st, 4, applied, PD_DATE_STRLEN);
    pd_case_state_parse(s, state, NULL);
    pd_a19_docs_parse(d, docs, "documents", NULL);
    sqlite3_reset(st);
    return PD_OK;
}

static pd_err apply_sc_apply(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    struct pd_a19_facts f;
    pd_err rc = pd_sc_facts(db, ev->person, &f, err);
    if (rc != PD_OK)
        return rc;
    enum pd_a19_item item;
    unsigned docs;
    if ((rc = pd_a19_parse(pd_dstr(d, "item"), &item, "item", err)) != PD_OK ||
        (rc = pd_a19_docs_parse(pd_dstr(d, "documents"), &docs, "documents", err)) != PD_OK)
        return rc;
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT id, state FROM sc_cases WHERE person=? "
                                  "AND state NOT IN ('approved','refused') LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, ev->person, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        rc = pd_fail(err, PD_EEXIST, "person", "%s already has application %lld under review (at '%s'); "
                     "finish or refuse it first", f.wife.name, (long long)sqlite3_column_int64(st, 0),
                     (const char *)sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(db, "SELECT 1 FROM sc_cases WHERE person=? AND state='approved' LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, ev->person, -1, SQLITE_STATIC);
    bool approved = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (approved)
        return pd_fail(err, PD_EEXIST, "person", "%s already has an approved second-child application", f.wife.name);

    struct pd_a19_result r;
    pd_a19_check(item, &f, docs, &r);
    char words[2048];
    pd_a19_result_words(&r, words, sizeof words);
    long long id;
    if ((rc = pd_next_id(db, "SELECT coalesce(max(id), 0) + 1 FROM sc_cases", &id, err)) != PD_OK)
        return rc;
    json_object_set_new(d, "case", json_integer(id));
    json_object_set_new(d, "checks", json_string(words));

    struct prow w;
    if ((rc = load_person(db, ev->person, &w, err)) != PD_OK)
        return rc;
    char dbuf[512];
    return pd_event_row(db, ev, "INSERT INTO sc_cases(id, person, spouse, item, applied, documents, note, checks, seq)"
                        " VALUES(?,?,?,?,?,?,?,?,?)", "saving the application", err, "npttktktq", id, w.spouse,
                        pd_a19_key(item), "date", pd_a19_docs_format(docs, dbuf, sizeof dbuf), "note", words);
}

/* The signing account's role as recorded, held to pd_sc_may: this runs for
 * every writer of a step (pd_sc_review, a generic event form, a tool), so
 * none can record a step its signer may not. */
static pd_err signer_may(struct pd_db *db, const struct pd_event *ev, const char *step, struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT role, disabled FROM users WHERE name=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, ev->user, -1, SQLITE_STATIC);
    char role_s[16] = "";
    bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 1) == 0;
    if (found)
        pd_col_text(st, 0, role_s, sizeof role_s);
    sqlite3_reset(st);
    enum pd_role role;
    if (!found || pd_role_parse(role_s, &role, NULL) != PD_OK)
        return pd_fail(err, PD_EDENIED, "user", "the %s step of a second-child application is signed by an "
                       "account of this register; '%s' is none (or is locked)", step, ev->user);
    return pd_sc_may(role, step, ev->user, err);
}

static pd_err apply_sc_review(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long id = pd_dint(d, "case");
    char person[PD_EV_REF_MAX], item_s[32], applied[PD_DATE_STRLEN];
    enum pd_case_state cur, next;
    unsigned docs, more;
    pd_err rc = load_case_state(db, id, person, sizeof person, &cur, item_s, sizeof item_s, &docs,
                                applied, err);
    if (rc != PD_OK)
        return rc;
    if (strcmp(person, ev->person) != 0)
        return pd_fail(err, PD_EINVAL, "case", "application %lld is %s's, not %s's", id, person, ev->person);
    bool approve = strcmp(pd_dstr(d, "decision"), "approve") == 0;
    const char *step = pd_dstr(d, "step");
    if ((rc = signer_may(db, ev, step, err)) != PD_OK ||
        (rc = pd_case_next(cur, step, approve, &next, err)) != PD_OK)
        return rc;
    const char *date = pd_dstr(d, "date");
    if (strcmp(date, applied) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the %s step (%s) is before the application (%s)", step, date, applied);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT max(date) FROM sc_steps WHERE case_id=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int64(st, 1, id);
    char last[PD_DATE_STRLEN] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, last, sizeof last);
    sqlite3_reset(st);
    if (last[0] && strcmp(date, last) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the %s step (%s) is before the previous step (%s)", step, date, last);
    if ((rc = pd_a19_docs_parse(pd_dstr(d, "documents"), &more, "documents", err)) != PD_OK)
        return rc;
    docs |= more;
    const char *cert = pd_dstr(d, "certificate");
    if (next == PD_CASE_APPROVED) {
        enum pd_a19_item item;
        struct pd_a19_facts f;
        struct pd_a19_result r;
        if ((rc = pd_a19_parse(item_s, &item, "item", err)) != PD_OK ||
            (rc = pd_sc_facts(db, person, &f, err)) != PD_OK)
            return rc;
        pd_a19_check(item, &f, docs, &r);
        if (r.blocked) {
            char words[1800] = "";
            size_t n = 0;
            for (int i = 0; i < r.n; i++)
                if (r.c[i].state == PD_CHK_NOT_MET) {
                    int k = snprintf(words + n, sizeof words - n, "%s%s", n ? "; " : "", r.c[i].words);
                    if (k > 0 && (size_t)k < sizeof words - n)
                        n += (size_t)k;
                }
            if (r.docs_missing) {
                char dm[256];
                snprintf(words + n, sizeof words - n, PD_MSG("%s缺少材料：%s", "%smissing documents: %s"), n ? "; " : "",
                         pd_a19_docs_format(r.docs_missing, dm, sizeof dm));
            }
            return pd_fail(err, PD_EDENIED, "case", PD_MSG("第%lld号申请还不能批准：%s", "application %lld cannot be approved: %s"),
                           id, words);
        }
        st = pd_db_stmt(db, "SELECT person FROM certificates WHERE kind='second_child' AND number=?", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, cert, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            rc = pd_fail(err, PD_EEXIST, "certificate", "second-child certificate %s is already issued (to %s)",
                         cert, (const char *)sqlite3_column_text(st, 0));
            sqlite3_reset(st);
            return rc;
        }
        sqlite3_reset(st);
    }
    char dbuf[512];
    if ((rc = pd_event_row(db, ev, "UPDATE sc_cases SET state=?, documents=?, certificate=coalesce(?, certificate),"
                           " reason=coalesce(?, reason) WHERE id=?", "saving the review", err, "ttttn",
                           pd_case_state_key(next), pd_a19_docs_format(docs, dbuf, sizeof dbuf),
                           next == PD_CASE_APPROVED ? cert : NULL,
                           next == PD_CASE_REFUSED ? pd_dstr(d, "reason") : NULL, id)) != PD_OK)
        return rc;
    return pd_event_row(db, ev, "INSERT INTO sc_steps(case_id, step, decision, date, user, reviewer, reason,"
                        " certificate, seq) VALUES(?,?,?,?,?,?,?,?,?)", "saving the review", err, "ntktukktq", id,
                        step, "decision", date, "reviewer", "reason", next == PD_CASE_APPROVED ? cert : NULL);
}

static pd_err apply_visit(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long want = pd_dint(d, "pregnancy");
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT id, registered FROM pregnancies WHERE person=?1 "
                                  "AND outcome IS NULL AND (?2=0 OR id=?2)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, ev->person, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, want);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOTFOUND, "pregnancy", "%s has no registered pregnancy awaiting an outcome%s",
                       ev->person, want ? " with that record number" : "");
    }
    long long id = sqlite3_column_int64(st, 0);
    char registered[PD_DATE_STRLEN];
    pd_col_text(st, 1, registered, sizeof registered);
    sqlite3_reset(st);
    const char *date = pd_dstr(d, "date");
    if (strcmp(date, registered) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the visit (%s) is before the pregnancy was registered (%s)",
                       date, registered);
    if (!json_object_get(d, "pregnancy"))
        json_object_set_new(d, "pregnancy", json_integer(id));
    return pd_event_row(db, ev, "INSERT INTO pregnancy_visits(pregnancy, person, date, week, findings, next_date,"
                        " user, seq) VALUES(?,?,?,?,?,?,?,?)", "saving the visit", err, "nptKkkuq", id, date,
                        "week", "findings", "next");
}

static pd_err apply_levy(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    const char *father = pd_dstr(d, "father");
    struct prow p;
    pd_err rc;
    if (father[0]) {
        if ((rc = load_person(db, father, &p, err)) != PD_OK)
            return rc;
        if (!p.found)
            return pd_fail(err, PD_ENOTFOUND, "father", "no person %s in the register", father);
    }
    long long old = pd_find_id(db, "SELECT id FROM fee_cases WHERE person=? AND birth_date=?", ev->person,
                               pd_dstr(d, "birth_date"), err);
    if (old < 0)
        return PD_EDB;
    if (old)
        return pd_fail(err, PD_EEXIST, "birth_date", "a levy for the birth on %s already exists (case %lld)",
                       pd_dstr(d, "birth_date"), old);
    long long id;
    if ((rc = pd_next_id(db, "SELECT coalesce(max(id), 0) + 1 FROM fee_cases", &id, err)) != PD_OK)
        return rc;
    json_object_set_new(d, "case", json_integer(id));
    return pd_event_row(db, ev, "INSERT INTO fee_cases(id, person, father, child, kind, birth_date, extra, multiple,"
                        " base_year, mother_amount, father_amount, amount, basis, date, user, seq)"
                        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", "saving the levy", err, "nptkkkOKKKKKkkuq", id,
                        father, "child", "kind", "birth_date", "extra", "multiple", "base_year", "mother_amount",
                        "father_amount", "amount", "basis", "date");
}

static pd_err apply_payment(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long id = pd_dint(d, "case");
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, "SELECT person, amount, date,"
                            " coalesce((SELECT sum(amount) FROM fee_payments WHERE case_id=?1), 0)"
                            " FROM fee_cases WHERE id=?1", id, FEE_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    char person[PD_EV_REF_MAX], decided[PD_DATE_STRLEN];
    pd_col_text(st, 0, person, sizeof person);
    long long amount = sqlite3_column_int64(st, 1);
    pd_col_text(st, 2, decided, sizeof decided);
    long long paid = sqlite3_column_int64(st, 3);
    sqlite3_reset(st);
    if (strcmp(person, ev->person) != 0)
        return pd_fail(err, PD_EINVAL, "case", "fee case %lld is %s's, not %s's", id, person, ev->person);
    long long pay = pd_dint(d, "amount");
    if (pay > amount - paid)
        return pd_fail(err, PD_EINVAL, "amount", "payment of %lld yuan is more than the %lld yuan outstanding on case %lld",
                       pay, amount - paid, id);
    if (strcmp(pd_dstr(d, "date"), decided) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the payment (%s) is before the levy was decided (%s)",
                       pd_dstr(d, "date"), decided);
    return pd_event_row(db, ev, "INSERT INTO fee_payments(case_id, amount, date, receipt, user, seq)"
                        " VALUES(?,?,?,?,?,?)", "saving the payment", err, "nnkkuq", id, pay, "date", "receipt");
}

pd_err pd_cases_apply(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    switch (ev->type->kind) {
    case PD_EV_SC_APPLY:    return apply_sc_apply(db, ev, err);
    case PD_EV_SC_REVIEW:   return apply_sc_review(db, ev, err);
    case PD_EV_PREG_VISIT:  return apply_visit(db, ev, err);
    case PD_EV_FEE_LEVY:    return apply_levy(db, ev, err);
    case PD_EV_FEE_PAYMENT: return apply_payment(db, ev, err);
    default:
        return pd_fail(err, PD_EINVAL, "type", "%s is not a case event", ev->type->name);
    }
}

/* ---- saving ------------------------------------------------------------ */

pd_err pd_sc_may(enum pd_role role, const char *what, const char *user, struct pd_error *err)
{
    bool upper;     /* done above the community: the town check, the county decision */
    if (what && (strcmp(what, "apply") == 0 || strcmp(what, "village") == 0))
        upper = false;
    else if (what && (strcmp(what, "town") == 0 || strcmp(what, "county") == 0))
        upper = true;
    else
        return pd_fail(err, PD_EINVAL, "step", "unknown step '%s' (village, town or county)", what ? what : "");
    const char *who = user && *user ? user : "(no user)";
    if (role == PD_ROLE_SUPERVISOR || role == PD_ROLE_ADMIN || (!upper && role == PD_ROLE_CLERK))
        return PD_OK;
    if (upper)
        return pd_fail(err, PD_EDENIED, "user", "the %s step of a second-child application is signed by a "
                       "supervisor or an administrator; %s is %s", what, who, pd_role_name(role));
    return pd_fail(err, PD_EDENIED, "user", "%s a second-child application needs a clerk, supervisor or "
                   "administrator; %s is %s", strcmp(what, "apply") == 0 ? "entering" : "the village review of",
                   who, pd_role_name(role));
}

const char *pd_sc_next_step(enum pd_case_state state)
{
    switch (state) {
    case PD_CASE_APPLIED: return "village";
    case PD_CASE_VILLAGE: return "town";
    case PD_CASE_TOWN: return "county";
    default: return NULL;
    }
}

pd_err pd_sc_apply(struct pd_db *db, const struct pd_sc_apply_opts *o, const char *user,
                   enum pd_role role, long long *id, struct pd_error *err)
{
    pd_err rc0 = pd_sc_may(role, "apply", user, err);
    if (rc0 != PD_OK)
        return rc0;
    json_t *d = json_object();
    char docs[512];
    json_object_set_new(d, "item", json_string(pd_a19_key(o->item)));
    pd_set_str(d, "date", o->date);
    pd_set_str(d, "documents", pd_a19_docs_format(o->documents, docs, sizeof docs));
    pd_set_str(d, "note", o->note);
    return pd_case_save(db, "second_child.apply", o->wife, d, user, "case", id, err);
}

pd_err pd_sc_review(struct pd_db *db, const struct pd_sc_review_opts *o, const char *user,
                    enum pd_role role, struct pd_error *err)
{
    /* the rule before anything is read: a refusal says who may, not what
     * else is wrong with the step */
    pd_err rc = pd_sc_may(role, o->step, user, err);
    if (rc != PD_OK)
        return rc;
    struct pd_sc_case *c = malloc(sizeof *c);
    if (!c)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    rc = pd_sc_get(db, o->id, c, err);
    if (rc != PD_OK) {
        free(c);
        return rc;
    }
    json_t *d = json_object();
    char docs[512];
    json_object_set_new(d, "case", json_integer(o->id));
    pd_set_str(d, "step", o->step);
    json_object_set_new(d, "decision", json_string(o->approve ? "approve" : "refuse"));
    pd_set_str(d, "date", o->date);
    pd_set_str(d, "reviewer", o->reviewer);
    pd_set_str(d, "reason", o->reason);
    pd_set_str(d, "certificate", o->certificate);
    pd_set_str(d, "documents", pd_a19_docs_format(o->documents, docs, sizeof docs));
    bool county_approve = o->approve && o->step && strcmp(o->step, "county") == 0;
    bool own_tx = !pd_db_in_tx(db);
    if (own_tx && (rc = pd_db_begin(db, err)) != PD_OK) {
        json_decref(d);
        free(c);
        return rc;
    }
    rc = pd_case_save(db, "second_child.review", c->person, d, user, NULL, NULL, err);
    if (rc == PD_OK && county_approve) {
        /* the certificate the within-policy check looks for (policy_facts.c) */
        char reason[200];
        snprintf(reason, sizeof reason, "%s (application %lld)", pd_a19_zh(c->item), o->id);
        json_t *cd = json_pack("{s:s, s:s, s:s, s:s}", "kind", "second_child", "number", o->certificate,
                               "date", o->date, "reason", reason);
        rc = pd_case_save(db, "certificate.issue", c->person, cd, user, NULL, NULL, err);
    }
    if (own_tx) {
        if (rc == PD_OK)
            rc = pd_db_commit(db, err);
        else
            pd_db_rollback(db);
    }
    free(c);
    return rc;
}

/* ---- reading applications ---------------------------------------------- */

#define SC_COLS "s.id, s.person, p.name, p.id_number, p.household, s.spouse, q.name, q.id_number," \
                " s.item, s.applied, s.documents, s.note, s.checks, s.state, s.certificate, s.reason, s.seq" \
                " FROM sc_cases s LEFT JOIN persons p ON p.pid=s.person LEFT JOIN persons q ON q.pid=s.spouse"

static void sc_row(sqlite3_stmt *st, struct pd_sc_case *c)
{
    char buf[512];
    PD_CASE_HEAD(st, c, id);
    pd_col_text(st, 5, c->spouse, sizeof c->spouse);
    pd_col_text(st, 6, c->spouse_name, sizeof c->spouse_name);
    pd_col_text(st, 7, c->spouse_id_number, sizeof c->spouse_id_number);
    pd_col_text(st, 8, buf, sizeof buf);
    pd_a19_parse(buf, &c->item, "item", NULL);
    pd_col_text(st, 9, c->applied, sizeof c->applied);
    pd_col_text(st, 10, buf, sizeof buf);
    pd_a19_docs_parse(buf, &c->documents, "documents", NULL);
    pd_col_text(st, 11, c->note, sizeof c->note);
    pd_col_text(st, 12, c->checks, sizeof c->checks);
    pd_col_text(st, 13, buf, sizeof buf);
    pd_case_state_parse(buf, &c->state, NULL);
    pd_col_text(st, 14, c->certificate, sizeof c->certificate);
    pd_col_text(st, 15, c->reason, sizeof c->reason);
    c->seq = sqlite3_column_int64(st, 16);
}

pd_err pd_sc_get(struct pd_db *db, long long id, struct pd_sc_case *out, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, "SELECT " SC_COLS " WHERE s.id=?", id, SC_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    sc_row(st, out);
    sqlite3_reset(st);
    st = pd_db_stmt(db, "SELECT step, decision, date, user, reviewer, reason, certificate, seq"
                    " FROM sc_steps WHERE case_id=? ORDER BY seq", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW && out->nsteps < PD_SC_STEPS) {
        struct pd_sc_step *s = &out->steps[out->nsteps++];
        pd_col_text(st, 0, s->step, sizeof s->step);
        pd_col_text(st, 1, s->decision, sizeof s->decision);
        pd_col_text(st, 2, s->date, sizeof s->date);
        pd_col_text(st, 3, s->user, sizeof s->user);
        pd_col_text(st, 4, s->reviewer, sizeof s->reviewer);
        pd_col_text(st, 5, s->reason, sizeof s->reason);
        pd_col_text(st, 6, s->certificate, sizeof s->certificate);
        s->seq = sqlite3_column_int64(st, 7);
    }
    sqlite3_reset(st);
    return PD_OK;
}

pd_err pd_sc_check_now(struct pd_db *db, const struct pd_sc_case *c, struct pd_a19_result *out,
                       struct pd_error *err)
{
    struct pd_a19_facts f;
    pd_err rc = pd_sc_facts(db, c->person, &f, err);
    if (rc == PD_OK)
        pd_a19_check(c->item, &f, c->documents, out);
    return rc;
}

struct sc_walk { int (*cb)(void *ctx, const struct pd_sc_case *c); void *ctx; };

static int sc_visit(sqlite3_stmt *st, void *row, void *walk)
{
    struct sc_walk *w = walk;
    sc_row(st, row);
    return w->cb(w->ctx, row);
}

pd_err pd_sc_each(struct pd_db *db, const char *state,
                  int (*cb)(void *ctx, const struct pd_sc_case *c), void *ctx,
                  struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, "SELECT " SC_COLS " WHERE (?1 IS NULL OR s.state=?1) ORDER BY s.id", &st, err);
    if (rc != PD_OK)
        return rc;
    pd_bind_text(st, 1, state);
    struct sc_walk w = { cb, ctx };
    return pd_rows_walk(db, st, sizeof(struct pd_sc_case), sc_visit, &w,
                        "reading the applications", err);
}

/* ---- pregnancy file and the overdue list -------------------------------- */

pd_err pd_preg_file_load(struct pd_db *db, const char *pid, struct pd_preg_file **out,
                         struct pd_error *err)
{
    *out = NULL;
    struct pd_preg_file *f = calloc(1, sizeof *f);
    if (!f)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT p.name, p.id_number, p.household, p.birth_date, p.cur_address,"
                                  " coalesce(q.name, p.spouse_name) FROM persons p"
                                  " LEFT JOIN persons q ON q.pid=p.spouse WHERE p.pid=?", err);
    if (!st) {
        free(f);
        return PD_EDB;
    }
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        free(f);
        return pd_fail(err, PD_ENOTFOUND, "person", "no person %s in the register", pid);
    }
    pd_strlcpy(f->person, pid, sizeof f->person);
    pd_col_text(st, 0, f->name, sizeof f->name);
    pd_col_text(st, 1, f->id_number, sizeof f->id_number);
    pd_col_text(st, 2, f->household, sizeof f->household);
    pd_col_text(st, 3, f->birth_date, sizeof f->birth_date);
    pd_col_text(st, 4, f->cur_address, sizeof f->cur_address);
    pd_col_text(st, 5, f->spouse_name, sizeof f->spouse_name);
    sqlite3_reset(st);
    st = pd_db_stmt(db, "SELECT id, registered, expected, certificate, outcome, outcome_date FROM pregnancies"
                    " WHERE person=? ORDER BY registered DESC, id DESC", err);
    if (!st) {
        free(f);
        return PD_EDB;
    }
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (f->npreg < PD_PREG_MAX) {
            struct pd_preg_rec *g = &f->preg[f->npreg];
            g->id = sqlite3_column_int64(st, 0);
            pd_col_text(st, 1, g->registered, sizeof g->registered);
            pd_col_text(st, 2, g->expected, sizeof g->expected);
            pd_col_text(st, 3, g->certificate, sizeof g->certificate);
            pd_col_text(st, 4, g->outcome, sizeof g->outcome);
            pd_col_text(st, 5, g->outcome_date, sizeof g->outcome_date);
        }
        f->npreg++;
    }
    sqlite3_reset(st);
    int shown = f->npreg < PD_PREG_MAX ? f->npreg : PD_PREG_MAX;
    for (int i = 0; i < shown; i++) {
        struct pd_preg_rec *g = &f->preg[i];
        /* the latest PD_PREG_VISITS visits, then put back in date order */
        st = pd_db_stmt(db, "SELECT date, week, findings, next_date, user,"
                        " (SELECT count(*) FROM pregnancy_visits WHERE pregnancy=?1)"
                        " FROM pregnancy_visits WHERE pregnancy=?1 ORDER BY date DESC, id DESC LIMIT 40", err);
        if (!st) {
            free(f);
            return PD_EDB;
        }
        sqlite3_bind_int64(st, 1, g->id);
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW && n < PD_PREG_VISITS) {
            struct pd_preg_visit *v = &g->visits[n++];
            pd_col_text(st, 0, v->date, sizeof v->date);
            v->week = sqlite3_column_int(st, 1);
            pd_col_text(st, 2, v->findings, sizeof v->findings);
            pd_col_text(st, 3, v->next, sizeof v->next);
            pd_col_text(st, 4, v->user, sizeof v->user);
            g->nvisits = sqlite3_column_int(st, 5);
        }
        sqlite3_reset(st);
        for (int a = 0, b = n - 1; a < b; a++, b--) {
            struct pd_preg_visit t = g->visits[a];
            g->visits[a] = g->visits[b];
            g->visits[b] = t;
        }
    }
    *out = f;
    return PD_OK;
}

void pd_preg_file_free(struct pd_preg_file **f)
{
    if (f && *f) {
        free(*f);
        *f = NULL;
    }
}

pd_err pd_preg_open_each(struct pd_db *db, struct pd_date on, bool overdue_only,
                         int (*cb)(void *ctx, const struct pd_overdue_row *r), void *ctx,
                         struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db,
        "SELECT g.id, g.person, p.name, p.id_number, p.household, g.registered, g.expected,"
        " v.date, v.next_date, v.week, g.certificate,"
        " (SELECT count(*) FROM pregnancy_visits y WHERE y.pregnancy=g.id)"
        " FROM pregnancies g JOIN persons p ON p.pid=g.person"
        " LEFT JOIN pregnancy_visits v ON v.id=(SELECT id FROM pregnancy_visits x WHERE x.pregnancy=g.id"
        "   ORDER BY x.date DESC, x.id DESC LIMIT 1)"
        " WHERE g.outcome IS NULL AND (?2=0 OR g.expected<?1) AND p.status='active'"
        " ORDER BY g.expected, g.id", &st, err);
    if (rc != PD_OK)
        return rc;
    char d[PD_DATE_STRLEN];
    pd_date_format(on, d);
    sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, overdue_only ? 1 : 0);
    struct pd_overdue_row r;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        PD_CASE_HEAD(st, &r, pregnancy);
        pd_col_text(st, 5, r.registered, sizeof r.registered);
        pd_col_text(st, 6, r.expected, sizeof r.expected);
        pd_col_text(st, 7, r.last_visit, sizeof r.last_visit);
        pd_col_text(st, 8, r.next_visit, sizeof r.next_visit);
        r.last_week = sqlite3_column_int(st, 9);
        pd_col_text(st, 10, r.certificate, sizeof r.certificate);
        r.nvisits = sqlite3_column_int(st, 11);
        struct pd_date e;
        if (pd_date_parse(r.expected, &e, "expected", NULL) == PD_OK)
            r.days_over = (int)(pd_date_to_days(on) - pd_date_to_days(e));
        if (cb(ctx, &r))
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the pregnancies", err);
    sqlite3_finalize(st);
    return rc;
}

pd_err pd_overdue_each(struct pd_db *db, struct pd_date on,
                       int (*cb)(void *ctx, const struct pd_overdue_row *r), void *ctx,
                       struct pd_error *err)
{
    return pd_preg_open_each(db, on, true, cb, ctx, err);
}

/* ---- social maintenance fee --------------------------------------------- */

/* The levy of o as pd_fee_levy would record it, nothing saved: the
 * persons looked up, the birth date settled, the computation made.  The
 * preview and the save share it so the screen shows what is saved. */
struct levy_calc {
    struct prow m, f, c;
    char father[PD_EV_REF_MAX];
    char birth[PD_DATE_STRLEN];
    struct pd_fee_result r;
};

static pd_err levy_calc(struct pd_db *db, const struct pd_policy *p, const struct pd_fee_levy_opts *o,
                        struct levy_calc *L, struct pd_error *err)
{
    pd_err rc = load_person(db, o->mother, &L->m, err);
    if (rc != PD_OK)
        return rc;
    const struct prow *m = &L->m;
    if (!m->found)
        return pd_fail(err, PD_ENOTFOUND, "person", "no person %s in the register", o->mother);
    if (strcmp(m->sex, "2") != 0)
        return pd_fail(err, PD_EINVAL, "person", "the levy is recorded on the mother; %s (%s) is not recorded as female",
                       m->name, o->mother);
    L->c.found = false;
    if (o->child && *o->child) {
        if ((rc = load_person(db, o->child, &L->c, err)) != PD_OK)
            return rc;
        if (!L->c.found)
            return pd_fail(err, PD_ENOTFOUND, "child", "no person %s in the register", o->child);
    }
    pd_strlcpy(L->father, o->father && *o->father ? o->father : m->spouse[0] ? m->spouse : L->c.found ? L->c.father : "",
               sizeof L->father);
    L->f.found = false;
    if (L->father[0]) {
        if ((rc = load_person(db, L->father, &L->f, err)) != PD_OK)
            return rc;
        if (!L->f.found)
            return pd_fail(err, PD_ENOTFOUND, "father", "no person %s in the register", L->father);
    }
    pd_strlcpy(L->birth, o->birth_date && *o->birth_date ? o->birth_date : L->c.found ? L->c.birth_date : "",
               sizeof L->birth);
    struct pd_date bd;
    if (!L->birth[0] || pd_date_parse(L->birth, &bd, "birth_date", NULL) != PD_OK || !pd_date_valid(bd))
        return pd_fail(err, PD_EINVAL, "birth_date", "the date of the birth is needed (give the child or --birth-date)");
    struct pd_fee_input in = {
        .birth_year = bd.y, .kind = o->kind, .extra = o->extra, .multiple = o->multiple,
        .mother_reg = m->reg_type[0], .father_known = L->f.found, .father_reg = L->f.reg_type[0],
    };
    return pd_fee_compute(p, &in, &L->r, err);
}

pd_err pd_fee_levy_preview(struct pd_db *db, const struct pd_policy *p, const struct pd_fee_levy_opts *o,
                           struct pd_fee_result *res, char *birth, struct pd_error *err)
{
    struct levy_calc L;
    pd_err rc = levy_calc(db, p, o, &L, err);
    if (rc == PD_OK) {
        *res = L.r;
        if (birth)
            pd_strlcpy(birth, L.birth, PD_DATE_STRLEN);
    }
    return rc;
}

pd_err pd_fee_levy(struct pd_db *db, const struct pd_policy *p, const struct pd_fee_levy_opts *o,
                   const char *user, long long *id, struct pd_fee_result *res,
                   struct pd_error *err)
{
    struct levy_calc L;
    pd_err rc = levy_calc(db, p, o, &L, err);
    if (rc != PD_OK)
        return rc;
    const struct pd_fee_result *r = &L.r;
    json_t *d = json_pack("{s:s, s:s, s:i, s:i, s:I, s:I, s:I, s:s, s:s}",
                          "kind", pd_fee_kind_key(o->kind), "birth_date", L.birth,
                          "multiple", r->multiple, "base_year", r->base_year,
                          "mother_amount", (json_int_t)r->mother, "father_amount", (json_int_t)r->father,
                          "amount", (json_int_t)r->total, "basis", r->words, "date", o->date ? o->date : "");
    if (d && o->kind == PD_FEE_EXTRA)
        json_object_set_new(d, "extra", json_integer(o->extra));
    if (d && L.f.found)
        json_object_set_new(d, "father", json_string(L.father));
    if (d && L.c.found)
        json_object_set_new(d, "child", json_string(o->child));
    rc = pd_case_save(db, "fee.levy", o->mother, d, user, "case", id, err);
    if (rc == PD_OK && res)
        *res = *r;
    return rc;
}

pd_err pd_fee_pay(struct pd_db *db, long long id, long amount, const char *date,
                  const char *receipt, const char *user, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, "SELECT person FROM fee_cases WHERE id=?", id, FEE_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    char person[PD_EV_REF_MAX];
    pd_col_text(st, 0, person, sizeof person);
    sqlite3_reset(st);
    json_t *d = json_pack("{s:I, s:I, s:s}", "case", (json_int_t)id, "amount", (json_int_t)amount,
                          "date", date ? date : "");
    if (d)
        pd_set_str(d, "receipt", receipt);
    return pd_case_save(db, "fee.payment", person, d, user, NULL, NULL, err);
}

#define FEE_COLS "f.id, f.person, p.name, p.id_number, p.household, f.father, q.name, f.child, f.kind," \
                 " f.birth_date, f.date, f.extra, f.multiple, f.base_year, f.mother_amount, f.father_amount," \
                 " f.amount, f.basis, coalesce((SELECT sum(amount) FROM fee_payments x WHERE x.case_id=f.id), 0)" \
                 " FROM fee_cases f LEFT JOIN persons p ON p.pid=f.person LEFT JOIN persons q ON q.pid=f.father"

static void fee_row(sqlite3_stmt *st, struct pd_fee_case *c)
{
    PD_CASE_HEAD(st, c, id);
    pd_col_text(st, 5, c->father, sizeof c->father);
    pd_col_text(st, 6, c->father_name, sizeof c->father_name);
    pd_col_text(st, 7, c->child, sizeof c->child);
    pd_col_text(st, 8, c->kind, sizeof c->kind);
    pd_col_text(st, 9, c->birth_date, sizeof c->birth_date);
    pd_col_text(st, 10, c->date, sizeof c->date);
    c->extra = sqlite3_column_int(st, 11);
    c->multiple = sqlite3_column_int(st, 12);
    c->base_year = sqlite3_column_int(st, 13);
    c->mother_amount = (long)sqlite3_column_int64(st, 14);
    c->father_amount = (long)sqlite3_column_int64(st, 15);
    c->amount = (long)sqlite3_column_int64(st, 16);
    pd_col_text(st, 17, c->basis, sizeof c->basis);
    c->paid = (long)sqlite3_column_int64(st, 18);
    c->outstanding = c->amount - c->paid;
}

pd_err pd_fee_get(struct pd_db *db, long long id, struct pd_fee_case *out, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, "SELECT " FEE_COLS " WHERE f.id=?", id, FEE_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    fee_row(st, out);
    sqlite3_reset(st);
    return pd_case_payments(db, "SELECT amount, date, receipt, user FROM fee_payments WHERE case_id=? ORDER BY date, id",
                            id, out->payments, PD_FEE_PAYMENTS, &out->npayments, err);
}

struct fee_walk { int (*cb)(void *ctx, const struct pd_fee_case *c); void *ctx; bool open_only; };

static int fee_visit(sqlite3_stmt *st, void *row, void *walk)
{
    struct fee_walk *w = walk;
    fee_row(st, row);
    if (w->open_only && ((struct pd_fee_case *)row)->outstanding <= 0)
        return 0;
    return w->cb(w->ctx, row);
}

pd_err pd_fee_each(struct pd_db *db, bool open_only,
                   int (*cb)(void *ctx, const struct pd_fee_case *c), void *ctx,
                   struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, "SELECT " FEE_COLS " ORDER BY f.id", &st, err);
    if (rc != PD_OK)
        return rc;
    struct fee_walk w = { cb, ctx, open_only };
    return pd_rows_walk(db, st, sizeof(struct pd_fee_case), fee_visit, &w,
                        "reading the fee cases", err);
}

/* ---- one person's cases -------------------------------------------------- */

pd_err pd_person_cases_load(struct pd_db *db, const char *pid, struct pd_person_cases *out,
                            struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    char buf[64];
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT id, state, item, applied, certificate FROM sc_cases"
                                  " WHERE person=? ORDER BY id DESC", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->nsc < PD_PC_MAX) {
            int i = out->nsc;
            out->sc[i].id = sqlite3_column_int64(st, 0);
            pd_col_text(st, 1, buf, sizeof buf);
            pd_case_state_parse(buf, &out->sc[i].state, NULL);
            pd_col_text(st, 2, buf, sizeof buf);
            pd_a19_parse(buf, &out->sc[i].item, "item", NULL);
            pd_col_text(st, 3, out->sc[i].applied, sizeof out->sc[i].applied);
            pd_col_text(st, 4, out->sc[i].certificate, sizeof out->sc[i].certificate);
        }
        out->nsc++;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(db, "SELECT g.id, g.registered, g.expected,"
                    " (SELECT count(*) FROM pregnancy_visits v WHERE v.pregnancy=g.id)"
                    " FROM pregnancies g WHERE g.person=? AND g.outcome IS NULL ORDER BY g.registered DESC, g.id DESC", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->npreg < PD_PC_MAX) {
            int i = out->npreg;
            out->preg[i].id = sqlite3_column_int64(st, 0);
            pd_col_text(st, 1, out->preg[i].registered, sizeof out->preg[i].registered);
            pd_col_text(st, 2, out->preg[i].expected, sizeof out->preg[i].expected);
            out->preg[i].nvisits = sqlite3_column_int(st, 3);
        }
        out->npreg++;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(db, "SELECT f.id, f.amount, coalesce((SELECT sum(amount) FROM fee_payments x"
                    " WHERE x.case_id=f.id), 0), f.birth_date FROM fee_cases f WHERE f.person=?1 OR f.father=?1"
                    " ORDER BY f.id DESC", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->nfee < PD_PC_MAX) {
            int i = out->nfee;
            out->fee[i].id = sqlite3_column_int64(st, 0);
            out->fee[i].amount = (long)sqlite3_column_int64(st, 1);
            out->fee[i].paid = (long)sqlite3_column_int64(st, 2);
            out->fee[i].outstanding = out->fee[i].amount - out->fee[i].paid;
            pd_col_text(st, 3, out->fee[i].birth_date, sizeof out->fee[i].birth_date);
        }
        out->nfee++;
    }
    sqlite3_reset(st);
    st = pd_db_stmt(db, "SELECT kind, number, date FROM certificates WHERE person=? ORDER BY date DESC, id DESC", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->ncert < PD_PC_MAX) {
            int i = out->ncert;
            pd_col_text(st, 0, out->cert[i].kind, sizeof out->cert[i].kind);
            pd_col_text(st, 1, out->cert[i].number, sizeof out->cert[i].number);
            pd_col_text(st, 2, out->cert[i].date, sizeof out->cert[i].date);
        }
        out->ncert++;
    }
    sqlite3_reset(st);
    return PD_OK;
}

/* ---- certificates -------------------------------------------------------- */

static const struct { const char *kind, *zh, *en; } cert_kinds[] = {
    { "first_child", "一孩生育证明", "first-child birth certificate" },
    { "second_child", "第二个子女生育证明", "second-child birth certificate" },
    { "onechild", "独生子女父母光荣证", "one-child parents' certificate" },
};

const char *pd_cert_kind_zh(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof cert_kinds / sizeof cert_kinds[0]; i++)
        if (strcmp(kind, cert_kinds[i].kind) == 0)
            return cert_kinds[i].zh;
    return NULL;
}

const char *pd_cert_kind_en(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof cert_kinds / sizeof cert_kinds[0]; i++)
        if (strcmp(kind, cert_kinds[i].kind) == 0)
            return cert_kinds[i].en;
    return NULL;
}

pd_err pd_cert_get(struct pd_db *db, const char *kind, const char *number, struct pd_cert_info *out,
                   struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    if (!pd_cert_kind_zh(kind))
        return pd_fail(err, PD_EINVAL, "kind", "unknown certificate kind '%s' (first_child, second_child, onechild)",
                       kind ? kind : "");
    /* the spouse: the linked record, else the names kept on hers */
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT c.kind, c.number, c.date, c.reason, c.person, p.name, p.id_number, p.household,"
        " coalesce(nullif(p.cur_address,''), nullif(p.reg_address,''), h.address), p.marital_date,"
        " coalesce(q.name, p.spouse_name),"
        " coalesce(q.id_number, p.spouse_id_number), c.child, k.name, k.sex, k.birth_date,"
        " (SELECT user FROM audit a WHERE a.seq=c.seq ORDER BY a.id LIMIT 1)"
        " FROM certificates c LEFT JOIN persons p ON p.pid=c.person LEFT JOIN persons q ON q.pid=p.spouse"
        " LEFT JOIN households h ON h.code=p.household"
        " LEFT JOIN persons k ON k.pid=c.child WHERE c.kind=? AND c.number=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, number ? number : "", -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOTFOUND, "number", "no %s numbered '%s' in the register",
                       pd_cert_kind_en(kind), number ? number : "");
    }
    char *fields[] = { out->kind, out->number, out->date, out->reason, out->person, out->name, out->id_number,
                       out->household, out->address, out->marital_date, out->spouse_name,
                       out->spouse_id_number, out->child, out->child_name, out->child_sex, out->child_birth,
                       out->user };
    size_t sizes[] = { sizeof out->kind, sizeof out->number, sizeof out->date, sizeof out->reason,
                       sizeof out->person, sizeof out->name, sizeof out->id_number, sizeof out->household,
                       sizeof out->address, sizeof out->marital_date, sizeof out->spouse_name,
                       sizeof out->spouse_id_number, sizeof out->child, sizeof out->child_name,
                       sizeof out->child_sex, sizeof out->child_birth, sizeof out->user };
    for (int i = 0; i < (int)(sizeof sizes / sizeof sizes[0]); i++)
        pd_col_text(st, i, fields[i], sizes[i]);
    sqlite3_reset(st);
    return PD_OK;
}
