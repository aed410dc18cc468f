#!/bin/bash
# End-to-end test of `popdesk demo`: builds a demo register into a fresh
# folder, checks `status` against the build's own summary, the same seed
# giving the same export, refusing to overwrite (a demo without --force, a
# real register even with --force, a file that is no register), rebuilding
# a demo with --force, and bad --persons/--seed values (exit 2 with a word
# about the option).  Takes the binary in $POPDESK (default build/popdesk).
# Last line: "demo: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
POPDESK=${POPDESK:-$root/build/popdesk}
case $POPDESK in /*) ;; *) POPDESK=$root/$POPDESK ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/demo-test.XXXXXX")

cleanup() {
    if [ "${KEEP_TMP:-}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

passed=0 failed=0
ok()  { passed=$((passed + 1)); echo "ok   - $1"; }
bad() { failed=$((failed + 1)); echo "FAIL - $1${2:+ ($2)}"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "want [$2], got [$3]"; fi; }
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "no [$3] in $(head -c 1500 "$2")"; fi; }
finish() { echo "demo: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if [ ! -x "$POPDESK" ]; then
    echo "FAIL - no popdesk binary at $POPDESK"
    echo "demo: 0 passed, 1 failed"
    exit 1
fi

# field OUTFILE LABEL: the first number after LABEL at the start of a line
field() { sed -n "s/^$2 *\([0-9][0-9]*\).*/\1/p" "$1" | head -n 1; }

# --- a demo register in a folder that does not exist yet --------------------
db=$T/new/folder/demo.db
"$POPDESK" --db "$db" demo --persons 600 --seed 3 >"$T/out" 2>"$T/err"
expect "demo builds (exit 0)" 0 $?
has "summary names the register" "$T/out" "demo register $db"
has "summary says how to log in" "$T/out" "demo / demo1234"
expect "600 persons created" 600 "$(field "$T/out" persons)"
hh=$(field "$T/out" households)
events=$(sed -n 's/^events *\([0-9]*\) in .* s$/\1/p' "$T/out")
migrants=$(sed -n 's/^persons .*(\([0-9]*\) migrants.*/\1/p' "$T/out")
died=$(sed -n 's/^persons .*born here, \([0-9]*\) died.*/\1/p' "$T/out")
[ -n "$hh" ] && [ "$hh" -gt 100 ] && ok "households reported ($hh)" || bad "households reported" "[$hh]"
[ -n "$events" ] && [ "$events" -gt 600 ] && ok "events reported ($events)" || bad "events reported" "[$events]"
mode=$(stat -c %a "$db")
expect "register is private (0600)" 600 "$mode"
[ ! -e "$db.demo-build" ] && ok "no scratch file left" || bad "no scratch file left"

"$POPDESK" --db "$db" status >"$T/status" 2>&1
expect "status runs (exit 0)" 0 $?
expect "status: households as built" "$hh" "$(field "$T/status" households)"
expect "status: persons = created - migrants - died" \
    $((600 - ${migrants:-0} - ${died:-0})) "$(field "$T/status" persons)"
expect "status: migrants as built" "$migrants" "$(field "$T/status" migrants)"
has "status: every event pending in the outbox" "$T/status" "$events pending, 0 sent"
has "status: station" "$T/status" "330205001001"
wcba=$(field "$T/status" "women 15-49")
[ -n "$wcba" ] && [ "$wcba" -gt 0 ] && ok "women 15-49 present ($wcba)" || bad "women 15-49 present" "[$wcba]"

# --- the same seed gives the same community ------------------------------------
"$POPDESK" --db "$T/again.db" demo --persons 600 --seed 3 >/dev/null 2>&1
expect "second build (exit 0)" 0 $?
# export signs in (docs/ACCOUNTS.md): the demo's clerk, demo / demo1234
printf 'demo1234\n' >"$T/demo.pw"
chmod 600 "$T/demo.pw"
export POPDESK_USER=demo POPDESK_PASSWORD_FILE=$T/demo.pw
"$POPDESK" --db "$db" export persons --format csv --output "$T/p1.csv" 2>/dev/null
"$POPDESK" --db "$T/again.db" export persons --format csv --output "$T/p2.csv" 2>/dev/null
if [ -s "$T/p1.csv" ] && cmp -s "$T/p1.csv" "$T/p2.csv"; then ok "same seed, same persons"; else bad "same seed, same persons"; fi
expect "export has every person" 601 "$(wc -l <"$T/p1.csv" | tr -d ' ')"
if grep -q '[张王李陈徐周吴胡林刘]' "$T/p1.csv"; then ok "Chinese names"; else bad "Chinese names"; fi

# --- never over an existing register ----------------------------------------------
sum=$(md5sum <"$db")
"$POPDESK" --db "$db" demo --persons 50 >"$T/out" 2>"$T/err"
expect "existing demo without --force refused (exit 1)" 1 $?
has "refusal says it exists" "$T/err" "already exists"
has "refusal mentions --force" "$T/err" "--force"
expect "refused demo left untouched" "$sum" "$(md5sum <"$db")"

"$POPDESK" --db "$db" demo --persons 50 --seed 9 --force >"$T/out" 2>"$T/err"
expect "--force rebuilds a demo register (exit 0)" 0 $?
"$POPDESK" --db "$db" status >"$T/status" 2>&1
persons=$(field "$T/status" persons)
[ -n "$persons" ] && [ "$persons" -le 50 ] && [ "$persons" -gt 30 ] && ok "rebuilt with 50 persons ($persons living here)" \
    || bad "rebuilt with 50 persons" "[$persons]"

echo secret123 >"$T/pw"
"$POPDESK" --db "$T/real.db" init --station 330205001001 --admin boss --password-file "$T/pw" >/dev/null 2>&1
expect "a real register is created" 0 $?
sum=$(md5sum <"$T/real.db")
"$POPDESK" --db "$T/real.db" demo --persons 50 --force >"$T/out" 2>"$T/err"
expect "--force refuses a real register (exit 1)" 1 $?
has "refusal says it is a real register" "$T/err" "real register"
has "refusal says it never overwrites" "$T/err" "never overwrites"
expect "real register untouched" "$sum" "$(md5sum <"$T/real.db")"
"$POPDESK" --db "$T/real.db" status >"$T/status" 2>&1
expect "real register still has no persons" 0 "$(field "$T/status" persons)"

printf 'not a register\n' >"$T/notes.db"
chmod 600 "$T/notes.db"
"$POPDESK" --db "$T/notes.db" demo --persons 50 --force >"$T/out" 2>"$T/err"
expect "--force refuses a file that is no register (exit 1)" 1 $?
has "refusal names the demo mark" "$T/err" "demo mark"
expect "the file is untouched" "not a register" "$(cat "$T/notes.db")"

# --- bad values ---------------------------------------------------------------------
for v in 0 -5 abc 99999999999 2000001 12x ""; do
    "$POPDESK" --db "$T/bad.db" demo --persons "$v" >"$T/out" 2>"$T/err"
    expect "--persons '$v' refused (exit 2)" 2 $?
    has "--persons '$v': message" "$T/err" "--persons must be a whole number from 1 to 2000000"
done
"$POPDESK" --db "$T/bad.db" demo --seed -3 >"$T/out" 2>"$T/err"
expect "--seed -3 refused (exit 2)" 2 $?
has "--seed message" "$T/err" "--seed must be a whole number"
"$POPDESK" --db "$T/bad.db" demo --persons >"$T/out" 2>"$T/err"
expect "--persons without a value refused (exit 2)" 2 $?
"$POPDESK" --db "$T/bad.db" demo extra >"$T/out" 2>"$T/err"
expect "stray argument refused (exit 2)" 2 $?
has "stray argument named" "$T/err" "unexpected argument 'extra'"
[ ! -e "$T/bad.db" ] && ok "no register made by a refused command" || bad "no register made by a refused command"

"$POPDESK" demo --help >"$T/out" 2>&1
expect "--help (exit 0)" 0 $?
has "--help lists --persons" "$T/out" "--persons N"

finish
