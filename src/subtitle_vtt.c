/* subtitle_vtt: WebVTT.  "WEBVTT" header, numbered cues with
 * HH:MM:SS.mmm times; `&`, `<` and `>` in the text become character
 * references (the cue text syntax reads them as markup). */
#include <inttypes.h>
#include <string.h>

#include "subtitle.h"

static enum ldu_status vtt_header(const struct ldu_sink *sink) {
  return ldu_sink_puts(sink, "WEBVTT\n\n");
}

static enum ldu_status escaped(const struct ldu_sink *sink, const char *s) {
  enum ldu_status st = LDU_OK;
  while (*s != '\0' && st == LDU_OK) {
    size_t run = strcspn(s, "&<>");
    st = ldu_sink_write(sink, s, run);
    s += run;
    if (st != LDU_OK || *s == '\0')
      break;
    st = ldu_sink_puts(sink, *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : "&gt;");
    s++;
  }
  return st;
}

static enum ldu_status vtt_cue(const struct ldu_sink *sink, size_t index,
                               int64_t a, int64_t b, const char *text) {
  enum ldu_status st = ldu_sink_printf(
      sink,
      "%zu\n%02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%03" PRId64
      " --> %02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%03" PRId64 "\n",
      index, a / 3600000, a / 60000 % 60, a / 1000 % 60, a % 1000,
      b / 3600000, b / 60000 % 60, b / 1000 % 60, b % 1000);
  if (st == LDU_OK)
    st = escaped(sink, text);
  if (st == LDU_OK)
    st = ldu_sink_puts(sink, "\n\n");
  return st;
}

const struct ldu_subtitle_renderer ldu_subtitle_vtt_renderer = {
    "vtt", vtt_header, vtt_cue};
