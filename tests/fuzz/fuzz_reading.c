/* fuzz_reading: the reading plan and the Mandarin front end (plan.c,
 * reading.c, lexicon.c) with the real lexicon, voices/lexicon.tsv,
 * loaded once (from $LANGDU_LEXICON, else relative to the repository
 * root, where `make fuzz` and `make test` run).
 *
 * The input, cleaned leniently, is one sentence; the first byte says
 * whether the plan gets the lexicon.  Invariants: LDU_OK; every run has a
 * voice, valid UTF-8 text without NUL, a pause >= 0; pinyin runs only for
 * the Mandarin voice; the pinyin and segmentation of the raw text are
 * valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/buf.h"
#include "../../src/lexicon.h"
#include "../../src/plan.h"
#include "../../src/reading.h"
#include "../../src/text.h"
#include "fuzz.h"

/* The lexicon, loaded once per process: libFuzzer's entry point has no
 * user data, so this one static is the way to keep it between inputs. */
static struct ldu_lexicon *reading_lex;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *path = getenv("LANGDU_LEXICON");
  struct ldu_error err;
  (void)argc;
  (void)argv;
  if (path == NULL || path[0] == '\0')
    path = "voices/lexicon.tsv";
  ldu_error_clear(&err);
  if (ldu_lexicon_new(&reading_lex) != LDU_OK ||
      ldu_lexicon_load(reading_lex, path, &err) != LDU_OK) {
    fprintf(stderr, "fuzz_reading: cannot load the lexicon %s (%s)\n", path,
            err.detail);
    abort();
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct ldu_plan plan;
  struct ldu_buf out;
  char *clean = NULL;
  size_t clen = 0;
  enum ldu_status st;
  size_t i;

  if (size < 1 || size > FUZZ_MAX_INPUT / 4)
    return 0;
  st = ldu_text_clean((const char *)data + 1, size - 1, 1, &clean, &clen, NULL,
                      NULL);
  if (st != LDU_OK)
    return 0;
  memset(&plan, 0, sizeof plan);
  st = ldu_plan_sentence(clean, (data[0] & 1) ? NULL : reading_lex, &plan);
  FUZZ_ASSERT(st == LDU_OK);
  for (i = 0; st == LDU_OK && i < plan.n; i++) {
    const struct ldu_run *r = &plan.runs[i];
    FUZZ_ASSERT((unsigned)r->voice < LDU_VOICE_COUNT);
    FUZZ_ASSERT(r->form == LDU_RUN_TEXT || r->voice == LDU_VOICE_ZH);
    FUZZ_ASSERT(r->text != NULL && r->text[0] != '\0');
    if (r->text != NULL)
      FUZZ_ASSERT(fuzz_utf8_ok(r->text, strlen(r->text)));
    FUZZ_ASSERT(r->pause_ms >= 0);
  }
  ldu_plan_free(&plan);

  ldu_buf_init(&out, (size_t)1 << 24);
  st = ldu_reading_pinyin(reading_lex, clean, clen, &out);
  FUZZ_ASSERT(st == LDU_OK);
  if (st == LDU_OK && out.data != NULL)
    FUZZ_ASSERT(fuzz_utf8_ok(out.data, out.len));
  ldu_buf_reset(&out);
  st = ldu_reading_segment(reading_lex, clean, clen, &out);
  FUZZ_ASSERT(st == LDU_OK);
  if (st == LDU_OK && out.data != NULL)
    FUZZ_ASSERT(fuzz_utf8_ok(out.data, out.len));
  ldu_buf_free(&out);
  free(clean);
  return 0;
}
