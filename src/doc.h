/* doc: the article as plain data -- title, sections, paragraphs, sentences.
 *
 * Built by segment.c from the text that text.c read; consumed by the
 * reading plan, the synthesiser and every writer.  All strings are UTF-8,
 * NUL-terminated, owned by the doc, and hold the text as a listener needs
 * it: Markdown markup removed, whitespace collapsed, control characters
 * gone.  Every readable piece of the source appears in exactly one
 * sentence, in source order. */
#ifndef LDU_DOC_H
#define LDU_DOC_H

#include <stddef.h>

enum ldu_para_kind {
  LDU_PARA_TEXT = 0, /* ordinary body text (also list items, quotes) */
  LDU_PARA_HEADING,  /* a section heading; always a section's first para */
  LDU_PARA_CODE      /* an announced code block (one sentence) */
};

enum ldu_script {
  LDU_SCRIPT_UNKNOWN = 0,
  LDU_SCRIPT_TRAD, /* Traditional Chinese (zh-Hant) */
  LDU_SCRIPT_SIMP  /* Simplified Chinese (zh-Hans) */
};

struct ldu_sentence {
  char *text;         /* the sentence as written, reduced for listening */
  size_t src_line;    /* 1-based line in the source where it starts */
};

struct ldu_paragraph {
  enum ldu_para_kind kind;
  size_t first;   /* index of the first sentence in the section */
  size_t count;   /* number of sentences, >= 1 */
};

struct ldu_section {
  char *heading;  /* heading text, NULL for text before the first heading */
  int level;      /* 1..6 for headings (the title is 1), 0 when no heading */
  struct ldu_paragraph *paras;
  size_t n_paras;
  struct ldu_sentence *sents;
  size_t n_sents;
};

struct ldu_doc {
  char *title;    /* the article's title; never NULL ("" if none found) */
  enum ldu_script script;
  struct ldu_section *sections;
  size_t n_sections;  /* sections with no sentence are never kept */
};

/** The BCP 47 language tag of `doc`: "zh-Hant", "zh-Hans" or "zh" (a
 *  static string). */
const char *ldu_doc_language(const struct ldu_doc *doc);

/** Free `doc` and everything it owns; NULL is a no-op. */
void ldu_doc_free(struct ldu_doc *doc);

#endif
