import { z } from 'zod';
import type { Database } from '@/db/client';
import { markClientsWithParentsForCrm } from '@/db/queries/crm-outbox';
import { findMirrorClient } from '@/db/queries/lime-client-card';
import { findLinksByLime, forgetLinkHash } from '@/db/queries/links';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { normalizePhone } from '@/lib/domain/phone';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { crmPushJobFor } from './crm-push/jobs';

/**
 * "Send to CRM" (DESIGN.md item 7, the Pixlpark seed's manual button): a manager names a Lime client
 * by phone, e-mail or Lime id; the client (or, for a child, its parents) is pushed to the CRM now,
 * written again even if the CRM should have it already.
 */

const bodySchema = z.object({ query: z.string().trim().min(1).max(200) });

export interface SendClientResult {
  client: { id: number; name: string; category: string | null };
  /** The CRM contact the client is linked to so far (null until the first push). */
  contactId: string | null;
  queued: boolean;
}

export async function sendClientToCrm(
  deps: { database: Database; enqueue(job: EnqueueRequest): Promise<string | null> },
  claims: EmbedClaims,
  body: unknown,
): Promise<SendClientResult> {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('Give a phone, an e-mail or a Lime client id');
  const query = parsed.data.query;
  const { db } = deps.database;
  const isEmail = query.includes('@');
  const phone = isEmail ? null : normalizePhone(query);
  const client = await findMirrorClient(db, {
    tenantId: claims.tenantId,
    limeClientId: /^\d{1,9}$/.test(query) ? query : null,
    phones: phone ? [phone] : [],
    emails: isEmail ? [query] : [],
  });
  if (!client) throw new NotFoundError('Lime has no client with this phone, e-mail or id');
  const links = await findLinksByLime(db, {
    tenantId: claims.tenantId,
    limeType: 'client',
    crmEntity: 'contact',
    limeIds: [String(client.id)],
  });
  const link = links.get(String(client.id));
  // Forget what we last wrote: the push writes the contact whatever the CRM is thought to have.
  if (link) await forgetLinkHash(db, link);
  await markClientsWithParentsForCrm(db, {
    tenantId: claims.tenantId,
    connectionId: client.connectionId,
    clientIds: [client.id],
  });
  const job = await crmPushJobFor(db, claims.tenantId);
  if (job) await deps.enqueue(job);
  return {
    client: { id: client.id, name: client.displayName, category: client.category },
    contactId: link?.crmId ?? null,
    queued: job !== null,
  };
}
