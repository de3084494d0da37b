import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { insertBonusCredit } from '@/db/queries/bonus-credits';
import { insertBonusRun } from '@/db/queries/bonus-runs';
import { appendJournal } from '@/db/queries/journal';
import { upsertLink } from '@/db/queries/links';
import { insertRestLog } from '@/db/queries/rest-log';
import { type EmbedClaims, embedTokenKey, mintEmbedToken } from '@/lib/auth/embed-token';
import { bookingActionForClaims } from '@/lib/bookings/booking-api';
import { resourceActionForClaims } from '@/lib/bookings/resource-api';
import type { AppConfig } from '@/lib/config';
import { createSecretBox, type SecretBox } from '@/lib/crypto/secret-box';
import { getLogger } from '@/lib/log/logger';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import type { Queue } from '@/lib/queue/queue';
import { flushRestLog } from '@/lib/rest-log/recorder';
import type { Runtime } from '@/lib/runtime';
import { setSetting } from '@/lib/settings/settings';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { CRM_PUSH_JOBS } from '@/lib/sync/crm-push/job-names';
import { type AmocrmHarness, startAmocrmHarness } from './amocrm-harness';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from './bitrix24-harness';
import { mirrorSimulatedPark } from './lime-fixture';
import { campaignWithSend } from './mailing-fixtures';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The app as its route handlers see it, for the security suites: the real `app/api/**\/route.ts`
 * modules called in-process over this process's runtime, which is put in place here (the test
 * database, one root key, the CRM keys of the simulators' registrations, a queue that keeps what it
 * is sent). Two tenants — a Bitrix24 portal (A) and an amoCRM account (B), each installed through
 * its real flow on its simulator and connected to its own simulated Lime — each with data of every
 * kind a route takes an id of: links, bookings, journal entries, settings, bonus credits and runs,
 * campaigns and sends, REST log rows. B's rows carry a marker no response to A may contain.
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const B_MARKER = 'TENANT-B-SECRET';

export interface SeededTenant {
  tenantId: string;
  crm: 'bitrix24' | 'amocrm';
  connectionId: string;
  /** What Lime signs its webhooks to this connection with. */
  webhookSecret: string;
  contactId: string;
  dealId: string;
  limeClientId: number;
  bookingId: string;
  bookingVersion: number;
  hallId: string;
  journalId: number;
  creditId: string;
  runId: string;
  campaignId: string;
  sendId: string;
  restLogId: number;
}

export interface SecurityApp {
  t: TestDatabase;
  key: Buffer;
  secrets: SecretBox;
  b24: Bitrix24Harness;
  amo: AmocrmHarness;
  limeA: LimeSimulator;
  limeB: LimeSimulator;
  a: SeededTenant;
  b: SeededTenant;
  /** What the routes sent to the queue. */
  jobs: EnqueueRequest[];
  token(tenant: SeededTenant, over?: Partial<EmbedClaims>): Promise<string>;
  claims(tenant: SeededTenant, over?: Partial<EmbedClaims>): EmbedClaims;
  /** Every table of the app (pg-boss's and the call bookkeeping aside) as one digest, and the simulators' writes. */
  state(): Promise<string>;
  close(): Promise<void>;
}

const holder = globalThis as typeof globalThis & {
  __limeBridgeRuntime?: Promise<Runtime>;
  __limeBridgeConfig?: AppConfig;
};

/** Every file of this name below a folder of the repository, as repository paths, sorted. */
function filesNamed(root: string, fileName: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const rel = path.join(dir, name);
      if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel);
      else if (name === fileName) found.push(rel.split(path.sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}

/** Every route handler file under app/api, as `app/api/...` paths. */
export const routeFiles = () => filesNamed('app/api', 'route.ts');

/** Every page under app/, as `app/...` paths. */
export const pageFiles = () => filesNamed('app', 'page.tsx');

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The route module's handler for a method (as Next would call it). */
export async function handlerOf(file: string, method: string): Promise<Handler> {
  const mod = (await import(path.join(ROOT, file))) as Record<string, Handler | undefined>;
  const handler = mod[method];
  if (!handler) throw new Error(`${file} exports no ${method}`);
  return handler;
}

export async function callRoute(
  file: string,
  options: {
    method: string;
    path?: string;
    params?: Record<string, string>;
    token?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    json?: unknown;
  },
): Promise<Response> {
  const urlPath = options.path ?? `/${file.replace(/^app/, '').replace(/\/route\.ts$/, '')}`.slice(1);
  const headers = new Headers(options.headers);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
  const request = new Request(new URL(urlPath, 'http://127.0.0.1:3000'), {
    method: options.method,
    headers,
    body:
      body === undefined ? undefined : new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
  });
  const handler = await handlerOf(file, options.method);
  return handler(request, { params: Promise.resolve(options.params ?? {}) });
}

/**
 * Every table but the bookkeeping of calls a route makes to the caller's own CRM on the way to a
 * refusal (reading the card's contact takes a rate-limit token and writes a REST log row).
 */
const TABLES_SQL = `select table_name from information_schema.tables
  where table_schema = 'public' and table_type = 'BASE TABLE'
    and table_name not in ('rate_buckets', 'rest_log') order by table_name`;

/**
 * This process's runtime (lib/runtime's globalThis slot, and getConfig's) over a test database:
 * what the route modules' `getRuntime()` returns. The queue keeps what it is sent in `jobs`.
 */
export function installRuntime(
  t: TestDatabase,
  options: {
    key: Buffer;
    secrets: SecretBox;
    jobs: EnqueueRequest[];
    amocrm?: AppConfig['amocrm'];
    trustedProxyHops?: number;
  },
): void {
  const config: AppConfig = {
    host: '127.0.0.1',
    port: 3000,
    appUrl: 'http://127.0.0.1:3000',
    database: { kind: 'pglite', dataDir: '/nonexistent' },
    dataDir: '/nonexistent',
    encryptionKey: options.key,
    nextAuthSecret: randomBytes(16).toString('hex'),
    nextAuthUrl: 'http://127.0.0.1:3000',
    bitrix24: TEST_APP,
    amocrm: options.amocrm ?? null,
    allowHttpLoopback: true,
    sandbox: false,
    worker: 'inline',
    metricsToken: null,
    restLogRetentionDays: 7,
    trustedProxyHops: options.trustedProxyHops ?? 0,
    metricsPort: null,
    logLevel: 'silent',
  };
  const queue = {
    working: false,
    enqueue: async (job: EnqueueRequest) => {
      options.jobs.push(job);
      return `job-${options.jobs.length}`;
    },
    cancelTenantJobs: async () => 0,
    stats: async () => [],
    stop: async () => {},
  } as unknown as Queue;
  const runtime: Runtime = {
    config,
    database: t.database,
    queue,
    secrets: options.secrets,
    log: getLogger(),
    startedAt: new Date(),
  };
  holder.__limeBridgeConfig = config;
  holder.__limeBridgeRuntime = Promise.resolve(runtime);
}

export function uninstallRuntime(): void {
  holder.__limeBridgeRuntime = undefined;
  holder.__limeBridgeConfig = undefined;
}

/** A function digesting every table (the call bookkeeping aside), written once the tables are known. */
export async function databaseDigest(t: TestDatabase): Promise<() => Promise<string>> {
  const tables = (await t.database.query<{ table_name: string }>(TABLES_SQL)).rows.map((r) => r.table_name);
  const sql = tables
    .map(
      (name) =>
        `select '${name}' as t, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${name}" x`,
    )
    .join(' union all ');
  return async () => {
    await flushRestLog(t.database);
    return JSON.stringify((await t.database.query(sql)).rows);
  };
}

/** What an embed token of the tenant's CRM administrator (user 1) says. */
function adminClaims(
  tenant: { tenantId: string; crm: 'bitrix24' | 'amocrm' },
  over: Partial<EmbedClaims> = {},
): EmbedClaims {
  return {
    tenantId: tenant.tenantId,
    crm: tenant.crm,
    userId: '1',
    admin: true,
    locale: 'ru',
    entity: null,
    hostOrigin: 'https://crm.example.ru',
    ...over,
  };
}

async function seedTenant(
  app: { t: TestDatabase; secrets: SecretBox; jobs: EnqueueRequest[] },
  params: {
    tenantId: string;
    crm: 'bitrix24' | 'amocrm';
    lime: LimeSimulator;
    contactId: string;
    dealId: string;
    marker: string;
  },
): Promise<SeededTenant> {
  const { db } = app.t.database;
  const { tenantId } = params;
  const { connectionId, webhookSecret } = await mirrorSimulatedPark(app.t.database, {
    secrets: app.secrets,
    tenantId,
    sim: params.lime,
  });
  const client = params.lime.park.adults()[0];
  if (!client) throw new Error('the simulated park has no adult');
  await upsertLink(db, {
    tenantId,
    limeType: 'client',
    limeId: String(client.id),
    crmEntity: 'contact',
    crmId: params.contactId,
  });
  const admin = adminClaims({ tenantId, crm: params.crm });
  const deps = {
    database: app.t.database,
    secrets: app.secrets,
    allowHttpLoopback: true,
    enqueue: async (job: EnqueueRequest) => {
      app.jobs.push(job);
      return 'job';
    },
  };
  const resources = await resourceActionForClaims(deps, admin, {
    action: 'add',
    input: { kind: 'hall', name: `Зал ${params.marker}`, capacity: 10 },
  });
  const hallId = resources.resources[0]?.id as string;
  const booked = await bookingActionForClaims(
    deps,
    { ...admin, entity: { type: params.crm === 'amocrm' ? 'lead' : 'deal', id: params.dealId } },
    { action: 'create', draft: { hallId, date: '2031-07-04', start: '15:00', end: '17:00' } },
  );
  const journalId = await appendJournal(db, {
    tenantId,
    direction: 'lime_to_crm',
    operation: 'crm.deals.upsert',
    status: 'error',
    error: `${params.marker}: CRM_FIELD_ERROR_VALUE_NOT_VALID`,
    details: { retry: { job: CRM_PUSH_JOBS[params.crm], payload: {} } },
  });
  await setSetting(db, {
    tenantId,
    key: 'bonusRules',
    value: { whoCredits: 'admins', maxAmountKopecks: 123_400 },
  });
  const credit = await insertBonusCredit(db, {
    tenantId,
    key: `security:${params.marker}`,
    connectionId,
    clientId: client.id,
    crmContactId: params.contactId,
    amountKopecks: 10_000,
    reason: 'manual',
    comment: params.marker,
    requestedBy: '1',
  });
  const runId = randomUUID();
  await insertBonusRun(db, {
    id: runId,
    tenantId,
    connectionId,
    audience: { source: 'filter', filter: {} } as never,
    amountKopecks: 5_000,
    reason: 'campaign',
    comment: params.marker,
    requestedBy: '1',
    skipped: [],
  });
  const sent = await campaignWithSend(app.t.database, {
    tenantId,
    connectionId,
    kind: 'nps',
    delivery: {},
    contactId: params.contactId,
  });
  await app.t.database.query('update campaigns set name = $1 where id = $2', [
    `NPS ${params.marker}`,
    sent.campaignId,
  ]);
  await insertRestLog(db, [
    {
      tenantId,
      system: params.crm,
      method: 'POST',
      operation: 'crm.contact.get',
      url: `https://crm.example.ru/rest/${params.marker}`,
      status: 200,
      durationMs: 12,
      outcome: 'ok',
      error: null,
      requestBody: params.marker,
      responseBody: params.marker,
      at: new Date(),
    },
  ]);
  const { rows } = await app.t.database.query<{ id: number }>(
    'select id from rest_log where tenant_id = $1 order by id desc limit 1',
    [tenantId],
  );
  app.jobs.length = 0;
  return {
    tenantId,
    crm: params.crm,
    connectionId,
    webhookSecret,
    contactId: params.contactId,
    dealId: params.dealId,
    limeClientId: client.id,
    bookingId: booked.booking.id,
    bookingVersion: booked.booking.version,
    hallId,
    journalId,
    creditId: credit.row.id,
    runId,
    campaignId: sent.campaignId,
    sendId: sent.sendId,
    restLogId: Number(rows[0]?.id),
  };
}

export async function startSecurityApp(): Promise<SecurityApp> {
  const t = await createTestDatabase();
  const key = randomBytes(32);
  const secrets = createSecretBox(key);
  const jobs: EnqueueRequest[] = [];
  const b24 = await startBitrix24Harness(t.database, { sim: { seed: 901 }, secretKey: key });
  const amo = await startAmocrmHarness(t.database, { sim: { seed: 902 }, secrets });
  if ((await b24.installViaFrame()).status !== 303) throw new Error('the Bitrix24 install failed');
  if ((await amo.connect()).status !== 303) throw new Error('the amoCRM connection failed');
  const limeA = await startLimeSimulator({ seed: 11, clients: 3, history: false });
  const limeB = await startLimeSimulator({ seed: 12, clients: 3, history: false });
  installRuntime(t, { key, secrets, jobs, amocrm: amo.deps.keys });

  const app = { t, secrets, jobs };
  const a = await seedTenant(app, {
    tenantId: (await b24.tenant())?.id as string,
    crm: 'bitrix24',
    lime: limeA,
    contactId: '11',
    dealId: '21',
    marker: 'tenant-a',
  });
  const b = await seedTenant(app, {
    tenantId: (await amo.tenantId()) as string,
    crm: 'amocrm',
    lime: limeB,
    contactId: '12',
    dealId: '22',
    marker: B_MARKER,
  });
  const embedKey = embedTokenKey(key);
  const claims = (tenant: SeededTenant, over: Partial<EmbedClaims> = {}) => adminClaims(tenant, over);
  const digest = await databaseDigest(t);
  return {
    t,
    key,
    secrets,
    b24,
    amo,
    limeA,
    limeB,
    a,
    b,
    jobs,
    claims,
    token: (tenant, over) => mintEmbedToken(embedKey, claims(tenant, over)),
    async state() {
      const rows = await digest();
      const sims = {
        b24: [b24.sim.state.contacts.length, b24.sim.state.deals.length, b24.sim.state.leads.length],
        amo: amo.sim.requests.filter((r) => r.method !== 'GET').length,
        lime: [
          limeA.park.accruals.length,
          limeB.park.accruals.length,
          limeA.park.preorders.size,
          limeB.park.preorders.size,
        ],
        jobs: jobs.length,
      };
      return createHash('sha256').update(JSON.stringify({ rows, sims })).digest('hex');
    },
    async close() {
      uninstallRuntime();
      await b24.close();
      await amo.close();
      await limeA.close();
      await limeB.close();
      await t.drop();
    },
  };
}

/** The `{error:{code,message}}` envelope of a refusal. */
export async function envelopeOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string')
    throw new Error(`no error envelope: ${JSON.stringify(body)}`);
  return body.error as { code: string; message: string };
}
