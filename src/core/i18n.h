/* i18n.h - the words of the screens, Chinese and English, in one table.
 *
 * Every string a screen shows comes from PD_STRINGS below, so a missing
 * translation is a compile error rather than a blank on screen.  The
 * language is chosen once from the config ([ui] language: zh or en) before
 * the screens start.  Messages from core and store (validation, refusals)
 * keep their own words; these are the screens' own labels and prompts.
 * Pure data; pd_tr() returns static strings.
 */
#ifndef PD_CORE_I18N_H
#define PD_CORE_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* X(id, Chinese, English) */
#define PD_STRINGS(X)                                                              \
    X(S_APP,            "人口计生台账", "popdesk register")                          \
    X(S_TOO_SMALL,      "窗口太小：至少需要 %d×%d（现在 %d×%d）", "Terminal too small: need %dx%d (now %dx%d)") \
    X(S_LOGIN,          "登录", "Log in")                                            \
    X(S_USER,           "用户名", "User")                                            \
    X(S_PASSWORD,       "密码", "Password")                                          \
    X(S_DEMO_HINT,      "演示账号：demo / demo1234（管理员 admin / admin1234）", "Demo account: demo / demo1234 (admin: admin / admin1234)") \
    X(S_LOGIN_HINT,     "输入用户名和密码，按回车登录", "Type your user name and password, then press Enter") \
    X(S_LOGIN_NEED,     "请输入用户名和密码", "Type a user name and a password")     \
    X(S_STATION,        "站点", "Station")                                           \
    X(S_HOME,           "首页", "Home")                                              \
    X(S_COUNTS,         "台账概况", "Register at a glance")                          \
    X(S_HOUSEHOLDS,     "户数", "Households")                                        \
    X(S_PERSONS,        "户籍人口", "Persons")                                       \
    X(S_WCBA,           "育龄妇女", "Women 15-49")                                   \
    X(S_MIGRANTS,       "流动人口", "Migrants")                                      \
    X(S_PENDING,        "待上报变动", "Changes to send")                             \
    X(S_REJECTED,       "区里退回", "Rejected by district")                          \
    X(S_LAST_SEND,      "最近上报成功", "Last success")                      \
    X(S_NEVER,          "从未", "never")                                             \
    X(S_SENT,           "已上报", "Sent")                                            \
    X(S_PUSH_HEAD,      "上报区里", "Sending to the district")                       \
    X(S_LAST_TRY,       "最近尝试上报", "Last attempt")                              \
    X(S_LAST_PROBLEM,   "上次问题：", "Last problem: ")                              \
    X(S_PUSH_OFF,       "未设置区里地址（[district] url），变动只保存在本机", "No district set ([district] url): changes stay on this computer") \
    X(S_PUSH_RUNNING,   "正在后台上报……", "Sending in the background...")             \
    X(S_PUSH_WAITING,   "后台上报：空闲", "Background sending: idle")                 \
    X(S_PUSH_SENT,      "上报完成：%lld 条变动已送达区里", "Sent: the district has %lld more change(s)") \
    X(S_PUSH_REJECTED,  "上报完成：%lld 条送达，区里退回 %lld 条（按 R 查看）", "Sent %lld; the district sent back %lld (press R)") \
    X(S_PUSH_NOTHING,   "上报完成：没有待上报的变动", "Sent: nothing was waiting")    \
    X(S_PUSH_BUSY,      "另一个上报程序正在上报（如定时任务），交给它", "Another push (cron?) is running: left to it") \
    X(S_PUSH_FAILED,    "上报未成功，约 %lld 秒后自动重试（S 立即重试）", "Not sent: trying again in about %lld s (S: now)")   \
    X(S_PUSH_ASKED,     "马上上报", "Sending now")                                   \
    X(S_VIEWER_NO,      "只读账号（viewer）不能登记或更正变动", "A viewer account cannot record or correct changes") \
    X(S_RETURNED,       "区里退回的变动", "Sent back by the district")               \
    X(S_RET_NONE,       "没有被区里退回的变动", "Nothing was sent back")             \
    X(S_RET_CODE,       "代码", "Code")                                              \
    X(S_RET_MSG,        "区里的说明", "District's message")                          \
    X(S_RET_STANDIN,    "（过大，已发替代记录）", "(too large: a stand-in was sent)")   \
    X(S_RET_HINT,       "回车打开人员；C 更正（更正是一次新的变动，会再上报）", "Enter opens the person; C corrects (a correction is a new change, sent again)") \
    X(S_REMINDERS,      "今日提醒", "Today's reminders")                             \
    X(S_NO_REMINDERS,   "没有提醒", "Nothing to remind")                             \
    X(S_REM_CERT,       "婚育证明30天内到期", "migrant certificate expires within 30 days") \
    X(S_REM_AGE15,      "本月满15岁", "turns 15 this month")                         \
    X(S_REM_AGE50,      "本月满50岁", "turns 50 this month")                         \
    X(S_REM_DUE,        "预产期已到/已过", "pregnancy due or overdue")                \
    X(S_MENU,           "菜单", "Menu")                                              \
    X(S_FIND,           "查找", "Find")                                              \
    X(S_FIND_PROMPT,    "查找：", "Find: ")                                          \
    X(S_FIND_HINT,      "身份证号（全部或末几位）、姓名、拼音首字母（zs=张三）、户编号、@地址", "ID number (full or last digits), name, pinyin initials (zs), household code, @address") \
    X(S_FIND_SLOW,      "按地址查找（较慢）", "address search (slower)")             \
    X(S_FOUND,          "找到 %d 条", "%d found")                                    \
    X(S_FOUND_MORE,     "找到 %d 条以上", "more than %d found")                      \
    X(S_NOTHING_FOUND,  "没有找到", "Nothing found")                                 \
    X(S_HOUSEHOLD,      "户", "Household")                                           \
    X(S_MEMBERS,        "家庭成员", "Members")                                       \
    X(S_NEW_HOUSEHOLD,  "新立户", "New household")                                   \
    X(S_NEW_MEMBER,     "登记成员", "Add a member")                                  \
    X(S_PERSON,         "人员", "Person")                                            \
    X(S_EDIT_PERSON,    "更正人员信息", "Correct the person's record")               \
    X(S_EDIT_HOUSEHOLD, "更正户信息", "Correct the household")                       \
    X(S_CHANGE_LOG,     "变动记录", "Change log")                                    \
    X(S_EVENTS,         "登记变动", "Record a change")                               \
    X(S_ROSTER_WCBA,    "育龄妇女名册", "Women of childbearing age")                 \
    X(S_ROSTER_MIG,     "流动人口名册", "Migrant roster")                            \
    X(S_FILTER,         "筛选", "Filter")                                            \
    X(S_F_ALL,          "全部", "all")                                               \
    X(S_F_MARRIED,      "已婚", "married")                                           \
    X(S_F_PREGNANT,     "怀孕登记中", "pregnant")                                    \
    X(S_F_NOCONTRA,     "已婚未避孕", "married, no method")                          \
    X(S_F_EXPIRING,     "证明30天内到期", "certificate expiring")                    \
    X(S_F_EXPIRED,      "证明已过期", "certificate expired")                         \
    X(S_F_NOCERT,       "无婚育证明", "no certificate")                              \
    X(S_HELP,           "帮助", "Help")                                              \
    X(S_KEYS,           "按键", "Keys")                                              \
    X(S_SAVED,          "已保存（变动序号 %lld）", "Saved (change no. %lld)")        \
    X(S_NOT_SAVED,      "未保存：", "Not saved: ")                                   \
    X(S_FIX_ERRORS,     "有 %d 处错误，请先改正（见字段旁）", "%d error(s): fix them first (beside the fields)") \
    X(S_UNSAVED,        "有未保存的修改。F2 保存，Ctrl-D 放弃，Esc 继续编辑", "Unsaved changes. F2 save, Ctrl-D discard, Esc keep editing") \
    X(S_NO_CHANGES,     "没有修改", "Nothing changed")                               \
    X(S_CHOOSE,         "选择（输入可筛选）", "Choose (type to filter)")             \
    X(S_NAME,           "姓名", "Name")                                              \
    X(S_SEX,            "性别", "Sex")                                               \
    X(S_AGE,            "年龄", "Age")                                               \
    X(S_BIRTH,          "出生日期", "Born")                                          \
    X(S_IDNO,           "身份证号", "ID number")                                     \
    X(S_RELATION,       "关系", "Relation")                                          \
    X(S_STATUS,         "状态", "Status")                                            \
    X(S_ADDRESS,        "地址", "Address")                                           \
    X(S_CODE,           "户编号", "Household code")                                  \
    X(S_PHONE,          "电话", "Phone")                                             \
    X(S_ST_ACTIVE,      "在册", "active")                                            \
    X(S_ST_DEAD,        "死亡", "dead")                                              \
    X(S_ST_MOVED,       "迁出", "moved out")                                         \
    X(S_ST_LEFT,        "离开", "left")                                              \
    X(S_MIGRANT_MARK,   "流动", "migrant")                                           \
    X(S_WHEN,           "时间", "When")                                              \
    X(S_WHO,            "操作员", "By")                                              \
    X(S_WHAT,           "变动", "Change")                                            \
    X(S_DETAIL,         "内容", "Detail")                                            \
    X(S_EXPIRY,         "有效期至", "Valid until")                                   \
    X(S_CONTRA,         "避孕", "Method")                                            \
    X(S_EXPECTED,       "预产期", "Expected")                                        \
    X(S_REASON_REQ,     "更正原因", "Reason for the correction")                     \
    X(S_EVENT_FOR,      "对象", "For")                                               \
    X(S_REQUIRED,       "必填", "required")                                          \
    X(S_YES,            "是", "yes")                                                 \
    X(S_NO,             "否", "no")                                                  \
    X(S_RECORD_GONE,    "记录不存在", "The record is gone")                          \
    X(S_LOGGED_IN,      "欢迎，%s", "Welcome, %s")                                   \
    X(S_QUIT_Q,         "确定退出？按 y 退出，其他键取消", "Quit? Press y to quit, any other key to stay") \
    X(S_NO_DB_STATION,  "台账还没有站点代码：请先运行 popdesk init", "The register has no station yet: run popdesk init first") \
    X(S_HELP_LOGIN,     "输入用户名和密码登录。连续输错多次账号会被锁定一段时间。", "Log in with your user name and password. Too many wrong tries lock the account for a while.") \
    X(S_HELP_HOME,      "首页显示台账概况、上报区里的情况（待上报、已上报、退回、最近尝试和成功、上次问题）和今日提醒。变动保存后在后台自动上报，不用等网络；S 立即上报，R 查看区里退回的变动，P 补助资格确认，X 注销。", "The home screen shows the register at a glance, sending to the district (waiting, sent, sent back, last attempt and success, the last problem) and today's reminders. Changes are sent in the background after each save, without waiting for the network; S sends now, R lists what the district sent back, P the subsidy confirmation, X logs out.") \
    X(S_HELP_FIND,      "输入即查：18位身份证号或末4位以上数字、姓名开头、拼音首字母（zs 可找到张三、张顺）、户编号；以@开头按地址查（较慢）。上下键选择，回车打开人员，H 打开所在户。", "Results update as you type: an 18-digit ID number or its last 4+ digits, the start of a name, pinyin initials (zs finds 张三, 张顺), a household code; start with @ to search addresses (slower). Arrows choose, Enter opens the person, H the household.") \
    X(S_HELP_HOUSEHOLD, "显示户的基本信息和成员。回车打开成员；A 登记成员，B 出生，I 迁入，C 更正户信息，L 变动记录。", "The household and its members. Enter opens a member; A adds a member, B a birth, I a move-in, C corrects the household, L the change log.") \
    X(S_HELP_PERSON,    "人员的全部信息，下方是今年各补助项目是否符合（不符合时给出第一条原因）。E 登记变动（死亡、迁出、婚姻、避孕、怀孕……），C 更正（需填原因），L 变动记录，H 所在户。", "The person's full record, and below it this year's subsidy programmes, eligible or not (with the first failing condition). E records a change (death, move out, marriage, contraception, pregnancy...), C corrects it (with a reason), L the change log, H the household.") \
    X(S_HELP_FORM,      "Tab/Shift-Tab 或上下键在字段间移动；代码字段按 F4 或回车从列表选择（输入可筛选）；日期可写 19850615 或 1985-06-15；身份证号输入时即检查，并自动填性别和出生日期。F2 保存；Esc 返回（有修改时会询问）。", "Tab/Shift-Tab or arrows move between fields; for a coded field press F4 or Enter to choose from a list (type to filter); dates as 19850615 or 1985-06-15; the ID number is checked as you type and fills sex and birth date. F2 saves; Esc goes back (asks if something changed).") \
    X(S_HELP_EVENTS,    "选择要登记的变动，回车打开表单。", "Choose the change to record and press Enter to open its form.") \
    X(S_HELP_LOG,       "该人员或户的每一次变动：时间、操作员、变动类型和修改的内容（新到旧）。", "Every change of this person or household: when, by whom, what kind and what changed (newest first).") \
    X(S_HELP_ROSTER,    "名册。F 切换筛选条件，回车打开人员。", "The roster. F switches the filter, Enter opens the person.") \
    X(S_HELP_RETURNED,  "区里不接受的变动：保留在本机，列出区里的代码和说明。回车打开人员或户核对；C 更正记录（更正是一次新的变动，会再上报；原来的退回记录保留）。", "Changes the district would not take: kept here, with the district's code and message. Enter opens the person or household; C corrects the record (the correction is a new change and is sent again; the returned one stays listed).") \
    X(S_PROG_REWARD,    "奖励扶助（奖扶）", "Rural reward")                          \
    X(S_PROG_SPECIAL,   "特别扶助（特扶）", "Special assistance")                    \
    X(S_PROG_ONECHILD,  "独生子女父母奖励", "One-child parents' reward")             \
    X(S_SUB_HEAD,       "%s %d年  新增%d 续发%d 退出%d | 已批%d 不批%d 未定%d", "%s %d  new %d, cont. %d, leaving %d | approved %d, rejected %d, open %d") \
    X(S_SUB_AMOUNTS,    "年金额：新增 %ld 元，续发 %ld 元（退出者去年 %ld 元）", "Yuan a year: new %ld, continuing %ld (leaving: %ld last year)") \
    X(S_SF_UNDECIDED,   "未决定", "undecided")                                       \
    X(S_CHILDREN,       "子女", "Children")                                          \
    X(S_CATEGORY,       "类别", "Category")                                          \
    X(S_AMOUNT,         "年金额", "Yuan/yr")                                         \
    X(S_DECISION,       "决定", "Decision")                                          \
    X(S_FATHER,         "父亲", "Father")                                            \
    X(S_MOTHER,         "母亲", "Mother")                                            \
    X(S_CONTRA_START,   "避孕开始日期", "Method since")                              \
    X(S_DISABILITY,     "残疾等级", "Disability grade")                              \
    X(S_SUBSIDIES,      "补助", "Subsidies")                                         \
    X(S_END_DATE,       "注销日期", "End date")                                      \
    X(S_EMPTY,          "（空）", "(empty)")                                         \
    X(S_GROUP,          "分组", "Group")                                             \
    X(S_FAILING,        "不符合的条件", "Failing")                                   \
    X(S_D_APPROVE,      "批准", "approved")                                          \
    X(S_D_REJECT,       "不批准", "rejected")                                        \
    X(S_ELIGIBLE,       "符合条件：%s，每年 %ld 元", "Eligible: %s, %ld yuan a year") \
    X(S_NOT_ELIGIBLE,   "不符合条件", "Not eligible")                                \
    X(S_NOT_ELIGIBLE_WHY, "不符合：%s", "Not eligible: %s")                         \
    X(S_COND_OK,        "符合", "ok")                                                \
    X(S_COND_FAIL,      "不符", "FAIL")                                              \
    X(S_LAST_YEAR_AMT,  "去年领取 %ld 元", "received %ld yuan last year")            \
    X(S_DECIDED,        "本年决定：%s（%s，%s）", "This year's decision: %s (%s, %s)") \
    X(S_NO_DECISION,    "本年还没有决定", "No decision yet this year")               \
    X(S_REJECT_REASON,  "不批准的原因（回车保存，Esc 取消）：", "Reason for rejecting (Enter saves, Esc cancels): ") \
    X(S_REASON_NEEDED,  "不批准必须写明原因", "A rejection needs a reason")          \
    X(S_DECISION_SAVED, "已记录决定（变动序号 %lld）", "Decision recorded (change no. %lld)") \
    X(S_NOT_SUPERVISOR, "只有主管（supervisor）或管理员（admin）能记录补助决定", "Only a supervisor or an administrator records subsidy decisions") \
    X(S_APPROVE_ANYWAY, "按规则不符合条件：再按 Y 确认批准，其他键取消", "Not eligible by the rules: press Y again to approve anyway, any other key cancels") \
    X(S_PROGRAMMES,     "补助项目（%d年）", "Subsidy programmes (%d)")                \
    X(S_POLICY_NONE,    "没有政策文件（[policy] file）：无法判断补助资格", "No policy file ([policy] file): subsidies cannot be assessed") \
    X(S_LOCKED,         "屏幕已锁定", "Screen locked")                                \
    X(S_LOCKED_HINT,    "闲置 %ld 分钟，屏幕已锁定。请 %s 输入密码继续（或 F10 注销）", "Locked after %ld idle minutes. %s: your password to go on; F10 logs out") \
    X(S_LOGGED_OUT,     "已注销", "Logged out")                                      \
    X(S_HELP_SUBSIDY,   "一个补助项目一年的资格确认：去年领取的人和今年符合条件的人，分为新增、续发、退出。P 换项目，-/+ 换年份，F 筛选，回车查看此人逐条核对的结果并记录决定（主管或管理员）。", "The annual confirmation of one programme: last year's recipients and this year's eligible, as new, continuing and leaving. P changes the programme, -/+ the year, F filters, Enter shows every condition for the person and records the decision (supervisor or administrator).") \
    X(S_HELP_SUBSIDY_P, "此人本项目本年的每一条条件及结果。主管或管理员：Y 批准，N 不批准（写明原因）。每个决定是一次变动，签名、留痕并上报区里。", "Every condition of this programme and year for the person. Supervisor or administrator: Y approves, N rejects (with a reason). Each decision is a change: signed, logged and sent to the district.") \
    X(S_HELP_LOCK,      "闲置太久，屏幕已锁定，数据没有显示。输入同一用户的密码继续；输错会计入登录失败次数。F10 注销回到登录界面（未保存的表单会丢失）。", "The screen locked after being idle; nothing is shown. Type the same user's password to go on; wrong tries count as login failures. F10 logs out to the login screen (an unsaved form is lost).") \
    X(S_HELP_CLOSE,     "按任意键关闭帮助", "Press any key to close the help")

enum pd_str {
#define PD_X(id, zh, en) id,
    PD_STRINGS(PD_X)
#undef PD_X
    S__COUNT
};

/* "zh" (default) or "en"; anything else keeps Chinese. */
void pd_i18n_set(const char *lang);
const char *pd_i18n_lang(void);
bool pd_i18n_en(void);
const char *pd_tr(enum pd_str id);
/* Formats a table string that holds printf conversions (%d, %s, %lld) into
 * buf.  Both languages of such a string take the same arguments in the same
 * order (the unit test compares their conversions). */
int pd_trf(char *buf, size_t size, enum pd_str id, ...);
/* Words of enum choices ("first", "live_birth", "age15") and status words
 * in the UI language; the word itself when unknown. */
const char *pd_tr_word(const char *word);

#endif
