import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { SecretBox } from '@/lib/crypto/secret-box';
import type { Db } from '../client';
import { credentials } from '../schema';

/**
 * Encrypted per-tenant secrets. The associated data `tenant:kind` binds each ciphertext to its row.
 * The refresh lease (DESIGN.md "Tokens"): a committed UPDATE that only one process wins; the winner
 * refreshes outside any transaction, stores the new secret and clears the lease.
 */

const aad = (tenantId: string, kind: string) => `${tenantId}:${kind}`;

export async function putCredential<T>(
  db: Db,
  box: SecretBox,
  params: { tenantId: string; kind: string; secret: T; expiresAt?: Date | null },
): Promise<void> {
  const ciphertext = box.seal(JSON.stringify(params.secret), aad(params.tenantId, params.kind));
  await db
    .insert(credentials)
    .values({ tenantId: params.tenantId, kind: params.kind, ciphertext, expiresAt: params.expiresAt ?? null })
    .onConflictDoUpdate({
      target: [credentials.tenantId, credentials.kind],
      set: {
        ciphertext,
        expiresAt: params.expiresAt ?? null,
        refreshLeaseUntil: null,
        updatedAt: sql`now()`,
      },
    });
}

export async function getCredential<T>(
  db: Db,
  box: SecretBox,
  params: { tenantId: string; kind: string },
): Promise<{ secret: T; expiresAt: Date | null } | null> {
  const [row] = await db
    .select()
    .from(credentials)
    .where(and(eq(credentials.tenantId, params.tenantId), eq(credentials.kind, params.kind)));
  if (!row) return null;
  return {
    secret: JSON.parse(box.open(row.ciphertext, aad(params.tenantId, params.kind))) as T,
    expiresAt: row.expiresAt,
  };
}

export async function deleteCredentials(db: Db, params: { tenantId: string }): Promise<number> {
  const rows = await db
    .delete(credentials)
    .where(eq(credentials.tenantId, params.tenantId))
    .returning({ kind: credentials.kind });
  return rows.length;
}

/** True when this caller won the lease and must refresh; false when another process holds it. */
export async function takeRefreshLease(
  db: Db,
  params: { tenantId: string; kind: string; seconds?: number },
): Promise<boolean> {
  const rows = await db
    .update(credentials)
    .set({ refreshLeaseUntil: sql`now() + make_interval(secs => ${params.seconds ?? 30})` })
    .where(
      and(
        eq(credentials.tenantId, params.tenantId),
        eq(credentials.kind, params.kind),
        or(isNull(credentials.refreshLeaseUntil), lt(credentials.refreshLeaseUntil, sql`now()`)),
      ),
    )
    .returning({ kind: credentials.kind });
  return rows.length === 1;
}

export async function releaseRefreshLease(db: Db, params: { tenantId: string; kind: string }): Promise<void> {
  await db
    .update(credentials)
    .set({ refreshLeaseUntil: null })
    .where(and(eq(credentials.tenantId, params.tenantId), eq(credentials.kind, params.kind)));
}
