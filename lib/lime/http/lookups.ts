import type { ClientCategory } from '@/lib/domain/lime';
import { LimeCapabilityMissingError } from '../errors';
import { selectClientCategories, selectRelationTypes } from './assumed-operations';
import type { LimeOperationContext } from './observed-operations';
import { readAllPages } from './paging';

/**
 * The small reference lists a client needs to be read in domain terms: client categories (id →
 * adult/child) and relation type names. Cached per gateway for a while; read again sooner when a
 * client names an id we have not seen. An installation without these lists (404) gets empty maps:
 * categories read as null and relation names as ''.
 */

const TTL_MS = 10 * 60_000;
/** An unknown id refreshes the list, but not more often than this. */
const MIN_REFRESH_MS = 30_000;

export interface ClientLookups {
  clientCategories: ReadonlyMap<number, ClientCategory | null>;
  relationTypeNames: ReadonlyMap<number, string>;
}

class CachedList<T> {
  private value: ReadonlyMap<number, T> | null = null;
  private loadedAt = 0;
  private inFlight: Promise<ReadonlyMap<number, T>> | null = null;

  constructor(
    private readonly load: () => Promise<ReadonlyMap<number, T>>,
    private readonly now: () => Date,
  ) {}

  async get(wanted: readonly number[]): Promise<ReadonlyMap<number, T>> {
    const age = this.now().getTime() - this.loadedAt;
    const missing = this.value !== null && wanted.some((id) => !this.value?.has(id));
    if (this.value !== null && age < TTL_MS && !(missing && age >= MIN_REFRESH_MS)) return this.value;
    if (this.inFlight === null) {
      const flight = this.load()
        .then((value) => {
          this.value = value;
          this.loadedAt = this.now().getTime();
          return value;
        })
        .finally(() => {
          if (this.inFlight === flight) this.inFlight = null;
        });
      this.inFlight = flight;
    }
    return this.inFlight;
  }
}

async function orEmpty<T>(load: () => Promise<Map<number, T>>): Promise<Map<number, T>> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof LimeCapabilityMissingError) return new Map();
    throw error;
  }
}

function categoryKind(kind: string | null | undefined): ClientCategory | null {
  return kind === 'adult' || kind === 'child' ? kind : null;
}

export function createClientLookups(ctx: LimeOperationContext, now: () => Date) {
  const categories = new CachedList(
    () =>
      orEmpty(async () => {
        const rows = await readAllPages('ClientCategories/Select', (page) =>
          selectClientCategories(ctx, page),
        );
        return new Map(rows.map((row) => [row.id, categoryKind(row.kind)]));
      }),
    now,
  );
  const relationTypes = new CachedList(
    () =>
      orEmpty(async () => {
        const rows = await readAllPages('RelationTypes/Select', (page) => selectRelationTypes(ctx, page));
        return new Map(rows.map((row) => [row.id, row.name]));
      }),
    now,
  );
  return {
    /** The lists needed to read these clients (ids they mention may trigger a refresh). */
    async forClients(
      clients: readonly {
        categoryId?: number | null;
        cards?: readonly { categoryId?: number | null }[] | null;
        relations?: readonly { relationTypeId: number; client: { categoryId?: number | null } }[] | null;
      }[],
    ): Promise<ClientLookups> {
      const categoryIds = new Set<number>();
      const relationTypeIds = new Set<number>();
      const note = (id: number | null | undefined) => {
        if (id !== null && id !== undefined) categoryIds.add(id);
      };
      for (const client of clients) {
        note(client.categoryId);
        for (const card of client.cards ?? []) note(card.categoryId);
        for (const relation of client.relations ?? []) {
          relationTypeIds.add(relation.relationTypeId);
          note(relation.client.categoryId);
        }
      }
      const [clientCategories, relationTypeNames] = await Promise.all([
        categoryIds.size > 0 ? categories.get([...categoryIds]) : Promise.resolve(new Map()),
        relationTypeIds.size > 0 ? relationTypes.get([...relationTypeIds]) : Promise.resolve(new Map()),
      ]);
      return { clientCategories, relationTypeNames };
    },
  };
}

export type ClientLookupCache = ReturnType<typeof createClientLookups>;
