import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { createSecretBox, type SecretBox } from '@/lib/crypto/secret-box';
import { createLogger } from '@/lib/log/logger';
import { type LimeSimulator, type LimeSimulatorOptions, startLimeSimulator } from '@/lib/simulators/lime';
import { type LimeDeps, limeGatewayFor, saveLimeConnection } from '@/lib/sync/lime/connections';
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
  options: LimeSimulatorOptions & { secrets?: SecretBox; subscribe?: boolean } = {},
): Promise<LimeFixture> {
  const sim = await startLimeSimulator(options);
  const secrets = options.secrets ?? createSecretBox(randomBytes(32));
  const deps = { database, secrets, allowHttpLoopback: true, log: createLogger({ level: 'silent' }) };
  const tenantId = (await createTenant(database)).id;
  const { row, webhookSecret } = await saveLimeConnection(deps, {
    tenantId,
    input: {
      baseUrl: sim.url,
      auth: { mode: 'token', token: sim.credentials.token },
      installationId: sim.installationId,
      cashdeskId: sim.cashdeskId,
      processingId: sim.processingId,
      apiUserId: sim.apiUserId,
      depositGoodTypeId: sim.depositGoodTypeId,
      bonusGoodTypeId: sim.bonusGoodTypeId,
      timeZone: sim.timeZone,
    },
  });
  const server = await serveHandler(
    limeWebhookHandler(async () => ({ ...deps, enqueue: async () => null })),
    /^\/api\/lime\/webhook\/(?<connectionId>[^/]+)$/,
  );
  const webhookUrl = `${server.url}/api/lime/webhook/${row.id}`;
  if (options.subscribe !== false) {
    const { gateway } = await limeGatewayFor(deps, { tenantId, connectionId: row.id });
    await gateway.subscribeWebhook({ url: webhookUrl, secret: webhookSecret });
  }
  return {
    sim,
    deps,
    tenantId,
    connectionId: row.id,
    webhookUrl,
    async close() {
      await server.close();
      await sim.close();
    },
  };
}
