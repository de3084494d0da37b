import { createHmac } from 'node:crypto';
import type { ParkState } from './park-state';
import { Prng } from './prng';
import type { SimEvent, SimWebhook } from './types';
import { eventWire } from './wire';

/**
 * Webhooks (docs/lime-api.md "Webhooks", assumed): each event is POSTed as the same JSON as in the
 * change feed, signed `X-Lime-Signature: v1=<hex HMAC_SHA256(secret, timestamp + "." + rawBody)>`,
 * at least once and in any order. A subscription receives the events logged after it was made. A
 * delivery that fails (non-2xx, network error, no answer in 10 s) stays pending and is retried by the
 * next deliverWebhooks().
 */

export function subscribe(
  park: ParkState,
  input: { url: string; events: string[]; secret: string },
): SimWebhook {
  const existing = [...park.webhooks.values()].find((w) => w.url === input.url);
  if (existing) {
    existing.events = [...input.events];
    existing.secret = input.secret;
    return existing;
  }
  const webhook: SimWebhook = {
    id: park.next('webhook'),
    url: input.url,
    events: [...input.events],
    secret: input.secret,
    createdAt: park.now(),
    afterEventId: park.events[park.events.length - 1]?.id ?? 0,
    delivered: new Set(),
  };
  park.webhooks.set(webhook.id, webhook);
  return webhook;
}

export function matchesPattern(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))),
  );
}

export function signature(secret: string, timestamp: number | string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

export interface DeliveryReport {
  webhookId: number;
  url: string;
  eventId: number;
  eventType: string;
  /** The receiver's HTTP status, or null when it could not be reached. */
  status: number | null;
  ok: boolean;
  error: string | null;
}

export interface DeliverOptions {
  /** Send each event twice. */
  duplicate?: boolean;
  /** Send in a random order. */
  shuffle?: boolean;
  /** Parallel deliveries (default 1: ascending order unless shuffled). */
  concurrency?: number;
  /**
   * Skip deliveries that failed recently (back-off 2^failures s, at most 5 min), as the periodic
   * delivery does; an explicit deliverWebhooks() retries everything pending.
   */
  backoff?: boolean;
}

const TIMEOUT_MS = 10_000;

export class WebhookDeliverer {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly prng: Prng;
  /** `webhookId:eventId` → failures so far and the earliest next attempt (real time, ms). */
  private readonly failures = new Map<string, { count: number; nextAt: number }>();

  constructor(
    private readonly park: ParkState,
    seed: number,
    private readonly onDelivery?: (report: DeliveryReport) => void,
  ) {
    this.prng = new Prng(seed).fork(11);
  }

  /** Pushes every pending event to every subscription; calls are serialised. */
  deliver(options: DeliverOptions = {}): Promise<{ delivered: number; failed: number }> {
    const run = this.chain.then(() => this.run(options));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private pending(backoff: boolean): { webhook: SimWebhook; event: SimEvent }[] {
    const jobs: { webhook: SimWebhook; event: SimEvent }[] = [];
    const now = Date.now();
    for (const webhook of this.park.webhooks.values()) {
      for (const event of this.park.events) {
        if (event.id <= webhook.afterEventId || webhook.delivered.has(event.id)) continue;
        if (backoff && (this.failures.get(`${webhook.id}:${event.id}`)?.nextAt ?? 0) > now) continue;
        if (matchesPattern(webhook.events, event.type)) jobs.push({ webhook, event });
      }
    }
    return jobs;
  }

  private async run(options: DeliverOptions): Promise<{ delivered: number; failed: number }> {
    const jobs = this.pending(options.backoff ?? false);
    const queue = options.duplicate ? jobs.flatMap((job) => [job, job]) : jobs;
    if (options.shuffle) this.prng.shuffle(queue);
    let delivered = 0;
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const job = queue[next++];
        if (!job) continue;
        if (await this.send(job.webhook, job.event)) delivered++;
        else failed++;
      }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? 1, 32));
    await Promise.all(Array.from({ length: workers }, worker));
    return { delivered, failed };
  }

  private async send(webhook: SimWebhook, event: SimEvent): Promise<boolean> {
    const body = JSON.stringify(eventWire(event, this.park.installation.timeZone));
    const timestamp = Math.floor(this.park.clockNow().getTime() / 1000);
    const report: DeliveryReport = {
      webhookId: webhook.id,
      url: webhook.url,
      eventId: event.id,
      eventType: event.type,
      status: null,
      ok: false,
      error: null,
    };
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const timeout = new Error(`no answer in ${TIMEOUT_MS / 1000} s`);
        abort.abort(timeout);
        reject(timeout);
      }, TIMEOUT_MS);
    });
    try {
      const request = fetch(webhook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Lime-Event-Id': String(event.id),
          'X-Lime-Event-Type': event.type,
          'X-Lime-Timestamp': String(timestamp),
          'X-Lime-Signature': `v1=${signature(webhook.secret, timestamp, body)}`,
        },
        body,
        redirect: 'manual',
        signal: abort.signal,
      });
      const response = await Promise.race([request, deadline]);
      report.status = response.status;
      report.ok = response.status >= 200 && response.status < 300;
      // Only the status counts, so the body is dropped unread. Awaiting it once stalled every later
      // delivery for good: inside `next start` (the sandbox) a body from the app's own route never
      // ended, and neither AbortSignal.timeout nor the abort ended the read.
      response.body?.cancel().catch(() => undefined);
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
    const key = `${webhook.id}:${event.id}`;
    if (report.ok) {
      webhook.delivered.add(event.id);
      this.failures.delete(key);
    } else {
      const count = (this.failures.get(key)?.count ?? 0) + 1;
      this.failures.set(key, { count, nextAt: Date.now() + Math.min(2 ** count * 1000, 300_000) });
    }
    this.onDelivery?.(report);
    return report.ok;
  }
}
