import { arrayArg, intArg } from './action-args';
import {
  bookingNotFound,
  emptyResources,
  invalidPeriod,
  isZone,
  itemsOf,
  mapArg,
  optionalMap,
  orderOf,
  pageRows,
  requiredFields,
  requireKeys,
  sortBy,
} from './booking-args';
import { type BookingMoment, type BookingRecord, bookingWire } from './booking-store';
import { entriesOf, isMap, isPhpArray, strval } from './php';
import { type MethodContext, type MethodTable, ok } from './rest-context';
import type { PhpMap, PhpValue } from './types';

/**
 * booking.v1.booking.add/update/delete/get/list, booking.v1.booking.client.set/list,
 * booking.v1.booking.externalData.set/list and booking.v1.clienttype.list
 * (api-reference/booking/booking/**), scope `booking`. A booking holds `resourceIds` (empty or
 * unknown ones: 1018 "Empty resource collection") and `datePeriod` {from, to} of {timestamp,
 * timezone} (`to` after `from`, IANA zones, else 422 "Invalid date period"). Not found is 1019
 * on update and 1021 everywhere else. Overlapping bookings are accepted: Bitrix24's calendar
 * allows overbooking, and the docs do not say `add` refuses an overlap. `within` keeps bookings
 * lying inside [dateFrom, dateTo]; `client.set` and `externalData.set` replace the whole set.
 */

const SCOPE = ['booking'];
const CLIENT_TYPES = [
  { code: 'COMPANY', module: 'crm' },
  { code: 'CONTACT', module: 'crm' },
];

const store = (ctx: MethodContext) => ctx.state.booking;

function bookingOr(ctx: MethodContext, id: number, code: 1019 | 1021): BookingRecord {
  const found = store(ctx).bookings.get(id);
  if (!found) throw bookingNotFound(code);
  return found;
}

function momentOf(value: PhpValue | undefined): BookingMoment {
  if (!isMap(value)) throw invalidPeriod();
  const raw = value.timestamp;
  const timestamp =
    typeof raw === 'number' && Number.isInteger(raw)
      ? raw
      : typeof raw === 'string' && /^\d+$/.test(raw)
        ? Number(raw)
        : Number.NaN;
  const timezone = strval(value.timezone);
  if (!Number.isFinite(timestamp) || !isZone(timezone)) throw invalidPeriod();
  return { timestamp, timezone };
}

function periodOf(value: PhpValue | undefined): { from: BookingMoment; to: BookingMoment } {
  if (!isMap(value)) throw invalidPeriod();
  const from = momentOf(value.from);
  const to = momentOf(value.to);
  if (to.timestamp <= from.timestamp) throw invalidPeriod();
  return { from, to };
}

function resourceIdsOf(ctx: MethodContext, value: PhpValue | undefined): number[] {
  if (!isPhpArray(value)) throw emptyResources();
  const ids = [...new Set(entriesOf(value).map(([, v]) => Number(strval(v))))];
  if (ids.length === 0 || ids.some((id) => !Number.isInteger(id) || !store(ctx).resources.has(id))) {
    throw emptyResources();
  }
  return ids;
}

const present = (map: PhpMap, key: string) => map[key] !== undefined && map[key] !== null;

/** `client.set` / `externalData.set`: the items checked first, then the booking (1021), whose set they replace. */
function linkItems<T>(ctx: MethodContext, argument: string, parse: (item: PhpMap) => T) {
  const bookingId = intArg(ctx.params, 'bookingId');
  const items = itemsOf(arrayArg(ctx.params, argument)).map(parse);
  return { booking: bookingOr(ctx, bookingId, 1021), items };
}

export const bookingMethods: MethodTable = {
  'booking.v1.booking.add': {
    scopes: SCOPE,
    handle(ctx) {
      const fields = mapArg(ctx.params, 'fields');
      const missing = ['resourceIds', 'datePeriod'].filter((k) => !present(fields, k));
      if (missing.length > 0) throw requiredFields(missing);
      const resourceIds = resourceIdsOf(ctx, fields.resourceIds);
      const period = periodOf(fields.datePeriod);
      const booking = store(ctx).addBooking({
        name: strval(fields.name),
        description: present(fields, 'description') ? strval(fields.description) : null,
        resourceIds,
        ...period,
      });
      return ok({ id: booking.id });
    },
  },
  'booking.v1.booking.update': {
    scopes: SCOPE,
    handle(ctx) {
      const id = intArg(ctx.params, 'id');
      const fields = mapArg(ctx.params, 'fields');
      const booking = bookingOr(ctx, id, 1019);
      const next: BookingRecord = { ...booking };
      if (present(fields, 'resourceIds')) next.resourceIds = resourceIdsOf(ctx, fields.resourceIds);
      if (present(fields, 'datePeriod')) Object.assign(next, periodOf(fields.datePeriod));
      if (present(fields, 'name')) next.name = strval(fields.name);
      if (present(fields, 'description')) next.description = strval(fields.description);
      store(ctx).bookings.set(id, next);
      return ok(true);
    },
  },
  'booking.v1.booking.delete': {
    scopes: SCOPE,
    handle(ctx) {
      const id = intArg(ctx.params, 'id');
      bookingOr(ctx, id, 1021);
      store(ctx).bookings.delete(id);
      return ok(true);
    },
  },
  'booking.v1.booking.get': {
    scopes: SCOPE,
    handle(ctx) {
      return ok({ booking: bookingWire(bookingOr(ctx, intArg(ctx.params, 'id'), 1021)) });
    },
  },
  'booking.v1.booking.list': {
    scopes: SCOPE,
    handle(ctx) {
      const filter = optionalMap(ctx, 'filter');
      let rows = [...store(ctx).bookings.values()];
      if (present(filter, 'within')) {
        const within = isMap(filter.within) ? filter.within : {};
        const missing = ['dateFrom', 'dateTo'].filter((k) => !present(within, k));
        if (missing.length > 0) throw requiredFields(missing);
        const from = Number(strval(within.dateFrom));
        const to = Number(strval(within.dateTo));
        if (!Number.isFinite(from) || !Number.isFinite(to)) throw invalidPeriod();
        rows = rows.filter((b) => b.from.timestamp >= from && b.to.timestamp <= to);
      }
      if (present(filter, 'client')) {
        const client = isMap(filter.client) ? filter.client : {};
        if (!isPhpArray(client.entities)) throw requiredFields(['entities']);
        const entities = itemsOf(client.entities).map((e) => {
          requireKeys(e, ['code', 'module', 'id']);
          return { code: strval(e.code), module: strval(e.module), id: Number(strval(e.id)) };
        });
        rows = rows.filter((b) =>
          b.clients.some((c) =>
            entities.some((e) => e.code === c.code && e.module === c.module && e.id === c.id),
          ),
        );
      }
      const order = orderOf(optionalMap(ctx, 'order'), ['id', 'dateFrom', 'dateTo']);
      const sorted = sortBy(rows, order, (b, f) =>
        f === 'dateFrom' ? b.from.timestamp : f === 'dateTo' ? b.to.timestamp : b.id,
      );
      return ok({ booking: pageRows(sorted, ctx.start).map(bookingWire) });
    },
  },
  'booking.v1.booking.client.set': {
    scopes: SCOPE,
    handle(ctx) {
      const clients = linkItems(ctx, 'clients', (c) => {
        requireKeys(c, ['id', 'type']);
        const type = isMap(c.type) ? c.type : {};
        requireKeys(type, ['module', 'code']);
        return { id: Number(strval(c.id)), module: strval(type.module), code: strval(type.code) };
      });
      clients.booking.clients = clients.items;
      return ok(true);
    },
  },
  'booking.v1.booking.client.list': {
    scopes: SCOPE,
    handle(ctx) {
      const booking = bookingOr(ctx, intArg(ctx.params, 'bookingId'), 1021);
      return ok({
        bookingClient: booking.clients.map((c) => ({ id: c.id, type: { code: c.code, module: c.module } })),
      });
    },
  },
  'booking.v1.booking.externaldata.set': {
    scopes: SCOPE,
    handle(ctx) {
      const links = linkItems(ctx, 'externalData', (item) => {
        requireKeys(item, ['moduleId', 'entityTypeId', 'value']);
        const [moduleId, entityTypeId, value] = [item.moduleId, item.entityTypeId, item.value].map(strval);
        return { moduleId: moduleId ?? '', entityTypeId: entityTypeId ?? '', value: value ?? '' };
      });
      links.booking.externalData = links.items;
      return ok(true);
    },
  },
  'booking.v1.booking.externaldata.list': {
    scopes: SCOPE,
    handle(ctx) {
      const booking = bookingOr(ctx, intArg(ctx.params, 'bookingId'), 1021);
      return ok({ externalData: booking.externalData.map((d) => ({ ...d })) });
    },
  },
  'booking.v1.clienttype.list': {
    scopes: SCOPE,
    handle() {
      return ok({ clientType: CLIENT_TYPES.map((t) => ({ ...t })) });
    },
  },
};
