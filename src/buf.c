#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ldu_buf_init(struct ldu_buf *b, size_t max) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->max = max;
}

static enum ldu_status grow(struct ldu_buf *b, size_t n) {
  size_t need;
  size_t cap;
  char *p;
  if (n > b->max || b->len > b->max - n)
    return LDU_ERR_NOMEM;
  need = b->len + n + 1;
  if (need <= b->cap)
    return LDU_OK;
  cap = b->cap ? b->cap : 64;
  while (cap < need) {
    if (cap > ((size_t)-1) / 2) {
      cap = need;
      break;
    }
    cap *= 2;
  }
  p = realloc(b->data, cap);
  if (p == NULL)
    return LDU_ERR_NOMEM;
  b->data = p;
  b->cap = cap;
  return LDU_OK;
}

enum ldu_status ldu_buf_add(struct ldu_buf *b, const void *p, size_t n) {
  enum ldu_status st = grow(b, n);
  if (st != LDU_OK)
    return st;
  if (n > 0)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return LDU_OK;
}

enum ldu_status ldu_buf_adds(struct ldu_buf *b, const char *s) {
  return ldu_buf_add(b, s, strlen(s));
}

enum ldu_status ldu_buf_addc(struct ldu_buf *b, char c) {
  return ldu_buf_add(b, &c, 1);
}

enum ldu_status ldu_buf_printf(struct ldu_buf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  enum ldu_status st;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return LDU_ERR_NOMEM;
  st = grow(b, (size_t)n);
  if (st != LDU_OK)
    return st;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return LDU_OK;
}

void ldu_buf_reset(struct ldu_buf *b) {
  b->len = 0;
  if (b->data != NULL)
    b->data[0] = '\0';
}

char *ldu_buf_detach(struct ldu_buf *b) {
  char *p = b->data;
  if (p == NULL)
    p = calloc(1, 1);
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  return p;
}

void ldu_buf_free(struct ldu_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

enum ldu_status ldu_grow_array(void **v, size_t *cap, size_t n, size_t size) {
  size_t ncap;
  void *p;
  if (n < *cap)
    return LDU_OK;
  ncap = *cap ? *cap : 8;
  if (ncap > ((size_t)-1) / 2 / size)
    return LDU_ERR_NOMEM;
  ncap *= 2;
  p = realloc(*v, ncap * size);
  if (p == NULL)
    return LDU_ERR_NOMEM;
  *v = p;
  *cap = ncap;
  return LDU_OK;
}
