#!/usr/bin/env bash
# mutant.sh KIND FILE:LINE:COL [go test flags...]: makes one mutant as
# gremlins v0.6.0 makes it (KIND as gremlins prints it, e.g.
# CONDITIONALS_BOUNDARY; FILE relative to the module root) and runs the
# tests of FILE's package against it, without touching the file (go's
# -overlay). Prints KILLED, LIVED, TIMED OUT (the tests ran past their
# -timeout) or NOT COMPILING (an arithmetic mutant between strings, which
# gremlins counts as killed). For checking by hand a mutant that
# `make mutate` reported, for instance against the whole test suite when
# gremlins ran only part of it.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
kind=$1
IFS=: read -r file line col <<<"$2"
shift 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C awk -v K="$kind" -v L="$line" -v C="$col" '
  function swap(op) {
    if (K == "CONDITIONALS_BOUNDARY") {
      if (op == ">=") return ">"; if (op == ">") return ">="
      if (op == "<=") return "<"; if (op == "<") return "<="
    } else if (K == "CONDITIONALS_NEGATION") {
      if (op == "==") return "!="; if (op == "!=") return "=="
      if (op == ">=") return "<"; if (op == ">") return "<="
      if (op == "<=") return ">"; if (op == "<") return ">="
    } else if (K == "ARITHMETIC_BASE") {
      if (op == "+") return "-"; if (op == "-") return "+"
      if (op == "*") return "/"; if (op == "/") return "*"; if (op == "%") return "*"
    } else if (K == "INCREMENT_DECREMENT") {
      if (op == "++") return "--"; if (op == "--") return "++"
    } else if (K == "INVERT_NEGATIVES") {
      if (op == "-") return "+"
    }
    return ""
  }
  NR == L {
    two = substr($0, C, 2); one = substr($0, C, 1)
    m = swap(two); n = 2
    if (m == "" || two == "<-") { m = swap(one); n = 1 }
    if (m == "") { print "no " K " operator at " L ":" C > "/dev/stderr"; exit 2 }
    $0 = substr($0, 1, C - 1) m substr($0, C + n)
  } { print }' "$file" >"$tmp/mutant.go"
printf '{"Replace":{"%s":"%s"}}' "$PWD/$file" "$tmp/mutant.go" >"$tmp/overlay.json"
if [ "$kind" = ARITHMETIC_BASE ] && ! $GO build -overlay "$tmp/overlay.json" -o /dev/null "./$(dirname "$file")" 2>/dev/null; then
  echo "NOT COMPILING $kind at $file:$line:$col"
  exit 0
fi
if $GO test -count=1 -failfast -overlay "$tmp/overlay.json" "$@" "./$(dirname "$file")" >"$tmp/out" 2>&1; then
  echo "LIVED $kind at $file:$line:$col"
elif grep -q '^panic: test timed out' "$tmp/out"; then
  echo "TIMED OUT $kind at $file:$line:$col"
else
  echo "KILLED $kind at $file:$line:$col"
  grep -m3 -E -- '--- FAIL|panic:|cannot|undefined|invalid' "$tmp/out" | sed 's/^/  /' || true
fi
