#!/bin/sh
# Speed features: -j output identical to -j 1, the sentence cache (only
# changed sentences are synthesised again), progress without control
# characters off a terminal, several inputs in one call.
. tests/lib.sh
SOURCE_DATE_EPOCH=1764547200
export SOURCE_DATE_EPOCH

cat >"$TMP/a.md" <<'MD'
# 測試文章

這是開頭的一段話。它有兩個句子。

## 第一節

第一節的內容在這裡。我們用Claude Code寫程式。

第二段落，還有2025年的數字。

## 第二節

第二節只有一句話。

## 第三節

最後一節，說完就結束了。
MD

# -j 1 and -j 4 write the same bytes (every container with a stream
# serial or an encoder in it)
for fmt in wav mp3 opus; do
  check_rc 0 "-j 1 $fmt" "$LANGDU" -q -j 1 --no-cache -f "$fmt" "$TMP/a.md" -o "$TMP/j1-$fmt"
  check_rc 0 "-j 4 $fmt" "$LANGDU" -q -j 4 --no-cache -f "$fmt" "$TMP/a.md" -o "$TMP/j4-$fmt"
  check "-j 1 and -j 4 identical ($fmt)" diff -r "$TMP/j1-$fmt" "$TMP/j4-$fmt"
done

# the cache: cold, warm, then one sentence edited
count() { # count WHAT: the number before "WHAT" in the summary line
  sed -n "s/.* \([0-9][0-9]*\) $1.*/\1/p" "$TMP/err" | tail -n 1
}
check_rc 0 "cold run" "$LANGDU" -f wav --cache "$TMP/cache" "$TMP/a.md" -o "$TMP/c1"
check "cold: all 11 synthesised" test "$(count synthesised)" = 11
check_rc 0 "warm run" "$LANGDU" -f wav --cache "$TMP/cache" "$TMP/a.md" -o "$TMP/c2"
check "warm: none synthesised" test "$(count synthesised)" = 0
check "warm: 11 from the cache" test "$(sed -n 's/.*, \([0-9]*\) from the cache/\1/p' "$TMP/err")" = 11
check "warm run gives the same files" diff -r "$TMP/c1" "$TMP/c2"
# into the same folder again: unchanged sections are not made again
ls -l --time-style=full-iso "$TMP"/c1/*.wav >"$TMP/before"
check_rc 0 "re-run into the same folder" "$LANGDU" -f wav --cache "$TMP/cache" "$TMP/a.md" -o "$TMP/c1"
ls -l --time-style=full-iso "$TMP"/c1/*.wav >"$TMP/after"
check "audio files left as they were" cmp "$TMP/before" "$TMP/after"
check "and the same as a fresh run" diff -r "$TMP/c1" "$TMP/c2"
# a damaged file is made again, not trusted
printf 'x' >>"$TMP/c1/02-第一節.wav"
check_rc 0 "re-run after damage" "$LANGDU" -f wav --cache "$TMP/cache" "$TMP/a.md" -o "$TMP/c1"
check "damaged file repaired" cmp "$TMP/c1/02-第一節.wav" "$TMP/c2/02-第一節.wav"
sed 's/第二節只有一句話。/第二節現在換了一句話。/' "$TMP/a.md" >"$TMP/b.md"
check_rc 0 "after an edit" "$LANGDU" -f wav --cache "$TMP/cache" "$TMP/b.md" -o "$TMP/c3"
check "edit: exactly one sentence synthesised" test "$(count synthesised)" = 1
check_rc 0 "--no-cache" "$LANGDU" -f wav --no-cache "$TMP/a.md" -o "$TMP/c4"
check "--no-cache synthesises everything" test "$(count synthesised)" = 11
# a different rate is a different sound: no stale cache hits
check_rc 0 "another rate" "$LANGDU" -f wav -r 200 --cache "$TMP/cache" "$TMP/a.md" -o "$TMP/c5"
check "rate is in the key" test "$(count synthesised)" = 11

# progress off a terminal: plain lines, no control characters
check_rc 0 "progress to a file" "$LANGDU" -f wav --no-cache "$TMP/a.md" -o "$TMP/p"
check "a line per section" test "$(grep -c '^langdu: \[[0-9]/4\]' "$TMP/err")" -eq 4
check "no control characters" sh -c "! LC_ALL=C grep -q \"\$(printf '[\\r\\033]')\" '$TMP/err'"
check_rc 0 "--quiet" "$LANGDU" -q -f wav --no-cache "$TMP/a.md" -o "$TMP/p"
check "--quiet says nothing" test ! -s "$TMP/err"

# several inputs: each into its own folder; one bad one fails the run
# but the others are finished
printf '壞\377檔案。\n' >"$TMP/bad.txt"
printf '另一篇很短的文章。\n' >"$TMP/c.txt"
check_rc 1 "one of three fails" "$LANGDU" -q -f wav --no-cache "$TMP/a.md" "$TMP/bad.txt" "$TMP/c.txt" -o "$TMP/many"
check "first article done" test -s "$TMP/many/a/manifest.json"
check "third article done" test -s "$TMP/many/c/manifest.json"
check "failed article named" grep -q "bad.txt" "$TMP/err"
check "count of failures" grep -q "1 of 3 articles failed" "$TMP/err"
mkdir -p "$TMP/x"
cp "$TMP/c.txt" "$TMP/x/c.txt"
check_rc 0 "same names" "$LANGDU" -q -f wav --no-cache "$TMP/c.txt" "$TMP/x/c.txt" -o "$TMP/same"
check "second same-named article gets its own folder" test -s "$TMP/same/c-2/manifest.json"

finish
