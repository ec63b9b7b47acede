/* cleanup: temporaries, their removal on signals, atomic renames (see
 * cleanup.h). */
#include "cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"

/* The registry.  These are the one set of mutable globals in langdu, and
 * they have to be: a signal handler gets no user data, and it may only
 * touch what it can reach without allocating -- fixed arrays, flags of
 * type volatile sig_atomic_t, unlink(), kill(), waitpid() and _exit(),
 * all async-signal-safe.  A slot is filled before its flag is set and its
 * flag cleared before it is reused, so the handler never sees half a
 * path.  Each slot remembers the process that registered it: after fork()
 * a worker inherits the parent's slots but only removes its own. */
enum { SLOT_FREE = 0, SLOT_FILE, SLOT_PID };
static volatile sig_atomic_t slot_kind[LDU_CLEANUP_SLOTS];
static pid_t slot_owner[LDU_CLEANUP_SLOTS];
static pid_t slot_pid[LDU_CLEANUP_SLOTS];
static char slot_path[LDU_CLEANUP_SLOTS][LDU_CLEANUP_PATH];

static void on_signal(int sig) {
  pid_t self = getpid();
  int i;
  for (i = 0; i < LDU_CLEANUP_SLOTS; i++) {
    if (slot_owner[i] != self)
      continue;
    if (slot_kind[i] == SLOT_PID)
      kill(slot_pid[i], sig);
    else if (slot_kind[i] == SLOT_FILE)
      unlink(slot_path[i]);
  }
  /* wait for the workers to remove their own temporaries: whoever waits
   * for langdu must find none left (their handler is this one: quick) */
  for (i = 0; i < LDU_CLEANUP_SLOTS; i++)
    if (slot_owner[i] == self && slot_kind[i] == SLOT_PID)
      while (waitpid(slot_pid[i], NULL, 0) < 0 && errno == EINTR)
        ;
  _exit(128 + sig);
}

enum ldu_status ldu_cleanup_install(void) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction sa;
  size_t i;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    sigaddset(&sa.sa_mask, sigs[i]);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction old;
    /* keep a signal ignored when we were started that way (nohup) */
    if (sigaction(sigs[i], NULL, &old) != 0)
      return LDU_ERR_IO;
    if (old.sa_handler == SIG_IGN)
      continue;
    if (sigaction(sigs[i], &sa, NULL) != 0)
      return LDU_ERR_IO;
  }
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGXFSZ, &sa, NULL) != 0)
    return LDU_ERR_IO;
  return LDU_OK;
}

/* Block the handled signals while a slot changes; `old` restores them. */
static void block(sigset_t *old) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigprocmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old) {
  sigprocmask(SIG_SETMASK, old, NULL);
}

/* A free slot of this process, or -1. */
static int free_slot(void) {
  pid_t self = getpid();
  int i;
  for (i = 0; i < LDU_CLEANUP_SLOTS; i++)
    if (slot_kind[i] == SLOT_FREE || slot_owner[i] != self)
      return i;
  return -1;
}

int ldu_cleanup_add(const char *path) {
  size_t n = strlen(path);
  sigset_t old;
  int i;
  if (n >= LDU_CLEANUP_PATH)
    return -1;
  block(&old);
  i = free_slot();
  if (i >= 0) {
    slot_kind[i] = SLOT_FREE;
    memcpy(slot_path[i], path, n + 1);
    slot_owner[i] = getpid();
    slot_kind[i] = SLOT_FILE;
  }
  unblock(&old);
  return i;
}

int ldu_cleanup_mkstemp(char *tmpl, int *slot) {
  sigset_t old;
  int fd, saved;
  *slot = -1;
  block(&old);
  fd = mkstemp(tmpl);
  saved = errno;
  if (fd >= 0)
    *slot = ldu_cleanup_add(tmpl); /* blocking again nests harmlessly */
  unblock(&old);
  errno = saved;
  return fd;
}

void ldu_cleanup_forget(int i) {
  sigset_t old;
  if (i < 0 || i >= LDU_CLEANUP_SLOTS)
    return;
  block(&old);
  slot_kind[i] = SLOT_FREE;
  unblock(&old);
}

void ldu_cleanup_run(void) {
  pid_t self = getpid();
  sigset_t old;
  int i;
  block(&old);
  for (i = 0; i < LDU_CLEANUP_SLOTS; i++) {
    if (slot_kind[i] == SLOT_FILE && slot_owner[i] == self) {
      unlink(slot_path[i]);
      slot_kind[i] = SLOT_FREE;
    }
  }
  unblock(&old);
}

enum ldu_status ldu_cleanup_add_pid(pid_t pid) {
  sigset_t old;
  int i;
  block(&old);
  i = free_slot();
  if (i >= 0) {
    slot_kind[i] = SLOT_FREE;
    slot_pid[i] = pid;
    slot_owner[i] = getpid();
    slot_kind[i] = SLOT_PID;
  }
  unblock(&old);
  return i >= 0 ? LDU_OK : LDU_ERR_NOMEM;
}

void ldu_cleanup_forget_pid(pid_t pid) {
  pid_t self = getpid();
  int i;
  for (i = 0; i < LDU_CLEANUP_SLOTS; i++)
    if (slot_kind[i] == SLOT_PID && slot_owner[i] == self && slot_pid[i] == pid)
      ldu_cleanup_forget(i);
}

/* ---- atomic files ------------------------------------------------------ */

/* Longest file name component of a temporary, in bytes: NAME_MAX is 255
 * on the file systems that matter, and ".tmp-" plus a pid take 16. */
#define TMP_NAME_KEEP 200

/* DIR/.NAME.tmp-PID for `path`; NAME is cut (at a UTF-8 boundary) so the
 * whole stays a valid file name.  Caller frees; NULL when out of memory. */
static char *tmp_name(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *name = slash != NULL ? slash + 1 : path;
  size_t dir_len = (size_t)(name - path);
  size_t n = strlen(name);
  struct ldu_buf b;
  if (n > TMP_NAME_KEEP) {
    n = TMP_NAME_KEEP;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
      n--;
  }
  ldu_buf_init(&b, LDU_CLEANUP_PATH - 1);
  if (ldu_buf_add(&b, path, dir_len) != LDU_OK ||
      ldu_buf_addc(&b, '.') != LDU_OK || ldu_buf_add(&b, name, n) != LDU_OK ||
      ldu_buf_printf(&b, ".tmp-%ld", (long)getpid()) != LDU_OK) {
    ldu_buf_free(&b);
    return NULL;
  }
  return ldu_buf_detach(&b);
}

static char *dup_str(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d != NULL)
    memcpy(d, s, n + 1);
  return d;
}

enum ldu_status ldu_atomic_begin(struct ldu_atomic *a, const char *path,
                                 int *fd, struct ldu_error *err) {
  enum ldu_status st = LDU_OK;
  int f = -1;

  memset(a, 0, sizeof *a);
  a->slot = -1;
  if (fd != NULL)
    *fd = -1;
  a->path = dup_str(path);
  a->tmp = tmp_name(path);
  if (a->path == NULL || a->tmp == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, 0);
    ldu_error_detail(err, "path too long or out of memory");
    goto out;
  }
  a->slot = ldu_cleanup_add(a->tmp);
  if (a->slot < 0) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, 0);
    ldu_error_detail(err, "too many files open for writing");
    goto out;
  }
  /* a stale temporary (or a planted symlink) of ours is removed; unlink
   * removes a link itself, never what it points to */
  if (unlink(a->tmp) != 0 && errno != ENOENT) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    ldu_error_detail(err, "cannot remove the old temporary %s", a->tmp);
    goto out;
  }
  f = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (f < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    ldu_error_detail(err, "cannot create the file");
    goto out;
  }
  if (fd != NULL) {
    *fd = f;
    f = -1;
  }
out:
  if (f >= 0 && close(f) != 0 && st == LDU_OK)
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
  if (st != LDU_OK)
    ldu_atomic_abort(a);
  return st;
}

enum ldu_status ldu_atomic_commit(struct ldu_atomic *a, struct ldu_error *err) {
  enum ldu_status st = LDU_OK;
  int f;
  if (a->tmp == NULL || a->path == NULL)
    return ldu_error_set(err, LDU_ERR_USAGE, a->path, 0);
  /* on disk before the name: a crash never leaves an empty new file */
  f = open(a->tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (f < 0 || fsync(f) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, a->path, errno);
    if (f >= 0)
      close(f);
    goto out;
  }
  close(f);
  if (rename(a->tmp, a->path) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, a->path, errno);
    goto out;
  }
  ldu_cleanup_forget(a->slot);
  free(a->tmp);
  a->tmp = NULL;
out:
  ldu_atomic_abort(a);
  return st;
}

void ldu_atomic_abort(struct ldu_atomic *a) {
  if (a == NULL)
    return;
  if (a->tmp != NULL) {
    unlink(a->tmp);
    ldu_cleanup_forget(a->slot);
  }
  free(a->tmp);
  free(a->path);
  a->tmp = NULL;
  a->path = NULL;
  a->slot = -1;
}
