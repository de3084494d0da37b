import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { appendJournal } from '@/db/queries/journal';
import { upsertTenant } from '@/db/queries/tenants';
import { saveSecret } from '@/lib/auth/refresh-lease';
import { accountBaseUrl } from '@/lib/crm/amocrm/account-url';
import { createAmocrmClient, readAccountWithToken, tokenStore } from '@/lib/crm/amocrm/api-client';
import { AmocrmReconnectRequiredError } from '@/lib/crm/amocrm/errors';
import { exchangeCode } from '@/lib/crm/amocrm/oauth';
import { InvalidRequestError, UnauthorizedError } from '@/lib/http/errors';
import { setSetting } from '@/lib/settings/settings';
import { type AmocrmDeps, requireKeys } from './deps';

/**
 * The OAuth callback (reference/amocrm.md §2): with our `state`, or `from_widget` for an install
 * from amoMarket, the code is exchanged once at the `referer` host — a `*.amocrm.ru` host, checked
 * before any request — with our redirect URI. The account is read (its id is the tenant), the tokens
 * stored encrypted, and the account's webhooks subscribed to a path with an unguessable secret.
 */

export const WEBHOOK_EVENTS = [
  'add_contact',
  'update_contact',
  'delete_contact',
  'add_lead',
  'update_lead',
  'status_lead',
];

const accountSchema = z.object({ id: z.coerce.number().int().positive(), subdomain: z.string().min(1) });

export const hashWebhookSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function connectAmocrmAccount(
  deps: AmocrmDeps,
  params: { code: string | null; referer: string | null; stateValid: boolean; fromWidget: boolean },
): Promise<{ tenantId: string; accountId: number; subdomain: string }> {
  const keys = requireKeys(deps);
  if (!params.stateValid && !params.fromWidget)
    throw new UnauthorizedError('This authorization was not started here');
  if (!params.code || !params.referer)
    throw new InvalidRequestError('amoCRM did not send a code and an account');
  const baseUrl = accountBaseUrl(params.referer, deps.allowHttpLoopback);
  if (!baseUrl) throw new InvalidRequestError('The account is not an amoCRM account (*.amocrm.ru)');
  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    tokens = await exchangeCode(baseUrl, keys, params.code, deps.allowHttpLoopback);
  } catch (error) {
    if (error instanceof AmocrmReconnectRequiredError)
      throw new UnauthorizedError('amoCRM refused the code: try connecting again');
    throw error;
  }
  const clientDeps = {
    database: deps.database,
    secrets: deps.secrets,
    allowHttpLoopback: deps.allowHttpLoopback,
    keys,
  };
  const account = accountSchema.parse(
    await readAccountWithToken(deps, { baseUrl, accessToken: tokens.accessToken }),
  );
  const host = new URL(baseUrl).host;
  const connected = await upsertTenant(deps.database.db, {
    kind: 'amocrm',
    externalId: String(account.id),
    domain: host,
  });
  await saveSecret(tokenStore(clientDeps, connected.id), tokens);
  const secret = randomBytes(24).toString('base64url');
  const accountClient = createAmocrmClient(clientDeps, { tenantId: connected.id, baseUrl });
  await accountClient.post('/api/v4/webhooks', {
    destination: `${deps.appUrl}/api/amocrm/webhooks/${secret}`,
    settings: WEBHOOK_EVENTS,
    sort: 10,
  });
  const db = deps.database.db;
  await setSetting(db, {
    tenantId: connected.id,
    key: 'amocrmWebhookSecretHash',
    value: hashWebhookSecret(secret),
  });
  await setSetting(db, {
    tenantId: connected.id,
    key: 'amocrmReconciledUntil',
    value: new Date().toISOString(),
  });
  await appendJournal(db, {
    tenantId: connected.id,
    direction: 'internal',
    operation: 'amocrm.connect',
    status: 'ok',
    details: { accountId: account.id, subdomain: account.subdomain, fromWidget: params.fromWidget },
  });
  return { tenantId: connected.id, accountId: account.id, subdomain: account.subdomain };
}
