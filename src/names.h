/* names: what listeners and file systems see -- file name slugs and
 * chapter titles made from the article's text. */
#ifndef LDU_NAMES_H
#define LDU_NAMES_H

#include <stddef.h>

/* Longest slug, in bytes (a UTF-8 sequence is never cut). */
#define LDU_SLUG_MAX 60
/* Longest chapter title, in characters (code points). */
#define LDU_TITLE_MAX 40

/** A file-name-safe slug of `text`: letters, digits and Han characters
 *  kept, ASCII lowercased, every other run (spaces, punctuation, `/`, `.`,
 *  control characters) one `-`, no leading or trailing `-`, at most
 *  LDU_SLUG_MAX bytes; "section" when nothing is left.  Returns a string
 *  the caller frees, NULL when out of memory. */
char *ldu_slug(const char *text);

/** A short chapter title from `text`: its first clause (up to the first
 *  clause or sentence punctuation, extended by the next clause while it is
 *  very short), at most LDU_TITLE_MAX characters, ending in "…" when cut.
 *  Returns a string the caller frees, NULL when out of memory. */
char *ldu_chapter_title(const char *text);

/** Like ldu_chapter_title() but keeps the whole text up to the limit
 *  (headings, sentence chapters). */
char *ldu_short_title(const char *text);

#endif
