import { type NextRequest, NextResponse } from 'next/server';
import { getConfig } from '@/lib/config';
import { frameHostKey, verifiedFrameHost } from '@/lib/http/frame-host';
import { CRM_FRAME_PATH, securityHeaders } from '@/lib/http/security-headers';

let hostKey: Buffer | undefined;

/** The signed portal origin of a CRM frame page (`host`, `hs`), or null. */
function frameHostOf(request: NextRequest): string | null {
  if (!CRM_FRAME_PATH.test(request.nextUrl.pathname) || !request.nextUrl.searchParams.has('host'))
    return null;
  hostKey ??= frameHostKey(getConfig().encryptionKey);
  return verifiedFrameHost(
    hostKey,
    request.nextUrl.searchParams.get('host'),
    request.nextUrl.searchParams.get('hs'),
  );
}

/** Adds the security headers to every response and hands the CSP nonce to the page renderer. */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const headers = securityHeaders({
    pathname: request.nextUrl.pathname,
    nonce,
    dev: process.env.NODE_ENV === 'development',
    https: (process.env.APP_URL ?? '').startsWith('https://'),
    frameHost: frameHostOf(request),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy'] as string);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
