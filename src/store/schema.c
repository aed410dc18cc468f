/* schema.c - the register's tables, as numbered migrations.
 *
 * PRAGMA user_version holds the number of migrations applied.  A migration
 * is never edited once released: changes go in a new one at the end.
 */
#include "store/schema.h"

#include <stddef.h>

static const char *const migrations[] = {
    /* 1: the register */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE households("
    "  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, police_no TEXT,"
    "  address TEXT, phone TEXT, reg_type TEXT,"
    "  status TEXT NOT NULL DEFAULT 'active');"
    "CREATE TABLE persons("
    "  id INTEGER PRIMARY KEY, pid TEXT NOT NULL UNIQUE,"
    "  household TEXT REFERENCES households(code),"
    "  name TEXT NOT NULL, id_number TEXT, sex TEXT, birth_date TEXT, ethnicity TEXT,"
    "  relation TEXT, reg_type TEXT, reg_address TEXT, cur_address TEXT, education TEXT,"
    "  employer TEXT, marital TEXT, marital_date TEXT, moved_date TEXT,"
    "  away INTEGER, flow_in INTEGER, disability_grade INTEGER, urban_pension INTEGER,"
    "  first_marriage_date TEXT, spouse_name TEXT, spouse_id_number TEXT,"
    "  premarital_check INTEGER, prepregnancy_check INTEGER, last_check_date TEXT,"
    "  status TEXT NOT NULL DEFAULT 'active'"
    "    CHECK (status IN ('active','dead','moved_out','left')),"
    "  end_date TEXT, migrant INTEGER NOT NULL DEFAULT 0, wcba INTEGER NOT NULL DEFAULT 0,"
    "  mother TEXT, father TEXT, spouse TEXT,"
    "  contra_method TEXT, contra_start TEXT, pregnant_expected TEXT,"
    "  initials TEXT);"
    "CREATE INDEX persons_id_number ON persons(id_number) WHERE id_number IS NOT NULL;"
    "CREATE INDEX persons_name ON persons(name);"
    "CREATE INDEX persons_initials ON persons(initials);"
    "CREATE INDEX persons_household ON persons(household);"
    "CREATE TABLE children("
    "  id INTEGER PRIMARY KEY, parent TEXT NOT NULL, name TEXT, sex TEXT NOT NULL,"
    "  birth_date TEXT NOT NULL, alive INTEGER NOT NULL DEFAULT 1, death_date TEXT,"
    "  adopted INTEGER NOT NULL DEFAULT 0, disability_grade INTEGER,"
    "  within_policy INTEGER, birth_order INTEGER, child TEXT, seq INTEGER NOT NULL);"
    "CREATE INDEX children_parent ON children(parent);"
    "CREATE INDEX children_child ON children(child) WHERE child IS NOT NULL;"
    "CREATE TABLE contraception("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, method TEXT NOT NULL,"
    "  start_date TEXT NOT NULL, end_date TEXT, provider TEXT, seq INTEGER NOT NULL);"
    "CREATE INDEX contraception_person ON contraception(person);"
    "CREATE TABLE pregnancies("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, registered TEXT NOT NULL,"
    "  expected TEXT NOT NULL, certificate TEXT, outcome TEXT, outcome_date TEXT,"
    "  seq INTEGER NOT NULL);"
    "CREATE INDEX pregnancies_person ON pregnancies(person);"
    "CREATE TABLE migrant_certs("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, arrived TEXT NOT NULL, from_place TEXT,"
    "  number TEXT, authority TEXT, issue TEXT, expiry TEXT, presented TEXT,"
    "  left_date TEXT, to_place TEXT, seq INTEGER NOT NULL);"
    "CREATE INDEX migrant_certs_person ON migrant_certs(person);"
    "CREATE TABLE certificates("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, kind TEXT NOT NULL, number TEXT NOT NULL,"
    "  date TEXT NOT NULL, reason TEXT, child TEXT, seq INTEGER NOT NULL);"
    "CREATE INDEX certificates_person ON certificates(person);"
    "CREATE TABLE users("
    "  name TEXT PRIMARY KEY, role TEXT NOT NULL"
    "    CHECK (role IN ('admin','supervisor','clerk','viewer')),"
    "  pwhash TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked_until INTEGER,"
    "  disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL) WITHOUT ROWID;"
    /* audit: one row per saved event, hash-chained (prev_hash -> hash) */
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, at TEXT NOT NULL, user TEXT NOT NULL,"
    "  type TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,"
    "  before TEXT, after TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX audit_entity ON audit(entity_id);"
    /* outbox: the SYNC.md envelope of every event; state 0 pending, 1 sent,
     * 2 rejected by the district, 3 sent as an oversize stand-in */
    "CREATE TABLE outbox("
    "  seq INTEGER PRIMARY KEY, state INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,"
    "  batch_id TEXT, code TEXT, message TEXT, acked_at TEXT);"
    "CREATE INDEX outbox_unsent ON outbox(state) WHERE state <> 1;",

    /* 2: statistics and data quality (docs/STATISTICS.md).
     * merged_persons: a duplicate record retired by person.merge, so its old
     * id still says where the person went.  quality_problems: what the last
     * whole-register `popdesk check` found (replaced by each run), for the
     * screens and the dashboard's management rate.  The indexes keep the
     * dashboard and the check fast at a million persons: births by date and
     * by the event that recorded them, an event's audit row by seq, likely
     * duplicates (same name, birth date and sex) side by side, the
     * certificate naming a child (the within-policy check), and the
     * population on a day without reading every person (who moved in, died
     * or left, married after a day: store/stats.c). */
    "CREATE TABLE merged_persons("
    "  pid TEXT PRIMARY KEY, into_pid TEXT NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE quality_problems("
    "  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, severity TEXT NOT NULL,"
    "  person TEXT, household TEXT, name TEXT, field TEXT, reason TEXT NOT NULL, other TEXT);"
    "CREATE INDEX children_birth_date ON children(birth_date);"
    "CREATE INDEX children_seq ON children(seq);"
    "CREATE INDEX audit_seq ON audit(seq);"
    "CREATE INDEX persons_dup ON persons(name, birth_date, sex);"
    "CREATE INDEX certificates_child ON certificates(child) WHERE child IS NOT NULL;"
    "CREATE INDEX persons_moved ON persons(moved_date) WHERE moved_date IS NOT NULL;"
    "CREATE INDEX persons_end ON persons(end_date) WHERE end_date IS NOT NULL;"
    "CREATE INDEX persons_marital_date ON persons(marital_date) WHERE marital_date IS NOT NULL;"
    /* the migrant women (a few percent of the persons) in person-id order,
     * with what the coverage rate reads: their certificates are then read
     * in the order they were written */
    "CREATE INDEX persons_migrant_women ON persons(pid, birth_date, marital, status, end_date,"
    "  moved_date, household, id_number, cur_address, reg_address, spouse_name, contra_method,"
    "  pregnant_expected, name) WHERE migrant=1 AND sex='2';"
    /* babies recorded only on the mother's record who died (infant deaths) */
    "CREATE INDEX children_died_unregistered ON children(death_date) WHERE child IS NULL AND alive=0;"
    /* pregnancies registered in a period (couples planning a pregnancy, the
     * monthly report) */
    "CREATE INDEX pregnancies_registered ON pregnancies(registered);"
    /* the methods started in a period (women served) */
    "CREATE INDEX contraception_start ON contraception(start_date);"
    /* each woman's children in person-id order, for the check's merge */
    "CREATE INDEX children_mother ON children(parent, birth_date, adopted, within_policy);"
    /* married women by birth date, with every column the married-women
     * rates read: the dashboard reads this instead of every person */
    "CREATE INDEX persons_married_women ON persons(birth_date, migrant, status, moved_date, end_date,"
    "  marital_date, household, contra_method, contra_start, pregnant_expected, spouse, last_check_date, pid)"
    "  WHERE sex='2' AND marital IN ('20','21','22','23');",

    /* 3: subsidy decisions (subsidy.decision events, docs/POLICY.md); the
     * latest decision (highest seq) for a person, programme and year stands */
    "CREATE TABLE subsidy_decisions("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL,"
    "  programme TEXT NOT NULL CHECK (programme IN ('reward','special','onechild')),"
    "  year INTEGER NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('approve','reject')),"
    "  category TEXT, status TEXT, amount INTEGER, reason TEXT, date TEXT NOT NULL,"
    "  user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX subsidy_decisions_year ON subsidy_decisions(programme, year, person);",

    /* 4: what the screens ask at a million persons (docs/SCREENS.md): the last
     * digits of an ID number, reminders (birthdays turning 15 or 50, due
     * pregnancies, expiring migrant certificates), the rosters' pages, and
     * the status counts.  persons_dup (name, birth_date, sex) already serves
     * name prefixes, so persons_name goes. */
    "CREATE INDEX persons_id_tail ON persons(substr(id_number,15));"
    "CREATE INDEX persons_birth ON persons(birth_date);"
    "CREATE INDEX persons_pregnant ON persons(pregnant_expected) WHERE pregnant_expected IS NOT NULL;"
    "CREATE INDEX persons_wcba_name ON persons(name) WHERE wcba=1 AND status='active';"
    "CREATE INDEX persons_migrant_name ON persons(name) WHERE migrant=1 AND status='active';"
    "CREATE INDEX migrant_certs_expiry ON migrant_certs(expiry) WHERE left_date IS NULL;"
    "CREATE INDEX persons_active ON persons(migrant, wcba) WHERE status='active';"
    "DROP INDEX persons_name;",

    /* 5: what the district sent back by the pull (docs/SYNC.md "Pull"): one
     * row per update id, kept for good whatever its type.  state: new
     * (waiting for a clerk, or for its policy check), answered (a
     * crosscheck.answer event, seq), confirmed (person.move_in, seq,
     * person), applied / refused (policy.update; note says why), dismissed
     * (seen by a clerk).  The pull cursor is meta pull_cursor, written in
     * the same transaction as the rows it brought. */
    "CREATE TABLE district_updates("
    "  num INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, type TEXT NOT NULL, at TEXT,"
    "  data TEXT NOT NULL, received TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'new'"
    "    CHECK (state IN ('new','answered','confirmed','applied','refused','dismissed')),"
    "  note TEXT, seq INTEGER, person TEXT, done_at TEXT, done_by TEXT);"
    "CREATE INDEX district_updates_state ON district_updates(state);",

    /* 6: cases (docs/CASES.md): second-child applications and their review
     * steps (second_child.apply / .review), pregnancy follow-up visits
     * (woman.pregnancy_visit), social maintenance fee levies and payments
     * (fee.levy / fee.payment).  An application's or levy's number is its
     * rowid, recorded in the event's data as `case`.  pregnancies_open
     * serves the overdue list (expected date passed, no outcome). */
    "CREATE TABLE sc_cases("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, spouse TEXT, item TEXT NOT NULL,"
    "  applied TEXT NOT NULL, documents TEXT, note TEXT, checks TEXT,"
    "  state TEXT NOT NULL DEFAULT 'applied'"
    "    CHECK (state IN ('applied','village','town','approved','refused')),"
    "  certificate TEXT, reason TEXT, seq INTEGER NOT NULL);"
    "CREATE INDEX sc_cases_person ON sc_cases(person);"
    "CREATE INDEX sc_cases_state ON sc_cases(state);"
    "CREATE TABLE sc_steps("
    "  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, step TEXT NOT NULL,"
    "  decision TEXT NOT NULL, date TEXT NOT NULL, user TEXT NOT NULL, reviewer TEXT,"
    "  reason TEXT, certificate TEXT, seq INTEGER NOT NULL);"
    "CREATE INDEX sc_steps_case ON sc_steps(case_id);"
    "CREATE TABLE pregnancy_visits("
    "  id INTEGER PRIMARY KEY, pregnancy INTEGER NOT NULL, person TEXT NOT NULL,"
    "  date TEXT NOT NULL, week INTEGER NOT NULL, findings TEXT, next_date TEXT,"
    "  user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX pregnancy_visits_preg ON pregnancy_visits(pregnancy);"
    "CREATE INDEX pregnancies_open ON pregnancies(expected) WHERE outcome IS NULL;"
    "CREATE TABLE fee_cases("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, father TEXT, child TEXT,"
    "  kind TEXT NOT NULL, birth_date TEXT NOT NULL, extra INTEGER, multiple INTEGER NOT NULL,"
    "  base_year INTEGER NOT NULL, mother_amount INTEGER NOT NULL,"
    "  father_amount INTEGER NOT NULL DEFAULT 0, amount INTEGER NOT NULL, basis TEXT,"
    "  date TEXT NOT NULL, user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX fee_cases_person ON fee_cases(person);"
    "CREATE TABLE fee_payments("
    "  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, amount INTEGER NOT NULL,"
    "  date TEXT NOT NULL, receipt TEXT, user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX fee_payments_case ON fee_payments(case_id);",

    /* 7: the certificate-number check on every certificate.issue looked at
     * the whole table (a million-person register took hours to build);
     * (number first, so no query that names only the kind is drawn to it);
     * children_mother (parent, ...) covers children_parent */
    "CREATE UNIQUE INDEX certificates_number ON certificates(number, kind);"
    "DROP INDEX children_parent;",

    /* services (docs/CASES.md): high-risk family archives and their guidance
     * records (risk.archive / risk.guidance / risk.close), women's health
     * services (health.service; the free ones count for the free basic
     * public service rate, hence the index on date), the other benefits'
     * applications and payments (benefit.apply / .decide / .payment).  A
     * number is the rowid, recorded in the event's data (`case`, `record`). */
    "CREATE TABLE risk_archives("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, household TEXT, grp TEXT NOT NULL,"
    "  planning INTEGER NOT NULL DEFAULT 0, note TEXT, date TEXT NOT NULL, closed TEXT,"
    "  close_reason TEXT, user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX risk_archives_person ON risk_archives(person);"
    "CREATE TABLE risk_guidance("
    "  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, person TEXT NOT NULL, date TEXT NOT NULL,"
    "  kind TEXT NOT NULL, notes TEXT, by_name TEXT NOT NULL, user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX risk_guidance_case ON risk_guidance(case_id, date);"
    "CREATE TABLE health_services("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL,"
    "  quarter TEXT, result TEXT, items TEXT, quantity INTEGER, provider TEXT,"
    "  free INTEGER NOT NULL DEFAULT 1, note TEXT, user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX health_services_person ON health_services(person);"
    "CREATE INDEX health_services_free ON health_services(date, person) WHERE free=1;"
    "CREATE TABLE benefit_cases("
    "  id INTEGER PRIMARY KEY, person TEXT NOT NULL,"
    "  programme TEXT NOT NULL CHECK (programme IN ('hardship','migrant_birth','welfare_fund')),"
    "  category TEXT NOT NULL, applied TEXT NOT NULL, year INTEGER NOT NULL,"
    "  amount INTEGER NOT NULL DEFAULT 0, income INTEGER, cost INTEGER, birth_date TEXT, child TEXT,"
    "  reason TEXT, checks TEXT,"
    "  state TEXT NOT NULL DEFAULT 'applied' CHECK (state IN ('applied','approved','refused','paid')),"
    "  decided TEXT, decided_by TEXT, reviewer TEXT, decision_reason TEXT,"
    "  user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX benefit_cases_person ON benefit_cases(person, programme, year);"
    "CREATE INDEX benefit_cases_prog ON benefit_cases(programme, state);"
    "CREATE TABLE benefit_payments("
    "  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, amount INTEGER NOT NULL,"
    "  date TEXT NOT NULL, receipt TEXT, user TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX benefit_payments_case ON benefit_payments(case_id);",

    /* reconciliation with other departments' lists (docs/RECONCILE.md,
     * store/reconcile_store.h): the last run per source, its results in one
     * table per source (a new run empties its own at once; a group's results
     * in run order by the key alone; a person "unknown there" is only its
     * persons row id, prow, with id = scope << 40 + prow: its key and kind
     * are worked out when read), and the clerks' decisions by
     * source and fingerprint, kept for good.  persons_registered: the
     * police list's scope (every living registered person) from the index
     * alone, without reading a million persons rows. */
    "CREATE TABLE recon_runs("
    "  source TEXT PRIMARY KEY, file TEXT NOT NULL, at TEXT NOT NULL, user TEXT NOT NULL, scope TEXT,"
    "  rows INTEGER NOT NULL, consistent INTEGER NOT NULL, missing INTEGER NOT NULL,"
    "  contradicted INTEGER NOT NULL, unknown INTEGER NOT NULL, undecided_missing INTEGER NOT NULL,"
    "  undecided_contradicted INTEGER NOT NULL, undecided_unknown INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE recon_decisions("
    "  source TEXT NOT NULL, key TEXT NOT NULL,"
    "  decision TEXT NOT NULL CHECK (decision IN ('fixed','explained','ignored','event')),"
    "  note TEXT, user TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (source, key)) WITHOUT ROWID;"
    "CREATE TABLE recon_police("
    "  grp INTEGER NOT NULL, id INTEGER NOT NULL, key TEXT, row INTEGER, kind TEXT,"
    "  prow INTEGER, person TEXT, name TEXT, id_number TEXT, sex TEXT, birth_date TEXT, diffs TEXT,"
    "  event TEXT, ev_household TEXT, ev_pid TEXT, prefill TEXT, note TEXT,"
    "  PRIMARY KEY (grp, id)) WITHOUT ROWID;"
    "CREATE TABLE recon_hospital("
    "  grp INTEGER NOT NULL, id INTEGER NOT NULL, key TEXT, row INTEGER, kind TEXT,"
    "  prow INTEGER, person TEXT, name TEXT, id_number TEXT, sex TEXT, birth_date TEXT, diffs TEXT,"
    "  event TEXT, ev_household TEXT, ev_pid TEXT, prefill TEXT, note TEXT,"
    "  PRIMARY KEY (grp, id)) WITHOUT ROWID;"
    "CREATE TABLE recon_civil("
    "  grp INTEGER NOT NULL, id INTEGER NOT NULL, key TEXT, row INTEGER, kind TEXT,"
    "  prow INTEGER, person TEXT, name TEXT, id_number TEXT, sex TEXT, birth_date TEXT, diffs TEXT,"
    "  event TEXT, ev_household TEXT, ev_pid TEXT, prefill TEXT, note TEXT,"
    "  PRIMARY KEY (grp, id)) WITHOUT ROWID;"
    "CREATE INDEX persons_registered ON persons(status, migrant) WHERE status='active' AND migrant=0;",
};

int pd_schema_count(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *pd_schema_migration(int i)
{
    return i >= 0 && i < pd_schema_count() ? migrations[i] : NULL;
}
