/* fuzz_segment: structure and sentences (segment.c, markdown.c) and the
 * names made from them (names.c).
 *
 * The first byte picks the input kind (auto, plain text, Markdown); the
 * rest is the file as read.  Invariants: the doc is well formed (sections
 * with sentences, paragraphs covering the sentences in order), every
 * sentence is non-empty valid UTF-8 without controls and at most
 * LDU_SENTENCE_MAX characters; every file name slug stays a plain name
 * (no '/', '\\', leading '.' or '-', at most LDU_SLUG_MAX bytes). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/doc.h"
#include "../../src/names.h"
#include "../../src/segment.h"
#include "../../src/text.h"
#include "fuzz.h"

static void seg_check_text(const char *s, size_t max_chars) {
  size_t n;
  size_t i;
  FUZZ_ASSERT(s != NULL);
  if (s == NULL)
    return;
  n = strlen(s);
  FUZZ_ASSERT(fuzz_utf8_ok(s, n));
  FUZZ_ASSERT(max_chars == 0 || fuzz_utf8_chars(s, n) <= max_chars);
  for (i = 0; i < n; i++)
    FUZZ_ASSERT((unsigned char)s[i] >= 0x20 && s[i] != 0x7F);
}

static void seg_check_slug(const char *title) {
  char *slug = ldu_slug(title);
  size_t n;
  FUZZ_ASSERT(slug != NULL);
  if (slug == NULL)
    return;
  n = strlen(slug);
  FUZZ_ASSERT(n > 0 && n <= LDU_SLUG_MAX);
  FUZZ_ASSERT(fuzz_utf8_ok(slug, n));
  FUZZ_ASSERT(strchr(slug, '/') == NULL && strchr(slug, '\\') == NULL);
  FUZZ_ASSERT(slug[0] != '.' && slug[0] != '-');
  FUZZ_ASSERT(slug[n - 1] != '-' && slug[n - 1] != '.');
  seg_check_text(slug, 0);
  free(slug);
}

struct seg_split {
  const char *text;
  size_t len;
  size_t pos; /* end of the previous piece */
};

static int seg_on_piece(void *user, const char *s, size_t n) {
  struct seg_split *k = user;
  FUZZ_ASSERT(n > 0);
  FUZZ_ASSERT(s >= k->text + k->pos && s + n <= k->text + k->len);
  FUZZ_ASSERT(fuzz_utf8_chars(s, n) <= LDU_SENTENCE_MAX);
  FUZZ_ASSERT(s[0] != ' ' && s[n - 1] != ' ');
  k->pos = (size_t)(s - k->text) + n;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const enum ldu_input_kind kinds[4] = {
      LDU_INPUT_AUTO, LDU_INPUT_TEXT, LDU_INPUT_MARKDOWN, LDU_INPUT_AUTO};
  struct ldu_doc *doc = NULL;
  struct ldu_error err;
  struct seg_split k;
  char *clean = NULL;
  size_t clen = 0;
  enum ldu_status st;
  size_t i;
  size_t j;

  if (size < 1 || size > FUZZ_MAX_INPUT)
    return 0;
  ldu_error_clear(&err);
  st = ldu_segment_run((const char *)data + 1, size - 1, kinds[data[0] & 3],
                       &doc, &err);
  FUZZ_ASSERT(st == LDU_OK || st == LDU_ERR_EMPTY);
  FUZZ_ASSERT((st == LDU_OK) == (doc != NULL));
  if (doc != NULL) {
    FUZZ_ASSERT(doc->n_sections > 0 && doc->title != NULL);
    seg_check_text(doc->title, 0);
    for (i = 0; i < doc->n_sections; i++) {
      const struct ldu_section *sec = &doc->sections[i];
      size_t next = 0;
      char *title;
      FUZZ_ASSERT(sec->n_sents > 0 && sec->n_paras > 0);
      if (sec->heading != NULL)
        seg_check_text(sec->heading, 0);
      for (j = 0; j < sec->n_paras; j++) {
        FUZZ_ASSERT(sec->paras[j].first == next);
        FUZZ_ASSERT(sec->paras[j].count >= 1);
        next = sec->paras[j].first + sec->paras[j].count;
      }
      FUZZ_ASSERT(next == sec->n_sents);
      for (j = 0; j < sec->n_sents; j++) {
        seg_check_text(sec->sents[j].text, LDU_SENTENCE_MAX);
        FUZZ_ASSERT(sec->sents[j].text[0] != '\0');
      }
      /* the title and file name narrate.c makes of the section */
      if (sec->heading != NULL && sec->heading[0] != '\0')
        title = ldu_short_title(sec->heading);
      else
        title = ldu_chapter_title(sec->sents[0].text);
      FUZZ_ASSERT(title != NULL);
      if (title != NULL) {
        seg_check_text(title, LDU_TITLE_MAX);
        seg_check_slug(title);
        free(title);
      }
      for (j = 0; j < sec->n_sents && j < 4; j++) {
        title = ldu_chapter_title(sec->sents[j].text);
        FUZZ_ASSERT(title != NULL);
        if (title != NULL)
          seg_check_text(title, LDU_TITLE_MAX);
        free(title);
      }
    }
  }
  ldu_doc_free(doc);

  /* the sentence splitter alone, on the cleaned text */
  st = ldu_text_clean((const char *)data + 1, size - 1, 1, &clean, &clen, NULL,
                      NULL);
  if (st == LDU_OK) {
    k.text = clean;
    k.len = clen;
    k.pos = 0;
    st = ldu_segment_sentences(clean, clen, seg_on_piece, &k);
    FUZZ_ASSERT(st == LDU_OK);
    seg_check_slug(clean);
  }
  free(clean);
  return 0;
}
