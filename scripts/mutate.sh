#!/usr/bin/env bash
# mutate.sh [PKG...]: mutation testing with gremlins, one package at a time
# (every package of the module but its root, which only embeds the theme,
# when none is named). For each package it prints the mutants that lived,
# that no test covers or that timed out, then a table of test efficacy
# (killed / (killed + lived)) and mutator coverage ((killed + lived) /
# (killed + lived + not covered)).
#
# gremlins v0.6.0 counts a mutant that does not compile (a + between strings
# turned into -) as killed. This script compiles each killed arithmetic
# mutant and counts those that fail apart ("not compiling"), out of the
# figures, and likewise each arithmetic mutant no test covers.
#
# gremlins counts a mutant as covered only when it lies in a block of Go's
# coverage profile, and the condition of a `case` clause never does (the
# profile's blocks end at the switch's brace and start again after each
# clause's colon), nor does a constant expression. With BY_HAND=1 the
# script makes each mutant gremlins did not cover with scripts/mutant.sh
# and runs the package's tests on it, and adds a second pair of figures
# that count those as killed or lived (slow: a full test run per mutant).
#
# GREMLINS_FLAGS adds flags to every `gremlins unleash`, e.g.
# GREMLINS_FLAGS="--workers 1" on a busy machine, or
# GREMLINS_FLAGS="--threshold-efficacy 95" to fail below a target.
set -euo pipefail
cd "$(dirname "$0")/.."

version=v0.6.0
GO=${GO:-go}
# is_wanted tells whether $1 is gremlins at $version (go install stamps the
# module version in the binary, not in --version).
is_wanted() { [ -x "$1" ] && $GO version -m "$1" 2>/dev/null | grep -Eq "mod[[:space:]]+github.com/go-gremlins/gremlins[[:space:]]+$version"; }
gremlins=$(command -v gremlins || true)
if ! is_wanted "$gremlins"; then
  bin=$($GO env GOBIN)
  gremlins="${bin:-$($GO env GOPATH)/bin}/gremlins" # where go install puts it
  if ! is_wanted "$gremlins"; then
    echo "installing gremlins $version"
    $GO install "github.com/go-gremlins/gremlins/cmd/gremlins@$version"
  fi
fi

module=$($GO list -m)
if [ $# -eq 0 ]; then
  set -- $($GO list -f '{{if ne .ImportPath "'"$module"'"}}./{{.ImportPath}}{{end}}' ./... | sed "s|$module/||")
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gremlins v0.6.0 finds a mutant's package by looking for a folder named
# like the package: a main package (cmd/sitegen is package main) has none,
# so it runs `go test <module root>` instead, whose tests pass, and every
# mutant lives. This `go` runs the package in the folder gremlins runs it
# from (its copy of the package under test) in that case.
mkdir "$tmp/bin"
cat >"$tmp/bin/go" <<EOF
#!/usr/bin/env bash
args=("\$@")
if [ "\$1" = test ] && [ "\${args[-1]}" = "$module" ]; then args[-1]=.; fi
exec "$(command -v "$GO")" "\${args[@]}"
EOF
chmod +x "$tmp/bin/go"

# compiles tells whether the package $1 compiles with the operator at line $3,
# column $4 of its file $2 swapped as gremlins' ARITHMETIC_BASE swaps it.
compiles() {
  local src="${1#./}/$2"
  LC_ALL=C awk -v L="$3" -v C="$4" 'NR == L {
      ch = substr($0, C, 1); m = ch
      if (ch == "+") m = "-"; else if (ch == "-") m = "+"; else if (ch == "*") m = "/"; else if (ch == "/") m = "*"; else if (ch == "%") m = "*"
      $0 = substr($0, 1, C - 1) m substr($0, C + 1)
    } { print }' "$src" >"$tmp/mutant.go"
  printf '{"Replace":{"%s":"%s"}}' "$PWD/$src" "$tmp/mutant.go" >"$tmp/overlay.json"
  $GO build -overlay "$tmp/overlay.json" -o /dev/null "$1" 2>/dev/null
}

# figures KILLED LIVED NOTCOVERED prints efficacy and coverage.
figures() {
  awk -v k="$1" -v l="$2" -v n="$3" 'BEGIN {
    e = k + l > 0 ? sprintf("%.2f%%", 100 * k / (k + l)) : "-"
    c = k + l + n > 0 ? sprintf("%.2f%%", 100 * (k + l) / (k + l + n)) : "-"
    print e, c }'
}

summary="$tmp/summary"
row='%-26s %9s %9s %7s %6s %8s %9s %14s %s\n'
# shellcheck disable=SC2059 # row is the format
printf "$row" package efficacy coverage killed lived "not cov" "timed out" "not compiling" "by hand" >"$summary"
for pkg in "$@"; do
  pkg="./${pkg#./}"
  log="$tmp/$(echo "${pkg#./}" | tr / _).log"
  echo "== $pkg"
  # shellcheck disable=SC2086 # GREMLINS_FLAGS is a list of flags
  if ! PATH="$tmp/bin:$PATH" "$gremlins" unleash "$pkg" ${GREMLINS_FLAGS:-} >"$log" 2>&1; then
    echo "gremlins failed on $pkg:"
    cat "$log"
  fi
  grep -E '^ *(LIVED|NOT COVERED|TIMED OUT) ' "$log" | sed -e 's/^ */  /' -e "s| at | at ${pkg#./}/|" || true
  nc=0
  while read -r file line col; do
    if ! compiles "$pkg" "$file" "$line" "$col"; then
      nc=$((nc + 1))
      echo "  NOT COMPILING (gremlins: KILLED) ARITHMETIC_BASE at ${pkg#./}/$file:$line:$col"
    fi
  done < <(sed -n 's/^ *KILLED ARITHMETIC_BASE at \([^:]*\):\([0-9]*\):\([0-9]*\).*/\1 \2 \3/p' "$log")
  # Not covered: those that do not compile leave the figures; with BY_HAND
  # the others are run by hand.
  hk=0 hl=0 ncn=0
  while read -r kind file line col; do
    if [ "$kind" = ARITHMETIC_BASE ] && ! compiles "$pkg" "$file" "$line" "$col"; then
      ncn=$((ncn + 1))
      echo "  NOT COMPILING (gremlins: NOT COVERED) ARITHMETIC_BASE at ${pkg#./}/$file:$line:$col"
      continue
    fi
    [ -n "${BY_HAND:-}" ] || continue
    r=$(GO=$GO scripts/mutant.sh "$kind" "${pkg#./}/$file:$line:$col" | head -1)
    echo "  BY HAND: $r"
    case $r in KILLED*) hk=$((hk + 1)) ;; LIVED*) hl=$((hl + 1)) ;; esac
  done < <(sed -n 's/^ *NOT COVERED \([A-Z_]*\) at \([^:]*\):\([0-9]*\):\([0-9]*\).*/\1 \2 \3 \4/p' "$log")
  read -r killed lived notcov < <(sed -n 's/.*Killed: \([0-9]*\), Lived: \([0-9]*\), Not covered: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -1) || true
  timedout=$(sed -n 's/.*Timed out: \([0-9]*\),.*/\1/p' "$log" | tail -1)
  if [ -z "${killed:-}" ]; then
    # shellcheck disable=SC2059
    printf "$row" "${pkg#./}" - - - - - - - >>"$summary"
    continue
  fi
  killed=$((killed - nc)) notcov=$((notcov - ncn))
  read -r eff cov < <(figures "$killed" "$lived" "$notcov")
  hand=-
  if [ -n "${BY_HAND:-}" ]; then
    read -r heff hcov < <(figures $((killed + hk)) $((lived + hl)) $((notcov - hk - hl)))
    hand="$heff / $hcov ($hk killed, $hl lived)"
  fi
  # shellcheck disable=SC2059
  printf "$row" "${pkg#./}" "$eff" "$cov" "$killed" "$lived" "$notcov" "${timedout:--}" $((nc + ncn)) "$hand" >>"$summary"
done
echo
cat "$summary"
