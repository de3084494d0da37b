import { createBatchMethod } from './batch';
import { crmMethods } from './methods-crm';
import { eventMethods } from './methods-events';
import { offlineMethods } from './methods-offline';
import { placementMethods } from './methods-placement';
import { systemMethods } from './methods-system';
import { userFieldMethods } from './methods-userfields';
import type { MethodTable } from './rest-context';

/** Every REST method the simulated portal knows, by lower-case name (anything else is 404). */
export function buildMethodTable(): MethodTable {
  const table: MethodTable = {
    ...systemMethods,
    ...eventMethods,
    ...offlineMethods,
    ...placementMethods,
    ...crmMethods,
    ...userFieldMethods,
  };
  table.batch = createBatchMethod(table);
  return table;
}
