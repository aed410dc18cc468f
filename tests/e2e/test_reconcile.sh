#!/bin/bash
# End-to-end test of `popdesk reconcile` and the reconcile screen: a small
# register imported from a CSV, a police list held against it (each group,
# the exit status), a bad list refused with the row and column and nothing
# saved, the same list in GB18030, a decision recorded and hidden on the
# next run (shown with --all), the counts in `popdesk check`; then in a
# real terminal (tmux, 80x24): the screen shows the groups, E starts the
# death form pre-filled with the police list's date, F2 saves it, the event
# reaches the outbox (`popdesk status`) and the next run finds it
# consistent; E on a person only the police have whose 户号 is not here says
# so; then E on each source's missing change (a police-only person added to
# the household of their 户号, a hospital birth, a civil-affairs divorce)
# opens its form pre-filled with the list's values, F2 saves it into the
# register and files the decision, and the next runs have nothing left.
# POPDESK = the binary (default build/popdesk).  Last line:
# "reconcile: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup reconcile --tmux popdesk-rec --pw secret123
has() { # FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then ok "$3"; else bad "$3 (no '$2')"; sed 's/^/    | /' "$1" | head -40; fi
}
status_is() { # GOT WANT DESCRIPTION
    if [ "$1" -eq "$2" ]; then ok "$3"; else bad "$3 (exit $1, want $2)"; fi
}

STATION=330205001001
ZS=$(idck 33020519850315001)   # 张三 m
LM=$(idck 33020519870620002)   # 李梅 f
WQ=$(idck 33020519400101003)   # 王强 m, dead by the police list
LF=$(idck 33020519750505004)   # 刘芳 f, not on the police list
CW=$(idck 11010519900101005)   # 陈外 m, on the police list, not here

export HOME=$T POPDESK_USER=admin POPDESK_PASSWORD_FILE=$T/pw
P=("$POPDESK" --db "$db")
"${P[@]}" init --station $STATION --admin admin --password-file "$T/pw" >/dev/null || { bad "init"; exit 1; }

cat > "$T/reg.csv" <<EOF
户编号,住址,户口簿号,姓名,身份证号,性别,出生日期,与户主关系,婚姻状况,户籍地址
330205001001010001,江北区甬江街道示范社区1号,A1001,张三,$ZS,男,1985-03-15,户主,已婚,江北区甬江街道示范社区1号
330205001001010001,,,李梅,$LM,女,1987-06-20,妻,已婚,江北区甬江街道示范社区1号
330205001001010002,江北区甬江街道示范社区2号,A1002,王强,$WQ,男,1940-01-01,户主,丧偶,江北区甬江街道示范社区2号
330205001001010002,,,刘芳,$LF,女,1975-05-05,女,已婚,江北区甬江街道示范社区2号
EOF
if "${P[@]}" import "$T/reg.csv" >"$T/out" 2>&1; then ok "register imported"; else bad "import"; cat "$T/out"; exit 1; fi

cat > "$T/police.csv" <<EOF
江北区公安分局户籍人口名单
姓名,身份证号,性别,出生日期,人员状态,户籍地址,户号,婚姻状况,日期,联系电话
张三,$ZS,男,1985-03-15,正常,江北区甬江街道示范社区1号,A1001,已婚,,13800000000
李梅,$LM,女,1987.6.20,正常,江北区甬江街道示范社区1号,A1001,初婚,,
王强,$WQ,男,1940-01-01,死亡,江北区甬江街道示范社区2号,A1002,丧偶,2026-10-01,
陈外,$CW,男,1990-01-01,正常,江北区甬江街道示范社区3号,A1003,未婚,,
EOF

# ---- the command line ----
"${P[@]}" reconcile "$T/police.csv" --source police >"$T/out" 2>"$T/err"; rc=$?
status_is $rc 1 "differences: exit status 1"
has "$T/out" "4 rows" "summary counts the rows"
has "$T/out" "columns not read: 联系电话" "an unknown column is named, not refused"
grep -E '^  consistent +consistent +2$' "$T/out" >/dev/null && ok "2 consistent" || { bad "2 consistent"; cat "$T/out"; }
grep -E '^  missing .* 1  \(1 undecided\)' "$T/out" >/dev/null && ok "1 missing here" || bad "1 missing here"
grep -E '^  contradicted .* 1  \(1 undecided\)' "$T/out" >/dev/null && ok "1 contradicted" || bad "1 contradicted"
grep -E '^  unknown .* 1  \(1 undecided\)' "$T/out" >/dev/null && ok "1 unknown there" || bad "1 unknown there"
has "$T/out" "人员状态：本地 在册，对方 死亡" "the contradiction with both values"
has "$T/out" "to record: person.death" "the death to record"
has "$T/out" "陈外 $CW" "the person missing here"
has "$T/out" "刘芳 $LF" "the person unknown there"

"${P[@]}" reconcile "$T/police.csv" --source police --format csv --output "$T/res.csv" >/dev/null 2>&1; rc=$?
status_is $rc 1 "CSV output: exit status 1"
has "$T/res.csv" "group,key,row,kind,person,name,id_number" "CSV header"
key_lf=$(grep -F "$LF" "$T/res.csv" | cut -d, -f2)
key_cw=$(grep -F "$CW" "$T/res.csv" | cut -d, -f2)
if [[ $key_lf =~ ^[0-9a-f]{16}$ && $key_cw =~ ^[0-9a-f]{16}$ ]]; then ok "keys in the CSV"; else bad "keys in the CSV ($key_lf, $key_cw)"; fi

# a bad list: every bad row named, nothing saved
cat > "$T/bad.csv" <<EOF
姓名,身份证号,性别,出生日期
张三,${ZS:0:17}0,男,1985-03-15
李梅,$LM,女,1987-06-20
某人,,男,
EOF
"${P[@]}" reconcile "$T/bad.csv" --source police >"$T/out" 2>"$T/err"; rc=$?
status_is $rc 6 "bad list: exit status 6"
has "$T/err" "row 2, column 身份证号" "bad ID number named by row and column"
has "$T/err" "row 4, column 出生日期" "missing birth date named by row and column"
has "$T/err" "nothing was compared or saved" "says nothing was saved"
"${P[@]}" reconcile show --source police >"$T/out" 2>&1
has "$T/out" "police.csv: 4 rows" "the last good run is still the one shown"

"${P[@]}" reconcile "$T/bad.csv" --source hospital >"$T/out" 2>"$T/err"; rc=$?
status_is $rc 6 "a police list given as a hospital list: refused"
has "$T/err" "母亲身份证号" "says which column the hospital list needs"

# the same list in GB18030
iconv -f UTF-8 -t GB18030 "$T/police.csv" > "$T/police-gb.csv"
"${P[@]}" reconcile "$T/police-gb.csv" --source police >"$T/out" 2>&1; rc=$?
status_is $rc 1 "GB18030 list: exit status 1"
has "$T/out" "read as GB18030" "GB18030 detected"
has "$T/out" "人员状态：本地 在册，对方 死亡" "GB18030 list compared the same"

# a decision, hidden on the next run, shown with --all
"${P[@]}" reconcile decide --source police --key "$key_lf" --decision explained --note "刘芳户口在外地" >"$T/out" 2>&1; rc=$?
status_is $rc 0 "decision recorded"
"${P[@]}" reconcile decide --source police --key 0123456789abcdef --decision fixed >"$T/out" 2>&1; rc=$?
status_is $rc 1 "unknown key refused"
has "$T/out" "no result with key 0123456789abcdef" "unknown key named"
"${P[@]}" reconcile decide --source police --key "$key_cw" --decision ignored >"$T/out" 2>&1; rc=$?
status_is $rc 1 "ignored without a note refused"
has "$T/out" "needs a note" "a note is asked for"
"${P[@]}" reconcile "$T/police.csv" --source police >"$T/out" 2>&1
grep -E '^  unknown .* 1  \(0 undecided\)' "$T/out" >/dev/null && ok "decided: 0 undecided on the next run" || { bad "decided: 0 undecided"; cat "$T/out"; }
if grep -qF "刘芳" "$T/out"; then bad "decided result hidden"; else ok "decided result hidden"; fi
has "$T/out" "1 result decided earlier not shown" "says one is hidden"
"${P[@]}" reconcile show --source police --all >"$T/out" 2>&1
has "$T/out" "刘芳 $LF" "--all shows the decided result"
has "$T/out" "decided: explained by admin" "--all shows the decision"
has "$T/out" "刘芳户口在外地" "--all shows the note"

"${P[@]}" check >"$T/out" 2>&1
has "$T/out" "与其他部门核对" "check has a reconciliation section"
has "$T/out" "公安户籍 (police)" "check names the source"
has "$T/out" "未处理 2 (1/1/0)" "check counts the undecided per group"

pending() { "${P[@]}" status | awk '/^outbox/ {print $2; exit}'; }
before=$(pending)

# ---- the screen ----
envs=(env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color)
tm_start 80 24 sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --db "$db"); echo popdesk-exit=\$?; sleep 30" ||
    { bad "tmux did not start"; finish; exit 1; }
expect "用户名" "login screen"
tm_text admin; tm_keys Enter; tm_text secret123; tm_keys Enter
expect "台账概况" "home screen" 10
expect "部门核对" "home menu offers the reconcile screen"
tm_keys h
expect "公安户籍" "reconcile screen shows the source"
expect "对方有本地无 1/1" "missing group with its counts"
expect "信息不符 1/1" "contradicted group with its counts"
expect "陈外" "the missing person listed first"
tm_keys e
expect "本地没有户口簿号为“A1003”的户" "E on a person only the police have: no household A1003 here, said in words"
tm_keys g
expect "人员状态：本地 在册，对方 死亡" "contradicted group shows the difference"
expect "可登记：死亡" "the death to record is offered"
tm_keys e
expect "死亡日期" "death form opened"
expect "2026-10-01" "date of death pre-filled from the police list"
expect "王强" "the form is for the right person"
tm_keys F2
expect "已登记变动" "saved: filed as event started"
expect "信息不符 0/1" "nothing left to handle in the group"
tm_keys Right
expect "这一组没有待处理的结果" "unknown group: the decided one is hidden"
tm_keys f
expect "刘芳" "F shows the decided one"
expect "已处理：已说明" "with its decision"
tm_keys Escape
expect "台账概况" "back home"
tm_keys q
expect "popdesk-exit=0" "quits with status 0"
tm_stop

after=$(pending)
if [ -n "$before" ] && [ -n "$after" ] && [ "$after" -eq $((before + 1)) ]; then ok "the death reached the outbox ($before -> $after pending)"
else bad "the death reached the outbox ($before -> $after pending)"; fi
"${P[@]}" reconcile "$T/police.csv" --source police >"$T/out" 2>&1; rc=$?
grep -E '^  contradicted .* 0  \(0 undecided\)' "$T/out" >/dev/null && ok "next run: the death is consistent" || { bad "next run: the death is consistent"; cat "$T/out"; }
"${P[@]}" reconcile decide --source police --key "$key_cw" --decision ignored --note "外地人员，非本站" >/dev/null 2>&1
"${P[@]}" reconcile "$T/police.csv" --source police >"$T/out" 2>&1; rc=$?
status_is $rc 0 "everything consistent or decided: exit status 0"

# monochrome (TERM=vt100, NO_COLOR): the selected group still stands out
envs=(env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=vt100 NO_COLOR=1)
tm_start 80 24 sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --db "$db"); echo popdesk-exit=\$?; sleep 30" ||
    { bad "tmux did not start (mono)"; finish; exit 1; }
expect "用户名" "mono: login screen"
tm_text admin; tm_keys Enter; tm_text secret123; tm_keys Enter
expect "台账概况" "mono: home screen" 10
tm_keys h
expect "一致 3" "mono: reconcile screen with the last run's counts"
# line 3 is the row of group tabs (the title bar above is reverse video too)
if tm_screen_attr | sed -n 3p | grep -q $'\e\[7m'; then ok "mono: the current group in reverse video"
else bad "mono: the current group in reverse video"; fi
if tm_screen_attr | grep -Eq $'\e\\[(3[0-7]|38;5|4[0-7]|48;5)'; then bad "mono: no colour under NO_COLOR"
else ok "mono: no colour under NO_COLOR"; fi
# a new run from the screen: the file's path, then its source
tm_keys l
expect "名单文件" "mono: L asks for the list file"
tm_keys C-u; tm_text "$T/police-gb.csv"; tm_keys Enter
expect "名单来源：1 公安户籍" "mono: then for its source"
tm_keys 1
expect "核对完成：4 行，待处理 0 条" "mono: the run from the screen, all handled"
tm_keys l C-u; tm_text "$T/bad.csv"; tm_keys Enter 1
expect "名单有 2 行要改正，未保存" "mono: a bad list from the screen is refused in words"
expect "第 2 行“身份证号”列" "mono: the first bad row named by row and column"
tm_keys F1
expect "按任意键关闭帮助" "mono: F1 help for the screen"
tm_keys Escape Escape
expect "台账概况" "mono: back home"
tm_keys q
expect "popdesk-exit=0" "mono: quits with status 0"
tm_stop

# ---- E pre-fills each source's missing change, and saving it works ----
# the police have 赵新 in household A1001 (person.add there), the hospital a
# baby of 李梅 (person.birth in her household), civil affairs 刘芳's divorce
ZX=$(idck 33020519920202012)   # 赵新 f
SP=$(idck 33020519800101011)   # 刘芳's former husband, not here
{ cat "$T/police.csv"; echo "赵新,$ZX,女,1992-02-02,正常,江北区甬江街道示范社区1号,A1001,未婚,,"; } > "$T/police3.csv"
printf '新生儿姓名,性别,出生日期,母亲身份证号,母亲姓名,出生医学证明编号\n张小宝,男,2026年9月1日,%s,李梅,R330123456\n' "$LM" > "$T/hosp.csv"
printf '事项,姓名,身份证号,日期,配偶姓名,配偶身份证号\n离婚,刘芳,%s,2026-08-08,赵某,%s\n' "$LF" "$SP" > "$T/civil.csv"
"${P[@]}" reconcile "$T/police3.csv" --source police >"$T/out" 2>&1; rc=$?
status_is $rc 1 "police list with a person not here: exit 1"
has "$T/out" "to record: person.add" "the person to add is offered"
"${P[@]}" reconcile "$T/hosp.csv" --source hospital >"$T/out" 2>&1; rc=$?
status_is $rc 1 "hospital list with a birth not recorded: exit 1"
"${P[@]}" reconcile "$T/civil.csv" --source civil >"$T/out" 2>&1; rc=$?
status_is $rc 1 "civil list with a divorce not recorded: exit 1"
envs=(env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color)
tm_start 80 24 sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --db "$db"); echo popdesk-exit=\$?; sleep 30" ||
    { bad "tmux did not start (events)"; finish; exit 1; }
expect "用户名" "events: login screen"
tm_text admin; tm_keys Enter; tm_text secret123; tm_keys Enter
expect "台账概况" "events: home screen" 10
# S until the source's run shows (the three ran within a second: any can come first)
to_source() { # HEADING DESCRIPTION
    for _ in 1 2 3 4; do tm_wait "$1" 1 && { ok "$2"; return; }; tm_keys s; done
    bad "$2 (no '$1')"
}
tm_keys h
to_source "民政死亡婚姻  civil.csv" "events: S shows the civil run"
expect "对方有本地无 1/1" "events: the divorce is missing here"
tm_keys e
expect "婚姻变动  刘芳" "events: the marriage-change form for 刘芳"
expect "离婚" "events: the kind of change pre-filled"
expect "2026-08-08" "events: the date pre-filled"
expect "赵某" "events: the spouse's name pre-filled"
expect "$SP" "events: the spouse's ID number pre-filled"
tm_keys F2
expect "已登记变动" "events: the divorce saved and filed"
to_source "公安户籍  police3.csv" "events: S shows the police run"
expect "赵新" "events: the person to add listed"
tm_keys e
expect "登记人口  户 330205001001010001" "events: the add form in the household of 户号 A1001"
expect "1992-02-02" "events: the birth date pre-filled"
expect "江北区甬江街道示范社区1号" "events: the address pre-filled"
tm_keys F2
expect "已登记变动" "events: the person added and filed"
to_source "医院出生  hosp.csv" "events: S shows the hospital run"
tm_keys e
expect "出生  户 330205001001010001" "events: the birth form in the mother's household"
expect "李梅" "events: the mother pre-filled"
expect "张小宝" "events: the baby's name pre-filled"
expect "2026-09-01" "events: the baby's birth date pre-filled"
tm_keys F2
expect "已登记变动" "events: the birth saved and filed"
tm_keys Escape
expect "台账概况" "events: back home"
tm_keys q
expect "popdesk-exit=0" "events: quits with status 0"
tm_stop
q() { sqlite3 -readonly "$db" "$1"; }
got=$(q "SELECT marital||'|'||marital_date FROM persons WHERE id_number='$LF'")
[ "$got" = "40|2026-08-08" ] && ok "刘芳 divorced on 2026-08-08 in the register" || bad "刘芳's divorce ($got)"
got=$(q "SELECT household||'|'||sex||'|'||marital FROM persons WHERE id_number='$ZX'")
[ "$got" = "330205001001010001|2|10" ] && ok "赵新 added to household 010001" || bad "赵新 added ($got)"
got=$(q "SELECT p.birth_date||'|'||p.sex||'|'||m.name FROM persons p JOIN persons m ON m.pid = p.mother WHERE p.name='张小宝'")
[ "$got" = "2026-09-01|1|李梅" ] && ok "张小宝 born to 李梅 in the register" || bad "张小宝's birth ($got)"
for src in hosp.csv:hospital civil.csv:civil; do
    "${P[@]}" reconcile "$T/${src%%:*}" --source "${src##*:}" >"$T/out" 2>&1; rc=$?
    status_is $rc 0 "next ${src##*:} run: nothing left to handle"
    grep -E '^  consistent +consistent +1$' "$T/out" >/dev/null && ok "next ${src##*:} run: consistent" ||
        { bad "next ${src##*:} run: consistent"; cat "$T/out"; }
done
"${P[@]}" reconcile "$T/police3.csv" --source police >"$T/out" 2>&1
grep -E '^  missing .* 1  \(0 undecided\)' "$T/out" >/dev/null && ok "next police run: only 陈外 (decided) missing" ||
    { bad "next police run: only 陈外 (decided) missing"; cat "$T/out"; }
grep -E '^  consistent +consistent +4$' "$T/out" >/dev/null && ok "next police run: 赵新 consistent" ||
    { bad "next police run: 赵新 consistent"; cat "$T/out"; }

finish
