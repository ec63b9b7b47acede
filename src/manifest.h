/* manifest: DIR/manifest.json, the index of what a run wrote -- the
 * document title, and per section its file, duration, chapters and
 * sentence times (seconds, from espeak-ng's sample counts). */
#ifndef LDU_MANIFEST_H
#define LDU_MANIFEST_H

#include <stddef.h>

#include "doc.h"
#include "error.h"
#include "narrate.h"

/** Write the manifest of `doc`, whose `n` sections became `secs` (audio at
 *  `rate` Hz, container `format`), to `path` (replaced atomically). */
enum ldu_status ldu_manifest_write(const char *path, const struct ldu_doc *doc,
                                   const char *title,
                                   const struct ldu_section_out *secs,
                                   size_t n, int rate, const char *format,
                                   struct ldu_error *err);

#endif
