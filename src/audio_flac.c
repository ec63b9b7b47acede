/* audio_flac: 16-bit mono FLAC through libsndfile, then the tags and
 * chapters as a VORBIS_COMMENT block (vorbis_comment.h), the cover as a
 * PICTURE block and PADDING, put in with libFLAC's metadata chain API
 * after sf_close().
 *
 * No CUESHEET: it carries no titles, and ffmpeg then reports every chapter
 * twice (track numbers and CHAPTERnnn ids differ; design.md §5).  Blocks
 * of those kinds that libsndfile or libFLAC wrote (an empty comment,
 * padding) are dropped first, so the file holds exactly one of each. */
#include "audio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <FLAC/metadata.h>
#include <sndfile.h>

#include "buf.h"
#include "cleanup.h"
#include "picture.h"
#include "vorbis_comment.h"

/* Room left for editing the tags later without rewriting the file. */
#define LDU_FLAC_PADDING 4096
/* Cap on the comment block: FLAC's block length field is 24 bits. */
#define LDU_FLAC_BLOCK_MAX ((size_t)(1u << 24) - 1)

struct flac {
  SNDFILE *sf;
  char *path;
  int rate;
};

static void flac_free(struct flac *f) {
  if (f == NULL)
    return;
  if (f->sf != NULL)
    sf_close(f->sf);
  free(f->path);
  free(f);
}

static enum ldu_status flac_open(void **state, const char *path,
                                 const struct ldu_audio_opts *opts,
                                 struct ldu_error *err) {
  struct flac *f;
  SF_INFO info;
  size_t len = strlen(path);
  enum ldu_status st = LDU_OK;
  f = calloc(1, sizeof *f);
  if (f == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  f->path = malloc(len + 1);
  if (f->path == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, errno);
    goto out;
  }
  memcpy(f->path, path, len + 1);
  f->rate = opts->rate;
  memset(&info, 0, sizeof info);
  info.samplerate = opts->rate;
  info.channels = 1;
  info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
  errno = 0;
  f->sf = sf_open(path, SFM_WRITE, &info);
  if (f->sf == NULL) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    ldu_error_detail(err, "%s", sf_strerror(NULL));
    goto out;
  }
out:
  if (st != LDU_OK) {
    flac_free(f);
    f = NULL;
  }
  *state = f;
  return st;
}

static enum ldu_status flac_write(void *state, const int16_t *pcm,
                                  size_t frames, struct ldu_error *err) {
  struct flac *f = state;
  sf_count_t got;
  if (frames > (uint64_t)INT64_MAX)
    return ldu_error_set(err, LDU_ERR_USAGE, f->path, 0);
  got = sf_writef_short(f->sf, pcm, (sf_count_t)frames);
  if (got != (sf_count_t)frames) {
    ldu_error_set(err, LDU_ERR_ENCODE, f->path, errno);
    ldu_error_detail(err, "%s", sf_strerror(f->sf));
    return LDU_ERR_ENCODE;
  }
  return LDU_OK;
}

/* The VORBIS_COMMENT block for `vc`, with libFLAC's vendor string. */
static FLAC__StreamMetadata *comment_block(const struct ldu_vc *vc) {
  FLAC__StreamMetadata *b =
      FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT);
  const unsigned char *p = (const unsigned char *)vc->b.data;
  size_t at = 0;
  uint32_t i;
  if (b == NULL)
    return NULL;
  for (i = 0; i < vc->n; i++) {
    FLAC__StreamMetadata_VorbisComment_Entry e;
    e.length = (FLAC__uint32)p[at] | (FLAC__uint32)p[at + 1] << 8 |
               (FLAC__uint32)p[at + 2] << 16 | (FLAC__uint32)p[at + 3] << 24;
    e.entry = (FLAC__byte *)(p + at + 4);
    if (!FLAC__metadata_object_vorbiscomment_append_comment(b, e, true)) {
      FLAC__metadata_object_delete(b);
      return NULL;
    }
    at += 4 + (size_t)e.length;
  }
  return b;
}

static FLAC__StreamMetadata *picture_block(const struct ldu_picture *pic) {
  FLAC__StreamMetadata *b =
      FLAC__metadata_object_new(FLAC__METADATA_TYPE_PICTURE);
  if (b == NULL)
    return NULL;
  b->data.picture.type = FLAC__STREAM_METADATA_PICTURE_TYPE_FRONT_COVER;
  b->data.picture.width = pic->width;
  b->data.picture.height = pic->height;
  b->data.picture.depth = pic->depth;
  b->data.picture.colors = 0;
  if (!FLAC__metadata_object_picture_set_mime_type(b, (char *)pic->mime,
                                                   true) ||
      !FLAC__metadata_object_picture_set_data(b, pic->data,
                                              (FLAC__uint32)pic->len, true)) {
    FLAC__metadata_object_delete(b);
    return NULL;
  }
  return b;
}

/* Replace the comment, picture, cue sheet and padding blocks of the file
 * `chain` was read from with ours. */
static enum ldu_status put_blocks(struct flac *f, FLAC__Metadata_Chain *chain,
                                  const struct ldu_vc *vc,
                                  const struct ldu_picture *pic,
                                  struct ldu_error *err) {
  FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new();
  FLAC__StreamMetadata *blocks[3] = {NULL, NULL, NULL};
  size_t nb = 0;
  size_t i;
  enum ldu_status st = LDU_OK;
  if (it == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, f->path, 0);
    goto out;
  }
  FLAC__metadata_iterator_init(it, chain);
  do {
    FLAC__MetadataType t = FLAC__metadata_iterator_get_block_type(it);
    if (t == FLAC__METADATA_TYPE_VORBIS_COMMENT ||
        t == FLAC__METADATA_TYPE_PICTURE || t == FLAC__METADATA_TYPE_PADDING ||
        t == FLAC__METADATA_TYPE_CUESHEET) {
      /* moves the iterator to the block before (STREAMINFO stays) */
      if (!FLAC__metadata_iterator_delete_block(it, false)) {
        st = ldu_error_set(err, LDU_ERR_NOMEM, f->path, 0);
        goto out;
      }
    }
  } while (FLAC__metadata_iterator_next(it));
  blocks[nb++] = comment_block(vc);
  if (pic != NULL)
    blocks[nb++] = picture_block(pic);
  blocks[nb] = FLAC__metadata_object_new(FLAC__METADATA_TYPE_PADDING);
  if (blocks[nb] != NULL)
    blocks[nb]->length = LDU_FLAC_PADDING;
  nb++;
  for (i = 0; i < nb; i++) {
    if (blocks[i] == NULL) {
      st = ldu_error_set(err, LDU_ERR_NOMEM, f->path, 0);
      goto out;
    }
  }
  /* after STREAMINFO, in order: comments, picture, padding */
  FLAC__metadata_iterator_init(it, chain);
  for (i = 0; i < nb; i++) {
    if (!FLAC__metadata_iterator_insert_block_after(it, blocks[i])) {
      st = ldu_error_set(err, LDU_ERR_NOMEM, f->path, 0);
      goto out;
    }
    blocks[i] = NULL; /* the chain owns it now */
  }
out:
  for (i = 0; i < nb; i++) {
    if (blocks[i] != NULL) /* libFLAC's delete does not take NULL */
      FLAC__metadata_object_delete(blocks[i]);
  }
  FLAC__metadata_iterator_delete(it);
  return st;
}

static enum ldu_status chain_error(struct flac *f, FLAC__Metadata_Chain *chain,
                                   struct ldu_error *err) {
  FLAC__Metadata_ChainStatus cs = FLAC__metadata_chain_status(chain);
  enum ldu_status st = cs == FLAC__METADATA_CHAIN_STATUS_MEMORY_ALLOCATION_ERROR
                           ? LDU_ERR_NOMEM
                           : LDU_ERR_IO;
  ldu_error_set(err, st, f->path, errno);
  ldu_error_detail(err, "libFLAC: %s", FLAC__Metadata_ChainStatusString[cs]);
  return st;
}

static enum ldu_status flac_close(void *state, const struct ldu_tags *tags,
                                  const struct ldu_chapter *ch, size_t n,
                                  int64_t frames, struct ldu_error *err) {
  struct flac *f = state;
  FLAC__Metadata_Chain *chain = NULL;
  struct ldu_vc vc;
  struct ldu_buf edit;
  int slot = -1;
  int rc;
  enum ldu_status st;
  (void)frames;
  ldu_vc_init(&vc, LDU_FLAC_BLOCK_MAX - 1024);
  ldu_buf_init(&edit, 8192);
  rc = sf_close(f->sf);
  f->sf = NULL;
  if (rc != 0) {
    st = ldu_error_set(err, LDU_ERR_ENCODE, f->path, errno);
    ldu_error_detail(err, "%s", sf_error_number(rc));
    goto out;
  }
  st = ldu_vc_add_tags(&vc, tags, ch, n, f->rate, 0);
  if (st != LDU_OK) {
    ldu_error_set(err, st, f->path, 0);
    ldu_error_detail(err, "cannot build the FLAC comments");
    goto out;
  }
  chain = FLAC__metadata_chain_new();
  if (chain == NULL) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, f->path, 0);
    goto out;
  }
  errno = 0;
  if (!FLAC__metadata_chain_read(chain, f->path)) {
    st = chain_error(f, chain, err);
    goto out;
  }
  st = put_blocks(f, chain, &vc, tags != NULL ? tags->cover : NULL, err);
  if (st != LDU_OK)
    goto out;
  /* libFLAC rewrites the file through PATH.metadata_edit when the new
   * blocks do not fit: have it removed on a signal */
  if (ldu_buf_printf(&edit, "%s.metadata_edit", f->path) == LDU_OK)
    slot = ldu_cleanup_add(edit.data);
  errno = 0;
  /* use_padding false: with true libFLAC eats into (or drops) our
   * padding to avoid rewriting the file; libsndfile leaves none, so the
   * file is rewritten anyway and keeps LDU_FLAC_PADDING bytes */
  if (!FLAC__metadata_chain_write(chain, false, false)) {
    st = chain_error(f, chain, err);
    goto out;
  }
out:
  ldu_cleanup_forget(slot);
  ldu_buf_free(&edit);
  if (chain != NULL)
    FLAC__metadata_chain_delete(chain);
  ldu_vc_free(&vc);
  flac_free(f);
  return st;
}

static void flac_abort(void *state) { flac_free(state); }

const struct ldu_audio_writer ldu_audio_flac_writer = {
    "flac", flac_open, flac_write, flac_close, flac_abort,
};
