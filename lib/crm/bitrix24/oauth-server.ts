import { z } from 'zod';
import { parseJsonOrNull } from '@/lib/domain/parse-json';
import { guardedFetch } from '@/lib/http/guarded-http';
import { bitrix24OAuthPolicy, UrlGuardError } from '@/lib/http/url-guard';
import { type ExchangeRecorder, loggedFetch } from '@/lib/rest-log/recorder';
import { Bitrix24ReinstallRequiredError, Bitrix24UnverifiedError } from './errors';

/**
 * The two calls we make to Bitrix24's authorization server (oauth.bitrix.info for .com portals,
 * oauth.bitrix24.tech for .ru: never hard-coded, always the portal's `server_endpoint`, and only
 * those two hosts — DESIGN.md "Never send a secret to a host we did not verify"):
 * - `app.info` on the authorization server, the trusted check of a token (settings/oauth/simple-way.md):
 *   it names the app the token belongs to (client_id) and the portal (member_id, domain);
 * - `/oauth/token/` with grant_type=refresh_token (settings/oauth/auto-renewal.md): a new pair.
 * Both go through guardedFetch with the OAuth-server policy, so no other host is ever contacted.
 */

export interface OAuthServerOptions {
  serverEndpoint: string;
  allowHttpLoopback: boolean;
}

const originOf = (serverEndpoint: string) => new URL(serverEndpoint).origin;

const appInfoSchema = z.object({
  result: z.object({
    client_id: z.string(),
    member_id: z.string(),
    domain: z.string(),
    user_id: z.coerce.number().int().optional(),
    scope: z.string().optional(),
    status: z.string().optional(),
    install: z.object({ installed: z.boolean() }).partial().optional(),
  }),
});

export interface VerifiedToken {
  clientId: string;
  memberId: string;
  domain: string;
  userId: number | null;
  scope: string;
  status: string;
  installed: boolean | null;
}

/**
 * Confirms `accessToken` with the authorization server and that it belongs to our app on the
 * portal `memberId`. Throws Bitrix24UnverifiedError otherwise (including a refused host).
 */
export async function verifyAccessToken(
  options: OAuthServerOptions & { accessToken: string; clientId: string; memberId: string },
): Promise<VerifiedToken> {
  let response: Response;
  try {
    response = (await guardedFetch(`${originOf(options.serverEndpoint)}/rest/app.info`, {
      policy: bitrix24OAuthPolicy(options),
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ auth: options.accessToken }).toString(),
      timeoutMs: 10_000,
      maxRedirects: 0,
    })) as unknown as Response;
  } catch (error) {
    if (error instanceof UrlGuardError) throw new Bitrix24UnverifiedError(error.message);
    if (error instanceof TypeError && error.message === 'Invalid URL')
      throw new Bitrix24UnverifiedError('the server endpoint is not a URL');
    throw error;
  }
  const body: unknown = await response.json().catch(() => null);
  const parsed = appInfoSchema.safeParse(body);
  if (!response.ok || !parsed.success) {
    throw new Bitrix24UnverifiedError(`app.info answered ${response.status}`);
  }
  const info = parsed.data.result;
  if (info.client_id !== options.clientId)
    throw new Bitrix24UnverifiedError('the token belongs to another app');
  if (info.member_id !== options.memberId)
    throw new Bitrix24UnverifiedError('the token belongs to another portal');
  return {
    clientId: info.client_id,
    memberId: info.member_id,
    domain: info.domain,
    userId: info.user_id ?? null,
    scope: info.scope ?? '',
    status: info.status ?? 'F',
    installed: info.install?.installed ?? null,
  };
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires: z.coerce.number().optional(),
  expires_in: z.coerce.number().default(3600),
  client_endpoint: z.string().min(1),
  server_endpoint: z.string().min(1),
  member_id: z.string(),
  scope: z.string().default(''),
  status: z.string().default('F'),
  domain: z.string().default(''),
  user_id: z.coerce.number().optional(),
});
export type RefreshedTokens = z.output<typeof tokenSchema>;

/** A new access/refresh pair; the refresh token sent is spent afterwards (they rotate). */
export async function refreshTokens(
  options: OAuthServerOptions & {
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    /** The tenant's REST log. */
    restLog?: ExchangeRecorder;
  },
): Promise<RefreshedTokens> {
  const url = `${originOf(options.serverEndpoint)}/oauth/token/`;
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: options.clientId,
    client_secret: options.clientSecret,
    refresh_token: options.refreshToken,
  }).toString();
  const { response, text } = await loggedFetch(
    options.restLog?.({ method: 'POST', operation: 'oauth/token', url, requestBody: form }),
    async () =>
      (await guardedFetch(url, {
        policy: bitrix24OAuthPolicy(options),
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        timeoutMs: 15_000,
        maxRedirects: 0,
      })) as unknown as Response,
  );
  const body = parseJsonOrNull(text) as { error?: unknown } | null;
  const error = typeof body?.error === 'string' ? body.error : null;
  if (error === 'invalid_grant' || error === 'invalid_client') {
    throw new Bitrix24ReinstallRequiredError(error);
  }
  const parsed = tokenSchema.safeParse(body);
  if (!response.ok || !parsed.success) {
    throw new Error(`Bitrix24 token refresh failed: HTTP ${response.status}${error ? ` ${error}` : ''}`);
  }
  return parsed.data;
}
