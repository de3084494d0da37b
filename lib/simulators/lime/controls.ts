import { rublesToKopecks } from '@/lib/domain/money';
import { normalizePhone } from '@/lib/domain/phone';
import { randomActivity, randomLines } from './activity';
import type { Auth } from './auth';
import type { FaultSpec, Faults } from './faults';
import { accrueBonus } from './ops-bonus';
import { addChild, createClient, removeRelation, updateClient } from './ops-clients';
import { addGood, changeGood, removeGood } from './ops-goods';
import { pass, purchase, topUp } from './ops-money';
import { createPreorder, setPreorderStatus } from './ops-preorders';
import type { ParkState } from './park-state';
import { SimError } from './sim-error';
import {
  LIME_ORIGIN,
  type SimAccrual,
  type SimBonusReason,
  type SimCapabilities,
  type SimGoodKind,
  type SimPreorderStatus,
  type SimTransaction,
} from './types';
import type { DeliverOptions, WebhookDeliverer } from './webhooks';
import { isDate } from './wire';

/** What happens in the park without the integration: visitors, staff, and the operator's knobs. */
export interface LimeSimulatorControls {
  visitorBuys(clientId: number, items?: { goodTypeId: number; count: number }[]): SimTransaction;
  topsUp(clientId: number, amountKopecks: number): SimTransaction;
  passesTurnstile(clientId: number, kind?: 'ticket' | 'deposit'): SimTransaction;
  editsClient(
    clientId: number,
    patch: Partial<{
      firstName: string;
      lastName: string;
      phoneNumber: string;
      email: string;
      birthDate: string;
    }>,
  ): void;
  addsChild(parentId: number, child: { firstName: string; lastName: string; birthDate: string }): number;
  /** A new adult signs up at the desk and gets a card (client.created); returns its id. */
  signsUp(client: { firstName: string; lastName: string; birthDate: string }): number;
  createsPreorder(clientId: number, items: { goodTypeId: number; count: number }[], eventTime: Date): number;
  setsPreorderStatus(preorderId: number, status: SimPreorderStatus): void;
  renamesGood(goodTypeId: number, name: string): void;
  setsGoodPrice(goodTypeId: number, rubles: number): void;
  removesGood(goodTypeId: number): void;
  /** A new good in the back office; returns its id. */
  addsGood(good: { name: string; rubles: number; kind: SimGoodKind }): number;
  /** Staff unlink a child (client.relation.deleted). */
  removesRelation(relationId: number): void;
  /** Staff credit bonuses in Lime itself (origin lime). */
  accruesBonus(
    clientId: number,
    amountKopecks: number,
    reason?: SimBonusReason,
    expiresAt?: Date | null,
  ): SimAccrual;
  randomActivity(count: number): void;
  expireTokens(): void;
  refuseRefresh(): void;
  fault(f: FaultSpec): void;
  clearFaults(): void;
  setCapabilities(c: Partial<SimCapabilities>): void;
  deliverWebhooks(options?: DeliverOptions): Promise<{ delivered: number; failed: number }>;
}

export function createControls(deps: {
  park: ParkState;
  auth: Auth;
  faults: Faults;
  capabilities: SimCapabilities;
  webhooks: WebhookDeliverer;
}): LimeSimulatorControls {
  const { park, auth, faults, capabilities, webhooks } = deps;
  return {
    visitorBuys: (clientId, items) =>
      purchase(park, clientId, items ?? randomLines(park, park.client(clientId)), LIME_ORIGIN),
    topsUp: (clientId, amountKopecks) => topUp(park, clientId, amountKopecks, LIME_ORIGIN),
    passesTurnstile: (clientId, kind) => pass(park, clientId, kind, LIME_ORIGIN),
    editsClient: (clientId, patch) => {
      const phoneNumber = patch.phoneNumber === undefined ? undefined : normalizePhone(patch.phoneNumber);
      if (phoneNumber === null)
        throw new SimError('validation_failed', `"${patch.phoneNumber}" — не телефон`);
      if (patch.birthDate !== undefined && !isDate(patch.birthDate)) {
        throw new SimError('validation_failed', `"${patch.birthDate}" — не дата YYYY-MM-DD`);
      }
      updateClient(
        park,
        clientId,
        { ...patch, ...(phoneNumber !== undefined ? { phoneNumber } : {}) },
        LIME_ORIGIN,
      );
    },
    addsChild: (parentId, child) => {
      if (!isDate(child.birthDate)) throw new SimError('validation_failed', `"${child.birthDate}" — не дата`);
      return addChild(park, parentId, child, LIME_ORIGIN).id;
    },
    signsUp: (client) => {
      if (!isDate(client.birthDate))
        throw new SimError('validation_failed', `"${client.birthDate}" — не дата`);
      return createClient(park, client, LIME_ORIGIN, { card: true }).id;
    },
    createsPreorder: (clientId, items, eventTime) =>
      createPreorder(
        park,
        { clientId, items, eventTime: new Date(Math.floor(eventTime.getTime() / 1000) * 1000) },
        LIME_ORIGIN,
      ).id,
    setsPreorderStatus: (preorderId, status) => {
      setPreorderStatus(park, preorderId, status, LIME_ORIGIN);
    },
    renamesGood: (goodTypeId, name) => {
      changeGood(park, goodTypeId, { name }, LIME_ORIGIN);
    },
    setsGoodPrice: (goodTypeId, rubles) => {
      changeGood(park, goodTypeId, { price: rublesToKopecks(rubles) }, LIME_ORIGIN);
    },
    removesGood: (goodTypeId) => removeGood(park, goodTypeId, LIME_ORIGIN),
    addsGood: (good) =>
      addGood(park, { name: good.name, price: rublesToKopecks(good.rubles), kind: good.kind }, LIME_ORIGIN)
        .id,
    removesRelation: (relationId) => removeRelation(park, relationId, LIME_ORIGIN),
    accruesBonus: (clientId, amountKopecks, reason = 'manual', expiresAt = null) =>
      accrueBonus(park, { clientId, amount: amountKopecks, reason, expiresAt }, LIME_ORIGIN),
    randomActivity: (count) => randomActivity(park, count),
    expireTokens: () => auth.expireAll(),
    refuseRefresh: () => auth.refuseRefresh(),
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    setCapabilities: (c) => {
      for (const key of Object.keys(capabilities) as (keyof SimCapabilities)[]) {
        const value = c[key];
        if (typeof value === 'boolean') capabilities[key] = value;
      }
    },
    deliverWebhooks: (options) => webhooks.deliver(options),
  };
}
