/* buf: a growable byte buffer with a hard cap (after curl's dynbuf).
 * The bytes are always NUL-terminated; a failed append leaves the buffer
 * unchanged. */
#ifndef LDU_BUF_H
#define LDU_BUF_H

#include <stddef.h>

#include "error.h"

struct ldu_buf {
  char *data;  /* NULL until the first append */
  size_t len;  /* bytes in use, not counting the NUL */
  size_t cap;  /* bytes allocated */
  size_t max;  /* hard cap on len */
};

/** Start an empty buffer that may grow to `max` bytes. */
void ldu_buf_init(struct ldu_buf *b, size_t max);

/** Append `n` bytes; LDU_ERR_NOMEM when memory or the cap runs out. */
enum ldu_status ldu_buf_add(struct ldu_buf *b, const void *p, size_t n);

/** Append a NUL-terminated string. */
enum ldu_status ldu_buf_adds(struct ldu_buf *b, const char *s);

/** Append one byte. */
enum ldu_status ldu_buf_addc(struct ldu_buf *b, char c);

/** Append printf-style text. */
enum ldu_status ldu_buf_printf(struct ldu_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Forget the contents but keep the memory. */
void ldu_buf_reset(struct ldu_buf *b);

/** Hand the bytes to the caller (free() them; never NULL unless out of
 *  memory) and leave `b` empty. */
char *ldu_buf_detach(struct ldu_buf *b);

/** Free the memory; `b` is empty afterwards. */
void ldu_buf_free(struct ldu_buf *b);

/** Make room for one more element of `size` bytes in the array `*v` that
 *  holds `n` and has room for `*cap` (doubling; overflow-checked).  On
 *  LDU_ERR_NOMEM `*v` and `*cap` are unchanged. */
enum ldu_status ldu_grow_array(void **v, size_t *cap, size_t n, size_t size);

#endif
