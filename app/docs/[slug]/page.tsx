import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '../../_components/card';
import { SiteShell } from '../../_components/site-shell';
import { getRequestDictionary } from '../../_lib/request-locale';
import { loadDoc } from './load-doc';
import { firstHeading, renderMarkdown } from './render-markdown';

interface DocPageProps {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: DocPageProps): Promise<Metadata> {
  const source = await loadDoc((await params).slug);
  return { title: (source && firstHeading(source)) ?? undefined };
}

/** A guide from docs/<slug>.md, rendered as simple HTML inside the site frame. */
export default async function DocPage({ params }: DocPageProps) {
  const { slug } = await params;
  const [source, { t }] = await Promise.all([loadDoc(slug), getRequestDictionary()]);
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
