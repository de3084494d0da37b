import { cn } from './cn';

type Tone = 'positive' | 'neutral' | 'warning';

const TONES: Record<Tone, { pill: string; dot: string }> = {
  positive: { pill: 'bg-soft-green', dot: 'bg-success' },
  neutral: { pill: 'bg-surface-3', dot: 'bg-muted' },
  warning: { pill: 'bg-soft-orange', dot: 'bg-warning' },
};

/** A small rounded status label with a coloured dot; the text carries the meaning, not the colour. */
export function StatusPill({ tone, children }: { tone: Tone; children: string }) {
  const { pill, dot } = TONES[tone];
  return (
    <span
      className={cn(
        'inline-flex h-6 items-center gap-1.5 rounded-full px-2.5 text-xs font-medium text-fg',
        pill,
      )}
    >
      <span aria-hidden="true" className={cn('size-2 rounded-full', dot)} />
      {children}
    </span>
  );
}
