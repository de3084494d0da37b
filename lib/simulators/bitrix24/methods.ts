import { createBatchMethod } from './batch';
import { duplicateMethods } from './crm-duplicates';
import { activityMethods } from './methods-activity';
import { automationMethods } from './methods-automation';
import { bizprocMethods } from './methods-bizproc';
import { bookingMethods } from './methods-booking';
import { bookingResourceMethods } from './methods-booking-resources';
import { catalogMethods } from './methods-catalog';
import { crmMethods } from './methods-crm';
import { eventMethods } from './methods-events';
import { itemMethods } from './methods-items';
import { offlineMethods } from './methods-offline';
import { placementMethods } from './methods-placement';
import { stageHistoryMethods } from './methods-stagehistory';
import { systemMethods } from './methods-system';
import { timelineMethods } from './methods-timeline';
import { userFieldMethods } from './methods-userfields';
import { userMethods } from './methods-users';
import { workflowMethods } from './methods-workflows';
import type { MethodTable } from './rest-context';

/** Every REST method the simulated portal knows, by lower-case name (anything else is 404). */
export function buildMethodTable(): MethodTable {
  const table: MethodTable = {
    ...systemMethods,
    ...userMethods,
    ...eventMethods,
    ...offlineMethods,
    ...placementMethods,
    ...crmMethods,
    ...itemMethods,
    ...duplicateMethods,
    ...timelineMethods,
    ...stageHistoryMethods,
    ...activityMethods,
    ...userFieldMethods,
    ...catalogMethods,
    ...bookingResourceMethods,
    ...bookingMethods,
    ...bizprocMethods,
    ...automationMethods,
    ...workflowMethods,
  };
  table.batch = createBatchMethod(table);
  return table;
}
