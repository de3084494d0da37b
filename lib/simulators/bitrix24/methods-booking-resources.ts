import { arrayArg, intArg } from './action-args';
import {
  intValue,
  invalidField,
  isZone,
  itemsOf,
  mapArg,
  notificationSettings,
  optionalMap,
  orderOf,
  pageRows,
  requireKeys,
  sortBy,
  yesNo,
} from './booking-args';
import {
  DEFAULT_NOTIFICATIONS,
  type ResourceRecord,
  resourceTypeWire,
  resourceWire,
  slotWire,
  WEEK_DAYS,
} from './booking-store';
import { strval } from './php';
import { type MethodContext, type MethodTable, ok } from './rest-context';
import { RestError } from './rest-error';
import type { PhpMap } from './types';

/**
 * booking.v1.resourceType.add/list/get (an unknown id 1013), booking.v1.resource.add/update/delete/get/list and
 * booking.v1.resource.slots.set/list (api-reference/booking/resource/**), scope `booking`. Each
 * "not found" has its own code: 1007 on update, 1008 on delete, 1009 on get and the slots; a
 * missing type 1006, an unknown one 1013 "Resource type with id N does not exist"; a taken type
 * code 1010. Slots replace the resource's slots: minutes of the day 0–1440 (`to` ≥ `from`), an
 * IANA zone, weekdays Mon…Sun, a slot size in minutes.
 */

const SCOPE = ['booking'];

const store = (ctx: MethodContext) => ctx.state.booking;

function resourceOr(ctx: MethodContext, id: number, code: 1007 | 1008 | 1009): ResourceRecord {
  const found = store(ctx).resources.get(id);
  if (!found) {
    throw new RestError(400, code, code === 1008 ? 'Resource has not been found' : 'Resource not found');
  }
  return found;
}

function typeIdOf(ctx: MethodContext, value: unknown): number {
  const typeId = intValue(value as string);
  if (!store(ctx).resourceTypes.has(typeId)) {
    throw new RestError(400, 1013, `Resource type with id ${typeId} does not exist`);
  }
  return typeId;
}

const text = (value: unknown) => strval(value as string);
const matchesText = (value: string | null, query: unknown) => (value ?? '') === text(query);
/** `searchQuery` (a substring of the name, any case) or `name` (exact), as both lists filter. */
const byName = (filter: PhpMap, name: string) =>
  (filter.searchQuery === undefined || name.toLowerCase().includes(text(filter.searchQuery).toLowerCase())) &&
  (filter.name === undefined || name === text(filter.name));

export const bookingResourceMethods: MethodTable = {
  'booking.v1.resourcetype.add': {
    scopes: SCOPE,
    handle(ctx) {
      const fields = mapArg(ctx.params, 'fields');
      requireKeys(fields, ['name', 'code']);
      const code = text(fields.code);
      if ([...store(ctx).resourceTypes.values()].some((t) => t.code === code)) {
        throw new RestError(400, 1010, 'Resource type with code already exists');
      }
      const settings = notificationSettings(fields, DEFAULT_NOTIFICATIONS);
      const type = store(ctx).addResourceType({
        code,
        name: text(fields.name),
        moduleId: 'booking',
        settings,
      });
      return ok({ id: type.id });
    },
  },
  'booking.v1.resourcetype.get': {
    scopes: SCOPE,
    handle(ctx) {
      const type = store(ctx).resourceTypes.get(intArg(ctx.params, 'id'));
      if (!type) throw new RestError(400, 1013, 'Resource type not found');
      return ok({ resourceType: resourceTypeWire(type) });
    },
  },
  'booking.v1.resourcetype.list': {
    scopes: SCOPE,
    handle(ctx) {
      const filter = optionalMap(ctx, 'filter');
      const rows = [...store(ctx).resourceTypes.values()].filter(
        (t) =>
          byName(filter, t.name) &&
          (filter.moduleId === undefined || t.moduleId === text(filter.moduleId)) &&
          (filter.code === undefined || t.code === text(filter.code)),
      );
      const order = orderOf(optionalMap(ctx, 'order'), ['id', 'name', 'code']);
      const sorted = sortBy(rows, order, (t, f) => (f === 'name' ? t.name : f === 'code' ? t.code : t.id));
      return ok({ resource: pageRows(sorted, ctx.start).map(resourceTypeWire) });
    },
  },
  'booking.v1.resource.add': {
    scopes: SCOPE,
    handle(ctx) {
      const fields = mapArg(ctx.params, 'fields');
      requireKeys(fields, ['name']);
      if (fields.typeId === undefined || fields.typeId === null || fields.typeId === '') {
        throw new RestError(400, 1006, 'ResourceType not found');
      }
      const typeId = typeIdOf(ctx, fields.typeId);
      const resource = store(ctx).addResource({
        typeId,
        name: text(fields.name),
        description: fields.description === undefined ? null : text(fields.description),
        isMain: fields.isMain === undefined ? 'Y' : yesNo(fields.isMain),
        settings: notificationSettings(fields, DEFAULT_NOTIFICATIONS),
      });
      return ok({ id: resource.id });
    },
  },
  'booking.v1.resource.update': {
    scopes: SCOPE,
    handle(ctx) {
      const id = intArg(ctx.params, 'id');
      const fields = mapArg(ctx.params, 'fields');
      const resource = resourceOr(ctx, id, 1007);
      const next: ResourceRecord = {
        ...resource,
        typeId: fields.typeId === undefined ? resource.typeId : typeIdOf(ctx, fields.typeId),
        settings: notificationSettings(fields, resource.settings),
      };
      if (fields.name !== undefined) {
        if (text(fields.name) === '') throw invalidField();
        next.name = text(fields.name);
      }
      if (fields.description !== undefined) next.description = text(fields.description);
      if (fields.isMain !== undefined) next.isMain = yesNo(fields.isMain);
      store(ctx).resources.set(id, next);
      return ok(true);
    },
  },
  'booking.v1.resource.delete': {
    scopes: SCOPE,
    handle(ctx) {
      const id = intArg(ctx.params, 'id');
      resourceOr(ctx, id, 1008);
      store(ctx).deleteResource(id);
      return ok(true);
    },
  },
  'booking.v1.resource.get': {
    scopes: SCOPE,
    handle(ctx) {
      return ok({ resource: resourceWire(resourceOr(ctx, intArg(ctx.params, 'id'), 1009)) });
    },
  },
  'booking.v1.resource.list': {
    scopes: SCOPE,
    handle(ctx) {
      const filter = optionalMap(ctx, 'filter');
      const rows = [...store(ctx).resources.values()].filter(
        (r) =>
          byName(filter, r.name) &&
          (filter.isMain === undefined || r.isMain === text(filter.isMain)) &&
          (filter.typeId === undefined || r.typeId === Number(text(filter.typeId))) &&
          (filter.description === undefined || matchesText(r.description, filter.description)),
      );
      const order = orderOf(optionalMap(ctx, 'order'), ['id', 'name']);
      const sorted = sortBy(rows, order, (r, f) => (f === 'name' ? r.name : r.id));
      return ok({ resource: pageRows(sorted, ctx.start).map(resourceWire) });
    },
  },
  'booking.v1.resource.slots.set': {
    scopes: SCOPE,
    handle(ctx) {
      const resourceId = intArg(ctx.params, 'resourceId');
      const slots = itemsOf(arrayArg(ctx.params, 'slots')).map((slot) => {
        requireKeys(slot, ['from', 'to', 'timezone', 'weekDays', 'slotSize']);
        const from = intValue(slot.from);
        const to = intValue(slot.to);
        const timezone = text(slot.timezone);
        const weekDays = Array.isArray(slot.weekDays) ? slot.weekDays.map((d) => strval(d)) : [];
        const slotSize = intValue(slot.slotSize);
        const valid =
          from >= 0 &&
          to <= 1440 &&
          to >= from &&
          isZone(timezone) &&
          weekDays.length > 0 &&
          weekDays.every((d) => (WEEK_DAYS as readonly string[]).includes(d)) &&
          slotSize > 0;
        if (!valid) throw invalidField();
        return { from, to, timezone, weekDays, slotSize };
      });
      resourceOr(ctx, resourceId, 1009);
      store(ctx).setSlots(resourceId, slots);
      return ok(true);
    },
  },
  'booking.v1.resource.slots.list': {
    scopes: SCOPE,
    handle(ctx) {
      const resourceId = intArg(ctx.params, 'resourceId');
      resourceOr(ctx, resourceId, 1009);
      return ok({ slots: (store(ctx).slots.get(resourceId) ?? []).map(slotWire) });
    },
  },
};
