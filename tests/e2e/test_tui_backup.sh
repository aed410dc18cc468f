#!/bin/bash
# test_tui_backup.sh - the home screen's backup reminder ([backup]
# remind_days): a register with records that was never backed up reminds;
# a `popdesk backup` taken while the screens run clears it the next time the
# home screen shows; a last backup older than remind_days reminds with its
# age; remind_days = 0 turns the reminder off.  Drives the screens in tmux.
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui-backup: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui-backup --tmux popdesk-tuibk --demo 100 --pw demo1234
gone() { if tm_wait_gone "$1" "${3:-5}"; then ok "$2"; else bad "$2 ('$1' still shown)"; fi; }

conf() { # REMIND_DAYS
    printf '[backup]\ndir = %s/bk\nremind_days = %s\n[policy]\nfile = %s/conf/policy/zhejiang-2012.ini\n' \
        "$T" "$1" "$ROOT" > "$T/p.ini"
}
# the demo's clerk signs `popdesk backup` in (docs/ACCOUNTS.md) with $T/pw
backup() { POPDESK_USER=demo POPDESK_PASSWORD_FILE=$T/pw "$POPDESK" --config "$T/p.ini" --db "$db" backup > /dev/null; }
start() {
    tm_stop
    tm_start 100 30 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
        TERM=screen-256color "$POPDESK" --config "$T/p.ini" --db "$db"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "tmux did not start"; finish; exit 1; }
    expect "用户名" "login screen"
    tm_text demo; tm_keys Enter; tm_text demo1234; tm_keys Enter
    expect "台账概况" "home after login" 10
}

conf 7
start
expect "登记库从未备份：请备份（popdesk backup）" "never backed up: reminded"
# a backup while the screens run; the reminder goes when home shows again
if backup; then ok "backup taken"; else bad "popdesk backup failed"; fi
tm_keys F3
expect "查找" "find screen"
tm_keys Escape
expect "台账概况" "home again"
gone "备份" "the reminder is gone after the backup"

# a last backup ten days old, remind after seven
sqlite3 "$db" "UPDATE meta SET value=strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime', '-10 days') WHERE key='backup_last'"
start
expect "上次备份在 10 天前：请备份登记库（popdesk backup）" "an old backup: reminded with its age"
# remind_days = 0: never
conf 0
start
gone "备份" "remind_days = 0: no reminder"
tm_keys F10
expect "popdesk-exit=0" "quits"
finish
