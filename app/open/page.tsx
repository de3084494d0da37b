import { pickLocale } from '@/lib/i18n';
import { OpenTab } from './open-tab';

export const dynamic = 'force-dynamic';

/** Where "Open in a new tab" lands: the one-time code (in the fragment) becomes a session. */
export default async function OpenTabPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <OpenTab locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} />;
}
