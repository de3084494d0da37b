import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResources } from '@/db/queries/resources';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import {
  type BookingApiDeps,
  bookingActionForClaims,
  bookingBoardForClaims,
} from '@/lib/bookings/booking-api';
import { resourceActionForClaims, resourcesForClaims } from '@/lib/bookings/resource-api';
import { createSecretBox } from '@/lib/crypto/secret-box';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The booking and resource APIs as the embedded pages call them, from the embed token's claims
 * only: the board shows the tenant's bookings and marks the card's own; a booking of another deal
 * or another tenant cannot be touched; only admins change halls and staff, and bad input changes
 * nothing. (The CRM is not needed here: no contact is named.)
 */

let t: TestDatabase;
let deps: BookingApiDeps;
let park: string;
let other: string;
const sent: EnqueueRequest[] = [];

const claims = (tenantId: string, over: Partial<EmbedClaims> = {}): EmbedClaims => ({
  tenantId,
  crm: 'amocrm',
  userId: '7',
  admin: false,
  locale: 'ru',
  entity: { type: 'lead', id: '100' },
  hostOrigin: 'https://park.amocrm.ru',
  ...over,
});
const admin = (tenantId: string) => claims(tenantId, { admin: true, entity: null });
const deal = (tenantId: string, id: string) => claims(tenantId, { entity: { type: 'lead', id } });

beforeAll(async () => {
  t = await createTestDatabase();
  park = (await createTenant(t.database, { kind: 'amocrm' })).id;
  other = (await createTenant(t.database, { kind: 'amocrm' })).id;
  deps = {
    database: t.database,
    secrets: createSecretBox(randomBytes(32)),
    allowHttpLoopback: true,
    enqueue: async (job) => {
      sent.push(job);
      return 'job';
    },
  };
});
afterAll(async () => {
  await t?.drop();
});

describe('halls and staff in the settings', () => {
  it('only an admin adds or changes them; a manager is refused and nothing changes', async () => {
    const input = { kind: 'hall', name: 'Зал «Джунгли»', capacity: 20, bufferAfterMin: 30 };
    await expect(
      resourceActionForClaims(deps, claims(park, { entity: null }), { action: 'add', input }),
    ).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect(await listResources(t.database.db, { tenantId: park })).toEqual([]);
    const view = await resourceActionForClaims(deps, admin(park), { action: 'add', input });
    expect(view.resources).toEqual([
      expect.objectContaining({ name: 'Зал «Джунгли»', capacity: 20, bufferAfterMin: 30 }),
    ]);
    // Anyone may look.
    expect((await resourcesForClaims(deps, claims(park))).resources).toHaveLength(1);
  });

  it('refuses a taken name, hours that close before they open and an unknown zone, changing nothing', async () => {
    const add = (input: unknown) => resourceActionForClaims(deps, admin(park), { action: 'add', input });
    await expect(add({ kind: 'hall', name: 'зал «джунгли»' })).rejects.toMatchObject({ status: 409 });
    const backwards = Array.from({ length: 7 }, () => ({ from: '18:00', to: '09:00' }));
    await expect(add({ kind: 'staff', name: 'Аниматор', hours: backwards })).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      resourceActionForClaims(deps, admin(park), { action: 'zone', zone: 'Europe/Atlantis' }),
    ).rejects.toMatchObject({ status: 400 });
    const view = await resourcesForClaims(deps, claims(park));
    expect(view.resources).toHaveLength(1);
    expect(view).toMatchObject({ zone: 'Europe/Moscow', zoneChosen: false });
  });
});

describe('the board and the actions', () => {
  it('show the tenant’s bookings only, the card’s own marked, and refuse another deal’s or tenant’s booking', async () => {
    const [hall] = await listResources(t.database.db, { tenantId: park });
    const draft = { hallId: hall?.id, date: '2031-07-04', start: '15:00', end: '17:00' };
    const mine = (await bookingActionForClaims(deps, deal(park, '100'), { action: 'create', draft })).booking;
    expect(mine).toMatchObject({
      number: 1,
      status: 'held',
      date: '2031-07-04',
      start: '15:00',
      end: '17:00',
    });

    const board = await bookingBoardForClaims(
      deps,
      deal(park, '100'),
      new URLSearchParams({ from: '2031-07-04' }),
    );
    expect(board.booking?.id).toBe(mine.id);
    expect(board.busy).toEqual([
      expect.objectContaining({ bookingId: mine.id, own: true, heldTo: '2031-07-04T14:30:00.000Z' }),
    ]);
    const seenElsewhere = await bookingBoardForClaims(
      deps,
      deal(park, '200'),
      new URLSearchParams({ from: '2031-07-04' }),
    );
    expect(seenElsewhere.booking).toBeNull();
    expect(seenElsewhere.busy.map((b) => b.own)).toEqual([false]);
    const otherTenant = await bookingBoardForClaims(
      deps,
      deal(other, '100'),
      new URLSearchParams({ from: '2031-07-04' }),
    );
    expect(otherTenant).toMatchObject({ booking: null, busy: [], resources: [] });

    const confirm = {
      action: 'edit',
      bookingId: mine.id,
      version: mine.version,
      edit: { action: 'confirm' },
    };
    await expect(bookingActionForClaims(deps, deal(park, '200'), confirm)).rejects.toMatchObject({
      status: 404,
    });
    await expect(bookingActionForClaims(deps, deal(other, '100'), confirm)).rejects.toMatchObject({
      status: 404,
    });
    // Another tenant's hall is "no such hall" for this one.
    await expect(
      bookingActionForClaims(deps, deal(other, '300'), { action: 'create', draft }),
    ).rejects.toMatchObject({ status: 422 });
    expect(sent).toHaveLength(0);
    const confirmed = (await bookingActionForClaims(deps, deal(park, '100'), confirm)).booking;
    expect(confirmed.status).toBe('confirmed');
    expect(sent.map((j) => j.kind)).toContain('booking.preorder.push');
  });

  it('refuses a frame that shows no deal, and a malformed form, in the host’s language', async () => {
    await expect(
      bookingBoardForClaims(
        deps,
        claims(park, { entity: { type: 'contact', id: '5' } }),
        new URLSearchParams(),
      ),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      bookingActionForClaims(deps, deal(park, '100'), { action: 'create', draft: { date: 'tomorrow' } }),
    ).rejects.toMatchObject({ status: 400, message: 'Форма брони заполнена не полностью' });
    await expect(
      bookingActionForClaims(deps, claims(park, { locale: 'en' }), { action: 'launch' }),
    ).rejects.toMatchObject({ status: 400, message: 'The booking form is incomplete' });
  });
});
