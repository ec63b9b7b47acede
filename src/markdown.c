/* markdown: cut Markdown into blocks of reduced text (see markdown.h).
 *
 * A line-based subset of CommonMark + GFM tables, enough to read articles
 * aloud: ATX and setext headings, paragraphs, lists, block quotes, fenced
 * and indented code, thematic breaks, tables, HTML comments, YAML front
 * matter.  Inline markup is reduced in one left-to-right pass; brackets
 * and parentheses are matched beforehand with a stack, so every input
 * costs linear time (the pathological cases of cmark's test suite). */
#include "markdown.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* ---- growing arrays ---------------------------------------------------- */

struct marks {
  struct ldu_mark *v;
  size_t n;
  size_t cap;
};

static enum ldu_status marks_add(struct marks *m, size_t off, size_t line) {
  void *v = m->v;
  enum ldu_status st = ldu_grow_array(&v, &m->cap, m->n, sizeof *m->v);
  m->v = v;
  if (st != LDU_OK)
    return st;
  m->v[m->n].off = off;
  m->v[m->n].line = line;
  m->n++;
  return LDU_OK;
}

enum ldu_status ldu_blocks_add(struct ldu_blocks *bs, enum ldu_para_kind kind,
                               int level, char *text, size_t len,
                               struct ldu_mark *marks, size_t n_marks) {
  void *v = bs->v;
  enum ldu_status st = ldu_grow_array(&v, &bs->cap, bs->n, sizeof *bs->v);
  bs->v = v;
  if (st != LDU_OK) {
    free(text);
    free(marks);
    return st;
  }
  bs->v[bs->n].kind = kind;
  bs->v[bs->n].level = level;
  bs->v[bs->n].text = text;
  bs->v[bs->n].len = len;
  bs->v[bs->n].marks = marks;
  bs->v[bs->n].n_marks = n_marks;
  bs->n++;
  return LDU_OK;
}

void ldu_blocks_free(struct ldu_blocks *bs) {
  size_t i;
  for (i = 0; i < bs->n; i++) {
    free(bs->v[i].text);
    free(bs->v[i].marks);
  }
  free(bs->v);
  free(bs->title);
  bs->v = NULL;
  bs->n = 0;
  bs->cap = 0;
  bs->title = NULL;
}

/* ---- small character tests ---------------------------------------------- */

static int is_sp(char c) { return c == ' ' || c == '\t'; }

static int is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

static int is_punct(char c) {
  return c > 0x20 && c < 0x7F && !is_alnum(c);
}

/* A character that can be part of a word, for emphasis flanking. */
static int is_wordc(char c) {
  return is_alnum(c) || (unsigned char)c >= 0x80;
}

static int starts_with_ci(const char *s, size_t n, const char *w) {
  size_t k = strlen(w);
  size_t i;
  if (n < k)
    return 0;
  for (i = 0; i < k; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != w[i])
      return 0;
  }
  return 1;
}

/* ---- inline reduction --------------------------------------------------- */

/* Matching pairs of brackets or parentheses, in order of the opener. */
struct pairs {
  size_t *open;
  size_t *close; /* (size_t)-1 when unmatched */
  size_t n;
  size_t k; /* cursor for the left-to-right walk */
};

#define NOPOS ((size_t)-1)

/* Match `o`/`c` in s[0..n) with a stack, skipping backslash escapes. */
static enum ldu_status pairs_find(const char *s, size_t n, char o, char c,
                                  struct pairs *p) {
  size_t count = 0;
  size_t i;
  size_t *stack = NULL;
  size_t depth = 0;
  enum ldu_status st = LDU_OK;

  p->open = NULL;
  p->close = NULL;
  p->n = 0;
  p->k = 0;
  for (i = 0; i < n; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == o)
      count++;
  }
  if (count == 0)
    return LDU_OK;
  p->open = malloc(count * sizeof *p->open);
  p->close = malloc(count * sizeof *p->close);
  stack = malloc(count * sizeof *stack);
  if (p->open == NULL || p->close == NULL || stack == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < n; i++) {
    if (s[i] == '\\') {
      i++;
    } else if (s[i] == o) {
      p->open[p->n] = i;
      p->close[p->n] = NOPOS;
      stack[depth++] = p->n;
      p->n++;
    } else if (s[i] == c && depth > 0) {
      p->close[stack[--depth]] = i;
    }
  }
out:
  free(stack);
  return st;
}

static void pairs_free(struct pairs *p) {
  free(p->open);
  free(p->close);
}

/* The closer for the opener at `i`, or NOPOS. */
static size_t pairs_at(struct pairs *p, size_t i) {
  while (p->k < p->n && p->open[p->k] < i)
    p->k++;
  if (p->k < p->n && p->open[p->k] == i)
    return p->close[p->k];
  return NOPOS;
}

/* Same lookup without moving the cursor (for parentheses after ']'). */
static size_t pairs_lookup(const struct pairs *p, size_t i) {
  size_t lo = 0;
  size_t hi = p->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p->open[mid] < i)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < p->n && p->open[lo] == i)
    return p->close[lo];
  return NOPOS;
}

struct entity {
  const char *name;
  const char *utf8;
};

static const struct entity entities[] = {
    {"amp", "&"},        {"lt", "<"},         {"gt", ">"},
    {"quot", "\""},      {"apos", "'"},       {"nbsp", " "},
    {"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"},
    {"hellip", "\xE2\x80\xA6"}, {"mdash", "\xE2\x80\x94"},
    {"ndash", "\xE2\x80\x93"},  {"lsquo", "\xE2\x80\x98"},
    {"rsquo", "\xE2\x80\x99"},  {"ldquo", "\xE2\x80\x9C"},
    {"rdquo", "\xE2\x80\x9D"},  {"middot", "\xC2\xB7"},
    {"times", "\xC3\x97"},      {"divide", "\xC3\xB7"},
    {"deg", "\xC2\xB0"},        {"plusmn", "\xC2\xB1"},
    {"yen", "\xC2\xA5"},        {"euro", "\xE2\x82\xAC"},
    {"pound", "\xC2\xA3"},      {"sect", "\xC2\xA7"},
    {"laquo", "\xC2\xAB"},      {"raquo", "\xC2\xBB"},
    {"ensp", " "},              {"emsp", " "},
    {"thinsp", " "},
};

/* Decode an entity at s[0..n) (s[0] == '&'); on success append it to `out`
 * and return its length, else return 0. */
static size_t entity_decode(const char *s, size_t n, struct ldu_buf *out,
                            enum ldu_status *st) {
  size_t i = 1;
  size_t e;
  char tmp[4];
  if (n > 40)
    n = 40;
  while (i < n && s[i] != ';' && (is_alnum(s[i]) || s[i] == '#'))
    i++;
  if (i >= n || s[i] != ';' || i < 2)
    return 0;
  e = i + 1;
  if (s[1] == '#') {
    uint32_t c = 0;
    size_t j = 2;
    int hex = j < i && (s[j] == 'x' || s[j] == 'X');
    size_t digits = 0;
    if (hex)
      j++;
    for (; j < i; j++) {
      char d = s[j];
      uint32_t v;
      if (d >= '0' && d <= '9')
        v = (uint32_t)(d - '0');
      else if (hex && d >= 'a' && d <= 'f')
        v = (uint32_t)(d - 'a' + 10);
      else if (hex && d >= 'A' && d <= 'F')
        v = (uint32_t)(d - 'A' + 10);
      else
        return 0;
      if (++digits > 8)
        return 0;
      c = c * (hex ? 16u : 10u) + v;
    }
    if (digits == 0)
      return 0;
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
      c = 0xFFFD;
    /* no control characters from entities (text.c removed the literal
     * ones; '\x1e' is LDU_HARD_BREAK): fuzz_segment found &#x6; */
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
      c = ' ';
    *st = ldu_buf_add(out, tmp, ldu_utf8_put(c, tmp));
    return e;
  }
  for (e = 0; e < sizeof entities / sizeof entities[0]; e++) {
    size_t k = strlen(entities[e].name);
    if (k == i - 1 && memcmp(s + 1, entities[e].name, k) == 0) {
      *st = ldu_buf_adds(out, entities[e].utf8);
      return i + 1;
    }
  }
  return 0;
}

/* Length of an HTML tag, comment or autolink at s[0..n) (s[0] == '<'), or
 * 0.  *keep is set to the autolink's text (start, length). */
static size_t html_len(const char *s, size_t n, size_t *keep_off,
                       size_t *keep_len) {
  size_t i = 1;
  *keep_len = 0;
  *keep_off = 0;
  if (n < 3)
    return 0;
  if (s[1] == '/' || s[1] == '!' || s[1] == '?')
    i = 2;
  if (i >= n || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                  (s[1] == '!' && s[i] == '-')))
    return 0;
  for (; i < n; i++) {
    if (s[i] == '<')
      return 0;
    if (s[i] == '>')
      break;
  }
  if (i >= n)
    return 0;
  /* An autolink: <scheme:...> or <a@b> without spaces. */
  {
    size_t j;
    int space = 0;
    int colon = 0;
    int at = 0;
    for (j = 1; j < i; j++) {
      if (s[j] == ' ' || s[j] == '\n' || s[j] == '\t')
        space = 1;
      else if (s[j] == ':')
        colon = 1;
      else if (s[j] == '@')
        at = 1;
    }
    if (!space && (colon || at) && s[1] != '/' && s[1] != '!' && s[1] != '?') {
      *keep_off = 1;
      *keep_len = i - 1;
    }
  }
  return i + 1;
}

/* Reduce inline Markdown s[0..n) onto `out`; `in` marks (offsets into s)
 * are carried over to `om` (offsets into out). */
static enum ldu_status md_inline(const char *s, size_t n,
                                 const struct ldu_mark *in, size_t n_in,
                                 struct ldu_buf *out, struct marks *om) {
  struct pairs br;
  struct pairs pa;
  size_t *jump_at = NULL; /* at index jump_at[k], continue at jump_to[k] */
  size_t *jump_to = NULL;
  size_t n_jump = 0;
  unsigned char no_closer[65];
  size_t mi = 0;
  size_t i = 0;
  enum ldu_status st;

  memset(no_closer, 0, sizeof no_closer);
  pa.open = NULL;
  pa.close = NULL;
  st = pairs_find(s, n, '[', ']', &br);
  if (st != LDU_OK)
    goto out;
  st = pairs_find(s, n, '(', ')', &pa);
  if (st != LDU_OK)
    goto out;
  if (br.n > 0) {
    jump_at = malloc(br.n * sizeof *jump_at);
    jump_to = malloc(br.n * sizeof *jump_to);
    if (jump_at == NULL || jump_to == NULL) {
      st = LDU_ERR_NOMEM;
      goto out;
    }
  }
  while (i < n) {
    char c = s[i];
    while (mi < n_in && in[mi].off <= i) {
      st = marks_add(om, out->len, in[mi].line);
      if (st != LDU_OK)
        goto out;
      mi++;
    }
    while (n_jump > 0 && jump_at[n_jump - 1] < i)
      n_jump--; /* skipped over by a code span or a tag */
    if (n_jump > 0 && jump_at[n_jump - 1] == i) {
      i = jump_to[--n_jump];
      continue;
    }
    if (c == '\\' && i + 1 < n && (is_punct(s[i + 1]) || s[i + 1] == '\n')) {
      st = ldu_buf_addc(out, s[i + 1]);
      i += 2;
    } else if (c == '`') {
      size_t k = i;
      size_t j;
      size_t run;
      while (k < n && s[k] == '`')
        k++;
      run = k - i;
      j = NOPOS;
      if (run <= 64 && !no_closer[run]) {
        size_t p = k;
        while (p < n) {
          size_t q = p;
          if (s[p] != '`') {
            p++;
            continue;
          }
          while (q < n && s[q] == '`')
            q++;
          if (q - p == run) {
            j = p;
            break;
          }
          p = q;
        }
        if (j == NOPOS)
          no_closer[run] = 1;
      }
      if (j != NOPOS) {
        st = ldu_buf_add(out, s + k, j - k);
        i = j + run;
      } else {
        i = k; /* a lone backtick run says nothing */
      }
    } else if (c == '!' && i + 1 < n && s[i + 1] == '[' &&
               pairs_lookup(&br, i + 1) != NOPOS &&
               pairs_lookup(&br, i + 1) + 1 < n &&
               s[pairs_lookup(&br, i + 1) + 1] == '(') {
      i++; /* image: its alt text is read like a link's text */
    } else if (c == '[') {
      size_t cl = pairs_at(&br, i);
      size_t to = NOPOS;
      if (cl != NOPOS && i + 1 < n && s[i + 1] == '^') {
        i = cl + 1; /* footnote reference */
        continue;
      }
      if (cl != NOPOS && cl + 1 < n && s[cl + 1] == '(') {
        size_t pc = pairs_lookup(&pa, cl + 1);
        if (pc != NOPOS)
          to = pc + 1;
      } else if (cl != NOPOS && cl + 1 < n && s[cl + 1] == '[') {
        size_t bc = pairs_lookup(&br, cl + 1);
        if (bc != NOPOS)
          to = bc + 1;
      }
      if (to != NOPOS && (n_jump == 0 || jump_at[n_jump - 1] > cl)) {
        jump_at[n_jump] = cl;
        jump_to[n_jump] = to;
        n_jump++;
        i++;
      } else {
        st = ldu_buf_addc(out, c);
        i++;
      }
    } else if (c == '*' || c == '_' || c == '~') {
      size_t k = i;
      char before = i > 0 ? s[i - 1] : ' ';
      char after;
      while (k < n && s[k] == c)
        k++;
      after = k < n ? s[k] : ' ';
      if (c == '~') {
        if (k - i == 1)
          st = ldu_buf_addc(out, c);
      } else if ((!is_wordc(before) && !is_punct(before) && !is_wordc(after) &&
                  !is_punct(after)) ||
                 (c == '_' && is_wordc(before) && is_wordc(after))) {
        st = ldu_buf_add(out, s + i, k - i); /* not emphasis */
      }
      i = k;
    } else if (c == '<') {
      size_t ko;
      size_t kl;
      size_t h = html_len(s + i, n - i, &ko, &kl);
      if (h == 0) {
        st = ldu_buf_addc(out, c);
        i++;
      } else {
        if (kl > 0)
          st = ldu_buf_add(out, s + i + ko, kl);
        else
          st = ldu_buf_addc(out, ' ');
        i += h;
      }
    } else if (c == '&') {
      size_t e = entity_decode(s + i, n - i, out, &st);
      if (e == 0) {
        st = ldu_buf_addc(out, c);
        i++;
      } else {
        i += e;
      }
    } else {
      size_t k = i + 1;
      while (k < n && strchr("\\`![*_~<&", s[k]) == NULL)
        k++;
      if (n_jump > 0 && jump_at[n_jump - 1] < k)
        k = jump_at[n_jump - 1] > i ? jump_at[n_jump - 1] : i + 1;
      while (mi < n_in && in[mi].off < k && in[mi].off > i) {
        st = ldu_buf_add(out, s + i, in[mi].off - i);
        if (st != LDU_OK)
          goto out;
        i = in[mi].off;
        st = marks_add(om, out->len, in[mi].line);
        if (st != LDU_OK)
          goto out;
        mi++;
      }
      st = ldu_buf_add(out, s + i, k - i);
      i = k;
    }
    if (st != LDU_OK)
      goto out;
  }
out:
  pairs_free(&br);
  pairs_free(&pa);
  free(jump_at);
  free(jump_to);
  return st;
}

/* ---- blocks -------------------------------------------------------------- */

struct md {
  struct ldu_blocks *bs;
  struct ldu_buf raw;  /* the open paragraph, markup still in */
  struct marks rm;     /* its line marks */
  int para_open;
  int para_list;       /* it started as a list item */
  int para_quote;      /* its block-quote depth */
  size_t list_indent;  /* content column of the last list item, 0 = none */
  int in_table;
  struct ldu_buf tab;  /* the open table, reduced */
  struct marks tm;
};

/* Reduce s[0..n) (marks `m`) and add it as a block. */
static enum ldu_status add_reduced(struct md *md, enum ldu_para_kind kind,
                                   int level, const char *s, size_t n,
                                   const struct ldu_mark *m, size_t nm) {
  struct ldu_buf out;
  struct marks om = {NULL, 0, 0};
  enum ldu_status st;
  size_t len;
  char *text;

  ldu_buf_init(&out, LDU_TEXT_MAX_REDUCED);
  st = md_inline(s, n, m, nm, &out, &om);
  if (st != LDU_OK) {
    ldu_buf_free(&out);
    free(om.v);
    return st;
  }
  if (om.n == 0 && nm > 0) {
    st = marks_add(&om, 0, m[0].line);
    if (st != LDU_OK) {
      ldu_buf_free(&out);
      free(om.v);
      return st;
    }
  }
  len = out.len;
  text = ldu_buf_detach(&out);
  if (text == NULL) {
    free(om.v);
    return LDU_ERR_NOMEM;
  }
  return ldu_blocks_add(md->bs, kind, level, text, len, om.v, om.n);
}

static enum ldu_status flush_para(struct md *md) {
  enum ldu_status st = LDU_OK;
  if (md->para_open && md->raw.len > 0)
    st = add_reduced(md, LDU_PARA_TEXT, 0, md->raw.data, md->raw.len,
                     md->rm.v, md->rm.n);
  md->para_open = 0;
  md->para_list = 0;
  ldu_buf_reset(&md->raw);
  md->rm.n = 0;
  return st;
}

static enum ldu_status flush_table(struct md *md) {
  enum ldu_status st = LDU_OK;
  if (md->in_table && md->tab.len > 0) {
    size_t len = md->tab.len;
    char *text = ldu_buf_detach(&md->tab);
    if (text == NULL)
      return LDU_ERR_NOMEM;
    st = ldu_blocks_add(md->bs, LDU_PARA_TEXT, 0, text, len, md->tm.v,
                        md->tm.n);
    md->tm.v = NULL;
    md->tm.cap = 0;
  }
  md->tm.n = 0;
  md->in_table = 0;
  ldu_buf_reset(&md->tab);
  return st;
}

static enum ldu_status flush_all(struct md *md) {
  enum ldu_status st = flush_para(md);
  if (st == LDU_OK)
    st = flush_table(md);
  return st;
}

static enum ldu_status add_code(struct md *md, size_t line) {
  struct ldu_mark *m = malloc(sizeof *m);
  char *t = malloc(1);
  if (m == NULL || t == NULL) {
    free(m);
    free(t);
    return LDU_ERR_NOMEM;
  }
  t[0] = '\0';
  m->off = 0;
  m->line = line;
  return ldu_blocks_add(md->bs, LDU_PARA_CODE, 0, t, 0, m, 1);
}

/* A GFM table delimiter row: only | : - and spaces, with a | and a -. */
static int is_delim_row(const char *p, const char *e) {
  int pipe = 0;
  int dash = 0;
  for (; p < e; p++) {
    if (*p == '|')
      pipe = 1;
    else if (*p == '-')
      dash = 1;
    else if (*p != ':' && !is_sp(*p))
      return 0;
  }
  return pipe && dash;
}

/* A thematic break: 3+ of one of - * _ with only spaces around. */
static int is_hr(const char *p, const char *e) {
  char c = 0;
  int count = 0;
  for (; p < e; p++) {
    if (is_sp(*p))
      continue;
    if (*p != '-' && *p != '*' && *p != '_')
      return 0;
    if (c != 0 && *p != c)
      return 0;
    c = *p;
    count++;
  }
  return count >= 3;
}

/* Add one table row: cells become clauses joined by '，'. */
static enum ldu_status table_row(struct md *md, const char *p, const char *e,
                                 size_t line) {
  enum ldu_status st;
  int cells = 0;
  while (e > p && is_sp(e[-1]))
    e--;
  if (p < e && *p == '|')
    p++;
  if (e > p && e[-1] == '|' && (e - p < 2 || e[-2] != '\\'))
    e--;
  st = marks_add(&md->tm, md->tab.len, line);
  while (st == LDU_OK && p <= e) {
    const char *q = p;
    const char *ce;
    size_t before;
    while (q < e && *q != '|') {
      if (*q == '\\' && q + 1 < e)
        q++;
      q++;
    }
    while (p < q && is_sp(*p))
      p++;
    ce = q;
    while (ce > p && is_sp(ce[-1]))
      ce--;
    before = md->tab.len;
    if (cells > 0 && p < ce)
      st = ldu_buf_adds(&md->tab, "\xEF\xBC\x8C");
    if (st == LDU_OK && p < ce) {
      size_t mid = md->tab.len;
      st = md_inline(p, (size_t)(ce - p), NULL, 0, &md->tab, &md->tm);
      if (st == LDU_OK && md->tab.len == mid) {
        md->tab.len = before; /* an empty cell */
        md->tab.data[before] = '\0';
      } else if (st == LDU_OK) {
        cells++;
      }
    }
    p = q + 1;
  }
  if (st == LDU_OK)
    st = ldu_buf_addc(&md->tab, LDU_HARD_BREAK);
  return st;
}

/* Parse "title:" out of YAML front matter lines. */
static enum ldu_status front_title(struct ldu_blocks *bs, const char *p,
                                   const char *e) {
  const char *v;
  if (e - p < 6 || memcmp(p, "title:", 6) != 0 || bs->title != NULL)
    return LDU_OK;
  v = p + 6;
  while (v < e && is_sp(*v))
    v++;
  while (e > v && is_sp(e[-1]))
    e--;
  if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v) {
    v++;
    e--;
  }
  bs->title = malloc((size_t)(e - v) + 1);
  if (bs->title == NULL)
    return LDU_ERR_NOMEM;
  memcpy(bs->title, v, (size_t)(e - v));
  bs->title[e - v] = '\0';
  return LDU_OK;
}

/* Remove HTML comments, keeping their line breaks. */
static enum ldu_status strip_comments(const char *s, size_t n,
                                      struct ldu_buf *b) {
  size_t i = 0;
  size_t run = 0;
  enum ldu_status st = LDU_OK;
  while (i + 3 < n) {
    size_t j;
    if (s[i] != '<' || memcmp(s + i, "<!--", 4) != 0) {
      i++;
      continue;
    }
    for (j = i + 4; j + 2 < n; j++)
      if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>')
        break;
    if (j + 2 >= n)
      break; /* unclosed: leave the rest alone */
    st = ldu_buf_add(b, s + run, i - run);
    for (; st == LDU_OK && i < j; i++)
      if (s[i] == '\n')
        st = ldu_buf_addc(b, '\n');
    i = j + 3;
    run = i;
    if (st != LDU_OK)
      return st;
  }
  return ldu_buf_add(b, s + run, n - run);
}

/* Column width of leading whitespace at *pp; moves *pp past it. */
static size_t indent_of(const char **pp, const char *e) {
  const char *p = *pp;
  size_t col = 0;
  while (p < e && is_sp(*p)) {
    col = *p == '\t' ? col + 4 - col % 4 : col + 1;
    p++;
  }
  *pp = p;
  return col;
}

/* A list marker at p: its length (marker plus following spaces), or 0. */
static size_t list_marker(const char *p, const char *e) {
  const char *q = p;
  if (q < e && (*q == '-' || *q == '*' || *q == '+')) {
    q++;
  } else {
    while (q < e && q - p < 9 && *q >= '0' && *q <= '9')
      q++;
    if (q == p || q >= e || (*q != '.' && *q != ')'))
      return 0;
    q++;
  }
  if (q < e && !is_sp(*q))
    return 0;
  while (q < e && is_sp(*q) && q - p < 8)
    q++;
  return (size_t)(q - p);
}

enum ldu_status ldu_markdown_blocks(const char *text, size_t len,
                                    struct ldu_blocks *bs) {
  struct md md;
  struct ldu_buf clean;
  const char *s;
  size_t n;
  size_t pos = 0;
  size_t line = 0;
  int in_fence = 0;
  char fence_c = 0;
  size_t fence_n = 0;
  int in_icode = 0;
  const char *raw_end = NULL; /* closing tag of <script>/<style> */
  enum ldu_status st;

  memset(&md, 0, sizeof md);
  md.bs = bs;
  ldu_buf_init(&md.raw, LDU_TEXT_MAX_REDUCED);
  ldu_buf_init(&md.tab, LDU_TEXT_MAX_REDUCED);
  ldu_buf_init(&clean, LDU_TEXT_MAX_REDUCED);
  st = strip_comments(text, len, &clean);
  if (st != LDU_OK)
    goto out;
  s = clean.data != NULL ? clean.data : "";
  n = clean.len;

  /* YAML front matter: "---" on the first line, up to "---" or "...". */
  if (n >= 3 && memcmp(s, "---", 3) == 0) {
    const char *e = memchr(s, '\n', n);
    const char *p = s + 3;
    while (p < (e ? e : s + n) && is_sp(*p))
      p++;
    if (e != NULL && p == e) {
      size_t q = (size_t)(e - s) + 1;
      size_t ln = 2;
      while (q < n) {
        const char *le = memchr(s + q, '\n', n - q);
        size_t lend = le ? (size_t)(le - s) : n;
        const char *r = s + lend;
        while (r > s + q && is_sp(r[-1]))
          r--;
        if ((r - (s + q) == 3) &&
            (memcmp(s + q, "---", 3) == 0 || memcmp(s + q, "...", 3) == 0)) {
          pos = lend < n ? lend + 1 : n;
          line = ln;
          break;
        }
        st = front_title(bs, s + q, s + lend);
        if (st != LDU_OK)
          goto out;
        q = lend + 1;
        ln++;
      }
      if (line == 0 && bs->title != NULL) {
        free(bs->title); /* never closed: not front matter */
        bs->title = NULL;
      }
    }
  }

  while (pos < n) {
    const char *ls = s + pos;
    const char *nl = memchr(ls, '\n', n - pos);
    const char *le = nl ? nl : s + n;
    const char *p = ls;
    size_t indent;
    int quote = 0;
    size_t lm;

    line++;
    pos = nl ? (size_t)(nl - s) + 1 : n;
    indent = indent_of(&p, le);
    while (indent < 4 && p < le && *p == '>') {
      quote++;
      p++;
      if (p < le && *p == ' ')
        p++;
      indent = indent_of(&p, le);
    }
    if (raw_end != NULL) {
      size_t k = strlen(raw_end);
      const char *q;
      for (q = ls; q + k <= le; q++)
        if (starts_with_ci(q, (size_t)(le - q), raw_end))
          break;
      if (q + k <= le)
        raw_end = NULL;
      continue;
    }
    if (in_fence) {
      const char *q = p;
      while (q < le && *q == fence_c)
        q++;
      if ((size_t)(q - p) >= fence_n) {
        while (q < le && is_sp(*q))
          q++;
        if (q == le)
          in_fence = 0;
      }
      continue;
    }
    if (p == le) { /* blank */
      st = flush_all(&md);
      if (st != LDU_OK)
        goto out;
      continue;
    }
    if (in_icode) {
      if (indent >= 4 + md.list_indent)
        continue;
      in_icode = 0;
    }
    if (md.list_indent > 0) {
      if (indent >= md.list_indent)
        indent -= md.list_indent;
      else if (!md.para_open && list_marker(p, le) == 0)
        md.list_indent = 0;
    }
    if (indent >= 4 && !md.para_open && !md.in_table) {
      st = flush_all(&md);
      if (st == LDU_OK)
        st = add_code(&md, line);
      if (st != LDU_OK)
        goto out;
      in_icode = 1;
      continue;
    }
    /* fenced code */
    if (le - p >= 3 && (*p == '`' || *p == '~') && p[1] == *p && p[2] == *p) {
      const char *q = p;
      while (q < le && *q == *p)
        q++;
      if (*p == '~' || memchr(q, '`', (size_t)(le - q)) == NULL) {
        st = flush_all(&md);
        if (st == LDU_OK)
          st = add_code(&md, line);
        if (st != LDU_OK)
          goto out;
        in_fence = 1;
        fence_c = *p;
        fence_n = (size_t)(q - p);
        continue;
      }
    }
    /* ATX heading */
    if (*p == '#') {
      const char *q = p;
      while (q < le && *q == '#' && q - p < 7)
        q++;
      if (q - p <= 6 && (q == le || is_sp(*q))) {
        int level = (int)(q - p);
        const char *e = le;
        struct ldu_mark m;
        while (q < e && is_sp(*q))
          q++;
        while (e > q && is_sp(e[-1]))
          e--;
        {
          const char *h = e;
          while (h > q && h[-1] == '#')
            h--;
          if (h == q || is_sp(h[-1]))
            e = h;
          while (e > q && is_sp(e[-1]))
            e--;
        }
        st = flush_all(&md);
        if (st != LDU_OK)
          goto out;
        md.list_indent = 0;
        m.off = 0;
        m.line = line;
        if (e > q) {
          st = add_reduced(&md, LDU_PARA_HEADING, level, q, (size_t)(e - q),
                           &m, 1);
          if (st != LDU_OK)
            goto out;
        }
        continue;
      }
    }
    /* setext underline */
    if (md.para_open && !md.para_list && md.para_quote == quote &&
        (*p == '=' || *p == '-')) {
      const char *q = p;
      const char *e = le;
      while (q < le && *q == *p)
        q++;
      while (e > q && is_sp(e[-1]))
        e--;
      if (q == e && (*p == '=' || q - p >= 2)) {
        st = add_reduced(&md, LDU_PARA_HEADING, *p == '=' ? 1 : 2,
                         md.raw.data, md.raw.len, md.rm.v, md.rm.n);
        md.para_open = 0;
        ldu_buf_reset(&md.raw);
        md.rm.n = 0;
        if (st != LDU_OK)
          goto out;
        continue;
      }
    }
    if (is_hr(p, le)) {
      st = flush_all(&md);
      if (st != LDU_OK)
        goto out;
      md.list_indent = 0;
      continue;
    }
    /* tables */
    if (memchr(p, '|', (size_t)(le - p)) != NULL) {
      if (!md.in_table && nl != NULL) {
        const char *ns = nl + 1;
        const char *ne = memchr(ns, '\n', (size_t)(s + n - ns));
        if (ne == NULL)
          ne = s + n;
        while (ns < ne && (is_sp(*ns) || (quote > 0 && *ns == '>')))
          ns++;
        if (is_delim_row(ns, ne)) {
          st = flush_all(&md);
          if (st != LDU_OK)
            goto out;
          md.in_table = 1;
          st = table_row(&md, p, le, line);
          if (st != LDU_OK)
            goto out;
          pos = ne < s + n ? (size_t)(ne - s) + 1 : n; /* skip the delimiters */
          line++;
          continue;
        }
      } else if (md.in_table) {
        st = table_row(&md, p, le, line);
        if (st != LDU_OK)
          goto out;
        continue;
      }
    }
    if (md.in_table) {
      st = flush_table(&md);
      if (st != LDU_OK)
        goto out;
    }
    /* link reference definitions; footnote definitions keep their text */
    if (*p == '[' && !md.para_open) {
      const char *q = memchr(p, ']', (size_t)(le - p));
      if (q != NULL && q + 1 < le && q[1] == ':') {
        if (p + 1 < q && p[1] == '^') {
          p = q + 2;
          while (p < le && is_sp(*p))
            p++;
        } else {
          continue;
        }
      }
    }
    /* raw HTML blocks whose content is not text */
    if (*p == '<' && !md.para_open) {
      if (starts_with_ci(p, (size_t)(le - p), "<script"))
        raw_end = "</script>";
      else if (starts_with_ci(p, (size_t)(le - p), "<style"))
        raw_end = "</style>";
      if (raw_end != NULL) {
        const char *q;
        size_t k = strlen(raw_end);
        st = flush_all(&md);
        if (st != LDU_OK)
          goto out;
        for (q = p; q + k <= le; q++)
          if (starts_with_ci(q, (size_t)(le - q), raw_end))
            break;
        if (q + k <= le)
          raw_end = NULL;
        continue;
      }
    }
    /* list items */
    lm = list_marker(p, le);
    if (lm > 0 && !(md.para_open && *p >= '0' && *p <= '9' && *p != '1' &&
                    !md.para_list)) {
      size_t col = (size_t)(p - ls);
      st = flush_all(&md);
      if (st != LDU_OK)
        goto out;
      p += lm;
      md.list_indent = col + lm;
      if (le - p >= 3 && p[0] == '[' && p[2] == ']' &&
          (p[1] == ' ' || p[1] == 'x' || p[1] == 'X')) {
        p += 3;
        while (p < le && is_sp(*p))
          p++;
      }
      md.para_open = 1;
      md.para_list = 1;
      md.para_quote = quote;
    } else if (md.para_open && quote > md.para_quote) {
      st = flush_para(&md);
      if (st != LDU_OK)
        goto out;
    }
    /* paragraph text */
    if (md.para_open && md.raw.len > 0)
      st = ldu_buf_addc(&md.raw, '\n');
    if (st == LDU_OK && p < le)
      st = marks_add(&md.rm, md.raw.len, line);
    if (st == LDU_OK)
      st = ldu_buf_add(&md.raw, p, (size_t)(le - p));
    if (st != LDU_OK)
      goto out;
    if (!md.para_open) {
      md.para_open = 1;
      md.para_list = 0;
      md.para_quote = quote;
    }
  }
  st = flush_all(&md);
out:
  ldu_buf_free(&md.raw);
  ldu_buf_free(&md.tab);
  ldu_buf_free(&clean);
  free(md.rm.v);
  free(md.tm.v);
  return st;
}

int ldu_markdown_detect(const char *s, size_t n) {
  size_t pos = 0;
  int prev_text = 0;
  if (n >= 4 && memcmp(s, "---", 3) == 0 && (s[3] == '\n' || s[3] == ' '))
    return 1;
  while (pos < n) {
    const char *ls = s + pos;
    const char *nl = memchr(ls, '\n', n - pos);
    const char *le = nl ? nl : s + n;
    const char *p = ls;
    const char *q;
    pos = nl ? (size_t)(nl - s) + 1 : n;
    indent_of(&p, le);
    if (p == le) {
      prev_text = 0;
      continue;
    }
    if (*p == '#') {
      q = p;
      while (q < le && *q == '#')
        q++;
      if (q - p <= 6 && q < le && is_sp(*q))
        return 1;
    }
    if (le - p >= 3 && (*p == '`' || *p == '~') && p[1] == *p && p[2] == *p)
      return 1;
    if (le - p >= 4 && memcmp(p, "<!--", 4) == 0)
      return 1;
    if (prev_text && *p == '=') {
      q = p;
      while (q < le && *q == '=')
        q++;
      if (q - p >= 3 && q == le)
        return 1;
    }
    if (is_delim_row(p, le) && prev_text)
      return 1;
    /* [text](url) on one line */
    {
      int open = 0;
      for (q = p; q + 1 < le; q++) {
        if (q[0] == '[')
          open = 1;
        if (open && q[0] == ']' && q[1] == '(') {
          if (memchr(q, ')', (size_t)(le - q)) != NULL)
            return 1;
          break;
        }
      }
    }
    prev_text = 1;
  }
  return 0;
}
