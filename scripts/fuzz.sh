#!/bin/sh
# Builds each libFuzzer harness tests/fuzz/fuzz_NAME.c with clang
# (-fsanitize=fuzzer,address,undefined) and runs it for a fixed budget.
#   scripts/fuzz.sh [NAME...]       all harnesses, or only these
#   FUZZ_SECONDS=60 (per harness), BUILD=build-fuzz, FUZZ_JOBS=1
# Seeds: tests/fuzz/corpus/NAME/ (read, never written); new inputs go to
# $BUILD/corpus/NAME/ and crash files to $BUILD/crash/NAME/.
# A harness names what it links in its header comment:
#   " * fuzz-sources: src/core src/app/recode.c"  (a folder means its .c files)
#   " * fuzz-libs: -ljansson -lcsv -lm"
# Needs clang and libclang-rt-14-dev (scripts/install-deps.sh); when clang
# is missing it says so and exits 0 (skipped), it never installs anything.
# Last line: "fuzz: N passed, N failed"; exit status 1 if any harness failed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
secs=${FUZZ_SECONDS:-60}
build=${BUILD:-build-fuzz}
CLANG=${CLANG:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1; then
    echo "fuzz: clang is not installed (apt package clang, libclang-rt-14-dev): skipped"
    echo "fuzz: 0 passed, 0 failed (skipped)"
    exit 0
fi
if [ $# -gt 0 ]; then
    names="$*"
else
    names=$(for f in tests/fuzz/fuzz_*.c; do [ -f "$f" ] && basename "$f" .c | sed 's/^fuzz_//'; done)
fi
passed=0 failed=0
mkdir -p "$build"
for name in $names; do
    src=tests/fuzz/fuzz_$name.c
    if [ ! -f "$src" ]; then
        echo "fuzz: no harness $src"; failed=$((failed + 1)); continue
    fi
    sources=
    for s in $(sed -n 's/^ \* fuzz-sources: \([^(]*\).*/\1/p' "$src"); do
        if [ -d "$s" ]; then sources="$sources $(ls "$s"/*.c | tr '\n' ' ')"; else sources="$sources $s"; fi
    done
    libs=$(sed -n 's/^ \* fuzz-libs: //p' "$src")
    bin=$build/fuzz_$name
    echo "fuzz: building $bin"
    # shellcheck disable=SC2086
    if ! "$CLANG" -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
            -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -Isrc -I. -I/usr/include/iniparser -DPOPDESK_DATADIR='"/usr/share/popdesk"' -DPOPDESK_VERSION='"fuzz"' $(pkg-config --cflags jansson 2>/dev/null) \
            $sources "$src" -o "$bin" $libs; then
        echo "FAIL - fuzz_$name does not build"; failed=$((failed + 1)); continue
    fi
    seeds=tests/fuzz/corpus/$name
    work=$build/corpus/$name
    crash=$build/crash/$name
    mkdir -p "$work" "$crash"
    [ -d "$seeds" ] || seeds=
    echo "fuzz: running fuzz_$name for ${secs}s"
    # shellcheck disable=SC2086
    if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
            -artifact_prefix="$crash/" -print_final_stats=1 "$work" $seeds \
            >"$build/fuzz_$name.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz_$name.log")
        echo "ok   - fuzz_$name: ${runs:-?} runs, no crash"
        passed=$((passed + 1))
    else
        echo "FAIL - fuzz_$name: see $build/fuzz_$name.log and $crash/"
        tail -n 30 "$build/fuzz_$name.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
