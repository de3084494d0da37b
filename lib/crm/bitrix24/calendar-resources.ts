import type { CrmCalendarResourceInput, CrmCalendarWrite } from '@/lib/crm/crm-calendar';
import type { WeekHours } from '@/lib/domain/bookings';
import { listAll } from './calendar-rest';
import { Bitrix24ApiError } from './errors';
import { type Bitrix24Rest, batchAll } from './rest';

/**
 * Halls and staff in Bitrix24's booking calendar (booking.v1.resource*): resources of two types of
 * ours, found by code (`lime_hall` with the room templates, `lime_staff` with the specialist ones),
 * with every client notification off — the park tells its guests itself. Opening hours become
 * slots in the venue's zone. A resource is read with its slots and written only where its name,
 * description, type or slots differ; without a recorded id, one of our type with the same name is
 * taken (an attempt that died before its id was recorded made it).
 */

export const TYPE_CODES = { hall: 'lime_hall', staff: 'lime_staff' } as const;
const SLOT_MINUTES = 30;
const WEEK_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const NOTIFICATIONS_OFF = {
  isInfoNotificationOn: 'N',
  isConfirmationNotificationOn: 'N',
  isReminderNotificationOn: 'N',
  isFeedbackNotificationOn: 'N',
  isDelayedNotificationOn: 'N',
};

interface B24Resource {
  id: number;
  typeId: number;
  name: string;
  description: string | null;
}

interface B24Slot {
  from: number;
  to: number;
  timezone: string;
  weekDays: string[];
  slotSize: number;
}

type Kind = CrmCalendarResourceInput['kind'];

/** Weekly hours as slots: one per set of weekdays sharing the same opening, closed days left out. */
export function slotsOf(hours: WeekHours, timeZone: string): B24Slot[] {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const groups = new Map<string, B24Slot>();
  hours.forEach((day, index) => {
    if (!day) return;
    const key = `${day.from}-${day.to}`;
    const slot = groups.get(key) ?? {
      from: minutes(day.from),
      to: minutes(day.to),
      timezone: timeZone,
      weekDays: [],
      slotSize: SLOT_MINUTES,
    };
    slot.weekDays.push(WEEK_DAYS[index] as string);
    groups.set(key, slot);
  });
  return [...groups.values()];
}

const slotKey = (slots: B24Slot[]) =>
  slots
    .map((s) => `${s.from}-${s.to}-${s.timezone}-${s.slotSize}-${[...s.weekDays].join(',')}`)
    .sort()
    .join('|');

async function ensureTypes(
  rest: Bitrix24Rest,
  items: CrmCalendarResourceInput[],
): Promise<Map<Kind, number>> {
  const types = await listAll<{ id: number; code: string }>(
    rest,
    'booking.v1.resourceType.list',
    'resource',
    {},
  );
  const ids = new Map<Kind, number>();
  for (const kind of ['hall', 'staff'] as const) {
    const found = types.find((t) => t.code === TYPE_CODES[kind]);
    if (found) ids.set(kind, found.id);
  }
  for (const item of items) {
    if (ids.has(item.kind)) continue;
    const template = item.kind === 'hall' ? 'inanimate' : 'animate';
    const created = await rest.call<{ id: number }>('booking.v1.resourceType.add', {
      fields: {
        name: item.kindName,
        code: TYPE_CODES[item.kind],
        templateTypeInfo: template,
        templateTypeConfirmation: template,
        templateTypeFeedback: template,
        templateTypeDelayed: template,
        ...NOTIFICATIONS_OFF,
      },
    });
    ids.set(item.kind, created.id);
  }
  return ids;
}

export async function upsertResources(
  rest: Bitrix24Rest,
  items: CrmCalendarResourceInput[],
): Promise<CrmCalendarWrite[]> {
  if (items.length === 0) return [];
  const typeIds = await ensureTypes(rest, items);
  const existing: B24Resource[] = [];
  for (const typeId of new Set(typeIds.values())) {
    existing.push(
      ...(await listAll<B24Resource>(rest, 'booking.v1.resource.list', 'resource', { filter: { typeId } })),
    );
  }
  const byId = new Map(existing.map((r) => [String(r.id), r]));
  const claimed = new Set(items.map((i) => i.id).filter((id): id is string => id !== null && byId.has(id)));
  const matches = items.map((item) => {
    const typeId = typeIds.get(item.kind) as number;
    const own = item.id ? byId.get(item.id) : undefined;
    // An attempt that died before recording the id left the resource under its name in our type.
    const orphan = own
      ? undefined
      : existing.find((r) => r.typeId === typeId && r.name === item.name && !claimed.has(String(r.id)));
    if (orphan) claimed.add(String(orphan.id));
    return { item, typeId, current: own ?? orphan ?? null };
  });
  const present = matches.filter((m) => m.current !== null);
  const slots = await batchAll<{ slots: B24Slot[] }>(
    rest,
    Object.fromEntries(
      present.map((m) => [
        `r${m.current?.id}`,
        ['booking.v1.resource.slots.list', { resourceId: m.current?.id }],
      ]),
    ),
  );
  const results: CrmCalendarWrite[] = [];
  for (const { item, typeId, current } of matches) {
    const wanted = slotsOf(item.hours, item.timeZone);
    const fields = { name: item.name, description: item.description, typeId };
    if (!current) {
      const created = await rest.call<{ id: number }>('booking.v1.resource.add', {
        fields: { ...fields, isMain: 'Y', ...NOTIFICATIONS_OFF },
      });
      await rest.call('booking.v1.resource.slots.set', { resourceId: created.id, slots: wanted });
      results.push({ id: String(created.id), outcome: 'created' });
      continue;
    }
    let outcome: CrmCalendarWrite['outcome'] = 'unchanged';
    if (
      current.name !== item.name ||
      (current.description ?? '') !== item.description ||
      current.typeId !== typeId
    ) {
      await rest.call('booking.v1.resource.update', { id: current.id, fields });
      outcome = 'updated';
    }
    if (slotKey(slots.results[`r${current.id}`]?.slots ?? []) !== slotKey(wanted)) {
      await rest.call('booking.v1.resource.slots.set', { resourceId: current.id, slots: wanted });
      outcome = 'updated';
    }
    results.push({ id: String(current.id), outcome });
  }
  return results;
}

export async function deleteResource(rest: Bitrix24Rest, id: string): Promise<void> {
  try {
    await rest.call('booking.v1.resource.delete', { id: Number(id) });
  } catch (error) {
    if (error instanceof Bitrix24ApiError && error.bitrixCode === '1008') return;
    throw error;
  }
}
