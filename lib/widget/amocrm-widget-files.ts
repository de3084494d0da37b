import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The amoCRM widget's text files for one API URL: widgets/amocrm/ as amoCRM would serve them from
 * an uploaded archive, with APP_URL baked into script.js (`__API_URL__`). One place for the baking,
 * used by `npm run widget:build` (which adds the logos and zips) and by whoever hosts the widget
 * without an archive (the amoCRM simulator's account pages, the sandbox, tests). Pure file work: it
 * knows neither the scripts nor the simulators.
 */

const PLACEHOLDER = '__API_URL__';

/** The files amoCRM reads from a widget archive, images aside; anything else in the folder stays out. */
export const WIDGET_TEXT_FILES: readonly RegExp[] = [
  /^manifest\.json$/,
  /^script\.js$/,
  /^style\.css$/,
  /^i18n\/[a-z]{2}\.json$/,
  /^templates\/[\w-]+\.twig$/,
];

/** APP_URL as the widget's API base: http(s), no credentials, query or fragment, no trailing slash. */
export function normalizeAppUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`APP_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`APP_URL must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('APP_URL must not carry credentials, a query or a fragment');
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  if (/['"\\<>\s]/.test(base)) {
    throw new Error('APP_URL contains characters that cannot go into script.js');
  }
  return base;
}

/** script.js with the API base in place of every `__API_URL__`; refuses a script without one. */
export function bakeWidgetScript(script: string, apiUrl: string): string {
  if (!script.includes(PLACEHOLDER)) throw new Error(`script.js has no ${PLACEHOLDER} placeholder`);
  return script.split(PLACEHOLDER).join(normalizeAppUrl(apiUrl));
}

/** widgets/amocrm in the checkout: from the working directory, else relative to this file. */
export function defaultWidgetSourceDir(): string {
  const candidates = [
    path.join(process.cwd(), 'widgets', 'amocrm'),
    path.join(import.meta.dirname ?? '', '..', '..', 'widgets', 'amocrm'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'manifest.json')));
  if (!found) throw new Error(`widgets/amocrm not found (looked in ${candidates.join(', ')})`);
  return found;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/**
 * The widget's text files by archive path (`script.js` baked for `apiUrl`, `manifest.json`,
 * `i18n/<locale>.json`, and `style.css` / `templates/*.twig` when the source has them).
 */
export async function amocrmWidgetFiles(
  apiUrl: string,
  sourceDir: string = defaultWidgetSourceDir(),
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const rel of (await listFiles(sourceDir)).sort()) {
    if (!WIDGET_TEXT_FILES.some((re) => re.test(rel))) continue;
    const text = await readFile(path.join(sourceDir, rel), 'utf8');
    files[rel] = rel === 'script.js' ? bakeWidgetScript(text, apiUrl) : text;
  }
  if (files['manifest.json'] === undefined) throw new Error(`${sourceDir}/manifest.json is missing`);
  if (files['script.js'] === undefined) throw new Error(`${sourceDir}/script.js is missing`);
  return files;
}
