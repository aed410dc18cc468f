#!/bin/bash
# test_case_print.sh - the printed case papers from the command line
# (docs/CASES.md): the second-child application form to sign, with a line
# for each step still to come, and once approved the certificate's stub
# (`case second-child print`), as text, PDF (read back with pdftotext) and
# sent to the printer (a stand-in lp records the job); the stubs of the
# first-child certificate, the second-child certificate and the one-child
# parents' certificate (`case certificate print`); who signs which step
# (a clerk is refused the town step; the message says who may).
. "$(dirname "$0")/lib/check.sh"
# as USER COMMAND...: one command signed in as USER (docs/ACCOUNTS.md)
as() { pd_as "$@"; }
e2e_setup test_case_print --cd --pw Secret-pass1 --evsave --ini "$E2E_STATION_INI" --init \
    --user clerk01 clerk --user zhou supervisor
H1=330205001001010001
H2=330205001001010002
cat > fam.jsonl <<JSONL
{"type":"household.add","household":"$H1","data":{"code":"$H1","address":"甬江街道示范村1组8号","reg_type":"2"}}
{"as":"jianguo","type":"person.add","household":"$H1","data":{"name":"王建国","sex":"1","birth_date":"1980-04-12","reg_type":"2","ethnicity":"01","relation":"02","id_number":"330205198004120014"}}
{"as":"xiuying","type":"person.add","household":"$H1","data":{"name":"李秀英","sex":"2","birth_date":"1982-07-20","reg_type":"2","ethnicity":"01","relation":"10"}}
{"type":"person.marriage","person":"@xiuying","data":{"change":"first","date":"2006-10-01","spouse":"@jianguo","spouse_name":"王建国"}}
{"type":"person.marriage","person":"@jianguo","data":{"change":"first","date":"2006-10-01","spouse":"@xiuying","spouse_name":"李秀英"}}
{"type":"person.birth","household":"$H1","data":{"name":"王小梅","sex":"2","birth_date":"2008-03-02","mother":"@xiuying","father":"@jianguo","relation":"30"}}
{"type":"household.add","household":"$H2","data":{"code":"$H2","address":"甬江街道示范村2组3号","reg_type":"1"}}
{"as":"zhiqiang","type":"person.add","household":"$H2","data":{"name":"陈志强","sex":"1","birth_date":"1979-01-05","reg_type":"1","ethnicity":"01","relation":"02"}}
{"as":"guifang","type":"person.add","household":"$H2","data":{"name":"张桂芳","sex":"2","birth_date":"1983-11-11","reg_type":"1","ethnicity":"01","relation":"10"}}
{"type":"person.marriage","person":"@guifang","data":{"change":"first","date":"2007-05-01","spouse":"@zhiqiang","spouse_name":"陈志强"}}
{"as":"xiaohong","type":"person.birth","household":"$H2","data":{"name":"陈晓红","sex":"2","birth_date":"2009-06-18","mother":"@guifang","father":"@zhiqiang","relation":"30"}}
{"type":"certificate.issue","person":"@guifang","data":{"kind":"first_child","number":"江北一孩2008-0311","date":"2008-09-01"}}
{"type":"certificate.issue","person":"@guifang","data":{"kind":"onechild","number":"江北独2010-0042","date":"2010-02-01","child":"@xiaohong"}}
JSONL
expect_rc 0 "families saved" -- sh -c "'$EVSAVE' '$db' clerk01 < fam.jsonl > ids"
XY=$(awk '$1 == "xiuying" { print $2 }' ids)

# ---- the form before any step: lines left for every step -----------------------
expect_rc 0 "apply" -- as clerk01 case second-child apply "$XY" --item rural_daughter --date 2012-03-01 --documents marriage_cert,hukou,id_cards
expect_rc 0 "print form (text)" -- as clerk01 case second-child print 1
expect_out "示范社区再生育申请审批表" "form title"
expect_out "申请人签字" "applicant signs"
expect_out "乡镇(街道)审查" "town step line"
expect_out "审核人签字" "lines left for the steps to come"
expect_out "农村夫妻：双方均为农业户口" "checks with their reasons, in Chinese on the Chinese form"
expect_no_out "rural couple" "no English reason on the form made from an English command line"
expect_no_out "存根" "no stub before approval"

# ---- who signs which step -----------------------------------------------------------
expect_rc 0 "village by the clerk" -- as clerk01 case second-child review 1 --step village --approve --date 2012-03-05 --reviewer 周主任
expect_rc 1 "town by the clerk" -- as clerk01 case second-child review 1 --step town --approve --date 2012-03-12
expect_out "supervisor or an administrator" "refusal says who may"
expect_out "clerk01 is clerk" "refusal names the user and role"
expect_eq "$(sql "$db" "SELECT state FROM sc_cases WHERE id=1")" "village" "nothing saved"
expect_rc 0 "town by the supervisor" -- as zhou case second-child review 1 --step town --approve --date 2012-03-12 --reviewer 吴干事
expect_rc 0 "county by the supervisor" -- as zhou case second-child review 1 --step county --approve --date 2012-03-20 --certificate 浙二孩2012-0001 --reviewer 县计生局

# ---- the form once approved: steps with who and when, the stub ----------------------
expect_rc 0 "print form (text)" -- as zhou case second-child print 1
expect_out "周主任 (clerk01)" "village step: the official and the account"
expect_out "同意 2012-03-12  审核人: 吴干事 (zhou)" "town step: when, who"
expect_out "第二个子女生育证明(存根)" "stub"
expect_out "浙二孩2012-0001" "certificate number"
expect_no_out "审核人签字" "no blank lines once every step is taken"
expect_rc 0 "print form (pdf)" -- as zhou case second-child print 1 --format pdf --output form.pdf
expect_out "wrote form.pdf" "pdf written"
txt=$(pdftotext -layout form.pdf - 2>/dev/null)
for w in 再生育申请审批表 李秀英 王建国 浙二孩2012-0001 "第二个子女生育证明(存根)" 吴干事; do
    case $txt in *"$w"*) ok ;; *) bad "PDF lacks $w: $txt" ;; esac
done
# --print: a stand-in lp records what it was given
mkdir bin
cat > bin/lp <<'LP'
#!/bin/sh
printf '%s\n' "$@" > "$LP_LOG"
echo "request id is office-7 (1 file(s))"
LP
chmod +x bin/lp
expect_rc 0 "print to the printer" -- env PATH="$SCRATCH/bin:$PATH" LP_LOG="$SCRATCH/lp.log" \
    POPDESK_USER=zhou POPDESK_PASSWORD_FILE="$SCRATCH/pw" "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" \
    case second-child print 1 --format pdf --print
expect_out "wrote second-child-form-1.pdf" "default file name"
expect_out "request id is office-7" "the spooler's answer"
grep -q "second-child-form-1.pdf" lp.log && ok || bad "lp not given the file: $(cat lp.log)"
expect_eq "$(stat -c %a second-child-form-1.pdf)" "600" "printout is private"
expect_rc 2 "print needs a number" -- as zhou case second-child print
expect_rc 1 "print an unknown application" -- as zhou case second-child print 99
expect_out "no second-child application number 99" "unknown application named"

# ---- certificate stubs ------------------------------------------------------------------
expect_rc 0 "second-child stub" -- as zhou case certificate print second_child 浙二孩2012-0001
expect_out "第二个子女生育证明(存根)" "stub title"
expect_out "甬江街道示范村1组8号" "address from the household"
expect_out "王建国" "spouse"
expect_out "application 1" "issued on the application"
expect_rc 0 "first-child stub" -- as zhou case certificate print first_child 江北一孩2008-0311
expect_out "一孩生育证明(存根)" "first-child title"
expect_out "张桂芳" "holder"
expect_out "陈志强" "spouse from her record"
expect_rc 0 "one-child stub (pdf)" -- as zhou case certificate print onechild 江北独2010-0042 --format pdf --output onechild.pdf
txt=$(pdftotext -layout onechild.pdf - 2>/dev/null)
case $txt in *独生子女父母光荣证*陈晓红*2009-06-18*) ok ;; *) bad "one-child stub lacks title/child: $txt" ;; esac
expect_rc 2 "unknown kind" -- as zhou case certificate print third_child X
expect_out "unknown certificate kind 'third_child'" "kind named"
expect_rc 1 "unknown number" -- as zhou case certificate print first_child 江北一孩0000
expect_out "no first-child birth certificate numbered '江北一孩0000'" "number named"
expect_rc 0 "audit chain" -- as zhou audit verify

finish test_case_print
