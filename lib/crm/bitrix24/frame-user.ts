import { z } from 'zod';
import type { Database } from '@/db/client';
import { guardedFetch } from '@/lib/http/guarded-http';
import { publicHostPolicy, UrlGuardError } from '@/lib/http/url-guard';
import { acquire } from '@/lib/queue/rate-limiter';

/**
 * Who opened a frame: the frame's AUTH_ID is the current user's access token, so asking the portal
 * for `profile` with it, at the client endpoint stored at install (never one from the request),
 * proves the user and says whether they are an admin (reference §11.21).
 */

const profileSchema = z.object({
  result: z.object({
    ID: z.coerce.string(),
    ADMIN: z.boolean().optional(),
    NAME: z.string().nullish(),
    LAST_NAME: z.string().nullish(),
  }),
});

export interface FrameUser {
  id: string;
  admin: boolean;
  name: string;
}

export interface FrameCallParams {
  database: Database;
  tenantId: string;
  clientEndpoint: string;
  accessToken: string;
  allowHttpLoopback: boolean;
  allowHttp?: boolean;
}

/** One REST call with the frame user's own token (their permissions); null when refused or unreachable. */
async function callAsFrameUser(
  params: FrameCallParams,
  method: string,
  body: Record<string, unknown> = {},
): Promise<unknown> {
  await acquire(params.database, { target: 'bitrix24', tenantId: params.tenantId });
  let response: Response;
  try {
    response = (await guardedFetch(`${params.clientEndpoint}${method}`, {
      policy: publicHostPolicy({ allowHttpLoopback: params.allowHttpLoopback, allowHttp: params.allowHttp }),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, auth: params.accessToken }),
      timeoutMs: 10_000,
      maxRedirects: 0,
    })) as unknown as Response;
  } catch (error) {
    if (error instanceof UrlGuardError) return null;
    throw error;
  }
  const json = await response.json().catch(() => null);
  return response.ok ? json : null;
}

export async function confirmFrameUser(params: FrameCallParams): Promise<FrameUser | null> {
  const parsed = profileSchema.safeParse(await callAsFrameUser(params, 'profile'));
  if (!parsed.success) return null;
  const user = parsed.data.result;
  return {
    id: user.ID,
    admin: user.ADMIN === true,
    name: [user.NAME, user.LAST_NAME].filter(Boolean).join(' '),
  };
}

const dealSchema = z.object({ result: z.object({ item: z.object({ id: z.coerce.string() }) }) });

/**
 * Whether the frame's user may see this deal: what a page our own frame opened (a slider) names
 * comes from our page's script, not the portal, so the portal is asked with the user's token.
 */
export async function frameUserSeesDeal(params: FrameCallParams & { dealId: string }): Promise<boolean> {
  const parsed = dealSchema.safeParse(
    await callAsFrameUser(params, 'crm.item.get', { entityTypeId: 2, id: Number(params.dealId) }),
  );
  return parsed.success && parsed.data.result.item.id === params.dealId;
}
