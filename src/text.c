/* text: read the article and make it clean UTF-8 (see text.h).
 *
 * One pass over the bytes: each UTF-8 sequence is checked strictly (no
 * overlong forms, no surrogates, nothing above U+10FFFF, after cmark's
 * utf8.c) and then either copied, changed (CR, TAB, U+2028/9) or dropped
 * (BOM, NUL, other C0/C1 controls).  In lenient mode every maximal subpart
 * of an ill-formed sequence (Unicode 15, section 3.9) becomes one U+FFFD. */
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Length of the valid sequence at s[0..n), or 0 if it is ill-formed; then
 * *bad is the length of its maximal subpart (at least 1). */
static size_t utf8_check(const unsigned char *s, size_t n, size_t *bad) {
  unsigned char c = s[0];
  size_t need;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  size_t i;

  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0)
      lo = 0xA0; /* no overlongs */
    else if (c == 0xED)
      hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0)
      lo = 0x90; /* no overlongs */
    else if (c == 0xF4)
      hi = 0x8F; /* nothing above U+10FFFF */
  } else {
    *bad = 1;
    return 0;
  }
  for (i = 1; i < need; i++) {
    unsigned char b;
    if (i >= n) {
      *bad = i;
      return 0;
    }
    b = s[i];
    if (b < lo || b > hi) {
      *bad = i;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return need;
}

enum ldu_status ldu_text_clean(const char *in, size_t in_len, int lenient,
                               char **out, size_t *len, size_t *n_replaced,
                               struct ldu_error *err) {
  const unsigned char *s = (const unsigned char *)in;
  struct ldu_buf b;
  size_t i = 0;
  size_t run = 0; /* start of bytes copied unchanged, not yet appended */
  size_t replaced = 0;
  enum ldu_status st = LDU_OK;

  *out = NULL;
  *len = 0;
  if (n_replaced != NULL)
    *n_replaced = 0;
  if (in_len > LDU_TEXT_MAX) {
    ldu_error_detail(err, "input larger than %zu bytes", LDU_TEXT_MAX);
    return LDU_ERR_NOMEM;
  }
  /* Each bad byte grows to at most 3 bytes; LDU_TEXT_MAX * 3 + 1 fits. */
  ldu_buf_init(&b, LDU_TEXT_MAX * 3);
  while (i < in_len) {
    size_t bad = 0;
    size_t n = utf8_check(s + i, in_len - i, &bad);
    const char *rep = NULL; /* replacement, "" to drop */
    size_t rep_len = 0;
    size_t adv = n;

    if (n == 0) {
      if (!lenient) {
        if (err != NULL)
          err->offset = (long long)i;
        st = LDU_ERR_UTF8;
        goto out;
      }
      rep = "\xEF\xBF\xBD";
      rep_len = 3;
      adv = bad;
      replaced++;
    } else if (n == 1) {
      unsigned char c = s[i];
      if (c == '\r') {
        if (i + 1 < in_len && s[i + 1] == '\n') {
          rep = "";
        } else {
          rep = "\n";
          rep_len = 1;
        }
      } else if (c == '\t') {
        rep = " ";
        rep_len = 1;
      } else if ((c < 0x20 && c != '\n') || c == 0x7F) {
        rep = "";
      }
    } else if (n == 2) {
      if (s[i] == 0xC2 && s[i + 1] < 0xA0) /* C1 controls */
        rep = "";
    } else if (n == 3) {
      if (s[i] == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF) {
        rep = ""; /* BOM, or a stray U+FEFF */
      } else if (s[i] == 0xE2 && s[i + 1] == 0x80 &&
                 (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
        rep = "\n"; /* LINE / PARAGRAPH SEPARATOR */
        rep_len = 1;
      }
    }
    if (rep != NULL) {
      st = ldu_buf_add(&b, in + run, i - run);
      if (st == LDU_OK)
        st = ldu_buf_add(&b, rep, rep_len);
      if (st != LDU_OK)
        goto out;
      run = i + adv;
    }
    i += adv;
  }
  st = ldu_buf_add(&b, in + run, i - run);
  if (st != LDU_OK)
    goto out;
  *len = b.len;
  *out = ldu_buf_detach(&b);
  if (*out == NULL) {
    *len = 0;
    st = LDU_ERR_NOMEM;
    goto out;
  }
  if (n_replaced != NULL)
    *n_replaced = replaced;
out:
  ldu_buf_free(&b);
  return st;
}

/* How much of the start ldu_text_binary() looks at. */
#define BINARY_SAMPLE ((size_t)64 * 1024)

const char *ldu_text_binary(const char *in, size_t n) {
  const unsigned char *s = (const unsigned char *)in;
  size_t i;
  size_t bad = 0; /* NULs and controls */
  if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
                 (s[0] == 0xFE && s[1] == 0xFF)))
    return "UTF-16";
  if (n > BINARY_SAMPLE)
    n = BINARY_SAMPLE;
  for (i = 0; i < n; i++)
    if ((s[i] < 0x20 && (s[i] < '\t' || s[i] > '\r') && s[i] != 0x1B) ||
        s[i] == 0x7F)
      bad++;
  /* a few stray controls are text (cleaning drops them); a file with
   * more than 1 in 16 is not (random bytes have 1 in 9) */
  return bad >= 8 && bad > n / 16 ? "binary" : NULL;
}

enum ldu_status ldu_text_read(const char *path, int lenient, char **out,
                              size_t *len, size_t *n_replaced,
                              struct ldu_error *err) {
  return ldu_text_read_max(path, LDU_TEXT_MAX, lenient, out, len, n_replaced,
                           err);
}

enum ldu_status ldu_text_read_max(const char *path, size_t max, int lenient,
                                  char **out, size_t *len,
                                  size_t *n_replaced, struct ldu_error *err) {
  FILE *f = NULL;
  int is_stdin = strcmp(path, "-") == 0;
  struct ldu_buf b;
  char chunk[65536];
  enum ldu_status st = LDU_OK;

  *out = NULL;
  *len = 0;
  if (n_replaced != NULL)
    *n_replaced = 0;
  if (max == 0)
    max = LDU_TEXT_MAX_DEFAULT;
  if (max > LDU_TEXT_MAX)
    max = LDU_TEXT_MAX;
  ldu_buf_init(&b, max);
  if (is_stdin) {
    f = stdin;
  } else {
    f = fopen(path, "rb");
    if (f == NULL) {
      st = ldu_error_set(err, LDU_ERR_IO, path, errno);
      goto out;
    }
  }
  for (;;) {
    size_t got;
    errno = 0;
    got = fread(chunk, 1, sizeof chunk, f);
    if (got > 0) {
      st = ldu_buf_add(&b, chunk, got);
      if (st != LDU_OK) {
        ldu_error_set(err, st, path, 0);
        if (b.len + got > max) {
          st = LDU_ERR_LIMIT;
          ldu_error_detail(err, "more than %zu bytes%s", max,
                           max < LDU_TEXT_MAX ? " (see --max-input)" : "");
        }
        goto out;
      }
    }
    if (got < sizeof chunk) {
      if (ferror(f)) {
        st = ldu_error_set(err, LDU_ERR_IO, path, errno != 0 ? errno : EIO);
        goto out;
      }
      if (feof(f))
        break;
    }
  }
  if (!lenient && ldu_text_binary(b.data, b.len) != NULL) {
    const char *what = ldu_text_binary(b.data, b.len);
    st = ldu_error_set(err, LDU_ERR_FORMAT, path, 0);
    if (what[0] == 'U')
      ldu_error_detail(err, "UTF-16 text: convert it to UTF-8 first "
                            "(iconv -f UTF-16 -t UTF-8)");
    else
      ldu_error_detail(err, "looks like a binary file, not text (--lenient "
                            "reads it anyway)");
    goto out;
  }
  st = ldu_text_clean(b.data != NULL ? b.data : "", b.len, lenient, out, len,
                      n_replaced, err);
  if (st != LDU_OK)
    ldu_error_set(err, st, path, 0);
out:
  if (f != NULL && !is_stdin)
    fclose(f);
  ldu_buf_free(&b);
  return st;
}
