/* synth: the espeak-ng driver.
 *
 * Speaks the runs of a reading plan (plan.h) with libespeak-ng in
 * synchronous mode and hands the PCM to a sink as it comes.  Each voice is
 * one of our voice files (voices/), loaded with espeak_SetVoiceByFile();
 * switching voices is a separate synth call, never SSML.  Sample positions
 * come from espeak-ng's own counts, so times are exact.
 *
 * espeak-ng keeps global state: create one ldu_synth per process. */
#ifndef LDU_SYNTH_H
#define LDU_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "plan.h"

struct ldu_synth_opts {
  const char *voice_dir; /* folder with langdu-cmn and langdu-en */
  int rate;              /* words per minute, 80..450 */
  int pitch;             /* 0..100 */
  int volume;            /* 0..200 */
};

/* Receives PCM: mono, signed 16-bit, at ldu_synth_rate() Hz.
 * Returns 0 to go on, non-zero to stop synthesis. */
typedef int (*ldu_pcm_fn)(void *user, const int16_t *pcm, size_t frames);

struct ldu_synth;

/** Start espeak-ng and load both voices from opts->voice_dir.
 *  LDU_ERR_VOICE (err->path = the voice file) when one cannot be loaded,
 *  LDU_ERR_SYNTH when espeak-ng does not start. */
enum ldu_status ldu_synth_new(const struct ldu_synth_opts *opts,
                              struct ldu_synth **out, struct ldu_error *err);

/** Stop espeak-ng and free `s`; NULL is a no-op. */
void ldu_synth_free(struct ldu_synth *s);

/** Output sample rate in Hz (22050 for espeak-ng). */
int ldu_synth_rate(const struct ldu_synth *s);

/** Speak one run.  PCM goes to `sink` (NULL: discarded).  `*frames` (may be
 *  NULL) gets the number of frames produced.  When `phonemes` is not NULL
 *  the phoneme mnemonics espeak-ng produced are appended to it, as
 *  `espeak-ng -q -x --sep=' '` prints them, clauses joined by a space, an
 *  English run wrapped as "(en) ... (cmn)".  The run's pause is not
 *  included: the caller adds silence. */
enum ldu_status ldu_synth_run(struct ldu_synth *s, const struct ldu_run *run,
                              ldu_pcm_fn sink, void *user,
                              struct ldu_buf *phonemes, int64_t *frames,
                              struct ldu_error *err);

/** Send `ms` milliseconds of silence to `sink`; `*frames` gets the count. */
enum ldu_status ldu_synth_silence(struct ldu_synth *s, int ms, ldu_pcm_fn sink,
                                  void *user, int64_t *frames);

#endif
