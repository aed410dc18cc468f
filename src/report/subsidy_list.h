/* subsidy_list.h - the annual confirmation as printed tables: the public
 * notice (公示名单, DOMAIN.md's columns, ID numbers masked) and the office's
 * work list (full ID numbers, every failing condition, the decisions).
 *
 * Both are built from a struct pd_confirmation (store/subsidy_store.h) into
 * the table model (report/table.h), then written as text, CSV or PDF by the
 * same writers and printed by report/print.h; the screens use the same
 * functions for their "print" key.
 *
 * Ownership: the returned report is the caller's (pd_report_free); the
 * info strings are copied.
 */
#ifndef PD_REPORT_SUBSIDY_LIST_H
#define PD_REPORT_SUBSIDY_LIST_H

#include "core/date.h"
#include "core/policy.h"
#include "report/table.h"
#include "store/subsidy_store.h"

/* The office's details for titles and the notice's footing ([station] and
 * [notice] of popdesk.ini).  Empty strings are left out. */
struct pd_notice_info {
    const char *district;      /* 江北区 */
    const char *township;      /* 甬江街道 */
    const char *village;       /* 示范社区 */
    int days;                  /* notice period */
    struct pd_date start;      /* first day of the notice (the date printed) */
    const char *phone_village, *phone_town, *phone_county;
    const char *place;         /* where it is posted */
};

/* The public notice: 序号, 街道(乡镇), 村(社区), 姓名, 性别, 出生日期,
 * 身份证号 (first 6 and last 4 shown), 配偶, 户口性质, 现有子女, 项目类别,
 * 确认情况 (新增 / 续发 / 退出:reason), 年金额(元); sections for new,
 * continuing and leaving; the footing with counts, the notice period,
 * complaint phones, place, date and signature lines. */
struct pd_report *pd_subsidy_notice(const struct pd_confirmation *c, const struct pd_policy *p,
                                    const struct pd_notice_info *info, struct pd_error *err);

/* The work list for the office: person id, full ID number, household,
 * category, status, failing conditions, amount, this year's decision. */
struct pd_report *pd_subsidy_worklist(const struct pd_confirmation *c, const struct pd_policy *p,
                                      const struct pd_notice_info *info, struct pd_error *err);

/* "2012年6月15日" */
void pd_date_zh(struct pd_date d, char *buf, size_t size);

#endif
