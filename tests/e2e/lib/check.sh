# check.sh - tiny assertion helpers for the end-to-end scripts.
# Source it, call the checks, end with `finish NAME`.
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

# sql DB QUERY: one value from the register (read-only)
sql() { sqlite3 -readonly "$1" "$2"; }

finish() {
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
