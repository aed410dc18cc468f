#!/bin/bash
# test_crash.sh - power cut while saving: kill -9 a process saving events one
# at a time (each its own transaction at synchronous=FULL), at random moments,
# many times over the same register.  After every kill: integrity_check ok,
# every seq the process announced as committed is there, exactly one audit row
# and one outbox row per event, seq gapless from 1, the hash chain linked.
. "$(dirname "$0")/lib/check.sh"
gen="$(dirname "$POPDESK")/tools/eventgen"
[ -x "$gen" ] || { bad "missing $gen (make builds it)"; # three writers on one register at once (screens + cron + import): nobody
# sees SQLITE_BUSY, nothing is lost, seq stays gapless
conc=$SCRATCH/conc.db
"$gen" "$conc" 1 1 > /dev/null
for i in 1 2 3; do "$gen" "$conc" 200 $((i + 100)) > "$SCRATCH/w$i" 2> "$SCRATCH/e$i" & done
wait
errs=$(cat "$SCRATCH"/e1 "$SCRATCH"/e2 "$SCRATCH"/e3)
[ -z "$errs" ] && ok || bad "concurrent writers failed: $errs"
expect_eq "$(cat "$SCRATCH"/w1 "$SCRATCH"/w2 "$SCRATCH"/w3 | wc -l)" "600" "every concurrent save committed"
expect_eq "$(sqlite3 "$conc" 'select count(*) = max(seq) from outbox')" "1" "gapless under concurrency"
finish crash; exit 1; }
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
