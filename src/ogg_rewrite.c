/* ogg_rewrite: re-paginate the header packets of a one-stream Ogg file
 * and copy its audio pages with new numbers (see ogg_rewrite.h). */
#include "ogg_rewrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ogg/ogg.h>

#include "buf.h"
#include "cleanup.h"
#include "fileio.h"

#define LDU_OGG_MAX_HEADERS 3
/* Cap on the header pages we build: a cover of LDU_PICTURE_MAX in base64
 * plus the chapters fits. */
#define LDU_OGG_HEADER_MAX ((size_t)64 * 1024 * 1024)

struct rw {
  const char *path;
  enum ldu_ogg_codec codec;
  int nheaders; /* 3 for Vorbis, 2 for Opus */
  int have;     /* header packets collected */
  int ready;    /* headers rebuilt: the rest are audio pages */
  struct ldu_buf pkt[LDU_OGG_MAX_HEADERS];
  uint32_t serial; /* the new one */
  long next_page;  /* sequence number of the next audio page */
  int fd;          /* the temporary output */
  uint64_t audio_pages;
  struct ldu_buf headers; /* header pages, written before the first audio
                             page (or with EOS when there is none) */
};

static uint32_t fnv1a(uint32_t h, const void *p, size_t n) {
  const unsigned char *s = p;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= s[i];
    h *= 16777619u;
  }
  return h;
}

static uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* The magic that starts header packet `i` of `codec`. */
static const char *magic(enum ldu_ogg_codec codec, int i, size_t *len) {
  static const char *const vorbis[3] = {"\1vorbis", "\3vorbis", "\5vorbis"};
  if (codec == LDU_OGG_OPUS) {
    *len = 8;
    return i == 0 ? "OpusHead" : "OpusTags";
  }
  *len = 7;
  return vorbis[i];
}

/* Header pages for our packets into w->headers; EOS on the last packet
 * when `eos`.  Sets w->next_page. */
static enum ldu_status paginate(struct rw *w, int eos) {
  ogg_stream_state os;
  ogg_page og;
  int i;
  enum ldu_status st = LDU_OK;
  if (ogg_stream_init(&os, (int)w->serial) != 0)
    return LDU_ERR_NOMEM;
  ldu_buf_reset(&w->headers);
  for (i = 0; st == LDU_OK && i < w->nheaders; i++) {
    ogg_packet op;
    memset(&op, 0, sizeof op);
    op.packet = (unsigned char *)w->pkt[i].data;
    op.bytes = (long)w->pkt[i].len;
    op.b_o_s = i == 0;
    op.e_o_s = eos && i + 1 == w->nheaders;
    op.granulepos = 0;
    op.packetno = i;
    if (ogg_stream_packetin(&os, &op) != 0) {
      st = LDU_ERR_NOMEM;
      break;
    }
    /* the first header alone on its page; OpusTags on pages of its own;
     * the Vorbis comment and setup headers together */
    if (i == 0 || w->codec == LDU_OGG_OPUS || i + 1 == w->nheaders) {
      while (st == LDU_OK && ogg_stream_flush(&os, &og) != 0) {
        st = ldu_buf_add(&w->headers, og.header, (size_t)og.header_len);
        if (st == LDU_OK)
          st = ldu_buf_add(&w->headers, og.body, (size_t)og.body_len);
      }
    }
  }
  w->next_page = os.pageno;
  ogg_stream_clear(&os);
  return st;
}

/* All header packets are in: check them, build the comment packet and the
 * serial number, and paginate. */
static enum ldu_status headers_done(struct rw *w, const struct ldu_vc *vc,
                                    uint32_t seed, struct ldu_error *err) {
  struct ldu_buf *c = &w->pkt[1];
  struct ldu_buf fresh;
  const char *m;
  size_t mlen;
  size_t vlen;
  int i;
  uint32_t h = 2166136261u;
  enum ldu_status st;
  for (i = 0; i < w->nheaders; i++) {
    m = magic(w->codec, i, &mlen);
    if (w->pkt[i].len < mlen || memcmp(w->pkt[i].data, m, mlen) != 0) {
      st = ldu_error_set(err, LDU_ERR_FORMAT, w->path, 0);
      ldu_error_detail(err, "not the %s header packets libsndfile writes",
                       w->codec == LDU_OGG_OPUS ? "Opus" : "Vorbis");
      return st;
    }
  }
  m = magic(w->codec, 1, &mlen);
  if (c->len < mlen + 4 || (vlen = le32((const unsigned char *)c->data +
                                        mlen)) > c->len - mlen - 4) {
    st = ldu_error_set(err, LDU_ERR_FORMAT, w->path, 0);
    ldu_error_detail(err, "bad vendor string in the comment header");
    return st;
  }
  ldu_buf_init(&fresh, LDU_OGG_HEADER_MAX);
  st = ldu_vc_packet(&fresh, vc, m, mlen, c->data + mlen + 4, vlen,
                     w->codec == LDU_OGG_VORBIS);
  if (st != LDU_OK) {
    ldu_buf_free(&fresh);
    ldu_error_set(err, st, w->path, 0);
    ldu_error_detail(err, "comment header too large");
    return st;
  }
  ldu_buf_free(c);
  *c = fresh;
  h = fnv1a(h, &seed, sizeof seed);
  for (i = 0; i < w->nheaders; i++)
    h = fnv1a(h, w->pkt[i].data, w->pkt[i].len);
  w->serial = h;
  st = paginate(w, 0);
  if (st != LDU_OK)
    return ldu_error_set(err, st, w->path, 0);
  w->ready = 1;
  return LDU_OK;
}

/* Take a page from the header part of the stream. */
static enum ldu_status header_page(struct rw *w, ogg_stream_state *is,
                                   ogg_page *og, const struct ldu_vc *vc,
                                   uint32_t seed, struct ldu_error *err) {
  ogg_packet op;
  int r;
  enum ldu_status st;
  if (ogg_stream_pagein(is, og) != 0)
    goto bad;
  while (w->have < w->nheaders) {
    r = ogg_stream_packetout(is, &op);
    if (r == 0)
      return LDU_OK; /* the packet goes on in the next page */
    if (r < 0)
      goto bad;
    ldu_buf_init(&w->pkt[w->have], LDU_OGG_HEADER_MAX);
    st = ldu_buf_add(&w->pkt[w->have], op.packet, (size_t)op.bytes);
    if (st != LDU_OK)
      return ldu_error_set(err, st, w->path, 0);
    w->have++;
  }
  /* the headers must end this page: audio pages are copied as they are */
  if (ogg_stream_packetpeek(is, NULL) != 0 ||
      og->header[27 + og->header[26] - 1] == 255)
    goto bad;
  return headers_done(w, vc, seed, err);
bad:
  st = ldu_error_set(err, LDU_ERR_FORMAT, w->path, 0);
  ldu_error_detail(err, "unexpected Ogg header pages");
  return st;
}

/* Copy an audio page with our serial and sequence number. */
static enum ldu_status audio_page(struct rw *w, ogg_page *og,
                                  struct ldu_error *err) {
  unsigned char head[27 + 255];
  ogg_page copy;
  size_t hl = (size_t)og->header_len;
  if (hl > sizeof head || w->next_page > 0x7fffffffL)
    return ldu_error_set(err, LDU_ERR_FORMAT, w->path, 0);
  if (w->audio_pages == 0 &&
      ldu_write_all(w->fd, w->headers.data, w->headers.len) != 0)
    return ldu_error_set(err, LDU_ERR_IO, w->path, errno);
  memcpy(head, og->header, hl);
  head[14] = (unsigned char)w->serial;
  head[15] = (unsigned char)(w->serial >> 8);
  head[16] = (unsigned char)(w->serial >> 16);
  head[17] = (unsigned char)(w->serial >> 24);
  head[18] = (unsigned char)w->next_page;
  head[19] = (unsigned char)(w->next_page >> 8);
  head[20] = (unsigned char)(w->next_page >> 16);
  head[21] = (unsigned char)(w->next_page >> 24);
  copy = *og;
  copy.header = head;
  ogg_page_checksum_set(&copy);
  if (ldu_write_all(w->fd, copy.header, hl) != 0 ||
      ldu_write_all(w->fd, copy.body, (size_t)copy.body_len) != 0)
    return ldu_error_set(err, LDU_ERR_IO, w->path, errno);
  w->next_page++;
  w->audio_pages++;
  return LDU_OK;
}

enum ldu_status ldu_ogg_retag(const char *path, enum ldu_ogg_codec codec,
                              const struct ldu_vc *vc, uint32_t seed,
                              struct ldu_error *err) {
  struct rw w;
  struct ldu_buf tmp;
  struct stat sb;
  ogg_sync_state oy;
  ogg_stream_state is;
  ogg_page og;
  FILE *in = NULL;
  int have_is = 0;
  int have_tmp = 0;
  int slot = -1; /* the temporary's cleanup registration (signals) */
  int eof = 0;
  int i;
  int rc;
  long serial = 0;
  enum ldu_status st = LDU_OK;

  memset(&w, 0, sizeof w);
  w.path = path;
  w.codec = codec;
  w.nheaders = codec == LDU_OGG_OPUS ? 2 : 3;
  w.fd = -1;
  ldu_buf_init(&w.headers, LDU_OGG_HEADER_MAX);
  ldu_buf_init(&tmp, 4096);
  ogg_sync_init(&oy);
  if (ldu_buf_printf(&tmp, "%s.XXXXXX", path) != LDU_OK) {
    st = ldu_error_set(err, LDU_ERR_NOMEM, path, 0);
    goto out;
  }
  errno = 0;
  in = fopen(path, "rb");
  if (in == NULL || fstat(fileno(in), &sb) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  w.fd = ldu_cleanup_mkstemp(tmp.data, &slot);
  if (w.fd < 0) {
    st = ldu_error_set(err, LDU_ERR_IO, tmp.data, errno);
    goto out;
  }
  have_tmp = 1;
  if (fchmod(w.fd, sb.st_mode & 0777) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, tmp.data, errno);
    goto out;
  }
  while (st == LDU_OK) {
    int r = ogg_sync_pageout(&oy, &og);
    if (r == 0) {
      char *p;
      size_t got;
      if (eof)
        break;
      p = ogg_sync_buffer(&oy, 65536);
      if (p == NULL) {
        st = ldu_error_set(err, LDU_ERR_NOMEM, path, 0);
        break;
      }
      got = fread(p, 1, 65536, in);
      if (got < 65536) {
        if (ferror(in)) {
          st = ldu_error_set(err, LDU_ERR_IO, path, errno);
          break;
        }
        eof = 1;
      }
      ogg_sync_wrote(&oy, (long)got);
      continue;
    }
    if (r < 0 || (!have_is && !ogg_page_bos(&og)) ||
        (have_is && ogg_page_serialno(&og) != serial)) {
      st = ldu_error_set(err, LDU_ERR_FORMAT, path, 0);
      ldu_error_detail(err, "not a single Ogg stream");
      break;
    }
    if (!have_is) {
      serial = ogg_page_serialno(&og);
      if (ogg_stream_init(&is, (int)serial) != 0) {
        st = ldu_error_set(err, LDU_ERR_NOMEM, path, 0);
        break;
      }
      have_is = 1;
    }
    if (!w.ready)
      st = header_page(&w, &is, &og, vc, seed, err);
    else
      st = audio_page(&w, &og, err);
  }
  if (st != LDU_OK)
    goto out;
  if (!w.ready) {
    st = ldu_error_set(err, LDU_ERR_FORMAT, path, 0);
    ldu_error_detail(err, "Ogg header packets missing");
    goto out;
  }
  if (w.audio_pages == 0) {
    /* no audio page: the last header page ends the stream */
    st = paginate(&w, 1);
    if (st == LDU_OK && ldu_write_all(w.fd, w.headers.data, w.headers.len) != 0)
      st = ldu_error_set(err, LDU_ERR_IO, tmp.data, errno);
    else if (st != LDU_OK)
      ldu_error_set(err, st, path, 0);
    if (st != LDU_OK)
      goto out;
  }
  rc = close(w.fd);
  w.fd = -1;
  if (rc != 0 || rename(tmp.data, path) != 0) {
    st = ldu_error_set(err, LDU_ERR_IO, path, errno);
    goto out;
  }
  have_tmp = 0;
out:
  if (w.fd >= 0)
    close(w.fd);
  if (have_tmp)
    unlink(tmp.data);
  ldu_cleanup_forget(slot);
  if (in != NULL)
    fclose(in);
  if (have_is)
    ogg_stream_clear(&is);
  ogg_sync_clear(&oy);
  for (i = 0; i < w.have; i++)
    ldu_buf_free(&w.pkt[i]);
  ldu_buf_free(&w.headers);
  ldu_buf_free(&tmp);
  return st;
}
