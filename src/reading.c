#include "reading.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Longest Han stretch read at once; a longer one is cut (sentences are
 * far shorter). */
#define STRETCH_MAX 4096

/* One Han character of a stretch and its reading. */
struct syl {
  unsigned long cp;
  size_t off;         /* byte offset in the text */
  size_t len;         /* bytes */
  char py[8];         /* "hang2"; "" = not in the lexicon: say the char */
  unsigned char wlen; /* characters in its word */
  unsigned char pos;  /* its index in the word */
};

/* Best cut of the first i characters (segmentation DP). */
struct cut {
  size_t words;
  size_t singles;
  size_t last; /* characters in the last word */
};

enum {
  CP_YI = 0x4E00,   /* 一 */
  CP_BU = 0x4E0D,   /* 不 */
  CP_DI = 0x5730,   /* 地 */
  CP_LE = 0x4E86,   /* 了 */
  CP_GE_S = 0x4E2A, /* 个 */
  CP_GE_T = 0x500B, /* 個 */
  CP_DI4 = 0x7B2C,  /* 第 */
  CP_CHU = 0x521D,  /* 初 */
  CP_YUE = 0x6708   /* 月 */
};

/* Han numerals read digit by digit or as part of a number. */
static int is_numeral(unsigned long c) {
  static const unsigned long digits[] = {
      0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
      0x4E03, 0x516B, 0x4E5D, 0x5341, 0x4E24, 0x5169, 0x5E7A};
  size_t i;
  for (i = 0; i < sizeof digits / sizeof digits[0]; i++)
    if (c == digits[i])
      return 1;
  return 0;
}

/* 百 千 萬/万 億/亿: a following one is still sandhi'd (一百 yi4 bai3). */
static int is_magnitude(unsigned long c) {
  return c == 0x767E || c == 0x5343 || c == 0x842C || c == 0x4E07 ||
         c == 0x5104 || c == 0x4EBF;
}

/* 點/点: 一點五 is a decimal. */
static int is_point(unsigned long c) { return c == 0x9EDE || c == 0x70B9; }

static int tone_of(const struct syl *s) {
  size_t n = strlen(s->py);
  if (n == 0)
    return 0;
  return s->py[n - 1] - '0';
}

static void set_tone(struct syl *s, int tone) {
  size_t n = strlen(s->py);
  if (n > 0)
    s->py[n - 1] = (char)('0' + tone);
}

static void set_py(struct syl *s, const char *py, size_t n) {
  if (n >= sizeof s->py)
    n = sizeof s->py - 1;
  memcpy(s->py, py, n);
  s->py[n] = '\0';
}

/* Bytes of the characters [from, to) of the stretch. */
static const char *span(const char *text, const struct syl *s, size_t from,
                        size_t to, size_t *n) {
  *n = s[to - 1].off + s[to - 1].len - s[from].off;
  return text + s[from].off;
}

/* Step 1: cut the stretch into words (sets wlen and pos). */
static enum ldu_status segment(const struct ldu_lexicon *lex,
                               const char *text, struct syl *s, size_t n) {
  struct cut *best;
  size_t maxw = ldu_lexicon_max_chars(lex);
  size_t i;
  size_t k;
  if (maxw > LDU_LEXICON_MAX_CHARS)
    maxw = LDU_LEXICON_MAX_CHARS;
  if (maxw < 1)
    maxw = 1;
  best = malloc((n + 1) * sizeof *best);
  if (best == NULL)
    return LDU_ERR_NOMEM;
  best[0].words = 0;
  best[0].singles = 0;
  best[0].last = 0;
  for (i = 1; i <= n; i++) {
    best[i].words = (size_t)-1;
    for (k = 1; k <= maxw && k <= i; k++) {
      size_t j = i - k;
      size_t words = best[j].words + 1;
      size_t singles = best[j].singles + (k == 1);
      if (k > 1) {
        size_t bytes;
        const char *w = span(text, s, j, i, &bytes);
        if (ldu_lexicon_get(lex, w, bytes) == NULL)
          continue;
      }
      /* fewest words, then fewest singles; on a tie the longer last
       * word (k grows) */
      if (words < best[i].words ||
          (words == best[i].words && singles <= best[i].singles)) {
        best[i].words = words;
        best[i].singles = singles;
        best[i].last = k;
      }
    }
  }
  i = n;
  while (i > 0) {
    size_t w = best[i].last;
    for (k = 0; k < w; k++) {
      s[i - w + k].wlen = (unsigned char)w;
      s[i - w + k].pos = (unsigned char)k;
    }
    i -= w;
  }
  free(best);
  return LDU_OK;
}

/* Step 1, readings: each word's syllables from the lexicon. */
static void look_up(const struct ldu_lexicon *lex, const char *text,
                    struct syl *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t w = s[i].wlen;
    size_t bytes;
    size_t k;
    const char *word = span(text, s, i, i + w, &bytes);
    const char *py = ldu_lexicon_get(lex, word, bytes);
    for (k = 0; k < w; k++) {
      const char *sp;
      if (py == NULL) {
        s[i + k].py[0] = '\0';
        continue;
      }
      sp = strchr(py, ' ');
      set_py(&s[i + k], py, sp ? (size_t)(sp - py) : strlen(py));
      py = sp ? sp + 1 : NULL;
    }
    i += w;
  }
}

/* Step 2: characters standing alone that read differently in context. */
static void context(struct syl *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (s[i].wlen != 1)
      continue;
    if (s[i].cp == CP_DI && i > 0 &&
        (s[i - 1].wlen >= 2 || (i >= 2 && s[i - 1].wlen == 1 &&
                                s[i - 2].wlen == 1 &&
                                s[i - 1].cp == s[i - 2].cp)))
      set_py(&s[i], "de5", 3);
    else if (s[i].cp == CP_LE && i > 0 && s[i - 1].cp == CP_BU &&
             s[i - 1].wlen == 1)
      set_py(&s[i], "liao3", 5);
  }
}

/* Step 3: 一 and 不. */
static void sandhi(struct syl *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    int next;
    if (s[i].cp == CP_YI && strcmp(s[i].py, "yi1") == 0) {
      unsigned long prev = i > 0 ? s[i - 1].cp : 0;
      unsigned long nx = i + 1 < n ? s[i + 1].cp : 0;
      if (i + 1 >= n || (s[i].wlen > 1 && s[i].pos == s[i].wlen - 1))
        continue; /* end of a stretch or of a word: 統一, 之一 */
      if (prev == CP_DI4 || prev == CP_CHU || is_numeral(prev) ||
          is_magnitude(prev) || is_numeral(nx) || nx == CP_YUE)
        continue; /* ordinal, digit or part of a longer number */
      if (is_point(nx) && i + 2 < n && is_numeral(s[i + 2].cp))
        continue; /* 一點五 */
      if (i > 0 && prev == nx && ldu_is_han(prev) && s[i].wlen == 1) {
        set_tone(&s[i], 5); /* 看一看 */
        continue;
      }
      next = tone_of(&s[i + 1]);
      if (next == 5 && (nx == CP_GE_S || nx == CP_GE_T))
        next = 4;
      if (next == 4)
        set_tone(&s[i], 2);
      else if (next >= 1 && next <= 3)
        set_tone(&s[i], 4);
      else if (next == 5)
        set_tone(&s[i], 4);
    } else if (s[i].cp == CP_BU && strcmp(s[i].py, "bu4") == 0 &&
               i + 1 < n && tone_of(&s[i + 1]) == 4) {
      set_tone(&s[i], 2);
    }
  }
}

/* What a non-Han character becomes inside a pinyin run. */
enum punct_kind { P_OTHER = 0, P_BREAK, P_SPACE };

static enum punct_kind punct_kind(unsigned long c) {
  switch (c) {
  case 0xFF0C: /* ， */
  case 0x3001: /* 、 */
  case 0xFF1B: /* ； */
  case 0xFF1A: /* ： */
  case 0x3002: /* 。 */
  case 0xFF01: /* ！ */
  case 0xFF1F: /* ？ */
  case 0xFF0E: /* ． */
  case 0xFF61: /* ｡ */
  case 0xFE50: /* ﹐ */
  case 0xFE51: /* ﹑ */
  case 0xFE52: /* ﹒ */
  case 0xFE54: /* ﹔ */
  case 0xFE55: /* ﹕ */
  case 0xFE56: /* ﹖ */
  case 0xFE57: /* ﹗ */
  case 0x2026: /* … */
  case 0x22EF: /* ⋯ */
  case 0x2014: /* — */
  case 0x2015: /* ― */
  case 0x2013: /* – */
  case 0xFF5E: /* ～ */
  case 0x301C: /* 〜 */
  case 0xFF08: /* （ */
  case 0xFF09: /* ） */
  case 0x3010: /* 【 */
  case 0x3011: /* 】 */
  case 0x3014: /* 〔 */
  case 0x3015: /* 〕 */
  case 0xFF3B: /* ［ */
  case 0xFF3D: /* ］ */
  case 0xFF5B: /* ｛ */
  case 0xFF5D: /* ｝ */
  case ',':
  case ';':
  case ':':
  case '!':
  case '?':
  case '(':
  case ')':
  case '[':
  case ']':
    return P_BREAK;
  case 0x201C: /* “ */
  case 0x201D: /* ” */
  case 0x2018: /* ‘ */
  case 0x2019: /* ’ */
  case 0x300C: /* 「 */
  case 0x300D: /* 」 */
  case 0x300E: /* 『 */
  case 0x300F: /* 』 */
  case 0x300A: /* 《 */
  case 0x300B: /* 》 */
  case 0x3008: /* 〈 */
  case 0x3009: /* 〉 */
  case 0xFF02: /* ＂ */
  case 0xFF07: /* ＇ */
  case 0x00B7: /* · */
  case 0x30FB: /* ・ */
  case 0x2027: /* ‧ */
  case '"':
  case '\'':
  case ' ':
  case '\t':
  case '\n':
  case 0x3000: /* ideographic space */
    return P_SPACE;
  default:
    return P_OTHER;
  }
}

/* Output state: what the text ends with, so separators come out once. */
struct out {
  struct ldu_buf *b;
  size_t start; /* b->len when we began */
  int pending;  /* 0 none, 1 space, 2 clause break */
};

static enum ldu_status emit(struct out *o, const char *p, size_t n) {
  enum ldu_status st = LDU_OK;
  if (o->b->len > o->start) {
    if (o->pending == 2)
      st = ldu_buf_add(o->b, ", ", 2);
    else
      st = ldu_buf_addc(o->b, ' ');
  }
  o->pending = 0;
  if (st == LDU_OK)
    st = ldu_buf_add(o->b, p, n);
  return st;
}

/* Read the stretch of `n` Han characters in `s` and emit it. */
static enum ldu_status read_stretch(const struct ldu_lexicon *lex,
                                    const char *text, struct syl *s,
                                    size_t n, struct out *o) {
  enum ldu_status st;
  size_t i;
  st = segment(lex, text, s, n);
  if (st != LDU_OK)
    return st;
  look_up(lex, text, s, n);
  context(s, n);
  sandhi(s, n);
  for (i = 0; i < n && st == LDU_OK; i++) {
    if (s[i].py[0] != '\0')
      st = emit(o, s[i].py, strlen(s[i].py));
    else
      st = emit(o, text + s[i].off, s[i].len);
  }
  return st;
}

/* Emit the segmentation of a stretch: "w|w|w". */
static enum ldu_status show_stretch(const struct ldu_lexicon *lex,
                                    const char *text, struct syl *s,
                                    size_t n, struct out *o) {
  enum ldu_status st;
  size_t i = 0;
  st = segment(lex, text, s, n);
  if (st == LDU_OK && o->b->len > o->start)
    st = ldu_buf_addc(o->b, ' ');
  while (st == LDU_OK && i < n) {
    size_t bytes;
    const char *w = span(text, s, i, i + s[i].wlen, &bytes);
    if (i > 0)
      st = ldu_buf_addc(o->b, '|');
    if (st == LDU_OK)
      st = ldu_buf_add(o->b, w, bytes);
    i += s[i].wlen;
  }
  return st;
}

/* A '.' between two ASCII digits (3.14) is part of the number. */
static int is_decimal_point(const char *text, size_t n, size_t i) {
  return i > 0 && i + 1 < n && text[i - 1] >= '0' && text[i - 1] <= '9' &&
         text[i + 1] >= '0' && text[i + 1] <= '9';
}

typedef enum ldu_status (*stretch_fn)(const struct ldu_lexicon *lex,
                                      const char *text, struct syl *s,
                                      size_t n, struct out *o);

/* Walk the text: Han stretches go to `fn`, punctuation becomes separators
 * (when `keep_other`, other characters are emitted as they are). */
static enum ldu_status walk(const struct ldu_lexicon *lex, const char *text,
                            size_t n, struct ldu_buf *b, stretch_fn fn,
                            int keep_other) {
  struct syl *s = NULL;
  size_t ns = 0;
  size_t i = 0;
  size_t len;
  struct out o;
  enum ldu_status st = LDU_OK;

  o.b = b;
  o.start = b->len;
  o.pending = 0;
  s = malloc(STRETCH_MAX * sizeof *s);
  if (s == NULL)
    return LDU_ERR_NOMEM;
  while (st == LDU_OK && i <= n) {
    unsigned long c = 0;
    len = 1;
    if (i < n)
      c = ldu_utf8_decode(text + i, n - i, &len);
    if (i < n && ldu_is_han(c) && ns < STRETCH_MAX) {
      s[ns].cp = c;
      s[ns].off = i;
      s[ns].len = len;
      s[ns].wlen = 1;
      s[ns].pos = 0;
      s[ns].py[0] = '\0';
      ns++;
      i += len;
      continue;
    }
    if (ns > 0) {
      st = fn(lex, text, s, ns, &o);
      ns = 0;
      if (st != LDU_OK || ldu_is_han(c))
        continue; /* a stretch cut at STRETCH_MAX goes on */
    }
    if (i >= n)
      break;
    if (c == '.' && !is_decimal_point(text, n, i)) {
      if (o.b->len > o.start)
        o.pending = 2;
    } else {
      switch (punct_kind(c)) {
      case P_BREAK:
        if (o.b->len > o.start)
          o.pending = 2;
        break;
      case P_SPACE:
        if (o.pending == 0)
          o.pending = 1;
        break;
      default:
        if (keep_other) {
          /* a run of other characters (2025, 3.14) goes out as one word */
          size_t j = i + len;
          while (j < n) {
            size_t l2;
            unsigned long d = ldu_utf8_decode(text + j, n - j, &l2);
            if (ldu_is_han(d) || punct_kind(d) != P_OTHER ||
                (d == '.' && !is_decimal_point(text, n, j)))
              break;
            j += l2;
          }
          st = emit(&o, text + i, j - i);
          len = j - i;
        }
        break;
      }
    }
    i += len;
  }
  free(s);
  return st;
}

enum ldu_status ldu_reading_pinyin(const struct ldu_lexicon *lex,
                                   const char *text, size_t n,
                                   struct ldu_buf *out) {
  return walk(lex, text, n, out, read_stretch, 1);
}

enum ldu_status ldu_reading_segment(const struct ldu_lexicon *lex,
                                    const char *text, size_t n,
                                    struct ldu_buf *out) {
  return walk(lex, text, n, out, show_stretch, 0);
}
