/* fileio: relative paths (the manifest lists books outside the output
 * folder by them). */
#include <stdlib.h>

#include "fileio.h"
#include "test.h"

static const struct {
  const char *dir;
  const char *path;
  const char *want;
} rel[] = {
    {"/a/b/out", "/a/b/out/book.epub", "book.epub"},
    {"/a/b/out", "/a/b/out/daisy", "daisy"},
    {"/a/b/out", "/a/b/m.epub", "../m.epub"},
    {"/a/b/out", "/a/b/outer.epub", "../outer.epub"},
    {"/a/b/out", "/a/b", ".."},
    {"/a/b/out", "/x/y", "../../../x/y"},
    {"/a/b/out", "/a/b/out", ""},
    {"/a/b/out/", "/a/b/out/./x/../daisy/", "daisy"},
    {"/a//b/./out", "/a/b/../b/m.epub", "../m.epub"},
    {"/", "/x/y", "x/y"},
    {"/x", "/", ".."},
    /* both against the working folder */
    {"out", "out/book.epub", "book.epub"},
    {"./out/", "book.epub", "../book.epub"},
    {"a/b", "c", "../../c"},
    {"out", "/", NULL}, /* NULL: as many ../ as the working folder is deep */
};

int main(void) {
  size_t i;
  for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
    char *got = ldu_path_relative(rel[i].dir, rel[i].path);
    if (rel[i].want != NULL) {
      CHECK_STR(got, rel[i].want);
    } else {
      CHECK(got != NULL && strncmp(got, "..", 2) == 0 &&
            strspn(got, "./") == strlen(got) && strstr(got, "...") == NULL);
    }
    free(got);
  }
  return test_summary();
}
