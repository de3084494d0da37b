import { getRuntime } from '@/lib/runtime';
import { limeWebhookHandler } from '@/lib/sync/lime/webhook-handler';

export const dynamic = 'force-dynamic';

export const POST = limeWebhookHandler(async () => {
  const runtime = await getRuntime();
  return {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: runtime.config.allowHttpLoopback,
    enqueue: runtime.queue.enqueue,
  };
});
