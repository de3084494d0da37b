import { z } from 'zod';
import { claimEffect } from '@/db/queries/effects';
import { findTenant } from '@/db/queries/tenants';
import { MAX_SELECTION, mintEmbedToken } from '@/lib/auth/embed-token';
import { accountBaseUrl } from '@/lib/crm/amocrm/account-url';
import { DisposableTokenError, verifyDisposableToken } from '@/lib/crm/amocrm/disposable-token';
import { InvalidRequestError, UnauthorizedError } from '@/lib/http/errors';
import { frameHostQuery } from '@/lib/http/frame-host';
import { type AmocrmDeps, requireKeys } from './deps';

/**
 * POST /api/amocrm/embed-session: the widget's `$authorizedAjax` sends amoCRM's disposable token
 * (X-Auth-Token); once it is verified (signature, audience, time, our client id, a connected account,
 * a `jti` not used before) we answer with our embed token for the page the widget frames.
 */

const bodySchema = z.union([
  z.object({ entity: z.enum(['leads', 'contacts']), id: z.coerce.number().int().positive() }),
  z.object({
    entity: z.enum(['leads', 'contacts']),
    ids: z.array(z.coerce.number().int().positive()).min(1).max(MAX_SELECTION),
  }),
  z.object({ entity: z.literal('settings') }),
]);

/** The widget sends the user's amoCRM language (`AMOCRM.lang_id`); the browser's Accept-Language is the fallback. */
const langSchema = z.object({ lang: z.enum(['ru', 'en']) });

const PAGES = {
  leads: '/amocrm/lead',
  contacts: '/amocrm/contact',
  settings: '/amocrm/settings',
  selection: '/amocrm/selection',
} as const;

export async function openAmocrmEmbedSession(
  deps: AmocrmDeps & { embedKey: Uint8Array; frameHostKey: Buffer },
  params: { token: string | null; body: unknown; lang: 'ru' | 'en' },
): Promise<{ token: string; pageUrl: string }> {
  const keys = requireKeys(deps);
  if (!params.token) throw new UnauthorizedError('The X-Auth-Token header is required');
  let claims: Awaited<ReturnType<typeof verifyDisposableToken>>;
  try {
    claims = await verifyDisposableToken(params.token, keys);
  } catch (error) {
    if (error instanceof DisposableTokenError) throw new UnauthorizedError(error.message);
    throw error;
  }
  const tenant = await findTenant(deps.database.db, {
    kind: 'amocrm',
    externalId: String(claims.account_id),
  });
  if (tenant?.status !== 'active') throw new UnauthorizedError('This amoCRM account is not connected');
  if (new URL(claims.iss.includes('://') ? claims.iss : `https://${claims.iss}`).host !== tenant.domain) {
    throw new UnauthorizedError('The token was issued by another account host');
  }
  const first = await claimEffect(deps.database.db, {
    tenantId: tenant.id,
    key: `amocrm-jti:${claims.jti}`,
    kind: 'amocrm-jti',
  });
  if (!first) throw new UnauthorizedError('This amoCRM token was used already');
  const parsed = bodySchema.safeParse(params.body);
  if (!parsed.success) throw new InvalidRequestError('Say which card: { entity: "leads" | "contacts", id }');
  const body = parsed.data;
  const chosen = langSchema.safeParse(params.body);
  const locale = chosen.success ? chosen.data.lang : params.lang;
  const type = body.entity === 'leads' ? ('lead' as const) : ('contact' as const);
  const entity = 'id' in body ? { type, id: String(body.id) } : null;
  const selection = 'ids' in body ? { type, ids: [...new Set(body.ids)].map(String) } : undefined;
  const hostOrigin = accountBaseUrl(tenant.domain, deps.allowHttpLoopback) ?? `https://${tenant.domain}`;
  const token = await mintEmbedToken(deps.embedKey, {
    tenantId: tenant.id,
    crm: 'amocrm',
    userId: String(claims.user_id),
    admin: claims.is_admin,
    locale,
    entity,
    ...(selection ? { selection } : {}),
    hostOrigin,
  });
  const query = new URLSearchParams({ lang: locale, ...frameHostQuery(deps.frameHostKey, hostOrigin) });
  const page = selection ? PAGES.selection : PAGES[body.entity];
  return { token, pageUrl: `${page}?${query}` };
}
