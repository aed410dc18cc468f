#!/bin/bash
# End-to-end test of `popdesk import`: a UTF-8 register spreadsheet with
# every office quirk, the same file in GB18030, a file with 3 bad rows among
# good ones (all listed, nothing saved), importing the same people twice,
# --dry-run, export -> import round trip, files that are not CSV, and kill -9
# in the middle of a 20 000-row import (all or nothing, integrity intact).
# Takes the binary in $POPDESK (default build/popdesk).
# Last line: "import: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai POPDESK_USER=clerk01

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
POPDESK=${POPDESK:-$root/build/popdesk}
case $POPDESK in /*) ;; *) POPDESK=$root/$POPDESK ;; esac
DATA=$root/tests/data/import
T=$(mktemp -d "${TMPDIR:-/tmp}/import-test.XXXXXX")
bgpid=

cleanup() {
    [ -n "$bgpid" ] && kill -9 "$bgpid" 2>/dev/null && wait "$bgpid" 2>/dev/null
    if [ "${KEEP_TMP:-}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

passed=0 failed=0
ok()  { passed=$((passed + 1)); echo "ok   - $1"; }
bad() { failed=$((failed + 1)); echo "FAIL - $1${2:+ ($2)}"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "want [$2], got [$3]"; fi; }
# has DESC FILE TEXT: the file holds the text
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "no [$3] in $(head -c 1500 "$2")"; fi; }
hasnt() { if ! grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "[$3] found"; fi; }

if [ ! -x "$POPDESK" ]; then
    echo "FAIL - no popdesk binary at $POPDESK"
    echo "import: 0 passed, 1 failed"
    exit 1
fi
for tool in sqlite3 python3 iconv; do
    command -v $tool >/dev/null || { echo "FAIL - $tool is needed"; echo "import: 0 passed, 1 failed"; exit 1; }
done

echo secret123 > "$T/pw"
chmod 600 "$T/pw"   # signs the clerk in (docs/ACCOUNTS.md): must be private
export POPDESK_PASSWORD_FILE=$T/pw
# newdb NAME: a fresh register for station 330205001001, with the clerk
# (clerk01, who signs the imports) added by the admin
newdb() {
    "$POPDESK" --db "$T/$1.db" init --station 330205001001 --admin admin \
        --password-file "$T/pw" >/dev/null || bad "init $1"
    POPDESK_USER=admin "$POPDESK" --db "$T/$1.db" user add clerk01 --role clerk \
        --password-file "$T/pw" >/dev/null || bad "clerk for $1"
}
pd() { local db=$1; shift; "$POPDESK" --db "$T/$db.db" "$@"; }
status_of() { pd "$1" status | sed -n "s/^$2 *\([0-9]*\).*/\1/p"; }
sql() { sqlite3 "$T/$1.db" "$2"; }

# --- a good UTF-8 file (BOM, CRLF, title row, quirks) -----------------------
newdb good
pd good import "$DATA/good_utf8.csv" >"$T/out" 2>"$T/err"
expect "good file imports (exit 0)" 0 $?
has "summary counts persons and households" "$T/out" "imported 7 persons in 3 households"
has "summary counts rewritten dates" "$T/out" "5 dates rewritten to YYYY-MM-DD"
has "summary counts codes given as words" "$T/out" "codes given as words"
has "summary counts cleaned ID numbers" "$T/out" "2 ID numbers cleaned"
has "summary notes the title row" "$T/out" "1 title row above the header row (row 2) skipped"
has "summary notes the BOM" "$T/out" "UTF-8 (with a byte-order mark)"
expect "status: 7 persons" 7 "$(status_of good persons)"
expect "status: 3 households" 3 "$(status_of good households)"
expect "outbox: 10 events pending" 10 "$(pd good status | sed -n 's/^outbox *\([0-9]*\) pending.*/\1/p')"
pd good export persons >"$T/persons.csv"
# 李娜: full-width ID with a space, 1987/03/02, 女, 汉族, 妻
has "export: full-width ID normalised, date and codes rewritten" "$T/persons.csv" \
    ",李娜,330205198703020223,2,1987-03-02,01,12,2,"
has "export: lowercase x made X" "$T/persons.csv" ",刘强,33020519700707109X,1,1970-07-07,01,02,1,"
has "export: sex and birth taken from the ID" "$T/persons.csv" ",陈静,33020519720303128X,2,1972-03-03,"
has "export: 1985.6.15 and 户主 rewritten" "$T/persons.csv" ",张伟,330205198506150117,1,1985-06-15,01,02,2,"
pd good export households >"$T/hh.csv"
has "household address with an embedded comma" "$T/hh.csv" '"宁波市江北区甬江街道1号,2幢"'
has "household address with a line break joined" "$T/hh.csv" "宁波市江北区甬江街道2号 (东门)"
has "household address taken from the head's 现住址" "$T/hh.csv" "330205001001010003,,宁波市江北区甬江街道3号"
expect "events signed by POPDESK_USER" 10 "$(sql good "SELECT count(*) FROM audit WHERE user='clerk01'")"
expect "one household.add event a household" 3 \
    "$(sql good "SELECT count(*) FROM outbox WHERE body LIKE '%\"type\":\"household.add\"%'")"

# --- importing the same people again is refused, nothing saved --------------
pd good import "$DATA/good_utf8.csv" >"$T/out" 2>"$T/err"
expect "re-import refused (exit 1)" 1 $?
expect "every row named as already registered" 7 "$(grep -c 'column 身份证号: ID number .* is already registered to' "$T/err")"
has "re-import names row 3 and the person" "$T/err" "row 3, column 身份证号: ID number 330205198506150117 is already registered to 张伟"
has "re-import says nothing imported" "$T/err" "nothing imported: 7 rows to put right"
expect "re-import saved nothing (outbox)" 10 "$(sql good 'SELECT count(*) FROM outbox')"
expect "re-import saved nothing (persons)" 7 "$(sql good 'SELECT count(*) FROM persons')"

# --- the same register in GB18030, detected and forced ----------------------
tail -c +4 "$DATA/good_utf8.csv" | iconv -f UTF-8 -t GB18030 >"$T/good_gb.csv"
if cmp -s "$T/good_gb.csv" <(tail -c +4 "$DATA/good_utf8.csv"); then bad "GB18030 file differs from UTF-8"; fi
newdb gb
pd gb import "$T/good_gb.csv" >"$T/out" 2>"$T/err"
expect "GB18030 file imports (exit 0)" 0 $?
has "GB18030 detected" "$T/out" "read as GB18030"
pd gb export persons >"$T/gb_persons.csv"
if diff -q <(cut -d, -f2- "$T/persons.csv") <(cut -d, -f2- "$T/gb_persons.csv") >/dev/null; then
    ok "GB18030 import gives the same register, Chinese intact"
else
    bad "GB18030 import gives the same register" "$(diff <(cut -d, -f2- "$T/persons.csv") <(cut -d, -f2- "$T/gb_persons.csv") | head -5)"
fi
has "GB18030: Chinese name intact" "$T/gb_persons.csv" ",赵秀英,330205196208080529,"
newdb gb2
pd gb2 import --encoding gb18030 "$T/good_gb.csv" >/dev/null 2>&1
expect "--encoding gb18030 imports" 0 $?
pd gb2 import --encoding utf-8 "$T/good_gb.csv" >"$T/out" 2>"$T/err"
expect "GB18030 read as --encoding utf-8 refused" 1 $?
has "encoding refusal names the line" "$T/err" "is not UTF-8; for a GB18030 (GBK) file say --encoding gb18030"
pd gb2 import --encoding latin1 "$T/good_gb.csv" >/dev/null 2>"$T/err"
expect "unknown --encoding is a usage error" 2 $?

# --- 3 bad rows among good ones: all listed, nothing saved ------------------
newdb bad
pd bad import "$DATA/bad_rows.csv" >"$T/out" 2>"$T/err"
expect "file with bad rows refused (exit 1)" 1 $?
has "bad row 4 listed (ID mangled by the spreadsheet)" "$T/err" "row 4, column 身份证号: ID number '3.30205E+17': the spreadsheet turned"
has "bad row 6 listed (no such day)" "$T/err" "row 6, column 出生日期:"
has "bad row 8 listed (not a code)" "$T/err" "row 8, column 与户主关系:"
expect "exactly 3 problems listed" 3 "$(grep -c ': row [0-9]*, column ' "$T/err")"
has "refusal sums up" "$T/err" "nothing imported: 3 rows to put right"
expect "bad file: status 0 persons" 0 "$(status_of bad persons)"
expect "bad file: status 0 households" 0 "$(status_of bad households)"
expect "bad file: outbox 0" 0 "$(sql bad 'SELECT count(*) FROM outbox')"
expect "bad file: audit 0" 0 "$(sql bad 'SELECT count(*) FROM audit')"

# --- --dry-run checks and saves nothing --------------------------------------
newdb dry
pd dry import --dry-run "$DATA/good_utf8.csv" >"$T/out" 2>"$T/err"
expect "--dry-run of a good file exits 0" 0 $?
has "--dry-run says what it would do" "$T/out" "dry run: would import 7 persons in 3 households"
has "--dry-run says nothing was saved" "$T/out" "nothing was saved"
expect "--dry-run: persons 0" 0 "$(sql dry 'SELECT count(*) FROM persons')"
expect "--dry-run: outbox 0" 0 "$(sql dry 'SELECT count(*) FROM outbox')"
pd dry import --dry-run "$DATA/bad_rows.csv" >/dev/null 2>"$T/err"
expect "--dry-run of a bad file exits 1 and lists rows" "1 3" "$? $(grep -c ': row [0-9]*, column ' "$T/err")"

# --- export persons -> import into a fresh register -------------------------
pd good export persons --output "$T/export.csv" 2>/dev/null
newdb round
pd round import "$T/export.csv" >"$T/out" 2>"$T/err"
expect "export persons imports into a fresh register" 0 $?
has "export's pid column is ignored with a note" "$T/out" "column pid ignored"
pd round export persons >"$T/round.csv"
if diff -q "$T/persons.csv" "$T/round.csv" >/dev/null; then
    ok "round trip gives the same persons"
else
    bad "round trip gives the same persons" "$(diff "$T/persons.csv" "$T/round.csv" | head -6)"
fi

# --- files that are not CSV text ---------------------------------------------
printf 'PK\003\004rest of a zip' >"$T/book.xlsx"
pd round import "$T/book.xlsx" >/dev/null 2>"$T/err"
expect "an .xlsx workbook is refused" 1 $?
has "the refusal says to save as CSV" "$T/err" "save it as \"CSV UTF-8\""
pd round import "$T/missing.csv" >/dev/null 2>"$T/err"
expect "a missing file is refused" 1 $?
printf '户编号,姓名\n"330205001001010001,张伟\n' >"$T/open.csv"
pd round import "$T/open.csv" >/dev/null 2>"$T/err"
expect "an unclosed quote is refused" 1 $?
has "unclosed quote names its row" "$T/err" "row 2, column 1: a quoted cell is never closed"

# --- kill -9 in the middle of a 20 000-row import ----------------------------
cat >"$T/gen.py" <<'EOF'
import datetime, sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
def idn(s):
    return s + C[sum(int(a) * w for a, w in zip(s, W)) % 11]
n = int(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("户编号,住址,姓名,身份证号,性别,出生日期,与户主关系\n")
    base = datetime.date(1950, 1, 1)
    for i in range(n):
        hh, role = divmod(i, 4)
        b = base + datetime.timedelta(days=(i * 7) % 20000)
        seq = ((i % 500) * 2 + (1 if role in (0, 2) else 2)) % 1000
        num = idn("330205" + b.strftime("%Y%m%d") + "%03d" % seq)
        out.write("33020500100101%04d,甬江街道%d号,张%d,%s,%s,%s,%s\n" % (
            hh, hh, i, num, "男女男女"[role], b.isoformat(), ["户主", "妻", "长子", "长女"][role]))
EOF
python3 "$T/gen.py" 20000 "$T/big.csv"
expect "20 000 rows generated" 20001 "$(wc -l <"$T/big.csv")"
newdb big
# the binary itself in the background (not through a shell function, whose
# subshell would take the kill instead)
"$POPDESK" --db "$T/big.db" import "$T/big.csv" >"$T/big.out" 2>"$T/big.err" &
bgpid=$!
# Wait until the import is writing (the WAL file grows past 512 KB), then kill.
killed=0
for _ in $(seq 1 600); do
    size=$(stat -c %s "$T/big.db-wal" 2>/dev/null || echo 0)
    if [ "$size" -gt 524288 ] && kill -0 "$bgpid" 2>/dev/null; then
        kill -9 "$bgpid" 2>/dev/null && killed=1
        break
    fi
    kill -0 "$bgpid" 2>/dev/null || break
    sleep 0.05
done
wait "$bgpid" 2>/dev/null
bgpid=
[ "$killed" = 1 ] && ok "import killed with -9 while writing" || echo "note - the import ended before it could be killed"
expect "after kill -9: integrity_check ok" ok "$(sql big 'PRAGMA integrity_check')"
n=$(sql big 'SELECT count(*) FROM persons')
if [ "$n" = 0 ] || [ "$n" = 20000 ]; then ok "after kill -9: all or nothing ($n persons)"; else bad "after kill -9: all or nothing" "$n persons"; fi
expect "after kill -9: outbox rows == audit rows" "$(sql big 'SELECT count(*) FROM audit')" "$(sql big 'SELECT count(*) FROM outbox')"
# and the import then goes through in full
if [ "$n" = 0 ]; then
    pd big import "$T/big.csv" >"$T/big.out" 2>"$T/big.err"
    expect "the whole import after the kill (exit 0)" 0 $?
fi
expect "20 000 persons" 20000 "$(sql big 'SELECT count(*) FROM persons')"
expect "5 000 households" 5000 "$(sql big 'SELECT count(*) FROM households')"
expect "25 000 events in the outbox" 25000 "$(sql big 'SELECT count(*) FROM outbox')"
expect "gapless seq 1..25000" "1 25000 25000" "$(sql big 'SELECT min(seq), max(seq), count(DISTINCT seq) FROM outbox' | tr '|' ' ')"

echo "import: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
