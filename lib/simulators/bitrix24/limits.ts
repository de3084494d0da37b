import { RestError } from './rest-error';

/**
 * limits.md, on the simulator's clock:
 * - a leaky bucket per portal (and source IP; every client here shares 127.0.0.1): each REST
 *   request adds 1, the bucket drains `rate` per second, and a request that finds it holding
 *   `burst` or more is refused with 503 QUERY_LIMIT_EXCEEDED without being counted. A batch is
 *   one request. Other apps on our IP can fill it (consumeBucket), never beyond `burst` (their
 *   refused requests are not counted either).
 * - operating time per method: execution seconds summed over the last 10 minutes; at 480 s the
 *   method (only that one) answers 429 OPERATION_TIME_LIMIT until the oldest minute drops off.
 *   `time.operating` / `time.operating_reset_at` report the ledger.
 * - injected faults: the next `times` calls of a method (or of any) answer a given error — before
 *   running it, or (`afterRun`) after it ran, as when the connection drops or a gateway times out
 *   once the portal has done the work: the caller cannot tell whether it happened.
 */

export class LeakyBucket {
  private level = 0;
  private updatedAt: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => Date,
  ) {
    if (!(rate > 0) || !(burst > 0)) throw new Error('limits: rate and burst must be positive');
    this.updatedAt = now().getTime();
  }

  private drain(): void {
    const at = this.now().getTime();
    this.level = Math.max(0, this.level - ((at - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = at;
  }

  /** Counts one request, or refuses it. */
  take(): boolean {
    this.drain();
    if (this.level >= this.burst) return false;
    this.level += 1;
    return true;
  }

  /** `n` requests of another client: counted while there is room, refused (uncounted) after. */
  consume(n: number): void {
    this.drain();
    this.level = Math.max(this.level, Math.min(this.burst, this.level + n));
  }

  get current(): number {
    this.drain();
    return this.level;
  }
}

export const OPERATING_WINDOW_SECONDS = 600;
export const OPERATING_LIMIT_SECONDS = 480;

export class OperatingLedger {
  private readonly entries = new Map<string, { at: number; seconds: number }[]>();

  constructor(private readonly now: () => Date) {}

  private live(method: string): { at: number; seconds: number }[] {
    const cutoff = this.now().getTime() - OPERATING_WINDOW_SECONDS * 1000;
    const list = (this.entries.get(method) ?? []).filter((e) => e.at > cutoff);
    this.entries.set(method, list);
    return list;
  }

  charge(method: string, seconds: number): void {
    this.live(method).push({ at: this.now().getTime(), seconds });
  }

  report(method: string): { operating: number; resetAt: number } {
    const list = this.live(method);
    const operating = list.reduce((sum, e) => sum + e.seconds, 0);
    const oldest = list[0]?.at ?? this.now().getTime();
    return { operating, resetAt: Math.floor(oldest / 1000) + OPERATING_WINDOW_SECONDS };
  }

  blocked(method: string): boolean {
    return this.report(method).operating >= OPERATING_LIMIT_SECONDS;
  }
}

export interface FaultSpec {
  /** A REST method name (any case); absent: every call. */
  method?: string;
  status: number;
  error: string;
  error_description: string;
  /** Default 1. */
  times?: number;
  /** The method runs, and then this error is answered instead of its result. */
  afterRun?: boolean;
}

export class Faults {
  private armed: { spec: FaultSpec; remaining: number }[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('fault times must be a positive integer');
    this.armed.push({ spec, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** The error to answer instead of calling `method` (or, `after`, instead of its result), if armed. */
  take(method: string, after = false): RestError | null {
    const found = this.armed.find(
      (a) =>
        (a.spec.method === undefined || a.spec.method.toLowerCase() === method) &&
        Boolean(a.spec.afterRun) === after,
    );
    if (!found) return null;
    found.remaining -= 1;
    if (found.remaining <= 0) this.armed = this.armed.filter((a) => a !== found);
    return new RestError(found.spec.status, found.spec.error, found.spec.error_description);
  }
}
