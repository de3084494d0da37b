import { describe, expect, it } from 'vitest';
import { paceLocally } from '@/lib/queue/rate-limiter';

/**
 * Grants the database spaced out but this process acted on together (after a stalled event loop)
 * still leave it a bucket's interval apart, for one-token buckets (amoCRM's) only.
 */
describe('pacing one-token buckets in the process', () => {
  it('lets grants acted on at once go out 1/rate apart', async () => {
    const bucket = { key: `test:pace:${Math.random()}`, rate: 20, burst: 1 };
    const left: number[] = [];
    const started = Date.now();
    await Promise.all(
      [1, 2, 3, 4, 5].map(async () => {
        await paceLocally([bucket]);
        left.push(Date.now());
      }),
    );
    // The k-th leaves no earlier than k intervals after the first (a timer may fire late on a busy
    // machine, never early; Date.now() has whole milliseconds).
    left.sort((a, b) => a - b);
    for (const [k, at] of left.entries()) expect(at - started).toBeGreaterThanOrEqual(k * 50 - 1);
  });

  it('does not hold back buckets of more than one token (Bitrix24’s, Lime’s)', async () => {
    const bucket = { key: `test:pace:${Math.random()}`, rate: 2, burst: 50 };
    let aTimerRan = false;
    setTimeout(() => {
      aTimerRan = true;
    }, 0);
    await Promise.all([1, 2, 3, 4, 5].map(() => paceLocally([bucket])));
    // All five went at once: not even a timer's turn passed.
    expect(aTimerRan).toBe(false);
  });
});
