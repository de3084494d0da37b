import type { Database } from '@/db/client';
import type { OutboxEntry } from '@/db/queries/crm-outbox';
import { listMirrorClients } from '@/db/queries/crm-push-reads';
import { findLinkByCrm, findLinksByLime, upsertLink } from '@/db/queries/links';
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

export async function pushClients(
  deps: { database: Database; crm: CrmPort },
  params: {
    tenantId: string;
    connectionId: string;
    entries: OutboxEntry[];
    responsibleUserId: string | null;
    /** The tenant's "new clients as leads": a client the CRM has no contact for arrives as a lead. */
    newClientsAsLeads?: boolean;
  },
): Promise<{ written: number; unchanged: number; created: number; leads: number }> {
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
  const writes: { client: MirrorClient; id: string | null; input: CrmContactInput; hash: string }[] = [];
  const claimed = new Set<string>();
  for (const client of adults) {
    const input = inputs.get(client.id) as CrmContactInput;
    const hash = writeHash(input);
    const link = linked.get(String(client.id));
    if (link?.lastHash === hash) continue;
    const id = link?.crmId ?? (await matchContact(deps, params.tenantId, client, claimed));
    if (id) claimed.add(id);
    writes.push({ client, id, input, hash });
  }
  const asLeads = params.newClientsAsLeads ? writes.filter((w) => w.id === null) : [];
  const leads = await createLeads(deps, params.tenantId, asLeads);
  const contacts = writes.filter((w) => !asLeads.includes(w));
  const results = await deps.crm.upsertContacts(contacts.map((w) => ({ id: w.id, input: w.input })));
  let created = 0;
  for (const [index, write] of contacts.entries()) {
    const result = results[index];
    if (!result) continue;
    if (result.created) created++;
    await upsertLink(db, {
      tenantId: params.tenantId,
      limeType: 'client',
      limeId: String(write.client.id),
      crmEntity: 'contact',
      crmId: result.id,
      lastHash: write.hash,
      syncedFields: syncedFields(write.input),
    });
  }
  return { written: writes.length, unchanged: adults.length - writes.length, created, leads };
}

/**
 * New clients as leads, keyed `lime-client:<id>` (a second push finds the first lead). amoCRM makes
 * the client a contact of the lead, linked as any contact; a Bitrix24 lead holds the client itself
 * until a manager converts it, and the contact it becomes is matched by phone or e-mail then.
 */
async function createLeads(
  deps: { database: Database; crm: CrmPort },
  tenantId: string,
  writes: { client: MirrorClient; input: CrmContactInput; hash: string }[],
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

/** A CRM contact with the client's phone or e-mail that no other Lime client owns (or takes in this batch). */
async function matchContact(
  deps: { database: Database; crm: CrmPort },
  tenantId: string,
  client: MirrorClient,
  claimed: Set<string>,
): Promise<string | null> {
  const query = { phones: client.phone ? [client.phone] : [], emails: client.email ? [client.email] : [] };
  if (query.phones.length === 0 && query.emails.length === 0) return null;
  for (const id of await deps.crm.findContactIds(query)) {
    if (claimed.has(id)) continue;
    const owner = await findLinkByCrm(deps.database.db, { tenantId, crmEntity: 'contact', crmId: id });
    if (!owner) return id;
  }
  return null;
}
