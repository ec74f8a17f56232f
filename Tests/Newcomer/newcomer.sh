#!/usr/bin/env bash
# make newcomer: what a newcomer does first. Clones this repository (its committed HEAD) into a temporary directory and
# runs the README's marked commands — every ```sh block right after a `<!-- newcomer -->` line — literally, in order,
# failing on the first that does not work as written. Each command's time is printed.
#
# NEWCOMER_SKIP: a regular expression of commands not to run (default: `make test`, which CI runs on its own; set it
# to an empty string to run everything). NEWCOMER_KEEP=1 keeps the clone.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SKIP=${NEWCOMER_SKIP-^make test}
WORK=$(mktemp -d /tmp/finops-newcomer.XXXXXX)
[ "${NEWCOMER_KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

git clone -q "$ROOT" "$WORK/finops-operator"
cd "$WORK/finops-operator"
echo "== fresh clone of $(git rev-parse --short HEAD) in $PWD"

# The marked blocks' commands, one per line (continuation lines joined).
mapfile -t COMMANDS < <(awk '
  /^<!-- newcomer -->$/ { armed = 1; next }
  armed && /^```sh$/ { inside = 1; armed = 0; next }
  inside && /^```$/ { inside = 0; next }
  inside {
    line = $0
    if (pending != "") { line = pending " " line; pending = "" }
    if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
    print line
  }
  { armed = armed && /^$/ }
' README.md)
[ "${#COMMANDS[@]}" -gt 0 ] || { echo "not ok - README.md has no <!-- newcomer --> block"; exit 1; }

failed=0
for command in "${COMMANDS[@]}"; do
  bare=$(sed -E 's/[[:space:]]+#.*$//' <<<"$command")   # the command without its comment
  [ -n "$bare" ] || continue
  if [ -n "$SKIP" ] && [[ $bare =~ $SKIP ]]; then echo "skip - $bare (NEWCOMER_SKIP)"; continue; fi
  echo "== \$ $bare"
  start=$SECONDS
  if bash -euo pipefail -c "$bare"; then
    echo "ok - $bare ($((SECONDS - start)) s)"
  else
    echo "not ok - $bare ($((SECONDS - start)) s)"
    failed=1
    break
  fi
done
exit $failed
