#!/bin/bash
# End-to-end test of the statistics screens (issue 6) in a real terminal
# (tmux), on a demo register with planted problems: a wrong ID check
# character (an error) and a likely duplicate (a record imported into a
# second household without its ID number).
#  - the target dashboard shows a target beside its value, met or missed,
#    with numerator / denominator; T switches the period kind, - goes back
#    a year, G filters a group (a bad group, or one the register lacks, is
#    refused in words);
#  - a report (the married women's roster) reads as `popdesk report women`
#    prints it, scrolls a page, prints through a stand-in lp (the PDF is
#    kept) and exports a CSV;
#  - the data-quality screen shows the management rate and the planted
#    error, its whole reason under the list, and Enter opens that person's
#    record;
#  - the duplicates screen lists the pair; a clerk's merge is refused in
#    words, a supervisor's asks first and then merges (person.merge: the
#    duplicate's row is gone, the event waits in the outbox).
# Runs at 80x24 (colour) and 120x40 (monochrome).  POPDESK = the binary
# (default build/popdesk).  Last line: "tui-stats: N passed, N failed".
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui-stats --tmux popdesk-tuistats
check() { # DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok "$what"; else fail=$((fail + 1)); echo "FAIL $what"; fi
}

# Builds the register of one run in $1: demo, a supervisor, the planted
# problems, and a saved check.  Sets victim, dup, kept, dupname.
setup() {
    local d=$1
    mkdir -p "$d/fakebin" "$d/home"
    printf '%s[policy]\nfile = %s/conf/policy/zhejiang-2012.ini\n[print]\nprinter = office\n' \
        "$E2E_STATION_INI" "$ROOT" > "$d/popdesk.ini"
    printf '#!/bin/sh\necho "$@" > "%s/lp.args"\necho "request id is office-9 (1 file(s))"\n' "$d" > "$d/fakebin/lp"
    chmod +x "$d/fakebin/lp"
    local pd=("$POPDESK" --config "$d/popdesk.ini" --db "$d/r.db")
    "${pd[@]}" demo --persons 600 --seed 11 >/dev/null || { bad "demo register"; return 1; }
    export POPDESK_USER=admin POPDESK_PASSWORD_FILE=$(pw_file admin1234)
    "${pd[@]}" user add wangzg --role supervisor --password-file <(echo super1234) >/dev/null ||
        { bad "supervisor added"; return 1; }
    # an error: a wrong check character
    victim=$(sql "$d/r.db" "select pid from persons where status='active' and migrant=0 and id_number is not null and sex='1' and birth_date<'1990-01-01' order by id limit 1")
    sqlite3 "$d/r.db" "update persons set id_number=substr(id_number,1,17)||case substr(id_number,18) when '1' then '2' else '1' end where pid='$victim'"
    # a likely duplicate: an adult woman imported again, without her ID
    # number, into a household of group 02
    kept=$(sql "$d/r.db" "select pid from persons where status='active' and migrant=0 and sex='2' and birth_date<'1970-01-01' and pid<>'$victim' order by id limit 1")
    dupname=$(sql "$d/r.db" "select name from persons where pid='$kept'")
    local birth; birth=$(sql "$d/r.db" "select birth_date from persons where pid='$kept'")
    printf '户编号,住址,姓名,性别,出生日期,民族,与户主关系,户口性质,婚姻状况,现住址\n330205001001029001,宁波市江北区甬江街道9号,%s,女,%s,汉,户主,农业,丧偶,宁波市江北区甬江街道9号\n' \
        "$dupname" "$birth" > "$d/dup.csv"
    "${pd[@]}" import "$d/dup.csv" >"$d/import.out" 2>&1 || { bad "duplicate imported: $(cat "$d/import.out")"; return 1; }
    dup=$(sql "$d/r.db" "select pid from persons where household='330205001001029001'")
    "${pd[@]}" check >/dev/null
    [ "$(sql "$d/r.db" "select count(*) from quality_problems where kind='likely_duplicate' and person='$dup' and other='$kept'")" = 1 ] ||
        { bad "the duplicate is found by the check"; return 1; }
    unset POPDESK_USER POPDESK_PASSWORD_FILE
    return 0
}

# start NAME DIR COLS ROWS TERM NO_COLOR USER PASSWORD
start() {
    local name=$1 d=$2 cols=$3 rows=$4 term=$5 nocolor=$6 user=$7 password=$8
    local envs=(env -i PATH="$d/fakebin:$PATH" HOME="$d/home" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM="$term")
    [ -n "$nocolor" ] && envs+=(NO_COLOR=1)
    tm_start "$cols" "$rows" sh -c "cd $(printf '%q' "$d") && $(printf '%q ' "${envs[@]}" "$POPDESK" --config "$d/popdesk.ini" --db "$d/r.db"); sleep 30" ||
        { bad "$name: tmux did not start"; return 1; }
    expect "用户名" "$name: login screen" || return 1
    tm_text "$user"; tm_keys Enter; tm_text "$password"; tm_keys Enter
    expect "台账概况" "$name: home screen" 10
}

run_case() { # NAME COLS ROWS TERM NO_COLOR
    local name=$1 cols=$2 rows=$3 term=$4 nocolor=$5 d=$T/$1
    setup "$d" || return
    local pd=("$POPDESK" --config "$d/popdesk.ini" --db "$d/r.db")

    # ---- a clerk: dashboard, reports, quality; the merge refused --------------
    start "$name" "$d" "$cols" "$rows" "$term" "$nocolor" demo demo1234 || return
    expect "目标管理" "$name: the dashboard on the home menu"
    tm_keys d
    expect "目标管理一览" "$name: dashboard opens"
    expect "计划生育率" "$name: a target's row"
    expect "≥ 97%" "$name: the planned-birth target beside it"
    expect "流动人口已婚育龄妇女信息" "$name: the migrant coverage row"
    expect "达标" "$name: met / missed words"
    expect "分子 / 分母" "$name: numerator and denominator column"
    expect "[统计年度]" "$name: the statistics year by default"
    local yr; yr=$(date +%Y)
    tm_keys t
    expect "[公历年度]" "$name: T switches to the calendar year"
    expect "${yr}年 (${yr}-01-01 至 ${yr}-12-31)" "$name: this calendar year"
    tm_keys -
    expect "$((yr - 1))年 ($((yr - 1))-01-01 至 $((yr - 1))-12-31)" "$name: - goes back a year"
    tm_keys t
    expect "[月份]" "$name: then months"
    tm_keys g; tm_text 7x; tm_keys Enter
    expect "分组应为两位数字" "$name: a bad group refused in words"
    tm_keys C-u; tm_text 98; tm_keys Enter
    expect "本台账没有第98组的户" "$name: a group the register lacks is refused, not shown as zeros"
    tm_keys C-u; tm_text 01; tm_keys Enter
    expect "第01组" "$name: group 01 shown"
    tm_keys Escape
    expect "台账概况" "$name: back home"

    tm_keys t
    expect "已婚育龄妇女避孕节育花名册" "$name: the reports menu"
    tm_keys 5
    expect "单位: 江北区 甬江街道 示范社区" "$name: the women's roster as printed"
    expect "显示 1-" "$name: the first lines"
    local first; first=$(tm_screen | sed -n 's/.*显示 \(1-[0-9]*\).*/\1/p')
    tm_keys NPage
    if tm_wait_gone "显示 $first" 3; then ok "$name: PgDn scrolls the report"; else bad "$name: PgDn scrolls the report"; fi
    # the same text as the command line's
    local cli; cli=$(POPDESK_USER=admin POPDESK_PASSWORD_FILE=$(pw_file admin1234) "${pd[@]}" report women | sed -n '12p' | cut -c1-40)
    tm_keys PPage
    expect "$(echo "$cli" | sed 's/ *$//' | cut -c1-20)" "$name: a roster line as popdesk report prints it"
    tm_keys p
    expect "已送 office" "$name: P prints through lp"
    check "$name: lp got the PDF" grep -q "report-women-stat-.*\.pdf" "$d/lp.args"
    check "$name: the PDF is kept beside the register" sh -c "ls '$d'/printouts/report-women-stat-*.pdf >/dev/null 2>&1"
    check "$name: not in the current folder" sh -c "! ls '$d'/report-women-stat-* >/dev/null 2>&1"
    check "$name: the printout is private" sh -c "[ \"\$(stat -c %a '$d'/printouts/report-women-stat-*.pdf)\" = 600 ]"
    tm_keys e
    expect "已写出" "$name: E exports"
    check "$name: the CSV has the roster's header" sh -c "grep -q '序号,姓名,身份证号' '$d'/printouts/report-women-stat-*.csv"
    expect "printouts/report-women-stat-" "$name: the path shown after the export"
    tm_keys p
    expect "已送 office" "$name: P prints again"
    check "$name: the second printout did not overwrite the first" \
        sh -c "[ \"\$(ls '$d'/printouts/report-women-stat-*.pdf | wc -l)\" = 2 ] && ls '$d'/printouts/report-women-stat-*-2.pdf >/dev/null"
    tm_keys Escape Escape
    expect "台账概况" "$name: back home from the report"

    tm_keys k
    expect "全员人口信息管理率" "$name: quality screen with the management rate"
    expect "身份证号错误" "$name: the planted error listed"
    expect "$victim" "$name: with the person's record number"
    expect "wrong check character" "$name: the chosen problem's whole reason under the list"
    tm_keys Enter
    expect "人员 " "$name: Enter opens the person screen"
    expect "$victim" "$name: the planted error's person"
    tm_keys Escape
    tm_keys f
    expect "筛选: 核心项缺失" "$name: F filters by kind (the first kind found)"
    if tm_wait_gone "身份证号错误" 3; then ok "$name: other kinds hidden"; else bad "$name: other kinds hidden"; fi
    tm_keys Escape
    expect "台账概况" "$name: back home from quality"

    tm_keys u
    expect "疑似重复档案" "$name: the duplicates screen"
    expect "$dup" "$name: the duplicate listed"
    tm_keys m
    expect "只有主管" "$name: a clerk's merge refused in words"
    check "$name: nothing merged by the clerk" [ "$(sql "$d/r.db" "select count(*) from persons where pid='$dup'")" = 1 ]
    tm_keys F10
    tm_stop

    # ---- a supervisor merges ---------------------------------------------------
    start "$name" "$d" "$cols" "$rows" "$term" "$nocolor" wangzg super1234 || return
    tm_keys u
    expect "$dup" "$name: supervisor sees the duplicate"
    tm_keys m
    expect "$kept" "$name: the question names the record kept"
    expect "Y" "$name: asks for confirmation"
    check "$name: not merged before the answer" [ "$(sql "$d/r.db" "select count(*) from persons where pid='$dup'")" = 1 ]
    tm_keys y
    expect "已合并到 $kept" "$name: merged"
    check "$name: the duplicate's row is gone" [ "$(sql "$d/r.db" "select count(*) from persons where pid='$dup'")" = 0 ]
    check "$name: merged_persons remembers it" [ "$(sql "$d/r.db" "select count(*) from merged_persons where pid='$dup' and into_pid='$kept'")" = 1 ]
    check "$name: a person.merge event by the supervisor" \
        [ "$(sql "$d/r.db" "select count(*) from audit where type='person.merge' and user='wangzg'" 2>/dev/null)" = 1 ]
    if tm_wait_gone "$dup" 3; then ok "$name: gone from the list"; else bad "$name: gone from the list"; fi
    tm_keys F10
    tm_stop
}

for c in ${TUI_STATS_CASES:-narrow wide}; do
    case $c in
    narrow) run_case narrow 80 24 xterm-256color "" ;;
    wide) run_case wide 120 40 vt100 1 ;;
    esac
done

finish
