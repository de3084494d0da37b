import { type NextRouteContext, publicRoute } from '@/lib/http/route';
import { bearerOf, type EmbedClaims, EmbedTokenError, verifyEmbedToken } from './embed-token';

/** What verifies an embed token: the key, and whether its tenant is still connected. */
export interface EmbedAuth {
  key: Uint8Array;
  /** False once the tenant is gone (uninstalled, disconnected, disabled): its open frames stop at once. */
  tenantActive(tenantId: string): Promise<boolean>;
}

/**
 * The route wrapper for pages inside CRM frames: the embed token as `Authorization: Bearer`,
 * verified before the handler runs, its tenant still connected; the handler gets its claims
 * (tenant, user, admin, entity) and must take every id it acts on from them or check it against them.
 */
export function embedRoute<C = NextRouteContext>(
  name: string,
  getAuth: () => Promise<EmbedAuth>,
  handler: (request: Request, context: C, claims: EmbedClaims) => Promise<Response>,
) {
  return publicRoute<C>(name, async (request, context) => {
    const token = bearerOf(request);
    if (!token) throw new EmbedTokenError('A valid embed token is required');
    const auth = await getAuth();
    const claims = await verifyEmbedToken(auth.key, token);
    if (!(await auth.tenantActive(claims.tenantId)))
      throw new EmbedTokenError('This CRM account is no longer connected to the app');
    return handler(request, context, claims);
  });
}
