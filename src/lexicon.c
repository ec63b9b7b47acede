#include "lexicon.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* One word.  Both strings point into a chunk (a file's bytes, parsed in
 * place and NUL-terminated field by field). */
struct slot {
  const char *word; /* NULL: empty slot */
  const char *pinyin;
  uint32_t len; /* bytes of word */
  uint32_t hash;
};

/* The bytes of one loaded file; owned by the lexicon. */
struct chunk {
  struct chunk *next;
  char *data;
};

struct ldu_lexicon {
  struct slot *slots;
  size_t cap; /* power of two, or 0 */
  size_t n;
  size_t max_chars;
  struct chunk *chunks;
};

/* A parsed line, before it goes into the table. */
struct entry {
  const char *word;
  const char *pinyin;
  size_t len;
  size_t chars;
};

static uint32_t hash_bytes(const char *s, size_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

enum ldu_status ldu_lexicon_new(struct ldu_lexicon **out) {
  struct ldu_lexicon *lex = calloc(1, sizeof *lex);
  *out = lex;
  return lex == NULL ? LDU_ERR_NOMEM : LDU_OK;
}

void ldu_lexicon_free(struct ldu_lexicon *lex) {
  struct chunk *c;
  if (lex == NULL)
    return;
  c = lex->chunks;
  while (c != NULL) {
    struct chunk *next = c->next;
    free(c->data);
    free(c);
    c = next;
  }
  free(lex->slots);
  free(lex);
}

size_t ldu_lexicon_size(const struct ldu_lexicon *lex) { return lex->n; }

size_t ldu_lexicon_max_chars(const struct ldu_lexicon *lex) {
  return lex->max_chars;
}

static struct slot *find_slot(struct slot *slots, size_t cap,
                              const char *word, size_t n, uint32_t h) {
  size_t i = h & (cap - 1);
  for (;;) {
    struct slot *s = &slots[i];
    if (s->word == NULL ||
        (s->hash == h && s->len == n && memcmp(s->word, word, n) == 0))
      return s;
    i = (i + 1) & (cap - 1);
  }
}

/* Make room for `extra` more words (the table stays at most half full). */
static enum ldu_status reserve(struct ldu_lexicon *lex, size_t extra) {
  size_t need;
  size_t cap;
  size_t i;
  struct slot *slots;
  if (extra > ((size_t)-1) / 4 - lex->n)
    return LDU_ERR_NOMEM;
  need = (lex->n + extra) * 2;
  if (need <= lex->cap)
    return LDU_OK;
  cap = lex->cap ? lex->cap : 64;
  while (cap < need)
    cap *= 2;
  if (cap > ((size_t)-1) / sizeof *slots)
    return LDU_ERR_NOMEM;
  slots = calloc(cap, sizeof *slots);
  if (slots == NULL)
    return LDU_ERR_NOMEM;
  for (i = 0; i < lex->cap; i++) {
    const struct slot *s = &lex->slots[i];
    if (s->word != NULL)
      *find_slot(slots, cap, s->word, s->len, s->hash) = *s;
  }
  free(lex->slots);
  lex->slots = slots;
  lex->cap = cap;
  return LDU_OK;
}

const char *ldu_lexicon_get(const struct ldu_lexicon *lex, const char *word,
                            size_t n) {
  const struct slot *s;
  if (lex == NULL || lex->cap == 0 || n == 0 || n > UINT32_MAX)
    return NULL;
  s = find_slot(lex->slots, lex->cap, word, n, hash_bytes(word, n));
  return s->word != NULL ? s->pinyin : NULL;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Normalise the pinyin field [p, end) in place: lowercase, u: and ü as v,
 * syllables separated by one space, NUL-terminated.  Returns the number of
 * syllables, or -1 with a message in `why`. */
static long parse_pinyin(char *p, char *end, char *why, size_t why_size) {
  char *w = p;
  char *r = p;
  long count = 0;
  while (r < end) {
    char *start;
    size_t letters = 0;
    while (r < end && is_blank(*r))
      r++;
    if (r == end)
      break;
    if (count > 0)
      *w++ = ' ';
    start = w;
    while (r < end && !is_blank(*r) && !(*r >= '0' && *r <= '9')) {
      unsigned char c = (unsigned char)*r;
      if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c - 'A' + 'a');
      if (c == 'u' && r + 1 < end && r[1] == ':') {
        *w++ = 'v';
        r += 2;
      } else if (c == 0xC3 && r + 1 < end &&
                 ((unsigned char)r[1] == 0xBC || (unsigned char)r[1] == 0x9C)) {
        *w++ = 'v'; /* ü or Ü */
        r += 2;
      } else if (c >= 'a' && c <= 'z') {
        *w++ = (char)c;
        r++;
      } else {
        if (c > ' ' && c < 0x7F)
          snprintf(why, why_size,
                   "pinyin has '%c': write letters and tone numbers 1-5",
                   (char)c);
        else
          snprintf(why, why_size,
                   "pinyin has a character that is not a letter: write "
                   "letters and tone numbers 1-5");
        return -1;
      }
      letters++;
    }
    if (letters == 0 || letters > 6 || r == end || *r < '1' || *r > '5' ||
        (r + 1 < end && !is_blank(r[1]))) {
      *w = '\0';
      snprintf(why, why_size,
               "syllable '%.16s' needs letters and one tone number 1-5 "
               "(hang2, de5)",
               start);
      return -1;
    }
    *w++ = *r++;
    count++;
  }
  *w = '\0';
  return count;
}

/* Parse the line [p, end) into `e`.  0 on success, 1 for a line to skip,
 * -1 with a message in `why`. */
static int parse_line(char *p, char *end, struct entry *e, char *why,
                      size_t why_size) {
  char *tab;
  char *w;
  char *we;
  size_t i;
  size_t len;
  long syl;
  while (p < end && (*p == ' ' || *p == '\r'))
    p++;
  while (end > p && is_blank(end[-1]))
    end--;
  if (p == end || *p == '#')
    return 1;
  tab = memchr(p, '\t', (size_t)(end - p));
  if (tab == NULL) {
    snprintf(why, why_size, "want 'word<TAB>pinyin'");
    return -1;
  }
  w = p;
  we = tab;
  while (we > w && we[-1] == ' ')
    we--;
  e->chars = 0;
  for (i = 0; i < (size_t)(we - w); i += len) {
    unsigned long c = ldu_utf8_decode(w + i, (size_t)(we - w) - i, &len);
    if (!ldu_is_han(c)) {
      snprintf(why, why_size, "the word must be Chinese characters only");
      return -1;
    }
    e->chars++;
  }
  if (e->chars == 0) {
    snprintf(why, why_size, "no word before the TAB");
    return -1;
  }
  if (e->chars > LDU_LEXICON_MAX_CHARS) {
    snprintf(why, why_size, "word longer than %d characters",
             LDU_LEXICON_MAX_CHARS);
    return -1;
  }
  syl = parse_pinyin(tab + 1, end, why, why_size);
  if (syl < 0)
    return -1;
  if ((size_t)syl != e->chars) {
    snprintf(why, why_size, "%ld syllable%s for %zu character%s", syl,
             syl == 1 ? "" : "s", e->chars, e->chars == 1 ? "" : "s");
    return -1;
  }
  *we = '\0';
  e->word = w;
  e->len = (size_t)(we - w);
  e->pinyin = tab + 1;
  return 0;
}

/* Parse `data` (len bytes, data[len] == '\0'; taken over whatever
 * happens) and add its entries. */
static enum ldu_status load_take(struct ldu_lexicon *lex, char *data,
                                 size_t len, const char *name,
                                 struct ldu_error *err) {
  struct entry *entries = NULL;
  struct chunk *chunk = NULL;
  size_t n_entries = 0;
  size_t lines = 0;
  size_t i;
  size_t max_chars = lex->max_chars;
  long line_no = 0;
  char *p = data;
  char *end = data + len;
  char why[160];
  enum ldu_status st = LDU_OK;

  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  for (i = 0; i < len; i++)
    if (data[i] == '\n')
      lines++;
  entries = malloc((lines + 1) * sizeof *entries);
  chunk = malloc(sizeof *chunk);
  if (entries == NULL || chunk == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *le = nl ? nl : end;
    int r;
    line_no++;
    r = parse_line(p, le, &entries[n_entries], why, sizeof why);
    if (r < 0) {
      st = ldu_error_set(err, LDU_ERR_FORMAT, name, 0);
      if (err != NULL)
        err->line = line_no;
      ldu_error_detail(err, "%s", why);
      goto out;
    }
    if (r == 0) {
      if (entries[n_entries].chars > max_chars)
        max_chars = entries[n_entries].chars;
      n_entries++;
    }
    p = le + 1;
  }
  st = reserve(lex, n_entries);
  if (st != LDU_OK)
    goto out;
  for (i = 0; i < n_entries; i++) {
    const struct entry *e = &entries[i];
    uint32_t h = hash_bytes(e->word, e->len);
    struct slot *s = find_slot(lex->slots, lex->cap, e->word, e->len, h);
    if (s->word == NULL)
      lex->n++;
    s->word = e->word;
    s->pinyin = e->pinyin;
    s->len = (uint32_t)e->len;
    s->hash = h;
  }
  lex->max_chars = max_chars;
  chunk->data = data;
  chunk->next = lex->chunks;
  lex->chunks = chunk;
  data = NULL;
  chunk = NULL;
out:
  free(entries);
  free(chunk);
  free(data);
  return st;
}

enum ldu_status ldu_lexicon_load_mem(struct ldu_lexicon *lex,
                                     const char *data, size_t len,
                                     const char *name, struct ldu_error *err) {
  char *copy;
  if (len > LDU_LEXICON_MAX_BYTES)
    return ldu_error_set(err, LDU_ERR_NOMEM, name, 0);
  copy = malloc(len + 1);
  if (copy == NULL)
    return LDU_ERR_NOMEM;
  memcpy(copy, data, len);
  copy[len] = '\0';
  return load_take(lex, copy, len, name, err);
}

enum ldu_status ldu_lexicon_load(struct ldu_lexicon *lex, const char *path,
                                 struct ldu_error *err) {
  FILE *f = NULL;
  char *data = NULL;
  char *p;
  size_t len = 0;
  size_t cap = 0;
  size_t got;
  enum ldu_status st = LDU_OK;

  f = fopen(path, "rb");
  if (f == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  for (;;) {
    if (cap - len < 65536) {
      if (cap >= LDU_LEXICON_MAX_BYTES) {
        st = ldu_error_set(err, LDU_ERR_NOMEM, path, 0);
        ldu_error_detail(err, "lexicon larger than %zu bytes",
                         LDU_LEXICON_MAX_BYTES);
        goto out;
      }
      cap = cap ? cap * 2 : (size_t)1 << 22;
      p = realloc(data, cap + 1);
      if (p == NULL) {
        st = LDU_ERR_NOMEM;
        goto out;
      }
      data = p;
    }
    got = fread(data + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  if (ferror(f)) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno ? errno : EIO);
    goto out;
  }
  data[len] = '\0';
  st = load_take(lex, data, len, path, err);
  data = NULL;
out:
  if (f != NULL)
    fclose(f);
  free(data);
  return st;
}
