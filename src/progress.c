#include "progress.h"

#include <stdlib.h>
#include <time.h>

/* Redraw at most this often on a terminal, in seconds. */
#define REDRAW 0.1

struct ldu_progress {
  FILE *f;
  int tty;
  int quiet;
  size_t sections;
  size_t sentences;
  size_t sections_done;
  long sentences_done;
  double start;
  double drawn;
  int line_open;
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct ldu_progress *ldu_progress_new(FILE *f, int tty, int quiet,
                                      size_t sections, size_t sentences) {
  struct ldu_progress *p = calloc(1, sizeof *p);
  if (p == NULL)
    return NULL;
  p->f = f;
  p->tty = tty;
  p->quiet = quiet;
  p->sections = sections;
  p->sentences = sentences;
  p->start = now();
  p->drawn = -1;
  return p;
}

static void clock_text(double s, char *out, size_t n) {
  long t = (long)(s + 0.5);
  if (t >= 3600)
    snprintf(out, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    snprintf(out, n, "%ld:%02ld", t / 60, t % 60);
}

static void draw(struct ldu_progress *p, int force) {
  double t = now();
  double elapsed = t - p->start;
  char el[32];
  char eta[32];
  if (p->quiet || !p->tty)
    return;
  if (!force && p->drawn >= 0 && t - p->drawn < REDRAW)
    return;
  p->drawn = t;
  clock_text(elapsed, el, sizeof el);
  if (p->sentences_done > 0 && (size_t)p->sentences_done < p->sentences)
    clock_text(elapsed / (double)p->sentences_done *
                   (double)(p->sentences - (size_t)p->sentences_done),
               eta, sizeof eta);
  else
    snprintf(eta, sizeof eta, "--:--");
  fprintf(p->f, "\r\033[Klangdu: sections %zu/%zu, sentences %ld/%zu, %s, "
                "ETA %s",
          p->sections_done, p->sections, p->sentences_done, p->sentences, el,
          eta);
  fflush(p->f);
  p->line_open = 1;
}

void ldu_progress_sentences(struct ldu_progress *p, long n) {
  if (p == NULL)
    return;
  p->sentences_done += n;
  draw(p, 0);
}

void ldu_progress_section(struct ldu_progress *p, const char *file,
                          double seconds) {
  if (p == NULL)
    return;
  p->sections_done++;
  if (p->quiet)
    return;
  if (p->tty) {
    draw(p, 1);
    return;
  }
  fprintf(p->f, "langdu: [%zu/%zu] %s  %.1f s\n", p->sections_done,
          p->sections, file, seconds);
}

void ldu_progress_free(struct ldu_progress *p) {
  if (p == NULL)
    return;
  if (p->line_open) {
    draw(p, 1);
    fputc('\n', p->f);
  }
  free(p);
}
