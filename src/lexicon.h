/* lexicon: word -> pinyin, for the Mandarin front end.
 *
 * Holds the built-in lexicon (voices/lexicon.tsv, generated from CC-CEDICT
 * by tools/gen-lexicon) and any user lexicons loaded after it, which
 * override it word by word.  reading.c looks words up here to segment a
 * Mandarin run and read its polyphones.
 *
 * File format, UTF-8, one entry a line:
 *   word TAB pinyin
 * `word` is Han characters (Traditional or Simplified); `pinyin` is one
 * syllable per character, separated by spaces, each with a tone number 1-5
 * (5 = neutral): "hang2 ye4".  ü may be written v, u: or ü; letters may be
 * upper case (stored lowercase, ü as v).  Blank lines and lines starting
 * with '#' are skipped; spaces around the fields are ignored. */
#ifndef LDU_LEXICON_H
#define LDU_LEXICON_H

#include <stddef.h>

#include "error.h"

/* Longest word, in characters, that a lexicon may hold. */
#define LDU_LEXICON_MAX_CHARS 32

/* Largest lexicon file accepted, in bytes. */
#define LDU_LEXICON_MAX_BYTES ((size_t)64 * 1024 * 1024)

struct ldu_lexicon;

/** Create an empty lexicon into `*out` (free with ldu_lexicon_free()).
 *  LDU_ERR_NOMEM when memory runs out. */
enum ldu_status ldu_lexicon_new(struct ldu_lexicon **out);

/** Free `lex` and everything it holds; NULL is a no-op. */
void ldu_lexicon_free(struct ldu_lexicon *lex);

/** Read the file at `path` into `lex`; its entries replace earlier ones
 *  for the same word.  Errors: LDU_ERR_IO (err->path, err->errnum) when
 *  the file cannot be read, LDU_ERR_FORMAT with err->path, err->line and
 *  err->detail for the first bad line (nothing of the file is added then),
 *  LDU_ERR_NOMEM. */
enum ldu_status ldu_lexicon_load(struct ldu_lexicon *lex, const char *path,
                                 struct ldu_error *err);

/** The same for `len` bytes of file contents in memory (copied); `name`
 *  (may be NULL) goes into err->path. */
enum ldu_status ldu_lexicon_load_mem(struct ldu_lexicon *lex,
                                     const char *data, size_t len,
                                     const char *name, struct ldu_error *err);

/** The pinyin of the `n` bytes of UTF-8 at `word`, or NULL when the word is
 *  not in the lexicon.  The string is borrowed: it stays valid until `lex`
 *  is freed. */
const char *ldu_lexicon_get(const struct ldu_lexicon *lex, const char *word,
                            size_t n);

/** Number of distinct words held. */
size_t ldu_lexicon_size(const struct ldu_lexicon *lex);

/** Characters in the longest word held (0 when empty). */
size_t ldu_lexicon_max_chars(const struct ldu_lexicon *lex);

#endif
