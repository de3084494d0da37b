import { afterEach, describe, expect, it } from 'vitest';
import { fullCollection, type IdleCollector, startIdleCollector } from '@/lib/idle-collector';

const MB = 1024 * 1024;
let collector: IdleCollector | undefined;
afterEach(() => collector?.stop());

function fake(heap: { used: number }, busy: { share: number }) {
  const collections: number[] = [];
  collector = startIdleCollector({
    intervalMs: 3_600_000,
    heapUsed: () => heap.used,
    utilization: () => busy.share,
    collect: () => {
      collections.push(heap.used);
      heap.used = 40 * MB;
    },
  });
  return collections;
}

describe('idle collector', () => {
  it('collects once the loop is quiet and the heap has grown, then once more; never while busy', () => {
    const heap = { used: 40 * MB };
    const busy = { share: 0.6 };
    const collections = fake(heap, busy);
    heap.used = 160 * MB;
    expect(collector?.check()).toBe(false); // busy: the burst goes on
    busy.share = 0.01;
    expect(collector?.check()).toBe(true);
    expect(collections).toEqual([160 * MB]);
    busy.share = 0.5;
    expect(collector?.check()).toBe(false); // busy again: the follow-up waits
    busy.share = 0.01;
    expect(collector?.check()).toBe(true); // the follow-up, for what the first left fragmented
    expect(collections).toEqual([160 * MB, 40 * MB]);
    expect(collector?.check()).toBe(false); // nothing new since
  });

  it('leaves a heap that grew less than the threshold, measured from the last low mark', () => {
    const heap = { used: 100 * MB };
    const collections = fake(heap, { share: 0 });
    heap.used = 120 * MB;
    expect(collector?.check()).toBe(false);
    heap.used = 60 * MB; // V8 collected by itself
    expect(collector?.check()).toBe(false);
    heap.used = 95 * MB;
    expect(collector?.check()).toBe(true);
    expect(collections).toEqual([95 * MB]);
  });

  it("V8's full collection is reachable and frees unreferenced memory", () => {
    const collect = fullCollection();
    expect(collect).toBeTypeOf('function');
    collect?.();
    const before = process.memoryUsage().heapUsed;
    let garbage: number[][] | null = Array.from({ length: 200 }, () =>
      Array.from({ length: 20_000 }, (_, i) => i),
    );
    expect(garbage.length).toBe(200);
    garbage = null;
    const grown = process.memoryUsage().heapUsed;
    collect?.();
    const after = process.memoryUsage().heapUsed;
    expect(grown - before).toBeGreaterThan(16 * MB);
    expect(after - before).toBeLessThan(8 * MB);
  });
});
