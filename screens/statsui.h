/* statsui.h - what the statistics screens share (screens/statsui.c): the
 * period and group a dashboard or report is made for, switched by keys
 * (T the kind: statistics year, calendar year, month, custom dates; -/+
 * the previous/next period; D types the dates; G types the group), and the
 * place and targets the reports print.
 *
 * Private to screens/dashboard.c and screens/reports.c.  Ownership: plain
 * structs kept in a screen's state; nothing to free.
 */
#ifndef PD_SCREENS_STATSUI_H
#define PD_SCREENS_STATSUI_H

#include "report/stats_report.h"
#include "screens/common.h"
#include "store/stats.h"

enum pd_statsel_ask { PD_ASK_NONE, PD_ASK_DATES, PD_ASK_GROUP };

struct pd_statsel {
    struct pd_stats_query q;
    enum pd_statsel_ask asking;      /* a line being typed */
    struct pd_prompt line;
    char place[400];
    struct pd_date today;
};

/* The default period of report `kind` (this month for the monthly report,
 * else the statistics year of today) and the whole register. */
void pd_statsel_init(struct pd_statsel *sel, struct pd_ui *ui, enum pd_stats_report kind);

/* Handles the period and group keys and the typing of dates or a group.
 * Returns true when the key was this module's; *changed is set when the
 * period or group changed (the screen counts again), *r the reaction. */
bool pd_statsel_key(struct pd_statsel *sel, struct pd_screen *s, struct pd_ui *ui,
                    const struct pd_key *k, bool *changed, enum pd_reaction *r);

/* "期间: 2012统计年度 (2011-10-01 至 2012-09-30)  [统计年度]  分组: 全部". */
void pd_statsel_line(const struct pd_statsel *sel, char *buf, size_t size);

/* Draws the line being typed (if any) on row y; sets the cursor. */
void pd_statsel_draw_prompt(struct pd_statsel *sel, struct pd_ui *ui, int y);

/* The place, targets and today for the report builders. */
void pd_statsel_info(struct pd_statsel *sel, struct pd_ui *ui, struct pd_stats_report_info *info);

/* The period and group keys, to append to a screen's key list. */
extern const enum pd_action pd_statsel_actions[5];

#endif
