'use client';

import { useCallback, useEffect, useState } from 'react';
import { fetchEmbedded } from '../_components/use-embed-session';

/**
 * A list read newest first from an embedded API answering `{entries, nextCursor}`: the first page
 * is read whenever `query` changes, `load(cursor)` appends the next (older) page, `load(null)` reads
 * the first again.
 */
export function useCursorPages<T>(path: string, query: URLSearchParams, token: string) {
  const [entries, setEntries] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const search = query.toString();

  const load = useCallback(
    async (before: number | null) => {
      setBusy(true);
      setError(null);
      const params = new URLSearchParams(search);
      if (before) params.set('before', String(before));
      try {
        const page = await fetchEmbedded<{ entries: T[]; nextCursor: number | null }>(
          `${path}?${params}`,
          token,
        );
        setEntries((shown) => (before ? [...(shown ?? []), ...page.entries] : page.entries));
        setCursor(page.nextCursor);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [path, search, token],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  return { entries, cursor, busy, error, setError, load };
}
