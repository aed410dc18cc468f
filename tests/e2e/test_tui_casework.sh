#!/bin/bash
# End-to-end test of the casework screens that replace the command line
# (tmux, 80x24, monochrome; docs/CASES.md "Screens"):
#  - a clerk levies a social maintenance fee from the fee list (N): the
#    mother looked up by name (an unknown one refused in words), the child
#    by ID number, the levy shown under the form as base x multiple per
#    spouse (worked out here from conf/policy/zhejiang-2012.ini), a multiple
#    out of the policy's range refused in words and nothing saved, then the
#    levy saved and selected in the list, and a payment made on it;
#  - a clerk makes a benefit application on the ledger (A) with its
#    conditions shown (met / NOT MET in words), is refused a payment on it
#    while it is pending; a supervisor approves it (Y), records a payment (G:
#    more than remains refused in words), opens it (V) and prints it (P: the
#    PDF under printouts/);
#  - a viewer sees neither N nor Y on the fee list, neither A nor G on the
#    ledger, and N does nothing for them;
#  - every step one more outbox event of the right type, signed by who did it.
# POPDESK = the binary.  Last line: "tui_casework: N passed, N failed".
. "$(dirname "$0")/lib/check.sh"
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
e2e_setup tui_casework --tmux tuicw --pw Secret-pass1 --evsave --ini "$E2E_STATION_INI" --init \
    --user clerk01 clerk --user zhou supervisor --user kan viewer

for tool in "$(command -v sqlite3)"; do
    [ -x "$tool" ] || { bad "missing sqlite3"; finish; exit 1; }
done

POLICY=$ROOT/conf/policy/zhejiang-2012.ini
H1=330205001001010001
H3=330205001001010003
ID_SAN=$(idck 33020520110505003)    # 赵三, the child beyond policy
{ wang_family_jsonl "$H1"; cat <<JSONL
{"type":"household.add","household":"$H3","data":{"code":"$H3","address":"甬江街道示范村3组12号","reg_type":"2"}}
{"as":"dahai","type":"person.add","household":"$H3","data":{"name":"赵大海","sex":"1","birth_date":"1975-02-02","reg_type":"2","ethnicity":"01","relation":"02"}}
{"as":"lanying","type":"person.add","household":"$H3","data":{"name":"孙兰英","sex":"2","birth_date":"1977-09-09","reg_type":"2","ethnicity":"01","relation":"10"}}
{"type":"person.marriage","person":"@lanying","data":{"change":"first","date":"1998-01-01","spouse":"@dahai","spouse_name":"赵大海"}}
{"type":"person.marriage","person":"@dahai","data":{"change":"first","date":"1998-01-01","spouse":"@lanying","spouse_name":"孙兰英"}}
{"as":"zhaosan","type":"person.birth","household":"$H3","data":{"name":"赵三","sex":"1","birth_date":"2011-05-05","id_number":"$ID_SAN","mother":"@lanying","father":"@dahai","relation":"20"}}
JSONL
} > "$T/fam.jsonl"
"$EVSAVE" "$db" clerk01 < "$T/fam.jsonl" > "$T/ids" || { bad "families saved"; finish; exit 1; }
XY=$(awk '$1 == "xiuying" { print $2 }' "$T/ids")
# one levy made on the command line first: the screen's is case 2, and the
# list must select it (the first row is case 1)
expect_rc 0 "a levy on the command line" -- pd_as clerk01 case fee levy "$XY" --kind extra --extra 1 \
    --birth-date 2011-05-05 --date 2012-06-01

envs=(env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color NO_COLOR=1)
[ -n "${LSAN_OPTIONS:-}" ] && envs+=(LSAN_OPTIONS="$LSAN_OPTIONS")
[ -n "${ASAN_OPTIONS:-}" ] && envs+=(ASAN_OPTIONS="$ASAN_OPTIONS")
outbox_n() { sql "$db" "SELECT count(*) FROM outbox"; }
last_event() { sql "$db" "SELECT json_extract(body,'\$.type')||' '||json_extract(body,'\$.user') FROM outbox ORDER BY seq DESC LIMIT 1"; }
n0=$(outbox_n)
# step DESCRIPTION "TYPE USER": exactly one more outbox event, and it is this one
step() {
    local n
    n=$(outbox_n)
    expect_eq "$n" "$((n0 + 1))" "$1: one more outbox event"
    expect_eq "$(last_event)" "$2" "$1: the outbox event"
    n0=$n
}
nothing_saved() { expect_eq "$(outbox_n)" "$n0" "$1: no outbox event"; }
# a fresh session signed in as USER (80x24, monochrome)
session() {
    tm_stop
    tm_start 80 24 sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "tmux did not start"; finish; exit 1; }
    expect "用户名" "login screen for $1" 10
    tm_text "$1"; tm_keys Enter; tm_text Secret-pass1; tm_keys Enter
    expect "台账概况" "$1 logged in" 10
}
keyline() { tm_screen | tail -1; }
# back home and quit: a clean exit (a sanitizer build reports leaks there)
quit_session() {
    expect "台账概况" "$1: home again"
    tm_keys q
    expect "popdesk-exit=0" "$1: quits with status 0" 10
}

# the levy worked out here from the policy file: both spouses agricultural,
# the child born in 2011 (period 1), one child beyond policy
ini() { sed -n "s/^$1 *= *//p" "$POLICY"; }
base=$(ini base_rural_1)
mmin=$(ini multiple_extra_min)
mmax=$(ini multiple_extra_max)
[ -n "$base" ] && [ -n "$mmin" ] && [ -n "$mmax" ] || { bad "policy file read: base '$base' range '$mmin'-'$mmax'"; finish; exit 1; }
each_min=$((base * mmin)); total_min=$((each_min * 2))
each3=$((base * 3)); total3=$((each3 * 2))

# ---- the clerk levies a fee from the screen -----------------------------------
session clerk01
tm_keys a; expect "社会抚养费" "case menu"
tm_keys 4; expect "社会抚养费 1 件" "fee list with the command line's case"
expect "N新征收" "N shown on the fee list's bottom line"
tm_keys n; expect "母亲身份证号、档案号或姓名" "N asks for the mother"
tm_text "查无此人"; tm_keys Enter
expect "没有找到这个人：查无此人" "an unknown mother refused in words"
tm_keys n; tm_text "孙兰英"; tm_keys Enter
expect "社会抚养费征收：孙兰英" "the levy form for the mother found by name"
expect "政策外多生育每个子女 $mmin 至 $mmax 倍" "the policy's range shown"
expect "不能征收：需要出生日期" "no child nor birth date: refused in words"
# the child by ID number (rows: kind, extra, multiple, child)
tm_keys Tab Tab Tab; tm_text "$ID_SAN"
expect "应征收合计 $total_min 元（女方 $each_min 元，男方 $each_min 元；$mmin 倍，2011 年基数）" \
    "the levy at the policy minimum: base $base x $mmin per spouse"
expect "母亲：农村基数${base}元×${mmin}倍=${each_min}元" "the basis in words"
expect "2011-05-05" "the birth date taken from the child"
# a multiple out of range, refused beside the field and on F2
tm_keys BTab C-u; tm_text 9
expect "倍数9不在政策规定的${mmin}到${mmax}倍之间" "multiple 9 refused in words"
tm_keys F2
expect "未保存" "F2 with a bad multiple does not save"
nothing_saved "bad multiple"
expect_eq "$(sql "$db" "SELECT count(*) FROM fee_cases")" 1 "bad multiple: no fee case"
tm_keys C-u; tm_text 3
expect "应征收合计 $total3 元（女方 $each3 元，男方 $each3 元；3 倍" "multiple 3: base x 3 per spouse"
tm_keys F2
expect "已征收：案件 2，合计 $total3 元" "levy saved"
expect "社会抚养费 2 件" "back on the fee list"
step "levy" "fee.levy clerk01"
expect_eq "$(sql "$db" "SELECT amount||' '||multiple||' '||birth_date||' '||date FROM fee_cases WHERE id=2")" \
    "$total3 3 2011-05-05 $(date +%F)" "the case as computed (decision date today)"
# the new case is the selected row (not the first): Y pays on it, prefilled with the balance
tm_keys y
expect "缴费：案件 2 孙兰英，欠缴 $total3 元" "payment form on the new case, selected"
tm_keys C-u; tm_text 20000; tm_keys Tab Tab; tm_text "甬收2026-001"; tm_keys F2
expect "已记录缴费：已缴 20000 元，欠缴 $((total3 - 20000)) 元" "payment recorded"
step "payment" "fee.payment clerk01"
tm_keys Escape Escape
expect "台账概况" "home again"

# ---- the clerk applies for a benefit from the ledger --------------------------
tm_keys j; expect "[高危家庭档案]" "services screen"
tm_keys Tab Tab; expect "[帮扶救助台账]" "benefit ledger"
expect "A新申请" "A shown on the ledger's bottom line"
expect "G发放" "G shown on the ledger's bottom line"
expect "V查看" "V shown on the ledger's bottom line"
tm_keys a; expect "申请人身份证号、档案号或姓名" "A asks for the applicant"
tm_text "李秀英"; tm_keys Enter
expect "帮扶救助申请：李秀英" "the application form"
expect "< 独生子女困难家庭帮扶 >" "the programme's title from the policy file"
expect "符合     本地在册" "a condition met, in words"
expect "独生子女家庭：光荣证甬独2009-0012" "the certificate condition in words"
expect "每年最多1次" "times per year in words"
# the migrant subsidy is not hers: NOT MET in words, redrawn on the change
tm_keys Right
expect "不符合   不在流动人口台账中" "another programme: NOT MET with its reason"
tm_keys Left
expect "< 助学 >" "back to hardship / education"
tm_keys Tab Tab Tab Tab; tm_text "女儿入学困难"
tm_keys F2
expect "已保存帮扶救助申请 1（1000 元）" "application saved"
step "application" "benefit.apply clerk01"
expect "待审批" "the application listed, pending"
tm_keys g
expect "只能在已批准的申请上发放" "no payment on a pending application"
nothing_saved "payment on a pending application"
tm_keys Escape
quit_session clerk01

# ---- the supervisor approves, pays, views and prints --------------------------
session zhou
tm_keys j; expect "[高危家庭档案]" "services screen (supervisor)"
tm_keys Tab Tab; expect "[帮扶救助台账]" "ledger (supervisor)"
tm_keys y
expect "申请 1 已批准" "approved"
step "approval" "benefit.decide zhou"
tm_keys g
expect "发放：申请 1 李秀英，待发放 1000 元" "payment form prefilled with what remains"
tm_keys C-u; tm_text 5000; tm_keys F2
expect "未保存" "more than remains refused"
expect "1000" "the refusal names what remains"
nothing_saved "payment above what remains"
tm_keys C-u; tm_text 1000; tm_keys Tab Tab; tm_text "甬帮2026-01"; tm_keys F2
expect "已记录发放：申请 1 已发放 1000 元，待发放 0 元" "payment recorded"
step "benefit payment" "benefit.payment zhou"
tm_keys v
expect "帮扶救助申请 1 李秀英" "V opens the application"
expect "条件核查（申请时）" "its conditions"
expect "甬帮2026-01" "its payment"
expect "zhou" "its decision, signed"
tm_keys p
expect "benefit-1.pdf" "P prints it" 20
pdf=$SCRATCH/printouts/benefit-1.pdf
if [ -s "$pdf" ]; then ok "the PDF exists under printouts/"; else bad "no PDF at $pdf"; fi
tm_keys Escape Escape
quit_session zhou

# ---- a viewer sees neither N nor the payment keys -----------------------------
session kan
tm_keys a; expect "社会抚养费" "case menu (viewer)"
tm_keys 4; expect "社会抚养费 2 件" "fee list (viewer)"
case $(keyline) in *N新征收*|*Y缴费*) bad "viewer's fee list offers N or Y: $(keyline)" ;; *) ok "no N nor Y for a viewer" ;; esac
tm_keys n
expect "只读账号" "N refused for a viewer"
case $(tm_screen) in *母亲身份证号*) bad "viewer asked for a mother" ;; *) ok "no levy form for a viewer" ;; esac
tm_keys Escape Escape
tm_keys j; tm_keys Tab Tab; expect "[帮扶救助台账]" "ledger (viewer)"
case $(keyline) in *A新申请*|*G发放*) bad "viewer's ledger offers A or G: $(keyline)" ;; *) ok "no A nor G for a viewer" ;; esac
expect "V查看" "the viewer may view"
tm_keys g
expect "只读账号" "G refused for a viewer"
nothing_saved "viewer"
tm_keys Escape
quit_session kan

finish
