/* fuzz.h: what the libFuzzer targets share.
 *
 * Each tests/fuzz/fuzz_<target>.c defines LLVMFuzzerTestOneInput (and may
 * define LLVMFuzzerInitialize).  Built with clang -fsanitize=fuzzer they
 * are the fuzzers of `make fuzz`; tests/test_crash.c includes all four
 * with the entry points renamed (LDU_FUZZ_REPLAY) and replays the seed
 * corpus and tests/crash/ through them in `make test`.
 *
 * FUZZ_ASSERT checks an invariant of the module under test: under the
 * fuzzer a broken one aborts (a crash, kept as an input); in the replay
 * driver it is counted as a failure and the run goes on. */
#ifndef LDU_FUZZ_H
#define LDU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef LDU_FUZZ_REPLAY
/* Counted by the replay driver (test_crash.c). */
static int fuzz_assert_failed;
#define FUZZ_ABORT() (fuzz_assert_failed++)
#else
#define FUZZ_ABORT() abort()
#endif

#define FUZZ_ASSERT(c)                                                         \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,     \
              #c);                                                             \
      FUZZ_ABORT();                                                            \
    }                                                                          \
  } while (0)

/* Largest input a target looks at: bigger ones only slow the search
 * (the pathological sizes are in tests/e2e_hostile.sh). */
#define FUZZ_MAX_INPUT ((size_t)1 << 16)

/* True when `s[0..n)` is valid UTF-8 (no overlongs, surrogates, NULs). */
static inline int fuzz_utf8_ok(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned char c = u[i];
    size_t k;
    size_t j;
    uint32_t cp;
    if (c == 0)
      return 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      k = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      k = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      k = 4;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (k > n - i)
      return 0;
    for (j = 1; j < k; j++) {
      if ((u[i + j] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (u[i + j] & 0x3F);
    }
    if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += k;
  }
  return 1;
}

/* Number of code points in valid UTF-8. */
static inline size_t fuzz_utf8_chars(const char *s, size_t n) {
  size_t i;
  size_t c = 0;
  for (i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      c++;
  return c;
}

#endif
