import type { Db } from '@/db/client';
import { markClientsWithParentsForCrm, markForCrm } from '@/db/queries/crm-outbox';
import type { LimeEvent } from '@/lib/domain/lime';

/**
 * What a batch of Lime events changed that the CRM shows: goods (the catalog), clients (their
 * contacts: a client's own data, its children, its last visit), transactions (deals, timeline) and
 * pre-orders (deals in the booking pipeline). Collected while the batch applies
 * and written to the CRM outbox once, in the batch's transaction.
 */
export class CrmMarks {
  private readonly goods = new Map<string, Set<number>>();
  private readonly clients = new Map<string, Set<number>>();
  private readonly transactions = new Map<string, Set<number>>();
  private readonly preorders = new Map<string, Set<number>>();

  note(connectionId: string, event: LimeEvent): void {
    for (const target of marksOf(event)) {
      const map = {
        good: this.goods,
        client: this.clients,
        transaction: this.transactions,
        preorder: this.preorders,
      }[target.kind];
      let set = map.get(connectionId);
      if (!set) {
        set = new Set();
        map.set(connectionId, set);
      }
      set.add(target.id);
    }
  }

  async flush(tx: Db, tenantId: string): Promise<void> {
    for (const [connectionId, ids] of this.goods)
      await markForCrm(tx, { tenantId, connectionId, kind: 'good', limeIds: [...ids] });
    for (const [connectionId, ids] of this.clients)
      await markClientsWithParentsForCrm(tx, { tenantId, connectionId, clientIds: [...ids] });
    for (const [connectionId, ids] of this.transactions)
      await markForCrm(tx, { tenantId, connectionId, kind: 'transaction', limeIds: [...ids] });
    for (const [connectionId, ids] of this.preorders)
      await markForCrm(tx, { tenantId, connectionId, kind: 'preorder', limeIds: [...ids] });
    this.goods.clear();
    this.clients.clear();
    this.transactions.clear();
    this.preorders.clear();
  }
}

type Mark = { kind: 'good' | 'client' | 'transaction' | 'preorder'; id: number };

function marksOf(event: LimeEvent): Mark[] {
  switch (event.type) {
    case 'client.created':
    case 'client.updated':
      return [{ kind: 'client', id: event.client.id }];
    case 'client.relation.created':
    case 'client.relation.deleted':
      return [{ kind: 'client', id: event.parentId }];
    case 'transaction.created': {
      const own: Mark = { kind: 'transaction', id: event.transaction.id };
      const client = event.transaction.clientId;
      return client === null ? [own] : [own, { kind: 'client', id: client }];
    }
    case 'good.created':
    case 'good.updated':
      return [{ kind: 'good', id: event.good.id }];
    case 'good.deleted':
      return [{ kind: 'good', id: event.goodId }];
    case 'preorder.created':
    case 'preorder.updated':
    case 'preorder.cancelled': {
      // The client too, as for a purchase: its contact is pushed before the deal that links it.
      const own: Mark = { kind: 'preorder', id: event.preorder.id };
      const client = event.preorder.clientId;
      return client === null ? [own] : [own, { kind: 'client', id: client }];
    }
    default:
      return [];
  }
}
