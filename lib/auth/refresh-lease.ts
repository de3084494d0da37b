import type { Database } from '@/db/client';
import {
  getCredential,
  putCredential,
  releaseRefreshLease,
  takeRefreshLease,
} from '@/db/queries/credentials';
import type { SecretBox } from '@/lib/crypto/secret-box';

/**
 * One token refresh across every process (DESIGN.md "Tokens"): a committed UPDATE takes the
 * lease on the credential row; the winner refreshes outside any transaction, stores the new secret
 * (which clears the lease) and returns it; the others wait and re-read until the stored secret is
 * one they can use. CRM refresh tokens rotate (amoCRM's are single-use), so a second refresh with
 * the spent token would lose the tenant.
 */

const LEASE_SECONDS = 30;
const WAIT_MS = 100;

export class RefreshLeaseTimeoutError extends Error {
  readonly code = 'REFRESH_LEASE_TIMEOUT' as const;
  constructor(kind: string) {
    super(`Token refresh (${kind}): another process held the lease for ${LEASE_SECONDS} s`);
    this.name = 'RefreshLeaseTimeoutError';
  }
}

export interface LeasedSecret<T> {
  database: Database;
  secrets: SecretBox;
  tenantId: string;
  kind: string;
  /** The secret's expiry, stored beside it for operators (null: none). */
  expiresAt(secret: T): Date | null;
}

export async function loadSecret<T>(store: LeasedSecret<T>): Promise<T | null> {
  const stored = await getCredential<T | null>(store.database.db, store.secrets, {
    tenantId: store.tenantId,
    kind: store.kind,
  });
  return stored?.secret ?? null;
}

export async function saveSecret<T>(store: LeasedSecret<T>, secret: T | null): Promise<void> {
  await putCredential(store.database.db, store.secrets, {
    tenantId: store.tenantId,
    kind: store.kind,
    secret,
    expiresAt: secret === null ? null : store.expiresAt(secret),
  });
}

/**
 * Runs `refresh` in exactly one process at a time. `usable(before, now)` says whether a secret
 * another process stored while this one waited can be used instead of refreshing again.
 */
export async function refreshUnderLease<T>(
  store: LeasedSecret<T>,
  refresh: (current: T | null) => Promise<T>,
  usable: (before: T | null, now: T) => boolean,
): Promise<T> {
  const key = { tenantId: store.tenantId, kind: store.kind };
  const db = store.database.db;
  const before = await loadSecret(store);
  // The lease lives on the row: make sure it exists before racing for it.
  if (before === null) await saveSecret(store, null);
  for (let waited = 0; waited < LEASE_SECONDS * 1000; waited += WAIT_MS) {
    if (await takeRefreshLease(db, { ...key, seconds: LEASE_SECONDS })) {
      try {
        // Another process may have refreshed between our read and the lease: use its result.
        const current = await loadSecret(store);
        if (current !== null && usable(before, current)) return current;
        const fresh = await refresh(current);
        await saveSecret(store, fresh); // also clears the lease
        return fresh;
      } finally {
        await releaseRefreshLease(db, key);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    const now = await loadSecret(store);
    if (now !== null && usable(before, now)) return now;
  }
  throw new RefreshLeaseTimeoutError(store.kind);
}
