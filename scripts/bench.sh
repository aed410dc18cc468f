#!/bin/sh
# `make bench`: runs the register benchmark (bench/bench_register.c) at
# 100 000 and 1 000 000 persons, or at the sizes in $BENCH_SIZES (e.g.
# BENCH_SIZES=20000 for a quick run).  Databases go to a scratch folder
# under ${TMPDIR:-/tmp}, removed afterwards.  Prints figures; never fails on
# a time.
# usage: scripts/bench.sh BUILD_DIR
set -eu
build=${1:?usage: scripts/bench.sh BUILD_DIR}
bin="$build/bench/bench_register"
[ -x "$bin" ] || { echo "bench: no $bin (make bench builds it)" >&2; exit 1; }
sizes=${BENCH_SIZES:-"100000 1000000"}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/popdesk-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
# the register's dates and the demo's ages follow the office's time zone
export TZ="${TZ:-Asia/Shanghai}" LC_ALL="${LC_ALL:-C.UTF-8}"
echo "bench: sizes $sizes, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# --keep: the demo registers stay for the benchmarks below (a 1M build is a
# minute; they would otherwise build the same register again)
"$bin" --dir "$scratch" --sizes "$sizes" --keep ${BENCH_SAVES:+--saves "$BENCH_SAVES"} \
    ${BENCH_LOOKUPS:+--lookups "$BENCH_LOOKUPS"}

# subsidy eligibility at 1M persons and the PDF of a 5,000-row notice
echo
"$build/bench/bench_subsidy" --dir "$scratch" ${BENCH_SUBSIDY_PERSONS:+--persons "$BENCH_SUBSIDY_PERSONS"}

# reconciliation: a 100 000-row police list against each demo register
# (bench_register's demo-N.db when it is still there, else built here)
for size in $sizes; do
    echo
    "$build/bench/bench_reconcile" --db "$scratch/demo-$size.db" --persons "$size" \
        --rows "${BENCH_RECONCILE_ROWS:-100000}" --runs "${BENCH_RECONCILE_RUNS:-3}" --dir "$scratch"
done

# the statistics at the largest size: dashboard, check and every report
# (bench_register's demo-N.db when it is still there, else built here)
largest=$(echo $sizes | tr ' ' '\n' | sort -n | tail -n 1)
echo
bench/bench_stats.sh "$build" "$scratch/demo-$largest.db" "$largest" || true

# the search box on the same register: keystroke to results (target 30 ms)
echo
bench/bench_search.sh "$build" "$scratch/demo-$largest.db" || true

# push to the reference district server over loopback TLS
echo
bench/bench_sync.sh "$build" "${BENCH_SYNC_EVENTS:-100000}"

# start-up of the screens to the login screen (target 50 ms)
echo
bench/bench_startup.sh "$build"
