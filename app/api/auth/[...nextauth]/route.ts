import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { tabAuthOptions } from '@/lib/auth/tab-session';
import { refuseDeclaredBodyOver } from '@/lib/http/json-body';
import { publicRoute } from '@/lib/http/route';
import { tabAuthDepsFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

/** next-auth: a tab's one-time code becomes its first-party session (lib/auth/tab-session.ts). */
const handler = publicRoute<NextAuthContext>('next-auth', async (request, context) => {
  // Its forms are a CSRF token and a code: a body declared larger is refused before next-auth reads it.
  refuseDeclaredBodyOver(request, 8 * 1024);
  return NextAuth(request as NextRequest, context, tabAuthOptions(await tabAuthDepsFromRuntime()));
});

export const GET = handler;
export const POST = handler;
