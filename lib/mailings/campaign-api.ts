import { z } from 'zod';
import type { Database } from '@/db/client';
import { listRecentSends } from '@/db/queries/campaign-sends';
import {
  type CampaignRow,
  getCampaign,
  insertCampaign,
  listCampaigns,
  setCampaignEnabled,
  updateCampaign,
} from '@/db/queries/campaigns';
import { listTenantClients } from '@/db/queries/crm-push-reads';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { getBonusRules } from '@/lib/bonuses/bonus-rules';
import { campaignDeliverySchema } from '@/lib/domain/campaign-delivery';
import { CAMPAIGN_KIND_VALUES, type CampaignRules, parseCampaignRules } from '@/lib/domain/campaigns';
import { formatRubles } from '@/lib/domain/money';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { campaignErrorWords } from '@/lib/i18n/campaign-errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting } from '@/lib/settings/settings';
import { type AudiencePreview, type AudienceToday, audienceOf } from './audience';
import { type TenantMailing, tenantMailing } from './context';
import { CampaignConflictError, CampaignForbiddenError, CampaignRefusedError } from './errors';
import { startManualCampaign } from './manual-start';

/**
 * The campaigns of the settings screen (issue 8): GET lists them with today's audience, the
 * limits, the birthday bonus and the latest sends; POST saves, enables or disables (admins only),
 * previews a kind's rules (anyone), starts a manual one (admins). Refusals in the host's language.
 */

export interface CampaignApiDeps {
  database: Database;
  enqueue(job: EnqueueRequest): Promise<string | null>;
  /** The clock (tests inject one). */
  now?: () => Date;
}

const RECENT_SENDS = 20;

const postSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('save'),
    campaign: z.object({
      id: z.uuid().optional(),
      kind: z.enum(CAMPAIGN_KIND_VALUES),
      name: z.string(),
      rules: z.unknown(),
      delivery: z.unknown(),
      bonusKopecks: z.number().int().nullish(),
    }),
  }),
  z.object({ action: z.enum(['enable', 'disable']), id: z.uuid() }),
  z.object({ action: z.literal('preview'), kind: z.enum(CAMPAIGN_KIND_VALUES), rules: z.unknown() }),
  z.object({ action: z.literal('start'), id: z.uuid() }),
]);

export interface CampaignView {
  id: string;
  kind: CampaignRow['kind'];
  name: string;
  enabled: boolean;
  enabledAt: string | null;
  rules: Record<string, unknown>;
  delivery: Record<string, unknown>;
  bonusKopecks: number | null;
}

export interface SendView {
  id: string;
  campaignId: string;
  clientId: number;
  name: string | null;
  occasion: string;
  status: string;
  dueAt: string;
  sentAt: string | null;
  error: string | null;
  /** What the CRM showed of the delivery (DELIVERY_CHECKS), or null where nothing was checked. */
  check: string | null;
}

export const campaignView = (row: CampaignRow): CampaignView => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  enabled: row.enabled,
  enabledAt: row.enabledAt?.toISOString() ?? null,
  rules: row.rules,
  delivery: row.delivery,
  bonusKopecks: row.bonusKopecks,
});

const nobody: AudienceToday = { people: 0, clients: 0, children: 0 };

/** GET /api/embed/campaigns */
export async function campaignsForClaims(deps: CampaignApiDeps, claims: EmbedClaims) {
  const db = deps.database.db;
  const { tenantId } = claims;
  const now = deps.now?.() ?? new Date();
  const tenant = await tenantMailing(deps.database, tenantId);
  const campaigns = [];
  for (const row of await listCampaigns(db, { tenantId })) {
    const parsed = parseCampaignRules(row.kind, row.rules);
    const today =
      tenant && parsed.ok && row.connectionId === tenant.connection.id
        ? await audienceOf(db, tenant, parsed.value, { now, sample: false, campaignId: row.id })
        : nobody;
    campaigns.push({
      ...campaignView(row),
      today: { people: today.people, clients: today.clients, children: today.children },
    });
  }
  const sends = await listRecentSends(db, { tenantId, limit: RECENT_SENDS });
  const names = new Map(
    (await listTenantClients(db, { tenantId, ids: [...new Set(sends.map((s) => s.clientId))] })).map(
      (c) => [c.id, c.displayName] as const,
    ),
  );
  return {
    mayEdit: claims.admin,
    campaigns,
    limits: await getSetting(db, { tenantId, key: 'mailingLimits' }),
    birthdayBonus: await getSetting(db, { tenantId, key: 'birthdayBonus' }),
    recentSends: sends.map(
      (s): SendView => ({
        id: s.id,
        campaignId: s.campaignId,
        clientId: s.clientId,
        name: names.get(s.clientId) ?? null,
        occasion: s.occasion,
        status: s.status,
        dueAt: s.dueAt.toISOString(),
        sentAt: s.sentAt?.toISOString() ?? null,
        error: s.error,
        check: s.deliveryCheck,
      }),
    ),
  };
}

function rulesOf(claims: EmbedClaims, kind: CampaignRow['kind'], raw: unknown): CampaignRules {
  const parsed = parseCampaignRules(kind, raw);
  if (!parsed.ok) throw new InvalidRequestError(campaignErrorWords(claims.locale).rules(parsed.problem));
  return parsed.value;
}

async function mailingOf(deps: CampaignApiDeps, claims: EmbedClaims): Promise<TenantMailing> {
  const tenant = await tenantMailing(deps.database, claims.tenantId);
  if (!tenant) throw new CampaignRefusedError(campaignErrorWords(claims.locale).noLime);
  return tenant;
}

async function campaignOf(deps: CampaignApiDeps, claims: EmbedClaims, id: string): Promise<CampaignRow> {
  const row = await getCampaign(deps.database.db, { tenantId: claims.tenantId, id });
  if (!row) throw new NotFoundError(campaignErrorWords(claims.locale).notFound);
  return row;
}

type SaveRequest = Extract<z.output<typeof postSchema>, { action: 'save' }>['campaign'];

async function save(deps: CampaignApiDeps, claims: EmbedClaims, draft: SaveRequest): Promise<CampaignRow> {
  const words = campaignErrorWords(claims.locale);
  const db = deps.database.db;
  const name = draft.name.trim();
  if (name.length < 1 || name.length > 100) throw new InvalidRequestError(words.name);
  const { rules } = rulesOf(claims, draft.kind, draft.rules);
  const delivery = campaignDeliverySchema.safeParse(draft.delivery);
  if (!delivery.success) {
    const issue = delivery.error.issues[0];
    throw new InvalidRequestError(
      words.delivery(`${issue?.path.join('.') || 'delivery'}: ${issue?.message}`),
    );
  }
  if (delivery.data.crm !== claims.crm) throw new InvalidRequestError(words.otherCrm);
  const bonusKopecks = draft.bonusKopecks ?? null;
  if (bonusKopecks !== null) {
    const { maxAmountKopecks } = await getBonusRules(db, claims.tenantId);
    if (bonusKopecks < 1 || bonusKopecks > maxAmountKopecks)
      throw new CampaignRefusedError(words.bonus(formatRubles(maxAmountKopecks, claims.locale)));
  }
  const fields = { name, rules, delivery: delivery.data as Record<string, unknown>, bonusKopecks };
  if (draft.id) {
    const existing = await campaignOf(deps, claims, draft.id);
    if (existing.kind !== draft.kind) throw new CampaignRefusedError(words.kindChanged);
    const updated = await updateCampaign(db, { tenantId: claims.tenantId, id: draft.id, ...fields });
    if (!updated) throw new CampaignConflictError(words.nameTaken(name));
    return updated;
  }
  const tenant = await mailingOf(deps, claims);
  const made = await insertCampaign(db, {
    tenantId: claims.tenantId,
    connectionId: tenant.connection.id,
    kind: draft.kind,
    ...fields,
    createdBy: claims.userId,
  });
  if (!made) throw new CampaignConflictError(words.nameTaken(name));
  return made;
}

/** POST /api/embed/campaigns */
export async function campaignActionForClaims(
  deps: CampaignApiDeps,
  claims: EmbedClaims,
  body: unknown,
): Promise<
  { campaign: CampaignView } | AudiencePreview | { started: boolean; occasion: string; recorded: number }
> {
  const words = campaignErrorWords(claims.locale);
  const parsed = postSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(words.form);
  const request = parsed.data;
  const now = deps.now?.() ?? new Date();
  if (request.action === 'preview') {
    const value = rulesOf(claims, request.kind, request.rules);
    return audienceOf(deps.database.db, await mailingOf(deps, claims), value, { now, sample: true });
  }
  if (!claims.admin) throw new CampaignForbiddenError(words.adminsOnly);
  if (request.action === 'save')
    return { campaign: campaignView(await save(deps, claims, request.campaign)) };
  const campaign = await campaignOf(deps, claims, request.id);
  if (request.action === 'start') {
    if (campaign.kind !== 'manual') throw new CampaignRefusedError(words.notManual);
    const value = rulesOf(claims, 'manual', campaign.rules);
    if (value.kind !== 'manual') throw new CampaignRefusedError(words.notManual);
    const tenant = await mailingOf(deps, claims);
    const outcome = await startManualCampaign({ ...deps, now: () => now }, tenant, campaign, value.rules);
    if (!outcome.started) throw new CampaignConflictError(words.startedRecently);
    return outcome;
  }
  const row = await setCampaignEnabled(deps.database.db, {
    tenantId: claims.tenantId,
    id: campaign.id,
    enabled: request.action === 'enable',
    at: now,
  });
  return { campaign: campaignView(row ?? campaign) };
}
