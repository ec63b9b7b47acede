#!/bin/sh
# Talking books end to end: --epub and --daisy on a small article, checked
# against manifest.json (tests/books.py), xmllint and epubcheck.
. tests/lib.sh
EPUBCHECK_JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}

cat >"$TMP/article.md" <<'EOF'
# 朗讀測試

第一段有 3 個句子。這是 GPT-4 的第二句，價格是 $10。Hello world.

## 第二節

第二節的內容，包括 AI 與 2025 年。

```
code
```

### 小節

最後一句！
EOF

# epubcheck: 0 errors and 0 warnings
epubcheck_clean() {
  java -jar "$EPUBCHECK_JAR" "$1" >"$TMP/epubcheck.out" 2>&1
  rc=$?
  cat "$TMP/epubcheck.out"
  [ "$rc" -eq 0 ] && grep -q "0 fatals / 0 errors / 0 warnings" "$TMP/epubcheck.out"
}

# books_listed MANIFEST EPUB DAISY: manifest.json lists the EPUB and every
# file of the DAISY folder (paths relative to its own folder), with their
# sizes and SHA-256, and every file it lists is there
books_listed() {
  "$PYTHON" - "$@" <<'PY'
import hashlib, json, os, sys
man, epub, daisy = sys.argv[1:4]
top = os.path.dirname(os.path.abspath(man))
m = json.load(open(man, encoding="utf-8"))
listed = {}
for f in m["files"]:
    listed[os.path.normpath(os.path.join(top, f["path"]))] = f
want = {os.path.abspath(epub): "epub"}
for n in os.listdir(daisy):
    want[os.path.abspath(os.path.join(daisy, n))] = "daisy"
bad = 0
for p, f in sorted(listed.items()):
    if not os.path.isfile(p):
        print("listed, not there:", f["path"]); bad += 1
for p, kind in sorted(want.items()):
    f = listed.get(p)
    data = open(p, "rb").read()
    if f is None or f["kind"] != kind or f["size"] != len(data) or \
            f["sha256"] != hashlib.sha256(data).hexdigest():
        print("not listed right:", p, f); bad += 1
print(len(want), "book files checked")
sys.exit(1 if bad else 0)
PY
}

# 1. WAV sections (the EPUB gets MP3 made from them; DAISY links the WAV)
check_rc 0 "books from WAV sections" "$LANGDU" -q -f wav "$TMP/article.md" \
  -o "$TMP/w" --epub "$TMP/w/book.epub" --daisy "$TMP/w/daisy"
check "EPUB written" test -s "$TMP/w/book.epub"
check "ncc.html written" test -s "$TMP/w/daisy/ncc.html"
check "books match the manifest" "$PYTHON" tests/books.py "$TMP/w/manifest.json" \
  --epub "$TMP/w/book.epub" --daisy "$TMP/w/daisy"
check "manifest lists the books in the folder" books_listed "$TMP/w/manifest.json" \
  "$TMP/w/book.epub" "$TMP/w/daisy"
check "ncc.html parses as XHTML" xmllint --noout --nonet "$TMP/w/daisy/ncc.html"
check "content.html parses" xmllint --noout --nonet "$TMP/w/daisy/content.html"
check "SMIL files parse" sh -c "xmllint --noout --nonet '$TMP/w/daisy'/s*.smil"
same_file() { [ -f "$1" ] && [ "$(stat -c %i "$1")" = "$(stat -c %i "$2")" ]; }
check "DAISY audio is the section file (hard link)" \
  same_file "$(ls "$TMP/w"/01-*.wav)" "$TMP/w/daisy/s01.wav"
# the text as written: numbers and English not spelled out
check_grep "GPT-4 的第二句，價格是 \$10。" "$TMP/w/daisy/content.html" \
  "DAISY text as written"
(cd "$TMP" && unzip -q -o w/book.epub -d w/x)
check_grep "第一段有 3 個句子。" "$TMP/w/x/EPUB/s01.xhtml" "EPUB text as written"
check_grep 'media-type="audio/mpeg"' "$TMP/w/x/EPUB/package.opf" "EPUB audio is MP3"
check "EPUB audio decodes as MP3" sh -c \
  "ffprobe -v error -show_entries stream=codec_name -of csv=p=0 '$TMP/w/x/EPUB/audio/s01.mp3' | grep -qx mp3"
check_grep 'xml:lang="zh-Hant"' "$TMP/w/x/EPUB/s01.xhtml" "language from the script"
check "no temporary files left" sh -c "! ls '$TMP/w' | grep -q tmp"
check "epubcheck: 0 errors, 0 warnings" epubcheck_clean "$TMP/w/book.epub"

# 2. MP3 sections go in as they are; books beside the output folder
check_rc 0 "books from MP3 sections" "$LANGDU" -q -f mp3 "$TMP/article.md" \
  -o "$TMP/m" --epub "$TMP/m.epub" --daisy "$TMP/m-daisy"
check "MP3 books match the manifest" "$PYTHON" tests/books.py \
  "$TMP/m/manifest.json" --epub "$TMP/m.epub" --daisy "$TMP/m-daisy"
check "DAISY links the MP3" \
  same_file "$(ls "$TMP/m"/01-*.mp3)" "$TMP/m-daisy/s01.mp3"
check "manifest lists the books beside the folder" books_listed \
  "$TMP/m/manifest.json" "$TMP/m.epub" "$TMP/m-daisy"
check_grep '"path": "../m.epub"' "$TMP/m/manifest.json" "EPUB path relative to the manifest"
# (epubcheck once only: ~8 s of CPU per run, nearly all Java start-up)

# 3. usage errors
check_rc 2 "--epub with --book-only" "$LANGDU" --book-only --epub x.epub x.md
check_grep "book-only" "$TMP/err" "the conflict is named"
check_rc 2 "--daisy without a folder" "$LANGDU" --daisy "" x.md
check_rc 1 "EPUB in a missing folder" "$LANGDU" -q "$TMP/article.md" \
  -o "$TMP/e" --epub "$TMP/nope/x/book.epub"
check_grep "book.epub" "$TMP/err" "the EPUB path is named"

finish
