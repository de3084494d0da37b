import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Dictionary } from '@/lib/i18n';
import { BrandMark } from './brand-mark';
import { cn } from './cn';

type NavKey = 'bitrix24' | 'amocrm' | 'sandbox';

// Links do not prefetch: every page renders per request (see button-link.tsx).
function NavLink({ href, current, children }: { href: string; current?: boolean; children: string }) {
  return (
    <Link
      href={href}
      prefetch={false}
      aria-current={current ? 'page' : undefined}
      className={cn(
        'inline-flex h-8 items-center rounded-sm px-3 text-base font-medium transition',
        current ? 'bg-soft-blue text-link' : 'text-label hover:text-primary',
      )}
    >
      {children}
    </Link>
  );
}

/** The first-party page frame: skip link, header with the brand and guides, main landmark, footer. */
export function SiteShell({
  t,
  current,
  children,
}: {
  t: Dictionary;
  current?: NavKey;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#content"
        className="sr-only focus:not-sr-only focus:absolute focus:top-3 focus:left-4 focus:z-10 focus:rounded-sm focus:bg-surface focus:px-3 focus:py-2 focus:text-link focus:shadow-bottom-md"
      >
        {t.shell.skipToContent}
      </a>
      <header className="border-b border-stroke bg-surface">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/" prefetch={false} className="flex items-center gap-2.5 text-xl font-semibold text-fg">
            <BrandMark className="size-8" />
            {t.shell.brand}
          </Link>
          <nav aria-label={t.shell.navLabel}>
            <ul className="-mx-3 flex flex-wrap items-center gap-1 sm:mx-0">
              <li>
                <NavLink href="/docs/bitrix24" current={current === 'bitrix24'}>
                  {t.shell.nav.bitrix24}
                </NavLink>
              </li>
              <li>
                <NavLink href="/docs/amocrm" current={current === 'amocrm'}>
                  {t.shell.nav.amocrm}
                </NavLink>
              </li>
              <li>
                <NavLink href="/sandbox" current={current === 'sandbox'}>
                  {t.shell.nav.sandbox}
                </NavLink>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="content" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
      <footer className="mx-auto flex w-full max-w-6xl flex-wrap items-center justify-between gap-2 px-4 pb-8 text-xs text-description sm:px-6">
        <p>{t.shell.footer}</p>
        {/* An API route, not a page: a plain link, so nothing prefetches it. */}
        <a href="/api/health" className="text-link hover:underline">
          {t.shell.healthLink}
        </a>
      </footer>
    </div>
  );
}
