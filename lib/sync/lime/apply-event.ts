import type { Db } from '@/db/client';
import {
  deactivateMirrorGood,
  deleteMirrorRelation,
  insertMirrorTransaction,
  markBalancesStale,
  upsertMirrorClient,
  upsertMirrorGood,
  upsertMirrorPreorder,
  upsertMirrorRelation,
} from '@/db/queries/lime-mirror';
import type { LimeEvent } from '@/lib/domain/lime';

/**
 * Applies one Lime event to the mirror, inside the caller's transaction. Called only for events
 * the ledger has not seen, so each effect (a visit counted, a transaction stored) happens once.
 * Balances are not derived from events: the clients they touch are marked for a re-read from Lime.
 */
export async function applyLimeEvent(
  tx: Db,
  scope: { tenantId: string; connectionId: string },
  event: LimeEvent,
): Promise<void> {
  const seq = event.seq;
  switch (event.type) {
    case 'client.created':
    case 'client.updated':
      await upsertMirrorClient(tx, { ...scope, client: event.client, seq });
      return;
    case 'client.relation.created':
      await upsertMirrorRelation(tx, {
        ...scope,
        relationId: event.relationId,
        parentId: event.parentId,
        childId: event.childId,
        relationTypeId: event.relationTypeId,
        relationTypeName: event.relationTypeName,
        seq,
      });
      return;
    case 'client.relation.deleted':
      await deleteMirrorRelation(tx, {
        ...scope,
        relationId: event.relationId,
        parentId: event.parentId,
        childId: event.childId,
        seq,
      });
      return;
    case 'transaction.created':
      await insertMirrorTransaction(tx, { ...scope, transaction: event.transaction });
      if (event.transaction.clientId !== null) {
        await markBalancesStale(tx, { ...scope, clientId: event.transaction.clientId });
      }
      return;
    case 'bonus.accrued':
      await markBalancesStale(tx, { ...scope, clientId: event.accrual.clientId });
      return;
    case 'preorder.created':
    case 'preorder.updated':
    case 'preorder.cancelled':
      await upsertMirrorPreorder(tx, { ...scope, preorder: event.preorder, seq });
      return;
    case 'good.created':
    case 'good.updated':
      await upsertMirrorGood(tx, { ...scope, good: event.good, seq });
      return;
    case 'good.deleted':
      await deactivateMirrorGood(tx, { ...scope, goodId: event.goodId, seq });
      return;
  }
}
