#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "hash.h"
#include "picture.h"
#include "plan.h"

#include "workers.h"

struct ctx {
  struct ldu_synth *synth;
  const struct ldu_doc *doc;
  struct ldu_narrate_opts nopts;
  const struct ldu_render_opts *ro;
  struct ldu_section_out *outs;
  size_t *order; /* job i renders section order[i]: the longest first */
  /* in a worker process only: */
  struct ldu_master *master;
  struct ldu_worker *w;
};

static void sentence_in_worker(void *user) {
  struct ctx *c = user;
  ldu_worker_progress(c->w, 1);
}

static void progress(void *user, long units) {
  struct ctx *c = user;
  long i;
  if (c->ro->on_sentence == NULL)
    return;
  for (i = 0; i < units; i++)
    c->ro->on_sentence(c->ro->user);
}

/* The key of a section's file: everything that goes into it -- the salt
 * (versions, voices, rate...), the container and its options, tags,
 * pauses, loudness, chapters, and every sentence with its reading. */
static enum ldu_status file_key(const struct ctx *c, size_t index,
                                char key[LDU_SHA256_HEX]) {
  const struct ldu_narrate_opts *o = &c->nopts;
  const struct ldu_section *sec = &c->doc->sections[index];
  const struct ldu_master_opts *mo = c->ro->master_opts;
  struct ldu_sha256 *h;
  struct ldu_plan plan;
  char num[256];
  size_t i;
  size_t r;
  enum ldu_status st = LDU_OK;
  if (ldu_sha256_new(&h) != LDU_OK)
    return LDU_ERR_NOMEM;
  ldu_sha256_adds(h, "langdu section v3");
  ldu_sha256_adds(h, o->cache_salt != NULL ? o->cache_salt : "");
  snprintf(num, sizeof num,
           "fmt %d br %d q %.6f id3 %d ch %d pauses %d %d %d track %zu/%zu "
           "loud %d %.3f %.3f %.3f",
           (int)o->audio.format, o->audio.bitrate_kbps, o->audio.quality,
           o->audio.id3_version, (int)o->chapters, o->pause_sentence_ms,
           o->pause_paragraph_ms, o->pause_section_ms, index,
           c->doc->n_sections, mo != NULL ? mo->normalise : -1,
           mo != NULL ? mo->target_lufs : 0.0,
           mo != NULL ? mo->max_true_peak : 0.0,
           mo != NULL ? mo->margin_db : 0.0);
  ldu_sha256_adds(h, num);
  ldu_sha256_adds(h, o->artist != NULL ? o->artist : "");
  ldu_sha256_adds(h, o->album != NULL ? o->album : "");
  ldu_sha256_adds(h, o->date != NULL ? o->date : "");
  ldu_sha256_adds(h, sec->heading != NULL ? sec->heading : "");
  if (o->audio.cover != NULL)
    ldu_sha256_add(h, o->audio.cover->data, o->audio.cover->len);
  for (i = 0; i < sec->n_paras; i++) {
    snprintf(num, sizeof num, "para %d %zu %zu", (int)sec->paras[i].kind,
             sec->paras[i].first, sec->paras[i].count);
    ldu_sha256_adds(h, num);
  }
  for (i = 0; i < sec->n_sents && st == LDU_OK; i++) {
    ldu_sha256_adds(h, sec->sents[i].text);
    st = ldu_plan_sentence(sec->sents[i].text, o->lexicon, &plan);
    for (r = 0; st == LDU_OK && r < plan.n; r++) {
      snprintf(num, sizeof num, "%d %d %d", (int)plan.runs[r].voice,
               (int)plan.runs[r].form, plan.runs[r].pause_ms);
      ldu_sha256_adds(h, num);
      ldu_sha256_adds(h, plan.runs[r].text);
    }
    if (st == LDU_OK)
      ldu_plan_free(&plan);
  }
  ldu_sha256_hex(h, key);
  ldu_sha256_free(h);
  return st;
}

/* A record: the file's SHA-256 (hex), then the packed section. */
static int reuse(const struct ctx *c, const char *key,
                 struct ldu_section_out *out) {
  char *rec = NULL;
  size_t n = 0;
  char hex[LDU_SHA256_HEX];
  int64_t size;
  struct ldu_buf path;
  int ok = 0;
  ldu_buf_init(&path, 1 << 16);
  if (ldu_cache_get_record(c->nopts.cache, key, &rec, &n) != LDU_OK ||
      rec == NULL || n < LDU_SHA256_HEX - 1 ||
      ldu_section_out_unpack(rec + LDU_SHA256_HEX - 1,
                             n - (LDU_SHA256_HEX - 1), out) != LDU_OK)
    goto out;
  /* the file must still be there, as it was written */
  if (out->file != NULL &&
      ldu_buf_printf(&path, "%s/%s", c->nopts.out_dir, out->file) ==
          LDU_OK &&
      ldu_sha256_file(path.data, hex, &size, NULL) == LDU_OK &&
      memcmp(hex, rec, LDU_SHA256_HEX - 1) == 0)
    ok = 1;
  else
    ldu_section_out_free(out);
out:
  free(rec);
  ldu_buf_free(&path);
  return ok;
}

static void remember(const struct ctx *c, const char *key,
                     const struct ldu_section_out *out) {
  struct ldu_buf rec;
  struct ldu_buf path;
  char hex[LDU_SHA256_HEX];
  int64_t size;
  ldu_buf_init(&rec, (size_t)1 << 26);
  ldu_buf_init(&path, 1 << 16);
  if (ldu_buf_printf(&path, "%s/%s", c->nopts.out_dir, out->file) ==
          LDU_OK &&
      ldu_sha256_file(path.data, hex, &size, NULL) == LDU_OK &&
      ldu_buf_add(&rec, hex, LDU_SHA256_HEX - 1) == LDU_OK &&
      ldu_section_out_pack(out, &rec) == LDU_OK)
    ldu_cache_put_record(c->nopts.cache, key, rec.data, rec.len, NULL);
  ldu_buf_free(&rec);
  ldu_buf_free(&path);
}

/* Runs in a worker: one section, its result packed for the parent. */
static enum ldu_status job(void *user, struct ldu_worker *w, size_t jobno,
                           struct ldu_buf *result, struct ldu_error *err) {
  struct ctx *c = user;
  size_t index = c->order[jobno];
  struct ldu_section_out out;
  struct ldu_narrate_opts nopts = c->nopts;
  enum ldu_status st = LDU_OK;
  char key[LDU_SHA256_HEX];
  int have_key = 0;
  c->w = w;
  if (c->ro->master_opts != NULL && c->master == NULL) {
    /* this process's own master; it lives until the worker exits */
    struct ldu_master_opts mo = *c->ro->master_opts;
    mo.keep = 0;
    st = ldu_master_new(&mo, &c->master, err);
  }
  if (st != LDU_OK)
    return st;
  nopts.master = c->master;
  nopts.no_file = 0;
  nopts.on_sentence = sentence_in_worker;
  nopts.on_sentence_user = c;
  /* an unchanged section whose file is still there is not made again */
  if (nopts.cache != NULL && file_key(c, index, key) == LDU_OK) {
    have_key = 1;
    if (reuse(c, key, &out)) {
      out.cached = (long)out.n_sents;
      out.synthesised = 0;
      ldu_worker_progress(w, (long)out.n_sents);
      st = ldu_section_out_pack(&out, result);
      ldu_section_out_free(&out);
      return st;
    }
  }
  st = ldu_narrate_section(c->synth, c->doc, index, &nopts, &out, err);
  if (st == LDU_OK && have_key)
    remember(c, key, &out);
  if (st == LDU_OK)
    st = ldu_section_out_pack(&out, result);
  ldu_section_out_free(&out);
  return st;
}

/* Runs in the parent with a worker's packed result. */
static enum ldu_status done(void *user, size_t jobno, const char *data,
                            size_t len) {
  struct ctx *c = user;
  size_t index = c->order[jobno];
  enum ldu_status st = ldu_section_out_unpack(data, len, &c->outs[index]);
  if (st == LDU_OK && c->ro->on_section != NULL)
    c->ro->on_section(c->ro->user, index, &c->outs[index]);
  return st;
}

/* Sections by the length of their text, longest first (ties in document
 * order): with N workers the last to start are the short ones, so no core
 * waits long for one last long section.  Caller frees; NULL: no memory. */
static size_t *longest_first(const struct ldu_doc *doc) {
  size_t n = doc->n_sections;
  size_t *order = malloc((n ? n : 1) * sizeof *order);
  size_t *len = malloc((n ? n : 1) * sizeof *len);
  size_t i, j;
  if (order == NULL || len == NULL) {
    free(order);
    free(len);
    return NULL;
  }
  for (i = 0; i < n; i++) {
    const struct ldu_section *s = &doc->sections[i];
    len[i] = 0;
    for (j = 0; j < s->n_sents; j++)
      len[i] += strlen(s->sents[j].text);
  }
  /* insertion sort: a few hundred sections at most, and stable */
  for (i = 0; i < n; i++) {
    size_t k = i;
    for (j = i; j > 0 && len[order[j - 1]] < len[k]; j--)
      order[j] = order[j - 1];
    order[j] = k;
  }
  free(len);
  return order;
}

enum ldu_status ldu_render_sections(struct ldu_synth *synth,
                                    const struct ldu_doc *doc,
                                    const struct ldu_narrate_opts *nopts,
                                    const struct ldu_render_opts *ro,
                                    struct ldu_section_out *outs,
                                    struct ldu_error *err) {
  struct ctx c;
  enum ldu_status st = LDU_OK;
  size_t i;

  if (ro->in_process) {
    struct ldu_narrate_opts n1 = *nopts;
    if (ro->on_sentence != NULL) {
      n1.on_sentence = ro->on_sentence;
      n1.on_sentence_user = ro->user;
    }
    for (i = 0; i < doc->n_sections && st == LDU_OK; i++) {
      st = ldu_narrate_section(synth, doc, i, &n1, &outs[i], err);
      if (st == LDU_OK && ro->on_section != NULL)
        ro->on_section(ro->user, i, &outs[i]);
    }
    return st;
  }
  memset(&c, 0, sizeof c);
  c.synth = synth;
  c.doc = doc;
  c.nopts = *nopts;
  c.ro = ro;
  c.outs = outs;
  c.order = longest_first(doc);
  if (c.order == NULL)
    return LDU_ERR_NOMEM;
  st = ldu_workers_run(doc->n_sections, ro->jobs, job, done, progress, &c,
                       err);
  free(c.order);
  return st;
}
