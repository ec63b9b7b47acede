/* feed: RSS 2.0 + itunes + podcast namespaces with libxml2. */
#include "feed.h"

#include <inttypes.h>
#include <libxml/encoding.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_PODCAST "https://podcastindex.org/namespace/1.0"

static const char *const mimes[LDU_FORMAT_COUNT] = {
    [LDU_FORMAT_WAV] = "audio/wav",   [LDU_FORMAT_FLAC] = "audio/flac",
    [LDU_FORMAT_OGG] = "audio/ogg",   [LDU_FORMAT_OPUS] = "audio/opus",
    [LDU_FORMAT_MP3] = "audio/mpeg",
};

const char *ldu_feed_mime(enum ldu_format fmt) {
  if ((unsigned)fmt >= LDU_FORMAT_COUNT)
    return NULL;
  return mimes[fmt];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  int64_t era;
  int64_t yoe;
  int64_t doy;
  int64_t doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int digits(const char *s, size_t n, int *out) {
  size_t i;
  int v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

enum ldu_status ldu_feed_date_parse(const char *s, int64_t *out) {
  static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
  size_t n = s != NULL ? strlen(s) : 0;
  int y;
  int m = 1;
  int d = 1;
  if (n != 4 && n != 10)
    return LDU_ERR_USAGE;
  if (digits(s, 4, &y) != 0 || y < 1970)
    return LDU_ERR_USAGE;
  if (n == 10) {
    if (s[4] != '-' || s[7] != '-' || digits(s + 5, 2, &m) != 0 ||
        digits(s + 8, 2, &d) != 0 || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1])
      return LDU_ERR_USAGE;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
      return LDU_ERR_USAGE;
  }
  *out = days_from_civil(y, m, d) * 86400;
  return LDU_OK;
}

void ldu_feed_date_format(int64_t t, char buf[64]) {
  static const char *const wd[7] = {"Thu", "Fri", "Sat", "Sun",
                                    "Mon", "Tue", "Wed"};
  static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr",
                                      "May", "Jun", "Jul", "Aug",
                                      "Sep", "Oct", "Nov", "Dec"};
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t w = ((days % 7) + 7) % 7;
  if (m <= 2)
    y++;
  snprintf(buf, 64, "%s, %02d %s %04" PRId64 " %02d:%02d:%02d GMT", wd[w],
           (int)d, mon[m - 1], y, (int)(secs / 3600), (int)(secs / 60 % 60),
           (int)(secs % 60));
}

char *ldu_feed_url(const char *base, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  struct ldu_buf b;
  const unsigned char *p;
  enum ldu_status st = LDU_OK;
  ldu_buf_init(&b, 1 << 16);
  if (base != NULL) {
    size_t n = strlen(base);
    st = ldu_buf_add(&b, base, n);
    if (st == LDU_OK && (n == 0 || base[n - 1] != '/'))
      st = ldu_buf_addc(&b, '/');
  }
  for (p = (const unsigned char *)path; *p != '\0' && st == LDU_OK; p++) {
    int keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
               (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL;
    if (keep) {
      st = ldu_buf_addc(&b, (char)*p);
    } else {
      char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      st = ldu_buf_add(&b, e, 3);
    }
  }
  if (st == LDU_OK && b.data == NULL)
    st = ldu_buf_adds(&b, "");
  if (st != LDU_OK) {
    ldu_buf_free(&b);
    return NULL;
  }
  return ldu_buf_detach(&b);
}

static int sink_io(void *ctx, const char *p, int n) {
  const struct ldu_sink *s = ctx;
  if (n <= 0)
    return 0;
  return ldu_sink_write(s, p, (size_t)n) == LDU_OK ? n : -1;
}

static int sink_close(void *ctx) {
  (void)ctx;
  return 0;
}

typedef const xmlChar *X;

/* Each writer call returns < 0 on failure; `rc` collects them. */
struct w {
  xmlTextWriterPtr x;
  const char *base;
  int rc;
};

static void ok(struct w *w, int r) {
  if (r < 0)
    w->rc = -1;
}

/* XML 1.0 takes valid UTF-8 without C0 controls other than TAB, LF, CR;
 * anything else would make the feed unreadable, so it is refused. */
static int xml_text(struct w *w, const char *s) {
  const unsigned char *p;
  if (w->rc != 0)
    return 0;
  for (p = (const unsigned char *)s; *p != '\0'; p++)
    if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      break;
  if (*p != '\0' || !xmlCheckUTF8((const xmlChar *)s)) {
    w->rc = -3;
    return 0;
  }
  return 1;
}

static void elem(struct w *w, const char *name, const char *text) {
  if (text != NULL && xml_text(w, text))
    ok(w, xmlTextWriterWriteElement(w->x, (X)name, (X)text));
}

static void start(struct w *w, const char *name) {
  if (w->rc == 0)
    ok(w, xmlTextWriterStartElement(w->x, (X)name));
}

static void end(struct w *w) {
  if (w->rc == 0)
    ok(w, xmlTextWriterEndElement(w->x));
}

static void attr(struct w *w, const char *name, const char *value) {
  if (value != NULL && xml_text(w, value))
    ok(w, xmlTextWriterWriteAttribute(w->x, (X)name, (X)value));
}

static void url_attr(struct w *w, const char *name, const char *path) {
  char *u;
  if (w->rc != 0)
    return;
  u = ldu_feed_url(w->base, path);
  if (u == NULL) {
    w->rc = -2;
    return;
  }
  attr(w, name, u);
  free(u);
}

static int is_url(const char *s) {
  return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static void transcript(struct w *w, const char *path, const char *type,
                       const char *lang) {
  if (path == NULL)
    return;
  start(w, "podcast:transcript");
  url_attr(w, "url", path);
  attr(w, "type", type);
  attr(w, "language", lang);
  attr(w, "rel", "captions");
  end(w);
}

static void item(struct w *w, const struct ldu_feed *f,
                 const struct ldu_feed_item *it) {
  char date[64];
  char num[32];
  start(w, "item");
  elem(w, "title", it->title);
  elem(w, "description", it->description);
  start(w, "enclosure");
  url_attr(w, "url", it->audio);
  snprintf(num, sizeof num, "%" PRId64, it->audio_size);
  attr(w, "length", num);
  attr(w, "type", f->audio_type);
  end(w);
  start(w, "guid");
  attr(w, "isPermaLink", "false");
  if (xml_text(w, it->guid))
    ok(w, xmlTextWriterWriteString(w->x, (X)it->guid));
  end(w);
  ldu_feed_date_format(it->date, date);
  elem(w, "pubDate", date);
  snprintf(num, sizeof num, "%" PRId64, (it->duration_ms + 500) / 1000);
  elem(w, "itunes:duration", num);
  snprintf(num, sizeof num, "%d", it->episode);
  elem(w, "itunes:episode", num);
  elem(w, "itunes:episodeType", "full");
  elem(w, "itunes:explicit", "false");
  if (it->chapters != NULL) {
    start(w, "podcast:chapters");
    url_attr(w, "url", it->chapters);
    attr(w, "type", "application/json+chapters");
    end(w);
  }
  transcript(w, it->vtt, "text/vtt", f->language);
  transcript(w, it->srt, "application/x-subrip", f->language);
  end(w);
}

enum ldu_status ldu_feed_write(const struct ldu_feed *f,
                               const struct ldu_sink *sink,
                               struct ldu_error *err) {
  xmlOutputBufferPtr ob;
  struct w w;
  char date[64];
  size_t i;

  if (f == NULL || f->title == NULL || f->audio_type == NULL ||
      (f->items == NULL && f->n_items > 0))
    return LDU_ERR_USAGE;
  for (i = 0; i < f->n_items; i++)
    if (f->items[i].audio == NULL || f->items[i].guid == NULL ||
        f->items[i].title == NULL)
      return LDU_ERR_USAGE;
  ob = xmlOutputBufferCreateIO(sink_io, sink_close, (void *)sink, NULL);
  if (ob == NULL)
    return LDU_ERR_NOMEM;
  memset(&w, 0, sizeof w);
  w.base = f->base_url;
  w.x = xmlNewTextWriter(ob); /* owns ob from here on */
  if (w.x == NULL) {
    xmlOutputBufferClose(ob);
    return LDU_ERR_NOMEM;
  }
  ok(&w, xmlTextWriterSetIndent(w.x, 1));
  ok(&w, xmlTextWriterSetIndentString(w.x, (X) "  "));
  ok(&w, xmlTextWriterStartDocument(w.x, "1.0", "UTF-8", NULL));
  if (f->base_url == NULL && w.rc == 0)
    ok(&w, xmlTextWriterWriteComment(
               w.x, (X) " Links are relative to this file. Podcast apps "
                        "need absolute links: publish the folder and run "
                        "langdu again with the base-url option. "));
  start(&w, "rss");
  attr(&w, "version", "2.0");
  attr(&w, "xmlns:itunes", NS_ITUNES);
  attr(&w, "xmlns:podcast", NS_PODCAST);
  start(&w, "channel");
  elem(&w, "title", f->title);
  if (w.rc == 0) {
    char *link = ldu_feed_url(f->base_url, "");
    if (link == NULL)
      w.rc = -2;
    elem(&w, "link", link != NULL && link[0] != '\0' ? link : "./");
    free(link);
  }
  elem(&w, "description", f->description != NULL ? f->description : f->title);
  elem(&w, "language", f->language);
  elem(&w, "generator", f->generator);
  ldu_feed_date_format(f->date, date);
  elem(&w, "pubDate", date);
  elem(&w, "lastBuildDate", date);
  elem(&w, "itunes:author", f->author);
  elem(&w, "itunes:summary", f->description);
  elem(&w, "itunes:type", "serial");
  elem(&w, "itunes:explicit", "false");
  if (f->cover != NULL) {
    start(&w, "itunes:image");
    if (is_url(f->cover))
      attr(&w, "href", f->cover);
    else
      url_attr(&w, "href", f->cover);
    end(&w);
  }
  for (i = 0; i < f->n_items; i++)
    item(&w, f, &f->items[i]);
  if (w.rc == 0)
    ok(&w, xmlTextWriterEndDocument(w.x));
  if (w.rc == 0)
    ok(&w, xmlTextWriterFlush(w.x));
  xmlFreeTextWriter(w.x);
  if (w.rc == -2)
    return LDU_ERR_NOMEM;
  if (w.rc == -3) {
    ldu_error_detail(err, "text for the feed is not valid UTF-8 or holds "
                          "control characters");
    return LDU_ERR_USAGE;
  }
  if (w.rc != 0) {
    ldu_error_detail(err, "writing the feed failed");
    return LDU_ERR_IO;
  }
  return LDU_OK;
}
