import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LOCALES, type Locale } from '@/lib/i18n';
import { Card } from '../../_components/card';
import { SiteShell } from '../../_components/site-shell';
import { getRequestDictionary, getRequestLocale } from '../../_lib/request-locale';
import { loadDoc } from './load-doc';
import { firstHeading, renderMarkdown } from './render-markdown';

interface DocPageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ lang?: string | string[] }>;
}

/** The guide's language: `?lang=` (links between guides carry it), else the reader's. */
async function guideLocale(searchParams: DocPageProps['searchParams'], reader: Locale): Promise<Locale> {
  const { lang } = await searchParams;
  return LOCALES.find((l) => l === lang) ?? reader;
}

export async function generateMetadata({ params, searchParams }: DocPageProps): Promise<Metadata> {
  const locale = await guideLocale(searchParams, await getRequestLocale());
  const source = await loadDoc((await params).slug, locale);
  return { title: (source && firstHeading(source)) ?? undefined };
}

/** A guide from docs/<slug>.md (or its .ru.md translation), rendered as simple HTML inside the site frame. */
export default async function DocPage({ params, searchParams }: DocPageProps) {
  const { slug } = await params;
  const { locale: reader, t } = await getRequestDictionary();
  const source = await loadDoc(slug, await guideLocale(searchParams, reader));
  if (source === null) notFound();
  const title = firstHeading(source) ?? slug;
  const current = slug === 'bitrix24' || slug === 'amocrm' ? slug : undefined;

  return (
    <SiteShell t={t} current={current}>
      <nav aria-label={t.docs.breadcrumbLabel} className="mb-4 text-sm text-description">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link href="/" prefetch={false} className="text-link hover:underline">
              {t.docs.home}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>{t.docs.guides}</li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="min-w-0 break-words text-label">
            {title}
          </li>
        </ol>
      </nav>
      <Card className="p-5 sm:p-8">
        <article
          className="markdown max-w-3xl"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown escapes every piece of the source and keeps only safe links (tests/unit/render-markdown.test.ts).
          dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }}
        />
      </Card>
    </SiteShell>
  );
}
