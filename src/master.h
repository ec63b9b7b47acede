/* master: loudness for every file -- EBU R128 integrated loudness
 * (libebur128) and true peak (truepeak.c), a gain and a look-ahead
 * limiter.
 *
 * In constant memory, usually in one pass: while a section is spoken its
 * PCM goes to a temporary spool file (already unlinked, so it disappears
 * with the process, also on error) and, at the gain espeak-ng's voices
 * usually need, through the limiter into a meter and a second unlinked
 * file.  At the end of the section, when that measures within 0.2 LU of
 * the target and under the true-peak ceiling (the rule for langdu's own
 * voices), the second file is what the writer gets; otherwise the spool
 * is run through a corrected gain and ceiling until it does (a secant on
 * the loudness the limiter takes away; two or three passes).  With
 * `keep`, every section stays in the spool so the whole article can be
 * written once more as one book file.  Sits between narrate.c (which
 * feeds it) and audio.h (which it feeds). */
#ifndef LDU_MASTER_H
#define LDU_MASTER_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"
#include "error.h"

#define LDU_LOUDNESS_TARGET (-16.0)  /* LUFS, integrated (podcasts) */
#define LDU_TRUE_PEAK_MAX (-1.0)     /* dBTP */

struct ldu_master_opts {
  int rate;              /* Hz of the PCM */
  int normalise;         /* 0: gain 1, no limiter (--loudness off) */
  double target_lufs;    /* e.g. LDU_LOUDNESS_TARGET */
  double max_true_peak;  /* dBTP, e.g. LDU_TRUE_PEAK_MAX */
  double margin_db;      /* kept below max_true_peak (lossy codecs) */
  int keep;              /* keep every section for ldu_master_book() */
  const char *spool_dir; /* folder for the temporary file (borrowed) */
};

/* What one file measured, before and after. */
struct ldu_loudness {
  double gain_db;
  double ceiling_db;  /* the limiter's, dBFS; 0 when off */
  double output_lufs;
  double output_peak; /* true peak, dBTP */
};

struct ldu_master;

/** Create the spool file in opts->spool_dir.  On LDU_OK `*out` belongs to
 *  the caller (ldu_master_free()).  LDU_ERR_IO (path, errno) when the
 *  spool cannot be created, LDU_ERR_NOMEM, LDU_ERR_USAGE. */
enum ldu_status ldu_master_new(const struct ldu_master_opts *opts,
                               struct ldu_master **out,
                               struct ldu_error *err);

/** Free `m` and its spool; NULL is a no-op. */
void ldu_master_free(struct ldu_master *m);

/** Start a section; a section begun and never ended is dropped. */
enum ldu_status ldu_master_begin(struct ldu_master *m, struct ldu_error *err);

/** Add `frames` of the section's mono 16-bit PCM.  LDU_ERR_IO. */
enum ldu_status ldu_master_write(struct ldu_master *m, const int16_t *pcm,
                                 size_t frames, struct ldu_error *err);

/** End the section: find its gain and write it, processed, into `out`
 *  (an open writer, still the caller's; NULL: only measure).  `*info`
 *  (may be NULL) gets the numbers.  LDU_ERR_IO, LDU_ERR_NOMEM, or what
 *  the writer returns. */
enum ldu_status ldu_master_end(struct ldu_master *m, struct ldu_audio *out,
                               struct ldu_loudness *info,
                               struct ldu_error *err);

/** Frames of every ended section together (the book's length). */
int64_t ldu_master_total(const struct ldu_master *m);

/** With opts.keep: write every ended section, each with its own gain, one
 *  after the other into `out` (open, the caller's), and measure the whole
 *  into `*info` (may be NULL).  LDU_ERR_USAGE without keep. */
enum ldu_status ldu_master_book(struct ldu_master *m, struct ldu_audio *out,
                                struct ldu_loudness *info,
                                struct ldu_error *err);

#endif
