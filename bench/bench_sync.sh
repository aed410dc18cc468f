#!/bin/bash
# bench_sync.sh - pushing the outbox to the reference district server
# (scripts/district-server) over loopback TLS with a client certificate:
# events per second, bytes on the wire per event (gzip'd request bodies /
# events), and the pusher's peak resident memory.  Prints figures, never
# fails on a time (exit 1 only when something does not work at all).
#
#   bench/bench_sync.sh BUILD_DIR [EVENTS]      (default 100000)
#
# The register is made with `popdesk init` and the e2e event generator
# (tests/tools/mkevents.c: households and persons with Chinese names and
# valid ID numbers, ~390 bytes an event).  Two runs: the default batch
# limits (200 events, 256 KiB) and large batches (1000 events, 1 MiB).
# Targets: >= 20 000 events/s, <= 120 bytes/event, <= 16 MB.
set -u
build=${1:?usage: bench/bench_sync.sh BUILD_DIR [EVENTS]}
events=${2:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
popdesk=$root/$build/popdesk
case $build in /*) popdesk=$build/popdesk ;; esac
bdir=$(dirname "$popdesk")
[ -x "$popdesk" ] || { echo "bench_sync: no $popdesk (make first)" >&2; exit 1; }
export TZ="${TZ:-Asia/Shanghai}" LC_ALL="${LC_ALL:-C.UTF-8}"
T=$(mktemp -d "${TMPDIR:-/tmp}/popdesk-bench-sync.XXXXXX")
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; [ -n "$srv" ] && wait "$srv" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
ST=330205001001

mk=$bdir/tools/mkevents   # tests/tools/mkevents.c, built by make bench
[ -x "$mk" ] || { echo "bench_sync: no $mk (make bench builds it)" >&2; exit 1; }
"$root/scripts/make-test-pki.sh" "$T/pki" > /dev/null || exit 1
printf '%s\n' "bench-token-$$" > "$T/token"; chmod 600 "$T/token"
printf '%s %s\n' "$ST" "bench-token-$$" > "$T/tokens"

# measure LABEL CONFIG: one `popdesk sync --verbose` of the whole outbox
measure() {
    local label=$1 conf=$2
    python3 - "$popdesk" "$conf" "$label" "$T/run.err" <<'EOF'
import re, resource, subprocess, sys, time
popdesk, conf, label, errf = sys.argv[1:5]
t = time.monotonic()
anon = 0
with open(errf, "w") as err:
    p = subprocess.Popen([popdesk, "--config", conf, "sync", "--verbose"],
                         stdout=subprocess.PIPE, stderr=err, text=True)
    # private memory (RssAnon) sampled every 10 ms; the total peak comes
    # from the kernel (ru_maxrss) at the end
    while p.poll() is None:
        try:
            with open("/proc/%d/status" % p.pid) as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        anon = max(anon, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.01)
    out = p.stdout.read()
dt = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
log = open(errf).read()
m = re.search(r"request bodies (\d+) bytes, (\d+) on the wire", log)
s = re.search(r"sent (\d+) events? to the district in (\d+) batch", out)
if p.returncode != 0 or not m or not s:
    print("bench_sync: %s: popdesk sync failed (exit %d): %s %s" %
          (label, p.returncode, out.strip(), log.strip()[-400:]))
    sys.exit(1)
n, batches = int(s.group(1)), int(s.group(2))
raw, gz = int(m.group(1)), int(m.group(2))
cpu = ru.ru_utime + ru.ru_stime
print("sync %s: %d events in %d batches, %.2f s: %.0f events/s" % (label, n, batches, dt, n / dt))
print("  on the wire %.1f bytes/event (%.1f before gzip); peak RSS %.1f MB "
      "(private %.1f MB, the rest shared libraries)" % (gz / n, raw / n, ru.ru_maxrss / 1024.0, anon / 1024.0))
print("  pusher CPU %.2f s: %.0f events per CPU second (the rest of the time it "
      "waits for the district and the disk)" % (cpu, n / cpu if cpu else 0))
EOF
}

# start_server N: a fresh district for run N (its own database)
start_server() {
    python3 "$root/scripts/district-server" --listen 127.0.0.1:0 --db "$T/district-$1.db" \
        --cert "$T/pki/server.pem" --key "$T/pki/server.key" --client-ca "$T/pki/ca.pem" \
        --require-client-cert --token-file "$T/tokens" --max-events 5000 \
        > "$T/server.out" 2> "$T/server.log" &
    srv=$!
    for _ in $(seq 1 200); do grep -q '^listening on' "$T/server.out" && break; sleep 0.1; done
    url=$(sed -n 's/^listening on \(.*\)/\1/p' "$T/server.out" | sed 's|//127.0.0.1:|//localhost:|')
    [ -n "$url" ] || { echo "bench_sync: the district server did not start: $(tail -n 3 "$T/server.log")" >&2; exit 1; }
}
stop_server() {
    kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; srv=""
}

echo "bench_sync: $events events a run, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run=0
for limits in "200 262144" "1000 1048576"; do
    # shellcheck disable=SC2086
    set -- $limits
    run=$((run + 1))
    db=$T/register-$run.db
    "$popdesk" --db "$db" init --station "$ST" --admin admin --password-file <(echo 'bench-admin-1') > /dev/null || exit 1
    t0=$(date +%s.%N)
    "$mk" "$db" "$events" > /dev/null || exit 1
    t1=$(date +%s.%N)
    [ "$run" = 1 ] && awk -v a="$t0" -v b="$t1" -v n="$events" \
        'BEGIN { printf "generate %d events through pd_event_save: %.2f s\n", n, b - a }'
    conf=$T/popdesk-$run.ini
    start_server "$run"
    printf '[station]\ncode = %s\n[database]\npath = %s\n[district]\nurl = %s\nca_file = %s\n' \
        "$ST" "$db" "$url" "$T/pki/ca.pem" > "$conf"
    printf 'token_file = %s\nclient_cert = %s\nclient_key = %s\nbatch_max_events = %s\nbatch_max_bytes = %s\n' \
        "$T/token" "$T/pki/client.pem" "$T/pki/client.key" "$1" "$2" >> "$conf"
    measure "(batches of $1 events / $2 bytes)" "$conf" || exit 1
    stop_server
done
