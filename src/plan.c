#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "normalize_zh.h"
#include "reading.h"
#include "utf8.h"

/* Cap on one run's text; sentences are capped far below this. */
#define RUN_MAX (64 * 1024)

struct builder {
  struct ldu_plan *plan;
  struct ldu_buf cur;
  enum ldu_voice voice;
  int has_content; /* cur holds something a voice can say */
};

static int is_ascii_alnum(unsigned long c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

static int is_digit(unsigned long c) {
  c = ldu_fold_width(c);
  return c >= '0' && c <= '9';
}

/* Something worth a synth call: a letter, digit or Han character. */
static int is_speakable(unsigned long c) {
  return ldu_is_han(c) || ldu_is_latin(c) || is_digit(c) ||
         (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

static enum ldu_status flush(struct builder *b) {
  struct ldu_run *runs;
  struct ldu_run *r;
  size_t n = b->plan->n;
  char *text;
  if (!b->has_content) {
    ldu_buf_reset(&b->cur);
    return LDU_OK;
  }
  /* trim trailing spaces */
  while (b->cur.len > 0 && b->cur.data[b->cur.len - 1] == ' ')
    b->cur.data[--b->cur.len] = '\0';
  if (n >= ((size_t)-1) / sizeof *runs - 1)
    return LDU_ERR_NOMEM;
  runs = realloc(b->plan->runs, (n + 1) * sizeof *runs);
  if (runs == NULL)
    return LDU_ERR_NOMEM;
  b->plan->runs = runs;
  text = ldu_buf_detach(&b->cur);
  if (text == NULL)
    return LDU_ERR_NOMEM;
  r = &runs[n];
  r->voice = b->voice;
  r->form = LDU_RUN_TEXT;
  r->text = text;
  r->pause_ms = 0;
  b->plan->n = n + 1;
  b->has_content = 0;
  return LDU_OK;
}

static enum ldu_status add_cp(struct builder *b, unsigned long c) {
  char enc[4];
  size_t n = ldu_utf8_encode(c, enc);
  if (c == ' ' && (b->cur.len == 0 || b->cur.data[b->cur.len - 1] == ' '))
    return LDU_OK;
  if (is_speakable(c))
    b->has_content = 1;
  return ldu_buf_add(&b->cur, enc, n);
}

static enum ldu_status switch_to(struct builder *b, enum ldu_voice v) {
  enum ldu_status st;
  if (b->voice == v)
    return LDU_OK;
  st = flush(b);
  ldu_buf_reset(&b->cur);
  b->voice = v;
  return st;
}

/* ASCII clause punctuation between Chinese characters is no clause break
 * for espeak-ng: use the full-width form in Mandarin runs. */
static unsigned long zh_punct(unsigned long c) {
  switch (c) {
  case ',':
    return 0xFF0C;
  case ';':
    return 0xFF1B;
  case ':':
    return 0xFF1A;
  case '!':
    return 0xFF01;
  case '?':
    return 0xFF1F;
  default:
    return c;
  }
}

/* Turn every Mandarin run into pinyin with tone numbers. */
static enum ldu_status to_pinyin(struct ldu_plan *plan,
                                 const struct ldu_lexicon *lex) {
  struct ldu_buf py;
  enum ldu_status st = LDU_OK;
  size_t r;
  ldu_buf_init(&py, RUN_MAX);
  for (r = 0; r < plan->n && st == LDU_OK; r++) {
    struct ldu_run *run = &plan->runs[r];
    if (run->voice != LDU_VOICE_ZH || run->form != LDU_RUN_TEXT)
      continue;
    ldu_buf_reset(&py);
    st = ldu_reading_pinyin(lex, run->text, strlen(run->text), &py);
    if (st != LDU_OK || py.len == 0)
      continue;
    free(run->text);
    run->text = ldu_buf_detach(&py);
    if (run->text == NULL)
      st = LDU_ERR_NOMEM;
    run->form = LDU_RUN_PINYIN;
  }
  ldu_buf_free(&py);
  return st;
}

enum ldu_status ldu_plan_sentence(const char *s,
                                  const struct ldu_lexicon *lex,
                                  struct ldu_plan *plan) {
  struct builder b;
  struct ldu_buf norm;
  size_t n;
  size_t i = 0;
  size_t len;
  unsigned long c;
  enum ldu_status st = LDU_OK;

  plan->runs = NULL;
  plan->n = 0;
  b.plan = plan;
  b.voice = LDU_VOICE_ZH;
  b.has_content = 0;
  ldu_buf_init(&b.cur, RUN_MAX);
  /* numbers, symbols, URLs -> what is said (normalize_zh.h) */
  ldu_buf_init(&norm, RUN_MAX);
  st = ldu_normalize_zh(s, ldu_normalize_guess_simplified(s, 1), &norm);
  s = norm.data != NULL ? norm.data : "";
  n = strlen(s);

  while (i < n && st == LDU_OK) {
    c = ldu_utf8_decode(s + i, n - i, &len);
    if (ldu_is_latin(c) ||
        (is_digit(c) && b.voice == LDU_VOICE_EN && b.cur.len > 0 &&
         b.cur.data[b.cur.len - 1] != ' ')) {
      /* a Latin run: letters, digits glued to them, and inner
       * punctuation or spaces that join two Latin words */
      st = switch_to(&b, LDU_VOICE_EN);
      if (st == LDU_OK)
        st = add_cp(&b, ldu_fold_width(c));
      i += len;
      continue;
    }
    if (b.voice == LDU_VOICE_EN && c < 0x80 && strchr(" -'._&/+@", (int)c)) {
      /* keep it in the English run only if a Latin letter or digit
       * follows (after spaces) */
      size_t j = i + 1;
      unsigned long d = 0;
      size_t dl;
      while (j < n && s[j] == ' ')
        j++;
      if (j < n)
        d = ldu_fold_width(ldu_utf8_decode(s + j, n - j, &dl));
      if (j < n && (ldu_is_latin(d) || is_ascii_alnum(d)) &&
          !(c != ' ' && j > i + 1)) {
        st = add_cp(&b, c);
        i += len;
        continue;
      }
    }
    if (is_digit(c) && b.voice == LDU_VOICE_ZH) {
      /* a number glued to a following Latin letter (3D, 5G) is English */
      size_t j = i;
      size_t dl = 1;
      unsigned long d = c;
      while (j < n && is_digit(d)) {
        j += dl;
        if (j < n)
          d = ldu_utf8_decode(s + j, n - j, &dl);
      }
      if (j < n && ldu_is_latin(d)) {
        st = switch_to(&b, LDU_VOICE_EN);
        if (st == LDU_OK)
          st = add_cp(&b, ldu_fold_width(c));
        i += len;
        continue;
      }
    }
    if (ldu_is_emoji(c)) {
      i += len;
      continue;
    }
    /* everything else is read by the Mandarin voice */
    if (b.voice == LDU_VOICE_EN && c == ' ') {
      i += len;
      continue;
    }
    st = switch_to(&b, LDU_VOICE_ZH);
    if (st == LDU_OK)
      st = add_cp(&b, ldu_fold_width(zh_punct(c)));
    i += len;
  }
  if (st == LDU_OK)
    st = flush(&b);
  if (st == LDU_OK && lex != NULL)
    st = to_pinyin(plan, lex);
  ldu_buf_free(&b.cur);
  ldu_buf_free(&norm);
  if (st != LDU_OK)
    ldu_plan_free(plan);
  return st;
}

void ldu_plan_free(struct ldu_plan *plan) {
  size_t i;
  if (plan == NULL)
    return;
  for (i = 0; i < plan->n; i++)
    free(plan->runs[i].text);
  free(plan->runs);
  plan->runs = NULL;
  plan->n = 0;
}
