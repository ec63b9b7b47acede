/* text: read the article (file or stdin) and make it clean UTF-8.
 *
 * First stage of the pipeline: validate UTF-8 (reporting the byte offset
 * of the first bad byte), drop a BOM, turn CRLF and lone CR into LF, and
 * remove NUL and other C0/C1 control characters except LF and TAB. */
#ifndef LDU_TEXT_H
#define LDU_TEXT_H

#include <stddef.h>

#include "error.h"

/* Largest input accepted, in bytes (--max-input may go up to this). */
#define LDU_TEXT_MAX ((size_t)256 * 1024 * 1024)
/* Largest input accepted by default (langdu --max-input). */
#define LDU_TEXT_MAX_DEFAULT ((size_t)64 * 1024 * 1024)

/** Read all of `path` ("-" = stdin) and clean it as described above.
 *  With `lenient`, each invalid byte becomes U+FFFD and `*n_replaced`
 *  (may be NULL) counts them; without it an invalid byte is LDU_ERR_UTF8
 *  with err->offset the 0-based byte offset in the file.
 *  On LDU_OK `*out` (NUL-terminated, free() it) and `*len` are set. */
enum ldu_status ldu_text_read(const char *path, int lenient, char **out,
                              size_t *len, size_t *n_replaced,
                              struct ldu_error *err);

/** Like ldu_text_read(), for hostile input: LDU_ERR_LIMIT when the input
 *  is larger than `max` bytes (0: LDU_TEXT_MAX_DEFAULT; at most
 *  LDU_TEXT_MAX), with err->detail saying so; unless `lenient`,
 *  LDU_ERR_FORMAT when it looks like a binary file or UTF-16 (see
 *  ldu_text_binary()), err->detail saying which. */
enum ldu_status ldu_text_read_max(const char *path, size_t max, int lenient,
                                  char **out, size_t *len,
                                  size_t *n_replaced, struct ldu_error *err);

/** Why the `n` raw bytes at `in` are no text: "UTF-16" (a UTF-16 byte
 *  order mark), "binary" (at least 8 and more than 1 in 16 of the first
 *  64 KiB are NULs or controls other than TAB, LF, VT, FF, CR, ESC), or NULL
 *  when they may be text.  A few stray NULs or controls are text (cleaning
 *  drops them). */
const char *ldu_text_binary(const char *in, size_t n);

/** The same cleaning for bytes already in memory. */
enum ldu_status ldu_text_clean(const char *in, size_t in_len, int lenient,
                               char **out, size_t *len, size_t *n_replaced,
                               struct ldu_error *err);

#endif
