#!/usr/bin/env python3
"""Generates src/core/codes_data.c from the national code tables in data/codes.

Each data/codes/<set>.tsv is UTF-8, `code<TAB>Chinese name` a line, `#` lines
are comments naming the standard.  The English names are popdesk's own and
live here, beside the sets they belong to; the script refuses to run when a
code has no English name, an English name has no code, or a code, a Chinese
name or an English name (ignoring case) is used twice in one set, because
codes.c resolves input by all three.

usage: scripts/gen-codes.py [--check]
  with no argument, (re)writes src/core/codes_data.c;
  --check exits 1 if the committed file differs from what would be generated.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "codes")
OUT = os.path.join(ROOT, "src", "core", "codes_data.c")

# (enum suffix, file stem) in the order of enum pd_codeset in codes.h.
SETS = [
    ("SEX", "sex"),
    ("MARITAL", "marital"),
    ("RELATION", "relation"),
    ("ETHNICITY", "ethnicity"),
    ("EDUCATION", "education"),
    ("REGISTRATION", "registration"),
    ("CONTRACEPTION", "contraception"),
]

ENGLISH = {
    "sex": {
        "0": "unknown", "1": "male", "2": "female", "9": "not stated",
    },
    "marital": {
        "10": "unmarried", "20": "married", "21": "first marriage",
        "22": "remarried", "23": "remarried to former spouse",
        "30": "widowed", "40": "divorced", "90": "not stated",
    },
    "relation": {
        "01": "self", "02": "household head", "10": "spouse",
        "11": "husband", "12": "wife",
        "20": "son", "21": "only son", "22": "eldest son", "23": "second son",
        "24": "third son", "25": "fourth son", "26": "fifth son",
        "27": "adopted son or stepson", "28": "son-in-law", "29": "other son",
        "30": "daughter", "31": "only daughter", "32": "eldest daughter",
        "33": "second daughter", "34": "third daughter",
        "35": "fourth daughter", "36": "fifth daughter",
        "37": "adopted daughter or stepdaughter", "38": "daughter-in-law",
        "39": "other daughter",
        "40": "grandchild", "41": "grandson (son's son)",
        "42": "granddaughter (son's daughter)",
        "43": "grandson (daughter's son)",
        "44": "granddaughter (daughter's daughter)",
        "45": "grandson's wife", "46": "granddaughter's husband",
        "47": "great-grandson", "48": "great-granddaughter",
        "49": "other grandchild",
        "50": "parents", "51": "father", "52": "mother",
        "53": "father-in-law (husband's father)",
        "54": "mother-in-law (husband's mother)",
        "55": "father-in-law (wife's father)",
        "56": "mother-in-law (wife's mother)",
        "57": "stepfather or adoptive father",
        "58": "stepmother or adoptive mother", "59": "other parent",
        "60": "grandparents", "61": "paternal grandfather",
        "62": "paternal grandmother", "63": "maternal grandfather",
        "64": "maternal grandmother", "65": "spouse's grandparents",
        "66": "great-grandfather", "67": "great-grandmother",
        "68": "spouse's great-grandparents", "69": "other grandparent",
        "70": "siblings", "71": "elder brother",
        "72": "elder brother's wife", "73": "younger brother",
        "74": "younger brother's wife", "75": "elder sister",
        "76": "elder sister's husband", "77": "younger sister",
        "78": "younger sister's husband", "79": "other sibling",
        "80": "other relatives (general)",
        "81": "father's elder brother", "82": "father's elder brother's wife",
        "83": "father's younger brother",
        "84": "father's younger brother's wife", "85": "mother's brother",
        "86": "mother's brother's wife", "87": "mother's sister's husband",
        "88": "mother's sister", "89": "father's sister's husband",
        "90": "father's sister", "91": "paternal cousin",
        "92": "maternal cousin", "93": "brother's son",
        "94": "brother's daughter", "95": "sister's son",
        "96": "sister's daughter", "97": "other relative",
        "99": "not related",
    },
    "ethnicity": {
        "01": "Han", "02": "Mongol", "03": "Hui", "04": "Tibetan",
        "05": "Uyghur", "06": "Miao", "07": "Yi", "08": "Zhuang",
        "09": "Bouyei", "10": "Korean", "11": "Manchu", "12": "Dong",
        "13": "Yao", "14": "Bai", "15": "Tujia", "16": "Hani",
        "17": "Kazakh", "18": "Dai", "19": "Li", "20": "Lisu", "21": "Va",
        "22": "She", "23": "Gaoshan", "24": "Lahu", "25": "Shui",
        "26": "Dongxiang", "27": "Naxi", "28": "Jingpo", "29": "Kyrgyz",
        "30": "Tu", "31": "Daur", "32": "Mulao", "33": "Qiang",
        "34": "Blang", "35": "Salar", "36": "Maonan", "37": "Gelao",
        "38": "Xibe", "39": "Achang", "40": "Pumi", "41": "Tajik",
        "42": "Nu", "43": "Uzbek", "44": "Russian", "45": "Evenki",
        "46": "De'ang", "47": "Bonan", "48": "Yugur", "49": "Gin",
        "50": "Tatar", "51": "Derung", "52": "Oroqen", "53": "Hezhen",
        "54": "Monpa", "55": "Lhoba", "56": "Jino", "97": "other",
        "98": "Chinese citizen of foreign origin",
    },
    "education": {
        "10": "postgraduate", "20": "university (bachelor)",
        "30": "junior college", "40": "secondary vocational",
        "60": "senior high school", "70": "junior high school",
        "80": "primary school", "90": "other",
    },
    "registration": {
        "1": "non-agricultural", "2": "agricultural", "9": "other",
    },
    "contraception": {
        "1": "male sterilisation", "2": "female sterilisation", "3": "IUD",
        "4": "implant", "5": "oral or injectable hormones", "6": "condom",
        "7": "topical contraceptive", "8": "other", "9": "none",
    },
}


def fail(msg):
    sys.stderr.write("gen-codes: " + msg + "\n")
    sys.exit(1)


def read_set(stem):
    path = os.path.join(DATA, stem + ".tsv")
    comments, rows = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if line.startswith("#"):
                comments.append(line[1:].strip())
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0].isdigit() or not parts[1]:
                fail("%s:%d: expected code<TAB>name" % (path, lineno))
            rows.append((parts[0], parts[1]))
    if not rows:
        fail("%s: no codes" % path)
    return comments, rows


def c_str(s):
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            fail("control character in %r" % s)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def generate():
    lines = [
        "/* codes_data.c - the national code tables, compiled in.",
        " *",
        " * Generated by scripts/gen-codes.py from the data/codes TSV files; do not edit,",
        " * change the TSV files (or the English names in the script) and run",
        " * scripts/gen-codes.py again.",
        " */",
        '#include "core/codes.h"',
        "",
        "/* Read by codes.c, which declares them. */",
        "extern const struct pd_code *const pd_codes_data[PD_CODES__COUNT];",
        "extern const int pd_codes_data_n[PD_CODES__COUNT];",
        "",
    ]
    for enum, stem in SETS:
        comments, rows = read_set(stem)
        en = ENGLISH.get(stem, {})
        codes = [c for c, _ in rows]
        if len(set(codes)) != len(codes):
            fail("%s: a code appears twice" % stem)
        names = [n for _, n in rows]
        if len(set(names)) != len(names):
            fail("%s: a name appears twice" % stem)
        missing = [c for c in codes if c not in en]
        if missing:
            fail("%s: no English name for %s" % (stem, ", ".join(missing)))
        extra = [c for c in en if c not in codes]
        if extra:
            fail("%s: English name for unknown code %s" % (stem, ", ".join(extra)))
        lower = [en[c].lower() for c in codes]
        if len(set(lower)) != len(lower):
            fail("%s: an English name appears twice" % stem)
        for c in comments:
            lines.append("/* %s */" % c.replace("*/", "* /"))
        lines.append("static const struct pd_code codes_%s[] = {" % stem)
        for code, name in rows:
            lines.append("    { %s, %s, %s }," % (c_str(code), c_str(name),
                                                  c_str(en[code])))
        lines.append("};")
        lines.append("")
    lines.append("const struct pd_code *const pd_codes_data[PD_CODES__COUNT] = {")
    for enum, stem in SETS:
        lines.append("    [PD_CODES_%s] = codes_%s," % (enum, stem))
    lines.append("};")
    lines.append("")
    lines.append("const int pd_codes_data_n[PD_CODES__COUNT] = {")
    for enum, stem in SETS:
        lines.append("    [PD_CODES_%s] = (int)(sizeof codes_%s / sizeof codes_%s[0]),"
                     % (enum, stem, stem))
    lines.append("};")
    return "\n".join(lines) + "\n"


def main():
    text = generate()
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        try:
            with open(OUT, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = ""
        if old != text:
            fail("%s is out of date: run scripts/gen-codes.py" % OUT)
        return
    if len(sys.argv) > 1:
        fail("usage: scripts/gen-codes.py [--check]")
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
