import qs from 'qs';
import type { DeliveryRecord, JsonValue } from './types';

/**
 * How the portal's event queue calls a handler: one POST, `application/x-www-form-urlencoded`
 * with PHP http_build_query bracketed keys (`data[FIELDS][ID]=82`, `auth[application_token]=…`),
 * no retries whatever the answer (events are fire-and-forget), a bounded wait for the answer.
 */

export const DELIVERY_TIMEOUT_MS = 10_000;

/** http_build_query: brackets percent-encoded, spaces as '+', nulls left out, booleans 1/0. */
export function buildForm(payload: { [key: string]: JsonValue }): string {
  return qs.stringify(payload, {
    format: 'RFC1738',
    skipNulls: true,
    encodeValuesOnly: false,
    arrayFormat: 'indices',
    filter: (_prefix, value: unknown) => (typeof value === 'boolean' ? (value ? '1' : '0') : value),
  });
}

export async function deliver(
  url: string,
  event: string,
  handlerId: number | null,
  payload: { [key: string]: JsonValue },
  at: number,
): Promise<DeliveryRecord> {
  const form = buildForm(payload);
  const record: DeliveryRecord = { event, url, handlerId, form, status: null, body: null, error: null, at };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': 'Bitrix24 Webhook Engine',
      },
      body: form,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      redirect: 'manual',
    });
    record.status = response.status;
    record.body = await response.text();
  } catch (error) {
    record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return record;
}
