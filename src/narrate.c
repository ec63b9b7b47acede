#include "narrate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "names.h"
#include "plan.h"

/* Sink state while a section is spoken. */
struct sink {
  struct ldu_audio *audio;
  struct ldu_master *master; /* when set, PCM goes here instead */
  int64_t frames;
  enum ldu_status status;
  struct ldu_error *err;
};

static int to_audio(void *user, const int16_t *pcm, size_t frames) {
  struct sink *k = user;
  k->status = k->master != NULL
                  ? ldu_master_write(k->master, pcm, frames, k->err)
                  : ldu_audio_write(k->audio, pcm, frames, k->err);
  if (k->status != LDU_OK)
    return 1;
  k->frames += (int64_t)frames;
  return 0;
}

void ldu_section_out_free(struct ldu_section_out *out) {
  size_t i;
  if (out == NULL)
    return;
  for (i = 0; i < out->n_chapters; i++)
    free((char *)out->chapters[i].title);
  free(out->chapters);
  free(out->sents);
  free(out->file);
  free(out->title);
  memset(out, 0, sizeof *out);
}

/* The title of a section: its heading, else the first clause it says. */
static char *section_title(const struct ldu_section *sec) {
  if (sec->heading != NULL && sec->heading[0] != '\0')
    return ldu_short_title(sec->heading);
  return ldu_chapter_title(sec->sents[0].text);
}

static char *file_name(size_t index, const char *title, const char *ext) {
  struct ldu_buf b;
  char *slug = ldu_slug(title);
  if (slug == NULL)
    return NULL;
  ldu_buf_init(&b, 256);
  if (ldu_buf_printf(&b, "%02zu-%s.%s", index + 1, slug, ext) != LDU_OK) {
    free(slug);
    ldu_buf_free(&b);
    return NULL;
  }
  free(slug);
  return ldu_buf_detach(&b);
}

/* While a sentence is synthesised for the cache: PCM goes to the section
 * and into the cache entry. */
struct tee {
  struct sink *k;
  struct ldu_cache_entry *entry;
};

static int to_both(void *user, const int16_t *pcm, size_t frames) {
  struct tee *t = user;
  if (t->entry != NULL &&
      ldu_cache_entry_write(t->entry, pcm, frames) != LDU_OK) {
    /* a cache that cannot be written is no reason to stop */
    ldu_cache_entry_abort(t->entry);
    t->entry = NULL;
  }
  return to_audio(t->k, pcm, frames);
}

/* The cache key of a sentence: the salt and every run of its plan. */
static enum ldu_status sentence_key(const char *salt,
                                    const struct ldu_plan *plan,
                                    char key[LDU_SHA256_HEX]) {
  struct ldu_sha256 *h;
  char num[64];
  size_t r;
  if (ldu_sha256_new(&h) != LDU_OK)
    return LDU_ERR_NOMEM;
  ldu_sha256_adds(h, "langdu sentence v1");
  ldu_sha256_adds(h, salt != NULL ? salt : "");
  for (r = 0; r < plan->n; r++) {
    snprintf(num, sizeof num, "%d %d %d", (int)plan->runs[r].voice,
             (int)plan->runs[r].form, plan->runs[r].pause_ms);
    ldu_sha256_adds(h, num);
    ldu_sha256_adds(h, plan->runs[r].text);
  }
  ldu_sha256_hex(h, key);
  ldu_sha256_free(h);
  return LDU_OK;
}

static enum ldu_status synth_plan(struct ldu_synth *synth,
                                  const struct ldu_plan *plan,
                                  ldu_pcm_fn sink, void *user,
                                  struct ldu_error *err) {
  enum ldu_status st = LDU_OK;
  size_t r;
  for (r = 0; r < plan->n && st == LDU_OK; r++) {
    st = ldu_synth_run(synth, &plan->runs[r], sink, user, NULL, NULL, err);
    if (st == LDU_OK && plan->runs[r].pause_ms > 0)
      st = ldu_synth_silence(synth, plan->runs[r].pause_ms, sink, user,
                             NULL);
  }
  return st;
}

static enum ldu_status speak(struct ldu_synth *synth, const char *text,
                             const struct ldu_narrate_opts *opts,
                             struct sink *k, struct ldu_span *span,
                             struct ldu_section_out *out) {
  struct ldu_plan plan;
  struct tee t;
  char key[LDU_SHA256_HEX];
  enum ldu_status st;
  int64_t got;
  int hit = 0;
  st = ldu_plan_sentence(text, opts->lexicon, &plan);
  if (st != LDU_OK)
    return st;
  span->start = k->frames;
  t.k = k;
  t.entry = NULL;
  if (opts->cache != NULL) {
    st = sentence_key(opts->cache_salt, &plan, key);
    if (st == LDU_OK)
      st = ldu_cache_get(opts->cache, key, to_audio, k, &got, &hit, k->err);
    if (st == LDU_OK && !hit &&
        ldu_cache_entry_begin(opts->cache, key, &t.entry, NULL) != LDU_OK)
      t.entry = NULL; /* go on without storing */
  }
  if (st == LDU_OK && !hit)
    st = synth_plan(synth, &plan, to_both, &t, k->err);
  if (t.entry != NULL) {
    if (st == LDU_OK)
      ldu_cache_entry_commit(t.entry, NULL);
    else
      ldu_cache_entry_abort(t.entry);
  }
  span->end = k->frames;
  ldu_plan_free(&plan);
  if (st != LDU_OK && k->status != LDU_OK)
    st = k->status;
  if (st == LDU_OK) {
    if (hit)
      out->cached++;
    else
      out->synthesised++;
    if (opts->on_sentence != NULL)
      opts->on_sentence(opts->on_sentence_user);
  }
  return st;
}

static enum ldu_status add_chapter(struct ldu_section_out *out,
                                   int64_t start, char *title) {
  struct ldu_chapter *c;
  if (title == NULL)
    return LDU_ERR_NOMEM;
  c = realloc(out->chapters, (out->n_chapters + 1) * sizeof *c);
  if (c == NULL) {
    free(title);
    return LDU_ERR_NOMEM;
  }
  out->chapters = c;
  c[out->n_chapters].start = start;
  c[out->n_chapters].end = start;
  c[out->n_chapters].title = title;
  out->n_chapters++;
  return LDU_OK;
}

static char *join_dir(const char *dir, const char *name) {
  struct ldu_buf b;
  ldu_buf_init(&b, 1 << 16);
  if (ldu_buf_printf(&b, "%s/%s", dir, name) != LDU_OK) {
    ldu_buf_free(&b);
    return NULL;
  }
  return ldu_buf_detach(&b);
}

enum ldu_status ldu_narrate_section(struct ldu_synth *synth,
                                    const struct ldu_doc *doc, size_t index,
                                    const struct ldu_narrate_opts *opts,
                                    struct ldu_section_out *out,
                                    struct ldu_error *err) {
  const struct ldu_section *sec = &doc->sections[index];
  struct ldu_audio_opts aopts = opts->audio;
  struct ldu_tags tags;
  struct sink k;
  char *path = NULL;
  size_t p;
  size_t s;
  size_t c;
  enum ldu_status st;

  memset(out, 0, sizeof *out);
  memset(&k, 0, sizeof k);
  k.err = err;
  out->title = section_title(sec);
  if (out->title == NULL)
    return LDU_ERR_NOMEM;
  out->file = file_name(index, out->title, ldu_audio_ext(aopts.format));
  out->sents = calloc(sec->n_sents ? sec->n_sents : 1, sizeof *out->sents);
  if (out->file == NULL || out->sents == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  out->n_sents = sec->n_sents;
  path = join_dir(opts->out_dir, out->file);
  if (path == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  aopts.rate = ldu_synth_rate(synth);
  k.master = opts->master;
  if (k.master != NULL)
    st = ldu_master_begin(k.master, err);
  else
    st = ldu_audio_open(path, &aopts, &k.audio, err);
  if (st != LDU_OK)
    goto out;

  for (p = 0; p < sec->n_paras && st == LDU_OK; p++) {
    const struct ldu_paragraph *para = &sec->paras[p];
    for (s = para->first; s < para->first + para->count && st == LDU_OK;
         s++) {
      const char *text = sec->sents[s].text;
      if (opts->chapters == LDU_CHAPTERS_SENTENCE)
        st = add_chapter(out, k.frames, ldu_short_title(text));
      else if (opts->chapters == LDU_CHAPTERS_PARAGRAPH && s == para->first)
        st = add_chapter(out, k.frames,
                         para->kind == LDU_PARA_TEXT
                             ? ldu_chapter_title(text)
                             : ldu_short_title(text));
      if (st == LDU_OK)
        st = speak(synth, text, opts, &k, &out->sents[s], out);
      if (st == LDU_OK && s + 1 < para->first + para->count)
        st = ldu_synth_silence(synth, opts->pause_sentence_ms, to_audio, &k,
                               NULL);
    }
    if (st == LDU_OK)
      st = ldu_synth_silence(synth,
                             p + 1 < sec->n_paras ? opts->pause_paragraph_ms
                                                  : opts->pause_section_ms,
                             to_audio, &k, NULL);
  }
  if (st != LDU_OK) {
    if (k.status != LDU_OK)
      st = k.status;
    goto out;
  }
  out->frames = k.frames;
  for (c = 0; c < out->n_chapters; c++)
    out->chapters[c].end =
        c + 1 < out->n_chapters ? out->chapters[c + 1].start : k.frames;

  memset(&tags, 0, sizeof tags);
  tags.title = out->title;
  tags.artist = opts->artist;
  tags.album = opts->album;
  tags.date = opts->date;
  tags.genre = "Speech";
  tags.track = (int)index + 1;
  tags.track_total = (int)doc->n_sections;
  if (k.master != NULL) {
    /* second pass: the spooled section, at its loudness, into the file */
    if (!opts->no_file)
      st = ldu_audio_open(path, &aopts, &k.audio, err);
    if (st == LDU_OK)
      st = ldu_master_end(k.master, k.audio, &out->loudness, err);
    if (st != LDU_OK || opts->no_file)
      goto out;
  }
  st = ldu_audio_close(k.audio, &tags, out->chapters, out->n_chapters, err);
  k.audio = NULL;
out:
  ldu_audio_abort(k.audio);
  free(path);
  if (st != LDU_OK)
    ldu_section_out_free(out);
  return st;
}

enum ldu_status ldu_narrate_book(struct ldu_master *master,
                                 const struct ldu_doc *doc,
                                 const struct ldu_section_out *secs,
                                 size_t n, const struct ldu_narrate_opts *opts,
                                 int rate, struct ldu_section_out *out,
                                 struct ldu_error *err) {
  struct ldu_audio_opts aopts = opts->audio;
  struct ldu_audio *audio = NULL;
  struct ldu_tags tags;
  struct ldu_buf name;
  char *slug = NULL;
  char *path = NULL;
  int64_t at = 0;
  size_t total = 0;
  size_t i;
  size_t j;
  enum ldu_status st = LDU_ERR_NOMEM;

  memset(out, 0, sizeof *out);
  ldu_buf_init(&name, 256);
  for (i = 0; i < n; i++) {
    if (secs[i].n_sents > SIZE_MAX - total)
      goto out;
    total += secs[i].n_sents;
  }
  out->title = ldu_short_title(opts->album != NULL && opts->album[0] != '\0'
                                   ? opts->album
                                   : doc->title);
  slug = out->title != NULL ? ldu_slug(out->title) : NULL;
  if (slug == NULL || ldu_buf_printf(&name, "00-%s.%s", slug,
                                     ldu_audio_ext(aopts.format)) != LDU_OK)
    goto out;
  out->file = ldu_buf_detach(&name);
  out->sents = calloc(total ? total : 1, sizeof *out->sents);
  path = out->file != NULL ? join_dir(opts->out_dir, out->file) : NULL;
  if (out->sents == NULL || path == NULL)
    goto out;
  /* one chapter per section, the sentences moved to where it starts */
  for (i = 0; i < n; i++) {
    st = add_chapter(out, at, ldu_short_title(secs[i].title));
    if (st != LDU_OK)
      goto out;
    for (j = 0; j < secs[i].n_sents; j++) {
      out->sents[out->n_sents].start = at + secs[i].sents[j].start;
      out->sents[out->n_sents].end = at + secs[i].sents[j].end;
      out->n_sents++;
    }
    at += secs[i].frames;
  }
  out->frames = at;
  for (i = 0; i < out->n_chapters; i++)
    out->chapters[i].end =
        i + 1 < out->n_chapters ? out->chapters[i + 1].start : at;
  aopts.rate = rate;
  st = ldu_audio_open(path, &aopts, &audio, err);
  if (st == LDU_OK)
    st = ldu_master_book(master, audio, &out->loudness, err);
  if (st != LDU_OK)
    goto out;
  memset(&tags, 0, sizeof tags);
  tags.title = out->title;
  tags.artist = opts->artist;
  tags.album = opts->album;
  tags.date = opts->date;
  tags.genre = "Speech";
  st = ldu_audio_close(audio, &tags, out->chapters, out->n_chapters, err);
  audio = NULL;
out:
  ldu_audio_abort(audio);
  ldu_buf_free(&name);
  free(slug);
  free(path);
  if (st != LDU_OK)
    ldu_section_out_free(out);
  return st;
}

/* What a dump prints after the TAB for one sentence's plan. */
typedef enum ldu_status (*dump_fn)(void *user, const struct ldu_plan *plan,
                                   struct ldu_buf *out, struct ldu_error *err);

/* One line per sentence of `doc`: the sentence, a TAB, what `fn` made of
 * its reading plan. */
static enum ldu_status dump_lines(const struct ldu_doc *doc,
                                  const struct ldu_lexicon *lex, dump_fn fn,
                                  void *user, FILE *f, struct ldu_error *err) {
  struct ldu_buf line;
  struct ldu_plan plan;
  enum ldu_status st = LDU_OK;
  size_t i;
  size_t s;
  ldu_buf_init(&line, 1 << 24);
  for (i = 0; i < doc->n_sections && st == LDU_OK; i++) {
    const struct ldu_section *sec = &doc->sections[i];
    for (s = 0; s < sec->n_sents && st == LDU_OK; s++) {
      st = ldu_plan_sentence(sec->sents[s].text, lex, &plan);
      if (st != LDU_OK)
        break;
      ldu_buf_reset(&line);
      st = fn(user, &plan, &line, err);
      ldu_plan_free(&plan);
      if (st == LDU_OK && fprintf(f, "%s\t%s\n", sec->sents[s].text,
                                  line.data ? line.data : "") < 0)
        st = ldu_error_set(err, LDU_ERR_IO, NULL, errno);
    }
  }
  ldu_buf_free(&line);
  return st;
}

/* The phonemes espeak-ng produced for the plan. */
static enum ldu_status phonemes_of(void *user, const struct ldu_plan *plan,
                                   struct ldu_buf *out,
                                   struct ldu_error *err) {
  struct ldu_synth *synth = user;
  enum ldu_status st = LDU_OK;
  size_t r;
  for (r = 0; r < plan->n && st == LDU_OK; r++)
    st = ldu_synth_run(synth, &plan->runs[r], NULL, NULL, out, NULL, err);
  return st;
}

/* The plan itself: pinyin, and English runs marked [en: ...]. */
static enum ldu_status pinyin_of(void *user, const struct ldu_plan *plan,
                                 struct ldu_buf *out, struct ldu_error *err) {
  enum ldu_status st = LDU_OK;
  size_t r;
  (void)user;
  (void)err;
  for (r = 0; r < plan->n && st == LDU_OK; r++) {
    const struct ldu_run *run = &plan->runs[r];
    if (run->voice == LDU_VOICE_EN)
      st = ldu_buf_printf(out, "%s[en: %s]", r > 0 ? " " : "", run->text);
    else
      st = ldu_buf_printf(out, "%s%s", r > 0 ? " " : "", run->text);
  }
  return st;
}

enum ldu_status ldu_narrate_dump_phonemes(struct ldu_synth *synth,
                                          const struct ldu_doc *doc,
                                          const struct ldu_lexicon *lex,
                                          FILE *f, struct ldu_error *err) {
  return dump_lines(doc, lex, phonemes_of, synth, f, err);
}

enum ldu_status ldu_narrate_dump_pinyin(const struct ldu_doc *doc,
                                        const struct ldu_lexicon *lex,
                                        FILE *f, struct ldu_error *err) {
  return dump_lines(doc, lex, pinyin_of, NULL, f, err);
}
