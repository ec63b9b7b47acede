/* File name slugs and chapter titles. */
#include <stdlib.h>

#include "names.h"
#include "test.h"

static const struct {
  const char *in;
  const char *want;
} slugs[] = {
    {"可驗證獎勵學習的崛起:超越人類反饋", "可驗證獎勵學習的崛起-超越人類反饋"},
    {"Claude Code:在你的電腦上運行的智慧代理", "claude-code-在你的電腦上運行的智慧代理"},
    {"../../etc/x", "etc-x"},
    {"a/b\\c", "a-b-c"},
    {"..", "section"},
    {"", "section"},
    {"\x01\x1f tab\there", "tab-here"},
    {"？！「」", "section"},
    {"ＡＢＣ１２３", "abc123"},
    {"😀 Emoji 😀", "emoji"},
    {"CON", "con"},
    /* capped at LDU_SLUG_MAX bytes, never inside a character */
    {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
     "一二三四五六七八九十一二三四五六七八九十"},
};

static const struct {
  const char *in;
  const char *want;
} titles[] = {
    {"2025年，人工智慧領域經歷了震撼性的變革，這些轉變如此根本。",
     "2025年，人工智慧領域經歷了震撼性的變革"},
    {"這種訓練方式讓模型自發展出人類會認為的「推理策略」。",
     "這種訓練方式讓模型自發展出人類會認為的「推理策略」"},
    {"多年間，大型語言模型的生產訓練流程遵循一個可預測的三階段：預訓練",
     "多年間，大型語言模型的生產訓練流程遵循一個可預測的三階段"},
    {"Vibe Coding徹底民主化了程式設計。", "Vibe Coding徹底民主化了程式設計"},
    {"超過 $10,000 的豐厚獎勵等你拿!", "超過 $10,000 的豐厚獎勵等你拿"},
    {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
     "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九…"},
    {"Say \"hi\" & <go>", "Say \"hi\" & <go>"},
};

int main(void) {
  size_t i;
  for (i = 0; i < sizeof slugs / sizeof slugs[0]; i++) {
    char *got = ldu_slug(slugs[i].in);
    CHECK_STR(got, slugs[i].want);
    free(got);
  }
  for (i = 0; i < sizeof titles / sizeof titles[0]; i++) {
    char *got = ldu_chapter_title(titles[i].in);
    CHECK_STR(got, titles[i].want);
    free(got);
  }
  return test_summary();
}
