#!/bin/sh
# bench_startup.sh - start-up of the screens: from exec to the login screen
# drawn on an 80x24 terminal (issue 3: <= 50 ms), beside `popdesk --version`
# (the dynamic loader and nothing else) and the resident memory of a
# `popdesk status` (the libraries every process maps).
#
# The program runs on a pseudo-terminal; the clock stops when the login
# box's password label has been written (ncurses writes a whole update at
# once, so that is the screen drawn).  Each figure is the median of RUNS
# runs (default 15) after one warm-up run.  With BENCH_STARTUP_BASELINE set
# to another popdesk binary, both are measured in the same run, interleaved
# (the machine is noisy), the baseline's line first.
# usage: bench/bench_startup.sh BUILD_DIR [RUNS]
set -eu
build=${1:?usage: bench/bench_startup.sh BUILD_DIR [RUNS]}
runs=${2:-${BENCH_STARTUP_RUNS:-15}}
bin=$(cd "$(dirname "$build/popdesk")" && pwd)/popdesk
scratch=$(mktemp -d "${TMPDIR:-/tmp}/popdesk-startup.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export TZ="${TZ:-Asia/Shanghai}" LC_ALL="${LC_ALL:-C.UTF-8}" HOME="$scratch"
export XDG_CONFIG_HOME="$scratch/.config" XDG_DATA_HOME="$scratch/.local/share"
unset POPDESK_USER POPDESK_PASSWORD_FILE || true
printf 'secret123\n' >"$scratch/pw"
"$bin" --db "$scratch/r.db" init --station 330205001001 --admin admin \
    --password-file "$scratch/pw" >/dev/null
python3 - "$scratch/r.db" "$runs" ${BENCH_STARTUP_BASELINE:+"$BENCH_STARTUP_BASELINE"} "$bin" <<'EOF'
import os, pty, select, statistics, sys, time
db, runs, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
mark = "密码".encode()

def cpu_ms(ru):
    return (ru.ru_utime + ru.ru_stime) * 1000

def to_login(binary):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["LINES"], os.environ["COLUMNS"] = "24", "80"
        os.execv(binary, [binary, "--db", db])
    seen, t = b"", None
    deadline = t0 + 30
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        if mark in seen:
            t = time.perf_counter() - t0
            break
    os.kill(pid, 9)
    _, _, ru = os.wait4(pid, 0)
    os.close(fd)
    if t is None:
        sys.exit("bench_startup: %s: no login screen within 30 s; it wrote: %r" % (binary, seen[-300:]))
    return t * 1000, cpu_ms(ru)   # CPU: up to the kill, idle after the draw

def run(binary, argv):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        nul = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nul, 1); os.dup2(nul, 2)
        os.execv(binary, [binary] + argv)
    _, _, ru = os.wait4(pid, 0)
    return (time.perf_counter() - t0) * 1000, ru.ru_maxrss / 1024.0, ru

res = {b: {"login": [], "lcpu": [], "version": [], "vcpu": [], "status": [], "rss": []} for b in binaries}
for b in binaries:
    to_login(b); run(b, ["--version"])
for _ in range(runs):
    for b in binaries:
        r = res[b]
        ms, cpu = to_login(b)
        r["login"].append(ms); r["lcpu"].append(cpu)
        ms, rss, ru = run(b, ["--version"])
        r["version"].append(ms); r["vcpu"].append(cpu_ms(ru))
        ms, rss, ru = run(b, ["--db", db, "status"])
        r["status"].append(ms); r["rss"].append(rss)
med = statistics.median
for b in binaries:
    r = res[b]
    print("start-up %s (median of %d): login screen %.1f ms (target 50; min %.1f, max %.1f; CPU %.1f ms); "
          "--version %.1f ms (CPU %.1f ms); status %.1f ms, peak RSS %.1f MB"
          % (b, runs, med(r["login"]), min(r["login"]), max(r["login"]), med(r["lcpu"]),
             med(r["version"]),
             med(r["vcpu"]), med(r["status"]), med(r["rss"])))
EOF
