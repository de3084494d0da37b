import { CHILD_CATEGORY_ID, RELATION_CHILD } from './catalog';
import type { ParkState } from './park-state';
import type { Prng } from './prng';
import { SimError } from './sim-error';
import type { SimCard, SimClient, SimOrigin, SimRelation } from './types';
import { clientWire } from './wire';

/** Client mutations: create, update, relations, cards. Each one emits its event. */

export interface ClientDraft {
  firstName: string;
  lastName: string;
  middleName?: string | null;
  displayName?: string | null;
  phoneNumber?: string | null;
  email?: string | null;
  birthDate?: string | null;
  categoryId?: number;
}

export interface ClientPatch {
  firstName?: string;
  lastName?: string;
  middleName?: string | null;
  phoneNumber?: string | null;
  email?: string | null;
  birthDate?: string | null;
}

function joinName(firstName: string, lastName: string): string {
  return [firstName, lastName].filter((part) => part !== '').join(' ');
}

export function createClient(
  park: ParkState,
  draft: ClientDraft,
  origin: SimOrigin,
  options: { card?: boolean; prng?: Prng } = {},
): SimClient {
  const now = park.now();
  const client: SimClient = {
    id: park.next('client'),
    firstName: draft.firstName,
    lastName: draft.lastName,
    middleName: draft.middleName ?? null,
    displayName: draft.displayName ?? joinName(draft.firstName, draft.lastName),
    phoneNumber: draft.phoneNumber ?? null,
    email: draft.email ?? null,
    birthDate: draft.birthDate ?? null,
    categoryId: draft.categoryId ?? park.adultCategoryId,
    cardIds: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    lastVisitAt: null,
  };
  park.putClient(client);
  if (options.card) park.issueCard(client, options.prng);
  park.emit('client.created', clientWire(park, client), origin);
  return client;
}

/**
 * Applies a patch (undefined: unchanged, null: cleared). A patch that changes nothing changes
 * nothing: no version bump, no event. With `expectedVersion`, a stale version is a conflict.
 */
export function updateClient(
  park: ParkState,
  clientId: number,
  patch: ClientPatch,
  origin: SimOrigin,
  expectedVersion?: number,
): { client: SimClient; changed: boolean } {
  const client = park.client(clientId);
  if (expectedVersion !== undefined && expectedVersion !== client.version) {
    throw new SimError(
      'version_conflict',
      `Клиент ${clientId} изменён: версия ${client.version}, а не ${expectedVersion}`,
      { currentVersion: client.version },
    );
  }
  let changed = false;
  const set = <K extends keyof ClientPatch>(key: K) => {
    const value = patch[key];
    if (value === undefined || client[key] === value) return;
    (client as Pick<SimClient, K>)[key] = value as SimClient[K];
    changed = true;
  };
  set('firstName');
  set('lastName');
  set('middleName');
  set('phoneNumber');
  set('email');
  set('birthDate');
  if (!changed) return { client, changed };
  if (patch.firstName !== undefined || patch.lastName !== undefined) {
    client.displayName = joinName(client.firstName, client.lastName);
  }
  park.reserveContacts(client.phoneNumber, client.email);
  park.touch(client);
  park.emit('client.updated', clientWire(park, client), origin);
  return { client, changed };
}

export function addRelation(
  park: ParkState,
  parentId: number,
  childId: number,
  relationTypeId: number,
  origin: SimOrigin,
): SimRelation {
  const parent = park.client(parentId);
  park.client(childId);
  if (parentId === childId)
    throw new SimError('validation_failed', 'Клиент не может быть связан сам с собой');
  if (!park.relationTypes.some((type) => type.id === relationTypeId)) {
    throw new SimError('validation_failed', `Тип связи ${relationTypeId} не найден`);
  }
  const existing = park.relationsOf(parentId).find((r) => r.childId === childId);
  if (existing) {
    throw new SimError('duplicate', `Связь ${parentId} → ${childId} уже есть`, { existingId: existing.id });
  }
  const relation: SimRelation = {
    id: park.next('relation'),
    parentId,
    childId,
    relationTypeId,
    createdAt: park.now(),
  };
  park.putRelation(relation);
  park.touch(parent);
  park.emit(
    'client.relation.created',
    { clientId: parentId, childClientId: childId, relationId: relation.id, relationTypeId },
    origin,
  );
  return relation;
}

export function removeRelation(park: ParkState, relationId: number, origin: SimOrigin): void {
  const relation = park.relations.get(relationId);
  if (!relation) throw new SimError('not_found', `Связь ${relationId} не найдена`);
  park.dropRelation(relation);
  const parent = park.clients.get(relation.parentId);
  if (parent) park.touch(parent);
  park.emit(
    'client.relation.deleted',
    {
      clientId: relation.parentId,
      childClientId: relation.childId,
      relationId,
      relationTypeId: relation.relationTypeId,
    },
    origin,
  );
}

/** A child registered at the cash desk: a client of the child category with a card, then linked. */
export function addChild(
  park: ParkState,
  parentId: number,
  child: { firstName: string; lastName: string; middleName?: string | null; birthDate: string },
  origin: SimOrigin,
  relationTypeId = RELATION_CHILD,
  prng?: Prng,
): SimClient {
  park.client(parentId);
  const created = createClient(
    park,
    { ...child, categoryId: CHILD_CATEGORY_ID },
    origin,
    prng ? { card: true, prng } : { card: true },
  );
  addRelation(park, parentId, created.id, relationTypeId, origin);
  return created;
}

/** The card the client pays and passes with: the first one, or a new one issued at the desk. */
export function primaryCard(park: ParkState, client: SimClient): SimCard {
  const first = client.cardIds[0];
  const card = first === undefined ? undefined : park.cards.get(first);
  return card ?? park.issueCard(client);
}
