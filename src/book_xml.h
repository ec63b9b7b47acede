/* book_xml: what the talking-book writers (epub.c, daisy.c) share -- an
 * XML writer over libxml2's xmlTextWriter with a sticky status, the
 * book's language tag, identifier and heading depths, the clock formats
 * of SMIL and the package files, and getting a section's audio into a
 * book (hard link, copy, or MP3 made from it).
 *
 * The books are built after every section is written, from the doc, the
 * section outputs (narrate.h) and the sample rate; times come from the
 * same sample counts as manifest.json and are rounded to milliseconds the
 * same way, so the books' clips and the manifest agree. */
#ifndef LDU_BOOK_XML_H
#define LDU_BOOK_XML_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "doc.h"
#include "error.h"
#include "narrate.h"

/* What both writers are given besides the doc and the sections. */
struct ldu_book_opts {
  const char *title;     /* the book's title; never NULL */
  const char *creator;   /* dc:creator (the --artist); NULL: none */
  const char *audio_dir; /* folder holding the section files (-o) */
  int rate;              /* Hz: the section outputs count frames at it */
  time_t modified;       /* dcterms:modified, dc:date; 0: now */
};

/* Longest identifier: "urn:uuid:" + 36 + NUL. */
#define LDU_BOOK_ID_MAX 46

struct ldu_xml;

/** A new, empty XML document in memory in `*out` (free with
 *  ldu_xml_free()).  LDU_ERR_NOMEM. */
enum ldu_status ldu_xml_new(struct ldu_xml **out);

/** Free `x`; NULL is a no-op. */
void ldu_xml_free(struct ldu_xml *x);

/* The writing calls below do nothing once one has failed; the first
 * failure is what ldu_xml_finish() returns.  Names are written as given
 * ("xml:lang", "epub:type", "xmlns" included); text and attribute values
 * are escaped. */

/** The XML declaration (version 1.0, UTF-8). */
void ldu_xml_decl(struct ldu_xml *x);
/** <!DOCTYPE name PUBLIC "pub" "sys">; both ids NULL: <!DOCTYPE name>. */
void ldu_xml_doctype(struct ldu_xml *x, const char *name, const char *pub,
                     const char *sys);
/** Open element `name`. */
void ldu_xml_start(struct ldu_xml *x, const char *name);
/** Close the innermost open element (<a/> when it is empty). */
void ldu_xml_end(struct ldu_xml *x);
/** An attribute of the element just opened. */
void ldu_xml_attr(struct ldu_xml *x, const char *name, const char *value);
/** An attribute with a printf-style value. */
void ldu_xml_attrf(struct ldu_xml *x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** Escaped text. */
void ldu_xml_text(struct ldu_xml *x, const char *text);
/** <name>text</name>. */
void ldu_xml_leaf(struct ldu_xml *x, const char *name, const char *text);
/** A line break between elements (never inside running text). */
void ldu_xml_nl(struct ldu_xml *x);

/** Close what is open and end the document.  On LDU_OK `*data` (borrowed
 *  from `x`, valid until ldu_xml_free()) holds `*len` bytes of UTF-8.
 *  LDU_ERR_NOMEM when any call failed. */
enum ldu_status ldu_xml_finish(struct ldu_xml *x, const char **data,
                               size_t *len);

/** A stable identifier for the book, "urn:uuid:" and a name-based UUID
 *  made from the SHA-256 of `title` and every sentence of `doc`.
 *  LDU_ERR_NOMEM. */
enum ldu_status ldu_book_identifier(const struct ldu_doc *doc,
                                    const char *title,
                                    char out[LDU_BOOK_ID_MAX]);

/** The heading depth (1..6) of each of the first `n` sections of `doc`
 *  into `depth`: levels nest without gaps (a level 3 right after a level
 *  1 becomes depth 2), the first section is depth 1, a section without a
 *  heading counts as level 1. */
void ldu_book_depths(const struct ldu_doc *doc, size_t n, int *depth);

/** `frames` at `rate` Hz in whole milliseconds, rounded like
 *  manifest.json's seconds. */
int64_t ldu_book_ms(int64_t frames, int rate);

/* Clock values from milliseconds, into `out` of `size` bytes. */
/** "12.345s" (SMIL 3.0 clipBegin/clipEnd, seq dur). */
void ldu_book_clock_s(char *out, size_t size, int64_t ms);
/** "0:01:02.345" (EPUB media:duration). */
void ldu_book_clock_full(char *out, size_t size, int64_t ms);
/** "00:01:02" rounded to the second (DAISY ncc: times). */
void ldu_book_clock_hms(char *out, size_t size, int64_t ms);

/** "YYYY-MM-DDThh:mm:ssZ" of `t` (0: now) in UTC. */
void ldu_book_date(char out[21], time_t t);

/** Write `len` bytes to `path`, through a temporary beside it that is
 *  renamed over it.  LDU_ERR_IO (path, errno in `err`), LDU_ERR_NOMEM. */
enum ldu_status ldu_book_save(const char *path, const void *data, size_t len,
                              struct ldu_error *err);

/** Nonzero when `file`'s extension is `ext` (no dot, ASCII, any case). */
int ldu_book_has_ext(const char *file, const char *ext);

/** Make `dst` the same bytes as `src`: a hard link when possible, else a
 *  copy (`dst` is replaced).  LDU_ERR_IO, LDU_ERR_NOMEM. */
enum ldu_status ldu_book_link(const char *src, const char *dst,
                              struct ldu_error *err);

/** Encode the audio file `src` (any format libsndfile reads, mono) into
 *  the MP3 file `dst` with the section's tags (title, album = `album`,
 *  artist; any may be NULL).  LDU_ERR_IO, LDU_ERR_FORMAT (not mono or
 *  unreadable), LDU_ERR_ENCODE, LDU_ERR_NOMEM. */
enum ldu_status ldu_book_mp3(const char *src, const char *dst,
                             const char *title, const char *album,
                             const char *artist, struct ldu_error *err);

/** The text of a section as it is shown: its paragraphs as XHTML, each
 *  sentence a <span id="s{sec}_{sent}"> (1-based), the section's heading
 *  as <h{depth} id="h{sec}">, a heading further down (a level the article
 *  is not split at) as <h{depth+1} id="h{sec}_{para}">, code as
 *  <p class="code">, each other paragraph a <p>.  `sec_no` is 1-based. */
void ldu_book_section_body(struct ldu_xml *x, const struct ldu_section *sec,
                           size_t sec_no, int depth);

#endif
