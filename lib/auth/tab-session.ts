import type { AuthOptions, Session } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { Db } from '@/db/client';
import { mintEmbedToken } from './embed-token';
import { redeemTabCode, type TabClaims, TabCodeError, tabClaimsSchema } from './tab-code';

/**
 * The first-party session of a tab opened from a CRM frame (DESIGN.md "Identity"): next-auth's
 * Credentials provider `tab-code` takes a one-time code (lib/auth/tab-code.ts) and keeps its claims
 * in next-auth's encrypted JWT cookie for 8 hours. A page of the tab turns the session into an embed
 * token (the same the frames hold), so the embedded APIs serve the tab unchanged.
 */

export const TAB_PROVIDER_ID = 'tab-code';
const SESSION_SECONDS = 8 * 3600;

export interface TabAuthDeps {
  db: Db;
  tabCodeKey: Uint8Array;
  embedKey: Uint8Array;
  secret: string;
  appUrl: string;
  tenantActive(tenantId: string): Promise<boolean>;
}

/** The Credentials provider's check: the code's user, once, while the tenant is connected; else null. */
export async function authorizeTabCode(
  deps: TabAuthDeps,
  code: string | undefined,
): Promise<{ id: string; claims: TabClaims } | null> {
  if (!code) return null;
  try {
    const claims = await redeemTabCode(deps.db, deps.tabCodeKey, code, deps.tenantActive);
    return { id: `${claims.tenantId}:${claims.userId}`, claims };
  } catch (error) {
    if (error instanceof TabCodeError) return null;
    throw error;
  }
}

export function tabAuthOptions(deps: TabAuthDeps): AuthOptions {
  return {
    secret: deps.secret,
    session: { strategy: 'jwt', maxAge: SESSION_SECONDS },
    pages: { signIn: '/open', error: '/open' },
    providers: [
      Credentials({
        id: TAB_PROVIDER_ID,
        name: 'CRM',
        credentials: { code: { type: 'text' } },
        authorize: (credentials) => authorizeTabCode(deps, credentials?.code),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        const claims = (user as { claims?: TabClaims } | undefined)?.claims;
        return claims ? { ...token, claims } : token;
      },
      session({ session, token }) {
        return { ...session, claims: token.claims } as Session;
      },
    },
  };
}

export interface TabPage {
  token: string;
  crm: TabClaims['crm'];
  locale: TabClaims['locale'];
}

/** The embed token for a tab's page from its session, or null (none, or its tenant is gone). */
export async function tabPageFromSession(
  deps: TabAuthDeps,
  session: Session | null,
): Promise<TabPage | null> {
  const parsed = tabClaimsSchema.safeParse((session as { claims?: unknown } | null)?.claims);
  if (!parsed.success) return null;
  const claims = parsed.data;
  if (!(await deps.tenantActive(claims.tenantId))) return null;
  const token = await mintEmbedToken(deps.embedKey, { ...claims, entity: null, hostOrigin: deps.appUrl });
  return { token, crm: claims.crm, locale: claims.locale };
}
