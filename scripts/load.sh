#!/usr/bin/env bash
# npm run load: the production build under load (scripts/load/main.ts; docs/operations.md "Load").
# First on a throwaway PostgreSQL with one web process and one worker, then the embedded single
# process on PGlite. Builds first unless SKIP_BUILD=1. LOAD_DB=postgres or pglite runs one;
# LOAD_RATE (500) and LOAD_SECONDS (60) set the load; the other knobs are in scripts/load/main.ts.
# Exits non-zero when a target is missed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  npm run build || { echo "next build failed" >&2; exit 1; }
fi
status=0
case ${LOAD_DB:-both} in postgres | both) bash scripts/with-postgres.sh node --import tsx scripts/load/main.ts || status=1 ;; esac
case ${LOAD_DB:-both} in pglite | both) env -u DATABASE_URL node --import tsx scripts/load/main.ts || status=1 ;; esac
exit $status
