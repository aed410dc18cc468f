/* text.h - UTF-8 text: display width, cutting and padding by columns,
 * normalising what spreadsheets and old software produce.
 *
 * Widths come from wcwidth(3) after setlocale(LC_ALL, "") with a UTF-8
 * locale; a CJK character is 2 columns.  Text is never cut inside a
 * character.  Invalid UTF-8 bytes count as one column each and are
 * shown as '?'.  Pure functions (apart from the locale).
 */
#ifndef PD_CORE_TEXT_H
#define PD_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (len bytes available).  Returns the number of
 * bytes used (1..4) and sets *cp; on invalid input returns 1 and sets
 * *cp = 0xFFFD.  len 0 returns 0. */
size_t pd_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into buf (at least 4 bytes); returns bytes written. */
size_t pd_utf8_encode(uint32_t cp, char *buf);
bool   pd_utf8_valid(const char *s, size_t len);

/* Display columns of one code point (0 for combining, 2 for wide). */
int    pd_cp_width(uint32_t cp);
/* Display columns of a UTF-8 string. */
int    pd_text_width(const char *s);
/* Bytes of s that fit in `cols` columns without cutting a character. */
size_t pd_text_fit(const char *s, int cols);
/* Copies s into dst (size bytes), cut to at most `cols` columns and padded
 * with spaces to exactly `cols` columns (left aligned); if `ellipsis` and the
 * text was cut, the last column shows '~'.  Returns columns written. */
int    pd_text_pad(char *dst, size_t size, const char *s, int cols, bool ellipsis);
/* Same, right aligned (for numbers). */
int    pd_text_pad_right(char *dst, size_t size, const char *s, int cols);

/* Normalises in place: full-width ASCII (U+FF01..U+FF5E) to ASCII, the
 * ideographic space U+3000 and NBSP to ' ', trims leading and trailing white
 * space.  Returns true if anything changed. */
bool   pd_text_normalise(char *s);
/* Removes every ASCII space and tab inside s.  Returns true if any. */
bool   pd_text_strip_spaces(char *s);

/* Copies s into dst (size bytes) for quoting in a message: control
 * characters and invalid bytes become '?', and text too long for dst is cut
 * at a character boundary and ends in "...".  Returns bytes written. */
size_t pd_text_quote(char *dst, size_t size, const char *s);

#endif
