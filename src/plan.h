/* plan: the reading plan of one sentence -- which voice says what.
 *
 * Sits between the structure (doc.h) and the synthesiser (synth.h).  A
 * sentence becomes runs; each run is spoken by one voice in one synth call
 * and may be followed by a pause.  Mandarin runs carry the text espeak-ng
 * gets: Han characters today, pinyin with tone numbers once the front end
 * fills `text` with it (LDU_RUN_PINYIN).  Latin-script runs go to the
 * English voice, never to the Mandarin one. */
#ifndef LDU_PLAN_H
#define LDU_PLAN_H

#include <stddef.h>

#include "error.h"
#include "lexicon.h"

enum ldu_voice {
  LDU_VOICE_ZH = 0, /* the Mandarin narrator */
  LDU_VOICE_EN,     /* the English narrator */
  LDU_VOICE_COUNT
};

enum ldu_run_form {
  LDU_RUN_TEXT = 0, /* written text for the voice to read */
  LDU_RUN_PINYIN    /* pinyin with tone numbers (Mandarin voice only) */
};

struct ldu_run {
  enum ldu_voice voice;
  enum ldu_run_form form;
  char *text;   /* UTF-8, owned by the plan */
  int pause_ms; /* silence after the run, 0 for none */
};

struct ldu_plan {
  struct ldu_run *runs;
  size_t n;
};

/* Pause after clause punctuation inside a sentence. */
#define LDU_PLAN_CLAUSE_PAUSE_MS 150

/** Build the reading plan of `sentence` (UTF-8) into `*plan`, which must be
 *  zeroed or freed before.  With a lexicon `lex`, Mandarin runs are turned
 *  into pinyin with tone numbers (reading.h) and get form LDU_RUN_PINYIN;
 *  with NULL they keep the Han text (LDU_RUN_TEXT).  A sentence with
 *  nothing to say gives a plan with n == 0.  Free with ldu_plan_free(). */
enum ldu_status ldu_plan_sentence(const char *sentence,
                                  const struct ldu_lexicon *lex,
                                  struct ldu_plan *plan);

/** Free the runs of `plan` and zero it. */
void ldu_plan_free(struct ldu_plan *plan);

#endif
