# check.sh - tiny assertion helpers for the end-to-end scripts.
# Source it, call the checks, end with `finish NAME` (or e2e_setup NAME
# first, then `finish`).
pass=0
fail=0
POPDESK=${POPDESK:-build/popdesk}
TOP=${POPDESK_TOP:-$(pwd)}
SCRATCH=$(mktemp -d "${POPDESK_TEST_TMP:-/tmp}/e2e.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_rc WANT DESCRIPTION -- COMMAND...   (output kept in $OUT)
expect_rc() {
    want=$1; what=$2; shift 3
    OUT=$("$@" 2>&1); got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want; output: $OUT"; fi
}
# expect_out WORDS DESCRIPTION: the last command's output contains WORDS
expect_out() {
    case "$OUT" in *"$1"*) ok ;; *) bad "$2: output lacks '$1': $OUT" ;; esac
}
expect_no_out() {
    case "$OUT" in *"$1"*) bad "$2: output has '$1': $OUT" ;; *) ok ;; esac
}
expect_eq() {
    if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', wanted '$2'"; fi
}
# Command-line sign-in (docs/ACCOUNTS.md): commands that change records or
# show personal data sign in as $POPDESK_USER with the password in
# $POPDESK_PASSWORD_FILE, which must be the user's alone (0600).
# pw_file PASSWORD: prints the path of a new 0600 file holding PASSWORD.
pw_file() { local f; f=$(mktemp "$SCRATCH/pw.XXXXXX"); printf '%s\n' "$1" > "$f"; chmod 600 "$f"; echo "$f"; }
# sign_in USER FILE: the following popdesk commands sign in as USER.
sign_in() { export POPDESK_USER=$1 POPDESK_PASSWORD_FILE=$2; }
# as_user USER FILE COMMAND...: runs one command signed in as another user.
as_user() { local u=$1 f=$2; shift 2; POPDESK_USER=$u POPDESK_PASSWORD_FILE=$f "$@"; }

# idck 17-DIGITS: the 18-digit ID number with its check character (GB 11643)
idck() {
    local s=$1 sum=0 i
    local w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) c=(1 0 X 9 8 7 6 5 4 3 2)
    for i in $(seq 0 16); do sum=$((sum + ${s:$i:1} * ${w[$i]})); done
    echo "$s${c[$((sum % 11))]}"
}
# sql DB QUERY: one value from the register (read-only)
sql() { sqlite3 -readonly "$1" "$2"; }

E2E_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The [station] section of the case scripts' popdesk.ini (e2e_setup --ini).
E2E_STATION_INI='[station]
code = 330205001001
name = 示范社区
township = 甬江街道
district = 江北区
'
# pd_as USER ARG...: popdesk on the script's register ($db, and its config
# $SCRATCH/popdesk.ini when there is one) signed in as USER with the
# password in $SCRATCH/pw.
pd_as() {
    local u=$1 conf=()
    shift
    [ -f "$SCRATCH/popdesk.ini" ] && conf=(--config "$SCRATCH/popdesk.ini")
    POPDESK_USER=$u POPDESK_PASSWORD_FILE=$SCRATCH/pw "$POPDESK" "${conf[@]}" --db "$db" "$@"
}

# e2e_setup NAME [OPTION...]: the set-up the end-to-end scripts share.  NAME
# is the script's name in its last line (`finish` with no NAME).  Always:
# $ROOT (the source tree), $POPDESK made absolute, $T = $SCRATCH (removed on
# exit), $db = $SCRATCH/r.db.  Options, in the order they are done:
#   --tmux SOCK    drives the screens: sources tmux.sh with TM_SOCK=SOCK-PID,
#                  the exit trap stops tmux too; ok prints its check, bad the
#                  screen (if any); expect TEXT DESCRIPTION [SECONDS] waits
#                  for TEXT on the screen
#   --cd           works in $SCRATCH
#   --pw PASSWORD  $SCRATCH/pw holds PASSWORD, private (0600) as sign-in wants
#   --evsave       $EVSAVE (default: tools/evsave beside $POPDESK), made
#                  absolute; a missing one fails the script
#   --ini TEXT     $SCRATCH/popdesk.ini: TEXT, then the shipped policy file
#   --demo N       $db is `popdesk demo` with N persons (or the script fails)
#   --init         $db is `popdesk init` of station 330205001001 with the
#                  account admin signing with $SCRATCH/pw (a check)
#   --user NAME ROLE  admin adds the account NAME with ROLE and the password
#                  in $SCRATCH/pw (a check)
e2e_setup() {
    E2E_NAME=$1
    shift
    ROOT=$(cd "$E2E_LIB/../../.." && pwd)
    case $POPDESK in /*) ;; *) POPDESK=$ROOT/$POPDESK ;; esac
    T=$SCRATCH
    db=$SCRATCH/r.db
    while [ $# -gt 0 ]; do
        case $1 in
        --tmux)
            export TM_SOCK="$2-$$"
            . "$E2E_LIB/tmux.sh"
            trap 'tm_stop; rm -rf "$SCRATCH"' EXIT
            trap "exit 1" INT TERM
            ok() { pass=$((pass + 1)); echo "ok   $*"; }
            bad() {
                fail=$((fail + 1)); echo "FAIL $*"
                tm_alive && { echo "---- screen ----"; tm_screen; echo "----------------"; }
            }
            expect() { if tm_wait "$1" "${3:-5}"; then ok "$2"; else bad "$2 (no '$1')"; fi; }
            shift 2 ;;
        --cd) cd "$SCRATCH" || exit 1; shift ;;
        --pw) printf '%s\n' "$2" > "$SCRATCH/pw"; chmod 600 "$SCRATCH/pw"; shift 2 ;;
        --evsave)
            EVSAVE=${EVSAVE:-$(dirname "$POPDESK")/tools/evsave}
            case $EVSAVE in /*) ;; *) EVSAVE=$ROOT/$EVSAVE ;; esac
            if [ ! -x "$EVSAVE" ]; then
                bad "no $EVSAVE: build it with make (tests/tools/evsave.c)"
                finish
                exit 1
            fi
            shift ;;
        --ini)
            printf '%s[policy]\nfile = %s/conf/policy/zhejiang-2012.ini\n' "$2" "$TOP" > "$SCRATCH/popdesk.ini"
            shift 2 ;;
        --demo)
            "$POPDESK" --db "$db" demo --persons "$2" > /dev/null 2>&1 || { bad "popdesk demo"; finish; exit 1; }
            shift 2 ;;
        --init)
            expect_rc 0 "init" -- pd_as admin init --station 330205001001 --admin admin --password-file "$SCRATCH/pw"
            shift ;;
        --user)
            expect_rc 0 "$3 $2 added" -- pd_as admin user add "$2" --role "$3" --password-file "$SCRATCH/pw"
            shift 3 ;;
        *) echo "e2e_setup: unknown option '$1'" >&2; exit 2 ;;
        esac
    done
}

finish() {
    echo "${1:-${E2E_NAME:-e2e}}: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}

# district_start STATION TOKEN [SERVER OPTION...]: a test PKI in $T/pki
# (PKI), the station's token in $T/token (0600) and the server's token list,
# and the reference district server over TLS on a free loopback port with
# its control port; sets URL (host name localhost, as the certificate says)
# and CTL, adds the server to pids (the caller's cleanup stops it).  Output
# in $T/server.out, its log in $T/server.log.  Returns 1 (with a FAIL
# line) when it does not come up.
district_start() {
    local st=$1 token=$2; shift 2
    "$ROOT/scripts/make-test-pki.sh" "$T/pki" > /dev/null || { bad "make-test-pki.sh failed"; return 1; }
    PKI=$T/pki
    printf '%s %s\n' "$st" "$token" > "$T/tokens"
    printf '%s\n' "$token" > "$T/token"
    chmod 600 "$T/token"
    python3 "$ROOT/scripts/district-server" --listen 127.0.0.1:0 --db "$T/district.db" --control-port 0 \
        --token-file "$T/tokens" --cert "$PKI/server.pem" --key "$PKI/server.key" --client-ca "$PKI/ca.pem" \
        "$@" > "$T/server.out" 2> "$T/server.log" &
    pids+=($!)
    for _ in $(seq 1 200); do grep -q '^control on' "$T/server.out" 2>/dev/null && break; sleep 0.1; done
    URL=$(sed -n 's/^listening on \(.*\)/\1/p' "$T/server.out" | sed 's|//127.0.0.1:|//localhost:|')
    CTL=$(sed -n 's/^control on \(.*\)/\1/p' "$T/server.out")
    [ -n "$URL" ] && [ -n "$CTL" ] && return 0
    bad "district server did not start: $(tail -n 5 "$T/server.log")"
    return 1
}

# wang_family_jsonl H1: the 王建国 family of the casework tests, as evsave
# lines (household H1; 王建国 and 李秀英 married 2006, 王小梅 born 2008,
# the one-child certificate 甬独2009-0012); `@name` refers to the persons.
wang_family_jsonl() {
    local H1=$1
    cat <<JSONL
{"type":"household.add","household":"$H1","data":{"code":"$H1","address":"甬江街道示范村1组8号","reg_type":"2"}}
{"as":"jianguo","type":"person.add","household":"$H1","data":{"name":"王建国","sex":"1","birth_date":"1980-04-12","reg_type":"2","ethnicity":"01","relation":"02"}}
{"as":"xiuying","type":"person.add","household":"$H1","data":{"name":"李秀英","sex":"2","birth_date":"1982-07-20","reg_type":"2","ethnicity":"01","relation":"10","cur_address":"甬江街道示范村1组8号"}}
{"type":"person.marriage","person":"@xiuying","data":{"change":"first","date":"2006-10-01","spouse":"@jianguo","spouse_name":"王建国"}}
{"type":"person.marriage","person":"@jianguo","data":{"change":"first","date":"2006-10-01","spouse":"@xiuying","spouse_name":"李秀英"}}
{"as":"xiaomei","type":"person.birth","household":"$H1","data":{"name":"王小梅","sex":"2","birth_date":"2008-03-02","mother":"@xiuying","father":"@jianguo","relation":"30"}}
{"type":"certificate.issue","person":"@xiuying","data":{"kind":"onechild","number":"甬独2009-0012","date":"2009-05-01","child":"@xiaomei"}}
JSONL
}
