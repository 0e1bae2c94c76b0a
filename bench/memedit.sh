#!/usr/bin/env bash
# memedit.sh: serve's memory over a run of edits.
#
#   bench/memedit.sh SITE BIN PORT N
#
# Serves SITE (a copy: its first image file and templates/ are edited) with
# BIN on 127.0.0.1:PORT and a fresh front-matter cache, waits for the first
# check ("Built"), then makes N edits in turn -- the summary by sed -i (a
# rename), a body line appended in place, the footer template written --
# fetching the image page after each; prints VmHWM before and after, and
# VmRSS at the end. The image file is restored and templates/ removed after.
set -euo pipefail
site=$1 bin=$2 port=$3 n=$4
for img in "$site"/content/images/*.md; do break; done
img=$(basename "$img" .md)
f=$site/content/images/$img.md
orig=$(mktemp) cache=$(mktemp -d) log=$(mktemp)
cp "$f" "$orig"
footer=$(dirname "$0")/../templates/partials/footer.html
"$bin" serve --source "$site" --port "$port" --cache-dir "$cache" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; cp "$orig" "$f"; rm -rf "$site/templates" "$cache" "$orig"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/images/$img/")" = 200 ]; do sleep 0.05; done
until grep -q "Built" "$log"; do sleep 0.1; done
hwm() { awk '/^'"$1"'/ {print $2}' /proc/$pid/status; }
before=$(hwm VmHWM)
for i in $(seq 1 "$n"); do
  case $((i % 3)) in
  0) sed -i "s/^summary:.*/summary: Edit $i./" "$f" ;;
  1) printf '\nBody edit %d.\n' "$i" >>"$f" ;;
  2) mkdir -p "$site/templates/partials"
     sed "s|</footer>|<p>T$i</p></footer>|" "$footer" >"$site/templates/partials/footer.html" ;;
  esac
  sleep 0.3
  curl -s -o /dev/null "http://127.0.0.1:$port/images/$img/"
done
sleep 3
echo "peak before the edits $((before / 1024)) MiB; after $n edits $(( $(hwm VmHWM) / 1024 )) MiB; resident now $(( $(hwm VmRSS) / 1024 )) MiB; $(grep -c 'shown in' "$log") edits shown"
