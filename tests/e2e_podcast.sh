#!/bin/sh
# Podcast apps and screen-free listening (issue 5): chapters JSON, WebVTT
# and SRT beside every file, playlist.m3u8, feed.xml, loudness, the
# one-file book, and a manifest that lists every file with its SHA-256.
. tests/lib.sh

SAMPLE=tests/fixtures/karpathy-2025-review.zh-Hant.txt
SOURCE_DATE_EPOCH=1764547200
export SOURCE_DATE_EPOCH
A=$TMP/a
B=$TMP/b
FMT=${FMT:-wav}
# the audio files a manifest lists, one per line
audio_of() {
  "$PYTHON" -c "
import json,sys; m=json.load(open(sys.argv[1]))
print('\n'.join(f['path'] for f in m['files'] if f['kind'] in ('audio','book')))" "$1/manifest.json"
}
# loudness DIR: -16 +- 1 LUFS integrated, true peak <= -1 dBTP, every file
loudness() {
  audio_of "$1" >"$TMP/audio.list"
  check "$1: audio files listed" test -s "$TMP/audio.list"
  while read -r n; do
    ffmpeg -nostdin -hide_banner -nostats -i "$1/$n" -af ebur128=peak=true:framelog=verbose \
      -f null - 2>&1 | sed -n '/Summary:/,$p' >"$TMP/r128.out"
    i=$(awk '/ I:/{print $2}' "$TMP/r128.out")
    tp=$(awk '/Peak:/{print $2}' "$TMP/r128.out")
    echo "loudness $n: $i LUFS, $tp dBTP"
    check "$n: $i LUFS within -16 +- 1" awk -v v="$i" 'BEGIN{exit !(v >= -17 && v <= -15)}'
    check "$n: true peak $tp <= -1 dBTP" awk -v v="$tp" 'BEGIN{exit !(v <= -1)}'
  done <"$TMP/audio.list"
}

check_rc 0 "narrate the sample with --book" "$LANGDU" -q -f "$FMT" --book "$SAMPLE" -o "$A"
check_rc 0 "and once more" "$LANGDU" -q -f "$FMT" --book "$SAMPLE" -o "$B"
check "9 audio files" test "$(audio_of "$A" | wc -l)" -eq 9
check "xmllint --noout feed.xml" xmllint --noout "$A/feed.xml"
check "the feed says its links are relative" grep -q -- "<!-- Links are relative" "$A/feed.xml"
check "playlist" grep -q '^#EXTM3U' "$A/playlist.m3u8"
check "playlist: 8 entries" test "$(grep -c '^#EXTINF:' "$A/playlist.m3u8")" -eq 8
check "no spool file left" test -z "$(ls -A "$A" | grep spool)"

# feed, chapters JSON, transcripts, manifest: tests/podcast_check.py
"$PYTHON" tests/podcast_check.py "$A" >"$TMP/pc.out" 2>&1
line=$(tail -n 1 "$TMP/pc.out")
p=${line%% passed*}
f=${line#*passed, }
f=${f%% failed*}
if [ -n "$p" ] && [ "$p" -gt 0 ] 2>/dev/null && [ "$f" -eq 0 ] 2>/dev/null; then pass; else fail "podcast_check.py: $(cat "$TMP/pc.out")"; fi

# same SOURCE_DATE_EPOCH, same sidecars (and audio), byte for byte
for f in "$A"/*; do
  n=$(basename "$f")
  check "reproducible: $n" cmp "$f" "$B/$n"
done

loudness "$A"

# the book: one chapter per section, where the manifest says, every reader
book=$("$PYTHON" -c "import json,sys; print(json.load(open(sys.argv[1]))['book']['file'])" "$A/manifest.json")
starts=$("$PYTHON" -c "
import json,sys; m=json.load(open(sys.argv[1]))
print(','.join('%.3f' % c['start'] for c in m['book']['chapters']))" "$A/manifest.json")
check "book: 8 chapters" test "$(echo "$starts" | tr ',' '\n' | wc -l)" -eq 8
VERIFY=${VERIFY:-../shared/tools/verify/chapters}
[ -x "$VERIFY" ] || VERIFY=/work/shared/tools/verify/chapters
if [ -x "$VERIFY" ]; then
  check "book: verify/chapters --expect-starts --titles" "$VERIFY" --expect-count 8 \
    --expect-starts "$starts" --titles "$A/$book"
fi
check "book: as long as the sections together" "$PYTHON" -c "
import json,sys; m=json.load(open(sys.argv[1]))
sys.exit(0 if m['book']['frames'] == sum(s['frames'] for s in m['sections']) else 1)" "$A/manifest.json"

# a small article for the options
cat >"$TMP/small.md" <<'MD'
# 小文章 & <測試>

這是第一段的介紹。它有兩句話。

## 第一節

Tom & Jerry 說 <你好>。再見。

## 第二節

最後一句。
MD
check_rc 0 "--book-only" "$LANGDU" -q -f wav --book-only "$TMP/small.md" -o "$TMP/bo"
check "--book-only: one audio file" test "$(audio_of "$TMP/bo" | wc -l)" -eq 1
check "--book-only: nothing else" test "$(ls "$TMP/bo" | grep -c '^0[1-9]-')" -eq 0
loudness "$TMP/bo"
check "--book-only: xmllint" xmllint --noout "$TMP/bo/feed.xml"
"$PYTHON" tests/podcast_check.py "$TMP/bo" --book-only >"$TMP/pc.out" 2>&1
check "--book-only: podcast_check.py" test "$(tail -n 1 "$TMP/pc.out" | sed 's/.*passed, //')" = "0 failed"
tail -n 1 "$TMP/pc.out" | grep -q ' 0 failed' || cat "$TMP/pc.out"

check_rc 0 "--base-url, --author, --cover" "$LANGDU" -q --base-url https://example.org/pod \
  --author 作者 --cover cover.jpg --date 2025-11-30 "$TMP/small.md" -o "$TMP/bu"
check "--base-url: xmllint" xmllint --noout "$TMP/bu/feed.xml"
check_grep 'url="https://example.org/pod/01-' "$TMP/bu/feed.xml" "absolute enclosure"
check_grep 'href="https://example.org/pod/cover.jpg"' "$TMP/bu/feed.xml" "absolute cover"
check_grep '<itunes:author>作者</itunes:author>' "$TMP/bu/feed.xml" "--author"
check_grep '<pubDate>Sun, 30 Nov 2025 00:00:00 GMT</pubDate>' "$TMP/bu/feed.xml" "--date"
check_grep '<language>zh-Hant</language>' "$TMP/bu/feed.xml" "language"
check_grep '<description>這是第一段的介紹。它有兩句話。</description>' "$TMP/bu/feed.xml" "the introduction"
check "--base-url: no relative-links comment" sh -c "! grep -q 'Links are relative' '$TMP/bu/feed.xml'"
"$PYTHON" tests/podcast_check.py "$TMP/bu" --base-url https://example.org/pod >"$TMP/pc.out" 2>&1
check "--base-url: podcast_check.py" grep -q ' 0 failed$' "$TMP/pc.out"
grep -q ' 0 failed$' "$TMP/pc.out" || cat "$TMP/pc.out"
check_grep 'Tom &amp; Jerry 說 &lt;你好&gt;。' "$TMP/bu/02-第一節.vtt" "VTT escapes"
check_grep 'Tom & Jerry 說 <你好>。' "$TMP/bu/02-第一節.srt" "SRT as written"

check_rc 0 "--loudness off" "$LANGDU" -q --loudness off "$TMP/small.md" -o "$TMP/off"
check "--loudness off: nothing measured" "$PYTHON" -c "
import json,sys; m=json.load(open(sys.argv[1]))
sys.exit(0 if all('loudness' not in s for s in m['sections']) else 1)" "$TMP/off/manifest.json"
check_rc 0 "--loudness -23" "$LANGDU" -q --loudness -23 "$TMP/small.md" -o "$TMP/l23"
check "--loudness -23: measured" "$PYTHON" -c "
import json,sys; m=json.load(open(sys.argv[1]))
sys.exit(0 if all(abs(s['loudness']['lufs'] + 23) < 0.5 for s in m['sections']) else 1)" "$TMP/l23/manifest.json"
for f in wav flac mp3 ogg opus; do
  if "$LANGDU" -q -f $f --book "$TMP/small.md" -o "$TMP/fmt-$f" >"$TMP/out" 2>&1; then
    pass
    loudness "$TMP/fmt-$f"
  elif grep -q "not available\|unsupported" "$TMP/out"; then
    echo "format $f not built here"
  else
    fail "-f $f: $(cat "$TMP/out")"
  fi
done
check_rc 0 "--no-sidecars" "$LANGDU" -q --no-sidecars "$TMP/small.md" -o "$TMP/ns"
check "--no-sidecars: no feed, no transcripts" test -z "$(ls "$TMP/ns" | grep -E 'feed|vtt|srt|m3u8|chapters')"

check_rc 2 "--loudness loud" "$LANGDU" --loudness loud "$TMP/small.md"
check_rc 2 "--loudness 0" "$LANGDU" --loudness 0 "$TMP/small.md"
check_rc 2 "--base-url ftp:" "$LANGDU" --base-url ftp://x "$TMP/small.md"
check_rc 2 "--date 2025-13-01" "$LANGDU" --date 2025-13-01 "$TMP/small.md"
check_grep "YYYY-MM-DD" "$TMP/err" "--date error names the form"

finish
