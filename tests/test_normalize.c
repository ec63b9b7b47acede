/* Text normalisation (normalize_zh.h): one table per class, Traditional
 * (T) and Simplified (S) contexts, half-width and full-width digits. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "normalize_zh.h"
#include "test.h"

enum { T = 0, S = 1 };

struct tcase {
  const char *in;
  int simp;
  const char *want;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_table(const struct tcase *cases, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    struct ldu_buf b;
    enum ldu_status st;
    ldu_buf_init(&b, 1 << 16);
    st = ldu_normalize_zh(cases[i].in, cases[i].simp, &b);
    CHECK_INT(st, LDU_OK);
    CHECK_STR(b.data != NULL ? b.data : "", cases[i].want);
    ldu_buf_free(&b);
  }
}

static const struct tcase cardinals[] = {
    {"0", S, "零"},
    {"7", T, "七"},
    {"10", T, "十"},
    {"12", S, "十二"},
    {"20", S, "二十"},
    {"101", T, "一百零一"},
    {"110", T, "一百一十"},
    {"120", S, "一百二十"},
    {"200", S, "二百"},
    {"2000", T, "兩千"},
    {"2000", S, "两千"},
    {"3,200", S, "三千二百"},
    {"10,000", T, "一萬"},
    {"10,000", S, "一万"},
    {"12000", S, "一万二千"},
    {"20000", T, "兩萬"},
    {"120000", S, "十二万"},
    {"100010", T, "十萬零一十"},
    {"1,000,100,000", S, "十亿零一十万"},
    {"100,000,000", T, "一億"},
    {"10000000000000", S, "十万亿"},
    {"１２３４５", S, "一万二千三百四十五"},
    {"１０，０００", T, "一萬"},
    {"12345678901234567890", S, "一二三四五六七八九零一二三四五六七八九零"},
    {"编号007", S, "编号零零七"},
};

static const struct tcase liang[] = {
    {"共2個人", T, "共兩個人"}, {"共2个人", S, "共两个人"},
    {"2 本書", T, "兩本書"},    {"第2名", S, "第二名"},
    {"第 2 名", T, "第二名"},   {"2月", S, "二月"},
    {"2樓", T, "二樓"},         {"2年級", T, "二年級"},
    {"2年", S, "两年"},         {"2萬", T, "兩萬"},
    {"2.5個", T, "二點五個"},   {"22", S, "二十二"},
};

static const struct tcase years[] = {
    {"2025年", T, "二〇二五年"},     {"2025 年", S, "二〇二五年"},
    {"1970年代", T, "一九七〇年代"}, {"２０２５年", S, "二〇二五年"},
    {"618年", S, "六一八年"},        {"20年前", S, "二十年前"},
    {"1,000年", T, "一千年"},        {"2025", S, "两千零二十五"},
};

static const struct tcase dates_times[] = {
    {"2025年3月5日", T, "二〇二五年三月五日"},
    {"2025-03-05", S, "二〇二五年三月五日"},
    {"2025/3/5", T, "二〇二五年三月五日"},
    {"2025.3.5", S, "二〇二五年三月五日"},
    {"2025-03", S, "二〇二五年三月"},
    {"2019-10-01", S, "二〇一九年十月一日"},
    {"14:30", T, "十四點三十分"},
    {"14：30", S, "十四点三十分"},
    {"9:05", S, "九点零五分"},
    {"2:30", T, "兩點三十分"},
    {"14:00", S, "十四点"},
    {"9:05:07", S, "九点零五分零七秒"},
    {"9:00-17:00", T, "九點到十七點"},
    {"3:2", S, "三比二"},
    {"2025-03-05 14:30", S, "二〇二五年三月五日 十四点三十分"},
};

static const struct tcase decimals[] = {
    {"3.14", S, "三点一四"},     {"3.14", T, "三點一四"},
    {"0.5", S, "零点五"},        {"1.2万字", S, "一点二万字"},
    {"３．５倍", T, "三點五倍"}, {"10.05", S, "十点零五"},
};

static const struct tcase percents[] = {
    {"50%", S, "百分之五十"},    {"５０％的人", T, "百分之五十的人"},
    {"3.5%", S, "百分之三点五"}, {"100%", T, "百分之一百"},
    {"5‰", S, "千分之五"},       {"3-5%", S, "百分之三到百分之五"},
};

static const struct tcase fractions[] = {
    {"1/3", S, "三分之一"},
    {"2/5", T, "五分之二"},
    {"1/2杯", S, "二分之一杯"},
    {"１/４", S, "四分之一"},
};

static const struct tcase ranges[] = {
    {"3-5天", S, "三到五天"},
    {"3～5天", T, "三到五天"},
    {"3~5天", S, "三到五天"},
    {"2-3個", T, "兩到三個"},
    {"2020–2025", S, "二〇二〇到二〇二五"},
    {"2020-2025年", T, "二〇二〇到二〇二五年"},
    {"1000-2000人", S, "一千到两千人"},
    {"5日-7日", S, "五日到七日"},
    {"3km-5km", S, "三公里到五公里"},
    {"-5~10°C", S, "摄氏零下五到十度"},
    {"5 - 3", S, "五 - 三"},
};

static const struct tcase ordinals[] = {
    {"第3章", T, "第三章"},      {"第101名", S, "第一百零一名"},
    {"#1", S, "第一"},           {"排名#2", T, "排名第二"},
    {"第２０屆", T, "第二十屆"},
};

static const struct tcase money[] = {
    {"$10,000+", T, "一萬多美元"},
    {"$10,000", S, "一万美元"},
    {"超過 $10,000 的獎勵", T, "超過一萬美元的獎勵"},
    {"NT$500", T, "新臺幣五百元"},
    {"NT$500", S, "新台币五百元"},
    {"US$1.5M", S, "一百五十万美元"},
    {"$2B", T, "二十億美元"},
    {"$20K", S, "两万美元"},
    {"$2", T, "兩美元"},
    {"HK$100", T, "一百港元"},
    {"¥3000", S, "三千元"},
    {"¥3000", T, "三千日圓"},
    {"￥3000元", S, "三千元"},
    {"€20", T, "二十歐元"},
    {"£5", S, "五英镑"},
    {"$3-5", S, "三到五美元"},
    {"$3-$5", S, "三到五美元"},
    {"$5+", S, "五美元以上"},
    {"$1.5萬", T, "一點五萬美元"},
    {"100 USD", S, "一百美元"},
    {"USD 100", S, "一百美元"},
    {"RMB 100", S, "人民币一百元"},
    {"＄１００", S, "一百美元"},
};

static const struct tcase plus[] = {
    {"10,000+人", S, "一万多人"},
    {"5+年", T, "五年以上"},
    {"20+", S, "二十多"},
};

static const struct tcase units[] = {
    {"5km", S, "五公里"},     {"5 km", T, "五公里"},
    {"10kg", T, "十公斤"},    {"3.5GHz", S, "三点五吉赫"},
    {"100ms", S, "一百毫秒"}, {"25°C", T, "攝氏二十五度"},
    {"30℃", S, "摄氏三十度"}, {"-5°C", S, "摄氏零下五度"},
    {"-5度", S, "零下五度"},  {"-3", T, "負三"},
    {"2GB", S, "两GB"},       {"16 GB", S, "十六GB"},
    {"5cm", T, "五公分"},     {"5cm", S, "五厘米"},
    {"2h", S, "两小时"},      {"60km/h", T, "六十公里每小時"},
    {"100m", S, "一百米"},    {"100m", T, "一百公尺"},
    {"10w+", S, "十万多"},    {"5000mAh", S, "五千毫安时"},
    {"５ｋｍ", S, "五公里"},  {"iPhone 5s", S, "iPhone 五s"},
};

static const struct tcase phones[] = {
    {"拨打119", S, "拨打幺幺九"},
    {"撥打119", T, "撥打一一九"},
    {"电话：13812345678", S, "电话：幺三八幺二三四五六七八"},
    {"13812345678", S, "幺三八幺二三四五六七八"},
    {"010-12345678", S, "零幺零 幺二三四五六七八"},
    {"02-2345-6789", T, "零二 二三四五 六七八九"},
    {"+86 138 1234 5678", S, "加八六 幺三八 幺二三四 五六七八"},
    {"客服 10086", S, "客服幺零零八六"},
};

static const struct tcase latin[] = {
    {"如2020年的GPT-2與GPT-3", T, "如二〇二〇年的GPT-2與GPT-3"},
    {"o1模型", T, "o1模型"},
    {"DeepSeek-R1論文", T, "DeepSeek-R1論文"},
    {"Linux 5.17", S, "Linux 五点一七"},
    {"iOS 17", S, "iOS 十七"},
    {"Llama-3.1-70B", S, "Llama-3.1-70B"},
    {"3D列印與5G網路", T, "三D列印與五G網路"},
    {"ＧＰＴ-４", S, "ＧＰＴ-４"},
    {"版本5.17.3", S, "版本五点一七点三"},
    {"192.168.0.1", S, "一九二点一六八点零点一"},
};

static const struct tcase urls[] = {
    {"立即報名:https://www.gate.com/questionnaire/7159", T,
     "立即報名:gate.com questionnaire 七千一百五十九"},
    {"詳情:https://www.gate.com/announcements/article/47889", T,
     "詳情:gate.com announcements article 四萬七千八百八十九"},
    /* long, odd or deep paths are left out */
    {"見https://a.com/x/y/z/w。", S, "見a.com。"},
    {"見https://a.com/file.html。", S, "見a.com。"},
    {"見https://a.com/ab12cd。", S, "見a.com。"},
    {"見https://a.com/post-title/。", S, "見a.com post title。"},
    {"見http://example.org/a?b=1。", S, "見example.org。"},
    {"見 www.gate.com 。", S, "見 gate.com 。"},
    {"看 example.com/abc/123", S, "看 example.com abc 一百二十三"},
    {"寫信到 user@example.com", S, "寫信到 user@example.com"},
    {"寫信到 123@qq.com", S, "寫信到幺二三 at qq.com"},
    {"gate.com", S, "gate.com"},
};

static const struct tcase emoji[] = {
    {"1️⃣ 打開 App", T, "一 打開 App"},
    {"2⃣ 點擊", T, "二 點擊"},
    {"#️⃣", S, "井号"},
    {"🔟", S, "十"},
    {"好😀", S, "好"},
    {"👍🏽讚", T, "讚"},
};

static const struct tcase symbols[] = {
    {"研究&開發", T, "研究和開發"},
    {"R&D", S, "R&D"},
    {"1+1=2", S, "一加一等于二"},
    {"3×4", S, "三乘四"},
    {"1920x1080", S, "一千九百二十乘一千零八十"},
    {"6÷2", T, "六除以二"},
    {"~5分鐘", T, "約五分鐘"},
    {"±5", S, "正负五"},
    {"【廣場】 → 點擊", T, "【廣場】 ，點擊"},
    {"3→5", S, "三到五"},
    {"+5%", S, "百分之五"},
};

static const struct tcase passthrough[] = {
    {"", S, ""},
    {"你好，世界。", T, "你好，世界。"},
    {"今天天气很好。", S, "今天天气很好。"},
    {"Andrej Karpathy", T, "Andrej Karpathy"},
    {"……", S, "……"},
};

static void test_guess(void) {
  CHECK_INT(ldu_normalize_guess_simplified("這些轉變如此根本", 1), 0);
  CHECK_INT(ldu_normalize_guess_simplified("这些转变如此根本", 0), 1);
  CHECK_INT(ldu_normalize_guess_simplified("2025年", 1), 1);
  CHECK_INT(ldu_normalize_guess_simplified("2025年", 0), 0);
  CHECK_INT(ldu_normalize_guess_simplified("", 0), 0);
}

/* A full buffer is an error, not a crash, and leaves a valid string. */
static void test_cap(void) {
  struct ldu_buf b;
  ldu_buf_init(&b, 8);
  CHECK_INT(ldu_normalize_zh("2025年，共10,000人", 1, &b), LDU_ERR_NOMEM);
  CHECK(b.len <= 8);
  ldu_buf_free(&b);
}

/* Nasty inputs: truncated numbers and symbols at the end. */
static void test_edges(void) {
  static const char *const in[] = {
      "$",    "NT$", "1,",   "1.",       "1:",       "1/",   "-",
      "#",    "+",   "12:",  "2025-",    "2025-03-", "1️", "http://",
      "www.", "a@",  "@b.c", "5 ",       "3-",       "~",    "１２：",
      "$1-",  "10w", "1e5",  "..1..2..", "1,2,3,4",  "0/0",  "-0",
  };
  size_t i;
  for (i = 0; i < N(in); i++) {
    struct ldu_buf b;
    ldu_buf_init(&b, 1 << 16);
    CHECK_INT(ldu_normalize_zh(in[i], 1, &b), LDU_OK);
    ldu_buf_free(&b);
  }
}

int main(void) {
  run_table(cardinals, N(cardinals));
  run_table(liang, N(liang));
  run_table(years, N(years));
  run_table(dates_times, N(dates_times));
  run_table(decimals, N(decimals));
  run_table(percents, N(percents));
  run_table(fractions, N(fractions));
  run_table(ranges, N(ranges));
  run_table(ordinals, N(ordinals));
  run_table(money, N(money));
  run_table(plus, N(plus));
  run_table(units, N(units));
  run_table(phones, N(phones));
  run_table(latin, N(latin));
  run_table(urls, N(urls));
  run_table(emoji, N(emoji));
  run_table(symbols, N(symbols));
  run_table(passthrough, N(passthrough));
  test_guess();
  test_cap();
  test_edges();
  return test_summary();
}
