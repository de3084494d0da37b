import { cn } from './cn';

/** The app's mark: a blue tile with a two-way arrow (Lime ↔ CRM). Decorative. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={cn('shrink-0', className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path
        d="M9 12.5h14m-4-4 4 4-4 4M23 19.5H9m4-4-4 4 4 4"
        fill="none"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="stroke-on-accent"
      />
    </svg>
  );
}
