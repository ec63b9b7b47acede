#include "utf8.h"

#include <string.h>

unsigned long ldu_utf8_decode(const char *s, size_t n, size_t *len) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned long c = u[0];
  size_t need;
  size_t i;
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if (c >= 0xF0) {
    need = 4;
    c &= 0x07;
  } else if (c >= 0xE0) {
    need = 3;
    c &= 0x0F;
  } else if (c >= 0xC0) {
    need = 2;
    c &= 0x1F;
  } else {
    *len = 1;
    return 0xFFFD;
  }
  if (need > n) {
    *len = 1;
    return 0xFFFD;
  }
  for (i = 1; i < need; i++) {
    if ((u[i] & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    c = (c << 6) | (u[i] & 0x3F);
  }
  *len = need;
  return c;
}

size_t ldu_utf8_encode(unsigned long c, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (c < 0x80) {
    o[0] = (unsigned char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (unsigned char)(0xC0 | (c >> 6));
    o[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (c >> 12));
    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (c >> 18));
  o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

size_t ldu_utf8_count(const char *s, size_t n) {
  size_t i;
  size_t count = 0;
  for (i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      count++;
  return count;
}

size_t ldu_utf8_prefix(const char *s, size_t n, size_t chars) {
  size_t i = 0;
  size_t len;
  while (i < n && chars > 0) {
    ldu_utf8_decode(s + i, n - i, &len);
    i += len;
    chars--;
  }
  return i;
}

int ldu_is_han(unsigned long c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x3134F) || (c >= 0xF900 && c <= 0xFAFF) ||
         c == 0x3007;
}

int ldu_is_latin(unsigned long c) {
  c = ldu_fold_width(c);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

int ldu_is_emoji(unsigned long c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
         (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0020 && c <= 0xE007F) || c == 0x200D || c == 0x20E3 ||
         (c >= 0x1F1E6 && c <= 0x1F1FF) || (c >= 0x2190 && c <= 0x21FF) ||
         (c >= 0x2300 && c <= 0x23FF) || (c >= 0x25A0 && c <= 0x25FF);
}

unsigned long ldu_fold_width(unsigned long c) {
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
      (c >= 0xFF41 && c <= 0xFF5A))
    return c - 0xFEE0;
  return c;
}

size_t ldu_utf8_decode_all(const char *s, unsigned long *cps, size_t max) {
  size_t n = strlen(s);
  size_t i = 0;
  size_t k = 0;
  size_t len;
  while (i < n && k < max) {
    cps[k++] = ldu_utf8_decode(s + i, n - i, &len);
    i += len;
  }
  return k;
}

int ldu_utf8_in_set(const char *set, unsigned long c) {
  size_t n = strlen(set);
  size_t i = 0;
  size_t len;
  while (i < n) {
    if (ldu_utf8_decode(set + i, n - i, &len) == c)
      return 1;
    i += len;
  }
  return 0;
}
