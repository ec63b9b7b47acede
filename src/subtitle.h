/* subtitle: transcripts that follow the voice -- SRT and WebVTT, one cue
 * per sentence.
 *
 * The caller hands over cues timed in sample frames (narrate.h's sentence
 * spans) and the text as written in the article; the shared walker in
 * subtitle.c turns frames into milliseconds (the only place besides the
 * other sidecar writers that does), keeps cues in order and apart, and
 * hands each one to the renderer of the format (subtitle_srt.c,
 * subtitle_vtt.c), after cmark's render.c + html.c. */
#ifndef LDU_SUBTITLE_H
#define LDU_SUBTITLE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "sink.h"

enum ldu_subtitle_format {
  LDU_SUBTITLE_SRT = 0,
  LDU_SUBTITLE_VTT,
  LDU_SUBTITLE_COUNT
};

/* One cue: a span of sample frames and its text (UTF-8, borrowed). */
struct ldu_cue {
  int64_t start;
  int64_t end;
  const char *text;
};

/* Renderer interface, for subtitle.c and subtitle_<fmt>.c only.  Times
 * are milliseconds, start <= end, cues in order and not overlapping;
 * `index` counts from 1; `text` has no line breaks. */
struct ldu_subtitle_renderer {
  const char *ext; /* "srt" */
  enum ldu_status (*header)(const struct ldu_sink *sink);
  enum ldu_status (*cue)(const struct ldu_sink *sink, size_t index,
                         int64_t start_ms, int64_t end_ms, const char *text);
};

extern const struct ldu_subtitle_renderer ldu_subtitle_srt_renderer;
extern const struct ldu_subtitle_renderer ldu_subtitle_vtt_renderer;

/** File extension (no dot) for `fmt`, e.g. "vtt"; NULL if unknown. */
const char *ldu_subtitle_ext(enum ldu_subtitle_format fmt);

/** Write `n` cues (`cues` may be NULL when n is 0), timed in frames at
 *  `rate` Hz, as `fmt` to `sink`.  A cue that starts before the previous
 *  one ends is moved to that end; line breaks in the text become spaces.
 *  LDU_ERR_USAGE for a bad format, rate or negative time, LDU_ERR_IO
 *  when the sink fails, LDU_ERR_NOMEM. */
enum ldu_status ldu_subtitle_write(enum ldu_subtitle_format fmt,
                                   const struct ldu_cue *cues, size_t n,
                                   int rate, const struct ldu_sink *sink);

/** `frames` at `rate` Hz in whole milliseconds, rounded to nearest;
 *  -1 when negative, rate <= 0 or too large. */
int64_t ldu_frames_to_ms(int64_t frames, int rate);

#endif
