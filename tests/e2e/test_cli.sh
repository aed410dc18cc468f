#!/bin/bash
# test_cli.sh - the command line as scripts use it: init, status, id, export,
# user, exit codes, config and database errors, privacy of the register file.
. "$(dirname "$0")/lib/check.sh"
cd "$SCRATCH"
db=$SCRATCH/r.db
echo 'Secret-pass1' > pw
chmod 600 pw   # it signs the admin in below: a password file must be private

expect_rc 0 "help" -- "$POPDESK" --help
expect_out "  init --station CODE" "help lists init"
expect_out "role: supervisor; viewer: list, check" "help shows each command's role"
expect_rc 0 "version" -- "$POPDESK" --version
expect_out "popdesk 0." "version"
expect_rc 2 "unknown command" -- "$POPDESK" frobnicate
expect_out "unknown command 'frobnicate'" "unknown command"
expect_rc 2 "unknown option" -- "$POPDESK" --frob
expect_rc 4 "status without a register" -- "$POPDESK" --db "$db" status
expect_out "no register at" "missing register"

# init
expect_rc 2 "init without station" -- "$POPDESK" --db "$db" init --admin admin --password-file pw
expect_out "--station" "init usage"
expect_rc 1 "init bad station" -- "$POPDESK" --db "$db" init --station 3302050010 --admin admin --password-file pw
expect_out "12 digits" "bad station"
[ ! -e "$db" ] && ok || bad "a refused init left a file"
echo 'short' > shortpw
expect_rc 1 "init short password" -- "$POPDESK" --db "$db" init --station 330205001001 --admin admin --password-file shortpw
expect_out "at least 8" "short password"
[ ! -e "$db" ] && ok || bad "a refused init left a file"
expect_rc 0 "init" -- "$POPDESK" --db "$db" init --station 330205001001 --admin admin --password-file pw
expect_eq "$(stat -c %a "$db")" "600" "register mode"
expect_eq "$(sql "$db" "select value from meta where key='station'")" "330205001001" "station stored"
expect_eq "$(sql "$db" "select count(*) from users where name='admin' and role='admin' and pwhash like '\$y\$%'")" "1" "admin hashed with yescrypt"
grep -q 'Secret-pass1' "$db" && bad "password stored in clear" || ok
expect_rc 1 "init twice" -- "$POPDESK" --db "$db" init --station 330205001001 --admin admin --password-file pw
expect_out "never overwrites" "init twice"
sign_in admin "$SCRATCH/pw"

# status
expect_rc 0 "status" -- "$POPDESK" --db "$db" status
expect_out "station       330205001001" "status station"
expect_out "0 pending, 0 sent, 0 rejected" "status outbox"

# id
expect_rc 0 "id good" -- "$POPDESK" id 11010519491231002X 441900890101221
expect_out "441900198901012219" "15-digit conversion"
expect_rc 1 "id bad" -- "$POPDESK" id 11010519491231002X 110105194912310021 3.30205E+17
expect_out "expected 'X', got '1'" "check character"
expect_out "formatted as text" "scientific notation"
expect_rc 2 "id none" -- "$POPDESK" id

# user
expect_rc 0 "user add" -- sh -c "echo clerkpass1 | '$POPDESK' --db '$db' user add clerk01 --role clerk --password-file -"
expect_rc 1 "user add twice" -- sh -c "echo clerkpass1 | '$POPDESK' --db '$db' user add clerk01 --role clerk --password-file -"
expect_out "already exists" "user twice"
expect_rc 1 "user bad role" -- "$POPDESK" --db "$db" user add c2 --role boss
expect_out "unknown role" "bad role"
expect_rc 0 "user list" -- "$POPDESK" --db "$db" user list
expect_out "clerk01" "list shows clerk"

# export (empty register still has headers)
expect_rc 0 "export persons" -- "$POPDESK" --db "$db" export persons
expect_out "pid,household,police_no,address,phone,household_reg_type,status" "persons header"
expect_rc 2 "export nothing" -- "$POPDESK" --db "$db" export
expect_rc 2 "export bad kind" -- "$POPDESK" --db "$db" export cats
expect_rc 2 "export bad format" -- "$POPDESK" --db "$db" export persons --format xml
expect_rc 0 "export to file" -- "$POPDESK" --db "$db" export households --output out.csv
expect_eq "$(stat -c %a out.csv)" "600" "export file mode"

# writing a printout to a device writes into it, never replaces it
expect_rc 0 "list to /dev/null" -- "$POPDESK" --db "$db" subsidy list --programme reward --year 2012 --format csv --output /dev/null
[ -c /dev/null ] && ok || bad "/dev/null is no longer a device"
expect_rc 0 "pdf to /dev/null" -- "$POPDESK" --db "$db" subsidy list --programme reward --year 2012 --format pdf --output /dev/null
[ -c /dev/null ] && ok || bad "/dev/null is no longer a device"
expect_rc 0 "list to a file" -- "$POPDESK" --db "$db" subsidy list --programme reward --year 2012 --format csv --output list.csv
expect_eq "$(stat -c %a list.csv)" "600" "printout file mode"

# privacy: a register readable by others is refused, with the fix
chmod 644 "$db"
expect_rc 1 "world-readable register" -- "$POPDESK" --db "$db" status
expect_out "chmod 600" "says how to fix"
chmod 600 "$db"

# config errors exit 3 and name file, section and key
printf '[station]\ncode = 330205001001\ncolour = red\n' > bad.ini
expect_rc 3 "unknown config key" -- "$POPDESK" --config bad.ini --db "$db" status
expect_out "bad.ini: [station] colour: unknown key" "config message"
printf '[district]\ntimeout = forever\n' > bad2.ini
expect_rc 3 "bad config value" -- env POPDESK_CONFIG=bad2.ini "$POPDESK" --db "$db" status
expect_out "[district] timeout: 'forever' is not a whole number" "config value message"
expect_rc 3 "missing config file" -- "$POPDESK" --config nothere.ini status
printf '[station]\ncode = 330205001002\n' > other.ini
expect_rc 3 "config station differs" -- "$POPDESK" --config other.ini --db "$db" status
expect_out "differs" "station mismatch"

# a file that is not a register
echo "not a database at all, just text padding padding padding" > junk.db
chmod 600 junk.db
expect_rc 4 "not a database" -- "$POPDESK" --db junk.db status

# the event reference in docs matches the code
"$POPDESK" --help-events > events.md
if grep -qF -f events.md "$TOP/docs/EVENTS.md" && diff <(sed -n '/^<!-- generated/,$p' "$TOP/docs/EVENTS.md") events.md >/dev/null; then ok; else bad "docs/EVENTS.md is out of date: regenerate with popdesk --help-events"; fi

finish cli
