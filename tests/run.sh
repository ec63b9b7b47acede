#!/bin/sh
# Run every test program and the end-to-end scripts; add up their
# "N passed, N failed" lines.  Last line: the total, in the same form.
LC_ALL=C.UTF-8
export LC_ALL
BUILD=${BUILD:-build}
LANGDU=${LANGDU:-./$BUILD/langdu}
export LANGDU
passed=0
failed=0
add() { # add NAME OUTPUT_FILE STATUS
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
  if [ -z "$line" ]; then
    echo "FAIL $1: no summary line (exit $3)"
    cat "$2"
    failed=$((failed + 1))
    return
  fi
  p=${line%% passed*}
  f=${line#*passed, }
  f=${f%% failed*}
  if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  echo "$1: $line"
  [ "$f" -eq 0 ] || cat "$2"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# every test starts from an empty sentence cache, never the user's
XDG_CACHE_HOME=$tmp/cache
export XDG_CACHE_HOME
for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  "$t" >"$tmp/$name.out" 2>&1
  add "$name" "$tmp/$name.out" $?
done
for t in tests/e2e_*.sh; do
  [ -f "$t" ] || continue
  name=$(basename "$t" .sh)
  sh "$t" >"$tmp/$name.out" 2>&1
  add "$name" "$tmp/$name.out" $?
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
