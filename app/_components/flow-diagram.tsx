import type { ReactNode } from 'react';
import type { Dictionary } from '@/lib/i18n';
import { cn } from './cn';

/*
 * Lime ⇄ this app ⇄ Bitrix24 / amoCRM, drawn with boxes and SVG arrows. It is laid out top to bottom
 * so it reads the same in the hero column at 1280 px and on a 375 px phone. The boxes are real text.
 */

type Tone = 'lime' | 'app' | 'bitrix24' | 'amocrm';

const BADGE: Record<Tone, string> = {
  lime: 'bg-success',
  app: 'bg-primary',
  bitrix24: 'bg-link',
  amocrm: 'bg-warning',
};

function Glyph({ tone }: { tone: Tone }) {
  if (tone === 'bitrix24' || tone === 'amocrm') {
    return (
      <span aria-hidden="true" className="text-xs font-bold text-on-accent">
        {tone === 'bitrix24' ? '24' : 'amo'}
      </span>
    );
  }
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      className="size-6 fill-none stroke-on-accent"
      strokeWidth="1.8"
    >
      {tone === 'lime' ? (
        <>
          <circle cx="12" cy="12" r="8" />
          <path d="M12 4.5v15M5.5 8.25l13 7.5M5.5 15.75l13-7.5" strokeLinecap="round" />
        </>
      ) : (
        <path
          d="M6 9.5h12m-3.5-3.5L18 9.5 14.5 13M18 14.5H6m3.5-3.5L6 14.5 9.5 18"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
}

function Node({
  tone,
  title,
  note,
  stacked,
}: {
  tone: Tone;
  title: string;
  note?: string;
  stacked?: boolean;
}) {
  return (
    <div
      className={cn(
        'flex items-center rounded-md bg-surface p-3',
        tone === 'app' ? 'border-[1.5px] border-primary' : 'border border-stroke',
        stacked ? 'flex-col gap-2 text-center' : 'gap-3',
      )}
    >
      <span className={cn('flex size-10 shrink-0 items-center justify-center rounded-full', BADGE[tone])}>
        <Glyph tone={tone} />
      </span>
      <span className="min-w-0">
        <span className="block text-lg font-medium text-fg">{title}</span>
        {note && <span className="block text-xs text-description">{note}</span>}
      </span>
    </div>
  );
}

/** Two vertical arrows, down and up, with what travels each way beside them. */
function TwoWayLink({ down, up }: { down: string; up: string }) {
  return (
    <div className="grid grid-cols-[1fr_auto_1fr] items-center gap-3 py-1.5">
      <span className="text-right text-xs text-description">{down}</span>
      <svg
        viewBox="0 0 28 44"
        aria-hidden="true"
        className="h-11 w-7 fill-none stroke-description"
        strokeWidth="1.5"
      >
        <path d="M9 2v38m-4-4 4 4 4-4M19 42V4m-4 4 4-4 4 4" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="text-xs text-description">{up}</span>
    </div>
  );
}

/** From the app down to both CRMs: one stem forking into two two-way arrows. */
function Fork() {
  return (
    <svg
      viewBox="0 0 320 40"
      aria-hidden="true"
      className="block h-auto w-full fill-none stroke-description"
      strokeWidth="1.5"
    >
      <path
        d="M160 2v14M78 16h164M78 16v20m-4-4 4 4 4-4M242 16v20m-4-4 4 4 4-4M156 6l4-4 4 4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function FlowDiagram({ t }: { t: Dictionary }): ReactNode {
  const d = t.diagram;
  return (
    <figure className="rounded-md bg-surface-3 p-3 sm:p-5">
      <figcaption className="sr-only">{d.label}</figcaption>
      <Node tone="lime" title={d.lime} note={d.limeNote} />
      <TwoWayLink down={d.toCrm} up={d.toLime} />
      <Node tone="app" title={d.app} note={d.appNote} />
      <Fork />
      <div className="grid grid-cols-2 gap-3">
        <Node tone="bitrix24" title={d.bitrix24} stacked />
        <Node tone="amocrm" title={d.amocrm} stacked />
      </div>
      <p className="mt-2 text-center text-xs text-description">{d.crmNote}</p>
    </figure>
  );
}
