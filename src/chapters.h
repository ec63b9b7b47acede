/* chapters: chapter lists as files beside the audio -- Podcasting 2.0
 * JSON chapters (chapter_json.c), which AntennaPod and Apple Podcasts
 * fetch through the feed's podcast:chapters.  Chapters are struct
 * ldu_chapter (audio.h), timed in sample frames. */
#ifndef LDU_CHAPTERS_H
#define LDU_CHAPTERS_H

#include <stddef.h>

#include "audio.h"
#include "error.h"
#include "sink.h"

/* The version of the Podcasting 2.0 chapters format we write. */
#define LDU_CHAPTER_JSON_VERSION "1.2.0"

/** Write `n` chapters (`ch` sorted by start; may be NULL when n is 0),
 *  timed in frames at `rate` Hz, as Podcasting 2.0 JSON chapters to
 *  `sink`: {"version":"1.2.0", "title":..., "chapters":[{"startTime":s,
 *  "endTime":s, "title":...}]}, seconds to the millisecond.  `title` (the
 *  file's; may be NULL) is left out when NULL.  LDU_ERR_USAGE for a bad
 *  rate, unsorted or negative times or a title that is not UTF-8,
 *  LDU_ERR_IO when the sink fails, LDU_ERR_NOMEM. */
enum ldu_status ldu_chapter_json_write(const struct ldu_chapter *ch, size_t n,
                                       int rate, const char *title,
                                       const struct ldu_sink *sink);

#endif
