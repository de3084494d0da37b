import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { tabAuthOptions } from '@/lib/auth/tab-session';
import { tabAuthDepsFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

/** next-auth: a tab's one-time code becomes its first-party session (lib/auth/tab-session.ts). */
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request, context, tabAuthOptions(await tabAuthDepsFromRuntime()));
}

export const GET = handler;
export const POST = handler;
