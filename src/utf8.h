/* utf8: small helpers on text that text.c has already validated. */
#ifndef LDU_UTF8_H
#define LDU_UTF8_H

#include <stddef.h>

/** Decode the code point at `s` (valid UTF-8, `n` > 0 bytes left) and
 *  store its length in bytes in `*len` (1..4).  A truncated sequence
 *  decodes as U+FFFD of length 1. */
unsigned long ldu_utf8_decode(const char *s, size_t n, size_t *len);

/** Encode `c` into `out` (at least 4 bytes); returns the length. */
size_t ldu_utf8_encode(unsigned long c, char *out);

/** Decode the string `s` into `cps` (room for `max`); returns the count
 *  (decoding stops at `max`). */
size_t ldu_utf8_decode_all(const char *s, unsigned long *cps, size_t max);

/** True when `c` is one of the code points of the string `set`. */
int ldu_utf8_in_set(const char *set, unsigned long c);

/** Number of code points in `n` bytes of valid UTF-8. */
size_t ldu_utf8_count(const char *s, size_t n);

/** Bytes taken by the first `chars` code points of `s` (at most `n`). */
size_t ldu_utf8_prefix(const char *s, size_t n, size_t chars);

/** True for a Han ideograph (CJK Unified, extensions, compatibility). */
int ldu_is_han(unsigned long c);

/** True for an ASCII or full-width Latin letter. */
int ldu_is_latin(unsigned long c);

/** True for emoji and pictographs, variation selectors, ZWJ and the keycap
 *  mark: things that are shown, not spoken. */
int ldu_is_emoji(unsigned long c);

/** Fold a full-width ASCII letter or digit (U+FF10..U+FF5A) to ASCII;
 *  other code points are returned unchanged. */
unsigned long ldu_fold_width(unsigned long c);

#endif
