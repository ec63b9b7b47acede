/* Readings: Mandarin text -> pinyin with tone numbers (reading.h), on the
 * built-in lexicon voices/lexicon.tsv (the tests run from the top of the
 * source tree).  The sentences are our own. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lexicon.h"
#include "plan.h"
#include "reading.h"
#include "test.h"

#define LEXICON "voices/lexicon.tsv"

struct reading_case {
  const char *in;
  const char *want;
};

/* Polyphones read by word and by context, both scripts; neutral tones;
 * one 一/不 sandhi in many of them. */
static const struct reading_case polyphones[] = {
    {"银行的利率又变了", "yin2 hang2 de5 li4 lv4 you4 bian4 le5"},
    {"銀行的利率又變了", "yin2 hang2 de5 li4 lv4 you4 bian4 le5"},
    {"这个行业发展很快", "zhe4 ge5 hang2 ye4 fa1 zhan3 hen3 kuai4"},
    {"這個行業發展很快", "zhe4 ge5 hang2 ye4 fa1 zhan3 hen3 kuai4"},
    {"他走路的样子很好看", "ta1 zou3 lu4 de5 yang4 zi5 hen3 hao3 kan4"},
    {"我们明天一起去旅行", "wo3 men5 ming2 tian1 yi4 qi3 qu4 lv3 xing2"},
    {"我們明天一起去旅行", "wo3 men5 ming2 tian1 yi4 qi3 qu4 lv3 xing2"},
    {"他重新写了一遍", "ta1 chong2 xin1 xie3 le5 yi2 bian4"},
    {"他重新寫了一遍", "ta1 chong2 xin1 xie3 le5 yi2 bian4"},
    {"这件事很重要", "zhe4 jian4 shi4 hen3 zhong4 yao4"},
    {"這件事很重要", "zhe4 jian4 shi4 hen3 zhong4 yao4"},
    {"她喜欢听音乐", "ta1 xi3 huan5 ting1 yin1 yue4"},
    {"她喜歡聽音樂", "ta1 xi3 huan5 ting1 yin1 yue4"},
    {"大家都很快乐", "da4 jia1 dou1 hen3 kuai4 le4"},
    {"我了解他的想法", "wo3 liao3 jie3 ta1 de5 xiang3 fa3"},
    {"我瞭解他的想法", "wo3 liao3 jie3 ta1 de5 xiang3 fa3"},
    {"孩子长大了", "hai2 zi5 zhang3 da4 le5"},
    {"孩子長大了", "hai2 zi5 zhang3 da4 le5"},
    {"这条河很长", "zhe4 tiao2 he2 hen3 chang2"},
    {"這條河很長", "zhe4 tiao2 he2 hen3 chang2"},
    {"你还是来吧", "ni3 hai2 shi5 lai2 ba5"},
    {"你還是來吧", "ni3 hai2 shi5 lai2 ba5"},
    {"我觉得不错", "wo3 jue2 de5 bu2 cuo4"},
    {"我覺得不錯", "wo3 jue2 de5 bu2 cuo4"},
    {"他睡觉了", "ta1 shui4 jiao4 le5"},
    {"他睡覺了", "ta1 shui4 jiao4 le5"},
    {"这是我的书", "zhe4 shi4 wo3 de5 shu1"},
    {"我吃了饭", "wo3 chi1 le5 fan4"},
    {"我吃完了", "wo3 chi1 wan2 le5"},
    {"他看着窗外", "ta1 kan4 zhe5 chuang1 wai4"},
    {"他看著窗外", "ta1 kan4 zhe5 chuang1 wai4"},
    {"朋友们都来了", "peng2 you5 men5 dou1 lai2 le5"},
    {"朋友們都來了", "peng2 you5 men5 dou1 lai2 le5"},
    {"桌子上有一本书", "zhuo1 zi5 shang4 you3 yi4 ben3 shu1"},
    {"他高兴地笑了", "ta1 gao1 xing4 de5 xiao4 le5"},
    {"他高興地笑了", "ta1 gao1 xing4 de5 xiao4 le5"},
    {"地上有水", "di4 shang5 you3 shui3"},
    {"他跑得很快", "ta1 pao3 de5 hen3 kuai4"},
    {"他得到了奖励", "ta1 de2 dao4 le5 jiang3 li4"},
    {"他得到了獎勵", "ta1 de2 dao4 le5 jiang3 li4"},
    {"我得走了", "wo3 dei3 zou3 le5"},
    {"一个苹果", "yi2 ge4 ping2 guo3"},
    {"一個蘋果", "yi2 ge4 ping2 guo3"},
    {"一天到晚", "yi4 tian1 dao4 wan3"},
    {"一年又一年", "yi4 nian2 you4 yi4 nian2"},
    {"第一名", "di4 yi1 ming2"},
    {"统一", "tong3 yi1"},
    {"統一", "tong3 yi1"},
    {"一月份", "yi1 yue4 fen4"},
    {"不要走", "bu2 yao4 zou3"},
    {"不对", "bu2 dui4"},
    {"不好", "bu4 hao3"},
    {"不能", "bu4 neng2"},
    {"不是", "bu2 shi4"},
    {"他为人民服务", "ta1 wei4 ren2 min2 fu2 wu4"},
    {"他為人民服務", "ta1 wei4 ren2 min2 fu2 wu4"},
    {"作为老师", "zuo4 wei2 lao3 shi1"},
    {"作為老師", "zuo4 wei2 lao3 shi1"},
    {"我们会成为朋友", "wo3 men5 hui4 cheng2 wei2 peng2 you5"},
    {"这个东西很便宜", "zhe4 ge5 dong1 xi5 hen3 pian2 yi5"},
    {"這個東西很便宜", "zhe4 ge5 dong1 xi5 hen3 pian2 yi5"},
    {"交通很方便", "jiao1 tong1 hen3 fang1 bian4"},
    {"他的頭髮長了", "ta1 de5 tou2 fa5 chang2 le5"},
    {"发展经济", "fa1 zhan3 jing1 ji4"},
    {"發展經濟", "fa1 zhan3 jing1 ji4"},
    {"重量很大", "zhong4 liang4 hen3 da4"},
    {"重复三次", "chong2 fu4 san1 ci4"},
    {"重複三次", "chong2 fu4 san1 ci4"},
    {"朝阳很美", "chao2 yang2 hen3 mei3"},
    {"朝陽很美", "chao2 yang2 hen3 mei3"},
    {"朝着目标前进", "chao2 zhe5 mu4 biao1 qian2 jin4"},
    {"数学很难", "shu4 xue2 hen3 nan2"},
    {"數學很難", "shu4 xue2 hen3 nan2"},
    {"他数了数钱", "ta1 shu3 le5 shu3 qian2"},
    {"他數了數錢", "ta1 shu3 le5 shu3 qian2"},
    {"中国人", "zhong1 guo2 ren2"},
    {"中國人", "zhong1 guo2 ren2"},
    {"他打中了", "ta1 da3 zhong4 le5"},
    {"好人好事", "hao3 ren2 hao3 shi4"},
    {"他好学", "ta1 hao4 xue2"},
    {"差不多", "cha4 bu5 duo1"},
    {"出差", "chu1 chai1"},
    {"差别", "cha1 bie2"},
    {"参加会议", "can1 jia1 hui4 yi4"},
    {"參加會議", "can1 jia1 hui4 yi4"},
    {"人参", "ren2 shen1"},
    {"人參", "ren2 shen1"},
    {"长城", "chang2 cheng2"},
    {"長城", "chang2 cheng2"},
    {"校长", "xiao4 zhang3"},
    {"校長", "xiao4 zhang3"},
    {"乐观", "le4 guan1"},
    {"樂觀", "le4 guan1"},
    {"我都知道", "wo3 dou1 zhi1 dao4"},
    {"首都", "shou3 du1"},
    {"调查", "diao4 cha2"},
    {"調查", "diao4 cha2"},
    {"调整", "tiao2 zheng3"},
    {"調整", "tiao2 zheng3"},
    {"只有你", "zhi3 you3 ni3"},
    {"一只鸟", "yi4 zhi1 niao3"},
    {"一隻鳥", "yi4 zhi1 niao3"},
    {"处理问题", "chu3 li3 wen4 ti2"},
    {"處理問題", "chu3 li3 wen4 ti2"},
    {"到处都是", "dao4 chu4 dou1 shi4"},
    {"到處都是", "dao4 chu4 dou1 shi4"},
    {"和平", "he2 ping2"},
    {"暖和", "nuan3 huo5"},
    {"空气", "kong1 qi4"},
    {"空閒", "kong4 xian2"},
    {"传说", "chuan2 shuo1"},
    {"傳說", "chuan2 shuo1"},
    {"自传", "zi4 zhuan4"},
    {"自傳", "zi4 zhuan4"},
    {"还钱", "huan2 qian2"},
    {"還錢", "huan2 qian2"},
    {"教书", "jiao1 shu1"},
    {"教書", "jiao1 shu1"},
    {"教育", "jiao4 yu4"},
    {"假期", "jia4 qi1"},
    {"假如", "jia3 ru2"},
    {"种子", "zhong3 zi5"},
    {"種子", "zhong3 zi5"},
    {"种树", "zhong4 shu4"},
    {"種樹", "zhong4 shu4"},
    {"得了吧", "de2 le5 ba5"},
    {"背後", "bei4 hou4"},
    {"会计", "kuai4 ji4"},
    {"會計", "kuai4 ji4"},
    {"开会", "kai1 hui4"},
    {"開會", "kai1 hui4"},
    {"应该", "ying1 gai1"},
    {"應該", "ying1 gai1"},
    {"答应", "da1 ying5"},
    {"答應", "da1 ying5"},
    {"几乎", "ji1 hu1"},
    {"幾乎", "ji1 hu1"},
    {"几个", "ji3 ge4"},
    {"幾個", "ji3 ge4"},
    {"便宜", "pian2 yi5"},
    {"方便", "fang1 bian4"},
    {"看一看", "kan4 yi5 kan4"},
    {"想一想", "xiang3 yi5 xiang3"},
    {"试一试", "shi4 yi5 shi4"},
    {"說一說", "shuo1 yi5 shuo1"},
    {"一模一样", "yi4 mu2 yi2 yang4"},
    {"不一定", "bu4 yi2 ding4"},
    {"你得多休息", "ni3 dei3 duo1 xiu1 xi5"},
    {"他量了体温", "ta1 liang2 le5 ti3 wen1"},
    {"他量了體溫", "ta1 liang2 le5 ti3 wen1"},
    {"这种花要种在院子里", "zhe4 zhong3 hua1 yao4 zhong4 zai4 yuan4 zi5 li3"},
    {"這種花要種在院子裡", "zhe4 zhong3 hua1 yao4 zhong4 zai4 yuan4 zi5 li3"},
    {"三个人和几个朋友", "san1 ge4 ren2 he2 ji3 ge4 peng2 you5"},
    {"三個人和幾個朋友", "san1 ge4 ren2 he2 ji3 ge4 peng2 you5"},
    {"他把文件转换为表格", "ta1 ba3 wen2 jian4 zhuan3 huan4 wei2 biao3 ge2"},
    {"他把文件轉換為表格", "ta1 ba3 wen2 jian4 zhuan3 huan4 wei2 biao3 ge2"},
    {"我们为你加油", "wo3 men5 wei4 ni3 jia1 you2"},
    {"我們為你加油", "wo3 men5 wei4 ni3 jia1 you2"},
    {"天气越来越冷地变了", "tian1 qi4 yue4 lai2 yue4 leng3 de5 bian4 le5"},
    {"他慢慢地走", "ta1 man4 man4 de5 zou3"},
    {"他还了书", "ta1 huan2 le5 shu1"},
    {"他還了書", "ta1 huan2 le5 shu1"},
    {"两只手", "liang3 zhi1 shou3"},
    {"兩隻手", "liang3 zhi1 shou3"},
    {"的确如此", "di2 que4 ru2 ci3"},
    {"的確如此", "di2 que4 ru2 ci3"},
    {"目的地到了", "mu4 di4 di4 dao4 le5"},
    {"他说得对", "ta1 shuo1 de5 dui4"},
    {"他說得對", "ta1 shuo1 de5 dui4"},
    {"只是一个梦", "zhi3 shi4 yi2 ge4 meng4"},
    {"只是一個夢", "zhi3 shi4 yi2 ge4 meng4"},
    {"我吃着饭", "wo3 chi1 zhe5 fan4"},
    {"我吃著飯", "wo3 chi1 zhe5 fan4"},
    {"他睡着了", "ta1 shui4 zhao2 le5"},
    {"他睡著了", "ta1 shui4 zhao2 le5"},
    /* 背着: carried on the back, or behind someone's back */
    {"她背着孩子上山", "ta1 bei1 zhe5 hai2 zi5 shang4 shan1"},
    {"她背著孩子上山", "ta1 bei1 zhe5 hai2 zi5 shang4 shan1"},
    {"他背着我做了决定", "ta1 bei4 zhe5 wo3 zuo4 le5 jue2 ding4"},
    {"他背著我做了決定", "ta1 bei4 zhe5 wo3 zuo4 le5 jue2 ding4"},
    {"别背着大家说话", "bie2 bei4 zhe5 da4 jia1 shuo1 hua4"},
    {"別背著大家說話", "bie2 bei4 zhe5 da4 jia1 shuo1 hua4"},
    {"他背着手走路", "ta1 bei4 zhe5 shou3 zou3 lu4"},
    {"他违背着良心", "ta1 wei2 bei4 zhe5 liang2 xin1"},
    {"他違背著良心", "ta1 wei2 bei4 zhe5 liang2 xin1"},
    /* 转 zhuan4 going round, zhuan3 turning or passing on; 地 after a
     * particle starts a word (绕着|地球) */
    {"月亮绕着地球转", "yue4 liang5 rao4 zhe5 di4 qiu2 zhuan4"},
    {"月亮繞著地球轉", "yue4 liang5 rao4 zhe5 di4 qiu2 zhuan4"},
    {"他在院子里转了两圈", "ta1 zai4 yuan4 zi5 li3 zhuan4 le5 liang3 quan1"},
    {"他在院子裡轉了兩圈", "ta1 zai4 yuan4 zi5 li3 zhuan4 le5 liang3 quan1"},
    {"风扇一直转着", "feng1 shan4 yi4 zhi2 zhuan4 zhe5"},
    {"風扇一直轉著", "feng1 shan4 yi4 zhi2 zhuan4 zhe5"},
    {"到路口向右转", "dao4 lu4 kou3 xiang4 you4 zhuan3"},
    {"到路口向右轉", "dao4 lu4 kou3 xiang4 you4 zhuan3"},
    {"他绕过大楼又转回来", "ta1 rao4 guo4 da4 lou2 you4 zhuan3 hui2 lai2"},
    {"他繞過大樓又轉回來", "ta1 rao4 guo4 da4 lou2 you4 zhuan3 hui2 lai2"},
    {"这封信请转给他", "zhe4 feng1 xin4 qing3 zhuan3 gei3 ta1"},
    {"這封信請轉給他", "zhe4 feng1 xin4 qing3 zhuan3 gei3 ta1"},
    {"我们对着地图找路", "wo3 men5 dui4 zhe5 di4 tu2 zhao3 lu4"},
    {"我們對著地圖找路", "wo3 men5 dui4 zhe5 di4 tu2 zhao3 lu4"},
    /* V着 with the aspect particle; the dictionary word as a noun or a
     * result */
    {"他穿着凉鞋", "ta1 chuan1 zhe5 liang2 xie2"},
    {"他穿著涼鞋", "ta1 chuan1 zhe5 liang2 xie2"},
    {"她的穿着很讲究", "ta1 de5 chuan1 zhuo2 hen3 jiang3 jiu5"},
    {"她的穿著很講究", "ta1 de5 chuan1 zhuo2 hen3 jiang3 jiu5"},
    {"他点着头说好", "ta1 dian3 zhe5 tou2 shuo1 hao3"},
    {"他點著頭說好", "ta1 dian3 zhe5 tou2 shuo1 hao3"},
    {"火点着了", "huo3 dian3 zhao2 le5"},
    {"火點著了", "huo3 dian3 zhao2 le5"},
    {"他吸着烟", "ta1 xi1 zhe5 yan1"},
    {"他們執著於夢想", "ta1 men5 zhi2 zhuo2 yu2 meng4 xiang3"},
};

/* 一 and 不 sandhi; 3-3 sandhi is left to espeak-ng (tones stay 3). */
static const struct reading_case sandhi[] = {
    {"一百", "yi4 bai3"},
    {"一千", "yi4 qian1"},
    {"一萬", "yi2 wan4"},
    {"七千一百五十九", "qi1 qian1 yi4 bai3 wu3 shi2 jiu3"},
    {"一加一等於二", "yi4 jia1 yi1 deng3 yu2 er4"},
    {"一减一等于零", "yi4 jian3 yi1 deng3 yu2 ling2"},
    {"一二三", "yi1 er4 san1"},
    {"一點五", "yi1 dian3 wu3"},
    {"一點點", "yi4 dian3 dian3"},
    {"一月一日", "yi1 yue4 yi1 ri4"},
    {"每月一次", "mei3 yue4 yi2 ci4"},
    {"初一", "chu1 yi1"},
    {"十一", "shi2 yi1"},
    {"之一", "zhi1 yi1"},
    {"一", "yi1"},
    {"一樣", "yi2 yang4"},
    {"一起", "yi4 qi3"},
    {"一些", "yi4 xie1"},
    {"一直", "yi4 zhi2"},
    {"不去", "bu2 qu4"},
    {"不來", "bu4 lai2"},
    {"不想", "bu4 xiang3"},
    {"不", "bu4"},
    {"我很好", "wo3 hen3 hao3"},
    {"你好", "ni3 hao3"},
};

/* Punctuation inside a run: clause breaks become ", ", quotes a space,
 * anything else goes through. */
static const struct reading_case punct[] = {
    {"你好，我很好。", "ni3 hao3, wo3 hen3 hao3"},
    {"他說：「好。」", "ta1 shuo1, hao3"},
    {"蘋果、香蕉；橘子！", "ping2 guo3, xiang1 jiao1, ju2 zi5"},
    {"好,走", "hao3, zou3"},
    {"（注）", "zhu4"},
    {"《紅樓夢》", "hong2 lou2 meng4"},
    {"等等……好", "deng3 deng3, hao3"},
    {"他——我", "ta1, wo3"},
    {"共3.14米", "gong4 3.14 mi3"},
    {"。！", ""},
    {"", ""},
};

static struct ldu_lexicon *load_builtin(void) {
  struct ldu_lexicon *lex = NULL;
  struct ldu_error err;
  ldu_error_clear(&err);
  CHECK_INT(ldu_lexicon_new(&lex), LDU_OK);
  if (lex == NULL)
    return NULL;
  CHECK_INT(ldu_lexicon_load(lex, LEXICON, &err), LDU_OK);
  return lex;
}

static char *reading(const struct ldu_lexicon *lex, const char *text) {
  struct ldu_buf b;
  ldu_buf_init(&b, 1 << 20);
  if (ldu_reading_pinyin(lex, text, strlen(text), &b) != LDU_OK) {
    ldu_buf_free(&b);
    return NULL;
  }
  if (b.data == NULL)
    ldu_buf_adds(&b, "");
  return ldu_buf_detach(&b);
}

static void check_table(const struct ldu_lexicon *lex,
                        const struct reading_case *cases, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    char *got = reading(lex, cases[i].in);
    if (got == NULL || strcmp(got, cases[i].want) != 0)
      fprintf(stderr, "  reading of \"%s\"\n", cases[i].in);
    CHECK_STR(got, cases[i].want);
    free(got);
  }
}

static void check_segment(const struct ldu_lexicon *lex) {
  struct ldu_buf b;
  const char *text = "銀行行長說，這個行業不好做";
  ldu_buf_init(&b, 1 << 16);
  CHECK_INT(ldu_reading_segment(lex, text, strlen(text), &b), LDU_OK);
  CHECK_STR(b.data, "銀行|行長|說 這個|行業|不好|做");
  ldu_buf_free(&b);
}

/* A user lexicon read after the built-in one overrides it. */
static void check_user_lexicon(struct ldu_lexicon *lex) {
  static const char user[] = "# my readings\n"
                             "行業\txing2 ye4\n"
                             "朗讀器\tlang3 du2 qi4\n";
  struct ldu_error err;
  char *got;
  ldu_error_clear(&err);
  got = reading(lex, "行業");
  CHECK_STR(got, "hang2 ye4");
  free(got);
  CHECK_INT(ldu_lexicon_load_mem(lex, user, sizeof user - 1, "user.tsv", &err),
            LDU_OK);
  got = reading(lex, "這個行業");
  CHECK_STR(got, "zhe4 ge5 xing2 ye4");
  free(got);
  got = reading(lex, "朗讀器");
  CHECK_STR(got, "lang3 du2 qi4");
  free(got);
}

/* The plan turns Mandarin runs into pinyin and leaves English alone. */
static void check_plan(const struct ldu_lexicon *lex) {
  struct ldu_plan plan;
  CHECK_INT(ldu_plan_sentence("知名AI研究員說，行業變了。", lex, &plan),
            LDU_OK);
  CHECK_INT(plan.n, 3);
  if (plan.n == 3) {
    CHECK_INT(plan.runs[0].voice, LDU_VOICE_ZH);
    CHECK_INT(plan.runs[0].form, LDU_RUN_PINYIN);
    CHECK_STR(plan.runs[0].text, "zhi1 ming2");
    CHECK_INT(plan.runs[1].voice, LDU_VOICE_EN);
    CHECK_INT(plan.runs[1].form, LDU_RUN_TEXT);
    CHECK_STR(plan.runs[1].text, "AI");
    CHECK_INT(plan.runs[2].form, LDU_RUN_PINYIN);
    CHECK_STR(plan.runs[2].text, "yan2 jiu1 yuan2 shuo1, hang2 ye4 bian4 le5");
  }
  ldu_plan_free(&plan);
  CHECK_INT(ldu_plan_sentence("行業", NULL, &plan), LDU_OK);
  CHECK_INT(plan.n, 1);
  if (plan.n == 1) {
    CHECK_INT(plan.runs[0].form, LDU_RUN_TEXT);
    CHECK_STR(plan.runs[0].text, "行業");
  }
  ldu_plan_free(&plan);
}

int main(void) {
  struct ldu_lexicon *lex = load_builtin();
  if (lex == NULL)
    return test_summary();
  CHECK(sizeof polyphones / sizeof polyphones[0] >= 100);
  check_table(lex, polyphones, sizeof polyphones / sizeof polyphones[0]);
  check_table(lex, sandhi, sizeof sandhi / sizeof sandhi[0]);
  check_table(lex, punct, sizeof punct / sizeof punct[0]);
  check_segment(lex);
  check_plan(lex);
  check_user_lexicon(lex);
  ldu_lexicon_free(lex);
  return test_summary();
}
