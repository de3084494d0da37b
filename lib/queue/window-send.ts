import { type EnqueueRequest, windowJob } from './lanes';

type Enqueue = (job: EnqueueRequest) => Promise<string | null>;

/**
 * Sends the window job for what an inbound request just stored (lanes.ts windowJob), once per
 * process and window: every later request of the window would send the same job id, which the
 * queue ignores, so those sends are skipped. Requests racing the first send wait for it; a send
 * that failed is tried again by the next request. The job cannot have started yet: it starts
 * when the window ends, and a request of the window computes it before then.
 */
const sent = new WeakMap<Enqueue, Map<string, { promise: Promise<unknown>; until: number }>>();

export async function sendWindowJob(
  enqueue: Enqueue,
  kind: string,
  tenantId: string,
  now = Date.now(),
): Promise<void> {
  let memo = sent.get(enqueue);
  if (!memo) {
    memo = new Map();
    sent.set(enqueue, memo);
  }
  const job = windowJob(kind, tenantId, now);
  const id = job.id as string;
  const known = memo.get(id);
  if (known) {
    await known.promise;
    return;
  }
  if (memo.size > 1000) for (const [key, entry] of memo) if (entry.until <= now) memo.delete(key);
  const promise = enqueue(job);
  memo.set(id, { promise, until: (job.startAfter as Date).getTime() });
  try {
    await promise;
  } catch (error) {
    memo.delete(id);
    throw error;
  }
}
