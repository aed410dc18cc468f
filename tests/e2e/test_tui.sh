#!/bin/bash
# End-to-end test of the screens in a real terminal (tmux): log in (a wrong
# password first), add a household with two members (the first with a bad ID
# number: the error appears beside the field and nothing is saved), find by
# pinyin initials, record a birth (resizing the terminal in the middle of the
# form, and below the minimum), see it in the change log and the outbox
# count, quit leaving the terminal and the register sound.
# Runs at 80x24 in colour and at 132x43 in monochrome (TERM=vt100, NO_COLOR).
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui --tmux popdesk-tui

STATION=330205001001
ID_BAD=330205198503150010     # check character should be 5
ID_ZS=330205198503150015      # 张三, male, 1985-03-15
ID_LM=330205198706200027      # 李梅, female, 1987-06-20

run_case() { # NAME COLS ROWS TERM NO_COLOR
    local name=$1 cols=$2 rows=$3 term=$4 nocolor=$5
    local home=$T/$name db=$T/$name/r.db
    mkdir -p "$home"
    local envs=(env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/.config"
                XDG_DATA_HOME="$home/.local/share" LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM="$term")
    [ -n "$nocolor" ] && envs+=(NO_COLOR=1)
    "${envs[@]}" "$POPDESK" --db "$db" init --station $STATION --admin admin \
        --password-file <(echo secret123) >/dev/null || { bad "$name: init"; return; }
    local status_cmd=("${envs[@]}" "$POPDESK" --db "$db" status)

    tm_start "$cols" "$rows" sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --db "$db"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "$name: tmux did not start"; return; }
    expect "用户名" "$name: login screen"
    tm_text admin; tm_keys Enter; tm_text wrongpass; tm_keys Enter
    expect "用户名或密码不对" "$name: wrong password refused in words (in Chinese)"
    tm_text secret123; tm_keys Enter
    expect "台账概况" "$name: home screen after login" 10
    expect "待上报变动" "$name: home shows the outbox count"

    # a household
    tm_keys n
    expect "户编号" "$name: new household form"
    tm_text 010001; tm_keys Tab Tab
    tm_text "江北区中马街道白沙路12号"; tm_keys Tab Tab; tm_text 1; tm_keys Tab
    tm_keys F2
    expect "家庭成员" "$name: household saved, household screen shown"
    expect "已保存" "$name: saved message"

    # first member with a bad ID: error beside the field, nothing saved
    tm_keys a
    expect "登记人口" "$name: add-member form"
    tm_text "张三"; tm_keys Tab; tm_text $ID_BAD
    expect "校验位不对" "$name: bad ID number explained as typed (in Chinese)"
    tm_keys F2
    expect "错误" "$name: save refused while the form has errors"
    if "${status_cmd[@]}" | grep -Eq '^persons +0$'; then ok "$name: nothing saved with a bad ID"
    else bad "$name: nothing saved with a bad ID"; fi
    tm_keys BSpace; tm_text 5
    expect "1985-03-15" "$name: sex and birth date filled from the ID"
    tm_keys Tab Tab Tab Tab; tm_text 02; tm_keys F2
    expect "已保存" "$name: first member saved"
    expect "户主" "$name: first member listed as head"

    # second member, relation chosen from the list by typing to filter
    tm_keys a
    expect "登记人口" "$name: add-member form again"
    tm_text "李梅"; tm_keys Tab; tm_text $ID_LM; tm_keys Tab Tab Tab Tab
    tm_keys F4
    expect "选择" "$name: code list opens"
    tm_text "妻"; tm_keys Enter
    expect "12 " "$name: relation chosen from the list"
    tm_keys F2
    expect "已保存" "$name: second member saved"
    expect "妻" "$name: second member listed as wife"

    # find by pinyin initials
    tm_keys Escape
    expect "台账概况" "$name: back home"
    tm_keys F3
    expect "查找" "$name: find screen"
    tm_text zs
    expect "330205198503150015" "$name: 'zs' finds 张三"
    if [ -n "$nocolor" ]; then
        if tm_screen_attr | grep -q $'\e\[7m'; then ok "$name: selection shown in reverse video"
        else bad "$name: selection shown in reverse video"; fi
        if tm_screen_attr | grep -Eq $'\e\\[(3[0-7]|38;5|4[0-7]|48;5)'; then bad "$name: no colour under NO_COLOR"
        else ok "$name: no colour under NO_COLOR"; fi
    else
        if tm_screen_attr | grep -Eq $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7])'; then ok "$name: colour used"
        else bad "$name: colour used"; fi
    fi
    tm_keys BSpace BSpace; tm_text lm
    expect "330205198706200027" "$name: 'lm' finds 李梅"
    tm_keys Enter
    expect "人员 李梅" "$name: person screen"

    # a birth, with a resize in the middle of the form
    tm_keys b
    expect "母亲" "$name: birth form, mother pre-filled"
    expect "李梅 女" "$name: mother shown by name"
    tm_keys Tab F4; expect "张三 男" "$name: father offered from the household"; tm_keys Enter
    tm_keys Tab Tab; tm_text "张小宝"; tm_keys Tab Tab; tm_text 1; tm_keys Tab
    tm_resize 100 30
    expect "张小宝" "$name: form redrawn after a resize, typing kept"
    tm_resize 60 20
    expect "窗口太小" "$name: below the minimum it says so"
    tm_resize "$cols" "$rows"
    expect "张小宝" "$name: form back at full size with the typing"
    tm_text 20240105; tm_keys Tab Tab; tm_text 20
    tm_keys Escape
    expect "未保存" "$name: leaving with changes asks"
    tm_keys Escape
    tm_keys F2
    expect "已保存" "$name: birth saved"
    expect "人员 李梅" "$name: back on the mother's screen"

    # the change log of the household shows the birth
    tm_keys h
    expect "家庭成员" "$name: household screen from the person"
    expect "张小宝" "$name: the baby is a member of the household"
    tm_keys l
    expect "操作员" "$name: change log screen"
    expect "出生" "$name: change log shows the birth"
    expect "立户" "$name: change log shows the new household"
    tm_keys Escape Escape Escape Escape Escape
    expect "台账概况" "$name: home again"
    # 1 household + 2 persons + 1 birth = 4 changes waiting
    if tm_screen | grep -E "待上报变动 +4" >/dev/null; then ok "$name: outbox count 4 on the home screen"
    else bad "$name: outbox count 4 on the home screen"; fi
    if "${status_cmd[@]}" | grep -Eq '^outbox +4 pending'; then ok "$name: outbox has 4 pending"
    else bad "$name: outbox has 4 pending"; fi

    tm_keys F1
    expect "按任意键关闭帮助" "$name: F1 help"
    tm_keys Escape
    tm_keys q
    expect "popdesk-exit=0" "$name: quits with status 0"
    tm_stop
}

run_case colour80 80 24 screen-256color ""
run_case mono132 132 43 vt100 1

finish
