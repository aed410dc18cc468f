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
    X(S_PUSH_HALTED,    "区里拒绝了本站的上报，已停止自动上报；处理后按 S 再试", "District refused this station: auto push stopped (S: try again)") \
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
    X(S_BACKUP_NEVER,   "登记库从未备份：请备份（popdesk backup）", "The register was never backed up: back it up (popdesk backup)") \
    X(S_BACKUP_OLD,     "上次备份在 %ld 天前：请备份登记库（popdesk backup）", "Last backup %ld days ago: back up the register (popdesk backup)") \
    X(S_UPDATES_WAITING, "区里来的待办 %lld 条（协查、迁入、通知）：按 I 查看处理", "%lld updates from the district wait (cross-checks, transfers, notices): press I") \
    X(S_UPD_TITLE,      "区里来的待办", "From the district")                         \
    X(S_UPD_HEAD,       "区里来的待办：%s %d 条（F 切换待办/全部）", "From the district: %s, %d (F: open/all)") \
    X(S_UPD_SHOW_OPEN,  "待处理和未通过的", "waiting or refused")                    \
    X(S_UPD_SHOW_ALL,   "全部", "all")                                               \
    X(S_UPD_NONE,       "没有待处理的区里来件（F 显示全部）", "Nothing from the district waits (F shows all)") \
    X(S_UPD_COL_NUM,    "序号", "No.")                                               \
    X(S_UPD_COL_TYPE,   "类型", "Type")                                              \
    X(S_UPD_COL_DATE,   "日期", "Date")                                              \
    X(S_UPD_COL_ABOUT,  "内容", "About")                                             \
    X(S_UPD_T_CROSSCHECK,"协查请求", "Cross-check")                                  \
    X(S_UPD_T_TRANSFER, "迁入通知", "Transfer in")                                   \
    X(S_UPD_T_POLICY,   "政策更新", "Policy")                                        \
    X(S_UPD_T_MESSAGE,  "通知", "Message")                                           \
    X(S_UPD_T_UNKNOWN,  "未知类型", "Unknown")                                       \
    X(S_UPD_ST_NEW,     "待处理", "new")                                             \
    X(S_UPD_ST_ANSWERED,"已答复", "answered")                                        \
    X(S_UPD_ST_CONFIRMED,"已迁入", "confirmed")                                      \
    X(S_UPD_ST_APPLIED, "已生效", "applied")                                         \
    X(S_UPD_ST_REFUSED, "未通过", "refused")                                         \
    X(S_UPD_ST_DISMISSED,"已阅", "dismissed")                                        \
    X(S_UPD_L_ID,       "编号", "Update")                                            \
    X(S_UPD_L_STATE,    "状态", "State")                                             \
    X(S_UPD_L_AT,       "区里发出", "Sent at")                                       \
    X(S_UPD_L_RECEIVED, "本机收到", "Received")                                      \
    X(S_UPD_L_QUESTION, "协查问题", "Question")                                      \
    X(S_UPD_L_DUE,      "答复期限", "Answer by")                                     \
    X(S_UPD_L_FROM,     "迁出地", "Moving from")                                     \
    X(S_UPD_L_DATE,     "迁入日期", "Moved on")                                      \
    X(S_UPD_L_PERSON,   "迁入人员（区里预填）", "The person (filled in by the district)") \
    X(S_UPD_L_POLNAME,  "政策名称", "Policy")                                        \
    X(S_UPD_L_VERSION,  "版本", "Version")                                           \
    X(S_UPD_L_POLFILE,  "政策文件", "Policy file")                                   \
    X(S_UPD_POLFILE_SIZE,"%lld 字节（按 popdesk sync 检查后生效）", "%lld bytes (checked and put in force by popdesk sync)") \
    X(S_UPD_L_TITLE,    "标题", "Title")                                             \
    X(S_UPD_L_TEXT,     "内容", "Text")                                              \
    X(S_UPD_L_DATA,     "数据（原样保留）", "Data as sent")                          \
    X(S_UPD_UNKNOWN_TYPE,"本机不认识的类型“%s”：原样保留，看过后按 D 标为已阅", "A type not known here (%s): kept as sent; press D once read") \
    X(S_UPD_L_NOTE,     "说明", "Note")                                              \
    X(S_UPD_L_DONE,     "办理", "Done")                                              \
    X(S_UPD_DONE_BY,    "%s 由 %s 办理", "%s by %s")                                 \
    X(S_UPD_L_EVENT,    "变动", "Change")                                            \
    X(S_UPD_EVENT_SEQ,  "第 %lld 号变动（随上报送区里）", "seq %lld (sent to the district by the push)") \
    X(S_UPD_HINT,       "回车看全文；协查请求按 A 答复，迁入通知按 C 确认迁入，D 标为已阅", "Enter: whole; A answers a cross-check, C confirms a transfer in, D dismisses") \
    X(S_UPD_ASK_ANSWER, "答复区里：", "Answer to the district: ")                  \
    X(S_UPD_ASK_FOUND,  "本社区查到此人吗？Y 查到，N 没查到，Esc 不答复", "Was the person found here? Y found, N not found, Esc: no answer") \
    X(S_UPD_ASK_HH,     "迁入哪一户（18位户编码）：", "Into household (18-digit code): ") \
    X(S_UPD_ASK_NOTE,   "已阅备注（可空）：", "Note (may be empty): ")               \
    X(S_UPD_ANSWERED,   "已答复 %s：第 %lld 号变动随下次上报送区里", "Answered %s: change seq %lld goes to the district with the next push") \
    X(S_UPD_CONFIRMED,  "已确认 %s：%s（%s）迁入户 %s", "Confirmed %s: %s (%s) moved into household %s") \
    X(S_UPD_DISMISSED_OK,"%s 已标为已阅", "%s dismissed")                            \
    X(S_UPD_NOT_SAVED,  "没有保存：%s", "Not saved: %s")                             \
    X(S_UPD_CANCELLED,  "已取消，没有保存", "Cancelled: nothing saved")              \
    X(S_UPD_NEED_TEXT,  "请先输入内容（Esc 取消）", "Type it first (Esc cancels)")    \
    X(S_UPD_NOT_CROSSCHECK,"只有协查请求可以答复（这一件是%s）", "Only a cross-check can be answered (this is a %s)") \
    X(S_UPD_NOT_TRANSFER,"只有迁入通知可以确认迁入（这一件是%s）", "Only a transfer in can be confirmed (this is a %s)") \
    X(S_UPD_ALREADY,    "这一件%s，不用再处理", "This one is %s already: nothing to do") \
    X(S_UPD_VIEWER_NO,  "只读账号（viewer）只能查看区里来的待办，不能答复、确认或标为已阅", "A viewer account is read-only: it cannot answer, confirm or dismiss what the district sent") \
    X(S_HELP_UPDATES,   "区里通过同步（popdesk sync）送来的待办：协查请求、迁入通知、政策更新、通知，以及本机不认识的类型（原样保留）。默认只列待处理和未通过的，F 切换为全部。回车看一件的全文。协查请求按 A 答复：先写答复内容，再回答是否查到此人，保存为一条协查答复变动，随上报送区里。迁入通知按 C 确认迁入：输入迁入户的18位户编码，按区里预填的资料登记迁入（该户必须已在台账中）；登记不成时说明原因，什么也不保存。任何一件都可以按 D 标为已阅（可写备注）。只读账号只能查看。", "What the district sent by the pull (popdesk sync): cross-check requests, transfers in, policy updates, messages, and types not known here (kept as sent). Only what waits or was refused is listed; F shows all. Enter shows one update whole. On a cross-check, A answers: type the answer, then say whether the person was found; it is saved as a crosscheck.answer change and pushed to the district. On a transfer in, C confirms it: type the 18-digit code of the household the person moves into (it must be in the register) and the person is recorded with the district's pre-filled record; a refusal says why and nothing is saved. D dismisses any update (an optional note). A viewer account can only look.") \
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
    X(S_ROWS_MORE,      "第 %d-%d 条，往下翻看后面的", "rows %d-%d; scroll down for more") \
    X(S_ROWS_LAST,      "第 %d-%d 条（到底了）", "rows %d-%d (the end)")             \
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
    X(S_HELP_HOME,      "首页显示台账概况、上报区里的情况（待上报、已上报、退回、最近尝试和成功、上次问题）和今日提醒。变动保存后在后台自动上报，不用等网络；S 立即上报，R 查看区里退回的变动，I 区里来的待办（协查请求、迁入通知、通知），P 补助资格确认，A 案卷（再生育申请、孕情档案和超期名单、社会抚养费），D 目标管理一览，T 统计报表，K 数据质量，U 疑似重复档案，X 注销。", "The home screen shows the register at a glance, sending to the district (waiting, sent, sent back, last attempt and success, the last problem) and today's reminders. Changes are sent in the background after each save, without waiting for the network; S sends now, R lists what the district sent back, I what the district sent (cross-checks, transfers in, messages), P the subsidy confirmation, A the case files (second-child applications, the pregnancy file and the overdue list, the social maintenance fee), D the targets, T the reports, K data quality, U likely duplicates, X logs out.") \
    X(S_HELP_FIND,      "输入即查：18位身份证号或末4位以上数字、姓名开头、拼音首字母（zs 可找到张三、张顺）、户编号；以@开头按地址查（较慢）。上下键选择，回车打开人员，H 打开所在户。", "Results update as you type: an 18-digit ID number or its last 4+ digits, the start of a name, pinyin initials (zs finds 张三, 张顺), a household code; start with @ to search addresses (slower). Arrows choose, Enter opens the person, H the household.") \
    X(S_HELP_HOUSEHOLD, "显示户的基本信息和成员。回车打开成员；A 登记成员，B 出生，I 迁入，C 更正户信息，L 变动记录。", "The household and its members. Enter opens a member; A adds a member, B a birth, I a move-in, C corrects the household, L the change log.") \
    X(S_HELP_PERSON,    "人员的全部信息，下方是今年各补助项目是否符合（不符合时给出第一条原因）。E 登记变动（死亡、迁出、婚姻、避孕、怀孕……），C 更正（需填原因），L 变动记录，H 所在户，A 此人的案卷（第二行列出）。", "The person's full record, and below it this year's subsidy programmes, eligible or not (with the first failing condition). E records a change (death, move out, marriage, contraception, pregnancy...), C corrects it (with a reason), L the change log, H the household, A the person's cases (listed on the second line).") \
    X(S_HELP_FORM,      "Tab/Shift-Tab 或上下键在字段间移动；代码字段按 F4 或回车从列表选择（输入可筛选）；日期可写 19850615 或 1985-06-15；身份证号输入时即检查，并自动填性别和出生日期。F2 保存；Esc 返回（有修改时会询问）。", "Tab/Shift-Tab or arrows move between fields; for a coded field press F4 or Enter to choose from a list (type to filter); dates as 19850615 or 1985-06-15; the ID number is checked as you type and fills sex and birth date. F2 saves; Esc goes back (asks if something changed).") \
    X(S_HELP_EVENTS,    "选择要登记的变动，回车打开表单。", "Choose the change to record and press Enter to open its form.") \
    X(S_HELP_LOG,       "该人员或户的每一次变动：时间、操作员、变动类型和修改的内容（新到旧）。", "Every change of this person or household: when, by whom, what kind and what changed (newest first).") \
    X(S_HELP_ROSTER,    "名册，按姓名排序。F 切换筛选条件，回车打开人员；↑↓ PgUp PgDn 翻看整个名册。", "The roster, in name order. F switches the filter, Enter opens the person; arrows and PgUp/PgDn walk the whole roster.") \
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
    X(S_CASES,          "案卷", "Cases")                                             \
    X(S_CM_SC,          "再生育申请审批", "Second-child applications")               \
    X(S_CM_PREG,        "孕情档案（在孕妇女）", "Pregnancy file (open pregnancies)")  \
    X(S_CM_OVERDUE,     "预产期已过未报妊娠结局", "Overdue: expected date passed, no outcome") \
    X(S_CM_FEE,         "社会抚养费征收", "Social maintenance fee")                   \
    X(S_COL_NO,         "编号", "No.")                                               \
    X(S_COL_WIFE,       "女方", "Wife")                                              \
    X(S_COL_HUSBAND,    "男方", "Husband")                                           \
    X(S_COL_ITEM,       "再生育条件", "Article 19 item")                             \
    X(S_COL_APPLIED,    "申请日期", "Applied")                                       \
    X(S_COL_STATE,      "状态", "State")                                             \
    X(S_COL_CERT,       "证号/理由", "Certificate / reason")                         \
    X(S_COL_REGISTERED, "登记日期", "Registered")                                    \
    X(S_COL_EXPECTED,   "预产期", "Expected")                                        \
    X(S_COL_DAYS,       "超期天数", "Days over")                                     \
    X(S_COL_LAST_VISIT, "末次随访", "Last visit")                                    \
    X(S_COL_WEEK,       "孕周", "Week")                                              \
    X(S_COL_VISITS,     "随访次数", "Visits")                                        \
    X(S_COL_LEVY,       "征收额", "Levy")                                            \
    X(S_COL_PAID,       "已缴", "Paid")                                              \
    X(S_COL_BALANCE,    "欠缴", "Balance")                                           \
    X(S_COL_BIRTH,      "出生日期", "Birth")                                         \
    X(S_F_OVERDUE,      "超期未报结局", "overdue")                                   \
    X(S_F_OPEN,         "未缴清", "balance due")                                     \
    X(S_SC_LIST_HEAD,   "再生育申请 %d 件   筛选：%s", "%d second-child application(s)   filter: %s") \
    X(S_SC_NEW_TITLE,   "再生育申请", "Second-child application")                    \
    X(S_SC_DOCS_DONE,   "已查验材料", "Documents checked")                           \
    X(S_COL_ID,         "身份证号", "ID number")                                     \
    X(S_SC_ITEMS,       "再生育条件（条例第十九条，↑↓ 选择）", "Article 19 item (Up/Down chooses)") \
    X(S_SC_DOCS,        "已查验材料（↑↓ 移动，空格勾选）", "Documents checked (Up/Down, Space ticks)") \
    X(S_SC_DATE,        "申请日期", "Date applied")                                  \
    X(S_SC_NOTE,        "说明", "Note")                                              \
    X(S_SC_CHECKS,      "系统核查（依据本台账）", "Automatic checks (from the register)") \
    X(S_SC_MISSING,     "缺少材料：%s", "Missing documents: %s")                     \
    X(S_SC_BLOCKED,     "有条件不符合或材料不全：县级不能批准", "A condition not met or a document missing: the county cannot approve") \
    X(S_SC_CLEAR,       "按台账核查，批准无障碍", "Nothing in the register stands in the way of approval") \
    X(S_SC_SAVED,       "已保存再生育申请，编号 %lld", "Second-child application %lld saved") \
    X(S_SC_STEPS,       "审核审批（谁、何时）", "Review steps (who, when)")          \
    X(S_SC_NO_STEPS,    "尚未审核", "Not reviewed yet")                              \
    X(S_STEP_VILLAGE,   "村(居)审核", "village review")                              \
    X(S_STEP_TOWN,      "乡镇(街道)审查", "town check")                              \
    X(S_STEP_COUNTY,    "县级审批", "county decision")                               \
    X(S_D_AGREE,        "同意", "approved")                                          \
    X(S_D_DISAGREE,     "不同意", "refused")                                         \
    X(S_SC_DUE,         "下一步：%s（Y 同意，N 不同意）", "Next: %s (Y approves, N refuses)") \
    X(S_SC_DUE_SUP,     "下一步：%s，须由主管（supervisor）或管理员（admin）记录", "Next: %s, recorded by a supervisor or an administrator") \
    X(S_SC_APPROVED,    "已批准，第二个子女生育证号 %s", "Approved: second-child certificate %s") \
    X(S_SC_REFUSED,     "不予批准：%s", "Refused: %s")                               \
    X(S_SC_ASK_CERT,    "县级批准，生育证号：", "County approval, certificate no.: ")  \
    X(S_SC_ASK_REASON,  "不同意的理由：", "Reason for refusing: ")                   \
    X(S_SC_STEP_SAVED,  "已记录：%s %s", "Recorded: %s %s")                          \
    X(S_SC_NEED_SUP,    "乡镇审查和县级审批须由主管（supervisor）或管理员（admin）记录", "The town and county steps are recorded by a supervisor or an administrator") \
    X(S_SC_CERT_NEEDED, "县级批准须填写生育证号", "The county approval needs the certificate number") \
    X(S_SC_ASK_WHO,     "申请人（女方）身份证号或档案号：", "Applicant (wife): ID number or person id: ") \
    X(S_SC_WHO_NONE,    "没有找到这个人：%s", "No such person: %s")                 \
    X(S_CHK_MET,        "符合", "met")                                               \
    X(S_CHK_NOT,        "不符合", "NOT MET")                                         \
    X(S_CHK_UNK,        "待核实", "to check")                                        \
    X(S_PRINTED,        "已送打印：%s", "Sent to the printer: %s")                   \
    X(S_PRINT_KEPT,     "已写入 %s；未能打印：%s", "Written to %s; not printed: %s")  \
    X(S_PREG_HEAD,      "在孕 %d 人，其中超期未报结局 %d 人   筛选：%s", "%d open pregnancies, %d overdue   filter: %s") \
    X(S_FEE_HEAD,       "社会抚养费 %d 件   筛选：%s", "%d fee case(s)   filter: %s") \
    X(S_PAY_TITLE,      "缴费：案件 %lld %s，欠缴 %ld 元", "Payment on case %lld (%s): %ld yuan outstanding") \
    X(S_PAY_SAVED,      "已记录缴费：已缴 %ld 元，欠缴 %ld 元", "Payment recorded: %ld paid, %ld outstanding") \
    X(S_PAY_AMOUNT,     "缴纳金额（元）", "Amount (yuan)")                           \
    X(S_PAY_DATE,       "缴纳日期", "Date paid")                                     \
    X(S_PAY_RECEIPT,    "收据号", "Receipt no.")                                     \
    X(S_FEE_ASK_WHO,    "母亲身份证号、档案号或姓名：", "Mother: ID number, person id or name: ") \
    X(S_LEVY_TITLE,     "社会抚养费征收：%s", "Fee levy: %s")                      \
    X(S_LEVY_EXTRA,     "政策外多生育", "beyond policy")                             \
    X(S_LEVY_UNMARRIED, "非婚生育", "outside marriage")                             \
    X(S_LEVY_POLICY,    "政策：%s，非婚生育 %d 倍，政策外多生育每个子女 %d 至 %d 倍", "Policy: %s; outside marriage %dx; each child beyond policy %dx to %dx") \
    X(S_LEVY_MOTHER,    "母亲", "Mother")                                            \
    X(S_LEVY_KIND,      "征收事由", "Kind")                                          \
    X(S_LEVY_NEXTRA,    "多生子女数", "Extra children")                              \
    X(S_LEVY_MULTIPLE,  "倍数", "Multiple")                                          \
    X(S_LEVY_CHILD,     "子女（可不填）", "Child (optional)")                        \
    X(S_LEVY_BIRTH,     "出生日期", "Birth date")                                    \
    X(S_LEVY_DATE,      "决定日期", "Decision date")                                 \
    X(S_LEVY_RANGE,     "允许 %d 至 %d 倍", "allowed %d to %d")                      \
    X(S_LEVY_AMOUNT,    "应征收合计 %ld 元（女方 %ld 元，男方 %ld 元；%d 倍，%d 年基数）", "Levy: %ld yuan in all (mother %ld, father %ld; multiple %d, base of %d)") \
    X(S_LEVY_CANNOT,    "不能征收：%s", "Cannot levy: %s")                           \
    X(S_LEVY_SAVED,     "已征收：案件 %lld，合计 %ld 元", "Levied: case %lld, %ld yuan in all") \
    X(S_HELP_LEVY,      "新征收社会抚养费：征收事由用←→选择（政策外多生育或非婚生育）；政策外多生育填多生子女数和倍数（默认政策最低倍数，允许范围见上方）；子女可填身份证号或档案号，出生日期不填时取子女的；决定日期默认今天。下方随时显示按政策文件计算的征收额（基数×倍数，夫妻各计）和计算依据，不能征收时写明原因。F2 保存（记录一条征收变动并上报），Esc 放弃。", "New social maintenance fee levy: choose the kind with Left/Right (children beyond policy or outside marriage); for children beyond policy give their number and the multiple (the policy minimum to start with; the range is shown above); the child may be given by ID number or person id, the birth date is the child's when left empty; the decision date is today to start with. Below, the levy computed from the policy file (base x multiple for each spouse) and its basis follow every change; when it cannot be levied the reason is said. F2 saves (a levy event, sent to the district), Esc drops it.") \
    X(S_PC_LINE,        "案卷（A 打开）：", "Cases (A opens): ")                     \
    X(S_PC_NONE,        "无", "none")                                                \
    X(S_PC_SC,          "再生育申请%lld %s", "second-child application %lld %s")     \
    X(S_PC_PREG,        "在孕 预产期%s 随访%d次", "pregnant, due %s, %d visit(s)")   \
    X(S_PC_FEE,         "社会抚养费%lld 欠缴%ld元", "fee case %lld, %ld yuan due")    \
    X(S_PC_TITLE,       "案卷：%s", "Cases: %s")                                     \
    X(S_PC_CERTS,       "证件", "Certificates")                                      \
    X(S_HELP_CASES,     "本社区的案卷：再生育申请（录入、系统核查、村审核、乡镇审查、县级审批、打印申请审批表和存根）、孕情档案和超期未报结局名单（随访、妊娠结局）、社会抚养费（征收额、已缴、欠缴、缴费）。回车打开。", "The office's case files: second-child applications (entry, automatic checks, village review, town check, county decision, the printed form and stub), the pregnancy file and the overdue list (visits, outcome), the social maintenance fee (levy, paid, balance, payments). Enter opens.") \
    X(S_HELP_SC_LIST,   "全部再生育申请。F 按状态筛选，回车打开申请（逐条核查、审核步骤），N 为某人新建申请（输入身份证号），P 打印登记表。", "Every second-child application. F filters by state, Enter opens one (checks, steps), N starts an application for a person (type the ID number), P prints the list.") \
    X(S_HELP_SC,        "一件申请：每一条系统核查及理由（依据现在的台账）、已走过的审核步骤（谁、何时）。Y 同意下一步、N 不同意（须写理由）；村审核可由专干（clerk）记录，乡镇审查和县级审批须由主管或管理员；县级批准须填生育证号。P 打印申请审批表（批准后含存根）。", "One application: every automatic check with its reason (as the register stands now) and the steps taken (who, when). Y approves the next step, N refuses it (with a reason); a clerk records the village review, a supervisor or administrator the town and county steps; the county approval needs the certificate number. P prints the form (with the stub once approved).") \
    X(S_HELP_SC_NEW,    "新的再生育申请：↑↓ 选条件，Tab 到材料（空格勾选）、申请日期、说明；下方随时显示系统核查的结果。F2 保存（一次变动，上报区里）。", "A new second-child application: Up/Down chooses the item, Tab moves to the documents (Space ticks), the date and the note; the automatic checks below follow every change. F2 saves (one change, sent to the district).") \
    X(S_HELP_PREG,      "登记了怀孕、尚未报妊娠结局的妇女，按预产期排列。F 切换全部/超期，V 记录随访，O 记录妊娠结局，回车打开此人，P 打印超期名单。", "Women with a registered pregnancy and no outcome yet, by expected date. F switches all/overdue, V records a visit, O the outcome, Enter opens the person, P prints the overdue list.") \
    X(S_HELP_FEE,       "社会抚养费案件：征收额、已缴、欠缴。N 新征收（先输入母亲的身份证号、档案号或姓名，再填征收表，征收额随时按政策文件计算），F 切换全部/未缴清，Y 记录一笔缴费（不能超过欠缴），P 打印台账。", "Social maintenance fee cases: levy, paid, balance. N levies a new one (the mother's ID number, person id or name first, then the levy form, the amount computed from the policy file as you type), F switches all/balance due, Y records a payment (never above the balance), P prints the list.") \
    X(S_HELP_PCASES,    "此人的案卷：再生育申请、在孕记录、社会抚养费、证件。回车打开所选；N 新建再生育申请，V 随访，O 妊娠结局。", "This person's cases: second-child applications, open pregnancies, fee cases, certificates. Enter opens the one chosen; N starts a second-child application, V records a visit, O an outcome.") \
    X(S_DASHBOARD,      "目标管理一览", "Targets")                                  \
    X(S_PERIOD,         "期间", "Period")                                            \
    X(S_GROUP_N,        "第%s组", "group %s")                                        \
    X(S_IND,            "指标", "Indicator")                                         \
    X(S_TARGET,         "目标", "Target")                                            \
    X(S_VALUE,          "本期数值", "Value")                                         \
    X(S_BASIS,          "分子 / 分母", "Numerator / denominator")                    \
    X(S_NOT_CHECKED,    "尚未检查（K 数据质量，R 检查）", "not checked yet (K, then R)") \
    X(S_NO_SPOT,        "尚无抽查（popdesk spotcheck）", "no spot check yet (popdesk spotcheck)") \
    X(S_DISTRICT_TOTAL, "目标为全区合计", "the target is the district's total")      \
    X(S_PERIOD_OPEN,    "期间未结束，截至今日", "not over yet: counted as of today")  \
    X(S_ASK_DATES,      "起止日期（如 2012-01-01..2012-06-30，回车确定，Esc 取消）：", "Dates (2012-01-01..2012-06-30; Enter sets, Esc cancels): ") \
    X(S_ASK_GROUP,      "分组（两位数字如 01，空为全部；回车确定，Esc 取消）：", "Group (two digits, e.g. 01; empty: all; Enter sets, Esc cancels): ") \
    X(S_GROUP_BAD,      "分组应为两位数字，如 01（户编号第13-14位）", "A group is two digits, e.g. 01 (digits 13-14 of the household code)") \
    X(S_GROUP_UNKNOWN,  "本台账没有第%s组的户", "This register has no household in group %s") \
    X(S_DATES_BAD,      "起止日期写作 2012-01-01..2012-06-30，起日不晚于止日", "Write the dates as 2012-01-01..2012-06-30, the first not after the last") \
    X(S_PK_STATYEAR,    "统计年度", "statistics year")                               \
    X(S_PK_YEAR,        "公历年度", "calendar year")                                 \
    X(S_PK_MONTH,       "月份", "month")                                             \
    X(S_PK_RANGE,       "自定义日期", "custom dates")                                \
    X(S_DEFAULT_MARK,   "* 默认口径（docs/STATISTICS.md）", "* default definition (docs/STATISTICS.md)") \
    X(S_REPORTS,        "统计报表", "Reports")                                       \
    X(S_REP_INDICATORS, "统计指标（分子、分母、目标）", "Indicators (numerator, denominator, target)") \
    X(S_REP_BIRTHS,     "人口和出生情况（国人口统1表）", "Population and births (form 1)") \
    X(S_REP_CONTRA,     "避孕节育情况（国人口统2表）", "Contraception (form 2)")     \
    X(S_REP_MONTHLY,    "村（社区）月报和出生花名册", "Monthly report and birth list") \
    X(S_REP_WOMEN,      "已婚育龄妇女避孕节育花名册", "Married women 15-49 by method") \
    X(S_REP_MIGRANTS,   "流动人口育龄妇女婚育证明花名册", "Migrant women and their certificates") \
    X(S_REP_LINES,      "共 %d 行，显示 %d-%d 行", "%d lines, showing %d-%d")      \
    X(S_WROTE,          "已写出 %s（%d 行）", "Wrote %s (%d rows)")                 \
    X(S_REP_PRINTED,    "已送 %s：%s（文件 %s）", "Sent to %s: %s (file %s)")        \
    X(S_DEFAULT_PRINTER,"默认打印机", "the default printer")                         \
    X(S_QUALITY,        "数据质量", "Data quality")                                  \
    X(S_DUPLICATES,     "疑似重复档案", "Likely duplicates")                         \
    X(S_Q_NONE_RUN,     "尚未做数据质量检查：按 R 检查（百万人口约需几秒）", "No data-quality check yet: press R to run one (seconds for a million persons)") \
    X(S_Q_SUMMARY,      "%s 检查：在册 %lld 人，有问题 %lld 人；错误 %lld，提示 %lld", "Checked %s: %lld persons, %lld with problems; %lld errors, %lld warnings") \
    X(S_Q_RATE,         "全员人口信息管理率 %s（%lld / %lld）", "Information management rate %s (%lld / %lld)") \
    X(S_Q_KIND,         "类别", "Kind")                                              \
    X(S_Q_FIELD,        "项目", "Field")                                             \
    X(S_Q_REASON,       "说明", "Reason")                                            \
    X(S_Q_OTHER,        "关联档案", "Other record")                                  \
    X(S_Q_LEVEL,        "级别", "Level")                                             \
    X(S_Q_ERROR,        "错误", "error")                                             \
    X(S_Q_WARNING,      "提示", "warning")                                           \
    X(S_Q_NO_PROBLEMS,  "没有问题", "No problems")                                   \
    X(S_Q_RAN,          "检查完成：%lld 个问题（错误 %lld，提示 %lld）", "Check done: %lld problems (%lld errors, %lld warnings)") \
    X(S_Q_COUNT,        "共 %lld 个", "%lld in all")                                 \
    X(S_MERGE_ASK,      "合并 %s（%s）到 %s（%s）？Y 确认，其他键取消", "Merge %s (%s) into %s (%s)? Y: yes, other keys: no") \
    X(S_MERGE_NOT_SUP,  "只有主管（supervisor）或管理员（admin）能合并档案", "Only a supervisor or an administrator merges records") \
    X(S_MERGED,         "已合并到 %s（变动序号 %lld）", "Merged into %s (change no. %lld)") \
    X(S_MERGE_NO_OTHER, "这一条没有关联档案，无法合并", "This problem names no other record: nothing to merge") \
    X(S_MERGE_REASON,   "数据质量检查：疑似重复档案", "data-quality check: duplicate record") \
    X(S_HELP_DASHBOARD, "每个区里的目标和本台账本期的数值：达标、未达标或无数据（分母为0），出生人口性别比超出103-107时标出。右侧是分子和分母。T 换期间类型（统计年度、公历年度、月份、自定义日期），-/+ 上一期/下一期，D 输入起止日期，G 按组筛选。", "Each district target beside this register's value for the period: met, missed or no data (the denominator is 0); a sex ratio outside 103-107 is flagged. The numerator and denominator are on the right. T changes the period kind (statistics year, calendar year, month, custom dates), -/+ the previous/next period, D types the dates, G one group.") \
    X(S_HELP_REPORTS,   "选择报表，回车打开。内容与 popdesk report 打印的相同。", "Choose a report and press Enter. It is the same text popdesk report prints.") \
    X(S_HELP_REPORT,    "报表原文。上下键、PgUp/PgDn 翻阅，左右键横向移动。T/-/+/D 换期间，G 按组，P 打印（PDF 送打印机，文件保留），E 导出 CSV 文件。", "The report as printed. Arrows and PgUp/PgDn scroll, left/right move sideways. T/-/+/D change the period, G one group, P prints (a PDF to the printer; the file is kept), E exports a CSV file.") \
    X(S_HELP_QUALITY,   "最近一次数据质量检查发现的每个问题：人员、项目和原因。回车打开人员档案去更正；F 按类别筛选；R 重新检查（全台账，结果保存）。上方是全员人口信息管理率。", "Every problem the last data-quality check found: the person, the field and the reason. Enter opens the person's record to correct it; F filters by kind; R checks again (the whole register; the result is kept). The information management rate is at the top.") \
    X(S_HELP_DUPLICATES,"疑似重复的档案（同名同出生日期同性别在两户、身份证号重复）。回车打开人员核对；主管或管理员按 M 把这一条合并到关联档案（要确认），合并是一次变动，会上报区里。", "Records that look like duplicates (same name, birth date and sex in two households; the same ID number). Enter opens the person to compare; a supervisor or administrator presses M to merge it into the other record (asks first); a merge is a change, sent to the district.") \
    X(S_REC_TITLE,      "部门核对", "Reconciliation")                                 \
    X(S_REC_NONE,       "%s名单还没有核对过：按 L 载入名单文件，S 换来源", "No %s list reconciled yet: L loads a list file, S changes the source") \
    X(S_REC_HEAD,       "%s  %s  %s %s  %lld 行", "%s  %s  %s %s  %lld rows")         \
    X(S_REC_G_CONSISTENT, "一致", "Consistent")                                      \
    X(S_REC_G_MISSING,  "对方有本地无", "Missing here")                               \
    X(S_REC_G_CONTRA,   "信息不符", "Contradicted")                                   \
    X(S_REC_G_UNKNOWN,  "本地有对方无", "Unknown there")                              \
    X(S_REC_ROW,        "行", "Row")                                                  \
    X(S_REC_ID,         "身份证号", "ID number")                                      \
    X(S_REC_BIRTH,      "出生日期", "Born")                                           \
    X(S_REC_WHAT,       "说明", "What")                                               \
    X(S_REC_EMPTY,      "这一组没有待处理的结果（F 显示已处理的）", "Nothing to handle in this group (F shows decided ones)") \
    X(S_REC_MORE,       "只显示前 %d 条；popdesk reconcile show 列出全部", "First %d shown; popdesk reconcile show lists all") \
    X(S_REC_KEY,        "编号 %s", "Key %s")                                          \
    X(S_REC_TO_RECORD,  "可登记：%s（按 E）", "To record: %s (press E)")             \
    X(S_REC_DECIDED,    "已处理：%s（%s，%s）%s", "Decided: %s (%s, %s) %s")         \
    X(S_REC_NO_EVENT,   "这一条没有可以直接登记的变动", "No change to record directly for this one") \
    X(S_REC_NO_PERSON,  "本地没有这个人的记录", "No record of this person here")     \
    X(S_REC_PICK_DECISION, "处理决定：1 已更正 2 已说明 3 不处理 4 已登记变动（Esc 取消）", "Decision: 1 fixed 2 explained 3 ignored 4 event started (Esc cancels)") \
    X(S_REC_NOTE,       "说明（回车保存，Esc 取消）：", "Note (Enter saves, Esc cancels): ") \
    X(S_REC_DECISION_SAVED, "已记录处理决定", "Decision recorded")                   \
    X(S_REC_PATH,       "名单文件（回车继续，Esc 取消）：", "List file (Enter goes on, Esc cancels): ") \
    X(S_REC_PICK_SOURCE, "名单来源：1 公安户籍 2 医院出生 3 民政死亡婚姻（Esc 取消）", "Source: 1 police 2 hospital 3 civil affairs (Esc cancels)") \
    X(S_REC_RUN_DONE,   "核对完成：%lld 行，待处理 %lld 条", "Reconciled: %lld rows, %lld to handle") \
    X(S_REC_PROBLEM,    "第 %d 行“%s”列：%s", "row %d, column %s: %s")              \
    X(S_REC_RUN_BAD,    "名单有 %d 行要改正，未保存。%s", "%d rows of the list need correcting; nothing saved. %s") \
    X(S_REC_SHOW_ALL,   "显示全部（含已处理的）", "Showing all, decided ones too")  \
    X(S_REC_SHOW_NEW,   "只显示待处理的", "Showing only what is to handle")         \
    X(S_REC_EVENT_DONE, "变动已登记，处理决定已记为“已登记变动”", "Change recorded; filed as \"event started\"") \
    X(S_REC_NO_HOUSEHOLD, "本地没有户口簿号为“%s”的户：先登记该户，或在此人所属户的页面添加", "No household has police no. \"%s\": add it first, or the person in their household") \
    X(S_REC_HOUSEHOLDS, "有几户的户口簿号都是“%s”：请在此人所属户的页面添加", "Several households have police no. \"%s\": add the person in their household") \
    X(S_HELP_RECONCILE, "与其他部门名单核对的结果（最近一次）：一致、对方有本地无、信息不符、本地有对方无。←/→ 或 G 换组，S 换来源（公安、医院、民政），F 显示或隐藏已处理的。回车打开此人；E 登记缺少的变动（死亡、出生、婚姻变动等，按对方名单预先填好）；D 记录处理决定和说明，下次核对不再列出；L 输入名单文件路径并选来源，重新核对。", "The last reconciliation with another department's list: consistent, in their list but missing here, contradicted there, here but unknown there. Left/Right or G change the group, S the source (police, hospital, civil affairs), F shows or hides decided ones. Enter opens the person; E records the missing change (death, birth, marriage ...) pre-filled from their list; D records a decision with a note, so the next run no longer lists it; L takes a list file's path and its source and runs again.") \
    X(S_SVC_TITLE,      "服务与帮扶", "Services and benefits")                        \
    X(S_SVC_RISK,       "高危家庭档案", "High-risk archives")                          \
    X(S_SVC_HEALTH,     "妇女健康服务（本年）", "Women's health services (this year)")  \
    X(S_SVC_BENEFIT,    "帮扶救助台账", "Benefit ledger")                              \
    X(S_SVC_COVERAGE,   "指导服务覆盖率", "Guidance coverage")                         \
    X(S_SVC_COL_DATE,   "日期", "Date")                                                \
    X(S_SVC_COL_GUIDED, "指导次数", "Guided")                                          \
    X(S_SVC_COL_QUARTER,"季度", "Quarter")                                             \
    X(S_SVC_COL_NOTE,   "最近指导/结果", "Last guidance / result")                    \
    X(S_SVC_COL_PAID,   "已发放/金额(元)", "Paid / amount (yuan)")                     \
    X(S_SVC_NOT_PENDING,"这份申请已处理，不能再批准", "This application is already decided") \
    X(S_SVC_APPROVED,   "申请 %lld 已批准", "Application %lld approved")               \
    X(S_SVC_REFUSED,    "申请 %lld 不予批准", "Application %lld refused")              \
    X(S_BEN_ASK_WHO,    "申请人身份证号、档案号或姓名：", "Applicant: ID number, person id or name: ") \
    X(S_BEN_NEW_TITLE,  "帮扶救助申请：%s", "New application: %s")                  \
    X(S_BEN_APPLICANT,  "申请人", "Applicant")                                       \
    X(S_BEN_PROG,       "帮扶项目", "Programme")                                     \
    X(S_BEN_DATE,       "申请日期", "Date applied")                                  \
    X(S_BEN_INCOME,     "人均年收入（元）", "Income per head")               \
    X(S_BEN_COST,       "自付医疗费（元）", "Own medical costs")             \
    X(S_BEN_AMOUNT,     "申请金额（元）", "Amount asked")                     \
    X(S_BEN_BIRTH,      "分娩日期", "Birth date")                                    \
    X(S_BEN_CHILD,      "子女", "Child")                                             \
    X(S_BEN_REASON,     "申请理由", "Reason")                                        \
    X(S_BEN_CONDS,      "条件核查（随填写更新）", "Conditions (follow every change)") \
    X(S_BEN_CANNOT,     "无法核查：%s", "Cannot check: %s")                          \
    X(S_BEN_BLOCKED,    "有条件不符合：不能批准", "A condition is NOT MET: it cannot be approved") \
    X(S_BEN_CLEAR,      "按台账核查，批准无障碍；批准后发放 %ld 元", "Nothing stands in the way as far as the register tells; %ld yuan if approved") \
    X(S_BEN_SAVED,      "已保存帮扶救助申请 %lld（%ld 元），待主管审批", "Benefit application %lld saved (%ld yuan), awaiting a supervisor") \
    X(S_BEN_NO_PROG,    "政策文件没有帮扶救助项目（[hardship]、[migrant_birth]、[welfare_fund]）", "The policy file has no benefit programme ([hardship], [migrant_birth], [welfare_fund])") \
    X(S_BEN_NOT_APPROVED,"只能在已批准的申请上发放", "Payments go only on an approved application") \
    X(S_BEN_PAY_TITLE,  "发放：申请 %lld %s，待发放 %ld 元", "Payment on application %lld (%s): %ld yuan remaining") \
    X(S_BEN_PAID,       "已记录发放：申请 %lld 已发放 %ld 元，待发放 %ld 元", "Payment recorded: application %lld, %ld paid, %ld remaining") \
    X(S_BEN_CASE_TITLE, "帮扶救助申请 %lld %s", "Benefit application %lld %s")      \
    X(S_BEN_MONEY,      "金额 %ld 元，已发放 %ld 元，待发放 %ld 元", "Amount %ld yuan, paid %ld, remaining %ld") \
    X(S_BEN_CONDS_SAVED,"条件核查（申请时）", "Conditions (when applied)")         \
    X(S_BEN_DECISION,   "审批", "Decision")                                          \
    X(S_BEN_UNDECIDED,  "待主管审批", "Awaiting a supervisor")                       \
    X(S_BEN_PAYMENTS,   "发放记录", "Payments")                                      \
    X(S_BEN_NO_PAYMENTS,"尚未发放", "Nothing paid yet")                              \
    X(S_HELP_BEN_NEW,   "新帮扶救助申请：帮扶项目和类别用←→选择（只列政策文件里有的项目）；按项目填写：困难帮扶的贫困类填人均年收入、大病类填自付医疗费、教育类可填子女；流动人口分娩补助填分娩日期或子女；公益金救助填申请金额。下方的条件核查随每次修改重新判断（符合/不符合及理由）。F2 保存（记录一条申请变动并上报，由主管审批），Esc 放弃。", "New benefit application: choose the programme and category with Left/Right (only the programmes the policy file has); then what the programme needs: income per head for hardship poverty, own medical costs for illness, the child for education (optional); the birth date or the child for the migrant childbirth subsidy; the amount asked for the welfare fund. The conditions below are decided again after every change (met / NOT MET with the reason). F2 saves (an application event, sent to the district, for a supervisor to decide), Esc drops it.") \
    X(S_HELP_BEN_CASE,  "一份帮扶救助申请：申请时的条件核查、审批和发放记录。P 打印（PDF 存在登记库旁的 printouts 文件夹并送打印机）。", "One benefit application: its conditions when applied, the decision and the payments. P prints it (a PDF in the printouts folder beside the register, sent to the printer).") \
    X(S_LEVY_NEED_BIRTH,"需要出生日期：填写出生日期或子女", "The birth date is needed: give it or the child") \
    X(S_HELP_SERVICES,  "高危家庭档案（在档，含本年指导服务覆盖率）、本年妇女健康服务、帮扶救助台账，Tab 切换。回车打开人员，在人员界面按 E 登记高危建档、指导服务、结案、健康服务。帮扶救助台账上：A 新申请（先输入申请人，再选项目、类别，条件随填写核查）；主管或管理员按 Y 批准待审批的申请（先重新核查条件），按 N 写明原因不予批准；G 在已批准的申请上记录发放（金额默认待发放数，不能超过）；V 查看一份申请（条件、审批、发放），在那里按 P 打印。", "Open high-risk archives (with this year's guidance coverage), this year's women's health services, the benefit ledger; Tab switches. Enter opens the person; there E records an archive, a guidance service, a closing or a health service. On the benefit ledger: A makes a new application (the applicant first, then the programme and category, the conditions checked as you type); a supervisor or administrator presses Y to approve a pending one (its conditions are checked again first) or N to refuse it with a reason; G records a payment on an approved one (the amount remaining to start with, never more); V opens one application (conditions, decision, payments), where P prints it.") \
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

/* Messages from core and store (validation of fields, ID numbers, dates,
 * codes; event refusals) follow the same language, written as a pair at the
 * point of failure so each stays next to its code:
 *     pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s必须填写", "%s (%s) is required"), ...)
 * Both formats take the same arguments in the same order (a Chinese one may
 * skip trailing ones with %.0s, e.g. the English key name).  The program
 * sets the language once at start: the screens from [ui] language, the
 * command line from the locale (pd_i18n_locale_lang).  Until pd_i18n_set is
 * called (unit tests, tools), messages are English while pd_tr stays
 * Chinese. */
bool pd_msg_zh(void);
#define PD_MSG(zh, en) (pd_msg_zh() ? (zh) : (en))
/* "zh" when the first of LC_ALL, LC_MESSAGES, LANG that is set and not
 * empty starts with "zh" (zh_CN.UTF-8), else "en": the command line's
 * language. */
const char *pd_i18n_locale_lang(void);

/* The text, made with one language's format of one of `pairs` ({ Chinese,
 * English }), in the other language (to_zh: English into Chinese), each
 * argument carried over; an argument that is one of `words` ({ Chinese,
 * English }) becomes the other language's word.  A text no pair made is
 * copied as it is.  Returns the length the whole would have (snprintf).
 * For words that are stored in one language (the district receives them)
 * and shown in the reader's. */
size_t pd_msg_convert(const char *const pairs[][2], size_t npairs, const char *const words[][2],
                      size_t nwords, const char *text, bool to_zh, char *buf, size_t size);

#endif
