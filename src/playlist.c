/* playlist: extended M3U. */
#include "playlist.h"

#include <inttypes.h>
#include <string.h>

/* `s` with CR and LF written as spaces. */
static enum ldu_status line(const struct ldu_sink *sink, const char *s) {
  enum ldu_status st = LDU_OK;
  while (*s != '\0' && st == LDU_OK) {
    size_t run = strcspn(s, "\r\n");
    st = ldu_sink_write(sink, s, run);
    s += run;
    if (st != LDU_OK || *s == '\0')
      break;
    st = ldu_sink_write(sink, " ", 1);
    s++;
  }
  return st;
}

enum ldu_status ldu_playlist_write(const struct ldu_playlist_entry *e,
                                   size_t n, int rate, const char *title,
                                   const struct ldu_sink *sink) {
  enum ldu_status st;
  size_t i;
  if (rate <= 0 || (e == NULL && n > 0))
    return LDU_ERR_USAGE;
  for (i = 0; i < n; i++)
    if (e[i].path == NULL || e[i].path[0] == '\0' ||
        e[i].path[strcspn(e[i].path, "\r\n")] != '\0' || e[i].frames < 0)
      return LDU_ERR_USAGE;
  st = ldu_sink_puts(sink, "#EXTM3U\n");
  if (st == LDU_OK && title != NULL) {
    st = ldu_sink_puts(sink, "#PLAYLIST:");
    if (st == LDU_OK)
      st = line(sink, title);
    if (st == LDU_OK)
      st = ldu_sink_puts(sink, "\n");
  }
  for (i = 0; i < n && st == LDU_OK; i++) {
    /* whole seconds, rounded, as every player reads them */
    int64_t secs = (e[i].frames + rate / 2) / rate;
    st = ldu_sink_printf(sink, "#EXTINF:%" PRId64 ",", secs);
    if (st == LDU_OK && e[i].title != NULL)
      st = line(sink, e[i].title);
    if (st == LDU_OK)
      st = ldu_sink_printf(sink, "\n%s\n", e[i].path);
  }
  return st;
}
