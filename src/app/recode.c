/* recode.c - the file's encoding to UTF-8 (see recode.h). */
#include "app/recode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

const char *pd_encoding_name(enum pd_encoding e)
{
    switch (e) {
    case PD_ENC_UTF8: return "UTF-8";
    case PD_ENC_GB18030: return "GB18030";
    default: return "auto";
    }
}

pd_err pd_encoding_parse(const char *s, enum pd_encoding *out, struct pd_error *err)
{
    if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
        *out = PD_ENC_UTF8;
    else if (strcasecmp(s, "gb18030") == 0 || strcasecmp(s, "gbk") == 0 ||
             strcasecmp(s, "gb2312") == 0)
        *out = PD_ENC_GB18030;
    else
        return pd_fail(err, PD_EUSAGE, "encoding", "unknown encoding '%s' (utf-8 or gb18030)", s);
    return PD_OK;
}

static int line_of(const char *s, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n')
            line++;
    return line;
}

/* Offset of the first byte that is not valid UTF-8, or len. */
static size_t utf8_bad_at(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = pd_utf8_decode(s + i, len - i, &cp);
        if (n == 1 && cp == 0xFFFD)
            return i;
        i += n;
    }
    return len;
}

static pd_err not_text(const char *in, size_t len, struct pd_error *err)
{
    const unsigned char *u = (const unsigned char *)in;
    if (len >= 4 && memcmp(in, "PK\x03\x04", 4) == 0)
        return pd_fail(err, PD_EINVAL, NULL, "this is an .xlsx workbook, not a CSV file: open it in the "
                       "spreadsheet and save it as \"CSV UTF-8\" (or CSV)");
    if (len >= 8 && memcmp(in, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return pd_fail(err, PD_EINVAL, NULL, "this is an .xls workbook, not a CSV file: open it in the "
                       "spreadsheet and save it as \"CSV UTF-8\" (or CSV)");
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return pd_fail(err, PD_EINVAL, NULL, "this file is UTF-16 text (\"Unicode text\"): save it as "
                       "\"CSV UTF-8\" instead");
    return PD_OK;
}

static pd_err from_gb18030(const char *in, size_t len, char **out, size_t *outlen,
                           bool forced, struct pd_error *err)
{
    if (len >= 4 && memcmp(in, "\x84\x31\x95\x33", 4) == 0) {   /* GB18030's BOM */
        in += 4;
        len -= 4;
    }
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return pd_fail(err, PD_EIO, "encoding", "this system cannot convert GB18030 (iconv: %s)",
                       strerror(errno));
    /* Each GB18030 byte gives at most 2 UTF-8 bytes (2 -> 3, 4 -> 4). */
    size_t cap = len * 2 + 1;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory converting the file");
    }
    char *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap - 1;
    pd_err rc = PD_OK;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
        size_t at = (size_t)(ip - in);
        if (errno == E2BIG)
            rc = pd_fail(err, PD_ENOMEM, NULL, "converting the file ran out of room");
        else
            rc = pd_fail(err, PD_EINVAL, "encoding",
                         "byte 0x%02X on line %d is %s; save the file as \"CSV UTF-8\"%s",
                         (unsigned char)in[at], line_of(in, at),
                         forced ? "not GB18030" : "neither UTF-8 nor GB18030",
                         forced ? " or say --encoding utf-8" : "");
    }
    iconv_close(cd);
    if (rc != PD_OK) {
        free(buf);
        return rc;
    }
    *op = '\0';
    *outlen = (size_t)(op - buf);
    *out = buf;
    return PD_OK;
}

pd_err pd_recode_utf8(const char *in, size_t len, enum pd_encoding want,
                      char **out, size_t *outlen, enum pd_encoding *used,
                      struct pd_error *err)
{
    *out = NULL;
    *outlen = 0;
    pd_err rc = not_text(in, len, err);
    if (rc != PD_OK)
        return rc;
    bool bom = len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0;
    if (want == PD_ENC_GB18030 && !bom) {
        *used = PD_ENC_GB18030;
        return from_gb18030(in, len, out, outlen, true, err);
    }
    size_t bad = utf8_bad_at(in, len);
    if (bad < len && (want == PD_ENC_UTF8 || bom))
        return pd_fail(err, PD_EINVAL, "encoding",
                       "byte 0x%02X on line %d is not UTF-8%s", (unsigned char)in[bad],
                       line_of(in, bad), bom ? " although the file starts with a UTF-8 mark (BOM)"
                                             : "; for a GB18030 (GBK) file say --encoding gb18030");
    if (bad < len) {
        *used = PD_ENC_GB18030;
        return from_gb18030(in, len, out, outlen, false, err);
    }
    *used = PD_ENC_UTF8;
    char *buf = malloc(len + 1);
    if (!buf)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory reading the file");
    memcpy(buf, in, len);
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return PD_OK;
}
