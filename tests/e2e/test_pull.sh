#!/bin/bash
# test_pull.sh - the pull half of sync (docs/SYNC.md "Pull") end to end
# against the reference district server over real TLS (mutual TLS), with
# updates queued through its control API.
#
#  1. cursor semantics: an empty register pulls from the start; pages of a
#     small limit with `more` followed at once; the stored cursor is the
#     district's last; a pull with nothing new changes nothing; an update id
#     the district sends again is ignored.
#  2. kill -9 of `popdesk sync --pull-only` at random moments, many rounds,
#     while 2000 updates come in pages of 7: afterwards every update is held
#     exactly once, in the district's order, and the cursor is the last one.
#  3. crosscheck.request answered (the home screen says 2 updates wait,
#     in tmux at 80x24): the crosscheck.answer event reaches the
#     district by the push; a transfer-in confirmed into a household:
#     person.move_in with the pre-filled fields reaches the district.
#  4. policy updates: a good one put in force (kept as <name>-v<version>.ini,
#     meta policy_file, the old file untouched, its target used by
#     `popdesk dashboard`); a bad one refused with the key at fault, the old
#     one stays in force; an older version refused.
#  5. an update of an unknown type and a message: kept, listed, shown,
#     dismissed; never dropped.
#  6. failures follow the push: a wrong token (exit 3, nothing stored), the
#     server gone (exit 5, nothing stored).
# Last line: "pull: N passed, N failed".
# shellcheck disable=SC2154,SC2015
. "$(dirname "$0")/lib/check.sh"
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(dirname "$POPDESK")
ST=330205001001
TOKEN=e2e-pull-token-0a1b2c3d4e
pids=()

cleanup() {
    declare -F tm_stop > /dev/null && tm_stop
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
T=$SCRATCH
say() { echo "== $* (at ${SECONDS}s)"; }

EVSAVE=$BUILD/tools/evsave
[ -x "$EVSAVE" ] || { bad "missing $EVSAVE (make e2e builds it)"; finish pull; exit 1; }
district_start "$ST" "$TOKEN" || { finish pull; exit 1; }

DB=$T/register.db
mkdir -p "$T/policy-installed"
cp "$ROOT/conf/policy/zhejiang-2012.ini" "$T/policy-installed/zhejiang-2012.ini"
conf() {   # conf FILE TOKENFILE [URL]
    {
        printf '[station]\ncode = %s\n[database]\npath = %s\n[district]\nurl = %s\n' "$ST" "$DB" "${3:-$URL}"
        printf 'ca_file = %s\ntoken_file = %s\nclient_cert = %s\nclient_key = %s\n' \
            "$PKI/ca.pem" "$2" "$PKI/client.pem" "$PKI/client.key"
        printf 'connect_timeout = 5\ntimeout = 20\n[policy]\nfile = %s\n' "$T/policy-installed/zhejiang-2012.ini"
    } > "$1"
}
conf "$T/p.ini" "$T/token"
PD() { "$POPDESK" --config "$T/p.ini" "$@"; }
"$POPDESK" --db "$DB" init --station "$ST" --admin admin --password-file <(echo 'secret-管理员1') > /dev/null \
    || { bad "popdesk init failed"; finish pull; exit 1; }
# updates list/answer/confirm/dismiss sign in (docs/ACCOUNTS.md); sync does not
printf 'secret-管理员1\n' > "$T/admin.pw"
chmod 600 "$T/admin.pw"
export POPDESK_USER=admin POPDESK_PASSWORD_FILE=$T/admin.pw

# queue JSON: POST /control/updates
queue() { curl -s -m 10 -d "$1" "$CTL/control/updates" > /dev/null || bad "queueing $1 failed"; }
q1() { sqlite3 -readonly "$DB" "$1"; }
cursor() { q1 "SELECT value FROM meta WHERE key='pull_cursor'"; }

# ---- 1. cursor semantics ----------------------------------------------------
say "cursor"
OUT=$(PD sync --pull-only 2>&1); RC=$?
expect_eq "$RC" 0 "pull of nothing: exit 0 ($OUT)"
expect_eq "$(cursor)" "c-000000" "the cursor after an empty pull is the district's"
python3 - "$CTL" <<'EOF' || bad "queueing 25 messages failed"
import json, sys, urllib.request
items = [{"station": "330205001001", "type": "message", "id": "m-%03d" % i,
          "data": {"title": "通知%d" % i, "text": "请于月底前报送统计表"}} for i in range(1, 26)]
items.append({"station": "330205001002", "type": "message", "data": {"text": "别的社区"}})
urllib.request.urlopen(sys.argv[1] + "/control/updates", json.dumps(items).encode()).read()
EOF
OUT=$(POPDESK_SYNC_PULL_LIMIT=4 PD sync --pull-only --verbose 2>&1); RC=$?
expect_eq "$RC" 0 "pull of 25 in pages of 4: exit 0 ($OUT)"
expect_out "pulled 25 new updates" "the summary counts the new updates"
expect_eq "$(echo "$OUT" | grep -c 'more waiting')" 6 "more: true pulled again at once (7 pages)"
expect_eq "$(q1 "SELECT count(*) FROM district_updates")" 25 "25 kept, the other station's not"
expect_eq "$(cursor)" "c-000025" "the cursor is the last update's"
expect_eq "$(q1 "SELECT group_concat(uid) FROM (SELECT uid FROM district_updates ORDER BY num LIMIT 3)")" \
    "m-001,m-002,m-003" "kept in the district's order"
OUT=$(PD sync --pull-only 2>&1)
expect_eq "$(q1 "SELECT count(*) FROM district_updates")" 25 "nothing new: nothing added"
expect_eq "$(cursor)" "c-000025" "nothing new: the cursor stays"
# the district sends an id again (a district restored from a backup, say)
queue '{"station": "330205001001", "type": "message", "id": "m-003", "data": {"text": "重发的"}}'
OUT=$(PD sync --pull-only 2>&1)
expect_eq "$(q1 "SELECT count(*) FROM district_updates")" 25 "an id seen before is ignored"
expect_eq "$(q1 "SELECT data FROM district_updates WHERE uid='m-003'" | grep -c 请于月底)" 1 "the first copy stands"
expect_eq "$(cursor)" "c-000027" "the cursor moves past the ignored update"
OUT=$(PD updates list 2>&1)
expect_out "m-025" "updates list shows the messages"
expect_out "25 updates waiting" "updates list counts them"
for i in $(seq -w 1 25); do PD updates dismiss "m-0$i" > /dev/null 2>&1 || bad "dismiss m-0$i"; done
expect_eq "$(PD updates list | tail -n 1 | cut -d' ' -f1)" 0 "dismissed messages no longer wait"
expect_eq "$(PD updates list --all | grep -c '^m-0')" 25 "dismissed messages are still kept"
expect_rc 1 "dismissing twice is refused" -- "$POPDESK" --config "$T/p.ini" updates dismiss m-001
expect_out "already dismissed" "the refusal says why"

# ---- 2. kill -9 during pulls ------------------------------------------------
say "kill -9 during pulls"
python3 - "$CTL" <<'EOF' || bad "queueing 2000 updates failed"
import json, sys, urllib.request
items = [{"station": "*" if i % 5 == 0 else "330205001001", "type": "message", "id": "k-%05d" % i,
          "data": {"text": "第%d条" % i}} for i in range(1, 2001)]
urllib.request.urlopen(sys.argv[1] + "/control/updates", json.dumps(items).encode()).read()
EOF
# 30 ms a page of 5: the 2000 updates need ~12 s of pulling, more than the
# 40 rounds give, so every round is killed in flight
curl -s -m 5 -d '{"delay_ms": 30}' "$CTL/control" > /dev/null
LAST=$(curl -s -m 10 "$CTL/control/updates?station=$ST" | python3 -c 'import json,sys; print(json.load(sys.stdin)["updates"][-1]["cursor"])')
kills=0
for round in $(seq 1 40); do
    POPDESK_SYNC_PULL_LIMIT=5 "$POPDESK" --config "$T/p.ini" sync --pull-only > /dev/null 2>&1 &
    p=$!
    sleep "0.$(( (RANDOM % 25) + 2 ))"
    if kill -9 "$p" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$p" 2>/dev/null
    # at every moment: the cursor never runs ahead of what is stored
    n=$(q1 "SELECT count(*) FROM district_updates WHERE uid LIKE 'k-%'")
    c=$(cursor)
    held=$(q1 "SELECT max(CAST(substr(uid,3) AS INTEGER)) FROM district_updates WHERE uid LIKE 'k-%'")
    [ "${held:-0}" -eq "$n" ] || { bad "round $round: $n updates held but the highest is k-$held (a skip)"; break; }
    cn=$((10#${c#c-}))
    [ "$cn" -eq $((27 + n)) ] || { bad "round $round: cursor $c but $n updates held"; break; }
done
[ "$kills" -ge 10 ] && ok || bad "only $kills of 40 pulls were killed in flight (too fast to test?)"
curl -s -m 5 -d '{"reset": true}' "$CTL/control" > /dev/null
OUT=$(POPDESK_SYNC_PULL_LIMIT=50 PD sync --pull-only 2>&1); RC=$?
expect_eq "$RC" 0 "the pull after the kills ends ($OUT)"
expect_eq "$(q1 "SELECT count(*), count(DISTINCT uid) FROM district_updates WHERE uid LIKE 'k-%'")" "2000|2000" \
    "after $kills kills: all 2000 held, each once"
expect_eq "$(q1 "SELECT count(*) FROM (SELECT uid, num, row_number() OVER (ORDER BY num) r FROM district_updates
    WHERE uid LIKE 'k-%') WHERE CAST(substr(uid,3) AS INTEGER) <> r")" 0 "in the district's order, none skipped"
expect_eq "$(cursor)" "$LAST" "the cursor is the district's last"
q1 "UPDATE district_updates SET state='dismissed'" 2>/dev/null
sqlite3 "$DB" "UPDATE district_updates SET state='dismissed' WHERE uid LIKE 'k-%'"

# ---- 3. cross-check answered, transfer-in confirmed -------------------------
say "cross-check and transfer-in"
HH=330205001001010001
printf '{"type": "household.add", "household": "%s", "data": {"code": "%s", "address": "宁波市江北区甬江街道惊驾路5号", "reg_type": "2"}}\n' \
    "$HH" "$HH" | "$EVSAVE" "$DB" admin > /dev/null || bad "household.add failed"
idnum() {   # idnum 17DIGITS: with its check character (GB 11643)
    python3 -c 'import sys
s=sys.argv[1]; w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
print(s+"10X98765432"[sum(int(a)*b for a,b in zip(s,w))%11])' "$1"
}
ASKED=$(idnum 33020519850612002)
MOVER=$(idnum 33020319900312004)
queue "{\"station\": \"$ST\", \"type\": \"crosscheck.request\", \"id\": \"x-1\", \"at\": \"2012-06-02T09:00:00+08:00\",
        \"data\": {\"id_number\": \"$ASKED\", \"question\": \"此人是否在你社区居住？\", \"due\": \"2012-06-09\"}}"
queue "{\"station\": \"$ST\", \"type\": \"person.transfer_in\", \"id\": \"t-1\",
        \"data\": {\"from\": \"宁波市海曙区\", \"date\": \"2012-05-20\",
                   \"person\": {\"name\": \"王丽\", \"id_number\": \"$MOVER\", \"sex\": \"2\", \"birth_date\": \"1990-03-12\",
                                \"ethnicity\": \"01\", \"reg_type\": \"1\", \"marital\": \"10\"}}}"
OUT=$(PD sync 2>&1); RC=$?
expect_eq "$RC" 0 "sync pushes then pulls ($OUT)"
expect_out "2 new updates" "the two updates pulled"
expect_out "wait for a clerk" "sync says updates wait"
# a clerk at the screens is told too (home screen), not only `popdesk status`
TM_SOCK=popdesk-pull-$$
. "$(dirname "$0")/lib/tmux.sh"
if tm_start 80 24 sh -c "$(printf '%q ' env -i PATH="$PATH" HOME="$T" LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
        TERM=screen-256color "$POPDESK" --db "$DB"); sleep 30"; then
    tm_wait "用户名" 10 || bad "the login screen did not show"
    tm_text admin; tm_keys Enter; tm_text 'secret-管理员1'; tm_keys Enter
    tm_wait "区里来的待办 2 条" 10 && ok || bad "the home screen does not say 2 updates wait: $(tm_screen)"
    tm_stop
else
    bad "tmux did not start"
fi
OUT=$(PD updates show x-1 2>&1)
expect_out "此人是否在你社区居住" "show gives the question"
expect_rc 2 "answer without --text is a usage error" -- "$POPDESK" --config "$T/p.ini" updates answer x-1
expect_rc 1 "a message cannot be answered" -- "$POPDESK" --config "$T/p.ini" updates answer m-001 --text x
expect_out "not a crosscheck.request" "the refusal names the type"
expect_rc 0 "answer the cross-check" -- "$POPDESK" --config "$T/p.ini" updates answer x-1 --text "查无此人，未在本社区居住"
expect_out "event seq" "answer names the event"
expect_rc 1 "confirm into a household that does not exist is refused" -- \
    "$POPDESK" --config "$T/p.ini" updates confirm t-1 --household 330205001001019999
expect_eq "$(q1 "SELECT state FROM district_updates WHERE uid='t-1'")" new "a refused confirmation changes nothing"
expect_rc 0 "confirm the transfer-in" -- "$POPDESK" --config "$T/p.ini" updates confirm t-1 --household "$HH" --set relation=02
expect_out "moved into household $HH" "confirm says where"
expect_eq "$(q1 "SELECT name||'|'||household||'|'||birth_date||'|'||relation FROM persons WHERE id_number='$MOVER'")" \
    "王丽|$HH|1990-03-12|02" "the pre-filled record is in the register"
OUT=$(PD sync 2>&1); RC=$?
expect_eq "$RC" 0 "the answers are pushed ($OUT)"
EVS=$(curl -s -m 10 "$CTL/events?station=$ST&limit=1000")
echo "$EVS" | python3 -c '
import json, sys
evs = [e for e in json.load(sys.stdin)["events"] if e.get("status", "applied") == "applied"]
types = {e["type"]: e for e in evs}
a = types["crosscheck.answer"]["data"]
assert a["update"] == "x-1" and a["answer"].startswith("查无此人") and a["id_number"] == sys.argv[1], a
m = types["person.move_in"]["data"]
assert m["name"] == "王丽" and m["date"] == "2012-05-20" and m["from"] == "宁波市海曙区", m
' "$ASKED" && ok || bad "the district does not hold the crosscheck.answer and person.move_in: $(echo "$EVS" | head -c 600)"

# ---- 4. policy updates -------------------------------------------------------
say "policy updates"
pol() {   # pol ID NAME VERSION FILE
    python3 - "$CTL" "$1" "$2" "$3" "$4" <<'EOF'
import json, sys, urllib.request
ctl, uid, name, ver, f = sys.argv[1:]
doc = {"station": "330205001001", "type": "policy.update", "id": uid,
       "data": {"name": name, "version": int(ver), "ini": open(f, encoding="utf-8").read()}}
urllib.request.urlopen(ctl + "/control/updates", json.dumps(doc).encode()).read()
EOF
}
ORIG=$T/policy-installed/zhejiang-2012.ini
sed -e 's/^version = 1/version = 2/' -e 's/^registered_births_max = 3500/registered_births_max = 3400/' "$ORIG" > "$T/v2.ini"
sed -e 's/^version = 1/version = 3/' -e 's/^registered_births_max = 3500/registered_births_max = 三千/' "$ORIG" > "$T/v3bad.ini"
pol p-2 zhejiang-2012 2 "$T/v2.ini"
OUT=$(PD sync --pull-only 2>&1); RC=$?
expect_eq "$RC" 0 "a good policy update: exit 0 ($OUT)"
expect_out "in force" "sync says the new policy is in force"
NEWP=$(dirname "$DB")/policy/zhejiang-2012-v2.ini
[ -f "$NEWP" ] && ok || bad "no $NEWP"
expect_eq "$(q1 "SELECT value FROM meta WHERE key='policy_file'")" "$NEWP" "meta policy_file names the new file"
expect_eq "$(grep -c '^registered_births_max = 3400' "$NEWP")" 1 "the new file is the district's text"
expect_eq "$(grep -c '^version = 1' "$ORIG")" 1 "the old file is kept untouched"
expect_eq "$(q1 "SELECT state FROM district_updates WHERE uid='p-2'")" applied "the update is applied"
# in force means used: the district target comes from version 2, not [policy] file
births_target() { PD dashboard 2>&1 | grep '户籍人口出生数' | grep -o '≤ [0-9]*'; }
expect_eq "$(births_target)" "≤ 3400" "the dashboard uses the new policy's target"
pol p-3 zhejiang-2012 3 "$T/v3bad.ini"
OUT=$(PD sync --pull-only 2>&1); RC=$?
expect_eq "$RC" 0 "a bad policy update does not fail the sync ($OUT)"
expect_out "REFUSED" "sync says it was refused"
expect_out "registered_births_max" "the message names the key at fault"
expect_eq "$(q1 "SELECT value FROM meta WHERE key='policy_file'")" "$NEWP" "the old policy stays in force"
expect_eq "$(births_target)" "≤ 3400" "the dashboard still uses version 2's target"
[ ! -e "$(dirname "$DB")/policy/zhejiang-2012-v3.ini" ] && ok || bad "a refused policy was kept as a file"
expect_eq "$(ls -A "$(dirname "$DB")/policy" | grep -c tmp)" 0 "no temporary file left"
OUT=$(PD updates list 2>&1)
expect_out "registered_births_max" "updates list shows why it was refused"
pol p-old zhejiang-2012 1 "$ORIG"
OUT=$(PD sync --pull-only 2>&1)
expect_out "already in force" "an older version is refused"
expect_eq "$(q1 "SELECT value FROM meta WHERE key='policy_file'")" "$NEWP" "still version 2 in force"
sed -e 's/^version = 1/version = 4/' "$ORIG" > "$T/v4.ini"
pol p-4 zhejiang-2012 5 "$T/v4.ini"
OUT=$(PD sync --pull-only 2>&1)
expect_out "says zhejiang-2012 version 4" "a file whose [policy] version differs from the update's is refused"

# ---- 5. unknown type -------------------------------------------------------
say "unknown type"
queue '{"station": "330205001001", "type": "census.request", "id": "z-1", "data": {"form": "六普复查", "rows": [1, 2]}}'
queue '{"station": "330205001001", "type": "message", "id": "z-2", "data": "not an object"}'
OUT=$(PD sync --pull-only 2>&1)
expect_eq "$(q1 "SELECT type||'|'||state FROM district_updates WHERE uid='z-1'")" "census.request|new" "an unknown type is kept"
OUT=$(PD updates list 2>&1)
expect_out "type not known here, kept" "list shows it as not known"
expect_out "z-2" "a message with odd data is kept too"
OUT=$(PD updates show z-1 2>&1)
expect_out "六普复查" "show gives its data"
expect_rc 0 "an unknown update can be dismissed" -- "$POPDESK" --config "$T/p.ini" updates dismiss z-1 --note "已电话联系区局"

# ---- 6. failures ----------------------------------------------------------
say "failures"
printf 'wrong-token\n' > "$T/badtoken"; chmod 600 "$T/badtoken"
conf "$T/bad.ini" "$T/badtoken"
before=$(q1 "SELECT count(*) FROM district_updates")
queue '{"station": "330205001001", "type": "message", "id": "f-1", "data": {"text": "失败测试"}}'
OUT=$("$POPDESK" --config "$T/bad.ini" sync --pull-only 2>&1); RC=$?
expect_eq "$RC" 3 "a wrong token: exit 3"
expect_out "credentials" "the message says the credentials were refused"
conf "$T/gone.ini" "$T/token" "https://localhost:1"
OUT=$("$POPDESK" --config "$T/gone.ini" sync --pull-only 2>&1); RC=$?
expect_eq "$RC" 5 "no district: exit 5"
expect_eq "$(q1 "SELECT count(*) FROM district_updates")" "$before" "failures store nothing"
OUT=$(PD sync --pull-only 2>&1)
expect_eq "$(q1 "SELECT count(*) FROM district_updates")" $((before + 1)) "the next good pull gets it"

finish pull
