#!/usr/bin/env bash
# mutate.sh [PKG...]: mutation testing with gremlins, one package at a time
# (every package of the module but its root, which only embeds the theme,
# when none is named). For each package it prints the mutants that lived or
# that no test covers, then a table of test efficacy (killed / (killed +
# lived)) and mutator coverage ((killed + lived) / (killed + lived + not
# covered)).
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

summary="$tmp/summary"
printf '%-26s %9s %9s %7s %6s %8s %9s\n' package efficacy coverage killed lived "not cov" "timed out" >"$summary"
for pkg in "$@"; do
  pkg="./${pkg#./}"
  log="$tmp/$(echo "${pkg#./}" | tr / _).log"
  echo "== $pkg"
  # shellcheck disable=SC2086 # GREMLINS_FLAGS is a list of flags
  if ! PATH="$tmp/bin:$PATH" "$gremlins" unleash "$pkg" ${GREMLINS_FLAGS:-} >"$log" 2>&1; then
    echo "gremlins failed on $pkg:"
    cat "$log"
  fi
  grep -E '^ *(LIVED|NOT COVERED) ' "$log" | sed -e 's/^ */  /' -e "s| at | at ${pkg#./}/|" || true
  eff=$(sed -n 's/.*Test efficacy: \([0-9.]*%\).*/\1/p' "$log")
  cov=$(sed -n 's/.*Mutator coverage: \([0-9.]*%\).*/\1/p' "$log")
  read -r killed lived notcov < <(sed -n 's/.*Killed: \([0-9]*\), Lived: \([0-9]*\), Not covered: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -1) || true
  timedout=$(sed -n 's/.*Timed out: \([0-9]*\),.*/\1/p' "$log" | tail -1)
  printf '%-26s %9s %9s %7s %6s %8s %9s\n' "${pkg#./}" "${eff:--}" "${cov:--}" "${killed:--}" "${lived:--}" "${notcov:--}" "${timedout:--}" >>"$summary"
done
echo
cat "$summary"
