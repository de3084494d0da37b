import { findLinksByLime } from '@/db/queries/links';
import { createLogger } from '@/lib/log/logger';
import { type LimeSimulator, type LimeSimulatorOptions, startLimeSimulator } from '@/lib/simulators/lime';
import { type PushStats, pushOutboxToCrm } from '@/lib/sync/crm-push/push';
import { drainLimeInbox } from '@/lib/sync/lime/drain';
import { pollLimeFeed } from '@/lib/sync/lime/poll';
import type { CrmAccountFixture } from './crm-push-fixtures';
import { mirrorSimulatedPark } from './lime-fixture';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * A simulated park's mirror next to a connected CRM account, for the sync flows: push Lime's
 * changes, follow Lime (feed read, inbox drained, as the app does), find a client's contact.
 */
export interface SyncedPark {
  t: TestDatabase;
  account: CrmAccountFixture;
  lime: LimeSimulator;
  connectionId: string;
  crmDeps(): {
    database: TestDatabase['database'];
    secrets: CrmAccountFixture['secrets'];
    allowHttpLoopback: true;
    bitrix24App: null;
    crm: CrmAccountFixture['crm'];
  };
  push(): Promise<PushStats>;
  followLime(): Promise<void>;
  contactOf(limeId: number): Promise<string | undefined>;
  close(): Promise<void>;
}

const log = createLogger({ level: 'silent' });

export async function startSyncedPark(params: {
  start: (database: TestDatabase['database'], seed: number) => Promise<CrmAccountFixture>;
  seed: number;
  lime: LimeSimulatorOptions;
  /** Runs before the park reaches the mirror (e.g. a manager's contacts made by hand). */
  before?: (account: CrmAccountFixture, lime: LimeSimulator) => Promise<void>;
}): Promise<SyncedPark> {
  const t = await createTestDatabase();
  const account = await params.start(t.database, params.seed);
  const lime = await startLimeSimulator(params.lime);
  await params.before?.(account, lime);
  const { connectionId } = await mirrorSimulatedPark(t.database, {
    secrets: account.secrets,
    tenantId: account.tenantId,
    sim: lime,
  });
  const crmDeps = () => ({
    database: t.database,
    secrets: account.secrets,
    allowHttpLoopback: true as const,
    bitrix24App: null,
    crm: account.crm,
  });
  const limeDeps = { database: t.database, secrets: account.secrets, allowHttpLoopback: true, log };
  return {
    t,
    account,
    lime,
    connectionId,
    crmDeps,
    push: () => pushOutboxToCrm({ ...crmDeps(), log }, { tenantId: account.tenantId }),
    async followLime() {
      for (let more = true; more; )
        more = (await pollLimeFeed(limeDeps, { tenantId: account.tenantId, connectionId })).more;
      await drainLimeInbox(limeDeps, { tenantId: account.tenantId });
    },
    async contactOf(limeId) {
      const links = await findLinksByLime(t.database.db, {
        tenantId: account.tenantId,
        limeType: 'client',
        crmEntity: 'contact',
        limeIds: [String(limeId)],
      });
      return links.get(String(limeId))?.crmId;
    },
    async close() {
      await account.close();
      await lime.close();
      await t.drop();
    },
  };
}
