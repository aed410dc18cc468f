#!/bin/bash
# test_crash.sh - power cut while saving: kill -9 a process saving events one
# at a time (each its own transaction at synchronous=FULL), at random moments,
# many times over the same register.  After every kill: integrity_check ok,
# every seq the process announced as committed is there, exactly one audit row
# and one outbox row per event, seq gapless from 1, the hash chain linked.
# Then kill -9 during `popdesk backup` (while a writer saves, as the screens
# would) and during `popdesk import`: the register stays whole, a file named
# like a backup is always a complete, checked one, an import is all or
# nothing.  CRASH_ROUNDS (default 60; `make torture` 400) sets the save
# rounds; backup and import get half as many each.  Sync and pull kills are
# in test_sync.sh and test_pull.sh (SYNC_KILL_ROUNDS).
. "$(dirname "$0")/lib/check.sh"
gen="$(dirname "$POPDESK")/tools/eventgen"
[ -x "$gen" ] || { bad "missing $gen (make builds it)"; finish crash; exit 1; }
db=$SCRATCH/crash.db
rounds=${CRASH_ROUNDS:-60}
for i in $(seq 1 "$rounds"); do
    "$gen" "$db" 100000 "$i" > "$SCRATCH/seqs" 2>/dev/null &
    pid=$!
    # 20-300 ms: lands in all phases (open, migrate, save, commit)
    sleep "0.$(printf '%03d' $(( (RANDOM % 280) + 20 )))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    last=$(tail -n 1 "$SCRATCH/seqs")
    [ -f "$db" ] || continue
    if [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name='outbox'")" = 0 ]; then
        # killed before the schema was committed: nothing can have been announced
        [ -z "$last" ] && ok || bad "round $i: seq $last was announced but the register has no schema"
        continue
    fi
    r=$(sqlite3 "$db" "PRAGMA integrity_check;
        SELECT count(*) FROM outbox;
        SELECT coalesce(max(seq),0) FROM outbox;
        SELECT count(*) FROM audit;
        SELECT count(*) FROM audit a JOIN outbox o ON o.seq=a.seq;
        SELECT count(*) FROM audit a JOIN audit b ON b.id=a.id+1 WHERE b.prev_hash<>a.hash;
        SELECT count(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity_id=p.pid AND a.type='person.add');" | tr '\n' ' ')
    set -- $r
    if [ "$1" != ok ]; then bad "round $i: integrity_check: $r"; continue; fi
    [ "$2" = "$3" ] || bad "round $i: outbox has $2 rows but max seq $3 (a gap)"
    [ "$2" = "$4" ] || bad "round $i: $2 outbox rows but $4 audit rows"
    [ "$2" = "$5" ] || bad "round $i: audit rows not matching outbox seqs ($5 of $2)"
    [ "$6" = 0 ] || bad "round $i: hash chain broken in $6 places"
    [ "$7" = 0 ] || bad "round $i: $7 persons without their audit row"
    if [ -n "$last" ] && [ "$last" -gt "$3" ]; then bad "round $i: seq $last was committed but is lost (max $3)"; fi
    ok
done
total=$(sqlite3 "$db" "SELECT count(*) FROM outbox")
[ "$total" -gt 100 ] && ok || bad "too few events saved across the rounds ($total)"
echo "crash: $rounds kills, $total events survived"

# ---- kill -9 during backup, while a writer saves -------------------------
# The register as the office has it: an admin to sign the backups, a few
# thousand events.  Every round a writer saves (the screens) while a backup
# runs; one of them, or both, killed at a random moment.
half=$(( (rounds + 1) / 2 ))
pw=$(pw_file 'Admin-pass1')
bdb=$SCRATCH/bk.db
"$gen" "$bdb" 3000 7 > /dev/null
"$POPDESK" --db "$bdb" user add admin --role admin --password-file "$pw" > /dev/null || bad "first admin"
sign_in admin "$pw"
bkdir=$SCRATCH/backups
killed_mid=0
for i in $(seq 1 "$half"); do
    "$gen" "$bdb" 100000 $((i + 1000)) > "$SCRATCH/bseqs" 2>/dev/null &
    wpid=$!
    "$POPDESK" --config /dev/null --db "$bdb" backup "$bkdir" > /dev/null 2>&1 &
    bpid=$!
    # 0.1-3 s: signing in takes a few hundred ms; the copy starts over
    # when the writer commits meanwhile, so it runs for seconds
    ms=$(( (RANDOM % 2900) + 100 ))
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
    kill -9 "$bpid" 2>/dev/null && killed_mid=$((killed_mid + 1))
    # the writer too, every other round: a power cut takes both
    [ $((i % 2)) = 0 ] && kill -9 "$wpid" 2>/dev/null
    kill -9 "$wpid" 2>/dev/null
    wait "$bpid" "$wpid" 2>/dev/null
    last=$(tail -n 1 "$SCRATCH/bseqs")
    r=$(sqlite3 "$bdb" "PRAGMA integrity_check; SELECT coalesce(max(seq),0) FROM outbox;" | tr '\n' ' ')
    set -- $r
    [ "$1" = ok ] || { bad "backup round $i: the register's integrity_check: $r"; continue; }
    if [ -n "$last" ] && [ "$last" -gt "$2" ]; then bad "backup round $i: seq $last was committed but is lost"; fi
    ok
done
# every file named like a backup is a whole, checked copy with a whole chain
nb=0
for f in "$bkdir"/popdesk-330205001001-*.db; do
    [ -f "$f" ] || continue
    nb=$((nb + 1))
    r=$(sqlite3 "$f" "PRAGMA integrity_check; SELECT count(*) FROM outbox; SELECT count(*) FROM audit;" | tr '\n' ' ')
    set -- $r
    [ "$1" = ok ] && [ "$2" = "$3" ] && [ "$2" -ge 3001 ] || bad "backup $f is not whole: $r"
    "$POPDESK" --db "$f" audit verify > /dev/null 2>&1 || bad "backup $f: audit chain broken"
    [ "$(stat -c %a "$f")" = 600 ] || bad "backup $f is mode $(stat -c %a "$f")"
done
echo "crash: $half backups killed ($killed_mid while running), $nb complete backups, $(ls "$bkdir" 2>/dev/null | grep -c '\.partial$') cut off (.partial)"
[ "$killed_mid" -ge $((half / 2)) ] && ok || bad "only $killed_mid of $half backups were still running when killed"
expect_rc 0 "the register's chain whole after the backup kills" -- "$POPDESK" --db "$bdb" audit verify
expect_rc 0 "a backup after the kills" -- "$POPDESK" --config /dev/null --db "$bdb" backup "$SCRATCH/final"
expect_rc 0 "it restores" -- "$POPDESK" --config /dev/null --db "$SCRATCH/restored.db" restore "$(ls "$SCRATCH"/final/*.db)"
expect_eq "$(sqlite3 "$SCRATCH/restored.db" 'SELECT count(*) FROM outbox')" "$(sqlite3 "$bdb" 'SELECT count(*) FROM outbox')" "the restored copy holds every event"

# ---- kill -9 during import -------------------------------------------------
# A fresh register each round (an import into an empty one is one
# transaction): after the kill it holds all the rows or none, with an audit
# and an outbox row per event and a whole chain.
python3 - "$SCRATCH/imp.csv" <<'PY'
import sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("户编号,住址,姓名,身份证号,性别,出生日期,与户主关系\n")
    for i in range(3000):
        hh, role = divmod(i, 3)
        y, d = 1950 + i % 50, 1 + i % 28
        s = "330205%04d03%02d%03d" % (y, d, (i % 499) * 2 + (1 if role != 1 else 2))
        num = s + C[sum(int(a) * w for a, w in zip(s, W)) % 11]
        out.write("33020500100102%04d,甬江街道%d号,陈%d,%s,%s,%d-03-%02d,%s\n" % (
            hh, hh, i, num, "男女男"[role], y, d, ["户主", "妻", "长子"][role]))
PY
idb0=$SCRATCH/imp0.db
"$POPDESK" --db "$idb0" init --station 330205001001 --admin admin --password-file "$pw" > /dev/null || bad "init for imports"
sign_in admin "$pw"
all=0 none=0
for i in $(seq 1 "$half"); do
    idb=$SCRATCH/imp.db
    rm -f "$idb" "$idb-wal" "$idb-shm"
    cp "$idb0" "$idb"
    "$POPDESK" --config /dev/null --db "$idb" import "$SCRATCH/imp.csv" > /dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $(( (RANDOM % 600) + 100 )))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    r=$(sqlite3 "$idb" "PRAGMA integrity_check; SELECT count(*) FROM persons; SELECT count(*) FROM outbox;
        SELECT count(*) FROM audit; SELECT count(*) FROM audit a JOIN outbox o ON o.seq=a.seq;" | tr '\n' ' ')
    set -- $r
    [ "$1" = ok ] || { bad "import round $i: integrity_check: $r"; continue; }
    case $2 in 0) none=$((none + 1)) ;; 3000) all=$((all + 1)) ;; *) bad "import round $i: $2 of 3000 persons (not all or nothing)"; continue ;; esac
    [ "$3" = "$4" ] && [ "$4" = "$5" ] || { bad "import round $i: outbox $3, audit $4, matched $5"; continue; }
    "$POPDESK" --db "$idb" audit verify > /dev/null 2>&1 || { bad "import round $i: audit chain broken"; continue; }
    ok
done
echo "crash: $half imports killed: $none left nothing, $all had finished"
[ "$none" -ge 1 ] && ok || bad "no import was killed before it committed (too fast to test?)"

# ---- an import, a backup and two writers at once ---------------------------
# the screens, cron's sync pass and an import on one register: nobody sees
# SQLITE_BUSY, everything committed
idb=$SCRATCH/imp.db
rm -f "$idb" "$idb-wal" "$idb-shm"
cp "$idb0" "$idb"
"$gen" "$idb" 300 201 > "$SCRATCH/c1" 2> "$SCRATCH/ce1" &
g1=$!
"$gen" "$idb" 300 202 > "$SCRATCH/c2" 2> "$SCRATCH/ce2" &
g2=$!
"$POPDESK" --config /dev/null --db "$idb" import "$SCRATCH/imp.csv" > "$SCRATCH/ci" 2>&1 &
ip=$!
"$POPDESK" --config /dev/null --db "$idb" backup "$SCRATCH/cbk" > "$SCRATCH/cb" 2>&1 &
bp=$!
wait $ip; irc=$?
wait $bp; brc=$?
wait $g1 $g2
expect_eq "$irc" 0 "the import beside the writers ($(cat "$SCRATCH/ci"))"
expect_eq "$brc" 0 "the backup beside the writers ($(cat "$SCRATCH/cb"))"
expect_eq "$(cat "$SCRATCH/ce1" "$SCRATCH/ce2")" "" "the writers beside the import"
grep -qi "busy\|locked" "$SCRATCH/ci" "$SCRATCH/cb" "$SCRATCH/ce1" "$SCRATCH/ce2" && bad "SQLITE_BUSY reached a user" || ok
expect_eq "$(sqlite3 "$idb" 'SELECT count(*) FROM persons WHERE name LIKE '"'"'陈%'"'"'')" "3000" "every imported person"
# (600 saves, and the household the first writer adds)
n=$(cat "$SCRATCH/c1" "$SCRATCH/c2" | wc -l)
[ "$n" -ge 600 ] && ok || bad "only $n of the writers' 600 saves were announced"
expect_eq "$(sqlite3 "$idb" 'SELECT count(*) = max(seq) FROM outbox')" "1" "seq gapless"
expect_rc 0 "chain whole" -- "$POPDESK" --db "$idb" audit verify

# three writers on one register at once (screens + cron + import): nobody
# sees SQLITE_BUSY, nothing is lost, seq stays gapless
conc=$SCRATCH/conc.db
"$gen" "$conc" 1 1 > /dev/null
for i in 1 2 3; do "$gen" "$conc" 200 $((i + 100)) > "$SCRATCH/w$i" 2> "$SCRATCH/e$i" & done
wait
errs=$(cat "$SCRATCH"/e1 "$SCRATCH"/e2 "$SCRATCH"/e3)
[ -z "$errs" ] && ok || bad "concurrent writers failed: $errs"
expect_eq "$(cat "$SCRATCH"/w1 "$SCRATCH"/w2 "$SCRATCH"/w3 | wc -l)" "600" "every concurrent save committed"
expect_eq "$(sqlite3 "$conc" 'select count(*) = max(seq) from outbox')" "1" "gapless under concurrency"
finish crash
