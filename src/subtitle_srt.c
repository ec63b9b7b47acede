/* subtitle_srt: SubRip.  Numbered cues, HH:MM:SS,mmm, a blank line after
 * each; the text goes out as is (SRT has no escapes). */
#include <inttypes.h>

#include "subtitle.h"

static enum ldu_status srt_header(const struct ldu_sink *sink) {
  (void)sink;
  return LDU_OK;
}

static enum ldu_status srt_cue(const struct ldu_sink *sink, size_t index,
                               int64_t a, int64_t b, const char *text) {
  return ldu_sink_printf(
      sink,
      "%zu\n%02" PRId64 ":%02" PRId64 ":%02" PRId64 ",%03" PRId64
      " --> %02" PRId64 ":%02" PRId64 ":%02" PRId64 ",%03" PRId64 "\n%s\n\n",
      index, a / 3600000, a / 60000 % 60, a / 1000 % 60, a % 1000,
      b / 3600000, b / 60000 % 60, b / 1000 % 60, b % 1000, text);
}

const struct ldu_subtitle_renderer ldu_subtitle_srt_renderer = {
    "srt", srt_header, srt_cue};
