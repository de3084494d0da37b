import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { getCredential, putCredential } from '@/db/queries/credentials';
import {
  getLimeConnection,
  type LimeConnectionRow,
  recordConnectionCheck,
  upsertLimeConnection,
} from '@/db/queries/lime-connections';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { assertUrlAllowed, publicHostPolicy, UrlGuardError } from '@/lib/http/url-guard';
import { type LimeAuth, type LimeConnection, limeConnectionSchema } from '@/lib/lime/connection';
import type { ConnectionCheck, LimeGateway } from '@/lib/lime/gateway';
import { createHttpLimeGateway } from '@/lib/lime/http/create-gateway';
import { acquire } from '@/lib/queue/rate-limiter';
import { exchangeRecorder } from '@/lib/rest-log/recorder';
import { identityCache } from '../identity-cache';
import { countedGateway } from './counted-gateway';
import { databaseTokenStore } from './token-store';

/** A tenant's Lime connections: stored with their secrets encrypted, and turned into gateways. */

export interface LimeDeps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
}

const authKind = (connectionId: string) => `lime:${connectionId}`;
const webhookKind = (connectionId: string) => `lime-webhook:${connectionId}`;

export interface WebhookIdentity {
  connection: { id: string; tenantId: string };
  secret: string;
}

/** A webhook's connection and secret (identity-cache.ts); unknown and disabled ones are not kept. */
export const limeWebhookIdentities = identityCache<WebhookIdentity>('lime-webhook', 30_000);

export async function saveLimeConnection(
  deps: LimeDeps,
  params: { tenantId: string; input: unknown },
): Promise<{ row: LimeConnectionRow; webhookSecret: string }> {
  const connection = limeConnectionSchema.parse(params.input);
  try {
    assertUrlAllowed(
      connection.baseUrl,
      publicHostPolicy({ allowHttpLoopback: deps.allowHttpLoopback, allowHttp: connection.allowHttp }),
    );
  } catch (error) {
    if (error instanceof UrlGuardError)
      throw new InvalidRequestError(`Lime address refused: ${error.message}`);
    throw error;
  }
  const db = deps.database.db;
  const { auth, baseUrl, ...ids } = connection;
  const row = await upsertLimeConnection(db, {
    tenantId: params.tenantId,
    fields: { baseUrl, authMode: auth.mode, ...ids },
  });
  await putCredential(db, deps.secrets, { tenantId: params.tenantId, kind: authKind(row.id), secret: auth });
  const webhookSecret =
    (await limeWebhookSecret(deps, { tenantId: params.tenantId, connectionId: row.id })) ??
    randomBytes(32).toString('base64url');
  await putCredential(db, deps.secrets, {
    tenantId: params.tenantId,
    kind: webhookKind(row.id),
    secret: webhookSecret,
  });
  limeWebhookIdentities.forget(deps.database); // saving may have disabled the tenant's other connections
  return { row, webhookSecret };
}

export async function limeWebhookSecret(
  deps: LimeDeps,
  params: { tenantId: string; connectionId: string },
): Promise<string | null> {
  const stored = await getCredential<string>(deps.database.db, deps.secrets, {
    tenantId: params.tenantId,
    kind: webhookKind(params.connectionId),
  });
  return stored?.secret ?? null;
}

export async function loadLimeConnection(
  deps: LimeDeps,
  params: { tenantId: string; connectionId: string },
): Promise<{ row: LimeConnectionRow; connection: LimeConnection }> {
  const row = await getLimeConnection(deps.database.db, params);
  if (!row) throw new NotFoundError('No such Lime connection');
  const auth = await getCredential<LimeAuth>(deps.database.db, deps.secrets, {
    tenantId: params.tenantId,
    kind: authKind(row.id),
  });
  if (!auth) throw new NotFoundError('The Lime connection has no credentials; enter them again');
  const connection = limeConnectionSchema.parse({
    baseUrl: row.baseUrl,
    auth: auth.secret,
    installationId: row.installationId,
    cashdeskId: row.cashdeskId,
    processingId: row.processingId,
    apiUserId: row.apiUserId,
    depositGoodTypeId: row.depositGoodTypeId,
    bonusGoodTypeId: row.bonusGoodTypeId,
    timeZone: row.timeZone,
    allowHttp: row.allowHttp,
  });
  return { row, connection };
}

/** The gateway for one connection: tokens in the database, every request under the rate limiter. */
export async function limeGatewayFor(
  deps: LimeDeps,
  params: { tenantId: string; connectionId: string },
): Promise<{ gateway: LimeGateway; connection: LimeConnection; row: LimeConnectionRow }> {
  const { row, connection } = await loadLimeConnection(deps, params);
  const gateway = countedGateway(
    createHttpLimeGateway({
      connection,
      allowHttpLoopback: deps.allowHttpLoopback,
      tokenStore: databaseTokenStore({ ...deps, tenantId: params.tenantId, connectionId: row.id }),
      beforeRequest: async () => {
        await acquire(deps.database, { target: 'lime', tenantId: params.tenantId });
      },
      restLog: exchangeRecorder(deps.database, { tenantId: params.tenantId, system: 'lime' }),
    }),
  );
  return { gateway, connection, row };
}

/** "Test connection": a plain verdict, and what the installation offers, remembered. */
export async function testLimeConnection(
  deps: LimeDeps,
  params: { tenantId: string; connectionId: string },
): Promise<ConnectionCheck> {
  const { gateway } = await limeGatewayFor(deps, params);
  const check = await gateway.testConnection();
  await recordConnectionCheck(deps.database.db, {
    ...params,
    capabilities: check.capabilities,
    problem: check.problem,
    credentialsRefused: check.reachable && !check.authenticated,
  });
  return check;
}
