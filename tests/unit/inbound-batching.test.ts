import { describe, expect, it } from 'vitest';
import { type EnqueueRequest, windowJob } from '@/lib/queue/lanes';
import { sendingOncePerStart } from '@/lib/queue/window-send';
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

describe('the queue’s send, once per job before its start', () => {
  const tenant = '00000000-0000-4000-8000-000000000001';
  const other = '00000000-0000-4000-8000-000000000002';

  function recordingQueue(failFirst = false) {
    const sent: EnqueueRequest[] = [];
    let failures = failFirst ? 1 : 0;
    const { send, forgetTenant } = sendingOncePerStart(async (job) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failures-- > 0) throw new Error('queue down');
      sent.push(job);
      return job.id ?? 'job';
    });
    return { sent, send, forgetTenant };
  }
  // A window far enough ahead that it cannot start during the test.
  const later = (kind: string, tenantId = tenant, seconds = 60) =>
    windowJob(kind, tenantId, Date.now() + seconds * 1000);

  it('sends a window’s job once however many requests of the window ask; other windows and kinds are sent', async () => {
    const { sent, send } = recordingQueue();
    const job = later('lime.drain');
    const answers = await Promise.all([send(job), send(job), send(job)]);
    expect(await send(job)).toBeNull();
    expect(sent).toEqual([job]);
    expect(answers.filter((a) => a === job.id)).toHaveLength(1);
    await send(later('lime.drain', tenant, 61));
    await send(later('amocrm.entities.sync'));
    expect(sent).toHaveLength(3);
  });

  it('always sends a job without an id, or one whose start has come', async () => {
    const { sent, send } = recordingQueue();
    const plain = { kind: 'bitrix24.offline.drain', tenantId: tenant, payload: {} };
    const due = windowJob('lime.drain', tenant, Date.now() - 5000);
    for (const job of [plain, plain, due, due]) await send(job);
    expect(sent).toHaveLength(4);
  });

  it('fails the sends that waited for a failed one, and the next send tries again', async () => {
    const { sent, send } = recordingQueue(true);
    const job = later('lime.drain');
    const first = await Promise.allSettled([send(job), send(job)]);
    expect(first.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await send(job);
    expect(sent).toEqual([job]);
  });

  it('sends a tenant’s jobs again once they were cancelled (an uninstall), and only that tenant’s', async () => {
    const { sent, send, forgetTenant } = recordingQueue();
    const mine = later('lime.drain');
    const theirs = later('lime.drain', other);
    await send(mine);
    await send(theirs);
    forgetTenant(tenant);
    await send(mine);
    await send(theirs);
    expect(sent).toEqual([mine, theirs, mine]);
  });
});
