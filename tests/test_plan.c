/* Reading plans: which voice says what. */
#include <stdlib.h>

#include "buf.h"
#include "plan.h"
#include "test.h"

/* A plan rendered as "zh:text|en:text|..." for comparison. */
static char *render(const char *sentence) {
  struct ldu_plan plan;
  struct ldu_buf b;
  size_t i;
  ldu_buf_init(&b, 1 << 20);
  if (ldu_plan_sentence(sentence, NULL, &plan) != LDU_OK)
    return NULL;
  for (i = 0; i < plan.n; i++) {
    if (i > 0)
      ldu_buf_addc(&b, '|');
    ldu_buf_adds(&b, plan.runs[i].voice == LDU_VOICE_EN ? "en:" : "zh:");
    ldu_buf_adds(&b, plan.runs[i].text);
  }
  ldu_plan_free(&plan);
  return ldu_buf_detach(&b);
}

static const struct {
  const char *in;
  const char *want;
} cases[] = {
    {"你好，世界。", "zh:你好，世界。"},
    {"知名AI研究員兼科技專家Andrej Karpathy指出了六個重大的演進轉折點。",
     "zh:知名|en:AI|zh:研究員兼科技專家|en:Andrej Karpathy|zh:指出了六個重大的演"
     "進轉折點。"},
    {"2025年，游標(Cursor)的快速崛起", "zh:二〇二五年，游標(|en:Cursor|zh:)的快速崛起"},
    {"如2020年的GPT-2與GPT-3", "zh:如二〇二〇年的|en:GPT-2|zh:與|en:GPT-3"},
    {"DeepSeek-R1論文", "en:DeepSeek-R1|zh:論文"},
    {"OpenAI於2024年底推出的o1模型", "en:OpenAI|zh:於二〇二四年底推出的|en:o1|zh:模型"},
    {"（up or down）的機制", "en:up or down|zh:）的機制"},
    {"立即加入,發布優質內容", "zh:立即加入，發布優質內容"},
    {"立即報名:https://www.gate.com/questionnaire/7159",
     "zh:立即報名：|en:gate.com questionnaire|zh:七千一百五十九"},
    {"1️⃣ 打開 App 首頁", "zh:一 打開|en:App|zh:首頁"},
    {"ＩＰＨＯＮＥ很好", "en:IPHONE|zh:很好"},
    {"3D列印與5G網路", "zh:三|en:D|zh:列印與五|en:G|zh:網路"}, /* sān-D, wǔ-G */
    {"Claude Code:在你的電腦上", "en:Claude Code|zh:：在你的電腦上"},
    {"……", ""},
    {"😀", ""},
    {"Rust版BPE分詞器", "en:Rust|zh:版|en:BPE|zh:分詞器"},
};

int main(void) {
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = render(cases[i].in);
    CHECK_STR(got, cases[i].want);
    free(got);
  }
  return test_summary();
}
