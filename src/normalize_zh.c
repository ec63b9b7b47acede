/* normalize_zh: numbers, dates, times, money, units and symbols -> Hanzi.
 *
 * The sentence is decoded to code points once; a scanner walks it and
 * either copies a code point, copies a Latin token whole, or replaces a
 * number (with the symbols that belong to it) by its reading.  The rules,
 * in the order they are tried at a digit, are documented with examples in
 * doc/normalize.md.  Nothing here allocates except the code point array;
 * output goes to the caller's buffer with a sticky error status. */
#include "normalize_zh.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Digits of an integer part kept for a cardinal reading; a longer number
 * is read digit by digit. */
#define NUM_MAX 40
/* Longest unit, currency or keyword, in code points. */
#define WORD_MAX 12
/* Longest e-mail local part and host name looked at (RFC 5321). */
#define LOCAL_MAX 64
#define HOST_MAX 253

struct nz {
  const unsigned long *c; /* the sentence as code points */
  size_t n;
  int simp; /* 1: write Simplified characters */
  struct ldu_buf *out;
  enum ldu_status st; /* first error; later output is skipped */
  size_t num_end;     /* where the last number read ended */
};

/* A number as written: integer digits (separators removed), fraction. */
struct num {
  size_t b, e; /* code points [b, e) */
  char d[NUM_MAX + 1];
  size_t nd;     /* integer digits (may exceed NUM_MAX: see b..ie) */
  size_t ie;     /* end of the integer part */
  size_t fb, fe; /* fraction digits [fb, fe); fb == fe when none */
  int grouped;   /* had thousands separators (10,000) */
};

struct unit {
  const char *sym;  /* as written */
  const char *trad; /* the word in Traditional text; NULL: keep sym */
  const char *simp;
  const char *pre_trad; /* said before the number (攝氏), or NULL */
  const char *pre_simp;
  int spaced; /* may be written after a space (5 km) */
};

/* Longest symbol first where one is a prefix of another is not needed:
 * the longest match wins. */
static const struct unit UNITS[] = {
    {"km/h", "公里每小時", "公里每小时", NULL, NULL, 1},
    {"km²", "平方公里", "平方公里", NULL, NULL, 1},
    {"m²", "平方公尺", "平方米", NULL, NULL, 1},
    {"㎡", "平方公尺", "平方米", NULL, NULL, 1},
    {"km", "公里", "公里", NULL, NULL, 1},
    {"cm", "公分", "厘米", NULL, NULL, 1},
    {"mm", "毫米", "毫米", NULL, NULL, 1},
    {"nm", "奈米", "纳米", NULL, NULL, 1},
    {"m", "公尺", "米", NULL, NULL, 0},
    {"kg", "公斤", "公斤", NULL, NULL, 1},
    {"mg", "毫克", "毫克", NULL, NULL, 1},
    {"g", "克", "克", NULL, NULL, 0},
    {"lb", "磅", "磅", NULL, NULL, 1},
    {"lbs", "磅", "磅", NULL, NULL, 1},
    {"oz", "盎司", "盎司", NULL, NULL, 1},
    {"ml", "毫升", "毫升", NULL, NULL, 1},
    {"mL", "毫升", "毫升", NULL, NULL, 1},
    {"L", "公升", "升", NULL, NULL, 0},
    {"ms", "毫秒", "毫秒", NULL, NULL, 1},
    {"s", "秒", "秒", NULL, NULL, 0},
    {"min", "分鐘", "分钟", NULL, NULL, 1},
    {"h", "小時", "小时", NULL, NULL, 0},
    {"hr", "小時", "小时", NULL, NULL, 1},
    {"hrs", "小時", "小时", NULL, NULL, 1},
    {"Hz", "赫茲", "赫兹", NULL, NULL, 1},
    {"kHz", "千赫", "千赫", NULL, NULL, 1},
    {"MHz", "兆赫", "兆赫", NULL, NULL, 1},
    {"GHz", "吉赫", "吉赫", NULL, NULL, 1},
    {"kW", "千瓦", "千瓦", NULL, NULL, 1},
    {"kWh", "千瓦時", "千瓦时", NULL, NULL, 1},
    {"W", "瓦", "瓦", NULL, NULL, 0},
    {"V", "伏特", "伏特", NULL, NULL, 0},
    {"mAh", "毫安時", "毫安时", NULL, NULL, 1},
    {"°C", "度", "度", "攝氏", "摄氏", 1},
    {"℃", "度", "度", "攝氏", "摄氏", 1},
    {"°F", "度", "度", "華氏", "华氏", 1},
    {"℉", "度", "度", "華氏", "华氏", 1},
    {"°", "度", "度", NULL, NULL, 0},
    {"KB", NULL, NULL, NULL, NULL, 1},
    {"MB", NULL, NULL, NULL, NULL, 1},
    {"GB", NULL, NULL, NULL, NULL, 1},
    {"TB", NULL, NULL, NULL, NULL, 1},
    {"w", "萬", "万", NULL, NULL, 0},
};

struct currency {
  const char *sym;
  const char *pre_trad; /* said before the amount, or NULL */
  const char *pre_simp;
  const char *suf_trad; /* said after the amount */
  const char *suf_simp;
  int code; /* a letter code (USD): also written after */
};

static const struct currency CURRENCIES[] = {
    {"NT$", "新臺幣", "新台币", "元", "元", 0},
    {"US$", NULL, NULL, "美元", "美元", 0},
    {"HK$", NULL, NULL, "港元", "港元", 0},
    {"A$", NULL, NULL, "澳元", "澳元", 0},
    {"$", NULL, NULL, "美元", "美元", 0},
    {"¥", NULL, NULL, "日圓", "元", 0},
    {"€", NULL, NULL, "歐元", "欧元", 0},
    {"£", NULL, NULL, "英鎊", "英镑", 0},
    {"₩", NULL, NULL, "韓元", "韩元", 0},
    {"USD", NULL, NULL, "美元", "美元", 1},
    {"EUR", NULL, NULL, "歐元", "欧元", 1},
    {"GBP", NULL, NULL, "英鎊", "英镑", 1},
    {"JPY", NULL, NULL, "日圓", "日元", 1},
    {"HKD", NULL, NULL, "港元", "港元", 1},
    {"TWD", "新臺幣", "新台币", "元", "元", 1},
    {"NTD", "新臺幣", "新台币", "元", "元", 1},
    {"RMB", "人民幣", "人民币", "元", "元", 1},
    {"CNY", "人民幣", "人民币", "元", "元", 1},
};

/* After a number "2" these make it 兩/两 (兩個, 兩年, 兩萬). */
static const char CLASSIFIERS[] =
    "個个位種种次年天名項项件台臺家條条只隻本部倍歲岁週周層层輪轮代類类"
    "篇場场人張张份塊块斤頁页道句杯碗輛辆架艘顆颗棵把枝支雙双對对款組组"
    "套段節节門门間间座所片群批股首封口點点分秒遍趟屆届季集章匹頭头千萬"
    "万億亿百";

/* Words before a number that make it a phone number, read digit by
 * digit. */
static const char *const PHONE_WORDS[] = {
    "電話", "电话", "撥打", "拨打", "致電", "致电", "熱線", "热线",
    "專線", "专线", "傳真", "传真", "手機", "手机", "號碼", "号码",
    "客服", "報警", "报警", "來電", "来电", "Tel",  "TEL",  "tel",
};

static const char *const DIGIT[10] = {"零", "一", "二", "三", "四",
                                      "五", "六", "七", "八", "九"};

/* Characters that exist in one script only, for the script guess. */
static const char TRAD_ONLY[] =
    "們個這說時對會來過為國學經實發現開關體點萬與產業電認樣還從問應無變"
    "讓進後間動麼義區報話種類覺習處幾條寫網頁號數據設計環軟聽見長門車東"
    "書馬鳥魚語讀論議記許請謝該當總統際術專藝傳歷親愛樂氣態聯構導層億兩";
static const char SIMP_ONLY[] =
    "们个这说时对会来过为国学经实发现开关体点万与产业电认样还从问应无变"
    "让进后间动么义区报话种类觉习处几条写网页号数据设计环软听见长门车东"
    "书马鸟鱼语读论议记许请谢该当总统际术专艺传历亲爱乐气态联构导层亿两";

/* ---------------------------------------------------------- low level */

/* Full-width ASCII and other look-alikes folded to ASCII. */
static unsigned long narrow(unsigned long c) {
  if (c >= 0xFF01 && c <= 0xFF5E)
    return c - 0xFEE0;
  if (c == 0x3000)
    return ' ';
  if (c == 0x2212 || c == 0xFE63)
    return '-';
  if (c == 0xFFE5)
    return 0xA5; /* ￥ -> ¥ */
  return c;
}

static unsigned long at(const struct nz *z, size_t i) {
  return i < z->n ? narrow(z->c[i]) : 0;
}

static int dig(const struct nz *z, size_t i) {
  unsigned long c = at(z, i);
  return c >= '0' && c <= '9' ? (int)(c - '0') : -1;
}

static int is_letter(unsigned long c) { return ldu_is_latin(c); }

static int is_alnum(unsigned long c) {
  return is_letter(c) || (c >= '0' && c <= '9');
}

static int is_ascii_letter(unsigned long c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* CJK punctuation and full-width forms that are not letters or digits. */
static int is_cjk_punct(unsigned long c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) || c == 0x2014 || c == 0x2026 ||
         (c >= 0x2018 && c <= 0x201D);
}


/* Length in code points of `word` if the text at i starts with it. */
static size_t match_at(const struct nz *z, size_t i, const char *word) {
  unsigned long w[WORD_MAX];
  size_t k = ldu_utf8_decode_all(word, w, WORD_MAX);
  size_t j;
  for (j = 0; j < k; j++)
    if (at(z, i + j) != w[j])
      return 0;
  return k;
}

/* True if the text ending just before `end` is `word`. */
static int ends_with(const struct nz *z, size_t end, const char *word) {
  unsigned long w[WORD_MAX];
  size_t k = ldu_utf8_decode_all(word, w, WORD_MAX);
  size_t j;
  if (k > end)
    return 0;
  for (j = 0; j < k; j++)
    if (at(z, end - k + j) != w[j])
      return 0;
  return 1;
}

static size_t skip_spaces(const struct nz *z, size_t i) {
  while (i < z->n && at(z, i) == ' ')
    i++;
  return i;
}

/* The code point before i, spaces skipped; 0 at the start. */
static unsigned long prev_cp(const struct nz *z, size_t i) {
  while (i > 0 && at(z, i - 1) == ' ')
    i--;
  return i > 0 ? at(z, i - 1) : 0;
}

static void put(struct nz *z, const char *s) {
  if (z->st == LDU_OK)
    z->st = ldu_buf_adds(z->out, s);
}

static void put2(struct nz *z, const char *trad, const char *simp) {
  put(z, z->simp ? simp : trad);
}

static void put_cp(struct nz *z, unsigned long c) {
  char enc[4];
  size_t k = ldu_utf8_encode(c, enc);
  if (z->st == LDU_OK)
    z->st = ldu_buf_add(z->out, enc, k);
}

static void put_range(struct nz *z, size_t b, size_t e) {
  size_t i;
  for (i = b; i < e; i++)
    put_cp(z, z->c[i]);
}

/* ------------------------------------------------------------ readings */

/* `nd` ASCII digits one by one; `zero` is 零 or 〇. */
static void say_digits(struct nz *z, const char *d, size_t nd,
                       const char *zero) {
  size_t i;
  for (i = 0; i < nd; i++)
    put(z, d[i] == '0' ? zero : DIGIT[d[i] - '0']);
}

/* The digits of [b, e) one by one, separators skipped. */
static void say_digits_at(struct nz *z, size_t b, size_t e, const char *zero) {
  size_t i;
  int v;
  for (i = b; i < e; i++) {
    v = dig(z, i);
    if (v >= 0)
      put(z, v == 0 ? zero : DIGIT[v]);
  }
}

/* Cardinal reading of `nd` ASCII digits.  `liang`: a leading 2 before
 * 千, 萬 or 億 is 兩 (兩千, 兩萬), as Mandarin says it; 二 elsewhere
 * (二十, 一百二十, 十二萬). */
static void say_cardinal(struct nz *z, const char *d, size_t nd, int liang) {
  static const char *const place_unit[4] = {"", "十", "百", "千"};
  size_t ngroups;
  size_t first_len;
  size_t pos = 0;
  size_t g;
  size_t q;
  int started = 0;
  int zero = 0;
  while (nd > 1 && d[0] == '0') {
    d++;
    nd--;
  }
  if (nd == 1 && d[0] == '0') {
    put(z, "零");
    return;
  }
  if (nd > 16) {
    say_digits(z, d, nd, "零");
    return;
  }
  ngroups = (nd + 3) / 4;
  first_len = nd - (ngroups - 1) * 4;
  for (g = 0; g < ngroups; g++) {
    size_t len = g == 0 ? first_len : 4;
    size_t big = ngroups - 1 - g; /* 0: -, 1: 萬, 2: 億, 3: 萬億 */
    int any = 0;
    for (q = 0; q < len; q++) {
      int v = d[pos + q] - '0';
      size_t place = len - 1 - q;
      if (v == 0) {
        if (started)
          zero = 1;
        continue;
      }
      if (zero) {
        put(z, "零");
        zero = 0;
      }
      if (v == 1 && place == 1 && !started) {
        put(z, "十");
      } else {
        if (v == 2 && !started && liang &&
            (place == 3 || (place == 0 && big > 0)))
          put2(z, "兩", "两");
        else
          put(z, DIGIT[v]);
        put(z, place_unit[place]);
      }
      started = 1;
      any = 1;
    }
    if (any && big == 1)
      put2(z, "萬", "万");
    else if (any && big == 2)
      put2(z, "億", "亿");
    else if (any && big == 3) {
      /* 一萬億, but 一萬零一億 when the 億 group is not empty */
      int rest = 0;
      for (q = 0; q < 4; q++)
        if (d[pos + len + q] != '0')
          rest = 1;
      if (rest)
        put2(z, "萬", "万");
      else
        put2(z, "萬億", "万亿");
    }
    pos += len;
  }
}

/* Scan a number at i (a digit): 123, 10,000, 3.14, full-width too. */
static size_t scan_num(const struct nz *z, size_t i, struct num *m) {
  size_t j = i;
  size_t first;
  int v;
  memset(m, 0, sizeof *m);
  m->b = i;
  while ((v = dig(z, j)) >= 0) {
    if (m->nd < NUM_MAX)
      m->d[m->nd] = (char)('0' + v);
    m->nd++;
    j++;
  }
  first = m->nd;
  while (first <= 3 && at(z, j) == ',' && dig(z, j + 1) >= 0 &&
         dig(z, j + 2) >= 0 && dig(z, j + 3) >= 0 && dig(z, j + 4) < 0) {
    size_t k;
    for (k = 1; k <= 3; k++) {
      if (m->nd < NUM_MAX)
        m->d[m->nd] = (char)('0' + dig(z, j + k));
      m->nd++;
    }
    m->grouped = 1;
    j += 4;
  }
  m->ie = j;
  if (m->nd > NUM_MAX)
    m->d[NUM_MAX] = '\0';
  else
    m->d[m->nd] = '\0';
  m->fb = m->fe = j;
  if (at(z, j) == '.' && dig(z, j + 1) >= 0) {
    j++;
    m->fb = j;
    while (dig(z, j) >= 0)
      j++;
    m->fe = j;
  }
  m->e = j;
  return j;
}

static int has_frac(const struct num *m) { return m->fe > m->fb; }

/* Integer value of a short plain number, -1 if too long. */
static long small_value(const struct num *m) {
  long v = 0;
  size_t i;
  if (m->nd > 9)
    return -1;
  for (i = 0; i < m->nd; i++)
    v = v * 10 + (m->d[i] - '0');
  return v;
}

/* Cardinal reading of a scanned number, with its fraction (三點一四). */
static void say_num(struct nz *z, const struct num *m, int liang) {
  if (m->nd > NUM_MAX)
    say_digits_at(z, m->b, m->ie, "零");
  else
    say_cardinal(z, m->d, m->nd, liang);
  if (has_frac(m)) {
    put2(z, "點", "点");
    say_digits_at(z, m->fb, m->fe, "零");
  }
}

/* A year, digit by digit with 〇 (二〇二五). */
static void say_year(struct nz *z, const struct num *m) {
  say_digits(z, m->d, m->nd, "〇");
}

/* A clock hour or a minute/second count (兩點, 零五分). */
static void say_clock(struct nz *z, long v, int hour) {
  char d[3];
  if (hour && v == 2) {
    put2(z, "兩", "两");
    return;
  }
  if (!hour && v < 10) {
    put(z, "零");
    put(z, DIGIT[v]);
    return;
  }
  d[0] = (char)('0' + v / 10);
  d[1] = (char)('0' + v % 10);
  d[2] = '\0';
  say_cardinal(z, v >= 10 ? d : d + 1, v >= 10 ? 2 : 1, 0);
}

static void say_long(struct nz *z, long v) {
  char d[24];
  size_t k = 0;
  size_t i;
  char tmp;
  if (v <= 0) {
    put(z, "零");
    return;
  }
  while (v > 0 && k < sizeof d - 1) {
    d[k++] = (char)('0' + v % 10);
    v /= 10;
  }
  for (i = 0; i < k / 2; i++) {
    tmp = d[i];
    d[i] = d[k - 1 - i];
    d[k - 1 - i] = tmp;
  }
  d[k] = '\0';
  say_cardinal(z, d, k, 0);
}

/* Read a run of 1..n digits at i into *v; returns its length (0: none). */
static size_t digits_value(const struct nz *z, size_t i, size_t max_len,
                           long *v) {
  size_t k = 0;
  *v = 0;
  while (dig(z, i + k) >= 0) {
    if (k < 9)
      *v = *v * 10 + dig(z, i + k);
    k++;
  }
  return k <= max_len ? k : 0;
}

/* ----------------------------------------------------------- contexts */

/* Longest unit written at i (after one space for the spaced ones), the
 * unit ending before a Latin letter or digit.  `after_latin`: the number
 * follows a Latin word (iPhone 5s), so one-letter units are not units. */
static const struct unit *unit_at(const struct nz *z, size_t i, int after_latin,
                                  size_t *end) {
  const struct unit *best = NULL;
  size_t best_len = 0;
  size_t best_end = i;
  size_t u;
  int spaced;
  for (spaced = 0; spaced <= 1; spaced++) {
    size_t j = i;
    if (spaced) {
      if (at(z, i) != ' ')
        break;
      j = i + 1;
    }
    for (u = 0; u < sizeof UNITS / sizeof UNITS[0]; u++) {
      size_t k = match_at(z, j, UNITS[u].sym);
      if (k == 0 || k <= best_len || (spaced && !UNITS[u].spaced))
        continue;
      if (is_alnum(at(z, j + k)))
        continue;
      if (after_latin && k == 1 && is_ascii_letter(at(z, j)))
        continue;
      best = &UNITS[u];
      best_len = k;
      best_end = j + k;
    }
    if (best != NULL)
      break;
  }
  *end = best_end;
  return best;
}

/* A currency symbol or code before an amount at i; *end is where the
 * digits start (after one optional space). */
static const struct currency *currency_before(const struct nz *z, size_t i,
                                              size_t *end) {
  size_t u;
  for (u = 0; u < sizeof CURRENCIES / sizeof CURRENCIES[0]; u++) {
    size_t k = match_at(z, i, CURRENCIES[u].sym);
    size_t j;
    if (k == 0)
      continue;
    j = i + k;
    if (at(z, j) == ' ')
      j++;
    if (dig(z, j) < 0)
      continue;
    *end = j;
    return &CURRENCIES[u];
  }
  return NULL;
}

/* A currency code written after an amount (100 USD). */
static const struct currency *currency_after(const struct nz *z, size_t i,
                                             size_t *end) {
  size_t u;
  size_t j = at(z, i) == ' ' ? i + 1 : i;
  for (u = 0; u < sizeof CURRENCIES / sizeof CURRENCIES[0]; u++) {
    size_t k;
    if (!CURRENCIES[u].code)
      continue;
    k = match_at(z, j, CURRENCIES[u].sym);
    if (k == 0 || is_alnum(at(z, j + k)))
      continue;
    *end = j + k;
    return &CURRENCIES[u];
  }
  return NULL;
}

/* True if a classifier follows i (spaces skipped): 2 is then 兩. */
static int classifier_at(const struct nz *z, size_t i) {
  unsigned long c;
  i = skip_spaces(z, i);
  c = at(z, i);
  if (c == 0 || !ldu_utf8_in_set(CLASSIFIERS, c))
    return 0;
  /* 二年級: a school year is a rank, not a count */
  if ((c == 0x5E74 /* 年 */) &&
      (at(z, i + 1) == 0x7D1A || at(z, i + 1) == 0x7EA7))
    return 0;
  return 1;
}

static int is_range_sep(unsigned long c) {
  return c == '-' || c == 0x2013 || c == 0x2014 || c == '~' || c == 0x301C ||
         c == 0x2192;
}

/* A range separator at i followed by a number (or a currency symbol and
 * a number); returns where that starts, 0 if none.  – and — may have
 * spaces around them. */
static size_t range_next(const struct nz *z, size_t i) {
  size_t j = i;
  size_t k;
  unsigned long c;
  if (at(z, j) == ' ')
    j++;
  c = at(z, j);
  if (!is_range_sep(c))
    return 0;
  if (j > i && (c == '-' || c == '~'))
    return 0; /* "5 - 3" is left alone */
  j++;
  if (at(z, j) == ' ')
    j++;
  if (dig(z, j) >= 0)
    return j;
  if (currency_before(z, j, &k) != NULL)
    return j;
  return 0;
}

/* ------------------------------------------------------- number forms */

/* 1️⃣ -> 一 */
static size_t try_keycap(struct nz *z, size_t i) {
  int v = dig(z, i);
  size_t j = i + 1;
  if (v < 0)
    return 0;
  if (at(z, j) == 0xFE0F)
    j++;
  if (at(z, j) != 0x20E3)
    return 0;
  put(z, DIGIT[v]);
  return j + 1;
}

/* 2025-03-05, 2025/3/5, 2025.3.5, 2025-03 -> 二〇二五年三月五日 */
static size_t try_date(struct nz *z, size_t i) {
  long y;
  long mo;
  long d = 0;
  size_t ly = digits_value(z, i, 4, &y);
  size_t lm;
  size_t ld = 0;
  size_t j;
  unsigned long sep;
  struct num ym;
  if (ly != 4 || y < 1000)
    return 0;
  sep = at(z, i + 4);
  if (sep != '-' && sep != '/' && sep != '.')
    return 0;
  j = i + 5;
  lm = digits_value(z, j, 2, &mo);
  if (lm == 0 || mo < 1 || mo > 12)
    return 0;
  j += lm;
  if (at(z, j) == sep && dig(z, j + 1) >= 0) {
    ld = digits_value(z, j + 1, 2, &d);
    if (ld == 0 || d < 1 || d > 31)
      return 0;
    j += 1 + ld;
  } else {
    /* year and month only: 2025-03, 2025/3; never 2025.03 (a decimal) */
    if (sep == '.' || (sep == '-' && lm != 2) || y < 1800 || y > 2199)
      return 0;
  }
  if (dig(z, j) >= 0 || is_letter(at(z, j)) ||
      ((at(z, j) == sep || at(z, j) == '.') && dig(z, j + 1) >= 0))
    return 0;
  scan_num(z, i, &ym);
  say_year(z, &ym);
  put(z, "年");
  say_long(z, mo);
  put(z, "月");
  if (ld > 0) {
    say_long(z, d);
    put(z, "日");
  }
  return j;
}

/* 14:30 -> 十四點三十分, 9:05:07 -> 九點零五分七秒, 3:2 -> 三比二 */
static size_t try_time(struct nz *z, size_t i) {
  long h;
  long mi;
  long s = 0;
  size_t lh = digits_value(z, i, 2, &h);
  size_t lm;
  size_t j;
  int has_s = 0;
  if (lh == 0 || at(z, i + lh) != ':' || dig(z, i + lh + 1) < 0)
    return 0;
  j = i + lh + 1;
  lm = digits_value(z, j, 3, &mi);
  if (lm == 2 && h <= 24 && mi <= 59) {
    j += 2;
    if (at(z, j) == ':' && digits_value(z, j + 1, 2, &s) == 2 && s <= 59) {
      has_s = 1;
      j += 3;
    }
    if (dig(z, j) >= 0 || (at(z, j) == ':' && dig(z, j + 1) >= 0))
      return 0;
    say_clock(z, h, 1);
    put2(z, "點", "点");
    if (mi != 0 || (has_s && s != 0)) {
      say_clock(z, mi, 0);
      put2(z, "分", "分");
    }
    if (has_s && s != 0) {
      say_clock(z, s, 0);
      put(z, "秒");
    }
    return j;
  }
  /* a score or ratio: short numbers on both sides */
  if (lm == 0 || lm > 3 || dig(z, j + lm) >= 0 || at(z, j + lm) == ':')
    return 0;
  say_long(z, h);
  put(z, "比");
  say_long(z, mi);
  return j + lm;
}

static int phone_word_before(const struct nz *z, size_t i) {
  size_t k;
  size_t steps = 0;
  /* skip a little glue: spaces, colons, 為/是, an opening bracket */
  while (i > 0 && steps < 4) {
    unsigned long c = at(z, i - 1);
    if (c == ' ' || c == ':' || c == 0x70BA || c == 0x4E3A || c == 0x662F ||
        c == '(') {
      i--;
      steps++;
      continue;
    }
    break;
  }
  for (k = 0; k < sizeof PHONE_WORDS / sizeof PHONE_WORDS[0]; k++)
    if (ends_with(z, i, PHONE_WORDS[k]))
      return 1;
  return 0;
}

/* Phone numbers, digit by digit: 119 after 撥打, 138-1234-5678,
 * 02-2345-6789, 13812345678, +86 138 1234 5678. */
static size_t try_phone(struct nz *z, size_t i, int forced) {
  size_t j = i;
  size_t groups = 0;
  size_t total = 0;
  size_t first_len = 0;
  unsigned long sep = 0;
  int phone = 0;
  int f = dig(z, i);
  size_t k;
  for (;;) {
    size_t len = 0;
    while (dig(z, j + len) >= 0)
      len++;
    if (groups == 0)
      first_len = len;
    total += len;
    groups++;
    j += len;
    if ((at(z, j) == '-' || at(z, j) == ' ') && dig(z, j + 1) >= 0 &&
        (sep == 0 || sep == at(z, j)) && groups < 6) {
      sep = at(z, j);
      j++;
      continue;
    }
    break;
  }
  if (is_letter(at(z, j)) || (at(z, j) == '.' && dig(z, j + 1) >= 0))
    return 0;
  if ((forced || phone_word_before(z, i)) && total >= 3)
    phone = 1;
  else if (groups == 1 && f == 0 && first_len >= 7)
    phone = 1;
  else if (total == 11 && f == 1 && dig(z, i + 1) >= 3 &&
           (groups == 1 || first_len == 3))
    phone = 1;
  else if (groups >= 2 && f == 0 && first_len <= 4 && total >= 7)
    phone = 1;
  else if (groups >= 3 && sep == '-' && total >= 7)
    phone = 1;
  if (!phone)
    return 0;
  for (k = i; k < j; k++) {
    int v = dig(z, k);
    if (v < 0)
      put(z, " ");
    else if (v == 1)
      put2(z, "一", "幺");
    else
      put(z, DIGIT[v]);
  }
  return j;
}

/* 1/3 -> 三分之一 */
static size_t try_fraction(struct nz *z, size_t i) {
  long a;
  long b;
  size_t la = digits_value(z, i, 6, &a);
  size_t lb;
  size_t j;
  if (la == 0 || at(z, i + la) != '/')
    return 0;
  if (i > 0 && (at(z, i - 1) == '/' || at(z, i - 1) == '.'))
    return 0;
  j = i + la + 1;
  lb = digits_value(z, j, 6, &b);
  if (lb == 0 || b == 0)
    return 0;
  j += lb;
  if (dig(z, j) >= 0 || (at(z, j) == '/' && dig(z, j + 1) >= 0) ||
      (at(z, j) == '.' && dig(z, j + 1) >= 0) || is_letter(at(z, j)))
    return 0;
  say_long(z, b);
  put(z, "分之");
  say_long(z, a);
  return j;
}

/* 5.17.3 -> 五點一七點三; four groups or more (an IP address) digit by
 * digit: 一九二點一六八點零點一 */
static size_t say_dotted(struct nz *z, const struct num *m) {
  size_t groups = 1;
  size_t j = m->ie;
  while (at(z, j) == '.' && dig(z, j + 1) >= 0) {
    j++;
    while (dig(z, j) >= 0)
      j++;
    groups++;
  }
  if (groups >= 4)
    say_digits_at(z, m->b, m->ie, "零");
  else
    say_num(z, m, 0);
  j = m->ie;
  if (groups < 4 && has_frac(m))
    j = m->fe;
  while (at(z, j) == '.' && dig(z, j + 1) >= 0) {
    size_t b = ++j;
    while (dig(z, j) >= 0)
      j++;
    put2(z, "點", "点");
    say_digits_at(z, b, j, "零");
  }
  return j;
}

/* Amount after a currency: 10,000, 1.5K, 2.3 billion, 1.5萬. */
struct amount {
  struct num m;
  int scale;     /* power of ten written as K, M, B, million ... */
  size_t hb, he; /* Han magnitude characters to copy (萬, 百萬) */
  size_t e;
};

static size_t scan_amount(const struct nz *z, size_t i, struct amount *a) {
  size_t j = scan_num(z, i, &a->m);
  size_t k;
  a->scale = 0;
  a->hb = a->he = j;
  if ((at(z, j) == 'K' || at(z, j) == 'k') && !is_alnum(at(z, j + 1))) {
    a->scale = 3;
    j++;
  } else if (at(z, j) == 'M' && !is_alnum(at(z, j + 1))) {
    a->scale = 6;
    j++;
  } else if (at(z, j) == 'B' && !is_alnum(at(z, j + 1))) {
    a->scale = 9;
    j++;
  } else if ((k = match_at(z, skip_spaces(z, j), "million")) > 0 &&
             !is_alnum(at(z, skip_spaces(z, j) + k))) {
    a->scale = 6;
    j = skip_spaces(z, j) + k;
  } else if ((k = match_at(z, skip_spaces(z, j), "billion")) > 0 &&
             !is_alnum(at(z, skip_spaces(z, j) + k))) {
    a->scale = 9;
    j = skip_spaces(z, j) + k;
  } else {
    while (j - a->hb < 2 && ldu_utf8_in_set("萬万億亿千百", at(z, j)))
      j++;
    a->he = j;
  }
  a->e = j;
  return j;
}

static void say_amount(struct nz *z, const struct amount *a) {
  if (a->scale > 0 && a->m.nd + (size_t)a->scale <= NUM_MAX) {
    /* move the decimal point: 1.5K -> 1500 */
    char d[NUM_MAX + 1];
    size_t nd = a->m.nd;
    size_t fi = a->m.fb;
    int s;
    memcpy(d, a->m.d, nd);
    for (s = 0; s < a->scale; s++) {
      int v = fi < a->m.fe ? dig(z, fi) : 0;
      if (fi < a->m.fe)
        fi++;
      d[nd++] = (char)('0' + v);
    }
    d[nd] = '\0';
    say_cardinal(z, d, nd, 1);
    if (fi < a->m.fe) {
      put2(z, "點", "点");
      say_digits_at(z, fi, a->m.fe, "零");
    }
    return;
  }
  if (!has_frac(&a->m) && a->m.nd == 1 && a->m.d[0] == '2')
    put2(z, "兩", "两");
  else
    say_num(z, &a->m, 1);
  put_range(z, a->hb, a->he);
}

/* A round amount takes 多 right after it (一萬多), another one 以上 at
 * the end (五美元以上). */
static int is_round(const struct amount *a) {
  if (a->scale > 0 || a->he > a->hb)
    return 1;
  return !has_frac(&a->m) && a->m.nd >= 2 && a->m.nd <= NUM_MAX &&
         a->m.d[a->m.nd - 1] == '0';
}

/* $10,000+ -> 一萬多美元, NT$500 -> 新臺幣五百元, $3-5 -> 三到五美元 */
static size_t say_money(struct nz *z, const struct currency *cur, size_t i) {
  struct amount a1;
  struct amount a2;
  size_t j = scan_amount(z, i, &a1);
  size_t k;
  int range = 0;
  int plus = 0;
  k = range_next(z, j);
  if (k > 0) {
    size_t d;
    if (currency_before(z, k, &d) != NULL)
      k = d;
    j = scan_amount(z, k, &a2);
    range = 1;
  }
  if (at(z, j) == '+' && dig(z, j + 1) < 0) {
    plus = 1;
    j++;
  }
  if (cur->pre_trad != NULL)
    put2(z, cur->pre_trad, cur->pre_simp);
  say_amount(z, &a1);
  if (range) {
    put(z, "到");
    say_amount(z, &a2);
  }
  if (plus && is_round(range ? &a2 : &a1))
    put(z, "多");
  /* ￥3000元, $100美元: the text names the currency already */
  if (!ldu_utf8_in_set("元塊块圓圆", at(z, skip_spaces(z, j))) &&
      match_at(z, skip_spaces(z, j), z->simp ? cur->suf_simp : cur->suf_trad) ==
          0)
    put2(z, cur->suf_trad, cur->suf_simp);
  if (plus && !is_round(range ? &a2 : &a1))
    put(z, "以上");
  return j;
}

/* What follows a number and changes how it is read. */
struct after {
  int percent;  /* % */
  int permille; /* ‰ */
  const struct unit *unit;
  const struct currency *cur;
  int year;    /* 年 follows */
  int liang;   /* a classifier or a measure follows: 2 is 兩 */
  int degrees; /* a temperature: a minus sign is 零下 */
  int plus;    /* + (more than): 1 before the unit, 2 after it */
  size_t e;    /* end of what was consumed */
};

static void look_after(const struct nz *z, const struct num *m, size_t i,
                       struct after *a) {
  size_t j = i;
  size_t k;
  unsigned long p = m->b > 0 ? at(z, m->b - 1) : 0;
  int after_latin = m->b >= 2 && p == ' ' && is_letter(at(z, m->b - 2));
  memset(a, 0, sizeof *a);
  if (at(z, j) == '%') {
    a->percent = 1;
    a->e = j + 1;
    return;
  }
  if (at(z, j) == 0x2030) {
    a->permille = 1;
    a->e = j + 1;
    return;
  }
  if (at(z, j) == '+' && dig(z, j + 1) < 0 && !is_letter(at(z, j + 1))) {
    a->plus = 1;
    j++;
  }
  a->unit = unit_at(z, j, after_latin, &k);
  if (a->unit != NULL) {
    a->liang = 1;
    a->degrees = a->unit->pre_trad != NULL || strcmp(a->unit->sym, "°") == 0;
    if (!a->plus && at(z, k) == '+' && dig(z, k + 1) < 0 &&
        !is_letter(at(z, k + 1))) {
      a->plus = 2; /* 10w+: after the unit */
      k++;
    }
    a->e = k;
    return;
  }
  a->cur = currency_after(z, j, &k);
  if (a->cur != NULL) {
    a->liang = 1;
    a->e = k;
    return;
  }
  a->e = j;
  k = skip_spaces(z, j);
  a->year = at(z, k) == 0x5E74; /* 年 */
  a->liang = classifier_at(z, j);
  a->degrees = at(z, k) == 0x5EA6; /* 度 */
}

enum { FORCE_YEAR = 1, ORDINAL = 2, NEGATIVE = 4 };

static int plain_year(const struct num *m) {
  return !m->grouped && !has_frac(m) && m->nd >= 3 && m->nd <= 4 &&
         m->d[0] != '0';
}

/* The number itself, with what follows it: 50% -> 百分之五十, 2個 -> 兩個,
 * 2025年 -> 二〇二五年, 5km -> 五公里, -5°C -> 攝氏零下五度. */
static void say_with(struct nz *z, const struct num *m, const struct after *a,
                     int flags) {
  int year = plain_year(m) && (a->year || (flags & FORCE_YEAR));
  int liang = !(flags & ORDINAL);
  if (a->percent)
    put(z, "百分之");
  else if (a->permille)
    put(z, "千分之");
  else if (a->unit != NULL && a->unit->pre_trad != NULL)
    put2(z, a->unit->pre_trad, a->unit->pre_simp);
  if (a->cur != NULL && a->cur->pre_trad != NULL)
    put2(z, a->cur->pre_trad, a->cur->pre_simp);
  if (flags & NEGATIVE) {
    if (a->degrees)
      put(z, "零下");
    else
      put2(z, "負", "负");
  }
  if (year)
    say_year(z, m);
  else if (liang && a->liang && !a->percent && !a->permille && !has_frac(m) &&
           m->nd == 1 && m->d[0] == '2')
    put2(z, "兩", "两");
  else
    say_num(z, m, liang);
}

/* What comes after the digits: 多, the unit, the currency, 以上.
 * Returns the end of what was read (5+年 -> 五年以上 takes the 年). */
static size_t say_tail(struct nz *z, const struct num *m,
                       const struct after *a) {
  struct amount am;
  int round;
  size_t e = a->e;
  memset(&am, 0, sizeof am);
  am.m = *m;
  round = is_round(&am);
  if (a->plus == 1 && round)
    put(z, "多");
  if (a->unit != NULL) {
    if (a->unit->trad == NULL)
      put_range(z, skip_spaces(z, m->e + (a->plus == 1)),
                a->e - (a->plus == 2));
    else
      put2(z, a->unit->trad, a->unit->simp);
  }
  if (a->plus == 2 && round)
    put(z, "多");
  if (a->cur != NULL)
    put2(z, a->cur->suf_trad, a->cur->suf_simp);
  if (a->plus && !round) {
    if (a->unit == NULL && a->cur == NULL && classifier_at(z, e)) {
      e = skip_spaces(z, e);
      put_cp(z, z->c[e]);
      e++;
    }
    put(z, "以上");
  }
  return e;
}

/* A number at i that none of the special forms took.  Returns the end. */
static size_t say_generic(struct nz *z, size_t i, int flags) {
  struct num m1;
  struct num m2;
  struct after a1;
  struct after a2;
  size_t k;
  size_t e = scan_num(z, i, &m1);
  if (has_frac(&m1) && at(z, e) == '.' && dig(z, e + 1) >= 0)
    return say_dotted(z, &m1);
  if (!m1.grouped && !has_frac(&m1) && m1.nd >= 2 && m1.d[0] == '0') {
    say_digits_at(z, m1.b, m1.ie, "零"); /* 007 */
    return e;
  }
  look_after(z, &m1, e, &a1);
  k = range_next(z, a1.e);
  if (k > 0 && dig(z, k) >= 0 && !a1.plus) {
    size_t e2 = scan_num(z, k, &m2);
    int both_years;
    look_after(z, &m2, e2, &a2);
    both_years =
        plain_year(&m1) && plain_year(&m2) && m1.nd == 4 && m2.nd == 4 &&
        (a2.year ||
         (!ldu_is_han(at(z, skip_spaces(z, e2))) && small_value(&m1) >= 1500 &&
          small_value(&m2) <= 2199 && small_value(&m2) > small_value(&m1)));
    if (a1.unit == NULL && a1.cur == NULL && !a1.percent && !a1.permille) {
      /* 3-5天: the first number is read like the second (兩到三個) */
      struct after ctx = a2;
      ctx.plus = 0;
      if (ctx.unit != NULL && ctx.unit->pre_trad == NULL)
        ctx.unit = NULL;
      if (ctx.cur != NULL)
        ctx.cur = NULL;
      say_with(z, &m1, &ctx, flags | (both_years ? FORCE_YEAR : 0));
    } else {
      say_with(z, &m1, &a1, flags);
      say_tail(z, &m1, &a1);
    }
    put(z, "到");
    if (a1.unit == NULL && a2.unit != NULL && a2.unit->pre_trad != NULL) {
      /* -5~10°C: 攝氏零下五到十度, 攝氏 said once */
      struct unit plain = *a2.unit;
      plain.pre_trad = NULL;
      plain.pre_simp = NULL;
      a2.unit = &plain;
      say_with(z, &m2, &a2, both_years ? FORCE_YEAR : 0);
      return say_tail(z, &m2, &a2);
    }
    say_with(z, &m2, &a2, both_years ? FORCE_YEAR : 0);
    return say_tail(z, &m2, &a2);
  }
  say_with(z, &m1, &a1, flags);
  return say_tail(z, &m1, &a1);
}

/* A number starting at i (a digit), with `flags` (ORDINAL, NEGATIVE). */
static size_t say_number(struct nz *z, size_t i, int flags) {
  size_t e;
  if ((e = try_keycap(z, i)) > 0)
    return e;
  if (!(flags & NEGATIVE)) {
    if ((e = try_date(z, i)) > 0)
      return e;
    if ((e = try_time(z, i)) > 0)
      return e;
    if ((e = try_phone(z, i, 0)) > 0)
      return e;
    if ((e = try_fraction(z, i)) > 0)
      return e;
  }
  return say_generic(z, i, flags);
}

/* ------------------------------------------------- Latin, URL, e-mail */

static int starts_with_ci(const struct nz *z, size_t i, const char *p) {
  size_t k;
  for (k = 0; p[k] != '\0'; k++) {
    unsigned long c = at(z, i + k);
    if (c >= 'A' && c <= 'Z')
      c = c - 'A' + 'a';
    if (c != (unsigned char)p[k])
      return 0;
  }
  return 1;
}

static int url_char(unsigned long c) {
  return c > ' ' && c < 0x80 && c != '"' && c != '<' && c != '>';
}

/* End of a URL starting at i (no trailing punctuation). */
static size_t url_end(const struct nz *z, size_t i) {
  size_t j = i;
  while (j < z->n && url_char(z->c[j]))
    j++;
  while (j > i && strchr(".,;:!?)]'", (int)z->c[j - 1]) != NULL)
    j--;
  return j;
}

static int host_char(unsigned long c) {
  return (c < 0x80 && is_alnum(c)) || c == '-' || c == '.';
}

/* A short path after a URL's host is said too, so nothing a listener may
 * need is lost: at most URL_PATH_SEGMENTS segments, each a plain word (the
 * English voice reads it) or a number (read as a cardinal).  Anything
 * longer or stranger (queries, ids, file names) is left out. */
#define URL_PATH_SEGMENTS 3
#define URL_WORD_MAX 20
#define URL_NUMBER_MAX 9
static void say_url_path(struct nz *z, size_t b, size_t e) {
  size_t seg[URL_PATH_SEGMENTS][2];
  size_t n = 0;
  size_t i = b;
  size_t k;
  char digits[URL_NUMBER_MAX];
  while (i < e) {
    size_t s;
    int letters = 0;
    int nums = 0;
    if (z->c[i] != '/')
      return;
    i++;
    s = i;
    while (i < e && z->c[i] != '/') {
      if (is_ascii_letter(z->c[i]))
        letters++;
      else if (z->c[i] >= '0' && z->c[i] <= '9')
        nums++;
      else if (z->c[i] != '-' && z->c[i] != '_')
        return;
      i++;
    }
    if (i == s)
      continue; /* a trailing or doubled slash */
    if ((letters && nums) || (letters && i - s > URL_WORD_MAX) ||
        (nums && i - s > URL_NUMBER_MAX) || n == URL_PATH_SEGMENTS)
      return;
    seg[n][0] = s;
    seg[n][1] = i;
    n++;
  }
  for (k = 0; k < n; k++) {
    size_t j;
    size_t nd = 0;
    if (!is_ascii_letter(z->c[seg[k][0]])) {
      /* digits, possibly with '-' or '_' ("2025-01", "-x"): each run of
       * digits is a number, the rest as in a word (fuzz_normalize) */
      put(z, " ");
      for (j = seg[k][0]; j <= seg[k][1]; j++) {
        if (j < seg[k][1] && z->c[j] >= '0' && z->c[j] <= '9' &&
            nd < sizeof digits) {
          digits[nd++] = (char)z->c[j];
          continue;
        }
        if (nd > 0)
          say_cardinal(z, digits, nd, 0);
        nd = 0;
        if (j < seg[k][1])
          put_cp(z, is_ascii_letter(z->c[j]) ? z->c[j] : ' ');
      }
      continue;
    }
    put(z, " ");
    for (j = seg[k][0]; j < seg[k][1]; j++)
      put_cp(z, z->c[j] == '-' || z->c[j] == '_' ? ' ' : z->c[j]);
  }
}

/* A URL at i: http://, https://, www., or host.tld/path.  The host name
 * is said (www. dropped); the rest is not.  Returns the end or 0. */
static size_t try_url(struct nz *z, size_t i) {
  size_t h = i;
  size_t he;
  size_t e;
  int dot = 0;
  if (starts_with_ci(z, i, "http://"))
    h = i + 7;
  else if (starts_with_ci(z, i, "https://"))
    h = i + 8;
  if (starts_with_ci(z, h, "www."))
    h += 4;
  else if (h == i) {
    /* host.tld/path without a scheme */
    size_t tld = 0;
    he = i;
    while (he < z->n && he - i < HOST_MAX && host_char(z->c[he])) {
      if (z->c[he] == '.') {
        dot = 1;
        tld = 0;
      } else if (is_ascii_letter(z->c[he])) {
        tld++;
      } else {
        tld = 0;
      }
      he++;
    }
    if (!dot || tld < 2 || at(z, he) != '/' || !url_char(at(z, he + 1)))
      return 0;
  }
  he = h;
  while (he < z->n && host_char(z->c[he]))
    he++;
  e = url_end(z, i);
  if (e < he)
    he = e;
  while (he > h && z->c[he - 1] == '.')
    he--;
  put_range(z, h, he);
  say_url_path(z, he, e);
  return e > he ? e : he;
}

/* An e-mail address at i is kept whole: the English voice reads it
 * ("name at example dot com").  Returns the end or 0. */
static size_t try_email(struct nz *z, size_t i) {
  size_t j = i;
  size_t d;
  int dot = 0;
  while (j < z->n && j - i < LOCAL_MAX && z->c[j] < 0x80 &&
         (is_alnum(z->c[j]) || strchr("._%+-", (int)z->c[j]) != NULL))
    j++;
  if (j == i || at(z, j) != '@')
    return 0;
  d = ++j;
  while (j < z->n && j - d < HOST_MAX && host_char(z->c[j])) {
    if (z->c[j] == '.' && j > d)
      dot = 1;
    j++;
  }
  while (j > d && z->c[j - 1] == '.')
    j--;
  if (!dot)
    return 0;
  if (dig(z, i) >= 0) {
    /* 12345@qq.com: the number digit by digit, then "at qq.com" for the
     * English voice (a Latin run cannot start with digits) */
    size_t k;
    int all = 1;
    for (k = i; k < d - 1; k++)
      if (dig(z, k) < 0)
        all = 0;
    if (all) {
      for (k = i; k < d - 1; k++)
        put(z, dig(z, k) == 1 ? (z->simp ? "幺" : "一") : DIGIT[dig(z, k)]);
      put(z, " at ");
      put_range(z, d, j);
      return j;
    }
  }
  put_range(z, i, j);
  return j;
}

/* A Latin token: letters, then letters and digits, joined by - . ' + _
 * (GPT-2, DeepSeek-R1, o1, Llama-3.1-70B).  Copied as written. */
static size_t latin_token(struct nz *z, size_t i) {
  size_t j = i;
  for (;;) {
    while (j < z->n && is_alnum(narrow(z->c[j])))
      j++;
    if (j + 1 < z->n && at(z, j) != 0 && at(z, j) < 0x80 &&
        strchr("-.'+_", (int)at(z, j)) != NULL && is_alnum(at(z, j + 1)))
      j++;
    else if (j + 1 < z->n && at(z, j) == 0x2019 && is_alnum(at(z, j + 1)))
      j++;
    else
      break;
  }
  put_range(z, i, j);
  return j;
}

/* ------------------------------------------------------------- driver */

static int joins_han(unsigned long c) {
  return ldu_is_han(c) || is_cjk_punct(c) || (c >= '0' && c <= '9') ||
         c == '%' || c == 0x2030;
}

/* The last code point written, 0 if none. */
static unsigned long last_out(const struct nz *z) {
  size_t i = z->out->len;
  size_t len;
  if (i == 0)
    return 0;
  while (i > 0 && ((unsigned char)z->out->data[i - 1] & 0xC0) == 0x80)
    i--;
  if (i > 0)
    i--;
  return ldu_utf8_decode(z->out->data + i, z->out->len - i, &len);
}

static int is_arrow(unsigned long c) {
  return c == 0x2192 || c == 0x21D2 || c == 0x27A1 || c == 0x2794 ||
         c == 0x279C || c == 0x27F6;
}

/* One step of the scanner at i; returns where the next step starts. */
static size_t step(struct nz *z, size_t i) {
  size_t e;
  unsigned long c = at(z, i);
  unsigned long p = i > 0 ? at(z, i - 1) : 0;
  const struct currency *cur;
  size_t k;
  /* e-mail and URLs before anything else */
  if (c < 0x80 && is_alnum(c) && !(p < 0x80 && (is_alnum(p) || p == '.'))) {
    if ((e = try_email(z, i)) > 0 || (e = try_url(z, i)) > 0)
      return e;
  }
  /* money: $10,000, NT$500, USD 100, ¥3000 */
  if (!is_alnum(p) &&
      (c == '$' || c == 0xA5 || c == 0x20AC || c == 0xA3 || c == 0x20A9 ||
       (c >= 'A' && c <= 'Z')) &&
      (cur = currency_before(z, i, &k)) != NULL) {
    z->num_end = say_money(z, cur, k);
    return z->num_end;
  }
  if (is_letter(c)) {
    /* 3x4: a multiplication sign between digits */
    if ((c == 'x' || c == 'X') && dig(z, i + 1) >= 0 && p >= '0' && p <= '9') {
      put(z, "乘");
      return i + 1;
    }
    return latin_token(z, i);
  }
  if (dig(z, i) >= 0) {
    int flags = prev_cp(z, i) == 0x7B2C /* 第 */ ? ORDINAL : 0;
    e = say_number(z, i, flags);
    z->num_end = e;
    /* 14:00-16:00, 3km-5km: a range after a number that took its own
     * ending */
    if ((k = range_next(z, e)) > 0 && dig(z, k) >= 0) {
      put(z, "到");
      e = k;
    }
    return e;
  }
  /* a minus sign: -5度 -> 零下五度, -3 -> 負三 */
  if (c == '-' && dig(z, i + 1) >= 0 && !is_alnum(p) && p != ')' &&
      !(ldu_is_han(p) && i >= 2 && dig(z, i - 2) >= 0)) {
    z->num_end = say_generic(z, i + 1, NEGATIVE);
    return z->num_end;
  }
  /* 5日-7日, 3天–5天: a range between two counted things */
  if (is_range_sep(c) && c != 0x2192 && dig(z, i + 1) >= 0 && ldu_is_han(p) &&
      i >= 2 && dig(z, i - 2) >= 0) {
    put(z, "到");
    return i + 1;
  }
  /* #1 -> 第一 */
  if (c == '#' && dig(z, i + 1) >= 0 && !is_alnum(p)) {
    put(z, "第");
    return say_number(z, i + 1, ORDINAL);
  }
  /* +86 138 ... -> 加八六 幺三八 ... */
  if (c == '+' && dig(z, i + 1) >= 0 && !is_alnum(p)) {
    size_t len = 0;
    while (dig(z, i + 1 + len) >= 0)
      len++;
    if (len <= 3 && (at(z, i + 1 + len) == ' ' || at(z, i + 1 + len) == '-') &&
        dig(z, i + 2 + len) >= 0) {
      put(z, "加");
      e = try_phone(z, i + 1, 1);
      return e > 0 ? e : say_number(z, i + 1, 0);
    }
    return i + 1; /* +5%: the sign is not said */
  }
  /* 1+1 -> 一加一, 3×4, 6÷2, 1=1 */
  if ((c == '+' || c == 0xD7 || c == '*' || c == 0xF7 || c == '=') &&
      p >= '0' && p <= '9' && dig(z, skip_spaces(z, i + 1)) >= 0) {
    if (c == '+')
      put(z, "加");
    else if (c == 0xF7)
      put(z, "除以");
    else if (c == '=')
      put2(z, "等於", "等于");
    else
      put(z, "乘");
    return i + 1;
  }
  if (c == 0xB1 && dig(z, i + 1) >= 0) {
    put2(z, "正負", "正负");
    return i + 1;
  }
  /* ~5分鐘 -> 約五分鐘 */
  if ((c == '~' || c == 0x301C) && dig(z, skip_spaces(z, i + 1)) >= 0) {
    put2(z, "約", "约");
    return i + 1;
  }
  /* 研究&開發 -> 研究和開發; R&D stays for the English voice */
  if (c == '&' && ldu_is_han(prev_cp(z, i)) &&
      ldu_is_han(at(z, skip_spaces(z, i + 1)))) {
    put(z, "和");
    return skip_spaces(z, i + 1);
  }
  /* keycaps and emoji */
  if ((c == '#' || c == '*') &&
      (at(z, i + 1) == 0x20E3 ||
       (at(z, i + 1) == 0xFE0F && at(z, i + 2) == 0x20E3))) {
    if (c == '#')
      put2(z, "井號", "井号");
    else
      put2(z, "星號", "星号");
    return i + at(z, i + 1) == 0x20E3 ? 2 : 3;
  }
  if (c == 0x1F51F) {
    put(z, "十");
    return i + 1;
  }
  if (is_arrow(c)) {
    /* a step arrow is a pause */
    put(z, "，");
    e = i + 1;
    while (e < z->n && at(z, e) == 0xFE0F)
      e++;
    return skip_spaces(z, e);
  }
  if (ldu_is_emoji(c))
    return i + 1;
  /* a space between Chinese text and a number is not said; one
   * between two numbers is kept */
  if (c == ' ') {
    size_t j = skip_spaces(z, i);
    unsigned long nx = at(z, j);
    unsigned long lo = last_out(z);
    int left = joins_han(lo);
    int right = joins_han(nx) || currency_before(z, j, &k) != NULL;
    int num_left = i == z->num_end && i > 0;
    int num_right = dig(z, j) >= 0 || currency_before(z, j, &k) != NULL;
    if (left && right && !(num_left && num_right) && p != 0x20E3 && p != 0xFE0F)
      return j;
    put_range(z, i, j); /* the whole run at once: stays linear */
    return j;
  }
  put_cp(z, z->c[i]);
  return i + 1;
}

static void run(struct nz *z) {
  size_t i = 0;
  size_t e;
  while (i < z->n && z->st == LDU_OK) {
    e = step(z, i);
    if (e <= i) {
      /* nothing was read: copy the code point (never loop) */
      put_cp(z, z->c[i]);
      e = i + 1;
    }
    i = e;
  }
}

enum ldu_status ldu_normalize_zh(const char *sentence, int simplified,
                                 struct ldu_buf *out) {
  size_t n = strlen(sentence);
  size_t i = 0;
  size_t k = 0;
  size_t len;
  unsigned long *cps = NULL;
  struct nz z;
  enum ldu_status st = LDU_OK;
  if (n >= ((size_t)-1) / sizeof *cps) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  cps = malloc((n + 1) * sizeof *cps);
  if (cps == NULL) {
    st = LDU_ERR_NOMEM;
    goto out;
  }
  while (i < n) {
    cps[k++] = ldu_utf8_decode(sentence + i, n - i, &len);
    i += len;
  }
  z.c = cps;
  z.n = k;
  z.simp = simplified != 0;
  z.out = out;
  z.st = LDU_OK;
  z.num_end = 0;
  run(&z);
  st = z.st;
out:
  free(cps);
  return st;
}

int ldu_normalize_guess_simplified(const char *sentence, int fallback) {
  unsigned long tset[sizeof TRAD_ONLY / 3 + 1];
  unsigned long sset[sizeof SIMP_ONLY / 3 + 1];
  size_t nt = ldu_utf8_decode_all(TRAD_ONLY, tset, sizeof tset / sizeof tset[0]);
  size_t ns = ldu_utf8_decode_all(SIMP_ONLY, sset, sizeof sset / sizeof sset[0]);
  size_t n = strlen(sentence);
  size_t i = 0;
  size_t k;
  size_t len;
  long trad = 0;
  long simp = 0;
  while (i < n) {
    unsigned long c = ldu_utf8_decode(sentence + i, n - i, &len);
    if (c >= 0x4E00 && c <= 0x9FFF) {
      for (k = 0; k < nt; k++)
        if (tset[k] == c)
          trad++;
      for (k = 0; k < ns; k++)
        if (sset[k] == c)
          simp++;
    }
    i += len;
  }
  if (simp > trad)
    return 1;
  if (trad > simp)
    return 0;
  return fallback;
}
