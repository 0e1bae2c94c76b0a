#!/usr/bin/env bash
# Times sitegen against Hugo and the bare pipeline on the gencatalog catalogs,
# in alternation (A B C A B C ...), and prints the median wall time and the
# median peak memory of each. Usage:
#
#   bench/compare.sh [runs] [sizes...]      e.g. bench/compare.sh 5 1000 10000
#
# Needs: hugo v0.166.0 on PATH (see BENCHMARKS.md), GNU time at /usr/bin/time.
# Writes catalogs and outputs under $BENCH_DIR (default bench/data).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; shift || true
sizes=("${@:-1000 10000}")
[ ${#sizes[@]} -eq 1 ] && read -r -a sizes <<<"${sizes[0]}"
shared=${SHARED:-../shared}
data=${BENCH_DIR:-bench/data}
mkdir -p "$data"
data=$(cd "$data" && pwd)

go build -o "$data/sitegen" ./cmd/sitegen
(cd "$shared/bench/floor" && go build -o "$data/floor" .)
have_hugo=1; command -v hugo >/dev/null || { have_hugo=0; echo "no hugo on PATH: timing sitegen and the floor only" >&2; }

# median of numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# run NAME CMD...: one timed run, cold output folder; appends "secs kb" to $data/NAME.times
run() {
  local name=$1; shift
  rm -rf "$data/out-$name"
  sync # the last run's writes and deletions are not this run's to pay for
  /usr/bin/time -f "%e %M" -o "$data/$name.one" "$@" >/dev/null 2>"$data/$name.err" || { cat "$data/$name.err" >&2; exit 1; }
  cat "$data/$name.one" >>"$data/$name.times"
}

for n in "${sizes[@]}"; do
  cat="$data/cat$n"
  [ -d "$cat/content" ] || (cd "$shared/bench/gencatalog" && go run . -n "$n" -out "$cat")
  if [ $have_hugo = 1 ] && [ ! -d "$cat-hugo" ]; then "$shared/bench/hugo-equivalent/prepare.sh" "$cat" "$cat-hugo" >/dev/null; fi
  rm -f "$data"/*.times
  for i in $(seq "$runs"); do
    run sitegen "$data/sitegen" build --no-cache --source "$cat" --dest "$data/out-sitegen"
    run floor "$data/floor" -in "$cat" -out "$data/out-floor"
    [ $have_hugo = 1 ] && run hugo hugo --quiet -s "$cat-hugo" -d "$data/out-hugo"
  done
  echo "== $n images, $runs runs each, medians"
  for name in sitegen floor hugo; do
    [ -f "$data/$name.times" ] || continue
    secs=$(cut -d' ' -f1 "$data/$name.times" | median)
    kb=$(cut -d' ' -f2 "$data/$name.times" | median)
    printf "%-8s %8.2f s %8.0f MiB\n" "$name" "$secs" "$(echo "$kb/1024" | bc -l)"
  done
done
