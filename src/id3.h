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
 *  chapter ends at `total_frames`.  `padding` zero bytes are added.
 *  Frames: TIT2 TPE1 TALB TRCK TDRC (v2.3: TYER) TCON, skipped when NULL
 *  or "", APIC (front cover) when tags->cover is set; then, with
 *  chapters, one top-level ordered CTOC "toc" (only when n <= 255, the
 *  most one CTOC can list) and a CHAP "chp<i>" per chapter
 *  with a TIT2 sub-frame (the 1-based number when the title is empty).
 *  On error `out` is unchanged: LDU_ERR_USAGE for a bad version, rate or
 *  chapter list (negative, unsorted, past `total_frames`), LDU_ERR_UTF8
 *  for text that is not UTF-8, LDU_ERR_NOMEM when memory or the 256 MiB
 *  tag limit runs out. */
enum ldu_status ldu_id3_build(struct ldu_buf *out, int version,
                              const struct ldu_tags *tags,
                              const struct ldu_chapter *ch, size_t n,
                              int rate, int64_t total_frames, size_t padding);

#endif
