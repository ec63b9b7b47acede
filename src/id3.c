/* id3: build an ID3v2.3 / v2.4 tag with text frames, CTOC and CHAP.
 *
 * Layout of the tag (ID3v2.4.0 structure, ID3v2 Chapter Frame Addendum
 * 1.0):
 *   header  "ID3" ver 0 flags size(synchsafe, excludes the header)
 *   TIT2 TPE1 TALB TRCK TDRC|TYER TCON   (empty or NULL strings skipped)
 *   CTOC "toc" flags=0x03 (top-level, ordered), entries "chp0".."chpK"
 *   CHAP "chpI" start_ms end_ms 0xFFFFFFFF 0xFFFFFFFF [TIT2 sub-frame]
 *   padding (zero bytes)
 *
 * A CTOC entry count is one byte, so at most 255 chapters fit in one
 * table of contents.  With more, no CTOC is written, only the CHAP frames:
 * music-metadata, mutagen-based tools and eyeD3 take the chapter list from
 * the top-level CTOC when there is one (a CTOC of the first 255 would hide
 * the rest from them, while ffmpeg, which ignores CTOC, shows all) and fall
 * back to every CHAP frame, sorted by time, when there is none.  Nested
 * CTOCs are read by almost nothing.  Callers should keep chapters <= 255
 * anyway (AntennaPod keeps 100).
 *
 * A chapter without a title gets its 1-based number as its TIT2:
 * music-metadata drops CHAP frames without a non-empty TIT2. */
#include "id3.h"

#include <stdio.h>
#include <string.h>

#include "picture.h"

/* Largest value a 28-bit synchsafe integer holds. */
#define LDU_ID3_MAX_SIZE 0x0FFFFFFFu
#define LDU_ID3_HEADER 10u
#define LDU_ID3_CTOC_MAX 255u

/* Build state: the tag goes into `b`, which starts empty. */
struct id3w {
  struct ldu_buf *b;
  int version;
};

static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static void put_synchsafe(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)((v >> 21) & 0x7f);
  p[1] = (unsigned char)((v >> 14) & 0x7f);
  p[2] = (unsigned char)((v >> 7) & 0x7f);
  p[3] = (unsigned char)(v & 0x7f);
}

static enum ldu_status add_be32(struct ldu_buf *b, uint32_t v) {
  unsigned char p[4];
  put_be32(p, v);
  return ldu_buf_add(b, p, sizeof p);
}

/* Decode one UTF-8 sequence at s[*i] (len bytes in all); on success store
 * the code point and advance *i.  Rejects overlongs, surrogates and values
 * above U+10FFFF. */
static int utf8_next(const unsigned char *s, size_t len, size_t *i,
                     uint32_t *cp) {
  size_t k = *i;
  uint32_t c = s[k];
  size_t n;
  uint32_t min;
  size_t j;
  if (c < 0x80) {
    *cp = c;
    *i = k + 1;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) {
    n = 1;
    c &= 0x1f;
    min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 2;
    c &= 0x0f;
    min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 3;
    c &= 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (len - k - 1 < n)
    return 0;
  for (j = 1; j <= n; j++) {
    if ((s[k + j] & 0xc0) != 0x80)
      return 0;
    c = (c << 6) | (s[k + j] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
    return 0;
  *cp = c;
  *i = k + 1 + n;
  return 1;
}

static enum ldu_status add_u16le(struct ldu_buf *b, uint32_t u) {
  unsigned char p[2];
  p[0] = (unsigned char)(u & 0xff);
  p[1] = (unsigned char)(u >> 8);
  return ldu_buf_add(b, p, sizeof p);
}

/* Append encoding byte + text for the tag's version: v2.4 UTF-8
 * (encoding 3), v2.3 UTF-16 with a little-endian BOM (encoding 1).  No
 * terminator: text frames need none.  Invalid UTF-8 is LDU_ERR_UTF8. */
static enum ldu_status add_text(struct id3w *w, const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  size_t len = strlen(s);
  size_t i = 0;
  uint32_t cp;
  enum ldu_status st;
  if (w->version == 4) {
    while (i < len) {
      if (!utf8_next(u, len, &i, &cp))
        return LDU_ERR_UTF8;
    }
    st = ldu_buf_addc(w->b, 3);
    if (st == LDU_OK)
      st = ldu_buf_add(w->b, s, len);
    return st;
  }
  st = ldu_buf_add(w->b, "\x01\xff\xfe", 3);
  while (st == LDU_OK && i < len) {
    if (!utf8_next(u, len, &i, &cp))
      return LDU_ERR_UTF8;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      st = add_u16le(w->b, 0xd800 + (cp >> 10));
      if (st == LDU_OK)
        st = add_u16le(w->b, 0xdc00 + (cp & 0x3ff));
    } else {
      st = add_u16le(w->b, cp);
    }
  }
  return st;
}

/* Start a frame: id, a size to be patched by frame_end(), flags 0.
 * `*at` receives the offset of the frame header. */
static enum ldu_status frame_begin(struct id3w *w, const char *id, size_t *at) {
  static const unsigned char zero[6] = {0};
  enum ldu_status st;
  *at = w->b->len;
  st = ldu_buf_add(w->b, id, 4);
  if (st == LDU_OK)
    st = ldu_buf_add(w->b, zero, sizeof zero);
  return st;
}

static enum ldu_status frame_end(struct id3w *w, size_t at) {
  size_t size = w->b->len - at - LDU_ID3_HEADER;
  unsigned char *p = (unsigned char *)w->b->data + at + 4;
  if (size > LDU_ID3_MAX_SIZE)
    return LDU_ERR_NOMEM;
  if (w->version == 4)
    put_synchsafe(p, (uint32_t)size);
  else
    put_be32(p, (uint32_t)size);
  return LDU_OK;
}

/* A text frame; NULL or "" writes nothing. */
static enum ldu_status text_frame(struct id3w *w, const char *id,
                                  const char *s) {
  size_t at;
  enum ldu_status st;
  if (s == NULL || s[0] == '\0')
    return LDU_OK;
  st = frame_begin(w, id, &at);
  if (st == LDU_OK)
    st = add_text(w, s);
  if (st == LDU_OK)
    st = frame_end(w, at);
  return st;
}

/* v2.3 has TYER (four digits) instead of TDRC: keep the year. */
static enum ldu_status year_frame(struct id3w *w, const char *date) {
  char year[5];
  size_t i;
  if (date == NULL)
    return LDU_OK;
  for (i = 0; i < 4; i++) {
    if (date[i] < '0' || date[i] > '9')
      return LDU_OK; /* not a year: write nothing rather than junk */
    year[i] = date[i];
  }
  year[4] = '\0';
  return text_frame(w, "TYER", year);
}

/* frames -> ms, rounded to nearest; must fit the 32-bit CHAP field. */
static enum ldu_status to_ms(int64_t frames, int rate, uint32_t *ms) {
  int64_t v;
  if (frames < 0 || frames > (INT64_MAX - rate) / 1000)
    return LDU_ERR_USAGE;
  v = (frames * 1000 + rate / 2) / rate;
  if (v > (int64_t)UINT32_MAX)
    return LDU_ERR_USAGE;
  *ms = (uint32_t)v;
  return LDU_OK;
}

/* APIC: the front cover.  Latin-1 (encoding 0) for the empty
 * description, valid in v2.3 and v2.4 alike. */
static enum ldu_status apic_frame(struct id3w *w, const struct ldu_picture *p) {
  size_t at;
  enum ldu_status st;
  if (p == NULL || p->len == 0)
    return LDU_OK;
  st = frame_begin(w, "APIC", &at);
  if (st == LDU_OK)
    st = ldu_buf_addc(w->b, 0); /* text encoding: ISO-8859-1 */
  if (st == LDU_OK)
    st = ldu_buf_add(w->b, p->mime, strlen(p->mime) + 1);
  if (st == LDU_OK)
    st = ldu_buf_addc(w->b, 0x03); /* front cover */
  if (st == LDU_OK)
    st = ldu_buf_addc(w->b, 0); /* empty description */
  if (st == LDU_OK)
    st = ldu_buf_add(w->b, p->data, p->len);
  if (st == LDU_OK)
    st = frame_end(w, at);
  return st;
}

static enum ldu_status ctoc_frame(struct id3w *w, size_t n) {
  size_t at;
  size_t i;
  char id[32];
  enum ldu_status st = frame_begin(w, "CTOC", &at);
  if (st == LDU_OK)
    st = ldu_buf_add(w->b, "toc", 4); /* with its NUL */
  if (st == LDU_OK)
    st = ldu_buf_addc(w->b, 0x03); /* top-level, ordered */
  if (st == LDU_OK)
    st = ldu_buf_addc(w->b, (char)(unsigned char)n); /* n <= 255 */
  for (i = 0; st == LDU_OK && i < n; i++) {
    snprintf(id, sizeof id, "chp%zu", i);
    st = ldu_buf_add(w->b, id, strlen(id) + 1);
  }
  if (st == LDU_OK)
    st = frame_end(w, at);
  return st;
}

static enum ldu_status chap_frame(struct id3w *w, size_t i, uint32_t start,
                                  uint32_t end, const char *title) {
  size_t at;
  char id[32];
  char num[32];
  enum ldu_status st = frame_begin(w, "CHAP", &at);
  snprintf(id, sizeof id, "chp%zu", i);
  if (title == NULL || title[0] == '\0') {
    snprintf(num, sizeof num, "%zu", i + 1);
    title = num;
  }
  if (st == LDU_OK)
    st = ldu_buf_add(w->b, id, strlen(id) + 1);
  if (st == LDU_OK)
    st = add_be32(w->b, start);
  if (st == LDU_OK)
    st = add_be32(w->b, end);
  if (st == LDU_OK)
    st = add_be32(w->b, 0xffffffffu); /* byte offsets: unused */
  if (st == LDU_OK)
    st = add_be32(w->b, 0xffffffffu);
  if (st == LDU_OK)
    st = text_frame(w, "TIT2", title); /* first (and only) sub-frame */
  if (st == LDU_OK)
    st = frame_end(w, at);
  return st;
}

/* Where chapter i ends: its own end when that is sane, else the next
 * chapter's start; the last chapter ends at the end of the audio. */
static int64_t chapter_end(const struct ldu_chapter *ch, size_t n, size_t i,
                           int64_t total) {
  int64_t next = i + 1 < n ? ch[i + 1].start : total;
  int64_t e = ch[i].end;
  if (i + 1 == n)
    return total;
  if (e <= ch[i].start || e > total)
    return next;
  return e;
}

static enum ldu_status chapters(struct id3w *w, const struct ldu_chapter *ch,
                                size_t n, int rate, int64_t total) {
  size_t i;
  uint32_t start;
  uint32_t end;
  enum ldu_status st;
  if (n == 0)
    return LDU_OK;
  for (i = 0; i < n; i++) {
    if (ch[i].start < 0 || ch[i].start > total ||
        (i > 0 && ch[i].start < ch[i - 1].start))
      return LDU_ERR_USAGE;
  }
  if (n <= LDU_ID3_CTOC_MAX)
    st = ctoc_frame(w, n);
  else
    st = LDU_OK;
  for (i = 0; st == LDU_OK && i < n; i++) {
    st = to_ms(ch[i].start, rate, &start);
    if (st == LDU_OK)
      st = to_ms(chapter_end(ch, n, i, total), rate, &end);
    if (st == LDU_OK)
      st = chap_frame(w, i, start, end, ch[i].title);
  }
  return st;
}

enum ldu_status ldu_id3_build(struct ldu_buf *out, int version,
                              const struct ldu_tags *tags,
                              const struct ldu_chapter *ch, size_t n, int rate,
                              int64_t total_frames, size_t padding) {
  static const unsigned char zeros[256] = {0};
  struct ldu_buf tmp;
  struct id3w w;
  char trck[48];
  size_t size;
  size_t left;
  enum ldu_status st = LDU_OK;
  if (out == NULL || (version != 3 && version != 4) || rate <= 0 ||
      total_frames < 0 || (n > 0 && ch == NULL) || padding > LDU_ID3_MAX_SIZE)
    return LDU_ERR_USAGE;
  ldu_buf_init(&tmp, (size_t)LDU_ID3_MAX_SIZE + LDU_ID3_HEADER);
  w.b = &tmp;
  w.version = version;
  st = ldu_buf_add(&tmp, "ID3", 3);
  if (st == LDU_OK)
    st = ldu_buf_add(&tmp, version == 4 ? "\x04\x00\x00" : "\x03\x00\x00", 3);
  if (st == LDU_OK)
    st = ldu_buf_add(&tmp, "\0\0\0\0", 4); /* size, patched below */
  if (st == LDU_OK && tags != NULL) {
    st = text_frame(&w, "TIT2", tags->title);
    if (st == LDU_OK)
      st = text_frame(&w, "TPE1", tags->artist);
    if (st == LDU_OK)
      st = text_frame(&w, "TALB", tags->album);
    if (st == LDU_OK && tags->track > 0) {
      if (tags->track_total > 0)
        snprintf(trck, sizeof trck, "%d/%d", tags->track, tags->track_total);
      else
        snprintf(trck, sizeof trck, "%d", tags->track);
      st = text_frame(&w, "TRCK", trck);
    }
    if (st == LDU_OK) {
      if (version == 4)
        st = text_frame(&w, "TDRC", tags->date);
      else
        st = year_frame(&w, tags->date);
    }
    if (st == LDU_OK)
      st = text_frame(&w, "TCON", tags->genre);
    if (st == LDU_OK)
      st = apic_frame(&w, tags->cover);
  }
  if (st == LDU_OK)
    st = chapters(&w, ch, n, rate, total_frames);
  for (left = padding; st == LDU_OK && left > 0;) {
    size_t k = left < sizeof zeros ? left : sizeof zeros;
    st = ldu_buf_add(&tmp, zeros, k);
    left -= k;
  }
  if (st != LDU_OK)
    goto out;
  size = tmp.len - LDU_ID3_HEADER;
  if (size > LDU_ID3_MAX_SIZE) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  put_synchsafe((unsigned char *)tmp.data + 6, (uint32_t)size);
  st = ldu_buf_add(out, tmp.data, tmp.len);
out:
  ldu_buf_free(&tmp);
  return st;
}
