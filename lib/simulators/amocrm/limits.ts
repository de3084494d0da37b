/**
 * amoCRM's limits: at most `perSecond` requests per integration per account within any second
 * (default the real 7; the account-wide 50/s shared with other integrations is played by
 * `controls.consumeRate`). A request over it gets 429. Every request that arrives counts, refused
 * ones too — hammering does not help. Repeated 429s block the account: more than `after429s`
 * 429s within `windowSeconds` → every request gets `403` with a plain-text body until
 * `blockSeconds` pass (the real block lasts until support lifts it; see README).
 */

export interface BlockRule {
  after429s: number;
  windowSeconds: number;
  blockSeconds: number;
}

export type Admission = { kind: 'ok' } | { kind: 'limited'; retryAfterSeconds: number } | { kind: 'blocked' };

export class RateLimiter {
  private hits: number[] = [];
  private refusals: number[] = [];
  blockedUntil: Date | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly rule: BlockRule,
  ) {}

  isBlocked(nowMs: number): boolean {
    if (this.blockedUntil && nowMs >= this.blockedUntil.getTime()) {
      this.blockedUntil = null;
      this.refusals = [];
    }
    return this.blockedUntil !== null;
  }

  consume(n: number, nowMs: number): void {
    for (let i = 0; i < n; i += 1) this.hits.push(nowMs);
  }

  admit(nowMs: number): Admission {
    if (this.isBlocked(nowMs)) return { kind: 'blocked' };
    this.hits = this.hits.filter((t) => t > nowMs - 1000);
    this.hits.push(nowMs);
    if (this.hits.length <= this.perSecond) return { kind: 'ok' };
    this.refusals = this.refusals.filter((t) => t > nowMs - this.rule.windowSeconds * 1000);
    this.refusals.push(nowMs);
    if (this.refusals.length > this.rule.after429s) {
      this.blockedUntil = new Date(nowMs + this.rule.blockSeconds * 1000);
      return { kind: 'blocked' };
    }
    const oldest = this.hits[this.hits.length - 1 - this.perSecond] ?? nowMs;
    return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil((oldest + 1000 - nowMs) / 1000)) };
  }
}
