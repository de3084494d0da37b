#!/usr/bin/env bash
# npm test: every suite a fresh machine can run — unit, the simulators, integration on embedded PGlite, and the
# e2e suite in Debian's Chromium against the production build. Every step runs even when an
# earlier one fails; the last line sums the runners' JSON reports.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 NO_COLOR=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
unset DATABASE_URL

# Chromium first: install it as root, otherwise stop with the one command to run.
bash scripts/ensure-chromium.sh || exit 1

rm -f .vitest-results.json .playwright-results.json
status=0
npx vitest run --project unit --project simulators --project integration \
  --reporter=default --reporter=json --outputFile.json=.vitest-results.json || status=1
if npx next build; then
  npx playwright test || status=1
else
  echo "next build failed: the e2e suite cannot run" >&2
  status=1
fi
node scripts/test-summary.mjs .vitest-results.json .playwright-results.json
exit $status
