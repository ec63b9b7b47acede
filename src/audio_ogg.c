/* audio_ogg: Ogg Vorbis and Ogg Opus, mono, through libsndfile, with our
 * comment header (tags, CHAPTERnnn chapters, cover) put in afterwards by
 * ldu_ogg_retag(), which also gives the stream a serial number derived
 * from the audio instead of libsndfile's clock-seeded one.
 *
 * Vorbis is encoded at the input rate in quality (VBR) mode: libsndfile
 * 1.2.0 offers no bitrate for Vorbis.  Opus only runs at 8, 12, 16, 24 or
 * 48 kHz, so the input is resampled to 48 kHz (resample.h) and encoded at
 * a target bitrate: libsndfile maps SFC_SET_COMPRESSION_LEVEL c to
 * (1 - c) * 250000 + 6000 bit/s per channel, which we invert.
 *
 * Chapter times are written in milliseconds of the decoded timeline.  For
 * Opus that timeline starts after the pre-skip (libsndfile stores the
 * encoder's look-ahead there and counts granule positions from it), and
 * the resampler adds no delay, so a chapter at input frame f is at
 * f / rate seconds in every reader.
 *
 * Opus gets a noise floor at -70 dBFS (LDU_OPUS_FLOOR) before it is
 * resampled.  espeak-ng leaves gaps of digital silence, about 12 ms, in
 * the middle of words, before an unvoiced consonant (the x of xing2).
 * libopus 1.3.1 (Debian 12; 1.4 too) in its SILK and hybrid modes, which
 * it picks for speech below about 56 kbit/s, sometimes fills such a gap
 * with a burst of noise at full scale, 5 to 25 ms long, whatever the
 * level of the speech: +4.6 dBTP where the speech peaks at -2.  Noise at
 * -80 dBFS in the gaps already stops it (-90 does not); -70 leaves room
 * and is 54 dB below the speech. */
#include "audio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "ogg_rewrite.h"
#include "resample.h"
#include "vorbis_comment.h"

#define LDU_OPUS_RATE 48000
/* Speech, mono: transparent-sounding Opus. */
#define LDU_OPUS_DEFAULT_KBPS 32
/* below 24, libopus 1.3.1 (SILK only) bursts past -1 dBTP, noise floor
 * or not */
#define LDU_OPUS_MIN_KBPS 24
#define LDU_OPUS_MAX_KBPS 256
/* The noise floor: uniform in -18..18 LSB, -69.7 dBFS RMS (see above). */
#define LDU_OPUS_FLOOR 18
#define LDU_OPUS_CHUNK 4096
/* Cap on the comment header. */
#define LDU_OGG_COMMENT_MAX ((size_t)48 * 1024 * 1024)

struct ogg {
  SNDFILE *sf;
  char *path;
  int rate; /* input rate */
  enum ldu_ogg_codec codec;
  struct ldu_resample *rs; /* Opus only */
  uint32_t hash;           /* FNV-1a of the PCM: seeds the serial number */
  uint32_t noise;          /* xorshift32 state of the noise floor */
  int16_t floor[LDU_OPUS_CHUNK]; /* Opus: the PCM plus the noise floor */
};

static void ogg_free(struct ogg *o) {
  if (o == NULL)
    return;
  if (o->sf != NULL)
    sf_close(o->sf);
  ldu_resample_free(o->rs);
  free(o->path);
  free(o);
}

static enum ldu_status set_level(struct ogg *o, double level,
                                 struct ldu_error *err) {
  if (sf_command(o->sf, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level) !=
      SF_TRUE) {
    ldu_error_set(err, LDU_ERR_ENCODE, o->path, 0);
    ldu_error_detail(err, "cannot set the %s encoder's %s: %s",
                     o->codec == LDU_OGG_OPUS ? "Opus" : "Vorbis",
                     o->codec == LDU_OGG_OPUS ? "bitrate" : "quality",
                     sf_strerror(o->sf));
    return LDU_ERR_ENCODE;
  }
  return LDU_OK;
}

static enum ldu_status ogg_open(void **state, const char *path,
                                const struct ldu_audio_opts *opts,
                                enum ldu_ogg_codec codec,
                                struct ldu_error *err) {
  struct ogg *o;
  SF_INFO info;
  size_t len = strlen(path);
  int kbps =
      opts->bitrate_kbps > 0 ? opts->bitrate_kbps : LDU_OPUS_DEFAULT_KBPS;
  enum ldu_status st = LDU_OK;
  o = calloc(1, sizeof *o);
  if (o == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  o->path = malloc(len + 1);
  if (o->path == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  memcpy(o->path, path, len + 1);
  o->rate = opts->rate;
  o->codec = codec;
  o->hash = 2166136261u;
  o->noise = 2463534242u; /* fixed: the same input gives the same bytes */
  if (codec == LDU_OGG_VORBIS && opts->bitrate_kbps > 0) {
    st = ldu_error_set(err, LDU_ERR_USAGE, path, 0);
    ldu_error_detail(err, "Ogg Vorbis takes a quality, not a bitrate");
    goto out;
  }
  if (codec == LDU_OGG_OPUS &&
      (kbps < LDU_OPUS_MIN_KBPS || kbps > LDU_OPUS_MAX_KBPS)) {
    st = ldu_error_set(err, LDU_ERR_USAGE, path, 0);
    ldu_error_detail(err, "Opus bitrate %d kbps outside %d..%d", kbps,
                     LDU_OPUS_MIN_KBPS, LDU_OPUS_MAX_KBPS);
    goto out;
  }
  memset(&info, 0, sizeof info);
  info.channels = 1;
  if (codec == LDU_OGG_OPUS) {
    st = ldu_resample_new(opts->rate, LDU_OPUS_RATE, &o->rs);
    if (st != LDU_OK) {
      ldu_error_set(err, st, path, 0);
      goto out;
    }
    info.samplerate = LDU_OPUS_RATE;
    info.format = SF_FORMAT_OGG | SF_FORMAT_OPUS;
  } else {
    info.samplerate = opts->rate;
    info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  }
  errno = 0;
  o->sf = sf_open(path, SFM_WRITE, &info);
  if (o->sf == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    ldu_error_detail(err, "%s", sf_strerror(NULL));
    goto out;
  }
  if (codec == LDU_OGG_OPUS) {
    /* +0.5 bit/s: libsndfile truncates to int */
    double level = 1.0 - ((double)kbps * 1000.0 + 0.5 - 6000.0) / 250000.0;
    st = set_level(o, level, err);
  } else if (opts->quality >= 0) {
    st = set_level(o, 1.0 - (opts->quality > 1.0 ? 1.0 : opts->quality), err);
  }
out:
  if (st != LDU_OK) {
    if (o != NULL && o->sf != NULL)
      unlink(path);
    ogg_free(o);
    o = NULL;
  }
  *state = o;
  return st;
}

static enum ldu_status vorbis_open(void **state, const char *path,
                                   const struct ldu_audio_opts *opts,
                                   struct ldu_error *err) {
  return ogg_open(state, path, opts, LDU_OGG_VORBIS, err);
}

static enum ldu_status opus_open(void **state, const char *path,
                                 const struct ldu_audio_opts *opts,
                                 struct ldu_error *err) {
  return ogg_open(state, path, opts, LDU_OGG_OPUS, err);
}

static uint32_t fnv1a(uint32_t h, const int16_t *pcm, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    uint16_t v = (uint16_t)pcm[i];
    h = (h ^ (v & 0xffu)) * 16777619u;
    h = (h ^ (v >> 8)) * 16777619u;
  }
  return h;
}

/* Resample (Opus) and hand to libsndfile. */
static enum ldu_status encode(struct ogg *o, const int16_t *pcm, size_t frames,
                              int last, struct ldu_error *err) {
  const float *f;
  size_t n;
  sf_count_t got;
  enum ldu_status st;
  if (o->rs == NULL) {
    got = sf_writef_short(o->sf, pcm, (sf_count_t)frames);
    n = frames;
  } else {
    st = ldu_resample_run(o->rs, pcm, frames, last, &f, &n);
    if (st != LDU_OK) {
      ldu_error_set(err, st, o->path, 0);
      ldu_error_detail(err, "resampling to 48 kHz failed");
      return st;
    }
    got = n > 0 ? sf_writef_float(o->sf, f, (sf_count_t)n) : 0;
  }
  if (got != (sf_count_t)n) {
    ldu_error_set(err, LDU_ERR_ENCODE, o->path, errno);
    ldu_error_detail(err, "%s", sf_strerror(o->sf));
    return LDU_ERR_ENCODE;
  }
  return LDU_OK;
}

/* Copy `n` (at most LDU_OPUS_CHUNK) frames into o->floor, noise added. */
static void add_floor(struct ogg *o, const int16_t *pcm, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    uint32_t x = o->noise;
    int32_t v;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    o->noise = x;
    v = (int32_t)pcm[i] + (int32_t)(x % (2 * LDU_OPUS_FLOOR + 1)) -
        LDU_OPUS_FLOOR;
    if (v > INT16_MAX)
      v = INT16_MAX;
    else if (v < INT16_MIN)
      v = INT16_MIN;
    o->floor[i] = (int16_t)v;
  }
}

/* Encode, Opus with the noise floor, a chunk at a time. */
static enum ldu_status feed(struct ogg *o, const int16_t *pcm, size_t frames,
                            int last, struct ldu_error *err) {
  size_t done = 0;
  enum ldu_status st;
  if (o->rs == NULL || frames == 0)
    return encode(o, pcm, frames, last, err);
  while (done < frames) {
    size_t n = frames - done;
    if (n > LDU_OPUS_CHUNK)
      n = LDU_OPUS_CHUNK;
    add_floor(o, pcm + done, n);
    st = encode(o, o->floor, n, last && done + n == frames, err);
    if (st != LDU_OK)
      return st;
    done += n;
  }
  return LDU_OK;
}

static enum ldu_status ogg_write(void *state, const int16_t *pcm, size_t frames,
                                 struct ldu_error *err) {
  struct ogg *o = state;
  if (frames > (uint64_t)INT64_MAX)
    return ldu_error_set(err, LDU_ERR_USAGE, o->path, 0);
  o->hash = fnv1a(o->hash, pcm, frames);
  return feed(o, pcm, frames, 0, err);
}

static enum ldu_status ogg_close(void *state, const struct ldu_tags *tags,
                                 const struct ldu_chapter *ch, size_t n,
                                 int64_t frames, struct ldu_error *err) {
  struct ogg *o = state;
  struct ldu_vc vc;
  int rc;
  enum ldu_status st = LDU_OK;
  (void)frames;
  ldu_vc_init(&vc, LDU_OGG_COMMENT_MAX);
  if (o->rs != NULL)
    st = feed(o, NULL, 0, 1, err);
  rc = sf_close(o->sf);
  o->sf = NULL;
  if (st != LDU_OK)
    goto out;
  if (rc != 0) {
    st = ldu_error_set(err, LDU_ERR_ENCODE, o->path, errno);
    ldu_error_detail(err, "%s", sf_error_number(rc));
    goto out;
  }
  st = ldu_vc_add_tags(&vc, tags, ch, n, o->rate, 1);
  if (st != LDU_OK) {
    ldu_error_set(err, st, o->path, 0);
    ldu_error_detail(err, "cannot build the comment header");
    goto out;
  }
  st = ldu_ogg_retag(o->path, o->codec, &vc, o->hash, err);
out:
  ldu_vc_free(&vc);
  ogg_free(o);
  return st;
}

static void ogg_abort(void *state) { ogg_free(state); }

const struct ldu_audio_writer ldu_audio_vorbis_writer = {
    "ogg", vorbis_open, ogg_write, ogg_close, ogg_abort,
};

const struct ldu_audio_writer ldu_audio_opus_writer = {
    "opus", opus_open, ogg_write, ogg_close, ogg_abort,
};
