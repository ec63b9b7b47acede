/* resample: mono 16-bit PCM to float at another rate, with libsamplerate
 * (band-limited sinc interpolation).  Used for Opus, which is always
 * 48 kHz inside while espeak-ng speaks at 22050 Hz.  The output is
 * aligned with the input (no added delay): sample k of the output is at
 * time k / out_rate, and after the last call exactly
 * round(in_frames * out_rate / in_rate) frames have come out, give or take
 * one. */
#ifndef LDU_RESAMPLE_H
#define LDU_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct ldu_resample;

/** A converter from `in_rate` to `out_rate` Hz (both 1..768000).  On
 *  LDU_OK `*out` belongs to the caller: ldu_resample_free().
 *  LDU_ERR_USAGE for bad rates, LDU_ERR_NOMEM. */
enum ldu_status ldu_resample_new(int in_rate, int out_rate,
                                 struct ldu_resample **out);

/** Convert `n` samples at `in` (may be NULL when n is 0); with `last`
 *  also drain what the filter holds.  `*out` is set to the converted
 *  samples, `*made` to their number; they stay valid until the next call
 *  or ldu_resample_free().  LDU_ERR_NOMEM, LDU_ERR_ENCODE. */
enum ldu_status ldu_resample_run(struct ldu_resample *r, const int16_t *in,
                                 size_t n, int last, const float **out,
                                 size_t *made);

/** Free `r`; NULL is a no-op. */
void ldu_resample_free(struct ldu_resample *r);

#endif
