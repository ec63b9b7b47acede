/* test_crash: replay the fuzz inputs through the fuzz entry points.
 *
 * For every target of tests/fuzz/ (text, segment, normalize, reading) each
 * file of its seed corpus tests/fuzz/corpus/<target>/ and of
 * tests/crash/<target>/ (inputs that once crashed or broke an invariant)
 * goes through the target's LLVMFuzzerTestOneInput, compiled here with gcc
 * (after espeak-ng's fuzzrunner.c).  A file passes when it runs through
 * without a crash (make check adds ASan/UBSan) and without a broken
 * invariant (FUZZ_ASSERT).  Each seed corpus must be there and non-empty,
 * so the replay asserts something even while tests/crash/ is empty.
 * Run from the repository root. */
#define LDU_FUZZ_REPLAY 1

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"

#define LLVMFuzzerTestOneInput ldu_fuzz_text_one
#include "fuzz/fuzz_text.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput ldu_fuzz_segment_one
#include "fuzz/fuzz_segment.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput ldu_fuzz_normalize_one
#include "fuzz/fuzz_normalize.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput ldu_fuzz_reading_one
#define LLVMFuzzerInitialize ldu_fuzz_reading_init
#include "fuzz/fuzz_reading.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize

#include "test.h"

typedef int (*replay_fn)(const uint8_t *data, size_t size);

struct replay_target {
  const char *name;
  replay_fn fn;
};

/* Largest file replayed (fuzz inputs are far smaller). */
#define REPLAY_MAX ((size_t)16 << 20)

/* Read `path` into a malloc'ed buffer; NULL on error. */
static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *data = NULL;
  size_t cap = 0;
  size_t n = 0;
  if (f == NULL)
    return NULL;
  for (;;) {
    size_t got;
    if (n == cap) {
      unsigned char *p;
      size_t ncap = cap == 0 ? 4096 : cap * 2;
      if (ncap > REPLAY_MAX) {
        free(data);
        data = NULL;
        goto out;
      }
      p = realloc(data, ncap);
      if (p == NULL) {
        free(data);
        data = NULL;
        goto out;
      }
      data = p;
      cap = ncap;
    }
    got = fread(data + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  if (ferror(f)) {
    free(data);
    data = NULL;
    goto out;
  }
  *len = n;
out:
  fclose(f);
  return data;
}

/* Replay every regular file in `dir` through `t`; returns the count, or
 * -1 when the folder cannot be read (a missing folder counts 0). */
static long replay_dir(const struct replay_target *t, const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  long count = 0;
  if (d == NULL)
    return errno == ENOENT ? 0 : -1;
  for (;;) {
    char path[4096];
    unsigned char *data;
    size_t len = 0;
    int before;
    int n;
    errno = 0;
    e = readdir(d);
    if (e == NULL)
      break;
    if (e->d_name[0] == '.')
      continue; /* ., .., .gitkeep */
    n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (n < 0 || (size_t)n >= sizeof path) {
      CHECK(!"path too long");
      continue;
    }
    data = read_all(path, &len);
    if (data == NULL) {
      fprintf(stderr, "%s: cannot read\n", path);
      CHECK(data != NULL);
      continue;
    }
    before = fuzz_assert_failed;
    t->fn(data, len);
    if (fuzz_assert_failed == before) {
      test_passed++;
    } else {
      test_failed++;
      fprintf(stderr, "%s: fuzz_%s: invariant broken\n", path, t->name);
    }
    free(data);
    count++;
  }
  closedir(d);
  return count;
}

int main(void) {
  static const struct replay_target targets[] = {
      {"text", ldu_fuzz_text_one},
      {"segment", ldu_fuzz_segment_one},
      {"normalize", ldu_fuzz_normalize_one},
      {"reading", ldu_fuzz_reading_one},
  };
  int argc = 0;
  char **argv = NULL;
  size_t i;

  ldu_fuzz_reading_init(&argc, &argv);
  for (i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    char dir[256];
    long seeds;
    long crashes;
    snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", targets[i].name);
    seeds = replay_dir(&targets[i], dir);
    if (seeds <= 0)
      fprintf(stderr, "%s: no seed corpus (run from the repository root)\n",
              dir);
    CHECK(seeds > 0);
    snprintf(dir, sizeof dir, "tests/crash/%s", targets[i].name);
    crashes = replay_dir(&targets[i], dir);
    CHECK(crashes >= 0);
    fprintf(stderr, "fuzz_%s: %ld seeds, %ld crash inputs replayed\n",
            targets[i].name, seeds, crashes);
  }
  ldu_lexicon_free(reading_lex);
  return test_summary();
}
