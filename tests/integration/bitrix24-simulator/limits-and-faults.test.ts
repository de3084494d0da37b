import { beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, testClock } from './support';

const LIMITED = { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' };

describe('Bitrix24 simulator: the real default leaky bucket (2 req/s, 50 burst)', () => {
  const clock = testClock();
  const b24 = setupBitrix24Simulator({ now: clock.now });

  it('lets 50 requests through on a frozen clock and refuses the 51st with 503 QUERY_LIMIT_EXCEEDED', async () => {
    const { sim } = b24;
    const { token } = await installFinished(sim);
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await rest(sim, 'profile', {}, { token })).status);
    expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true);
    const refused = await rest(sim, 'profile', {}, { token });
    expect(refused.status).toBe(503);
    expect(refused.json).toEqual(LIMITED);
    expect(statuses[50]).toBe(503);
    clock.advance(500);
    expect((await rest(sim, 'profile', {}, { token })).status).toBe(200);
    expect((await rest(sim, 'profile', {}, { token })).status).toBe(503);
  });
});

describe('Bitrix24 simulator: a shrunk bucket (rate 1/s, burst 3 — shrunk for the test), faults, operating time', () => {
  const clock = testClock();
  const b24 = setupBitrix24Simulator({ now: clock.now, limits: { rate: 1, burst: 3 } });
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('counts a batch as one request and does not count refused requests', async () => {
    const { sim } = b24;
    const cmd = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, 'profile']));
    expect((await rest(sim, 'batch', { cmd }, { token })).status).toBe(200);
    expect(sim.state.bucketLevel).toBe(1);
    expect((await rest(sim, 'profile', {}, { token })).status).toBe(200);
    expect((await rest(sim, 'profile', {}, { token })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await rest(sim, 'profile', {}, { token })).status).toBe(503);
    expect(sim.state.bucketLevel).toBe(3);
    clock.advance(1000);
    expect((await rest(sim, 'profile', {}, { token })).status).toBe(200);
  });

  it('shares the bucket with other apps on our IP (consumeBucket)', async () => {
    const { sim } = b24;
    clock.advance(10_000);
    sim.controls.consumeBucket(3);
    expect((await rest(sim, 'crm.contact.list', {}, { token })).json).toEqual(LIMITED);
    clock.advance(1000);
    expect((await rest(sim, 'crm.contact.list', {}, { token })).status).toBe(200);
  });

  it('answers an injected fault for the next N calls of a method, inside a batch too', async () => {
    const { sim } = b24;
    clock.advance(10_000);
    sim.controls.setFault({
      method: 'crm.contact.list',
      status: 500,
      error: 'INTERNAL_SERVER_ERROR',
      error_description: 'Internal server error',
      times: 2,
    });
    const first = await rest(sim, 'crm.contact.list', {}, { token });
    expect(first.status).toBe(500);
    expect(first.json).toEqual({
      error: 'INTERNAL_SERVER_ERROR',
      error_description: 'Internal server error',
    });
    const batch = await rest(sim, 'batch', { cmd: { a: 'crm.contact.list', b: 'profile' } }, { token });
    expect(batch.json.result.result_error).toEqual({
      a: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
    });
    expect((await rest(sim, 'crm.contact.list', {}, { token })).status).toBe(200);
  });

  it('blocks one method with 429 OPERATION_TIME_LIMIT at 480 s of operating time in 10 minutes', async () => {
    const { sim } = b24;
    clock.advance(10_000);
    sim.controls.chargeOperatingTime('crm.contact.list', 470);
    const busy = await rest(sim, 'crm.contact.list', {}, { token });
    expect(busy.status).toBe(200);
    expect(busy.json.time.operating).toBeGreaterThanOrEqual(470);
    // The oldest charge of this method (earlier tests called it too) leaves the window first.
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    expect(busy.json.time.operating_reset_at).toBeGreaterThan(nowSeconds);
    expect(busy.json.time.operating_reset_at).toBeLessThanOrEqual(nowSeconds + 600);
    sim.controls.chargeOperatingTime('crm.contact.list', 10);
    clock.advance(1000);
    const blocked = await rest(sim, 'crm.contact.list', {}, { token });
    expect(blocked.status).toBe(429);
    expect(blocked.json).toEqual({
      error: 'OPERATION_TIME_LIMIT',
      error_description: 'Method is blocked due to operation time limit.',
    });
    clock.advance(1000);
    expect((await rest(sim, 'crm.contact.get', { id: 1 }, { token })).json.error).not.toBe(
      'OPERATION_TIME_LIMIT',
    );
    clock.advance(600_000);
    expect((await rest(sim, 'crm.contact.list', {}, { token })).status).toBe(200);
  });
});
