#!/usr/bin/env bash
# Runs one benchmark in a baseline checkout and in this one, alternately (base, this, base,
# this, …), so both see the same machine load; prints each run's figures with its label.
# The machines here are noisy: compare the runs side by side, never against an old figure.
#
#   git worktree add --detach ../base <commit> && cp -al node_modules ../base/node_modules
#   (cd ../base && node scripts/prisma-generate.mjs)
#   bash bench/compare.sh ../base interpreter 2 -- --runs 3
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
base="$(cd "${1:?usage: bench/compare.sh <baseline checkout> <bench> [rounds] [-- args]}" && pwd)"
bench="${2:?name a benchmark: import, interpreter, queries, sync, page, bulk, load}"
rounds="${3:-2}"
shift $(($# >= 3 ? 3 : $#))
[ "${1:-}" = "--" ] && shift
logs="$(mktemp -d "${TMPDIR:-/tmp}/stepscope-compare-XXXXXX")"
for round in $(seq 1 "$rounds"); do
  for side in base here; do
    dir="$base"
    [ "$side" = here ] && dir="$here"
    log="$logs/$bench-$side-$round.log"
    echo "== $bench, round $round, $side ($(git -C "$dir" rev-parse --short HEAD))"
    (cd "$dir" && npx tsx "bench/$bench/run.ts" "$@") >"$log" 2>&1 || echo "   (exit $?; see $log)"
    grep -vE '^\s*$' "$log" | tail -n 12 | sed 's/^/   /'
  done
done
echo "logs: $logs"
