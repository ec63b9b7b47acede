#include "reading.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Longest Han stretch read at once; a longer one is cut (sentences are
 * far shorter). */
#define STRETCH_MAX 4096

/* One Han character of a stretch and its reading. */
struct syl {
  unsigned long cp;
  size_t off;         /* byte offset in the text */
  size_t len;         /* bytes */
  char py[8];         /* "hang2"; "" = not in the lexicon: say the char */
  unsigned char wlen; /* characters in its word */
  unsigned char pos;  /* its index in the word */
  unsigned char free; /* 2 particle, 1 often stands alone, 0 bound */
};

/* Best cut of the first i characters (segmentation DP). */
struct cut {
  size_t cost;
  size_t last; /* characters in the last word */
};

/* Segmentation costs: a word costs WORD; a one-character word costs
 * nothing more when it is a particle (PARTICLES), FREE more when it is a
 * character that often stands alone (FREE_CHARS), BOUND more otherwise
 * (研究|生命 over 研究生|命, 類似|的 over 類|似的, 得到|了 over 得|到了).
 * A word that takes a particle away from where it usually stands -- 的
 * read di after its first character (目的, 標的, 中的), 地 read di4 as its
 * first character (地面) unless a particle comes before it (繞著|地球),
 * 了 read liao3 closing two characters (到了) -- costs PARTICLE more:
 * the word then wins only when the particle's neighbour could not stand
 * alone (他的目的, 這個地方; but 空間|中|的, 游標|的, 認真|地|面對). */
#define COST_WORD 4
#define COST_FREE 1
#define COST_BOUND 2
#define COST_PARTICLE 6

/* A demonstrative or numeral with its measure word (這種, 那個, 一種, 每隻)
 * is one unit in speech: such a lexicon word costs nothing, so 這種|花
 * wins over 這|種花 and 這|個人 loses to 這個|人. */
static const char DETERMINERS[] = "這这那哪每各某一兩两幾几";
static const char MEASURES[] =
    "種种個个隻只條条張张本件位次些樣样塊块把支枝台部首篇場场份層层片段句"
    "道點点封輛辆間间座棵顆颗頭头匹雙双套批群類类項项";

static const char PARTICLES[] = "的了着著過过們们吗嗎呢吧啊呀嘛啦";

/* Characters that commonly stand alone as a word: particles, pronouns,
 * prepositions, conjunctions, adverbs, numerals and measure words, and a
 * few verbs and locatives. */
static const char FREE_CHARS[] =
    "的了着著過过們们地得在是和與与也都就不把被給给從从對对很還还又再才"
    "這这那哪我你您他她它誰谁個个之而並并及或等以於于為为將将讓让向到說说"
    "有會会能要可嗎吗呢吧啊呀嘛中上下裡里裏內内後后前時时來来去一二三四五"
    "六七八九十百千萬万億亿兩两幾几多每各某此其所已最更太沒没只但若如因由"
    "自跟比用做看想使令種种次年月日天人大小新高好少些該该像當当"
    "則则即便卻却仍且至啦嗯呵唄呗麼么者處处成";

/* 為 after a verb of change, naming or judging is wei2 "to become, as"
 * (轉變為, 定義為, 記憶為); elsewhere alone it is wei4 "for" (我們為你). */
static const char BECOME_VERBS[] =
    "變变化轉转換换譯译釋释義义憶忆名定視视作改列分選选稱称評评譽誉奉推"
    "封任聘解讀读寫写認认設设歸归編编縮缩簡简擴扩組组結结併并融";

enum {
  CP_YI = 0x4E00,   /* 一 */
  CP_BU = 0x4E0D,   /* 不 */
  CP_DI = 0x5730,   /* 地 */
  CP_LE = 0x4E86,   /* 了 */
  CP_DE = 0x7684,   /* 的 */
  CP_GE_S = 0x4E2A, /* 个 */
  CP_GE_T = 0x500B, /* 個 */
  CP_DI4 = 0x7B2C,  /* 第 */
  CP_CHU = 0x521D,  /* 初 */
  CP_YUE = 0x6708   /* 月 */
};

/* Han numerals read digit by digit or as part of a number. */
static int is_numeral(unsigned long c) {
  static const unsigned long digits[] = {
      0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
      0x4E03, 0x516B, 0x4E5D, 0x5341, 0x4E24, 0x5169, 0x5E7A};
  size_t i;
  for (i = 0; i < sizeof digits / sizeof digits[0]; i++)
    if (c == digits[i])
      return 1;
  return 0;
}

/* 加 減/减 乘 除: 一 after them is an operand and keeps yi1 (一加一), as
 * does 一 before 等(於) (一等於一); before them it changes (一加 yi4). */
#define CP_DENG 0x7B49UL /* 等 */
static int is_arith(unsigned long c) {
  return c == 0x52A0 || c == 0x6E1B || c == 0x51CF || c == 0x4E58 ||
         c == 0x9664;
}

/* 百 千 萬/万 億/亿: a following one is still sandhi'd (一百 yi4 bai3). */
static int is_magnitude(unsigned long c) {
  return c == 0x767E || c == 0x5343 || c == 0x842C || c == 0x4E07 ||
         c == 0x5104 || c == 0x4EBF;
}

/* 幾/几 多 每 半 整: quantities before a measure word. */
static int is_quantity(unsigned long c) {
  return c == 0x5E7E || c == 0x51E0 || c == 0x591A || c == 0x6BCF ||
         c == 0x534A || c == 0x6574;
}

/* 點/点: 一點五 is a decimal. */
static int is_point(unsigned long c) { return c == 0x9EDE || c == 0x70B9; }

/* Extra cost of a lexicon word `py` of `k` characters starting at s.
 * `after_particle`: the character before s is a particle (著, 了, 的 ...),
 * after which 地 cannot be the particle de (繞著|地球, 他的|地位). */
static size_t word_penalty(const struct syl *s, size_t k, const char *py,
                           int after_particle) {
  size_t i;
  for (i = 0; i < k; i++) {
    const char *sp = strchr(py, ' ');
    size_t n = sp ? (size_t)(sp - py) : strlen(py);
    int de = n == 3 && py[0] == 'd' && py[1] == 'e';
    if (!de && ((s[i].cp == CP_DE && i > 0) ||
                (s[i].cp == CP_DI && i == 0 && !after_particle)))
      return COST_PARTICLE;
    if (s[i].cp == CP_LE && k == 2 && i == 1 && strncmp(py, "liao", 4) == 0)
      return COST_PARTICLE; /* 到了 liao3: mostly 到|了 */
    if (sp == NULL)
      break;
    py = sp + 1;
  }
  return 0;
}

static int tone_of(const struct syl *s) {
  size_t n = strlen(s->py);
  if (n == 0)
    return 0;
  return s->py[n - 1] - '0';
}

static void set_tone(struct syl *s, int tone) {
  size_t n = strlen(s->py);
  if (n > 0)
    s->py[n - 1] = (char)('0' + tone);
}

static void set_py(struct syl *s, const char *py, size_t n) {
  if (n >= sizeof s->py)
    n = sizeof s->py - 1;
  memcpy(s->py, py, n);
  s->py[n] = '\0';
}

/* Bytes of the characters [from, to) of the stretch. */
static const char *span(const char *text, const struct syl *s, size_t from,
                        size_t to, size_t *n) {
  *n = s[to - 1].off + s[to - 1].len - s[from].off;
  return text + s[from].off;
}

/* Step 1: cut the stretch into words (sets wlen and pos). */
static enum ldu_status segment(const struct ldu_lexicon *lex,
                               const char *text, struct syl *s, size_t n) {
  struct cut *best;
  size_t maxw = ldu_lexicon_max_chars(lex);
  size_t i;
  size_t k;
  if (maxw > LDU_LEXICON_MAX_CHARS)
    maxw = LDU_LEXICON_MAX_CHARS;
  if (maxw < 1)
    maxw = 1;
  best = malloc((n + 1) * sizeof *best);
  if (best == NULL)
    return LDU_ERR_NOMEM;
  for (i = 0; i < n; i++)
    s[i].free = ldu_utf8_in_set(PARTICLES, s[i].cp)    ? 2
                : ldu_utf8_in_set(FREE_CHARS, s[i].cp) ? 1
                                              : 0;
  best[0].cost = 0;
  best[0].last = 0;
  for (i = 1; i <= n; i++) {
    best[i].cost = (size_t)-1;
    for (k = 1; k <= maxw && k <= i; k++) {
      size_t j = i - k;
      size_t cost = best[j].cost + COST_WORD;
      if (k > 1) {
        size_t bytes;
        const char *w = span(text, s, j, i, &bytes);
        const char *py = ldu_lexicon_get(lex, w, bytes);
        if (py == NULL)
          continue;
        if (k == 2 && ldu_utf8_in_set(DETERMINERS, s[j].cp) &&
            ldu_utf8_in_set(MEASURES, s[j + 1].cp))
          cost -= COST_WORD;
        else
          cost += word_penalty(&s[j], k, py, j > 0 && s[j - 1].free == 2);
      } else if (s[j].free == 1) {
        cost += COST_FREE;
      } else if (s[j].free == 0) {
        cost += COST_BOUND;
      }
      /* cheapest; on a tie the longer last word (k grows) */
      if (cost <= best[i].cost) {
        best[i].cost = cost;
        best[i].last = k;
      }
    }
  }
  i = n;
  while (i > 0) {
    size_t w = best[i].last;
    for (k = 0; k < w; k++) {
      s[i - w + k].wlen = (unsigned char)w;
      s[i - w + k].pos = (unsigned char)k;
    }
    i -= w;
  }
  free(best);
  return LDU_OK;
}

/* Step 1, readings: each word's syllables from the lexicon. */
static void look_up(const struct ldu_lexicon *lex, const char *text,
                    struct syl *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t w = s[i].wlen;
    size_t bytes;
    size_t k;
    const char *word = span(text, s, i, i + w, &bytes);
    const char *py = ldu_lexicon_get(lex, word, bytes);
    for (k = 0; k < w; k++) {
      const char *sp;
      if (py == NULL) {
        s[i + k].py[0] = '\0';
        continue;
      }
      sp = strchr(py, ' ');
      set_py(&s[i + k], py, sp ? (size_t)(sp - py) : strlen(py));
      py = sp ? sp + 1 : NULL;
    }
    i += w;
  }
}

/* Words of degree before an adjective: 越來越多地, 很快地. */
static const char *const DEGREE_WORDS[] = {
    "很",   "更",   "最",   "太",   "極",   "极",   "越",   "越來越",
    "越来越", "非常", "十分", "特別", "特别", "比較", "比较", "相當",
    "相当", "如此", "這麼", "这么", "那麼", "那么", "多麼", "多么"};

/* True when the word that ends just before character i is one of
 * DEGREE_WORDS. */
static int word_in(const char *text, const struct syl *s, size_t start,
                   size_t end, const char *const *list, size_t count);

static int after_degree_word(const char *text, const struct syl *s,
                             size_t i) {
  if (i == 0)
    return 0;
  return word_in(text, s, i - 1 - s[i - 1].pos, i, DEGREE_WORDS,
                 sizeof DEGREE_WORDS / sizeof DEGREE_WORDS[0]);
}

/* Verbs whose reading differs from the character's usual one, read as
 * verbs before an aspect particle standing alone: 背著 bei1, 量了 liang2,
 * 還了 huan2.  `after` lists the particles (了 L, 着/著 Z, 過/过 G). */
static const struct {
  unsigned long cp;
  const char *py;
  const char *after;
} VERBS[] = {
    {0x80CC, "bei1", "Z"},     /* 背 */
    {0x91CF, "liang2", "LZG"}, /* 量 */
    {0x9084, "huan2", "LG"},   /* 還 */
    {0x8FD8, "huan2", "LG"},   /* 还 */
    {0x7A2E, "zhong4", "LZG"}, /* 種 */
    {0x79CD, "zhong4", "LZG"}, /* 种 */
    {0x6578, "shu3", "LZG"},   /* 數 */
    {0x6570, "shu3", "LZG"},   /* 数 */
    {0x4E2D, "zhong4", "LG"},  /* 中 */
    {0x61C9, "ying4", "LG"},   /* 應 */
    {0x5E94, "ying4", "LG"},   /* 应 */
    {0x7E2B, "feng2", "LZG"},  /* 縫 */
    {0x7F1D, "feng2", "LZG"},  /* 缝 */
    {0x92EA, "pu1", "LZG"},    /* 鋪 */
    {0x94FA, "pu1", "LZG"},    /* 铺 */
    {0x76DB, "cheng2", "LZG"}, /* 盛 */
    {0x6247, "shan1", "LG"},   /* 扇 */
    {0x5F97, "de2", "LG"},     /* 得: 得了第一名 */
};

/* Which aspect particle c is: 'L', 'Z', 'G', or 0. */
static char aspect(unsigned long c) {
  if (c == CP_LE)
    return 'L';
  if (c == 0x7740 || c == 0x8457)
    return 'Z';
  if (c == 0x904E || c == 0x8FC7)
    return 'G';
  return 0;
}

/* Personal pronouns: 得 right after one is dei3 (你得努力). */
static const char *const PRONOUNS[] = {
    "我", "你", "您", "他", "她", "它", "咱", "我們", "我们", "你們", "你们",
    "他們", "他们", "她們", "她们", "咱們", "咱们", "大家"};

/* True when the word [start, end) of the stretch is one of `list`. */
static int word_in(const char *text, const struct syl *s, size_t start,
                   size_t end, const char *const *list, size_t count) {
  size_t bytes;
  size_t k;
  const char *w = span(text, s, start, end, &bytes);
  for (k = 0; k < count; k++)
    if (strlen(list[k]) == bytes && memcmp(list[k], w, bytes) == 0)
      return 1;
  return 0;
}

/* 只/隻 after these (and numerals) is the measure word zhi1 (一隻貓)... */
static int before_measure(unsigned long c) {
  return is_numeral(c) || is_quantity(c) || c == 0x9019 || c == 0x8FD9 ||
         c == 0x90A3 || c == 0x54EA;
}

/* ...unless the adverb 只 "only" goes on with one of these (三只有). */
static int after_only(unsigned long c) {
  return c == 0x6709 || c == 0x662F || c == 0x8981 || c == 0x80FD ||
         c == 0x6703 || c == 0x4F1A || c == 0x53EF || c == 0x5728;
}

/* 背着/背著 is "carrying on the back" (背着書包, bei1), but "behind the
 * back of" before a person (背着我, 背着大家, bei4). */
static const char *const PERSONS[] = {"人家", "別人", "别人", "大家"};
static int person_at(const char *text, const struct syl *s, size_t i,
                     size_t n) {
  if (i >= n)
    return 0;
  if (ldu_utf8_in_set("我你您他她它咱", s[i].cp))
    return 1;
  return i + 1 < n && word_in(text, s, i, i + 2, PERSONS,
                              sizeof PERSONS / sizeof PERSONS[0]);
}

/* 轉/转 standing alone is zhuan3 "to turn, to pass on" (向左轉, 轉給他),
 * but zhuan4 "to revolve, to go round" when it goes on (轉著), counts
 * rounds (轉一圈, 轉了兩圈), or follows 繞/绕 or 圍著/围着 in the same
 * clause (圍繞太陽轉, 繞著操場轉) -- unless a direction follows
 * (繞過去轉回來: turning back). */
static int revolves(const struct syl *s, size_t i, size_t n) {
  size_t k;
  if (i + 1 < n && aspect(s[i + 1].cp) == 'Z')
    return 1;
  for (k = i + 1; k < n && k <= i + 4; k++)
    if (s[k].cp == 0x5708) /* 圈 */
      return 1;
  if (i + 1 < n && ldu_utf8_in_set("過过回向身頭头入出", s[i + 1].cp))
    return 0;
  for (k = 0; k < i; k++)
    if (s[k].cp == 0x7E5E || s[k].cp == 0x7ED5 || /* 繞 绕 */
        ((s[k].cp == 0x570D || s[k].cp == 0x56F4) && /* 圍 围 */
         aspect(s[k + 1].cp) == 'Z'))
      return 1;
  return 0;
}

/* Verbs whose V+著 dictionary word (穿著 chuan1 zhuo2 "attire", 點著
 * dian3 zhao2 "to light", 吸著 xi1 zhuo2 "adsorption") is far rarer in
 * running text than the verb with the aspect particle zhe5 (穿著涼鞋,
 * 點著頭, 吸著煙). */
static const char ASPECT_VERBS[] = "穿吸點点引猜花要水";

/* The word V著 at i is the dictionary word after all: a noun after 的
 * (他的穿著), before 得/打扮/講究 (穿著得體), or a result before 了
 * (點著了, 猜著了). */
static int noun_or_result(const struct syl *s, size_t i, size_t n) {
  if (i > 0 && s[i - 1].cp == CP_DE)
    return 1;
  if (i + 2 < n && s[i + 2].cp == CP_LE)
    return 1;
  return i + 2 < n && ldu_utf8_in_set("得打講讲", s[i + 2].cp);
}

/* Step 2: characters that read differently in context. */
static void context(const char *text, struct syl *s, size_t n) {
  size_t i;
  size_t k;
  for (i = 0; i < n; i++) {
    char next_aspect = 0;
    if (i + 1 < n && s[i + 1].wlen == 1)
      next_aspect = aspect(s[i + 1].cp);
    if ((s[i].cp == CP_GE_S || s[i].cp == CP_GE_T) && i > 0 &&
        strcmp(s[i].py, "ge5") == 0 &&
        (is_numeral(s[i - 1].cp) || is_quantity(s[i - 1].cp))) {
      set_py(&s[i], "ge4", 3); /* 一個, 幾個: the measure word */
      continue;
    }
    if (s[i].cp == 0x80CC && s[i].pos == 0 && s[i].wlen <= 2 && /* 背 */
        i + 1 < n && aspect(s[i + 1].cp) == 'Z') {
      if (person_at(text, s, i + 2, n))
        set_py(&s[i], "bei4", 4);
      else
        set_py(&s[i], "bei1", 4);
      continue;
    }
    if (s[i].wlen == 2 && s[i].pos == 0 && aspect(s[i + 1].cp) == 'Z' &&
        strncmp(s[i + 1].py, "zhe", 3) != 0 && ldu_utf8_in_set(ASPECT_VERBS, s[i].cp) &&
        !noun_or_result(s, i, n)) {
      set_py(&s[i + 1], "zhe5", 4); /* 穿著涼鞋, 點著頭 */
      continue;
    }
    if (s[i].wlen != 1)
      continue;
    if ((s[i].cp == 0x8F49 || s[i].cp == 0x8F6C) && revolves(s, i, n)) {
      set_py(&s[i], "zhuan4", 6); /* 轉 转 */
      continue;
    }
    if (s[i].cp == 0x5F97 && i > 0 &&
        word_in(text, s, i - 1 - s[i - 1].pos, i, PRONOUNS,
                sizeof PRONOUNS / sizeof PRONOUNS[0]) &&
        i + 1 < n && !next_aspect && s[i + 1].cp != 0x5230) {
      set_py(&s[i], "dei3", 4); /* 你得努力 */
      continue;
    }
    if (next_aspect) {
      for (k = 0; k < sizeof VERBS / sizeof VERBS[0]; k++)
        if (VERBS[k].cp == s[i].cp &&
            strchr(VERBS[k].after, next_aspect) != NULL) {
          set_py(&s[i], VERBS[k].py, strlen(VERBS[k].py));
          break;
        }
      if (k < sizeof VERBS / sizeof VERBS[0])
        continue;
    }
    if ((s[i].cp == 0x9084 || s[i].cp == 0x8FD8) && i + 1 < n &&
        ldu_utf8_in_set("錢钱債债款書书給给", s[i + 1].cp)) {
      set_py(&s[i], "huan2", 5); /* 還錢, 還書: to give back */
      continue;
    }
    if ((s[i].cp == 0x70BA || s[i].cp == 0x4E3A) && i > 0 &&
        s[i - 1].wlen >= 2 && ldu_utf8_in_set(BECOME_VERBS, s[i - 1].cp)) {
      set_py(&s[i], "wei2", 4);
      continue;
    }
    if ((s[i].cp == 0x7A2E || s[i].cp == 0x79CD) &&
        !(i > 0 && (before_measure(s[i - 1].cp) ||
                    is_magnitude(s[i - 1].cp) ||
                    ldu_utf8_in_set("各某此該该本同每", s[i - 1].cp)))) {
      set_py(&s[i], "zhong4", 6); /* 種 alone, no number: the verb */
      continue;
    }
    if ((s[i].cp == 0x53EA || s[i].cp == 0x96BB) && i > 0 &&
        s[i - 1].wlen == 1 && before_measure(s[i - 1].cp) &&
        !(i + 1 < n && after_only(s[i + 1].cp))) {
      set_py(&s[i], "zhi1", 4);
      continue;
    }
    if (s[i].cp == CP_DI && i > 0 &&
        (s[i - 1].wlen >= 2 ||
         (i >= 2 && s[i - 1].wlen == 1 && s[i - 2].wlen == 1 &&
          s[i - 1].cp == s[i - 2].cp) ||
         (s[i - 1].wlen == 1 && after_degree_word(text, s, i - 1))))
      set_py(&s[i], "de5", 3);
    else if (s[i].cp == CP_LE && i > 0 && s[i - 1].cp == CP_BU &&
             s[i - 1].wlen == 1)
      set_py(&s[i], "liao3", 5);
  }
}

/* Step 2b: a doubled verb around 了 or 一 reads like its first half
 * (數了數 shu3 le5 shu3, 想一想). */
static void doubled(struct syl *s, size_t n) {
  size_t i;
  for (i = 0; i + 2 < n; i++)
    if (s[i].cp == s[i + 2].cp && s[i].py[0] != '\0' &&
        (s[i + 1].cp == CP_LE || s[i + 1].cp == CP_YI) &&
        s[i + 2].wlen == 1)
      memcpy(s[i + 2].py, s[i].py, sizeof s[i].py);
}

/* Step 3: 一 and 不. */
static void sandhi(struct syl *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    int next;
    if (s[i].cp == CP_YI && strcmp(s[i].py, "yi1") == 0) {
      unsigned long prev = i > 0 ? s[i - 1].cp : 0;
      unsigned long nx = i + 1 < n ? s[i + 1].cp : 0;
      if (i + 1 >= n || (s[i].wlen > 1 && s[i].pos == s[i].wlen - 1))
        continue; /* end of a stretch or of a word: 統一, 之一 */
      if (is_arith(prev) || nx == CP_DENG)
        continue; /* an operand in a sum: 一加一等於二 */
      if (!is_magnitude(nx) &&
          (prev == CP_DI4 || prev == CP_CHU || is_numeral(prev) ||
           is_magnitude(prev) || is_numeral(nx) || nx == CP_YUE))
        continue; /* ordinal, digit or part of a longer number; before
                     百 千 萬 億 it changes all the same (七千一百) */
      if (is_point(nx) && i + 2 < n && is_numeral(s[i + 2].cp))
        continue; /* 一點五 */
      if (prev == CP_YUE && (nx == 0x65E5 || nx == 0x53F7 || nx == 0x865F))
        continue; /* 一月一日, 五月一號 */
      if (i > 0 && prev == nx && ldu_is_han(prev)) {
        set_tone(&s[i], 5); /* 看一看 */
        continue;
      }
      next = tone_of(&s[i + 1]);
      if (next == 5 && (nx == CP_GE_S || nx == CP_GE_T))
        next = 4;
      if (next == 4)
        set_tone(&s[i], 2);
      else if (next >= 1 && next <= 3)
        set_tone(&s[i], 4);
      else if (next == 5)
        set_tone(&s[i], 4);
    } else if (s[i].cp == CP_BU && strcmp(s[i].py, "bu4") == 0 &&
               i + 1 < n && tone_of(&s[i + 1]) == 4) {
      set_tone(&s[i], 2);
    }
  }
}

/* What a non-Han character becomes inside a pinyin run. */
enum punct_kind { P_OTHER = 0, P_BREAK, P_SPACE };

static enum punct_kind punct_kind(unsigned long c) {
  switch (c) {
  case 0xFF0C: /* ， */
  case 0x3001: /* 、 */
  case 0xFF1B: /* ； */
  case 0xFF1A: /* ： */
  case 0x3002: /* 。 */
  case 0xFF01: /* ！ */
  case 0xFF1F: /* ？ */
  case 0xFF0E: /* ． */
  case 0xFF61: /* ｡ */
  case 0xFE50: /* ﹐ */
  case 0xFE51: /* ﹑ */
  case 0xFE52: /* ﹒ */
  case 0xFE54: /* ﹔ */
  case 0xFE55: /* ﹕ */
  case 0xFE56: /* ﹖ */
  case 0xFE57: /* ﹗ */
  case 0x2026: /* … */
  case 0x22EF: /* ⋯ */
  case 0x2014: /* — */
  case 0x2015: /* ― */
  case 0x2013: /* – */
  case 0xFF5E: /* ～ */
  case 0x301C: /* 〜 */
  case 0xFF08: /* （ */
  case 0xFF09: /* ） */
  case 0x3010: /* 【 */
  case 0x3011: /* 】 */
  case 0x3014: /* 〔 */
  case 0x3015: /* 〕 */
  case 0xFF3B: /* ［ */
  case 0xFF3D: /* ］ */
  case 0xFF5B: /* ｛ */
  case 0xFF5D: /* ｝ */
  case ',':
  case ';':
  case ':':
  case '!':
  case '?':
  case '(':
  case ')':
  case '[':
  case ']':
    return P_BREAK;
  case 0x201C: /* “ */
  case 0x201D: /* ” */
  case 0x2018: /* ‘ */
  case 0x2019: /* ’ */
  case 0x300C: /* 「 */
  case 0x300D: /* 」 */
  case 0x300E: /* 『 */
  case 0x300F: /* 』 */
  case 0x300A: /* 《 */
  case 0x300B: /* 》 */
  case 0x3008: /* 〈 */
  case 0x3009: /* 〉 */
  case 0xFF02: /* ＂ */
  case 0xFF07: /* ＇ */
  case 0x00B7: /* · */
  case 0x30FB: /* ・ */
  case 0x2027: /* ‧ */
  case '"':
  case '\'':
  case ' ':
  case '\t':
  case '\n':
  case 0x3000: /* ideographic space */
    return P_SPACE;
  default:
    return P_OTHER;
  }
}

/* Output state: what the text ends with, so separators come out once. */
struct out {
  struct ldu_buf *b;
  size_t start; /* b->len when we began */
  int pending;  /* 0 none, 1 space, 2 clause break */
};

static enum ldu_status emit(struct out *o, const char *p, size_t n) {
  enum ldu_status st = LDU_OK;
  if (o->b->len > o->start) {
    if (o->pending == 2)
      st = ldu_buf_add(o->b, ", ", 2);
    else
      st = ldu_buf_addc(o->b, ' ');
  }
  o->pending = 0;
  if (st == LDU_OK)
    st = ldu_buf_add(o->b, p, n);
  return st;
}

/* Read the stretch of `n` Han characters in `s` and emit it. */
static enum ldu_status read_stretch(const struct ldu_lexicon *lex,
                                    const char *text, struct syl *s,
                                    size_t n, struct out *o) {
  enum ldu_status st;
  size_t i;
  st = segment(lex, text, s, n);
  if (st != LDU_OK)
    return st;
  look_up(lex, text, s, n);
  context(text, s, n);
  doubled(s, n);
  sandhi(s, n);
  for (i = 0; i < n && st == LDU_OK; i++) {
    if (s[i].py[0] != '\0')
      st = emit(o, s[i].py, strlen(s[i].py));
    else
      st = emit(o, text + s[i].off, s[i].len);
  }
  return st;
}

/* Emit the segmentation of a stretch: "w|w|w". */
static enum ldu_status show_stretch(const struct ldu_lexicon *lex,
                                    const char *text, struct syl *s,
                                    size_t n, struct out *o) {
  enum ldu_status st;
  size_t i = 0;
  st = segment(lex, text, s, n);
  if (st == LDU_OK && o->b->len > o->start)
    st = ldu_buf_addc(o->b, ' ');
  while (st == LDU_OK && i < n) {
    size_t bytes;
    const char *w = span(text, s, i, i + s[i].wlen, &bytes);
    if (i > 0)
      st = ldu_buf_addc(o->b, '|');
    if (st == LDU_OK)
      st = ldu_buf_add(o->b, w, bytes);
    i += s[i].wlen;
  }
  return st;
}

/* A '.' between two ASCII digits (3.14) is part of the number. */
static int is_decimal_point(const char *text, size_t n, size_t i) {
  return i > 0 && i + 1 < n && text[i - 1] >= '0' && text[i - 1] <= '9' &&
         text[i + 1] >= '0' && text[i + 1] <= '9';
}

typedef enum ldu_status (*stretch_fn)(const struct ldu_lexicon *lex,
                                      const char *text, struct syl *s,
                                      size_t n, struct out *o);

/* Walk the text: Han stretches go to `fn`, punctuation becomes separators
 * (when `keep_other`, other characters are emitted as they are). */
static enum ldu_status walk(const struct ldu_lexicon *lex, const char *text,
                            size_t n, struct ldu_buf *b, stretch_fn fn,
                            int keep_other) {
  struct syl *s = NULL;
  size_t ns = 0;
  size_t i = 0;
  size_t len;
  struct out o;
  enum ldu_status st = LDU_OK;

  o.b = b;
  o.start = b->len;
  o.pending = 0;
  s = malloc(STRETCH_MAX * sizeof *s);
  if (s == NULL)
    return LDU_ERR_NOMEM;
  while (st == LDU_OK && i <= n) {
    unsigned long c = 0;
    len = 1;
    if (i < n)
      c = ldu_utf8_decode(text + i, n - i, &len);
    if (i < n && ldu_is_han(c) && ns < STRETCH_MAX) {
      s[ns].cp = c;
      s[ns].off = i;
      s[ns].len = len;
      s[ns].wlen = 1;
      s[ns].pos = 0;
      s[ns].py[0] = '\0';
      ns++;
      i += len;
      continue;
    }
    if (ns > 0) {
      st = fn(lex, text, s, ns, &o);
      ns = 0;
      if (st != LDU_OK || ldu_is_han(c))
        continue; /* a stretch cut at STRETCH_MAX goes on */
    }
    if (i >= n)
      break;
    if (c == '.' && !is_decimal_point(text, n, i)) {
      if (o.b->len > o.start)
        o.pending = 2;
    } else {
      switch (punct_kind(c)) {
      case P_BREAK:
        if (o.b->len > o.start)
          o.pending = 2;
        break;
      case P_SPACE:
        if (o.pending == 0)
          o.pending = 1;
        break;
      default:
        if (keep_other) {
          /* a run of other characters (2025, 3.14) goes out as one word */
          size_t j = i + len;
          while (j < n) {
            size_t l2;
            unsigned long d = ldu_utf8_decode(text + j, n - j, &l2);
            if (ldu_is_han(d) || punct_kind(d) != P_OTHER ||
                (d == '.' && !is_decimal_point(text, n, j)))
              break;
            j += l2;
          }
          st = emit(&o, text + i, j - i);
          len = j - i;
        }
        break;
      }
    }
    i += len;
  }
  free(s);
  return st;
}

enum ldu_status ldu_reading_pinyin(const struct ldu_lexicon *lex,
                                   const char *text, size_t n,
                                   struct ldu_buf *out) {
  return walk(lex, text, n, out, read_stretch, 1);
}

enum ldu_status ldu_reading_segment(const struct ldu_lexicon *lex,
                                    const char *text, size_t n,
                                    struct ldu_buf *out) {
  return walk(lex, text, n, out, show_stretch, 0);
}
