import type { LedgerVerdict } from './ledger';

/** The load run's figures, the targets they are held to, and the printed table (pure). */

/** The value below which `fraction` of the samples lie (nearest rank), rounded to 0.1. */
export function percentile(samples: number[], fraction: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return Math.round((sorted[rank] as number) * 10) / 10;
}

export interface ProcessMemory {
  name: string;
  /** Resident set, MB: the highest sample, and the last one once everything was processed and settled. */
  peakMb: number;
  idleMb: number;
}

export interface LoadReport {
  database: 'postgres' | 'pglite';
  rate: number;
  seconds: number;
  /** Requests offered (rate × seconds) and answered (with any status) before the run stopped. */
  offered: number;
  answered: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Seconds from the last answer until every accepted request was processed; null: not within the wait. */
  processedAfterSeconds: number | null;
  ledger: LedgerVerdict;
  memory: ProcessMemory[];
  /** CPU seconds each process used from the start of the load until all was processed (or the wait ended). */
  cpu: { name: string; seconds: number }[];
}

export interface Targets {
  p99Ms: number;
  processedWithinSeconds: number;
  /** Idle resident set per process name, MB. */
  idleMb: Record<string, number>;
}

export const POSTGRES_TARGETS: Targets = {
  p99Ms: 50,
  processedWithinSeconds: 120,
  idleMb: { web: 250, worker: 200 },
};

/** The embedded single process (web, worker and PGlite in one): set from its measured figure. */
export const PGLITE_TARGETS: Targets = {
  p99Ms: 50,
  processedWithinSeconds: 120,
  idleMb: { app: 700 },
};

/** What the run missed, in words; empty when every target held. */
export function missedTargets(report: LoadReport, targets: Targets): string[] {
  const missed: string[] = [];
  if (report.answered < report.offered || report.non2xx > 0 || report.errors > 0)
    missed.push(
      `${report.answered} of ${report.offered} answered, ${report.non2xx} not 2xx, ${report.errors} errors (want all 2xx)`,
    );
  if (report.p99Ms >= targets.p99Ms) missed.push(`p99 ${report.p99Ms} ms (want < ${targets.p99Ms} ms)`);
  if (report.processedAfterSeconds === null || report.processedAfterSeconds > targets.processedWithinSeconds)
    missed.push(
      `processed ${report.processedAfterSeconds === null ? 'not all' : `after ${report.processedAfterSeconds} s`} (want within ${targets.processedWithinSeconds} s)`,
    );
  if (report.ledger.lost > 0) missed.push(`${report.ledger.lost} lost (want 0)`);
  for (const process of report.memory) {
    const limit = targets.idleMb[process.name];
    if (limit !== undefined && process.idleMb >= limit)
      missed.push(`${process.name} idle ${process.idleMb} MB (want < ${limit} MB)`);
  }
  return missed;
}

export function formatReport(report: LoadReport, targets: Targets): string {
  const accepted = report.offered - report.ledger.notAccepted;
  const rows: [string, string, string][] = [
    ['database', report.database, ''],
    ['offered', `${report.rate} requests/s for ${report.seconds} s`, ''],
    ['answered', `${report.answered} of ${report.offered}`, `${report.offered}`],
    ['not 2xx / errors', `${report.non2xx} / ${report.errors}`, '0 / 0'],
    ['latency p50', `${report.p50Ms} ms`, ''],
    ['latency p99', `${report.p99Ms} ms`, `< ${targets.p99Ms} ms`],
    ['latency max', `${report.maxMs} ms`, ''],
    [
      'all processed after the load',
      report.processedAfterSeconds === null ? 'NOT ALL' : `${report.processedAfterSeconds} s`,
      `≤ ${targets.processedWithinSeconds} s`,
    ],
    ['processed (row + effect)', String(report.ledger.processed), ''],
    ['lost', `${report.ledger.lost} (row ${report.ledger.lostRow}, effect ${report.ledger.lostEffect})`, '0'],
    ...report.memory.flatMap((p): [string, string, string][] => [
      [`${p.name} RSS peak`, `${p.peakMb} MB`, ''],
      [
        `${p.name} RSS idle`,
        `${p.idleMb} MB`,
        targets.idleMb[p.name] ? `< ${targets.idleMb[p.name]} MB` : '',
      ],
    ]),
    ...report.cpu.map((c): [string, string, string] => [
      `${c.name} CPU, load + processing`,
      `${c.seconds} s (${accepted > 0 ? Math.round((c.seconds * 10_000) / accepted) / 10 : 0} ms a request)`,
      '',
    ]),
  ];
  const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
  const line = (r: [string, string, string]) =>
    `| ${r.map((cell, c) => cell.padEnd(width[c] ?? 0)).join(' | ')} |`;
  return [
    line(['figure', 'measured', 'target']),
    `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
