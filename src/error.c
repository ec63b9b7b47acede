#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const messages[] = {
    [LDU_OK] = "success",
    [LDU_ERR_NOMEM] = "out of memory",
    [LDU_ERR_IO] = "input/output error",
    [LDU_ERR_UTF8] = "invalid UTF-8",
    [LDU_ERR_USAGE] = "invalid argument",
    [LDU_ERR_FORMAT] = "unsupported or malformed format",
    [LDU_ERR_SYNTH] = "speech synthesis failed",
    [LDU_ERR_ENCODE] = "audio encoding failed",
    [LDU_ERR_VOICE] = "cannot load voice",
    [LDU_ERR_EMPTY] = "nothing to read",
    [LDU_ERR_LIMIT] = "too large",
};

_Static_assert(sizeof messages / sizeof messages[0] == LDU_STATUS_COUNT,
               "ldu_strerror table must cover every status");

const char *ldu_strerror(enum ldu_status status) {
  if ((unsigned)status >= LDU_STATUS_COUNT || messages[status] == NULL)
    return "unknown error";
  return messages[status];
}

void ldu_error_clear(struct ldu_error *err) {
  if (err == NULL)
    return;
  memset(err, 0, sizeof *err);
  err->offset = -1;
}

enum ldu_status ldu_error_set(struct ldu_error *err, enum ldu_status status,
                              const char *path, int errnum) {
  if (err == NULL)
    return status;
  if (path != NULL)
    snprintf(err->path, sizeof err->path, "%s", path);
  err->errnum = errnum;
  return status;
}

void ldu_error_detail(struct ldu_error *err, const char *fmt, ...) {
  va_list ap;
  if (err == NULL)
    return;
  va_start(ap, fmt);
  vsnprintf(err->detail, sizeof err->detail, fmt, ap);
  va_end(ap);
}
