/* manifest: DIR/manifest.json, the index of what a run wrote -- the
 * document title, and per section its file, duration, chapters and
 * sentence times (seconds, from espeak-ng's sample counts). */
#ifndef LDU_MANIFEST_H
#define LDU_MANIFEST_H

#include <stddef.h>

#include "doc.h"
#include "error.h"
#include "narrate.h"
#include "podcast.h"

/** Write the manifest of `doc`, whose `n` sections became `secs` (audio at
 *  `rate` Hz, container `format`), to `path` (replaced atomically).
 *  `book` (may be NULL) is the one-file book; `files` (may be NULL) every
 *  file written, with sizes and SHA-256: then a section whose file is not
 *  among them (--book-only) gets "file": null. */
enum ldu_status ldu_manifest_write(const char *path, const struct ldu_doc *doc,
                                   const char *title,
                                   const struct ldu_section_out *secs,
                                   size_t n, int rate, const char *format,
                                   const struct ldu_section_out *book,
                                   const struct ldu_files *files,
                                   struct ldu_error *err);

#endif
