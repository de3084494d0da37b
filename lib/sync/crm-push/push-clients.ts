import type { Database } from '@/db/client';
import type { OutboxEntry } from '@/db/queries/crm-outbox';
import { listMirrorClients } from '@/db/queries/crm-push-reads';
import { findLinkByCrm, findLinksByLime, upsertLink, upsertLinks } from '@/db/queries/links';
import type { CrmContactInput, CrmPort } from '@/lib/crm/crm-port';
import { contactInputs, type MirrorClient, syncedFields } from './contact-input';
import { writeHash } from './hash';

/**
 * Lime clients → CRM contacts (DESIGN.md item 2): name, phone, e-mail, birth date, and our fields —
 * Lime id, card, category, the children (names and birthdays) linked to the client, balances, last
 * visit. A client already linked updates its contact; otherwise a CRM contact with the same phone
 * or e-mail (not linked to another client) is taken over before one is created, so nothing is
 * duplicated. Children are not contacts of their own: they show on their parents'. What the CRM
 * already has (the hash of our last write) is not written again.
 */

type PushClientsParams = {
  tenantId: string;
  connectionId: string;
  entries: OutboxEntry[];
  responsibleUserId: string | null;
  /** The tenant's "new clients as leads": a client the CRM has no contact for arrives as a lead. */
  newClientsAsLeads?: boolean;
  /** Matching from a scan of every CRM contact (the import) instead of a search per client. */
  matcher?: ContactMatcher;
  /** Contacts taken by earlier rounds not yet linked (the import prepares a round ahead). */
  claimed?: Set<string>;
};

export type PushClientsStats = {
  written: number;
  unchanged: number;
  created: number;
  matched: number;
  leads: number;
};

export async function pushClients(
  deps: { database: Database; crm: CrmPort },
  params: PushClientsParams,
): Promise<PushClientsStats> {
  return writeClients(deps, params, await planClients(deps, params));
}

export interface ClientsPlan {
  adults: number;
  matched: number;
  writes: Write[];
}

/** The database half of a round: what to write and to which contact. No CRM write. */
export async function planClients(
  deps: { database: Database; crm: CrmPort },
  params: PushClientsParams,
): Promise<ClientsPlan> {
  const { db } = deps.database;
  const scope = { tenantId: params.tenantId, connectionId: params.connectionId };
  const adults = (await listMirrorClients(db, { ...scope, ids: params.entries.map((e) => e.limeId) })).filter(
    (c) => c.category !== 'child',
  );
  const [inputs, linked] = await Promise.all([
    contactInputs(deps.database, { ...scope, clients: adults, responsibleUserId: params.responsibleUserId }),
    findLinksByLime(db, {
      tenantId: params.tenantId,
      limeType: 'client',
      crmEntity: 'contact',
      limeIds: adults.map((c) => String(c.id)),
    }),
  ]);
  const writes: Write[] = [];
  const claimed = params.claimed ?? new Set<string>();
  let matched = 0;
  for (const client of adults) {
    const input = inputs.get(client.id) as CrmContactInput;
    const hash = writeHash(input);
    const link = linked.get(String(client.id));
    if (link?.lastHash === hash) continue;
    const id = link?.crmId ?? (await matchContact(deps, params.tenantId, client, claimed, params.matcher));
    if (id) claimed.add(id);
    if (id && !link) matched++;
    writes.push({ client, id, input, hash, unseen: params.matcher !== undefined && id === null });
  }
  return { adults: adults.length, matched, writes };
}

/** The CRM half of a round: the writes, then the links (with what was written). */
export async function writeClients(
  deps: { database: Database; crm: CrmPort },
  params: Pick<PushClientsParams, 'tenantId' | 'newClientsAsLeads'>,
  plan: ClientsPlan,
): Promise<PushClientsStats> {
  const { writes } = plan;
  const asLeads = params.newClientsAsLeads ? writes.filter((w) => w.id === null) : [];
  const leads = await createLeads(deps, params.tenantId, asLeads);
  const contacts = writes.filter((w) => !asLeads.includes(w));
  const results = await deps.crm.upsertContacts(
    contacts.map((w) => ({ id: w.id, input: w.input, unseen: w.unseen })),
  );
  let created = 0;
  const rows = contacts.flatMap((write, index) => {
    const result = results[index];
    if (!result) return [];
    if (result.created) created++;
    return [
      {
        limeType: 'client',
        limeId: String(write.client.id),
        crmEntity: 'contact',
        crmId: result.id,
        lastHash: write.hash,
        syncedFields: syncedFields(write.input),
      },
    ];
  });
  await upsertLinks(deps.database.db, { tenantId: params.tenantId, rows });
  return {
    written: writes.length,
    unchanged: plan.adults - writes.length,
    created,
    matched: plan.matched,
    leads,
  };
}

interface Write {
  client: MirrorClient;
  id: string | null;
  input: CrmContactInput;
  hash: string;
  /** No contact was made for this client before (the import's scan says so): no lookup on create. */
  unseen: boolean;
}

/** What the import knows of every CRM contact, from one scan. */
export interface ContactMatcher {
  /** The contact whose Lime client field is this id. */
  madeFor(limeClientId: string): string | null;
  /** Contacts with one of these phones (digits) or e-mails, lowest id first. */
  withPhoneOrEmail(query: { phones: string[]; emails: string[] }): string[];
}

/**
 * New clients as leads, keyed `lime-client:<id>` (a second push finds the first lead). amoCRM makes
 * the client a contact of the lead, linked as any contact; a Bitrix24 lead holds the client itself
 * until a manager converts it, and the contact it becomes is matched by phone or e-mail then.
 */
async function createLeads(
  deps: { database: Database; crm: CrmPort },
  tenantId: string,
  writes: Write[],
): Promise<number> {
  let created = 0;
  for (const write of writes) {
    const { responsibleUserId, ...contact } = write.input;
    const lead = await deps.crm.createLead({
      externalKey: `lime-client:${write.client.id}`,
      title: `Новый клиент Лайма: ${write.client.displayName}`,
      contact,
      responsibleUserId,
    });
    if (lead.created) created++;
    const link = { tenantId, limeType: 'client', limeId: String(write.client.id) };
    await upsertLink(deps.database.db, { ...link, crmEntity: 'lead', crmId: lead.leadId });
    if (lead.contactId)
      await upsertLink(deps.database.db, {
        ...link,
        crmEntity: 'contact',
        crmId: lead.contactId,
        lastHash: write.hash,
        syncedFields: syncedFields(write.input),
      });
  }
  return created;
}

/**
 * A contact made for this client before (the import's scan sees our Lime id field), else a CRM
 * contact with the client's phone or e-mail that no other Lime client owns (or takes in this batch).
 */
async function matchContact(
  deps: { database: Database; crm: CrmPort },
  tenantId: string,
  client: MirrorClient,
  claimed: Set<string>,
  matcher: ContactMatcher | undefined,
): Promise<string | null> {
  const made = matcher?.madeFor(String(client.id));
  if (made) return made;
  const query = { phones: client.phone ? [client.phone] : [], emails: client.email ? [client.email] : [] };
  if (query.phones.length === 0 && query.emails.length === 0) return null;
  const candidates = matcher ? matcher.withPhoneOrEmail(query) : await deps.crm.findContactIds(query);
  for (const id of candidates) {
    if (claimed.has(id)) continue;
    const owner = await findLinkByCrm(deps.database.db, { tenantId, crmEntity: 'contact', crmId: id });
    if (!owner) return id;
  }
  return null;
}
