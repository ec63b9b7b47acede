/* playlist: an extended M3U playlist (playlist.m3u8) of the files a run
 * wrote, for players without a podcast app: #EXTM3U, then per file an
 * #EXTINF line (whole seconds, title) and its path relative to the
 * playlist, UTF-8. */
#ifndef LDU_PLAYLIST_H
#define LDU_PLAYLIST_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "sink.h"

struct ldu_playlist_entry {
  const char *path;  /* relative to the playlist, UTF-8, borrowed */
  const char *title; /* borrowed */
  int64_t frames;    /* duration */
};

/** Write `n` entries (timed at `rate` Hz) to `sink` as extended M3U;
 *  `title` (may be NULL) becomes a #PLAYLIST line.  Line breaks in titles
 *  become spaces.  LDU_ERR_USAGE when a path is empty or holds a line
 *  break, LDU_ERR_IO when the sink fails. */
enum ldu_status ldu_playlist_write(const struct ldu_playlist_entry *e,
                                   size_t n, int rate, const char *title,
                                   const struct ldu_sink *sink);

#endif
