/** The Bitrix24 lane's job kinds. */
export const SETUP_JOB = 'bitrix24.setup';
export const OFFLINE_DRAIN_JOB = 'bitrix24.offline.drain';
export const ENTITY_SYNC_JOB = 'bitrix24.entities.sync';
export const WEBHOOK_RECONCILE_JOB = 'bitrix24.webhook.reconcile';
/** Stored runs of the bonus robot → credits (docs/bitrix24-robot.md). */
export const ROBOT_CREDIT_JOB = 'bitrix24.robot.credit';
/** One run's answer to its workflow (bizproc.event.send), once its credit settled or was refused. */
export const ROBOT_REPLY_JOB = 'bitrix24.robot.reply';

/** Inbox kinds: what the portal posts about CRM changes starts with this; robot runs are ROBOT_INBOX_KIND. */
export const CRM_EVENT_PREFIX = 'ONCRM';
export const ROBOT_INBOX_KIND = 'BIZPROC_ROBOT';
