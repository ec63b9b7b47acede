/* vorbis_comment: build Vorbis comment lists and packets. */
#include "vorbis_comment.h"

#include <stdio.h>
#include <string.h>

#include "picture.h"

static void put_le32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

/* Strict UTF-8: no overlongs, surrogates or values past U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t k;
    size_t j;
    uint32_t cp;
    uint32_t min;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) {
      k = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      k = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      k = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      return 0;
    }
    if (n - i - 1 < k)
      return 0;
    for (j = 1; j <= k; j++) {
      if ((s[i + j] & 0xc0) != 0x80)
        return 0;
      cp = cp << 6 | (s[i + j] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    i += k + 1;
  }
  return 1;
}

void ldu_vc_init(struct ldu_vc *vc, size_t max) {
  ldu_buf_init(&vc->b, max);
  vc->n = 0;
}

void ldu_vc_free(struct ldu_vc *vc) {
  ldu_buf_free(&vc->b);
  vc->n = 0;
}

/* Undo appends after a failure: the list is as it was at `len`. */
static void truncate_to(struct ldu_buf *b, size_t len) {
  b->len = len;
  if (b->data != NULL)
    b->data[len] = '\0';
}

enum ldu_status ldu_vc_add(struct ldu_vc *vc, const char *key,
                           const char *value, size_t value_len) {
  size_t key_len = strlen(key);
  size_t before = vc->b.len;
  unsigned char len[4];
  size_t i;
  enum ldu_status st;
  if (key_len == 0 || vc->n == UINT32_MAX)
    return LDU_ERR_USAGE;
  for (i = 0; i < key_len; i++) {
    if (key[i] < 0x20 || key[i] > 0x7d || key[i] == '=')
      return LDU_ERR_USAGE;
  }
  if (!utf8_valid((const unsigned char *)value, value_len))
    return LDU_ERR_UTF8;
  if (value_len > UINT32_MAX - 1 - key_len)
    return LDU_ERR_NOMEM;
  put_le32(len, (uint32_t)(key_len + 1 + value_len));
  st = ldu_buf_add(&vc->b, len, sizeof len);
  if (st == LDU_OK)
    st = ldu_buf_add(&vc->b, key, key_len);
  if (st == LDU_OK)
    st = ldu_buf_addc(&vc->b, '=');
  if (st == LDU_OK)
    st = ldu_buf_add(&vc->b, value, value_len);
  if (st != LDU_OK) {
    truncate_to(&vc->b, before);
    return st;
  }
  vc->n++;
  return LDU_OK;
}

static enum ldu_status add_str(struct ldu_vc *vc, const char *key,
                               const char *value) {
  if (value == NULL || value[0] == '\0')
    return LDU_OK;
  return ldu_vc_add(vc, key, value, strlen(value));
}

/* frames -> "HH:MM:SS.mmm", rounded to the nearest millisecond. */
static enum ldu_status chapter_time(int64_t frames, int rate, char *out,
                                    size_t size) {
  int64_t ms;
  if (frames < 0 || rate <= 0 || frames > (INT64_MAX - rate) / 1000)
    return LDU_ERR_USAGE;
  ms = (frames * 1000 + rate / 2) / rate;
  snprintf(out, size, "%02lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000),
           (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60),
           (long long)(ms % 1000));
  return LDU_OK;
}

enum ldu_status ldu_base64(struct ldu_buf *out, const void *p, size_t n) {
  static const char digits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *s = p;
  size_t before = out->len;
  size_t i;
  enum ldu_status st = LDU_OK;
  char q[4];
  for (i = 0; st == LDU_OK && i < n; i += 3) {
    uint32_t v = (uint32_t)s[i] << 16;
    if (i + 1 < n)
      v |= (uint32_t)s[i + 1] << 8;
    if (i + 2 < n)
      v |= s[i + 2];
    q[0] = digits[v >> 18 & 63];
    q[1] = digits[v >> 12 & 63];
    q[2] = i + 1 < n ? digits[v >> 6 & 63] : '=';
    q[3] = i + 2 < n ? digits[v & 63] : '=';
    st = ldu_buf_add(out, q, 4);
  }
  if (st != LDU_OK)
    truncate_to(out, before);
  return st;
}

enum ldu_status ldu_vc_add_tags(struct ldu_vc *vc, const struct ldu_tags *tags,
                                const struct ldu_chapter *ch, size_t n,
                                int rate, int picture) {
  char key[32];
  char val[64];
  size_t i;
  enum ldu_status st = LDU_OK;
  if (n > 0 && ch == NULL)
    return LDU_ERR_USAGE;
  if (tags != NULL) {
    st = add_str(vc, "TITLE", tags->title);
    if (st == LDU_OK)
      st = add_str(vc, "ARTIST", tags->artist);
    if (st == LDU_OK)
      st = add_str(vc, "ALBUM", tags->album);
    if (st == LDU_OK && tags->track > 0) {
      snprintf(val, sizeof val, "%d", tags->track);
      st = add_str(vc, "TRACKNUMBER", val);
    }
    if (st == LDU_OK && tags->track_total > 0) {
      snprintf(val, sizeof val, "%d", tags->track_total);
      st = add_str(vc, "TRACKTOTAL", val);
    }
    if (st == LDU_OK)
      st = add_str(vc, "DATE", tags->date);
    if (st == LDU_OK)
      st = add_str(vc, "GENRE", tags->genre);
  }
  for (i = 0; st == LDU_OK && i < n && i < LDU_VC_MAX_CHAPTERS; i++) {
    const char *title = ch[i].title;
    char num[32];
    st = chapter_time(ch[i].start, rate, val, sizeof val);
    if (st != LDU_OK)
      break;
    snprintf(key, sizeof key, "CHAPTER%03zu", i + 1);
    st = add_str(vc, key, val);
    if (title == NULL || title[0] == '\0') {
      snprintf(num, sizeof num, "%zu", i + 1);
      title = num;
    }
    snprintf(key, sizeof key, "CHAPTER%03zuNAME", i + 1);
    if (st == LDU_OK)
      st = add_str(vc, key, title);
  }
  if (st == LDU_OK && picture && tags != NULL && tags->cover != NULL) {
    struct ldu_buf block;
    struct ldu_buf b64;
    ldu_buf_init(&block, (size_t)LDU_PICTURE_MAX + 4096);
    ldu_buf_init(&b64, ((size_t)LDU_PICTURE_MAX + 4096) / 3 * 4 + 8);
    st = ldu_picture_flac_block(&block, tags->cover);
    if (st == LDU_OK)
      st = ldu_base64(&b64, block.data, block.len);
    if (st == LDU_OK)
      st = ldu_vc_add(vc, "METADATA_BLOCK_PICTURE", b64.data, b64.len);
    ldu_buf_free(&block);
    ldu_buf_free(&b64);
  }
  return st;
}

enum ldu_status ldu_vc_packet(struct ldu_buf *out, const struct ldu_vc *vc,
                              const char *magic, size_t magic_len,
                              const char *vendor, size_t vendor_len,
                              int framing) {
  size_t before = out->len;
  unsigned char len[4];
  enum ldu_status st;
  if (vendor_len > UINT32_MAX)
    return LDU_ERR_USAGE;
  st = ldu_buf_add(out, magic, magic_len);
  put_le32(len, (uint32_t)vendor_len);
  if (st == LDU_OK)
    st = ldu_buf_add(out, len, sizeof len);
  if (st == LDU_OK)
    st = ldu_buf_add(out, vendor, vendor_len);
  put_le32(len, vc->n);
  if (st == LDU_OK)
    st = ldu_buf_add(out, len, sizeof len);
  if (st == LDU_OK && vc->b.len > 0)
    st = ldu_buf_add(out, vc->b.data, vc->b.len);
  if (st == LDU_OK && framing)
    st = ldu_buf_addc(out, 1);
  if (st != LDU_OK)
    truncate_to(out, before);
  return st;
}
