import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTs } from '../support/processes';
import { worstWindowExcess } from '../support/rate-invariant';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('the rate limiter across processes', () => {
  it('three processes taking as fast as they can never exceed burst + rate·w in any window', async () => {
    // Shrunk from the real limits so the run is short: 25 tokens/s, burst 10, 4 s.
    const rate = 25;
    const burst = 10;
    const env = {
      DATABASE_URL: t.url as string,
      BUCKET_KEY: 'processes-test',
      RATE: String(rate),
      BURST: String(burst),
      START_AT_MS: String(Date.now() + 5_000),
      DURATION_MS: '4000',
    };
    const takers = [0, 1, 2].map(() => spawnTs('tests/pg/fixtures/rate-taker.ts', env));
    const codes = await Promise.all(takers.map((p) => p.exited));
    expect(codes).toEqual([0, 0, 0]);
    const perProcess = takers.map(
      (p) => JSON.parse(p.output().trim().split('\n').at(-1) as string) as number[],
    );
    for (const takes of perProcess) expect(takes.length).toBeGreaterThan(5);
    const all = perProcess.flat();
    // The limiter is the bottleneck, not the processes: close to burst + rate · the time they took
    // (from the first take: a process started late on a loaded machine shortens the run).
    const end = Number(env.START_AT_MS) + Number(env.DURATION_MS);
    const seconds = (end - Math.min(...all)) / 1000;
    expect(seconds).toBeGreaterThan(2);
    expect(all.length).toBeGreaterThan((burst + rate * seconds) * 0.8);
    expect(worstWindowExcess(all, rate, burst)).toBeLessThanOrEqual(1e-6);
  });
});
