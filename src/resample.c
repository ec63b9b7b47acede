/* resample: a thin layer over libsamplerate's full API (src_process). */
#include "resample.h"

#include <stdlib.h>

#include <samplerate.h>

/* Input converted per src_process() call. */
#define LDU_RS_CHUNK 4096

struct ldu_resample {
  SRC_STATE *src;
  double ratio;
  float in[LDU_RS_CHUNK];
  float *out;
  size_t out_cap;
  int done; /* drained: nothing more comes out */
};

enum ldu_status ldu_resample_new(int in_rate, int out_rate,
                                 struct ldu_resample **out) {
  struct ldu_resample *r;
  int e = 0;
  *out = NULL;
  if (in_rate <= 0 || out_rate <= 0 || in_rate > 768000 || out_rate > 768000)
    return LDU_ERR_USAGE;
  r = calloc(1, sizeof *r);
  if (r == NULL)
    return LDU_ERR_NOMEM;
  r->ratio = (double)out_rate / in_rate;
  if (src_is_valid_ratio(r->ratio) == 0) {
    free(r);
    return LDU_ERR_USAGE;
  }
  r->src = src_new(SRC_SINC_FASTEST, 1, &e);
  if (r->src == NULL) {
    free(r);
    return LDU_ERR_NOMEM;
  }
  *out = r;
  return LDU_OK;
}

/* Make room for `more` output samples after `used`. */
static enum ldu_status reserve(struct ldu_resample *r, size_t used,
                               size_t more) {
  size_t want;
  float *p;
  if (more > SIZE_MAX / sizeof(float) - used)
    return LDU_ERR_NOMEM;
  want = used + more;
  if (want <= r->out_cap)
    return LDU_OK;
  if (want < 2 * r->out_cap && r->out_cap < SIZE_MAX / sizeof(float) / 2)
    want = 2 * r->out_cap;
  p = realloc(r->out, want * sizeof *p);
  if (p == NULL)
    return LDU_ERR_NOMEM;
  r->out = p;
  r->out_cap = want;
  return LDU_OK;
}

enum ldu_status ldu_resample_run(struct ldu_resample *r, const int16_t *in,
                                 size_t n, int last, const float **out,
                                 size_t *made) {
  size_t used = 0; /* output samples so far */
  size_t at = 0;   /* input samples consumed */
  enum ldu_status st = LDU_OK;
  *out = NULL;
  *made = 0;
  if (r->done)
    return n == 0 ? LDU_OK : LDU_ERR_USAGE;
  while (at < n || last) {
    SRC_DATA d;
    size_t k = n - at < LDU_RS_CHUNK ? n - at : LDU_RS_CHUNK;
    size_t room = (size_t)((double)k * r->ratio) + 256;
    int e;
    size_t j;
    for (j = 0; j < k; j++)
      r->in[j] = (float)in[at + j] / 32768.0f;
    st = reserve(r, used, room);
    if (st != LDU_OK)
      break;
    d.data_in = r->in;
    d.input_frames = (long)k;
    d.data_out = r->out + used;
    d.output_frames = (long)room;
    d.end_of_input = last && at + k == n;
    d.src_ratio = r->ratio;
    e = src_process(r->src, &d);
    if (e != 0) {
      st = LDU_ERR_ENCODE;
      break;
    }
    used += (size_t)d.output_frames_gen;
    at += (size_t)d.input_frames_used;
    if (d.end_of_input && d.input_frames_used == 0 &&
        d.output_frames_gen == 0) {
      r->done = 1;
      break;
    }
  }
  *out = r->out;
  *made = used;
  return st;
}

void ldu_resample_free(struct ldu_resample *r) {
  if (r == NULL)
    return;
  src_delete(r->src);
  free(r->out);
  free(r);
}
