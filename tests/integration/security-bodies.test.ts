import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedTokenKey, mintEmbedToken } from '@/lib/auth/embed-token';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { proxy, config as proxyConfig } from '@/proxy';
import {
  callRoute,
  databaseDigest,
  envelopeOf,
  installRuntime,
  pageFiles,
  routeFiles,
  uninstallRuntime,
} from '../support/security-app';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Every route that takes a body, through its real handler: a body over its limit is 413 and a
 * malformed one 400 (or 401 where the caller is authenticated before the body is read: Lime's
 * signature, amoCRM's secret path), always in the error envelope and with nothing stored. And the
 * security headers on every page and API path (proxy.ts), checked on each kind.
 */

let t: TestDatabase;
let token: string;
let digest: () => Promise<string>;

beforeAll(async () => {
  t = await createTestDatabase();
  const key = randomBytes(32);
  installRuntime(t, { key, secrets: createSecretBox(key), jobs: [] });
  const tenant = await createTenant(t.database, { kind: 'bitrix24' });
  token = await mintEmbedToken(embedTokenKey(key), {
    tenantId: tenant.id,
    crm: 'bitrix24',
    userId: '1',
    admin: true,
    locale: 'ru',
    entity: { type: 'contact', id: '1' },
    hostOrigin: 'https://park.bitrix24.ru',
  });
  digest = await databaseDigest(t);
});
afterAll(async () => {
  uninstallRuntime();
  await t?.drop();
});

type Kind = 'json' | 'form' | 'raw';
interface BodyRoute {
  file: string;
  method: string;
  kind: Kind;
  /** The path's own parameters. */
  params?: Record<string, string>;
  /**
   * What a malformed body gets: 400, or 401 where the caller is proven before the body is parsed,
   * or 303 for the NPS form (a person's browser: the page then says the link is not valid).
   */
  malformed: 400 | 401 | 303;
  /** Sandbox routes answer 404 before reading anything while the sandbox is off. */
  sandboxOnly?: true;
}

const secret = 'f'.repeat(32);
const BODY_ROUTES: BodyRoute[] = [
  { file: 'app/api/amocrm/embed-session/route.ts', method: 'POST', kind: 'json', malformed: 400 },
  {
    file: 'app/api/amocrm/webhooks/[secret]/route.ts',
    method: 'POST',
    kind: 'form',
    params: { secret },
    malformed: 401,
  },
  ...['app', 'install', 'placement', 'events', 'robot'].map(
    (name): BodyRoute => ({
      file: `app/api/bitrix24/${name}/route.ts`,
      method: 'POST',
      kind: 'form',
      malformed: 400,
    }),
  ),
  {
    file: 'app/api/bitrix24/hooks/[connectionId]/route.ts',
    method: 'POST',
    kind: 'form',
    params: { connectionId: '00000000-0000-4000-8000-000000000000' },
    malformed: 400,
  },
  { file: 'app/api/bitrix24/webhook-connections/route.ts', method: 'POST', kind: 'json', malformed: 400 },
  {
    file: 'app/api/lime/webhook/[connectionId]/route.ts',
    method: 'POST',
    kind: 'raw',
    params: { connectionId: '00000000-0000-4000-8000-000000000000' },
    malformed: 401,
  },
  {
    file: 'app/api/nps/[token]/route.ts',
    method: 'POST',
    kind: 'form',
    params: { token: 'x'.repeat(40) },
    malformed: 303,
  },
  { file: 'app/api/sandbox/crm/route.ts', method: 'POST', kind: 'form', malformed: 400, sandboxOnly: true },
  { file: 'app/api/sandbox/lime/route.ts', method: 'POST', kind: 'form', malformed: 400, sandboxOnly: true },
  { file: 'app/api/sandbox/nps/route.ts', method: 'POST', kind: 'raw', malformed: 400, sandboxOnly: true },
];

/** Every embedded route that reads a body (a JSON object). */
const EMBED_BODY_ROUTES = [
  ['app/api/embed/bonuses/route.ts', 'POST'],
  ['app/api/embed/bonuses/runs/route.ts', 'POST'],
  ['app/api/embed/bookings/contacts/route.ts', 'POST'],
  ['app/api/embed/bookings/route.ts', 'POST'],
  ['app/api/embed/campaigns/route.ts', 'POST'],
  ['app/api/embed/campaigns/targets/route.ts', 'POST'],
  ['app/api/embed/import/route.ts', 'POST'],
  ['app/api/embed/journal/retry/route.ts', 'POST'],
  ['app/api/embed/lime-connection/route.ts', 'PUT'],
  ['app/api/embed/resources/route.ts', 'POST'],
  ['app/api/embed/send-client/route.ts', 'POST'],
  ['app/api/embed/settings/route.ts', 'PUT'],
] as const;

const HUGE = 5 * 1024 * 1024;
const contentType: Record<Kind, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  raw: 'application/json',
};
const hugeBody = (kind: Kind) => (kind === 'form' ? `a=${'x'.repeat(HUGE)}` : `{"a":"${'x'.repeat(HUGE)}"}`);
const malformedBody = (kind: Kind) => (kind === 'form' ? 'a[b[c=%E0%A4%A' : '{"not json');

/** next-auth parses its own small forms (a CSRF token, a code): only their size is ours to check. */
const NEXT_AUTH = 'app/api/auth/[...nextauth]/route.ts';

describe('bodies', () => {
  it('every route with a POST, PUT, PATCH or DELETE is listed here', async () => {
    const { readFileSync } = await import('node:fs');
    const writers = routeFiles().filter((file) =>
      /export const (?:\{[^}]*\b(?:POST|PUT|PATCH|DELETE)\b[^}]*\}|(?:POST|PUT|PATCH|DELETE)\b)/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    const listed = [...BODY_ROUTES.map((r) => r.file), ...EMBED_BODY_ROUTES.map(([file]) => file)];
    // The Lime connection's test and the new-tab link are POSTs without a body (checked: they read none).
    const bodiless = ['app/api/embed/lime-connection/test/route.ts', 'app/api/embed/open-tab/route.ts'];
    expect(writers.sort()).toEqual([...listed, ...bodiless, NEXT_AUTH].sort());
  });

  it('the next-auth route refuses a body declared larger than its forms before next-auth reads it', async () => {
    const before = await digest();
    const response = await callRoute(NEXT_AUTH, {
      method: 'POST',
      params: { nextauth: 'callback' },
      headers: { 'content-type': contentType.form },
      body: hugeBody('form'),
    });
    expect(response.status).toBe(413);
    expect((await envelopeOf(response)).code).toBe('payload_too_large');
    expect(await digest()).toBe(before);
  });

  it('an oversized body is 413 and a malformed one 400 (401 where the caller is proven first), nothing stored', async () => {
    const before = await digest();
    for (const route of BODY_ROUTES) {
      const send = (body: string) =>
        callRoute(route.file, {
          method: route.method,
          params: route.params,
          headers: { 'content-type': contentType[route.kind] },
          body,
        });
      const huge = await send(hugeBody(route.kind));
      const bad = await send(malformedBody(route.kind));
      if (route.sandboxOnly) {
        expect([huge.status, bad.status], route.file).toEqual([404, 404]);
      } else {
        expect(huge.status, route.file).toBe(413);
        expect((await envelopeOf(huge)).code, route.file).toBe('payload_too_large');
        expect(bad.status, route.file).toBe(route.malformed);
      }
      if (bad.status === 303) expect(bad.headers.get('location')).toMatch(/^\/nps\//);
      else await envelopeOf(bad);
    }
    expect(await digest()).toBe(before);
  });

  it('an embedded route takes a valid token and still refuses an oversized (413), malformed (400) or non-JSON (415) body', async () => {
    const before = await digest();
    for (const [file, method] of EMBED_BODY_ROUTES) {
      const send = (body: string, type = 'application/json') =>
        callRoute(file, { method, token, headers: { 'content-type': type }, body });
      const huge = await send(hugeBody('json'));
      expect(huge.status, file).toBe(413);
      expect((await envelopeOf(huge)).code).toBe('payload_too_large');
      const bad = await send(malformedBody('json'));
      expect(bad.status, file).toBe(400);
      expect((await envelopeOf(bad)).code).toBe('invalid_request');
      const form = await send('a=1', 'application/x-www-form-urlencoded');
      expect(form.status, file).toBe(415);
      await envelopeOf(form);
    }
    expect(await digest()).toBe(before);
  });
});

describe('security headers', () => {
  const headersOf = (path: string) => proxy(new NextRequest(new URL(path, 'http://127.0.0.1:3000'))).headers;

  it('the proxy runs on every page and API path but static files', () => {
    const matcher = new RegExp(`^${proxyConfig.matcher[0]?.source}$`);
    const paths = [
      ...routeFiles().map((f) =>
        f
          .replace(/^app/, '')
          .replace(/\/route\.ts$/, '')
          .replace(/\[(\w+)\]/g, 'x'),
      ),
      ...pageFiles().map(
        (f) =>
          f
            .replace(/^app/, '')
            .replace(/\/?page\.tsx$/, '')
            .replace(/\[(\w+)\]/g, 'x') || '/',
      ),
    ];
    for (const path of paths) expect(matcher.test(path), path).toBe(true);
    expect(matcher.test('/_next/static/chunks/main.js')).toBe(false);
  });

  it('each kind of path gets them: API (no framing, nothing loads), CRM frames (the CRMs may frame), public pages (only ourselves)', () => {
    const common = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'cross-origin-resource-policy': 'same-site',
    };
    for (const path of ['/api/embed/settings', '/api/health', '/api/nps/x', '/api/bitrix24/events']) {
      const h = headersOf(path);
      expect(Object.fromEntries(Object.keys(common).map((k) => [k, h.get(k)])), path).toEqual(common);
      expect(h.get('content-security-policy'), path).toContain("default-src 'none'; frame-ancestors 'none'");
    }
    for (const path of ['/bitrix24/contact', '/amocrm/lead', '/bitrix24/settings']) {
      const csp = headersOf(path).get('content-security-policy') ?? '';
      expect(csp, path).toMatch(
        /frame-ancestors 'self' https:\/\/\*\.bitrix24\.ru .*https:\/\/\*\.amocrm\.ru/,
      );
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    }
    for (const path of ['/', '/nps/x', '/docs/deployment']) {
      const h = headersOf(path);
      expect(h.get('content-security-policy'), path).toContain("frame-ancestors 'self'");
      expect(h.get('content-security-policy'), path).not.toContain('bitrix24');
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('permissions-policy'), path).toContain('camera=()');
    }
  });
});
