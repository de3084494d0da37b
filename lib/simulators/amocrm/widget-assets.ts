import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The static files of the account pages: the widget's own files as amoCRM serves an uploaded
 * widget (`/upl/<code>/widget/<file>`), and the two libraries amoCRM's frontend gives every widget
 * — RequireJS (the AMD loader that loads script.js) and jQuery (`define(['jquery'], …)`) — read
 * from their npm packages (devDependencies `requirejs`, `jquery`) at the first request, not at start,
 * so that a simulator used only for its API never needs them.
 */

export interface StaticAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Where the pages load the libraries from (RequireJS `paths` take them without `.js`). */
export const VENDOR_PATHS = { requirejs: '/sim/assets/require.js', jquery: '/sim/assets/jquery.js' } as const;

const VENDOR: Record<string, { pkg: string; entry: string; file: string }> = {
  [VENDOR_PATHS.requirejs]: { pkg: 'requirejs', entry: 'requirejs/require.js', file: 'require.js' },
  // jquery's `exports` hide dist/; its main entry (dist/jquery.js) tells where the package is.
  [VENDOR_PATHS.jquery]: { pkg: 'jquery', entry: 'jquery', file: 'dist/jquery.min.js' },
};

const TYPES: [RegExp, string][] = [
  [/\.js$/, 'application/javascript; charset=utf-8'],
  [/\.json$/, 'application/json; charset=utf-8'],
  [/\.css$/, 'text/css; charset=utf-8'],
  [/\.twig$/, 'text/plain; charset=utf-8'],
];

const cache = new Map<string, string>();

/**
 * A package's folder: resolved from this module (node, tsx, vitest), else under the working
 * directory's node_modules (a bundled server, where module resolution is the bundler's).
 */
function packageRoots(pkg: string, entry: string): string[] {
  const roots: string[] = [];
  try {
    // turbopackIgnore: a bundler must neither follow nor trace this; it runs as plain Node resolution.
    const resolved: unknown = createRequire(import.meta.url).resolve(/* turbopackIgnore: true */ entry);
    const marker = `${path.sep}node_modules${path.sep}${pkg}${path.sep}`;
    const at = typeof resolved === 'string' ? resolved.lastIndexOf(marker) : -1;
    if (at >= 0) roots.push((resolved as string).slice(0, at + marker.length));
  } catch {
    // Not resolvable from here: try the working directory.
  }
  roots.push(path.join(/* turbopackIgnore: true */ process.cwd(), 'node_modules', pkg));
  return roots;
}

function vendorText(urlPath: string): string {
  const hit = cache.get(urlPath);
  if (hit !== undefined) return hit;
  const spec = VENDOR[urlPath];
  if (!spec) throw new Error(`no vendor file at ${urlPath}`);
  const candidates = packageRoots(spec.pkg, spec.entry).map((root) =>
    path.join(/* turbopackIgnore: true */ root, spec.file),
  );
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      `the amoCRM account pages need the npm package ${spec.pkg} (a devDependency; run npm install): ` +
        `${spec.file} not found in ${candidates.join(', ')}`,
    );
  }
  const text = readFileSync(found, 'utf8');
  cache.set(urlPath, text);
  return text;
}

const typeOf = (file: string) => TYPES.find(([re]) => re.test(file))?.[1] ?? 'application/octet-stream';

const notFound = (): StaticAnswer => ({
  status: 404,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: 'Not Found',
});

/** RequireJS or jQuery; null when the path is not one of them. */
export function vendorAnswer(urlPath: string): StaticAnswer | null {
  if (!(urlPath in VENDOR)) return null;
  try {
    return {
      status: 200,
      headers: {
        'Content-Type': typeOf(urlPath),
        'Cache-Control': 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      },
      body: vendorText(urlPath),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[amo-sim] ${message}`);
    return { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: message };
  }
}

/** `/upl/<code>/widget/<file>`: one of the widget's files, 404 for anything else. */
export function widgetFileAnswer(files: Record<string, string>, file: string): StaticAnswer {
  const body = Object.hasOwn(files, file) ? files[file] : undefined;
  if (body === undefined) return notFound();
  return {
    status: 200,
    headers: {
      'Content-Type': typeOf(file),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
}

/** The widget's API origin, from the `var API = '…'` script.js carries once baked. */
export function bakedApiOrigin(script: string): string {
  const match = /var API = '(https?:\/\/[^'/?#]+)[^']*'/.exec(script);
  if (!match?.[1]) {
    throw new Error(
      'the widget script.js carries no baked API URL: pass the files from amocrmWidgetFiles(apiUrl), or widget.appOrigin',
    );
  }
  return new URL(match[1]).origin;
}
