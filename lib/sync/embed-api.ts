import type { EmbedClaims } from '@/lib/auth/embed-token';
import { InvalidRequestError } from '@/lib/http/errors';
import { type ClientCard, getContactCard } from './client-card';
import { type CrmDeps, crmForTenant } from './crm-for-tenant';

/** What the embedded pages ask for, answered from the embed token's claims only. */

export async function contactCardForClaims(deps: CrmDeps, claims: EmbedClaims): Promise<ClientCard> {
  if (claims.entity?.type !== 'contact') throw new InvalidRequestError('This frame does not show a contact');
  const crm = await crmForTenant(deps, claims.tenantId);
  return getContactCard(
    { database: deps.database, crm },
    { tenantId: claims.tenantId, contactId: claims.entity.id },
  );
}
