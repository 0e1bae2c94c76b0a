#!/usr/bin/env bash
# Times sitegen builds with and without its build cache on one gencatalog
# catalog, in alternation: cold (--no-cache), warm (the cache filled by the
# build before, nothing changed) and warm after one image file changed.
# Prints the median wall time and peak memory of each. Usage:
#
#   bench/warm.sh [runs] [size]      e.g. bench/warm.sh 5 10000
#
# The catalog is copied once to $BENCH_DIR/warm<size> (edits go there) and
# the cache lives in $BENCH_DIR/warm-cache, removed first.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
n=${2:-10000}
shared=${SHARED:-../shared}
data=${BENCH_DIR:-bench/data}
mkdir -p "$data"
data=$(cd "$data" && pwd)

go build -o "$data/sitegen" ./cmd/sitegen
src="$data/cat$n"
[ -d "$src/content" ] || (cd "$shared/bench/gencatalog" && go run . -n "$n" -out "$src")
site="$data/warm$n"
[ -d "$site/content" ] || cp -r "$src" "$site"
cache="$data/warm-cache"
rm -rf "$cache"
edit=$(cd "$site/content/images" && set -- *.md && echo "$1")

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# run NAME ARGS...: one timed build into a fresh output folder.
run() {
  local name=$1; shift
  rm -rf "$data/out-warm"
  sync # the last run's writes and deletions are not this run's to pay for
  /usr/bin/time -f "%e %M" -o "$data/$name.one" "$data/sitegen" build --source "$site" --dest "$data/out-warm" --cache-dir "$cache" "$@" >/dev/null 2>"$data/$name.err" \
    || { cat "$data/$name.err" >&2; exit 1; }
  cat "$data/$name.one" >>"$data/$name.times"
}

rm -f "$data"/cold.times "$data"/warm.times "$data"/edited.times
"$data/sitegen" build --source "$site" --dest "$data/out-warm" --cache-dir "$cache" >/dev/null # fill the cache
for i in $(seq "$runs"); do
  run cold --no-cache
  run warm
  printf '\nEdited in run %d.\n' "$i" >>"$site/content/images/$edit"
  run edited
done
echo "== $n images, $runs runs each, medians"
for name in cold warm edited; do
  secs=$(cut -d' ' -f1 "$data/$name.times" | median)
  kb=$(cut -d' ' -f2 "$data/$name.times" | median)
  printf "%-8s %8.2f s %8.0f MiB\n" "$name" "$secs" "$(echo "$kb/1024" | bc -l)"
done
