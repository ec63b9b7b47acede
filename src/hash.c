/* hash: SHA-256 through nettle. */
#include "hash.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>

struct ldu_sha256 {
  struct sha256_ctx ctx;
};

enum ldu_status ldu_sha256_new(struct ldu_sha256 **out) {
  struct ldu_sha256 *h = malloc(sizeof *h);
  *out = NULL;
  if (h == NULL)
    return LDU_ERR_NOMEM;
  sha256_init(&h->ctx);
  *out = h;
  return LDU_OK;
}

void ldu_sha256_add(struct ldu_sha256 *h, const void *p, size_t n) {
  sha256_update(&h->ctx, n, p);
}

void ldu_sha256_adds(struct ldu_sha256 *h, const char *s) {
  size_t n = 0;
  while (s[n] != '\0')
    n++;
  sha256_update(&h->ctx, n + 1, (const uint8_t *)s);
}

void ldu_sha256_hex(struct ldu_sha256 *h, char hex[LDU_SHA256_HEX]) {
  static const char digits[] = "0123456789abcdef";
  uint8_t d[SHA256_DIGEST_SIZE];
  size_t i;
  sha256_digest(&h->ctx, sizeof d, d); /* also resets the context */
  for (i = 0; i < sizeof d; i++) {
    hex[2 * i] = digits[d[i] >> 4];
    hex[2 * i + 1] = digits[d[i] & 15];
  }
  hex[2 * sizeof d] = '\0';
}

void ldu_sha256_free(struct ldu_sha256 *h) { free(h); }

enum ldu_status ldu_sha256_file(const char *path, char hex[LDU_SHA256_HEX],
                                int64_t *size, struct ldu_error *err) {
  struct ldu_sha256 h;
  unsigned char *block = NULL;
  FILE *f = NULL;
  int64_t total = 0;
  enum ldu_status st = LDU_OK;
  size_t got;

  hex[0] = '\0';
  *size = 0;
  sha256_init(&h.ctx);
  block = malloc(1 << 16);
  if (block == NULL)
    return LDU_ERR_NOMEM;
  f = fopen(path, "rb");
  if (f == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  while ((got = fread(block, 1, 1 << 16, f)) > 0) {
    sha256_update(&h.ctx, got, block);
    total += (int64_t)got;
  }
  if (ferror(f)) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  ldu_sha256_hex(&h, hex);
  *size = total;
out:
  if (f != NULL)
    fclose(f);
  free(block);
  return st;
}
