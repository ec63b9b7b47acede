/* epub: the article as an EPUB 3 read-along book -- the text as written,
 * one XHTML document per section with an id on every sentence, a Media
 * Overlay (SMIL 3.0) per section with a `par` per sentence whose clip is
 * the sentence's time in the section's audio, a navigation document from
 * the headings, and the audio inside.
 *
 * Runs after every section is written (the last step of the pipeline).
 * EPUB 3's core audio types are MP3 and AAC: MP3 section files go in as
 * they are; any other format is encoded to MP3 for the book (the section
 * files themselves stay as asked).  The archive is made with libzip,
 * `mimetype` first and stored; the XML with libxml2's xmlTextWriter. */
#ifndef LDU_EPUB_H
#define LDU_EPUB_H

#include <stddef.h>

#include "book_xml.h"
#include "doc.h"
#include "error.h"
#include "narrate.h"

/** Write the EPUB of `doc`, whose first `n` sections became `secs` (files
 *  in opts->audio_dir), to `path` (replaced when complete; nothing is left
 *  behind on failure).  LDU_ERR_IO (path, errno or libzip's message in
 *  `err`), LDU_ERR_FORMAT / LDU_ERR_ENCODE (a section file that cannot be
 *  made MP3), LDU_ERR_USAGE (n is 0), LDU_ERR_NOMEM.  Never prints. */
enum ldu_status ldu_epub_write(const char *path, const struct ldu_doc *doc,
                               const struct ldu_section_out *secs, size_t n,
                               const struct ldu_book_opts *opts,
                               struct ldu_error *err);

#endif
