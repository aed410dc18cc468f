#!/bin/bash
# test_stats.sh - the statistics on the command line: `popdesk check` on a
# demo register (clean: no problem) and with planted errors (exit 1, the
# problems as text and CSV), every `popdesk report` in text, CSV and PDF with
# each form of --period and --group, `popdesk dashboard`, printing through a
# stand-in lp, and a spot check out and back in.
. "$(dirname "$0")/lib/check.sh"
cd "$SCRATCH"
db=$SCRATCH/r.db

cat > popdesk.ini <<EOF
[station]
code = 330205001001
name = 示范社区
township = 甬江街道
district = 江北区
[policy]
file = $TOP/conf/policy/zhejiang-2012.ini
[print]
printer = office
EOF
pd() { "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" "$@"; }

expect_rc 0 "demo register" -- pd demo --persons 600 --seed 11
# check, report, dashboard, spotcheck sign in (docs/ACCOUNTS.md): the demo's
# clerk, demo / demo1234
sign_in demo "$(pw_file demo1234)"
year=$(date +%Y)

# ---- check -------------------------------------------------------------------------
expect_rc 0 "check on the demo register" -- pd check
expect_out "问题 0 个" "a clean demo register has no problem"
expect_rc 0 "check help" -- pd check --help
expect_out "exit status: 0 no errors" "check help words"
expect_rc 2 "check takes no period" -- pd check --period 2012
expect_rc 2 "check bad format" -- pd check --format xml

# plant: a wrong check character, a sex that disagrees with the ID, an empty
# marital status at 30
victim=$(sql "$db" "select pid from persons where status='active' and migrant=0 and id_number is not null and sex='1' and birth_date<'1990-01-01' order by id limit 1")
woman=$(sql "$db" "select pid from persons where status='active' and migrant=0 and id_number is not null and sex='2' and birth_date<'1960-01-01' order by id limit 1")
single=$(sql "$db" "select pid from persons where status='active' and migrant=0 and marital is not null and birth_date<'1985-01-01' and pid not in ('$victim','$woman') order by id limit 1")
errors0=$(sql "$db" "select count(*) from quality_problems where severity='error'")
warnings0=$(sql "$db" "select count(*) from quality_problems where severity='warning'")
sqlite3 "$db" "update persons set id_number=substr(id_number,1,17)||case substr(id_number,18) when '1' then '2' else '1' end where pid='$victim';
               update persons set sex='1' where pid='$woman';
               update persons set marital=null where pid='$single';"
expect_rc 1 "check finds errors" -- pd check
expect_out "id_invalid" "wrong check character found"
expect_out "wrong check character: expected" "the reason is readable on the printed line (not cut off)"
expect_out "$victim" "names the person"
expect_out "id_sex" "sex against the ID"
expect_out "marital_missing" "empty marital status"
expect_out "错误 $((errors0 + 2)), 提示 $((warnings0 + 1))" "two errors and a warning more"
expect_rc 1 "check as CSV" -- pd check --format csv --output problems.csv
expect_out "wrote problems.csv" "csv written"
head -c 3 problems.csv | od -An -tx1 | grep -q "ef bb bf" && ok || bad "CSV starts with a UTF-8 BOM"
grep -q "序号,级别,类别,问题,姓名,档案号,户编号,项目,说明,关联档案" problems.csv && ok || bad "CSV header"
expect_eq "$(grep -c 'id_invalid' problems.csv)" "1" "one id_invalid row"
expect_eq "$(sql "$db" "select count(*) from quality_problems where kind='id_invalid' and person='$victim'")" "1" "problems kept for the screens"
# the management rate follows the last check
expect_rc 0 "dashboard" -- pd dashboard
expect_out "全员人口信息管理率" "management rate on the dashboard"
expect_no_out "尚未检查" "the check's result is used"

# ---- reports -----------------------------------------------------------------------
for r in indicators births contraception monthly women migrants; do
    expect_rc 0 "report $r" -- pd report "$r"
done
expect_rc 0 "indicators" -- pd report indicators
expect_out "人口和计划生育统计指标" "indicators title"
expect_out "计划生育率" "planned-birth rate row"
expect_out "≥ 97%" "planned-birth target"
expect_out "统计年度" "default period is the statistics year"
expect_out "* 默认口径" "defaults marked"
expect_rc 0 "births by year" -- pd report births --period "$year"
expect_out "年 ($year-01-01 至 $year-12-31)" "calendar year"
expect_out "三孩及以上" "births by order"
expect_rc 0 "monthly" -- pd report monthly --period "$year-01"
expect_out "村(社区)人口和计划生育月报" "monthly title"
expect_out "出生日期" "birth list columns"
expect_rc 0 "range and group" -- pd report contraception --period "$((year - 1))-01-01..$year-06-30" --group 01
expect_out "第01组" "group in the heading"
expect_out "宫内节育器" "methods"
expect_rc 0 "women" -- pd report women --period "stat-$year"
expect_out "已婚育龄妇女避孕节育花名册" "women title"
expect_rc 0 "migrants" -- pd report migrants
expect_out "有效期至" "expiry column"
# what an incomplete record lacks, in the report's language
expect_no_out "contraception" "lacks in Chinese, not English"
expect_no_out "spouse" "lacks in Chinese (spouse)"

expect_rc 0 "csv" -- pd report indicators --format csv --output ind.csv
grep -q "^指标,分子,分母,数值,目标,状态,计算方法" <(tail -c +4 ind.csv) && ok || bad "indicators CSV header"
expect_eq "$(grep -c 'planned\|births within policy' ind.csv)" "1" "one planned-birth row"
expect_rc 0 "pdf" -- pd report births --format pdf
expect_out "wrote report-births-stat-" "default PDF name"
f=$(ls report-births-stat-*.pdf 2>/dev/null | head -n 1)
[ -n "$f" ] && [ "$(head -c 4 "$f")" = "%PDF" ] && ok || bad "a PDF was written"

expect_rc 2 "bad period" -- pd report births --period 2012-13
expect_out "stat-2012 (statistics year)" "period words"
expect_rc 2 "bad range" -- pd report births --period 2012-07-01..2012-06-30
expect_out "after it ends" "range words"
expect_rc 2 "bad group" -- pd report births --group 1
expect_out "two digits" "group words"
# a group the register lacks is a typo: said so, not printed as a group of zeros
expect_rc 1 "unknown group" -- pd report births --group 98
expect_out "group 98 has no households in this register (groups here: 01" "unknown group words"
expect_rc 1 "dashboard, unknown group" -- pd dashboard --group 98
expect_out "group 98 has no households" "dashboard unknown group words"
expect_rc 2 "unknown report" -- pd report happiness
expect_out "unknown report 'happiness'" "report words"
expect_rc 2 "no report" -- pd report
expect_rc 2 "dashboard is not a report" -- pd report dashboard
expect_rc 2 "pdf to stdout and print" -- pd report births --print --output -

# printing through a stand-in lp
mkdir -p fakebin
printf '#!/bin/sh\necho "$@" > "%s/lp.args"\necho "request id is office-7 (1 file(s))"\n' "$SCRATCH" > fakebin/lp
chmod +x fakebin/lp
expect_rc 0 "print" -- env PATH="$SCRATCH/fakebin:$PATH" "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" report monthly --print --output month.txt
expect_out "sent to office: request id is office-7" "print words"
grep -q "month.txt" lp.args && grep -q -- "-d office" lp.args && ok || bad "lp got the printer and the file: $(cat lp.args 2>/dev/null)"

expect_rc 0 "dashboard text" -- pd dashboard
expect_out "人口和计划生育目标管理一览" "dashboard title"
expect_out "≤ 3500" "births target"
expect_out "103-107" "sex ratio range"
expect_out "统计误差率" "error rate row"
expect_out "尚无抽查" "no spot check yet"

# ---- spot check ----------------------------------------------------------------------
expect_rc 2 "export needs a group" -- pd spotcheck export
expect_rc 0 "export" -- pd spotcheck export --group 01 --output form.csv
expect_out "wrote form.csv" "form written"
grep -q "户编号,地址,户主,统计期间,户籍人口,出生,死亡,已婚育龄妇女,落实避孕措施" <(tail -c +4 form.csv) && ok || bad "form header"
rows=$(($(wc -l < form.csv) - 1))
[ "$rows" -gt 3 ] && ok || bad "form has households ($rows)"
# fill the first three households, leave the rest unvisited
awk -F, 'NR == 1 { print; next } NR <= 4 { print $1 "," $2 "," $3 "," $4 ",3,0,0,1,1"; next } { print }' form.csv > filled.csv
expect_rc 0 "enter" -- pd spotcheck enter filled.csv
expect_out "统计误差率抽查结果 第01组" "result title"
expect_out "抽查户数: 3" "three households"
expect_out "kept for the dashboard" "kept"
expect_rc 0 "dashboard after the spot check" -- pd dashboard
expect_no_out "尚无抽查" "spot check used"
grep -qE "误差最大项: (户籍人口|出生|死亡|已婚育龄妇女|落实避孕措施)$" <<<"$OUT" && ok ||
    bad "the worst item named as the form names it: $(grep 误差最大项 <<<"$OUT")"
awk -F, 'NR == 1 { print; next } NR == 2 { print $1 "," $2 "," $3 "," $4 ",3,0"; next } { print }' form.csv > partial.csv
expect_rc 1 "partial row" -- pd spotcheck enter partial.csv
expect_out "row 2" "names the row"
expect_out "fill every count" "partial words"
awk -F, 'NR == 1 { print; next } NR == 2 { print $1 "," $2 "," $3 "," $4 ",three,0,0,1,1"; next } { print }' form.csv > word.csv
expect_rc 1 "not a number" -- pd spotcheck enter word.csv
expect_out "must be a count" "number words"
awk -F, 'NR == 1 { print; next } NR == 2 { print "330205001001019998," $2 "," $3 "," $4 ",1,0,0,0,0"; next } { print }' form.csv > stranger.csv
expect_rc 1 "unknown household" -- pd spotcheck enter stranger.csv
expect_out "330205001001019998 is not in the register" "unknown household words"
printf 'a,b\n1,2\n' > junk.csv
expect_rc 1 "not a form" -- pd spotcheck enter junk.csv
expect_out "not a spot-check form" "junk words"
expect_rc 2 "spotcheck nothing" -- pd spotcheck
expect_rc 2 "spotcheck bad action" -- pd spotcheck frobnicate

finish test_stats
