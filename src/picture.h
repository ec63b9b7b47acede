/* picture: a cover image (JPEG or PNG) read from a file, to embed in the
 * audio files: APIC in ID3, a PICTURE block in FLAC, a
 * METADATA_BLOCK_PICTURE comment in Ogg. */
#ifndef LDU_PICTURE_H
#define LDU_PICTURE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

/* Largest cover accepted: 16 MiB (FLAC's block length field is 24 bits). */
#define LDU_PICTURE_MAX ((size_t)16 * 1024 * 1024 - 1024)

struct ldu_picture {
  unsigned char *data; /* the file's bytes, owned */
  size_t len;
  const char *mime; /* "image/jpeg" or "image/png", static */
  uint32_t width;   /* pixels, 0 when the header was not understood */
  uint32_t height;
  uint32_t depth; /* bits per pixel, 0 when unknown */
};

/** Read the JPEG or PNG image at `path` into `*out` (which the caller
 *  frees with ldu_picture_free()).  LDU_ERR_IO when it cannot be read,
 *  LDU_ERR_FORMAT when it is neither JPEG nor PNG, LDU_ERR_NOMEM when
 *  memory runs out or it is larger than LDU_PICTURE_MAX. */
enum ldu_status ldu_picture_load(const char *path, struct ldu_picture *out,
                                 struct ldu_error *err);

/** Take the image in `data` (`len` bytes; copied) as `*out`, as above
 *  minus the file. */
enum ldu_status ldu_picture_from_memory(const void *data, size_t len,
                                        struct ldu_picture *out);

/** Free the bytes of `p` (may be NULL) and clear it. */
void ldu_picture_free(struct ldu_picture *p);

/** Append `p` as the body of a FLAC PICTURE metadata block (type 3,
 *  front cover; big-endian fields), which is also what Ogg's
 *  METADATA_BLOCK_PICTURE comment holds in base64.  On error (memory,
 *  the buffer's cap) `out` is unchanged. */
enum ldu_status ldu_picture_flac_block(struct ldu_buf *out,
                                       const struct ldu_picture *p);

#endif
