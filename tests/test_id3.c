/* test_id3: byte-level checks of the ID3v2 tags ldu_id3_build() makes. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "id3.h"
#include "test.h"

#define MAX_FRAMES 400

struct frame {
  char id[5];
  const unsigned char *body;
  size_t size;
};

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

static uint32_t synchsafe(const unsigned char *p) {
  return (uint32_t)p[0] << 21 | (uint32_t)p[1] << 14 | (uint32_t)p[2] << 7 |
         (uint32_t)p[3];
}

/* Walk the frames in `len` bytes; stops at padding.  Returns the number
 * of frames, or -1 when a frame overruns.  `*used` = bytes of frames. */
static int parse_frames(const unsigned char *p, size_t len, int version,
                        struct frame *f, int max, size_t *used) {
  size_t pos = 0;
  int n = 0;
  while (pos + 10 <= len && p[pos] != 0 && n < max) {
    size_t size = version == 4 ? synchsafe(p + pos + 4) : be32(p + pos + 4);
    if (pos + 10 + size > len)
      return -1;
    memcpy(f[n].id, p + pos, 4);
    f[n].id[4] = '\0';
    f[n].body = p + pos + 10;
    f[n].size = size;
    n++;
    pos += 10 + size;
  }
  if (used != NULL)
    *used = pos;
  return n;
}

/* Check the tag header and return its frames. */
static int parse_tag(const struct ldu_buf *b, int version, struct frame *f,
                     size_t *used) {
  const unsigned char *p = (const unsigned char *)b->data;
  CHECK(b->len >= 10);
  if (b->len < 10)
    return -1;
  CHECK(memcmp(p, "ID3", 3) == 0);
  CHECK_INT(p[3], version);
  CHECK_INT(p[4], 0);
  CHECK_INT(p[5], 0);
  CHECK(((p[6] | p[7] | p[8] | p[9]) & 0x80) == 0);
  CHECK_INT(synchsafe(p + 6), b->len - 10);
  return parse_frames(p + 10, b->len - 10, version, f, MAX_FRAMES, used);
}

static struct frame frames[MAX_FRAMES];

static void test_full_v24(void) {
  /* 44.1 kHz: 22073 -> 500.52 -> 501 ms (up), 44122 -> 1000.499 -> 1000
   * (down), total 88200 -> 2000. */
  static const struct ldu_chapter ch[] = {
      {0, 22073, "开始"},
      {22073, 44122, "A & B"},
      {44122, 88200, "😀 <end>"},
  };
  static const struct {
    uint32_t start;
    uint32_t end;
  } want[] = {{0, 501}, {501, 1000}, {1000, 2000}};
  static const char *const order[] = {"TIT2", "TPE1", "TALB", "TRCK", "TDRC",
                                      "TCON", "CTOC", "CHAP", "CHAP", "CHAP"};
  struct ldu_tags t = {"标题", "朗读", "文章", "2025-03-04", "Speech", 2, 5, NULL};
  struct ldu_buf b;
  size_t used = 0;
  size_t i;
  int n;
  ldu_buf_init(&b, 1 << 20);
  CHECK_INT(ldu_id3_build(&b, 4, &t, ch, 3, 44100, 88200, 32), LDU_OK);
  n = parse_tag(&b, 4, frames, &used);
  CHECK_INT(n, 10);
  CHECK_INT(b.len - 10 - used, 32); /* padding after the frames */
  for (i = 0; i < 10 && (int)i < n; i++)
    CHECK_STR(frames[i].id, order[i]);
  if (n == 10) {
    /* text frames: encoding 3 (UTF-8), text without terminator */
    CHECK_INT(frames[0].size, 1 + strlen("标题"));
    CHECK_INT(frames[0].body[0], 3);
    CHECK(memcmp(frames[0].body + 1, "标题", strlen("标题")) == 0);
    CHECK_INT(frames[3].size, 4);
    CHECK(memcmp(frames[3].body,
                 "\x03"
                 "2/5",
                 4) == 0);
    CHECK_INT(frames[4].size, 11);
    CHECK(memcmp(frames[4].body + 1, "2025-03-04", 10) == 0);
    /* CTOC: "toc" NUL, flags 0x03, count 3, children */
    CHECK_INT(frames[6].size, 4 + 1 + 1 + 15);
    CHECK(memcmp(frames[6].body,
                 "toc\0\x03\x03"
                 "chp0\0chp1\0chp2",
                 21) == 0);
    for (i = 0; i < 3; i++) {
      const unsigned char *c = frames[7 + i].body;
      char id[8];
      struct frame sub[2];
      int k;
      snprintf(id, sizeof id, "chp%zu", i);
      CHECK_STR((const char *)c, id);
      c += 5;
      CHECK_INT(be32(c), want[i].start);
      CHECK_INT(be32(c + 4), want[i].end);
      CHECK_INT(be32(c + 8), 0xffffffffu);
      CHECK_INT(be32(c + 12), 0xffffffffu);
      k = parse_frames(c + 16, frames[7 + i].size - 21, 4, sub, 2, NULL);
      CHECK_INT(k, 1);
      if (k == 1) {
        CHECK_STR(sub[0].id, "TIT2");
        CHECK_INT(sub[0].size, 1 + strlen(ch[i].title));
        CHECK_INT(sub[0].body[0], 3);
        CHECK(memcmp(sub[0].body + 1, ch[i].title, strlen(ch[i].title)) == 0);
      }
    }
  }
  for (i = b.len - 32; i < b.len; i++) {
    if (b.data[i] != 0)
      break;
  }
  CHECK_INT(i, b.len);
  ldu_buf_free(&b);
}

static void test_v23_utf16(void) {
  /* é is U+00E9, 😀 is U+1F600 = D83D DE00 */
  static const unsigned char want[] = {1,    0xff, 0xfe, 0xe9, 0x00, 0x3d,
                                       0xd8, 0x00, 0xde, 'a',  0};
  static const struct ldu_chapter ch[] = {{0, 0, "é😀a"}};
  struct ldu_tags t = {"é😀a", NULL, NULL, "2025-03-04", NULL, 0, 0, NULL};
  struct ldu_buf b;
  struct frame sub[2];
  int n;
  ldu_buf_init(&b, 1 << 20);
  CHECK_INT(ldu_id3_build(&b, 3, &t, ch, 1, 8000, 8000, 0), LDU_OK);
  n = parse_tag(&b, 3, frames, NULL);
  CHECK_INT(n, 4);
  if (n != 4)
    goto out;
  CHECK_STR(frames[0].id, "TIT2");
  CHECK_INT(frames[0].size, sizeof want);
  CHECK(memcmp(frames[0].body, want, sizeof want) == 0);
  CHECK_STR(frames[1].id, "TYER"); /* year only, no TDRC in v2.3 */
  CHECK(memcmp(frames[1].body,
               "\x01\xff\xfe"
               "2\0"
               "0\0"
               "2\0"
               "5\0",
               11) == 0);
  CHECK_STR(frames[2].id, "CTOC");
  CHECK_STR(frames[3].id, "CHAP");
  CHECK_INT(be32(frames[3].body + 5), 0);
  CHECK_INT(be32(frames[3].body + 9), 1000);
  CHECK_INT(
      parse_frames(frames[3].body + 21, frames[3].size - 21, 3, sub, 2, NULL),
      1);
  CHECK_INT(sub[0].size, sizeof want);
  CHECK(memcmp(sub[0].body, want, sizeof want) == 0);
out:
  ldu_buf_free(&b);
}

/* Frame sizes >= 128: v2.4 synchsafe, v2.3 plain big-endian. */
static void test_frame_sizes(void) {
  static const struct {
    int version;
    unsigned char size[4];
  } cases[] = {
      /* v2.4: 1 + 200 = 201 = 0x01 0x49 synchsafe */
      {4, {0, 0, 0x01, 0x49}},
      /* v2.3: 1 + 2 + 400 = 403 = 0x0193 */
      {3, {0, 0, 0x01, 0x93}},
  };
  char title[201];
  struct ldu_tags t = {title, NULL, NULL, NULL, NULL, 0, 0, NULL};
  size_t i;
  memset(title, 'x', 200);
  title[200] = '\0';
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct ldu_buf b;
    ldu_buf_init(&b, 1 << 20);
    CHECK_INT(ldu_id3_build(&b, cases[i].version, &t, NULL, 0, 8000, 0, 0),
              LDU_OK);
    CHECK(b.len == 10 + 10 + (cases[i].version == 4 ? 201u : 403u));
    if (b.len >= 20)
      CHECK(memcmp(b.data + 14, cases[i].size, 4) == 0);
    CHECK_INT(parse_tag(&b, cases[i].version, frames, NULL), 1);
    ldu_buf_free(&b);
  }
}

/* NULL and "" strings and track 0 write nothing; no total -> "n". */
static void test_skip(void) {
  static const struct {
    struct ldu_tags t;
    const char *ids; /* frame ids, concatenated */
  } cases[] = {
      {{NULL, NULL, NULL, NULL, NULL, 0, 0, NULL}, ""},
      {{"", "", "", "", "", 0, 7, NULL}, ""},
      {{"T", "", NULL, NULL, "Speech", 0, 0, NULL}, "TIT2TCON"},
      {{NULL, "A", NULL, "2024", NULL, 3, 0, NULL}, "TPE1TRCKTDRC"},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct ldu_buf b;
    char ids[64] = "";
    int n;
    int k;
    ldu_buf_init(&b, 1 << 20);
    CHECK_INT(ldu_id3_build(&b, 4, &cases[i].t, NULL, 0, 8000, 0, 0), LDU_OK);
    n = parse_tag(&b, 4, frames, NULL);
    for (k = 0; k < n && k < 10; k++)
      memcpy(ids + 4 * k, frames[k].id, 5);
    CHECK_STR(ids, cases[i].ids);
    if (cases[i].t.track == 3 && n >= 2)
      CHECK(frames[1].size == 2 && memcmp(frames[1].body,
                                          "\x03"
                                          "3",
                                          2) == 0);
    ldu_buf_free(&b);
  }
}

/* One CTOC lists at most 255 chapters; with more there is no CTOC (see
 * id3.c) and still a CHAP per chapter.  Untitled chapters get their
 * number as TIT2. */
static void test_many_chapters(void) {
  static const struct {
    size_t n;
    int ctoc;
  } cases[] = {{255, 1}, {256, 0}, {300, 0}};
  static struct ldu_chapter ch[300];
  static const char *const titles[] = {"一", NULL, ""};
  size_t i;
  size_t k;
  for (i = 0; i < 300; i++) {
    ch[i].start = (int64_t)i * 100;
    ch[i].end = (int64_t)(i + 1) * 100;
    ch[i].title = titles[i % 3];
  }
  for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    size_t n = cases[k].n;
    int c0 = cases[k].ctoc; /* index of the first CHAP */
    struct ldu_buf b;
    int got;
    char last[16];
    ldu_buf_init(&b, 1 << 20);
    CHECK_INT(ldu_id3_build(&b, 4, NULL, ch, n, 1000, (int64_t)n * 100, 0),
              LDU_OK);
    got = parse_tag(&b, 4, frames, NULL);
    CHECK_INT(got, (int)n + c0);
    if (got != (int)n + c0) {
      ldu_buf_free(&b);
      continue;
    }
    snprintf(last, sizeof last, "chp%zu", n - 1);
    if (c0) {
      const unsigned char *c = frames[0].body;
      CHECK_STR(frames[0].id, "CTOC");
      CHECK_INT(c[4], 0x03);
      CHECK_INT(c[5], n);
      CHECK_STR((const char *)c + frames[0].size - strlen(last) - 1, last);
    }
    for (i = 0; i < n; i++)
      CHECK_STR(frames[c0 + (int)i].id, "CHAP");
    CHECK_STR((const char *)frames[c0 + (int)n - 1].body, last);
    CHECK_INT(be32(frames[c0 + (int)n - 1].body + strlen(last) + 1),
              (n - 1) * 100);
    CHECK_INT(be32(frames[c0 + (int)n - 1].body + strlen(last) + 5), n * 100);
    /* "一" (3 bytes), NULL -> "2", "" -> "3": TIT2 sub-frame always */
    CHECK_INT(frames[c0].size, 5 + 16 + 10 + 1 + 3);
    CHECK_INT(frames[c0 + 1].size, 5 + 16 + 10 + 1 + 1);
    CHECK(memcmp(frames[c0 + 1].body + 21, "TIT2", 4) == 0);
    CHECK(memcmp(frames[c0 + 1].body + 31,
                 "\x03"
                 "2",
                 2) == 0);
    CHECK(memcmp(frames[c0 + 2].body + 31,
                 "\x03"
                 "3",
                 2) == 0);
    ldu_buf_free(&b);
  }
}

/* Chapter ms = round(frames * 1000 / rate), half up. */
static void test_round(void) {
  static const struct {
    int rate;
    int64_t frames;
    uint32_t ms;
  } cases[] = {
      {8000, 4, 1},
      {8000, 3, 0},
      {44100, 22073, 501},
      {44100, 22071, 500},
      {22050, 33075, 1500},
      {22050, 71662, 3250},
      {48000, 172800000, 3600000},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct ldu_chapter ch = {0, 0, NULL};
    struct ldu_buf b;
    int n;
    ch.start = cases[i].frames;
    ldu_buf_init(&b, 1 << 20);
    CHECK_INT(
        ldu_id3_build(&b, 4, NULL, &ch, 1, cases[i].rate, cases[i].frames, 0),
        LDU_OK);
    n = parse_tag(&b, 4, frames, NULL);
    CHECK_INT(n, 2);
    if (n == 2) {
      CHECK_INT(be32(frames[1].body + 5), cases[i].ms);
      CHECK_INT(be32(frames[1].body + 9), cases[i].ms); /* ends at total */
    }
    ldu_buf_free(&b);
  }
}

/* Bad input fails and leaves `out` as it was. */
static void test_errors(void) {
  static const struct ldu_chapter sorted[] = {{0, 10, "a"}, {10, 20, "b"}};
  static const struct ldu_chapter unsorted[] = {{10, 20, "a"}, {0, 10, "b"}};
  static const struct ldu_chapter past[] = {{0, 10, "a"}, {30, 40, "b"}};
  static const struct ldu_tags bad = {"ok\xff", NULL, NULL, NULL, NULL, 0, 0, NULL};
  static const struct ldu_tags surr = {"\xed\xa0\x80", NULL, NULL, NULL,
                                       NULL,           0,    0, NULL};
  static const struct ldu_tags over = {"\xc0\xaf", NULL, NULL, NULL,
                                       NULL,       0,    0, NULL};
  static const struct ldu_chapter badch[] = {{0, 10, "\xe4\xb8"}};
  static const struct {
    int version;
    const struct ldu_tags *t;
    const struct ldu_chapter *ch;
    size_t n;
    int rate;
    enum ldu_status want;
  } cases[] = {
      {2, NULL, NULL, 0, 1000, LDU_ERR_USAGE},
      {4, NULL, sorted, 2, 0, LDU_ERR_USAGE},
      {4, NULL, NULL, 2, 1000, LDU_ERR_USAGE},
      {4, NULL, unsorted, 2, 1000, LDU_ERR_USAGE},
      {4, NULL, past, 2, 1000, LDU_ERR_USAGE},
      {4, &bad, NULL, 0, 1000, LDU_ERR_UTF8},
      {3, &bad, NULL, 0, 1000, LDU_ERR_UTF8},
      {4, &surr, NULL, 0, 1000, LDU_ERR_UTF8},
      {3, &over, NULL, 0, 1000, LDU_ERR_UTF8},
      {3, NULL, badch, 1, 1000, LDU_ERR_UTF8},
      {4, NULL, sorted, 2, 1000, LDU_OK},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct ldu_buf b;
    ldu_buf_init(&b, 1 << 20);
    CHECK_INT(ldu_buf_adds(&b, "keep"), LDU_OK);
    CHECK_INT(ldu_id3_build(&b, cases[i].version, cases[i].t, cases[i].ch,
                            cases[i].n, cases[i].rate, 20, 0),
              cases[i].want);
    if (cases[i].want != LDU_OK)
      CHECK_STR(b.data, "keep");
    else
      CHECK(b.len > 4 && memcmp(b.data + 4, "ID3", 3) == 0);
    ldu_buf_free(&b);
  }
}

int main(void) {
  test_full_v24();
  test_v23_utf16();
  test_frame_sizes();
  test_skip();
  test_many_chapters();
  test_round();
  test_errors();
  return test_summary();
}
