/* feed: feed.xml, an RSS 2.0 podcast feed with the itunes and podcast
 * (Podcasting 2.0) namespaces -- one item per audio file, with its
 * enclosure, duration, chapters and transcripts.  Written with libxml2's
 * xmlTextWriter, which does the escaping. */
#ifndef LDU_FEED_H
#define LDU_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"
#include "error.h"
#include "sink.h"

struct ldu_feed_item {
  const char *title;
  const char *description; /* may be NULL */
  const char *audio;       /* path relative to the feed */
  int64_t audio_size;      /* bytes */
  int64_t duration_ms;
  const char *chapters;    /* chapters JSON path; NULL: none */
  const char *vtt;         /* transcript paths; NULL: none */
  const char *srt;
  const char *guid;        /* stable, not a URL */
  int episode;             /* 1-based */
  int64_t date;            /* pubDate, seconds since the epoch, UTC */
};

struct ldu_feed {
  const char *title;
  const char *description;
  const char *language;  /* "zh-Hant" */
  const char *author;    /* may be NULL */
  const char *cover;     /* image URL or relative path; may be NULL */
  const char *base_url;  /* NULL: every link stays relative */
  const char *generator;
  const char *audio_type; /* enclosure MIME type */
  int64_t date;           /* the channel's pubDate */
  const struct ldu_feed_item *items;
  size_t n_items;
};

/** MIME type of `fmt` for an enclosure ("audio/wav"); NULL if unknown. */
const char *ldu_feed_mime(enum ldu_format fmt);

/** Parse "YYYY" or "YYYY-MM-DD" (midnight UTC) into seconds since the
 *  epoch; LDU_ERR_USAGE when it is neither. */
enum ldu_status ldu_feed_date_parse(const char *s, int64_t *out);

/** RFC 822 date, "Mon, 01 Dec 2025 00:00:00 GMT", into `buf`. */
void ldu_feed_date_format(int64_t t, char buf[64]);

/** `path` as a URL: percent-encoded, after `base` and a '/' when `base`
 *  is not NULL.  Caller frees; NULL when out of memory. */
char *ldu_feed_url(const char *base, const char *path);

/** Write `feed` to `sink`.  LDU_ERR_USAGE for a missing title or text
 *  that is not UTF-8, LDU_ERR_IO when the sink fails, LDU_ERR_NOMEM. */
enum ldu_status ldu_feed_write(const struct ldu_feed *feed,
                               const struct ldu_sink *sink,
                               struct ldu_error *err);

#endif
