#include "manifest.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"

static json_t *seconds(int64_t frames, int rate) {
  /* milliseconds are what every reader resolves */
  return json_real(round((double)frames * 1000.0 / rate) / 1000.0);
}

/* A number, or null when it is not finite (silence is -inf LUFS). */
static json_t *number(double v) {
  return isfinite(v) ? json_real(round(v * 100.0) / 100.0) : json_null();
}

/* What master.c measured; NULL when loudness was not measured. */
static json_t *loudness_json(const struct ldu_loudness *l) {
  if (l->output_lufs == 0 && l->output_peak == 0 && l->gain_db == 0)
    return NULL;
  return json_pack("{s:o,s:o,s:o}", "gain_db", number(l->gain_db), "lufs",
                   number(l->output_lufs), "true_peak",
                   number(l->output_peak));
}

static int file_written(const struct ldu_files *files, const char *name) {
  size_t i;
  if (files == NULL)
    return 1;
  for (i = 0; i < files->n; i++)
    if (strcmp(files->v[i].path, name) == 0)
      return 1;
  return 0;
}

static json_t *chapters_json(const struct ldu_section_out *so, int rate) {
  json_t *chs = json_array();
  size_t i;
  for (i = 0; chs != NULL && i < so->n_chapters; i++) {
    json_t *c = json_pack("{s:o,s:o,s:s}", "start",
                          seconds(so->chapters[i].start, rate), "end",
                          seconds(so->chapters[i].end, rate), "title",
                          so->chapters[i].title);
    if (c == NULL || json_array_append_new(chs, c) != 0) {
      json_decref(chs);
      return NULL;
    }
  }
  return chs;
}

static json_t *book_json(const struct ldu_section_out *b, int rate) {
  json_t *o = json_pack("{s:s,s:s,s:o,s:I}", "file", b->file, "title",
                        b->title, "duration", seconds(b->frames, rate),
                        "frames", (json_int_t)b->frames);
  json_t *l = loudness_json(&b->loudness);
  if (o == NULL ||
      json_object_set_new(o, "chapters", chapters_json(b, rate)) != 0 ||
      (l != NULL && json_object_set_new(o, "loudness", l) != 0)) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static json_t *files_json(const struct ldu_files *files) {
  json_t *arr = json_array();
  size_t i;
  for (i = 0; arr != NULL && i < files->n; i++) {
    json_t *f = json_pack("{s:s,s:I,s:s,s:s}", "path", files->v[i].path,
                          "size", (json_int_t)files->v[i].size, "sha256",
                          files->v[i].sha256, "kind", files->v[i].kind);
    if (f == NULL || json_array_append_new(arr, f) != 0) {
      json_decref(arr);
      return NULL;
    }
  }
  return arr;
}

static json_t *section_json(const struct ldu_section *sec,
                            const struct ldu_section_out *so, size_t index,
                            int rate, const struct ldu_files *files) {
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
      json_object_set_new(o, "file", file_written(files, so->file)
                                         ? json_string(so->file)
                                         : json_null()) ||
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
  ss = loudness_json(&so->loudness);
  if (ss != NULL && json_object_set_new(o, "loudness", ss) != 0) {
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
                                   const struct ldu_section_out *book,
                                   const struct ldu_files *files,
                                   struct ldu_error *err) {
  json_t *root = NULL;
  json_t *arr = NULL;
  struct ldu_atomic file;
  enum ldu_status st = LDU_OK;
  size_t i;
  double total = 0;

  memset(&file, 0, sizeof file);
  root = json_object();
  arr = json_array();
  if (root == NULL || arr == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < n; i++) {
    json_t *s = section_json(&doc->sections[i], &secs[i], i, rate, files);
    if (s == NULL || json_array_append_new(arr, s) != 0) {
      st = LDU_ERR_NOMEM;
      goto out;
    }
    total += round((double)secs[i].frames * 1000.0 / rate) / 1000.0;
  }
  if (json_object_set_new(root, "generator", json_string("langdu " LDU_VERSION)) ||
      json_object_set_new(root, "title", json_string(title)) ||
      json_object_set_new(root, "language", json_string(ldu_doc_language(doc))) ||
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
  if ((book != NULL &&
       json_object_set_new(root, "book", book_json(book, rate)) != 0) ||
      (files != NULL &&
       json_object_set_new(root, "files", files_json(files)) != 0)) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  /* DIR/.manifest.json.tmp-PID, renamed when complete (cleanup.h) */
  st = ldu_atomic_begin(&file, path, NULL, err);
  if (st != LDU_OK)
    goto out;
  errno = 0;
  if (json_dump_file(root, file.tmp,
                     JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                         JSON_REAL_PRECISION(10)) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno != 0 ? errno : EIO);
    goto out;
  }
  st = ldu_atomic_commit(&file, err);
out:
  ldu_atomic_abort(&file);
  json_decref(root);
  json_decref(arr);
  return st;
}
