/* subtitle: the walker shared by every subtitle renderer. */
#include "subtitle.h"

#include <stdlib.h>
#include <string.h>

static const struct ldu_subtitle_renderer *const renderers[] = {
    [LDU_SUBTITLE_SRT] = &ldu_subtitle_srt_renderer,
    [LDU_SUBTITLE_VTT] = &ldu_subtitle_vtt_renderer,
};

_Static_assert(sizeof renderers / sizeof renderers[0] == LDU_SUBTITLE_COUNT,
               "one renderer per subtitle format");

const char *ldu_subtitle_ext(enum ldu_subtitle_format fmt) {
  if ((unsigned)fmt >= LDU_SUBTITLE_COUNT)
    return NULL;
  return renderers[fmt]->ext;
}

int64_t ldu_frames_to_ms(int64_t frames, int rate) {
  if (frames < 0 || rate <= 0 || frames > INT64_MAX / 1000 - rate)
    return -1;
  return (frames * 1000 + rate / 2) / rate;
}

/* `text` with CR and LF turned into spaces; caller frees. */
static char *one_line(const char *text) {
  size_t n = strlen(text);
  size_t i;
  char *s = malloc(n + 1);
  if (s == NULL)
    return NULL;
  for (i = 0; i < n; i++)
    s[i] = text[i] == '\n' || text[i] == '\r' ? ' ' : text[i];
  s[n] = '\0';
  return s;
}

enum ldu_status ldu_subtitle_write(enum ldu_subtitle_format fmt,
                                   const struct ldu_cue *cues, size_t n,
                                   int rate, const struct ldu_sink *sink) {
  const struct ldu_subtitle_renderer *r;
  enum ldu_status st;
  int64_t prev_end = 0;
  size_t i;

  if ((unsigned)fmt >= LDU_SUBTITLE_COUNT || rate <= 0 ||
      (cues == NULL && n > 0))
    return LDU_ERR_USAGE;
  r = renderers[fmt];
  st = r->header(sink);
  for (i = 0; i < n && st == LDU_OK; i++) {
    int64_t start = ldu_frames_to_ms(cues[i].start, rate);
    int64_t end = ldu_frames_to_ms(cues[i].end, rate);
    char *text;
    if (start < 0 || end < 0 || cues[i].text == NULL)
      return LDU_ERR_USAGE;
    if (start < prev_end)
      start = prev_end;
    if (end < start)
      end = start;
    text = one_line(cues[i].text);
    if (text == NULL)
      return LDU_ERR_NOMEM;
    st = r->cue(sink, i + 1, start, end, text);
    free(text);
    prev_end = end;
  }
  return st;
}
