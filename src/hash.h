/* hash: SHA-256 (nettle) for the manifest's file list and the feed's
 * stable episode guids. */
#ifndef LDU_HASH_H
#define LDU_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Hex digest length plus the NUL. */
#define LDU_SHA256_HEX 65

struct ldu_sha256;

/** A new running SHA-256 in `*out` (free with ldu_sha256_free());
 *  LDU_ERR_NOMEM. */
enum ldu_status ldu_sha256_new(struct ldu_sha256 **out);

/** Add `n` bytes. */
void ldu_sha256_add(struct ldu_sha256 *h, const void *p, size_t n);

/** Add a string and its terminating NUL (so "ab","c" != "a","bc"). */
void ldu_sha256_adds(struct ldu_sha256 *h, const char *s);

/** Write the lowercase hex digest of what was added to `hex` and start
 *  over. */
void ldu_sha256_hex(struct ldu_sha256 *h, char hex[LDU_SHA256_HEX]);

/** Free `h`; NULL is a no-op. */
void ldu_sha256_free(struct ldu_sha256 *h);

/** The SHA-256 (lowercase hex) and size in bytes of the file at `path`,
 *  read in pieces.  LDU_ERR_IO (path and errno in `err`), LDU_ERR_NOMEM. */
enum ldu_status ldu_sha256_file(const char *path, char hex[LDU_SHA256_HEX],
                                int64_t *size, struct ldu_error *err);

#endif
