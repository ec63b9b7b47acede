/* picture: cover images.  Only the header is parsed, for the type and
 * the size in pixels that FLAC's PICTURE block records (readers use it to
 * pick among pictures; 0 means unknown and is allowed). */
#include "picture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t be16(const unsigned char *p) {
  return (uint32_t)p[0] << 8 | (uint32_t)p[1];
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

/* PNG: the signature, then IHDR: width, height, bit depth, colour type. */
static void png_size(struct ldu_picture *p) {
  static const unsigned char channels[7] = {1, 0, 3, 1, 2, 0, 4};
  const unsigned char *d = p->data;
  if (p->len < 33 || memcmp(d + 12, "IHDR", 4) != 0)
    return;
  p->width = be32(d + 16);
  p->height = be32(d + 20);
  if (d[25] < sizeof channels && channels[d[25]] != 0)
    p->depth = d[25] == 3 ? 24 : (uint32_t)d[24] * channels[d[25]];
}

/* JPEG: walk the markers to the first SOFn: precision, height, width,
 * components. */
static void jpeg_size(struct ldu_picture *p) {
  const unsigned char *d = p->data;
  size_t i = 2;
  while (i + 4 <= p->len) {
    unsigned m;
    size_t seg;
    if (d[i] != 0xff)
      return;
    m = d[i + 1];
    if (m == 0xff) {
      i++;
      continue;
    }
    if (m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2;
      continue;
    }
    seg = be16(d + i + 2);
    if (seg < 2)
      return;
    if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
      if (i + 10 > p->len)
        return;
      p->height = be16(d + i + 5);
      p->width = be16(d + i + 7);
      p->depth = (uint32_t)d[i + 4] * d[i + 9];
      return;
    }
    if (seg > p->len - i - 2)
      return;
    i += 2 + seg;
  }
}

enum ldu_status ldu_picture_from_memory(const void *data, size_t len,
                                        struct ldu_picture *out) {
  const unsigned char *d = data;
  memset(out, 0, sizeof *out);
  if (len > LDU_PICTURE_MAX)
    return LDU_ERR_NOMEM;
  if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
    out->mime = "image/png";
  else if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
    out->mime = "image/jpeg";
  else
    return LDU_ERR_FORMAT;
  out->data = malloc(len);
  if (out->data == NULL)
    return LDU_ERR_NOMEM;
  memcpy(out->data, d, len);
  out->len = len;
  if (out->mime[6] == 'p')
    png_size(out);
  else
    jpeg_size(out);
  return LDU_OK;
}

enum ldu_status ldu_picture_load(const char *path, struct ldu_picture *out,
                                 struct ldu_error *err) {
  struct ldu_buf b;
  unsigned char chunk[65536];
  FILE *f;
  size_t got;
  enum ldu_status st = LDU_OK;
  memset(out, 0, sizeof *out);
  ldu_buf_init(&b, LDU_PICTURE_MAX);
  errno = 0;
  f = fopen(path, "rb");
  if (f == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  do {
    got = fread(chunk, 1, sizeof chunk, f);
    if (got > 0)
      st = ldu_buf_add(&b, chunk, got);
  } while (st == LDU_OK && got == sizeof chunk);
  if (st != LDU_OK) {
    ldu_error_set(err, st, path, 0);
    ldu_error_detail(err, "cover image larger than %zu bytes",
                     (size_t)LDU_PICTURE_MAX);
    goto out;
  }
  if (ferror(f)) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  st = ldu_picture_from_memory(b.data != NULL ? b.data : "", b.len, out);
  if (st != LDU_OK) {
    ldu_error_set(err, st, path, 0);
    if (st == LDU_ERR_FORMAT)
      ldu_error_detail(err, "a cover must be a JPEG or PNG image");
  }
out:
  if (f != NULL)
    fclose(f);
  ldu_buf_free(&b);
  return st;
}

void ldu_picture_free(struct ldu_picture *p) {
  if (p == NULL)
    return;
  free(p->data);
  memset(p, 0, sizeof *p);
}

static enum ldu_status add_be32(struct ldu_buf *b, uint32_t v) {
  unsigned char p[4];
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
  return ldu_buf_add(b, p, sizeof p);
}

enum ldu_status ldu_picture_flac_block(struct ldu_buf *out,
                                       const struct ldu_picture *p) {
  size_t before = out->len;
  size_t mime_len = strlen(p->mime);
  enum ldu_status st;
  if (p->len > UINT32_MAX)
    return LDU_ERR_NOMEM;
  st = add_be32(out, 3); /* front cover */
  if (st == LDU_OK)
    st = add_be32(out, (uint32_t)mime_len);
  if (st == LDU_OK)
    st = ldu_buf_add(out, p->mime, mime_len);
  if (st == LDU_OK)
    st = add_be32(out, 0); /* description: empty */
  if (st == LDU_OK)
    st = add_be32(out, p->width);
  if (st == LDU_OK)
    st = add_be32(out, p->height);
  if (st == LDU_OK)
    st = add_be32(out, p->depth);
  if (st == LDU_OK)
    st = add_be32(out, 0); /* colours: not indexed */
  if (st == LDU_OK)
    st = add_be32(out, (uint32_t)p->len);
  if (st == LDU_OK)
    st = ldu_buf_add(out, p->data, p->len);
  if (st != LDU_OK) {
    out->len = before;
    if (out->data != NULL)
      out->data[before] = '\0';
  }
  return st;
}
