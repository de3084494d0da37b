import type { CrmPort } from '@/lib/crm/crm-port';
import { upsertProducts } from './catalog';
import { findContactIds, getRawContacts, toCrmContact, upsertContacts } from './contacts';
import { getDeal, upsertDeal } from './deals';
import { listPipelines, listUsers } from './directory';
import type { Bitrix24Rest } from './rest';

/** CrmPort for Bitrix24, over a REST client of either kind (Market install or webhook). */
export function createBitrix24Crm(rest: Bitrix24Rest): CrmPort {
  return {
    kind: 'bitrix24',
    findContactIds: (query) => findContactIds(rest, query),
    getContacts: async (ids) => (await getRawContacts(rest, ids)).map(toCrmContact),
    upsertContacts: (items) => upsertContacts(rest, items),
    upsertProducts: (items) => upsertProducts(rest, items),
    upsertDeal: (input) => upsertDeal(rest, input),
    getDeal: (id) => getDeal(rest, id),
    async addNote({ entity, id, text }) {
      await rest.call('crm.timeline.comment.add', {
        fields: { ENTITY_ID: Number(id), ENTITY_TYPE: entity, COMMENT: text },
      });
    },
    async addLogEntry({ entity, id, title, text }) {
      await rest.call('crm.timeline.logmessage.add', {
        fields: {
          entityTypeId: entity === 'contact' ? 3 : 2,
          entityId: Number(id),
          title,
          text,
          iconCode: 'info',
        },
      });
    },
    listPipelines: () => listPipelines(rest),
    listUsers: () => listUsers(rest),
  };
}
