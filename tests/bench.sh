#!/bin/sh
# make bench: speed and memory as ratios against baselines measured in the
# same run (never absolute seconds as a pass/fail).  NUMRUNS timed runs
# each; the median is reported.
#   - the front end alone (--dump=pinyin) against a full run
#   - langdu (MP3) against the naive pipeline a user would otherwise run:
#     espeak-ng -v cmn-latn-pinyin -w, then ffmpeg -c:a libmp3lame
#   - the sample repeated 10x against 1x (time and peak RSS)
#   - a warm-cache re-run against a cold run
LC_ALL=C.UTF-8
export LC_ALL
NUMRUNS=${NUMRUNS:-5}
LANGDU=${LANGDU:-./langdu}
SAMPLE=tests/fixtures/karpathy-2025-review.zh-Hant.txt
BITRATE=${BITRATE:-64}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# median of NUMRUNS wall-clock runs of "$@", in seconds
timeit() {
  i=0
  : >"$TMP/times"
  while [ "$i" -lt "$NUMRUNS" ]; do
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; exit 1; }
    e=$(date +%s.%N)
    echo "$e - $s" | bc -l >>"$TMP/times"
    i=$((i + 1))
  done
  sort -n "$TMP/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
# peak RSS in KiB of one run of "$@"
rss() {
  /usr/bin/time -f '%M' -o "$TMP/rss" "$@" >/dev/null 2>&1
  cat "$TMP/rss"
}
ratio() { echo "scale=3; $1 / $2" | bc -l; }

i=0
: >"$TMP/x10.txt"
while [ "$i" -lt 10 ]; do cat "$SAMPLE" >>"$TMP/x10.txt"; echo >>"$TMP/x10.txt"; i=$((i + 1)); done

# the naive pipeline: whole text to the espeak-ng CLI, then ffmpeg to MP3
naive() {
  espeak-ng -v cmn-latn-pinyin -w "$TMP/naive.wav" -f "$1" &&
    ffmpeg -v error -y -i "$TMP/naive.wav" -c:a libmp3lame -b:a "${BITRATE}k" -ac 1 "$TMP/naive.mp3"
}

echo "bench: median of $NUMRUNS runs, $(nproc) CPUs, MP3 ${BITRATE} kbit/s"
full=$(timeit "$LANGDU" -q -f mp3 --no-cache "$SAMPLE" -o "$TMP/o1")
front=$(timeit "$LANGDU" --dump=pinyin "$SAMPLE")
echo "front end / full run (sample):         $(ratio "$front" "$full")"
naive1=$(timeit naive "$SAMPLE")
echo "langdu / naive espeak-ng+ffmpeg (1x):  $(ratio "$full" "$naive1")"
rm -rf "$TMP/cache"
cold=$(timeit sh -c "rm -rf '$TMP/cache'; '$LANGDU' -q -f mp3 --cache '$TMP/cache' '$SAMPLE' -o '$TMP/c'")
"$LANGDU" -q -f mp3 --cache "$TMP/cache" "$SAMPLE" -o "$TMP/c" >/dev/null 2>&1
warm=$(timeit "$LANGDU" -q -f mp3 --cache "$TMP/cache" "$SAMPLE" -o "$TMP/c")
echo "warm cache / cold run:                 $(ratio "$warm" "$cold")"
rss1=$(rss "$LANGDU" -q -f mp3 --no-cache "$SAMPLE" -o "$TMP/r1")
full10=$(timeit "$LANGDU" -q -f mp3 --no-cache "$TMP/x10.txt" -o "$TMP/o10")
echo "10x / 1x time:                         $(ratio "$full10" "$full")"
naive10=$(timeit naive "$TMP/x10.txt")
echo "langdu / naive espeak-ng+ffmpeg (10x): $(ratio "$full10" "$naive10")"
rss10=$(rss "$LANGDU" -q -f mp3 --no-cache "$TMP/x10.txt" -o "$TMP/r10")
echo "peak RSS 1x: $((rss1 / 1024)) MiB, 10x: $((rss10 / 1024)) MiB, 10x/1x: $(ratio "$rss10" "$rss1")"
