/** The amoCRM lane's job kinds. */
export const AMOCRM_SYNC_JOB = 'amocrm.entities.sync';
export const AMOCRM_RECONCILE_JOB = 'amocrm.reconcile';
