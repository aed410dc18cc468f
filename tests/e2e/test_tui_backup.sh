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
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
POPDESK=${POPDESK:-$root/build/popdesk}
case $POPDESK in /*) ;; *) POPDESK=$root/$POPDESK ;; esac
T=$(mktemp -d "${POPDESK_TEST_TMP:-${TMPDIR:-/tmp}}/tui-backup-e2e.XXXXXX")
export TM_SOCK="popdesk-tuibk-$$"
. "$here/lib/tmux.sh"
cleanup() { tm_stop; rm -rf "$T"; }
trap cleanup EXIT
trap "exit 1" INT TERM

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; echo "---- screen ----"; tm_screen; echo "----------------"; }
expect() { if tm_wait "$1" "${3:-5}"; then ok "$2"; else bad "$2 (no '$1')"; fi; }
gone() { if tm_wait_gone "$1" "${3:-5}"; then ok "$2"; else bad "$2 ('$1' still shown)"; fi; }
finish() { echo "tui-backup: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

DB=$T/r.db
"$POPDESK" --db "$DB" demo --persons 100 > /dev/null 2>&1 || { bad "popdesk demo"; finish; }
conf() { # REMIND_DAYS
    printf '[backup]\ndir = %s/bk\nremind_days = %s\n[policy]\nfile = %s/conf/policy/zhejiang-2012.ini\n' \
        "$T" "$1" "$root" > "$T/p.ini"
}
# the demo's clerk signs `popdesk backup` in (docs/ACCOUNTS.md)
printf 'demo1234\n' > "$T/pw"; chmod 600 "$T/pw"
backup() { POPDESK_USER=demo POPDESK_PASSWORD_FILE=$T/pw "$POPDESK" --config "$T/p.ini" --db "$DB" backup > /dev/null; }
start() {
    tm_stop
    tm_start 100 30 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
        TERM=screen-256color "$POPDESK" --config "$T/p.ini" --db "$DB"); echo popdesk-exit=\$?; sleep 30" ||
        { bad "tmux did not start"; finish; }
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
sqlite3 "$DB" "UPDATE meta SET value=strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime', '-10 days') WHERE key='backup_last'"
start
expect "上次备份在 10 天前：请备份登记库（popdesk backup）" "an old backup: reminded with its age"
# remind_days = 0: never
conf 0
start
gone "备份" "remind_days = 0: no reminder"
tm_keys F10
expect "popdesk-exit=0" "quits"
finish
