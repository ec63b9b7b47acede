/* section_io: a section's result as bytes, to move it from a worker
 * process to the parent (workers.h).  Both ends are the same binary on
 * the same machine, so numbers go in native byte order. */
#include <stdlib.h>
#include <string.h>

#include "narrate.h"

/* Longest string accepted back. */
#define STR_MAX ((uint64_t)1 << 20)

static enum ldu_status put(struct ldu_buf *b, const void *p, size_t n) {
  return ldu_buf_add(b, p, n);
}

static enum ldu_status put_i64(struct ldu_buf *b, int64_t v) {
  return put(b, &v, sizeof v);
}

static enum ldu_status put_str(struct ldu_buf *b, const char *s) {
  uint64_t n = s != NULL ? strlen(s) : UINT64_MAX;
  enum ldu_status st = put(b, &n, sizeof n);
  if (st == LDU_OK && s != NULL)
    st = put(b, s, (size_t)n);
  return st;
}

enum ldu_status ldu_section_out_pack(const struct ldu_section_out *out,
                                     struct ldu_buf *b) {
  enum ldu_status st;
  size_t i;
  st = put_str(b, out->file);
  if (st == LDU_OK)
    st = put_str(b, out->title);
  if (st == LDU_OK)
    st = put_i64(b, out->frames);
  if (st == LDU_OK)
    st = put(b, &out->loudness, sizeof out->loudness);
  if (st == LDU_OK)
    st = put_i64(b, out->synthesised);
  if (st == LDU_OK)
    st = put_i64(b, out->cached);
  if (st == LDU_OK)
    st = put_i64(b, (int64_t)out->n_chapters);
  for (i = 0; i < out->n_chapters && st == LDU_OK; i++) {
    st = put_i64(b, out->chapters[i].start);
    if (st == LDU_OK)
      st = put_i64(b, out->chapters[i].end);
    if (st == LDU_OK)
      st = put_str(b, out->chapters[i].title);
  }
  if (st == LDU_OK)
    st = put_i64(b, (int64_t)out->n_sents);
  for (i = 0; i < out->n_sents && st == LDU_OK; i++) {
    st = put_i64(b, out->sents[i].start);
    if (st == LDU_OK)
      st = put_i64(b, out->sents[i].end);
  }
  return st;
}

struct reader {
  const char *p;
  size_t n;
  int bad;
};

static void get(struct reader *r, void *dst, size_t n) {
  if (r->bad || r->n < n) {
    r->bad = 1;
    memset(dst, 0, n);
    return;
  }
  memcpy(dst, r->p, n);
  r->p += n;
  r->n -= n;
}

static int64_t get_i64(struct reader *r) {
  int64_t v;
  get(r, &v, sizeof v);
  return v;
}

/* NULL for a NULL string or on damage (r->bad set then). */
static char *get_str(struct reader *r) {
  uint64_t n;
  char *s;
  get(r, &n, sizeof n);
  if (r->bad || n == UINT64_MAX)
    return NULL;
  if (n > STR_MAX || n > r->n) {
    r->bad = 1;
    return NULL;
  }
  s = malloc((size_t)n + 1);
  if (s == NULL) {
    r->bad = 1;
    return NULL;
  }
  memcpy(s, r->p, (size_t)n);
  s[n] = '\0';
  r->p += n;
  r->n -= (size_t)n;
  return s;
}

enum ldu_status ldu_section_out_unpack(const char *p, size_t n,
                                       struct ldu_section_out *out) {
  struct reader r;
  int64_t count;
  size_t i;
  r.p = p;
  r.n = n;
  r.bad = 0;
  memset(out, 0, sizeof *out);
  out->file = get_str(&r);
  out->title = get_str(&r);
  out->frames = get_i64(&r);
  get(&r, &out->loudness, sizeof out->loudness);
  out->synthesised = (long)get_i64(&r);
  out->cached = (long)get_i64(&r);
  count = get_i64(&r);
  /* every chapter takes at least 24 bytes: no huge allocations */
  if (r.bad || count < 0 || (uint64_t)count > r.n / 24)
    goto bad;
  out->chapters = calloc((size_t)count + 1, sizeof *out->chapters);
  if (out->chapters == NULL)
    goto bad;
  for (i = 0; i < (size_t)count && !r.bad; i++) {
    out->chapters[i].start = get_i64(&r);
    out->chapters[i].end = get_i64(&r);
    out->chapters[i].title = get_str(&r);
    if (!r.bad)
      out->n_chapters = i + 1;
  }
  count = get_i64(&r);
  if (r.bad || count < 0 || (uint64_t)count > r.n / 16)
    goto bad;
  out->sents = calloc((size_t)count + 1, sizeof *out->sents);
  if (out->sents == NULL)
    goto bad;
  out->n_sents = (size_t)count;
  for (i = 0; i < (size_t)count; i++) {
    out->sents[i].start = get_i64(&r);
    out->sents[i].end = get_i64(&r);
  }
  if (r.bad || r.n != 0)
    goto bad;
  return LDU_OK;
bad:
  ldu_section_out_free(out);
  return LDU_ERR_FORMAT;
}
