/* fuzz_normalize: the Mandarin normaliser (normalize_zh.c).
 *
 * The first byte picks the script (bit 0: Simplified); the rest, cleaned
 * leniently as text.c would, is one sentence.  Invariants: LDU_OK, and
 * the result is valid UTF-8 without NUL; the script guess is 0 or 1. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/buf.h"
#include "../../src/normalize_zh.h"
#include "../../src/text.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct ldu_buf out;
  char *clean = NULL;
  size_t clen = 0;
  enum ldu_status st;
  int g;

  if (size < 1 || size > FUZZ_MAX_INPUT)
    return 0;
  st = ldu_text_clean((const char *)data + 1, size - 1, 1, &clean, &clen, NULL,
                      NULL);
  if (st != LDU_OK)
    return 0;
  g = ldu_normalize_guess_simplified(clean, data[0] & 1);
  FUZZ_ASSERT(g == 0 || g == 1);
  ldu_buf_init(&out, (size_t)1 << 24);
  st = ldu_normalize_zh(clean, data[0] & 1, &out);
  FUZZ_ASSERT(st == LDU_OK);
  if (st == LDU_OK && out.data != NULL) {
    FUZZ_ASSERT(strlen(out.data) == out.len);
    FUZZ_ASSERT(fuzz_utf8_ok(out.data, out.len));
  }
  ldu_buf_free(&out);
  free(clean);
  return 0;
}
