#!/bin/bash
# test_diskfull.sh - a full disk: the register on a small tmpfs that is then
# filled to the last block while another connection holds the register open
# (as the screens do, so the write-ahead log must grow).  Saving an event
# (subsidy decide), an import and a backup each fail with words that say the
# disk is full and what to do; the register stays whole (integrity_check,
# audit chain, outbox = audit, counts unchanged, no half-written backup);
# once space is freed the same work succeeds.
#
# Needs its own small filesystem: as root it mounts a tmpfs; otherwise it
# runs itself in a private user and mount namespace (unshare -rm), where an
# ordinary user may mount one.  Where neither works it says so and fails.
if [ -z "${DISKFULL_INNER:-}" ] && [ "$(id -u)" != 0 ]; then
    if unshare -rm true 2>/dev/null; then
        exec unshare -rm env DISKFULL_INNER=1 bash "$0" "$@"
    fi
fi
. "$(dirname "$0")/lib/check.sh"
here=$(cd "$(dirname "$0")" && pwd)
export TMUX_TMPDIR=$SCRATCH TM_SOCK=popdesk-diskfull-$$
. "$here/lib/tmux.sh"
case $POPDESK in /*) ;; *) POPDESK=$(pwd)/$POPDESK ;; esac
cd "$SCRATCH"
mnt=$SCRATCH/disk
mkdir -p "$mnt"
holder=
cleanup() {
    tm_stop
    exec 7>&- 2>/dev/null
    [ -n "$holder" ] && kill "$holder" 2>/dev/null && wait "$holder" 2>/dev/null
    umount "$mnt" 2>/dev/null
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
if ! mount -t tmpfs -o size=8m,mode=0700 tmpfs "$mnt" 2>/dev/null; then
    bad "cannot mount a small tmpfs here (neither root nor unshare -rm): the disk-full test did not run"
    finish diskfull
    exit 1
fi
db=$mnt/r.db
cat > popdesk.ini <<EOF
[station]
code = 330205001001
[policy]
file = $TOP/conf/policy/zhejiang-2012.ini
[backup]
dir = $mnt/backups
EOF
pd() { "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" "$@"; }
counts() { pd status | grep -E '^(households|persons|outbox) '; }
sign_in admin "$(pw_file 'Admin-pass1')"
expect_rc 0 "init" -- pd init --station 330205001001 --admin admin --password-file "$POPDESK_PASSWORD_FILE"
expect_rc 0 "first import" -- pd import "$TOP/tests/data/import/good_utf8.csv"
pid=$(sql "$db" "select pid from persons where name='张伟'")

# 600 persons in 200 households: more than the space left
python3 - > big.csv <<'PY'
import csv, sys
w = csv.writer(sys.stdout)
w.writerow(["户编号", "住址", "姓名", "性别", "出生日期", "民族", "与户主关系", "户口性质"])
given = "明华强"
for h in range(200):
    code = "330205001001%06d" % (20000 + h)
    for k in range(3):
        w.writerow([code, "宁波市江北区甬江街道%d号" % h if k == 0 else "", "王%s%s" % ("一二三四五六七八九十"[h % 10], given[k]),
                    "女" if k == 1 else "男", "1980-01-01", "汉", ["户主", "妻", "长子"][k], "农业"])
PY

# the screens (here sqlite3) hold the register open with a read under way
mkfifo hold
sqlite3 "$db" < hold > hold.out 2>&1 &
holder=$!
exec 7> hold
echo "BEGIN; SELECT count(*) FROM persons;" >&7
for _ in $(seq 50); do [ -s hold.out ] && break; sleep 0.1; done
[ -s hold.out ] && ok || bad "the holding connection did not start"

before=$(counts)
audit_before=$(sql "$db" "select count(*) from audit")
dd if=/dev/zero of="$mnt/filler" bs=4k > /dev/null 2>&1
expect_eq "$(df --output=avail -k "$mnt" | tail -n 1 | tr -d ' ')" "0" "the disk is full"

expect_rc 4 "an event on a full disk" -- pd subsidy decide --programme reward --year 2012 --person "$pid" --approve
expect_out "the disk is full; nothing was saved" "event: says the disk is full"
expect_out "Free some space on the disk holding $db" "event: says what to do"
expect_rc 4 "an import on a full disk" -- pd import big.csv
expect_out "the disk is full; nothing was saved" "import: says the disk is full"
expect_out "try again" "import: says to try again"
expect_rc 4 "a backup on a full disk" -- pd backup
expect_out "the disk is full: backup" "backup: says the disk is full"
expect_out "Free some space in $mnt/backups" "backup: says what to do"
expect_eq "$(ls "$mnt/backups" 2>/dev/null | wc -l)" "0" "no half-written backup left"

# the register as it was, even before space comes back
expect_eq "$(counts)" "$before" "counts unchanged"
expect_eq "$(sql "$db" "select count(*) from audit")" "$audit_before" "no audit row added"

# the screens on the full disk: a form's save fails in words and keeps
# what was typed; once there is room the same form saves
tui=
if command -v tmux > /dev/null && tm_start 120 30 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$SCRATCH" \
        LC_ALL=C.UTF-8 TZ=Asia/Shanghai TERM=screen-256color "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db"); \
        echo popdesk-exit=\$?; sleep 30" 7>&-; then   # the holder's fifo stays ours alone
    tui=1
    tm_wait "用户名" 10 && ok || bad "screens: no login screen"
    tm_text admin; tm_keys Enter; tm_text Admin-pass1; tm_keys Enter
    tm_wait "台账概况" 10 && ok || bad "screens: no home screen on a full disk"
    tm_keys n
    tm_wait "户编号" && ok || bad "screens: no new-household form"
    tm_text 010009; tm_keys Tab Tab; tm_text "江北区甬江街道满盘路9号"; tm_keys Tab Tab; tm_text 1; tm_keys Tab
    tm_keys F2
    tm_wait "the disk is full" 10 && ok || bad "screens: the failed save does not say the disk is full: $(tm_screen)"
    tm_wait "未保存" && ok || bad "screens: the failed save does not say not saved"
    tm_screen | grep -qF "满盘路9号" && ok || bad "screens: the form lost what was typed: $(tm_screen)"
    expect_eq "$(counts)" "$before" "screens: nothing saved"
else
    echo "skip: tmux is not installed; the screens' disk-full save is not checked"
fi

# space back: the holder goes, the filler is deleted
exec 7>&-
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; holder=
rm -f "$mnt/filler"
if [ -n "$tui" ]; then
    tm_keys F2
    tm_wait "家庭成员" 10 && ok || bad "screens: the same form did not save once there was room: $(tm_screen)"
    expect_eq "$(sql "$db" "select count(*) from households where code='330205001001010009'")" "1" "screens: the household saved"
    tm_keys Escape Escape Escape
    tm_wait "台账概况" && tm_keys q
    tm_wait "popdesk-exit=0" 10 && ok || bad "screens: did not quit: $(tm_screen)"
fi
expect_eq "$(sql "$db" "pragma integrity_check")" "ok" "integrity_check ok"
expect_rc 0 "audit chain whole" -- pd audit verify
expect_eq "$(sql "$db" "select count(*) from outbox where seq not in (select seq from audit)")" "0" "every outbox event has its audit row"
expect_eq "$(sql "$db" "select count(*) from audit where seq not in (select seq from outbox)")" "0" "every audit row has its outbox event"

expect_rc 0 "the event saves once there is space" -- pd subsidy decide --programme reward --year 2012 --person "$pid" --approve
expect_rc 0 "the import loads once there is space" -- pd import big.csv
expect_out "imported 600 persons in 200 households" "the whole import"
expect_rc 0 "the backup is written once there is space" -- pd backup
expect_out "backup written and checked" "backup words"
expect_rc 0 "audit chain whole after" -- pd audit verify
expect_eq "$(sql "$db" "pragma integrity_check")" "ok" "integrity_check ok after"
expect_eq "$(sql "$db" "select count(distinct seq) from audit") $(sql "$db" "select max(seq) - min(seq) + 1 from outbox")" \
    "$(sql "$db" "select count(*) from outbox") $(sql "$db" "select count(*) from outbox")" "outbox and audit agree, no gap in seq"
finish diskfull
