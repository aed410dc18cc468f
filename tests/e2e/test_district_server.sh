#!/bin/bash
# End-to-end test of the reference district server (scripts/district-server)
# and the test PKI (scripts/make-test-pki.sh), on their own: python3, curl and
# openssl only, no popdesk binary. Runs servers on free loopback ports over
# real TLS, drives them with curl, checks answers, faults and the pull.
# Last line: "district-server: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
SERVER=$root/scripts/district-server
MKPKI=$root/scripts/make-test-pki.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/district-test.XXXXXX")
PKI=$T/pki
TOKEN=sekrit-token-0123456789
ST=330205001001
pids=()
# Debian's interpreter: the one the server runs on (#!/usr/bin/python3), and
# much faster to start than a version-manager shim found first on PATH.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    if [ "${KEEP_TMP:-}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

passed=0 failed=0
ok()  { passed=$((passed + 1)); echo "ok   - $1"; }
bad() { failed=$((failed + 1)); echo "FAIL - $1${2:+ ($2)}"; }
# expect DESC WANT GOT
expect() {
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "want [$2], got [$3]"; fi
}
# check DESC COMMAND...: passes when the command succeeds
check() {
    local d=$1; shift
    if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi
}
not() { ! "$@"; }

# --- helpers ---------------------------------------------------------------

# One python3 helper for the whole run (starting python3 a hundred times is
# most of a test's time on a busy machine). It reads one request a line,
# fields separated by tabs, and answers one line:
#   mk STATION BATCH_ID FIRST N [type=T] [top.KEY=JSON] [SEQ.KEY=JSON] [SEQ.-KEY]
#       writes a batch to $T/batch.json and gzipped to $T/batch.gz. Event ids
#       come from station and seq, so a re-made batch is the same.
#   res FILE        "seq:status[:code] ..." of a batch answer
#   jv EXPR FILE    eval(EXPR) with d = the JSON in FILE
cat > "$T/helper.py" <<'EOF'
import gzip, json, sys, uuid

def mk(out, st, bid, first, n, *mods):
    first, n = int(first), int(n)
    typ, top, per = "person.add", {}, {}
    for a in mods:
        k, _, v = a.partition("=")
        if k == "type":
            typ = v
        elif k.startswith("top."):
            top[k[4:]] = json.loads(v)
        else:
            s, _, f = k.partition(".")
            per.setdefault(int(s), []).append((f, v))
    evs = []
    for seq in range(first, first + n):
        e = {"seq": seq,
             "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "popdesk:%s/%d" % (st, seq))),
             "type": typ, "at": "2012-05-31T10:22:00+08:00", "user": "clerk01",
             "household": "330205001001010001", "person": "p-%d" % seq,
             "data": {"name": "王小红", "sex": 2, "birth": "1985-06-15"}}
        for f, v in per.get(seq, []):
            if f.startswith("-"):
                e.pop(f[1:], None)
            else:
                e[f] = json.loads(v)
        evs.append(e)
    doc = {"protocol": 1, "station": st, "batch_id": bid, "events": evs}
    doc.update(top)
    raw = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    with open(out + "/batch.json", "wb") as f:
        f.write(raw + b"\n")
    with open(out + "/batch.gz", "wb") as f:
        f.write(gzip.compress(raw, mtime=0))
    return "ok"

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)

def res(path):
    d = load(path)
    return " ".join("%d:%s%s" % (r["seq"], r["status"],
                                 ":" + r["code"] if "code" in r else "")
                    for r in d["results"])

def jv(expr, path):
    d = load(path)
    return str(eval(expr, {"d": d}))

out = sys.argv[1]
for line in sys.stdin:
    cmd, *args = line.rstrip("\n").split("\t")
    try:
        if cmd == "mk":
            r = mk(out, *args)
        elif cmd == "res":
            r = res(*args)
        elif cmd == "jv":
            r = jv(*args)
        else:
            r = "unknown helper command " + cmd
    except Exception as e:
        r = "unparsable: %s" % e.__class__.__name__
    print(r.replace("\n", "\\n"), flush=True)
EOF
coproc HELPER { exec "$PY" -u "$T/helper.py" "$T"; }
pids+=("$HELPER_PID")
# hcall ARGS...: one request to the helper, its answer on stdout
hcall() {
    local IFS=$'\t' line
    printf '%s\n' "$*" >&"${HELPER[1]}"
    IFS= read -r -t 20 line <&"${HELPER[0]}" || line="helper gave no answer"
    printf '%s\n' "$line"
}
res() { hcall res "$T/resp"; }
# jv PYEXPR [FILE]: evaluate PYEXPR with d = the JSON in FILE (default resp)
jv() { hcall jv "$1" "${2:-$T/resp}"; }

URL=
CURL_TLS=()
# post GZFILE BATCH_ID [extra curl args...]: POST to $URL/api/v1/batches with
# the contract's headers and $TOKEN (none when empty). Sets code and cexit;
# body in $T/resp, headers in $T/hdr.
post() {
    local gz=$1 bid=$2; shift 2
    local auth=()
    [ -n "$TOKEN" ] && auth=(-H "Authorization: Bearer $TOKEN")
    : > "$T/resp"; : > "$T/hdr"
    code=$(curl -sS --max-time 20 "${CURL_TLS[@]}" "${auth[@]}" \
        -H 'Content-Type: application/json' -H 'Content-Encoding: gzip' \
        -H "Idempotency-Key: $bid" --data-binary @"$gz" \
        -o "$T/resp" -D "$T/hdr" -w '%{http_code}' "$@" \
        "$URL/api/v1/batches" 2>"$T/curl.err")
    cexit=$?
}
# push STATION BATCH_ID FIRST N [mk args...]: make, gzip and post a batch
push() {
    hcall mk "$@" > /dev/null
    post "$T/batch.gz" "$2"
}
# ctl METHOD PATH [JSON]: the control API; body in $T/ctl
ctl() {
    local data=()
    [ $# -ge 3 ] && data=(-H 'Content-Type: application/json' --data-binary "$3")
    : > "$T/ctl"
    ccode=$(curl -sS --max-time 10 -X "$1" "${data[@]}" -o "$T/ctl" \
        -w '%{http_code}' "http://127.0.0.1:$CPORT$2")
}
# pull QUERY: GET /api/v1/updates?QUERY; body in $T/resp
pull() {
    local auth=()
    [ -n "$TOKEN" ] && auth=(-H "Authorization: Bearer $TOKEN")
    : > "$T/resp"
    code=$(curl -sS --max-time 20 "${CURL_TLS[@]}" "${auth[@]}" \
        -o "$T/resp" -w '%{http_code}' "$URL/api/v1/updates?$1" 2>"$T/curl.err")
}

# start_server NAME ARGS...: start, wait (at most 10 s) for the readiness
# line; sets SPID, PORT, CPORT. Returns 1 if it never got ready.
start_server() {
    local name=$1; shift
    "$SERVER" "$@" > "$T/$name.out" 2> "$T/$name.err" &
    SPID=$!
    pids+=("$SPID")
    for _ in $(seq 1 200); do
        grep -q '^listening on ' "$T/$name.out" 2>/dev/null && break
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.05
    done
    local line
    line=$(grep '^listening on ' "$T/$name.out") || return 1
    PORT=${line##*:}
    CPORT=$(sed -n 's|^control on http://127.0.0.1:||p' "$T/$name.out")
    return 0
}
# stop_server PID: SIGTERM, wait at most 5 s, then SIGKILL
stop_server() {
    kill -TERM "$1" 2>/dev/null
    for _ in $(seq 1 50); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# --- the test PKI ----------------------------------------------------------

"$MKPKI" "$PKI" > "$T/pki.log" 2>&1
check "make-test-pki makes a PKI" test -s "$PKI/server.pem"
all_there=yes
for f in ca server client other-server expired-server wrong-host; do
    [ -s "$PKI/$f.pem" ] && [ -s "$PKI/$f.key" ] || all_there="missing $f"
    [ "$(stat -c %a "$PKI/$f.key" 2>/dev/null)" = 600 ] || all_there="mode of $f.key"
done
expect "every cert and key is there, keys mode 0600" yes "$all_there"
sum1=$(cat "$PKI"/*.pem | md5sum)
"$MKPKI" "$PKI" > "$T/pki2.log" 2>&1
expect "make-test-pki is idempotent" "$sum1" "$(cat "$PKI"/*.pem | md5sum)"
check "server cert verifies for localhost" \
    openssl verify -CAfile "$PKI/ca.pem" -verify_hostname localhost "$PKI/server.pem"
check "server cert verifies for 127.0.0.1" \
    openssl verify -CAfile "$PKI/ca.pem" -verify_ip 127.0.0.1 "$PKI/server.pem"
check "server cert verifies for ::1" \
    openssl verify -CAfile "$PKI/ca.pem" -verify_ip ::1 "$PKI/server.pem"
check "client cert is for TLS clients" \
    openssl verify -CAfile "$PKI/ca.pem" -purpose sslclient "$PKI/client.pem"
v=$(openssl verify -CAfile "$PKI/ca.pem" "$PKI/expired-server.pem" 2>&1)
case $v in *expired*) ok "expired-server.pem is expired";; *) bad "expired-server.pem is expired" "$v";; esac
check "other-server.pem does not verify against ca.pem" \
    not openssl verify -CAfile "$PKI/ca.pem" "$PKI/other-server.pem"
v=$(openssl verify -CAfile "$PKI/ca.pem" -verify_hostname localhost "$PKI/wrong-host.pem" 2>&1)
case $v in *"hostname mismatch"*) ok "wrong-host.pem is not for localhost";; *) bad "wrong-host.pem is not for localhost" "$v";; esac

# --- server A: the main one --------------------------------------------------

printf '# test tokens\n%s\n330205001009 bound-token-for-009\n' "$TOKEN" > "$T/tokens"
cat > "$T/updates.jsonl" <<'EOF'
{"station": "330205001001", "type": "policy.update", "data": {"name": "zhejiang-2012", "version": 3, "ini": "[reward]\namount = 960\n"}}
EOF
if start_server a --listen 127.0.0.1:0 --db "$T/a.db" --cert "$PKI/server.pem" \
        --key "$PKI/server.key" --client-ca "$PKI/ca.pem" \
        --token-file "$T/tokens" --control-port 0 --updates-file "$T/updates.jsonl"; then
    ok "server starts on a free port and says so"
else
    bad "server starts on a free port and says so"
    cat "$T/a.err"
    echo "district-server: $passed passed, $((failed + 1)) failed"
    exit 1
fi
APID=$SPID
URL=https://localhost:$PORT
CURL_TLS=(--cacert "$PKI/ca.pem")
expect "control port printed" yes "$([ -n "$CPORT" ] && echo yes)"

# TLS: the default trust store does not know the test CA
curl -sS --max-time 10 -o /dev/null "$URL/api/v1/updates" 2>/dev/null
expect "server cert refused without the test CA" 60 "$?"

# applied, duplicate, seq_conflict, gap
push $ST b1 1 3
expect "new batch: 200" 200 "$code"
expect "new batch: all applied" "1:applied 2:applied 3:applied" "$(res)"
expect "answer names the batch" "b1" "$(jv 'd["batch_id"]')"
expect "answer is JSON" "application/json" \
    "$(tr -d '\r' < "$T/hdr" | sed -n 's/^[Cc]ontent-[Tt]ype: //p')"
push $ST b1 1 3
expect "resent batch: all duplicate" "1:duplicate 2:duplicate 3:duplicate" "$(res)"
push $ST b2 3 2 '3.id="00000000-0000-4000-8000-000000000003"'
expect "same seq, other id: seq_conflict; next applied" \
    "3:rejected:seq_conflict 4:applied" "$(res)"
push $ST b3 10 2
expect "gap: 409" 409 "$code"
expect "gap: expected_seq is the next seq" 5 "$(jv 'd["expected_seq"]')"

# authentication
TOKEN='' push $ST b4 5 1
expect "no token: 401" 401 "$code"
grep -qi '^WWW-Authenticate: Bearer' "$T/hdr"
expect "401 says Bearer" 0 "$?"
TOKEN=wrong-token push $ST b4 5 1
expect "wrong token: 401" 401 "$code"
TOKEN=bound-token-for-009 push $ST b4 5 1
expect "token bound to another station: 403" 403 "$code"
TOKEN=bound-token-for-009 push 330205001009 s9-1 1 1
expect "token bound to its own station: 200" 200 "$code"

# malformed requests
printf 'this is not gzip' > "$T/junk.gz"
post "$T/junk.gz" bx
expect "bad gzip: 400" 400 "$code"
printf '{"protocol": 1, "station": ' | gzip -nc > "$T/trunc.gz"
post "$T/trunc.gz" bx
expect "bad JSON: 400" 400 "$code"
hcall mk $ST b4 5 1 > /dev/null
cp "$T/batch.json" "$T/plain.json"
head -c 40 "$T/plain.json" | gzip -nc > "$T/short.gz"
post "$T/short.gz" b4
expect "truncated JSON: 400" 400 "$code"
gzip -nc "$T/plain.json" | head -c 30 > "$T/cut.gz"
post "$T/cut.gz" b4
expect "truncated gzip: 400" 400 "$code"
code=$(curl -sS "${CURL_TLS[@]}" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -H 'Idempotency-Key: b4' \
    --data-binary @"$T/plain.json" -o /dev/null -w '%{http_code}' "$URL/api/v1/batches")
expect "body not gzipped: 415" 415 "$code"
post "$T/batch.gz" b4 -H 'Transfer-Encoding: chunked'
expect "chunked body: 411" 411 "$code"
push $ST b4 5 1 'top.protocol=2'
expect "protocol 2: 400" 400 "$code"
push 33020500100 b4 5 1
expect "station of 11 digits: 400" 400 "$code"
push $ST b4 5 2 '6.seq=7'
expect "seqs not consecutive: 400" 400 "$code"
push $ST b4 5 1 '5.seq=0'
expect "seq 0: 400" 400 "$code"
push $ST b4 5 1 '5.seq="5"'
expect "seq as a string: 400" 400 "$code"
hcall mk $ST b4 5 1 > /dev/null
post "$T/batch.gz" other-key
expect "Idempotency-Key not the batch_id: 400" 400 "$code"
printf '{"protocol":1,"station":"%s","batch_id":"b4","events":[]}' $ST | gzip -nc > "$T/empty.gz"
post "$T/empty.gz" b4
expect "no events: 400" 400 "$code"
push $ST b4 5 1 'top.chain_head=17'
expect "chain_head not a string: 400" 400 "$code"
code=$(curl -sS "${CURL_TLS[@]}" -H "Authorization: Bearer $TOKEN" -o /dev/null \
    -w '%{http_code}' "$URL/api/v1/batches")
expect "GET on batches: 405" 405 "$code"
code=$(curl -sS "${CURL_TLS[@]}" -o /dev/null -w '%{http_code}' "$URL/nothing/here")
expect "unknown path: 404" 404 "$code"

# per-event checks; rejected seqs remembered
push $ST b5 5 7 'top.chain_head="sha256:5ab0c0ffee"' \
    '5.type="person.teleport"' '6.-user' \
    '7.data={"id_number": "110105194912310021"}' \
    '8.data={"id_number": "11010519491231002X", "name": "张三"}' \
    '9.type="event.oversize"' '9.data={"type": "person.add", "bytes": 300000}' \
    '10.data={"spouse": {"spouse_id_number": "441900890101221"}}' \
    '11.at="2012-05-31 10:22"'
expect "per-event checks" \
    "5:rejected:unknown_type 6:rejected:bad_event 7:rejected:bad_id_number 8:applied 9:applied 10:rejected:bad_id_number 11:rejected:bad_event" \
    "$(res)"
msg=$(jv '[r.get("message","") for r in d["results"]]')
case $msg in *110105194912310021*|*441900890101221*) bad "rejection messages mask ID numbers" "$msg";;
    *110105*0021*) ok "rejection messages mask ID numbers";;
    *) bad "rejection messages mask ID numbers" "$msg";; esac
push $ST b5 5 7 'top.chain_head="sha256:5ab0c0ffee"' \
    '5.type="person.teleport"' '6.-user' \
    '7.data={"id_number": "110105194912310021"}' \
    '8.data={"id_number": "11010519491231002X", "name": "张三"}' \
    '9.type="event.oversize"' '9.data={"type": "person.add", "bytes": 300000}' \
    '10.data={"spouse": {"spouse_id_number": "441900890101221"}}' \
    '11.at="2012-05-31 10:22"'
expect "resent: rejected again, stored ones duplicate" \
    "5:rejected:unknown_type 6:rejected:bad_event 7:rejected:bad_id_number 8:duplicate 9:duplicate 10:rejected:bad_id_number 11:rejected:bad_event" \
    "$(res)"
push $ST b6 12 1 '12.type="event.oversize"' '12.data={"type": "person.add"}'
expect "event.oversize without bytes: bad_event" "12:rejected:bad_event" "$(res)"
push $ST b7 13 2
expect "rejected seqs count as seen for the gap rule" "13:applied 14:applied" "$(res)"
ctl GET "/stats?station=$ST"
expect "chain_head recorded" "sha256:5ab0c0ffee" "$(jv "d['stations']['$ST']['chain_head']" "$T/ctl")"
expect "chain_head kept per batch" "sha256:5ab0c0ffee" "$("$PY" -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT chain_head FROM batches WHERE batch_id=? LIMIT 1", ("b5",)).fetchone()[0])' "$T/a.db")"

# faults, through the control API
next=15
ctl POST /control '{"fail_first_n": 2}'
expect "control accepts a fault" 200 "$ccode"
push $ST b8 $next 2
c1=$code
push $ST b8 $next 2
c2=$code
push $ST b8 $next 2
expect "fail_first_n=2: 500, 500, then 200" "500 500 200" "$c1 $c2 $code"
expect "after the failures the batch is applied" "15:applied 16:applied" "$(res)"
next=17

ctl POST /control '{"retry_after_n": 1, "retry_after_s": 7}'
push $ST b9 $next 1
expect "retry_after: 503" 503 "$code"
expect "retry_after: Retry-After header" 7 \
    "$(tr -d '\r' < "$T/hdr" | sed -n 's/^[Rr]etry-[Aa]fter: //p')"
push $ST b9 $next 1
expect "retry_after: then 200" "17:applied" "$(res)"
next=18

ctl POST /control '{"drop_after_store_n": 1}'
push $ST b10 $next 2
expect "drop_after_store: connection closed with no answer (curl 52)" 52 "$cexit"
push $ST b10 $next 2
expect "drop_after_store: the batch was stored" "18:duplicate 19:duplicate" "$(res)"
next=20

ctl POST /control '{"delay_ms": 400}'
start=$(date +%s%N)
push $ST b11 $next 1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ctl POST /control '{"delay_ms": 0}'
expect "delay_ms=400 delays the answer" yes "$([ "$ms" -ge 400 ] && echo yes || echo "no: $ms ms")"
next=21

ctl POST /control '{"max_bytes": 300}'
push $ST b12 $next 3
expect "max_bytes: 413 when the unzipped body is larger" 413 "$code"
ctl POST /control '{"max_bytes": 0}'
push $ST b12 $next 3
expect "max_bytes off again: 200" 200 "$code"
next=24

ctl POST /control '{"reject_type": "woman.leave"}'
push $ST b13 $next 2 '25.type="woman.leave"'
expect "reject_type: that type rejected_type, others applied" \
    "24:applied 25:rejected:rejected_type" "$(res)"
ctl POST /control '{"reject_type": []}'
next=26

push $ST b14 $next 2
ctl POST /control '{"force_gap_once": 2}'
push $ST b15 28 2
expect "force_gap_once: 409" 409 "$code"
expect "force_gap_once: expected_seq = first seq - K" 26 "$(jv 'd["expected_seq"]')"
push $ST b15 26 4
expect "force_gap_once: the resend is accepted" \
    "26:duplicate 27:duplicate 28:applied 29:applied" "$(res)"
next=30

badreply() { # KIND PYTHON-CHECK-ON-BODY
    ctl POST /control "{\"bad_reply_n\": 1, \"bad_reply_kind\": \"$1\", \"bad_reply_bytes\": 2000000}"
    push $ST "br-$1" $next 2
    expect "bad_reply $1: status 200" 200 "$code"
    if "$PY" -c "
import json, sys
raw = open(sys.argv[1], 'rb').read()
n = int(sys.argv[2])
$2" "$T/resp" "$next" 2>/dev/null; then ok "bad_reply $1: body is bad as asked"
    else bad "bad_reply $1: body is bad as asked"; fi
    push $ST "br-$1" $next 2
    expect "bad_reply $1: the batch was stored" "$next:duplicate $((next + 1)):duplicate" "$(res)"
    next=$((next + 2))
}
badreply not_json '
try:
    json.loads(raw); sys.exit(1)
except ValueError: pass'
badreply truncated '
try:
    json.loads(raw); sys.exit(1)
except ValueError: pass
assert raw.startswith(b"{\"batch_id\"")'
badreply huge '
assert len(raw) == 2000000, len(raw)
d = json.loads(raw); assert len(d["results"]) == 2'
badreply wrong_seqs '
d = json.loads(raw); seqs = [r["seq"] for r in d["results"]]
assert d["batch_id"] == "br-wrong_seqs" and seqs and not set(seqs) & set(range(n, n + 2)), seqs'
badreply wrong_batch_id '
d = json.loads(raw); assert d["batch_id"] != "br-wrong_batch_id" and len(d["results"]) == 2'

ctl GET /control
expect "GET /control reads the faults back" "0 0 []" \
    "$(jv '"%d %d %s" % (d["fail_first_n"], d["bad_reply_n"], d["reject_type"])' "$T/ctl")"
ctl POST /control '{"no_such_fault": 1}'
expect "unknown control setting: 400" 400 "$ccode"
ctl POST /control '{"bad_reply_kind": "sideways"}'
expect "bad bad_reply_kind: 400" 400 "$ccode"
ctl POST /control '{"fail_first_n": 5, "reset": true}'
expect "reset then set" 5 "$(jv 'd["fail_first_n"]' "$T/ctl")"
ctl POST /control '{"reset": true}'
expect "reset clears" 0 "$(jv 'd["fail_first_n"]' "$T/ctl")"

# stats agree with the database
ctl GET /stats
got=$(jv "(lambda s: '%d %d %d %d' % (s['events'], s['max_seq'], s['distinct_seqs'], s['rejected']))(d['stations']['$ST'])" "$T/ctl")
want=$("$PY" -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
e, m = c.execute("SELECT count(*), max(seq) FROM events WHERE station=?", (sys.argv[2],)).fetchone()
r, mr = c.execute("SELECT count(*), max(seq) FROM rejected WHERE station=?", (sys.argv[2],)).fetchone()
print(e, max(m, mr or 0), e + r, r)' "$T/a.db" $ST)
expect "stats: events, max seq, distinct seqs, rejected match the db" "$want" "$got"
expect "stats: duplicates answered counted" yes \
    "$(jv "'yes' if d['stations']['$ST']['duplicates'] >= 15 else d['stations']['$ST']['duplicates']" "$T/ctl")"
ctl GET "/events?station=$ST&after_seq=7&limit=2"
expect "control /events lists answered seqs" "8:applied:张三 9:applied:person.add" \
    "$(jv '" ".join("%d:%s:%s" % (e["seq"], e["status"], e["data"].get("name") or e["data"].get("type")) for e in d["events"])' "$T/ctl")"

# pull
ctl POST /control/updates '[{"station": "330205001001", "type": "crosscheck.request", "at": "2012-06-02T09:00:00+08:00", "data": {"id_number": "11010519491231002X", "question": "还在本村居住吗?", "due": "2012-06-09"}},
 {"station": "330205001002", "type": "message", "data": {"text": "not for 001"}},
 {"station": "*", "type": "message", "data": {"text": "for everyone"}},
 {"station": "330205001001", "type": "person.transfer_in", "data": {"name": "李四"}}]'
expect "updates queued through control" 200 "$ccode"
ctl POST /control/updates '{"station": "12345", "type": "message"}'
expect "update for a bad station refused" 400 "$ccode"
pull "station=$ST&after=&limit=2"
expect "pull: 200" 200 "$code"
p1=$(jv '" ".join(u["type"] for u in d["updates"]), d["more"]')
expect "pull: first page, in order, more" "('policy.update crosscheck.request', True)" "$p1"
c1=$(jv 'd["cursor"]')
pull "station=$ST&after=$c1&limit=2"
expect "pull: second page after the cursor" "('message person.transfer_in', False)" \
    "$(jv '" ".join(u["type"] for u in d["updates"]), d["more"]')"
expect "pull: broadcast update reaches the station" "for everyone" "$(jv 'd["updates"][0]["data"]["text"]')"
c2=$(jv 'd["cursor"]')
pull "station=$ST&after=$c2&limit=2"
expect "pull: nothing new, cursor kept" "(0, False, '$c2')" \
    "$(jv 'len(d["updates"]), d["more"], d["cursor"]')"
pull "station=$ST&after=$c1&limit=10"
expect "pull: the same cursor gives the same updates again" "message person.transfer_in" \
    "$(jv '" ".join(u["type"] for u in d["updates"])')"
pull "station=$ST&limit=100"
expect "pull: ids distinct, crosscheck data intact" "4 还在本村居住吗?" \
    "$(jv '"%d %s" % (len(set(u["id"] for u in d["updates"])), d["updates"][1]["data"]["question"])')"
pull "station=330205001002"
expect "pull: a station sees only its own and broadcast updates" "not for 001|for everyone" \
    "$(jv '"|".join(u["data"]["text"] for u in d["updates"])')"
pull "station=$ST&after=bogus"
expect "pull: bad cursor 400" 400 "$code"
pull "after="
expect "pull: no station 400" 400 "$code"
TOKEN=wrong-token pull "station=$ST"
expect "pull: wrong token 401" 401 "$code"

# keep-alive: two requests on one connection
curl -sv "${CURL_TLS[@]}" -H "Authorization: Bearer $TOKEN" -o /dev/null -o /dev/null \
    "$URL/api/v1/updates?station=$ST" "$URL/api/v1/updates?station=$ST" 2> "$T/ka.err"
grep -qi 're-using existing connection' "$T/ka.err"
expect "HTTP/1.1 keep-alive: connection reused" 0 "$?"

# robustness: garbage must not bring the server down
"$PY" - "$PORT" "$PKI/ca.pem" <<'EOF' > "$T/garbage.log" 2>&1
import socket, ssl, sys, gzip, http.client
port, ca = int(sys.argv[1]), sys.argv[2]
# not TLS at all
s = socket.create_connection(("127.0.0.1", port)); s.sendall(b"GET / HTTP/1.0\r\n\r\n" * 3); s.close()
s = socket.create_connection(("127.0.0.1", port)); s.close()
ctx = ssl.create_default_context(cafile=ca)
def tls():
    return ctx.wrap_socket(socket.create_connection(("localhost", port)), server_hostname="localhost")
for junk in (b"\x00\xff garbage\r\n\r\n", b"POST /api/v1/batches HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
             b"POST /api/v1/batches HTTP/1.1\r\nContent-Length: 10\r\n\r\nab",
             b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"):
    s = tls(); s.settimeout(5); s.sendall(junk)
    if b"\r\n\r\nab" not in junk:  # else the server rightly waits for the rest
        try: s.recv(1000)
        except OSError: pass
    s.close()
hdr = {"Authorization": "Bearer sekrit-token-0123456789", "Content-Type": "application/json",
       "Content-Encoding": "gzip", "Idempotency-Key": "g"}
for body in (b"[" * 100000, b'{"protocol":1,"station":"330205001001","batch_id":"g","events":[{"seq":NaN}]}',
             b'{"protocol":1,"station":"330205001001","batch_id":"g","events":[{"seq":1,"id":"\\ud800"}]}',
             b'\xff\xfe not utf-8', b"1" * 5000, gzip.compress(b"x") * 2):
    c = http.client.HTTPSConnection("localhost", port, context=ctx)
    c.request("POST", "/api/v1/batches", gzip.compress(body), hdr)
    print(c.getresponse().status)
    c.close()
EOF
expect "garbage answered 400, never 500" "400 400 400 400 400 400" "$(grep -E '^[0-9]+$' "$T/garbage.log" | tr '\n' ' ' | sed 's/ $//')"
check "server still running after garbage" kill -0 "$APID"
push $ST b20 $next 1
expect "and still answers" "$next:applied" "$(res)"
next=$((next + 1))

# forget: the district "restored from a backup"
ctl POST /control/forget "{\"station\": \"$ST\", \"after_seq\": 20}"
push $ST b21 $next 1
expect "after forget: 409 expected_seq 21" "409 21" "$code $(jv 'd["expected_seq"]')"

# the token never reaches the log
expect "token never logged" 0 "$(grep -c -e "$TOKEN" -e bound-token-for-009 "$T/a.err")"
expect "one log line per request with station and counts" yes \
    "$(grep -q "200 POST /api/v1/batches station=$ST batch=b1 seq=1-3 applied=3 duplicate=0 rejected=0" "$T/a.err" && echo yes)"

# restart on the same database: nothing forgotten
stop_server "$APID"
check "SIGTERM stops the server" not kill -0 "$APID"
start_server a2 --listen 127.0.0.1:0 --db "$T/a.db" --cert "$PKI/server.pem" \
    --key "$PKI/server.key" --token "$TOKEN" --control-port 0
URL=https://localhost:$PORT
push $ST b1 1 3
expect "after restart: old batch is duplicate" "1:duplicate 2:duplicate 3:duplicate" "$(res)"
push $ST b5 5 1 '5.type="person.teleport"'
expect "after restart: rejected seq still rejected" "5:rejected:unknown_type" "$(res)"
push $ST b22 21 1
expect "after restart: the gap rule still knows the max seq" "21:applied" "$(res)"
pull "station=$ST"
expect "after restart: queued updates kept" 4 "$(jv 'len(d["updates"])')"
stop_server "$SPID"

# --- server B: mutual TLS, small --max-body, IPv6 ----------------------------

start_server b --listen 127.0.0.1:0 --db "$T/b.db" --cert "$PKI/server.pem" \
    --key "$PKI/server.key" --client-ca "$PKI/ca.pem" --require-client-cert \
    --token "$TOKEN" --max-body 2000
URL=https://localhost:$PORT
push $ST m1 1 1
expect "client cert required: refused without one" 000 "$code"
CURL_TLS=(--cacert "$PKI/ca.pem" --cert "$PKI/client.pem" --key "$PKI/client.key")
push $ST m1 1 1
expect "client cert required: accepted with one" "1:applied" "$(res)"
grep -q 'cert=330205001001' "$T/b.err"
expect "client cert CN logged" 0 "$?"
CURL_TLS=(--cacert "$PKI/ca.pem" --cert "$PKI/wrong-host.pem" --key "$PKI/wrong-host.key")
push $ST m1 1 1
expect "a server cert is no client cert" 000 "$code"
CURL_TLS=(--cacert "$PKI/ca.pem" --cert "$PKI/client.pem" --key "$PKI/client.key")
head -c 3000 /dev/urandom > "$T/big.gz"
post "$T/big.gz" m2
expect "--max-body: 413" 413 "$code"
head -c 1500000 /dev/urandom > "$T/big.gz"
post "$T/big.gz" m2 -H 'Expect:'
expect "--max-body: 413 for 1.5 MB sent at once" 413 "$code"
post "$T/big.gz" m2 -H 'Expect: 100-continue'
expect "--max-body: 413 before the body with Expect: 100-continue" 413 "$code"
grep -q 'expect-100' "$T/b.err"
expect "--max-body: Expect: 100-continue refused early" 0 "$?"
stop_server "$SPID"
CURL_TLS=(--cacert "$PKI/ca.pem")

if "$PY" -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
    start_server v6 --listen '[::1]:0' --db "$T/v6.db" --cert "$PKI/server.pem" \
        --key "$PKI/server.key" --token "$TOKEN"
    expect "IPv6: readiness line" yes "$(grep -q '^listening on https://\[::1\]:' "$T/v6.out" && echo yes)"
    URL="https://[::1]:$PORT"
    push $ST v1 1 1
    expect "IPv6: push over [::1]" "1:applied" "$(res)"
    stop_server "$SPID"
else
    echo "skip - IPv6 loopback not available"
fi

# --- the negative-test certificates, served for real --------------------------

for c in expired-server other-server wrong-host; do
    start_server "$c" --listen 127.0.0.1:0 --db "$T/neg.db" --cert "$PKI/$c.pem" \
        --key "$PKI/$c.key" --token "$TOKEN"
    URL=https://localhost:$PORT
    push $ST n1 1 1
    expect "server with $c.pem: curl refuses it (60)" 60 "$cexit"
    stop_server "$SPID"
done

# --- plain HTTP: loopback only ---------------------------------------------------

"$SERVER" --listen 0.0.0.0:0 --db "$T/p.db" --plain-http --token "$TOKEN" \
    > "$T/p0.out" 2> "$T/p0.err"
expect "--plain-http on 0.0.0.0 refused" 2 "$?"
start_server plain --listen 127.0.0.1:0 --db "$T/p.db" --plain-http --token "$TOKEN"
expect "--plain-http on loopback: http URL" yes "$(grep -q '^listening on http://127.0.0.1:' "$T/plain.out" && echo yes)"
URL=http://127.0.0.1:$PORT
CURL_TLS=()
push $ST p1 1 2
expect "--plain-http: push works" "1:applied 2:applied" "$(res)"
stop_server "$SPID"

"$SERVER" --listen 127.0.0.1:0 --db "$T/q.db" --cert "$PKI/server.pem" \
    --key "$PKI/server.key" > "$T/q.out" 2> "$T/q.err"
expect "no token configured: refuses to start" 2 "$?"

# start-up faults by flag
start_server flags --listen 127.0.0.1:0 --db "$T/f.db" --cert "$PKI/server.pem" \
    --key "$PKI/server.key" --token "$TOKEN" --fail-first-n 1 --reject-type person.add \
    --control-port 0
URL=https://localhost:$PORT
CURL_TLS=(--cacert "$PKI/ca.pem")
push $ST f1 1 1
c1=$code
push $ST f1 1 1
expect "faults by flag: --fail-first-n then --reject-type" "500 1:rejected:rejected_type" "$c1 $(res)"
stop_server "$SPID"

echo "district-server: $passed passed, $failed failed"
[ "$failed" = 0 ]
