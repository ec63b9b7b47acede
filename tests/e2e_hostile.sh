#!/bin/sh
# Hostile input and faults (issue 7): whatever langdu is fed, and however
# it is stopped, it finishes or fails cleanly.
#
# 1. A table of hostile inputs.  Each case runs langdu in a sandbox of its
#    own and checks: the exit status is the expected one (0 or 1, 2 only
#    for usage errors; never a signal); a failure prints a message naming
#    the problem; no file appears outside the output folder; no temporary
#    (*.tmp*, dot files) is left; every WAV written is complete.
# 2. SIGINT at 20 random points of a run: exit 130 (or 0 when it finished
#    first), no temporary left, and every final file present is complete:
#    byte for byte the file of an uninterrupted run.
# 3. A file size limit (ulimit -f, like a full disk): a clear error, no
#    partial final file; an existing output survives or is replaced whole.
# 4. valgrind on a small run: no errors, no definite leaks.
. tests/lib.sh

# langdu must not pick up the user's settings
unset LANGDU_VOICES
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
IN=$TMP/in
mkdir -p "$IN"
case $LANGDU in
/*) ;;
*) LANGDU=$(pwd)/$LANGDU ;;
esac

# ---- inputs ---------------------------------------------------------------
"$PYTHON" - "$IN" <<'EOF'
import os, random, sys
d = sys.argv[1]
rnd = random.Random(7)
def w(name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)
body = '這是一段正文。'
w('empty.txt', b'')
w('spaces.txt', ' \t\n\r\n\u3000\u3000\n\f\v\n' * 50)
w('emoji.txt', '😀👍🏽👨‍👩‍👧🎉\n🔥🔥🔥\n')
w('punct.txt', '。，！？……\n——「」\n')
w('bom.txt', b'\xef\xbb\xbf')
w('nul.txt', ('你好\x00世界。' * 3 + '\n').encode())
w('controls.txt', '\x1b[31m紅色\x1b[0m的字。\x07\x08第二句。\n')
w('binary.txt', bytes(rnd.randrange(256) for _ in range(4096)))
w('binary_small.txt', bytes(rnd.randrange(256) for _ in range(300)) +
  '\n第一段。\n'.encode())
w('elf.txt', b'\x7fELF\x02\x01\x01' + b'\x00' * 9 + b'\x02\x00\x3e\x00' +
  bytes(range(256)) * 8)
w('utf16bom.txt', '\ufeff你好，世界。\n'.encode('utf-16-le'))
w('utf16.txt', ('Hello 你好, world.\n' * 20).encode('utf-16-le'))
w('overlong.txt', b'\xe4\xbd\xa0\xc0\xaf\xe5\xa5\xbd\xe3\x80\x82\n')
w('overlong3.txt', b'\xe0\x80\xaf' + body.encode())
w('surrogate.txt', body.encode() + b'\xed\xa0\x80' + body.encode())
w('cesu.txt', body.encode() + b'\xed\xa0\xbd\xed\xb8\x80\n')
w('truncated.txt', body.encode() + '中'.encode()[:2])
w('above.txt', body.encode() + b'\xf4\x90\x80\x80')
w('rtl_mixed.txt', 'שלום עולם ' + body + ' مرحبا بالعالم\u200f。\n')
w('rtl_only.txt', 'שלום עולם\nمرحبا بالعالم\n')
w('combining.txt', 'e' + '\u0301' * 2000 + body + '\u0300' * 500 + '\n')
w('zalgo.txt', ''.join(c + '\u0336\u0337\u0338' * 30 for c in '你好世界') + '。\n')
w('crlf.txt', '標題\r\n\r\n第一段。\r第二段。\r\n')
w('separators.txt', '第一句\u2028第二句\u2029第三句。\n')
w('variation.txt', '你\ufe0f好\u200d世\ufe0e界。\u2066隔離\u2069。\n')
w('blank_lines.txt', '\n' * 20000 + body + '\n' * 20000)
w('nopunct_1mb.txt', ('漢字沒有標點符號' * 44000)[:350000])
w('long_line.txt', '你好，' * 70000 + '\n')
w('long_sentence.txt', '長' * 5000 + '。\n')
w('long_latin_word.txt', 'a' * 100000 + '\n')
w('headings_100k.md', '# 標題\n\n' + '## 節\n\n字。\n\n' * 100000)
w('headings_1000.md', ''.join('## 第%d節\n\n字。\n\n' % i for i in range(1000)))
w('nested_quotes.md', '> ' * 10000 + body + '\n')
w('nested_lists.md', ''.join('  ' * i + '- 項目\n' for i in range(3000)))
w('nested_brackets.md', '[' * 20000 + body + ']' * 20000 + '(' * 5000 + '\n')
w('nested_emphasis.md', '*_' * 20000 + body + '_*' * 20000 + '\n')
w('wide_table.md', '|' + '欄|' * 2000 + '\n|' + '---|' * 2000 + '\n|' +
  '字|' * 2000 + '\n')
w('html_script.md', '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n'
  + body + '[點我](javascript:alert(1))\n')
w('code_only.md', '```\n' + 'x = 1\n' * 100 + '```\n')
w('fence_unclosed.md', '```\n' + body * 3 + '\n')
w('frontmatter_only.md', '---\ntitle: 標題\n---\n')
w('dotdot.md', '# ../../x\n\n' + body + '\n\n## ../../../etc/passwd\n\n' + body + '\n')
w('absolute.md', '# /etc/passwd\n\n' + body + '\n\n## /tmp/x\n\n' + body + '\n')
w('reserved.md', ''.join('## %s\n\n%s\n\n' % (n, body) for n in
  ['CON', 'NUL', 'AUX', 'COM1', 'LPT1', 'PRN', 'con.txt']))
w('long_name.md', '# ' + 'abcdefghij' * 30 + '\n\n' + body + '\n\n## ' +
  '長' * 100 + '\n\n' + body + '\n')
w('case.md', '# Intro\n\n' + body + '\n\n## INTRO\n\n' + body +
  '\n\n## intro\n\n' + body + '\n\n## İntro\n\n' + body + '\n')
w('dots.md', '# .\n\n' + body + '\n\n## ..\n\n' + body + '\n\n## ...\n\n' +
  body + '\n\n## .hidden\n\n' + body + '\n')
w('backslash.md', '# ..\\..\\x\n\n' + body + '\n\n## C:\\Windows\\x\n\n' +
  body + '\n')
w('control_heading.md', '# a\x01b\x7fc\u0085d\u202ee\n\n' + body + '\n')
w('symlink.md', '# x\n\n' + body + '\n')
w('plain.txt', body + '\n')
EOF

# ---- helpers --------------------------------------------------------------
# wav_ok FILE: a complete RIFF/WAVE file (sizes agree with the file)
wav_ok() {
  "$PYTHON" - "$1" <<'EOF'
import struct, sys
b = open(sys.argv[1], 'rb').read()
assert b[:4] == b'RIFF' and b[8:12] == b'WAVE', 'not RIFF/WAVE'
assert struct.unpack('<I', b[4:8])[0] + 8 == len(b), 'RIFF size'
i = 12
data = None
while i + 8 <= len(b):
    cid, n = b[i:i + 4], struct.unpack('<I', b[i + 4:i + 8])[0]
    if cid == b'data':
        data = n
    i += 8 + n + (n & 1)
assert i == len(b), 'chunks do not fill the file'
assert data is not None and data > 0, 'no audio'
EOF
}

# leftovers DIR: temporaries and hidden files under DIR
leftovers() {
  find "$1" \( -name '*.tmp*' -o -name '.*' -o -name '*.XXXXXX' \) \
    ! -path "$1" -print 2>/dev/null
}

# case NAME EXPECT PATTERN ARGS...: run langdu in a fresh sandbox on
# $IN/NAME (or ARGS naming the input); EXPECT is 0, 1, 2 or 01 (either);
# PATTERN must be in stderr when it fails ("-": no check).
n_cases=0
hostile() {
  name=$1
  want=$2
  pat=$3
  shift 3
  n_cases=$((n_cases + 1))
  box=$TMP/box/$name
  mkdir -p "$box/a/b"
  cp "$IN/$name" "$box/a/b/$name" 2>/dev/null
  (cd "$box/a/b" && "$LANGDU" -q "$@" >"$box/stdout" 2>"$box/stderr")
  rc=$?
  case $want in
  01) [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] ;;
  *) [ "$rc" -eq "$want" ] ;;
  esac
  if [ $? -eq 0 ]; then
    pass
  else
    fail "$name: exit $rc, expected $want"
    sed 's/^/  | /' "$box/stderr" | head -5
  fi
  if [ "$rc" -ne 0 ] && [ "$pat" != "-" ]; then
    if grep -q -- "$pat" "$box/stderr"; then pass; else
      fail "$name: no '$pat' in: $(head -c 300 "$box/stderr")"
    fi
  fi
  # nothing outside the output folder (out/) and the input
  extra=$(cd "$box" && find . ! -path . ! -path ./a ! -path ./a/b \
    ! -path "./a/b/$name" ! -path ./a/b/out ! -path './a/b/out/*' \
    ! -path ./stdout ! -path ./stderr ! -path ./victim ! -path ./wav.err \
    -print | head -5)
  if [ -z "$extra" ]; then pass; else fail "$name: files outside -o: $extra"; fi
  extra=$(leftovers "$box/a/b/out")
  if [ -z "$extra" ]; then pass; else fail "$name: temporaries left: $extra"; fi
  for f in "$box"/a/b/out/*.wav; do
    [ -f "$f" ] || continue
    if wav_ok "$f" >"$box/wav.err" 2>&1; then pass; else
      fail "$name: incomplete $f: $(tail -n 1 "$box/wav.err")"
    fi
  done
}
O="-f wav -o out"

# ---- 1. the table ---------------------------------------------------------
# nothing to say
hostile empty.txt 1 "nothing to read" empty.txt $O
hostile spaces.txt 1 "nothing to read" spaces.txt $O
hostile emoji.txt 1 "nothing to read" emoji.txt $O
hostile punct.txt 1 "nothing to read" punct.txt $O
hostile bom.txt 1 "nothing to read" bom.txt $O
hostile frontmatter_only.md 1 "nothing to read" frontmatter_only.md $O
hostile rtl_only.txt 01 "nothing to read" rtl_only.txt $O
# bytes that are no text
hostile binary.txt 1 "binary file" binary.txt $O
hostile elf.txt 1 "binary file" elf.txt $O
hostile utf16bom.txt 1 "UTF-16" utf16bom.txt $O
hostile utf16.txt 1 "binary file" utf16.txt $O
hostile binary_small.txt 1 "binary file" binary_small.txt $O
hostile nul.txt 0 - nul.txt $O
hostile controls.txt 0 - controls.txt $O
# invalid UTF-8: the byte offset, or U+FFFD with --lenient
hostile overlong.txt 1 "byte 3: invalid UTF-8" overlong.txt $O
hostile overlong3.txt 1 "byte 0: invalid UTF-8" overlong3.txt $O
hostile surrogate.txt 1 "byte 21: invalid UTF-8" surrogate.txt $O
hostile cesu.txt 1 "invalid UTF-8" cesu.txt $O
hostile truncated.txt 1 "byte 21: invalid UTF-8" truncated.txt $O
hostile above.txt 1 "invalid UTF-8" above.txt $O
mkdir -p "$TMP/box/lenient"
cp "$IN/surrogate.txt" "$IN/lenient_surrogate.txt"
hostile lenient_surrogate.txt 0 - --lenient lenient_surrogate.txt $O
cp "$IN/binary_small.txt" "$IN/lenient_binary.txt"
hostile lenient_binary.txt 01 - --lenient --dump=pinyin lenient_binary.txt
# scripts and marks
hostile rtl_mixed.txt 0 - rtl_mixed.txt $O
hostile combining.txt 0 - combining.txt $O
hostile zalgo.txt 0 - zalgo.txt $O
hostile crlf.txt 0 - crlf.txt $O
hostile separators.txt 0 - separators.txt $O
hostile variation.txt 0 - variation.txt $O
hostile blank_lines.txt 0 - blank_lines.txt $O
# size and shape (no audio: the structure and front end are what is tested)
hostile nopunct_1mb.txt 0 - --dump=pinyin nopunct_1mb.txt
hostile long_line.txt 0 - --dump=pinyin long_line.txt
hostile long_latin_word.txt 0 - --dump=pinyin long_latin_word.txt
hostile long_sentence.txt 0 - --dump=pinyin long_sentence.txt
# split, never drop: 5000 characters in pieces of at most 200
pieces=$(wc -l <"$TMP/box/long_sentence.txt/stdout")
chars=$(cut -f1 "$TMP/box/long_sentence.txt/stdout" | tr -d '\n。' |
  "$PYTHON" -c 'import sys; print(len(sys.stdin.read()))')
check "long sentence split into >= 25 pieces ($pieces)" test "$pieces" -ge 25
check "long sentence: no character dropped ($chars)" test "$chars" -eq 5000
hostile headings_100k.md 1 "sections" headings_100k.md $O
hostile headings_1000.md 1 "more than the 999" headings_1000.md $O
hostile nested_quotes.md 0 - nested_quotes.md $O
hostile nested_lists.md 0 - --dump=pinyin nested_lists.md
hostile nested_brackets.md 0 - --dump=pinyin nested_brackets.md
hostile nested_emphasis.md 0 - --dump=pinyin nested_emphasis.md
hostile wide_table.md 0 - --dump=pinyin wide_table.md
hostile html_script.md 0 - html_script.md $O
hostile code_only.md 01 - code_only.md $O
hostile fence_unclosed.md 0 - fence_unclosed.md $O
# names from headings stay inside -o
hostile dotdot.md 0 - dotdot.md $O
hostile absolute.md 0 - absolute.md $O
hostile backslash.md 0 - backslash.md $O
hostile control_heading.md 0 - control_heading.md $O
hostile dots.md 0 - dots.md $O
hostile reserved.md 0 - reserved.md $O
bad=$(ls "$TMP/box/reserved.md/a/b/out" | grep -v '^[0-9][0-9]*-' | grep -v '^manifest\.json$' |
  grep -iv '^feed\.xml$\|^playlist\.m3u8$')
check "reserved names get a number first: $bad" test -z "$bad"
hostile long_name.md 0 - long_name.md $O
long=$(ls "$TMP/box/long_name.md/a/b/out" | awk 'length($0) > 100')
check "file names stay short: $long" test -z "$long"
hostile case.md 0 - case.md $O
n=$(ls "$TMP/box/case.md/a/b/out" | grep -c '\.wav$')
check "names differing by case: 4 files ($n)" test "$n" -eq 4
n=$(ls "$TMP/box/case.md/a/b/out" | tr 'A-Z' 'a-z' | sort | uniq -d | wc -l)
check "no two names equal ignoring case" test "$n" -eq 0
# symlinks in -o are replaced, never followed
box=$TMP/box/symlink.md
mkdir -p "$box/a/b/out"
printf 'precious\n' >"$box/victim"
ln -s ../../../victim "$box/a/b/out/01-x.wav"
ln -s ../../../victim "$box/a/b/out/manifest.json"
ln -s ../../../victim "$box/a/b/out/01-x.srt"
hostile symlink.md 0 - symlink.md $O
check "symlink target untouched" test "$(cat "$box/victim")" = precious
check "symlink replaced by a file" test -f "$box/a/b/out/01-x.wav" -a ! -L "$box/a/b/out/01-x.wav"
check "manifest symlink replaced" test ! -L "$box/a/b/out/manifest.json"
# no -o: the folder is named after the input; "...txt" must not give ".."
box=$TMP/box/dots_input
mkdir -p "$box/a/b"
cp "$IN/plain.txt" "$box/a/b/...txt"
(cd "$box/a/b" && "$LANGDU" -q -f wav ...txt >/dev/null 2>"$box/stderr")
rc=$?
n_cases=$((n_cases + 1))
check_rc_val() { if [ "$1" -eq "$2" ]; then pass; else fail "$3: exit $1, expected $2"; fi; }
check_rc_val $rc 0 "input named ...txt"
check "input named ...txt: nothing written above" \
  test "$(ls -A "$box/a" | tr '\n' ' ')" = "b "
check "input named ...txt: a folder of its own" test -s "$box/a/b/langdu/manifest.json"
# limits, paths, usage
hostile plain.txt 1 "too large: more than 10 bytes (see --max-input)" --max-input 10 plain.txt $O
hostile max_input_bad 2 "max-input" --max-input 12x plain.txt $O
hostile max_input_huge 2 "max-input" --max-input 1G plain.txt $O
hostile dir_input 1 "input/output error" . $O
hostile missing_input 1 "missing.txt" missing.txt $O
hostile dev_null 1 "nothing to read" /dev/null $O
mkdir -p "$TMP/box/out_is_file/a/b"
: >"$TMP/box/out_is_file/a/b/out"
hostile out_is_file 1 "output folder" "$IN/plain.txt" $O
# standard input with NULs and controls
box=$TMP/box/stdin
mkdir -p "$box/a/b"
(cd "$box/a/b" && "$LANGDU" -q - -o out <"$IN/nul.txt" >/dev/null 2>"$box/stderr")
check_rc_val $? 0 "stdin with NULs"
n_cases=$((n_cases + 1))
echo "$n_cases hostile-input cases"
check "at least 40 hostile-input cases ($n_cases)" test "$n_cases" -ge 40

# ---- 2. SIGINT at random points -------------------------------------------
art=$TMP/sig/article.md
mkdir -p "$TMP/sig"
{
  printf '# 標題\n\n第一段有幾句話。這是第二句。\n\n'
  for i in 1 2 3 4; do
    printf '## 第%s節\n\n這一節的第一段。有兩句話。\n\n第二段也很短。\n\n' "$i"
  done
} >"$art"
t0=$(date +%s%N)
# --no-cache: a sentence from the cache can differ by a few samples from
# one spoken in another context (espeak-ng carries state from utterance
# to utterance), and this is about whole files, not the cache
"$LANGDU" -q --no-cache "$art" -o "$TMP/sig/ref" 2>"$TMP/sig/ref.err"
check_rc_val $? 0 "reference run"
t1=$(date +%s%N)
"$LANGDU" -q --no-cache "$art" -o "$TMP/sig/ref2" 2>/dev/null
t2=$(date +%s%N)
# the faster of two runs: a first, cold run overstates what the rest take
full_ms=$(((t1 - t0) / 1000000))
[ $(((t2 - t1) / 1000000)) -lt "$full_ms" ] && full_ms=$(((t2 - t1) / 1000000))
seed=${HOSTILE_SEED:-$$}
echo "SIGINT: full run $full_ms ms, seed $seed"
# three in four signals fall inside a run, the rest near or after its end
delays=$(awk -v s="$seed" -v m="$full_ms" 'BEGIN { srand(s);
  for (i = 0; i < 20; i++)
    printf "%d ", i % 4 ? 10 + int(rand() * m * 0.8) : 10 + int(rand() * m * 1.5) }')
k=0
interrupted=0
for ms in $delays; do
  k=$((k + 1))
  out=$TMP/sig/run$k
  secs=$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')
  timeout --preserve-status -s INT "$secs" "$LANGDU" -q --no-cache "$art" -o "$out" \
    2>"$TMP/sig/err$k"
  rc=$?
  [ "$rc" -eq 130 ] && interrupted=$((interrupted + 1))
  if [ "$rc" -eq 130 ] || [ "$rc" -eq 0 ]; then pass; else
    fail "SIGINT after $ms ms: exit $rc"
    head -3 "$TMP/sig/err$k"
  fi
  left=$(leftovers "$out")
  if [ -z "$left" ]; then pass; else fail "SIGINT after $ms ms: left $left"; fi
  # every final file is the complete one
  partial=
  for f in "$out"/*; do
    [ -f "$f" ] || continue
    cmp -s "$f" "$TMP/sig/ref/$(basename "$f")" || partial="$partial $(basename "$f")"
  done
  if [ -z "$partial" ]; then pass; else fail "SIGINT after $ms ms: partial$partial"; fi
done
echo "SIGINT: $interrupted of 20 runs interrupted, the rest finished"
check "SIGINT interrupted some runs ($interrupted)" test "$interrupted" -ge 5
# with a cache: a signal leaves no temporary in it either, and a run
# after the interrupted ones finishes from what they kept
for ms in $(echo "$delays" | cut -d' ' -f1-6); do
  secs=$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')
  timeout --preserve-status -s INT "$secs" "$LANGDU" -q --cache "$TMP/sig/cache" \
    "$art" -o "$TMP/sig/cached" 2>/dev/null
  left=$( (leftovers "$TMP/sig/cached"; find "$TMP/sig/cache" -name '*.tmp*' 2>/dev/null) )
  if [ -z "$left" ]; then pass; else fail "SIGINT with a cache after $ms ms: left $left"; fi
done
check_rc 0 "a run after interrupted ones" "$LANGDU" -q --cache "$TMP/sig/cache" "$art" -o "$TMP/sig/cached"
check "it left every file" test "$(ls "$TMP/sig/cached" | wc -l)" -eq "$(ls "$TMP/sig/ref" | wc -l)"
# SIGTERM: 143
timeout --preserve-status -s TERM 0.3 "$LANGDU" -q "$art" -o "$TMP/sig/term" 2>/dev/null
rc=$?
if [ "$rc" -eq 143 ] || [ "$rc" -eq 0 ]; then pass; else fail "SIGTERM: exit $rc"; fi
check "SIGTERM leaves no temporaries" test -z "$(leftovers "$TMP/sig/term")"

# ---- 3. a file size limit (as a full disk) --------------------------------
out=$TMP/fsz/out
mkdir -p "$out"
cp "$TMP/sig/ref/manifest.json" "$out/manifest.json"
(ulimit -f 64 && "$LANGDU" -q "$art" -o "$out" 2>"$TMP/fsz/err")
check_rc_val $? 1 "file size limit"
check_grep "File too large" "$TMP/fsz/err" "file size limit explained"
check "file size limit: no temporaries" test -z "$(leftovers "$out")"
check "file size limit: old manifest kept whole" cmp -s "$out/manifest.json" "$TMP/sig/ref/manifest.json"
partial=
for f in "$out"/*.wav; do
  [ -f "$f" ] || continue
  wav_ok "$f" >/dev/null 2>&1 || partial="$partial $f"
done
check "file size limit: no partial audio:$partial" test -z "$partial"

# ---- 4. valgrind ----------------------------------------------------------
if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind: not installed, skipped"
elif ldd "$LANGDU" 2>/dev/null | grep -q 'libasan\|libubsan'; then
  echo "valgrind: sanitizer build, skipped"
else
  printf '# 標題\n\n你好。我用Claude Code寫程式。\n' >"$TMP/vg.md"
  t0=$(date +%s)
  valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite "$LANGDU" -q "$TMP/vg.md" \
    -o "$TMP/vg" >"$TMP/vg.out" 2>"$TMP/vg.err"
  rc=$?
  echo "valgrind: exit $rc in $(($(date +%s) - t0)) s"
  if [ "$rc" -eq 0 ]; then pass; else fail "valgrind: exit $rc"; head -40 "$TMP/vg.err"; fi
fi

finish
