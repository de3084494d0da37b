import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyRanges } from '@/db/queries/bookings';
import { type BookingDraft, createBooking, draftSchema, editBooking } from '@/lib/bookings/booking-service';
import { BookingConflictError, BookingRefusedError, BookingStateError } from '@/lib/bookings/errors';
import { addResource } from '@/lib/bookings/resource-service';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Bookings are safe under concurrency (issue 7, DESIGN.md): the exclusion constraint, not the
 * code, keeps a hall or a staff member from being held twice at overlapping times — 200 attempts
 * at once make exactly one booking, on PGlite and (npm run test:pg) on PostgreSQL; ranges are
 * half-open; buffers widen what a resource holds; the venue's wall clock survives daylight saving.
 */

let test: TestDatabase;
let tenantId: string;
const sent: EnqueueRequest[] = [];
const deps = () => ({
  enqueue: async (job: EnqueueRequest) => {
    sent.push(job);
    return 'job';
  },
});
const actor = (zone = 'Europe/Moscow', locale: 'ru' | 'en' = 'ru') => ({
  db: test.database.db,
  tenantId,
  locale,
  userId: '1',
  zone,
});
let deal = 1000;
const draft = (input: Partial<BookingDraft> & { hallId: string }): BookingDraft =>
  draftSchema.parse({ date: '2026-12-05', start: '10:00', end: '12:00', ...input });

async function resource(kind: 'hall' | 'staff', name: string, extra: Record<string, unknown> = {}) {
  return addResource(test.database.db, { tenantId, locale: 'ru', input: { kind, name, ...extra } });
}

beforeAll(async () => {
  test = await createTestDatabase({ max: 20 });
  tenantId = (await createTenant(test.database)).id;
});
afterAll(async () => {
  await test?.drop();
});

describe('200 concurrent attempts', () => {
  it('for overlapping times of one hall make exactly one booking', async () => {
    const hall = await resource('hall', 'Большой зал', { capacity: 30 });
    const attempts = Array.from({ length: 200 }, (_, i) =>
      createBooking(actor(), {
        dealId: String(++deal),
        // Every range overlaps 11:00–11:30, so any two of them collide.
        draft: draft({ hallId: hall.id, start: i % 2 ? '10:00' : '11:00', end: i % 3 ? '12:00' : '11:30' }),
      }),
    );
    const results = await Promise.allSettled(attempts);
    const made = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(199);
    expect(refused.every((e) => e instanceof BookingConflictError)).toBe(true);
    const held = await busyRanges(test.database.db, {
      tenantId,
      from: new Date('2026-12-05T00:00:00Z'),
      to: new Date('2026-12-06T00:00:00Z'),
      resourceIds: [hall.id],
    });
    expect(held).toHaveLength(1);
  });

  it('for one staff member shared by two halls make exactly one booking', async () => {
    const [a, b] = [await resource('hall', 'Зал А'), await resource('hall', 'Зал Б')];
    const animator = await resource('staff', 'Аниматор Маша');
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        createBooking(actor(), {
          dealId: String(++deal),
          draft: draft({ hallId: i % 2 ? a.id : b.id, staffIds: [animator.id], date: '2026-12-06' }),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    // The hall of the other half was free: what they hit is the animator, named as such.
    expect(
      reasons.some((e) => e instanceof BookingConflictError && e.message.includes('Аниматор Маша')),
    ).toBe(true);
    expect(reasons.every((e) => e instanceof BookingConflictError)).toBe(true);
  });
});

describe('booking numbers', () => {
  it('count per tenant from 1, and a refused booking gives its number back', async () => {
    const other = (await createTenant(test.database)).id;
    const hall = await addResource(test.database.db, {
      tenantId: other,
      locale: 'ru',
      input: { kind: 'hall', name: 'Зал другого парка' },
    });
    const book = (dealId: string, start: string, end: string) =>
      createBooking(
        { ...actor(), tenantId: other },
        { dealId, draft: draft({ hallId: hall.id, date: '2026-12-10', start, end }) },
      );
    expect((await book('1', '10:00', '12:00')).number).toBe(1);
    await expect(book('2', '11:00', '13:00')).rejects.toBeInstanceOf(BookingConflictError);
    expect((await book('3', '12:00', '14:00')).number).toBe(2);
  });
});

describe('ranges and buffers', () => {
  it('with zero buffer, [10:00, 12:00) and [12:00, 14:00) are both accepted', async () => {
    const hall = await resource('hall', 'Зал без перерыва');
    await createBooking(actor(), { dealId: String(++deal), draft: draft({ hallId: hall.id }) });
    const second = await createBooking(actor(), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id, start: '12:00', end: '14:00' }),
    });
    expect(second.status).toBe('held');
  });

  it('with a 30-minute buffer the second is refused, naming the booking in the way', async () => {
    const hall = await resource('hall', 'Зал с уборкой', { bufferAfterMin: 30 });
    const first = await createBooking(actor(), {
      dealId: '555001',
      draft: draft({ hallId: hall.id }),
    });
    const error = await createBooking(actor(), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id, start: '12:00', end: '14:00' }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BookingConflictError);
    expect(error.status).toBe(409);
    expect(error.message).toBe(
      `Зал «Зал с уборкой» уже занят 5 декабря с 10:00 до 12:00: бронь №${first.number}, сделка 555001 (с учётом перерыва 30 мин между бронями).`,
    );
    // 12:30 is free again.
    await createBooking(actor(), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id, start: '12:30', end: '14:00' }),
    });
  });

  it('a cancelled booking frees its time; a restored one takes it again only if still free', async () => {
    const hall = await resource('hall', 'Зал для отмены');
    const first = await createBooking(actor(), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id }),
    });
    const cancelled = await editBooking(deps(), actor(), {
      bookingId: first.id,
      version: first.version,
      edit: { action: 'cancel' },
    });
    expect(cancelled.status).toBe('cancelled');
    const second = await createBooking(actor(), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id }),
    });
    const restore = await editBooking(deps(), actor('Europe/Moscow', 'en'), {
      bookingId: first.id,
      version: cancelled.version,
      edit: { action: 'restore' },
    }).catch((e) => e);
    expect(restore).toBeInstanceOf(BookingConflictError);
    expect(restore.message).toContain(`booking #${second.number}`);
  });

  it('refuses a change made to a version the page no longer shows, and hours the hall is closed', async () => {
    const hall = await resource('hall', 'Зал до шести', {
      hours: Array.from({ length: 7 }, () => ({ from: '09:00', to: '18:00' })),
    });
    const booking = await createBooking(actor(), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id }),
    });
    const moved = await editBooking(deps(), actor(), {
      bookingId: booking.id,
      version: booking.version,
      edit: { action: 'shift', days: 1 },
    });
    const stale = await editBooking(deps(), actor(), {
      bookingId: booking.id,
      version: booking.version,
      edit: { action: 'shift', days: 1 },
    }).catch((e) => e);
    expect(stale).toBeInstanceOf(BookingStateError);
    const late = await editBooking(deps(), actor(), {
      bookingId: booking.id,
      version: moved.version,
      edit: {
        action: 'reschedule',
        when: { hallId: hall.id, staffIds: [], date: '2026-12-07', start: '17:00', end: '19:00' },
      },
    }).catch((e) => e);
    expect(late).toBeInstanceOf(BookingRefusedError);
    expect(late.message).toContain('не работает');
  });

  it('confirming sends the pre-order push; a held booking sends nothing', async () => {
    const hall = await resource('hall', 'Зал для подтверждения');
    sent.length = 0;
    const booking = await createBooking(actor(), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id }),
    });
    expect(sent).toHaveLength(0);
    const confirmed = await editBooking(deps(), actor(), {
      bookingId: booking.id,
      version: booking.version,
      edit: { action: 'confirm' },
    });
    expect(confirmed.confirmedAt).not.toBeNull();
    expect(sent.map((j) => j.kind)).toEqual(['booking.preorder.push']);
  });
});

describe('daylight saving in Europe/Berlin (clocks go forward 29 March 2026, back 25 October 2026)', () => {
  const zone = 'Europe/Berlin';
  const local = (d: Date) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(d);

  it('a booking after the change keeps its wall-clock times, at the summer offset', async () => {
    const hall = await resource('hall', 'Berlin 1');
    const b = await createBooking(actor(zone), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id, date: '2026-03-30', start: '10:00', end: '12:00' }),
    });
    expect(b.startsAt.toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(local(b.startsAt)).toBe('30/03/2026, 10:00');
  });

  it('a booking moved by a day across the change still starts at 10:00 local', async () => {
    const hall = await resource('hall', 'Berlin 2');
    const b = await createBooking(actor(zone), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id, date: '2026-03-28', start: '10:00', end: '12:00' }),
    });
    expect(b.startsAt.toISOString()).toBe('2026-03-28T09:00:00.000Z');
    const moved = await editBooking(deps(), actor(zone), {
      bookingId: b.id,
      version: b.version,
      edit: { action: 'shift', days: 2 },
    });
    expect(moved.startsAt.toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(local(moved.startsAt)).toBe('30/03/2026, 10:00');
    expect(local(moved.endsAt)).toBe('30/03/2026, 12:00');
  });

  it('a booking spanning the change lasts its real hours (01:00–04:00 is two hours that night)', async () => {
    const hall = await resource('hall', 'Berlin 3');
    const b = await createBooking(actor(zone), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id, date: '2026-03-29', start: '01:00', end: '04:00' }),
    });
    expect((b.endsAt.getTime() - b.startsAt.getTime()) / 3600_000).toBe(2);
    expect(local(b.endsAt)).toBe('29/03/2026, 04:00');
    // In autumn the same wall-clock span lasts four hours.
    const autumn = await createBooking(actor(zone), {
      dealId: String(++deal),
      draft: draft({ hallId: hall.id, date: '2026-10-25', start: '01:00', end: '04:00' }),
    });
    expect((autumn.endsAt.getTime() - autumn.startsAt.getTime()) / 3600_000).toBe(4);
  });

  it('a local time that does not exist that day is refused in words, and nothing is stored', async () => {
    const hall = await resource('hall', 'Berlin 4');
    const error = await createBooking(actor(zone), {
      dealId: '777001',
      draft: draft({ hallId: hall.id, date: '2026-03-29', start: '02:30', end: '05:00' }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BookingRefusedError);
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      '2026-03-29 времени 02:30 нет: в этот день часы переводят (Europe/Berlin). Выберите другое время.',
    );
    const held = await busyRanges(test.database.db, {
      tenantId,
      from: new Date('2026-03-28T00:00:00Z'),
      to: new Date('2026-03-30T00:00:00Z'),
      resourceIds: [hall.id],
    });
    expect(held).toHaveLength(0);
  });
});
