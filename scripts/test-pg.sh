#!/usr/bin/env bash
# npm run test:pg: the integration suite again, plus tests/pg/ (multi-process, kill and
# scale-out tests), on a throwaway PostgreSQL started for the run. tests/pg/ starts the
# production build, so it is built first unless SKIP_BUILD=1 (CI has just built it).
#   npm run test:pg -- integration | pg   one part only, reported in .vitest-pg-<part>.json (CI runs
#                                         tests/pg/ beside the e2e suite: .ci/run).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 NO_COLOR=1

parts=" ${*:-integration pg} "
projects=()
for part in $parts; do
  case $part in integration | pg) projects+=(--project "$part") ;; *) echo "unknown part: $part (integration or pg)" >&2 && exit 2 ;; esac
done
report=.vitest-pg.json
if [ $# -eq 1 ]; then report=.vitest-pg-$1.json; fi

rm -f "$report"
if [[ $parts == *" pg "* ]] && { [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f .next/BUILD_ID ]; }; then
  npm run build || { echo "next build failed" >&2; node scripts/test-summary.mjs "$report"; exit 1; }
fi
bash scripts/with-postgres.sh npx vitest run "${projects[@]}" \
  --reporter=default --reporter=json --outputFile.json="$report"
status=$?
node scripts/test-summary.mjs "$report"
exit $status
