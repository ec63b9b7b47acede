#include "render.h"

#include <string.h>

#include "workers.h"

struct ctx {
  struct ldu_synth *synth;
  const struct ldu_doc *doc;
  struct ldu_narrate_opts nopts;
  const struct ldu_render_opts *ro;
  struct ldu_section_out *outs;
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

/* Runs in a worker: one section, its result packed for the parent. */
static enum ldu_status job(void *user, struct ldu_worker *w, size_t index,
                           struct ldu_buf *result, struct ldu_error *err) {
  struct ctx *c = user;
  struct ldu_section_out out;
  struct ldu_narrate_opts nopts = c->nopts;
  enum ldu_status st = LDU_OK;
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
  st = ldu_narrate_section(c->synth, c->doc, index, &nopts, &out, err);
  if (st == LDU_OK)
    st = ldu_section_out_pack(&out, result);
  ldu_section_out_free(&out);
  return st;
}

/* Runs in the parent with a worker's packed result. */
static enum ldu_status done(void *user, size_t index, const char *data,
                            size_t len) {
  struct ctx *c = user;
  enum ldu_status st = ldu_section_out_unpack(data, len, &c->outs[index]);
  if (st == LDU_OK && c->ro->on_section != NULL)
    c->ro->on_section(c->ro->user, index, &c->outs[index]);
  return st;
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
  return ldu_workers_run(doc->n_sections, ro->jobs, job, done, progress, &c,
                         err);
}
