/* stats_report.h - the statistics reports and the target dashboard as
 * printed tables (report/table.h), from the counts of store/stats.h and
 * the indicators of core/indicators.h; and the data-quality problems of
 * store/quality_store.h as a table.
 *
 * The command line (`popdesk report`, `popdesk dashboard`, `popdesk check`)
 * and the screens build the same tables with these functions, then write
 * them with the same writers (text, CSV, PDF) and print them through
 * report/print.h.
 *
 *   indicators    every indicator with numerator, denominator, value,
 *                 target and status; defaults marked
 *   births        population and births (国人口统1表 layout): end-of-period
 *                 population, married women 15-49, one-child certificate
 *                 holders, births (of which late-reported) by order, each
 *                 with "of which within policy"
 *   contraception (国人口统2表 layout): married women 15-49 by method in use,
 *                 surgeries in the period by type
 *   monthly       the monthly village report: births, deaths, marriages,
 *                 new pregnancies, surgeries, and the birth list
 *   women         married women 15-49 by contraceptive method
 *   migrants      migrant women 15-49 with their certificate's expiry
 *   dashboard     each district target and its value (not a `report` name)
 *
 * Ownership: the returned report is the caller's (pd_report_free).
 */
#ifndef PD_REPORT_STATS_REPORT_H
#define PD_REPORT_STATS_REPORT_H

#include "core/indicators.h"
#include "core/policy.h"
#include "core/quality.h"
#include "report/table.h"
#include "store/quality_store.h"
#include "store/stats.h"

enum pd_stats_report {
    PD_SR_INDICATORS, PD_SR_BIRTHS, PD_SR_CONTRACEPTION, PD_SR_MONTHLY, PD_SR_WOMEN,
    PD_SR_MIGRANTS, PD_SR_DASHBOARD, PD_SR__COUNT
};

/* "indicators", "births", ... "dashboard". */
const char *pd_stats_report_name(enum pd_stats_report r);
pd_err pd_stats_report_parse(const char *name, enum pd_stats_report *out, struct pd_error *err);
/* The period a report covers when none is given: the month of `today` for
 * the monthly report, else the statistics year containing it. */
void pd_stats_report_default_period(enum pd_stats_report r, struct pd_date today,
                                    struct pd_statyear sy, struct pd_period *out);

struct pd_stats_report_info {
    const char *place;                      /* "江北区 甬江街道 示范社区" or "" */
    const struct pd_policy_targets *targets;/* may be NULL: no target column */
    struct pd_date today;                   /* the date printed */
};

/* Counts the register for q and lays out the report. */
struct pd_report *pd_stats_report_build(struct pd_db *db, enum pd_stats_report kind,
                                        const struct pd_stats_query *q,
                                        const struct pd_stats_report_info *info,
                                        struct pd_error *err);

/* The dashboard from indicators already computed (the screens keep theirs). */
struct pd_report *pd_stats_dashboard(const struct pd_indicator ind[PD_IND__COUNT],
                                     const struct pd_counts *c, const struct pd_stats_query *q,
                                     const struct pd_stats_report_info *info, struct pd_error *err);

/* The problems of a quality run as a table (序号, 类别, 级别, 姓名, 档案号,
 * 户编号, 项目, 说明, 关联档案), titled with the summary's counts.  Rows are
 * added by pd_quality_report_add() as the run reports them. */
struct pd_report *pd_quality_report_new(const struct pd_stats_report_info *info, struct pd_error *err);
pd_err pd_quality_report_add(struct pd_report *r, const struct pd_problem *p, struct pd_error *err);
pd_err pd_quality_report_finish(struct pd_report *r, const struct pd_quality_summary *s,
                                struct pd_error *err);

#endif
