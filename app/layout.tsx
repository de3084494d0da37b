import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getRequestDictionary, getRequestLocale } from './_lib/request-locale';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getRequestDictionary();
  return {
    title: { default: 'Lime ↔ CRM', template: '%s · Lime ↔ CRM' },
    description: t.meta.description,
  };
}

/**
 * The root layout: language from Accept-Language, Bitrix24 theme, system fonts, nothing external.
 * It awaits headers(), so every page renders per request and picks up the CSP nonce.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getRequestLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh bg-page font-sans text-base text-fg antialiased">{children}</body>
    </html>
  );
}
