/* Progress: one rewriting line on a terminal, plain lines elsewhere,
 * nothing when quiet. */
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "test.h"

static char *run(int tty, int quiet) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  struct ldu_progress *p;
  if (f == NULL)
    return NULL;
  p = ldu_progress_new(f, tty, quiet, 2, 4);
  ldu_progress_sentences(p, 2);
  ldu_progress_section(p, "01-a.mp3", 3.25);
  ldu_progress_sentences(p, 2);
  ldu_progress_section(p, "02-b.mp3", 10);
  ldu_progress_free(p);
  fclose(f);
  return text;
}

int main(void) {
  char *plain = run(0, 0);
  char *term = run(1, 0);
  char *quiet = run(1, 1);
  size_t i;
  int ctl = 0;
  CHECK_STR(plain, "langdu: [1/2] 01-a.mp3  3.2 s\n"
                   "langdu: [2/2] 02-b.mp3  10.0 s\n");
  for (i = 0; plain != NULL && plain[i] != '\0'; i++)
    if ((unsigned char)plain[i] < ' ' && plain[i] != '\n')
      ctl = 1;
  CHECK(!ctl);
  CHECK(term != NULL && term[0] == '\r');
  CHECK(term != NULL && strstr(term, "sections 2/2, sentences 4/4") != NULL);
  CHECK(term != NULL && term[strlen(term) - 1] == '\n');
  CHECK(term != NULL && strchr(term, '\n') == strrchr(term, '\n'));
  CHECK_STR(quiet, "");
  free(plain);
  free(term);
  free(quiet);
  return test_summary();
}
