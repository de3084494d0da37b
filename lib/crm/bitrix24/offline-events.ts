import { z } from 'zod';
import type { Bitrix24Rest } from './rest';

/**
 * The offline event queue (api-reference/events/offline-events.md, event-offline-get.md,
 * event-offline-clear.md): the portal keeps one record per changed object; we read a page with
 * clear=0 (the records are reserved under a process_id, not deleted), store them, and only then
 * clear them — a crash in between leaves them in the queue to be read again (the inbox dedupes).
 */

export const OFFLINE_PAGE = 50;

const recordSchema = z.object({
  ID: z.coerce.string(),
  TIMESTAMP_X: z.string().optional(),
  EVENT_NAME: z.string().transform((name) => name.toUpperCase()),
  EVENT_DATA: z.unknown().optional(),
  EVENT_ADDITIONAL: z.unknown().optional(),
  MESSAGE_ID: z.coerce.string(),
});
export type OfflineRecord = z.output<typeof recordSchema>;

const pageSchema = z.object({
  process_id: z.string().nullable(),
  events: z.array(recordSchema),
});

export async function readOfflinePage(
  rest: Bitrix24Rest,
): Promise<{ processId: string | null; records: OfflineRecord[] }> {
  const page = pageSchema.parse(await rest.call('event.offline.get', { clear: 0, limit: OFFLINE_PAGE }));
  return { processId: page.process_id, records: page.events };
}

export async function clearOfflineRecords(
  rest: Bitrix24Rest,
  params: { processId: string; ids: string[] },
): Promise<void> {
  if (params.ids.length === 0) return;
  await rest.call('event.offline.clear', { process_id: params.processId, id: params.ids });
}

/** The CRM entity of a record: EVENT_DATA.FIELDS.ID (CRM events) or EVENT_DATA.ID. */
export function offlineEntityId(record: OfflineRecord): string | null {
  const data = record.EVENT_DATA as { FIELDS?: { ID?: unknown }; ID?: unknown } | false | undefined;
  const id = data ? (data.FIELDS?.ID ?? data.ID) : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}
