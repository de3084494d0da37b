import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { amocrmWidgetFiles, normalizeAppUrl } from '@/lib/widget/amocrm-widget-files';

/**
 * `npm run widget:build`: the amoCRM widget upload archive.
 *
 * Copies widgets/amocrm/ (manifest.json, script.js, i18n/, optional style.css and templates/) into
 * `.widget-build/amocrm/`, bakes APP_URL into script.js (`__API_URL__`), generates the logos amoCRM
 * requires (images/, exact pixel sizes; a PNG already in widgets/amocrm/images/ wins if its size is
 * right), checks the manifest's i18n keys, and zips the tree with the files at the archive root:
 * `.widget-build/lime-bridge-amocrm-widget.zip`. The text files and the baking come from
 * lib/widget/amocrm-widget-files.ts, which whoever hosts the widget without an archive uses too.
 */

export const DEFAULT_APP_URL = 'http://127.0.0.1:3000';
export const ZIP_NAME = 'lime-bridge-amocrm-widget.zip';
const SOURCE_DIR = path.resolve(import.meta.dirname, '..', 'widgets', 'amocrm');
const MAX_IMAGE_BYTES = 300 * 1024;

/**
 * The logos amoCRM requires, at their exact sizes (https://developers.kommo.com/docs/images,
 * amocrm.md §1.1). `logo_dp.png` is only needed with the `digital_pipeline` location, which we don't use.
 */
export const WIDGET_IMAGES: Readonly<Record<string, { width: number; height: number }>> = {
  'logo_min.png': { width: 84, height: 84 },
  'logo_medium.png': { width: 240, height: 84 },
  'logo_main.png': { width: 400, height: 272 },
  'logo.png': { width: 130, height: 100 },
  'logo_small.png': { width: 108, height: 108 },
};

export interface WidgetBuildOptions {
  /** Public base URL of the app (APP_URL). */
  appUrl?: string;
  /** Where `amocrm/` and the zip go (default `.widget-build` in the repo). */
  outDir?: string;
  /** Widget source folder (default widgets/amocrm). */
  sourceDir?: string;
  /** Overrides manifest `widget.version` (amoCRM caches widget files by version; bump on upload). */
  version?: string;
}

export interface WidgetBuildResult {
  apiUrl: string;
  buildDir: string;
  zipPath: string;
  size: number;
  files: string[];
}

// ---------------------------------------------------------------------------------------------
// A tiny PNG encoder (8-bit RGBA, filter 0) and the lime mark.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('encodePng: pixel buffer has the wrong size');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Width and height from a PNG's IHDR, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

const LIME = [132, 196, 65] as const; // rind
const PULP = [205, 235, 140] as const; // flesh
const WHITE = [255, 255, 255] as const;

/** A lime slice centred on a transparent canvas: rind, flesh, white segment lines, antialiased edge. */
export function limeLogo(width: number, height: number): Buffer {
  const px = new Uint8Array(width * height * 4);
  const cx = width / 2;
  const cy = height / 2;
  const r = Math.min(width, height) * 0.42;
  const segments = 8;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const d = Math.hypot(dx, dy);
      const coverage = Math.min(1, Math.max(0, r - d + 0.5));
      if (coverage <= 0) continue;
      let colour: readonly number[] = LIME;
      if (d < r * 0.84) {
        colour = PULP;
        const angle = Math.atan2(dy, dx);
        const step = (2 * Math.PI) / segments;
        const off = Math.abs((((angle % step) + step) % step) - step / 2);
        const lineHalfWidth = Math.max(0.6, r * 0.035);
        if (d < r * 0.12 || (step / 2 - off) * d < lineHalfWidth) colour = WHITE;
      } else if (d < r * 0.9) {
        colour = WHITE;
      }
      const i = (y * width + x) * 4;
      px[i] = colour[0] ?? 0;
      px[i + 1] = colour[1] ?? 0;
      px[i + 2] = colour[2] ?? 0;
      px[i + 3] = Math.round(coverage * 255);
    }
  }
  return encodePng(width, height, px);
}

// ---------------------------------------------------------------------------------------------
// Checks on the source.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function lookup(tree: Json | undefined, key: string): Json | undefined {
  let node = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Every i18n key manifest.json refers to (`widget.name`, `advanced.title`, `settings.<key>` names…). */
export function manifestI18nKeys(manifest: Record<string, Json>): string[] {
  const keys: string[] = [];
  const widget = manifest.widget as Record<string, Json> | undefined;
  for (const field of ['name', 'description', 'short_description']) {
    const v = widget?.[field];
    if (typeof v === 'string') keys.push(v);
  }
  const tour = manifest.tour as Record<string, Json> | undefined;
  if (typeof tour?.tour_description === 'string') keys.push(tour.tour_description);
  const advanced = manifest.advanced as Record<string, Json> | undefined;
  if (typeof advanced?.title === 'string') keys.push(advanced.title);
  const settings = manifest.settings;
  if (settings && typeof settings === 'object' && !Array.isArray(settings)) {
    for (const s of Object.values(settings)) {
      if (typeof s === 'object' && s !== null && !Array.isArray(s) && typeof s.name === 'string')
        keys.push(s.name);
    }
  }
  return keys;
}

function checkSource(manifest: Record<string, Json>, i18n: Record<string, Json>): void {
  const widget = manifest.widget as Record<string, Json> | undefined;
  if (!widget) throw new Error('manifest.json: the widget block is missing');
  if (widget.interface_version !== 2) throw new Error('manifest.json: widget.interface_version must be 2');
  for (const field of ['name', 'description', 'short_description', 'version', 'locale', 'support']) {
    if (widget[field] === undefined) throw new Error(`manifest.json: widget.${field} is missing`);
  }
  if (!Array.isArray(manifest.locations) || manifest.locations.length === 0) {
    throw new Error('manifest.json: locations is missing');
  }
  const locales = widget.locale;
  if (!Array.isArray(locales)) throw new Error('manifest.json: widget.locale must be a list');
  for (const locale of locales) {
    if (typeof locale !== 'string' || !(locale in i18n))
      throw new Error(`i18n/${String(locale)}.json is missing`);
    for (const key of manifestI18nKeys(manifest)) {
      if (typeof lookup(i18n[locale], key) !== 'string')
        throw new Error(`i18n/${locale}.json lacks "${key}"`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

export async function buildWidget(options: WidgetBuildOptions = {}): Promise<WidgetBuildResult> {
  const apiUrl = normalizeAppUrl(options.appUrl ?? DEFAULT_APP_URL);
  const sourceDir = options.sourceDir ?? SOURCE_DIR;
  const outDir = path.resolve(options.outDir ?? path.resolve(import.meta.dirname, '..', '.widget-build'));
  const buildDir = path.join(outDir, 'amocrm');
  await rm(buildDir, { recursive: true, force: true });

  const entries: Record<string, Uint8Array> = {};
  for (const [rel, text] of Object.entries(await amocrmWidgetFiles(apiUrl, sourceDir))) {
    let content = text;
    if (rel === 'manifest.json' && options.version !== undefined) {
      if (!/^\d+\.\d+\.\d+$/.test(options.version))
        throw new Error(`version must be x.y.z: ${options.version}`);
      const manifest = JSON.parse(content) as { widget: { version: string } };
      manifest.widget.version = options.version;
      content = `${JSON.stringify(manifest, null, 2)}\n`;
    }
    entries[rel] = Buffer.from(content, 'utf8');
  }

  for (const [name, size] of Object.entries(WIDGET_IMAGES)) {
    const own = path.join(sourceDir, 'images', name);
    let bytes: Uint8Array | null = null;
    if (await stat(own).catch(() => null)) {
      bytes = await readFile(own);
      const actual = pngSize(bytes);
      if (!actual || actual.width !== size.width || actual.height !== size.height) {
        throw new Error(`images/${name} must be a ${size.width}×${size.height} PNG`);
      }
    } else {
      bytes = limeLogo(size.width, size.height);
    }
    if (bytes.length > MAX_IMAGE_BYTES) throw new Error(`images/${name} is over 300 KB`);
    entries[`images/${name}`] = bytes;
  }

  const text = (rel: string) => Buffer.from(entries[rel] ?? new Uint8Array()).toString('utf8');
  const manifest = JSON.parse(text('manifest.json')) as Record<string, Json>;
  const i18n: Record<string, Json> = {};
  for (const rel of Object.keys(entries)) {
    const m = /^i18n\/([a-z]{2})\.json$/.exec(rel);
    if (m?.[1]) i18n[m[1]] = JSON.parse(text(rel)) as Json;
  }
  checkSource(manifest, i18n);

  for (const [rel, bytes] of Object.entries(entries)) {
    const target = path.join(buildDir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }

  const zip = zipSync(entries, { level: 9 });
  const zipPath = path.join(outDir, ZIP_NAME);
  await mkdir(outDir, { recursive: true });
  await writeFile(zipPath, zip);
  return { apiUrl, buildDir, zipPath, size: zip.length, files: Object.keys(entries).sort() };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  try {
    const result = await buildWidget({
      appUrl: process.env.APP_URL || DEFAULT_APP_URL,
      ...(process.env.WIDGET_VERSION ? { version: process.env.WIDGET_VERSION } : {}),
    });
    console.log(`amoCRM widget for ${result.apiUrl}: ${result.files.length} files`);
    console.log(`${path.relative(process.cwd(), result.zipPath) || result.zipPath} (${result.size} bytes)`);
  } catch (error) {
    console.error(`widget:build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
