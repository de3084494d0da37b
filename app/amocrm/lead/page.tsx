import { pickLocale } from '@/lib/i18n';
import { DealTab } from '../../bitrix24/deal/deal-tab';

/** The amoCRM widget's iframe in the lead card (the widget's embed session sends it here with a token). */
export default async function AmocrmDealTabPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <DealTab locale={pickLocale(typeof params.lang === 'string' ? params.lang : null)} host="amocrm" />;
}
