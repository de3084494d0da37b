// @ts-check
import { PHASE_PRODUCTION_BUILD } from 'next/constants.js';

/** PGlite ships wasm and extension bundles; pino and pg-boss load optional modules at run time. */
export const serverExternalPackages = ['@electric-sql/pglite', 'pg', 'pg-boss', 'pino'];

/**
 * Production builds use webpack (`npm run build` is `next build --webpack`): Turbopack's server
 * output repeats a 1.4 MB shared chunk once per route, each copy held as source in the server's
 * heap; under `npm run load` the web idled at 236–238 MB with it and at 159 MB with webpack, at the
 * same CPU a request (docs/operations.md#load).
 *
 * Every production build also writes the standalone output (`.next/standalone`, under a second),
 * which the container image runs; `next start` keeps serving `.next` as usual. Only the build sees
 * `output: 'standalone'`: `next start` would warn that it does not serve that output.
 * @param {string} phase
 * @returns {import('next').NextConfig}
 */
export default function nextConfig(phase) {
  return {
    serverExternalPackages,
    output: phase === PHASE_PRODUCTION_BUILD ? 'standalone' : undefined,
    outputFileTracingIncludes: { '/**': ['./db/migrations/**/*', './docs/**/*'] },
    poweredByHeader: false,
    reactStrictMode: true,
    typedRoutes: false,
    // CI checks the types itself before building (`next typegen`, then `tsc --noEmit`, which then
    // covers Next's route validators too) and sets NEXT_TYPES_CHECKED=1 so the build skips its own,
    // identical pass (about 20 s). Elsewhere the build checks them as usual.
    typescript: { ignoreBuildErrors: process.env.NEXT_TYPES_CHECKED === '1' },
  };
}
