#!/bin/sh
# End to end on the bundled sample article: one WAV per section, every
# sentence spoken, chapters that ffprobe and mutagen both read.
. tests/lib.sh

SAMPLE=tests/fixtures/karpathy-2025-review.zh-Hant.txt
OUT=$TMP/sample
check_rc 0 "narrate the sample" "$LANGDU" -q -f wav "$SAMPLE" -o "$OUT"
check "8 WAV files" test "$(ls "$OUT"/*.wav | wc -l)" -eq 8
check "manifest" test -s "$OUT/manifest.json"

# the manifest: 8 sections, every sentence has a non-empty span inside its
# file, spans in order, and every sentence of the sample is there
cat >"$TMP/manifest.py" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
sample = open(sys.argv[2], encoding="utf-8").read()
bad = []
secs = m["sections"]
if len(secs) != 8: bad.append("sections: %d" % len(secs))
if not m["title"].startswith("2025 年六大人工智慧革命"): bad.append("title " + m["title"])
if secs[0]["heading"] is not None: bad.append("the ad block has no heading")
if secs[1]["heading"] != m["title"]: bad.append("section 2 is the title's")
if secs[7]["heading"] != "Nano Banana及其他:為何AI需要視覺界面": bad.append("last heading")
n = 0
spoken = ""
for s in secs:
    last = 0
    for t in s["sentences"]:
        n += 1
        if not (t["end"] > t["start"] >= last): bad.append("span %r" % t)
        if t["end"] > s["duration"]: bad.append("past the end %r" % t)
        last = t["end"]
        spoken += t["text"]
    if not s["chapters"] or s["chapters"][0]["start"] != 0: bad.append("chapter 0")
    for c in s["chapters"]:
        if len(c["title"]) > 40: bad.append("long title " + c["title"])
# nothing lost: every Han character of the sample is in some sentence, in order
han = lambda x: "".join(ch for ch in x if "\u4e00" <= ch <= "\u9fff")
if han(spoken) != han(sample): bad.append("Han text differs from the sample")
print("\n".join(bad))
print("sentences", n)
sys.exit(1 if bad else 0)
PY
check "manifest: sections, titles, spans, nothing lost" "$PYTHON" "$TMP/manifest.py" "$OUT/manifest.json" "$SAMPLE"

# real readers agree with the manifest
"$PYTHON" tests/chapters.py "$OUT/manifest.json" >"$TMP/ch.out" 2>&1
line=$(tail -n 1 "$TMP/ch.out")
p=${line%% passed*}
f=${line#*passed, }
f=${f%% failed*}
if [ -n "$p" ] && [ "$p" -gt 0 ] 2>/dev/null && [ "$f" -eq 0 ] 2>/dev/null; then pass; else fail "chapters.py: $(cat "$TMP/ch.out")"; fi

# ffmpeg decodes every file without a complaint
for f in "$OUT"/*.wav; do
  ffmpeg -v error -i "$f" -f null - >"$TMP/ff.out" 2>&1
  check "ffmpeg decodes $(basename "$f") silently" test ! -s "$TMP/ff.out"
done

# --chapters=sentence and none
check_rc 0 "--chapters=sentence" "$LANGDU" -q --chapters=sentence "$SAMPLE" -o "$TMP/s"
check "sentence chapters" "$PYTHON" -c "
import json,sys; m=json.load(open('$TMP/s/manifest.json'))
sys.exit(0 if all(len(s['chapters'])==len(s['sentences']) for s in m['sections']) else 1)"
check_rc 0 "--chapters=none" "$LANGDU" -q --chapters=none "$SAMPLE" -o "$TMP/n"
check "no chapters" "$PYTHON" -c "
import json,sys; m=json.load(open('$TMP/n/manifest.json'))
sys.exit(0 if all(not s['chapters'] for s in m['sections']) else 1)"

# the dump: no Han syllable in the English voice; Latin words in it
check_rc 0 "dump the sample" "$LANGDU" --dump=phonemes "$SAMPLE"
cp "$TMP/out" "$TMP/dump.tsv"
check "dump has every sentence" test "$(wc -l <"$TMP/dump.tsv")" -eq "$("$PYTHON" -c "
import json; m=json.load(open('$OUT/manifest.json')); print(sum(len(s['sentences']) for s in m['sections']))")"
check_grep "(en) 'a n d r E dZ  k 'A@ p @ T i (cmn)" "$TMP/dump.tsv" "Andrej Karpathy in English"
check_grep "(en) k l 'O: d  k 'oU d (cmn)" "$TMP/dump.tsv" "Claude Code in English"

finish
