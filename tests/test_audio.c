/* test_audio: the format table and the WAV writer, checked by walking the
 * RIFF it writes and by reading it back with libsndfile.
 *
 * `test_audio FILE` also leaves the 4-chapter sample WAV at FILE, for
 * tools/verify/chapters. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "audio.h"
#include "test.h"

#define MAX_CUES 200
#define MAX_CHUNKS 16

/* What the walker found in a RIFF/WAVE file. */
struct riff {
  int ok;             /* the chunks tile the file exactly */
  uint32_t riff_size; /* RIFF header size field */
  long file_size;
  char order[MAX_CHUNKS][5];
  int nchunks;
  uint32_t ncues;
  uint32_t cue_id[MAX_CUES];
  uint32_t cue_pos[MAX_CUES];
  uint32_t cue_off[MAX_CUES];
  int cue_fcc_ok; /* every fccChunk is "data", starts 0 */
  int nlabl;
  char *labl[MAX_CUES]; /* by cue id */
  int has_adtl;
  int id3_version; /* 0 when no id3 chunk */
  int nchap;
  int nctoc;
  char inam[256]; /* LIST/INFO title */
};

static unsigned char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *p = NULL;
  long n;
  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) != 0)
    goto out;
  n = ftell(f);
  if (n < 0 || fseek(f, 0, SEEK_SET) != 0)
    goto out;
  p = malloc((size_t)n + 1);
  if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
    free(p);
    p = NULL;
  }
  *len = n;
out:
  fclose(f);
  return p;
}

static uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static uint32_t synchsafe(const unsigned char *p) {
  return (uint32_t)p[0] << 21 | (uint32_t)p[1] << 14 | (uint32_t)p[2] << 7 |
         (uint32_t)p[3];
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

/* Count CHAP and CTOC frames of the ID3v2.3/2.4 tag at `p`. */
static void walk_id3(struct riff *r, const unsigned char *p, uint32_t len) {
  uint32_t pos = 10;
  if (len < 10 || memcmp(p, "ID3", 3) != 0)
    return;
  r->id3_version = p[3];
  if (synchsafe(p + 6) + 10 > len)
    return;
  len = synchsafe(p + 6) + 10;
  while (pos + 10 <= len && p[pos] != 0) {
    uint32_t size = p[3] == 4 ? synchsafe(p + pos + 4) : be32(p + pos + 4);
    if (memcmp(p + pos, "CHAP", 4) == 0)
      r->nchap++;
    if (memcmp(p + pos, "CTOC", 4) == 0)
      r->nctoc++;
    pos += 10 + size;
  }
}

static void walk_list(struct riff *r, const unsigned char *p, uint32_t len) {
  uint32_t pos = 4;
  int adtl = memcmp(p, "adtl", 4) == 0;
  int info = memcmp(p, "INFO", 4) == 0;
  r->has_adtl |= adtl;
  while (pos + 8 <= len) {
    uint32_t size = le32(p + pos + 4);
    const unsigned char *b = p + pos + 8;
    if (pos + 8 + size > len)
      break;
    if (adtl && memcmp(p + pos, "labl", 4) == 0 && size >= 5) {
      uint32_t id = le32(b);
      r->nlabl++;
      if (id < MAX_CUES && b[size - 1] == '\0' && r->labl[id] == NULL)
        r->labl[id] = strdup((const char *)b + 4);
    }
    if (info && memcmp(p + pos, "INAM", 4) == 0)
      snprintf(r->inam, sizeof r->inam, "%.*s", (int)size, (const char *)b);
    pos += 8 + size + (size & 1);
  }
}

static void walk(const char *path, struct riff *r) {
  long len = 0;
  unsigned char *p = slurp(path, &len);
  long pos = 12;
  memset(r, 0, sizeof *r);
  r->cue_fcc_ok = 1;
  if (p == NULL || len < 12 || memcmp(p, "RIFF", 4) != 0 ||
      memcmp(p + 8, "WAVE", 4) != 0)
    goto out;
  r->file_size = len;
  r->riff_size = le32(p + 4);
  while (pos + 8 <= len) {
    uint32_t size = le32(p + pos + 4);
    const unsigned char *b = p + pos + 8;
    if ((uint64_t)pos + 8 + size > (uint64_t)len)
      goto out;
    if (r->nchunks < MAX_CHUNKS) {
      memcpy(r->order[r->nchunks], p + pos, 4);
      r->order[r->nchunks][4] = '\0';
      r->nchunks++;
    }
    if (memcmp(p + pos, "cue ", 4) == 0 && size >= 4) {
      uint32_t i;
      r->ncues = le32(b);
      for (i = 0; i < r->ncues && i < MAX_CUES && 4 + 24 * (i + 1) <= size;
           i++) {
        const unsigned char *c = b + 4 + 24 * i;
        r->cue_id[i] = le32(c);
        r->cue_pos[i] = le32(c + 4);
        if (memcmp(c + 8, "data", 4) != 0 || le32(c + 12) != 0 ||
            le32(c + 16) != 0)
          r->cue_fcc_ok = 0;
        r->cue_off[i] = le32(c + 20);
      }
    } else if (memcmp(p + pos, "LIST", 4) == 0 && size >= 4) {
      walk_list(r, b, size);
    } else if (memcmp(p + pos, "id3 ", 4) == 0) {
      walk_id3(r, b, size);
    }
    pos += 8 + (long)size + (long)(size & 1);
  }
  r->ok = pos == len;
out:
  free(p);
}

static void riff_free(struct riff *r) {
  int i;
  for (i = 0; i < MAX_CUES; i++)
    free(r->labl[i]);
}

/* Index of chunk `id` in file order, or -1; `nth` skips earlier ones. */
static int chunk_at(const struct riff *r, const char *id, int nth) {
  int i;
  for (i = 0; i < r->nchunks; i++) {
    if (strcmp(r->order[i], id) == 0 && nth-- == 0)
      return i;
  }
  return -1;
}

static int exists(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0;
}

static int16_t sample_at(int64_t i) {
  return (int16_t)(i * 7919 % 65536 - 32768);
}

/* Write `frames` samples of a known pattern in uneven pieces. */
static enum ldu_status write_pcm(struct ldu_audio *a, int64_t frames) {
  static const size_t pieces[] = {1, 999, 4096, 17};
  int16_t buf[4096];
  int64_t done = 0;
  size_t k = 0;
  while (done < frames) {
    size_t n = pieces[k++ % 4];
    size_t i;
    enum ldu_status st;
    if ((int64_t)n > frames - done)
      n = (size_t)(frames - done);
    for (i = 0; i < n; i++)
      buf[i] = sample_at(done + (int64_t)i);
    st = ldu_audio_write(a, buf, n, NULL);
    if (st != LDU_OK)
      return st;
    done += (int64_t)n;
  }
  return LDU_OK;
}

/* Read the file back with libsndfile: format, length and samples. */
static void check_pcm(const char *path, int rate, int64_t frames) {
  SF_INFO info;
  SNDFILE *sf;
  int16_t buf[4096];
  int64_t done = 0;
  int64_t bad = 0;
  memset(&info, 0, sizeof info);
  sf = sf_open(path, SFM_READ, &info);
  CHECK(sf != NULL);
  if (sf == NULL)
    return;
  CHECK_INT(info.frames, frames);
  CHECK_INT(info.samplerate, rate);
  CHECK_INT(info.channels, 1);
  CHECK_INT(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  for (;;) {
    sf_count_t n = sf_readf_short(sf, buf, 4096);
    sf_count_t i;
    if (n <= 0)
      break;
    for (i = 0; i < n; i++)
      bad += buf[i] != sample_at(done + i);
    done += n;
  }
  CHECK_INT(done, frames);
  CHECK_INT(bad, 0);
  sf_close(sf);
}

static void test_format_table(void) {
  static const struct {
    const char *name;
    enum ldu_status st;
    enum ldu_format fmt;
  } cases[] = {
      {"wav", LDU_OK, LDU_FORMAT_WAV},
      {"WAV", LDU_OK, LDU_FORMAT_WAV},
      {"Wave", LDU_OK, LDU_FORMAT_WAV},
      {"flac", LDU_OK, LDU_FORMAT_FLAC},
      {"FLAC", LDU_OK, LDU_FORMAT_FLAC},
      {"ogg", LDU_OK, LDU_FORMAT_OGG},
      {"OGA", LDU_OK, LDU_FORMAT_OGG},
      {"vorbis", LDU_OK, LDU_FORMAT_OGG},
      {"opus", LDU_OK, LDU_FORMAT_OPUS},
      {"Mp3", LDU_OK, LDU_FORMAT_MP3},
      {"", LDU_ERR_USAGE, LDU_FORMAT_COUNT},
      {"wa", LDU_ERR_USAGE, LDU_FORMAT_COUNT},
      {"wavx", LDU_ERR_USAGE, LDU_FORMAT_COUNT},
      {"m4a", LDU_ERR_USAGE, LDU_FORMAT_COUNT},
      {".wav", LDU_ERR_USAGE, LDU_FORMAT_COUNT},
      {NULL, LDU_ERR_USAGE, LDU_FORMAT_COUNT},
  };
  static const struct {
    enum ldu_format fmt;
    const char *ext;
  } exts[] = {
      {LDU_FORMAT_WAV, "wav"}, {LDU_FORMAT_FLAC, "flac"},
      {LDU_FORMAT_OGG, "ogg"}, {LDU_FORMAT_OPUS, "opus"},
      {LDU_FORMAT_MP3, "mp3"},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    enum ldu_format f = LDU_FORMAT_COUNT;
    CHECK_INT(ldu_audio_format_parse(cases[i].name, &f), cases[i].st);
    CHECK_INT(f, cases[i].fmt);
  }
  for (i = 0; i < sizeof exts / sizeof exts[0]; i++)
    CHECK_STR(ldu_audio_ext(exts[i].fmt), exts[i].ext);
  CHECK(ldu_audio_ext(LDU_FORMAT_COUNT) == NULL);
}

/* Every container has a writer; chapter limits per format. */
static void test_max_chapters(void) {
  CHECK_INT(ldu_audio_max_chapters(LDU_FORMAT_WAV), SIZE_MAX);
  CHECK_INT(ldu_audio_max_chapters(LDU_FORMAT_MP3), SIZE_MAX);
  CHECK_INT(ldu_audio_max_chapters(LDU_FORMAT_FLAC), 999);
  CHECK_INT(ldu_audio_max_chapters(LDU_FORMAT_OGG), 999);
  CHECK_INT(ldu_audio_max_chapters(LDU_FORMAT_OPUS), 999);
  CHECK_INT(ldu_audio_max_chapters(LDU_FORMAT_COUNT), 0);
}

struct wav_case {
  const char *name;
  int rate;
  int64_t frames;
  int tags;   /* use the tags below */
  size_t nch; /* chapters: given, or generated when ch is NULL */
  const struct ldu_chapter *ch;
};

static const struct ldu_chapter four[] = {
    {0, 33075, "第一章：开始"},
    {33075, 71662, "表情 😀 and \"quotes\""},
    {71662, 88200, "A & B < C > D"},
    {88200, 110250, "最后"},
};

static const struct ldu_tags tags = {
    "第一节 标题", "朗读者", "文章", "2025-01-02", "Speech", 1, 3, NULL};

static void test_wav(const char *dir, const struct wav_case *c) {
  static struct ldu_chapter gen[150];
  static char titles[150][32];
  const struct ldu_chapter *ch = c->ch;
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, c->rate, 0, -1.0, 0, NULL};
  struct ldu_audio *a = NULL;
  struct ldu_error e;
  struct riff r;
  char path[512];
  size_t i;
  int cue;
  int adtl;
  int id3;
  ldu_error_clear(&e);
  if (ch == NULL && c->nch > 0) {
    for (i = 0; i < c->nch && i < 150; i++) {
      gen[i].start = c->frames * (int64_t)i / (int64_t)c->nch;
      gen[i].end = c->frames * (int64_t)(i + 1) / (int64_t)c->nch;
      snprintf(titles[i], sizeof titles[i], "第%zu段%s", i + 1,
               i % 2 ? "x" : "");
      gen[i].title = titles[i];
    }
    ch = gen;
  }
  snprintf(path, sizeof path, "%s/%s.wav", dir, c->name);
  CHECK_INT(ldu_audio_open(path, &o, &a, &e), LDU_OK);
  if (a == NULL)
    return;
  CHECK_INT(write_pcm(a, c->frames), LDU_OK);
  CHECK_INT(ldu_audio_frames(a), c->frames);
  CHECK_INT(ldu_audio_close(a, c->tags ? &tags : NULL, ch, c->nch, &e), LDU_OK);
  walk(path, &r);
  CHECK(r.ok);
  CHECK_INT(r.riff_size, r.file_size - 8);
  CHECK_INT(r.file_size % 2, 0);
  CHECK_STR(r.order[0], "fmt ");
  CHECK(chunk_at(&r, "data", 0) >= 0);
  cue = chunk_at(&r, "cue ", 0);
  id3 = chunk_at(&r, "id3 ", 0);
  CHECK_INT(r.ncues, c->nch);
  CHECK_INT(r.nlabl, (int)c->nch);
  CHECK_INT(r.has_adtl, c->nch > 0);
  CHECK(r.cue_fcc_ok);
  for (i = 0; i < c->nch && i < MAX_CUES; i++) {
    CHECK_INT(r.cue_id[i], i);
    CHECK_INT(r.cue_pos[i], ch[i].start);
    CHECK_INT(r.cue_off[i], ch[i].start);
    CHECK_STR(r.labl[i], ch[i].title);
  }
  if (c->nch > 0) {
    /* cue, then LIST/adtl (the last LIST), then id3 at the very end */
    adtl = chunk_at(&r, "LIST", c->tags ? 1 : 0);
    CHECK(cue > chunk_at(&r, "data", 0));
    CHECK_INT(adtl, cue + 1);
  } else {
    CHECK_INT(cue, -1);
  }
  if (c->tags || c->nch > 0) {
    CHECK_INT(id3, r.nchunks - 1);
    CHECK_INT(r.id3_version, 4);
    CHECK_INT(r.nchap, c->nch);
    CHECK_INT(r.nctoc, c->nch > 0);
  } else {
    CHECK_INT(id3, -1); /* nothing to say: no empty tag */
  }
  if (c->tags) {
    CHECK_STR(r.inam, tags.title); /* libsndfile's LIST/INFO */
    CHECK(chunk_at(&r, "CSET", 0) >= 0);
  } else {
    CHECK_INT(chunk_at(&r, "CSET", 0), -1);
  }
  riff_free(&r);
  check_pcm(path, c->rate, c->frames);
}

/* Abort and failed close remove the file; bad arguments are refused. */
static void test_failures(const char *dir) {
  static const struct ldu_chapter late[] = {{0, 5, "a"}, {500, 600, "b"}};
  static const struct ldu_chapter back[] = {{50, 60, "a"}, {10, 20, "b"}};
  static const struct ldu_chapter bad_utf8[] = {{0, 100, "\xff"}};
  static const struct {
    const char *name;
    const struct ldu_chapter *ch;
    size_t n;
    enum ldu_status want;
  } cases[] = {
      {"late", late, 2, LDU_ERR_USAGE},
      {"back", back, 2, LDU_ERR_USAGE},
      {"null", NULL, 2, LDU_ERR_USAGE},
      {"utf8", bad_utf8, 1, LDU_ERR_UTF8},
  };
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, 8000, 0, -1.0, 0, NULL};
  struct ldu_audio *a = NULL;
  struct ldu_error e;
  char path[512];
  size_t i;
  snprintf(path, sizeof path, "%s/abort.wav", dir);
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
  /* written under a temporary name, renamed by close (cleanup.h) */
  CHECK(!exists(path));
  CHECK_INT(write_pcm(a, 100), LDU_OK);
  ldu_audio_abort(a);
  CHECK(!exists(path));
  ldu_audio_abort(NULL);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    a = NULL;
    snprintf(path, sizeof path, "%s/%s.wav", dir, cases[i].name);
    CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
    if (a == NULL)
      continue;
    CHECK_INT(write_pcm(a, 100), LDU_OK);
    CHECK_INT(ldu_audio_close(a, &tags, cases[i].ch, cases[i].n, NULL),
              cases[i].want);
    CHECK(!exists(path));
  }
  /* cannot create: LDU_ERR_IO with the path and errno */
  ldu_error_clear(&e);
  snprintf(path, sizeof path, "%s/no/such/dir.wav", dir);
  CHECK_INT(ldu_audio_open(path, &o, &a, &e), LDU_ERR_IO);
  CHECK_STR(e.path, path);
  CHECK(e.detail[0] != '\0');
  o.rate = 0;
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_ERR_USAGE);
  CHECK_INT(ldu_audio_write(NULL, NULL, 0, NULL), LDU_ERR_USAGE);
  CHECK_INT(ldu_audio_close(NULL, NULL, NULL, 0, NULL), LDU_ERR_USAGE);
}

/* Untitled chapters are labelled with their number, in labl and id3. */
static void test_untitled(const char *dir) {
  static const struct ldu_chapter ch[] = {
      {0, 10, NULL}, {10, 20, ""}, {20, 30, "c"}};
  static const char *const want[] = {"1", "2", "c"};
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, 8000, 0, -1.0, 0, NULL};
  struct ldu_audio *a = NULL;
  struct riff r;
  char path[512];
  size_t i;
  snprintf(path, sizeof path, "%s/untitled.wav", dir);
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
  CHECK_INT(write_pcm(a, 30), LDU_OK);
  CHECK_INT(ldu_audio_close(a, NULL, ch, 3, NULL), LDU_OK);
  walk(path, &r);
  CHECK(r.ok);
  CHECK_INT(r.nchap, 3);
  for (i = 0; i < 3; i++)
    CHECK_STR(r.labl[i], want[i]);
  riff_free(&r);
}

/* Files in `dir`, to catch temporaries left behind. */
static int count_files(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (d == NULL)
    return -1;
  for (e = readdir(d); e != NULL; e = readdir(d))
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

/* MP3: ID3v2.4 tag first, then MPEG frames (LAME's Info frame first), no
 * ID3v1 trailer; libsndfile decodes the exact frame count (gapless). */
static void test_mp3(const char *dir) {
  static const struct {
    const char *name;
    int tags;
    size_t n;
    int rate;
    int64_t frames;
  } cases[] = {
      {"four.mp3", 1, 4, 22050, 110250},
      {"bare.mp3", 0, 0, 16000, 16000},
      {"tagsonly.mp3", 1, 0, 44100, 44100 * 2},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct ldu_audio_opts o = {LDU_FORMAT_MP3, cases[i].rate, 0, -1.0, 0, NULL};
    struct ldu_audio *a = NULL;
    struct riff r;
    char path[512];
    long len = 0;
    unsigned char *p;
    uint32_t tag;
    int before = count_files(dir);
    SF_INFO info;
    SNDFILE *sf;
    snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
    CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
    if (a == NULL)
      continue;
    CHECK_INT(write_pcm(a, cases[i].frames), LDU_OK);
    CHECK_INT(ldu_audio_close(a, cases[i].tags ? &tags : NULL, four, cases[i].n,
                              NULL),
              LDU_OK);
    CHECK_INT(count_files(dir), before + 1); /* no temporary left */
    p = slurp(path, &len);
    CHECK(p != NULL && len > 1000);
    if (p == NULL || len <= 1000) {
      free(p);
      continue;
    }
    memset(&r, 0, sizeof r);
    walk_id3(&r, p, (uint32_t)len);
    CHECK_INT(r.id3_version, 4); /* the default */
    CHECK_INT(r.nchap, cases[i].n);
    CHECK_INT(r.nctoc, cases[i].n > 0);
    tag = 10 + synchsafe(p + 6);
    CHECK(tag + 2 < (uint32_t)len && p[tag] == 0xff &&
          (p[tag + 1] & 0xe0) == 0xe0);
    CHECK(memcmp(p + len - 128, "TAG", 3) != 0);
    free(p);
    memset(&info, 0, sizeof info);
    sf = sf_open(path, SFM_READ, &info);
    CHECK(sf != NULL);
    if (sf != NULL) {
      int16_t buf[4096];
      sf_count_t got = 0;
      sf_count_t k;
      int nonzero = 0;
      CHECK_INT(info.channels, 1);
      CHECK_INT(info.samplerate, cases[i].rate);
      for (k = sf_readf_short(sf, buf, 4096); k > 0;
           k = sf_readf_short(sf, buf, 4096)) {
        sf_count_t j;
        for (j = 0; j < k; j++)
          nonzero |= buf[j] != 0;
        got += k;
      }
      CHECK_INT(got, cases[i].frames);
      CHECK(nonzero);
      sf_close(sf);
    }
  }
  {
    struct ldu_audio_opts o = {LDU_FORMAT_MP3, 22050, 0, 0.5, 0, NULL};
    struct ldu_audio *a = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/abort.mp3", dir);
    CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
    CHECK_INT(write_pcm(a, 5000), LDU_OK);
    ldu_audio_abort(a);
    CHECK(!exists(path));
  }
}

/* Opening over an existing file replaces it. */
static void test_replace(const char *dir) {
  struct ldu_audio_opts o = {LDU_FORMAT_WAV, 8000, 0, -1.0, 0, NULL};
  struct ldu_audio *a = NULL;
  char path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s/replace.wav", dir);
  f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f != NULL) {
    static char junk[100000];
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
  }
  CHECK_INT(ldu_audio_open(path, &o, &a, NULL), LDU_OK);
  CHECK_INT(write_pcm(a, 10), LDU_OK);
  CHECK_INT(ldu_audio_close(a, NULL, NULL, 0, NULL), LDU_OK);
  check_pcm(path, 8000, 10);
}

static int remove_dir(const char *dir) {
  static const char *const names[] = {
      "four.wav",     "many.wav", "nochap.wav",  "bare.wav",
      "empty.wav",    "odd.wav",  "replace.wav", "one.wav",
      "untitled.wav", "four.mp3", "bare.mp3",    "tagsonly.mp3",
  };
  char path[512];
  size_t i;
  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  return rmdir(dir);
}

int main(int argc, char **argv) {
  static const struct wav_case cases[] = {
      {"four", 22050, 110250, 1, 4, four},
      {"many", 16000, 16000 * 60, 1, 150, NULL},
      {"nochap", 22050, 22050, 1, 0, NULL},
      {"bare", 8000, 8001, 0, 0, NULL},
      {"empty", 22050, 0, 1, 0, NULL},
      {"odd", 11025, 12345, 0, 3, NULL},
      {"one", 44100, 1, 1, 1, NULL},
  };
  char tmpl[] = "/tmp/ldu_test_audio.XXXXXX";
  char *dir = mkdtemp(tmpl);
  size_t i;
  CHECK(dir != NULL);
  if (dir == NULL)
    return test_summary();
  test_format_table();
  test_max_chapters();
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    test_wav(dir, &cases[i]);
  test_failures(dir);
  test_replace(dir);
  test_untitled(dir);
  test_mp3(dir);
  if (argc > 1) {
    char src[512];
    snprintf(src, sizeof src, "%s/four.wav", dir);
    CHECK_INT(rename(src, argv[1]), 0);
  }
  CHECK_INT(remove_dir(dir), 0);
  return test_summary();
}
