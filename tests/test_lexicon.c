/* The lexicon: parsing, normalising, overriding, errors with line numbers,
 * and the built-in voices/lexicon.tsv (tests run from the source tree). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon.h"
#include "test.h"

#define LEXICON "voices/lexicon.tsv"

static const char *get(const struct ldu_lexicon *lex, const char *word) {
  return ldu_lexicon_get(lex, word, strlen(word));
}

static void check_parse(void) {
  static const char text[] = "\xEF\xBB\xBF# comment\n"
                             "\n"
                             "銀行\tyin2 hang2\n"
                             "  行業 \t  HANG2   ye4  \r\n"
                             "綠\tLv4\n"
                             "女\tnu:3\n"
                             "旅\tl\xC3\xBC"
                             "3\n"
                             "長長久久\tchang2 chang2 jiu3 jiu3";
  struct ldu_lexicon *lex = NULL;
  struct ldu_error err;
  ldu_error_clear(&err);
  CHECK_INT(ldu_lexicon_new(&lex), LDU_OK);
  if (lex == NULL)
    return;
  CHECK_INT(ldu_lexicon_size(lex), 0);
  CHECK(get(lex, "銀行") == NULL);
  CHECK_INT(ldu_lexicon_load_mem(lex, text, sizeof text - 1, "t", &err),
            LDU_OK);
  CHECK_INT(ldu_lexicon_size(lex), 6);
  CHECK_INT(ldu_lexicon_max_chars(lex), 4);
  CHECK_STR(get(lex, "銀行"), "yin2 hang2");
  CHECK_STR(get(lex, "行業"), "hang2 ye4");
  CHECK_STR(get(lex, "綠"), "lv4");
  CHECK_STR(get(lex, "女"), "nv3");
  CHECK_STR(get(lex, "旅"), "lv3");
  CHECK_STR(get(lex, "長長久久"), "chang2 chang2 jiu3 jiu3");
  CHECK(get(lex, "銀") == NULL);
  CHECK(ldu_lexicon_get(lex, "銀行", 3) == NULL); /* a prefix of a word */
  ldu_lexicon_free(lex);
}

/* A later file overrides an earlier one word by word. */
static void check_override(void) {
  static const char a[] = "行\txing2\n行業\thang2 ye4\n";
  static const char b[] = "行\thang2\n銀行\tyin2 hang2\n";
  struct ldu_lexicon *lex = NULL;
  CHECK_INT(ldu_lexicon_new(&lex), LDU_OK);
  if (lex == NULL)
    return;
  CHECK_INT(ldu_lexicon_load_mem(lex, a, sizeof a - 1, NULL, NULL), LDU_OK);
  CHECK_INT(ldu_lexicon_load_mem(lex, b, sizeof b - 1, NULL, NULL), LDU_OK);
  CHECK_INT(ldu_lexicon_size(lex), 3);
  CHECK_STR(get(lex, "行"), "hang2");
  CHECK_STR(get(lex, "行業"), "hang2 ye4");
  CHECK_STR(get(lex, "銀行"), "yin2 hang2");
  ldu_lexicon_free(lex);
}

static const struct {
  const char *text;
  long line;
} bad[] = {
    {"銀行 yin2 hang2\n", 1},                 /* no TAB */
    {"# ok\n銀行\tyin2\n", 2},                /* 1 syllable for 2 chars */
    {"行\txing2\n\n行業\thang2 ye4 ye4\n", 3}, /* too many syllables */
    {"行\txing\n", 1},                        /* no tone */
    {"行\txing6\n", 1},                       /* tone out of range */
    {"行\txing22\n", 1},                      /* two digits */
    {"行\tx-ing2\n", 1},                      /* not a letter */
    {"行\t\n", 1},                            /* no pinyin */
    {"\tx2\n", 1},                            /* no word */
    {"AI\tai4\n", 1},                         /* not Han */
    {"行，\txing2 ye4\n", 1},                 /* punctuation */
    {"行\tzhuangg2\n", 1},                    /* too long for a syllable */
    {"行\txíng\n", 1},                        /* tone marks */
};

static void check_errors(void) {
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct ldu_lexicon *lex = NULL;
    struct ldu_error err;
    ldu_error_clear(&err);
    CHECK_INT(ldu_lexicon_new(&lex), LDU_OK);
    if (lex == NULL)
      return;
    CHECK_INT(ldu_lexicon_load_mem(lex, bad[i].text, strlen(bad[i].text),
                                   "user.tsv", &err),
              LDU_ERR_FORMAT);
    CHECK_INT(err.line, bad[i].line);
    CHECK_STR(err.path, "user.tsv");
    CHECK(err.detail[0] != '\0');
    /* nothing of a bad file is kept */
    CHECK_INT(ldu_lexicon_size(lex), 0);
    CHECK(get(lex, "行") == NULL);
    ldu_lexicon_free(lex);
  }
}

static void check_files(void) {
  struct ldu_lexicon *lex = NULL;
  struct ldu_error err;
  char path[] = "/tmp/ldu-lexicon-XXXXXX";
  int fd;
  FILE *f;
  ldu_error_clear(&err);
  CHECK_INT(ldu_lexicon_new(&lex), LDU_OK);
  if (lex == NULL)
    return;
  CHECK_INT(ldu_lexicon_load(lex, "/nonexistent/lexicon.tsv", &err),
            LDU_ERR_IO);
  CHECK_INT(err.errnum, ENOENT);
  CHECK_STR(err.path, "/nonexistent/lexicon.tsv");

  /* the built-in lexicon: both scripts, the common polyphones */
  ldu_error_clear(&err);
  CHECK_INT(ldu_lexicon_load(lex, LEXICON, &err), LDU_OK);
  CHECK(ldu_lexicon_size(lex) > 150000);
  CHECK(ldu_lexicon_max_chars(lex) >= 4);
  CHECK_STR(get(lex, "銀行"), "yin2 hang2");
  CHECK_STR(get(lex, "银行"), "yin2 hang2");
  CHECK_STR(get(lex, "行業"), "hang2 ye4");
  CHECK_STR(get(lex, "重新"), "chong2 xin1");
  CHECK_STR(get(lex, "音樂"), "yin1 yue4");
  CHECK_STR(get(lex, "了解"), "liao3 jie3");
  CHECK_STR(get(lex, "長大"), "zhang3 da4");
  CHECK_STR(get(lex, "覺得"), "jue2 de5");
  CHECK_STR(get(lex, "的"), "de5");
  CHECK_STR(get(lex, "了"), "le5");
  CHECK_STR(get(lex, "行"), "xing2");
  CHECK_STR(get(lex, "還"), "hai2");
  CHECK_STR(get(lex, "们"), "men5");

  /* a user file after it, with a bad line: reported with its number */
  fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd >= 0) {
    f = fdopen(fd, "w");
    CHECK(f != NULL);
    if (f != NULL) {
      fputs("行業\txing2 ye4\n# two lines fine, then:\n長大\tzhang3\n", f);
      fclose(f);
    }
    ldu_error_clear(&err);
    CHECK_INT(ldu_lexicon_load(lex, path, &err), LDU_ERR_FORMAT);
    CHECK_INT(err.line, 3);
    CHECK_STR(err.path, path);
    CHECK_STR(get(lex, "行業"), "hang2 ye4"); /* unchanged */
    unlink(path);
  }
  ldu_lexicon_free(lex);
  ldu_lexicon_free(NULL);
}

int main(void) {
  check_parse();
  check_override();
  check_errors();
  check_files();
  return test_summary();
}
