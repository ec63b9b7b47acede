/* id3: build an ID3v2 tag (text frames, CTOC and CHAP) in memory.
 *
 * Used for the `id3 ` chunk of WAV files and, prepended, for MP3.
 * Chapter times go in as milliseconds (ID3 CHAP frames count ms). */
#ifndef LDU_ID3_H
#define LDU_ID3_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"
#include "buf.h"
#include "error.h"

/** Append a complete ID3v2 tag (header included) to `out`.
 *  `version` is 3 (v2.3, UTF-16 text) or 4 (v2.4, UTF-8 text).
 *  Chapter times are converted from frames at `rate` Hz to ms; the last
 *  chapter ends at `total_frames`.  `padding` zero bytes are added. */
enum ldu_status ldu_id3_build(struct ldu_buf *out, int version,
                              const struct ldu_tags *tags,
                              const struct ldu_chapter *ch, size_t n,
                              int rate, int64_t total_frames, size_t padding);

#endif
