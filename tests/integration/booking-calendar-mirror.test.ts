import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBookingMirrorId } from '@/db/queries/booking-mirror';
import { getBooking } from '@/db/queries/bookings';
import { listJournal } from '@/db/queries/journal';
import { listResources, setResourceMirrorId } from '@/db/queries/resources';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { bookingActionForClaims } from '@/lib/bookings/booking-api';
import { calendarMirrorJob } from '@/lib/bookings/calendar-mirror';
import { BookingConflictError } from '@/lib/bookings/errors';
import { resourceActionForClaims } from '@/lib/bookings/resource-api';
import { APP_SCOPES } from '@/lib/crm/bitrix24/setup';
import { setSetting } from '@/lib/settings/settings';
import type { Bitrix24SimulatorOptions } from '@/lib/simulators/bitrix24';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../support/bitrix24-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Halls, staff and bookings mirrored into Bitrix24's booking calendar (booking.v1) by the job the
 * booking and settings actions send, over the Bitrix24 simulator: the calendar gets the resources
 * with their hours as slots in the venue's zone and each booking at its instants and zone, with
 * its deal and contact; a move updates it, a cancel removes it; running again writes nothing; an
 * attempt that died before recording an id makes nothing twice; a booking our database refused is
 * never sent; a portal without the module is probed once, journalled once and left alone.
 */

const ZONE = 'Asia/Yekaterinburg';
const WEEKDAYS = { from: '10:00', to: '22:00' };
const WEEKEND = { from: '09:00', to: '24:00' };
const HOURS = [WEEKDAYS, WEEKDAYS, WEEKDAYS, WEEKDAYS, WEEKDAYS, WEEKEND, WEEKEND];
const BOOKING_WRITES = /booking\.v1\.[A-Za-z.]*\.(add|update|delete|set)\b/g;

interface Portal {
  h: Bitrix24Harness;
  tenantId: string;
  claims(dealId: string | null): EmbedClaims;
  /** What the embed routes hand the booking and settings actions (the runtime's database, queue and CRM app). */
  deps: Bitrix24Harness['deps'] & { bitrix24App: typeof TEST_APP };
  /** booking.v1 writes the portal took (each command of a batch counts). */
  writes(): number;
  /** Every booking.v1 call (batch commands included). */
  bookingCalls(): number;
}

async function startPortal(
  t: TestDatabase,
  seed: number,
  sim: Partial<Bitrix24SimulatorOptions> = {},
): Promise<Portal> {
  // The whole flow takes more requests than the real 50-request burst: the portal's bucket is widened.
  const h = await startBitrix24Harness(t.database, {
    sim: { seed, limits: { rate: 50, burst: 500 }, ...sim },
  });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  await h.runJobs();
  const tenantId = (await h.tenant())?.id as string;
  const bodies = () =>
    h.sim.requests
      .filter((r) => r.server === 'portal' && r.status === 200)
      .map((r) => `${r.path} ${decodeURIComponent(r.body)}`);
  return {
    h,
    tenantId,
    deps: Object.assign(h.deps, { bitrix24App: TEST_APP }),
    claims: (dealId) => ({
      tenantId,
      crm: 'bitrix24',
      userId: '1',
      admin: true,
      locale: 'ru',
      entity: dealId ? { type: 'deal', id: dealId } : null,
      hostOrigin: h.sim.portalUrl,
    }),
    writes: () => bodies().reduce((n, text) => n + (text.match(BOOKING_WRITES) ?? []).length, 0),
    bookingCalls: () =>
      h.sim.requests
        .filter((r) => r.server === 'portal')
        .reduce(
          (n, r) => n + (`${r.path} ${decodeURIComponent(r.body)}`.match(/booking\.v1\./g) ?? []).length,
          0,
        ),
  };
}

async function addResource(p: Portal, input: Record<string, unknown>): Promise<string> {
  const view = await resourceActionForClaims(p.deps, p.claims(null), { action: 'add', input });
  return view.resources.find((r) => r.name === input.name)?.id as string;
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('bookings mirrored into the Bitrix24 booking calendar', () => {
  let t: TestDatabase;
  let p: Portal;
  let hallId: string;
  let staffId: string;
  let dealId: string;
  let contactId: string;
  let bookingId: string;
  let version: number;

  const book = (deal: string, draft: Record<string, unknown>) =>
    bookingActionForClaims(p.deps, p.claims(deal), { action: 'create', draft });
  const edit = async (edit: Record<string, unknown>) => {
    const { booking } = await bookingActionForClaims(p.deps, p.claims(dealId), {
      action: 'edit',
      bookingId,
      version,
      edit,
    });
    version = booking.version;
    return booking;
  };
  const calendar = () => p.h.sim.state.booking;

  beforeAll(async () => {
    t = await createTestDatabase();
    p = await startPortal(t, 911);
    await resourceActionForClaims(p.deps, p.claims(null), { action: 'zone', zone: ZONE });
    hallId = await addResource(p, { kind: 'hall', name: 'Зал «Джунгли»', capacity: 20, hours: HOURS });
    staffId = await addResource(p, { kind: 'staff', name: 'Аниматор Маша', hours: HOURS });
    dealId = String(await p.h.sim.controls.addDeal({ TITLE: 'День рождения' }));
    contactId = String(await p.h.sim.controls.addContact({ NAME: 'Анна' }));
  });
  afterAll(async () => {
    await p?.h.close();
    await t?.drop();
  });

  it('mirrors halls and staff with their hours as slots in the venue zone, ids recorded', async () => {
    await p.h.runJobs();
    const types = calendar().resourceTypes;
    expect(types.map((x) => x.code).sort()).toEqual(['lime_hall', 'lime_staff']);
    const ours = await listResources(t.database.db, { tenantId: p.tenantId });
    const hall = ours.find((r) => r.id === hallId);
    const staff = ours.find((r) => r.id === staffId);
    const inCalendar = (id: string | null | undefined) =>
      calendar().resources.find((r) => String(r.id) === id);
    expect(inCalendar(hall?.crmMirrorId)).toMatchObject({
      name: 'Зал «Джунгли»',
      description: 'До 20 гостей',
      typeId: types.find((x) => x.code === 'lime_hall')?.id,
    });
    expect(inCalendar(hall?.crmMirrorId)?.settings.isInfoNotificationOn).toBe('N');
    expect(inCalendar(staff?.crmMirrorId)).toMatchObject({
      name: 'Аниматор Маша',
      typeId: types.find((x) => x.code === 'lime_staff')?.id,
    });
    expect(calendar().resources).toHaveLength(2);
    const slots = calendar().slotsOf(Number(hall?.crmMirrorId));
    expect(slots.map(({ id: _id, ...s }) => s)).toEqual([
      { from: 600, to: 1320, timezone: ZONE, weekDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], slotSize: 30 },
      { from: 540, to: 1440, timezone: ZONE, weekDays: ['Sat', 'Sun'], slotSize: 30 },
    ]);
  });

  it('mirrors a booking at its instants and zone, with its deal and contact; a move updates the same one', async () => {
    const { booking } = await book(dealId, {
      hallId,
      staffIds: [staffId],
      date: '2026-12-05',
      start: '14:00',
      end: '16:30',
      contactId,
      comment: 'Торт свой',
    });
    bookingId = booking.id;
    version = booking.version;
    await p.h.runJobs();
    const row = await getBooking(t.database.db, { tenantId: p.tenantId, id: bookingId });
    const ours = await listResources(t.database.db, { tenantId: p.tenantId });
    const mirrorOf = (id: string) => Number(ours.find((r) => r.id === id)?.crmMirrorId);
    expect(calendar().bookings).toHaveLength(1);
    const [mirrored] = calendar().bookings;
    expect(String(mirrored?.id)).toBe(row?.crmMirrorId);
    expect(mirrored).toMatchObject({
      name: `Бронь №${booking.number} (не подтверждена)`,
      description: `Сделка №${dealId}\nТорт свой`,
      resourceIds: [mirrorOf(hallId), mirrorOf(staffId)].sort((a, b) => a - b),
      // 14:00 in Yekaterinburg (UTC+5) is 09:00 UTC.
      from: { timestamp: seconds('2026-12-05T09:00:00Z'), timezone: ZONE },
      to: { timestamp: seconds('2026-12-05T11:30:00Z'), timezone: ZONE },
      clients: [{ id: Number(contactId), module: 'crm', code: 'CONTACT' }],
      externalData: [{ moduleId: 'crm', entityTypeId: 'DEAL', value: dealId }],
    });

    await edit({
      action: 'reschedule',
      when: { hallId, staffIds: [], date: '2026-12-06', start: '11:00', end: '13:00' },
    });
    await p.h.runJobs();
    expect(calendar().bookings).toHaveLength(1);
    expect(calendar().bookings[0]).toMatchObject({
      id: mirrored?.id,
      resourceIds: [mirrorOf(hallId)],
      from: { timestamp: seconds('2026-12-06T06:00:00Z'), timezone: ZONE },
      to: { timestamp: seconds('2026-12-06T08:00:00Z'), timezone: ZONE },
    });
    await edit({ action: 'confirm' });
    await p.h.runJobs({ kinds: ['booking.calendar.mirror'] });
    expect(calendar().bookings[0]?.name).toBe(`Бронь №${booking.number}`);
  });

  it('writes nothing when run again, and makes nothing twice after an attempt died before recording ids', async () => {
    const before = p.writes();
    await p.deps.enqueue(calendarMirrorJob(p.tenantId, { resources: true }));
    await p.deps.enqueue(calendarMirrorJob(p.tenantId, { bookingId }));
    await p.h.runJobs({ kinds: ['booking.calendar.mirror'] });
    expect(p.writes()).toBe(before);

    // The calendar made them, the worker died before our database recorded their ids.
    const db = t.database.db;
    for (const r of await listResources(db, { tenantId: p.tenantId })) {
      await setResourceMirrorId(db, { tenantId: p.tenantId, id: r.id, crmMirrorId: null });
    }
    await setBookingMirrorId(db, { tenantId: p.tenantId, id: bookingId, crmMirrorId: null });
    await p.deps.enqueue(calendarMirrorJob(p.tenantId, { resources: true }));
    await p.h.runJobs({ kinds: ['booking.calendar.mirror'] });
    expect(calendar().resources).toHaveLength(2);
    expect(calendar().bookings).toHaveLength(1);
    expect(p.writes()).toBe(before);
    const row = await getBooking(db, { tenantId: p.tenantId, id: bookingId });
    expect(row?.crmMirrorId).toBe(String(calendar().bookings[0]?.id));
    expect((await listResources(db, { tenantId: p.tenantId })).every((r) => r.crmMirrorId !== null)).toBe(
      true,
    );
  });

  it('never sends a booking our database refused: the conflict is ours, the calendar is not asked', async () => {
    const otherDeal = String(await p.h.sim.controls.addDeal({ TITLE: 'Выпускной' }));
    const jobs = p.h.jobs.length;
    const calls = p.bookingCalls();
    await expect(
      book(otherDeal, { hallId, date: '2026-12-06', start: '12:00', end: '14:00' }),
    ).rejects.toBeInstanceOf(BookingConflictError);
    expect(p.h.jobs.length).toBe(jobs);
    await p.h.runJobs();
    expect(p.bookingCalls()).toBe(calls);
    expect(calendar().bookings).toHaveLength(1);
  });

  it('follows hours and names changed in the settings, and removes a cancelled booking', async () => {
    await resourceActionForClaims(p.deps, p.claims(null), {
      action: 'change',
      id: hallId,
      patch: { name: 'Зал «Саванна»', hours: HOURS.map(() => ({ from: '08:00', to: '20:00' })) },
    });
    await p.h.runJobs();
    const hall = (await listResources(t.database.db, { tenantId: p.tenantId })).find((r) => r.id === hallId);
    const mirrored = calendar().resources.find((r) => String(r.id) === hall?.crmMirrorId);
    expect(mirrored?.name).toBe('Зал «Саванна»');
    expect(
      calendar()
        .slotsOf(Number(hall?.crmMirrorId))
        .map((s) => [s.from, s.to, s.weekDays.length]),
    ).toEqual([[480, 1200, 7]]);
    expect(calendar().resources).toHaveLength(2);

    await edit({ action: 'cancel' });
    await p.h.runJobs();
    expect(calendar().bookings).toHaveLength(0);
    expect(
      (await getBooking(t.database.db, { tenantId: p.tenantId, id: bookingId }))?.crmMirrorId,
    ).toBeNull();
    const journal = await listJournal(t.database.db, { tenantId: p.tenantId });
    expect(
      journal.filter((j) => j.operation === 'booking.calendar.mirror' && j.status === 'ok').length,
    ).toBeGreaterThan(0);
    expect(journal.filter((j) => j.operation === 'booking.calendar.mirror' && j.status !== 'ok')).toEqual([]);
  });
});

const NO_BOOKING_SCOPE = { ...TEST_APP, scope: APP_SCOPES.filter((scope) => scope !== 'booking') };

for (const [what, sim] of [
  ['without the booking module', { bookingModule: false }],
  ['that installed the app without the booking scope', { app: NO_BOOKING_SCOPE }],
] as const) {
  describe(`a Bitrix24 portal ${what}`, () => {
    let t: TestDatabase;
    let p: Portal;
    afterAll(async () => {
      await p?.h.close();
      await t?.drop();
    });
    beforeAll(async () => {
      t = await createTestDatabase();
      p = await startPortal(t, 912, sim);
    });

    it('is probed once, journalled once as skipped, and asked nothing more', async () => {
      const hallId = await addResource(p, { kind: 'hall', name: 'Зал «Остров»', hours: HOURS });
      await p.h.runJobs();
      expect(p.bookingCalls()).toBe(1);
      const dealId = String(await p.h.sim.controls.addDeal({ TITLE: 'Квест' }));
      const { booking } = await bookingActionForClaims(p.deps, p.claims(dealId), {
        action: 'create',
        draft: { hallId, date: '2026-12-07', start: '12:00', end: '14:00' },
      });
      await bookingActionForClaims(p.deps, p.claims(dealId), {
        action: 'edit',
        bookingId: booking.id,
        version: booking.version,
        edit: { action: 'shift', days: 1 },
      });
      await p.h.runJobs();
      expect(p.bookingCalls()).toBe(1);
      const skipped = (await listJournal(t.database.db, { tenantId: p.tenantId })).filter(
        (j) => j.operation === 'booking.calendar.mirror',
      );
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toMatchObject({
        status: 'skipped',
        error: expect.stringContaining('no booking calendar'),
      });
      expect(
        (await getBooking(t.database.db, { tenantId: p.tenantId, id: booking.id }))?.crmMirrorId,
      ).toBeNull();
    });
  });
}

describe('a portal that gets the booking module later', () => {
  let t: TestDatabase;
  let p: Portal;
  afterAll(async () => {
    await p?.h.close();
    await t?.drop();
  });

  it('is asked again a day after it had none, and then gets what it missed', async () => {
    t = await createTestDatabase();
    p = await startPortal(t, 913, { bookingModule: false });
    const hallId = await addResource(p, { kind: 'hall', name: 'Зал «Вулкан»', hours: HOURS });
    const dealId = String(await p.h.sim.controls.addDeal({ TITLE: 'Праздник' }));
    await bookingActionForClaims(p.deps, p.claims(dealId), {
      action: 'create',
      draft: { hallId, date: '2026-12-08', start: '12:00', end: '14:00' },
    });
    await p.h.runJobs();
    p.h.sim.controls.setBookingModule(true);
    await p.deps.enqueue(calendarMirrorJob(p.tenantId, { resources: true }));
    await p.h.runJobs();
    expect(p.h.sim.state.booking.bookings).toHaveLength(0);
    const checkedAt = new Date(Date.now() - 25 * 3600_000).toISOString();
    await setSetting(t.database.db, {
      tenantId: p.tenantId,
      key: 'bitrix24CalendarMirror',
      value: { available: false, checkedAt },
    });
    await p.deps.enqueue(calendarMirrorJob(p.tenantId, { resources: true }));
    await p.h.runJobs();
    expect(p.h.sim.state.booking.resources.map((r) => r.name)).toEqual(['Зал «Вулкан»']);
    expect(p.h.sim.state.booking.bookings).toHaveLength(1);
    expect(p.h.sim.state.booking.bookings[0]?.externalData).toEqual([
      { moduleId: 'crm', entityTypeId: 'DEAL', value: dealId },
    ]);
  });
});
