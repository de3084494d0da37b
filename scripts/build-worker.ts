/**
 * `npm run build:worker [out]`: bundles `scripts/worker.ts` into one ES module (default
 * `dist/worker.mjs`) for the container image, where only Next's standalone output exists: no tsx,
 * no source, and a node_modules holding just what the server's file tracing kept. So everything is
 * bundled except Next's `serverExternalPackages` (PGlite's wasm, pg, pg-boss, pino), which the
 * standalone node_modules holds because the server loads them the same way.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Where `npm run build:worker` writes the bundle (the Dockerfile copies it from there). */
export const WORKER_BUNDLE = 'dist/worker.mjs';

/**
 * Node's flags for the worker (docker-compose.example.yml's command, `npm run worker`): a young
 * generation of 8 MB semi-spaces instead of V8's 16, which a burst grows and keeps (the worker's
 * objects live a job long), and an old generation allowed to grow by half its live size before the
 * next full collection, where V8 lets a fast-allocating process grow it up to fourfold and keeps the
 * pages. Under `npm run load` the worker peaked at 162–165 MB instead of 256–282, idled at 150–157,
 * at the same CPU a request (docs/operations.md#load).
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=50'];

export async function buildWorker(outfile: string): Promise<void> {
  const { serverExternalPackages } = (await import(
    pathToFileURL(path.join(ROOT, 'next.config.js')).href
  )) as {
    serverExternalPackages: string[];
  };
  await build({
    entryPoints: [path.join(ROOT, 'scripts', 'worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    external: serverExternalPackages,
    // Bundled CommonJS code calls require() for Node's built-ins; an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
    legalComments: 'none',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outfile = path.resolve(process.argv[2] ?? path.join(ROOT, WORKER_BUNDLE));
  await buildWorker(outfile);
  console.warn(`worker bundled: ${path.relative(process.cwd(), outfile)}`);
}
