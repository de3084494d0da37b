import type { Kopecks } from '@/lib/domain/money';
import type { SimBonusReason, SimPark, SimPreorderStatus } from '@/lib/simulators/lime';

/**
 * What the simulated Lime itself holds, read from the park rather than from our mirror: the latest
 * pre-orders and bonus credits, so the sandbox shows a booking's pre-order and a credit where a park's
 * staff would see them. `fromCrm` marks what our integration made.
 */

export interface LimePreorderRecord {
  id: number;
  number: string;
  status: SimPreorderStatus;
  eventTime: Date;
  client: string | null;
  goods: string;
  total: Kopecks;
  /** The CRM deal it was made for ("bitrix24 deal 3"), null when made in Lime. */
  crmDeal: { system: string; id: string } | null;
  fromCrm: boolean;
}

export interface LimeCreditRecord {
  id: number;
  time: Date;
  client: string | null;
  amount: Kopecks;
  balanceAfter: Kopecks;
  reason: SimBonusReason;
  comment: string | null;
  fromCrm: boolean;
}

export interface LimeRecords {
  park: string;
  timeZone: string;
  preorders: LimePreorderRecord[];
  credits: LimeCreditRecord[];
}

const SHOWN = 6;

export function limeRecords(park: SimPark): LimeRecords {
  const name = (id: number | null) => (id === null ? null : (park.clients.get(id)?.displayName ?? null));
  const preorders = [...park.preorders.values()]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
    .slice(0, SHOWN)
    .map((p) => ({
      id: p.id,
      number: p.number,
      status: p.status,
      eventTime: p.eventTime,
      client: name(p.clientId),
      goods: p.items.map((line) => `${line.goodTypeName} × ${line.count}`).join(', '),
      total: p.total as Kopecks,
      crmDeal: p.externalRef ? { system: p.externalRef.system, id: p.externalRef.id } : null,
      fromCrm: p.origin.source === 'integration',
    }));
  const credits = park.accruals
    .slice(-SHOWN)
    .reverse()
    .map((a) => ({
      id: a.id,
      time: a.time,
      client: name(a.clientId),
      amount: a.amount as Kopecks,
      balanceAfter: a.balanceAfter as Kopecks,
      reason: a.reason,
      comment: a.comment,
      fromCrm: a.origin.source === 'integration',
    }));
  return { park: park.installation.name, timeZone: park.installation.timeZone, preorders, credits };
}
