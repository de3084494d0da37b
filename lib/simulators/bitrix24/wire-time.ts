import { DateTime } from 'luxon';

/**
 * Times as the portal writes them: PHP `date('c')` in the portal's zone (Europe/Moscow for
 * .ru, Europe/Berlin for .com, as the official examples show `+02:00`), unix seconds with
 * microseconds in `time`, and CRM date-only fields converted by CRestUtil::ConvertDate, which
 * adds the server offset to midnight: `1990-05-17` leaves as `1990-05-17T03:00:00+03:00`.
 */

export function zoneFor(region: 'ru' | 'com'): string {
  return region === 'ru' ? 'Europe/Moscow' : 'Europe/Berlin';
}

/** `2024-07-18T12:32:31+03:00`. */
export function isoInZone(at: Date, zone: string): string {
  const wholeSeconds = Math.floor(at.getTime() / 1000) * 1000;
  return (
    DateTime.fromMillis(wholeSeconds)
      .setZone(zone)
      .toISO({ suppressMilliseconds: true, includeOffset: true }) ?? ''
  );
}

export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** A date-only column (`YYYY-MM-DD`) as REST returns it: midnight plus the zone's offset. */
export function dateColumnToWire(date: string, zone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return '';
  const midnight = DateTime.fromISO(date, { zone });
  const shifted = midnight.plus({ minutes: midnight.offset });
  return shifted.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? '';
}

/**
 * A date as clients send it (`11.11.2001`, `2001-11-11`, `2001-11-11T00:00:00+03:00`) → the
 * `YYYY-MM-DD` column, or null when it is not a date.
 */
export function parseDateInput(value: string, zone: string): string | null {
  const trimmed = value.trim();
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(trimmed);
  if (dotted) {
    const iso = `${dotted[3]}-${dotted[2]}-${dotted[1]}`;
    return DateTime.fromISO(iso).isValid ? iso : null;
  }
  const plain = /^(\d{4}-\d{2}-\d{2})$/.exec(trimmed);
  if (plain?.[1]) return DateTime.fromISO(plain[1]).isValid ? plain[1] : null;
  const full = DateTime.fromISO(trimmed, { setZone: true });
  if (full.isValid) return full.setZone(zone).toISODate();
  return null;
}

/** A datetime filter or field value (ISO 8601 or `dd.mm.yyyy [hh:mm:ss]`) → an instant. */
export function parseDateTimeInput(value: string, zone: string): Date | null {
  const trimmed = value.trim();
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(trimmed);
  if (dotted) {
    const dt = DateTime.fromObject(
      {
        year: Number(dotted[3]),
        month: Number(dotted[2]),
        day: Number(dotted[1]),
        hour: Number(dotted[4] ?? 0),
        minute: Number(dotted[5] ?? 0),
        second: Number(dotted[6] ?? 0),
      },
      { zone },
    );
    return dt.isValid ? dt.toJSDate() : null;
  }
  const iso = DateTime.fromISO(trimmed, { zone });
  return iso.isValid ? iso.toJSDate() : null;
}

export interface TimeInfo {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at: number;
  operating: number;
}

/**
 * The `time` block every successful answer carries. `start` comes from the simulator's clock,
 * the durations from the real elapsed time; operating figures from the operating-time ledger.
 */
export function timeInfo(
  startedAt: Date,
  elapsedSeconds: number,
  processingSeconds: number,
  zone: string,
  operating: { operating: number; resetAt: number },
): TimeInfo {
  const start = startedAt.getTime() / 1000;
  const finish = start + elapsedSeconds;
  return {
    start,
    finish,
    duration: elapsedSeconds,
    processing: processingSeconds,
    date_start: isoInZone(new Date(start * 1000), zone),
    date_finish: isoInZone(new Date(finish * 1000), zone),
    operating_reset_at: operating.resetAt,
    operating: operating.operating,
  };
}
