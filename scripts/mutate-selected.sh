#!/usr/bin/env bash
# mutate-selected.sh PKG [FILTER]: mutation testing of a package whose
# tests are too slow to run whole for each mutant (internal/site: half a
# minute a run on a quiet machine, minutes on a busy one). The same
# mutants and the same verdicts as `make mutate`, in less time:
#
#  1. gremlins --dry-run lists the package's mutants and which of them the
#     package's tests cover (coverage of the whole suite).
#  2. The package's test binary, built once with -cover, runs each
#     top-level test (and fuzz seed set) alone, writing its own coverage
#     profile.
#  3. Each covered mutant is made with scripts/mutant.sh and only the tests
#     whose profile holds its position are run (-run). A test that does not
#     run a line cannot notice a change to it, so the verdict is the one
#     the whole suite would give; the build of the mutant is not saved.
#
# FILTER, a grep -E pattern, keeps the mutants whose "KIND FILE LINE COL"
# matches (e.g. 'keys.go|links.go'), to measure part of a package. JOBS
# (default 1) mutants run at once; TIMEOUT (default 10m) bounds each run,
# and a mutant that reaches it is TIMED OUT, counted in neither figure.
# Prints each mutant's verdict, then the figures as mutate.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
pkg=./${1#./}
filter=${2:-.}
gremlins=$(command -v gremlins || echo "$($GO env GOPATH)/bin/gremlins")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== $pkg: listing mutants (gremlins --dry-run, the whole suite's coverage)"
"$gremlins" unleash --dry-run "$pkg" >"$tmp/dry" 2>&1 || { cat "$tmp/dry"; exit 1; }
sed -n 's/^ *\(RUNNABLE\|NOT COVERED\) \([A-Z_]*\) at \([^:]*\):\([0-9]*\):\([0-9]*\).*/\1|\2 \3 \4 \5/p' "$tmp/dry" |
  grep -E -- "$filter" >"$tmp/mutants" || true
grep '^RUNNABLE|' "$tmp/mutants" | cut -d'|' -f2 >"$tmp/runnable" || true
grep '^NOT COVERED|' "$tmp/mutants" | cut -d'|' -f2 >"$tmp/notcov" || true
echo "$(wc -l <"$tmp/runnable") covered, $(wc -l <"$tmp/notcov") not covered"

echo "== coverage of each test"
$GO test -c -cover -covermode=set -o "$tmp/pkg.test" "$pkg"
mkdir "$tmp/cov"
# A test that runs the package's own binary (cmd/sitegen's scripts, which
# run main in a child process) gets the child's coverage through GOCOVERDIR
# (without it the child warns on stderr, which the scripts compare, and
# reports nothing); it is added to the test's profile.
(cd "$pkg" && "$tmp/pkg.test" -test.list '.*' | grep -E '^(Test|Fuzz|Example)' | while read -r t; do
  mkdir "$tmp/covdata.$t"
  GOCOVERDIR="$tmp/covdata.$t" "$tmp/pkg.test" -test.run "^$t\$" -test.coverprofile="$tmp/cov/$t.out" >/dev/null 2>&1 || echo "  $t fails without a mutant" >&2
  if [ -n "$(ls "$tmp/covdata.$t")" ]; then
    $GO tool covdata textfmt -i="$tmp/covdata.$t" -o="$tmp/covdata.$t.txt" && grep -v '^mode:' "$tmp/covdata.$t.txt" >>"$tmp/cov/$t.out" || true
  fi
done)

echo "== mutants"
$GO run scripts/covers.go "$tmp/cov" <"$tmp/runnable" >"$tmp/selected"
export GO
# shellcheck disable=SC2016 # expanded by the inner shell
tr '\n' '\0' <"$tmp/selected" | xargs -0 -P "${JOBS:-1}" -I{} bash -c '
  read -r kind file line col run <<<"$1"
  if [ "$run" = - ]; then echo "NOT COVERED $kind at $2/$file:$line:$col (no single test)"; exit; fi
  scripts/mutant.sh "$kind" "$2/$file:$line:$col" -timeout "$3" -run "$run" | head -1
' _ {} "${pkg#./}" "${TIMEOUT:-10m}" | tee "$tmp/verdicts"
# Not covered: an arithmetic mutant that does not compile leaves the
# figures; with BY_HAND=1 each other one is run against the whole suite.
while read -r kind file line col; do
  m="$kind at ${pkg#./}/$file:$line:$col"
  r=$(scripts/mutant.sh "$kind" "${pkg#./}/$file:$line:$col" -run '^$' | head -1)
  if [ "${r%% *}" = NOT ]; then
    echo "NOT COMPILING $m (not covered)" | tee -a "$tmp/verdicts"
  elif [ -n "${BY_HAND:-}" ]; then
    r=$(scripts/mutant.sh "$kind" "${pkg#./}/$file:$line:$col" -timeout "${TIMEOUT:-10m}" | head -1)
    echo "$r (not covered, by hand)" | tee -a "$tmp/hand"
  else
    echo "NOT COVERED $m" | tee -a "$tmp/verdicts"
  fi
done <"$tmp/notcov"

count() { grep -c "^$1" "$tmp/verdicts" || true; }
k=$(count KILLED) l=$(count LIVED) t=$(count "TIMED OUT") nc=$(count "NOT COMPILING") n=$(count "NOT COVERED")
hk=$(grep -c '^KILLED' "$tmp/hand" 2>/dev/null || true) hl=$(grep -c '^LIVED' "$tmp/hand" 2>/dev/null || true)
echo
awk -v p="${pkg#./}" -v k="$k" -v l="$l" -v n="$n" -v t="$t" -v nc="$nc" -v hk="${hk:-0}" -v hl="${hl:-0}" -v h="${BY_HAND:-}" '
  function fig(k, l, n) {
    return sprintf("%s %s", k + l > 0 ? sprintf("%.2f%%", 100 * k / (k + l)) : "-",
      k + l + n > 0 ? sprintf("%.2f%%", 100 * (k + l) / (k + l + n)) : "-")
  }
  BEGIN {
  split(fig(k, l, n + hk + hl), f, " ")
  printf "%-26s %9s %9s %7s %6s %8s %9s %14s %s\n", "package", "efficacy", "coverage", "killed", "lived", "not cov", "timed out", "not compiling", "by hand"
  printf "%-26s %9s %9s %7d %6d %8d %9d %14d %s\n", p, f[1], f[2], k, l, n + hk + hl, t, nc,
    h == "" ? "-" : fig(k + hk, l + hl, n) " (" hk " killed, " hl " lived)" }'
