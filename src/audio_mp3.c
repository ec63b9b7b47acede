/* audio_mp3: MPEG-1/2 Layer III with libmp3lame (LAME), mono, with an
 * ID3v2 tag in front carrying the tags and the chapters (CTOC + CHAP).
 *
 * LAME directly, not through libsndfile, which wraps the same library:
 * libsndfile 1.2.0 cannot set LAME's algorithm quality, and at LAME's
 * default (-q 3) encoding was the largest part of a whole run; -q 7
 * ("fast", noise shaping and the slowest psychoacoustic searches off)
 * encodes twice as fast and for a synthetic voice at 64 kbit/s sounds
 * the same.  libsndfile also writes no ID3v2 (and an ID3v1 trailer with
 * UTF-8 cut at 30 bytes), so the tag was ours either way.
 *
 * The encoder's frames go to the file as they come; LAME's first frame
 * is a blank Xing/Info frame that lame_get_lametag_frame() fills in at
 * the end (encoder delay and padding, which decoders use to trim the
 * start: gapless, and chapter times exact).  Then the file is copied
 * into a temporary beside it, behind ldu_id3_build()'s tag, and renamed
 * over the original.
 *
 * ID3v2.4 (UTF-8) by default; ID3v2.3 (UTF-16) when asked
 * (ldu_audio_opts.id3_version 3, `--id3v2.3`): Windows Explorer and older
 * players read only 2.3; mutagen, eyeD3, ffmpeg and music-metadata read
 * both.
 *
 * Bitrate: CBR at the wanted kbps (LAME takes the nearest bitrate the MPEG
 * version has; MPEG-2 at espeak-ng's 22050 Hz: 8 16 24 32 40 48 56 64 80
 * 96 112 128 144 160); ABR at that mean when LAME's Info frame does not
 * fit one CBR frame (below 56 kbps at 22050 Hz); with a quality q (0..1,
 * 1 best) VBR at LAME's -V (1 - q) * 10. */
#include "audio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lame/lame.h>

#include "buf.h"
#include "cleanup.h"
#include "id3.h"
#include "fileio.h"

#define LDU_MP3_PADDING 512
/* Speech, mono: CBR (every player seeks it exactly) at 64 kbps. */
#define LDU_MP3_DEFAULT_KBPS 64
/* LAME's Xing/Info + LAME tag, after the frame header and side info. */
#define LDU_MP3_LAMETAG 156
/* LAME's algorithm quality, 0 best .. 9 fastest (see the top). */
#define LDU_MP3_LAME_QUALITY 7
/* Frames given to LAME at a time (its output buffer is sized for it). */
#define LDU_MP3_CHUNK 4096
/* LAME's worst case for LDU_MP3_CHUNK samples: 1.25 n + 7200. */
#define LDU_MP3_OUTBUF (LDU_MP3_CHUNK * 5 / 4 + 7200)

struct mp3 {
  lame_global_flags *lame;
  int fd;       /* the file, written as frames come */
  char *path;
  int rate;
  int id3_version;
  unsigned char out[LDU_MP3_OUTBUF];
};

/* The bitrates LAME offers at `rate` Hz. */
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

static void mp3_free(struct mp3 *m) {
  if (m == NULL)
    return;
  if (m->lame != NULL)
    lame_close(m->lame);
  if (m->fd >= 0)
    close(m->fd);
  free(m->path);
  free(m);
}

/* Write LAME's output `n` (< 0: its error) to the file. */
static enum ldu_status put(struct mp3 *m, int n, struct ldu_error *err) {
  if (n < 0) {
    ldu_error_set(err, LDU_ERR_ENCODE, m->path, 0);
    ldu_error_detail(err, "LAME failed (%d)", n);
    return LDU_ERR_ENCODE;
  }
  if (n > 0 && ldu_write_all(m->fd, m->out, (size_t)n) != 0)
    return ldu_error_set(err, LDU_ERR_IO, m->path, errno);
  return LDU_OK;
}

static enum ldu_status mp3_open(void **state, const char *path,
                                const struct ldu_audio_opts *opts,
                                struct ldu_error *err) {
  struct mp3 *m;
  size_t len = strlen(path);
  int kbps = opts->bitrate_kbps > 0 ? opts->bitrate_kbps
                                    : LDU_MP3_DEFAULT_KBPS;
  int min;
  int max;
  enum ldu_status st = LDU_OK;
  m = calloc(1, sizeof *m);
  if (m == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  m->fd = -1;
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
  m->lame = lame_init();
  if (m->lame == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, 0);
    goto out;
  }
  lame_set_in_samplerate(m->lame, opts->rate);
  lame_set_out_samplerate(m->lame, opts->rate);
  lame_set_num_channels(m->lame, 1);
  lame_set_mode(m->lame, MONO);
  lame_set_quality(m->lame, LDU_MP3_LAME_QUALITY);
  lame_set_bWriteVbrTag(m->lame, 1);
  lame_set_write_id3tag_automatic(m->lame, 0);
  if (opts->quality >= 0) {
    double v = (1.0 - (opts->quality > 1.0 ? 1.0 : opts->quality)) * 10.0;
    lame_set_VBR(m->lame, vbr_default);
    lame_set_VBR_quality(m->lame, (float)(v > 9.999 ? 9.999 : v));
  } else if (lametag_fits(opts->rate, kbps)) {
    lame_set_VBR(m->lame, vbr_off);
    lame_set_brate(m->lame, kbps);
  } else {
    lame_set_VBR(m->lame, vbr_abr);
    lame_set_VBR_mean_bitrate_kbps(m->lame, kbps);
  }
  if (lame_init_params(m->lame) < 0) {
    st = ldu_error_set(err, LDU_ERR_ENCODE, path, 0);
    ldu_error_detail(err, "LAME does not take these settings");
    goto out;
  }
  /* the file exists (audio.c made it, empty); no symlink is followed */
  m->fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
  if (m->fd < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
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
  enum ldu_status st = LDU_OK;
  while (frames > 0 && st == LDU_OK) {
    size_t k = frames > LDU_MP3_CHUNK ? LDU_MP3_CHUNK : frames;
    /* mono: the left channel only; LAME does not change the samples */
    int n = lame_encode_buffer(m->lame, pcm, NULL,
                               (int)k, m->out, (int)sizeof m->out);
    st = put(m, n, err);
    pcm += k;
    frames -= k;
  }
  return st;
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
  st = put(m, lame_encode_flush(m->lame, m->out, (int)sizeof m->out), err);
  if (st != LDU_OK)
    goto out;
  /* the first frame was left blank for the Info tag */
  {
    size_t k = lame_get_lametag_frame(m->lame, m->out, sizeof m->out);
    if (k > 0 && k <= sizeof m->out && ldu_write_at(m->fd, m->out, k, 0) != 0) {
      st = ldu_error_set(err, LDU_ERR_IO, m->path, errno);
      goto out;
    }
  }
  rc = close(m->fd);
  m->fd = -1;
  if (rc != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, m->path, errno);
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
    ldu_error_detail(err, "cannot find the MPEG data LAME wrote");
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
