import type { CrmCalendarBookingInput, CrmCalendarWrite } from '@/lib/crm/crm-calendar';
import { calendarBatch, listAll } from './calendar-rest';
import { Bitrix24ApiError } from './errors';
import { assertBatchOk, type BatchCommands, type Bitrix24Rest } from './rest';

/**
 * Bookings in Bitrix24's booking calendar (booking.v1.booking.*): the booking itself, its client
 * (booking.client.set, the CRM contact) and its deal (booking.externalData.set, crm DEAL). A booking
 * is read with its client and deal in one batch and written only where something differs. Without
 * a recorded id, the deal finds it among the calendar's bookings of the same period (the calendar
 * filters by neither resource nor deal): an attempt that died after creating it left it there,
 * with its deal, because the booking, its deal and its client are created in one batch.
 */

interface Moment {
  timestamp: number;
  timezone: string;
}

interface B24Booking {
  id: number;
  name: string;
  description: string | null;
  resourceIds: number[];
  datePeriod: { from: Moment; to: Moment };
}

interface B24Client {
  id: number;
  type: { module: string; code: string };
}

interface B24Link {
  moduleId: string;
  entityTypeId: string;
  value: string;
}

interface Current {
  booking: B24Booking;
  clients: B24Client[];
  links: B24Link[];
}

/** "Booking not found": 1021, or 1019 from update. */
const NOT_FOUND = ['1019', '1021'];

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function wanted(input: CrmCalendarBookingInput) {
  const fields = {
    name: input.name,
    description: input.description,
    resourceIds: input.resourceIds.map(Number),
    datePeriod: {
      from: { timestamp: seconds(input.from), timezone: input.timeZone },
      to: { timestamp: seconds(input.to), timezone: input.timeZone },
    },
  };
  const clients = input.contactId
    ? [{ id: Number(input.contactId), type: { module: 'crm', code: 'CONTACT' } }]
    : [];
  const links: B24Link[] = [{ moduleId: 'crm', entityTypeId: 'DEAL', value: input.dealId }];
  return { fields, clients, links };
}

async function read(rest: Bitrix24Rest, id: number): Promise<Current | null> {
  const answer = await calendarBatch(
    rest.batch<unknown>({
      booking: ['booking.v1.booking.get', { id }],
      clients: ['booking.v1.booking.client.list', { bookingId: id }],
      links: ['booking.v1.booking.externalData.list', { bookingId: id }],
    }),
  );
  if (NOT_FOUND.includes(String(answer.errors.booking?.error))) return null;
  assertBatchOk(answer, `booking.v1.booking ${id}`);
  return {
    booking: (answer.results.booking as { booking: B24Booking }).booking,
    clients: (answer.results.clients as { bookingClient: B24Client[] }).bookingClient,
    links: (answer.results.links as { externalData: B24Link[] }).externalData,
  };
}

/** The calendar's booking of this period that carries the deal (one a died attempt made). */
async function findByDeal(rest: Bitrix24Rest, input: CrmCalendarBookingInput): Promise<Current | null> {
  const from = seconds(input.from);
  const to = seconds(input.to);
  const candidates = await listAll<B24Booking>(rest, 'booking.v1.booking.list', 'booking', {
    filter: { within: { dateFrom: from, dateTo: to } },
  });
  const same = candidates.filter(
    (b) => b.datePeriod.from.timestamp === from && b.datePeriod.to.timestamp === to,
  );
  if (same.length === 0) return null;
  const links = await calendarBatch(
    rest.batch<{ externalData: B24Link[] }>(
      Object.fromEntries(
        same
          .slice(0, 50)
          .map((b) => [`b${b.id}`, ['booking.v1.booking.externalData.list', { bookingId: b.id }]]),
      ),
    ),
  );
  const mine = same.find((b) =>
    links.results[`b${b.id}`]?.externalData.some((l) => isDeal(l) && l.value === input.dealId),
  );
  return mine ? read(rest, mine.id) : null;
}

const isDeal = (l: B24Link) => l.moduleId === 'crm' && l.entityTypeId === 'DEAL';
const sameIds = (a: number[], b: number[]) => [...a].sort().join(',') === [...b].sort().join(',');
const clientKeys = (clients: { id: number; type: { module: string; code: string } }[]) =>
  clients
    .map((c) => `${c.type.module}:${c.type.code}:${c.id}`)
    .sort()
    .join(',');
const linkKeys = (links: B24Link[]) =>
  links
    .map((l) => `${l.moduleId}:${l.entityTypeId}:${l.value}`)
    .sort()
    .join(',');

async function create(rest: Bitrix24Rest, want: ReturnType<typeof wanted>): Promise<CrmCalendarWrite> {
  const commands: BatchCommands = {
    add: ['booking.v1.booking.add', { fields: want.fields }],
    deal: [
      'booking.v1.booking.externalData.set',
      { bookingId: '$result[add][id]', externalData: want.links },
    ],
  };
  if (want.clients.length > 0) {
    commands.client = [
      'booking.v1.booking.client.set',
      { bookingId: '$result[add][id]', clients: want.clients },
    ];
  }
  const answer = await calendarBatch(rest.batch<{ id: number } | boolean>(commands, { halt: true }));
  const added = answer.results.add as { id: number } | undefined;
  if (!added) {
    assertBatchOk(answer, 'booking.v1.booking.add');
    throw new Error('booking.v1.booking.add answered no id');
  }
  // The booking exists now: links that did not take are set again at once (its deal is what finds it).
  if (answer.results.deal !== true) {
    await rest.call('booking.v1.booking.externalData.set', { bookingId: added.id, externalData: want.links });
  }
  if (want.clients.length > 0 && answer.results.client !== true) {
    await rest.call('booking.v1.booking.client.set', { bookingId: added.id, clients: want.clients });
  }
  return { id: String(added.id), outcome: 'created' };
}

export async function upsertBooking(
  rest: Bitrix24Rest,
  input: CrmCalendarBookingInput,
): Promise<CrmCalendarWrite> {
  const want = wanted(input);
  const current = (input.id ? await read(rest, Number(input.id)) : null) ?? (await findByDeal(rest, input));
  if (!current) return create(rest, want);
  const { booking } = current;
  const id = booking.id;
  const commands: BatchCommands = {};
  const period = booking.datePeriod;
  const moved =
    period.from.timestamp !== want.fields.datePeriod.from.timestamp ||
    period.to.timestamp !== want.fields.datePeriod.to.timestamp ||
    period.from.timezone !== input.timeZone ||
    period.to.timezone !== input.timeZone;
  if (
    moved ||
    booking.name !== want.fields.name ||
    (booking.description ?? '') !== want.fields.description ||
    !sameIds(booking.resourceIds, want.fields.resourceIds)
  ) {
    commands.update = ['booking.v1.booking.update', { id, fields: want.fields }];
  }
  // A contact taken off our booking stays on Bitrix24's: the calendar is told of clients, not of their absence.
  if (want.clients.length > 0 && clientKeys(current.clients) !== clientKeys(want.clients)) {
    commands.client = ['booking.v1.booking.client.set', { bookingId: id, clients: want.clients }];
  }
  if (linkKeys(current.links) !== linkKeys(want.links)) {
    commands.deal = ['booking.v1.booking.externalData.set', { bookingId: id, externalData: want.links }];
  }
  if (Object.keys(commands).length === 0) return { id: String(id), outcome: 'unchanged' };
  assertBatchOk(await calendarBatch(rest.batch(commands, { halt: true })), `booking.v1.booking ${id}`);
  return { id: String(id), outcome: 'updated' };
}

export async function deleteBooking(rest: Bitrix24Rest, id: string): Promise<void> {
  try {
    await rest.call('booking.v1.booking.delete', { id: Number(id) });
  } catch (error) {
    if (error instanceof Bitrix24ApiError && NOT_FOUND.includes(error.bitrixCode)) return;
    throw error;
  }
}
