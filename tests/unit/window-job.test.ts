import { describe, expect, it } from 'vitest';
import { windowJob } from '@/lib/queue/lanes';

describe('windowJob', () => {
  const tenant = '00000000-0000-4000-8000-000000000001';

  it('gives every send of one second the same job, which starts when the second is over', () => {
    const first = windowJob('lime.drain', tenant, 10_000);
    const last = windowJob('lime.drain', tenant, 10_999);
    expect(last).toEqual(first);
    expect(first.startAfter).toEqual(new Date(11_000));
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives a send after the job could have started a new job', () => {
    expect(windowJob('lime.drain', tenant, 11_000).id).not.toBe(windowJob('lime.drain', tenant, 10_999).id);
    expect(windowJob('lime.drain', tenant, 11_000).startAfter).toEqual(new Date(12_000));
  });

  it('keeps tenants and kinds apart', () => {
    const other = '00000000-0000-4000-8000-000000000002';
    expect(windowJob('lime.drain', other, 10_000).id).not.toBe(windowJob('lime.drain', tenant, 10_000).id);
    expect(windowJob('amocrm.entities.sync', tenant, 10_000).id).not.toBe(
      windowJob('lime.drain', tenant, 10_000).id,
    );
  });
});
