/* recode.h - a CSV file's bytes as UTF-8 text: UTF-8 with or without a
 * byte-order mark as it is, GB18030 (what older office software saves,
 * GBK and GB2312 being subsets of it) converted with glibc's iconv.
 *
 * Detection when no encoding is forced: a UTF-8 BOM means UTF-8; bytes that
 * are valid UTF-8 are UTF-8; anything else is tried as GB18030.  Files that
 * are not CSV text at all (an .xlsx or .xls workbook, UTF-16) are refused
 * with a word on how to save them.
 *
 * Ownership: *out is malloc'd, NUL-terminated, freed by the caller.
 */
#ifndef PD_APP_RECODE_H
#define PD_APP_RECODE_H

#include <stddef.h>
#include "core/err.h"

enum pd_encoding { PD_ENC_AUTO, PD_ENC_UTF8, PD_ENC_GB18030 };

const char *pd_encoding_name(enum pd_encoding e);
/* "utf-8", "utf8", "gb18030", "gbk", "gb2312" (any case). */
pd_err pd_encoding_parse(const char *s, enum pd_encoding *out, struct pd_error *err);

/* Converts len bytes to UTF-8.  *used tells the encoding the bytes were
 * read in.  A UTF-8 BOM is kept (the CSV reader skips it and says so); a
 * GB18030 one is dropped.  Fails naming the line of the first byte that
 * does not belong to the encoding. */
pd_err pd_recode_utf8(const char *in, size_t len, enum pd_encoding want,
                      char **out, size_t *outlen, enum pd_encoding *used,
                      struct pd_error *err);

#endif
