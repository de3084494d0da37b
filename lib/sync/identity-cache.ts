import type { Database } from '@/db/client';

/**
 * Who an inbound caller is (a portal and its application token, an account by its webhook secret,
 * a Lime connection and its secret), remembered for a few seconds per database handle: a burst of
 * events then costs the inbox write alone. Only found identities are kept. A change made by this
 * process forgets the entry at once (`forget`); one made by another process takes effect within
 * the TTL, and a credential that stops matching is always read again before a refusal.
 */
export interface IdentityCache<V> {
  get(database: Database, key: string, load: () => Promise<V | null>): Promise<V | null>;
  /** Reads it again, bypassing and replacing what is remembered. */
  reload(database: Database, key: string, load: () => Promise<V | null>): Promise<V | null>;
  forget(database: Database, key?: string): void;
}

const MAX_ENTRIES = 10_000;

type Entries = WeakMap<Database, Map<string, { value: unknown; until: number }>>;

// On globalThis, like the runtime: Next's route bundles and the ingress (instrumentation's bundle)
// each have their own copy of this module, and a `forget` in one must reach the other.
const holder = globalThis as typeof globalThis & { __limeBridgeIdentities?: Map<string, Entries> };

/** `name` keeps caches apart (and shared between bundles of the same process). */
export function identityCache<V>(name: string, ttlMs: number): IdentityCache<V> {
  holder.__limeBridgeIdentities ??= new Map();
  let byDatabase = holder.__limeBridgeIdentities.get(name);
  if (!byDatabase) {
    byDatabase = new WeakMap();
    holder.__limeBridgeIdentities.set(name, byDatabase);
  }
  const cache = byDatabase as WeakMap<Database, Map<string, { value: V; until: number }>>;
  const entries = (database: Database) => {
    let map = cache.get(database);
    if (!map) {
      map = new Map();
      cache.set(database, map);
    }
    return map;
  };
  const reload: IdentityCache<V>['reload'] = async (database, key, load) => {
    const map = entries(database);
    const value = await load();
    if (value === null) map.delete(key);
    else {
      if (map.size >= MAX_ENTRIES) map.clear();
      map.set(key, { value, until: Date.now() + ttlMs });
    }
    return value;
  };
  return {
    reload,
    async get(database, key, load) {
      const cached = entries(database).get(key);
      if (cached && cached.until > Date.now()) return cached.value;
      return reload(database, key, load);
    },
    forget(database, key) {
      if (key === undefined) cache.delete(database);
      else cache.get(database)?.delete(key);
    },
  };
}
