import { SECRET_KEYS, scrubText } from '@/lib/log/logger';

/**
 * What the REST log keeps of a body or URL: secrets replaced by `[Redacted]`, then cut to
 * REST_LOG_BODY_LIMIT characters. Secrets are the values of the logger's secret field names, plus
 * Bitrix24's `auth` parameter, wherever they sit in JSON (any depth) or a form / query string
 * (bracketed keys too: `auth[access_token]`), and bearer tokens, `token=`-style values and the
 * secret of a Bitrix24 webhook path in any text.
 */

export const REST_LOG_BODY_LIMIT = 8 * 1024;
const REDACTED = '[Redacted]';
const SECRET_NAMES = new Set([...SECRET_KEYS, 'auth', 'username', 'x-api-key'].map((k) => k.toLowerCase()));

function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (SECRET_NAMES.has(lower)) return true;
  // Form keys: `auth[access_token]` → `auth`, `access_token`.
  return lower.split(/[[\]]+/).some((part) => part !== '' && SECRET_NAMES.has(part));
}

const PARSE_LIMIT = 256 * 1024;
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SECRET_IN_JSON_TEXT = new RegExp(
  `("(?:${[...SECRET_NAMES].map(escapeRe).join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`,
  'gi',
);

/** `"access_token": "…"` in JSON text that is not parsed (too large, or cut short). */
function scrubJsonText(text: string): string {
  return text.replace(SECRET_IN_JSON_TEXT, `$1"${REDACTED}"`);
}

function redactJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => redactJson(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      isSecretKey(key) && item !== null && item !== '' ? REDACTED : redactJson(item, depth + 1),
    ]),
  );
}

/** `a=1&auth=x` → `a=1&auth=[Redacted]`, keeping everything else as it was written. */
function redactForm(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 0) return pair;
      let key: string;
      try {
        key = decodeURIComponent(pair.slice(0, at).replace(/\+/g, ' '));
      } catch {
        key = pair.slice(0, at);
      }
      return isSecretKey(key) ? `${pair.slice(0, at)}=${REDACTED}` : scrubText(pair);
    })
    .join('&');
}

const looksLikeForm = (text: string) => /^[^\s{[<"=&]+=[^\s]*(&[^\s=&]+=[^\s]*)*$/.test(text);

export function truncate(text: string, limit = REST_LOG_BODY_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}…[truncated: ${text.length} characters]`;
}

/** A request or response body as the log keeps it; null for none. */
export function redactBody(body: unknown, limit = REST_LOG_BODY_LIMIT): string | null {
  if (body === undefined || body === null || body === '') return null;
  if (body instanceof URLSearchParams) return redactBody(body.toString(), limit);
  if (typeof body !== 'string') {
    if (Buffer.isBuffer(body) || body instanceof ArrayBuffer || ArrayBuffer.isView(body))
      return `[binary, ${(body as ArrayBufferLike).byteLength} bytes]`;
    return truncate(JSON.stringify(redactJson(body)) ?? '', limit);
  }
  const text = body.trim();
  // A large answer is not parsed on the request's path: its head is scrubbed as text.
  if (text.length > PARSE_LIMIT) return truncate(scrubText(scrubJsonText(text.slice(0, limit * 2))), limit);
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return truncate(JSON.stringify(redactJson(JSON.parse(text))), limit);
    } catch {
      return truncate(scrubText(scrubJsonText(text)), limit);
    }
  }
  if (looksLikeForm(text)) return truncate(redactForm(text), limit);
  return truncate(scrubText(text), limit);
}

/** A URL with its query's secrets and a webhook path's secret redacted. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = scrubText(at < 0 ? url : url.slice(0, at));
  return truncate(at < 0 ? path : `${path}?${redactForm(url.slice(at + 1))}`, 2048);
}
