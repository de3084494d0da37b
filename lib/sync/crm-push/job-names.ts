/** The CRM push job of each CRM (one kind per CRM: a job's lane is fixed). */
export const CRM_PUSH_JOBS = { bitrix24: 'crm.push.bitrix24', amocrm: 'crm.push.amocrm' } as const;
