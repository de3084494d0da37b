'use client';

import { useEffect, useState } from 'react';

/**
 * The embed token handed over in the URL fragment (#token=…) by the frame route's 303: taken into
 * memory and removed from the address at once, so it never reaches a server log, a Referer or the
 * browser history. Held only in memory: no third-party cookies, no storage.
 */
export function useEmbedToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const hash = new URLSearchParams(window.location.hash.slice(1));
    const found = hash.get('token');
    if (found) window.history.replaceState(null, '', window.location.pathname + window.location.search);
    setToken(found);
  }, []);
  return token;
}

export class EmbedApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls one of our embedded APIs with the bearer token; errors keep the envelope's message. */
export async function fetchEmbedded<T>(
  path: string,
  token: string,
  init: { method?: 'GET' | 'PUT' | 'POST'; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok)
    throw new EmbedApiError(response.status, body?.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

export type Loaded<T> =
  | { phase: 'loading' }
  | { phase: 'ready'; data: T }
  | { phase: 'error'; message: string };

/** GETs one embedded API once the token is known; without a token, says how to open the page. */
export function useEmbeddedData<T>(path: string, noSessionMessage: string): Loaded<T> {
  return useTokenData<T>(useEmbedToken(), path, noSessionMessage);
}

/**
 * The same with a token the page already holds (a page that calls several APIs takes the token
 * once: it leaves the address at the first read). `reload` changed: read again, keeping what is shown.
 */
export function useTokenData<T>(
  token: string | null | undefined,
  path: string,
  noSessionMessage: string,
  reload = 0,
): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ phase: 'loading' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` only asks for a new read
  useEffect(() => {
    if (token === undefined) return;
    if (token === null) {
      setState({ phase: 'error', message: noSessionMessage });
      return;
    }
    fetchEmbedded<T>(path, token)
      .then((data) => setState({ phase: 'ready', data }))
      .catch((error: Error) => setState({ phase: 'error', message: error.message }));
  }, [token, path, noSessionMessage, reload]);
  return state;
}
