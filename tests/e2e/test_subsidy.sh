#!/bin/bash
# test_subsidy.sh - `popdesk subsidy list|check|decide` end to end: the
# annual confirmation of each programme on a register of elderly families
# (tests/e2e/data/subsidy_families.py, saved by tests/tools/evsave), the
# public notice as text, CSV (UTF-8 BOM, GB18030) and PDF (read back with
# pdftotext, rendered with pdftoppm), decisions by a supervisor going to the
# outbox, printing through a stand-in lp, and through a real CUPS queue
# (cups-pdf) where the machine allows.
. "$(dirname "$0")/lib/check.sh"
EVSAVE=${EVSAVE:-$(dirname "$POPDESK")/tools/evsave}
cd "$SCRATCH"
db=$SCRATCH/r.db
echo 'Secret-pass1' > pw
echo 'Clerk-pass1' > cpw
echo 'wrong-pass1' > badpw
chmod 600 pw cpw badpw   # they sign users in (docs/ACCOUNTS.md): must be private

if [ ! -x "$EVSAVE" ]; then
    bad "no $EVSAVE: build it with make (tests/tools/evsave.c)"
    finish test_subsidy
    exit 1
fi

cat > popdesk.ini <<EOF
[station]
code = 330205001001
name = 示范社区
township = 甬江街道
district = 江北区
[policy]
file = $TOP/conf/policy/zhejiang-2012.ini
[notice]
days = 7
phone_village = 0574-87000001
phone_town = 0574-87000002
phone_county = 0574-87000003
place = 社区公示栏
[print]
printer = office
EOF
pd() { "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" "$@"; }

expect_rc 0 "init" -- pd init --station 330205001001 --admin admin --password-file pw
sign_in admin "$SCRATCH/pw"
expect_rc 0 "supervisor" -- pd user add sup01 --role supervisor --password-file pw
expect_rc 0 "clerk" -- pd user add clerk01 --role clerk --password-file cpw
sign_in clerk01 "$SCRATCH/cpw"   # lists and checks: a clerk (a viewer would do)
python3 "$TOP/tests/e2e/data/subsidy_families.py" > fam.jsonl
expect_rc 0 "families saved" -- sh -c "'$EVSAVE' '$db' sup01 < fam.jsonl > ids"
# dark pixels in the upper half of a rendered page (a binary PGM)
ink() {
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(b"\n", 3)
w, h = map(int, parts[1].split())
band = parts[3][w * (h // 5): w * (h // 2)]
print(sum(1 for b in band if b < 128))
PY
}
id_of() { awk -v a="$1" '$1 == a { print $2 }' ids; }

# ---- usage -----------------------------------------------------------------
expect_rc 2 "no action" -- as_user sup01 "$SCRATCH/pw" pd subsidy
expect_out "list, check or decide" "subsidy usage"
expect_rc 2 "no programme" -- pd subsidy list --year 2012
expect_out "--programme reward|special|onechild is required" "programme required"
expect_rc 2 "bad programme" -- pd subsidy list --programme pension --year 2012
expect_out "unknown programme 'pension'" "bad programme"
expect_rc 2 "bad format" -- pd subsidy list --programme reward --format xls
expect_rc 2 "bad year" -- pd subsidy list --programme reward --year 12
expect_rc 0 "help" -- pd subsidy list --help
expect_out "--notice" "help mentions the notice"

# ---- the work list: new, continuing, leaving with the reason ---------------
expect_rc 0 "reward list" -- pd subsidy list --programme reward --year 2012
expect_out "新增 2 人 1920 元; 续发 1 人 960 元; 退出 2 人 (上年 1440 元)" "reward counts and amounts"
line() { printf '%s\n' "$OUT" | grep -F "$1"; }
case "$(line 李阿婆)" in *新增*960*) ok ;; *) bad "李阿婆 new: $(line 李阿婆)" ;; esac
case "$(line 王大伯)" in *续发*960*) ok ;; *) bad "王大伯 continuing: $(line 王大伯)" ;; esac
case "$(line 吴伯)" in *退出*非农业户口*) ok ;; *) bad "吴伯 leaving: $(line 吴伯)" ;; esac
case "$(line 钱老汉)" in *退出*已死亡\(2012-03-01\)*) ok ;; *) bad "钱老汉 leaving: $(line 钱老汉)" ;; esac
expect_no_out "张老伯" "59 in 2012 is not listed"
expect_no_out "陈奶奶" "born 1932 is not listed"
expect_no_out "赵大妈" "a son and a daughter is not listed"
expect_no_out "周阿姨" "out-of-policy birth is not listed"
expect_rc 0 "special list" -- pd subsidy list --programme special --year 2012
expect_out "新增 2 人 2940 元" "special counts"
case "$(line 郑女士)" in *独生子女伤残*1320*) ok ;; *) bad "郑女士 disabled: $(line 郑女士)" ;; esac
case "$(line 孙大爷)" in *独生子女死亡*1620*) ok ;; *) bad "孙大爷 died: $(line 孙大爷)" ;; esac
expect_rc 0 "onechild list" -- pd subsidy list --programme onechild --year 2012
case "$(line 冯先生)" in *新增*100*) ok ;; *) bad "冯先生 onechild: $(line 冯先生)" ;; esac

# ---- check: one condition per line, in words ---------------------------------
expect_rc 0 "check 张老伯" -- pd subsidy check "$(id_of zhang)" --year 2012 --lang en
expect_out "FAIL aged 59 in 2012: under 60" "age boundary words"
expect_rc 0 "check 周阿姨" -- pd subsidy check "$(id_of zhou)" --year 2012 --lang en
expect_out "FAIL out-of-policy birth 1980: not eligible" "out-of-policy words"
expect_rc 0 "check 赵大妈 in Chinese" -- pd subsidy check "$(id_of zhao)" --year 2012
expect_out "FAIL 一子一女,不符合" "children words in Chinese"
expect_rc 1 "check unknown" -- pd subsidy check 330205001001P9999999 --year 2012
expect_out "no person 330205001001P9999999" "unknown person"

# ---- the notice as text, CSV ---------------------------------------------------
expect_rc 0 "notice text" -- pd subsidy list --programme reward --year 2012 --notice --date 2012-06-15
expect_out "江北区甬江街道示范社区2012年度农村部分计划生育家庭奖励扶助对象公示名单" "notice title"
expect_out "330205********" "masked IDs"
expect_out "公示期: 2012年6月15日至2012年6月21日(7天)" "notice period"
expect_out "0574-87000003" "county phone"
expect_out "退出:已死亡(2012-03-01)" "leaving reason on the notice"
unmasked=$(awk -F'"' '/"id_number"/ { for (i = 1; i <= NF; i++) if ($i == "id_number") print $(i + 2) }' fam.jsonl | head -3)
leak=0; for n in $unmasked; do case "$OUT" in *"$n"*) leak=1 ;; esac; done
[ "$leak" = 0 ] && ok || bad "an unmasked ID number is on the text notice"
expect_rc 0 "notice csv" -- pd subsidy list --programme reward --year 2012 --notice --format csv --output notice.csv
expect_eq "$(head -c 3 notice.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV starts with a UTF-8 BOM"
grep -q $'\r$' notice.csv && ok || bad "CSV lines end in CRLF"
grep -q '李阿婆' notice.csv && ok || bad "CSV has the names"
expect_rc 0 "notice csv gb18030" -- pd subsidy list --programme reward --year 2012 --notice --format csv --encoding gb18030 --output notice-gb.csv
iconv -f GB18030 -t UTF-8 notice-gb.csv > back.csv 2>/dev/null && grep -q '钱老汉' back.csv && ok || bad "GB18030 CSV reads back"
grep -q '钱老汉' notice-gb.csv && bad "GB18030 CSV still holds UTF-8" || ok
expect_rc 0 "text gb18030" -- pd subsidy list --programme reward --year 2012 --notice --encoding gb18030 --output notice-gb.txt
iconv -f GB18030 -t UTF-8 notice-gb.txt | grep -q '公示名单' && ok || bad "GB18030 text reads back"

# ---- the notice as PDF, several pages -------------------------------------
python3 "$TOP/tests/e2e/data/subsidy_families.py" --extra 120 > extra.jsonl
expect_rc 0 "120 more families" -- sh -c "'$EVSAVE' '$db' sup01 < extra.jsonl > /dev/null"
expect_rc 0 "notice pdf" -- pd subsidy list --programme reward --year 2012 --notice --format pdf --output notice.pdf --date 2012-06-15
expect_out "wrote notice.pdf: 122 new, 1 continuing, 2 leaving" "pdf summary"
expect_rc 0 "notice csv for the order" -- pd subsidy list --programme reward --year 2012 --notice --format csv --output order.csv
if command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then
    pages=$(pdfinfo notice.pdf | awk '/^Pages:/ { print $2 }')
    [ "${pages:-0}" -ge 3 ] && ok || bad "the notice should run to 3+ pages, got $pages"
    pdfinfo notice.pdf | grep -q 'A4' && ok || bad "the page is A4"
    pdffonts notice.pdf | grep -q 'WenQuanYi.* yes yes' && ok || bad "the Chinese font is embedded"
    # every page: the title, the column header and "第 N 页 共 M 页"; rows
    # numbered on from the previous page; names and masked IDs as in the CSV
    for p in $(seq 1 "$pages"); do pdftotext -layout -f "$p" -l "$p" notice.pdf "page$p.txt"; done
    python3 - "$pages" > pdfcheck.txt <<'PY'
import csv, re, sys
pages = int(sys.argv[1])
rows = list(csv.reader(open("order.csv", encoding="utf-8-sig")))[1:]
want = [(r[0], r[3], r[6]) for r in rows]
got, problems = [], []
for p in range(1, pages + 1):
    text = open("page%d.txt" % p, encoding="utf-8").read()
    flat = re.sub(r"\s+", "", text)
    if "公示名单" not in flat: problems.append("page %d lacks the title" % p)
    if "身份证号" not in flat: problems.append("page %d lacks the column header" % p)
    if "第%d页共%d页" % (p, pages) not in flat: problems.append("page %d lacks its number" % p)
    for line in text.splitlines():
        m = re.match(r"\s*(\d+)\s+甬江街道\s+示范社区\s+(\S+)\s+\S\s+\S+\s+(330205\*{8}\d{3}[\dX])", line)
        if m: got.append((m.group(1), m.group(2), m.group(3), p))
    if re.search(r"330205\d{11}[\dX]", text): problems.append("page %d has an unmasked ID number" % p)
if [g[:3] for g in got] != want: problems.append("rows differ from the CSV order: %d read, %d wanted" % (len(got), len(want)))
pg = [g[3] for g in got]
if pg != sorted(pg) or pg[0] != 1 or pg[-1] != pages: problems.append("rows are not in page order")
print("\n".join(problems) if problems else "ok %d rows on %d pages" % (len(got), pages))
PY
    grep -q '^ok ' pdfcheck.txt && ok || bad "PDF text: $(cat pdfcheck.txt)"
    pdftotext notice.pdf - | grep -q '公示期: 2012年6月15日至2012年6月21日' && ok || bad "PDF has the notice period"
    # rendered, the table has ink: glyphs drawn, not blanks
    if command -v pdftoppm >/dev/null; then
        pdftoppm -r 60 -gray -f 1 -l 1 notice.pdf page
        ink=$(ink page-*1.pgm)
        [ "${ink:-0}" -gt 2000 ] && ok || bad "page 1 rendered looks blank ($ink dark pixels)"
    fi
else
    echo "skip: pdftotext (poppler-utils) is not installed; the PDF's text is not checked"
fi

# ---- decisions ----------------------------------------------------------------
expect_rc 2 "reject without reason" -- as_user sup01 "$SCRATCH/pw" pd subsidy decide --programme reward --year 2012 --person "$(id_of li)" --reject
expect_out "--reject needs --reason" "reason required"
expect_rc 1 "wrong password" -- env POPDESK_USER=sup01 POPDESK_PASSWORD_FILE="$SCRATCH/badpw" "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" subsidy decide --programme reward --year 2012 --person "$(id_of li)" --approve
expect_out "wrong user name or password" "wrong password words"
expect_rc 1 "clerk refused" -- pd --user clerk01 subsidy decide --programme reward --year 2012 --person "$(id_of li)" --approve
expect_out "needs the supervisor role; clerk01 is a clerk" "clerk refused words"
expect_rc 2 "the old per-command sign-in points to the global one" -- as_user sup01 "$SCRATCH/pw" pd subsidy decide --programme reward --year 2012 --person "$(id_of li)" --approve --user sup01 --password-file pw
expect_out "sign in before the command" "old options words"
before=$(sql "$db" "select count(*) from outbox")
expect_rc 0 "approve one" -- as_user sup01 "$SCRATCH/pw" pd subsidy decide --programme reward --year 2012 --person "$(id_of li)" --approve
expect_out "approved reward for 2012" "approve words"
expect_rc 0 "decide all" -- pd --user sup01 --password-file "$SCRATCH/pw" subsidy decide --programme reward --year 2012 --all
expect_out "recorded 124 decisions" "all but the one already approved"
expect_eq "$(sql "$db" "select count(*) from outbox where body like '%\"type\":\"subsidy.decision\"%' and seq > $before")" "125" "decisions in the outbox"
expect_eq "$(sql "$db" "select count(*) from subsidy_decisions where year=2012 and decision='reject' and reason like '%已死亡%'")" "1" "the dead stopped with the reason"
expect_rc 0 "list after" -- pd subsidy list --programme reward --year 2012
expect_out "已批准 123, 未批准/停发 2, 待审批 0" "decisions on the list"

# ---- printing --------------------------------------------------------------------
mkdir -p fakebin
printf '#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n' > fakebin/lp
chmod +x fakebin/lp
expect_rc 1 "spooler refuses" -- env PATH="$SCRATCH/fakebin:$PATH" "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" subsidy list --programme reward --year 2012 --notice --format pdf --output refused.pdf --print
expect_out "the print spooler refused the job: lp: The printer or class does not exist." "spooler words"
expect_out "the file is kept at $SCRATCH/refused.pdf" "file kept"
[ -s refused.pdf ] && ok || bad "refused.pdf kept"
mkdir -p emptybin
expect_rc 4 "no lp" -- env PATH="$SCRATCH/emptybin" "$POPDESK" --config "$SCRATCH/popdesk.ini" --db "$db" subsidy list --programme reward --year 2012 --notice --print --output nolp.txt
expect_out "cannot run lp (the CUPS client, package cups-client)" "no lp words"
[ -s nolp.txt ] && ok || bad "nolp.txt kept"

# a real CUPS queue with the cups-pdf backend, when the machine has them
started_cupsd=""
created_queue=""
cleanup_cups() {
    [ -n "$created_queue" ] && lpadmin -x office 2>/dev/null
    [ -n "$started_cupsd" ] && kill "$started_cupsd" 2>/dev/null
}
trap 'cleanup_cups; rm -rf "$SCRATCH"' EXIT
if [ "$(id -u)" != 0 ]; then
    echo "skip: printing through CUPS needs root here (lpadmin)"
elif ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null || [ ! -e /usr/lib/cups/backend/cups-pdf ]; then
    echo "skip: CUPS with cups-pdf is not installed (packages cups, cups-client, printer-driver-cups-pdf)"
else
    if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
        cupsd -f & started_cupsd=$!
        for _ in $(seq 1 50); do lpstat -r 2>/dev/null | grep -q 'is running' && break; sleep 0.2; done
    fi
    if ! lpstat -p office >/dev/null 2>&1; then
        lpadmin -p office -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null && created_queue=1
    fi
    if lpstat -p office >/dev/null 2>&1; then
        outdir="$(getent passwd "$(id -un)" | cut -d: -f6)/PDF"
        expect_rc 0 "print through CUPS" -- pd subsidy list --programme reward --year 2012 --notice --format pdf --output cups.pdf --print
        expect_out "sent to office: request id is office-" "job id"
        job=$(printf '%s\n' "$OUT" | sed -n 's/.*request id is office-\([0-9]*\).*/\1/p')
        landed=""
        # the job is done when CUPS lists it as completed; then its file is whole
        for _ in $(seq 1 150); do
            if lpstat -W completed -o office 2>/dev/null | grep -q "^office-$job "; then
                landed=$(ls "$outdir"/*job_"$job".pdf 2>/dev/null | head -n 1)
                [ -n "$landed" ] && break
            fi
            sleep 0.2
        done
        if [ -n "$landed" ]; then
            ok
            # cups-pdf redraws the glyphs as outlines (no text left to
            # extract): check the printed page has ink where the table is
            if command -v pdftoppm >/dev/null; then
                pdftoppm -r 60 -gray -f 1 -l 1 "$landed" printed
                [ "$(ink printed-*1.pgm)" -gt 2000 ] && ok || bad "the printed page looks blank"
            fi
            rm -f "$landed"
        else
            bad "job $job not completed under $outdir after 30 s"
        fi
    else
        echo "skip: could not create the CUPS queue 'office'"
    fi
fi

finish test_subsidy
