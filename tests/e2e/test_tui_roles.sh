#!/bin/bash
# End-to-end test of the subsidy screens (issue 5), roles, the idle lock and
# logout in a real terminal (tmux, 80x24), on the elderly families of
# tests/e2e/data/subsidy_families.py (saved by tests/tools/evsave):
#  - the confirmation list of 奖扶 2012 (new / continuing / leaving, counts
#    and amounts), the filter, the programme switch;
#  - one person's every condition in words; a supervisor approves a new
#    recipient and rejects a leaving one with the failing condition as the
#    reason (two subsidy.decision events in the outbox); approving someone
#    not eligible asks again;
#  - the person screen lists the three programmes, eligible or not;
#  - a clerk cannot decide (told so); a viewer's keys offer no change and a
#    change key is refused in words;
#  - the idle lock: covers the screen, a wrong password is refused (and
#    counted: three lock the account), the right one returns to the form
#    with the typing kept; F10 on the lock logs out; X logs out from home.
# POPDESK = the binary (default build/popdesk); EVSAVE = tests/tools/evsave
# (default beside the binary).  Last line: "tui-roles: N passed, N failed".
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
POPDESK=${POPDESK:-$root/build/popdesk}
case $POPDESK in /*) ;; *) POPDESK=$root/$POPDESK ;; esac
EVSAVE=${EVSAVE:-$(dirname "$POPDESK")/tools/evsave}
T=$(mktemp -d "${POPDESK_TEST_TMP:-${TMPDIR:-/tmp}}/tui-roles-e2e.XXXXXX")
export TM_SOCK="popdesk-tuiroles-$$"
. "$here/lib/tmux.sh"
cleanup() { tm_stop; rm -rf "$T"; }
trap cleanup EXIT
trap "exit 1" INT TERM

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; echo "---- screen ----"; tm_screen; echo "----------------"; }
expect() { # TEXT DESCRIPTION [SECONDS]
    if tm_wait "$1" "${3:-5}"; then ok "$2"; else bad "$2 (no '$1')"; fi
}
expect_re() { # REGEX DESCRIPTION [SECONDS]
    local i=0 n=$(( ${3:-5} * 20 ))
    while [ $i -lt $n ]; do
        if tm_screen | grep -Eq -- "$1"; then ok "$2"; return 0; fi
        sleep 0.05; i=$((i + 1))
    done
    bad "$2 (no /$1/)"
}
absent() { # TEXT DESCRIPTION: TEXT is not on the screen now
    if tm_screen | grep -qF -- "$1"; then bad "$2 ('$1' shown)"; else ok "$2"; fi
}
finish() { echo "tui-roles: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

[ -x "$EVSAVE" ] || { bad "no $EVSAVE (make builds tests/tools/evsave)"; finish; }
DB=$T/r.db
CONF=$T/popdesk.ini
printf '[station]\ncode = 330205001001\n[policy]\nfile = %s/conf/policy/zhejiang-2012.ini\n[auth]\nmax_failures = 3\n' \
    "$root" > "$CONF"
# user add and export sign the admin in (docs/ACCOUNTS.md)
printf 'Secret-pass1\n' > "$T/admin.pw"
chmod 600 "$T/admin.pw"
pd() { POPDESK_USER=admin POPDESK_PASSWORD_FILE="$T/admin.pw" "$POPDESK" --config "$CONF" --db "$DB" "$@"; }
pd init --station 330205001001 --admin admin --password-file <(echo Secret-pass1) > /dev/null &&
pd user add sup01 --role supervisor --password-file <(echo Secret-pass1) > /dev/null &&
pd user add clerk01 --role clerk --password-file <(echo Clerk-pass1) > /dev/null &&
pd user add view01 --role viewer --password-file <(echo View-pass1) > /dev/null &&
python3 "$root/tests/e2e/data/subsidy_families.py" > "$T/fam.jsonl" &&
"$EVSAVE" "$DB" sup01 < "$T/fam.jsonl" > "$T/ids" || { bad "set-up"; finish; }
outbox_decisions() { pd export events --format jsonl 2>/dev/null | grep -c '"subsidy.decision"'; }
before=$(outbox_decisions)

# start_tui USER PASSWORD [ENV=VALUE...]
start_tui() {
    local user=$1 pass=$2; shift 2
    tm_stop
    tm_start 80 24 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
        TERM=screen-256color "$@" "$POPDESK" --config "$CONF" --db "$DB"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "tmux did not start"; finish; }
    tm_wait "用户名" 5 || bad "login screen"
    tm_text "$user"; tm_keys Enter; tm_text "$pass"; tm_keys Enter
    expect "台账概况" "$user: home"
}
back_years=$(( $(date +%Y) - 2012 ))
to_2012() { for _ in $(seq 1 "$back_years"); do tm_keys -; done; }

# ---- a supervisor: the confirmation list and decisions ----------------------
start_tui sup01 Secret-pass1
expect "P     补助" "home menu offers the subsidies"
tm_keys p
expect "补助: 奖励扶助（奖扶）" "subsidy screen"
to_2012
expect "奖励扶助（奖扶） 2012年  新增2 续发1 退出2" "奖扶 2012: 2 new, 1 continuing, 2 leaving"
expect "新增 1920 元，续发 960 元" "amounts per group"
expect_re "新增 +李阿婆 +60 +2女 +双女 +960" "李阿婆: new, two daughters, 960 yuan"
expect_re "退出 +吴伯 .*非农业户口" "吴伯 leaving: non-agricultural registration"
tm_keys f
expect "筛选: 新增" "filter: new"
absent "王大伯" "filter: continuing rows hidden"
tm_keys f f
expect "筛选: 退出" "filter: leaving"
absent "李阿婆" "filter: new rows hidden"
tm_keys f f
expect "筛选: 全部" "filter back to all"

# approve 李阿婆 (first row)
tm_keys Enter
expect "符合条件：双女，每年 960 元" "person: eligible in words"
expect_re "符合 +2012年60周岁" "person: the age condition in words"
expect "本年还没有决定" "person: not decided yet"
tm_keys y
expect "已记录决定" "approval recorded"
expect "本年决定：批准（sup01" "the decision shown with who decided"
tm_keys Escape
expect_re "李阿婆 .* 批准" "the list shows the approval"
expect "已批1 不批0 未定4" "counts of decisions"

# reject 吴伯 with the failing condition as the reason
tm_keys Down Down Down Enter
expect "不符   非农业户口" "吴伯: the failing condition"
tm_keys y
expect "再按 Y 确认" "approving someone not eligible asks again"
tm_keys Escape
tm_keys n
expect "不批准的原因" "rejecting asks a reason"
expect "非农业户口,不符合" "the reason starts from the failing condition"
tm_keys C-u Enter
expect "不批准必须写明原因" "an empty reason is refused"
tm_text "户口性质已改为非农业"; tm_keys Enter
expect "本年决定：不批准" "rejection recorded"
tm_keys Escape
expect "已批1 不批1 未定3" "counts after the rejection"
after=$(outbox_decisions)
if [ $((after - before)) -eq 2 ]; then ok "two subsidy.decision events saved"
else bad "two subsidy.decision events saved (got $((after - before)))"; fi
tm_keys p
expect "特别扶助（特扶） 2012年" "P switches the programme"
tm_keys p p
expect "奖励扶助（奖扶） 2012年" "and round again"
tm_keys Escape

# the person screen lists the programmes
tm_keys F3; tm_text "李阿婆"; tm_keys Enter
expect "补助项目（" "person screen: the programmes"
expect "奖励扶助（奖扶）  符合条件：双女" "person screen: eligible for 奖扶"
expect "特别扶助（特扶）  不符合：" "person screen: not eligible for 特扶, with the reason"
expect "独生子女父母奖励  不符合：" "person screen: one-child reward line"
tm_keys Escape Escape
expect "台账概况" "home"
tm_keys x
expect "已注销: sup01" "X logs out to the login screen"
expect "用户名" "login screen after logout"

# ---- a clerk cannot decide ---------------------------------------------------
tm_text clerk01; tm_keys Enter; tm_text Clerk-pass1; tm_keys Enter
expect "clerk01 |" "clerk logged in on the same screens"
tm_keys p; to_2012; tm_keys Enter
expect "符合条件" "clerk sees the assessment"
absent "Y批准" "clerk: no decision keys"
tm_keys y
expect "只有主管（supervisor）或管理员（admin）能记录补助决定" "clerk: a decision is refused in words"
tm_stop

# ---- a viewer changes nothing --------------------------------------------------
start_tui view01 View-pass1
absent "N新立户" "viewer: no new household on the key line"
tm_keys n
expect "只读账号（viewer）不能登记或更正变动" "viewer: N refused in words"
tm_keys F3; tm_text "李阿婆"; tm_keys Enter
expect "人员 李阿婆" "viewer: person screen"
absent "C更正" "viewer: no correction key"
absent "E登记变动" "viewer: no change key"
tm_keys c
expect "只读账号（viewer）不能登记或更正变动" "viewer: C refused in words"
tm_keys h
expect "家庭成员" "viewer: household screen"
absent "A登记成员" "viewer: no add-member key"
tm_keys a
expect "只读账号" "viewer: A refused"
tm_stop

# ---- the idle lock --------------------------------------------------------------
start_tui clerk01 Clerk-pass1 POPDESK_TUI_IDLE_LOCK_MS=1500
tm_keys F3; tm_text "李阿婆"; tm_keys Enter
expect "人员 李阿婆" "clerk: person screen"
tm_keys c
expect "更正原因" "a correction form open"
tm_text "锁屏前输入的原因"
expect "屏幕已锁定" "idle: the screen locks" 5
absent "李阿婆" "locked: nothing of the register shows"
absent "锁屏前" "locked: not even the typing"
tm_text wrongpass; tm_keys Enter
expect "用户名或密码不对" "lock: a wrong password refused (in Chinese)"
tm_text Clerk-pass1; tm_keys Enter
expect "锁屏前输入的原因" "unlocked: back on the form with the typing"
expect "屏幕已锁定" "locks again when idle" 5
tm_keys F10
expect "已注销: clerk01" "F10 on the lock logs out"
expect "用户名" "login screen after the lock"
tm_stop

# wrong tries on the lock count as login failures
start_tui view01 View-pass1 POPDESK_TUI_IDLE_LOCK_MS=700
expect "屏幕已锁定" "viewer locked when idle" 5
for _ in 1 2 3; do tm_text nope-nope; tm_keys Enter; tm_wait "用户名或密码不对" 2 >/dev/null; done
tm_text View-pass1; tm_keys Enter
expect "密码错误次数太多：账号“view01”已锁定" "three wrong tries on the lock locked the account"
tm_keys F10
expect "用户名" "logged out"
tm_keys F10
expect "popdesk-exit=0" "quits with status 0"
finish
