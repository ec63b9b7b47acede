/* sink: byte sinks for the sidecar writers. */
#include "sink.h"

#include <stdarg.h>
#include <stdlib.h>

static int file_write(void *user, const void *p, size_t n) {
  FILE *f = user;
  if (n == 0)
    return 0;
  return fwrite(p, 1, n, f) == n ? 0 : 1;
}

struct ldu_sink ldu_sink_file(FILE *f) {
  struct ldu_sink s;
  s.write = file_write;
  s.user = f;
  return s;
}

enum ldu_status ldu_sink_write(const struct ldu_sink *s, const void *p,
                               size_t n) {
  if (s == NULL || s->write == NULL)
    return LDU_ERR_USAGE;
  return s->write(s->user, p, n) == 0 ? LDU_OK : LDU_ERR_IO;
}

enum ldu_status ldu_sink_puts(const struct ldu_sink *s, const char *str) {
  size_t n = 0;
  while (str[n] != '\0')
    n++;
  return ldu_sink_write(s, str, n);
}

enum ldu_status ldu_sink_printf(const struct ldu_sink *s, const char *fmt,
                                ...) {
  char small[256];
  char *big;
  enum ldu_status st;
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return LDU_ERR_USAGE;
  if ((size_t)n < sizeof small)
    return ldu_sink_write(s, small, (size_t)n);
  if ((size_t)n > (size_t)1 << 16)
    return LDU_ERR_NOMEM;
  big = malloc((size_t)n + 1);
  if (big == NULL)
    return LDU_ERR_NOMEM;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  st = ldu_sink_write(s, big, (size_t)n);
  free(big);
  return st;
}
