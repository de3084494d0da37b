import type { SyncedFields } from '../crm-push/contact-input';

/**
 * A three-way merge of the fields both sides edit, per field, against the base (what the CRM has
 * from us). A field only the CRM changed goes to Lime; a field only Lime changed stays for the push
 * to carry; a field both changed to different values goes to the later edit by each system's own
 * clock, and to Lime on a tie or when the CRM gives no time (Lime is the park's record).
 */

export const FIELDS = ['firstName', 'lastName', 'phone', 'email', 'birthDate'] as const;
export type Field = (typeof FIELDS)[number];

export interface MergeResult {
  /** Values to write to Lime. */
  toLime: Partial<SyncedFields>;
  /** Fields both sides changed, with who won. */
  conflicts: { field: Field; winner: 'crm' | 'lime' }[];
}

export function mergeFields(params: {
  base: SyncedFields | null;
  crm: SyncedFields;
  lime: SyncedFields;
  crmUpdatedAt: string | null;
  limeUpdatedAt: Date | string;
}): MergeResult {
  const result: MergeResult = { toLime: {}, conflicts: [] };
  const crmNewer =
    params.crmUpdatedAt !== null && new Date(params.crmUpdatedAt) > new Date(params.limeUpdatedAt);
  for (const field of FIELDS) {
    const crm = params.crm[field];
    const lime = params.lime[field];
    if (crm === lime) continue;
    // Without a base (a link made before we kept one) either side may have changed it: the clocks decide.
    const crmChanged = params.base === null || params.base[field] !== crm;
    const limeChanged = params.base === null || params.base[field] !== lime;
    if (crmChanged && limeChanged) {
      result.conflicts.push({ field, winner: crmNewer ? 'crm' : 'lime' });
      if (!crmNewer) continue;
    } else if (!crmChanged) {
      continue;
    }
    if (field === 'firstName' && crm === '') continue;
    (result.toLime as Record<Field, string | null>)[field] = crm;
  }
  return result;
}
