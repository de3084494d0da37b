import type { Dictionary } from '@/lib/i18n';
import { ButtonLink } from './button-link';
import { Card } from './card';
import { LineIcon } from './feature-icon';
import { StatusPill } from './status-pill';

const SANDBOX_ICON =
  'M9.5 3.5h5M10.5 3.5v5.2L5 18.2a1.5 1.5 0 0 0 1.3 2.3h11.4a1.5 1.5 0 0 0 1.3-2.3l-5.5-9.5V3.5M7.5 14.5h9';

/** Where the sandbox is, whether it is on, and why. */
export function SandboxPanel({ t, on }: { t: Dictionary; on: boolean }) {
  const s = t.sandbox;
  return (
    <section aria-labelledby="sandbox-title">
      <Card className="flex flex-col gap-4 p-5 sm:flex-row sm:items-start sm:p-6">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-soft-blue text-link">
          <LineIcon d={SANDBOX_ICON} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h2 id="sandbox-title" className="text-3xl font-light text-fg">
              {s.title}
            </h2>
            <StatusPill tone={on ? 'positive' : 'neutral'}>{on ? t.status.on : t.status.off}</StatusPill>
          </div>
          <p className="mt-2 max-w-3xl text-label">{on ? s.onText : s.offText}</p>
          {on && <p className="mt-2 max-w-3xl text-sm text-description">{s.tryIt}</p>}
        </div>
        {on && (
          <ButtonLink href="/sandbox" variant="tinted" className="self-start">
            {s.open}
          </ButtonLink>
        )}
      </Card>
    </section>
  );
}
