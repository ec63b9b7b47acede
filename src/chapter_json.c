/* chapter_json: Podcasting 2.0 JSON chapters ("version": "1.2.0",
 * chapters[].startTime in seconds), written with jansson. */
#include "chapters.h"

#include <jansson.h>
#include <stdlib.h>

#include "subtitle.h"

static json_t *seconds(int64_t ms) {
  return json_real((double)ms / 1000.0);
}

enum ldu_status ldu_chapter_json_write(const struct ldu_chapter *ch, size_t n,
                                       int rate, const char *title,
                                       const struct ldu_sink *sink) {
  json_t *root = NULL;
  json_t *arr = NULL;
  char *text = NULL;
  enum ldu_status st = LDU_ERR_NOMEM;
  int64_t prev = 0;
  size_t i;

  if (rate <= 0 || (ch == NULL && n > 0))
    return LDU_ERR_USAGE;
  root = json_object();
  arr = json_array();
  if (root == NULL || arr == NULL)
    goto out;
  if (json_object_set_new(root, "version",
                          json_string(LDU_CHAPTER_JSON_VERSION)) != 0)
    goto out;
  if (title != NULL &&
      json_object_set_new(root, "title", json_string(title)) != 0) {
    st = LDU_ERR_USAGE;
    goto out;
  }
  for (i = 0; i < n; i++) {
    int64_t a = ldu_frames_to_ms(ch[i].start, rate);
    int64_t b = ldu_frames_to_ms(ch[i].end, rate);
    json_t *c;
    if (a < 0 || b < a || a < prev || ch[i].title == NULL) {
      st = LDU_ERR_USAGE;
      goto out;
    }
    prev = a;
    c = json_object();
    if (c == NULL || json_array_append_new(arr, c) != 0)
      goto out;
    if (json_object_set_new(c, "startTime", seconds(a)) != 0 ||
        json_object_set_new(c, "endTime", seconds(b)) != 0)
      goto out;
    if (json_object_set_new(c, "title", json_string(ch[i].title)) != 0) {
      st = LDU_ERR_USAGE;
      goto out;
    }
  }
  if (json_object_set(root, "chapters", arr) != 0)
    goto out;
  text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                              JSON_REAL_PRECISION(10));
  if (text == NULL)
    goto out;
  st = ldu_sink_puts(sink, text);
  if (st == LDU_OK)
    st = ldu_sink_puts(sink, "\n");
out:
  free(text);
  json_decref(arr);
  json_decref(root);
  return st;
}
