import { randomBytes } from 'node:crypto';

/** What the simulators' own HTML pages (a CRM's card that frames our app) need alike. */

/** Text for HTML element content and double-quoted attribute values. */
export const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON for a `<script type="application/json">` block (no `</script>` can end it early). */
export const jsonBlock = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** A fresh CSP nonce for one page. */
export const cspNonce = (): string => randomBytes(16).toString('base64');

/** An HTML answer's headers: its own strict CSP, no sniffing, never cached. */
export function htmlHeaders(csp: string[]): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp.join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}
