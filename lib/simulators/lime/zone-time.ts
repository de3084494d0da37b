import { IANAZone } from 'luxon';

/**
 * Fast wall-clock arithmetic in the venue's zone. Formatting thousands of times through Intl is
 * the simulator's hot path, so zone offsets are cached per UTC day (when the offset is the same at
 * both ends of the day) or else per quarter hour (real zones change offset on quarter hours).
 */

const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;
const zones = new Map<string, IANAZone>();
/** Per zone: UTC day number → the offset that holds all day, or null when it changes that day. */
const days = new Map<string, Map<number, number | null>>();
const quarters = new Map<string, Map<number, number>>();

function zoneOf(zone: string): IANAZone {
  let z = zones.get(zone);
  if (!z) {
    z = IANAZone.create(zone);
    zones.set(zone, z);
  }
  return z;
}

function cached<V>(store: Map<string, Map<number, V>>, zone: string): Map<number, V> {
  let perZone = store.get(zone);
  if (!perZone) {
    perZone = new Map();
    store.set(zone, perZone);
  }
  if (perZone.size > 100_000) perZone.clear();
  return perZone;
}

/** The zone's offset from UTC at `ms`, in minutes. */
export function offsetMinutes(ms: number, zone: string): number {
  const perDay = cached(days, zone);
  const day = Math.floor(ms / DAY);
  let whole = perDay.get(day);
  if (whole === undefined) {
    const z = zoneOf(zone);
    const start = z.offset(day * DAY);
    whole = start === z.offset(day * DAY + DAY - 1) ? start : null;
    perDay.set(day, whole);
  }
  if (whole !== null) return whole;
  const perQuarter = cached(quarters, zone);
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = perQuarter.get(bucket);
  if (offset === undefined) {
    offset = zoneOf(zone).offset(bucket * QUARTER_HOUR);
    perQuarter.set(bucket, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm:ss` in the zone, without offset. */
export function formatLocal(ms: number, zone: string): string {
  const d = new Date(ms + offsetMinutes(ms, zone) * 60_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}`;
}

/** The instant of a wall-clock time given as "UTC-shaped" milliseconds (two-pass offset fix). */
export function instantOfLocal(localMs: number, zone: string): number {
  const guess = localMs - offsetMinutes(localMs, zone) * 60_000;
  return localMs - offsetMinutes(guess, zone) * 60_000;
}

/** The start of the local day containing `ms`, as an instant. */
export function startOfLocalDay(ms: number, zone: string): number {
  const local = ms + offsetMinutes(ms, zone) * 60_000;
  return instantOfLocal(Math.floor(local / DAY) * DAY, zone);
}

/** The last whole second of the local day containing `ms` (23:59:59), as an instant. */
export function endOfLocalDay(ms: number, zone: string): number {
  const local = ms + offsetMinutes(ms, zone) * 60_000;
  return instantOfLocal(Math.floor(local / DAY) * DAY + DAY - 1000, zone);
}

/** `daysAgo` days before the local day of `anchorMs`, at the given local time of day. */
export function localDaysAgo(anchorMs: number, daysAgo: number, secondOfDay: number, zone: string): number {
  const local = anchorMs + offsetMinutes(anchorMs, zone) * 60_000;
  return instantOfLocal(Math.floor(local / DAY) * DAY - daysAgo * DAY + secondOfDay * 1000, zone);
}
