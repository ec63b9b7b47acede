/* truepeak: selective 4x oversampled peak (see truepeak.h). */
#include "truepeak.h"

#include <math.h>
#include <string.h>

#define HALF (LDU_TP_TAPS / 2)
#define MASK (LDU_TP_RING - 1)

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* sinc(u) under a Hann window reaching zero at |u| = HALF */
static double kernel(double u) {
  double s = u == 0 ? 1.0 : sin(M_PI * u) / (M_PI * u);
  double w = fabs(u) >= HALF ? 0.0 : 0.5 + 0.5 * cos(M_PI * u / HALF);
  return s * w;
}

void ldu_truepeak_init(struct ldu_truepeak *t) {
  int p, k;
  memset(t, 0, sizeof *t);
  /* the window holds x[n-TAPS+1..n]; the interval interpolated is between
   * its samples HALF-1 and HALF, at HALF-1 + p/4 */
  for (p = 1; p <= 3; p++)
    for (k = 0; k < LDU_TP_TAPS; k++)
      t->coef[p - 1][k] = kernel((double)(HALF - 1) + p / 4.0 - k);
}

/* Interpolate the interval whose window ends at sample `end` (ring
 * index), between window samples HALF-1 and HALF. */
static void interval(struct ldu_truepeak *t, uint64_t end) {
  const int32_t *r = t->ring;
  double w[LDU_TP_TAPS];
  int p, k;
  for (k = 0; k < LDU_TP_TAPS; k++)
    w[k] = r[(end - (LDU_TP_TAPS - 1) + (uint64_t)k) & MASK] / 32768.0;
  for (p = 0; p < 3; p++) {
    double v = 0;
    for (k = 0; k < LDU_TP_TAPS; k++)
      v += t->coef[p][k] * w[k];
    v = fabs(v);
    if (v > t->peak)
      t->peak = v;
  }
}

static int32_t iabs(int32_t v) { return v < 0 ? -v : v; }

void ldu_truepeak_add(struct ldu_truepeak *t, const int16_t *x, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    int32_t v = x[i];
    uint64_t at = t->n++;
    t->ring[at & MASK] = v;
    if (iabs(v) > t->sample_peak)
      t->sample_peak = iabs(v);
    /* the interval between samples at-HALF and at-HALF+1 is now covered
     * by a full window; it is worth interpolating when one of them
     * reaches half the highest sample (before the stream the ring holds
     * zeros: a slot is first written LDU_TP_RING - LDU_TP_TAPS + 1
     * samples after a window last reads it as silence) */
    if (at >= HALF - 1) {
      int32_t thr = t->sample_peak / 2;
      if (thr > 0 && (iabs(t->ring[(at - HALF) & MASK]) >= thr ||
                      iabs(t->ring[(at - HALF + 1) & MASK]) >= thr))
        interval(t, at);
    }
  }
}

double ldu_truepeak_get(const struct ldu_truepeak *t) {
  struct ldu_truepeak c = *t;
  int16_t zero = 0;
  int i;
  /* the last HALF-1 intervals need samples after the end: silence */
  for (i = 0; i < HALF; i++)
    ldu_truepeak_add(&c, &zero, 1);
  return c.peak > c.sample_peak / 32768.0 ? c.peak : c.sample_peak / 32768.0;
}
