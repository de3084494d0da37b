/** Answers → the contacts' NPS field and timeline, in the lane of the tenant's CRM (one kind per CRM). */
export const NPS_CRM_JOBS = {
  bitrix24: 'nps.crm.bitrix24',
  amocrm: 'nps.crm.amocrm',
} as const;
