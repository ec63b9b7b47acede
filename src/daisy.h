/* daisy: the article as a DAISY 2.02 talking book ("full text, full
 * audio") for DAISY players -- hardware players, phone apps and library
 * services that move by heading and sentence without a screen.
 *
 * In one folder: ncc.html (the navigation centre: the book's dc: and ncc:
 * metadata and a heading h1..h6 per section, each linking to the first
 * sentence's `par`), content.html (the text as written, an id on every
 * sentence and heading), one SMIL 1.0 file per section (a `par` per
 * sentence: `text` into content.html, the sentence's clip, then the pause
 * after it, so players keep the narration's rhythm) and the audio: the
 * section files hard-linked (copied across file systems) when they are
 * MP3 or WAV, the two formats DAISY 2.02 allows, else encoded to MP3.
 * Runs after every section is written, like epub.h. */
#ifndef LDU_DAISY_H
#define LDU_DAISY_H

#include <stddef.h>

#include "book_xml.h"
#include "doc.h"
#include "error.h"
#include "narrate.h"

/** Write the DAISY book of `doc`, whose first `n` sections became `secs`
 *  (files in opts->audio_dir), into the existing folder `dir` (files of
 *  the same names are replaced).  LDU_ERR_IO (path, errno in `err`),
 *  LDU_ERR_FORMAT / LDU_ERR_ENCODE (a section file that cannot be made
 *  MP3), LDU_ERR_USAGE (n is 0), LDU_ERR_NOMEM.  Never prints. */
enum ldu_status ldu_daisy_write(const char *dir, const struct ldu_doc *doc,
                                const struct ldu_section_out *secs, size_t n,
                                const struct ldu_book_opts *opts,
                                struct ldu_error *err);

/* Called with each file name; `user` is the caller's. */
typedef enum ldu_status (*ldu_daisy_name_fn)(void *user, const char *name);

/** Call `fn` with the name of every file ldu_daisy_write() writes into its
 *  folder for the `n` sections `secs`, in the order written: each
 *  section's audio (sNN.mp3 or sNN.wav) and SMIL (sNN.smil), then
 *  content.html and ncc.html.  Returns the first status of `fn` that is
 *  not LDU_OK, else LDU_OK. */
enum ldu_status ldu_daisy_names(const struct ldu_section_out *secs, size_t n,
                                ldu_daisy_name_fn fn, void *user);

#endif
