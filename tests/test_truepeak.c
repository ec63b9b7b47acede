/* test_truepeak: the selective true-peak meter against libebur128's full
 * 4x oversampling, on signals where inter-sample peaks matter. */
#include <ebur128.h>
#include <math.h>
#include <stdlib.h>

#include "test.h"
#include "truepeak.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define RATE 22050
#define LEN (RATE / 2)

static double own_peak(const int16_t *x, size_t n, size_t chunk) {
  struct ldu_truepeak t;
  size_t i;
  ldu_truepeak_init(&t);
  for (i = 0; i < n; i += chunk)
    ldu_truepeak_add(&t, x + i, n - i < chunk ? n - i : chunk);
  return ldu_truepeak_get(&t);
}

/* The same filter at every interval, no skipping: what the selective
 * meter must equal. */
static double full_peak(const int16_t *x, size_t n) {
  struct ldu_truepeak t;
  double peak = 0;
  long i, k;
  int p;
  ldu_truepeak_init(&t);
  for (i = -LDU_TP_TAPS; i < (long)n + LDU_TP_TAPS; i++) {
    if (i >= 0 && i < (long)n && fabs(x[i] / 32768.0) > peak)
      peak = fabs(x[i] / 32768.0);
    for (p = 0; p < 3; p++) {
      double v = 0;
      for (k = 0; k < LDU_TP_TAPS; k++) {
        long j = i - (LDU_TP_TAPS / 2 - 1) + k;
        if (j >= 0 && j < (long)n)
          v += t.coef[p][k] * x[j] / 32768.0;
      }
      if (fabs(v) > peak)
        peak = fabs(v);
    }
  }
  return peak;
}

/* libebur128's true peak (its own, shorter filter) */
static double ebur_peak(const int16_t *x, size_t n) {
  ebur128_state *st = ebur128_init(1, RATE, EBUR128_MODE_TRUE_PEAK);
  double p = 0;
  ebur128_add_frames_short(st, x, n);
  ebur128_true_peak(st, 0, &p);
  ebur128_destroy(&st);
  return p;
}

static double db(double v) { return 20 * log10(v); }

/* the selective meter equals the full one (any chunking), is never below
 * the sample peak, and is within `tol` dB of libebur128 */
static void compare(const int16_t *x, size_t n, double tol, const char *what) {
  double a = own_peak(x, n, 4096);
  double c = own_peak(x, n, 7);
  double full = full_peak(x, n);
  double e = ebur_peak(x, n);
  double sp = 0;
  size_t i;
  for (i = 0; i < n; i++)
    if (fabs(x[i] / 32768.0) > sp)
      sp = fabs(x[i] / 32768.0);
  if (fabs(db(a) - db(e)) > tol || fabs(a - full) > 1e-9)
    fprintf(stderr, "%s: own %.3f dBTP, full %.3f, libebur128 %.3f\n", what,
            db(a), db(full), db(e));
  CHECK(fabs(a - full) <= 1e-9);
  CHECK(fabs(db(a) - db(e)) <= tol);
  CHECK(a == c);
  CHECK(a >= sp);
}

int main(void) {
  static int16_t x[LEN];
  static const double freqs[] = {100, 997, 2500, 5512.5, 7000, 9000};
  size_t f, i;
  int ph;
  unsigned r = 12345;
  /* sines whose samples straddle the crest: the sample peak is up to 3 dB
   * below the true peak */
  for (f = 0; f < sizeof freqs / sizeof freqs[0]; f++) {
    for (ph = 0; ph < 4; ph++) {
      char what[32];
      for (i = 0; i < LEN; i++) {
        /* faded in and out: an abrupt start rings (Gibbs) */
        double fade = i < 2000 ? i / 2000.0 : i >= LEN - 2000 ? (LEN - i) / 2000.0 : 1;
        x[i] = (int16_t)lrint(29000 * fade * sin(2 * M_PI * freqs[f] * i / RATE +
                                                 ph * M_PI / 8 + 0.3));
      }
      snprintf(what, sizeof what, "sine %g Hz", freqs[f]);
      compare(x, LEN, 0.15, what);
      /* and the amplitude it has (-1.06 dBFS), to 0.05 dB */
      CHECK(fabs(db(own_peak(x, LEN, 4096)) - db(29000 / 32768.0)) < 0.05);
    }
  }
  /* a lone full-scale click in silence, and one at each end */
  for (i = 0; i < LEN; i++)
    x[i] = 0;
  x[LEN / 2] = 32000;
  x[LEN / 2 + 1] = -32000;
  compare(x, LEN, 0.5, "click");
  x[0] = 32767;
  x[LEN - 1] = -32768;
  compare(x, LEN, 0.5, "ends");
  /* noise bursts under a quiet bed: speech-like crest factor */
  for (i = 0; i < LEN; i++) {
    double v;
    r = r * 1103515245u + 12345u;
    v = ((r >> 16) & 0x7fff) / 32768.0 - 0.5;
    x[i] = (int16_t)lrint(v * ((i / 2000) % 3 == 0 ? 50000 : 3000));
  }
  compare(x, LEN, 1.0, "bursts");
  /* silence: 0, not NaN */
  for (i = 0; i < LEN; i++)
    x[i] = 0;
  CHECK(own_peak(x, LEN, 4096) == 0);
  CHECK(own_peak(x, 0, 4096) == 0);
  return test_summary();
}
