/* Loudness: gain and limiter reach the target without passing the true
 * peak, keep the length, pass audio through untouched when off, and
 * leave no spool file behind. */
#include <dirent.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio.h"
#include "master.h"
#include "test.h"

#define RATE 22050
#define SECONDS 6
#define PI 3.14159265358979323846

/* A quiet tone with loud clicks: needs +dB of gain and a limiter. */
static void signal(int16_t *pcm, size_t n, double amp, int clicks) {
  size_t i;
  for (i = 0; i < n; i++) {
    double t = (double)i / RATE;
    double env = 0.5 + 0.5 * sin(2 * PI * 3 * t); /* syllables */
    pcm[i] = (int16_t)lrint(amp * env * sin(2 * PI * 220 * t));
    if (clicks && i % 5000 < 3)
      pcm[i] = i % 2 ? 32000 : -32000;
  }
}

static size_t files_in(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t n = 0;
  if (d == NULL)
    return 0;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      n++;
  closedir(d);
  return n;
}

static const struct {
  const char *name;
  double amp;
  int clicks;
  int normalise;
  double target;
} cases[] = {
    {"quiet tone, clicks", 2000, 1, 1, -16.0},
    {"loud tone", 30000, 0, 1, -16.0},
    {"quiet tone, -23", 3000, 0, 1, -23.0},
    {"off", 2000, 1, 0, -16.0},
    {"silence", 0, 0, 1, -16.0},
};

static void run_case(const char *dir, size_t c) {
  struct ldu_master_opts mo;
  struct ldu_master *m = NULL;
  struct ldu_audio_opts ao;
  struct ldu_audio *a = NULL;
  struct ldu_loudness li;
  char path[600];
  size_t n = (size_t)RATE * SECONDS;
  int16_t *in = calloc(n, sizeof *in);
  int16_t *back = calloc(n + 1, sizeof *back);
  SF_INFO info;
  SNDFILE *sf;
  size_t i;

  CHECK(in != NULL && back != NULL);
  if (in == NULL || back == NULL)
    goto out;
  signal(in, n, cases[c].amp, cases[c].clicks);
  memset(&mo, 0, sizeof mo);
  mo.rate = RATE;
  mo.normalise = cases[c].normalise;
  mo.target_lufs = cases[c].target;
  mo.max_true_peak = LDU_TRUE_PEAK_MAX;
  mo.margin_db = 0.3;
  mo.spool_dir = dir;
  CHECK_INT(ldu_master_new(&mo, &m, NULL), LDU_OK);
  if (m == NULL)
    goto out;
  CHECK_INT(files_in(dir), 0); /* the spool is unlinked at once */
  CHECK_INT(ldu_master_begin(m, NULL), LDU_OK);
  for (i = 0; i < n; i += 1000)
    CHECK_INT(ldu_master_write(m, in + i, n - i < 1000 ? n - i : 1000, NULL),
              LDU_OK);
  snprintf(path, sizeof path, "%s/out.wav", dir);
  memset(&ao, 0, sizeof ao);
  ao.format = LDU_FORMAT_WAV;
  ao.rate = RATE;
  ao.quality = -1;
  CHECK_INT(ldu_audio_open(path, &ao, &a, NULL), LDU_OK);
  CHECK_INT(ldu_master_end(m, a, &li, NULL), LDU_OK);
  CHECK_INT(ldu_audio_frames(a), n);
  CHECK_INT(ldu_audio_close(a, NULL, NULL, 0, NULL), LDU_OK);
  if (cases[c].normalise && cases[c].amp > 0) {
    CHECK(fabs(li.output_lufs - cases[c].target) < 0.3);
    CHECK(li.output_peak <= LDU_TRUE_PEAK_MAX - 0.2);
    if (fabs(li.output_lufs - cases[c].target) >= 0.3 ||
        li.output_peak > LDU_TRUE_PEAK_MAX - 0.2)
      fprintf(stderr, "  %s: %.2f LUFS, %.2f dBTP\n", cases[c].name,
              li.output_lufs, li.output_peak);
  }
  memset(&info, 0, sizeof info);
  sf = sf_open(path, SFM_READ, &info);
  CHECK(sf != NULL);
  if (sf != NULL) {
    CHECK_INT(info.frames, n);
    CHECK_INT(sf_readf_short(sf, back, (sf_count_t)n + 1), n);
    sf_close(sf);
  }
  if (!cases[c].normalise || cases[c].amp == 0)
    CHECK(memcmp(in, back, n * sizeof *in) == 0);
  remove(path);
out:
  ldu_master_free(m);
  CHECK_INT(files_in(dir), 0);
  free(in);
  free(back);
}

/* keep: sections one after the other, the book is both of them. */
static void test_book(const char *dir) {
  struct ldu_master_opts mo;
  struct ldu_master *m = NULL;
  struct ldu_loudness li;
  size_t n = RATE * 2;
  int16_t *pcm = calloc(n, sizeof *pcm);
  int s;
  CHECK(pcm != NULL);
  if (pcm == NULL)
    return;
  memset(&mo, 0, sizeof mo);
  mo.rate = RATE;
  mo.normalise = 1;
  mo.target_lufs = -16;
  mo.max_true_peak = -1;
  mo.margin_db = 0.3;
  mo.keep = 1;
  mo.spool_dir = dir;
  CHECK_INT(ldu_master_new(&mo, &m, NULL), LDU_OK);
  if (m == NULL) {
    free(pcm);
    return;
  }
  for (s = 0; s < 2; s++) {
    signal(pcm, n, s == 0 ? 1500 : 9000, s == 0);
    CHECK_INT(ldu_master_begin(m, NULL), LDU_OK);
    CHECK_INT(ldu_master_write(m, pcm, n, NULL), LDU_OK);
    CHECK_INT(ldu_master_end(m, NULL, &li, NULL), LDU_OK);
  }
  /* a section that fails half way is dropped */
  CHECK_INT(ldu_master_begin(m, NULL), LDU_OK);
  CHECK_INT(ldu_master_write(m, pcm, 100, NULL), LDU_OK);
  CHECK_INT(ldu_master_total(m), 2 * (int64_t)n);
  CHECK_INT(ldu_master_book(m, NULL, &li, NULL), LDU_ERR_USAGE);
  CHECK_INT(ldu_master_begin(m, NULL), LDU_OK);
  CHECK_INT(ldu_master_end(m, NULL, NULL, NULL), LDU_OK);
  CHECK_INT(ldu_master_book(m, NULL, &li, NULL), LDU_OK);
  CHECK(fabs(li.output_lufs + 16) < 0.5);
  CHECK(li.output_peak <= -1.0);
  ldu_master_free(m);
  free(pcm);
}

int main(void) {
  char dir[] = "/tmp/test_master.XXXXXX";
  size_t c;
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  for (c = 0; c < sizeof cases / sizeof cases[0]; c++)
    run_case(dir, c);
  test_book(dir);
  CHECK_INT(files_in(dir), 0);
  rmdir(dir);
  return test_summary();
}
