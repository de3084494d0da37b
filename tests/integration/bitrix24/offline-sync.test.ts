import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCredential } from '@/db/queries/credentials';
import { listUnprocessedInbox } from '@/db/queries/inbox';
import { listJournal } from '@/db/queries/journal';
import { scheduleBitrix24Work } from '@/lib/sync/bitrix24/schedule';
import { type Bitrix24Harness, startBitrix24Harness } from '../../support/bitrix24-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * CRM changes reach us through the offline queue: pinged by ONOFFLINEEVENT or found by the timer,
 * drained with clear=0 then cleared, read 50 to a batch, journalled. All under the portal's real
 * limit (2 req/s, burst 50), with a second client on "our IP" draining the same bucket, with tokens
 * that expire, and with changes made while our app is down.
 */

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function installed(seed: number): Promise<Bitrix24Harness & { tenantId: string }> {
  const h = await startBitrix24Harness(t.database, { sim: { seed } });
  expect((await h.installViaFrame()).status).toBe(303);
  h.sim.controls.installFinish();
  const tenant = await h.tenant();
  return Object.assign(h, { tenantId: tenant?.id as string });
}

async function changedContacts(h: Bitrix24Harness & { tenantId: string }): Promise<Set<string>> {
  const journal = await listJournal(t.database.db, { tenantId: h.tenantId, limit: 5000 });
  return new Set(
    journal
      .filter((e) => e.operation === 'contact.changed' && e.status === 'ok')
      .map((e) => e.entityId as string),
  );
}

describe('offline events', () => {
  it('an ONOFFLINEEVENT ping drains the queue into the inbox, clears it, and the contacts are read and journalled', async () => {
    const h = await installed(201);
    try {
      const batchesBefore = h.sim.requests.filter((r) => r.restMethod === 'batch').length;
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await h.sim.controls.addContact({ NAME: `Гость ${i}` }));
      await h.sim.controls.updateContact(ids[0] as number, { LAST_NAME: 'Иванова' });
      await h.sim.controls.deleteContact(ids[2] as number);
      expect(h.jobs.map((j) => j.kind)).toContain('bitrix24.offline.drain');
      await h.runJobs();
      expect(h.sim.state.offlineQueue).toHaveLength(0);
      const journal = await listJournal(t.database.db, { tenantId: h.tenantId, limit: 50 });
      const byId = (id: number) => journal.filter((e) => e.entityId === String(id));
      expect(byId(ids[0] as number)).toContainEqual(
        expect.objectContaining({ operation: 'contact.changed', status: 'ok' }),
      );
      expect(byId(ids[1] as number)).toContainEqual(
        expect.objectContaining({ operation: 'contact.changed', status: 'ok' }),
      );
      expect(byId(ids[2] as number)).toContainEqual(
        expect.objectContaining({ operation: 'contact.deleted' }),
      );
      // Three changes of one contact are one read.
      const reads = h.sim.requests.filter((r) => r.restMethod === 'batch').length - batchesBefore;
      expect(reads).toBe(1);
      expect(await listUnprocessedInbox(t.database.db, { tenantId: h.tenantId })).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('300 contact changes in a burst under the real 2 req/s limit: all synced in batches of 50, no 503', async () => {
    const h = await installed(202);
    try {
      const ids = await h.sim.controls.bulkAddContacts(300);
      await h.runJobs();
      expect(await changedContacts(h)).toEqual(new Set(ids.map(String)));
      const batches = h.sim.requests.filter((r) => r.restMethod === 'batch' && r.status === 200);
      const sizes = batches.map((r) => Object.keys((JSON.parse(r.body) as { cmd: object }).cmd).length);
      expect(Math.max(...sizes)).toBe(50);
      expect(h.sim.requests.filter((r) => r.status === 503)).toHaveLength(0);
      console.info(
        `burst: ${h.sim.requests.filter((r) => r.server === 'portal').length} portal requests (install included), 0 answered 503, largest batch ${Math.max(...sizes)}`,
      );
    } finally {
      await h.close();
    }
  });

  it('with a second client draining the same portal bucket, 503s are met with back-off and nothing is lost', async () => {
    const h = await installed(203);
    try {
      const ids = await h.sim.controls.bulkAddContacts(300);
      // Another app on our IP: it empties the portal's bucket for two seconds.
      const until = Date.now() + 2000;
      const competitor = (async () => {
        while (Date.now() < until) {
          h.sim.controls.consumeBucket(60);
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      await Promise.all([h.runJobs(), competitor]);
      expect(await changedContacts(h)).toEqual(new Set(ids.map(String)));
      const refused = h.sim.requests.filter((r) => r.status === 503);
      expect(refused.length).toBeGreaterThan(0);
      expect(h.sim.state.offlineQueue).toHaveLength(0);
      console.info(
        `burst with a competitor: ${h.sim.requests.filter((r) => r.server === 'portal').length} portal requests, ${refused.length} answered 503`,
      );
    } finally {
      await h.close();
    }
  });

  it('changes made while the app is down are synced when it comes back (the timer drains the queue)', async () => {
    const h = await installed(204);
    try {
      await h.stopApp();
      const ids = await h.sim.controls.bulkAddContacts(20);
      // The portal's pings went nowhere: no job was sent.
      expect(h.jobs.filter((j) => j.kind === 'bitrix24.offline.drain')).toHaveLength(0);
      await h.startApp();
      await scheduleBitrix24Work(t.database, h.deps.enqueue);
      await h.runJobs();
      expect(await changedContacts(h)).toEqual(new Set(ids.map(String)));
    } finally {
      await h.close();
    }
  });
});

describe('tokens', () => {
  it('an expired access token is refreshed once, the rotated pair stored, and the job goes on', async () => {
    const h = await installed(205);
    try {
      const key = { tenantId: h.tenantId, kind: 'bitrix24-oauth' };
      const before = await getCredential<{ refreshToken: string }>(t.database.db, h.deps.secrets, key);
      h.sim.controls.expireAccessTokens();
      await h.sim.controls.addContact({ NAME: 'После обновления' });
      await h.runJobs();
      expect(h.sim.state.refreshCount).toBe(1);
      const after = await getCredential<{ refreshToken: string }>(t.database.db, h.deps.secrets, key);
      expect(after?.secret.refreshToken).not.toBe(before?.secret.refreshToken);
      expect((await changedContacts(h)).size).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('invalid_grant marks the tenant as needing re-install, visibly', async () => {
    const h = await installed(206);
    try {
      h.sim.controls.revokeRefreshTokens();
      h.sim.controls.expireAccessTokens();
      await h.sim.controls.addContact({ NAME: 'Не дойдёт' });
      await expect(h.runJobs()).rejects.toMatchObject({ code: 'BITRIX24_REINSTALL_REQUIRED' });
      expect((await h.tenant())?.status).toBe('needs_reinstall');
      const journalBefore = (await listJournal(t.database.db, { tenantId: h.tenantId, limit: 100 })).length;
      // Jobs for a tenant that is not active end without calling the portal.
      const requests = h.sim.requests.length;
      await scheduleBitrix24Work(t.database, h.deps.enqueue);
      await h.runJobs();
      expect(h.sim.requests.length).toBe(requests);
      expect((await listJournal(t.database.db, { tenantId: h.tenantId, limit: 100 })).length).toBe(
        journalBefore,
      );
    } finally {
      await h.close();
    }
  });
});
