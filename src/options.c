#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

enum {
  OPT_LENIENT = 256,
  OPT_CACHE,
  OPT_NO_CACHE,
  OPT_DUMP,
  OPT_INPUT,
  OPT_PITCH,
  OPT_VOLUME,
  OPT_VOICES,
  OPT_PAUSE_SENTENCE,
  OPT_PAUSE_PARAGRAPH,
  OPT_PAUSE_SECTION,
  OPT_CHAPTERS,
  OPT_ARTIST,
  OPT_TITLE,
  OPT_DATE,
  OPT_LEXICON,
  OPT_AUTHOR,
  OPT_COVER,
  OPT_BASE_URL,
  OPT_BOOK,
  OPT_BOOK_ONLY,
  OPT_LOUDNESS,
  OPT_NO_SIDECARS,
  OPT_EPUB,
  OPT_DAISY,
  OPT_MAX_INPUT,
  OPT_BITRATE,
  OPT_QUALITY,
  OPT_ID3V23
};

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"jobs", required_argument, NULL, 'j'},
    {"cache", required_argument, NULL, OPT_CACHE},
    {"no-cache", no_argument, NULL, OPT_NO_CACHE},
    {"format", required_argument, NULL, 'f'},
    {"rate", required_argument, NULL, 'r'},
    {"lenient", no_argument, NULL, OPT_LENIENT},
    {"dump", required_argument, NULL, OPT_DUMP},
    {"input", required_argument, NULL, OPT_INPUT},
    {"pitch", required_argument, NULL, OPT_PITCH},
    {"volume", required_argument, NULL, OPT_VOLUME},
    {"voices", required_argument, NULL, OPT_VOICES},
    {"pause-sentence", required_argument, NULL, OPT_PAUSE_SENTENCE},
    {"pause-paragraph", required_argument, NULL, OPT_PAUSE_PARAGRAPH},
    {"pause-section", required_argument, NULL, OPT_PAUSE_SECTION},
    {"chapters", required_argument, NULL, OPT_CHAPTERS},
    {"artist", required_argument, NULL, OPT_ARTIST},
    {"title", required_argument, NULL, OPT_TITLE},
    {"date", required_argument, NULL, OPT_DATE},
    {"lexicon", required_argument, NULL, OPT_LEXICON},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"cover", required_argument, NULL, OPT_COVER},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"book", no_argument, NULL, OPT_BOOK},
    {"book-only", no_argument, NULL, OPT_BOOK_ONLY},
    {"loudness", required_argument, NULL, OPT_LOUDNESS},
    {"no-sidecars", no_argument, NULL, OPT_NO_SIDECARS},
    {"epub", required_argument, NULL, OPT_EPUB},
    {"daisy", required_argument, NULL, OPT_DAISY},
    {"max-input", required_argument, NULL, OPT_MAX_INPUT},
    {"bitrate", required_argument, NULL, OPT_BITRATE},
    {"quality", required_argument, NULL, OPT_QUALITY},
    {"id3v2.3", no_argument, NULL, OPT_ID3V23},
    {NULL, 0, NULL, 0}};

void ldu_options_init(struct ldu_options *o) {
  memset(o, 0, sizeof *o);
  o->action = LDU_ACTION_NARRATE;
  o->artist = "langdu";
  o->input_kind = LDU_INPUT_AUTO;
  o->format = LDU_FORMAT_MP3;
  o->quality = -1.0;
  o->id3_version = 4;
  o->chapters = LDU_CHAPTERS_PARAGRAPH;
  o->rate = 175; /* espeak-ng's own default */
  o->pitch = 50;
  o->volume = 100;
  o->pause_sentence_ms = 350;
  o->pause_paragraph_ms = 750;
  o->pause_section_ms = 1200;
  o->sidecars = 1;
  o->loudness = 1;
  o->loudness_lufs = -16.0;
}

/* --max-input: bytes, with an optional K, M or G (binary units) */
static int parse_size(const char *s, size_t *out) {
  char *end;
  unsigned long long v;
  unsigned long long unit = 1;
  errno = 0;
  if (s[0] < '0' || s[0] > '9')
    return -1;
  v = strtoull(s, &end, 10);
  if (errno != 0 || end == s)
    return -1;
  if (*end == 'K' || *end == 'k')
    unit = 1024;
  else if (*end == 'M' || *end == 'm')
    unit = 1024 * 1024;
  else if (*end == 'G' || *end == 'g')
    unit = 1024 * 1024 * 1024;
  if (unit > 1)
    end++;
  if (*end != '\0' || v == 0 || v > LDU_TEXT_MAX / unit)
    return -1;
  *out = (size_t)(v * unit);
  return 0;
}

static int parse_int(const char *s, long lo, long hi, int *out) {
  char *end;
  long v;
  errno = 0;
  v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
    return -1;
  *out = (int)v;
  return 0;
}

/* --loudness: "off" or a target in LUFS, -70..-5 */
static int parse_loudness(const char *s, struct ldu_options *o) {
  char *end;
  double v;
  if (strcmp(s, "off") == 0) {
    o->loudness = 0;
    return 0;
  }
  errno = 0;
  v = strtod(s, &end);
  if (errno != 0 || end == s || *end != '\0' || !(v >= -70.0 && v <= -5.0))
    return -1;
  o->loudness = 1;
  o->loudness_lufs = v;
  return 0;
}

static enum ldu_status bad(char *msg, size_t n, const char *what,
                           const char *arg) {
  snprintf(msg, n, "%s: '%s'", what, arg);
  return LDU_ERR_USAGE;
}

enum ldu_status ldu_options_parse(struct ldu_options *o, int argc,
                                  char **argv, char *msg, size_t msg_size) {
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":ho:qf:r:Vj:", long_options, NULL)) !=
         -1) {
    switch (c) {
    case 'h':
      o->action = LDU_ACTION_HELP;
      return LDU_OK;
    case 'V':
      o->action = LDU_ACTION_VERSION;
      return LDU_OK;
    case 'j':
      if (parse_int(optarg, 1, 256, &o->jobs) != 0)
        return bad(msg, msg_size, "-j wants 1..256 worker processes",
                   optarg);
      break;
    case OPT_CACHE:
      o->cache_dir = optarg;
      break;
    case OPT_NO_CACHE:
      o->no_cache = 1;
      break;
    case 'o':
      o->out_dir = optarg;
      break;
    case 'q':
      o->quiet = 1;
      break;
    case 'f':
      if (ldu_audio_format_parse(optarg, &o->format) != LDU_OK)
        return bad(msg, msg_size,
                   "unknown format (wav, flac, ogg, opus, mp3)", optarg);
      break;
    case 'r':
      if (parse_int(optarg, 80, 450, &o->rate) != 0)
        return bad(msg, msg_size, "--rate wants 80..450 words per minute",
                   optarg);
      break;
    case OPT_LENIENT:
      o->lenient = 1;
      break;
    case OPT_MAX_INPUT:
      if (parse_size(optarg, &o->max_input) != 0)
        return bad(msg, msg_size,
                   "--max-input wants a size in bytes (K, M, G), "
                   "1..256M",
                   optarg);
      break;
    case OPT_DUMP:
      if (strcmp(optarg, "phonemes") == 0)
        o->action = LDU_ACTION_DUMP_PHONEMES;
      else if (strcmp(optarg, "pinyin") == 0)
        o->action = LDU_ACTION_DUMP_PINYIN;
      else
        return bad(msg, msg_size, "--dump knows 'phonemes' and 'pinyin'",
                   optarg);
      break;
    case OPT_INPUT:
      if (strcmp(optarg, "auto") == 0)
        o->input_kind = LDU_INPUT_AUTO;
      else if (strcmp(optarg, "text") == 0)
        o->input_kind = LDU_INPUT_TEXT;
      else if (strcmp(optarg, "markdown") == 0)
        o->input_kind = LDU_INPUT_MARKDOWN;
      else
        return bad(msg, msg_size, "--input wants auto, text or markdown",
                   optarg);
      break;
    case OPT_PITCH:
      if (parse_int(optarg, 0, 100, &o->pitch) != 0)
        return bad(msg, msg_size, "--pitch wants 0..100", optarg);
      break;
    case OPT_VOLUME:
      if (parse_int(optarg, 0, 200, &o->volume) != 0)
        return bad(msg, msg_size, "--volume wants 0..200", optarg);
      break;
    case OPT_VOICES:
      o->voice_dir = optarg;
      break;
    case OPT_PAUSE_SENTENCE:
      if (parse_int(optarg, 0, 10000, &o->pause_sentence_ms) != 0)
        return bad(msg, msg_size, "--pause-sentence wants 0..10000 ms",
                   optarg);
      break;
    case OPT_PAUSE_PARAGRAPH:
      if (parse_int(optarg, 0, 10000, &o->pause_paragraph_ms) != 0)
        return bad(msg, msg_size, "--pause-paragraph wants 0..10000 ms",
                   optarg);
      break;
    case OPT_PAUSE_SECTION:
      if (parse_int(optarg, 0, 10000, &o->pause_section_ms) != 0)
        return bad(msg, msg_size, "--pause-section wants 0..10000 ms",
                   optarg);
      break;
    case OPT_CHAPTERS:
      if (strcmp(optarg, "paragraph") == 0)
        o->chapters = LDU_CHAPTERS_PARAGRAPH;
      else if (strcmp(optarg, "sentence") == 0)
        o->chapters = LDU_CHAPTERS_SENTENCE;
      else if (strcmp(optarg, "none") == 0)
        o->chapters = LDU_CHAPTERS_NONE;
      else
        return bad(msg, msg_size,
                   "--chapters wants paragraph, sentence or none", optarg);
      break;
    case OPT_ARTIST:
      o->artist = optarg;
      break;
    case OPT_TITLE:
      o->title = optarg;
      break;
    case OPT_DATE:
      o->date = optarg;
      break;
    case OPT_LEXICON:
      o->lexicon = optarg;
      break;
    case OPT_AUTHOR:
      o->author = optarg;
      break;
    case OPT_COVER:
      o->cover = optarg;
      break;
    case OPT_BASE_URL:
      if (strncmp(optarg, "http://", 7) != 0 &&
          strncmp(optarg, "https://", 8) != 0)
        return bad(msg, msg_size, "--base-url wants an http(s):// URL",
                   optarg);
      o->base_url = optarg;
      break;
    case OPT_BOOK:
      if (o->book != LDU_BOOK_ONLY)
        o->book = LDU_BOOK_TOO;
      break;
    case OPT_BOOK_ONLY:
      o->book = LDU_BOOK_ONLY;
      break;
    case OPT_LOUDNESS:
      if (parse_loudness(optarg, o) != 0)
        return bad(msg, msg_size, "--loudness wants LUFS (-70..-5) or off",
                   optarg);
      break;
    case OPT_NO_SIDECARS:
      o->sidecars = 0;
      break;
    case OPT_BITRATE:
      if (parse_int(optarg, 6, 320, &o->bitrate_kbps) != 0)
        return bad(msg, msg_size, "--bitrate wants kbps, 6..320", optarg);
      break;
    case OPT_QUALITY: {
      char *end;
      double q;
      errno = 0;
      q = strtod(optarg, &end);
      if (errno != 0 || end == optarg || *end != '\0' ||
          !(q >= 0.0 && q <= 10.0))
        return bad(msg, msg_size, "--quality wants 0..10 (10 best)", optarg);
      o->quality = q / 10.0;
      break;
    }
    case OPT_ID3V23:
      o->id3_version = 3;
      break;
    case OPT_EPUB:
      if (optarg[0] == '\0')
        return bad(msg, msg_size, "--epub wants a file name", optarg);
      o->epub = optarg;
      break;
    case OPT_DAISY:
      if (optarg[0] == '\0')
        return bad(msg, msg_size, "--daisy wants a folder", optarg);
      o->daisy = optarg;
      break;
    case ':':
      return bad(msg, msg_size, "option needs an argument",
                 argv[optind - 1]);
    default:
      return bad(msg, msg_size, "unknown option", argv[optind - 1]);
    }
  }
  if (o->book == LDU_BOOK_ONLY && (o->epub != NULL || o->daisy != NULL)) {
    snprintf(msg, msg_size, "--%s needs the section files: not with "
             "--book-only", o->epub != NULL ? "epub" : "daisy");
    return LDU_ERR_USAGE;
  }
  /* --bitrate: mp3 (CBR), opus; --quality: mp3 (VBR), ogg */
  if (o->bitrate_kbps > 0 && o->format != LDU_FORMAT_MP3 &&
      o->format != LDU_FORMAT_OPUS) {
    snprintf(msg, msg_size, "--bitrate is for mp3 and opus%s",
             o->format == LDU_FORMAT_OGG ? " (ogg takes --quality)" : "");
    return LDU_ERR_USAGE;
  }
  if (o->quality >= 0 && o->format != LDU_FORMAT_MP3 &&
      o->format != LDU_FORMAT_OGG) {
    snprintf(msg, msg_size, "--quality is for mp3 and ogg%s",
             o->format == LDU_FORMAT_OPUS ? " (opus takes --bitrate)" : "");
    return LDU_ERR_USAGE;
  }
  if (o->bitrate_kbps > 0 && o->quality >= 0) {
    snprintf(msg, msg_size, "--bitrate (constant) or --quality (variable), "
                            "not both");
    return LDU_ERR_USAGE;
  }
  if (o->format == LDU_FORMAT_MP3 && o->bitrate_kbps > 160) {
    snprintf(msg, msg_size, "--bitrate: MP3 at 22050 Hz goes up to 160 kbps");
    return LDU_ERR_USAGE;
  }
  if (o->format == LDU_FORMAT_OPUS && o->bitrate_kbps > 256) {
    snprintf(msg, msg_size, "--bitrate: Opus goes up to 256 kbps (mono)");
    return LDU_ERR_USAGE;
  }
  if (o->format == LDU_FORMAT_OPUS && o->bitrate_kbps > 0 &&
      o->bitrate_kbps < 24) {
    /* libopus 1.3.1's SILK-only mode sends the true peak past -1 dBTP */
    snprintf(msg, msg_size, "--bitrate: Opus takes 24 kbps at least (below, "
                            "libopus's bursts break the true-peak limit)");
    return LDU_ERR_USAGE;
  }
  if (optind >= argc) {
    snprintf(msg, msg_size, "no input file (use - for standard input)");
    return LDU_ERR_USAGE;
  }
  if (optind + 1 < argc && o->action != LDU_ACTION_NARRATE) {
    snprintf(msg, msg_size, "--dump reads one input file: '%s'",
             argv[optind + 1]);
    return LDU_ERR_USAGE;
  }
  if (optind + 1 < argc && (o->epub != NULL || o->daisy != NULL ||
                            o->title != NULL)) {
    snprintf(msg, msg_size, "--%s is for one input file: '%s'",
             o->epub != NULL ? "epub" : o->daisy != NULL ? "daisy" : "title",
             argv[optind + 1]);
    return LDU_ERR_USAGE;
  }
  o->input = argv[optind];
  o->inputs = argv + optind;
  o->n_inputs = argc - optind;
  return LDU_OK;
}
