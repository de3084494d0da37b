/**
 * Lime ingest benchmark (npm run bench): on the database of this process (PGlite in memory, or the
 * PostgreSQL of DATABASE_URL), how many Lime events per second
 *   - the webhook endpoint stores (signature checked, inbox row written), over HTTP from the simulator;
 *   - the drain applies to the mirror (ledger, mirror rows, balances re-read from Lime);
 *   - the change-feed poller reads, stores and applies.
 * The simulator runs in the same process (and on the same 2 cores), so figures are a floor.
 */
import { drainLimeInbox } from '@/lib/sync/lime/drain';
import { pollLimeFeed } from '@/lib/sync/lime/poll';
import { connectTenantToSimulator } from '@/tests/support/lime-fixture';
import { createTestDatabase } from '@/tests/support/test-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const rate = (n: number, ms: number) => `${Math.round((n * 1000) / ms).toLocaleString('en-US')}/s`;

const t = await createTestDatabase();
const f = await connectTenantToSimulator(t.database, { seed: 5, clients: 100, history: false });
const scope = { tenantId: f.tenantId, connectionId: f.connectionId };
try {
  f.sim.controls.randomActivity(EVENTS);
  const webhookEvents = f.sim.park.events.length;
  let started = performance.now();
  const delivery = await f.sim.controls.deliverWebhooks({ concurrency: 8 });
  const webhookMs = performance.now() - started;
  if (delivery.failed > 0) throw new Error(`${delivery.failed} webhook deliveries failed`);

  started = performance.now();
  const drained = await drainLimeInbox(f.deps, { tenantId: f.tenantId });
  const drainMs = performance.now() - started;

  f.sim.controls.randomActivity(EVENTS);
  const feedEvents = f.sim.park.events.length - webhookEvents;
  // The webhook path already advanced nothing in the feed cursor: skip what it applied.
  await t.database.query('UPDATE lime_connections SET feed_cursor = $1 WHERE id = $2', [
    f.sim.park.events[webhookEvents - 1]?.id ?? 0,
    f.connectionId,
  ]);
  started = performance.now();
  let polled = 0;
  for (let more = true; more; ) {
    const result = await pollLimeFeed(f.deps, scope);
    polled += result.drained?.applied ?? 0;
    more = result.more;
  }
  const pollMs = performance.now() - started;

  const { rows } = await t.database.query<{ server_version: string }>('SHOW server_version');
  const version = rows[0]?.server_version.split(' ')[0] ?? '';
  const db = t.database.kind === 'pglite' ? `PGlite ${version} (in memory)` : `PostgreSQL ${version}`;
  console.log(`\nLime ingest on ${db}, ${EVENTS.toLocaleString('en-US')} simulated activities per path`);
  console.log(
    `  webhooks stored       ${String(webhookEvents).padStart(6)} events  ${rate(webhookEvents, webhookMs).padStart(8)}  (${Math.round(webhookMs)} ms, HTTP + HMAC + inbox)`,
  );
  console.log(
    `  drain applied         ${String(drained.applied).padStart(6)} events  ${rate(drained.applied, drainMs).padStart(8)}  (${Math.round(drainMs)} ms, incl. ${drained.balancesRefreshed} balance re-reads)`,
  );
  console.log(
    `  feed read + applied   ${String(polled).padStart(6)} events  ${rate(polled, pollMs).padStart(8)}  (${Math.round(pollMs)} ms)`,
  );
  console.log(
    `  end to end (webhook)  ${String(webhookEvents).padStart(6)} events  ${rate(webhookEvents, webhookMs + drainMs).padStart(8)}`,
  );
  console.log(`  peak RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
  if (polled !== feedEvents || drained.applied !== webhookEvents)
    throw new Error('not every event was applied');
} finally {
  await f.close();
  await t.drop();
}
