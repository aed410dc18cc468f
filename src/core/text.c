/* text.c - UTF-8 decoding, display widths, cutting and padding by columns,
 * and the normalising that spreadsheet and old-software text needs.
 *
 * Widths come from wcwidth(3).  When the process has no UTF-8 locale (wcwidth
 * then knows nothing beyond ASCII) a small built-in table of the East Asian
 * wide ranges stands in, so CJK text still measures 2 columns a character.
 * Anything that cannot be shown (control characters, unassigned code points,
 * invalid bytes) counts one column and is drawn as '?'.
 */
#include "core/text.h"

#include <string.h>
#include <wchar.h>

size_t pd_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;   /* range of the second byte */

    if (len == 0 || !s) {
        if (cp)
            *cp = 0;
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        need = 1;
        c = u[0] & 0x1F;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        need = 2;
        c = u[0] & 0x0F;
        if (u[0] == 0xE0)
            lo = 0xA0;            /* no overlong forms */
        else if (u[0] == 0xED)
            hi = 0x9F;            /* no UTF-16 surrogates */
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        need = 3;
        c = u[0] & 0x07;
        if (u[0] == 0xF0)
            lo = 0x90;
        else if (u[0] == 0xF4)
            hi = 0x8F;            /* nothing above U+10FFFF */
    } else {
        goto invalid;
    }
    if (len < need + 1)
        goto invalid;
    if (u[1] < lo || u[1] > hi)
        goto invalid;
    for (size_t i = 1; i <= need; i++) {
        if ((u[i] & 0xC0) != 0x80)
            goto invalid;
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return need + 1;

invalid:
    *cp = 0xFFFD;
    return 1;
}

size_t pd_utf8_encode(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;

    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool pd_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp;

    if (!s)
        return len == 0;
    while (i < len) {
        size_t n = pd_utf8_decode(s + i, len - i, &cp);
        if (n == 1 && cp == 0xFFFD)
            return false;
        i += n;
    }
    return true;
}

/* Used only when the locale cannot tell (not a UTF-8 locale): -1 for
 * controls, 0 for the common combining and zero-width marks, 2 for the
 * East Asian wide and full-width ranges, 1 otherwise. */
static int fallback_width(uint32_t cp)
{
    static const struct { uint32_t lo, hi; } zero[] = {
        { 0x0300, 0x036F }, { 0x200B, 0x200F }, { 0x20D0, 0x20FF },
        { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
    };
    static const struct { uint32_t lo, hi; } wide[] = {
        { 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
        { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
        { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
        { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
        { 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
    };

    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return -1;
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (cp >= zero[i].lo && cp <= zero[i].hi)
            return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i].lo && cp <= wide[i].hi)
            return 2;
    return 1;
}

/* Columns of cp, and whether it can be shown as itself. */
static int cp_cols(uint32_t cp, bool *printable)
{
    int w = wcwidth((wchar_t)cp);

    if (w < 0 && cp >= 0xA0 && wcwidth(0x4E00) != 2)
        w = fallback_width(cp);      /* no UTF-8 locale: use our table */
    if (w < 0) {
        *printable = false;
        return 1;
    }
    *printable = true;
    return w;
}

int pd_cp_width(uint32_t cp)
{
    bool printable;
    return cp_cols(cp, &printable);
}

/* Decodes the character at s (NUL-terminated): its byte length, its columns
 * and whether it must be shown as '?'. */
static size_t next_char(const char *s, int *cols, bool *replace)
{
    uint32_t cp;
    size_t left = strnlen(s, 4);
    size_t n = pd_utf8_decode(s, left, &cp);
    bool printable;

    if (n == 1 && cp == 0xFFFD) {
        *cols = 1;
        *replace = true;
        return 1;
    }
    *cols = cp_cols(cp, &printable);
    *replace = !printable;
    return n;
}

int pd_text_width(const char *s)
{
    int total = 0, w;
    bool rep;

    if (!s)
        return 0;
    while (*s) {
        s += next_char(s, &w, &rep);
        total += w;
    }
    return total;
}

size_t pd_text_fit(const char *s, int cols)
{
    const char *p = s;
    int used = 0, w;
    bool rep;

    if (!s || cols < 0)
        return 0;
    while (*p) {
        size_t n = next_char(p, &w, &rep);
        if (used + w > cols)
            break;
        used += w;
        p += n;
    }
    return (size_t)(p - s);
}

/* Appends up to `maxcols` columns of s to dst at *pos, whole characters only,
 * unprintable ones as '?', while room remains (one byte kept for the NUL).
 * Returns the columns appended. */
static int put_text(char *dst, size_t size, size_t *pos, const char *s,
                    int maxcols)
{
    int used = 0, w;
    bool rep;

    while (s && *s) {
        size_t n = next_char(s, &w, &rep);
        size_t out = rep ? 1 : n;
        if (used + w > maxcols || *pos + out >= size)
            break;
        if (rep)
            dst[*pos] = '?';
        else
            memcpy(dst + *pos, s, n);
        *pos += out;
        used += w;
        s += n;
    }
    dst[*pos] = '\0';
    return used;
}

static int put_spaces(char *dst, size_t size, size_t *pos, int count)
{
    int done = 0;

    while (done < count && *pos + 1 < size) {
        dst[(*pos)++] = ' ';
        done++;
    }
    dst[*pos] = '\0';
    return done;
}

int pd_text_pad(char *dst, size_t size, const char *s, int cols, bool ellipsis)
{
    size_t pos = 0;
    int used, avail;
    bool cut;

    if (!dst || size == 0)
        return 0;
    dst[0] = '\0';
    if (cols <= 0)
        return 0;
    cut = pd_text_width(s) > cols;
    avail = (cut && ellipsis) ? cols - 1 : cols;
    used = put_text(dst, size, &pos, s, avail);
    used += put_spaces(dst, size, &pos, avail - used);
    if (cut && ellipsis && used == avail && pos + 1 < size) {
        dst[pos++] = '~';
        dst[pos] = '\0';
        used++;
    }
    return used;
}

int pd_text_pad_right(char *dst, size_t size, const char *s, int cols)
{
    size_t pos = 0, fit;
    int used, w = 0, cw;
    bool rep;

    if (!dst || size == 0)
        return 0;
    dst[0] = '\0';
    if (cols <= 0)
        return 0;
    /* The part that fits may be narrower than cols (a wide character cut). */
    fit = pd_text_fit(s, cols);
    for (size_t i = 0; i < fit;) {
        i += next_char(s + i, &cw, &rep);
        w += cw;
    }
    used = put_spaces(dst, size, &pos, cols - w);
    used += put_text(dst, size, &pos, s, w);
    return used;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

bool pd_text_normalise(char *s)
{
    size_t len, r = 0, w = 0, start, end;
    bool changed = false;

    if (!s)
        return false;
    len = strlen(s);
    while (r < len) {
        uint32_t cp;
        size_t n = pd_utf8_decode(s + r, len - r, &cp);
        if (n > 1 && cp >= 0xFF01 && cp <= 0xFF5E) {
            s[w++] = (char)(cp - 0xFEE0);
            changed = true;
        } else if (n > 1 && (cp == 0x3000 || cp == 0x00A0)) {
            s[w++] = ' ';
            changed = true;
        } else {
            memmove(s + w, s + r, n);
            w += n;
        }
        r += n;
    }
    s[w] = '\0';

    start = 0;
    while (start < w && is_ws(s[start]))
        start++;
    end = w;
    while (end > start && is_ws(s[end - 1]))
        end--;
    if (start > 0 || end < w) {
        changed = true;
        memmove(s, s + start, end - start);
        s[end - start] = '\0';
    }
    return changed;
}

bool pd_text_strip_spaces(char *s)
{
    char *r, *w;

    if (!s)
        return false;
    for (r = w = s; *r; r++)
        if (*r != ' ' && *r != '\t')
            *w++ = *r;
    *w = '\0';
    return r != w;
}

size_t pd_text_quote(char *dst, size_t size, const char *s)
{
    static const char more[] = "...";
    size_t pos = 0, need = 0, reserve;
    const char *p;
    int w;
    bool rep;

    if (!dst || size == 0)
        return 0;
    dst[0] = '\0';
    if (!s)
        return 0;
    for (p = s; *p;) {
        size_t n = next_char(p, &w, &rep);
        need += rep ? 1 : n;
        p += n;
    }
    /* Room for "..." is kept only when the whole text cannot fit. */
    reserve = need < size ? 0 : sizeof more - 1;
    while (*s) {
        size_t n = next_char(s, &w, &rep);
        size_t out = rep ? 1 : n;
        if (pos + out + reserve >= size) {
            if (pos + sizeof more <= size) {
                memcpy(dst + pos, more, sizeof more - 1);
                pos += sizeof more - 1;
            }
            break;
        }
        if (rep)
            dst[pos] = '?';
        else
            memcpy(dst + pos, s, n);
        pos += out;
        s += n;
    }
    dst[pos] = '\0';
    return pos;
}
