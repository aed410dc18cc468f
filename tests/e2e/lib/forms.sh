# forms.sh - shared set-up and helpers of test_tui_forms*.sh: a register with
# one household imported from a CSV, the screens in tmux at 80x24 in
# monochrome (the selected row in reverse video, which `pick` looks for),
# and helpers to open a change form, check a refusal and a save.
# Source after check.sh's `e2e_setup NAME --tmux SOCK --pw secret123` (which
# sets $POPDESK, $T, $db, $TM_SOCK, the password file $T/pw, sources tmux.sh
# and gives ok/bad/expect; idck is check.sh's).

STATION=330205001001
HH=${STATION}010001

ID_ZS=$(idck 33020519850315001)     # 张三 m, head
ID_LM=$(idck 33020519870620002)     # 李梅 f, wife
ID_ZLH=$(idck 33020519400101003)    # 张老汉 m, father
ID_ZXJ=$(idck 33020519950808005)    # 张小军 m, son
ID_WF=$(idck 33020519920312004)     # 王芳 f, daughter-in-law, married, no method

TODAY=$(TZ=Asia/Shanghai date +%Y-%m-%d)
ymd() { TZ=Asia/Shanghai date -d "$1" +%Y-%m-%d; }

forms_setup() {
    envs=(env -i PATH="$PATH" HOME="$T" XDG_CONFIG_HOME="$T/.config" XDG_DATA_HOME="$T/.local/share"
          LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color NO_COLOR=1)
    P=("${envs[@]}" POPDESK_USER=admin POPDESK_PASSWORD_FILE="$T/pw" "$POPDESK" --db "$db")
    "${envs[@]}" "$POPDESK" --db "$db" init --station $STATION --admin admin \
        --password-file "$T/pw" >/dev/null || { bad "init"; return 1; }
    cat >"$T/reg.csv" <<EOF
户编号,住址,户口簿号,姓名,身份证号,性别,出生日期,与户主关系,婚姻状况,户籍地址
$HH,江北区甬江街道示范社区1号,A1001,张三,$ID_ZS,男,1985-03-15,户主,已婚,江北区甬江街道示范社区1号
$HH,,,李梅,$ID_LM,女,1987-06-20,妻,已婚,江北区甬江街道示范社区1号
$HH,,,张老汉,$ID_ZLH,男,1940-01-01,父亲,丧偶,江北区甬江街道示范社区1号
$HH,,,张小军,$ID_ZXJ,男,1995-08-08,子,未婚,江北区甬江街道示范社区1号
$HH,,,王芳,$ID_WF,女,1992-03-12,儿媳,已婚,江北区甬江街道示范社区1号
EOF
    "${P[@]}" import "$T/reg.csv" >"$T/import.out" 2>&1 || { bad "import"; cat "$T/import.out"; return 1; }
    tm_start 80 24 sh -c "$(printf '%q ' "${envs[@]}" "$POPDESK" --db "$db"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "tmux did not start"; return 1; }
    expect "用户名" "login screen"
    tm_text admin; tm_keys Enter; tm_text secret123; tm_keys Enter
    expect "台账概况" "home screen after login" 10
}

# The outbox's pending count, from the command line (the register is shared).
outbox() { "${P[@]}" status 2>/dev/null | sed -n 's/^outbox *\([0-9]*\) pending.*/\1/p'; }

# Waits until the screen differs from $1 (after a key), at most 2 s.
changed_from() {
    local before=$1 i
    for i in $(seq 40); do
        [ "$(tm_screen_attr)" != "$before" ] && return 0
        sleep 0.05
    done
    return 1
}

# In a list (the change menu), moves the selection to the row holding TEXT
# (the selected row is in reverse video) and presses Enter.
pick() {
    local text=$1 i s
    for i in $(seq 60); do
        s=$(tm_screen_attr)
        if printf '%s\n' "$s" | grep -F -- "$text" | grep -q $'\e\[7m'; then
            tm_keys Enter
            return 0
        fi
        tm_keys Down
        changed_from "$s" || true
    done
    return 1
}

# From the home screen: find NAME and open the person.
open_person() {
    tm_keys F3
    expect "查找" "find screen for $1"
    tm_text "$1"
    expect "$2" "$1 found" 5
    tm_keys Enter
    expect "人员 $1" "person screen of $1"
}

# Back to the home screen from anywhere below it (no form open).
go_home() {
    local i
    for i in 1 2 3 4 5 6; do
        tm_screen | grep -q "台账概况" && return 0
        tm_keys Escape
        sleep 0.1
    done
    expect "台账概况" "home screen again"
}

# F2 on a form with a bad value: refused, the message beside the field and
# nothing saved.  WORDS = text of the message; N0 = the outbox before.
refused() { # WORDS N0 DESCRIPTION
    tm_keys F2
    if tm_wait "$1" 5 && tm_screen | grep -F -- "$1" | grep -q "!"; then
        ok "$3: refused, '$1' beside the field"
    else
        bad "$3: refused, '$1' beside the field"
    fi
    if tm_screen | grep -q "已保存"; then bad "$3: not saved"; fi
    local n; n=$(outbox)
    if [ "$n" = "$2" ]; then ok "$3: nothing saved (outbox $n)"; else bad "$3: nothing saved (outbox $n, was $2)"; fi
}

# F2 on a valid form: saved, the outbox one more than N0.
saved() { # N0 DESCRIPTION
    tm_keys F2
    expect "已保存" "$2: saved"
    local n; n=$(outbox)
    if [ "$n" = "$(($1 + 1))" ]; then ok "$2: one more change in the outbox ($n)"
    else bad "$2: one more change in the outbox ($n, was $1)"; fi
}

# Clears the focused field (Ctrl-U) and types TEXT.
retype() { tm_keys C-u; tm_text "$1"; }

# On the home screen: its outbox count is the register's; then q quits
# with status 0.
home_count_and_quit() {
    local want
    want=$(outbox)
    if tm_screen | grep -Eq "待上报变动 +$want\b"; then ok "home: outbox count $want"
    else bad "home: outbox count $want"; fi
    tm_keys q
    expect "popdesk-exit=0" "quits with status 0"
}

# change menu of the person or household on screen -> the form of TYPE (shown as TITLE)
open_form() { # TYPE TITLE
    tm_keys e
    expect "登记变动" "change menu for $1"
    if pick "$1"; then ok "$1 chosen in the menu"; else bad "$1 chosen in the menu"; fi
    expect "$2" "$1 form open"
}
