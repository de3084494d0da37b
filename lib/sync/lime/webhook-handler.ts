import { PayloadTooLargeError } from '@/lib/http/errors';
import { type NextRouteContext, publicRoute } from '@/lib/http/route';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import type { LimeDeps } from './connections';
import { MAX_WEBHOOK_BYTES, receiveLimeWebhook } from './webhook';

export type LimeWebhookDeps = LimeDeps & { enqueue: (job: EnqueueRequest) => Promise<string | null> };

/**
 * The route wrapper for Lime as a caller: raw body (the signature covers the exact bytes), the
 * connection id from the path, the error envelope. Answers 200 once the event is in the inbox.
 */
export function limeWebhookHandler(getDeps: () => Promise<LimeWebhookDeps>) {
  return publicRoute<NextRouteContext>('lime-webhook', async (request, context) => {
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > MAX_WEBHOOK_BYTES) throw new PayloadTooLargeError('A Lime event may not exceed 1 MB');
    const { connectionId } = (await context.params) as { connectionId: string };
    const receipt = await receiveLimeWebhook(await getDeps(), {
      connectionId,
      headers: request.headers,
      rawBody: await request.text(),
    });
    return Response.json({ ok: true, eventId: receipt.eventId, duplicate: !receipt.stored });
  });
}
