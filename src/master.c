/* master: spool, loudness meter, gain and look-ahead limiter.
 *
 * The limiter: for every sample the gain it needs to stay under the
 * ceiling, r[n] = min(1, c / |x[n]|); the minimum of r over the next L
 * samples (a monotonic queue), with an exponential release; and that
 * averaged over L samples (a box filter).  The output sample x[n] is
 * multiplied by the average over r's minima of the L windows that all
 * contain n, so it never exceeds c, and the gain moves smoothly (no
 * clicks).  The delay is L - 1 samples, flushed at the end, so the output
 * has exactly as many frames as the input. */
#include "master.h"

#include <ebur128.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "truepeak.h"

#define CHUNK 4096
#define LOOKAHEAD_MS 5
#define RELEASE_MS 80
#define MAX_TRIES 8
#define MAX_GAIN_DB 30.0
/* First guesses that make one pass the rule (see settle()).  The limiter
 * takes loudness away once the peaks go more than LOSS_KNEE dB over its
 * ceiling, LOSS_SLOPE dB per dB beyond that (espeak-ng's voices: 0.87 dB
 * at 5.4 dB over, 1.58 dB at 7.0 dB over); a dB of gain is then worth
 * 1 - LOSS_SLOPE dB of loudness. */
#define INTERSAMPLE_DB 0.35
#define LOSS_KNEE 3.2
#define LOSS_SLOPE 0.44
#define SLOPE (1.0 - LOSS_SLOPE)
/* LUFS: close enough (the players' tolerance is 1; lossy encoding alone
 * moves it 0.1 to 0.5) */
#define LUFS_TOLERANCE 0.2
/* What a section of espeak-ng 1.51's voices measures before any gain, at
 * langdu's default volume: -18.7 to -19.1 LUFS, true peak 0 to +0.2 dBTP.
 * The first pass runs while the section is spoken, with the gain these
 * call for; settle() corrects it when a section differs. */
#define PRIOR_LUFS (-19.0)
#define PRIOR_PEAK 0.1

struct part {
  int64_t first;  /* frame offset in the spool */
  int64_t frames;
  double gain;    /* linear */
  double ceiling; /* int16 units; <= 0: no limiter */
};

struct limiter {
  size_t len;     /* look-ahead L, samples */
  double *x;      /* delay line, len */
  double *env;    /* the last len gains, for the box filter */
  int64_t *q_idx; /* monotonic queue of (index, r), len + 1 */
  double *q_val;
  size_t q_head;
  size_t q_count;
  size_t pos;     /* n % len */
  int64_t n;      /* samples in */
  double sum;     /* of env */
  double last;    /* last env value */
  double release; /* per-sample release coefficient */
  double ceiling;
};

/* Loudness (libebur128, gated integrated) and true peak (truepeak.c). */
struct meter {
  ebur128_state *st;
  struct ldu_truepeak tp;
};

/* One pass of a part through gain and limiter, fed in pieces. */
struct chain {
  const struct part *p;
  struct meter *meter;   /* NULL: none */
  struct ldu_audio *out; /* NULL: none */
  int save;              /* also into m->done */
  int limit;
  size_t k;              /* frames waiting in m->out */
};

struct ldu_master {
  struct ldu_master_opts o;
  FILE *f;           /* the spool, unlinked */
  FILE *done;        /* the last measured pass's output, unlinked */
  int64_t done_frames;
  char *dir;         /* for messages */
  int64_t spooled;   /* frames in the spool */
  int in_section;
  struct part cur;
  struct meter meter; /* the open section's first pass, as it is spoken */
  struct chain live;
  struct part *parts;   /* ended sections, with keep */
  size_t n_parts;
  size_t cap_parts;
  struct limiter lim;
  int16_t *in;  /* CHUNK */
  int16_t *out; /* CHUNK */
};

static double to_db(double lin) {
  return lin > 0 ? 20.0 * log10(lin) : -HUGE_VAL;
}

/* LDU_OK, or LDU_ERR_NOMEM with mt->st NULL. */
static enum ldu_status meter_open(struct meter *mt, int rate) {
  /* no EBUR128_MODE_TRUE_PEAK: it oversamples every sample and cost
   * more than all the rest of a run; truepeak.c does it where it
   * matters */
  mt->st = ebur128_init(1, (unsigned long)rate,
                        EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM);
  ldu_truepeak_init(&mt->tp);
  return mt->st != NULL ? LDU_OK : LDU_ERR_NOMEM;
}

static void meter_close(struct meter *mt) {
  if (mt->st != NULL)
    ebur128_destroy(&mt->st);
}

static enum ldu_status meter_add(struct meter *mt, const int16_t *pcm,
                                 size_t n) {
  ldu_truepeak_add(&mt->tp, pcm, n);
  return ebur128_add_frames_short(mt->st, pcm, n) == EBUR128_SUCCESS
             ? LDU_OK
             : LDU_ERR_NOMEM;
}

/* Integrated loudness and true peak of `mt`. */
static void measure(const struct meter *mt, double *lufs, double *peak) {
  *lufs = -HUGE_VAL;
  if (ebur128_loudness_global(mt->st, lufs) != EBUR128_SUCCESS)
    *lufs = -HUGE_VAL;
  *peak = to_db(ldu_truepeak_get(&mt->tp));
}

static void lim_reset(struct limiter *l, double ceiling) {
  size_t i;
  for (i = 0; i < l->len; i++) {
    l->x[i] = 0;
    l->env[i] = 1.0;
  }
  l->q_head = 0;
  l->q_count = 0;
  l->pos = 0;
  l->n = 0;
  l->sum = (double)l->len;
  l->last = 1.0;
  l->ceiling = ceiling;
}

/* (a + b) % cap for a, b < cap, without a division */
static size_t wrap(size_t a, size_t b, size_t cap) {
  size_t s = a + b;
  return s >= cap ? s - cap : s;
}

/* Push one sample; returns 1 and sets `*y` once the delay line is full. */
static int lim_step(struct limiter *l, double x, double *y) {
  size_t cap = l->len + 1;
  size_t pos = l->pos;
  double a = fabs(x);
  double r = a > l->ceiling ? l->ceiling / a : 1.0;
  double e;
  double g;
  /* sliding minimum of r over the last len samples; an empty queue is 1
   * (r = 1 is never queued: most samples are under the ceiling) */
  if (r < 1.0) {
    while (l->q_count > 0 &&
           l->q_val[wrap(l->q_head, l->q_count - 1, cap)] >= r)
      l->q_count--;
    l->q_idx[wrap(l->q_head, l->q_count, cap)] = l->n;
    l->q_val[wrap(l->q_head, l->q_count, cap)] = r;
    l->q_count++;
  }
  while (l->q_count > 0 && l->q_idx[l->q_head] + (int64_t)l->len <= l->n) {
    l->q_head = wrap(l->q_head, 1, cap);
    l->q_count--;
  }
  e = l->last + (1.0 - l->last) * l->release;
  if (l->q_count > 0 && e > l->q_val[l->q_head])
    e = l->q_val[l->q_head];
  l->last = e;
  l->sum += e - l->env[pos];
  l->env[pos] = e;
  g = l->sum / (double)l->len;
  if (g > 1.0)
    g = 1.0;
  l->x[pos] = x;
  l->n++;
  l->pos = pos + 1 == l->len ? 0 : pos + 1;
  if (l->n < (int64_t)l->len)
    return 0;
  *y = l->x[l->pos] * g;
  return 1;
}

/* Nearest (halves away from zero), clipped: inline, not lrint(), which
 * is a library call per sample. */
static int16_t to_short(double y) {
  if (y >= 32767.0)
    return 32767;
  if (y <= -32768.0)
    return -32768;
  return (int16_t)(y >= 0 ? (int)(y + 0.5) : -(int)(0.5 - y));
}

static enum ldu_status io_error(struct ldu_master *m, struct ldu_error *err) {
  int e = errno;
  ldu_error_detail(err, "temporary audio file");
  return ldu_error_set(err, LDU_ERR_IO, m->dir, e);
}

/* Emit `n` processed frames to the meter, the writer, and with `save`
 * to m->done. */
static enum ldu_status emit(struct ldu_master *m, size_t n,
                            struct meter *meter, struct ldu_audio *out,
                            int save, struct ldu_error *err) {
  if (n == 0)
    return LDU_OK;
  if (meter != NULL && meter_add(meter, m->out, n) != LDU_OK)
    return LDU_ERR_NOMEM;
  if (save) {
    if (fwrite(m->out, sizeof *m->out, n, m->done) != n)
      return io_error(m, err);
    m->done_frames += (int64_t)n;
  }
  if (out != NULL)
    return ldu_audio_write(out, m->out, n, err);
  return LDU_OK;
}

/* Start a pass of part `p`; with `save` its output also goes to m->done
 * (started over). */
static enum ldu_status chain_start(struct ldu_master *m, struct chain *c,
                                   const struct part *p, struct meter *meter,
                                   struct ldu_audio *out, int save,
                                   struct ldu_error *err) {
  c->p = p;
  c->meter = meter;
  c->out = out;
  c->save = save;
  c->limit = m->o.normalise && p->ceiling > 0;
  c->k = 0;
  if (save) {
    m->done_frames = -1; /* not valid until complete */
    if (fflush(m->done) != 0 || ftruncate(fileno(m->done), 0) != 0 ||
        fseeko(m->done, 0, SEEK_SET) != 0)
      return io_error(m, err);
    m->done_frames = 0;
  }
  if (c->limit)
    lim_reset(&m->lim, p->ceiling);
  return LDU_OK;
}

/* Put `n` samples of the part through the pass. */
static enum ldu_status chain_push(struct ldu_master *m, struct chain *c,
                                  const int16_t *in, size_t n,
                                  struct ldu_error *err) {
  const struct part *p = c->p;
  enum ldu_status st = LDU_OK;
  size_t i;
  double y;
  for (i = 0; i < n && st == LDU_OK; i++) {
    if (!m->o.normalise) {
      m->out[c->k++] = in[i];
    } else if (!c->limit) {
      m->out[c->k++] = to_short(in[i] * p->gain);
    } else if (lim_step(&m->lim, in[i] * p->gain, &y)) {
      m->out[c->k++] = to_short(y);
    }
    if (c->k == CHUNK) {
      st = emit(m, c->k, c->meter, c->out, c->save, err);
      c->k = 0;
    }
  }
  return st;
}

/* End the pass: empty the limiter's delay line. */
static enum ldu_status chain_end(struct ldu_master *m, struct chain *c,
                                 struct ldu_error *err) {
  enum ldu_status st = LDU_OK;
  size_t i;
  double y;
  for (i = 1; c->limit && i < m->lim.len && st == LDU_OK; i++) {
    if (lim_step(&m->lim, 0.0, &y))
      m->out[c->k++] = to_short(y);
    if (c->k == CHUNK) {
      st = emit(m, c->k, c->meter, c->out, c->save, err);
      c->k = 0;
    }
  }
  if (st == LDU_OK)
    st = emit(m, c->k, c->meter, c->out, c->save, err);
  c->k = 0;
  return st;
}

/* Run part `p` of the spool through its gain and limiter; with `save`
 * the result also goes to m->done (started over). */
static enum ldu_status run_pass(struct ldu_master *m, const struct part *p,
                                struct meter *meter, struct ldu_audio *out,
                                int save, struct ldu_error *err) {
  struct chain c;
  int64_t left = p->frames;
  enum ldu_status st;

  if (fseeko(m->f, (off_t)(p->first * 2), SEEK_SET) != 0)
    return io_error(m, err);
  st = chain_start(m, &c, p, meter, out, save, err);
  while (left > 0 && st == LDU_OK) {
    size_t want = left > CHUNK ? CHUNK : (size_t)left;
    if (fread(m->in, sizeof *m->in, want, m->f) != want)
      return io_error(m, err);
    left -= (int64_t)want;
    st = chain_push(m, &c, m->in, want, err);
  }
  if (st == LDU_OK)
    st = chain_end(m, &c, err);
  return st;
}

/* Run `p` into a fresh meter, and into `out` when not NULL, else into
 * m->done. */
static enum ldu_status pass_measure(struct ldu_master *m, const struct part *p,
                                    struct ldu_audio *out, double *lufs,
                                    double *peak, struct ldu_error *err) {
  struct meter meter;
  enum ldu_status st = meter_open(&meter, m->o.rate);
  if (st == LDU_OK)
    st = run_pass(m, p, &meter, out, out == NULL, err);
  if (st == LDU_OK)
    measure(&meter, lufs, peak);
  meter_close(&meter);
  return st;
}

/* Write m->done (a complete measured pass) into `out`. */
static enum ldu_status replay(struct ldu_master *m, struct ldu_audio *out,
                              struct ldu_error *err) {
  int64_t left = m->done_frames;
  enum ldu_status st = LDU_OK;
  if (out == NULL) /* only measured: nothing to copy */
    return LDU_OK;
  if (fflush(m->done) != 0 || fseeko(m->done, 0, SEEK_SET) != 0)
    return io_error(m, err);
  while (left > 0 && st == LDU_OK) {
    size_t want = left > CHUNK ? CHUNK : (size_t)left;
    if (fread(m->out, sizeof *m->out, want, m->done) != want)
      return io_error(m, err);
    left -= (int64_t)want;
    st = ldu_audio_write(out, m->out, want, err);
  }
  return st;
}

/* An unlinked temporary file in `dir`, opened w+b; NULL (errno). */
static FILE *spool_file(const char *dir) {
  struct ldu_buf tmpl;
  FILE *f = NULL;
  int fd, slot;
  ldu_buf_init(&tmpl, 1 << 16);
  if (ldu_buf_printf(&tmpl, "%s/.langdu-spool-XXXXXX", dir) != LDU_OK) {
    errno = ENOMEM;
    ldu_buf_free(&tmpl);
    return NULL;
  }
  fd = ldu_cleanup_mkstemp(tmpl.data, &slot);
  if (fd >= 0) {
    /* gone from the folder at once: nothing is left behind, whatever
     * happens to the process */
    unlink(tmpl.data);
    ldu_cleanup_forget(slot);
    f = fdopen(fd, "w+b");
    if (f == NULL) {
      int e = errno;
      close(fd);
      errno = e;
    }
  }
  ldu_buf_free(&tmpl);
  return f;
}

enum ldu_status ldu_master_new(const struct ldu_master_opts *opts,
                               struct ldu_master **out,
                               struct ldu_error *err) {
  struct ldu_master *m = NULL;
  enum ldu_status st = LDU_ERR_NOMEM;
  size_t len;

  *out = NULL;
  if (opts == NULL || opts->rate <= 0 || opts->spool_dir == NULL)
    return LDU_ERR_USAGE;
  m = calloc(1, sizeof *m);
  if (m == NULL)
    goto out;
  m->o = *opts;
  len = (size_t)opts->rate * LOOKAHEAD_MS / 1000;
  if (len < 2)
    len = 2;
  m->lim.len = len;
  m->lim.release = 1.0 - exp(-1.0 / (RELEASE_MS / 1000.0 * opts->rate));
  m->lim.x = calloc(len, sizeof *m->lim.x);
  m->lim.env = calloc(len, sizeof *m->lim.env);
  m->lim.q_idx = calloc(len + 1, sizeof *m->lim.q_idx);
  m->lim.q_val = calloc(len + 1, sizeof *m->lim.q_val);
  m->in = calloc(CHUNK, sizeof *m->in);
  m->out = calloc(CHUNK, sizeof *m->out);
  m->dir = strdup(opts->spool_dir);
  if (m->lim.x == NULL || m->lim.env == NULL || m->lim.q_idx == NULL ||
      m->lim.q_val == NULL || m->in == NULL || m->out == NULL ||
      m->dir == NULL)
    goto out;
  m->o.spool_dir = m->dir;
  m->f = spool_file(opts->spool_dir);
  if (m->f != NULL)
    m->done = spool_file(opts->spool_dir);
  if (m->f == NULL || m->done == NULL) {
    st = io_error(m, err);
    goto out;
  }
  *out = m;
  m = NULL;
  st = LDU_OK;
out:
  ldu_master_free(m);
  return st;
}

void ldu_master_free(struct ldu_master *m) {
  if (m == NULL)
    return;
  if (m->f != NULL)
    fclose(m->f);
  if (m->done != NULL)
    fclose(m->done);
  meter_close(&m->meter);
  free(m->parts);
  free(m->lim.x);
  free(m->lim.env);
  free(m->lim.q_idx);
  free(m->lim.q_val);
  free(m->in);
  free(m->out);
  free(m->dir);
  free(m);
}

/* The true peak a file may reach, dBTP. */
static double want_peak(const struct ldu_master *m) {
  return m->o.max_true_peak - m->o.margin_db;
}

/* The gain (dB) that takes input of `in_lufs` and true peak `in_peak` to
 * the target once a limiter at `ceil_db` has taken its share:
 * G - LOSS_SLOPE * (in_peak + G - ceil_db - LOSS_KNEE) = target - in_lufs */
static double first_gain(const struct ldu_master *m, double in_lufs,
                         double in_peak, double ceil_db) {
  double d = m->o.target_lufs - in_lufs;
  double over = in_peak + d - ceil_db - LOSS_KNEE;
  double g = d;
  if (over > 0)
    g = d + LOSS_SLOPE * over / (1.0 - LOSS_SLOPE);
  return g > MAX_GAIN_DB ? MAX_GAIN_DB : g;
}

enum ldu_status ldu_master_begin(struct ldu_master *m,
                                 struct ldu_error *err) {
  enum ldu_status st;
  if (m->in_section) {
    /* the last section failed half way: drop what it spooled */
    meter_close(&m->meter);
    m->spooled = m->cur.first;
    m->in_section = 0;
  }
  if (!m->o.keep) {
    /* one section at a time: start the spool over */
    if (fflush(m->f) != 0 || ftruncate(fileno(m->f), 0) != 0)
      return io_error(m, err);
    m->spooled = 0;
  }
  if (fseeko(m->f, (off_t)(m->spooled * 2), SEEK_SET) != 0)
    return io_error(m, err);
  if (meter_open(&m->meter, m->o.rate) != LDU_OK)
    return LDU_ERR_NOMEM;
  memset(&m->cur, 0, sizeof m->cur);
  m->cur.first = m->spooled;
  m->cur.gain = 1.0;
  if (m->o.normalise) {
    double ceil_db = want_peak(m) - INTERSAMPLE_DB;
    m->cur.gain =
        pow(10.0, first_gain(m, PRIOR_LUFS, PRIOR_PEAK, ceil_db) / 20.0);
    m->cur.ceiling = 32767.0 * pow(10.0, ceil_db / 20.0);
  }
  /* the first pass, as the section is spoken */
  st = chain_start(m, &m->live, &m->cur, &m->meter, NULL, 1, err);
  if (st != LDU_OK) {
    meter_close(&m->meter);
    return st;
  }
  m->in_section = 1;
  return LDU_OK;
}

enum ldu_status ldu_master_write(struct ldu_master *m, const int16_t *pcm,
                                 size_t frames, struct ldu_error *err) {
  if (!m->in_section || (pcm == NULL && frames > 0))
    return LDU_ERR_USAGE;
  if (frames == 0)
    return LDU_OK;
  if (fwrite(pcm, sizeof *pcm, frames, m->f) != frames)
    return io_error(m, err);
  m->cur.frames += (int64_t)frames;
  m->spooled += (int64_t)frames;
  return chain_push(m, &m->live, pcm, frames, err);
}

/* m->cur measured `*lufs` and `*peak` (its output is in m->done): while
 * that misses the target or the peak, change its gain and ceiling and run
 * it again.  On LDU_OK m->done holds m->cur's output and `*lufs`, `*peak`
 * are what it measures. */
static enum ldu_status settle(struct ldu_master *m, double *lufs,
                              double *peak, struct ldu_error *err) {
  double want = want_peak(m);
  double gain_db = to_db(m->cur.gain);
  double ceil_db = to_db(m->cur.ceiling / 32767.0);
  double prev_gain = 0;
  double prev_lufs = -HUGE_VAL;
  enum ldu_status st = LDU_OK;
  int tries;

  for (tries = 1; st == LDU_OK; tries++) {
    int ok_peak = *peak <= want + 0.05;
    int ok_lufs = !isfinite(*lufs) ||
                  fabs(*lufs - m->o.target_lufs) <= LUFS_TOLERANCE ||
                  (gain_db >= MAX_GAIN_DB && *lufs < m->o.target_lufs);
    if ((ok_peak && ok_lufs) || tries >= MAX_TRIES)
      break;
    if (!ok_peak)
      ceil_db -= *peak - want + 0.05;
    if (!ok_lufs) {
      /* the limiter takes back part of any gain: a dB of gain is worth
       * `slope` dB of loudness, from the last two passes (secant) when
       * they differ, else a typical SLOPE for speech into the ceiling */
      double slope = SLOPE;
      if (isfinite(prev_lufs) && fabs(gain_db - prev_gain) > 0.01)
        slope = (*lufs - prev_lufs) / (gain_db - prev_gain);
      if (!(slope >= 0.25))
        slope = 0.25;
      if (slope > 1.0)
        slope = 1.0;
      prev_gain = gain_db;
      prev_lufs = *lufs;
      gain_db += (m->o.target_lufs - *lufs) / slope;
      if (gain_db > MAX_GAIN_DB)
        gain_db = MAX_GAIN_DB;
    }
    m->cur.gain = pow(10.0, gain_db / 20.0);
    m->cur.ceiling = 32767.0 * pow(10.0, ceil_db / 20.0);
    st = pass_measure(m, &m->cur, NULL, lufs, peak, err);
  }
  return st;
}

enum ldu_status ldu_master_end(struct ldu_master *m, struct ldu_audio *out,
                               struct ldu_loudness *info,
                               struct ldu_error *err) {
  struct ldu_loudness li;
  enum ldu_status st;

  if (!m->in_section)
    return LDU_ERR_USAGE;
  memset(&li, 0, sizeof li);
  m->in_section = 0;
  st = chain_end(m, &m->live, err);
  measure(&m->meter, &li.output_lufs, &li.output_peak);
  meter_close(&m->meter);
  if (st == LDU_OK && fflush(m->f) != 0)
    st = io_error(m, err);
  if (st == LDU_OK && m->o.normalise)
    st = settle(m, &li.output_lufs, &li.output_peak, err);
  /* the last pass measured is what the file gets */
  if (st == LDU_OK)
    st = replay(m, out, err);
  if (st != LDU_OK)
    return st;
  li.gain_db = to_db(m->cur.gain);
  li.ceiling_db = m->o.normalise ? to_db(m->cur.ceiling / 32767.0) : 0;
  if (m->o.keep) {
    if (m->n_parts == m->cap_parts) {
      size_t cap = m->cap_parts ? m->cap_parts * 2 : 16;
      struct part *p;
      if (cap > SIZE_MAX / sizeof *p)
        return LDU_ERR_NOMEM;
      p = realloc(m->parts, cap * sizeof *p);
      if (p == NULL)
        return LDU_ERR_NOMEM;
      m->parts = p;
      m->cap_parts = cap;
    }
    m->parts[m->n_parts++] = m->cur;
  }
  if (info != NULL)
    *info = li;
  return LDU_OK;
}

int64_t ldu_master_total(const struct ldu_master *m) {
  int64_t t = 0;
  size_t i;
  for (i = 0; i < m->n_parts; i++)
    t += m->parts[i].frames;
  return t;
}

enum ldu_status ldu_master_book(struct ldu_master *m, struct ldu_audio *out,
                                struct ldu_loudness *info,
                                struct ldu_error *err) {
  struct meter meter;
  struct ldu_loudness li;
  enum ldu_status st = LDU_OK;
  size_t i;

  if (!m->o.keep || m->in_section)
    return LDU_ERR_USAGE;
  if (meter_open(&meter, m->o.rate) != LDU_OK)
    return LDU_ERR_NOMEM;
  memset(&li, 0, sizeof li);
  for (i = 0; i < m->n_parts && st == LDU_OK; i++)
    st = run_pass(m, &m->parts[i], &meter, out, 0, err);
  if (st == LDU_OK) {
    measure(&meter, &li.output_lufs, &li.output_peak);
    if (info != NULL)
      *info = li;
  }
  meter_close(&meter);
  return st;
}
