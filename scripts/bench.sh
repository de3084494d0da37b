#!/usr/bin/env bash
# npm run bench: the benchmarks, on embedded PGlite and on a throwaway PostgreSQL (bookings and campaign audiences: PostgreSQL only).
set -euo pipefail
cd "$(dirname "$0")/.."
export LOG_LEVEL=silent ALLOW_HTTP_LOOPBACK=1
env -u DATABASE_URL node --import tsx scripts/bench-lime.ts
bash scripts/with-postgres.sh node --import tsx scripts/bench-lime.ts
env -u DATABASE_URL node --import tsx scripts/bench-bitrix24.ts
bash scripts/with-postgres.sh node --import tsx scripts/bench-bitrix24.ts
env -u DATABASE_URL node --import tsx scripts/bench-crm-import.ts
bash scripts/with-postgres.sh node --import tsx scripts/bench-crm-import.ts
bash scripts/with-postgres.sh node --import tsx scripts/bench-bookings.ts
bash scripts/with-postgres.sh node --import tsx scripts/bench-audience.ts
