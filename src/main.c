/* langdu: read a Chinese article aloud -- one audio file per section, with
 * chapter markers, and a manifest.  The only place that prints and exits:
 * 0 success, 1 runtime failure, 2 usage error. */
#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audio.h"
#include "buf.h"
#include "cache.h"
#include "cleanup.h"
#include "daisy.h"
#include "doc.h"
#include "epub.h"
#include "feed.h"
#include "fileio.h"
#include "hash.h"
#include "lexicon.h"
#include "manifest.h"
#include "narrate.h"
#include "options.h"
#include "picture.h"
#include "podcast.h"
#include "progress.h"
#include "render.h"
#include "segment.h"
#include "synth.h"
#include "text.h"
#include "workers.h"

static const char *prog = "langdu";

/* Most sections (one audio file each) a run writes. */
#define MAX_SECTIONS 999

static void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void errorf(const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "%s: ", prog);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: langdu [OPTIONS] ARTICLE...\n"
          "Read a Chinese article (UTF-8 text or Markdown; - for standard\n"
          "input) aloud: one audio file per section, with chapter markers,\n"
          "and DIR/manifest.json.  Several articles go into subfolders of\n"
          "DIR named after them.\n"
          "\n"
          "General:\n"
          "  -o, --output DIR        write into DIR (created; default: the\n"
          "                          article's name without extension)\n"
          "  -q, --quiet             no progress messages\n"
          "  -j, --jobs N            speak N sections at once (default: the\n"
          "                          number of CPUs); output is the same\n"
          "      --cache DIR         keep spoken sentences in DIR (default\n"
          "                          $XDG_CACHE_HOME/langdu): re-runs only\n"
          "                          speak what changed\n"
          "      --no-cache          neither read nor write the cache\n"
          "      --dump=phonemes     no audio: print each sentence, a TAB\n"
          "                          and the phonemes espeak-ng spoke\n"
          "      --dump=pinyin       no audio: print each sentence, a TAB\n"
          "                          and its reading (pinyin, [en: ...])\n"
          "  -h, --help              show this help and exit\n"
          "  -V, --version           show the version and exit\n"
          "Text:\n"
          "      --input KIND        auto (default), text or markdown\n"
          "      --lenient           replace invalid UTF-8 with U+FFFD\n"
          "                          (and read files that look binary)\n"
          "      --max-input BYTES   largest input read, K/M/G (64M)\n"
          "      --title TEXT        the article's title (default: found)\n"
          "      --lexicon FILE      your readings, word TAB pinyin with\n"
          "                          tone numbers (銀行\tyin2 hang2)\n"
          "Voice:\n"
          "  -r, --rate WPM          speaking rate, 80..450 (175)\n"
          "      --pitch N           0..100 (50)\n"
          "      --volume N          0..200 (100)\n"
          "      --pause-sentence MS pause after a sentence (350)\n"
          "      --pause-paragraph MS  after a paragraph (750)\n"
          "      --pause-section MS  at the end of a section (1200)\n"
          "      --voices DIR        folder with the voice files\n"
          "Output:\n"
          "  -f, --format FMT        mp3 (default), opus, ogg (Vorbis),\n"
          "                          flac or wav; all with chapters and tags\n"
          "      --bitrate KBPS      mp3: 8..160 (64), constant from 56,\n"
          "                          average below; opus: 24..256 (32)\n"
          "      --quality Q         0..10, 10 best: mp3 (variable bitrate,\n"
          "                          LAME -V(10-Q)), ogg (4)\n"
          "      --id3v2.3           mp3: ID3v2.3 (UTF-16) tags for old\n"
          "                          players, not ID3v2.4 (UTF-8)\n"
          "      --chapters MODE     paragraph (default), sentence or none\n"
          "      --artist NAME       artist tag (langdu)\n"
          "      --date DATE         date tag, YYYY or YYYY-MM-DD\n"
          "      --loudness LUFS     normalise every file (-16), or off\n"
          "      --book              also the whole article as one file\n"
          "      --book-only         only that one file\n"
          "Sidecars:\n"
          "      --author NAME       the feed's author (the artist)\n"
          "      --cover URL|FILE    the feed's cover image; a JPEG or PNG\n"
          "                          FILE is also embedded in every audio\n"
          "                          file but WAV\n"
          "      --base-url URL      where the files will be published\n"
          "      --no-sidecars       no chapters JSON, transcripts, playlist\n"
          "                          or feed\n"
          "Books:\n"
          "      --epub FILE         EPUB 3 read-along book (text + MP3,\n"
          "                          sentence highlighting)\n"
          "      --daisy DIR         DAISY 2.02 talking book in DIR\n"
          "\n"
          "Example: langdu article.txt -o out/\n"
          "See langdu(1) for more.\n");
}

/* The input's name without folder and extension; caller frees. */
static char *input_stem(const char *input) {
  const char *base = strrchr(input, '/');
  const char *dot;
  size_t n;
  char *s;
  base = base ? base + 1 : input;
  dot = strrchr(base, '.');
  n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  /* "...txt" would give "..", a folder outside -o (issue 7) */
  if (n == 0 || strncmp(base, "..", n) == 0) {
    base = "langdu";
    n = strlen(base);
  }
  s = malloc(n + 1);
  if (s == NULL)
    return NULL;
  memcpy(s, base, n);
  s[n] = '\0';
  return s;
}

static int has_ext(const char *path, const char *ext) {
  size_t a = strlen(path);
  size_t b = strlen(ext);
  return a > b && strcasecmp(path + a - b, ext) == 0;
}

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where the voice files are: --voices, $LANGDU_VOICES, beside the
 * executable, then the installed data folder.  Caller frees. */
static char *find_voices(const char *given) {
  struct ldu_buf b;
  char exe[PATH_MAX];
  ssize_t n;
  const char *env = getenv("LANGDU_VOICES");
  ldu_buf_init(&b, 2 * PATH_MAX);
  if (given != NULL)
    ldu_buf_adds(&b, given);
  else if (env != NULL && env[0] != '\0')
    ldu_buf_adds(&b, env);
  if (b.len > 0)
    return ldu_buf_detach(&b);
  n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    char *slash;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    /* ./langdu or build/langdu in the source tree */
    while (slash != NULL) {
      *slash = '\0';
      ldu_buf_reset(&b);
      ldu_buf_printf(&b, "%s/voices/langdu-cmn", exe);
      if (b.data != NULL && file_exists(b.data)) {
        ldu_buf_reset(&b);
        ldu_buf_printf(&b, "%s/voices", exe);
        return ldu_buf_detach(&b);
      }
      slash = strrchr(exe, '/');
      if (slash != NULL && strchr(exe, '/') == slash)
        break; /* don't walk up to / */
    }
  }
  ldu_buf_reset(&b);
  ldu_buf_adds(&b, LDU_DATADIR "/voices");
  return ldu_buf_detach(&b);
}

static void report(const char *what, enum ldu_status st,
                   const struct ldu_error *err) {
  const char *path = err->path[0] ? err->path : what;
  if (st == LDU_ERR_UTF8 && err->offset >= 0) {
    errorf("%s: byte %lld: invalid UTF-8 (use --lenient to replace bad "
           "bytes)",
           path, err->offset);
    return;
  }
  if (err->line > 0) {
    errorf("%s:%ld: %s%s%s", path, err->line, ldu_strerror(st),
           err->detail[0] ? ": " : "", err->detail);
    return;
  }
  if (err->errnum != 0)
    errorf("%s: %s: %s%s%s", path, ldu_strerror(st), strerror(err->errnum),
           err->detail[0] ? ": " : "", err->detail);
  else
    errorf("%s: %s%s%s", path, ldu_strerror(st), err->detail[0] ? ": " : "",
           err->detail);
}

/* The feed's date: --date, else $SOURCE_DATE_EPOCH, else now. */
static int feed_date(const char *date, int64_t *out) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  char *end;
  long long v;
  if (date != NULL)
    return ldu_feed_date_parse(date, out) == LDU_OK ? 0 : -1;
  if (sde != NULL && sde[0] != '\0') {
    errno = 0;
    v = strtoll(sde, &end, 10);
    if (errno != 0 || end == sde || *end != '\0' || v < 0)
      return -2;
    *out = (int64_t)v;
    return 0;
  }
  *out = (int64_t)time(NULL);
  return 0;
}

/* What add_daisy_file() adds to. */
struct book_files {
  struct ldu_files *files;
  char *dir; /* the DAISY folder, relative to the output folder */
  struct ldu_buf path;
};

static enum ldu_status add_daisy_file(void *user, const char *name) {
  struct book_files *b = user;
  ldu_buf_reset(&b->path);
  if (ldu_buf_printf(&b->path, "%s%s%s", b->dir, b->dir[0] ? "/" : "", name) !=
      LDU_OK)
    return LDU_ERR_NOMEM;
  return ldu_files_add(b->files, b->path.data, "daisy");
}

/* The talking books write_books() wrote, into `files` (paths relative to
 * the output folder) with their sizes and SHA-256. */
static enum ldu_status list_books(const struct ldu_options *o,
                                  const struct ldu_section_out *outs, size_t n,
                                  struct ldu_files *files,
                                  struct ldu_error *err) {
  struct book_files b;
  enum ldu_status st = LDU_OK;
  memset(&b, 0, sizeof b);
  b.files = files;
  ldu_buf_init(&b.path, (size_t)1 << 20);
  if (o->epub != NULL) {
    b.dir = ldu_path_relative(o->out_dir, o->epub);
    if (b.dir == NULL)
      st = ldu_error_set(err, LDU_ERR_IO, o->epub, errno);
    else
      st = ldu_files_add(files, b.dir, "epub");
    free(b.dir);
    b.dir = NULL;
  }
  if (st == LDU_OK && o->daisy != NULL) {
    b.dir = ldu_path_relative(o->out_dir, o->daisy);
    if (b.dir == NULL)
      st = ldu_error_set(err, LDU_ERR_IO, o->daisy, errno);
    else
      st = ldu_daisy_names(outs, n, add_daisy_file, &b);
  }
  if (st == LDU_OK)
    st = ldu_files_hash(o->out_dir, files, err);
  free(b.dir);
  ldu_buf_free(&b.path);
  return st;
}

/* After the sections: the book, the sidecars, the manifest (which lists
 * the talking books too: write_books() comes first). */
static enum ldu_status publish(const struct ldu_options *o,
                               const struct ldu_doc *doc, const char *title,
                               struct ldu_master *master,
                               const struct ldu_narrate_opts *nopts,
                               const struct ldu_section_out *outs, size_t n,
                               int rate, int64_t date, struct ldu_buf *path,
                               struct ldu_error *err) {
  struct ldu_section_out book;
  struct ldu_podcast_opts po;
  struct ldu_files files;
  char settings[256];
  enum ldu_status st = LDU_OK;

  memset(&book, 0, sizeof book);
  memset(&files, 0, sizeof files);
  ldu_buf_reset(path);
  if (o->book)
    st = ldu_narrate_book(master, doc, outs, n, nopts, rate, &book, err);
  if (st != LDU_OK) {
    ldu_buf_printf(path, "%s", o->out_dir);
    return st;
  }
  snprintf(settings, sizeof settings,
           "rate=%d pitch=%d volume=%d pauses=%d,%d,%d chapters=%d "
           "loudness=%g",
           o->rate, o->pitch, o->volume, o->pause_sentence_ms,
           o->pause_paragraph_ms, o->pause_section_ms, (int)o->chapters,
           o->loudness ? o->loudness_lufs : 0.0);
  memset(&po, 0, sizeof po);
  po.out_dir = o->out_dir;
  po.title = title;
  po.author = o->author != NULL ? o->author : o->artist;
  po.cover = o->cover;
  po.base_url = o->base_url;
  po.settings = settings;
  po.date = date;
  po.format = o->format;
  po.rate = rate;
  po.sidecars = o->sidecars;
  po.sections = o->book != LDU_BOOK_ONLY;
  st = ldu_podcast_write(&po, doc, outs, n, o->book ? &book : NULL, &files,
                         err);
  if (st == LDU_OK)
    st = list_books(o, outs, n, &files, err);
  if (st != LDU_OK && ldu_buf_printf(path, "%s", o->out_dir) != LDU_OK)
    st = LDU_ERR_NOMEM;
  if (st == LDU_OK)
    st = ldu_buf_printf(path, "%s/manifest.json", o->out_dir);
  if (st == LDU_OK)
    st = ldu_manifest_write(path->data, doc, title, outs, n, rate,
                            ldu_audio_ext(o->format), o->book ? &book : NULL,
                            &files, err);
  ldu_files_free(&files);
  ldu_section_out_free(&book);
  return st;
}

/* Talking books (--epub, --daisy) from the sections just written; on
 * failure `path` names what failed. */
static enum ldu_status write_books(const struct ldu_options *o,
                                   const struct ldu_doc *doc,
                                   const char *title,
                                   const struct ldu_section_out *outs,
                                   size_t n, int rate, int64_t date,
                                   struct ldu_buf *path,
                                   struct ldu_error *err) {
  struct ldu_book_opts bo;
  enum ldu_status st = LDU_OK;
  memset(&bo, 0, sizeof bo);
  bo.title = title;
  bo.creator = o->author != NULL ? o->author : o->artist;
  bo.audio_dir = o->out_dir;
  bo.rate = rate;
  bo.modified = (time_t)date;
  ldu_buf_reset(path);
  if (o->epub != NULL) {
    ldu_buf_adds(path, o->epub);
    st = ldu_epub_write(o->epub, doc, outs, n, &bo, err);
    if (st == LDU_OK && !o->quiet)
      fprintf(stderr, "%s: EPUB %s\n", prog, o->epub);
  }
  if (st == LDU_OK && o->daisy != NULL) {
    ldu_buf_reset(path);
    ldu_buf_adds(path, o->daisy);
    if (ldu_mkdir_p(o->daisy) != 0)
      return ldu_error_set(err, LDU_ERR_IO, o->daisy, errno);
    st = ldu_daisy_write(o->daisy, doc, outs, n, &bo, err);
    if (st == LDU_OK && !o->quiet)
      fprintf(stderr, "%s: DAISY %s/ncc.html\n", prog, o->daisy);
  }
  return st;
}

/* What the section callbacks need (render.h). */
struct section_ctx {
  const struct ldu_options *o;
  struct ldu_progress *progress;
  int rate;
};

static void sentence_done(void *user) {
  struct section_ctx *s = user;
  ldu_progress_sentences(s->progress, 1);
}

static void section_done(void *user, size_t index,
                         const struct ldu_section_out *out) {
  struct section_ctx *s = user;
  const struct ldu_options *o = s->o;
  struct ldu_buf name;
  (void)index;
  ldu_buf_init(&name, 2 * PATH_MAX);
  if (out->file != NULL && !(o->book == LDU_BOOK_ONLY))
    ldu_buf_printf(&name, "%s/%s", o->out_dir, out->file);
  else
    ldu_buf_printf(&name, "%s (measured for the book)",
                   out->title != NULL ? out->title : "section");
  ldu_progress_section(s->progress, name.data ? name.data : "",
                       (double)out->frames / s->rate);
  ldu_buf_free(&name);
  /* warnings, even with --quiet (like --lenient's) */
  if (o->book == LDU_BOOK_ONLY || out->file == NULL)
    return;
  if (out->n_chapters > ldu_audio_max_chapters(o->format))
    fprintf(stderr,
            "%s: warning: %s/%s: %zu chapters; a %s file keeps the "
            "first %zu\n",
            prog, o->out_dir, out->file, out->n_chapters,
            ldu_audio_ext(o->format), ldu_audio_max_chapters(o->format));
  else if (out->n_chapters > LDU_AUDIO_CHAPTERS_SHOWN)
    fprintf(stderr,
            "%s: warning: %s/%s: %zu chapters; AntennaPod shows only "
            "the first %d\n",
            prog, o->out_dir, out->file, out->n_chapters,
            LDU_AUDIO_CHAPTERS_SHOWN);
}

/* The sentence cache: --cache DIR, else the default folder.  A cache that
 * cannot be opened is worth a warning, not a failure. */
static struct ldu_cache *open_cache(const struct ldu_options *o) {
  struct ldu_cache *c = NULL;
  struct ldu_error err;
  char *dir = o->cache_dir != NULL ? strdup(o->cache_dir)
                                   : ldu_cache_default_dir();
  ldu_error_clear(&err);
  if (dir == NULL)
    return NULL;
  if (ldu_cache_open(dir, &c, &err) != LDU_OK) {
    fprintf(stderr, "%s: warning: %s: cannot use the cache (%s); going on "
                    "without it\n",
            prog, dir, strerror(err.errnum));
    c = NULL;
  }
  free(dir);
  return c;
}

/* What changes a sentence's audio besides its plan: langdu's and
 * espeak-ng's versions, the voice files, rate, pitch and volume. */
/* A dump has been written (`st`): flush standard output; the exit status
 * (an error is reported). */
static int dump_done(enum ldu_status st, struct ldu_error *err) {
  if (st == LDU_OK && fflush(stdout) != 0)
    st = ldu_error_set(err, LDU_ERR_IO, "standard output", errno);
  if (st != LDU_OK) {
    report("standard output", st, err);
    return 1;
  }
  return 0;
}

/* The sentence cache's own format and synthesis generation. */
#define LDU_CACHE_FORMAT 2

static enum ldu_status cache_salt(const struct ldu_options *o,
                                  const char *voices, struct ldu_buf *salt,
                                  struct ldu_error *err) {
  static const char *const files[] = {"langdu-cmn", "langdu-en"};
  struct ldu_buf path;
  char hex[LDU_SHA256_HEX];
  int64_t size;
  enum ldu_status st = LDU_OK;
  size_t i;
  const char *espeak_path = NULL;
  ldu_buf_init(&path, 2 * PATH_MAX);
  /* LDU_CACHE_FORMAT: bumped whenever what a sentence sounds like changes
   * without a new version (development builds share 0.1.0) */
  st = ldu_buf_printf(salt, "langdu %s/%d; espeak-ng %s; rate %d pitch %d "
                            "volume %d",
                      LDU_VERSION, LDU_CACHE_FORMAT, espeak_Info(&espeak_path),
                      o->rate,
                      o->pitch, o->volume);
  for (i = 0; i < sizeof files / sizeof files[0] && st == LDU_OK; i++) {
    ldu_buf_reset(&path);
    st = ldu_buf_printf(&path, "%s/%s", voices, files[i]);
    if (st == LDU_OK)
      st = ldu_sha256_file(path.data, hex, &size, err);
    if (st == LDU_OK)
      st = ldu_buf_printf(salt, "; %s %s", files[i], hex);
  }
  ldu_buf_free(&path);
  return st;
}

/* One article: read it, find its structure, speak it, write the files.
 * `out_dir` NULL: derived from the input's name.  Returns the exit
 * status (0 or 1). */
static int narrate_file(const struct ldu_options *opts, const char *input,
                        const char *out_dir, int64_t date) {
  struct ldu_options o = *opts;
  struct ldu_error err;
  struct ldu_doc *doc = NULL;
  struct ldu_synth *synth = NULL;
  struct ldu_lexicon *lex = NULL;
  struct ldu_section_out *outs = NULL;
  struct ldu_master *master = NULL;
  struct ldu_master_opts mopts;
  struct ldu_synth_opts sopts;
  struct ldu_narrate_opts nopts;
  struct ldu_picture cover;
  struct ldu_buf path;
  char *text = NULL;
  char *voices = NULL;
  char *stem = NULL;
  const char *title;
  size_t len = 0;
  size_t replaced = 0;
  size_t i;
  size_t done = 0;
  enum ldu_status st;
  enum ldu_input_kind kind;
  struct ldu_cache *cache = NULL;
  struct ldu_buf salt;
  struct section_ctx sctx;
  struct ldu_render_opts ro;
  struct ldu_narrate_opts nrender;
  size_t sentences = 0;
  int rc = 1;

  ldu_error_clear(&err);
  memset(&cover, 0, sizeof cover);
  ldu_buf_init(&path, 2 * PATH_MAX);
  ldu_buf_init(&salt, 1 << 12);
  o.input = input;
  o.out_dir = out_dir;

  st = ldu_text_read_max(o.input, o.max_input, o.lenient, &text, &len,
                         &replaced, &err);
  if (st != LDU_OK) {
    report(o.input, st, &err);
    goto out;
  }
  if (replaced > 0)
    fprintf(stderr, "%s: warning: %s: replaced %zu invalid UTF-8 byte%s\n",
            prog, o.input, replaced, replaced == 1 ? "" : "s");
  kind = o.input_kind;
  if (kind == LDU_INPUT_AUTO &&
      (has_ext(o.input, ".md") || has_ext(o.input, ".markdown")))
    kind = LDU_INPUT_MARKDOWN;
  st = ldu_segment_run(text, len, kind, &doc, &err);
  if (st == LDU_ERR_EMPTY) {
    errorf("%s: nothing to read aloud (no letters, digits or Chinese "
           "characters)",
           o.input);
    goto out;
  }
  if (st != LDU_OK) {
    report(o.input, st, &err);
    goto out;
  }
  stem = input_stem(strcmp(o.input, "-") == 0 ? "langdu" : o.input);
  if (stem == NULL)
    goto nomem;
  title = o.title ? o.title : doc->title[0] ? doc->title : stem;

  voices = find_voices(o.voice_dir);
  if (voices == NULL)
    goto nomem;
  /* the built-in lexicon lives with the voices; the user's comes after */
  if (ldu_lexicon_new(&lex) != LDU_OK ||
      ldu_buf_printf(&path, "%s/lexicon.tsv", voices) != LDU_OK)
    goto nomem;
  st = ldu_lexicon_load(lex, path.data, &err);
  if (st == LDU_OK && o.lexicon != NULL)
    st = ldu_lexicon_load(lex, o.lexicon, &err);
  ldu_buf_reset(&path);
  if (st != LDU_OK) {
    report(o.lexicon != NULL ? o.lexicon : voices, st, &err);
    goto out;
  }
  if (o.action == LDU_ACTION_DUMP_PINYIN) {
    rc = dump_done(ldu_narrate_dump_pinyin(doc, lex, stdout, &err), &err);
    goto out;
  }

  sopts.voice_dir = voices;
  sopts.rate = o.rate;
  sopts.pitch = o.pitch;
  sopts.volume = o.volume;
  st = ldu_synth_new(&sopts, &synth, &err);
  if (st != LDU_OK) {
    report(voices, st, &err);
    goto out;
  }

  if (o.action == LDU_ACTION_DUMP_PHONEMES) {
    rc = dump_done(ldu_narrate_dump_phonemes(synth, doc, lex, stdout, &err),
                   &err);
    goto out;
  }

  if (doc->n_sections > MAX_SECTIONS) {
    errorf("%s: %zu sections (headings): more than the %d audio files "
           "langdu writes; split the article or use fewer headings",
           o.input, doc->n_sections, MAX_SECTIONS);
    goto out;
  }
  if (o.out_dir == NULL)
    o.out_dir = strcmp(o.input, "-") == 0 ? "langdu-out" : stem;
  if (ldu_mkdir_p(o.out_dir) != 0) {
    errorf("%s: cannot create the output folder: %s", o.out_dir,
           strerror(errno));
    goto out;
  }
  memset(&nopts, 0, sizeof nopts);
  nopts.out_dir = o.out_dir;
  nopts.audio.format = o.format;
  nopts.audio.quality = o.quality;
  nopts.audio.bitrate_kbps = o.bitrate_kbps;
  nopts.audio.id3_version = o.id3_version;
  /* --cover FILE goes into every audio file; a URL only into the feed */
  if (o.cover != NULL && strncmp(o.cover, "http://", 7) != 0 &&
      strncmp(o.cover, "https://", 8) != 0) {
    st = ldu_picture_load(o.cover, &cover, &err);
    if (st == LDU_ERR_IO && err.errnum == ENOENT) {
      /* the feed may name an image that is published beside it later */
      fprintf(stderr, "%s: warning: %s: no such file; the cover is not "
              "embedded in the audio files\n", prog, o.cover);
      ldu_error_clear(&err);
      st = LDU_OK;
    } else if (st != LDU_OK) {
      report(o.cover, st, &err);
      goto out;
    }
    if (cover.data != NULL)
      nopts.audio.cover = &cover;
  }
  nopts.chapters = o.chapters;
  nopts.pause_sentence_ms = o.pause_sentence_ms;
  nopts.pause_paragraph_ms = o.pause_paragraph_ms;
  nopts.pause_section_ms = o.pause_section_ms;
  nopts.artist = o.artist;
  nopts.album = title;
  nopts.date = o.date;
  nopts.lexicon = lex;
  if (o.loudness || o.book) {
    memset(&mopts, 0, sizeof mopts);
    mopts.rate = ldu_synth_rate(synth);
    mopts.normalise = o.loudness;
    mopts.target_lufs = o.loudness_lufs;
    mopts.max_true_peak = LDU_TRUE_PEAK_MAX;
    /* lossy codecs overshoot the true peak a little; Opus by up to 1 dB
     * (libopus 1.3.1 at 24 kbit/s and more, espeak-ng) */
    mopts.margin_db =
        o.format == LDU_FORMAT_WAV || o.format == LDU_FORMAT_FLAC ? 0.3 : 1.0;
    if (o.format == LDU_FORMAT_OPUS)
      mopts.margin_db = 1.5;
    mopts.keep = o.book != 0;
    mopts.spool_dir = o.out_dir;
    st = ldu_master_new(&mopts, &master, &err);
    if (st != LDU_OK) {
      report(o.out_dir, st, &err);
      goto out;
    }
    nopts.master = master;
    nopts.no_file = o.book == LDU_BOOK_ONLY;
  }

  outs = calloc(doc->n_sections, sizeof *outs);
  if (outs == NULL)
    goto nomem;
  done = doc->n_sections; /* zeroed or filled: all freed at the end */
  if (!o.no_cache)
    cache = open_cache(&o);
  nopts.cache = cache;
  nopts.cache_salt = salt.data;
  if (cache != NULL) {
    st = cache_salt(&o, voices, &salt, &err);
    if (st != LDU_OK) {
      report(voices, st, &err);
      goto out;
    }
    nopts.cache_salt = salt.data;
  }
  memset(&sctx, 0, sizeof sctx);
  sctx.o = &o;
  sctx.rate = ldu_synth_rate(synth);
  for (i = 0; i < doc->n_sections; i++)
    sentences += doc->sections[i].n_sents;
  sctx.progress = ldu_progress_new(stderr, isatty(STDERR_FILENO), o.quiet,
                                   doc->n_sections, sentences);
  memset(&ro, 0, sizeof ro);
  ro.jobs = o.jobs > 0 ? o.jobs : ldu_workers_default();
  /* --book-only writes no section files: they only feed the master */
  ro.in_process = o.book == LDU_BOOK_ONLY;
  ro.on_section = section_done;
  ro.on_sentence = sentence_done;
  ro.user = &sctx;
  nrender = nopts;
  if (!ro.in_process && master != NULL) {
    /* each worker measures its section with a master of its own */
    ro.master_opts = o.loudness ? &mopts : NULL;
    nrender.master = NULL;
  }
  st = ldu_render_sections(synth, doc, &nrender, &ro, outs, &err);
  if (st == LDU_OK && !ro.in_process && o.book) {
    /* the book wants every section in this process's master, which the
     * workers did not fill: speak them again (the cache makes that
     * cheap), measuring only */
    struct ldu_narrate_opts nbook = nopts;
    struct ldu_section_out again;
    nbook.no_file = 1;
    nbook.on_sentence = NULL;
    for (i = 0; i < doc->n_sections && st == LDU_OK; i++) {
      st = ldu_narrate_section(synth, doc, i, &nbook, &again, &err);
      ldu_section_out_free(&again);
    }
  }
  ldu_progress_free(sctx.progress);
  sctx.progress = NULL;
  if (st != LDU_OK) {
    report(o.out_dir, st, &err);
    goto out;
  }
  if (!o.quiet) {
    long synthesised = 0;
    long cached = 0;
    for (i = 0; i < doc->n_sections; i++) {
      synthesised += outs[i].synthesised;
      cached += outs[i].cached;
    }
    fprintf(stderr, "%s: %s: %zu sentences: %ld synthesised, %ld from the "
                    "cache\n",
            prog, o.out_dir, sentences, synthesised, cached);
  }
  st = write_books(&o, doc, title, outs, done, ldu_synth_rate(synth), date,
                   &path, &err);
  if (st != LDU_OK) {
    report(path.data != NULL ? path.data : o.out_dir, st, &err);
    goto out;
  }
  st = publish(&o, doc, title, master, &nopts, outs, done,
               ldu_synth_rate(synth), date, &path, &err);
  if (st != LDU_OK) {
    report(path.data != NULL ? path.data : o.out_dir, st, &err);
    goto out;
  }
  rc = 0;
  goto out;
nomem:
  errorf("out of memory");
out:
  for (i = 0; outs != NULL && i < done; i++)
    ldu_section_out_free(&outs[i]);
  free(outs);
  ldu_master_free(master);
  ldu_cache_free(cache);
  ldu_buf_free(&salt);
  ldu_picture_free(&cover);
  ldu_synth_free(synth);
  ldu_lexicon_free(lex);
  ldu_doc_free(doc);
  free(text);
  free(voices);
  free(stem);
  ldu_buf_free(&path);
  if (rc != 0)
    ldu_cleanup_run(); /* every writer removes its own; this is the net */
  return rc;
}

/* One article of several, in a process of its own: espeak-ng cannot be
 * started again in a process that stopped it, and each article then
 * begins from the same state. */
static int narrate_one(const struct ldu_options *o, const char *input,
                       const char *dir, int64_t date) {
  pid_t pid;
  int status = 0;
  fflush(NULL);
  pid = fork();
  if (pid < 0) {
    errorf("%s: cannot start a process: %s", input, strerror(errno));
    return 1;
  }
  if (pid == 0) {
    int rc = narrate_file(o, input, dir, date);
    fflush(NULL);
    _exit(rc);
  }
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  errorf("%s: stopped by signal %d", input,
         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return 1;
}

/* Several inputs: each into its own subfolder of -o (named after the
 * file), one after the other; the others go on when one fails. */
static int narrate_all(const struct ldu_options *o, int64_t date) {
  struct ldu_buf dir;
  int failed = 0;
  int i;
  int j;
  ldu_buf_init(&dir, 2 * PATH_MAX);
  for (i = 0; i < o->n_inputs; i++) {
    char *stem = input_stem(strcmp(o->inputs[i], "-") == 0 ? "langdu"
                                                            : o->inputs[i]);
    int same = 0;
    if (stem == NULL) {
      errorf("out of memory");
      failed++;
      continue;
    }
    /* a.txt and x/a.txt: the second goes to a-2, the third to a-3 */
    for (j = 0; j < i; j++) {
      char *other = input_stem(o->inputs[j]);
      if (other != NULL && strcmp(other, stem) == 0)
        same++;
      free(other);
    }
    ldu_buf_reset(&dir);
    if (same > 0)
      ldu_buf_printf(&dir, "%s/%s-%d", o->out_dir ? o->out_dir : ".", stem,
                     same + 1);
    else
      ldu_buf_printf(&dir, "%s/%s", o->out_dir ? o->out_dir : ".", stem);
    free(stem);
    if (dir.data == NULL || narrate_one(o, o->inputs[i], dir.data, date))
      failed++;
  }
  ldu_buf_free(&dir);
  if (failed > 0)
    errorf("%d of %d articles failed", failed, o->n_inputs);
  return failed > 0 ? 1 : 0;
}

int main(int argc, char **argv) {
  struct ldu_options o;
  char msg[512];
  enum ldu_status st;
  int64_t date = 0;

  ldu_options_init(&o);
  st = ldu_options_parse(&o, argc, argv, msg, sizeof msg);
  if (st != LDU_OK) {
    errorf("%s", msg);
    fprintf(stderr, "Try 'langdu --help' for the options.\n");
    return 2;
  }
  if (o.action == LDU_ACTION_HELP) {
    usage(stdout);
    return 0;
  }
  if (o.action == LDU_ACTION_VERSION) {
    printf("langdu %s\n", LDU_VERSION);
    return 0;
  }
  /* from here on, SIGINT/SIGTERM/SIGHUP remove our temporaries and exit
   * 130/143/129; no output file is ever left half written (cleanup.h) */
  if (ldu_cleanup_install() != LDU_OK) {
    errorf("cannot install signal handlers: %s", strerror(errno));
    return 1;
  }
  switch (feed_date(o.date, &date)) {
  case -1:
    errorf("--date wants YYYY or YYYY-MM-DD: '%s'", o.date);
    fprintf(stderr, "Try 'langdu --help' for the options.\n");
    return 2;
  case -2:
    errorf("SOURCE_DATE_EPOCH is not a number of seconds: '%s'",
           getenv("SOURCE_DATE_EPOCH"));
    return 2;
  default:
    break;
  }
  if (o.n_inputs <= 1)
    return narrate_file(&o, o.input, o.out_dir, date);
  return narrate_all(&o, date);
}
