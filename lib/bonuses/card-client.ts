import type { Db } from '@/db/client';
import { listMirrorClients } from '@/db/queries/crm-push-reads';
import { findMirrorClient, getClientChildren, type MirrorClientRow } from '@/db/queries/lime-client-card';
import { getActiveLimeConnection } from '@/db/queries/lime-connections';
import { findLinkByCrm } from '@/db/queries/links';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import type { CrmPort } from '@/lib/crm/crm-port';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { type BonusErrorWords, bonusErrorWords } from '@/lib/i18n/bonus-errors';
import { type CrmCallDeps, crmOf, viaCrm } from '@/lib/sync/crm-call';
import { BonusRefusedError } from './errors';

/**
 * Whom a card's bonus button credits, from the embed token alone: the contact card's contact, or
 * the deal card's main contact (read from the CRM); then that contact's Lime client — the identity
 * map first (the contact we made for a client), else the contact's Lime id field, phone or e-mail
 * in the mirror, as the card shows it. Only the tenant's active Lime connection counts.
 */

export interface CardClient {
  contactId: string;
  connectionId: string;
  client: MirrorClientRow;
  children: { id: number; name: string; birthDate: string | null }[];
}

const callWords = (words: BonusErrorWords) => ({
  dealGone: words.dealGone,
  contactGone: words.contactGone,
  crmFailed: words.crmFailed,
});

/** The tenant's CRM, made on first use only (a contact card linked to a client needs none). */
export function lazyCrm(deps: CrmCallDeps, tenantId: string): () => Promise<CrmPort> {
  let port: Promise<CrmPort> | undefined;
  return () => {
    port ??= crmOf(deps, tenantId);
    return port;
  };
}

/** The card's contact; the CRM is asked only on a deal card. */
export async function cardContactId(crmLater: () => Promise<CrmPort>, claims: EmbedClaims): Promise<string> {
  const words = bonusErrorWords(claims.locale);
  const entity = claims.entity;
  if (entity?.type === 'contact') return entity.id;
  if (entity?.type !== 'deal' && entity?.type !== 'lead') throw new InvalidRequestError(words.notACard);
  const crm = await crmLater();
  const deal = await viaCrm(callWords(words), () => crm.getDeal(entity.id));
  if (!deal) throw new NotFoundError(words.dealGone);
  const contactId = deal.contactIds[0];
  if (!contactId) throw new BonusRefusedError(words.dealHasNoContact);
  return contactId;
}

async function linkedClient(db: Db, tenantId: string, connectionId: string, contactId: string) {
  const link = await findLinkByCrm(db, { tenantId, crmEntity: 'contact', crmId: contactId });
  if (link?.limeType !== 'client' || !/^\d{1,15}$/.test(link.limeId)) return null;
  const [client] = await listMirrorClients(db, { tenantId, connectionId, ids: [Number(link.limeId)] });
  return client ?? null;
}

async function matchedClient(
  crm: CrmPort,
  db: Db,
  tenantId: string,
  contactId: string,
  words: BonusErrorWords,
) {
  const [contact] = await viaCrm(callWords(words), () => crm.getContacts([contactId]));
  if (!contact) throw new NotFoundError(words.contactGone);
  return findMirrorClient(db, {
    tenantId,
    limeClientId: contact.limeClientId,
    phones: contact.phones,
    emails: contact.emails,
  });
}

/** The tenant's active Lime connection's id; refused in words without one. */
export async function activeLimeConnectionId(
  db: Db,
  tenantId: string,
  words: BonusErrorWords,
): Promise<string> {
  const connection = await getActiveLimeConnection(db, { tenantId });
  if (!connection) throw new BonusRefusedError(words.noLime);
  return connection.id;
}

/** The card's contact with its Lime client and children; refused in words when there is none. */
export async function cardClient(deps: CrmCallDeps, claims: EmbedClaims): Promise<CardClient> {
  const words = bonusErrorWords(claims.locale);
  const connectionId = await activeLimeConnectionId(deps.database.db, claims.tenantId, words);
  const crm = lazyCrm(deps, claims.tenantId);
  const contactId = await cardContactId(crm, claims);
  return contactClient(deps, { tenantId: claims.tenantId, connectionId, contactId, words }, crm);
}

/** A CRM contact's Lime client (of this connection) and children; refused in words when there is none. */
export async function contactClient(
  deps: CrmCallDeps,
  params: { tenantId: string; connectionId: string; contactId: string; words: BonusErrorWords },
  crm: () => Promise<CrmPort> = lazyCrm(deps, params.tenantId),
): Promise<CardClient> {
  const { tenantId, connectionId, contactId, words } = params;
  const db = deps.database.db;
  const client =
    (await linkedClient(db, tenantId, connectionId, contactId)) ??
    (await matchedClient(await crm(), db, tenantId, contactId, words));
  if (!client || client.connectionId !== connectionId) throw new BonusRefusedError(words.noClient);
  const children = await getClientChildren(db, { tenantId, connectionId, clientId: client.id });
  return {
    contactId,
    connectionId,
    client,
    children: children.map((c) => ({
      id: c.id,
      name: [c.firstName, c.lastName].filter(Boolean).join(' '),
      birthDate: c.birthDate,
    })),
  };
}
