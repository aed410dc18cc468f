#!/bin/sh
# Runs every end-to-end test script tests/e2e/test_*.sh against the built
# popdesk, in a fixed locale, time zone and HOME, and prints one closing line
# "e2e: N passed, N failed" summing the scripts' own closing lines.
# usage: scripts/run-e2e.sh BUILD_DIR [TEST...]
set -u
build=$1; shift
top=$(pwd)
export POPDESK="$top/$build/popdesk"
export POPDESK_TOP="$top"
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
scratch=$(mktemp -d "${TMPDIR:-/tmp}/popdesk-e2e.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
# a sanitizer build: fontconfig's FcInit() keeps 288 bytes for the life of
# the process (Debian 12; scripts/run-unit.sh says the same), not ours to free
if [ -z "${LSAN_OPTIONS:-}" ]; then
    echo "leak:libfontconfig.so" > "$scratch/lsan.supp"
    export LSAN_OPTIONS="suppressions=$scratch/lsan.supp:print_suppressions=0"
fi
if [ $# -eq 0 ]; then set -- tests/e2e/test_*.sh; fi
passed=0 failed=0 bad=""
for t in "$@"; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    home="$scratch/$name"; mkdir -p "$home"
    start=$(date +%s)
    out=$(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
          POPDESK_TEST_TMP="$home" bash "$t" 2>&1); rc=$?
    secs=$(( $(date +%s) - start ))
    last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    p=$(printf '%s' "$last" | sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p')
    f=$(printf '%s' "$last" | sed -n 's/.*passed, \([0-9][0-9]*\) failed.*/\1/p')
    passed=$((passed + ${p:-0}))
    if [ "$rc" -ne 0 ] || [ -z "$last" ]; then
        # every failed check first (they may be far from the end), then the end
        printf '%s\n' "$out" | grep -A 8 '^FAIL' | head -n 120
        echo "--- last lines of $name:"
        printf '%s\n' "$out" | tail -n 20
        failed=$((failed + ${f:-0}))
        [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
        bad="$bad $name"
        echo "FAIL $name (exit $rc, ${secs}s)"
    else
        echo "ok   $name: $last (${secs}s)"
    fi
done
[ -n "$bad" ] && echo "failing scripts:$bad"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
