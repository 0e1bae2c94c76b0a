#!/usr/bin/env bash
# Times `sitegen serve` from its start to the first page it answers (/),
# on one gencatalog catalog, with an empty front-matter cache (--no-cache)
# and with a warm one (filled by a start before, nothing changed), and
# prints each run's time and the server's peak memory at that moment.
# Usage:
#
#   bench/firstpage.sh [runs] [size] [sitegen binaries...]
#   e.g. bench/firstpage.sh 3 100k bin/sitegen /tmp/sitegen-main
#
# With several binaries the runs alternate between them, so that on a busy
# machine their ratios still mean something. The catalog is
# $BENCH_DIR/cat<size> (bench/data by default; `make bench-data` writes
# cat1k and cat10k); each binary's cache lives in a folder of its own
# under a temporary folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
size=${2:-10k}
shift 2 || true
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  go build -o bin/sitegen ./cmd/sitegen
  bins=(bin/sitegen)
fi
site=${BENCH_DIR:-bench/data}/cat$size
[ -d "$site/content" ] || { echo "no catalog at $site" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
port=${PORT:-18400}

# first BIN CACHEFLAGS... : seconds to the first page, and peak memory
# then; HOLD seconds more before stopping (for the cache to be written).
first() {
  local bin=$1
  shift
  local start end pid rss
  start=$(date +%s.%N)
  "$bin" serve --source "$site" --port "$port" "$@" >"$tmp/log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null -f "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s.%N)
  rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
  sleep "${HOLD:-0}"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$(echo "$end - $start" | bc) s, $rss MiB"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  for b in "${bins[@]}"; do
    echo "empty cache, $b: $(first "$b" --no-cache)"
  done
done
for j in "${!bins[@]}"; do # fill each binary's cache
  HOLD=${FILL_WAIT:-40} first "${bins[$j]}" --cache-dir "$tmp/cache$j" >/dev/null
done
for i in $(seq "$runs"); do
  for j in "${!bins[@]}"; do
    echo "warm cache, ${bins[$j]}: $(first "${bins[$j]}" --cache-dir "$tmp/cache$j")"
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
