import { z } from 'zod';
import type { Db } from '@/db/client';
import { isUniqueViolation } from '@/db/queries/bookings';
import { insertResource, listResources, type ResourceRow, updateResource } from '@/db/queries/resources';
import { ALWAYS_OPEN, isHoursTime, isWeekHours } from '@/lib/domain/bookings';
import { NotFoundError } from '@/lib/http/errors';
import { bookingErrorWords } from '@/lib/i18n/booking-errors';
import type { Locale } from '@/lib/i18n/pick-locale';
import { BookingRefusedError, BookingStateError } from './errors';

/** Halls and staff in settings (admins): each with working hours and optional buffers. */

const hhmm = z.string().refine(isHoursTime, 'HH:MM');
const weekHours = z
  .array(z.object({ from: hhmm, to: hhmm }).nullable())
  .length(7)
  .refine(isWeekHours, 'each day opens before it closes');

const capacity = z.number().int().min(1).max(100_000).nullable();
const buffer = z.number().int().min(0).max(720);

export const resourceInputSchema = z.object({
  kind: z.enum(['hall', 'staff']),
  name: z.string().trim().min(1).max(120),
  capacity: capacity.default(null),
  hours: weekHours.default(ALWAYS_OPEN),
  bufferBeforeMin: buffer.default(0),
  bufferAfterMin: buffer.default(0),
});
export type ResourceInput = z.input<typeof resourceInputSchema>;

/** Only what the patch names changes: no defaults here (a partial of defaulted fields would fill them in). */
export const resourcePatchSchema = z
  .object({
    name: resourceInputSchema.shape.name,
    capacity,
    hours: weekHours,
    bufferBeforeMin: buffer,
    bufferAfterMin: buffer,
    active: z.boolean(),
  })
  .partial();

export interface ResourceView {
  id: string;
  kind: 'hall' | 'staff';
  name: string;
  capacity: number | null;
  hours: ResourceRow['hours'];
  bufferBeforeMin: number;
  bufferAfterMin: number;
  active: boolean;
}

export const resourceView = (r: ResourceRow): ResourceView => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  capacity: r.capacity,
  hours: r.hours,
  bufferBeforeMin: r.bufferBeforeMin,
  bufferAfterMin: r.bufferAfterMin,
  active: r.active,
});

export async function listResourceViews(db: Db, params: { tenantId: string; includeArchived?: boolean }) {
  return (await listResources(db, params)).map(resourceView);
}

export async function addResource(
  db: Db,
  params: { tenantId: string; locale: Locale; input: unknown },
): Promise<ResourceView> {
  const parsed = resourceInputSchema.safeParse(params.input);
  if (!parsed.success) throw new BookingRefusedError(issueOf(parsed.error));
  const row = await insertResource(db, { tenantId: params.tenantId, ...parsed.data });
  if (!row) throw new BookingStateError(bookingErrorWords(params.locale).resourceNameTaken(parsed.data.name));
  return resourceView(row);
}

export async function changeResource(
  db: Db,
  params: { tenantId: string; locale: Locale; id: string; patch: unknown },
): Promise<ResourceView> {
  const parsed = resourcePatchSchema.safeParse(params.patch);
  if (!parsed.success) throw new BookingRefusedError(issueOf(parsed.error));
  try {
    const row = await updateResource(db, { tenantId: params.tenantId, id: params.id, ...parsed.data });
    if (!row) throw new NotFoundError(bookingErrorWords(params.locale).unknownResource);
    return resourceView(row);
  } catch (error) {
    if (isUniqueViolation(error, 'resources_tenant_name')) {
      throw new BookingStateError(bookingErrorWords(params.locale).resourceNameTaken(parsed.data.name ?? ''));
    }
    throw error;
  }
}

function issueOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid value';
}
