import { countActiveTenantsByKind, countTenantsNeedingReinstall } from '@/db/queries/tenants';
import { getRuntime } from '@/lib/runtime';

export interface HomeStatus {
  database: 'pglite' | 'postgres';
  worker: 'inline' | 'off';
  sandbox: boolean;
  appUrl: string;
  bitrix24Configured: boolean;
  amocrmConfigured: boolean;
  tenants: { bitrix24: number; bitrix24_webhook: number; amocrm: number };
  /** Connections whose CRM refused our refresh token (invalid_grant): they need a re-install. */
  needsReinstall: number;
}

/** What the operator's home page shows: what runs here and what is connected. */
export async function getHomeStatus(): Promise<HomeStatus> {
  const { config, database } = await getRuntime();
  return {
    database: database.kind,
    worker: config.worker,
    sandbox: config.sandbox,
    appUrl: config.appUrl,
    bitrix24Configured: config.bitrix24 !== null && !config.bitrix24.simulated,
    amocrmConfigured: config.amocrm !== null && !config.amocrm.simulated,
    tenants: await countActiveTenantsByKind(database.db),
    needsReinstall: await countTenantsNeedingReinstall(database.db),
  };
}
