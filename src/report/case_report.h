/* case_report.h - the case files as printed tables (docs/CASES.md): the
 * second-child application and certificate (再生育审批表), the form to sign
 * with the certificate stub, the stub of any certificate issued, the list of
 * applications, one woman's pregnancy file (孕情档案), the overdue list
 * (预产期已过未报结局), and the social maintenance fee cases.
 *
 * Built into the table model (report/table.h) and written as text, CSV or
 * PDF by the same writers, printed by report/print.h; the screens use the
 * same functions for their "print" key.
 *
 * Ownership: the returned report is the caller's (pd_report_free).
 */
#ifndef PD_REPORT_CASE_REPORT_H
#define PD_REPORT_CASE_REPORT_H

#include "core/date.h"
#include "report/table.h"
#include "store/cases.h"

/* `office`: printed in titles ("江北区甬江街道示范社区"), may be "". */
struct pd_report *pd_sc_case_report(const struct pd_sc_case *c, const struct pd_a19_result *now,
                                    const char *office, struct pd_error *err);
/* The application form to sign (再生育申请审批表): the case with a line left
 * for each step still to come and, once approved, the certificate's stub
 * (存根) the office keeps. */
struct pd_report *pd_sc_form_report(const struct pd_sc_case *c, const struct pd_a19_result *now,
                                    const char *office, struct pd_error *err);
/* The stub (存根) of a certificate as issued: first-child (一孩生育证明),
 * second-child, or the one-child parents' certificate (光荣证). */
struct pd_report *pd_cert_stub_report(const struct pd_cert_info *ci, const char *office,
                                      struct pd_error *err);
struct pd_report *pd_sc_list_report(struct pd_db *db, const char *state, const char *office,
                                    struct pd_error *err);
struct pd_report *pd_preg_file_report(const struct pd_preg_file *f, const char *office,
                                      struct pd_error *err);
struct pd_report *pd_overdue_report(struct pd_db *db, struct pd_date on, const char *office,
                                    struct pd_error *err);
struct pd_report *pd_fee_list_report(struct pd_db *db, bool open_only, const char *office,
                                     struct pd_error *err);
struct pd_report *pd_fee_case_report(const struct pd_fee_case *c, const char *office,
                                     struct pd_error *err);

/* "已查验: 结婚证、户口簿" style: the documents' Chinese names joined by "、". */
const char *pd_a19_docs_zh(unsigned mask, char *buf, size_t size);

#endif
