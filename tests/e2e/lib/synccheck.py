#!/usr/bin/env python3
# synccheck.py - what tests/e2e/test_sync.sh asks of a register and of the
# reference district server: counts in the outbox, meta values, and the
# exactly-once check (the district holds every event of the outbox once, in
# seq order, with the same id, and the outbox's states agree).
#
#   synccheck.py count DB "SQL WHERE"        -> number of outbox rows
#   synccheck.py meta DB KEY                 -> value ("" if missing)
#   synccheck.py verify DB CONTROL_URL STATION
#   synccheck.py batches DISTRICT_DB         -> resent batch ids: each with one seq range
#   synccheck.py stat CONTROL_URL STATION KEY
# Exit status 0 when the check holds, 1 (with the reason) when not.
import json
import sqlite3
import sys
import urllib.request


def db(path):
    c = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=30)
    c.execute("PRAGMA busy_timeout=30000")
    return c


def get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.loads(r.read().decode("utf-8"))


def fail(msg):
    print("synccheck: " + msg)
    sys.exit(1)


def verify(path, ctl, station):
    c = db(path)
    rows = c.execute("SELECT seq, state, json_extract(body,'$.id'), "
                     "json_extract(body,'$.type'), code FROM outbox "
                     "ORDER BY seq").fetchall()
    if not rows:
        fail("the outbox is empty")
    pending = [r[0] for r in rows if r[1] == 0]
    if pending:
        fail("%d events still pending (first seq %d)" % (len(pending), pending[0]))
    seqs = [r[0] for r in rows]
    if seqs != list(range(1, len(seqs) + 1)):
        fail("the outbox's seqs are not 1..%d" % len(seqs))
    # the server hands out at most 100 000 a request: page through
    evs = []
    while True:
        got = get("%s/events?station=%s&after_seq=%d&limit=100000" %
                  (ctl, station, evs[-1]["seq"] if evs else 0))
        evs += got["events"]
        if len(got["events"]) < 100000:
            break
    dseqs = [e["seq"] for e in evs]
    if dseqs != seqs:
        missing = sorted(set(seqs) - set(dseqs))[:5]
        extra = sorted(set(dseqs) - set(seqs))[:5]
        fail("district seqs differ from the outbox: %d vs %d; missing %s, "
             "extra %s" % (len(dseqs), len(seqs), missing, extra))
    counts = {1: 0, 2: 0, 3: 0}
    for (seq, state, eid, etype, code), e in zip(rows, evs):
        counts[state] = counts.get(state, 0) + 1
        if e["id"] != eid:
            fail("seq %d: district id %s, outbox id %s" % (seq, e["id"], eid))
        if state == 1:
            if e["status"] != "applied" or e.get("type") != etype:
                fail("seq %d: sent, but the district has %s %s" %
                     (seq, e["status"], e.get("type")))
        elif state == 3:
            if e["status"] != "applied" or e.get("type") != "event.oversize" \
                    or e["data"].get("type") != etype:
                fail("seq %d: stand-in, but the district has %s %s" %
                     (seq, e["status"], e.get("type")))
        elif state == 2:
            if e["status"] != "rejected" or e.get("code") != code:
                fail("seq %d: rejected %s here, %s %s at the district" %
                     (seq, code, e["status"], e.get("code")))
        if e.get("code") == "seq_conflict":
            fail("seq %d: seq_conflict at the district" % seq)
    st = get("%s/stats?station=%s" % (ctl, station))["stations"][station]
    if st["events"] != counts[1] + counts[3] or st["distinct_seqs"] != len(seqs) \
            or st["max_seq"] != len(seqs):
        fail("district stats disagree: %s; outbox %s" % (st, counts))
    print("%d events: %d sent, %d stand-ins, %d rejected; district duplicates "
          "answered %d" % (len(seqs), counts[1], counts[3], counts[2],
                           st["duplicates"]))


def batches(path):
    c = db(path)
    bad = c.execute("SELECT batch_id, count(DISTINCT first_seq || '-' || last_seq) "
                    "FROM batches GROUP BY batch_id HAVING count(DISTINCT "
                    "first_seq || '-' || last_seq) > 1").fetchall()
    if bad:
        fail("batch ids reused for other events: %s" % bad[:5])
    n = c.execute("SELECT count(*) FROM (SELECT batch_id FROM batches GROUP BY "
                  "batch_id HAVING count(*) > 1)").fetchone()[0]
    print(n)


def main():
    a = sys.argv[1:]
    if a[0] == "count":
        print(db(a[1]).execute("SELECT count(*) FROM outbox WHERE " + a[2]).fetchone()[0])
    elif a[0] == "meta":
        r = db(a[1]).execute("SELECT value FROM meta WHERE key=?", (a[2],)).fetchone()
        print(r[0] if r else "")
    elif a[0] == "verify":
        verify(a[1], a[2], a[3])
    elif a[0] == "batches":
        batches(a[1])
    elif a[0] == "stat":
        st = get("%s/stats?station=%s" % (a[1], a[2]))
        v = st["stations"].get(a[2], {}).get(a[3]) if a[3] in (
            "events", "duplicates", "max_seq", "batches", "rejected") else st.get(a[3])
        print(json.dumps(v) if isinstance(v, (dict, list)) else v)
    else:
        fail("unknown command %s" % a[0])


if __name__ == "__main__":
    main()
