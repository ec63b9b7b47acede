#include "book_xml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>
#include <sndfile.h>

#include "audio.h"
#include "buf.h"
#include "cleanup.h"
#include "hash.h"

struct ldu_xml {
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  enum ldu_status st;
};

enum ldu_status ldu_xml_new(struct ldu_xml **out) {
  struct ldu_xml *x = calloc(1, sizeof *x);
  *out = NULL;
  if (x == NULL)
    return LDU_ERR_NOMEM;
  x->buf = xmlBufferCreate();
  if (x->buf != NULL)
    x->w = xmlNewTextWriterMemory(x->buf, 0);
  if (x->w == NULL) {
    ldu_xml_free(x);
    return LDU_ERR_NOMEM;
  }
  *out = x;
  return LDU_OK;
}

void ldu_xml_free(struct ldu_xml *x) {
  if (x == NULL)
    return;
  if (x->w != NULL)
    xmlFreeTextWriter(x->w);
  if (x->buf != NULL)
    xmlBufferFree(x->buf);
  free(x);
}

/* Record a libxml2 result (< 0 is a failure). */
static void ok(struct ldu_xml *x, int rc) {
  if (rc < 0 && x->st == LDU_OK)
    x->st = LDU_ERR_NOMEM;
}

void ldu_xml_decl(struct ldu_xml *x) {
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
}

void ldu_xml_doctype(struct ldu_xml *x, const char *name, const char *pub,
                     const char *sys) {
  if (x->st != LDU_OK)
    return;
  ok(x, xmlTextWriterWriteDTD(x->w, BAD_CAST name, BAD_CAST pub, BAD_CAST sys,
                              NULL));
  ldu_xml_nl(x);
}

void ldu_xml_start(struct ldu_xml *x, const char *name) {
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void ldu_xml_end(struct ldu_xml *x) {
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterEndElement(x->w));
}

void ldu_xml_attr(struct ldu_xml *x, const char *name, const char *value) {
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}

void ldu_xml_attrf(struct ldu_xml *x, const char *name, const char *fmt, ...) {
  char small[128];
  va_list ap;
  int n;
  if (x->st != LDU_OK)
    return;
  va_start(ap, fmt);
  n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  /* every value made here is a number, an id or a file name */
  if (n < 0 || (size_t)n >= sizeof small) {
    x->st = LDU_ERR_NOMEM;
    return;
  }
  ldu_xml_attr(x, name, small);
}

void ldu_xml_text(struct ldu_xml *x, const char *text) {
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterWriteString(x->w, BAD_CAST text));
}

void ldu_xml_leaf(struct ldu_xml *x, const char *name, const char *text) {
  ldu_xml_start(x, name);
  ldu_xml_text(x, text);
  ldu_xml_end(x);
}

void ldu_xml_nl(struct ldu_xml *x) {
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterWriteRaw(x->w, BAD_CAST "\n"));
}

enum ldu_status ldu_xml_finish(struct ldu_xml *x, const char **data,
                               size_t *len) {
  *data = NULL;
  *len = 0;
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterEndDocument(x->w));
  if (x->st == LDU_OK)
    ok(x, xmlTextWriterFlush(x->w));
  if (x->st != LDU_OK)
    return x->st;
  *data = (const char *)xmlBufferContent(x->buf);
  *len = (size_t)xmlBufferLength(x->buf);
  return *data != NULL ? LDU_OK : LDU_ERR_NOMEM;
}


enum ldu_status ldu_book_identifier(const struct ldu_doc *doc,
                                    const char *title,
                                    char out[LDU_BOOK_ID_MAX]) {
  struct ldu_sha256 *h;
  char hex[LDU_SHA256_HEX];
  size_t i;
  size_t s;
  if (ldu_sha256_new(&h) != LDU_OK)
    return LDU_ERR_NOMEM;
  ldu_sha256_adds(h, title);
  for (i = 0; i < doc->n_sections; i++)
    for (s = 0; s < doc->sections[i].n_sents; s++)
      ldu_sha256_adds(h, doc->sections[i].sents[s].text);
  ldu_sha256_hex(h, hex);
  ldu_sha256_free(h);
  /* RFC 4122 layout of the first 128 bits: version 5 (name-based, SHA),
   * variant 10xx */
  hex[12] = '5';
  hex[16] = "89ab"[(hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0') & 3];
  snprintf(out, LDU_BOOK_ID_MAX, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hex,
           hex + 8, hex + 12, hex + 16, hex + 20);
  return LDU_OK;
}

void ldu_book_depths(const struct ldu_doc *doc, size_t n, int *depth) {
  int stack[6];
  int top = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    int level = doc->sections[i].level;
    if (level < 1 || level > 6)
      level = 1;
    while (top > 0 && stack[top - 1] >= level)
      top--;
    if (top == 6)
      top = 5; /* cannot happen with levels 1..6; keeps the bound plain */
    stack[top++] = level;
    depth[i] = top;
  }
}

int64_t ldu_book_ms(int64_t frames, int rate) {
  if (rate <= 0 || frames <= 0)
    return 0;
  if (frames > INT64_MAX / 2000)
    return INT64_MAX / 2000; /* centuries of audio: clamp, never wrap */
  return (frames * 2000 + rate) / (2 * (int64_t)rate);
}

void ldu_book_clock_s(char *out, size_t size, int64_t ms) {
  snprintf(out, size, "%lld.%03llds", (long long)(ms / 1000),
           (long long)(ms % 1000));
}

void ldu_book_clock_full(char *out, size_t size, int64_t ms) {
  long long s = (long long)(ms / 1000);
  snprintf(out, size, "%lld:%02lld:%02lld.%03lld", s / 3600, s / 60 % 60,
           s % 60, (long long)(ms % 1000));
}

void ldu_book_clock_hms(char *out, size_t size, int64_t ms) {
  long long s = (long long)((ms + 500) / 1000);
  snprintf(out, size, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
}

void ldu_book_date(char out[21], time_t t) {
  struct tm tm;
  if (t == 0)
    t = time(NULL);
  if (gmtime_r(&t, &tm) == NULL ||
      strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    snprintf(out, 21, "1970-01-01T00:00:00Z");
}

static enum ldu_status write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return LDU_ERR_IO;
    p += w;
    len -= (size_t)w;
  }
  return LDU_OK;
}

enum ldu_status ldu_book_save(const char *path, const void *data, size_t len,
                              struct ldu_error *err) {
  struct ldu_atomic file; /* DIR/.NAME.tmp-PID, renamed when complete */
  enum ldu_status st;
  int fd = -1;
  st = ldu_atomic_begin(&file, path, &fd, err);
  if (st != LDU_OK)
    return st;
  if (write_all(fd, data, len) != LDU_OK) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    close(fd);
    goto out;
  }
  if (close(fd) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  st = ldu_atomic_commit(&file, err);
out:
  ldu_atomic_abort(&file);
  return st;
}

int ldu_book_has_ext(const char *file, const char *ext) {
  const char *dot = strrchr(file, '.');
  size_t i;
  if (dot == NULL || strchr(dot, '/') != NULL)
    return 0;
  for (i = 0; ext[i] != '\0'; i++) {
    int c = (unsigned char)dot[1 + i];
    if (c >= 'A' && c <= 'Z')
      c += 'a' - 'A';
    if (c != (unsigned char)ext[i])
      return 0;
  }
  return dot[1 + i] == '\0';
}

enum ldu_status ldu_book_link(const char *src, const char *dst,
                              struct ldu_error *err) {
  struct ldu_buf tmp;
  char chunk[1 << 15];
  enum ldu_status st = LDU_OK;
  int in = -1;
  int out = -1;
  if (unlink(dst) != 0 && errno != ENOENT)
    return ldu_error_set(err, LDU_ERR_IO, dst, errno);
  if (link(src, dst) == 0)
    return LDU_OK;
  /* another file system, or links not allowed: copy */
  ldu_buf_init(&tmp, 1 << 16);
  if (ldu_buf_printf(&tmp, "%s.tmp", dst) != LDU_OK)
    return LDU_ERR_NOMEM;
  in = open(src, O_RDONLY);
  if (in < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, src, errno);
    goto out;
  }
  out = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (out < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, dst, errno);
    goto out;
  }
  for (;;) {
    ssize_t n = read(in, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      st = ldu_error_set(err, LDU_ERR_IO, src, errno);
      goto out;
    }
    if (n == 0)
      break;
    if (write_all(out, chunk, (size_t)n) != LDU_OK) {
      st = ldu_error_set(err, LDU_ERR_IO, dst, errno);
      goto out;
    }
  }
  if (close(out) != 0) {
    out = -1;
    st = ldu_error_set(err, LDU_ERR_IO, dst, errno);
    goto out;
  }
  out = -1;
  if (rename(tmp.data, dst) != 0)
    st = ldu_error_set(err, LDU_ERR_IO, dst, errno);
out:
  if (in >= 0)
    close(in);
  if (out >= 0)
    close(out);
  if (st != LDU_OK)
    remove(tmp.data);
  ldu_buf_free(&tmp);
  return st;
}

enum ldu_status ldu_book_mp3(const char *src, const char *dst,
                             const char *title, const char *album,
                             const char *artist, struct ldu_error *err) {
  SF_INFO info;
  SNDFILE *sf;
  struct ldu_audio *a = NULL;
  struct ldu_audio_opts ao;
  struct ldu_tags tags;
  short pcm[4096];
  enum ldu_status st = LDU_OK;

  memset(&info, 0, sizeof info);
  sf = sf_open(src, SFM_READ, &info);
  if (sf == NULL) {
    st = ldu_error_set(err, LDU_ERR_FORMAT, src, 0);
    ldu_error_detail(err, "%s", sf_strerror(NULL));
    return st;
  }
  if (info.channels != 1) {
    st = ldu_error_set(err, LDU_ERR_FORMAT, src, 0);
    ldu_error_detail(err, "%d channels, expected 1", info.channels);
    goto out;
  }
  memset(&ao, 0, sizeof ao);
  ao.format = LDU_FORMAT_MP3;
  ao.rate = info.samplerate;
  ao.quality = -1;
  st = ldu_audio_open(dst, &ao, &a, err);
  if (st != LDU_OK)
    goto out;
  for (;;) {
    sf_count_t n =
        sf_readf_short(sf, pcm, (sf_count_t)(sizeof pcm / sizeof pcm[0]));
    if (n <= 0)
      break;
    st = ldu_audio_write(a, pcm, (size_t)n, err);
    if (st != LDU_OK)
      goto out;
  }
  if (sf_error(sf) != SF_ERR_NO_ERROR) {
    st = ldu_error_set(err, LDU_ERR_IO, src, 0);
    ldu_error_detail(err, "%s", sf_strerror(sf));
    goto out;
  }
  memset(&tags, 0, sizeof tags);
  tags.title = title;
  tags.album = album;
  tags.artist = artist;
  tags.genre = "Speech";
  st = ldu_audio_close(a, &tags, NULL, 0, err);
  a = NULL;
out:
  ldu_audio_abort(a);
  sf_close(sf);
  return st;
}

/* A space between two sentences only where Latin text meets: Chinese
 * sentences run on without one. */
static int needs_space(const char *prev, const char *next) {
  size_t n = strlen(prev);
  return n > 0 && (unsigned char)prev[n - 1] < 0x80 &&
         (unsigned char)next[0] < 0x80;
}

void ldu_book_section_body(struct ldu_xml *x, const struct ldu_section *sec,
                           size_t sec_no, int depth) {
  size_t p;
  size_t s;
  char h[4];
  char sub[4];
  if (depth < 1)
    depth = 1;
  if (depth > 6)
    depth = 6;
  snprintf(h, sizeof h, "h%d", depth);
  snprintf(sub, sizeof sub, "h%d", depth < 6 ? depth + 1 : 6);
  for (p = 0; p < sec->n_paras; p++) {
    const struct ldu_paragraph *para = &sec->paras[p];
    if (para->kind == LDU_PARA_HEADING && p == 0) {
      ldu_xml_start(x, h);
      ldu_xml_attrf(x, "id", "h%zu", sec_no);
    } else if (para->kind == LDU_PARA_HEADING) {
      /* a heading below the level the article is split at */
      ldu_xml_start(x, sub);
      ldu_xml_attrf(x, "id", "h%zu_%zu", sec_no, p + 1);
    } else {
      ldu_xml_start(x, "p");
      if (para->kind == LDU_PARA_CODE)
        ldu_xml_attr(x, "class", "code");
    }
    for (s = para->first; s < para->first + para->count && s < sec->n_sents;
         s++) {
      if (s > para->first &&
          needs_space(sec->sents[s - 1].text, sec->sents[s].text))
        ldu_xml_text(x, " ");
      ldu_xml_start(x, "span");
      ldu_xml_attrf(x, "id", "s%zu_%zu", sec_no, s + 1);
      ldu_xml_text(x, sec->sents[s].text);
      ldu_xml_end(x);
    }
    ldu_xml_end(x);
    ldu_xml_nl(x);
  }
}
