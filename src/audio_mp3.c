/* audio_mp3: MPEG-1/2 Layer III through libsndfile (LAME), mono, with an
 * ID3v2 tag in front carrying the tags and the chapters (CTOC + CHAP).
 *
 * libsndfile 1.2.0 writes no ID3v2 at all; given strings before the first
 * write it appends a 128-byte ID3v1 trailer with the UTF-8 bytes cut at
 * 30, which no reader decodes right.  So this writer gives libsndfile no
 * strings and, after sf_close(), copies the file into a temporary beside
 * it, behind ldu_id3_build()'s tag, leaving out any ID3v2 tag at the start
 * or ID3v1 trailer at the end, and renames the copy over the original.
 * The first MPEG frame stays first: it is LAME's Xing/Info frame with the
 * encoder delay and padding, which decoders use to trim the start.
 *
 * ID3v2.4 (UTF-8) by default; ID3v2.3 (UTF-16) when asked
 * (ldu_audio_opts.id3_version 3, `--id3v2.3`): Windows Explorer and older
 * players read only 2.3; mutagen, eyeD3, ffmpeg and music-metadata read
 * both.
 *
 * Bitrate: libsndfile 1.2.0 has no "kbps" command.  SFC_SET_COMPRESSION_LEVEL
 * c in CBR mode asks LAME for max - c * (max - min) kbps, truncated, where
 * [min, max] is [32, 320] at 32 kHz and up (MPEG-1), [8, 160] at 16..24 kHz
 * (MPEG-2; espeak-ng's 22050 Hz) and [8, 64] below (MPEG-2.5); LAME then
 * takes the nearest bitrate the MPEG version has (MPEG-2: 8 16 24 32 40 48
 * 56 64 80 96 112 128 144 160).  So a wanted K kbps is asked for with
 * c = (max - K - 0.5) / (max - min).  In ABR mode the same c gives
 * LAME's mean bitrate; we use ABR when LAME's Info frame (with the
 * encoder delay, for gapless decoding and exact times) does not fit one
 * CBR frame: below 56 kbps at 22050 Hz.  libsndfile opens MP3 files in VBR
 * mode, where c is LAME's VBR quality c * 10 (-V0 best .. -V9; our
 * quality q, 0..1 with 1 best, is c = 1 - q); so the level is set first
 * and then SFC_SET_BITRATE_MODE, which re-reads the level for the new
 * mode (setting the mode first fails: no level yet). */
#include "audio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "buf.h"
#include "cleanup.h"
#include "id3.h"
#include "fileio.h"

#define LDU_MP3_PADDING 512
/* Speech, mono: CBR (every player seeks it exactly) at 64 kbps. */
#define LDU_MP3_DEFAULT_KBPS 64
/* LAME's Xing/Info + LAME tag, after the frame header and side info. */
#define LDU_MP3_LAMETAG 156

struct mp3 {
  SNDFILE *sf;
  char *path;
  int rate;
  int id3_version;
};

/* The CBR bitrates libsndfile can ask LAME for at `rate` Hz. */
static void kbps_range(int rate, int *min, int *max) {
  if (rate >= 32000) {
    *min = 32;
    *max = 320;
  } else if (rate >= 16000) {
    *min = 8;
    *max = 160;
  } else {
    *min = 8;
    *max = 64;
  }
}

/* Whether LAME's Info frame fits a CBR frame of `kbps` at `rate` Hz
 * (mono).  Without it there is no record of the encoder delay (1105
 * samples, 50 ms at 22050 Hz) and padding: players start the audio that
 * much late, and the chapters early.  LAME then writes no tag at all in
 * CBR, while in ABR it writes the tag in a frame of a higher bitrate. */
static int lametag_fits(int rate, int kbps) {
  int mpeg1 = rate >= 32000;
  long frame = (long)(mpeg1 ? 144000 : 72000) * kbps / rate;
  return frame >= 4 + (mpeg1 ? 17 : 9) + LDU_MP3_LAMETAG;
}

static enum ldu_status set_command(struct mp3 *m, int cmd, void *data,
                                   int size, const char *what,
                                   struct ldu_error *err) {
  if (sf_command(m->sf, cmd, data, size) != SF_TRUE) {
    ldu_error_set(err, LDU_ERR_ENCODE, m->path, 0);
    ldu_error_detail(err, "cannot set the MP3 %s: %s", what,
                     sf_strerror(m->sf));
    return LDU_ERR_ENCODE;
  }
  return LDU_OK;
}

static void mp3_free(struct mp3 *m) {
  if (m == NULL)
    return;
  if (m->sf != NULL)
    sf_close(m->sf);
  free(m->path);
  free(m);
}

static enum ldu_status mp3_open(void **state, const char *path,
                                const struct ldu_audio_opts *opts,
                                struct ldu_error *err) {
  struct mp3 *m;
  SF_INFO info;
  size_t len = strlen(path);
  int kbps = opts->bitrate_kbps > 0 ? opts->bitrate_kbps
                                    : LDU_MP3_DEFAULT_KBPS;
  int min;
  int max;
  double level;
  enum ldu_status st = LDU_OK;
  m = calloc(1, sizeof *m);
  if (m == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  m->path = malloc(len + 1);
  if (m->path == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  memcpy(m->path, path, len + 1);
  m->rate = opts->rate;
  m->id3_version = opts->id3_version == 3 ? 3 : 4;
  if (opts->id3_version != 0 && opts->id3_version != 3 &&
      opts->id3_version != 4) {
    st = ldu_error_set(err, LDU_ERR_USAGE, path, 0);
    ldu_error_detail(err, "ID3v2.%d: only 2.3 and 2.4 are written",
                     opts->id3_version);
    goto out;
  }
  if (opts->quality >= 0 && opts->bitrate_kbps > 0) {
    st = ldu_error_set(err, LDU_ERR_USAGE, path, 0);
    ldu_error_detail(err, "MP3 takes a bitrate (CBR) or a quality (VBR), "
                          "not both");
    goto out;
  }
  kbps_range(opts->rate, &min, &max);
  if (opts->quality < 0 && (kbps < min || kbps > max)) {
    st = ldu_error_set(err, LDU_ERR_USAGE, path, 0);
    ldu_error_detail(err, "MP3 at %d Hz takes %d..%d kbps, not %d",
                     opts->rate, min, max, kbps);
    goto out;
  }
  memset(&info, 0, sizeof info);
  info.samplerate = opts->rate;
  info.channels = 1;
  info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
  errno = 0;
  m->sf = sf_open(path, SFM_WRITE, &info);
  if (m->sf == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    ldu_error_detail(err, "%s", sf_strerror(NULL));
    goto out;
  }
  /* see the top of the file for the mapping */
  if (opts->quality >= 0) {
    int mode = SF_BITRATE_MODE_VARIABLE;
    level = 1.0 - (opts->quality > 1.0 ? 1.0 : opts->quality);
    st = set_command(m, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level,
                     "quality", err);
    if (st == LDU_OK)
      st = set_command(m, SFC_SET_BITRATE_MODE, &mode, sizeof mode,
                       "VBR mode", err);
  } else {
    /* CBR when the Info frame fits, else ABR at that average */
    int mode = lametag_fits(opts->rate, kbps) ? SF_BITRATE_MODE_CONSTANT
                                              : SF_BITRATE_MODE_AVERAGE;
    level = ((double)max - kbps - 0.5) / (max - min);
    if (level < 0)
      level = 0;
    st = set_command(m, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level,
                     "bitrate", err);
    if (st == LDU_OK)
      st = set_command(m, SFC_SET_BITRATE_MODE, &mode, sizeof mode,
                       "bitrate mode", err);
  }
  if (st != LDU_OK)
    unlink(path);
out:
  if (st != LDU_OK) {
    mp3_free(m);
    m = NULL;
  }
  *state = m;
  return st;
}

static enum ldu_status mp3_write(void *state, const int16_t *pcm, size_t frames,
                                 struct ldu_error *err) {
  struct mp3 *m = state;
  sf_count_t got;
  if (frames > (uint64_t)INT64_MAX)
    return ldu_error_set(err, LDU_ERR_USAGE, m->path, 0);
  got = sf_writef_short(m->sf, pcm, (sf_count_t)frames);
  if (got != (sf_count_t)frames) {
    ldu_error_set(err, LDU_ERR_ENCODE, m->path, errno);
    ldu_error_detail(err, "%s", sf_strerror(m->sf));
    return LDU_ERR_ENCODE;
  }
  return LDU_OK;
}

/* The MPEG data in `fd`: [*from, *to), without a leading ID3v2 tag or a
 * trailing ID3v1 "TAG" block. */
static int audio_span(int fd, off_t size, off_t *from, off_t *to) {
  unsigned char h[10];
  *from = 0;
  *to = size;
  if (size >= 10) {
    if (ldu_read_at(fd, h, 10, 0) != 0)
      return -1;
    if (memcmp(h, "ID3", 3) == 0 && ((h[6] | h[7] | h[8] | h[9]) & 0x80) == 0)
      *from = 10 +
              ((off_t)h[6] << 21 | (off_t)h[7] << 14 | (off_t)h[8] << 7 |
               (off_t)h[9]) +
              ((h[5] & 0x10) ? 10 : 0); /* footer */
  }
  if (size - *from >= 128) {
    if (ldu_read_at(fd, h, 3, size - 128) != 0)
      return -1;
    if (memcmp(h, "TAG", 3) == 0)
      *to = size - 128;
  }
  if (*from > *to)
    return -1;
  return 0;
}

static enum ldu_status mp3_close(void *state, const struct ldu_tags *tags,
                                 const struct ldu_chapter *ch, size_t n,
                                 int64_t frames, struct ldu_error *err) {
  struct mp3 *m = state;
  struct ldu_buf tag;
  struct ldu_buf tmp;
  struct stat sb;
  unsigned char buf[65536];
  off_t from;
  off_t to;
  int in = -1;
  int fd = -1;
  int have_tmp = 0; /* tmp.data names a file of ours */
  int slot = -1;    /* its cleanup registration (signals) */
  int rc;
  enum ldu_status st;
  ldu_buf_init(&tag, (size_t)1 << 29);
  ldu_buf_init(&tmp, 4096);
  rc = sf_close(m->sf);
  m->sf = NULL;
  if (rc != 0) {
    st = ldu_error_set(err, LDU_ERR_ENCODE, m->path, errno);
    ldu_error_detail(err, "%s", sf_error_number(rc));
    goto out;
  }
  st = ldu_id3_build(&tag, m->id3_version, tags, ch, n, m->rate, frames,
                     LDU_MP3_PADDING);
  if (st != LDU_OK) {
    ldu_error_set(err, st, m->path, 0);
    ldu_error_detail(err, "cannot build the ID3v2 tag");
    goto out;
  }
  st = ldu_buf_printf(&tmp, "%s.XXXXXX", m->path);
  if (st != LDU_OK) {
    ldu_error_set(err, st, m->path, 0);
    goto out;
  }
  in = open(m->path, O_RDONLY);
  if (in < 0 || fstat(in, &sb) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, m->path, errno);
    goto out;
  }
  if (audio_span(in, sb.st_size, &from, &to) != 0) {
    st = ldu_error_set(err, LDU_ERR_FORMAT, m->path, 0);
    ldu_error_detail(err, "cannot find the MPEG data libsndfile wrote");
    goto out;
  }
  fd = ldu_cleanup_mkstemp(tmp.data, &slot);
  if (fd < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, tmp.data, errno);
    goto out;
  }
  have_tmp = 1;
  if (fchmod(fd, sb.st_mode & 0777) != 0 ||
      ldu_write_all(fd, tag.data, tag.len) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, tmp.data, errno);
    goto out;
  }
  while (from < to) {
    size_t k = sizeof buf;
    if ((off_t)k > to - from)
      k = (size_t)(to - from);
    if (ldu_read_at(in, buf, k, from) != 0) {
      st = ldu_error_set(err, LDU_ERR_IO, m->path, errno);
      goto out;
    }
    if (ldu_write_all(fd, buf, k) != 0) {
      st = ldu_error_set(err, LDU_ERR_IO, tmp.data, errno);
      goto out;
    }
    from += (off_t)k;
  }
  rc = close(fd);
  fd = -1;
  if (rc != 0 || rename(tmp.data, m->path) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, m->path, errno);
    goto out;
  }
  have_tmp = 0; /* renamed over the original */
out:
  if (fd >= 0)
    close(fd);
  if (in >= 0)
    close(in);
  if (have_tmp)
    unlink(tmp.data);
  ldu_cleanup_forget(slot);
  ldu_buf_free(&tmp);
  ldu_buf_free(&tag);
  mp3_free(m);
  return st;
}

static void mp3_abort(void *state) { mp3_free(state); }

const struct ldu_audio_writer ldu_audio_mp3_writer = {
    "mp3", mp3_open, mp3_write, mp3_close, mp3_abort,
};
