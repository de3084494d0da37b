/**
 * Import benchmark (npm run bench): a park of 10,000 adults with 15,000 children and 200 goods,
 * written straight into the mirror, imported into a simulated Bitrix24 portal and a simulated amoCRM
 * account, each at its real limit, on the database of this process (PGlite, or DATABASE_URL's
 * PostgreSQL). Prints the CRM writes per second next to the bound (Bitrix24: 2 requests/s × 50
 * commands = 100/s; amoCRM: 7 requests/s × 50 entities = 350/s), the rate-limit answers met, the
 * import's time against the time the bound allows, and memory. BENCH_IMPORT_ADULTS and
 * BENCH_IMPORT_CHILDREN change the park; BENCH_IMPORT_CRMS=bitrix24 or amocrm runs one CRM.
 */
import { createAmocrmClient } from '@/lib/crm/amocrm/api-client';
import { createAmocrmCrm } from '@/lib/crm/amocrm/crm-adapter';
import { createBitrix24Crm } from '@/lib/crm/bitrix24/crm-adapter';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import type { CrmPort } from '@/lib/crm/crm-port';
import { createLogger } from '@/lib/log/logger';
import { connectTenantToLimeSimulator } from '@/lib/sandbox/connect-lime-simulator';
import { startLimeSimulator } from '@/lib/simulators/lime';
import { currentImportView, startImport } from '@/lib/sync/crm-import/import-control';
import { runImportSlice } from '@/lib/sync/crm-import/run-import';
import { startAmocrmHarness } from '@/tests/support/amocrm-harness';
import { startBitrix24Harness, TEST_APP } from '@/tests/support/bitrix24-harness';
import { seedBulkMirror } from '@/tests/support/bulk-mirror';
import { createTestDatabase, type TestDatabase } from '@/tests/support/test-database';

const ADULTS = Number(process.env.BENCH_IMPORT_ADULTS ?? 10_000);
const CHILDREN = Number(process.env.BENCH_IMPORT_CHILDREN ?? 15_000);
const GOODS = 200;
const CRMS = (process.env.BENCH_IMPORT_CRMS ?? 'bitrix24,amocrm').split(',');
const log = createLogger({ level: 'silent' });

interface Account {
  tenantId: string;
  secrets: Parameters<typeof connectTenantToLimeSimulator>[0]['secrets'];
  crm: CrmPort;
  /** Entities written (contacts and products created or updated) and requests, from the CRM's log. */
  traffic(since: number): {
    writes: number;
    requests: number;
    limited: number;
    firstWrite: number;
    lastWrite: number;
  };
  bound: { perSecond: number; text: string };
  close(): Promise<void>;
}

async function bitrix24(t: TestDatabase): Promise<Account> {
  const h = await startBitrix24Harness(t.database, { sim: { seed: 91 } });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  const tenantId = (await h.tenant())?.id as string;
  const rest = await createOAuthRest(
    { database: t.database, secrets: h.deps.secrets, allowHttpLoopback: true, app: TEST_APP },
    { tenantId },
  );
  const sim = h.sim;
  return {
    tenantId,
    secrets: h.deps.secrets,
    crm: createBitrix24Crm(rest),
    close: () => h.close(),
    traffic(since) {
      const portal = sim.requests.filter((r) => r.server === 'portal' && r.at >= since);
      const writes = portal.filter((r) =>
        /"crm\.contact\.(add|update)|catalog\.product\.(add|update)/.test(r.body),
      );
      const count = (r: (typeof portal)[number]) =>
        (r.body.match(/crm\.contact\.(add|update)|catalog\.product\.(add|update)/g) ?? []).length;
      return {
        writes: writes.reduce((n, r) => n + count(r), 0),
        requests: portal.length,
        limited: portal.filter((r) => r.status === 503 || r.status === 429).length,
        firstWrite: writes[0]?.at ?? 0,
        lastWrite: writes.at(-1)?.at ?? 0,
      };
    },
    bound: { perSecond: 100, text: '2 requests/s × 50 commands' },
  };
}

async function amocrm(t: TestDatabase): Promise<Account> {
  // The real limit (7 requests/s), unlike the sync tests' account.
  const h = await startAmocrmHarness(t.database, { sim: { seed: 92 } });
  await h.connect();
  const tenantId = (await h.tenantId()) as string;
  const keys = h.deps.keys as NonNullable<typeof h.deps.keys>;
  const client = createAmocrmClient(
    { database: t.database, secrets: h.deps.secrets, allowHttpLoopback: true, keys },
    { tenantId, baseUrl: h.sim.url },
  );
  return {
    tenantId,
    secrets: h.deps.secrets,
    crm: createAmocrmCrm(client),
    traffic(since) {
      const api = h.sim.requests.filter((r) => r.path.startsWith('/api/v4/') && r.at.getTime() >= since);
      const writes = api.filter((r) => (r.method === 'POST' || r.method === 'PATCH') && r.status === 200);
      const entities = (r: (typeof api)[number]) => {
        const body = JSON.parse(r.body) as unknown;
        return Array.isArray(body) ? body.length : 1;
      };
      return {
        writes: writes.reduce((n, r) => n + entities(r), 0),
        requests: api.length,
        limited: api.filter((r) => r.status === 429 || r.status === 403).length,
        firstWrite: writes[0]?.at.getTime() ?? 0,
        lastWrite: writes.at(-1)?.at.getTime() ?? 0,
      };
    },
    bound: { perSecond: 350, text: '7 requests/s × 50 entities' },
    close: () => h.close(),
  };
}

for (const kind of CRMS) {
  const t = await createTestDatabase();
  const account = kind === 'amocrm' ? await amocrm(t) : await bitrix24(t);
  const lime = await startLimeSimulator({ seed: 5, clients: 0, history: false });
  try {
    const { connectionId } = await connectTenantToLimeSimulator(
      { database: t.database, secrets: account.secrets, allowHttpLoopback: true },
      { tenantId: account.tenantId, sim: lime },
    );
    await seedBulkMirror(t.database, {
      tenantId: account.tenantId,
      connectionId,
      adults: ADULTS,
      children: CHILDREN,
      goods: GOODS,
    });
    const deps = {
      database: t.database,
      secrets: account.secrets,
      allowHttpLoopback: true,
      bitrix24App: null,
    };
    const startedAt = Date.now();
    const started = performance.now();
    await startImport({ db: t.database.db, enqueue: async () => null }, { tenantId: account.tenantId });
    while ((await runImportSlice({ ...deps, crm: account.crm, log }, { tenantId: account.tenantId })).more);
    const seconds = (performance.now() - started) / 1000;
    const view = await currentImportView(t.database.db, { tenantId: account.tenantId });
    if (view?.status !== 'done' || view.done.clients !== ADULTS)
      throw new Error(`import ended ${view?.status}`);
    const after = account.traffic(startedAt);
    const writes = after.writes;
    const writeSeconds = (after.lastWrite - after.firstWrite) / 1000;
    const perSecond = writes / writeSeconds;
    const boundSeconds = (ADULTS + GOODS) / account.bound.perSecond;
    console.log(
      [
        `${kind === 'amocrm' ? 'amoCRM' : 'Bitrix24'} import on ${t.url ? 'PostgreSQL' : 'PGlite'}:`,
        `${ADULTS} clients with ${CHILDREN} children and ${GOODS} goods in ${seconds.toFixed(1)} s`,
        `(the bound allows ${boundSeconds.toFixed(1)} s);`,
        `${writes} CRM writes at ${perSecond.toFixed(1)}/s = ${Math.round((100 * perSecond) / account.bound.perSecond)}%`,
        `of the bound ${account.bound.perSecond}/s (${account.bound.text});`,
        `${after.requests} requests, ${after.limited} rate-limit answers;`,
        `rss ${Math.round(process.memoryUsage().rss / 1_048_576)} MB`,
      ].join(' '),
    );
  } finally {
    await account.close();
    await lime.close();
    await t.drop();
  }
}
