import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJournal } from '@/db/queries/journal';
import type { AudiencePreview } from '@/lib/bonuses/audience';
import { BonusConflictError } from '@/lib/bonuses/errors';
import { runJob } from '@/lib/bonuses/mass-run';
import { runActionForClaims, runsForClaims } from '@/lib/bonuses/run-api';
import type { AudienceFilter } from '@/lib/domain/bonus-audience';
import { ageOn, bonusKeys } from '@/lib/domain/bonus-keys';
import { InvalidRequestError } from '@/lib/http/errors';
import type { SimClient } from '@/lib/simulators/lime/types';
import { type BonusDriver, bonusDriver } from '../support/bonus-jobs';
import { startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * Mass crediting over a filter of the Lime mirror (issue 8), Bitrix24 over its simulator and the
 * Lime simulator: the preview counts whom the filter picks, as the park itself says; a run credits
 * each of them once, chunk after chunk, even when started twice at once, and a second start of a
 * finished run credits nobody again; Lime unreachable interrupts it and a start resumes it without
 * crediting anyone twice; the report counts and names the failures; each credit reaches its
 * contact's timeline once.
 */

describe('mass bonus runs over a filter', () => {
  let park: SyncedPark;
  let bonus: BonusDriver;
  let seeded = 0;
  let today: DateTime;
  const zone = 'Europe/Moscow';
  const lime = () => park.lime.park;
  const admin = () => bonus.claims(null, { admin: true });
  const newAccruals = () => lime().accruals.slice(seeded);
  const clientsWhere = (test: (c: SimClient) => boolean) =>
    [...lime().clients.values()].filter(test).map((c) => c.id);
  const isAdult = (c: SimClient) => c.categoryId === lime().adultCategoryId;
  const childrenOf = (c: SimClient) =>
    lime()
      .relationsOf(c.id)
      .map((r) => lime().clients.get(r.childId) as SimClient);
  const preview = async (filter: AudienceFilter) =>
    (await runActionForClaims(bonus.deps(), admin(), {
      action: 'preview',
      audience: { source: 'filter', filter },
    })) as AudiencePreview;
  const start = (runId: string, filter: AudienceFilter, amount: number) =>
    runActionForClaims(bonus.deps(), admin(), {
      action: 'start',
      runId,
      audience: { source: 'filter', filter },
      amount,
      comment: 'Весенняя акция',
    });
  const report = async (runId: string) => {
    const answer = await runsForClaims(bonus.deps(), admin(), new URLSearchParams({ id: runId }));
    if (!('run' in answer)) throw new Error('no run in the answer');
    return answer.run;
  };

  beforeAll(async () => {
    park = await startSyncedPark({ start: startBitrix24Account, seed: 821, lime: { seed: 71, clients: 30 } });
    today = DateTime.now().setZone(zone).startOf('day');
    // Two parents on either side of a 6th birthday: one turns 6 today, the other tomorrow.
    const childless = lime()
      .adults()
      .filter((c) => lime().relationsOf(c.id).length === 0);
    const [turnsSix, stillFive] = childless as [SimClient, SimClient];
    park.lime.controls.addsChild(turnsSix.id, {
      firstName: 'Ева',
      lastName: turnsSix.lastName,
      birthDate: today.minus({ years: 6 }).toISODate() as string,
    });
    park.lime.controls.addsChild(stillFive.id, {
      firstName: 'Лев',
      lastName: stillFive.lastName,
      birthDate: today.minus({ years: 6 }).plus({ days: 1 }).toISODate() as string,
    });
    await park.followLime();
    await park.push();
    bonus = bonusDriver(park);
    seeded = lime().accruals.length;
  });
  afterAll(async () => {
    await park?.close();
  });

  it('previews whom a filter picks, as the park itself counts them', async () => {
    const age = (c: SimClient) => (c.birthDate ? ageOn(c.birthDate, today.toISODate() as string) : -1);
    const parentsOfSixToSeven = clientsWhere(
      (c) => isAdult(c) && childrenOf(c).some((k) => age(k) >= 6 && age(k) <= 7),
    );
    const byAge = await preview({ category: 'adult', childAgeFrom: 6, childAgeTo: 7 });
    expect(byAge.count).toBe(parentsOfSixToSeven.length);
    expect(byAge.count).toBeGreaterThan(0);
    const names = byAge.sample.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    const eva = lime()
      .adults()
      .find((c) => childrenOf(c).some((k) => k.firstName === 'Ева')) as SimClient;
    const lev = lime()
      .adults()
      .find((c) => childrenOf(c).some((k) => k.firstName === 'Лев')) as SimClient;
    expect(parentsOfSixToSeven).toContain(eva.id);
    expect(parentsOfSixToSeven).not.toContain(lev.id);

    const month = Number(lime().adults()[0]?.birthDate?.slice(5, 7));
    const bornThatMonth = clientsWhere((c) => Number(c.birthDate?.slice(5, 7)) === month);
    expect((await preview({ birthMonth: month })).count).toBe(bornThatMonth.length);

    const from = today.minus({ years: 2 });
    const spent = new Map<number, number>();
    for (const tx of lime().transactions) {
      if (tx.type !== 'purchase' || tx.clientId === null) continue;
      const at = DateTime.fromJSDate(tx.time, { zone });
      if (at < from || at >= today.plus({ days: 1 })) continue;
      spent.set(tx.clientId, (spent.get(tx.clientId) ?? 0) + tx.total);
    }
    const spendFrom = from.toISODate() as string;
    const spendTo = today.toISODate() as string;
    expect((await preview({ spendFrom, spendTo })).count).toBe(spent.size);
    const [median = 0] = [...spent.values()].sort((a, b) => a - b).slice(Math.floor(spent.size / 2));
    expect((await preview({ spendFrom, spendTo, spendMin: median })).count).toBe(
      [...spent.values()].filter((v) => v >= median).length,
    );
    expect((await preview({ category: 'child' })).count).toBe(clientsWhere((c) => !isAdult(c)).length);

    const wrong = preview({ childAgeFrom: 9, childAgeTo: 5 });
    await expect(wrong).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(wrong).rejects.toThrow('Фильтр задан с ошибкой');
  });

  it('credits each adult once, in chunks, though started twice at once; a second start credits nobody again', async () => {
    const runId = randomUUID();
    const adults = lime().adults();
    const starts = await Promise.all([
      start(runId, { category: 'adult' }, 10_000),
      start(runId, { category: 'adult' }, 10_000),
    ]);
    expect(starts.map((s) => ('created' in s ? s.created : null)).sort()).toEqual([false, true]);
    expect(await bonus.drain()).toBeGreaterThan(2);

    for (const adult of adults) {
      expect(newAccruals().filter((a) => a.clientId === adult.id)).toEqual([
        expect.objectContaining({ amount: 10_000, reason: 'mass', comment: 'Весенняя акция' }),
      ]);
      expect(bonus.accrualRequests(bonusKeys.mass(runId, adult.id))).toBe(1);
    }
    expect(newAccruals()).toHaveLength(adults.length);
    const done = await report(runId);
    expect(done).toMatchObject({
      status: 'done',
      total: adults.length,
      credited: adults.length,
      already: 0,
      failed: 0,
      pending: 0,
      failures: [],
    });
    for (const adult of adults) {
      const contact = (await park.contactOf(adult.id)) as string;
      expect(park.account.logEntriesOf(contact).map((t) => t.replace(/\s/g, ' '))).toEqual([
        'Начислены бонусы в Лайме: 100 ₽',
      ]);
    }
    const journal = await listJournal(park.t.database.db, { tenantId: park.account.tenantId, limit: 500 });
    expect(journal.filter((j) => j.operation === 'lime.bonus.run')).toEqual([
      expect.objectContaining({
        status: 'ok',
        entityId: runId,
        details: expect.objectContaining({ credited: adults.length }),
      }),
    ]);

    const requests = bonus.accrualRequests();
    const again = await start(runId, { category: 'adult' }, 10_000);
    expect(again).toMatchObject({ created: false, run: { status: 'done', credited: adults.length } });
    expect(bonus.queued).toHaveLength(0);
    // A chunk job delivered once more finds nothing to do.
    await bonus.run(runJob(park.account.tenantId, runId));
    expect(bonus.accrualRequests()).toBe(requests);
    await expect(start(runId, { category: 'adult' }, 20_000)).rejects.toBeInstanceOf(BonusConflictError);
  });

  it('stops when Lime stays out of reach, resumes when started again, and reports what Lime refused', async () => {
    const runId = randomUUID();
    const children = clientsWhere((c) => !isAdult(c));
    const before = newAccruals().length;
    await start(runId, { category: 'child' }, 5_000);
    const [job] = bonus.queued.splice(0);
    if (!job) throw new Error('no job was queued');
    park.lime.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'malformed' });
    park.lime.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'server_error', times: 100 });
    await expect(bonus.run(job, { attempt: 1, isLastAttempt: false })).rejects.toThrow();
    await bonus.run(job, { attempt: 2, isLastAttempt: true });
    const stopped = await report(runId);
    expect(stopped).toMatchObject({ status: 'interrupted', total: children.length, credited: 0, failed: 1 });
    expect(stopped.problem).toContain('Лайм не отвечает');
    park.lime.controls.clearFaults();

    bonus.queued.splice(0);
    const resumed = await start(runId, { category: 'child' }, 5_000);
    expect(resumed).toMatchObject({ created: false, run: { status: 'running' } });
    await bonus.drain();
    const done = await report(runId);
    expect(done).toMatchObject({ status: 'done', credited: children.length - 1, failed: 1, pending: 0 });
    const [failure] = done.failures;
    expect(failure).toMatchObject({ name: lime().clients.get(failure?.clientId as number)?.displayName });
    expect(failure?.error).toEqual(expect.any(String));
    const credited = newAccruals().slice(before);
    expect(credited).toHaveLength(children.length - 1);
    expect(new Set(credited.map((a) => a.clientId)).size).toBe(children.length - 1);
    expect(credited.map((a) => a.clientId)).not.toContain(failure?.clientId);
  });
});
