import type { CrmCalendarMirror } from '@/lib/crm/crm-calendar';
import { deleteBooking, upsertBooking } from './calendar-bookings';
import { deleteResource, TYPE_CODES, upsertResources } from './calendar-resources';
import { calendarCall, isUnavailable } from './calendar-rest';
import { Bitrix24ApiError } from './errors';
import type { Bitrix24Rest } from './rest';

/**
 * CrmPort.calendar for Bitrix24: the booking module's REST API (booking.v1.*, scope `booking`;
 * docs/bitrix24-booking.md). `available` is one light call (our hall type by code); any method
 * on a portal without the module, or for an app without the scope, is
 * CrmCalendarUnavailableError.
 */

export function createBitrix24Calendar(rest: Bitrix24Rest): CrmCalendarMirror {
  return {
    async available() {
      try {
        await rest.call('booking.v1.resourceType.list', { filter: { code: TYPE_CODES.hall } });
        return true;
      } catch (error) {
        if (error instanceof Bitrix24ApiError && isUnavailable(error)) return false;
        throw error;
      }
    },
    upsertResources: (items) => calendarCall(() => upsertResources(rest, items)),
    deleteResource: (id) => calendarCall(() => deleteResource(rest, id)),
    upsertBooking: (input) => calendarCall(() => upsertBooking(rest, input)),
    deleteBooking: (id) => calendarCall(() => deleteBooking(rest, id)),
  };
}
