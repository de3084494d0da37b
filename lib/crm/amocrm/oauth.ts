import { z } from 'zod';
import { parseJsonOrNull } from '@/lib/domain/parse-json';
import { guardedFetch } from '@/lib/http/guarded-http';
import { amocrmAccountPolicy } from '@/lib/http/url-guard';
import { type ExchangeRecorder, loggedFetch } from '@/lib/rest-log/recorder';
import { AmocrmApiError, AmocrmReconnectRequiredError } from './errors';

/**
 * amoCRM's token endpoint (reference/amocrm.md §2.2): `POST {account}/oauth2/access_token`, JSON,
 * with our redirect URI exactly as registered. Codes live 20 minutes and are single-use; refresh
 * tokens are single-use too (a spent one answers 401 "Token has been revoked").
 */

export interface IntegrationKeys {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

const tokenSchema = z.object({
  token_type: z.string(),
  expires_in: z.coerce.number().int().positive(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
});

export interface AmocrmTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

async function tokenRequest(
  baseUrl: string,
  body: Record<string, string>,
  allowHttpLoopback: boolean,
  restLog?: ExchangeRecorder,
): Promise<AmocrmTokens> {
  const url = `${baseUrl}/oauth2/access_token`;
  const requestBody = JSON.stringify(body);
  const { response, text } = await loggedFetch(
    restLog?.({ method: 'POST', operation: '/oauth2/access_token', url, requestBody }),
    async () =>
      (await guardedFetch(url, {
        policy: amocrmAccountPolicy({ allowHttpLoopback }),
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: requestBody,
        timeoutMs: 15_000,
        maxRedirects: 0,
      })) as unknown as Response,
  );
  const json = parseJsonOrNull(text);
  if (response.status === 401 || response.status === 400) {
    const hint =
      (json as { hint?: string; detail?: string } | null)?.hint ??
      (json as { detail?: string } | null)?.detail;
    throw new AmocrmReconnectRequiredError(hint ?? `HTTP ${response.status}`);
  }
  const parsed = tokenSchema.safeParse(json);
  if (!response.ok || !parsed.success)
    throw new AmocrmApiError('/oauth2/access_token', response.status, 'no token pair');
  return {
    accessToken: parsed.data.access_token,
    refreshToken: parsed.data.refresh_token,
    expiresAt: Date.now() + parsed.data.expires_in * 1000,
  };
}

export function exchangeCode(
  baseUrl: string,
  keys: IntegrationKeys,
  code: string,
  allowHttpLoopback: boolean,
): Promise<AmocrmTokens> {
  return tokenRequest(
    baseUrl,
    {
      client_id: keys.clientId,
      client_secret: keys.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: keys.redirectUri,
    },
    allowHttpLoopback,
  );
}

export function refreshAccessToken(
  baseUrl: string,
  keys: IntegrationKeys,
  refreshToken: string,
  allowHttpLoopback: boolean,
  /** The tenant's REST log. */
  restLog?: ExchangeRecorder,
): Promise<AmocrmTokens> {
  return tokenRequest(
    baseUrl,
    {
      client_id: keys.clientId,
      client_secret: keys.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      redirect_uri: keys.redirectUri,
    },
    allowHttpLoopback,
    restLog,
  );
}
