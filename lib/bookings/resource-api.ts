import { z } from 'zod';
import type { Database } from '@/db/client';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { isValidZone } from '@/lib/domain/bookings';
import { InvalidRequestError } from '@/lib/http/errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting, setSetting } from '@/lib/settings/settings';
import { requireBookingAdmin } from './booking-api';
import { venueZone } from './booking-rules';
import { calendarMirrorJob } from './calendar-mirror';
import { addResource, changeResource, listResourceViews, type ResourceView } from './resource-service';

/** Settings → halls and staff (issue 7): anyone may look, only the CRM's admins change them. */

export interface ResourcesView {
  /** The zone bookings use, and whether it was chosen (else the Lime connection's or Moscow's). */
  zone: string;
  zoneChosen: boolean;
  resources: ResourceView[];
}

const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add'), input: z.unknown() }),
  z.object({ action: z.literal('change'), id: z.uuid(), patch: z.unknown() }),
  z.object({ action: z.literal('zone'), zone: z.string().max(64).nullable() }),
]);

export async function resourcesForClaims(
  deps: { database: Database },
  claims: EmbedClaims,
): Promise<ResourcesView> {
  const db = deps.database.db;
  return {
    zone: await venueZone(db, claims.tenantId),
    zoneChosen: (await getSetting(db, { tenantId: claims.tenantId, key: 'bookingTimeZone' })) !== null,
    resources: await listResourceViews(db, { tenantId: claims.tenantId, includeArchived: true }),
  };
}

export async function resourceActionForClaims(
  deps: { database: Database; enqueue(job: EnqueueRequest): Promise<string | null> },
  claims: EmbedClaims,
  body: unknown,
): Promise<ResourcesView> {
  requireBookingAdmin(claims);
  const parsed = actionSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('Say add, change or zone');
  const db = deps.database.db;
  const scope = { tenantId: claims.tenantId, locale: claims.locale };
  const request = parsed.data;
  if (request.action === 'add') await addResource(db, { ...scope, input: request.input });
  else if (request.action === 'change')
    await changeResource(db, { ...scope, id: request.id, patch: request.patch });
  else {
    if (request.zone !== null && !isValidZone(request.zone)) {
      throw new InvalidRequestError(
        claims.locale === 'en'
          ? `Unknown time zone "${request.zone}"`
          : `Неизвестный часовой пояс «${request.zone}»`,
      );
    }
    await setSetting(db, { tenantId: claims.tenantId, key: 'bookingTimeZone', value: request.zone });
  }
  // Halls, staff and the zone of their hours → the Bitrix24 booking calendar, where the portal has one.
  if (claims.crm === 'bitrix24') await deps.enqueue(calendarMirrorJob(claims.tenantId, { resources: true }));
  return resourcesForClaims(deps, claims);
}
