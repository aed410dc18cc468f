/* keys.h - every key binding of the screens, in one table.
 *
 * A screen never tests raw key codes: it asks which of the actions it
 * offers a key means (pd_key_action), and the bottom line and the F1 help
 * are drawn from the same table, so what is shown is what works.  A letter
 * shortcut only acts on screens without a text field in focus; forms use
 * F-keys, Tab, arrows, Enter and Esc.
 */
#ifndef PD_TUI_KEYS_H
#define PD_TUI_KEYS_H

#include <stdbool.h>
#include "tui/term.h"

/* X(action, shown key name, zh label, en label) - the keys themselves are
 * in keys.c's table beside the same names. */
#define PD_ACTIONS(X)                                              \
    X(ACT_NONE,       "",       "",         "")                       \
    X(ACT_HELP,       "F1",     "帮助",     "Help")                   \
    X(ACT_SAVE,       "F2",     "保存",     "Save")                   \
    X(ACT_FIND,       "F3",     "查找",     "Find")                   \
    X(ACT_PICK,       "F4",     "选择",     "Choose")                 \
    X(ACT_FILTER,     "F",      "筛选",     "Filter")                 \
    X(ACT_QUIT,       "F10",    "退出",     "Quit")                   \
    X(ACT_BACK,       "Esc",    "返回",     "Back")                   \
    X(ACT_OPEN,       "Enter",  "打开",     "Open")                   \
    X(ACT_NEXT,       "Tab",    "下一项",   "Next")                   \
    X(ACT_PREV,       "S-Tab",  "上一项",   "Previous")               \
    X(ACT_UP,         "↑",      "上",       "Up")                     \
    X(ACT_DOWN,       "↓",      "下",       "Down")                   \
    X(ACT_PGUP,       "PgUp",   "上页",     "Page up")                \
    X(ACT_PGDN,       "PgDn",   "下页",     "Page down")              \
    X(ACT_NEW_HH,     "N",      "新立户",   "New household")          \
    X(ACT_WCBA,       "W",      "育龄妇女", "Women 15-49")            \
    X(ACT_MIGRANTS,   "M",      "流动人口", "Migrants")               \
    X(ACT_ADD_MEMBER, "A",      "登记成员", "Add member")             \
    X(ACT_BIRTH,      "B",      "出生",     "Birth")                  \
    X(ACT_MOVE_IN,    "I",      "迁入",     "Move in")                \
    X(ACT_EVENT,      "E",      "登记变动", "Record change")          \
    X(ACT_CORRECT,    "C",      "更正",     "Correct")                \
    X(ACT_LOG,        "L",      "变动记录", "Change log")             \
    X(ACT_HOUSEHOLD,  "H/F6",     "所在户",   "Household")              \
    X(ACT_DISCARD,    "^D",     "放弃修改", "Discard")                \
    X(ACT_LEFT,       "←",      "左移",     "Left")                   \
    X(ACT_RIGHT,      "→",      "右移",     "Right")                  \
    X(ACT_LINE_HOME,  "Home",   "行首",     "Start")                  \
    X(ACT_LINE_END,   "End",    "行尾",     "End")                    \
    X(ACT_BKSP,       "Bksp",   "删除前字", "Delete back")            \
    X(ACT_DEL,        "Del",    "删除",     "Delete")                 \
    X(ACT_CLEAR,      "^U",     "清空",     "Clear field")            \
    X(ACT_RETURNED,   "R",      "退回",     "Sent back")              \
    X(ACT_PUSH,       "S",      "上报",     "Send now")               \
    X(ACT_SUBSIDY,    "P",      "补助",     "Subsidies")              \
    X(ACT_PROG,       "P",      "项目",     "Programme")              \
    X(ACT_YEAR_PREV,  "-",      "上一年",   "Year-")                  \
    X(ACT_YEAR_NEXT,  "+",      "下一年",   "Year+")                  \
    X(ACT_APPROVE,    "Y",      "批准",     "Approve")                \
    X(ACT_REJECT,     "N",      "不批准",   "Reject")                 \
    X(ACT_LOGOUT,     "X",      "注销",     "Log out")                \
    X(ACT_F10_LOGOUT, "F10",    "注销",     "Log out")                \
    X(ACT_UNLOCK,     "Enter",  "解锁",     "Unlock")                 \
    X(ACT_RECONCILE,  "H",      "部门核对", "Reconcile")              \
    X(ACT_SOURCE,     "S",      "来源",     "Source")                 \
    X(ACT_DECIDE,     "D",      "处理决定", "Decide")                 \
    X(ACT_LOAD,       "L",      "载入名单", "Load list")              \
    X(ACT_DASHBOARD,  "D",      "目标管理", "Targets")                \
    X(ACT_REPORTS,    "T",      "统计报表", "Reports")                \
    X(ACT_QUALITY,    "K",      "数据质量", "Data quality")           \
    X(ACT_DUPLICATES, "U",      "疑似重复", "Duplicates")             \
    X(ACT_PERIOD,     "T",      "期间类型", "Period kind")            \
    X(ACT_PERIOD_PREV,"-",      "上一期",   "Previous period")        \
    X(ACT_PERIOD_NEXT,"+",      "下一期",   "Next period")            \
    X(ACT_DATES,      "D",      "起止日期", "Dates")                  \
    X(ACT_GROUP,      "G",      "分组",     "Group")                  \
    X(ACT_PRINT,      "P",      "打印",     "Print")                  \
    X(ACT_EXPORT,     "E",      "导出",     "Export")                 \
    X(ACT_RECHECK,    "R",      "重新检查", "Check again")            \
    X(ACT_MERGE,      "M",      "合并",     "Merge")                  \
    X(ACT_CASES,      "A",      "案卷",     "Cases")                  \
    X(ACT_SC_NEW,     "N",      "新申请",   "New application")        \
    X(ACT_VISIT,      "V",      "随访",     "Visit")                  \
    X(ACT_OUTCOME,    "O",      "妊娠结局", "Outcome")                \
    X(ACT_PAY,        "Y",      "缴费",     "Payment")                \
    X(ACT_SERVICES,   "J",      "服务帮扶", "Services")               \
    X(ACT_TICK,       "空格",   "勾选",     "Tick")                   \
    X(ACT_FEE_NEW,    "N",      "新征收",   "New levy")               \
    X(ACT_BEN_NEW,    "A",      "新申请",   "Apply")                  \
    X(ACT_BEN_PAY,    "G",      "发放",     "Pay out")                \
    X(ACT_VIEW,       "V",      "查看",     "View")                   \
    X(ACT_UPDATES,    "I",      "区里待办", "Inbox")                  \
    X(ACT_UPD_ANSWER, "A",      "答复",     "Answer")                 \
    X(ACT_UPD_CONFIRM,"C",      "确认迁入", "Confirm")                \
    X(ACT_UPD_DISMISS,"D",      "已阅",     "Dismiss")                \
    X(ACT_UPD_ALL,    "F",      "全部/待办","All/open")               \
    X(ACT_CHOOSE,     "←→",     "选择",     "Choose")

enum pd_action {
#define PD_X(a, name, zh, en) a,
    PD_ACTIONS(PD_X)
#undef PD_X
    ACT__COUNT
};

/* The first action of allowed[0..n) that key k means, else ACT_NONE. */
enum pd_action pd_key_action(const struct pd_key *k, const enum pd_action *allowed, int n);
bool pd_key_is(const struct pd_key *k, enum pd_action a);
const char *pd_key_name(enum pd_action a);
const char *pd_key_label(enum pd_action a);
/* True for an action that opens a change form (not offered to a viewer). */
bool pd_key_is_change(enum pd_action a);
/* True for an action bound to a letter (only for screens without text entry). */
bool pd_key_is_letter(enum pd_action a);

#endif
