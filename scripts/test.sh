#!/usr/bin/env bash
# npm test: every suite a fresh machine can run — unit, the simulators, integration on embedded PGlite, and the
# e2e suite in Debian's Chromium against the production build. Every step runs even when an
# earlier one fails; the last line sums the runners' JSON reports.
#   npm test -- vitest | e2e   one part only (CI runs the e2e part beside tests/pg/: .ci/run);
#   SKIP_BUILD=1               the e2e part reuses an existing build.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 NO_COLOR=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
unset DATABASE_URL

parts=" ${*:-vitest e2e} "
for part in $parts; do
  case $part in vitest | e2e) ;; *) echo "unknown part: $part (vitest or e2e)" >&2 && exit 2 ;; esac
done

# Chromium first: install it as root, otherwise stop with the one command to run.
if [[ $parts == *" e2e "* ]]; then bash scripts/ensure-chromium.sh || exit 1; fi

status=0
reports=()
if [[ $parts == *" vitest "* ]]; then
  rm -f .vitest-results.json
  npx vitest run --project unit --project simulators --project integration \
    --reporter=default --reporter=json --outputFile.json=.vitest-results.json || status=1
  reports+=(.vitest-results.json)
fi
if [[ $parts == *" e2e "* ]]; then
  rm -f .playwright-results.json
  if { [ "${SKIP_BUILD:-0}" = 1 ] && [ -f .next/BUILD_ID ]; } || npm run build; then
    npx playwright test || status=1
  else
    echo "next build failed: the e2e suite cannot run" >&2
    status=1
  fi
  reports+=(.playwright-results.json)
fi
node scripts/test-summary.mjs "${reports[@]}"
exit $status
