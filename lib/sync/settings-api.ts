import { getActiveLimeConnection } from '@/db/queries/lime-connections';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import type { CrmPipeline, CrmPort, CrmUser } from '@/lib/crm/crm-port';
import { ForbiddenError, InvalidRequestError } from '@/lib/http/errors';
import type { ConnectionCheck } from '@/lib/lime/gateway';
import { type SettingKey, type SettingValue, settingSchemas } from '@/lib/settings/registry';
import { getSetting, setSetting } from '@/lib/settings/settings';
import { type CrmDeps, crmForTenant } from './crm-for-tenant';
import { loadLimeConnection, saveLimeConnection, testLimeConnection } from './lime/connections';
import { checkPreorderStages } from './preorder-stages-setting';

/**
 * The settings a manager sees in the app's main frame (both CRMs): the Lime connection (never its
 * secrets), where each flow lands, the responsible user, leads or contacts, "allow http". Anyone
 * may look; only the CRM's admins may change anything (the embed token's admin flag, which the CRM
 * itself vouched for).
 */

const EDITABLE = [
  'crmFlows',
  'preorderStages',
  'responsibleUserId',
  'newClientsAsLeads',
  'allowHttpPortal',
  'locale',
  'bonusRules',
  'birthdayBonus',
  'mailingLimits',
] as const;
const isEditable = (key: string): key is (typeof EDITABLE)[number] =>
  (EDITABLE as readonly string[]).includes(key);

export interface LimeConnectionView {
  id: string;
  baseUrl: string;
  authMode: 'token' | 'password';
  installationId: number;
  cashdeskId: number;
  processingId: number | null;
  apiUserId: number | null;
  depositGoodTypeId: number | null;
  bonusGoodTypeId: number | null;
  timeZone: string;
  allowHttp: boolean;
  status: string;
  lastError: string | null;
  webhookUrl: string;
}

export interface SettingsView {
  admin: boolean;
  lime: LimeConnectionView | null;
  settings: { [K in (typeof EDITABLE)[number]]: SettingValue<K> };
  pipelines: CrmPipeline[];
  users: CrmUser[];
}

export function requireAdmin(claims: EmbedClaims): void {
  if (!claims.admin) throw new ForbiddenError('Only an administrator of the CRM can change the settings');
}

async function currentConnection(deps: CrmDeps & { appUrl: string }, tenantId: string) {
  const row = await getActiveLimeConnection(deps.database.db, { tenantId });
  if (!row) return null;
  const view: LimeConnectionView = {
    id: row.id,
    baseUrl: row.baseUrl,
    authMode: row.authMode,
    installationId: row.installationId,
    cashdeskId: row.cashdeskId,
    processingId: row.processingId,
    apiUserId: row.apiUserId,
    depositGoodTypeId: row.depositGoodTypeId,
    bonusGoodTypeId: row.bonusGoodTypeId,
    timeZone: row.timeZone,
    allowHttp: row.allowHttp,
    status: row.status,
    lastError: row.lastError,
    webhookUrl: `${deps.appUrl}/api/lime/webhook/${row.id}`,
  };
  return view;
}

export async function getSettingsView(
  deps: CrmDeps & { appUrl: string },
  claims: EmbedClaims,
): Promise<SettingsView> {
  const crm = await crmForTenant(deps, claims.tenantId);
  const db = deps.database.db;
  const tenantId = claims.tenantId;
  const [lime, pipelines, users, values] = await Promise.all([
    currentConnection(deps, tenantId),
    crm.listPipelines(),
    crm.listUsers(),
    Promise.all(EDITABLE.map((key) => getSetting(db, { tenantId, key }))),
  ]);
  return {
    admin: claims.admin,
    lime,
    settings: Object.fromEntries(EDITABLE.map((key, i) => [key, values[i]])) as SettingsView['settings'],
    pipelines,
    users,
  };
}

/** Saves the given settings (all or nothing: every value is checked before any is written). */
export async function saveSettings(
  deps: CrmDeps & { crm?: CrmPort },
  claims: EmbedClaims,
  input: unknown,
): Promise<void> {
  requireAdmin(claims);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidRequestError('Send the settings as a JSON object');
  }
  const entries = Object.entries(input);
  for (const [key] of entries) {
    if (!isEditable(key)) throw new InvalidRequestError(`"${key}" cannot be changed here`);
  }
  for (const [key, value] of entries) {
    const parsed = settingSchemas[key as SettingKey].safeParse(value);
    if (!parsed.success)
      throw new InvalidRequestError(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  }
  await checkPreorderStages(deps, claims.tenantId, input as Record<string, unknown>);
  await deps.database.db.transaction(async (tx) => {
    for (const [key, value] of entries) await setSetting(tx, { tenantId: claims.tenantId, key, value });
  });
}

export async function saveLimeConnectionForClaims(
  deps: CrmDeps & { appUrl: string },
  claims: EmbedClaims,
  input: unknown,
): Promise<LimeConnectionView> {
  requireAdmin(claims);
  await saveLimeConnection(deps, {
    tenantId: claims.tenantId,
    input: await keepStoredSecret(deps, claims.tenantId, input),
  });
  return (await currentConnection(deps, claims.tenantId)) as LimeConnectionView;
}

/** An empty token or password in the form means "keep the stored one" (the form never shows it). */
async function keepStoredSecret(deps: CrmDeps, tenantId: string, input: unknown): Promise<unknown> {
  const auth = (input as { auth?: { mode?: string; token?: string; password?: string } } | null)?.auth;
  const blank =
    auth && ((auth.mode === 'token' && !auth.token) || (auth.mode === 'password' && !auth.password));
  if (!blank) return input;
  const current = await getActiveLimeConnection(deps.database.db, { tenantId });
  if (!current || current.authMode !== auth.mode) return input;
  const { connection } = await loadLimeConnection(deps, { tenantId, connectionId: current.id });
  const stored = connection.auth;
  return {
    ...(input as object),
    auth:
      stored.mode === 'token'
        ? stored
        : { ...stored, login: (auth as { login?: string }).login || stored.login },
  };
}

export async function testLimeConnectionForClaims(
  deps: CrmDeps,
  claims: EmbedClaims,
): Promise<ConnectionCheck> {
  requireAdmin(claims);
  const row = await getActiveLimeConnection(deps.database.db, { tenantId: claims.tenantId });
  if (!row) throw new InvalidRequestError('Save a Lime connection first');
  return testLimeConnection(deps, { tenantId: claims.tenantId, connectionId: row.id });
}
