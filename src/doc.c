/* doc: freeing the article's plain data (see doc.h). */
#include "doc.h"

#include <stdlib.h>

void ldu_doc_free(struct ldu_doc *doc) {
  size_t i;
  size_t j;
  if (doc == NULL)
    return;
  for (i = 0; i < doc->n_sections; i++) {
    struct ldu_section *sec = &doc->sections[i];
    for (j = 0; j < sec->n_sents; j++)
      free(sec->sents[j].text);
    free(sec->sents);
    free(sec->paras);
    free(sec->heading);
  }
  free(doc->sections);
  free(doc->title);
  free(doc);
}

const char *ldu_doc_language(const struct ldu_doc *doc) {
  switch (doc->script) {
  case LDU_SCRIPT_SIMP:
    return "zh-Hans";
  case LDU_SCRIPT_TRAD:
    return "zh-Hant";
  default:
    return "zh";
  }
}
