import Link from 'next/link';
import type { ReactNode } from 'react';
import { cn } from './cn';

type Variant = 'primary' | 'secondary' | 'tinted';

// Bitrix24 Air buttons, size md: 34 px high, 13 px side padding, 10 px radius, 14 px weight 500.
const VARIANTS: Record<Variant, string> = {
  primary: 'bg-primary text-on-accent hover:brightness-95',
  secondary: 'border-[1.5px] border-stroke bg-surface text-label hover:bg-surface-2 hover:text-fg',
  tinted: 'bg-soft-blue text-link hover:brightness-[.97]',
};

/**
 * A link that looks like a button. Use `primary` at most once per page. No prefetch: every page here
 * renders per request, so prefetching would only cost server renders (and reach pages not built yet).
 */
export function ButtonLink({
  href,
  variant = 'secondary',
  className,
  children,
}: {
  href: string;
  variant?: Variant;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link
      href={href}
      prefetch={false}
      className={cn(
        'inline-flex min-h-[34px] items-center justify-center gap-1.5 rounded-md px-[13px] py-1.5 text-center text-base font-medium transition',
        VARIANTS[variant],
        className,
      )}
    >
      {children}
    </Link>
  );
}
