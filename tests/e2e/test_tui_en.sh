#!/bin/bash
# The screens in English ([ui] language = en) at 80x24 on a demo register
# (`popdesk demo`): the main path (login, home, help, find, person, household,
# change menu, a form, change log, both rosters, sent back, subsidies, the
# idle lock) shows no Chinese-only label: the rows that hold labels, column
# heads, code names and the key line have no Chinese characters (names and
# addresses are the register's data and stay as they are).
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui-en: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui-en --tmux popdesk-tuien --demo 200 --ini $'[ui]\nlanguage = en\n'
absent() { if tm_screen | grep -qE -- "$1"; then bad "$2 (/$1/ shown)"; else ok "$2"; fi; }
# no_cjk FIRST LAST DESCRIPTION: screen rows FIRST..LAST (1-based; LAST may
# be $, the key line) hold no Chinese character
no_cjk() {
    local bad_rows
    bad_rows=$(tm_screen | sed -n "$1,$2p" | grep -P '[\x{3000}-\x{303f}\x{3400}-\x{9fff}\x{ff00}-\x{ffef}]' | tr -s ' ')
    if [ -z "$bad_rows" ]; then ok "$3"; else bad "$3: $bad_rows"; fi
}
start() { # [ENV=VALUE...]
    tm_stop
    tm_start 80 24 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
        TERM=screen-256color "$@" "$POPDESK" --config "$T/popdesk.ini" --db "$T/r.db"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "tmux did not start"; finish; exit 1; }
}
start

expect "Password" "login in English"
expect "Demo account: demo / demo1234 (admin: admin / admin1234)" "the demo hint whole at 80 columns"
no_cjk 1 '$' "login: no Chinese"
tm_text admin; tm_keys Enter; tm_text admin1234; tm_keys Enter
expect "Register at a glance" "home"
no_cjk 1 14 "home: counts, menu and sending state"
no_cjk '$' '$' "home: key line"
expect "F10Quit" "home: quit stays on the key line when labels are long"
tm_keys F1
expect "Press any key to close the help" "help"
no_cjk 1 '$' "help: no Chinese"
tm_keys Escape

tm_keys F3; tm_text zs
expect "2 found" "find"
no_cjk 1 5 "find: prompt and column heads"
no_cjk 22 '$' "find: message and key line"
tm_keys Enter
expect "date of birth" "person screen"
no_cjk 22 '$' "person: key line"
absent "姓名|身份证号|出生日期|户籍地址|与户主关系|汉族|农业户口|户主|初婚" "person: labels and codes in English"
expect "Subsidy programmes" "person: the programmes"
tm_keys h
expect "Members" "household"
no_cjk 3 3 "household: code and phone labels"
no_cjk 5 7 "household: column heads"
absent "户主|妻|长子|长女|农业户口" "household: relations and registration in English"
tm_keys e
expect "Record a change" "change menu"
no_cjk 1 12 "change menu: no Chinese"
tm_keys Enter
expect "date of birth" "form"
absent "姓名|性别|出生日期|民族|与户主关系" "form: labels in English"
no_cjk '$' '$' "form: key line"
tm_keys Escape Escape
tm_keys l
expect "Change log" "change log"
no_cjk 2 3 "change log: column heads"
absent "姓名:|身份证号:|性别:|出生日期:|户口性质:" "change log: values labelled in English"
no_cjk '$' '$' "change log: key line"
tm_keys Escape Escape Escape Escape
expect "Register at a glance" "home again"
tm_keys w
expect "Women of childbearing age" "women roster"
no_cjk 2 3 "women roster: heads"
absent "宫内节育器|避孕套|女性绝育|男性绝育|口服避孕药" "women roster: methods in English"
tm_keys Escape m
expect "Migrant roster" "migrant roster"
no_cjk 2 3 "migrant roster: heads"
tm_keys Escape r
expect "Sent back by the district" "sent-back screen"
no_cjk 1 '$' "sent back: no Chinese"
tm_keys Escape p
expect "Rural reward" "subsidies"
no_cjk 2 4 "subsidies: heads and counts"
no_cjk '$' '$' "subsidies: key line"
tm_keys Enter
expect "yuan" "subsidy person"
no_cjk 3 14 "subsidy person: every condition in English"
tm_keys Escape Escape x
expect "Logged out: admin" "X logs out"
tm_keys F10
expect "popdesk-exit=0" "quits with status 0"

start POPDESK_TUI_IDLE_LOCK_MS=1000
expect "Password" "login again"
tm_text admin; tm_keys Enter; tm_text admin1234; tm_keys Enter
expect "Screen locked" "idle lock" 6
no_cjk 2 '$' "lock: no Chinese"
tm_keys F10
expect "Logged out: admin" "logged out"
tm_keys F10
expect "popdesk-exit=0" "quits with status 0"
finish
