/* test_audio_fmt: the FLAC, Ogg Vorbis, Ogg Opus and MP3 writers on
 * temporary files, read back with libFLAC, libogg and libsndfile; and the
 * pieces under them: Vorbis comments, base64, pictures, the resampler.
 *
 * `test_audio_fmt DIR` leaves the files in DIR (for tools/verify). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <FLAC/metadata.h>
#include <ogg/ogg.h>
#include <sndfile.h>

#include "audio.h"
#include "picture.h"
#include "resample.h"
#include "test.h"
#include "vorbis_comment.h"

#define RATE 22050
#define MAX_PAGES 4096

static const struct ldu_chapter four[] = {
    {0, 33075, "第一章：开始"},
    {33075, 71662, "表情 😀 and \"quotes\""},
    {71662, 88200, "A & B < C > D\nnext line"},
    {88200, 110250, "最后"},
};

/* A 1x1 PNG (IHDR 8-bit RGBA). */
static const unsigned char png1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static struct ldu_picture cover;

static const char *dir;

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *p = NULL;
  long n;
  *len = 0;
  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0) {
    p = malloc((size_t)n + 1);
    if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
      free(p);
      p = NULL;
    }
    if (p != NULL)
      *len = (size_t)n;
  }
  fclose(f);
  return p;
}

static int contains(const unsigned char *p, size_t n, const char *s) {
  size_t k = strlen(s);
  size_t i;
  for (i = 0; k <= n && i <= n - k; i++) {
    if (memcmp(p + i, s, k) == 0)
      return 1;
  }
  return 0;
}

/* Clicks: silence with 20 ms of a 1 kHz tone at every chapter start, so
 * a decoder's timeline can be compared with the chapter times. */
static int16_t click_at(int64_t i, const struct ldu_chapter *ch, size_t n) {
  size_t c;
  for (c = 0; c < n; c++) {
    int64_t d = i - ch[c].start;
    if (d >= 0 && d < RATE / 50)
      return (int16_t)(12000 *
                       sin(2 * 3.14159265358979 * 1000.0 * (double)d / RATE));
  }
  return 0;
}

static enum ldu_status write_clicks(struct ldu_audio *a, int64_t frames,
                                    const struct ldu_chapter *ch, size_t n) {
  int16_t buf[1000];
  int64_t done = 0;
  while (done < frames) {
    size_t k = frames - done < 1000 ? (size_t)(frames - done) : 1000;
    size_t i;
    enum ldu_status st;
    for (i = 0; i < k; i++)
      buf[i] = click_at(done + (int64_t)i, ch, n);
    st = ldu_audio_write(a, buf, k, NULL);
    if (st != LDU_OK)
      return st;
    done += (int64_t)k;
  }
  return LDU_OK;
}

/* Write one file; returns 0 when it was written. */
static int make(const char *name, enum ldu_format fmt,
                const struct ldu_audio_opts *base, const struct ldu_tags *t,
                const struct ldu_chapter *ch, size_t n, int64_t frames,
                char *path, size_t size) {
  struct ldu_audio_opts o = *base;
  struct ldu_audio *a = NULL;
  struct ldu_error e;
  enum ldu_status st;
  o.format = fmt;
  o.rate = RATE;
  snprintf(path, size, "%s/%s", dir, name);
  ldu_error_clear(&e);
  st = ldu_audio_open(path, &o, &a, &e);
  CHECK_INT(st, LDU_OK);
  if (st != LDU_OK) {
    fprintf(stderr, "open %s: %s %s\n", path, ldu_strerror(st), e.detail);
    return -1;
  }
  CHECK_INT(write_clicks(a, frames, four, 4), LDU_OK);
  st = ldu_audio_close(a, t, ch, n, &e);
  CHECK_INT(st, LDU_OK);
  if (st != LDU_OK) {
    fprintf(stderr, "close %s: %s %s\n", path, ldu_strerror(st), e.detail);
    return -1;
  }
  return 0;
}

/* Decode with libsndfile: rate, frames, and where the clicks are (the
 * first sample above a threshold after each chapter's expected start
 * minus 50 ms), in ms. */
static void check_decode(const char *path, int want_rate, int64_t want_frames,
                         int64_t tolerance, int check_clicks) {
  SF_INFO info;
  SNDFILE *sf;
  float *pcm;
  sf_count_t got;
  size_t c;
  memset(&info, 0, sizeof info);
  sf = sf_open(path, SFM_READ, &info);
  CHECK(sf != NULL);
  if (sf == NULL) {
    fprintf(stderr, "%s: %s\n", path, sf_strerror(NULL));
    return;
  }
  CHECK_INT(info.samplerate, want_rate);
  CHECK_INT(info.channels, 1);
  CHECK(llabs((long long)info.frames - want_frames) <= tolerance);
  pcm = calloc((size_t)info.frames + 1, sizeof *pcm);
  got = pcm != NULL ? sf_readf_float(sf, pcm, info.frames) : 0;
  CHECK(llabs((long long)got - want_frames) <= tolerance);
  for (c = 0; check_clicks && c < 4; c++) {
    int64_t from = four[c].start * want_rate / RATE - want_rate / 20;
    int64_t i;
    double want_ms = (double)four[c].start * 1000.0 / RATE;
    if (from < 0)
      from = 0;
    for (i = from; i < got && fabsf(pcm[i]) < 0.05f; i++)
      ;
    /* the tone rises from 0: its first loud sample is within ~0.3 ms */
    if (fabs((double)i * 1000.0 / want_rate - want_ms) > 2.0)
      fprintf(stderr, "%s: click %zu at %.2f ms, want %.2f\n", path, c,
              (double)i * 1000.0 / want_rate, want_ms);
    CHECK(fabs((double)i * 1000.0 / want_rate - want_ms) <= 2.0);
  }
  free(pcm);
  sf_close(sf);
}

/* ---- Ogg ---------------------------------------------------------------- */

struct ogg_info {
  int ok; /* every page parsed, CRCs right */
  int pages;
  int seq_ok;     /* sequence numbers 0, 1, 2, ... */
  int one_serial; /* the same serial everywhere */
  long serial;
  int bos_first;          /* BOS on the first page only */
  int eos_last;           /* EOS on the last page only */
  int first_alone;        /* the first page holds exactly one packet */
  int comment_pages;      /* pages the comment header touches */
  int audio_fresh;        /* audio starts on a page of its own */
  unsigned char *comment; /* the comment packet */
  size_t comment_len;
};

static void ogg_walk(const char *path, int nheaders, struct ogg_info *r) {
  size_t len;
  unsigned char *data = slurp(path, &len);
  ogg_sync_state oy;
  ogg_stream_state os;
  ogg_page og;
  ogg_packet op;
  int have_os = 0;
  long packets = 0;
  memset(r, 0, sizeof *r);
  if (data == NULL)
    return;
  r->ok = 1;
  r->seq_ok = 1;
  r->one_serial = 1;
  r->bos_first = 1;
  r->eos_last = 1;
  ogg_sync_init(&oy);
  memcpy(ogg_sync_buffer(&oy, (long)len), data, len);
  ogg_sync_wrote(&oy, (long)len);
  for (;;) {
    int k = ogg_sync_pageout(&oy, &og);
    long before = packets;
    int last_seg;
    if (k == 0)
      break;
    if (k < 0) {
      r->ok = 0; /* a hole: bad CRC or garbage */
      break;
    }
    if (!have_os) {
      r->serial = ogg_page_serialno(&og);
      ogg_stream_init(&os, (int)r->serial);
      have_os = 1;
    }
    r->one_serial &= ogg_page_serialno(&og) == r->serial;
    r->seq_ok &= ogg_page_pageno(&og) == r->pages;
    r->bos_first &= (ogg_page_bos(&og) != 0) == (r->pages == 0);
    r->eos_last = ogg_page_eos(&og) != 0;
    last_seg = og.header[27 + og.header[26] - 1];
    if (packets <= 1 && packets + ogg_page_packets(&og) + (last_seg == 255) > 1)
      r->comment_pages++;
    if (packets == nheaders && !ogg_page_continued(&og))
      r->audio_fresh = 1;
    ogg_stream_pagein(&os, &og);
    while (ogg_stream_packetout(&os, &op) == 1) {
      if (packets == 1) {
        r->comment = malloc((size_t)op.bytes);
        if (r->comment != NULL) {
          memcpy(r->comment, op.packet, (size_t)op.bytes);
          r->comment_len = (size_t)op.bytes;
        }
      }
      packets++;
    }
    if (r->pages == 0)
      r->first_alone = packets - before == 1 && last_seg < 255;
    r->pages++;
  }
  if (have_os)
    ogg_stream_clear(&os);
  ogg_sync_clear(&oy);
  free(data);
}

static void check_ogg(const char *path, int opus, const struct ldu_tags *t,
                      size_t nch, int pic) {
  struct ogg_info r;
  char want[64];
  ogg_walk(path, opus ? 2 : 3, &r);
  CHECK(r.ok);
  CHECK(r.pages >= 3);
  CHECK(r.seq_ok);
  CHECK(r.one_serial);
  CHECK(r.bos_first);
  CHECK(r.eos_last);
  CHECK(r.first_alone);
  CHECK(r.audio_fresh);
  CHECK(r.comment != NULL);
  if (r.comment == NULL)
    return;
  CHECK(memcmp(r.comment, opus ? "OpusTags" : "\3vorbis", opus ? 8 : 7) == 0);
  CHECK(contains(r.comment, r.comment_len, opus ? "libopus" : "libVorbis"));
  if (!opus)
    CHECK_INT(r.comment[r.comment_len - 1], 1); /* framing bit */
  if (t != NULL) {
    CHECK(contains(r.comment, r.comment_len, "TITLE=第一节 标题"));
    CHECK(contains(r.comment, r.comment_len, "ARTIST=朗读者"));
    CHECK(contains(r.comment, r.comment_len, "ALBUM=文章"));
    CHECK(contains(r.comment, r.comment_len, "TRACKNUMBER=1"));
    CHECK(contains(r.comment, r.comment_len, "TRACKTOTAL=3"));
    CHECK(contains(r.comment, r.comment_len, "DATE=2025-01-02"));
    CHECK(contains(r.comment, r.comment_len, "GENRE=Speech"));
  }
  if (nch == 4) {
    CHECK(contains(r.comment, r.comment_len, "CHAPTER001=00:00:00.000"));
    CHECK(contains(r.comment, r.comment_len, "CHAPTER002=00:00:01.500"));
    CHECK(contains(r.comment, r.comment_len, "CHAPTER003=00:00:03.250"));
    CHECK(contains(r.comment, r.comment_len,
                   "CHAPTER003NAME=A & B < C > D\nnext line"));
    CHECK(contains(r.comment, r.comment_len, "CHAPTER004=00:00:04.000"));
    CHECK(contains(r.comment, r.comment_len, "CHAPTER004NAME=最后"));
  }
  snprintf(want, sizeof want, "CHAPTER%03zu=", nch);
  if (nch > 0)
    CHECK(contains(r.comment, r.comment_len, want));
  snprintf(want, sizeof want, "CHAPTER%03zu=", nch + 1);
  CHECK(!contains(r.comment, r.comment_len, want));
  CHECK_INT(contains(r.comment, r.comment_len, "METADATA_BLOCK_PICTURE="), pic);
  if (nch >= 150)
    CHECK(r.comment_pages >= 2); /* the header spills over pages */
  free(r.comment);
}

/* ---- FLAC --------------------------------------------------------------- */

static void check_flac(const char *path, const struct ldu_tags *t, size_t nch,
                       int pic) {
  FLAC__Metadata_Chain *chain = FLAC__metadata_chain_new();
  FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new();
  int n_vc = 0;
  int n_pic = 0;
  int n_pad = 0;
  int n_cue = 0;
  int padding_last = 0;
  FLAC__StreamMetadata *vc = NULL;
  CHECK(chain != NULL && it != NULL);
  CHECK(FLAC__metadata_chain_read(chain, path));
  FLAC__metadata_iterator_init(it, chain);
  do {
    FLAC__StreamMetadata *b = FLAC__metadata_iterator_get_block(it);
    padding_last = b->type == FLAC__METADATA_TYPE_PADDING;
    if (b->type == FLAC__METADATA_TYPE_VORBIS_COMMENT) {
      n_vc++;
      vc = b;
    }
    if (b->type == FLAC__METADATA_TYPE_PICTURE) {
      n_pic++;
      CHECK_STR(b->data.picture.mime_type, "image/png");
      CHECK_INT(b->data.picture.width, 1);
      CHECK_INT(b->data.picture.height, 1);
      CHECK_INT(b->data.picture.data_length, sizeof png1);
    }
    n_pad += b->type == FLAC__METADATA_TYPE_PADDING;
    n_cue += b->type == FLAC__METADATA_TYPE_CUESHEET;
  } while (FLAC__metadata_iterator_next(it));
  CHECK_INT(n_vc, 1);
  CHECK_INT(n_pic, pic);
  CHECK_INT(n_pad, 1);
  CHECK(padding_last);
  CHECK_INT(n_cue, 0);
  if (vc != NULL) {
    FLAC__StreamMetadata_VorbisComment *c = &vc->data.vorbis_comment;
    char key[32];
    int idx;
    CHECK_INT(c->num_comments,
              (t != NULL ? 7 : 0) + 2 * (nch < 999 ? nch : 999));
    if (t != NULL) {
      CHECK_INT(
          FLAC__metadata_object_vorbiscomment_find_entry_from(vc, 0, "TITLE"),
          0);
      CHECK(FLAC__metadata_object_vorbiscomment_find_entry_from(
                vc, 0, "TRACKTOTAL") >= 0);
    }
    if (nch == 4) {
      idx = FLAC__metadata_object_vorbiscomment_find_entry_from(
          vc, 0, "CHAPTER002NAME");
      CHECK(idx >= 0);
      if (idx >= 0)
        CHECK_STR((const char *)c->comments[idx].entry,
                  "CHAPTER002NAME=表情 😀 and \"quotes\"");
      idx = FLAC__metadata_object_vorbiscomment_find_entry_from(vc, 0,
                                                                "CHAPTER003");
      CHECK(idx >= 0);
      if (idx >= 0)
        CHECK_STR((const char *)c->comments[idx].entry,
                  "CHAPTER003=00:00:03.250");
    }
    snprintf(key, sizeof key, "CHAPTER%03zu", nch < 999 ? nch : 999);
    if (nch > 0)
      CHECK(FLAC__metadata_object_vorbiscomment_find_entry_from(vc, 0, key) >=
            0);
  }
  FLAC__metadata_iterator_delete(it);
  FLAC__metadata_chain_delete(chain);
}

/* FLAC is lossless: every sample comes back. */
static void check_flac_pcm(const char *path, int64_t frames) {
  SF_INFO info;
  SNDFILE *sf;
  int16_t buf[1000];
  int64_t done = 0;
  int64_t bad = 0;
  memset(&info, 0, sizeof info);
  sf = sf_open(path, SFM_READ, &info);
  CHECK(sf != NULL);
  if (sf == NULL)
    return;
  CHECK_INT(info.frames, frames);
  for (;;) {
    sf_count_t n = sf_readf_short(sf, buf, 1000);
    sf_count_t i;
    if (n <= 0)
      break;
    for (i = 0; i < n; i++)
      bad += buf[i] != click_at(done + i, four, 4);
    done += n;
  }
  CHECK_INT(done, frames);
  CHECK_INT(bad, 0);
  sf_close(sf);
}

/* ---- MP3 ---------------------------------------------------------------- */

/* MPEG-2 Layer III bitrates by index. */
static const int mpeg2_kbps[16] = {0,  8,  16, 24,  32,  40,  48,  56,
                                   64, 80, 96, 112, 128, 144, 160, 0};

struct mp3_info {
  int id3_version;
  int has_apic;
  int nchap;
  uint32_t tag_len;
  int xing; /* 'X' for "Xing" (VBR), 'I' for "Info" (CBR), 0 */
  int kbps; /* of the second frame */
  int id3v1;
};

static void mp3_walk(const char *path, struct mp3_info *r) {
  size_t len;
  unsigned char *p = slurp(path, &len);
  size_t at;
  memset(r, 0, sizeof *r);
  if (p == NULL || len < 200)
    goto out;
  if (memcmp(p, "ID3", 3) != 0)
    goto out;
  r->id3_version = p[3];
  r->tag_len = 10 + ((uint32_t)p[6] << 21 | (uint32_t)p[7] << 14 |
                     (uint32_t)p[8] << 7 | p[9]);
  r->has_apic = contains(p, r->tag_len, "APIC");
  for (at = 10; at + 4 < r->tag_len; at++)
    r->nchap += memcmp(p + at, "CHAP", 4) == 0 && p[at + 10] == 'c';
  r->id3v1 = memcmp(p + len - 128, "TAG", 3) == 0;
  at = r->tag_len;
  if (at + 200 < len && p[at] == 0xff && (p[at + 1] & 0xe0) == 0xe0) {
    /* the first frame: LAME's Xing/Info; MPEG-2 mono side info is 9 */
    if (memcmp(p + at + 4 + 9, "Xing", 4) == 0)
      r->xing = 'X';
    else if (memcmp(p + at + 4 + 9, "Info", 4) == 0)
      r->xing = 'I';
    /* the second frame, for its bitrate */
    {
      int bi = p[at + 2] >> 4;
      int sr = (p[at + 2] >> 2) & 3;
      int pad = (p[at + 2] >> 1) & 1;
      static const int mpeg2_rates[3] = {22050, 24000, 16000};
      size_t flen =
          sr < 3 && mpeg2_kbps[bi] > 0
              ? (size_t)(72000 * mpeg2_kbps[bi] / mpeg2_rates[sr] + pad)
              : 0;
      if (flen > 0 && at + flen + 4 < len && p[at + flen] == 0xff)
        r->kbps = mpeg2_kbps[p[at + flen + 2] >> 4];
    }
  }
out:
  free(p);
}

/* ---- the tests ---------------------------------------------------------- */

static const struct ldu_tags tags = {
    "第一节 标题", "朗读者", "文章", "2025-01-02", "Speech", 1, 3, NULL};

static void test_formats(void) {
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 0, NULL};
  char path[512];
  if (make("four.flac", LDU_FORMAT_FLAC, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0) {
    check_flac(path, &tags, 4, 0);
    check_flac_pcm(path, 110250);
  }
  if (make("four.ogg", LDU_FORMAT_OGG, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0) {
    check_ogg(path, 0, &tags, 4, 0);
    check_decode(path, RATE, 110250, 0, 1);
  }
  if (make("four.opus", LDU_FORMAT_OPUS, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0) {
    check_ogg(path, 1, &tags, 4, 0);
    /* 48 kHz, pre-skip removed, clicks where the chapters are */
    check_decode(path, 48000, 240000, 2, 1);
  }
  if (make("four.mp3", LDU_FORMAT_MP3, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0) {
    struct mp3_info m;
    mp3_walk(path, &m);
    CHECK_INT(m.id3_version, 4);
    CHECK_INT(m.nchap, 4);
    CHECK_INT(m.has_apic, 0);
    CHECK_INT(m.id3v1, 0);
    CHECK_INT(m.xing, 'I');
    CHECK_INT(m.kbps, 64); /* the default */
    check_decode(path, RATE, 110250, 0, 1);
  }
}

/* Untagged, chapterless files are fine too; so is no audio at all. */
static void test_bare(void) {
  static const enum ldu_format fmts[] = {LDU_FORMAT_FLAC, LDU_FORMAT_OGG,
                                         LDU_FORMAT_OPUS, LDU_FORMAT_MP3};
  static const char *const names[] = {"bare.flac", "bare.ogg", "bare.opus",
                                      "bare.mp3"};
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 0, NULL};
  char path[512];
  size_t i;
  for (i = 0; i < 4; i++) {
    if (make(names[i], fmts[i], &o, NULL, NULL, 0, 22050, path, sizeof path) !=
        0)
      continue;
    if (fmts[i] == LDU_FORMAT_FLAC)
      check_flac(path, NULL, 0, 0);
    else if (fmts[i] != LDU_FORMAT_MP3)
      check_ogg(path, fmts[i] == LDU_FORMAT_OPUS, NULL, 0, 0);
    check_decode(path, fmts[i] == LDU_FORMAT_OPUS ? 48000 : RATE,
                 fmts[i] == LDU_FORMAT_OPUS ? 48000 : 22050,
                 fmts[i] == LDU_FORMAT_OPUS ? 2 : 0, 0);
  }
}

/* 150 chapters with 200-character titles: the Ogg comment header spills
 * over several pages, every chapter is kept (CTOC too: <= 255). */
static void test_many(void) {
  static struct ldu_chapter ch[150];
  static char titles[150][700];
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 0, NULL};
  char path[512];
  size_t i;
  int64_t frames = 150 * 2205;
  for (i = 0; i < 150; i++) {
    size_t k;
    size_t at = (size_t)snprintf(titles[i], sizeof titles[i], "%zu ", i + 1);
    for (k = 0; k < 198; k++) {
      memcpy(titles[i] + at, "段", 3); /* 3 bytes of UTF-8 each */
      at += 3;
    }
    titles[i][at] = '\0';
    ch[i].start = (int64_t)i * 2205;
    ch[i].end = ch[i].start + 2205;
    ch[i].title = titles[i];
  }
  if (make("many.flac", LDU_FORMAT_FLAC, &o, &tags, ch, 150, frames, path,
           sizeof path) == 0)
    check_flac(path, &tags, 150, 0);
  if (make("many.ogg", LDU_FORMAT_OGG, &o, &tags, ch, 150, frames, path,
           sizeof path) == 0) {
    check_ogg(path, 0, &tags, 150, 0);
    check_decode(path, RATE, frames, 0, 0);
  }
  if (make("many.opus", LDU_FORMAT_OPUS, &o, &tags, ch, 150, frames, path,
           sizeof path) == 0) {
    check_ogg(path, 1, &tags, 150, 0);
    check_decode(path, 48000, frames * 48000 / RATE, 2, 0);
  }
  if (make("many.mp3", LDU_FORMAT_MP3, &o, &tags, ch, 150, frames, path,
           sizeof path) == 0) {
    struct mp3_info m;
    mp3_walk(path, &m);
    CHECK_INT(m.nchap, 150);
  }
}

/* A cover: PICTURE in FLAC, METADATA_BLOCK_PICTURE in Ogg, APIC in MP3
 * (given in the options, as main does). */
static void test_cover(void) {
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 0, &cover};
  char path[512];
  if (make("cover.flac", LDU_FORMAT_FLAC, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0)
    check_flac(path, &tags, 4, 1);
  if (make("cover.ogg", LDU_FORMAT_OGG, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0)
    check_ogg(path, 0, &tags, 4, 1);
  if (make("cover.opus", LDU_FORMAT_OPUS, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0)
    check_ogg(path, 1, &tags, 4, 1);
  if (make("cover.mp3", LDU_FORMAT_MP3, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0) {
    struct mp3_info m;
    mp3_walk(path, &m);
    CHECK_INT(m.has_apic, 1);
  }
}

/* MP3 options: ID3v2.3, CBR bitrates, VBR quality; bad combinations. */
static void test_mp3_options(void) {
  static const struct {
    int kbps;
    int want; /* CBR: the frames' bitrate; 0: ABR */
    int xing;
  } rates[] = {
      {8, 0, 'X'}, {48, 0, 'X'}, {56, 56, 'I'}, {96, 96, 'I'}, {160, 160, 'I'}};
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 3, NULL};
  struct ldu_audio *a = NULL;
  struct mp3_info m;
  char path[512];
  size_t i;
  if (make("v23.mp3", LDU_FORMAT_MP3, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0) {
    mp3_walk(path, &m);
    CHECK_INT(m.id3_version, 3);
    CHECK_INT(m.nchap, 4);
  }
  o.id3_version = 0;
  for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
    o.bitrate_kbps = rates[i].kbps;
    if (make("cbr.mp3", LDU_FORMAT_MP3, &o, &tags, four, 4, 110250, path,
             sizeof path) != 0)
      continue;
    mp3_walk(path, &m);
    CHECK_INT(m.xing, rates[i].xing);
    if (rates[i].want > 0)
      CHECK_INT(m.kbps, rates[i].want);
    /* with the LAME tag, the decoder trims the encoder delay */
    check_decode(path, RATE, 110250, 0, 1);
  }
  o.bitrate_kbps = 0;
  o.quality = 0.6;
  if (make("vbr.mp3", LDU_FORMAT_MP3, &o, &tags, four, 4, 110250, path,
           sizeof path) == 0) {
    mp3_walk(path, &m);
    CHECK_INT(m.xing, 'X');
    check_decode(path, RATE, 110250, 0, 0);
  }
  /* refused: both, out of range, an unknown ID3 version */
  snprintf(path, sizeof path, "%s/refused.mp3", dir);
  o.format = LDU_FORMAT_MP3;
  o.bitrate_kbps = 64;
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_ERR_USAGE);
  o.quality = -1;
  o.bitrate_kbps = 192;
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_ERR_USAGE);
  o.bitrate_kbps = 0;
  o.id3_version = 2;
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_ERR_USAGE);
  CHECK(a == NULL);
}

/* Opus bitrate, Vorbis quality; what each refuses. */
static void test_ogg_options(void) {
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 0, NULL};
  struct ldu_audio *a = NULL;
  char path[512];
  size_t lo = 0;
  size_t hi = 0;
  struct stat sb;
  o.bitrate_kbps = 24;
  if (make("lo.opus", LDU_FORMAT_OPUS, &o, NULL, NULL, 0, 220500, path,
           sizeof path) == 0 &&
      stat(path, &sb) == 0)
    lo = (size_t)sb.st_size;
  o.bitrate_kbps = 128;
  if (make("hi.opus", LDU_FORMAT_OPUS, &o, NULL, NULL, 0, 220500, path,
           sizeof path) == 0 &&
      stat(path, &sb) == 0)
    hi = (size_t)sb.st_size;
  CHECK(lo > 0 && hi > 2 * lo);
  o.bitrate_kbps = 0;
  o.quality = 0.9;
  if (make("q9.ogg", LDU_FORMAT_OGG, &o, NULL, NULL, 0, 22050, path,
           sizeof path) == 0)
    check_decode(path, RATE, 22050, 0, 0);
  o.format = LDU_FORMAT_OGG;
  o.quality = -1;
  o.bitrate_kbps = 64;
  snprintf(path, sizeof path, "%s/refused.ogg", dir);
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_ERR_USAGE);
  o.format = LDU_FORMAT_OPUS;
  o.bitrate_kbps = 300;
  snprintf(path, sizeof path, "%s/refused.opus", dir);
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_ERR_USAGE);
  CHECK(a == NULL);
}

/* The same input gives the same bytes: no clock in the Ogg serial. */
static void test_reproducible(void) {
  static const char *const names[2][2] = {{"r1.ogg", "r2.ogg"},
                                          {"r1.opus", "r2.opus"}};
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 0, NULL};
  char p1[512];
  char p2[512];
  int k;
  for (k = 0; k < 2; k++) {
    enum ldu_format f = k == 0 ? LDU_FORMAT_OGG : LDU_FORMAT_OPUS;
    size_t n1;
    size_t n2;
    unsigned char *a;
    unsigned char *b;
    if (make(names[k][0], f, &o, &tags, four, 4, 110250, p1, sizeof p1) != 0 ||
        make(names[k][1], f, &o, &tags, four, 4, 110250, p2, sizeof p2) != 0)
      continue;
    a = slurp(p1, &n1);
    b = slurp(p2, &n2);
    CHECK(a != NULL && b != NULL && n1 == n2 && memcmp(a, b, n1) == 0);
    free(a);
    free(b);
  }
}

/* Abort and a failed close leave nothing behind. */
static void test_failures(void) {
  static const enum ldu_format fmts[] = {LDU_FORMAT_FLAC, LDU_FORMAT_OGG,
                                         LDU_FORMAT_OPUS};
  static const struct ldu_chapter bad[] = {{0, 10, "ok"}, {10, 20, "\xe4\xb8"}};
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, RATE, 0, -1.0, 0, NULL};
  char path[512];
  size_t i;
  for (i = 0; i < 3; i++) {
    struct ldu_audio *a = NULL;
    struct stat sb;
    o.format = fmts[i];
    snprintf(path, sizeof path, "%s/fail.%s", dir, ldu_audio_ext(fmts[i]));
    CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
    if (a == NULL)
      continue;
    CHECK_INT(write_clicks(a, 5000, four, 4), LDU_OK);
    ldu_audio_abort(a);
    CHECK(stat(path, &sb) != 0);
    CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
    if (a == NULL)
      continue;
    CHECK_INT(write_clicks(a, 5000, four, 4), LDU_OK);
    CHECK_INT(ldu_audio_close(a, &tags, bad, 2, NULL), LDU_ERR_UTF8);
    CHECK(stat(path, &sb) != 0);
  }
}

/* ---- the pieces --------------------------------------------------------- */

static void test_vorbis_comment(void) {
  static const struct {
    const char *in;
    const char *out;
  } b64[] = {{"", ""},
             {"f", "Zg=="},
             {"fo", "Zm8="},
             {"foo", "Zm9v"},
             {"foob", "Zm9vYg=="},
             {"fooba", "Zm9vYmE="},
             {"foobar", "Zm9vYmFy"}};
  static struct ldu_chapter ch[1001];
  struct ldu_buf b;
  struct ldu_vc vc;
  size_t i;
  for (i = 0; i < sizeof b64 / sizeof b64[0]; i++) {
    ldu_buf_init(&b, 100);
    CHECK_INT(ldu_base64(&b, b64[i].in, strlen(b64[i].in)), LDU_OK);
    CHECK_STR(b.data != NULL ? b.data : "", b64[i].out);
    ldu_buf_free(&b);
  }
  ldu_vc_init(&vc, 1 << 20);
  CHECK_INT(ldu_vc_add(&vc, "A=B", "x", 1), LDU_ERR_USAGE);
  CHECK_INT(ldu_vc_add(&vc, "", "x", 1), LDU_ERR_USAGE);
  CHECK_INT(ldu_vc_add(&vc, "K\x7e", "x", 1), LDU_ERR_USAGE);
  CHECK_INT(ldu_vc_add(&vc, "K", "\xc0\xaf", 2), LDU_ERR_UTF8);
  CHECK_INT(ldu_vc_add(&vc, "K", "\xed\xa0\x80", 3), LDU_ERR_UTF8);
  CHECK_INT(vc.n, 0);
  CHECK_INT(vc.b.len, 0);
  CHECK_INT(ldu_vc_add(&vc, "K", "v=w", 3), LDU_OK);
  CHECK_INT(vc.n, 1);
  CHECK_INT(vc.b.len, 4 + 5);
  CHECK(memcmp(vc.b.data, "\x05\0\0\0K=v=w", 9) == 0);
  ldu_vc_free(&vc);
  /* times: rounded to the ms, hours past 1; untitled -> number; 999 max */
  for (i = 0; i < 1001; i++) {
    ch[i].start = (int64_t)i * 3723456 * 441 / 10;
    ch[i].end = ch[i].start;
    ch[i].title = i == 1 ? "" : "t";
  }
  ch[1].start = 1;
  ch[2].start = 3723456LL * 441 / 10; /* 1:02:03.456 at 44100 Hz */
  ldu_vc_init(&vc, 1 << 24);
  CHECK_INT(ldu_vc_add_tags(&vc, NULL, ch, 1001, 44100, 0), LDU_OK);
  CHECK_INT(vc.n, 2 * 999);
  CHECK(contains((unsigned char *)vc.b.data, vc.b.len,
                 "CHAPTER002=00:00:00.000"));
  CHECK(contains((unsigned char *)vc.b.data, vc.b.len, "CHAPTER002NAME=2"));
  CHECK(contains((unsigned char *)vc.b.data, vc.b.len,
                 "CHAPTER003=01:02:03.456"));
  CHECK(contains((unsigned char *)vc.b.data, vc.b.len, "CHAPTER999NAME=t"));
  CHECK(!contains((unsigned char *)vc.b.data, vc.b.len, "CHAPTER1000"));
  ldu_buf_init(&b, 1 << 24);
  CHECK_INT(ldu_vc_packet(&b, &vc, "OpusTags", 8, "v", 1, 0), LDU_OK);
  CHECK_INT(b.len, 8 + 4 + 1 + 4 + vc.b.len);
  ldu_buf_free(&b);
  ldu_vc_free(&vc);
}

static void test_picture(void) {
  static const unsigned char jpeg[] = {
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, /* APP0, 2 bytes */
      0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0x20, 0x02, 0x80, 0x03, /* SOF0 */
      0x01, 0x11, 0x00, 0xff, 0xd9};
  struct ldu_picture p;
  struct ldu_buf b;
  struct ldu_error e;
  char path[512];
  CHECK_INT(ldu_picture_from_memory(jpeg, sizeof jpeg, &p), LDU_OK);
  CHECK_STR(p.mime, "image/jpeg");
  CHECK_INT(p.width, 640);
  CHECK_INT(p.height, 288);
  CHECK_INT(p.depth, 24);
  ldu_buf_init(&b, 1 << 20);
  CHECK_INT(ldu_picture_flac_block(&b, &p), LDU_OK);
  CHECK_INT(b.len, 8 * 4 + strlen("image/jpeg") + sizeof jpeg);
  ldu_buf_free(&b);
  ldu_picture_free(&p);
  CHECK_INT(ldu_picture_from_memory("GIF89a", 6, &p), LDU_ERR_FORMAT);
  CHECK_INT(ldu_picture_from_memory("", 0, &p), LDU_ERR_FORMAT);
  snprintf(path, sizeof path, "%s/no-such.png", dir);
  CHECK_INT(ldu_picture_load(path, &p, &e), LDU_ERR_IO);
  CHECK(p.data == NULL);
  ldu_picture_free(NULL);
}

/* 22050 -> 48000: the right length, and an impulse where it belongs. */
static void test_resample(void) {
  struct ldu_resample *r = NULL;
  static int16_t in[22050];
  const float *out;
  size_t made;
  size_t total = 0;
  size_t peak_at = 0;
  float peak = 0;
  size_t i;
  in[11025] = 30000; /* 0.5 s */
  CHECK_INT(ldu_resample_new(22050, 0, &r), LDU_ERR_USAGE);
  CHECK_INT(ldu_resample_new(22050, 48000, &r), LDU_OK);
  if (r == NULL)
    return;
  for (i = 0; i < 22050; i += 1000) {
    size_t n = 22050 - i < 1000 ? 22050 - i : 1000;
    size_t j;
    CHECK_INT(ldu_resample_run(r, in + i, n, 0, &out, &made), LDU_OK);
    for (j = 0; j < made; j++) {
      if (fabsf(out[j]) > peak) {
        peak = fabsf(out[j]);
        peak_at = total + j;
      }
    }
    total += made;
  }
  CHECK_INT(ldu_resample_run(r, NULL, 0, 1, &out, &made), LDU_OK);
  for (i = 0; i < made; i++) {
    if (fabsf(out[i]) > peak) {
      peak = fabsf(out[i]);
      peak_at = total + i;
    }
  }
  total += made;
  CHECK(total >= 47999 && total <= 48001);
  CHECK(peak_at >= 23999 && peak_at <= 24001);
  CHECK_INT(ldu_resample_run(r, in, 1, 0, &out, &made), LDU_ERR_USAGE);
  ldu_resample_free(r);
  ldu_resample_free(NULL);
}

static void remove_dir(const char *d) {
  static const char *const names[] = {
      "four.flac", "four.ogg",  "four.opus",  "four.mp3",  "bare.flac",
      "bare.ogg",  "bare.opus", "bare.mp3",   "many.flac", "many.ogg",
      "many.opus", "many.mp3",  "cover.flac", "cover.ogg", "cover.opus",
      "cover.mp3", "v23.mp3",   "cbr.mp3",    "vbr.mp3",   "lo.opus",
      "hi.opus",   "q9.ogg",    "r1.ogg",     "r2.ogg",    "r1.opus",
      "r2.opus"};
  char path[512];
  size_t i;
  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", d, names[i]);
    unlink(path);
  }
  CHECK_INT(rmdir(d), 0); /* nothing else left: no temporaries */
}

int main(int argc, char **argv) {
  char tmpl[] = "/tmp/ldu_test_audio_fmt.XXXXXX";
  int keep = argc > 1;
  dir = keep ? argv[1] : mkdtemp(tmpl);
  CHECK(dir != NULL);
  if (dir == NULL)
    return test_summary();
  CHECK_INT(ldu_picture_from_memory(png1, sizeof png1, &cover), LDU_OK);
  CHECK_STR(cover.mime, "image/png");
  CHECK_INT(cover.depth, 32);
  test_vorbis_comment();
  test_picture();
  test_resample();
  test_formats();
  test_bare();
  test_many();
  test_cover();
  test_mp3_options();
  test_ogg_options();
  test_reproducible();
  test_failures();
  ldu_picture_free(&cover);
  if (!keep)
    remove_dir(dir);
  return test_summary();
}
