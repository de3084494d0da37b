import type { EnqueueRequest } from './lanes';

type Enqueue = (job: EnqueueRequest) => Promise<string | null>;

/**
 * The queue's send, remembering the jobs it created that have a deterministic id and have not
 * started yet (lanes.ts windowJob: one job per tenant and second, started when the second is over).
 * Every inbound request of that second sends the same job, which pg-boss would ignore; this
 * process skips the statement instead. Sends racing the first one wait for it; a failed send is
 * forgotten, so the next request tries again. `forgetTenant` drops a tenant's jobs (cancelled at an
 * uninstall). Only the real queue does this (lib/queue/queue.ts): tests' queues that run jobs at
 * once, ignoring `startAfter`, keep receiving every send.
 */
export function sendingOncePerStart(send: Enqueue): {
  send: Enqueue;
  forgetTenant(tenantId: string): void;
} {
  const pending = new Map<string, { promise: Promise<string | null>; tenantId: string; startsAt: number }>();
  return {
    async send(job) {
      const startsAt = job.startAfter === undefined ? 0 : new Date(job.startAfter).getTime();
      const now = Date.now();
      if (job.id === undefined || startsAt <= now) return send(job);
      const known = pending.get(job.id);
      if (known && known.startsAt > now) {
        await known.promise;
        return null; // the job exists already: what pg-boss answers to a repeated id
      }
      if (pending.size > 1000)
        for (const [id, entry] of pending) if (entry.startsAt <= now) pending.delete(id);
      const promise = send(job);
      pending.set(job.id, { promise, tenantId: job.tenantId, startsAt });
      try {
        return await promise;
      } catch (error) {
        pending.delete(job.id);
        throw error;
      }
    },
    forgetTenant(tenantId) {
      for (const [id, entry] of pending) if (entry.tenantId === tenantId) pending.delete(id);
    },
  };
}
