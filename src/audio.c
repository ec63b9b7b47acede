/* audio: the format table and the dispatch to one writer per container.
 *
 * Each container lives in its own audio_<fmt>.c and exports a
 * struct ldu_audio_writer (see audio.h); adding one is a new file plus
 * its entry in `formats` below.  This file owns what every writer
 * shares: argument checks, the frame count, and removing the partial
 * file when a writer fails or the caller aborts. */
#include "audio.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "vorbis_comment.h"

struct ldu_audio {
  const struct ldu_audio_writer *w;
  void *state; /* the writer's */
  char *path;  /* owned copy, for messages */
  struct ldu_atomic file; /* the temporary the writer fills (cleanup.h) */
  int64_t frames;
  const struct ldu_picture *cover; /* from the options, borrowed */
};

struct ldu_format_info {
  const char *ext;                  /* canonical extension */
  const char *const names[4];       /* other accepted names, NULL-ended */
  const struct ldu_audio_writer *w; /* NULL: not supported yet */
  size_t max_chapters;
};

static const struct ldu_format_info formats[LDU_FORMAT_COUNT] = {
    [LDU_FORMAT_WAV] = {"wav", {"wave", NULL}, &ldu_audio_wav_writer,
                        SIZE_MAX},
    [LDU_FORMAT_FLAC] = {"flac", {NULL}, &ldu_audio_flac_writer,
                         LDU_VC_MAX_CHAPTERS},
    [LDU_FORMAT_OGG] = {"ogg", {"oga", "vorbis", NULL}, &ldu_audio_vorbis_writer,
                        LDU_VC_MAX_CHAPTERS},
    [LDU_FORMAT_OPUS] = {"opus", {NULL}, &ldu_audio_opus_writer,
                         LDU_VC_MAX_CHAPTERS},
    [LDU_FORMAT_MP3] = {"mp3", {NULL}, &ldu_audio_mp3_writer, SIZE_MAX},
};

const char *ldu_audio_ext(enum ldu_format fmt) {
  if ((unsigned)fmt >= LDU_FORMAT_COUNT)
    return NULL;
  return formats[fmt].ext;
}

size_t ldu_audio_max_chapters(enum ldu_format fmt) {
  if ((unsigned)fmt >= LDU_FORMAT_COUNT)
    return 0;
  return formats[fmt].max_chapters;
}

/* ASCII case-insensitive equality (strcasecmp is locale-dependent). */
static int name_eq(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    int x = (unsigned char)*a;
    int y = (unsigned char)*b;
    if (x >= 'A' && x <= 'Z')
      x += 'a' - 'A';
    if (y >= 'A' && y <= 'Z')
      y += 'a' - 'A';
    if (x != y)
      return 0;
  }
  return *a == '\0' && *b == '\0';
}

enum ldu_status ldu_audio_format_parse(const char *name, enum ldu_format *out) {
  size_t f;
  size_t i;
  if (name == NULL || out == NULL)
    return LDU_ERR_USAGE;
  for (f = 0; f < LDU_FORMAT_COUNT; f++) {
    int hit = name_eq(name, formats[f].ext);
    for (i = 0; !hit && formats[f].names[i] != NULL; i++)
      hit = name_eq(name, formats[f].names[i]);
    if (hit) {
      *out = (enum ldu_format)f;
      return LDU_OK;
    }
  }
  return LDU_ERR_USAGE;
}

/* Messages name the file the user asked for, not its temporary. */
static void final_name(const struct ldu_audio *a, struct ldu_error *err) {
  if (err != NULL && a->file.tmp != NULL &&
      strcmp(err->path, a->file.tmp) == 0)
    snprintf(err->path, sizeof err->path, "%s", a->path);
}

enum ldu_status ldu_audio_open(const char *path,
                               const struct ldu_audio_opts *opts,
                               struct ldu_audio **out, struct ldu_error *err) {
  struct ldu_audio *a = NULL;
  enum ldu_status st;
  size_t len;
  if (out != NULL)
    *out = NULL;
  if (path == NULL || opts == NULL || out == NULL || opts->rate <= 0 ||
      (unsigned)opts->format >= LDU_FORMAT_COUNT) {
    st = ldu_error_set(err, LDU_ERR_USAGE, path, 0);
    goto out;
  }
  if (formats[opts->format].w == NULL) {
    st = ldu_error_set(err, LDU_ERR_FORMAT, path, 0);
    ldu_error_detail(err, "%s output is not supported yet",
                     formats[opts->format].ext);
    goto out;
  }
  a = calloc(1, sizeof *a);
  if (a == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  len = strlen(path);
  a->path = malloc(len + 1);
  if (a->path == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  memcpy(a->path, path, len + 1);
  a->w = formats[opts->format].w;
  a->cover = opts->cover;
  /* the writer fills DIR/.NAME.tmp-PID; close renames it to `path` */
  st = ldu_atomic_begin(&a->file, path, NULL, err);
  if (st != LDU_OK)
    goto out;
  st = a->w->open(&a->state, a->file.tmp, opts, err);
  final_name(a, err);
  if (st != LDU_OK)
    goto out;
  *out = a;
  a = NULL;
out:
  if (a != NULL) {
    ldu_atomic_abort(&a->file);
    free(a->path);
    free(a);
  }
  return st;
}

enum ldu_status ldu_audio_write(struct ldu_audio *a, const int16_t *pcm,
                                size_t frames, struct ldu_error *err) {
  enum ldu_status st;
  if (a == NULL || (pcm == NULL && frames > 0))
    return ldu_error_set(err, LDU_ERR_USAGE, NULL, 0);
  if (frames == 0)
    return LDU_OK;
  if (frames > (uint64_t)(INT64_MAX - a->frames))
    return ldu_error_set(err, LDU_ERR_NOMEM, a->path, 0);
  st = a->w->write(a->state, pcm, frames, err);
  if (st == LDU_OK)
    a->frames += (int64_t)frames;
  else
    final_name(a, err);
  return st;
}

int64_t ldu_audio_frames(const struct ldu_audio *a) {
  return a == NULL ? 0 : a->frames;
}

enum ldu_status ldu_audio_close(struct ldu_audio *a,
                                const struct ldu_tags *tags,
                                const struct ldu_chapter *ch, size_t n,
                                struct ldu_error *err) {
  enum ldu_status st;
  size_t i;
  if (a == NULL)
    return ldu_error_set(err, LDU_ERR_USAGE, NULL, 0);
  if (n > 0 && ch == NULL) {
    st = ldu_error_set(err, LDU_ERR_USAGE, a->path, 0);
    ldu_error_detail(err, "chapters missing");
    a->w->abort(a->state);
    goto out;
  }
  for (i = 0; i < n; i++) {
    if (ch[i].start < 0 || ch[i].start > a->frames ||
        (i > 0 && ch[i].start < ch[i - 1].start)) {
      st = ldu_error_set(err, LDU_ERR_USAGE, a->path, 0);
      ldu_error_detail(err,
                       "chapter %zu starts at frame %lld, outside "
                       "0..%lld or before the previous one",
                       i + 1, (long long)ch[i].start, (long long)a->frames);
      a->w->abort(a->state);
      goto out;
    }
  }
  if (tags != NULL && tags->cover == NULL && a->cover != NULL) {
    struct ldu_tags with_cover = *tags;
    with_cover.cover = a->cover;
    st = a->w->close(a->state, &with_cover, ch, n, a->frames, err);
  } else {
    st = a->w->close(a->state, tags, ch, n, a->frames, err);
  }
out:
  final_name(a, err);
  if (st == LDU_OK)
    st = ldu_atomic_commit(&a->file, err);
  else
    ldu_atomic_abort(&a->file);
  free(a->path);
  free(a);
  return st;
}

void ldu_audio_abort(struct ldu_audio *a) {
  if (a == NULL)
    return;
  a->w->abort(a->state);
  ldu_atomic_abort(&a->file);
  free(a->path);
  free(a);
}
