/**
 * Security headers for every response (applied in proxy.ts). Pages get a strict CSP with a
 * per-request nonce (Next.js adds it to its own scripts when a page renders dynamically).
 * Framing: pages shown inside the CRMs may be framed by the CRMs' cloud hosts; everything else
 * only by ourselves. (On-premise Bitrix24 portals get their own origin added per tenant by the
 * Bitrix24 frame routes.)
 */

export const CRM_FRAME_PATH = /^\/(bitrix24|amocrm|sandbox)(\/|$)/;

export const CRM_FRAME_ANCESTORS = [
  'https://*.bitrix24.ru',
  'https://*.bitrix24.com',
  'https://*.bitrix24.by',
  'https://*.bitrix24.kz',
  'https://*.bitrix24.ua',
  'https://*.bitrix24.de',
  'https://*.bitrix24.eu',
  'https://*.amocrm.ru',
];

export function contentSecurityPolicy(options: {
  pathname: string;
  nonce: string;
  dev: boolean;
  /** A portal origin the frame route verified and signed (lib/http/frame-host). */
  frameHost?: string | null;
}): string {
  if (options.pathname.startsWith('/api/')) {
    return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  }
  const frameAncestors = CRM_FRAME_PATH.test(options.pathname)
    ? ["'self'", ...CRM_FRAME_ANCESTORS, ...(options.frameHost ? [options.frameHost] : [])].join(' ')
    : "'self'";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function securityHeaders(options: {
  pathname: string;
  nonce: string;
  dev: boolean;
  https: boolean;
  frameHost?: string | null;
}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Resource-Policy': 'same-site',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
