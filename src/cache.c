#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "fileio.h"

/* An entry file: this magic, the frame count (8 bytes, little endian),
 * then the samples.  The count makes a truncated entry detectable. */
static const char magic[8] = {'L', 'D', 'U', 'P', 'C', 'M', '1', '\n'};

struct ldu_cache {
  char *dir;
};

struct ldu_cache_entry {
  FILE *f;
  char *tmp;
  char *path;
  int64_t frames;
  int failed;
  int slot; /* in the signal cleanup registry, -1 when not */
};

enum ldu_status ldu_cache_open(const char *dir, struct ldu_cache **out,
                               struct ldu_error *err) {
  struct ldu_cache *c;
  *out = NULL;
  if (ldu_mkdir_p(dir) != 0)
    return ldu_error_set(err, LDU_ERR_IO, dir, errno);
  c = calloc(1, sizeof *c);
  if (c == NULL)
    return LDU_ERR_NOMEM;
  c->dir = strdup(dir);
  if (c->dir == NULL) {
    free(c);
    return LDU_ERR_NOMEM;
  }
  *out = c;
  return LDU_OK;
}

void ldu_cache_free(struct ldu_cache *c) {
  if (c == NULL)
    return;
  free(c->dir);
  free(c);
}

char *ldu_cache_default_dir(void) {
  struct ldu_buf b;
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  ldu_buf_init(&b, 1 << 16);
  if (xdg != NULL && xdg[0] == '/') {
    if (ldu_buf_printf(&b, "%s/langdu", xdg) != LDU_OK)
      goto fail;
  } else if (home != NULL && home[0] != '\0') {
    if (ldu_buf_printf(&b, "%s/.cache/langdu", home) != LDU_OK)
      goto fail;
  } else {
    return NULL;
  }
  return ldu_buf_detach(&b);
fail:
  ldu_buf_free(&b);
  return NULL;
}

/* DIR/ab/abcdef...: two-level fan-out keeps folders small. */
static char *entry_path_ext(const struct ldu_cache *c, const char *key,
                            int make_dir, const char *ext);
static char *entry_path(const struct ldu_cache *c, const char *key,
                        int make_dir) {
  return entry_path_ext(c, key, make_dir, "pcm");
}

static char *entry_path_ext(const struct ldu_cache *c, const char *key,
                            int make_dir, const char *ext) {
  struct ldu_buf b;
  ldu_buf_init(&b, 1 << 16);
  if (strlen(key) < 3 || ldu_buf_printf(&b, "%s/%.2s", c->dir, key) != LDU_OK)
    goto fail;
  if (make_dir && mkdir(b.data, 0777) != 0 && errno != EEXIST)
    goto fail;
  if (ldu_buf_printf(&b, "/%s.%s", key, ext) != LDU_OK)
    goto fail;
  return ldu_buf_detach(&b);
fail:
  ldu_buf_free(&b);
  return NULL;
}

static void put64(unsigned char *p, int64_t v) {
  int i;
  for (i = 0; i < 8; i++)
    p[i] = (unsigned char)(((uint64_t)v >> (8 * i)) & 0xFF);
}

static int64_t get64(const unsigned char *p) {
  uint64_t v = 0;
  int i;
  for (i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return (int64_t)v;
}

enum ldu_status ldu_cache_get(struct ldu_cache *c, const char *key,
                              ldu_pcm_fn sink, void *user, int64_t *frames,
                              int *hit, struct ldu_error *err) {
  int16_t pcm[4096];
  unsigned char head[16];
  char *path;
  FILE *f;
  struct stat st;
  int64_t want;
  int64_t left;
  enum ldu_status status = LDU_OK;

  (void)err;
  *hit = 0;
  *frames = 0;
  path = entry_path(c, key, 0);
  if (path == NULL)
    return LDU_ERR_NOMEM;
  f = fopen(path, "rb");
  free(path);
  if (f == NULL)
    return LDU_OK;
  /* check the whole entry before anything reaches the sink */
  if (fread(head, 1, sizeof head, f) != sizeof head ||
      memcmp(head, magic, sizeof magic) != 0 || fstat(fileno(f), &st) != 0)
    goto out;
  want = get64(head + 8);
  if (want < 0 || want > (INT64_MAX - 16) / 2 ||
      (int64_t)st.st_size != 16 + 2 * want)
    goto out;
  left = want;
  while (left > 0) {
    size_t k = left > 4096 ? 4096 : (size_t)left;
    if (fread(pcm, sizeof pcm[0], k, f) != k) {
      status = LDU_ERR_IO; /* it shrank under us: PCM already went out */
      goto out;
    }
    if (sink != NULL && sink(user, pcm, k)) {
      status = LDU_ERR_ENCODE;
      goto out;
    }
    left -= (int64_t)k;
  }
  *hit = 1;
  *frames = want;
out:
  fclose(f);
  return status;
}

enum ldu_status ldu_cache_entry_begin(struct ldu_cache *c, const char *key,
                                      struct ldu_cache_entry **out,
                                      struct ldu_error *err) {
  struct ldu_cache_entry *e;
  struct ldu_buf b;
  unsigned char head[16];
  int fd;
  *out = NULL;
  e = calloc(1, sizeof *e);
  if (e == NULL)
    return LDU_ERR_NOMEM;
  e->path = entry_path(c, key, 1);
  ldu_buf_init(&b, 1 << 16);
  if (e->path == NULL ||
      ldu_buf_printf(&b, "%s.tmp-XXXXXX", e->path) != LDU_OK) {
    ldu_buf_free(&b);
    free(e->path);
    free(e);
    return LDU_ERR_NOMEM;
  }
  e->tmp = ldu_buf_detach(&b);
  e->slot = -1;
  fd = e->tmp ? ldu_cleanup_mkstemp(e->tmp, &e->slot) : -1;
  if (fd < 0 || (e->f = fdopen(fd, "wb")) == NULL) {
    enum ldu_status st = ldu_error_set(err, LDU_ERR_IO, e->path, errno);
    if (fd >= 0) {
      close(fd);
      unlink(e->tmp);
    }
    ldu_cleanup_forget(e->slot);
    free(e->tmp);
    free(e->path);
    free(e);
    return st;
  }
  memcpy(head, magic, sizeof magic);
  put64(head + 8, 0);
  if (fwrite(head, 1, sizeof head, e->f) != sizeof head)
    e->failed = 1;
  *out = e;
  return LDU_OK;
}

enum ldu_status ldu_cache_entry_write(struct ldu_cache_entry *e,
                                      const int16_t *pcm, size_t frames) {
  if (e->failed)
    return LDU_ERR_IO;
  if (fwrite(pcm, sizeof *pcm, frames, e->f) != frames) {
    e->failed = 1;
    return LDU_ERR_IO;
  }
  e->frames += (int64_t)frames;
  return LDU_OK;
}

static void entry_free(struct ldu_cache_entry *e) {
  if (e->slot >= 0)
    ldu_cleanup_forget(e->slot);
  free(e->tmp);
  free(e->path);
  free(e);
}

enum ldu_status ldu_cache_entry_commit(struct ldu_cache_entry *e,
                                       struct ldu_error *err) {
  unsigned char count[8];
  enum ldu_status st = LDU_OK;
  put64(count, e->frames);
  if (e->failed || fseek(e->f, 8, SEEK_SET) != 0 ||
      fwrite(count, 1, sizeof count, e->f) != sizeof count) {
    st = ldu_error_set(err, LDU_ERR_IO, e->path, errno);
  }
  if (fclose(e->f) != 0 && st == LDU_OK)
    st = ldu_error_set(err, LDU_ERR_IO, e->path, errno);
  if (st == LDU_OK && rename(e->tmp, e->path) != 0)
    st = ldu_error_set(err, LDU_ERR_IO, e->path, errno);
  if (st != LDU_OK)
    unlink(e->tmp);
  entry_free(e);
  return st;
}

void ldu_cache_entry_abort(struct ldu_cache_entry *e) {
  if (e == NULL)
    return;
  fclose(e->f);
  unlink(e->tmp);
  entry_free(e);
}

/* Largest record read back. */
#define RECORD_MAX ((long)16 * 1024 * 1024)

enum ldu_status ldu_cache_put_record(struct ldu_cache *c, const char *key,
                                     const void *data, size_t n,
                                     struct ldu_error *err) {
  struct ldu_buf tmp;
  char *path = entry_path_ext(c, key, 1, "rec");
  enum ldu_status st = LDU_OK;
  int slot = -1;
  int fd = -1;
  ldu_buf_init(&tmp, 1 << 16);
  if (path == NULL || ldu_buf_printf(&tmp, "%s.tmp-XXXXXX", path) != LDU_OK) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  fd = ldu_cleanup_mkstemp(tmp.data, &slot);
  if (fd < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  if (ldu_write_all(fd, data, n) != 0 || close(fd) != 0) {
    fd = -1;
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    unlink(tmp.data);
    goto out;
  }
  fd = -1;
  if (rename(tmp.data, path) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    unlink(tmp.data);
  }
out:
  if (fd >= 0) {
    close(fd);
    unlink(tmp.data);
  }
  ldu_cleanup_forget(slot);
  ldu_buf_free(&tmp);
  free(path);
  return st;
}

enum ldu_status ldu_cache_get_record(struct ldu_cache *c, const char *key,
                                     char **data, size_t *n) {
  char *path = entry_path_ext(c, key, 0, "rec");
  FILE *f;
  long size;
  *data = NULL;
  *n = 0;
  if (path == NULL)
    return LDU_ERR_NOMEM;
  f = fopen(path, "rb");
  free(path);
  if (f == NULL)
    return LDU_OK;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
      size <= RECORD_MAX && fseek(f, 0, SEEK_SET) == 0) {
    *data = malloc((size_t)size + 1);
    if (*data != NULL &&
        fread(*data, 1, (size_t)size, f) == (size_t)size) {
      *n = (size_t)size;
    } else {
      free(*data);
      *data = NULL;
    }
  }
  fclose(f);
  return LDU_OK;
}
