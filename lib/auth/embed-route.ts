import { type NextRouteContext, publicRoute } from '@/lib/http/route';
import { bearerOf, type EmbedClaims, EmbedTokenError, verifyEmbedToken } from './embed-token';

/**
 * The route wrapper for pages inside CRM frames: the embed token as `Authorization: Bearer`,
 * verified before the handler runs; the handler gets its claims (tenant, user, admin, entity) and
 * must take every id it acts on from them or check it against them.
 */
export function embedRoute<C = NextRouteContext>(
  name: string,
  getKey: () => Promise<Uint8Array>,
  handler: (request: Request, context: C, claims: EmbedClaims) => Promise<Response>,
) {
  return publicRoute<C>(name, async (request, context) => {
    const token = bearerOf(request);
    if (!token) throw new EmbedTokenError('A valid embed token is required');
    const claims = await verifyEmbedToken(await getKey(), token);
    return handler(request, context, claims);
  });
}
