import { arrayArg } from './action-args';
import { type NotificationSettings, TEMPLATE_TYPES } from './booking-store';
import { entriesOf, isMap, isPhpArray, strval } from './php';
import type { MethodContext } from './rest-context';
import { argumentTypeError, RestError } from './rest-error';
import type { PhpMap, PhpValue } from './types';

/**
 * How the booking module's controllers read their arguments (api-reference/booking/**): the
 * engine binder's code 100 for a missing or mistyped argument, code 0 "Required fields: a, b" for
 * keys missing inside `fields` (or a slot, a client, an external-data item), 422 for a value the
 * module refuses, and the module's own 10xx codes for what it cannot find. `error` is a JSON
 * number throughout.
 */

export const requiredFields = (names: string[]) =>
  new RestError(400, 0, `Required fields: ${names.join(', ')}`);
export const invalidField = () => new RestError(400, 422, 'Invalid value of the field');
export const invalidPeriod = () => new RestError(400, 422, 'Invalid date period');
export const bookingNotFound = (code: 1019 | 1021) => new RestError(400, code, 'Booking not found');
export const emptyResources = () => new RestError(400, 1018, 'Empty resource collection');

/** A map argument (`fields`, a list item), lists read as maps keyed 0, 1, …. */
export function mapArg(params: PhpMap, name: string): PhpMap {
  const value = arrayArg(params, name);
  return isMap(value) ? value : Object.fromEntries(entriesOf(value));
}

/** An optional map argument: `filter` / `FILTER`, `order` / `ORDER`. */
export function optionalMap(ctx: MethodContext, name: string): PhpMap {
  const value = ctx.params[name] ?? ctx.params[name.toUpperCase()];
  if (value === undefined || value === null || value === '') return {};
  if (!isPhpArray(value)) throw argumentTypeError(name, strval(value), 'array');
  return isMap(value) ? value : Object.fromEntries(entriesOf(value));
}

/** Items of a list argument, each a map (anything else: the keys it lacks are "required"). */
export function itemsOf(value: PhpMap | PhpValue[]): PhpMap[] {
  return entriesOf(value).map(([, v]) => (isMap(v) ? v : {}));
}

export function requireKeys(map: PhpMap, keys: string[]): void {
  const missing = keys.filter((k) => map[k] === undefined || map[k] === null || map[k] === '');
  if (missing.length > 0) throw requiredFields(missing);
}

/** An integer value (a JSON number or a numeric string, as form posts send it), else 422. */
export function intValue(value: PhpValue | undefined): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  throw invalidField();
}

export function isZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const YES_NO_KEYS = [
  'isInfoNotificationOn',
  'isConfirmationNotificationOn',
  'isReminderNotificationOn',
  'isFeedbackNotificationOn',
  'isDelayedNotificationOn',
] as const;
const TEMPLATE_KEYS = [
  'templateTypeInfo',
  'templateTypeConfirmation',
  'templateTypeFeedback',
  'templateTypeDelayed',
] as const;
const DELAY_KEYS = [
  'infoDelay',
  'reminderDelay',
  'delayedDelay',
  'delayedCounterDelay',
  'confirmationDelay',
  'confirmationRepetitions',
  'confirmationRepetitionsInterval',
  'confirmationCounterDelay',
] as const;

export function yesNo(value: PhpValue | undefined): 'Y' | 'N' {
  const text = strval(value);
  if (text !== 'Y' && text !== 'N') throw invalidField();
  return text;
}

/** The notification keys present in `fields`, checked, over `base` (defaults on add, the record on update). */
export function notificationSettings(fields: PhpMap, base: NotificationSettings): NotificationSettings {
  const out: NotificationSettings = { ...base };
  for (const key of YES_NO_KEYS) if (fields[key] !== undefined) out[key] = yesNo(fields[key]);
  for (const key of TEMPLATE_KEYS) {
    if (fields[key] === undefined) continue;
    const value = strval(fields[key]);
    if (!(TEMPLATE_TYPES as readonly string[]).includes(value)) throw invalidField();
    out[key] = value;
  }
  if (fields.templateTypeReminder !== undefined) {
    if (strval(fields.templateTypeReminder) !== 'base') throw invalidField();
  }
  for (const key of DELAY_KEYS) if (fields[key] !== undefined) out[key] = intValue(fields[key]);
  return out;
}

/** `order` as [field, direction] over the fields a list sorts by (others ignored). */
export function orderOf(order: PhpMap, fields: string[]): [string, 1 | -1][] {
  const out: [string, 1 | -1][] = [];
  for (const [key, dir] of Object.entries(order)) {
    const field = fields.find((f) => f.toLowerCase() === key.toLowerCase());
    if (!field) continue;
    out.push([field, strval(dir).toLowerCase() === 'desc' ? -1 : 1]);
  }
  return out;
}

export function sortBy<T>(
  rows: T[],
  order: [string, 1 | -1][],
  value: (row: T, field: string) => string | number,
) {
  const keys: [string, 1 | -1][] = [...order, ['id', 1]];
  return [...rows].sort((a, b) => {
    for (const [field, dir] of keys) {
      const x = value(a, field);
      const y = value(b, field);
      if (x < y) return -dir;
      if (x > y) return dir;
    }
    return 0;
  });
}

/** One page of a list: 50 rows from `start` (booking lists answer no total and no next). */
export const LIST_PAGE = 50;
export function pageRows<T>(rows: T[], start: number): T[] {
  return rows.slice(Math.max(0, start), Math.max(0, start) + LIST_PAGE);
}
