/* test.h: a tiny table-friendly test harness.
 * A failed check prints file:line with what was got and expected, and the
 * run goes on; test_summary() prints "N passed, N failed". */
#ifndef LDU_TEST_H
#define LDU_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed;
static int test_failed;

#define CHECK(c)                                                             \
  do {                                                                       \
    if (c) {                                                                 \
      test_passed++;                                                         \
    } else {                                                                 \
      test_failed++;                                                         \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c);  \
    }                                                                        \
  } while (0)

#define CHECK_INT(got, want)                                                 \
  do {                                                                       \
    long long g_ = (long long)(got);                                         \
    long long w_ = (long long)(want);                                        \
    if (g_ == w_) {                                                          \
      test_passed++;                                                         \
    } else {                                                                 \
      test_failed++;                                                         \
      fprintf(stderr, "%s:%d: %s: got %lld, expected %lld\n", __FILE__,      \
              __LINE__, #got, g_, w_);                                       \
    }                                                                        \
  } while (0)

#define CHECK_STR(got, want)                                                 \
  do {                                                                       \
    const char *g_ = (got);                                                  \
    const char *w_ = (want);                                                 \
    if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0) {                   \
      test_passed++;                                                         \
    } else {                                                                 \
      test_failed++;                                                         \
      fprintf(stderr, "%s:%d: %s: got \"%s\", expected \"%s\"\n", __FILE__,  \
              __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");       \
    }                                                                        \
  } while (0)

static int test_summary(void) {
  printf("%d passed, %d failed\n", test_passed, test_failed);
  return test_failed != 0;
}

#endif
