import type { Database } from '@/db/client';
import { listBookingsToMirror, setBookingMirrorId } from '@/db/queries/booking-mirror';
import { type BookingRow, getBooking, resourceIdsOf } from '@/db/queries/bookings';
import { appendJournal } from '@/db/queries/journal';
import { listResources, type ResourceRow, setResourceMirrorId } from '@/db/queries/resources';
import { type CrmCalendarMirror, CrmCalendarUnavailableError } from '@/lib/crm/crm-calendar';
import type { CrmPort } from '@/lib/crm/crm-port';
import { type CalendarMirrorWords, calendarMirrorWords } from '@/lib/i18n/calendar-mirror-words';
import { coalescedJobId, type EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting, setSetting } from '@/lib/settings/settings';
import { venueZone } from './booking-rules';
import { CALENDAR_MIRROR_JOB } from './job-names';

/**
 * Our halls, staff and bookings → the CRM's own booking calendar (Bitrix24 booking.v1, where the
 * portal has it; docs/bitrix24-booking.md), in the tenant's Bitrix24 lane. Our database stays the
 * authority: the job copies what it holds when it runs — a booking the database refused never
 * exists here, so it is never sent — and the calendar's ids go back into resources.crm_mirror_id
 * and bookings.crm_mirror_id. Every write is an upsert that reads first (CrmCalendarMirror), so a
 * job sent twice, or retried after dying before it recorded an id, writes nothing twice.
 *
 * A portal without the calendar is noted once in the journal (skipped) and not asked again for a
 * day; until then the job makes no call at all.
 */

const OPERATION = 'booking.calendar.mirror';
const RECHECK_MS = 24 * 3600_000;
/** Bookings a full run mirrors before it hands the rest to the next job. */
const FULL_RUN_LIMIT = 50;

export interface MirrorRequest {
  tenantId: string;
  /** One booking changed (created, moved, confirmed, cancelled, …). */
  bookingId?: string;
  /** Halls or staff changed (or the venue's zone): all of them, then the bookings owed. */
  resources?: boolean;
}

export interface MirrorOutcome {
  status: 'no-calendar' | 'unavailable' | 'mirrored';
  created: number;
  written: number;
  deleted: number;
  /** A full run left bookings for the next job. */
  more: boolean;
}

/** The mirror job for a change: coalesced per subject and second, run once that second is over. */
export function calendarMirrorJob(
  tenantId: string,
  what: Pick<MirrorRequest, 'bookingId' | 'resources'>,
  now = Date.now(),
): EnqueueRequest {
  const subject = what.bookingId ?? (what.resources ? 'resources' : 'owed');
  return {
    kind: CALENDAR_MIRROR_JOB,
    tenantId,
    payload: what,
    id: coalescedJobId(`${CALENDAR_MIRROR_JOB}:${subject}`, tenantId, now),
    startAfter: new Date((Math.floor(now / 1000) + 1) * 1000),
  };
}

export async function mirrorToCalendar(
  deps: { database: Database; crm: CrmPort; now?: () => Date },
  request: MirrorRequest,
): Promise<MirrorOutcome> {
  const outcome: MirrorOutcome = { status: 'no-calendar', created: 0, written: 0, deleted: 0, more: false };
  const calendar = deps.crm.calendar;
  if (!calendar) return outcome;
  const db = deps.database.db;
  const now = deps.now?.() ?? new Date();
  const { tenantId } = request;
  const seen = await getSetting(db, { tenantId, key: 'bitrix24CalendarMirror' });
  if (seen?.available === false && now.getTime() - Date.parse(seen.checkedAt) < RECHECK_MS) {
    return { ...outcome, status: 'unavailable' };
  }
  const unavailable = async (reason: string) => {
    await setSetting(db, {
      tenantId,
      key: 'bitrix24CalendarMirror',
      value: { available: false, checkedAt: now.toISOString() },
    });
    if (seen?.available !== false) {
      await appendJournal(db, {
        tenantId,
        direction: 'internal',
        operation: OPERATION,
        status: 'skipped',
        error: reason,
      });
    }
    return { ...outcome, status: 'unavailable' as const };
  };
  if (seen?.available !== true) {
    if (!(await calendar.available())) {
      return unavailable(
        'The portal has no booking calendar for the app (no booking module, or the app lacks the booking scope): bookings are not shown in Bitrix24',
      );
    }
    await setSetting(db, {
      tenantId,
      key: 'bitrix24CalendarMirror',
      value: { available: true, checkedAt: now.toISOString() },
    });
  }
  const run = {
    deps,
    calendar,
    tenantId,
    now,
    outcome,
    words: calendarMirrorWords(await getSetting(db, { tenantId, key: 'locale' })),
  };
  try {
    await mirror(run, request);
  } catch (error) {
    if (error instanceof CrmCalendarUnavailableError) return unavailable(error.message);
    throw error;
  }
  outcome.status = 'mirrored';
  if (outcome.created + outcome.written + outcome.deleted > 0) {
    const { created, written, deleted } = outcome;
    await appendJournal(db, {
      tenantId,
      direction: 'internal',
      operation: OPERATION,
      status: 'ok',
      details: { created, written, deleted },
    });
  }
  return outcome;
}

interface Run {
  deps: { database: Database };
  calendar: CrmCalendarMirror;
  tenantId: string;
  now: Date;
  outcome: MirrorOutcome;
  words: CalendarMirrorWords;
}

async function mirror(run: Run, request: MirrorRequest): Promise<void> {
  const db = run.deps.database.db;
  const scope = { tenantId: run.tenantId };
  let resources = await listResources(db, { ...scope, includeArchived: true });
  const booking = request.bookingId ? await getBooking(db, { ...scope, id: request.bookingId }) : null;
  const held = booking ? await resourceIdsOf(db, { ...scope, bookingId: booking.id }) : [];
  const unmirrored = resources.some((r) => held.includes(r.id) && r.active && r.crmMirrorId === null);
  if (request.resources || unmirrored) {
    await mirrorResources(run, resources);
    resources = await listResources(db, { ...scope, includeArchived: true });
  }
  if (booking) {
    await mirrorBooking(run, booking, resources);
    return;
  }
  if (!request.resources && request.bookingId) return;
  const owed = await listBookingsToMirror(db, { ...scope, now: run.now, limit: FULL_RUN_LIMIT });
  const before = run.outcome.created + run.outcome.deleted;
  for (const row of owed) await mirrorBooking(run, row, resources);
  // A page that moved nothing (bookings whose halls the calendar cannot hold) ends the chain.
  run.outcome.more = owed.length === FULL_RUN_LIMIT && run.outcome.created + run.outcome.deleted > before;
}

async function mirrorResources(run: Run, resources: ResourceRow[]): Promise<void> {
  const db = run.deps.database.db;
  const zone = await venueZone(db, run.tenantId);
  const active = resources.filter((r) => r.active);
  const writes = await run.calendar.upsertResources(
    active.map((r) => ({
      id: r.crmMirrorId,
      kind: r.kind,
      kindName: run.words.kindName[r.kind],
      name: r.name,
      description: r.kind === 'hall' && r.capacity ? run.words.capacity(r.capacity) : '',
      hours: r.hours,
      timeZone: zone,
    })),
  );
  for (const [index, write] of writes.entries()) {
    const resource = active[index] as ResourceRow;
    count(run, write.outcome);
    if (write.id !== resource.crmMirrorId) {
      await setResourceMirrorId(db, { tenantId: run.tenantId, id: resource.id, crmMirrorId: write.id });
    }
  }
  for (const archived of resources.filter((r) => !r.active && r.crmMirrorId !== null)) {
    await run.calendar.deleteResource(archived.crmMirrorId as string);
    await setResourceMirrorId(db, { tenantId: run.tenantId, id: archived.id, crmMirrorId: null });
    run.outcome.deleted++;
  }
}

async function mirrorBooking(run: Run, booking: BookingRow, resources: ResourceRow[]): Promise<void> {
  const db = run.deps.database.db;
  const scope = { tenantId: run.tenantId, id: booking.id };
  if (booking.status === 'cancelled') {
    if (booking.crmMirrorId === null) return;
    await run.calendar.deleteBooking(booking.crmMirrorId);
    await setBookingMirrorId(db, { ...scope, crmMirrorId: null });
    run.outcome.deleted++;
    return;
  }
  const held = await resourceIdsOf(db, { tenantId: run.tenantId, bookingId: booking.id });
  const mirrorIds = held
    .map((id) => resources.find((r) => r.id === id)?.crmMirrorId)
    .filter((id): id is string => typeof id === 'string');
  // Archived halls and staff are gone from the calendar: the booking shows on what is left.
  if (mirrorIds.length === 0) return;
  const write = await run.calendar.upsertBooking({
    id: booking.crmMirrorId,
    resourceIds: mirrorIds,
    from: booking.startsAt.toISOString(),
    to: booking.endsAt.toISOString(),
    timeZone: booking.timeZone,
    name: run.words.bookingName(booking.number, booking.status === 'held'),
    description: [run.words.deal(booking.crmDealId), booking.comment].filter(Boolean).join('\n'),
    dealId: booking.crmDealId,
    contactId: booking.crmContactId,
  });
  count(run, write.outcome);
  if (write.id !== booking.crmMirrorId) await setBookingMirrorId(db, { ...scope, crmMirrorId: write.id });
}

function count(run: Run, outcome: 'created' | 'updated' | 'unchanged'): void {
  if (outcome === 'created') run.outcome.created++;
  else if (outcome === 'updated') run.outcome.written++;
}
