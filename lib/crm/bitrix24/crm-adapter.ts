import type { CrmPort } from '@/lib/crm/crm-port';
import { withContacts } from '@/lib/crm/stage-moves';
import { createBitrix24Calendar } from './calendar';
import { upsertProducts } from './catalog';
import { createLead } from './client-leads';
import { searchContacts } from './contact-search';
import { findContactIds, getRawContacts, scanContacts, toCrmContact, upsertContacts } from './contacts';
import { getDeal, getDealSummaries, updateDeal, upsertDeal } from './deals';
import { listPipelines, listUsers } from './directory';
import { listWorkflowTemplates, writeContactFields } from './mailing';
import { runMailing } from './mailing-run';
import type { Bitrix24Rest } from './rest';
import { readStageMoves } from './stage-history';
import { addLogEntries, addLogEntry, addNote, addTask } from './timeline';

/** CrmPort for Bitrix24, over a REST client of either kind (Market install or webhook). */
export function createBitrix24Crm(rest: Bitrix24Rest): CrmPort {
  return {
    kind: 'bitrix24',
    findContactIds: (query) => findContactIds(rest, query),
    getContacts: async (ids) => (await getRawContacts(rest, ids)).map(toCrmContact),
    scanContacts: (cursor) => scanContacts(rest, cursor),
    searchContacts: (query, limit) => searchContacts(rest, query, limit),
    upsertContacts: (items) => upsertContacts(rest, items),
    upsertProducts: (items) => upsertProducts(rest, items),
    createLead: (input) => createLead(rest, input),
    upsertDeal: (input) => upsertDeal(rest, input),
    updateDeal: (id, patch) => updateDeal(rest, id, patch),
    getDeal: (id) => getDeal(rest, id),
    getDealSummaries: (ids) => getDealSummaries(rest, ids),
    addNote: (target) => addNote(rest, target),
    addLogEntry: (target) => addLogEntry(rest, target),
    addLogEntries: (entries) => addLogEntries(rest, entries),
    addTask: (target) => addTask(rest, target),
    listPipelines: () => listPipelines(rest),
    listUsers: () => listUsers(rest),
    writeContactFields: (contactId, fields) => writeContactFields(rest, contactId, fields),
    runMailing: (delivery, target) => runMailing(rest, delivery, target),
    listWorkflowTemplates: () => listWorkflowTemplates(rest),
    async stageMoves(since) {
      const read = await readStageMoves(rest, since);
      return { ...read, moves: await withContacts(read.moves, (ids) => getDealSummaries(rest, ids)) };
    },
    calendar: createBitrix24Calendar(rest),
  };
}
