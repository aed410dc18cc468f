#!/bin/sh
# Runs the cmocka unit test programs given on the command line, in a fixed
# locale and time zone, and prints one closing line: "N passed, N failed".
# usage: scripts/run-unit.sh BUILD_DIR TEST_PROGRAM...
set -u
build=$1; shift
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
# fontconfig's FcInit() keeps 288 bytes for the life of the process (Debian 12):
# not ours to free, so LeakSanitizer is told to ignore that one library.
supp="${TMPDIR:-/tmp}/popdesk-lsan.$$"
echo "leak:libfontconfig.so" > "$supp"
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export POPDESK_TEST_TMP="${TMPDIR:-/tmp}/popdesk-unit.$$"
mkdir -p "$POPDESK_TEST_TMP"
passed=0 failed=0 failed_names=""
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    if [ "$rc" -ne 0 ]; then
        printf '%s\n' "$out"
        failed=$((failed + ${f:-1}))
        failed_names="$failed_names $(basename "$t")"
    else
        printf '%-28s %s passed\n' "$(basename "$t")" "${p:-0}"
    fi
done
rm -rf "$POPDESK_TEST_TMP" "$supp"
[ -n "$failed_names" ] && echo "failing programs:$failed_names ($build)"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
