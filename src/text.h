/* text: read the article (file or stdin) and make it clean UTF-8.
 *
 * First stage of the pipeline: validate UTF-8 (reporting the byte offset
 * of the first bad byte), drop a BOM, turn CRLF and lone CR into LF, and
 * remove NUL and other C0/C1 control characters except LF and TAB. */
#ifndef LDU_TEXT_H
#define LDU_TEXT_H

#include <stddef.h>

#include "error.h"

/* Largest input accepted, in bytes. */
#define LDU_TEXT_MAX ((size_t)256 * 1024 * 1024)

/** Read all of `path` ("-" = stdin) and clean it as described above.
 *  With `lenient`, each invalid byte becomes U+FFFD and `*n_replaced`
 *  (may be NULL) counts them; without it an invalid byte is LDU_ERR_UTF8
 *  with err->offset the 0-based byte offset in the file.
 *  On LDU_OK `*out` (NUL-terminated, free() it) and `*len` are set. */
enum ldu_status ldu_text_read(const char *path, int lenient, char **out,
                              size_t *len, size_t *n_replaced,
                              struct ldu_error *err);

/** The same cleaning for bytes already in memory. */
enum ldu_status ldu_text_clean(const char *in, size_t in_len, int lenient,
                               char **out, size_t *len, size_t *n_replaced,
                               struct ldu_error *err);

#endif
