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
DEPS_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPS_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(DEPS_CFLAGS) \
             -DLDU_VERSION='"$(VERSION)"' -DLDU_DATADIR='"$(DATADIR)"'

# Debian packages: to build, and to run the tests (real chapter readers).
BUILD_PKGS = gcc make pkg-config libespeak-ng-dev libsndfile1-dev libjansson-dev
TEST_PKGS = ffmpeg python3-mutagen python3
BUILD_PKGS += nettle-dev libxml2-dev libebur128-dev
TEST_PKGS += libxml2-utils

SRCS = $(wildcard src/*.c)
HDRS = $(wildcard src/*.h)
OBJS = $(SRCS:src/%.c=$(BUILD)/%.o)
LIB_OBJS = $(filter-out $(BUILD)/main.o,$(OBJS))
TEST_SRCS = $(wildcard tests/test_*.c)
TESTS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps test check demo install uninstall clean format \
        bench headers

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

check:
	$(MAKE) test BUILD=build-san \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

demo: deps
	$(MAKE) all
	./langdu tests/fixtures/karpathy-2025-review.zh-Hant.txt -o out/

bench: all
	sh tests/bench.sh

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
	rm -rf build build-san langdu out
