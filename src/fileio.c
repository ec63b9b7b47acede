#include "fileio.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
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

/* `path` made absolute against the working folder, without ".", ".."
 * or repeated '/' (by the letters: symbolic links are not followed).
 * Caller frees; NULL (errno set) when out of memory or the working
 * folder is unknown. */
static char *absolute(const char *path) {
  char cwd[PATH_MAX];
  struct ldu_buf b;
  const char *parts[2];
  const char *c;
  size_t k;
  if (path[0] != '/' && getcwd(cwd, sizeof cwd) == NULL)
    return NULL;
  parts[0] = path[0] == '/' ? "" : cwd;
  parts[1] = path;
  ldu_buf_init(&b, (size_t)1 << 20);
  for (k = 0; k < 2; k++) {
    for (c = parts[k]; *c != '\0';) {
      size_t len = strcspn(c, "/");
      if (len == 2 && c[0] == '.' && c[1] == '.') {
        while (b.len > 0 && b.data[b.len - 1] != '/')
          b.len--;
        if (b.len > 0)
          b.len--; /* and its '/' */
        if (b.data != NULL)
          b.data[b.len] = '\0';
      } else if (len > 0 && !(len == 1 && c[0] == '.')) {
        if (ldu_buf_addc(&b, '/') != LDU_OK ||
            ldu_buf_add(&b, c, len) != LDU_OK) {
          ldu_buf_free(&b);
          errno = ENOMEM;
          return NULL;
        }
      }
      c += len;
      if (*c == '/')
        c++;
    }
  }
  if (b.len == 0 && ldu_buf_addc(&b, '/') != LDU_OK) {
    ldu_buf_free(&b);
    errno = ENOMEM;
    return NULL;
  }
  return ldu_buf_detach(&b);
}

char *ldu_path_relative(const char *dir, const char *path) {
  char *d = absolute(dir);
  char *p = absolute(path);
  char *rel = NULL;
  const char *c;
  struct ldu_buf b;
  size_t i;
  size_t common = 0; /* d[..common) and p[..common) are whole components */
  int e;
  ldu_buf_init(&b, (size_t)1 << 20);
  if (d == NULL || p == NULL)
    goto out;
  if (strcmp(d, "/") == 0)
    d[0] = '\0'; /* the root: no component */
  for (i = 0; d[i] != '\0' && d[i] == p[i]; i++)
    if (d[i] == '/')
      common = i;
  if ((d[i] == '\0' && (p[i] == '/' || p[i] == '\0')) ||
      (p[i] == '\0' && d[i] == '/'))
    common = i;
  /* up from d to what they have in common, then down to p */
  for (c = d + common; *c != '\0'; c++)
    if (*c == '/' && ldu_buf_adds(&b, "../") != LDU_OK)
      goto nomem;
  c = p + common;
  if (*c == '/')
    c++;
  if (ldu_buf_adds(&b, c) != LDU_OK)
    goto nomem;
  if (b.len > 0 && b.data[b.len - 1] == '/')
    b.data[--b.len] = '\0'; /* "../" alone: p is above d */
  rel = ldu_buf_detach(&b);
  if (rel == NULL)
    goto nomem;
  goto out;
nomem:
  errno = ENOMEM;
out:
  e = errno;
  free(d);
  free(p);
  ldu_buf_free(&b);
  errno = e;
  return rel;
}
