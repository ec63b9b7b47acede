/* audio: one audio file per section, with tags and chapter markers.
 *
 * The synthesiser hands PCM (mono, signed 16-bit) to ldu_audio_write();
 * ldu_audio_close() finishes the file and writes the tags and chapters,
 * which are only known once the whole section has been spoken.  Each
 * container has its own writer behind this interface (audio_wav.c, ...). */
#ifndef LDU_AUDIO_H
#define LDU_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum ldu_format {
  LDU_FORMAT_WAV = 0,
  LDU_FORMAT_FLAC,
  LDU_FORMAT_OGG,
  LDU_FORMAT_OPUS,
  LDU_FORMAT_MP3,
  LDU_FORMAT_COUNT
};

/* A chapter marker.  Times are sample frames at the rate given to
 * ldu_audio_open(); end is the next chapter's start (or the file's end). */
struct ldu_chapter {
  int64_t start;
  int64_t end;
  const char *title; /* UTF-8, borrowed */
};

struct ldu_picture; /* picture.h */

/* Tags; any string may be NULL (not written), track 0 means none. */
struct ldu_tags {
  const char *title;  /* the section */
  const char *artist; /* the narrator */
  const char *album;  /* the article */
  const char *date;   /* YYYY or YYYY-MM-DD */
  const char *genre;  /* "Speech" */
  int track;          /* 1-based section number */
  int track_total;    /* number of sections */
  /* Front cover; NULL: none.  ldu_audio_close() fills it in from
   * ldu_audio_opts.cover when it is NULL here. */
  const struct ldu_picture *cover;
};

struct ldu_audio_opts {
  enum ldu_format format;
  int rate;          /* input sample rate, Hz */
  int bitrate_kbps;  /* 0 = the writer's default */
  double quality;    /* 0..1, < 0 = the writer's default */
  int id3_version;   /* MP3: 3 (ID3v2.3, UTF-16) or 4; 0 = 4 */
  /* Cover embedded in every file (picture.h); NULL: none.  Borrowed:
   * it must outlive the writer. */
  const struct ldu_picture *cover;
};

/* AntennaPod shows at most this many chapters of a file. */
#define LDU_AUDIO_CHAPTERS_SHOWN 100

struct ldu_audio;

/** File extension (without dot) for `fmt`, e.g. "wav"; NULL if unknown. */
const char *ldu_audio_ext(enum ldu_format fmt);

/** The most chapters a file of format `fmt` keeps (later ones are left
 *  out): 999 in FLAC and Ogg (CHAPTERnnn has three digits), SIZE_MAX
 *  otherwise. */
size_t ldu_audio_max_chapters(enum ldu_format fmt);

/** Parse a format name or extension ("wav", "MP3", "oga", ...) into `*out`;
 *  LDU_ERR_USAGE when unknown. */
enum ldu_status ldu_audio_format_parse(const char *name,
                                       enum ldu_format *out);

/** Create `path` (replacing it) and start writing audio into it.
 *  On LDU_OK `*out` belongs to the caller until ldu_audio_close() or
 *  ldu_audio_abort().  LDU_ERR_FORMAT when the format is not available. */
enum ldu_status ldu_audio_open(const char *path,
                               const struct ldu_audio_opts *opts,
                               struct ldu_audio **out, struct ldu_error *err);

/** Append `frames` mono 16-bit samples. */
enum ldu_status ldu_audio_write(struct ldu_audio *a, const int16_t *pcm,
                                size_t frames, struct ldu_error *err);

/** Total frames written so far. */
int64_t ldu_audio_frames(const struct ldu_audio *a);

/** Finish the file, write `tags` (may be NULL) and `n` chapters (`ch` may
 *  be NULL when n is 0; sorted by start), and free `a` in every case.
 *  On failure the partial file is removed. */
enum ldu_status ldu_audio_close(struct ldu_audio *a,
                                const struct ldu_tags *tags,
                                const struct ldu_chapter *ch, size_t n,
                                struct ldu_error *err);

/** Stop writing, remove the partial file and free `a`; NULL is a no-op. */
void ldu_audio_abort(struct ldu_audio *a);

/* Writer interface, for audio.c and the per-container audio_<fmt>.c files
 * only; callers use the functions above.  audio.c checks the arguments,
 * counts frames and removes the file when close fails or on abort; a
 * writer only produces the bytes and frees its state.  `state` is the
 * writer's own, made by open. */
typedef enum ldu_status (*ldu_audio_open_fn)(void **state, const char *path,
                                             const struct ldu_audio_opts *opts,
                                             struct ldu_error *err);
typedef enum ldu_status (*ldu_audio_write_fn)(void *state,
                                              const int16_t *pcm,
                                              size_t frames,
                                              struct ldu_error *err);
/* Finish the file and free `state`, whatever the outcome.  `frames` is
 * the total written. */
typedef enum ldu_status (*ldu_audio_close_fn)(void *state,
                                              const struct ldu_tags *tags,
                                              const struct ldu_chapter *ch,
                                              size_t n, int64_t frames,
                                              struct ldu_error *err);
/* Free `state` without finishing the file. */
typedef void (*ldu_audio_abort_fn)(void *state);

struct ldu_audio_writer {
  const char *name; /* "wav", for messages */
  ldu_audio_open_fn open;
  ldu_audio_write_fn write;
  ldu_audio_close_fn close;
  ldu_audio_abort_fn abort;
};

/* audio_wav.c: 16-bit PCM WAV with cue/labl and an id3 chunk. */
extern const struct ldu_audio_writer ldu_audio_wav_writer;
/* audio_mp3.c: MP3 (LAME via libsndfile) behind an ID3v2.4/2.3 tag. */
extern const struct ldu_audio_writer ldu_audio_mp3_writer;
/* audio_flac.c: FLAC (libsndfile) with Vorbis comments (libFLAC). */
extern const struct ldu_audio_writer ldu_audio_flac_writer;
/* audio_ogg.c: Ogg Vorbis and Ogg Opus (libsndfile), comment header
 * rewritten with libogg. */
extern const struct ldu_audio_writer ldu_audio_vorbis_writer;
extern const struct ldu_audio_writer ldu_audio_opus_writer;

#endif
