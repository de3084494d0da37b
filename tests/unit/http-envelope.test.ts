import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '@/lib/http/errors';
import { bearerRoute, publicRoute } from '@/lib/http/route';
import { contentSecurityPolicy, securityHeaders } from '@/lib/http/security-headers';

const ctx = { params: Promise.resolve({}) };
const req = (headers: Record<string, string> = {}) => new Request('http://127.0.0.1/api/x', { headers });

describe('route wrappers and the error envelope', () => {
  it('maps domain errors to their status and the envelope', async () => {
    const handler = publicRoute('t', async () => {
      throw new ConflictError('The hall is booked 14:00–16:00 by deal #12');
    });
    const res = await handler(req(), ctx);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'conflict', message: 'The hall is booked 14:00–16:00 by deal #12' },
    });
    const notFound = await publicRoute('t', async () => {
      throw new NotFoundError('No such deal');
    })(req(), ctx);
    expect(notFound.status).toBe(404);
  });

  it('answers invalid input with 400 naming the field', async () => {
    const res = await publicRoute('t', async () => {
      z.object({ amount: z.number().positive() }).parse({ amount: -5 });
      return new Response('unreachable');
    })(req(), ctx);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(/^amount:/);
  });

  it('hides unexpected errors behind a generic 500', async () => {
    const res = await publicRoute('t', async () => {
      throw new Error('connection string postgres://user:pw@db/x leaked');
    })(req(), ctx);
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe('internal_error');
    expect(JSON.stringify(body)).not.toContain('pw@');
  });

  it('guards a route with a bearer token when one is set, and is open when none is', async () => {
    const guarded = bearerRoute(
      'm',
      () => 's3cret-token',
      async () => new Response('ok'),
    );
    expect((await guarded(req(), ctx)).status).toBe(401);
    expect((await guarded(req({ authorization: 'Bearer wrong' }), ctx)).status).toBe(401);
    expect((await guarded(req({ authorization: 'Bearer s3cret-token' }), ctx)).status).toBe(200);
    const open = bearerRoute(
      'm',
      async () => null,
      async () => new Response('ok'),
    );
    expect((await open(req(), ctx)).status).toBe(200);
  });
});

describe('security headers', () => {
  it('gives pages a nonce CSP that only our own origin may frame', () => {
    const csp = contentSecurityPolicy({ pathname: '/', nonce: 'abc', dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('lets the CRMs frame only the CRM pages', () => {
    expect(contentSecurityPolicy({ pathname: '/bitrix24/card', nonce: 'n', dev: false })).toContain(
      'https://*.bitrix24.ru',
    );
    expect(contentSecurityPolicy({ pathname: '/amocrm/card', nonce: 'n', dev: false })).toContain(
      'https://*.amocrm.ru',
    );
    expect(contentSecurityPolicy({ pathname: '/settings', nonce: 'n', dev: false })).not.toContain(
      'bitrix24',
    );
  });

  it('locks API responses down entirely and adds HSTS only over https', () => {
    expect(contentSecurityPolicy({ pathname: '/api/health', nonce: 'n', dev: false })).toContain(
      "frame-ancestors 'none'",
    );
    const headers = securityHeaders({ pathname: '/', nonce: 'n', dev: false, https: true });
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Strict-Transport-Security']).toMatch(/max-age=/);
    expect(
      securityHeaders({ pathname: '/', nonce: 'n', dev: false, https: false })['Strict-Transport-Security'],
    ).toBe(undefined);
  });
});
