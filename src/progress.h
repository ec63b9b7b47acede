/* progress: what a long run tells the user on stderr.
 *
 * On a terminal, one line that rewrites itself: sections and sentences
 * done, elapsed time and an estimate of what is left.  Elsewhere (a log, a
 * pipe) one plain line per finished section and no control characters.
 * Writes only to the FILE it is given. */
#ifndef LDU_PROGRESS_H
#define LDU_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

struct ldu_progress;

/** Start reporting to `f` (borrowed) about `sections` sections holding
 *  `sentences` sentences.  `tty`: rewrite one line.  `quiet`: say
 *  nothing.  Returns NULL when out of memory (then nothing is reported). */
struct ldu_progress *ldu_progress_new(FILE *f, int tty, int quiet,
                                      size_t sections, size_t sentences);

/** `n` more sentences are done. */
void ldu_progress_sentences(struct ldu_progress *p, long n);

/** A section's file is complete: `file` (shown), `seconds` of audio. */
void ldu_progress_section(struct ldu_progress *p, const char *file,
                          double seconds);

/** End the line (terminal) and free `p`; NULL is a no-op. */
void ldu_progress_free(struct ldu_progress *p);

#endif
