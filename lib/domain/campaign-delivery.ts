import { z } from 'zod';

/**
 * How the CRM sends a campaign's message (issue 8): we write what the message needs into the
 * contact's fields, then set the CRM's own automation going. Pure: the CRM side is CrmPort.runMailing.
 *
 * - Bitrix24 `trigger`: our app's automation trigger (TRIGGER_CODE) run by crm.automation.trigger.execute
 *   on a deal — the NPS deal itself, or for other kinds a deal made for the contact in the chosen
 *   pipeline and stage (triggers work on deals and leads, not contacts). Application context only:
 *   a webhook-mode portal cannot use it.
 * - Bitrix24 `workflow`: bizproc.workflow.start of a business-process template the admin chose, on
 *   the contact's document; works for webhook-mode portals too.
 * - amoCRM `lead`: a lead made for the contact in this pipeline and status, where Digital Pipeline or
 *   Salesbot act.
 */

/** The code of our automation trigger (crm.automation.trigger.add: Latin letters, digits, . - _). */
export const TRIGGER_CODE = 'lime_mailing';

const id = z.string().trim().min(1).max(64);

export const bitrix24TriggerDeliverySchema = z
  .object({
    crm: z.literal('bitrix24'),
    mode: z.literal('trigger'),
    /** Where a deal is made for kinds without one (not NPS); both or neither. */
    pipelineId: id.optional(),
    stageId: id.optional(),
  })
  .strict()
  .refine((d) => (d.pipelineId === undefined) === (d.stageId === undefined), {
    message: 'pipelineId and stageId go together',
  });

export const bitrix24WorkflowDeliverySchema = z
  .object({
    crm: z.literal('bitrix24'),
    mode: z.literal('workflow'),
    templateId: z.string().regex(/^\d+$/),
  })
  .strict();

export const amocrmLeadDeliverySchema = z
  .object({
    crm: z.literal('amocrm'),
    mode: z.literal('lead'),
    pipelineId: z.string().regex(/^\d+$/),
    statusId: z.string().regex(/^\d+$/),
  })
  .strict();

export const campaignDeliverySchema = z.union([
  bitrix24TriggerDeliverySchema,
  bitrix24WorkflowDeliverySchema,
  amocrmLeadDeliverySchema,
]);

export type CampaignDelivery = z.infer<typeof campaignDeliverySchema>;

/**
 * What we write into the contact before the automation runs; CRM templates insert field values.
 * An absent key is left as the CRM has it; null clears the field.
 */
export interface MailingFields {
  /** The last NPS score (0–10) the contact gave. */
  npsScore?: number | null;
  /** The signed link to our NPS page for this send. */
  npsLink?: string | null;
  /** The child whose birthday the message is about. */
  childName?: string | null;
  /** The bonus credited with this message, as a person reads it (e.g. "500 ₽"). */
  bonus?: string | null;
}

export const MAILING_FIELD_KEYS = ['npsScore', 'npsLink', 'childName', 'bonus'] as const;
