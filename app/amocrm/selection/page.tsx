import { pickLocale } from '@/lib/i18n';
import { SelectionScreen } from './selection-screen';

/** The amoCRM widget's modal for rows ticked in a contact or lead list (the selection is in the embed token). */
export default async function AmocrmSelectionPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <SelectionScreen locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} />;
}
