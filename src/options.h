/* options: the command line, parsed into plain data and checked.
 * main.c prints the messages and exits; this module never does. */
#ifndef LDU_OPTIONS_H
#define LDU_OPTIONS_H

#include <stddef.h>

#include "audio.h"
#include "narrate.h"
#include "segment.h"

enum ldu_action {
  LDU_ACTION_NARRATE = 0,
  LDU_ACTION_HELP,
  LDU_ACTION_VERSION,
  LDU_ACTION_DUMP_PHONEMES,
  LDU_ACTION_DUMP_PINYIN
};

struct ldu_options {
  enum ldu_action action;
  const char *input;     /* the first input: a file name or "-" */
  char *const *inputs;   /* every input (argv), n_inputs of them */
  int n_inputs;
  int jobs;              /* -j: worker processes; 0: online CPUs */
  const char *cache_dir; /* --cache DIR; NULL: the default folder */
  int no_cache;          /* --no-cache */
  const char *out_dir;   /* NULL: derived from the input name */
  const char *voice_dir; /* NULL: searched */
  const char *lexicon;   /* user lexicon file; NULL: none */
  const char *title;     /* NULL: from the article */
  const char *artist;
  const char *date;
  enum ldu_input_kind input_kind;
  enum ldu_format format;
  int bitrate_kbps; /* --bitrate (mp3, opus); 0: the format's default */
  double quality;   /* --quality Q as Q/10, 0..1 (mp3, ogg); < 0: default */
  int id3_version;  /* MP3: 4, or 3 with --id3v2.3 */
  enum ldu_chapter_mode chapters;
  int rate;
  int pitch;
  int volume;
  int pause_sentence_ms;
  int pause_paragraph_ms;
  int pause_section_ms;
  int lenient;
  size_t max_input; /* --max-input, bytes; 0: LDU_TEXT_MAX_DEFAULT */
  int quiet;
  /* sidecars and loudness (issue 5) */
  const char *author;   /* feed author; NULL: the artist */
  const char *cover;    /* cover image URL or path; NULL: none */
  const char *base_url; /* NULL: links in the feed are relative */
  int book;             /* 0, LDU_BOOK_TOO (--book), LDU_BOOK_ONLY */
  int sidecars;         /* chapters JSON, VTT, SRT, playlist, feed */
  int loudness;         /* normalise (--loudness off clears it) */
  double loudness_lufs; /* target, LUFS */
  /* talking books (issue 8); paths as given, relative to the working
   * folder like every other path */
  const char *epub;  /* --epub FILE: EPUB 3 with Media Overlays; NULL */
  const char *daisy; /* --daisy DIR: DAISY 2.02 book; NULL */
};

#define LDU_BOOK_TOO 1
#define LDU_BOOK_ONLY 2

/** Fill `o` with the defaults. */
void ldu_options_init(struct ldu_options *o);

/** Parse argv into `o` (initialised).  On a usage error returns
 *  LDU_ERR_USAGE and writes a one-line message to `msg`. */
enum ldu_status ldu_options_parse(struct ldu_options *o, int argc,
                                  char **argv, char *msg, size_t msg_size);

#endif
