/* narrate: speak one section of a doc into one audio file.
 *
 * The loop of the pipeline: for every sentence, its reading plan (plan.h)
 * goes through the synthesiser (synth.h) into the section's audio writer
 * (audio.h), with pauses after sentences, paragraphs and the section.
 * Sentence and chapter times are counted in sample frames as espeak-ng
 * delivers them. */
#ifndef LDU_NARRATE_H
#define LDU_NARRATE_H

#include <stdint.h>
#include <stdio.h>

#include "audio.h"
#include "buf.h"
#include "cache.h"
#include "doc.h"
#include "error.h"
#include "lexicon.h"
#include "master.h"
#include "synth.h"

enum ldu_chapter_mode {
  LDU_CHAPTERS_PARAGRAPH = 0, /* one chapter per paragraph (default) */
  LDU_CHAPTERS_SENTENCE,      /* one per sentence */
  LDU_CHAPTERS_NONE
};

struct ldu_narrate_opts {
  const char *out_dir;
  struct ldu_audio_opts audio;    /* rate is filled in from the synth */
  enum ldu_chapter_mode chapters;
  int pause_sentence_ms;
  int pause_paragraph_ms;
  int pause_section_ms;
  const char *artist; /* tag; may be NULL */
  const char *album;  /* tag: the article's title */
  const char *date;   /* tag; may be NULL */
  const struct ldu_lexicon *lexicon; /* readings; NULL: Han text as is */
  /* loudness (master.h): PCM goes through it into the writer, opened
   * once the section is spoken; NULL: straight into the writer */
  struct ldu_master *master;
  int no_file; /* with master: measure only, write no file (--book-only) */
  /* the sentence cache (cache.h); NULL: synthesise everything.
   * cache_salt: what else changes the audio (version, voices, rate...) */
  struct ldu_cache *cache;
  const char *cache_salt;
  /* called after each sentence, for progress; may be NULL */
  void (*on_sentence)(void *user);
  void *on_sentence_user;
};

struct ldu_span {
  int64_t start; /* frames */
  int64_t end;
};

/* What one section became. */
struct ldu_section_out {
  char *file;   /* file name inside out_dir, e.g. "01-intro.wav" */
  char *title;  /* the section's title (heading, or its first clause) */
  int64_t frames;
  struct ldu_chapter *chapters; /* titles owned here */
  size_t n_chapters;
  struct ldu_span *sents;      /* one per sentence of the section */
  size_t n_sents;
  struct ldu_loudness loudness; /* with opts->master */
  long synthesised; /* sentences spoken by espeak-ng */
  long cached;      /* sentences taken from the cache */
};

/** Speak section `index` of `doc` into a new file in opts->out_dir and
 *  fill `*out` (free with ldu_section_out_free()). */
enum ldu_status ldu_narrate_section(struct ldu_synth *synth,
                                    const struct ldu_doc *doc, size_t index,
                                    const struct ldu_narrate_opts *opts,
                                    struct ldu_section_out *out,
                                    struct ldu_error *err);

/** Free what `out` owns and zero it. */
void ldu_section_out_free(struct ldu_section_out *out);

/** Append `out` to `b` as bytes that ldu_section_out_unpack() reads back
 *  (to move it between processes). */
enum ldu_status ldu_section_out_pack(const struct ldu_section_out *out,
                                     struct ldu_buf *b);

/** Read what ldu_section_out_pack() wrote into `*out` (free with
 *  ldu_section_out_free()); LDU_ERR_FORMAT when the bytes are damaged. */
enum ldu_status ldu_section_out_unpack(const char *p, size_t n,
                                       struct ldu_section_out *out);

/** The whole article as one file, "00-<slug>.<ext>" in opts->out_dir:
 *  the `n` sections in `secs`, spoken through `master` (made with keep),
 *  one after the other, one chapter per section titled as the section.
 *  Fills `*out` like a section (sentence spans counted from the book's
 *  start; free with ldu_section_out_free()).  `rate` is the PCM's. */
enum ldu_status ldu_narrate_book(struct ldu_master *master,
                                 const struct ldu_doc *doc,
                                 const struct ldu_section_out *secs,
                                 size_t n, const struct ldu_narrate_opts *opts,
                                 int rate, struct ldu_section_out *out,
                                 struct ldu_error *err);

/** No audio: write one line per sentence of `doc` to `f`, the sentence, a
 *  TAB, and the phonemes espeak-ng produced for it (synth.h).  `lex` as in
 *  ldu_plan_sentence(). */
enum ldu_status ldu_narrate_dump_phonemes(struct ldu_synth *synth,
                                          const struct ldu_doc *doc,
                                          const struct ldu_lexicon *lex,
                                          FILE *f, struct ldu_error *err);

/** No audio, no synthesiser: write one line per sentence of `doc` to `f`,
 *  the sentence, a TAB, and its reading plan: the pinyin of Mandarin runs
 *  and English runs as "[en: text]", separated by spaces.  LDU_ERR_IO when
 *  writing fails, LDU_ERR_NOMEM. */
enum ldu_status ldu_narrate_dump_pinyin(const struct ldu_doc *doc,
                                        const struct ldu_lexicon *lex,
                                        FILE *f, struct ldu_error *err);

#endif
