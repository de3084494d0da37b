import type { JsonValue, PhpMap, PhpValue } from './types';

/**
 * Bitrix24 is PHP: parameters arrive through parse_str / json_decode and leave through
 * json_encode. These helpers reproduce the parts of that round trip that clients can see:
 * bracketed keys, `[]` appends, top-level `.`/space → `_`, every form value a string, intval,
 * truthiness, and "an array whose keys are 0..n-1 is a JSON list, anything else an object"
 * (so an empty container is `[]`, never `{}`).
 */

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part.replace(/\+/g, ' ');
  }
}

function nextIndex(map: PhpMap): string {
  let max = -1;
  for (const key of Object.keys(map)) if (/^\d+$/.test(key)) max = Math.max(max, Number(key));
  return String(max + 1);
}

/** PHP's parse_str: `a[b][]=1&a[b][]=2&c=3` → { a: { b: ['1','2'] }, c: '3' }. */
export function parseStr(query: string): PhpMap {
  const root: PhpMap = {};
  if (!query) return root;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const open = rawKey.indexOf('[');
    let base = open > 0 ? rawKey.slice(0, open) : rawKey;
    if (base === '') continue;
    base = base.replace(/[. ]/g, '_');
    const path: string[] = [];
    if (open > 0) {
      const rest = rawKey.slice(open);
      const re = /\[([^\]]*)\]/gy;
      let m: RegExpExecArray | null = re.exec(rest);
      while (m) {
        path.push(m[1] ?? '');
        m = re.exec(rest);
      }
    }
    let node: PhpMap = root;
    let key = base;
    for (const segment of path) {
      const existing = node[key];
      const child: PhpMap =
        existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
      node[key] = child;
      node = child;
      key = segment === '' ? nextIndex(node) : segment;
    }
    node[key] = value;
  }
  return listify(root) as PhpMap;
}

/** Turns every map whose keys are exactly "0".."n-1" (in order) into a list, recursively. */
export function listify(value: PhpValue): PhpValue {
  if (Array.isArray(value)) return value.map(listify);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const out: PhpMap = {};
  for (const key of keys) out[key] = listify(value[key] as PhpValue);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => out[k] as PhpValue);
  return out;
}

/**
 * An ordered PHP array built key by key, encoded as PHP would: a list when its keys are
 * 0..n-1 in order (including the empty array → `[]`), otherwise an object.
 */
export class PhpArray {
  private readonly entries: [string, JsonValue][] = [];

  set(key: string | number, value: JsonValue): void {
    const k = String(key);
    const found = this.entries.find(([existing]) => existing === k);
    if (found) found[1] = value;
    else this.entries.push([k, value]);
  }

  get size(): number {
    return this.entries.length;
  }

  toJson(): JsonValue {
    if (this.entries.every(([k], i) => k === String(i))) return this.entries.map(([, v]) => v);
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of this.entries) out[k] = v;
    return out;
  }
}

export function isMap(value: PhpValue | undefined): value is PhpMap {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** PHP is_array: a list or a map. */
export function isPhpArray(value: PhpValue | undefined): value is PhpMap | PhpValue[] {
  return value !== null && value !== undefined && typeof value === 'object';
}

/** A list or map as key/value entries (lists keyed "0", "1", …). */
export function entriesOf(value: PhpMap | PhpValue[]): [string, PhpValue][] {
  return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
}

/** PHP intval for the values REST parameters can hold. */
export function intval(value: PhpValue | undefined): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const m = /^\s*([+-]?\d+)/.exec(value);
    return m ? Number.parseInt(m[1] ?? '0', 10) : 0;
  }
  if (Array.isArray(value)) return value.length > 0 ? 1 : 0;
  if (isMap(value)) return Object.keys(value).length > 0 ? 1 : 0;
  return 0;
}

/** PHP truthiness: '', '0', 0, false, null and empty arrays are false. */
export function truthy(value: PhpValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0) return false;
  if (value === '' || value === '0') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return true;
}

/** PHP strval for scalars (arrays → 'Array', as PHP would, with a notice). */
export function strval(value: PhpValue | undefined): string {
  if (value === undefined || value === null || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return 'Array';
}

/** array_change_key_case. */
export function changeKeyCase(map: PhpMap, upper: boolean): PhpMap {
  const out: PhpMap = {};
  for (const [k, v] of Object.entries(map)) out[upper ? k.toUpperCase() : k.toLowerCase()] = v;
  return out;
}

/** CCrmRestHelper::resolveArrayParam: FIELDS, fields, Fields, arFields. */
export function resolveParam(params: PhpMap, name: string): PhpValue | undefined {
  const lower = name.toLowerCase();
  const capital = lower.charAt(0).toUpperCase() + lower.slice(1);
  for (const key of [name.toUpperCase(), lower, capital, `ar${capital}`]) {
    const value = params[key];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}
