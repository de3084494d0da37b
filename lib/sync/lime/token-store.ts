import type { Database } from '@/db/client';
import { type LeasedSecret, loadSecret, refreshUnderLease, saveSecret } from '@/lib/auth/refresh-lease';
import type { SecretBox } from '@/lib/crypto/secret-box';
import type { LimeTokenPair, LimeTokenStore } from '@/lib/lime/http/create-gateway';

/**
 * Lime password-grant tokens kept encrypted in the database, refreshed under the lease of
 * DESIGN.md "Tokens": one process refreshes, the others wait and re-read the pair it stored.
 */

interface StoredPair {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: string;
}

const toPair = (stored: StoredPair | null): LimeTokenPair | null =>
  stored && {
    accessToken: stored.accessToken,
    refreshToken: stored.refreshToken,
    expiresAt: new Date(stored.expiresAt),
  };

export function databaseTokenStore(params: {
  database: Database;
  secrets: SecretBox;
  tenantId: string;
  connectionId: string;
}): LimeTokenStore {
  const store: LeasedSecret<StoredPair> = {
    database: params.database,
    secrets: params.secrets,
    tenantId: params.tenantId,
    kind: `lime-tokens:${params.connectionId}`,
    expiresAt: (pair) => new Date(pair.expiresAt),
  };
  const toStored = (pair: LimeTokenPair | null): StoredPair | null =>
    pair && { ...pair, expiresAt: pair.expiresAt.toISOString() };
  return {
    load: async () => toPair(await loadSecret(store)),
    save: (pair) => saveSecret(store, toStored(pair)),
    async refreshExclusively(refresh) {
      const fresh = await refreshUnderLease(
        store,
        async () => toStored(await refresh()) as StoredPair,
        (before, now) => now.accessToken !== before?.accessToken && Date.parse(now.expiresAt) > Date.now(),
      );
      return toPair(fresh) as LimeTokenPair;
    },
  };
}
