/* The RSS feed: dates, URLs, and a whole feed written to memory and read
 * back with libxml2. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "test.h"

static const struct {
  const char *in;
  enum ldu_status st;
  int64_t want;
} dates[] = {
    {"1970", LDU_OK, 0},
    {"2025-12-01", LDU_OK, 1764547200},
    {"2024-02-29", LDU_OK, 1709164800},
    {"2023-02-29", LDU_ERR_USAGE, 0},
    {"2025-13-01", LDU_ERR_USAGE, 0},
    {"2025-1-01", LDU_ERR_USAGE, 0},
    {"1969", LDU_ERR_USAGE, 0},
    {"", LDU_ERR_USAGE, 0},
    {"20251", LDU_ERR_USAGE, 0},
    {"2025-12-01T00:00", LDU_ERR_USAGE, 0},
};

static const struct {
  int64_t t;
  const char *want;
} rfc822[] = {
    {0, "Thu, 01 Jan 1970 00:00:00 GMT"},
    {1764547200, "Mon, 01 Dec 2025 00:00:00 GMT"},
    {1709164800 + 86399, "Thu, 29 Feb 2024 23:59:59 GMT"},
    {951782400, "Tue, 29 Feb 2000 00:00:00 GMT"},
};

static const struct {
  const char *base;
  const char *path;
  const char *want;
} urls[] = {
    {NULL, "01-intro.wav", "01-intro.wav"},
    {NULL, "01-開始 a&b.wav", "01-%E9%96%8B%E5%A7%8B%20a%26b.wav"},
    {"https://x.org/pod", "a.wav", "https://x.org/pod/a.wav"},
    {"https://x.org/pod/", "a.wav", "https://x.org/pod/a.wav"},
    {"https://x.org", "", "https://x.org/"},
    {NULL, "", ""},
};

static void test_dates(void) {
  size_t i;
  char buf[64];
  for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    int64_t t = -1;
    CHECK_INT(ldu_feed_date_parse(dates[i].in, &t), dates[i].st);
    if (dates[i].st == LDU_OK)
      CHECK_INT(t, dates[i].want);
  }
  for (i = 0; i < sizeof rfc822 / sizeof rfc822[0]; i++) {
    ldu_feed_date_format(rfc822[i].t, buf);
    CHECK_STR(buf, rfc822[i].want);
  }
}

static void test_urls(void) {
  size_t i;
  for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
    char *u = ldu_feed_url(urls[i].base, urls[i].path);
    CHECK_STR(u, urls[i].want);
    free(u);
  }
  CHECK_STR(ldu_feed_mime(LDU_FORMAT_WAV), "audio/wav");
  CHECK_STR(ldu_feed_mime(LDU_FORMAT_MP3), "audio/mpeg");
  CHECK_STR(ldu_feed_mime(LDU_FORMAT_OPUS), "audio/opus");
  CHECK_STR(ldu_feed_mime(LDU_FORMAT_FLAC), "audio/flac");
  CHECK_STR(ldu_feed_mime(LDU_FORMAT_OGG), "audio/ogg");
  CHECK(ldu_feed_mime(LDU_FORMAT_COUNT) == NULL);
}

static char *write_feed(const struct ldu_feed *f, enum ldu_status *st,
                        size_t *len) {
  char *mem = NULL;
  FILE *out = open_memstream(&mem, len);
  struct ldu_sink sink;
  if (out == NULL)
    return NULL;
  sink = ldu_sink_file(out);
  *st = ldu_feed_write(f, &sink, NULL);
  fclose(out);
  return mem;
}

/* The string value of XPath `expr` in `doc`; caller frees. */
static char *xpath(xmlDocPtr doc, const char *expr) {
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr r;
  char *s = NULL;
  if (ctx == NULL)
    return NULL;
  xmlXPathRegisterNs(ctx, (const xmlChar *)"itunes",
                     (const xmlChar *)"http://www.itunes.com/dtds/"
                                      "podcast-1.0.dtd");
  xmlXPathRegisterNs(ctx, (const xmlChar *)"podcast",
                     (const xmlChar *)"https://podcastindex.org/namespace/"
                                      "1.0");
  r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
  if (r != NULL) {
    xmlChar *v = xmlXPathCastToString(r);
    if (v != NULL)
      s = strdup((const char *)v);
    xmlFree(v);
    xmlXPathFreeObject(r);
  }
  xmlXPathFreeContext(ctx);
  return s;
}

static const struct ldu_feed_item items[] = {
    {"第一節 <&>", "介紹 & \"更多\"", "01-第一節.wav", 123456, 61500,
     "01-第一節.chapters.json", "01-第一節.vtt", "01-第一節.srt", "guid-1", 1,
     1764547200},
    {"Two", NULL, "02-two.wav", 42, 499, NULL, NULL, NULL, "guid-2", 2,
     1764547201},
};

static const struct {
  const char *base;
  const char *expr;
  const char *want;
} checks[] = {
    {NULL, "string(/rss/@version)", "2.0"},
    {NULL, "string(/rss/channel/title)", "文章 & <標題>"},
    {NULL, "string(/rss/channel/language)", "zh-Hant"},
    {NULL, "string(/rss/channel/itunes:author)", "作者"},
    {NULL, "string(/rss/channel/itunes:image/@href)", "cover.jpg"},
    {NULL, "string(/rss/channel/pubDate)", "Mon, 01 Dec 2025 00:00:00 GMT"},
    {NULL, "count(/rss/channel/item)", "2"},
    {NULL, "string(/rss/channel/item[1]/title)", "第一節 <&>"},
    {NULL, "string(/rss/channel/item[1]/description)", "介紹 & \"更多\""},
    {NULL, "string(/rss/channel/item[1]/enclosure/@url)",
     "01-%E7%AC%AC%E4%B8%80%E7%AF%80.wav"},
    {NULL, "string(/rss/channel/item[1]/enclosure/@length)", "123456"},
    {NULL, "string(/rss/channel/item[1]/enclosure/@type)", "audio/wav"},
    {NULL, "string(/rss/channel/item[1]/guid)", "guid-1"},
    {NULL, "string(/rss/channel/item[1]/guid/@isPermaLink)", "false"},
    {NULL, "string(/rss/channel/item[1]/itunes:duration)", "62"},
    {NULL, "string(/rss/channel/item[1]/itunes:episode)", "1"},
    {NULL, "string(/rss/channel/item[1]/podcast:chapters/@type)",
     "application/json+chapters"},
    {NULL, "string(/rss/channel/item[1]/podcast:transcript[1]/@type)",
     "text/vtt"},
    {NULL, "string(/rss/channel/item[1]/podcast:transcript[2]/@type)",
     "application/x-subrip"},
    {NULL, "string(/rss/channel/item[2]/pubDate)",
     "Mon, 01 Dec 2025 00:00:01 GMT"},
    {NULL, "string(/rss/channel/item[2]/itunes:duration)", "0"},
    {NULL, "count(/rss/channel/item[2]/podcast:chapters)", "0"},
    {NULL, "count(/rss/channel/item[2]/podcast:transcript)", "0"},
    {NULL, "count(/comment())", "1"},
    {"https://example.org/pod", "count(/comment())", "0"},
    {"https://example.org/pod", "string(/rss/channel/link)",
     "https://example.org/pod/"},
    {"https://example.org/pod",
     "string(/rss/channel/item[2]/enclosure/@url)",
     "https://example.org/pod/02-two.wav"},
    {"https://example.org/pod",
     "string(/rss/channel/item[1]/podcast:transcript[1]/@url)",
     "https://example.org/pod/01-%E7%AC%AC%E4%B8%80%E7%AF%80.vtt"},
    {"https://example.org/pod", "string(/rss/channel/itunes:image/@href)",
     "https://example.org/pod/cover.jpg"},
};

static void test_feed(void) {
  struct ldu_feed f;
  size_t i;
  memset(&f, 0, sizeof f);
  f.title = "文章 & <標題>";
  f.description = "簡介";
  f.language = "zh-Hant";
  f.author = "作者";
  f.cover = "cover.jpg";
  f.generator = "langdu test";
  f.audio_type = "audio/wav";
  f.date = 1764547200;
  f.items = items;
  f.n_items = 2;
  for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
    enum ldu_status st = LDU_ERR_IO;
    size_t len = 0;
    char *xml;
    xmlDocPtr doc;
    char *got;
    f.base_url = checks[i].base;
    xml = write_feed(&f, &st, &len);
    CHECK_INT(st, LDU_OK);
    doc = xml != NULL ? xmlReadMemory(xml, (int)len, "feed.xml", "UTF-8",
                                      XML_PARSE_NONET)
                      : NULL;
    CHECK(doc != NULL);
    got = doc != NULL ? xpath(doc, checks[i].expr) : NULL;
    CHECK_STR(got, checks[i].want);
    free(got);
    xmlFreeDoc(doc);
    free(xml);
  }
  /* same input, same bytes */
  {
    enum ldu_status st;
    size_t la = 0;
    size_t lb = 0;
    char *a;
    char *b;
    f.base_url = NULL;
    a = write_feed(&f, &st, &la);
    b = write_feed(&f, &st, &lb);
    CHECK(a != NULL && b != NULL && la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
  }
  /* text that is not UTF-8 is refused, not written */
  {
    enum ldu_status st = LDU_OK;
    size_t len = 0;
    f.title = "bad \xff";
    free(write_feed(&f, &st, &len));
    CHECK_INT(st, LDU_ERR_USAGE);
    f.title = "bell \a";
    free(write_feed(&f, &st, &len));
    CHECK_INT(st, LDU_ERR_USAGE);
    f.title = NULL;
    free(write_feed(&f, &st, &len));
    CHECK_INT(st, LDU_ERR_USAGE);
  }
}

int main(void) {
  test_dates();
  test_urls();
  test_feed();
  xmlCleanupParser();
  return test_summary();
}
