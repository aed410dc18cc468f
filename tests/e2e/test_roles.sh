#!/bin/bash
# test_roles.sh - every command-line command checks the role of the user it
# signs in (docs/ACCOUNTS.md): each role allowed and refused on
# representative commands, the refusal naming the command, the role needed
# and the user's role; nothing saved on a refusal; a wrong password refused
# and counted towards the lock-out; a password file others may read refused
# with the chmod; commands that need no sign-in run without one; changes
# signed by the signed-in user; a register with no account.
. "$(dirname "$0")/lib/check.sh"
cd "$SCRATCH"
db=$SCRATCH/r.db
gen="$(dirname "$POPDESK")/tools/eventgen"
cat > popdesk.ini <<EOF
[station]
code = 330205001001
name = 示范社区
township = 甬江街道
[policy]
file = $TOP/conf/policy/zhejiang-2012.ini
[backup]
dir = $SCRATCH/aside
[auth]
max_failures = 3
lock_minutes = 5
EOF
pd() { "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" "$@"; }
# counts STATUS: households, persons and outbox lines of `status`
counts() { pd status | grep -E '^(households|persons|outbox) '; }

adm=$(pw_file 'Admin-pass1'); sup=$(pw_file 'Super-pass1'); clk=$(pw_file 'Clerk-pass1'); vw=$(pw_file 'View-pass1')
expect_rc 0 "init" -- pd init --station 330205001001 --admin admin --password-file "$adm"

# ---- no sign-in needed (no password anywhere, no terminal) -------------------
nosign() { env -u POPDESK_USER -u POPDESK_PASSWORD_FILE setsid -w "$@" < /dev/null; }
expect_rc 0 "status needs no sign-in" -- nosign "$POPDESK" --config popdesk.ini --db "$db" status
expect_out "station       330205001001" "status ran"
expect_rc 0 "audit verify needs no sign-in" -- nosign "$POPDESK" --db "$db" audit verify
expect_rc 0 "id needs no sign-in" -- nosign "$POPDESK" id 11010519491231002X
expect_rc 0 "a command's help needs no sign-in" -- nosign "$POPDESK" --db "$db" export --help
expect_rc 2 "export without a password and no terminal" -- nosign "$POPDESK" --config popdesk.ini --db "$db" export persons
expect_out "no terminal to ask for a password; use --password-file" "says where the password comes from"
expect_rc 0 "help shows the roles" -- "$POPDESK" --help
expect_out "role: clerk; viewer: (no action), list, show" "updates' role in the help"
expect_out "--password-file F" "help names the global option"

# ---- accounts: admin adds, supervisor manages clerks only --------------------
sign_in admin "$adm"
expect_rc 0 "admin adds a supervisor" -- pd user add sup01 --role supervisor --password-file "$sup"
sign_in sup01 "$sup"
expect_rc 0 "supervisor adds a clerk" -- pd user add clerk01 --role clerk --password-file "$clk"
expect_rc 0 "supervisor adds a viewer" -- pd user add view01 --role viewer --password-file "$vw"
expect_rc 1 "supervisor may not add a supervisor" -- pd user add sup02 --role supervisor --password-file "$sup"
expect_out "needs the admin role; sup01 is a supervisor" "supervisor refusal words"
expect_rc 1 "supervisor may not unlock the admin" -- pd user unlock admin
expect_rc 0 "supervisor lists the accounts" -- pd user list
expect_out "clerk01" "the list names the clerk"
expect_rc 0 "supervisor locks a viewer" -- pd user lock view01
expect_rc 0 "supervisor unlocks a viewer" -- pd user unlock view01
sign_in clerk01 "$clk"
expect_rc 1 "clerk may not add anyone" -- pd user add clerk02 --role clerk --password-file "$clk"
expect_out "\`popdesk user add\` needs the supervisor role; clerk01 is a clerk" "clerk refusal words"
expect_rc 1 "clerk may not list accounts" -- pd user list
expect_out "\`popdesk user list\` needs the supervisor role; clerk01 is a clerk" "user list refusal words"
expect_rc 1 "clerk may not change another's password" -- pd user passwd view01 --password-file "$vw"
expect_out "needs the supervisor role" "another's password words"
newclk=$(pw_file 'Clerk-pass2')
expect_rc 0 "clerk changes their own password" -- pd user passwd clerk01 --password-file "$newclk"
clk=$newclk
sign_in clerk01 "$clk"
expect_rc 0 "the new password signs in" -- pd export households --output /dev/null
expect_eq "$(sql "$db" "select count(*) from users where name='sup02'")" "0" "refused account not added"

# ---- viewer: reads and prints; refused changes save nothing -----------------
sign_in view01 "$vw"
before=$(counts)
expect_rc 1 "viewer may not import" -- pd import "$TOP/tests/data/import/good_utf8.csv"
expect_out "popdesk import: \`popdesk import\` needs the clerk role; view01 is a viewer" "import refusal names command, role, user's role"
expect_eq "$(counts)" "$before" "nothing saved by the refused import"
expect_rc 1 "viewer may not export" -- pd export persons
expect_out "needs the clerk role; view01 is a viewer" "export refusal"
expect_rc 1 "viewer may not back up" -- pd backup "$SCRATCH/bk"
[ ! -d "$SCRATCH/bk" ] && ok || bad "a refused backup wrote a folder"
expect_rc 1 "viewer may not decide subsidies" -- pd subsidy decide --programme reward --year 2012 --all
expect_out "\`popdesk subsidy decide\` needs the supervisor role; view01 is a viewer" "decide refusal"
expect_rc 0 "viewer lists subsidies" -- pd subsidy list --programme reward --year 2012
expect_rc 0 "viewer lists district updates" -- pd updates list
expect_rc 0 "viewer lists them with no action named" -- pd updates
expect_rc 1 "viewer may not answer the district" -- pd updates dismiss x-1
expect_out "needs the clerk role" "updates refusal"
expect_rc 0 "viewer lists overdue pregnancies" -- pd case overdue --date 2012-12-31
expect_rc 1 "viewer may not record a visit" -- pd case visit 330205001001P0000001 --date 2012-06-01 --week 8
expect_out "\`popdesk case\` needs the clerk role" "case refusal"

# ---- clerk: enters records, signs them ----------------------------------------
sign_in clerk01 "$clk"
expect_rc 0 "clerk imports" -- pd import "$TOP/tests/data/import/good_utf8.csv"
expect_out "imported 7 persons in 3 households" "import ran"
expect_eq "$(sql "$db" "select count(*) from audit where user='clerk01'")" "10" "every change signed by the signed-in clerk"
expect_eq "$(sql "$db" "select count(*) from outbox where json_extract(body,'\$.user')='clerk01'")" "10" "the events sent signed by the clerk"
expect_rc 0 "clerk backs up" -- pd backup "$SCRATCH/bk"
# ID numbers on printed lists: full for the clerk who identifies people,
# masked for a viewer (read and print only), in text and CSV alike
full=$(sql "$db" "select id_number from persons where name='李娜'")
masked="${full:0:6}********${full:14:4}"
expect_rc 0 "clerk prints the women's roster" -- pd report women
expect_out "$full" "the clerk's roster has the full ID number"
sign_in view01 "$vw"
expect_rc 0 "viewer prints the women's roster" -- pd report women
expect_out "$masked" "the viewer's roster has the ID number masked"
expect_no_out "$full" "the viewer's roster shows no full ID number"
pd report women --format csv > "$SCRATCH/women.csv"
grep -qF "$masked" "$SCRATCH/women.csv" && ! grep -qF "$full" "$SCRATCH/women.csv" && ok || bad "the viewer's CSV roster does not mask the ID number"
sign_in clerk01 "$clk"
expect_rc 1 "clerk may not decide subsidies" -- pd subsidy decide --programme reward --year 2012 --all
expect_out "needs the supervisor role; clerk01 is a clerk" "clerk decide refusal"
expect_rc 1 "clerk may not restore" -- pd restore "$(ls "$SCRATCH"/bk/*.db | head -n 1)"
expect_out "\`popdesk restore\` needs the admin role; clerk01 is a clerk" "restore refusal"
# --user before the command beats $POPDESK_USER; a case step signed as another is refused
expect_rc 0 "--user signs in another account" -- pd --user sup01 --password-file "$sup" subsidy decide --programme reward --year 2012 --all
expect_out "recorded" "supervisor's decisions recorded"
expect_rc 2 "a case step cannot be signed as someone else" -- pd case visit 330205001001P0000001 --date 2012-06-01 --week 8 --user sup01
expect_out "is not the signed-in user clerk01" "signer mismatch words"

# ---- admin: users, restore ------------------------------------------------------
sign_in admin "$adm"
expect_rc 0 "admin lists accounts" -- pd user list
expect_out "view01" "list shows the viewer"
expect_rc 1 "admin may not lock their own account" -- pd user lock admin
expect_out "you cannot lock your own account admin" "self-lock refusal words"
expect_rc 0 "and still signs in" -- pd user list
expect_no_out "locked" "nobody locked by the refused self-lock"
expect_rc 2 "an unknown user action" -- pd user frob
expect_out "unknown action 'frob'" "unknown action named (not 'needs a user name')"
expect_rc 2 "list takes no name" -- pd user list view01
expect_out "unexpected argument 'view01'" "extra argument named"
expect_rc 0 "admin restores" -- pd restore "$(ls "$SCRATCH"/bk/*.db | head -n 1)"

# ---- wrong passwords: refused, counted, locked out ---------------------------------
bad_pw=$(pw_file 'not-the-password')
before=$(counts)
for i in 1 2; do
    expect_rc 1 "wrong password $i refused" -- pd --user clerk01 --password-file "$bad_pw" import "$TOP/tests/data/import/good_utf8.csv"
    expect_out "popdesk import: sign-in as clerk01 refused: wrong user name or password" "wrong password words $i"
done
expect_rc 1 "third wrong password locks" -- pd --user clerk01 --password-file "$bad_pw" backup "$SCRATCH/bk"
expect_out "too many wrong tries: account 'clerk01' is locked for 5 minute(s)" "the locking try says so at once"
expect_rc 1 "the right password is refused while locked" -- pd --user clerk01 --password-file "$clk" backup "$SCRATCH/bk"
expect_out "too many wrong passwords: account 'clerk01' is locked for" "lock-out words"
expect_eq "$(counts)" "$before" "nothing saved by refused sign-ins"
expect_rc 1 "an unknown user reads like a wrong password" -- pd --user nobody --password-file "$clk" export persons
expect_out "wrong user name or password" "unknown user words"
expect_rc 0 "the supervisor unlocks the clerk" -- pd --user sup01 --password-file "$sup" user unlock clerk01
expect_rc 0 "the clerk signs in again" -- pd --user clerk01 --password-file "$clk" export households --output /dev/null

# ---- a password file others may read --------------------------------------------
open_pw=$SCRATCH/open.pw
printf 'Clerk-pass2\n' > "$open_pw"; chmod 644 "$open_pw"
expect_rc 1 "world-readable password file refused" -- pd --user clerk01 --password-file "$open_pw" import "$TOP/tests/data/import/good_utf8.csv"
expect_out "can be read by other users (mode 644)" "says why"
expect_out "chmod 600 '$open_pw'" "says how to fix"
chmod 640 "$open_pw"
expect_rc 1 "group-readable password file refused" -- env POPDESK_USER=clerk01 POPDESK_PASSWORD_FILE="$open_pw" "$POPDESK" --config popdesk.ini --db "$db" export persons
expect_out "mode 640" "group mode named"
expect_eq "$(sql "$db" "select failures from users where name='clerk01'")" "0" "a refused file tries no password"
expect_eq "$(counts)" "$before" "nothing saved"

# ---- a register with no account -----------------------------------------------------
if [ -x "$gen" ]; then
    "$gen" "$SCRATCH/bare.db" 3 1 > /dev/null
    expect_rc 1 "no account: nobody signs in" -- "$POPDESK" --db "$SCRATCH/bare.db" export persons
    expect_out "has no accounts" "no-account words"
    expect_rc 1 "no account: the first one must be an admin" -- "$POPDESK" --db "$SCRATCH/bare.db" user add c1 --role clerk --password-file "$clk"
    expect_out "the first one must be an admin" "first account words"
    expect_rc 0 "no account: the first admin" -- "$POPDESK" --db "$SCRATCH/bare.db" user add boss --role admin --password-file "$adm"
    expect_rc 0 "then it signs in" -- "$POPDESK" --db "$SCRATCH/bare.db" --user boss --password-file "$adm" export persons --output /dev/null
else
    bad "no $gen (make builds tests/tools/eventgen)"
fi
finish roles
