#!/bin/bash
# bench_stats.sh - the statistics commands on a large register: `popdesk
# dashboard`, `popdesk check`, and every `popdesk report` (indicators,
# births, contraception, monthly, women, migrants; the women's roster also
# as a PDF), each run 3 times: the median wall time and the median peak
# resident memory (GNU time).  Prints figures against the targets of
# docs/STATISTICS.md (dashboard <= 1 s, check <= 3 s, peak RSS <= 32 MB
# for any command); never fails on a figure (exit 1 only when a command
# does not work at all).
#
#   bench/bench_stats.sh BUILD_DIR DB [PERSONS]
#
# DB is used when it exists (bench_register's demo-N.db), else made with
# `popdesk demo --persons PERSONS` (default 1000000: about a minute).  The
# register is changed only by `check` saving its problems.
set -u
build=${1:?usage: bench/bench_stats.sh BUILD_DIR DB [PERSONS]}
db=${2:?usage: bench/bench_stats.sh BUILD_DIR DB [PERSONS]}
persons=${3:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
popdesk=$root/$build/popdesk
case $build in /*) popdesk=$build/popdesk ;; esac
[ -x "$popdesk" ] || { echo "bench_stats: no $popdesk (make first)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_stats: needs GNU time (/usr/bin/time, package time)" >&2; exit 1; }
export TZ="${TZ:-Asia/Shanghai}" LC_ALL="${LC_ALL:-C.UTF-8}"
T=$(mktemp -d "${TMPDIR:-/tmp}/popdesk-bench-stats.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -f "$db" ]; then
    echo "bench_stats: building a demo register of $persons persons at $db"
    "$popdesk" --db "$db" demo --persons "$persons" >/dev/null || { echo "bench_stats: demo failed" >&2; exit 1; }
fi
cat > "$T/popdesk.ini" <<EOF
[policy]
file = $root/conf/policy/zhejiang-2012.ini
EOF
# the demo's administrator signs the commands that show personal data
printf 'admin1234\n' > "$T/pw"
chmod 600 "$T/pw"
export POPDESK_USER=admin POPDESK_PASSWORD_FILE="$T/pw"
pd=("$popdesk" --config "$T/popdesk.ini" --db "$db")

median() { sort -n | sed -n 2p; }

# run NAME TARGET_S OK_STATUS ARGS...: three runs, medians
run() {
    local name=$1 target=$2 okrc=$3; shift 3
    local i rc
    : > "$T/w"; : > "$T/m"
    for i in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$T/time" "${pd[@]}" "$@" > "$T/out" 2> "$T/err"
        rc=$?
        if [ "$rc" -ne 0 ] && [ "$rc" -ne "$okrc" ]; then
            echo "bench_stats: $name failed (exit $rc): $(head -c 300 "$T/err")" >&2
            return 1
        fi
        read -r wall kb < <(tail -n 1 "$T/time")
        echo "$wall" >> "$T/w"
        echo "$kb" >> "$T/m"
    done
    local w m
    w=$(median < "$T/w")
    m=$(median < "$T/m")
    printf '%-28s %7.2f s %s   peak RSS %6.1f MB %s\n' "$name" "$w" \
        "$( [ -n "$target" ] && awk -v w="$w" -v t="$target" 'BEGIN { printf (w <= t ? "(<= %s s)" : "(OVER %s s)"), t }')" \
        "$(awk -v k="$m" 'BEGIN { print k / 1024 }')" \
        "$(awk -v k="$m" 'BEGIN { print (k <= 32768 ? "(<= 32 MB)" : "(OVER 32 MB)") }')"
}

n=$("${pd[@]}" status 2>/dev/null | sed -n 's/^persons *\([0-9]*\).*/\1/p')
echo "bench_stats: ${n:-?} persons, medians of 3 runs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
failed=0
run "dashboard" 1 0 dashboard || failed=1
run "check" 3 1 check || failed=1
for r in indicators births contraception monthly women migrants; do
    run "report $r" "" 0 report "$r" || failed=1
done
run "report women --format pdf" "" 0 report women --format pdf --output "$T/women.pdf" || failed=1
[ -f "$T/women.pdf" ] && echo "  (women.pdf: $(du -k "$T/women.pdf" | cut -f1) KB)"
exit $failed
