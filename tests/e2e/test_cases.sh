#!/bin/bash
# test_cases.sh - `popdesk case ...` end to end (docs/CASES.md): a
# second-child application from entry through the village, town and county
# steps to the certificate, printed as text and PDF; a refusal the register
# forces (non-agricultural husband); a pregnancy registered, followed up,
# overdue, then its outcome recorded; a social maintenance fee levied and
# paid.  Every step must reach the outbox as its own event.
. "$(dirname "$0")/lib/check.sh"
# PD_USER: the account signing (clerk01 by default; docs/ACCOUNTS.md)
pd() { pd_as "${PD_USER:-clerk01}" "$@"; }
outbox_types() { sql "$db" "SELECT json_extract(body,'\$.type') FROM outbox ORDER BY seq" | tr '\n' ' '; }
# the town and county steps are a supervisor's (docs/CASES.md, "Who signs")
e2e_setup test_cases --cd --pw Secret-pass1 --evsave --ini "$E2E_STATION_INI" --init \
    --user clerk01 clerk --user sup01 supervisor
H1=330205001001010001
H2=330205001001010002
H3=330205001001010003
cat > fam.jsonl <<JSONL
{"type":"household.add","household":"$H1","data":{"code":"$H1","address":"甬江街道示范村1组8号","reg_type":"2"}}
{"as":"jianguo","type":"person.add","household":"$H1","data":{"name":"王建国","sex":"1","birth_date":"1980-04-12","reg_type":"2","ethnicity":"01","relation":"02"}}
{"as":"xiuying","type":"person.add","household":"$H1","data":{"name":"李秀英","sex":"2","birth_date":"1982-07-20","reg_type":"2","ethnicity":"01","relation":"10"}}
{"type":"person.marriage","person":"@xiuying","data":{"change":"first","date":"2006-10-01","spouse":"@jianguo","spouse_name":"王建国"}}
{"type":"person.marriage","person":"@jianguo","data":{"change":"first","date":"2006-10-01","spouse":"@xiuying","spouse_name":"李秀英"}}
{"as":"xiaomei","type":"person.birth","household":"$H1","data":{"name":"王小梅","sex":"2","birth_date":"2008-03-02","mother":"@xiuying","father":"@jianguo","relation":"30"}}
{"type":"household.add","household":"$H2","data":{"code":"$H2","address":"甬江街道示范村2组3号","reg_type":"1"}}
{"as":"zhiqiang","type":"person.add","household":"$H2","data":{"name":"陈志强","sex":"1","birth_date":"1979-01-05","reg_type":"1","ethnicity":"01","relation":"02"}}
{"as":"guifang","type":"person.add","household":"$H2","data":{"name":"张桂芳","sex":"2","birth_date":"1983-11-11","reg_type":"2","ethnicity":"01","relation":"10"}}
{"type":"person.marriage","person":"@guifang","data":{"change":"first","date":"2007-05-01","spouse":"@zhiqiang"}}
{"type":"person.marriage","person":"@zhiqiang","data":{"change":"first","date":"2007-05-01","spouse":"@guifang"}}
{"type":"person.birth","household":"$H2","data":{"name":"陈晓红","sex":"2","birth_date":"2009-06-18","mother":"@guifang","father":"@zhiqiang","relation":"30"}}
{"type":"household.add","household":"$H3","data":{"code":"$H3","address":"甬江街道示范村3组12号","reg_type":"2"}}
{"as":"dahai","type":"person.add","household":"$H3","data":{"name":"赵大海","sex":"1","birth_date":"1975-02-02","reg_type":"2","ethnicity":"01","relation":"02"}}
{"as":"lanying","type":"person.add","household":"$H3","data":{"name":"孙兰英","sex":"2","birth_date":"1977-09-09","reg_type":"2","ethnicity":"01","relation":"10"}}
{"type":"person.marriage","person":"@lanying","data":{"change":"first","date":"1998-01-01","spouse":"@dahai"}}
{"type":"person.marriage","person":"@dahai","data":{"change":"first","date":"1998-01-01","spouse":"@lanying"}}
{"type":"person.birth","household":"$H3","data":{"name":"赵一","sex":"2","birth_date":"1999-03-03","mother":"@lanying","father":"@dahai","relation":"30"}}
{"type":"person.birth","household":"$H3","data":{"name":"赵二","sex":"2","birth_date":"2004-04-04","mother":"@lanying","father":"@dahai","relation":"30"}}
{"as":"zhaosan","type":"person.birth","household":"$H3","data":{"name":"赵三","sex":"1","birth_date":"2011-05-05","mother":"@lanying","father":"@dahai","relation":"20"}}
JSONL
expect_rc 0 "families saved" -- sh -c "'$EVSAVE' '$db' clerk01 < fam.jsonl > ids"
id_of() { awk -v a="$1" '$1 == a { print $2 }' ids; }
XY=$(id_of xiuying); GF=$(id_of guifang); LY=$(id_of lanying); SAN=$(id_of zhaosan)

# ---- usage -----------------------------------------------------------------
expect_rc 2 "no case command" -- pd case
expect_rc 0 "help" -- pd case --help
expect_out "second-child apply PERSON" "help lists apply"
expect_rc 0 "sub help" -- pd case second-child apply --help
expect_rc 2 "no item" -- pd case second-child apply "$XY" --date 2012-03-01
expect_out "--item is required" "item required"
expect_rc 2 "bad item" -- pd case second-child apply "$XY" --item twins --date 2012-03-01
expect_out "unknown Article 19 item 'twins'" "bad item named"
expect_rc 2 "bad document" -- pd case second-child apply "$XY" --item rural_daughter --date 2012-03-01 --documents marriage_cert,passport
expect_out "unknown document 'passport'" "bad document named"
expect_rc 2 "bad date" -- pd case second-child apply "$XY" --item rural_daughter --date 2012-13-01

# ---- preview of the automatic checks ---------------------------------------
expect_rc 0 "check" -- pd case second-child check "$XY" --item rural_daughter
expect_out "[met] rural couple: both agricultural registration" "rural met"
expect_out "[met] one daughter: the couple's only living child is a girl born 2008-03-02" "one daughter met"
expect_out "missing documents: marriage_cert,hukou,id_cards" "documents missing"
expect_rc 0 "check minority" -- pd case second-child check "$XY" --item minority
expect_out "[NOT MET] ethnic minority: wife 汉族" "minority not met"
n_before=$(sql "$db" "SELECT count(*) FROM outbox")

# ---- the application, step by step ------------------------------------------
expect_rc 0 "apply" -- pd case second-child apply "$XY" --item rural_daughter --date 2012-03-01 --documents marriage_cert,hukou
expect_out "application 1 saved for 李秀英" "apply saved"
expect_out "missing documents: id_cards" "id cards still missing"
expect_rc 1 "second open application refused" -- pd case second-child apply "$XY" --item rural_daughter --date 2012-03-02
expect_out "already has application 1 under review" "one open application"
PD_USER=sup01 expect_rc 1 "town before village" -- pd case second-child review 1 --step town --approve --date 2012-03-05
expect_out "the village review comes next" "steps in order"
expect_rc 1 "refusal without reason" -- pd case second-child review 1 --step village --refuse --date 2012-03-05
expect_out "needs the reason" "refusal reason"
expect_rc 0 "village" -- pd case second-child review 1 --step village --approve --date 2012-03-05 --reviewer 周主任
PD_USER=sup01 expect_rc 0 "town" -- pd case second-child review 1 --step town --approve --date 2012-03-12 --reviewer 吴干事
PD_USER=sup01 expect_rc 1 "county without certificate" -- pd case second-child review 1 --step county --approve --date 2012-03-20
expect_out "give its number" "certificate number needed"
PD_USER=sup01 expect_rc 1 "county with a document missing" -- pd case second-child review 1 --step county --approve --date 2012-03-20 --certificate 浙二孩2012-0001
expect_out "cannot be approved: missing documents: id_cards" "approval blocked by documents"
expect_eq "$(sql "$db" "SELECT count(*) FROM certificates")" "0" "no certificate on a refused save"
PD_USER=sup01 expect_rc 0 "county" -- pd case second-child review 1 --step county --approve --date 2012-03-20 --certificate 浙二孩2012-0001 --documents id_cards --reviewer 县计生局
expect_out "second-child certificate 浙二孩2012-0001 issued" "certificate issued"
expect_eq "$(sql "$db" "SELECT kind||' '||number||' '||date FROM certificates WHERE person='$XY'")" "second_child 浙二孩2012-0001 2012-03-20" "certificate in the register"
expect_eq "$(sql "$db" "SELECT state FROM sc_cases WHERE id=1")" "approved" "case approved"
PD_USER=sup01 expect_rc 1 "no step after approval" -- pd case second-child review 1 --step county --approve --date 2012-03-21 --certificate X
expect_out "already approved" "approved is final"
types=$(sql "$db" "SELECT json_extract(body,'\$.type') FROM outbox WHERE seq>(SELECT max(seq) FROM outbox)-5 ORDER BY seq" | tr '\n' ' ')
expect_eq "$types" "second_child.apply second_child.review second_child.review second_child.review certificate.issue " "each step in the outbox"
expect_eq "$(sql "$db" "SELECT count(*) FROM outbox") " "$((n_before + 5)) " "five events, refused attempts left none"
expect_eq "$(sql "$db" "SELECT json_extract(body,'\$.data.checks') LIKE '%both agricultural registration%' FROM outbox WHERE body LIKE '%second_child.apply%'")" "1" "checks in words reach the district"
expect_eq "$(sql "$db" "SELECT json_extract(body,'\$.user') FROM outbox ORDER BY seq DESC LIMIT 1")" "sup01" "signed by the signed-in supervisor"

# ---- printed: text and PDF --------------------------------------------------
expect_rc 0 "show text" -- pd case second-child show 1
expect_out "第二个子女生育证明" "certificate title"
expect_out "浙二孩2012-0001" "certificate number printed"
expect_out "农村夫妻只有一个女孩" "item printed"
expect_out "周主任" "village reviewer printed"
expect_rc 0 "show pdf" -- pd case second-child show 1 --format pdf --output cert.pdf
if command -v pdftotext >/dev/null; then
    txt=$(pdftotext -layout cert.pdf - 2>/dev/null)
    case "$txt" in *浙二孩2012-0001*李秀英*|*李秀英*浙二孩2012-0001*) ok ;; *) bad "PDF lacks name/certificate: $txt" ;; esac
else
    [ -s cert.pdf ] && ok || bad "no PDF written"
fi
expect_rc 0 "list approved" -- pd case second-child list --state approved --format csv
expect_out "李秀英" "list has the case"

# ---- the register forces a refusal ------------------------------------------
expect_rc 0 "apply 2" -- pd case second-child apply "$GF" --item rural_daughter --date 2012-04-01 --documents marriage_cert,hukou,id_cards
expect_out "[NOT MET] rural couple: the husband has" "husband non-agricultural"
expect_rc 0 "village 2" -- pd case second-child review 2 --step village --approve --date 2012-04-02
PD_USER=sup01 expect_rc 0 "town 2" -- pd case second-child review 2 --step town --approve --date 2012-04-03
PD_USER=sup01 expect_rc 1 "county 2 blocked" -- pd case second-child review 2 --step county --approve --date 2012-04-04 --certificate 浙二孩2012-0002
expect_out "cannot be approved: rural couple: the husband has" "blocked with the reason"
PD_USER=sup01 expect_rc 0 "county 2 refuses" -- pd case second-child review 2 --step county --refuse --date 2012-04-04 --reason "男方为非农业户口"
expect_eq "$(sql "$db" "SELECT state||' '||reason FROM sc_cases WHERE id=2")" "refused 男方为非农业户口" "refused with reason"

# ---- pregnancy: registered, followed up, overdue, outcome ---------------------
echo "{\"type\":\"woman.pregnancy\",\"person\":\"$XY\",\"data\":{\"registered\":\"2012-04-10\",\"expected\":\"2012-12-20\",\"certificate\":\"浙二孩2012-0001\"}}" > preg.jsonl
expect_rc 0 "pregnancy registered" -- sh -c "'$EVSAVE' '$db' clerk01 < preg.jsonl"
expect_rc 0 "visit 1" -- pd case visit "$XY" --date 2012-05-10 --week 12 --findings "胎心正常" --next 2012-06-10
expect_out "on pregnancy 1" "visit attached"
expect_rc 0 "visit 2" -- pd case visit "$XY" --date 2012-06-12 --week 17 --findings "血压正常" --next 2012-07-12
expect_rc 1 "visit before registration" -- pd case visit "$XY" --date 2012-04-01 --week 5
expect_out "before the pregnancy was registered" "visit date checked"
expect_rc 2 "visit without week" -- pd case visit "$XY" --date 2012-06-13
expect_rc 1 "visit for a man" -- pd case visit "$(id_of jianguo)" --date 2012-06-13 --week 3
expect_rc 0 "not yet overdue" -- pd case overdue --date 2012-12-20
expect_no_out "李秀英" "expected date not passed"
expect_rc 0 "overdue" -- pd case overdue --date 2012-12-31
expect_out "李秀英" "overdue listed"
expect_out "2012-06-12" "last visit shown"
case "$(printf '%s\n' "$OUT" | grep -F 李秀英)" in *2012-12-20*" 11 "*) ok ;; *) bad "overdue row: $OUT" ;; esac
expect_rc 0 "overdue pdf" -- pd case overdue --date 2012-12-31 --format pdf --output overdue.pdf
[ -s overdue.pdf ] && ok || bad "no overdue PDF"
echo "{\"type\":\"woman.pregnancy_outcome\",\"person\":\"$XY\",\"data\":{\"outcome\":\"live_birth\",\"date\":\"2012-12-28\"}}" > out.jsonl
expect_rc 0 "outcome recorded" -- sh -c "'$EVSAVE' '$db' clerk01 < out.jsonl"
expect_rc 0 "overdue after outcome" -- pd case overdue --date 2012-12-31
expect_no_out "李秀英" "no longer overdue"
expect_rc 0 "pregnancy file" -- pd case pregnancy "$XY"
expect_out "孕情档案" "file title"
expect_out "胎心正常" "visit findings"
expect_out "活产" "outcome shown"
expect_rc 0 "pregnancy file pdf" -- pd case pregnancy "$XY" --format pdf --output preg.pdf
[ -s preg.pdf ] && ok || bad "no pregnancy PDF"
expect_eq "$(sql "$db" "SELECT count(*) FROM outbox WHERE json_extract(body,'\$.type')='woman.pregnancy_visit'")" "2" "visits in the outbox"

# ---- social maintenance fee -------------------------------------------------
expect_rc 2 "levy without kind" -- pd case fee levy "$LY" --date 2012-06-01
expect_rc 0 "levy" -- pd case fee levy "$LY" --kind extra --extra 1 --child "$SAN" --date 2012-06-01
expect_out "rural base 14261 x 2 = 28522" "2011 base for a 2011 birth"
expect_out "total 57044 yuan" "both spouses charged"
expect_rc 1 "multiple out of range" -- pd case fee levy "$GF" --kind extra --extra 1 --multiple 5 --birth-date 2012-01-01 --date 2012-06-01
expect_out "outside the policy's range 2 to 4" "range checked"
expect_rc 1 "same birth twice" -- pd case fee levy "$LY" --kind extra --extra 1 --child "$SAN" --date 2012-06-02
expect_out "already exists (case 1)" "one levy per birth"
expect_rc 0 "pay" -- pd case fee pay 1 --amount 20000 --date 2012-06-10 --receipt 0012345
expect_out "paid 20000 of 57044 yuan, 37044 outstanding" "balance"
expect_rc 1 "overpay" -- pd case fee pay 1 --amount 40000 --date 2012-06-11
expect_out "more than the 37044 yuan outstanding" "no overpayment"
expect_rc 0 "open list" -- pd case fee list --open
expect_out "孙兰英" "open case listed"
expect_out "37044" "outstanding shown"
expect_rc 0 "pay rest" -- pd case fee pay 1 --amount 37044 --date 2012-06-20
expect_rc 0 "open list empty" -- pd case fee list --open
expect_no_out "孙兰英" "settled case not open"
expect_rc 0 "fee show" -- pd case fee show 1
expect_out "0012345" "receipt shown"
expect_eq "$(sql "$db" "SELECT count(*) FROM outbox WHERE json_extract(body,'\$.type') IN ('fee.levy','fee.payment')")" "3" "fee events in the outbox"
expect_rc 0 "audit chain" -- pd audit verify

finish test_cases
