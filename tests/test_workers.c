/* Worker processes: every job done once, results and progress reach the
 * parent, failures stop the run. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "workers.h"

struct state {
  int seen[64];
  int bad[64];
  long progress;
  long fail_at; /* job that fails, -1 none */
};

static enum ldu_status job(void *user, struct ldu_worker *w, size_t index,
                           struct ldu_buf *result, struct ldu_error *err) {
  struct state *s = user;
  size_t i;
  if ((long)index == s->fail_at) {
    ldu_error_set(err, LDU_ERR_IO, "job.txt", 28);
    ldu_error_detail(err, "job %zu failed", index);
    return LDU_ERR_IO;
  }
  ldu_worker_progress(w, 3);
  ldu_buf_printf(result, "job %zu:", index);
  for (i = 0; i < index * 1000; i++) /* results of many sizes */
    ldu_buf_addc(result, (char)('a' + i % 26));
  return LDU_OK;
}

static enum ldu_status done(void *user, size_t index, const char *data,
                            size_t len) {
  struct state *s = user;
  char want[32];
  size_t i;
  int n = snprintf(want, sizeof want, "job %zu:", index);
  s->seen[index]++;
  if (len != (size_t)n + index * 1000 || memcmp(data, want, (size_t)n) != 0)
    s->bad[index]++;
  for (i = 0; i < index * 1000 && (size_t)n + i < len; i++)
    if (data[n + i] != (char)('a' + i % 26))
      s->bad[index]++;
  return LDU_OK;
}

static void progress(void *user, long units) {
  struct state *s = user;
  s->progress += units;
}

int main(void) {
  static const int procs[] = {1, 2, 4, 64};
  size_t p;
  size_t i;
  for (p = 0; p < sizeof procs / sizeof procs[0]; p++) {
    struct state s;
    struct ldu_error err;
    int all = 1;
    memset(&s, 0, sizeof s);
    s.fail_at = -1;
    CHECK_INT(ldu_workers_run(20, procs[p], job, done, progress, &s, &err),
              LDU_OK);
    for (i = 0; i < 20; i++)
      if (s.seen[i] != 1 || s.bad[i] != 0)
        all = 0;
    CHECK(all);
    CHECK_INT(s.progress, 60);
  }
  for (p = 0; p < sizeof procs / sizeof procs[0]; p++) {
    struct state s;
    struct ldu_error err;
    memset(&s, 0, sizeof s);
    s.fail_at = 5;
    ldu_error_clear(&err);
    CHECK_INT(ldu_workers_run(20, procs[p], job, done, progress, &s, &err),
              LDU_ERR_IO);
    CHECK_STR(err.path, "job.txt");
    CHECK_STR(err.detail, "job 5 failed");
    CHECK_INT(err.errnum, 28);
    CHECK_INT(s.seen[5], 0);
  }
  CHECK(ldu_workers_default() >= 1);
  return test_summary();
}
