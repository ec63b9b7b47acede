#include "manifest.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"

static json_t *seconds(int64_t frames, int rate) {
  /* milliseconds are what every reader resolves */
  return json_real(round((double)frames * 1000.0 / rate) / 1000.0);
}

static const char *language(const struct ldu_doc *doc) {
  switch (doc->script) {
  case LDU_SCRIPT_SIMP:
    return "zh-Hans";
  case LDU_SCRIPT_TRAD:
    return "zh-Hant";
  default:
    return "zh";
  }
}

static json_t *section_json(const struct ldu_section *sec,
                            const struct ldu_section_out *so, size_t index,
                            int rate) {
  json_t *o = json_object();
  json_t *chs = json_array();
  json_t *ss = json_array();
  size_t i;
  if (o == NULL || chs == NULL || ss == NULL)
    goto fail;
  for (i = 0; i < so->n_chapters; i++) {
    json_t *c = json_pack("{s:o,s:o,s:s}", "start",
                          seconds(so->chapters[i].start, rate), "end",
                          seconds(so->chapters[i].end, rate), "title",
                          so->chapters[i].title);
    if (c == NULL || json_array_append_new(chs, c) != 0)
      goto fail;
  }
  for (i = 0; i < sec->n_sents && i < so->n_sents; i++) {
    json_t *s = json_pack("{s:s,s:o,s:o}", "text", sec->sents[i].text,
                          "start", seconds(so->sents[i].start, rate), "end",
                          seconds(so->sents[i].end, rate));
    if (s == NULL || json_array_append_new(ss, s) != 0)
      goto fail;
  }
  if (json_object_set_new(o, "index", json_integer((json_int_t)index + 1)) ||
      json_object_set_new(o, "file", json_string(so->file)) ||
      json_object_set_new(o, "title", json_string(so->title)) ||
      json_object_set_new(o, "heading", sec->heading
                                            ? json_string(sec->heading)
                                            : json_null()) ||
      json_object_set_new(o, "duration", seconds(so->frames, rate)) ||
      json_object_set_new(o, "frames", json_integer((json_int_t)so->frames)))
    goto fail;
  if (json_object_set_new(o, "chapters", chs) != 0) {
    chs = NULL;
    goto fail;
  }
  chs = NULL;
  if (json_object_set_new(o, "sentences", ss) != 0) {
    ss = NULL;
    goto fail;
  }
  return o;
fail:
  json_decref(o);
  json_decref(chs);
  json_decref(ss);
  return NULL;
}

enum ldu_status ldu_manifest_write(const char *path, const struct ldu_doc *doc,
                                   const char *title,
                                   const struct ldu_section_out *secs,
                                   size_t n, int rate, const char *format,
                                   struct ldu_error *err) {
  json_t *root = NULL;
  json_t *arr = NULL;
  struct ldu_buf tmp;
  enum ldu_status st = LDU_OK;
  size_t i;
  double total = 0;

  ldu_buf_init(&tmp, 1 << 16);
  root = json_object();
  arr = json_array();
  if (root == NULL || arr == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < n; i++) {
    json_t *s = section_json(&doc->sections[i], &secs[i], i, rate);
    if (s == NULL || json_array_append_new(arr, s) != 0) {
      st = LDU_ERR_NOMEM;
      goto out;
    }
    total += round((double)secs[i].frames * 1000.0 / rate) / 1000.0;
  }
  if (json_object_set_new(root, "generator", json_string("langdu " LDU_VERSION)) ||
      json_object_set_new(root, "title", json_string(title)) ||
      json_object_set_new(root, "language", json_string(language(doc))) ||
      json_object_set_new(root, "format", json_string(format)) ||
      json_object_set_new(root, "sample_rate", json_integer(rate)) ||
      json_object_set_new(root, "duration", json_real(total))) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  if (json_object_set_new(root, "sections", arr) != 0) {
    arr = NULL;
    st = LDU_ERR_NOMEM;
    goto out;
  }
  arr = NULL;
  if (ldu_buf_printf(&tmp, "%s.tmp", path) != LDU_OK) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  if (json_dump_file(root, tmp.data,
                     JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                         JSON_REAL_PRECISION(10)) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    remove(tmp.data);
    goto out;
  }
  if (rename(tmp.data, path) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    remove(tmp.data);
  }
out:
  json_decref(root);
  json_decref(arr);
  ldu_buf_free(&tmp);
  return st;
}
