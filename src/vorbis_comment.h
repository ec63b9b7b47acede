/* vorbis_comment: the tags and chapters of a file as Vorbis comments, for
 * FLAC (through libFLAC) and for the comment header of Ogg Vorbis and
 * Ogg Opus (see ogg_rewrite.h).
 *
 * Entries, in order: TITLE ARTIST ALBUM TRACKNUMBER TRACKTOTAL DATE GENRE
 * (each when set), then per chapter CHAPTERnnn=HH:MM:SS.mmm followed by
 * CHAPTERnnnNAME=title (Xiph chapter extension; nnn from 001), then,
 * when asked, METADATA_BLOCK_PICTURE (base64 of a FLAC PICTURE block).
 *
 * The chapter number has three digits because that is all ffmpeg (and so
 * mpv, Audiobookshelf, ...) reads: CHAPTER1000 would be ignored.  At most
 * LDU_VC_MAX_CHAPTERS chapters are written; the rest are left out. */
#ifndef LDU_VORBIS_COMMENT_H
#define LDU_VORBIS_COMMENT_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"
#include "buf.h"
#include "error.h"

#define LDU_VC_MAX_CHAPTERS 999

/* A list of comments: `b` holds each as a 32-bit little-endian length and
 * the "KEY=value" bytes, exactly as in the comment header. */
struct ldu_vc {
  struct ldu_buf b;
  uint32_t n;
};

/** Start an empty list that may grow to `max` bytes. */
void ldu_vc_init(struct ldu_vc *vc, size_t max);

/** Free the list's memory. */
void ldu_vc_free(struct ldu_vc *vc);

/** Append KEY=value.  The key must be ASCII 0x20..0x7D without '=', the
 *  value UTF-8 (LDU_ERR_USAGE, LDU_ERR_UTF8); LDU_ERR_NOMEM when memory
 *  or the cap runs out.  On error the list is unchanged. */
enum ldu_status ldu_vc_add(struct ldu_vc *vc, const char *key,
                           const char *value, size_t value_len);

/** Append the entries for `tags` (may be NULL) and `n` chapters (times
 *  in frames at `rate` Hz, rounded to the millisecond; an untitled
 *  chapter is named by its 1-based number), and with `picture` set
 *  tags->cover as METADATA_BLOCK_PICTURE.  Errors as ldu_vc_add(). */
enum ldu_status ldu_vc_add_tags(struct ldu_vc *vc, const struct ldu_tags *tags,
                                const struct ldu_chapter *ch, size_t n,
                                int rate, int picture);

/** Append a whole comment packet to `out`: `magic` (`magic_len` bytes:
 *  "\3vorbis" or "OpusTags"), the vendor string, the count and the
 *  entries, and with `framing` the Vorbis framing bit. */
enum ldu_status ldu_vc_packet(struct ldu_buf *out, const struct ldu_vc *vc,
                              const char *magic, size_t magic_len,
                              const char *vendor, size_t vendor_len,
                              int framing);

/** Append `n` bytes at `p` to `out` in base64 (RFC 4648, padded). */
enum ldu_status ldu_base64(struct ldu_buf *out, const void *p, size_t n);

#endif
