#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  OPT_LENIENT = 256,
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
  OPT_NO_SIDECARS
};

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
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
    {NULL, 0, NULL, 0}};

void ldu_options_init(struct ldu_options *o) {
  memset(o, 0, sizeof *o);
  o->action = LDU_ACTION_NARRATE;
  o->artist = "langdu";
  o->input_kind = LDU_INPUT_AUTO;
  o->format = LDU_FORMAT_WAV;
  o->chapters = LDU_CHAPTERS_PARAGRAPH;
  o->rate = 165;
  o->pitch = 50;
  o->volume = 100;
  o->pause_sentence_ms = 350;
  o->pause_paragraph_ms = 750;
  o->pause_section_ms = 1200;
  o->sidecars = 1;
  o->loudness = 1;
  o->loudness_lufs = -16.0;
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
  while ((c = getopt_long(argc, argv, ":ho:qf:r:V", long_options, NULL)) !=
         -1) {
    switch (c) {
    case 'h':
      o->action = LDU_ACTION_HELP;
      return LDU_OK;
    case 'V':
      o->action = LDU_ACTION_VERSION;
      return LDU_OK;
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
    case ':':
      return bad(msg, msg_size, "option needs an argument",
                 argv[optind - 1]);
    default:
      return bad(msg, msg_size, "unknown option", argv[optind - 1]);
    }
  }
  if (optind >= argc) {
    snprintf(msg, msg_size, "no input file (use - for standard input)");
    return LDU_ERR_USAGE;
  }
  if (optind + 1 < argc) {
    snprintf(msg, msg_size, "one input file at a time: '%s'",
             argv[optind + 1]);
    return LDU_ERR_USAGE;
  }
  o->input = argv[optind];
  return LDU_OK;
}
