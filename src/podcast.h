/* podcast: everything beside the audio that podcast apps, players and
 * screen-free listeners use -- per audio file its chapters JSON
 * (chapters.h), WebVTT and SRT transcripts (subtitle.h); for the run a
 * playlist.m3u8 (playlist.h) and a feed.xml (feed.h); and the list of
 * every file written, with sizes and SHA-256 (hash.h), for the manifest.
 * Runs after narrate.c has written the audio. */
#ifndef LDU_PODCAST_H
#define LDU_PODCAST_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"
#include "doc.h"
#include "error.h"
#include "hash.h"
#include "narrate.h"

struct ldu_podcast_opts {
  const char *out_dir;
  const char *title;    /* the article's */
  const char *author;   /* may be NULL */
  const char *cover;    /* may be NULL */
  const char *base_url; /* may be NULL */
  const char *settings; /* what else shapes the audio (voice, rate, ...),
                           hashed into the episode guids */
  int64_t date;         /* pubDate, seconds since the epoch */
  enum ldu_format format;
  int rate;             /* Hz */
  int sidecars;         /* 0: no chapters JSON, transcripts, playlist, feed */
  int sections;         /* 0: the section files were not written */
};

/* One file a run wrote, relative to the output folder. */
struct ldu_file_entry {
  char *path;
  const char *kind; /* "audio", "chapters", "vtt", "srt", "book", "book-
                       chapters", "book-vtt", "book-srt", "playlist",
                       "feed", "epub", "daisy"; static */
  int64_t size;
  char sha256[LDU_SHA256_HEX];
};

struct ldu_files {
  struct ldu_file_entry *v;
  size_t n;
  size_t cap;
};

/** Write the sidecars of the `n` sections in `secs` (and of `book`, may
 *  be NULL) into o->out_dir, then hash every file written, audio
 *  included, into `files` (zeroed by the caller; free with
 *  ldu_files_free(), also on error).  LDU_ERR_IO (path, errno),
 *  LDU_ERR_NOMEM, LDU_ERR_USAGE. */
enum ldu_status ldu_podcast_write(const struct ldu_podcast_opts *o,
                                  const struct ldu_doc *doc,
                                  const struct ldu_section_out *secs,
                                  size_t n,
                                  const struct ldu_section_out *book,
                                  struct ldu_files *files,
                                  struct ldu_error *err);

/** Free what `f` owns and zero it. */
void ldu_files_free(struct ldu_files *f);

/** Add `path` (relative to the output folder; copied) of `kind` (static)
 *  to `f`, not yet hashed.  LDU_ERR_NOMEM. */
enum ldu_status ldu_files_add(struct ldu_files *f, const char *path,
                              const char *kind);

/** Hash every file of `f` not hashed yet, found under `dir`: its size and
 *  SHA-256.  LDU_ERR_IO (path, errno), LDU_ERR_NOMEM. */
enum ldu_status ldu_files_hash(const char *dir, struct ldu_files *f,
                               struct ldu_error *err);

/** The introduction of `doc`: the first text paragraph after the title
 *  heading (else the first text paragraph), its sentences joined.  Caller
 *  frees; NULL when out of memory. */
char *ldu_podcast_intro(const struct ldu_doc *doc);

#endif
