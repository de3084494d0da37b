import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { frameHostQuery, verifiedFrameHost } from '@/lib/http/frame-host';
import { contentSecurityPolicy } from '@/lib/http/security-headers';

const key = randomBytes(32);

describe('the portal allowed to frame a page', () => {
  it('is the signed origin, and only that', () => {
    const { host = null, hs = null } = frameHostQuery(key, 'https://crm.park.local');
    expect(verifiedFrameHost(key, host, hs)).toBe('https://crm.park.local');
    expect(verifiedFrameHost(key, 'https://evil.example', hs)).toBeNull();
    expect(verifiedFrameHost(randomBytes(32), host, hs)).toBeNull();
    expect(verifiedFrameHost(key, host, null)).toBeNull();
    // Not an origin: a path or a scheme other than http(s) never becomes an ancestor.
    const path = frameHostQuery(key, 'https://crm.park.local/page');
    expect(verifiedFrameHost(key, path.host ?? null, path.hs ?? null)).toBeNull();
    const js = frameHostQuery(key, 'javascript:alert(1)');
    expect(verifiedFrameHost(key, js.host ?? null, js.hs ?? null)).toBeNull();
  });

  it('joins the cloud hosts in frame-ancestors of CRM pages only', () => {
    const csp = contentSecurityPolicy({
      pathname: '/bitrix24/contact',
      nonce: 'n',
      dev: false,
      frameHost: 'http://127.0.0.1:4567',
    });
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/\*\.bitrix24\.ru .* http:\/\/127\.0\.0\.1:4567/);
    const home = contentSecurityPolicy({
      pathname: '/',
      nonce: 'n',
      dev: false,
      frameHost: 'http://127.0.0.1:4567',
    });
    expect(home).toContain("frame-ancestors 'self'");
    expect(home).not.toContain('127.0.0.1:4567');
  });
});
