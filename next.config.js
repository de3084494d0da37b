// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm and extension bundles; pino and pg-boss load optional modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss', 'pino'],
  // The container image builds with NEXT_OUTPUT=standalone; `next start` needs the default output.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  outputFileTracingIncludes: { '/**': ['./db/migrations/**/*', './docs/**/*'] },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
