import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedTokenKey, mintEmbedToken, verifyEmbedToken } from '@/lib/auth/embed-token';
import { sealNpsToken } from '@/lib/auth/nps-token';
import { mintTabCode, tabClaimsOf, tabCodeKey } from '@/lib/auth/tab-code';
import { authorizeTabCode, tabPageFromSession } from '@/lib/auth/tab-session';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { tabAuthDepsFromRuntime } from '@/lib/sync/embed-runtime';
import { signLimeWebhook } from '@/lib/sync/lime/signature';
import { formBody } from '../support/bitrix24-harness';
import { callRoute, envelopeOf, type SecurityApp, startSecurityApp } from '../support/security-app';
import { createTenant } from '../support/test-database';

/**
 * Every token and signature the app takes, through the real route handlers, expired, tampered
 * (signature and payload) and replayed. What "replayed" means per kind:
 * - the embed token is a bearer session for its hour: used again it works (the page calls with it
 *   all along); its writes carry idempotency keys, so a replayed credit credits once;
 * - amoCRM's disposable token is single-use: its `jti` again is refused;
 * - a signed event (Bitrix24's application token, Lime's HMAC, amoCRM's secret path) sent again is
 *   the same event: stored once, never doubled;
 * - an NPS link answered again keeps the first answer;
 * - the one-time code of "Open in a new tab" signs in once.
 * A refusal is 401 (or the NPS page's own answer), in the envelope, with nothing stored.
 */

let app: SecurityApp;
const count = async (sql: string, params: unknown[] = []) =>
  Number((await app.t.database.query<{ n: number }>(sql, params)).rows[0]?.n);
const EMBED = 'app/api/embed/settings/route.ts';

beforeAll(async () => {
  app = await startSecurityApp();
});
afterAll(async () => {
  await app?.close();
});

async function expectRefused(response: Response, code = 'unauthorized') {
  expect(response.status).toBe(401);
  expect((await envelopeOf(response)).code).toBe(code);
}

/** A JWT's three parts, with the middle one's JSON changed (the signature kept). */
function withPayload(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [head, body, signature] = token.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
  change(payload);
  return `${head}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}
const flipLast = (token: string) => `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

describe('the embed token', () => {
  it('is refused expired, re-signed, with a changed payload, unsigned or under another key; nothing changes', async () => {
    const key = embedTokenKey(app.key);
    const valid = await app.token(app.a);
    expect((await callRoute(EMBED, { method: 'GET', token: valid })).status).toBe(200);
    // After the genuine read: it may cache what it read from the CRM.
    const before = await app.state();
    const expired = await mintEmbedToken(key, app.claims(app.a), -60);
    const expiredAnswer = await callRoute(EMBED, { method: 'GET', token: expired });
    await expectRefused(expiredAnswer.clone());
    expect((await envelopeOf(expiredAnswer)).message).toMatch(/expired/);
    const forged = [
      flipLast(valid),
      withPayload(valid, (p) => {
        p.tenantId = app.b.tenantId;
      }),
      withPayload(valid, (p) => {
        p.admin = true;
        p.exp = Math.floor(Date.now() / 1000) + 86_400;
      }),
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${valid.split('.')[1]}.`,
      await mintEmbedToken(embedTokenKey(Buffer.alloc(32, 7)), app.claims(app.a)),
    ];
    for (const token of forged) {
      await expectRefused(await callRoute(EMBED, { method: 'GET', token }));
      await expectRefused(await callRoute(EMBED, { method: 'PUT', token, json: { bonusRules: null } }));
    }
    expect(await app.state()).toBe(before);
  });

  it('replayed within its hour keeps working, and a replayed write is done once', async () => {
    const token = await app.token(app.a);
    const body = {
      action: 'start',
      runId: randomUUID(),
      audience: { source: 'filter', filter: {} },
      amount: 5_000,
    };
    const runs = 'select count(*)::int as n from bonus_runs where tenant_id = $1';
    const before = await count(runs, [app.a.tenantId]);
    for (let i = 0; i < 3; i++) {
      const response = await callRoute('app/api/embed/bonuses/runs/route.ts', {
        method: 'POST',
        token,
        json: body,
      });
      expect(response.status).toBe(200);
      expect((await response.json()).created).toBe(i === 0);
    }
    expect(await count(runs, [app.a.tenantId])).toBe(before + 1);
  });
});

describe('the one-time code of “Open in a new tab”', () => {
  const OPEN_TAB = 'app/api/embed/open-tab/route.ts';
  const codeOf = (url: string) => new URL(url).hash.replace(/^#code=/, '');

  it('is given to the user of a frame, for their own tenant, and to nobody without an embed token', async () => {
    await expectRefused(await callRoute(OPEN_TAB, { method: 'POST' }));
    const response = await callRoute(OPEN_TAB, {
      method: 'POST',
      token: await app.token(app.a, { locale: 'en' }),
      json: { tenantId: app.b.tenantId },
    });
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/open\?lang=en#code=[\w.-]+$/);
    const user = await authorizeTabCode(await tabAuthDepsFromRuntime(), codeOf(url));
    const { userId, admin } = app.claims(app.a);
    expect(user?.claims).toEqual({ tenantId: app.a.tenantId, crm: 'bitrix24', userId, admin, locale: 'en' });
  });

  it('signs in once; replayed, expired, forged, under another key, another kind of token, or for a gone or unknown tenant it is refused', async () => {
    const deps = await tabAuthDepsFromRuntime();
    const key = tabCodeKey(app.key);
    const claims = tabClaimsOf(app.claims(app.a));
    const code = await mintTabCode(key, claims);
    expect((await authorizeTabCode(deps, code))?.id).toBe(`${app.a.tenantId}:${claims.userId}`);
    expect(await authorizeTabCode(deps, code)).toBeNull();
    const gone = await createTenant(app.t.database, { kind: 'bitrix24' });
    await app.t.database.query("update tenants set status = 'uninstalled' where id = $1", [gone.id]);
    const refused = [
      await mintTabCode(key, claims, -60),
      flipLast(await mintTabCode(key, claims)),
      withPayload(await mintTabCode(key, claims), (p) => {
        p.tenantId = app.b.tenantId;
      }),
      await mintTabCode(tabCodeKey(Buffer.alloc(32, 7)), claims),
      await app.token(app.a),
      await mintTabCode(key, { ...claims, tenantId: gone.id }),
      await mintTabCode(key, { ...claims, tenantId: randomUUID() }),
      '',
    ];
    for (const forged of refused) expect(await authorizeTabCode(deps, forged)).toBeNull();
  });

  it("turns a tab's session into an embed token for its own tenant's settings, and none once the tenant is gone", async () => {
    const deps = await tabAuthDepsFromRuntime();
    const claims = tabClaimsOf(app.claims(app.b));
    const session = { expires: new Date(Date.now() + 3_600_000).toISOString(), claims } as Session;
    const page = await tabPageFromSession(deps, session);
    expect(page).toMatchObject({ crm: 'amocrm', locale: claims.locale });
    const embedded = await verifyEmbedToken(embedTokenKey(app.key), page?.token as string);
    expect(embedded).toMatchObject({ tenantId: app.b.tenantId, userId: claims.userId, entity: null });
    expect((await callRoute(EMBED, { method: 'GET', token: page?.token })).status).toBe(200);
    expect(await tabPageFromSession(deps, null)).toBeNull();
    expect(await tabPageFromSession(deps, { expires: session.expires } as Session)).toBeNull();
    const gone = await createTenant(app.t.database, { kind: 'amocrm' });
    await app.t.database.query("update tenants set status = 'uninstalled' where id = $1", [gone.id]);
    const ofGone = { ...session, claims: { ...claims, tenantId: gone.id } } as Session;
    expect(await tabPageFromSession(deps, ofGone)).toBeNull();
  });
});

describe("amoCRM's disposable token on embed-session", () => {
  const SESSION = 'app/api/amocrm/embed-session/route.ts';
  const open = (token: string) =>
    callRoute(SESSION, {
      method: 'POST',
      headers: { 'x-auth-token': token },
      json: { entity: 'leads', id: 22 },
    });

  it('opens a session once; the same token again is refused (single use)', async () => {
    const token = app.amo.sim.controls.mintDisposableToken();
    const first = await open(token);
    expect(first.status).toBe(200);
    expect((await first.json()).token).toMatch(/^ey/);
    await expectRefused(await open(token));
  });

  it('is refused expired, re-signed, with a changed payload, for another integration or audience', async () => {
    const keys = app.amo.deps.keys as NonNullable<typeof app.amo.deps.keys>;
    const valid = app.amo.sim.controls.mintDisposableToken();
    const claims = JSON.parse(Buffer.from(valid.split('.')[1] as string, 'base64url').toString());
    const sign = (over: Record<string, unknown>, secret = keys.clientSecret) =>
      new SignJWT({ ...claims, jti: randomUUID(), ...over })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(secret));
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      await sign({ iat: now - 3600, nbf: now - 3600, exp: now - 1800 }),
      flipLast(valid),
      withPayload(valid, (p) => {
        p.account_id = 1;
      }),
      await sign({ client_uuid: randomUUID() }),
      await sign({ aud: 'https://elsewhere.example.ru' }),
      await sign({}, 'another-integration-secret-0123456789'),
    ];
    const sessions = 'select count(*)::int as n from effects where kind = $1';
    const before = await count(sessions, ['amocrm-jti']);
    for (const token of forged) await expectRefused(await open(token));
    expect(await count(sessions, ['amocrm-jti'])).toBe(before);
  });
});

describe('signed events', () => {
  const inbox = (tenantId: string) =>
    count('select count(*)::int as n from inbox where tenant_id = $1', [tenantId]);

  it('Bitrix24: a wrong application token is 401 and stores nothing; the same event twice is stored once', async () => {
    const auth = (token: string) => ({
      application_token: token,
      member_id: app.b24.sim.memberId,
      domain: app.b24.sim.domain,
    });
    const event = (token: string) =>
      formBody({
        event: 'ONCRMCONTACTUPDATE',
        data: { FIELDS: { ID: '11' } },
        ts: '1764000000',
        auth: auth(token),
      });
    const robotCall = (token: string) =>
      formBody({
        workflow_id: 'wf-1',
        code: 'lime_bonus',
        document_id: ['crm', 'CCrmDocumentContact', 'CONTACT_11'],
        event_token: 'event-token-1',
        properties: { amount: '100' },
        auth: auth(token),
      });
    const post = (file: string, body: string) =>
      callRoute(file, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const before = await inbox(app.a.tenantId);
    const state = await app.state();
    const token = app.b24.sim.state.applicationToken;
    const wrong = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    await expectRefused(await post('app/api/bitrix24/events/route.ts', event(wrong)));
    await expectRefused(await post('app/api/bitrix24/robot/route.ts', robotCall(wrong)));
    expect(await app.state()).toBe(state);
    const genuine = event(app.b24.sim.state.applicationToken);
    for (let i = 0; i < 3; i++)
      expect((await post('app/api/bitrix24/events/route.ts', genuine)).status).toBe(200);
    expect(await inbox(app.a.tenantId)).toBe(before + 1);
  });

  it('Lime: a bad or stale signature, or one of another connection, is 401; the same event twice is stored once', async () => {
    const body = JSON.stringify({ id: 9_000_001, type: 'client.updated', data: { id: app.a.limeClientId } });
    const now = Math.floor(Date.now() / 1000);
    const post = (connectionId: string, secret: string, at = now, raw = body) =>
      callRoute('app/api/lime/webhook/[connectionId]/route.ts', {
        method: 'POST',
        path: `/api/lime/webhook/${connectionId}`,
        params: { connectionId },
        headers: {
          'content-type': 'application/json',
          'x-lime-timestamp': String(at),
          'x-lime-signature': signLimeWebhook(secret, at, raw),
        },
        body,
      });
    const before = await inbox(app.a.tenantId);
    const state = await app.state();
    await expectRefused(await post(app.a.connectionId, `${app.a.webhookSecret}x`));
    await expectRefused(await post(app.a.connectionId, app.a.webhookSecret, now - 3600));
    await expectRefused(await post(app.a.connectionId, app.b.webhookSecret));
    await expectRefused(await post(app.b.connectionId, app.a.webhookSecret));
    await expectRefused(await post(app.a.connectionId, app.a.webhookSecret, now, `${body} `));
    expect(await app.state()).toBe(state);
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await (await post(app.a.connectionId, app.a.webhookSecret)).json());
    expect(answers.map((a) => a.duplicate)).toEqual([false, true, true]);
    expect(await inbox(app.a.tenantId)).toBe(before + 1);
  });

  it('amoCRM: a wrong secret path or another account is 401; the same webhook twice is stored once; a forged disconnect changes nothing', async () => {
    const destination = app.amo.sim.state.webhooks[0]?.destination as string;
    const secret = destination.split('/').pop() as string;
    const body = (accountId: number) =>
      formBody({
        contacts: { update: [{ id: '12', last_modified: '1764000000', account_id: String(accountId) }] },
        account: { id: String(accountId), subdomain: app.amo.sim.subdomain },
      });
    const post = (pathSecret: string, raw: string) =>
      callRoute('app/api/amocrm/webhooks/[secret]/route.ts', {
        method: 'POST',
        path: `/api/amocrm/webhooks/${pathSecret}`,
        params: { secret: pathSecret },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: raw,
      });
    const before = await inbox(app.b.tenantId);
    const state = await app.state();
    const otherLast = secret.endsWith('0') ? '1' : '0'; // a secret ending in 0 made the "wrong" one right
    await expectRefused(await post(`${secret.slice(0, -1)}${otherLast}`, body(app.amo.sim.accountId)));
    await expectRefused(await post(secret, body(app.amo.sim.accountId + 1)));
    const keys = app.amo.deps.keys as NonNullable<typeof app.amo.deps.keys>;
    const disconnect = (signature: string) =>
      callRoute('app/api/amocrm/oauth/disconnect/route.ts', {
        method: 'GET',
        path: `/api/amocrm/oauth/disconnect?${new URLSearchParams({ account_id: String(app.amo.sim.accountId), client_uuid: keys.clientId, signature })}`,
      });
    const genuine = createHmac('sha256', keys.clientSecret)
      .update(`${keys.clientId}|${app.amo.sim.accountId}`)
      .digest('hex');
    for (const forged of [
      flipLast(genuine),
      createHmac('sha256', 'x').update(`${keys.clientId}|${app.amo.sim.accountId}`).digest('hex'),
      '',
    ])
      expect((await disconnect(forged)).status).toBe(401);
    expect(await app.state()).toBe(state);
    for (let i = 0; i < 3; i++) expect((await post(secret, body(app.amo.sim.accountId))).status).toBe(200);
    expect(await inbox(app.b.tenantId)).toBe(before + 1);
  });
});

describe('the NPS link', () => {
  const NPS = 'app/api/nps/[token]/route.ts';
  const answer = (token: string, score: number) =>
    callRoute(NPS, {
      method: 'POST',
      path: `/api/nps/${token}`,
      params: { token },
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `192.0.2.${score + 1}`,
      },
      body: `score=${score}`,
    });
  const answers = () =>
    count('select count(*)::int as n from nps_answers where send_id = $1', [app.b.sendId]);

  it('tampered, expired or sealed under another key it records nothing; answered twice it keeps the first', async () => {
    const claims = {
      tenantId: app.b.tenantId,
      sendId: app.b.sendId,
      expiresAt: new Date(Date.now() + 86_400_000),
    };
    const valid = sealNpsToken(app.secrets, claims);
    const forged = [
      flipLast(valid),
      sealNpsToken(app.secrets, { ...claims, expiresAt: new Date(Date.now() - 1000) }),
      sealNpsToken(createSecretBox(Buffer.alloc(32, 3)), claims),
      sealNpsToken(app.secrets, { ...claims, tenantId: app.a.tenantId }),
    ];
    const state = await app.state();
    for (const token of forged) {
      const response = await answer(token, 3);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).not.toContain('done=1');
    }
    expect(await app.state()).toBe(state);
    const first = await answer(valid, 9);
    expect(first.headers.get('location')).toContain('done=1');
    const again = await answer(valid, 0);
    expect(again.headers.get('location')).not.toContain('done=1');
    expect(await answers()).toBe(1);
    const { rows } = await app.t.database.query<{ score: number }>(
      'select score from nps_answers where send_id = $1',
      [app.b.sendId],
    );
    expect(rows.map((r) => r.score)).toEqual([9]);
  });
});
