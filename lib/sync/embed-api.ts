import type { EmbedClaims } from '@/lib/auth/embed-token';
import { InvalidRequestError } from '@/lib/http/errors';
import { type ClientCard, getContactCard } from './client-card';
import { type CrmDeps, crmForTenant } from './crm-for-tenant';
import { getSelection, type SelectionView } from './selection';

/** What the embedded pages ask for, answered from the embed token's claims only. */

export async function contactCardForClaims(deps: CrmDeps, claims: EmbedClaims): Promise<ClientCard> {
  if (claims.entity?.type !== 'contact') throw new InvalidRequestError('This frame does not show a contact');
  const crm = await crmForTenant(deps, claims.tenantId);
  return getContactCard(
    { database: deps.database, crm },
    { tenantId: claims.tenantId, contactId: claims.entity.id },
  );
}

export interface DealCard {
  deal: { id: string; title: string; externalKey: string | null } | null;
  card: ClientCard | null;
}

/** The deal tab: the deal's Lime origin (our key on it, if we made it) and its contact's Lime card. */
export async function dealCardForClaims(deps: CrmDeps, claims: EmbedClaims): Promise<DealCard> {
  if (claims.entity?.type !== 'deal' && claims.entity?.type !== 'lead') {
    throw new InvalidRequestError('This frame does not show a deal');
  }
  const crm = await crmForTenant(deps, claims.tenantId);
  const deal = await crm.getDeal(claims.entity.id);
  if (!deal) return { deal: null, card: null };
  const contactId = deal.contactIds[0];
  const card = contactId
    ? await getContactCard({ database: deps.database, crm }, { tenantId: claims.tenantId, contactId })
    : null;
  return { deal: { id: deal.id, title: deal.title, externalKey: deal.externalKey }, card };
}

/** A list selection page: the ticked rows (named in the token, never in the URL) with their Lime side. */
export async function selectionForClaims(deps: CrmDeps, claims: EmbedClaims): Promise<SelectionView> {
  if (!claims.selection) throw new InvalidRequestError('This frame shows no list selection');
  const crm = await crmForTenant(deps, claims.tenantId);
  return getSelection(
    { database: deps.database, crm },
    { tenantId: claims.tenantId, type: claims.selection.type, ids: claims.selection.ids },
  );
}
