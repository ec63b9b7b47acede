#!/bin/sh
# End to end, every container: MP3 (the default), Ogg Opus, Ogg Vorbis,
# FLAC and WAV, on a small article with awkward chapter titles and on the
# sample.  Real readers must agree with the manifest: tests/chapters.py
# (ffprobe + mutagen) always, ../shared/tools/verify/chapters (ffprobe,
# mutagen, music-metadata, eyeD3) when it is there; ffmpeg decodes every
# file silently, `flac -t` and `ogginfo` pass.
. tests/lib.sh

SAMPLE=tests/fixtures/karpathy-2025-review.zh-Hant.txt
VERIFY=${VERIFY:-../shared/tools/verify/chapters}
FORMATS="mp3 opus ogg flac wav"

# run PYTHON_SCRIPT_OUTPUT: count its "N passed, N failed" as one check
summary_ok() {
  line=$(tail -n 1 "$1")
  p=${line%% passed*}
  f=${line#*passed, }
  f=${f%% failed*}
  [ -n "$p" ] && [ "$p" -gt 0 ] 2>/dev/null && [ "$f" -eq 0 ] 2>/dev/null
}

# check_dir DIR EXT: every file of DIR/manifest.json, with every reader
check_dir() {
  cdir=$1
  ext=$2
  "$PYTHON" tests/chapters.py "$cdir/manifest.json" >"$TMP/ch.out" 2>&1
  if summary_ok "$TMP/ch.out"; then pass; else fail "chapters.py $cdir: $(head -c 600 "$TMP/ch.out")"; fi
  "$PYTHON" - "$cdir/manifest.json" >"$TMP/list" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
for s in m["sections"]:
    print(s["file"] + "\t" + ",".join("%.3f" % c["start"] for c in s["chapters"]))
PY
  while IFS='	' read -r name starts; do
    file=$cdir/$name
    case $name in *."$ext") pass ;; *) fail "$name: not .$ext" ;; esac
    ffmpeg -nostdin -v error -i "$file" -f null - >"$TMP/ff.out" 2>&1 </dev/null
    check "ffmpeg decodes $ext/$name silently" test ! -s "$TMP/ff.out"
    if [ -x "$VERIFY" ] && [ -n "$starts" ]; then
      if "$VERIFY" "$file" --expect-starts "$starts" --titles >"$TMP/v.out" 2>&1 </dev/null; then
        pass
      else
        fail "verify/chapters $ext/$name"
        grep -v '^# \(reader\|meta\)' "$TMP/v.out" | head -12 | sed 's/^/  | /'
      fi
    fi
    case $ext in
    flac) check "flac -t $name" flac -s -t "$file" </dev/null ;;
    ogg | opus)
      ogginfo "$file" >"$TMP/oi.out" 2>&1 </dev/null
      rc=$?
      if [ "$rc" -eq 0 ] && ! grep -qi 'warning\|error' "$TMP/oi.out"; then pass; else
        fail "ogginfo $name (exit $rc)"
        grep -i 'warning\|error' "$TMP/oi.out" | head -5
      fi
      ;;
    esac
  done <"$TMP/list"
}

# 1. titles with emoji, quotes, &, <, a line break in the source, and a
#    paragraph of more than 200 characters
cat >"$TMP/titles.md" <<'MD'
# 標題測試：表情 😀 與 "引號" & <尖括號>

第一段有表情符號 🎉🚀，還有「引號」與 "英文引號"。

第二段 A & B < C > D，
這一行接著上一行（原文有換行）。

## 第二節 'single' & "double" <tag>

最後一段：O'Reilly & Sons 😀。
MD
"$PYTHON" -c "
import sys
p = '這是一個很長的段落' + '，'.join(['其中包含許多詞語與標點符號用來測試章節標題的截斷方式'] * 8) + '。'
assert len(p) > 200
open(sys.argv[1], 'a', encoding='utf-8').write('\n' + p + '\n')" "$TMP/titles.md"
for fmt in $FORMATS; do
  check_rc 0 "titles as $fmt" "$LANGDU" -q -f "$fmt" "$TMP/titles.md" -o "$TMP/t-$fmt"
  check_dir "$TMP/t-$fmt" "$fmt"
done
check "the manifest keeps the awkward titles" "$PYTHON" -c "
import json, sys
m = json.load(open('$TMP/t-opus/manifest.json', encoding='utf-8'))
t = [c['title'] for s in m['sections'] for c in s['chapters']]
need = ['😀', '\"', '&', '<', \"'\"]
sys.exit(0 if all(any(n in x for x in t) for n in need) else 1)"

# 2. MP3 is the default; Ogg output is reproducible (no clock in serials)
check_rc 0 "default format" "$LANGDU" -q "$TMP/titles.md" -o "$TMP/def"
check "default is MP3" test "$(ls "$TMP/def"/*.mp3 | wc -l)" -eq 2
check_grep '"format": "mp3"' "$TMP/def/manifest.json" "manifest says mp3"
check "MP3 carries ID3v2.4" "$PYTHON" -c "
import glob, sys
d = open(sorted(glob.glob('$TMP/def/*.mp3'))[0], 'rb').read()
sys.exit(0 if d[:4] == b'ID3\x04' and d[-128:-125] != b'TAG' else 1)"
check_rc 0 "opus again" "$LANGDU" -q -f opus "$TMP/titles.md" -o "$TMP/t-opus2"
for f in "$TMP/t-opus"/*.opus; do
  check "reproducible $(basename "$f")" cmp "$f" "$TMP/t-opus2/$(basename "$f")"
done

# 3. options: --id3v2.3, --bitrate, --quality, --cover
check_rc 0 "--id3v2.3" "$LANGDU" -q --id3v2.3 --bitrate 96 "$TMP/titles.md" -o "$TMP/v23"
check "ID3v2.3 tag" "$PYTHON" -c "
import glob, sys
d = open(sorted(glob.glob('$TMP/v23/*.mp3'))[0], 'rb').read()
sys.exit(0 if d[:4] == b'ID3\x03' else 1)"
check_dir "$TMP/v23" mp3
check_rc 0 "--quality for mp3" "$LANGDU" -q --quality 6 "$TMP/titles.md" -o "$TMP/q6"
check_rc 0 "--bitrate for opus" "$LANGDU" -q -f opus --bitrate 24 "$TMP/titles.md" -o "$TMP/b16"
check_rc 2 "--bitrate too low for Opus" "$LANGDU" -f opus --bitrate 16 "$TMP/titles.md"
check_rc 2 "--bitrate with wav" "$LANGDU" -f wav --bitrate 64 "$TMP/titles.md"
check_rc 2 "--bitrate with ogg" "$LANGDU" -f ogg --bitrate 64 "$TMP/titles.md"
check_rc 2 "--quality with opus" "$LANGDU" -f opus --quality 5 "$TMP/titles.md"
check_rc 2 "--bitrate and --quality" "$LANGDU" --bitrate 64 --quality 5 "$TMP/titles.md"
check_rc 2 "--bitrate too high for MP3" "$LANGDU" --bitrate 192 "$TMP/titles.md"
check_rc 2 "--quality 11" "$LANGDU" --quality 11 "$TMP/titles.md"
"$PYTHON" -c "
import struct, sys, zlib
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 2, 2, 8, 2, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(b'\0' + b'\xff\0\0' * 2 + b'\0' + b'\0\xff\0' * 2)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)" "$TMP/cover.png"
for fmt in mp3 opus ogg flac; do
  check_rc 0 "--cover with $fmt" "$LANGDU" -q -f "$fmt" --cover "$TMP/cover.png" "$TMP/titles.md" -o "$TMP/c-$fmt"
  check "cover embedded in $fmt" "$PYTHON" -c "
import glob, sys, mutagen
f = mutagen.File(sorted(glob.glob('$TMP/c-$fmt/*.$fmt'))[0])
if '$fmt' == 'mp3':
    ok = bool(f.tags.getall('APIC'))
elif '$fmt' == 'flac':
    ok = len(f.pictures) == 1 and f.pictures[0].mime == 'image/png'
else:
    ok = 'metadata_block_picture' in [k.lower() for k in f.tags.keys()]
sys.exit(0 if ok else 1)"
  ffmpeg -nostdin -v error -i "$(ls "$TMP/c-$fmt"/*."$fmt" | head -n 1)" -f null - >"$TMP/ff.out" 2>&1
  check "ffmpeg decodes the $fmt with a cover silently" test ! -s "$TMP/ff.out"
done
printf 'not an image' >"$TMP/cover.txt"
check_rc 1 "--cover that is no image" "$LANGDU" -q --cover "$TMP/cover.txt" "$TMP/titles.md" -o "$TMP/cbad"
check_rc 0 "--cover that is not there yet" "$LANGDU" -q --cover "$TMP/later.jpg" "$TMP/titles.md" -o "$TMP/clater"
check_grep "not embedded" "$TMP/err" "missing cover explained"

# 4. more than 100 chapters in a file: all kept, a warning for AntennaPod
"$PYTHON" -c "
import sys
open(sys.argv[1], 'w', encoding='utf-8').write('# 很多章節\n\n' + ''.join('第%d句。' % i for i in range(1, 131)) + '\n')" "$TMP/many.md"
check_rc 0 "130 sentence chapters" "$LANGDU" -q -f opus --loudness off --chapters=sentence "$TMP/many.md" -o "$TMP/many"
check_grep "AntennaPod shows only the first 100" "$TMP/err" "warned about 100 chapters"
check_dir "$TMP/many" opus

# 5. the sample in every container (WAV: e2e_sample.sh)
for fmt in mp3 opus ogg flac; do
  check_rc 0 "the sample as $fmt" "$LANGDU" -q -f "$fmt" "$SAMPLE" -o "$TMP/s-$fmt"
  check "8 $fmt files" test "$(ls "$TMP/s-$fmt"/*."$fmt" | wc -l)" -eq 8
  check_dir "$TMP/s-$fmt" "$fmt"
done

# 6. loudness through Opus, as ffmpeg measures it: -16 +- 1 LUFS, true
#    peak <= -1 dBTP.  libopus 1.3.1 filled some of espeak-ng's short
#    silences inside words with noise at full scale (the sample: up to
#    +4.4 dBTP; the two sentences: +4.4 and +3.6) until the Opus writer
#    put a noise floor under them (audio_ogg.c).  --no-cache: the PCM
#    must be what this espeak-ng speaks now, not what a cache kept.
loud_ok() { # loud_ok FILE
  set -- "$1" $(ffmpeg -nostdin -hide_banner -nostats -i "$1" \
    -af ebur128=peak=true -f null - 2>&1 </dev/null | sed -n '/Summary:/,$p' |
    awk '/ I:/{i=$2} /Peak:/{p=$2} END{print i, p}')
  echo "$1: $2 LUFS, $3 dBTP"
  awk -v i="$2" -v p="$3" 'BEGIN{exit !(i >= -17 && i <= -15 && p <= -1)}'
}
for f in "$TMP/s-opus"/*.opus; do
  check "loudness of the sample's $(basename "$f")" loud_ok "$f"
done
printf '%s\n' '結果是:模型可以在所有可用基準上大掃除,但仍遠未達到通用人工智慧的水平。' \
  >"$TMP/burst1.txt"
printf '%s\n' '這個概念迅速激起了想像力,甚至連Andrej Karpathy在一則社交媒體貼文中隨意創造的「Vibe Coding」一詞,也演變成一股產業潮流。' \
  >"$TMP/burst2.txt"
for n in 1 2; do
  check_rc 0 "Opus burst sentence $n" "$LANGDU" -q -f opus --no-cache \
    "$TMP/burst$n.txt" -o "$TMP/burst$n"
  for f in "$TMP/burst$n"/*.opus; do
    check "loudness of burst sentence $n" loud_ok "$f"
  done
done

finish
