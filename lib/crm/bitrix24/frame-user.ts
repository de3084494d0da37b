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

export async function confirmFrameUser(params: {
  database: Database;
  tenantId: string;
  clientEndpoint: string;
  accessToken: string;
  allowHttpLoopback: boolean;
  allowHttp?: boolean;
}): Promise<FrameUser | null> {
  await acquire(params.database, { target: 'bitrix24', tenantId: params.tenantId });
  let response: Response;
  try {
    response = (await guardedFetch(`${params.clientEndpoint}profile`, {
      policy: publicHostPolicy({ allowHttpLoopback: params.allowHttpLoopback, allowHttp: params.allowHttp }),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: params.accessToken }),
      timeoutMs: 10_000,
      maxRedirects: 0,
    })) as unknown as Response;
  } catch (error) {
    if (error instanceof UrlGuardError) return null;
    throw error;
  }
  if (response.status === 401) return null;
  const parsed = profileSchema.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success) return null;
  const user = parsed.data.result;
  return {
    id: user.ID,
    admin: user.ADMIN === true,
    name: [user.NAME, user.LAST_NAME].filter(Boolean).join(' '),
  };
}
