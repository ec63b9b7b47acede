# Shell test helpers: ok/fail counting; finish prints "N passed, N failed".
LC_ALL=C.UTF-8
export LC_ALL
LANGDU=${LANGDU:-./build/langdu}
PYTHON=${PYTHON:-/usr/bin/python3}
passed=0
failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds
check() {
  d=$1
  shift
  if "$@" >"$TMP/check.out" 2>&1; then pass; else fail "$d"; sed 's/^/  | /' "$TMP/check.out" | head -20; fi
}
# check_rc WANT DESCRIPTION COMMAND...: passes when the exit status is WANT
check_rc() {
  want=$1
  d=$2
  shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "$d: exit $got, expected $want"; sed 's/^/  | /' "$TMP/err" | head -5; fi
}
# check_grep PATTERN FILE DESCRIPTION
check_grep() {
  if grep -q -- "$1" "$2"; then pass; else fail "$3: no '$1' in $(head -c 300 "$2")"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
