import { kopecksToRubles } from '@/lib/domain/money';
import type { AudiencePreview, AudienceToday } from '@/lib/mailings/audience';
import type { SendView, CampaignView as StoredCampaign } from '@/lib/mailings/campaign-api';
import type { DeliveryTargets } from '@/lib/mailings/delivery-targets';
import { emptyFilter, type FilterDraft, filterOf } from '../bonuses/audience-filter';
import { parseRubles } from '../bonuses/bonus-form-kit';

/** A campaign as the form holds it (every field as typed) and as the API takes and gives it. */

export type CampaignKind = 'birthday' | 'winback' | 'nps' | 'manual';
export type DeliveryMode = 'trigger' | 'workflow' | 'lead';

export type CampaignView = StoredCampaign & { today: AudienceToday };

export interface CampaignsView {
  mayEdit: boolean;
  campaigns: CampaignView[];
  recentSends: SendView[];
}

export type { AudiencePreview };

export interface CampaignDraft {
  id: string | null;
  kind: CampaignKind;
  name: string;
  daysBefore: string;
  who: 'clients' | 'children' | 'both';
  daysWithout: string;
  pipelineId: string;
  fromStageId: string;
  toStageId: string;
  filter: FilterDraft;
  mode: DeliveryMode;
  deliveryPipelineId: string;
  deliveryStageId: string;
  templateId: string;
  bonus: string;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const RUBLE_KEYS = new Set(['bonusFrom', 'bonusTo', 'spendMin', 'spendMax']);

/** The API's filter (kopecks) back into what the filter form shows (rubles). */
function filterDraftOf(filter: Record<string, unknown> | undefined): FilterDraft {
  const draft: FilterDraft = { ...emptyFilter };
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (!(key in draft)) continue;
    (draft as unknown as Record<string, string>)[key] =
      RUBLE_KEYS.has(key) && typeof value === 'number' ? String(kopecksToRubles(value)) : text(value);
  }
  return draft;
}

export function newDraft(kind: CampaignKind, name: string): CampaignDraft {
  return {
    id: null,
    kind,
    name,
    daysBefore: '3',
    who: 'both',
    daysWithout: '60',
    pipelineId: '',
    fromStageId: '',
    toStageId: '',
    filter: { ...emptyFilter },
    mode: 'trigger',
    deliveryPipelineId: '',
    deliveryStageId: '',
    templateId: '',
    bonus: '',
  };
}

export function draftOf(campaign: CampaignView): CampaignDraft {
  const r = campaign.rules;
  const d = campaign.delivery;
  return {
    ...newDraft(campaign.kind, campaign.name),
    id: campaign.id,
    daysBefore: text(r.daysBefore) || '3',
    who: (r.who as CampaignDraft['who']) ?? 'both',
    daysWithout: text(r.daysWithout) || '60',
    pipelineId: text(r.pipelineId),
    fromStageId: text(r.fromStageId),
    toStageId: text(r.toStageId),
    filter: filterDraftOf(r.filter as Record<string, unknown> | undefined),
    mode: (d.mode as DeliveryMode) ?? 'trigger',
    deliveryPipelineId: text(d.pipelineId),
    deliveryStageId: text(d.stageId ?? d.statusId),
    templateId: text(d.templateId),
    bonus: campaign.bonusKopecks ? String(kopecksToRubles(campaign.bonusKopecks)) : '',
  };
}

/** A whole number as typed becomes a number; anything else goes as typed, for the API to name. */
const whole = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value) : value);

export function rulesOf(draft: CampaignDraft): Record<string, unknown> {
  switch (draft.kind) {
    case 'birthday':
      return { daysBefore: whole(draft.daysBefore), who: draft.who };
    case 'winback':
      return { daysWithout: whole(draft.daysWithout) };
    case 'nps':
      return { pipelineId: draft.pipelineId, fromStageId: draft.fromStageId, toStageId: draft.toStageId };
    case 'manual':
      return { filter: filterOf(draft.filter) };
  }
}

/** The way of sending the form shows: the draft's, if the CRM offers it, else the first it offers. */
export function modeOf(draft: CampaignDraft, targets: DeliveryTargets): DeliveryMode {
  const modes: readonly DeliveryMode[] = targets.modes;
  return modes.includes(draft.mode) ? draft.mode : (modes[0] as DeliveryMode);
}

export function deliveryOf(draft: CampaignDraft, targets: DeliveryTargets): Record<string, unknown> {
  if (targets.crm === 'amocrm')
    return {
      crm: 'amocrm',
      mode: 'lead',
      pipelineId: draft.deliveryPipelineId,
      statusId: draft.deliveryStageId,
    };
  if (modeOf(draft, targets) === 'workflow')
    return { crm: 'bitrix24', mode: 'workflow', templateId: draft.templateId };
  // An NPS survey runs on the deal that moved; other kinds on a deal made in the chosen stage.
  const where =
    draft.kind !== 'nps' && draft.deliveryPipelineId
      ? { pipelineId: draft.deliveryPipelineId, stageId: draft.deliveryStageId }
      : {};
  return { crm: 'bitrix24', mode: 'trigger', ...where };
}

/** The bonus with each send in kopecks: empty is none (null); rubles that do not parse: undefined. */
export function bonusOf(draft: CampaignDraft): number | null | undefined {
  const typed = draft.bonus.trim();
  if (!typed) return null;
  return parseRubles(typed) ?? undefined;
}
