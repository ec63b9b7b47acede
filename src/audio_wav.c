/* audio_wav: 16-bit PCM mono WAV through libsndfile, plus chapters.
 *
 * libsndfile writes the RIFF header, `fmt `, `data` and, for tags set
 * after the first write, a LIST/INFO chunk after the data.  Chapters are
 * only known at close, so after sf_close() this writer walks the RIFF,
 * appends its own chunks at the end and patches the RIFF size:
 *   `cue `        one point per chapter, ids 0..n-1, dwSampleOffset = start
 *   LIST/adtl     one `labl` per cue point (UTF-8 title, NUL-terminated)
 *   `id3 `        ID3v2.4 tag: text frames, CTOC, CHAP (ldu_id3_build)
 * and, before them, a `CSET` chunk (code page 65001) when the LIST/INFO
 * text is not ASCII, so readers need not guess Latin-1.
 * ffprobe reads cue+labl (and id3), mutagen and music-metadata only the
 * id3 chunk; cue ids 0..n-1 let ffmpeg merge the two sets (design.md §5).
 * `cue ` comes before LIST/adtl: ffmpeg only names cue points it has seen. */
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
#include "id3.h"
#include "fileio.h"

/* Room kept below 4 GiB while writing, for the header and our chunks. */
#define LDU_WAV_RESERVE ((uint64_t)1 << 20)
#define LDU_WAV_MAX ((uint64_t)UINT32_MAX)

struct wav {
  SNDFILE *sf;
  char *path;
  int rate;
  uint64_t data_bytes;
};

static void put_le32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static enum ldu_status add_le32(struct ldu_buf *b, uint32_t v) {
  unsigned char p[4];
  put_le32(p, v);
  return ldu_buf_add(b, p, sizeof p);
}

static void wav_free(struct wav *w) {
  if (w == NULL)
    return;
  if (w->sf != NULL)
    sf_close(w->sf);
  free(w->path);
  free(w);
}

static enum ldu_status wav_open(void **state, const char *path,
                                const struct ldu_audio_opts *opts,
                                struct ldu_error *err) {
  struct wav *w;
  SF_INFO info;
  size_t len = strlen(path);
  enum ldu_status st = LDU_OK;
  w = calloc(1, sizeof *w);
  if (w == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  w->path = malloc(len + 1);
  if (w->path == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  memcpy(w->path, path, len + 1);
  w->rate = opts->rate;
  memset(&info, 0, sizeof info);
  info.samplerate = opts->rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  errno = 0;
  w->sf = sf_open(path, SFM_WRITE, &info);
  if (w->sf == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    ldu_error_detail(err, "%s", sf_strerror(NULL));
    goto out;
  }
out:
  if (st != LDU_OK) {
    wav_free(w);
    w = NULL;
  }
  *state = w;
  return st;
}

static enum ldu_status wav_write(void *state, const int16_t *pcm, size_t frames,
                                 struct ldu_error *err) {
  struct wav *w = state;
  sf_count_t got;
  if (frames > (LDU_WAV_MAX - LDU_WAV_RESERVE) / 2 ||
      w->data_bytes + (uint64_t)frames * 2 > LDU_WAV_MAX - LDU_WAV_RESERVE) {
    ldu_error_set(err, LDU_ERR_FORMAT, w->path, EFBIG);
    ldu_error_detail(err, "a WAV file cannot hold more than 4 GiB");
    return LDU_ERR_FORMAT;
  }
  got = sf_writef_short(w->sf, pcm, (sf_count_t)frames);
  if (got != (sf_count_t)frames) {
    ldu_error_set(err, LDU_ERR_IO, w->path, errno);
    ldu_error_detail(err, "%s", sf_strerror(w->sf));
    return LDU_ERR_IO;
  }
  w->data_bytes += (uint64_t)frames * 2;
  return LDU_OK;
}

/* Tags as LIST/INFO through libsndfile.  They must be set while the file
 * is open; set after the first write, libsndfile puts LIST/INFO after the
 * data chunk (before it when nothing was written yet). */
static enum ldu_status set_strings(struct wav *w, const struct ldu_tags *t,
                                   struct ldu_error *err) {
  struct {
    int id;
    const char *s;
  } map[6];
  char trck[48];
  size_t i;
  if (t == NULL)
    return LDU_OK;
  map[0].id = SF_STR_TITLE;
  map[0].s = t->title;
  map[1].id = SF_STR_ARTIST;
  map[1].s = t->artist;
  map[2].id = SF_STR_ALBUM;
  map[2].s = t->album;
  map[3].id = SF_STR_DATE;
  map[3].s = t->date;
  map[4].id = SF_STR_GENRE;
  map[4].s = t->genre;
  map[5].id = SF_STR_TRACKNUMBER;
  map[5].s = NULL;
  if (t->track > 0) {
    snprintf(trck, sizeof trck, "%d", t->track);
    map[5].s = trck;
  }
  for (i = 0; i < sizeof map / sizeof map[0]; i++) {
    if (map[i].s == NULL || map[i].s[0] == '\0')
      continue;
    if (sf_set_string(w->sf, map[i].id, map[i].s) != 0) {
      ldu_error_set(err, LDU_ERR_ENCODE, w->path, 0);
      ldu_error_detail(err, "tag: %s", sf_strerror(w->sf));
      return LDU_ERR_ENCODE;
    }
  }
  return LDU_OK;
}

static int non_ascii(const char *s) {
  for (; s != NULL && *s != '\0'; s++) {
    if ((unsigned char)*s >= 0x80)
      return 1;
  }
  return 0;
}

static int tags_non_ascii(const struct ldu_tags *t) {
  return t != NULL &&
         (non_ascii(t->title) || non_ascii(t->artist) || non_ascii(t->album) ||
          non_ascii(t->date) || non_ascii(t->genre));
}

/* [CSET], `cue `, LIST/adtl and `id3 `, each padded to an even size. */
static enum ldu_status build_chunks(struct ldu_buf *b, const struct wav *w,
                                    const struct ldu_tags *tags,
                                    const struct ldu_chapter *ch, size_t n,
                                    int64_t frames) {
  struct ldu_buf id3;
  size_t at;
  size_t i;
  size_t size;
  enum ldu_status st = LDU_OK;
  ldu_buf_init(&id3, (size_t)LDU_WAV_MAX);
  if (tags_non_ascii(tags)) {
    /* CSET: wCodePage 65001 (UTF-8), country/language/dialect 0.  Tells
     * RIFF readers that LIST/INFO text is UTF-8, not the ANSI code page. */
    st = ldu_buf_add(b, "CSET\x08\0\0\0\xe9\xfd\0\0\0\0\0\0", 16);
    if (st != LDU_OK)
      goto out;
  }
  if (n > 0) {
    if (n > (LDU_WAV_MAX - 4) / 24) {
      st = LDU_ERR_NOMEM;
      goto out;
    }
    st = ldu_buf_add(b, "cue ", 4);
    if (st == LDU_OK)
      st = add_le32(b, (uint32_t)(4 + 24 * n));
    if (st == LDU_OK)
      st = add_le32(b, (uint32_t)n);
    for (i = 0; st == LDU_OK && i < n; i++) {
      /* Chapter starts are <= frames, which fit 32 bits in a WAV. */
      uint32_t pos = (uint32_t)ch[i].start;
      st = add_le32(b, (uint32_t)i); /* dwName */
      if (st == LDU_OK)
        st = add_le32(b, pos); /* dwPosition */
      if (st == LDU_OK)
        st = ldu_buf_add(b, "data", 4); /* fccChunk */
      if (st == LDU_OK)
        st = add_le32(b, 0); /* dwChunkStart */
      if (st == LDU_OK)
        st = add_le32(b, 0); /* dwBlockStart */
      if (st == LDU_OK)
        st = add_le32(b, pos); /* dwSampleOffset */
    }
    at = b->len;
    if (st == LDU_OK)
      st = ldu_buf_add(b, "LIST\0\0\0\0adtl", 12);
    for (i = 0; st == LDU_OK && i < n; i++) {
      const char *t = ch[i].title;
      char num[32];
      size_t len;
      if (t == NULL || t[0] == '\0') { /* as in the id3 chunk */
        snprintf(num, sizeof num, "%zu", i + 1);
        t = num;
      }
      len = strlen(t);
      if (len > LDU_WAV_MAX - 6) {
        st = LDU_ERR_NOMEM;
        break;
      }
      st = ldu_buf_add(b, "labl", 4);
      if (st == LDU_OK)
        st = add_le32(b, (uint32_t)(4 + len + 1));
      if (st == LDU_OK)
        st = add_le32(b, (uint32_t)i);
      if (st == LDU_OK)
        st = ldu_buf_add(b, t, len + 1); /* with its NUL */
      if (st == LDU_OK && (len + 1) % 2 != 0)
        st = ldu_buf_addc(b, 0);
    }
    if (st != LDU_OK)
      goto out;
    size = b->len - at - 8;
    if (size > LDU_WAV_MAX) {
      st = LDU_ERR_NOMEM;
      goto out;
    }
    put_le32((unsigned char *)b->data + at + 4, (uint32_t)size);
  }
  st = ldu_id3_build(&id3, 4, tags, ch, n, w->rate, frames, 0);
  if (st != LDU_OK)
    goto out;
  if (id3.len <= 10)
    goto out; /* no tags and no chapters: an empty tag helps nobody */
  st = ldu_buf_add(b, "id3 ", 4);
  if (st == LDU_OK)
    st = add_le32(b, (uint32_t)id3.len);
  if (st == LDU_OK)
    st = ldu_buf_add(b, id3.data, id3.len);
  if (st == LDU_OK && id3.len % 2 != 0)
    st = ldu_buf_addc(b, 0);
out:
  ldu_buf_free(&id3);
  return st;
}

/* Walk the chunks libsndfile wrote; `*end` = where new chunks go (after
 * the last chunk and its pad byte). */
static enum ldu_status riff_end(int fd, const char *path, uint64_t *end,
                                struct ldu_error *err) {
  struct stat sb;
  unsigned char h[12];
  uint64_t pos = 12;
  uint64_t fsize;
  enum ldu_status st = LDU_OK;
  if (fstat(fd, &sb) != 0)
    return ldu_error_set(err, LDU_ERR_IO, path, errno);
  fsize = (uint64_t)sb.st_size;
  if (fsize < 12 || ldu_read_at(fd, h, 12, 0) != 0 || memcmp(h, "RIFF", 4) != 0 ||
      memcmp(h + 8, "WAVE", 4) != 0) {
    st = LDU_ERR_FORMAT;
    goto out;
  }
  while (pos + 8 <= fsize) {
    uint64_t size;
    if (ldu_read_at(fd, h, 8, (off_t)pos) != 0) {
      st = LDU_ERR_FORMAT;
      goto out;
    }
    size = get_le32(h + 4);
    if (pos + 8 + size > fsize) {
      st = LDU_ERR_FORMAT;
      goto out;
    }
    pos += 8 + size + (size & 1);
  }
  if (pos != fsize && pos != fsize + 1) {
    st = LDU_ERR_FORMAT;
    goto out;
  }
  /* An odd last chunk without its pad byte: add the pad. */
  if (pos == fsize + 1 && ldu_write_at(fd, "", 1, (off_t)fsize) != 0)
    return ldu_error_set(err, LDU_ERR_IO, path, errno);
  *end = pos;
out:
  if (st != LDU_OK) {
    ldu_error_set(err, st, path, 0);
    ldu_error_detail(err, "libsndfile wrote a RIFF file this writer cannot "
                          "walk");
  }
  return st;
}

static enum ldu_status wav_close(void *state, const struct ldu_tags *tags,
                                 const struct ldu_chapter *ch, size_t n,
                                 int64_t frames, struct ldu_error *err) {
  struct wav *w = state;
  struct ldu_buf chunks;
  unsigned char le[4];
  uint64_t end = 0;
  uint64_t total;
  int fd = -1;
  int rc;
  struct ldu_tags plain;
  enum ldu_status st;
  ldu_buf_init(&chunks, (size_t)LDU_WAV_MAX);
  if (tags != NULL && tags->cover != NULL) {
    /* no cover in WAV: it is the editing format, and ffmpeg would show
     * an id3 APIC as a video stream */
    plain = *tags;
    plain.cover = NULL;
    tags = &plain;
  }
  st = set_strings(w, tags, err);
  if (st != LDU_OK)
    goto out;
  rc = sf_close(w->sf);
  w->sf = NULL;
  if (rc != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, w->path, errno);
    ldu_error_detail(err, "%s", sf_error_number(rc));
    goto out;
  }
  st = build_chunks(&chunks, w, tags, ch, n, frames);
  if (st != LDU_OK) {
    ldu_error_set(err, st, w->path, 0);
    ldu_error_detail(err, "cannot build the chapter chunks");
    goto out;
  }
  fd = open(w->path, O_RDWR);
  if (fd < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, w->path, errno);
    goto out;
  }
  st = riff_end(fd, w->path, &end, err);
  if (st != LDU_OK)
    goto out;
  total = end + chunks.len;
  if (total - 8 > LDU_WAV_MAX) {
    st = ldu_error_set(err, LDU_ERR_FORMAT, w->path, EFBIG);
    ldu_error_detail(err, "a WAV file cannot hold more than 4 GiB");
    goto out;
  }
  put_le32(le, (uint32_t)(total - 8));
  if ((chunks.len > 0 &&
       ldu_write_at(fd, chunks.data, chunks.len, (off_t)end) != 0) ||
      ldu_write_at(fd, le, 4, 4) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, w->path, errno);
    goto out;
  }
  rc = close(fd);
  fd = -1;
  if (rc != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, w->path, errno);
    goto out;
  }
out:
  if (fd >= 0)
    close(fd);
  ldu_buf_free(&chunks);
  wav_free(w);
  return st;
}

static void wav_abort(void *state) { wav_free(state); }

const struct ldu_audio_writer ldu_audio_wav_writer = {
    "wav", wav_open, wav_write, wav_close, wav_abort,
};
