/** One credit → Lime, in the tenant's Lime lane. */
export const BONUS_CREDIT_JOB = 'bonus.credit';
/** A chunk of a mass run → Lime, in the tenant's Lime lane; it sends the next chunk itself. */
export const BONUS_RUN_JOB = 'bonus.run';
/** Done credits → the contacts' timelines, in the lane of the tenant's CRM (one kind per CRM). */
export const BONUS_TIMELINE_JOBS = {
  bitrix24: 'bonus.timeline.bitrix24',
  amocrm: 'bonus.timeline.amocrm',
} as const;
