import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '@/db/client';
import { createSecretBox } from '@/lib/crypto/secret-box';
import {
  clientAddress,
  limitPublicRequest,
  PUBLIC_LIMITS,
  publicLimitWait,
} from '@/lib/http/public-rate-limit';
import { npsDepsFromRuntime } from '@/lib/mailings/nps-runtime';
import { runMaintenance } from '@/lib/queue/maintenance';
import { callRoute, envelopeOf, installRuntime, uninstallRuntime } from '../support/security-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The public endpoints' rate limits through their real route handlers: the NPS form per client
 * address and per link, the amoCRM widget's embed-session and the Bitrix24 frame entry points per
 * client address; over the limit a 429 with Retry-After and the error envelope. The buckets are
 * the database's, so a second connection (another process on PostgreSQL) counts against the same
 * limit. X-Forwarded-For is believed only as far as TRUSTED_PROXY_HOPS says.
 */

let t: TestDatabase;
let second: Database;
const NPS = 'app/api/nps/[token]/route.ts';
const SESSION = 'app/api/amocrm/embed-session/route.ts';
const FRAME = 'app/api/bitrix24/app/route.ts';

beforeAll(async () => {
  t = await createTestDatabase();
  const key = randomBytes(32);
  installRuntime(t, {
    key,
    secrets: createSecretBox(key),
    jobs: [],
    trustedProxyHops: 1,
    amocrm: {
      clientId: 'c0ffee00-1111-4222-8333-444455556666',
      clientSecret: 'amocrm-test-secret-0123456789abcdef',
      redirectUri: 'http://127.0.0.1:3000/api/amocrm/oauth/callback',
    },
  });
  second = t.url ? await openDatabase({ kind: 'postgres', url: t.url, max: 2 }) : t.database;
});
afterAll(async () => {
  uninstallRuntime();
  if (second !== t?.database) await second?.close();
  await t?.drop();
});

const npsPost = (token: string, ip: string) =>
  callRoute(NPS, {
    method: 'POST',
    path: `/api/nps/${token}`,
    params: { token },
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    body: 'score=9',
  });

/**
 * Sends until the first refusal: at least the burst passes (the bucket refills as the requests go,
 * so a few more may), then a 429. Returns the refusal and the statuses before it.
 */
async function untilLimited(burst: number, send: (i: number) => Promise<Response>) {
  const before: number[] = [];
  for (let i = 0; i < burst * 2; i++) {
    const response = await send(i);
    if (response.status === 429) {
      expect(before.length).toBeGreaterThanOrEqual(burst);
      return { limited: response, before };
    }
    before.push(response.status);
  }
  throw new Error(`no 429 within ${burst * 2} requests`);
}

async function expectLimited(response: Response) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await envelopeOf(response)).code).toBe('rate_limited');
}

describe('the client address', () => {
  it('is the entry TRUSTED_PROXY_HOPS from the right of X-Forwarded-For; with 0, the right-most', () => {
    const headers = new Headers({ 'x-forwarded-for': '198.51.100.7, 203.0.113.9, 10.0.0.2' });
    expect(clientAddress(headers, 0)).toBe('10.0.0.2');
    expect(clientAddress(headers, 1)).toBe('10.0.0.2');
    expect(clientAddress(headers, 2)).toBe('203.0.113.9');
    expect(clientAddress(headers, 3)).toBe('198.51.100.7');
    expect(clientAddress(new Headers({ 'x-forwarded-for': 'not-an-ip' }), 1)).toBe('unknown');
    expect(clientAddress(new Headers(), 1)).toBe('unknown');
  });
});

describe('the NPS form', () => {
  it('takes a link’s burst from many addresses, then answers 429 with Retry-After for that link only', async () => {
    const link = `link-${randomBytes(12).toString('hex')}`;
    const { burst } = PUBLIC_LIMITS.nps.perToken as { burst: number };
    const { limited } = await untilLimited(burst, (i) => npsPost(link, `192.0.2.${i + 1}`));
    await expectLimited(limited);
    expect((await npsPost(`other-${link}`, '192.0.2.201')).status).not.toBe(429);
  });

  it('the page shares the form’s buckets: past a link’s limit it is told how long to wait', async () => {
    const link = `page-${randomBytes(12).toString('hex')}`;
    const deps = await npsDepsFromRuntime();
    const { burst } = PUBLIC_LIMITS.nps.perToken as { burst: number };
    const headers = (i: number) => new Headers({ 'x-forwarded-for': `203.0.113.${i + 1}` });
    expect(await publicLimitWait(deps, 'nps', { headers: headers(0) }, link)).toBeNull();
    // The page's look took one of the link's tokens.
    const { limited } = await untilLimited(burst - 1, (i) => npsPost(link, `192.0.2.${i + 100}`));
    await expectLimited(limited);
    expect(await publicLimitWait(deps, 'nps', { headers: headers(1) }, link)).toBeGreaterThanOrEqual(1);
  });

  it('holds one address to its burst whatever links it tries', async () => {
    const { burst } = PUBLIC_LIMITS.nps.perClient;
    const fresh = () => `link-${randomBytes(8).toString('hex')}`;
    const { limited } = await untilLimited(burst, () => npsPost(fresh(), '198.51.100.1'));
    await expectLimited(limited);
    expect((await npsPost(fresh(), '198.51.100.2')).status).not.toBe(429);
  });

  it('counts requests through another database connection against the same limit (every process shares it)', async () => {
    // Alternating between two connections: two separate limits would let twice the burst through.
    const headers = new Headers({ 'x-forwarded-for': '198.51.100.50' });
    const { burst } = PUBLIC_LIMITS.nps.perClient;
    const viaSecond = (i: number) =>
      limitPublicRequest(second, { endpoint: 'nps', headers, trustedProxyHops: 1, token: `s-${i}` }).then(
        () => new Response(null, { status: 204 }),
        (error: { status?: number }) => new Response(null, { status: error.status ?? 500 }),
      );
    const { before } = await untilLimited(burst, (i) =>
      i % 2 ? viaSecond(i) : npsPost(`shared-${randomBytes(8).toString('hex')}`, '198.51.100.50'),
    );
    expect(before.length).toBeLessThan(burst * 2);
  });
});

describe('the amoCRM embed-session and the Bitrix24 frames', () => {
  it('answer 429 past a client’s burst (CORS headers kept on embed-session), another client unaffected', async () => {
    const session = (ip: string) =>
      callRoute(SESSION, {
        method: 'POST',
        headers: { 'x-forwarded-for': ip, origin: 'https://park.amocrm.ru' },
        json: { entity: 'leads', id: 1 },
      });
    const { limited, before } = await untilLimited(PUBLIC_LIMITS['embed-session'].perClient.burst, () =>
      session('203.0.113.77'),
    );
    expect(new Set(before)).toEqual(new Set([401]));
    expect(limited.headers.get('access-control-allow-origin')).toBe('https://park.amocrm.ru');
    await expectLimited(limited);
    expect((await session('203.0.113.78')).status).toBe(401);

    const frame = (ip: string) =>
      callRoute(FRAME, {
        method: 'POST',
        path: '/api/bitrix24/app?DOMAIN=park.bitrix24.ru&PROTOCOL=1&LANG=ru',
        headers: { 'x-forwarded-for': ip, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'AUTH_ID=&member_id=',
      });
    const framed = await untilLimited(PUBLIC_LIMITS['bitrix24-frame'].perClient.burst, () =>
      frame('203.0.113.90'),
    );
    expect(new Set(framed.before)).toEqual(new Set([400]));
    await expectLimited(framed.limited);
  });
});

describe('the buckets of idle clients', () => {
  it('are pruned by the hourly maintenance; the CRM buckets are not', async () => {
    await t.database.query(
      "insert into rate_buckets (key, tokens, updated_at) values ('public:nps:ip:192.0.2.250', 3, now() - interval '2 hours'), ('bitrix24:tenant:x', 3, now() - interval '2 hours')",
    );
    const pruned = await runMaintenance(t.database);
    expect(pruned.publicBuckets).toBeGreaterThanOrEqual(1);
    const { rows } = await t.database.query<{ key: string }>(
      "select key from rate_buckets where key in ('public:nps:ip:192.0.2.250', 'bitrix24:tenant:x')",
    );
    expect(rows.map((r) => r.key)).toEqual(['bitrix24:tenant:x']);
  });
});
