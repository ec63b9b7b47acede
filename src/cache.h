/* cache: a content-addressed store of synthesised sentences.
 *
 * The key is a SHA-256 over everything that changes a sentence's audio
 * (langdu's version, the voice files, rate/pitch/volume, and every run of
 * the reading plan with its voice, form, text and pause); the value is the
 * sentence's PCM (mono, signed 16-bit, native byte order).  A re-run after
 * an edit synthesises only the sentences whose key changed; an interrupted
 * run resumes from what is stored.  Entries are written to a temporary
 * name and renamed, so a reader never sees half an entry, and several
 * processes may share one cache. */
#ifndef LDU_CACHE_H
#define LDU_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "hash.h"
#include "synth.h"

struct ldu_cache;
struct ldu_cache_entry;

/** Open (creating it) the cache folder `dir`.  On LDU_OK `*out` belongs
 *  to the caller (ldu_cache_free()).  LDU_ERR_IO with path and errno when
 *  the folder cannot be made. */
enum ldu_status ldu_cache_open(const char *dir, struct ldu_cache **out,
                               struct ldu_error *err);

/** Free `c`; NULL is a no-op. */
void ldu_cache_free(struct ldu_cache *c);

/** Default folder: $XDG_CACHE_HOME/langdu, else $HOME/.cache/langdu.
 *  Returns a string the caller frees; NULL when neither is set or out of
 *  memory. */
char *ldu_cache_default_dir(void);

/** Look `key` up.  On a hit (`*hit` = 1) the stored PCM goes to `sink`
 *  and `*frames` gets its length; on a miss `*hit` = 0 and nothing is
 *  called.  A damaged entry counts as a miss. */
enum ldu_status ldu_cache_get(struct ldu_cache *c, const char *key,
                              ldu_pcm_fn sink, void *user, int64_t *frames,
                              int *hit, struct ldu_error *err);

/** Start storing `key`.  Feed the PCM with ldu_cache_entry_write(), then
 *  ldu_cache_entry_commit() or ldu_cache_entry_abort(). */
enum ldu_status ldu_cache_entry_begin(struct ldu_cache *c, const char *key,
                                      struct ldu_cache_entry **out,
                                      struct ldu_error *err);
enum ldu_status ldu_cache_entry_write(struct ldu_cache_entry *e,
                                      const int16_t *pcm, size_t frames);
/** Publish the entry and free `e` in every case. */
enum ldu_status ldu_cache_entry_commit(struct ldu_cache_entry *e,
                                       struct ldu_error *err);
/** Drop the entry and free `e`; NULL is a no-op. */
void ldu_cache_entry_abort(struct ldu_cache_entry *e);

/** Store `n` bytes under `key` as a record (not PCM), replacing what was
 *  there, atomically. */
enum ldu_status ldu_cache_put_record(struct ldu_cache *c, const char *key,
                                     const void *data, size_t n,
                                     struct ldu_error *err);

/** The record under `key` in `*data` (free() it) and `*n`; `*data` is
 *  NULL when there is none. */
enum ldu_status ldu_cache_get_record(struct ldu_cache *c, const char *key,
                                     char **data, size_t *n);

#endif
