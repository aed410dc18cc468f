#!/bin/bash
# End-to-end test of the case screens in a real terminal (tmux, 80x24):
#  - a second-child application from entry to approval: a clerk enters it
#    (the Article 19 item from the list, the documents ticked, the
#    automatic checks shown with their reasons) and records the village
#    review; the clerk is refused the town step; a supervisor records the
#    town check and the county approval with the certificate number, then
#    prints the form (the PDF read back with pdftotext);
#  - a pregnancy registered, followed up, overdue (on the overdue list),
#    then its outcome recorded;
#  - a social maintenance fee levied (command line), an overpayment
#    refused, a payment recorded on the screen, the balance shown;
#  - each step visible in `popdesk status` as one more outbox event, signed
#    by who did it; then `popdesk sync` to the reference district server
#    (plain http on loopback) and every step is there as an event.
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui_cases: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
POPDESK=${POPDESK:-$root/build/popdesk}
case $POPDESK in /*) ;; *) POPDESK=$root/$POPDESK ;; esac
EVSAVE=${EVSAVE:-$(dirname "$POPDESK")/tools/evsave}
T=$(mktemp -d "${POPDESK_TEST_TMP:-${TMPDIR:-/tmp}}/tui-cases.XXXXXX")
export TM_SOCK="popdesk-tuicases-$$"
. "$here/lib/tmux.sh"
server_pid=
cleanup() {
    tm_stop
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap "exit 1" INT TERM

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; echo "---- screen ----"; tm_screen 2>/dev/null; echo "----------------"; }
expect() { # TEXT DESCRIPTION [SECONDS]
    if tm_wait "$1" "${3:-5}"; then ok "$2"; else bad "$2 (no '$1')"; fi
}
check() { # DESCRIPTION GOT WANTED
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', wanted '$3'"; fi
}
finish() { echo "tui_cases: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

for tool in "$EVSAVE" "$(command -v sqlite3)" "$(command -v python3)"; do
    [ -x "$tool" ] || { bad "missing $tool (make builds tests/tools/evsave)"; finish; exit 1; }
done

ST=330205001001
H1=${ST}010001
db=$T/r.db
pw=$T/pw
printf 'Secret-pass1\n' > "$pw"
chmod 600 "$pw"
cat > "$T/popdesk.ini" <<INI
[station]
code = $ST
name = 示范社区
township = 甬江街道
district = 江北区
[database]
path = $db
[policy]
file = $root/conf/policy/zhejiang-2012.ini
INI
envs=(env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color)
# a sanitizer build keeps its options (the fontconfig suppression)
[ -n "${LSAN_OPTIONS:-}" ] && envs+=(LSAN_OPTIONS="$LSAN_OPTIONS")
[ -n "${ASAN_OPTIONS:-}" ] && envs+=(ASAN_OPTIONS="$ASAN_OPTIONS")
pd() { "${envs[@]}" POPDESK_USER=admin POPDESK_PASSWORD_FILE="$pw" "$POPDESK" --config "$T/popdesk.ini" "$@"; }
sql() { sqlite3 -readonly "$db" "$1"; }
last_seq() { pd status | sed -n 's/^outbox .*(last seq \([0-9]*\)).*/\1/p'; }
pending() { pd status | sed -n 's/^outbox *\([0-9]*\) pending.*/\1/p'; }
# the last outbox event: "type user step"
last_event() { sql "SELECT json_extract(body,'\$.type')||' '||json_extract(body,'\$.user')||coalesce(' '||json_extract(body,'\$.data.step'),'') FROM outbox ORDER BY seq DESC LIMIT 1"; }
# step DESCRIPTION WANTED-EVENT: one more event in `popdesk status`, and it is this one
step_seen() {
    local want_seq=$((seq0 + 1)) got
    got=$(last_seq)
    check "$1: popdesk status shows one more event" "$got" "$want_seq"
    check "$1: the outbox event" "$(last_event)" "$2"
    seq0=$got
}

pd init --station $ST --admin admin --password-file "$pw" > /dev/null || { bad "init"; finish; exit 1; }
pd user add clerk01 --role clerk --password-file "$pw" > /dev/null || bad "clerk account"
pd user add zhou --role supervisor --password-file "$pw" > /dev/null || bad "supervisor account"
cat > "$T/fam.jsonl" <<JSONL
{"type":"household.add","household":"$H1","data":{"code":"$H1","address":"甬江街道示范村1组8号","reg_type":"2"}}
{"as":"jianguo","type":"person.add","household":"$H1","data":{"name":"王建国","sex":"1","birth_date":"1980-04-12","reg_type":"2","ethnicity":"01","relation":"02","id_number":"330205198004120014"}}
{"as":"xiuying","type":"person.add","household":"$H1","data":{"name":"李秀英","sex":"2","birth_date":"1982-07-20","reg_type":"2","ethnicity":"01","relation":"10"}}
{"type":"person.marriage","person":"@xiuying","data":{"change":"first","date":"2006-10-01","spouse":"@jianguo","spouse_name":"王建国"}}
{"type":"person.marriage","person":"@jianguo","data":{"change":"first","date":"2006-10-01","spouse":"@xiuying","spouse_name":"李秀英"}}
{"type":"person.birth","household":"$H1","data":{"name":"王小梅","sex":"2","birth_date":"2008-03-02","mother":"@xiuying","father":"@jianguo","relation":"30"}}
JSONL
"$EVSAVE" "$db" clerk01 < "$T/fam.jsonl" > /dev/null || bad "family saved"
seq0=$(last_seq)

login() { # USER
    expect "用户名" "login screen for $1" 10
    tm_text "$1"; tm_keys Enter; tm_text Secret-pass1; tm_keys Enter
    expect "台账概况" "$1 logged in" 10
}

tm_start 80 24 sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --config "$T/popdesk.ini"); echo popdesk-exit=\$?; sleep 30" ||
    { bad "tmux did not start"; finish; exit 1; }

# ---- the clerk: entry and the village review ----------------------------------
login clerk01
tm_keys a
expect "再生育申请审批" "case menu from home (A)"
tm_keys 1
expect "再生育申请 0 件" "application list, empty"
tm_keys n
expect "申请人（女方）" "N asks for the applicant"
tm_text "李秀英"; tm_keys Enter
expect "夫妻双方均为独生子女" "new application: the Article 19 items listed"
expect "农村夫妻：双方均为农业户口" "automatic check shown with its reason (in Chinese)"
expect "只有一个女孩：夫妻唯一健在的子女是女孩" "one-daughter check with its reason (in Chinese)"
expect "缺少材料：结婚证、户口簿、双方身份证" "documents still missing"
tm_keys Tab Space Down Space Down Space
expect "[x] 双方身份证" "documents ticked"
tm_wait_gone "缺少材料" 5 && ok "nothing missing once ticked" || bad "nothing missing once ticked"
tm_keys F2
expect "已保存再生育申请，编号 1" "application saved"
expect "按台账核查，批准无障碍" "case screen: nothing stands in the way"
step_seen "application" "second_child.apply clerk01"
check "checks in words reach the outbox" \
    "$(sql "SELECT json_extract(body,'\$.data.checks') LIKE '%both agricultural registration%' FROM outbox WHERE body LIKE '%second_child.apply%'")" 1
# the stored form is the English whoever applied (here from a Chinese screen)
check "stored checks do not follow the screen's language" \
    "$(sql "SELECT count(*) FROM sc_cases WHERE checks LIKE '%[met] rural couple: both agricultural registration%' AND checks NOT LIKE '%农村夫妻%'")" 1

tm_keys y
expect "已记录：村(居)审核 同意" "clerk records the village review"
expect "下一步：乡镇(街道)审查，须由主管" "the town step is a supervisor's"
step_seen "village review" "second_child.review clerk01 village"
tm_keys y
expect "乡镇审查和县级审批须由主管（supervisor）或管理员（admin）记录" "clerk refused the town step"
check "refused step: no event" "$(last_seq)" "$seq0"
check "refused step: state unchanged" "$(sql "SELECT state FROM sc_cases WHERE id=1")" "village"

tm_keys Escape Escape Escape
expect "台账概况" "home again"
tm_keys x

# ---- the supervisor: town, county with the certificate, printed ------------------
login zhou
tm_keys a
expect "再生育申请审批" "case menu"
tm_keys 1
expect "村(居)已审核" "list shows the state"
tm_keys Enter
expect "clerk01" "case screen: the village step with who signed"
tm_keys y
expect "已记录：乡镇(街道)审查 同意" "supervisor records the town check"
step_seen "town check" "second_child.review zhou town"
tm_keys y
expect "县级批准，生育证号" "county approval asks the certificate number"
tm_keys Enter
expect "县级批准须填写生育证号" "empty certificate number refused"
check "no certificate: no event" "$(last_seq)" "$seq0"
tm_keys y
expect "县级批准，生育证号" "asks again"
tm_text "浙二孩E2E-0001"; tm_keys Enter
expect "已批准，第二个子女生育证号 浙二孩E2E-0001" "approved with the certificate"
check "county approval: review and certificate, two events" "$(last_seq)" "$((seq0 + 2))"
check "the certificate event" "$(last_event)" "certificate.issue zhou"
check "the county step before it" \
    "$(sql "SELECT json_extract(body,'\$.data.step')||' '||json_extract(body,'\$.user') FROM outbox ORDER BY seq DESC LIMIT 1 OFFSET 1")" "county zhou"
seq0=$(last_seq)
check "the steps with who and when" \
    "$(sql "SELECT group_concat(step||':'||user||':'||(date=date('now','localtime')), ' ') FROM (SELECT * FROM sc_steps WHERE case_id=1 ORDER BY seq)")" \
    "village:clerk01:1 town:zhou:1 county:zhou:1"
tm_keys p
expect "second-child-form-1.pdf" "P prints the form (file named on the message line)" 20
pdf=$T/printouts/second-child-form-1.pdf
if [ -s "$pdf" ]; then
    txt=$(pdftotext -layout "$pdf" - 2>/dev/null)
    for w in 再生育申请审批表 李秀英 王建国 农村夫妻只有一个女孩 浙二孩E2E-0001 "第二个子女生育证明(存根)" clerk01 zhou \
             "农村夫妻：双方均为农业户口"; do
        case $txt in *"$w"*) ok "printed form has $w" ;; *) bad "printed form lacks $w: $txt" ;; esac
    done
    check "printout is private" "$(stat -c %a "$pdf")" 600
else
    bad "no PDF at $pdf"
fi

# ---- a pregnancy: registered, followed up, overdue, outcome ------------------------
REG=$(date -d '-280 days' +%F); DUE=$(date -d '-5 days' +%F)
VISIT=$(date -d '-200 days' +%F); NEXT=$(date -d '-170 days' +%F); BORN=$(date -d '-1 days' +%F)
tm_keys Escape Escape Escape
expect "台账概况" "home"
tm_keys F3; tm_text "李秀英"; tm_keys Enter
expect "案卷（A 打开）：再生育申请1 县级已批准" "person screen shows her cases"
tm_keys e
expect "woman.pregnancy" "change menu"
tm_keys Down Down Down Down Down Down Down Down Enter
expect "预产期" "pregnancy form"
tm_keys C-u; tm_text "$REG"; tm_keys Tab; tm_text "$DUE"; tm_keys Tab; tm_text "浙二孩E2E-0001"; tm_keys F2
expect "在孕 预产期$DUE 随访0次" "pregnancy registered, on the person's case line"
step_seen "pregnancy registered" "woman.pregnancy zhou"
tm_keys a
expect "孕情档案（在孕妇女）" "her cases"
tm_keys v
expect "随访日期" "visit form"
tm_keys Tab; tm_text "$VISIT"; tm_keys Tab; tm_text 12; tm_keys Tab; tm_text "胎心正常"; tm_keys Tab; tm_text "$NEXT"; tm_keys F2
expect "随访1次" "visit recorded"
step_seen "follow-up visit" "woman.pregnancy_visit zhou"
tm_keys Escape Escape Escape
expect "台账概况" "home"
tm_keys a; tm_keys 3
expect "其中超期未报结局 1 人" "overdue list counts her"
expect "$VISIT" "overdue list shows the last visit"
if tm_screen | grep -F "李秀英" | grep -Eq "$DUE +5 "; then ok "overdue by 5 days"; else bad "overdue by 5 days"; fi
tm_keys o
expect "结局" "outcome form (the pregnancy outcome event's)"
tm_keys Tab; tm_text live_birth; tm_keys Tab; tm_text "$BORN"; tm_keys F2
expect "其中超期未报结局 0 人" "no longer overdue once the outcome is recorded"
step_seen "outcome" "woman.pregnancy_outcome zhou"
check "the pregnancy closed" "$(sql "SELECT outcome||' '||outcome_date FROM pregnancies")" "live_birth $BORN"

# ---- a fee case: levied on the command line, paid on the screen ------------------
XY=$(sql "SELECT pid FROM persons WHERE name='李秀英'")
out=$(pd case fee levy "$XY" --kind extra --extra 1 --birth-date 2011-05-05 --date "$(date +%F)" 2>&1) ||
    bad "levy on the command line: $out"
step_seen "levy" "fee.levy admin"
levy=$(sql "SELECT amount FROM fee_cases WHERE id=1")
tm_keys Escape
expect "社会抚养费征收" "case menu"
tm_keys 4
expect "社会抚养费 1 件" "fee list"
expect "$levy" "fee list shows the levy"
tm_keys y
expect "欠缴 $levy 元" "payment form with the balance"
tm_keys C-u; tm_text $((levy + 1)); tm_keys F2
expect "more than the $levy yuan outstanding" "overpayment refused in words"
check "refused payment: no event" "$(last_seq)" "$seq0"
tm_keys C-u; tm_text 1000; tm_keys Tab Tab; tm_text "0012345"; tm_keys F2
expect "已记录缴费：已缴 1000 元，欠缴 $((levy - 1000)) 元" "payment recorded, balance shown"
step_seen "payment" "fee.payment zhou"
tm_keys f
expect "筛选：未缴清" "filter: balance due"
expect "$((levy - 1000))" "the open case with its balance"

tm_keys Escape Escape
expect "台账概况" "home"
tm_keys q
expect "popdesk-exit=0" "quits with status 0"
tm_stop

check "every step waits in the outbox" "$(pending)" "$(sql "SELECT count(*) FROM outbox")"
check "the case steps in order" \
    "$(sql "SELECT json_extract(body,'\$.type') FROM outbox ORDER BY seq DESC LIMIT 10" | tac | tr '\n' ' ')" \
    "second_child.apply second_child.review second_child.review second_child.review certificate.issue woman.pregnancy woman.pregnancy_visit woman.pregnancy_outcome fee.levy fee.payment "

# ---- every step reaches the district ----------------------------------------------
printf '%s e2e-cases-token-7a6b5c\n' $ST > "$T/tokens"
printf 'e2e-cases-token-7a6b5c\n' > "$T/token"
chmod 600 "$T/token"
python3 "$root/scripts/district-server" --listen 127.0.0.1:0 --db "$T/district.db" --control-port 0 \
    --token-file "$T/tokens" --plain-http > "$T/server.out" 2> "$T/server.log" &
server_pid=$!
url=
for _ in $(seq 1 200); do
    url=$(sed -n 's/^listening on \(.*\)/\1/p' "$T/server.out" 2>/dev/null)
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -z "$url" ]; then
    bad "district server did not start: $(tail -n 5 "$T/server.log")"
else
    printf '[district]\nurl = %s\ntoken_file = %s\n' "$url" "$T/token" >> "$T/popdesk.ini"
    out=$(pd sync 2>&1); rc=$?
    check "sync to the district: exit 0 ($out)" "$rc" 0
    check "nothing left waiting" "$(pending)" 0
    for t in second_child.apply second_child.review certificate.issue woman.pregnancy woman.pregnancy_visit \
             woman.pregnancy_outcome fee.levy fee.payment; do
        n=$(sqlite3 -readonly "$T/district.db" "SELECT count(*) FROM events WHERE station='$ST' AND type='$t'")
        want=1
        [ "$t" = second_child.review ] && want=3
        check "district holds $t" "$n" "$want"
    done
    check "district holds every event of the register" \
        "$(sqlite3 -readonly "$T/district.db" "SELECT count(*) FROM events WHERE station='$ST'")" \
        "$(sql "SELECT count(*) FROM outbox")"
fi
finish
