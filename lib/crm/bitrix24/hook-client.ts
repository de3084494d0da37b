import { B24Hook, SdkError } from '@bitrix24/b24jssdk';
import type { Database } from '@/db/client';
import { type Bitrix24Rest, createRest } from './rest';
import { SDK_RESTRICTIONS_OFF, takeOverTransport } from './sdk-transport';

/**
 * Webhook mode (the Pixlpark seed): a portal that cannot install Market apps gives us an inbound
 * webhook URL (`https://portal/rest/<user>/<secret>/`); calls run with that user's rights. B24Hook
 * insists on https (JSSDK_HOOK_URL_NOT_HTTPS), which we keep: the secret is in the URL.
 * App-context methods (placements, event.bind, offline events) do not exist for webhooks, so such
 * portals are synced headless: outgoing-webhook events plus reconciliation on a timer.
 */

export class InvalidWebhookUrlError extends Error {
  readonly code = 'BITRIX24_WEBHOOK_URL_INVALID' as const;
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidWebhookUrlError';
  }
}

const REASONS: Record<string, string> = {
  JSSDK_HOOK_URL_EMPTY: 'The webhook address is empty',
  JSSDK_HOOK_URL_INVALID: 'This is not a web address',
  JSSDK_HOOK_URL_NOT_HTTPS: 'The webhook address must start with https://',
  JSSDK_HOOK_URL_MALFORMED: 'A Bitrix24 inbound webhook looks like https://portal/rest/1/abc123/',
  JSSDK_HOOK_URL_USER_ID_NOT_NUMERIC: 'A Bitrix24 inbound webhook looks like https://portal/rest/1/abc123/',
};

export function parseWebhookUrl(url: string): { b24: B24Hook; origin: string; userId: number } {
  let b24: B24Hook;
  try {
    b24 = B24Hook.fromWebhookUrl(url.trim(), { restrictionParams: SDK_RESTRICTIONS_OFF });
  } catch (error) {
    if (error instanceof SdkError) throw new InvalidWebhookUrlError(REASONS[error.code] ?? error.message);
    throw error;
  }
  const parsed = new URL(url.trim());
  const userId = Number(parsed.pathname.split('/').filter(Boolean).at(-2));
  return { b24, origin: parsed.origin, userId };
}

export function createHookRest(params: {
  database: Database;
  /** The rate-limit bucket's owner: the tenant, or the portal before it becomes one. */
  bucketOwner: string;
  webhookUrl: string;
  allowHttpLoopback: boolean;
  ca?: string;
}): Bitrix24Rest {
  const { b24 } = parseWebhookUrl(params.webhookUrl);
  b24.offClientSideWarning();
  takeOverTransport(b24, {
    database: params.database,
    tenantId: params.bucketOwner,
    allowHttpLoopback: params.allowHttpLoopback,
    ca: params.ca,
  });
  return createRest(b24, { database: params.database, tenantId: params.bucketOwner });
}
