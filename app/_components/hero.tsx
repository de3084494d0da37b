import type { Dictionary } from '@/lib/i18n';
import { ButtonLink } from './button-link';
import { Card } from './card';
import { FlowDiagram } from './flow-diagram';

/** What the app is, in two sentences and one picture; the page's single primary action. */
export function Hero({ t, sandbox }: { t: Dictionary; sandbox: boolean }) {
  const h = t.hero;
  return (
    <Card className="grid items-center gap-6 p-4 sm:p-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,420px)] lg:gap-10">
      <div className="min-w-0">
        <p className="inline-flex h-6 items-center rounded-full bg-soft-blue px-2.5 text-xs font-medium text-link">
          {h.eyebrow}
        </p>
        <h1 className="mt-3 text-5xl font-light text-fg">{h.title}</h1>
        <p className="mt-3 max-w-2xl text-lg leading-6 text-label">{h.lead}</p>
        <p className="mt-3 max-w-2xl text-description">{h.detail}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <ButtonLink href="#connect" variant="primary">
            {h.howToConnect}
          </ButtonLink>
          {sandbox && <ButtonLink href="/sandbox">{h.openSandbox}</ButtonLink>}
        </div>
      </div>
      <FlowDiagram t={t} />
    </Card>
  );
}
