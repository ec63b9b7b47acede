/* The sentence cache: round trips, misses, damaged entries, aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "test.h"

struct got {
  int16_t pcm[10000];
  size_t n;
};

static int collect(void *user, const int16_t *pcm, size_t frames) {
  struct got *g = user;
  if (g->n + frames > sizeof g->pcm / sizeof g->pcm[0])
    return 1;
  memcpy(g->pcm + g->n, pcm, frames * sizeof *pcm);
  g->n += frames;
  return 0;
}

static const char *KEY =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

int main(void) {
  char dir[] = "/tmp/langdu-cache-XXXXXX";
  char sub[64];
  char path[256];
  struct ldu_cache *c = NULL;
  struct ldu_cache_entry *e = NULL;
  struct ldu_error err;
  struct got g;
  int16_t pcm[5000];
  int64_t frames;
  int hit = -1;
  size_t i;
  FILE *f;

  for (i = 0; i < 5000; i++)
    pcm[i] = (int16_t)(i * 7 - 17000);
  if (mkdtemp(dir) == NULL)
    return 1;
  snprintf(sub, sizeof sub, "%s/a/b", dir);
  CHECK_INT(ldu_cache_open(sub, &c, &err), LDU_OK);
  if (c == NULL)
    return test_summary();

  /* a miss calls nothing */
  g.n = 0;
  CHECK_INT(ldu_cache_get(c, KEY, collect, &g, &frames, &hit, &err), LDU_OK);
  CHECK_INT(hit, 0);
  CHECK_INT(g.n, 0);

  /* an aborted entry stays a miss and leaves nothing behind */
  CHECK_INT(ldu_cache_entry_begin(c, KEY, &e, &err), LDU_OK);
  CHECK_INT(ldu_cache_entry_write(e, pcm, 100), LDU_OK);
  ldu_cache_entry_abort(e);
  CHECK_INT(ldu_cache_get(c, KEY, collect, &g, &frames, &hit, &err), LDU_OK);
  CHECK_INT(hit, 0);

  /* written in pieces, read back whole */
  CHECK_INT(ldu_cache_entry_begin(c, KEY, &e, &err), LDU_OK);
  CHECK_INT(ldu_cache_entry_write(e, pcm, 3000), LDU_OK);
  CHECK_INT(ldu_cache_entry_write(e, pcm + 3000, 2000), LDU_OK);
  CHECK_INT(ldu_cache_entry_commit(e, &err), LDU_OK);
  g.n = 0;
  CHECK_INT(ldu_cache_get(c, KEY, collect, &g, &frames, &hit, &err), LDU_OK);
  CHECK_INT(hit, 1);
  CHECK_INT(frames, 5000);
  CHECK_INT(g.n, 5000);
  CHECK(memcmp(g.pcm, pcm, sizeof pcm) == 0);

  /* a truncated entry is a miss, and nothing reaches the sink */
  snprintf(path, sizeof path, "%s/01/%s.pcm", sub, KEY);
  CHECK(truncate(path, 16 + 2 * 4000) == 0);
  g.n = 0;
  CHECK_INT(ldu_cache_get(c, KEY, collect, &g, &frames, &hit, &err), LDU_OK);
  CHECK_INT(hit, 0);
  CHECK_INT(g.n, 0);

  /* garbage is a miss */
  f = fopen(path, "wb");
  if (f != NULL) {
    fputs("not a cache entry at all", f);
    fclose(f);
  }
  CHECK_INT(ldu_cache_get(c, KEY, collect, &g, &frames, &hit, &err), LDU_OK);
  CHECK_INT(hit, 0);

  /* an empty sentence is a valid entry */
  CHECK_INT(ldu_cache_entry_begin(c, KEY, &e, &err), LDU_OK);
  CHECK_INT(ldu_cache_entry_commit(e, &err), LDU_OK);
  CHECK_INT(ldu_cache_get(c, KEY, collect, &g, &frames, &hit, &err), LDU_OK);
  CHECK_INT(hit, 1);
  CHECK_INT(frames, 0);

  ldu_cache_free(c);
  /* a cache folder that cannot be made */
  CHECK_INT(ldu_cache_open("/proc/no/such/langdu", &c, &err), LDU_ERR_IO);
  CHECK(strstr(err.path, "/proc/no/such") != NULL);

  snprintf(path, sizeof path, "rm -rf '%s'", dir);
  CHECK(system(path) == 0);
  return test_summary();
}
