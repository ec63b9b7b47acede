#include "synth.h"

#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ldu_synth {
  int rate_hz;
  int current; /* voice loaded now, -1 for none */
  char *voice_path[LDU_VOICE_COUNT];
  struct ldu_synth_opts opts;
};

/* State of one espeak_Synth call, passed as user_data. */
struct call {
  ldu_pcm_fn sink;
  void *user;
  int64_t frames;
  int stopped;
};

static const char *const voice_file[LDU_VOICE_COUNT] = {
    [LDU_VOICE_ZH] = "langdu-cmn",
    [LDU_VOICE_EN] = "langdu-en",
};

static int on_audio(short *wav, int n, espeak_EVENT *events) {
  struct call *c = NULL;
  espeak_EVENT *e;
  for (e = events; e != NULL && e->type != espeakEVENT_LIST_TERMINATED; e++) {
    if (e->user_data != NULL) {
      c = e->user_data;
      break;
    }
  }
  if (c == NULL && events != NULL)
    c = events->user_data;
  if (c == NULL || wav == NULL || n <= 0)
    return 0;
  if (c->stopped)
    return 1;
  if (c->sink != NULL && c->sink(c->user, (const int16_t *)wav, (size_t)n)) {
    c->stopped = 1;
    return 1;
  }
  c->frames += n;
  return 0;
}

static char *join_path(const char *dir, const char *name) {
  size_t a = strlen(dir);
  size_t b = strlen(name);
  char *p;
  if (a > ((size_t)-1) - b - 2)
    return NULL;
  p = malloc(a + b + 2);
  if (p == NULL)
    return NULL;
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

enum ldu_status ldu_synth_new(const struct ldu_synth_opts *opts,
                              struct ldu_synth **out, struct ldu_error *err) {
  struct ldu_synth *s;
  enum ldu_status st = LDU_OK;
  int v;
  FILE *f;

  *out = NULL;
  s = calloc(1, sizeof *s);
  if (s == NULL)
    return LDU_ERR_NOMEM;
  s->opts = *opts;
  s->current = -1;
  for (v = 0; v < LDU_VOICE_COUNT; v++) {
    s->voice_path[v] = join_path(opts->voice_dir, voice_file[v]);
    if (s->voice_path[v] == NULL) {
      st = LDU_ERR_NOMEM;
      goto out;
    }
    /* espeak-ng's own message for a missing file is vague: check first */
    f = fopen(s->voice_path[v], "r");
    if (f == NULL) {
      st = ldu_error_set(err, LDU_ERR_VOICE, s->voice_path[v], 0);
      ldu_error_detail(err, "voice file not found; use --voices DIR or "
                            "set LANGDU_VOICES");
      goto out;
    }
    fclose(f);
  }
  s->rate_hz = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL,
                                 espeakINITIALIZE_DONT_EXIT);
  if (s->rate_hz <= 0) {
    st = ldu_error_set(err, LDU_ERR_SYNTH, NULL, 0);
    ldu_error_detail(err, "espeak-ng did not start (is espeak-ng-data "
                          "installed?)");
    goto out;
  }
  espeak_SetSynthCallback(on_audio);
  for (v = LDU_VOICE_COUNT - 1; v >= 0; v--) {
    if (espeak_SetVoiceByFile(s->voice_path[v]) != EE_OK) {
      st = ldu_error_set(err, LDU_ERR_VOICE, s->voice_path[v], 0);
      ldu_error_detail(err, "espeak-ng cannot load this voice file");
      goto out;
    }
  }
  s->current = -1; /* the first run sets the parameters */
out:
  if (st != LDU_OK) {
    ldu_synth_free(s);
    return st;
  }
  *out = s;
  return LDU_OK;
}

void ldu_synth_free(struct ldu_synth *s) {
  int v;
  if (s == NULL)
    return;
  if (s->rate_hz > 0)
    espeak_Terminate();
  for (v = 0; v < LDU_VOICE_COUNT; v++)
    free(s->voice_path[v]);
  free(s);
}

int ldu_synth_rate(const struct ldu_synth *s) { return s->rate_hz; }

static enum ldu_status use_voice(struct ldu_synth *s, enum ldu_voice v,
                                 struct ldu_error *err) {
  if (s->current == (int)v)
    return LDU_OK;
  if (espeak_SetVoiceByFile(s->voice_path[v]) != EE_OK) {
    s->current = -1;
    return ldu_error_set(err, LDU_ERR_VOICE, s->voice_path[v], 0);
  }
  /* parameters belong to the voice: set them after every switch */
  espeak_SetParameter(espeakRATE, s->opts.rate, 0);
  espeak_SetParameter(espeakPITCH, s->opts.pitch, 0);
  espeak_SetParameter(espeakVOLUME, s->opts.volume, 0);
  s->current = (int)v;
  return LDU_OK;
}

/* Append espeak-ng's phoneme trace (one line per clause) as one line. */
static enum ldu_status add_trace(struct ldu_buf *out, const char *trace,
                                 size_t n, enum ldu_voice v) {
  enum ldu_status st = LDU_OK;
  size_t i = 0;
  int wrote = 0;
  if (out->len > 0)
    st = ldu_buf_addc(out, ' ');
  if (st == LDU_OK && v == LDU_VOICE_EN)
    st = ldu_buf_adds(out, "(en) ");
  while (st == LDU_OK && i < n) {
    size_t end = i;
    size_t a;
    size_t b;
    while (end < n && trace[end] != '\n')
      end++;
    a = i;
    b = end;
    while (a < b && trace[a] == ' ')
      a++;
    while (b > a && trace[b - 1] == ' ')
      b--;
    if (b > a) {
      if (wrote)
        st = ldu_buf_addc(out, ' ');
      if (st == LDU_OK)
        st = ldu_buf_add(out, trace + a, b - a);
      wrote = 1;
    }
    i = end + 1;
  }
  if (st == LDU_OK && v == LDU_VOICE_EN)
    st = ldu_buf_adds(out, " (cmn)");
  return st;
}

enum ldu_status ldu_synth_run(struct ldu_synth *s, const struct ldu_run *run,
                              ldu_pcm_fn sink, void *user,
                              struct ldu_buf *phonemes, int64_t *frames,
                              struct ldu_error *err) {
  struct call c;
  char *trace = NULL;
  size_t trace_len = 0;
  FILE *tf = NULL;
  enum ldu_status st;
  espeak_ERROR e;

  c.sink = sink;
  c.user = user;
  c.frames = 0;
  c.stopped = 0;
  if (frames != NULL)
    *frames = 0;
  st = use_voice(s, run->voice, err);
  if (st != LDU_OK)
    return st;
  if (phonemes != NULL) {
    tf = open_memstream(&trace, &trace_len);
    if (tf == NULL)
      return LDU_ERR_NOMEM;
    espeak_SetPhonemeTrace(espeakPHONEMES_SHOW | (' ' << 8), tf);
  }
  e = espeak_Synth(run->text, strlen(run->text) + 1, 0, POS_CHARACTER, 0,
                   espeakCHARS_UTF8, NULL, &c);
  if (tf != NULL) {
    espeak_SetPhonemeTrace(0, NULL);
    fclose(tf);
    if (e == EE_OK)
      st = add_trace(phonemes, trace, trace_len, run->voice);
    free(trace);
  }
  if (e != EE_OK) {
    ldu_error_detail(err, "espeak_Synth failed (%d)", (int)e);
    return LDU_ERR_SYNTH;
  }
  if (c.stopped) {
    ldu_error_detail(err, "writing the audio failed");
    return LDU_ERR_ENCODE;
  }
  if (frames != NULL)
    *frames = c.frames;
  return st;
}

enum ldu_status ldu_synth_silence(struct ldu_synth *s, int ms, ldu_pcm_fn sink,
                                  void *user, int64_t *frames) {
  static const int16_t zeros[1024];
  int64_t total = (int64_t)s->rate_hz * ms / 1000;
  int64_t left = total;
  if (frames != NULL)
    *frames = 0;
  while (left > 0) {
    size_t k = left > 1024 ? 1024 : (size_t)left;
    if (sink != NULL && sink(user, zeros, k))
      return LDU_ERR_ENCODE;
    left -= (int64_t)k;
  }
  if (frames != NULL)
    *frames = total;
  return LDU_OK;
}
