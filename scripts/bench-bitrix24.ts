/**
 * Bitrix24 sync benchmark (npm run bench): CRM changes made in a burst on a simulated portal at the
 * real limit (2 requests/s, bursts of 50), drained from the offline queue and read back 50 to a batch,
 * on the database of this process (PGlite in memory, or DATABASE_URL's PostgreSQL). Prints the
 * changes per second, the requests per second against the limit, 503s, the largest batch and memory.
 */
import { listJournal } from '@/db/queries/journal';
import { startBitrix24Harness } from '@/tests/support/bitrix24-harness';
import { createTestDatabase } from '@/tests/support/test-database';

const CHANGES = Number(process.env.BENCH_B24_CHANGES ?? 1000);

const t = await createTestDatabase();
const h = await startBitrix24Harness(t.database, { sim: { seed: 77 } });
try {
  await h.installViaFrame();
  h.sim.controls.installFinish();
  const tenantId = (await h.tenant())?.id as string;
  const before = h.sim.requests.length;
  await h.sim.controls.bulkAddContacts(CHANGES);
  const started = performance.now();
  await h.runJobs();
  const ms = performance.now() - started;
  const requests = h.sim.requests.slice(before).filter((r) => r.server === 'portal');
  const journal = await listJournal(t.database.db, { tenantId, limit: CHANGES + 100 });
  const synced = journal.filter((e) => e.operation === 'contact.changed' && e.status === 'ok').length;
  if (synced !== CHANGES) throw new Error(`synced ${synced} of ${CHANGES}`);
  const batches = requests
    .filter((r) => r.restMethod === 'batch')
    .map((r) => Object.keys((JSON.parse(r.body) as { cmd?: object }).cmd ?? {}).length);
  const seconds = ms / 1000;
  console.log(
    [
      `Bitrix24 on ${t.url ? 'PostgreSQL' : 'PGlite'}: ${CHANGES} contact changes synced in ${seconds.toFixed(1)} s`,
      `(${Math.round(CHANGES / seconds)} changes/s)`,
      `with ${requests.length} requests (${(requests.length / seconds).toFixed(1)} req/s; the portal allows 2/s after a burst of 50),`,
      `${requests.filter((r) => r.status === 503).length} answered 503, largest batch ${Math.max(...batches)},`,
      `rss ${Math.round(process.memoryUsage().rss / 1_048_576)} MB`,
    ].join(' '),
  );
} finally {
  await h.close();
  await t.drop();
}
