import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import {
  B_MARKER,
  callRoute,
  envelopeOf,
  pageFiles,
  ROOT,
  routeFiles,
  type SecurityApp,
  type SeededTenant,
  startSecurityApp,
} from '../support/security-app';
import { createTenant } from '../support/test-database';

/**
 * Every route under app/api, classified here from the filesystem (a new route or method fails the
 * first test until it is classified), and every embedded route tried with a valid embed token of
 * tenant A (a Bitrix24 portal) carrying tenant B's ids (an amoCRM account): its bookings, halls,
 * journal entries, bonus credits and runs, campaigns, REST log rows, contacts and deals, Lime
 * clients, and B's tenant id slipped into bodies and queries. An id-taking action is refused
 * (403/404, the error envelope) with nothing changed anywhere (every table, the simulators, the
 * queue); a read answers A's own data only: nothing of B's in the body, B's rows untouched.
 * Routes of other callers (CRMs, Lime, the public) are covered by security-tokens.test.ts.
 */

type Caller =
  /** The embed token (lib/auth/embed-route): tried here with another tenant's ids. */
  | 'embed'
  /** Bitrix24: frames (AUTH_ID checked with the portal), events and robot (application_token), hooks (connection id + token). */
  | 'bitrix24'
  /** amoCRM: OAuth (signed state), disconnect (HMAC), webhooks (secret path), embed-session (disposable JWT). */
  | 'amocrm'
  /** Lime: HMAC over the raw body with a timestamp, per connection. */
  | 'lime'
  /** The NPS link's sealed token. */
  | 'nps-token'
  /** "Open in a new tab": next-auth takes the one-time code a frame's embed token asked for (lib/auth/tab-session). */
  | 'tab-code'
  /** METRICS_TOKEN bearer. */
  | 'bearer'
  /** Anyone: health; the sandbox's routes answer 404 unless SANDBOX is on. */
  | 'public';

const ROUTES: Record<string, Record<string, Caller>> = {
  'app/api/amocrm/embed-session/route.ts': { OPTIONS: 'public', POST: 'amocrm' },
  'app/api/amocrm/oauth/callback/route.ts': { GET: 'amocrm' },
  'app/api/amocrm/oauth/disconnect/route.ts': { GET: 'amocrm' },
  'app/api/amocrm/oauth/start/route.ts': { GET: 'public' },
  'app/api/amocrm/webhooks/[secret]/route.ts': { POST: 'amocrm' },
  'app/api/auth/[...nextauth]/route.ts': { GET: 'tab-code', POST: 'tab-code' },
  'app/api/bitrix24/app/route.ts': { POST: 'bitrix24' },
  'app/api/bitrix24/events/route.ts': { POST: 'bitrix24' },
  'app/api/bitrix24/hooks/[connectionId]/route.ts': { POST: 'bitrix24' },
  'app/api/bitrix24/install/route.ts': { POST: 'bitrix24' },
  'app/api/bitrix24/placement/route.ts': { POST: 'bitrix24' },
  'app/api/bitrix24/robot/route.ts': { POST: 'bitrix24' },
  'app/api/bitrix24/webhook-connections/route.ts': { POST: 'bitrix24' },
  'app/api/embed/bonuses/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/bonuses/runs/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/bookings/contacts/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/bookings/goods/route.ts': { GET: 'embed' },
  'app/api/embed/bookings/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/campaigns/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/campaigns/targets/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/contact-card/route.ts': { GET: 'embed' },
  'app/api/embed/deal-card/route.ts': { GET: 'embed' },
  'app/api/embed/import/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/journal/retry/route.ts': { POST: 'embed' },
  'app/api/embed/journal/route.ts': { GET: 'embed' },
  'app/api/embed/lime-connection/route.ts': { PUT: 'embed' },
  'app/api/embed/lime-connection/test/route.ts': { POST: 'embed' },
  'app/api/embed/nps/route.ts': { GET: 'embed' },
  'app/api/embed/resources/route.ts': { GET: 'embed', POST: 'embed' },
  'app/api/embed/open-tab/route.ts': { POST: 'embed' },
  'app/api/embed/rest-log/route.ts': { GET: 'embed' },
  'app/api/embed/selection/route.ts': { GET: 'embed' },
  'app/api/embed/send-client/route.ts': { POST: 'embed' },
  'app/api/embed/settings/route.ts': { GET: 'embed', PUT: 'embed' },
  'app/api/health/route.ts': { GET: 'public' },
  'app/api/lime/webhook/[connectionId]/route.ts': { POST: 'lime' },
  'app/api/metrics/route.ts': { GET: 'bearer' },
  'app/api/nps/[token]/route.ts': { POST: 'nps-token' },
  'app/api/sandbox/crm/route.ts': { POST: 'public' },
  'app/api/sandbox/lime/route.ts': { POST: 'public' },
  'app/api/sandbox/nps/route.ts': { GET: 'public', POST: 'public' },
};

/**
 * Pages take no ids of their own: the CRM pages read only `lang` and `host` (signed) and get their
 * data from /api/embed with the token; the NPS page's token is covered with the NPS form; the docs
 * page serves the operator docs by a fixed list of names.
 */
const PAGES: Record<string, string> = {
  'app/amocrm/booking/page.tsx': 'lang only',
  'app/amocrm/connected/page.tsx': 'the account name to show, nothing read by it',
  'app/amocrm/contact/page.tsx': 'lang only',
  'app/amocrm/lead/page.tsx': 'lang only',
  'app/amocrm/selection/page.tsx': 'lang only',
  'app/amocrm/settings/page.tsx': 'lang only',
  'app/bitrix24/booking/page.tsx': 'lang only',
  'app/bitrix24/contact/page.tsx': 'lang only',
  'app/bitrix24/deal/page.tsx': 'lang only',
  'app/bitrix24/install/page.tsx': 'lang and the install outcome',
  'app/bitrix24/reinstall/page.tsx': 'lang only',
  'app/bitrix24/settings/page.tsx': 'lang only',
  'app/bitrix24/webhook/page.tsx': 'none',
  'app/docs/[slug]/page.tsx': 'a docs name from a fixed list',
  'app/nps/[token]/page.tsx': 'the sealed NPS token',
  'app/open/page.tsx': 'lang only (the one-time code stays in the fragment, for the browser)',
  'app/page.tsx': 'none',
  'app/sandbox/page.tsx': 'none (404 unless SANDBOX is on)',
  'app/settings/page.tsx': "none: the tab's session (next-auth) names the tenant and the user",
};

/** An embedded route's file. */
const embedFile = (route: string) => `app/api/embed/${route}/route.ts`;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

function exportedMethods(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const found = new Set<string>();
  for (const m of source.matchAll(/export const (\w+)\s*=/g)) found.add(m[1] as string);
  for (const m of source.matchAll(/export const \{([^}]+)\}\s*=/g))
    for (const name of (m[1] as string).split(',')) found.add(name.trim());
  for (const m of source.matchAll(/export (?:async )?function (\w+)/g)) found.add(m[1] as string);
  return METHODS.filter((method) => found.has(method));
}

describe('the routes and pages', () => {
  it('are all classified by their caller, every exported method', () => {
    const onDisk = Object.fromEntries(routeFiles().map((file) => [file, exportedMethods(file).sort()]));
    const classified = Object.fromEntries(
      Object.entries(ROUTES).map(([file, m]) => [file, Object.keys(m).sort()]),
    );
    expect(onDisk).toEqual(classified);
    expect(pageFiles()).toEqual(Object.keys(PAGES));
  });
});

let app: SecurityApp;
let a: SeededTenant;
let b: SeededTenant;
/** What B holds that no answer to A may contain. */
let secretsOfB: string[];

beforeAll(async () => {
  app = await startSecurityApp();
  ({ a, b } = app);
  const client = app.limeB.park.adults()[0];
  secretsOfB = [
    B_MARKER,
    b.tenantId,
    b.connectionId,
    b.bookingId,
    b.hallId,
    b.creditId,
    b.runId,
    b.campaignId,
    b.sendId,
    client?.lastName ?? B_MARKER,
    client?.phoneNumber ?? B_MARKER,
  ];
});
afterAll(async () => {
  await app?.close();
});

interface Attempt {
  name: string;
  file: string;
  method: string;
  claims?: Partial<EmbedClaims>;
  query?: Record<string, string>;
  json?: unknown;
  /** `refused`: 403/404 and nothing changed anywhere; `scoped`: A's own answer, B untouched. */
  expect: 'refused' | 'scoped';
  /** The id is the caller's own choice (an idempotency key): a fresh one creates, so there is no twin to compare. */
  chosenId?: true;
}

/** Tenant A's admin on a card of tenant B's ids, asking for B's things by their ids. */
function attempts(): Attempt[] {
  const onBContact: Partial<EmbedClaims> = { entity: { type: 'contact', id: b.contactId } };
  const onBDeal: Partial<EmbedClaims> = { entity: { type: 'deal', id: b.dealId } };
  return [
    {
      name: "B's credit by id",
      file: embedFile('bonuses'),
      method: 'GET',
      claims: onBContact,
      query: { id: b.creditId },
      expect: 'refused',
    },
    {
      name: "a credit on B's contact",
      file: embedFile('bonuses'),
      method: 'POST',
      claims: onBContact,
      json: { requestId: randomUUID(), amount: 10_000, tenantId: b.tenantId },
      expect: 'refused',
    },
    {
      name: "B's run by id",
      file: embedFile('bonuses/runs'),
      method: 'GET',
      query: { id: b.runId },
      expect: 'refused',
    },
    {
      name: "a run under B's run id",
      file: embedFile('bonuses/runs'),
      method: 'POST',
      json: { action: 'start', runId: b.runId, audience: { source: 'filter', filter: {} }, amount: 5_000 },
      expect: 'refused',
      chosenId: true,
    },
    {
      name: "the board on B's deal",
      file: embedFile('bookings'),
      method: 'GET',
      claims: onBDeal,
      query: { from: '2031-07-04', tenantId: b.tenantId },
      expect: 'scoped',
    },
    {
      name: "B's booking confirmed",
      file: embedFile('bookings'),
      method: 'POST',
      claims: onBDeal,
      json: {
        action: 'edit',
        bookingId: b.bookingId,
        version: b.bookingVersion,
        edit: { action: 'confirm' },
      },
      expect: 'refused',
    },
    {
      name: "B's booking cancelled",
      file: embedFile('bookings'),
      method: 'POST',
      claims: onBDeal,
      json: { action: 'edit', bookingId: b.bookingId, version: b.bookingVersion, edit: { action: 'cancel' } },
      expect: 'refused',
    },
    {
      name: "a booking of B's hall",
      file: embedFile('bookings'),
      method: 'POST',
      claims: { entity: { type: 'deal', id: '31' } },
      json: {
        action: 'create',
        draft: { hallId: b.hallId, date: '2031-08-01', start: '10:00', end: '11:00' },
      },
      expect: 'refused',
    },
    {
      name: 'contacts searched',
      file: embedFile('bookings/contacts'),
      method: 'GET',
      claims: onBDeal,
      query: { q: B_MARKER },
      expect: 'scoped',
    },
    {
      name: 'goods listed',
      file: embedFile('bookings/goods'),
      method: 'GET',
      claims: onBDeal,
      query: { q: '' },
      expect: 'scoped',
    },
    { name: 'campaigns listed', file: embedFile('campaigns'), method: 'GET', expect: 'scoped' },
    {
      name: "B's campaign enabled",
      file: embedFile('campaigns'),
      method: 'POST',
      json: { action: 'enable', id: b.campaignId },
      expect: 'refused',
    },
    {
      name: "B's campaign started",
      file: embedFile('campaigns'),
      method: 'POST',
      json: { action: 'start', id: b.campaignId },
      expect: 'refused',
    },
    {
      name: "B's campaign overwritten",
      file: embedFile('campaigns'),
      method: 'POST',
      json: {
        action: 'save',
        campaign: {
          id: b.campaignId,
          kind: 'manual',
          name: 'taken',
          rules: { filter: {} },
          delivery: { crm: 'bitrix24', mode: 'workflow', templateId: '1' },
        },
      },
      expect: 'refused',
    },
    { name: 'delivery targets', file: embedFile('campaigns/targets'), method: 'GET', expect: 'scoped' },
    {
      name: "the card of B's contact id",
      file: embedFile('contact-card'),
      method: 'GET',
      claims: onBContact,
      expect: 'scoped',
    },
    {
      name: "the card of B's deal id",
      file: embedFile('deal-card'),
      method: 'GET',
      claims: onBDeal,
      expect: 'scoped',
    },
    {
      name: 'the import',
      file: embedFile('import'),
      method: 'GET',
      query: { tenantId: b.tenantId },
      expect: 'scoped',
    },
    {
      name: "the journal before B's entry",
      file: embedFile('journal'),
      method: 'GET',
      query: { before: String(b.journalId + 1), limit: '100' },
      expect: 'scoped',
    },
    {
      name: "B's journal entry retried",
      file: embedFile('journal/retry'),
      method: 'POST',
      json: { id: b.journalId },
      expect: 'refused',
    },
    { name: 'the NPS chart', file: embedFile('nps'), method: 'GET', expect: 'scoped' },
    { name: 'halls listed', file: embedFile('resources'), method: 'GET', expect: 'scoped' },
    {
      name: "B's hall renamed",
      file: embedFile('resources'),
      method: 'POST',
      json: { action: 'change', id: b.hallId, patch: { name: 'taken' } },
      expect: 'refused',
    },
    {
      name: "B's hall retired",
      file: embedFile('resources'),
      method: 'POST',
      json: { action: 'change', id: b.hallId, patch: { active: false } },
      expect: 'refused',
    },
    {
      name: "the REST log before B's row",
      file: embedFile('rest-log'),
      method: 'GET',
      query: { before: String(b.restLogId + 1), limit: '100' },
      expect: 'scoped',
    },
    {
      name: "a selection of B's contacts",
      file: embedFile('selection'),
      method: 'GET',
      claims: { selection: { type: 'contact', ids: [b.contactId] } },
      expect: 'scoped',
    },
    {
      name: "B's Lime client sent, by phone",
      file: embedFile('send-client'),
      method: 'POST',
      json: { query: app.limeB.park.adults()[0]?.phoneNumber, tenantId: b.tenantId },
      expect: 'refused',
    },
    {
      name: 'the settings read',
      file: embedFile('settings'),
      method: 'GET',
      query: { tenantId: b.tenantId },
      expect: 'scoped',
    },
  ];
}

let tenantDigestSql: string | undefined;
/** B's rows in every table that has a tenant, B's tenant row, and B's simulators' writes. */
async function tenantState(tenantId: string): Promise<string> {
  if (!tenantDigestSql) {
    const { rows } = await app.t.database.query<{ table_name: string }>(
      `select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'tenant_id' order by table_name`,
    );
    tenantDigestSql = [
      ...rows.map(
        ({ table_name }) =>
          `select '${table_name}' as t, count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${table_name}" x where tenant_id = $1`,
      ),
      `select 'tenants', md5(x::text) from tenants x where id = $1`,
    ].join(' union all ');
  }
  const { rows } = await app.t.database.query<{ t: string; h: string }>(tenantDigestSql, [tenantId]);
  const writes = app.amo.sim.requests.filter((r) => r.method !== 'GET').length;
  return JSON.stringify({ rows, amo: writes, lime: app.limeB.park.accruals.length });
}

/** The same attempt with each of B's ids replaced by one that no tenant has. */
function neverExisted(attempt: Attempt): Attempt {
  let text = JSON.stringify(attempt);
  for (const id of [b.bookingId, b.hallId, b.creditId, b.runId, b.campaignId, b.sendId])
    text = text.replaceAll(id, randomUUID());
  text = text
    .replaceAll(`:${b.journalId}`, ':987654321')
    .replaceAll(`"${b.limeClientId}"`, '"987654321"')
    .replaceAll(`"${b.contactId}"`, '"987654"')
    .replaceAll(`"${b.dealId}"`, '"987655"');
  return JSON.parse(text) as Attempt;
}

function send(attempt: Attempt, token: string | undefined) {
  const route = attempt.file.replace(/^app/, '').replace(/\/route\.ts$/, '');
  const query = attempt.query ? `?${new URLSearchParams(attempt.query)}` : '';
  return callRoute(attempt.file, {
    method: attempt.method,
    path: `${route}${query}`,
    token,
    json: attempt.json,
  });
}

describe("tenant A's embed token with tenant B's ids", () => {
  it('covers every embedded route and method', () => {
    const tried = new Set(attempts().map((t) => `${t.method} ${t.file}`));
    const embedded = Object.entries(ROUTES).flatMap(([file, methods]) =>
      Object.entries(methods)
        .filter(([, caller]) => caller === 'embed')
        .map(([method]) => `${method} ${file}`),
    );
    // These take no ids of ours (the tenant is the token's; a deal id is one of A's own CRM): tried below.
    const noIds = [
      'PUT app/api/embed/lime-connection/route.ts',
      'POST app/api/embed/lime-connection/test/route.ts',
      'POST app/api/embed/import/route.ts',
      'POST app/api/embed/bookings/contacts/route.ts',
      'PUT app/api/embed/settings/route.ts',
      'POST app/api/embed/campaigns/targets/route.ts',
      'POST app/api/embed/open-tab/route.ts',
    ];
    expect(embedded.filter((r) => !tried.has(r)).sort()).toEqual(noIds.sort());
  });

  it('is refused where it names B’s things, with nothing changed; reads answer A’s own data only', async () => {
    const outcomes: string[] = [];
    for (const attempt of attempts()) {
      const before = { all: await app.state(), b: await tenantState(b.tenantId) };
      const response = await send(attempt, await app.token(a, attempt.claims));
      const text = await response.clone().text();
      for (const secret of secretsOfB) expect(text, `${attempt.name}: ${secret}`).not.toContain(secret);
      expect(
        app.jobs.filter((j) => j.tenantId === b.tenantId),
        attempt.name,
      ).toEqual([]);
      expect(await tenantState(b.tenantId), attempt.name).toBe(before.b);
      if (attempt.expect === 'refused') {
        expect([403, 404, 409, 422], `${attempt.name}: ${response.status} ${text}`).toContain(
          response.status,
        );
        const refusal = await envelopeOf(response);
        expect(await app.state(), attempt.name).toBe(before.all);
        // No oracle: B's id is refused exactly as an id that never existed.
        if (!attempt.chosenId) {
          const twin = await send(neverExisted(attempt), await app.token(a, neverExisted(attempt).claims));
          expect({ status: twin.status, code: (await envelopeOf(twin)).code }, attempt.name).toEqual({
            status: response.status,
            code: refusal.code,
          });
          expect(await app.state(), `${attempt.name} (never existed)`).toBe(before.all);
        }
      } else {
        expect(response.status, `${attempt.name}: ${text}`).toBeLessThan(500);
      }
      outcomes.push(`${response.status} ${attempt.name}`);
    }
    expect(outcomes).toHaveLength(attempts().length);
  });

  it('the routes that take no ids act on A only, whatever tenant id the body names', async () => {
    const before = await tenantState(b.tenantId);
    const token = await app.token(a);
    const tries: [string, string, unknown][] = [
      [
        embedFile('lime-connection'),
        'PUT',
        { tenantId: b.tenantId, connectionId: b.connectionId, baseUrl: app.limeB.url },
      ],
      [embedFile('lime-connection/test'), 'POST', undefined],
      [embedFile('import'), 'POST', { action: 'cancel', tenantId: b.tenantId }],
      [embedFile('campaigns/targets'), 'POST', { dealId: 'none', tenantId: b.tenantId }],
      [embedFile('open-tab'), 'POST', { tenantId: b.tenantId }],
      [embedFile('bookings/contacts'), 'POST', { firstName: 'Проба', tenantId: b.tenantId }],
      [
        embedFile('settings'),
        'PUT',
        { tenantId: b.tenantId, bonusRules: { whoCredits: 'everyone', maxAmountKopecks: 1 } },
      ],
    ];
    for (const [file, method, json] of tries) {
      const response = await callRoute(file, { method, token, json });
      const text = await response.text();
      for (const secret of secretsOfB) expect(text, `${file}: ${secret}`).not.toContain(secret);
      expect(response.status, `${file}: ${text}`).toBeLessThan(500);
    }
    expect(await tenantState(b.tenantId)).toBe(before);
    expect(app.jobs.filter((j) => j.tenantId === b.tenantId)).toEqual([]);
  });

  it('every embedded route refuses no token, and a token of an unknown or uninstalled tenant, changing nothing', async () => {
    const gone = await createTenant(app.t.database, { kind: 'bitrix24' });
    await app.t.database.query("update tenants set status = 'uninstalled' where id = $1", [gone.id]);
    const before = await app.state();
    const strangers = [
      await app.token(a, { tenantId: randomUUID() }),
      await app.token(a, { tenantId: gone.id }),
    ];
    for (const [file, methods] of Object.entries(ROUTES)) {
      for (const [method, caller] of Object.entries(methods)) {
        if (caller !== 'embed') continue;
        const json = method === 'GET' ? undefined : { id: b.journalId };
        for (const token of [undefined, ...strangers]) {
          const response = await callRoute(file, { method, token, json });
          expect(response.status, `${method} ${file}`).toBe(401);
          expect((await envelopeOf(response)).code).toBe('unauthorized');
        }
      }
    }
    expect(await app.state()).toBe(before);
  });
});
