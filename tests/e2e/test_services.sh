#!/bin/bash
# test_services.sh - `popdesk case risk|guidance|health|benefit ...` end to
# end (docs/CASES.md): a high-risk family archived, guided and closed, the
# guidance coverage rate; women's health services by quarter and the free
# basic public service rate in `report indicators`; each benefit programme
# applied for, approved by a supervisor (a clerk refused), paid, listed and
# printed as PDF (read back with pdftotext); bad input and its messages; and
# every new event type pushed to the reference district server
# (scripts/district-server, plain http on loopback).
# Last line: "test_services: N passed, N failed".
. "$(dirname "$0")/lib/check.sh"
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    [ -n "${TM_SOCK:-}" ] && tmux -L "$TM_SOCK" kill-server 2>/dev/null
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
# U: the account signing (clerk01 by default); the sign-in contract of the brief
pd() { pd_as "${U:-clerk01}" "$@"; }
e2e_setup test_services --cd --pw Secret-pass1 --evsave --ini "$E2E_STATION_INI" --init \
    --user clerk01 clerk --user sup01 supervisor
SERVER=$ROOT/scripts/district-server

H1=330205001001010001
H2=330205001001010002
H3=330205001001010003
{ wang_family_jsonl "$H1"; cat <<JSONL
{"type":"household.add","household":"$H2","data":{"code":"$H2","address":"甬江街道示范村2组3号","reg_type":"1"}}
{"as":"guifang","type":"person.add","household":"$H2","data":{"name":"张桂芳","sex":"2","birth_date":"1983-11-11","reg_type":"2","ethnicity":"01","relation":"02","marital":"21"}}
{"type":"household.add","household":"$H3","data":{"code":"$H3","address":"甬江街道示范村3组12号","reg_type":"2"}}
{"as":"lanying","type":"person.add","household":"$H3","data":{"name":"孙兰英","sex":"2","birth_date":"1977-09-09","reg_type":"2","ethnicity":"01","relation":"02","marital":"21"}}
{"type":"person.child","person":"@lanying","data":{"name":"赵一","sex":"2","birth_date":"1999-03-03","alive":true}}
{"type":"person.child","person":"@lanying","data":{"name":"赵二","sex":"2","birth_date":"2004-04-04","alive":true}}
{"type":"person.child","person":"@lanying","data":{"name":"赵三","sex":"1","birth_date":"2011-05-05","alive":true}}
{"as":"cuihua","type":"migrant.arrive","data":{"name":"刘翠花","sex":"2","birth_date":"1988-02-14","reg_type":"2","ethnicity":"01","marital":"21","date":"2011-09-01","from":"安徽省阜阳市","cert_number":"皖婚育2011-0456","cert_authority":"阜阳市颍州区人口计生局","cert_issue":"2011-08-01","cert_expiry":"2014-07-31"}}
{"as":"lately","type":"migrant.arrive","data":{"name":"周小燕","sex":"2","birth_date":"1990-06-06","reg_type":"2","ethnicity":"01","marital":"21","date":"2012-03-01","cert_number":"赣婚育2012-0077","cert_expiry":"2015-02-28"}}
{"as":"jianguo2","type":"person.add","household":"$H2","data":{"name":"陈志强","sex":"1","birth_date":"1979-01-05","reg_type":"1","ethnicity":"01","relation":"10"}}
JSONL
} > fam.jsonl
expect_rc 0 "families saved" -- sh -c "'$EVSAVE' '$db' clerk01 < fam.jsonl > ids"
id_of() { awk -v a="$1" '$1 == a { print $2 }' ids; }
XY=$(id_of xiuying); GF=$(id_of guifang); LY=$(id_of lanying); CH=$(id_of cuihua); LATE=$(id_of lately)
ZQ=$(id_of jianguo2)
n0=$(sql "$db" "SELECT count(*) FROM outbox")

# ---- usage ---------------------------------------------------------------------
expect_rc 0 "case help lists the services" -- pd case --help
expect_out "popdesk case benefit apply|check PERSON" "benefit in case help"
expect_rc 0 "benefit help" -- pd case benefit --help
expect_out "migrant_birth/birth" "benefit help words"
expect_rc 2 "risk without action" -- pd case risk
expect_rc 2 "bad group" -- pd case risk archive "$GF" --group twins --date 2012-02-01
expect_out "unknown high-risk group 'twins'" "bad group named"
expect_rc 2 "no group" -- pd case risk archive "$GF" --date 2012-02-01
expect_out "--group is required" "group required"
expect_rc 2 "bad date" -- pd case risk archive "$GF" --group genetic --date 2012-02-30
expect_out "--date '2012-02-30' is not a date" "bad date named"
expect_rc 1 "other needs a note" -- pd case risk archive "$GF" --group other --date 2012-02-01
expect_out "needs a note" "note required for other"
expect_rc 2 "bad guidance kind" -- pd case guidance "$GF" --date 2012-03-01 --kind chat --by 陈医生
expect_out "unknown kind of guidance 'chat'" "bad kind named"
expect_rc 2 "guidance without --by" -- pd case guidance "$GF" --date 2012-03-01 --kind counselling
expect_out "--by are required" "by required"
expect_rc 2 "bad health kind" -- pd case health record "$XY" --kind xray --date 2012-05-03
expect_out "unknown kind of service 'xray'" "bad service named"
expect_rc 2 "bad quarter" -- pd case health record "$XY" --kind check --date 2012-05-03 --quarter 2012Q5
expect_out "not a quarter like 2012Q3" "bad quarter named"
expect_rc 2 "bad programme" -- pd case benefit apply "$XY" --programme lottery --category poverty --date 2012-06-01
expect_out "unknown benefit programme 'lottery'" "bad programme named"
expect_rc 2 "category of another programme" -- pd case benefit apply "$XY" --programme hardship --category birth --date 2012-06-01
expect_out "category 'birth' is not one of hardship's (education, poverty, illness)" "bad category named"
expect_rc 2 "bad amount" -- pd case benefit apply "$XY" --programme welfare_fund --amount -5 --date 2012-06-01
expect_out "--amount '-5' must be a whole number" "bad amount named"
expect_eq "$(sql "$db" "SELECT count(*) FROM outbox")" "$n0" "refused input saved nothing"

# ---- high-risk archives and guidance coverage ------------------------------------------
expect_rc 0 "archive 1" -- pd case risk archive "$GF" --group disabled_child --date 2012-02-01 --planning --note 长子脑瘫
expect_out "high-risk archive 1 opened" "archive numbered"
expect_rc 1 "same group twice" -- pd case risk archive "$GF" --group disabled_child --date 2012-02-05
expect_out "already has an open archive" "one open archive per group"
expect_rc 0 "archive 2" -- pd case risk archive "$LY" --group screening_positive --date 2012-03-10
expect_rc 0 "archive 3 (same household as 1)" -- pd case risk archive "$ZQ" --group genetic --date 2012-04-01
expect_rc 1 "guidance before the archive" -- pd case guidance "$GF" --date 2012-01-15 --kind counselling --by 陈医生
expect_out "before the archive was opened (2012-02-01)" "guidance date checked"
expect_rc 0 "guidance" -- pd case guidance "$GF" --date 2012-03-01 --kind home_visit --by 陈医生 --notes 孕前遗传咨询
expect_out "guidance saved on high-risk archive 1" "guidance on her archive"
expect_rc 0 "guidance 2" -- pd case guidance "$GF" --date 2012-05-01 --kind medical_check --by 王护士
expect_rc 1 "guidance on another's archive" -- pd case guidance "$XY" --case 1 --date 2012-05-01 --kind counselling --by 陈医生
expect_out "high-risk archive 1 is $GF's, not $XY's" "archive's person checked"
expect_rc 1 "guidance with no archive" -- pd case guidance "$XY" --date 2012-05-01 --kind counselling --by 陈医生
expect_out "has no open high-risk archive" "no archive said"
# families: H2 (archives 1 and 3) guided, H3 (archive 2) not: 1 of 2
expect_rc 0 "coverage" -- pd case risk coverage --period 2012
expect_out "guidance coverage 2012: 50.0% (1/2)" "coverage 1/2"
expect_out "archived families: 2" "denominator shown"
expect_rc 0 "coverage in Q1 only" -- pd case risk coverage --period 2012-01-01..2012-03-31
expect_out "50.0% (1/2)" "Q1: H2 guided 03-01, H3 archived 03-10"
expect_rc 0 "coverage before any archive" -- pd case risk coverage --period 2011
expect_out "- (0/0)" "no archived family: no rate"
expect_rc 2 "bad period" -- pd case risk coverage --period 2012-13
expect_rc 0 "close" -- pd case risk close 2 --date 2012-06-01 --reason 已正常分娩
expect_rc 1 "guidance on a closed archive" -- pd case guidance "$LY" --date 2012-06-02 --kind counselling --by 陈医生 --case 2
expect_out "was closed on 2012-06-01" "closed archive refused"
expect_rc 0 "risk list" -- pd case risk list --period 2012
expect_out "病残儿家庭计划再生育" "group in Chinese"
expect_out "有指导记录的建档家庭 1 / 建档家庭 2 = 50.0% (1/2)" "list foot has the rate"
expect_rc 0 "open list" -- pd case risk list --open
expect_no_out "孙兰英" "closed archive not in the open list"
expect_rc 0 "risk show pdf" -- pd case risk show 1 --format pdf --output risk1.pdf
expect_eq "$(pdftotext -layout risk1.pdf - | grep -c '入户随访')" "1" "guidance in the PDF"

# ---- women's health services ------------------------------------------------------
expect_rc 0 "check Q2" -- pd case health record "$XY" --kind check --date 2012-05-03 --result 未孕 --provider 街道计生服务站
expect_out "(free)" "free by default"
expect_rc 1 "second check in Q2" -- pd case health record "$XY" --kind check --date 2012-06-20
expect_out "the check for 2012Q2 is already recorded" "once a quarter"
expect_rc 0 "check Q3" -- pd case health record "$XY" --kind check --date 2012-07-03 --result 上环正常
expect_rc 0 "cervical" -- pd case health record "$GF" --kind cervical --date 2012-04-10 --result 阴性
expect_rc 0 "breast (paid)" -- pd case health record "$LY" --kind breast --date 2012-04-11 --paid
expect_rc 0 "supplies" -- pd case health record "$LY" --kind supplies --date 2012-04-12 --items 避孕套 --quantity 30
expect_rc 1 "a man's cervical screening" -- pd case health record "$ZQ" --kind cervical --date 2012-04-10
expect_out "is not recorded as female" "women only"
expect_rc 1 "quarter on a supply" -- pd case health record "$XY" --kind supplies --date 2012-04-12 --quarter 2012Q2
expect_out "only a pregnancy/IUD check" "quarter only for checks"
expect_rc 0 "health list Q2 checks" -- pd case health list --kind check --quarter 2012Q2
expect_out "2012-05-03" "Q2 check listed"
expect_no_out "2012-07-03" "Q3 check not listed"
expect_rc 0 "health list csv" -- pd case health list --period 2012 --format csv
expect_eq "$(printf '%s\n' "$OUT" | grep -c '2012-0')" "5" "five services in 2012"
# the free basic public service rate: married women 15-49 of the register on
# 2012-12-31: 李秀英, 张桂芳, 孙兰英 (the migrants are not in it); served free in
# 2012: 李秀英 (checks), 张桂芳 (cervical), 孙兰英 (supplies; her breast
# screening was paid) = 3/3.  In 2012-04 only: 张桂芳, 孙兰英 = 2/3.
expect_rc 0 "indicators 2012" -- pd report indicators --period 2012
expect_out "免费基本公共服务率" "indicator shown"
rate_line() { printf '%s\n' "$OUT" | grep -E 'public_service_rate|免费基本公共服务率' | head -1; }
if rate_line | grep -Eq ' 3 +3 +100\.00%'; then ok; else bad "public service rate 2012: $(rate_line)"; fi
expect_rc 0 "indicators April" -- pd report indicators --period 2012-04
if rate_line | grep -Eq ' 2 +3 +66\.67%'; then ok; else bad "public service rate 2012-04: $(rate_line)"; fi

# ---- benefits -----------------------------------------------------------------------
expect_rc 0 "check poverty above the line" -- pd case benefit check "$XY" --programme hardship --category poverty --income 7000 --date 2012-06-01
expect_out "[NOT MET] poverty: income 7000 yuan per head, above 6000" "income above the line"
expect_rc 0 "check: not a one-child family" -- pd case benefit check "$LY" --programme hardship --category illness --cost 25000 --date 2012-06-01
expect_out "[NOT MET] no one-child parents' certificate" "one-child family required"
expect_out "[met] serious illness: own costs 25000 yuan, at least 20000" "cost boundary met"
expect_rc 0 "apply hardship" -- pd case benefit apply "$XY" --programme hardship --category education --date 2012-06-01 --reason 女儿入学困难
expect_out "benefit application 1 saved" "numbered"
expect_out "1000 yuan" "amount from the policy file"
expect_out "[met] education: child aged 4 in 2012, at most 22" "child's age checked"
expect_rc 1 "a clerk cannot approve" -- pd case benefit review 1 --approve --date 2012-06-05
# refused by the sign-in's role check or, below it, by the store: either names both
expect_out "supervisor" "role named"
expect_out "clerk01 is" "signer named"
U=sup01 expect_rc 0 "supervisor approves" -- pd case benefit review 1 --approve --date 2012-06-05 --reviewer 张主任
expect_out "approved: 1000 yuan" "approved amount"
U=sup01 expect_rc 1 "decided twice" -- pd case benefit review 1 --refuse --reason 重复 --date 2012-06-06
expect_out "already approved" "one decision"
expect_rc 1 "pay more than approved" -- pd case benefit pay 1 --amount 1500 --date 2012-06-10
expect_out "more than the 1000 yuan outstanding" "overpayment refused"
expect_rc 1 "pay before approval" -- pd case benefit pay 1 --amount 500 --date 2012-06-01
expect_out "before the approval (2012-06-05)" "early payment refused"
expect_rc 0 "pay part" -- pd case benefit pay 1 --amount 600 --date 2012-06-10 --receipt 甬帮001
expect_out "paid 600 of 1000 yuan, 400 outstanding" "part paid"
expect_rc 0 "pay rest" -- pd case benefit pay 1 --amount 400 --date 2012-06-20 --receipt 甬帮002
expect_eq "$(sql "$db" "SELECT state FROM benefit_cases WHERE id=1")" "paid" "fully paid"
# apply saves it with the condition NOT MET; approval is then refused
expect_rc 0 "second education grant saved" -- pd case benefit apply "$XY" --programme hardship --category education --date 2012-09-02
expect_out "[NOT MET] already 1 grant(s) in 2012: at most 1 a year" "times per year"
U=sup01 expect_rc 1 "approval blocked" -- pd case benefit review 2 --approve --date 2012-09-05
expect_out "cannot be approved: already 1 grant(s) in 2012" "blocked with the reason"
U=sup01 expect_rc 2 "refusal needs a reason" -- pd case benefit review 2 --refuse --date 2012-09-05
U=sup01 expect_rc 0 "refused" -- pd case benefit review 2 --refuse --reason 本年度已享受 --date 2012-09-05
# migrant childbirth subsidy
expect_rc 0 "migrant birth" -- pd case benefit apply "$CH" --programme migrant_birth --birth-date 2012-04-10 --date 2012-05-01
expect_out "[met] arrived 2011-09-01, 6 months or more before the birth on 2012-04-10" "months here"
expect_out "[met] marriage-and-childbearing certificate 皖婚育2011-0456" "certificate"
expect_out "[met] applied 21 days after the birth, within 180" "applied in time"
expect_out "300 yuan" "migrant amount"
expect_rc 0 "migrant too recent" -- pd case benefit check "$LATE" --programme migrant_birth --birth-date 2012-06-01 --date 2012-06-10
expect_out "[NOT MET] arrived 2012-03-01, less than 6 months before the birth on 2012-06-01" "too recent"
expect_rc 0 "not a migrant" -- pd case benefit check "$XY" --programme migrant_birth --birth-date 2012-06-01 --date 2012-06-10
expect_out "[NOT MET] not in the migrant register" "registered residents excluded"
expect_rc 1 "migrant without the birth" -- pd case benefit apply "$CH" --programme migrant_birth --date 2012-05-01
expect_out "needs the birth" "birth required"
U=sup01 expect_rc 0 "migrant approved" -- pd case benefit review 3 --approve --date 2012-05-10
expect_rc 0 "migrant paid" -- pd case benefit pay 3 --amount 300 --date 2012-05-15
# public-welfare fund relief
expect_rc 1 "welfare without amount" -- pd case benefit apply "$XY" --programme welfare_fund --date 2012-07-01 --reason 房屋火灾
expect_out "needs the amount asked" "amount required"
expect_rc 0 "welfare above the ceiling" -- pd case benefit check "$XY" --programme welfare_fund --amount 6000 --date 2012-07-01
expect_out "[NOT MET] 6000 yuan asked, above the ceiling of 5000 in 2012" "ceiling"
expect_rc 0 "welfare: not a family-planning family" -- pd case benefit check "$LY" --programme welfare_fund --amount 2000 --date 2012-07-01
expect_out "[NOT MET] not a family-planning family" "family-planning family required"
expect_rc 0 "welfare apply" -- pd case benefit apply "$XY" --programme welfare_fund --amount 5000 --date 2012-07-01 --reason 房屋火灾
U=sup01 expect_rc 1 "approve above the amount asked" -- pd case benefit review 4 --approve --amount 6000 --date 2012-07-05
expect_out "more than the 5000 yuan applied for" "approved amount capped"
U=sup01 expect_rc 0 "welfare approved lower" -- pd case benefit review 4 --approve --amount 3000 --date 2012-07-05
expect_out "approved: 3000 yuan" "lower amount approved"
expect_rc 0 "welfare paid" -- pd case benefit pay 4 --amount 3000 --date 2012-07-06 --receipt 公益金001
# lists
expect_rc 0 "ledger" -- pd case benefit list
expect_out "批准金额合计 4300 元, 已发放合计 4300 元" "totals"
expect_rc 0 "hardship ledger pdf" -- pd case benefit list --programme hardship --format pdf --output hardship.pdf
txt=$(pdftotext -layout hardship.pdf - 2>/dev/null)
case "$txt" in *"独生子女困难家庭帮扶"*) ok ;; *) bad "PDF title: $txt" ;; esac
case "$txt" in *"李秀英"*"助学"*) ok ;; *) bad "PDF row: $txt" ;; esac
case "$txt" in *"负责人(签字)"*) ok ;; *) bad "PDF signature lines: $txt" ;; esac
expect_rc 0 "approved list csv" -- pd case benefit list --state paid --format csv
expect_out "刘翠花" "paid list has the migrant"
expect_no_out "不予批准" "refused not in the paid list"
expect_rc 2 "bad state" -- pd case benefit list --state lost
expect_rc 0 "show pdf" -- pd case benefit show 4 --format pdf --output b4.pdf
case "$(pdftotext -layout b4.pdf - 2>/dev/null)" in *"公益金001"*) ok ;; *) bad "payment in the PDF" ;; esac
expect_rc 1 "unknown application" -- pd case benefit show 99
expect_out "no benefit application number 99" "unknown named"

# ---- the screen (screens/services.c): J from home, Tab to the ledger, Y approves --
expect_rc 0 "pending application" -- pd case benefit apply "$XY" --programme welfare_fund --amount 1000 --date 2013-01-15 --reason 子女重病
expect_out "benefit application 5 saved" "fifth application"
expect_rc 0 "another pending application" -- pd case benefit apply "$XY" --programme hardship --category poverty --income 3000 --date 2013-02-01
expect_out "benefit application 6 saved" "sixth application"
. "$E2E_LIB/tmux.sh"
TM_SOCK=popdesk-svc-$$
# tui USER: logs USER in and opens the ledger tab of the services screen
tui() {
    tm_start 110 30 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$SCRATCH" LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
        TERM=screen-256color "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db"); sleep 30" || { bad "tmux did not start"; return 1; }
    tm_wait "用户名" 5 || { bad "login screen"; return 1; }
    tm_text "$1"; tm_keys Tab; tm_text 'Secret-pass1'; tm_keys Enter
    tm_wait "J服务帮扶" 5 || { bad "home shows J: $(tm_screen | tail -2)"; return 1; }
    tm_keys j
    tm_wait "[高危家庭档案]" 5 || { bad "services screen: $(tm_screen | head -5)"; return 1; }
    tm_wait "指导服务覆盖率" 2 || bad "coverage on the archives tab"
    tm_keys Tab; tm_wait "[妇女健康服务" 3 || bad "health tab"
    tm_keys Tab; tm_wait "[帮扶救助台账]" 3 || bad "ledger tab"
    tm_wait "待审批" 3 || bad "pending application listed"
    # the pending one is the last row: the arrows move, Tab does not switch on Down
    for _ in 1 2 3 4; do tm_keys Down; done
    tm_wait "[帮扶救助台账]" 1 || bad "Down kept the tab"
}
# sql_settled QUERY: the query once the screen's process has let the register go (5 s at most)
sql_settled() {
    local out
    for _ in $(seq 1 100); do
        if out=$(sqlite3 -readonly "$db" "$1" 2>/dev/null); then printf '%s\n' "$out"; return 0; fi
        sleep 0.05
    done
    return 1
}
if command -v tmux > /dev/null; then
    if tui clerk01; then
        tm_keys y
        tm_wait "clerk01 is clerk" 3 && ok || bad "a clerk's Y refused on screen: $(tm_screen | tail -3)"
    fi
    tm kill-server 2>/dev/null
    expect_eq "$(sql_settled "SELECT state FROM benefit_cases WHERE id=5")" "applied" "still pending after the clerk"
    if tui sup01; then
        tm_keys y
        tm_wait "申请 5 已批准" 3 && ok || bad "approved on screen: $(tm_screen | tail -3)"
        tm_wait "已批准" 3 || bad "the row shows approved"
        tm_keys y
        tm_wait "这份申请已处理" 3 && ok || bad "approving twice refused on screen"
        # N on the next row asks the reason; an empty one is refused
        tm_keys Down; tm_keys n
        tm_wait "不批准的原因" 3 && ok || bad "N asks the reason: $(tm_screen | tail -3)"
        tm_keys Enter
        tm_wait "不批准必须写明原因" 3 && ok || bad "empty reason refused"
        tm_text "收入证明不实"; tm_keys Enter
        tm_wait "申请 6 不予批准" 3 && ok || bad "refused on screen: $(tm_screen | tail -3)"
    fi
    tm kill-server 2>/dev/null
    expect_eq "$(sql_settled "SELECT state || ' ' || decided_by FROM benefit_cases WHERE id=5")" "approved sup01" "approved by the supervisor"
    expect_eq "$(sql_settled "SELECT state || ' ' || decision_reason FROM benefit_cases WHERE id=6")" "refused 收入证明不实" "refused with the reason typed"
else
    bad "tmux is not installed"
fi

# ---- every step in the outbox, then at the district --------------------------------
types=$(sql "$db" "SELECT DISTINCT json_extract(body,'\$.type') FROM outbox WHERE seq>$n0 ORDER BY 1" | tr '\n' ' ')
expect_eq "$types" "benefit.apply benefit.decide benefit.payment health.service risk.archive risk.close risk.guidance " "every new type in the outbox"
expect_eq "$(sql "$db" "SELECT json_extract(body,'\$.user') FROM outbox WHERE body LIKE '%benefit.decide%' LIMIT 1")" "sup01" "decision signed by the supervisor"
expect_eq "$(sql "$db" "SELECT json_extract(body,'\$.data.checks') LIKE '%[met] poverty%' OR json_extract(body,'\$.data.checks') LIKE '%[met] education%' FROM outbox WHERE body LIKE '%benefit.apply%' LIMIT 1")" "1" "conditions in words reach the district"
TOKEN=svc-station-token-5e4d3c2b1a
printf '330205001001 %s\n' "$TOKEN" > tokens
printf '%s\n' "$TOKEN" > token
chmod 600 token
python3 "$SERVER" --listen 127.0.0.1:0 --db "$SCRATCH/district.db" --control-port 0 --token-file tokens \
    --plain-http > server.out 2> server.log &
pids+=($!)
url=
for _ in $(seq 1 200); do
    url=$(sed -n 's/^listening on \(.*\)/\1/p' server.out 2>/dev/null)
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -z "$url" ]; then
    bad "district server did not start: $(tail -n 5 server.log)"
else
    printf '[district]\nurl = %s\ntoken_file = %s\nconnect_timeout = 5\ntimeout = 20\n' "$url" "$SCRATCH/token" >> popdesk.ini
    expect_rc 0 "sync" -- pd sync
    expect_eq "$(sql "$db" "SELECT count(*) FROM outbox WHERE state=0")" "0" "nothing pending"
    got=$(sql "$SCRATCH/district.db" "SELECT DISTINCT type FROM events WHERE type IN ('risk.archive','risk.guidance','risk.close','health.service','benefit.apply','benefit.decide','benefit.payment') ORDER BY 1" | tr '\n' ' ')
    expect_eq "$got" "benefit.apply benefit.decide benefit.payment health.service risk.archive risk.close risk.guidance " "every new type received by the district"
    expect_eq "$(sql "$SCRATCH/district.db" "SELECT count(*) FROM rejected")" "0" "none rejected"
fi

finish test_services
