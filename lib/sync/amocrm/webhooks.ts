import { dedupeKeyOf } from '@/db/queries/inbox';
import { findTenantIdBySettingValue } from '@/db/queries/settings';
import { getTenantById, type Tenant } from '@/db/queries/tenants';
import { UnauthorizedError } from '@/lib/http/errors';
import { parseForm } from '@/lib/http/form-body';
import { windowJob } from '@/lib/queue/lanes';
import { identityCache } from '../identity-cache';
import { storeInbound } from '../inbox-writer';
import { hashWebhookSecret } from './connect';
import type { AmocrmDeps } from './deps';
import { AMOCRM_SYNC_JOB } from './job-names';

/**
 * POST /api/amocrm/webhooks/<secret> (reference/amocrm.md §4): unsigned, so the unguessable path
 * is the proof, plus `account[id]` matching the account the secret was made for. Several items may
 * come in one request (`contacts[update][0][id]`, `[1]`…); each becomes an inbox row, then a job
 * reads the entities (the payload is only a trigger: it carries amoCRM's legacy field layout).
 * Answered well within amoCRM's 2 seconds: nothing but the inbox happens here.
 */

type Entity = 'contacts' | 'leads';
const ACTIONS = ['add', 'update', 'delete', 'status', 'restore', 'responsible'] as const;

export interface WebhookChange {
  entity: Entity;
  action: string;
  id: string;
}

export function changesOf(form: Record<string, unknown>): WebhookChange[] {
  const changes: WebhookChange[] = [];
  for (const entity of ['contacts', 'leads'] as const) {
    const byAction = form[entity];
    if (!byAction || typeof byAction !== 'object') continue;
    for (const action of ACTIONS) {
      const items = (byAction as Record<string, unknown>)[action];
      if (!items || typeof items !== 'object') continue;
      for (const item of Object.values(items as Record<string, unknown>)) {
        const id = (item as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && /^\d+$/.test(id)) changes.push({ entity, action, id });
      }
    }
  }
  return changes;
}

/** Connected accounts by their webhook secret's hash (identity-cache.ts). */
export const accountIdentities = identityCache<Tenant>('amocrm-account', 5_000);

export async function receiveAmocrmWebhook(
  deps: AmocrmDeps,
  params: { secret: string; rawBody: string },
): Promise<{ stored: number }> {
  const refuse = () => new UnauthorizedError('Not a webhook of a connected amoCRM account');
  if (params.secret.length < 16) throw refuse();
  const secretHash = hashWebhookSecret(params.secret);
  const tenant = await accountIdentities.get(deps.database, secretHash, async () => {
    const tenantId = await findTenantIdBySettingValue(deps.database.db, {
      key: 'amocrmWebhookSecretHash',
      value: secretHash,
    });
    const found = tenantId ? await getTenantById(deps.database.db, { tenantId }) : null;
    return found?.kind === 'amocrm' && found.status === 'active' ? found : null;
  });
  if (!tenant) throw refuse();
  // A burst of changes comes as one request with hundreds of items, a dozen keys each.
  const form = parseForm(params.rawBody, { maxKeys: 200_000 });
  const account = form.account as { id?: unknown } | undefined;
  if (String(account?.id ?? '') !== tenant.externalId) throw refuse();
  const changes = changesOf(form);
  const receipts = await Promise.all(
    changes.map((change, index) =>
      storeInbound(deps.database, {
        tenantId: tenant.id,
        source: 'amocrm',
        kind: `${change.entity}.${change.action}`,
        dedupeKey: dedupeKeyOf(`${params.rawBody}#${index}`),
        payload: { ...change, via: 'webhook' },
      }),
    ),
  );
  // One job per account and second, started after the second's webhooks are stored (windowJob).
  if (changes.length > 0) await deps.enqueue(windowJob(AMOCRM_SYNC_JOB, tenant.id));
  return { stored: receipts.filter((receipt) => receipt.stored).length };
}
