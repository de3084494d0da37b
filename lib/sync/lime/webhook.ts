import { z } from 'zod';
import { findLimeConnectionForWebhook } from '@/db/queries/lime-connections';
import { BadRequestError, PayloadTooLargeError, UnauthorizedError } from '@/lib/http/errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { storeInbound } from '../inbox-writer';
import { type LimeDeps, limeWebhookIdentities, limeWebhookSecret, type WebhookIdentity } from './connections';
import { drainJobFor } from './drain';
import { verifyLimeSignature } from './signature';

/**
 * POST /api/lime/webhook/<connection id>: authenticated first (the connection's secret, HMAC over
 * the raw body, timestamp window), then stored in the inbox, then answered; the drain job applies
 * it. A forged, stale or malformed request is refused and nothing is stored. The event id dedupes
 * repeated deliveries.
 */

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

const eventHeadSchema = z.looseObject({
  id: z.number().int().positive(),
  type: z.string().min(1).max(100),
  data: z.unknown(),
});

export interface WebhookReceipt {
  eventId: number;
  stored: boolean;
}

async function loadIdentity(deps: LimeDeps, connectionId: string): Promise<WebhookIdentity | null> {
  const connection = await findLimeConnectionForWebhook(deps.database.db, { connectionId });
  const secret = connection
    ? await limeWebhookSecret(deps, { tenantId: connection.tenantId, connectionId: connection.id })
    : null;
  if (!connection || !secret || connection.status === 'disabled') return null;
  return { connection: { id: connection.id, tenantId: connection.tenantId }, secret };
}

export async function receiveLimeWebhook(
  deps: LimeDeps & { enqueue: (job: EnqueueRequest) => Promise<string | null> },
  params: { connectionId: string; headers: Headers; rawBody: string; now?: Date },
): Promise<WebhookReceipt> {
  if (Buffer.byteLength(params.rawBody) > MAX_WEBHOOK_BYTES) {
    throw new PayloadTooLargeError('A Lime event may not exceed 1 MB');
  }
  const load = () => loadIdentity(deps, params.connectionId);
  const verdicts = new Map<WebhookIdentity, ReturnType<typeof verifyLimeSignature>>();
  const verify = (identity: WebhookIdentity) => {
    const known = verdicts.get(identity);
    if (known) return known;
    const verdict = verifyLimeSignature({
      secret: identity.secret,
      rawBody: params.rawBody,
      timestampHeader: params.headers.get('x-lime-timestamp'),
      signatureHeader: params.headers.get('x-lime-signature'),
      nowSeconds: Math.floor((params.now ?? new Date()).getTime() / 1000),
    });
    verdicts.set(identity, verdict);
    return verdict;
  };
  // The secret may have been rotated by another process since it was remembered: read again.
  const identity = await limeWebhookIdentities.get(
    deps.database,
    params.connectionId,
    load,
    (remembered) => verify(remembered) === 'mismatch',
  );
  if (!identity) throw new UnauthorizedError('Unknown Lime connection');
  const verdict = verify(identity);
  const { connection } = identity;
  if (verdict !== 'ok') {
    const why = { missing: 'is missing', stale: 'is too old or in the future', mismatch: 'does not match' }[
      verdict
    ];
    throw new UnauthorizedError(`The Lime signature ${why}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(params.rawBody);
  } catch {
    throw new BadRequestError('The body is not JSON');
  }
  const head = eventHeadSchema.safeParse(json);
  if (!head.success)
    throw new BadRequestError('The body is not a Lime event (id, type and data are required)');
  const headerId = params.headers.get('x-lime-event-id');
  if (headerId !== null && headerId !== String(head.data.id)) {
    throw new BadRequestError('X-Lime-Event-Id does not match the event');
  }
  const { stored } = await storeInbound(deps.database, {
    tenantId: connection.tenantId,
    source: 'lime',
    kind: head.data.type,
    dedupeKey: `${connection.id}:${head.data.id}`,
    payload: { connectionId: connection.id, event: json },
  });
  await deps.enqueue(drainJobFor(connection.tenantId));
  return { eventId: head.data.id, stored };
}
