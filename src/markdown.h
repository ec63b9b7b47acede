/* markdown: the block layer of segment.c -- cut Markdown into blocks
 * (headings, paragraphs, announced code) whose text is already reduced to
 * what a listener needs.  Plain text is cut into the same blocks by
 * segment.c.  Internal to segment.c; the rules are in doc/structure.md. */
#ifndef LDU_MARKDOWN_H
#define LDU_MARKDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "error.h"

/* Inside block text, this byte ends a sentence whatever comes around it
 * (used between table rows). */
#define LDU_HARD_BREAK '\x1e'

/* Cap on one block's text (a paragraph can be as long as the input). */
#define LDU_TEXT_MAX_REDUCED (((size_t)-1) / 4)

/* Where a source line starts in a block's text. */
struct ldu_mark {
  size_t off;  /* byte offset in the block's text */
  size_t line; /* 1-based source line */
};

struct ldu_block {
  enum ldu_para_kind kind;
  int level;    /* headings: 1..6 */
  char *text;   /* reduced text, NUL-terminated; soft line breaks are '\n' */
  size_t len;
  struct ldu_mark *marks; /* at least one, offsets ascending */
  size_t n_marks;
};

struct ldu_blocks {
  struct ldu_block *v;
  size_t n;
  size_t cap;
  char *title; /* from YAML front matter, or NULL */
};

/** Append a block; takes `text` and `marks` (malloc'ed) in every case. */
enum ldu_status ldu_blocks_add(struct ldu_blocks *bs, enum ldu_para_kind kind,
                               int level, char *text, size_t len,
                               struct ldu_mark *marks, size_t n_marks);

/** Free what `bs` holds and leave it empty. */
void ldu_blocks_free(struct ldu_blocks *bs);

/** Nonzero when `text` looks like Markdown (headings, fences, links...). */
int ldu_markdown_detect(const char *text, size_t len);

/** Cut Markdown `text` into blocks appended to `bs`. */
enum ldu_status ldu_markdown_blocks(const char *text, size_t len,
                                    struct ldu_blocks *bs);

/* Decode the code point at s[0..n) (n > 0), store its length in *adv.
 * Bytes that are not valid UTF-8 decode as U+FFFD, one byte long. */
static inline uint32_t ldu_utf8_get(const char *s, size_t n, size_t *adv) {
  const unsigned char *u = (const unsigned char *)s;
  uint32_t c = u[0];
  size_t k;
  size_t i;
  uint32_t min;
  if (c < 0x80) {
    *adv = 1;
    return c;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    k = 2;
    c &= 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    k = 3;
    c &= 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    k = 4;
    c &= 0x07;
    min = 0x10000;
  } else {
    *adv = 1;
    return 0xFFFD;
  }
  if (k > n) {
    *adv = 1;
    return 0xFFFD;
  }
  for (i = 1; i < k; i++) {
    if ((u[i] & 0xC0) != 0x80) {
      *adv = 1;
      return 0xFFFD;
    }
    c = (c << 6) | (u[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *adv = 1;
    return 0xFFFD;
  }
  *adv = k;
  return c;
}

/* Start of the code point that ends just before s + i (i > 0). */
static inline size_t ldu_utf8_back(const char *s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
    j--;
  return j;
}

/* Encode `c` into out[0..4); returns the length. */
static inline size_t ldu_utf8_put(uint32_t c, char *out) {
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

#endif
