/* cleanup: output files appear complete or not at all.
 *
 * Every file langdu writes (audio via audio.c, the manifest, sidecars) is
 * written to a temporary name in its own folder, DIR/.NAME.tmp-PID, and
 * renamed over DIR/NAME when it is complete, so an existing output is only
 * ever replaced by a complete new one, and a symlink at DIR/NAME is
 * replaced, never followed.  The temporaries live in a small registry;
 * main.c installs handlers for SIGINT, SIGTERM and SIGHUP that remove
 * every registered temporary (and signal registered worker processes) and
 * end the process with 128 + the signal (130, 143, 129).  Sits under every
 * writer; prints nothing. */
#ifndef LDU_CLEANUP_H
#define LDU_CLEANUP_H

#include <sys/types.h>

#include "error.h"

/* Temporaries (and worker processes) registered at once, at most. */
#define LDU_CLEANUP_SLOTS 64
/* Longest temporary path, in bytes with the NUL. */
#define LDU_CLEANUP_PATH 4096

/** Install the signal handlers described above, and ignore SIGXFSZ, so a
 *  file size limit shows as a write error (EFBIG) that the writers report
 *  and clean up after.  LDU_ERR_IO (errno) when sigaction fails. */
enum ldu_status ldu_cleanup_install(void);

/** Remove every temporary this process still has registered (an error
 *  path's last resort; each writer removes its own on failure). */
void ldu_cleanup_run(void);

/** Register the temporary file `path` (a writer's own, e.g. from mkstemp)
 *  for removal on a signal; returns its slot, or -1 when the registry is
 *  full or the path too long.  Forget it once renamed or removed. */
int ldu_cleanup_add(const char *path);

/** mkstemp(`tmpl`) and register the file it creates, with the handled
 *  signals blocked in between, so no signal can leave it behind.  Returns
 *  the open descriptor (and its slot in `*slot`, -1 when the registry is
 *  full), or -1 with errno set when mkstemp fails. */
int ldu_cleanup_mkstemp(char *tmpl, int *slot);

/** Forget slot `slot` (-1 is a no-op). */
void ldu_cleanup_forget(int slot);

/** Register worker process `pid`: a signal that ends this process is
 *  passed on to it first.  LDU_ERR_NOMEM when the registry is full. */
enum ldu_status ldu_cleanup_add_pid(pid_t pid);

/** Forget worker process `pid` (after waitpid); unknown pids are ignored. */
void ldu_cleanup_forget_pid(pid_t pid);

/* A file being written atomically.  Zero it (or let ldu_atomic_begin fill
 * it); the strings belong to it. */
struct ldu_atomic {
  char *path; /* the final name */
  char *tmp;  /* DIR/.NAME.tmp-PID, registered while it exists */
  int slot;   /* registry slot, -1 when none */
};

/** Create the temporary for `path` (empty, mode 0666 & ~umask, opened with
 *  O_CREAT | O_EXCL | O_NOFOLLOW, so no symlink is followed) and register
 *  it.  A stale temporary of the same name (a dead process with the same
 *  pid) is removed first.  With `fd` non-NULL the temporary stays open for
 *  writing and `*fd` is the caller's to close; else it is closed and the
 *  writer opens a->tmp by name.  Errors: LDU_ERR_IO (err: path, errno),
 *  LDU_ERR_NOMEM (also when the registry is full); `a` is then empty. */
enum ldu_status ldu_atomic_begin(struct ldu_atomic *a, const char *path,
                                 int *fd, struct ldu_error *err);

/** The temporary is complete (and closed by the writer): flush it to disk
 *  and rename it over a->path.  On failure the temporary is removed and
 *  LDU_ERR_IO returned (err: the final path, errno); `a` is emptied in
 *  every case. */
enum ldu_status ldu_atomic_commit(struct ldu_atomic *a, struct ldu_error *err);

/** Remove the temporary (if any) and empty `a`; safe on an empty `a`. */
void ldu_atomic_abort(struct ldu_atomic *a);

#endif
