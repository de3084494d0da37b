import { describe, expect, it } from 'vitest';
import { type EnqueueRequest, windowJob } from '@/lib/queue/lanes';
import { sendWindowJob } from '@/lib/queue/window-send';
import { GroupCommit } from '@/lib/sync/group-commit';

/** The inbound endpoints' write path: a burst shares statements and job sends, nothing is lost. */

function recordingWriter(fail: (items: string[]) => boolean = () => false) {
  const batches: string[][] = [];
  const writer = new GroupCommit<string, string>(async (items) => {
    batches.push(items);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fail(items)) throw new Error(`refused ${items.join(',')}`);
    return items.map((item) => `stored ${item}`);
  }, 3);
  return { batches, writer };
}

describe('group commit', () => {
  it('writes the first item at once, and what arrives meanwhile together, at most maxBatch a time', async () => {
    const { batches, writer } = recordingWriter();
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => writer.submit(item)));
    expect(results).toEqual(['stored a', 'stored b', 'stored c', 'stored d', 'stored e']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    expect(await writer.submit('f')).toBe('stored f');
    expect(batches.at(-1)).toEqual(['f']);
  });

  it('when a batch fails, writes each item alone, so only the bad one is refused', async () => {
    const { batches, writer } = recordingWriter((items) => items.includes('bad'));
    const outcomes = await Promise.allSettled(['a', 'b', 'bad', 'c'].map((item) => writer.submit(item)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      'stored a',
      'stored b',
      'refused bad',
      'stored c',
    ]);
    expect(batches).toContainEqual(['b']);
    expect(batches).toContainEqual(['bad']);
  });
});

describe('sendWindowJob', () => {
  const tenant = '00000000-0000-4000-8000-000000000001';

  function recordingQueue(failFirst = false) {
    const sent: EnqueueRequest[] = [];
    let failures = failFirst ? 1 : 0;
    const enqueue = async (job: EnqueueRequest) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failures-- > 0) throw new Error('queue down');
      sent.push(job);
      return job.id ?? null;
    };
    return { sent, enqueue };
  }

  it('sends a window’s job once however many requests of the window ask, and a new one next window', async () => {
    const { sent, enqueue } = recordingQueue();
    await Promise.all(
      [10_000, 10_100, 10_999].map((now) => sendWindowJob(enqueue, 'lime.drain', tenant, now)),
    );
    await sendWindowJob(enqueue, 'lime.drain', tenant, 10_500);
    expect(sent).toEqual([windowJob('lime.drain', tenant, 10_000)]);
    await sendWindowJob(enqueue, 'lime.drain', tenant, 11_000);
    await sendWindowJob(enqueue, 'amocrm.entities.sync', tenant, 11_000);
    expect(sent.map((job) => job.id)).toEqual([
      windowJob('lime.drain', tenant, 10_000).id,
      windowJob('lime.drain', tenant, 11_000).id,
      windowJob('amocrm.entities.sync', tenant, 11_000).id,
    ]);
  });

  it('fails the requests that waited for a failed send, and the next request sends again', async () => {
    const { sent, enqueue } = recordingQueue(true);
    const first = await Promise.allSettled(
      [10_000, 10_001].map((now) => sendWindowJob(enqueue, 'lime.drain', tenant, now)),
    );
    expect(first.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await sendWindowJob(enqueue, 'lime.drain', tenant, 10_002);
    expect(sent).toEqual([windowJob('lime.drain', tenant, 10_000)]);
  });

  it('keeps queues apart: another queue handle is sent its own job', async () => {
    const a = recordingQueue();
    const b = recordingQueue();
    await sendWindowJob(a.enqueue, 'lime.drain', tenant, 20_000);
    await sendWindowJob(b.enqueue, 'lime.drain', tenant, 20_000);
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
  });
});
