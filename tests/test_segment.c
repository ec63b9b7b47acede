/* test_segment: sentences, structure, the golden file and the fixture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "error.h"
#include "segment.h"
#include "test.h"

#define GOLDEN "tests/golden/segment.txt"
#define FIXTURE "tests/fixtures/karpathy-2025-review.zh-Hant.txt"

/* ---- helpers -------------------------------------------------------------- */

/* Collect sentences as "a|b|c" into a buffer. */
static int collect(void *user, const char *s, size_t n) {
  struct ldu_buf *b = user;
  if (b->len > 0 && ldu_buf_addc(b, '|') != LDU_OK)
    return LDU_ERR_NOMEM;
  return ldu_buf_add(b, s, n);
}

static int collect_lines(void *user, const char *s, size_t n) {
  struct ldu_buf *b = user;
  if (ldu_buf_add(b, s, n) != LDU_OK || ldu_buf_addc(b, '\n') != LDU_OK)
    return LDU_ERR_NOMEM;
  return 0;
}

static size_t utf8_chars(const char *s, size_t n) {
  size_t i;
  size_t k = 0;
  for (i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      k++;
  return k;
}

static int valid_utf8_cut(const char *s, size_t n) {
  /* a piece neither starts nor ends inside a sequence */
  if (n == 0)
    return 0;
  if (((unsigned char)s[0] & 0xC0) == 0x80)
    return 0;
  if (((unsigned char)s[n] & 0xC0) == 0x80)
    return 0;
  return 1;
}

static const char *kind_name(enum ldu_para_kind k) {
  return k == LDU_PARA_HEADING ? "H" : k == LDU_PARA_CODE ? "C" : "P";
}

/* The doc as text: "T title", "S<level> heading", then one line per
 * sentence: "<H|P|C> line text" for a paragraph's first, ". line text"
 * for the others. */
static void dump(const struct ldu_doc *doc, struct ldu_buf *b) {
  size_t i;
  size_t j;
  size_t k;
  if (doc->title[0] == '\0')
    ldu_buf_adds(b, "T\n");
  else
    ldu_buf_printf(b, "T %s\n", doc->title);
  for (i = 0; i < doc->n_sections; i++) {
    const struct ldu_section *sec = &doc->sections[i];
    ldu_buf_printf(b, "S%d %s\n", sec->level,
                   sec->heading != NULL ? sec->heading : "-");
    for (j = 0; j < sec->n_paras; j++) {
      const struct ldu_paragraph *p = &sec->paras[j];
      for (k = 0; k < p->count; k++) {
        const struct ldu_sentence *st = &sec->sents[p->first + k];
        ldu_buf_printf(b, "%s %zu %s\n", k == 0 ? kind_name(p->kind) : ".",
                       st->src_line, st->text);
      }
    }
  }
}

/* Check the doc's invariants: paragraphs tile the sentences, none empty. */
static void check_doc(const struct ldu_doc *doc) {
  size_t i;
  size_t j;
  int all = doc->title != NULL;
  for (i = 0; i < doc->n_sections; i++) {
    const struct ldu_section *sec = &doc->sections[i];
    size_t next = 0;
    int ok = sec->n_sents > 0 && sec->n_paras > 0;
    for (j = 0; j < sec->n_paras; j++) {
      if (sec->paras[j].first != next || sec->paras[j].count == 0)
        ok = 0;
      if (sec->paras[j].kind == LDU_PARA_HEADING && sec->heading == NULL)
        ok = 0;
      next += sec->paras[j].count;
    }
    for (j = 0; j < sec->n_sents; j++)
      if (sec->sents[j].text == NULL || sec->sents[j].text[0] == '\0')
        ok = 0;
    if (!ok || next != sec->n_sents)
      all = 0;
  }
  CHECK(all);
}

/* ---- sentence table ------------------------------------------------------ */

struct sent_case {
  const char *in;
  const char *want; /* pieces joined by '|' */
};

static const struct sent_case sent_cases[] = {
    {"你好。我很好！你呢？", "你好。|我很好！|你呢？"},
    {"真的嗎？！不會吧……好吧。", "真的嗎？！|不會吧……|好吧。"},
    {"他說：「走吧。」然後離開。", "他說：「走吧。」|然後離開。"},
    {"圓周率是3.14，不是3。", "圓周率是3.14，不是3。"},
    {"見 https://example.com/a?b=1&c=2. 然後", "見 https://example.com/a?b=1&c=2.|然後"},
    {"網址www.gate.com/x?y=1很好。", "網址www.gate.com/x?y=1很好。"},
    {"網址www.gate.com/x?y!很好。", "網址www.gate.com/x?y!|很好。"},
    {"e.g. this is fine. Next one.", "e.g. this is fine.|Next one."},
    {"Mr. Smith met Dr. Who vs. the U.S. team. Done.",
     "Mr. Smith met Dr. Who vs. the U.S. team.|Done."},
    {"Write to a.b@example.com. Thanks!", "Write to a.b@example.com.|Thanks!"},
    {"AI.然後呢", "AI.|然後呢"},
    {"What?! No way!!", "What?!|No way!!"},
    {"一；二;三", "一；|二;|三"},
    {"  前後空白。  ", "前後空白。"},
    {"", ""},
    {"   ", ""},
    {"1. 打開 App。", "1. 打開 App。"},
    {"He said \"Go.\" Then left.", "He said \"Go.\"|Then left."},
    {"（註：見上。）下一句。", "（註：見上。）|下一句。"},
    {"Wait... what", "Wait...|what"},
    {"A\x1e" "B", "A|B"},
    {"J. K. Rowling wrote it.", "J. K. Rowling wrote it."},
    {"版本 v1.2.3 發布。", "版本 v1.2.3 發布。"},
    {"結束．開始", "結束．|開始"},
    {"etc. and so on", "etc. and so on"},
    {"沒有標點的句子", "沒有標點的句子"},
};

static void test_sentences(void) {
  size_t i;
  for (i = 0; i < sizeof sent_cases / sizeof sent_cases[0]; i++) {
    struct ldu_buf b;
    enum ldu_status st;
    ldu_buf_init(&b, 1 << 20);
    st = ldu_segment_sentences(sent_cases[i].in, strlen(sent_cases[i].in),
                               collect, &b);
    CHECK_INT(st, LDU_OK);
    CHECK_STR(b.data != NULL ? b.data : "", sent_cases[i].want);
    ldu_buf_free(&b);
  }
}

static int stop_after_one(void *user, const char *s, size_t n) {
  int *count = user;
  (void)s;
  (void)n;
  (*count)++;
  return LDU_ERR_USAGE;
}

static void test_emit_stops(void) {
  int count = 0;
  const char *t = "一。二。三。";
  CHECK_INT(ldu_segment_sentences(t, strlen(t), stop_after_one, &count),
            LDU_ERR_USAGE);
  CHECK_INT(count, 1);
}

/* ---- the cap -------------------------------------------------------------- */

struct cap_case {
  const char *unit;  /* repeated */
  size_t times;
  size_t want_pieces;
  const char *cut_after; /* each piece but the last ends with this, or NULL */
};

static const struct cap_case cap_cases[] = {
    /* 300 Han, no punctuation: two pieces, cut at a character */
    {"字", 300, 2, NULL},
    /* clauses of 30 characters: cut after a comma */
    {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九，", 15, 3,
     "，"},
    /* Latin words: cut at a space, never inside a word */
    {"word ", 100, 3, "d"},
    /* keycap emoji: never cut inside 1️⃣ */
    {"1\xEF\xB8\x8F\xE2\x83\xA3", 150, 3, "\xE2\x83\xA3"},
    /* a ZWJ family emoji */
    {"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
     100, 3, "\xF0\x9F\x91\xA7"},
};

struct cap_state {
  size_t pieces;
  size_t total;
  int ok;
  const char *cut_after;
  const char *end;
};

static int cap_check(void *user, const char *s, size_t n) {
  struct cap_state *cs = user;
  size_t k = cs->cut_after != NULL ? strlen(cs->cut_after) : 0;
  if (utf8_chars(s, n) > LDU_SENTENCE_MAX || !valid_utf8_cut(s, n))
    cs->ok = 0;
  if (k > 0 && s + n != cs->end &&
      (n < k || memcmp(s + n - k, cs->cut_after, k) != 0))
    cs->ok = 0;
  cs->pieces++;
  cs->total += n;
  return 0;
}

static void test_cap(void) {
  size_t i;
  for (i = 0; i < sizeof cap_cases / sizeof cap_cases[0]; i++) {
    struct ldu_buf b;
    struct cap_state cs;
    size_t j;
    ldu_buf_init(&b, 1 << 20);
    for (j = 0; j < cap_cases[i].times; j++)
      ldu_buf_adds(&b, cap_cases[i].unit);
    memset(&cs, 0, sizeof cs);
    cs.ok = 1;
    cs.cut_after = cap_cases[i].cut_after;
    cs.end = b.data + b.len;
    while (cs.end > b.data && cs.end[-1] == ' ')
      cs.end--;
    CHECK_INT(ldu_segment_sentences(b.data, b.len, cap_check, &cs), LDU_OK);
    CHECK(cs.ok);
    CHECK_INT(cs.pieces, cap_cases[i].want_pieces);
    ldu_buf_free(&b);
  }
}

/* ---- doc-level tables ----------------------------------------------------- */

struct script_case {
  const char *in;
  enum ldu_script want;
};

static const struct script_case script_cases[] = {
    {"這個問題我們來說一說。", LDU_SCRIPT_TRAD},
    {"这个问题我们来说一说。", LDU_SCRIPT_SIMP},
    {"Hello world.", LDU_SCRIPT_UNKNOWN},
    {"中文。", LDU_SCRIPT_UNKNOWN},
};

static void test_script(void) {
  size_t i;
  for (i = 0; i < sizeof script_cases / sizeof script_cases[0]; i++) {
    struct ldu_doc *doc = NULL;
    struct ldu_error err;
    ldu_error_clear(&err);
    CHECK_INT(ldu_segment_run(script_cases[i].in, strlen(script_cases[i].in),
                              LDU_INPUT_AUTO, &doc, &err),
              LDU_OK);
    if (doc != NULL)
      CHECK_INT(doc->script, script_cases[i].want);
    ldu_doc_free(doc);
  }
}

static void test_empty(void) {
  static const char *const empty[] = {"", "   \n\n", "。。。\n！", "---\n",
                                      "```\n```\n", "<!-- x -->",
                                      "# \n\n***\n"};
  size_t i;
  for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
    struct ldu_doc *doc = (struct ldu_doc *)1;
    enum ldu_status st = ldu_segment_run(empty[i], strlen(empty[i]),
                                         LDU_INPUT_AUTO, &doc, NULL);
    /* an announced code block is something to say */
    CHECK_INT(st, i == 4 ? LDU_OK : LDU_ERR_EMPTY);
    if (st == LDU_OK)
      check_doc(doc);
    else
      CHECK(doc == NULL);
    ldu_doc_free(st == LDU_OK ? doc : NULL);
  }
}

/* ---- the fixture ------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  struct ldu_buf b;
  char chunk[4096];
  size_t got;
  ldu_buf_init(&b, (size_t)64 << 20);
  if (f == NULL)
    return NULL;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    ldu_buf_add(&b, chunk, got);
  fclose(f);
  *len = b.len;
  return ldu_buf_detach(&b);
}

static void test_fixture(void) {
  static const struct {
    const char *heading; /* NULL: no heading */
    int level;
    size_t paras;
  } want[] = {
      {NULL, 0, 8},
      {"2025 年六大人工智慧革命:Andrej Karpathy 的行業最大轉變指南", 1, 2},
      {"可驗證獎勵學習的崛起:超越人類反饋", 2, 5},
      {"理解AI智慧:幽靈般的存在而非數位生物", 2, 5},
      {"游標現象:新應用層的崛起", 2, 4},
      {"Claude Code:在你的電腦上運行的智慧代理", 2, 4},
      {"Vibe Coding:無需程式碼的程式設計", 2, 4},
      {"Nano Banana及其他:為何AI需要視覺界面", 2, 6},
  };
  size_t len = 0;
  char *text = slurp(FIXTURE, &len);
  struct ldu_doc *doc = NULL;
  size_t i;
  CHECK(text != NULL);
  if (text == NULL)
    return;
  CHECK_INT(ldu_segment_run(text, len, LDU_INPUT_AUTO, &doc, NULL), LDU_OK);
  if (doc == NULL) {
    free(text);
    return;
  }
  check_doc(doc);
  CHECK_STR(doc->title, want[1].heading);
  CHECK_INT(doc->script, LDU_SCRIPT_TRAD);
  CHECK_INT(doc->n_sections, 8);
  for (i = 0; i < 8 && i < doc->n_sections; i++) {
    const struct ldu_section *sec = &doc->sections[i];
    if (want[i].heading == NULL)
      CHECK(sec->heading == NULL);
    else
      CHECK_STR(sec->heading, want[i].heading);
    CHECK_INT(sec->level, want[i].level);
    CHECK_INT(sec->n_paras, want[i].paras);
    CHECK_INT(sec->paras[0].kind,
              want[i].heading != NULL ? LDU_PARA_HEADING : LDU_PARA_TEXT);
  }
  if (doc->n_sections >= 8) {
    /* the ad block: its first and last lines, kept whole */
    const struct ldu_section *s0 = &doc->sections[0];
    CHECK_STR(s0->sents[0].text,
              "Gate 广場「創作者認證激勵計畫」優質創作者持續招募中!");
    CHECK_INT(s0->sents[0].src_line, 1);
    CHECK_STR(s0->sents[s0->n_sents - 1].text,
              "活動詳情:https://www.gate.com/announcements/article/47889");
    CHECK_INT(doc->sections[1].sents[0].src_line, 9);
    /* the last section runs to the end of the file */
    CHECK_INT(doc->sections[7].sents[doc->sections[7].n_sents - 1].src_line,
              38);
  }
  ldu_doc_free(doc);
  free(text);
}

/* ---- pathological sizes --------------------------------------------------- */

static size_t doc_bytes(const struct ldu_doc *doc, size_t *n_sents) {
  size_t i;
  size_t j;
  size_t total = 0;
  *n_sents = 0;
  for (i = 0; i < doc->n_sections; i++) {
    for (j = 0; j < doc->sections[i].n_sents; j++)
      total += strlen(doc->sections[i].sents[j].text);
    *n_sents += doc->sections[i].n_sents;
  }
  return total;
}

static void test_pathological(void) {
  static const struct {
    const char *unit;
    size_t times;
    enum ldu_input_kind kind;
    size_t want_bytes; /* spoken bytes per unit */
  } cases[] = {
      {"字", 350000, LDU_INPUT_TEXT, 3},       /* 1 MB, no punctuation */
      {"# h\n", 100000, LDU_INPUT_MARKDOWN, 1}, /* 100k headings */
      {"標題\n內容。\n", 50000, LDU_INPUT_TEXT, 15},
      {"[a[b(c(d ", 100000, LDU_INPUT_MARKDOWN, 0},
      {"`a ``b *c _d <e &f [g](", 40000, LDU_INPUT_MARKDOWN, 0},
      {"a, ", 400000, LDU_INPUT_TEXT, 2},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct ldu_buf b;
    struct ldu_doc *doc = NULL;
    size_t j;
    size_t n_sents = 0;
    enum ldu_status st;
    ldu_buf_init(&b, (size_t)64 << 20);
    for (j = 0; j < cases[i].times; j++)
      ldu_buf_adds(&b, cases[i].unit);
    st = ldu_segment_run(b.data, b.len, cases[i].kind, &doc, NULL);
    CHECK_INT(st, LDU_OK);
    if (doc != NULL) {
      size_t bytes = doc_bytes(doc, &n_sents);
      check_doc(doc);
      if (cases[i].want_bytes > 0)
        CHECK(bytes >= cases[i].want_bytes * cases[i].times);
      else
        CHECK(bytes > 0);
    }
    ldu_doc_free(doc);
    ldu_buf_free(&b);
  }
}

/* ---- golden file ---------------------------------------------------------- */

/* Run one case; `kind` is "md", "txt", "auto" or "sent". */
static void golden_case(const char *name, const char *kind, const char *in,
                        size_t in_len, const char *want, int line) {
  struct ldu_buf got;
  ldu_buf_init(&got, 1 << 24);
  if (strcmp(kind, "sent") == 0) {
    ldu_segment_sentences(in, in_len, collect_lines, &got);
  } else {
    struct ldu_doc *doc = NULL;
    enum ldu_input_kind k = strcmp(kind, "md") == 0    ? LDU_INPUT_MARKDOWN
                            : strcmp(kind, "txt") == 0 ? LDU_INPUT_TEXT
                                                       : LDU_INPUT_AUTO;
    enum ldu_status st = ldu_segment_run(in, in_len, k, &doc, NULL);
    if (st == LDU_OK) {
      check_doc(doc);
      dump(doc, &got);
    } else {
      ldu_buf_printf(&got, "E %s\n", ldu_strerror(st));
    }
    ldu_doc_free(doc);
  }
  if (strcmp(got.data != NULL ? got.data : "", want) == 0) {
    test_passed++;
  } else {
    test_failed++;
    fprintf(stderr, "%s:%d: case \"%s\":\n--- got\n%s--- expected\n%s",
            GOLDEN, line, name, got.data != NULL ? got.data : "", want);
  }
  ldu_buf_free(&got);
}

/* The file: "# comments" and blank lines between cases; a case is
 *   <<< KIND NAME
 *   input lines (any text, blank lines too)
 *   >>>
 *   expected lines
 *   (a blank line or the end of the file)
 * "\t" and "\r" and "\\" in input lines are escapes. */
static void test_golden(void) {
  size_t len = 0;
  char *text = slurp(GOLDEN, &len);
  size_t pos = 0;
  int lineno = 0;
  int cases = 0;
  CHECK(text != NULL);
  if (text == NULL)
    return;
  while (pos < len) {
    char *ls = text + pos;
    char *nl = memchr(ls, '\n', len - pos);
    size_t ll = nl ? (size_t)(nl - ls) : len - pos;
    lineno++;
    pos += ll + (nl != NULL);
    if (ll >= 4 && memcmp(ls, "<<< ", 4) == 0) {
      char kind[16];
      char name[256];
      struct ldu_buf in;
      struct ldu_buf want;
      int start = lineno;
      size_t k = 4;
      size_t m = 0;
      while (k < ll && ls[k] != ' ' && m < sizeof kind - 1)
        kind[m++] = ls[k++];
      kind[m] = '\0';
      while (k < ll && ls[k] == ' ')
        k++;
      m = 0;
      while (k < ll && m < sizeof name - 1)
        name[m++] = ls[k++];
      name[m] = '\0';
      ldu_buf_init(&in, 1 << 24);
      ldu_buf_init(&want, 1 << 24);
      ldu_buf_adds(&in, "");
      ldu_buf_adds(&want, "");
      /* input up to ">>>" */
      while (pos < len) {
        char *s = text + pos;
        char *e = memchr(s, '\n', len - pos);
        size_t n = e ? (size_t)(e - s) : len - pos;
        size_t j;
        lineno++;
        pos += n + (e != NULL);
        if (n == 3 && memcmp(s, ">>>", 3) == 0)
          break;
        for (j = 0; j < n; j++) {
          if (s[j] == '\\' && j + 1 < n &&
              (s[j + 1] == 't' || s[j + 1] == 'r' || s[j + 1] == '\\')) {
            ldu_buf_addc(&in, s[j + 1] == 't'   ? '\t'
                              : s[j + 1] == 'r' ? '\r'
                                                : '\\');
            j++;
          } else {
            ldu_buf_addc(&in, s[j]);
          }
        }
        ldu_buf_addc(&in, '\n');
      }
      /* expected up to a blank line */
      while (pos < len) {
        char *s = text + pos;
        char *e = memchr(s, '\n', len - pos);
        size_t n = e ? (size_t)(e - s) : len - pos;
        lineno++;
        pos += n + (e != NULL);
        if (n == 0)
          break;
        ldu_buf_add(&want, s, n);
        ldu_buf_addc(&want, '\n');
      }
      if (strcmp(kind, "sent") == 0 && in.len > 0)
        in.data[--in.len] = '\0'; /* one line, no final newline */
      golden_case(name, kind, in.data, in.len, want.data, start);
      cases++;
      ldu_buf_free(&in);
      ldu_buf_free(&want);
    }
  }
  printf("golden: %d cases\n", cases);
  CHECK(cases >= 40);
  free(text);
}

int main(void) {
  test_sentences();
  test_emit_stops();
  test_cap();
  test_script();
  test_empty();
  test_fixture();
  test_pathological();
  test_golden();
  return test_summary();
}
