/* truepeak: the true peak of a stream of samples, cheaply.
 *
 * Between every two samples the signal is interpolated at three points
 * (4x oversampling, ITU-R BS.1770-4 Annex 2) with a 32-tap windowed-sinc
 * polyphase filter -- but only where it can matter: where one of the two
 * samples reaches half (-6 dB) of the highest sample seen so far.  An
 * inter-sample peak more than 6 dB above both of its neighbours needs
 * energy at the Nyquist frequency that speech does not have, so the
 * result equals full oversampling for langdu's audio at a few per cent
 * of its cost (libebur128's true-peak mode oversamples every sample and
 * was half of a whole run's time).  Used by master.c; prints nothing. */
#ifndef LDU_TRUEPEAK_H
#define LDU_TRUEPEAK_H

#include <stddef.h>
#include <stdint.h>

#define LDU_TP_TAPS 32
#define LDU_TP_RING 64 /* power of two >= LDU_TP_TAPS */

struct ldu_truepeak {
  double coef[3][LDU_TP_TAPS]; /* phases 1/4, 2/4, 3/4 */
  int32_t ring[LDU_TP_RING];   /* the last samples */
  uint64_t n;                  /* samples in */
  int32_t sample_peak;         /* highest |sample| */
  double peak;                 /* highest interpolated value, 1.0 = full */
};

/** Start (or restart) `t`. */
void ldu_truepeak_init(struct ldu_truepeak *t);

/** Add `n` 16-bit samples. */
void ldu_truepeak_add(struct ldu_truepeak *t, const int16_t *x, size_t n);

/** The true peak so far, linear (1.0 = full scale), including the
 *  samples still inside the filter (the stream is taken to end in
 *  silence); `t` may be added to afterwards. */
double ldu_truepeak_get(const struct ldu_truepeak *t);

#endif
