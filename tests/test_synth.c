/* The espeak-ng driver: voices, PCM, phoneme traces, silence. */
#include <stdlib.h>
#include <string.h>

#include "synth.h"
#include "test.h"

static int count(void *user, const int16_t *pcm, size_t frames) {
  int64_t *n = user;
  size_t i;
  int loud = 0;
  for (i = 0; i < frames; i++)
    if (pcm[i] > 1000 || pcm[i] < -1000)
      loud = 1;
  *n += (int64_t)frames;
  if (loud)
    n[1] = 1;
  return 0;
}

static int stop(void *user, const int16_t *pcm, size_t frames) {
  (void)user;
  (void)pcm;
  (void)frames;
  return 1;
}

int main(void) {
  struct ldu_synth_opts o = {"voices", 165, 50, 100};
  struct ldu_synth_opts missing = {"no/such/dir", 165, 50, 100};
  struct ldu_synth *s = NULL;
  struct ldu_error err;
  struct ldu_run zh = {LDU_VOICE_ZH, LDU_RUN_TEXT, "你好", 0};
  struct ldu_run py = {LDU_VOICE_ZH, LDU_RUN_PINYIN, "hang2 ye4", 0};
  struct ldu_run en = {LDU_VOICE_EN, LDU_RUN_TEXT, "Claude Code", 0};
  struct ldu_buf ph;
  int64_t n[2] = {0, 0};
  int64_t frames = -1;

  ldu_error_clear(&err);
  CHECK_INT(ldu_synth_new(&missing, &s, &err), LDU_ERR_VOICE);
  CHECK(s == NULL);
  CHECK(strstr(err.path, "no/such/dir/langdu-") != NULL);

  CHECK_INT(ldu_synth_new(&o, &s, &err), LDU_OK);
  if (s == NULL)
    return test_summary();
  CHECK_INT(ldu_synth_rate(s), 22050);

  /* Mandarin: Han characters read as Mandarin syllables */
  ldu_buf_init(&ph, 1 << 16);
  CHECK_INT(ldu_synth_run(s, &zh, count, n, &ph, &frames, &err), LDU_OK);
  CHECK(frames > 11025);
  CHECK_INT(n[0], frames);
  CHECK(n[1] == 1);
  CHECK_STR(ph.data, "n 'i35 _|  X 'Au214 _|");

  /* pinyin with tone numbers, read by the same voice */
  ldu_buf_reset(&ph);
  CHECK_INT(ldu_synth_run(s, &py, NULL, NULL, &ph, NULL, &err), LDU_OK);
  CHECK_STR(ph.data, "X 'a35 N _|  j 'iE51 _|");

  /* English: the English voice, wrapped for the scorer */
  ldu_buf_reset(&ph);
  CHECK_INT(ldu_synth_run(s, &en, NULL, NULL, &ph, &frames, &err), LDU_OK);
  CHECK_STR(ph.data, "(en) k l 'O: d  k 'oU d (cmn)");
  CHECK(frames > 0);

  /* and back to Mandarin: the same phonemes as the first time */
  ldu_buf_reset(&ph);
  CHECK_INT(ldu_synth_run(s, &zh, NULL, NULL, &ph, NULL, &err), LDU_OK);
  CHECK_STR(ph.data, "n 'i35 _|  X 'Au214 _|");

  /* a sink that refuses stops synthesis with an error */
  CHECK_INT(ldu_synth_run(s, &zh, stop, NULL, NULL, NULL, &err),
            LDU_ERR_ENCODE);

  /* silence: exact frame counts */
  n[0] = 0;
  CHECK_INT(ldu_synth_silence(s, 1000, count, n, &frames), LDU_OK);
  CHECK_INT(frames, 22050);
  CHECK_INT(n[0], 22050);
  CHECK_INT(ldu_synth_silence(s, 0, count, n, &frames), LDU_OK);
  CHECK_INT(frames, 0);

  ldu_buf_free(&ph);
  ldu_synth_free(s);
  return test_summary();
}
