import { listTenantClients } from '@/db/queries/crm-push-reads';
import { appendJournal } from '@/db/queries/journal';
import { findLinksByCrm, upsertLink } from '@/db/queries/links';
import type { CrmContact, CrmPort } from '@/lib/crm/crm-port';
import type { ClientPatch } from '@/lib/domain/lime';
import { getSetting } from '@/lib/settings/settings';
import { type CrmDeps, crmForTenant } from '../crm-for-tenant';
import { contactInputs, type MirrorClient, type SyncedFields, syncedFields } from '../crm-push/contact-input';
import { writeHash } from '../crm-push/hash';
import { limeGatewayFor } from '../lime/connections';
import { mergeFields } from './merge';

/**
 * CRM contact edits → Lime (DESIGN.md item 2, "No echo loops"). For each changed contact linked to
 * a Lime client, the fields both sides edit are merged against what the CRM has from us: nothing
 * changed (our own write coming back) → nothing; a manager's edit → one update in Lime, with an
 * idempotency key, and the link's base and hash moved to the new state, so neither Lime's event
 * for that update nor the push that follows writes anything.
 */

export interface PullStats {
  read: number;
  echoes: number;
  written: number;
  conflicts: number;
}

const pick = (values: string[], preferred: string | null) =>
  preferred !== null && values.includes(preferred) ? preferred : (values[0] ?? null);

export async function pullContactEdits(
  deps: CrmDeps & { crm?: CrmPort },
  params: { tenantId: string; contactIds: string[] },
): Promise<PullStats> {
  const stats: PullStats = { read: 0, echoes: 0, written: 0, conflicts: 0 };
  const { db } = deps.database;
  const links = await findLinksByCrm(db, {
    tenantId: params.tenantId,
    crmEntity: 'contact',
    crmIds: [...new Set(params.contactIds)],
  });
  if (links.size === 0) return stats;
  const crm = deps.crm ?? (await crmForTenant(deps, params.tenantId));
  const contacts = await crm.getContacts([...links.keys()]);
  const clients = new Map(
    (
      await listTenantClients(db, {
        tenantId: params.tenantId,
        ids: [...links.values()].map((l) => Number(l.limeId)),
      })
    ).map((c) => [c.id, c]),
  );
  const responsibleUserId = await getSetting(db, { tenantId: params.tenantId, key: 'responsibleUserId' });
  for (const contact of contacts) {
    const link = links.get(contact.id);
    const client = link ? clients.get(Number(link.limeId)) : undefined;
    if (!link || !client) continue;
    stats.read++;
    const lime = syncedFields({ ...client, firstName: client.firstName || client.displayName });
    const crmSide = crmFields(contact, lime);
    const base = (link.syncedFields as SyncedFields | null) ?? null;
    if (base && writeHash(base) === writeHash(crmSide)) {
      stats.echoes++;
      continue;
    }
    const merge = mergeFields({
      base,
      crm: crmSide,
      lime,
      crmUpdatedAt: contact.updatedAt,
      limeUpdatedAt: client.limeUpdatedAt,
    });
    stats.conflicts += merge.conflicts.length;
    const patch = toPatch(merge.toLime);
    if (Object.keys(patch).length > 0) {
      const { gateway } = await limeGatewayFor(deps, {
        tenantId: params.tenantId,
        connectionId: client.connectionId,
      });
      await gateway.updateClient(client.id, patch, {
        idempotencyKey: `crm-edit:${contact.id}:${writeHash(crmSide)}`,
      });
      stats.written++;
      await appendJournal(db, {
        tenantId: params.tenantId,
        direction: 'crm_to_lime',
        operation: 'lime.client.update',
        status: 'ok',
        entity: 'contact',
        entityId: contact.id,
        details: { limeClientId: client.id, fields: Object.keys(patch), conflicts: merge.conflicts },
      });
    }
    // The CRM now has crmSide. If Lime will have the same (no edit of its own pending), the push
    // that follows Lime's event has nothing to write: record its hash now.
    const after: MirrorClient = {
      ...client,
      ...merge.toLime,
      lastName: merge.toLime.lastName === undefined ? client.lastName : (merge.toLime.lastName ?? ''),
    };
    const settled =
      writeHash(syncedFields({ ...after, firstName: after.firstName || after.displayName })) ===
      writeHash(crmSide);
    const input = settled
      ? (
          await contactInputs(deps.database, {
            tenantId: params.tenantId,
            connectionId: client.connectionId,
            clients: [after],
            responsibleUserId,
          })
        ).get(client.id)
      : undefined;
    await upsertLink(db, {
      tenantId: params.tenantId,
      limeType: 'client',
      limeId: link.limeId,
      crmEntity: 'contact',
      crmId: contact.id,
      lastHash: input ? writeHash(input) : null,
      syncedFields: crmSide,
    });
  }
  return stats;
}

/** The contact's side of the shared fields; of several phones or e-mails, the one Lime has if present. */
function crmFields(contact: CrmContact, lime: SyncedFields): SyncedFields {
  return syncedFields({
    firstName: contact.firstName,
    lastName: contact.lastName,
    phone: pick(contact.phones, lime.phone),
    email: pick(
      contact.emails.map((e) => e.toLowerCase()),
      lime.email,
    ),
    birthDate: contact.birthDate,
  });
}

function toPatch(values: Partial<SyncedFields>): ClientPatch {
  const patch: ClientPatch = {};
  if (values.firstName !== undefined) patch.firstName = values.firstName;
  if (values.lastName !== undefined) patch.lastName = values.lastName ?? '';
  if (values.phone !== undefined) patch.phone = values.phone;
  if (values.email !== undefined) patch.email = values.email;
  if (values.birthDate !== undefined) patch.birthDate = values.birthDate;
  return patch;
}
