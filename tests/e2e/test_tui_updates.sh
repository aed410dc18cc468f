#!/bin/bash
# test_tui_updates.sh - the "from the district" screen (区里来的待办,
# screens/updates.c) end to end: updates queued into the reference district
# server (POST /control/updates), pulled with `popdesk sync --pull-only`
# over mutual TLS, then handled in a real terminal (tmux, 80x24; the first
# session monochrome, TERM=vt100):
#  - the home screen names the key (I), not the command; the screen lists
#    the waiting updates one line each (number, type, date, state, summary)
#    and Enter shows one whole;
#  - a cross-check answered on screen (text, then found yes/no) becomes
#    exactly one crosscheck.answer outbox event carrying the text; answering
#    it again is refused in words;
#  - a transfer-in confirmed into a household code that does not exist is
#    refused in the store's words and nothing is saved; into the existing
#    household it creates the person there (checked in the register);
#  - a message dismissed with a note leaves the default list and shows with
#    the all-toggle (F);
#  - a viewer sees the list but cannot answer (told so; nothing saved).
# POPDESK = the binary (default build/popdesk); EVSAVE = tests/tools/evsave
# (default beside the binary).  Last line: "tui-updates: N passed, N failed".
# shellcheck disable=SC2154,SC2015
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui-updates --tmux popdesk-tuiupd --evsave
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
ST=330205001001
TOKEN=e2e-tuiupd-token-5e6f7a8b
pids=()
cleanup() {
    tm_stop
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
absent() { if tm_screen | grep -qF -- "$1"; then bad "$2 ('$1' shown)"; else ok "$2"; fi; }

district_start "$ST" "$TOKEN" || { finish; exit 1; }

DB=$T/register.db
CONF=$T/p.ini
{
    printf '[station]\ncode = %s\n[database]\npath = %s\n[district]\nurl = %s\n' "$ST" "$DB" "$URL"
    printf 'ca_file = %s\ntoken_file = %s\nclient_cert = %s\nclient_key = %s\n' \
        "$PKI/ca.pem" "$T/token" "$PKI/client.pem" "$PKI/client.key"
    printf 'connect_timeout = 5\ntimeout = 20\n'
} > "$CONF"
printf 'secret-管理员1\n' > "$T/admin.pw"
printf 'View-pass1\n' > "$T/view.pw"
chmod 600 "$T/admin.pw" "$T/view.pw"
export POPDESK_USER=admin POPDESK_PASSWORD_FILE=$T/admin.pw
PD() { "$POPDESK" --config "$CONF" "$@"; }
PD init --station "$ST" --admin admin --password-file "$T/admin.pw" > /dev/null || { bad "init"; finish; exit 1; }
PD user add view01 --role viewer --password-file "$T/view.pw" > /dev/null || bad "viewer added"
HH=330205001001010001
printf '{"type": "household.add", "household": "%s", "data": {"code": "%s", "address": "宁波市江北区甬江街道惊驾路5号", "reg_type": "2"}}\n' \
    "$HH" "$HH" | "$EVSAVE" "$DB" admin > /dev/null || bad "household.add failed"
ASKED=$(idck 33020519850612002)
MOVER=$(idck 33020319900312004)
queue() { curl -s -m 10 -d "$1" "$CTL/control/updates" > /dev/null || bad "queueing $1 failed"; }
queue "{\"station\": \"$ST\", \"type\": \"crosscheck.request\", \"id\": \"x-1\", \"at\": \"2012-06-02T09:00:00+08:00\",
        \"data\": {\"id_number\": \"$ASKED\", \"question\": \"此人是否在你社区居住？\", \"due\": \"2012-06-09\"}}"
queue "{\"station\": \"$ST\", \"type\": \"person.transfer_in\", \"id\": \"t-1\", \"at\": \"2012-06-03T10:00:00+08:00\",
        \"data\": {\"from\": \"宁波市海曙区\", \"date\": \"2012-05-20\",
                   \"person\": {\"name\": \"王丽\", \"id_number\": \"$MOVER\", \"sex\": \"2\", \"birth_date\": \"1990-03-12\",
                                \"ethnicity\": \"01\", \"reg_type\": \"1\", \"marital\": \"10\"}}}"
queue "{\"station\": \"$ST\", \"type\": \"message\", \"id\": \"m-1\", \"at\": \"2012-06-04T08:30:00+08:00\",
        \"data\": {\"title\": \"月底报送统计表\", \"text\": \"请于6月30日前报送二季度统计表\"}}"
OUT=$(PD sync --pull-only 2>&1)
expect_eq "$(sql "$DB" "SELECT count(*) FROM district_updates WHERE state='new'")" 3 "three updates pulled ($OUT)"
answers() { sql "$DB" "SELECT count(*) FROM outbox WHERE json_extract(body,'\$.type')='crosscheck.answer'"; }

# start_tui USER PASSWORD TERM: the screens on the register (no district:
# nothing pushed behind the test's back), signed in as USER
start_tui() {
    tm_stop
    tm_start 80 24 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
        TERM="$3" "$POPDESK" --db "$DB"); echo popdesk-exit=\$?; sleep 30" || { bad "tmux did not start"; return 1; }
    tm_wait "用户名" 10 || bad "login screen"
    tm_text "$1"; tm_keys Enter; tm_text "$2"; tm_keys Enter
    expect "台账概况" "$1: home ($3)" 10
}

# ---- the clerk's session, monochrome ---------------------------------------
start_tui admin 'secret-管理员1' vt100
expect "区里来的待办 3 条（协查、迁入、通知）：按 I 查看处理" "home names the key, not the command"
absent "popdesk updates" "home no longer sends the clerk to the command line"
expect "I     区里待办" "the home menu offers I"
tm_keys i
expect "区里来的待办：待处理和未通过的 3 条" "I opens the screen with the 3 waiting"
expect "协查请求" "the cross-check is listed by its type in words"
expect "迁入通知" "the transfer-in is listed"
expect "月底报送统计表" "the message is listed by its title"
# one line each, 80 columns: number, type, date, state, summary
if tm_screen | grep -Eq '^ +1 协查请求 +2012-06-02 待处理 +此人是否在你社区居住'; then ok "a row: number, type, date, state, question"
else bad "the cross-check row is not one line of number, type, date, state, question"; fi
if tm_screen | grep -Eq '^ +2 迁入通知 +2012-06-03 待处理 +王丽'; then ok "the transfer row names the person"
else bad "the transfer row does not name the person"; fi
expect "F1帮助" "the bottom line starts with F1"
expect "A答复" "the bottom line offers A (answer)"
tm_keys F1
expect "先写答复内容" "F1 explains the screen"
tm_keys Escape
tm_wait_gone "先写答复内容" 3 && ok "help closed" || bad "help did not close"

# Enter: the cross-check whole
tm_keys Enter
expect "此人是否在你社区居住" "Enter shows the question"
expect "$ASKED" "and the ID number asked about"
expect "2012-06-09" "and the date to answer by"
# answer: the text, then found yes/no
tm_keys a
expect "答复区里：" "A asks for the answer"
tm_keys Enter
expect "请先输入内容" "an empty answer is not taken"
tm_text "查无此人，未在本社区居住"
tm_keys Enter
expect "本社区查到此人吗" "then asks whether the person was found"
tm_keys n
expect "已答复 x-1" "answered: says so"
expect "已答复" "the update shown whole is now answered"
expect_eq "$(answers)" 1 "exactly one crosscheck.answer in the outbox"
expect_eq "$(sql "$DB" "SELECT json_extract(body,'\$.data.answer')||'|'||json_extract(body,'\$.data.found')||'|'||json_extract(body,'\$.data.update')||'|'||json_extract(body,'\$.user') FROM outbox WHERE json_extract(body,'\$.type')='crosscheck.answer'")" \
    "查无此人，未在本社区居住|0|x-1|admin" "the event carries the text, not found, the update and the clerk"
expect_eq "$(sql "$DB" "SELECT count(*) FROM audit WHERE seq=(SELECT seq FROM district_updates WHERE uid='x-1')")" 1 \
    "the answer is in the audit log"
expect_eq "$(sql "$DB" "SELECT state FROM district_updates WHERE uid='x-1'")" answered "the update is answered"
tm_keys a
expect "这一件已答复，不用再处理" "answering it again is refused in words"
expect_eq "$(answers)" 1 "still exactly one crosscheck.answer"
tm_keys Escape
expect "区里来的待办：待处理和未通过的 2 条" "back in the list: the answered one left it"

# the transfer-in: a wrong household first
expect "迁入通知" "the transfer-in is there"
tm_keys Enter
expect "宁波市海曙区" "Enter shows where the person comes from"
expect "王丽" "and the district's record of the person"
tm_keys Escape
tm_keys c
expect "迁入哪一户" "C asks for the household"
tm_text "330205001001019999"
tm_keys Enter
expect "没有保存：" "a household that does not exist is refused"
if tm_screen | grep -q "没有保存：.*[户h]"; then ok "the refusal says why in words"; else bad "the refusal does not say why"; fi
expect_eq "$(sql "$DB" "SELECT state FROM district_updates WHERE uid='t-1'")" new "refused: the update still waits"
expect_eq "$(sql "$DB" "SELECT count(*) FROM persons WHERE id_number='$MOVER'")" 0 "refused: nobody saved"
expect_eq "$(sql "$DB" "SELECT count(*) FROM outbox WHERE json_extract(body,'\$.type')='person.move_in'")" 0 \
    "refused: no event"
tm_keys C-u
tm_text "$HH"
tm_keys Enter
expect "已确认 t-1" "the right household: confirmed"
expect_eq "$(sql "$DB" "SELECT name||'|'||household||'|'||birth_date||'|'||status FROM persons WHERE id_number='$MOVER'")" \
    "王丽|$HH|1990-03-12|active" "the person is in the register, in that household"
expect_eq "$(sql "$DB" "SELECT state FROM district_updates WHERE uid='t-1'")" confirmed "the update is confirmed"
expect_eq "$(sql "$DB" "SELECT count(*) FROM outbox WHERE json_extract(body,'\$.type')='person.move_in'")" 1 \
    "one person.move_in queued for the district"

# the message: dismissed with a note
expect "区里来的待办：待处理和未通过的 1 条" "one update left"
tm_keys d
expect "已阅备注" "D asks for an optional note"
tm_text "已转告计生专干"
tm_keys Enter
expect "m-1 已标为已阅" "dismissed: says so"
expect "区里来的待办：待处理和未通过的 0 条" "the default list is empty"
expect "没有待处理的区里来件" "and says so"
absent "月底报送统计表" "the dismissed message left the default list"
expect_eq "$(sql "$DB" "SELECT state||'|'||note||'|'||done_by FROM district_updates WHERE uid='m-1'")" \
    "dismissed|已转告计生专干|admin" "the row is dismissed with the note and the clerk"
tm_keys f
expect "区里来的待办：全部 3 条" "F shows all"
expect "月底报送统计表" "the dismissed message shows with all"
if tm_screen | grep -Eq '^ +3 通知 +2012-06-04 已阅 '; then ok "as dismissed"; else bad "the message is not shown as dismissed"; fi
tm_keys f
expect "区里来的待办：待处理和未通过的 0 条" "F again: only what waits"
tm_keys Escape
expect "台账概况" "Esc goes home"
absent "区里来的待办" "nothing waits: home says nothing"
tm_keys q   # vt100 has no F10
expect "popdesk-exit=0" "q quits"

# ---- a viewer ----------------------------------------------------------------
queue "{\"station\": \"$ST\", \"type\": \"crosscheck.request\", \"id\": \"x-2\",
        \"data\": {\"id_number\": \"$MOVER\", \"question\": \"请核实此人婚育情况\", \"due\": \"2012-07-01\"}}"
OUT=$(PD sync --pull-only 2>&1)
expect_eq "$(sql "$DB" "SELECT state FROM district_updates WHERE uid='x-2'")" new "x-2 pulled ($OUT)"
start_tui view01 View-pass1 screen-256color
expect "区里来的待办 1 条" "the viewer is told an update waits"
tm_keys i
expect "请核实此人婚育情况" "the viewer sees the list"
absent "A答复" "the viewer's bottom line offers no answer"
tm_keys a
expect "只读账号（viewer）只能查看区里来的待办" "A: the viewer is told the account is read-only"
absent "答复区里：" "no answer prompt for a viewer"
tm_keys d
expect "只读账号（viewer）只能查看区里来的待办" "D: the same"
tm_keys Enter
expect "2012-07-01" "the viewer can read it whole"
tm_keys a
expect "只读账号（viewer）只能查看区里来的待办" "A on the update shown whole: refused too"
expect_eq "$(sql "$DB" "SELECT state FROM district_updates WHERE uid='x-2'")" new "the viewer saved nothing"
expect_eq "$(answers)" 1 "no new crosscheck.answer"
tm_keys Escape Escape
expect "台账概况" "home"
tm_keys F10
expect "popdesk-exit=0" "F10 quits"
tm_stop

finish
