'use client';

import { useEffect, useState } from 'react';
import { fetchEmbedded } from '../_components/use-embed-session';

const DEBOUNCE_MS = 250;

/**
 * Results of one of our search APIs for what is typed, a moment after the typing stops; a
 * stale answer (the text changed meanwhile) is dropped. `enabled` false: nothing is asked.
 */
export function useSearch<T>(
  token: string,
  path: (query: string) => string,
  pick: (answer: unknown) => T[],
  query: string,
  enabled = true,
): { results: T[]; searching: boolean; error: string | null } {
  const [results, setResults] = useState<T[]>([]);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `path` and `pick` are fixed per caller
  useEffect(() => {
    if (!enabled) return;
    let stale = false;
    setSearching(true);
    const timer = setTimeout(() => {
      fetchEmbedded<unknown>(path(query.trim()), token)
        .then((answer) => {
          if (stale) return;
          setResults(pick(answer));
          setError(null);
        })
        .catch((e: Error) => !stale && setError(e.message))
        .finally(() => !stale && setSearching(false));
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [token, query, enabled]);
  return { results, searching, error };
}
