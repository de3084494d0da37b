import { z } from 'zod';
import { isValidZone } from '@/lib/domain/bookings';

/**
 * Every per-tenant setting, by key, with its type and default. A value is read through its schema
 * (a stored value that no longer parses falls back to the default) and written only if it parses.
 * Features add their keys here.
 */
const flowTarget = z.object({ pipelineId: z.string().min(1), stageId: z.string().min(1) });
const stageRef = z.string().min(1).nullable().default(null);

export const settingSchemas = {
  /** Interface language when the host does not say (Bitrix24 LANG, amoCRM user language win). */
  locale: z.enum(['ru', 'en']).default('ru'),
  /** The CRM user made responsible for what the sync creates (Pixlpark seed: the responsible id). */
  responsibleUserId: z.string().regex(/^\d+$/).nullable().default(null),
  /** New Lime clients arrive as leads rather than contacts (Pixlpark seed). */
  newClientsAsLeads: z.boolean().default(false),
  /** Where each Lime flow lands in the CRM: a pipeline and its first stage (null: not synced). */
  crmFlows: z
    .object({
      purchase: flowTarget.nullable(),
      depositTopup: flowTarget.nullable(),
      /** Pass-through write-offs: deals in their own pipeline, or timeline entries on the contact. */
      pass: z.object({ mode: z.enum(['deal', 'timeline']), target: flowTarget.nullable() }),
      booking: flowTarget.nullable(),
    })
    .default({ purchase: null, depositTopup: null, pass: { mode: 'timeline', target: null }, booking: null }),
  /**
   * Lime pre-order status → a stage of the booking pipeline (crmFlows.booking); null: the default
   * (lib/domain/preorder-stages.ts). Only stages chosen here move Lime when a manager moves a deal.
   */
  preorderStages: z
    .object({
      new: stageRef,
      confirmed: stageRef,
      paid: stageRef,
      completed: stageRef,
      cancelled: stageRef,
    })
    .default({ new: null, confirmed: null, paid: null, completed: null, cancelled: null }),
  /** The venue's IANA time zone for bookings (null: the Lime connection's). */
  bookingTimeZone: z
    .string()
    .refine(isValidZone, { message: 'not an IANA time zone' })
    .nullable()
    .default(null),
  /**
   * Bonus credits (issue 8): who may credit one client from a card, and the largest amount of one
   * credit (kopecks; a mass run's per-person amount too). Mass crediting is always admins only.
   */
  bonusRules: z
    .object({
      whoCredits: z.enum(['managers', 'admins']),
      maxAmountKopecks: z.number().int().min(1).max(100_000_000),
    })
    .default({ whoCredits: 'managers', maxAmountKopecks: 500_000 }),
  /**
   * Automatic bonus on birthdays (issue 8): the client's own and each child's (the parent is
   * credited), this many days before the day (0: on the day), at this local hour of the venue.
   */
  birthdayBonus: z
    .object({
      enabled: z.boolean(),
      clientKopecks: z.number().int().min(0).max(100_000_000),
      childKopecks: z.number().int().min(0).max(100_000_000),
      daysBefore: z.number().int().min(0).max(30),
      hour: z.number().int().min(0).max(23),
    })
    .default({ enabled: false, clientKopecks: 0, childKopecks: 0, daysBefore: 0, hour: 10 }),
  /**
   * Mailings (issue 8): nothing is sent between quietFrom and quietTo (venue's local "HH:MM"; may
   * wrap midnight), and at most dailyCap sends a day per tenant; the rest wait for the next window.
   */
  mailingLimits: z
    .object({
      quietFrom: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      quietTo: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      dailyCap: z.number().int().min(1).max(1_000_000),
    })
    .default({ quietFrom: '21:00', quietTo: '09:00', dailyCap: 500 }),
  /**
   * Birthday bonuses' catch-up (internal): the first birthday the rule serves (YYYY-MM-DD, fixed when it
   * is switched on) and the venue day late ones were last looked for; cleared when it is switched off.
   */
  birthdayBonusCatchUp: z.object({ since: z.iso.date(), sweptDay: z.iso.date() }).nullable().default(null),
  /** Mailings: the CRM's deal stage moves have been read up to this time (ISO 8601; internal, for NPS). */
  mailingStageCursor: z.iso.datetime({ offset: true }).nullable().default(null),
  /** An on-premise Bitrix24 on plain http, confirmed by the portal's admin (DESIGN.md URL guard). */
  allowHttpPortal: z.boolean().default(false),
  /** Webhook mode: changes up to this time (ISO 8601) have been reconciled (internal, not shown). */
  bitrix24ReconciledUntil: z.iso.datetime({ offset: true }).nullable().default(null),
  /**
   * Bitrix24's booking calendar (booking.v1) as last seen: there for us or not, and when it was
   * checked (internal; lib/bookings/calendar-mirror.ts asks again a day after finding none).
   */
  bitrix24CalendarMirror: z
    .object({ available: z.boolean(), checkedAt: z.iso.datetime({ offset: true }) })
    .nullable()
    .default(null),
  /** amoCRM: changes up to this time (ISO 8601) have been reconciled (internal). */
  amocrmReconciledUntil: z.iso.datetime({ offset: true }).nullable().default(null),
  /** amoCRM: SHA-256 of the secret in our webhook's path (internal; the secret itself is not kept). */
  amocrmWebhookSecretHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .default(null),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingSchemas)[K]>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingSchemas, key);
}
