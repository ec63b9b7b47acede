/* render: speak every section of a doc into its file, on one process or
 * on several (workers.h), and collect what each became.
 *
 * Each section is spoken by a worker process of its own (workers.h), with
 * its own copy of the synthesiser and, when loudness is on, its own
 * master, so the files are the same byte for byte whatever the number of
 * jobs.  With `in_process` the sections are spoken in order in this
 * process instead, through the caller's master (which may keep them for
 * the book). */
#ifndef LDU_RENDER_H
#define LDU_RENDER_H

#include <stddef.h>

#include "doc.h"
#include "error.h"
#include "master.h"
#include "narrate.h"
#include "synth.h"

struct ldu_render_opts {
  int jobs;       /* worker processes at once */
  int in_process; /* speak here, in order, through nopts->master */
  /* how each worker makes its master (keep is ignored); NULL: no
   * loudness in workers */
  const struct ldu_master_opts *master_opts;
  /* called in this process when section `index` is done, in the order
   * they finish; may be NULL */
  void (*on_section)(void *user, size_t index,
                     const struct ldu_section_out *out);
  /* called in this process for each sentence spoken; may be NULL */
  void (*on_sentence)(void *user);
  void *user;
};

/** Speak the sections of `doc` with `nopts` into `outs` (doc->n_sections
 *  of them, zeroed; each is filled, to be freed by the caller with
 *  ldu_section_out_free(), also on failure). */
enum ldu_status ldu_render_sections(struct ldu_synth *synth,
                                    const struct ldu_doc *doc,
                                    const struct ldu_narrate_opts *nopts,
                                    const struct ldu_render_opts *ro,
                                    struct ldu_section_out *outs,
                                    struct ldu_error *err);

#endif
