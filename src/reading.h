/* reading: Mandarin text -> pinyin with tone numbers.
 *
 * The last step of the Mandarin front end, between the reading plan
 * (plan.h: which voice says what) and the synthesiser: espeak-ng 1.51's
 * cmn-latn-pinyin reads Han characters one by one with their default
 * readings, but reads pinyin with tone numbers right, so langdu decides
 * the reading of every character itself.
 *
 * 1. Segmentation.  Each stretch of Han characters is cut into lexicon
 *    words (lexicon.h) by dynamic programming over all cuts: fewest words,
 *    then fewest one-character words, then the cut whose later words are
 *    longer (as backward maximum matching).  A word's reading comes from
 *    the lexicon, so polyphones are read by word: 行業 hang2 ye4 but
 *    行動 xing2 dong4.  A character in no word takes its own entry (the
 *    common reading), a character unknown to the lexicon is passed on as
 *    it is.
 * 2. Context rules for characters standing alone: 地 after a word of two
 *    or more characters, or after a doubled character, is the particle de5
 *    (認真地, 慢慢地); 了 after 不 is liao3 (走不了).  Verbs and
 *    words around aspect particles: 背著 bei1 (carrying), but bei4 before
 *    a person (背著我); 轉 zhuan4 going round (繞著太陽轉, 轉了兩圈,
 *    轉著), else zhuan3; 穿著/點著/吸著 ... with the particle zhe5 unless
 *    a noun after 的 (她的穿著) or a result before 了 (點著了).
 * 3. Tone sandhi of 一 and 不, from the next syllable's tone: 一 before a
 *    4th (or neutral 個) tone is yi2, before 1st/2nd/3rd yi4; it keeps
 *    yi1 at the end of a word or stretch (統一, 之一), after 第/初 and
 *    other numerals, before a numeral (一二三, 一點五) and in 一月;
 *    X一X (看一看) is yi5.  不 before a 4th tone is bu2.  Third-tone
 *    sandhi is left to espeak-ng, which applies it to pinyin input inside
 *    a clause.
 * 4. Punctuation.  espeak-ng reads "hao3. wo3" as an abbreviation and
 *    does not break at an ASCII comma between Han characters, so clause
 *    and sentence punctuation, brackets and dashes inside a run become
 *    ", " (a clause break with its pause) and quotes become a space.
 *    Anything else (digits, kana) is passed on unchanged. */
#ifndef LDU_READING_H
#define LDU_READING_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "lexicon.h"

/** Append to `out` the reading of the `n` bytes of UTF-8 Mandarin text at
 *  `text`: pinyin syllables with tone numbers separated by spaces ("yin2
 *  hang2, hang2 ye4").  Nothing is appended for text without anything to
 *  say.  LDU_ERR_NOMEM when memory or the buffer's cap runs out (`out` may
 *  then hold part of the reading). */
enum ldu_status ldu_reading_pinyin(const struct ldu_lexicon *lex,
                                   const char *text, size_t n,
                                   struct ldu_buf *out);

/** Append to `out` the words the Han characters of `text` are cut into,
 *  separated by '|', stretches separated by a space ("銀行|行長 說"):
 *  what step 1 above does, for tests and for looking into readings. */
enum ldu_status ldu_reading_segment(const struct ldu_lexicon *lex,
                                    const char *text, size_t n,
                                    struct ldu_buf *out);

#endif
