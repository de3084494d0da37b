import type { Database } from '@/db/client';
import {
  getCredential,
  putCredential,
  releaseRefreshLease,
  takeRefreshLease,
} from '@/db/queries/credentials';
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

const LEASE_WAIT_MS = 100;
const LEASE_SECONDS = 30;

export function databaseTokenStore(params: {
  database: Database;
  secrets: SecretBox;
  tenantId: string;
  connectionId: string;
}): LimeTokenStore {
  const key = { tenantId: params.tenantId, kind: `lime-tokens:${params.connectionId}` };
  const db = params.database.db;
  const load = async (): Promise<LimeTokenPair | null> => {
    const stored = await getCredential<StoredPair | null>(db, params.secrets, key);
    if (!stored?.secret) return null;
    const { accessToken, refreshToken, expiresAt } = stored.secret;
    return { accessToken, refreshToken, expiresAt: new Date(expiresAt) };
  };
  const save = async (pair: LimeTokenPair | null) => {
    const secret: StoredPair | null = pair ? { ...pair, expiresAt: pair.expiresAt.toISOString() } : null;
    await putCredential(db, params.secrets, { ...key, secret, expiresAt: pair?.expiresAt ?? null });
  };
  return {
    load,
    save,
    async refreshExclusively(refresh) {
      const before = await load();
      // The lease lives on the row: make sure it exists before racing for it.
      if (before === null) await save(null);
      for (let waited = 0; waited < LEASE_SECONDS * 1000; waited += LEASE_WAIT_MS) {
        if (await takeRefreshLease(db, { ...key, seconds: LEASE_SECONDS })) {
          try {
            const fresh = await refresh();
            await save(fresh); // also clears the lease
            return fresh;
          } finally {
            await releaseRefreshLease(db, key);
          }
        }
        await new Promise((r) => setTimeout(r, LEASE_WAIT_MS));
        const now = await load();
        if (now && now.accessToken !== before?.accessToken && now.expiresAt.getTime() > Date.now())
          return now;
      }
      throw new Error('Lime token refresh: another process held the lease too long');
    },
  };
}
