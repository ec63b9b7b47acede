# langdu -- read a Chinese article aloud.  See README.md.
# Knobs (override on the command line: make PREFIX=/usr CFLAGS=-O0)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/langdu
PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g
BUILD ?= build
VERSION = 0.1.0

STD = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
       -Wshadow -Wcast-align -Wundef -Werror
PKGS = espeak-ng sndfile jansson
# podcast sidecars: SHA-256, the RSS feed, loudness (issue 5)
PKGS += nettle libxml-2.0 libebur128
# FLAC/Ogg tags and chapters, Opus at 48 kHz (issue 3)
PKGS += flac ogg samplerate
# talking books: EPUB 3 archive, XML (issue 8)
PKGS += libzip libxml-2.0
DEPS_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# libmp3lame (MP3, issue 6: its quality knob) ships no .pc file
DEPS_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lmp3lame -lm
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(DEPS_CFLAGS) \
             -DLDU_VERSION='"$(VERSION)"' -DLDU_DATADIR='"$(DATADIR)"'

# Debian packages: to build, and to run the tests (real chapter readers).
BUILD_PKGS = gcc make pkg-config libespeak-ng-dev libsndfile1-dev libjansson-dev
BENCH_PKGS = espeak-ng ffmpeg bc time
TEST_PKGS = ffmpeg python3-mutagen python3
BUILD_PKGS += nettle-dev libxml2-dev libebur128-dev
TEST_PKGS += libxml2-utils
BUILD_PKGS += libflac-dev libogg-dev libsamplerate0-dev
TEST_PKGS += flac vorbis-tools eyed3 nodejs
# talking books (issue 8): epubcheck (Java) and xmllint check them
BUILD_PKGS += libzip-dev libxml2-dev
# MP3 with LAME directly (issue 6)
BUILD_PKGS += libmp3lame-dev
TEST_PKGS += epubcheck libxml2-utils
# hostile input and faults (issue 7): valgrind in `make test`; `make fuzz`
TEST_PKGS += valgrind
FUZZ_PKGS = clang libclang-rt-14-dev

SRCS = $(wildcard src/*.c)
HDRS = $(wildcard src/*.h)
OBJS = $(SRCS:src/%.c=$(BUILD)/%.o)
LIB_OBJS = $(filter-out $(BUILD)/main.o,$(OBJS))
TEST_SRCS = $(wildcard tests/test_*.c)
TESTS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps bench-deps test check demo install uninstall clean format \
        bench headers fuzz fuzz-deps

all: langdu

langdu: $(BUILD)/langdu
	cp $(BUILD)/langdu $@

$(BUILD)/langdu: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDFLAGS) $(DEPS_LIBS)

$(BUILD)/%.o: src/%.c $(HDRS) Makefile
	@mkdir -p $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c tests/test.h $(LIB_OBJS) $(HDRS) Makefile
	@mkdir -p $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(DEPS_LIBS)

# Every header compiles on its own, pedantic.
headers: $(HDRS:src/%.h=$(BUILD)/hdr/%.ok)
$(BUILD)/hdr/%.ok: src/%.h Makefile
	@mkdir -p $(BUILD)/hdr
	$(CC) $(STD) $(WARN) $(DEPS_CFLAGS) -fsyntax-only -x c $<
	@touch $@

# Install what is missing (fresh Debian 12, as root).
deps:
	@sh tools/install-deps $(BUILD_PKGS)
test-deps:
	@sh tools/install-deps $(BUILD_PKGS) $(TEST_PKGS)

test: test-deps
	$(MAKE) $(BUILD)/langdu headers $(TESTS)
	LANGDU=./$(BUILD)/langdu BUILD=$(BUILD) sh tests/run.sh

# Fuzzing (issue 7): libFuzzer targets tests/fuzz/fuzz_<target>.c, built
# with clang and run FUZZ_SECONDS each; a crashing input is kept in
# tests/crash/<target>/, which `make test` replays (tests/test_crash.c).
# New corpus entries go to $(FUZZ_BUILD)/corpus/<target>, the seeds stay.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 4096
FUZZ_BUILD ?= build-fuzz
FUZZ_TARGETS = text segment normalize reading
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = $(STD) -g -O1 -fno-omit-frame-pointer $(DEPS_CFLAGS) \
              -DLDU_VERSION='"$(VERSION)"' -DLDU_DATADIR='"$(DATADIR)"'
FUZZ_OBJS = $(LIB_OBJS:$(BUILD)/%.o=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

fuzz-deps:
	@sh tools/install-deps $(BUILD_PKGS) $(FUZZ_PKGS)

fuzz: fuzz-deps
	$(MAKE) $(FUZZ_BINS)
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t tests/crash/$$t; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=$(FUZZ_MAX_LEN) -timeout=10 -print_final_stats=1 \
	    -dict=tests/fuzz/fuzz_$$t.dict -artifact_prefix=tests/crash/$$t/ \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t || fail=1; \
	done; exit $$fail

.PRECIOUS: $(FUZZ_BUILD)/obj/%.o
$(FUZZ_BUILD)/obj/%.o: src/%.c $(HDRS) Makefile
	@mkdir -p $(FUZZ_BUILD)/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_OBJS) $(LDFLAGS) $(DEPS_LIBS)

# the replay driver includes the targets
$(BUILD)/tests/test_crash: tests/fuzz/fuzz.h $(wildcard tests/fuzz/fuzz_*.c)

check:
	$(MAKE) test BUILD=build-san \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

demo: deps
	$(MAKE) all
	./langdu tests/fixtures/karpathy-2025-review.zh-Hant.txt -o out/
	@echo "MP3 (the default; -f opus|ogg|flac|wav for the others), with chapters:"
	@ls -1 out/*.mp3

bench: bench-deps
	$(MAKE) all
	LANGDU=./langdu sh tests/bench.sh
bench-deps:
	@sh tools/install-deps $(BUILD_PKGS) $(BENCH_PKGS)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/voices
	install -m 755 langdu $(DESTDIR)$(BINDIR)/langdu
	install -m 644 doc/langdu.1 $(DESTDIR)$(MANDIR)/man1/langdu.1
	install -m 644 voices/* $(DESTDIR)$(DATADIR)/voices/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/langdu $(DESTDIR)$(MANDIR)/man1/langdu.1
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i src/*.c src/*.h tests/*.c tests/*.h

clean:
	rm -rf build build-san build-fuzz langdu out
