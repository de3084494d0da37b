'use client';

import type { ReactNode } from 'react';
import { Button } from './fields';
import type { useCursorPages } from './use-cursor-pages';

/** A cursor-paged list's states: the error, loading, empty, its rows and "show more". */
export function CursorList<T extends { id: number }>({
  pages,
  words,
  testIds,
  children,
}: {
  pages: ReturnType<typeof useCursorPages<T>>;
  words: { loading: string; empty: string; more: string };
  testIds: { list: string; more?: string };
  children: (entry: T) => ReactNode;
}) {
  const { entries, error, cursor, busy, load } = pages;
  return (
    <>
      {error && (
        <p className="text-sm text-danger" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="text-sm text-description">{words.loading}</p>
      ) : entries.length === 0 ? (
        <p className="text-sm text-description">{words.empty}</p>
      ) : (
        <ul className="min-w-0" data-testid={testIds.list}>
          {entries.map(children)}
        </ul>
      )}
      {cursor !== null && (
        <Button tone="secondary" disabled={busy} onClick={() => void load(cursor)} data-testid={testIds.more}>
          {words.more}
        </Button>
      )}
    </>
  );
}
