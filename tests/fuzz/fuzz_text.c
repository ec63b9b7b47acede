/* fuzz_text: reading -- UTF-8 validation and cleaning (text.c).
 *
 * The input is the file, cleaned in strict and in lenient mode, and
 * looked at by the binary-file check.  Invariants: lenient mode always
 * succeeds; strict mode fails only with LDU_ERR_UTF8 at an offset inside the
 * input; the output is valid UTF-8 without NUL, CR, TAB or other controls
 * except LF, and the lenient output of valid input equals the strict output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/text.h"
#include "fuzz.h"

static int text_no_controls(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\n') || c == 0x7F)
      return 0;
    /* C1 controls U+0080..U+009F are C2 80..C2 9F */
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0)
      return 0;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct ldu_error err;
  char *strict = NULL;
  char *lenient = NULL;
  size_t strict_len = 0;
  size_t lenient_len = 0;
  size_t replaced = 0;
  enum ldu_status st_strict;
  enum ldu_status st_lenient;
  const char *in;
  size_t n;

  if (size > FUZZ_MAX_INPUT)
    return 0;
  in = size > 0 ? (const char *)data : "";
  n = size;
  ldu_error_clear(&err);
  {
    const char *why = ldu_text_binary(in, n);
    FUZZ_ASSERT(why == NULL || strcmp(why, "binary") == 0 ||
                strcmp(why, "UTF-16") == 0);
  }
  st_strict = ldu_text_clean(in, n, 0, &strict, &strict_len, NULL, &err);
  FUZZ_ASSERT(st_strict == LDU_OK || st_strict == LDU_ERR_UTF8);
  if (st_strict == LDU_ERR_UTF8) {
    FUZZ_ASSERT(strict == NULL);
    FUZZ_ASSERT(err.offset >= 0 && (size_t)err.offset < n);
  }
  st_lenient =
      ldu_text_clean(in, n, 1, &lenient, &lenient_len, &replaced, NULL);
  FUZZ_ASSERT(st_lenient == LDU_OK);
  if (st_lenient == LDU_OK) {
    FUZZ_ASSERT(lenient != NULL && lenient[lenient_len] == '\0');
    FUZZ_ASSERT(strlen(lenient) == lenient_len);
    FUZZ_ASSERT(fuzz_utf8_ok(lenient, lenient_len));
    FUZZ_ASSERT(text_no_controls(lenient, lenient_len));
    FUZZ_ASSERT((replaced == 0) == (st_strict == LDU_OK));
    /* each bad byte becomes at most one U+FFFD */
    FUZZ_ASSERT(lenient_len <= n + 2 * replaced);
  }
  if (st_strict == LDU_OK && st_lenient == LDU_OK) {
    FUZZ_ASSERT(strict_len == lenient_len);
    FUZZ_ASSERT(memcmp(strict, lenient, strict_len) == 0);
  }
  free(strict);
  free(lenient);
  return 0;
}
