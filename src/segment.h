/* segment: find the structure of an article -- title, sections (headings),
 * paragraphs and sentences -- in clean UTF-8 from text.c.
 *
 * The rules are written down in doc/structure.md and tested in
 * tests/golden/segment.txt. */
#ifndef LDU_SEGMENT_H
#define LDU_SEGMENT_H

#include <stddef.h>

#include "doc.h"
#include "error.h"

enum ldu_input_kind {
  LDU_INPUT_AUTO = 0, /* Markdown if it looks like Markdown, else plain */
  LDU_INPUT_TEXT,
  LDU_INPUT_MARKDOWN
};

/* Hard cap on a sentence, in characters (code points); longer sentences
 * are split at clause punctuation, or at a character boundary. */
#define LDU_SENTENCE_MAX 200

/** Split `len` bytes of clean UTF-8 `text` into a doc.
 *  On LDU_OK `*out` belongs to the caller: free it with ldu_doc_free().
 *  A text with nothing readable gives LDU_ERR_EMPTY. */
enum ldu_status ldu_segment_run(const char *text, size_t len,
                                enum ldu_input_kind kind,
                                struct ldu_doc **out, struct ldu_error *err);

/** Split one paragraph of reduced text into sentences, calling `emit` for
 *  each (start, byte length) in order.  Exposed for tests and the
 *  front end.  Each piece points into `text`, is trimmed of whitespace,
 *  never empty, and at most LDU_SENTENCE_MAX characters long (a '\x1e'
 *  byte in `text` also ends a sentence).  `emit` returns 0 (LDU_OK) to go
 *  on; any other value stops the split and is returned as the status. */
typedef int (*ldu_sentence_fn)(void *user, const char *s, size_t n);
enum ldu_status ldu_segment_sentences(const char *text, size_t len,
                                      ldu_sentence_fn emit, void *user);

#endif
