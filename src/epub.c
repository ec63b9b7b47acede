/* The book inside the archive:
 *
 *   mimetype                  stored, first, no extra field
 *   META-INF/container.xml
 *   EPUB/package.opf          metadata (media:duration per overlay and in
 *                             total, media:active-class), manifest, spine
 *   EPUB/nav.xhtml            table of contents from the headings
 *   EPUB/style.css            the active-sentence highlight
 *   EPUB/sNN.xhtml            section NN's text, <span id="sNN_M"> each
 *   EPUB/sNN.smil             its overlay, <par> per sentence
 *   EPUB/audio/sNN.mp3        its audio
 *
 * File names are ASCII whatever the section files are called. */
#include "epub.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "buf.h"
#include "cleanup.h"

#define ACTIVE_CLASS "ldu-active"

static const char css[] =
    "body { line-height: 1.8; }\n"
    "p.code { font-family: monospace; }\n"
    "." ACTIVE_CLASS " { background-color: #ffe58a; color: #000; }\n";

struct epub {
  zip_t *za;
  const char *path;
  time_t mtime;
  struct ldu_error *err;
};

/* libzip failed: its message goes into err->detail. */
static enum ldu_status zip_fail(struct epub *e) {
  enum ldu_status st = ldu_error_set(e->err, LDU_ERR_IO, e->path, 0);
  ldu_error_detail(e->err, "%s", zip_strerror(e->za));
  return st;
}

/* Set compression and time of the entry just added. */
static enum ldu_status finish_entry(struct epub *e, zip_int64_t idx,
                                    int store) {
  if (idx < 0)
    return zip_fail(e);
  if (zip_set_file_compression(e->za, (zip_uint64_t)idx,
                               store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
      zip_file_set_mtime(e->za, (zip_uint64_t)idx, e->mtime, 0) != 0)
    return zip_fail(e);
  return LDU_OK;
}

/* Add `len` bytes of `data` (copied) as `name`. */
static enum ldu_status add_mem(struct epub *e, const char *name,
                               const void *data, size_t len, int store) {
  zip_source_t *src;
  void *copy = malloc(len ? len : 1);
  if (copy == NULL)
    return LDU_ERR_NOMEM;
  memcpy(copy, data, len);
  src = zip_source_buffer(e->za, copy, len, 1);
  if (src == NULL) {
    free(copy);
    return zip_fail(e);
  }
  {
    zip_int64_t idx = zip_file_add(e->za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0)
      zip_source_free(src);
    return finish_entry(e, idx, store);
  }
}

/* Add the document in `x` as `name`. */
static enum ldu_status add_xml(struct epub *e, const char *name,
                               struct ldu_xml *x) {
  const char *data;
  size_t len;
  enum ldu_status st = ldu_xml_finish(x, &data, &len);
  if (st != LDU_OK)
    return st;
  return add_mem(e, name, data, len, 0);
}

/* Add the file at `file` as `name`, stored (it is compressed audio). */
static enum ldu_status add_file(struct epub *e, const char *name,
                                const char *file) {
  zip_source_t *src = zip_source_file(e->za, file, 0, -1);
  zip_int64_t idx;
  if (src == NULL) {
    enum ldu_status st = ldu_error_set(e->err, LDU_ERR_IO, file, 0);
    ldu_error_detail(e->err, "%s", zip_strerror(e->za));
    return st;
  }
  idx = zip_file_add(e->za, name, src, ZIP_FL_ENC_UTF_8);
  if (idx < 0)
    zip_source_free(src);
  return finish_entry(e, idx, 1);
}

static void xhtml_head(struct ldu_xml *x, const char *lang, const char *title) {
  ldu_xml_decl(x);
  ldu_xml_doctype(x, "html", NULL, NULL);
  ldu_xml_start(x, "html");
  ldu_xml_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
  ldu_xml_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
  ldu_xml_attr(x, "xml:lang", lang);
  ldu_xml_attr(x, "lang", lang);
  ldu_xml_nl(x);
  ldu_xml_start(x, "head");
  ldu_xml_start(x, "meta");
  ldu_xml_attr(x, "charset", "utf-8");
  ldu_xml_end(x);
  ldu_xml_leaf(x, "title", title);
  ldu_xml_start(x, "link");
  ldu_xml_attr(x, "rel", "stylesheet");
  ldu_xml_attr(x, "type", "text/css");
  ldu_xml_attr(x, "href", "style.css");
  ldu_xml_end(x);
  ldu_xml_end(x);
  ldu_xml_nl(x);
}

static enum ldu_status section_xhtml(struct epub *e, const struct ldu_doc *doc,
                                     size_t i, const char *title, int depth) {
  struct ldu_xml *x;
  char name[64];
  enum ldu_status st = ldu_xml_new(&x);
  if (st != LDU_OK)
    return st;
  xhtml_head(x, ldu_doc_language(doc), title);
  ldu_xml_start(x, "body");
  ldu_xml_nl(x);
  ldu_xml_start(x, "section");
  ldu_xml_attrf(x, "id", "sec%zu", i + 1);
  ldu_xml_nl(x);
  ldu_book_section_body(x, &doc->sections[i], i + 1, depth);
  snprintf(name, sizeof name, "EPUB/s%02zu.xhtml", i + 1);
  st = add_xml(e, name, x);
  ldu_xml_free(x);
  return st;
}

/* The overlay of section i; `*ms` gets its duration (the sum of its
 * clips: what a reading system plays). */
static enum ldu_status section_smil(struct epub *e,
                                    const struct ldu_section_out *so, size_t i,
                                    int rate, int64_t *ms) {
  struct ldu_xml *x;
  char name[64];
  char a[32];
  char b[32];
  size_t s;
  enum ldu_status st = ldu_xml_new(&x);
  *ms = 0;
  if (st != LDU_OK)
    return st;
  ldu_xml_decl(x);
  ldu_xml_start(x, "smil");
  ldu_xml_attr(x, "xmlns", "http://www.w3.org/ns/SMIL");
  ldu_xml_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
  ldu_xml_attr(x, "version", "3.0");
  ldu_xml_nl(x);
  ldu_xml_start(x, "body");
  ldu_xml_nl(x);
  for (s = 0; s < so->n_sents; s++) {
    int64_t b_ms = ldu_book_ms(so->sents[s].start, rate);
    int64_t e_ms = ldu_book_ms(so->sents[s].end, rate);
    if (e_ms > b_ms)
      *ms += e_ms - b_ms;
    ldu_book_clock_s(a, sizeof a, b_ms);
    ldu_book_clock_s(b, sizeof b, e_ms);
    ldu_xml_start(x, "par");
    ldu_xml_attrf(x, "id", "p%zu_%zu", i + 1, s + 1);
    ldu_xml_start(x, "text");
    ldu_xml_attrf(x, "src", "s%02zu.xhtml#s%zu_%zu", i + 1, i + 1, s + 1);
    ldu_xml_end(x);
    ldu_xml_start(x, "audio");
    ldu_xml_attrf(x, "src", "audio/s%02zu.mp3", i + 1);
    ldu_xml_attr(x, "clipBegin", a);
    ldu_xml_attr(x, "clipEnd", b);
    ldu_xml_end(x);
    ldu_xml_end(x);
    ldu_xml_nl(x);
  }
  snprintf(name, sizeof name, "EPUB/s%02zu.smil", i + 1);
  st = add_xml(e, name, x);
  ldu_xml_free(x);
  return st;
}

/* The label of section i in the table of contents. */
static const char *toc_label(const struct ldu_section *sec,
                             const struct ldu_section_out *so) {
  return sec->heading != NULL && sec->heading[0] != '\0' ? sec->heading
                                                         : so->title;
}

static enum ldu_status nav_doc(struct epub *e, const struct ldu_doc *doc,
                               const struct ldu_section_out *secs, size_t n,
                               const int *depth, const char *title) {
  struct ldu_xml *x;
  size_t i;
  int open = 0; /* lists open */
  enum ldu_status st = ldu_xml_new(&x);
  if (st != LDU_OK)
    return st;
  xhtml_head(x, ldu_doc_language(doc), title);
  ldu_xml_start(x, "body");
  ldu_xml_nl(x);
  ldu_xml_start(x, "nav");
  ldu_xml_attr(x, "epub:type", "toc");
  ldu_xml_attr(x, "id", "toc");
  ldu_xml_nl(x);
  ldu_xml_leaf(x, "h1", doc->script == LDU_SCRIPT_SIMP ? "目录" : "目錄");
  ldu_xml_nl(x);
  /* depths rise by one at most (ldu_book_depths()), so each deeper entry
   * opens one list inside the item before it */
  for (i = 0; i < n; i++) {
    const struct ldu_section *sec = &doc->sections[i];
    if (depth[i] > open) {
      ldu_xml_start(x, "ol");
      open++;
    } else {
      ldu_xml_end(x); /* li */
      while (open > depth[i]) {
        ldu_xml_end(x); /* ol */
        ldu_xml_end(x); /* li */
        open--;
      }
    }
    ldu_xml_nl(x);
    ldu_xml_start(x, "li");
    ldu_xml_start(x, "a");
    if (sec->heading != NULL && sec->n_paras > 0 &&
        sec->paras[0].kind == LDU_PARA_HEADING)
      ldu_xml_attrf(x, "href", "s%02zu.xhtml#h%zu", i + 1, i + 1);
    else
      ldu_xml_attrf(x, "href", "s%02zu.xhtml#s%zu_1", i + 1, i + 1);
    ldu_xml_text(x, toc_label(sec, &secs[i]));
    ldu_xml_end(x);
  }
  while (open > 0) {
    ldu_xml_end(x); /* li */
    ldu_xml_end(x); /* ol */
    open--;
  }
  ldu_xml_nl(x);
  st = add_xml(e, "EPUB/nav.xhtml", x);
  ldu_xml_free(x);
  return st;
}

static void meta_prop(struct ldu_xml *x, const char *prop, const char *refines,
                      const char *value) {
  ldu_xml_start(x, "meta");
  ldu_xml_attr(x, "property", prop);
  if (refines != NULL)
    ldu_xml_attr(x, "refines", refines);
  ldu_xml_text(x, value);
  ldu_xml_end(x);
  ldu_xml_nl(x);
}

static void item(struct ldu_xml *x, const char *id, const char *href,
                 const char *type, const char *props, const char *overlay) {
  ldu_xml_start(x, "item");
  ldu_xml_attr(x, "id", id);
  ldu_xml_attr(x, "href", href);
  ldu_xml_attr(x, "media-type", type);
  if (props != NULL)
    ldu_xml_attr(x, "properties", props);
  if (overlay != NULL)
    ldu_xml_attr(x, "media-overlay", overlay);
  ldu_xml_end(x);
  ldu_xml_nl(x);
}

static enum ldu_status package_opf(struct epub *e, const struct ldu_doc *doc,
                                   size_t n, const int64_t *ms,
                                   const struct ldu_book_opts *o) {
  struct ldu_xml *x;
  char id[LDU_BOOK_ID_MAX];
  char date[21];
  char clock[48];
  char a[32];
  char b[32];
  char c[32];
  int64_t total = 0;
  size_t i;
  enum ldu_status st = ldu_book_identifier(doc, o->title, id);
  if (st != LDU_OK)
    return st;
  st = ldu_xml_new(&x);
  if (st != LDU_OK)
    return st;
  ldu_book_date(date, o->modified);
  ldu_xml_decl(x);
  ldu_xml_start(x, "package");
  ldu_xml_attr(x, "xmlns", "http://www.idpf.org/2007/opf");
  ldu_xml_attr(x, "version", "3.0");
  ldu_xml_attr(x, "unique-identifier", "uid");
  ldu_xml_attr(x, "xml:lang", ldu_doc_language(doc));
  ldu_xml_nl(x);
  ldu_xml_start(x, "metadata");
  ldu_xml_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  ldu_xml_nl(x);
  ldu_xml_start(x, "dc:identifier");
  ldu_xml_attr(x, "id", "uid");
  ldu_xml_text(x, id);
  ldu_xml_end(x);
  ldu_xml_nl(x);
  ldu_xml_leaf(x, "dc:title", o->title);
  ldu_xml_nl(x);
  ldu_xml_leaf(x, "dc:language", ldu_doc_language(doc));
  ldu_xml_nl(x);
  if (o->creator != NULL && o->creator[0] != '\0') {
    ldu_xml_leaf(x, "dc:creator", o->creator);
    ldu_xml_nl(x);
  }
  meta_prop(x, "dcterms:modified", NULL, date);
  for (i = 0; i < n; i++)
    total += ms[i];
  ldu_book_clock_full(clock, sizeof clock, total);
  meta_prop(x, "media:duration", NULL, clock);
  for (i = 0; i < n; i++) {
    snprintf(a, sizeof a, "#mo%02zu", i + 1);
    ldu_book_clock_full(clock, sizeof clock, ms[i]);
    meta_prop(x, "media:duration", a, clock);
  }
  meta_prop(x, "media:narrator", NULL, "langdu");
  meta_prop(x, "media:active-class", NULL, ACTIVE_CLASS);
  ldu_xml_end(x); /* metadata */
  ldu_xml_nl(x);
  ldu_xml_start(x, "manifest");
  ldu_xml_nl(x);
  item(x, "nav", "nav.xhtml", "application/xhtml+xml", "nav", NULL);
  item(x, "css", "style.css", "text/css", NULL, NULL);
  for (i = 0; i < n; i++) {
    snprintf(a, sizeof a, "x%02zu", i + 1);
    snprintf(b, sizeof b, "s%02zu.xhtml", i + 1);
    snprintf(c, sizeof c, "mo%02zu", i + 1);
    item(x, a, b, "application/xhtml+xml", NULL, c);
    snprintf(b, sizeof b, "s%02zu.smil", i + 1);
    item(x, c, b, "application/smil+xml", NULL, NULL);
    snprintf(a, sizeof a, "au%02zu", i + 1);
    snprintf(b, sizeof b, "audio/s%02zu.mp3", i + 1);
    item(x, a, b, "audio/mpeg", NULL, NULL);
  }
  ldu_xml_end(x); /* manifest */
  ldu_xml_nl(x);
  ldu_xml_start(x, "spine");
  ldu_xml_nl(x);
  for (i = 0; i < n; i++) {
    ldu_xml_start(x, "itemref");
    ldu_xml_attrf(x, "idref", "x%02zu", i + 1);
    ldu_xml_end(x);
    ldu_xml_nl(x);
  }
  ldu_xml_end(x); /* spine */
  ldu_xml_nl(x);
  st = add_xml(e, "EPUB/package.opf", x);
  ldu_xml_free(x);
  return st;
}

static enum ldu_status container_xml(struct epub *e) {
  struct ldu_xml *x;
  enum ldu_status st = ldu_xml_new(&x);
  if (st != LDU_OK)
    return st;
  ldu_xml_decl(x);
  ldu_xml_start(x, "container");
  ldu_xml_attr(x, "version", "1.0");
  ldu_xml_attr(x, "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
  ldu_xml_nl(x);
  ldu_xml_start(x, "rootfiles");
  ldu_xml_nl(x);
  ldu_xml_start(x, "rootfile");
  ldu_xml_attr(x, "full-path", "EPUB/package.opf");
  ldu_xml_attr(x, "media-type", "application/oebps-package+xml");
  ldu_xml_end(x);
  ldu_xml_nl(x);
  st = add_xml(e, "META-INF/container.xml", x);
  ldu_xml_free(x);
  return st;
}

/* Put section i's audio in as EPUB/audio/sNN.mp3: the file itself when it
 * is MP3, else an MP3 made from it at `tmp`, a hidden file beside the
 * section files (the caller removes it once the archive is closed). */
static enum ldu_status section_audio(struct epub *e,
                                     const struct ldu_section_out *so, size_t i,
                                     const struct ldu_book_opts *o,
                                     struct ldu_buf *tmp) {
  struct ldu_buf src;
  char name[64];
  enum ldu_status st;
  ldu_buf_init(&src, 1 << 16);
  if (ldu_buf_printf(&src, "%s/%s", o->audio_dir, so->file) != LDU_OK)
    return LDU_ERR_NOMEM;
  snprintf(name, sizeof name, "EPUB/audio/s%02zu.mp3", i + 1);
  if (ldu_book_has_ext(so->file, "mp3")) {
    st = add_file(e, name, src.data);
    goto out;
  }
  ldu_buf_reset(tmp);
  if (ldu_buf_printf(tmp, "%s/.ldu-epub-s%02zu.mp3", o->audio_dir, i + 1) !=
      LDU_OK) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  st = ldu_book_mp3(src.data, tmp->data, so->title, o->title, o->creator,
                    e->err);
  if (st == LDU_OK)
    st = add_file(e, name, tmp->data);
out:
  ldu_buf_free(&src);
  return st;
}

enum ldu_status ldu_epub_write(const char *path, const struct ldu_doc *doc,
                               const struct ldu_section_out *secs, size_t n,
                               const struct ldu_book_opts *opts,
                               struct ldu_error *err) {
  struct epub e;
  struct ldu_buf tmp;
  struct ldu_buf *mp3 = NULL; /* temporary MP3 files, one per section */
  int *depth = NULL;
  int64_t *ms = NULL;
  enum ldu_status st = LDU_OK;
  size_t i;
  int zerr = 0;
  int fd;
  int slot = -1; /* tmp.data's cleanup registration (signals) */

  memset(&e, 0, sizeof e);
  e.path = path;
  e.err = err;
  e.mtime = opts->modified != 0 ? opts->modified : time(NULL);
  ldu_buf_init(&tmp, 1 << 16);
  if (n == 0 || n > doc->n_sections)
    return LDU_ERR_USAGE;
  /* calloc checks n * size for overflow */
  depth = calloc(n, sizeof *depth);
  ms = calloc(n, sizeof *ms);
  mp3 = calloc(n, sizeof *mp3);
  if (depth == NULL || ms == NULL || mp3 == NULL ||
      ldu_buf_printf(&tmp, "%s.tmp", path) != LDU_OK) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < n; i++)
    ldu_buf_init(&mp3[i], 1 << 16);
  ldu_book_depths(doc, n, depth);

  /* fail now, not after encoding, when the book cannot be written there
   * (libzip creates the file only when it is closed) */
  slot = ldu_cleanup_add(tmp.data); /* before it exists: no gap */
  fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  close(fd);
  e.za = zip_open(tmp.data, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (e.za == NULL) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    st = ldu_error_set(err, LDU_ERR_IO, path, zip_error_code_system(&ze));
    ldu_error_detail(err, "%s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    goto out;
  }
  /* OCF: mimetype is the first entry, stored */
  st = add_mem(&e, "mimetype", "application/epub+zip", 20, 1);
  if (st == LDU_OK)
    st = container_xml(&e);
  for (i = 0; i < n && st == LDU_OK; i++) {
    st = section_xhtml(&e, doc, i, secs[i].title, depth[i]);
    if (st == LDU_OK)
      st = section_smil(&e, &secs[i], i, opts->rate, &ms[i]);
    if (st == LDU_OK)
      st = section_audio(&e, &secs[i], i, opts, &mp3[i]);
  }
  if (st == LDU_OK)
    st = nav_doc(&e, doc, secs, n, depth, opts->title);
  if (st == LDU_OK)
    st = add_mem(&e, "EPUB/style.css", css, sizeof css - 1, 0);
  if (st == LDU_OK)
    st = package_opf(&e, doc, n, ms, opts);
  if (st != LDU_OK)
    goto out;
  if (zip_close(e.za) != 0) {
    st = zip_fail(&e);
    goto out;
  }
  e.za = NULL;
  if (rename(tmp.data, path) != 0)
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
out:
  if (e.za != NULL)
    zip_discard(e.za);
  if (st != LDU_OK && tmp.data != NULL)
    remove(tmp.data);
  ldu_cleanup_forget(slot);
  for (i = 0; mp3 != NULL && i < n; i++) {
    if (mp3[i].data != NULL)
      remove(mp3[i].data);
    ldu_buf_free(&mp3[i]);
  }
  free(mp3);
  free(depth);
  free(ms);
  ldu_buf_free(&tmp);
  return st;
}
