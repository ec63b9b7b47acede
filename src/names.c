#include "names.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

/* A clause shorter than this is joined with the next one in a title. */
#define SHORT_CLAUSE 6

static int slug_keeps(unsigned long c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || ldu_is_han(c) ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x4FF) ||
         (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

char *ldu_slug(const char *text) {
  struct ldu_buf b;
  size_t n = strlen(text);
  size_t i = 0;
  size_t len;
  int dash = 0;
  char enc[4];
  ldu_buf_init(&b, 4 * LDU_SLUG_MAX);
  while (i < n) {
    unsigned long c = ldu_fold_width(ldu_utf8_decode(text + i, n - i, &len));
    i += len;
    if (!slug_keeps(c)) {
      dash = b.len > 0;
      continue;
    }
    if (c >= 'A' && c <= 'Z')
      c = c - 'A' + 'a';
    len = ldu_utf8_encode(c, enc);
    if (b.len + (size_t)dash + len > LDU_SLUG_MAX)
      break;
    if (dash && ldu_buf_addc(&b, '-') != LDU_OK)
      goto fail;
    dash = 0;
    if (ldu_buf_add(&b, enc, len) != LDU_OK)
      goto fail;
  }
  if (b.len == 0 && ldu_buf_adds(&b, "section") != LDU_OK)
    goto fail;
  return ldu_buf_detach(&b);
fail:
  ldu_buf_free(&b);
  return NULL;
}

static int is_clause_end(unsigned long c) {
  switch (c) {
  case 0xFF0C: /* ， */
  case 0x3001: /* 、 */
  case 0xFF1A: /* ： */
  case 0xFF1B: /* ； */
  case 0x3002: /* 。 */
  case 0xFF01: /* ！ */
  case 0xFF1F: /* ？ */
  case 0x2014: /* — */
  case 0x2026: /* … */
  case ',':
  case ':':
  case ';':
  case '!':
  case '?':
    return 1;
  default:
    return 0;
  }
}

/* Cut `text` to at most LDU_TITLE_MAX characters; clause_cut: stop at the
 * end of the first (non-short) clause. */
static char *make_title(const char *text, int clause_cut) {
  struct ldu_buf b;
  size_t n = strlen(text);
  size_t i = 0;
  size_t len;
  size_t chars = 0;
  size_t keep;
  int cut = 0;
  ldu_buf_init(&b, 8 * LDU_TITLE_MAX);
  while (i < n) {
    unsigned long c = ldu_utf8_decode(text + i, n - i, &len);
    /* an ASCII ',' or ':' between digits (10,000, 14:30) is no break */
    int inner = c < 0x80 && i > 0 && i + len < n &&
                text[i - 1] >= '0' && text[i - 1] <= '9' &&
                text[i + len] >= '0' && text[i + len] <= '9';
    if (clause_cut && is_clause_end(c) && !inner && chars >= SHORT_CLAUSE)
      break;
    if (chars == LDU_TITLE_MAX) {
      cut = 1;
      break;
    }
    if (c == '\n' || c == '\t')
      c = ' ';
    if (c == ' ' && (b.len == 0 || b.data[b.len - 1] == ' ')) {
      i += len;
      continue;
    }
    if (ldu_buf_add(&b, text + i, c == ' ' ? 1 : len) != LDU_OK)
      goto fail;
    i += len;
    chars++;
  }
  if (cut) {
    /* make room for the ellipsis */
    keep = ldu_utf8_prefix(b.data, b.len, LDU_TITLE_MAX - 1);
    b.len = keep;
    b.data[keep] = '\0';
  }
  /* no trailing spaces or clause punctuation */
  while (b.len > 0) {
    size_t j = b.len - 1;
    unsigned long c;
    while (j > 0 && ((unsigned char)b.data[j] & 0xC0) == 0x80)
      j--;
    c = ldu_utf8_decode(b.data + j, b.len - j, &len);
    if (c != ' ' && !is_clause_end(c))
      break;
    b.len = j;
    b.data[j] = '\0';
  }
  if (cut && ldu_buf_adds(&b, "\xE2\x80\xA6") != LDU_OK)
    goto fail;
  return ldu_buf_detach(&b);
fail:
  ldu_buf_free(&b);
  return NULL;
}

char *ldu_chapter_title(const char *text) { return make_title(text, 1); }

char *ldu_short_title(const char *text) { return make_title(text, 0); }
