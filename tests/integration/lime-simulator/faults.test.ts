import { describe, expect, it } from 'vitest';
import { startLimeSimulator } from '@/lib/simulators/lime';
import { call, IDEMPOTENCY, setupLimeSimulator } from './support';

const GOODS = '/api/GoodTypes/Select';
const BODY = { filter: { installationId: 2 }, page: { skip: 0, take: 1 } };

describe('Lime simulator: faults', () => {
  const lime = setupLimeSimulator({ clients: 20 });

  it('server_error: 500 for the next `times` matching requests, then normal again', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'server_error', times: 2 });
    expect((await call(lime.sim, GOODS, { body: BODY })).status).toBe(500);
    expect((await call(lime.sim, '/api/Installations/Select', { body: { filter: {} } })).status).toBe(200);
    expect((await call(lime.sim, `/${GOODS}`, { body: BODY })).status).toBe(500);
    expect((await call(lime.sim, GOODS, { body: BODY })).status).toBe(200);
  });

  it('rate_limited: 429 with Retry-After and the error envelope', async () => {
    lime.sim.controls.fault({ path: /GoodTypes/, kind: 'rate_limited' });
    const answer = await call(lime.sim, GOODS, { body: BODY });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.json.error.code).toBe('rate_limited');
  });

  it('malformed: 200 with a truncated JSON body', async () => {
    lime.sim.controls.fault({ kind: 'malformed' });
    const answer = await call(lime.sim, GOODS, { body: BODY });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it('unauthorized: 401 with an empty body even with good credentials', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'unauthorized' });
    const answer = await call(lime.sim, GOODS, { body: BODY });
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('');
  });

  it('empty_204: 204 with no body', async () => {
    lime.sim.controls.fault({ path: '/api/ClientManagement/GetRights', kind: 'empty_204' });
    const answer = await call(lime.sim, '/api/ClientManagement/GetRights', {
      body: { clientId: 701, installationId: 2 },
    });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
  });

  it('also hits the token endpoint', async () => {
    lime.sim.controls.fault({ path: '/connect/token', kind: 'server_error' });
    const response = await fetch(`${lime.sim.url}/connect/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'client_id=Jade.Api&grant_type=password&username=x&password=y',
    });
    expect(response.status).toBe(500);
  });

  it('timeout: holds the response until the client gives up; the request had no effect', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'timeout' });
    const started = Date.now();
    await expect(call(lime.sim, GOODS, { body: BODY, signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await call(lime.sim, GOODS, { body: BODY })).status).toBe(200);
  });

  it('drop_after_commit: the write happens, the answer is lost; the retry with the same key replays it', async () => {
    const client = lime.sim.park.adults()[0];
    if (!client) throw new Error('no adult');
    lime.sim.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'drop_after_commit' });
    const body = { installationId: 2, clientId: client.id, amount: 10_000, reason: 'manual' };
    await expect(
      call(lime.sim, '/api/BonusAccruals/Insert', { body, headers: IDEMPOTENCY('lost-1') }),
    ).rejects.toThrow();
    expect(
      lime.sim.park.accruals.filter((a) => a.clientId === client.id && a.amount === 10_000),
    ).toHaveLength(1);
    const retry = await call(lime.sim, '/api/BonusAccruals/Insert', { body, headers: IDEMPOTENCY('lost-1') });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(
      lime.sim.park.accruals.filter((a) => a.clientId === client.id && a.amount === 10_000),
    ).toHaveLength(1);
  });

  it('hang_after_commit: the write happens, the answer never comes; the same key then replays it', async () => {
    const client = lime.sim.park.adults()[1];
    if (!client) throw new Error('no adult');
    lime.sim.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'hang_after_commit' });
    const body = { installationId: 2, clientId: client.id, amount: 20_000, reason: 'manual' };
    await expect(
      call(lime.sim, '/api/BonusAccruals/Insert', {
        body,
        headers: IDEMPOTENCY('hung-1'),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    const made = () => lime.sim.park.accruals.filter((a) => a.clientId === client.id && a.amount === 20_000);
    expect(made()).toHaveLength(1);
    const retry = await call(lime.sim, '/api/BonusAccruals/Insert', { body, headers: IDEMPOTENCY('hung-1') });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(made()).toHaveLength(1);
  });

  it('close() ends held requests too', async () => {
    const other = await startLimeSimulator({ clients: 5, history: false });
    other.controls.fault({ kind: 'timeout' });
    const pending = call(other, GOODS, { body: BODY });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});
