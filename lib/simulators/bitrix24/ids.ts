/**
 * Deterministic secrets and identifiers (mulberry32 from the seed): the same seed gives the same
 * member_id, application tokens, OAuth tokens, APP_SIDs and offline process ids, run after run.
 * Shapes follow the wire: member_id / application_token / APP_SID are 32 lowercase hex chars,
 * access and refresh tokens 70 hex chars (what cloud portals issue), process ids 32 chars of
 * [a-z0-9] (Main\Security\Random::getString(32)).
 */
export class IdSource {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.trunc(seed) ^ 0x2f6b1d3c) >>> 0;
  }

  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private draw(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.draw('0123456789abcdef', length);
  }

  alnum(length: number): string {
    return this.draw('abcdefghijklmnopqrstuvwxyz0123456789', length);
  }

  /** An OAuth token: 70 hex characters. */
  token(): string {
    return this.hex(70);
  }
}
