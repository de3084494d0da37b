import type { Loaded } from './use-embed-session';

/** What an embedded page shows while its data loads, or when it could not. */
export function LoadState<T>({
  state,
  loading,
  errorTitle,
}: {
  state: Loaded<T>;
  loading: string;
  errorTitle: string;
}) {
  if (state.phase === 'loading') return <p className="p-4 text-sm text-description">{loading}</p>;
  if (state.phase === 'error') {
    return (
      <section className="rounded-lg bg-surface p-4" role="alert">
        <h1 className="text-xl text-fg">{errorTitle}</h1>
        <p className="mt-1 text-sm text-description">{state.message}</p>
      </section>
    );
  }
  return null;
}
