import { describe, expect, it } from 'vitest';
import { phasesFor } from '@/scripts/load/drive';
import { judgeLedger, ledgerInserts } from '@/scripts/load/ledger';
import {
  formatReport,
  type LoadReport,
  missedTargets,
  POSTGRES_TARGETS,
  percentile,
} from '@/scripts/load/report';

describe('the load run ledger', () => {
  const statuses = new Map([
    [0, 200],
    [1, 200],
    [2, 401],
    [3, 200],
  ]);

  it('counts as lost only accepted requests whose row or effect is missing', () => {
    const verdict = judgeLedger(5, statuses, [
      { n: 1, processed: true, effect: false },
      { n: 2, processed: false, effect: false },
      { n: 3, processed: false, effect: false },
    ]);
    // 0 complete; 1 and 3 accepted but incomplete; 2 refused; 4 never answered.
    expect(verdict).toEqual({ processed: 1, lost: 2, lostRow: 1, lostEffect: 1, notAccepted: 2 });
  });

  it('writes entries in chunks with one placeholder per column', () => {
    const entries = Array.from({ length: 3 }, (_, n) => ({
      n,
      tenantId: '00000000-0000-4000-8000-000000000000',
      source: 'lime' as const,
      dedupeKey: `c:${n}`,
      connectionId: '00000000-0000-4000-8000-000000000001',
      eventId: 10 + n,
      clientId: 5,
      seq: 100 + n,
    }));
    const statements = ledgerInserts(entries, 2);
    expect(statements).toHaveLength(2);
    expect(statements[0]?.params).toHaveLength(18);
    expect(statements[1]?.text).toBe('INSERT INTO load_ledger VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)');
    expect(statements[1]?.params).toEqual([
      2,
      entries[2]?.tenantId,
      'lime',
      'c:2',
      null,
      entries[2]?.connectionId,
      12,
      5,
      102,
    ]);
  });
});

describe('the load run pacing and latency', () => {
  it('splits the rate into as many even groups as it can, at most 50', () => {
    expect(phasesFor(500)).toBe(50);
    expect(phasesFor(60)).toBe(30);
    expect(phasesFor(7)).toBe(7);
    expect(phasesFor(53)).toBe(1);
  });

  it('takes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile(samples, 1)).toBe(100);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('the load run report', () => {
  const report: LoadReport = {
    database: 'postgres',
    rate: 500,
    seconds: 60,
    offered: 30_000,
    answered: 30_000,
    non2xx: 0,
    errors: 0,
    p50Ms: 4,
    p99Ms: 31,
    maxMs: 120,
    processedAfterSeconds: 12.5,
    ledger: { processed: 30_000, lost: 0, lostRow: 0, lostEffect: 0, notAccepted: 0 },
    memory: [
      { name: 'web', peakMb: 300, idleMb: 210 },
      { name: 'worker', peakMb: 220, idleMb: 150 },
    ],
    cpu: [{ name: 'web', seconds: 30 }],
  };

  it('holds when every figure is within its target', () => {
    expect(missedTargets(report, POSTGRES_TARGETS)).toEqual([]);
    const table = formatReport(report, POSTGRES_TARGETS);
    expect(table).toContain('| latency p99');
    expect(table).toMatch(/\| web CPU, load \+ processing +\| 30 s \(1 ms a request\)/);
  });

  it('names each missed target', () => {
    const missed = missedTargets(
      {
        ...report,
        non2xx: 3,
        p99Ms: 50,
        processedAfterSeconds: null,
        ledger: { ...report.ledger, lost: 1, lostRow: 1 },
        memory: [{ name: 'worker', peakMb: 260, idleMb: 200 }],
      },
      POSTGRES_TARGETS,
    );
    expect(missed).toEqual([
      '30000 of 30000 answered, 3 not 2xx, 0 errors (want all 2xx)',
      'p99 50 ms (want < 50 ms)',
      'processed not all (want within 120 s)',
      '1 lost (want 0)',
      'worker idle 200 MB (want < 200 MB)',
    ]);
  });
});
