/* sink: where a sidecar writer's bytes go -- a FILE, memory, anything.
 *
 * Writers of text sidecars (subtitles, chapters JSON, playlist, feed) take
 * a struct ldu_sink instead of a path, so tests can write to memory
 * (open_memstream) and the caller decides where the file lands (after
 * libopusenc's OpusEncCallbacks and sf_open_virtual). */
#ifndef LDU_SINK_H
#define LDU_SINK_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* Write `n` bytes from `p`; return 0 on success, nonzero on failure. */
typedef int (*ldu_sink_write_fn)(void *user, const void *p, size_t n);

struct ldu_sink {
  ldu_sink_write_fn write;
  void *user; /* borrowed; passed to write */
};

/** A sink that writes to `f` (borrowed; not closed). */
struct ldu_sink ldu_sink_file(FILE *f);

/** Write `n` bytes; LDU_ERR_IO when the sink fails. */
enum ldu_status ldu_sink_write(const struct ldu_sink *s, const void *p,
                               size_t n);

/** Write a NUL-terminated string. */
enum ldu_status ldu_sink_puts(const struct ldu_sink *s, const char *str);

/** Write printf-style text (at most 64 KiB per call). */
enum ldu_status ldu_sink_printf(const struct ldu_sink *s, const char *fmt,
                                ...) __attribute__((format(printf, 2, 3)));

#endif
