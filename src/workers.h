/* workers: render sections on N worker processes.
 *
 * espeak-ng keeps global state, so parallel synthesis means processes: one
 * synthesiser per worker.  Each job runs in a process forked for it alone,
 * so it starts from the parent's state whatever ran before; at most N run
 * at once.  The parent receives each job's result as bytes, in whatever
 * order jobs finish; callers make the output independent of that order. */
#ifndef LDU_WORKERS_H
#define LDU_WORKERS_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

struct ldu_worker;

/* Runs in a worker (or in-process with one worker): do job `index`, put
 * what the parent needs into `result`.  May call ldu_worker_progress(). */
typedef enum ldu_status (*ldu_job_fn)(void *user, struct ldu_worker *w,
                                      size_t index, struct ldu_buf *result,
                                      struct ldu_error *err);

/* Runs in the parent when job `index` is done, with its result bytes. */
typedef enum ldu_status (*ldu_done_fn)(void *user, size_t index,
                                       const char *data, size_t len);

/* Runs in the parent for progress: `units` more units of work done. */
typedef void (*ldu_progress_fn)(void *user, long units);

/** Run jobs 0..n-1, each in a new process, up to `nproc` at once.  `done`
 *  is called once per job that succeeded.  The first failure stops the
 *  starting of jobs; running ones finish; its status and `err` are
 *  returned.  Worker processes that die (a signal) are reported as
 *  LDU_ERR_SYNTH. */
enum ldu_status ldu_workers_run(size_t n, int nproc, ldu_job_fn job,
                                ldu_done_fn done, ldu_progress_fn progress,
                                void *user, struct ldu_error *err);

/** From inside a job: report `units` of progress to the parent. */
void ldu_worker_progress(struct ldu_worker *w, long units);

/** Number of online CPUs (at least 1). */
int ldu_workers_default(void);

#endif
