/* podcast: sidecars for every audio file, the playlist, the feed, and the
 * hashed list of files. */
#include "podcast.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "chapters.h"
#include "cleanup.h"
#include "feed.h"
#include "playlist.h"
#include "subtitle.h"

/* One audio file and the names of its sidecars. */
struct track {
  const struct ldu_section_out *so;
  size_t section;   /* index in doc, or SIZE_MAX for the book */
  char *chapters;   /* NULL when it has no chapters */
  char *vtt;
  char *srt;
  char *guid;
  char *description;
  int64_t size;
};

typedef enum ldu_status (*render_fn)(const void *ctx,
                                     const struct ldu_sink *sink,
                                     struct ldu_error *err);

void ldu_files_free(struct ldu_files *f) {
  size_t i;
  if (f == NULL)
    return;
  for (i = 0; i < f->n; i++)
    free(f->v[i].path);
  free(f->v);
  memset(f, 0, sizeof *f);
}

static enum ldu_status files_add(struct ldu_files *f, const char *path,
                                 const char *kind) {
  struct ldu_file_entry *e;
  if (f->n == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 16;
    if (cap > SIZE_MAX / sizeof *e)
      return LDU_ERR_NOMEM;
    e = realloc(f->v, cap * sizeof *e);
    if (e == NULL)
      return LDU_ERR_NOMEM;
    f->v = e;
    f->cap = cap;
  }
  e = &f->v[f->n];
  memset(e, 0, sizeof *e);
  e->path = strdup(path);
  if (e->path == NULL)
    return LDU_ERR_NOMEM;
  e->kind = kind;
  f->n++;
  return LDU_OK;
}

static char *join(const char *a, const char *b, const char *c) {
  struct ldu_buf buf;
  ldu_buf_init(&buf, 1 << 16);
  if (ldu_buf_printf(&buf, "%s%s%s", a, b, c) != LDU_OK) {
    ldu_buf_free(&buf);
    return NULL;
  }
  return ldu_buf_detach(&buf);
}

/* "01-x.wav" -> "01-x" + `suffix` */
static char *sidecar_name(const char *audio, const char *suffix) {
  const char *dot = strrchr(audio, '.');
  size_t n = dot != NULL ? (size_t)(dot - audio) : strlen(audio);
  struct ldu_buf b;
  ldu_buf_init(&b, 1 << 16);
  if (ldu_buf_add(&b, audio, n) != LDU_OK || ldu_buf_adds(&b, suffix) !=
                                                  LDU_OK) {
    ldu_buf_free(&b);
    return NULL;
  }
  return ldu_buf_detach(&b);
}

/* Render into dir/.name.tmp-PID, then rename it to dir/name (cleanup.h). */
static enum ldu_status save(const char *dir, const char *name, render_fn fn,
                            const void *ctx, struct ldu_error *err) {
  char *path = join(dir, "/", name);
  struct ldu_atomic file;
  struct ldu_sink sink;
  enum ldu_status st = LDU_ERR_NOMEM;
  FILE *f = NULL;
  int fd = -1;
  memset(&file, 0, sizeof file);
  if (path == NULL)
    goto out;
  st = ldu_atomic_begin(&file, path, &fd, err);
  if (st != LDU_OK)
    goto out;
  f = fdopen(fd, "wb");
  if (f == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    close(fd);
    goto out;
  }
  sink = ldu_sink_file(f);
  st = fn(ctx, &sink, err);
  if (st == LDU_ERR_IO)
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
  if (fclose(f) != 0 && st == LDU_OK)
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
  f = NULL;
  if (st == LDU_OK)
    st = ldu_atomic_commit(&file, err);
out:
  ldu_atomic_abort(&file);
  free(path);
  return st;
}

/* The sentences of a track, as cues. */
struct cues {
  struct ldu_cue *v;
  size_t n;
  enum ldu_subtitle_format fmt;
  int rate;
};

static enum ldu_status make_cues(const struct ldu_doc *doc,
                                 const struct track *t, struct cues *c) {
  size_t i;
  size_t j;
  size_t k = 0;
  size_t first = t->section == SIZE_MAX ? 0 : t->section;
  size_t last = t->section == SIZE_MAX ? doc->n_sections : t->section + 1;
  c->n = t->so->n_sents;
  c->v = calloc(c->n ? c->n : 1, sizeof *c->v);
  if (c->v == NULL)
    return LDU_ERR_NOMEM;
  for (i = first; i < last; i++)
    for (j = 0; j < doc->sections[i].n_sents && k < c->n; j++, k++) {
      c->v[k].start = t->so->sents[k].start;
      c->v[k].end = t->so->sents[k].end;
      c->v[k].text = doc->sections[i].sents[j].text;
    }
  if (k != c->n)
    return LDU_ERR_USAGE;
  return LDU_OK;
}

static enum ldu_status render_subtitle(const void *ctx,
                                       const struct ldu_sink *sink,
                                       struct ldu_error *err) {
  const struct cues *c = ctx;
  (void)err;
  return ldu_subtitle_write(c->fmt, c->v, c->n, c->rate, sink);
}

struct chapters_ctx {
  const struct ldu_section_out *so;
  int rate;
};

static enum ldu_status render_chapters(const void *ctx,
                                       const struct ldu_sink *sink,
                                       struct ldu_error *err) {
  const struct chapters_ctx *c = ctx;
  (void)err;
  return ldu_chapter_json_write(c->so->chapters, c->so->n_chapters, c->rate,
                                c->so->title, sink);
}

struct playlist_ctx {
  const struct track *t;
  size_t n;
  const struct ldu_podcast_opts *o;
};

static enum ldu_status render_playlist(const void *ctx,
                                       const struct ldu_sink *sink,
                                       struct ldu_error *err) {
  const struct playlist_ctx *c = ctx;
  struct ldu_playlist_entry *e = calloc(c->n ? c->n : 1, sizeof *e);
  enum ldu_status st;
  size_t i;
  (void)err;
  if (e == NULL)
    return LDU_ERR_NOMEM;
  for (i = 0; i < c->n; i++) {
    e[i].path = c->t[i].so->file;
    e[i].title = c->t[i].so->title;
    e[i].frames = c->t[i].so->frames;
  }
  st = ldu_playlist_write(e, c->n, c->o->rate, c->o->title, sink);
  free(e);
  return st;
}

struct feed_ctx {
  const struct ldu_feed *feed;
};

static enum ldu_status render_feed(const void *ctx,
                                   const struct ldu_sink *sink,
                                   struct ldu_error *err) {
  const struct feed_ctx *c = ctx;
  return ldu_feed_write(c->feed, sink, err);
}

/* Sentences first..first+count of `sec` joined: a space only between
 * sentences that end in ASCII (Chinese needs none). */
static enum ldu_status join_para(struct ldu_buf *b,
                                 const struct ldu_section *sec,
                                 size_t first, size_t count) {
  enum ldu_status st = LDU_OK;
  size_t s;
  for (s = first; s < first + count && s < sec->n_sents && st == LDU_OK;
       s++) {
    if (b->len > 0 && (unsigned char)b->data[b->len - 1] < 0x80)
      st = ldu_buf_addc(b, ' ');
    if (st == LDU_OK)
      st = ldu_buf_adds(b, sec->sents[s].text);
  }
  return st;
}

static char *first_text_para(const struct ldu_section *sec) {
  struct ldu_buf b;
  size_t p;
  ldu_buf_init(&b, 1 << 20);
  for (p = 0; p < sec->n_paras; p++) {
    if (sec->paras[p].kind != LDU_PARA_TEXT)
      continue;
    if (join_para(&b, sec, sec->paras[p].first, sec->paras[p].count) !=
        LDU_OK) {
      ldu_buf_free(&b);
      return NULL;
    }
    break;
  }
  if (b.data == NULL && ldu_buf_adds(&b, "") != LDU_OK)
    return NULL;
  return ldu_buf_detach(&b);
}

char *ldu_podcast_intro(const struct ldu_doc *doc) {
  size_t i;
  char *s;
  for (i = 0; i < doc->n_sections; i++) {
    const struct ldu_section *sec = &doc->sections[i];
    if (sec->heading != NULL && doc->title[0] != '\0' &&
        strcmp(sec->heading, doc->title) == 0) {
      s = first_text_para(sec);
      if (s == NULL || s[0] != '\0')
        return s;
      free(s);
    }
  }
  for (i = 0; i < doc->n_sections; i++) {
    s = first_text_para(&doc->sections[i]);
    if (s == NULL || s[0] != '\0')
      return s;
    free(s);
  }
  return strdup("");
}

static char *guid(const struct ldu_podcast_opts *o, const struct ldu_doc *doc,
                  const struct track *t) {
  struct ldu_sha256 *h;
  char hex[LDU_SHA256_HEX];
  size_t i;
  size_t j;
  size_t first = t->section == SIZE_MAX ? 0 : t->section;
  size_t last = t->section == SIZE_MAX ? doc->n_sections : t->section + 1;
  if (ldu_sha256_new(&h) != LDU_OK)
    return NULL;
  ldu_sha256_adds(h, "langdu episode 1");
  ldu_sha256_adds(h, o->settings != NULL ? o->settings : "");
  ldu_sha256_adds(h, ldu_audio_ext(o->format));
  ldu_sha256_adds(h, t->so->title);
  for (i = first; i < last; i++)
    for (j = 0; j < doc->sections[i].n_sents; j++)
      ldu_sha256_adds(h, doc->sections[i].sents[j].text);
  ldu_sha256_hex(h, hex);
  ldu_sha256_free(h);
  return join("langdu:sha256:", hex, "");
}

/* The sidecars of one track. */
static enum ldu_status track_sidecars(const struct ldu_podcast_opts *o,
                                      const struct ldu_doc *doc,
                                      struct track *t, int is_book,
                                      struct ldu_files *files,
                                      struct ldu_error *err) {
  struct cues c;
  struct chapters_ctx cc;
  enum ldu_status st = LDU_ERR_NOMEM;

  memset(&c, 0, sizeof c);
  t->vtt = sidecar_name(t->so->file, ".vtt");
  t->srt = sidecar_name(t->so->file, ".srt");
  if (t->so->n_chapters > 0)
    t->chapters = sidecar_name(t->so->file, ".chapters.json");
  if (t->vtt == NULL || t->srt == NULL ||
      (t->so->n_chapters > 0 && t->chapters == NULL))
    goto out;
  if (t->chapters != NULL) {
    cc.so = t->so;
    cc.rate = o->rate;
    st = save(o->out_dir, t->chapters, render_chapters, &cc, err);
    if (st == LDU_OK)
      st = files_add(files, t->chapters, is_book ? "book-chapters" : "chapters");
    if (st != LDU_OK)
      goto out;
  }
  st = make_cues(doc, t, &c);
  if (st != LDU_OK)
    goto out;
  c.rate = o->rate;
  c.fmt = LDU_SUBTITLE_VTT;
  st = save(o->out_dir, t->vtt, render_subtitle, &c, err);
  if (st == LDU_OK)
    st = files_add(files, t->vtt, is_book ? "book-vtt" : "vtt");
  c.fmt = LDU_SUBTITLE_SRT;
  if (st == LDU_OK)
    st = save(o->out_dir, t->srt, render_subtitle, &c, err);
  if (st == LDU_OK)
    st = files_add(files, t->srt, is_book ? "book-srt" : "srt");
out:
  free(c.v);
  return st;
}

static enum ldu_status write_feed(const struct ldu_podcast_opts *o,
                                  const struct ldu_doc *doc,
                                  const struct track *t, size_t n,
                                  struct ldu_files *files,
                                  struct ldu_error *err) {
  struct ldu_feed feed;
  struct ldu_feed_item *items = calloc(n ? n : 1, sizeof *items);
  struct feed_ctx fc;
  char *intro = ldu_podcast_intro(doc);
  enum ldu_status st = LDU_ERR_NOMEM;
  size_t i;

  if (items == NULL || intro == NULL)
    goto out;
  for (i = 0; i < n; i++) {
    items[i].title = t[i].so->title;
    items[i].description = t[i].description;
    items[i].audio = t[i].so->file;
    items[i].audio_size = t[i].size;
    items[i].duration_ms = ldu_frames_to_ms(t[i].so->frames, o->rate);
    items[i].chapters = t[i].chapters;
    items[i].vtt = t[i].vtt;
    items[i].srt = t[i].srt;
    items[i].guid = t[i].guid;
    items[i].episode = (int)i + 1;
    /* a second apart, so apps keep the article's order */
    items[i].date = o->date + (int64_t)i;
  }
  memset(&feed, 0, sizeof feed);
  feed.title = o->title;
  feed.description = intro[0] != '\0' ? intro : NULL;
  feed.language = ldu_doc_language(doc);
  feed.author = o->author;
  feed.cover = o->cover;
  feed.base_url = o->base_url;
  feed.generator = "langdu " LDU_VERSION;
  feed.audio_type = ldu_feed_mime(o->format);
  feed.date = o->date;
  feed.items = items;
  feed.n_items = n;
  fc.feed = &feed;
  st = save(o->out_dir, "feed.xml", render_feed, &fc, err);
  if (st == LDU_OK)
    st = files_add(files, "feed.xml", "feed");
out:
  free(items);
  free(intro);
  return st;
}

static enum ldu_status hash_all(const char *dir, struct ldu_files *files,
                                struct ldu_error *err) {
  enum ldu_status st = LDU_OK;
  size_t i;
  for (i = 0; i < files->n && st == LDU_OK; i++) {
    char *path;
    if (files->v[i].sha256[0] != '\0')
      continue; /* done already */
    path = join(dir, "/", files->v[i].path);
    if (path == NULL)
      return LDU_ERR_NOMEM;
    st = ldu_sha256_file(path, files->v[i].sha256, &files->v[i].size, err);
    free(path);
  }
  return st;
}

static int64_t size_of(const struct ldu_files *files, const char *path) {
  size_t i;
  for (i = 0; i < files->n; i++)
    if (strcmp(files->v[i].path, path) == 0)
      return files->v[i].size;
  return 0;
}

enum ldu_status ldu_podcast_write(const struct ldu_podcast_opts *o,
                                  const struct ldu_doc *doc,
                                  const struct ldu_section_out *secs,
                                  size_t n,
                                  const struct ldu_section_out *book,
                                  struct ldu_files *files,
                                  struct ldu_error *err) {
  struct track *t = NULL;
  struct playlist_ctx pc;
  size_t nt = 0;
  size_t i;
  size_t listed;
  enum ldu_status st = LDU_OK;

  if (o->rate <= 0 || (n > 0 && secs == NULL) || n > doc->n_sections)
    return LDU_ERR_USAGE;
  t = calloc(n + 1, sizeof *t);
  if (t == NULL)
    return LDU_ERR_NOMEM;
  for (i = 0; o->sections && i < n; i++) {
    t[nt].so = &secs[i];
    t[nt].section = i;
    nt++;
  }
  if (book != NULL) {
    t[nt].so = book;
    t[nt].section = SIZE_MAX;
    nt++;
  }
  /* the audio first: the feed needs the sizes */
  for (i = 0; i < nt && st == LDU_OK; i++)
    st = files_add(files, t[i].so->file,
                   t[i].section == SIZE_MAX ? "book" : "audio");
  if (st == LDU_OK)
    st = hash_all(o->out_dir, files, err);
  for (i = 0; i < nt && st == LDU_OK; i++)
    t[i].size = size_of(files, t[i].so->file);
  if (st != LDU_OK || !o->sidecars)
    goto out;
  for (i = 0; i < nt && st == LDU_OK; i++) {
    st = track_sidecars(o, doc, &t[i], t[i].section == SIZE_MAX, files, err);
    if (st != LDU_OK)
      break;
    t[i].guid = guid(o, doc, &t[i]);
    t[i].description =
        t[i].section == SIZE_MAX
            ? ldu_podcast_intro(doc)
            : first_text_para(&doc->sections[t[i].section]);
    if (t[i].guid == NULL || t[i].description == NULL)
      st = LDU_ERR_NOMEM;
  }
  /* the playlist and the feed list the sections, or the book alone */
  listed = o->sections ? nt - (book != NULL) : nt;
  pc.t = t;
  pc.n = listed;
  pc.o = o;
  if (st == LDU_OK)
    st = save(o->out_dir, "playlist.m3u8", render_playlist, &pc, err);
  if (st == LDU_OK)
    st = files_add(files, "playlist.m3u8", "playlist");
  if (st == LDU_OK)
    st = write_feed(o, doc, t, listed, files, err);
  if (st == LDU_OK)
    st = hash_all(o->out_dir, files, err);
out:
  for (i = 0; i < nt; i++) {
    free(t[i].chapters);
    free(t[i].vtt);
    free(t[i].srt);
    free(t[i].guid);
    free(t[i].description);
  }
  free(t);
  return st;
}

enum ldu_status ldu_files_add(struct ldu_files *f, const char *path,
                              const char *kind) {
  return files_add(f, path, kind);
}

enum ldu_status ldu_files_hash(const char *dir, struct ldu_files *f,
                               struct ldu_error *err) {
  return hash_all(dir, f, err);
}
