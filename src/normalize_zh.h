/* normalize_zh: text normalisation for the Mandarin narrator.
 *
 * First step of the reading plan (plan.c): one sentence as written becomes
 * one sentence as it should be said, still as text.  Arabic numbers and the
 * symbols around them become Chinese characters in the sentence's script
 * (2025年 -> 二〇二五年, 10,000 -> 一萬/一万, 50% -> 百分之五十, 3-5天 ->
 * 三到五天, $10,000+ -> 一萬多美元, 14:30 -> 十四點三十分, 5km -> 五公里);
 * Latin words, and numbers glued to them (GPT-2, o1, DeepSeek-R1), stay as
 * they are so that the plan can give them to the English voice; a URL is
 * cut down to its host name (https://www.gate.com/a/1 -> gate.com); keycap
 * emoji become the digit they show, other emoji are dropped.  Every class,
 * with examples, is in doc/normalize.md. */
#ifndef LDU_NORMALIZE_ZH_H
#define LDU_NORMALIZE_ZH_H

#include "buf.h"
#include "error.h"

/** Append to `out` what `sentence` (NUL-terminated, valid UTF-8) should
 *  sound like.  `simplified` picks the script of the characters written
 *  (1: 万 亿 点 两, 0: 萬 億 點 兩) and two readings that differ by
 *  region: ¥ is 元 in Simplified text and 日圓 in Traditional text, and a
 *  1 in a phone number is 幺 in Simplified text and 一 in Traditional text.
 *  `out` is the caller's (initialised with ldu_buf_init); on error it may
 *  hold part of the sentence.  Returns LDU_OK, or LDU_ERR_NOMEM when memory
 *  or the buffer's cap runs out. */
enum ldu_status ldu_normalize_zh(const char *sentence, int simplified,
                                 struct ldu_buf *out);

/** Guess the script of `sentence` (NUL-terminated UTF-8) from characters
 *  that exist in only one script (們/们, 這/这, 發/发 ...): 1 for Simplified,
 *  0 for Traditional, `fallback` when the sentence gives no evidence. */
int ldu_normalize_guess_simplified(const char *sentence, int fallback);

#endif
