#!/usr/bin/env python3
"""Generates src/core/pinyin_data.c, the pinyin-initial tables read by pinyin.c.

Source: the Unihan database as Debian's unicode-data ships it,
/usr/share/unicode/Unihan_Readings.txt.bz2 (read with the bz2 module).  For each
code point the reading used is, in order of preference:

    kMandarin     first value (the customary mainland reading)
    kHanyuPinyin  first reading of the first entry ("10019.020:tiàn,tián")
    kXHC1983      first reading of the first entry ("1506.160*:zhòu")
    kHanyuPinlu   first reading ("yī(32747) yi(12)")

and the initial is the first letter of that reading with its tone mark taken
off (NFD, combining marks dropped): "lǜ" -> l, "ǎi" -> a, "ḿ" -> m, "ê̄" -> e.
Han compatibility ideographs (U+F900.., U+2F800..) that have no reading of
their own take the reading of the unified ideograph they decompose to.

Output layout (deterministic; about 100 KB of source, 72 KB of data):
  * one string per dense block, one byte a code point, 'a'..'z' or '?' for no
    reading: CJK Ext A, the URO U+4E00..U+9FFF (20992 bytes), the BMP
    compatibility block, Ext B and the compatibility supplement;
  * a sorted (code point, initial) array for the sparse rest (Ext C..H);
  * the surname tables below: single characters read differently as a surname,
    and compound surnames whose first character (sometimes both) reads
    differently inside the compound.

usage: scripts/gen-pinyin.py [--check] [UNIHAN_READINGS.txt.bz2]
  with no option, (re)writes src/core/pinyin_data.c;
  --check exits 1 if the committed file differs from what would be generated.
"""
import bz2
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "core", "pinyin_data.c")
SOURCE = "/usr/share/unicode/Unihan_Readings.txt.bz2"

FIELDS = ("kMandarin", "kHanyuPinyin", "kXHC1983", "kHanyuPinlu")

# Dense blocks stored one byte a code point: (first, last, C name, label).
BLOCKS = [
    (0x3400, 0x4DBF, "ext_a", "CJK Unified Ideographs Extension A"),
    (0x4E00, 0x9FFF, "uro", "CJK Unified Ideographs"),
    (0xF900, 0xFAFF, "compat", "CJK Compatibility Ideographs"),
    (0x20000, 0x2A6DF, "ext_b", "CJK Unified Ideographs Extension B"),
    (0x2F800, 0x2FA1F, "compat_sup", "CJK Compatibility Ideographs Supplement"),
]
COMPAT = [(0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
NONE = "?"          # no reading, in the block strings
PER_LINE = 64

# Characters read differently as a surname: (character, surname reading, why).
# pd_pinyin_surname_initial() returns the reading's initial for these instead
# of the table's.  Only readings that 现代汉语词典 / 新华字典 give for the
# character as a surname (Cháng, Zēng...) and whose initial differs from
# kMandarin's first reading belong here; the script checks the second part.
# Traditional forms are listed too where the same surname is written with them.
SURNAME = [
    ("单", "shàn", "单 Shàn the surname (单雄信); dān is the everyday word"),
    ("單", "shàn", "traditional 单"),
    ("曾", "zēng", "曾 Zēng the surname (曾国藩); céng 'once' is the word"),
    ("解", "xiè", "解 Xiè the surname (解缙); jiě 'untie' is the word"),
    ("仇", "qiú", "仇 Qiú the surname (仇英); chóu 'enmity' is the word"),
    ("区", "ōu", "区 Ōu the surname (Cantonese Au); qū 'district' is the word"),
    ("區", "ōu", "traditional 区"),
    ("查", "zhā", "查 Zhā the surname (查良镛); chá 'check' is the word"),
    ("秘", "bì", "秘 Bì the surname; mì 'secret' is the word"),
    ("祕", "bì", "variant of 秘, same surname"),
    ("折", "shé", "折 Shé the surname (折从阮); zhé 'fold' is the word"),
    ("种", "chóng", "种 Chóng the surname (种师道); zhǒng 'seed' is the word"),
    ("種", "chóng", "traditional 种"),
    ("重", "chóng", "重 Chóng the surname; zhòng 'heavy' is the word"),
    ("覃", "qín", "覃 Qín, the usual reading of the surname (Guangxi); "
                  "Tán is rarer"),
    ("翟", "zhái", "翟 Zhái the surname; dí 'pheasant' (and the rare surname Dí)"),
    ("祭", "zhài", "祭 Zhài the surname; jì 'sacrifice' is the word"),
    ("召", "shào", "召 Shào the surname; zhào 'summon' is the word"),
    ("繁", "pó", "繁 Pó the surname; fán 'numerous' is the word"),
    ("句", "gōu", "句 Gōu the surname; jù 'sentence' is the word"),
    ("阚", "kàn", "阚 Kàn the surname; kMandarin gives hǎn 'roar' first"),
    ("长", "cháng", "长 Cháng the surname; kMandarin gives zhǎng first"),
    ("長", "cháng", "traditional 长"),
    ("乐", "yuè", "乐 Yuè the surname (乐毅); lè 'happy' is the word.  Lè is "
                  "also a surname (乐嘉) but Yuè is the dictionary reading"),
    ("樂", "yuè", "traditional 乐"),
    ("蔚", "yù", "蔚 Yù the surname (as in 蔚县); wèi is the word"),
    ("粘", "nián", "粘 Nián the surname; zhān 'stick' is the word"),
    ("乜", "niè", "乜 Niè the surname; miē 'squint' is the word"),
    ("佴", "nài", "佴 Nài the surname; èr is the other reading"),
    ("番", "pān", "番 Pān the surname (and 番禺); fān is the word"),
    ("炅", "guì", "炅 Guì the surname; jiǒng 'bright' (also in given names)"),
    ("么", "yāo", "么 Yāo the surname (same as 幺); me is the particle"),
]

# Readings of surnames that kMandarin already starts with the right letter:
# no override, but the script checks they stay that way, so a change in a
# later Unihan cannot silently break them.  (character, surname reading, note)
SURNAME_SAME_INITIAL = [
    ("朴", "piáo", "Piáo (Korean Park); kMandarin pǔ"),
    ("盖", "gě", "Gě; kMandarin gài"),
    ("蓋", "gě", "traditional 盖"),
    ("员", "yùn", "Yùn; kMandarin yuán"),
    ("缪", "miào", "Miào; kMandarin móu"),
    ("繆", "miào", "traditional 缪"),
    ("那", "nā", "Nā; kMandarin nà"),
    ("任", "rén", "Rén; kMandarin rèn"),
    ("沈", "shěn", "Shěn; kMandarin shěn"),
    ("薄", "bó", "Bó; kMandarin báo"),
    ("柏", "bǎi", "Bǎi; kMandarin bǎi"),
    ("黑", "hè", "Hè; kMandarin hēi"),
    ("能", "nài", "Nài; kMandarin néng"),
    ("过", "guō", "Guō; kMandarin guò"),
    ("朝", "cháo", "Cháo; kMandarin cháo"),
    ("闞", "kàn", "traditional 阚; kMandarin kàn"),
    ("尉", "wèi", "Wèi alone; Yù only in 尉迟, see COMPOUND"),
    ("万", "wàn", "Wàn alone; Mò only in 万俟, see COMPOUND"),
    ("华", "huà", "Huà; kMandarin huá"),
    ("相", "xiàng", "Xiàng; kMandarin xiāng"),
    ("郇", "huán", "Huán; kMandarin huán"),
    ("贾", "jiǎ", "Jiǎ; kMandarin jiǎ"),
    ("褚", "chǔ", "Chǔ; kMandarin chǔ"),
    ("莘", "shēn", "Shēn; kMandarin shēn"),
    ("都", "dū", "Dū; kMandarin dōu"),
    ("石", "shí", "Shí; dàn is the measure word, not a surname"),
    ("叶", "yè", "Yè; the old Shè is no longer used"),
    ("冯", "féng", "Féng; kMandarin féng"),
    ("令", "líng", "Líng in 令狐; kMandarin lìng"),
    ("欧", "ōu", "Ōu (欧阳); kMandarin ōu"),
]

# Considered and left out, so nobody adds them without a look:
#   隗  kMandarin kuí (mainland) / wěi (Taiwan), TGHZ2013 wěi: both are
#       surnames, no safe single answer, the table's k stays.
#   宓  Mì, and the old Fú: the modern surname reading is Mì, the table's.
#   便  Pián: 便 as a surname is too rare to be worth the doubt.
#   单于 Chányú: as good as extinct as a surname, while 单 (Shàn) + a given
#       name starting with 于 is common; so no compound, 单于X is "sy..".

# Compound surnames whose reading differs inside the compound:
# (two characters, their readings, why).  pd_pinyin_initials() checks these
# before the single-character overrides, for the first two characters only.
COMPOUND = [
    ("尉迟", ("yù", "chí"), "尉迟 Yùchí (尉迟恭); 尉 alone is Wèi"),
    ("尉遲", ("yù", "chí"), "traditional 尉迟"),
    ("万俟", ("mò", "qí"), "万俟 Mòqí (万俟卨); 万 alone is Wàn"),
    ("萬俟", ("mò", "qí"), "traditional 万俟"),
    ("长孙", ("zhǎng", "sūn"), "长孙 Zhǎngsūn (长孙无忌); 长 alone is Cháng"),
    ("長孫", ("zhǎng", "sūn"), "traditional 长孙"),
    ("澹台", ("tán", "tái"), "澹台 Tántái (澹台灭明); kMandarin 澹 dàn"),
    ("澹臺", ("tán", "tái"), "traditional 澹台"),
]


def fail(msg):
    sys.stderr.write("gen-pinyin: %s\n" % msg)
    sys.exit(1)


def initial_of(reading):
    """'lǜ' -> 'l', 'ǎi' -> 'a'; None when it does not start with a letter."""
    for ch in unicodedata.normalize("NFD", reading.strip()):
        if unicodedata.combining(ch):
            continue
        ch = ch.lower()
        return ch if "a" <= ch <= "z" else None
    return None


def first_reading(field, value):
    value = value.strip()
    if not value:
        return None
    if field == "kMandarin":
        return value.split()[0]
    if field in ("kHanyuPinyin", "kXHC1983"):
        entry = value.split()[0]
        if ":" not in entry:
            return None
        return entry.split(":", 1)[1].split(",")[0]
    if field == "kHanyuPinlu":
        return re.sub(r"\(.*", "", value.split()[0])
    return None


def read_unihan(path):
    """Returns (unicode version, {code point: initial})."""
    version = None
    fields = {}
    try:
        f = bz2.open(path, "rt", encoding="utf-8")
    except OSError as e:
        fail("cannot open %s: %s (Debian package unicode-data)" % (path, e))
    with f:
        for line in f:
            if line.startswith("#"):
                m = re.match(r"#\s*Unicode version:\s*(\S+)", line)
                if m:
                    version = m.group(1)
                continue
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) != 3 or parts[1] not in FIELDS:
                continue
            cp = int(parts[0][2:], 16)
            fields.setdefault(cp, {})[parts[1]] = parts[2]
    if not version:
        fail("%s names no Unicode version" % path)
    table = {}
    for cp, got in fields.items():
        for field in FIELDS:
            if field not in got:
                continue
            reading = first_reading(field, got[field])
            ini = initial_of(reading) if reading else None
            if ini is None:
                fail("U+%04X: cannot take an initial from %s %r"
                     % (cp, field, got[field]))
            table[cp] = ini
            break
    # Compatibility ideographs read as what they decompose to.
    for first, last in COMPAT:
        for cp in range(first, last + 1):
            if cp in table:
                continue
            nfc = unicodedata.normalize("NFC", chr(cp))
            if len(nfc) == 1 and ord(nfc) != cp and ord(nfc) in table:
                table[cp] = table[ord(nfc)]
    if not table:
        fail("%s holds no readings" % path)
    return version, table


def check_surnames(table):
    seen = set()
    for ch, reading, _ in SURNAME:
        if ch in seen:
            fail("surname %s listed twice" % ch)
        seen.add(ch)
        ini = initial_of(reading)
        if not ini:
            fail("surname %s: bad reading %r" % (ch, reading))
        if table.get(ord(ch)) == ini:
            sys.stderr.write("gen-pinyin: note: the override for %s (%s) now "
                             "matches the table; it could go\n" % (ch, reading))
    for ch, reading, _ in SURNAME_SAME_INITIAL:
        if ch in seen:
            fail("surname %s listed twice" % ch)
        if table.get(ord(ch)) != initial_of(reading):
            fail("%s as a surname is %s but the table says %r: move it to "
                 "SURNAME" % (ch, reading, table.get(ord(ch))))
    pairs = set()
    for chars, readings, _ in COMPOUND:
        if len(chars) != 2 or chars in pairs:
            fail("compound surname %r: two characters, once" % chars)
        pairs.add(chars)
        for r in readings:
            if not initial_of(r):
                fail("compound surname %s: bad reading %r" % (chars, r))


def c_comment(text):
    return text.replace("*/", "* /")


def generate(path):
    version, table = read_unihan(path)
    check_surnames(table)
    in_block = set()
    lines = [
        "/* pinyin_data.c - initials of the readings of Han characters, for "
        "pinyin.c.",
        " *",
        " * generated by scripts/gen-pinyin.py from Unihan_Readings.txt "
        "(Unicode %s) - do not edit" % version,
        " * (kMandarin, else kHanyuPinyin, kXHC1983, kHanyuPinlu; first "
        "reading's first",
        " * letter).  Change the script and run it again; "
        "`scripts/gen-pinyin.py --check`",
        " * tells whether this file is current.",
        " */",
        "#include <stddef.h>",
        "#include <stdint.h>",
        "",
        "/* Shared with pinyin.c, which declares the same. */",
        "struct pd_pinyin_block { uint32_t first, last; const char *initials; };",
        "struct pd_pinyin_pair { uint32_t cp; char initial; };",
        "struct pd_pinyin_compound { uint32_t cp[2]; char initial[2]; };",
        "",
        "extern const struct pd_pinyin_block pd_pinyin_data_blocks[];",
        "extern const size_t pd_pinyin_data_blocks_n;",
        "extern const struct pd_pinyin_pair pd_pinyin_data_sparse[];",
        "extern const size_t pd_pinyin_data_sparse_n;",
        "extern const struct pd_pinyin_pair pd_pinyin_data_surname[];",
        "extern const size_t pd_pinyin_data_surname_n;",
        "extern const struct pd_pinyin_compound pd_pinyin_data_compound[];",
        "extern const size_t pd_pinyin_data_compound_n;",
        "",
    ]
    for first, last, name, label in BLOCKS:
        n = last - first + 1
        have = sum(1 for cp in range(first, last + 1) if cp in table)
        lines.append("/* U+%04X..U+%04X %s: %d of %d with a reading, "
                     "'%s' for none. */" % (first, last, label, have, n, NONE))
        lines.append("static const char block_%s[] =" % name)
        for start in range(first, last + 1, PER_LINE):
            end = min(start + PER_LINE, last + 1)
            chunk = "".join(table.get(cp, NONE) for cp in range(start, end))
            in_block.update(range(start, end))
            lines.append("    /* %05X */ \"%s\"" % (start, chunk))
        lines[-1] += ";"
        lines.append("_Static_assert(sizeof block_%s == %d + 1, "
                     "\"block_%s covers U+%04X..U+%04X\");"
                     % (name, n, name, first, last))
        lines.append("")
    lines.append("const struct pd_pinyin_block pd_pinyin_data_blocks[] = {")
    for first, last, name, _ in BLOCKS:
        lines.append("    { 0x%04X, 0x%04X, block_%s }," % (first, last, name))
    lines.append("};")
    lines.append("const size_t pd_pinyin_data_blocks_n = "
                 "sizeof pd_pinyin_data_blocks / sizeof pd_pinyin_data_blocks[0];")
    lines.append("")

    sparse = sorted(cp for cp in table if cp not in in_block)
    lines.append("/* The code points with a reading outside those blocks "
                 "(Ext C..H), sorted. */")
    lines.append("const struct pd_pinyin_pair pd_pinyin_data_sparse[] = {")
    for i in range(0, len(sparse), 4):
        lines.append("    " + " ".join("{ 0x%05X, '%s' }," % (cp, table[cp])
                                       for cp in sparse[i:i + 4]))
    if not sparse:
        lines.append("    { 0, 0 },")
    lines.append("};")
    lines.append("const size_t pd_pinyin_data_sparse_n = %d;" % len(sparse))
    lines.append("")

    lines.append("/* Characters read differently as a surname, sorted; "
                 "the reasons are in")
    lines.append(" * scripts/gen-pinyin.py. */")
    lines.append("const struct pd_pinyin_pair pd_pinyin_data_surname[] = {")
    for ch, reading, _ in sorted(SURNAME, key=lambda s: ord(s[0])):
        lines.append("    { 0x%04X, '%s' }, /* %s %s (table: %s) */"
                     % (ord(ch), initial_of(reading), ch, reading,
                        table.get(ord(ch), "none")))
    lines.append("};")
    lines.append("const size_t pd_pinyin_data_surname_n = %d;" % len(SURNAME))
    lines.append("")

    lines.append("/* Compound surnames read differently from their "
                 "characters. */")
    lines.append("const struct pd_pinyin_compound pd_pinyin_data_compound[] = {")
    for chars, readings, _ in COMPOUND:
        lines.append("    { { 0x%04X, 0x%04X }, { '%s', '%s' } }, /* %s %s */"
                     % (ord(chars[0]), ord(chars[1]), initial_of(readings[0]),
                        initial_of(readings[1]), chars,
                        c_comment(" ".join(readings))))
    lines.append("};")
    lines.append("const size_t pd_pinyin_data_compound_n = %d;" % len(COMPOUND))
    return "\n".join(lines) + "\n"


def main():
    args = sys.argv[1:]
    check = False
    if args and args[0] == "--check":
        check = True
        args = args[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        fail("usage: scripts/gen-pinyin.py [--check] [Unihan_Readings.txt.bz2]")
    text = generate(args[0] if args else SOURCE)
    if check:
        try:
            with open(OUT, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = ""
        if old != text:
            fail("%s is out of date: run scripts/gen-pinyin.py" % OUT)
        return
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
