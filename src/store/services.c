/* services.c - high-risk archives and guidance, women's health services,
 * benefit applications, decisions and payments (see services.h).  The apply
 * functions run inside pd_event_save()'s transaction; the list readers use
 * their own prepared statements (not the cache), so a callback may use the
 * store. */
#include "store/services.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "store/events.h"
#include "store/casebase.h"

/* what pd_case_row names in "no ... number N" */
#define RISK_CASE "high-risk archive"
#define BEN_CASE "benefit application"

static void fmt(struct pd_date d, char buf[PD_DATE_STRLEN])
{
    if (pd_date_is_empty(d))
        buf[0] = '\0';
    else
        pd_date_format(d, buf);
}

static struct pd_date parse_date(const char *s)
{
    struct pd_date d = { 0, 0, 0 };
    if (s && *s)
        pd_date_parse(s, &d, "date", NULL);
    return d;
}

pd_err pd_svc_require_role(struct pd_db *db, const char *user, const char *what,
                           struct pd_error *err)
{
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT role FROM users WHERE name=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, user ? user : "", -1, SQLITE_STATIC);
    char role[16] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, role, sizeof role);
    sqlite3_reset(st);
    if (strcmp(role, "supervisor") != 0 && strcmp(role, "admin") != 0)
        return pd_fail(err, PD_EDENIED, "user", "%s is signed by a supervisor; %s is %s", what,
                       user ? user : "", role[0] ? role : "not an account of this register");
    return PD_OK;
}

/* ---- apply: high-risk archives ---------------------------------------------- */

static pd_err apply_archive(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long open = pd_find_id(db, "SELECT id FROM risk_archives WHERE person=? AND grp=? AND closed IS NULL",
                                ev->person, pd_dstr(d, "group"), err);
    if (open < 0)
        return PD_EDB;
    if (open)
        return pd_fail(err, PD_EEXIST, "group", "%s already has an open archive for %s (archive %lld)",
                       ev->person, pd_svc_zh(PD_SVC_RISK, pd_dstr(d, "group")), open);
    long long id;
    pd_err rc = pd_next_id(db, "SELECT coalesce(max(id), 0) + 1 FROM risk_archives", &id, err);
    if (rc != PD_OK)
        return rc;
    json_object_set_new(d, "case", json_integer(id));
    return pd_event_row(db, ev, "INSERT INTO risk_archives(id, person, household, grp, planning, note, date, user, seq)"
                        " VALUES(?,?,?,?,?,?,?,?,?)", "saving the archive", err, "nptknkkuq", id, ev->household,
                        "group", (long long)json_is_true(json_object_get(d, "planning")), "note", "date");
}

/* The archive `id` of the event's person: its opening date and closing. */
static pd_err archive_of(struct pd_db *db, long long id, const char *person, char date[PD_DATE_STRLEN],
                         char closed[PD_DATE_STRLEN], struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, "SELECT person, date, closed FROM risk_archives WHERE id=?", id, RISK_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    char who[PD_EV_REF_MAX];
    pd_col_text(st, 0, who, sizeof who);
    pd_col_text(st, 1, date, PD_DATE_STRLEN);
    pd_col_text(st, 2, closed, PD_DATE_STRLEN);
    sqlite3_reset(st);
    if (strcmp(who, person) != 0)
        return pd_fail(err, PD_EINVAL, "case", "high-risk archive %lld is %s's, not %s's", id, who, person);
    return PD_OK;
}

static pd_err apply_guidance(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long id = pd_dint(d, "case");
    pd_err rc;
    if (!id) {
        sqlite3_stmt *st = pd_db_stmt(db, "SELECT id FROM risk_archives WHERE person=? AND closed IS NULL ORDER BY id", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, ev->person, -1, SQLITE_STATIC);
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            n++;
        }
        sqlite3_reset(st);
        if (n == 0)
            return pd_fail(err, PD_ENOTFOUND, "case", "%s has no open high-risk archive: archive the family first",
                           ev->person);
        if (n > 1)
            return pd_fail(err, PD_EINVAL, "case", "%s has %d open high-risk archives: say which (case)",
                           ev->person, n);
        json_object_set_new(d, "case", json_integer(id));
    }
    char opened[PD_DATE_STRLEN], closed[PD_DATE_STRLEN];
    if ((rc = archive_of(db, id, ev->person, opened, closed, err)) != PD_OK)
        return rc;
    if (closed[0])
        return pd_fail(err, PD_EINVAL, "case", "high-risk archive %lld was closed on %s", id, closed);
    if (strcmp(pd_dstr(d, "date"), opened) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the guidance (%s) is before the archive was opened (%s)",
                       pd_dstr(d, "date"), opened);
    return pd_event_row(db, ev, "INSERT INTO risk_guidance(case_id, person, date, kind, notes, by_name, user, seq)"
                        " VALUES(?,?,?,?,?,?,?,?)", "saving the guidance record", err, "npkkkkuq", id,
                        "date", "kind", "notes", "by");
}

static pd_err apply_close(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long id = pd_dint(d, "case");
    char opened[PD_DATE_STRLEN], closed[PD_DATE_STRLEN];
    pd_err rc = archive_of(db, id, ev->person, opened, closed, err);
    if (rc != PD_OK)
        return rc;
    if (closed[0])
        return pd_fail(err, PD_EINVAL, "case", "high-risk archive %lld was already closed on %s", id, closed);
    if (strcmp(pd_dstr(d, "date"), opened) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the closing date (%s) is before the archive was opened (%s)",
                       pd_dstr(d, "date"), opened);
    return pd_event_row(db, ev, "UPDATE risk_archives SET closed=?, close_reason=? WHERE id=?", "closing the archive",
                        err, "kkn", "date", "reason", id);
}

/* ---- apply: health services --------------------------------------------------- */

static pd_err apply_health(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    const char *kind = pd_dstr(d, "kind");
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT sex FROM persons WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, ev->person, -1, SQLITE_STATIC);
    char sex[4] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        pd_col_text(st, 0, sex, sizeof sex);
    sqlite3_reset(st);
    /* counselling may be given to a man (a couple's counselling); the rest
     * are women's services */
    if (strcmp(sex, "2") != 0 && strcmp(kind, "counselling") != 0)
        return pd_fail(err, PD_EINVAL, "person", "%s is a women's health service; %s is not recorded as female",
                       pd_svc_zh(PD_SVC_HEALTH, kind), ev->person);
    char q[8];
    if (strcmp(kind, "check") == 0) {
        if (!pd_dstr(d, "quarter")[0]) {
            pd_quarter_of(parse_date(pd_dstr(d, "date")), q);
            json_object_set_new(d, "quarter", json_string(q));
        }
        /* the 三查 is done once a quarter: a second check for the same
         * quarter is a mistake (a correction is the way to change it) */
        st = pd_db_stmt(db, "SELECT id, date FROM health_services WHERE person=? AND kind='check' AND quarter=?", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, ev->person, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, pd_dstr(d, "quarter"), -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            char when[PD_DATE_STRLEN];
            long long rid = sqlite3_column_int64(st, 0);
            pd_col_text(st, 1, when, sizeof when);
            sqlite3_reset(st);
            return pd_fail(err, PD_EEXIST, "quarter", "the check for %s is already recorded (record %lld, %s)",
                           pd_dstr(d, "quarter"), rid, when);
        }
        sqlite3_reset(st);
    } else if (pd_dstr(d, "quarter")[0]) {
        return pd_fail(err, PD_EINVAL, "quarter", "only a pregnancy/IUD check (check) is recorded by quarter");
    }
    long long id;
    pd_err rc = pd_next_id(db, "SELECT coalesce(max(id), 0) + 1 FROM health_services", &id, err);
    if (rc != PD_OK)
        return rc;
    json_object_set_new(d, "record", json_integer(id));
    return pd_event_row(db, ev, "INSERT INTO health_services(id, person, kind, date, quarter, result, items, quantity,"
                        " provider, free, note, user, seq) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        "saving the health service", err, "nptkkkkOknkuq", id, kind, "date", "quarter", "result",
                        "items", "quantity", "provider", (long long)!json_is_false(json_object_get(d, "free")), "note");
}

/* ---- apply: benefits ------------------------------------------------------------- */

static pd_err apply_benefit(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    /* the conditions and the amount come from the policy file, which the
     * store does not hold: an application without them (a generic event
     * form) would be approved blind */
    if (!pd_dstr(d, "checks")[0])
        return pd_fail(err, PD_EINVAL, "checks", "a benefit application carries its conditions in words: "
                       "make it with `popdesk case benefit apply`, which decides them from the policy file");
    long long id;
    pd_err rc = pd_next_id(db, "SELECT coalesce(max(id), 0) + 1 FROM benefit_cases", &id, err);
    if (rc != PD_OK)
        return rc;
    json_object_set_new(d, "case", json_integer(id));
    return pd_event_row(db, ev, "INSERT INTO benefit_cases(id, person, programme, category, applied, year,"
                        " amount, income, cost, birth_date, child, reason, checks, user, seq)"
                        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", "saving the application", err, "npkkknKOOkkkkuq",
                        id, "programme", "category", "date", (long long)parse_date(pd_dstr(d, "date")).y, "amount",
                        "income", "cost", "birth_date", "child", "reason", "checks");
}

struct brow {
    char person[PD_EV_REF_MAX], state[12], applied[PD_DATE_STRLEN], decided[PD_DATE_STRLEN];
    long amount, paid;
    bool not_met;           /* a condition was NOT MET when applying */
};

static pd_err load_brow(struct pd_db *db, long long id, const char *person, struct brow *b,
                        struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, "SELECT person, state, applied, decided, amount,"
                            " coalesce((SELECT sum(amount) FROM benefit_payments WHERE case_id=?1), 0),"
                            " instr(coalesce(checks, ''), '[NOT MET]') > 0"
                            " FROM benefit_cases WHERE id=?1", id, BEN_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    pd_col_text(st, 0, b->person, sizeof b->person);
    pd_col_text(st, 1, b->state, sizeof b->state);
    pd_col_text(st, 2, b->applied, sizeof b->applied);
    pd_col_text(st, 3, b->decided, sizeof b->decided);
    b->amount = (long)sqlite3_column_int64(st, 4);
    b->paid = (long)sqlite3_column_int64(st, 5);
    b->not_met = sqlite3_column_int(st, 6) != 0;
    sqlite3_reset(st);
    if (person && strcmp(person, b->person) != 0)
        return pd_fail(err, PD_EINVAL, "case", "benefit application %lld is %s's, not %s's", id, b->person, person);
    return PD_OK;
}

static pd_err apply_decide(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long id = pd_dint(d, "case");
    struct brow b;
    pd_err rc = pd_svc_require_role(db, ev->user, "a benefit decision", err);
    if (rc == PD_OK)
        rc = load_brow(db, id, ev->person, &b, err);
    if (rc != PD_OK)
        return rc;
    if (strcmp(b.state, "applied") != 0)
        return pd_fail(err, PD_EINVAL, "case", "benefit application %lld is already %s", id, b.state);
    if (strcmp(pd_dstr(d, "date"), b.applied) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the decision (%s) is before the application (%s)",
                       pd_dstr(d, "date"), b.applied);
    bool approve = strcmp(pd_dstr(d, "decision"), "approve") == 0;
    long amount = json_object_get(d, "amount") ? (long)pd_dint(d, "amount") : b.amount;
    /* whatever saves the decision: an application made with a condition
     * not met is never approved (a new one is made once the register shows
     * the condition met) */
    if (approve && b.not_met)
        return pd_fail(err, PD_EINVAL, "case", "benefit application %lld was made with a condition not met "
                       "(see its checks): it can only be refused; apply again once the condition is met", id);
    if (approve && amount <= 0)
        return pd_fail(err, PD_EINVAL, "amount", "benefit application %lld has no amount to approve", id);
    if (approve && amount > b.amount)
        return pd_fail(err, PD_EINVAL, "amount", "%ld yuan is more than the %ld yuan applied for", amount, b.amount);
    if (approve)
        json_object_set_new(d, "amount", json_integer(amount));
    return pd_event_row(db, ev, "UPDATE benefit_cases SET state=?, decided=?, decided_by=?, reviewer=?,"
                        " decision_reason=?, amount=? WHERE id=?", "saving the decision", err, "tkukknn",
                        approve ? "approved" : "refused", "date", "reviewer", "reason",
                        (long long)(approve ? amount : b.amount), id);
}

static pd_err apply_bpay(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    json_t *d = ev->data;
    long long id = pd_dint(d, "case");
    struct brow b;
    pd_err rc = load_brow(db, id, ev->person, &b, err);
    if (rc != PD_OK)
        return rc;
    if (strcmp(b.state, "approved") != 0)
        return pd_fail(err, PD_EINVAL, "case", "benefit application %lld is %s: only an approved one is paid",
                       id, strcmp(b.state, "applied") == 0 ? "not decided yet" : b.state);
    long pay = (long)pd_dint(d, "amount");
    if (pay > b.amount - b.paid)
        return pd_fail(err, PD_EINVAL, "amount", "payment of %ld yuan is more than the %ld yuan outstanding on application %lld",
                       pay, b.amount - b.paid, id);
    if (strcmp(pd_dstr(d, "date"), b.decided) < 0)
        return pd_fail(err, PD_EINVAL, "date", "the payment (%s) is before the approval (%s)", pd_dstr(d, "date"), b.decided);
    if ((rc = pd_event_row(db, ev, "INSERT INTO benefit_payments(case_id, amount, date, receipt, user, seq)"
                           " VALUES(?,?,?,?,?,?)", "saving the payment", err, "nnkkuq", id, (long long)pay,
                           "date", "receipt")) != PD_OK)
        return rc;
    if (b.paid + pay == b.amount)
        rc = pd_event_row(db, ev, "UPDATE benefit_cases SET state='paid' WHERE id=?", "marking the application paid",
                          err, "n", id);
    return rc;
}

pd_err pd_services_apply(struct pd_db *db, struct pd_event *ev, struct pd_error *err)
{
    switch (ev->type->kind) {
    case PD_EV_RISK_ARCHIVE:    return apply_archive(db, ev, err);
    case PD_EV_RISK_GUIDANCE:   return apply_guidance(db, ev, err);
    case PD_EV_RISK_CLOSE:      return apply_close(db, ev, err);
    case PD_EV_HEALTH_SERVICE:  return apply_health(db, ev, err);
    case PD_EV_BENEFIT_APPLY:   return apply_benefit(db, ev, err);
    case PD_EV_BENEFIT_DECIDE:  return apply_decide(db, ev, err);
    case PD_EV_BENEFIT_PAYMENT: return apply_bpay(db, ev, err);
    default:
        return pd_fail(err, PD_EINVAL, "type", "%s is not a service event", ev->type->name);
    }
}

/* ---- saving ----------------------------------------------------------------------- */

pd_err pd_risk_archive(struct pd_db *db, const struct pd_risk_opts *o, const char *user,
                       long long *id, struct pd_error *err)
{
    json_t *d = json_object();
    pd_set_str(d, "group", o->group);
    pd_set_str(d, "date", o->date);
    pd_set_str(d, "note", o->note);
    if (o->planning)
        json_object_set_new(d, "planning", json_true());
    return pd_case_save(db, "risk.archive", o->person, d, user, "case", id, err);
}

pd_err pd_risk_guidance(struct pd_db *db, const struct pd_guidance_opts *o, const char *user,
                        long long *id_out, struct pd_error *err)
{
    char person[PD_EV_REF_MAX] = "";
    if (o->id) {
        sqlite3_stmt *st;
        pd_err rc = pd_case_row(db, "SELECT person FROM risk_archives WHERE id=?", o->id, RISK_CASE, &st, err);
        if (rc != PD_OK)
            return rc;
        pd_col_text(st, 0, person, sizeof person);
        sqlite3_reset(st);
        if (o->person && *o->person && strcmp(o->person, person) != 0)
            return pd_fail(err, PD_EINVAL, "case", "high-risk archive %lld is %s's, not %s's", o->id, person,
                           o->person);
    } else {
        pd_strlcpy(person, o->person ? o->person : "", sizeof person);
    }
    json_t *d = json_object();
    if (o->id)
        json_object_set_new(d, "case", json_integer(o->id));
    pd_set_str(d, "date", o->date);
    pd_set_str(d, "kind", o->kind);
    pd_set_str(d, "notes", o->notes);
    pd_set_str(d, "by", o->by);
    return pd_case_save(db, "risk.guidance", person, d, user, "case", id_out, err);
}

pd_err pd_risk_close(struct pd_db *db, long long id, const char *date, const char *reason,
                     const char *user, struct pd_error *err)
{
    struct pd_risk_case *c = malloc(sizeof *c);
    if (!c)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    pd_err rc = pd_risk_get(db, id, c, err);
    if (rc == PD_OK) {
        json_t *d = json_object();
        json_object_set_new(d, "case", json_integer(id));
        pd_set_str(d, "date", date);
        pd_set_str(d, "reason", reason);
        rc = pd_case_save(db, "risk.close", c->person, d, user, NULL, NULL, err);
    }
    free(c);
    return rc;
}

pd_err pd_health_record(struct pd_db *db, const struct pd_health_opts *o, const char *user,
                        long long *id, struct pd_error *err)
{
    json_t *d = json_object();
    pd_set_str(d, "kind", o->kind);
    pd_set_str(d, "date", o->date);
    pd_set_str(d, "quarter", o->quarter);
    pd_set_str(d, "result", o->result);
    pd_set_str(d, "items", o->items);
    pd_set_str(d, "provider", o->provider);
    pd_set_str(d, "note", o->note);
    if (o->quantity > 0)
        json_object_set_new(d, "quantity", json_integer(o->quantity));
    json_object_set_new(d, "free", json_boolean(!o->not_free));
    return pd_case_save(db, "health.service", o->person, d, user, "record", id, err);
}

/* ---- benefit facts ------------------------------------------------------------------ */

static pd_err gather(struct pd_db *db, const struct pd_benefit_apply_opts *o, long long exclude,
                     struct pd_benefit_facts *f, struct pd_date *birth, struct pd_error *err)
{
    memset(f, 0, sizeof *f);
    sqlite3_stmt *st = pd_db_stmt(db, "SELECT status, migrant, sex, marital, spouse, contra_method,"
                                  " (SELECT h.contra_method FROM persons h WHERE h.pid=p.spouse)"
                                  " FROM persons p WHERE pid=?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, o->person, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pd_fail(err, PD_ENOTFOUND, "person", "no person %s in the register", o->person ? o->person : "");
    }
    char sex[4], marital[4], spouse[PD_EV_REF_MAX], m1[4], m2[4];
    pd_col_text(st, 0, f->status, sizeof f->status);
    f->migrant = sqlite3_column_int(st, 1) != 0;
    pd_col_text(st, 2, sex, sizeof sex);
    pd_col_text(st, 3, marital, sizeof marital);
    pd_col_text(st, 4, spouse, sizeof spouse);
    pd_col_text(st, 5, m1, sizeof m1);
    pd_col_text(st, 6, m2, sizeof m2);
    sqlite3_reset(st);
    f->active = strcmp(f->status, "active") == 0;
    f->sex = sex[0];
    f->married = marital[0] == '2';
    f->sterilised = strcmp(m1, "1") == 0 || strcmp(m1, "2") == 0 || strcmp(m2, "1") == 0 || strcmp(m2, "2") == 0;

    /* the one-child certificate of the person or the spouse, and its child */
    char cert_child[PD_EV_REF_MAX] = "";
    st = pd_db_stmt(db, "SELECT number, child FROM certificates WHERE kind='onechild' AND person IN (?1, ?2)"
                    " ORDER BY date LIMIT 1", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, o->person, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, spouse, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        f->onechild_cert = true;
        pd_col_text(st, 0, f->onechild_number, sizeof f->onechild_number);
        pd_col_text(st, 1, cert_child, sizeof cert_child);
    }
    sqlite3_reset(st);

    /* the children rows: counts, and the only child when no certificate names one */
    st = pd_db_stmt(db, "SELECT child, sex, birth_date, alive FROM children WHERE parent=? ORDER BY birth_date", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, o->person, -1, SQLITE_STATIC);
    int nrows = 0;
    char only_bd[PD_DATE_STRLEN] = "";
    bool only_alive = false;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char child[PD_EV_REF_MAX], csex[4], bd[PD_DATE_STRLEN];
        pd_col_text(st, 0, child, sizeof child);
        pd_col_text(st, 1, csex, sizeof csex);
        pd_col_text(st, 2, bd, sizeof bd);
        bool alive = sqlite3_column_int(st, 3) != 0;
        nrows++;
        if (alive) {
            f->living_children++;
            if (csex[0] == '2')
                f->daughters_living++;
            else if (csex[0] == '1')
                f->sons_living++;
        }
        if ((cert_child[0] && strcmp(child, cert_child) == 0) || (!cert_child[0] && nrows == 1)) {
            pd_strlcpy(only_bd, bd, sizeof only_bd);
            only_alive = alive;
        }
    }
    sqlite3_reset(st);
    if (only_bd[0] && (cert_child[0] || nrows == 1)) {
        f->child_known = true;
        f->child_birth = parse_date(only_bd);
        f->child_alive = only_alive;
    }

    /* the birth in question (migrant_birth): given, else the child's */
    *birth = parse_date(o->birth_date);
    if (pd_date_is_empty(*birth) && o->child && *o->child) {
        st = pd_db_stmt(db, "SELECT birth_date FROM persons WHERE pid=?", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, o->child, -1, SQLITE_STATIC);
        char bd[PD_DATE_STRLEN] = "";
        if (sqlite3_step(st) == SQLITE_ROW)
            pd_col_text(st, 0, bd, sizeof bd);
        sqlite3_reset(st);
        if (!bd[0])
            return pd_fail(err, PD_ENOTFOUND, "child", "no person %s in the register", o->child);
        *birth = parse_date(bd);
    }
    if (o->prog == PD_BEN_MIGRANT) {
        st = pd_db_stmt(db, "SELECT arrived, number, expiry FROM migrant_certs WHERE person=?"
                        " ORDER BY arrived DESC, id DESC LIMIT 1", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, o->person, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            char a[PD_DATE_STRLEN], x[PD_DATE_STRLEN];
            pd_col_text(st, 0, a, sizeof a);
            pd_col_text(st, 1, f->mcert_number, sizeof f->mcert_number);
            pd_col_text(st, 2, x, sizeof x);
            f->arrived = parse_date(a);
            f->mcert_expiry = parse_date(x);
        }
        sqlite3_reset(st);
        char b[PD_DATE_STRLEN];
        fmt(*birth, b);
        /* default: children born the same day count as one birth */
        st = pd_db_stmt(db, "SELECT count(DISTINCT birth_date) FROM children WHERE parent=? AND birth_date<?", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, o->person, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            f->earlier_children = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        st = pd_db_stmt(db, "SELECT 1 FROM certificates WHERE kind='second_child' AND person IN (?1, ?2) AND date<?3", err);
        if (!st)
            return PD_EDB;
        sqlite3_bind_text(st, 1, o->person, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, spouse, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
        f->second_child_cert = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
    }
    struct pd_date applied = parse_date(o->date);
    st = pd_db_stmt(db, "SELECT count(*) FROM benefit_cases WHERE person=? AND programme=? AND category=?"
                    " AND year=? AND state<>'refused' AND id<>?", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, o->person, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pd_benefit_prog_key(o->prog), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, pd_benefit_cat_key(o->prog, o->category), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, applied.y);
    sqlite3_bind_int64(st, 5, exclude);
    if (sqlite3_step(st) == SQLITE_ROW)
        f->grants_this_year = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return PD_OK;
}

pd_err pd_benefit_check(struct pd_db *db, const struct pd_policy *p,
                        const struct pd_benefit_apply_opts *o, long long exclude_case,
                        struct pd_benefit_result *res, struct pd_error *err)
{
    if (o->category < 0 || o->category >= pd_benefit_ncats(o->prog))
        return pd_fail(err, PD_EINVAL, "category", "no category %d in %s", o->category, pd_benefit_prog_key(o->prog));
    struct pd_date applied;
    if (pd_date_parse(o->date ? o->date : "", &applied, "date", err) != PD_OK)
        return PD_EINVAL;
    struct pd_benefit_facts f;
    struct pd_benefit_request q = { o->prog, o->category, applied, o->income, o->cost, o->amount, { 0, 0, 0 } };
    pd_err rc = gather(db, o, exclude_case, &f, &q.birth, err);
    if (rc != PD_OK)
        return rc;
    pd_benefit_assess(&p->benefit[o->prog], &q, &f, res);
    return PD_OK;
}

static void checks_words(const struct pd_benefit_result *r, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < r->n; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, "%s[%s] %s", i ? "; " : "", pd_chk_words(r->c[i].state), r->c[i].words);
    }
}

pd_err pd_benefit_apply(struct pd_db *db, const struct pd_policy *p,
                        const struct pd_benefit_apply_opts *o, const char *user, long long *id,
                        struct pd_benefit_result *res, struct pd_error *err)
{
    struct pd_benefit_result r;
    pd_err rc = pd_benefit_check(db, p, o, 0, &r, err);
    if (rc != PD_OK)
        return rc;
    if (!p->benefit[o->prog].configured)
        return pd_fail(err, PD_ECONFIG, "programme", "%s", r.c[0].words);
    if (o->prog == PD_BEN_WELFARE && o->amount <= 0)
        return pd_fail(err, PD_EINVAL, "amount", "a welfare-fund application needs the amount asked");
    if (o->prog == PD_BEN_MIGRANT && !(o->birth_date && *o->birth_date) && !(o->child && *o->child))
        return pd_fail(err, PD_EINVAL, "birth_date", "a migrant childbirth subsidy needs the birth (its date or the child)");
    char words[2000];
    checks_words(&r, words, sizeof words);
    json_t *d = json_object();
    pd_set_str(d, "programme", pd_benefit_prog_key(o->prog));
    pd_set_str(d, "category", pd_benefit_cat_key(o->prog, o->category));
    pd_set_str(d, "date", o->date);
    json_object_set_new(d, "amount", json_integer(o->prog == PD_BEN_WELFARE ? o->amount : r.amount));
    if (o->income >= 0)
        json_object_set_new(d, "income", json_integer(o->income));
    if (o->cost >= 0)
        json_object_set_new(d, "cost", json_integer(o->cost));
    pd_set_str(d, "birth_date", o->birth_date);
    pd_set_str(d, "child", o->child);
    pd_set_str(d, "reason", o->reason);
    pd_set_str(d, "checks", words);
    rc = pd_case_save(db, "benefit.apply", o->person, d, user, "case", id, err);
    if (rc == PD_OK && res)
        *res = r;
    return rc;
}

pd_err pd_benefit_decide(struct pd_db *db, const struct pd_policy *p,
                         const struct pd_benefit_decide_opts *o, const char *user,
                         struct pd_error *err)
{
    struct pd_benefit_case *c = malloc(sizeof *c);
    if (!c)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    pd_err rc = pd_benefit_get(db, o->id, c, err);
    /* the role first: a clerk is told so before any condition */
    if (rc == PD_OK)
        rc = pd_svc_require_role(db, user, "a benefit decision", err);
    if (rc == PD_OK && o->approve && strcmp(c->state, "applied") == 0) {
        struct pd_benefit_apply_opts ao = { c->person, c->prog, c->category, c->applied, c->amount,
                                            c->income, c->cost, c->birth_date, c->child, c->reason };
        if (c->prog != PD_BEN_WELFARE)
            ao.amount = 0;
        struct pd_benefit_result r;
        rc = pd_benefit_check(db, p, &ao, c->id, &r, err);
        if (rc == PD_OK && r.blocked) {
            char words[1200] = "";
            for (int i = 0; i < r.n; i++)
                if (r.c[i].state == PD_CHK_NOT_MET) {
                    size_t l = strlen(words);
                    char w[400];    /* the stored English, in the reader's language */
                    pd_benefit_words_text(r.c[i].words, NULL, w, sizeof w);
                    snprintf(words + l, sizeof words - l, "%s%s", l ? "; " : "", w);
                }
            rc = pd_fail(err, PD_EINVAL, "case",
                         PD_MSG("第%lld号帮扶申请还不能批准：%s", "benefit application %lld cannot be approved: %s"),
                         o->id, words);
        }
    }
    if (rc == PD_OK) {
        json_t *d = json_object();
        json_object_set_new(d, "case", json_integer(o->id));
        pd_set_str(d, "decision", o->approve ? "approve" : "refuse");
        pd_set_str(d, "date", o->date);
        pd_set_str(d, "reason", o->reason);
        pd_set_str(d, "reviewer", o->reviewer);
        if (o->amount > 0)
            json_object_set_new(d, "amount", json_integer(o->amount));
        rc = pd_case_save(db, "benefit.decide", c->person, d, user, NULL, NULL, err);
    }
    free(c);
    return rc;
}

pd_err pd_benefit_pay(struct pd_db *db, long long id, long amount, const char *date,
                      const char *receipt, const char *user, struct pd_error *err)
{
    struct brow b;
    pd_err rc = load_brow(db, id, NULL, &b, err);
    if (rc != PD_OK)
        return rc;
    json_t *d = json_object();
    json_object_set_new(d, "case", json_integer(id));
    json_object_set_new(d, "amount", json_integer(amount));
    pd_set_str(d, "date", date);
    pd_set_str(d, "receipt", receipt);
    return pd_case_save(db, "benefit.payment", b.person, d, user, NULL, NULL, err);
}

/* ---- readers ---------------------------------------------------------------------- */

#define RISK_COLS "SELECT a.id, a.person, p.name, p.id_number, coalesce(a.household, p.household), a.grp," \
    " a.date, a.closed, a.close_reason, a.note, a.planning," \
    " (SELECT count(*) FROM risk_guidance g WHERE g.case_id=a.id)," \
    " (SELECT max(date) FROM risk_guidance g WHERE g.case_id=a.id)" \
    " FROM risk_archives a LEFT JOIN persons p ON p.pid=a.person"

static void risk_row(sqlite3_stmt *st, struct pd_risk_case *c)
{
    PD_CASE_HEAD(st, c, id);
    pd_col_text(st, 5, c->group, sizeof c->group);
    pd_col_text(st, 6, c->date, sizeof c->date);
    pd_col_text(st, 7, c->closed, sizeof c->closed);
    pd_col_text(st, 8, c->close_reason, sizeof c->close_reason);
    pd_col_text(st, 9, c->note, sizeof c->note);
    c->planning = sqlite3_column_int(st, 10) != 0;
    c->nguidance = sqlite3_column_int(st, 11);
    pd_col_text(st, 12, c->last_guidance, sizeof c->last_guidance);
}

pd_err pd_risk_get(struct pd_db *db, long long id, struct pd_risk_case *out, struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, RISK_COLS " WHERE a.id=?", id, RISK_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    risk_row(st, out);
    sqlite3_reset(st);
    st = pd_db_stmt(db, "SELECT date, kind, notes, by_name, user FROM risk_guidance WHERE case_id=? ORDER BY date, id", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_int64(st, 1, id);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < PD_RISK_GUIDANCE_MAX) {
        struct pd_risk_guidance_rec *g = &out->guidance[n++];
        pd_col_text(st, 0, g->date, sizeof g->date);
        pd_col_text(st, 1, g->kind, sizeof g->kind);
        pd_col_text(st, 2, g->notes, sizeof g->notes);
        pd_col_text(st, 3, g->by, sizeof g->by);
        pd_col_text(st, 4, g->user, sizeof g->user);
    }
    sqlite3_reset(st);
    return PD_OK;
}

struct risk_walk { int (*cb)(void *ctx, const struct pd_risk_case *c); void *ctx; };

static int risk_visit(sqlite3_stmt *st, void *row, void *walk)
{
    struct risk_walk *w = walk;
    risk_row(st, row);
    return w->cb(w->ctx, row);
}

pd_err pd_risk_each(struct pd_db *db, bool open_only,
                    int (*cb)(void *ctx, const struct pd_risk_case *c), void *ctx,
                    struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, open_only ? RISK_COLS " WHERE a.closed IS NULL ORDER BY a.id"
                                            : RISK_COLS " ORDER BY a.id", &st, err);
    if (rc != PD_OK)
        return rc;
    struct risk_walk w = { cb, ctx };
    return pd_rows_walk(db, st, sizeof(struct pd_risk_case), risk_visit, &w,
                        "reading the high-risk archives", err);
}

pd_err pd_risk_coverage(struct pd_db *db, struct pd_date from, struct pd_date to,
                        struct pd_svc_rate *out, struct pd_error *err)
{
    char f[PD_DATE_STRLEN], t[PD_DATE_STRLEN];
    fmt(from, f);
    fmt(to, t);
    /* a family = the household (a person without one counts alone) */
    sqlite3_stmt *st = pd_db_stmt(db,
        "SELECT count(DISTINCT coalesce(a.household, a.person)),"
        " count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM risk_guidance g WHERE g.case_id=a.id"
        "   AND g.date BETWEEN ?1 AND ?2) THEN coalesce(a.household, a.person) END)"
        " FROM risk_archives a WHERE a.date<=?2 AND (a.closed IS NULL OR a.closed>=?1)", err);
    if (!st)
        return PD_EDB;
    sqlite3_bind_text(st, 1, f, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, t, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        pd_err rc = pd_db_fail(db, "counting the guidance coverage", err);
        sqlite3_reset(st);
        return rc;
    }
    pd_svc_rate_make(sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 0), out);
    sqlite3_reset(st);
    return PD_OK;
}

#define HEALTH_COLS "SELECT s.id, s.person, p.name, p.id_number, p.household, s.kind, s.date, s.quarter," \
    " s.result, s.items, s.provider, s.note, s.user, s.quantity, s.free" \
    " FROM health_services s LEFT JOIN persons p ON p.pid=s.person" \
    " WHERE (?1 IS NULL OR s.kind=?1) AND (?2 IS NULL OR s.person=?2)" \
    " AND (?3 IS NULL OR (s.kind='check' AND s.quarter=?3) OR (s.kind<>'check' AND s.date BETWEEN ?4 AND ?5))" \
    " AND (?6 IS NULL OR s.date>=?6) AND (?7 IS NULL OR s.date<=?7)" \
    " ORDER BY s.date, s.id"

pd_err pd_health_each(struct pd_db *db, const struct pd_health_filter *fl,
                      int (*cb)(void *ctx, const struct pd_health_rec *r), void *ctx,
                      struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, HEALTH_COLS, &st, err);
    if (rc != PD_OK)
        return rc;
    char qf[PD_DATE_STRLEN] = "", qt[PD_DATE_STRLEN] = "", f[PD_DATE_STRLEN] = "", t[PD_DATE_STRLEN] = "";
    if (fl && fl->quarter) {
        int y, q;
        if ((rc = pd_quarter_parse(fl->quarter, &y, &q, "quarter", err)) != PD_OK) {
            sqlite3_finalize(st);
            return rc;
        }
        struct pd_date a, b;
        pd_quarter_range(y, q, &a, &b);
        fmt(a, qf);
        fmt(b, qt);
    }
    if (fl) {
        fmt(fl->from, f);
        fmt(fl->to, t);
        pd_bind_text(st, 1, fl->kind);
        pd_bind_text(st, 2, fl->person);
        pd_bind_text(st, 3, fl->quarter);
    }
    pd_bind_text(st, 4, qf);
    pd_bind_text(st, 5, qt);
    pd_bind_text(st, 6, f);
    pd_bind_text(st, 7, t);
    struct pd_health_rec r;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        PD_CASE_HEAD(st, &r, id);
        pd_col_text(st, 5, r.kind, sizeof r.kind);
        pd_col_text(st, 6, r.date, sizeof r.date);
        pd_col_text(st, 7, r.quarter, sizeof r.quarter);
        pd_col_text(st, 8, r.result, sizeof r.result);
        pd_col_text(st, 9, r.items, sizeof r.items);
        pd_col_text(st, 10, r.provider, sizeof r.provider);
        pd_col_text(st, 11, r.note, sizeof r.note);
        pd_col_text(st, 12, r.user, sizeof r.user);
        r.quantity = sqlite3_column_int(st, 13);
        r.free = sqlite3_column_int(st, 14) != 0;
        if (cb(ctx, &r))
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = pd_db_fail(db, "reading the health services", err);
    sqlite3_finalize(st);
    return rc;
}

#define BEN_COLS "SELECT b.id, b.person, p.name, p.id_number, p.household, p.sex, p.cur_address," \
    " b.programme, b.category, b.applied, b.birth_date, b.child, b.year, b.amount," \
    " coalesce((SELECT sum(amount) FROM benefit_payments x WHERE x.case_id=b.id), 0)," \
    " coalesce(b.income, -1), coalesce(b.cost, -1), b.reason, b.checks, b.state, b.decided, b.decided_by," \
    " b.reviewer, b.decision_reason FROM benefit_cases b LEFT JOIN persons p ON p.pid=b.person"

static void ben_row(sqlite3_stmt *st, struct pd_benefit_case *c)
{
    PD_CASE_HEAD(st, c, id);
    pd_col_text(st, 5, c->sex, sizeof c->sex);
    pd_col_text(st, 6, c->address, sizeof c->address);
    char prog[20], cat[20];
    pd_col_text(st, 7, prog, sizeof prog);
    pd_col_text(st, 8, cat, sizeof cat);
    pd_benefit_prog_parse(prog, &c->prog, NULL, NULL);
    pd_benefit_cat_parse(c->prog, cat, &c->category, NULL, NULL);
    pd_col_text(st, 9, c->applied, sizeof c->applied);
    pd_col_text(st, 10, c->birth_date, sizeof c->birth_date);
    pd_col_text(st, 11, c->child, sizeof c->child);
    c->year = sqlite3_column_int(st, 12);
    c->amount = (long)sqlite3_column_int64(st, 13);
    c->paid = (long)sqlite3_column_int64(st, 14);
    c->income = (long)sqlite3_column_int64(st, 15);
    c->cost = (long)sqlite3_column_int64(st, 16);
    pd_col_text(st, 17, c->reason, sizeof c->reason);
    pd_col_text(st, 18, c->checks, sizeof c->checks);
    pd_col_text(st, 19, c->state, sizeof c->state);
    pd_col_text(st, 20, c->decided, sizeof c->decided);
    pd_col_text(st, 21, c->decided_by, sizeof c->decided_by);
    pd_col_text(st, 22, c->reviewer, sizeof c->reviewer);
    pd_col_text(st, 23, c->decision_reason, sizeof c->decision_reason);
}

pd_err pd_benefit_get(struct pd_db *db, long long id, struct pd_benefit_case *out,
                      struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_case_row(db, BEN_COLS " WHERE b.id=?", id, BEN_CASE, &st, err);
    if (rc != PD_OK)
        return rc;
    ben_row(st, out);
    sqlite3_reset(st);
    return pd_case_payments(db, "SELECT amount, date, receipt, user FROM benefit_payments WHERE case_id=? ORDER BY date, id",
                            id, out->payments, PD_BEN_PAYMENTS, &out->npayments, err);
}

struct ben_walk { int (*cb)(void *ctx, const struct pd_benefit_case *c); void *ctx; };

static int ben_visit(sqlite3_stmt *st, void *row, void *walk)
{
    struct ben_walk *w = walk;
    ben_row(st, row);
    return w->cb(w->ctx, row);
}

pd_err pd_benefit_each(struct pd_db *db, int prog, const char *state,
                       int (*cb)(void *ctx, const struct pd_benefit_case *c), void *ctx,
                       struct pd_error *err)
{
    sqlite3_stmt *st;
    pd_err rc = pd_db_prepare(db, BEN_COLS " WHERE (?1 IS NULL OR b.programme=?1) AND (?2 IS NULL OR b.state=?2)"
                              " ORDER BY b.id", &st, err);
    if (rc != PD_OK)
        return rc;
    if (prog >= 0)
        sqlite3_bind_text(st, 1, pd_benefit_prog_key((enum pd_benefit_prog)prog), -1, SQLITE_STATIC);
    pd_bind_text(st, 2, state);
    struct ben_walk w = { cb, ctx };
    return pd_rows_walk(db, st, sizeof(struct pd_benefit_case), ben_visit, &w,
                        "reading the benefit applications", err);
}
