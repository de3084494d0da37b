import { CrmCalendarUnavailableError } from '@/lib/crm/crm-calendar';
import { Bitrix24ApiError } from './errors';
import type { BatchOutcome, Bitrix24Rest } from './rest';

/**
 * The booking module's calls (booking.v1.*): a portal without the module answers 404
 * ERROR_METHOD_NOT_FOUND (inside a batch too), an app without the `booking` scope 401
 * insufficient_scope — both CrmCalendarUnavailableError, not a failure of one request. Lists
 * answer pages of 50 from `start` without a total.
 */

const PAGE = 50;

/** Whether an error says the calendar is not there for us (not a failure of one request). */
export function isUnavailable(error: { error?: unknown; status?: number; bitrixCode?: string }): boolean {
  const code = String(error.bitrixCode ?? error.error ?? '');
  return code === 'ERROR_METHOD_NOT_FOUND' || code === 'insufficient_scope' || error.status === 404;
}

/** Runs `fn`, turning "no module" / "no scope" into CrmCalendarUnavailableError. */
export async function calendarCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Bitrix24ApiError && isUnavailable(error)) {
      throw new CrmCalendarUnavailableError(error.message);
    }
    throw error;
  }
}

/** A batch whose per-command errors saying "no module" become CrmCalendarUnavailableError. */
export async function calendarBatch<T>(outcome: Promise<BatchOutcome<T>>): Promise<BatchOutcome<T>> {
  const answer = await calendarCall(() => outcome);
  const unavailable = Object.values(answer.errors).find((e) => isUnavailable(e));
  if (unavailable) throw new CrmCalendarUnavailableError(String(unavailable.error));
  return answer;
}

/** Every row of a booking.v1 list (pages of 50 from `start`, read until a short one). */
export async function listAll<T>(
  rest: Bitrix24Rest,
  method: string,
  key: string,
  params: object,
): Promise<T[]> {
  const rows: T[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await rest.call<Record<string, T[]>>(method, { ...params, start });
    const found = page[key] ?? [];
    rows.push(...found);
    if (found.length < PAGE) return rows;
  }
}
