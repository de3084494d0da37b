import type { Database } from '@/db/client';
import { listBalances, listChildrenOf, type listMirrorClients } from '@/db/queries/crm-push-reads';
import type { CrmContactInput } from '@/lib/crm/crm-port';
import { kopecks } from '@/lib/domain/money';
import { normalizePhone } from '@/lib/domain/phone';

/**
 * What we write to a CRM contact for a Lime client, and the part of it both sides edit (DESIGN.md
 * item 2: name, phone, e-mail, birth date). The push and the pull build it the same way, so what
 * they store agrees: a write that comes back as an event is recognised as ours.
 */

export type MirrorClient = Awaited<ReturnType<typeof listMirrorClients>>[number];

export interface SyncedFields {
  firstName: string;
  lastName: string | null;
  phone: string | null;
  email: string | null;
  birthDate: string | null;
}

export function syncedFields(value: {
  firstName: string;
  lastName: string | null;
  phone: string | null;
  email: string | null;
  birthDate: string | null;
}): SyncedFields {
  return {
    firstName: value.firstName.trim(),
    lastName: value.lastName?.trim() || null,
    phone: normalizePhone(value.phone),
    email: value.email?.trim().toLowerCase() || null,
    birthDate: value.birthDate || null,
  };
}

/** The contact input of each adult, with its children and balances, by Lime client id. */
export async function contactInputs(
  database: Database,
  params: {
    tenantId: string;
    connectionId: string;
    clients: MirrorClient[];
    responsibleUserId: string | null;
  },
): Promise<Map<number, CrmContactInput>> {
  const scope = { tenantId: params.tenantId, connectionId: params.connectionId };
  const ids = params.clients.map((c) => c.id);
  const [children, balances] = await Promise.all([
    listChildrenOf(database.db, { ...scope, parentIds: ids }),
    listBalances(database.db, { ...scope, clientIds: ids }),
  ]);
  const balanceOf = new Map(balances.map((b) => [b.clientId, b]));
  const inputs = new Map<number, CrmContactInput>();
  for (const client of params.clients) {
    const balance = balanceOf.get(client.id);
    inputs.set(client.id, {
      firstName: client.firstName || client.displayName,
      lastName: client.lastName || null,
      phone: client.phone,
      email: client.email,
      birthDate: client.birthDate,
      responsibleUserId: params.responsibleUserId,
      lime: {
        limeClientId: String(client.id),
        cardNumber: client.cardUids[0] ?? null,
        category: 'adult',
        children: children
          .filter((c) => c.parentId === client.id)
          .map((c) => ({
            name: [c.firstName, c.lastName].filter(Boolean).join(' '),
            birthDate: c.birthDate,
          })),
        deposit: balance ? kopecks(balance.depositKopecks) : null,
        bonus: balance ? balance.bonusKopecks / 100 : null,
        lastVisitAt: client.lastVisitAt ? new Date(client.lastVisitAt).toISOString() : null,
      },
    });
  }
  return inputs;
}
