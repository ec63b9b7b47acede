#include "fileio.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/* Longest folder name ldu_mkdir_p() takes. */
#define DIR_MAX 4096

int ldu_write_all(int fd, const void *p, size_t n) {
  const unsigned char *q = p;
  while (n > 0) {
    ssize_t r = write(fd, q, n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    q += r;
    n -= (size_t)r;
  }
  return 0;
}

int ldu_write_at(int fd, const void *p, size_t n, off_t at) {
  const unsigned char *q = p;
  while (n > 0) {
    ssize_t r = pwrite(fd, q, n, at);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    q += r;
    n -= (size_t)r;
    at += r;
  }
  return 0;
}

int ldu_read_at(int fd, void *p, size_t n, off_t at) {
  unsigned char *q = p;
  while (n > 0) {
    ssize_t r = pread(fd, q, n, at);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    q += r;
    n -= (size_t)r;
    at += r;
  }
  return 0;
}

int ldu_read_all(int fd, void *p, size_t n) {
  unsigned char *q = p;
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, q + got, n - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return -1;
    if (r == 0)
      return got == 0 ? 0 : -1;
    got += (size_t)r;
  }
  return 1;
}

int ldu_mkdir_p(const char *dir) {
  struct ldu_buf b;
  struct stat st;
  size_t i;
  int rc = 0;
  ldu_buf_init(&b, DIR_MAX);
  if (ldu_buf_adds(&b, dir) != LDU_OK) {
    errno = ENAMETOOLONG;
    return -1;
  }
  for (i = 1; i <= b.len && rc == 0; i++) {
    if (i == b.len || b.data[i] == '/') {
      char saved = b.data[i];
      b.data[i] = '\0';
      if (mkdir(b.data, 0777) != 0 && errno != EEXIST)
        rc = -1;
      b.data[i] = saved;
    }
  }
  ldu_buf_free(&b);
  if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
    errno = ENOTDIR;
    rc = -1;
  }
  return rc;
}
