import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { createSecretBox, type SecretBox } from '@/lib/crypto/secret-box';
import { createLogger } from '@/lib/log/logger';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { connectTenantToLimeSimulator } from '@/lib/sandbox/connect-lime-simulator';
import { type LimeSimulator, type LimeSimulatorOptions, startLimeSimulator } from '@/lib/simulators/lime';
import { type LimeDeps, saveLimeConnection } from '@/lib/sync/lime/connections';
import { drainLimeInbox } from '@/lib/sync/lime/drain';
import { pollLimeFeed } from '@/lib/sync/lime/poll';
import { limeWebhookHandler } from '@/lib/sync/lime/webhook-handler';
import { serveHandler } from './serve-handler';
import { createTenant } from './test-database';

/**
 * A tenant connected to a running Lime simulator, with our webhook endpoint served over HTTP and
 * subscribed in Lime, as the app would be.
 */
export interface LimeFixture {
  sim: LimeSimulator;
  deps: LimeDeps & { log: ReturnType<typeof createLogger> };
  tenantId: string;
  connectionId: string;
  webhookUrl: string;
  close(): Promise<void>;
}

export async function connectTenantToSimulator(
  database: Database,
  options: LimeSimulatorOptions & {
    secrets?: SecretBox;
    enqueue?: (job: EnqueueRequest) => Promise<string | null>;
  } = {},
): Promise<LimeFixture> {
  const sim = await startLimeSimulator(options);
  const secrets = options.secrets ?? createSecretBox(randomBytes(32));
  const deps = { database, secrets, allowHttpLoopback: true, log: createLogger({ level: 'silent' }) };
  const tenantId = (await createTenant(database)).id;
  const server = await serveHandler(
    limeWebhookHandler(async () => ({ ...deps, enqueue: options.enqueue ?? (async () => null) })),
    /^\/api\/lime\/webhook\/(?<connectionId>[^/]+)$/,
  );
  const connected = await connectTenantToLimeSimulator(deps, { tenantId, sim, webhookBaseUrl: server.url });
  return {
    sim,
    deps,
    tenantId,
    connectionId: connected.connectionId,
    webhookUrl: connected.webhookUrl as string,
    async close() {
      await server.close();
      await sim.close();
    },
  };
}

/**
 * A tenant's mirror filled from a running Lime simulator the way the app fills it: the connection
 * saved, the change feed read to its end, the inbox drained (for card and audience tests).
 */
export async function mirrorSimulatedPark(
  database: Database,
  params: { secrets: SecretBox; tenantId: string; sim: LimeSimulator },
): Promise<{ connectionId: string; webhookSecret: string }> {
  const deps = {
    database,
    secrets: params.secrets,
    allowHttpLoopback: true,
    log: createLogger({ level: 'silent' }),
  };
  const { connectionId, webhookSecret } = await connectTenantToLimeSimulator(deps, {
    tenantId: params.tenantId,
    sim: params.sim,
  });
  for (let more = true; more; )
    more = (await pollLimeFeed(deps, { tenantId: params.tenantId, connectionId })).more;
  await drainLimeInbox(deps, { tenantId: params.tenantId });
  return { connectionId, webhookSecret };
}

/** A Lime connection (at an address nothing listens on) for tests of its inbound webhooks. */
export async function connectLimeForWebhooks(
  deps: LimeDeps,
  tenantId: string,
): Promise<{ connectionId: string; secret: string }> {
  const saved = await saveLimeConnection(deps, {
    tenantId,
    input: {
      baseUrl: 'http://127.0.0.1:4010',
      auth: { mode: 'token', token: 'lime-token-1234' },
      installationId: 2,
      cashdeskId: 10,
    },
  });
  return { connectionId: saved.row.id, secret: saved.webhookSecret };
}
