#!/bin/bash
# End-to-end test of pushing from the screens (issue 4) in a real terminal
# (tmux, 80x24) against the reference district server over mutual TLS with
# the test PKI (scripts/make-test-pki.sh), the server refusing person.add
# (reject_type fault):
#  - after the login the screens push in the background; a saved household
#    is sent, a person is sent back: the home screen shows sent/rejected and
#    the last attempt and success;
#  - the "sent back by the district" screen lists it with the district's
#    code and message; Enter opens the person; C opens a correction, which is
#    saved as a new event and sent (the rejected one stays listed);
#  - while the district takes 4 s to answer, the clerk keeps working (find
#    answers at once) and the home screen says a push is under way; quitting
#    then ends at once with status 0;
#  - with the district gone, the home screen shows the problem in words and
#    the change stays pending.
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui-sync: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
POPDESK=${POPDESK:-$root/build/popdesk}
case $POPDESK in /*) ;; *) POPDESK=$root/$POPDESK ;; esac
T=$(mktemp -d "${POPDESK_TEST_TMP:-${TMPDIR:-/tmp}}/tui-sync-e2e.XXXXXX")
export TM_SOCK="popdesk-tuisync-$$"
. "$here/lib/tmux.sh"
srv=""
cleanup() {
    tm_stop
    [ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap "exit 1" INT TERM

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; echo "---- screen ----"; tm_screen; echo "----------------"; }
expect() { # TEXT DESCRIPTION [SECONDS]
    if tm_wait "$1" "${3:-5}"; then ok "$2"; else bad "$2 (no '$1')"; fi
}
# expect_re REGEX DESCRIPTION [SECONDS]: polls the screen for an extended regex
expect_re() {
    local i=0 n=$(( ${3:-5} * 20 ))
    while [ $i -lt $n ]; do
        if tm_screen | grep -Eq -- "$1"; then ok "$2"; return 0; fi
        sleep 0.05; i=$((i + 1))
    done
    bad "$2 (no /$1/)"
}
finish() { echo "tui-sync: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

ST=330205001001
TOKEN=tui-e2e-token-5a4b3c2d1e
ID_ZS=330205198503150015      # 张三, male, 1985-03-15

"$root/scripts/make-test-pki.sh" "$T/pki" > /dev/null || { bad "make-test-pki.sh"; finish; }
PKI=$T/pki
printf '%s %s\n' "$ST" "$TOKEN" > "$T/tokens"
printf '%s\n' "$TOKEN" > "$T/token"
chmod 600 "$T/tokens" "$T/token"
python3 "$root/scripts/district-server" --listen 127.0.0.1:0 --db "$T/district.db" --control-port 0 \
    --token-file "$T/tokens" --cert "$PKI/server.pem" --key "$PKI/server.key" \
    --client-ca "$PKI/ca.pem" --require-client-cert --reject-type person.add \
    > "$T/srv.out" 2> "$T/srv.log" &
srv=$!
for _ in $(seq 1 200); do grep -q '^listening on' "$T/srv.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on \(.*\)/\1/p' "$T/srv.out" | sed 's|//127.0.0.1:|//localhost:|')
ctl=$(sed -n 's/^control on \(.*\)/\1/p' "$T/srv.out")
[ -n "$url" ] || { bad "district server did not start: $(tail -n 3 "$T/srv.log")"; finish; }
ctl_set() { curl -s -m 5 -d "$1" "$ctl/control" > /dev/null || bad "control request $1"; }

DB=$T/r.db
CONF=$T/popdesk.ini
printf '[station]\ncode = %s\n[database]\npath = %s\n[district]\nurl = %s\nca_file = %s\ntoken_file = %s\nclient_cert = %s\nclient_key = %s\nconnect_timeout = 3\ntimeout = 20\n' \
    "$ST" "$DB" "$url" "$PKI/ca.pem" "$T/token" "$PKI/client.pem" "$PKI/client.key" > "$CONF"
envs=(env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color
      POPDESK_SYNC_FIRST_RETRY_MS=30000)
"${envs[@]}" "$POPDESK" --config "$CONF" init --station $ST --admin admin \
    --password-file <(echo secret123) > /dev/null || { bad "init"; finish; }
status() { "${envs[@]}" "$POPDESK" --config "$CONF" status; }

start_tui() {
    tm_start 80 24 sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --config "$CONF"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "tmux did not start"; finish; }
    tm_wait "用户名" 5 || bad "login screen"
    tm_text admin; tm_keys Enter; tm_text secret123; tm_keys Enter
}

start_tui
expect "台账概况" "home after login" 10
expect "上报完成" "a first background pass ran after the login"

# a household (accepted) and a person (the district refuses person.add)
tm_keys n
expect "户编号" "new household form"
tm_text 010001; tm_keys Tab Tab
tm_text "江北区中马街道白沙路12号"; tm_keys Tab Tab; tm_text 1; tm_keys Tab F2
expect "家庭成员" "household saved"
tm_keys a
expect "登记人口" "add-member form"
tm_text "张三"; tm_keys Tab; tm_text $ID_ZS; tm_keys Tab Tab Tab Tab; tm_text 02; tm_keys F2
expect "户主" "member saved"
tm_keys Escape
expect "台账概况" "home again"
expect_re "区里退回 +1" "home: 1 sent back by the district" 10
expect_re "已上报 +1" "home: 1 sent"
expect_re "待上报变动 +0" "home: nothing pending"
expect "区里退回 1 条" "home: the last pass in words"
expect_re "最近上报成功 +20[0-9-]+ [0-9:]+" "home: last success shown"
expect_re "最近尝试上报 +20[0-9-]+ [0-9:]+" "home: last attempt shown"

# the sent-back screen
tm_keys r
expect "区里的说明" "sent-back screen"
expect "rejected_type" "the district's code listed"
expect "refuses events of type person.add" "the district's message in full"
expect_re "登记人口 +张三" "the event and the person named"
tm_keys Enter
expect "人员 张三" "Enter opens the person"
tm_keys Escape
expect "区里的说明" "back on the sent-back screen"
tm_keys c
expect "更正原因" "C opens a correction of the person"
tm_text "区里退回，补民族"; tm_keys Tab Tab Tab Tab Tab; tm_text 01; tm_keys Tab
expect "汉族" "ethnicity typed in the correction"
tm_keys F2
expect "已保存" "correction saved"
expect "rejected_type" "the rejected event stays listed after the correction"
tm_keys Escape
expect "台账概况" "home after the correction"
expect_re "已上报 +2" "the correction was sent in the background" 10
if status | grep -Eq '^outbox +0 pending, 2 sent, 1 rejected'; then ok "outbox: 2 sent, 1 rejected"
else bad "outbox: 2 sent, 1 rejected ($(status | grep outbox))"; fi
if python3 - "$T/district.db" <<'EOF'; then ok "the district holds the correction"; else bad "the district holds the correction"; fi
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("SELECT count(*) FROM events WHERE type='record.correct'").fetchone()[0]
sys.exit(0 if n == 1 else 1)
EOF

# a slow district: the clerk is not blocked
ctl_set '{"delay_ms": 2500}'
tm_keys F3
expect "查找" "find screen"
tm_text zs; tm_keys Enter
expect "人员 张三" "person opened"
tm_keys c
expect "更正原因" "second correction"
tm_text "补文化程度"; tm_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab; tm_text 20; tm_keys Tab F2
expect "已保存" "saved while the district is slow"
start=$(date +%s%N)
tm_keys F3; tm_text zs
if tm_wait "$ID_ZS" 2; then
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    ok "find answers while a push is in flight (${ms} ms)"
else bad "find answers while a push is in flight"; fi
tm_keys Escape Escape Escape
expect "正在后台上报" "home: a push under way"
expect_re "已上报 +3" "the slow push completes in the background" 10

# quitting while a pass hangs on a slow district ends at once
ctl_set '{"delay_ms": 15000}'
tm_keys F3; tm_text zs; tm_keys Enter
expect "人员 张三" "person opened for a change to push"
tm_keys c; tm_text "补工作单位"; tm_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab; tm_text "白沙村委会"; tm_keys Tab F2
expect "已保存" "saved while the district hangs"
tm_keys Escape Escape Escape
expect "正在后台上报" "a push hangs on a slow district" 10
start=$(date +%s%N)
tm_keys q
if tm_wait "popdesk-exit=0" 3; then
    ok "quit during a push ends in $(( ($(date +%s%N) - start) / 1000000 )) ms with status 0"
else bad "quit during a push ends at once"; fi
if status | grep -Eq '^outbox +1 pending'; then ok "the abandoned batch is still pending"
else bad "the abandoned batch is still pending ($(status | grep outbox))"; fi
tm_stop

# the district refuses the station's token (401): the screens stop pushing
# on their own (retrying cannot help) until the clerk presses S
ctl_set '{"delay_ms": 0}'
printf 'a-wrong-token\n' > "$T/token"
refused() { grep -c ' 401 POST ' "$T/srv.log"; }
before401=$(refused)
envs_saved=("${envs[@]}")
envs=("${envs[@]}" POPDESK_SYNC_FIRST_RETRY_MS=300)
start_tui
expect "已停止自动上报" "401: automatic pushing halted, said on home" 10
expect "HTTP 401" "401: the district's refusal in words"
n1=$(refused)
[ "$n1" -eq $((before401 + 1)) ] && ok "401: one refused request" || bad "401: $((n1 - before401)) refused requests, not 1"
sleep 2
[ "$(refused)" -eq "$n1" ] && ok "401: no retry in 2 s (first retry would be 0.3 s)" || bad "401: retried $(($(refused) - n1)) times after being refused"
tm_keys s
for _ in $(seq 1 100); do [ "$(refused)" -gt "$n1" ] && break; sleep 0.1; done
[ "$(refused)" -eq $((n1 + 1)) ] && ok "401: S tries again, once" || bad "401: S made $(($(refused) - n1)) requests, not 1"
expect_re "待上报变动 +1" "401: the change still waits"
tm_keys q
expect "popdesk-exit=0" "quits with status 0 after the refusal"
tm_stop
printf '%s\n' "$TOKEN" > "$T/token"
envs=("${envs_saved[@]}")

# the district gone: the problem in words, the change kept
kill "$srv"; wait "$srv" 2>/dev/null; srv=""
start_tui
expect "上报未成功" "home: the failed push said" 10
expect "cannot reach the district" "home: the problem in words"
expect_re "待上报变动 +1" "home: the change waits"
tm_keys q
expect "popdesk-exit=0" "quits with status 0"
tm_stop

finish
