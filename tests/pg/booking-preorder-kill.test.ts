import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingRow, getBooking } from '@/db/queries/bookings';
import { createBooking, draftSchema, editBooking } from '@/lib/bookings/booking-service';
import { addResource } from '@/lib/bookings/resource-service';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { jobRegistry } from '@/lib/jobs';
import { createLogger } from '@/lib/log/logger';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { mirrorSimulatedPark } from '../support/lime-fixture';
import { killableWorkers, waitUntil } from '../support/processes';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A booking confirmed while its pre-order push runs in a separate worker process, which is
 * SIGKILLed after Lime made the pre-order but before Lime's answer reached it (the simulator holds
 * the answer: `hang_after_commit`); a new worker picks the job up again: Lime holds exactly one
 * pre-order for the deal, and the booking records it.
 */

const key = randomBytes(32);
let t: TestDatabase;
let lime: LimeSimulator;
let queue: Queue;
let tenantId: string;
let booking: BookingRow;
const DEAL = '4242';
const workers = killableWorkers('tests/pg/fixtures/crm-worker.ts', () => ({
  DATABASE_URL: t.url as string,
  TEST_SECRET_KEY: key.toString('hex'),
}));
const startWorker = workers.start;

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTenant(t.database)).id;
  lime = await startLimeSimulator({ seed: 9, clients: 3 });
  await mirrorSimulatedPark(t.database, { secrets: createSecretBox(key), tenantId, sim: lime });
  queue = await startQueue(t.database, {
    registry: jobRegistry,
    work: false,
    log: createLogger({ level: 'silent' }),
  });
  const db = t.database.db;
  const hall = await addResource(db, { tenantId, locale: 'ru', input: { kind: 'hall', name: 'Зал' } });
  const good = [...lime.park.goods.values()].find((g) => g.isActive && !g.deleted && g.kind === 'ticket');
  if (!good) throw new Error('the park sells no tickets');
  booking = await createBooking(
    { db, tenantId, locale: 'ru', userId: '1', zone: 'Europe/Moscow' },
    {
      dealId: DEAL,
      draft: draftSchema.parse({
        hallId: hall.id,
        date: '2031-05-01',
        start: '11:00',
        end: '13:00',
        items: [{ goodId: good.id, quantity: 12 }],
      }),
    },
  );
});

afterAll(async () => {
  workers.killAll();
  await queue?.stop({ timeoutMs: 2_000 });
  await lime?.close();
  await t?.drop();
});

const preorders = () => [...lime.park.preorders.values()].filter((p) => p.externalRef?.id === DEAL);
const inserts = () => lime.requests.filter((r) => /\/Preorders\/Insert$/i.test(r.path));

describe('A booking’s pre-order push with the worker killed mid-way (PostgreSQL)', () => {
  it('leaves exactly one pre-order in Lime, recorded on the booking', async () => {
    lime.controls.fault({ path: '/api/Preorders/Insert', kind: 'hang_after_commit' });
    const first = startWorker();
    await first.waitForLine(/^ready$/m);
    await editBooking(
      { enqueue: queue.enqueue },
      { db: t.database.db, tenantId, locale: 'ru', userId: '1', zone: 'Europe/Moscow' },
      {
        bookingId: booking.id,
        version: booking.version,
        edit: { action: 'confirm' },
      },
    );
    await waitUntil(async () => preorders().length === 1, {
      timeoutMs: 60_000,
      what: 'Lime to make the pre-order',
    });
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await getBooking(t.database.db, { tenantId, id: booking.id });
    expect(atKill?.preorderId).toBeNull();

    const second = startWorker();
    await second.waitForLine(/^ready$/m);
    await waitUntil(
      async () => (await getBooking(t.database.db, { tenantId, id: booking.id }))?.preorderId !== null,
      { timeoutMs: 90_000, what: 'the retried push to record the pre-order' },
    );
    const [preorder, ...more] = preorders();
    expect(more).toHaveLength(0);
    expect(preorder?.status).toBe('confirmed');
    expect(inserts().length).toBeGreaterThanOrEqual(2);
    expect(new Set(inserts().map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`bitrix24:${DEAL}:preorder`]),
    );
    const done = await getBooking(t.database.db, { tenantId, id: booking.id });
    expect(done).toMatchObject({
      preorderId: preorder?.id,
      preorderNumber: preorder?.number,
      preorderVersion: done?.version,
    });
  }, 180_000);
});
