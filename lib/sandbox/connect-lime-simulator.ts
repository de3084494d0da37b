import type { LimeSimulator } from '@/lib/simulators/lime';
import { type LimeDeps, limeGatewayFor, saveLimeConnection } from '@/lib/sync/lime/connections';

/**
 * Connects a tenant to a running Lime simulator exactly as an admin connects a real Lime: the
 * connection saved (URL guard, secrets encrypted) and, given our webhook base URL, a webhook
 * subscribed in Lime with the connection's secret. Used by the sandbox, tests and benchmarks.
 */
export async function connectTenantToLimeSimulator(
  deps: LimeDeps,
  params: { tenantId: string; sim: LimeSimulator; webhookBaseUrl?: string },
): Promise<{ connectionId: string; webhookSecret: string; webhookUrl: string | null }> {
  const { sim } = params;
  const { row, webhookSecret } = await saveLimeConnection(deps, {
    tenantId: params.tenantId,
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
  if (!params.webhookBaseUrl) return { connectionId: row.id, webhookSecret, webhookUrl: null };
  const webhookUrl = `${params.webhookBaseUrl.replace(/\/+$/, '')}/api/lime/webhook/${row.id}`;
  const { gateway } = await limeGatewayFor(deps, { tenantId: params.tenantId, connectionId: row.id });
  await gateway.subscribeWebhook({ url: webhookUrl, secret: webhookSecret });
  return { connectionId: row.id, webhookSecret, webhookUrl };
}
