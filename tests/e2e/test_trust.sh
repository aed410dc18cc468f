#!/bin/bash
# test_trust.sh - the audit chain detects edited and deleted rows; backups are
# private, checked and restorable; a restore never lets seq go back; backups of
# another station or damaged ones are refused.
. "$(dirname "$0")/lib/check.sh"
gen="$(dirname "$POPDESK")/tools/eventgen"
cd "$SCRATCH"
db=$SCRATCH/r.db
"$gen" "$db" 40 1 > /dev/null
# eventgen writes no account: the first admin needs no sign-in, then backup
# (clerk) and restore (admin) sign in (docs/ACCOUNTS.md)
pw=$(pw_file 'Secret-pass1')
expect_rc 0 "first admin of a register with no account" -- "$POPDESK" --db "$db" user add admin --role admin --password-file "$pw"
sign_in admin "$pw"
expect_rc 0 "verify whole chain" -- "$POPDESK" --db "$db" audit verify
expect_out "audit chain whole: 41 rows" "rows counted"

# tampering, on copies
cp "$db" t1.db; sqlite3 t1.db "UPDATE audit SET after='{\"name\":\"王五\"}' WHERE id=10"
expect_rc 1 "edited row" -- "$POPDESK" --db t1.db audit verify
expect_out "broken at row 10" "names the edited row"
expect_out "edited" "says edited"
cp "$db" t2.db; sqlite3 t2.db "DELETE FROM audit WHERE id=20"
expect_rc 1 "deleted row" -- "$POPDESK" --db t2.db audit verify
expect_out "broken at row 21" "names the row after the deleted one"

# backup
expect_rc 0 "backup" -- "$POPDESK" --db "$db" backup "$SCRATCH/bk"
bk=$(ls "$SCRATCH"/bk/popdesk-330205001001-*.db)
[ -f "$bk" ] && ok || bad "no backup file"
expect_eq "$(stat -c %a "$bk")" "600" "backup mode"
expect_eq "$(stat -c %a "$SCRATCH/bk")" "700" "backup folder mode"
expect_eq "$(sqlite3 "$bk" 'select count(*) from outbox')" "41" "backup holds every event"

# more changes after the backup, then restore it
"$gen" "$db" 20 2 > /dev/null
high=$(sqlite3 "$db" 'select max(seq) from outbox')
expect_rc 0 "restore" -- "$POPDESK" --config /dev/null --db "$db" restore "$bk"
expect_out "kept in" "current register kept aside"
expect_eq "$(sqlite3 "$db" 'select count(*) from outbox')" "41" "restored contents"
"$gen" "$db" 3 3 > seqs
first=$(head -n 1 seqs)
[ "$first" -gt "$high" ] && ok || bad "seq went back after restore: new $first, had reached $high"
expect_rc 0 "chain whole after restore" -- "$POPDESK" --db "$db" audit verify

# refusals
"$gen" other.db 2 1 > /dev/null
sqlite3 other.db "UPDATE meta SET value='330205001002' WHERE key='station'"
expect_rc 1 "other station's backup" -- "$POPDESK" --db "$db" restore other.db
expect_out "belongs to station 330205001002" "other station named"
head -c 5000 "$bk" > broken.db; chmod 600 broken.db
expect_rc 1 "damaged backup" -- "$POPDESK" --db "$db" restore broken.db
expect_out "damaged" "damaged named"
expect_eq "$(sqlite3 "$db" 'select count(*) from outbox')" "44" "register untouched by refused restores"

# a backup with pages of another size (a register made before 16 KiB pages
# had 4 KiB ones) restores into a new register and into one in use
cp "$bk" old4k.db; chmod 600 old4k.db
sqlite3 old4k.db "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM;" > /dev/null
expect_eq "$(sqlite3 old4k.db 'PRAGMA page_size')" "4096" "a backup with 4 KiB pages"
cp "$bk" b16.db; chmod 600 b16.db
sqlite3 b16.db "PRAGMA journal_mode=DELETE; PRAGMA page_size=16384; VACUUM;" > /dev/null
expect_eq "$(sqlite3 b16.db 'PRAGMA page_size')" "16384" "a backup with 16 KiB pages"
expect_rc 0 "4 KiB backup restored into a new register" -- "$POPDESK" --config /dev/null --db "$SCRATCH/fresh.db" restore old4k.db
expect_eq "$(sqlite3 "$SCRATCH/fresh.db" 'select count(*) from outbox')" "41" "new register: every event restored"
expect_eq "$(sqlite3 "$SCRATCH/fresh.db" 'PRAGMA journal_mode')" "wal" "new register: back in WAL mode"
expect_rc 0 "new register: chain whole" -- "$POPDESK" --db "$SCRATCH/fresh.db" audit verify
expect_rc 0 "16 KiB backup restored over the register" -- "$POPDESK" --config /dev/null --db "$db" restore b16.db
expect_eq "$(sqlite3 "$db" 'select count(*) from outbox')" "41" "register in use: restored contents"
expect_eq "$(sqlite3 "$db" 'PRAGMA journal_mode')" "wal" "register in use: back in WAL mode"
# while another process holds the register open, say what to do
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN"); c.execute("SELECT count(*) FROM outbox").fetchall()
print("open", flush=True); time.sleep(60)' "$SCRATCH/fresh.db" > holder.out &
holder=$!
for _ in $(seq 1 50); do grep -q open holder.out && break; sleep 0.1; done
expect_rc 4 "a restore needing the register to itself, refused while it is open elsewhere" -- \
    "$POPDESK" --config /dev/null --db "$SCRATCH/fresh.db" restore b16.db
expect_out "close the screens" "says what to close"
kill "$holder"; wait "$holder" 2>/dev/null
expect_eq "$(sqlite3 "$SCRATCH/fresh.db" 'select count(*) from outbox')" "41" "the refused restore changed nothing"
expect_rc 0 "once closed there, it restores (another copy kept aside within the same second or two)" -- \
    "$POPDESK" --config /dev/null --db "$SCRATCH/fresh.db" restore b16.db
expect_eq "$(sqlite3 "$SCRATCH/fresh.db" 'PRAGMA page_size')" "16384" "the backup's page size"
aside=$(printf '%s\n' "$OUT" | sed -n 's/^the register as it was is kept in //p')
[ -n "$aside" ] && [ -f "$aside" ] && ok || bad "the register kept aside is not where the restore says: '$aside'"
finish trust
