# syntax=docker/dockerfile:1
# The Lime ↔ CRM bridge as one image with two entry points (docs/deployment.md):
#   node web.mjs      the Next.js server (the default command); HTTP on $PORT, HEALTHCHECK on /api/health
#   node worker.mjs   the job worker for PostgreSQL deployments (the web processes then run WORKER=off)
# Every process applies db/migrations at start (on PostgreSQL under an advisory lock, so any number
# may start at once). Without DATABASE_URL the web process runs embedded PGlite in /data: then run
# exactly one container on that volume.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: the lockfile is written against a registry mirror that serves only
# linux-gnu optional packages, and npm ci refuses a lockfile without the other platforms' entries.
# The versions are still the lockfile's.
RUN npm install --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# next build writes the standalone server to .next/standalone (next.config.js), with the traced
# db/migrations; build:worker bundles scripts/worker.ts into dist/worker.mjs for that output.
RUN npx next build --webpack && npm run build:worker

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# MALLOC_ARENA_MAX: glibc gives each thread that allocates (V8's helpers, libuv's pool) an arena of
# its own and keeps their freed memory there; two arenas are part of the settings that keep the
# processes' idle memory within target under `npm run load` (docs/operations.md#load).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
RUN groupadd --system --gid 10001 bridge \
 && useradd --system --uid 10001 --gid bridge --home-dir /app --no-create-home --shell /usr/sbin/nologin bridge \
 && mkdir -p /data \
 && chown bridge:bridge /data
# The code belongs to root and is read-only to the app; it writes only /data and Next's cache.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/dist/worker.mjs ./worker.mjs
COPY scripts/container-web.mjs ./web.mjs
RUN mkdir -p .next/cache && chown bridge:bridge .next/cache
USER bridge
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "web.mjs"]
