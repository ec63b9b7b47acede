/* Talking books: the shared pieces (clocks, depths, identifier, XML),
 * then an EPUB and a DAISY book of a hand-made doc in a temporary folder,
 * read back with libzip and libxml2. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sndfile.h>
#include <zip.h>

#include "audio.h"
#include "book_xml.h"
#include "buf.h"
#include "daisy.h"
#include "epub.h"
#include "test.h"

#define RATE 22050

static void test_clocks(void) {
  static const int64_t frames[] = {0, 1, 11, 12, 22050, 158363, 19392300};
  char s[64];
  size_t i;
  /* the same rounding as manifest.json's seconds */
  for (i = 0; i < sizeof frames / sizeof frames[0]; i++)
    CHECK_INT(ldu_book_ms(frames[i], RATE),
              (int64_t)round((double)frames[i] * 1000.0 / RATE));
  CHECK_INT(ldu_book_ms(-5, RATE), 0);
  CHECK_INT(ldu_book_ms(5, 0), 0);
  ldu_book_clock_s(s, sizeof s, 7182);
  CHECK_STR(s, "7.182s");
  ldu_book_clock_s(s, sizeof s, 5);
  CHECK_STR(s, "0.005s");
  ldu_book_clock_full(s, sizeof s, 3723004);
  CHECK_STR(s, "1:02:03.004");
  ldu_book_clock_full(s, sizeof s, 50171);
  CHECK_STR(s, "0:00:50.171");
  ldu_book_clock_hms(s, sizeof s, 879688);
  CHECK_STR(s, "00:14:40");
  ldu_book_clock_hms(s, sizeof s, 499);
  CHECK_STR(s, "00:00:00");
  ldu_book_date(s, (time_t)1700000000);
  CHECK_STR(s, "2023-11-14T22:13:20Z");
  CHECK(ldu_book_has_ext("01-a.MP3", "mp3"));
  CHECK(!ldu_book_has_ext("01-a.mp3.wav", "mp3"));
  CHECK(!ldu_book_has_ext("mp3", "mp3"));
  CHECK(!ldu_book_has_ext("a.mp/x", "mp"));
}

/* A doc of `n` sections at the given heading levels (0: none), each with
 * a heading (when level > 0), a paragraph of two sentences and a code
 * paragraph. */
static struct ldu_doc *make_doc(const int *levels, size_t n) {
  struct ldu_doc *doc = calloc(1, sizeof *doc);
  size_t i;
  if (doc == NULL)
    return NULL;
  doc->title = strdup("測試 <書> & \"標題\"");
  doc->script = LDU_SCRIPT_TRAD;
  doc->sections = calloc(n, sizeof *doc->sections);
  doc->n_sections = n;
  for (i = 0; i < n; i++) {
    struct ldu_section *sec = &doc->sections[i];
    char t[64];
    size_t s = 0;
    size_t p = 0;
    sec->level = levels[i];
    sec->sents = calloc(4, sizeof *sec->sents);
    sec->paras = calloc(3, sizeof *sec->paras);
    if (levels[i] > 0) {
      snprintf(t, sizeof t, "第%zu節：GPT-4 & <AI>", i + 1);
      sec->heading = strdup(t);
      sec->sents[s++].text = strdup(t);
      sec->paras[p].kind = LDU_PARA_HEADING;
      sec->paras[p].first = 0;
      sec->paras[p++].count = 1;
    }
    sec->paras[p].kind = LDU_PARA_TEXT;
    sec->paras[p].first = s;
    sec->paras[p++].count = 2;
    snprintf(t, sizeof t, "第%zu節有 3 個句子。", i + 1);
    sec->sents[s++].text = strdup(t);
    sec->sents[s++].text = strdup("Hello world.");
    sec->paras[p].kind = LDU_PARA_CODE;
    sec->paras[p].first = s;
    sec->paras[p++].count = 1;
    sec->sents[s++].text = strdup("（程式碼）");
    sec->n_sents = s;
    sec->n_paras = p;
  }
  return doc;
}

/* Section outputs: sentence k of section i spans [k, k + 0.8) s, the
 * file lasts n_sents + 0.5 s. */
static struct ldu_section_out *make_outs(const struct ldu_doc *doc,
                                         const char *ext) {
  struct ldu_section_out *o = calloc(doc->n_sections, sizeof *o);
  size_t i;
  size_t s;
  for (i = 0; o != NULL && i < doc->n_sections; i++) {
    char name[32];
    snprintf(name, sizeof name, "%02zu-節.%s", i + 1, ext);
    o[i].file = strdup(name);
    o[i].title = strdup(doc->sections[i].sents[0].text);
    o[i].n_sents = doc->sections[i].n_sents;
    o[i].sents = calloc(o[i].n_sents, sizeof *o[i].sents);
    for (s = 0; s < o[i].n_sents; s++) {
      o[i].sents[s].start = (int64_t)s * RATE;
      o[i].sents[s].end = (int64_t)s * RATE + RATE * 8 / 10;
    }
    o[i].frames = (int64_t)o[i].n_sents * RATE + RATE / 2;
  }
  return o;
}

static void free_outs(struct ldu_section_out *o, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    ldu_section_out_free(&o[i]);
  free(o);
}

static void test_depths(void) {
  static const int levels[] = {0, 1, 2, 2, 3, 1, 4, 6, 5};
  static const int want[] = {1, 1, 2, 2, 3, 1, 2, 3, 3};
  int got[9];
  struct ldu_doc doc;
  struct ldu_section secs[9];
  size_t i;
  memset(&doc, 0, sizeof doc);
  memset(secs, 0, sizeof secs);
  for (i = 0; i < 9; i++)
    secs[i].level = levels[i];
  doc.sections = secs;
  doc.n_sections = 9;
  ldu_book_depths(&doc, 9, got);
  for (i = 0; i < 9; i++)
    CHECK_INT(got[i], want[i]);
}

static void test_xml(void) {
  static const int levels[] = {1};
  struct ldu_doc *doc = make_doc(levels, 1);
  struct ldu_xml *x;
  const char *data;
  size_t len;
  char id[LDU_BOOK_ID_MAX];
  char id2[LDU_BOOK_ID_MAX];
  CHECK(doc != NULL);
  CHECK_INT(ldu_xml_new(&x), LDU_OK);
  ldu_xml_start(x, "body");
  ldu_book_section_body(x, &doc->sections[0], 3, 2);
  ldu_xml_start(x, "a");
  ldu_xml_attr(x, "title", "\"<&>\"");
  ldu_xml_end(x);
  CHECK_INT(ldu_xml_finish(x, &data, &len), LDU_OK);
  CHECK_INT(len, strlen(data));
  /* the text as written, escaped; a space only between Latin sentences
   * (none here: the first ends in 。) */
  CHECK(strstr(data, "<h2 id=\"h3\"><span id=\"s3_1\">第1節：GPT-4 &amp; "
                     "&lt;AI&gt;</span></h2>") != NULL);
  CHECK(strstr(data, "<p><span id=\"s3_2\">第1節有 3 個句子。</span><span "
                     "id=\"s3_3\">Hello world.</span></p>") != NULL);
  CHECK(strstr(data, "<p class=\"code\"><span id=\"s3_4\">") != NULL);
  CHECK(strstr(data, "title=\"&quot;&lt;&amp;&gt;&quot;\"") != NULL);
  ldu_xml_free(x);

  CHECK_INT(ldu_book_identifier(doc, doc->title, id), LDU_OK);
  CHECK_INT(ldu_book_identifier(doc, doc->title, id2), LDU_OK);
  CHECK_STR(id, id2);
  CHECK_INT(strlen(id), 45);
  CHECK(strncmp(id, "urn:uuid:", 9) == 0);
  CHECK(id[9 + 14] == '5');
  CHECK(strchr("89ab", id[9 + 19]) != NULL);
  CHECK(id[9 + 8] == '-' && id[9 + 13] == '-' && id[9 + 18] == '-' &&
        id[9 + 23] == '-');
  CHECK(strcmp(ldu_doc_language(doc), "zh-Hant") == 0);
  ldu_doc_free(doc);
}

static int write_file(const char *path, const char *bytes) {
  FILE *f = fopen(path, "wb");
  if (f == NULL)
    return -1;
  fputs(bytes, f);
  return fclose(f);
}

/* Read entry `name` of `za` into a NUL-terminated string (free it). */
static char *zip_text(zip_t *za, const char *name) {
  zip_stat_t zs;
  zip_file_t *zf;
  char *s;
  if (zip_stat(za, name, 0, &zs) != 0)
    return NULL;
  s = malloc(zs.size + 1);
  zf = zip_fopen(za, name, 0);
  if (s == NULL || zf == NULL ||
      zip_fread(zf, s, zs.size) != (zip_int64_t)zs.size) {
    free(s);
    if (zf != NULL)
      zip_fclose(zf);
    return NULL;
  }
  zip_fclose(zf);
  s[zs.size] = '\0';
  return s;
}

static int well_formed(const char *s) {
  xmlDocPtr d =
      xmlReadMemory(s, (int)strlen(s), "x.xml", NULL,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (d == NULL)
    return 0;
  xmlFreeDoc(d);
  return 1;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  const char *p = hay;
  while ((p = strstr(p, needle)) != NULL) {
    n++;
    p += strlen(needle);
  }
  return n;
}

static void test_epub(const char *dir) {
  static const int levels[] = {0, 1, 2};
  struct ldu_doc *doc = make_doc(levels, 3);
  struct ldu_section_out *outs = make_outs(doc, "mp3");
  struct ldu_book_opts bo;
  struct ldu_error err;
  struct ldu_buf path;
  zip_stat_t zs;
  zip_t *za;
  char *s;
  size_t i;
  int zerr;

  ldu_buf_init(&path, 4096);
  for (i = 0; i < 3; i++) {
    ldu_buf_reset(&path);
    ldu_buf_printf(&path, "%s/%s", dir, outs[i].file);
    CHECK(write_file(path.data, "not really MP3") == 0);
  }
  memset(&bo, 0, sizeof bo);
  bo.title = doc->title;
  bo.creator = "langdu";
  bo.audio_dir = dir;
  bo.rate = RATE;
  bo.modified = (time_t)1700000000;
  ldu_error_clear(&err);
  ldu_buf_reset(&path);
  ldu_buf_printf(&path, "%s/book.epub", dir);
  CHECK_INT(ldu_epub_write(path.data, doc, outs, 3, &bo, &err), LDU_OK);
  CHECK_INT(ldu_epub_write(path.data, doc, outs, 0, &bo, &err), LDU_ERR_USAGE);

  za = zip_open(path.data, ZIP_RDONLY, &zerr);
  CHECK(za != NULL);
  if (za == NULL)
    goto out;
  /* mimetype first, stored */
  CHECK(zip_stat_index(za, 0, 0, &zs) == 0);
  CHECK_STR(zs.name, "mimetype");
  CHECK_INT(zs.comp_method, ZIP_CM_STORE);
  CHECK_INT(zip_file_extra_fields_count(za, 0, ZIP_FL_LOCAL), 0);
  s = zip_text(za, "mimetype");
  CHECK_STR(s, "application/epub+zip");
  free(s);
  s = zip_text(za, "EPUB/audio/s02.mp3");
  CHECK_STR(s, "not really MP3");
  free(s);
  s = zip_text(za, "EPUB/package.opf");
  CHECK(s != NULL && well_formed(s));
  /* 4 + 4 + 3 clips of 0.8 s */
  CHECK(s != NULL && strstr(s, "<meta property=\"media:duration\">"
                               "0:00:08.800</meta>") != NULL);
  CHECK(s != NULL && strstr(s, "refines=\"#mo01\">0:00:02.400<") != NULL);
  CHECK(s != NULL && strstr(s, "refines=\"#mo03\">0:00:03.200<") != NULL);
  CHECK(s != NULL && strstr(s, "2023-11-14T22:13:20Z") != NULL);
  CHECK(s != NULL &&
        strstr(s, "<dc:title>測試 &lt;書&gt; &amp; &quot;標題&quot;<") != NULL);
  CHECK(s != NULL && strstr(s, "<dc:language>zh-Hant<") != NULL);
  CHECK(s != NULL && strstr(s, "media:active-class") != NULL);
  free(s);
  s = zip_text(za, "EPUB/s03.smil");
  CHECK(s != NULL && well_formed(s));
  CHECK_INT(s != NULL ? count(s, "<par ") : 0, 4);
  CHECK(s != NULL &&
        strstr(s, "<par id=\"p3_2\"><text src=\"s03.xhtml#s3_2\"/><audio "
                  "src=\"audio/s03.mp3\" clipBegin=\"1.000s\" "
                  "clipEnd=\"1.800s\"/></par>") != NULL);
  free(s);
  s = zip_text(za, "EPUB/s01.xhtml");
  CHECK(s != NULL && well_formed(s));
  CHECK_INT(s != NULL ? count(s, "<span id=\"s1_") : 0, 3);
  free(s);
  s = zip_text(za, "EPUB/nav.xhtml");
  CHECK(s != NULL && well_formed(s));
  /* section 3 (level 2) nests under section 2 */
  CHECK(s != NULL && strstr(s, "<a href=\"s01.xhtml#s1_1\">第1節有 3 "
                               "個句子。</a>") != NULL);
  CHECK(s != NULL &&
        strstr(s, "#h2\">第2節：GPT-4 &amp; &lt;AI&gt;</a><ol>") != NULL);
  CHECK_INT(s != NULL ? count(s, "<ol>") : 0, 2);
  free(s);
  zip_close(za);

  /* a folder that is not there: an error naming the book, nothing left */
  ldu_buf_reset(&path);
  ldu_buf_printf(&path, "%s/no/such/book.epub", dir);
  ldu_error_clear(&err);
  CHECK_INT(ldu_epub_write(path.data, doc, outs, 3, &bo, &err), LDU_ERR_IO);
  CHECK(strstr(err.path, "book.epub") != NULL);
out:
  for (i = 0; i < 3; i++) {
    ldu_buf_reset(&path);
    ldu_buf_printf(&path, "%s/%s", dir, outs[i].file);
    unlink(path.data);
  }
  ldu_buf_reset(&path);
  ldu_buf_printf(&path, "%s/book.epub", dir);
  unlink(path.data);
  ldu_buf_free(&path);
  free_outs(outs, 3);
  ldu_doc_free(doc);
}

static char *read_all(const char *path) {
  struct ldu_buf b;
  char chunk[4096];
  size_t n;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  ldu_buf_init(&b, 1 << 22);
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    ldu_buf_add(&b, chunk, n);
  fclose(f);
  return ldu_buf_detach(&b);
}

/* ldu_daisy_names() into a list of names in `dir` that must exist. */
struct names {
  const char *dir;
  size_t n;
  size_t missing;
};

static enum ldu_status name_seen(void *user, const char *name) {
  struct names *nm = user;
  struct ldu_buf path;
  struct stat sb;
  ldu_buf_init(&path, 4096);
  ldu_buf_printf(&path, "%s/%s", nm->dir, name);
  if (stat(path.data, &sb) != 0 || !S_ISREG(sb.st_mode))
    nm->missing++;
  ldu_buf_free(&path);
  nm->n++;
  return nm->n < 100 ? LDU_OK : LDU_ERR_USAGE;
}

static size_t files_in(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t n = 0;
  if (d == NULL)
    return 0;
  while ((e = readdir(d)) != NULL)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

static void test_daisy(const char *dir) {
  static const int levels[] = {1, 2, 3, 2};
  static const char *const names[] = {"ncc.html", "content.html", "s01.smil",
                                      "s02.smil", "s03.smil",     "s04.smil"};
  struct ldu_doc *doc = make_doc(levels, 4);
  struct ldu_section_out *outs = make_outs(doc, "wav");
  struct ldu_book_opts bo;
  struct ldu_error err;
  struct ldu_buf path;
  struct ldu_buf book;
  struct stat a;
  struct stat b;
  char *s;
  size_t i;

  ldu_buf_init(&path, 4096);
  ldu_buf_init(&book, 4096);
  ldu_buf_printf(&book, "%s/daisy", dir);
  CHECK(mkdir(book.data, 0777) == 0);
  for (i = 0; i < 4; i++) {
    ldu_buf_reset(&path);
    ldu_buf_printf(&path, "%s/%s", dir, outs[i].file);
    CHECK(write_file(path.data, "RIFF") == 0);
  }
  memset(&bo, 0, sizeof bo);
  bo.title = doc->title;
  bo.audio_dir = dir;
  bo.rate = RATE;
  bo.modified = (time_t)1700000000;
  ldu_error_clear(&err);
  CHECK_INT(ldu_daisy_write(book.data, doc, outs, 4, &bo, &err), LDU_OK);
  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    ldu_buf_reset(&path);
    ldu_buf_printf(&path, "%s/%s", book.data, names[i]);
    s = read_all(path.data);
    CHECK(s != NULL && well_formed(s));
    if (s != NULL && i == 0) {
      /* 4 sections of 4.5 s: 18 s */
      CHECK(strstr(s, "name=\"ncc:totalTime\" content=\"00:00:18\"") != NULL);
      CHECK(strstr(s, "name=\"ncc:tocItems\" content=\"4\"") != NULL);
      CHECK(strstr(s, "name=\"ncc:depth\" content=\"3\"") != NULL);
      CHECK(strstr(s, "name=\"ncc:files\" content=\"10\"") != NULL);
      CHECK(strstr(s, "name=\"ncc:narrator\" content=\"langdu\"") != NULL);
      CHECK(strstr(s, "name=\"dc:date\" content=\"2023-11-14\"") != NULL);
      CHECK(strstr(s, "<h1 class=\"title\" id=\"n1\"><a "
                      "href=\"s01.smil#t1_1\">") != NULL);
      CHECK(strstr(s, "<h3 id=\"n3\"><a href=\"s03.smil#t3_1\">") != NULL);
      CHECK(strstr(s, "<h2 id=\"n4\">") != NULL);
    }
    if (s != NULL && i == 3) {
      /* section 2 starts 4.5 s into the book */
      CHECK(strstr(s, "ncc:totalElapsedTime\" content=\"00:00:05\"") != NULL);
      CHECK(strstr(s, "<seq dur=\"4.500s\">") != NULL);
      CHECK_INT(count(s, "<par "), 4);
      CHECK(strstr(s, "<text src=\"content.html#s2_2\" id=\"t2_2\"/>") != NULL);
      CHECK(strstr(s, "<audio src=\"s02.wav\" clip-begin=\"npt=1.000s\" "
                      "clip-end=\"npt=1.800s\" id=\"a2_2\"/>") != NULL);
      /* the pause after it plays too */
      CHECK(strstr(s, "<audio src=\"s02.wav\" clip-begin=\"npt=1.800s\" "
                      "clip-end=\"npt=2.000s\" id=\"g2_2\"/>") != NULL);
      CHECK(strstr(s, "clip-begin=\"npt=3.800s\" clip-end=\"npt=4.500s\"") !=
            NULL);
    }
    if (s != NULL && i == 1)
      CHECK_INT(count(s, "<span id=\"s"), 16);
    free(s);
  }
  /* the audio is the section file itself */
  ldu_buf_reset(&path);
  ldu_buf_printf(&path, "%s/%s", dir, outs[0].file);
  CHECK(stat(path.data, &a) == 0);
  ldu_buf_reset(&path);
  ldu_buf_printf(&path, "%s/s01.wav", book.data);
  CHECK(stat(path.data, &b) == 0 && a.st_ino == b.st_ino);
  /* the names it tells (for manifest.json) are those of what it wrote */
  {
    struct names nm = {NULL, 0, 0};
    nm.dir = book.data;
    CHECK_INT(ldu_daisy_names(outs, 4, name_seen, &nm), LDU_OK);
    CHECK_INT((int)nm.n, 10);
    CHECK_INT((int)nm.missing, 0);
    CHECK_INT((int)files_in(book.data), 10);
  }

  /* written again over itself */
  CHECK_INT(ldu_daisy_write(book.data, doc, outs, 4, &bo, &err), LDU_OK);
  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    ldu_buf_reset(&path);
    ldu_buf_printf(&path, "%s/%s", book.data, names[i]);
    unlink(path.data);
  }
  for (i = 0; i < 4; i++) {
    ldu_buf_reset(&path);
    ldu_buf_printf(&path, "%s/s%02zu.wav", book.data, i + 1);
    unlink(path.data);
    ldu_buf_reset(&path);
    ldu_buf_printf(&path, "%s/%s", dir, outs[i].file);
    unlink(path.data);
  }
  rmdir(book.data);
  ldu_buf_free(&path);
  ldu_buf_free(&book);
  free_outs(outs, 4);
  ldu_doc_free(doc);
}

/* A real WAV made MP3 for a book: about as long, readable. */
static void test_mp3(const char *dir) {
  struct ldu_audio_opts ao;
  struct ldu_audio *a = NULL;
  struct ldu_error err;
  struct ldu_buf wav;
  struct ldu_buf mp3;
  int16_t pcm[RATE];
  SF_INFO info;
  SNDFILE *sf;
  size_t i;
  ldu_buf_init(&wav, 4096);
  ldu_buf_init(&mp3, 4096);
  ldu_buf_printf(&wav, "%s/tone.wav", dir);
  ldu_buf_printf(&mp3, "%s/tone.mp3", dir);
  for (i = 0; i < RATE; i++)
    pcm[i] = (int16_t)(8000.0 * sin(2 * 3.14159265 * 440.0 * (double)i / RATE));
  memset(&ao, 0, sizeof ao);
  ao.format = LDU_FORMAT_WAV;
  ao.rate = RATE;
  ao.quality = -1;
  ldu_error_clear(&err);
  CHECK_INT(ldu_audio_open(wav.data, &ao, &a, &err), LDU_OK);
  CHECK_INT(ldu_audio_write(a, pcm, RATE, &err), LDU_OK);
  CHECK_INT(ldu_audio_close(a, NULL, NULL, 0, &err), LDU_OK);
  CHECK_INT(ldu_book_mp3(wav.data, mp3.data, "節", "書", NULL, &err), LDU_OK);
  memset(&info, 0, sizeof info);
  sf = sf_open(mp3.data, SFM_READ, &info);
  CHECK(sf != NULL);
  if (sf != NULL) {
    CHECK_INT(info.samplerate, RATE);
    CHECK_INT(info.channels, 1);
    /* the decoder may add the encoder's delay and padding: 1 s +- 0.1 */
    CHECK(info.frames > RATE * 9 / 10 && info.frames < RATE * 11 / 10);
    sf_close(sf);
  }
  CHECK_INT(ldu_book_mp3("/nonexistent.wav", mp3.data, NULL, NULL, NULL, &err),
            LDU_ERR_FORMAT);
  unlink(wav.data);
  unlink(mp3.data);
  ldu_buf_free(&wav);
  ldu_buf_free(&mp3);
}

int main(void) {
  char dir[] = "/tmp/ldu-book-XXXXXX";
  test_clocks();
  test_depths();
  test_xml();
  if (mkdtemp(dir) == NULL) {
    CHECK(!"mkdtemp");
    return test_summary();
  }
  test_epub(dir);
  test_daisy(dir);
  test_mp3(dir);
  CHECK(rmdir(dir) == 0);
  xmlCleanupParser();
  return test_summary();
}
