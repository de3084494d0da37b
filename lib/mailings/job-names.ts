/** A tenant's mailing pass (plan occasions, birthday bonuses, deliver due sends), in its CRM's lane. */
export const MAILING_TICK_JOBS = {
  bitrix24: 'mailing.tick.bitrix24',
  amocrm: 'mailing.tick.amocrm',
} as const;
