#!/bin/sh
# The command line: help, version, exit codes and clear errors.
. tests/lib.sh

check_rc 0 "--help exits 0" "$LANGDU" --help
check_grep "Usage: langdu" "$TMP/out" "--help goes to stdout"
check_rc 0 "--version exits 0" "$LANGDU" --version
check_grep "^langdu [0-9]" "$TMP/out" "--version prints the version"
check_rc 2 "unknown option" "$LANGDU" --no-such-option x.txt
check_grep "unknown option" "$TMP/err" "unknown option is named"
check_rc 2 "no input" "$LANGDU"
check_rc 2 "bad --rate" "$LANGDU" --rate fast x.txt
check_rc 2 "bad --chapters" "$LANGDU" --chapters=page x.txt
check_rc 2 "bad --format" "$LANGDU" --format aiff x.txt
check_rc 1 "missing file" "$LANGDU" "$TMP/nope.txt" -o "$TMP/o0"
check_grep "nope.txt" "$TMP/err" "a missing file is named"

# invalid UTF-8: exit 1 with the byte offset; --lenient goes on
printf '你好\n世界\377。\n' >"$TMP/bad.txt"
check_rc 1 "invalid UTF-8" "$LANGDU" "$TMP/bad.txt" -o "$TMP/o1"
check_grep "bad.txt: byte 13: invalid UTF-8" "$TMP/err" "byte offset reported"
check_rc 0 "--lenient" "$LANGDU" --lenient -q "$TMP/bad.txt" -o "$TMP/o1"
check_grep "warning" "$TMP/err" "--lenient warns"
check "--lenient writes audio" test -s "$TMP/o1/01-你好.mp3"

# empty and punctuation-only files: a clear message, no crash
: >"$TMP/empty.txt"
check_rc 1 "empty file" "$LANGDU" "$TMP/empty.txt" -o "$TMP/o2"
check_grep "nothing to read" "$TMP/err" "empty file explained"
printf '。，！？……\n——\n' >"$TMP/punct.txt"
check_rc 1 "punctuation only" "$LANGDU" "$TMP/punct.txt" -o "$TMP/o3"
check_grep "nothing to read" "$TMP/err" "punctuation-only explained"

# a heading that looks like a path never leaves the output folder
mkdir -p "$TMP/safe"
printf '# ../../etc/x\n\n這是一段正文。\n' >"$TMP/safe/evil.md"
check_rc 0 "path-like heading" "$LANGDU" -q "$TMP/safe/evil.md" -o "$TMP/safe/out"
check "file stays in the folder" test -f "$TMP/safe/out/01-etc-x.mp3"
check "nothing written above" test ! -e "$TMP/etc"
check "manifest written" test -s "$TMP/safe/out/manifest.json"

# standard input, BOM and CRLF
printf '\357\273\277標題\r\n\r\n第一段的內容。\r\n' | "$LANGDU" -q - -o "$TMP/o4" >"$TMP/out" 2>"$TMP/err"
check "stdin with BOM and CRLF" test -s "$TMP/o4/manifest.json"

# --dump=phonemes: one line per sentence, English runs in the English voice
printf '你好。我用Claude Code寫程式。\n' >"$TMP/dump.txt"
check_rc 0 "--dump=phonemes" "$LANGDU" --dump=phonemes "$TMP/dump.txt"
check "two dump lines" test "$(wc -l <"$TMP/out")" -eq 2
check_grep "^你好。	n 'i35" "$TMP/out" "Mandarin phonemes"
check_grep "(en) k l 'O: d  k 'oU d (cmn)" "$TMP/out" "English run in the English voice"
check "no audio in dump mode" test ! -e dump

finish
