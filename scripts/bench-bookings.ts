/**
 * Booking benchmark (npm run bench, on PostgreSQL): 50 clients at once, each making bookings one
 * after another — a random hall of 20 and, for half of them, one of 10 staff, 2 hours on a random
 * hour of a random day of a fortnight — through the booking service (the code behind
 * POST /api/embed/bookings, without HTTP) on a pool of 10 connections, as a web process has. Many
 * attempts collide, as managers racing for Saturdays do (and, first, one client alone for the
 * uncontended latency). Prints the latency p50/p99 of accepted
 * and refused attempts, the throughput, and checks the database holds no overlap afterwards.
 * BENCH_BOOKING_CLIENTS and BENCH_BOOKING_ATTEMPTS change the load.
 */
import { performance } from 'node:perf_hooks';
import { createBooking, draftSchema } from '@/lib/bookings/booking-service';
import { BookingConflictError } from '@/lib/bookings/errors';
import { addResource } from '@/lib/bookings/resource-service';
import { createTenant, createTestDatabase } from '@/tests/support/test-database';

const CLIENTS = Number(process.env.BENCH_BOOKING_CLIENTS ?? 50);
const ATTEMPTS = Number(process.env.BENCH_BOOKING_ATTEMPTS ?? 40);
const HALLS = 20;
const STAFF = 10;
const DAYS = 14;

if (!process.env.DATABASE_URL)
  throw new Error('bench-bookings runs on PostgreSQL: bash scripts/with-postgres.sh …');

const t = await createTestDatabase({ max: 10 });
const db = t.database.db;
const tenantId = (await createTenant(t.database)).id;
const scope = { tenantId, locale: 'ru' as const };
const halls = await Promise.all(
  Array.from({ length: HALLS }, (_, i) =>
    addResource(db, { ...scope, input: { kind: 'hall', name: `Зал ${i + 1}` } }),
  ),
);
const staff = await Promise.all(
  Array.from({ length: STAFF }, (_, i) =>
    addResource(db, { ...scope, input: { kind: 'staff', name: `Аниматор ${i + 1}`, bufferAfterMin: 15 } }),
  ),
);
const actor = { db, tenantId, locale: 'ru' as const, userId: '1', zone: 'Europe/Moscow' };
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T;
const pad = (n: number) => String(n).padStart(2, '0');

let deal = 0;
/** `clients` at once, each making `attempts` bookings in turn: their latencies, accepted and refused. */
async function race(clients: number, attempts: number, month: string) {
  const accepted: number[] = [];
  const refused: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < attempts; i++) {
        const hour = 9 + Math.floor(Math.random() * 10);
        const draft = draftSchema.parse({
          hallId: pick(halls).id,
          staffIds: Math.random() < 0.5 ? [pick(staff).id] : [],
          date: `2031-${month}-${pad(1 + Math.floor(Math.random() * DAYS))}`,
          start: `${pad(hour)}:00`,
          end: `${pad(hour + 2)}:00`,
        });
        const at = performance.now();
        try {
          await createBooking(actor, { dealId: String(++deal), draft });
          accepted.push(performance.now() - at);
        } catch (error) {
          if (!(error instanceof BookingConflictError)) throw error;
          refused.push(performance.now() - at);
        }
      }
    }),
  );
  return { accepted, refused, seconds: (performance.now() - started) / 1000 };
}

const alone = await race(1, 200, '05');
const { accepted, refused, seconds } = await race(CLIENTS, ATTEMPTS, '06');

const overlaps = await t.database.query<{ n: string }>(
  `select count(*) as n from booking_resources a join booking_resources b
     on a.resource_id = b.resource_id and a.booking_id < b.booking_id
    and a.status <> 'cancelled' and b.status <> 'cancelled'
    and tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')`,
);
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const total = accepted.length + refused.length;
const all = (r: { accepted: number[]; refused: number[] }) => [...r.accepted, ...r.refused];
console.log(
  `Bookings on PostgreSQL, one client alone × 200: p50 ${ms(quantile(all(alone), 0.5))}, p99 ${ms(quantile(all(alone), 0.99))}`,
);
console.log(`Bookings on PostgreSQL: ${CLIENTS} concurrent clients × ${ATTEMPTS} attempts, pool of 10`);
console.log(
  `  accepted ${accepted.length}: p50 ${ms(quantile(accepted, 0.5))}, p99 ${ms(quantile(accepted, 0.99))}`,
);
console.log(
  `  refused (409, booking named) ${refused.length}: p50 ${ms(quantile(refused, 0.5))}, p99 ${ms(quantile(refused, 0.99))}`,
);
console.log(
  `  all ${total}: p50 ${ms(quantile([...accepted, ...refused], 0.5))}, p99 ${ms(quantile([...accepted, ...refused], 0.99))}; ${(total / seconds).toFixed(0)} attempts/s over ${seconds.toFixed(1)} s`,
);
console.log(`  overlapping live rows afterwards: ${overlaps.rows[0]?.n} (must be 0)`);
console.log(`  memory: rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
await t.drop();
if (Number(overlaps.rows[0]?.n) !== 0) process.exit(1);
