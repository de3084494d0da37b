import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { Card } from '@/app/_components/card';
import { getRequestLocale } from '@/app/_lib/request-locale';
import { publicLimitWait } from '@/lib/http/public-rate-limit';
import { npsWords } from '@/lib/i18n/nps-words';
import { npsPageState } from '@/lib/mailings/nps-answer';
import { npsDepsFromRuntime } from '@/lib/mailings/nps-runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'NPS', robots: { index: false, follow: false } };

const SCORES = Array.from({ length: 11 }, (_, i) => i);

/**
 * The public NPS page a message links to (`/nps/<sealed token>`): 0–10 and a comment, phone-first,
 * in the CRM's language; a plain form (works without JavaScript) posting to /api/nps/<token>. A
 * tampered or expired link gets a page that says so; an answered one shows the first answer.
 */
export default async function NpsPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  const { token } = await params;
  const { done } = await searchParams;
  const deps = await npsDepsFromRuntime();
  // Over the public limit (lib/http/public-rate-limit) the person gets a page that says so.
  const retryAfter = await publicLimitWait(deps, 'nps', { headers: await headers() }, token);
  if (retryAfter !== null) {
    const w = npsWords(await getRequestLocale());
    return (
      <main className="mx-auto flex min-h-dvh w-full max-w-xl items-start px-3 py-6 sm:items-center sm:py-10">
        <Card className="w-full px-4 py-6 sm:px-8">
          <section data-testid="nps-busy" className="flex flex-col gap-3 text-center">
            <h1 className="text-2xl font-light text-fg">{w.busyTitle}</h1>
            <p className="text-label">{w.busyText(retryAfter)}</p>
          </section>
        </Card>
      </main>
    );
  }
  const state = await npsPageState(deps, token);
  const locale = state.locale ?? (await getRequestLocale());
  const w = npsWords(locale);

  let body: React.ReactNode;
  if (state.kind === 'invalid' || state.kind === 'expired') {
    body = (
      <section data-testid={`nps-${state.kind}`} className="flex flex-col gap-3 text-center">
        <h1 className="text-2xl font-light text-fg">
          {state.kind === 'expired' ? w.expiredTitle : w.invalidTitle}
        </h1>
        <p className="text-label">{state.kind === 'expired' ? w.expiredText : w.invalidText}</p>
      </section>
    );
  } else if (state.kind === 'answered') {
    body = (
      <section data-testid="nps-answered" className="flex flex-col gap-3 text-center">
        <h1 className="text-2xl font-light text-fg">{done ? w.thanks : w.answered}</h1>
        {done ? <p className="text-label">{w.thanksText}</p> : null}
        <p className="text-lg text-fg">{w.yourScore(state.score)}</p>
        {state.comment ? (
          <blockquote className="rounded-md bg-surface-3 px-4 py-3 text-left text-label">
            <span className="sr-only">{w.yourComment}: </span>
            {state.comment}
          </blockquote>
        ) : null}
      </section>
    );
  } else {
    body = (
      <form method="post" action={`/api/nps/${encodeURIComponent(token)}`} className="flex flex-col gap-5">
        <h1 className="text-2xl font-light text-fg">{w.title}</h1>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-base text-fg">{w.question}</legend>
          <div className="grid grid-cols-6 gap-2 sm:grid-cols-11">
            {SCORES.map((score) => (
              <label key={score} className="relative">
                <input
                  type="radio"
                  name="score"
                  value={score}
                  required
                  className="peer absolute inset-0 opacity-0"
                  aria-label={String(score)}
                />
                <span className="flex h-11 cursor-pointer items-center justify-center rounded-md border border-dimmed bg-surface text-base text-fg peer-checked:border-primary peer-checked:bg-primary peer-checked:text-on-accent peer-focus-visible:outline-2 peer-focus-visible:outline-primary">
                  {score}
                </span>
              </label>
            ))}
          </div>
          <div className="flex justify-between text-sm text-description">
            <span>0 — {w.unlikely}</span>
            <span>10 — {w.likely}</span>
          </div>
        </fieldset>
        <label className="flex flex-col gap-1">
          <span className="text-base text-fg">
            {w.commentLabel} <span className="text-sm text-description">({w.commentHint})</span>
          </span>
          <textarea
            name="comment"
            rows={4}
            maxLength={2000}
            className="rounded-md border border-dimmed bg-surface px-3 py-2 text-base text-fg focus:border-primary focus:outline-none"
          />
        </label>
        <button
          type="submit"
          className="h-11 rounded-md bg-primary px-6 text-base font-semibold text-on-accent hover:opacity-90"
        >
          {w.send}
        </button>
      </form>
    );
  }
  return (
    <main
      lang={locale}
      className="mx-auto flex min-h-dvh w-full max-w-xl items-start px-3 py-6 sm:items-center sm:py-10"
    >
      <Card className="w-full px-4 py-6 sm:px-8">{body}</Card>
    </main>
  );
}
