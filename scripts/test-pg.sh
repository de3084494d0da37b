#!/usr/bin/env bash
# npm run test:pg: the integration suite again, plus tests/pg/ (multi-process, kill and
# scale-out tests), on a throwaway PostgreSQL started for the run. tests/pg/ starts the
# production build, so it is built first unless SKIP_BUILD=1 (CI has just built it in npm test).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 NO_COLOR=1

rm -f .vitest-pg.json
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f .next/BUILD_ID ]; then
  npx next build || { echo "next build failed" >&2; node scripts/test-summary.mjs .vitest-pg.json; exit 1; }
fi
bash scripts/with-postgres.sh npx vitest run --project integration --project pg \
  --reporter=default --reporter=json --outputFile.json=.vitest-pg.json
status=$?
node scripts/test-summary.mjs .vitest-pg.json
exit $status
