import type { CrmLogEntry, CrmLogEntryOutcome } from '@/lib/crm/crm-port';
import type { AmocrmClient } from './api-client';
import { AmocrmApiError } from './errors';

/**
 * Many system entries (service notes) at once: up to 50 notes of one entity type per request, each
 * with its index as request_id. amoCRM refuses the whole request when one note is invalid and names
 * the refused ones by request_id in its validation errors, so those are taken out — a note on an
 * entity that does not exist (`entity_id` refused) is `not_found`, another refusal `failed` — and the
 * rest sent again once.
 */

const PER_REQUEST = 50;

export async function addLogEntries(
  client: AmocrmClient,
  entries: CrmLogEntry[],
): Promise<CrmLogEntryOutcome[]> {
  const outcomes: CrmLogEntryOutcome[] = entries.map(() => 'written');
  const indexed = entries.map((entry, index) => ({ entry, index }));
  for (const entity of ['contact', 'deal'] as const) {
    const path = `/api/v4/${entity === 'contact' ? 'contacts' : 'leads'}/notes`;
    const mine = indexed.filter((e) => e.entry.entity === entity);
    for (let start = 0; start < mine.length; start += PER_REQUEST) {
      let pending = mine.slice(start, start + PER_REQUEST);
      for (let round = 0; round < 2 && pending.length > 0; round++) {
        try {
          await client.post(
            path,
            pending.map(({ entry, index }) => ({
              entity_id: Number(entry.id),
              note_type: 'service_message',
              params: { service: entry.title, text: entry.text },
              request_id: String(index),
            })),
          );
          pending = [];
        } catch (error) {
          if (!(error instanceof AmocrmApiError) || error.status !== 400 || error.fieldErrors.length === 0)
            throw error;
          const refused = new Map<string, string[]>();
          for (const f of error.fieldErrors)
            refused.set(f.requestId, [...(refused.get(f.requestId) ?? []), f.path]);
          for (const { index } of pending) {
            const paths = refused.get(String(index));
            if (paths) outcomes[index] = paths.every((p) => p === 'entity_id') ? 'not_found' : 'failed';
          }
          pending = pending.filter(({ index }) => !refused.has(String(index)));
        }
      }
      for (const { index } of pending) outcomes[index] = 'failed';
    }
  }
  return outcomes;
}
