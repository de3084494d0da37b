'use client';

import { useEffect, useState } from 'react';
import { rublesToKopecks } from '@/lib/domain/money';

/** What the bonus forms share: typed rubles → kopecks, a request id per opening, following a job. */

/** "1 500", "12,5", "0.01" → kopecks; anything else (or more than two decimals) → null. */
export function parseRubles(text: string): number | null {
  const compact = text.replace(/[\s\u00a0]/g, '');
  if (!/^\d{1,12}(?:[.,]\d{1,2})?$/.test(compact)) return null;
  return rublesToKopecks(compact);
}

/**
 * A UUID made once per opening of a form and sent with every try: a double click or a resend is the
 * same credit or run. crypto.randomUUID exists only in a secure context; an http portal's frame is not one.
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type Followed<T> = { value: T | null; error: string | null; gaveUp: boolean };

/**
 * Reads `read` every `everyMs` until `finished` says so (or `maxTries` reads), keeping the latest
 * value; a failed read is kept as the error and tried again. A new `read` starts over.
 */
export function useFollow<T>(
  read: (() => Promise<T>) | null,
  finished: (value: T) => boolean,
  everyMs = 1000,
  maxTries = 120,
): Followed<T> {
  const [state, setState] = useState<Followed<T>>({ value: null, error: null, gaveUp: false });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `finished` is a rule, not a trigger
  useEffect(() => {
    if (!read) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ value: null, error: null, gaveUp: false });
    const tick = async (tries: number) => {
      try {
        const value = await read();
        if (stopped) return;
        setState({ value, error: null, gaveUp: false });
        if (finished(value)) return;
      } catch (error) {
        if (stopped) return;
        setState((s) => ({ ...s, error: (error as Error).message }));
      }
      if (tries + 1 >= maxTries) {
        setState((s) => ({ ...s, gaveUp: true }));
        return;
      }
      timer = setTimeout(() => void tick(tries + 1), everyMs);
    };
    void tick(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [read, everyMs, maxTries]);
  return state;
}
