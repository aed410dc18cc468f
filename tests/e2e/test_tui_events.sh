#!/bin/bash
# End-to-end test of what a clerk meets around the change forms, in a real
# terminal (tmux, 80x24, monochrome), filling the gaps the other test_tui*
# scripts leave: the login screen (no demo account on a real register; two
# wrong passwords do not lock, three do, and then even the right one is
# refused), Find by the last digits of an ID number, a household code, an
# address fragment and pinyin initials of polyphonic surnames (单 shan,
# 曾 zeng), F1 help on every screen of the day's path, the events a
# household's change menu offers (a member added, a birth) pre-filled from
# the household; on a demo register the demo account on the login screen,
# today's reminders on the home screen and the women's roster walked past
# its first 500 rows to the last woman; and a fatal signal in the middle of
# a form gives the terminal back as it was and leaves the register whole.
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui-events: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui-events --tmux popdesk-events --pw secret123
. "$E2E_LIB/forms.sh"
absent() { if tm_screen | grep -qF -- "$1"; then bad "$2 ('$1' shown)"; else ok "$2"; fi; }

envs=(env -i PATH="$PATH" HOME="$T" XDG_CONFIG_HOME="$T/.config" XDG_DATA_HOME="$T/.local/share"
      LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color NO_COLOR=1)
P=("${envs[@]}" POPDESK_USER=admin POPDESK_PASSWORD_FILE="$T/pw" "$POPDESK" --db "$db")
# start DB: the screens on register DB in a fresh tmux; the shell around
# popdesk records the terminal's settings before and after it and its exit
# status (no core file: the crash below is on purpose)
start() {
    tm_stop
    tm_start 80 24 sh -c "ulimit -c 0; stty -g >'$T/stty.before'; $(printf '%q ' "${envs[@]}" "$POPDESK" --db "$1");
        echo popdesk-exit=\$?; stty -g >'$T/stty.after'; sleep 30" ||
        { bad "tmux did not start"; finish; exit 1; }
    expect "用户名" "login screen"
}
login() { # USER PASSWORD
    tm_text "$1"; tm_keys Enter; tm_text "$2"; tm_keys Enter
}
# help_here TITLE: F1 shows the help of the screen titled TITLE; any key closes it
help_here() {
    tm_keys F1
    if tm_wait "帮助: $1" 3 && tm_wait "按任意键关闭帮助" 1; then ok "F1: help of $1"; else bad "F1: help of $1"; fi
    tm_keys Escape
    tm_wait_gone "按任意键关闭帮助" 3 || bad "help of $1 closes"
}

# ---- a real register: one household, and one with the polyphonic surnames ----
"${P[@]}" init --station $STATION --admin admin --password-file "$T/pw" >/dev/null || { bad "init"; finish; exit 1; }
HH2=${STATION}010002
ID_SXH=$(idck 33020519610520985)   # 单兴华 (shan)
ID_ZL=$(idck 33020519710305775)    # 曾磊 (zeng)
cat >"$T/reg.csv" <<EOF
户编号,住址,户口簿号,姓名,身份证号,性别,出生日期,与户主关系,婚姻状况,户籍地址
$HH,江北区甬江街道示范社区1号,A1001,张三,$ID_ZS,男,1985-03-15,户主,已婚,江北区甬江街道示范社区1号
$HH,,,李梅,$ID_LM,女,1987-06-20,妻,已婚,江北区甬江街道示范社区1号
$HH2,江北区甬江街道桃源路88弄5号,A1002,单兴华,$ID_SXH,男,1961-05-20,户主,已婚,江北区甬江街道桃源路88弄5号
$HH2,,,曾磊,$ID_ZL,男,1971-03-05,其他,未婚,江北区甬江街道桃源路88弄5号
EOF
"${P[@]}" import "$T/reg.csv" >"$T/import.out" 2>&1 || { bad "import"; cat "$T/import.out"; }
"${P[@]}" user add boss --role admin --password-file "$T/pw" >/dev/null 2>&1 || bad "a second administrator"

# ---- login: no demo account here; two wrong tries do not lock, three do ----
start "$db"
absent "演示账号" "real register: no demo account on the login screen"
absent "demo1234" "real register: no demo password on the login screen"
login admin wrong-1
expect "用户名或密码不对" "first wrong password refused in words"
tm_text wrong-2; tm_keys Enter
tm_wait_gone "用户名或密码不对" 1   # the message is redrawn: wait for the second refusal
expect "用户名或密码不对" "second wrong password refused"
tm_text secret123; tm_keys Enter
expect "台账概况" "two wrong tries do not lock: the right password signs in" 10
tm_keys q
expect "popdesk-exit=0" "quits"
start "$db"
login admin wrong-1
expect "用户名或密码不对" "wrong password 1 of 3"
for i in 2 3; do tm_text "wrong-$i"; tm_keys Enter; sleep 0.3; done
expect "错误次数太多" "the third wrong try says the account is now locked"
tm_text secret123; tm_keys Enter
expect "已锁定" "after three wrong tries the right password is refused: locked"
expect "分钟后再试" "the lock-out says how long"
absent "台账概况" "locked: no home screen"
# another administrator lifts the lock from the command line
"${envs[@]}" POPDESK_USER=boss POPDESK_PASSWORD_FILE="$T/pw" "$POPDESK" --db "$db" user unlock admin >"$T/unlock.out" 2>&1 ||
    bad "boss unlocks admin: $(cat "$T/unlock.out")"
tm_text secret123; tm_keys Enter
expect "台账概况" "signs in once the lock is lifted" 10
help_here "首页"

# ---- Find: last digits, household code, address fragment, polyphonic initials ----
tm_keys F3
expect "查找：" "find screen"
help_here "查找"
find_is() { # QUERY WANT NOT DESCRIPTION
    tm_keys C-u; tm_text "$1"
    if tm_wait "$2" 5 && { [ -z "$3" ] || ! tm_screen | grep -qF -- "$3"; }; then ok "$4"; else bad "$4"; fi
}
find_is "${ID_SXH:14:4}" "$ID_SXH" "$ID_ZS" "last 4 digits of the ID number find 单兴华 only"
find_is "$ID_ZL" "$ID_ZL" "$ID_SXH" "the full ID number finds 曾磊"
find_is "$HH2" "$ID_ZL" "$ID_ZS" "the household code lists its members"
expect "$ID_SXH" "the household code: the head too"
find_is "桃源路88弄" "$ID_SXH" "$ID_ZS" "an address fragment finds the household's members"
find_is sxh "$ID_SXH" "" "'sxh' finds 单兴华 (单 read shan as a surname)"
find_is dxh "没有找到" "$ID_SXH" "'dxh' does not (单 is not dan as a surname)"
find_is zl "$ID_ZL" "" "'zl' finds 曾磊 (曾 read zeng as a surname)"
find_is cl "没有找到" "$ID_ZL" "'cl' does not (曾 is not ceng as a surname)"
find_is 单兴 "$ID_SXH" "$ID_ZL" "a name prefix"

# ---- household: help, the change menu's events pre-filled from the household ----
find_is 张三 "$ID_ZS" "" "张三 found"
tm_keys Enter
expect "人员 张三" "person screen"
help_here "人员 张三"
tm_keys h
expect "家庭成员" "household screen"
help_here "户 $HH"
tm_keys l
expect "变动记录" "household change log"
help_here "变动记录"
tm_keys Escape
expect "家庭成员" "back on the household"

n=$(outbox)
tm_keys e
expect "登记变动" "household change menu"
help_here "登记变动"
for t in person.add person.birth person.move_in migrant.arrive record.correct; do
    if tm_screen | grep -qF "$t"; then ok "household menu offers $t"; else bad "household menu offers $t"; fi
done
for t in person.death person.move_out woman.pregnancy; do
    if tm_screen | grep -qF "$t"; then bad "household menu offers no $t (a person's event)"; else ok "household menu offers no $t"; fi
done
if pick person.add; then ok "person.add chosen"; else bad "person.add chosen"; fi
expect "登记人口  户 $HH" "add-member form for the household"
expect "江北区甬江街道示范社区1号" "add member: addresses pre-filled from the household"
help_here "登记人口"
ID_ZXM=$(idck 33020520150601001)
tm_text "张小梅"; tm_keys Tab; tm_text "$ID_ZXM"
expect "2015-06-01" "add member: sex and birth date from the ID number"
tm_keys Tab Tab Tab Tab; tm_text 女; tm_keys Tab
saved "$n" "member added from the household's change menu"
expect "张小梅" "the new member in the household"

n=$(outbox)
tm_keys e
expect "登记变动" "household change menu again"
if pick person.birth; then ok "person.birth chosen"; else bad "person.birth chosen"; fi
expect "出生  户 $HH" "birth form for the household"
expect "江北区甬江街道示范社区1号" "birth: addresses pre-filled from the household"
help_here "出生"
tm_keys F4
expect "李梅 女" "birth: the household's women offered as the mother"
pick "李梅 女" || bad "mother chosen"
tm_keys F4; expect "张三 男" "birth: the household's men offered as the father"; pick "张三 男" || bad "father chosen"
tm_keys Tab Tab; tm_text "张小宝"; tm_keys Tab Tab; tm_text 1; tm_keys Tab   # the pick moved on to 孩次
tm_text 20991231
refused "晚于今天" "$n" "birth: a birth date in the future"
retype "$(ymd '-10 days' | tr -d -)"; tm_keys Tab Tab; tm_text 子
saved "$n" "birth from the household's change menu"
expect "张小宝" "the baby in the household"
tm_keys l
expect "出生" "household change log: the birth"
expect "登记人口" "household change log: the member added"
go_home

# ---- a fatal signal in the middle of a form: terminal back, register whole ----
open_person 李梅 "$ID_LM"
open_form person.death "死亡  李梅"
tm_text "$(ymd '-1 days')"
pane=$(tm list-panes -t "$TM_SESSION" -F '#{pane_pid}')
pd_pid=$(pgrep -P "$pane" -x popdesk || true)
if [ -n "$pd_pid" ]; then
    kill -SEGV "$pd_pid"
    expect "popdesk-exit=139" "killed by SIGSEGV (128+11)"
    tm_wait_gone "死亡  李梅" 3 || true
    if [ "$(tm display-message -p -t "$TM_SESSION" '#{alternate_on}')" = 0 ]; then ok "crash: the alternate screen is left"
    else bad "crash: the alternate screen is left"; fi
    for i in $(seq 40); do [ -s "$T/stty.after" ] && break; sleep 0.05; done
    if [ -s "$T/stty.after" ] && cmp -s "$T/stty.before" "$T/stty.after"; then ok "crash: the terminal's settings restored"
    else bad "crash: the terminal's settings restored ($(cat "$T/stty.before") / $(cat "$T/stty.after" 2>/dev/null))"; fi
else
    bad "popdesk's process under the tmux pane"
fi
same() { if [ "$1" = "$2" ]; then ok "$3"; else bad "$3: got '$1', wanted '$2'"; fi; }
same "$(sql "$db" 'PRAGMA integrity_check')" ok "crash: the register's integrity"
same "$(sql "$db" "SELECT status FROM persons WHERE name='李梅'")" active "crash: the unsaved death is not recorded"
same "$(sql "$db" 'SELECT count(*) = max(seq) FROM outbox')" 1 "crash: the outbox gapless"

# ---- a demo register: demo account, reminders, the roster walked to its end ----
demo=$T/demo.db
"$POPDESK" --db "$demo" demo --persons 2000 >"$T/demo.out" 2>&1 || { bad "popdesk demo"; cat "$T/demo.out"; }
start "$demo"
expect "演示账号：demo / demo1234" "demo register: its demo account on the login screen"
login demo demo1234
expect "台账概况" "demo: signed in with the demo account" 10
expect "今日提醒" "home: today's reminders"
expiring=$(sed -n 's/.*, \([0-9]*\) expiring within 30 days.*/\1/p' "$T/demo.out")
if [ -n "$expiring" ] && [ "$expiring" -gt 0 ]; then
    expect "婚育证明30天内到期:$expiring" "home: $expiring migrant certificates expiring (as popdesk demo says)"
else bad "popdesk demo reports expiring certificates ($(cat "$T/demo.out"))"; fi
wcba=$(sql "$demo" "SELECT count(*) FROM persons WHERE wcba=1 AND status='active'")
if tm_screen | grep -Eq "育龄妇女 +$wcba\b"; then ok "home: $wcba women 15-49"; else bad "home: $wcba women 15-49"; fi
last=$(sql "$demo" "SELECT name FROM persons WHERE wcba=1 AND status='active' ORDER BY name DESC LIMIT 1")
tm_keys w
expect "育龄妇女名册" "women's roster"
help_here "育龄妇女名册"
if [ "$wcba" -gt 500 ]; then
    expect "第 1-500 条，往下翻看后面的" "roster: the first 500 and more below"
    for i in $(seq 40); do tm_keys PgDn; done   # 543 rows: 31 pages and more
    expect "到底了" "roster: paged past the first 500 to the end"
    expect "-$wcba 条" "roster: the last row is row $wcba"
    tm_wait "$last" 5 || true   # the last PgDn keys may still be on their way
    if tm_screen_attr | grep -F -- "$last" | grep -q $'\e\[7m'; then
        ok "roster: the last woman in name order ($last) selected at the end"
    else bad "roster: the last woman in name order ($last) selected at the end"; fi
    for i in $(seq 30); do tm_keys PgUp; done
    expect "第 1-500 条" "roster: back to the start"
    tm_keys f
    expect "筛选: 已婚" "roster: a filter starts from its first row"
else
    bad "the demo has more than 500 women 15-49 ($wcba)"
fi
go_home
tm_keys q
expect "popdesk-exit=0" "quits with status 0"
finish
