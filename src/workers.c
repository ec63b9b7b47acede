#include "workers.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "fileio.h"

/* Every job runs in a process of its own, forked from the parent for that
 * job alone: espeak-ng's output depends a little on what it said before
 * (a few samples per sentence), so a section must always start from the
 * same state -- the parent's, which never speaks -- for the files to be
 * the same whatever the number of jobs.
 *
 * Messages from a worker: a type byte, a 64-bit length, the payload.
 *   'P'  progress: payload is a 64-bit unit count
 *   'R'  result: a 32-bit status and a struct ldu_error, then a second
 *        'R' message with the job's bytes */
enum { MSG_PROGRESS = 'P', MSG_RESULT = 'R' };

/* Largest result accepted from a worker. */
#define RESULT_MAX ((uint64_t)256 * 1024 * 1024)

struct ldu_worker {
  int out_fd;        /* to the parent; -1 in-process */
  ldu_progress_fn progress;
  void *user;
};

struct slot {
  pid_t pid;         /* -1 when free */
  int res_fd;        /* worker -> parent */
  long job;          /* its job */
};

static int send_msg(int fd, char type, const void *a, size_t na,
                    const void *b, size_t nb) {
  uint64_t len = (uint64_t)na + nb;
  if (ldu_write_all(fd, &type, 1) || ldu_write_all(fd, &len, sizeof len) ||
      (na && ldu_write_all(fd, a, na)) || (nb && ldu_write_all(fd, b, nb)))
    return -1;
  return 0;
}

void ldu_worker_progress(struct ldu_worker *w, long units) {
  int64_t u = units;
  if (w == NULL)
    return;
  if (w->out_fd < 0) {
    if (w->progress != NULL)
      w->progress(w->user, units);
    return;
  }
  send_msg(w->out_fd, MSG_PROGRESS, &u, sizeof u, NULL, 0);
}

int ldu_workers_default(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    return 1;
  return n > 256 ? 256 : (int)n;
}

/* In the worker: do job `index`, send the result, return. */
static void worker_main(size_t index, int res_fd, ldu_job_fn job,
                        void *user) {
  struct ldu_worker w;
  struct ldu_buf result;
  struct ldu_error err;
  int32_t status;
  w.out_fd = res_fd;
  w.progress = NULL;
  w.user = NULL;
  ldu_buf_init(&result, (size_t)RESULT_MAX);
  ldu_error_clear(&err);
  status = (int32_t)job(user, &w, index, &result, &err);
  if (send_msg(res_fd, MSG_RESULT, &status, sizeof status, &err,
               sizeof err) == 0)
    send_msg(res_fd, MSG_RESULT, result.data, result.len, NULL, 0);
  ldu_buf_free(&result);
}

/* Read one message; the payload (malloc'd) goes to *data.  1 ok, 0 end of
 * file, -1 error. */
static int read_msg(int fd, char *type, char **data, uint64_t *len) {
  int r = ldu_read_all(fd, type, 1);
  *data = NULL;
  if (r != 1)
    return r;
  if (ldu_read_all(fd, len, sizeof *len) != 1 || *len > RESULT_MAX)
    return -1;
  *data = malloc(*len + 1);
  if (*data == NULL)
    return -1;
  if (*len > 0 && ldu_read_all(fd, *data, *len) != 1) {
    free(*data);
    *data = NULL;
    return -1;
  }
  (*data)[*len] = '\0';
  return 1;
}

/* Fork the worker for job `index` into the free slot `s`. */
static int start_job(struct slot *s, size_t index, ldu_job_fn job,
                     void *user) {
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  s->pid = fork();
  if (s->pid == 0) {
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    worker_main(index, fds[1], job, user);
    _exit(0);
  }
  close(fds[1]);
  if (s->pid < 0) {
    close(fds[0]);
    return -1;
  }
  /* a signal that ends langdu ends the worker too, and langdu waits for
   * it to remove its temporaries (cleanup.h) */
  ldu_cleanup_add_pid(s->pid);
  s->res_fd = fds[0];
  s->job = (long)index;
  return 0;
}

/* Reap the worker of slot `s`; 0 when it exited cleanly. */
static int finish_job(struct slot *s) {
  int status = 0;
  close(s->res_fd);
  s->res_fd = -1;
  while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
    ;
  ldu_cleanup_forget_pid(s->pid);
  s->pid = -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

enum ldu_status ldu_workers_run(size_t n, int nproc, ldu_job_fn job,
                                ldu_done_fn done, ldu_progress_fn progress,
                                void *user, struct ldu_error *err) {
  struct slot *slots = NULL;
  struct pollfd *pfd = NULL;
  enum ldu_status st = LDU_OK;
  size_t next = 0;
  size_t nslots;
  size_t i;

  if (nproc < 1)
    nproc = 1;
  if (n == 0)
    return LDU_OK;
  nslots = (size_t)nproc < n ? (size_t)nproc : n;
  slots = calloc(nslots, sizeof *slots);
  pfd = calloc(nslots, sizeof *pfd);
  if (slots == NULL || pfd == NULL) {
    free(slots);
    free(pfd);
    return LDU_ERR_NOMEM;
  }
  for (i = 0; i < nslots; i++) {
    slots[i].pid = -1;
    slots[i].res_fd = -1;
  }
  for (;;) {
    size_t busy = 0;
    /* fill free slots while there is work and nothing failed */
    for (i = 0; i < nslots; i++) {
      if (slots[i].pid < 0 && next < n && st == LDU_OK) {
        if (start_job(&slots[i], next, job, user) != 0) {
          st = ldu_error_set(err, LDU_ERR_IO, "fork", errno);
          break;
        }
        next++;
      }
    }
    for (i = 0; i < nslots; i++) {
      pfd[i].fd = slots[i].pid >= 0 ? slots[i].res_fd : -1;
      pfd[i].events = POLLIN;
      pfd[i].revents = 0;
      if (slots[i].pid >= 0)
        busy++;
    }
    if (busy == 0)
      break;
    if (poll(pfd, nslots, -1) < 0) {
      if (errno == EINTR)
        continue;
      if (st == LDU_OK)
        st = ldu_error_set(err, LDU_ERR_IO, "worker pipes", errno);
      for (i = 0; i < nslots; i++)
        if (slots[i].pid >= 0) {
          kill(slots[i].pid, SIGTERM);
          finish_job(&slots[i]);
        }
      break;
    }
    for (i = 0; i < nslots; i++) {
      char type;
      char *data;
      uint64_t len;
      int r;
      int ok = 0;
      if (pfd[i].fd < 0 || pfd[i].revents == 0)
        continue;
      r = read_msg(slots[i].res_fd, &type, &data, &len);
      if (r == 1 && type == MSG_PROGRESS && len == sizeof(int64_t)) {
        int64_t u;
        memcpy(&u, data, sizeof u);
        if (progress != NULL)
          progress(user, (long)u);
        free(data);
        continue;
      }
      if (r == 1 && type == MSG_RESULT &&
          len == sizeof(int32_t) + sizeof(struct ldu_error)) {
        int32_t status;
        struct ldu_error werr;
        char *bytes = NULL;
        uint64_t blen;
        char btype;
        memcpy(&status, data, sizeof status);
        memcpy(&werr, data + sizeof status, sizeof werr);
        werr.path[sizeof werr.path - 1] = '\0';
        werr.detail[sizeof werr.detail - 1] = '\0';
        if (read_msg(slots[i].res_fd, &btype, &bytes, &blen) == 1 &&
            btype == MSG_RESULT) {
          ok = 1;
          if (status != LDU_OK && st == LDU_OK) {
            st = (enum ldu_status)status;
            if (err != NULL)
              *err = werr;
          } else if (status == LDU_OK && st == LDU_OK) {
            st = done(user, (size_t)slots[i].job, bytes, (size_t)blen);
          }
        }
        free(bytes);
      }
      free(data);
      if (finish_job(&slots[i]) != 0)
        ok = 0;
      if (!ok && st == LDU_OK) {
        st = ldu_error_set(err, LDU_ERR_SYNTH, NULL, 0);
        ldu_error_detail(err, "a worker process stopped unexpectedly");
      }
    }
  }
  free(slots);
  free(pfd);
  return st;
}
