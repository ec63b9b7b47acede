#include "daisy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

#define XHTML_PUB "-//W3C//DTD XHTML 1.0 Transitional//EN"
#define XHTML_SYS "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"
#define SMIL_PUB "-//W3C//DTD SMIL 1.0//EN"
#define SMIL_SYS "http://www.w3.org/TR/REC-smil/SMIL10.dtd"

/* What the writer works with. */
struct daisy {
  const char *dir;
  const struct ldu_doc *doc;
  const struct ldu_section_out *secs;
  size_t n;
  const struct ldu_book_opts *o;
  struct ldu_error *err;
  char id[LDU_BOOK_ID_MAX];
  char **audio;    /* the audio file name of each section in the book */
  int64_t *dur_ms; /* what each SMIL plays */
  int *depth;
  long long bytes; /* of every file but ncc.html */
};

/* Finish `x` and save it as dir/name. */
static enum ldu_status save_xml(struct daisy *d, const char *name,
                                struct ldu_xml *x) {
  struct ldu_buf path;
  const char *data;
  size_t len;
  enum ldu_status st = ldu_xml_finish(x, &data, &len);
  if (st != LDU_OK)
    return st;
  ldu_buf_init(&path, 1 << 16);
  if (ldu_buf_printf(&path, "%s/%s", d->dir, name) != LDU_OK)
    return LDU_ERR_NOMEM;
  st = ldu_book_save(path.data, data, len, d->err);
  if (st == LDU_OK)
    d->bytes += (long long)len;
  ldu_buf_free(&path);
  return st;
}

static void meta(struct ldu_xml *x, const char *name, const char *content,
                 const char *scheme) {
  ldu_xml_start(x, "meta");
  ldu_xml_attr(x, "name", name);
  ldu_xml_attr(x, "content", content);
  if (scheme != NULL)
    ldu_xml_attr(x, "scheme", scheme);
  ldu_xml_end(x);
  ldu_xml_nl(x);
}

static void meta_num(struct ldu_xml *x, const char *name, long long v) {
  char s[32];
  snprintf(s, sizeof s, "%lld", v);
  meta(x, name, s, NULL);
}

static void xhtml_start(struct ldu_xml *x, const char *lang,
                        const char *title) {
  ldu_xml_decl(x);
  ldu_xml_doctype(x, "html", XHTML_PUB, XHTML_SYS);
  ldu_xml_start(x, "html");
  ldu_xml_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
  ldu_xml_attr(x, "xml:lang", lang);
  ldu_xml_attr(x, "lang", lang);
  ldu_xml_nl(x);
  ldu_xml_start(x, "head");
  ldu_xml_nl(x);
  ldu_xml_start(x, "meta");
  ldu_xml_attr(x, "http-equiv", "Content-Type");
  ldu_xml_attr(x, "content", "text/html; charset=utf-8");
  ldu_xml_end(x);
  ldu_xml_nl(x);
  ldu_xml_leaf(x, "title", title);
  ldu_xml_nl(x);
}

/* The name in the book of section i's audio, whose file is `file`. */
static void audio_name(const char *file, size_t i, char name[32]) {
  snprintf(name, 32, "s%02zu.%s", i + 1,
           ldu_book_has_ext(file, "wav") ? "wav" : "mp3");
}

/* Section i's audio as `name` in the book: linked when the section file
 * is MP3 or WAV, else encoded to MP3. */
static enum ldu_status section_audio(struct daisy *d, size_t i) {
  const struct ldu_section_out *so = &d->secs[i];
  struct ldu_buf src;
  struct ldu_buf dst;
  struct stat sb;
  int keep =
      ldu_book_has_ext(so->file, "wav") || ldu_book_has_ext(so->file, "mp3");
  enum ldu_status st = LDU_ERR_NOMEM;
  ldu_buf_init(&src, 1 << 16);
  ldu_buf_init(&dst, 1 << 16);
  d->audio[i] = malloc(32);
  if (d->audio[i] == NULL)
    goto out;
  audio_name(so->file, i, d->audio[i]);
  if (ldu_buf_printf(&src, "%s/%s", d->o->audio_dir, so->file) != LDU_OK ||
      ldu_buf_printf(&dst, "%s/%s", d->dir, d->audio[i]) != LDU_OK)
    goto out;
  if (keep)
    st = ldu_book_link(src.data, dst.data, d->err);
  else
    st = ldu_book_mp3(src.data, dst.data, so->title, d->o->title, d->o->creator,
                      d->err);
  if (st == LDU_OK && stat(dst.data, &sb) == 0)
    d->bytes += (long long)sb.st_size;
out:
  ldu_buf_free(&src);
  ldu_buf_free(&dst);
  return st;
}

/* One SMIL 1.0 file for section i, starting `elapsed_ms` into the book. */
static enum ldu_status section_smil(struct daisy *d, size_t i,
                                    int64_t elapsed_ms) {
  const struct ldu_section_out *so = &d->secs[i];
  struct ldu_xml *x;
  char clock[48];
  char a[32];
  char b[32];
  char name[32];
  size_t s;
  int rate = d->o->rate;
  int64_t end_ms = ldu_book_ms(so->frames, rate);
  enum ldu_status st = ldu_xml_new(&x);
  if (st != LDU_OK)
    return st;
  /* a player plays the clips: from the first sentence to the end */
  d->dur_ms[i] = end_ms;
  if (so->n_sents > 0)
    d->dur_ms[i] -= ldu_book_ms(so->sents[0].start, rate);
  ldu_xml_decl(x);
  ldu_xml_doctype(x, "smil", SMIL_PUB, SMIL_SYS);
  ldu_xml_start(x, "smil");
  ldu_xml_nl(x);
  ldu_xml_start(x, "head");
  ldu_xml_nl(x);
  meta(x, "dc:format", "Daisy 2.02", NULL);
  meta(x, "dc:identifier", d->id, NULL);
  meta(x, "dc:title", d->o->title, NULL);
  meta(x, "title", so->title, NULL);
  meta(x, "ncc:generator", "langdu " LDU_VERSION, NULL);
  ldu_book_clock_hms(clock, sizeof clock, elapsed_ms);
  meta(x, "ncc:totalElapsedTime", clock, NULL);
  ldu_book_clock_hms(clock, sizeof clock, d->dur_ms[i]);
  meta(x, "ncc:timeInThisSmil", clock, NULL);
  ldu_xml_start(x, "layout");
  ldu_xml_start(x, "region");
  ldu_xml_attr(x, "id", "txtView");
  ldu_xml_end(x);
  ldu_xml_end(x);
  ldu_xml_nl(x);
  ldu_xml_end(x); /* head */
  ldu_xml_nl(x);
  ldu_xml_start(x, "body");
  ldu_xml_nl(x);
  ldu_xml_start(x, "seq");
  ldu_book_clock_s(clock, sizeof clock, d->dur_ms[i]);
  ldu_xml_attr(x, "dur", clock);
  ldu_xml_nl(x);
  for (s = 0; s < so->n_sents; s++) {
    int64_t b_ms = ldu_book_ms(so->sents[s].start, rate);
    int64_t e_ms = ldu_book_ms(so->sents[s].end, rate);
    int64_t next = s + 1 < so->n_sents
                       ? ldu_book_ms(so->sents[s + 1].start, rate)
                       : end_ms;
    ldu_xml_start(x, "par");
    ldu_xml_attr(x, "endsync", "last");
    ldu_xml_attrf(x, "id", "p%zu_%zu", i + 1, s + 1);
    ldu_xml_nl(x);
    ldu_xml_start(x, "text");
    ldu_xml_attrf(x, "src", "content.html#s%zu_%zu", i + 1, s + 1);
    ldu_xml_attrf(x, "id", "t%zu_%zu", i + 1, s + 1);
    ldu_xml_end(x);
    ldu_xml_nl(x);
    ldu_xml_start(x, "seq");
    ldu_xml_nl(x);
    snprintf(a, sizeof a, "npt=");
    ldu_book_clock_s(a + 4, sizeof a - 4, b_ms);
    snprintf(b, sizeof b, "npt=");
    ldu_book_clock_s(b + 4, sizeof b - 4, e_ms);
    ldu_xml_start(x, "audio");
    ldu_xml_attr(x, "src", d->audio[i]);
    ldu_xml_attr(x, "clip-begin", a);
    ldu_xml_attr(x, "clip-end", b);
    ldu_xml_attrf(x, "id", "a%zu_%zu", i + 1, s + 1);
    ldu_xml_end(x);
    ldu_xml_nl(x);
    if (next > e_ms) {
      /* the pause after the sentence, its own clip */
      snprintf(a, sizeof a, "npt=");
      ldu_book_clock_s(a + 4, sizeof a - 4, next);
      ldu_xml_start(x, "audio");
      ldu_xml_attr(x, "src", d->audio[i]);
      ldu_xml_attr(x, "clip-begin", b);
      ldu_xml_attr(x, "clip-end", a);
      ldu_xml_attrf(x, "id", "g%zu_%zu", i + 1, s + 1);
      ldu_xml_end(x);
      ldu_xml_nl(x);
    }
    ldu_xml_end(x); /* seq */
    ldu_xml_nl(x);
    ldu_xml_end(x); /* par */
    ldu_xml_nl(x);
  }
  snprintf(name, sizeof name, "s%02zu.smil", i + 1);
  st = save_xml(d, name, x);
  ldu_xml_free(x);
  return st;
}

static enum ldu_status content_html(struct daisy *d) {
  struct ldu_xml *x;
  size_t i;
  enum ldu_status st = ldu_xml_new(&x);
  if (st != LDU_OK)
    return st;
  xhtml_start(x, ldu_doc_language(d->doc), d->o->title);
  ldu_xml_end(x); /* head */
  ldu_xml_nl(x);
  ldu_xml_start(x, "body");
  ldu_xml_nl(x);
  for (i = 0; i < d->n; i++)
    ldu_book_section_body(x, &d->doc->sections[i], i + 1, d->depth[i]);
  st = save_xml(d, "content.html", x);
  ldu_xml_free(x);
  return st;
}

static enum ldu_status ncc_html(struct daisy *d, int64_t total_ms) {
  struct ldu_xml *x;
  char date[21];
  char clock[48];
  char h[4];
  size_t i;
  int max_depth = 1;
  enum ldu_status st = ldu_xml_new(&x);
  if (st != LDU_OK)
    return st;
  for (i = 0; i < d->n; i++)
    if (d->depth[i] > max_depth)
      max_depth = d->depth[i];
  ldu_book_date(date, d->o->modified);
  date[10] = '\0';
  xhtml_start(x, ldu_doc_language(d->doc), d->o->title);
  meta(x, "dc:title", d->o->title, NULL);
  meta(x, "dc:creator",
       d->o->creator != NULL && d->o->creator[0] ? d->o->creator : "langdu",
       NULL);
  meta(x, "dc:date", date, "yyyy-mm-dd");
  meta(x, "dc:format", "Daisy 2.02", NULL);
  meta(x, "dc:identifier", d->id, NULL);
  meta(x, "dc:language", ldu_doc_language(d->doc), "ISO 639");
  meta(x, "dc:publisher", "langdu", NULL);
  meta(x, "ncc:charset", "utf-8", NULL);
  meta_num(x, "ncc:depth", max_depth);
  meta_num(x, "ncc:files", 2 + 2 * (long long)d->n);
  meta_num(x, "ncc:footnotes", 0);
  meta(x, "ncc:generator", "langdu " LDU_VERSION, NULL);
  meta_num(x, "ncc:kByteSize", (d->bytes + 1023) / 1024);
  meta_num(x, "ncc:maxPageNormal", 0);
  meta(x, "ncc:multimediaType", "audioFullText", NULL);
  meta(x, "ncc:narrator", "langdu", NULL);
  meta_num(x, "ncc:pageFront", 0);
  meta_num(x, "ncc:pageNormal", 0);
  meta_num(x, "ncc:pageSpecial", 0);
  meta_num(x, "ncc:prodNotes", 0);
  meta(x, "ncc:setInfo", "1 of 1", NULL);
  meta_num(x, "ncc:sidebars", 0);
  meta_num(x, "ncc:tocItems", (long long)d->n);
  ldu_book_clock_hms(clock, sizeof clock, total_ms);
  meta(x, "ncc:totalTime", clock, "hh:mm:ss");
  ldu_xml_end(x); /* head */
  ldu_xml_nl(x);
  ldu_xml_start(x, "body");
  ldu_xml_nl(x);
  for (i = 0; i < d->n; i++) {
    const struct ldu_section *sec = &d->doc->sections[i];
    const char *label = sec->heading != NULL && sec->heading[0] != '\0'
                            ? sec->heading
                            : d->secs[i].title;
    snprintf(h, sizeof h, "h%d", d->depth[i]);
    ldu_xml_start(x, h);
    /* DAISY 2.02: the first heading is the book's title */
    if (i == 0) {
      ldu_xml_attr(x, "class", "title");
      if (sec->heading == NULL || sec->heading[0] == '\0')
        label = d->o->title;
    }
    ldu_xml_attrf(x, "id", "n%zu", i + 1);
    ldu_xml_start(x, "a");
    ldu_xml_attrf(x, "href", "s%02zu.smil#t%zu_1", i + 1, i + 1);
    ldu_xml_text(x, label);
    ldu_xml_end(x);
    ldu_xml_end(x);
    ldu_xml_nl(x);
  }
  st = save_xml(d, "ncc.html", x);
  ldu_xml_free(x);
  return st;
}

enum ldu_status ldu_daisy_write(const char *dir, const struct ldu_doc *doc,
                                const struct ldu_section_out *secs, size_t n,
                                const struct ldu_book_opts *opts,
                                struct ldu_error *err) {
  struct daisy d;
  enum ldu_status st;
  int64_t total = 0;
  size_t i;

  if (n == 0 || n > doc->n_sections)
    return LDU_ERR_USAGE;
  memset(&d, 0, sizeof d);
  d.dir = dir;
  d.doc = doc;
  d.secs = secs;
  d.n = n;
  d.o = opts;
  d.err = err;
  d.audio = calloc(n, sizeof *d.audio);
  d.dur_ms = calloc(n, sizeof *d.dur_ms);
  d.depth = calloc(n, sizeof *d.depth);
  if (d.audio == NULL || d.dur_ms == NULL || d.depth == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  st = ldu_book_identifier(doc, opts->title, d.id);
  if (st != LDU_OK)
    goto out;
  ldu_book_depths(doc, n, d.depth);
  for (i = 0; i < n && st == LDU_OK; i++) {
    st = section_audio(&d, i);
    if (st == LDU_OK)
      st = section_smil(&d, i, total);
    total += d.dur_ms[i];
  }
  if (st == LDU_OK)
    st = content_html(&d);
  /* last: a player that finds ncc.html finds a whole book */
  if (st == LDU_OK)
    st = ncc_html(&d, total);
out:
  for (i = 0; d.audio != NULL && i < n; i++)
    free(d.audio[i]);
  free(d.audio);
  free(d.dur_ms);
  free(d.depth);
  return st;
}

enum ldu_status ldu_daisy_names(const struct ldu_section_out *secs, size_t n,
                                ldu_daisy_name_fn fn, void *user) {
  char name[32];
  enum ldu_status st = LDU_OK;
  size_t i;
  for (i = 0; i < n && st == LDU_OK; i++) {
    audio_name(secs[i].file, i, name);
    st = fn(user, name);
    snprintf(name, sizeof name, "s%02zu.smil", i + 1);
    if (st == LDU_OK)
      st = fn(user, name);
  }
  if (st == LDU_OK)
    st = fn(user, "content.html");
  if (st == LDU_OK)
    st = fn(user, "ncc.html");
  return st;
}
