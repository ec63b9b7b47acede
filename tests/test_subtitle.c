/* Subtitles (SRT, WebVTT), chapters JSON and the playlist, written to
 * memory and compared byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chapters.h"
#include "playlist.h"
#include "subtitle.h"
#include "test.h"

#define RATE 22050

/* Run `fmt` on `cues` into memory; caller frees. */
static char *render(enum ldu_subtitle_format fmt, const struct ldu_cue *cues,
                    size_t n, int rate, enum ldu_status *st) {
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  struct ldu_sink sink;
  if (f == NULL)
    return NULL;
  sink = ldu_sink_file(f);
  *st = ldu_subtitle_write(fmt, cues, n, rate, &sink);
  fclose(f);
  return mem;
}

static const struct ldu_cue two[] = {
    {0, 22050, "第一句。"},
    {29767, 3600 * 22050L + 61 * 22050L + 11025, "A <b> & c>d"},
};

static const struct ldu_cue overlap[] = {
    {0, 2205, "一"},      /* 0 .. 100 ms */
    {1103, 1103, "二"},   /* starts inside the first: moved to 100 */
    {4410, 4400, "三"},   /* ends before it starts: empty at 200 */
    {6615, 8820, "四\n五\r六"},
};

static const struct {
  const char *name;
  enum ldu_subtitle_format fmt;
  const struct ldu_cue *cues;
  size_t n;
  const char *want;
} cases[] = {
    {"srt two", LDU_SUBTITLE_SRT, two, 2,
     "1\n00:00:00,000 --> 00:00:01,000\n第一句。\n\n"
     "2\n00:00:01,350 --> 01:01:01,500\nA <b> & c>d\n\n"},
    {"vtt two", LDU_SUBTITLE_VTT, two, 2,
     "WEBVTT\n\n"
     "1\n00:00:00.000 --> 00:00:01.000\n第一句。\n\n"
     "2\n00:00:01.350 --> 01:01:01.500\nA &lt;b&gt; &amp; c&gt;d\n\n"},
    {"srt none", LDU_SUBTITLE_SRT, NULL, 0, ""},
    {"vtt none", LDU_SUBTITLE_VTT, NULL, 0, "WEBVTT\n\n"},
    {"srt overlap", LDU_SUBTITLE_SRT, overlap, 4,
     "1\n00:00:00,000 --> 00:00:00,100\n一\n\n"
     "2\n00:00:00,100 --> 00:00:00,100\n二\n\n"
     "3\n00:00:00,200 --> 00:00:00,200\n三\n\n"
     "4\n00:00:00,300 --> 00:00:00,400\n四 五 六\n\n"},
};

static void test_cases(void) {
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    enum ldu_status st = LDU_ERR_IO;
    char *got = render(cases[i].fmt, cases[i].cues, cases[i].n, RATE, &st);
    CHECK_INT(st, LDU_OK);
    CHECK_STR(got, cases[i].want);
    if (got == NULL || strcmp(got, cases[i].want) != 0)
      fprintf(stderr, "  case: %s\n", cases[i].name);
    free(got);
  }
}

static void test_errors(void) {
  static const struct ldu_cue neg[] = {{-1, 10, "x"}};
  static const struct ldu_cue notext[] = {{0, 10, NULL}};
  enum ldu_status st = LDU_OK;
  free(render(LDU_SUBTITLE_SRT, two, 2, 0, &st));
  CHECK_INT(st, LDU_ERR_USAGE);
  free(render(LDU_SUBTITLE_COUNT, two, 2, RATE, &st));
  CHECK_INT(st, LDU_ERR_USAGE);
  free(render(LDU_SUBTITLE_VTT, neg, 1, RATE, &st));
  CHECK_INT(st, LDU_ERR_USAGE);
  free(render(LDU_SUBTITLE_VTT, notext, 1, RATE, &st));
  CHECK_INT(st, LDU_ERR_USAGE);
  CHECK_STR(ldu_subtitle_ext(LDU_SUBTITLE_SRT), "srt");
  CHECK_STR(ldu_subtitle_ext(LDU_SUBTITLE_VTT), "vtt");
  CHECK(ldu_subtitle_ext(LDU_SUBTITLE_COUNT) == NULL);
}

static const struct {
  int64_t frames;
  int rate;
  int64_t want;
} ms_cases[] = {
    {0, 22050, 0},        {11, 22050, 0},      {12, 22050, 1},
    {22050, 22050, 1000}, {-1, 22050, -1},     {10, 0, -1},
    {48000, 48000, 1000}, {INT64_MAX, 22050, -1},
};

static void test_ms(void) {
  size_t i;
  for (i = 0; i < sizeof ms_cases / sizeof ms_cases[0]; i++)
    CHECK_INT(ldu_frames_to_ms(ms_cases[i].frames, ms_cases[i].rate),
              ms_cases[i].want);
}

/* A failing sink reports LDU_ERR_IO. */
static int broken(void *user, const void *p, size_t n) {
  (void)user;
  (void)p;
  (void)n;
  return 1;
}

static void test_broken_sink(void) {
  struct ldu_sink sink = {broken, NULL};
  CHECK_INT(ldu_subtitle_write(LDU_SUBTITLE_VTT, two, 2, RATE, &sink),
            LDU_ERR_IO);
  CHECK_INT(ldu_chapter_json_write(NULL, 0, RATE, NULL, &sink), LDU_ERR_IO);
}

static char *chapters_json(const struct ldu_chapter *ch, size_t n,
                           const char *title, enum ldu_status *st) {
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  struct ldu_sink sink;
  if (f == NULL)
    return NULL;
  sink = ldu_sink_file(f);
  *st = ldu_chapter_json_write(ch, n, RATE, title, &sink);
  fclose(f);
  return mem;
}

static void test_chapters(void) {
  static const struct ldu_chapter ch[] = {
      {0, 55125, "開始"},
      {55125, 137813, "Say \"hi\" \\ <go>"},
  };
  static const struct ldu_chapter unsorted[] = {{100, 200, "b"},
                                                {0, 100, "a"}};
  enum ldu_status st = LDU_ERR_IO;
  char *got = chapters_json(ch, 2, "標題", &st);
  CHECK_INT(st, LDU_OK);
  CHECK_STR(got, "{\n"
                 "  \"version\": \"1.2.0\",\n"
                 "  \"title\": \"標題\",\n"
                 "  \"chapters\": [\n"
                 "    {\n"
                 "      \"startTime\": 0.0,\n"
                 "      \"endTime\": 2.5,\n"
                 "      \"title\": \"開始\"\n"
                 "    },\n"
                 "    {\n"
                 "      \"startTime\": 2.5,\n"
                 "      \"endTime\": 6.25,\n"
                 "      \"title\": \"Say \\\"hi\\\" \\\\ <go>\"\n"
                 "    }\n"
                 "  ]\n"
                 "}\n");
  free(got);
  got = chapters_json(NULL, 0, NULL, &st);
  CHECK_INT(st, LDU_OK);
  CHECK_STR(got, "{\n  \"version\": \"1.2.0\",\n  \"chapters\": []\n}\n");
  free(got);
  free(chapters_json(unsorted, 2, NULL, &st));
  CHECK_INT(st, LDU_ERR_USAGE);
  free(chapters_json(ch, 2, "\xff bad", &st));
  CHECK_INT(st, LDU_ERR_USAGE);
}

static void test_playlist(void) {
  static const struct ldu_playlist_entry e[] = {
      {"01-開始.wav", "開始", 22050 * 61 + 11025},
      {"02-b c.wav", "two\nlines, and a comma", 0},
  };
  static const struct ldu_playlist_entry bad[] = {{"a\nb.wav", "x", 1}};
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  struct ldu_sink sink;
  CHECK(f != NULL);
  if (f == NULL)
    return;
  sink = ldu_sink_file(f);
  CHECK_INT(ldu_playlist_write(e, 2, RATE, "文章", &sink), LDU_OK);
  CHECK_INT(ldu_playlist_write(bad, 1, RATE, NULL, &sink), LDU_ERR_USAGE);
  fclose(f);
  CHECK_STR(mem, "#EXTM3U\n#PLAYLIST:文章\n"
                 "#EXTINF:62,開始\n01-開始.wav\n"
                 "#EXTINF:0,two lines, and a comma\n02-b c.wav\n");
  free(mem);
}

int main(void) {
  test_cases();
  test_errors();
  test_ms();
  test_broken_sink();
  test_chapters();
  test_playlist();
  return test_summary();
}
