import type { Database } from '@/db/client';
import { type InboxInsert, insertInboxRows } from '@/db/queries/inbox';
import { GroupCommit } from './group-commit';

/**
 * The inbound endpoints' one write before they answer: the event into the inbox. Requests of any
 * tenants arriving together share a statement (GroupCommit), one writer per database handle.
 */
const writers = new WeakMap<Database, GroupCommit<InboxInsert, number | null>>();

export async function storeInbound(database: Database, row: InboxInsert): Promise<{ stored: boolean }> {
  let writer = writers.get(database);
  if (!writer) {
    writer = new GroupCommit((rows) => insertInboxRows(database.db, rows));
    writers.set(database, writer);
  }
  return { stored: (await writer.submit(row)) !== null };
}
