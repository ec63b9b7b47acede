/* segment: title, sections, paragraphs and sentences (see segment.h and
 * doc/structure.md for the rules).
 *
 * Three steps: the text is cut into blocks (markdown.c for Markdown,
 * plain_blocks() here for plain text); the blocks are grouped into
 * sections; each block's text is split into sentences, which are
 * whitespace-collapsed copies.  Every step is a linear walk. */
#include "segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "markdown.h"
#include "text.h"

/* How a code block is announced, by script. */
#define CODE_TRAD "（此處略過一段程式碼）"
#define CODE_SIMP "（此处略过一段代码）"

/* Longest plain-text heading line, in characters. */
#define HEADING_MAX 50

/* Hard-wrapped text: lines at least WRAP_MIN columns wide, within
 * WRAP_SLACK columns of the wrap width. */
#define WRAP_MIN 30
#define WRAP_SLACK 4

/* ---- character classes -------------------------------------------------- */

static int is_ws(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v' || c == 0xA0 || c == 0x3000 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
         c == (uint32_t)LDU_HARD_BREAK;
}

static int is_han(uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
         (c >= 0x3005 && c <= 0x3007);
}

/* Han, kana, hangul, CJK and full-width punctuation: no spaces between. */
static int is_cjk(uint32_t c) {
  return is_han(c) || (c >= 0x3000 && c <= 0x30FF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || c == 0x2026 || c == 0x2014 ||
         (c >= 0x2018 && c <= 0x201D);
}

/* Ends a sentence (ASCII '.' and U+FF0E are handled apart). */
static int is_term(uint32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' ||
         c == 0xFF1B || c == ';' || c == 0x2026 || c == 0x22EF ||
         c == 0xFF61 || (c >= 0x203C && c <= 0x203D) ||
         (c >= 0x2047 && c <= 0x2049);
}

static int is_dot(uint32_t c) { return c == '.' || c == 0xFF0E; }

/* Closing quotes and brackets stay with the sentence before them. */
static int is_closer(uint32_t c) {
  switch (c) {
  case 0x300D: /* 」 */
  case 0x300F: /* 』 */
  case 0x201D: /* ” */
  case 0x2019: /* ’ */
  case ')':
  case ']':
  case '}':
  case 0xFF09: /* ） */
  case 0x3011: /* 】 */
  case 0x300B: /* 》 */
  case 0x3009: /* 〉 */
  case 0x3015: /* 〕 */
  case 0x3017: /* 〗 */
  case 0x3019: /* 〙 */
  case 0x301B: /* 〛 */
  case 0xFF63: /* ｣ */
  case 0xFF3D: /* ］ */
  case 0xFF5D: /* ｝ */
  case 0xFE42: /* ﹂ */
  case 0xFE44: /* ﹄ */
  case 0x00BB: /* » */
  case 0x203A: /* › */
    return 1;
  default:
    return 0;
  }
}

/* Clause punctuation: where an over-long sentence may be cut. */
static int is_clause(uint32_t c) {
  return c == 0xFF0C || c == 0x3001 || c == 0xFF1A || c == ':' || c == ',' ||
         c == 0xFE50 || c == 0xFE51 || c == 0x2014 || c == 0xFF5E;
}

/* Joins with the character before it (marks, selectors, ZWJ, keycap). */
static int is_extender(uint32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || c == 0x200D || c == 0x20E3 ||
         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
         (c >= 0xE0020 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF);
}

/* Part of a Latin-script word (not to be cut inside). */
static int is_wordch(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 &&
                                    c != 0xF7) ||
         c == '\'' || (c >= 0x0370 && c <= 0x052F) ||
         (c >= 0x1F1E6 && c <= 0x1F1FF);
}

/* Nothing to read: whitespace and punctuation. */
static int is_silent(uint32_t c) {
  if (is_ws(c))
    return 1;
  if (c < 0x80)
    return c < 0x20 || strchr("!\"'(),-.:;?[]{}_`*", (int)c) != NULL;
  if (c == 0xA1 || c == 0xAB || c == 0xB7 || c == 0xBB || c == 0xBF)
    return 1;
  if ((c >= 0x2010 && c <= 0x2027) || c == 0x2039 || c == 0x203A ||
      (c >= 0x203C && c <= 0x203D) || (c >= 0x2047 && c <= 0x2049) ||
      c == 0x22EF)
    return 1;
  if ((c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) ||
      (c >= 0x3014 && c <= 0x301F) || c == 0x30FB)
    return 1;
  if (c >= 0xFF01 && c <= 0xFF65)
    return strchr("\x01\x02\x07\x08\x09\x0C\x0D\x0E\x1A\x1B\x1F\x3B\x3D\x3F"
                  "\x40\x5B\x5D\x5F\x60\x61\x62\x63\x64\x65",
                  (int)(c - 0xFF00)) != NULL;
  if ((c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFE50 && c <= 0xFE57))
    return 1;
  /* emoji and pictographs are shown, not said (the plan drops them), so
   * a text of emoji only has nothing to read (issue 7) */
  if ((c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
      (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3)
    return 1;
  return c == 0xFFFD || c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0x200B && c <= 0x200D) || c == 0x2060;
}

/* Display width in columns (East Asian wide = 2), for wrapped text. */
static size_t cwidth(uint32_t c) {
  if (is_extender(c) || (c >= 0x200B && c <= 0x200F))
    return 0;
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

static uint32_t get(const char *s, size_t i, size_t n, size_t *adv) {
  return ldu_utf8_get(s + i, n - i, adv);
}

/* ---- sentences ----------------------------------------------------------- */

struct splitter {
  const char *t;
  size_t n;
  ldu_sentence_fn emit;
  void *user;
};

/* Emit t[s..e) trimmed of whitespace, if anything is left. */
static int emit_trimmed(const struct splitter *sp, size_t s, size_t e) {
  size_t adv;
  while (s < e && is_ws(get(sp->t, s, e, &adv)))
    s += adv;
  while (e > s) {
    size_t b = ldu_utf8_back(sp->t, e);
    if (b < s || !is_ws(get(sp->t, b, e, &adv)))
      break;
    e = b;
  }
  if (e <= s)
    return 0;
  return sp->emit(sp->user, sp->t + s, e - s);
}

/* Is there a cut between the code point ending at b and the one at b? */
static int is_boundary(const char *t, size_t n, size_t b) {
  size_t adv;
  uint32_t a;
  uint32_t c;
  if (b == 0 || b >= n)
    return 1;
  a = get(t, ldu_utf8_back(t, b), n, &adv);
  c = get(t, b, n, &adv);
  if (is_extender(c) || a == 0x200D)
    return 0;
  if (is_ws(a) || is_ws(c))
    return 1;
  return !(is_wordch(a) && is_wordch(c));
}

/* Emit t[s..e), cutting pieces longer than LDU_SENTENCE_MAX characters at
 * the last clause punctuation, else the last word boundary, else the last
 * grapheme boundary, inside each window. */
static int emit_capped(const struct splitter *sp, size_t s, size_t e) {
  const char *t = sp->t;
  int rc;
  for (;;) {
    size_t i = s;
    size_t count = 0;
    size_t last_clause = 0;
    size_t last_bound = 0;
    size_t adv;
    size_t cut;
    while (i < e && is_ws(get(t, i, e, &adv)))
      i += adv;
    s = i;
    while (i < e && count < LDU_SENTENCE_MAX) {
      uint32_t c = get(t, i, e, &adv);
      if (i > s && is_boundary(t, e, i))
        last_bound = i;
      i += adv;
      count++;
      if (is_clause(c)) {
        size_t j = i;
        while (j < e && is_closer(get(t, j, e, &adv)))
          j += adv;
        last_clause = j;
      }
    }
    if (i >= e)
      break;
    /* i is the start of character LDU_SENTENCE_MAX + 1 */
    if (is_ws(get(t, i, e, &adv)) || is_clause(get(t, i, e, &adv)))
      cut = i; /* whitespace next: a clean cut anyway */
    else if (last_clause > s && last_clause <= i)
      cut = last_clause;
    else if (is_boundary(t, e, i))
      cut = i;
    else if (last_bound > s)
      cut = last_bound;
    else
      cut = i;
    if (cut == i && is_clause(get(t, i, e, &adv)) && last_clause > s)
      cut = last_clause;
    rc = emit_trimmed(sp, s, cut);
    if (rc != 0)
      return rc;
    s = cut;
  }
  return emit_trimmed(sp, s, e);
}

/* An abbreviation or initial before the '.' at t[d]: "e.g", "Mr", "U.S",
 * "J" (a single capital). */
static int is_abbrev(const char *t, size_t d) {
  static const char *const words[] = {
      "mr", "mrs", "ms", "dr", "prof", "vs", "etc", "st", "jr", "sr",
      "cf", "al", "fig", "approx", "dept", "est", "vol", "inc", "ltd",
      "co", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec"};
  char w[12];
  size_t k = 0;
  size_t b = d;
  int dots = 0;
  size_t i;
  while (b > 0 && d - b < sizeof w - 1) {
    char c = t[b - 1];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      b--;
    else if (c == '.' && b > 1 && t[b - 2] != '.')
      b--, dots++;
    else
      break;
  }
  if (b > 0) {
    char c = t[b - 1];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
        (c >= 'A' && c <= 'Z') || c == '.')
      return 0;
  }
  if (d == b)
    return 0;
  if (d - b == 1 && t[b] >= 'A' && t[b] <= 'Z')
    return 1; /* an initial */
  if (dots > 0) {
    /* e.g, i.e, U.S, a.m: single letters between dots */
    for (i = b; i < d; i++)
      if (t[i] != '.' && i + 1 < d && t[i + 1] != '.')
        return 0;
    return 1;
  }
  for (i = b; i < d; i++) {
    char c = t[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    w[k++] = c;
  }
  w[k] = '\0';
  if (strcmp(w, "no") == 0)
    return 0; /* "no." ends sentences more often than it numbers */
  for (i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(w, words[i]) == 0)
      return 1;
  return 0;
}

/* Length of a URL starting at t[i], or 0. */
static size_t url_len(const char *t, size_t i, size_t n) {
  size_t j;
  int paren = 0;
  const char *p = t + i;
  size_t m = n - i;
  if (i > 0) {
    char c = t[i - 1];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
        (c >= 'A' && c <= 'Z'))
      return 0;
  }
  if (!((m > 7 && (memcmp(p, "http://", 7) == 0 ||
                   memcmp(p, "HTTP://", 7) == 0)) ||
        (m > 8 && (memcmp(p, "https://", 8) == 0 ||
                   memcmp(p, "HTTPS://", 8) == 0)) ||
        (m > 6 && memcmp(p, "ftp://", 6) == 0) ||
        (m > 4 && (memcmp(p, "www.", 4) == 0 || memcmp(p, "WWW.", 4) == 0))))
    return 0;
  for (j = 0; j < m; j++) {
    unsigned char c = (unsigned char)p[j];
    if (c <= ' ' || c >= 0x7F || c == '"' || c == '<' || c == '>' ||
        c == '`' || c == (unsigned char)LDU_HARD_BREAK)
      break;
    if (c == '(')
      paren++;
    else if (c == ')')
      paren--;
  }
  while (j > 0 && (strchr(".,;:!?'*", p[j - 1]) != NULL ||
                   (p[j - 1] == ')' && paren < 0))) {
    if (p[j - 1] == ')')
      paren++;
    j--;
  }
  return j;
}

/* Only digits (a list number) between s and d? */
static int only_digits(const char *t, size_t s, size_t d) {
  size_t adv;
  size_t i = s;
  int any = 0;
  while (i < d && is_ws(get(t, i, d, &adv)))
    i += adv;
  for (; i < d; i++) {
    if (t[i] < '0' || t[i] > '9')
      return 0;
    any = 1;
  }
  return any && d - s <= 12;
}

static enum ldu_status split(const char *t, size_t n, ldu_sentence_fn emit,
                             void *user) {
  struct splitter sp;
  size_t s = 0;
  size_t i = 0;
  int dq = 0; /* ASCII '"' seen in this sentence, mod 2 */
  int rc;

  sp.t = t;
  sp.n = n;
  sp.emit = emit;
  sp.user = user;
  while (i < n) {
    size_t adv;
    uint32_t c = get(t, i, n, &adv);
    size_t u;
    if (c == (uint32_t)LDU_HARD_BREAK) {
      rc = emit_capped(&sp, s, i);
      if (rc != 0)
        return (enum ldu_status)rc;
      s = i + 1;
      i = s;
      dq = 0;
      continue;
    }
    if ((c == 'h' || c == 'H' || c == 'w' || c == 'W' || c == 'f') &&
        (u = url_len(t, i, n)) > 0) {
      i += u;
      continue;
    }
    if (c == '"')
      dq ^= 1;
    if (is_term(c) || is_dot(c)) {
      size_t j = i;
      size_t dots = 0;
      int other = 0;
      int progress = 1;
      size_t run_end;
      while (progress) {
        progress = 0;
        while (j < n) {
          uint32_t d = get(t, j, n, &adv);
          if (is_dot(d))
            dots++;
          else if (is_term(d))
            other = 1;
          else
            break;
          j += adv;
          progress = 1;
        }
        while (j < n) {
          uint32_t d = get(t, j, n, &adv);
          if (d == '"' && dq) {
            dq = 0;
          } else if (d == '\'') {
            size_t a2;
            if (j + 1 < n && !is_ws(get(t, j + 1, n, &a2)))
              break;
          } else if (!is_closer(d)) {
            break;
          }
          j += adv;
          progress = 1;
        }
      }
      run_end = j;
      if (!other) {
        /* only dots: "3.14", "e.g. x", "www.x" are no ends */
        uint32_t next = j < n ? get(t, j, n, &adv) : ' ';
        int ok = is_ws(next) || is_cjk(next);
        if (ok && dots == 1 && c == '.' &&
            (is_abbrev(t, i) || only_digits(t, s, i)))
          ok = 0;
        if (!ok) {
          i += is_dot(c) ? (c == '.' ? 1 : 3) : adv;
          continue;
        }
      }
      rc = emit_capped(&sp, s, run_end);
      if (rc != 0)
        return (enum ldu_status)rc;
      s = run_end;
      i = run_end;
      dq = 0;
      continue;
    }
    i += adv;
  }
  rc = emit_capped(&sp, s, n);
  if (rc != 0)
    return (enum ldu_status)rc;
  return LDU_OK;
}

enum ldu_status ldu_segment_sentences(const char *text, size_t len,
                                      ldu_sentence_fn emit, void *user) {
  return split(text, len, emit, user);
}

/* ---- plain text ---------------------------------------------------------- */

struct line {
  size_t s;      /* trimmed start */
  size_t e;      /* trimmed end */
  size_t width;  /* display columns */
  size_t chars;  /* code points */
  size_t lineno; /* 1-based source line */
  int indented;  /* began with whitespace */
  int heading;   /* 0, or the heading level */
  int chapter;   /* a 第X章 / 第X節 line */
  int full;      /* as wide as the wrap width: the next line goes on */
};

static int ends_final(const char *t, size_t s, size_t e) {
  size_t adv;
  uint32_t c = 0;
  while (e > s) {
    size_t b = ldu_utf8_back(t, e);
    if (b < s)
      break;
    c = get(t, b, e, &adv);
    if (!is_closer(c) && c != '"' && c != '\'')
      break;
    e = b;
  }
  if (e <= s)
    return 0;
  return is_term(c) || is_dot(c);
}

/* Last code point of t[s..e) after closing quotes; 0 if none. */
static uint32_t last_cp(const char *t, size_t s, size_t e) {
  size_t adv;
  while (e > s) {
    size_t b = ldu_utf8_back(t, e);
    uint32_t c;
    if (b < s)
      return 0;
    c = get(t, b, e, &adv);
    if (!is_closer(c) && c != '"')
      return c;
    e = b;
  }
  return 0;
}

static int is_numeral(uint32_t c) {
  static const char nums[] =
      "0123456789\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93"
      "\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98"
      "\xEF\xBC\x99"
      "零〇一二三四五六七八九十百千两兩壹貳贰參叁肆伍陸陆柒捌玖拾佰仟";
  size_t i = 0;
  size_t n = sizeof nums - 1;
  while (i < n) {
    size_t adv;
    if (ldu_utf8_get(nums + i, n - i, &adv) == c)
      return 1;
    i += adv;
  }
  return 0;
}

/* 第X章 -> 2, 第X節/第X节 -> 3, else 0. */
static int chapter_level(const char *t, size_t s, size_t e) {
  size_t adv;
  size_t i = s;
  size_t k = 0;
  uint32_t c;
  if (i >= e || get(t, i, e, &adv) != 0x7B2C) /* 第 */
    return 0;
  i += adv;
  while (i < e && is_numeral(get(t, i, e, &adv)) && k < 10) {
    i += adv;
    k++;
  }
  if (k == 0 || i >= e)
    return 0;
  c = get(t, i, e, &adv);
  if (c == 0x7AE0) /* 章 */
    return 2;
  if (c == 0x7BC0 || c == 0x8282) /* 節 节 */
    return 3;
  return 0;
}

/* A list marker or keycap emoji at the start of t[s..e). */
static size_t bullet_len(const char *t, size_t s, size_t e) {
  size_t adv;
  size_t a2;
  uint32_t c = get(t, s, e, &adv);
  size_t i;
  if (s + adv < e) {
    uint32_t d = get(t, s + adv, e, &a2);
    if (((c >= '0' && c <= '9') || c == '#' || c == '*') &&
        (d == 0xFE0F || d == 0x20E3))
      return adv; /* keycap: counted as a marker, but kept */
  }
  if (c == '-' || c == '*' || c == '+' || c == 0x2022 || c == 0xB7 ||
      c == 0x25CF || c == 0x25CB || c == 0x25A0 || c == 0x25A1 ||
      c == 0x25C6 || c == 0x25AA || c == 0x25BA || c == 0x30FB) {
    if (s + adv >= e || is_ws(get(t, s + adv, e, &a2)))
      return adv;
    return 0;
  }
  i = s;
  while (i < e && t[i] >= '0' && t[i] <= '9' && i - s < 4)
    i++;
  if (i > s && i + 1 < e && (t[i] == '.' || t[i] == ')') &&
      (t[i + 1] == ' ' || t[i + 1] == '\t'))
    return 0 + (i - s) + 1;
  return 0;
}

/* The heading rules of doc/structure.md, except "body text follows". */
static int heading_candidate(const char *t, const struct line *ln) {
  size_t i;
  size_t adv;
  uint32_t c;
  int readable = 0;
  size_t pos = 0;
  if (ln->chars > HEADING_MAX || ln->chars == 0)
    return 0;
  c = last_cp(t, ln->s, ln->e);
  if (c == 0 || is_term(c) || is_dot(c) || is_clause(c) || c == 0x3001)
    return 0;
  if (bullet_len(t, ln->s, ln->e) > 0)
    return 0;
  for (i = ln->s; i < ln->e; i += adv, pos++) {
    c = get(t, i, ln->e, &adv);
    if (c == 0x3001 && pos > 0 && pos <= 3) {
      /* "一、前言": an enumeration comma after numerals only */
      size_t j = ln->s;
      int nums = 1;
      while (j < i) {
        size_t a2;
        if (!is_numeral(get(t, j, i, &a2)))
          nums = 0;
        j += a2;
      }
      if (nums)
        continue;
    }
    if (c == 0xFF0C || c == ',' || c == 0x3001 || c == 0x3002 ||
        c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?')
      return 0;
    if (!is_silent(c))
      readable = 1;
    if (c == ':' && i + 2 < ln->e && t[i + 1] == '/' && t[i + 2] == '/')
      return 0;
    if ((c == 'w' || c == 'W') && url_len(t, i, ln->e) > 0)
      return 0;
  }
  return readable;
}

static int body_text(const char *t, const struct line *ln) {
  return ln->chars > HEADING_MAX || ends_final(t, ln->s, ln->e);
}

static enum ldu_status add_plain_block(struct ldu_blocks *bs, const char *t,
                                       const struct line *lines, size_t a,
                                       size_t b,
                                       enum ldu_para_kind kind, int level) {
  struct ldu_buf out;
  struct ldu_mark *m;
  size_t k;
  size_t len;
  char *text;
  enum ldu_status st = LDU_OK;

  if (b - a > ((size_t)-1) / sizeof *m)
    return LDU_ERR_NOMEM;
  m = malloc((b - a) * sizeof *m);
  if (m == NULL)
    return LDU_ERR_NOMEM;
  ldu_buf_init(&out, LDU_TEXT_MAX_REDUCED);
  for (k = a; k < b && st == LDU_OK; k++) {
    size_t s = lines[k].s;
    size_t e = lines[k].e;
    size_t bl;
    if (k > a)
      st = ldu_buf_addc(&out, '\n');
    if (kind == LDU_PARA_TEXT && (bl = bullet_len(t, s, e)) > 0 &&
        t[s] != '#' && !(t[s] >= '0' && t[s] <= '9'))
      s += bl; /* "- item", "• item": the marker is not read */
    m[k - a].off = out.len;
    m[k - a].line = lines[k].lineno;
    if (st == LDU_OK)
      st = ldu_buf_add(&out, t + s, e - s);
  }
  if (st != LDU_OK) {
    ldu_buf_free(&out);
    free(m);
    return st;
  }
  len = out.len;
  text = ldu_buf_detach(&out);
  if (text == NULL) {
    free(m);
    return LDU_ERR_NOMEM;
  }
  return ldu_blocks_add(bs, kind, level, text, len, m, b - a);
}

/* Cut plain text into blocks: headings, and paragraphs of one line each
 * (or of several hard-wrapped lines). */
static enum ldu_status plain_blocks(const char *t, size_t n,
                                    struct ldu_blocks *bs) {
  struct line *lines = NULL;
  size_t nl = 0;
  size_t cap = 0;
  size_t pos = 0;
  size_t line = 0;
  size_t i;
  size_t j;
  size_t wrap = 0;
  int first = 1;
  enum ldu_status st = LDU_OK;

  /* 1. non-blank lines, trimmed, with widths */
  while (pos < n) {
    const char *nlp = memchr(t + pos, '\n', n - pos);
    size_t le = nlp ? (size_t)(nlp - t) : n;
    size_t s = pos;
    size_t e = le;
    size_t adv;
    struct line ln;
    line++;
    while (s < e && is_ws(get(t, s, e, &adv)))
      s += adv;
    while (e > s) {
      size_t b = ldu_utf8_back(t, e);
      if (b < s || !is_ws(get(t, b, e, &adv)))
        break;
      e = b;
    }
    ln.indented = s > pos;
    pos = nlp ? le + 1 : n;
    if (s == e)
      continue;
    ln.s = s;
    ln.e = e;
    ln.lineno = line;
    ln.width = 0;
    ln.chars = 0;
    ln.heading = 0;
    ln.chapter = 0;
    ln.full = 0;
    for (i = s; i < e; i += adv) {
      uint32_t c = get(t, i, e, &adv);
      ln.width += cwidth(c);
      ln.chars++;
    }
    {
      void *v = lines;
      st = ldu_grow_array(&v, &cap, nl, sizeof *lines);
      lines = v;
      if (st != LDU_OK)
        goto out;
    }
    lines[nl++] = ln;
  }
  /* 2. the wrap width: the widest blank-line block that looks
   * hard-wrapped (two or more lines of nearly its full width, one of them
   * ending mid-sentence) */
  i = 0;
  while (i < nl) {
    size_t k = i + 1;
    size_t w = lines[i].width;
    size_t full = 0;
    int open_end = 0;
    while (k < nl && lines[k].lineno == lines[k - 1].lineno + 1) {
      if (lines[k].width > w)
        w = lines[k].width;
      k++;
    }
    for (j = i; j < k; j++) {
      if (lines[j].width + WRAP_SLACK >= w) {
        full++;
        if (!ends_final(t, lines[j].s, lines[j].e))
          open_end = 1;
      }
    }
    if (full >= 2 && w >= WRAP_MIN && open_end && w > wrap)
      wrap = w;
    i = k;
  }
  for (i = 0; i < nl; i++)
    lines[i].full = wrap > 0 && lines[i].width + WRAP_SLACK >= wrap &&
                    lines[i].width <= wrap;
  /* 3. headings */
  for (i = 0; i < nl; i++) {
    int ch = chapter_level(t, lines[i].s, lines[i].e);
    int joined = lines[i].full ||
                 (i > 0 && lines[i - 1].lineno + 1 == lines[i].lineno &&
                  lines[i - 1].full);
    if (ch > 0 && lines[i].chars <= HEADING_MAX &&
        !ends_final(t, lines[i].s, lines[i].e)) {
      lines[i].heading = ch;
      lines[i].chapter = 1;
    } else if (!joined && heading_candidate(t, &lines[i]) && i + 1 < nl &&
               body_text(t, &lines[i + 1]) &&
               !(t[lines[i + 1].s] >= 'a' && t[lines[i + 1].s] <= 'z')) {
      lines[i].heading = 2;
    }
    if (lines[i].heading > 0 && first) {
      if (!lines[i].chapter)
        lines[i].heading = 1; /* the title */
      first = 0;
    }
  }
  /* 4. paragraphs: a line, plus the lines that continue it */
  i = 0;
  while (i < nl) {
    size_t c = i + 1;
    if (lines[i].heading > 0) {
      st = add_plain_block(bs, t, lines, i, i + 1, LDU_PARA_HEADING,
                           lines[i].heading);
      if (st != LDU_OK)
        goto out;
      i++;
      continue;
    }
    while (c < nl && lines[c].heading == 0 &&
           lines[c].lineno == lines[c - 1].lineno + 1) {
      const struct line *prev = &lines[c - 1];
      const struct line *cur = &lines[c];
      char f = t[cur->s];
      int join = 0;
      if (bullet_len(t, cur->s, cur->e) > 0)
        join = 0;
      else if (f >= 'a' && f <= 'z' && !ends_final(t, prev->s, prev->e))
        join = 1;
      else if (prev->full && !cur->indented)
        join = 1;
      if (!join)
        break;
      c++;
    }
    st = add_plain_block(bs, t, lines, i, c, LDU_PARA_TEXT, 0);
    if (st != LDU_OK)
      goto out;
    i = c;
  }
out:
  free(lines);
  return st;
}

/* ---- script ------------------------------------------------------------ */

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a;
  uint32_t y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static size_t load_set(const char *s, uint32_t *v, size_t max) {
  size_t n = strlen(s);
  size_t i = 0;
  size_t k = 0;
  while (i < n && k < max) {
    size_t adv;
    v[k++] = ldu_utf8_get(s + i, n - i, &adv);
    i += adv;
  }
  qsort(v, k, sizeof *v, cmp_u32);
  return k;
}

static enum ldu_script detect_script(const char *t, size_t n) {
  /* Common characters written differently in the two scripts. */
  static const char trad[] =
      "這個們來為說時會國學與對過後還點體發開關實當長現從讓應經問種動機樣間"
      "電話業務義場將無進頭見麼裡東車馬書語認請讀寫聽變處資訊網頁圖總據"
      "們衛視華區獎勵證藝術歷劃產專給義邊遠運雲億億軟體層級頭陸級裏萬與";
  static const char simp[] =
      "这个们来为说时会国学与对过后还点体发开关实当长现从让应经问种动机样间"
      "电话业务义场将无进头见么里东车马书语认请读写听变处资讯网页图总据"
      "卫视华区奖励证艺术历划产专给边远运云亿软层级陆万";
  uint32_t tv[160];
  uint32_t sv[160];
  size_t nt = load_set(trad, tv, 160);
  size_t ns = load_set(simp, sv, 160);
  size_t ct = 0;
  size_t cs = 0;
  size_t i = 0;
  while (i < n) {
    size_t adv;
    uint32_t c = get(t, i, n, &adv);
    i += adv;
    if (c < 0x4E00 || c > 0x9FFF)
      continue;
    if (bsearch(&c, tv, nt, sizeof c, cmp_u32) != NULL)
      ct++;
    else if (bsearch(&c, sv, ns, sizeof c, cmp_u32) != NULL)
      cs++;
  }
  if (ct > cs)
    return LDU_SCRIPT_TRAD;
  if (cs > ct)
    return LDU_SCRIPT_SIMP;
  return LDU_SCRIPT_UNKNOWN;
}

/* ---- building the doc ---------------------------------------------------- */


/* A whitespace-collapsed copy of s[0..n): runs of whitespace become one
 * space, or nothing when they hold a line break between CJK characters.
 * *readable says whether anything but punctuation is left. */
static char *collapse(const char *s, size_t n, int *readable) {
  char *out;
  size_t o = 0;
  size_t i = 0;
  int pend = 0;    /* whitespace pending */
  int pend_nl = 0; /* ... with a line break in it */
  uint32_t prev = 0;
  *readable = 0;
  if (n == (size_t)-1)
    return NULL;
  out = malloc(n + 1);
  if (out == NULL)
    return NULL;
  while (i < n) {
    size_t adv;
    uint32_t c = ldu_utf8_get(s + i, n - i, &adv);
    if (is_ws(c)) {
      pend = 1;
      if (c == '\n')
        pend_nl = 1;
      i += adv;
      continue;
    }
    if (pend && o > 0 && !(pend_nl && is_cjk(prev) && is_cjk(c)))
      out[o++] = ' ';
    pend = 0;
    pend_nl = 0;
    if (!is_silent(c))
      *readable = 1;
    memcpy(out + o, s + i, adv);
    o += adv;
    i += adv;
    prev = c;
  }
  out[o] = '\0';
  return out;
}

static int has_readable(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t adv;
    uint32_t c = ldu_utf8_get(s + i, n - i, &adv);
    if (!is_silent(c))
      return 1;
    i += adv;
  }
  return 0;
}

static enum ldu_status add_sentence(struct ldu_section *sec, char *text,
                                    size_t line, size_t *cap) {
  void *v = sec->sents;
  enum ldu_status st = ldu_grow_array(&v, cap, sec->n_sents, sizeof *sec->sents);
  sec->sents = v;
  if (st != LDU_OK) {
    free(text);
    return st;
  }
  sec->sents[sec->n_sents].text = text;
  sec->sents[sec->n_sents].src_line = line;
  sec->n_sents++;
  return LDU_OK;
}

struct sink {
  struct ldu_section *sec;
  size_t *sent_cap;
  const struct ldu_block *blk;
  size_t mark;
};

static int on_sentence(void *user, const char *s, size_t n) {
  struct sink *k = user;
  const struct ldu_block *b = k->blk;
  size_t off = (size_t)(s - b->text);
  int readable;
  char *text;
  while (k->mark + 1 < b->n_marks && b->marks[k->mark + 1].off <= off)
    k->mark++;
  text = collapse(s, n, &readable);
  if (text == NULL)
    return LDU_ERR_NOMEM;
  if (!readable) {
    free(text);
    return LDU_OK;
  }
  return add_sentence(k->sec, text,
                      b->n_marks > 0 ? b->marks[k->mark].line : 0,
                      k->sent_cap);
}

/* Add block `b` to section `sec` as one paragraph (if it says anything). */
static enum ldu_status add_para(struct ldu_section *sec, size_t *para_cap,
                                size_t *sent_cap, const struct ldu_block *b,
                                enum ldu_script script) {
  size_t first = sec->n_sents;
  enum ldu_status st;
  void *v;
  if (b->kind == LDU_PARA_CODE) {
    const char *a = script == LDU_SCRIPT_SIMP ? CODE_SIMP : CODE_TRAD;
    char *text = malloc(strlen(a) + 1);
    if (text == NULL)
      return LDU_ERR_NOMEM;
    memcpy(text, a, strlen(a) + 1);
    st = add_sentence(sec, text, b->n_marks > 0 ? b->marks[0].line : 0,
                      sent_cap);
  } else {
    struct sink k;
    k.sec = sec;
    k.sent_cap = sent_cap;
    k.blk = b;
    k.mark = 0;
    st = split(b->text, b->len, on_sentence, &k);
  }
  if (st != LDU_OK || sec->n_sents == first)
    return st;
  v = sec->paras;
  st = ldu_grow_array(&v, para_cap, sec->n_paras, sizeof *sec->paras);
  sec->paras = v;
  if (st != LDU_OK)
    return st;
  sec->paras[sec->n_paras].kind = b->kind;
  sec->paras[sec->n_paras].first = first;
  sec->paras[sec->n_paras].count = sec->n_sents - first;
  sec->n_paras++;
  return LDU_OK;
}

static void section_free(struct ldu_section *sec) {
  size_t i;
  for (i = 0; i < sec->n_sents; i++)
    free(sec->sents[i].text);
  free(sec->sents);
  free(sec->paras);
  free(sec->heading);
  memset(sec, 0, sizeof *sec);
}

/* Group the blocks into sections of `doc`. */
static enum ldu_status build(struct ldu_doc *doc, const struct ldu_blocks *bs) {
  size_t title = (size_t)-1;
  int split_level = 7;
  size_t sec_cap = 0;
  size_t para_cap = 0;
  size_t sent_cap = 0;
  struct ldu_section cur;
  size_t i;
  enum ldu_status st = LDU_OK;
  int readable;

  memset(&cur, 0, sizeof cur);
  for (i = 0; i < bs->n; i++) {
    if (bs->v[i].kind != LDU_PARA_HEADING ||
        !has_readable(bs->v[i].text, bs->v[i].len))
      continue;
    if (title == (size_t)-1 && bs->v[i].level == 1 && split_level == 7) {
      title = i;
      continue;
    }
    if (bs->v[i].level < split_level)
      split_level = bs->v[i].level;
  }
  if (bs->title != NULL) {
    doc->title = collapse(bs->title, strlen(bs->title), &readable);
  } else if (title != (size_t)-1) {
    doc->title = collapse(bs->v[title].text, bs->v[title].len, &readable);
  } else {
    doc->title = malloc(1);
    if (doc->title != NULL)
      doc->title[0] = '\0';
  }
  if (doc->title == NULL)
    return LDU_ERR_NOMEM;

  for (i = 0; i <= bs->n; i++) {
    const struct ldu_block *b = i < bs->n ? &bs->v[i] : NULL;
    int starts;
    if (b != NULL && b->kind == LDU_PARA_HEADING &&
        !has_readable(b->text, b->len))
      continue; /* a heading with nothing to say is no heading */
    starts = b == NULL ||
             (b->kind == LDU_PARA_HEADING &&
              (i == title || b->level <= split_level || cur.heading == NULL));
    if (starts) {
      /* close the open section; keep it if it says anything */
      if (cur.n_sents > 0) {
        void *v = doc->sections;
        st = ldu_grow_array(&v, &sec_cap, doc->n_sections, sizeof *doc->sections);
        doc->sections = v;
        if (st != LDU_OK)
          goto out;
        doc->sections[doc->n_sections++] = cur;
      } else {
        section_free(&cur);
      }
      memset(&cur, 0, sizeof cur);
      para_cap = 0;
      sent_cap = 0;
    }
    if (b == NULL)
      break;
    if (starts) {
      cur.heading = collapse(b->text, b->len, &readable);
      if (cur.heading == NULL) {
        st = LDU_ERR_NOMEM;
        goto out;
      }
      cur.level = i == title ? 1 : b->level;
    }
    st = add_para(&cur, &para_cap, &sent_cap, b, doc->script);
    if (st != LDU_OK)
      goto out;
  }
out:
  section_free(&cur);
  return st;
}

enum ldu_status ldu_segment_run(const char *text, size_t len,
                                enum ldu_input_kind kind,
                                struct ldu_doc **out, struct ldu_error *err) {
  char *clean = NULL;
  size_t clen = 0;
  struct ldu_blocks bs;
  struct ldu_doc *doc = NULL;
  enum ldu_status st;
  int md;

  *out = NULL;
  memset(&bs, 0, sizeof bs);
  /* Clean again (cheap): the rules below may then trust the bytes. */
  st = ldu_text_clean(text, len, 1, &clean, &clen, NULL, err);
  if (st != LDU_OK)
    goto out;
  doc = calloc(1, sizeof *doc);
  if (doc == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  doc->script = detect_script(clean, clen);
  md = kind == LDU_INPUT_MARKDOWN ||
       (kind == LDU_INPUT_AUTO && ldu_markdown_detect(clean, clen));
  if (md)
    st = ldu_markdown_blocks(clean, clen, &bs);
  else
    st = plain_blocks(clean, clen, &bs);
  if (st != LDU_OK)
    goto out;
  st = build(doc, &bs);
  if (st != LDU_OK)
    goto out;
  if (doc->n_sections == 0) {
    st = LDU_ERR_EMPTY;
    goto out;
  }
  *out = doc;
  doc = NULL;
out:
  ldu_doc_free(doc);
  ldu_blocks_free(&bs);
  free(clean);
  return st;
}
