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

export function identityCache<V>(ttlMs: number): IdentityCache<V> {
  const byDatabase = new WeakMap<Database, Map<string, { value: V; until: number }>>();
  const entries = (database: Database) => {
    let map = byDatabase.get(database);
    if (!map) {
      map = new Map();
      byDatabase.set(database, map);
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
      if (key === undefined) byDatabase.delete(database);
      else byDatabase.get(database)?.delete(key);
    },
  };
}
