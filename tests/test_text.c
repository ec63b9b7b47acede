/* test_text: UTF-8 validation, lenient replacement, cleaning, reading. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "test.h"
#include "text.h"

/* ---- strict: valid input and the offset of the first bad byte ---------- */

struct utf8_case {
  const char *in;
  size_t len;
  long long bad; /* -1: valid */
};

#define S(x) x, sizeof x - 1

static const struct utf8_case utf8_cases[] = {
    {S(""), -1},
    {S("abc"), -1},
    {S("中文"), -1},
    {S("\xC2\xA9"), -1},                 /* U+00A9 */
    {S("\xEF\xBF\xBF"), -1},             /* U+FFFF */
    {S("\xF0\x90\x80\x80"), -1},         /* U+10000 */
    {S("\xF4\x8F\xBF\xBF"), -1},         /* U+10FFFF */
    {S("\xED\x9F\xBF"), -1},             /* U+D7FF */
    {S("\xEE\x80\x80"), -1},             /* U+E000 */
    {S("ab\x80"), 2},                    /* stray continuation */
    {S("\xC0\xAF"), 0},                  /* overlong '/' */
    {S("\xC1\xBF"), 0},                  /* overlong */
    {S("a\xE0\x80\xAF"), 1},             /* overlong 3-byte */
    {S("\xF0\x80\x80\xAF"), 0},          /* overlong 4-byte */
    {S("xy\xED\xA0\x80"), 2},            /* surrogate U+D800 */
    {S("\xED\xBF\xBF"), 0},              /* surrogate U+DFFF */
    {S("\xF4\x90\x80\x80"), 0},          /* U+110000 */
    {S("\xF5\x80\x80\x80"), 0},          /* lead byte F5 */
    {S("\xFF"), 0},
    {S("\xFE"), 0},
    {S("中\xE4\xB8"), 3},                /* truncated at the end */
    {S("中\xE4\xB8" "a"), 3},            /* truncated in the middle */
    {S("\xC3"), 0},
    {S("ok\xF0\x9F\x98"), 2},            /* truncated emoji */
    {S("\x00\x01ok"), -1},               /* controls are valid UTF-8 */
};

static void test_strict(void) {
  size_t i;
  for (i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++) {
    const struct utf8_case *c = &utf8_cases[i];
    char *out = (char *)1;
    size_t len = 99;
    struct ldu_error err;
    enum ldu_status st;
    ldu_error_clear(&err);
    st = ldu_text_clean(c->in, c->len, 0, &out, &len, NULL, &err);
    if (c->bad < 0) {
      CHECK_INT(st, LDU_OK);
      CHECK(out != NULL);
    } else {
      CHECK_INT(st, LDU_ERR_UTF8);
      CHECK_INT(err.offset, c->bad);
      CHECK(out == NULL);
    }
    free(st == LDU_OK ? out : NULL);
  }
}

/* ---- lenient: each maximal subpart becomes one U+FFFD -------------------- */

struct lenient_case {
  const char *in;
  size_t len;
  const char *want;
  size_t replaced;
};

#define R "\xEF\xBF\xBD"

static const struct lenient_case lenient_cases[] = {
    {S("abc"), "abc", 0},
    {S("a\x80" "b"), "a" R "b", 1},
    {S("\x80\x80"), R R, 2},
    {S("\xE4\xB8"), R, 1},                       /* one maximal subpart */
    {S("\xE4\xB8" "a"), R "a", 1},
    {S("\xF0\x9F\x98" "!"), R "!", 1},
    {S("\xC0\xAF"), R R, 2},                     /* C0 is never valid */
    {S("\xED\xA0\x80"), R R R, 3},               /* surrogate: 3 */
    {S("\xF4\x90\x80\x80"), R R R R, 4},
    {S("\xE0\x80"), R R, 2},
    {S("\xFF中"), R "中", 1},
};

static void test_lenient(void) {
  size_t i;
  for (i = 0; i < sizeof lenient_cases / sizeof lenient_cases[0]; i++) {
    const struct lenient_case *c = &lenient_cases[i];
    char *out = NULL;
    size_t len = 0;
    size_t rep = 99;
    CHECK_INT(ldu_text_clean(c->in, c->len, 1, &out, &len, &rep, NULL),
              LDU_OK);
    CHECK_STR(out, c->want);
    CHECK_INT(len, strlen(c->want));
    CHECK_INT(rep, c->replaced);
    free(out);
  }
}

/* ---- cleaning ---------------------------------------------------------------- */

struct clean_case {
  const char *in;
  size_t len;
  const char *want;
};

static const struct clean_case clean_cases[] = {
    {S("\xEF\xBB\xBF" "中文"), "中文"},               /* BOM */
    {S("a\xEF\xBB\xBF" "b"), "ab"},                    /* stray U+FEFF */
    {S("a\r\nb\r\n"), "a\nb\n"},                       /* CRLF */
    {S("a\rb\r"), "a\nb\n"},                           /* lone CR */
    {S("a\r\r\nb"), "a\n\nb"},
    {S("a\0b"), "ab"},                                 /* NUL */
    {S("a\x01\x1b[0mb\x7f"), "a[0mb"},                 /* C0, DEL */
    {S("a\tb"), "a b"},                                /* TAB */
    {S("a\xC2\x85" "b\xC2\x9F"), "ab"},                /* C1 */
    {S("a\xC2\xA0" "b"), "a\xC2\xA0" "b"},             /* NBSP stays */
    {S("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c"), "a\nb\nc"}, /* U+2028/9 */
    {S("\n\n"), "\n\n"},
    {S(""), ""},
};

static void test_clean(void) {
  size_t i;
  for (i = 0; i < sizeof clean_cases / sizeof clean_cases[0]; i++) {
    const struct clean_case *c = &clean_cases[i];
    char *out = NULL;
    size_t len = 0;
    CHECK_INT(ldu_text_clean(c->in, c->len, 0, &out, &len, NULL, NULL),
              LDU_OK);
    CHECK_STR(out, c->want);
    CHECK_INT(len, strlen(c->want));
    free(out);
  }
}

/* ---- reading files ------------------------------------------------------------ */

static int write_file(const char *path, const char *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (f == NULL)
    return -1;
  if (fwrite(data, 1, n, f) != n) {
    fclose(f);
    return -1;
  }
  return fclose(f);
}

static void test_read(void) {
  char dir[] = "/tmp/ldu_test_text.XXXXXX";
  char path[128];
  char *out = NULL;
  size_t len = 0;
  size_t rep = 0;
  struct ldu_error err;

  CHECK(mkdtemp(dir) != NULL);
  snprintf(path, sizeof path, "%s/a.txt", dir);

  /* a good file */
  CHECK_INT(write_file(path, S("\xEF\xBB\xBF第一行\r\n第二行")), 0);
  ldu_error_clear(&err);
  CHECK_INT(ldu_text_read(path, 0, &out, &len, NULL, &err), LDU_OK);
  CHECK_STR(out, "第一行\n第二行");
  free(out);
  out = NULL;

  /* a bad byte: its offset in the file, BOM included, and the path */
  CHECK_INT(write_file(path, S("\xEF\xBB\xBF" "ab\r\n\xC3(")), 0);
  ldu_error_clear(&err);
  CHECK_INT(ldu_text_read(path, 0, &out, &len, NULL, &err), LDU_ERR_UTF8);
  CHECK_INT(err.offset, 7);
  CHECK_STR(err.path, path);
  CHECK(out == NULL);

  /* the same, lenient */
  CHECK_INT(ldu_text_read(path, 1, &out, &len, &rep, &err), LDU_OK);
  CHECK_STR(out, "ab\n" R "(");
  CHECK_INT(rep, 1);
  free(out);
  out = NULL;

  /* a file bigger than one read chunk */
  {
    size_t n = 200000;
    char *big = malloc(n);
    size_t i;
    CHECK(big != NULL);
    if (big != NULL) {
      for (i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
      CHECK_INT(write_file(path, big, n), 0);
      CHECK_INT(ldu_text_read(path, 0, &out, &len, NULL, &err), LDU_OK);
      CHECK_INT(len, n);
      CHECK(out != NULL && memcmp(out, big, n) == 0);
      free(out);
      out = NULL;
      free(big);
    }
  }

  /* a missing file: LDU_ERR_IO with errno */
  snprintf(path, sizeof path, "%s/missing.txt", dir);
  ldu_error_clear(&err);
  CHECK_INT(ldu_text_read(path, 0, &out, &len, NULL, &err), LDU_ERR_IO);
  CHECK_INT(err.errnum, ENOENT);
  CHECK_STR(err.path, path);

  /* a directory: a read error */
  ldu_error_clear(&err);
  CHECK_INT(ldu_text_read(dir, 0, &out, &len, NULL, &err), LDU_ERR_IO);
  CHECK(err.errnum != 0);

  snprintf(path, sizeof path, "%s/a.txt", dir);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  test_strict();
  test_lenient();
  test_clean();
  test_read();
  return test_summary();
}
