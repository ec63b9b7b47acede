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

/* Messages from a worker: a type byte, a 64-bit length, the payload.
 *   'P'  progress: payload is a 64-bit unit count
 *   'R'  result: a 32-bit status, a struct ldu_error, then the job's bytes
 * To a worker: a 64-bit job number; end of file means "no more jobs". */
enum { MSG_PROGRESS = 'P', MSG_RESULT = 'R' };

/* Largest result accepted from a worker. */
#define RESULT_MAX ((uint64_t)256 * 1024 * 1024)

struct ldu_worker {
  int out_fd;        /* to the parent; -1 in-process */
  ldu_progress_fn progress;
  void *user;
};

struct slot {
  pid_t pid;
  int job_fd;        /* parent -> worker */
  int res_fd;        /* worker -> parent */
  long job;          /* running job, -1 when idle */
};

static int write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    ssize_t k = write(fd, c, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return -1;
    c += k;
    n -= (size_t)k;
  }
  return 0;
}

/* 1 read, 0 end of file before anything, -1 error or short read */
static int read_all(int fd, void *p, size_t n) {
  char *c = p;
  size_t got = 0;
  while (got < n) {
    ssize_t k = read(fd, c + got, n - got);
    if (k < 0 && errno == EINTR)
      continue;
    if (k < 0)
      return -1;
    if (k == 0)
      return got == 0 ? 0 : -1;
    got += (size_t)k;
  }
  return 1;
}

static int send_msg(int fd, char type, const void *a, size_t na,
                    const void *b, size_t nb) {
  uint64_t len = (uint64_t)na + nb;
  if (write_all(fd, &type, 1) || write_all(fd, &len, sizeof len) ||
      (na && write_all(fd, a, na)) || (nb && write_all(fd, b, nb)))
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

/* The worker's loop: take job numbers until end of file. */
static void worker_main(int job_fd, int res_fd, ldu_job_fn job, void *user) {
  struct ldu_worker w;
  struct ldu_buf result;
  struct ldu_error err;
  uint64_t index;
  int r;
  w.out_fd = res_fd;
  w.progress = NULL;
  w.user = NULL;
  ldu_buf_init(&result, (size_t)RESULT_MAX);
  while ((r = read_all(job_fd, &index, sizeof index)) == 1) {
    int32_t status;
    ldu_buf_reset(&result);
    ldu_error_clear(&err);
    status = (int32_t)job(user, &w, (size_t)index, &result, &err);
    if (send_msg(res_fd, MSG_RESULT, &status, sizeof status, &err,
                 sizeof err) != 0)
      break;
    /* the job's bytes follow as a message of their own */
    if (send_msg(res_fd, MSG_RESULT, result.data, result.len, NULL, 0) != 0)
      break;
  }
  ldu_buf_free(&result);
}

static enum ldu_status run_inline(size_t n, ldu_job_fn job, ldu_done_fn done,
                                  ldu_progress_fn progress, void *user,
                                  struct ldu_error *err) {
  struct ldu_worker w;
  struct ldu_buf result;
  enum ldu_status st = LDU_OK;
  size_t i;
  w.out_fd = -1;
  w.progress = progress;
  w.user = user;
  ldu_buf_init(&result, (size_t)RESULT_MAX);
  for (i = 0; i < n && st == LDU_OK; i++) {
    ldu_buf_reset(&result);
    st = job(user, &w, i, &result, err);
    if (st == LDU_OK)
      st = done(user, i, result.data ? result.data : "", result.len);
  }
  ldu_buf_free(&result);
  return st;
}

/* Read one message; the payload (malloc'd) goes to *data.  1 ok, 0 end of
 * file, -1 error. */
static int read_msg(int fd, char *type, char **data, uint64_t *len) {
  int r = read_all(fd, type, 1);
  *data = NULL;
  if (r != 1)
    return r;
  if (read_all(fd, len, sizeof *len) != 1 || *len > RESULT_MAX)
    return -1;
  *data = malloc(*len + 1);
  if (*data == NULL)
    return -1;
  if (*len > 0 && read_all(fd, *data, *len) != 1) {
    free(*data);
    *data = NULL;
    return -1;
  }
  (*data)[*len] = '\0';
  return 1;
}

static int give_job(struct slot *s, size_t index) {
  uint64_t i = index;
  if (write_all(s->job_fd, &i, sizeof i) != 0)
    return -1;
  s->job = (long)index;
  return 0;
}

static void stop_slot(struct slot *s) {
  if (s->job_fd >= 0)
    close(s->job_fd);
  s->job_fd = -1;
}

enum ldu_status ldu_workers_run(size_t n, int nproc, ldu_job_fn job,
                                ldu_done_fn done, ldu_progress_fn progress,
                                void *user, struct ldu_error *err) {
  struct slot *slots = NULL;
  struct pollfd *pfd = NULL;
  enum ldu_status st = LDU_OK;
  size_t next = 0;
  size_t nslots;
  size_t live = 0;
  size_t i;

  if (nproc <= 1 || n <= 1)
    return run_inline(n, job, done, progress, user, err);
  nslots = (size_t)nproc < n ? (size_t)nproc : n;
  slots = calloc(nslots, sizeof *slots);
  pfd = calloc(nslots, sizeof *pfd);
  if (slots == NULL || pfd == NULL) {
    free(slots);
    free(pfd);
    return LDU_ERR_NOMEM;
  }
  for (i = 0; i < nslots; i++) {
    int to[2];
    int from[2];
    slots[i].pid = -1;
    slots[i].job_fd = -1;
    slots[i].res_fd = -1;
    slots[i].job = -1;
    if (pipe(to) != 0)
      break;
    if (pipe(from) != 0) {
      close(to[0]);
      close(to[1]);
      break;
    }
    slots[i].pid = fork();
    if (slots[i].pid == 0) {
      size_t k;
      /* the child: only its own two pipe ends stay open */
      for (k = 0; k < i; k++) {
        if (slots[k].job_fd >= 0)
          close(slots[k].job_fd);
        close(slots[k].res_fd);
      }
      close(to[1]);
      close(from[0]);
      signal(SIGPIPE, SIG_IGN);
      worker_main(to[0], from[1], job, user);
      _exit(0);
    }
    close(to[0]);
    close(from[1]);
    if (slots[i].pid < 0) {
      close(to[1]);
      close(from[0]);
      break;
    }
    /* a signal that ends langdu ends the worker too (cleanup.h) */
    ldu_cleanup_add_pid(slots[i].pid);
    slots[i].job_fd = to[1];
    slots[i].res_fd = from[0];
    live++;
  }
  if (live == 0) {
    free(slots);
    free(pfd);
    return run_inline(n, job, done, progress, user, err);
  }
  /* first round of jobs */
  for (i = 0; i < live && next < n; i++)
    if (give_job(&slots[i], next) == 0)
      next++;
  for (i = 0; i < live; i++)
    if (slots[i].job < 0)
      stop_slot(&slots[i]);

  for (;;) {
    size_t busy = 0;
    for (i = 0; i < live; i++) {
      pfd[i].fd = slots[i].job >= 0 ? slots[i].res_fd : -1;
      pfd[i].events = POLLIN;
      pfd[i].revents = 0;
      if (slots[i].job >= 0)
        busy++;
    }
    if (busy == 0)
      break;
    if (poll(pfd, live, -1) < 0) {
      if (errno == EINTR)
        continue;
      st = ldu_error_set(err, LDU_ERR_IO, "worker pipes", errno);
      break;
    }
    for (i = 0; i < live; i++) {
      char type;
      char *data;
      uint64_t len;
      int r;
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
        char *bytes;
        uint64_t blen;
        char btype;
        memcpy(&status, data, sizeof status);
        memcpy(&werr, data + sizeof status, sizeof werr);
        free(data);
        werr.path[sizeof werr.path - 1] = '\0';
        werr.detail[sizeof werr.detail - 1] = '\0';
        if (read_msg(slots[i].res_fd, &btype, &bytes, &blen) != 1 ||
            btype != MSG_RESULT) {
          free(bytes);
          r = -1;
        } else {
          size_t index = (size_t)slots[i].job;
          slots[i].job = -1;
          if (status != LDU_OK && st == LDU_OK) {
            st = (enum ldu_status)status;
            if (err != NULL)
              *err = werr;
          } else if (st == LDU_OK) {
            st = done(user, index, bytes, (size_t)blen);
          }
          free(bytes);
          if (st == LDU_OK && next < n && give_job(&slots[i], next) == 0)
            next++;
          if (slots[i].job < 0)
            stop_slot(&slots[i]);
          continue;
        }
      }
      free(data);
      /* end of file or garbage: the worker died */
      if (st == LDU_OK) {
        st = ldu_error_set(err, LDU_ERR_SYNTH, NULL, 0);
        ldu_error_detail(err, "a worker process stopped unexpectedly");
      }
      slots[i].job = -1;
      stop_slot(&slots[i]);
    }
    if (st != LDU_OK) {
      /* hand out nothing more; running jobs finish */
      next = n;
    }
  }
  for (i = 0; i < live; i++) {
    int status;
    stop_slot(&slots[i]);
    close(slots[i].res_fd);
    while (waitpid(slots[i].pid, &status, 0) < 0 && errno == EINTR)
      ;
    ldu_cleanup_forget_pid(slots[i].pid);
    if (st == LDU_OK && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
      st = ldu_error_set(err, LDU_ERR_SYNTH, NULL, 0);
      ldu_error_detail(err, "a worker process failed");
    }
  }
  free(slots);
  free(pfd);
  return st;
}
