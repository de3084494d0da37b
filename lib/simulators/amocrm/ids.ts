/**
 * Deterministic randomness: every id, code and token comes from the seed, so two runs with the
 * same seed see the same account, and tests can compare runs.
 */

export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** Monotonic id counters per kind, starting at amoCRM-looking magnitudes. */
export class Ids {
  private counters = new Map<string, number>();
  constructor(private readonly starts: Record<string, number>) {}
  next(kind: string): number {
    const current = this.counters.get(kind) ?? this.starts[kind] ?? 1000;
    this.counters.set(kind, current + 1);
    return current;
  }
}
