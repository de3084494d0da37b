import type { Database } from '@/db/client';
import {
  changeBooking,
  clientlessBookingsWithLinks,
  tenantsWithClientlessBookings,
} from '@/db/queries/bookings';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { preorderPushJob } from './booking-service';

/**
 * A booking takes its contact's Lime client when it is made; a contact not yet linked to one then
 * leaves the booking without a client. Every minute (a periodic task), each such booking whose
 * contact has been linked since (a push, an import, a match by phone) takes the client as a new
 * version. A confirmed one still without a pre-order (its push is pending or was refused) is pushed
 * again, so the pre-order is made with the client; held ones get it when confirmed. A pre-order
 * already in Lime keeps no client: Lime's pre-order update takes the time, comment and lines only
 * (docs/lime-api.md). A booking edited meanwhile is looked at again the next minute.
 */
export async function adoptLinkedClients(
  database: Database,
  enqueue: (job: EnqueueRequest) => Promise<string | null>,
): Promise<number> {
  let adopted = 0;
  for (const tenantId of await tenantsWithClientlessBookings(database.db)) {
    for (const { booking, limeClientId } of await clientlessBookingsWithLinks(database.db, { tenantId })) {
      const row = await changeBooking(database.db, {
        tenantId,
        id: booking.id,
        version: booking.version,
        change: { limeClientId },
        bumpVersion: true,
      });
      if (!row) continue;
      adopted++;
      if (row.confirmedAt !== null && row.preorderId === null) await enqueue(preorderPushJob(tenantId, row));
    }
  }
  return adopted;
}
