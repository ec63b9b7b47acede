/* error: status codes and error context shared by every module.
 *
 * Library modules return enum ldu_status and never print or exit; main.c
 * turns a status plus a struct ldu_error into one message on stderr. */
#ifndef LDU_ERROR_H
#define LDU_ERROR_H

#include <stddef.h>

enum ldu_status {
  LDU_OK = 0,
  LDU_ERR_NOMEM,    /* out of memory, or a size cap was hit */
  LDU_ERR_IO,       /* read/write failed; errno in struct ldu_error */
  LDU_ERR_UTF8,     /* input is not valid UTF-8; offset in struct ldu_error */
  LDU_ERR_USAGE,    /* bad argument from the caller */
  LDU_ERR_FORMAT,   /* unsupported or malformed file format */
  LDU_ERR_SYNTH,    /* espeak-ng failed */
  LDU_ERR_ENCODE,   /* audio encoder failed */
  LDU_ERR_VOICE,    /* a voice file could not be loaded */
  LDU_ERR_EMPTY,    /* nothing to read in the input */
  LDU_ERR_LIMIT,    /* the input is over a limit (size, sections) */
  LDU_STATUS_COUNT
};

/* Where an error happened.  Every field is optional (NULL / 0 / -1). */
struct ldu_error {
  char path[512];   /* file involved, "" when none */
  long line;        /* 1-based line, 0 when unknown */
  long long offset; /* byte offset, -1 when unknown */
  int errnum;       /* errno, 0 when none */
  char detail[256]; /* extra text from a library, "" when none */
};

/** Static English message for `status`; never NULL, valid forever. */
const char *ldu_strerror(enum ldu_status status);

/** Reset `err` (may be NULL) to "no information". */
void ldu_error_clear(struct ldu_error *err);

/** Record `path` (may be NULL) and `errnum` in `err` (may be NULL);
 *  returns `status` so callers can `return ldu_error_set(...)`. */
enum ldu_status ldu_error_set(struct ldu_error *err, enum ldu_status status,
                              const char *path, int errnum);

/** Set err->detail from a printf-style format; `err` may be NULL. */
void ldu_error_detail(struct ldu_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
