import type { Database } from '@/db/client';

/**
 * Who an inbound caller is (a portal and its application token, an account by its webhook secret,
 * a Lime connection and its secret), remembered for a few seconds per database handle: a burst of
 * events then costs the inbox write alone. Only found identities are kept. A change made by this
 * process forgets the entry at once (`forget`); one made by another process takes effect within
 * the TTL, and a remembered credential the request does not match (`recheck`) is read again before
 * the caller refuses.
 */
export interface IdentityCache<V> {
  /**
   * The remembered value, or `load`'s. When `recheck` says a remembered value may be outdated for
   * this request (its credential does not match: re-installed or rotated elsewhere), it is read again.
   */
  get(
    database: Database,
    key: string,
    load: () => Promise<V | null>,
    recheck?: (value: V) => boolean,
  ): Promise<V | null>;
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
  const reload = async (database: Database, key: string, load: () => Promise<V | null>) => {
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
    async get(database, key, load, recheck) {
      const cached = entries(database).get(key);
      if (cached && cached.until > Date.now() && !recheck?.(cached.value)) return cached.value;
      return reload(database, key, load);
    },
    forget(database, key) {
      if (key === undefined) cache.delete(database);
      else cache.get(database)?.delete(key);
    },
  };
}
