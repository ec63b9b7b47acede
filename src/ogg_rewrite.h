/* ogg_rewrite: put our comment header into an Ogg Vorbis or Ogg Opus file
 * that libsndfile wrote.
 *
 * libsndfile writes its own short comment header, and Ogg pages are
 * numbered and checksummed, so a longer header cannot be patched in
 * place: the header packets are paginated again with libogg (Vorbis: the
 * identification header alone on the first page, comment and setup
 * headers on the next; Opus: OpusHead alone, OpusTags on page(s) of its
 * own, RFC 7845 §3) and every audio page is copied with a new page
 * sequence number, serial number and CRC.  Audio packets, granule
 * positions and so the Opus pre-skip and end trimming are kept as they
 * are.  The serial number comes from `seed` and the new comment packet,
 * not from the clock, so the same input gives the same bytes. */
#ifndef LDU_OGG_REWRITE_H
#define LDU_OGG_REWRITE_H

#include <stdint.h>

#include "error.h"
#include "vorbis_comment.h"

enum ldu_ogg_codec { LDU_OGG_VORBIS = 0, LDU_OGG_OPUS };

/** Rewrite the one-stream Ogg file at `path` (through a temporary file
 *  beside it, renamed over it) with the comments in `vc` and the
 *  original vendor string.  `seed` (e.g. a hash of the audio) goes into
 *  the stream's serial number.  LDU_ERR_FORMAT when the file is not what
 *  libsndfile writes (another codec, several streams, headers that do
 *  not end a page), LDU_ERR_IO / LDU_ERR_NOMEM otherwise; on error the
 *  file is left as it was. */
enum ldu_status ldu_ogg_retag(const char *path, enum ldu_ogg_codec codec,
                              const struct ldu_vc *vc, uint32_t seed,
                              struct ldu_error *err);

#endif
