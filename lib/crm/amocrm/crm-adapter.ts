import type { CrmPort } from '@/lib/crm/crm-port';
import { withContacts } from '@/lib/crm/stage-moves';
import type { AmocrmClient } from './api-client';
import { upsertProducts } from './catalog';
import { createLead } from './client-leads';
import { searchContacts } from './contact-search';
import { findContactIds, getRawContacts, scanContacts, toCrmContact, upsertContacts } from './contacts';
import { listPipelines, listUsers } from './directory';
import { type AmocrmFieldIds, ensureAmocrmFields } from './fields';
import { getDeal, getDealSummaries, updateDeal, upsertDeal } from './leads';
import { addLogEntries } from './log-entries';
import { runMailing, writeContactFields } from './mailing';
import { readStageMoves } from './stage-history';
import { addTask } from './tasks';

/**
 * CrmPort for amoCRM, over the typed API v4 client. Our custom fields are ensured lazily, once per
 * adapter (a failed attempt is retried by the next call).
 */
export function createAmocrmCrm(client: AmocrmClient): CrmPort {
  let ensured: Promise<AmocrmFieldIds> | null = null;
  const fields = () => {
    ensured ??= ensureAmocrmFields(client).catch((error: unknown) => {
      ensured = null;
      throw error;
    });
    return ensured;
  };
  const note = async (entity: 'contact' | 'deal', id: string, item: Record<string, unknown>) => {
    await client.post(`/api/v4/${entity === 'contact' ? 'contacts' : 'leads'}/notes`, [
      { entity_id: Number(id), ...item },
    ]);
  };
  return {
    kind: 'amocrm',
    findContactIds: (query) => findContactIds(client, query),
    async getContacts(ids) {
      const known = await fields();
      return (await getRawContacts(client, ids)).map((c) => toCrmContact(c, known));
    },
    scanContacts: async (cursor) => scanContacts(client, await fields(), cursor),
    searchContacts: async (query, limit) => searchContacts(client, await fields(), query, limit),
    upsertContacts: async (items) => upsertContacts(client, await fields(), items),
    upsertProducts: (items) => upsertProducts(client, items),
    createLead: async (input) => createLead(client, await fields(), input),
    upsertDeal: async (input) => upsertDeal(client, await fields(), input),
    updateDeal: async (id, patch) => updateDeal(client, await fields(), id, patch),
    getDeal: async (id) => getDeal(client, await fields(), id),
    getDealSummaries: async (ids) => getDealSummaries(client, await fields(), ids),
    addNote: ({ entity, id, text }) => note(entity, id, { note_type: 'common', params: { text } }),
    addLogEntry: ({ entity, id, title, text }) =>
      note(entity, id, { note_type: 'service_message', params: { service: title, text } }),
    addLogEntries: (entries) => addLogEntries(client, entries),
    addTask: (target) => addTask(client, target),
    listPipelines: () => listPipelines(client),
    listUsers: () => listUsers(client),
    writeContactFields: async (contactId, values) =>
      writeContactFields(client, await fields(), contactId, values),
    runMailing: async (delivery, target) => runMailing(client, await fields(), delivery, target),
    async stageMoves(since) {
      const read = await readStageMoves(client, since);
      const known = await fields();
      return {
        ...read,
        moves: await withContacts(read.moves, (ids) => getDealSummaries(client, known, ids)),
      };
    },
  };
}
