/** The Bitrix24 lane's job kinds. */
export const SETUP_JOB = 'bitrix24.setup';
export const OFFLINE_DRAIN_JOB = 'bitrix24.offline.drain';
export const ENTITY_SYNC_JOB = 'bitrix24.entities.sync';
export const WEBHOOK_RECONCILE_JOB = 'bitrix24.webhook.reconcile';
