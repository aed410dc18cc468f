/* service_report.h - the printed tables of the service and benefit cases
 * (docs/CASES.md): the high-risk archive register with the guidance
 * coverage rate, one archive with its guidance records, the women's health
 * service register, the benefit ledgers (like the subsidy lists: counts,
 * totals and signature lines at the foot) and one benefit application.
 * Written by the report writers (report/table.h: text, CSV, PDF, print).
 *
 * Ownership: each returns a new report (pd_report_free) or NULL with err
 * set.  `office` is printed before the title (may be NULL).
 */
#ifndef PD_REPORT_SERVICE_REPORT_H
#define PD_REPORT_SERVICE_REPORT_H

#include "report/table.h"
#include "store/services.h"

/* Archives (open_only: not closed); the foot gives the guidance coverage
 * rate for [from, to] with its numerator and denominator. */
struct pd_report *pd_risk_list_report(struct pd_db *db, bool open_only, struct pd_date from,
                                      struct pd_date to, const char *office, struct pd_error *err);
struct pd_report *pd_risk_case_report(const struct pd_risk_case *c, const char *office,
                                      struct pd_error *err);
/* Health services matching the filter; the foot counts each kind. */
struct pd_report *pd_health_list_report(struct pd_db *db, const struct pd_health_filter *f,
                                        const char *office, struct pd_error *err);
/* Applications (prog < 0: every programme; state NULL: all) with the
 * amounts approved and paid, totals and signature lines.  `pol` gives the
 * titles (may be NULL). */
struct pd_report *pd_benefit_list_report(struct pd_db *db, const struct pd_policy *pol, int prog,
                                         const char *state, const char *office, struct pd_error *err);
struct pd_report *pd_benefit_case_report(const struct pd_benefit_case *c, const struct pd_policy *pol,
                                         const char *office, struct pd_error *err);

#endif
