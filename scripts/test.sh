#!/usr/bin/env bash
# Runs every test: types, lint, unit + database (vitest, real embedded Postgres), then the
# built app in Debian's Chromium (Playwright). Installs Chromium if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's chromium (needs root)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== typecheck"
npx tsc --noEmit -p .
echo "== format (Prettier)"
npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "test: run npx prettier --write . (files above)"; exit 1; }
echo "== lint"
npm run lint
echo "== writes outside lib/store (must be 0)"
node scripts/count-writes.mjs --check
echo "== folders under lib/ that import each other (must be 0)"
node scripts/folder-pairs.mjs --check
echo "== unit and database tests"
npx vitest run
echo "== build"
npx next build
echo "== end-to-end (Playwright, Chromium)"
npx playwright test
