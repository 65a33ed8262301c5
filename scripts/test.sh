#!/usr/bin/env bash
# Runs every test: types, lint, unit + database (vitest, real embedded Postgres), then the
# built app in Debian's Chromium (Playwright). Installs Chromium and the AWS CLI if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium for Playwright, and the AWS CLI the Step Functions endpoint's test drives.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v aws >/dev/null 2>&1 || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing Debian's ${missing[*]} (needs root)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
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
